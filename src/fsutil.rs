//! File access for paths that may come from anyone. Inputs are read only when they are regular
//! files under a size limit, opened without blocking so that a FIFO or device named like an
//! input fails at once instead of hanging or filling memory; text is UTF-8 (a byte-order mark
//! is dropped, UTF-16 is named). Outputs are only ever created or atomically replaced as
//! regular files (never a link, device or folder, never a file the same run reads), and the
//! temporary files a killed run leaves behind are removed by the next write in that folder.

use std::io::{Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::error::{Error, Result};

/// Requirements, styles and template files larger than this are refused (documents and
/// result files have `--max-file-size`).
pub(crate) const TEXT_LIMIT: u64 = 16 << 20;

/// Prefix of the temporary files [`write_atomic`] renames into place.
const TEMP_PREFIX: &str = ".effgraph-";

/// Reads the regular file `path`, refusing anything else and files over `limit` bytes (checked
/// while reading too, so a file that grows meanwhile cannot slip past).
pub(crate) fn read_input(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(Error::NotRegularFile {
            path: path.to_path_buf(),
        });
    }
    let too_big = |size: u64| Error::TooLarge {
        path: path.to_path_buf(),
        size,
        limit,
        fixed: limit == TEXT_LIMIT,
    };
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// `bytes` without a UTF-8 byte-order mark; UTF-16 (with a mark, or ASCII text interleaved with
/// NUL bytes) is an error that says how to fix it.
pub(crate) fn without_bom<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a [u8]> {
    let utf16 = bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || (bytes.len() >= 4 && (bytes[1] == 0 && bytes[3] == 0 || bytes[0] == 0 && bytes[2] == 0));
    if utf16 {
        return Err(Error::Input {
            path: path.to_path_buf(),
            message: "the file is UTF-16 text; save it as UTF-8".into(),
        });
    }
    Ok(bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes))
}

/// A text input: a regular file of at most `limit` bytes, UTF-8 with an optional byte-order mark.
pub(crate) fn read_text(path: &Path, limit: u64) -> Result<String> {
    let bytes = read_input(path, limit)?;
    let text = without_bom(path, &bytes)?;
    match std::str::from_utf8(text) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(Error::Input {
            path: path.to_path_buf(),
            message: format!(
                "not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
                e.valid_up_to()
            ),
        }),
    }
}

/// Checks that `path` may be written by this run: it does not exist yet, or it is a regular
/// file that none of `inputs` (files this run reads) is.
pub(crate) fn check_output(path: &Path, inputs: &[PathBuf]) -> Result<()> {
    let refuse = |message: String| {
        Err(Error::Output {
            path: path.to_path_buf(),
            message,
        })
    };
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(());
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        return refuse(
            "is a symbolic link; effgraph only creates or replaces regular files".into(),
        );
    }
    if kind.is_dir() {
        return refuse("is a folder; give a file name".into());
    }
    if !kind.is_file() {
        return refuse(
            "is not a regular file (a device or FIFO); effgraph only creates or replaces regular files"
                .into(),
        );
    }
    let same = |input: &PathBuf| {
        std::fs::metadata(input).is_ok_and(|m| (m.dev(), m.ino()) == (meta.dev(), meta.ino()))
    };
    match inputs.iter().find(|input| same(input)) {
        Some(input) if input.as_path() == path => {
            refuse("is read by this run and would be overwritten; choose another output".into())
        }
        Some(input) => refuse(format!(
            "would overwrite {}, which this run reads; choose another output",
            crate::error::shown(input)
        )),
        None => Ok(()),
    }
}

/// Refuses outputs that would replace an input of this run, a link, device or folder, or
/// each other.
pub(crate) fn check_outputs<P: AsRef<Path>>(outputs: &[P], inputs: &[PathBuf]) -> Result<()> {
    let outputs: Vec<&Path> = outputs.iter().map(AsRef::as_ref).collect();
    for (i, output) in outputs.iter().enumerate() {
        check_output(output, inputs)?;
        if outputs[..i].contains(output) {
            return Err(Error::Output {
                path: output.to_path_buf(),
                message: "is named for two outputs of this run".into(),
            });
        }
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically (temporary file, then rename), creating missing parent
/// folders. An existing `path` must be a regular file: links, devices and folders are never
/// replaced.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    check_output(path, &[])?;
    write_renamed(path, bytes)
}

/// [`write_atomic`] for files effgraph owns (cache entries): a symbolic link put in their
/// place is replaced by the rename itself, never written through.
pub(crate) fn write_owned(path: &Path, bytes: &[u8]) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => write_renamed(path, bytes),
        _ => write_atomic(path, bytes),
    }
}

fn write_renamed(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    remove_stale_temps(dir);
    let mut tmp = tempfile::Builder::new()
        .permissions(std::fs::Permissions::from_mode(0o644))
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    // Held until the file is closed: a live write is never taken for a stale one.
    lock(tmp.as_file(), libc::LOCK_EX);
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

fn lock(file: &std::fs::File, operation: libc::c_int) -> bool {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a file descriptor owned by `file`, which outlives the call.
    unsafe { libc::flock(file.as_raw_fd(), operation) == 0 }
}

/// Removes temporary files of earlier runs that were killed while writing into `dir`: those
/// no process holds locked and that are older than a few seconds (so a file just created and
/// not yet locked is left alone). Done once per folder and process.
fn remove_stale_temps(dir: &Path) {
    static CLEANED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    {
        let mut cleaned = CLEANED.lock().unwrap_or_else(|e| e.into_inner());
        if cleaned.iter().any(|d| d == dir) {
            return;
        }
        cleaned.push(dir.to_path_buf());
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(TEMP_PREFIX) {
            continue;
        }
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > Duration::from_secs(5));
        if !meta.is_file() || !old {
            continue;
        }
        let path = entry.path();
        let Ok(file) = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(&path)
        else {
            continue;
        };
        if lock(&file, libc::LOCK_EX | libc::LOCK_NB) {
            let _ = std::fs::remove_file(&path);
        }
    }
}
