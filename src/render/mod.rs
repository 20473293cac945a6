//! Figures: the efficiency chart (perplexity against FLOPs per token, configurations, Pareto
//! frontiers, requirement targets) drawn once with plotters as SVG, then written as SVG, PDF,
//! PNG or EPS from that one drawing. Text is laid out with the embedded DejaVu Sans, so no
//! system font is read and every format is byte-identical from run to run.

mod axes;
mod canvas;
mod chart;
mod fonts;
pub mod output;
mod panel;
pub mod placement;
mod plot;
mod shading;
pub mod style;

use crate::analysis::Analysis;

pub use axes::ScaleChoice;
pub use chart::FigureOptions;
pub use fonts::{FONT, FONT_FAMILY, FONT_NAME};
pub use output::{Drawing, Format};
pub use style::FigureSize;

/// The chart as plotters drew it: an SVG at `SCALE` pixels per point, text as `<text>`.
pub fn draw_svg(analysis: &Analysis, options: &FigureOptions) -> Result<String, String> {
    fonts::register_font();
    chart::draw_svg(analysis, options)
}

/// The figure's plain-text title: the user's, or a default; simulated data says so.
pub fn figure_title(analysis: &Analysis, options: &FigureOptions) -> String {
    let title = options
        .title
        .clone()
        .unwrap_or_else(|| "Perplexity vs FLOPs per token".into());
    if analysis.simulated {
        format!("{title} (SIMULATED DATA)")
    } else {
        title
    }
}

/// Draws the figure once, ready to be encoded in any [`Format`]. Its SVG id prefix comes from
/// the drawing itself, so different figures never share ids and one figure's bytes do not
/// depend on where it is written.
pub fn render_figure(analysis: &Analysis, options: &FigureOptions) -> Result<Drawing, String> {
    let svg = draw_svg(analysis, options)?;
    let prefix = id_prefix(svg.as_bytes());
    Drawing::parse(&svg, options.size, &figure_title(analysis, options), prefix)
}

/// A short id prefix that differs between different figures and is stable for one figure, so
/// several inline SVGs on one page never share an id.
pub fn id_prefix(seed: &[u8]) -> String {
    // FNV-1a: tiny, dependency-free, and stable across platforms and releases.
    let hash = seed.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("eg{:08x}-", hash >> 32)
}
