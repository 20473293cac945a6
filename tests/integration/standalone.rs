//! `effgraph expand --standalone DIR`: a folder plain LaTeX compiles with no effgraph, for
//! arXiv and Overleaf; and the folders it refuses to write.

use std::path::{Path, PathBuf};

use crate::common::{Test, have_tool, stderr, temp_copy};

fn example_with_an_input() -> tempfile::TempDir {
    let dir = temp_copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/paper"));
    std::fs::create_dir(dir.path().join("sections")).unwrap();
    std::fs::write(
        dir.path().join("sections/more.tex"),
        "A second part, where Pythia reaches <<efficiency_value ../data/pythia_repo_evals_lambada_ppl.json reading=y model=Pythia at_x=2e9>>.\n\n<<efficiency_graph ../data/pythia_repo_evals_lambada_ppl.json table=none label=fig:second caption=\"From an input file.\">>\n",
    )
    .unwrap();
    let paper = dir.path().join("paper.tex");
    let text = std::fs::read_to_string(&paper)
        .unwrap()
        .replace("\\end{document}", "\\input{sections/more}\n\\end{document}");
    std::fs::write(&paper, text).unwrap();
    dir
}

/// Every file under `dir`, relative to it, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path: PathBuf = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    found.sort();
    found
}

/// The folder holds the expanded paper, its expanded input, the figures and the macros file,
/// and nothing else; copied elsewhere, latexmk compiles it with no effgraph on the path.
#[test]
fn a_standalone_folder_compiles_without_effgraph() {
    if !(have_tool("latexmk") && have_tool("pdftotext")) {
        return;
    }
    let dir = example_with_an_input();
    Test::effgraph(dir.path())
        .args(&[
            "expand",
            "paper.tex",
            "--standalone",
            "arxiv",
            "--macros",
            "values.tex",
        ])
        .succeeds();
    let arxiv = dir.path().join("arxiv");
    let listed = files(&arxiv);
    let figures: Vec<&String> = listed
        .iter()
        .filter(|f| f.starts_with("effgraph/"))
        .collect();
    assert_eq!(figures.len(), 3, "{listed:?}");
    assert!(figures.iter().all(|f| f.ends_with(".pdf")), "{listed:?}");
    let others: Vec<&String> = listed
        .iter()
        .filter(|f| !f.starts_with("effgraph/"))
        .collect();
    assert_eq!(
        others,
        ["paper.tex", "sections/more.tex", "values.tex"],
        "{listed:?}"
    );
    let root = dir.path().to_string_lossy().to_string();
    for file in &listed {
        let bytes = std::fs::read(arxiv.join(file)).unwrap();
        assert!(file.is_ascii(), "{file}");
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(&root), "{file} names {root}");
    }

    // Copied elsewhere and compiled with no folder on the path that holds an effgraph.
    let elsewhere = tempfile::tempdir().unwrap();
    crate::common::copy_dir(&arxiv, elsewhere.path());
    let path = std::env::var_os("PATH").unwrap_or_default();
    let without: Vec<PathBuf> = std::env::split_paths(&path)
        .filter(|d| !d.join("effgraph").exists() && !d.join("mdbook-effgraph").exists())
        .collect();
    let without = std::env::join_paths(without).unwrap();
    let out = Test::program("latexmk", elsewhere.path())
        .args(&[
            "-pdf",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "paper.tex",
        ])
        .env("PATH", without.to_str().unwrap())
        .run();
    assert!(out.status.success(), "{}", crate::common::stdout(&out));
    let text = crate::common::pdf_text(&elsewhere.path().join("paper.pdf"));
    for expected in ["From an input file.", "Pythia reaches ≈7.13", "dedup-ppl5"] {
        assert!(text.contains(expected), "`{expected}` missing:\n{text}");
    }
}

/// The source folder, a folder holding it and a folder with someone else's files are refused
/// (exit 2, nothing written); a folder effgraph wrote is rewritten without its stale figures,
/// and a clone's hidden entries (`.git`) stay.
#[test]
fn a_standalone_folder_is_never_written_over_other_files() {
    let dir = example_with_an_input();
    let expand = |target: &str| {
        Test::effgraph(dir.path())
            .args(&["expand", "paper.tex", "--standalone", target])
            .run()
    };
    for (target, message) in [
        (
            ".",
            "error: .: is the paper's own folder (or holds it): give --standalone a folder of its own\n",
        ),
        (
            "sections/..",
            "error: sections/..: is the paper's own folder (or holds it): give --standalone a folder of its own\n",
        ),
    ] {
        let o = expand(target);
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(stderr(&o), message);
    }
    std::fs::create_dir(dir.path().join("other")).unwrap();
    std::fs::write(dir.path().join("other/notes.txt"), "mine").unwrap();
    let o = expand("other");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: other: is not empty and was not written by effgraph expand --standalone: give an empty or new folder\n"
    );
    assert_eq!(files(&dir.path().join("other")), ["notes.txt"]);

    let clone = dir.path().join("clone");
    std::fs::create_dir_all(clone.join(".git")).unwrap();
    std::fs::write(clone.join(".git/HEAD"), "ref").unwrap();
    assert_eq!(expand("clone").status.code(), Some(0));
    let before = files(&clone);
    let paper = dir.path().join("paper.tex");
    let text = std::fs::read_to_string(&paper)
        .unwrap()
        .replace("legend=direct", "legend=outside");
    std::fs::write(&paper, text).unwrap();
    assert_eq!(expand("clone").status.code(), Some(0));
    let after = files(&clone);
    assert_eq!(before.len(), after.len(), "{before:?}\n{after:?}");
    assert_ne!(before, after);
    assert!(after.contains(&".git/HEAD".to_string()));
}

/// A file read in from outside the paper's folder cannot go into the folder.
#[test]
fn an_input_outside_the_folder_is_an_error() {
    let dir = example_with_an_input();
    let paper = dir.path().join("paper.tex");
    let text = std::fs::read_to_string(&paper)
        .unwrap()
        .replace("\\input{sections/more}", "\\input{../shared}");
    std::fs::write(&paper, text).unwrap();
    let o = Test::effgraph(dir.path())
        .args(&["expand", "paper.tex", "--standalone", "arxiv"])
        .run();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: paper.tex: `../shared.tex` is outside the paper's folder: a standalone folder holds only files below it\n"
    );
    assert!(!dir.path().join("arxiv").exists());
}
