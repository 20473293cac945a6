//! Dominance shading: where one model's frontier reaches a better score than another's
//! within the same cost budget, over the range both models measured (from the later first
//! frontier point to the earlier last one; nothing is shaded where one side was never
//! measured). The edges follow [`score_at`], the same curve the frontiers are drawn
//! with and every ≈ number is read from.

use crate::analysis::interpolate::score_at;
use crate::analysis::{Analysis, ModelAnalysis};

/// A region where `candidate`'s frontier reaches lower perplexity than `baseline`'s.
pub(crate) struct Shading {
    pub candidate: usize,
    pub baseline: usize,
    /// Runs of (FLOPs, candidate PPL, baseline PPL), see [`dominance_runs`].
    pub runs: Vec<Vec<(f64, f64, f64)>>,
}

/// The shaded regions: each requirement's (candidate, baseline) pair; with no requirements
/// and exactly two models, both directions. Pairs whose region is empty are left out.
pub(crate) fn shadings(a: &Analysis) -> Vec<Shading> {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for v in &a.verdicts {
        if let (Some(c), Some(b)) = (
            a.model_index(&v.requirement.candidate),
            a.model_index(&v.requirement.baseline),
        ) && c != b
            && !pairs.contains(&(c, b))
        {
            pairs.push((c, b));
        }
    }
    if a.verdicts.is_empty() && a.models.len() == 2 {
        pairs = vec![(0, 1), (1, 0)];
    }
    pairs
        .into_iter()
        .map(|(candidate, baseline)| Shading {
            candidate,
            baseline,
            runs: dominance_runs(&a.models[candidate], &a.models[baseline], a),
        })
        .filter(|s| !s.runs.is_empty())
        .collect()
}

/// Runs of (FLOPs, candidate PPL, baseline PPL) over the FLOPs both frontiers measured where
/// the candidate reaches lower perplexity, sampled on a log grid fine enough for a smooth edge.
fn dominance_runs(c: &ModelAnalysis, b: &ModelAnalysis, a: &Analysis) -> Vec<Vec<(f64, f64, f64)>> {
    let (Some(c0), Some(b0), Some(c1), Some(b1)) = (
        c.frontier.first(),
        b.frontier.first(),
        c.frontier.last(),
        b.frontier.last(),
    ) else {
        return Vec::new();
    };
    let lo = c0.x.max(b0.x);
    let hi = c1.x.min(b1.x);
    if hi <= lo {
        return Vec::new();
    }
    const SAMPLES: usize = 240;
    let mut runs: Vec<Vec<(f64, f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64, f64)> = Vec::new();
    for i in 0..=SAMPLES {
        let s = i as f64 / SAMPLES as f64;
        let flops = if i == SAMPLES {
            hi
        } else {
            libm::exp(libm::log(lo) * (1.0 - s) + libm::log(hi) * s)
        };
        let pc = score_at(&c.frontier, flops, a.interpolation).map(|e| e.value);
        let pb = score_at(&b.frontier, flops, a.interpolation).map(|e| e.value);
        match (pc, pb) {
            (Some(pc), Some(pb)) if a.axes.better.beats(pc, pb) => current.push((flops, pc, pb)),
            _ => {
                if current.len() > 1 {
                    runs.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() > 1 {
        runs.push(current);
    }
    runs
}
