//! The one place that wires the stages together: results → analysis → figure and reports →
//! files, for the command line ([`render()`], [`analyse`]) and for one directive
//! ([`run_directive`], which [`crate::expand`] calls per directive of a document). Everything
//! is computed before anything is written, so a failure leaves no output.

use std::path::{Path, PathBuf};

use crate::analysis::Analysis;
use crate::config::{AnalysisConfig, RenderConfig, Source, output_file};
use crate::error::{Error, Location, Result};
use crate::fsutil::write_atomic;
use crate::render::{Drawing, FigureOptions, Format, Styles};
use crate::report::context::alt_text;
use crate::report::{console, summary};
use crate::request::DirectiveConfig;
use crate::requirements::Requirements;
use crate::results::{LoadSpec, ResultSet};
use crate::{render, simulate};

/// Loaded results with their analysis.
pub(crate) struct Analysed {
    pub results: ResultSet,
    pub analysis: Analysis,
}

pub(crate) fn analyse(config: &AnalysisConfig) -> Result<Analysed> {
    let results = load_results(&config.source, config.max_file_size)?;
    let requirements = load_requirements(config.requirements.as_deref())?;
    let analysis = crate::parts::analyse(&results, &requirements, &config.options, &config.parts)?;
    Ok(Analysed { results, analysis })
}

fn load_results(source: &Source, max_file_size: u64) -> Result<ResultSet> {
    match source {
        Source::Files(spec) => ResultSet::load_spec(&LoadSpec {
            max_file_size,
            ..(**spec).clone()
        }),
        Source::Simulated { num_configs, seed } => Ok(simulate::simulated_set(*num_configs, *seed)),
    }
}

fn load_requirements(path: Option<&Path>) -> Result<Requirements> {
    path.map_or_else(|| Ok(Requirements::default()), Requirements::load)
}

pub(crate) struct RenderOutcome {
    /// Lines for stderr (files skipped while loading).
    pub notes: Vec<String>,
    pub console: String,
    pub written: Vec<PathBuf>,
}

pub(crate) fn render(config: &RenderConfig) -> Result<RenderOutcome> {
    let Analysed { results, analysis } = analyse(&config.analysis)?;
    let mut styles = Styles::new(&config.styles).map_err(Error::Style)?;
    let figure = figure_options(&config.figure, &analysis, &results, &mut styles)?;
    let drawing = render::render_figure(&analysis, &figure, &alt_text(&analysis));
    let mut formats = vec![config.format];
    if config.preview && config.format.is_vector() {
        formats.push(Format::Png);
    }
    let mut files = Vec::new();
    for format in formats {
        let bytes = drawing.encode(format, config.dpi).map_err(Error::Figure)?;
        files.push((output_file(&config.output, format.extension()), bytes));
    }
    if config.save_summary {
        let json = summary::to_json(&summary::summary(&analysis, &results));
        files.push((output_file(&config.output, "json"), json.into_bytes()));
    }
    // Skipped summaries are not read, so a new summary may replace an old one.
    let mut inputs = results.files.clone();
    inputs.extend(config.analysis.requirements.iter().cloned());
    let outputs: Vec<&Path> = files.iter().map(|(p, _)| p.as_path()).collect();
    crate::fsutil::check_outputs(&outputs, &inputs)?;
    for (path, bytes) in &files {
        write_atomic(path, bytes)?;
    }
    Ok(RenderOutcome {
        notes: results.skip_notes(),
        console: console::console_report(&analysis),
        written: files.into_iter().map(|(p, _)| p).collect(),
    })
}

/// Writes simulated results in the old layout (`<model>_efficiency_<i>.json`, one per file).
pub(crate) fn simulate_to(dir: &Path, num_configs: usize, seed: u64) -> Result<Vec<PathBuf>> {
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

/// One directive's results, analysis and drawing.
pub(crate) struct DirectiveRun {
    pub results: ResultSet,
    pub analysis: Analysis,
    pub drawing: Drawing,
    /// Requirements left out because the directive does not show their models.
    pub skipped: Vec<String>,
    /// Where the directive is, for errors raised while formatting it.
    pub location: Location,
}

impl DirectiveRun {
    /// The templates' context of this run: its tables, the requirements it did not check, and
    /// its caption with the placeholders filled (the figure is each syntax's to set).
    pub(crate) fn context(
        &self,
        cfg: &crate::request::DirectiveConfig,
    ) -> Result<crate::report::context::ReportContext> {
        let mut context = crate::report::context::ReportContext::for_directive(
            &self.analysis,
            self.drawing.id_prefix(),
            cfg,
        );
        context.skipped = self.skipped.clone();
        context.caption = self.caption(&context.caption)?;
        Ok(context)
    }

    /// A caption with its `{ID.part}` and `{Model.stat}` placeholders filled from the data.
    pub(crate) fn caption(&self, text: &str) -> Result<String> {
        crate::report::value::fill_placeholders(text, &self.analysis, &self.results)
            .map_err(|m| self.render_error(format!("caption: {m}")))
    }

    pub(crate) fn render_error(&self, message: impl std::fmt::Display) -> Error {
        Error::Directive {
            location: self.location.clone(),
            message: message.to_string(),
        }
    }
}

/// The figure options for an analysis: each model's style from the document's `styles`
/// (assigned on first use, so a model looks the same in every figure), and the perplexity
/// axis named after the records' metric.
fn figure_options(
    base: &FigureOptions,
    analysis: &Analysis,
    results: &ResultSet,
    styles: &mut Styles,
) -> Result<FigureOptions> {
    Ok(FigureOptions {
        styles: analysis
            .models
            .iter()
            .map(|m| styles.style(&m.name))
            .collect::<Result<_, _>>()
            .map_err(Error::Style)?,
        // A perplexity axis is named after the records' metric (`LAMBADA perplexity`), unless
        // the user named it.
        y_label: (results.axes.y.kind == crate::results::axes::Kind::Perplexity
            && results.axes.y.label.is_none())
        .then(|| render::quality_label(&results.metrics))
        .flatten(),
        ..base.clone()
    })
}

/// Runs one configured directive: load, select models, analyse, draw with the document's
/// model `styles`.
pub(crate) fn run_directive(
    cfg: &DirectiveConfig,
    location: &Location,
    styles: &mut Styles,
) -> Result<DirectiveRun> {
    let (results, analysis, skipped) = analyse_selected(cfg, location)?;
    let figure = figure_options(&cfg.figure, &analysis, &results, styles)?;
    let description = cfg.alt.clone().unwrap_or_else(|| alt_text(&analysis));
    let drawing = render::render_figure(&analysis, &figure, &description);
    Ok(DirectiveRun {
        results,
        analysis,
        drawing,
        skipped,
        location: location.clone(),
    })
}

/// Loads and analyses what a directive reads, without drawing (an inline value).
pub(crate) fn analyse_directive(
    cfg: &DirectiveConfig,
    location: &Location,
) -> Result<(ResultSet, Analysis)> {
    analyse_selected(cfg, location).map(|(results, analysis, _)| (results, analysis))
}

/// Load, select the directive's models, analyse; with the requirements left out.
fn analyse_selected(
    cfg: &DirectiveConfig,
    location: &Location,
) -> Result<(ResultSet, Analysis, Vec<String>)> {
    let mut results = load_results(&cfg.source, cfg.max_file_size)?;
    let mut requirements = load_requirements(cfg.requirements.as_deref())?;
    let mut skipped = Vec::new();
    if !cfg.models.is_empty() {
        (requirements, skipped) = requirements.about(&results.models, &cfg.models)?;
        results = results
            .select_models(&cfg.models)
            .map_err(|why| Error::Directive {
                location: location.clone(),
                message: why.to_string(),
            })?;
    }
    let analysis = crate::parts::analyse(&results, &requirements, &cfg.options, &cfg.parts)?;
    Ok((results, analysis, skipped))
}
