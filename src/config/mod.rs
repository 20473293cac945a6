//! Validated configurations. The front ends (command line, directives, `book.toml`) parse
//! their values with the types of [`crate::settings`] and hand the stages these typed
//! configurations, which the pipeline can trust.

pub(crate) mod book;

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use crate::analysis::{AnalysisOptions, Interpolation};
use crate::error::{Error, Result};
use crate::render::{
    Family, FigureOptions, FigureSize, FontChoice, FontSize, Format, LegendMode, ScaleChoice,
    StyleSpec,
};

pub use crate::results::DataOptions;
use crate::results::LoadSpec;
use crate::settings::{Dpi, Tables};

/// Model styles the user pins (book.toml `[preprocessor.effgraph.styles]`, `--styles FILE`).
pub(crate) type StyleTable = BTreeMap<String, StyleSpec>;

/// A styles file: a `[styles]` table, one entry per model.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct StylesFile {
    styles: BTreeMap<String, toml::Spanned<StyleSpec>>,
}

/// Reads a styles file (`--styles FILE`); errors name the line and column.
pub(crate) fn load_styles(path: &Path) -> Result<StyleTable> {
    let text = crate::fsutil::read_text(path, crate::fsutil::TEXT_LIMIT)?;
    let fail = |offset: usize, message: String| Error::ConfigAt {
        location: crate::error::Location::at_offset(path, &text, offset),
        message,
    };
    let file: StylesFile = toml::from_str(&text).map_err(|e| {
        fail(
            e.span().map_or(0, |s| s.start),
            e.message().trim_end().to_string(),
        )
    })?;
    for (name, spec) in &file.styles {
        let one = StyleTable::from([(name.clone(), spec.get_ref().clone())]);
        crate::render::Styles::new(&one).map_err(|m| fail(spec.span().start, m.to_string()))?;
    }
    Ok(file
        .styles
        .into_iter()
        .map(|(name, spec)| (name, spec.into_inner()))
        .collect())
}

/// Where results come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Files(Box<LoadSpec>),
    Simulated { num_configs: usize, seed: u64 },
}

#[derive(Debug, Clone)]
pub(crate) struct AnalysisConfig {
    pub source: Source,
    pub requirements: Option<PathBuf>,
    pub options: AnalysisOptions,
    /// The analyses beyond the frontiers asked for: each name and its request.
    pub parts: Vec<(String, String)>,
    /// Result files over this many bytes are refused.
    pub max_file_size: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct RenderConfig {
    pub analysis: AnalysisConfig,
    /// Output path without extension; `.svg` (or the format's) and `.json` are added.
    pub output: PathBuf,
    pub format: Format,
    pub dpi: u32,
    /// Also write a PNG beside a vector format, as the old script did.
    pub preview: bool,
    pub save_summary: bool,
    pub figure: FigureOptions,
    pub styles: StyleTable,
}

/// Values a directive may leave out, from `book.toml` or the command line.
#[derive(Clone, PartialEq)]
pub struct Defaults {
    pub(crate) requirements: Option<String>,
    /// How result files are read (book-wide `x`, `y`, … or `expand --x …`).
    pub(crate) data: DataOptions,
    pub(crate) tables: Tables,
    /// `None`: the adapter's natural format (inline SVG for HTML, PDF for LaTeX).
    pub(crate) format: Option<Format>,
    pub(crate) size: FigureSize,
    pub(crate) interpolation: Interpolation,
    /// Where readings come from (`from=`).
    pub(crate) from: crate::analysis::ReadFrom,
    pub(crate) dpi: u32,
    pub(crate) max_file_size: u64,
    pub(crate) font: FontChoice,
    /// The face of the document figures are set in (`font=auto`), when known.
    pub(crate) document_face: Option<Family>,
    pub(crate) font_size: FontSize,
    pub(crate) legend: LegendMode,
    pub(crate) styles: StyleTable,
    /// The document's column and text widths in points (`expand --column-width`), for
    /// `size=columnwidth` and `size=textwidth`.
    pub(crate) column_width: Option<f64>,
    pub(crate) text_width: Option<f64>,
    pub(crate) title: Option<String>,
    pub(crate) x_scale: ScaleChoice,
    pub(crate) y_scale: ScaleChoice,
    /// Score targets and cost budgets for the comparison tables (`target_ppl=`, …).
    pub(crate) target_y: Vec<f64>,
    pub(crate) target_x: Vec<f64>,
    /// What simulated data are drawn with (`seed=`, `num_configs=`).
    pub(crate) seed: u64,
    pub(crate) num_configs: usize,
    /// Data come from the simulator, not from files (`simulate=true`, `--simulate`).
    pub(crate) simulate: bool,
    /// The venue whose face, sizes and widths were taken (`venue=`).
    pub(crate) venue: Option<&'static crate::settings::venue::Venue>,
}

/// The text settings are hashed by (provenance and cache keys): a field added since the hash
/// was first made appears only when set, so a new setting does not change every hash.
impl std::fmt::Debug for Defaults {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = f.debug_struct("Defaults");
        s.field("requirements", &self.requirements)
            .field("data", &self.data)
            .field("tables", &self.tables)
            .field("format", &self.format)
            .field("size", &self.size)
            .field("interpolation", &self.interpolation)
            .field("dpi", &self.dpi)
            .field("max_file_size", &self.max_file_size)
            .field("font", &self.font)
            .field("font_size", &self.font_size)
            .field("legend", &self.legend)
            .field("styles", &self.styles)
            .field("column_width", &self.column_width)
            .field("text_width", &self.text_width);
        if self.title.is_some() {
            s.field("title", &self.title);
        }
        if self.x_scale != ScaleChoice::Auto {
            s.field("x_scale", &self.x_scale);
        }
        if self.y_scale != ScaleChoice::Auto {
            s.field("y_scale", &self.y_scale);
        }
        if self.from != crate::analysis::ReadFrom::Frontier {
            s.field("from", &self.from);
        }
        if !self.target_y.is_empty() {
            s.field("target_y", &self.target_y);
        }
        if !self.target_x.is_empty() {
            s.field("target_x", &self.target_x);
        }
        if self.seed != crate::simulate::DEFAULT_SEED {
            s.field("seed", &self.seed);
        }
        if self.num_configs != crate::simulate::DEFAULT_CONFIGS {
            s.field("num_configs", &self.num_configs);
        }
        if let Some(face) = self.document_face {
            s.field("document_face", &face);
        }
        if let Some(venue) = self.venue {
            s.field("venue", &venue.name);
        }
        if self.simulate {
            s.field("simulate", &self.simulate);
        }
        s.finish()
    }
}

impl Default for Defaults {
    fn default() -> Self {
        Defaults {
            requirements: None,
            data: DataOptions::default(),
            tables: Tables::ALL,
            format: None,
            size: FigureSize::FULL,
            interpolation: Interpolation::default(),
            from: crate::analysis::ReadFrom::default(),
            dpi: Dpi::DEFAULT.0,
            max_file_size: crate::results::DEFAULT_MAX_FILE_SIZE,
            font: FontChoice::default(),
            document_face: None,
            font_size: FontSize::default(),
            legend: LegendMode::default(),
            styles: StyleTable::new(),
            column_width: None,
            text_width: None,
            title: None,
            x_scale: ScaleChoice::Auto,
            y_scale: ScaleChoice::Auto,
            target_y: Vec::new(),
            target_x: Vec::new(),
            seed: crate::simulate::DEFAULT_SEED,
            num_configs: crate::simulate::DEFAULT_CONFIGS,
            simulate: false,
            venue: None,
        }
    }
}

/// `base` plus `.ext`, unless `base` already ends in `.ext` (so `-o fig.svg` means `fig.svg`).
pub(crate) fn output_file(base: &Path, ext: &str) -> PathBuf {
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
