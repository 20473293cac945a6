//! A confidence interval and how it reads. Its ends may be infinite: a resampled reading that
//! is not reached counts as the worst value it could be (see [`super::bootstrap`]).

/// The intervals' confidence level.
pub(crate) const LEVEL: f64 = 0.95;

/// A confidence interval; either end may be infinite (see the module notes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

impl Interval {
    /// `[low, high]`, each end `show`n, an unbounded end as `∞` or `−∞`.
    pub(crate) fn text(&self, show: impl Fn(f64) -> String) -> String {
        let end = |v: f64| match v {
            f64::INFINITY => "∞".to_string(),
            f64::NEG_INFINITY => "−∞".to_string(),
            v => show(v),
        };
        format!("[{}, {}]", end(self.low), end(self.high))
    }

    /// `value [low, high]`, the ends without the unit when they share the value's:
    /// `≈348M params [317M, 388M]`, `≈2.3× [1.89, 2.92]`, but `≈1.1 GFLOPs [980 MFLOPs,
    /// 1.3 GFLOPs]`.
    pub(crate) fn beside(&self, value: &str, show: impl Fn(f64) -> String) -> String {
        let full = self.text(&show);
        let unit = unit_of(value);
        if unit.is_empty() {
            return format!("{value} {full}");
        }
        let ends: Vec<String> = [self.low, self.high]
            .iter()
            .map(|&v| {
                if v.is_finite() {
                    show(v)
                } else {
                    String::new()
                }
            })
            .collect();
        if ends.iter().all(|e| e.is_empty() || unit_of(e) == unit) {
            let short = self.text(|v| {
                let shown = show(v);
                shown[..shown.len() - unit.len()].trim_end().to_string()
            });
            format!("{value} {short}")
        } else {
            format!("{value} {full}")
        }
    }
}

/// The unit a shown value ends with: the word after its last space (`params`, `GFLOPs`), or
/// a trailing `×` or `%`; empty when there is none.
fn unit_of(shown: &str) -> &str {
    if let Some((_, word)) = shown.rsplit_once(' ') {
        if !word.starts_with(|c: char| c.is_ascii_digit()) {
            return word;
        }
    }
    for sign in ["×", "%"] {
        if shown.ends_with(sign) {
            return sign;
        }
    }
    ""
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_drop_the_unit_they_share_with_the_value() {
        let i = Interval {
            low: 317e6,
            high: 388e6,
        };
        let params = |v: f64| format!("{}M params", v / 1e6);
        assert_eq!(
            i.beside("≈348M params", params),
            "≈348M params [317M, 388M]"
        );
        let ratio = Interval {
            low: 1.89,
            high: f64::INFINITY,
        };
        assert_eq!(
            ratio.beside("≈2.3×", |v| format!("{v}×")),
            "≈2.3× [1.89, ∞]"
        );
        let flops = |v: f64| {
            if v < 1e9 {
                format!("{} MFLOPs", v / 1e6)
            } else {
                format!("{} GFLOPs", v / 1e9)
            }
        };
        let mixed = Interval {
            low: 980e6,
            high: 1.3e9,
        };
        assert_eq!(
            mixed.beside("≈1.1 GFLOPs", flops),
            "≈1.1 GFLOPs [980 MFLOPs, 1.3 GFLOPs]"
        );
        assert_eq!(
            mixed.beside("not reached", flops),
            "not reached [980 MFLOPs, 1.3 GFLOPs]"
        );
    }
}
