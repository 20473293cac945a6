//! Axes: whether each is linear or logarithmic, its padded range, its ticks and their labels.
//! Positions are computed in transformed coordinates (log10 of the value on a log axis). A
//! range is padded around the data, never widened so much that the differences the tables
//! report disappear; every axis gets at least three labelled ticks, however many decades (or
//! how few hundredths) it spans.

use crate::error::Invalid;
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScaleChoice {
    /// Log when the data span more than one decade (max / min > 10).
    #[default]
    Auto,
    Linear,
    Log,
}

impl std::str::FromStr for ScaleChoice {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        match s {
            "auto" => Ok(ScaleChoice::Auto),
            "linear" => Ok(ScaleChoice::Linear),
            "log" => Ok(ScaleChoice::Log),
            other => Err(Invalid(format!(
                "unknown scale `{other}` (expected auto, linear or log)"
            ))),
        }
    }
}

/// The smallest and largest powers of ten an axis end may be (10^t finite and non-zero).
const LOG10_MIN: f64 = -323.0;
const LOG10_MAX: f64 = 308.0;

/// At most this many ticks on an axis, however many decades it spans.
const MAX_TICKS: i64 = 12;

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
    /// An axis showing every value in `[min, max]` (both > 0), about one tick per
    /// `length / ticks` points of axis.
    pub(crate) fn fit(min: f64, max: f64, choice: ScaleChoice, ticks: usize) -> Axis {
        let log = match choice {
            ScaleChoice::Auto => max / min > 10.0,
            ScaleChoice::Log => true,
            ScaleChoice::Linear => false,
        };
        if log {
            let (lmin, lmax) = (libm::log10(min), libm::log10(max));
            let pad = ((lmax - lmin) * 0.06).max(0.02);
            // Padded in log space and kept where 10^t is a finite, non-zero f64, so that data
            // at the ends of the f64 range (1e300, subnormals) still get a finite axis.
            let lo_t = (lmin - pad).max(LOG10_MIN);
            let hi_t = (lmax + pad).min(LOG10_MAX);
            let (lo, hi) = (libm::pow(10.0, lo_t), libm::pow(10.0, hi_t));
            let mut ticks_v = log_ticks(lo, hi);
            if ticks_v.len() < 3 {
                ticks_v = linear_ticks(lo, hi, ticks.max(3));
            }
            Axis {
                log,
                lo,
                hi,
                ticks: ticks_v,
            }
        } else {
            let span = max - min;
            // Pad by a share of the span, so close values stay apart; a single value gets a
            // small window of its own size.
            let pad = if span > max.abs() * 1e-12 {
                span * 0.07
            } else {
                (max.abs() * 0.02).max(f64::MIN_POSITIVE)
            };
            let lo = if min - pad < 0.0 && min >= 0.0 {
                0.0
            } else {
                min - pad
            };
            let hi = max + pad;
            let mut t = ticks.max(3);
            let mut ticks_v = linear_ticks(lo, hi, t);
            while ticks_v.len() < 3 && t < 20 {
                t += 1;
                ticks_v = linear_ticks(lo, hi, t);
            }
            Axis {
                log,
                lo,
                hi,
                ticks: ticks_v,
            }
        }
    }

    /// A value in the axis' (transformed) coordinates.
    pub(crate) fn t(&self, v: f64) -> f64 {
        if self.log { libm::log10(v) } else { v }
    }

    /// Where `v` lies on the axis, from 0 (at `lo`) to 1 (at `hi`).
    pub(crate) fn fraction(&self, v: f64) -> f64 {
        let (a, b) = (self.t(self.lo), self.t(self.hi));
        (self.t(v) - a) / (b - a)
    }

    /// Whether the ticks are whole powers of ten over more than three decades: then labels
    /// read `10⁹` rather than `1000000000`.
    pub(crate) fn powers_of_ten(&self) -> bool {
        self.log
            && libm::log10(self.hi / self.lo) > 3.0
            && self.ticks.iter().all(|&v| {
                let e = libm::log10(v);
                (e - libm::round(e)).abs() < 1e-9
            })
    }

    /// The fewest significant digits that write every tick exactly (32.5 is never "32"), for
    /// values divided by `scale`.
    pub(crate) fn label_digits(&self, scale: f64) -> usize {
        (1..=10)
            .find(|&d| {
                self.ticks.iter().all(|&v| {
                    let shown: f64 = crate::format::sig(v / scale, d).parse().unwrap_or(f64::NAN);
                    (shown - v / scale).abs() <= 1e-9 * (v / scale).abs().max(f64::MIN_POSITIVE)
                })
            })
            .unwrap_or(10)
    }

    /// The tick labels: powers of ten as `10ⁿ`, otherwise the values divided by `scale`.
    pub(crate) fn labels(&self, scale: f64) -> Vec<String> {
        if self.powers_of_ten() {
            return self
                .ticks
                .iter()
                .map(|&v| superscript_power(libm::round(libm::log10(v)) as i32))
                .collect();
        }
        let digits = self.label_digits(scale);
        self.ticks
            .iter()
            .map(|&v| crate::format::sig(v / scale, digits))
            .collect()
    }
}

/// `10⁻⁶`, `10⁹`.
fn superscript_power(e: i32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut s = String::from("10");
    if e < 0 {
        s.push('⁻');
    }
    for c in e.unsigned_abs().to_string().chars() {
        s.push(DIGITS[c.to_digit(10).unwrap_or(0) as usize]);
    }
    s
}

/// 1-2-5 ticks per decade, thinned when the range spans many decades (every n-th power of
/// ten past eight), refined when few fit.
pub(crate) fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
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
    let multipliers: &[f64] = if decades > 3.2 {
        &[1.0]
    } else if decades > 2.0 {
        &[1.0, 3.0]
    } else if decades > 0.9 {
        &[1.0, 2.0, 5.0]
    } else {
        &[1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]
    };
    let first = libm::floor(lo_t) as i32;
    let last = libm::ceil(hi_t) as i32;
    (first..=last)
        .flat_map(|e| {
            multipliers
                .iter()
                .map(move |m| m * libm::pow(10.0, f64::from(e)))
        })
        .filter(|v| (lo..=hi).contains(v))
        .collect()
}

/// About `target` ticks at a "nice" step (1, 2, 2.5 or 5 times a power of ten).
pub(crate) fn linear_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
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
        assert!(!Axis::fit(2e9, 10e9, ScaleChoice::Auto, 5).log);
        assert!(Axis::fit(1.4e8, 2.4e10, ScaleChoice::Auto, 5).log);
        assert!(Axis::fit(2e9, 10e9, ScaleChoice::Log, 5).log);
    }

    #[test]
    fn every_axis_has_three_labelled_ticks() {
        for (min, max) in [
            (19.99, 20.03),
            (3.0, 18.0),
            (1e-6, 1.0),
            (1e9, 1e9),
            (2.0, 2.6),
        ] {
            for choice in [ScaleChoice::Auto, ScaleChoice::Log, ScaleChoice::Linear] {
                let axis = Axis::fit(min, max, choice, 4);
                assert!(
                    axis.ticks.len() >= 3,
                    "{min}..{max} {choice:?}: {:?}",
                    axis.ticks
                );
                let labels = axis.labels(1.0);
                assert!(labels.windows(2).all(|w| w[0] != w[1]), "{labels:?}");
            }
        }
    }

    #[test]
    fn flat_data_keep_their_differences_visible() {
        let axis = Axis::fit(19.99, 20.03, ScaleChoice::Auto, 4);
        assert!(
            axis.lo > 19.98 && axis.hi < 20.04,
            "{} {}",
            axis.lo,
            axis.hi
        );
    }

    #[test]
    fn tick_labels_are_exact() {
        let axis = Axis {
            log: false,
            lo: 28.0,
            hi: 39.0,
            ticks: vec![30.0, 32.5, 35.0, 37.5],
        };
        assert_eq!(axis.labels(1.0), vec!["30", "32.5", "35", "37.5"]);
    }

    #[test]
    fn six_decades_read_as_powers_of_ten() {
        let axis = Axis::fit(1e3, 1e9, ScaleChoice::Auto, 5);
        assert_eq!(axis.labels(1.0).first().map(String::as_str), Some("10³"));
        assert_eq!(superscript_power(-6), "10⁻⁶");
    }

    /// Data at the ends of the f64 range once made tick generation allocate 4 GB.
    #[test]
    fn regression_extreme_ranges_get_a_few_finite_ticks() {
        for (min, max) in [(1.0, 1e300), (5e-324, 1e300), (f64::MIN_POSITIVE, 2.0)] {
            let axis = Axis::fit(min, max, ScaleChoice::Auto, 5);
            assert!(axis.lo > 0.0 && axis.hi.is_finite(), "{min} {max}");
            assert!((2..=13).contains(&axis.ticks.len()), "{:?}", axis.ticks);
            assert!(axis.ticks.iter().all(|t| t.is_finite() && *t > 0.0));
        }
        let linear = Axis::fit(1.0, 1e300, ScaleChoice::Linear, 5);
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
