//! LaTeX: a `figure` with `\includegraphics` of the generated PDF (or EPS), caption and
//! label, and booktabs tables for the verdicts and statistics, from the `tex/` templates.
//! Every string from the data or the requirements goes through the `tex` filter. Directives
//! in comments, verbatim text and `\iffalse` branches are left alone, in math refused
//! ([`scan`]). An inline value is marked by a comment line before it holding its directive
//! ([`MARK`]), which `check --document` reads back.

pub(super) mod layout;
pub(super) mod scan;

use std::path::{Path, PathBuf};

use super::document::{DocumentSyntax, Mark, one_line};
use crate::directive::{Place, Region};
use crate::error::{Location, Result, shown};
use crate::pipeline::DirectiveRun;
use crate::render::Format;
use crate::report::context::ReportContext;
use crate::report::templates::{Templates, escape_tex, tex_text};
use crate::report::value::Fact;
use crate::request::DirectiveConfig;
use layout::{Layout, comment_start};

/// The LaTeX comment that starts an inline value's mark; it counts only where it starts its
/// line's comment, so text inside another comment (a provenance line naming data) can never
/// be taken for one.
const MARK: &str = "% effgraph-value: ";

/// A LaTeX document.
pub(super) struct Latex;

impl DocumentSyntax for Latex {
    fn name(&self) -> &'static str {
        "tex"
    }

    fn source(&self) -> Option<(&'static str, &'static [&'static str])> {
        Some(("tex", &["tex", "ltx", "latex"]))
    }

    fn built_extensions(&self) -> &'static [&'static str] {
        &["tex", "ltx", "latex"]
    }

    fn regions(&self, source: &str) -> Vec<Region> {
        scan::regions(source)
    }

    fn writes_figure_files(&self) -> bool {
        true
    }

    fn default_format(&self) -> Format {
        Format::Pdf
    }

    fn render(
        &self,
        run: &DirectiveRun,
        cfg: &DirectiveConfig,
        templates: &Templates,
        figure: Option<&str>,
    ) -> Result<String> {
        render(run, cfg, templates, figure.unwrap_or_default())
    }

    fn error_box(&self, message: &str) -> String {
        error_box(message)
    }

    fn previous_layout(
        &self,
        output: &Path,
        input: &Path,
        aux: Option<&Path>,
    ) -> Result<Option<(Option<PathBuf>, Layout)>> {
        let candidates = match aux {
            Some(aux) => vec![aux.to_path_buf()],
            None => layout::aux_beside(output, input),
        };
        for aux in candidates {
            if !aux.is_file() {
                continue;
            }
            let bytes = crate::fsutil::read_input(&aux, layout::AUX_LIMIT)?;
            if let Some(found) = Layout::read(&String::from_utf8_lossy(&bytes)) {
                return Ok(Some((Some(aux), found)));
            }
        }
        Ok(Some((None, Layout::before_the_first_run())))
    }

    fn takes_format(&self, _format: Format) -> bool {
        true
    }

    fn included(&self, source: &str) -> Vec<String> {
        scan::included(source)
    }

    fn finish(&self, expanded: String) -> String {
        layout::with_probe(expanded)
    }

    fn error_inline(&self, message: &str) -> String {
        format!("\\textbf{{effgraph error: {}}}", escape_tex(message))
    }

    /// The value after two comment lines, its mark and where it came from (before it, since
    /// a comment ends its line and TeX drops the next line's leading space).
    fn inline_value(&self, fact: &Fact, directive: &str, _place: Place) -> String {
        format!(
            "{MARK}{}\n% effgraph: {}\n{}",
            one_line(directive),
            crate::error::escape_controls(&fact.provenance),
            escape_tex(&fact.text)
        )
    }

    fn place(&self, replacement: &str) -> String {
        format!("\n{replacement}\n")
    }

    /// LaTeX output is escaped as it is built.
    fn neutralise(&self, text: &str) -> String {
        text.to_string()
    }

    fn marks(&self, page: &Path, text: &str) -> Vec<Mark> {
        marks(page, text)
    }

    fn written(&self, text: &str) -> String {
        escape_tex(text)
    }

    /// The line after the mark starts with the value; a stale one is quoted as far as a
    /// value of the length of `now` could reach.
    fn stale(&self, mark: &Mark, now: &str) -> Option<String> {
        (!mark.written.starts_with(now)).then(|| sentence_start(&mark.written, now.chars().count()))
    }
}

/// Each mark of a document: the directive on the mark's line, the value on the first line
/// after the mark's comment lines.
fn marks(page: &Path, text: &str) -> Vec<Mark> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(at) = comment_start(line).filter(|&at| line[at..].starts_with(MARK)) else {
            continue;
        };
        let Some((j, written)) = lines
            .iter()
            .enumerate()
            .skip(i + 1)
            .find(|(_, l)| !l.trim_start().starts_with('%'))
        else {
            continue;
        };
        let column = line[..at].chars().count() + MARK.len() + 1;
        found.push(Mark {
            directive_at: Location::new(page, i + 1, column),
            directive: line[at + MARK.len()..].to_string(),
            value_at: Location::new(page, j + 1, 1),
            written: written.to_string(),
        });
    }
    found
}

/// The start of a LaTeX line as far as a value of about `len` characters could reach: up to
/// its comment, at most a few words past `len`, so a message shows the old value, not the
/// whole sentence.
fn sentence_start(line: &str, len: usize) -> String {
    let before_comment = line.split(MARK).next().unwrap_or(line);
    let mut out = String::new();
    for word in before_comment.split_inclusive(' ') {
        if out.chars().count() >= len {
            break;
        }
        out.push_str(word);
    }
    format!("{}…", out.trim_end())
}

/// `figure`: the figure file's path relative to the output document.
fn render(
    run: &DirectiveRun,
    cfg: &DirectiveConfig,
    templates: &Templates,
    figure: &str,
) -> Result<String> {
    let mut context = run.context(cfg)?;
    context.figure = figure.to_string();
    check_printable(run, &context)?;
    Ok(templates
        .render("tex/figure.tex", &context)?
        .trim_end()
        .to_string())
}

/// Fails, before any LaTeX is written, on text pdflatex could not print: a model name names
/// its first record; any other string (a caption, a requirement) is quoted.
fn check_printable(run: &DirectiveRun, context: &ReportContext) -> Result<()> {
    let cannot = |c: char| format!("`{c}` (U+{:04X}), which LaTeX cannot print", u32::from(c));
    for (model, name) in run.results.models.iter().enumerate() {
        let Err(c) = tex_text(name) else { continue };
        let record = run
            .results
            .records
            .iter()
            .find(|r| r.model as usize == model);
        let place = record.map_or(String::new(), |r| {
            let index = r.index.map_or(String::new(), |i| format!(" record {i}"));
            format!(" ({}{index})", shown(run.results.file_path(r)))
        });
        let message = format!(
            "model name {name:?}{place} has {}; rename the model",
            cannot(c)
        );
        return Err(run.render_error(message));
    }
    let value = serde_json::to_value(context).unwrap_or_default();
    let mut stack = vec![&value];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::String(s) => {
                if let Err(c) = tex_text(s) {
                    return Err(run.render_error(format!("{s:?} has {}", cannot(c))));
                }
            }
            serde_json::Value::Array(items) => stack.extend(items),
            serde_json::Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    Ok(())
}

/// A visible error for `on-failure = continue`: a framed box in the PDF.
fn error_box(message: &str) -> String {
    format!(
        "\\fbox{{\\parbox{{0.9\\linewidth}}{{\\textbf{{effgraph error}}: {}}}}}",
        escape_tex(message)
    )
}
