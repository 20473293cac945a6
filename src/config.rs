//! Validated configurations. The front ends (command line, directives, `book.toml`) parse
//! their values with the types of [`crate::settings`] and hand the stages these typed
//! configurations, which the pipeline can trust.

use std::path::{Path, PathBuf};

use crate::analysis::{AnalysisOptions, Interpolation};
use crate::render::{FigureOptions, FigureSize, Format};
use crate::settings::{Dpi, Tables};

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

/// Values a directive may leave out, from `book.toml` or the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Defaults {
    pub requirements: Option<String>,
    pub tables: Tables,
    /// `None`: the adapter's natural format (inline SVG for HTML, PDF for LaTeX).
    pub format: Option<Format>,
    pub size: FigureSize,
    pub interpolation: Interpolation,
    pub dpi: u32,
    pub max_file_size: u64,
}

impl Default for Defaults {
    fn default() -> Self {
        Defaults {
            requirements: None,
            tables: Tables::ALL,
            format: None,
            size: FigureSize::FULL,
            interpolation: Interpolation::Log,
            dpi: Dpi::DEFAULT.0,
            max_file_size: crate::results::DEFAULT_MAX_FILE_SIZE,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

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
