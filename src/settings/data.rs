//! The settings that say how result files are read (the field mapping, which way the score
//! is better, the axes' titles, the files chosen, repeated runs), each declared once in
//! [`DATA_SETTINGS`]: its name, what its value looks like, its default, its help line and how
//! it sets [`DataOptions`], the values loading reads. Every front end is driven by these declarations: a directive key
//! (`seed_field=`, figures and inline values), a `[preprocessor.effgraph]` key (`seed-field`),
//! a flag of `render`, `check`, `macros` and `expand` (`--seed-field`), and the guide's key
//! table. Adding a data key is its declaration here and its use in loading.

use super::{Commands, Setting, one};
use crate::error::Invalid;
use crate::results::{Better, DataOptions, Expr, Field, ModelField, pattern};

/// One setting about reading result files.
pub(crate) type DataSetting = Setting<DataOptions>;

fn field(values: &[&str]) -> Result<Field, Invalid> {
    Field::parse(one(values).trim())
}

fn label(values: &[&str]) -> Result<Option<String>, Invalid> {
    let v = one(values);
    if v.trim().is_empty() {
        return Err("must not be empty".into());
    }
    Ok(Some(v.to_string()))
}

/// File patterns, each checked; empty entries of a comma list are dropped.
fn patterns(values: &[&str]) -> Result<Vec<String>, Invalid> {
    values
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .map(|p| pattern(p).map(|_| p.to_string()))
        .collect()
}

/// Every setting about reading result files, in the order the guide lists them.
pub(crate) static DATA_SETTINGS: &[DataSetting] = &[
    DataSetting {
        name: "x",
        value: "the field holding the cost: a column or key name, or a JSON Pointer such as `/config/model_num_parameters`",
        default: "book-wide, else `flops_per_token`",
        help: "The field holding the cost: a column or key name, or a JSON Pointer such as /config/model_num_parameters [default: flops_per_token]",
        value_name: Some("FIELD"),
        list: false,
        commands: Commands::All,
        book: true,
        directive: true,
        inline: true,
        set: |d, v| {
            d.fields.x = field(v)?;
            Ok(())
        },
    },
    DataSetting {
        name: "y",
        value: "the field holding the score, as `x` (e.g. `\"/results/lambada_openai/perplexity,none\"`)",
        default: "book-wide, else `perplexity`",
        help: "The field holding the score, as --x [default: perplexity]",
        value_name: Some("FIELD"),
        list: false,
        commands: Commands::All,
        book: true,
        directive: true,
        inline: true,
        set: |d, v| {
            d.fields.y = field(v)?;
            Ok(())
        },
    },
    DataSetting {
        name: "model",
        value: "the field holding the model name, as `x`, or `@dir`: the first folder under the results path",
        default: "book-wide, else `model`",
        help: "The field holding the model name, as --x, or @dir: the first folder under the results path [default: model]",
        value_name: Some("FIELD"),
        list: false,
        commands: Commands::All,
        book: true,
        directive: true,
        inline: true,
        set: |d, v| {
            d.fields.model = ModelField::parse(one(v).trim())?;
            Ok(())
        },
    },
    DataSetting {
        name: "config",
        value: "the field holding a configuration's id, as `x`",
        default: "book-wide, else `config_id` (missing: the file's path below the results path, with `#index`)",
        help: "The field holding a configuration's id, as --x [default: config_id]",
        value_name: Some("FIELD"),
        list: false,
        commands: Commands::All,
        book: true,
        directive: true,
        inline: true,
        set: |d, v| {
            d.fields.config = field(v)?;
            Ok(())
        },
    },
    DataSetting {
        name: "y_better",
        value: "`lower` or `higher`: which way the score is better",
        default: "book-wide, else the evaluation harness's `higher_is_better`, else `higher` for accuracy-like names, else `lower`",
        help: "Which way the score is better [default: the harness's higher_is_better, else from the field's name, else lower]",
        value_name: Some("lower|higher"),
        list: false,
        commands: Commands::All,
        book: true,
        directive: true,
        inline: true,
        set: |d, v| {
            d.y_better = Some(one(v).parse::<Better>()?);
            Ok(())
        },
    },
    DataSetting {
        name: "x_label",
        value: "the cost axis' title",
        default: "from the field's kind (`FLOPs per token`, `Parameters`, …) or name",
        help: "The cost axis' title",
        value_name: Some("TEXT"),
        list: false,
        commands: Commands::All,
        book: true,
        directive: true,
        inline: true,
        set: |d, v| {
            d.x_label = label(v)?;
            Ok(())
        },
    },
    DataSetting {
        name: "y_label",
        value: "the score axis' title",
        default: "from the field's kind (`Perplexity`, `Accuracy`, …) or name",
        help: "The score axis' title",
        value_name: Some("TEXT"),
        list: false,
        commands: Commands::All,
        book: true,
        directive: true,
        inline: true,
        set: |d, v| {
            d.y_label = label(v)?;
            Ok(())
        },
    },
    DataSetting {
        name: "include",
        value: "comma list of file patterns (`*/results_*.json`; without `/` a pattern matches the file name): only matching files are read",
        default: "book-wide, else every result file",
        help: "Read only files matching this pattern (repeatable; without / it matches the file name)",
        value_name: Some("PATTERN"),
        list: true,
        commands: Commands::All,
        book: true,
        directive: true,
        inline: true,
        set: |d, v| {
            d.include = patterns(v)?;
            Ok(())
        },
    },
    DataSetting {
        name: "exclude",
        value: "comma list of file patterns, as `include`: matching files are not read",
        default: "book-wide, else none (an evaluation harness's `samples_*.jsonl` are never read unless included)",
        help: "Do not read files matching this pattern (repeatable)",
        value_name: Some("PATTERN"),
        list: true,
        commands: Commands::All,
        book: true,
        directive: true,
        inline: true,
        set: |d, v| {
            d.exclude = patterns(v)?;
            Ok(())
        },
    },
    DataSetting {
        name: "seed_field",
        value: "the field telling repeated runs of one configuration apart, as `x`; runs with the same model and config id and different seeds are [repeats](comparison.md#repeated-runs-and-intervals)",
        default: "book-wide, else `seed` (when records have it)",
        help: "The field telling repeated runs of one configuration apart, as --x [default: seed]",
        value_name: Some("FIELD"),
        list: false,
        commands: Commands::All,
        book: true,
        directive: true,
        inline: true,
        set: |d, v| {
            d.fields.seed = field(v)?;
            Ok(())
        },
    },
    DataSetting {
        name: "fit_params",
        value: "the field (or expression, as `x`) holding a configuration's parameter count N, for `fit=chinchilla`, such as `{params}` or `{flops_per_token} / 6`",
        default: "book-wide, else none",
        help: "The field or expression holding a configuration's parameter count N, for --fit chinchilla",
        value_name: Some("FIELD"),
        list: false,
        commands: Commands::All,
        book: true,
        directive: true,
        inline: true,
        set: |d, v| {
            d.fields.params = Some(field(v)?);
            Ok(())
        },
    },
    DataSetting {
        name: "fit_tokens",
        value: "the field (or expression, as `x`) holding a configuration's training tokens D, for `fit=chinchilla`, such as `{flops} / (6 * {params})`",
        default: "book-wide, else none",
        help: "The field or expression holding a configuration's training tokens D, for --fit chinchilla",
        value_name: Some("FIELD"),
        list: false,
        commands: Commands::All,
        book: true,
        directive: true,
        inline: true,
        set: |d, v| {
            d.fields.tokens = Some(field(v)?);
            Ok(())
        },
    },
    DataSetting {
        name: "repeats",
        value: "`true`: records with the same model and config id are repeated runs even without a seed",
        default: "book-wide, else `false` (such records are an error)",
        help: "Records with the same model and config id are repeated runs, even without a seed",
        value_name: None,
        list: false,
        commands: Commands::All,
        book: true,
        directive: true,
        inline: true,
        set: |d, v| {
            d.repeats = super::boolean(one(v))?;
            Ok(())
        },
    },
    DataSetting {
        name: "path_fields",
        value: "a [regex](https://docs.rs/regex/latest/regex/#syntax) with named groups, matched against each file's path below the results path: each group becomes a field of the file's records, a number when it looks like one (`70m` = 7e7, `1.4b` = 1.4e9, `7b1` = 7.1e9); see [real result trees](real-trees.md)",
        default: "book-wide, else none",
        help: "A regex with named groups matched against each result file's path below its results path; each group becomes a field (70m = 7e7, 1.4b = 1.4e9)",
        value_name: Some("REGEX"),
        list: false,
        commands: Commands::All,
        book: true,
        directive: true,
        inline: true,
        set: |d, v| {
            crate::results::checked_pattern(one(v))?;
            d.path_fields = Some(one(v).to_string());
            Ok(())
        },
    },
    DataSetting {
        name: "where",
        value: "a condition on each record, such as `{num_fewshot} == 0 && {step} >= 13000` (`== != < <= > >=`, `&&`, `||`, `!`, and values as in `x`): only records for which it holds are read",
        default: "book-wide, else every record",
        help: "Read only records for which this condition holds, e.g. \"{num_fewshot} == 0 && {step} >= 13000\"",
        value_name: Some("CONDITION"),
        list: false,
        commands: Commands::All,
        book: true,
        directive: true,
        inline: true,
        set: |d, v| {
            let condition = Expr::parse(one(v))
                .map_err(|e| Invalid(format!("`{}` is not a condition: {e}", one(v))))?;
            d.filter = Some(condition);
            Ok(())
        },
    },
    DataSetting {
        name: "lookup",
        value: "a lookup table (CSV, TSV, JSON or TOML, relative as results paths are) whose rows add their columns as fields of the records they match, such as exact parameter counts; see [real result trees](real-trees.md#lookup-tables)",
        default: "book-wide, else none",
        help: "A lookup table (CSV, TSV, JSON or TOML) whose rows add their columns as fields of the records they match",
        value_name: Some("FILE"),
        list: false,
        commands: Commands::All,
        book: true,
        directive: true,
        inline: true,
        set: |d, v| {
            let path = one(v).trim();
            if path.is_empty() {
                return Err("must not be empty".into());
            }
            d.lookup = Some(path.into());
            Ok(())
        },
    },
    DataSetting {
        name: "lookup_on",
        value: "the column the lookup table is joined on: a record matches the row whose column has the record's value of the field of that name",
        default: "book-wide, else `model` (the record's model name)",
        help: "The column the lookup table is joined on [default: model, the record's model name]",
        value_name: Some("COLUMN"),
        list: false,
        commands: Commands::All,
        book: true,
        directive: true,
        inline: true,
        set: |d, v| {
            let column = one(v).trim();
            if column.is_empty() {
                return Err("must not be empty".into());
            }
            d.lookup_on = Some(column.to_string());
            Ok(())
        },
    },
];
