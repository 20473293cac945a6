use effgraph::Error;
use effgraph::results::ResultSet;

use crate::common::{fixture, temp_with};

#[test]
fn old_layout_loads_in_sorted_path_order() {
    let set = ResultSet::load(&fixture("old_layout/results")).unwrap();
    assert_eq!(set.models, vec!["mamba", "resnetbk"]);
    assert_eq!(set.records.len(), 10);
    assert!(!set.simulated);
    let first = &set.records[0];
    assert_eq!(set.config_id(first), "mamba_config_0");
    assert_eq!((first.x, first.y), (10e9, 32.0));
}

#[test]
fn arrays_lines_and_single_objects_get_default_config_ids() {
    let dir = temp_with(&[
        ("a.json", br#"[{"model":"m","perplexity":3,"flops_per_token":1e9,"extra":[1,{"x":2}]},
                        {"model":"m","perplexity":2,"flops_per_token":2e9,"config_id":"named"}]"#),
        ("b/c.jsonl", b"{\"model\":\"m\",\"perplexity\":1.5,\"flops_per_token\":4e9}\n\n{\"model\":\"n\",\"perplexity\":1.5,\"flops_per_token\":4e9}\r\n"),
        ("d.json", br#"{"model":"n","perplexity":9,"flops_per_token":5,"simulated":true}"#),
        ("notes.txt", b"not a result file"),
    ]);
    let set = ResultSet::load(dir.path()).unwrap();
    let ids: Vec<String> = set
        .records
        .iter()
        .map(|r| set.config_id(r).into_owned())
        .collect();
    // The file's path below the results path, so `x/results.json` and `y/results.json`
    // never clash.
    assert_eq!(
        ids,
        vec!["a.json#0", "named", "b/c.jsonl#0", "b/c.jsonl#1", "d.json"]
    );
    assert_eq!(set.models, vec!["m", "n"]);
    assert!(
        set.simulated,
        "a record marked simulated marks the whole set"
    );
}

#[test]
fn a_single_file_is_a_results_path() {
    let path = fixture("old_layout/results/mamba_efficiency_2.json");
    let set = ResultSet::load(&path).unwrap();
    assert_eq!(set.records.len(), 1);
    assert_eq!(set.config_id(&set.records[0]), "mamba_config_2");
}

/// Loads `files` from a temp folder; returns the error message with the folder path as `DIR`.
fn load_error(files: &[(&str, &[u8])]) -> String {
    let dir = temp_with(files);
    let err = ResultSet::load(dir.path()).expect_err("load fails");
    err.to_string()
        .replace(&dir.path().display().to_string(), "DIR")
}

#[test]
fn every_bad_record_names_file_line_column_record_and_field() {
    let cases: &[(&[u8], &str)] = &[
        (
            br#"{"model":"m","perplexity":-1,"flops_per_token":1}"#,
            "DIR/r.json:1:28: field `perplexity`: must be a finite number > 0, found -1",
        ),
        (
            br#"[{"model":"m","perplexity":1,"flops_per_token":1},
 {"model":"m","perplexity":"NaN","flops_per_token":1}]"#,
            "DIR/r.json:2:32: record 1: field `perplexity`: must be a finite number > 0, found a string (write numbers without quotes)",
        ),
        (
            br#"{"model":"m","perplexity":0,"flops_per_token":1}"#,
            "DIR/r.json:1:27: field `perplexity`: must be a finite number > 0, found 0",
        ),
        (
            br#"{"model":"m","perplexity":2,"flops_per_token":1e400}"#,
            "DIR/r.json:1:51: field `flops_per_token`: number out of range",
        ),
        (
            br#"{"model":7,"perplexity":2,"flops_per_token":1}"#,
            "DIR/r.json:1:10: field `model`: must be a string, found 7",
        ),
        (
            br#"{"model":"m","flops_per_token":1}"#,
            "DIR/r.json:1:33: missing `perplexity` (y): name the fields with y= (the record has `model` and `flops_per_token`)",
        ),
        (
            br#"{"model":"m","perplexity":2,"perplexity":3,"flops_per_token":1}"#,
            "DIR/r.json:1:42: field `perplexity`: appears twice in one record",
        ),
        (
            br#"{"model":"m","perplexity":2,"flops_per_token":1,"simulated":"yes"}"#,
            "DIR/r.json:1:66: field `simulated`: must be true or false, found a string",
        ),
        (
            br#"{"model":"m","perplexity":2,"#,
            "DIR/r.json:1:28: EOF while parsing a value",
        ),
        (b"", "DIR/r.json:1:1: EOF while parsing a value"),
        (
            b"\"just a string\"",
            "DIR/r.json:1:15: found a string, expected a record object or an array of record objects",
        ),
        (
            b"[1]",
            "DIR/r.json:1:2: record 0: found a number, expected a record object",
        ),
        (
            b"{\"model\":\"m\",\"perplexity\":2,\"flops_per_token\":1} x",
            "DIR/r.json:1:50: trailing characters",
        ),
    ];
    for (bytes, expected) in cases {
        assert_eq!(
            &load_error(&[("r.json", bytes)]),
            expected,
            "{}",
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn json_lines_errors_count_lines_and_records() {
    let text = b"{\"model\":\"m\",\"perplexity\":2,\"flops_per_token\":1}\n\n{\"model\":\"m\",\"perplexity\":2,\"flops_per_token\":true}\n";
    assert_eq!(
        load_error(&[("r.jsonl", text)]),
        "DIR/r.jsonl:3:51: record 1: field `flops_per_token`: must be a finite number > 0, found true"
    );
}

#[test]
fn a_config_id_seen_twice_for_a_model_names_both_files() {
    let rec = br#"{"model":"m","config_id":"c1","perplexity":2,"flops_per_token":1}"#;
    let other_model = br#"{"model":"n","config_id":"c1","perplexity":2,"flops_per_token":1}"#;
    assert_eq!(
        load_error(&[("a.json", rec), ("b.json", other_model), ("c/d.json", rec)]),
        "duplicate config_id `c1` for model `m`: in DIR/a.json and in DIR/c/d.json"
    );
}

#[test]
fn empty_and_missing_results_paths_are_errors() {
    assert_eq!(
        load_error(&[("notes.txt", b"x")]),
        "DIR: no result files (.json, .jsonl, .csv, .tsv, .parquet) found"
    );
    let err = ResultSet::load(std::path::Path::new("no/such/folder")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no/such/folder: results path does not exist"
    );
    assert!(matches!(err, Error::ResultsMissing { .. }));
}

#[test]
fn published_tables_load_unchanged() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("book/data/published");
    let expected: &[(&str, &[(&str, usize)])] = &[
        ("lambada/gpt2_table3_lambada_ppl.json", &[("GPT-2", 4)]),
        ("lambada/gpt3_tableH1_lambada_ppl.json", &[("GPT-3", 8)]),
        (
            "hyena_table4_4_pile_ppl.json",
            &[("GPT (Transformer)", 2), ("Hyena-2", 2)],
        ),
        (
            "lambada/pythia_repo_evals_lambada_ppl.json",
            &[("Pythia", 7), ("Pythia-deduped", 8)],
        ),
        (
            "lambada/rwkv4_modelcards_lambada_ppl.json",
            &[("RWKV-4", 6)],
        ),
    ];
    for (file, models) in expected {
        let set = ResultSet::load(&dir.join(file)).unwrap();
        let counts: Vec<(&str, usize)> = set
            .models
            .iter()
            .enumerate()
            .map(|(i, m)| {
                (
                    m.as_str(),
                    set.records.iter().filter(|r| r.model as usize == i).count(),
                )
            })
            .collect();
        assert_eq!(&counts, models, "{file}");
    }
    let lambada = ResultSet::load(&dir.join("lambada")).unwrap();
    assert_eq!(
        lambada.models,
        vec!["GPT-2", "GPT-3", "Pythia", "Pythia-deduped", "RWKV-4"]
    );
    // GPT-2 appears in two tables of different metrics; loading both at once is refused
    // rather than silently mixing LAMBADA and WikiText-103 perplexities in one model.
    let err = ResultSet::load(&dir)
        .unwrap_err()
        .to_string()
        .replace(&dir.display().to_string(), "DIR");
    assert_eq!(
        err,
        "duplicate config_id `gpt2_t3__117M` for model `GPT-2`: in DIR/gpt2_table3_wikitext103_ppl.json and in DIR/lambada/gpt2_table3_lambada_ppl.json"
    );
}

#[test]
fn a_model_selection_filters_and_orders() {
    let set = ResultSet::load(&fixture("old_layout/results")).unwrap();
    let picked = set.select_models(&["resnetbk".to_string()]).unwrap();
    assert_eq!(picked.models, vec!["resnetbk"]);
    assert_eq!(picked.records.len(), 5);
    assert!(
        picked
            .records
            .iter()
            .all(|r| picked.model_name(r) == "resnetbk")
    );
    let both = set
        .select_models(&["resnetbk".to_string(), "mamba".to_string()])
        .unwrap();
    assert_eq!(both.models, vec!["resnetbk", "mamba"]);
    assert_eq!(
        both.model_name(&both.records[0]),
        "mamba",
        "records keep their load order"
    );
    assert_eq!(
        set.select_models(&["gpt".to_string()]).unwrap_err(),
        "unknown model `gpt` in `models` (the results have: mamba, resnetbk)"
    );
    assert_eq!(
        set.select_models(&["mamba".to_string(), "mamba".to_string()])
            .unwrap_err(),
        "model `mamba` is listed twice in `models`"
    );
}

/// Two runs of model `m`.
const TWO_RUNS: &[u8] = br#"[{"model":"m","perplexity":40,"flops_per_token":1e9},
                             {"model":"m","perplexity":20,"flops_per_token":4e9}]"#;

#[test]
fn a_glob_in_the_current_folder_names_its_files_as_written() {
    let dir = temp_with(&[("a.json", TWO_RUNS), ("notes.txt", b"not results")]);
    let args = [
        "render",
        "--results-dir",
        "*.json",
        "-o",
        "out/",
        "--save-summary",
    ];
    let o = crate::common::effgraph(dir.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}", crate::common::stderr(&o));
    let summary = std::fs::read_to_string(dir.path().join("out/efficiency_graph.json")).unwrap();
    let summary: serde_json::Value = serde_json::from_str(&summary).unwrap();
    assert_eq!(summary["models"]["m"]["num_configs"], 2);
}

#[test]
fn files_the_selection_leaves_out_are_never_opened() {
    let dir = temp_with(&[("results/a.json", TWO_RUNS)]);
    let results = dir.path().join("results");
    std::os::unix::fs::symlink("missing.json", results.join("dangling.json")).unwrap();
    std::os::unix::fs::symlink("missing", results.join("dangling-folder")).unwrap();
    let fifo = std::ffi::CString::new(results.join("f.json").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let run = |extra: &[&str]| {
        let mut args = vec!["render", "-o", "out/"];
        args.extend_from_slice(extra);
        crate::common::effgraph(dir.path(), &args)
    };
    for extra in [
        &[
            "--results-dir",
            "results",
            "--exclude",
            "dangling.json",
            "--exclude",
            "f.json",
        ][..],
        &["--results-dir", "results/a*.json"][..],
        &["--results-dir", "results", "--include", "a.json"][..],
    ] {
        let o = run(extra);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{extra:?}: {}",
            crate::common::stderr(&o)
        );
    }
    let o = run(&["--results-dir", "results", "--exclude", "dangling.json"]);
    assert_eq!(
        crate::common::stderr(&o),
        "error: results/f.json: not a regular file\n"
    );
}

#[test]
fn one_file_named_twice_is_read_once() {
    let dir = temp_with(&[("results/r.json", TWO_RUNS)]);
    let args = [
        "render",
        "--results-dir",
        "results/r.json",
        "--results-dir",
        "results",
        "--results-dir",
        "results/*.json",
        "-o",
        "out/",
    ];
    let o = crate::common::effgraph(dir.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}", crate::common::stderr(&o));
    assert!(crate::common::stdout(&o).contains("Configurations: 2 (2 on the Pareto frontier)"));
}
