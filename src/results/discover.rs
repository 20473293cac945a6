//! Finding result files: a single file, or every `*.json` / `*.jsonl` below a folder,
//! recursively, in sorted path order. Symbolic links to folders are followed once; a loop is
//! an error rather than a hang.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

fn is_result_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("json") | Some("jsonl")
    )
}

/// The result files a results path stands for, or an error when there are none.
pub fn discover_files(path: &Path) -> Result<Vec<PathBuf>> {
    discover(path).map(|(files, _)| files)
}

/// The result files a results path stands for and the folders searched for them (a
/// document built from a folder depends on its listing: a new file there must rebuild it).
pub fn discover(path: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
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
        return Ok((vec![path.to_path_buf()], Vec::new()));
    }
    if !meta.is_dir() {
        return Err(Error::NotRegularFile {
            path: path.to_path_buf(),
        });
    }
    let mut files = Vec::new();
    let mut folders = Vec::new();
    let mut visited = HashSet::new();
    walk(path, &mut visited, &mut files, &mut folders)?;
    if files.is_empty() {
        return Err(Error::ResultsEmpty {
            path: path.to_path_buf(),
        });
    }
    Ok((files, folders))
}

fn walk(
    dir: &Path,
    visited: &mut HashSet<PathBuf>,
    files: &mut Vec<PathBuf>,
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
        // Follows symbolic links, so a link to a folder is walked and a dangling one is an error.
        let meta = std::fs::metadata(&entry).map_err(|e| Error::io(&entry, e))?;
        if meta.is_dir() {
            walk(&entry, visited, files, folders)?;
        } else if is_result_file(&entry) {
            // A FIFO or device named like a result file would hang or mislead a read.
            if !meta.is_file() {
                return Err(Error::NotRegularFile { path: entry });
            }
            files.push(entry);
        }
    }
    Ok(())
}
