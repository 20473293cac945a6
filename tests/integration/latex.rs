use std::path::Path;

use crate::common::{
    Test, effgraph, fixture, have_tool, latexmk_pdf, run_tool, stderr, stdout, temp_copy,
};

/// Edits the example paper's data: Pythia-deduped 20 % better, which flips `dedup-2g` to met.
fn improve_pythia_deduped(paper: &Path) {
    improve_pythia_deduped_in(paper, "pythia_repo_evals_lambada_ppl.json");
}

fn improve_pythia_deduped_in(paper: &Path, file: &str) {
    let data = paper.join("data").join(file);
    let mut records: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&data).unwrap()).unwrap();
    for r in records.as_array_mut().unwrap() {
        if r["model"] == "Pythia-deduped" {
            r["perplexity"] = serde_json::json!(r["perplexity"].as_f64().unwrap() * 0.8);
        }
    }
    std::fs::write(&data, serde_json::to_vec_pretty(&records).unwrap()).unwrap();
}

fn latex_tools() -> bool {
    ["latexmk", "pdflatex", "pdftotext", "pdffonts"]
        .iter()
        .all(|t| have_tool(t))
}

#[test]
fn expand_writes_figure_tables_and_dependency_list() {
    let dir = crate::common::fixture_copy("latex_paper");
    let o = Test::expand(dir.path(), "paper.tex", "build/paper.tex")
        .deps("build/paper.d")
        .succeeds();
    assert_eq!(
        stdout(&o),
        "expanded 1 directives into build/paper.tex (1 rendered, 0 from cache, 0 failed)\n"
    );
    let tex = std::fs::read_to_string(dir.path().join("build/paper.tex")).unwrap();
    let figure = tex
        .split("\\includegraphics{")
        .nth(1)
        .unwrap()
        .split('}')
        .next()
        .unwrap()
        .to_string();
    assert!(
        figure.starts_with("effgraph/") && figure.ends_with(".pdf"),
        "{figure}"
    );
    assert!(dir.path().join("build").join(&figure).is_file());
    assert!(tex.contains("\\caption{Perplexity against FLOPs per token; ResNet-BK \\& Mamba\\_2 at 100\\% compute}\n  \\label{fig:eff}"));
    assert!(tex.contains(
        "    \\raggedright 8.10: $\\times$ not met, mamba not reached (best 32.00) vs 2$\\times$ & \\raggedright mamba never reaches PPL 30 (best 32.00) \\tabularnewline\n"
    ), "{tex}");
    assert!(tex.contains(
        "    \\raggedright Mamba\\_\\allowbreak{}2 \\& co. (100\\% \\#1) & \\raggedright 2 (2) & \\raggedright 30.50 at 9 GFLOPs & \\raggedright 6 GFLOPs (33.50) \\tabularnewline\n"
    ), "{tex}");
    // Three models, one target: one row per model; FLOPs in one unit, given in the caption.
    assert!(
        tex.contains("\\caption{FLOPs per token, in GFLOPs, needed to reach each perplexity"),
        "{tex}"
    );
    assert!(
        tex.contains(
            "    \\raggedright resnetbk & \\raggedright $\\approx$2.61 \\tabularnewline\n"
        ),
        "{tex}"
    );
    // The commented and verbatim directives are untouched.
    assert!(
        tex.contains("% A commented directive stays as it is: <<efficiency_graph data/results>>")
    );
    assert!(tex.contains(
        "\\begin{verbatim}\n<<efficiency_graph data/results table=none>>\n\\end{verbatim}"
    ));
    let deps = std::fs::read_to_string(dir.path().join("build/paper.d")).unwrap();
    let first = deps.lines().next().unwrap();
    assert!(
        first.starts_with("build/paper.tex: paper.tex data/results/mamba_efficiency_0.json "),
        "{first}"
    );
    // The folder too: a result file added to it must rebuild the paper.
    assert!(
        first.ends_with(" data/results/special.jsonl data/results data/reqs.toml"),
        "{first}"
    );
    assert!(deps.contains("\ndata/results:\n"), "{deps}");
    assert!(deps.contains(&format!(
        "\nbuild/{figure}: data/results/mamba_efficiency_0.json "
    )));
    assert!(deps.contains("\ndata/reqs.toml:\n"));
    // The source is never modified, and a second run renders nothing.
    assert_eq!(
        std::fs::read(dir.path().join("paper.tex")).unwrap(),
        std::fs::read(fixture("latex_paper/paper.tex")).unwrap()
    );
    let again = effgraph(
        dir.path(),
        &["expand", "paper.tex", "-o", "build/paper.tex"],
    );
    assert_eq!(
        stdout(&again),
        "expanded 1 directives into build/paper.tex (0 rendered, 1 from cache, 0 failed)\n"
    );
}

#[test]
fn the_expanded_paper_compiles_with_latexmk_and_shows_the_data() {
    if !latex_tools() {
        return;
    }
    let dir = crate::common::fixture_copy("latex_paper");
    let o = effgraph(
        dir.path(),
        &["expand", "paper.tex", "-o", "build/paper.tex"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let build = dir.path().join("build");
    latexmk_pdf(&build);
    let pdf = build.join("paper.pdf");
    let pdf = pdf.to_str().unwrap();
    let text = run_tool("pdftotext", &["-layout", pdf, "-"]);
    for expected in [
        "Requirement verdicts: the value against its threshold",
        "mamba never reaches PPL 30",
        "not met",
        "& co. (100% #1)",
        "≈2.61",
        "30% ≥ 25%",
        // From inside the embedded figure (its own font), so the figure is really there.
        "Mamba_2 & co. (100% #1)",
        "Perplexity ↓",
    ] {
        assert!(
            text.contains(expected),
            "`{expected}` missing from the PDF text:\n{text}"
        );
    }
    let fonts = run_tool("pdffonts", &[pdf]);
    assert!(
        fonts
            .lines()
            .any(|l| l.contains("DejaVuSans") && l.contains(" yes yes ")),
        "{fonts}"
    );
}

#[test]
fn commented_and_verbatim_directives_stay_untouched() {
    let dir = crate::common::fixture_copy("latex_paper");
    let o = effgraph(
        dir.path(),
        &["expand", "untouched.tex", "-o", "out/untouched.tex"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out/untouched.tex")).unwrap(),
        std::fs::read_to_string(dir.path().join("untouched.tex")).unwrap()
    );
    assert!(!dir.path().join("out/effgraph").exists());
}

#[test]
fn errors_name_the_source_line_and_column_and_write_nothing() {
    let dir = crate::common::fixture_copy("latex_paper");
    let paper = dir.path().join("paper.tex");
    let text = std::fs::read_to_string(&paper)
        .unwrap()
        .replace("size=column", "size=column colour=red");
    std::fs::write(&paper, text).unwrap();
    let o = effgraph(
        dir.path(),
        &["expand", "paper.tex", "-o", "build/paper.tex"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with(
            "error: paper.tex:10:87: unknown key `colour` (expected one of: requirements,"
        ),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("build/paper.tex").exists());

    let o = effgraph(dir.path(), &["expand", "paper.tex", "-o", "paper.tex"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: paper.tex: is read by this run and would be overwritten; choose another output\n"
    );

    std::fs::remove_dir_all(dir.path().join("data/results")).unwrap();
    let fixed = std::fs::read_to_string(&paper)
        .unwrap()
        .replace(" colour=red", "");
    std::fs::write(&paper, fixed).unwrap();
    let o = effgraph(
        dir.path(),
        &["expand", "paper.tex", "-o", "build/paper.tex"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: paper.tex:10:1: data/results: results path does not exist\n"
    );
}

#[test]
fn markdown_files_get_an_image_beside_them() {
    let dir = temp_copy(&fixture("old_layout"));
    std::fs::write(
        dir.path().join("notes.md"),
        "# Notes\n\n<<efficiency_graph results requirements=reqs.toml table=requirements>>\n",
    )
    .unwrap();
    let o = effgraph(dir.path(), &["expand", "notes.md", "-o", "out/notes.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(dir.path().join("out/notes.md")).unwrap();
    let image = md.split("](").nth(1).unwrap().split(')').next().unwrap();
    assert!(
        image.starts_with("effgraph/") && image.ends_with(".svg"),
        "{md}"
    );
    assert!(dir.path().join("out").join(image).is_file());
    assert!(
        md.contains(
            "- **✗ 8.10 not met**: ResNet-BK reaches PPL 30 with 2x fewer FLOPs than Mamba."
        ),
        "{md}"
    );
}

/// The shipped example paper: `latexmk` with its latexmkrc builds it, and editing a result
/// file and running `latexmk` again rebuilds the PDF with the new verdict.
#[test]
fn the_example_papers_latexmkrc_rebuilds_when_results_change() {
    latexmkrc_rebuilds_when("pythia_repo_evals_lambada_ppl.json");
}

/// The same with a result file whose name needs Make escapes in the dependency file, which
/// the latexmkrc reads back.
#[test]
fn the_latexmkrc_reads_escaped_file_names() {
    latexmkrc_rebuilds_when("pythia evals #1 $x:y%.json");
}

fn latexmkrc_rebuilds_when(data_file: &str) {
    if !latex_tools() {
        return;
    }
    let dir = temp_copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/paper"));
    let original = "pythia_repo_evals_lambada_ppl.json";
    if data_file != original {
        let data = dir.path().join("data");
        std::fs::rename(data.join(original), data.join(data_file)).unwrap();
        let paper = dir.path().join("paper.tex");
        let text = std::fs::read_to_string(&paper).unwrap().replace(
            &format!("data/{original}"),
            &format!("\"data/{data_file}\""),
        );
        std::fs::write(&paper, text).unwrap();
    }
    // Returns latexmk's report and the PDF's text.
    let latexmk = || {
        let out = Test::program("latexmk", dir.path())
            .with_effgraph_on_path()
            .succeeds();
        let log = stdout(&out) + &stderr(&out);
        let pdf = dir.path().join("paper.pdf");
        (log, crate::common::pdf_text(&pdf))
    };
    let (_, before) = latexmk();
    assert!(before.contains("✗ dedup-2g"), "{before}");
    // latexmk compares modification times to the second and skips the content hash when
    // time and size are unchanged: edit as a person would, not within the build's second.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    improve_pythia_deduped_in(dir.path(), data_file);
    let (log, after) = latexmk();
    assert!(
        after.contains("≈16.8%"),
        "the PDF was not rebuilt from the changed results:\n{log}\n{after}"
    );
}

/// The example paper's Makefile: `make` builds it; editing a result file and running `make`
/// again re-expands and recompiles.
#[test]
fn the_example_papers_makefile_rebuilds_when_results_change() {
    if !(latex_tools() && have_tool("make")) {
        return;
    }
    let dir = temp_copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/paper"));
    let make = || {
        Test::make(dir.path()).succeeds();
        crate::common::pdf_text(&dir.path().join("build/paper.pdf"))
    };
    // The figure marks the requirement not met (its label is text in the PDF).
    assert!(make().contains("✗ dedup-2g"));
    let deps = std::fs::read_to_string(dir.path().join("build/paper.d")).unwrap();
    assert!(
        deps.contains("data/pythia_repo_evals_lambada_ppl.json"),
        "{deps}"
    );
    // Make compares modification times; make sure the edit is newer than the build.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    improve_pythia_deduped(dir.path());
    assert!(
        make().contains("≈16.8%"),
        "make did not rebuild from the changed results"
    );
}

/// Adding a result file to a folder a directive reads, or removing one, rebuilds the paper
/// with latexmk and with Make, though no file the paper was built from changed.
#[test]
fn adding_or_removing_a_result_file_rebuilds_the_paper() {
    if !(latex_tools() && have_tool("make")) {
        return;
    }
    let dir = temp_copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/paper"));
    let paper = dir.path().join("paper.tex");
    let text = std::fs::read_to_string(&paper).unwrap().replace(
        "<<efficiency_graph data/pythia_repo_evals_lambada_ppl.json requirements",
        "<<efficiency_graph data requirements",
    );
    std::fs::write(&paper, text).unwrap();
    let pdf_text = |pdf: &Path| run_tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let latexmk = || {
        Test::program("latexmk", dir.path())
            .with_effgraph_on_path()
            .succeeds();
        pdf_text(&dir.path().join("paper.pdf"))
    };
    let make = || {
        Test::make(dir.path()).succeeds();
        pdf_text(&dir.path().join("build/paper.pdf"))
    };
    assert!(!latexmk().contains("Brand-New"));
    assert!(!make().contains("Brand-New"));
    // Modification times are compared to the second: edit as a person would.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let new = dir.path().join("data/brand_new.json");
    std::fs::write(
        &new,
        r#"[{"model": "Brand-New", "perplexity": 9.5, "flops_per_token": 2e9}]"#,
    )
    .unwrap();
    assert!(
        latexmk().contains("Brand-New"),
        "latexmk missed a new result file"
    );
    assert!(
        make().contains("Brand-New"),
        "make missed a new result file"
    );
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::remove_file(&new).unwrap();
    assert!(
        !latexmk().contains("Brand-New"),
        "latexmk missed a removed result file"
    );
    assert!(
        !make().contains("Brand-New"),
        "make missed a removed result file"
    );
}
