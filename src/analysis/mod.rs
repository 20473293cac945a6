//! Analysis: from a [`ResultSet`] and [`Requirements`] to a typed [`Analysis`]: per-model
//! statistics and Pareto frontiers, equal-PPL and equal-FLOPs readings at each target, and a
//! verdict per requirement. All comparisons are made on frontiers; a target a model never
//! reaches is a [`Reading`] with no value and a reason, never a nearby number.

pub mod frontier;
pub mod interpolate;
pub mod stats;
pub mod targets;
mod verdict;

use crate::error::Result;
use crate::format;
use crate::requirements::{Metric, Requirements};
use crate::results::ResultSet;

pub use frontier::Point;
pub use interpolate::{Estimate, Interpolation};
pub use stats::ModelStats;
pub use verdict::{Verdict, show_value};

/// What the user asked for; empty target lists mean "choose" (see [`targets`]).
#[derive(Debug, Clone, Default)]
pub struct AnalysisOptions {
    pub interpolation: Interpolation,
    pub target_ppl: Vec<f64>,
    pub target_flops: Vec<f64>,
}

#[derive(Debug, Clone)]
pub struct ModelAnalysis {
    pub name: String,
    pub stats: ModelStats,
    /// Every configuration, in FLOPs order.
    pub points: Vec<Point>,
    pub frontier: Vec<Point>,
}

/// One model's value at one target: an estimate, or why there is none.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub estimate: Option<Estimate>,
    pub reason: Option<String>,
}

impl Reading {
    pub fn value(&self) -> Option<f64> {
        self.estimate.map(|e| e.value)
    }
    pub fn interpolated(&self) -> bool {
        self.estimate.is_some_and(|e| e.interpolated)
    }

    /// The value as people read it: `show`n, with `≈` when interpolated, or `not reached`.
    pub fn text(&self, show: fn(f64) -> String) -> String {
        match self.estimate {
            Some(e) if e.interpolated => format!("≈{}", show(e.value)),
            Some(e) => show(e.value),
            None => "not reached".to_string(),
        }
    }
}

/// FLOPs each model needs to reach `target_ppl` (one reading per model, in model order).
#[derive(Debug, Clone)]
pub struct EqualPpl {
    pub target_ppl: f64,
    pub flops: Vec<Reading>,
}

/// Perplexity each model reaches within `target_flops`.
#[derive(Debug, Clone)]
pub struct EqualFlops {
    pub target_flops: f64,
    pub ppl: Vec<Reading>,
}

#[derive(Debug, Clone)]
pub struct Analysis {
    pub simulated: bool,
    pub interpolation: Interpolation,
    /// In order of first appearance in the results.
    pub models: Vec<ModelAnalysis>,
    pub equal_ppl: Vec<EqualPpl>,
    pub equal_flops: Vec<EqualFlops>,
    pub verdicts: Vec<Verdict>,
}

impl ModelAnalysis {
    /// `points` in load order; every model has at least one (it was named by a record).
    fn new(name: &str, mut points: Vec<Point>) -> Self {
        let stats = stats::model_stats(&points);
        frontier::sort_by_flops(&mut points);
        ModelAnalysis {
            name: name.to_string(),
            stats,
            frontier: frontier::pareto_frontier(&points),
            points,
        }
    }

    pub fn flops_to_reach(&self, target_ppl: f64, mode: Interpolation) -> Reading {
        let estimate = interpolate::flops_to_reach(&self.frontier, target_ppl, mode);
        let reason = estimate.is_none().then(|| {
            format!(
                "{} never reaches PPL {} (best {})",
                self.name,
                format::sig(target_ppl, 4),
                format::ppl(self.stats.best_ppl)
            )
        });
        Reading { estimate, reason }
    }

    pub fn ppl_at_budget(&self, budget: f64, mode: Interpolation) -> Reading {
        let estimate = interpolate::ppl_at_budget(&self.frontier, budget, mode);
        let reason = estimate.is_none().then(|| {
            format!(
                "{} has no configuration within {} (cheapest {})",
                self.name,
                format::flops(budget),
                format::flops(self.stats.lowest_flops)
            )
        });
        Reading { estimate, reason }
    }
}

impl Analysis {
    pub fn model(&self, name: &str) -> Option<&ModelAnalysis> {
        self.model_index(name).map(|i| &self.models[i])
    }

    /// Position of the model called `name` in [`Analysis::models`].
    pub fn model_index(&self, name: &str) -> Option<usize> {
        self.models.iter().position(|m| m.name == name)
    }
}

/// Runs the whole analysis. Fails only when a requirement names a model not in the results.
pub fn analyse(
    results: &ResultSet,
    requirements: &Requirements,
    options: &AnalysisOptions,
) -> Result<Analysis> {
    let mut points: Vec<Vec<Point>> = vec![Vec::new(); results.models.len()];
    for (i, r) in results.records.iter().enumerate() {
        points[r.model as usize].push(Point {
            flops: r.flops_per_token,
            ppl: r.perplexity,
            record: i as u32,
        });
    }
    let models: Vec<ModelAnalysis> = results
        .models
        .iter()
        .zip(points)
        .map(|(name, points)| ModelAnalysis::new(name, points))
        .collect();
    let verdicts = verdict::evaluate(&models, requirements, options.interpolation)?;

    let frontiers = || models.iter().map(|m| m.frontier.as_slice());
    let target_ppl = choose(&options.target_ppl, requirements, |m| match m {
        Metric::FlopsRatio { at_ppl } => Some(at_ppl),
        Metric::PplReductionPct { .. } => None,
    })
    .unwrap_or_else(|| targets::ppl_levels(frontiers()));
    let target_flops = choose(&options.target_flops, requirements, |m| match m {
        Metric::PplReductionPct { at_flops } => Some(at_flops),
        Metric::FlopsRatio { .. } => None,
    })
    .unwrap_or_else(|| targets::flops_levels(frontiers()));

    let mode = options.interpolation;
    let equal_ppl = target_ppl
        .iter()
        .map(|&t| EqualPpl {
            target_ppl: t,
            flops: models.iter().map(|m| m.flops_to_reach(t, mode)).collect(),
        })
        .collect();
    let equal_flops = target_flops
        .iter()
        .map(|&b| EqualFlops {
            target_flops: b,
            ppl: models.iter().map(|m| m.ppl_at_budget(b, mode)).collect(),
        })
        .collect();
    Ok(Analysis {
        simulated: results.simulated,
        interpolation: mode,
        models,
        equal_ppl,
        equal_flops,
        verdicts,
    })
}

/// The given targets, else the requirements' targets on this axis (first-seen order).
fn choose(
    given: &[f64],
    requirements: &Requirements,
    target_of: impl Fn(Metric) -> Option<f64>,
) -> Option<Vec<f64>> {
    if !given.is_empty() {
        return Some(given.to_vec());
    }
    let mut from_requirements: Vec<f64> = Vec::new();
    for t in requirements.list.iter().filter_map(|r| target_of(r.metric)) {
        if !from_requirements.contains(&t) {
            from_requirements.push(t);
        }
    }
    (!from_requirements.is_empty()).then_some(from_requirements)
}
