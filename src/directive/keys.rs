//! A directive's keys, checked and turned into a `DirectiveConfig`. Book-wide or
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
use crate::settings::figure::{self, FIGURE_SETTINGS, FigureSetting};

/// A directive being configured: what its keys have set so far.
struct Draft<'a> {
    config: DirectiveConfig,
    /// The book-wide or command-line defaults, overridden by the figure settings given.
    look: Defaults,
    /// Relative paths resolve against this folder.
    base: &'a Path,
}

type Setter = fn(&mut Draft, &str) -> Result<(), Invalid>;

/// One directive key.
enum Key {
    /// A key of directives alone.
    Own {
        name: &'static str,
        /// What the value looks like and does (Markdown, for the guide).
        value: &'static str,
        /// What applies when the key is left out (Markdown, for the guide).
        default: &'static str,
        set: Setter,
    },
    /// A figure setting, also book-wide and a flag: it overrides the [`Defaults`].
    Figure(&'static FigureSetting),
}

impl Key {
    /// The key's name, what its value looks like and its default.
    fn doc(&self) -> (&'static str, &'static str, &'static str) {
        match self {
            Key::Own {
                name,
                value,
                default,
                ..
            } => (name, value, default),
            Key::Figure(s) => (s.name, s.value, s.default),
        }
    }
}

/// Every key's name, value and default: the main keys, then those about reading files.
pub(crate) fn all_keys() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    let main = KEYS.iter().map(Key::doc);
    // A figure setting the table above does not place comes after the directive's own keys.
    let placed = |s: &&&FigureSetting| {
        KEYS.iter()
            .any(|k| matches!(k, Key::Figure(p) if std::ptr::eq(*p, **s)))
    };
    let figure = FIGURE_SETTINGS
        .iter()
        .filter(move |s| s.directive && !placed(s));
    let figure = figure.map(|k| (k.name, k.value, k.default));
    let data = DATA_SETTINGS.iter().map(|k| (k.name, k.value, k.default));
    let parts = PARTS.iter().map(|p| (p.name(), p.doc(), "none"));
    main.chain(figure).chain(data).chain(parts)
}

fn non_empty(v: &str) -> Result<String, Invalid> {
    if v.trim().is_empty() {
        Err("must not be empty".into())
    } else {
        Ok(v.to_string())
    }
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

/// Every key a directive accepts, in the order the guide lists them.
static KEYS: &[Key] = &[
    Key::Figure(&figure::REQUIREMENTS),
    Key::Own {
        name: "caption",
        value: "the figure caption",
        default: "generated from the data",
        set: |d, v| {
            d.config.caption = Some(non_empty(v)?);
            Ok(())
        },
    },
    Key::Own {
        name: "alt",
        value: "the figure's text alternative for screen readers",
        default: "generated from the data",
        set: |d, v| {
            d.config.alt = Some(non_empty(v)?);
            Ok(())
        },
    },
    Key::Own {
        name: "label",
        value: "a label (letters, digits and `:-_.`): the figure's `\\label` in LaTeX (its tables get `LABEL:summary`, …) and its `id` in HTML",
        default: "none",
        set: |d, v| {
            d.config.label = Some(label(v)?);
            Ok(())
        },
    },
    Key::Figure(&figure::TABLE),
    Key::Figure(&figure::TARGET_PPL),
    Key::Figure(&figure::TARGET_FLOPS),
    Key::Own {
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
    Key::Figure(&figure::INTERPOLATION),
    Key::Figure(&figure::FROM),
    Key::Figure(&figure::SIMULATE),
    Key::Figure(&figure::SEED),
    Key::Figure(&figure::NUM_CONFIGS),
    Key::Figure(&figure::FORMAT),
    Key::Figure(&figure::VENUE),
    Key::Figure(&figure::SIZE),
    Key::Own {
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
    Key::Figure(&figure::TITLE),
    Key::Figure(&figure::X_SCALE),
    Key::Figure(&figure::Y_SCALE),
    Key::Figure(&figure::FONT),
    Key::Figure(&figure::FONT_SIZE),
    Key::Figure(&figure::LEGEND),
    Key::Figure(&figure::DPI),
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
fn draft<'a>(defaults: &Defaults, base: &'a Path) -> Draft<'a> {
    let mut config = DirectiveConfig {
        source: Source::Simulated {
            num_configs: defaults.num_configs,
            seed: defaults.seed,
        },
        requirements: None,
        options: AnalysisOptions::default(),
        parts: Vec::new(),
        models: Vec::new(),
        tables: defaults.tables,
        caption: None,
        alt: None,
        label: None,
        format: defaults.format,
        figure: FigureOptions::default(),
        dpi: defaults.dpi,
        max_file_size: defaults.max_file_size,
        full_span: false,
        data: defaults.data.clone(),
    };
    take_look(&mut config, defaults, base);
    Draft {
        config,
        look: defaults.clone(),
        base,
    }
}

/// The figure settings of `look` (the defaults, overridden by the directive's keys) in
/// `config`; paths resolve against `base`.
fn take_look(config: &mut DirectiveConfig, look: &Defaults, base: &Path) {
    config.requirements = look.requirements.as_ref().map(|r| base.join(r));
    config.tables = look.tables;
    config.format = look.format;
    config.dpi = look.dpi;
    config.options.interpolation = look.interpolation;
    config.options.from = look.from;
    config.options.target_y.clone_from(&look.target_y);
    config.options.target_x.clone_from(&look.target_x);
    config.figure.size = look.size;
    config.figure.font = look.font.face(look.document_face);
    config.figure.font_size = look.font_size;
    config.figure.legend = look.legend;
    config.figure.title.clone_from(&look.title);
    config.figure.x_scale = look.x_scale;
    config.figure.y_scale = look.y_scale;
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
    // A venue is taken first wherever it is written, so the keys beside it refine it.
    let (venue, rest): (Vec<&Token>, Vec<&Token>) = d.tokens.iter().partition(|t| t.key == "venue");
    for t in venue.into_iter().chain(rest) {
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
        let own = KEYS.iter().find_map(|k| match k {
            Key::Own { name: n, set, .. } if *n == name => Some(set),
            _ => None,
        });
        let figure = FIGURE_SETTINGS.iter().find(|s| s.name == name);
        let set = match (own, figure) {
            (Some(set), _) => set(draft, &t.value),
            (None, Some(setting)) => setting.set_from_directive(&mut draft.look, &t.value),
            (None, None) => match DATA_SETTINGS.iter().find(|k| k.name == name) {
                Some(setting) => setting.set_from_directive(&mut draft.config.data, &t.value),
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
    let Draft {
        config: mut c,
        look,
        base,
    } = draft;
    let simulate = look.simulate;
    take_look(&mut c, &look, base);
    // Without a size, a LaTeX figure takes the width of what it spans, when expand knows it.
    let document_width = if c.full_span {
        look.text_width
    } else {
        look.column_width
    };
    if let (false, Some(width)) = (seen.contains(&"size"), document_width) {
        c.figure.size = crate::render::FigureSize::of_width(width);
    }
    c.source = match (results.first(), simulate) {
        (Some(_), false) => {
            let paths = results.iter().map(|t| base.join(&t.value)).collect();
            Source::Files(Box::new(c.data.spec(paths, c.max_file_size, base)))
        }
        (None, true) => Source::Simulated {
            num_configs: look.num_configs,
            seed: look.seed,
        },
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
            "c.md:1:22: bad value for `format`: unknown format `gif` (expected svg, pdf, png, eps or pgf)"
        );
    }
}
