//! Expanding the directives of a document: each directive is configured, looked up in the
//! cache (keyed by everything its output depends on), or run through [`crate::pipeline`] and
//! written in the document's syntax by [`crate::syntax`]. Used by `effgraph expand` (LaTeX and
//! Markdown files, with figure files and a Make dependency list) and by the mdBook
//! preprocessor ([`crate::mdbook`]).

use std::path::{Path, PathBuf};

use crate::cache::{Cache, Entry, InputMemo, KeyBuilder, sha256_hex};
use crate::config::{Defaults, Source};
use crate::deps::deps_text;
use crate::directive::keys::{DirectiveConfig, configure};
use crate::directive::value_keys::configure_value;
use crate::directive::{Directive, DirectiveKind};
use crate::error::{Error, Location, Result};
use crate::fsutil::{TEXT_LIMIT, check_output, check_outputs, write_atomic};
use crate::pipeline::{DirectiveRun, analyse_directive, run_directive};
use crate::render::Styles;
use crate::report::templates::Templates;
use crate::report::value::Unknown;
use crate::syntax::{Page, Syntax};

/// `effgraph expand`: one source document into one expanded document.
#[derive(Debug, Clone)]
pub(crate) struct ExpandConfig {
    pub input: PathBuf,
    pub output: PathBuf,
    pub syntax: Syntax,
    pub deps: Option<PathBuf>,
    /// Also write every figure directive's values as LaTeX macros to this file.
    pub macros: Option<PathBuf>,
    pub defaults: Defaults,
    pub build: crate::settings::build::BuildOptions,
    /// The file the document's layout was read from (LaTeX's `.aux`): an input of the
    /// expansion, as a changed layout redraws the figures.
    pub layout: Option<PathBuf>,
    /// What reading the layout found to warn about.
    pub warnings: Vec<String>,
    /// For a folder plain LaTeX compiles: the expanded document reports nothing back to
    /// effgraph (no layout probe).
    pub standalone: bool,
}

/// Everything a document expansion needs besides the document.
pub(crate) struct ExpandEnv<'a> {
    pub syntax: Syntax,
    pub defaults: &'a Defaults,
    /// Relative paths in directives resolve against this folder.
    pub base: &'a Path,
    pub templates: &'a Templates,
    pub cache: &'a Cache,
    /// Files this run writes besides the cache (the expanded document, its dependency list):
    /// a directive that reads one of them fails before anything is rendered.
    pub outputs: &'a [PathBuf],
    /// Inputs will be named in a Make dependency file, so each must be nameable there.
    pub make_deps: bool,
    /// `true`: a failing directive becomes a visible error and a warning, not a failure.
    pub keep_going: bool,
    /// Collect each figure directive's values as LaTeX macro definitions.
    pub macros: bool,
    /// Finish the document as its syntax does (LaTeX: the layout probe); not for a
    /// standalone folder.
    pub finish: bool,
    /// The document's model styles, shared by its figures.
    pub styles: std::cell::RefCell<Styles>,
    /// Input files read so far in this run.
    pub memo: InputMemo,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct ExpandReport {
    pub directives: usize,
    pub rendered: usize,
    pub cached: usize,
    pub failed: usize,
    /// Every file the expanded document depends on (results, requirements, templates).
    pub inputs: Vec<PathBuf>,
    /// Each figure file written (or reused) with the inputs it was made from.
    pub figures: Vec<(PathBuf, Vec<PathBuf>)>,
    /// Things the user should know that did not stop the run.
    pub warnings: Vec<String>,
    /// Lines for the user as the run met them (a skipped summary file, a failed directive
    /// shown in place), to print as they are.
    pub messages: Vec<String>,
    /// Each figure directive's values as LaTeX macro definitions, when asked for.
    pub macros: Vec<String>,
}

/// The cache key of a configured directive and the input files it read: its text, the
/// defaults, the templates in use and the bytes of every input file.
fn cache_key(text: &str, cfg: &DirectiveConfig, env: &ExpandEnv) -> Result<(String, Vec<PathBuf>)> {
    let mut key = KeyBuilder::new();
    key.part(env.syntax.name().as_bytes())
        .part(text.as_bytes())
        .part(format!("{:?}", env.defaults).as_bytes())
        .part(env.base.as_os_str().as_encoded_bytes());
    for path in &env.templates.overrides {
        key.file(path, TEXT_LIMIT, &env.memo)?;
    }
    let mut inputs = env.templates.overrides.clone();
    if let Source::Files(spec) = &cfg.source {
        let (files, folders) = env.memo.listing(&spec.selection)?;
        for file in files {
            key.file(&file, cfg.max_file_size, &env.memo)?;
            inputs.push(file);
        }
        // The folders too: their listing is an input (the key already covers it, by the
        // files it names), so that Make and latexmk rebuild when a result file comes or goes.
        inputs.extend(folders);
        if let Some(lookup) = &spec.data.lookup {
            key.file(lookup, cfg.max_file_size, &env.memo)?;
            inputs.push(lookup.clone());
        }
    }
    if let Some(requirements) = &cfg.requirements {
        key.file(requirements, TEXT_LIMIT, &env.memo)?;
        inputs.push(requirements.clone());
    }
    Ok((key.finish(), inputs))
}

/// The figure files of a file-based syntax, each with its name in the cache folder
/// (`effgraph/` beside the output) and its bytes; the figure itself comes first.
fn figure_files(
    run: &DirectiveRun,
    cfg: &DirectiveConfig,
    key: &str,
    env: &ExpandEnv,
) -> Result<Vec<(String, Vec<u8>)>> {
    let format = cfg.format.unwrap_or(env.syntax.default_format());
    if !env.syntax.takes_format(format) {
        return Err(Error::Setting(crate::error::Invalid(format!(
            "format={} is for LaTeX documents; here use svg, png, pdf or eps",
            format.extension()
        ))));
    }
    run.drawing
        .files(format, cfg.dpi, "effgraph/", &key[..16])
        .map_err(|m| run.render_error(m))
}

/// Checks, before anything is rendered, that a directive's inputs are not outputs of this run
/// and can be named in the dependency file.
fn check_inputs(inputs: &[PathBuf], env: &ExpandEnv) -> Result<()> {
    for output in env.outputs {
        check_output(output, inputs)?;
    }
    if env.make_deps {
        for input in inputs {
            crate::deps::check_name(input)?;
        }
    }
    Ok(())
}

/// What an inline value's provenance names: a hash of its data and settings alone (the
/// directive, the defaults, each input file's path below the document's folder and its
/// bytes), so that it is the same on every machine and for every build of effgraph.
fn data_hash(text: &str, cfg: &DirectiveConfig, env: &ExpandEnv) -> Result<String> {
    let mut key = KeyBuilder::default();
    key.part(text.as_bytes())
        .part(format!("{:?}", env.defaults).as_bytes());
    if let Source::Files(spec) = &cfg.source {
        for file in env.memo.listing(&spec.selection)?.0 {
            let name = file.strip_prefix(env.base).unwrap_or(&file);
            key.named_file(name, &file, cfg.max_file_size, &env.memo)?;
        }
        if let Some(lookup) = &spec.data.lookup {
            let name = lookup.strip_prefix(env.base).unwrap_or(lookup);
            key.named_file(name, lookup, cfg.max_file_size, &env.memo)?;
        }
    }
    if let Some(requirements) = &cfg.requirements {
        let name = requirements.strip_prefix(env.base).unwrap_or(requirements);
        key.named_file(name, requirements, TEXT_LIMIT, &env.memo)?;
    }
    Ok(key.finish())
}

/// A configured directive's cache key and input files, checked against this run's outputs
/// and added to the document's inputs.
fn keyed_inputs(
    text: &str,
    cfg: &DirectiveConfig,
    env: &ExpandEnv,
    report: &mut ExpandReport,
) -> Result<(String, Vec<PathBuf>)> {
    let (key, inputs) = cache_key(text, cfg, env)?;
    check_inputs(&inputs, env)?;
    for input in &inputs {
        if !report.inputs.contains(input) {
            report.inputs.push(input.clone());
        }
    }
    Ok((key, inputs))
}

/// The replacement text of one directive, from the cache or freshly rendered. Everything is
/// computed before the figure file and the cache entry are written.
fn expand_one(
    path: &Path,
    source: &str,
    d: &Directive,
    env: &ExpandEnv,
    report: &mut ExpandReport,
) -> Result<String> {
    if d.kind == DirectiveKind::Value {
        return expand_value(path, source, d, env, report);
    }
    let cfg = configure(path, source, d, env.defaults, env.base)?;
    let location = Location::at_offset(path, source, d.span.start);
    let located = |e: Error| e.at_directive(&location);
    let (key, inputs) = keyed_inputs(d.text(source), &cfg, env, report).map_err(located)?;
    if env.macros {
        let definitions = macro_definitions(&cfg, &key, &location, env)?;
        report.macros.push(definitions);
    }
    let kind = env.syntax.name();
    let cached = env.cache.get(&key, kind).filter(|entry| {
        // Drawn in the styles this document gives its models now (they are fixed where the
        // document first shows a model, so an entry may be from another document state).
        let mut styles = env.styles.borrow_mut();
        entry
            .styles
            .iter()
            .all(|(model, code)| styles.style(model).is_ok_and(|s| s.code() == *code))
    });
    if let Some(entry) = cached {
        for (name, _) in &entry.figures {
            report
                .figures
                .push((env.cache.dir().join(name), inputs.clone()));
        }
        report.cached += 1;
        return Ok(entry.text);
    }
    let run = run_directive(&cfg, &location, &mut env.styles.borrow_mut()).map_err(located)?;
    for note in run.results.skip_notes() {
        report.messages.push(format!("{location}: {note}"));
    }
    let figures = if env.syntax.writes_figure_files() {
        figure_files(&run, &cfg, &key, env).map_err(located)?
    } else {
        Vec::new()
    };
    let reference = figures.first().map(|(name, _)| format!("effgraph/{name}"));
    let text = env
        .syntax
        .render(&run, &cfg, env.templates, reference.as_deref())
        .map_err(located)?;
    let mut styles = env.styles.borrow_mut();
    let mut entry = Entry {
        text: env.syntax.neutralise(&text),
        figures: Vec::new(),
        styles: run
            .analysis
            .models
            .iter()
            .map(|m| Ok((m.name.clone(), styles.style(&m.name)?.code())))
            .collect::<Result<_, _>>()
            .map_err(|m| located(Error::Style(m)))?,
    };
    drop(styles);
    for (name, bytes) in figures {
        env.cache.write(&name, &bytes)?;
        report
            .figures
            .push((env.cache.dir().join(&name), inputs.clone()));
        entry.figures.push((name, sha256_hex(&bytes)));
    }
    env.cache.put(&key, kind, &entry)?;
    report.rendered += 1;
    Ok(entry.text)
}

/// A figure directive's values as LaTeX macro definitions, cached beside its expansion.
fn macro_definitions(
    cfg: &DirectiveConfig,
    key: &str,
    location: &Location,
    env: &ExpandEnv,
) -> Result<String> {
    const KIND: &str = "macros";
    if let Some(entry) = env.cache.get(key, KIND) {
        return Ok(entry.text);
    }
    let located = |e: Error| e.at_directive(location);
    let (results, analysis) = analyse_directive(cfg, location).map_err(located)?;
    let entry = Entry {
        text: crate::report::macros::definitions(&analysis, &results, false),
        figures: Vec::new(),
        styles: Vec::new(),
    };
    env.cache.put(key, KIND, &entry)?;
    Ok(entry.text)
}

/// One inline value: configured, looked up in the cache, or computed from the analysis (no
/// figure is drawn) and written for the syntax.
fn expand_value(
    path: &Path,
    source: &str,
    d: &Directive,
    env: &ExpandEnv,
    report: &mut ExpandReport,
) -> Result<String> {
    let req = configure_value(path, source, d, env.defaults, env.base)?;
    let location = Location::at_offset(path, source, d.span.start);
    let located = |e: Error| e.at_directive(&location);
    let (key, _) = keyed_inputs(d.text(source), &req.config, env, report).map_err(located)?;
    let kind = format!("{}{}", env.syntax.name(), d.place.name());
    if let Some(entry) = env.cache.get(&key, &kind) {
        report.cached += 1;
        return Ok(entry.text);
    }
    let (results, analysis) = analyse_directive(&req.config, &location).map_err(located)?;
    let mut fact = crate::report::value::fact(&analysis, &results, &req).map_err(|unknown| {
        let (at, message) = match unknown {
            Unknown::Requirement(m) => (req.requirement_at, m),
            Unknown::Model(m) => (req.model_at, m),
        };
        crate::directive::error_at(path, source, at, message)
    })?;
    let hash = data_hash(d.text(source), &req.config, env).map_err(located)?;
    fact.provenance = format!(
        "{}; data and settings sha256 {}",
        fact.provenance,
        &hash[..16]
    );
    let entry = Entry {
        text: env
            .syntax
            .neutralise(&env.syntax.inline_value(&fact, d.text(source), d.place)),
        figures: Vec::new(),
        styles: Vec::new(),
    };
    env.cache.put(&key, &kind, &entry)?;
    report.rendered += 1;
    Ok(entry.text)
}

/// `e`'s message with paths under `base` shown relative to it, as the user wrote them.
pub(crate) fn shown_error(e: &Error, base: &Path) -> String {
    e.to_string().replace(&format!("{}/", base.display()), "")
}

/// Expands every directive of a document (Markdown or LaTeX, by `env.syntax`); `path` names
/// it in errors. The source itself is never written.
pub(crate) fn expand_document(
    path: &Path,
    source: &str,
    env: &ExpandEnv,
    report: &mut ExpandReport,
) -> Result<String> {
    let directives = env.syntax.scan(path, source)?;
    // In document order (a model's style is fixed where the document first shows it); the
    // text is then assembled between the directives' spans.
    let mut out = String::with_capacity(source.len());
    let mut copied = 0;
    let mut page = Page::default();
    for d in &directives {
        report.directives += 1;
        let inline = d.kind == DirectiveKind::Value;
        let replacement = match expand_one(path, source, d, env, report) {
            Ok(text) => text,
            Err(e) if env.keep_going => {
                report.failed += 1;
                let shown = shown_error(&e, env.base);
                report.messages.push(format!("warning: {shown}"));
                let shown_here = if inline {
                    env.syntax.error_inline(&shown)
                } else {
                    env.syntax.error_box(&shown)
                };
                env.syntax.neutralise(&shown_here)
            }
            Err(e) => return Err(e),
        };
        if inline {
            out.push_str(&source[copied..d.span.start]);
            out.push_str(&replacement);
            copied = d.span.end;
            continue;
        }
        let replacement = env.syntax.page_block(replacement, &mut page, env.templates);
        out.push_str(&source[copied..d.span.start]);
        out.push_str(&env.syntax.place(&replacement));
        copied = d.span.end;
    }
    out.push_str(&source[copied..]);
    // A document without directives is left exactly as it is.
    match directives.is_empty() || !env.finish {
        true => Ok(out),
        false => Ok(env.syntax.finish(out)),
    }
}

/// `effgraph expand`: reads the source, expands it, writes the document (and dependency
/// list); `report` says what was done, also when it fails.
pub(crate) fn expand_file(config: &ExpandConfig, report: &mut ExpandReport) -> Result<()> {
    // Outputs are checked against what is known before anything is written (the figures go
    // into the cache folder during expansion), and again once every input is known.
    let outputs: Vec<PathBuf> = std::iter::once(config.output.clone())
        .chain(config.deps.clone())
        .chain(config.macros.clone())
        .collect();
    let mut known_inputs = vec![config.input.clone()];
    known_inputs.extend(config.build.templates_dir.iter().cloned());
    check_outputs(&outputs, &known_inputs)?;
    if config.deps.is_some() {
        crate::deps::check_name(&config.output)?;
        crate::deps::check_name(&config.input)?;
    }
    let source = crate::fsutil::read_text(&config.input, config.defaults.max_file_size)?;
    // A file in the current folder has the empty path as parent, so paths stay `data/x`.
    let parent = |p: &Path| p.parent().map(Path::to_path_buf).unwrap_or_default();
    let base = parent(&config.input);
    let out_dir = parent(&config.output);
    let templates = Templates::load(config.build.templates_dir.as_deref())?;
    let cache = Cache::new(out_dir.join("effgraph"));
    let env = ExpandEnv {
        syntax: config.syntax,
        defaults: &config.defaults,
        base: &base,
        templates: &templates,
        cache: &cache,
        outputs: &outputs,
        make_deps: config.deps.is_some(),
        keep_going: config.build.keep_going(),
        macros: config.macros.is_some(),
        finish: !config.standalone,
        memo: Default::default(),
        styles: std::cell::RefCell::new(
            Styles::new(&config.defaults.styles).map_err(Error::Style)?,
        ),
    };
    report.messages.extend(config.warnings.iter().cloned());
    report.inputs.extend(config.layout.iter().cloned());
    let expanded = expand_document(&config.input, &source, &env, report)?;
    known_inputs.extend(report.inputs.iter().cloned());
    check_outputs(&outputs, &known_inputs)?;
    // The macros file is made from the same inputs as the document.
    let mut made = report.figures.clone();
    if let Some(path) = &config.macros {
        made.push((path.clone(), report.inputs.clone()));
    }
    let deps = match &config.deps {
        Some(path) => Some((
            path,
            deps_text(&config.output, &config.input, &report.inputs, &made)?,
        )),
        None => None,
    };
    if let Some(path) = &config.macros {
        let inputs: Vec<String> = report
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        let mut text = crate::report::macros::preamble(&inputs);
        for definitions in &report.macros {
            text.push_str(definitions);
        }
        text.push_str(crate::report::macros::POSTAMBLE);
        write_atomic(path, text.as_bytes())?;
    }
    write_atomic(&config.output, expanded.as_bytes())?;
    if let Some((path, text)) = deps {
        write_atomic(path, text.as_bytes())?;
    }
    Ok(())
}
