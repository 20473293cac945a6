use std::path::Path;

use serde_json::Value;

use crate::common::{Test, build_book, copy_dir, fixture, one_chapter_book, stderr};

const SUITE_FIELDS: &str = r"(?<size>[0-9.]+[mb])_step(?<step>[0-9]+)\.json$";
const PPL: &str = "{/results/lambada_openai/perplexity,none}";

/// The summary JSON of `effgraph render` with `args` on the real-tree fixtures, and stderr.
fn summary(args: &[&str]) -> (Value, String) {
    let work = tempfile::tempdir().unwrap();
    copy_dir(&fixture("real_trees"), work.path());
    let mut all = vec!["render", "--save-summary", "-o", "out/fig"];
    all.extend_from_slice(args);
    let o = Test::effgraph(work.path()).args(&all).succeeds();
    let json = std::fs::read_to_string(work.path().join("out/fig.json")).unwrap();
    (serde_json::from_str(&json).unwrap(), stderr(&o))
}

/// A folder holding the real-tree fixtures as `data/`.
fn with_data() -> tempfile::TempDir {
    let work = tempfile::tempdir().unwrap();
    copy_dir(&fixture("real_trees"), &work.path().join("data"));
    work
}

/// `doc` written as `doc.md` in `work` and expanded; the expanded text.
fn expanded(work: &Path, doc: &str) -> String {
    std::fs::write(work.join("doc.md"), doc).unwrap();
    Test::expand(work, "doc.md", "out/doc.md")
        .deps("out/doc.d")
        .succeeds();
    std::fs::read_to_string(work.join("out/doc.md")).unwrap()
}

/// The runs table of one family, read with its model named by a string and e^loss as score.
fn runs_args(file: &'static str) -> [&'static str; 8] {
    [
        "--results-dir",
        file,
        "--model",
        "'Chinchilla-style'",
        "--x",
        "Training FLOP",
        "--y",
        "exp({Loss})",
    ]
}

fn model<'v>(summary: &'v Value, name: &str) -> &'v Value {
    &summary["models"][name]
}

#[test]
fn a_suite_over_training_draws_from_its_paths_with_no_script() {
    let (s, err) = summary(&[
        "--results-dir",
        "suite",
        "--model",
        "@dir",
        "--path-fields",
        SUITE_FIELDS,
        "--x",
        "6 * {size} * {step} * 2097152",
        "--y",
        PPL,
        "--where",
        "{/config/num_fewshot} == 0 && {step} >= 33000",
    ]);
    assert!(
        err.contains(
            "note: kept 16 of 24 records (where {/config/num_fewshot} == 0 && {step} >= 33000)\n"
        ),
        "{err}"
    );
    // 1.4b parameters (from the folder's file names), 33000 steps of 2^21 tokens.
    let lowest = model(&s, "pythia-1.4b")["lowest_x"].as_f64().unwrap();
    assert_eq!(lowest, 6.0 * 1.4e9 * 33000.0 * 2097152.0);
    let seventy = model(&s, "pythia-70m");
    assert_eq!(seventy["num_configs"], 4);
    assert_eq!(
        seventy["lowest_x"].as_f64().unwrap(),
        6.0 * 7e7 * 33000.0 * 2097152.0
    );
    assert_eq!(s["simulated"], true);
}

#[test]
fn a_lookup_table_gives_exact_parameter_counts() {
    let (s, _) = summary(&[
        "--results-dir",
        "suite",
        "--model",
        "@dir",
        "--lookup",
        "suite_params.csv",
        "--path-fields",
        r"_step(?<step>[0-9]+)\.json$",
        "--x",
        "6 * {params} * {step} * {tokens_per_step}",
        "--y",
        PPL,
        "--where",
        "{/config/num_fewshot} == 0",
    ]);
    let lowest = model(&s, "pythia-70m")["lowest_x"].as_f64().unwrap();
    assert_eq!(lowest, 6.0 * 70426624.0 * 13000.0 * 2097152.0);
}

#[test]
fn sizes_in_file_names_read_with_their_suffixes() {
    let (s, _) = summary(&[
        "--results-dir",
        "baselines",
        "--path-fields",
        r"(?<family>[a-z]+)-(?<size>[0-9.]+[mb][0-9]*)\.json$",
        "--model",
        "{family}",
        "--x",
        "2 * {size}",
        "--x-label",
        "FLOPs per token",
        "--y",
        PPL,
    ]);
    // A computed axis is of the kind its title names: FLOPs per token, written as FLOPs.
    assert_eq!(s["axes"]["x"]["kind"], "flops_per_token", "{}", s["axes"]);
    let bloom = model(&s, "bloom");
    assert_eq!(bloom["num_configs"], 3);
    // `7b1` is 7.1 billion parameters; `560m` 560 million.
    let frontier: Vec<f64> = bloom["frontier"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["flops_per_token"].as_f64().unwrap())
        .collect();
    assert_eq!(frontier, vec![1.12e9, 2.2e9, 1.42e10]);
    // On the classic axes the summary uses the classic names.
    assert_eq!(model(&s, "opt")["lowest_flops"].as_f64().unwrap(), 2.5e8);
}

#[test]
fn a_table_without_a_model_column_names_its_model_with_a_string() {
    let (s, err) = summary(&runs_args("runs.csv"));
    let chinchilla = model(&s, "Chinchilla-style");
    assert_eq!(chinchilla["num_configs"], 15);
    // e^2.34 at 6 × 1.5e9 × 1e11 FLOPs: the smallest loss of the table.
    assert_eq!(chinchilla["best_y_x"].as_f64().unwrap(), 9e20);
    let best = chinchilla["best_y"].as_f64().unwrap();
    assert!((best - 2.34f64.exp()).abs() < 1e-9, "{best}");
    // The x field was chosen: no advice to choose it, and it is read as training compute.
    assert!(!err.contains("choose that field"), "{err}");
    assert_eq!(s["axes"]["x"]["kind"], "training_flops", "{}", s["axes"]);
    assert_eq!(s["axes"]["y"]["kind"], "other", "{}", s["axes"]);
}

/// The same directive through `expand` and a real mdBook build: the same summary table.
#[test]
fn expand_and_mdbook_read_the_tree_the_same_way() {
    let work = with_data();
    let directive = format!(
        "<<efficiency_graph data/suite model=@dir path_fields=\"{SUITE_FIELDS}\" x=\"6 * {{size}} * {{step}} * 2097152\" y=\"{PPL}\" where=\"{{/config/num_fewshot}} == 0\" table=summary>>"
    );
    let chapter = format!("# Suite\n\n{directive}\n");
    std::fs::write(work.path().join("doc.md"), &chapter).unwrap();
    let o = Test::expand(work.path(), "doc.md", "out/doc.md").succeeds();
    assert!(
        stderr(&o).contains("note: kept 20 of 24 records"),
        "{}",
        stderr(&o)
    );
    let markdown = std::fs::read_to_string(work.path().join("out/doc.md")).unwrap();
    assert!(markdown.contains("| pythia-70m | 5 (5) |"), "{markdown}");
    one_chapter_book(work.path(), &chapter, "");
    build_book(work.path()).unwrap();
    let html = std::fs::read_to_string(work.path().join("book/c.html")).unwrap();
    let rows = crate::common::html_table(&html, "effgraph-summary");
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert!(
        rows.iter().any(|r| r[0] == "pythia-70m" && r[1] == "5 (5)"),
        "{rows:?}"
    );
}

/// A settings change that changes values (the filter) changes what a book shows: the cache
/// key covers the new keys.
#[test]
fn the_cache_key_covers_the_new_keys() {
    let work = with_data();
    let run = |filter: &str| {
        let chapter = format!(
            "# Suite\n\n<<efficiency_graph data/suite model=@dir path_fields=\"{SUITE_FIELDS}\" x=\"6 * {{size}} * {{step}} * 2097152\" y=\"{PPL}\" where=\"{filter}\" table=summary>>\n"
        );
        expanded(work.path(), &chapter)
    };
    let all = run("{/config/num_fewshot} == 0");
    let fewer = run("{/config/num_fewshot} == 0 && {step} > 13000");
    assert!(all.contains("| pythia-70m | 5 (5) |"), "{all}");
    assert!(fewer.contains("| pythia-70m | 4 (4) |"), "{fewer}");
}

#[test]
fn every_fixture_of_the_guide_is_the_fixture_tests_read() {
    // The guide ships a copy of the fixture tree: the two must not drift apart.
    let guide = Path::new(env!("CARGO_MANIFEST_DIR")).join("book/data/real-trees");
    for file in [
        "runs.csv",
        "suite/pythia-70m/70m_step13000.json",
        "baselines/bloom-7b1.json",
    ] {
        assert_eq!(
            std::fs::read(guide.join(file)).unwrap(),
            std::fs::read(fixture("real_trees").join(file)).unwrap(),
            "{file}"
        );
    }
}

/// The lookup table is an input: listed for Make, and an edit to it changes the figure.
#[test]
fn the_lookup_table_is_an_input_of_the_figure() {
    let work = with_data();
    let chapter = format!(
        "# Suite\n\n<<efficiency_graph data/suite model=@dir lookup=data/suite_params.csv path_fields=\"_step(?<step>[0-9]+)\\.json$\" x=\"6 * {{params}} * {{step}} * {{tokens_per_step}}\" y=\"{PPL}\" where=\"{{/config/num_fewshot}} == 0\" table=summary>>\n"
    );
    let expand = || expanded(work.path(), &chapter);
    let before = expand();
    let deps = std::fs::read_to_string(work.path().join("out/doc.d")).unwrap();
    assert!(deps.contains("data/suite_params.csv"), "{deps}");
    let table = work.path().join("data/suite_params.csv");
    let text = std::fs::read_to_string(&table).unwrap();
    std::fs::write(&table, text.replace("2097152", "4194304")).unwrap();
    let after = expand();
    assert_ne!(
        before, after,
        "an edited lookup table must change the figure"
    );
}

/// The same table as CSV and as Parquet gives the same summary (only the file's name, in the
/// default config ids, differs).
#[test]
fn the_same_table_as_csv_and_parquet_gives_the_same_summary() {
    let (csv, _) = summary(&runs_args("runs.csv"));
    let (parquet, _) = summary(&runs_args("runs.parquet"));
    let text = |v: &Value, ext: &str| v.to_string().replace(&format!("runs.{ext}"), "runs");
    assert_eq!(text(&csv, "csv"), text(&parquet, "parquet"));
    assert_eq!(model(&parquet, "Chinchilla-style")["num_configs"], 15);
}

/// A Parquet file read by plain field names (no record is derived) gives what the same CSV
/// gives: a null is no value, and a column nobody names is left out.
#[test]
fn parquet_read_by_field_names_matches_the_csv() {
    let (csv, _) = summary(&["--results-dir", "plain.csv"]);
    let (parquet, _) = summary(&["--results-dir", "plain.parquet"]);
    let text = |v: &Value, ext: &str| v.to_string().replace(&format!("plain.{ext}"), "plain");
    assert_eq!(text(&csv, "csv"), text(&parquet, "parquet"));
    assert_eq!(model(&parquet, "b")["best_ppl"], 22.0);
}

/// The keys work in inline values too (`model_field=` names the model field there).
#[test]
fn inline_values_read_the_tree_with_the_same_keys() {
    let work = with_data();
    let doc = format!(
        "Best: <<efficiency_value data/suite model_field=@dir path_fields=\"{SUITE_FIELDS}\" x=\"6 * {{size}} * {{step}} * 2097152\" y=\"{PPL}\" where=\"{{/config/num_fewshot}} == 0\" stat=best_y model=pythia-70m>>.\n"
    );
    assert_eq!(expanded(work.path(), &doc), "Best: 16.67 (simulated).\n");
}

/// JSON Lines records read for a computed value keep only the fields they need, and give the
/// same values and the same errors (suggestions from the whole record) as whole records do.
#[test]
fn json_lines_with_computed_values_read_only_what_they_need() {
    let work = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"model": "m", "params": 1e8, "perplexity": 20, "notes": {"deep": [1, 2]}, "step": 1}"#,
        r#"{"model": "m", "params": 4e8, "perplexity": 15, "notes": "x", "step": 2}"#,
    ];
    std::fs::write(work.path().join("r.jsonl"), lines.join("\n") + "\n").unwrap();
    let run = |x: &str| {
        Test::effgraph(work.path())
            .args(&[
                "render",
                "--results-dir",
                "r.jsonl",
                "--x",
                x,
                "--where",
                "{step} > 0",
            ])
            .args(&["--save-summary", "-o", "out/fig"])
            .run()
    };
    let o = run("2 * {params}");
    assert!(o.status.success(), "{}", stderr(&o));
    let json = std::fs::read_to_string(work.path().join("out/fig.json")).unwrap();
    let s: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(model(&s, "m")["lowest_x"].as_f64().unwrap(), 2e8);
    let o = run("2 * {param}");
    assert_eq!(
        stderr(&o),
        "error: r.jsonl:1:1: record 0: field `2 * {param}`: the record has no field `param` (did you mean `params`?)\n"
    );
}
