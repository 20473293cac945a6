//! The one place that wires the stages together: results → analysis → figure and reports →
//! files. Everything is computed before anything is written, so a failure leaves no output.

use std::path::{Path, PathBuf};

use crate::adapters::{self, Syntax};
use crate::analysis::{self, Analysis};
use crate::cache::{Cache, KeyBuilder};
use crate::config::{AnalysisConfig, RenderConfig, Source, output_file};
use crate::directive::keys::{Defaults, DirectiveConfig, configure};
use crate::directive::{self, Directive};
use crate::error::{Error, Location, Result};
use crate::fsutil::write_atomic;
use crate::render::{Drawing, Format};
use crate::report::templates::Templates;
use crate::report::{console, summary};
use crate::requirements::Requirements;
use crate::results::{ResultSet, discover_files};
use crate::{render, simulate};

/// Loaded results with their analysis.
pub struct Analysed {
    pub results: ResultSet,
    pub analysis: Analysis,
}

pub fn analyse(config: &AnalysisConfig) -> Result<Analysed> {
    let results = load_results(&config.source, config.max_file_size)?;
    let requirements = load_requirements(config.requirements.as_deref())?;
    let analysis = analysis::analyse(&results, &requirements, &config.options)?;
    Ok(Analysed { results, analysis })
}

fn load_results(source: &Source, max_file_size: u64) -> Result<ResultSet> {
    match source {
        Source::Path(path) => ResultSet::load_limited(path, max_file_size),
        Source::Simulated { num_configs, seed } => Ok(simulate::simulated_set(*num_configs, *seed)),
    }
}

fn load_requirements(path: Option<&Path>) -> Result<Requirements> {
    path.map_or_else(|| Ok(Requirements::default()), Requirements::load)
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
    pub location: Location,
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
pub fn run_directive(cfg: &DirectiveConfig, location: &Location) -> Result<DirectiveRun> {
    let mut results = load_results(&cfg.source, cfg.max_file_size)?;
    if !cfg.models.is_empty() {
        results = results
            .select_models(&cfg.models)
            .map_err(|message| Error::Directive {
                location: location.clone(),
                message,
            })?;
    }
    let requirements = load_requirements(cfg.requirements.as_deref())?;
    let analysis = analysis::analyse(&results, &requirements, &cfg.options)?;
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
    pub base: &'a Path,
    pub templates: &'a Templates,
    pub cache: &'a Cache,
    /// Where figure files go (LaTeX and Markdown files); references are relative to it.
    pub out_dir: Option<&'a Path>,
    /// `true`: a failing directive becomes a visible error and a warning, not a failure.
    pub keep_going: bool,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ExpandReport {
    pub directives: usize,
    pub rendered: usize,
    pub cached: usize,
    pub failed: usize,
    /// Every file the expanded document depends on (results, requirements, templates).
    pub inputs: Vec<PathBuf>,
    /// Each figure file written (or reused) with the inputs it was made from.
    pub figures: Vec<(PathBuf, Vec<PathBuf>)>,
}

/// The cache key of a configured directive and the input files it read: its text, the
/// defaults, the templates in use and the bytes of every input file.
fn cache_key(text: &str, cfg: &DirectiveConfig, env: &ExpandEnv) -> Result<(String, Vec<PathBuf>)> {
    let mut key = KeyBuilder::new();
    key.part(env.syntax.name().as_bytes())
        .part(text.as_bytes())
        .part(format!("{:?}", env.defaults).as_bytes())
        .part(env.base.as_os_str().as_encoded_bytes());
    let mut inputs = env.templates.overrides.clone();
    if let Source::Path(path) = &cfg.source {
        inputs.extend(discover_files(path)?);
    }
    inputs.extend(cfg.requirements.iter().cloned());
    for path in &inputs {
        key.file(path)?;
    }
    Ok((key.finish(), inputs))
}

/// Writes the figure file of a file-based syntax into the cache folder (`effgraph/` beside
/// the output) and returns its path relative to the output's folder.
fn write_figure(
    run: &DirectiveRun,
    cfg: &DirectiveConfig,
    key: &str,
    env: &ExpandEnv,
) -> Result<String> {
    let format = cfg.format.unwrap_or(match env.syntax {
        Syntax::Tex => Format::Pdf,
        _ => Format::Svg,
    });
    let file = format!("{}.{}", &key[..16], format.extension());
    let bytes = run
        .drawing
        .encode(format, cfg.dpi)
        .map_err(|m| run.render_error(m))?;
    env.cache.write(&file, &bytes)?;
    Ok(format!("effgraph/{file}"))
}

/// The figure file a cached entry refers to, for syntaxes that write one.
fn figure_name(text: &str, key: &str) -> Option<String> {
    let stem = format!("effgraph/{}.", &key[..16]);
    let start = text.find(&stem)?;
    let end = text[start..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '/' || c == '.'))?;
    Some(text[start..start + end].trim_end_matches('.').to_string())
}

/// The replacement text of one directive, from the cache or freshly rendered.
fn expand_one(
    path: &Path,
    source: &str,
    d: &Directive,
    env: &ExpandEnv,
    report: &mut ExpandReport,
) -> Result<String> {
    let cfg = configure(path, source, d, env.defaults, env.base)?;
    let location = Location::at_offset(path, source, d.span.start);
    let located = |e: Error| e.at_directive(&location);
    let (key, inputs) = cache_key(d.text(source), &cfg, env).map_err(located)?;
    for input in &inputs {
        if !report.inputs.contains(input) {
            report.inputs.push(input.clone());
        }
    }
    let kind = env.syntax.name();
    if let Some(text) = env.cache.get(&key, kind) {
        let figure = figure_name(&text, &key);
        let figure_present = match (&figure, env.out_dir) {
            (Some(name), Some(dir)) => dir.join(name).is_file(),
            _ => true,
        };
        if figure_present {
            if let (Some(name), Some(dir)) = (figure, env.out_dir) {
                report.figures.push((dir.join(name), inputs));
            }
            report.cached += 1;
            return Ok(text);
        }
    }
    let run = run_directive(&cfg, &location).map_err(located)?;
    let text = match env.syntax {
        Syntax::Html => adapters::html::render(&run, &cfg, env.templates),
        Syntax::Markdown => adapters::markdown::render(&run, &cfg, env.templates, None),
        Syntax::MarkdownFile | Syntax::Tex => {
            write_figure(&run, &cfg, &key, env).and_then(|name| {
                let dir = env
                    .out_dir
                    .expect("file-based syntaxes have an output folder");
                report.figures.push((dir.join(&name), inputs));
                match env.syntax {
                    Syntax::Tex => adapters::latex::render(&run, &cfg, env.templates, &name),
                    _ => adapters::markdown::render(&run, &cfg, env.templates, Some(&name)),
                }
            })
        }
    }
    .map_err(located)?;
    env.cache.put(&key, kind, &text)?;
    report.rendered += 1;
    Ok(text)
}

/// `e`'s message with paths under `base` shown relative to it, as the user wrote them.
pub fn shown_error(e: &Error, base: &Path) -> String {
    e.to_string().replace(&format!("{}/", base.display()), "")
}

/// Expands every directive of a document (Markdown or LaTeX, by `env.syntax`); `path` names
/// it in errors. The source itself is never written.
pub fn expand_document(
    path: &Path,
    source: &str,
    env: &ExpandEnv,
    report: &mut ExpandReport,
) -> Result<String> {
    let directives = match env.syntax {
        Syntax::Tex => directive::scan_tex::scan(path, source)?,
        _ => directive::scan_md::scan(path, source)?,
    };
    let mut out = source.to_string();
    // From the end backwards, so earlier spans stay valid.
    for d in directives.iter().rev() {
        report.directives += 1;
        let replacement = match expand_one(path, source, d, env, report) {
            Ok(text) => text,
            Err(e) if env.keep_going => {
                report.failed += 1;
                let shown = shown_error(&e, env.base);
                eprintln!("warning: {shown}");
                match env.syntax {
                    Syntax::Html => adapters::html::error_box(&shown),
                    Syntax::Markdown | Syntax::MarkdownFile => {
                        adapters::markdown::error_box(&shown)
                    }
                    Syntax::Tex => adapters::latex::error_box(&shown),
                }
            }
            Err(e) => return Err(e),
        };
        let spaced = match env.syntax {
            // Blank lines around keep the replacement its own block in Markdown.
            Syntax::Html | Syntax::Markdown | Syntax::MarkdownFile => {
                format!("\n\n{replacement}\n\n")
            }
            Syntax::Tex => format!("\n{replacement}\n"),
        };
        out.replace_range(d.span.clone(), &spaced);
    }
    Ok(out)
}

/// Make's escaping for a path in a dependency list.
fn make_path(path: &Path) -> String {
    path.display()
        .to_string()
        .replace('$', "$$")
        .replace('#', "\\#")
        .replace(' ', "\\ ")
}

/// A Make-style dependency list: the document and each figure with what it was made from,
/// and an empty rule per input so a deleted input does not break `make`.
fn deps_text(config: &crate::config::ExpandConfig, report: &ExpandReport) -> String {
    let line = |target: &Path, inputs: &[PathBuf]| {
        let names: Vec<String> = inputs.iter().map(|p| make_path(p)).collect();
        format!("{}: {}\n", make_path(target), names.join(" "))
    };
    let mut document_inputs = vec![config.input.clone()];
    document_inputs.extend(report.inputs.iter().cloned());
    let mut text = line(&config.output, &document_inputs);
    for (figure, inputs) in &report.figures {
        text.push_str(&line(figure, inputs));
    }
    for input in &report.inputs {
        text.push_str(&format!("{}:\n", make_path(input)));
    }
    text
}

/// `effgraph expand`: reads the source, expands it, writes the document (and dependency list).
pub fn expand_file(config: &crate::config::ExpandConfig) -> Result<ExpandReport> {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    if same(&config.input, &config.output) {
        return Err(Error::Usage(format!(
            "{}: the output would overwrite the input; choose another -o",
            config.output.display()
        )));
    }
    let source = std::fs::read_to_string(&config.input).map_err(|e| Error::io(&config.input, e))?;
    // A file in the current folder has the empty path as parent, so paths stay `data/x`.
    let parent = |p: &Path| p.parent().map(Path::to_path_buf).unwrap_or_default();
    let base = parent(&config.input);
    let out_dir = parent(&config.output);
    let templates = Templates::load(config.templates_dir.as_deref())?;
    let cache = Cache::new(out_dir.join("effgraph"));
    let env = ExpandEnv {
        syntax: config.syntax,
        defaults: &config.defaults,
        base: &base,
        templates: &templates,
        cache: &cache,
        out_dir: Some(&out_dir),
        keep_going: config.keep_going,
    };
    let mut report = ExpandReport::default();
    let expanded = expand_document(&config.input, &source, &env, &mut report)?;
    write_atomic(&config.output, expanded.as_bytes())?;
    if let Some(deps) = &config.deps {
        write_atomic(deps, deps_text(config, &report).as_bytes())?;
    }
    Ok(report)
}
