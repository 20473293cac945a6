//! Reading a frontier at a target: the cost (FLOPs by default) a model needs to reach a score
//! (perplexity by default), and the score it reaches within a cost budget. A target outside
//! what the model measured is `None` (not reached), never the nearest point: that is what
//! made the old script lie. Scores may be better lower or higher; costs are better lower.
//!
//! `Power` (the default) is a power law between adjacent frontier points: log(PPL) linear in
//! log(FLOPs), the form scaling laws take, and a straight line on log-log axes. `Log` is
//! PPL linear in log(FLOPs); `Step` uses measured points only. At a frontier point all give
//! that point exactly. The figure draws the frontier with [`score_at`] itself, so the
//! drawn curve, the shading and every ≈ number come from one rule.

use crate::error::Invalid;
use serde::Serialize;

use super::frontier::Point;
use crate::results::Better;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interpolation {
    #[default]
    Power,
    Log,
    Step,
}

impl Interpolation {
    /// The rule's name as the `interpolation=` key takes it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Interpolation::Power => "power",
            Interpolation::Log => "log",
            Interpolation::Step => "step",
        }
    }
}

impl std::str::FromStr for Interpolation {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        match s {
            "power" => Ok(Interpolation::Power),
            "log" => Ok(Interpolation::Log),
            "step" => Ok(Interpolation::Step),
            other => Err(Invalid(format!(
                "unknown interpolation `{other}` (expected `power`, `log` or `step`)"
            ))),
        }
    }
}

crate::deserialize_from_str!(Interpolation);

/// A value read off a frontier; `interpolated` is false when it is a measured point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    pub value: f64,
    pub interpolated: bool,
}

impl Estimate {
    fn measured(value: f64) -> Self {
        Estimate {
            value,
            interpolated: false,
        }
    }
}

/// Cost needed to reach score `target` on `frontier` (cost ascending, score improving).
///
/// ```
/// use effgraph::analysis::{Interpolation, Point, interpolate::cost_to_reach};
/// use effgraph::results::Better;
/// let frontier = [
///     Point { x: 1e9, y: 40.0, record: 0 },
///     Point { x: 4e9, y: 30.0, record: 1 },
/// ];
/// // Halfway in PPL is halfway in log(FLOPs): 2 GFLOPs, marked as interpolated.
/// let mid = cost_to_reach(&frontier, 35.0, Interpolation::Log, Better::Lower).unwrap();
/// assert!((mid.value - 2e9).abs() < 1.0 && mid.interpolated);
/// // A target below the best perplexity is not reached: no nearest-point answer.
/// assert_eq!(cost_to_reach(&frontier, 29.0, Interpolation::Log, Better::Lower), None);
/// ```
pub fn cost_to_reach(
    frontier: &[Point],
    target: f64,
    mode: Interpolation,
    better: Better,
) -> Option<Estimate> {
    // The first point that reaches the target; the frontier's score strictly improves.
    let k = frontier.partition_point(|p| better.beats(target, p.y));
    let hit = frontier.get(k)?;
    if k == 0 || hit.y == target || mode == Interpolation::Step {
        return Some(Estimate::measured(hit.x));
    }
    let prev = &frontier[k - 1];
    let t = match mode {
        Interpolation::Power => {
            (libm::log(prev.y) - libm::log(target)) / (libm::log(prev.y) - libm::log(hit.y))
        }
        _ => (prev.y - target) / (prev.y - hit.y),
    };
    let log_flops = libm::log(prev.x) + t * (libm::log(hit.x) - libm::log(prev.x));
    // Clamping keeps rounding from stepping outside the segment, so results stay monotone.
    let value = libm::exp(log_flops).clamp(prev.x, hit.x);
    Some(Estimate {
        value,
        interpolated: true,
    })
}

/// Score reached within a cost `budget` on `frontier` (the same whichever way the score is
/// better: the frontier's last affordable point is its best).
pub fn score_at(frontier: &[Point], budget: f64, mode: Interpolation) -> Option<Estimate> {
    // The number of points affordable within the budget; the last of them is the best one.
    let k = frontier.partition_point(|p| p.x <= budget);
    if k == 0 {
        return None;
    }
    let below = &frontier[k - 1];
    let Some(above) = frontier.get(k) else {
        return Some(Estimate::measured(below.y));
    };
    if below.x == budget || mode == Interpolation::Step {
        return Some(Estimate::measured(below.y));
    }
    let t = (libm::log(budget) - libm::log(below.x)) / (libm::log(above.x) - libm::log(below.x));
    let value = match mode {
        Interpolation::Power => {
            libm::exp(libm::log(below.y) + t * (libm::log(above.y) - libm::log(below.y)))
        }
        _ => below.y + t * (above.y - below.y),
    }
    .clamp(above.y.min(below.y), above.y.max(below.y));
    Some(Estimate {
        value,
        interpolated: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Interpolation::{Log, Step};

    fn frontier() -> Vec<Point> {
        [(1e9, 40.0), (4e9, 30.0), (16e9, 20.0)]
            .iter()
            .enumerate()
            .map(|(i, &(x, y))| Point {
                x,
                y,
                record: i as u32,
            })
            .collect()
    }

    #[test]
    fn flops_to_reach_interpolates_in_log_flops() {
        let f = frontier();
        let mid = cost_to_reach(&f, 35.0, Log, Better::Lower).unwrap();
        assert!((mid.value - 2e9).abs() < 1.0, "{}", mid.value);
        assert!(mid.interpolated);
        assert_eq!(
            cost_to_reach(&f, 35.0, Step, Better::Lower).unwrap().value,
            4e9
        );
        assert_eq!(
            cost_to_reach(&f, 50.0, Log, Better::Lower),
            Some(Estimate::measured(1e9))
        );
        assert_eq!(
            cost_to_reach(&f, 30.0, Log, Better::Lower),
            Some(Estimate::measured(4e9))
        );
        assert_eq!(cost_to_reach(&f, 19.9, Log, Better::Lower), None);
    }

    #[test]
    fn power_is_a_straight_line_in_log_log() {
        let f = frontier();
        // Halfway in log FLOPs between (1e9, 40) and (4e9, 30) is the geometric mean of PPLs.
        let mid = score_at(&f, 2e9, Interpolation::Power).unwrap();
        assert!(
            (mid.value - (40.0f64 * 30.0).sqrt()).abs() < 1e-9,
            "{}",
            mid.value
        );
        let back = cost_to_reach(&f, mid.value, Interpolation::Power, Better::Lower).unwrap();
        assert!((back.value - 2e9).abs() < 1.0, "{}", back.value);
        assert_eq!(
            cost_to_reach(&f, 30.0, Interpolation::Power, Better::Lower),
            Some(Estimate::measured(4e9))
        );
    }

    #[test]
    fn a_higher_is_better_score_is_reached_going_up() {
        let f: Vec<Point> = [(1e9, 0.4), (4e9, 0.6)]
            .iter()
            .enumerate()
            .map(|(i, &(x, y))| Point {
                x,
                y,
                record: i as u32,
            })
            .collect();
        let mid = cost_to_reach(&f, 0.5, Log, Better::Higher).unwrap();
        assert!((mid.value - 2e9).abs() < 1.0, "{}", mid.value);
        assert_eq!(
            cost_to_reach(&f, 0.3, Log, Better::Higher),
            Some(Estimate::measured(1e9))
        );
        assert_eq!(cost_to_reach(&f, 0.61, Log, Better::Higher), None);
        let at = score_at(&f, 2e9, Log).unwrap();
        assert!((at.value - 0.5).abs() < 1e-9, "{}", at.value);
    }

    #[test]
    fn ppl_at_budget_interpolates_and_refuses_budgets_below_the_cheapest_point() {
        let f = frontier();
        let mid = score_at(&f, 2e9, Log).unwrap();
        assert!((mid.value - 35.0).abs() < 1e-9, "{}", mid.value);
        assert!(mid.interpolated);
        assert_eq!(score_at(&f, 2e9, Step), Some(Estimate::measured(40.0)));
        assert_eq!(score_at(&f, 1e12, Log), Some(Estimate::measured(20.0)));
        assert_eq!(score_at(&f, 4e9, Log), Some(Estimate::measured(30.0)));
        assert_eq!(score_at(&f, 0.5e9, Log), None);
    }
}
