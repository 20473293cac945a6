use std::path::{Path, PathBuf};

use mdbook_driver::MDBook;

use crate::common::{build_book as build, copy_dir, html_table, page_images, run_preprocessor};

/// Copies a fixture book into a temp folder (so builds never touch the repository).
fn copy_book(case: &str) -> tempfile::TempDir {
    crate::common::fixture_copy(case)
}

fn page(root: &Path, name: &str) -> String {
    std::fs::read_to_string(root.join("book").join(name)).unwrap()
}

#[test]
fn a_chapter_shows_the_figure_tables_and_verdicts() {
    let dir = copy_book("book_basic");
    build(dir.path()).unwrap();
    let html = page(dir.path(), "results.html");
    assert!(
        !html.contains("&lt;&lt;efficiency_graph"),
        "directive left in the page"
    );
    assert!(html.contains("<figure class=\"effgraph\""), "no figure");
    // One image of the figure on a light and on a dark page side by side (2 × 504 pt), in
    // a frame 504 pt = 672 CSS pixels wide; the theme shows one half.
    let images = page_images(&html);
    assert_eq!(images.len(), 1, "{html}");
    assert_eq!(images[0].mime, "image/svg+xml");
    assert!(String::from_utf8_lossy(&images[0].bytes).contains(" width=\"1008pt\""));
    // mdBook writes attribute names in lower case; browsers read `viewbox` as `viewBox`.
    assert!(html.contains("<svg class=\"effgraph-figure\" viewbox=\"0 0 504 "));
    assert!(html.contains(" width=\"672\" role=\"img\" aria-label=\"Chart of perplexity"));
    assert!(
        html.contains("<figcaption>ResNet-BK against Mamba (hand-checked fixture)</figcaption>")
    );
    // The verdicts, from reqs.toml named book-wide in book.toml.
    assert!(html.contains("<strong>✗ 8.10 not met</strong>: ResNet-BK reaches PPL 30 with 2x fewer FLOPs than Mamba. Value mamba not reached (best 32.00), threshold 2×. mamba never reaches PPL 30 (best 32.00)</li>"), "{html}");
    assert!(html.contains("<strong>✓ 8.11 met</strong>"));
    // Table values, hand-checked in tests/fixtures/old_layout/README.md.
    assert_eq!(
        html_table(&html, "effgraph-summary")[2],
        [
            "resnetbk",
            "5 (4)",
            "28.00 (5 GFLOPs)",
            "2 GFLOPs (31.00)",
            "29.40, 3.5 GFLOPs"
        ]
    );
    // As many models as targets: one row per model.
    assert_eq!(
        html_table(&html, "effgraph-equal-ppl"),
        [
            ["Model", "PPL 30", "PPL 34"],
            ["mamba", "not reached", "8 GFLOPs"],
            ["resnetbk", "≈2.61 GFLOPs", "2 GFLOPs"]
        ]
    );
    assert!(html.contains("<td data-label=\"PPL 30\" title=\"mamba never reaches PPL 30 (best 32.00)\">not reached</td>"));
    // Alt text is generated from the data.
    assert!(html.contains("Chart of perplexity against FLOPs per token. mamba: 5 configurations"));
}

#[test]
fn code_comments_and_escaped_directives_are_untouched() {
    let dir = copy_book("book_basic");
    build(dir.path()).unwrap();
    let html = page(dir.path(), "literal.html");
    assert!(
        !html.contains("<figure"),
        "a protected directive was expanded"
    );
    assert!(html.contains("<code>&lt;&lt;efficiency_graph data/results&gt;&gt;</code>"));
    assert!(html.contains("&lt;&lt;efficiency_graph data/results table=none&gt;&gt;"));
    assert!(html.contains("&lt;&lt;efficiency_graph data/results indented=yes&gt;&gt;"));
    assert!(html.contains("<!-- <<efficiency_graph data/results in-a-comment=yes>> -->"));
    assert!(html.contains(
        "An escaped one renders literally: &lt;&lt;efficiency_graph data/results&gt;&gt;"
    ));
}

#[test]
fn a_missing_results_folder_fails_the_build_at_the_directive() {
    let dir = copy_book("book_basic");
    std::fs::remove_dir_all(dir.path().join("data/results")).unwrap();
    assert!(build(dir.path()).is_err(), "mdBook must fail the build");
    let out = run_preprocessor(dir.path(), "html");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "mdbook-effgraph: error: src/results.md:5:1: data/results: results path does not exist\n"
    );
}

#[test]
fn a_bad_directive_fails_with_chapter_line_and_column() {
    let dir = copy_book("book_basic");
    let chapter = dir.path().join("src/results.md");
    let text = std::fs::read_to_string(&chapter)
        .unwrap()
        .replace("target_ppl=30,34", "target_ppl=30,34 colour=red");
    std::fs::write(&chapter, text).unwrap();
    assert!(build(dir.path()).is_err(), "mdBook must fail the build");
    let stderr = String::from_utf8_lossy(&run_preprocessor(dir.path(), "html").stderr).into_owned();
    assert!(stderr.starts_with("mdbook-effgraph: error: src/results.md:5:107: unknown key `colour` (expected one of: requirements,"), "{stderr}");
}

#[test]
fn on_failure_continue_shows_an_error_box_and_builds() {
    let dir = copy_book("book_basic");
    let toml = dir.path().join("book.toml");
    let text = std::fs::read_to_string(&toml).unwrap() + "on-failure = \"continue\"\n";
    std::fs::write(&toml, text).unwrap();
    std::fs::remove_dir_all(dir.path().join("data/results")).unwrap();
    build(dir.path()).unwrap();
    let html = page(dir.path(), "results.html");
    assert!(
        html.contains("<div class=\"effgraph-error\" role=\"alert\""),
        "{html}"
    );
    assert!(html.contains("<strong>effgraph error</strong>: src/results.md:5:1: data/results: results path does not exist</div>"), "{html}");
}

/// Every file under `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let meta = std::fs::metadata(&path).unwrap();
                files.push((
                    path.clone(),
                    std::fs::read(&path).unwrap(),
                    meta.modified().unwrap(),
                ));
            }
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

#[test]
fn a_warm_rebuild_renders_nothing_and_changes_nothing_in_src() {
    let dir = copy_book("book_basic");
    let root = dir.path();
    let src_before = snapshot(&root.join("src"));
    build(root).unwrap();
    let cache_after_first = snapshot(&root.join(".effgraph-cache"));
    assert!(
        cache_after_first.len() >= 2,
        "the cold build cached its output"
    );
    let first_page = page(root, "results.html");
    build(root).unwrap();
    assert_eq!(
        snapshot(&root.join(".effgraph-cache")),
        cache_after_first,
        "the warm build rendered again"
    );
    assert_eq!(page(root, "results.html"), first_page);
    assert_eq!(
        snapshot(&root.join("src")),
        src_before,
        "the preprocessor changed src/"
    );

    // A data change shows up on the next build.
    let record = root.join("data/results/mamba_efficiency_0.json");
    let text = std::fs::read_to_string(&record)
        .unwrap()
        .replace("32.0", "29.0");
    std::fs::write(&record, text).unwrap();
    build(root).unwrap();
    let html = page(root, "results.html");
    assert!(
        !html.contains("mamba never reaches PPL 30"),
        "stale output after a data change"
    );
}

#[test]
fn the_markdown_renderer_gets_tables_not_the_directive() {
    let dir = copy_book("book_basic");
    let toml = dir.path().join("book.toml");
    let text = std::fs::read_to_string(&toml).unwrap() + "\n[output.markdown]\n";
    std::fs::write(&toml, text).unwrap();
    build(dir.path()).unwrap();
    let md = std::fs::read_to_string(dir.path().join("book/results.md")).unwrap();
    assert!(
        !md.contains("<<efficiency_graph data/results caption"),
        "{md}"
    );
    assert!(
        md.contains(
            "- **✗ 8.10 not met**: ResNet-BK reaches PPL 30 with 2x fewer FLOPs than Mamba."
        ),
        "{md}"
    );
    assert!(
        md.contains(
            "| resnetbk | 5 (4) | 28.00 (5 GFLOPs) | 2 GFLOPs (31.00) | 29.40, 3.5 GFLOPs |"
        ),
        "{md}"
    );
    // No figure file for a renderer that cannot show one: the figure is described in words,
    // and nothing but the cache is written.
    assert!(
        md.contains("*Figure: Chart of perplexity against FLOPs per token."),
        "{md}"
    );
    assert!(!md.contains("](effgraph/"), "{md}");
    let cached: Vec<_> = std::fs::read_dir(dir.path().join(".effgraph-cache"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".svg") || n.ends_with(".pdf"))
        .collect();
    assert!(
        cached.is_empty(),
        "figure files written for mdBook: {cached:?}"
    );
}

#[test]
fn the_preprocessor_answers_supports_for_every_renderer() {
    let bin = env!("CARGO_BIN_EXE_mdbook-effgraph");
    for renderer in ["html", "markdown", "epub"] {
        let status = std::process::Command::new(bin)
            .args(["supports", renderer])
            .status()
            .unwrap();
        assert!(status.success(), "{renderer}");
    }
}

/// The user guide in `book/` builds, and its live examples are expanded.
#[test]
fn the_user_guide_builds() {
    let dir = tempfile::tempdir().unwrap();
    let guide = Path::new(env!("CARGO_MANIFEST_DIR")).join("book");
    for sub in ["src", "data"] {
        copy_dir(&guide.join(sub), &dir.path().join(sub));
    }
    std::fs::copy(guide.join("book.toml"), dir.path().join("book.toml")).unwrap();
    build(dir.path()).unwrap();
    let html = std::fs::read_to_string(dir.path().join("build/examples.html")).unwrap();
    assert_eq!(
        html.matches("<figure class=\"effgraph\"").count(),
        3,
        "three live figures"
    );
    assert!(html.contains("SIMULATED DATA: generated, not measured."));
    assert!(html.contains("<strong>✗ 8.10 not met</strong>"));
    assert!(html.contains("<strong>✓ dedup-ppl5 met</strong>"));
    assert!(!html.contains("&lt;&lt;efficiency_graph"));
    let guide_page = std::fs::read_to_string(dir.path().join("build/mdbook.html")).unwrap();
    assert!(
        !guide_page.contains("<figure class=\"effgraph\""),
        "documentation examples must stay literal"
    );
}

/// Two builds of one book at once (to two build folders), sharing the cache: both complete
/// with the full, identical page, whether the cache is cold or warm.
#[test]
fn two_concurrent_builds_sharing_the_cache_both_succeed() {
    let dir = copy_book("book_basic");
    let root = dir.path().to_path_buf();
    for round in 0..3 {
        let builds: Vec<_> = ["a", "b"]
            .into_iter()
            .map(|name| {
                let root = root.clone();
                std::thread::spawn(move || {
                    let mut config =
                        mdbook_driver::config::Config::from_disk(root.join("book.toml")).unwrap();
                    config
                        .set(
                            "preprocessor.effgraph.command",
                            env!("CARGO_BIN_EXE_mdbook-effgraph"),
                        )
                        .unwrap();
                    config
                        .set("build.build-dir", format!("out-{name}"))
                        .unwrap();
                    MDBook::load_with_config(&root, config)
                        .unwrap()
                        .build()
                        .map_err(|e| format!("{e:#}"))
                })
            })
            .collect();
        for b in builds {
            b.join().unwrap().unwrap();
        }
        let a = std::fs::read_to_string(root.join("out-a/results.html")).unwrap();
        let b = std::fs::read_to_string(root.join("out-b/results.html")).unwrap();
        assert!(
            a.contains("<figure class=\"effgraph\"")
                && a.contains("<strong>✗ 8.10 not met</strong>"),
            "round {round}"
        );
        assert_eq!(a, b, "round {round}: the two builds differ");
        if round == 1 {
            // Start the last round cold again.
            std::fs::remove_dir_all(root.join(".effgraph-cache")).unwrap();
        }
    }
}

#[test]
fn templates_dir_overrides_a_shipped_template() {
    let dir = copy_book("book_basic");
    let custom = dir.path().join("my-templates/html");
    std::fs::create_dir_all(&custom).unwrap();
    std::fs::write(
        custom.join("requirements.html"),
        "<ol class=\"custom\">{% for v in verdicts %}<li>{{ v.id }}={{ v.status }}</li>{% endfor %}</ol>\n",
    )
    .unwrap();
    let toml = dir.path().join("book.toml");
    let text = std::fs::read_to_string(&toml).unwrap() + "templates-dir = \"my-templates\"\n";
    std::fs::write(&toml, text).unwrap();
    build(dir.path()).unwrap();
    let html = page(dir.path(), "results.html");
    for part in [
        "<ol class=\"custom\">",
        "<li>8.10=not met</li>",
        "<li>8.11=met</li>",
    ] {
        assert!(html.contains(part), "{part} missing:\n{html}");
    }
    assert!(
        !html.contains("<ul class=\"effgraph-verdicts\">"),
        "the shipped template was used"
    );
    // The other templates stay as shipped.
    assert!(html.contains("<table class=\"effgraph-summary\">"));
}

#[test]
fn the_cache_never_leaves_the_book_or_follows_a_link() {
    let dir = copy_book("book_basic");
    let toml = dir.path().join("book.toml");
    let base = std::fs::read_to_string(&toml).unwrap();
    for bad in ["../elsewhere", "/tmp/effgraph-cache"] {
        std::fs::write(&toml, format!("{base}cache-dir = \"{bad}\"\n")).unwrap();
        let out = run_preprocessor(dir.path(), "html");
        assert_eq!(out.status.code(), Some(1));
        let stderr =
            String::from_utf8_lossy(&out.stderr).replace(&dir.path().display().to_string(), "ROOT");
        assert_eq!(
            stderr,
            format!(
                "mdbook-effgraph: error: book.toml: [preprocessor.effgraph] cache-dir: `{bad}` must be a relative path inside the book (no `..`, not absolute)\n"
            )
        );
    }
    std::fs::write(&toml, &base).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), dir.path().join(".effgraph-cache")).unwrap();
    let out = run_preprocessor(dir.path(), "html");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            ".effgraph-cache is a symbolic link; the cache folder must be reached without links"
        ),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(elsewhere.path()).unwrap().count(),
        0,
        "something was written through the link"
    );
}

#[test]
fn format_png_embeds_an_image_with_the_alt_text() {
    let dir = copy_book("book_basic");
    let chapter = dir.path().join("src/results.md");
    let text = std::fs::read_to_string(&chapter).unwrap().replace(
        "target_ppl=30,34",
        "target_ppl=30,34 format=png dpi=50 alt=\"A chart\"",
    );
    std::fs::write(&chapter, text).unwrap();
    build(dir.path()).unwrap();
    let html = page(dir.path(), "results.html");
    let images = page_images(&html);
    assert_eq!(images.len(), 1);
    assert_eq!(images[0].mime, "image/png");
    // Light and dark side by side: twice as wide as 504 pt at 50 dpi, with a dark right half.
    let mut decoder = png::Decoder::new(std::io::Cursor::new(images[0].bytes.clone()));
    // The page's PNG has 256 colours; read it as RGB.
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    assert_eq!(frame.width, 2 * 350);
    let corner = |x: usize| pixels[x * 3..x * 3 + 3].to_vec();
    assert_eq!(corner(0), [255, 255, 255], "light paper on the left");
    assert!(
        corner(frame.width as usize - 1).iter().all(|&c| c < 64),
        "dark paper on the right"
    );
    assert_eq!(html.matches("aria-label=\"A chart\"").count(), 1);
}

/// Everything a page depends on is in its cache key: a change to any of it renders the
/// directive again and shows on the page, however the cache was warmed.
#[test]
fn a_change_to_any_input_of_a_page_is_never_served_from_cache() {
    let dir = copy_book("book_basic");
    let root = dir.path();
    let templates = root.join("templates/html");
    std::fs::create_dir_all(&templates).unwrap();
    let caption = "<figcaption>{{ caption }}</figcaption>";
    let figure = effgraph::report::templates::SHIPPED
        .iter()
        .find(|(name, _)| *name == "html/figure.html")
        .unwrap()
        .1;
    std::fs::write(templates.join("figure.html"), figure).unwrap();
    let toml = root.join("book.toml");
    let base = std::fs::read_to_string(&toml).unwrap() + "templates-dir = \"templates\"\n";
    std::fs::write(&toml, &base).unwrap();
    build(root).unwrap();
    let rerendered = |what: &str| {
        let out = run_preprocessor(root, "html");
        let log = String::from_utf8_lossy(&out.stderr);
        assert!(log.contains("1 rendered, 0 from cache"), "{what}: {log}");
        build(root).unwrap();
        page(root, "results.html")
    };
    // A threshold raised from 25 to 35 (%): the cached "met" must not be served.
    let reqs = root.join("data/reqs.toml");
    let text = std::fs::read_to_string(&reqs).unwrap();
    std::fs::write(&reqs, text.replace("threshold = 25", "threshold = 35")).unwrap();
    let html = rerendered("requirements bytes");
    assert!(html.contains("<strong>✗ 8.11 not met</strong>"), "{html}");
    // A book-wide default.
    std::fs::write(&toml, format!("{base}table = \"none\"\n")).unwrap();
    let html = rerendered("book-wide defaults");
    assert!(!html.contains("<table class=\"effgraph-summary\">"));
    // A template override file.
    let custom = figure.replace(caption, "<figcaption>CUSTOM {{ caption }}</figcaption>");
    assert_ne!(custom, figure, "the shipped template has the caption line");
    std::fs::write(templates.join("figure.html"), custom).unwrap();
    let html = rerendered("template override");
    assert!(html.contains("<figcaption>CUSTOM "), "{html}");
}

/// A template that does not parse is named by its file in `templates-dir`.
#[test]
fn a_broken_template_override_is_named_in_the_error() {
    let dir = copy_book("book_basic");
    let root = dir.path();
    std::fs::create_dir_all(root.join("templates/html")).unwrap();
    std::fs::write(
        root.join("templates/html/summary.html"),
        "{% for m in models %}",
    )
    .unwrap();
    let toml = root.join("book.toml");
    let text = std::fs::read_to_string(&toml).unwrap() + "templates-dir = \"templates\"\n";
    std::fs::write(&toml, text).unwrap();
    let out = run_preprocessor(root, "html");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    // Templates are compiled when a directive first needs them, so the directive is named too.
    assert!(
        err.starts_with(
            "mdbook-effgraph: error: src/results.md:5:1: templates/html/summary.html: Failed to parse"
        ),
        "{err}"
    );
}

/// The guide's key table is made from the one table of directive keys in the code.
#[test]
fn the_guide_lists_every_directive_key() {
    let guide = Path::new(env!("CARGO_MANIFEST_DIR")).join("book/src/mdbook.md");
    crate::snapshots::assert_section(
        &guide,
        "<!-- keys: made from the table in src/directive/keys.rs; a test keeps it current -->",
        "<!-- end of keys -->",
        &effgraph::directive::keys::guide_table(),
    );
}

/// A directive showing some models skips the book-wide requirements about the others, and
/// says so; `requirements=none` opts out; a requirement naming a model the results do not
/// have at all is still an error (a typo must not pass as "skipped").
#[test]
fn models_and_requirements_none_choose_which_requirements_a_directive_checks() {
    let dir = copy_book("book_basic");
    let chapter = dir.path().join("src/results.md");
    let original = std::fs::read_to_string(&chapter).unwrap();
    let with = |directive_keys: &str| {
        let text = original.replace("target_ppl=30,34", directive_keys);
        std::fs::write(&chapter, text).unwrap();
    };
    with("target_ppl=30,34 models=mamba");
    build(dir.path()).unwrap();
    let html = page(dir.path(), "results.html");
    for id in ["8.10", "8.11"] {
        let line = format!(
            "<li class=\"effgraph-skipped\">{id} not checked here: resnetbk not among the models shown</li>"
        );
        assert!(html.contains(&line), "{line} missing:\n{html}");
    }
    assert!(!html.contains("effgraph-met\">") && !html.contains("effgraph-not-met\">"));

    with("target_ppl=30,34 requirements=none");
    build(dir.path()).unwrap();
    let html = page(dir.path(), "results.html");
    assert!(!html.contains("<ul class=\"effgraph-verdicts\">"), "{html}");
    assert_eq!(
        html_table(&html, "effgraph-summary").len(),
        3,
        "both models shown"
    );

    let reqs = dir.path().join("data/reqs.toml");
    let text = std::fs::read_to_string(&reqs).unwrap().replacen(
        "candidate = \"resnetbk\"",
        "candidate = \"resnet-bk\"",
        1,
    );
    std::fs::write(&reqs, text).unwrap();
    with("target_ppl=30,34 models=mamba");
    let out = run_preprocessor(dir.path(), "html");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "mdbook-effgraph: error: src/results.md:5:1: data/reqs.toml:6:13: unknown model `resnet-bk` (the results have: mamba, resnetbk)\n",
        "a misspelt model must not pass as not shown"
    );
}

/// The style sheet comes once per chapter, with its first figure; a `templates-dir` may
/// replace it.
#[test]
fn a_chapter_gets_the_style_sheet_once() {
    let dir = copy_book("book_basic");
    let chapter = dir.path().join("src/results.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(
        &chapter,
        format!("{text}\n<<efficiency_graph data/results table=none>>\n"),
    )
    .unwrap();
    build(dir.path()).unwrap();
    let html = page(dir.path(), "results.html");
    assert_eq!(html.matches("<figure class=\"effgraph\"").count(), 2);
    assert_eq!(html.matches("transform-box:fill-box").count(), 1, "{html}");
    // The same figure twice on a page: its ids stay unique.
    assert!(
        html.contains("<figure class=\"effgraph\" id=\"egeb1fd940\""),
        "{html}"
    );
    assert!(
        html.contains("<figure class=\"effgraph\" id=\"egeb1fd940-2\""),
        "{html}"
    );
    assert!(html.find("<style>").unwrap() < html.find("<figure class=\"effgraph\"").unwrap());

    std::fs::create_dir_all(dir.path().join("t/html")).unwrap();
    std::fs::write(
        dir.path().join("t/html/style.css"),
        ".effgraph{outline:1px solid red}\n",
    )
    .unwrap();
    let toml = dir.path().join("book.toml");
    let text = std::fs::read_to_string(&toml).unwrap() + "templates-dir = \"t\"\n";
    std::fs::write(&toml, text).unwrap();
    build(dir.path()).unwrap();
    let html = page(dir.path(), "results.html");
    assert!(
        html.contains("<style>\n.effgraph{outline:1px solid red}\n</style>"),
        "{html}"
    );
    assert!(!html.contains("transform-box:fill-box"));
}

/// Data settings in book.toml are read by the same declarations as directive keys and flags:
/// a bad value names its key, an unknown key lists the data settings too.
#[test]
fn book_wide_data_settings_are_checked_by_their_declarations() {
    for (line, expected) in [
        (
            "seed-field = \"/a~2b\"",
            "mdbook-effgraph: error: book.toml: [preprocessor.effgraph] seed-field: `/a~2b` is not a JSON Pointer: `~` must be followed by 0 or 1\n",
        ),
        (
            "include = [\"[\"]",
            "mdbook-effgraph: error: book.toml: [preprocessor.effgraph] include: `[` is not a file pattern: invalid range pattern\n",
        ),
        (
            "x = [\"a\", \"b\"]",
            "mdbook-effgraph: error: book.toml: [preprocessor.effgraph] x: must be a single value\n",
        ),
    ] {
        let dir = crate::common::fixture_copy("book_basic");
        let toml = dir.path().join("book.toml");
        let base = std::fs::read_to_string(&toml).unwrap();
        std::fs::write(&toml, format!("{base}{line}\n")).unwrap();
        let out = run_preprocessor(dir.path(), "html");
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(String::from_utf8_lossy(&out.stderr), expected);
    }
    let dir = crate::common::fixture_copy("book_basic");
    let toml = dir.path().join("book.toml");
    let base = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{base}seed_field = \"run\"\n")).unwrap();
    let out = run_preprocessor(dir.path(), "html");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown field `seed_field`, expected one of `requirements`")
            && err.ends_with(", or a data setting: `x`, `y`, `model`, `config`, `y-better`, `x-label`, `y-label`, `include`, `exclude`, `seed-field`, `fit-params`, `fit-tokens`, `repeats`, `path-fields`, `where`, `lookup`, `lookup-on`\n"),
        "{err}"
    );
}
