//! The one snapshot helper: compares an output with a file checked into `tests/fixtures`.
//! `UPDATE_SNAPSHOTS=1` rewrites the file (to be reviewed and committed), but never when `CI`
//! is set: CI checks snapshots, it does not make them. A missing snapshot is a failure.

use std::path::Path;

/// Whether this run rewrites snapshots; panics under CI, where that would hide a change.
fn updating() -> bool {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    assert!(
        !(update && std::env::var_os("CI").is_some()),
        "UPDATE_SNAPSHOTS is refused when CI is set: snapshots are updated by a person, \
         looked at and committed"
    );
    update
}

/// `actual` must equal the bytes of `snapshot`.
pub fn assert_bytes(snapshot: &Path, actual: &[u8]) {
    if updating() {
        std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
        std::fs::write(snapshot, actual).unwrap();
        return;
    }
    let expected = std::fs::read(snapshot).unwrap_or_else(|e| {
        panic!(
            "snapshot {} cannot be read ({e}); run with UPDATE_SNAPSHOTS=1, look at it and commit it",
            snapshot.display()
        )
    });
    if expected != actual {
        let first = expected
            .iter()
            .zip(actual)
            .position(|(a, b)| a != b)
            .unwrap_or(expected.len().min(actual.len()));
        panic!(
            "{} differs from this run (first at byte {first}; {} bytes expected, {} now); rerun \
             with UPDATE_SNAPSHOTS=1 and review the diff{}",
            snapshot.display(),
            expected.len(),
            actual.len(),
            text_diff(&expected, actual)
        );
    }
}

/// `actual` must equal the text of `snapshot`.
pub fn assert_text(snapshot: &Path, actual: &str) {
    assert_bytes(snapshot, actual.as_bytes());
}

/// The first differing line of two texts, for the failure message.
fn text_diff(expected: &[u8], actual: &[u8]) -> String {
    let (Ok(e), Ok(a)) = (std::str::from_utf8(expected), std::str::from_utf8(actual)) else {
        return String::new();
    };
    let line = e.lines().zip(a.lines()).position(|(x, y)| x != y);
    let line = line.unwrap_or(e.lines().count().min(a.lines().count()));
    let cut = |s: &str| s.chars().take(300).collect::<String>();
    format!(
        ":\nline {}\n- {}\n+ {}",
        line + 1,
        cut(e.lines().nth(line).unwrap_or("<end>")),
        cut(a.lines().nth(line).unwrap_or("<end>"))
    )
}

/// The part of the text file `file` between the lines `start` and `end` must be `actual`;
/// `UPDATE_SNAPSHOTS=1` rewrites that part (for tables in the guide made from code).
pub fn assert_section(file: &Path, start: &str, end: &str, actual: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    let (Some(a), Some(b)) = (text.find(start), text.find(end)) else {
        panic!("{} has no `{start}` … `{end}` section", file.display());
    };
    let body_start = a + start.len() + 1;
    if updating() {
        let updated = format!("{}{actual}{}", &text[..body_start], &text[b..]);
        std::fs::write(file, updated).unwrap();
        return;
    }
    let current = &text[body_start..b];
    assert!(
        current == actual,
        "{} is out of date between `{start}` and `{end}`; rerun with UPDATE_SNAPSHOTS=1{}",
        file.display(),
        text_diff(current.as_bytes(), actual.as_bytes())
    );
}
