//! What the two axes of a comparison measure: a cost (x, always lower is better: FLOPs per
//! token by default) and a score (y: perplexity by default, lower or higher better). An axis
//! knows its kind from its field's name (FLOPs, parameters, tokens, latency, accuracy, …),
//! and with it how its numbers are written ("5 GFLOPs", "1.4B params", "12 ms") and how a
//! sentence names it ("2× fewer FLOPs", "3% higher accuracy"). Every text about values goes
//! through here, so figures, tables, verdicts and summaries agree.

use crate::error::Invalid;
use serde::Serialize;

use crate::format;

/// Which way a score is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    #[default]
    Lower,
    Higher,
}

impl std::str::FromStr for Better {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        match s {
            "lower" => Ok(Better::Lower),
            "higher" => Ok(Better::Higher),
            other => Err(Invalid(format!(
                "`{other}` is not a direction (expected lower or higher)"
            ))),
        }
    }
}

crate::deserialize_from_str!(Better);

impl Better {
    /// Whether `a` is strictly better than `b`.
    pub fn beats(self, a: f64, b: f64) -> bool {
        match self {
            Better::Lower => a < b,
            Better::Higher => a > b,
        }
    }

    /// The word for moving this way: `lower`, `higher`.
    pub(crate) fn word(self) -> &'static str {
        match self {
            Better::Lower => "lower",
            Better::Higher => "higher",
        }
    }

    fn opposite(self) -> Better {
        match self {
            Better::Lower => Better::Higher,
            Better::Higher => Better::Lower,
        }
    }

    fn arrow(self) -> &'static str {
        match self {
            Better::Lower => "↓",
            Better::Higher => "↑",
        }
    }
}

/// What a field measures, recognised from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    FlopsPerToken,
    TrainingFlops,
    Params,
    Tokens,
    Latency,
    Throughput,
    Memory,
    Perplexity,
    Loss,
    BitsPerByte,
    Accuracy,
    Other,
}

/// Name fragments and the kind they mean, most specific first.
const KINDS: &[(&str, Kind)] = &[
    ("flops_per_token", Kind::FlopsPerToken),
    ("flops per token", Kind::FlopsPerToken),
    ("train_flop", Kind::TrainingFlops),
    ("training flop", Kind::TrainingFlops),
    ("train flop", Kind::TrainingFlops),
    ("training compute", Kind::TrainingFlops),
    ("compute", Kind::TrainingFlops),
    ("flop", Kind::FlopsPerToken),
    ("param", Kind::Params),
    ("tokens", Kind::Tokens),
    ("dataset size", Kind::Tokens),
    ("latency", Kind::Latency),
    ("throughput", Kind::Throughput),
    ("tokens/s", Kind::Throughput),
    ("memory", Kind::Memory),
    ("perplexity", Kind::Perplexity),
    ("ppl", Kind::Perplexity),
    ("bits_per_byte", Kind::BitsPerByte),
    ("bpb", Kind::BitsPerByte),
    ("loss", Kind::Loss),
    ("acc", Kind::Accuracy),
    ("exact_match", Kind::Accuracy),
    ("f1", Kind::Accuracy),
    ("score", Kind::Accuracy),
    ("mmlu", Kind::Accuracy),
    ("hellaswag", Kind::Accuracy),
    ("arc", Kind::Accuracy),
    ("winogrande", Kind::Accuracy),
    ("gsm8k", Kind::Accuracy),
    ("truthfulqa", Kind::Accuracy),
    ("bbh", Kind::Accuracy),
    ("gpqa", Kind::Accuracy),
    ("average", Kind::Accuracy),
];

impl Kind {
    /// The kind a field's name suggests: its last JSON Pointer step, without an evaluation
    /// harness's `,filter` (`/results/lambada/acc,none` → `acc`: accuracy).
    pub(crate) fn of(field: &str) -> Kind {
        let name = field.rsplit('/').next().unwrap_or(field);
        let name = name.split(',').next().unwrap_or(name).to_lowercase();
        KINDS
            .iter()
            .find(|(fragment, _)| name.contains(fragment))
            .map_or(Kind::Other, |&(_, kind)| kind)
    }

    /// Which way this kind of score is better (scores of unknown kind: lower, like a loss).
    pub(crate) fn better(self) -> Better {
        match self {
            Kind::Accuracy | Kind::Throughput => Better::Higher,
            _ => Better::Lower,
        }
    }
}

/// One axis: the field it reads, what it measures, and the user's label if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// The field as the user named it (a column, a key or a JSON Pointer).
    pub field: String,
    pub kind: Kind,
    /// The user's axis title (`x_label=` / `y_label=`).
    pub label: Option<String>,
}

impl Axis {
    pub(crate) fn new(field: &str) -> Axis {
        Axis {
            field: field.to_string(),
            kind: Kind::of(field),
            label: None,
        }
    }

    /// The field's own name: its last JSON Pointer step without `,filter`.
    fn bare_name(&self) -> &str {
        let name = self.field.rsplit('/').next().unwrap_or(&self.field);
        name.split(',').next().unwrap_or(name)
    }

    /// A value with its unit: `5 GFLOPs`, `28.00`, `1.4B params`, `12 ms`, `0.734`.
    pub(crate) fn value(&self, v: f64) -> String {
        match self.kind {
            Kind::FlopsPerToken => format::flops(v),
            Kind::TrainingFlops if v.abs() >= 1e15 => format!("{} FLOPs", format::sig(v, 3)),
            Kind::TrainingFlops => format::flops(v),
            Kind::Params => format!("{} params", format::count(v)),
            Kind::Tokens => format!("{} tokens", format::count(v)),
            Kind::Latency => format!("{} ms", format::sig(v, 3)),
            Kind::Throughput => format!("{} tokens/s", format::sig(v, 3)),
            Kind::Memory => format!("{} GB", format::sig(v, 3)),
            Kind::Perplexity => format::ppl(v),
            Kind::Accuracy => format::sig(v, 3),
            Kind::Loss | Kind::BitsPerByte | Kind::Other => format::sig(v, 4),
        }
    }

    /// How a sentence names what this axis measures: `FLOPs`, `PPL`, `accuracy`.
    pub(crate) fn short(&self) -> String {
        match self.kind {
            Kind::FlopsPerToken => "FLOPs".into(),
            Kind::TrainingFlops => "training FLOPs".into(),
            Kind::Params => "parameters".into(),
            Kind::Tokens => "tokens".into(),
            Kind::Latency => "latency".into(),
            Kind::Throughput => "throughput".into(),
            Kind::Memory => "memory".into(),
            Kind::Perplexity => "PPL".into(),
            Kind::Loss => "loss".into(),
            Kind::BitsPerByte => "bits per byte".into(),
            Kind::Accuracy if self.bare_name() == "acc" => "accuracy".into(),
            Kind::Other if self.label.is_some() => self.in_sentence(),
            Kind::Accuracy | Kind::Other => self.bare_name().replace('_', " "),
        }
    }

    /// The axis' title: the user's label, else the kind's: `FLOPs per token`, `Perplexity`.
    pub(crate) fn title(&self) -> String {
        if let Some(label) = &self.label {
            return label.clone();
        }
        match self.kind {
            Kind::FlopsPerToken => "FLOPs per token".into(),
            Kind::TrainingFlops => "Training compute (FLOPs)".into(),
            Kind::Params => "Parameters".into(),
            Kind::Tokens => "Training tokens".into(),
            Kind::Latency => "Latency (ms)".into(),
            Kind::Throughput => "Throughput (tokens/s)".into(),
            Kind::Memory => "Memory (GB)".into(),
            Kind::Perplexity => "Perplexity".into(),
            Kind::Loss => "Loss".into(),
            Kind::BitsPerByte => "Bits per byte".into(),
            Kind::Accuracy if ["acc", "accuracy"].contains(&self.bare_name()) => "Accuracy".into(),
            Kind::Accuracy | Kind::Other => {
                let name = self.bare_name().replace('_', " ");
                let mut chars = name.chars();
                chars
                    .next()
                    .map_or(name.clone(), |c| c.to_uppercase().chain(chars).collect())
            }
        }
    }

    /// The title as it reads inside a sentence: `Parameters` → `parameters`, while
    /// `FLOPs per token` and a label such as `LAMBADA PPL` keep their capitals.
    pub(crate) fn in_sentence(&self) -> String {
        let title = self.title();
        let mut chars = title.chars();
        match (chars.next(), chars.next()) {
            (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
                first.to_lowercase().chain(title.chars().skip(1)).collect()
            }
            _ => title,
        }
    }

    /// The unit a table gives once for a column of values up to `largest`, and the divisor
    /// of its numbers: `(1e9, "GFLOPs")`, `(1e9, "B params")`; `(1, "")` when values carry
    /// no unit to factor out.
    pub(crate) fn table_unit(&self, largest: f64) -> (f64, String) {
        match self.kind {
            Kind::FlopsPerToken | Kind::TrainingFlops if largest < 1e15 => {
                let (scale, prefix) = format::si_prefix(largest);
                (scale, format!("{prefix}FLOPs"))
            }
            Kind::Params | Kind::Tokens => {
                let text = format::count(largest);
                let letter = text.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
                let scale = match letter {
                    "T" => 1e12,
                    "B" => 1e9,
                    "M" => 1e6,
                    "K" => 1e3,
                    _ => 1.0,
                };
                let what = if self.kind == Kind::Params {
                    "params"
                } else {
                    "tokens"
                };
                (scale, format!("{letter} {what}").trim().to_string())
            }
            _ => (1.0, String::new()),
        }
    }

    /// Whether "fewer" reads right before [`Axis::short`] (counted things), else "less".
    fn countable(&self) -> bool {
        matches!(
            self.kind,
            Kind::FlopsPerToken | Kind::TrainingFlops | Kind::Params | Kind::Tokens
        )
    }
}

/// Why the score axis is better one way: said in the console and the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BetterBecause {
    /// Lower, as for perplexity and losses, when nothing says otherwise.
    Default,
    /// The field's name is that of a higher-is-better score (accuracy, exact match, …).
    FieldName,
    /// The evaluation harness's `higher_is_better` entry for the metric.
    Harness,
    /// `y_better=` / `--y-better`.
    Given,
}

impl BetterBecause {
    /// Why, in words: `the default`, `set by y_better`.
    pub(crate) fn explain(self) -> &'static str {
        match self {
            BetterBecause::Default => "the default",
            BetterBecause::FieldName => "the field's name",
            BetterBecause::Harness => "the evaluation harness's higher_is_better",
            BetterBecause::Given => "set by y_better",
        }
    }
}

/// The two axes of a comparison and which way the score is better.
#[derive(Debug, Clone, PartialEq)]
pub struct Axes {
    pub x: Axis,
    pub y: Axis,
    pub better: Better,
    pub better_because: BetterBecause,
}

impl Default for Axes {
    fn default() -> Self {
        Axes {
            x: Axis::new("flops_per_token"),
            y: Axis::new("perplexity"),
            better: Better::Lower,
            better_because: BetterBecause::Default,
        }
    }
}

impl Axes {
    /// Whether these are the default axes (FLOPs per token, perplexity, lower better), for
    /// which outputs keep the names they always had.
    pub(crate) fn are_default(&self) -> bool {
        self.x.kind == Kind::FlopsPerToken
            && self.y.kind == Kind::Perplexity
            && self.better == Better::Lower
    }

    /// The score axis' title with its direction: `Perplexity ↓`, `Accuracy ↑`.
    pub(crate) fn y_title(&self) -> String {
        format!("{} {}", self.y.title(), self.better.arrow())
    }

    /// `at PPL 30`, `at accuracy 0.7`.
    pub(crate) fn at_y(&self, y: f64) -> String {
        format!("at {} {}", self.y.short(), format::sig(y, 4))
    }

    /// The same in words a screen reader speaks: `at perplexity 30`.
    pub(crate) fn at_y_in_words(&self, y: f64) -> String {
        format!("at {} {}", self.y.title().to_lowercase(), format::sig(y, 4))
    }

    /// `at 5 GFLOPs`, `at 1.4B params`.
    pub(crate) fn at_x(&self, x: f64) -> String {
        format!("at {}", self.x.value(x))
    }

    /// A score reading: `PPL 28.00`, `accuracy 0.734`.
    pub(crate) fn y_reading(&self, y: f64) -> String {
        format!("{} {}", self.y.short(), self.y.value(y))
    }

    /// A cost ratio in words: `4.62× fewer FLOPs`, `2.74× more FLOPs` (a ratio below 1),
    /// `1.5× less latency`.
    pub(crate) fn cost_ratio_words(&self, ratio: f64) -> String {
        let (amount, word) = self.cost_ratio_amount(ratio);
        format!("{} {word} {}", format::ratio(amount), self.x.short())
    }

    /// A cost ratio as an amount at least 1 and its word: `(2.74, "more")` for 0.365.
    pub(crate) fn cost_ratio_amount(&self, ratio: f64) -> (f64, &'static str) {
        match (ratio >= 1.0, self.x.countable()) {
            (true, true) => (ratio, "fewer"),
            (true, false) => (ratio, "less"),
            (false, _) => (1.0 / ratio, "more"),
        }
    }

    /// A score improvement in words: `30% lower PPL`, `69% higher PPL` (a negative one),
    /// `3% higher accuracy`.
    pub(crate) fn improvement_words(&self, pct: f64) -> String {
        let (amount, word) = self.improvement_amount(pct);
        format!("{} {word} {}", format::percent(amount), self.y.short())
    }

    /// A score improvement as an amount at least 0 and its word: `(69, "higher")` for −69%.
    pub(crate) fn improvement_amount(&self, pct: f64) -> (f64, &'static str) {
        if pct >= 0.0 {
            (pct, self.better.word())
        } else {
            (-pct, self.better.opposite().word())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_field_names() {
        let cases = [
            ("flops_per_token", Kind::FlopsPerToken),
            ("train_flops", Kind::TrainingFlops),
            ("Training compute (FLOP)", Kind::TrainingFlops),
            ("#Params (B)", Kind::Params),
            ("/config/model_num_parameters", Kind::Params),
            ("/results/lambada_openai/perplexity,none", Kind::Perplexity),
            ("/results/lambada_openai/acc,none", Kind::Accuracy),
            ("val_ppl", Kind::Perplexity),
            ("eval_loss", Kind::Loss),
            ("latency_ms", Kind::Latency),
            ("exact_match", Kind::Accuracy),
            ("wall_clock", Kind::Other),
        ];
        for (field, kind) in cases {
            assert_eq!(Kind::of(field), kind, "{field}");
        }
    }

    #[test]
    fn sentences_follow_the_axes_and_the_direction() {
        let default = Axes::default();
        assert_eq!(default.cost_ratio_words(4.62), "4.62× fewer FLOPs");
        assert_eq!(default.improvement_words(-69.0), "69% higher PPL");
        assert_eq!(default.at_y(30.0), "at PPL 30");
        assert_eq!(default.y_title(), "Perplexity ↓");
        let accuracy = Axes {
            x: Axis::new("latency_ms"),
            y: Axis::new("/results/hellaswag/acc,none"),
            better: Better::Higher,
            better_because: BetterBecause::Harness,
        };
        assert_eq!(accuracy.improvement_words(3.0), "3% higher accuracy");
        assert_eq!(accuracy.cost_ratio_words(1.5), "1.5× less latency");
        assert_eq!(accuracy.y_title(), "Accuracy ↑");
        assert_eq!(accuracy.x.value(12.345), "12.3 ms");
        assert!(!accuracy.are_default() && default.are_default());
        // A field of no known kind is named by its label where one is given.
        let mut compute = Axis::new("C");
        assert_eq!(
            (compute.short(), compute.in_sentence()),
            ("C".into(), "C".into())
        );
        compute.label = Some("Training compute C (FLOPs)".into());
        assert_eq!(compute.short(), "training compute C (FLOPs)");
        let params = Axis::new("#Params (B)");
        assert_eq!(
            (params.title(), params.in_sentence()),
            ("Parameters".into(), "parameters".into())
        );
    }
}
