//! Analysis: from a [`ResultSet`] and [`Requirements`] to a typed [`Analysis`]: per-model
//! statistics and Pareto frontiers, equal-PPL and equal-FLOPs readings at each target, and a
//! verdict per requirement. All comparisons are made on frontiers; a target a model never
//! reaches is a [`Reading`] with no value and a reason, never a nearby number.

pub mod frontier;
pub mod interpolate;
mod model;
pub mod stats;
pub mod targets;
mod verdict;

use crate::error::Result;
use crate::requirements::{Requirements, Target};
use crate::results::{Axes, ResultSet};

pub use frontier::Point;
pub use interpolate::{Estimate, Interpolation};
pub use model::{EqualX, EqualY, ModelAnalysis, Reading};
pub use stats::ModelStats;
pub use verdict::Verdict;

/// What the user asked for; empty target lists mean "choose" (see [`targets`]).
#[derive(Debug, Clone, Default)]
pub struct AnalysisOptions {
    pub interpolation: Interpolation,
    pub target_y: Vec<f64>,
    pub target_x: Vec<f64>,
}

#[derive(Debug, Clone)]
pub struct Analysis {
    pub simulated: bool,
    /// What x and y measure, and which way y is better.
    pub axes: Axes,
    pub interpolation: Interpolation,
    /// In order of first appearance in the results.
    pub models: Vec<ModelAnalysis>,
    pub equal_y: Vec<EqualY>,
    pub equal_x: Vec<EqualX>,
    pub verdicts: Vec<Verdict>,
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
            x: r.x,
            y: r.y,
            record: i as u32,
        });
    }
    let models: Vec<ModelAnalysis> = results
        .models
        .iter()
        .zip(points)
        .map(|(name, points)| ModelAnalysis::new(name, points, &results.axes))
        .collect();
    let verdicts = verdict::evaluate(&models, requirements, options.interpolation)?;

    let frontiers = || models.iter().map(|m| m.frontier.as_slice());
    let target_y = choose(&options.target_y, requirements, Target::y)
        .unwrap_or_else(|| targets::y_levels(frontiers(), results.axes.better));
    let target_x = choose(&options.target_x, requirements, Target::x)
        .unwrap_or_else(|| targets::x_levels(frontiers()));

    let mode = options.interpolation;
    let equal_y = target_y
        .iter()
        .map(|&t| EqualY {
            target_y: t,
            x: models.iter().map(|m| m.cost_to_reach(t, mode)).collect(),
        })
        .collect();
    let equal_x = target_x
        .iter()
        .map(|&b| EqualX {
            target_x: b,
            y: models.iter().map(|m| m.score_at(b, mode)).collect(),
        })
        .collect();
    Ok(Analysis {
        simulated: results.simulated,
        axes: results.axes.clone(),
        interpolation: mode,
        models,
        equal_y,
        equal_x,
        verdicts,
    })
}

/// The given targets, else the requirements' targets on this axis (first-seen order).
fn choose(
    given: &[f64],
    requirements: &Requirements,
    target_of: impl Fn(Target) -> Option<f64>,
) -> Option<Vec<f64>> {
    if !given.is_empty() {
        return Some(given.to_vec());
    }
    let mut from_requirements: Vec<f64> = Vec::new();
    for t in requirements
        .list
        .iter()
        .filter_map(|r| target_of(r.metric.target()))
    {
        if !from_requirements.contains(&t) {
            from_requirements.push(t);
        }
    }
    (!from_requirements.is_empty()).then_some(from_requirements)
}
