//! Typst: a `#figure(image(…), caption: […])` of the generated SVG (or PNG) with its label, and
//! `#table(…)`s for the verdicts and statistics, from the `typ/` templates; every string from
//! the data or the requirements is escaped for Typst markup (`typ`) or a string literal
//! (`typstr`). Directives in comments, raw text and code strings are left alone, in math
//! refused ([`scan`]). An inline value is set in place after two block comments on its line:
//! its mark holding the directive ([`MARK`]), which `check --document` reads back, and where
//! the value came from.

pub(super) mod scan;

use std::path::Path;

use super::document::{DocumentSyntax, Mark, one_line};
use crate::directive::{Place, Region};
use crate::error::{Location, Result};
use crate::pipeline::DirectiveRun;
use crate::render::Format;
use crate::report::templates::{Templates, escape_typst};
use crate::report::value::Fact;
use crate::request::DirectiveConfig;

/// The block comment that starts an inline value's mark.
const MARK: &str = "/* effgraph-value: ";

/// A Typst document.
pub(super) struct Typst;

/// `text` safe inside a Typst block comment (which nests, so neither `/*` nor `*/` may stay).
fn in_comment(text: &str) -> String {
    crate::error::escape_controls(text)
        .replace("*/", "* /")
        .replace("/*", "/ *")
}

impl DocumentSyntax for Typst {
    fn name(&self) -> &'static str {
        "typ"
    }

    fn source(&self) -> Option<(&'static str, &'static [&'static str])> {
        Some(("typ", &["typ"]))
    }

    fn built_extensions(&self) -> &'static [&'static str] {
        &["typ"]
    }

    fn regions(&self, source: &str) -> Vec<Region> {
        scan::regions(source)
    }

    fn writes_figure_files(&self) -> bool {
        true
    }

    /// Typst places SVG and PNG images.
    fn takes_format(&self, format: Format) -> bool {
        matches!(format, Format::Svg | Format::Png)
    }

    fn render(
        &self,
        run: &DirectiveRun,
        cfg: &DirectiveConfig,
        templates: &Templates,
        figure: Option<&str>,
    ) -> Result<String> {
        let mut context = run.context(cfg)?;
        context.figure = figure.unwrap_or_default().to_string();
        Ok(templates
            .render("typ/figure.typ", &context)?
            .trim()
            .to_string())
    }

    fn error_box(&self, message: &str) -> String {
        format!(
            "#block(stroke: red, inset: 6pt)[*effgraph error:* {}]",
            escape_typst(message)
        )
    }

    fn error_inline(&self, message: &str) -> String {
        format!("*effgraph error: {}*", escape_typst(message))
    }

    fn inline_value(&self, fact: &Fact, directive: &str, _place: Place) -> String {
        format!(
            "{MARK}{} */ /* effgraph: {} */ {}",
            in_comment(&one_line(directive)),
            in_comment(&fact.provenance),
            escape_typst(&fact.text)
        )
    }

    /// Typst output is escaped as it is built.
    fn neutralise(&self, text: &str) -> String {
        text.to_string()
    }

    fn marks(&self, page: &Path, text: &str) -> Vec<Mark> {
        marks(page, text)
    }

    fn written(&self, text: &str) -> String {
        escape_typst(text)
    }

    /// The value runs from after its comments to the end of the line; a stale one is quoted
    /// as far as a value of the length of `now` could reach.
    fn stale(&self, mark: &Mark, now: &str) -> Option<String> {
        (!mark.written.starts_with(now)).then(|| {
            let shown: String = mark
                .written
                .chars()
                .take(now.chars().count() + 12)
                .collect();
            format!("{}…", shown.trim_end())
        })
    }
}

/// Each mark of a document: the directive in the mark's comment, the value after the
/// provenance comment that follows it on the same line.
fn marks(page: &Path, text: &str) -> Vec<Mark> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut from = 0;
        while let Some(k) = line[from..].find(MARK) {
            let at = from + k;
            let body = at + MARK.len();
            let Some(end) = line[body..].find(" */") else {
                break;
            };
            let after = body + end + 3;
            let rest = line[after..].trim_start();
            let value = match rest.strip_prefix("/* effgraph: ") {
                Some(p) => p.find(" */").map_or("", |e| p[e + 3..].trim_start()),
                None => rest,
            };
            let value_start = line.len() - value.len();
            found.push(Mark {
                directive_at: Location::new(page, i + 1, line[..body].chars().count() + 1),
                directive: line[body..body + end].to_string(),
                value_at: Location::new(page, i + 1, line[..value_start].chars().count() + 1),
                written: value.to_string(),
            });
            from = after;
        }
    }
    found
}
