//! The summary JSON (`--save-summary`): the old script's keys, plus frontiers, interpolation
//! flags and reasons. Maps keep model and requirement order, so the file is deterministic and
//! reads in the same order as the console report.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::analysis::bootstrap::{RESAMPLES, SEED};
use crate::analysis::interval::{Interval, LEVEL};
use crate::analysis::{Analysis, Interpolation, ModelStats, Reading, Status};
use crate::results::axes::Kind;
use crate::results::{Axes, Better, BetterBecause, ResultSet};

/// The `schema` of the summary, its first key: loaders tell a summary from a result file by
/// it (see [`crate::results::SUMMARY_SCHEMA_FAMILY`]).
pub const SCHEMA: &str = "effgraph-summary/1";

/// A JSON object whose keys keep insertion order.
pub struct Ordered<V>(pub Vec<(String, V)>);

impl<V: Serialize> Serialize for Ordered<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
pub struct Summary {
    pub schema: &'static str,
    pub simulated: bool,
    pub interpolation: Interpolation,
    /// What x (cost) and y (score) are, and which way y is better.
    pub axes: AxesSummary,
    pub models: Ordered<ModelSummary>,
    pub comparison: Comparison,
    pub requirements_check: Ordered<RequirementCheck>,
    /// How the confidence intervals were made; absent when no run was repeated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intervals: Option<IntervalMethod>,
}

#[derive(Serialize)]
pub struct IntervalMethod {
    pub ci_level: f64,
    pub resamples: usize,
    pub method: &'static str,
    pub seed: u64,
}

#[derive(Serialize)]
pub struct AxesSummary {
    pub x: AxisSummary,
    pub y: AxisSummary,
    pub y_better: Better,
    /// Why: `default`, `field_name`, `harness` or `given`.
    pub y_better_because: BetterBecause,
}

#[derive(Serialize)]
pub struct AxisSummary {
    /// The field read, as the user named it.
    pub field: String,
    pub kind: Kind,
    pub label: String,
}

impl AxesSummary {
    fn of(axes: &Axes) -> AxesSummary {
        let axis = |a: &crate::results::Axis| AxisSummary {
            field: a.field.clone(),
            kind: a.kind,
            label: a.title(),
        };
        AxesSummary {
            x: axis(&axes.x),
            y: axis(&axes.y),
            y_better: axes.better,
            y_better_because: axes.better_because,
        }
    }
}

#[derive(Serialize)]
pub struct ModelSummary {
    #[serde(flatten)]
    pub stats: ModelStats,
    pub frontier: Vec<FrontierPoint>,
}

#[derive(Serialize)]
pub struct FrontierPoint {
    pub config_id: String,
    pub flops_per_token: f64,
    pub perplexity: f64,
    /// Runs averaged into the point, their standard deviation and the mean's standard
    /// error, for a configuration with repeated runs or a reported error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sd: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stderr: Option<f64>,
}

#[derive(Serialize)]
pub struct Comparison {
    pub equal_ppl: Vec<EqualPplEntry>,
    pub equal_flops: Vec<EqualFlopsEntry>,
}

#[derive(Serialize)]
pub struct EqualPplEntry {
    pub target_ppl: f64,
    pub flops: Ordered<Option<f64>>,
    #[serde(flatten)]
    pub about: AboutReadings,
}

#[derive(Serialize)]
pub struct EqualFlopsEntry {
    pub target_flops: f64,
    pub ppl: Ordered<Option<f64>>,
    #[serde(flatten)]
    pub about: AboutReadings,
}

/// What a row of readings says besides the values, per model.
#[derive(Serialize)]
pub struct AboutReadings {
    pub interpolated: Ordered<bool>,
    /// Why a model has no value; only models with `null` appear.
    pub not_reached: Ordered<String>,
    /// Each model's confidence interval (`null`: unbounded, the target not reached in the
    /// tail of the resamples); absent without repeats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci_low: ModelEnds,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci_high: ModelEnds,
}

#[derive(Serialize)]
pub struct RequirementCheck {
    pub met: bool,
    /// `met`, `not_met` or `inconclusive` (the interval straddles the threshold).
    pub verdict: &'static str,
    pub value: Option<f64>,
    /// The value's confidence interval (`null` end: unbounded); absent without repeats,
    /// where `interval_note` says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci_low: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci_high: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci_level: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resamples: Option<usize>,

    pub threshold: f64,
    pub description: String,
    pub reason: String,
    pub metric: &'static str,
    pub candidate: String,
    pub baseline: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_ppl: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_flops: Option<f64>,
    pub interpolated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval_note: Option<&'static str>,
}

/// One end of each model's interval at a target (`null`: unbounded), or no intervals at all.
type ModelEnds = Option<Ordered<Option<f64>>>;

/// Per-model interval ends of one target, when readings have intervals.
fn interval_columns(analysis: &Analysis, readings: &[Reading]) -> (ModelEnds, ModelEnds) {
    if !analysis.has_intervals() {
        return (None, None);
    }
    let end = |pick: fn(&crate::analysis::Interval) -> f64| {
        let ends = analysis
            .models
            .iter()
            .zip(readings)
            .map(|(m, r)| {
                (
                    m.name.clone(),
                    r.interval.as_ref().map(pick).and_then(finite),
                )
            })
            .collect();
        Some(Ordered(ends))
    };
    (end(|i| i.low), end(|i| i.high))
}

/// An interval end as JSON holds it: `None` (null) for an unbounded one.
fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// Per-model values of one target, with their flags, reasons for nulls and intervals.
fn columns(analysis: &Analysis, readings: &[Reading]) -> (Ordered<Option<f64>>, AboutReadings) {
    let names = analysis.models.iter().map(|m| m.name.clone());
    let pairs: Vec<(String, &Reading)> = names.zip(readings).collect();
    let values = pairs.iter().map(|(n, r)| (n.clone(), r.value())).collect();
    let flags = pairs
        .iter()
        .map(|(n, r)| (n.clone(), r.interpolated()))
        .collect();
    let reasons = pairs
        .iter()
        .filter_map(|(n, r)| r.reason.clone().map(|why| (n.clone(), why)))
        .collect();
    let (ci_low, ci_high) = interval_columns(analysis, readings);
    let about = AboutReadings {
        interpolated: Ordered(flags),
        not_reached: Ordered(reasons),
        ci_low,
        ci_high,
    };
    (Ordered(values), about)
}

pub fn summary(analysis: &Analysis, results: &ResultSet) -> Summary {
    let models = analysis
        .models
        .iter()
        .map(|m| {
            let frontier = m
                .frontier
                .iter()
                .map(|p| {
                    let spread = analysis.spread(p.record);
                    FrontierPoint {
                        config_id: results
                            .config_id(&results.records[p.record as usize])
                            .into_owned(),
                        flops_per_token: p.x,
                        perplexity: p.y,
                        n: spread.map(|s| s.n),
                        sd: spread.and_then(|s| s.sd),
                        stderr: spread.map(|s| s.stderr),
                    }
                })
                .collect();
            let summary = ModelSummary {
                stats: m.stats.clone(),
                frontier,
            };
            (m.name.clone(), summary)
        })
        .collect();
    let equal_ppl = analysis
        .equal_y
        .iter()
        .map(|e| {
            let (flops, about) = columns(analysis, &e.x);
            EqualPplEntry {
                target_ppl: e.target_y,
                flops,
                about,
            }
        })
        .collect();
    let equal_flops = analysis
        .equal_x
        .iter()
        .map(|e| {
            let (ppl, about) = columns(analysis, &e.y);
            EqualFlopsEntry {
                target_flops: e.target_x,
                ppl,
                about,
            }
        })
        .collect();
    let requirements_check = analysis
        .verdicts
        .iter()
        .map(|v| {
            let r = &v.requirement;
            let target = r.metric.target();
            let (at_ppl, at_flops) = (target.y(), target.x());
            let with = |f: fn(&Interval) -> f64| v.interval.as_ref().map(|i| finite(f(i)));
            let check = RequirementCheck {
                met: v.met,
                verdict: match v.status {
                    Status::Met => "met",
                    Status::NotMet => "not_met",
                    Status::Inconclusive => "inconclusive",
                },
                value: v.value,
                ci_low: with(|i| i.low),
                ci_high: with(|i| i.high),
                ci_level: v.interval.map(|_| LEVEL),
                resamples: v.interval.map(|_| RESAMPLES),
                interval_note: v.interval.is_none().then_some("no repeats: no interval"),
                threshold: r.threshold,
                description: r.description.clone(),
                reason: v.reason.clone(),
                metric: r.metric.name(&analysis.axes),
                candidate: r.candidate.clone(),
                baseline: r.baseline.clone(),
                at_ppl,
                at_flops,
                interpolated: v.interpolated,
            };
            (r.id.clone(), check)
        })
        .collect();
    Summary {
        schema: SCHEMA,
        simulated: analysis.simulated,
        interpolation: analysis.interpolation,
        axes: AxesSummary::of(&analysis.axes),
        models: Ordered(models),
        comparison: Comparison {
            equal_ppl,
            equal_flops,
        },
        requirements_check: Ordered(requirements_check),
        intervals: analysis.has_intervals().then_some(IntervalMethod {
            ci_level: LEVEL,
            resamples: RESAMPLES,
            method: "percentile bootstrap: runs resampled with replacement per configuration (a reported standard error: a normal draw), every frontier and reading recomputed",
            seed: SEED,
        }),
    }
}

/// The summary as pretty JSON with a trailing newline.
/// The summary as JSON. On the default axes (FLOPs per token, perplexity, lower better) its
/// keys are the original ones; on others every key naming an axis says `x` or `y` instead
/// (`best_ppl` → `best_y`, `flops_per_token` → `x`, `equal_ppl` → `equal_y`), so that no key
/// claims perplexity for an accuracy. Model names and requirement ids are never renamed.
pub fn to_json(summary: &Summary, axes: &Axes) -> String {
    let mut value = serde_json::to_value(summary).expect("summary serializes");
    if !axes.are_default() {
        value = generic_keys(value, false);
    }
    let mut text = serde_json::to_string_pretty(&value).expect("summary serializes");
    text.push('\n');
    text
}

/// `value` with axis names in its keys replaced by `x` and `y`; `names` says the keys of
/// this object are model names or requirement ids (kept as they are).
fn generic_keys(value: serde_json::Value, names: bool) -> serde_json::Value {
    use serde_json::Value;
    /// Objects whose keys are names, not fields.
    const NAMED: [&str; 8] = [
        "models",
        "flops",
        "ppl",
        "interpolated",
        "not_reached",
        "requirements_check",
        "ci_low",
        "ci_high",
    ];
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let child_names = !names && NAMED.contains(&k.as_str());
                    let key = if names { k } else { generic_key(&k) };
                    (key, generic_keys(v, child_names))
                })
                .collect(),
        ),
        Value::Array(items) => {
            Value::Array(items.into_iter().map(|v| generic_keys(v, false)).collect())
        }
        other => other,
    }
}

fn generic_key(key: &str) -> String {
    match key {
        "perplexity" => "y".into(),
        "flops_per_token" => "x".into(),
        other => other.replace("ppl", "y").replace("flops", "x"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn axis_keys_become_x_and_y_but_names_stay() {
        let value = serde_json::json!({
            "models": {"ppl-model": {"best_ppl": 1, "best_ppl_flops": 2, "frontier": [{"perplexity": 1, "flops_per_token": 2}]}},
            "comparison": {"equal_ppl": [{"target_ppl": 3, "flops": {"ppl-model": 4}}]},
            "requirements_check": {"flops-1": {"at_flops": 5}}
        });
        let renamed = super::generic_keys(value, false);
        assert_eq!(
            renamed,
            serde_json::json!({
                "models": {"ppl-model": {"best_y": 1, "best_y_x": 2, "frontier": [{"y": 1, "x": 2}]}},
                "comparison": {"equal_y": [{"target_y": 3, "x": {"ppl-model": 4}}]},
                "requirements_check": {"flops-1": {"at_x": 5}}
            })
        );
    }

    #[test]
    fn the_schema_is_one_loaders_skip() {
        assert!(super::SCHEMA.starts_with(crate::results::SUMMARY_SCHEMA_FAMILY));
    }
}
