//! HTML output for mdBook's HTML renderer: the figure as two images (a light and a dark
//! drawing, SVG or PNG data URIs, the alt text on both; the page's theme shows one), then the
//! caption, verdicts and tables from the `html/` templates. Blank lines are removed so
//! Markdown keeps it one HTML block.

use base64::prelude::{BASE64_STANDARD, Engine as _};

use crate::directive::keys::DirectiveConfig;
use crate::error::Result;
use crate::pipeline::DirectiveRun;
use crate::render::Format;
use crate::render::scene::Theme;
use crate::report::context::ReportContext;
use crate::report::templates::Templates;

pub fn render(run: &DirectiveRun, cfg: &DirectiveConfig, templates: &Templates) -> Result<String> {
    let mut context = ReportContext::for_directive(&run.analysis, run.drawing.id_prefix(), cfg);
    context.skipped = run.skipped.clone();
    // A light and a dark drawing, as images (one attribute each, which mdBook's HTML pass and
    // search index skip, unlike thousands of inline SVG elements); the theme shows one.
    let width = cfg.figure.size.width_pt;
    let image = |theme: Theme, bytes: Vec<u8>, mime: &str| {
        let class = match theme {
            Theme::Light => "effgraph-light",
            Theme::Dark => "effgraph-dark",
        };
        format!(
            "<img class=\"{class}\" src=\"data:{mime};base64,{}\" alt=\"{}\" width=\"{}\">",
            BASE64_STANDARD.encode(&bytes),
            crate::render::output::escape_xml(&context.alt),
            // CSS pixels are 1/96 in; the figure is drawn in points (1/72 in).
            (width * 96.0 / 72.0).round()
        )
    };
    context.figure = [Theme::Light, Theme::Dark]
        .into_iter()
        .map(|theme| match cfg.format.unwrap_or(Format::Svg) {
            Format::Png => run
                .drawing
                .png(cfg.dpi, theme)
                .map(|png| image(theme, png, "image/png")),
            // PDF and EPS cannot be shown in a page; the same drawing is shown as SVG.
            _ => {
                let svg = run
                    .drawing
                    .svg_for_page(&context.alt, theme, run.drawing.id_prefix());
                Ok(image(theme, svg.into_bytes(), "image/svg+xml"))
            }
        })
        .collect::<std::result::Result<Vec<_>, String>>()
        .map_err(|m| run.render_error(m))?
        .join("\n");
    let html = templates.render("html/figure.html", &context)?;
    Ok(html
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::trim_start)
        .collect::<Vec<_>>()
        .join("\n"))
}

/// A visible error box for `on-failure = "continue"`.
pub fn error_box(message: &str) -> String {
    format!(
        // Text in the theme's colour, the border in vermillion: readable in every theme.
        "<div class=\"effgraph-error\" role=\"alert\" style=\"border:2px solid #d55e00;border-left-width:6px;padding:.5em 1em;\"><strong>effgraph error</strong>: {}</div>",
        crate::render::output::escape_xml(message)
    )
}
