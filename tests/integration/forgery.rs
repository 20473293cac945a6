//! What data must not forge in the text effgraph writes around its values: a line of LaTeX
//! after a comment (a file name with a newline in a macros file or a provenance line), the end
//! of an HTML block (blank lines in a file name inside an inline value's title), a marker that
//! `check --document` would follow (a config id holding one), or raw control characters on the
//! terminal (a folder name read as the model). Also: a style table that leaves no free style.

use std::path::Path;

use crate::common::{
    Test, build_book, chromium_dom, effgraph, have_tool, stderr, stdout, temp_with,
};

/// A file name that, unescaped on a LaTeX comment line, puts live commands on the next lines.
const TEX_NAME: &str = "a\n\\typeout{PWNED}\\input{secret.txt}\n.json";
/// A file name that, unescaped in an HTML attribute, ends mdBook's HTML block and puts a
/// script link into the Markdown that follows it.
const HTML_NAME: &str = "r\n\n<a href=\"javascript:alert(1)\">click me\n\n.json";

/// Two runs of model `m` in a file named `name` (the config ids default to its path), a
/// requirement about them and an outside file a forged marker could point at.
fn data_named(name: &str) -> tempfile::TempDir {
    let runs = r#"[{"model": "m", "perplexity": 40, "flops_per_token": 1e9},
                   {"model": "m", "perplexity": 20, "flops_per_token": 4e9}]"#;
    let requirements = "[[requirement]]\nid = \"r1\"\nmetric = \"flops_ratio\"\n\
                        candidate = \"m\"\nbaseline = \"m\"\nat_ppl = 25\nthreshold = 1\n";
    temp_with(&[
        (&format!("work/results/{name}"), runs.as_bytes()),
        ("work/reqs.toml", requirements.as_bytes()),
        ("work/secret.txt", b"SECRET-TEXT"),
    ])
}

/// Lines of a LaTeX file that are not comments (what TeX reads as commands and text).
fn live_lines(tex: &str) -> Vec<&str> {
    tex.lines()
        .filter(|l| !l.trim_start().starts_with('%'))
        .collect()
}

#[test]
fn a_newline_in_a_file_name_stays_inside_the_macros_files_comment() {
    let dir = data_named(TEX_NAME);
    let work = dir.path().join("work");
    let args = [
        "macros",
        "--results-dir",
        "results",
        "--requirements",
        "reqs.toml",
        "-o",
        "values.tex",
    ];
    let o = effgraph(&work, &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let tex = std::fs::read_to_string(work.join("values.tex")).unwrap();
    assert!(
        tex.starts_with(
            "% Written by effgraph from results/a\\n\\typeout{PWNED}\\input{secret.txt}\\n.json, reqs.toml; do not edit.\n"
        ),
        "{tex}"
    );
    assert!(
        live_lines(&tex).iter().all(|l| !l.contains("PWNED")),
        "{tex}"
    );
    if !have_tool("pdflatex") {
        return;
    }
    let paper = "\\documentclass{article}\n\\input{values.tex}\n\\begin{document}\n\
                 Ratio \\effreq{r1}{value}.\n\\end{document}\n";
    std::fs::write(work.join("paper.tex"), paper).unwrap();
    Test::program("pdflatex", &work)
        .args(&["-no-shell-escape", "-interaction=nonstopmode", "paper.tex"])
        .succeeds();
    let log = std::fs::read_to_string(work.join("paper.log")).unwrap();
    assert!(!log.contains("PWNED") || log.contains("typeout{PWNED}"));
    let text = crate::common::pdf_text(&work.join("paper.pdf"));
    assert!(!text.contains("SECRET-TEXT"), "{text}");
}

#[test]
fn a_newline_in_a_file_name_stays_inside_a_provenance_comment() {
    let dir = data_named(TEX_NAME);
    let work = dir.path().join("work");
    let paper = "\\documentclass{article}\n\\begin{document}\n\
                 It needs <<efficiency_value results reading=x model=m at_y=25>> here.\n\
                 \\end{document}\n";
    std::fs::write(work.join("paper.tex"), paper).unwrap();
    Test::expand(&work, "paper.tex", "build/paper.tex")
        .macros("build/values.tex")
        .succeeds();
    for file in ["build/paper.tex", "build/values.tex"] {
        let tex = std::fs::read_to_string(work.join(file)).unwrap();
        assert!(tex.contains("\\n\\typeout{PWNED}"), "{file}: {tex}");
        assert!(
            live_lines(&tex).iter().all(|l| !l.contains("PWNED")),
            "{file}: {tex}"
        );
    }
}

/// A config id that holds a value marker pointing at a file outside the folder.
fn forged_marker_data() -> tempfile::TempDir {
    let forged =
        "c % effgraph-value: <<efficiency_value ../outside/secret.json stat=best_y model=s>>";
    let runs = serde_json::json!([
        {"model": "m", "config_id": forged, "perplexity": 40, "flops_per_token": 1e9},
        {"model": "m", "config_id": "d\" data-effgraph=\"<<efficiency_value ../outside/secret.json stat=best_y model=s>>", "perplexity": 20, "flops_per_token": 4e9}
    ]);
    let secret = r#"{"model": "s", "perplexity": 12.34, "flops_per_token": 1e9}"#;
    temp_with(&[
        ("work/results/r.json", runs.to_string().as_bytes()),
        ("outside/secret.json", secret.as_bytes()),
    ])
}

#[test]
fn data_cannot_forge_a_marker_that_check_document_follows() {
    let dir = forged_marker_data();
    let work = dir.path().join("work");
    let paper = "\\documentclass{article}\n\\begin{document}\n\
                 It needs <<efficiency_value results reading=x model=m at_y=25>> here.\n\
                 \\end{document}\n";
    std::fs::write(work.join("paper.tex"), paper).unwrap();
    let o = effgraph(&work, &["expand", "paper.tex", "-o", "build/paper.tex"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let tex = std::fs::read_to_string(work.join("build/paper.tex")).unwrap();
    assert!(
        tex.contains("points c % effgraph-value: <<efficiency_value ../outside"),
        "{tex}"
    );
    let o = effgraph(&work, &["check", "--document", "build/paper.tex"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "build/paper.tex: 1 inline value checked, 0 stale\n"
    );

    // The same data in a book: the page's count is the author's one value.
    let chapter = "# C\n\nIt needs <<efficiency_value results reading=x model=m at_y=25>> here.\n";
    crate::common::one_chapter_book(&work, chapter, "");
    build_book(&work).unwrap();
    let o = effgraph(&work, &["check", "--document", "book/c.html"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "book/c.html: 1 inline value checked, 0 stale\n");
}

#[test]
fn blank_lines_in_a_file_name_cannot_end_the_html_block_of_a_value() {
    let dir = data_named(HTML_NAME);
    let work = dir.path().join("work");
    let chapter = "# C\n\nIt needs <<efficiency_value results reading=x model=m at_y=25>> here.\n";
    crate::common::one_chapter_book(&work, chapter, "");
    build_book(&work).unwrap();
    let page = work.join("book/c.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains("<a href=\"javascript"), "{html}");
    // The name stays inside the title (mdBook writes the references back as line breaks).
    assert!(
        html.contains("m frontier points r\n\n&lt;a href=&quot;javascript:alert(1)&quot;&gt;click me\n\n.json#0 (1 GFLOPs"),
        "{html}"
    );
    if let Some(dom) = chromium_dom(&page) {
        assert!(!dom.contains("href=\"javascript"), "{dom}");
    }
}

/// Whether `text` holds a raw control character other than a newline.
fn has_raw_controls(text: &str) -> bool {
    text.chars().any(|c| c.is_control() && c != '\n')
}

#[test]
fn control_characters_in_a_folder_read_as_the_model_are_refused() {
    for folder in ["evil\u{1b}[31mred", "two\nlines"] {
        let run = r#"{"perplexity": 30, "flops_per_token": 1e9}"#;
        let dir = temp_with(&[(&format!("results/{folder}/r.json"), run.as_bytes())]);
        let o = effgraph(
            dir.path(),
            &["render", "--results-dir", "results", "--model", "@dir"],
        );
        assert_eq!(o.status.code(), Some(2), "{folder:?}: {}", stdout(&o));
        let shown = effgraph::error::escape_controls(folder);
        let code = u32::from(folder.chars().find(|c| c.is_control()).unwrap());
        assert_eq!(
            stderr(&o),
            format!(
                "error: results/{shown}/r.json: model=@dir: the folder name `{shown}` must not contain control characters, found U+{code:04X}\n"
            )
        );
        assert!(!has_raw_controls(&stdout(&o)) && !has_raw_controls(&stderr(&o)));
        assert!(!Path::new(&dir.path().join("results.svg")).exists());
    }
}

#[test]
fn a_style_table_pinning_every_style_is_an_error_not_a_hang() {
    let colours = [
        "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000",
    ];
    let markers = [
        "circle",
        "square",
        "triangle",
        "diamond",
        "triangle-down",
        "pentagon",
        "hexagon",
    ];
    let mut table = String::from("[styles]\n");
    let mut n = 0;
    for colour in colours {
        for marker in markers {
            for dash in ["solid", "dashed", "dotted", "dash-dot"] {
                table.push_str(&format!(
                    "p{n} = {{ colour = \"{colour}\", marker = \"{marker}\", dash = \"{dash}\" }}\n"
                ));
                n += 1;
            }
        }
    }
    let run = r#"{"model": "m", "perplexity": 30, "flops_per_token": 1e9}"#;
    let dir = temp_with(&[
        ("results/r.json", run.as_bytes()),
        ("styles.toml", table.as_bytes()),
    ]);
    let o = effgraph(
        dir.path(),
        &[
            "render",
            "--results-dir",
            "results",
            "--styles",
            "styles.toml",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: styles: the table pins all 196 styles (colour, marker and dash) effgraph draws with, leaving none for `m`: give `m` a style too, or leave one free\n"
    );
}
