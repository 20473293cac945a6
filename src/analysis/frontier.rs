//! Pareto frontier of one model's configurations: the points no other point beats on both
//! cost and score. Sorting makes it O(n log n); the result has strictly increasing cost and a
//! strictly improving score (decreasing when lower is better, increasing when higher is),
//! which the interpolation relies on.

use crate::results::Better;

/// One configuration as the analysis sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Cost: FLOPs per token unless the field mapping says otherwise.
    pub x: f64,
    /// Score: perplexity unless the field mapping says otherwise.
    pub y: f64,
    /// Index of the record in its [`crate::results::ResultSet`].
    pub record: u32,
}

/// `y` as a key that sorts better scores first.
fn key(y: f64, better: Better) -> f64 {
    match better {
        Better::Lower => y,
        Better::Higher => -y,
    }
}

/// Sorts by cost, then score (better first), then load order, so ties resolve the same on
/// every run (the order is total, so an unstable sort gives the one result, faster).
pub fn sort_by_cost(points: &mut [Point], better: Better) {
    points.sort_unstable_by(|a, b| {
        a.x.total_cmp(&b.x)
            .then(key(a.y, better).total_cmp(&key(b.y, better)))
            .then(a.record.cmp(&b.record))
    });
}

/// The frontier of `points`, which must already be in [`sort_by_cost`] order.
///
/// A point is kept unless another costs no more and scores no worse, one of them strictly;
/// of exact duplicates only the first (in load order) is kept.
pub fn pareto_frontier(sorted: &[Point], better: Better) -> Vec<Point> {
    let mut frontier: Vec<Point> = Vec::new();
    for &point in sorted {
        // Every earlier point costs no more, so this one survives only with a new best score.
        if frontier
            .last()
            .is_none_or(|best| better.beats(point.y, best.y))
        {
            frontier.push(point);
        }
    }
    frontier
}

/// True when `a` dominates `b`: no worse on both axes and strictly better on one.
pub fn dominates(a: &Point, b: &Point, better: Better) -> bool {
    let (ka, kb) = (key(a.y, better), key(b.y, better));
    a.x <= b.x && ka <= kb && (a.x < b.x || ka < kb)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(raw: &[(f64, f64)]) -> Vec<Point> {
        let mut v: Vec<Point> = raw
            .iter()
            .enumerate()
            .map(|(i, &(x, y))| Point {
                x,
                y,
                record: i as u32,
            })
            .collect();
        sort_by_cost(&mut v, Better::Lower);
        v
    }

    #[test]
    fn keeps_only_undominated_points_once() {
        let points = pts(&[
            (3.0, 10.0),
            (1.0, 20.0),
            (2.0, 20.0),
            (1.0, 20.0),
            (4.0, 10.0),
        ]);
        let frontier: Vec<(f64, f64, u32)> = pareto_frontier(&points, Better::Lower)
            .iter()
            .map(|p| (p.x, p.y, p.record))
            .collect();
        assert_eq!(frontier, vec![(1.0, 20.0, 1), (3.0, 10.0, 0)]);
    }

    #[test]
    fn equal_flops_keeps_the_lower_perplexity() {
        let points = pts(&[(1.0, 20.0), (1.0, 15.0)]);
        let frontier = pareto_frontier(&points, Better::Lower);
        assert_eq!(frontier.len(), 1);
        assert_eq!(frontier[0].y, 15.0);
    }

    #[test]
    fn higher_is_better_keeps_rising_scores() {
        let mut points = pts(&[(1.0, 0.5), (2.0, 0.4), (3.0, 0.7), (3.0, 0.6)]);
        sort_by_cost(&mut points, Better::Higher);
        let frontier: Vec<(f64, f64)> = pareto_frontier(&points, Better::Higher)
            .iter()
            .map(|p| (p.x, p.y))
            .collect();
        assert_eq!(frontier, [(1.0, 0.5), (3.0, 0.7)]);
        let (a, b) = (&points[0], &points[1]);
        assert!(dominates(a, b, Better::Higher) || dominates(b, a, Better::Higher));
    }
}
