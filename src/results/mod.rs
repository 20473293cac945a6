//! Result loading: turns a results path (a folder of `*.json` / `*.jsonl` files, or one file)
//! into a typed, validated [`ResultSet`]. Owns the record format, its defaults and every error a
//! bad record can cause (file, line:column, record index, field).

pub mod axes;
mod discover;
mod parse;
mod record;

use std::borrow::Cow;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub use axes::{Axes, Axis, Better};
pub use discover::{discover, discover_files};
pub use record::Record;

use record::Builder;

/// Every record of a results path, in sorted file order and file order within a file.
#[derive(Debug, Clone, Default)]
pub struct ResultSet {
    /// The path the user gave (folder or file); `None` for generated data.
    pub root: Option<PathBuf>,
    pub files: Vec<PathBuf>,
    /// Model names in order of first appearance.
    pub models: Vec<String>,
    pub records: Vec<Record>,
    /// True when any record says `"simulated": true` or the set was generated.
    pub simulated: bool,
    /// Files under the results path that effgraph wrote itself (summaries), not read.
    pub skipped: Vec<PathBuf>,
    /// The `metric` names records give (e.g. `lambada_ppl`), in order of appearance.
    pub metrics: Vec<String>,
    /// What x and y measure, and which way y is better.
    pub axes: Axes,
}

impl ResultSet {
    /// `config_id` as written, else the file stem, plus `#index` for arrays and JSON Lines.
    pub fn config_id<'a>(&'a self, record: &'a Record) -> Cow<'a, str> {
        if let Some(id) = &record.config_id {
            return Cow::Borrowed(id);
        }
        let stem = self.files[record.file as usize]
            .file_stem()
            .map(|s| s.to_string_lossy())
            .unwrap_or_default();
        match record.index {
            Some(i) => Cow::Owned(format!("{stem}#{i}")),
            None => stem,
        }
    }

    pub fn model_name(&self, record: &Record) -> &str {
        &self.models[record.model as usize]
    }

    pub fn file_path(&self, record: &Record) -> &Path {
        &self.files[record.file as usize]
    }

    /// Loads every result file under `path` (see the module docs for the rules), refusing
    /// files over [`DEFAULT_MAX_FILE_SIZE`].
    pub fn load(path: &Path) -> Result<ResultSet> {
        ResultSet::load_limited(path, DEFAULT_MAX_FILE_SIZE)
    }

    /// Like [`ResultSet::load`], refusing any file over `max_file_size` bytes.
    pub fn load_limited(path: &Path, max_file_size: u64) -> Result<ResultSet> {
        let mut files = discover_files(path)?;
        let mut builder = Builder::default();
        let mut skipped = Vec::new();
        let mut read = Vec::with_capacity(files.len());
        for file in files.drain(..) {
            let bytes = crate::fsutil::read_input(&file, max_file_size)?;
            if is_own_summary(&bytes) {
                skipped.push(file);
                continue;
            }
            parse::parse_file(&file, &bytes, read.len() as u32, &mut builder)?;
            read.push(file);
        }
        if read.is_empty() {
            return Err(Error::ResultsEmpty {
                path: path.to_path_buf(),
            });
        }
        let mut set = ResultSet::built(builder, Some(path.to_path_buf()), read);
        if set.records.is_empty() {
            return Err(Error::NoRecords {
                path: path.to_path_buf(),
            });
        }
        set.skipped = skipped;
        set.check_unique_config_ids()?;
        Ok(set)
    }

    /// A config id seen twice for one model is an error naming both files; of several clashes,
    /// the one whose second occurrence comes first in load order is reported.
    ///
    /// Records are sorted by a hash of (model, config id) under a key chosen at random per
    /// run, so that equal ids end up side by side: a sequential pass over a million records
    /// instead of a million scattered hash-table probes, and no input can be made to collide.
    fn check_unique_config_ids(&self) -> Result<()> {
        let state = std::hash::RandomState::new();
        let mut keyed: Vec<(u64, u32)> = self
            .records
            .iter()
            .enumerate()
            .map(|(i, r)| (state.hash_one((r.model, self.config_id(r))), i as u32))
            .collect();
        keyed.sort_unstable();
        let same = |a: usize, b: usize| {
            let (ra, rb) = (&self.records[a], &self.records[b]);
            ra.model == rb.model && self.config_id(ra) == self.config_id(rb)
        };
        let mut clash: Option<(usize, usize)> = None;
        for run in keyed
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|run| run.len() > 1)
        {
            // In load order within the run: the first record equal to an earlier one is
            // this run's earliest second occurrence.
            let found = run.iter().enumerate().find_map(|(j, &(_, second))| {
                let first = run[..j]
                    .iter()
                    .find(|&&(_, f)| same(f as usize, second as usize));
                first.map(|&(_, f)| (f as usize, second as usize))
            });
            if let Some(pair) = found
                && clash.is_none_or(|c| pair.1 < c.1)
            {
                clash = Some(pair);
            }
        }
        match clash {
            None => Ok(()),
            Some((first, second)) => {
                let record = &self.records[second];
                Err(Error::DuplicateConfig {
                    model: self.model_name(record).to_string(),
                    config_id: self.config_id(record).to_string(),
                    first: self.file_path(&self.records[first]).to_path_buf(),
                    second: self.file_path(record).to_path_buf(),
                })
            }
        }
    }

    /// Only the models `names`, in that order (records keep their load order).
    pub fn select_models(&self, names: &[String]) -> std::result::Result<ResultSet, String> {
        let mut new_index = vec![None; self.models.len()];
        for (i, name) in names.iter().enumerate() {
            match self.models.iter().position(|m| m == name) {
                Some(old) if new_index[old].is_none() => new_index[old] = Some(i as u32),
                Some(_) => return Err(format!("model `{name}` is listed twice in `models`")),
                None => {
                    return Err(format!(
                        "unknown model `{name}` in `models` (the results have: {})",
                        self.models.join(", ")
                    ));
                }
            }
        }
        let records = self
            .records
            .iter()
            .filter_map(|r| new_index[r.model as usize].map(|model| Record { model, ..r.clone() }))
            .collect();
        Ok(ResultSet {
            models: names.to_vec(),
            records,
            ..self.clone()
        })
    }

    fn built(builder: Builder, root: Option<PathBuf>, files: Vec<PathBuf>) -> ResultSet {
        let (models, records, simulated, metrics) = builder.finish();
        ResultSet {
            root,
            files,
            models,
            records,
            simulated,
            skipped: Vec::new(),
            metrics,
            axes: Axes::default(),
        }
    }

    /// Builds a set from records made in memory (the simulator); `files` may be empty.
    pub fn from_parts(models: Vec<String>, records: Vec<Record>, simulated: bool) -> ResultSet {
        ResultSet {
            root: None,
            files: vec![PathBuf::from("<generated>")],
            models,
            records,
            simulated,
            skipped: Vec::new(),
            metrics: Vec::new(),
            axes: Axes::default(),
        }
    }

    /// One line per skipped file, for the console or the build log.
    pub fn skip_notes(&self) -> Vec<String> {
        self.skipped
            .iter()
            .map(|p| {
                format!(
                    "note: skipped {}: a summary effgraph wrote, not a result file",
                    crate::error::shown(p)
                )
            })
            .collect()
    }
}

/// Result files larger than this are refused unless a larger limit is configured.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1 << 30;

/// Every summary JSON effgraph writes starts with `"schema": "effgraph-summary/<version>"`.
pub const SUMMARY_SCHEMA_FAMILY: &str = "effgraph-summary/";

/// Whether `bytes` are a summary JSON that effgraph wrote (it begins with its `schema` key):
/// such a file beside the results is an output, never a result file.
fn is_own_summary(bytes: &[u8]) -> bool {
    let text = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let text = text.trim_ascii_start();
    let Some(rest) = text.strip_prefix(b"{") else {
        return false;
    };
    let prefix = format!("\"schema\": \"{SUMMARY_SCHEMA_FAMILY}");
    rest.trim_ascii_start().starts_with(prefix.as_bytes())
}

/// Parses one file's bytes as a result set on its own (the fuzzers' entry point).
pub fn parse_bytes(name: &Path, bytes: &[u8]) -> Result<ResultSet> {
    let mut builder = Builder::default();
    parse::parse_file(name, bytes, 0, &mut builder)?;
    let set = ResultSet::built(builder, None, vec![name.to_path_buf()]);
    set.check_unique_config_ids()?;
    Ok(set)
}
