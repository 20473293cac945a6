//! Book-wide settings: `[preprocessor.effgraph]` in a book's `book.toml`, read for the
//! preprocessor and for `check --document` on a built book alike.

use std::path::{Component, Path, PathBuf};

use mdbook_preprocessor::PreprocessorContext;
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::{DataOptions, Defaults, StyleTable};
use crate::error::{Error, Invalid, Result};
use crate::settings::Setting;
use crate::settings::build::{BUILD_SETTINGS, BuildOptions};
use crate::settings::data::DATA_SETTINGS;
use crate::settings::figure::FIGURE_SETTINGS;

/// `[preprocessor.effgraph]` but the data settings ([`crate::settings::data`], read by their
/// declarations); mdBook's own keys are accepted and left to mdBook. Values are read with the
/// same types the command line and directives use.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct BookTable {
    cache_dir: Option<String>,
    styles: Option<StyleTable>,
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

/// The resolution of `format=png` figures in a book, unless `dpi` says otherwise.
const PAGE_DPI: u32 = 192;

/// Validated book-wide settings.
pub(crate) struct BookSettings {
    pub defaults: Defaults,
    /// Its templates folder resolved against the book's root.
    pub build: BuildOptions,
    pub cache_dir: PathBuf,
}

impl BookSettings {
    pub(crate) fn from_context(ctx: &PreprocessorContext) -> Result<BookSettings> {
        let book_toml = ctx.root.join("book.toml");
        let bad = |message: String| Error::Config {
            path: book_toml.clone(),
            message,
        };
        let mut entries: serde_json::Map<String, serde_json::Value> = ctx
            .config
            .get("preprocessor.effgraph")
            .map_err(|e| bad(format!("[preprocessor.effgraph]: {e:#}")))?
            .unwrap_or_default();
        let key =
            |k: &str, m: &dyn std::fmt::Display| bad(format!("[preprocessor.effgraph] {k}: {m}"));
        let mut data = DataOptions::default();
        take_settings(
            &mut entries,
            DATA_SETTINGS.iter().filter(|s| s.book),
            &mut data,
        )
        .map_err(|(k, m)| key(&k, &m))?;
        let mut defaults = Defaults {
            data,
            // A page's PNG needs no more than twice a screen's 96 pixels per inch.
            dpi: PAGE_DPI,
            // `font=auto`: the body font of mdBook's themes.
            document_face: Some(crate::render::Family::OpenSans),
            ..Defaults::default()
        };
        let figure = FIGURE_SETTINGS.iter().copied().filter(|s| s.book);
        take_settings(&mut entries, figure, &mut defaults).map_err(|(k, m)| key(&k, &m))?;
        let mut build = BuildOptions::default();
        take_settings(&mut entries, BUILD_SETTINGS.iter().copied(), &mut build)
            .map_err(|(k, m)| key(&k, &m))?;
        build.templates_dir = build.templates_dir.map(|d| ctx.root.join(d));
        let table: BookTable = serde_json::from_value(serde_json::Value::Object(entries))
            .map_err(|e| bad(format!("[preprocessor.effgraph]: {}", unknown_key_note(e))))?;
        defaults.styles = table.styles.unwrap_or_default();
        crate::render::Styles::new(&defaults.styles).map_err(|m| key("styles", &m))?;
        let cache = table.cache_dir.as_deref().unwrap_or(".effgraph-cache");
        let cache_dir = cache_folder(&ctx.root, &ctx.config.book.src, cache)
            .map_err(|m| key("cache-dir", &m))?;
        Ok(BookSettings {
            defaults,
            build,
            cache_dir,
        })
    }
}

/// The declared settings of `[preprocessor.effgraph]`, taken out of `entries` and read by
/// their declarations into `target` (strings, booleans and numbers as written; arrays for
/// lists); an error names the key.
fn take_settings<T: 'static>(
    entries: &mut serde_json::Map<String, serde_json::Value>,
    settings: impl Iterator<Item = &'static Setting<T>>,
    target: &mut T,
) -> std::result::Result<(), (String, Invalid)> {
    use serde_json::Value;
    for setting in settings {
        let name = setting.kebab();
        let Some(value) = entries.remove(&name) else {
            continue;
        };
        let text = |v: &Value| match v {
            Value::String(s) => Ok(s.clone()),
            Value::Bool(b) => Ok(b.to_string()),
            Value::Number(n) => Ok(n.to_string()),
            _ => Err((name.clone(), Invalid::from("must be a string"))),
        };
        let values = match (&value, setting.list) {
            (Value::Array(items), true) => items.iter().map(text).collect::<Result<_, _>>()?,
            (Value::Array(_), false) => {
                return Err((name, Invalid::from("must be a single value")));
            }
            (v, _) => vec![text(v)?],
        };
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        (setting.set)(target, &values).map_err(|m| (name, m))?;
    }
    Ok(())
}

/// A book-table error, with the declared settings added to the keys an unknown key is not.
fn unknown_key_note(e: serde_json::Error) -> String {
    let message = e.to_string();
    if !message.starts_with("unknown field") {
        return message;
    }
    let figure: Vec<String> = FIGURE_SETTINGS
        .iter()
        .filter(|s| s.book)
        .map(|s| format!("`{}`", s.kebab()))
        .chain(BUILD_SETTINGS.iter().map(|s| format!("`{}`", s.kebab())))
        .collect();
    let data: Vec<String> = DATA_SETTINGS
        .iter()
        .filter(|s| s.book)
        .map(|s| format!("`{}`", s.kebab()))
        .collect();
    // The declared settings first, then the table's own keys as serde lists them.
    let Some((unknown, own)) = message.split_once(", expected one of ") else {
        return message;
    };
    format!(
        "{unknown}, expected one of {}, {own}, or a data setting: {}",
        figure.join(", "),
        data.join(", ")
    )
}

/// The cache folder `cache` (relative to the book `root`): a folder of its own inside the book,
/// outside `src` (whose changes `mdbook serve` rebuilds on), reached without symbolic links
/// (any component could lead out of the book).
fn cache_folder(root: &Path, src: &Path, cache: &str) -> std::result::Result<PathBuf, Invalid> {
    let relative: PathBuf = Path::new(cache)
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    let inside = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if !inside || cache.trim().is_empty() {
        return Err(Invalid(format!(
            "`{cache}` must be a relative path inside the book (no `..`, not absolute)"
        )));
    }
    if relative.as_os_str().is_empty() {
        return Err(Invalid(format!(
            "`{cache}` is the book root; give the cache a folder of its own"
        )));
    }
    let src: PathBuf = src
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if relative.starts_with(&src) {
        return Err(Invalid(format!(
            "`{cache}` is inside the book's src folder; `mdbook serve` would rebuild forever"
        )));
    }
    let mut at = root.to_path_buf();
    for part in relative.components() {
        at.push(part);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(Invalid(format!(
                "{} is a symbolic link; the cache folder must be reached without links",
                crate::error::shown(&at)
            )));
        }
    }
    Ok(root.join(relative))
}
