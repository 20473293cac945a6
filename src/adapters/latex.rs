//! LaTeX output: a `figure` with `\includegraphics` of the generated PDF (or EPS), caption and
//! label, and booktabs tables for the verdicts and statistics, from the `tex/` templates.
//! Every string from the data or the requirements goes through the `tex` filter.

use crate::directive::keys::DirectiveConfig;
use crate::error::Result;
use crate::error::shown;
use crate::pipeline::DirectiveRun;
use crate::report::context::ReportContext;
use crate::report::templates::{Templates, escape_tex, tex_text};

/// `figure`: the figure file's path relative to the output document.
pub fn render(
    run: &DirectiveRun,
    cfg: &DirectiveConfig,
    templates: &Templates,
    figure: &str,
) -> Result<String> {
    let mut context = ReportContext::for_directive(&run.analysis, run.drawing.id_prefix(), cfg);
    context.skipped = run.skipped.clone();
    context.caption = run.caption(&context.caption)?;
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
pub fn error_box(message: &str) -> String {
    format!(
        "\\fbox{{\\parbox{{0.9\\linewidth}}{{\\textbf{{effgraph error}}: {}}}}}",
        escape_tex(message)
    )
}
