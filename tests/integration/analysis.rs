use effgraph::analysis::{AnalysisOptions, Interpolation, analyse};
use effgraph::requirements::Requirements;
use effgraph::results::ResultSet;

use crate::common::fixture;

fn fixture_analysis(reqs: &str, options: AnalysisOptions) -> effgraph::analysis::Analysis {
    let results = ResultSet::load(&fixture("old_layout/results")).unwrap();
    let requirements = Requirements::load(&fixture("old_layout").join(reqs)).unwrap();
    analyse(&results, &requirements, &options).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn hand_checked_stats_and_frontiers() {
    let a = fixture_analysis("reqs.toml", AnalysisOptions::default());
    let rb = a.model("resnetbk").unwrap();
    let s = &rb.stats;
    assert_eq!(s.num_configs, 5);
    assert_eq!((s.best_ppl, s.best_ppl_flops), (28.0, 5e9));
    assert_eq!((s.lowest_flops, s.lowest_flops_ppl), (2e9, 31.0));
    assert!(close(s.mean_ppl, 29.4) && close(s.mean_flops, 3.5e9));
    let frontier: Vec<(f64, f64)> = rb.frontier.iter().map(|p| (p.x, p.y)).collect();
    assert_eq!(
        frontier,
        vec![(2e9, 31.0), (3e9, 29.5), (4e9, 28.5), (5e9, 28.0)]
    );

    let mamba = a.model("mamba").unwrap();
    let s = &mamba.stats;
    assert_eq!((s.best_ppl, s.best_ppl_flops), (32.0, 10e9));
    assert_eq!((s.lowest_flops, s.lowest_flops_ppl), (5e9, 40.0));
    assert!(close(s.mean_ppl, 35.6) && close(s.mean_flops, 7.6e9));
    assert_eq!(mamba.frontier.len(), 4);
}

#[test]
fn a_target_never_reached_is_null_with_a_reason_not_the_nearest_point() {
    let a = fixture_analysis("reqs.toml", AnalysisOptions::default());
    let v = &a.verdicts[0];
    assert_eq!(v.requirement.id, "8.10");
    assert_eq!(v.value, None);
    assert!(!v.met);
    assert_eq!(v.reason, "mamba never reaches PPL 30 (best 32.00)");
    // The default power law: log PPL linear in log FLOPs between (2 G, 31) and (3 G, 29.5).
    let rb = v.candidate.estimate.unwrap();
    let t = (31.0f64 / 30.0).ln() / (31.0f64 / 29.5).ln();
    assert!(close(rb.value, 2e9 * 1.5f64.powf(t)) && rb.interpolated);
    // PPL linear in log FLOPs: t = 2/3.
    let log = AnalysisOptions {
        interpolation: Interpolation::Log,
        ..AnalysisOptions::default()
    };
    let a = fixture_analysis("reqs.toml", log);
    let rb = a.verdicts[0].candidate.estimate.unwrap();
    assert!(close(rb.value, 2e9 * 1.5f64.powf(2.0 / 3.0)) && rb.interpolated);
}

#[test]
fn met_requirements_report_value_threshold_and_both_readings() {
    let a = fixture_analysis("reqs_met.toml", AnalysisOptions::default());
    let ratio = &a.verdicts[0];
    assert_eq!(ratio.value, Some(4.0));
    assert!(ratio.met && !ratio.interpolated);
    assert_eq!(
        ratio.reason,
        "resnetbk 2 GFLOPs, mamba 8 GFLOPs at PPL 34: 4× ≥ 3×"
    );
    let pct = &a.verdicts[1];
    assert!(close(pct.value.unwrap(), 30.0) && pct.met);
    assert_eq!(
        pct.reason,
        "resnetbk PPL 28.00, mamba PPL 40.00 at 5 GFLOPs: 30% ≥ 25%"
    );
}

#[test]
fn equal_flops_readings_interpolate_and_refuse_budgets_below_the_cheapest_config() {
    let options = AnalysisOptions {
        target_x: vec![4.5e9, 7e9],
        ..AnalysisOptions::default()
    };
    let a = fixture_analysis("reqs.toml", options);
    // Models are in order of first appearance: mamba's files sort first.
    let [low, high] = &a.equal_x[..] else {
        panic!("two targets")
    };
    assert_eq!(low.y[0].value(), None);
    assert_eq!(
        low.y[0].reason.as_deref(),
        Some("mamba has no configuration within 4.5 GFLOPs (cheapest 5 GFLOPs)")
    );
    // Power law between (6 G, 37) and (8 G, 34).
    let expected = 37.0 * (34.0f64 / 37.0).powf((7.0f64 / 6.0).ln() / (8.0f64 / 6.0).ln());
    assert!(close(high.y[0].value().unwrap(), expected));
    assert!(high.y[0].interpolated());
    assert_eq!(high.y[1].value(), Some(28.0));
    assert!(!high.y[1].interpolated());
}

#[test]
fn step_mode_uses_measured_points_only() {
    let options = AnalysisOptions {
        interpolation: Interpolation::Step,
        target_y: vec![30.0],
        target_x: vec![7e9],
        ..AnalysisOptions::default()
    };
    let a = fixture_analysis("reqs.toml", options);
    assert_eq!(a.equal_y[0].x[1].value(), Some(3e9));
    assert_eq!(a.equal_x[0].y[0].value(), Some(37.0));
    assert!(!a.equal_y[0].x[1].interpolated());
}

#[test]
fn targets_default_to_the_requirements_then_to_data_quartiles() {
    let a = fixture_analysis("reqs.toml", AnalysisOptions::default());
    let ppl: Vec<f64> = a.equal_y.iter().map(|e| e.target_y).collect();
    let flops: Vec<f64> = a.equal_x.iter().map(|e| e.target_x).collect();
    assert_eq!((ppl, flops), (vec![30.0], vec![5e9]));

    let results = ResultSet::load(&fixture("old_layout/results")).unwrap();
    let a = analyse(
        &results,
        &Requirements::default(),
        &AnalysisOptions::default(),
    )
    .unwrap();
    let ppl: Vec<f64> = a.equal_y.iter().map(|e| e.target_y).collect();
    let flops: Vec<f64> = a.equal_x.iter().map(|e| e.target_x).collect();
    // Pooled frontier PPL: 28 28.5 29.5 31 32 34 37 40 → ranks 2, 4, 6 (28.5 rounds up to 29).
    assert_eq!(ppl, vec![29.0, 31.0, 34.0]);
    // Pooled frontier FLOPs (G): 2 3 4 5 5 6 8 10 → ranks 2, 4, 6.
    assert_eq!(flops, vec![3e9, 5e9, 6e9]);
}
