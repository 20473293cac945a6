use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(case)
}

/// Runs the real `effgraph` binary in `cwd`.
pub fn effgraph(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_effgraph"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("effgraph runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temporary folder holding `files` (relative path, contents).
pub fn temp_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// Whether `tool` is on PATH. When it is missing: with `CI` set the test fails (CI installs
/// it in `.ci/run`); on a developer machine the check is skipped with a note.
pub fn have_tool(tool: &str) -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()));
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "`{tool}` is required when CI is set (.ci/run installs it)"
        );
        eprintln!("note: `{tool}` not found; skipping the check that needs it");
    }
    found
}

/// Runs an external tool and returns its stdout, failing the test with its stderr.
pub fn run_tool(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().expect("tool runs");
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs the real `mdbook-effgraph` on the book at `root` as mdBook would (the same JSON on
/// stdin), so its exit status and stderr can be checked.
pub fn run_preprocessor(root: &Path, renderer: &str) -> std::process::Output {
    use std::io::Write;
    let book = mdbook_driver::MDBook::load(root).unwrap();
    let ctx = mdbook_preprocessor::PreprocessorContext::new(
        root.to_path_buf(),
        book.config.clone(),
        renderer.to_string(),
    );
    let input = serde_json::to_vec(&(&ctx, &book.book)).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mdbook-effgraph"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    child.wait_with_output().unwrap()
}

/// Every file under `dir` (following no links) with its bytes; links and special files by kind.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path.clone());
                files.push((path, b"<dir>".to_vec()));
            } else if meta.is_file() {
                let bytes = std::fs::read(&path).unwrap();
                files.push((path, bytes));
            } else {
                files.push((path, format!("{:?}", meta.file_type()).into_bytes()));
            }
        }
    }
    files.sort();
    files
}

/// Copies a folder tree (files and folders; nothing else is in fixtures).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A temporary copy of a folder tree, so tests never touch the repository.
pub fn temp_copy(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(from, dir.path());
    dir
}

/// Compiles `paper.tex` in `dir` with `latexmk -pdf`, failing the test with its log.
pub fn latexmk_pdf(dir: &Path) {
    let out = Command::new("latexmk")
        .args([
            "-pdf",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "paper.tex",
        ])
        .current_dir(dir)
        .output()
        .expect("latexmk runs");
    assert!(
        out.status.success(),
        "latexmk failed:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
