//! The command-line flags that say how result files are read, shared by `render`, `check`
//! and `expand` (as defaults for its directives): the field mapping, which way the score is
//! better, the axes' labels, and patterns choosing files.

use clap::Args;

use crate::config::DataOptions;
use crate::results::{Better, Field, ModelField, pattern};

fn field(v: &str) -> Result<Field, String> {
    Field::parse(v)
}

fn model(v: &str) -> Result<ModelField, String> {
    ModelField::parse(v)
}

fn file_pattern(v: &str) -> Result<String, String> {
    pattern(v).map(|_| v.to_string())
}

#[derive(Args, Debug, Default, Clone)]
pub struct DataArgs {
    /// The field holding the cost: a column or key name, or a JSON Pointer such as /config/model_num_parameters [default: flops_per_token]
    #[arg(long, value_name = "FIELD", value_parser = field)]
    pub x: Option<Field>,
    /// The field holding the score, as --x [default: perplexity]
    #[arg(long, value_name = "FIELD", value_parser = field)]
    pub y: Option<Field>,
    /// The field holding the model name, as --x, or @dir: the first folder under the results path [default: model]
    #[arg(long, value_name = "FIELD", value_parser = model)]
    pub model: Option<ModelField>,
    /// The field holding a configuration's id, as --x [default: config_id]
    #[arg(long, value_name = "FIELD", value_parser = field)]
    pub config: Option<Field>,
    /// Which way the score is better [default: the harness's higher_is_better, else from the field's name, else lower]
    #[arg(long, value_name = "lower|higher")]
    pub y_better: Option<Better>,
    /// The cost axis' title
    #[arg(long, value_name = "TEXT")]
    pub x_label: Option<String>,
    /// The score axis' title
    #[arg(long, value_name = "TEXT")]
    pub y_label: Option<String>,
    /// Read only files matching this pattern (repeatable; without / it matches the file name)
    #[arg(long, value_name = "PATTERN", value_parser = file_pattern)]
    pub include: Vec<String>,
    /// Do not read files matching this pattern (repeatable)
    #[arg(long, value_name = "PATTERN", value_parser = file_pattern)]
    pub exclude: Vec<String>,
    /// The field telling repeated runs of one configuration apart, as --x [default: seed]
    #[arg(long, value_name = "FIELD", value_parser = field)]
    pub seed_field: Option<Field>,
    /// Records with the same model and config id are repeated runs, even without a seed
    #[arg(long)]
    pub repeats: bool,
}

impl DataArgs {
    /// The options these flags give, over the defaults.
    pub fn options(&self) -> DataOptions {
        let mut options = DataOptions::default();
        if let Some(x) = &self.x {
            options.fields.x = x.clone();
        }
        if let Some(y) = &self.y {
            options.fields.y = y.clone();
        }
        if let Some(model) = &self.model {
            options.fields.model = model.clone();
        }
        if let Some(config) = &self.config {
            options.fields.config = config.clone();
        }
        options.y_better = self.y_better;
        options.x_label.clone_from(&self.x_label);
        options.y_label.clone_from(&self.y_label);
        options.include.clone_from(&self.include);
        options.exclude.clone_from(&self.exclude);
        if let Some(seed) = &self.seed_field {
            options.fields.seed = seed.clone();
        }
        options.repeats = self.repeats;
        options
    }
}
