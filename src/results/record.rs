//! The record type and the builder that collects records while files are parsed.

use std::collections::HashMap;

/// One measured configuration: a model's perplexity at a cost in FLOPs per token.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Index into [`ResultSet::models`](super::ResultSet::models).
    pub model: u32,
    /// Index into [`ResultSet::files`](super::ResultSet::files).
    pub file: u32,
    /// Position in its file: `None` for a file holding a single record object.
    pub index: Option<u32>,
    pub perplexity: f64,
    pub flops_per_token: f64,
    /// As written in the file; see [`ResultSet::config_id`](super::ResultSet::config_id) for the default.
    pub config_id: Option<Box<str>>,
}

/// Collects records while files are parsed, interning model names.
#[derive(Default)]
pub(crate) struct Builder {
    model_index: HashMap<String, u32>,
    models: Vec<String>,
    records: Vec<Record>,
    simulated: bool,
    metrics: Vec<String>,
}

impl Builder {
    pub(crate) fn intern_model(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.model_index.get(name) {
            return i;
        }
        let i = self.models.len() as u32;
        self.models.push(name.to_string());
        self.model_index.insert(name.to_string(), i);
        i
    }

    pub(crate) fn push(&mut self, record: Record, simulated: bool) {
        self.records.push(record);
        self.simulated |= simulated;
    }

    /// Records the `metric` a record names (each name once, in order of appearance).
    pub(crate) fn note_metric(&mut self, name: &str) {
        if !self.metrics.iter().any(|m| m == name) && self.metrics.len() < 64 {
            self.metrics.push(name.to_string());
        }
    }

    /// The model names, the records, whether any record was simulated, and the metrics.
    pub(crate) fn finish(self) -> (Vec<String>, Vec<Record>, bool, Vec<String>) {
        (self.models, self.records, self.simulated, self.metrics)
    }
}
