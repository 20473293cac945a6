//! Directives: `<<efficiency_graph PATH key=value key="quoted value" …>>` found in a source
//! document. Which occurrences count (never in code, comments or after `\`) each syntax says
//! with its regions ([`crate::syntax`]); parsing one directive's tokens, with the byte offset of each so
//! errors point at `file:line:column`, is here; checking keys and values is in [`keys`].

pub mod keys;
pub(crate) mod value_keys;

use std::ops::Range;
use std::path::Path;

use crate::error::{Error, Location, Result};

pub(crate) const OPEN: &str = "<<efficiency_graph";
/// An inline value: expanded in place, inside a sentence.
pub(crate) const OPEN_VALUE: &str = "<<efficiency_value";
/// What both directives start with.
pub(crate) const OPEN_ANY: &str = "<<efficiency_";
pub(crate) const CLOSE: &str = ">>";

/// Which directive: a block (figure and tables) or one value inside a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    Graph,
    Value,
}

impl DirectiveKind {
    pub(crate) fn opener(self) -> &'static str {
        match self {
            DirectiveKind::Graph => OPEN,
            DirectiveKind::Value => OPEN_VALUE,
        }
    }

    /// The directive starting `text`, if one does.
    fn at(text: &str) -> Option<DirectiveKind> {
        [DirectiveKind::Graph, DirectiveKind::Value]
            .into_iter()
            .find(|k| text.starts_with(k.opener()))
    }
}

/// One `key=value` (or the positional path, with `key` empty) and where its value starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub key: String,
    pub value: String,
    /// Byte offset of the token in the source document.
    pub offset: usize,
}

/// A directive as written: its place in the source and its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// Bytes of the whole directive, `<<` to `>>`, in the source document.
    pub span: Range<usize>,
    pub tokens: Vec<Token>,
    /// What the text around an inline value is, which decides how its words are written.
    pub place: Place,
}

/// Where an inline value stands in its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Place {
    /// Running text: the value with its provenance and marker.
    #[default]
    Text,
    /// A Markdown table cell: as in text, with nothing that splits the cell (`|`).
    TableCell,
    /// Text that becomes an attribute (a link's title, an image's alt text): the bare words,
    /// escaped for the Markdown around them; no markup can stand there.
    Attribute,
}

impl Place {
    /// A name for cache entries: one directive text gives other output in another place.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Place::Text => "",
            Place::TableCell => "-cell",
            Place::Attribute => "-attribute",
        }
    }
}

impl Directive {
    /// The exact source text of the directive (its identity for caching).
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.span.clone()]
    }
}

/// Whether the character at `at` is escaped: preceded by an odd number of backslashes
/// (`\<<` is a literal directive, `\\<<` a line break or backslash and then a directive).
pub(crate) fn is_escaped(source: &str, at: usize) -> bool {
    source[..at]
        .bytes()
        .rev()
        .take_while(|&b| b == b'\\')
        .count()
        % 2
        == 1
}

/// A part of a document where directives do not work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Region {
    /// Code, comments, verbatim text, `\iffalse`: a directive there is text, left alone.
    Skip(Range<usize>),
    /// A place where an expanded directive would break the document (math mode): a
    /// directive there is an error saying so.
    Refuse(Range<usize>, &'static str),
    /// A place that cannot hold a block (a table cell, a heading): a graph directive there is
    /// an error, an inline value is fine.
    RefuseBlock(Range<usize>, &'static str),
    /// A place where an inline value is written differently (see [`Place`]).
    Within(Range<usize>, Place),
}

impl Region {
    fn contains(&self, at: usize) -> bool {
        match self {
            Region::Skip(r)
            | Region::Refuse(r, _)
            | Region::RefuseBlock(r, _)
            | Region::Within(r, _) => r.contains(&at),
        }
    }

    /// Why a directive of `kind` cannot stand here, if it cannot.
    fn refuses(&self, kind: DirectiveKind) -> Option<&'static str> {
        match self {
            Region::Refuse(_, why) => Some(why),
            Region::RefuseBlock(_, why) if kind == DirectiveKind::Graph => Some(why),
            _ => None,
        }
    }
}

/// Every directive of `source` outside the regions to skip (code, comments, …) and not
/// escaped with a backslash, in order; one inside a region to refuse is an error there. Each
/// syntax's scanner supplies its regions, which are only computed when the document mentions
/// a directive at all.
pub(crate) fn find_all(
    path: &Path,
    source: &str,
    regions: impl FnOnce() -> Vec<Region>,
) -> Result<Vec<Directive>> {
    if !source.contains(OPEN_ANY) {
        return Ok(Vec::new());
    }
    let regions = regions();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = source[from..].find(OPEN_ANY).map(|i| i + from) {
        let Some(kind) = DirectiveKind::at(&source[at..]) else {
            from = at + OPEN_ANY.len();
            continue;
        };
        // Skipping wins over refusing: code inside a table cell is still code.
        let skipped = regions
            .iter()
            .any(|r| matches!(r, Region::Skip(_)) && r.contains(at));
        let refused = regions
            .iter()
            .filter(|r| r.contains(at))
            .find_map(|r| r.refuses(kind));
        if is_escaped(source, at) || skipped {
            from = at + OPEN_ANY.len();
            continue;
        }
        if let Some(why) = refused {
            return Err(error_at(path, source, at, why));
        }
        let mut directive = parse_at(path, source, at)?;
        // The innermost place wins: an image's alt text inside a table cell is an attribute.
        if let Some(place) = regions.iter().rev().find_map(|r| match r {
            Region::Within(range, place) if range.contains(&at) => Some(*place),
            _ => None,
        }) {
            directive.place = place;
        }
        from = directive.span.end;
        found.push(directive);
    }
    Ok(found)
}

/// A directive-shaped problem at a byte offset of `source`.
pub(crate) fn error_at(
    path: &Path,
    source: &str,
    offset: usize,
    message: impl std::fmt::Display,
) -> Error {
    Error::Directive {
        location: Location::at_offset(path, source, offset),
        message: message.to_string(),
    }
}

/// Parses the directive starting at `start` (which holds `<<efficiency_graph` or
/// `<<efficiency_value`).
pub(crate) fn parse_at(path: &Path, source: &str, start: usize) -> Result<Directive> {
    let bytes = source.as_bytes();
    let kind = DirectiveKind::at(&source[start..]).unwrap_or(DirectiveKind::Graph);
    let mut i = start + kind.opener().len();
    if i < bytes.len()
        && !bytes[i].is_ascii_whitespace()
        && !bytes[i..].starts_with(CLOSE.as_bytes())
    {
        return Err(error_at(
            path,
            source,
            start,
            format!("expected a space after `{}`", kind.opener()),
        ));
    }
    let mut tokens = Vec::new();
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            if bytes[i] == b'\n'
                && source[i + 1..]
                    .trim_start_matches([' ', '\t', '\r'])
                    .starts_with('\n')
            {
                // A blank line ends a paragraph: a directive never spans one.
                return Err(error_at(
                    path,
                    source,
                    start,
                    "unterminated directive: no `>>` before the blank line",
                ));
            }
            i += 1;
        }
        if i >= bytes.len() {
            return Err(error_at(
                path,
                source,
                start,
                "unterminated directive: no closing `>>`",
            ));
        }
        if bytes[i..].starts_with(CLOSE.as_bytes()) {
            return Ok(Directive {
                kind,
                span: start..i + CLOSE.len(),
                tokens,
                place: Place::Text,
            });
        }
        let (token, next) = parse_token(path, source, i)?;
        tokens.push(token);
        i = next;
    }
}

/// One token at `start`: `key=value`, `key="quoted value"` or a bare positional word.
fn parse_token(path: &Path, source: &str, start: usize) -> Result<(Token, usize)> {
    let bytes = source.as_bytes();
    let ends_word = |j: usize| ends_word(bytes, j);
    let mut j = start;
    while !ends_word(j) && bytes[j] != b'=' && bytes[j] != b'"' {
        j += 1;
    }
    if j < bytes.len() && bytes[j] == b'"' && j == start {
        // A quoted positional value (a path with spaces).
        let (value, next) = quoted(path, source, j)?;
        return Ok((
            Token {
                key: String::new(),
                value,
                offset: start,
            },
            next,
        ));
    }
    if j >= bytes.len() || bytes[j] != b'=' {
        if j < bytes.len() && bytes[j] == b'"' {
            return Err(error_at(path, source, j, "unexpected `\"` inside a word"));
        }
        let value = source[start..j].to_string();
        return Ok((
            Token {
                key: String::new(),
                value,
                offset: start,
            },
            j,
        ));
    }
    let key = source[start..j].to_string();
    if key.is_empty() {
        return Err(error_at(path, source, start, "`=` without a key"));
    }
    parse_value(path, source, key, start, j + 1)
}

/// The value of the token at `start` whose `key=` ends at `value_start`: quoted (and then
/// followed by a space or the end) or a bare word.
fn parse_value(
    path: &Path,
    source: &str,
    key: String,
    start: usize,
    value_start: usize,
) -> Result<(Token, usize)> {
    let bytes = source.as_bytes();
    let ends_word = |j: usize| ends_word(bytes, j);
    if value_start < bytes.len() && bytes[value_start] == b'"' {
        let (value, next) = quoted(path, source, value_start)?;
        if !ends_word(next) {
            return Err(error_at(
                path,
                source,
                next,
                "expected a space after the closing `\"`",
            ));
        }
        return Ok((
            Token {
                key,
                value,
                offset: start,
            },
            next,
        ));
    }
    let mut k = value_start;
    while !ends_word(k) {
        if bytes[k] == b'"' {
            return Err(error_at(
                path,
                source,
                k,
                "unexpected `\"` inside an unquoted value",
            ));
        }
        k += 1;
    }
    let value = source[value_start..k].to_string();
    Ok((
        Token {
            key,
            value,
            offset: start,
        },
        k,
    ))
}

/// Whether a word ends at byte `j`: white space, the directive's `>>` or the end. Byte tests
/// only: `j` walks bytes and may sit inside a multi-byte character.
fn ends_word(bytes: &[u8], j: usize) -> bool {
    j >= bytes.len() || bytes[j].is_ascii_whitespace() || bytes[j..].starts_with(CLOSE.as_bytes())
}

/// A `"…"` string at `start` with `\"` and `\\` escapes; returns it and the offset after it.
fn quoted(path: &Path, source: &str, start: usize) -> Result<(String, usize)> {
    let mut value = String::new();
    let mut chars = source[start + 1..].char_indices();
    while let Some((k, c)) = chars.next() {
        match c {
            '"' => return Ok((value, start + 1 + k + 1)),
            '\\' => match chars.next() {
                Some((_, e @ ('"' | '\\'))) => value.push(e),
                Some((_, other)) => {
                    value.push('\\');
                    value.push(other);
                }
                None => break,
            },
            '\n' if source[start + 1 + k + 1..]
                .trim_start_matches([' ', '\t', '\r'])
                .starts_with('\n') =>
            {
                break;
            }
            c => value.push(c),
        }
    }
    Err(error_at(
        path,
        source,
        start,
        "unbalanced quotes: this `\"` is never closed",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the directive_scanner fuzzer: a multi-byte character inside a directive made
    /// the tokenizer slice inside it and panic.
    #[test]
    fn regression_multibyte_characters_inside_a_directive() {
        let d = parse("<<efficiency_graph données/résultats caption=é… title=\"≈ ×\">>").unwrap();
        let values: Vec<&str> = d.tokens.iter().map(|t| t.value.as_str()).collect();
        assert_eq!(values, vec!["données/résultats", "é…", "≈ ×"]);
        assert!(parse("<<efficiency_graph x …>>").is_ok());
    }

    fn parse(s: &str) -> Result<Directive> {
        parse_at(Path::new("c.md"), s, 0)
    }

    #[test]
    fn tokens_with_quotes_and_offsets() {
        let d = parse(
            r#"<<efficiency_graph results/eff requirements=reqs.toml caption="A \"b\" c">> tail"#,
        )
        .unwrap();
        assert_eq!(d.span, 0..75);
        let t: Vec<(&str, &str, usize)> = d
            .tokens
            .iter()
            .map(|t| (t.key.as_str(), t.value.as_str(), t.offset))
            .collect();
        assert_eq!(
            t,
            vec![
                ("", "results/eff", 19),
                ("requirements", "reqs.toml", 31),
                ("caption", "A \"b\" c", 54)
            ]
        );
    }

    #[test]
    fn malformed_directives_point_at_the_problem() {
        let err = |s: &str| parse(s).unwrap_err().to_string();
        assert_eq!(
            err("<<efficiency_graph x"),
            "c.md:1:1: unterminated directive: no closing `>>`"
        );
        assert_eq!(
            err("<<efficiency_graph x\n\nmore >>"),
            "c.md:1:1: unterminated directive: no `>>` before the blank line"
        );
        assert_eq!(
            err("<<efficiency_graph x caption=\"open>>"),
            "c.md:1:30: unbalanced quotes: this `\"` is never closed"
        );
        assert_eq!(
            err("<<efficiency_graph x =y>>"),
            "c.md:1:22: `=` without a key"
        );
        assert_eq!(
            err("<<efficiency_graphx>>"),
            "c.md:1:1: expected a space after `<<efficiency_graph`"
        );
    }
}
