//! A directive's keys, checked and turned into a [`DirectiveConfig`]. Book-wide or
//! command-line [`Defaults`] fill what the directive leaves out. Every bad key or value is an
//! error at the token's `file:line:column`.

use std::path::{Path, PathBuf};

use super::{Directive, Token, error_at};
use crate::analysis::{AnalysisOptions, Interpolation};
use crate::config::{self, Source};
use crate::error::Result;
use crate::render::{FigureOptions, FigureSize, Format, ScaleChoice};

/// Which tables accompany the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Tables {
    pub summary: bool,
    pub comparison: bool,
    pub requirements: bool,
}

impl Tables {
    pub const ALL: Tables = Tables {
        summary: true,
        comparison: true,
        requirements: true,
    };
    pub const NONE: Tables = Tables {
        summary: false,
        comparison: false,
        requirements: false,
    };

    /// `summary`, `comparison`, `requirements`, `all`, `none`, or a comma list of the first three.
    pub fn parse(s: &str) -> Result<Tables, String> {
        let mut t = Tables::NONE;
        for part in s.split(',').map(str::trim) {
            match part {
                "all" => t = Tables::ALL,
                "none" => {}
                "summary" => t.summary = true,
                "comparison" => t.comparison = true,
                "requirements" => t.requirements = true,
                other => {
                    return Err(format!(
                        "unknown table `{other}` (expected summary, comparison, requirements, all or none)"
                    ));
                }
            }
        }
        Ok(t)
    }
}

/// Values a directive may leave out, from book.toml or the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Defaults {
    pub requirements: Option<String>,
    pub tables: Tables,
    /// `None`: the adapter's natural format (inline SVG for HTML, PDF for LaTeX).
    pub format: Option<Format>,
    pub size: FigureSize,
    pub interpolation: Interpolation,
    pub dpi: u32,
    pub max_file_size: u64,
}

impl Default for Defaults {
    fn default() -> Self {
        Defaults {
            requirements: None,
            tables: Tables::ALL,
            format: None,
            size: FigureSize::FULL,
            interpolation: Interpolation::Log,
            dpi: 300,
            max_file_size: crate::results::DEFAULT_MAX_FILE_SIZE,
        }
    }
}

#[derive(Debug, Clone)]
pub struct DirectiveConfig {
    pub source: Source,
    pub requirements: Option<PathBuf>,
    pub options: AnalysisOptions,
    /// Models to show, in this order; empty means all, in order of appearance.
    pub models: Vec<String>,
    pub tables: Tables,
    pub caption: Option<String>,
    pub alt: Option<String>,
    pub label: Option<String>,
    pub format: Option<Format>,
    pub figure: FigureOptions,
    pub dpi: u32,
    pub max_file_size: u64,
}

pub const KEYS: [&str; 18] = [
    "requirements",
    "caption",
    "alt",
    "label",
    "table",
    "target_ppl",
    "target_flops",
    "models",
    "interpolation",
    "simulate",
    "seed",
    "num_configs",
    "format",
    "size",
    "title",
    "x_scale",
    "y_scale",
    "dpi",
];

fn numbers(value: &str) -> Result<Vec<f64>, String> {
    value
        .split(',')
        .map(|v| match v.trim().parse::<f64>() {
            Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
            _ => Err(format!("`{}` is not a finite number > 0", v.trim())),
        })
        .collect()
}

fn scale(value: &str) -> Result<ScaleChoice, String> {
    match value {
        "auto" => Ok(ScaleChoice::Auto),
        "linear" => Ok(ScaleChoice::Linear),
        "log" => Ok(ScaleChoice::Log),
        other => Err(format!(
            "unknown scale `{other}` (expected auto, linear or log)"
        )),
    }
}

/// A cross-reference label is an identifier, written verbatim into `\label{}` and `id=""`.
fn label(value: &str) -> Result<String, String> {
    let ok = |c: char| c.is_ascii_alphanumeric() || ":-_.".contains(c);
    if !value.is_empty() && value.chars().all(ok) {
        Ok(value.to_string())
    } else {
        Err(format!(
            "`{value}` is not a label (use letters, digits and `:-_.`)"
        ))
    }
}

fn boolean(value: &str) -> Result<bool, String> {
    match value {
        "true" | "yes" | "" => Ok(true),
        "false" | "no" => Ok(false),
        other => Err(format!("`{other}` is not true or false")),
    }
}

/// Checks a directive's tokens against `defaults`; relative paths resolve against `base`.
pub fn configure(
    path: &Path,
    source: &str,
    d: &Directive,
    defaults: &Defaults,
    base: &Path,
) -> Result<DirectiveConfig> {
    let err = |t: &Token, message: String| error_at(path, source, t.offset, message);
    let mut results: Option<&Token> = None;
    let mut seen: Vec<&str> = Vec::new();
    let mut simulate = false;
    let mut seed = 42u64;
    let mut num_configs = 10usize;
    let mut c = DirectiveConfig {
        source: Source::Simulated { num_configs, seed },
        requirements: defaults.requirements.as_ref().map(|r| base.join(r)),
        options: AnalysisOptions {
            interpolation: defaults.interpolation,
            ..AnalysisOptions::default()
        },
        models: Vec::new(),
        tables: defaults.tables,
        caption: None,
        alt: None,
        label: None,
        format: defaults.format,
        figure: FigureOptions {
            size: defaults.size,
            ..FigureOptions::default()
        },
        dpi: defaults.dpi,
        max_file_size: defaults.max_file_size,
    };
    for t in &d.tokens {
        if t.key.is_empty() {
            if let Some(first) = results {
                let message = format!(
                    "a second results path `{}` (the first is `{}`)",
                    t.value, first.value
                );
                return Err(err(t, message));
            }
            results = Some(t);
            continue;
        }
        let Some(&key) = KEYS.iter().find(|k| **k == t.key) else {
            return Err(err(
                t,
                format!(
                    "unknown key `{}` (expected one of: {})",
                    t.key,
                    KEYS.join(", ")
                ),
            ));
        };
        if seen.contains(&key) {
            return Err(err(t, format!("`{key}` is given twice")));
        }
        seen.push(key);
        let v = t.value.as_str();
        let bad = |m: String| err(t, format!("bad value for `{key}`: {m}"));
        let non_empty = |v: &str| -> Result<String> {
            if v.trim().is_empty() {
                Err(bad("must not be empty".into()))
            } else {
                Ok(v.to_string())
            }
        };
        match key {
            "requirements" => c.requirements = Some(base.join(non_empty(v)?)),
            "caption" => c.caption = Some(non_empty(v)?),
            "alt" => c.alt = Some(non_empty(v)?),
            "label" => c.label = Some(label(v).map_err(bad)?),
            "title" => c.figure.title = Some(non_empty(v)?),
            "table" => c.tables = Tables::parse(v).map_err(bad)?,
            "target_ppl" => c.options.target_ppl = numbers(v).map_err(bad)?,
            "target_flops" => c.options.target_flops = numbers(v).map_err(bad)?,
            "models" => {
                c.models = v.split(',').map(|m| m.trim().to_string()).collect();
                if c.models.iter().any(String::is_empty) {
                    return Err(bad("a model name is empty".into()));
                }
            }
            "interpolation" => c.options.interpolation = v.parse().map_err(bad)?,
            "simulate" => simulate = boolean(v).map_err(bad)?,
            "seed" => {
                seed = v
                    .parse()
                    .map_err(|_| bad(format!("`{v}` is not a whole number")))?
            }
            "num_configs" => {
                let n = v
                    .parse()
                    .map_err(|_| bad(format!("`{v}` is not a whole number")))?;
                num_configs = config::check_num_configs(n).map_err(|e| bad(e.to_string()))?;
            }
            "format" => c.format = Some(v.parse().map_err(bad)?),
            "size" => c.figure.size = v.parse().map_err(bad)?,
            "x_scale" => c.figure.x_scale = scale(v).map_err(bad)?,
            "y_scale" => c.figure.y_scale = scale(v).map_err(bad)?,
            "dpi" => {
                let dpi = v
                    .parse()
                    .map_err(|_| bad(format!("`{v}` is not a whole number")))?;
                c.dpi = config::check_dpi(dpi).map_err(|e| bad(e.to_string()))?;
            }
            _ => unreachable!("every key in KEYS is handled"),
        }
    }
    c.source = match (results, simulate) {
        (Some(t), false) if t.value.trim().is_empty() => {
            return Err(err(t, "empty results path".into()));
        }
        (Some(t), false) => Source::Path(base.join(&t.value)),
        (None, true) => Source::Simulated { num_configs, seed },
        (Some(t), true) => {
            return Err(err(
                t,
                "give a results path or simulate=true, not both".into(),
            ));
        }
        (None, false) => {
            let message =
                "missing results path (write `<<efficiency_graph PATH …>>`, or simulate=true)";
            return Err(error_at(path, source, d.span.start, message));
        }
    };
    if c.format == Some(Format::Png) {
        c.figure.size.check_raster(c.dpi).map_err(|m| {
            let at = d
                .tokens
                .iter()
                .find(|t| ["dpi", "size", "format"].contains(&t.key.as_str()))
                .map_or(d.span.start, |t| t.offset);
            error_at(path, source, at, m)
        })?;
    }
    if !simulate && seen.iter().any(|k| *k == "seed" || *k == "num_configs") {
        let t = d
            .tokens
            .iter()
            .find(|t| t.key == "seed" || t.key == "num_configs")
            .expect("seen");
        return Err(err(
            t,
            format!("`{}` only applies with simulate=true", t.key),
        ));
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directive::parse_at;

    fn configure_str(s: &str) -> Result<DirectiveConfig> {
        let d = parse_at(Path::new("c.md"), s, 0)?;
        configure(
            Path::new("c.md"),
            s,
            &d,
            &Defaults::default(),
            Path::new("/book"),
        )
    }

    #[test]
    fn keys_become_a_typed_configuration() {
        let c = configure_str(r#"<<efficiency_graph data/eff requirements=r.toml table=summary,requirements target_ppl=30,32 models="b, a" caption="Fig. 1">>"#).unwrap();
        assert_eq!(c.source, Source::Path(PathBuf::from("/book/data/eff")));
        assert_eq!(c.requirements, Some(PathBuf::from("/book/r.toml")));
        assert_eq!(
            c.tables,
            Tables {
                summary: true,
                comparison: false,
                requirements: true
            }
        );
        assert_eq!(c.options.target_ppl, vec![30.0, 32.0]);
        assert_eq!(c.models, vec!["b", "a"]);
        assert_eq!(c.caption.as_deref(), Some("Fig. 1"));
        let s = configure_str("<<efficiency_graph simulate=true seed=7 num_configs=5>>").unwrap();
        assert_eq!(
            s.source,
            Source::Simulated {
                num_configs: 5,
                seed: 7
            }
        );
    }

    #[test]
    fn bad_keys_and_values_are_errors_at_the_token() {
        let err = |s: &str| configure_str(s).unwrap_err().to_string();
        assert!(
            err("<<efficiency_graph d colour=red>>")
                .starts_with("c.md:1:22: unknown key `colour` (expected one of: requirements, ")
        );
        assert_eq!(
            err("<<efficiency_graph d table=sumary>>"),
            "c.md:1:22: bad value for `table`: unknown table `sumary` (expected summary, comparison, requirements, all or none)"
        );
        assert_eq!(
            err("<<efficiency_graph d target_ppl=30,x>>"),
            "c.md:1:22: bad value for `target_ppl`: `x` is not a finite number > 0"
        );
        assert_eq!(
            err("<<efficiency_graph d caption=a caption=b>>"),
            "c.md:1:32: `caption` is given twice"
        );
        assert_eq!(
            err("<<efficiency_graph >>"),
            "c.md:1:1: missing results path (write `<<efficiency_graph PATH …>>`, or simulate=true)"
        );
        assert_eq!(
            err("<<efficiency_graph \"\">>"),
            "c.md:1:20: empty results path"
        );
        assert_eq!(
            err("<<efficiency_graph d seed=3>>"),
            "c.md:1:22: `seed` only applies with simulate=true"
        );
        assert_eq!(
            err("<<efficiency_graph d format=gif>>"),
            "c.md:1:22: bad value for `format`: unknown format `gif` (expected svg, pdf, png or eps)"
        );
    }
}
