//! Figures: the efficiency chart (perplexity against FLOPs per token, configurations, Pareto
//! frontiers, requirement targets) drawn with plotters. Text is laid out with the embedded
//! DejaVu Sans, so no system font is read and output is the same on every machine.

mod chart;

use crate::analysis::Analysis;
use crate::results::ResultSet;

pub use chart::{ChartOptions, XScale};

/// The font every figure uses, compiled into the binary.
pub static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub const FONT_FAMILY: &str = "sans-serif";

/// Registers the embedded font with plotters once per process.
fn register_font() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // The font is a fixed, known-good file; failure here is a build defect, not user input.
        plotters::style::register_font(FONT_FAMILY, plotters::style::FontStyle::Normal, FONT)
            .unwrap_or_else(|_| panic!("embedded font is not a valid TrueType file"));
    });
}

/// The chart as an SVG document.
pub fn render_svg(
    analysis: &Analysis,
    results: &ResultSet,
    options: &ChartOptions,
) -> Result<String, String> {
    register_font();
    chart::draw_svg(analysis, results, options)
}
