//! Per-model summary statistics, with the old script's names and meanings.

use serde::Serialize;

use super::frontier::Point;
use crate::results::Better;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelStats {
    pub num_configs: usize,
    /// Lowest perplexity of any configuration (ties: the cheaper one).
    pub best_ppl: f64,
    pub best_ppl_flops: f64,
    /// Cheapest configuration (ties: the lower perplexity).
    pub lowest_flops: f64,
    pub lowest_flops_ppl: f64,
    pub mean_ppl: f64,
    pub mean_flops: f64,
}

/// Statistics of a non-empty set of points, given in load order (so sums are reproducible).
/// The `best_ppl` fields hold the best score whichever way it is better.
pub(crate) fn model_stats(points: &[Point], better: Better) -> ModelStats {
    let score = move |p: &Point| match better {
        Better::Lower => p.y,
        Better::Higher => -p.y,
    };
    let cost = |p: &Point| p.x;
    // Ties go to the other axis, then to load order.
    let order =
        |a: &&Point, b: &&Point, first: &dyn Fn(&Point) -> f64, then: &dyn Fn(&Point) -> f64| {
            first(a)
                .total_cmp(&first(b))
                .then(then(a).total_cmp(&then(b)))
                .then(a.record.cmp(&b.record))
        };
    let cheapest = points.iter().min_by(|a, b| order(a, b, &cost, &score));
    let best = points.iter().min_by(|a, b| order(a, b, &score, &cost));
    let (cheapest, best) = (*cheapest.expect("non-empty"), *best.expect("non-empty"));
    let n = points.len() as f64;
    ModelStats {
        num_configs: points.len(),
        best_ppl: best.y,
        best_ppl_flops: best.x,
        lowest_flops: cheapest.x,
        lowest_flops_ppl: cheapest.y,
        mean_ppl: compensated_sum(points.iter().map(|p| p.y)) / n,
        mean_flops: compensated_sum(points.iter().map(|p| p.x)) / n,
    }
}

/// Neumaier summation: a million values sum to the same digits a careful hand would get.
fn compensated_sum(values: impl Iterator<Item = f64>) -> f64 {
    let (mut sum, mut compensation) = (0.0f64, 0.0f64);
    for v in values {
        let t = sum + v;
        if sum.abs() >= v.abs() {
            compensation += (sum - t) + v;
        } else {
            compensation += (v - t) + sum;
        }
        sum = t;
    }
    sum + compensation
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compensated_sum_keeps_small_terms() {
        let values = [1e16, 1.0, -1e16, 1.0];
        assert_eq!(compensated_sum(values.into_iter()), 2.0);
    }
}
