//! Finding directives in LaTeX. Comments (`%` to the end of the line, but not `\%`), the
//! verbatim-like environments (verbatim, verbatim*, lstlisting, minted, comment), `\verb` and
//! the false branch of `\iffalse` are protected: a directive starting there is left alone, as
//! is `\<<efficiency_graph …>>`. One in math mode is an error: its figure cannot go there.

use crate::directive::Region;

const VERBATIM: &[&str] = &["verbatim", "verbatim*", "lstlisting", "minted", "comment"];
const MATH: &[&str] = &[
    "equation",
    "equation*",
    "align",
    "align*",
    "gather",
    "gather*",
    "multline",
    "multline*",
    "flalign",
    "flalign*",
    "eqnarray",
    "eqnarray*",
    "math",
    "displaymath",
];
const IN_MATH: &str = "a directive cannot stand in math mode: move it out of the formula";

/// The control word at the start of `rest` (after its backslash), e.g. `iffalse`.
fn control_word(rest: &str) -> &str {
    let word = &rest[1..];
    let end = word
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(word.len());
    &word[..end]
}

/// The end of the false branch of the `\iffalse` at `start`: the matching `\else` or `\fi`
/// (conditionals nest), or the end of the document.
fn false_branch_end(source: &str, start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while let Some(k) = source[i..].find('\\') {
        let at = i + k;
        let word = control_word(&source[at..]);
        match word {
            "fi" | "else" if depth == 1 => return at + 1 + word.len(),
            "fi" => depth -= 1,
            w if w.starts_with("if") => depth += 1,
            _ => {}
        }
        // Past the word, or past the one character of a control symbol such as `\%`.
        let symbol = source[at + 1..].chars().next().map_or(0, char::len_utf8);
        i = at + 1 + if word.is_empty() { symbol } else { word.len() };
    }
    source.len()
}

/// The end of the math at `i`, which opens with `open`, closed by `close`.
fn math_end(source: &str, i: usize, open: &str, close: &str) -> usize {
    let body = i + open.len();
    let mut from = body;
    while let Some(k) = source[from..].find(close) {
        let at = from + k;
        if !crate::directive::is_escaped(source, at) {
            return at + close.len();
        }
        from = at + close.len();
    }
    source.len()
}

/// Parts of `source` where directives do not count (comments, verbatim text, `\verb`,
/// `\iffalse` branches) or are refused (math mode).
pub(crate) fn regions(source: &str) -> Vec<Region> {
    let bytes = source.as_bytes();
    let mut regions = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &source[i..];
        if let Some(after) = rest.strip_prefix("\\begin{")
            && let Some(close) = after.find('}')
            && (VERBATIM.contains(&&after[..close]) || MATH.contains(&&after[..close]))
        {
            let name = &after[..close];
            let end_tag = format!("\\end{{{name}}}");
            let end = rest
                .find(&end_tag)
                .map_or(bytes.len(), |e| i + e + end_tag.len());
            regions.push(if VERBATIM.contains(&name) {
                Region::Skip(i..end)
            } else {
                Region::Refuse(i..end, IN_MATH)
            });
            i = end;
        } else if let Some(after) = rest.strip_prefix("\\verb")
            && let Some(delimiter) = after.trim_start_matches('*').chars().next()
            && !delimiter.is_ascii_alphabetic()
        {
            let body =
                i + 5 + (after.len() - after.trim_start_matches('*').len()) + delimiter.len_utf8();
            let end = source[body..]
                .find(delimiter)
                .map_or(bytes.len(), |e| body + e + delimiter.len_utf8());
            regions.push(Region::Skip(i..end));
            i = end;
        } else if rest.starts_with(crate::directive::OPEN_ANY) {
            // A directive's own text is not LaTeX: a `$` in its caption opens no formula.
            i = rest
                .find(crate::directive::CLOSE)
                .map_or(bytes.len(), |e| i + e + crate::directive::CLOSE.len());
        } else if bytes[i] == b'\\' && control_word(rest) == "iffalse" {
            let end = false_branch_end(source, i);
            regions.push(Region::Skip(i..end));
            i = end;
        } else if rest.starts_with("\\(") || rest.starts_with("\\[") {
            let close = if rest.starts_with("\\(") {
                "\\)"
            } else {
                "\\]"
            };
            let end = math_end(source, i, "\\(", close);
            regions.push(Region::Refuse(i..end, IN_MATH));
            i = end;
        } else if bytes[i] == b'\\' {
            // A control symbol such as `\%` or `\\`: the next character is not special.
            i += 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
        } else if bytes[i] == b'%' {
            let end = rest.find('\n').map_or(bytes.len(), |e| i + e);
            regions.push(Region::Skip(i..end));
            i = end;
        } else if bytes[i] == b'$' {
            let delimiter = if rest.starts_with("$$") { "$$" } else { "$" };
            let end = math_end(source, i, delimiter, delimiter);
            regions.push(Region::Refuse(i..end, IN_MATH));
            i = end;
        } else {
            // Step over whole characters: slicing inside a multi-byte one would panic.
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    regions
}

/// The files `\input{name}` and `\include{name}` read, outside comments, verbatim text and
/// the false branches of `\iffalse`; `.tex` added to a name without an extension.
pub(super) fn included(source: &str) -> Vec<String> {
    let skipped = regions(source);
    let outside = |at: usize| {
        !skipped
            .iter()
            .any(|r| matches!(r, Region::Skip(range) if range.contains(&at)))
    };
    let mut found = Vec::new();
    for command in ["\\input{", "\\include{"] {
        let mut from = 0;
        while let Some(k) = source[from..].find(command) {
            let at = from + k;
            let name_start = at + command.len();
            from = name_start;
            let Some(end) = source[name_start..].find('}') else {
                break;
            };
            let name = source[name_start..name_start + end].trim();
            if outside(at) && !name.is_empty() {
                let has_extension = std::path::Path::new(name).extension().is_some();
                found.push(if has_extension {
                    name.to_string()
                } else {
                    format!("{name}.tex")
                });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::directive::{Directive, find_all};

    fn scan(path: &Path, source: &str) -> crate::error::Result<Vec<Directive>> {
        find_all(path, source, || regions(source))
    }

    /// Found by the directive_scanner fuzzer: a `×` before a directive made the scan slice
    /// inside the character and panic.
    #[test]
    fn regression_multibyte_text_before_a_directive() {
        let doc = "cost is 2 × parameters ≈ 3:\n<<efficiency_graph a>>\n";
        let found = scan(Path::new("p.tex"), doc).unwrap();
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn the_false_branch_of_iffalse_is_left_alone() {
        let doc = r"\iffalse <<efficiency_graph a>> \ifx\a\b <<efficiency_graph b>> \fi \else <<efficiency_graph c>> \fi
\iffalse <<efficiency_graph d>> \fi <<efficiency_graph e>> \iftrue \fi";
        let found: Vec<&str> = scan(Path::new("p.tex"), doc)
            .unwrap()
            .iter()
            .map(|d| d.text(doc))
            .collect();
        assert_eq!(
            found,
            vec!["<<efficiency_graph c>>", "<<efficiency_graph e>>"]
        );
    }

    #[test]
    fn math_mode_is_refused_where_the_directive_starts() {
        for doc in [
            "$a <<efficiency_graph r>>$",
            "$$\n<<efficiency_graph r>>$$",
            "\\( <<efficiency_graph r>> \\)",
            "\\[ <<efficiency_graph r>> \\]",
            "\\begin{align*}<<efficiency_graph r>>\\end{align*}",
        ] {
            let err = scan(Path::new("p.tex"), doc).unwrap_err().to_string();
            assert!(
                err.ends_with("a directive cannot stand in math mode: move it out of the formula"),
                "{doc}: {err}"
            );
        }
        let ok = r"costs \$5 and <<efficiency_graph r caption=$5>> then $x$ <<efficiency_graph s>>";
        assert_eq!(scan(Path::new("p.tex"), ok).unwrap().len(), 2);
    }

    #[test]
    fn comments_verbatim_and_escapes_are_left_alone() {
        let doc = r"A <<efficiency_graph a>> and 50\% <<efficiency_graph b>>
% <<efficiency_graph c>>
x % trailing <<efficiency_graph d>>
\begin{verbatim}
<<efficiency_graph e>>
\end{verbatim}
\begin{lstlisting}[language=TeX]
<<efficiency_graph f>>
\end{lstlisting}
\begin{minted}{latex}
<<efficiency_graph g>>
\end{minted}
\begin{comment}
<<efficiency_graph h>>
\end{comment}
\verb|<<efficiency_graph i>>| \\<<efficiency_graph j>> \<<efficiency_graph k>>
";
        let found: Vec<&str> = scan(Path::new("p.tex"), doc)
            .unwrap()
            .iter()
            .map(|d| d.text(doc))
            .collect();
        // `\\` is a line break, so j counts; `\<<` is an escaped directive.
        assert_eq!(
            found,
            vec![
                "<<efficiency_graph a>>",
                "<<efficiency_graph b>>",
                "<<efficiency_graph j>>"
            ]
        );
    }
}
