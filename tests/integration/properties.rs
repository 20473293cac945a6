use effgraph::analysis::Interpolation::{Log, Step};
use effgraph::analysis::frontier::{Point, dominates, pareto_frontier, sort_by_flops};
use effgraph::analysis::interpolate::{flops_to_reach, ppl_at_budget};
use proptest::prelude::*;

/// Points on a coarse grid, so ties and exact duplicates are common.
fn points() -> impl Strategy<Value = Vec<Point>> {
    prop::collection::vec((1u32..40, 10u32..120), 1..60).prop_map(|raw| {
        let mut pts: Vec<Point> = raw
            .into_iter()
            .enumerate()
            .map(|(i, (f, p))| Point {
                flops: f64::from(f) * 1e8,
                ppl: f64::from(p) / 2.0,
                record: i as u32,
            })
            .collect();
        sort_by_flops(&mut pts);
        pts
    })
}

fn frontier_of(points: &[Point]) -> Vec<Point> {
    pareto_frontier(points)
}

proptest! {
    #[test]
    fn no_frontier_point_is_dominated(pts in points()) {
        let frontier = frontier_of(&pts);
        for f in &frontier {
            prop_assert!(!pts.iter().any(|p| dominates(p, f)));
        }
    }

    #[test]
    fn every_other_point_is_dominated_by_or_duplicates_a_frontier_point(pts in points()) {
        let frontier = frontier_of(&pts);
        for p in &pts {
            let covered = frontier.iter().any(|f| {
                dominates(f, p) || (f.flops == p.flops && f.ppl == p.ppl)
            });
            prop_assert!(covered, "{p:?} not covered by {frontier:?}");
        }
        // Exact duplicates appear once, and the order is strict on both axes.
        for w in frontier.windows(2) {
            prop_assert!(w[0].flops < w[1].flops && w[0].ppl > w[1].ppl);
        }
    }

    #[test]
    fn flops_to_reach_is_monotone_in_the_target(pts in points(), a in 5.0f64..61.0, b in 5.0f64..61.0) {
        let frontier = frontier_of(&pts);
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        for mode in [Log, Step] {
            let at_lo = flops_to_reach(&frontier, lo, mode);
            let at_hi = flops_to_reach(&frontier, hi, mode);
            if let Some(l) = at_lo {
                // A harder (lower) target is never cheaper, and an easier one is reached too.
                let h = at_hi.expect("an easier target is reached");
                prop_assert!(l.value >= h.value, "{mode:?}: {l:?} at {lo} vs {h:?} at {hi}");
            }
            let best = frontier.last().unwrap().ppl;
            prop_assert_eq!(at_lo.is_none(), lo < best);
        }
    }

    #[test]
    fn ppl_at_budget_is_monotone_in_the_budget(pts in points(), a in 0.5e8f64..45e8, b in 0.5e8f64..45e8) {
        let frontier = frontier_of(&pts);
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        for mode in [Log, Step] {
            if let Some(l) = ppl_at_budget(&frontier, lo, mode) {
                let h = ppl_at_budget(&frontier, hi, mode).expect("a larger budget is reached");
                prop_assert!(l.value >= h.value);
            }
        }
        prop_assert_eq!(ppl_at_budget(&frontier, lo, Log).is_none(), lo < frontier[0].flops);
    }

    #[test]
    fn step_and_log_agree_at_frontier_points(pts in points()) {
        let frontier = frontier_of(&pts);
        for f in &frontier {
            let log = flops_to_reach(&frontier, f.ppl, Log).unwrap();
            let step = flops_to_reach(&frontier, f.ppl, Step).unwrap();
            prop_assert_eq!(log, step);
            prop_assert_eq!((log.value, log.interpolated), (f.flops, false));
            let log = ppl_at_budget(&frontier, f.flops, Log).unwrap();
            prop_assert_eq!(log, ppl_at_budget(&frontier, f.flops, Step).unwrap());
            prop_assert_eq!((log.value, log.interpolated), (f.ppl, false));
        }
    }

    #[test]
    fn log_readings_stay_inside_their_segment(pts in points(), t in 5.0f64..61.0) {
        let frontier = frontier_of(&pts);
        if let Some(e) = flops_to_reach(&frontier, t, Log) {
            let step = flops_to_reach(&frontier, t, Step).unwrap();
            prop_assert!(e.value <= step.value);
            prop_assert!(e.value >= frontier[0].flops);
        }
    }
}
