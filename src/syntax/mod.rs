//! Document syntaxes: everything effgraph knows of one kind of document lives in that
//! syntax's module: where directives are not read (code, comments, math), how an expanded
//! directive, an inline value and an error are written (from its templates, with its
//! escaping), the marks its values carry and how `check --document` reads them back, and the
//! file extensions it is chosen by. `SYNTAXES` is the one table of them; the rest of
//! effgraph asks a `Syntax` and never matches on which one it is.

mod document;
mod html;
mod latex;
mod markdown;
mod pandoc;
mod typst;

pub(crate) use document::{DocumentSyntax, Layout, Mark, Page};
#[cfg(test)]
pub(crate) use pandoc::inlines as pandoc_inlines;

use std::path::Path;

use crate::directive::{Directive, find_all};
use crate::error::Result;

/// Every syntax effgraph writes, once.
static SYNTAXES: &[&dyn DocumentSyntax] = &[
    &html::Html,
    &markdown::PAGE,
    &markdown::FILE,
    &latex::Latex,
    &typst::Typst,
    &pandoc::PANDOC_2,
    &pandoc::PANDOC_3,
];

/// A document syntax: a handle on an entry of [`SYNTAXES`].
#[derive(Clone, Copy)]
pub(crate) struct Syntax(&'static dyn DocumentSyntax);

impl std::fmt::Debug for Syntax {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.name())
    }
}

impl PartialEq for Syntax {
    fn eq(&self, other: &Syntax) -> bool {
        self.0.name() == other.0.name()
    }
}

impl std::ops::Deref for Syntax {
    type Target = dyn DocumentSyntax;
    fn deref(&self) -> &Self::Target {
        self.0
    }
}

impl Syntax {
    fn find(test: impl Fn(&dyn DocumentSyntax) -> bool) -> Option<Syntax> {
        SYNTAXES.iter().copied().find(|s| test(*s)).map(Syntax)
    }

    /// The syntax whose `--syntax` name is `name`.
    pub(crate) fn named(name: &str) -> Option<Syntax> {
        Syntax::find(|s| s.source().is_some_and(|(n, _)| n == name))
    }

    /// The syntax `effgraph expand` reads a source with this extension in.
    pub(crate) fn of_source(extension: &str) -> Option<Syntax> {
        Syntax::find(|s| {
            s.source()
                .is_some_and(|(_, exts)| exts.contains(&extension))
        })
    }

    /// The syntax of a built document with this extension, for `check --document`.
    pub(crate) fn of_built(extension: &str) -> Option<Syntax> {
        Syntax::find(|s| s.built_extensions().contains(&extension))
    }

    /// The syntax an mdBook renderer's chapters are written in.
    pub(crate) fn of_mdbook_renderer(renderer: &str) -> Syntax {
        let name = if renderer == "html" { "html" } else { "md" };
        Syntax::find(|s| s.name() == name).expect("the mdBook syntaxes are in the table")
    }

    /// The Pandoc AST of API version `api` (`[1, 23]` and later have the `Figure` block).
    pub(crate) fn pandoc(api: &[u64]) -> Syntax {
        let name = if api >= [1, 23].as_slice() {
            "pandoc3"
        } else {
            "pandoc"
        };
        Syntax::find(|s| s.name() == name).expect("the Pandoc syntaxes are in the table")
    }

    /// The `--syntax` names and extensions, as `md (.md, .markdown)`, for messages.
    pub(crate) fn sources() -> Vec<(&'static str, &'static [&'static str])> {
        SYNTAXES.iter().filter_map(|s| s.source()).collect()
    }

    /// The directives of a document in this syntax.
    pub(crate) fn scan(self, path: &Path, source: &str) -> Result<Vec<Directive>> {
        find_all(path, source, || self.regions(source))
    }
}

/// The directives of `source` as each syntax `effgraph expand` reads finds them (the
/// scanners' fuzzing entry point).
pub fn scan_as_every_source(path: &Path, source: &str) -> Vec<Result<Vec<Directive>>> {
    SYNTAXES
        .iter()
        .filter(|s| s.source().is_some())
        .map(|s| Syntax(*s).scan(path, source))
        .collect()
}
