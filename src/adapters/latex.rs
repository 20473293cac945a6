//! LaTeX output: a `figure` with `\includegraphics` of the generated PDF (or EPS), caption and
//! label, and booktabs tables for the verdicts and statistics, from the `tex/` templates.
//! Every string from the data or the requirements goes through the `tex` filter.

use crate::directive::keys::DirectiveConfig;
use crate::error::Result;
use crate::pipeline::DirectiveRun;
use crate::report::context::ReportContext;
use crate::report::templates::{Templates, escape_tex};

/// `figure`: the figure file's path relative to the output document.
pub fn render(
    run: &DirectiveRun,
    cfg: &DirectiveConfig,
    templates: &Templates,
    figure: &str,
) -> Result<String> {
    let mut context = ReportContext::for_directive(run, cfg);
    context.figure = figure.to_string();
    Ok(templates
        .render("tex/figure.tex", &context)?
        .trim_end()
        .to_string())
}

/// A visible error for `on-failure = continue`: a framed box in the PDF.
pub fn error_box(message: &str) -> String {
    format!(
        "\\fbox{{\\parbox{{0.9\\linewidth}}{{\\textbf{{effgraph error}}: {}}}}}",
        escape_tex(message)
    )
}
