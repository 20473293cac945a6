//! Requests: what a directive or an inline value asks for, as plain data. The directive
//! parser ([`crate::directive`]) produces them; the pipeline, the reports and the syntaxes
//! read them, and none of those imports the parser.

use std::path::PathBuf;

use crate::analysis::AnalysisOptions;
use crate::config::{DataOptions, Source};
use crate::render::{FigureOptions, Format};
use crate::settings::Tables;

/// A figure directive, configured: what to load and analyse, and how to draw and write it.
#[derive(Debug, Clone)]
pub struct DirectiveConfig {
    pub source: Source,
    pub requirements: Option<PathBuf>,
    pub options: AnalysisOptions,
    /// The analyses beyond the frontiers asked for: each name and its request.
    pub parts: Vec<(String, String)>,
    /// Models to show, in this order; empty means all, in order of appearance.
    pub models: Vec<String>,
    pub tables: Tables,
    pub caption: Option<String>,
    pub alt: Option<String>,
    pub label: Option<String>,
    pub format: Option<Format>,
    pub figure: FigureOptions,
    pub dpi: u32,
    pub max_file_size: u64,
    /// Across both columns of a two-column document (`figure*`, `table*`).
    pub full_span: bool,
    /// How the result files are read.
    pub data: DataOptions,
}

/// Which value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Selector {
    Requirement {
        id: String,
    },
    /// The cost model needs to reach score `at_y`.
    CostAt {
        model: String,
        at_y: f64,
    },
    /// The score model reaches within cost `at_x`.
    ScoreAt {
        model: String,
        at_x: f64,
    },
    Stat {
        model: String,
        stat: Stat,
    },
    /// A value an analysis beyond the frontiers gives (`<name>=WHAT`, run as WHAT asks).
    Analysis {
        name: String,
        what: String,
        model: Option<String>,
    },
}

/// Which part of a requirement or reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Value,
    Verdict,
    Threshold,
    Ci,
}

/// A model's statistic, by the summary JSON's generic names (and the original ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stat {
    BestY,
    BestYX,
    LowestX,
    LowestXY,
    MeanY,
    MeanX,
    NumConfigs,
    FrontierSize,
}

/// Each statistic by its generic name and its name on the default axes.
pub(crate) const STATS: &[(&str, &str, Stat)] = &[
    ("best_y", "best_ppl", Stat::BestY),
    ("best_y_x", "best_ppl_flops", Stat::BestYX),
    ("lowest_x", "lowest_flops", Stat::LowestX),
    ("lowest_x_y", "lowest_flops_ppl", Stat::LowestXY),
    ("mean_y", "mean_ppl", Stat::MeanY),
    ("mean_x", "mean_flops", Stat::MeanX),
    ("num_configs", "num_configs", Stat::NumConfigs),
    ("frontier_size", "frontier_size", Stat::FrontierSize),
];

/// How the value is written; by default as the tables write it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ValueFormat {
    /// Significant digits.
    pub digits: Option<usize>,
    /// Digits after the decimal point (instead of significant digits).
    pub fixed: Option<usize>,
    /// `false` (`unit=none`): the bare number, in base units.
    pub no_unit: bool,
    /// A `+` before a positive number.
    pub sign: bool,
    /// `false` (`approx=false`): no `≈` before an interpolated value.
    pub approx: bool,
}

impl ValueFormat {
    /// Whether the number is written as the directive says rather than as tables write it.
    pub(crate) fn customised(&self) -> bool {
        self.digits.is_some() || self.fixed.is_some() || self.no_unit || self.sign
    }
}

/// A configured inline value: what to analyse, which value, how to write it, and the tokens
/// that named the requirement and model (for errors found once the data is read).
#[derive(Debug, Clone)]
pub(crate) struct ValueRequest {
    pub config: DirectiveConfig,
    pub selector: Selector,
    pub part: Part,
    pub format: ValueFormat,
    /// Offsets of the token naming what is read (`requirement=`, or an analysis' key) and of
    /// the `model=` token.
    pub requirement_at: usize,
    pub model_at: usize,
}

/// The part a caption placeholder `{ID.part}` names.
pub(crate) fn placeholder_part(name: &str) -> Option<Part> {
    match name {
        "value" => Some(Part::Value),
        "verdict" => Some(Part::Verdict),
        "threshold" => Some(Part::Threshold),
        "ci" => Some(Part::Ci),
        _ => None,
    }
}

/// The statistic a caption placeholder `{Model.stat}` names.
pub(crate) fn placeholder_stat(name: &str) -> Option<Stat> {
    STATS
        .iter()
        .find(|(n, alias, _)| name == *n || name == *alias)
        .map(|s| s.2)
}
