//! The GitHub Actions recipes in `examples/ci/`, parsed as YAML; the commands their steps run
//! are run, as a pull request's workflow would run them, in a git repository holding the
//! example book and paper, whose base branch is `main` and whose pull request changes the data.

use std::path::{Path, PathBuf};

use yaml_rust2::{Yaml, YamlLoader};

use crate::common::{Test, copy_dir, have_tool, stdout};

/// One step of a workflow that runs commands.
#[derive(Debug)]
struct Step {
    name: String,
    run: String,
    directory: Option<String>,
    condition: Option<String>,
}

fn recipe(name: &str) -> Vec<Step> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/ci")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let docs = YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let jobs = docs[0]["jobs"].as_hash().expect("jobs");
    let text_of = |y: &Yaml| y.as_str().map(str::to_string);
    jobs.values()
        .flat_map(|job| job["steps"].as_vec().cloned().unwrap_or_default())
        .filter_map(|step| {
            Some(Step {
                name: text_of(&step["name"]).unwrap_or_default(),
                run: text_of(&step["run"])?,
                directory: text_of(&step["working-directory"]),
                condition: text_of(&step["if"]),
            })
        })
        .collect()
}

/// Whether a pull request's workflow runs `step` (installing is the machine's business here).
fn runs_for_a_pull_request(step: &Step) -> bool {
    !step.name.starts_with("Install")
        && step
            .condition
            .as_deref()
            .is_none_or(|c| c.contains("'pull_request'"))
}

fn git(dir: &Path, args: &[&str]) {
    Test::program("git", dir)
        .args(&[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@e",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .succeeds();
}

/// A clone of a repository holding the example book (the guide) and paper, whose `main` is
/// pushed; the clone is on branch `change`, made from `main`.
fn repository(root: &Path) -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    git(root, &["init", "--bare", "origin.git"]);
    git(root, &["clone", "origin.git", "work"]);
    let work = root.join("work");
    for part in ["src", "data"] {
        copy_dir(&here.join("book").join(part), &work.join("book").join(part));
    }
    std::fs::copy(here.join("book/book.toml"), work.join("book/book.toml")).unwrap();
    for part in ["data", "paper.tex", "latexmkrc", "Makefile"] {
        let from = here.join("examples/paper").join(part);
        let to = work.join("examples/paper").join(part);
        if from.is_dir() {
            copy_dir(&from, &to);
        } else {
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(&from, &to).unwrap();
        }
    }
    git(&work, &["checkout", "-b", "main"]);
    git(&work, &["add", "-A"]);
    git(&work, &["commit", "-q", "-m", "main"]);
    git(&work, &["push", "-q", "origin", "main"]);
    git(&work, &["checkout", "-q", "-b", "change"]);
    work
}

/// Pythia-deduped's perplexities ×0.8 in `file`: every number that reads them changes.
fn improve_pythia_deduped(file: &Path) {
    let mut records: serde_json::Value =
        serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    for r in records.as_array_mut().unwrap() {
        if r["model"] == "Pythia-deduped" {
            r["perplexity"] = serde_json::json!(r["perplexity"].as_f64().unwrap() * 0.8);
        }
    }
    std::fs::write(file, serde_json::to_vec_pretty(&records).unwrap()).unwrap();
}

/// Runs the steps of `recipe` a pull request runs, in order; returns the last step's output
/// and exit code (earlier steps must succeed).
fn run_pull_request(work: &Path, recipe_name: &str) -> (i32, String) {
    let steps: Vec<Step> = recipe(recipe_name)
        .into_iter()
        .filter(runs_for_a_pull_request)
        .collect();
    assert!(steps.len() >= 2, "{recipe_name}: {steps:?}");
    let mut last = (0, String::new());
    for (i, step) in steps.iter().enumerate() {
        let dir = step
            .directory
            .as_deref()
            .map_or(work.to_path_buf(), |d| work.join(d));
        let out = Test::program("bash", &dir)
            .args(&["-e", "-c", &step.run])
            .env("GITHUB_BASE_REF", "main")
            .env("GITHUB_EVENT_NAME", "pull_request")
            .with_effgraph_on_path()
            .run();
        let code = out.status.code().unwrap_or(-1);
        let shown = format!("{}{}", stdout(&out), crate::common::stderr(&out));
        if i + 1 < steps.len() {
            assert_eq!(code, 0, "{recipe_name}: `{}` failed:\n{shown}", step.name);
        }
        last = (code, stdout(&out));
    }
    git(work, &["worktree", "remove", "--force", "../base"]);
    last
}

/// Both recipes build, and their check passes when the data did not change and fails, each
/// stale place listed, when the pull request changed a number the text shows.
#[test]
fn the_ci_recipes_pass_unchanged_data_and_list_what_a_change_makes_stale() {
    if !["git", "mdbook", "latexmk", "pdflatex"]
        .iter()
        .all(|t| have_tool(t))
    {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let work = repository(root.path());
    for recipe_name in ["book.yml", "paper.yml"] {
        let (code, out) = run_pull_request(&work, recipe_name);
        assert_eq!(code, 0, "{recipe_name} with unchanged data:\n{out}");
        assert!(out.contains(", 0 stale"), "{recipe_name}:\n{out}");
    }
    improve_pythia_deduped(
        &work.join("book/data/published/lambada/pythia_repo_evals_lambada_ppl.json"),
    );
    improve_pythia_deduped(&work.join("examples/paper/data/pythia_repo_evals_lambada_ppl.json"));
    git(&work, &["commit", "-q", "-am", "better data"]);
    let (code, out) = run_pull_request(&work, "book.yml");
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("book/base-build/prose.html:")
            && out.contains(": stale value: the document says `"),
        "{out}"
    );
    let (code, out) = run_pull_request(&work, "paper.yml");
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("../base/examples/paper/paper.effgraph.tex:") && out.contains("stale value"),
        "{out}"
    );
}
