//! A directive's keys, checked and turned into a [`DirectiveConfig`]. Book-wide or
//! command-line [`Defaults`] fill what the directive leaves out. `KEYS` is the one table of
//! keys: each key's name, what its value looks like, its default, and how it sets the
//! configuration; the "expected one of" message and the user guide's key table are made from
//! it. Every bad key or value is an error at the token's `file:line:column`.

use crate::error::Invalid;
use std::path::Path;

use super::{Directive, Token, error_at};
use crate::analysis::AnalysisOptions;
use crate::config::{Defaults, Source};
use crate::error::Result;
use crate::parts::PARTS;
use crate::render::{FigureOptions, Format};
pub(crate) use crate::request::DirectiveConfig;
use crate::settings::data::DATA_SETTINGS;
use crate::settings::{Dpi, NumConfigs, boolean, positive_list};
use crate::simulate::{DEFAULT_CONFIGS, DEFAULT_SEED};

/// A directive being configured: what its keys have set so far.
struct Draft<'a> {
    config: DirectiveConfig,
    defaults: &'a Defaults,
    /// Whether `size` was given.
    sized: bool,
    /// Relative paths resolve against this folder.
    base: &'a Path,
    simulate: bool,
    seed: u64,
    num_configs: usize,
}

type Setter = fn(&mut Draft, &str) -> Result<(), Invalid>;

/// One directive key.
pub(crate) struct Key {
    pub name: &'static str,
    /// What the value looks like and does (Markdown, for the guide).
    pub value: &'static str,
    /// What applies when the key is left out (Markdown, for the guide).
    pub default: &'static str,
    set: Setter,
}

/// Every key's name, value and default: the main keys, then those about reading files.
pub(crate) fn all_keys() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    let main = KEYS.iter().map(|k| (k.name, k.value, k.default));
    let data = DATA_SETTINGS.iter().map(|k| (k.name, k.value, k.default));
    let parts = PARTS.iter().map(|p| (p.name(), p.doc(), "none"));
    main.chain(data).chain(parts)
}

fn non_empty(v: &str) -> Result<String, Invalid> {
    if v.trim().is_empty() {
        Err("must not be empty".into())
    } else {
        Ok(v.to_string())
    }
}

fn whole<T: std::str::FromStr>(v: &str) -> Result<T, Invalid> {
    v.parse()
        .map_err(|_| Invalid(format!("`{v}` is not a whole number")))
}

/// A cross-reference label is an identifier, written verbatim into `\label{}` and `id=""`.
fn label(value: &str) -> Result<String, Invalid> {
    let ok = |c: char| c.is_ascii_alphanumeric() || ":-_.".contains(c);
    if !value.is_empty() && value.chars().all(ok) {
        Ok(value.to_string())
    } else {
        Err(Invalid(format!(
            "`{value}` is not a label (use letters, digits and `:-_.`)"
        )))
    }
}

/// `size=`: a preset, `WxH`, or the document's `columnwidth` / `textwidth`.
fn size(d: &Draft, v: &str) -> Result<crate::render::FigureSize, Invalid> {
    let width = match v {
        "columnwidth" => Some((d.defaults.column_width, "--column-width")),
        "textwidth" => Some((d.defaults.text_width, "--text-width")),
        _ => None,
    };
    match width {
        Some((Some(w), _)) => Ok(crate::render::FigureSize::of_width(w)),
        Some((None, flag)) => Err(Invalid(format!(
            "`{v}` needs the document's width: give it once, as `effgraph expand {flag} 247pt` (e.g. in the latexmkrc)"
        ))),
        None => v.parse(),
    }
}

/// Every key a directive accepts, in the order the guide lists them.
pub(crate) const KEYS: [Key; 22] = [
    Key {
        name: "requirements",
        value: "a [requirements](requirements.md) TOML file, relative to the book root; `none`: no requirements here, whatever the book-wide setting",
        default: "book-wide `requirements`, else none",
        set: |d, v| {
            d.config.requirements = match v {
                "none" => None,
                _ => Some(d.base.join(non_empty(v)?)),
            };
            Ok(())
        },
    },
    Key {
        name: "caption",
        value: "the figure caption",
        default: "generated from the data",
        set: |d, v| {
            d.config.caption = Some(non_empty(v)?);
            Ok(())
        },
    },
    Key {
        name: "alt",
        value: "the figure's text alternative for screen readers",
        default: "generated from the data",
        set: |d, v| {
            d.config.alt = Some(non_empty(v)?);
            Ok(())
        },
    },
    Key {
        name: "label",
        value: "a label (letters, digits and `:-_.`): the figure's `\\label` in LaTeX (its tables get `LABEL:summary`, …) and its `id` in HTML",
        default: "none",
        set: |d, v| {
            d.config.label = Some(label(v)?);
            Ok(())
        },
    },
    Key {
        name: "table",
        value: "`summary`, `comparison`, `requirements`, `all`, `none`, or a comma list of the first three",
        default: "book-wide `table`, else `all`",
        set: |d, v| {
            d.config.tables = v.parse()?;
            Ok(())
        },
    },
    Key {
        name: "target_ppl",
        value: "comma list of score targets for the equal-score table (perplexities on the default axes, else values of `y`)",
        default: "[default rule](cli.md#default-targets)",
        set: |d, v| {
            d.config.options.target_y = positive_list(v)?;
            Ok(())
        },
    },
    Key {
        name: "target_flops",
        value: "comma list of cost budgets for the equal-cost table (FLOPs per token on the default axes, else values of `x`)",
        default: "[default rule](cli.md#default-targets)",
        set: |d, v| {
            d.config.options.target_x = positive_list(v)?;
            Ok(())
        },
    },
    Key {
        name: "models",
        value: "comma list: show only these models, in this order",
        default: "all, in order of appearance",
        set: |d, v| {
            d.config.models = v.split(',').map(|m| m.trim().to_string()).collect();
            if d.config.models.iter().any(String::is_empty) {
                return Err("a model name is empty".into());
            }
            Ok(())
        },
    },
    Key {
        name: "interpolation",
        value: "`power`, `log` or `step` ([comparison](comparison.md))",
        default: "book-wide, else `power`",
        set: |d, v| {
            d.config.options.interpolation = v.parse()?;
            Ok(())
        },
    },
    Key {
        name: "simulate",
        value: "`true`: generated data instead of a path (labelled as simulated)",
        default: "`false`",
        set: |d, v| {
            d.simulate = boolean(v)?;
            Ok(())
        },
    },
    Key {
        name: "seed",
        value: "seed of simulated data (only with `simulate=true`)",
        default: "42",
        set: |d, v| {
            d.seed = whole(v)?;
            Ok(())
        },
    },
    Key {
        name: "num_configs",
        value: "configurations per model of simulated data (only with `simulate=true`)",
        default: "10",
        set: |d, v| {
            d.num_configs = v.parse::<NumConfigs>()?.0;
            Ok(())
        },
    },
    Key {
        name: "format",
        value: "`svg` or `png` images in HTML (embedded in the page); `pdf`, `eps`, `svg` or `png` for files",
        default: "book-wide, else `svg` (HTML, Markdown) or `pdf` (LaTeX)",
        set: |d, v| {
            d.config.format = Some(v.parse()?);
            Ok(())
        },
    },
    Key {
        name: "size",
        value: "a size preset such as `column`, `full`, `icml-column`, `neurips` ([figures](figures.md#size-type-and-fonts)), e.g. `6x4in`, or `columnwidth` / `textwidth` (the LaTeX document's, from `expand --column-width` / `--text-width`)",
        default: "`columnwidth` / `textwidth` (by `span`) when `expand` knows them, else book-wide, else `full`",
        set: |d, v| {
            d.config.figure.size = size(d, v)?;
            d.sized = true;
            Ok(())
        },
    },
    Key {
        name: "span",
        value: "`column` or `full`: in LaTeX, `full` sets the figure and tables across both columns (`figure*`, `table*`)",
        default: "`column`",
        set: |d, v| {
            d.config.full_span = match v {
                "column" => false,
                "full" => true,
                other => {
                    return Err(Invalid(format!(
                        "unknown span `{other}` (expected column or full)"
                    )));
                }
            };
            Ok(())
        },
    },
    Key {
        name: "title",
        value: "a title drawn above the plot",
        default: "none",
        set: |d, v| {
            d.config.figure.title = Some(non_empty(v)?);
            Ok(())
        },
    },
    Key {
        name: "x_scale",
        value: "`auto`, `linear` or `log` for the FLOPs axis",
        default: "`auto`",
        set: |d, v| {
            d.config.figure.x_scale = v.parse()?;
            Ok(())
        },
    },
    Key {
        name: "y_scale",
        value: "`auto`, `linear` or `log` for the perplexity axis",
        default: "`auto`",
        set: |d, v| {
            d.config.figure.y_scale = v.parse()?;
            Ok(())
        },
    },
    Key {
        name: "font",
        value: "`sans` (DejaVu Sans) or `serif` (Latin Modern, to match a LaTeX paper)",
        default: "book-wide, else `sans`",
        set: |d, v| {
            d.config.figure.font = v.parse()?;
            Ok(())
        },
    },
    Key {
        name: "font_size",
        value: "base type size in points, 7 to 14 (ticks and legend one point smaller, never below 7)",
        default: "book-wide, else 8",
        set: |d, v| {
            d.config.figure.font_size = v.parse()?;
            Ok(())
        },
    },
    Key {
        name: "legend",
        value: "`inside` (a free corner of the plot, else outside), `outside`, `direct` (names at the line ends) or `none`",
        default: "book-wide, else `inside`",
        set: |d, v| {
            d.config.figure.legend = v.parse()?;
            Ok(())
        },
    },
    Key {
        name: "dpi",
        value: "PNG resolution with `format=png`",
        default: "book-wide, else 192 in a book (twice a screen's pixel density), 300 in a file",
        set: |d, v| {
            d.config.dpi = v.parse::<Dpi>()?.0;
            Ok(())
        },
    },
];

/// The key table of the user guide, made from `KEYS`.
pub fn guide_table() -> String {
    let mut table = String::from("| key | value | default |\n|---|---|---|\n");
    for (name, value, default) in all_keys() {
        table.push_str(&format!("| `{name}` | {value} | {default} |\n"));
    }
    table
}

/// A directive's configuration before its keys: the defaults.
fn draft<'a>(defaults: &'a Defaults, base: &'a Path) -> Draft<'a> {
    Draft {
        config: DirectiveConfig {
            source: Source::Simulated {
                num_configs: DEFAULT_CONFIGS,
                seed: DEFAULT_SEED,
            },
            requirements: defaults.requirements.as_ref().map(|r| base.join(r)),
            options: AnalysisOptions {
                interpolation: defaults.interpolation,
                ..AnalysisOptions::default()
            },
            parts: Vec::new(),
            models: Vec::new(),
            tables: defaults.tables,
            caption: None,
            alt: None,
            label: None,
            format: defaults.format,
            figure: FigureOptions {
                size: defaults.size,
                font: defaults.font,
                font_size: defaults.font_size,
                legend: defaults.legend,
                ..FigureOptions::default()
            },
            dpi: defaults.dpi,
            max_file_size: defaults.max_file_size,
            full_span: false,
            data: defaults.data.clone(),
        },
        defaults,
        sized: false,
        base,
        simulate: false,
        seed: DEFAULT_SEED,
        num_configs: DEFAULT_CONFIGS,
    }
}

/// A directive's tokens applied to `draft`: each key checked (unknown, given twice, a bad
/// value, all errors at the token); returns the results paths and the keys given.
fn apply<'d>(
    path: &Path,
    source: &str,
    d: &'d Directive,
    draft: &mut Draft,
) -> Result<(Vec<&'d Token>, Vec<&'static str>)> {
    let err = |t: &Token, message: String| error_at(path, source, t.offset, message);
    let mut results: Vec<&Token> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for t in &d.tokens {
        if t.key.is_empty() {
            if t.value.trim().is_empty() {
                return Err(err(t, "empty results path".into()));
            }
            results.push(t);
            continue;
        }
        let Some((name, _, _)) = all_keys().find(|k| k.0 == t.key) else {
            let names: Vec<&str> = all_keys().map(|k| k.0).collect();
            let message = format!(
                "unknown key `{}` (expected one of: {})",
                t.key,
                names.join(", ")
            );
            return Err(err(t, message));
        };
        if seen.contains(&name) {
            return Err(err(t, format!("`{name}` is given twice")));
        }
        seen.push(name);
        let set = match KEYS.iter().find(|k| k.name == name) {
            Some(key) => (key.set)(draft, &t.value),
            None => match DATA_SETTINGS.iter().find(|k| k.name == name) {
                Some(setting) => {
                    let values = setting.directive_values(&t.value);
                    let values: Vec<&str> = values.iter().map(String::as_str).collect();
                    (setting.set)(&mut draft.config.data, &values)
                }
                // An analysis beyond the frontiers, asked for by its name.
                None => {
                    let request = (name.to_string(), t.value.clone());
                    draft.config.parts.push(request);
                    Ok(())
                }
            },
        };
        set.map_err(|m| err(t, format!("bad value for `{name}`: {m}")))?;
    }
    Ok((results, seen))
}

/// Checks a directive's tokens against `defaults`; relative paths resolve against `base`.
pub fn configure(
    path: &Path,
    source: &str,
    d: &Directive,
    defaults: &Defaults,
    base: &Path,
) -> Result<DirectiveConfig> {
    let mut draft = draft(defaults, base);
    let (results, seen) = apply(path, source, d, &mut draft)?;
    finish(path, source, d, draft, (&results, &seen))
}

/// The configuration `draft` gives once its keys are applied: its size from the document's
/// widths, its source, and the checks that take several keys together.
fn finish(
    path: &Path,
    source: &str,
    d: &Directive,
    draft: Draft,
    (results, seen): (&[&Token], &[&str]),
) -> Result<DirectiveConfig> {
    let err = |t: &Token, message: String| error_at(path, source, t.offset, message);
    let (defaults, base) = (draft.defaults, draft.base);
    let Draft {
        config: mut c,
        simulate,
        seed,
        num_configs,
        sized,
        ..
    } = draft;
    // Without a size, a LaTeX figure takes the width of what it spans, when expand knows it.
    let document_width = if c.full_span {
        defaults.text_width
    } else {
        defaults.column_width
    };
    if let (false, Some(width)) = (sized, document_width) {
        c.figure.size = crate::render::FigureSize::of_width(width);
    }
    c.source = match (results.first(), simulate) {
        (Some(_), false) => {
            let paths = results.iter().map(|t| base.join(&t.value)).collect();
            Source::Files(Box::new(c.data.spec(paths, c.max_file_size)))
        }
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
    use std::path::PathBuf;

    use crate::directive::parse_at;
    use crate::settings::Tables;

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
        let Source::Files(spec) = &c.source else {
            panic!("{:?}", c.source)
        };
        assert_eq!(spec.selection.paths, [PathBuf::from("/book/data/eff")]);
        assert_eq!(c.requirements, Some(PathBuf::from("/book/r.toml")));
        assert_eq!(
            c.tables,
            Tables {
                summary: true,
                comparison: false,
                requirements: true
            }
        );
        assert_eq!(c.options.target_y, vec![30.0, 32.0]);
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
