//! The result files researchers have (evaluation-harness trees, W&B and Epoch-style CSV, a
//! leaderboard export, IsoFLOP TSV tables, JSON Lines logs) read through field mapping: the
//! CLI's summary is checked by hand against the fixture files, and `expand` (Markdown) and a
//! real mdBook build must show the same numbers.

use serde_json::Value;

use crate::common::{build_book, copy_dir, effgraph, fixture, html_table, stderr, stdout};

/// One source: where its files are below `tests/fixtures/sources` and the field mapping,
/// as (directive key, value) pairs; the CLI flag is the key with `-` for `_`.
struct Source {
    name: &'static str,
    path: &'static str,
    keys: &'static [(&'static str, &'static str)],
}

const HARNESS_PPL: Source = Source {
    name: "harness_ppl",
    path: "harness/results",
    keys: &[
        ("model", "@dir"),
        ("x", "/config/model_num_parameters"),
        ("y", "/results/lambada_openai/perplexity,none"),
    ],
};
const HARNESS_ACC: Source = Source {
    name: "harness_acc",
    path: "harness/results",
    keys: &[
        ("model", "@dir"),
        ("x", "/config/model_num_parameters"),
        ("y", "/results/lambada_openai/acc,none"),
    ],
};
const WANDB: Source = Source {
    name: "wandb",
    path: "wandb/runs.csv",
    keys: &[
        ("model", "model_family"),
        ("y", "val_ppl"),
        ("config", "Name"),
    ],
};
const EPOCH: Source = Source {
    name: "epoch",
    path: "epoch/models.csv",
    keys: &[
        ("model", "Family"),
        ("x", "Training compute (FLOP)"),
        ("y", "Test loss"),
        ("config", "Model"),
    ],
};
const LEADERBOARD: Source = Source {
    name: "leaderboard",
    path: "leaderboard/open_llm.csv",
    keys: &[
        ("model", "Architecture"),
        ("x", "#Params (B)"),
        ("y", "MMLU-PRO"),
        ("config", "fullname"),
    ],
};
const ISOFLOP: Source = Source {
    name: "isoflop",
    path: "isoflop",
    keys: &[
        ("model", "@dir"),
        ("x", "C"),
        ("y", "loss"),
        ("x_label", "Training compute C (FLOPs)"),
    ],
};
const LOGS: Source = Source {
    name: "logs",
    path: "logs/eval.jsonl",
    keys: &[("model", "arch"), ("y", "/eval/ppl"), ("config", "run")],
};
const ALL: [&Source; 7] = [
    &HARNESS_PPL,
    &HARNESS_ACC,
    &WANDB,
    &EPOCH,
    &LEADERBOARD,
    &ISOFLOP,
    &LOGS,
];

impl Source {
    fn cli_args(&self) -> Vec<String> {
        let mut args = vec!["--results-dir".to_string(), self.path.to_string()];
        for (key, value) in self.keys {
            args.push(format!("--{}", key.replace('_', "-")));
            args.push(value.to_string());
        }
        args
    }

    /// The directive reading this source from `base` (the fixtures copied there).
    fn directive(&self, base: &str) -> String {
        let keys: Vec<String> = self
            .keys
            .iter()
            .map(|(k, v)| format!("{k}=\"{v}\""))
            .collect();
        format!(
            "<<efficiency_graph {base}/{} {} format=svg>>",
            self.path,
            keys.join(" ")
        )
    }
}

/// `effgraph render` on the source: the console summary and the summary JSON.
fn render(source: &Source) -> (String, Value) {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("fig");
    let mut args = vec!["render".to_string()];
    args.extend(source.cli_args());
    args.extend(["--format", "svg", "--save-summary", "-o"].map(String::from));
    args.push(out.display().to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = effgraph(&fixture("sources"), &args);
    assert!(o.status.success(), "{}: {}", source.name, stderr(&o));
    let json = std::fs::read_to_string(out.with_extension("json")).unwrap();
    (stdout(&o), serde_json::from_str(&json).unwrap())
}

fn axes(summary: &Value) -> (&str, &str, &str, &str, &str) {
    let a = &summary["axes"];
    (
        a["x"]["kind"].as_str().unwrap(),
        a["y"]["kind"].as_str().unwrap(),
        a["y"]["label"].as_str().unwrap(),
        a["y_better"].as_str().unwrap(),
        a["y_better_because"].as_str().unwrap(),
    )
}

/// (number of configurations, best score, its cost) of `model`, under the generic keys or,
/// on the default axes, today's names.
fn best(summary: &Value, model: &str) -> (u64, f64, f64) {
    let m = &summary["models"][model];
    let (y, x) = if m.get("best_y").is_some() {
        ("best_y", "best_y_x")
    } else {
        ("best_ppl", "best_ppl_flops")
    };
    (
        m["num_configs"].as_u64().unwrap(),
        m[y].as_f64().unwrap(),
        m[x].as_f64().unwrap(),
    )
}

#[test]
fn every_source_loads_with_the_values_of_its_files() {
    // (configurations, best score, its cost) of each of the two models.
    type Best = [(u64, f64, f64); 2];
    let cases: [(&Source, [&str; 2], Best); 7] = [
        // Perplexity is lower-better by the harness's own `higher_is_better`; the samples
        // files beside each results file are not read (3 and 4 configurations).
        (
            &HARNESS_PPL,
            ["mamba", "pythia"],
            [(3, 6.02, 793_204_736.0), (4, 7.92, 1_011_781_632.0)],
        ),
        (
            &HARNESS_ACC,
            ["mamba", "pythia"],
            [(3, 0.6195, 793_204_736.0), (4, 0.5623, 1_011_781_632.0)],
        ),
        // "1,520,000,000" reads as 1.52e9; the crashed run is a run like any other.
        (
            &WANDB,
            ["transformer", "hyena"],
            [(3, 17.12, 1.52e9), (3, 16.61, 1.5e9)],
        ),
        (
            &EPOCH,
            ["Chinchilla", "Gopher"],
            [(3, 2.21, 5.88e22), (3, 2.39, 1.28e22)],
        ),
        // `#Params (B)` multiplies by 1e9 exactly as the cell reads.
        (
            &LEADERBOARD,
            ["LlamaForCausalLM", "Qwen2ForCausalLM"],
            [(3, 29.6, 8.03e9), (3, 35.4, 7.62e9)],
        ),
        (
            &ISOFLOP,
            ["chinchilla", "kaplan"],
            [(4, 2.33, 5.88e21), (4, 2.55, 2.34e21)],
        ),
        (
            &LOGS,
            ["mamba", "rwkv"],
            [(3, 11.8, 1.6e9), (3, 12.6, 1.7e9)],
        ),
    ];
    for (source, models, expected) in cases {
        let (_, summary) = render(source);
        let names: Vec<&str> = summary["models"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(names, models, "{}", source.name);
        for (model, want) in models.iter().zip(expected) {
            assert_eq!(best(&summary, model), want, "{} {model}", source.name);
        }
    }
}

#[test]
fn direction_and_units_come_from_the_data_and_are_stated() {
    let table = [
        (
            &HARNESS_PPL,
            ("params", "perplexity", "Perplexity", "lower", "harness"),
        ),
        (
            &HARNESS_ACC,
            ("params", "accuracy", "Accuracy", "higher", "harness"),
        ),
        (
            &WANDB,
            (
                "flops_per_token",
                "perplexity",
                "Perplexity",
                "lower",
                "default",
            ),
        ),
        (
            &EPOCH,
            ("training_flops", "loss", "Loss", "lower", "default"),
        ),
        (
            &LEADERBOARD,
            ("params", "accuracy", "MMLU-PRO", "higher", "field_name"),
        ),
        (&ISOFLOP, ("other", "loss", "Loss", "lower", "default")),
        (
            &LOGS,
            (
                "flops_per_token",
                "perplexity",
                "Perplexity",
                "lower",
                "default",
            ),
        ),
    ];
    for (source, want) in table {
        let (console, summary) = render(source);
        assert_eq!(axes(&summary), want, "{}", source.name);
        let because = match want.4 {
            "harness" => "the evaluation harness's higher_is_better",
            "field_name" => "the field's name",
            _ => "the default",
        };
        assert!(
            console.contains(&format!("{}, {} is better ({because})", want.2, want.3)),
            "{}: {console}",
            source.name
        );
    }
}

#[test]
fn a_higher_is_better_frontier_runs_towards_low_cost_and_high_score() {
    let (console, summary) = render(&HARNESS_ACC);
    // Every Pythia size is better than the one before: all four on the frontier, in cost
    // order with rising accuracy; the best is the highest.
    let frontier = summary["models"]["pythia"]["frontier"].as_array().unwrap();
    let ys: Vec<f64> = frontier.iter().map(|p| p["y"].as_f64().unwrap()).collect();
    assert_eq!(ys, [0.2265, 0.3284, 0.5161, 0.5623]);
    assert_eq!(
        frontier[0]["config_id"],
        "pythia/70m/results_2024-06-01T00-00-00.000000.json"
    );
    assert!(
        console.contains("Best accuracy: 0.62 (at 793M params)"),
        "{console}"
    );
    assert!(console.contains("Lowest parameters: 70.4M params (accuracy 0.227)"));
    // Equal-accuracy targets are reached upwards: a higher target needs more parameters.
    let equal = summary["comparison"]["equal_y"].as_array().unwrap();
    let pythia: Vec<f64> = equal
        .iter()
        .map(|row| row["x"]["pythia"].as_f64().unwrap())
        .collect();
    assert!(pythia.windows(2).all(|w| w[0] < w[1]), "{pythia:?}");
    // The perplexity frontier of the same tree runs the other way.
    let (_, ppl) = render(&HARNESS_PPL);
    let ys: Vec<f64> = ppl["models"]["pythia"]["frontier"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["ppl"].as_f64().or(p["y"].as_f64()).unwrap())
        .collect();
    assert_eq!(ys, [130.97, 38.23, 10.84, 7.92]);
}

/// The rows below the header of the first Markdown table after `after` in `text`.
fn md_table(text: &str, after: &str) -> Vec<Vec<String>> {
    let start = text
        .find(after)
        .unwrap_or_else(|| panic!("no {after} in {text}"));
    text[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().replace('\\', ""))
                .collect()
        })
        .collect()
}

/// The "best score (its cost)" cell the console gives for `model`: "Best accuracy: 0.62
/// (at 793M params)" → "0.62 (793M params)".
fn console_best(console: &str, model: &str) -> String {
    let block = &console[console.find(&format!("\n{model}:\n")).unwrap()..];
    let line = block.lines().find(|l| l.starts_with("Best ")).unwrap();
    line.split_once(": ").unwrap().1.replace("(at ", "(")
}

#[test]
fn the_cli_expand_and_mdbook_give_the_same_summary_for_every_source() {
    let work = tempfile::tempdir().unwrap();
    copy_dir(&fixture("sources"), &work.path().join("data"));
    let chapters: Vec<(String, String)> = ALL
        .iter()
        .map(|s| {
            (
                format!("{}.md", s.name),
                format!("# {}\n\n{}\n", s.name, s.directive("data")),
            )
        })
        .collect();
    // Markdown through `expand`.
    for (file, text) in &chapters {
        std::fs::write(work.path().join(file), text).unwrap();
        let o = effgraph(work.path(), &["expand", file, "-o", &format!("out/{file}")]);
        assert!(o.status.success(), "{file}: {}", stderr(&o));
    }
    // The same chapters in a book.
    let book = work.path();
    std::fs::create_dir_all(book.join("src")).unwrap();
    let mut summary = String::from("# Summary\n\n");
    for (file, text) in &chapters {
        std::fs::write(book.join("src").join(file), text).unwrap();
        summary.push_str(&format!("- [{file}]({file})\n"));
    }
    std::fs::write(book.join("src/SUMMARY.md"), summary).unwrap();
    std::fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"sources\"\n\n[build]\nextra-watch-dirs = [\"data\"]\n\n[preprocessor.effgraph]\n",
    )
    .unwrap();
    build_book(book).unwrap();

    for (source, (file, _)) in ALL.iter().zip(&chapters) {
        let (console, _) = render(source);
        let markdown = std::fs::read_to_string(work.path().join("out").join(file)).unwrap();
        let html =
            std::fs::read_to_string(book.join("book").join(file.replace(".md", ".html"))).unwrap();
        let md_rows = md_table(&markdown, "| Model |");
        let html_rows = html_table(&html, "effgraph-summary")[1..].to_vec();
        assert_eq!(md_rows, html_rows, "{}", source.name);
        assert_eq!(md_rows.len(), 2, "{}", source.name);
        for row in &md_rows {
            assert_eq!(row[2], console_best(&console, &row[0]), "{}", source.name);
        }
        assert_eq!(
            md_table(&markdown, "needed to reach each"),
            html_table(&html, "effgraph-equal-ppl")[1..].to_vec(),
            "{}",
            source.name
        );
    }
}

#[test]
fn the_same_runs_in_two_files_are_named_in_a_warning() {
    let dir = crate::common::temp_with(&[
        ("a/runs.jsonl", b"{\"model\":\"m\",\"perplexity\":20,\"flops_per_token\":1e9}\n{\"model\":\"m\",\"perplexity\":10,\"flops_per_token\":2e9}\n"),
        ("b/copy.jsonl", b"{\"model\":\"m\",\"perplexity\":20,\"flops_per_token\":1e9}\n"),
    ]);
    let o = effgraph(dir.path(), &["render", "--results-dir", ".", "-o", "out/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "warning: m at 1 GFLOPs, PPL 20.00 is in ./a/runs.jsonl and in ./b/copy.jsonl: the same run read twice counts twice (use exclude= to leave one out)\n"
    );
}

#[test]
fn implausible_values_are_warned_about_never_refused() {
    let dir = crate::common::temp_with(&[(
        "r.jsonl",
        b"{\"model\":\"m\",\"perplexity\":20,\"flops_per_token\":0.733}\n{\"model\":\"m\",\"perplexity\":10,\"flops_per_token\":6.66e20}\n{\"model\":\"m\",\"perplexity\":0.5,\"flops_per_token\":1e9}\n",
    )]);
    let o = effgraph(
        dir.path(),
        &["render", "--results-dir", "r.jsonl", "-o", "out/"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "warning: FLOPs per token as low as 0.733 (in r.jsonl): FLOPs per token are counted in FLOPs, not GFLOPs\n\
         warning: FLOPs per token as high as 6.66e20 (in r.jsonl): that looks like training FLOPs; choose that field with x=\n\
         warning: a perplexity of 0.5 (in r.jsonl) is below 1, which no perplexity is: if this is an accuracy, choose it with y= (higher is better for accuracies)\n"
    );
}

#[test]
fn paths_globs_include_and_exclude_choose_the_files_read() {
    let base = fixture("sources");
    let configs = |args: &[&str]| -> Vec<(String, u64)> {
        let out_dir = tempfile::tempdir().unwrap();
        let out = out_dir.path().join("fig");
        let mut all = vec!["render", "--model", "@dir", "--y", "loss", "--x", "C"];
        all.extend(args);
        all.extend([
            "--format",
            "svg",
            "--save-summary",
            "-o",
            out.to_str().unwrap(),
        ]);
        let o = effgraph(&base, &all);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let json: Value =
            serde_json::from_str(&std::fs::read_to_string(out.with_extension("json")).unwrap())
                .unwrap();
        json["models"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v["num_configs"].as_u64().unwrap()))
            .collect()
    };
    let both = vec![("chinchilla".to_string(), 4), ("kaplan".to_string(), 4)];
    assert_eq!(configs(&["--results-dir", "isoflop"]), both);
    assert_eq!(configs(&["--results-dir", "isoflop/*/table.tsv"]), both);
    assert_eq!(
        configs(&["--results-dir", "isoflop", "--exclude", "kaplan/*"]),
        [("chinchilla".to_string(), 4)]
    );
    assert_eq!(
        configs(&["--results-dir", "isoflop", "--include", "chinchilla/*"]),
        [("chinchilla".to_string(), 4)]
    );
}

#[test]
fn several_results_paths_are_read_as_one_set() {
    let dir = crate::common::temp_with(&[
        (
            "ours/runs.jsonl",
            b"{\"model\":\"ours\",\"perplexity\":20,\"flops_per_token\":1e9}\n",
        ),
        (
            "theirs/runs.csv",
            b"model,perplexity,flops_per_token\ntheirs,25,1e9\n",
        ),
        ("other/ignored.json", b"not read at all"),
    ]);
    let o = effgraph(
        dir.path(),
        &[
            "render",
            "--results-dir",
            "ours",
            "--results-dir",
            "theirs/runs.csv",
            "-o",
            "out/",
            "--format",
            "svg",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let console = stdout(&o);
    assert!(
        console.contains("\nours:\n") && console.contains("\ntheirs:\n"),
        "{console}"
    );
}

/// The guide's copies of the fixtures differ only by the `simulated` mark that labels their
/// hand-written numbers, so the guide shows what the tests check.
#[test]
fn the_guide_shows_the_fixture_files_marked_as_simulated() {
    let guide = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("book/data/sources");
    let fixtures = fixture("sources");
    let mut compared = 0;
    for (path, bytes) in crate::common::snapshot(&fixtures) {
        let relative = path.strip_prefix(&fixtures).unwrap().to_path_buf();
        if path.is_dir() {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        let ext = relative.extension().and_then(|e| e.to_str()).unwrap_or("");
        if relative.starts_with("harness/README.md")
            || relative.to_string_lossy().contains("samples_")
        {
            continue;
        }
        let copy = std::fs::read_to_string(guide.join(&relative)).unwrap();
        match ext {
            "json" | "jsonl" => {
                let values = |t: &str| -> Vec<Value> {
                    serde_json::Deserializer::from_str(t)
                        .into_iter::<Value>()
                        .map(Result::unwrap)
                        .collect()
                };
                let mut marked = values(&copy);
                for v in &mut marked {
                    let removed = v.as_object_mut().unwrap().remove("simulated");
                    assert_eq!(removed, Some(Value::Bool(true)), "{}", relative.display());
                }
                assert_eq!(marked, values(&text), "{}", relative.display());
            }
            "csv" | "tsv" => {
                let sep = if ext == "csv" { ',' } else { '\t' };
                let unmarked: Vec<String> = copy
                    .lines()
                    .enumerate()
                    .map(|(i, l)| {
                        let mark = if i == 0 { "simulated" } else { "true" };
                        l.strip_suffix(&format!("{sep}{mark}"))
                            .unwrap_or_else(|| panic!("{}: {l}", relative.display()))
                            .to_string()
                    })
                    .collect();
                assert_eq!(
                    unmarked,
                    text.lines().collect::<Vec<_>>(),
                    "{}",
                    relative.display()
                );
            }
            _ => panic!("unexpected fixture {}", relative.display()),
        }
        compared += 1;
    }
    assert_eq!(compared, 13);
}

/// Field mapping set once in book.toml applies to every directive, and changing it is a
/// change of every page's inputs: the next build reads the new field, not the cache.
#[test]
fn book_toml_maps_the_fields_of_every_directive() {
    let book = tempfile::tempdir().unwrap();
    copy_dir(
        &fixture("sources/harness"),
        &book.path().join("data/harness"),
    );
    std::fs::create_dir_all(book.path().join("src")).unwrap();
    std::fs::write(book.path().join("src/SUMMARY.md"), "- [Runs](runs.md)\n").unwrap();
    std::fs::write(
        book.path().join("src/runs.md"),
        "# Runs\n\n<<efficiency_graph data/harness/results table=summary>>\n",
    )
    .unwrap();
    let toml = |y: &str| {
        format!(
            "[book]\ntitle = \"t\"\n\n[build]\nextra-watch-dirs = [\"data\"]\n\n\
             [preprocessor.effgraph]\nmodel = \"@dir\"\nx = \"/config/model_num_parameters\"\n\
             y = \"/results/lambada_openai/{y},none\"\ny-label = \"LAMBADA {y}\"\n"
        )
    };
    let best_of_mamba = || {
        build_book(book.path()).unwrap();
        let html = std::fs::read_to_string(book.path().join("book/runs.html")).unwrap();
        let table = html_table(&html, "effgraph-summary");
        (table[0][2].clone(), table[1][2].clone())
    };
    std::fs::write(book.path().join("book.toml"), toml("acc")).unwrap();
    assert_eq!(
        best_of_mamba(),
        (
            "Best LAMBADA acc (its parameters)".into(),
            "0.62 (793M params)".into()
        )
    );
    std::fs::write(book.path().join("book.toml"), toml("perplexity")).unwrap();
    assert_eq!(
        best_of_mamba(),
        (
            "Best LAMBADA perplexity (its parameters)".into(),
            "6.02 (793M params)".into()
        )
    );
}
