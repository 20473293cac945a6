//! `effgraph expand --standalone DIR`: a folder that plain LaTeX compiles with no effgraph
//! installed, for arXiv (which compiles the source itself) and Overleaf (where no binary of
//! ours runs). It holds the expanded main document under its own name, each file it
//! `\input`s or `\include`s expanded too (at the same relative path), every generated figure
//! in `effgraph/`, and the macros file if one is asked for: no result data, requirements,
//! cache or absolute path, and only ASCII file names (arXiv's rules). The folder is never the
//! source folder (nor one that holds it), and an existing folder with anything but hidden
//! entries (a clone's `.git`) is refused unless effgraph wrote it before: its main file starts
//! with [`MARKER`] and lists, on the next line, the files that run wrote, which are removed
//! first so nothing stale stays (and nothing else is touched).

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::expand::{ExpandConfig, ExpandReport, expand_file};
use crate::fsutil::write_atomic;

/// The first line of a standalone folder's main file.
pub(crate) const MARKER: &str = "% Written by effgraph expand --standalone: compile with plain LaTeX; re-run effgraph to update, do not edit.";

/// Where the figures go, beside the main file.
const FIGURES: &str = "effgraph";

/// The main file's second line lists the files a run wrote, after this.
const LISTED: &str = "% effgraph files: ";

fn refuse(dir: &Path, message: impl Into<String>) -> Error {
    Error::Output {
        path: dir.to_path_buf(),
        message: message.into(),
    }
}

/// Writes the standalone folder `dir` for the document `config` names.
pub(crate) fn write(config: &ExpandConfig, dir: &Path, report: &mut ExpandReport) -> Result<()> {
    let source_dir = config.input.parent().unwrap_or(Path::new("")).to_path_buf();
    let main = config
        .input
        .file_name()
        .map(PathBuf::from)
        .ok_or_else(|| refuse(&config.input, "not a file name"))?;
    check_folder(dir, &source_dir, &main)?;
    let documents = documents(config, &source_dir, &main)?;
    let work = tempfile::tempdir().map_err(|e| Error::io(dir, e))?;
    let mut texts = Vec::new();
    for (k, relative) in documents.iter().enumerate() {
        // Every document is expanded beside the main one, so all figures share one folder and
        // every reference (`effgraph/…`) is relative to where LaTeX runs.
        let output = work.path().join(format!("document-{k}.tex"));
        let document = ExpandConfig {
            input: source_dir.join(relative),
            output: output.clone(),
            deps: None,
            macros: (k == 0)
                .then(|| work.path().join("macros.tex"))
                .filter(|_| config.macros.is_some()),
            ..config.clone()
        };
        expand_file(&document, report)?;
        let text = std::fs::read_to_string(&output).map_err(|e| Error::io(&output, e))?;
        texts.push((relative.clone(), relative_paths(&text, &source_dir)));
    }
    let mut files: Vec<(PathBuf, Vec<u8>)> = texts
        .into_iter()
        .map(|(relative, text)| (relative, text.into_bytes()))
        .collect();
    let figures = work.path().join(FIGURES);
    for (figure, _) in &report.figures {
        let Some(name) = figure.file_name() else {
            continue;
        };
        let bytes = std::fs::read(figures.join(name)).map_err(|e| Error::io(figure, e))?;
        files.push((Path::new(FIGURES).join(name), bytes));
    }
    if let Some(macros) = &config.macros {
        let relative = inside(macros.strip_prefix(&source_dir).unwrap_or(macros), dir)?;
        let text = std::fs::read_to_string(work.path().join("macros.tex"))
            .map_err(|e| Error::io(macros, e))?;
        files.push((relative, relative_paths(&text, &source_dir).into_bytes()));
    }
    let listed: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
    let head = format!("{MARKER}\n{LISTED}{}\n", listed.join(" "));
    files[0].1.splice(0..0, head.into_bytes());
    clear_previous(dir, &main)?;
    for (relative, bytes) in &files {
        write_in(dir, relative, bytes)?;
    }
    Ok(())
}

/// The main document and every file it reads in (recursively), relative to the source
/// folder, each once, in the order found.
fn documents(config: &ExpandConfig, source_dir: &Path, main: &Path) -> Result<Vec<PathBuf>> {
    let mut found = vec![main.to_path_buf()];
    let mut next = 0;
    while next < found.len() {
        let path = source_dir.join(&found[next]);
        let source = crate::fsutil::read_text(&path, config.defaults.max_file_size)?;
        for name in config.syntax.included(&source) {
            let relative = inside(Path::new(&name), &path)?;
            if !source_dir.join(&relative).is_file() {
                return Err(Error::Input {
                    path: path.clone(),
                    message: format!("`{name}` is read in but does not exist"),
                });
            }
            if !found.contains(&relative) {
                found.push(relative);
            }
        }
        next += 1;
    }
    Ok(found)
}

/// `path` as a relative path inside the folder, in ASCII; else an error naming `at`.
fn inside(path: &Path, at: &Path) -> Result<PathBuf> {
    let plain = path
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    let ascii = path
        .to_str()
        .is_some_and(|s| s.is_ascii() && !s.contains(' '));
    match (plain, ascii) {
        (true, true) => Ok(path.components().collect()),
        (false, _) => Err(Error::Input {
            path: at.to_path_buf(),
            message: format!(
                "`{}` is outside the paper's folder: a standalone folder holds only files below it",
                path.display()
            ),
        }),
        (true, false) => Err(Error::Input {
            path: at.to_path_buf(),
            message: format!(
                "`{}` is not an ASCII file name without spaces, which arXiv requires",
                path.display()
            ),
        }),
    }
}

/// `text` with the source folder's path taken off every file name it mentions (the macros
/// file lists its inputs), so the folder names no path of the machine it was made on.
fn relative_paths(text: &str, source_dir: &Path) -> String {
    let prefix = source_dir.to_string_lossy();
    if prefix.is_empty() {
        return text.to_string();
    }
    text.replace(&format!("{prefix}/"), "")
}

/// Refuses a folder that is the source folder or holds it, or that is not empty and was not
/// written by effgraph.
fn check_folder(dir: &Path, source_dir: &Path, main: &Path) -> Result<()> {
    let canonical = |p: &Path| {
        let p = if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        };
        p.canonicalize().ok()
    };
    if let (Some(target), Some(source)) = (canonical(dir), canonical(source_dir))
        && source.starts_with(&target)
    {
        return Err(refuse(
            dir,
            "is the paper's own folder (or holds it): give --standalone a folder of its own",
        ));
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    let visible = entries
        .flatten()
        .any(|e| !e.file_name().to_string_lossy().starts_with('.'));
    if !visible || previous_files(dir, main).is_some() {
        return Ok(());
    }
    Err(refuse(
        dir,
        "is not empty and was not written by effgraph expand --standalone: give an empty or new folder",
    ))
}

/// The files an earlier run wrote into `dir`, when effgraph wrote it (each checked to be a
/// plain relative path, so a forged list cannot reach outside the folder).
fn previous_files(dir: &Path, main: &Path) -> Option<Vec<PathBuf>> {
    let text = std::fs::read_to_string(dir.join(main)).ok()?;
    let rest = text.strip_prefix(MARKER)?.strip_prefix('\n')?;
    let list = rest.lines().next()?.strip_prefix(LISTED)?;
    let files: Vec<PathBuf> = list.split(' ').map(PathBuf::from).collect();
    files
        .iter()
        .all(|f| inside(f, dir).is_ok())
        .then_some(files)
}

/// Removes the files an earlier run wrote (and the figure folder, once empty), so none of
/// them stays stale; nothing else in the folder is touched.
fn clear_previous(dir: &Path, main: &Path) -> Result<()> {
    for file in previous_files(dir, main).unwrap_or_default() {
        let path = dir.join(file);
        if path.is_file() {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
    }
    let _ = std::fs::remove_dir(dir.join(FIGURES));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))
}

fn write_in(dir: &Path, relative: &Path, bytes: &[u8]) -> Result<()> {
    let path = dir.join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    write_atomic(&path, bytes)
}
