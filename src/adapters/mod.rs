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
    pub fn name(self) -> &'static str {
        match self {
            Syntax::Html => "html",
            Syntax::Markdown => "md",
            Syntax::MarkdownFile => "mdfile",
            Syntax::Tex => "tex",
        }
    }
}
