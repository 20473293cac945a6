use effgraph::analysis::Interpolation::{Log, Step};
use effgraph::analysis::frontier::{Point, dominates, pareto_frontier, sort_by_cost};
use effgraph::analysis::interpolate::{cost_to_reach, score_at};
use effgraph::results::Better;
use proptest::prelude::*;

/// Which way the score is better: every property holds both ways.
fn better() -> impl Strategy<Value = Better> {
    prop::sample::select(vec![Better::Lower, Better::Higher])
}

/// Points on a coarse grid, so ties and exact duplicates are common, sorted for `better`.
fn points() -> impl Strategy<Value = (Vec<Point>, Better)> {
    (
        prop::collection::vec((1u32..40, 10u32..120), 1..60),
        better(),
    )
        .prop_map(|(raw, better)| {
            let mut pts: Vec<Point> = raw
                .into_iter()
                .enumerate()
                .map(|(i, (f, p))| Point {
                    x: f64::from(f) * 1e8,
                    y: f64::from(p) / 2.0,
                    record: i as u32,
                })
                .collect();
            sort_by_cost(&mut pts, better);
            (pts, better)
        })
}

proptest! {
    #[test]
    fn no_frontier_point_is_dominated((pts, better) in points()) {
        let frontier = pareto_frontier(&pts, better);
        for f in &frontier {
            prop_assert!(!pts.iter().any(|p| dominates(p, f, better)));
        }
    }

    #[test]
    fn every_other_point_is_dominated_by_or_duplicates_a_frontier_point((pts, better) in points()) {
        let frontier = pareto_frontier(&pts, better);
        for p in &pts {
            let covered = frontier.iter().any(|f| {
                dominates(f, p, better) || (f.x == p.x && f.y == p.y)
            });
            prop_assert!(covered, "{p:?} not covered by {frontier:?}");
        }
        // Exact duplicates appear once, and the order is strict on both axes.
        for w in frontier.windows(2) {
            prop_assert!(w[0].x < w[1].x && better.beats(w[1].y, w[0].y));
        }
    }

    #[test]
    fn cost_to_reach_is_monotone_in_the_target((pts, better) in points(), a in 5.0f64..61.0, b in 5.0f64..61.0) {
        let frontier = pareto_frontier(&pts, better);
        // `easy` is the target a model reaches sooner, `hard` the better one.
        let (easy, hard) = if better.beats(a, b) { (b, a) } else { (a, b) };
        for mode in [Log, Step] {
            let at_hard = cost_to_reach(&frontier, hard, mode, better);
            let at_easy = cost_to_reach(&frontier, easy, mode, better);
            if let Some(h) = at_hard {
                // A harder target is never cheaper, and an easier one is reached too.
                let e = at_easy.expect("an easier target is reached");
                prop_assert!(h.value >= e.value, "{mode:?}: {h:?} at {hard} vs {e:?} at {easy}");
            }
            let best = frontier.last().unwrap().y;
            prop_assert_eq!(at_hard.is_none(), better.beats(hard, best));
        }
    }

    #[test]
    fn score_at_is_monotone_in_the_budget((pts, better) in points(), a in 0.5e8f64..45e8, b in 0.5e8f64..45e8) {
        let frontier = pareto_frontier(&pts, better);
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        for mode in [Log, Step] {
            if let Some(l) = score_at(&frontier, lo, mode) {
                let h = score_at(&frontier, hi, mode).expect("a larger budget is reached");
                // More budget never gives a worse score.
                prop_assert!(!better.beats(l.value, h.value));
            }
        }
        prop_assert_eq!(score_at(&frontier, lo, Log).is_none(), lo < frontier[0].x);
    }

    #[test]
    fn step_and_log_agree_at_frontier_points((pts, better) in points()) {
        let frontier = pareto_frontier(&pts, better);
        for f in &frontier {
            let log = cost_to_reach(&frontier, f.y, Log, better).unwrap();
            let step = cost_to_reach(&frontier, f.y, Step, better).unwrap();
            prop_assert_eq!(log, step);
            prop_assert_eq!((log.value, log.interpolated), (f.x, false));
            let log = score_at(&frontier, f.x, Log).unwrap();
            prop_assert_eq!(log, score_at(&frontier, f.x, Step).unwrap());
            prop_assert_eq!((log.value, log.interpolated), (f.y, false));
        }
    }

    #[test]
    fn log_readings_stay_inside_their_segment((pts, better) in points(), t in 5.0f64..61.0) {
        let frontier = pareto_frontier(&pts, better);
        if let Some(e) = cost_to_reach(&frontier, t, Log, better) {
            let step = cost_to_reach(&frontier, t, Step, better).unwrap();
            prop_assert!(e.value <= step.value);
            prop_assert!(e.value >= frontier[0].x);
        }
    }
}

mod drawn_curve {
    use effgraph::analysis::interpolate::{cost_to_reach, score_at};
    use effgraph::analysis::{Interpolation, Point};
    use effgraph::render::frontier_curve;
    use proptest::prelude::*;

    /// A frontier: FLOPs ascending, perplexity descending.
    fn frontier() -> impl Strategy<Value = Vec<Point>> {
        prop::collection::vec((0.05f64..1.0, 0.02f64..0.5), 2..7).prop_map(|steps| {
            let (mut flops, mut ppl) = (1e8, 200.0);
            steps
                .iter()
                .enumerate()
                .map(|(i, &(df, dp))| {
                    flops *= 1.0 + 3.0 * df;
                    ppl *= 1.0 - dp;
                    Point {
                        x: flops,
                        y: ppl,
                        record: i as u32,
                    }
                })
                .collect()
        })
    }

    /// Distance in page points from `(x, y)` to the polyline, on a 300 × 200 pt plot whose
    /// axes are log (`log_x`, `log_y`) or linear over the curve's range.
    fn distance(curve: &[(f64, f64)], (x, y): (f64, f64), log_x: bool, log_y: bool) -> f64 {
        let tx = |v: f64| if log_x { v.log10() } else { v };
        let ty = |v: f64| if log_y { v.log10() } else { v };
        let (x0, x1) = (tx(curve[0].0), tx(curve.last().unwrap().0));
        let (y0, y1) = (ty(curve.last().unwrap().1), ty(curve[0].1));
        let page = |(a, b): (f64, f64)| {
            (
                (tx(a) - x0) / (x1 - x0) * 300.0,
                (ty(b) - y0) / (y1 - y0) * 200.0,
            )
        };
        let p = page((x, y));
        curve
            .windows(2)
            .map(|w| {
                let (a, b) = (page(w[0]), page(w[1]));
                let (dx, dy) = (b.0 - a.0, b.1 - a.1);
                let len2 = dx * dx + dy * dy;
                let t = if len2 == 0.0 {
                    0.0
                } else {
                    (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
                };
                ((a.0 + t * dx - p.0).powi(2) + (a.1 + t * dy - p.1).powi(2)).sqrt()
            })
            .fold(f64::INFINITY, f64::min)
    }

    proptest! {
        /// Every ≈ number read off a frontier lies on the frontier as the figure draws it,
        /// whatever the rule and the axes: a reader measuring the figure reads the tables.
        #[test]
        fn every_reading_lies_on_the_drawn_curve(
            f in frontier(),
            s in 0.0f64..1.0,
            mode in prop::sample::select(vec![Interpolation::Power, Interpolation::Log, Interpolation::Step]),
            log_x in any::<bool>(),
            log_y in any::<bool>(),
        ) {
            let curve = frontier_curve(&f, mode);
            let (lo, hi) = (f[0].x, f.last().unwrap().x);
            let budget = lo * (hi / lo).powf(s);
            let reading = score_at(&f, budget, mode).unwrap().value;
            prop_assert!(distance(&curve, (budget, reading), log_x, log_y) < 0.1);
            let target = f.last().unwrap().y + s * (f[0].y - f.last().unwrap().y);
            let needed = cost_to_reach(&f, target, mode, effgraph::results::Better::Lower)
                .unwrap()
                .value;
            if mode != Interpolation::Step {
                prop_assert!(distance(&curve, (needed, target), log_x, log_y) < 0.1);
            }
        }
    }
}
