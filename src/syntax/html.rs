//! HTML for mdBook's HTML renderer: the chapter is Markdown (directives found as in
//! [`super::markdown`]); a directive becomes the figure as a light and a dark drawing (SVG or
//! PNG data inside a small inline SVG named by the alt text; the page's theme shows one),
//! then the caption, verdicts and tables from the `html/` templates, with blank lines removed
//! so Markdown keeps it one HTML block. An inline value is a `span` whose first attribute
//! holds its directive ([`MARK`]), which `check --document` reads back from a built page.

use std::path::Path;

use base64::prelude::{BASE64_STANDARD, Engine as _};

use super::document::{DocumentSyntax, Mark, Page, one_line};
use crate::directive::{Place, Region};
use crate::error::{Location, Result};
use crate::pipeline::DirectiveRun;
use crate::render::Format;
use crate::render::output::{escape_xml, num};
use crate::report::templates::{Templates, escape_md_punctuation};
use crate::report::value::Fact;
use crate::request::DirectiveConfig;

/// An inline value's element with the attribute holding its directive. Data reach HTML only
/// escaped (no raw quote), so this exact text comes from effgraph's own markup.
const MARK: &str = "<span class=\"effgraph-value\" data-effgraph=\"";

/// A chapter for mdBook's HTML renderer.
pub(super) struct Html;

impl DocumentSyntax for Html {
    fn name(&self) -> &'static str {
        "html"
    }

    fn built_extensions(&self) -> &'static [&'static str] {
        &["html", "htm"]
    }

    fn regions(&self, source: &str) -> Vec<Region> {
        super::markdown::scan::regions(source)
    }

    fn render(
        &self,
        run: &DirectiveRun,
        cfg: &DirectiveConfig,
        templates: &Templates,
        _figure: Option<&str>,
    ) -> Result<String> {
        render(run, cfg, templates)
    }

    fn error_box(&self, message: &str) -> String {
        error_box(message)
    }

    fn error_inline(&self, message: &str) -> String {
        format!(
            "<strong class=\"effgraph-error\" role=\"alert\">effgraph error: {}</strong>",
            escape_xml(message)
        )
    }

    /// A `span` with the directive, where the value came from as a hover title, and the
    /// value; in a table cell with no `|` that would split the cell; in an attribute (a
    /// link's title, an image's alt text) the bare words, as Markdown writes them.
    fn inline_value(&self, fact: &Fact, directive: &str, place: Place) -> String {
        let span = || {
            format!(
                "{MARK}{}\" title=\"{}\">{}</span>",
                escape_xml(&one_line(directive)),
                escape_xml(&fact.provenance),
                escape_xml(&fact.text)
            )
        };
        match place {
            Place::Text => span(),
            Place::TableCell => span().replace('|', "&#124;"),
            Place::Attribute => escape_md_punctuation(&fact.text),
        }
    }

    /// The figure's `id` unique on the page, and the style sheet with the page's first figure.
    fn page_block(&self, replacement: String, page: &mut Page, templates: &Templates) -> String {
        let replacement = unique_figure_id(replacement, &mut page.ids);
        if std::mem::replace(&mut page.styled, true) {
            return replacement;
        }
        format!(
            "<style>\n{}</style>\n{replacement}",
            self.neutralise(&templates.style.replace("</", "<\\/"))
        )
    }

    fn built_in_a_book(&self) -> bool {
        true
    }

    fn marks(&self, page: &Path, text: &str) -> Vec<Mark> {
        marks(page, text)
    }
}

/// Each marked value of a built page: its directive from the attribute, its text from the
/// element.
fn marks(page: &Path, text: &str) -> Vec<Mark> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find(MARK).map(|i| i + from) {
        let start = at + MARK.len();
        let Some(len) = text[start..].find('"') else {
            break;
        };
        let Some(open_end) = text[start..].find('>').map(|i| start + i + 1) else {
            break;
        };
        let Some(close) = text[open_end..].find("</span>").map(|i| open_end + i) else {
            break;
        };
        from = close;
        found.push(Mark {
            directive_at: Location::at_offset(page, text, start),
            directive: unescape_html(&text[start..start + len]),
            value_at: Location::at_offset(page, text, at),
            written: unescape_html(&text[open_end..close]),
        });
    }
    found
}

fn unescape_html(s: &str) -> String {
    s.replace("&#123;", "{")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// `html` with its figure's `id` made unique among the `ids` the page already has (the same
/// figure may be shown twice): `eg1234-2` for the second.
fn unique_figure_id(html: String, ids: &mut Vec<String>) -> String {
    const START: &str = "<figure class=\"effgraph\" id=\"";
    let Some(at) = html.find(START).map(|i| i + START.len()) else {
        return html;
    };
    let Some(len) = html[at..].find('"') else {
        return html;
    };
    let id = html[at..at + len].to_string();
    let unique = (1..)
        .map(|n| {
            if n == 1 {
                id.clone()
            } else {
                format!("{id}-{n}")
            }
        })
        .find(|candidate| !ids.contains(candidate))
        .expect("some suffix is free");
    ids.push(unique.clone());
    format!("{}{unique}{}", &html[..at], &html[at + len..])
}

fn render(run: &DirectiveRun, cfg: &DirectiveConfig, templates: &Templates) -> Result<String> {
    let mut context = run.context(cfg)?;
    context.figure = figure(run, cfg, &context.alt)?;
    let html = templates.render("html/figure.html", &context)?;
    Ok(html
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::trim_start)
        .collect::<Vec<_>>()
        .join("\n"))
}

/// The figure: a small inline `<svg>` (its accessible name the alt text) showing one half of
/// an image that holds the figure on a light page and on a dark page side by side (SVG, or
/// PNG with `format=png`); the page's theme moves the image to show its half. An image keeps
/// the figure's thousands of shapes out of the page: mdBook parses, indexes and copies into
/// `print.html` one attribute instead. `<image>` rather than `<img>`, because mdBook rewrites
/// every `img` source for its print page with a regular expression whose cost grows with
/// the source's length.
fn figure(run: &DirectiveRun, cfg: &DirectiveConfig, alt: &str) -> Result<String> {
    let scene = run.drawing.scene();
    let (w, h) = (num(scene.width), num(scene.height));
    let (mime, bytes) = run
        .drawing
        .light_and_dark(cfg.format.unwrap_or(Format::Svg), cfg.dpi)
        .map_err(|m| run.render_error(m))?;
    Ok(format!(
        "<svg class=\"effgraph-figure\" viewBox=\"0 0 {w} {h}\" width=\"{}\" role=\"img\" aria-label=\"{}\">\n\
         <image width=\"{}\" height=\"{h}\" href=\"data:{mime};base64,{}\"/>\n</svg>",
        // CSS pixels are 1/96 in; the figure is drawn in points (1/72 in).
        (scene.width * 96.0 / 72.0).round(),
        escape_xml(alt),
        num(2.0 * scene.width),
        BASE64_STANDARD.encode(&bytes)
    ))
}

/// A visible error box for `on-failure = "continue"`.
fn error_box(message: &str) -> String {
    format!(
        // Text in the theme's colour, the border in vermillion: readable in every theme.
        "<div class=\"effgraph-error\" role=\"alert\" style=\"border:2px solid #d55e00;border-left-width:6px;padding:.5em 1em;\"><strong>effgraph error</strong>: {}</div>",
        escape_xml(message)
    )
}
