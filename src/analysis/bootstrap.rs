//! Confidence intervals by a seeded bootstrap over repeated runs. Each resample draws, for
//! every configuration, as many runs as it has (with replacement) and takes their mean — or,
//! for a configuration measured once with a reported standard error, its value plus a normal
//! deviate of that size — then rebuilds every frontier and reads every target and requirement
//! again. The interval is the middle 95% of the 1000 resampled values (percentile method,
//! nearest rank). ChaCha8 from a fixed seed and 53-bit uniforms make the same inputs give the
//! same interval on every machine.
//!
//! A reading that is not reached in a resample counts as the worst value it could have: an
//! infinite cost, the worst score, a cost ratio of 0 when the candidate does not reach the
//! target (∞ when only the baseline does not). So an interval may be unbounded, and a target
//! reached in only some resamples never looks surer than it is.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::frontier::Point;
use super::interpolate::Interpolation;
use super::interval::{Interval, LEVEL};
use super::model::{ModelAnalysis, Reading};
use super::repeats::Configuration;
use crate::requirements::Metric;
use crate::results::{Axes, Better};
use crate::simulate::{normal, unit};

/// Resamples drawn for every interval.
pub(crate) const RESAMPLES: usize = 1000;
/// The generator's seed: fixed, so an interval is a function of the data alone.
pub(crate) const SEED: u64 = 0x5eed_e11f_2026;

/// A requirement as the bootstrap recomputes it: its metric and the two models' positions.
pub(crate) struct Comparison {
    pub metric: Metric,
    pub candidate: usize,
    pub baseline: usize,
}

/// The intervals of every reading and requirement value, in the analysis' order:
/// `equal_y[target][model]`, `equal_x[budget][model]`, `requirements[i]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Intervals {
    pub equal_y: Vec<Vec<Interval>>,
    pub equal_x: Vec<Vec<Interval>>,
    pub requirements: Vec<Interval>,
}

/// What the bootstrap reads in each resample.
pub(crate) struct Questions<'a> {
    pub target_y: &'a [f64],
    pub target_x: &'a [f64],
    pub requirements: &'a [Comparison],
}

pub(crate) fn intervals(
    configs: &[Vec<Configuration>],
    names: &[String],
    axes: &Axes,
    mode: Interpolation,
    ask: &Questions,
) -> Intervals {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let models = names.len();
    let mut equal_y = vec![vec![Vec::with_capacity(RESAMPLES); models]; ask.target_y.len()];
    let mut equal_x = vec![vec![Vec::with_capacity(RESAMPLES); models]; ask.target_x.len()];
    let mut requirements = vec![Vec::with_capacity(RESAMPLES); ask.requirements.len()];
    let worst_y = match axes.better {
        Better::Lower => f64::INFINITY,
        Better::Higher => f64::NEG_INFINITY,
    };
    for _ in 0..RESAMPLES {
        let resampled: Vec<ModelAnalysis> = configs
            .iter()
            .zip(names)
            .map(|(model, name)| {
                let points = model.iter().map(|c| resample(c, &mut rng)).collect();
                ModelAnalysis::new(name, points, axes)
            })
            .collect();
        for (t, &target) in ask.target_y.iter().enumerate() {
            for (m, model) in resampled.iter().enumerate() {
                let cost = model.cost_to_reach(target, mode).value();
                equal_y[t][m].push(cost.unwrap_or(f64::INFINITY));
            }
        }
        for (t, &budget) in ask.target_x.iter().enumerate() {
            for (m, model) in resampled.iter().enumerate() {
                let score = model.score_at(budget, mode).value();
                equal_x[t][m].push(score.unwrap_or(worst_y));
            }
        }
        for (r, comparison) in ask.requirements.iter().enumerate() {
            let target = comparison.metric.target();
            let read = |m: usize| resampled[m].read(target, mode);
            let value = extended_value(
                comparison.metric,
                &read(comparison.candidate),
                &read(comparison.baseline),
                axes.better,
            );
            requirements[r].push(value);
        }
    }
    let per_model = |values: Vec<Vec<Vec<f64>>>| -> Vec<Vec<Interval>> {
        values
            .into_iter()
            .map(|models| models.into_iter().map(percentile_interval).collect())
            .collect()
    };
    Intervals {
        equal_y: per_model(equal_y),
        equal_x: per_model(equal_x),
        requirements: requirements.into_iter().map(percentile_interval).collect(),
    }
}

/// One resampled point of a configuration.
fn resample(c: &Configuration, rng: &mut ChaCha8Rng) -> Point {
    let mut point = c.point;
    if c.runs.len() >= 2 {
        let n = c.runs.len();
        let sum: f64 = (0..n)
            .map(|_| c.runs[((unit(rng) * n as f64) as usize).min(n - 1)])
            .sum();
        point.y = sum / n as f64;
    } else if let Some(spread) = &c.spread {
        // A score must stay positive to be drawn on a log axis; a draw this far out is rare.
        point.y = (point.y + spread.stderr * normal(rng)).max(point.y * 1e-3);
    }
    point
}

/// A requirement's value with "not reached" as the worst (or, for the baseline, the best)
/// value it could stand for, so that every resample has a value to rank.
fn extended_value(metric: Metric, candidate: &Reading, baseline: &Reading, better: Better) -> f64 {
    match (candidate.value(), baseline.value()) {
        (Some(c), Some(b)) => metric.value(c, b, better),
        (None, Some(_)) | (None, None) => f64::NEG_INFINITY,
        (Some(_), None) => f64::INFINITY,
    }
}

/// The middle `LEVEL` of `values` by nearest rank.
pub(crate) fn percentile_interval(mut values: Vec<f64>) -> Interval {
    values.sort_unstable_by(f64::total_cmp);
    let n = values.len();
    let tail = (1.0 - LEVEL) / 2.0;
    // Less a hair, so that 0.975 × 1000 (975.0000000000001 in floating point) is rank 975.
    let rank = |p: f64| ((p * n as f64 - 1e-9).ceil() as usize).clamp(1, n) - 1;
    Interval {
        low: values[rank(tail)],
        high: values[rank(1.0 - tail)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interval_is_the_middle_95_percent_by_nearest_rank() {
        let values: Vec<f64> = (1..=1000).map(f64::from).collect();
        assert_eq!(
            percentile_interval(values),
            Interval {
                low: 25.0,
                high: 975.0
            }
        );
        let mut with_unreached: Vec<f64> = vec![1.0; 970];
        with_unreached.extend([f64::INFINITY; 30]);
        assert_eq!(percentile_interval(with_unreached).high, f64::INFINITY);
    }
}
