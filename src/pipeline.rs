//! The one place that wires the stages together: results → analysis → figure and reports →
//! files. Everything is computed before anything is written, so a failure leaves no output.

use std::path::{Path, PathBuf};

use crate::analysis::{self, Analysis};
use crate::config::{AnalysisConfig, RenderConfig, Source, output_file};
use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use crate::render::Format;
use crate::report::{console, summary};
use crate::requirements::Requirements;
use crate::results::ResultSet;
use crate::{render, simulate};

/// Loaded results with their analysis.
pub struct Analysed {
    pub results: ResultSet,
    pub analysis: Analysis,
}

pub fn analyse(config: &AnalysisConfig) -> Result<Analysed> {
    let results = match &config.source {
        Source::Path(path) => ResultSet::load(path)?,
        Source::Simulated { num_configs, seed } => simulate::simulated_set(*num_configs, *seed),
    };
    let requirements = match &config.requirements {
        Some(path) => Requirements::load(path)?,
        None => Requirements::default(),
    };
    let analysis = analysis::analyse(&results, &requirements, &config.options)?;
    Ok(Analysed { results, analysis })
}

pub struct RenderOutcome {
    pub console: String,
    pub written: Vec<PathBuf>,
}

pub fn render(config: &RenderConfig) -> Result<RenderOutcome> {
    let Analysed { results, analysis } = analyse(&config.analysis)?;
    let figure_error = |message: String| Error::Render {
        path: output_file(&config.output, config.format.extension()),
        message,
    };
    let drawing = render::render_figure(&analysis, &config.figure).map_err(figure_error)?;
    let mut formats = vec![config.format];
    if config.preview && config.format.is_vector() {
        formats.push(Format::Png);
    }
    let mut files = Vec::new();
    for format in formats {
        let bytes = drawing.encode(format, config.dpi).map_err(figure_error)?;
        files.push((output_file(&config.output, format.extension()), bytes));
    }
    if config.save_summary {
        let json = summary::to_json(&summary::summary(&analysis, &results));
        files.push((output_file(&config.output, "json"), json.into_bytes()));
    }
    for (path, bytes) in &files {
        write_atomic(path, bytes)?;
    }
    Ok(RenderOutcome {
        console: console::console_report(&analysis),
        written: files.into_iter().map(|(p, _)| p).collect(),
    })
}

/// Writes simulated results in the old layout (`<model>_efficiency_<i>.json`, one per file).
pub fn simulate_to(dir: &Path, num_configs: usize, seed: u64) -> Result<Vec<PathBuf>> {
    let records = simulate::simulate(num_configs, seed);
    let mut files = Vec::with_capacity(records.len());
    for (i, record) in records.iter().enumerate() {
        let path = dir.join(simulate::file_name(record, i % num_configs));
        let mut text = serde_json::to_string_pretty(record).expect("record serializes");
        text.push('\n');
        files.push((path, text));
    }
    for (path, text) in &files {
        write_atomic(path, text.as_bytes())?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}
