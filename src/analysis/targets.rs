//! Which targets the comparison tables use when the user names none.
//!
//! Each axis is chosen on its own: the targets given for it; else the requirements' `at_ppl`
//! (or `at_flops`) values in file order; else data-driven levels: the lower quartile, median
//! and upper quartile (nearest rank) of all models' frontier values pooled, rounded *up* to two
//! significant digits (so the model whose point it was still reaches it), duplicates removed.

use super::frontier::Point;

/// Quartile levels of `values`, rounded up to two significant digits, ascending and distinct.
pub fn data_driven_levels(mut values: Vec<f64>) -> Vec<f64> {
    if values.is_empty() {
        return Vec::new();
    }
    values.sort_by(f64::total_cmp);
    let mut levels: Vec<f64> = [0.25, 0.5, 0.75]
        .iter()
        .map(|q| {
            let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
            round_up_significant(values[rank - 1], 2)
        })
        .collect();
    levels.dedup();
    levels
}

pub fn ppl_levels<'a>(frontiers: impl Iterator<Item = &'a [Point]>) -> Vec<f64> {
    data_driven_levels(frontiers.flatten().map(|p| p.y).collect())
}

pub fn flops_levels<'a>(frontiers: impl Iterator<Item = &'a [Point]>) -> Vec<f64> {
    data_driven_levels(frontiers.flatten().map(|p| p.x).collect())
}

fn round_up_significant(x: f64, digits: i32) -> f64 {
    let magnitude = libm::floor(libm::log10(x)) as i32;
    let exponent = digits - 1 - magnitude;
    // Scaling by an exact power of ten (never by 1e-8, which is inexact) keeps 2.2e9 exact.
    let rounded = if exponent >= 0 {
        let scale = libm::pow(10.0, f64::from(exponent));
        ceil_tolerant(x * scale) / scale
    } else {
        let scale = libm::pow(10.0, f64::from(-exponent));
        ceil_tolerant(x / scale) * scale
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_rounded_to_two_digits() {
        let levels = data_driven_levels(vec![28.15, 29.0, 30.4, 31.2, 33.9, 36.59, 35.0, 32.25]);
        assert_eq!(levels, vec![29.0, 32.0, 34.0]);
        assert_eq!(
            data_driven_levels(vec![4.6, 8.63, 9.0, 10.0]),
            vec![4.6, 8.7, 9.0]
        );
        assert_eq!(data_driven_levels(vec![2.16e9]), vec![2.2e9]);
        assert!(data_driven_levels(Vec::new()).is_empty());
        assert_eq!(
            data_driven_levels(vec![5e-324, 1.7e308]),
            vec![5e-324, 1.7e308]
        );
    }
}
