//! Numbers in prose: inline `<<efficiency_value …>>` directives in a Markdown paragraph (through
//! `expand` and a real mdBook build) and in a LaTeX paragraph (compiled by latexmk, read back
//! with pdftotext) give the summary JSON's numbers, "not reached" and "inconclusive" in words,
//! and follow the data on the next build.

use std::path::Path;

use serde_json::Value;

use crate::common::{Test, build_book, copy_dir, effgraph, fixture, have_tool, run_tool, stderr};

/// Seven values of every kind on the three-seed fixture (tests/fixtures/repeats).
const PARAGRAPH: &str = "Pythia-deduped has <<efficiency_value data requirements=reqs.toml requirement=R.met>> lower perplexity than Pythia at 320 MFLOPs per token, a claim that is <<efficiency_value data requirements=reqs.toml requirement=R.unsure part=verdict>> at 15 percent (interval <<efficiency_value data requirements=reqs.toml requirement=R.unsure part=ci>>). Pythia needs <<efficiency_value data reading=x model=Pythia at_y=33>> to reach perplexity 33 and reaches <<efficiency_value data reading=y model=Pythia at_x=3.2e8>> within 320 MFLOPs; its best perplexity is <<efficiency_value data stat=best_y model=Pythia>> over <<efficiency_value data stat=num_configs model=Pythia>> configurations, and perplexity 3 is <<efficiency_value data reading=x model=Pythia at_y=3>>.";

/// The sentence a reader sees.
const EXPECTED: &str = "Pythia-deduped has 15.4% lower perplexity than Pythia at 320 MFLOPs per token, a claim that is inconclusive at 15 percent (interval [8.3%, 21.7%]). Pythia needs ≈356 MFLOPs to reach perplexity 33 and reaches 38.06 within 320 MFLOPs; its best perplexity is 3.92 over 7 configurations, and perplexity 3 is not reached.";

/// A folder with the fixture's data (`data/`) and requirements. The fixture's runs are made
/// up and say `"simulated": true`, which every value would repeat ("15.4% (simulated)"); the
/// mark is taken off here so the sentences read plainly, and put back in the one test about it.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("repeats/results"), &dir.path().join("data"));
    let runs = dir.path().join("data/pythia_3seeds.jsonl");
    let text = std::fs::read_to_string(&runs).unwrap();
    std::fs::write(&runs, text.replace(", \"simulated\": true", "")).unwrap();
    std::fs::copy(fixture("repeats/reqs.toml"), dir.path().join("reqs.toml")).unwrap();
    dir
}

#[test]
fn simulated_data_says_so_in_a_sentence() {
    let dir = workspace();
    copy_dir(&fixture("repeats/results"), &dir.path().join("simulated"));
    std::fs::write(
        dir.path().join("doc.md"),
        "Best: <<efficiency_value simulated stat=best_y model=Pythia>>; bare: <<efficiency_value simulated stat=best_y model=Pythia unit=none>>.\n",
    )
    .unwrap();
    assert_eq!(
        expand(dir.path(), "doc.md", "out/doc.md"),
        "Best: 3.92 (simulated); bare: 3.92.\n"
    );
}

fn expand(dir: &Path, input: &str, output: &str) -> String {
    let o = effgraph(dir, &["expand", input, "-o", output]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::read_to_string(dir.join(output)).unwrap()
}

/// The summary JSON of the same data, for checking the prose against it.
fn summary(dir: &Path) -> Value {
    let o = effgraph(
        dir,
        &[
            "render",
            "--results-dir",
            "data",
            "--requirements",
            "reqs.toml",
            "--target-ppl",
            "33",
            "--target-flops",
            "3.2e8",
            "--save-summary",
            "-o",
            "s",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&std::fs::read_to_string(dir.join("s.json")).unwrap()).unwrap()
}

#[test]
fn a_markdown_paragraph_reads_the_summary_s_numbers() {
    let dir = workspace();
    std::fs::write(dir.path().join("doc.md"), format!("{PARAGRAPH}\n")).unwrap();
    let out = expand(dir.path(), "doc.md", "out/doc.md");
    // Markdown escapes the interval's brackets; the reader sees them plain.
    assert_eq!(out.replace('\\', "").trim(), EXPECTED);
    let s = summary(dir.path());
    let checks = &s["requirements_check"];
    let pct = |v: &Value| format!("{}%", effgraph::format::sig(v.as_f64().unwrap(), 3));
    assert!(EXPECTED.contains(&format!("has {} lower", pct(&checks["R.met"]["value"]))));
    assert_eq!(checks["R.unsure"]["verdict"], "inconclusive");
    let cost = s["comparison"]["equal_ppl"][0]["flops"]["Pythia"]
        .as_f64()
        .unwrap();
    assert!(EXPECTED.contains(&format!("needs ≈{} to", effgraph::format::flops(cost))));
    let score = s["comparison"]["equal_flops"][0]["ppl"]["Pythia"]
        .as_f64()
        .unwrap();
    assert!(EXPECTED.contains(&format!("reaches {score:.2} within")));
    assert_eq!(s["models"]["Pythia"]["num_configs"], 7);
    let best = s["models"]["Pythia"]["best_ppl"].as_f64().unwrap();
    assert!(EXPECTED.contains(&format!("is {best:.2} over")));
}

#[test]
fn an_mdbook_page_shows_the_sentence_with_where_each_value_came_from() {
    let dir = workspace();
    let book = dir.path();
    std::fs::create_dir_all(book.join("src")).unwrap();
    std::fs::write(book.join("src/SUMMARY.md"), "- [Prose](prose.md)\n").unwrap();
    std::fs::write(
        book.join("src/prose.md"),
        format!("# Prose\n\n{PARAGRAPH}\n"),
    )
    .unwrap();
    std::fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"t\"\n\n[build]\nextra-watch-dirs = [\"data\"]\n\n[preprocessor.effgraph]\n",
    )
    .unwrap();
    let sentence = || {
        build_book(book).unwrap();
        let html = std::fs::read_to_string(book.join("book/prose.html")).unwrap();
        let start = html.find("<p>Pythia-deduped has").expect("the paragraph");
        let end = start + html[start..].find("</p>").unwrap();
        html[start + 3..end].to_string()
    };
    let html = sentence();
    let text: String = strip_tags(&html).replace("&lt;", "<").replace("&gt;", ">");
    assert_eq!(text, EXPECTED);
    assert!(html.contains("<span class=\"effgraph-value\" data-effgraph=\"&lt;&lt;efficiency_value data reading=x model=Pythia at_y=33&gt;&gt;\" title=\"FLOPs to reach 33.00: power interpolation; Pythia frontier points pythia_v1__160m (320 MFLOPs, 38.06) and pythia_v1__410m (820 MFLOPs, 10.83); data and settings sha256 "), "{html}");
    // New data, new prose: Pythia's runs at a higher perplexity at 320 MFLOPs.
    shift_runs(
        &book.join("data/pythia_3seeds.jsonl"),
        "pythia_v1__160m",
        10.0,
    );
    let after = strip_tags(&sentence());
    assert!(after.contains("reaches 48.06 within"), "{after}");
}

/// Adds `delta` to the perplexity of every run of configuration `config`.
fn shift_runs(path: &Path, config: &str, delta: f64) {
    let text = std::fs::read_to_string(path).unwrap();
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let mut v: Value = serde_json::from_str(line).unwrap();
            if v["config_id"] == config {
                v["perplexity"] = (v["perplexity"].as_f64().unwrap() + delta).into();
            }
            v.to_string()
        })
        .collect();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_latex_paragraph_compiles_and_reads_the_same() {
    if !have_tool("latexmk") || !have_tool("pdftotext") {
        return;
    }
    let dir = workspace();
    let paragraph = PARAGRAPH.replace("15 percent", "15\\%");
    std::fs::write(
        dir.path().join("paper.tex"),
        format!(
            "\\documentclass{{article}}\n\\usepackage[utf8]{{inputenc}}\n\\begin{{document}}\n{paragraph}\n\\end{{document}}\n"
        ),
    )
    .unwrap();
    let tex = expand(dir.path(), "paper.tex", "paper-out.tex");
    assert!(tex.contains("% effgraph: requirement R.unsure:"), "{tex}");
    crate::common::latexmk_pdf_named(dir.path(), "paper-out.tex");
    let text = run_tool(
        "pdftotext",
        &[dir.path().join("paper-out.pdf").to_str().unwrap(), "-"],
    );
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let expected = EXPECTED.replace("15 percent", "15%");
    assert!(words.contains(&expected), "{words}");
}

#[test]
fn a_value_changes_when_its_result_file_changes() {
    let dir = workspace();
    std::fs::write(
        dir.path().join("doc.md"),
        "Best: <<efficiency_value data stat=best_y model=Pythia>>.\n",
    )
    .unwrap();
    assert_eq!(expand(dir.path(), "doc.md", "out/doc.md"), "Best: 3.92.\n");
    shift_runs(
        &dir.path().join("data/pythia_3seeds.jsonl"),
        "pythia_v1__12b",
        -1.0,
    );
    assert_eq!(expand(dir.path(), "doc.md", "out/doc.md"), "Best: 2.92.\n");
}

#[test]
fn formatting_keys_change_only_how_the_value_is_written() {
    let dir = workspace();
    let doc = "<<efficiency_value data reading=x model=Pythia at_y=33 digits=2>>, \
               <<efficiency_value data reading=x model=Pythia at_y=33 approx=false>>, \
               <<efficiency_value data reading=x model=Pythia at_y=33 unit=none digits=4>>, \
               <<efficiency_value data requirements=reqs.toml requirement=R.met fixed=2 sign=true>>, \
               <<efficiency_value data requirements=reqs.toml requirement=R.met part=threshold>>, \
               <<efficiency_value data stat=best_y_x model=Pythia>>.\n";
    std::fs::write(dir.path().join("doc.md"), doc).unwrap();
    assert_eq!(
        expand(dir.path(), "doc.md", "out/doc.md"),
        "≈360 MFLOPs, 356 MFLOPs, ≈356100000, +15.35%, 5%, 24 GFLOPs.\n"
    );
}

#[test]
fn a_caption_reads_its_placeholders_from_the_data() {
    let dir = workspace();
    std::fs::write(
        dir.path().join("doc.md"),
        "<<efficiency_graph data requirements=reqs.toml format=svg table=none caption=\"Best PPL {Pythia-deduped.best_y} over {Pythia-deduped.num_configs} configurations; {R.met.value} lower PPL at 320 MFLOPs, {R.unsure.verdict} at 15%; {braces} stays.\">>\n",
    )
    .unwrap();
    let out = expand(dir.path(), "doc.md", "out/doc.md");
    assert!(
        out.contains("*Best PPL 3.87 over 8 configurations; 15.4% lower PPL at 320 MFLOPs, inconclusive at 15%; {braces} stays.*"),
        "{out}"
    );
}

#[test]
fn macros_give_latex_every_value_by_name() {
    if !have_tool("latexmk") || !have_tool("pdftotext") {
        return;
    }
    let dir = workspace();
    let o = effgraph(
        dir.path(),
        &[
            "macros",
            "--results-dir",
            "data",
            "--requirements",
            "reqs.toml",
            "--target-ppl",
            "33",
            "-o",
            "values.tex",
            "--deps",
            "values.d",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let deps = std::fs::read_to_string(dir.path().join("values.d")).unwrap();
    assert!(
        deps.starts_with("values.tex: data/pythia_3seeds.jsonl reqs.toml data\n"),
        "{deps}"
    );
    std::fs::write(
        dir.path().join("paper.tex"),
        "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\input{values.tex}\n\\begin{document}\nGain \\effreq{R.met}{value}, \\effreq{R.unsure}{verdict}; cost \\effreading{Pythia}{x}{33}; best \\effstat{Pythia}{best_y}; unknown \\effreq{R.none}{value}.\n\\end{document}\n",
    )
    .unwrap();
    crate::common::latexmk_pdf(dir.path());
    let text = run_tool(
        "pdftotext",
        &[dir.path().join("paper.pdf").to_str().unwrap(), "-"],
    );
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("Gain 15.4%, inconclusive; cost ≈356 MFLOPs; best 3.92; unknown ??."),
        "{words}"
    );
    let o = effgraph(
        dir.path(),
        &[
            "macros",
            "--results-dir",
            "data",
            "--requirements",
            "reqs.toml",
            "--raw",
            "-o",
            "raw.tex",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let raw = std::fs::read_to_string(dir.path().join("raw.tex")).unwrap();
    assert!(
        raw.contains("\\@namedef{effreq@R.met@value}{15.3504}"),
        "{raw}"
    );
    assert!(
        raw.contains("\\@namedef{effstat@Pythia@best_y_x}{24000000000}"),
        "{raw}"
    );
}

#[test]
fn check_document_names_each_value_the_data_no_longer_give() {
    let dir = workspace();
    std::fs::write(
        dir.path().join("paper.tex"),
        "\\documentclass{article}\n\\begin{document}\nPythia reaches <<efficiency_value data reading=y model=Pythia at_x=3.2e8>> within 320 MFLOPs; R.unsure is <<efficiency_value data requirements=reqs.toml requirement=R.unsure part=verdict>>.\n\\end{document}\n",
    )
    .unwrap();
    expand(dir.path(), "paper.tex", "build/paper.tex");
    let check = || effgraph(dir.path(), &["check", "--document", "build/paper.tex"]);
    let o = check();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        crate::common::stdout(&o),
        "build/paper.tex: 2 inline values checked, 0 stale\n"
    );
    shift_runs(
        &dir.path().join("data/pythia_3seeds.jsonl"),
        "pythia_v1__160m",
        10.0,
    );
    let o = check();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        crate::common::stdout(&o),
        "build/paper.tex:5:1: stale value: the document says `38.06…`, the data now give `48.06`\n\
         build/paper.tex:7:1: stale value: the document says `inconclusive.…`, the data now give `met`\n\
         build/paper.tex: 2 inline values checked, 2 stale\n"
    );
}

#[test]
fn expand_writes_the_macros_of_every_figure_directive() {
    let dir = workspace();
    std::fs::write(
        dir.path().join("paper.tex"),
        "\\documentclass{article}\n\\input{values.tex}\n\\begin{document}\n<<efficiency_graph data requirements=reqs.toml target_ppl=33 table=none>>\nGain \\effreq{R.met}{value}.\n\\end{document}\n",
    )
    .unwrap();
    for run in ["rendered", "from cache"] {
        Test::expand(dir.path(), "paper.tex", "build/paper.tex")
            .macros("build/values.tex")
            .deps("build/paper.d")
            .succeeds();
        let values = std::fs::read_to_string(dir.path().join("build/values.tex")).unwrap();
        assert!(
            values.contains("\\@namedef{effreq@R.met@value}{15.4\\%}\n"),
            "{run}: {values}"
        );
        assert!(
            values.contains("\\@namedef{effreading@Pythia@x@33}{$\\approx$356 MFLOPs}\n"),
            "{values}"
        );
        assert!(values.ends_with("\\makeatother\n"));
    }
    let deps = std::fs::read_to_string(dir.path().join("build/paper.d")).unwrap();
    assert!(
        deps.contains("build/values.tex: data/pythia_3seeds.jsonl data reqs.toml\n"),
        "{deps}"
    );
}

/// A chapter with values where markup cannot stand (a link's title, an image's alt text, a
/// reference definition's title) and in a table cell, on data whose config ids hold `|`.
const PLACES: &str = "# Places\n\n\
    See [the claim](https://example.org \"Pythia needs <<efficiency_value data reading=x model=Pythia at_y=33>> here\") \
    and ![best <<efficiency_value data stat=best_y model=Pythia>> of all](missing.png) and [the ref][r].\n\n\
    | model | cost |\n|---|---|\n| Pythia | <<efficiency_value data reading=x model=Pythia at_y=33>> |\n\n\
    [r]: https://example.org \"ref <<efficiency_value data stat=best_y model=Pythia>>\"\n";

#[test]
fn values_in_titles_alt_text_and_table_cells_keep_the_authors_markdown() {
    let dir = workspace();
    let book = dir.path();
    let runs = book.join("data/pythia_3seeds.jsonl");
    let text = std::fs::read_to_string(&runs).unwrap();
    std::fs::write(&runs, text.replace("pythia_v1__", "pythia|v1|")).unwrap();
    std::fs::create_dir_all(book.join("src")).unwrap();
    std::fs::write(book.join("src/SUMMARY.md"), "- [Places](places.md)\n").unwrap();
    std::fs::write(book.join("src/places.md"), PLACES).unwrap();
    std::fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"t\"\n\n[preprocessor.effgraph]\n",
    )
    .unwrap();
    build_book(book).unwrap();
    let html = std::fs::read_to_string(book.join("book/places.html")).unwrap();
    assert!(
        html.contains(
            "<a href=\"https://example.org\" title=\"Pythia needs ≈356 MFLOPs here\">the claim</a>"
        ),
        "{html}"
    );
    assert!(html.contains("alt=\"best 3.92 of all\""), "{html}");
    assert!(
        html.contains("<a href=\"https://example.org\" title=\"ref 3.92\">the ref</a>"),
        "{html}"
    );
    assert!(!html.contains("&lt;span"), "markup shown as text: {html}");
    // The cell holds the whole value; the row has its two cells.
    let row_start = html.find("<td>Pythia</td>").expect("the row");
    let row = &html[row_start..row_start + html[row_start..].find("</tr>").unwrap()];
    assert_eq!(row.matches("<td").count(), 2, "{row}");
    assert!(row.contains(">≈356 MFLOPs</span></td>"), "{row}");
    assert!(row.contains("frontier points pythia|v1|160m"), "{row}");
    // The Markdown file `expand` writes reads the same.
    std::fs::write(book.join("doc.md"), PLACES).unwrap();
    let o = effgraph(book, &["expand", "doc.md", "-o", "out/doc.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(book.join("out/doc.md")).unwrap();
    assert!(md.contains("\"Pythia needs ≈356 MFLOPs here\""), "{md}");
    assert!(md.contains("| Pythia | ≈356 MFLOPs |"), "{md}");
}

/// A paper expanded with `expand --requirements` is checked with the same flag, and a
/// document larger than the 16 MiB text limit (a big book's print.html) is read whole
/// under the default `--max-file-size`.
#[test]
fn check_document_takes_the_flags_expand_took_and_reads_large_documents() {
    let dir = workspace();
    let mut paper = String::from("\\documentclass{article}\n\\begin{document}\n");
    paper.push_str("R.met is <<efficiency_value data requirement=R.met>>.\n");
    // 17 MiB of comments: the document, not its values, is large.
    let filler = format!("% {}\n", "x".repeat(1022));
    paper.push_str(&filler.repeat(17 * 1024));
    paper.push_str("\\end{document}\n");
    std::fs::write(dir.path().join("paper.tex"), paper).unwrap();
    let expand = [
        "expand",
        "paper.tex",
        "-o",
        "build/paper.tex",
        "--requirements",
        "reqs.toml",
    ];
    let o = effgraph(dir.path(), &expand);
    assert!(o.status.success(), "{}", stderr(&o));
    let check = ["check", "--document", "build/paper.tex"];
    let o = effgraph(
        dir.path(),
        &[&check[..], &["--requirements", "reqs.toml"]].concat(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        crate::common::stdout(&o),
        "build/paper.tex: 1 inline value checked, 0 stale\n"
    );
    let o = effgraph(
        dir.path(),
        &[&check[..], &["--max-file-size", "1M"]].concat(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("error: build/paper.tex: file is "),
        "{}",
        stderr(&o)
    );
}

/// A value's provenance hash names its data and settings only: the same book built in two
/// folders (another machine, another checkout) says the same hash, and new data another.
#[test]
fn the_provenance_hash_is_the_same_wherever_the_book_is_built() {
    let hash = |book: &Path| {
        std::fs::create_dir_all(book.join("src")).unwrap();
        std::fs::write(book.join("src/SUMMARY.md"), "- [P](p.md)\n").unwrap();
        let chapter = "# P\n\n<<efficiency_value data reading=x model=Pythia at_y=33>>\n";
        std::fs::write(book.join("src/p.md"), chapter).unwrap();
        let toml = "[book]\ntitle = \"t\"\n\n[build]\nextra-watch-dirs = [\"data\"]\n\n[preprocessor.effgraph]\n";
        std::fs::write(book.join("book.toml"), toml).unwrap();
        build_book(book).unwrap();
        let html = std::fs::read_to_string(book.join("book/p.html")).unwrap();
        let at = html
            .find("data and settings sha256 ")
            .expect("a provenance title");
        html[at..at + 41].to_string()
    };
    let (a, b) = (workspace(), workspace());
    assert_eq!(hash(a.path()), hash(b.path()));
    shift_runs(
        &b.path().join("data/pythia_3seeds.jsonl"),
        "pythia_v1__160m",
        1.0,
    );
    assert_ne!(hash(a.path()), hash(b.path()));
}
