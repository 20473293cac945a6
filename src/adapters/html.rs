//! HTML output for mdBook's HTML renderer: the figure as a light and a dark drawing (SVG or
//! PNG data inside a small inline SVG named by the alt text; the page's theme shows one),
//! then the caption, verdicts and tables from the `html/` templates. Blank lines are removed
//! so Markdown keeps it one HTML block.

use base64::prelude::{BASE64_STANDARD, Engine as _};

use crate::directive::keys::DirectiveConfig;
use crate::error::Result;
use crate::pipeline::DirectiveRun;
use crate::render::Format;
use crate::render::output::{escape_xml, num};
use crate::report::context::ReportContext;
use crate::report::templates::Templates;

pub fn render(run: &DirectiveRun, cfg: &DirectiveConfig, templates: &Templates) -> Result<String> {
    let mut context = ReportContext::for_directive(&run.analysis, run.drawing.id_prefix(), cfg);
    context.skipped = run.skipped.clone();
    context.caption = run.caption(&context.caption)?;
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
pub fn error_box(message: &str) -> String {
    format!(
        // Text in the theme's colour, the border in vermillion: readable in every theme.
        "<div class=\"effgraph-error\" role=\"alert\" style=\"border:2px solid #d55e00;border-left-width:6px;padding:.5em 1em;\"><strong>effgraph error</strong>: {}</div>",
        escape_xml(message)
    )
}
