//! Repeated runs: three seeds per configuration (tests/fixtures/repeats, whose runs are the
//! published Pythia values ± 6%) become means with error bars, every reading and requirement
//! value gets a bootstrap interval, and verdicts are met, not met or inconclusive, with
//! `check`'s exit status following them. Property tests pin the interval's invariants.

use std::path::Path;

use effgraph::analysis::{AnalysisOptions, Interval, Status, analyse};
use effgraph::requirements::Requirements;
use effgraph::results::{Record, Repeats, ResultSet};
use proptest::prelude::*;
use serde_json::Value;

use crate::common::{effgraph, fixture, stderr, stdout, temp_with};

fn render_summary(args: &[&str]) -> (String, Value) {
    let out = tempfile::tempdir().unwrap();
    let fig = out.path().join("fig");
    let mut all = vec!["render", "--results-dir", "results"];
    all.extend(args);
    all.extend([
        "--format",
        "svg",
        "--save-summary",
        "-o",
        fig.to_str().unwrap(),
    ]);
    let o = effgraph(&fixture("repeats"), &all);
    assert!(o.status.success(), "{}", stderr(&o));
    let json = std::fs::read_to_string(fig.with_extension("json")).unwrap();
    (stdout(&o), serde_json::from_str(&json).unwrap())
}

#[test]
fn three_seeds_are_one_configuration_at_their_mean_with_their_spread() {
    let (_, summary) = render_summary(&[]);
    let pythia = &summary["models"]["Pythia"];
    assert_eq!(pythia["num_configs"], 7, "21 runs, 7 configurations");
    let first = &pythia["frontier"][0];
    // 142.42891015470678 × (0.94, 1, 1.06), written to 4 decimals: mean and 6% spread.
    let published = 142.428_910_154_706_78_f64;
    assert!((first["perplexity"].as_f64().unwrap() - published).abs() < 1e-4);
    assert_eq!(first["n"], 3);
    let sd = first["sd"].as_f64().unwrap();
    assert!((sd - 0.06 * published).abs() < 1e-3, "{sd}");
    let stderr = first["stderr"].as_f64().unwrap();
    assert!((stderr - sd / 3f64.sqrt()).abs() < 1e-12);
    assert_eq!(summary["intervals"]["resamples"], 1000);
    assert_eq!(summary["intervals"]["ci_level"], 0.95);
}

#[test]
fn every_verdict_kind_with_its_interval() {
    let (console, summary) = render_summary(&["--requirements", "reqs.toml"]);
    let checks = &summary["requirements_check"];
    let verdicts: Vec<&str> = ["R.met", "R.unsure", "R.not"]
        .iter()
        .map(|id| checks[id]["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["met", "inconclusive", "not_met"]);
    // The inconclusive one is met on the mean (15.4% ≥ 15%) but not for sure: never "met".
    assert_eq!(checks["R.unsure"]["met"], false);
    assert!(checks["R.unsure"]["value"].as_f64().unwrap() >= 15.0);
    // One seed gives the same interval on every run and machine: pinned.
    let (low, high) = (
        checks["R.met"]["ci_low"].as_f64().unwrap(),
        checks["R.met"]["ci_high"].as_f64().unwrap(),
    );
    assert_eq!(
        (format!("{low:.6}"), format!("{high:.6}")),
        pinned_interval()
    );
    assert!(
        console.contains(
            "? R.unsure Pythia-deduped has 15% lower perplexity than Pythia at 320 MFLOPs\n  \
             INCONCLUSIVE: Value = 15.4% [8.3, 21.7], Threshold = 15%\n  \
             Pythia-deduped PPL 32.22, Pythia PPL 38.06 at 320 MFLOPs: 15.4% ≥ 15%; 95% interval [8.3%, 21.7%] straddles 15%: the runs' spread cannot decide\n"
        ),
        "{console}"
    );
    assert!(
        console.contains("320 MFLOPs    38.06 [35.78, 40.35]  32.22 [30.29, 34.16]"),
        "{console}"
    );
}

/// The bootstrap interval of R.met on the fixture, as first computed; a change means the
/// resampling changed (a new generator, seed or rule), which must be deliberate.
fn pinned_interval() -> (String, String) {
    ("8.296230".to_string(), "21.739019".to_string())
}

#[test]
fn check_exits_by_the_verdicts_and_inconclusive_is_its_own_status() {
    let dir = temp_with(&[]);
    crate::common::copy_dir(&fixture("repeats"), dir.path());
    let reqs = std::fs::read_to_string(dir.path().join("reqs.toml")).unwrap();
    let tables: Vec<&str> = reqs.split("\n\n").collect();
    let write = |name: &str, which: &[usize]| {
        let text: Vec<&str> = which.iter().map(|&i| tables[i]).collect();
        std::fs::write(dir.path().join(name), text.join("\n\n")).unwrap();
    };
    write("met.toml", &[0]);
    write("unsure.toml", &[0, 1]);
    let code = |reqs: &str, extra: &[&str]| {
        let mut args = vec!["check", "--results-dir", "results", "--requirements", reqs];
        args.extend(extra);
        effgraph(dir.path(), &args).status.code()
    };
    assert_eq!(code("met.toml", &[]), Some(0));
    assert_eq!(code("unsure.toml", &[]), Some(3));
    assert_eq!(code("unsure.toml", &["--inconclusive", "fail"]), Some(1));
    assert_eq!(code("unsure.toml", &["--inconclusive", "pass"]), Some(0));
    assert_eq!(
        code("reqs.toml", &[]),
        Some(1),
        "a failure outranks inconclusive"
    );
    assert_eq!(code("reqs.toml", &["--inconclusive", "pass"]), Some(1));
}

#[test]
fn intervals_reach_every_table_and_format() {
    let dir = temp_with(&[]);
    crate::common::copy_dir(&fixture("repeats"), dir.path());
    std::fs::write(
        dir.path().join("doc.md"),
        "<<efficiency_graph results requirements=reqs.toml target_ppl=33 format=svg>>\n",
    )
    .unwrap();
    let o = effgraph(dir.path(), &["expand", "doc.md", "-o", "out/doc.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(dir.path().join("out/doc.md")).unwrap();
    assert!(
        md.contains(
            "| Pythia | ≈356 MFLOPs [341, 369] |\n| Pythia-deduped | ≈316 MFLOPs [306, 329] |"
        ),
        "{md}"
    );
    assert!(md.contains("**? R.unsure inconclusive**"), "{md}");
    assert!(
        md.contains("Value 15.4% \\[8.3, 21.7\\], threshold 15%."),
        "{md}"
    );
    assert!(md.contains("error bars show ±1 standard error"), "{md}");
    // Error bars in every format: each figure differs from the same means without spread.
    std::fs::write(
        dir.path().join("means.jsonl"),
        means_only(&dir.path().join("results/pythia_3seeds.jsonl")),
    )
    .unwrap();
    for format in ["svg", "pdf", "eps", "png"] {
        let render = |results: &str, out: &str| {
            let o = effgraph(
                dir.path(),
                &[
                    "render",
                    "--results-dir",
                    results,
                    "--format",
                    format,
                    "-o",
                    out,
                ],
            );
            assert!(o.status.success(), "{}", stderr(&o));
            std::fs::read(dir.path().join(format!("{out}.{format}"))).unwrap()
        };
        let with_bars = render("results", "bars");
        let without = render("means.jsonl", "plain");
        assert_ne!(with_bars, without, "{format}: no error bars drawn");
    }
    let svg = std::fs::read_to_string(dir.path().join("bars.svg")).unwrap();
    let plain = std::fs::read_to_string(dir.path().join("plain.svg")).unwrap();
    assert!(
        svg.matches("<path").count() > plain.matches("<path").count(),
        "error bars are paths"
    );
}

/// The configurations' means alone, one record each: the same points without any spread.
fn means_only(runs: &Path) -> String {
    let mut sums: Vec<(String, String, f64, f64, u32)> = Vec::new();
    for line in std::fs::read_to_string(runs).unwrap().lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let (model, config) = (
            v["model"].as_str().unwrap(),
            v["config_id"].as_str().unwrap(),
        );
        let (x, y) = (
            v["flops_per_token"].as_f64().unwrap(),
            v["perplexity"].as_f64().unwrap(),
        );
        match sums.iter_mut().find(|s| s.0 == model && s.1 == config) {
            Some(s) => {
                s.3 += y;
                s.4 += 1;
            }
            None => sums.push((model.into(), config.into(), x, y, 1)),
        }
    }
    sums.iter()
        .map(|(m, c, x, y, n)| {
            format!(
                "{{\"model\":\"{m}\",\"config_id\":\"{c}\",\"flops_per_token\":{x},\"perplexity\":{},\"simulated\":true}}\n",
                y / f64::from(*n)
            )
        })
        .collect()
}

#[test]
fn records_repeat_only_when_seeds_or_repeats_say_so() {
    let runs = b"{\"model\":\"m\",\"config_id\":\"c\",\"perplexity\":10,\"flops_per_token\":1e9}\n\
                 {\"model\":\"m\",\"config_id\":\"c\",\"perplexity\":12,\"flops_per_token\":1e9}\n";
    let dir = temp_with(&[("r.jsonl", runs)]);
    let o = effgraph(
        dir.path(),
        &["render", "--results-dir", "r.jsonl", "-o", "out/"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: duplicate config_id `c` for model `m`: in r.jsonl and in r.jsonl\n"
    );
    let o = effgraph(
        dir.path(),
        &[
            "render",
            "--results-dir",
            "r.jsonl",
            "--repeats",
            "-o",
            "out/",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Best PPL: 11.00 (at 1 GFLOPs)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn seeds_without_a_shared_config_id_are_warned_about() {
    let runs = b"{\"model\":\"m\",\"seed\":1,\"perplexity\":10,\"flops_per_token\":1e9}\n\
                 {\"model\":\"m\",\"seed\":2,\"perplexity\":11,\"flops_per_token\":1e9}\n";
    let dir = temp_with(&[("r.jsonl", runs)]);
    let o = effgraph(
        dir.path(),
        &["render", "--results-dir", "r.jsonl", "-o", "out/"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "warning: the records carry seeds, but no two share a model and config id, so no runs are averaged: name each configuration with config= (the default id is each record's file path and index)\n"
    );
}

#[test]
fn a_reported_standard_error_gives_an_interval_and_na_gives_none() {
    let harness = fixture("sources");
    let o = effgraph(
        &harness,
        &[
            "check",
            "--results-dir",
            "harness/results",
            "--model",
            "@dir",
            "--x",
            "/config/model_num_parameters",
            "--y",
            "/results/lambada_openai/acc,none",
            "--requirements",
            "../../../book/data/sources/harness/reqs.toml",
        ],
    );
    // acc_stderr,none is reported: the 2.3× ratio's interval straddles 2×.
    assert_eq!(o.status.code(), Some(3), "{}", stdout(&o));
    assert!(stdout(&o).contains("INCONCLUSIVE: Value = ≈2.3× [1.89, 2.92], Threshold = 2×"));
    let na = b"{\"model\":\"m\",\"perplexity\":10,\"perplexity_stderr\":\"N/A\",\"flops_per_token\":1e9}\n";
    let dir = temp_with(&[("r.jsonl", na)]);
    let o = effgraph(
        dir.path(),
        &["render", "--results-dir", "r.jsonl", "-o", "out/"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_grouped_export_s_min_and_max_give_a_cautious_standard_error() {
    let csv = b"Name,model,flops_per_token,val_ppl,val_ppl__MIN,val_ppl__MAX\n\
                g1,a,1e9,20,19,21.5\ng2,a,2e9,15,14.5,15.5\ng3,b,1e9,22,21,23\n";
    let dir = temp_with(&[("groups.csv", csv)]);
    let o = effgraph(
        dir.path(),
        &[
            "render",
            "--results-dir",
            "groups.csv",
            "--y",
            "val_ppl",
            "--config",
            "Name",
            "--save-summary",
            "-o",
            "s",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("s.json")).unwrap()).unwrap();
    let first = &summary["models"]["a"]["frontier"][0];
    // Half of 21.5 − 19, as the group's runs are not given.
    assert_eq!(
        (first["n"].clone(), first["stderr"].clone()),
        (1.into(), 1.25.into())
    );
    assert!(first.get("sd").is_none());
}

/// Two models, `configs` configurations each, `runs` runs per configuration at `spread`
/// relative noise (runs at mean × (1 − spread), mean, mean × (1 + spread), …).
fn repeated(spread: f64, runs: usize) -> ResultSet {
    let mut records = Vec::new();
    for model in 0..2u32 {
        for config in 0..4u32 {
            let x = 1e9 * f64::from(config + 1);
            let mean = 40.0 / f64::from(config + 1) * if model == 0 { 1.0 } else { 0.85 };
            for run in 0..runs {
                let offset = run as f64 - (runs as f64 - 1.0) / 2.0;
                records.push(Record {
                    model,
                    file: 0,
                    index: Some(records.len() as u32),
                    y: mean * (1.0 + spread * offset),
                    x,
                    config_id: Some(format!("c{config}").into()),
                    seed: Some(run.to_string().into()),
                    y_stderr: None,
                    sizes: None,
                });
            }
        }
    }
    let mut set = ResultSet::from_parts(vec!["a".into(), "b".into()], records, false);
    set.repeats = Repeats::BySeed;
    set
}

fn requirements(threshold: f64) -> Requirements {
    let text = format!(
        "[[requirement]]\nid = \"r\"\nmetric = \"ppl_reduction_pct\"\ncandidate = \"b\"\nbaseline = \"a\"\nat_flops = 2.5e9\nthreshold = {threshold}\n"
    );
    Requirements::parse(Path::new("r.toml"), &text).unwrap()
}

fn requirement_interval(spread: f64, threshold: f64) -> (Interval, f64, Status) {
    let options = AnalysisOptions::default();
    let a = analyse(&repeated(spread, 3), &requirements(threshold), &options).unwrap();
    let v = &a.verdicts[0];
    (v.interval.unwrap(), v.value.unwrap(), v.status)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn with_no_spread_the_interval_is_the_value(threshold in 0.0f64..30.0) {
        let (interval, value, _) = requirement_interval(0.0, threshold);
        prop_assert_eq!(interval, Interval { low: value, high: value });
    }

    #[test]
    fn intervals_widen_as_the_spread_grows(a in 0.0f64..0.1, b in 0.0f64..0.1) {
        let (narrow, wide) = if a <= b { (a, b) } else { (b, a) };
        let (n, _, _) = requirement_interval(narrow, 10.0);
        let (w, _, _) = requirement_interval(wide, 10.0);
        prop_assert!(w.high - w.low >= n.high - n.low - 1e-9, "{:?} {:?}", n, w);
    }

    #[test]
    fn verdicts_are_monotone_in_the_threshold(spread in 0.0f64..0.1, t1 in 0.0f64..40.0, t2 in 0.0f64..40.0) {
        let (low_t, high_t) = if t1 <= t2 { (t1, t2) } else { (t2, t1) };
        let rank = |s: Status| match s {
            Status::Met => 2,
            Status::Inconclusive => 1,
            Status::NotMet => 0,
        };
        let (_, _, easier) = requirement_interval(spread, low_t);
        let (_, _, harder) = requirement_interval(spread, high_t);
        prop_assert!(rank(easier) >= rank(harder));
    }

    #[test]
    fn the_same_inputs_give_the_same_intervals(spread in 0.0f64..0.1) {
        let options = AnalysisOptions::default();
        let one = analyse(&repeated(spread, 3), &requirements(5.0), &options).unwrap();
        let two = analyse(&repeated(spread, 3), &requirements(5.0), &options).unwrap();
        prop_assert_eq!(one.verdicts[0].interval, two.verdicts[0].interval);
        let readings = |a: &effgraph::analysis::Analysis| -> Vec<Option<Interval>> {
            a.equal_y.iter().flat_map(|e| e.x.iter().map(|r| r.interval)).collect()
        };
        prop_assert_eq!(readings(&one), readings(&two));
    }
}

#[test]
fn intervals_and_inconclusive_verdicts_in_latex_and_html_tables() {
    let dir = temp_with(&[]);
    crate::common::copy_dir(&fixture("repeats"), dir.path());
    let directive = "<<efficiency_graph results requirements=reqs.toml target_ppl=33 table=all>>";
    std::fs::write(
        dir.path().join("paper.tex"),
        format!(
            "\\documentclass{{article}}\n\\begin{{document}}\n{directive}\n\\end{{document}}\n"
        ),
    )
    .unwrap();
    let o = effgraph(dir.path(), &["expand", "paper.tex", "-o", "out/paper.tex"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let tex = std::fs::read_to_string(dir.path().join("out/paper.tex")).unwrap();
    assert!(tex.contains("$\\approx$356 [341, 369]"), "{tex}");
    assert!(
        tex.contains("unsure: ? inconclusive, 15.4\\% [8.3, 21.7] vs 15\\%"),
        "{tex}"
    );
    // The same in a book page: interval cells and an inconclusive verdict of its own class.
    let book = dir.path();
    std::fs::create_dir_all(book.join("src")).unwrap();
    std::fs::write(book.join("src/SUMMARY.md"), "- [R](r.md)\n").unwrap();
    std::fs::write(book.join("src/r.md"), format!("# R\n\n{directive}\n")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"r\"\n\n[build]\nextra-watch-dirs = [\"results\", \"reqs.toml\"]\n\n[preprocessor.effgraph]\n",
    )
    .unwrap();
    crate::common::build_book(book).unwrap();
    let html = std::fs::read_to_string(book.join("book/r.html")).unwrap();
    let rows = crate::common::html_table(&html, "effgraph-equal-ppl");
    assert_eq!(rows[1], ["Pythia", "≈356 MFLOPs [341, 369]"], "{rows:?}");
    assert!(
        html.contains(
            "<li class=\"effgraph-inconclusive\"><strong>? R.unsure inconclusive</strong>"
        ),
        "{html}"
    );
}
