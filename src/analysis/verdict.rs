//! Requirement verdicts: the metric's value computed on the two models' frontiers, whether it
//! meets the threshold, and a reason a reader understands (including why there is no value).

use super::interpolate::Interpolation;
use super::interval::{Interval, LEVEL};
use super::model::{Fitted, ModelAnalysis, Reading, with_note};
use super::outcome::Drawn;
use crate::error::Result;
use crate::requirements::{Requirement, Requirements};
use crate::results::Axes;

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
    /// The axes the value is about, which its words name.
    pub axes: Axes,
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
    pub(crate) fn judge(value: Option<f64>, interval: Option<Interval>, threshold: f64) -> Status {
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

/// How every output writes a verdict's value, threshold and interval: as numbers with
/// their unit (`≈4.62×`, `21.3%`, `≈2.3× [1.89, 2.92]`), or, where a number would be
/// misread (a ratio below 1, a negative improvement, in the value or the threshold), both
/// in words (`≈2.74× more FLOPs`, `3.97% higher PPL` against `5% lower PPL`); a target a
/// model never reaches as `Mamba not reached (best 32.25)`, with no interval.
impl Verdict {
    /// Whether this verdict's numbers are written in words.
    pub(crate) fn in_words(&self) -> bool {
        let m = self.requirement.metric;
        self.value.is_some_and(|v| m.reads_backwards(v))
            || m.reads_backwards(self.requirement.threshold)
    }

    /// An amount of the metric as this verdict writes it.
    fn amount_text(&self, x: f64) -> String {
        let m = self.requirement.metric;
        if !self.in_words() {
            m.show(x)
        } else if x == m.neutral() {
            format!("equal {}", m.noun(&self.axes))
        } else {
            m.words(x, &self.axes)
        }
    }

    /// The value (`≈4.62×`, `21.3%`, `≈2.74× more FLOPs`), or which model does not reach the
    /// target and how near it comes.
    pub(crate) fn value_text(&self) -> String {
        match self.value {
            Some(_) => format!("{}{}", self.bare_value_text(), self.fit_note()),
            None => self.not_reached_text(),
        }
    }

    /// The value without where it came from.
    fn bare_value_text(&self) -> String {
        let approx = if self.interpolated { "≈" } else { "" };
        match self.value {
            Some(x) => format!("{approx}{}", self.amount_text(x)),
            None => self.not_reached_text(),
        }
    }

    /// ` (from fit, extrapolated 3.4× beyond the largest run)` when read from a fit: as
    /// extrapolated as the farther of the two readings.
    pub(crate) fn fit_note(&self) -> String {
        Fitted::farther(self.candidate.fitted, self.baseline.fitted)
            .map_or(String::new(), |f| format!(" {}", f.note()))
    }

    /// How far beyond the data the value is read, when read from a fit.
    pub(crate) fn fitted(&self) -> Option<Fitted> {
        Fitted::farther(self.candidate.fitted, self.baseline.fitted)
    }

    /// `Mamba not reached (best 32.25)` for each model without a reading at the target.
    pub(crate) fn not_reached_text(&self) -> String {
        let mut parts = Vec::new();
        for (name, reading) in [
            (&self.requirement.candidate, &self.candidate),
            (&self.requirement.baseline, &self.baseline),
        ] {
            if reading.value().is_none() {
                match &reading.nearest {
                    Some(nearest) => parts.push(format!("{name} not reached ({nearest})")),
                    None => parts.push(format!("{name} not reached")),
                }
            }
        }
        parts.join("; ")
    }

    /// The interval as this verdict writes it, ends in the value's scale (`[1.89, 2.92]`),
    /// each with its word where the ends disagree (`[1.25× more, 1.2× fewer]`); none for a
    /// value that does not exist.
    pub(crate) fn interval_text(&self) -> Option<String> {
        let interval = self.interval.filter(|_| self.value.is_some())?;
        let m = self.requirement.metric;
        if !self.in_words() {
            return Some(interval.text(|x| m.show(x)));
        }
        let value_word = self.value.map(|v| m.amount(v, &self.axes).1);
        let ends = [interval.low, interval.high].map(|x| m.amount(x, &self.axes));
        let number = |amount: f64| {
            let shown = m.show(amount);
            shown.trim_end_matches(['×', '%']).to_string()
        };
        if ends.iter().all(|(_, word)| Some(*word) == value_word) {
            let (a, b) = (ends[0].0.min(ends[1].0), ends[0].0.max(ends[1].0));
            return Some(super::interval::Interval { low: a, high: b }.text(number));
        }
        let end = |(amount, word): (f64, &str)| {
            let unit = if matches!(m, crate::requirements::Metric::CostRatio { .. }) {
                "×"
            } else {
                "%"
            };
            let shown = if amount.is_finite() {
                number(amount)
            } else {
                "∞".into()
            };
            format!("{shown}{unit} {word}")
        };
        Some(format!("[{}, {}]", end(ends[0]), end(ends[1])))
    }

    /// `✓`, `✗` or `?`.
    pub(crate) fn mark(&self) -> &'static str {
        match self.status {
            Status::Met => "✓",
            Status::NotMet => "✗",
            Status::Inconclusive => "?",
        }
    }

    /// `met`, `not met` or `inconclusive`.
    pub(crate) fn status(&self) -> &'static str {
        match self.status {
            Status::Met => "met",
            Status::NotMet => "not met",
            Status::Inconclusive => "inconclusive",
        }
    }

    /// `met`, `not-met` or `inconclusive`: the status as a class name.
    pub(crate) fn state(&self) -> &'static str {
        match self.status {
            Status::Met => "met",
            Status::NotMet => "not-met",
            Status::Inconclusive => "inconclusive",
        }
    }

    /// The value with its interval when it has one: `≈1.81× [1.62, 2.05]`.
    pub(crate) fn value_with_interval(&self) -> String {
        let value = self.value_text();
        match (&self.interval, self.value) {
            (Some(i), Some(_)) if !self.in_words() => {
                let show = |x| self.requirement.metric.show(x);
                with_note(&self.bare_value_text(), &self.fit_note(), Some(*i), show)
            }
            (Some(_), Some(_)) => format!("{value} {}", self.interval_text().unwrap_or_default()),
            _ => value,
        }
    }

    /// Adds the bootstrap's interval: the status follows it, and the reason says why (what
    /// cannot decide when it straddles the threshold: `cause`).
    pub(super) fn with_interval(mut self, interval: Interval, cause: &str) -> Verdict {
        let r = &self.requirement;
        self.interval = Some(interval);
        self.status = Status::judge(self.value, Some(interval), r.threshold);
        self.met = self.status == Status::Met;
        let Some(shown) = self.interval_text() else {
            return self;
        };
        let level = format!("{:.0}%", LEVEL * 100.0);
        let threshold = self.threshold_text();
        let note = match (self.status, self.in_words()) {
            (Status::Met, false) => format!("{level} interval {shown} is all ≥ {threshold}"),
            (Status::NotMet, false) => format!("{level} interval {shown} is all < {threshold}"),
            (Status::Met, true) => format!("{level} interval {shown} all meets {threshold}"),
            (Status::NotMet, true) => {
                format!("{level} interval {shown} all falls short of {threshold}")
            }
            (Status::Inconclusive, _) => {
                format!("{level} interval {shown} straddles {threshold}: {cause} cannot decide")
            }
        };
        self.reason = format!("{}; {note}", self.reason);
        self
    }

    /// The threshold as this verdict writes it: `2×`, `25%`, `5% lower PPL`.
    pub(crate) fn threshold_text(&self) -> String {
        self.amount_text(self.requirement.threshold)
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
    judge_readings(r, candidate, baseline, &cand.axes)
}

/// The verdict on `r` from the two models' readings at its target.
fn judge_readings(r: &Requirement, candidate: Reading, baseline: Reading, axes: &Axes) -> Verdict {
    let value = candidate
        .value()
        .zip(baseline.value())
        .map(|(c, b)| r.metric.value(c, b, axes.better));
    // Only a value can be interpolated; a missing one is just missing.
    let interpolated = value.is_some() && (candidate.interpolated() || baseline.interpolated());
    let status = Status::judge(value, None, r.threshold);
    let met = status == Status::Met;
    let mut verdict = Verdict {
        requirement: r.clone(),
        value,
        interpolated,
        met,
        status,
        interval: None,
        reason: String::new(),
        candidate,
        baseline,
        axes: axes.clone(),
    };
    verdict.reason = reason(&verdict);
    verdict
}

/// The verdict on `r` from readings a part gave (`from=fit`): the value from the two
/// readings, its interval from their draws paired in order (a draw that does not reach the
/// target is the worst value it could stand for, as in the bootstrap), and a status that is
/// three-valued from that interval.
pub(crate) fn from_drawn(
    r: &Requirement,
    candidate: Drawn,
    baseline: Drawn,
    axes: &Axes,
) -> Verdict {
    let verdict = judge_readings(r, candidate.reading, baseline.reading, axes);
    if candidate.draws.is_empty() || baseline.draws.is_empty() || verdict.value.is_none() {
        return verdict;
    }
    let values = (candidate.draws.iter().zip(&baseline.draws))
        .map(|(&c, &b)| {
            if !c.is_finite() {
                f64::NEG_INFINITY
            } else if !b.is_finite() {
                f64::INFINITY
            } else {
                r.metric.value(c, b, axes.better)
            }
        })
        .collect();
    verdict.with_interval(super::bootstrap::percentile_interval(values), "the fit")
}

/// Why a verdict is what it is: each model's reading at the target and the value against
/// the threshold, or why a model has no reading.
fn reason(v: &Verdict) -> String {
    let r = &v.requirement;
    if v.value.is_none() {
        return [&v.candidate.reason, &v.baseline.reason]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join("; ");
    }
    let target = r.metric.target();
    let side = |name: &str, reading: &Reading| {
        let mark = if reading.interpolated() { "≈" } else { "" };
        format!(
            "{name} {mark}{}",
            target.show_reading(reading.value().unwrap_or(f64::NAN), &v.axes)
        )
    };
    let at = target.describe(&v.axes);
    let comparison = if v.in_words() {
        format!(
            "{}; the threshold is {}",
            v.value_text(),
            v.threshold_text()
        )
    } else {
        let relation = if v.met { "≥" } else { "<" };
        format!("{} {relation} {}", v.value_text(), v.threshold_text())
    };
    format!(
        "{}, {} {at}: {comparison}",
        side(&r.candidate, &v.candidate),
        side(&r.baseline, &v.baseline),
    )
}

#[cfg(test)]
mod tests {
    use super::{Interval, Status};

    /// A verdict read from a fit: a draw where the candidate does not reach the target is the
    /// worst the comparison could be, so a claim some resamples miss is not sure.
    #[test]
    fn a_resample_the_candidate_does_not_reach_makes_a_fitted_verdict_unsure() {
        use super::super::interpolate::Estimate;
        use super::super::model::{Fitted, Reading};
        use super::super::outcome::Drawn;
        let toml = "[[requirement]]\nid = \"r\"\nmetric = \"cost_ratio\"\ncandidate = \"c\"\nbaseline = \"b\"\nat_y = 3.0\nthreshold = 1.5\nfrom = \"fit\"\n";
        let r = &crate::requirements::Requirements::parse(std::path::Path::new("r.toml"), toml)
            .unwrap()
            .list[0];
        let drawn = |value: f64, draws: Vec<f64>| Drawn {
            reading: Reading {
                estimate: Some(Estimate {
                    value,
                    interpolated: true,
                }),
                reason: None,
                nearest: None,
                interval: None,
                fitted: Some(Fitted {
                    beyond: 2.0,
                    short: 0.5,
                }),
            },
            draws,
        };
        let mut unreached = vec![1e9; 950];
        unreached.extend([f64::INFINITY; 50]);
        let axes = crate::results::Axes::default();
        let v = super::from_drawn(r, drawn(2e9, unreached), drawn(4e9, vec![4e9; 1000]), &axes);
        assert_eq!(v.value, Some(2.0));
        assert_eq!(
            v.interval,
            Some(Interval {
                low: f64::NEG_INFINITY,
                high: 4.0
            })
        );
        assert_eq!(v.status, Status::Inconclusive);
        assert_eq!(
            v.value_text(),
            "≈2× (from fit, extrapolated 2× beyond the largest run)"
        );
        assert!(
            v.reason.ends_with("straddles 1.5×: the fit cannot decide"),
            "{}",
            v.reason
        );
    }

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
