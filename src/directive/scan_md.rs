//! Finding directives in Markdown. pulldown-cmark (the version mdBook uses) parses the
//! chapter, and its offsets mark what is code (spans, fenced and indented blocks) or HTML
//! (blocks, inline tags, comments); a directive starting there is left alone, as is one
//! written `\<<efficiency_graph …>>`, which renders literally.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{Directive, find_all};
use crate::error::Result;

/// Byte ranges of `source` where directives do not count.
fn protected_ranges(source: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut block_start: Option<usize> = None;
    let parser = Parser::new_ext(source, Options::all()).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::HtmlBlock) => {
                block_start = Some(range.start)
            }
            Event::End(TagEnd::CodeBlock) | Event::End(TagEnd::HtmlBlock) => {
                if let Some(start) = block_start.take() {
                    ranges.push(start..range.end);
                }
            }
            Event::Code(_)
            | Event::InlineHtml(_)
            | Event::Html(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

/// Every directive of a Markdown document, in order.
pub fn scan(path: &Path, source: &str) -> Result<Vec<Directive>> {
    find_all(path, source, || protected_ranges(source))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(s: &str) -> Vec<usize> {
        scan(Path::new("c.md"), s)
            .unwrap()
            .iter()
            .map(|d| d.span.start)
            .collect()
    }

    #[test]
    fn code_comments_and_escapes_are_left_alone() {
        let doc = "A <<efficiency_graph a>>\n\n`<<efficiency_graph b>>`\n\n```\n<<efficiency_graph c>>\n```\n\n    <<efficiency_graph d>>\n\n<!-- <<efficiency_graph e>> -->\n\n\\<<efficiency_graph f>>\n\n<<efficiency_graph g>>\n";
        let found = starts(doc);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(&doc[found[0]..found[0] + 22], "<<efficiency_graph a>>");
        assert_eq!(&doc[found[1]..found[1] + 22], "<<efficiency_graph g>>");
    }
}
