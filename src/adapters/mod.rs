//! Adapters: how an expanded directive becomes text in each output syntax. They format what
//! [`crate::pipeline`] computed and stay thin; [`Syntax`] is how the rest of effgraph asks
//! for a syntax's behaviour (where directives are, how a result or an error is written).

pub mod html;
pub mod latex;
pub mod markdown;

use std::path::Path;

use crate::directive::keys::DirectiveConfig;
use crate::directive::{Directive, Place, scan_md, scan_tex};
use crate::error::Result;
use crate::pipeline::DirectiveRun;
use crate::render::Format;
use crate::report::templates::Templates;

/// The LaTeX comment that starts an inline value's marker; it counts only where it starts
/// its line's comment, so text inside another comment (a provenance line naming data) can
/// never be taken for one.
pub const TEX_MARK: &str = "% effgraph-value: ";
/// How an inline value's element starts in HTML.
const VALUE_SPAN: &str = "<span class=\"effgraph-value\"";
/// An inline value's element with the attribute holding its directive. Data reach HTML only
/// escaped (no raw quote), so this exact text comes from effgraph's own markup.
pub const HTML_MARK: &str = "<span class=\"effgraph-value\" data-effgraph=\"";

/// A directive as the one line a marker holds: line breaks and other control characters
/// become spaces (white space, as they were between its keys).
fn one_line(directive: &str) -> String {
    directive
        .chars()
        .map(|c| {
            if crate::error::breaks_lines(c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The syntax a directive's replacement is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// mdBook's HTML renderer: inline SVG and HTML tables.
    Html,
    /// Any other mdBook renderer: Markdown tables, the figure described in words.
    Markdown,
    /// A Markdown file expanded by `effgraph expand`: the figure as an image file beside it.
    MarkdownFile,
    /// A LaTeX file: a `figure` with `\includegraphics` and booktabs tables.
    Tex,
}

impl Syntax {
    /// The directives of a document in this syntax.
    pub fn scan(self, path: &Path, source: &str) -> Result<Vec<Directive>> {
        match self {
            Syntax::Tex => scan_tex::scan(path, source),
            Syntax::Html | Syntax::Markdown | Syntax::MarkdownFile => scan_md::scan(path, source),
        }
    }

    /// Whether the figure is a file beside the document (else it is inside the text).
    pub fn writes_figure_files(self) -> bool {
        matches!(self, Syntax::MarkdownFile | Syntax::Tex)
    }

    /// The figure format when a directive names none.
    pub fn default_format(self) -> Format {
        match self {
            Syntax::Tex => Format::Pdf,
            Syntax::Html | Syntax::Markdown | Syntax::MarkdownFile => Format::Svg,
        }
    }

    /// A directive's replacement; `figure` is the figure file's path for file-based syntaxes.
    pub fn render(
        self,
        run: &DirectiveRun,
        cfg: &DirectiveConfig,
        templates: &Templates,
        figure: Option<&str>,
    ) -> Result<String> {
        match self {
            Syntax::Html => html::render(run, cfg, templates),
            Syntax::Markdown | Syntax::MarkdownFile => {
                markdown::render(run, cfg, templates, figure)
            }
            Syntax::Tex => latex::render(run, cfg, templates, figure.unwrap_or_default()),
        }
    }

    /// A visible error in place of a directive (`on-failure = "continue"`).
    pub fn error_box(self, message: &str) -> String {
        match self {
            Syntax::Html => html::error_box(message),
            Syntax::Markdown | Syntax::MarkdownFile => markdown::error_box(message),
            Syntax::Tex => latex::error_box(message),
        }
    }

    /// An inline value as this syntax writes it at `place` in its document, marked with its
    /// `directive` where `check --document` can find it again: in text and table cells, with
    /// where it came from; inside an attribute (a Markdown link's title, an image's alt
    /// text), the bare words escaped for the Markdown around them, since no markup can stand
    /// there; in a table cell, with no `|` that would split the cell.
    pub fn inline_value_at(
        self,
        fact: &crate::report::value::Fact,
        directive: &str,
        place: Place,
    ) -> String {
        if self == Syntax::Tex {
            return self.marked(directive, self.inline_value(fact));
        }
        match place {
            Place::Text => self.marked(directive, self.inline_value(fact)),
            // Markdown text has its `|` escaped already; HTML's are written as references.
            Place::TableCell if self == Syntax::Html => self
                .marked(directive, self.inline_value(fact))
                .replace('|', "&#124;"),
            Place::TableCell => self.marked(directive, self.inline_value(fact)),
            Place::Attribute => crate::report::templates::escape_md_punctuation(&fact.text),
        }
    }

    /// An inline value as this syntax writes it inside a sentence, with where it came from:
    /// a hover title in HTML, a comment before it in LaTeX (before, since a comment ends its
    /// line and TeX drops the next line's leading space), the bare text in Markdown files.
    fn inline_value(self, fact: &crate::report::value::Fact) -> String {
        use crate::render::output::escape_xml;
        use crate::report::templates::{escape_md, escape_tex};
        match self {
            Syntax::Html => format!(
                "{VALUE_SPAN} title=\"{}\">{}</span>",
                escape_xml(&fact.provenance),
                escape_xml(&fact.text)
            ),
            Syntax::Markdown | Syntax::MarkdownFile => escape_md(&fact.text),
            Syntax::Tex => format!(
                "% effgraph: {}\n{}",
                crate::error::escape_controls(&fact.provenance),
                escape_tex(&fact.text)
            ),
        }
    }

    /// `written` (an inline value) with its directive, so that `check --document` can
    /// compute it again: a comment line before it in LaTeX, an attribute in HTML; Markdown
    /// files stay plain text.
    fn marked(self, directive: &str, written: String) -> String {
        match self {
            Syntax::Tex => format!("{TEX_MARK}{}\n{written}", one_line(directive)),
            Syntax::Html => written.replacen(
                VALUE_SPAN,
                &format!(
                    "{HTML_MARK}{}\"",
                    crate::render::output::escape_xml(&one_line(directive))
                ),
                1,
            ),
            Syntax::Markdown | Syntax::MarkdownFile => written,
        }
    }

    /// A visible error inside a sentence, for `on-failure = "continue"`.
    pub fn error_inline(self, message: &str) -> String {
        use crate::render::output::escape_xml;
        use crate::report::templates::{escape_md, escape_tex};
        match self {
            Syntax::Html => format!(
                "<strong class=\"effgraph-error\" role=\"alert\">effgraph error: {}</strong>",
                escape_xml(message)
            ),
            Syntax::Markdown | Syntax::MarkdownFile => {
                format!("**effgraph error: {}**", escape_md(message))
            }
            Syntax::Tex => format!("\\textbf{{effgraph error: {}}}", escape_tex(message)),
        }
    }

    /// A replacement set into the document: its own block, with blank lines around it in
    /// Markdown, on lines of its own in LaTeX.
    pub fn place(self, replacement: &str) -> String {
        match self {
            Syntax::Html | Syntax::Markdown | Syntax::MarkdownFile => {
                format!("\n\n{replacement}\n\n")
            }
            Syntax::Tex => format!("\n{replacement}\n"),
        }
    }

    /// `text` made inert for the tools that read this syntax after effgraph. mdBook expands
    /// `{{#include …}}`, `{{#title …}}` and friends in chapter text *after* a preprocessor
    /// that runs before its `links` step, so a model name holding `{{#include ../secret}}`
    /// would paste a file into the page: every `{{` becomes `&#123;&#123;`, which HTML and
    /// Markdown show as `{{` and mdBook does not match. LaTeX output is escaped as it is built.
    pub fn neutralise(self, text: &str) -> String {
        match self {
            Syntax::Html | Syntax::Markdown | Syntax::MarkdownFile => {
                text.replace("{{", "&#123;&#123;")
            }
            Syntax::Tex => text.to_string(),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Syntax::Html => "html",
            Syntax::Markdown => "md",
            Syntax::MarkdownFile => "mdfile",
            Syntax::Tex => "tex",
        }
    }
}
