//! Where directives are not read in Typst: comments (`// …` and nested `/* … */`), raw text
//! (`` `…` `` and fenced ```` ``` ```` blocks), strings in code (`#let s = "…"`, the
//! arguments of `#f("…")`), and a directive escaped as `\<<efficiency_graph …>>`. One in math
//! (`$…$`) is an error: its figure cannot go there.

use crate::directive::Region;

const IN_MATH: &str = "a directive cannot stand in math mode: move it out of the formula";

/// Where the scanner is: markup, or code (after `#`) that ends at the end of its line or when
/// its brackets close.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Markup,
    /// Code in `(…)` or `{…}`, `depth` deep; `line` code ends at the end of the line.
    Code {
        depth: usize,
        line: bool,
    },
}

/// The end (exclusive) of the block comment opening at `start` (comments nest).
fn block_comment_end(source: &str, start: usize) -> usize {
    let bytes = source.as_bytes();
    let (mut depth, mut i) = (0usize, start);
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    source.len()
}

/// The end of the raw text opening at `start` with a run of backticks.
fn raw_end(source: &str, start: usize) -> usize {
    let run = source[start..].bytes().take_while(|&b| b == b'`').count();
    if run == 2 {
        return start + 2;
    }
    let fence = &source[start..start + run];
    source[start + run..]
        .find(fence)
        .map_or(source.len(), |k| start + run + k + run)
}

/// The end of the string opening at `start` (`\"` escapes a quote).
fn string_end(source: &str, start: usize) -> usize {
    let bytes = source.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    source.len()
}

/// The end of the math opening at `start` with `$`.
fn math_end(source: &str, start: usize) -> usize {
    let bytes = source.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'$' => return i + 1,
            _ => i += 1,
        }
    }
    source.len()
}

/// The regions of a Typst document where a directive is left alone or refused.
pub(crate) fn regions(source: &str) -> Vec<Region> {
    let bytes = source.as_bytes();
    let mut regions = Vec::new();
    let mut mode = Mode::Markup;
    // Content blocks `[…]` inside code are markup again; each remembers the code around it.
    let mut outer: Vec<Mode> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let skip = |end: usize, regions: &mut Vec<Region>| {
            regions.push(Region::Skip(i..end));
            end
        };
        i = match (bytes[i], bytes.get(i + 1).copied(), mode) {
            (b'\\', _, _) => skip((i + 2).min(bytes.len()), &mut regions),
            (b'/', Some(b'/'), _) => {
                let end = source[i..].find('\n').map_or(source.len(), |k| i + k);
                skip(end, &mut regions)
            }
            (b'/', Some(b'*'), _) => skip(block_comment_end(source, i), &mut regions),
            (b'`', _, _) => skip(raw_end(source, i), &mut regions),
            (b'"', _, Mode::Code { .. }) => skip(string_end(source, i), &mut regions),
            (b'$', _, Mode::Markup) => {
                let end = math_end(source, i);
                regions.push(Region::Refuse(i..end, IN_MATH));
                end
            }
            _ => {
                mode = step(mode, &mut outer, source, i);
                i + source[i..].chars().next().map_or(1, char::len_utf8)
            }
        };
    }
    regions
}

/// The mode after the byte at `i`: `#` opens code, brackets nest and close it, `[…]` inside
/// code is markup again, and a line of code ends with its line.
fn step(mode: Mode, outer: &mut Vec<Mode>, source: &str, i: usize) -> Mode {
    let bytes = source.as_bytes();
    match (bytes[i], bytes.get(i + 1).copied(), mode) {
        (b'#', Some(c), Mode::Markup) if c.is_ascii_alphabetic() || c == b'(' || c == b'{' => {
            Mode::Code {
                depth: 0,
                line: c.is_ascii_alphabetic(),
            }
        }
        (b'(' | b'{', _, Mode::Code { depth, line }) => Mode::Code {
            depth: depth + 1,
            line,
        },
        (b')' | b'}', _, Mode::Code { depth, line }) => match depth {
            0 | 1 if !line => Mode::Markup,
            _ => Mode::Code {
                depth: depth.saturating_sub(1),
                line,
            },
        },
        (b'[', _, Mode::Code { .. }) => {
            outer.push(mode);
            Mode::Markup
        }
        (b']', _, Mode::Markup) if !outer.is_empty() => outer.pop().unwrap_or(Mode::Markup),
        (
            b'\n',
            _,
            Mode::Code {
                depth: 0,
                line: true,
            },
        ) => Mode::Markup,
        // A space ends a bare `#name` that opened no bracket.
        (
            b' ' | b'\t',
            _,
            Mode::Code {
                depth: 0,
                line: true,
            },
        ) if !source[..i].trim_end().ends_with('=') && ends_bare_call(source, i) => Mode::Markup,
        _ => mode,
    }
}

/// Whether the code before `at` on its line is a bare `#name` (a function or variable shown
/// in markup, such as `#x`): a keyword (`#let`, `#set`, …) keeps its line in code.
fn ends_bare_call(source: &str, at: usize) -> bool {
    let line = &source[source[..at].rfind('\n').map_or(0, |k| k + 1)..at];
    let Some(hash) = line.rfind('#') else {
        return true;
    };
    let word = &line[hash + 1..];
    let keyword = [
        "let", "set", "show", "import", "include", "if", "for", "while", "return",
    ];
    !keyword.iter().any(|k| word.starts_with(k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directive::find_all;
    use std::path::Path;

    fn found(doc: &str) -> Vec<&str> {
        find_all(Path::new("p.typ"), doc, || regions(doc))
            .unwrap()
            .iter()
            .map(|d| d.text(doc))
            .collect()
    }

    #[test]
    fn comments_raw_strings_and_escapes_are_left_alone() {
        let doc = "A <<efficiency_graph a>>\n// <<efficiency_graph b>>\n/* x /* <<efficiency_graph c>> */ <<efficiency_graph d>> */\n`<<efficiency_graph e>>`\n```\n<<efficiency_graph f>>\n```\n#let s = \"<<efficiency_graph g>>\"\n#text(\"<<efficiency_graph h>>\")[ <<efficiency_value i>> ]\n\\<<efficiency_graph j>>\n\"quoted <<efficiency_value k>>\" and <<efficiency_graph l>>";
        assert_eq!(
            found(doc),
            vec![
                "<<efficiency_graph a>>",
                "<<efficiency_value i>>",
                "<<efficiency_value k>>",
                "<<efficiency_graph l>>"
            ]
        );
    }

    #[test]
    fn math_is_refused() {
        let doc = "$ x <<efficiency_graph r>> $";
        let err = find_all(Path::new("p.typ"), doc, || regions(doc)).unwrap_err();
        assert!(err.to_string().ends_with(IN_MATH), "{err}");
    }
}
