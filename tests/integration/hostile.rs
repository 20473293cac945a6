//! Hostile strings (model names, config ids, requirement ids and descriptions, captions
//! holding `<script>`, `</svg>`, quotes, pipes, backticks, `\input{/etc/passwd}`, `%`,
//! newlines) come out escaped in every output: HTML, SVG, Markdown and LaTeX.

use crate::common::{
    Test, copy_dir, effgraph, fixture, have_tool, latexmk_pdf, page_images, run_preprocessor,
    run_tool, stderr,
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
    // The figure's drawings are image data inside one small wrapper.
    assert_eq!(html.matches("<svg").count(), 1, "{html}");
    assert_eq!(
        html.matches("</svg>").count(),
        1,
        "a name closed the SVG early"
    );
    let images = page_images(&html);
    assert_eq!(images.len(), 1);
    for image in &images {
        assert_eq!(image.mime, "image/svg+xml");
        let svg = String::from_utf8(image.bytes.clone()).unwrap();
        for raw in ["<script>", "</svg><b>", "<b>id</b>"] {
            assert!(!svg.contains(raw), "raw `{raw}` in the SVG");
        }
        assert_eq!(svg.matches("<svg").count(), 1);
        assert_eq!(
            svg.matches("</svg>").count(),
            1,
            "a name closed the SVG early"
        );
    }

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
    // In table cells a line may also break after `/`.
    assert!(body.contains("\\textbackslash{}input\\{/\\allowbreak{}etc/\\allowbreak{}passwd\\} 100\\% \\#1 \\$x\\$ \\textasciitilde{} \\textasciicircum{}\\_"), "{body}");
    assert!(
        body.contains("\\{\\{\\#include ../\\allowbreak{}book.\\allowbreak{}toml\\}\\}"),
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
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("input{/etc/passwd} 100% #1"), "{text}");
}

/// The PNG's `alt` attribute and the `on-failure = "continue"` error boxes carry data too.
#[test]
fn png_alt_text_and_error_boxes_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("hostile"), dir.path());
    let toml = dir.path().join("book.toml");
    let text = std::fs::read_to_string(&toml).unwrap().replace(
        "[preprocessor.effgraph]\n",
        "[preprocessor.effgraph]\non-failure = \"continue\"\n",
    );
    std::fs::write(&toml, text).unwrap();
    let chapter = "# Chapter\n\n<<efficiency_graph results format=png dpi=20>>\n\n<<efficiency_graph \"<script>alert(9)</script> | `x` \\\"q\\\"\">>\n";
    std::fs::write(dir.path().join("src/chapter.md"), chapter).unwrap();
    let content = |renderer: &str| {
        let out = run_preprocessor(dir.path(), renderer);
        let log = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{log}");
        let book: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        book["items"][0]["Chapter"]["content"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let html = content("html");
    let alt_start = html
        .find(" aria-label=\"")
        .expect("a figure with an accessible name")
        + 13;
    let alt_end = alt_start + html[alt_start..].find('"').unwrap();
    assert!(
        html[alt_end..].starts_with("\">"),
        "a quote in a model name ended the alt attribute: {}",
        &html[alt_start..alt_end + 20]
    );
    assert!(html[alt_start..alt_end].contains("pipe|name &quot;q&quot;"));
    assert!(!html.contains("<script>alert(9)"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(9)&lt;/script&gt; | `x` &quot;q&quot;"),
        "{html}"
    );
    let md = content("markdown");
    assert!(md.contains("> **effgraph error**: src/chapter.md:5:1: &lt;script&gt;alert(9)&lt;/script&gt; \\| \\`x\\` \"q\": results path does not exist"), "{md}");
    let paper = "\\documentclass{article}\n\\begin{document}\n<<efficiency_graph \"missing_$x_%1 {y}\">>\n\\end{document}\n";
    std::fs::write(dir.path().join("broken.tex"), paper).unwrap();
    Test::expand(dir.path(), "broken.tex", "build/broken.tex")
        .args(&["--on-failure", "continue"])
        .exits(1);
    let tex = std::fs::read_to_string(dir.path().join("build/broken.tex")).unwrap();
    assert!(tex.contains(r"\textbf{effgraph error}: broken.tex:3:1: missing\_\$x\_\%1 \{y\}: results path does not exist"), "{tex}");
}
