use std::path::{Path, PathBuf};

use crate::common::{decode, effgraph, fixture, have_tool, run_tool, stderr};

/// Renders the hand-checked fixture with its requirements; returns the written file.
fn render(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let results = fixture("old_layout/results").display().to_string();
    let reqs = fixture("old_layout/reqs.toml").display().to_string();
    let mut args = vec![
        "render",
        "--results-dir",
        &results,
        "--requirements",
        &reqs,
        "-o",
        name,
    ];
    args.extend_from_slice(extra);
    let o = effgraph(dir, &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let format = extra
        .windows(2)
        .find(|w| w[0] == "--format")
        .map_or("svg", |w| w[1]);
    dir.join(format!("{name}.{format}"))
}

#[test]
fn every_format_is_byte_identical_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["svg", "pdf", "png", "eps"] {
        let a = std::fs::read(render(
            dir.path(),
            &format!("a-{format}"),
            &["--format", format],
        ))
        .unwrap();
        let b = std::fs::read(render(
            dir.path(),
            &format!("b-{format}"),
            &["--format", format],
        ))
        .unwrap();
        assert!(a.len() > 1000, "{format} output is suspiciously small");
        assert!(a == b, "{format} differs between two runs");
    }
}

#[test]
fn svg_matches_its_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let svg = std::fs::read_to_string(render(dir.path(), "fig", &["--format", "svg"])).unwrap();
    crate::snapshots::assert_text(&fixture("old_layout/expected/figure.svg"), &svg);
}

#[test]
fn svg_ids_are_prefixed_per_figure() {
    let dir = tempfile::tempdir().unwrap();
    let ids = |path: PathBuf| -> Vec<String> {
        let svg = std::fs::read_to_string(path).unwrap();
        svg.split("id=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().to_string())
            .collect()
    };
    let a = ids(render(dir.path(), "a", &[]));
    let b = ids(render(dir.path(), "b", &["--size", "column"]));
    assert!(!a.is_empty() && !b.is_empty());
    let prefix = |ids: &[String]| ids[0].split('-').next().unwrap().to_string();
    let (pa, pb) = (prefix(&a), prefix(&b));
    assert_ne!(pa, pb, "two different figures share an id prefix");
    assert!(a.iter().all(|id| id.starts_with(&pa)) && b.iter().all(|id| id.starts_with(&pb)));
}

#[test]
fn png_size_is_inches_times_dpi_and_records_the_dpi() {
    let dir = tempfile::tempdir().unwrap();
    for (size, dpi, expected) in [
        ("full", "200", (1400, 860)),
        ("column", "300", (1050, 840)),
        ("4x3in", "100", (400, 300)),
    ] {
        let path = render(
            dir.path(),
            &format!("p{size}"),
            &["--format", "png", "--dpi", dpi, "--size", size],
        );
        let decoder =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        // Exactly the width; at least the height (a crowded figure grows taller).
        assert_eq!(info.width, expected.0, "{size} at {dpi} dpi");
        assert!(
            info.height >= expected.1,
            "{size} at {dpi} dpi: {}",
            info.height
        );
        let dims = info.pixel_dims.expect("pHYs chunk");
        let dpi: f64 = dpi.parse().unwrap();
        assert_eq!(dims.xppu, (dpi / 0.0254).round() as u32);
        assert_eq!(dims.unit, png::Unit::Meter);
    }
}

/// The SVG, as a browser draws it, shows what the PNG shows: Chromium's rendering of the SVG
/// at 96 dpi and effgraph's own 96 dpi PNG agree pixel for pixel up to anti-aliasing. This
/// checks the SVG writer's compact path data (relative steps, implicit commands, omitted
/// separators) against the scene it was written from.
#[test]
fn chromium_draws_the_svg_as_the_png_shows_it() {
    if !have_tool("chromium") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let svg = render(dir.path(), "t", &["--legend", "outside"]);
    let png = render(
        dir.path(),
        "t",
        &["--format", "png", "--dpi", "96", "--legend", "outside"],
    );
    let (w, h, ours) = decode(&png);
    let shot = dir.path().join("shot.png");
    crate::common::chromium(
        &svg,
        &[
            &format!("--window-size={w},{h}"),
            "--force-device-scale-factor=1",
            &format!("--screenshot={}", shot.display()),
        ],
    )
    .unwrap();
    let (sw, sh, theirs) = decode(&shot);
    assert_eq!((sw, sh), (w, h));
    // Anti-aliasing differs along edges; a shape drawn wrong differs by far more.
    let differing = ours
        .chunks(3)
        .zip(theirs.chunks(3))
        .filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > 96))
        .count();
    let share = differing as f64 / (w * h) as f64;
    assert!(
        share < 0.004,
        "{:.2}% of pixels differ between the SVG and the PNG",
        share * 100.0
    );
}

/// Text dropped for want of a font would leave the y-axis label's strip white: the rotated
/// label "Perplexity ↓" is the only thing drawn between the left margin and
/// the tick labels.
#[test]
fn png_text_is_drawn_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let path = render(dir.path(), "t", &["--format", "png", "--dpi", "144"]);
    let (w, h, px) = decode(&path);
    let per_pt = 2.0; // 144 dpi
    let (x0, x1) = ((6.0 * per_pt) as u32, (15.0 * per_pt) as u32);
    let (y0, y1) = (h / 3, 2 * h / 3);
    let dark = (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            let i = ((y * w + x) * 3) as usize;
            px[i] < 100 && px[i + 1] < 100 && px[i + 2] < 100
        })
        .count();
    assert!(
        dark > 100,
        "only {dark} dark pixels where the y-axis label should be"
    );
}

#[test]
fn pdf_is_vector_with_the_font_embedded_subset_and_text_present() {
    if !(have_tool("pdffonts") && have_tool("pdftotext") && have_tool("pdftoppm")) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = render(dir.path(), "f", &["--format", "pdf"]);
    let pdf = pdf.to_str().unwrap();
    let fonts = run_tool("pdffonts", &[pdf]);
    let line = fonts
        .lines()
        .find(|l| l.contains("DejaVuSans"))
        .unwrap_or_else(|| panic!("{fonts}"));
    let cols: Vec<&str> = line.split_whitespace().collect();
    assert!(cols[0].contains('+'), "font is subset: {line}");
    assert_eq!(
        &cols[cols.len() - 5..cols.len() - 2],
        &["yes", "yes", "yes"],
        "emb sub uni: {line}"
    );
    let text = run_tool("pdftotext", &["-layout", pdf, "-"]);
    for expected in [
        "resnetbk",
        "mamba",
        "Perplexity ↓",
        "8.10: mamba not reached (best 32.00)",
        "FLOPs per token (GFLOPs)",
    ] {
        assert!(
            text.contains(expected),
            "`{expected}` missing from PDF text:\n{text}"
        );
    }
    let info = run_tool("pdfinfo", &[pdf]);
    assert!(info.contains("Page size:       504 x 309.6 pts"), "{info}");
    let page = dir.path().join("page");
    run_tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "72",
            "-singlefile",
            pdf,
            page.to_str().unwrap(),
        ],
    );
    let (w, h, _) = decode(&dir.path().join("page.png"));
    assert_eq!((w, h), (504, 310));
}

#[test]
fn eps_has_a_correct_bounding_box_and_renders_in_ghostscript() {
    let dir = tempfile::tempdir().unwrap();
    let eps = render(dir.path(), "e", &["--format", "eps"]);
    let text = std::fs::read_to_string(&eps).unwrap();
    assert!(
        text.starts_with("%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 504 310\n"),
        "{}",
        &text[..120]
    );
    assert!(text.trim_end().ends_with("%%EOF"));
    if !have_tool("gs") {
        return;
    }
    let eps = eps.to_str().unwrap();
    // Ghostscript's bbox device reports where marks really fall: inside the declared box.
    let out = std::process::Command::new("gs")
        .args([
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-dSAFER",
            "-sDEVICE=bbox",
            eps,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stderr);
    let bbox: Vec<f64> = report
        .lines()
        .find_map(|l| l.strip_prefix("%%HiResBoundingBox: "))
        .unwrap_or_else(|| panic!("{report}"))
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect();
    assert!(
        bbox[0] >= 0.0 && bbox[1] >= 0.0 && bbox[2] <= 504.0 && bbox[3] <= 310.0,
        "{bbox:?}"
    );
    let png = dir.path().join("eps.png");
    let arg = format!("-sOutputFile={}", png.display());
    run_tool(
        "gs",
        &[
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-dSAFER",
            "-dEPSCrop",
            "-sDEVICE=png16m",
            "-r72",
            &arg,
            eps,
        ],
    );
    assert!(std::fs::metadata(&png).unwrap().len() > 1000);
}

#[test]
fn a_png_preview_is_written_beside_a_vector_format() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = render(
        dir.path(),
        "v",
        &["--format", "pdf", "--preview", "--dpi", "50"],
    );
    assert!(pdf.exists());
    let (w, _, _) = decode(&dir.path().join("v.png"));
    assert_eq!(w, 350);
}

#[test]
fn simulated_figures_carry_a_visible_mark_in_every_format() {
    if !have_tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let o = effgraph(
        dir.path(),
        &["render", "--simulate", "--format", "pdf", "-o", "s"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = run_tool(
        "pdftotext",
        &[dir.path().join("s.pdf").to_str().unwrap(), "-"],
    );
    assert!(
        text.contains("SIMULATED DATA: generated, not measured"),
        "{text}"
    );
    let info = run_tool("pdfinfo", &[dir.path().join("s.pdf").to_str().unwrap()]);
    assert!(
        info.contains("(SIMULATED DATA)"),
        "the PDF's title says so too: {info}"
    );
    let o = effgraph(dir.path(), &["render", "--simulate", "-o", "s2"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = std::fs::read_to_string(dir.path().join("s2.svg")).unwrap();
    assert!(svg.contains("(SIMULATED DATA)</title>") && svg.contains("(simulated data)"));
}

#[test]
fn no_font_file_is_opened() {
    if !have_tool("strace") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("trace");
    let bin = env!("CARGO_BIN_EXE_effgraph");
    let out = std::process::Command::new("strace")
        .args([
            "-f",
            "-e",
            "trace=open,openat,openat2",
            "-o",
            log.to_str().unwrap(),
            bin,
        ])
        .args(["render", "--simulate", "--format", "pdf", "--preview", "-o"])
        .arg(dir.path().join("x"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let trace = std::fs::read_to_string(log).unwrap();
    assert!(
        trace.contains("x.pdf") || trace.contains(".effgraph-"),
        "strace saw no output file:\n{trace}"
    );
    let fonty: Vec<&str> = trace
        .lines()
        .filter(|l| {
            [".ttf", ".otf", ".ttc", "fontconfig", "/fonts/"]
                .iter()
                .any(|s| l.contains(s))
        })
        .collect();
    assert!(fonty.is_empty(), "font files opened: {fonty:#?}");
}

/// The user guide's example figures, with the commands that make them (run from the repo root).
const GUIDE_FIGURES: &[(&str, &[&str])] = &[
    (
        "book/src/figures/lambada-icml-column.png",
        &[
            "render",
            "--results-dir",
            "book/data/published/lambada",
            "--size",
            "icml-column",
            "--format",
            "png",
            "--dpi",
            "200",
            "-o",
            "OUT",
        ],
    ),
    (
        "book/src/figures/pythia-column-serif.png",
        &[
            "render",
            "--results-dir",
            "book/data/published/lambada/pythia_repo_evals_lambada_ppl.json",
            "--requirements",
            "book/data/published/pythia-reqs.toml",
            "--size",
            "column",
            "--font",
            "serif",
            "--format",
            "png",
            "--dpi",
            "200",
            "-o",
            "OUT",
        ],
    ),
    (
        "book/src/figures/simulated.png",
        &[
            "render",
            "--simulate",
            "--requirements",
            "book/data/simulated/reqs.toml",
            "--format",
            "png",
            "--dpi",
            "150",
            "-o",
            "OUT",
        ],
    ),
    (
        "book/src/figures/pythia.png",
        &[
            "render",
            "--results-dir",
            "book/data/published/lambada/pythia_repo_evals_lambada_ppl.json",
            "--requirements",
            "book/data/published/pythia-reqs.toml",
            "--title",
            "Pythia vs Pythia-deduped, LAMBADA",
            "--format",
            "png",
            "--dpi",
            "150",
            "-o",
            "OUT",
        ],
    ),
    (
        "book/src/figures/lambada.png",
        &[
            "render",
            "--results-dir",
            "book/data/published/lambada",
            "--title",
            "LAMBADA perplexity vs forward FLOPs per token",
            "--format",
            "png",
            "--dpi",
            "150",
            "-o",
            "OUT",
        ],
    ),
];

/// The guide's PNGs are what the current code draws (UPDATE_SNAPSHOTS=1 redraws them).
#[test]
fn guide_figures_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for (i, (target, args)) in GUIDE_FIGURES.iter().enumerate() {
        let out = dir.path().join(format!("f{i}"));
        let args: Vec<&str> = args
            .iter()
            .map(|a| {
                if *a == "OUT" {
                    out.to_str().unwrap()
                } else {
                    a
                }
            })
            .collect();
        let o = effgraph(root, &args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let fresh = std::fs::read(out.with_extension("png")).unwrap();
        crate::snapshots::assert_bytes(&root.join(target), &fresh);
    }
}

/// Compares `actual` with the snapshot `name` of the hand-checked fixture.
fn assert_snapshot(name: &str, actual: &str) {
    crate::snapshots::assert_text(&fixture("old_layout/expected").join(name), actual);
}

/// Every template's output for the fixed fixture: the Markdown and LaTeX expansions, and the
/// HTML fragment mdBook gets (its inline SVG is covered by `svg_matches_its_snapshot`).
#[test]
fn template_outputs_match_their_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_dir(&fixture("old_layout"), dir.path());
    let doc =
        "<<efficiency_graph results requirements=reqs.toml target_ppl=30,34 label=fig:eff>>\n";
    std::fs::write(dir.path().join("doc.md"), doc).unwrap();
    std::fs::write(dir.path().join("doc.tex"), doc).unwrap();
    for (input, output) in [("doc.md", "out/doc.md"), ("doc.tex", "out/doc.tex")] {
        let o = effgraph(dir.path(), &["expand", input, "-o", output]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let text = std::fs::read_to_string(dir.path().join(output)).unwrap();
        // Figure file names are content hashes; the SVG snapshot already pins the drawing.
        let stable = text
            .split("effgraph/")
            .map(|part| match part.find(['.', ')', '}']) {
                Some(i) if part[..i].chars().all(|c| c.is_ascii_hexdigit()) => {
                    format!("HASH{}", &part[i..])
                }
                _ => part.to_string(),
            });
        assert_snapshot(
            &format!("expanded.{}", &input[4..]),
            &stable.collect::<Vec<_>>().join("effgraph/"),
        );
    }
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"t\"\n[preprocessor.effgraph]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("src/SUMMARY.md"),
        "# Summary\n\n- [C](c.md)\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("src/c.md"), doc).unwrap();
    let out = crate::common::run_preprocessor(dir.path(), "html");
    let book: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let html = book["items"][0]["Chapter"]["content"].as_str().unwrap();
    // The drawings are pinned by the SVG snapshots; the page shows where they go.
    let fragment: Vec<String> = html
        .split(";base64,")
        .enumerate()
        .map(|(i, part)| match (i, part.find('"')) {
            (1.., Some(end)) => format!("…{}", &part[end..]),
            _ => part.to_string(),
        })
        .collect();
    assert_snapshot("fragment.html", &fragment.join(";base64,"));
}

/// The guide's table of size presets is made from the presets in the code.
#[test]
fn the_guide_lists_every_size_preset() {
    let guide = Path::new(env!("CARGO_MANIFEST_DIR")).join("book/src/figures.md");
    crate::snapshots::assert_section(
        &guide,
        "<!-- presets: made from the table in src/render/style.rs; a test keeps it current -->",
        "<!-- end of presets -->",
        &effgraph::render::style::presets_table(),
    );
}

/// The guide's table of venues is made from the venues in the code.
#[test]
fn the_guide_lists_every_venue() {
    let guide = Path::new(env!("CARGO_MANIFEST_DIR")).join("book/src/figures.md");
    crate::snapshots::assert_section(
        &guide,
        "<!-- venues: made from the table in src/settings/venue.rs; a test keeps it current -->",
        "<!-- end of venues -->",
        &effgraph::settings::venue::venues_table(),
    );
}

/// The page width and embedded fonts of a one-page PDF.
fn pdf_width_and_fonts(pdf: &Path) -> (f64, String) {
    let width = crate::common::pdf_page_size(pdf).0;
    (width, run_tool("pdffonts", &[pdf.to_str().unwrap()]))
}

/// `venue=` gives a figure the venue's face, widths and type, in any document; keys beside it
/// (in any order) refine it, and `size=full` means the venue's text width.
#[test]
fn a_venue_sets_face_widths_and_type() {
    if !(have_tool("pdfinfo") && have_tool("pdffonts")) {
        return;
    }
    let doc = "# V\n\n<<efficiency_graph simulate=true venue=acl format=pdf table=none>>\n\n\
               <<efficiency_graph simulate=true font=helvetica venue=acl span=full format=pdf table=none>>\n\n\
               <<efficiency_graph simulate=true venue=icml size=full format=pdf table=none>>\n";
    let dir = crate::common::temp_with(&[("doc.md", doc.as_bytes())]);
    crate::common::Test::expand(dir.path(), "doc.md", "out/doc.md").succeeds();
    let built = std::fs::read_to_string(dir.path().join("out/doc.md")).unwrap();
    let figures: Vec<PathBuf> = built
        .split("](")
        .skip(1)
        .map(|rest| {
            dir.path()
                .join("out")
                .join(&rest[..rest.find(')').unwrap()])
        })
        .collect();
    let found: Vec<(f64, bool, bool)> = figures
        .iter()
        .map(|pdf| {
            let (width, fonts) = pdf_width_and_fonts(pdf);
            (
                width,
                fonts.contains("TeXGyreTermes"),
                fonts.contains("TeXGyreHeros"),
            )
        })
        .collect();
    let cm = 72.0 / 2.54;
    let expected = [
        (7.7 * cm, true, false),
        (16.0 * cm, false, true),
        (486.0, true, false),
    ];
    assert_eq!(found.len(), 3, "{built}");
    for ((width, termes, heros), (w, t, h)) in found.iter().zip(expected) {
        assert!((width - w).abs() < 0.01, "{found:?}");
        assert_eq!((*termes, *heros), (t, h), "{found:?}");
    }
}
