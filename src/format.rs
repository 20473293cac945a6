//! How numbers are written for people: significant digits, SI prefixes for FLOPs, ratios and
//! percentages. One place, so the console, figures and tables never disagree about a value.

/// Items as a sentence lists them: `a`, `a and b`, `a, b and c`.
pub(crate) fn list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
}

/// `x` with `digits` significant digits, trailing zeros trimmed (`30`, `2.16`, `0.0125`).
pub fn sig(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    if x == 0.0 {
        return "0".to_string();
    }
    let magnitude = libm::floor(libm::log10(x.abs())) as i32;
    if !(-4..15).contains(&magnitude) {
        return scientific(x, digits);
    }
    let decimals = (digits as i32 - 1 - magnitude).max(0) as usize;
    let text = format!("{x:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" { "0".to_string() } else { text }
}

/// `x` as `1.7e308`: `digits` significant digits, trailing zeros trimmed.
fn scientific(x: f64, digits: usize) -> String {
    let text = format!("{x:.*e}", digits.saturating_sub(1));
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let mantissa = if mantissa.contains('.') {
        mantissa.trim_end_matches('0').trim_end_matches('.')
    } else {
        mantissa
    };
    format!("{mantissa}e{exponent}")
}

const PREFIXES: [(f64, &str); 6] = [
    (1e15, "P"),
    (1e12, "T"),
    (1e9, "G"),
    (1e6, "M"),
    (1e3, "k"),
    (1.0, ""),
];

/// The SI prefix and divisor that put `x` in [1, 1000), e.g. `(1e9, "G")` for 2.16e9.
pub(crate) fn si_prefix(x: f64) -> (f64, &'static str) {
    let x = x.abs();
    PREFIXES
        .iter()
        .copied()
        .find(|&(scale, _)| x >= scale * 0.9995)
        .unwrap_or((1.0, ""))
}

/// FLOPs with an SI prefix and three significant digits.
///
/// ```
/// assert_eq!(effgraph::format::flops(2.1649e9), "2.16 GFLOPs");
/// assert_eq!(effgraph::format::flops(1.4e8), "140 MFLOPs");
/// ```
pub fn flops(x: f64) -> String {
    if x.abs() >= 1e18 {
        return format!("{} FLOPs", sig(x, 3));
    }
    let (scale, prefix) = si_prefix(x);
    format!("{} {prefix}FLOPs", sig(x / scale, 3))
}

/// Perplexity with two decimals, as the old script printed it: `32.25` (three significant
/// digits beyond what two decimals can show: `1.7e308`, `0.0049`).
pub(crate) fn ppl(x: f64) -> String {
    if x != 0.0 && !(0.01..1e6).contains(&x.abs()) {
        return sig(x, 3);
    }
    format!("{x:.2}")
}

/// A count with K, M, B or T, three significant digits: `1.4B`, `125M`, `900`.
pub(crate) fn count(x: f64) -> String {
    for (scale, suffix) in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")] {
        if x.abs() >= scale * 0.9995 && x.abs() < 1e15 {
            return format!("{}{suffix}", sig(x / scale, 3));
        }
    }
    sig(x, 3)
}

/// A FLOPs ratio: `4.62×`.
pub(crate) fn ratio(x: f64) -> String {
    format!("{}×", sig(x, 3))
}

/// A percentage: `12.3%`.
pub(crate) fn percent(x: f64) -> String {
    format!("{}%", sig(x, 3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_digits_trim_trailing_zeros() {
        assert_eq!(sig(30.0, 4), "30");
        assert_eq!(sig(2.1649, 3), "2.16");
        assert_eq!(sig(0.012549, 3), "0.0125");
        assert_eq!(sig(1234.6, 3), "1235");
        assert_eq!(sig(-0.0001, 1), "-0.0001");
        assert_eq!(sig(1.7e308, 3), "1.7e308");
        assert_eq!(sig(4.94e-324, 3), "4.94e-324");
    }

    #[test]
    fn extreme_values_stay_short() {
        assert_eq!(ppl(8.5e307), "8.5e307");
        assert_eq!(ppl(0.004), "0.004");
        assert_eq!(ppl(32.254), "32.25");
        assert_eq!(flops(1.7e308), "1.7e308 FLOPs");
        assert_eq!(flops(5e-324), "4.94e-324 FLOPs");
    }

    #[test]
    fn counts_take_a_letter() {
        assert_eq!(count(1.4e9), "1.4B");
        assert_eq!(count(124_439_808.0), "124M");
        assert_eq!(count(900.0), "900");
        assert_eq!(count(3e12), "3T");
    }

    #[test]
    fn flops_take_the_prefix_that_keeps_three_digits() {
        assert_eq!(flops(2.16e9), "2.16 GFLOPs");
        assert_eq!(flops(1.4e8), "140 MFLOPs");
        assert_eq!(flops(3.5e11), "350 GFLOPs");
        assert_eq!(flops(999.9e6), "1 GFLOPs");
        assert_eq!(flops(999.4e6), "999 MFLOPs");
        assert_eq!(flops(1e9), "1 GFLOPs");
        assert_eq!(flops(12.0), "12 FLOPs");
    }
}
