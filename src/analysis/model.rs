//! One model's side of the analysis: its statistics, configurations and Pareto frontier, and
//! what it reads at a target (a [`Reading`]: a value, or why there is none).

use super::frontier::{self, Point};
use super::interpolate::{self, Estimate, Interpolation};
use super::interval::Interval;
use super::stats::{self, ModelStats};
use crate::format;
use crate::requirements::Target;
use crate::results::Axes;

#[derive(Debug, Clone)]
pub struct ModelAnalysis {
    pub name: String,
    pub stats: ModelStats,
    /// Every configuration, in cost order.
    pub points: Vec<Point>,
    pub frontier: Vec<Point>,
    /// What the axes measure, for which way is better and for the reasons' wording.
    pub axes: Axes,
}

/// One model's value at one target: an estimate, or why there is none.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub estimate: Option<Estimate>,
    pub reason: Option<String>,
    /// For a target not reached, the nearest the model comes: `best 7.92`, `cheapest 1 GFLOPs`.
    pub nearest: Option<String>,
    /// The bootstrap's confidence interval, when runs were repeated (or of the fit's
    /// prediction, for a reading from a fit).
    pub interval: Option<Interval>,
    /// Set when the value was read from a fitted law rather than the frontier.
    pub fitted: Option<Fitted>,
}

/// `value`, then `note` (where it came from: ` (from fit)`, or nothing), then its interval
/// if any, whose ends drop the unit they share with the value: `≈2.6 GFLOPs (from fit) [2.4,
/// 2.9]`.
pub(crate) fn with_note(
    value: &str,
    note: &str,
    interval: Option<Interval>,
    show: impl Fn(f64) -> String,
) -> String {
    let full = interval.map_or(value.to_string(), |i| i.beside(value, show));
    format!("{value}{note}{}", &full[value.len()..])
}

/// A reading from a fitted law: how far beyond the model's largest run it reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fitted {
    /// The reading's cost over the largest measured cost: above 1, extrapolated.
    pub beyond: f64,
    /// The smallest measured cost over the reading's: above 1, extrapolated below the data.
    pub short: f64,
}

impl Fitted {
    /// How far outside the measured costs the reading lies, as a factor (1 inside them).
    pub(crate) fn factor(self) -> f64 {
        self.beyond.max(self.short).max(1.0)
    }

    /// Whether the reading lies outside the measured costs.
    pub(crate) fn extrapolated(self) -> bool {
        self.factor() > 1.0
    }

    /// What a value read from a fit says after it: `(from fit)`, or `(from fit, extrapolated
    /// 3.4× beyond the largest run)` (`below the smallest run` the other way).
    pub(crate) fn note(self) -> String {
        let side = if self.beyond >= self.short {
            "beyond the largest run"
        } else {
            "below the smallest run"
        };
        if self.extrapolated() {
            format!(
                "(from fit, extrapolated {}× {side})",
                format::sig(self.factor(), 3)
            )
        } else {
            "(from fit)".to_string()
        }
    }

    /// The farther of two readings' notes (a comparison is as extrapolated as its farther
    /// side), if either is from a fit.
    pub(crate) fn farther(a: Option<Fitted>, b: Option<Fitted>) -> Option<Fitted> {
        match (a, b) {
            (Some(x), Some(y)) => Some(if y.factor() > x.factor() { y } else { x }),
            (x, y) => x.or(y),
        }
    }
}

impl Reading {
    pub fn value(&self) -> Option<f64> {
        self.estimate.map(|e| e.value)
    }
    pub fn interpolated(&self) -> bool {
        self.estimate.is_some_and(|e| e.interpolated)
    }

    /// `not reached`; from a fit, with why: `not reached (fit levels off at 4.81)`,
    /// `not reached (no fit)`.
    pub(crate) fn unreached_text(&self) -> String {
        match (&self.fitted, &self.nearest) {
            (Some(_), Some(why)) => format!("not reached ({why})"),
            _ => "not reached".to_string(),
        }
    }

    /// The value as people read it: `show`n, with `≈` when interpolated, or `not reached`,
    /// and its confidence interval if it has one (`≈2.61 GFLOPs [2.4 GFLOPs, 2.9 GFLOPs]`).
    pub(crate) fn text(&self, show: impl Fn(f64) -> String) -> String {
        let value = match self.estimate {
            Some(e) if e.interpolated => format!("≈{}", show(e.value)),
            Some(e) => show(e.value),
            // Whatever some resamples reached, the data do not: no interval.
            None => return self.unreached_text(),
        };
        let note = self
            .fitted
            .map_or(String::new(), |f| format!(" {}", f.note()));
        with_note(&value, &note, self.interval, show)
    }
}

/// FLOPs each model needs to reach `target_y` (one reading per model, in model order).
#[derive(Debug, Clone)]
pub struct EqualY {
    pub target_y: f64,
    /// Each model's cost to reach the target score.
    pub x: Vec<Reading>,
}

/// Perplexity each model reaches within `target_x`.
#[derive(Debug, Clone)]
pub struct EqualX {
    pub target_x: f64,
    /// Each model's score within the budget.
    pub y: Vec<Reading>,
}

impl ModelAnalysis {
    /// `points` in load order; every model has at least one (it was named by a record).
    pub(crate) fn new(name: &str, mut points: Vec<Point>, axes: &Axes) -> Self {
        let stats = stats::model_stats(&points, axes.better);
        frontier::sort_by_cost(&mut points, axes.better);
        ModelAnalysis {
            name: name.to_string(),
            stats,
            frontier: frontier::pareto_frontier(&points, axes.better),
            points,
            axes: axes.clone(),
        }
    }

    pub(crate) fn cost_to_reach(&self, target_y: f64, mode: Interpolation) -> Reading {
        let better = self.axes.better;
        let estimate = interpolate::cost_to_reach(&self.frontier, target_y, mode, better);
        let nearest = estimate
            .is_none()
            .then(|| format!("best {}", self.axes.y.value(self.stats.best_ppl)));
        let reason = nearest.as_ref().map(|nearest| {
            format!(
                "{} never reaches {} {} ({nearest})",
                self.name,
                self.axes.y.short(),
                format::sig(target_y, 4),
            )
        });
        Reading {
            estimate,
            reason,
            nearest,
            interval: None,
            fitted: None,
        }
    }

    /// What this model reads at `target`: the FLOPs it needs to reach a perplexity, or the
    /// perplexity it reaches within a budget.
    pub(crate) fn read(&self, target: Target, mode: Interpolation) -> Reading {
        match target {
            Target::Y(ppl) => self.cost_to_reach(ppl, mode),
            Target::X(flops) => self.score_at(flops, mode),
        }
    }

    pub(crate) fn score_at(&self, budget: f64, mode: Interpolation) -> Reading {
        let estimate = interpolate::score_at(&self.frontier, budget, mode);
        let nearest = estimate
            .is_none()
            .then(|| format!("cheapest {}", self.axes.x.value(self.stats.lowest_flops)));
        let reason = nearest.as_ref().map(|nearest| {
            format!(
                "{} has no configuration within {} ({nearest})",
                self.name,
                self.axes.x.value(budget),
            )
        });
        Reading {
            estimate,
            reason,
            nearest,
            interval: None,
            fitted: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Fitted;

    #[test]
    fn a_reading_from_a_fit_says_how_far_outside_the_runs_it_lies() {
        let at = |beyond: f64, short: f64| Fitted { beyond, short };
        assert_eq!(at(0.5, 0.2).note(), "(from fit)");
        assert_eq!(
            at(3.4, 0.01).note(),
            "(from fit, extrapolated 3.4× beyond the largest run)"
        );
        assert_eq!(
            at(0.001, 12.5).note(),
            "(from fit, extrapolated 12.5× below the smallest run)"
        );
        assert_eq!(
            Fitted::farther(Some(at(2.0, 0.1)), Some(at(0.1, 5.0))),
            Some(at(0.1, 5.0))
        );
        assert_eq!(
            Fitted::farther(None, Some(at(2.0, 0.1))),
            Some(at(2.0, 0.1))
        );
        assert_eq!(Fitted::farther(None, None), None);
    }
}
