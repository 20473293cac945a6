//! One wording for a requirement's value in every output: a target never reached reads
//! "… not reached (best …)" (never "none", never with an interval), a ratio below 1 and a
//! negative improvement read in words with their threshold ("18.1% higher PPL" against "5%
//! lower PPL"), the words met / not met / inconclusive stand beside every mark, and the note
//! that intervals need repeats is said once. Checked on one requirement set holding every kind
//! of verdict (tests/fixtures/wording), in the console, the Markdown, LaTeX and HTML verdicts,
//! the figure's words, inline values and macros.

use std::path::Path;

use effgraph::report::templates::escape_tex;

use crate::common::{build_book, copy_dir, effgraph, fixture, have_tool, stderr, stdout};

/// The words every output must hold, each once written the same way.
const WORDS: [&str; 8] = [
    // Met, and not met by value, as numbers.
    "15.4%",
    // A negative improvement and its threshold.
    "18.1% higher PPL",
    "5% lower PPL",
    // A ratio below 1 and a threshold of 1 beside it.
    "≈1.13× more FLOPs",
    "equal FLOPs",
    // A target neither model reaches.
    "Pythia not reached (best 3.92)",
    "Pythia-deduped not reached (best 3.87)",
    "inconclusive",
];

/// What no output may say of a value.
const NEVER: [&str; 4] = ["none", "-18", "−18", "0.88"];

/// The fixture's three-seed runs and the requirement set, in a fresh folder.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("repeats/results"), &dir.path().join("data"));
    std::fs::copy(fixture("wording/reqs.toml"), dir.path().join("reqs.toml")).unwrap();
    dir
}

fn assert_words(what: &str, text: &str, words: &[String]) {
    for word in words {
        assert!(
            text.contains(word.as_str()),
            "{what} lacks `{word}`:\n{text}"
        );
    }
    for never in NEVER {
        assert!(!text.contains(never), "{what} says `{never}`:\n{text}");
    }
}

fn plain_words() -> Vec<String> {
    WORDS.iter().map(|w| w.to_string()).collect()
}

#[test]
fn the_console_says_it_in_words_with_the_seed_s_line_shape() {
    let dir = workspace();
    let args = [
        "check",
        "--results-dir",
        "data",
        "--requirements",
        "reqs.toml",
    ];
    let o = effgraph(dir.path(), &args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    // The console's status words are the seed's capitals.
    let words = plain_words()
        .into_iter()
        .map(|w| w.replace("inconclusive", "INCONCLUSIVE"));
    assert_words("the console", &out, &words.collect::<Vec<_>>());
    for line in [
        "  FAIL: Value = 18.1% higher PPL [9.05, 27.8], Threshold = 5% lower PPL\n",
        "  FAIL: Value = ≈1.13× more FLOPs [1.07, 1.18], Threshold = equal FLOPs\n",
        "  FAIL: Value = Pythia not reached (best 3.92); Pythia-deduped not reached (best 3.87), Threshold = 1×\n",
        "  INCONCLUSIVE: Value = 15.4% [8.3, 21.7], Threshold = 15%\n",
    ] {
        assert!(out.contains(line), "{out}");
    }
    // The note about intervals, without repeats: once, in the heading.
    let plain = std::fs::read_to_string(dir.path().join("data/pythia_3seeds.jsonl")).unwrap();
    let first_seed: String = plain
        .lines()
        .filter(|l| l.contains("\"seed\": 1"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.path().join("data/pythia_3seeds.jsonl"), first_seed).unwrap();
    let out = stdout(&effgraph(dir.path(), &args));
    assert_eq!(out.matches("no repeats: no interval").count(), 1, "{out}");
    assert!(out.contains("Requirements Verification (no repeats: no interval):\n"));
    assert!(!out.contains("[∞"), "{out}");
}

#[test]
fn markdown_latex_and_figure_words_agree() {
    let dir = workspace();
    let values = "Worse: <<efficiency_value data requirements=reqs.toml requirement=W.worse>> \
        against <<efficiency_value data requirements=reqs.toml requirement=W.worse part=threshold>>; \
        costlier <<efficiency_value data requirements=reqs.toml requirement=W.costlier>> against \
        <<efficiency_value data requirements=reqs.toml requirement=W.costlier part=threshold>>; \
        unreached <<efficiency_value data requirements=reqs.toml requirement=W.unreached>>; \
        met <<efficiency_value data requirements=reqs.toml requirement=W.met>>, \
        <<efficiency_value data requirements=reqs.toml requirement=W.unsure part=verdict>>.";
    let block = "<<efficiency_graph data requirements=reqs.toml format=pdf>>";
    std::fs::write(
        dir.path().join("doc.md"),
        format!("# W\n\n{block}\n\n{values}\n"),
    )
    .unwrap();
    let tex = format!(
        "\\documentclass{{article}}\n\\usepackage{{graphicx}}\n\\usepackage{{booktabs}}\n\
         \\begin{{document}}\n{block}\n\n{values}\n\\end{{document}}\n"
    );
    std::fs::write(dir.path().join("paper.tex"), tex).unwrap();
    for doc in ["doc.md", "paper.tex"] {
        let o = effgraph(dir.path(), &["expand", doc, "-o", "out/"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let md = std::fs::read_to_string(dir.path().join("out/doc.md")).unwrap();
    assert_words("the Markdown verdicts and values", &md, &plain_words());
    assert!(md.contains("- **✗ W.worse not met**: Pythia lowers PPL by 5% at 320 MFLOPs. Value 18.1% higher PPL \\[9.05, 27.8\\], threshold 5% lower PPL."), "{md}");
    let tex = std::fs::read_to_string(dir.path().join("out/paper.tex")).unwrap();
    let escaped: Vec<String> = WORDS.iter().map(|w| escape_tex(w)).collect();
    assert_words("the LaTeX verdicts and values", &tex, &escaped);
    // A check mark from the AMS symbol font, the word beside every mark.
    let mark = "met: {\\usefont{U}{msa}{m}{n}\\char88} met, 15.4\\%";
    assert!(tex.contains(mark), "{tex}");
    assert!(tex.contains("unsure: ? inconclusive, 15.4\\%"), "{tex}");
    let worse = "worse: $\\times$ not met, 18.1\\% higher PPL [9.05, 27.8] vs 5\\% lower PPL &";
    assert!(tex.contains(worse), "{tex}");
    assert!(!tex.contains("\\surd"));
    // The figure's labels, as a reader of the PDF finds them.
    let figure = std::fs::read_dir(dir.path().join("out/effgraph"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    if have_tool("pdftotext") {
        let words = crate::common::pdf_text(&figure);
        for word in [
            "18.1% higher PPL",
            "≈1.13× more FLOPs",
            "Pythia not reached (best 3.92)",
        ] {
            assert!(words.contains(word), "the figure lacks `{word}`: {words}");
        }
    }
    if have_tool("latexmk") {
        crate::common::latexmk_pdf_named(&dir.path().join("out"), "paper.tex");
        let pdf = dir.path().join("out/paper.pdf");
        let text = crate::common::pdf_text(&pdf);
        for word in [
            "18.1% higher PPL",
            "5% lower PPL",
            "Pythia not reached (best 3.92)",
            "✓ met",
        ] {
            assert!(text.contains(word), "the paper lacks `{word}`: {text}");
        }
    }
}

#[test]
fn macros_and_a_built_book_say_the_same() {
    let dir = workspace();
    let args = [
        "macros",
        "--results-dir",
        "data",
        "--requirements",
        "reqs.toml",
        "-o",
        "values.tex",
    ];
    let o = effgraph(dir.path(), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    let macros = std::fs::read_to_string(dir.path().join("values.tex")).unwrap();
    for (name, text) in [
        ("effreq@W.worse@value", "18.1\\% higher PPL (simulated)"),
        ("effreq@W.worse@threshold", "5\\% lower PPL (simulated)"),
        ("effreq@W.costlier@threshold", "equal FLOPs (simulated)"),
        (
            "effreq@W.unreached@value",
            "Pythia not reached (best 3.92); Pythia-deduped not reached (best 3.87; simulated)",
        ),
        (
            "effreq@W.unreached@ci",
            "no interval (not reached; simulated)",
        ),
    ] {
        assert!(
            macros.contains(&format!("\\@namedef{{{name}}}{{{text}}}")),
            "{macros}"
        );
    }
    let book = dir.path();
    std::fs::create_dir_all(book.join("src")).unwrap();
    std::fs::write(book.join("src/SUMMARY.md"), "- [W](w.md)\n").unwrap();
    let chapter = "# W\n\n<<efficiency_graph data requirements=reqs.toml>>\n\n\
                   Worse: <<efficiency_value data requirements=reqs.toml requirement=W.worse>>.\n";
    std::fs::write(book.join("src/w.md"), chapter).unwrap();
    std::fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"w\"\n\n[build]\nextra-watch-dirs = [\"data\"]\n\n[preprocessor.effgraph]\n",
    )
    .unwrap();
    build_book(book).unwrap();
    let html = std::fs::read_to_string(book.join("book/w.html")).unwrap();
    let verdicts = &html[html.find("<ul class=\"effgraph-verdicts\">").unwrap()..];
    let verdicts = &verdicts[..verdicts.find("</ul>").unwrap()];
    assert_words("the HTML verdicts", verdicts, &plain_words());
    assert!(
        html.contains(">18.1% higher PPL (simulated)</span>"),
        "{html}"
    );
    assert!(Path::new(&book.join("book/w.html")).is_file());
}
