//! Checking a built document's inline values against the data now: every value an expansion
//! wrote carries its directive (an HTML `data-effgraph` attribute, a LaTeX comment line
//! before it), so `effgraph check --document` can compute it again and name each place where
//! the text no longer matches — a paper built last week from results changed since.

use std::path::{Path, PathBuf};

use crate::adapters::{HTML_MARK, TEX_MARK};
use crate::config::Defaults;
use crate::directive::parse_at;
use crate::directive::value_keys::configure_value;
use crate::error::{Error, Location, Result};
use crate::pipeline::analyse_directive;
use crate::report::value::{Unknown, fact};

/// A value whose written text differs from what the data give now.
#[derive(Debug, Clone, PartialEq)]
pub struct Stale {
    pub location: Location,
    pub written: String,
    pub now: String,
}

/// What a document check found.
#[derive(Debug, Default)]
pub struct DocumentCheck {
    pub checked: usize,
    pub stale: Vec<Stale>,
}

/// How documents are checked: where a LaTeX document's directive paths resolve, the
/// defaults its expansion had (`expand --requirements …`, the field mapping), and the
/// largest document read (`--max-file-size`).
pub struct CheckSettings<'a> {
    pub base: &'a Path,
    pub defaults: &'a Defaults,
    pub limit: u64,
}

/// Checks `document`: an expanded `.tex` file, a built book's `.html` page, or a folder of
/// them. Paths in a LaTeX document's directives resolve against `settings.base`, with
/// `settings.defaults`; a book's against its root (the folder holding `book.toml`), with
/// its `[preprocessor.effgraph]` defaults. Any other file is an error: a Markdown file
/// `expand` wrote is plain text, with nothing to find its values by.
pub fn check_document(document: &Path, settings: &CheckSettings) -> Result<DocumentCheck> {
    let mut report = DocumentCheck::default();
    let mut pages = Vec::new();
    if document.is_dir() {
        collect_html(document, &mut pages)?;
    } else {
        pages.push(document.to_path_buf());
    }
    for page in pages {
        let extension = page.extension().and_then(|e| e.to_str()).unwrap_or("");
        let html = matches!(extension, "html" | "htm");
        if !html && !matches!(extension, "tex" | "ltx" | "latex") {
            return Err(Error::Input {
                path: page,
                message: "check --document reads an expanded LaTeX file (.tex) or a built book's pages (.html); a Markdown file written by expand is plain text, with no marks to find its values by".into(),
            });
        }
        let text = crate::fsutil::read_text(&page, settings.limit)?;
        if html {
            let (root, defaults) = book_settings(&page)?;
            check_html(&page, &text, &root, &defaults, &mut report)?;
        } else {
            check_tex(&page, &text, settings, &mut report)?;
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
    let settings = crate::mdbook::BookSettings::from_context(&ctx)?;
    Ok((root, settings.defaults))
}

/// The value the directive marked at `at` gives now; errors are located at the mark.
fn value_now(
    at: &Location,
    directive: &str,
    defaults: &Defaults,
    base: &Path,
) -> Result<crate::report::value::Fact> {
    let document = at.path.as_path();
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

fn check_tex(
    page: &Path,
    text: &str,
    settings: &CheckSettings,
    report: &mut DocumentCheck,
) -> Result<()> {
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let Some(at) = comment_start(line).filter(|&at| line[at..].starts_with(TEX_MARK)) else {
            continue;
        };
        let directive = &line[at + TEX_MARK.len()..];
        // The value is on the first line after the marker's comment lines.
        let Some((j, written_line)) = lines
            .iter()
            .enumerate()
            .skip(i + 1)
            .find(|(_, l)| !l.trim_start().starts_with('%'))
        else {
            continue;
        };
        let mark = Location::new(page, i + 1, line[..at].chars().count() + TEX_MARK.len() + 1);
        let now = crate::report::templates::escape_tex(
            &value_now(&mark, directive, settings.defaults, settings.base)?.text,
        );
        report.checked += 1;
        if !written_line.starts_with(&now) {
            report.stale.push(Stale {
                location: Location::new(page, j + 1, 1),
                written: sentence_start(written_line, now.chars().count()),
                now,
            });
        }
    }
    Ok(())
}

fn check_html(
    page: &Path,
    text: &str,
    root: &Path,
    defaults: &Defaults,
    report: &mut DocumentCheck,
) -> Result<()> {
    let mut from = 0;
    while let Some(at) = text[from..].find(HTML_MARK).map(|i| i + from) {
        let start = at + HTML_MARK.len();
        let Some(len) = text[start..].find('"') else {
            break;
        };
        let directive = unescape_html(&text[start..start + len]);
        let Some(open_end) = text[start..].find('>').map(|i| start + i + 1) else {
            break;
        };
        let Some(close) = text[open_end..].find("</span>").map(|i| open_end + i) else {
            break;
        };
        from = close;
        let written = unescape_html(&text[open_end..close]);
        let mark = Location::at_offset(page, text, start);
        let now = value_now(&mark, &directive, defaults, root)?.text;
        report.checked += 1;
        if written != now {
            report.stale.push(Stale {
                location: Location::at_offset(page, text, at),
                written,
                now,
            });
        }
    }
    Ok(())
}

/// Where a LaTeX line's comment starts: its first `%` not escaped by a backslash.
fn comment_start(line: &str) -> Option<usize> {
    let mut backslashes = 0;
    for (i, b) in line.bytes().enumerate() {
        match b {
            b'%' if backslashes % 2 == 0 => return Some(i),
            b'\\' => backslashes += 1,
            _ => backslashes = 0,
        }
    }
    None
}

/// The start of a LaTeX line as far as a value of about `len` characters could reach: up to
/// its comment, at most a few words past `len`, so a message shows the old value, not the
/// whole sentence.
fn sentence_start(line: &str, len: usize) -> String {
    let before_comment = line.split(TEX_MARK).next().unwrap_or(line);
    let mut out = String::new();
    for word in before_comment.split_inclusive(' ') {
        if out.chars().count() >= len {
            break;
        }
        out.push_str(word);
    }
    format!("{}…", out.trim_end())
}

fn unescape_html(s: &str) -> String {
    s.replace("&#123;", "{")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}
