//! What templates see: an [`Analysis`] turned into plain, already formatted values (numbers
//! with units and `≈` marks, verdict words), so every output syntax shows the same digits.
//! Also the generated caption and alt text, written from the data.

use serde::Serialize;

use crate::analysis::{Analysis, Interpolation, Reading};
use crate::directive::keys::DirectiveConfig;
use crate::format;
use crate::settings::Tables;

#[derive(Debug, Clone, Serialize)]
pub struct ModelRow {
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
pub struct Cell {
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
pub struct TargetRow {
    pub target: String,
    /// The unit every [`Cell::number`] of the row is in (`GFLOPs`; empty for perplexity).
    pub unit: String,
    pub cells: Vec<Cell>,
}

/// A row of FLOPs readings in one SI unit, `(scale, prefix)`.
fn flops_row(target: String, readings: &[Reading], (scale, prefix): (f64, &str)) -> TargetRow {
    let cells = readings
        .iter()
        .map(|r| {
            let mut c = cell(r, format::flops);
            c.number = r.text(|x| format::sig(x / scale, 3));
            c
        })
        .collect();
    TargetRow {
        target,
        unit: format!("{prefix}FLOPs"),
        cells,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct VerdictRow {
    pub id: String,
    pub description: String,
    pub met: bool,
    /// `✓` or `✗`.
    pub mark: &'static str,
    /// `met` or `not met`.
    pub status: &'static str,
    /// `≈4.62×`, `21.3%`, or `none`.
    pub value: String,
    pub threshold: String,
    pub reason: String,
    pub interpolated: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportContext {
    pub id: String,
    pub simulated: bool,
    pub interpolation_note: &'static str,
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
}

fn cell(r: &Reading, show: fn(f64) -> String) -> Cell {
    Cell {
        text: r.text(show),
        number: r.text(show),
        reached: r.estimate.is_some(),
        interpolated: r.interpolated(),
        reason: r.reason.clone().unwrap_or_default(),
    }
}

impl ReportContext {
    pub fn new(a: &Analysis, tables: Tables, id: String) -> ReportContext {
        let models = a
            .models
            .iter()
            .map(|m| {
                let s = &m.stats;
                ModelRow {
                    name: m.name.clone(),
                    num_configs: s.num_configs,
                    frontier_size: m.frontier.len(),
                    best_ppl: format::ppl(s.best_ppl),
                    best_ppl_flops: format::flops(s.best_ppl_flops),
                    lowest_flops: format::flops(s.lowest_flops),
                    lowest_flops_ppl: format::ppl(s.lowest_flops_ppl),
                    mean_ppl: format::ppl(s.mean_ppl),
                    mean_flops: format::flops(s.mean_flops),
                }
            })
            .collect();
        // One unit for the whole table (the largest reading's prefix), so narrow tables can
        // give it once.
        let largest = a
            .equal_y
            .iter()
            .flat_map(|e| e.x.iter().filter_map(Reading::value))
            .fold(0.0, f64::max);
        let unit = format::si_prefix(largest);
        let equal_ppl = a
            .equal_y
            .iter()
            .map(|e| flops_row(format!("PPL {}", format::sig(e.target_y, 4)), &e.x, unit))
            .collect();
        let equal_flops = a
            .equal_x
            .iter()
            .map(|e| TargetRow {
                target: format::flops(e.target_x),
                unit: String::new(),
                cells: e.y.iter().map(|r| cell(r, format::ppl)).collect(),
            })
            .collect();
        let verdicts = a
            .verdicts
            .iter()
            .map(|v| {
                let r = &v.requirement;
                VerdictRow {
                    id: r.id.clone(),
                    description: r.description.clone(),
                    met: v.met,
                    mark: v.mark(),
                    status: v.status(),
                    value: v.value_text().unwrap_or_else(|| "none".into()),
                    threshold: v.threshold_text(),
                    reason: v.reason.clone(),
                    interpolated: v.interpolated,
                }
            })
            .collect();
        ReportContext {
            id,
            simulated: a.simulated,
            interpolation_note: match a.interpolation {
                Interpolation::Power => {
                    "≈ marks values interpolated as a power law (log perplexity linear in log FLOPs) between Pareto-frontier points"
                }
                Interpolation::Log => {
                    "≈ marks values interpolated linearly in log FLOPs between Pareto-frontier points"
                }
                Interpolation::Step => "values are measured Pareto-frontier points (step mode)",
            },
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
        }
    }
}

impl ReportContext {
    /// The context of one directive's analysis (its figure's element ids start with `id`):
    /// its tables, and its own caption, alt text and label when given.
    pub fn for_directive(a: &Analysis, id: &str, cfg: &DirectiveConfig) -> ReportContext {
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

fn list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "Perplexity against FLOPs per token for a and b; lines are Pareto frontiers."
pub fn generated_caption(a: &Analysis) -> String {
    let names: Vec<&str> = a.models.iter().map(|m| m.name.as_str()).collect();
    let mut caption = format!(
        "Perplexity against FLOPs per token for {}; lines are Pareto frontiers.",
        list(&names)
    );
    if a.simulated {
        caption.push_str(" Simulated data, not measurements.");
    }
    caption
}

/// A description of the figure for screen readers, written from the data.
pub fn alt_text(a: &Analysis) -> String {
    let mut parts = Vec::new();
    let simulated = if a.simulated { " (simulated data)" } else { "" };
    let models: Vec<String> = a
        .models
        .iter()
        .map(|m| {
            format!(
                "{}: {} configurations, best perplexity {} at {}, cheapest {} at perplexity {}",
                m.name,
                m.stats.num_configs,
                format::ppl(m.stats.best_ppl),
                format::flops(m.stats.best_ppl_flops),
                format::flops(m.stats.lowest_flops),
                format::ppl(m.stats.lowest_flops_ppl)
            )
        })
        .collect();
    parts.push(format!(
        "Chart of perplexity against FLOPs per token{simulated}. {}.",
        models.join("; ")
    ));
    for v in &a.verdicts {
        let r = &v.requirement;
        let at = r.metric.target().describe_in_words();
        parts.push(format!(
            "Requirement {} {at} {}: {}.",
            r.id,
            v.status(),
            v.reason
        ));
    }
    parts.join(" ")
}
