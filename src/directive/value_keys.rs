//! The keys of an inline `<<efficiency_value PATH WHAT …>>`: which one value it shows (a
//! requirement's value, verdict, threshold or interval; a model's reading at a target; a
//! model's statistic) and how it is written. The keys it shares with the block directive
//! (results paths, requirements, interpolation, field mapping) are checked by
//! [`super::keys::configure`]; `model=` selects a model here, so the model *field* is
//! `model_field=`.

use std::path::Path;

use super::keys::configure;
use super::{Directive, DirectiveKind, Token, error_at};
use crate::config::Defaults;
use crate::error::Result;
use crate::request::{Part, STATS, Selector, ValueFormat, ValueRequest};
use crate::settings::boolean;

/// Keys only an inline value has.
pub const VALUE_KEYS: &[&str] = &[
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

/// Keys of the block directive an inline value shares besides the data settings.
const SHARED_KEYS: &[&str] = &[
    "requirements",
    "interpolation",
    "simulate",
    "seed",
    "num_configs",
];

/// Every key of the block directive an inline value shares: [`SHARED_KEYS`], then each data
/// setting but `model` (which here selects a model; the field is `model_field`).
fn shared_keys() -> impl Iterator<Item = &'static str> {
    let data = crate::settings::data::DATA_SETTINGS.iter().map(|s| s.name);
    let parts = crate::parts::PARTS.iter().map(|p| p.name());
    let shared = SHARED_KEYS
        .iter()
        .copied()
        .chain(data.filter(|n| *n != "model"));
    shared.chain(parts)
}

fn number(v: &str) -> Result<f64, String> {
    v.trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x > 0.0)
        .ok_or_else(|| format!("`{v}` is not a finite number > 0"))
}

fn count(v: &str) -> Result<usize, String> {
    v.trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (0..=15).contains(n))
        .ok_or_else(|| format!("`{v}` is not a whole number from 0 to 15"))
}

/// Checks an inline value's tokens.
pub fn configure_value(
    path: &Path,
    source: &str,
    d: &Directive,
    defaults: &Defaults,
    base: &Path,
) -> Result<ValueRequest> {
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
                return Err(err(
                    t,
                    format!(
                        "unknown key `{k}` for efficiency_value (expected one of: {})",
                        names.join(", ")
                    ),
                ));
            }
        }
    }
    let block = Directive {
        kind: DirectiveKind::Graph,
        span: d.span.clone(),
        tokens: shared,
        place: d.place,
    };
    let mut config = configure(path, source, &block, defaults, base)?;
    let get = |k: &str| own.iter().find(|t| t.key == k).copied();
    let bad = |t: &Token, m: String| err(t, format!("bad value for `{}`: {m}", t.key));
    let mut format = ValueFormat {
        approx: true,
        ..ValueFormat::default()
    };
    if let Some(t) = get("digits") {
        format.digits = Some(count(&t.value).map_err(|m| bad(t, m))?.max(1));
    }
    if let Some(t) = get("fixed") {
        format.fixed = Some(count(&t.value).map_err(|m| bad(t, m))?);
    }
    if let Some(t) = get("unit") {
        format.no_unit = match t.value.as_str() {
            "none" => true,
            "auto" => false,
            other => {
                return Err(bad(
                    t,
                    format!("`{other}` is not a unit mode (expected auto or none)"),
                ));
            }
        };
    }
    if let Some(t) = get("sign") {
        format.sign = boolean(&t.value).map_err(|m| bad(t, m))?;
    }
    if let Some(t) = get("approx") {
        format.approx = boolean(&t.value).map_err(|m| bad(t, m))?;
    }
    let part = match get("part") {
        None => Part::Value,
        Some(t) => match t.value.as_str() {
            "value" => Part::Value,
            "verdict" => Part::Verdict,
            "threshold" => Part::Threshold,
            "ci" => Part::Ci,
            other => {
                return Err(bad(
                    t,
                    format!("`{other}` is not a part (expected value, verdict, threshold or ci)"),
                ));
            }
        },
    };
    let model = get("model");
    let model_name = || model.map(|t| t.value.clone());
    let at = |keys: [&str; 2]| -> Result<Option<f64>> {
        match keys.iter().find_map(|k| get(k)) {
            Some(t) => Ok(Some(number(&t.value).map_err(|m| bad(t, m))?)),
            None => Ok(None),
        }
    };
    let (at_y, at_x) = (at(["at_y", "at_ppl"])?, at(["at_x", "at_flops"])?);
    let whole = |message: &str| error_at(path, source, d.span.start, message);
    let needs_model = "name the model with model=";
    let analysis = d
        .tokens
        .iter()
        .find(|t| crate::parts::part(&t.key).is_some());
    let selector = match (get("requirement"), get("reading"), get("stat")) {
        (None, None, None) if analysis.is_some() => {
            let t = analysis.expect("checked");
            Selector::Analysis {
                name: t.key.clone(),
                what: t.value.clone(),
                model: model_name(),
            }
        }
        (Some(t), None, None) => Selector::Requirement {
            id: t.value.clone(),
        },
        (None, Some(t), None) => {
            let model = model_name().ok_or_else(|| whole(needs_model))?;
            match (t.value.as_str(), at_y, at_x) {
                ("x" | "cost" | "flops", Some(at_y), None) => Selector::CostAt { model, at_y },
                ("y" | "score" | "ppl", None, Some(at_x)) => Selector::ScoreAt { model, at_x },
                ("x" | "cost" | "flops", _, _) => {
                    return Err(bad(
                        t,
                        "a cost is read at a score: give at_y= (and not at_x=)".into(),
                    ));
                }
                ("y" | "score" | "ppl", _, _) => {
                    return Err(bad(
                        t,
                        "a score is read at a cost: give at_x= (and not at_y=)".into(),
                    ));
                }
                (other, _, _) => {
                    return Err(bad(
                        t,
                        format!("`{other}` is not a reading (expected x or y)"),
                    ));
                }
            }
        }
        (None, None, Some(t)) => {
            let model = model_name().ok_or_else(|| whole(needs_model))?;
            let stat = STATS
                .iter()
                .find(|(name, alias, _)| t.value == *name || t.value == *alias)
                .map(|s| s.2)
                .ok_or_else(|| {
                    let names: Vec<&str> = STATS.iter().map(|s| s.0).collect();
                    bad(
                        t,
                        format!(
                            "`{}` is not a statistic (expected one of: {})",
                            t.value,
                            names.join(", ")
                        ),
                    )
                })?;
            Selector::Stat { model, stat }
        }
        _ => {
            return Err(whole(
                "say which one value: requirement=ID, reading=x with model= and at_y=, reading=y with model= and at_x=, or stat=NAME with model=",
            ));
        }
    };
    if matches!(part, Part::Verdict | Part::Threshold)
        && !matches!(selector, Selector::Requirement { .. })
    {
        let t = get("part").expect("a part was given");
        return Err(bad(
            t,
            "only a requirement has a verdict and a threshold".into(),
        ));
    }
    // A reading's interval comes from the bootstrap of the tables, so its target is one.
    match selector {
        Selector::CostAt { at_y, .. } => config.options.target_y = vec![at_y],
        Selector::ScoreAt { at_x, .. } => config.options.target_x = vec![at_x],
        _ => {}
    }
    Ok(ValueRequest {
        config,
        selector,
        part,
        format,
        requirement_at: get("requirement")
            .or(analysis)
            .map_or(d.span.start, |t| t.offset),
        model_at: model.map_or(d.span.start, |t| t.offset),
    })
}
