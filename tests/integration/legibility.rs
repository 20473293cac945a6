//! Figures a reviewer can read in print: crowded cases rendered as PDF at every size preset
//! and checked from the PDF itself. Ghostscript reads the size of every text span from the
//! PDF's text operators (none below 7 pt); poppler gives every word's box (no two overlap,
//! none leaves the page); the page is exactly the preset's width; every model name and
//! requirement id is there as text.

use std::path::{Path, PathBuf};

use crate::common::{
    LONG_NAMES, PdfWord, attribute, effgraph, have_tool, pdf_words, power_law, run_tool, stderr,
    stdout, temp_with,
};

/// Twelve models whose frontiers cross, with long names, and six requirements (some met,
/// some not, two never reached).
fn crowded() -> (String, String) {
    let mut records = Vec::new();
    for (i, name) in LONG_NAMES.iter().enumerate() {
        let a = 900.0 * (1.0 + 0.08 * i as f64);
        let b = 0.16 + 0.012 * ((i * 7) % 12) as f64;
        records.extend(power_law(name, a, b, 2e8 * (1.0 + 0.15 * i as f64), 2.0, 6));
    }
    let reqs = [
        ("R1", "flops_ratio", 2, 0, "at_ppl", 30.0, 1.5),
        ("R2", "flops_ratio", 1, 3, "at_ppl", 25.0, 1.2),
        ("R3", "ppl_reduction_pct", 2, 4, "at_flops", 1e9, 5.0),
        ("R4", "ppl_reduction_pct", 5, 6, "at_flops", 2e9, 3.0),
        ("R5", "flops_ratio", 7, 8, "at_ppl", 5.0, 2.0),
        ("R6", "flops_ratio", 9, 10, "at_ppl", 28.0, 1.1),
    ];
    let mut toml = String::new();
    for (id, metric, c, b, key, at, threshold) in reqs {
        toml.push_str(&format!(
            "[[requirement]]\nid = \"{id}\"\nmetric = \"{metric}\"\ncandidate = \"{}\"\nbaseline = \"{}\"\n{key} = {at:e}\nthreshold = {threshold:?}\n\n",
            LONG_NAMES[c], LONG_NAMES[b]
        ));
    }
    (serde_json::to_string(&records).unwrap(), toml)
}

struct Case {
    name: &'static str,
    results: String,
    requirements: Option<String>,
    models: Vec<String>,
    ids: Vec<&'static str>,
}

fn cases() -> Vec<Case> {
    let (crowded_results, crowded_reqs) = crowded();
    let json = |v: Vec<serde_json::Value>| serde_json::to_string(&v).unwrap();
    let mut decades = power_law("Tiny", 500.0, 0.12, 1e3, 10.0, 7);
    decades.extend(power_law("Small", 450.0, 0.13, 3e3, 10.0, 6));
    let mut flat = Vec::new();
    for (i, ppl) in [20.03, 20.02, 20.01, 20.0].iter().enumerate() {
        flat.push(serde_json::json!({"model": "A", "flops_per_token": 1e9 * (i + 1) as f64, "perplexity": ppl}));
        flat.push(serde_json::json!({"model": "B", "flops_per_token": 1.1e9 * (i + 1) as f64, "perplexity": ppl - 0.005}));
    }
    let mut dense = Vec::new();
    for m in ["Dense-A", "Dense-B"] {
        for i in 0..200 {
            let f = 1e9 * (1.0 + (i as f64 * 0.37) % 9.0);
            let noise = ((i * 7919) % 100) as f64 / 25.0;
            let base = if m == "Dense-A" { 30.0 } else { 33.0 };
            dense.push(serde_json::json!({"model": m, "config_id": format!("{i}"), "flops_per_token": f, "perplexity": base * (f / 1e9).powf(-0.1) + noise}));
        }
    }
    vec![
        Case {
            name: "crowded",
            results: crowded_results,
            requirements: Some(crowded_reqs),
            models: LONG_NAMES.iter().map(|s| s.to_string()).collect(),
            ids: vec!["R1", "R2", "R3", "R4", "R5", "R6"],
        },
        Case {
            name: "six-decades",
            results: json(decades),
            requirements: None,
            models: vec!["Tiny".into(), "Small".into()],
            ids: vec![],
        },
        Case {
            name: "flat",
            results: json(flat),
            requirements: None,
            models: vec!["A".into(), "B".into()],
            ids: vec![],
        },
        Case {
            name: "one-model",
            results: json(power_law("Solo", 300.0, 0.1, 1e9, 2.0, 5)),
            requirements: None,
            models: vec!["Solo".into()],
            ids: vec![],
        },
        Case {
            name: "dense",
            results: json(dense),
            requirements: None,
            models: vec!["Dense-A".into(), "Dense-B".into()],
            ids: vec![],
        },
    ]
}

fn words(pdf: &Path) -> Vec<PdfWord> {
    pdf_words(pdf).1
}

/// The size of every text span, read by Ghostscript from the PDF's text operators.
fn span_sizes(pdf: &Path) -> Vec<f64> {
    let out = run_tool(
        "gs",
        &[
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-sDEVICE=txtwrite",
            "-dTextFormat=0",
            "-sOutputFile=-",
            pdf.to_str().unwrap(),
        ],
    );
    out.lines()
        .filter(|l| l.starts_with("<span "))
        .map(|l| attribute(l, "size"))
        .collect()
}

/// Problems with the figure at `pdf`, which should be `width` points wide.
fn problems(pdf: &Path, width: f64, case: &Case) -> Vec<String> {
    let mut found = Vec::new();
    let (w, h) = crate::common::pdf_page_size(pdf);
    if (w - width).abs() > 0.01 {
        found.push(format!("page is {w} pt wide, not {width}"));
    }
    for size in span_sizes(pdf) {
        if size < 6.99 {
            found.push(format!("text set at {size} pt"));
        }
    }
    let words = words(pdf);
    for (i, a) in words.iter().enumerate() {
        if a.x0 < -0.01 || a.y0 < -0.01 || a.x1 > w + 0.01 || a.y1 > h + 0.01 {
            found.push(format!("`{}` leaves the page", a.text));
        }
        for b in &words[i + 1..] {
            let overlap_x = a.x1.min(b.x1) - a.x0.max(b.x0);
            let overlap_y = a.y1.min(b.y1) - a.y0.max(b.y0);
            if overlap_x > 0.1 && overlap_y > 0.1 {
                found.push(format!("`{}` overlaps `{}`", a.text, b.text));
            }
        }
    }
    let text: String = run_tool("pdftotext", &[pdf.to_str().unwrap(), "-"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for name in case
        .models
        .iter()
        .map(String::as_str)
        .chain(case.ids.iter().copied())
    {
        if !text.contains(name) {
            found.push(format!("`{name}` is not in the text"));
        }
    }
    found
}

fn presets() -> Vec<(&'static str, f64)> {
    effgraph::render::style::PRESETS
        .iter()
        .map(|p| (p.name, p.width_pt))
        .collect()
}

#[test]
fn crowded_figures_are_legible_at_every_size_preset() {
    if !(have_tool("pdftotext") && have_tool("pdfinfo") && have_tool("gs")) {
        return;
    }
    let mut failures = Vec::new();
    for case in cases() {
        let mut files: Vec<(&str, &[u8])> = vec![("results/r.json", case.results.as_bytes())];
        if let Some(reqs) = &case.requirements {
            files.push(("reqs.toml", reqs.as_bytes()));
        }
        let dir = temp_with(&files);
        // Every preset for the crowded case; the wide and the narrow ones for the rest.
        let sizes: Vec<(&str, f64)> = presets()
            .into_iter()
            .filter(|(n, _)| case.name == "crowded" || ["column", "full", "acl-column"].contains(n))
            .collect();
        for (preset, width) in sizes {
            let out: PathBuf = dir.path().join(format!("{}-{preset}", case.name));
            let mut args = vec![
                "render",
                "--results-dir",
                "results",
                "--format",
                "pdf",
                "--size",
                preset,
            ];
            args.extend(["-o", out.to_str().unwrap()]);
            if case.requirements.is_some() {
                args.extend(["--requirements", "reqs.toml"]);
            }
            let o = effgraph(dir.path(), &args);
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
            for p in problems(&out.with_extension("pdf"), width, &case) {
                failures.push(format!("{} at {preset}: {p}", case.name));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Frontier strokes of a standalone SVG: the colours of `fill="none"` paths `width` wide.
fn frontier_colours(svg: &str, width: &str) -> Vec<String> {
    let mut colours: Vec<String> = Vec::new();
    let strokes = svg
        .split("<path ")
        // Lines: no fill of their own (the document's default is none).
        .filter(|p| !p.contains(" fill=\"") && p.contains(&format!("stroke-width=\"{width}\"")))
        .filter_map(|p| {
            let start = p.find("stroke=\"")? + 8;
            Some(p[start..start + 7].to_string())
        });
    // The legend repeats each line; keep each colour once, in drawing order.
    for c in strokes {
        if !colours.contains(&c) {
            colours.push(c);
        }
    }
    colours
}

/// Two figures of one document with different model sets: Pythia keeps its colour.
#[test]
fn a_model_keeps_its_colour_across_the_figures_of_a_document() {
    let lambada =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("book/data/published/lambada");
    let doc = format!(
        "# Two figures\n\n<<efficiency_graph \"{0}\" models=GPT-2,Pythia table=none>>\n\n<<efficiency_graph \"{0}\" models=Pythia,RWKV-4 table=none>>\n",
        lambada.display()
    );
    let dir = temp_with(&[("doc.md", doc.as_bytes())]);
    let o = effgraph(dir.path(), &["expand", "doc.md", "-o", "out/doc.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let expanded = std::fs::read_to_string(dir.path().join("out/doc.md")).unwrap();
    let figures: Vec<String> = expanded
        .split("](effgraph/")
        .skip(1)
        .map(|rest| rest[..rest.find(')').unwrap()].to_string())
        .collect();
    assert_eq!(figures.len(), 2, "{expanded}");
    let svg =
        |name: &str| std::fs::read_to_string(dir.path().join("out/effgraph").join(name)).unwrap();
    let (first, second) = (
        frontier_colours(&svg(&figures[0]), "1.3"),
        frontier_colours(&svg(&figures[1]), "1.3"),
    );
    // GPT-2 met first: blue; Pythia orange in both; RWKV-4 the next colour, green.
    assert_eq!(first, vec!["#0072b2", "#d55e00"]);
    assert_eq!(second, vec!["#d55e00", "#009e73"]);
    // Served from the cache while nothing changes; drawn again when a figure placed before
    // them gives their models other styles.
    let o = effgraph(dir.path(), &["expand", "doc.md", "-o", "out/doc.md"]);
    assert!(
        stdout(&o).contains("(0 rendered, 2 from cache"),
        "{}",
        stdout(&o)
    );
    let first_directive = format!(
        "<<efficiency_graph \"{}\" models=RWKV-4 table=none>>\n\n",
        lambada.display()
    );
    let doc = doc.replacen(
        "# Two figures\n\n",
        &format!("# Two figures\n\n{first_directive}"),
        1,
    );
    std::fs::write(dir.path().join("doc.md"), doc).unwrap();
    let o = effgraph(dir.path(), &["expand", "doc.md", "-o", "out/doc.md"]);
    assert!(
        stdout(&o).contains("(3 rendered, 0 from cache"),
        "{}",
        stdout(&o)
    );
}

/// Colours as a viewer with deuteranopia sees them (Machado et al. 2009, severity 1).
fn deuteranopia((r, g, b): (f64, f64, f64)) -> (f64, f64, f64) {
    (
        0.367 * r + 0.861 * g - 0.228 * b,
        0.280 * r + 0.673 * g + 0.047 * b,
        -0.012 * r + 0.043 * g + 0.969 * b,
    )
}

/// Any two of twelve models' styles stay apart for a reader with deuteranopia or on a
/// greyscale print: where their colours collapse, their markers or dashes differ.
#[test]
fn styles_stay_apart_in_deuteranopia_and_greyscale() {
    use effgraph::render::ModelStyle;
    let styles: Vec<ModelStyle> = (0..12).map(ModelStyle::slot).collect();
    let rgb = |s: &ModelStyle| {
        let c = s.colour;
        (f64::from(c.0), f64::from(c.1), f64::from(c.2))
    };
    let grey = |(r, g, b): (f64, f64, f64)| 0.2126 * r + 0.7152 * g + 0.0722 * b;
    for (i, a) in styles.iter().enumerate() {
        for b in &styles[i + 1..] {
            let (p, q) = (deuteranopia(rgb(a)), deuteranopia(rgb(b)));
            let seen = ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2) + (p.2 - q.2).powi(2)).sqrt();
            let greys = (grey(rgb(a)) - grey(rgb(b))).abs();
            let shapes_differ = a.marker != b.marker || a.dash != b.dash;
            assert!(
                shapes_differ || (seen > 40.0 && greys > 40.0),
                "{a:?} and {b:?} look alike"
            );
        }
    }
}
