//! Checking a built document's inline values against the data now: every value an expansion
//! wrote carries its directive (an HTML `data-effgraph` attribute, a LaTeX comment line
//! before it), so `effgraph check --document` can compute it again and name each place where
//! the text no longer matches — a paper built last week from results changed since.

use std::path::{Path, PathBuf};

use crate::config::Defaults;
use crate::directive::parse_at;
use crate::directive::value_keys::configure_value;
use crate::error::{Error, Location, Result};
use crate::pipeline::analyse_directive;
use crate::report::value::{Fact, Unknown, fact};
use crate::syntax::{Mark, Syntax};

/// A value whose written text differs from what the data give now.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stale {
    pub location: Location,
    pub written: String,
    pub now: String,
}

/// What a document check found.
#[derive(Debug, Default)]
pub(crate) struct DocumentCheck {
    pub checked: usize,
    pub stale: Vec<Stale>,
}

/// How documents are checked: where a LaTeX document's directive paths resolve, the
/// defaults its expansion had (`expand --requirements …`, the field mapping), and the
/// largest document read (`--max-file-size`).
pub(crate) struct CheckSettings<'a> {
    pub base: &'a Path,
    pub defaults: &'a Defaults,
    pub limit: u64,
}

/// Checks `document`: an expanded `.tex` file, a built book's `.html` page, or a folder of
/// them. Paths in a LaTeX document's directives resolve against `settings.base`, with
/// `settings.defaults`; a book's against its root (the folder holding `book.toml`), with
/// its `[preprocessor.effgraph]` defaults. Any other file is an error: a Markdown file
/// `expand` wrote is plain text, with nothing to find its values by.
pub(crate) fn check_document(document: &Path, settings: &CheckSettings) -> Result<DocumentCheck> {
    let mut report = DocumentCheck::default();
    let mut pages = Vec::new();
    if document.is_dir() {
        collect_html(document, &mut pages)?;
    } else {
        pages.push(document.to_path_buf());
    }
    for page in pages {
        let extension = page.extension().and_then(|e| e.to_str()).unwrap_or("");
        let Some(syntax) = Syntax::of_built(extension) else {
            return Err(Error::Input {
                path: page,
                message: "check --document reads an expanded LaTeX file (.tex) or a built book's pages (.html); a Markdown file written by expand is plain text, with no marks to find its values by".into(),
            });
        };
        let text = crate::fsutil::read_text(&page, settings.limit)?;
        // A book's page reads its directives as the book does.
        let (base, defaults) = if syntax.built_in_a_book() {
            book_settings(&page)?
        } else {
            (settings.base.to_path_buf(), settings.defaults.clone())
        };
        for mark in syntax.marks(&page, &text) {
            let now = syntax.written(&value_now(&mark, &defaults, &base)?.text);
            report.checked += 1;
            if let Some(written) = syntax.stale(&mark, &now) {
                report.stale.push(Stale {
                    location: mark.value_at.clone(),
                    written,
                    now,
                });
            }
        }
    }
    Ok(report)
}

fn collect_html(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let io = |e: std::io::Error| Error::Io {
        path: dir.to_path_buf(),
        source: e,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() && !path.is_symlink() {
            collect_html(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
    Ok(())
}

/// The book a page belongs to and its effgraph defaults.
fn book_settings(page: &Path) -> Result<(PathBuf, Defaults)> {
    let absolute = std::path::absolute(page).unwrap_or_else(|_| page.to_path_buf());
    let root = absolute
        .ancestors()
        .find(|d| d.join("book.toml").is_file())
        .ok_or_else(|| {
            Error::Usage(format!(
                "{}: not inside a book (no book.toml above it)",
                page.display()
            ))
        })?
        .to_path_buf();
    let book_toml = root.join("book.toml");
    let config =
        mdbook_preprocessor::config::Config::from_disk(&book_toml).map_err(|e| Error::Config {
            path: book_toml.clone(),
            message: format!("{e:#}"),
        })?;
    let ctx = mdbook_preprocessor::PreprocessorContext::new(root.clone(), config, "html".into());
    let settings = crate::config::book::BookSettings::from_context(&ctx)?;
    Ok((root, settings.defaults))
}

/// The value `mark`'s directive gives now; errors are located at the mark.
fn value_now(mark: &Mark, defaults: &Defaults, base: &Path) -> Result<Fact> {
    let at = &mark.directive_at;
    let document = at.path.as_path();
    let directive = mark.directive.as_str();
    let located = |e: Error| relocated(e, directive, at);
    let d = parse_at(document, directive, 0).map_err(located)?;
    let req = configure_value(document, directive, &d, defaults, base).map_err(located)?;
    let (results, analysis) = analyse_directive(&req.config, at).map_err(located)?;
    let message = |u| match u {
        Unknown::Requirement(m) if defaults.requirements.is_none() => {
            format!("{m}; a document expanded with --requirements is checked with the same flag")
        }
        Unknown::Requirement(m) | Unknown::Model(m) => m,
    };
    fact(&analysis, &results, &req).map_err(|u| Error::Directive {
        location: at.clone(),
        message: message(u),
    })
}

/// An error about a marked directive, parsed on its own (so located in its own text), moved
/// to the mark's place in the document.
fn relocated(e: Error, directive: &str, at: &Location) -> Error {
    match e {
        Error::Directive { location, message } => {
            let within = Location::at_offset(&at.path, directive, 0);
            let column = if location.line == within.line {
                at.column + location.column - 1
            } else {
                location.column
            };
            Error::Directive {
                location: Location::new(&at.path, at.line + location.line - 1, column),
                message,
            }
        }
        other => other.at_directive(at),
    }
}
