//! Axes: whether each is linear or logarithmic, its padded range and its tick values. The
//! chart is drawn in transformed coordinates (log10 of the value on a log axis), so one linear
//! plotters coordinate system serves both kinds and straight segments mean the same thing as
//! log-FLOPs interpolation.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScaleChoice {
    /// Log when the data span more than one decade (max / min > 10).
    #[default]
    Auto,
    Linear,
    Log,
}

impl std::str::FromStr for ScaleChoice {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "auto" => Ok(ScaleChoice::Auto),
            "linear" => Ok(ScaleChoice::Linear),
            "log" => Ok(ScaleChoice::Log),
            other => Err(format!(
                "unknown scale `{other}` (expected auto, linear or log)"
            )),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Axis {
    pub log: bool,
    /// Padded range, in data units.
    pub lo: f64,
    pub hi: f64,
    /// Tick values in data units, ascending, all inside the range.
    pub ticks: Vec<f64>,
}

impl Axis {
    /// An axis showing every value in `[min, max]` (both > 0).
    pub fn fit(min: f64, max: f64, choice: ScaleChoice) -> Axis {
        let log = match choice {
            ScaleChoice::Auto => max / min > 10.0,
            ScaleChoice::Log => true,
            ScaleChoice::Linear => false,
        };
        if log {
            let (lmin, lmax) = (libm::log10(min), libm::log10(max));
            let pad = ((lmax - lmin) * 0.06).max(0.04);
            // Padded in log space and kept where 10^t is a finite, non-zero f64, so that data
            // at the ends of the f64 range (1e300, subnormals) still get a finite axis.
            let lo_t = (lmin - pad).max(LOG10_MIN);
            let hi_t = (lmax + pad).min(LOG10_MAX);
            let (lo, hi) = (libm::pow(10.0, lo_t), libm::pow(10.0, hi_t));
            Axis {
                log,
                lo,
                hi,
                ticks: log_ticks(lo, hi),
            }
        } else {
            // A (nearly) flat range is opened to ±10 % of its value, so ticks stay readable.
            let (min, max) = if max - min < max.abs() * 0.02 {
                let mid = (min + max) / 2.0;
                (mid * 0.9, mid * 1.1)
            } else {
                (min, max)
            };
            let span = if max > min { max - min } else { 1.0 };
            let (lo, hi) = ((min - span * 0.06).max(0.0), max + span * 0.06);
            Axis {
                log,
                lo,
                hi,
                ticks: linear_ticks(lo, hi, 6),
            }
        }
    }

    /// A value in the chart's (transformed) coordinates.
    pub fn t(&self, v: f64) -> f64 {
        if self.log { libm::log10(v) } else { v }
    }

    pub fn range_t(&self) -> Range<f64> {
        self.t(self.lo)..self.t(self.hi)
    }

    pub fn ticks_t(&self) -> Vec<f64> {
        self.ticks.iter().map(|&v| self.t(v)).collect()
    }

    /// Significant digits that tell every tick label apart (at least 3), for values divided
    /// by `scale`.
    pub fn label_digits(&self, scale: f64) -> usize {
        (3..=8)
            .find(|&d| {
                let labels: Vec<String> = self
                    .ticks
                    .iter()
                    .map(|&v| crate::format::sig(v / scale, d))
                    .collect();
                labels.windows(2).all(|w| w[0] != w[1])
            })
            .unwrap_or(8)
    }

    /// A transformed coordinate back in data units.
    pub fn inverse(&self, t: f64) -> f64 {
        if self.log { libm::pow(10.0, t) } else { t }
    }
}

/// The smallest and largest powers of ten an axis end may be (10^t finite and non-zero).
const LOG10_MIN: f64 = -323.0;
const LOG10_MAX: f64 = 308.0;

/// At most this many ticks on an axis, however many decades it spans.
const MAX_TICKS: i64 = 12;

/// 1-2-5 ticks per decade, thinned when the range spans many decades (every n-th power of
/// ten past eight), refined when few fit.
pub fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (lo_t, hi_t) = (libm::log10(lo), libm::log10(hi));
    let decades = hi_t - lo_t;
    if !(decades.is_finite() && decades > 0.0) {
        return Vec::new();
    }
    if decades > 8.0 {
        let step = libm::ceil(decades / 6.0) as i64;
        let first = libm::ceil(lo_t / step as f64) as i64 * step;
        return (0..MAX_TICKS)
            .map(|i| first + i * step)
            .take_while(|&e| e as f64 <= hi_t)
            .map(|e| libm::pow(10.0, e as f64))
            .collect();
    }
    let multipliers: &[f64] = if decades > 4.0 {
        &[1.0]
    } else if decades > 2.2 {
        &[1.0, 3.0]
    } else if decades > 0.9 {
        &[1.0, 2.0, 5.0]
    } else {
        &[1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]
    };
    let first = libm::floor(libm::log10(lo)) as i32;
    let last = libm::ceil(libm::log10(hi)) as i32;
    let ticks: Vec<f64> = (first..=last)
        .flat_map(|e| {
            multipliers
                .iter()
                .map(move |m| m * libm::pow(10.0, f64::from(e)))
        })
        .filter(|v| (lo..=hi).contains(v))
        .collect();
    if ticks.len() >= 2 {
        ticks
    } else {
        linear_ticks(lo, hi, 4)
    }
}

/// About `target` ticks at a "nice" step (1, 2, 2.5 or 5 times a power of ten).
pub fn linear_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    let raw = (hi - lo) / target as f64;
    if !(raw.is_finite() && raw > 0.0) {
        return Vec::new();
    }
    let power = libm::pow(10.0, libm::floor(libm::log10(raw)));
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * power);
    let first = libm::ceil(lo / step - 1e-9) as i64;
    let last = libm::floor(hi / step + 1e-9) as i64;
    // Multiplying an integer by the step (not adding steps) keeps ticks like 0.3 exact-looking.
    (first..=last.min(first + MAX_TICKS))
        .map(|i| i as f64 * step)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_scale_is_log_beyond_one_decade() {
        assert!(!Axis::fit(2e9, 10e9, ScaleChoice::Auto).log);
        assert!(Axis::fit(1.4e8, 2.4e10, ScaleChoice::Auto).log);
        assert!(Axis::fit(2e9, 10e9, ScaleChoice::Log).log);
    }

    #[test]
    fn log_ticks_thin_out_as_decades_grow() {
        assert_eq!(
            log_ticks(1.2e8, 1.5e10),
            vec![2e8, 5e8, 1e9, 2e9, 5e9, 1e10]
        );
        // Past 2.2 decades 1-3 steps keep the labels apart.
        assert_eq!(log_ticks(1.2e8, 3e10), vec![3e8, 1e9, 3e9, 1e10, 3e10]);
    }

    #[test]
    fn a_single_value_gets_a_readable_axis() {
        let axis = Axis::fit(1e9, 1e9, ScaleChoice::Auto);
        assert!(!axis.log && axis.lo < 0.95e9 && axis.hi > 1.05e9);
        let labels: Vec<String> = axis
            .ticks
            .iter()
            .map(|&v| crate::format::sig(v / 1e9, axis.label_digits(1e9)))
            .collect();
        assert!(labels.windows(2).all(|w| w[0] != w[1]), "{labels:?}");
    }

    #[test]
    fn labels_get_the_digits_they_need() {
        let axis = Axis {
            log: false,
            lo: 0.0,
            hi: 1.0,
            ticks: vec![20.01, 20.02, 20.03],
        };
        assert_eq!(axis.label_digits(1.0), 4);
    }

    /// Data at the ends of the f64 range once made tick generation allocate 4 GB.
    #[test]
    fn regression_extreme_ranges_get_a_few_finite_ticks() {
        for (min, max) in [(1.0, 1e300), (5e-324, 1e300), (f64::MIN_POSITIVE, 2.0)] {
            let axis = Axis::fit(min, max, ScaleChoice::Auto);
            assert!(axis.lo > 0.0 && axis.hi.is_finite(), "{min} {max}");
            assert!((2..=12).contains(&axis.ticks.len()), "{:?}", axis.ticks);
            assert!(axis.ticks.iter().all(|t| t.is_finite() && *t > 0.0));
        }
        let linear = Axis::fit(1.0, 1e300, ScaleChoice::Linear);
        assert!(linear.ticks.len() <= 13 && !linear.ticks.is_empty());
    }

    #[test]
    fn linear_ticks_take_nice_steps() {
        assert_eq!(linear_ticks(27.3, 44.6, 6), vec![30.0, 35.0, 40.0]);
        assert_eq!(
            linear_ticks(0.0, 10.5, 6),
            vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        );
    }
}

/// A plotters coordinate over transformed values whose key points are exactly our ticks.
#[derive(Debug, Clone)]
pub struct TickedRange {
    pub range: Range<f64>,
    pub ticks: Vec<f64>,
}

impl TickedRange {
    pub fn of(axis: &Axis) -> TickedRange {
        TickedRange {
            range: axis.range_t(),
            ticks: axis.ticks_t(),
        }
    }
}

impl plotters::coord::ranged1d::Ranged for TickedRange {
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let s = (value - self.range.start) / (self.range.end - self.range.start);
        limit.0 + libm::round(s * f64::from(limit.1 - limit.0)) as i32
    }

    fn key_points<Hint: plotters::coord::ranged1d::KeyPointHint>(&self, _hint: Hint) -> Vec<f64> {
        self.ticks.clone()
    }

    fn range(&self) -> Range<f64> {
        self.range.clone()
    }
}
