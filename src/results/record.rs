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
    /// The score (y): perplexity unless the field mapping says otherwise.
    pub y: f64,
    /// The cost (x): FLOPs per token unless the field mapping says otherwise.
    pub x: f64,
    /// As written in the file; see [`ResultSet::config_id`](super::ResultSet::config_id) for the default.
    pub config_id: Option<Box<str>>,
    /// The run's seed, as written, when the records say (repeated runs of a configuration).
    pub seed: Option<Box<str>>,
    /// The standard error of `y` the file reports (an evaluation harness's `*_stderr`).
    pub y_stderr: Option<f64>,
    /// The model's parameter count N and training tokens D (`fit_params=`, `fit_tokens=`),
    /// when the mapping names them, for a Chinchilla fit.
    pub sizes: Option<Box<Sizes>>,
}

/// A configuration's parameter count and training tokens, each when its field is named.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Sizes {
    pub params: Option<f64>,
    pub tokens: Option<f64>,
}

/// Collects records while files are parsed, interning model names.
#[derive(Default)]
pub(crate) struct Builder {
    model_index: HashMap<String, u32>,
    models: Vec<String>,
    records: Vec<Record>,
    simulated: bool,
    metrics: Vec<String>,
    /// What evaluation-harness files said of the score's direction, with the index of the
    /// file that said it, in order seen.
    higher_is_better: Vec<(bool, u32)>,
    /// Derived records read, before the filter.
    considered: usize,
}

impl Builder {
    pub(crate) fn intern_model(&mut self, name: &str) -> u32 {
        // Records of one model usually come together: the last one's is checked first.
        if let Some(last) = self.records.last()
            && self.models[last.model as usize] == name
        {
            return last.model;
        }
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

    /// Appends what `later` collected from a later part of the same file, whose record
    /// indices count from `index_offset` here; model order stays order of first appearance.
    pub(crate) fn merge(&mut self, later: Builder, index_offset: u32) {
        let models: Vec<u32> = later.models.iter().map(|m| self.intern_model(m)).collect();
        self.records.reserve(later.records.len());
        for mut record in later.records {
            record.model = models[record.model as usize];
            record.index = record.index.map(|i| i + index_offset);
            self.records.push(record);
        }
        self.simulated |= later.simulated;
        self.considered += later.considered;
        self.higher_is_better.extend(later.higher_is_better);
        for metric in &later.metrics {
            self.note_metric(metric);
        }
    }

    /// Records the `metric` a record names (each name once, in order of appearance).
    pub(crate) fn note_metric(&mut self, name: &str) {
        if !self.metrics.iter().any(|m| m == name) && self.metrics.len() < 64 {
            self.metrics.push(name.to_string());
        }
    }

    pub(crate) fn note_higher_is_better(&mut self, higher: bool, file: u32) {
        self.higher_is_better.push((higher, file));
    }

    pub(crate) fn len(&self) -> usize {
        self.records.len()
    }

    /// Multiplies the cost and score of the record added after the first `before` by the
    /// multipliers a table's headers give (`#Params (B)`).
    pub(crate) fn scale_last(&mut self, before: usize, x: f64, y: f64) {
        if let Some(r) = self.records.get_mut(before) {
            r.x = scaled(r.x, x);
            r.y = scaled(r.y, y);
        }
    }

    /// A derived record was read (kept or not by the filter).
    pub(crate) fn note_considered(&mut self) {
        self.considered += 1;
    }

    /// How many derived records were read, and how many of them were kept.
    pub(crate) fn considered(&self) -> (usize, usize) {
        (self.considered, self.records.len())
    }

    /// What was built, once every file is read.
    pub(crate) fn finish(self) -> Built {
        Built {
            models: self.models,
            records: self.records,
            simulated: self.simulated,
            metrics: self.metrics,
            directions: self.higher_is_better,
        }
    }
}

/// The records of every file read, with what the files said about them.
pub(crate) struct Built {
    pub models: Vec<String>,
    pub records: Vec<Record>,
    /// Whether any record was marked simulated.
    pub simulated: bool,
    pub metrics: Vec<String>,
    /// What evaluation-harness files said of the score's direction, and which file said it.
    pub directions: Vec<(bool, u32)>,
}

/// `value × multiplier` rounded to the 15 significant digits a decimal cell can hold, so that
/// `8.03 (B)` reads as 8.03e9 and not as 8029999999.999999.
fn scaled(value: f64, multiplier: f64) -> f64 {
    if multiplier == 1.0 {
        return value;
    }
    let product = value * multiplier;
    format!("{product:.14e}").parse().unwrap_or(product)
}

#[cfg(test)]
mod tests {
    use super::scaled;

    #[test]
    fn a_header_multiplier_keeps_the_cell_s_decimal_value() {
        assert_eq!(8.03 * 1e9, 8_029_999_999.999_999);
        assert_eq!(scaled(8.03, 1e9), 8.03e9);
        assert_eq!(scaled(1.24, 1e9), 1.24e9);
        assert_eq!(scaled(0.1, 1.0), 0.1);
    }
}
