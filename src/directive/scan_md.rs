//! Finding directives in Markdown. pulldown-cmark (the version mdBook uses) parses the
//! chapter, and its offsets mark what is code (spans, fenced and indented blocks) or HTML
//! (blocks, inline tags, comments); a directive starting there is left alone, as is one
//! written `\<<efficiency_graph …>>`, which renders literally.

use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{Directive, Region, find_all};
use crate::error::Result;

const IN_TABLE: &str = "a directive cannot stand in a table cell: its figure and tables are blocks; give it a paragraph of its own";
const IN_HEADING: &str =
    "a directive cannot stand in a heading: give it a paragraph of its own below the heading";

/// Parts of `source` where directives do not count (code, HTML, math) or are refused
/// (table cells and headings, which cannot hold the figure and tables a directive becomes).
fn regions(source: &str) -> Vec<Region> {
    let mut regions = Vec::new();
    let mut block_start: Option<usize> = None;
    let parser = Parser::new_ext(source, Options::all()).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::HtmlBlock) => {
                block_start = Some(range.start)
            }
            Event::End(TagEnd::CodeBlock) | Event::End(TagEnd::HtmlBlock) => {
                if let Some(start) = block_start.take() {
                    regions.push(Region::Skip(start..range.end));
                }
            }
            Event::Code(_)
            | Event::InlineHtml(_)
            | Event::Html(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => regions.push(Region::Skip(range)),
            Event::Start(Tag::Table(_)) => regions.push(Region::RefuseBlock(range, IN_TABLE)),
            Event::Start(Tag::Heading { .. }) => {
                regions.push(Region::RefuseBlock(range, IN_HEADING))
            }
            _ => {}
        }
    }
    regions
}

/// Every directive of a Markdown document, in order.
pub fn scan(path: &Path, source: &str) -> Result<Vec<Directive>> {
    find_all(path, source, || regions(source))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_and_headings_are_refused_with_their_place() {
        let err = |doc: &str| scan(Path::new("c.md"), doc).unwrap_err().to_string();
        assert!(
            err("| a |\n|---|\n| <<efficiency_graph r>> |\n")
                .starts_with("c.md:3:3: a directive cannot stand in a table cell")
        );
        assert!(
            err("Title\n=====\n\n## <<efficiency_graph r>>\n")
                .starts_with("c.md:4:4: a directive cannot stand in a heading")
        );
        let code_in_table = "| a |\n|---|\n| `<<efficiency_graph r>>` |\n";
        assert!(scan(Path::new("c.md"), code_in_table).unwrap().is_empty());
    }

    fn starts(s: &str) -> Vec<usize> {
        scan(Path::new("c.md"), s)
            .unwrap()
            .iter()
            .map(|d| d.span.start)
            .collect()
    }

    #[test]
    fn code_comments_and_escapes_are_left_alone() {
        let doc = "A <<efficiency_graph a>>\n\nText <!-- <<efficiency_graph h>> --> and <span title=\"<<efficiency_graph i>>\">x</span>\n\n`<<efficiency_graph b>>`\n\n```\n<<efficiency_graph c>>\n```\n\n    <<efficiency_graph d>>\n\n<!-- <<efficiency_graph e>> -->\n\n\\<<efficiency_graph f>>\n\n<<efficiency_graph g>>\n";
        let found = starts(doc);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(!doc[found[0] + 1..found[1]].contains("<<efficiency_graph g"));
        assert_eq!(&doc[found[0]..found[0] + 22], "<<efficiency_graph a>>");
        assert_eq!(&doc[found[1]..found[1] + 22], "<<efficiency_graph g>>");
    }
}
