//! The bad-input corpus in `tests/fixtures/bad_inputs/<case>/`: each case holds the files, a
//! `cmd` (the effgraph arguments, run in a copy of the case), the `expected` stderr (with the
//! copy's path as DIR), optionally a `setup` (what a checked-in file cannot hold: a symlink
//! loop, a FIFO, deep nesting, an empty folder) and an `mdbook` marker (the results also go
//! through `mdbook-effgraph`). Every case must: exit 2, print exactly `expected`, not panic,
//! and leave every file as it was. `UPDATE_SNAPSHOTS=1` rewrites `expected`.

use std::path::Path;
use std::process::Command;

use crate::common::{effgraph, fixture, run_preprocessor, snapshot};

const CONTROL_FILES: [&str; 4] = ["cmd", "expected", "setup", "mdbook"];

fn copy_case(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if CONTROL_FILES.iter().any(|c| name == *c) {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_case(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn setup(kind: &str, work: &Path) {
    let results = work.join("results");
    std::fs::create_dir_all(&results).unwrap();
    match kind {
        "empty_folder" => {}
        "deep_nesting" => {
            let depth = 100_000;
            std::fs::write(
                results.join("r.json"),
                "[".repeat(depth) + &"]".repeat(depth),
            )
            .unwrap();
        }
        "deep_nesting_in_a_field" => {
            // Nested 100,000 levels where a string belongs: refused, without deep recursion.
            let depth = 100_000;
            let text = format!(
                "{{\"model\": {}{}, \"perplexity\": 2, \"flops_per_token\": 1}}",
                "[".repeat(depth),
                "]".repeat(depth)
            );
            std::fs::write(results.join("r.json"), text).unwrap();
        }
        "symlink_loop" => std::os::unix::fs::symlink("..", results.join("loop")).unwrap(),
        "dangling_symlink" => {
            std::os::unix::fs::symlink("missing.json", results.join("r.json")).unwrap()
        }
        "fifo" => mkfifo(&results.join("f.json")),
        "fifo_requirements" => mkfifo(&work.join("reqs.toml")),
        "fifo_output" => {
            std::fs::create_dir_all(work.join("out")).unwrap();
            mkfifo(&work.join("out/fig.svg"));
        }
        "symlink_output" => {
            std::fs::create_dir_all(work.join("out")).unwrap();
            std::fs::write(work.join("target.txt"), "keep me\n").unwrap();
            std::os::unix::fs::symlink("../target.txt", work.join("out/fig.svg")).unwrap();
        }
        "make_injection_name" => {
            // A file name that, unescaped in the dependency file, becomes a Make rule running
            // `touch PWNED` (see examples/paper/Makefile).
            let name = "X=1\npaper.tex:\tq\nq:\n\ttouch\tPWNED\nz=.json";
            std::fs::write(
                results.join(name),
                r#"{"model": "m", "perplexity": 30, "flops_per_token": 1e9}"#,
            )
            .unwrap();
        }
        "escape_in_model_folder" => {
            // A terminal escape in a folder read as the model's name (model=@dir).
            let folder = results.join("evil\u{1b}[31mred");
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(
                folder.join("r.json"),
                r#"{"perplexity": 30, "flops_per_token": 1e9}"#,
            )
            .unwrap();
        }
        other => panic!("unknown setup `{other}`"),
    }
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

/// The same results through the mdBook preprocessor: a book whose one chapter points at them.
fn through_mdbook(work: &Path, cli_message: &str) -> Result<(), String> {
    let book = tempfile::tempdir().unwrap();
    let root = book.path();
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::rename(work.join("results"), root.join("results")).unwrap();
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"bad\"\n\n[preprocessor.effgraph]\n",
    )
    .unwrap();
    std::fs::write(
        root.join("src/SUMMARY.md"),
        "# Summary\n\n- [Chapter](chapter.md)\n",
    )
    .unwrap();
    std::fs::write(
        root.join("src/chapter.md"),
        "# Chapter\n\n<<efficiency_graph results>>\n",
    )
    .unwrap();
    let before = snapshot(root);
    let out = run_preprocessor(root, "html");
    let stderr = String::from_utf8_lossy(&out.stderr).replace(&root.display().to_string(), "ROOT");
    let expected = format!(
        "mdbook-effgraph: error: src/chapter.md:3:1: {}",
        cli_message.strip_prefix("error: ").unwrap_or(cli_message)
    );
    if out.status.code() != Some(1) || stderr != expected || stderr.contains("panicked") {
        return Err(format!(
            "mdbook-effgraph: status {:?}\n--- got\n{stderr}--- expected\n{expected}",
            out.status.code()
        ));
    }
    if snapshot(root) != before {
        return Err("mdbook-effgraph changed files in the book".into());
    }
    Ok(())
}

fn run_case(case: &Path) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    copy_case(case, &work);
    if let Ok(kind) = std::fs::read_to_string(case.join("setup")) {
        setup(kind.trim(), &work);
    }
    let cmd = std::fs::read_to_string(case.join("cmd")).unwrap();
    let args: Vec<&str> = cmd.split_whitespace().collect();
    let before = snapshot(dir.path());
    let out = effgraph(&work, &args);
    let stderr = String::from_utf8_lossy(&out.stderr).replace(&work.display().to_string(), "DIR");
    let mut problems = Vec::new();
    if out.status.code() != Some(2) {
        problems.push(format!("exit status {:?}, expected 2", out.status.code()));
    }
    if stderr.contains("panicked") {
        problems.push("it panicked".into());
    }
    if snapshot(dir.path()) != before {
        problems.push("files were created or changed".into());
    }
    let expected_path = case.join("expected");
    let snapshot =
        std::panic::catch_unwind(|| crate::snapshots::assert_text(&expected_path, &stderr));
    if let Err(panic) = snapshot {
        let why = panic
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_else(|| "snapshot check failed".into());
        problems.push(format!("{why}\n--- got\n{stderr}"));
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    if case.join("mdbook").exists()
        && let Err(e) = through_mdbook(&work, &expected)
    {
        problems.push(e);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[test]
fn every_bad_input_gets_a_clear_error_and_changes_nothing() {
    let root = fixture("bad_inputs");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "the corpus has {} cases", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            run_case(case)
                .err()
                .map(|e| format!("== {}\n{e}", case.file_name().unwrap().to_string_lossy()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The guide's *Errors* page shows messages a test produces: each example message (the first
/// code span of a table row, split at `…`) is the expected output of a corpus case or is
/// asserted by an integration test, so the page cannot drift from what users see.
#[test]
fn the_errors_page_shows_messages_the_tests_produce() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = std::fs::read_to_string(root.join("book/src/errors.md")).unwrap();
    let mut known = String::new();
    for case in std::fs::read_dir(fixture("bad_inputs")).unwrap() {
        known += &std::fs::read_to_string(case.unwrap().path().join("expected")).unwrap();
    }
    for test in std::fs::read_dir(root.join("tests/integration")).unwrap() {
        known += &std::fs::read_to_string(test.unwrap().path()).unwrap();
    }
    // Test sources hold messages as Rust strings.
    let known = known.replace("\\\"", "\"");
    // Messages from drawing failures are not expected for any data that loads; no test makes one.
    let untestable = ["cannot draw the figure:"];
    let mut missing = Vec::new();
    for row in page.lines().filter(|l| l.starts_with("| `")) {
        let ticks = if row.starts_with("| ``") { "``" } else { "`" };
        let body = &row[2 + ticks.len()..];
        let message = &body[..body.find(ticks).unwrap()];
        for part in message.split('…').map(|p| p.trim().trim_end_matches(',')) {
            if part.len() > 8 && !known.contains(part) && !untestable.contains(&part) {
                missing.push(part.to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "messages on the Errors page that no test produces: {missing:#?}"
    );
}
