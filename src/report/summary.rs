//! The summary JSON (`--save-summary`): the old script's keys, plus frontiers, interpolation
//! flags and reasons. Maps keep model and requirement order, so the file is deterministic and
//! reads in the same order as the console report. On the default axes (FLOPs per token,
//! perplexity) the keys are the original ones; on others each key naming an axis says `x` or
//! `y` instead (`best_ppl` → `best_y`), chosen by [`Names`] where the struct is written, so
//! that no key claims perplexity for an accuracy and no model name is ever renamed.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::analysis::bootstrap::{RESAMPLES, SEED};
use crate::analysis::interval::{Interval, LEVEL};
use crate::analysis::{Analysis, Interpolation, ModelStats, Reading, Status};
use crate::results::axes::Kind;
use crate::results::{Axes, Better, BetterBecause, ResultSet};

/// The `schema` of the summary, its first key: loaders tell a summary from a result file by
/// it (see [`crate::results::SUMMARY_SCHEMA_FAMILY`]).
pub(crate) const SCHEMA: &str = "effgraph-summary/1";

/// A JSON object whose keys keep insertion order.
pub(crate) struct Ordered<V>(pub Vec<(String, V)>);

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
pub(crate) struct Summary {
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
    /// Each analysis beyond the frontiers that has a section, under its name.
    #[serde(flatten)]
    pub parts: Ordered<serde_json::Value>,
}

#[derive(Serialize)]
pub(crate) struct IntervalMethod {
    pub ci_level: f64,
    pub resamples: usize,
    pub method: &'static str,
    pub seed: u64,
}

#[derive(Serialize)]
pub(crate) struct AxesSummary {
    pub x: AxisSummary,
    pub y: AxisSummary,
    pub y_better: Better,
    /// Why: `default`, `field_name`, `harness` or `given`.
    pub y_better_because: BetterBecause,
}

#[derive(Serialize)]
pub(crate) struct AxisSummary {
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

/// Which names the keys that name an axis take: the original ones on the default axes, `x`
/// and `y` on any others.
#[derive(Clone, Copy)]
pub(crate) struct Names {
    generic: bool,
}

impl Names {
    fn of(axes: &Axes) -> Names {
        Names {
            generic: !axes.are_default(),
        }
    }

    /// The name of the field written `default` on the default axes.
    fn key(self, default: &'static str) -> &'static str {
        if !self.generic {
            return default;
        }
        match default {
            "flops_per_token" | "flops" => "x",
            "perplexity" | "ppl" => "y",
            "best_ppl" => "best_y",
            "best_ppl_flops" => "best_y_x",
            "lowest_flops" => "lowest_x",
            "lowest_flops_ppl" => "lowest_x_y",
            "mean_ppl" => "mean_y",
            "mean_flops" => "mean_x",
            "equal_ppl" => "equal_y",
            "equal_flops" => "equal_x",
            "target_ppl" => "target_y",
            "target_flops" => "target_x",
            "at_ppl" => "at_y",
            "at_flops" => "at_x",
            other => other,
        }
    }
}

/// Writes each `key => value` entry under the name
/// `names` gives it.
macro_rules! entries {
    ($map:ident, $names:expr; $($key:literal => $value:expr),* $(,)?) => {
        $( $map.serialize_entry($names.key($key), $value)?; )*
    };
}

pub(crate) struct ModelSummary {
    pub stats: ModelStats,
    pub frontier: Vec<FrontierPoint>,
    pub names: Names,
}

impl Serialize for ModelSummary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (st, mut map) = (&self.stats, s.serialize_map(None)?);
        entries!(map, self.names;
            "num_configs" => &st.num_configs,
            "best_ppl" => &st.best_ppl,
            "best_ppl_flops" => &st.best_ppl_flops,
            "lowest_flops" => &st.lowest_flops,
            "lowest_flops_ppl" => &st.lowest_flops_ppl,
            "mean_ppl" => &st.mean_ppl,
            "mean_flops" => &st.mean_flops,
            "frontier" => &self.frontier,
        );
        map.end()
    }
}

pub(crate) struct FrontierPoint {
    pub config_id: String,
    pub flops_per_token: f64,
    pub perplexity: f64,
    /// Runs averaged into the point, their standard deviation and the mean's standard
    /// error, for a configuration with repeated runs or a reported error.
    pub n: Option<u32>,
    pub sd: Option<f64>,
    pub stderr: Option<f64>,
    pub names: Names,
}

impl Serialize for FrontierPoint {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        entries!(map, self.names;
            "config_id" => &self.config_id,
            "flops_per_token" => &self.flops_per_token,
            "perplexity" => &self.perplexity,
        );
        if let Some(n) = self.n {
            map.serialize_entry("n", &n)?;
        }
        if let Some(sd) = self.sd {
            map.serialize_entry("sd", &sd)?;
        }
        if let Some(stderr) = self.stderr {
            map.serialize_entry("stderr", &stderr)?;
        }
        map.end()
    }
}

pub(crate) struct Comparison {
    pub equal_ppl: Vec<EqualEntry>,
    pub equal_flops: Vec<EqualEntry>,
    pub names: Names,
}

impl Serialize for Comparison {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        entries!(map, self.names;
            "equal_ppl" => &self.equal_ppl,
            "equal_flops" => &self.equal_flops,
        );
        map.end()
    }
}

/// A row of one comparison table: its target, each model's reading, and what they say.
pub(crate) struct EqualEntry {
    /// `target_ppl` (the cost each model needs) or `target_flops` (the score it reaches).
    pub target_key: &'static str,
    pub target: f64,
    /// `flops` or `ppl`: what the readings are.
    pub readings_key: &'static str,
    pub readings: Ordered<Option<f64>>,
    pub about: AboutReadings,
    pub names: Names,
}

impl Serialize for EqualEntry {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (about, mut map) = (&self.about, s.serialize_map(None)?);
        map.serialize_entry(self.names.key(self.target_key), &self.target)?;
        map.serialize_entry(self.names.key(self.readings_key), &self.readings)?;
        map.serialize_entry("interpolated", &about.interpolated)?;
        map.serialize_entry("not_reached", &about.not_reached)?;
        if let Some(low) = &about.ci_low {
            map.serialize_entry("ci_low", low)?;
        }
        if let Some(high) = &about.ci_high {
            map.serialize_entry("ci_high", high)?;
        }
        if let Some(beyond) = &about.extrapolated {
            map.serialize_entry("from", "fit")?;
            map.serialize_entry("extrapolated", beyond)?;
        }
        map.end()
    }
}

/// What a row of readings says besides the values, per model.
pub(crate) struct AboutReadings {
    pub interpolated: Ordered<bool>,
    /// Why a model has no value; only models with `null` appear.
    pub not_reached: Ordered<String>,
    /// Each model's confidence interval (`null`: unbounded, the target not reached in the
    /// tail of the resamples); absent without repeats.
    pub ci_low: ModelEnds,
    pub ci_high: ModelEnds,
    /// Read from a fit (`from=fit`): for each model, how far outside its measured costs the
    /// reading lies (1: inside them).
    pub extrapolated: Option<Ordered<f64>>,
}

#[derive(Serialize)]
pub(crate) struct RequirementCheck {
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
    #[serde(flatten)]
    pub target: RequirementTarget,
    pub interpolated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval_note: Option<&'static str>,
    /// `fit` when the value was read from a fitted law (`from = "fit"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<&'static str>,
    /// Whether that reading lies outside the measured costs, and by what factor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extrapolated: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extrapolation: Option<f64>,
}

/// Where a requirement reads: `at_ppl` or `at_flops` (`at_y` or `at_x` on other axes).
pub(crate) struct RequirementTarget {
    pub at_ppl: Option<f64>,
    pub at_flops: Option<f64>,
    pub names: Names,
}

impl Serialize for RequirementTarget {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(at) = self.at_ppl {
            map.serialize_entry(self.names.key("at_ppl"), &at)?;
        }
        if let Some(at) = self.at_flops {
            map.serialize_entry(self.names.key("at_flops"), &at)?;
        }
        map.end()
    }
}

/// One end of each model's interval at a target (`null`: unbounded), or no intervals at all.
type ModelEnds = Option<Ordered<Option<f64>>>;

/// Per-model interval ends of one target, when readings have intervals.
fn interval_columns(analysis: &Analysis, readings: &[Reading]) -> (ModelEnds, ModelEnds) {
    if !analysis.has_intervals() && readings.iter().all(|r| r.interval.is_none()) {
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
    let fitted = (pairs.iter())
        .filter_map(|(n, r)| r.fitted.map(|f| (n.clone(), f.factor())))
        .collect::<Vec<_>>();
    let about = AboutReadings {
        interpolated: Ordered(flags),
        not_reached: Ordered(reasons),
        ci_low,
        ci_high,
        extrapolated: (!fitted.is_empty()).then_some(Ordered(fitted)),
    };
    (Ordered(values), about)
}

pub(crate) fn summary(analysis: &Analysis, results: &ResultSet) -> Summary {
    let names = Names::of(&analysis.axes);
    let models = model_summaries(analysis, results, names);
    let (equal_ppl, equal_flops) = comparisons(analysis, names);
    let requirements_check = requirement_checks(analysis, names);
    Summary {
        schema: SCHEMA,
        simulated: analysis.simulated,
        interpolation: analysis.interpolation,
        axes: AxesSummary::of(&analysis.axes),
        models: Ordered(models),
        comparison: Comparison {
            equal_ppl,
            equal_flops,
            names,
        },
        requirements_check: Ordered(requirements_check),
        parts: Ordered(
            analysis
                .parts
                .iter()
                .filter_map(|(name, o)| {
                    let key = o.summary_key().unwrap_or(name);
                    o.summary().map(|v| (key.to_string(), v))
                })
                .collect(),
        ),
        intervals: analysis.has_intervals().then_some(IntervalMethod {
            ci_level: LEVEL,
            resamples: RESAMPLES,
            method: "percentile bootstrap: runs resampled with replacement per configuration (a reported standard error: a normal draw), every frontier and reading recomputed",
            seed: SEED,
        }),
    }
}

/// Each model's statistics and frontier.
fn model_summaries(
    analysis: &Analysis,
    results: &ResultSet,
    names: Names,
) -> Vec<(String, ModelSummary)> {
    analysis
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
                        names,
                    }
                })
                .collect();
            let summary = ModelSummary {
                stats: m.stats.clone(),
                frontier,
                names,
            };
            (m.name.clone(), summary)
        })
        .collect()
}

/// The rows of the equal-score and the equal-cost tables.
fn comparisons(analysis: &Analysis, names: Names) -> (Vec<EqualEntry>, Vec<EqualEntry>) {
    let equal_ppl = analysis
        .equal_y
        .iter()
        .map(|e| {
            let (readings, about) = columns(analysis, &e.x);
            EqualEntry {
                target_key: "target_ppl",
                target: e.target_y,
                readings_key: "flops",
                readings,
                about,
                names,
            }
        })
        .collect();
    let equal_flops = analysis
        .equal_x
        .iter()
        .map(|e| {
            let (readings, about) = columns(analysis, &e.y);
            EqualEntry {
                target_key: "target_flops",
                target: e.target_x,
                readings_key: "ppl",
                readings,
                about,
                names,
            }
        })
        .collect();
    (equal_ppl, equal_flops)
}

/// Each requirement's verdict, value and interval, by its id.
fn requirement_checks(analysis: &Analysis, names: Names) -> Vec<(String, RequirementCheck)> {
    analysis
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
                interval_note: v.interval.is_none().then_some(match v.fitted() {
                    Some(_) => "no interval: the fit's bootstrap gave none",
                    None => "no repeats: no interval",
                }),
                threshold: r.threshold,
                description: r.description.clone(),
                reason: v.reason.clone(),
                metric: r.metric.name(&analysis.axes),
                candidate: r.candidate.clone(),
                baseline: r.baseline.clone(),
                target: RequirementTarget {
                    at_ppl,
                    at_flops,
                    names,
                },
                interpolated: v.interpolated,
                from: v.fitted().map(|_| "fit"),
                extrapolated: v.fitted().map(|f| f.extrapolated()),
                extrapolation: v.fitted().map(|f| f.factor()),
            };
            (r.id.clone(), check)
        })
        .collect()
}

/// The summary as pretty JSON with a trailing newline.
pub(crate) fn to_json(summary: &Summary) -> String {
    let mut text = serde_json::to_string_pretty(summary).expect("summary serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn axis_keys_become_x_and_y_where_the_axes_are_others() {
        let generic = super::Names { generic: true };
        for (default, other) in [
            ("best_ppl_flops", "best_y_x"),
            ("flops_per_token", "x"),
            ("equal_ppl", "equal_y"),
            ("at_flops", "at_x"),
            ("config_id", "config_id"),
        ] {
            assert_eq!(generic.key(default), other);
            assert_eq!(super::Names { generic: false }.key(default), default);
        }
    }

    #[test]
    fn the_schema_is_one_loaders_skip() {
        assert!(super::SCHEMA.starts_with(crate::results::SUMMARY_SCHEMA_FAMILY));
    }
}
