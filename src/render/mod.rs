//! Figures: the efficiency chart (perplexity against FLOPs per token, configurations, Pareto
//! frontiers, requirement targets), laid out once in points as a `scene::Scene` and written
//! as SVG, PDF, PNG or EPS from that one scene. Text is set in the embedded fonts, so no
//! system font is read and every format is byte-identical from run to run.

mod axes;
mod canvas;
mod chart;
pub(crate) mod fonts;
mod legend;
pub(crate) mod output;
pub(crate) mod placement;
mod plot;
mod plotting;
pub(crate) mod scene;
mod shading;
pub mod style;

use crate::analysis::Analysis;

pub(crate) use axes::ScaleChoice;
pub use chart::{FigureOptions, LegendMode};
pub(crate) use fonts::{Family, FontChoice};
pub use output::{Drawing, Format};
pub use plot::frontier_curve;
pub use style::{FigureSize, FontSize, ModelStyle, StyleSpec, Styles};

/// The figure's plain-text title: the user's, or a default; simulated data says so.
pub(crate) fn figure_title(analysis: &Analysis, options: &FigureOptions) -> String {
    let title = options
        .title
        .clone()
        .unwrap_or_else(|| format!("{} vs {}", analysis.axes.y.title(), analysis.axes.x.title()));
    if analysis.simulated {
        format!("{title} (SIMULATED DATA)")
    } else {
        title
    }
}

/// Draws the figure once, ready to be encoded in any [`Format`]; `description` (the alt text)
/// goes into formats that carry one. The SVG id prefix comes from the drawing itself, so
/// different figures never share ids and one figure's bytes do not depend on where it is
/// written.
pub fn render_figure(analysis: &Analysis, options: &FigureOptions, description: &str) -> Drawing {
    let mut scene = chart::draw(analysis, options);
    scene.title = figure_title(analysis, options);
    scene.description = description.to_string();
    output::Drawing::new(scene, id_prefix)
}

/// A short id prefix that differs between different figures and is stable for one figure, so
/// several inline SVGs on one page never share an id.
pub(crate) fn id_prefix(seed: &[u8]) -> String {
    // FNV-1a: tiny, dependency-free, and stable across platforms and releases.
    let hash = seed.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("eg{:08x}-", hash >> 32)
}

/// The perplexity axis' label from the records' `metric` names (`lambada_ppl` →
/// `LAMBADA perplexity ↓`), when they all name one.
pub(crate) fn quality_label(metrics: &[String]) -> Option<String> {
    let [metric] = metrics else { return None };
    let dataset = metric
        .trim_end_matches("_ppl")
        .trim_end_matches("_perplexity")
        .trim_end_matches("-ppl");
    let known = [
        ("lambada", "LAMBADA"),
        ("lambada_openai", "LAMBADA"),
        ("wikitext103", "WikiText-103"),
        ("wikitext", "WikiText"),
        ("pile", "Pile"),
        ("c4", "C4"),
        ("ptb", "PTB"),
    ];
    let name = known
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(dataset))
        .map_or_else(|| dataset.replace('_', " "), |(_, n)| n.to_string());
    Some(format!("{name} perplexity ↓"))
}
