//! Markdown: a chapter for one of mdBook's renderers other than HTML (`PAGE`, the figure
//! described in words) and a Markdown file `effgraph expand` writes (`FILE`, the figure as
//! an image file beside it). Directives are found by pulldown-cmark ([`scan`]); caption,
//! verdicts and tables come from the `md/` templates, every string escaped. Values carry no
//! marks: a Markdown file is plain text.

pub(super) mod scan;

use super::document::DocumentSyntax;
use crate::directive::{Place, Region};
use crate::error::Result;
use crate::pipeline::DirectiveRun;
use crate::report::templates::{Templates, escape_md, escape_md_punctuation};
use crate::report::value::Fact;
use crate::request::DirectiveConfig;

/// Markdown: a chapter for an mdBook renderer other than HTML (`file: false`), or a file
/// `effgraph expand` writes, with the figure as an image file beside it (`file: true`).
pub(super) struct Markdown {
    file: bool,
}

/// A chapter for an mdBook renderer other than HTML.
pub(super) const PAGE: Markdown = Markdown { file: false };

/// A Markdown file expanded by `effgraph expand`.
pub(super) const FILE: Markdown = Markdown { file: true };

impl DocumentSyntax for Markdown {
    fn name(&self) -> &'static str {
        if self.file { "mdfile" } else { "md" }
    }

    fn source(&self) -> Option<(&'static str, &'static [&'static str])> {
        self.file.then_some(("md", &["md", "markdown"]))
    }

    fn regions(&self, source: &str) -> Vec<Region> {
        scan::regions(source)
    }

    fn writes_figure_files(&self) -> bool {
        self.file
    }

    fn render(
        &self,
        run: &DirectiveRun,
        cfg: &DirectiveConfig,
        templates: &Templates,
        figure: Option<&str>,
    ) -> Result<String> {
        render(run, cfg, templates, figure)
    }

    fn error_box(&self, message: &str) -> String {
        format!("> **effgraph error**: {}", escape_md(message))
    }

    fn error_inline(&self, message: &str) -> String {
        format!("**effgraph error: {}**", escape_md(message))
    }

    /// The value's text, escaped (its `|` too, so a table cell stays one); inside a link's
    /// title or an image's alt text, every punctuation character escaped.
    fn inline_value(&self, fact: &Fact, _directive: &str, place: Place) -> String {
        match place {
            Place::Text | Place::TableCell => escape_md(&fact.text),
            Place::Attribute => escape_md_punctuation(&fact.text),
        }
    }
}

/// `figure`: the image file's path relative to the output, when there is one.
fn render(
    run: &DirectiveRun,
    cfg: &DirectiveConfig,
    templates: &Templates,
    figure: Option<&str>,
) -> Result<String> {
    let mut context = run.context(cfg)?;
    context.figure = figure.unwrap_or_default().to_string();
    let text = templates.render("md/figure.md", &context)?;
    Ok(text.trim().to_string())
}
