//! Built books as readers see them, in headless Chromium: every table column inside the
//! content column at 1280 px and at a phone's 420 px (no sideways scrolling, names never
//! broken inside a word), in `print.html` printed to PDF, verdicts visibly distinct and the
//! figure following the theme in all five mdBook themes.

use std::path::{Path, PathBuf};

use crate::common::{build_book, chromium, have_tool, temp_with};

/// What the measuring script reports about a page.
#[derive(serde::Deserialize, Debug)]
struct Layout {
    /// The window's width and the page's scrollable width.
    width: f64,
    scroll: f64,
    /// The content column's left and right edges.
    left: f64,
    right: f64,
    /// (text, left, right) of every table cell shown.
    cells: Vec<(String, f64, f64)>,
    /// (text, line boxes) of every word kept whole.
    words: Vec<(String, usize)>,
    /// (class, border colour, background) of every verdict.
    verdicts: Vec<(String, String, String)>,
    /// (computed transform, width of the visible frame) of every figure.
    images: Vec<(String, f64)>,
    /// The figure's box: left, top, width, height.
    figure: (f64, f64, f64, f64),
    /// The page's background colour.
    background: String,
}

const MEASURE: &str = r#"<script>
window.addEventListener('load', function () {
  var main = document.querySelector('main').getBoundingClientRect();
  var out = {width: window.innerWidth, scroll: document.documentElement.scrollWidth,
    left: main.left, right: main.right, cells: [], words: [], verdicts: [], images: [],
    background: [document.body, document.documentElement].map(function (e) {
      return getComputedStyle(e).backgroundColor;
    }).filter(function (c) { return c !== 'rgba(0, 0, 0, 0)'; })[0]};
  document.querySelectorAll('.effgraph-table th, .effgraph-table td').forEach(function (c) {
    var r = c.getBoundingClientRect();
    if (r.width > 0) out.cells.push([c.textContent, r.left, r.right]);
  });
  document.querySelectorAll('.effgraph-table .effgraph-nb').forEach(function (w) {
    if (w.getBoundingClientRect().width > 0) out.words.push([w.textContent, w.getClientRects().length]);
  });
  document.querySelectorAll('.effgraph-verdicts li').forEach(function (li) {
    var s = getComputedStyle(li);
    out.verdicts.push([li.className, s.borderLeftColor, s.backgroundColor]);
  });
  document.querySelectorAll('svg.effgraph-figure').forEach(function (f) {
    out.images.push([getComputedStyle(f.querySelector('image')).transform, f.getBoundingClientRect().width]);
  });
  var f = document.querySelector('svg.effgraph-figure').getBoundingClientRect();
  out.figure = [f.left, f.top, f.width, f.height];
  var pre = document.createElement('pre');
  pre.id = 'effgraph-layout';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
</body>"#;

/// Builds a book whose chapter shows `models` models (long names, crossing frontiers), five
/// perplexity targets and two budgets, with requirements, in the default `theme`.
fn book(models: usize, theme: &str) -> tempfile::TempDir {
    let (results, reqs) = crate::common::long_named_data(models);
    let toml = format!(
        "[book]\ntitle = \"Pages\"\n\n[build]\nextra-watch-dirs = [\"data\"]\n\n[preprocessor.effgraph]\nrequirements = \"data/reqs.toml\"\n\n[output.html]\ndefault-theme = \"{theme}\"\n"
    );
    let chapter = "# Results\n\nSome prose before the figure.\n\n<<efficiency_graph data/results.json target_ppl=20,25,30,40,50 target_flops=1e9,5e9 caption=\"Perplexity against FLOPs per token\">>\n\nSome prose after.\n";
    let dir = temp_with(&[
        ("book.toml", toml.as_bytes()),
        ("src/SUMMARY.md", b"# Summary\n\n- [Results](results.md)\n"),
        ("src/results.md", chapter.as_bytes()),
        ("data/results.json", results.as_bytes()),
        ("data/reqs.toml", reqs.as_bytes()),
    ]);
    build_book(dir.path()).unwrap();
    dir
}

/// Loads `page` of the built book at `root` in a `width`-pixel window and measures it.
fn measure(root: &Path, page: &str, width: u32) -> Option<Layout> {
    let html = std::fs::read_to_string(root.join("book").join(page)).unwrap();
    let measured = root.join("book").join(format!("measured-{width}-{page}"));
    std::fs::write(&measured, html.replacen("</body>", MEASURE, 1)).unwrap();
    let window = format!("--window-size={width},1000");
    let dom = chromium(
        &measured,
        &[&window, "--virtual-time-budget=2000", "--dump-dom"],
    )?;
    let marker = "<pre id=\"effgraph-layout\">";
    let start = dom.find(marker).expect("the script ran") + marker.len();
    let json = &dom[start..start + dom[start..].find("</pre>").unwrap()];
    let json = json
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    Some(serde_json::from_str(&json).unwrap())
}

/// Every table cell inside the content column, no sideways scrolling, no word broken.
fn assert_fits(layout: &Layout, what: &str) {
    assert!(
        layout.scroll <= layout.width,
        "{what}: the page scrolls sideways ({} px wide in a {} px window)",
        layout.scroll,
        layout.width
    );
    assert!(
        layout.cells.len() > 20,
        "{what}: tables missing: {layout:?}"
    );
    for (text, left, right) in &layout.cells {
        assert!(
            *left >= layout.left - 0.5 && *right <= layout.right + 0.5,
            "{what}: cell `{text}` at {left:.0}–{right:.0} px is outside the content column {:.0}–{:.0} px",
            layout.left,
            layout.right
        );
    }
    for (word, lines) in &layout.words {
        assert_eq!(*lines, 1, "{what}: `{word}` is broken across lines");
    }
}

#[test]
fn tables_fit_the_content_column_at_1280_and_420_pixels() {
    if !have_tool("chromium") {
        return;
    }
    for models in [3, 7, 12] {
        let dir = book(models, "light");
        for width in [1280, 420] {
            let layout = measure(dir.path(), "results.html", width).unwrap();
            assert_fits(&layout, &format!("{models} models at {width} px"));
            assert_eq!(layout.images.len(), 1, "{layout:?}");
            assert!(
                layout.images[0].1 <= layout.right - layout.left + 0.5,
                "figure wider than the column"
            );
        }
    }
}

/// WCAG relative luminance of a CSS `rgb(r, g, b)` / `rgba(…)` colour.
fn luminance(css: &str) -> f64 {
    let inner = css[css.find('(').unwrap() + 1..css.find(')').unwrap()].to_string();
    let parts: Vec<f64> = inner
        .split(',')
        .take(3)
        .map(|p| p.trim().parse::<f64>().unwrap() / 255.0)
        .collect();
    let linear = |c: f64| {
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(parts[0]) + 0.7152 * linear(parts[1]) + 0.0722 * linear(parts[2])
}

fn contrast(a: &str, b: &str) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn verdicts_are_distinct_and_the_figure_follows_each_theme() {
    if !have_tool("chromium") {
        return;
    }
    for theme in ["light", "rust", "coal", "navy", "ayu"] {
        let dir = book(7, theme);
        let layout = measure(dir.path(), "results.html", 1280).unwrap();
        if std::env::var_os("EFFGRAPH_KEEP_PAGES").is_some() {
            let keep = std::env::temp_dir().join(format!("effgraph-pages-{theme}"));
            let _ = std::fs::remove_dir_all(&keep);
            crate::common::copy_dir(dir.path(), &keep);
            eprintln!("{theme}: {layout:?}");
        }
        assert_fits(&layout, theme);
        // Met and not met: different border colours, each standing out from the page
        // (3:1, WCAG's contrast for graphical objects).
        let border = |class: &str| {
            layout
                .verdicts
                .iter()
                .find(|v| v.0 == class)
                .unwrap_or_else(|| panic!("no {class} verdict: {layout:?}"))
                .1
                .clone()
        };
        let (met, not_met) = (border("effgraph-met"), border("effgraph-not-met"));
        assert_ne!(met, not_met, "{theme}: verdicts look alike");
        for colour in [&met, &not_met] {
            let c = contrast(colour, &layout.background);
            assert!(
                c >= 3.0,
                "{theme}: verdict border {colour} on {} is {c:.2}:1",
                layout.background
            );
        }
        // The theme shows one drawing: dark ink on light themes, light ink on dark ones (the
        // image moved left by half its width).
        let dark_theme = ["coal", "navy", "ayu"].contains(&theme);
        let moved = layout.images[0].0 != "none";
        assert_eq!(moved, dark_theme, "{theme}: {:?}", layout.images);
        assert_eq!(
            luminance(&layout.background) < 0.2,
            dark_theme,
            "{theme}: {}",
            layout.background
        );
        // And the drawing is painted: a light or dark page with ink on it.
        let (paper, ink) = figure_pixels(dir.path(), &layout);
        if dark_theme {
            assert!(
                paper < 0.05,
                "{theme}: the figure's page is not dark ({paper:.2})"
            );
        } else {
            assert!(
                paper > 0.9,
                "{theme}: the figure's page is not light ({paper:.2})"
            );
        }
        assert!(
            ink > 0.02,
            "{theme}: only {:.1}% of the figure is ink",
            ink * 100.0
        );
    }
}

/// A screenshot of the measured page's figure: the median luminance of its pixels (its
/// page) and the share of pixels standing out from it at 3:1 or more (ink).
fn figure_pixels(root: &Path, layout: &Layout) -> (f64, f64) {
    let page = root.join("book/measured-1280-results.html");
    let shot = root.join("shot.png");
    chromium(
        &page,
        &[
            "--window-size=1280,1000",
            "--force-device-scale-factor=1",
            "--virtual-time-budget=2000",
            &format!("--screenshot={}", shot.display()),
        ],
    )
    .unwrap();
    let (w, _, rgb) = crate::common::decode(&shot);
    let (left, top, width, height) = layout.figure;
    let mut lum: Vec<f64> = Vec::new();
    for y in top as u32..(top + height) as u32 {
        for x in left as u32..(left + width) as u32 {
            let i = ((y * w + x) * 3) as usize;
            let css = format!("rgb({}, {}, {})", rgb[i], rgb[i + 1], rgb[i + 2]);
            lum.push(luminance(&css));
        }
    }
    assert!(
        lum.len() > 10_000,
        "the figure is off the screenshot: {layout:?}"
    );
    let mut sorted = lum.clone();
    sorted.sort_by(f64::total_cmp);
    let paper = sorted[sorted.len() / 2];
    let stands_out = |l: f64| (l.max(paper) + 0.05) / (l.min(paper) + 0.05) >= 3.0;
    let ink = lum.iter().filter(|&&l| stands_out(l)).count() as f64 / lum.len() as f64;
    (paper, ink)
}

#[test]
fn print_html_printed_to_pdf_shows_every_table_column() {
    if !(have_tool("chromium") && have_tool("pdftotext")) {
        return;
    }
    for models in [7, 12] {
        let dir = book(models, "light");
        let page: PathBuf = dir.path().join("book/print.html");
        let pdf = dir.path().join("print.pdf");
        chromium(
            &page,
            &[
                "--no-pdf-header-footer",
                &format!("--print-to-pdf={}", pdf.display()),
            ],
        )
        .unwrap();
        let (width, words) = crate::common::pdf_word_boxes(&pdf);
        for (text, left, right) in &words {
            assert!(
                *left >= 0.0 && *right <= width,
                "{models} models: `{text}` at {left:.0}–{right:.0} pt is off the {width:.0} pt page"
            );
        }
        let text: Vec<&str> = words.iter().map(|w| w.0.as_str()).collect();
        for name in crate::common::LONG_NAMES.iter().take(models) {
            for word in name.split(' ') {
                assert!(
                    text.contains(&word),
                    "{models} models: `{word}` missing from the printed page"
                );
            }
        }
        for header in ["Cheapest", "Mean", "20", "25", "30", "40", "50"] {
            assert!(
                text.contains(&header),
                "{models} models: `{header}` missing from the printed page"
            );
        }
    }
}
