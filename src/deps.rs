//! Make-style dependency files (`expand --deps`): the expanded document and each figure with
//! the files it was made from, and an empty rule per input so that deleting one does not
//! break `make`. File names come from anyone, so each is escaped for the place it stands in
//! (GNU Make reads `%` as a pattern only in a target, `$` everywhere); a name Make cannot
//! express at all (a newline, tab, `=`, `;`, a trailing backslash) is refused, never written.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where a name stands in a rule.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Target,
    Prerequisite,
}

/// Characters GNU Make reads as syntax in a file name, which a backslash makes literal.
const ESCAPED: &[char] = &[' ', '#', ':', '*', '?', '[', ']', '|', '\\'];

/// Why Make cannot name a file.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
enum Unnameable {
    #[error("it is not valid UTF-8")]
    NotUtf8,
    #[error("it holds {0:?}")]
    Holds(char),
    #[error("it ends in a backslash")]
    TrailingBackslash,
}

/// `path` escaped for Make at `place`, or why Make cannot name it.
fn escape(path: &Path, place: Place) -> std::result::Result<String, Unnameable> {
    let text = path.to_str().ok_or(Unnameable::NotUtf8)?;
    if let Some(c) = text
        .chars()
        .find(|c| c.is_control() || ['=', ';'].contains(c))
    {
        return Err(Unnameable::Holds(c));
    }
    if text.ends_with('\\') {
        return Err(Unnameable::TrailingBackslash);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '$' => out.push_str("$$"),
            '%' if place == Place::Target => out.push_str("\\%"),
            // A backslash is literal unless it precedes a character Make reads as syntax.
            '\\' => {
                let next = chars.get(i + 1).copied();
                if next.is_some_and(|n| ESCAPED.contains(&n) || n == '%') {
                    out.push_str("\\\\");
                } else {
                    out.push('\\');
                }
            }
            c if ESCAPED.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

fn escaped(path: &Path, place: Place) -> Result<String> {
    escape(path, place).map_err(|why| Error::Output {
        path: path.to_path_buf(),
        message: format!("Make cannot name this file in the dependency file ({why}); rename it"),
    })
}

/// Fails when Make cannot name `path` (checked before anything is rendered).
pub(crate) fn check_name(path: &Path) -> Result<()> {
    escaped(path, Place::Target).map(|_| ())
}

/// The dependency file's text: `output` made from `source` and `inputs`, each figure from
/// its inputs, and an empty rule per input.
pub(crate) fn deps_text(
    output: &Path,
    source: &Path,
    inputs: &[PathBuf],
    figures: &[(PathBuf, Vec<PathBuf>)],
) -> Result<String> {
    let rule = |target: &Path, prerequisites: &mut dyn Iterator<Item = &PathBuf>| {
        let names = prerequisites
            .map(|p| escaped(p, Place::Prerequisite))
            .collect::<Result<Vec<_>>>()?;
        Ok::<_, Error>(format!(
            "{}: {}\n",
            escaped(target, Place::Target)?,
            names.join(" ")
        ))
    };
    let source = source.to_path_buf();
    let mut text = rule(output, &mut std::iter::once(&source).chain(inputs))?;
    for (figure, made_from) in figures {
        text.push_str(&rule(figure, &mut made_from.iter())?);
    }
    for input in inputs {
        text.push_str(&format!("{}:\n", escaped(input, Place::Target)?));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prerequisite(s: &str) -> std::result::Result<String, Unnameable> {
        escape(Path::new(s), Place::Prerequisite)
    }

    #[test]
    fn make_syntax_in_names_is_escaped_for_its_place() {
        assert_eq!(prerequisite("a b#c:d.json").unwrap(), r"a\ b\#c\:d.json");
        assert_eq!(
            prerequisite("$x*?[y]|.json").unwrap(),
            r"$$x\*\?\[y\]\|.json"
        );
        assert_eq!(prerequisite("50%.json").unwrap(), "50%.json");
        assert_eq!(
            escape(Path::new("50%.json"), Place::Target).unwrap(),
            r"50\%.json"
        );
        assert_eq!(prerequisite(r"a\b").unwrap(), r"a\b");
        assert_eq!(prerequisite(r"a\ b").unwrap(), r"a\\\ b");
    }

    #[test]
    fn names_make_cannot_express_are_refused() {
        for bad in ["a\nb", "a\tb", "X=1.json", "a;b", "ab\\"] {
            assert!(prerequisite(bad).is_err(), "{bad:?}");
        }
    }
}
