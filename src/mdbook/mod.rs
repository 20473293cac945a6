//! The mdBook front end: `mdbook-effgraph supports <renderer>` and the preprocessor's JSON
//! protocol on stdin/stdout. Book-wide settings come from `[preprocessor.effgraph]` in
//! book.toml (`crate::config::book`); each chapter is expanded like any document (`expand`). Paths in
//! directives resolve against the book root; the cache lives outside `src/` so `mdbook serve`
//! never loops.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::cache::Cache;
use crate::config::book::BookSettings;
use crate::error::{Error, Result};
use crate::expand::{ExpandEnv, ExpandReport, expand_document, shown_error};
use crate::report::templates::Templates;
use crate::syntax::Syntax;
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{MDBOOK_VERSION, Preprocessor, PreprocessorContext};

mod watched;

pub(crate) struct EffgraphPreprocessor;

impl EffgraphPreprocessor {
    /// Expands every chapter; `stats` says what was done, also when it fails.
    pub(crate) fn expand(
        &self,
        ctx: &PreprocessorContext,
        mut book: Book,
        stats: &mut ExpandReport,
    ) -> Result<Book> {
        let settings = BookSettings::from_context(ctx)?;
        let templates = Templates::load(settings.build.templates_dir.as_deref())?;
        let cache = Cache::new(settings.cache_dir.clone());
        let env = ExpandEnv {
            syntax: Syntax::of_mdbook_renderer(&ctx.renderer),
            defaults: &settings.defaults,
            base: &ctx.root,
            templates: &templates,
            cache: &cache,
            outputs: &[],
            make_deps: false,
            styles: std::cell::RefCell::new(
                crate::render::Styles::new(&settings.defaults.styles).map_err(Error::Style)?,
            ),
            keep_going: settings.build.keep_going(),
            macros: false,
            finish: true,
            memo: Default::default(),
        };
        let src = PathBuf::from(&ctx.config.book.src);
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
            match expand_document(&shown, &chapter.content, &env, stats) {
                Ok(content) => chapter.content = content,
                Err(e) => failure = Some(e),
            }
        });
        if let Some(e) = failure {
            return Err(e);
        }
        stats.warnings = watched::unwatched_inputs(ctx, &stats.inputs, &settings.cache_dir);
        Ok(book)
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
        let book = self
            .expand(ctx, book, &mut ExpandReport::default())
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
    let mut stats = ExpandReport::default();
    let expanded = EffgraphPreprocessor.expand(&ctx, book, &mut stats);
    for message in &stats.messages {
        eprintln!("{message}");
    }
    match expanded {
        Ok(book) => {
            for warning in &stats.warnings {
                eprintln!("mdbook-effgraph: warning: {warning}");
            }
            eprintln!(
                "mdbook-effgraph: {} directives: {} rendered, {} from cache, {} failed",
                stats.directives, stats.rendered, stats.cached, stats.failed
            );
            // One write of the whole book: stdout is line-buffered and the JSON has no newlines.
            let written = serde_json::to_vec(&book)
                .map_err(std::io::Error::from)
                .and_then(|json| {
                    let mut out = std::io::stdout().lock();
                    out.write_all(&json)?;
                    out.flush()
                });
            if let Err(e) = written {
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
