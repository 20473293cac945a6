//! Requirement verdicts: the metric's value computed on the two models' frontiers, whether it
//! meets the threshold, and a reason a reader understands (including why there is no value).

use super::interpolate::Interpolation;
use super::interval::{Interval, LEVEL};
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
    /// True only when the requirement is met (with repeats: the whole interval passes).
    pub met: bool,
    /// Met, not met, or (with repeats) inconclusive.
    pub status: Status,
    /// The bootstrap's confidence interval of the value, when runs were repeated.
    pub interval: Option<Interval>,
    pub reason: String,
    pub candidate: Reading,
    pub baseline: Reading,
}

/// A verdict: met, not met, or, when the value's confidence interval straddles the
/// threshold, inconclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Met,
    NotMet,
    Inconclusive,
}

impl Status {
    /// From the value (`None`: a model does not reach the target), its interval if any, and
    /// the threshold. With an interval the requirement is met only when the value and the
    /// whole interval pass, and not met only when the value and the whole interval fail: a
    /// requirement met on the mean but not for sure is inconclusive, never met.
    pub fn judge(value: Option<f64>, interval: Option<Interval>, threshold: f64) -> Status {
        let passes = value.is_some_and(|v| v >= threshold);
        match interval {
            None if passes => Status::Met,
            None => Status::NotMet,
            Some(i) if passes && i.low >= threshold => Status::Met,
            Some(i) if !passes && i.high < threshold => Status::NotMet,
            Some(_) => Status::Inconclusive,
        }
    }
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

    /// `✓`, `✗` or `?`.
    pub fn mark(&self) -> &'static str {
        match self.status {
            Status::Met => "✓",
            Status::NotMet => "✗",
            Status::Inconclusive => "?",
        }
    }

    /// `met`, `not met` or `inconclusive`.
    pub fn status(&self) -> &'static str {
        match self.status {
            Status::Met => "met",
            Status::NotMet => "not met",
            Status::Inconclusive => "inconclusive",
        }
    }

    /// `met`, `not-met` or `inconclusive`: the status as a class name.
    pub fn state(&self) -> &'static str {
        match self.status {
            Status::Met => "met",
            Status::NotMet => "not-met",
            Status::Inconclusive => "inconclusive",
        }
    }

    /// The value with its interval when it has one: `≈1.81× [1.62×, 2.05×]`.
    pub fn value_with_interval(&self) -> Option<String> {
        let value = self.value_text()?;
        Some(match &self.interval {
            Some(i) => i.beside(&value, |x| self.requirement.metric.show(x)),
            None => value,
        })
    }

    /// Adds the bootstrap's interval: the status follows it, and the reason says why.
    pub(super) fn with_interval(mut self, interval: Interval) -> Verdict {
        let r = &self.requirement;
        self.interval = Some(interval);
        self.status = Status::judge(self.value, Some(interval), r.threshold);
        self.met = self.status == Status::Met;
        let shown = interval.text(|x| r.metric.show(x));
        let level = format!("{:.0}%", LEVEL * 100.0);
        let threshold = r.metric.show(r.threshold);
        let note = match self.status {
            Status::Met => format!("{level} interval {shown} is all ≥ {threshold}"),
            Status::NotMet => format!("{level} interval {shown} is all < {threshold}"),
            Status::Inconclusive => format!(
                "{level} interval {shown} straddles {threshold}: the runs' spread cannot decide"
            ),
        };
        self.reason = format!("{}; {note}", self.reason);
        self
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
    let status = Status::judge(value, None, r.threshold);
    let met = status == Status::Met;
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
        status,
        interval: None,
        reason,
        candidate,
        baseline,
    }
}

#[cfg(test)]
mod tests {
    use super::{Interval, Status};

    fn interval(low: f64, high: f64) -> Option<Interval> {
        Some(Interval { low, high })
    }

    /// The boundaries: a value or interval end equal to the threshold passes it.
    #[test]
    fn a_verdict_is_sure_only_when_the_value_and_the_whole_interval_agree() {
        assert_eq!(Status::judge(Some(10.0), None, 10.0), Status::Met);
        assert_eq!(Status::judge(Some(9.9), None, 10.0), Status::NotMet);
        assert_eq!(Status::judge(None, None, 10.0), Status::NotMet);
        assert_eq!(
            Status::judge(Some(12.0), interval(10.0, 14.0), 10.0),
            Status::Met
        );
        assert_eq!(
            Status::judge(Some(12.0), interval(9.9, 14.0), 10.0),
            Status::Inconclusive
        );
        // Failing on the value, but the interval reaches the threshold: not sure either way.
        assert_eq!(
            Status::judge(Some(9.0), interval(8.0, 11.0), 10.0),
            Status::Inconclusive
        );
        assert_eq!(
            Status::judge(Some(9.0), interval(8.0, 10.0), 10.0),
            Status::Inconclusive
        );
        assert_eq!(
            Status::judge(Some(9.0), interval(8.0, 9.9), 10.0),
            Status::NotMet
        );
        // Not reached on the point estimate, reached in the upper tail of the resamples.
        assert_eq!(
            Status::judge(None, interval(0.0, 11.0), 10.0),
            Status::Inconclusive
        );
        assert_eq!(
            Status::judge(None, interval(f64::NEG_INFINITY, 9.0), 10.0),
            Status::NotMet
        );
    }
}
