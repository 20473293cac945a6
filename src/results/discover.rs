//! Finding result files: each results path is a file, a folder (searched recursively in
//! sorted path order) or a glob pattern (`results/*/*/results_*.json`, matched below its
//! fixed leading folders); `include` and `exclude` patterns then choose among the files
//! found. A file is a result file by its extension (`.json`, `.jsonl`, `.csv`, `.tsv`, `.parquet`).
//! Symbolic links to folders are followed once; a loop is an error rather than a hang.

use crate::error::Invalid;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use glob::{MatchOptions, Pattern};

use crate::error::{Error, Result};

/// The extensions of result files.
pub(crate) const EXTENSIONS: &[&str] = &["json", "jsonl", "csv", "tsv", "parquet"];

/// Files never read unless an `include` pattern names them: an evaluation harness's
/// per-sample logs, written beside its results.
pub(crate) const DEFAULT_EXCLUDE: &[&str] = &["samples_*.jsonl"];

fn is_result_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e))
}

/// One result file and the results path (folder) it was found under, which names it in
/// default config ids and gives `model=@dir` its folders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Input {
    pub root: PathBuf,
    pub path: PathBuf,
}

/// A file a folder's walk found, named like a result file, and why it cannot be read (a
/// link to nothing, a FIFO or device): an error only if the selection chooses it, since a
/// file an `exclude` pattern or a glob leaves out is never opened.
#[derive(Debug)]
struct Walked {
    path: PathBuf,
    unreadable: Option<Error>,
}

impl Input {
    /// The file's path below its root, `/`-separated (the file name for a single file).
    pub(crate) fn relative(&self) -> String {
        let rel = self.path.strip_prefix(&self.root).unwrap_or(&self.path);
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        if parts.is_empty() {
            self.path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        } else {
            parts.join("/")
        }
    }
}

/// Which files to read: results paths (files, folders, glob patterns) and patterns that
/// include or exclude files by their path below the results path (a pattern without `/`
/// matches the file name).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Selection {
    pub paths: Vec<PathBuf>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
}

impl Selection {
    pub(crate) fn one(path: &Path) -> Selection {
        Selection {
            paths: vec![path.to_path_buf()],
            include: Vec::new(),
            exclude: Vec::new(),
        }
    }
}

/// A pattern as `include` / `exclude` take it; an error names the bad pattern.
pub(crate) fn pattern(text: &str) -> std::result::Result<Pattern, Invalid> {
    Pattern::new(text).map_err(|e| Invalid(format!("`{text}` is not a file pattern: {}", e.msg)))
}

fn matches(pattern: &Pattern, input: &Input) -> bool {
    let options = MatchOptions {
        require_literal_separator: true,
        ..MatchOptions::new()
    };
    let relative = input.relative();
    let name = relative.rsplit('/').next().unwrap_or(&relative);
    if pattern.as_str().contains('/') {
        pattern.matches_with(&relative, options)
    } else {
        pattern.matches_with(name, options)
    }
}

/// The result files `selection` stands for and the folders searched for them (a document
/// built from a folder depends on its listing: a new file there must rebuild it).
pub(crate) fn discover_selection(selection: &Selection) -> Result<(Vec<Input>, Vec<PathBuf>)> {
    let include = patterns(&selection.include)?;
    let exclude = patterns(&selection.exclude)?;
    let default_exclude: Vec<Pattern> = DEFAULT_EXCLUDE
        .iter()
        .map(|p| Pattern::new(p).expect("a valid pattern"))
        .collect();
    let mut inputs: Vec<Input> = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut folders = Vec::new();
    for path in &selection.paths {
        let (root, found, searched) = discover_path(path)?;
        let mut any = false;
        for walked in found {
            let i = Input {
                root: root.clone(),
                path: walked.path,
            };
            // A file an include pattern names is read even if excluded by default.
            let included = include.iter().any(|p| matches(p, &i));
            let chosen = (include.is_empty() || included)
                && !exclude.iter().any(|p| matches(p, &i))
                && (included || !default_exclude.iter().any(|p| matches(p, &i)));
            any |= chosen;
            // The same file named twice (two paths, or a glob and a folder) is read once.
            if chosen && seen.insert(i.path.clone()) {
                if let Some(e) = walked.unreadable {
                    return Err(e);
                }
                inputs.push(i);
            }
        }
        if !any {
            return Err(Error::ResultsEmpty { path: path.clone() });
        }
        folders.extend(searched);
    }
    Ok((inputs, folders))
}

fn patterns(texts: &[String]) -> Result<Vec<Pattern>> {
    texts
        .iter()
        .map(|t| pattern(t).map_err(Error::Setting))
        .collect()
}

/// What one results path stands for: the folder its files are named below, the files
/// named like result files (a file, a folder's files, or a glob pattern's matches below its
/// fixed leading folders), and the folders searched.
type Found = (PathBuf, Vec<Walked>, Vec<PathBuf>);

/// The result files one results path stands for (see [`Found`]).
fn discover_path(path: &Path) -> Result<Found> {
    let text = path.to_string_lossy();
    if text.contains(['*', '?', '[']) {
        return discover_glob(path);
    }
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::ResultsMissing {
                path: path.to_path_buf(),
            });
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    if meta.is_file() {
        if !is_result_file(path) {
            return Err(Error::ResultsExtension {
                path: path.to_path_buf(),
            });
        }
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let file = Walked {
            path: path.to_path_buf(),
            unreadable: None,
        };
        return Ok((root, vec![file], Vec::new()));
    }
    if !meta.is_dir() {
        return Err(Error::NotRegularFile {
            path: path.to_path_buf(),
        });
    }
    let (mut files, mut folders) = (Vec::new(), Vec::new());
    walk(path, &mut HashSet::new(), &mut files, &mut folders)?;
    Ok((path.to_path_buf(), files, folders))
}

/// A glob pattern: the folder before its first wildcard (the current folder for a pattern
/// such as `*.json`) is searched and its files matched.
fn discover_glob(path: &Path) -> Result<Found> {
    let text = path.to_string_lossy();
    let whole = pattern(&text)?;
    let mut root = PathBuf::new();
    for c in path.components() {
        if c.as_os_str().to_string_lossy().contains(['*', '?', '[']) {
            break;
        }
        root.push(c);
    }
    let here = root.as_os_str().is_empty();
    let search = if here { Path::new(".") } else { &root };
    if !search.is_dir() {
        return Err(Error::ResultsMissing { path: root });
    }
    let (mut files, mut folders) = (Vec::new(), Vec::new());
    walk(search, &mut HashSet::new(), &mut files, &mut folders)?;
    let options = MatchOptions {
        require_literal_separator: true,
        ..MatchOptions::new()
    };
    let matched = files
        .into_iter()
        .map(|mut f| {
            // Named as the pattern names them: `a.json`, not `./a.json`.
            if here && let Ok(rest) = f.path.strip_prefix(".") {
                f.path = rest.to_path_buf();
            }
            f
        })
        .filter(|f| whole.matches_path_with(&f.path, options))
        .collect();
    Ok((root, matched, folders))
}

fn walk(
    dir: &Path,
    visited: &mut HashSet<PathBuf>,
    files: &mut Vec<Walked>,
    folders: &mut Vec<PathBuf>,
) -> Result<()> {
    folders.push(dir.to_path_buf());
    let canonical = dir.canonicalize().map_err(|e| Error::io(dir, e))?;
    if !visited.insert(canonical) {
        return Err(Error::Io {
            path: dir.to_path_buf(),
            source: std::io::Error::other("folder reached twice (symbolic link loop?)"),
        });
    }
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        entries.push(entry.path());
    }
    entries.sort();
    for entry in entries {
        // Follows symbolic links, so a link to a folder is walked; a dangling one named like
        // a result file is an error if it is chosen.
        let meta = match std::fs::metadata(&entry) {
            Ok(meta) => meta,
            Err(e) if is_result_file(&entry) => {
                let unreadable = Some(Error::io(&entry, e));
                files.push(Walked {
                    path: entry,
                    unreadable,
                });
                continue;
            }
            Err(_) => continue,
        };
        if meta.is_dir() {
            walk(&entry, visited, files, folders)?;
        } else if is_result_file(&entry) {
            // A FIFO or device named like a result file would hang or mislead a read.
            let unreadable = (!meta.is_file()).then(|| Error::NotRegularFile {
                path: entry.clone(),
            });
            files.push(Walked {
                path: entry,
                unreadable,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_without_a_slash_match_file_names() {
        let input = Input {
            root: PathBuf::from("results"),
            path: PathBuf::from("results/pythia/160m/samples_lambada.jsonl"),
        };
        assert_eq!(input.relative(), "pythia/160m/samples_lambada.jsonl");
        assert!(matches(&pattern("samples_*.jsonl").unwrap(), &input));
        assert!(matches(&pattern("pythia/*/samples_*").unwrap(), &input));
        assert!(!matches(&pattern("*/samples_*").unwrap(), &input));
        assert!(
            pattern("[")
                .unwrap_err()
                .to_string()
                .starts_with("`[` is not a file pattern")
        );
    }
}
