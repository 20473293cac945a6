//! Markdown output, for mdBook renderers other than HTML (the figure described in words) and
//! for Markdown files (the figure as an image file): caption, verdicts and tables from the
//! `md/` templates, every string escaped.

use crate::directive::keys::DirectiveConfig;
use crate::error::Result;
use crate::pipeline::DirectiveRun;
use crate::report::context::ReportContext;
use crate::report::templates::{Templates, escape_md};

/// `figure`: the image file's path relative to the output, when there is one.
pub fn render(
    run: &DirectiveRun,
    cfg: &DirectiveConfig,
    templates: &Templates,
    figure: Option<&str>,
) -> Result<String> {
    let mut context = ReportContext::for_directive(&run.analysis, run.drawing.id_prefix(), cfg);
    context.skipped = run.skipped.clone();
    context.caption = run.caption(&context.caption)?;
    context.figure = figure.unwrap_or_default().to_string();
    let text = templates.render("md/figure.md", &context)?;
    Ok(text.trim().to_string())
}

/// A visible error for `on-failure = "continue"`.
pub fn error_box(message: &str) -> String {
    format!("> **effgraph error**: {}", escape_md(message))
}
