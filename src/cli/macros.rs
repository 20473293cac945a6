//! `effgraph macros`: every value of an analysis as LaTeX macros in one file, for papers that
//! `\input` it (see [`crate::report::macros`]), with an optional Make dependency list so that
//! latexmk or Make rebuild it when a result or requirements file changes.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::config::AnalysisConfig;
use crate::error::Result;
use crate::fsutil::{check_outputs, write_atomic};
use crate::pipeline;
use crate::report::macros::macros_text;

/// A validated `macros` command line.
pub(crate) struct MacrosJob {
    pub analysis: AnalysisConfig,
    /// The results paths as given (folders among them are dependencies too).
    pub results: Vec<PathBuf>,
    pub output: PathBuf,
    pub raw: bool,
    pub deps: Option<PathBuf>,
}

pub(crate) fn macros(args: &MacrosJob, out: &mut impl Write) -> Result<ExitCode> {
    let analysed = pipeline::analyse(&args.analysis)?;
    for note in analysed.results.skip_notes() {
        eprintln!("{note}");
    }
    let mut inputs: Vec<PathBuf> = analysed.results.files.clone();
    inputs.extend(args.analysis.requirements.iter().cloned());
    let shown: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
    let text = macros_text(&analysed.analysis, &analysed.results, args.raw, &shown);
    let mut outputs = vec![args.output.clone()];
    outputs.extend(args.deps.iter().cloned());
    check_outputs(&outputs, &inputs)?;
    // Result folders too, so that a new result file makes the macros file stale.
    let mut deps_inputs = inputs.clone();
    deps_inputs.extend(args.results.iter().filter(|p| p.is_dir()).cloned());
    let deps = match (&args.deps, deps_inputs.split_first()) {
        (Some(path), Some((first, rest))) => Some((
            path,
            crate::deps::deps_text(&args.output, first, rest, &[])?,
        )),
        _ => None,
    };
    write_atomic(&args.output, text.as_bytes())?;
    if let Some((path, text)) = deps {
        write_atomic(path, text.as_bytes())?;
    }
    let _ = writeln!(out, "wrote {}", args.output.display());
    Ok(ExitCode::SUCCESS)
}
