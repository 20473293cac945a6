//! The trait every document syntax implements, and what its methods trade in: the marks of a
//! built document and what a page holds so far.

use std::path::{Path, PathBuf};

pub(crate) use super::latex::layout::Layout;
use crate::directive::{Place, Region};
use crate::error::{Location, Result};
use crate::pipeline::DirectiveRun;
use crate::render::Format;
use crate::report::templates::Templates;
use crate::report::value::Fact;
use crate::request::DirectiveConfig;

/// What one document syntax does. Methods with a body are the Markdown family's behaviour,
/// which most syntaxes share.
pub(crate) trait DocumentSyntax: Sync {
    /// Names the syntax in cache entries.
    fn name(&self) -> &'static str;

    /// For a syntax `effgraph expand` reads: its `--syntax` name and source extensions.
    fn source(&self) -> Option<(&'static str, &'static [&'static str])> {
        None
    }

    /// Extensions of built documents `check --document` reads in this syntax.
    fn built_extensions(&self) -> &'static [&'static str] {
        &[]
    }

    /// Where directives are skipped, refused or written differently.
    fn regions(&self, source: &str) -> Vec<Region>;

    /// Whether the figure is a file beside the document (else it is inside the text).
    fn writes_figure_files(&self) -> bool {
        false
    }

    /// The layout the last build of the document expanded to `output` from `input`
    /// reported (LaTeX: its `.aux`, or `aux` when given), and the file it was read from;
    /// before the first build, the layout the syntax assumes (and no file).
    fn previous_layout(
        &self,
        _output: &Path,
        _input: &Path,
        _aux: Option<&Path>,
    ) -> Result<Option<(Option<PathBuf>, Layout)>> {
        Ok(None)
    }

    /// The files `source` reads in as part of itself (LaTeX: `\input{…}` and `\include{…}`
    /// outside comments and verbatim text), as written, with the extension the syntax adds.
    fn included(&self, _source: &str) -> Vec<String> {
        Vec::new()
    }

    /// The expanded document, finished as the syntax needs it (LaTeX: the line that reports
    /// the paper's layout for the next run).
    fn finish(&self, expanded: String) -> String {
        expanded
    }

    /// Whether figures of `format` can be placed in this syntax's documents.
    fn takes_format(&self, format: Format) -> bool {
        format != Format::Pgf
    }

    /// The figure format when a directive names none.
    fn default_format(&self) -> Format {
        Format::Svg
    }

    /// A directive's replacement; `figure` is the figure file's path for file-based syntaxes.
    fn render(
        &self,
        run: &DirectiveRun,
        cfg: &DirectiveConfig,
        templates: &Templates,
        figure: Option<&str>,
    ) -> Result<String>;

    /// A visible error in place of a directive (`on-failure = "continue"`).
    fn error_box(&self, message: &str) -> String;

    /// A visible error inside a sentence, for `on-failure = "continue"`.
    fn error_inline(&self, message: &str) -> String;

    /// An inline value at `place`, marked with its `directive` where the syntax can carry it.
    fn inline_value(&self, fact: &Fact, directive: &str, place: Place) -> String;

    /// A replacement set into the document: its own block, with blank lines around it.
    fn place(&self, replacement: &str) -> String {
        format!("\n\n{replacement}\n\n")
    }

    /// `text` made inert for the tools that read the document after effgraph. mdBook expands
    /// `{{#include …}}`, `{{#title …}}` and friends in chapter text *after* a preprocessor
    /// that runs before its `links` step, so a model name holding `{{#include ../secret}}`
    /// would paste a file into the page: every `{{` becomes `&#123;&#123;`, which HTML and
    /// Markdown show as `{{` and mdBook does not match.
    fn neutralise(&self, text: &str) -> String {
        text.replace("{{", "&#123;&#123;")
    }

    /// A block directive's replacement as the page around it needs it (the page's figure ids
    /// unique, its style sheet once); `page` is what the page already holds.
    fn page_block(&self, replacement: String, _page: &mut Page, _templates: &Templates) -> String {
        replacement
    }

    /// Whether a built document in this syntax is a book's page, whose directives read the
    /// book's settings (else the settings `check --document` is given).
    fn built_in_a_book(&self) -> bool {
        false
    }

    /// The marked values of a built document, for `check --document`.
    fn marks(&self, _page: &Path, _text: &str) -> Vec<Mark> {
        Vec::new()
    }

    /// A value as this syntax writes its visible text.
    fn written(&self, text: &str) -> String {
        text.to_string()
    }

    /// `None` when `mark`'s written value is `now` (as [`DocumentSyntax::written`] writes it),
    /// else the written value as a message quotes it.
    fn stale(&self, mark: &Mark, now: &str) -> Option<String> {
        (mark.written != now).then(|| mark.written.clone())
    }
}

/// What a page holds so far, for [`DocumentSyntax::page_block`].
#[derive(Default)]
pub(crate) struct Page {
    /// Figure ids given out on this page.
    pub ids: Vec<String>,
    /// Whether the page has its style sheet.
    pub styled: bool,
}

/// A value a built document marked with its directive.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mark {
    /// Where the directive text starts in the document.
    pub directive_at: Location,
    pub directive: String,
    /// Where the written value starts.
    pub value_at: Location,
    /// The value as written, in the document's own syntax.
    pub written: String,
}

/// A directive as the one line a mark holds: line breaks and other control characters
/// become spaces (white space, as they were between its keys).
pub(crate) fn one_line(directive: &str) -> String {
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
