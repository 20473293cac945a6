//! `pandoc-effgraph`, the Pandoc JSON filter, with Debian's real `pandoc`: a Markdown document
//! to HTML (opened in Chromium), to PDF through pdflatex (read back with pdftotext) and to
//! Word (read back with pandoc), each holding the figure, the tables with every model name
//! and the inline value; directives in code stay code.

use std::path::{Path, PathBuf};

use crate::common::{Test, have_tool, stderr};

const DOC: &str = "# Results

Pythia-deduped needs <<efficiency_value data/pythia_repo_evals_lambada_ppl.json requirements=data/reqs.toml requirement=dedup-ppl5>> the compute of Pythia.

<<efficiency_graph data/pythia_repo_evals_lambada_ppl.json requirements=data/reqs.toml label=fig:pythia caption=\"Pythia against Pythia-deduped.\">>

`<<efficiency_graph data/in-code>>`
";

fn document() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/paper/data");
    crate::common::copy_dir(&data, &dir.path().join("data"));
    std::fs::write(dir.path().join("doc.md"), DOC).unwrap();
    dir
}

/// `pandoc doc.md --filter pandoc-effgraph -o NAME`, with the filter on the path.
fn pandoc(dir: &Path, output: &str) -> PathBuf {
    Test::program("pandoc", dir)
        .args(&["doc.md", "--filter", "pandoc-effgraph", "-o", output])
        .with_effgraph_on_path()
        .succeeds();
    dir.join(output)
}

fn assert_holds(text: &str, what: &str) {
    for expected in [
        "Pythia-deduped needs ≈1.05× the compute of Pythia.",
        "Pythia against Pythia-deduped.",
        "dedup-ppl5",
        "Pythia-deduped",
        "8 (8)",
        "138.45",
        "<<efficiency_graph data/in-code>>",
    ] {
        assert!(
            text.contains(expected),
            "{what}: `{expected}` missing:\n{text}"
        );
    }
}

#[test]
fn pandoc_writes_html_with_an_svg_figure_and_real_tables() {
    if !(have_tool("pandoc") && have_tool("chromium")) {
        return;
    }
    let dir = document();
    let html = pandoc(dir.path(), "doc.html");
    let dom = crate::common::chromium_dom(&html).expect("chromium");
    let text: String = dom
        .split('<')
        .map(|t| t.split_once('>').map_or(t, |(_, s)| s))
        .collect::<Vec<_>>()
        .join(" ");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_holds(&text.replace("&lt;", "<").replace("&gt;", ">"), "HTML");
    assert!(
        dom.contains("<img src=\"effgraph/") && dom.contains(".svg\""),
        "{dom}"
    );
    assert_eq!(dom.matches("<table").count(), 4, "{dom}");
    assert!(dom.contains("<figure"), "{dom}");
}

#[test]
fn pandoc_writes_a_pdf_through_pdflatex() {
    if !(have_tool("pandoc") && have_tool("pdflatex") && have_tool("pdftotext")) {
        return;
    }
    let dir = document();
    let pdf = pandoc(dir.path(), "doc.pdf");
    assert_holds(&crate::common::pdf_text(&pdf), "PDF");
    let figures: Vec<_> = std::fs::read_dir(dir.path().join("effgraph"))
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    assert_eq!(figures.len(), 1, "{figures:?}");
}

#[test]
fn pandoc_writes_word_with_a_png_figure() {
    if !have_tool("pandoc") {
        return;
    }
    let dir = document();
    pandoc(dir.path(), "doc.docx");
    let back = Test::program("pandoc", dir.path())
        .args(&[
            "doc.docx",
            "-t",
            "plain",
            "--wrap=none",
            "--extract-media=media",
        ])
        .succeeds();
    let text = crate::common::stdout(&back);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_holds(&text, "Word");
    let media: Vec<_> = std::fs::read_dir(dir.path().join("media/media"))
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .collect();
    assert!(media.iter().any(|m| m.ends_with(".png")), "{media:?}");
}

/// Pandoc 3 (PyPI's `pypandoc-binary` ships it) gets a `Figure` block: an HTML `<figure>`
/// with the label as its id, the caption as its caption and the description as the image's
/// text alternative.
#[test]
fn pandoc_3_gets_a_figure_block() {
    if !crate::common::have_python_module("pypandoc") {
        return;
    }
    let find = Test::program("python3", Path::new("."))
        .args(&["-c", "import pypandoc; print(pypandoc.get_pandoc_path())"])
        .succeeds();
    let pandoc3 = crate::common::stdout(&find).trim().to_string();
    let dir = document();
    Test::program(&pandoc3, dir.path())
        .args(&["doc.md", "--filter", "pandoc-effgraph", "-o", "doc.html"])
        .with_effgraph_on_path()
        .succeeds();
    let html = std::fs::read_to_string(dir.path().join("doc.html")).unwrap();
    assert!(html.contains("<figure id=\"fig:pythia\">"), "{html}");
    assert!(html.contains("<figcaption>Pythia against"), "{html}");
    assert!(
        html.contains("alt=\"Chart of perplexity against FLOPs per token."),
        "{html}"
    );
    assert_eq!(html.matches("<table").count(), 4, "{html}");
    assert!(html.contains("needs ≈1.05× the compute"), "{html}");
}

/// A bad directive: the filter names its paragraph and text (Pandoc keeps no positions),
/// exits 2, and Pandoc writes nothing.
#[test]
fn a_bad_directive_names_its_paragraph() {
    if !have_tool("pandoc") {
        return;
    }
    let dir = document();
    std::fs::write(
        dir.path().join("doc.md"),
        "# T\n\nText.\n\n<<efficiency_graph data colour=red>>\n",
    )
    .unwrap();
    let out = Test::program("pandoc", dir.path())
        .args(&["doc.md", "--filter", "pandoc-effgraph", "-o", "doc.html"])
        .with_effgraph_on_path()
        .run();
    assert!(!out.status.success());
    assert!(
        stderr(&out).starts_with("pandoc-effgraph: error: paragraph 2: `<<efficiency_graph data colour=red>>`: unknown key `colour` (expected one of: requirements,"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("doc.html").exists());
}
