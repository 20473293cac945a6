//! HTML output for mdBook's HTML renderer: the figure inline (SVG, ids unique per figure,
//! alt text as its title) or as a PNG data URI, then the caption, verdicts and tables from
//! the `html/` templates. Blank lines are removed so Markdown keeps it one HTML block.

use crate::directive::keys::DirectiveConfig;
use crate::error::Result;
use crate::pipeline::DirectiveRun;
use crate::render::Format;
use crate::render::scene::Theme;
use crate::report::context::ReportContext;
use crate::report::templates::Templates;

pub fn render(run: &DirectiveRun, cfg: &DirectiveConfig, templates: &Templates) -> Result<String> {
    let mut context = ReportContext::for_directive(&run.analysis, run.drawing.id_prefix(), cfg);
    context.figure = match cfg.format.unwrap_or(Format::Svg) {
        Format::Png => {
            let png = run
                .drawing
                .encode(Format::Png, cfg.dpi)
                .map_err(|m| run.render_error(m))?;
            let width = cfg.figure.size.width_pt;
            format!(
                "<img src=\"data:image/png;base64,{}\" alt=\"{}\" style=\"width:{width}pt;max-width:100%;height:auto;\">",
                base64(&png),
                crate::render::output::escape_xml(&context.alt)
            )
        }
        // PDF and EPS cannot be shown in a page; the same drawing is shown as SVG.
        _ => run
            .drawing
            .svg_for_page(&context.alt, Theme::Light, run.drawing.id_prefix())
            .replacen("<svg ", "<svg style=\"max-width:100%;height:auto;\" ", 1),
    };
    let html = templates.render("html/figure.html", &context)?;
    Ok(html
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::trim_start)
        .collect::<Vec<_>>()
        .join("\n"))
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A visible error box for `on-failure = "continue"`.
pub fn error_box(message: &str) -> String {
    format!(
        "<div class=\"effgraph-error\" role=\"alert\" style=\"border:2px solid #c00000;padding:.5em 1em;color:#c00000;\"><strong>effgraph error</strong>: {}</div>",
        crate::render::output::escape_xml(message)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_the_rfc_examples() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(super::base64(input.as_bytes()), expected);
        }
    }
}
