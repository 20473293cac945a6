//! Validated options. Raw flags (or, later, directive keys and book.toml tables) are checked
//! here once and turned into typed configurations the pipeline can trust.

use std::path::{Path, PathBuf};

use crate::analysis::AnalysisOptions;
use crate::error::{Error, Result};
use crate::render::{FigureOptions, Format};

/// Where results come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Path(PathBuf),
    Simulated { num_configs: usize, seed: u64 },
}

#[derive(Debug, Clone)]
pub struct AnalysisConfig {
    pub source: Source,
    pub requirements: Option<PathBuf>,
    pub options: AnalysisOptions,
    /// Result files over this many bytes are refused.
    pub max_file_size: u64,
}

#[derive(Debug, Clone)]
pub struct RenderConfig {
    pub analysis: AnalysisConfig,
    /// Output path without extension; `.svg` (or the format's) and `.json` are added.
    pub output: PathBuf,
    pub format: Format,
    pub dpi: u32,
    /// Also write a PNG beside a vector format, as the old script did.
    pub preview: bool,
    pub save_summary: bool,
    pub figure: FigureOptions,
}

/// `effgraph expand`: one source document into one expanded document.
#[derive(Debug, Clone)]
pub struct ExpandConfig {
    pub input: PathBuf,
    pub output: PathBuf,
    pub syntax: crate::adapters::Syntax,
    pub deps: Option<PathBuf>,
    pub defaults: crate::directive::keys::Defaults,
    pub keep_going: bool,
    pub templates_dir: Option<PathBuf>,
}

pub const MAX_SIMULATED_CONFIGS: usize = 1_000_000;

pub fn check_targets(name: &str, values: &[f64]) -> Result<()> {
    match values.iter().find(|v| !(v.is_finite() && **v > 0.0)) {
        Some(bad) => Err(Error::Usage(format!(
            "{name} must be a finite number > 0, got {bad}"
        ))),
        None => Ok(()),
    }
}

pub fn check_num_configs(n: usize) -> Result<usize> {
    if (1..=MAX_SIMULATED_CONFIGS).contains(&n) {
        Ok(n)
    } else {
        Err(Error::Usage(format!(
            "--num-configs must be between 1 and {MAX_SIMULATED_CONFIGS}, got {n}"
        )))
    }
}

pub fn check_dpi(dpi: u32) -> Result<u32> {
    if (1..=4800).contains(&dpi) {
        Ok(dpi)
    } else {
        Err(Error::Usage(format!(
            "--dpi must be between 1 and 4800, got {dpi}"
        )))
    }
}

/// `base` plus `.ext`, unless `base` already ends in `.ext` (so `-o fig.svg` means `fig.svg`).
pub fn output_file(base: &Path, ext: &str) -> PathBuf {
    let stem = match base.extension() {
        Some(e) if ["svg", "pdf", "png", "eps", "json"].iter().any(|x| e == *x) => {
            base.with_extension("")
        }
        _ => base.to_path_buf(),
    };
    let mut name = stem.into_os_string();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

/// A byte size: a whole number with an optional `K`, `M` or `G` suffix (powers of 1024).
pub fn parse_size(s: &str) -> std::result::Result<u64, String> {
    let t = s.trim();
    let (digits, unit) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&t[..i], c.to_ascii_uppercase()),
        _ => (t, 'B'),
    };
    let shift = match unit {
        'B' => 0,
        'K' => 10,
        'M' => 20,
        'G' => 30,
        _ => {
            return Err(format!(
                "bad size `{s}` (expected bytes, or a number with K, M or G)"
            ));
        }
    };
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("bad size `{s}` (expected bytes, or a number with K, M or G)"))?;
    n.checked_shl(shift)
        .filter(|v| v >> shift == n && *v > 0)
        .ok_or_else(|| format!("size `{s}` is out of range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("10K"), Ok(10 * 1024));
        assert_eq!(parse_size("256m"), Ok(256 << 20));
        assert!(parse_size("1T").is_err() && parse_size("0").is_err() && parse_size("x").is_err());
    }

    #[test]
    fn output_file_appends_or_replaces_known_extensions() {
        let f = |b: &str, e: &str| output_file(Path::new(b), e).display().to_string();
        assert_eq!(
            f("results/efficiency_graph", "svg"),
            "results/efficiency_graph.svg"
        );
        assert_eq!(f("out/v1.2", "json"), "out/v1.2.json");
        assert_eq!(f("fig.svg", "json"), "fig.json");
    }
}
