use std::path::Path;

use effgraph::analysis::{AnalysisOptions, analyse};
use effgraph::requirements::{Metric, Requirements};
use effgraph::results::ResultSet;

use crate::common::fixture;

const GOOD: &str = r#"
[[requirement]]
id = "8.10"
description = "ResNet-BK reaches PPL 30 with 2x fewer FLOPs than Mamba"
metric = "flops_ratio"
candidate = "resnetbk"
baseline = "mamba"
at_ppl = 30
threshold = 2.0
"#;

fn parse_error(text: &str) -> String {
    Requirements::parse(Path::new("reqs.toml"), text)
        .expect_err("parse fails")
        .to_string()
}

#[test]
fn parses_the_issue_example() {
    let reqs = Requirements::parse(Path::new("reqs.toml"), GOOD).unwrap();
    let r = &reqs.list[0];
    assert_eq!(r.id, "8.10");
    assert_eq!(r.metric, Metric::CostRatio { at_y: 30.0 });
    assert_eq!(
        (r.candidate.as_str(), r.baseline.as_str(), r.threshold),
        ("resnetbk", "mamba", 2.0)
    );
    assert_eq!(r.candidate_at.to_string(), "reqs.toml:6:13");
}

#[test]
fn every_requirements_error_carries_its_toml_location() {
    let cases: &[(String, &str)] = &[
        (
            GOOD.replace("threshold = 2.0", "threshold = 2.0\nspeedup = 3"),
            "reqs.toml:10:1: unknown field `speedup`, expected one of `id`, `description`, `metric`, `candidate`, `baseline`, `at_y`, `at_x`, `at_ppl`, `at_flops`, `threshold`, `from`",
        ),
        (
            GOOD.replace("\"flops_ratio\"", "\"speedup\""),
            "reqs.toml:5:10: unknown metric `speedup` (expected `cost_ratio`, `y_improvement_pct`, `flops_ratio`, `ppl_reduction_pct`)",
        ),
        (
            GOOD.replace("threshold = 2.0", "threshold = \"2x\""),
            "reqs.toml:9:13: invalid type: a string, expected f64",
        ),
        (
            GOOD.replace("at_ppl = 30", "at_flops = 5e9"),
            "reqs.toml:8:12: `at_flops` does not apply to `flops_ratio`",
        ),
        (
            GOOD.replace("at_ppl = 30\n", ""),
            "reqs.toml:2:1: `flops_ratio` needs `at_ppl`",
        ),
        (
            GOOD.replace("at_ppl = 30", "at_ppl = -1"),
            "reqs.toml:8:10: `at_ppl` must be a finite number > 0",
        ),
        (
            GOOD.replace("at_ppl = 30", "at_ppl = 0"),
            "reqs.toml:8:10: `at_ppl` must be a finite number > 0",
        ),
        (
            GOOD.replace("\"flops_ratio\"", "\"ppl_reduction_pct\""),
            "reqs.toml:8:10: `at_ppl` does not apply to `ppl_reduction_pct`",
        ),
        (
            GOOD.replace("\"flops_ratio\"", "\"ppl_reduction_pct\"")
                .replace("at_ppl = 30", "at_flops = 0.0"),
            "reqs.toml:8:12: `at_flops` must be a finite number > 0",
        ),
        (
            GOOD.replace("threshold = 2.0", "threshold = nan"),
            "reqs.toml:9:13: `threshold` must be a finite number",
        ),
        (
            GOOD.replace("metric = \"flops_ratio\"\n", ""),
            "reqs.toml:2:1: missing field `metric`",
        ),
        (
            format!("{GOOD}{GOOD}"),
            "reqs.toml:12:6: requirement id `8.10` is used twice",
        ),
        (
            GOOD.replace("[[requirement]]", "[[requirement]"),
            "reqs.toml:2:15: unclosed array table, expected `]`",
        ),
        (
            "# nothing here\n".to_string(),
            "reqs.toml:1:1: no [[requirement]] tables",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(&parse_error(text), expected, "{text}");
    }
}

#[test]
fn a_missing_description_is_the_id() {
    let text = GOOD.replace(
        "description = \"ResNet-BK reaches PPL 30 with 2x fewer FLOPs than Mamba\"\n",
        "",
    );
    let reqs = Requirements::parse(Path::new("reqs.toml"), &text).unwrap();
    assert_eq!(reqs.list[0].description, "8.10");
}

#[test]
fn an_unknown_model_is_an_error_at_its_toml_line() {
    let results = ResultSet::load(&fixture("old_layout/results")).unwrap();
    let text = GOOD.replace("baseline = \"mamba\"", "baseline = \"mamba2\"");
    let reqs = Requirements::parse(Path::new("reqs.toml"), &text).unwrap();
    let err = analyse(&results, &reqs, &AnalysisOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "reqs.toml:7:12: unknown model `mamba2` (the results have: mamba, resnetbk)"
    );
}
