//! How numbers are written for people: significant digits, SI prefixes for FLOPs, ratios and
//! percentages. One place, so the console, figures and tables never disagree about a value.

/// `x` with `digits` significant digits, trailing zeros trimmed (`30`, `2.16`, `0.0125`).
pub fn sig(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    if x == 0.0 {
        return "0".to_string();
    }
    let magnitude = libm::floor(libm::log10(x.abs())) as i32;
    let decimals = (digits as i32 - 1 - magnitude).max(0) as usize;
    let text = format!("{x:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" { "0".to_string() } else { text }
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
pub fn si_prefix(x: f64) -> (f64, &'static str) {
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
    let (scale, prefix) = si_prefix(x);
    format!("{} {prefix}FLOPs", sig(x / scale, 3))
}

/// Perplexity with two decimals, as the old script printed it: `32.25`.
pub fn ppl(x: f64) -> String {
    format!("{x:.2}")
}

/// A FLOPs ratio: `4.62×`.
pub fn ratio(x: f64) -> String {
    format!("{}×", sig(x, 3))
}

/// A percentage: `12.3%`.
pub fn percent(x: f64) -> String {
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
