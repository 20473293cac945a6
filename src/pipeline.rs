//! The one place that wires the stages together: results → analysis → figure and reports →
//! files. Everything is computed before anything is written, so a failure leaves no output.

use std::path::{Path, PathBuf};

use crate::adapters::{self, Syntax};
use crate::analysis::{self, Analysis};
use crate::cache::{Cache, KeyBuilder};
use crate::config::{AnalysisConfig, RenderConfig, Source, output_file};
use crate::directive::keys::{Defaults, DirectiveConfig, configure};
use crate::directive::{self, Directive};
use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use crate::render::Drawing;
use crate::render::Format;
use crate::report::templates::Templates;
use crate::report::{console, summary};
use crate::requirements::Requirements;
use crate::results::ResultSet;
use crate::results::discover_files;
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

/// One directive's results, analysis and drawing.
pub struct DirectiveRun {
    pub results: ResultSet,
    pub analysis: Analysis,
    pub drawing: Drawing,
    /// Where the directive is, for errors raised while formatting it.
    pub location: crate::error::Location,
}

impl DirectiveRun {
    pub fn render_error(&self, message: String) -> Error {
        Error::Directive {
            location: self.location.clone(),
            message,
        }
    }
}

/// Runs one configured directive: load, select models, analyse, draw.
pub fn run_directive(
    cfg: &DirectiveConfig,
    location: &crate::error::Location,
) -> Result<DirectiveRun> {
    let config = AnalysisConfig {
        source: cfg.source.clone(),
        requirements: cfg.requirements.clone(),
        options: cfg.options.clone(),
    };
    let mut results = match &config.source {
        Source::Path(path) => ResultSet::load(path)?,
        Source::Simulated { num_configs, seed } => simulate::simulated_set(*num_configs, *seed),
    };
    if !cfg.models.is_empty() {
        results = results
            .select_models(&cfg.models)
            .map_err(|message| Error::Directive {
                location: location.clone(),
                message,
            })?;
    }
    let requirements = match &config.requirements {
        Some(path) => Requirements::load(path)?,
        None => Requirements::default(),
    };
    let analysis = analysis::analyse(&results, &requirements, &config.options)?;
    let drawing =
        render::render_figure(&analysis, &cfg.figure).map_err(|message| Error::Directive {
            location: location.clone(),
            message: format!("cannot draw the figure: {message}"),
        })?;
    Ok(DirectiveRun {
        results,
        analysis,
        drawing,
        location: location.clone(),
    })
}

/// Everything a document expansion needs besides the document.
pub struct ExpandEnv<'a> {
    pub syntax: Syntax,
    pub defaults: &'a Defaults,
    /// Relative paths in directives resolve against this folder.
    pub base: &'a std::path::Path,
    pub templates: &'a Templates,
    pub cache: &'a Cache,
    /// `true`: a failing directive becomes a visible error and a warning, not a failure.
    pub keep_going: bool,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ExpandStats {
    pub directives: usize,
    pub rendered: usize,
    pub cached: usize,
    pub failed: usize,
}

/// The cache key of a configured directive: its text, the defaults, the templates in use and
/// the bytes of every input file.
fn cache_key(text: &str, cfg: &DirectiveConfig, env: &ExpandEnv) -> Result<String> {
    let mut key = KeyBuilder::new();
    key.part(env.syntax.name().as_bytes())
        .part(text.as_bytes())
        .part(format!("{:?}", env.defaults).as_bytes())
        .part(env.base.as_os_str().as_encoded_bytes());
    for path in &env.templates.overrides {
        key.file(path)?;
    }
    if let Source::Path(path) = &cfg.source {
        for file in discover_files(path)? {
            key.file(&file)?;
        }
    }
    if let Some(path) = &cfg.requirements {
        key.file(path)?;
    }
    Ok(key.finish())
}

/// The replacement text of one directive, from the cache or freshly rendered.
fn expand_one(
    path: &std::path::Path,
    source: &str,
    d: &Directive,
    env: &ExpandEnv,
    stats: &mut ExpandStats,
) -> Result<String> {
    let cfg = configure(path, source, d, env.defaults, env.base)?;
    let location = crate::error::Location::at_offset(path, source, d.span.start);
    let located = |e: Error| e.at_directive(&location);
    let key = cache_key(d.text(source), &cfg, env).map_err(located)?;
    if let Some(text) = env.cache.get(&key, env.syntax.name()) {
        stats.cached += 1;
        return Ok(text);
    }
    let run = run_directive(&cfg, &location).map_err(located)?;
    let text = match env.syntax {
        Syntax::Html => adapters::html::render(&run, &cfg, env.templates),
        Syntax::Markdown => adapters::markdown::render(&run, &cfg, env.templates),
    }
    .map_err(located)?;
    env.cache.put(&key, env.syntax.name(), &text)?;
    stats.rendered += 1;
    Ok(text)
}

/// Expands every directive of a Markdown document; `path` names it in errors.
pub fn expand_markdown(
    path: &std::path::Path,
    source: &str,
    env: &ExpandEnv,
    stats: &mut ExpandStats,
) -> Result<String> {
    let directives = directive::scan_md::scan(path, source)?;
    let mut out = source.to_string();
    // From the end backwards, so earlier spans stay valid.
    for d in directives.iter().rev() {
        stats.directives += 1;
        let replacement = match expand_one(path, source, d, env, stats) {
            Ok(text) => text,
            Err(e) if env.keep_going => {
                stats.failed += 1;
                let shown = e
                    .to_string()
                    .replace(&format!("{}/", env.base.display()), "");
                eprintln!("warning: {shown}");
                match env.syntax {
                    Syntax::Html => adapters::html::error_box(&shown),
                    Syntax::Markdown => adapters::markdown::error_box(&shown),
                }
            }
            Err(e) => return Err(e),
        };
        // Blank lines around keep the replacement its own block in Markdown.
        out.replace_range(d.span.clone(), &format!("\n\n{replacement}\n\n"));
    }
    Ok(out)
}
