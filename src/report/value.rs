//! One value of an analysis for a sentence: a requirement's value, verdict, threshold or
//! interval, a model's reading at a target, or a statistic, written as the tables write it
//! unless the directive asks otherwise (`digits=`, `fixed=`, `unit=none`, `sign=`,
//! `approx=false`). A target a model does not reach reads "not reached", never a number; a
//! verdict the spread cannot decide reads "inconclusive". Each value also says where it came
//! from (the frontier points it was read between), for a hover title or a LaTeX comment.

use crate::analysis::outcome::Refusal;
use crate::analysis::{Analysis, Interval, ModelAnalysis, Point, Reading, Status, with_note};
use crate::format;
use crate::request::{Part, Selector, Stat, ValueFormat, ValueRequest};
use crate::requirements::{Metric, Target};
use crate::results::{Axes, ResultSet};

/// A value as a sentence shows it, and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fact {
    pub text: String,
    pub provenance: String,
}

/// What is wrong with a value's selection, and which token to point at.
#[derive(Debug)]
pub(crate) enum Unknown {
    Requirement(String),
    Model(String),
}

/// Why a caption's placeholder cannot be filled.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BadPlaceholder {
    #[error(
        "placeholder `{{{inner}}}`: `{part}` is not a part of a requirement (expected value, verdict, threshold or ci)"
    )]
    Part { inner: String, part: String },
    #[error(
        "placeholder `{{{inner}}}`: `{part}` is not a statistic (expected best_y, best_y_x, lowest_x, lowest_x_y, mean_y, mean_x, num_configs or frontier_size)"
    )]
    Stat { inner: String, part: String },
    #[error("placeholder `{{{inner}}}` names no requirement ({ids}) and no model ({models})")]
    NamesNothing {
        inner: String,
        ids: String,
        models: String,
    },
    #[error("{0}")]
    Unknown(String),
}

/// What kind of number a value is, for writing it.
#[derive(Clone, Copy)]
enum Quantity {
    Cost(f64),
    Score(f64),
    Metric(Metric, f64),
    Count(usize),
}

/// What to look up and how to write it.
pub(crate) struct Lookup {
    pub selector: Selector,
    pub part: Part,
    pub format: ValueFormat,
}

/// The value an inline directive asks for.
pub(crate) fn fact(a: &Analysis, results: &ResultSet, req: &ValueRequest) -> Result<Fact, Unknown> {
    let lookup_of = Lookup {
        selector: req.selector.clone(),
        part: req.part,
        format: req.format.clone(),
    };
    fact_of(a, results, &lookup_of)
}

/// The value `req` selects, written as it asks.
pub(crate) fn fact_of(a: &Analysis, results: &ResultSet, req: &Lookup) -> Result<Fact, Unknown> {
    let mut fact = unlabelled(a, results, req)?;
    // Simulated data says so wherever it appears, a sentence included; a bare number
    // (`unit=none`, for siunitx) cannot, and its source file is marked instead.
    if a.simulated && !req.format.no_unit {
        fact.text = match fact.text.strip_suffix(')') {
            Some(open) => format!("{open}; simulated)"),
            None => format!("{} (simulated)", fact.text),
        };
        fact.provenance.insert_str(0, "SIMULATED DATA; ");
    }
    Ok(fact)
}

fn unlabelled(a: &Analysis, results: &ResultSet, req: &Lookup) -> Result<Fact, Unknown> {
    let rule = format!("{} interpolation", a.interpolation.name());
    match &req.selector {
        Selector::Requirement { id } => requirement_fact(a, results, req, id, &rule),
        Selector::CostAt { model: name, at_y } => {
            reading_fact(a, results, req, model(a, name)?, Target::Y(*at_y), &rule)
        }
        Selector::ScoreAt { model: name, at_x } => {
            reading_fact(a, results, req, model(a, name)?, Target::X(*at_x), &rule)
        }
        Selector::Stat { model: name, stat } => stat_fact(a, &req.format, name, *stat),
        Selector::Analysis { name, what, model } => analysis_fact(a, name, what, model.as_deref()),
    }
}

/// The model called `name`, else an error listing the models there are.
fn model<'a>(a: &'a Analysis, name: &str) -> Result<&'a ModelAnalysis, Unknown> {
    a.model(name).ok_or_else(|| {
        let names: Vec<&str> = a.models.iter().map(|m| m.name.as_str()).collect();
        Unknown::Model(format!(
            "unknown model `{name}` (the results have: {})",
            names.join(", ")
        ))
    })
}

/// A part of requirement `id`'s verdict, with why it is what it is.
fn requirement_fact(
    a: &Analysis,
    results: &ResultSet,
    req: &Lookup,
    id: &str,
    rule: &str,
) -> Result<Fact, Unknown> {
    let fmt = &req.format;
    let v = a
        .verdicts
        .iter()
        .find(|v| v.requirement.id == id)
        .ok_or_else(|| {
            let ids: Vec<&str> = a
                .verdicts
                .iter()
                .map(|v| v.requirement.id.as_str())
                .collect();
            let have = if ids.is_empty() {
                "no requirements are given: add requirements=FILE".to_string()
            } else {
                format!("the requirements have: {}", ids.join(", "))
            };
            Unknown::Requirement(format!("unknown requirement `{id}` ({have})"))
        })?;
    let metric = v.requirement.metric;
    // As tables write it (words where a number would be misread), unless the
    // directive asks for numbers of its own (`digits=`, `unit=none`, …).
    let words = v.in_words() && !fmt.customised();
    let number =
        |x: f64, interpolated: bool| write(Quantity::Metric(metric, x), interpolated, fmt, &a.axes);
    let text = match req.part {
        Part::Verdict => v.status().to_string(),
        Part::Threshold if words => v.threshold_text(),
        Part::Threshold => number(v.requirement.threshold, false),
        Part::Ci if v.value.is_none() => "no interval (not reached)".to_string(),
        Part::Ci if words && v.interval.is_some() => v.interval_text().unwrap_or_default(),
        Part::Ci => interval_text(v.interval, |x| number(x, false)),
        Part::Value => {
            let value = match v.value {
                None => v.not_reached_text(),
                Some(_) if words && !fmt.approx => {
                    v.value_text().trim_start_matches('≈').to_string()
                }
                Some(_) if words => v.value_text(),
                Some(x) => format!("{}{}", number(x, v.interpolated), v.fit_note()),
            };
            // A value read from a fit is an estimate whose interval always goes with it.
            let value = match (v.fitted(), v.value) {
                (Some(_), Some(_)) if words => {
                    format!("{value} {}", v.interval_text().unwrap_or_default())
                }
                (Some(_), Some(_)) => match v.interval {
                    Some(i) => format!("{value} {}", i.text(|x| number(x, false))),
                    None => value,
                },
                _ => value,
            };
            match (v.value, v.status) {
                (Some(_), Status::Inconclusive) => format!("{value} (inconclusive)"),
                _ => value,
            }
        }
    };
    let cand = a.model(&v.requirement.candidate);
    let base = a.model(&v.requirement.baseline);
    let target = metric.target();
    let mut from = Vec::new();
    for m in [cand, base].into_iter().flatten() {
        from.push(bracket_text(m, target, results));
    }
    Ok(Fact {
        text,
        provenance: format!(
            "requirement {id}: {}; {rule}; {}",
            v.reason,
            from.join("; ")
        ),
    })
}

/// A statistic of model `name`.
fn stat_fact(a: &Analysis, fmt: &ValueFormat, name: &str, stat: Stat) -> Result<Fact, Unknown> {
    let m = model(a, name)?;
    let s = &m.stats;
    let q = match stat {
        Stat::BestY => Quantity::Score(s.best_ppl),
        Stat::BestYX => Quantity::Cost(s.best_ppl_flops),
        Stat::LowestX => Quantity::Cost(s.lowest_flops),
        Stat::LowestXY => Quantity::Score(s.lowest_flops_ppl),
        Stat::MeanY => Quantity::Score(s.mean_ppl),
        Stat::MeanX => Quantity::Cost(s.mean_flops),
        Stat::NumConfigs => Quantity::Count(s.num_configs),
        Stat::FrontierSize => Quantity::Count(m.frontier.len()),
    };
    let text = write(q, false, fmt, &a.axes);
    Ok(Fact {
        text,
        provenance: format!("{name}: statistic of {} configurations", s.num_configs),
    })
}

/// A value an analysis beyond the frontiers gives.
fn analysis_fact(
    a: &Analysis,
    name: &str,
    what: &str,
    model: Option<&str>,
) -> Result<Fact, Unknown> {
    let outcome = a.parts.iter().find(|(n, _)| *n == name).map(|(_, o)| o);
    let text = outcome
        .and_then(|o| o.value(what, model))
        .unwrap_or_else(|| {
            Err(Refusal(format!(
                "the {name} analysis has no value `{what}`"
            )))
        })
        .map_err(|why| Unknown::Requirement(why.to_string()))?;
    let of = model.map_or(String::new(), |m| format!(" of {m}"));
    Ok(Fact {
        text,
        provenance: format!("{name}: {what}{of}"),
    })
}

/// `text` with each placeholder `{ID.part}` (a requirement: `value`, `verdict`,
/// `threshold`, `ci`) or `{Model.stat}` (`best_y`, `lowest_x`, …, `num_configs`) replaced by
/// the value as an inline value writes it. Braces around anything else (no `.`, spaces or
/// a backslash inside: LaTeX) are left alone; a placeholder naming nothing is an error.
pub(crate) fn fill_placeholders(
    text: &str,
    a: &Analysis,
    results: &ResultSet,
) -> Result<String, BadPlaceholder> {
    use crate::request::{placeholder_part, placeholder_stat};
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open + 1..].find('}') else {
            break;
        };
        let inner = &rest[open + 1..open + 1 + len];
        let looks_like = inner.contains('.')
            && !inner.contains(|c: char| c.is_whitespace() || c == '\\' || c == '{');
        out.push_str(&rest[..open]);
        rest = &rest[open + 1 + len + 1..];
        if !looks_like {
            out.push('{');
            out.push_str(inner);
            out.push('}');
            continue;
        }
        let (name, part) = inner.rsplit_once('.').expect("has a dot");
        let selector_part = if a.verdicts.iter().any(|v| v.requirement.id == name) {
            let part = placeholder_part(part).ok_or_else(|| BadPlaceholder::Part {
                inner: inner.to_string(),
                part: part.to_string(),
            })?;
            (
                Selector::Requirement {
                    id: name.to_string(),
                },
                part,
            )
        } else if a.model(name).is_some() {
            let stat = placeholder_stat(part).ok_or_else(|| BadPlaceholder::Stat {
                inner: inner.to_string(),
                part: part.to_string(),
            })?;
            (
                Selector::Stat {
                    model: name.to_string(),
                    stat,
                },
                Part::Value,
            )
        } else {
            let ids: Vec<&str> = a
                .verdicts
                .iter()
                .map(|v| v.requirement.id.as_str())
                .collect();
            let models: Vec<&str> = a.models.iter().map(|m| m.name.as_str()).collect();
            return Err(BadPlaceholder::NamesNothing {
                inner: inner.to_string(),
                ids: if ids.is_empty() {
                    "none given".to_string()
                } else {
                    ids.join(", ")
                },
                models: models.join(", "),
            });
        };
        let request = Lookup {
            selector: selector_part.0,
            part: selector_part.1,
            format: ValueFormat {
                approx: true,
                ..ValueFormat::default()
            },
        };
        let fact = fact_of(a, results, &request).map_err(|u| match u {
            Unknown::Requirement(m) | Unknown::Model(m) => BadPlaceholder::Unknown(m),
        })?;
        out.push_str(&fact.text);
    }
    out.push_str(rest);
    Ok(out)
}

/// A model's reading at a target: the cost to reach a score, or the score within a cost.
fn reading_fact(
    a: &Analysis,
    results: &ResultSet,
    req: &Lookup,
    m: &ModelAnalysis,
    target: Target,
    rule: &str,
) -> Result<Fact, Unknown> {
    let (quantity, what): (fn(f64) -> Quantity, String) = match target {
        Target::Y(t) => (
            Quantity::Cost,
            format!("{} to reach {}", a.axes.x.short(), a.axes.y.value(t)),
        ),
        Target::X(b) => (
            Quantity::Score,
            format!("{} within {}", a.axes.y.short(), a.axes.x.value(b)),
        ),
    };
    let reading = table_reading(a, &m.name, target, m);
    let provenance = match reading.fitted {
        Some(f) => format!("{what}: {}'s fitted law {}", m.name, f.note()),
        None => format!("{what}: {rule}; {}", bracket_text(m, target, results)),
    };
    Ok(Fact {
        text: reading_text(&reading, req.part, &req.format, quantity, &a.axes),
        provenance,
    })
}

/// The reading the analysis made for its table at this target (with its interval when runs
/// were repeated), else a fresh one.
fn table_reading(a: &Analysis, name: &str, target: Target, m: &ModelAnalysis) -> Reading {
    let i = a.model_index(name).unwrap_or(0);
    let from_tables = match target {
        Target::Y(t) => a
            .equal_y
            .iter()
            .find(|e| e.target_y == t)
            .map(|e| e.x[i].clone()),
        Target::X(b) => a
            .equal_x
            .iter()
            .find(|e| e.target_x == b)
            .map(|e| e.y[i].clone()),
    };
    from_tables.unwrap_or_else(|| a.fresh_reading(m, target))
}

fn reading_text(
    r: &Reading,
    part: Part,
    fmt: &ValueFormat,
    quantity: fn(f64) -> Quantity,
    axes: &Axes,
) -> String {
    let show = |x: f64| write(quantity(x), false, fmt, axes);
    match (part, r.value(), r.fitted) {
        (Part::Ci, _, _) => interval_text(r.interval, show),
        (_, None, _) => r.unreached_text(),
        // From a fit: where it came from and its interval go with the value.
        (_, Some(v), Some(f)) => {
            let value = write(quantity(v), r.interpolated(), fmt, axes);
            with_note(&value, &format!(" {}", f.note()), r.interval, show)
        }
        (_, Some(v), None) => write(quantity(v), r.interpolated(), fmt, axes),
    }
}

/// A quantity as a sentence shows it.
fn write(q: Quantity, interpolated: bool, fmt: &ValueFormat, axes: &Axes) -> String {
    let approx = if interpolated && fmt.approx {
        "≈"
    } else {
        ""
    };
    let custom = fmt.customised();
    let number = |v: f64| -> String {
        let mut text = match (fmt.fixed, fmt.digits) {
            (Some(d), _) => format!("{v:.d$}"),
            (None, Some(d)) => format::sig(round_significant(v, d), d),
            (None, None) => format::sig(v, 3),
        };
        if fmt.sign && v > 0.0 {
            text.insert(0, '+');
        }
        text
    };
    let body = match q {
        Quantity::Count(n) => n.to_string(),
        _ if !custom => match q {
            Quantity::Cost(v) => axes.x.value(v),
            Quantity::Score(v) => axes.y.value(v),
            Quantity::Metric(m, v) => m.show(v),
            Quantity::Count(_) => unreachable!("counts are written above"),
        },
        Quantity::Cost(v) if fmt.no_unit => number(v),
        Quantity::Cost(v) => {
            let (scale, unit) = axes.x.table_unit(v);
            let n = number(v / scale);
            if unit.is_empty() {
                n
            } else {
                format!("{n} {unit}")
            }
        }
        Quantity::Score(v) => number(v),
        Quantity::Metric(m, v) => {
            let shown = m.show(1.0);
            let unit = shown.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
            if fmt.no_unit {
                number(v)
            } else {
                format!("{}{unit}", number(v))
            }
        }
    };
    format!("{approx}{body}")
}

/// `v` rounded to `digits` significant digits, integer digits included (356 → 360 for 2).
fn round_significant(v: f64, digits: usize) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let magnitude = libm::floor(libm::log10(v.abs()));
    let factor = libm::pow(10.0, digits as f64 - 1.0 - magnitude);
    libm::round(v * factor) / factor
}

fn interval_text(interval: Option<Interval>, show: impl Fn(f64) -> String) -> String {
    match interval {
        Some(i) => i.text(show),
        None => "no interval (no repeats)".to_string(),
    }
}

/// The frontier points a reading at `target` lies between (or on), by configuration id.
fn bracket_text(m: &ModelAnalysis, target: Target, results: &ResultSet) -> String {
    let f = &m.frontier;
    let better = m.axes.better;
    let index = match target {
        Target::Y(t) => f.iter().position(|p| !better.beats(t, p.y)),
        Target::X(b) => f.iter().rposition(|p| p.x <= b),
    };
    let point = |p: &Point| {
        format!(
            "{} ({}, {})",
            results.config_id(&results.records[p.record as usize]),
            m.axes.x.value(p.x),
            m.axes.y.value(p.y)
        )
    };
    let pair: Vec<String> = match (target, index) {
        (_, None) => return format!("{}: not reached", m.name),
        (Target::Y(_), Some(0)) => vec![point(&f[0])],
        (Target::Y(_), Some(k)) => vec![point(&f[k - 1]), point(&f[k])],
        (Target::X(_), Some(k)) if k + 1 < f.len() => vec![point(&f[k]), point(&f[k + 1])],
        (Target::X(_), Some(k)) => vec![point(&f[k])],
    };
    format!("{} frontier points {}", m.name, pair.join(" and "))
}

#[cfg(test)]
mod tests {
    use super::round_significant;

    #[test]
    fn significant_digits_round_whole_numbers_too() {
        assert_eq!(round_significant(356.09, 2), 360.0);
        assert_eq!(round_significant(0.012345, 3), 0.0123);
        assert_eq!(round_significant(1.5, 1), 2.0);
    }
}
