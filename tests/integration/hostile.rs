//! Hostile strings (model names, config ids, requirement ids and descriptions, captions
//! holding `<script>`, `</svg>`, quotes, pipes, backticks, `\input{/etc/passwd}`, `%`,
//! newlines) come out escaped in every output: HTML, SVG, Markdown and LaTeX.

use crate::common::{
    copy_dir, effgraph, fixture, have_tool, latexmk_pdf, run_preprocessor, run_tool, stderr,
};

/// Unescaped `|` in a Markdown table row.
fn cells(row: &str) -> usize {
    let bytes = row.as_bytes();
    (0..bytes.len())
        .filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'))
        .count()
}

#[test]
fn mdbook_html_and_markdown_escape_everything() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("hostile"), dir.path());
    let out = run_preprocessor(dir.path(), "html");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let book: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let html = book["items"][0]["Chapter"]["content"]
        .as_str()
        .unwrap()
        .to_string();
    for raw in ["<script>", "</svg><b>", "<b>id</b>"] {
        assert!(!html.contains(raw), "raw `{raw}` in the HTML");
    }
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"),
        "{html}"
    );
    assert!(html.contains("cap &lt;script&gt;alert(3)&lt;&#x2F;script&gt;"));
    assert_eq!(html.matches("<svg").count(), 1);
    assert_eq!(
        html.matches("</svg>").count(),
        1,
        "a name closed the SVG early"
    );

    let out = run_preprocessor(dir.path(), "markdown");
    let book: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let md = book["items"][0]["Chapter"]["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!md.contains("<script>") && !md.contains("</svg>"), "{md}");
    let header = md.lines().find(|l| l.starts_with("| Model |")).unwrap();
    let rows: Vec<&str> = md
        .lines()
        .skip_while(|l| !l.starts_with("| Model |"))
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert_eq!(rows.len(), 2 + 5, "one row per model: {rows:#?}");
    for row in rows {
        assert_eq!(cells(row), cells(header), "a name broke the table: {row}");
    }
    assert!(md.contains("\\`tick\\`") && md.contains("pipe\\|name"));
}

#[test]
fn svg_files_stay_well_formed() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("hostile"), dir.path());
    let o = effgraph(
        dir.path(),
        &[
            "render",
            "--results-dir",
            "results",
            "--requirements",
            "reqs.toml",
            "--title",
            "</svg><script>t</script>",
            "-o",
            "fig",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = std::fs::read_to_string(dir.path().join("fig.svg")).unwrap();
    assert!(!svg.contains("<script"), "{}", &svg[..400]);
    assert_eq!(svg.matches("</svg>").count(), 1);
    assert!(
        svg.contains("<title id=\"")
            && svg.contains(">&lt;/svg&gt;&lt;script&gt;t&lt;/script&gt;</title>")
    );
}

#[test]
fn latex_output_escapes_and_compiles_without_reading_etc_passwd() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("hostile"), dir.path());
    let o = effgraph(
        dir.path(),
        &["expand", "paper.tex", "-o", "build/paper.tex"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let tex = std::fs::read_to_string(dir.path().join("build/paper.tex")).unwrap();
    let body = tex.split("\\begin{document}").nth(1).unwrap();
    assert!(!body.contains("\\input{"), "{body}");
    assert!(body.contains("\\textbackslash{}input\\{/etc/passwd\\} 100\\% \\#1 \\$x\\$ \\textasciitilde{} \\textasciicircum{}\\_"), "{body}");
    assert!(
        body.contains("\\{\\{\\#include ../book.toml\\}\\}"),
        "{body}"
    );
    if !(have_tool("latexmk") && have_tool("pdftotext")) {
        return;
    }
    latexmk_pdf(&dir.path().join("build"));
    let text = run_tool(
        "pdftotext",
        &[dir.path().join("build/paper.pdf").to_str().unwrap(), "-"],
    );
    assert!(
        !text.contains("root:"),
        "/etc/passwd was read into the paper"
    );
    assert!(text.contains("input{/etc/passwd} 100% #1"), "{text}");
}
