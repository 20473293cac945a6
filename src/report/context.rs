//! What templates see: an [`Analysis`] turned into plain, already formatted values (numbers
//! with units and `≈` marks, verdict words), so every output syntax shows the same digits.
//! Also the generated caption and alt text, written from the data.

use serde::Serialize;

use crate::analysis::{Analysis, Interpolation, Reading};
use crate::format;
use crate::request::DirectiveConfig;
use crate::results::Axis;
use crate::settings::Tables;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ModelRow {
    pub name: String,
    pub num_configs: usize,
    pub frontier_size: usize,
    pub best_ppl: String,
    pub best_ppl_flops: String,
    pub lowest_flops: String,
    pub lowest_flops_ppl: String,
    pub mean_ppl: String,
    pub mean_flops: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Cell {
    /// `≈2.16 GFLOPs`, `28.43`, or `not reached`.
    pub text: String,
    /// The same in its row's [`TargetRow::unit`], for narrow tables: `≈2.16`, `0.23`.
    pub number: String,
    pub reached: bool,
    pub interpolated: bool,
    /// Why there is no value (empty when reached).
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TargetRow {
    pub target: String,
    /// The unit every [`Cell::number`] of the row is in (`GFLOPs`; empty for perplexity).
    pub unit: String,
    pub cells: Vec<Cell>,
}

/// A row of cost readings whose numbers are all in one `unit` (`(scale, "GFLOPs")`).
fn cost_row(target: String, readings: &[Reading], axis: &Axis, unit: &(f64, String)) -> TargetRow {
    let cells = readings
        .iter()
        .map(|r| {
            let mut c = cell(r, |v| axis.value(v));
            c.number = r.text(|x| format::sig(x / unit.0, 3));
            c
        })
        .collect();
    TargetRow {
        target,
        unit: unit.1.clone(),
        cells,
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct VerdictRow {
    pub id: String,
    pub description: String,
    pub met: bool,
    /// `met`, `not-met` or `inconclusive`, for class names.
    pub state: &'static str,
    /// `✓`, `✗` or `?`.
    pub mark: &'static str,
    /// `met`, `not met` or `inconclusive`.
    pub status: &'static str,
    /// `≈4.62×`, `21.3%`, `≈1.81× [1.62, 2.05]` with repeated runs, `≈2.74× more FLOPs`, or
    /// `Mamba not reached (best 32.25)` (see [`Verdict`](crate::analysis::Verdict)).
    pub value: String,
    pub threshold: String,
    pub reason: String,
    pub interpolated: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReportContext {
    pub id: String,
    pub simulated: bool,
    pub interpolation_note: String,
    /// The axes in words, for headers and captions: `x_title` "FLOPs per token", `x_name`
    /// "FLOPs", `y_title` "Perplexity", `y_name` "perplexity", `y_short` "PPL".
    pub x_title: String,
    pub x_name: String,
    /// `x_title` inside a sentence: "parameters", but "FLOPs per token" as it is.
    pub x_phrase: String,
    pub y_title: String,
    pub y_name: String,
    pub y_short: String,
    pub model_names: Vec<String>,
    pub models: Vec<ModelRow>,
    pub equal_ppl: Vec<TargetRow>,
    pub equal_flops: Vec<TargetRow>,
    pub verdicts: Vec<VerdictRow>,
    pub tables: Tables,
    pub caption: String,
    pub alt: String,
    pub label: String,
    /// Requirements not checked by this directive, and why.
    pub skipped: Vec<String>,
    /// `*` when the directive spans both columns of a LaTeX document (`figure*`), else empty.
    pub span: &'static str,
    /// The figure as the syntax embeds it (inline SVG, a file path, …).
    pub figure: String,
    /// What each analysis beyond the frontiers gives templates, under its name.
    pub parts: std::collections::BTreeMap<String, serde_json::Value>,
}

fn cell(r: &Reading, show: impl Fn(f64) -> String) -> Cell {
    Cell {
        text: r.text(&show),
        number: r.text(&show),
        reached: r.estimate.is_some(),
        interpolated: r.interpolated(),
        reason: r.reason.clone().unwrap_or_default(),
    }
}

impl ReportContext {
    pub(crate) fn new(a: &Analysis, tables: Tables, id: String) -> ReportContext {
        let (x, y) = (&a.axes.x, &a.axes.y);
        let models = model_rows(a);
        let (equal_ppl, equal_flops) = target_rows(a);
        let verdicts = verdict_rows(a);
        ReportContext {
            id,
            simulated: a.simulated,
            interpolation_note: interpolation_note(a),
            x_title: x.title(),
            x_name: x.short(),
            y_title: y.title(),
            x_phrase: x.in_sentence(),
            y_name: y.in_sentence(),
            y_short: y.short(),
            model_names: a.models.iter().map(|m| m.name.clone()).collect(),
            models,
            equal_ppl,
            equal_flops,
            verdicts,
            tables,
            caption: generated_caption(a),
            alt: alt_text(a),
            label: String::new(),
            span: "",
            skipped: Vec::new(),
            figure: String::new(),
            parts: a
                .parts
                .iter()
                .filter_map(|(name, o)| o.context().map(|v| (name.to_string(), v)))
                .collect(),
        }
    }
}

/// Each model's statistics as the tables write them.
fn model_rows(a: &Analysis) -> Vec<ModelRow> {
    let (x, y) = (&a.axes.x, &a.axes.y);
    a.models
        .iter()
        .map(|m| {
            let s = &m.stats;
            ModelRow {
                name: m.name.clone(),
                num_configs: s.num_configs,
                frontier_size: m.frontier.len(),
                best_ppl: y.value(s.best_ppl),
                best_ppl_flops: x.value(s.best_ppl_flops),
                lowest_flops: x.value(s.lowest_flops),
                lowest_flops_ppl: y.value(s.lowest_flops_ppl),
                mean_ppl: y.value(s.mean_ppl),
                mean_flops: x.value(s.mean_flops),
            }
        })
        .collect()
}

/// The rows of the equal-score and the equal-cost tables.
fn target_rows(a: &Analysis) -> (Vec<TargetRow>, Vec<TargetRow>) {
    let (x, y) = (&a.axes.x, &a.axes.y);
    // One unit for the whole table (the largest reading's prefix), so narrow tables can
    // give it once.
    let largest = a
        .equal_y
        .iter()
        .flat_map(|e| e.x.iter().filter_map(Reading::value))
        .fold(0.0, f64::max);
    let unit = x.table_unit(largest);
    let equal_ppl = a
        .equal_y
        .iter()
        .map(|e| {
            let target = format!("{} {}", y.short(), format::sig(e.target_y, 4));
            cost_row(target, &e.x, x, &unit)
        })
        .collect();
    let equal_flops = a
        .equal_x
        .iter()
        .map(|e| TargetRow {
            target: x.value(e.target_x),
            unit: String::new(),
            cells: e.y.iter().map(|r| cell(r, |v| y.value(v))).collect(),
        })
        .collect();
    (equal_ppl, equal_flops)
}

/// Each requirement's verdict as the verdict lists write it.
fn verdict_rows(a: &Analysis) -> Vec<VerdictRow> {
    a.verdicts
        .iter()
        .map(|v| {
            let r = &v.requirement;
            VerdictRow {
                id: r.id.clone(),
                description: r.description.clone(),
                met: v.met,
                state: v.state(),
                mark: v.mark(),
                status: v.status(),
                value: v.value_with_interval(),
                threshold: v.threshold_text(),
                reason: v.reason.clone(),
                interpolated: v.interpolated,
            }
        })
        .collect()
}

/// What `≈` means in this analysis' tables.
fn interpolation_note(a: &Analysis) -> String {
    let (x, y) = (&a.axes.x, &a.axes.y);
    if a.read_from.is_some() {
        return "values are read from each model's fitted law (from fit), with the 95% interval of the prediction; extrapolated ones say how far beyond the largest run".to_string();
    }
    match a.interpolation {
        Interpolation::Power => format!(
            "≈ marks values interpolated as a power law (log {} linear in log {}) between Pareto-frontier points",
            y.in_sentence(),
            x.short()
        ),
        Interpolation::Log => format!(
            "≈ marks values interpolated linearly in log {} between Pareto-frontier points",
            x.short()
        ),
        Interpolation::Step => "values are measured Pareto-frontier points (step mode)".to_string(),
    }
}

impl ReportContext {
    /// The context of one directive's analysis (its figure's element ids start with `id`):
    /// its tables, and its own caption, alt text and label when given.
    pub(crate) fn for_directive(a: &Analysis, id: &str, cfg: &DirectiveConfig) -> ReportContext {
        let id = id.trim_end_matches('-').to_string();
        let mut context = ReportContext::new(a, cfg.tables, id);
        if let Some(alt) = &cfg.alt {
            context.alt = alt.clone();
        }
        if let Some(caption) = &cfg.caption {
            context.caption = caption.clone();
        }
        context.label = cfg.label.clone().unwrap_or_default();
        context.span = if cfg.full_span { "*" } else { "" };
        context
    }
}

/// "Perplexity against FLOPs per token for a and b; lines are Pareto frontiers."
pub(crate) fn generated_caption(a: &Analysis) -> String {
    let names: Vec<&str> = a.models.iter().map(|m| m.name.as_str()).collect();
    let mut caption = format!(
        "{} against {} for {}; lines are Pareto frontiers.",
        a.axes.y.title(),
        a.axes.x.in_sentence(),
        crate::format::list(&names)
    );
    if a.has_intervals() {
        caption.push_str(
            " Points are means of repeated runs; error bars show ±1 standard error; intervals in brackets are 95% bootstrap intervals.",
        );
    }
    if a.simulated {
        caption.push_str(" Simulated data, not measurements.");
    }
    caption
}

/// A description of the figure for screen readers, written from the data.
pub(crate) fn alt_text(a: &Analysis) -> String {
    let mut parts = Vec::new();
    let simulated = if a.simulated { " (simulated data)" } else { "" };
    let y = a.axes.y.in_sentence();
    let models: Vec<String> = a
        .models
        .iter()
        .map(|m| {
            format!(
                "{}: {} configurations, best {y} {} at {}, cheapest {} at {y} {}",
                m.name,
                m.stats.num_configs,
                a.axes.y.value(m.stats.best_ppl),
                a.axes.x.value(m.stats.best_ppl_flops),
                a.axes.x.value(m.stats.lowest_flops),
                a.axes.y.value(m.stats.lowest_flops_ppl)
            )
        })
        .collect();
    parts.push(format!(
        "Chart of {y} against {}{simulated}. {}.",
        a.axes.x.in_sentence(),
        models.join("; ")
    ));
    for v in &a.verdicts {
        let r = &v.requirement;
        let at = r.metric.target().describe_in_words(&a.axes);
        parts.push(format!(
            "Requirement {} {at} {}: {}.",
            r.id,
            v.status(),
            v.reason
        ));
    }
    parts.join(" ")
}
