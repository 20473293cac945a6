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
    /// The bootstrap's confidence interval, when runs were repeated.
    pub interval: Option<Interval>,
}

impl Reading {
    pub fn value(&self) -> Option<f64> {
        self.estimate.map(|e| e.value)
    }
    pub fn interpolated(&self) -> bool {
        self.estimate.is_some_and(|e| e.interpolated)
    }

    /// The value as people read it: `show`n, with `≈` when interpolated, or `not reached`,
    /// and its confidence interval if it has one (`≈2.61 GFLOPs [2.4 GFLOPs, 2.9 GFLOPs]`).
    pub(crate) fn text(&self, show: impl Fn(f64) -> String) -> String {
        let value = match self.estimate {
            Some(e) if e.interpolated => format!("≈{}", show(e.value)),
            Some(e) => show(e.value),
            // Whatever some resamples reached, the data do not: no interval.
            None => return "not reached".to_string(),
        };
        match &self.interval {
            Some(interval) => interval.beside(&value, show),
            None => value,
        }
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
        }
    }
}
