//! Finding directives in Markdown. pulldown-cmark (the version mdBook uses) parses the
//! chapter, and its offsets mark what is code (spans, fenced and indented blocks) or HTML
//! (blocks, inline tags, comments); a directive starting there is left alone, as is one
//! written `\<<efficiency_graph …>>`, which renders literally.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::directive::{OPEN_ANY, Place, Region};

const IN_TABLE: &str = "a directive cannot stand in a table cell: its figure and tables are blocks; give it a paragraph of its own";
const IN_HEADING: &str =
    "a directive cannot stand in a heading: give it a paragraph of its own below the heading";

/// Parts of `source` where directives do not count (code, HTML, math), are refused (table
/// cells and headings, which cannot hold the figure and tables a directive becomes), or
/// where an inline value is written differently (table cells; titles and alt text, which
/// become attributes).
pub(crate) fn regions(source: &str) -> Vec<Region> {
    let mut regions = Vec::new();
    let mut block_start: Option<usize> = None;
    // The links and images open, innermost last.
    let mut links: Vec<OpenLink> = Vec::new();
    let mut parser = Parser::new_ext(source, Options::all()).into_offset_iter();
    for (event, range) in parser.by_ref() {
        let closes_link = matches!(event, Event::End(TagEnd::Link | TagEnd::Image));
        if let Some(link) = links.last_mut().filter(|_| !closes_link) {
            link.text_end = link.text_end.max(range.end);
        }
        match event {
            Event::Start(Tag::Link { title, .. }) => {
                links.push(OpenLink::new(range.start, false, title))
            }
            Event::Start(Tag::Image { title, .. }) => {
                links.push(OpenLink::new(range.start, true, title))
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some(link) = links.pop() {
                    if link.image {
                        regions.push(Region::Within(link.start..range.end, Place::Attribute));
                    }
                    let tail = link.text_end..range.end;
                    regions.extend(title_part(tail, &link.title));
                }
                if let Some(outer) = links.last_mut() {
                    outer.text_end = outer.text_end.max(range.end);
                }
            }
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
            Event::Start(Tag::Table(_)) => {
                regions.push(Region::RefuseBlock(range.clone(), IN_TABLE));
                regions.push(Region::Within(range, Place::TableCell));
            }
            Event::Start(Tag::Heading { .. }) => {
                regions.push(Region::RefuseBlock(range, IN_HEADING))
            }
            _ => {}
        }
    }
    // Reference definitions (`[id]: url "title"`) are not events; their spans are known.
    for (_, definition) in parser.reference_definitions().iter() {
        regions.extend(title_part(
            definition.span.clone(),
            definition.title.as_deref().unwrap_or(""),
        ));
    }
    regions
}

/// A link or image being read: where it starts, its title, and where the
/// last event inside it (its text) ended: what follows is the destination and title.
struct OpenLink {
    start: usize,
    image: bool,
    title: String,
    text_end: usize,
}

impl OpenLink {
    fn new(start: usize, image: bool, title: CowStr) -> Self {
        OpenLink {
            start,
            image,
            title: title.into_string(),
            // `[` or `![`: the text starts after it.
            text_end: start + 1 + usize::from(image),
        }
    }
}

/// The region of the part of a link (or image, or reference definition) `span` holding its
/// destination and title, when the title holds a directive: it becomes an attribute.
/// (CommonMark never reads a directive as a destination: `<` cannot stand in one.)
fn title_part(span: std::ops::Range<usize>, title: &str) -> Option<Region> {
    title
        .contains(OPEN_ANY)
        .then_some(Region::Within(span, Place::Attribute))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::directive::{Directive, find_all};

    fn scan(path: &Path, source: &str) -> crate::error::Result<Vec<Directive>> {
        find_all(path, source, || regions(source))
    }

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
