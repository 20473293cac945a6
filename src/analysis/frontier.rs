//! Pareto frontier of one model's configurations: the points no other point beats on both
//! cost and perplexity. Sorting makes it O(n log n); the result has strictly increasing FLOPs
//! and strictly decreasing perplexity, which the interpolation relies on.

/// One configuration as the analysis sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    /// Index of the record in its [`crate::results::ResultSet`].
    pub record: u32,
}

/// Sorts by FLOPs, then perplexity, then load order, so ties resolve the same on every run
/// (the order is total, so an unstable sort gives the one result, faster).
pub fn sort_by_flops(points: &mut [Point]) {
    points.sort_unstable_by(|a, b| {
        a.x.total_cmp(&b.x)
            .then(a.y.total_cmp(&b.y))
            .then(a.record.cmp(&b.record))
    });
}

/// The frontier of `points`, which must already be in [`sort_by_flops`] order.
///
/// A point is kept unless another has FLOPs ≤ and PPL ≤ with one of them strictly less; of
/// exact duplicates only the first (in load order) is kept.
pub fn pareto_frontier(sorted: &[Point]) -> Vec<Point> {
    let mut frontier: Vec<Point> = Vec::new();
    for &point in sorted {
        // Every earlier point has FLOPs ≤ this one's, so it survives only with a new best PPL.
        if frontier.last().is_none_or(|best| point.y < best.y) {
            frontier.push(point);
        }
    }
    frontier
}

/// True when `a` dominates `b`: no worse on both axes and strictly better on one.
pub fn dominates(a: &Point, b: &Point) -> bool {
    a.x <= b.x && a.y <= b.y && (a.x < b.x || a.y < b.y)
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
        sort_by_flops(&mut v);
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
        let frontier: Vec<(f64, f64, u32)> = pareto_frontier(&points)
            .iter()
            .map(|p| (p.x, p.y, p.record))
            .collect();
        assert_eq!(frontier, vec![(1.0, 20.0, 1), (3.0, 10.0, 0)]);
    }

    #[test]
    fn equal_flops_keeps_the_lower_perplexity() {
        let points = pts(&[(1.0, 20.0), (1.0, 15.0)]);
        let frontier = pareto_frontier(&points);
        assert_eq!(frontier.len(), 1);
        assert_eq!(frontier[0].y, 15.0);
    }
}
