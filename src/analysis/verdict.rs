//! Requirement verdicts: the metric's value computed on the two models' frontiers, whether it
//! meets the threshold, and a reason a reader understands (including why there is no value).

use super::interpolate::Interpolation;
use super::{ModelAnalysis, Reading};
use crate::error::{Error, Result};
use crate::format;
use crate::requirements::{Metric, Requirement, Requirements};

#[derive(Debug, Clone)]
pub struct Verdict {
    pub requirement: Requirement,
    /// `None` when either model has no reading at the target.
    pub value: Option<f64>,
    /// True when either side of the value was interpolated.
    pub interpolated: bool,
    pub met: bool,
    pub reason: String,
    pub candidate: Reading,
    pub baseline: Reading,
}

pub(super) fn evaluate(
    models: &[ModelAnalysis],
    requirements: &Requirements,
    mode: Interpolation,
) -> Result<Vec<Verdict>> {
    requirements
        .list
        .iter()
        .map(|r| {
            let candidate = find(models, &r.candidate, &r.candidate_at)?;
            let baseline = find(models, &r.baseline, &r.baseline_at)?;
            Ok(judge(r, candidate, baseline, mode))
        })
        .collect()
}

impl Verdict {
    /// The value with its unit and `≈` when interpolated (`≈4.62×`, `21.3%`); `None` when
    /// a model did not reach the target.
    pub fn value_text(&self) -> Option<String> {
        let approx = if self.interpolated { "≈" } else { "" };
        self.value
            .map(|x| format!("{approx}{}", show_value(self.requirement.metric, x)))
    }
}

fn find<'a>(
    models: &'a [ModelAnalysis],
    name: &str,
    at: &crate::error::Location,
) -> Result<&'a ModelAnalysis> {
    models.iter().find(|m| m.name == name).ok_or_else(|| {
        let known: Vec<&str> = models.iter().map(|m| m.name.as_str()).collect();
        Error::Requirements {
            location: at.clone(),
            message: format!(
                "unknown model `{name}` (the results have: {})",
                known.join(", ")
            ),
        }
    })
}

fn judge(
    r: &Requirement,
    cand: &ModelAnalysis,
    base: &ModelAnalysis,
    mode: Interpolation,
) -> Verdict {
    let (candidate, baseline) = match r.metric {
        Metric::FlopsRatio { at_ppl } => (
            cand.flops_to_reach(at_ppl, mode),
            base.flops_to_reach(at_ppl, mode),
        ),
        Metric::PplReductionPct { at_flops } => (
            cand.ppl_at_budget(at_flops, mode),
            base.ppl_at_budget(at_flops, mode),
        ),
    };
    let value = candidate
        .value()
        .zip(baseline.value())
        .map(|(c, b)| match r.metric {
            Metric::FlopsRatio { .. } => b / c,
            Metric::PplReductionPct { .. } => (b - c) / b * 100.0,
        });
    let describe = |x: f64| match r.metric {
        Metric::FlopsRatio { .. } => format::flops(x),
        Metric::PplReductionPct { .. } => format!("PPL {}", format::ppl(x)),
    };
    // Only a value can be interpolated; a missing one is just missing.
    let interpolated = value.is_some() && (candidate.interpolated() || baseline.interpolated());
    let met = value.is_some_and(|v| v >= r.threshold);
    let reason = match value {
        None => [&candidate.reason, &baseline.reason]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join("; "),
        Some(v) => {
            let side = |name: &str, reading: &Reading| {
                let mark = if reading.interpolated() { "≈" } else { "" };
                format!(
                    "{name} {mark}{}",
                    describe(reading.value().unwrap_or(f64::NAN))
                )
            };
            let target = match r.metric {
                Metric::FlopsRatio { at_ppl } => format!("at PPL {}", format::sig(at_ppl, 4)),
                Metric::PplReductionPct { at_flops } => format!("at {}", format::flops(at_flops)),
            };
            let shown = show_value(r.metric, v);
            let shown_threshold = show_value(r.metric, r.threshold);
            let relation = if met { "≥" } else { "<" };
            let approx = if interpolated { "≈" } else { "" };
            format!(
                "{}, {} {target}: {approx}{shown} {relation} {shown_threshold}",
                side(&r.candidate, &candidate),
                side(&r.baseline, &baseline),
            )
        }
    };
    Verdict {
        requirement: r.clone(),
        value,
        interpolated,
        met,
        reason,
        candidate,
        baseline,
    }
}

/// A metric value with its unit: `4.62×` for a FLOPs ratio, `21.3%` for a PPL reduction.
pub fn show_value(metric: Metric, x: f64) -> String {
    match metric {
        Metric::FlopsRatio { .. } => format::ratio(x),
        Metric::PplReductionPct { .. } => format::percent(x),
    }
}
