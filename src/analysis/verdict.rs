//! Requirement verdicts: the metric's value computed on the two models' frontiers, whether it
//! meets the threshold, and a reason a reader understands (including why there is no value).

use super::interpolate::Interpolation;
use super::model::{ModelAnalysis, Reading};
use crate::error::Result;
use crate::requirements::{Requirement, Requirements};

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
            .map(|x| format!("{approx}{}", self.requirement.metric.show(x)))
    }

    /// `✓` or `✗`.
    pub fn mark(&self) -> &'static str {
        if self.met { "✓" } else { "✗" }
    }

    /// `met` or `not met`.
    pub fn status(&self) -> &'static str {
        if self.met { "met" } else { "not met" }
    }

    /// The threshold with its unit: `2×`, `25%`.
    pub fn threshold_text(&self) -> String {
        self.requirement.metric.show(self.requirement.threshold)
    }
}

fn find<'a>(
    models: &'a [ModelAnalysis],
    name: &str,
    at: &crate::error::Location,
) -> Result<&'a ModelAnalysis> {
    models.iter().find(|m| m.name == name).ok_or_else(|| {
        crate::requirements::unknown_model(name, at, models.iter().map(|m| m.name.as_str()))
    })
}

fn judge(
    r: &Requirement,
    cand: &ModelAnalysis,
    base: &ModelAnalysis,
    mode: Interpolation,
) -> Verdict {
    let target = r.metric.target();
    let (candidate, baseline) = (cand.read(target, mode), base.read(target, mode));
    let value = candidate
        .value()
        .zip(baseline.value())
        .map(|(c, b)| r.metric.value(c, b, cand.axes.better));
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
                    target.show_reading(reading.value().unwrap_or(f64::NAN), &cand.axes)
                )
            };
            let at = target.describe(&cand.axes);
            let shown = r.metric.show(v);
            let shown_threshold = r.metric.show(r.threshold);
            let relation = if met { "≥" } else { "<" };
            let approx = if interpolated { "≈" } else { "" };
            format!(
                "{}, {} {at}: {approx}{shown} {relation} {shown_threshold}",
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
