//! Tera templates for the tables, verdicts and figure wrapper of each output syntax. The
//! shipped ones (`templates/` in the repository) are compiled in; a `templates-dir` may
//! override any of them by holding a file with the same relative name. HTML templates are
//! autoescaped; Markdown and LaTeX ones escape with the `md` and `tex` filters.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// (name, shipped text) of every template.
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "html/figure.html",
        include_str!("../../templates/html/figure.html"),
    ),
    (
        "html/summary.html",
        include_str!("../../templates/html/summary.html"),
    ),
    (
        "html/comparison.html",
        include_str!("../../templates/html/comparison.html"),
    ),
    (
        "html/requirements.html",
        include_str!("../../templates/html/requirements.html"),
    ),
    ("md/figure.md", include_str!("../../templates/md/figure.md")),
    (
        "md/summary.md",
        include_str!("../../templates/md/summary.md"),
    ),
    (
        "md/comparison.md",
        include_str!("../../templates/md/comparison.md"),
    ),
    (
        "md/requirements.md",
        include_str!("../../templates/md/requirements.md"),
    ),
    (
        "tex/figure.tex",
        include_str!("../../templates/tex/figure.tex"),
    ),
    (
        "tex/summary.tex",
        include_str!("../../templates/tex/summary.tex"),
    ),
    (
        "tex/comparison.tex",
        include_str!("../../templates/tex/comparison.tex"),
    ),
    (
        "tex/requirements.tex",
        include_str!("../../templates/tex/requirements.tex"),
    ),
    (
        "typ/figure.typ",
        include_str!("../../templates/typ/figure.typ"),
    ),
    (
        "typ/summary.typ",
        include_str!("../../templates/typ/summary.typ"),
    ),
    (
        "typ/comparison.typ",
        include_str!("../../templates/typ/comparison.typ"),
    ),
    (
        "typ/requirements.typ",
        include_str!("../../templates/typ/requirements.typ"),
    ),
];

/// The shipped style sheet of HTML pages (`html/style.css`; a `templates-dir` may replace it).
pub(crate) const STYLE: &str = include_str!("../../templates/html/style.css");

pub(crate) struct Templates {
    /// The style sheet set into an HTML page once, before its first figure.
    pub style: String,
    /// (name, text) of every template, overrides in place of the shipped ones.
    sources: Vec<(String, String)>,
    compiled: std::cell::OnceCell<tera::Tera>,
    /// Override files in use, for cache keys.
    pub overrides: Vec<PathBuf>,
    /// The `templates-dir`, if any.
    dir: Option<PathBuf>,
}

pub(crate) use super::escape::tex_with_math;
pub use super::escape::{
    escape_md, escape_md_punctuation, escape_tex, escape_typst, escape_typst_string, tex_text,
};

fn tex_filter(value: &tera::Value, _: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let text = match value {
        tera::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    // The LaTeX adapter checks every string before rendering; this is the last line.
    tex_text(&text)
        .map(tera::Value::String)
        .map_err(|c| tera::Error::msg(format!("`{c}` has no LaTeX form")))
}

/// [`tex_filter`] for table cells: lines may also break after `_`, `/`, `-` and `.`, so a
/// long name or path wraps in its column instead of running past the table.
fn texcell_filter(
    value: &tera::Value,
    args: &HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let escaped = tex_filter(value, args)?;
    let text = escaped.as_str().unwrap_or_default();
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    // Letters since the last place a line may break: a very long word may break too, as a
    // last resort (a high penalty), rather than run out of its column.
    let mut run = 0;
    let (mut command, mut math) = (false, false);
    while let Some(c) = chars.next() {
        out.push(c);
        // Only letters of the text count: never inside a command name or math.
        command = (c == '\\') || (command && c.is_ascii_alphabetic());
        math ^= c == '$' && !out.ends_with("\\$");
        run = if c.is_alphanumeric() && !command && !math {
            run + 1
        } else {
            0
        };
        if run >= 12 && chars.peek().is_some_and(|n| n.is_alphanumeric()) {
            out.push_str("\\penalty5000\\hskip0pt\\relax{}");
            run = 0;
        }
        // Not inside numbers: 2.61 and 1e-3 stay whole.
        let next = chars.peek().copied();
        let breakable = match c {
            '/' => true,
            '-' | '.' => next.is_some_and(char::is_alphabetic),
            '_' => out.ends_with("\\_"),
            _ => false,
        };
        if breakable && next.is_some_and(|n| !n.is_whitespace()) {
            out.push_str("\\allowbreak{}");
            run = 0;
        }
    }
    Ok(tera::Value::String(out))
}

/// HTML for a name in a table cell: escaped, each word kept whole (`RWKV-4` never breaks at
/// its hyphen), lines breaking only between words. Used with `| safe`.
fn words_filter(
    value: &tera::Value,
    _: &HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = match value {
        tera::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let words: Vec<String> = text
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            format!(
                "<span class=\"effgraph-nb\">{}</span>",
                tera::escape_html(w)
            )
        })
        .collect();
    Ok(tera::Value::String(words.join(" ")))
}

/// A Tera filter that escapes a value's text with `escape`.
fn escaping(
    escape: fn(&str) -> String,
) -> impl Fn(&tera::Value, &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    move |value, _| {
        let text = match value {
            tera::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        Ok(tera::Value::String(escape(&text)))
    }
}

impl Templates {
    pub(crate) fn load(override_dir: Option<&Path>) -> Result<Templates> {
        let mut sources: Vec<(String, String)> = Vec::new();
        let mut overrides = Vec::new();
        for (name, text) in SHIPPED {
            let custom = override_dir.map(|d| d.join(name)).filter(|p| p.exists());
            let text = match &custom {
                Some(path) => {
                    overrides.push(path.clone());
                    crate::fsutil::read_text(path, crate::fsutil::TEXT_LIMIT)?
                }
                None => text.to_string(),
            };
            sources.push((name.to_string(), text));
        }
        let style = match override_dir
            .map(|d| d.join("html/style.css"))
            .filter(|p| p.exists())
        {
            Some(path) => {
                let text = crate::fsutil::read_text(&path, crate::fsutil::TEXT_LIMIT)?;
                overrides.push(path);
                text
            }
            None => STYLE.to_string(),
        };
        Ok(Templates {
            style,
            sources,
            compiled: std::cell::OnceCell::new(),
            overrides,
            dir: override_dir.map(Path::to_path_buf),
        })
    }

    /// The compiled templates, compiled on first use: a build whose directives all come
    /// from the cache never parses them.
    fn tera(&self) -> Result<&tera::Tera> {
        if let Some(tera) = self.compiled.get() {
            return Ok(tera);
        }
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(self.sources.clone()).map_err(|e| {
            // Tera names the template that failed to parse; the error names its file.
            let message = chain(&e);
            let name = self
                .sources
                .iter()
                .map(|(n, _)| n.as_str())
                .find(|n| message.contains(n));
            template_error(name.unwrap_or("templates"), self.dir.as_deref(), message)
        })?;
        tera.register_filter("md", escaping(escape_md));
        tera.register_filter("typ", escaping(escape_typst));
        tera.register_filter("typstr", escaping(escape_typst_string));
        tera.register_filter("tex", tex_filter);
        tera.register_filter("texcell", texcell_filter);
        tera.register_filter("words", words_filter);
        Ok(self.compiled.get_or_init(|| tera))
    }

    pub(crate) fn render(&self, name: &str, context: &impl serde::Serialize) -> Result<String> {
        let tera = self.tera()?;
        let fail = |e: tera::Error| template_error(name, self.dir.as_deref(), chain(&e));
        let context = tera::Context::from_serialize(context).map_err(fail)?;
        tera.render(name, &context).map_err(fail)
    }
}

/// Tera nests the useful part of its message in `source()`: the whole chain.
fn chain(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

/// An error in the template `name`: the override file in `dir` when there is one, else the
/// shipped template.
fn template_error(name: &str, dir: Option<&Path>, message: String) -> Error {
    let overridden = dir.map(|d| d.join(name)).filter(|p| p.exists());
    Error::Config {
        path: overridden.unwrap_or_else(|| PathBuf::from(format!("shipped template {name}"))),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(s: &str) -> String {
        let v = texcell_filter(&tera::Value::String(s.into()), &HashMap::new()).unwrap();
        v.as_str().unwrap().to_string()
    }

    #[test]
    fn table_cells_break_after_separators_but_not_inside_numbers_or_commands() {
        assert_eq!(
            cell("a/b_c-d e.f"),
            r"a/\allowbreak{}b\_\allowbreak{}c-\allowbreak{}d e.\allowbreak{}f"
        );
        assert_eq!(cell("≈2.61 1e-3 -4"), r"$\approx$2.61 1e-3 -4");
        assert_eq!(
            cell("Supercalifragilistic"),
            r"Supercalifra\penalty5000\hskip0pt\relax{}gilistic"
        );
        assert_eq!(
            cell(r"\inputverylongword"),
            r"\textbackslash{}inputverylon\penalty5000\hskip0pt\relax{}gword"
        );
    }
}
