//! Analysis: from a [`ResultSet`] and [`Requirements`] to a typed [`Analysis`]: per-model
//! statistics and Pareto frontiers, equal-PPL and equal-FLOPs readings at each target, and a
//! verdict per requirement. All comparisons are made on frontiers; a target a model never
//! reaches is a `Reading` with no value and a reason, never a nearby number.

pub(crate) mod bootstrap;
pub mod frontier;
pub mod interpolate;
pub(crate) mod interval;
mod model;
pub(crate) mod outcome;
pub(crate) mod repeats;
pub(crate) mod stats;
pub(crate) mod targets;
mod verdict;

use crate::error::Result;
use crate::requirements::{Requirements, Target};
use crate::results::{Axes, ResultSet};

pub use frontier::Point;
pub use interpolate::{Estimate, Interpolation};
pub use interval::Interval;
pub(crate) use model::{EqualX, EqualY, Fitted, ModelAnalysis, Reading, with_note};
pub(crate) use repeats::Spread;
pub(crate) use stats::ModelStats;
pub use verdict::{Status, Verdict};

/// What the user asked for; empty target lists mean "choose" (see `targets`).
#[derive(Debug, Clone, Default)]
pub struct AnalysisOptions {
    pub interpolation: Interpolation,
    pub target_y: Vec<f64>,
    pub target_x: Vec<f64>,
    /// Where tables, verdicts and inline values read their values (`from=`).
    pub from: ReadFrom,
}

pub use crate::requirements::ReadFrom;

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
    /// Each repeated or reported-error configuration's spread, by its point's record; empty
    /// when every configuration was measured once (then nothing has an interval).
    pub spreads: Vec<(u32, Spread)>,
    /// What each analysis beyond the frontiers that was asked for found, by its name.
    pub(crate) parts: Vec<outcome::Found>,
    /// The part whose readings replace the frontiers' (`from=fit`), for readings the tables
    /// do not hold.
    pub(crate) read_from: Option<std::sync::Arc<dyn outcome::Outcome>>,
}

impl Analysis {
    pub fn model(&self, name: &str) -> Option<&ModelAnalysis> {
        self.model_index(name).map(|i| &self.models[i])
    }

    /// Position of the model called `name` in [`Analysis::models`].
    pub(crate) fn model_index(&self, name: &str) -> Option<usize> {
        self.models.iter().position(|m| m.name == name)
    }

    /// The spread of the configuration whose point is `record`, if it has one.
    pub(crate) fn spread(&self, record: u32) -> Option<&Spread> {
        self.spreads
            .binary_search_by_key(&record, |(r, _)| *r)
            .ok()
            .map(|i| &self.spreads[i].1)
    }

    /// Whether readings and verdicts carry confidence intervals (some runs were repeated,
    /// or files reported standard errors).
    pub(crate) fn has_intervals(&self) -> bool {
        !self.spreads.is_empty()
    }
}

/// Runs the whole analysis. Fails only when a requirement names a model not in the results.
pub fn analyse(
    results: &ResultSet,
    requirements: &Requirements,
    options: &AnalysisOptions,
) -> Result<Analysis> {
    let (configs, any_spread) = repeats::configurations(results);
    let models: Vec<ModelAnalysis> = results
        .models
        .iter()
        .zip(&configs)
        .map(|(name, configs)| {
            let points = configs.iter().map(|c| c.point).collect();
            ModelAnalysis::new(name, points, &results.axes)
        })
        .collect();
    let mut verdicts = verdict::evaluate(&models, requirements, options.interpolation)?;

    let frontiers = || models.iter().map(|m| m.frontier.as_slice());
    let target_y = choose(&options.target_y, requirements, Target::y)
        .unwrap_or_else(|| targets::y_levels(frontiers(), results.axes.better));
    let target_x = choose(&options.target_x, requirements, Target::x)
        .unwrap_or_else(|| targets::x_levels(frontiers()));

    let mode = options.interpolation;
    let mut equal_y: Vec<EqualY> = target_y
        .iter()
        .map(|&t| EqualY {
            target_y: t,
            x: models.iter().map(|m| m.cost_to_reach(t, mode)).collect(),
        })
        .collect();
    let mut equal_x: Vec<EqualX> = target_x
        .iter()
        .map(|&b| EqualX {
            target_x: b,
            y: models.iter().map(|m| m.score_at(b, mode)).collect(),
        })
        .collect();
    let asked = Asked {
        target_y: &target_y,
        target_x: &target_x,
        mode,
    };
    let spreads = if any_spread {
        add_intervals(
            results,
            &configs,
            &models,
            &asked,
            (&mut equal_y, &mut equal_x),
            &mut verdicts,
        )
    } else {
        Vec::new()
    };
    Ok(Analysis {
        simulated: results.simulated,
        axes: results.axes.clone(),
        interpolation: mode,
        models,
        equal_y,
        equal_x,
        verdicts,
        spreads,
        parts: Vec::new(),
        read_from: None,
    })
}

/// Readings from `source` (a part's, `from=fit`) in place of the frontiers': every table
/// reading and verdict when `all`, else the verdicts whose requirement asks (`from = "fit"`).
pub(crate) fn reread(a: &mut Analysis, source: &std::sync::Arc<dyn outcome::Outcome>, all: bool) {
    let names: Vec<String> = a.models.iter().map(|m| m.name.clone()).collect();
    let read = |name: &str, target: Target| source.reading(name, target);
    let reread_row = |readings: &mut [Reading], target: Target| {
        for (reading, name) in readings.iter_mut().zip(&names) {
            if let Some(d) = read(name, target) {
                *reading = d.reading;
            }
        }
    };
    if all {
        for row in &mut a.equal_y {
            reread_row(&mut row.x, Target::Y(row.target_y));
        }
        for row in &mut a.equal_x {
            reread_row(&mut row.y, Target::X(row.target_x));
        }
        a.read_from = Some(source.clone());
    }
    for v in &mut a.verdicts {
        let r = &v.requirement;
        if !(all || r.from == ReadFrom::Fit) {
            continue;
        }
        let target = r.metric.target();
        if let (Some(c), Some(b)) = (read(&r.candidate, target), read(&r.baseline, target)) {
            *v = verdict::from_drawn(r, c, b, &a.axes);
        }
    }
}

impl Analysis {
    /// `m`'s reading at `target` where the tables hold none: from the part readings come
    /// from (`from=fit`), else from its frontier.
    pub(crate) fn fresh_reading(&self, m: &ModelAnalysis, target: Target) -> Reading {
        (self.read_from.as_ref())
            .and_then(|source| source.reading(&m.name, target))
            .map_or_else(|| m.read(target, self.interpolation), |d| d.reading)
    }
}

/// The targets a comparison reads at, and how.
struct Asked<'a> {
    target_y: &'a [f64],
    target_x: &'a [f64],
    mode: Interpolation,
}

/// Gives every reading and verdict its bootstrap interval; returns each repeated or
/// reported-error configuration's spread, by its point's record.
fn add_intervals(
    results: &ResultSet,
    configs: &[Vec<repeats::Configuration>],
    models: &[ModelAnalysis],
    asked: &Asked,
    (equal_y, equal_x): (&mut [EqualY], &mut [EqualX]),
    verdicts: &mut Vec<Verdict>,
) -> Vec<(u32, Spread)> {
    let (target_y, target_x, mode) = (asked.target_y, asked.target_x, asked.mode);
    let comparisons: Vec<bootstrap::Comparison> = verdicts
        .iter()
        .map(|v| bootstrap::Comparison {
            metric: v.requirement.metric,
            candidate: position(models, &v.requirement.candidate),
            baseline: position(models, &v.requirement.baseline),
        })
        .collect();
    let ask = bootstrap::Questions {
        target_y,
        target_x,
        requirements: &comparisons,
    };
    let found = bootstrap::intervals(configs, &results.models, &results.axes, mode, &ask);
    for (row, intervals) in equal_y.iter_mut().zip(found.equal_y) {
        for (reading, interval) in row.x.iter_mut().zip(intervals) {
            reading.interval = Some(interval);
        }
    }
    for (row, intervals) in equal_x.iter_mut().zip(found.equal_x) {
        for (reading, interval) in row.y.iter_mut().zip(intervals) {
            reading.interval = Some(interval);
        }
    }
    *verdicts = std::mem::take(verdicts)
        .into_iter()
        .zip(found.requirements)
        .map(|(v, interval)| v.with_interval(interval, "the runs' spread"))
        .collect();
    let mut spreads: Vec<(u32, Spread)> = configs
        .iter()
        .flatten()
        .filter_map(|c| c.spread.clone().map(|s| (c.point.record, s)))
        .collect();
    spreads.sort_by_key(|(record, _)| *record);
    spreads
}

/// The position of the model a requirement names (checked when its verdict was made).
fn position(models: &[ModelAnalysis], name: &str) -> usize {
    models.iter().position(|m| m.name == name).unwrap_or(0)
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
