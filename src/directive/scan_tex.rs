//! Finding directives in LaTeX. Comments (`%` to the end of the line, but not `\%`), the
//! verbatim-like environments (verbatim, verbatim*, lstlisting, minted, comment) and `\verb`
//! are protected: a directive starting there is left alone, as is `\<<efficiency_graph …>>`.

use std::ops::Range;
use std::path::Path;

use super::{Directive, find_all};
use crate::error::Result;

const VERBATIM: [&str; 5] = ["verbatim", "verbatim*", "lstlisting", "minted", "comment"];

/// Byte ranges of `source` where directives do not count.
fn protected_ranges(source: &str) -> Vec<Range<usize>> {
    let bytes = source.as_bytes();
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &source[i..];
        if let Some(after) = rest.strip_prefix("\\begin{")
            && let Some(close) = after.find('}')
            && VERBATIM.contains(&&after[..close])
        {
            let end_tag = format!("\\end{{{}}}", &after[..close]);
            let end = rest
                .find(&end_tag)
                .map_or(bytes.len(), |e| i + e + end_tag.len());
            ranges.push(i..end);
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
            ranges.push(i..end);
            i = end;
        } else if bytes[i] == b'\\' {
            // A control symbol such as `\%` or `\\`: the next character is not special.
            i += 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
        } else if bytes[i] == b'%' {
            let end = rest.find('\n').map_or(bytes.len(), |e| i + e);
            ranges.push(i..end);
            i = end;
        } else {
            // Step over whole characters: slicing inside a multi-byte one would panic.
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    ranges
}

/// Every directive of a LaTeX document, in order.
pub fn scan(path: &Path, source: &str) -> Result<Vec<Directive>> {
    find_all(path, source, || protected_ranges(source))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the directive_scanner fuzzer: a `×` before a directive made the scan slice
    /// inside the character and panic.
    #[test]
    fn regression_multibyte_text_before_a_directive() {
        let doc = "cost is 2 × parameters ≈ 3:\n<<efficiency_graph a>>\n";
        let found = scan(Path::new("p.tex"), doc).unwrap();
        assert_eq!(found.len(), 1);
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
