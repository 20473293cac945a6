//! The directive keys that say how result files are read: the field mapping (`x`, `y`,
//! `model`, `config`), which way the score is better, the axes' labels, and patterns that
//! include or exclude files. They follow the main [`super::keys::KEYS`] in the guide's table
//! and share its checks and errors.

use crate::config::DataOptions;
use crate::results::{Better, Field, ModelField, pattern};

/// One key about reading result files; like [`super::keys::Key`], it sets only the
/// directive's [`DataOptions`].
pub struct DataKey {
    pub name: &'static str,
    /// What the value looks like and does (Markdown, for the guide).
    pub value: &'static str,
    /// What applies when the key is left out (Markdown, for the guide).
    pub default: &'static str,
    pub set: fn(&mut DataOptions, &str) -> Result<(), String>,
}

fn field(v: &str) -> Result<Field, String> {
    Field::parse(v.trim())
}

fn label(v: &str) -> Result<Option<String>, String> {
    if v.trim().is_empty() {
        return Err("must not be empty".into());
    }
    Ok(Some(v.to_string()))
}

/// A comma list of file patterns, each checked.
fn patterns(v: &str) -> Result<Vec<String>, String> {
    v.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| pattern(p).map(|_| p.to_string()))
        .collect()
}

/// The keys about reading result files.
pub const DATA_KEYS: [DataKey; 11] = [
    DataKey {
        name: "x",
        value: "the field holding the cost: a column or key name, or a JSON Pointer such as `/config/model_num_parameters`",
        default: "book-wide, else `flops_per_token`",
        set: |d, v| {
            d.fields.x = field(v)?;
            Ok(())
        },
    },
    DataKey {
        name: "y",
        value: "the field holding the score, as `x` (e.g. `\"/results/lambada_openai/perplexity,none\"`)",
        default: "book-wide, else `perplexity`",
        set: |d, v| {
            d.fields.y = field(v)?;
            Ok(())
        },
    },
    DataKey {
        name: "model",
        value: "the field holding the model name, as `x`, or `@dir`: the first folder under the results path",
        default: "book-wide, else `model`",
        set: |d, v| {
            d.fields.model = ModelField::parse(v.trim())?;
            Ok(())
        },
    },
    DataKey {
        name: "config",
        value: "the field holding a configuration's id, as `x`",
        default: "book-wide, else `config_id` (missing: the file's path below the results path, with `#index`)",
        set: |d, v| {
            d.fields.config = field(v)?;
            Ok(())
        },
    },
    DataKey {
        name: "y_better",
        value: "`lower` or `higher`: which way the score is better",
        default: "book-wide, else the evaluation harness's `higher_is_better`, else `higher` for accuracy-like names, else `lower`",
        set: |d, v| {
            d.y_better = Some(v.parse::<Better>()?);
            Ok(())
        },
    },
    DataKey {
        name: "x_label",
        value: "the cost axis' title",
        default: "from the field's kind (`FLOPs per token`, `Parameters`, …) or name",
        set: |d, v| {
            d.x_label = label(v)?;
            Ok(())
        },
    },
    DataKey {
        name: "y_label",
        value: "the score axis' title",
        default: "from the field's kind (`Perplexity`, `Accuracy`, …) or name",
        set: |d, v| {
            d.y_label = label(v)?;
            Ok(())
        },
    },
    DataKey {
        name: "include",
        value: "comma list of file patterns (`*/results_*.json`; without `/` a pattern matches the file name): only matching files are read",
        default: "book-wide, else every result file",
        set: |d, v| {
            d.include = patterns(v)?;
            Ok(())
        },
    },
    DataKey {
        name: "exclude",
        value: "comma list of file patterns, as `include`: matching files are not read",
        default: "book-wide, else none (an evaluation harness's `samples_*.jsonl` are never read unless included)",
        set: |d, v| {
            d.exclude = patterns(v)?;
            Ok(())
        },
    },
    DataKey {
        name: "seed_field",
        value: "the field telling repeated runs of one configuration apart, as `x`; runs with the same model and config id and different seeds are [repeats](comparison.md#repeated-runs-and-intervals)",
        default: "book-wide, else `seed` (when records have it)",
        set: |d, v| {
            d.fields.seed = field(v)?;
            Ok(())
        },
    },
    DataKey {
        name: "repeats",
        value: "`true`: records with the same model and config id are repeated runs even without a seed",
        default: "book-wide, else `false` (such records are an error)",
        set: |d, v| {
            d.repeats = crate::settings::boolean(v)?;
            Ok(())
        },
    },
];
