//! LaTeX macros holding every value of an analysis, for papers that `\input` them instead of
//! writing a directive per value: `\effreq{L.1}{value}` (also `verdict`, `threshold`, `ci`),
//! `\effstat{Mamba}{best_y}` and `\effreading{Mamba}{x}{6.08}` (the cost to reach a table's
//! score target; `{y}{2800000000}` the score within a cost budget, targets as plain
//! decimals). Values are written as inline values write them, or as bare numbers for siunitx
//! (`raw`). A name LaTeX cannot put in a control sequence name is left out with a comment.
//! An unknown name prints a bold `??` and a warning, as `\ref` does.

use std::fmt::Write;

use super::templates::escape_tex;
use super::value::{Lookup, fact_of};
use crate::analysis::Analysis;
use crate::format;
use crate::request::{Part, STATS, Selector, ValueFormat};
use crate::requirements::Target;
use crate::results::ResultSet;

/// Characters that cannot stand inside `\csname … \endcsname` as written.
fn unsafe_in_name(s: &str) -> bool {
    s.contains(['\\', '{', '}', '%', '#', '~', '^', '$', '&', '\n', '\r'])
}

/// The whole macros file for one analysis.
pub(crate) fn macros_text(
    a: &Analysis,
    results: &ResultSet,
    raw: bool,
    inputs: &[String],
) -> String {
    let mut out = preamble(inputs);
    out.push_str(&definitions(a, results, raw));
    out.push_str(POSTAMBLE);
    out
}

/// Ends a macros file.
pub(crate) const POSTAMBLE: &str = "\\makeatother\n";

/// A macros file's start: where its values come from, and the three lookup macros.
pub(crate) fn preamble(inputs: &[String]) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "% Written by effgraph from {}; do not edit.",
        crate::error::escape_controls(&inputs.join(", "))
    );
    let _ = writeln!(w, "\\makeatletter");
    for (name, args, key) in [
        ("effreq", "[2]", "effreq@#1@#2"),
        ("effstat", "[2]", "effstat@#1@#2"),
        ("effreading", "[3]", "effreading@#1@#2@#3"),
    ] {
        let _ = writeln!(w, "{}", lookup_macro(name, args, key));
    }
    out
}

/// `\name`, taking `args`, looks up the value defined as `key` (its arguments in it), or
/// prints a bold `??` and warns, as `\ref` does.
fn lookup_macro(name: &str, args: &str, key: &str) -> String {
    format!(
        "\\providecommand{{\\{name}}}{args}{{\\@ifundefined{{{key}}}{{\\textbf{{??}}\\PackageWarning{{effgraph}}{{No value {key}}}}}{{\\@nameuse{{{key}}}}}}}"
    )
}

/// One `\@namedef` per value of an analysis.
pub(crate) fn definitions(a: &Analysis, results: &ResultSet, raw: bool) -> String {
    let mut out = String::new();
    let w = &mut out;
    if a.simulated {
        let models: Vec<&str> = a.models.iter().map(|m| m.name.as_str()).collect();
        let _ = writeln!(
            w,
            "% SIMULATED DATA ({}): not measurements.",
            crate::error::escape_controls(&models.join(", "))
        );
    }
    let format = ValueFormat {
        approx: !raw,
        no_unit: raw,
        digits: raw.then_some(6),
        ..ValueFormat::default()
    };
    let mut define = |key: String, lookup: Lookup| {
        if unsafe_in_name(&key) {
            let _ = writeln!(w, "% left out: a name LaTeX cannot use in a macro name");
            return;
        }
        if let Ok(fact) = fact_of(a, results, &lookup) {
            let text = if raw && fact.text.contains(|c: char| c.is_ascii_digit()) {
                fact.text.replace(['≈', '%', '×'], "")
            } else {
                escape_tex(&fact.text)
            };
            let _ = writeln!(w, "\\@namedef{{{key}}}{{{text}}}");
        }
    };
    let lookups = requirement_lookups(a, &format).into_iter();
    for (key, lookup) in lookups.chain(model_lookups(a, &format)) {
        define(key, lookup);
    }
    parts(w, a);
    out
}

/// Each requirement's parts, by macro name.
fn requirement_lookups(a: &Analysis, format: &ValueFormat) -> Vec<(String, Lookup)> {
    let mut found = Vec::new();
    for v in &a.verdicts {
        let id = &v.requirement.id;
        for (part, word) in [
            (Part::Value, "value"),
            (Part::Verdict, "verdict"),
            (Part::Threshold, "threshold"),
            (Part::Ci, "ci"),
        ] {
            let lookup = Lookup {
                selector: Selector::Requirement { id: id.clone() },
                part,
                format: format.clone(),
            };
            found.push((format!("effreq@{id}@{word}"), lookup));
        }
    }
    found
}

/// Each model's statistics and its readings at the tables' targets, by macro name.
fn model_lookups(a: &Analysis, format: &ValueFormat) -> Vec<(String, Lookup)> {
    let mut found = Vec::new();
    for m in &a.models {
        for (stat_name, _, stat) in STATS {
            let lookup = Lookup {
                selector: Selector::Stat {
                    model: m.name.clone(),
                    stat: *stat,
                },
                part: Part::Value,
                format: format.clone(),
            };
            found.push((format!("effstat@{}@{stat_name}", m.name), lookup));
        }
        for target in a
            .equal_y
            .iter()
            .map(|e| Target::Y(e.target_y))
            .chain(a.equal_x.iter().map(|e| Target::X(e.target_x)))
        {
            let (axis, at, selector) = match target {
                Target::Y(t) => (
                    "x",
                    t,
                    Selector::CostAt {
                        model: m.name.clone(),
                        at_y: t,
                    },
                ),
                Target::X(b) => (
                    "y",
                    b,
                    Selector::ScoreAt {
                        model: m.name.clone(),
                        at_x: b,
                    },
                ),
            };
            let lookup = Lookup {
                selector,
                part: Part::Value,
                format: format.clone(),
            };
            let key = format!("effreading@{}@{axis}@{}", m.name, format::sig(at, 4));
            found.push((key, lookup));
        }
    }
    found
}

/// Each analysis beyond the frontiers: its lookup macro (`\eff<name>{Model}{what}`) and every
/// value it gives.
fn parts(w: &mut String, a: &Analysis) {
    for (name, outcome) in &a.parts {
        let values = outcome.macros();
        if values.is_empty() || !name.chars().all(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        let macro_name = format!("eff{name}");
        let key = format!("{macro_name}@#1@#2");
        let _ = writeln!(w, "{}", lookup_macro(&macro_name, "[2]", &key));
        for (model, what, text) in values {
            let key = format!("eff{name}@{model}@{what}");
            if unsafe_in_name(&key) {
                let _ = writeln!(w, "% left out: a name LaTeX cannot use in a macro name");
                continue;
            }
            let _ = writeln!(w, "\\@namedef{{{key}}}{{{}}}", escape_tex(&text));
        }
    }
}
