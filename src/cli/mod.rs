//! The `effgraph` command line: raw flags (with the old script's underscore spellings as
//! aliases), turned once into validated configurations, run through the pipeline.
//! Exit codes: 0 success; 1 `check` found an unmet requirement; 2 bad input or usage.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

mod flags;
mod macros;
mod parts;

pub(crate) use flags::DataArgs;
use flags::{
    Analysing, Building, Documenting, Drawing, Rendering, SettingFlags, Simulating, Sourcing,
};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::analysis::{AnalysisOptions, Status};
use crate::config::{AnalysisConfig, Defaults, RenderConfig, Source};
use crate::error::{Error, Result};
use crate::pipeline;
use crate::render::style::parse_length;
use crate::render::{FigureOptions, Format};
use crate::report::console;

#[derive(Parser, Debug)]
#[command(
    name = "effgraph",
    version,
    about = "Honest efficiency figures and verdicts from benchmark results"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Analyse results, print the summary and write the figure (and summary JSON).
    Render(RenderArgs),
    /// Print requirement verdicts; exit 0 when all are met, 1 when any is not, 3 when none failed but some are inconclusive, 2 on bad input.
    Check(CheckArgs),
    /// Write simulated results in the old one-record-per-file layout.
    Simulate(SimulateArgs),
    /// Expand directives in a LaTeX or Markdown file into a new file (the input is never changed).
    Expand(ExpandArgs),
    /// Write every value of the analysis as LaTeX macros (\effreq, \effstat, \effreading) for \input
    Macros(MacrosArgs),
}

/// `--syntax`: the names of the syntaxes `expand` reads, from their table.
fn syntax_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        crate::syntax::Syntax::sources()
            .into_iter()
            .map(|(name, _)| name),
    )
}

#[derive(Args, Debug)]
pub(crate) struct ExpandArgs {
    /// The source document (.tex or .md).
    pub input: PathBuf,
    /// The expanded document; figures go to `effgraph/` beside it.
    #[arg(
        long,
        short,
        value_name = "FILE",
        required_unless_present = "standalone"
    )]
    pub output: Option<PathBuf>,
    /// Write a folder that plain LaTeX compiles with no effgraph (for arXiv or Overleaf): the
    /// expanded document under its own name, the files it \input/\includes expanded too, its
    /// figures and the macros file; nothing else.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["output", "deps"])]
    pub standalone: Option<PathBuf>,
    /// Source syntax (default: from the input's extension).
    #[arg(long, value_parser = syntax_names())]
    pub syntax: Option<String>,
    /// Write a Make-style dependency list: each output and the files it was made from.
    #[arg(long, value_name = "FILE")]
    pub deps: Option<PathBuf>,
    /// Also write every figure directive's values as LaTeX macros (\effreq, \effstat, \effreading) to this file, for \input.
    #[arg(long, value_name = "FILE")]
    pub macros: Option<PathBuf>,
    #[command(flatten)]
    pub build: SettingFlags<Building>,
    /// The .aux of the last LaTeX run, whose layout (widths, face, type size) figures follow
    /// [default: the output's or the input's name with .aux, beside the output].
    #[arg(long, value_name = "FILE")]
    pub aux: Option<PathBuf>,
    /// The document's \columnwidth (e.g. 247pt): figures are drawn exactly that wide
    /// (size=columnwidth, and the default for span=column).
    #[arg(long, value_name = "LENGTH", value_parser = parse_length)]
    pub column_width: Option<f64>,
    /// The document's \textwidth, for size=textwidth and span=full.
    #[arg(long, value_name = "LENGTH", value_parser = parse_length)]
    pub text_width: Option<f64>,
    #[command(flatten)]
    pub document: SettingFlags<Documenting>,
    #[command(flatten)]
    pub figure: SettingFlags<Drawing>,
    #[command(flatten)]
    pub look: LookArgs,
    #[command(flatten)]
    pub frontier: SettingFlags<Analysing>,
    #[command(flatten)]
    pub simulation: SettingFlags<Simulating>,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Args, Debug)]
pub(crate) struct SourceArgs {
    /// Result file, folder (searched recursively for .json, .jsonl, .csv, .tsv, .parquet files) or glob pattern such as 'results/*/*/results_*.json' (repeatable)
    #[arg(
        long,
        alias = "results_dir",
        value_name = "PATH",
        conflicts_with = "simulate"
    )]
    pub results_dir: Vec<PathBuf>,
    #[command(flatten)]
    pub sourcing: SettingFlags<Sourcing>,
    #[command(flatten)]
    pub simulation: SettingFlags<Simulating>,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Args, Debug)]
pub(crate) struct AnalysisArgs {
    #[command(flatten)]
    pub frontier: SettingFlags<Analysing>,
    #[command(flatten)]
    pub parts: parts::PartArgs,
}

#[derive(Args, Debug)]
pub(crate) struct RenderArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Output path without extension; a trailing `/` means a folder [default: efficiency_graph
    /// beside the results path, never inside it; results/efficiency_graph with --simulate].
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Also write a PNG preview beside a vector format.
    #[arg(long, alias = "png-preview")]
    pub preview: bool,
    /// Also write `<output>.json` with the summary.
    #[arg(long, alias = "save_summary")]
    pub save_summary: bool,
    #[command(flatten)]
    pub figure: SettingFlags<Drawing>,
    #[command(flatten)]
    pub own: SettingFlags<Rendering>,
    #[command(flatten)]
    pub look: LookArgs,
}

/// The models' styles, shared by `render` and `expand` (`[styles]` in a book: a table there,
/// a file here).
#[derive(Args, Debug)]
pub(crate) struct LookArgs {
    /// A TOML file whose `[styles]` table pins models' colours, markers and dashes.
    #[arg(long, value_name = "FILE")]
    pub styles: Option<PathBuf>,
}

impl LookArgs {
    /// This flag over `defaults`.
    fn apply(&self, defaults: &mut Defaults) -> Result<()> {
        if let Some(path) = &self.styles {
            defaults.styles = crate::config::load_styles(path)?;
        }
        Ok(())
    }
}

#[derive(Args, Debug)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Instead of verdicts: check that every inline value in this built document (an expanded .tex file, a built book's .html page or folder) still matches the data (repeatable)
    #[arg(long, value_name = "FILE")]
    pub document: Vec<PathBuf>,
    /// Folder that a LaTeX document's directive paths are relative to (its source's folder) [default: .]
    #[arg(long, value_name = "DIR", requires = "document")]
    pub base: Option<PathBuf>,
    /// How an inconclusive verdict (its interval straddles the threshold) counts: fail (exit 1), pass (exit 0), or exit 3 when no requirement failed [default: exit 3]
    #[arg(long, value_name = "fail|pass")]
    pub inconclusive: Option<InconclusiveArg>,
}

/// What `check --inconclusive` makes of an inconclusive verdict.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InconclusiveArg {
    Fail,
    Pass,
}

#[derive(Args, Debug)]
pub(crate) struct MacrosArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// The .tex file to write.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Bare numbers in base units (for siunitx), without ≈, units or ×.
    #[arg(long)]
    pub raw: bool,
    /// Also write a Make dependency list: the macros file depends on every file read.
    #[arg(long, value_name = "FILE")]
    pub deps: Option<PathBuf>,
}

impl MacrosArgs {
    fn job(&self) -> Result<macros::MacrosJob> {
        self.source.require()?;
        Ok(macros::MacrosJob {
            analysis: analysis_config(&self.source, &self.analysis)?,
            results: self.source.results_dir.clone(),
            output: self.output.clone(),
            raw: self.raw,
            deps: self.deps.clone(),
        })
    }
}

#[derive(Args, Debug)]
pub(crate) struct SimulateArgs {
    /// Folder to write the result files into.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub simulation: SettingFlags<Simulating>,
}

impl SourceArgs {
    /// Results come from somewhere: paths, or the simulator.
    fn require(&self) -> Result<()> {
        if self.results_dir.is_empty() && !self.sourcing.over(Defaults::default())?.simulate {
            return Err(Error::Usage(
                "give the results with --results-dir <PATH> (or use --simulate)".into(),
            ));
        }
        Ok(())
    }
}

fn analysis_config(source: &SourceArgs, a: &AnalysisArgs) -> Result<AnalysisConfig> {
    let frontier = a.frontier.over(Defaults::default())?;
    let max_file_size = frontier.max_file_size;
    Ok(AnalysisConfig {
        source: if source.results_dir.is_empty() {
            let simulation = source.simulation.over(Defaults::default())?;
            Source::Simulated {
                num_configs: simulation.num_configs,
                seed: simulation.seed,
            }
        } else {
            let options = source.data.options();
            Source::Files(Box::new(options.spec(
                source.results_dir.clone(),
                max_file_size,
                std::path::Path::new(""),
            )))
        },
        max_file_size,
        requirements: frontier.requirements.map(PathBuf::from),
        options: AnalysisOptions {
            interpolation: frontier.interpolation,
            from: frontier.from,
            target_y: frontier.target_y,
            target_x: frontier.target_x,
        },
        parts: a.parts.requests.clone(),
    })
}

/// Whether the user wrote `path` with a trailing slash: a folder, even if it does not exist.
fn names_a_folder(path: &std::path::Path) -> bool {
    path.as_os_str().as_encoded_bytes().ends_with(b"/")
}

impl RenderArgs {
    /// The output path without extension. The default sits beside the results path, so a
    /// summary is never written among the files it summarises.
    fn output_base(&self) -> PathBuf {
        const NAME: &str = "efficiency_graph";
        match (&self.output, self.source.results_dir.first()) {
            (Some(out), _) if names_a_folder(out) => out.join(NAME),
            (Some(out), _) => out.clone(),
            (None, Some(results)) => results
                .parent()
                .map_or_else(|| PathBuf::from(NAME), |p| p.join(NAME)),
            (None, None) => PathBuf::from("results").join(NAME),
        }
    }

    pub(crate) fn to_config(&self) -> Result<RenderConfig> {
        self.source.require()?;
        let mut look = self.own.over(self.figure.over(Defaults::default())?)?;
        self.look.apply(&mut look)?;
        let format = look.format.unwrap_or(Format::Svg);
        if format == Format::Png || self.preview {
            look.size
                .check_raster(look.dpi)
                .map_err(|m| Error::Usage(m.to_string()))?;
        }
        Ok(RenderConfig {
            analysis: analysis_config(&self.source, &self.analysis)?,
            output: self.output_base(),
            format,
            dpi: look.dpi,
            preview: self.preview,
            save_summary: self.save_summary,
            figure: FigureOptions {
                size: look.size,
                title: look.title.clone(),
                x_scale: look.x_scale,
                y_scale: look.y_scale,
                font: look.font.face(look.document_face),
                font_size: look.font_size,
                legend: look.legend,
                ..FigureOptions::default()
            },
            styles: look.styles,
        })
    }
}

/// Runs a parsed command line; the binary's `main` is just this.
pub fn run(cli: Cli) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    let outcome = match cli.command {
        Command::Render(args) => render(&args, &mut stdout),
        Command::Check(args) => check(&args, &mut stdout),
        Command::Simulate(args) => simulate(&args, &mut stdout),
        Command::Expand(args) => expand(&args, &mut stdout),
        Command::Macros(args) => args.job().and_then(|job| macros::macros(&job, &mut stdout)),
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            let _ = stdout.flush();
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn render(args: &RenderArgs, out: &mut impl Write) -> Result<ExitCode> {
    let outcome = pipeline::render(&args.to_config()?)?;
    for note in &outcome.notes {
        eprintln!("{note}");
    }
    let _ = write!(out, "{}", outcome.console);
    for path in &outcome.written {
        let _ = writeln!(out, "wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn check(args: &CheckArgs, out: &mut impl Write) -> Result<ExitCode> {
    if !args.document.is_empty() {
        return check_documents(args, out);
    }
    args.source.require()?;
    let config = analysis_config(&args.source, &args.analysis)?;
    if config.requirements.is_none() {
        return Err(Error::Usage("check needs --requirements FILE".into()));
    }
    let analysed = pipeline::analyse(&config)?;
    for note in analysed.results.skip_notes() {
        eprintln!("{note}");
    }
    let _ = write!(
        out,
        "{}",
        console::verdicts_report(&analysed.analysis).trim_start()
    );
    let statuses = analysed.analysis.verdicts.iter().map(|v| v.status);
    Ok(ExitCode::from(check_status(statuses, args.inconclusive)))
}

/// `check --document`: exit 0 when every inline value still matches the data, 1 when any
/// does not (each named with its place).
fn check_documents(args: &CheckArgs, out: &mut impl Write) -> Result<ExitCode> {
    let base = args.base.clone().unwrap_or_else(|| PathBuf::from("."));
    // The flags `expand` took for a LaTeX document's directives mean the same here.
    let defaults = args.analysis.frontier.over(Defaults {
        data: args.source.data.options(),
        ..Defaults::default()
    })?;
    let settings = crate::staleness::CheckSettings {
        base: &base,
        defaults: &defaults,
        limit: defaults.max_file_size,
    };
    let (mut stale, mut checked) = (0, 0);
    for document in &args.document {
        let found = crate::staleness::check_document(document, &settings)?;
        checked += found.checked;
        for s in &found.stale {
            let _ = writeln!(
                out,
                "{}: stale value: the document says `{}`, the data now give `{}`",
                s.location,
                s.written.trim(),
                s.now
            );
        }
        let _ = writeln!(
            out,
            "{}: {} inline value{} checked, {} stale",
            document.display(),
            found.checked,
            if found.checked == 1 { "" } else { "s" },
            found.stale.len()
        );
        stale += found.stale.len();
    }
    if checked == 0 {
        // A gate that passes on nothing would pass whatever the data say.
        return Err(Error::Usage(
            "check --document found no inline values to check (expanded .tex files and built books mark each value they write)".into(),
        ));
    }
    Ok(if stale > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `check`'s exit status: 0 when every requirement is met, 1 when any is not, 3 when none
/// failed but some are inconclusive (or 1 or 0 as `--inconclusive` says).
fn check_status(
    statuses: impl Iterator<Item = Status>,
    inconclusive: Option<InconclusiveArg>,
) -> u8 {
    let (mut failed, mut unsure) = (false, false);
    for status in statuses {
        failed |= status == Status::NotMet;
        unsure |= status == Status::Inconclusive;
    }
    match (failed, unsure, inconclusive) {
        (true, _, _) => 1,
        (false, true, None) => 3,
        (false, true, Some(InconclusiveArg::Fail)) => 1,
        _ => 0,
    }
}

fn simulate(args: &SimulateArgs, out: &mut impl Write) -> Result<ExitCode> {
    let simulation = args.simulation.over(Defaults::default())?;
    let written = pipeline::simulate_to(&args.out, simulation.num_configs, simulation.seed)?;
    let _ = writeln!(
        out,
        "wrote {} simulated result files to {}",
        written.len(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

impl ExpandArgs {
    pub(crate) fn to_config(&self) -> Result<crate::expand::ExpandConfig> {
        use crate::syntax::Syntax;
        let extension = self
            .input
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
        let syntax = match &self.syntax {
            Some(name) => Syntax::named(name),
            None => Syntax::of_source(extension),
        };
        let Some(syntax) = syntax else {
            let names: Vec<String> = Syntax::sources()
                .into_iter()
                .map(|(name, _)| format!("--syntax {name}"))
                .collect();
            return Err(Error::Usage(format!(
                "cannot tell the syntax of {} from its extension; give {}",
                self.input.display(),
                names.join(" or ")
            )));
        };
        let output = match (&self.output, &self.standalone, self.input.file_name()) {
            (_, Some(dir), Some(name)) => dir.join(name),
            (Some(out), _, Some(name)) if names_a_folder(out) => out.join(name),
            (Some(out), _, _) => out.clone(),
            _ => return Err(Error::Usage("give the output with -o FILE".into())),
        };
        let layout = syntax.previous_layout(&output, &self.input, self.aux.as_deref())?;
        let (base, warnings) = self.layout_defaults(layout.as_ref().map(|(_, l)| l));
        let base = self.document.over(base)?;
        let base = self.figure.over(base)?;
        let mut defaults = self.simulation.over(self.frontier.over(base)?)?;
        self.look.apply(&mut defaults)?;
        Ok(crate::expand::ExpandConfig {
            input: self.input.clone(),
            output,
            syntax,
            deps: self.deps.clone(),
            macros: self.macros.clone(),
            defaults,
            build: self.build.over(Default::default())?,
            layout: layout.and_then(|(aux, _)| aux),
            warnings,
            standalone: self.standalone.is_some(),
        })
    }

    /// The defaults before any flag: the widths, face and type size of the document's
    /// `layout` when its last build reported one (the flags win over it), with a warning
    /// when its face has no match.
    fn layout_defaults(&self, layout: Option<&crate::syntax::Layout>) -> (Defaults, Vec<String>) {
        // The widths first: `--size columnwidth` reads them.
        let mut base = Defaults {
            data: self.data.options(),
            column_width: self.column_width,
            text_width: self.text_width,
            ..Defaults::default()
        };
        let mut warnings = Vec::new();
        if let Some(layout) = layout {
            base.column_width = base.column_width.or(Some(layout.column_width));
            base.text_width = base.text_width.or(Some(layout.text_width));
            base.font_size = crate::render::FontSize(layout.figure_type_size());
            let (face, warning) = layout.face();
            base.document_face = Some(face);
            warnings.extend(warning.map(|w| format!("warning: {w}")));
        }
        (base, warnings)
    }
}

fn expand(args: &ExpandArgs, out: &mut impl Write) -> Result<ExitCode> {
    let config = args.to_config()?;
    let mut report = crate::expand::ExpandReport::default();
    let expanded = match &args.standalone {
        Some(dir) => crate::standalone::write(&config, dir, &mut report),
        None => crate::expand::expand_file(&config, &mut report),
    };
    for message in &report.messages {
        eprintln!("{message}");
    }
    expanded?;
    let _ = writeln!(
        out,
        "expanded {} directives into {} ({} rendered, {} from cache, {} failed)",
        report.directives,
        args.standalone.as_ref().unwrap_or(&config.output).display(),
        report.rendered,
        report.cached,
        report.failed
    );
    Ok(if report.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
