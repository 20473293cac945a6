//! Per-model summary statistics, with the old script's names and meanings.

use serde::Serialize;

use super::frontier::Point;

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

/// Statistics of a non-empty set of points, given in [`super::frontier::sort_by_flops`] order.
pub fn model_stats(sorted: &[Point]) -> ModelStats {
    let cheapest = sorted[0];
    let best = sorted
        .iter()
        .min_by(|a, b| a.ppl.total_cmp(&b.ppl).then(a.flops.total_cmp(&b.flops)))
        .copied()
        .unwrap_or(cheapest);
    // Summed in load order so the mean does not depend on how ties were sorted.
    let mut in_load_order: Vec<&Point> = sorted.iter().collect();
    in_load_order.sort_by_key(|p| p.record);
    let n = sorted.len() as f64;
    ModelStats {
        num_configs: sorted.len(),
        best_ppl: best.ppl,
        best_ppl_flops: best.flops,
        lowest_flops: cheapest.flops,
        lowest_flops_ppl: cheapest.ppl,
        mean_ppl: compensated_sum(in_load_order.iter().map(|p| p.ppl)) / n,
        mean_flops: compensated_sum(in_load_order.iter().map(|p| p.flops)) / n,
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
