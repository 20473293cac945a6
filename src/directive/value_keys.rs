//! The keys of an inline `<<efficiency_value PATH WHAT …>>`: which one value it shows (a
//! requirement's value, verdict, threshold or interval; a model's reading at a target; a
//! model's statistic) and how it is written. The keys it shares with the block directive
//! (results paths, requirements, interpolation, field mapping) are checked by
//! [`super::keys::configure`]; `model=` selects a model here, so the model *field* is
//! `model_field=`.

use crate::error::Invalid;
use std::path::Path;

use super::keys::configure;
use super::{Directive, DirectiveKind, Token, error_at};
use crate::config::Defaults;
use crate::error::Result;
use crate::request::{Part, STATS, Selector, ValueFormat, ValueRequest};
use crate::settings::boolean;
use crate::settings::data::DATA_SETTINGS;
use crate::settings::figure::FIGURE_SETTINGS;

/// Keys only an inline value has.
pub(crate) const VALUE_KEYS: &[&str] = &[
    "requirement",
    "part",
    "reading",
    "model",
    "at_y",
    "at_x",
    "at_ppl",
    "at_flops",
    "stat",
    "digits",
    "fixed",
    "unit",
    "sign",
    "approx",
];

/// Every key of the block directive an inline value shares: the declared settings an inline
/// value takes, then each data setting but `model` (which here selects a model; the field is
/// `model_field`), then the analyses.
fn shared_keys() -> impl Iterator<Item = &'static str> {
    let figure = FIGURE_SETTINGS.iter().filter(|s| s.inline);
    let data = DATA_SETTINGS
        .iter()
        .filter(|s| s.inline && s.name != "model");
    let parts = crate::parts::PARTS.iter().map(|p| p.name());
    figure
        .map(|s| s.name)
        .chain(data.map(|s| s.name))
        .chain(parts)
}

fn number(v: &str) -> Result<f64, Invalid> {
    v.trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x > 0.0)
        .ok_or_else(|| Invalid(format!("`{v}` is not a finite number > 0")))
}

fn count(v: &str) -> Result<usize, Invalid> {
    v.trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (0..=15).contains(n))
        .ok_or_else(|| Invalid(format!("`{v}` is not a whole number from 0 to 15")))
}

/// The score and the cost an inline value's reading is at (`at_y=`, `at_x=`), when given.
type Targets = (Option<f64>, Option<f64>);

/// An inline value's own tokens (those the block directive does not share), and where they
/// were written, for errors.
struct Own<'a> {
    path: &'a Path,
    source: &'a str,
    d: &'a Directive,
    tokens: Vec<&'a Token>,
}

impl<'a> Own<'a> {
    fn get(&self, key: &str) -> Option<&'a Token> {
        self.tokens.iter().find(|t| t.key == key).copied()
    }

    fn bad(&self, t: &Token, m: impl std::fmt::Display) -> crate::error::Error {
        error_at(
            self.path,
            self.source,
            t.offset,
            format!("bad value for `{}`: {m}", t.key),
        )
    }

    /// An error about the whole directive.
    fn whole(&self, message: &str) -> crate::error::Error {
        error_at(self.path, self.source, self.d.span.start, message)
    }

    /// How the value is written: `digits=`, `fixed=`, `unit=`, `sign=`, `approx=`.
    fn format(&self) -> Result<ValueFormat> {
        let mut format = ValueFormat {
            approx: true,
            ..ValueFormat::default()
        };
        if let Some(t) = self.get("digits") {
            format.digits = Some(count(&t.value).map_err(|m| self.bad(t, m))?.max(1));
        }
        if let Some(t) = self.get("fixed") {
            format.fixed = Some(count(&t.value).map_err(|m| self.bad(t, m))?);
        }
        if let Some(t) = self.get("unit") {
            format.no_unit = match t.value.as_str() {
                "none" => true,
                "auto" => false,
                other => {
                    let m = format!("`{other}` is not a unit mode (expected auto or none)");
                    return Err(self.bad(t, m));
                }
            };
        }
        if let Some(t) = self.get("sign") {
            format.sign = boolean(&t.value).map_err(|m| self.bad(t, m))?;
        }
        if let Some(t) = self.get("approx") {
            format.approx = boolean(&t.value).map_err(|m| self.bad(t, m))?;
        }
        Ok(format)
    }

    /// `part=`: which part of a requirement.
    fn part(&self) -> Result<Part> {
        let Some(t) = self.get("part") else {
            return Ok(Part::Value);
        };
        match t.value.as_str() {
            "value" => Ok(Part::Value),
            "verdict" => Ok(Part::Verdict),
            "threshold" => Ok(Part::Threshold),
            "ci" => Ok(Part::Ci),
            other => Err(self.bad(
                t,
                format!("`{other}` is not a part (expected value, verdict, threshold or ci)"),
            )),
        }
    }

    /// `at_y=` (or `at_ppl=`) or `at_x=` (`at_flops=`), when given.
    fn at(&self, keys: [&str; 2]) -> Result<Option<f64>> {
        match keys.iter().find_map(|k| self.get(k)) {
            Some(t) => Ok(Some(number(&t.value).map_err(|m| self.bad(t, m))?)),
            None => Ok(None),
        }
    }

    /// The model `model=` names, else an error: the value is a model's.
    fn model(&self) -> Result<String> {
        let model = self.get("model").map(|t| t.value.clone());
        model.ok_or_else(|| self.whole("name the model with model="))
    }

    /// Which one value: a requirement's, a reading (at `targets`, the score and the cost
    /// given), a statistic or an analysis' value.
    fn selector(&self, analysis: Option<&Token>, targets: Targets) -> Result<Selector> {
        match (self.get("requirement"), self.get("reading"), self.get("stat"), analysis) {
            (None, None, None, Some(t)) => Ok(Selector::Analysis {
                name: t.key.clone(),
                what: t.value.clone(),
                model: self.get("model").map(|t| t.value.clone()),
            }),
            (Some(t), None, None, _) => Ok(Selector::Requirement {
                id: t.value.clone(),
            }),
            (None, Some(t), None, _) => self.reading(t, targets),
            (None, None, Some(t), _) => self.stat(t),
            _ => Err(self.whole(
                "say which one value: requirement=ID, reading=x with model= and at_y=, reading=y with model= and at_x=, or stat=NAME with model=",
            )),
        }
    }

    /// `reading=x` with `at_y=` (a cost) or `reading=y` with `at_x=` (a score).
    fn reading(&self, t: &Token, (at_y, at_x): Targets) -> Result<Selector> {
        let model = self.model()?;
        let wrong = |m: &str| Err(self.bad(t, m));
        match (t.value.as_str(), at_y, at_x) {
            ("x" | "cost" | "flops", Some(at_y), None) => Ok(Selector::CostAt { model, at_y }),
            ("y" | "score" | "ppl", None, Some(at_x)) => Ok(Selector::ScoreAt { model, at_x }),
            ("x" | "cost" | "flops", _, _) => {
                wrong("a cost is read at a score: give at_y= (and not at_x=)")
            }
            ("y" | "score" | "ppl", _, _) => {
                wrong("a score is read at a cost: give at_x= (and not at_y=)")
            }
            (other, _, _) => wrong(&format!("`{other}` is not a reading (expected x or y)")),
        }
    }

    /// `stat=NAME` of `model=`.
    fn stat(&self, t: &Token) -> Result<Selector> {
        let model = self.model()?;
        let stat = STATS
            .iter()
            .find(|(name, alias, _)| t.value == *name || t.value == *alias)
            .map(|s| s.2)
            .ok_or_else(|| {
                let names: Vec<&str> = STATS.iter().map(|s| s.0).collect();
                let m = format!(
                    "`{}` is not a statistic (expected one of: {})",
                    t.value,
                    names.join(", ")
                );
                self.bad(t, m)
            })?;
        Ok(Selector::Stat { model, stat })
    }
}

/// An inline value's tokens sorted: those the block directive shares (`model_field=` as its
/// `model=`), and its own; an unknown or repeated own key is an error.
fn sort_tokens<'a>(
    path: &Path,
    source: &str,
    d: &'a Directive,
) -> Result<(Vec<Token>, Vec<&'a Token>)> {
    let err = |t: &Token, message: String| error_at(path, source, t.offset, message);
    let mut shared = Vec::new();
    let mut own: Vec<&Token> = Vec::new();
    for t in &d.tokens {
        match t.key.as_str() {
            "" => shared.push(t.clone()),
            "model_field" => shared.push(Token {
                key: "model".into(),
                ..t.clone()
            }),
            k if shared_keys().any(|n| n == k) => shared.push(t.clone()),
            k if VALUE_KEYS.contains(&k) => {
                if own.iter().any(|o| o.key == k) {
                    return Err(err(t, format!("`{k}` is given twice")));
                }
                own.push(t);
            }
            k => {
                let mut names: Vec<&str> = VALUE_KEYS.to_vec();
                names.push("model_field");
                names.extend(shared_keys());
                let m = format!(
                    "unknown key `{k}` for efficiency_value (expected one of: {})",
                    names.join(", ")
                );
                return Err(err(t, m));
            }
        }
    }
    Ok((shared, own))
}

/// Checks an inline value's tokens.
pub(crate) fn configure_value(
    path: &Path,
    source: &str,
    d: &Directive,
    defaults: &Defaults,
    base: &Path,
) -> Result<ValueRequest> {
    let (shared, tokens) = sort_tokens(path, source, d)?;
    let block = Directive {
        kind: DirectiveKind::Graph,
        span: d.span.clone(),
        tokens: shared,
        place: d.place,
    };
    let mut config = configure(path, source, &block, defaults, base)?;
    let own = Own {
        path,
        source,
        d,
        tokens,
    };
    let format = own.format()?;
    let part = own.part()?;
    let targets = (own.at(["at_y", "at_ppl"])?, own.at(["at_x", "at_flops"])?);
    let analysis = (d.tokens.iter()).find(|t| crate::parts::part(&t.key).is_some());
    let selector = own.selector(analysis, targets)?;
    if matches!(part, Part::Verdict | Part::Threshold)
        && !matches!(selector, Selector::Requirement { .. })
    {
        let t = own.get("part").expect("a part was given");
        let m = "only a requirement has a verdict and a threshold";
        return Err(own.bad(t, m));
    }
    // A reading's interval comes from the bootstrap of the tables, so its target is one.
    match selector {
        Selector::CostAt { at_y, .. } => config.options.target_y = vec![at_y],
        Selector::ScoreAt { at_x, .. } => config.options.target_x = vec![at_x],
        _ => {}
    }
    let at = |t: Option<&Token>| t.map_or(d.span.start, |t| t.offset);
    Ok(ValueRequest {
        config,
        selector,
        part,
        format,
        requirement_at: at(own.get("requirement").or(analysis)),
        model_at: at(own.get("model")),
    })
}
