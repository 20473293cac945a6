//! The mdBook preprocessor: `mdbook-effgraph supports <renderer>` and the JSON protocol on
//! stdin/stdout. Book-wide settings come from `[preprocessor.effgraph]` in book.toml; each
//! chapter is expanded by [`crate::pipeline::expand_markdown`]. Paths in directives resolve
//! against the book root; the cache lives outside `src/` so `mdbook serve` never loops.

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{MDBOOK_VERSION, Preprocessor, PreprocessorContext};
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::Syntax;
use crate::cache::Cache;
use crate::directive::keys::{Defaults, Tables};
use crate::error::{Error, Result};
use crate::pipeline::{ExpandEnv, ExpandReport, expand_document, shown_error};
use crate::report::templates::Templates;

/// `[preprocessor.effgraph]`; mdBook's own keys are accepted and left to mdBook.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct BookTable {
    requirements: Option<String>,
    table: Option<String>,
    format: Option<String>,
    size: Option<String>,
    interpolation: Option<String>,
    dpi: Option<u32>,
    on_failure: Option<String>,
    templates_dir: Option<String>,
    cache_dir: Option<String>,
    max_file_size: Option<SizeValue>,
    #[serde(rename = "command")]
    _command: Option<IgnoredAny>,
    #[serde(rename = "renderers")]
    _renderers: Option<IgnoredAny>,
    #[serde(rename = "before")]
    _before: Option<IgnoredAny>,
    #[serde(rename = "after")]
    _after: Option<IgnoredAny>,
    #[serde(rename = "optional")]
    _optional: Option<IgnoredAny>,
}

/// `max-file-size = 1048576` or `max-file-size = "256M"`.
#[derive(Debug)]
enum SizeValue {
    Bytes(u64),
    Text(String),
}

impl<'de> Deserialize<'de> for SizeValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = SizeValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a whole number of bytes, or a string such as \"256M\"")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<SizeValue, E> {
                u64::try_from(v)
                    .map(SizeValue::Bytes)
                    .map_err(|_| E::custom(format!("`{v}` is not a size in bytes")))
            }
            fn visit_u64<E>(self, v: u64) -> std::result::Result<SizeValue, E> {
                Ok(SizeValue::Bytes(v))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<SizeValue, E> {
                Err(E::custom(format!(
                    "`{v}` is not a whole number of bytes (write e.g. 1048576 or \"256M\")"
                )))
            }
            fn visit_str<E>(self, v: &str) -> std::result::Result<SizeValue, E> {
                Ok(SizeValue::Text(v.to_string()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// Validated book-wide settings.
pub struct BookSettings {
    pub defaults: Defaults,
    pub keep_going: bool,
    pub templates_dir: Option<PathBuf>,
    pub cache_dir: PathBuf,
}

impl BookSettings {
    pub fn from_context(ctx: &PreprocessorContext) -> Result<BookSettings> {
        let book_toml = ctx.root.join("book.toml");
        let bad = |message: String| Error::Config {
            path: book_toml.clone(),
            message,
        };
        let table: BookTable = ctx
            .config
            .get("preprocessor.effgraph")
            .map_err(|e| bad(format!("[preprocessor.effgraph]: {e:#}")))?
            .unwrap_or_default();
        let key = |k: &str, m: String| bad(format!("[preprocessor.effgraph] {k}: {m}"));
        let mut defaults = Defaults {
            requirements: table.requirements,
            ..Defaults::default()
        };
        if let Some(t) = &table.table {
            defaults.tables = Tables::parse(t).map_err(|m| key("table", m))?;
        }
        if let Some(f) = &table.format {
            defaults.format = Some(f.parse().map_err(|m| key("format", m))?);
        }
        if let Some(s) = &table.size {
            defaults.size = s.parse().map_err(|m| key("size", m))?;
        }
        if let Some(i) = &table.interpolation {
            defaults.interpolation = i.parse().map_err(|m| key("interpolation", m))?;
        }
        if let Some(dpi) = table.dpi {
            defaults.dpi = crate::config::check_dpi(dpi).map_err(|e| key("dpi", e.to_string()))?;
        }
        match table.max_file_size {
            Some(SizeValue::Bytes(0)) => {
                return Err(key("max-file-size", "must be more than 0".into()));
            }
            Some(SizeValue::Bytes(n)) => defaults.max_file_size = n,
            Some(SizeValue::Text(t)) => {
                defaults.max_file_size =
                    crate::config::parse_size(&t).map_err(|m| key("max-file-size", m))?
            }
            None => {}
        }
        let keep_going = match table.on_failure.as_deref() {
            None | Some("bail") => false,
            Some("continue") => true,
            Some(other) => {
                return Err(key(
                    "on-failure",
                    format!("`{other}` (expected `bail` or `continue`)"),
                ));
            }
        };
        let cache = table.cache_dir.as_deref().unwrap_or(".effgraph-cache");
        let cache_dir = cache_folder(&ctx.root, &ctx.config.book.src, cache)
            .map_err(|m| key("cache-dir", m))?;
        Ok(BookSettings {
            defaults,
            keep_going,
            templates_dir: table.templates_dir.map(|d| ctx.root.join(d)),
            cache_dir,
        })
    }
}

/// The cache folder `cache` (relative to the book `root`): a folder of its own inside the book,
/// outside `src` (whose changes `mdbook serve` rebuilds on), reached without symbolic links
/// (any component could lead out of the book).
fn cache_folder(root: &Path, src: &Path, cache: &str) -> std::result::Result<PathBuf, String> {
    let relative: PathBuf = Path::new(cache)
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    let inside = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if !inside || cache.trim().is_empty() {
        return Err(format!(
            "`{cache}` must be a relative path inside the book (no `..`, not absolute)"
        ));
    }
    if relative.as_os_str().is_empty() {
        return Err(format!(
            "`{cache}` is the book root; give the cache a folder of its own"
        ));
    }
    let src: PathBuf = src
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if relative.starts_with(&src) {
        return Err(format!(
            "`{cache}` is inside the book's src folder; `mdbook serve` would rebuild forever"
        ));
    }
    let mut at = root.to_path_buf();
    for part in relative.components() {
        at.push(part);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(format!(
                "{} is a symbolic link; the cache folder must be reached without links",
                crate::error::shown(&at)
            ));
        }
    }
    Ok(root.join(relative))
}

pub struct EffgraphPreprocessor;

impl EffgraphPreprocessor {
    /// Expands every chapter; returns the book and what was done.
    pub fn expand(
        &self,
        ctx: &PreprocessorContext,
        mut book: Book,
    ) -> Result<(Book, ExpandReport)> {
        let settings = BookSettings::from_context(ctx)?;
        let templates = Templates::load(settings.templates_dir.as_deref())?;
        let cache = Cache::new(settings.cache_dir.clone());
        let env = ExpandEnv {
            syntax: if ctx.renderer == "html" {
                Syntax::Html
            } else {
                Syntax::Markdown
            },
            defaults: &settings.defaults,
            base: &ctx.root,
            templates: &templates,
            cache: &cache,
            outputs: &[],
            make_deps: false,
            keep_going: settings.keep_going,
        };
        let src = PathBuf::from(&ctx.config.book.src);
        let mut stats = ExpandReport::default();
        let mut failure = None;
        book.for_each_mut(|item| {
            let BookItem::Chapter(chapter) = item else {
                return;
            };
            if failure.is_some() {
                return;
            }
            let Some(source_path) = &chapter.source_path else {
                return;
            };
            let shown = src.join(source_path);
            match expand_document(&shown, &chapter.content, &env, &mut stats) {
                Ok(content) => chapter.content = content,
                Err(e) => failure = Some(e),
            }
        });
        match failure {
            Some(e) => Err(e),
            None => Ok((book, stats)),
        }
    }
}

impl Preprocessor for EffgraphPreprocessor {
    fn name(&self) -> &str {
        "effgraph"
    }

    fn run(
        &self,
        ctx: &PreprocessorContext,
        book: Book,
    ) -> mdbook_preprocessor::errors::Result<Book> {
        let (book, _) = self
            .expand(ctx, book)
            .map_err(|e| mdbook_preprocessor::errors::Error::msg(e.to_string()))?;
        Ok(book)
    }

    /// Every renderer gets something sensible: HTML for `html`, Markdown for the rest.
    fn supports_renderer(&self, _renderer: &str) -> mdbook_preprocessor::errors::Result<bool> {
        Ok(true)
    }
}

/// The `mdbook-effgraph` binary: `supports <renderer>`, or a book on stdin.
pub fn main(args: &[String]) -> ExitCode {
    if args.first().map(String::as_str) == Some("supports") {
        return ExitCode::SUCCESS;
    }
    if let Some(other) = args.first() {
        eprintln!(
            "mdbook-effgraph: unknown argument `{other}` (mdBook runs this as a preprocessor; see `[preprocessor.effgraph]`)"
        );
        return ExitCode::from(2);
    }
    let (ctx, book) = match mdbook_preprocessor::parse_input(std::io::stdin().lock()) {
        Ok(input) => input,
        Err(e) => {
            eprintln!("mdbook-effgraph: error: {e:#}");
            return ExitCode::from(2);
        }
    };
    if ctx.mdbook_version != MDBOOK_VERSION {
        eprintln!(
            "mdbook-effgraph: warning: built for mdBook {MDBOOK_VERSION}, running under mdBook {}",
            ctx.mdbook_version
        );
    }
    match EffgraphPreprocessor.expand(&ctx, book) {
        Ok((book, stats)) => {
            eprintln!(
                "mdbook-effgraph: {} directives: {} rendered, {} from cache, {} failed",
                stats.directives, stats.rendered, stats.cached, stats.failed
            );
            let mut out = std::io::stdout().lock();
            if let Err(e) = serde_json::to_writer(&mut out, &book)
                .map_err(std::io::Error::from)
                .and_then(|()| out.flush())
            {
                eprintln!("mdbook-effgraph: error: cannot write the book: {e}");
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("mdbook-effgraph: error: {}", shown_error(&e, &ctx.root));
            ExitCode::FAILURE
        }
    }
}
