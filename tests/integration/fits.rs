//! Scaling-law fits (`fit=power`): recovered from data drawn from known parameters, reported
//! in the console and the summary JSON, refused with too few points, and read by inline
//! values.

use crate::common::{Test, stdout, temp_with};

/// Results of two models drawn from known power laws (`E + A·x^−α`, a little noise), with
/// `n` configurations each.
fn power_law_results(n: usize) -> String {
    let noise = [0.003, -0.002, 0.001, -0.003, 0.002, 0.0, -0.001, 0.002];
    let mut records = Vec::new();
    for (model, e, a, alpha) in [("Alpha", 2.0, 3000.0, 0.35), ("Beta", 2.5, 800.0, 0.3)] {
        for i in 0..n {
            let x = 1e8 * 2.5f64.powi(i as i32);
            let y = (e + a * f64::powf(x, -alpha)) * (1.0 + noise[i % noise.len()]);
            records
                .push(serde_json::json!({"model": model, "flops_per_token": x, "perplexity": y}));
        }
    }
    serde_json::to_string(&records).unwrap()
}

/// `render --fit power` on `r.json` in `dir`: its console output and summary JSON.
fn render_fit(dir: &tempfile::TempDir) -> (String, serde_json::Value) {
    let out = Test::effgraph(dir.path())
        .args(&[
            "render",
            "--results-dir",
            "r.json",
            "--fit",
            "power",
            "--save-summary",
            "-o",
            "fig",
        ])
        .succeeds();
    let summary =
        serde_json::from_slice(&std::fs::read(dir.path().join("fig.json")).unwrap()).unwrap();
    (stdout(&out), summary)
}

#[test]
fn a_power_fit_recovers_known_parameters_and_is_reported() {
    let dir = temp_with(&[("r.json", power_law_results(8).as_bytes())]);
    let (console, summary) = render_fit(&dir);
    assert!(console.contains("Alpha: fit L = "), "{console}");
    assert!(
        console.contains("(Huber δ=0.001, 150 starts, converged, 8 points, residual spread"),
        "{console}"
    );
    let alpha = &summary["fits"]["Alpha"];
    assert_eq!(alpha["form"], "power");
    assert_eq!(alpha["converged"], true);
    assert_eq!(alpha["points"], 8);
    assert!(
        (alpha["alpha"].as_f64().unwrap() - 0.35).abs() < 0.02,
        "{alpha}"
    );
    assert!((alpha["E"].as_f64().unwrap() - 2.0).abs() < 0.1, "{alpha}");
    assert!((summary["fits"]["Beta"]["alpha"].as_f64().unwrap() - 0.3).abs() < 0.02);
    // The known exponent lies inside the bootstrap interval.
    let ci = &alpha["ci"]["alpha"];
    let (low, high) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
    assert!(low <= 0.35 && 0.35 <= high && high - low < 0.2, "{alpha}");
    assert!(
        console.contains("Alpha: fit L = ") && console.contains(", α 95% interval ["),
        "{console}"
    );
}

#[test]
fn too_few_points_get_no_fit_and_say_why() {
    let dir = temp_with(&[("r.json", power_law_results(4).as_bytes())]);
    let (console, summary) = render_fit(&dir);
    assert!(
        console.contains("Alpha: no fit: 4 points; a power law needs at least 5"),
        "{console}"
    );
    assert_eq!(
        summary["fits"]["Alpha"]["refused"],
        "4 points; a power law needs at least 5"
    );
}

/// `<<efficiency_value data fit=alpha model=M>>` is the fitted exponent.
#[test]
fn an_inline_value_reads_a_fitted_parameter() {
    let dir = temp_with(&[("data/r.json", power_law_results(8).as_bytes())]);
    std::fs::write(
        dir.path().join("doc.md"),
        "The exponent is <<efficiency_value data fit=alpha model=Alpha>>.\n",
    )
    .unwrap();
    Test::expand(dir.path(), "doc.md", "out/doc.md").succeeds();
    let text = std::fs::read_to_string(dir.path().join("out/doc.md")).unwrap();
    let value: f64 = text
        .trim()
        .trim_start_matches("The exponent is ")
        .trim_end_matches('.')
        .parse()
        .unwrap_or_else(|_| panic!("{text}"));
    assert!((value - 0.35).abs() < 0.02, "{text}");
}

/// The figure draws each fit and says in its legend what the dashed part is.
#[test]
fn the_legend_names_the_fitted_curves_and_their_extrapolation() {
    if !crate::common::have_tool("pdftotext") {
        return;
    }
    let dir = temp_with(&[("r.json", power_law_results(8).as_bytes())]);
    Test::effgraph(dir.path())
        .args(&[
            "render",
            "--results-dir",
            "r.json",
            "--fit",
            "power",
            "--format",
            "pdf",
            "-o",
            "fig",
        ])
        .succeeds();
    let text = crate::common::pdf_text(&dir.path().join("fig.pdf"));
    assert!(
        text.contains("fitted power law (dashed: extrapolated ×4 beyond the largest run)"),
        "{text}"
    );
}
