//! What a requirement measures. A metric knows where it reads the two models' frontiers (its
//! [`Target`]: at equal perplexity or at equal FLOPs), how it turns the candidate's and the
//! baseline's readings into one value, and how that value and its claim are written. Adding a
//! metric is a variant and its arms here, plus its entry in [`METRICS`] for the parser.

use crate::format;
use crate::results::{Axes, Better};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Metric {
    /// `cost_ratio` (`flops_ratio`): baseline cost / candidate cost to reach score `at_y`.
    CostRatio { at_y: f64 },
    /// `y_improvement_pct` (`ppl_reduction_pct`): how much better the candidate's score is
    /// than the baseline's at equal cost `at_x`, in percent of the baseline's.
    YImprovementPct { at_x: f64 },
}

/// Where a metric reads the frontiers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// At this score (perplexity by default): the cost each model needs to reach it.
    Y(f64),
    /// At this cost budget (FLOPs per token by default): the score each model reaches.
    X(f64),
}

/// The key that carries a metric's target in a requirements file: `at_y` and `at_x`, or
/// under the original names of the default axes, `at_ppl` and `at_flops`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKey {
    AtY,
    AtX,
    AtPpl,
    AtFlops,
}

impl TargetKey {
    pub(crate) const ALL: &[TargetKey] = &[
        TargetKey::AtY,
        TargetKey::AtX,
        TargetKey::AtPpl,
        TargetKey::AtFlops,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            TargetKey::AtY => "at_y",
            TargetKey::AtX => "at_x",
            TargetKey::AtPpl => "at_ppl",
            TargetKey::AtFlops => "at_flops",
        }
    }
}

/// A metric a requirements file can name: its name, the key of its target, and the metric it
/// makes at a target.
pub struct MetricName {
    pub name: &'static str,
    pub key: TargetKey,
    pub make: fn(f64) -> Metric,
}

/// Every metric a requirements file can name. The original names (`flops_ratio` with
/// `at_ppl`, `ppl_reduction_pct` with `at_flops`) stay as aliases.
pub static METRICS: &[MetricName] = &[
    MetricName {
        name: "cost_ratio",
        key: TargetKey::AtY,
        make: |at_y| Metric::CostRatio { at_y },
    },
    MetricName {
        name: "y_improvement_pct",
        key: TargetKey::AtX,
        make: |at_x| Metric::YImprovementPct { at_x },
    },
    MetricName {
        name: "flops_ratio",
        key: TargetKey::AtPpl,
        make: |at_y| Metric::CostRatio { at_y },
    },
    MetricName {
        name: "ppl_reduction_pct",
        key: TargetKey::AtFlops,
        make: |at_x| Metric::YImprovementPct { at_x },
    },
];

impl Metric {
    /// The metric's name for these `axes`: the original names for the default ones.
    pub(crate) fn name(self, axes: &Axes) -> &'static str {
        match (self, axes.are_default()) {
            (Metric::CostRatio { .. }, true) => "flops_ratio",
            (Metric::YImprovementPct { .. }, true) => "ppl_reduction_pct",
            (Metric::CostRatio { .. }, false) => "cost_ratio",
            (Metric::YImprovementPct { .. }, false) => "y_improvement_pct",
        }
    }

    pub(crate) fn target(self) -> Target {
        match self {
            Metric::CostRatio { at_y } => Target::Y(at_y),
            Metric::YImprovementPct { at_x } => Target::X(at_x),
        }
    }

    /// The metric's value from the candidate's and the baseline's readings at the target:
    /// a cost ratio, or how much better the candidate's score is, in percent of the
    /// baseline's (positive when better, whichever way better is).
    pub(crate) fn value(self, candidate: f64, baseline: f64, better: Better) -> f64 {
        match (self, better) {
            (Metric::CostRatio { .. }, _) => baseline / candidate,
            (Metric::YImprovementPct { .. }, Better::Lower) => {
                (baseline - candidate) / baseline * 100.0
            }
            (Metric::YImprovementPct { .. }, Better::Higher) => {
                (candidate - baseline) / baseline * 100.0
            }
        }
    }

    /// A value with its unit: `4.62×`, `21.3%`.
    pub(crate) fn show(self, x: f64) -> String {
        match self {
            Metric::CostRatio { .. } => format::ratio(x),
            Metric::YImprovementPct { .. } => format::percent(x),
        }
    }

    /// A value in words that cannot be misread, with its target: `4.62× fewer FLOPs at PPL 30`,
    /// `2.74× more FLOPs at PPL 30` (a ratio below 1), `30% lower PPL at 5 GFLOPs`,
    /// `69% higher PPL at 5 GFLOPs` (a negative reduction).
    pub(crate) fn describe(self, x: f64, axes: &Axes) -> String {
        format!("{} {}", self.words(x, axes), self.target().describe(axes))
    }

    /// A value in words, without its target: `2.74× more FLOPs`, `69% higher PPL`.
    pub(crate) fn words(self, x: f64, axes: &Axes) -> String {
        match self {
            Metric::CostRatio { .. } => axes.cost_ratio_words(x),
            Metric::YImprovementPct { .. } => axes.improvement_words(x),
        }
    }

    /// Whether a value says the opposite of the claim (a ratio below 1, a negative
    /// improvement): written as a number, it would be misread.
    pub(crate) fn reads_backwards(self, x: f64) -> bool {
        match self {
            Metric::CostRatio { .. } => x < 1.0,
            Metric::YImprovementPct { .. } => x < 0.0,
        }
    }

    /// The value that claims nothing either way: a ratio of 1, an improvement of 0.
    pub(crate) fn neutral(self) -> f64 {
        match self {
            Metric::CostRatio { .. } => 1.0,
            Metric::YImprovementPct { .. } => 0.0,
        }
    }

    /// A value as an amount read the way its words say, and the word: `(2.74, "more")`.
    pub(crate) fn amount(self, x: f64, axes: &Axes) -> (f64, &'static str) {
        match self {
            Metric::CostRatio { .. } => axes.cost_ratio_amount(x),
            Metric::YImprovementPct { .. } => axes.improvement_amount(x),
        }
    }

    /// The noun its words end in: `FLOPs`, `PPL`.
    pub(crate) fn noun(self, axes: &Axes) -> String {
        match self {
            Metric::CostRatio { .. } => axes.x.short(),
            Metric::YImprovementPct { .. } => axes.y.short(),
        }
    }
}

impl Target {
    /// `at PPL 30`, `at 5 GFLOPs`.
    pub(crate) fn describe(self, axes: &Axes) -> String {
        match self {
            Target::Y(y) => axes.at_y(y),
            Target::X(x) => axes.at_x(x),
        }
    }

    /// The same in words a screen reader speaks: `at perplexity 30`, `at 5 GFLOPs`.
    pub(crate) fn describe_in_words(self, axes: &Axes) -> String {
        match self {
            Target::Y(y) => axes.at_y_in_words(y),
            Target::X(x) => axes.at_x(x),
        }
    }

    /// A model's reading at this target: `2 GFLOPs` (the cost needed), `PPL 28.00`.
    pub(crate) fn show_reading(self, v: f64, axes: &Axes) -> String {
        match self {
            Target::Y(_) => axes.x.value(v),
            Target::X(_) => axes.y_reading(v),
        }
    }

    /// The target score, if this target is one.
    pub(crate) fn y(self) -> Option<f64> {
        match self {
            Target::Y(p) => Some(p),
            Target::X(_) => None,
        }
    }

    /// The target cost budget, if this target is one.
    pub(crate) fn x(self) -> Option<f64> {
        match self {
            Target::X(f) => Some(f),
            Target::Y(_) => None,
        }
    }
}
