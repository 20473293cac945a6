//! The documents users build: one- and two-column LaTeX papers (article, article twocolumn,
//! a 3.25 in column set with geometry) with 3, 7 and 12 models, compiled with latexmk. Every
//! table fits the column or page (no overfull box over 1 pt), the figure is drawn exactly the
//! column (or, with `span=full`, text) width so it is never scaled, and pdflatex includes it
//! without a PDF version warning.

use std::path::Path;

use crate::common::{Test, have_tool, run_tool, stdout, temp_with};

/// The widths LaTeX gives a document with this class line and preamble, as it writes them.
fn widths(dir: &Path, class: &str, preamble: &str) -> (String, String) {
    let probe = format!(
        "{class}\n{preamble}\n\\begin{{document}}\n\\typeout{{EFFGRAPH COLUMN=\\the\\columnwidth}}\\typeout{{EFFGRAPH TEXT=\\the\\textwidth}}\nx\n\\end{{document}}\n"
    );
    std::fs::write(dir.join("probe.tex"), probe).unwrap();
    let out = Test::program("pdflatex", dir)
        .args(&["-interaction=nonstopmode", "probe.tex"])
        .run();
    let log = stdout(&out);
    let find = |key: &str| {
        let start = log.find(key).unwrap_or_else(|| panic!("{log}")) + key.len();
        log[start..].split_whitespace().next().unwrap().to_string()
    };
    (find("EFFGRAPH COLUMN="), find("EFFGRAPH TEXT="))
}

/// Overfull boxes wider than 1 pt in a LaTeX log.
fn overfull(log: &str) -> Vec<String> {
    log.lines()
        .filter(|l| l.starts_with("Overfull \\hbox ("))
        .filter(|l| {
            let n: f64 = l["Overfull \\hbox (".len()..]
                .split("pt")
                .next()
                .unwrap()
                .parse()
                .unwrap();
            n > 1.0
        })
        .map(str::to_string)
        .collect()
}

fn tex_pt_to_bp(pt: &str) -> f64 {
    pt.trim_end_matches("pt").parse::<f64>().unwrap() * 72.0 / 72.27
}

#[test]
fn one_and_two_column_papers_fit_with_3_7_and_12_models() {
    if !(have_tool("latexmk") && have_tool("pdflatex") && have_tool("pdfinfo")) {
        return;
    }
    let classes = [
        ("one column", "\\documentclass{article}", ""),
        ("two columns", "\\documentclass[twocolumn]{article}", ""),
        (
            "3.25 in columns",
            "\\documentclass[twocolumn]{article}",
            "\\usepackage[textwidth=6.75in,columnsep=0.25in,textheight=9in]{geometry}",
        ),
    ];
    let mut failures = Vec::new();
    for models in [3, 7, 12] {
        let (results, reqs) = crate::common::long_named_data(models);
        for (name, class, preamble) in classes {
            let dir = temp_with(&[
                ("results/r.json", results.as_bytes()),
                ("reqs.toml", reqs.as_bytes()),
            ]);
            let (column, text) = widths(dir.path(), class, preamble);
            let full = if class.contains("twocolumn") {
                "\n\n<<efficiency_graph results span=full table=comparison label=fig:wide>>\n"
            } else {
                ""
            };
            let paper = format!(
                "{class}\n{preamble}\n\\usepackage{{graphicx}}\n\\usepackage{{booktabs}}\n\\begin{{document}}\n\\section{{Results}}\nSome text before the figure.\n\n<<efficiency_graph results requirements=reqs.toml label=fig:eff>>{full}\n\nSome text after it.\n\\end{{document}}\n"
            );
            std::fs::write(dir.path().join("paper.tex"), paper).unwrap();
            Test::expand(dir.path(), "paper.tex", "build/paper.tex")
                .args(&["--column-width", &column, "--text-width", &text])
                .succeeds();
            let build = dir.path().join("build");
            let out = Test::latexmk(&build, "paper.tex").run();
            let log = std::fs::read_to_string(build.join("paper.log")).unwrap_or_default();
            if !out.status.success() {
                failures.push(format!("{models} models, {name}: latexmk failed\n{log}"));
                continue;
            }
            // EFFGRAPH_KEEP_PAPERS=1 keeps each PDF, to look at (pdftoppm -png -r 150).
            if std::env::var_os("EFFGRAPH_KEEP_PAPERS").is_some() {
                let name = format!("effgraph-paper-{models}-{}.pdf", name.replace(' ', "-"));
                std::fs::copy(build.join("paper.pdf"), std::env::temp_dir().join(name)).unwrap();
            }
            for line in overfull(&log) {
                failures.push(format!("{models} models, {name}: {line}"));
            }
            if log.contains("PDF version") {
                failures.push(format!("{models} models, {name}: a PDF version warning"));
            }
            // The figures are drawn exactly as wide as their column or page: never scaled.
            let mut widths_found: Vec<f64> = std::fs::read_dir(build.join("effgraph"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
                .map(|p| crate::common::pdf_page_size(&p).0)
                .collect();
            widths_found.sort_by(f64::total_cmp);
            let mut expected = vec![tex_pt_to_bp(&column)];
            if !full.is_empty() {
                expected.push(tex_pt_to_bp(&text));
            }
            expected.sort_by(f64::total_cmp);
            let close = widths_found.len() == expected.len()
                && widths_found
                    .iter()
                    .zip(&expected)
                    .all(|(a, b)| (a - b).abs() < 0.01);
            if !close {
                failures.push(format!("{models} models, {name}: figures {widths_found:?} bp wide, the document's {expected:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The faces a paper is set in: its preamble, and the embedded face its figures must use.
const FACES: [(&str, &str, &str); 3] = [
    ("Computer Modern", "", "LMRoman10"),
    ("Times", "\\usepackage{times}", "TeXGyreTermes"),
    (
        "Helvetica",
        "\\usepackage{helvet}\\renewcommand{\\familydefault}{\\sfdefault}",
        "TeXGyreHeros",
    ),
];

/// The figure files the built document `tex` includes.
fn included_figures(tex: &str) -> Vec<String> {
    tex.split("\\includegraphics")
        .skip(1)
        .filter_map(|rest| {
            let start = rest.find('{')? + 1;
            Some(rest[start..start + rest[start..].find('}')?].to_string())
        })
        .collect()
}

/// Height of the first word `text` in a PDF (its font's size times its ascent and descent).
fn word_height(pdf: &Path, text: &str) -> Option<f64> {
    let (_, words) = crate::common::pdf_words(pdf);
    let word = words.iter().find(|w| w.text == text)?;
    Some(word.y1 - word.y0)
}

/// With the example latexmkrc, which gives no widths: from latexmk's second run every figure
/// is exactly as wide as what it spans, set in the face matching the paper's, at the paper's
/// `\footnotesize` (measured against a footnote-size word in the text).
#[test]
fn papers_give_their_figures_widths_face_and_type_size() {
    if !(have_tool("latexmk") && have_tool("pdflatex") && have_tool("pdffonts")) {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let latexmkrc = std::fs::read(root.join("examples/paper/latexmkrc")).unwrap();
    let (results, _) = crate::common::long_named_data(3);
    let mut failures = Vec::new();
    for (face, preamble, embedded) in FACES {
        for class in [
            "\\documentclass{article}",
            "\\documentclass[twocolumn]{article}",
        ] {
            let dir = temp_with(&[
                ("results/r.json", results.as_bytes()),
                ("latexmkrc", &latexmkrc),
            ]);
            let paper = format!(
                "{class}\n{preamble}\n\\usepackage{{graphicx}}\n\\begin{{document}}\nSome text {{\\footnotesize Probe}} here.\n\n<<efficiency_graph results table=none label=fig:col>>\n\n<<efficiency_graph results table=none span=full label=fig:wide>>\n\\end{{document}}\n"
            );
            std::fs::write(dir.path().join("paper.tex"), paper).unwrap();
            let case = format!("{face}, {class}");
            let out = Test::program("latexmk", dir.path())
                .with_effgraph_on_path()
                .run();
            if !out.status.success() {
                failures.push(format!("{case}: latexmk failed:\n{}", stdout(&out)));
                continue;
            }
            let (column, text) = widths(dir.path(), class, preamble);
            let built = std::fs::read_to_string(dir.path().join("paper.effgraph.tex")).unwrap();
            let figures = included_figures(&built);
            let expected = [tex_pt_to_bp(&column), tex_pt_to_bp(&text)];
            let probe = word_height(&dir.path().join("paper.pdf"), "Probe").unwrap();
            for (figure, width) in figures.iter().zip(expected) {
                let pdf = dir.path().join(figure);
                let found = crate::common::pdf_page_size(&pdf).0;
                if (found - width).abs() > 0.5 {
                    failures.push(format!("{case}: {figure} is {found} bp wide, not {width}"));
                }
                let fonts = run_tool("pdffonts", &[pdf.to_str().unwrap()]);
                if !fonts.contains(embedded) {
                    failures.push(format!(
                        "{case}: {figure} is not set in {embedded}:\n{fonts}"
                    ));
                }
                let label = word_height(&pdf, "FLOPs").unwrap();
                if !(0.85..=1.15).contains(&(label / probe)) {
                    failures.push(format!(
                        "{case}: {figure}'s label is {label:.2} high, the paper's footnote size {probe:.2}"
                    ));
                }
                // The probe is 8 pt: no word of the figure may be under 7 pt (words, that
                // is: a lone symbol set from the fallback face is measured by that face).
                let (_, words) = crate::common::pdf_words(&pdf);
                let smallest = (words.iter())
                    .filter(|w| w.text.chars().any(|c| c.is_ascii_alphanumeric()))
                    .map(|w| w.y1 - w.y0)
                    .fold(f64::MAX, f64::min);
                if smallest / probe * 8.0 < 6.9 {
                    failures.push(format!(
                        "{case}: {figure} has a word {:.2} pt high",
                        smallest / probe * 8.0
                    ));
                }
            }
            if figures.len() != 2 {
                failures.push(format!("{case}: figures {figures:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `format=pgf`: the paper typesets every word of the figure itself, so the PDF holds only the
/// paper's own fonts, the model names are text, a dense cloud stays an image, and TeX never
/// meets a dimension too large. Without `\usepackage{pgf}` the build stops saying so.
#[test]
fn a_pgf_figure_is_typeset_by_the_paper() {
    if !(have_tool("latexmk") && have_tool("pdflatex") && have_tool("pdffonts")) {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let latexmkrc = std::fs::read(root.join("examples/paper/latexmkrc")).unwrap();
    let (results, _) = crate::common::long_named_data(3);
    let paper = |preamble: &str| {
        format!(
            "\\documentclass[twocolumn]{{article}}\n\\usepackage{{times}}\n{preamble}\n\\begin{{document}}\nText.\n\n<<efficiency_graph results format=pgf table=none x_label=\"FLOPs $\\alpha$\">>\n\n<<efficiency_graph simulate=true num_configs=1200 format=pgf table=none span=full>>\n\\end{{document}}\n"
        )
    };
    let dir = temp_with(&[
        ("results/r.json", results.as_bytes()),
        ("latexmkrc", &latexmkrc),
        ("paper.tex", paper("\\usepackage{pgf}").as_bytes()),
    ]);
    let out = Test::program("latexmk", dir.path())
        .with_effgraph_on_path()
        .run();
    let log = std::fs::read_to_string(dir.path().join("paper.log")).unwrap_or_default();
    assert!(out.status.success(), "{}\n{log}", stdout(&out));
    assert!(!log.contains("Dimension too large"), "{log}");
    let pdf = dir.path().join("paper.pdf");
    let fonts = run_tool("pdffonts", &[pdf.to_str().unwrap()]);
    for embedded in ["TeXGyre", "LMRoman", "DejaVu", "OpenSans"] {
        assert!(!fonts.contains(embedded), "{fonts}");
    }
    let text = crate::common::pdf_text(&pdf);
    for name in crate::common::LONG_NAMES.iter().take(3) {
        assert!(
            text.contains(name),
            "`{name}` is not text in the PDF:\n{text}"
        );
    }
    let built = std::fs::read_to_string(dir.path().join("paper.effgraph.tex")).unwrap();
    let figures = included_figures(&built);
    assert!(figures.is_empty(), "{figures:?}");
    let images: Vec<_> = std::fs::read_dir(dir.path().join("effgraph"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".png"))
        .collect();
    assert!(!images.is_empty(), "the dense cloud is not an image");

    std::fs::write(dir.path().join("paper.tex"), paper("")).unwrap();
    let out = Test::program("latexmk", dir.path())
        .args(&["-g"])
        .with_effgraph_on_path()
        .run();
    let log = std::fs::read_to_string(dir.path().join("paper.log")).unwrap_or_default();
    assert!(!out.status.success());
    assert!(
        log.contains("effgraph: a format=pgf figure needs \\usepackage{pgf} in the preamble"),
        "{log}"
    );
}
