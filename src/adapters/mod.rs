//! Adapters: how an expanded directive becomes text in each output syntax, and the mdBook
//! preprocessor protocol. They format what [`crate::pipeline`] computed and stay thin.

pub mod html;
pub mod latex;
pub mod markdown;
pub mod mdbook;

/// The syntax a directive's replacement is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// mdBook's HTML renderer: inline SVG and HTML tables.
    Html,
    /// Any other mdBook renderer: Markdown tables, the figure described in words.
    Markdown,
    /// A Markdown file expanded by `effgraph expand`: the figure as an image file beside it.
    MarkdownFile,
    /// A LaTeX file: a `figure` with `\includegraphics` and booktabs tables.
    Tex,
}

impl Syntax {
    /// `text` made inert for the tools that read this syntax after effgraph. mdBook expands
    /// `{{#include …}}`, `{{#title …}}` and friends in chapter text *after* a preprocessor
    /// that runs before its `links` step, so a model name holding `{{#include ../secret}}`
    /// would paste a file into the page: every `{{` becomes `&#123;&#123;`, which HTML and
    /// Markdown show as `{{` and mdBook does not match. LaTeX output is escaped as it is built.
    pub fn neutralise(self, text: &str) -> String {
        match self {
            Syntax::Html | Syntax::Markdown | Syntax::MarkdownFile => {
                text.replace("{{", "&#123;&#123;")
            }
            Syntax::Tex => text.to_string(),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Syntax::Html => "html",
            Syntax::Markdown => "md",
            Syntax::MarkdownFile => "mdfile",
            Syntax::Tex => "tex",
        }
    }
}
