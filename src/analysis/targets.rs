//! Which targets the comparison tables use when the user names none.
//!
//! Each axis is chosen on its own: the targets given for it; else the requirements' `at_y`
//! (or `at_x`) values in file order; else data-driven levels: the lower quartile, median
//! and upper quartile (nearest rank) of all models' frontier values pooled, rounded to two
//! significant digits towards the easier side (up for a budget or a lower-is-better score,
//! down for a higher-is-better one, so the model whose point it was still reaches it),
//! duplicates removed.

use super::frontier::Point;
use crate::results::Better;

/// Quartile levels of `values`, rounded up (or, with `up` false, down) to two significant
/// digits, ascending and distinct.
pub(crate) fn data_driven_levels(mut values: Vec<f64>, up: bool) -> Vec<f64> {
    if values.is_empty() {
        return Vec::new();
    }
    values.sort_by(f64::total_cmp);
    let mut levels: Vec<f64> = [0.25, 0.5, 0.75]
        .iter()
        .map(|q| {
            let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
            round_significant(values[rank - 1], 2, up)
        })
        .collect();
    levels.dedup();
    levels
}

pub(crate) fn y_levels<'a>(
    frontiers: impl Iterator<Item = &'a [Point]>,
    better: Better,
) -> Vec<f64> {
    let values = frontiers.flatten().map(|p| p.y).collect();
    data_driven_levels(values, better == Better::Lower)
}

pub(crate) fn x_levels<'a>(frontiers: impl Iterator<Item = &'a [Point]>) -> Vec<f64> {
    data_driven_levels(frontiers.flatten().map(|p| p.x).collect(), true)
}

fn round_significant(x: f64, digits: i32, up: bool) -> f64 {
    let round = |v: f64| {
        if up {
            ceil_tolerant(v)
        } else {
            floor_tolerant(v)
        }
    };
    let magnitude = libm::floor(libm::log10(x)) as i32;
    let exponent = digits - 1 - magnitude;
    // Scaling by an exact power of ten (never by 1e-8, which is inexact) keeps 2.2e9 exact.
    let rounded = if exponent >= 0 {
        let scale = libm::pow(10.0, f64::from(exponent));
        round(x * scale) / scale
    } else {
        let scale = libm::pow(10.0, f64::from(-exponent));
        round(x / scale) * scale
    };
    // At the ends of the f64 range the scale overflows: the value itself is the level.
    if rounded.is_finite() && rounded > 0.0 {
        rounded
    } else {
        x
    }
}

/// Ceiling that ignores representation noise: 4.6 × 10 is 46, not 46.000000000000004 → 47.
fn ceil_tolerant(x: f64) -> f64 {
    libm::ceil(x - 1e-9 * x.abs().max(1.0))
}

/// Floor that ignores representation noise, as [`ceil_tolerant`].
fn floor_tolerant(x: f64) -> f64 {
    libm::floor(x + 1e-9 * x.abs().max(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_rounded_to_two_digits() {
        let levels = data_driven_levels(
            vec![28.15, 29.0, 30.4, 31.2, 33.9, 36.59, 35.0, 32.25],
            true,
        );
        assert_eq!(levels, vec![29.0, 32.0, 34.0]);
        assert_eq!(
            data_driven_levels(vec![4.6, 8.63, 9.0, 10.0], true),
            vec![4.6, 8.7, 9.0]
        );
        assert_eq!(data_driven_levels(vec![2.16e9], true), vec![2.2e9]);
        assert!(data_driven_levels(Vec::new(), true).is_empty());
        assert_eq!(
            data_driven_levels(vec![5e-324, 1.7e308], true),
            vec![5e-324, 1.7e308]
        );
        // A higher-is-better score rounds down, so the best model still reaches the top level.
        assert_eq!(
            data_driven_levels(vec![0.443, 0.558, 0.562], false),
            vec![0.44, 0.55, 0.56]
        );
    }
}
