//! What a hostile or careless result file, file name or chapter must not make effgraph do:
//! inject mdBook commands or script into a page, rules into Make, reuse a tampered cache,
//! write outside its outputs or over its inputs, or fall over on extreme values. Errors for
//! bad input are in the bad-input corpus; these are the cases that need a real build.

use std::path::Path;

use crate::common::{
    Test, build_book, chromium_dom, copy_dir, effgraph, fixture, have_tool, run_preprocessor,
    stderr, stdout, temp_with,
};

const SECRET: &str = "SECRET-BOOK-TOML-MARKER";

/// A book whose result file names models after mdBook commands that would include a file of
/// script and the book's own book.toml, and (when mdBook's `links` runs after effgraph, so
/// that the chapter's own commands are not expanded first) whose caption does the same.
fn injection_book(extra_toml: &str, links_first: bool) -> tempfile::TempDir {
    let records = [
        ("{{#include ../results/payload.txt}}", 40.0, 30.0),
        ("{{#include ../book.toml}}", 39.0, 29.0),
        ("{{#title Pwned}} \\{{#include ../book.toml}}", 38.0, 28.0),
    ];
    let mut json = Vec::new();
    for (model, p1, p2) in records {
        for (ppl, flops) in [(p1, 1e9), (p2, 4e9)] {
            json.push(
                serde_json::json!({"model": model, "perplexity": ppl, "flops_per_token": flops}),
            );
        }
    }
    let results = serde_json::to_string(&json).unwrap();
    let toml = format!(
        "# {SECRET}\n[book]\ntitle = \"injection\"\n\n[preprocessor.effgraph]\n{extra_toml}"
    );
    let chapter = if links_first {
        "# Chapter\n\n<<efficiency_graph results caption=\"{{#title}}\">>\n\n<<efficiency_graph missing/x>>\n"
    } else {
        "# Chapter\n\n<<efficiency_graph results caption=\"{{#include ../book.toml}}\">>\n\n<<efficiency_graph missing/{{#include ../book.toml}}>>\n"
    };
    temp_with(&[
        ("book.toml", toml.as_bytes()),
        ("results/r.json", results.as_bytes()),
        (
            "results/payload.txt",
            b"<img src=x onerror=\"document.title='XSS'\"><script>document.title='XSS2'</script>",
        ),
        ("src/SUMMARY.md", b"# Summary\n\n- [Chapter](chapter.md)\n"),
        ("src/chapter.md", chapter.as_bytes()),
    ])
}

#[test]
fn mdbook_commands_in_data_are_shown_not_run() {
    for order in ["", "after = [\"links\"]\n"] {
        let links_first = !order.is_empty();
        let book = injection_book(&format!("on-failure = \"continue\"\n{order}"), links_first);
        build_book(book.path()).unwrap();
        let page = book.path().join("book/chapter.html");
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(!html.contains(SECRET), "book.toml was included ({order})");
        assert!(
            !html.contains("onerror"),
            "the payload was included ({order})"
        );
        // mdBook parses and re-serialises the page, so the names read as plain text there.
        let caption = if links_first {
            "{{#title}}"
        } else {
            "{{#include ../book.toml}}"
        };
        assert!(
            html.contains(&format!("<figcaption>{caption}</figcaption>")),
            "the caption is shown as text ({order})"
        );
        if let Some(dom) = chromium_dom(&page) {
            assert!(!dom.contains("XSS"), "script ran in the page ({order})");
            assert!(!dom.contains("onerror") && !dom.contains(SECRET));
            assert!(
                dom.contains("{{#include ../results/payload.txt}}"),
                "{order}"
            );
            assert!(!dom.contains("<title>Pwned"), "{{{{#title}}}} was run");
        }
    }
}

#[test]
fn make_special_characters_in_file_names_are_escaped() {
    let dir = crate::common::fixture_copy("latex_paper");
    let results = dir.path().join("data/results");
    let odd = results.join("a b#c$d:e%f*g[h].json");
    std::fs::rename(results.join("mamba_efficiency_0.json"), &odd).unwrap();
    Test::expand(dir.path(), "paper.tex", "build/paper.tex")
        .deps("build/paper.d")
        .succeeds();
    let deps = std::fs::read_to_string(dir.path().join("build/paper.d")).unwrap();
    assert!(
        deps.contains(r"data/results/a\ b\#c$$d\:e%f\*g\[h\].json "),
        "{deps}"
    );
    assert!(deps.contains("data/results/a\\ b\\#c$$d\\:e\\%f\\*g\\[h\\].json:\n"));
    if !have_tool("make") {
        return;
    }
    // Make reads the file back as the same name: the prerequisite is found, not remade.
    let makefile = "include build/paper.d\nbuild/paper.tex:\n\ttouch $@\n";
    std::fs::write(dir.path().join("Makefile"), makefile).unwrap();
    let up_to_date = || Test::program("make", dir.path()).args(&["-s", "-q", "build/paper.tex"]);
    // Exit 0: make finds build/paper.tex up to date.
    up_to_date().exits(0);
    filetime_touch(&odd);
    // Exit 1: an edited result file makes it stale.
    up_to_date().exits(1);
}

/// Sets `path`'s modification time a minute ahead, so Make sees it as newer.
fn filetime_touch(path: &Path) {
    let file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
    file.set_modified(later).unwrap();
}

/// The example paper's Makefile, given a result file whose name was made to inject a rule,
/// refuses to write the dependency file and nothing runs.
#[test]
fn the_example_makefile_cannot_be_made_to_run_a_command() {
    if !have_tool("make") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/paper"),
        dir.path(),
    );
    // The paper reads its data folder, where a collaborator's file arrives.
    let paper = dir.path().join("paper.tex");
    let text = std::fs::read_to_string(&paper).unwrap();
    let text = text.replace("data/pythia_repo_evals_lambada_ppl.json", "data");
    std::fs::write(&paper, text).unwrap();
    let name = "X=1\npaper.tex:\tq\nq:\n\ttouch\tPWNED\nz=.json";
    std::fs::write(
        dir.path().join("data").join(name),
        r#"{"model": "Pythia-70M", "perplexity": 1000, "flops_per_token": 1e8}"#,
    )
    .unwrap();
    let out = Test::make(dir.path()).args(&["build/paper.tex"]).run();
    assert!(!out.status.success(), "expand must refuse the name");
    let err = stderr(&out);
    assert!(err.contains("Make cannot name this file"), "{err}");
    assert!(!dir.path().join("build/paper.d").exists());
    // A second make must not run an injected rule either.
    let _ = Test::make(dir.path()).run();
    assert!(!dir.path().join("PWNED").exists());
}

/// SHA-256 of `text` in hex, as `sha256sum` prints it.
fn effgraph_sha256(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    std::fs::write(&path, text).unwrap();
    let out = crate::common::run_tool("sha256sum", &[path.to_str().unwrap()]);
    out.split(' ').next().unwrap().to_string()
}

/// A cache built under one user's key (a folder committed to a repository, copied from
/// another machine) is rendered again under another's, then reused under that one.
#[test]
fn a_cache_sealed_with_another_key_is_rendered_again() {
    let dir = crate::common::fixture_copy("book_basic");
    let root = dir.path();
    let keys = tempfile::tempdir().unwrap();
    let run = |who: &str| {
        let key_home = keys.path().join(who);
        let env = [("XDG_CACHE_HOME", key_home.as_path())];
        let out = crate::common::run_preprocessor_with(root, "html", &env);
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(run("alice").contains("1 rendered, 0 from cache"));
    assert!(run("alice").contains("0 rendered, 1 from cache"));
    assert!(run("mallory").contains("1 rendered, 0 from cache"));
    assert!(run("mallory").contains("0 rendered, 1 from cache"));
    let key = keys.path().join("alice/effgraph/seal-key");
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&key).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600);
    assert_eq!(std::fs::read(&key).unwrap().len(), 32);
}

/// Every cache entry the book has, by name.
fn cache_entries(root: &Path) -> Vec<std::path::PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(root.join(".effgraph-cache"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    entries.sort();
    entries
}

/// A way to spoil a cache entry.
type Tamper<'a> = dyn Fn(&Path) + 'a;

#[test]
fn a_tampered_cache_entry_is_rendered_again() {
    let dir = crate::common::fixture_copy("book_basic");
    let root = dir.path();
    build_book(root).unwrap();
    let clean = std::fs::read_to_string(root.join("book/results.html")).unwrap();
    let entries = cache_entries(root);
    assert_eq!(entries.len(), 1);
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), "<script>alert('outside file')</script>").unwrap();
    let tamper: [(&str, &Tamper); 4] = [
        ("a link to an outside file", &|entry| {
            std::fs::remove_file(entry).unwrap();
            std::os::unix::fs::symlink(outside.path(), entry).unwrap();
        }),
        ("a truncated entry", &|entry| {
            let bytes = std::fs::read(entry).unwrap();
            std::fs::write(entry, &bytes[..bytes.len() / 2]).unwrap();
        }),
        ("an edited entry", &|entry| {
            let text = std::fs::read_to_string(entry).unwrap();
            std::fs::write(entry, text.replace("resnetbk", "tampered")).unwrap();
        }),
        ("an edited entry with its hash made anew", &|entry| {
            // What anyone who can write the cache can compute: a plain hash of what follows.
            let text = std::fs::read_to_string(entry).unwrap();
            let (magic, rest) = text.split_once(' ').unwrap();
            let (_, sealed) = rest.split_at(rest.find(['\n', ' ']).unwrap());
            let sealed = sealed.replace("resnetbk", "tampered");
            let hash = effgraph_sha256(&sealed);
            std::fs::write(entry, format!("{magic} {hash}{sealed}")).unwrap();
        }),
    ];
    for (what, change) in tamper {
        change(&entries[0]);
        let out = run_preprocessor(root, "html");
        assert_eq!(out.status.code(), Some(0));
        let log = String::from_utf8_lossy(&out.stderr);
        assert!(log.contains("1 rendered, 0 from cache"), "{what}: {log}");
        build_book(root).unwrap();
        let html = std::fs::read_to_string(root.join("book/results.html")).unwrap();
        assert_eq!(html, clean, "{what} changed the page");
    }
}

#[test]
fn a_truncated_figure_beside_a_latex_paper_is_drawn_again() {
    let dir = crate::common::fixture_copy("latex_paper");
    let args = ["expand", "paper.tex", "-o", "build/paper.tex"];
    assert_eq!(effgraph(dir.path(), &args).status.code(), Some(0));
    let figures: Vec<_> = std::fs::read_dir(dir.path().join("build/effgraph"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(figures.len(), 1);
    let whole = std::fs::read(&figures[0]).unwrap();
    std::fs::write(&figures[0], &whole[..whole.len() / 3]).unwrap();
    let o = effgraph(dir.path(), &args);
    assert!(
        stdout(&o).contains("(1 rendered, 0 from cache"),
        "{}",
        stdout(&o)
    );
    assert_eq!(std::fs::read(&figures[0]).unwrap(), whole);
}

#[test]
fn the_cache_folder_is_its_own_folder_reached_without_links() {
    let dir = crate::common::fixture_copy("book_basic");
    let root = dir.path();
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), root.join("lnk")).unwrap();
    let base = std::fs::read_to_string(root.join("book.toml")).unwrap();
    let cases = [
        (
            "lnk/cache",
            "lnk is a symbolic link; the cache folder must be reached without links",
        ),
        (
            ".",
            "`.` is the book root; give the cache a folder of its own",
        ),
        (
            "./",
            "`./` is the book root; give the cache a folder of its own",
        ),
        (
            "src/cache",
            "`src/cache` is inside the book's src folder; `mdbook serve` would rebuild forever",
        ),
        (
            "./src",
            "`./src` is inside the book's src folder; `mdbook serve` would rebuild forever",
        ),
    ];
    for (cache, message) in cases {
        std::fs::write(
            root.join("book.toml"),
            format!("{base}cache-dir = \"{cache}\"\n"),
        )
        .unwrap();
        let out = run_preprocessor(root, "html");
        let err = String::from_utf8_lossy(&out.stderr).replace(&root.display().to_string(), "ROOT");
        assert_eq!(out.status.code(), Some(1), "{cache}");
        assert_eq!(
            err,
            format!(
                "mdbook-effgraph: error: book.toml: [preprocessor.effgraph] cache-dir: {message}\n"
            )
        );
    }
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    assert!(!root.join(".gitignore").exists());
}

#[test]
fn a_fractional_max_file_size_is_a_clear_error() {
    let dir = crate::common::fixture_copy("book_basic");
    let toml = dir.path().join("book.toml");
    let base = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{base}max-file-size = 1.5\n")).unwrap();
    let out = run_preprocessor(dir.path(), "html");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "mdbook-effgraph: error: book.toml: [preprocessor.effgraph] max-file-size: `1.5` is not a whole number of bytes (write e.g. 1048576 or \"256M\")\n"
    );
}

/// The old default wrote the summary into the results folder, where the next run read it
/// as a result file.
#[test]
fn outputs_never_land_among_the_results_and_summaries_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("old_layout/results"), &dir.path().join("results"));
    let args = ["render", "--results-dir", "results", "--save-summary"];
    for _ in 0..2 {
        let o = effgraph(dir.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(
            stdout(&o).contains("wrote efficiency_graph.json"),
            "{}",
            stdout(&o)
        );
    }
    // A summary written into the results folder on purpose is skipped with a note.
    let o = effgraph(
        dir.path(),
        &[
            "render",
            "--results-dir",
            "results",
            "-o",
            "results/summary",
            "--save-summary",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = effgraph(
        dir.path(),
        &[
            "check",
            "--results-dir",
            "results",
            "--requirements",
            "/dev/null",
        ],
    );
    assert_eq!(stderr(&o), "error: /dev/null: not a regular file\n");
    let o = effgraph(
        dir.path(),
        &["render", "--results-dir", "results", "-o", "out/"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "note: skipped results/summary.json: a summary effgraph wrote, not a result file\n"
    );
    assert!(
        dir.path().join("out/efficiency_graph.svg").is_file(),
        "-o out/ is a folder"
    );
    assert!(!dir.path().join("out/.svg").exists());
}

#[test]
fn temporary_files_of_a_killed_run_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("old_layout/results"), &dir.path().join("results"));
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    let stale = dir.path().join("out/.effgraph-Ab12Cd");
    std::fs::write(&stale, "half a figure").unwrap();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&stale)
        .unwrap();
    file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600))
        .unwrap();
    let fresh = dir.path().join("out/.effgraph-Fresh1");
    std::fs::write(&fresh, "being written").unwrap();
    let o = effgraph(
        dir.path(),
        &["render", "--results-dir", "results", "-o", "out/fig"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stale.exists(), "a stale temporary file was left");
    assert!(
        fresh.exists(),
        "a file another run may be writing was removed"
    );
}

#[test]
fn extreme_finite_values_render() {
    let cases = [
        r#"[{"model":"a","perplexity":2,"flops_per_token":1e300},{"model":"a","perplexity":1,"flops_per_token":1}]"#,
        r#"[{"model":"a","perplexity":1e300,"flops_per_token":2},{"model":"a","perplexity":1e-300,"flops_per_token":1}]"#,
        r#"[{"model":"a","perplexity":1.7e308,"flops_per_token":1.7e308},{"model":"a","perplexity":5e-324,"flops_per_token":5e-324}]"#,
    ];
    for json in cases {
        let dir = temp_with(&[("results/r.json", json.as_bytes())]);
        for format in ["svg", "png", "pdf", "eps"] {
            let o = effgraph(
                dir.path(),
                &[
                    "render",
                    "--results-dir",
                    "results",
                    "--format",
                    format,
                    "--dpi",
                    "30",
                ],
            );
            assert_eq!(o.status.code(), Some(0), "{json} {format}: {}", stderr(&o));
            assert!(!stdout(&o).contains("NaN"), "{}", stdout(&o));
        }
    }
}

#[test]
fn a_utf8_byte_order_mark_is_accepted() {
    let json = "\u{feff}[{\"model\":\"a\",\"perplexity\":20,\"flops_per_token\":1e9}]";
    let reqs = "\u{feff}[[requirement]]\nid = \"R\"\nmetric = \"flops_ratio\"\ncandidate = \"a\"\nbaseline = \"a\"\nat_ppl = 30\nthreshold = 1\n";
    let dir = temp_with(&[
        ("results/r.json", json.as_bytes()),
        ("reqs.toml", reqs.as_bytes()),
    ]);
    let o = effgraph(
        dir.path(),
        &[
            "check",
            "--results-dir",
            "results",
            "--requirements",
            "reqs.toml",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn hundreds_of_thousands_of_configurations_draw() {
    let dir = tempfile::tempdir().unwrap();
    let o = effgraph(
        dir.path(),
        &[
            "render",
            "--simulate",
            "--num-configs",
            "400000",
            "-o",
            "big",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = std::fs::read_to_string(dir.path().join("big.svg")).unwrap();
    assert!(svg.len() < 20 << 20, "{} bytes", svg.len());
}

#[test]
fn greek_model_names_and_identifier_labels_compile() {
    let dir = crate::common::fixture_copy("latex_paper");
    for file in std::fs::read_dir(dir.path().join("data/results")).unwrap() {
        let path = file.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("\"mamba\"", "\"Mamba-αΔ\"")).unwrap();
    }
    let reqs = dir.path().join("data/reqs.toml");
    let text = std::fs::read_to_string(&reqs).unwrap();
    std::fs::write(&reqs, text.replace("\"mamba\"", "\"Mamba-αΔ\"")).unwrap();
    let paper = dir.path().join("paper.tex");
    let text = std::fs::read_to_string(&paper).unwrap();
    let text = text.replace("label=fig:eff", "label=fig_eff.1").replace(
        "\\end{document}",
        "See Figure~\\ref{fig_eff.1}.\n\\end{document}",
    );
    std::fs::write(&paper, text).unwrap();
    let o = effgraph(
        dir.path(),
        &["expand", "paper.tex", "-o", "build/paper.tex"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let tex = std::fs::read_to_string(dir.path().join("build/paper.tex")).unwrap();
    assert!(
        tex.contains("\\label{fig_eff.1}"),
        "labels are written verbatim"
    );
    assert!(
        tex.contains("Mamba-$\\alpha$$\\Delta$"),
        "Greek is written as math"
    );
    if !(have_tool("latexmk") && have_tool("pdftotext")) {
        return;
    }
    crate::common::latexmk_pdf(&dir.path().join("build"));
    let pdf = dir.path().join("build/paper.pdf");
    let text = crate::common::run_tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("See Figure 1."), "the label resolves: {text}");
}

#[test]
fn a_fifo_as_book_wide_requirements_fails_at_once() {
    let dir = crate::common::fixture_copy("book_basic");
    let fifo = dir.path().join("reqs.fifo");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let toml = dir.path().join("book.toml");
    let text = std::fs::read_to_string(&toml).unwrap().replace(
        "requirements = \"data/reqs.toml\"",
        "requirements = \"reqs.fifo\"",
    );
    std::fs::write(&toml, text).unwrap();
    let out = run_preprocessor(dir.path(), "html");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "mdbook-effgraph: error: src/results.md:5:1: reqs.fifo: not a regular file\n"
    );
}

#[test]
fn a_newline_in_a_file_name_cannot_forge_a_line_of_output() {
    let dir = temp_with(&[("results/a\nerror: all good.json", b"{\"model\": 1}")]);
    let o = effgraph(dir.path(), &["render", "--results-dir", "results"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: results/a\\nerror: all good.json:1:12: field `model`: must be a string, found 1\n"
    );
}

/// A hundred thousand records from a JSON Lines file (parsed in two halves) draw, with the
/// same numbers as when the file is read as one JSON array (parsed in one pass).
#[test]
fn a_hundred_thousand_records_from_a_file_draw() {
    let mut lines = String::new();
    let mut array = Vec::new();
    for i in 0..100_000u64 {
        let record = serde_json::json!({
            "model": format!("model{}", i % 8),
            "config_id": format!("c{i}"),
            "perplexity": 20.0 + 100.0 / (1.0 + (i * 104_729 % 997) as f64),
            "flops_per_token": 1e9 * (1.0 + (i * 7919 % 1000) as f64 / 10.0),
        });
        lines.push_str(&format!("{record}\n"));
        array.push(record);
    }
    let array = serde_json::to_string(&array).unwrap();
    let dir = crate::common::temp_with(&[
        ("lines/r.jsonl", lines.as_bytes()),
        ("array/r.json", array.as_bytes()),
    ]);
    let mut summaries = Vec::new();
    for (results, out) in [("lines", "l"), ("array", "a")] {
        let o = effgraph(
            dir.path(),
            &[
                "render",
                "--results-dir",
                results,
                "-o",
                out,
                "--save-summary",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let json = std::fs::read_to_string(dir.path().join(format!("{out}.json"))).unwrap();
        let mut summary: serde_json::Value = serde_json::from_str(&json).unwrap();
        summary["results_path"] = serde_json::Value::Null;
        summaries.push(summary);
    }
    assert_eq!(summaries[0]["models"]["model3"]["num_configs"], 12_500);
    assert_eq!(summaries[0], summaries[1]);
}
