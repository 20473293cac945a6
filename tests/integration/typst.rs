//! Typst documents: expanded by `effgraph expand`, compiled to PDF by the real Typst compiler
//! (PyPI's `typst`, which `.ci/run` installs) and read back with poppler.

use std::path::{Path, PathBuf};

use crate::common::{Test, have_python_module, have_tool, run_tool, stderr, stdout};

fn typst_tools() -> bool {
    have_python_module("typst") && have_tool("pdftotext")
}

/// Compiles `typ` (relative to `dir`) to a PDF beside it; fails the test with Typst's message.
fn compile(dir: &Path, typ: &str) -> PathBuf {
    let pdf = Path::new(typ).with_extension("pdf");
    let script = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])";
    Test::program("python3", dir)
        .args(&["-c", script, typ, pdf.to_str().unwrap()])
        .succeeds();
    dir.join(pdf)
}

fn report(dir: &Path, text: &str) {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/paper/data");
    crate::common::copy_dir(&data, &dir.join("data"));
    std::fs::write(dir.join("report.typ"), text).unwrap();
}

const REPORT: &str = "= Results

Pythia-deduped needs <<efficiency_value data/pythia_repo_evals_lambada_ppl.json requirements=data/reqs.toml requirement=dedup-ppl5>> less compute (@fig:pythia).

<<efficiency_graph data/pythia_repo_evals_lambada_ppl.json requirements=data/reqs.toml label=fig:pythia caption=\"Pythia against Pythia-deduped, #1 & co_2 $x$ // not a comment.\">>

```
<<efficiency_graph data/raw-block>>
```
// <<efficiency_graph data/comment>>
#let kept = \"<<efficiency_graph data/string>>\"
";

/// A figure, its tables, an inline value and a raw block left alone, compiled by Typst: the
/// PDF holds the value, every model name, the caption as written and the raw directive.
#[test]
fn a_typst_report_compiles_with_its_figure_tables_and_values() {
    if !typst_tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    report(dir.path(), REPORT);
    Test::expand(dir.path(), "report.typ", "build/report.typ")
        .deps("build/report.d")
        .succeeds();
    let pdf = compile(&dir.path().join("build"), "report.typ");
    let text = crate::common::pdf_text(&pdf);
    for expected in [
        "Pythia-deduped needs ≈1.05× less compute (Figure 1)",
        "Figure 1: Pythia against Pythia-deduped, #1 & co_2 $x$ // not a comment.",
        "Requirement Reason dedup-ppl5: ✓ met",
        "Pythia 7 (7) 3.92 at 24 GFLOPs",
        "Pythia-deduped 8 (8) 3.87 at 24 GFLOPs",
        "<<efficiency_graph data/raw-block>>",
    ] {
        assert!(text.contains(expected), "`{expected}` missing:\n{text}");
    }
    let built = std::fs::read_to_string(dir.path().join("build/report.typ")).unwrap();
    assert!(
        built.contains("// <<efficiency_graph data/comment>>"),
        "{built}"
    );
    assert!(
        built.contains("\"<<efficiency_graph data/string>>\""),
        "{built}"
    );
    let images = run_tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
    let deps = std::fs::read_to_string(dir.path().join("build/report.d")).unwrap();
    assert!(
        deps.contains(
            "build/report.typ: report.typ data/pythia_repo_evals_lambada_ppl.json data/reqs.toml"
        ),
        "{deps}"
    );
    // The figure is vector (SVG), so Typst embeds no image for it.
    assert_eq!(images.lines().count(), 2, "{images}");
}

/// `check --document` reads a built Typst document's values back and names a stale one.
#[test]
fn check_document_reads_a_typst_document() {
    if !typst_tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    report(
        dir.path(),
        "Pythia reaches <<efficiency_value data/pythia_repo_evals_lambada_ppl.json reading=y model=Pythia at_x=2e9>> at 2 GFLOPs.\n",
    );
    Test::expand(dir.path(), "report.typ", "build/report.typ").succeeds();
    compile(&dir.path().join("build"), "report.typ");
    let check = || {
        Test::effgraph(dir.path())
            .args(&["check", "--document", "build/report.typ"])
            .run()
    };
    let o = check();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "build/report.typ: 1 inline value checked, 0 stale\n"
    );
    let data = dir.path().join("data/pythia_repo_evals_lambada_ppl.json");
    let mut records: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&data).unwrap()).unwrap();
    for r in records.as_array_mut().unwrap() {
        if r["model"] == "Pythia" {
            r["perplexity"] = serde_json::json!(r["perplexity"].as_f64().unwrap() * 0.5);
        }
    }
    std::fs::write(&data, serde_json::to_vec_pretty(&records).unwrap()).unwrap();
    let o = check();
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("build/report.typ:1:")
            && out.contains("stale value: the document says `≈7\\.13"),
        "{out}"
    );
}

/// A model name written as Typst code, markup, math, a comment or a label is printed as
/// written: nothing from the data runs, comments out the rest or breaks the document.
#[test]
fn data_cannot_write_typst() {
    if !typst_tools() {
        return;
    }
    let hostile = "#read(\"/etc/passwd\") */ $x$ <lbl> @ref *b* _i_ `r` // c";
    let records: Vec<serde_json::Value> = (1..=3)
        .flat_map(|i| {
            [hostile, "Plain"].map(|m| {
                serde_json::json!({"model": m, "flops_per_token": 1e9 * f64::from(i), "perplexity": 30.0 / f64::from(i) + if m == "Plain" { 1.0 } else { 0.0 }})
            })
        })
        .collect();
    let dir = crate::common::temp_with(&[(
        "data/r.json",
        serde_json::to_string(&records).unwrap().as_bytes(),
    )]);
    std::fs::write(
        dir.path().join("report.typ"),
        "<<efficiency_graph data table=summary caption=\"Names.\">>\n",
    )
    .unwrap();
    Test::expand(dir.path(), "report.typ", "build/report.typ").succeeds();
    let pdf = compile(&dir.path().join("build"), "report.typ");
    let text = crate::common::pdf_text(&pdf);
    assert!(text.contains(hostile), "{text}");
    assert!(!text.contains("root:"), "{text}");
}
