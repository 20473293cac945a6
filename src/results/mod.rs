//! Result loading: turns results paths (files, folders, glob patterns of JSON, JSON Lines,
//! CSV and TSV files) and a field mapping into a typed, validated [`ResultSet`] with its
//! [`Axes`]. Owns the record formats, their defaults and every error a bad record can cause
//! (file, line:column, record index, field), and the warnings a suspicious one deserves.

pub(crate) mod axes;
mod build;
mod checks;
mod columnar;
mod derive;
mod discover;
pub(crate) mod expr;
pub(crate) mod fields;
mod lookup;
mod parse;
mod record;
mod scalar;
mod table;

use std::borrow::Cow;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub use axes::{Axes, Axis, Better, BetterBecause};
pub(crate) use derive::checked_pattern;
pub(crate) use discover::{Input, Selection, discover_selection, pattern};
pub(crate) use expr::Expr;
pub use fields::{Field, Fields, ModelField};
pub use record::Record;

use derive::Derivation;
use record::{Builder, Built};

/// How result files are read, beyond which files: the field mapping, which way the score
/// is better, the axes' labels, and patterns choosing files (see [`crate::results`]).
#[derive(Clone, PartialEq, Default)]
pub struct DataOptions {
    pub fields: Fields,
    pub y_better: Option<Better>,
    pub x_label: Option<String>,
    pub y_label: Option<String>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// Records of one configuration are repeated runs even without seeds.
    pub repeats: bool,
    /// A `regex` pattern matched against each file's path below its results path; its named
    /// groups become fields of the file's records.
    pub path_fields: Option<String>,
    /// Only records for which this condition holds are read (`where=`).
    pub filter: Option<expr::Expr>,
    /// A table whose rows add fields to the records they match (`lookup=`).
    pub lookup: Option<PathBuf>,
    /// The column the lookup table is joined on (`lookup_on=`; default: the model).
    pub lookup_on: Option<String>,
}

/// The text settings are hashed by (provenance and cache keys): the keys added since the hash
/// was first made appear only when set, so a new key does not change every existing hash.
impl std::fmt::Debug for DataOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = f.debug_struct("DataOptions");
        s.field("fields", &self.fields)
            .field("y_better", &self.y_better)
            .field("x_label", &self.x_label)
            .field("y_label", &self.y_label)
            .field("include", &self.include)
            .field("exclude", &self.exclude)
            .field("repeats", &self.repeats);
        if self.path_fields.is_some() {
            s.field("path_fields", &self.path_fields);
        }
        if self.filter.is_some() {
            s.field("filter", &self.filter);
        }
        if self.lookup.is_some() {
            s.field("lookup", &self.lookup);
        }
        if self.lookup_on.is_some() {
            s.field("lookup_on", &self.lookup_on);
        }
        s.finish()
    }
}

impl DataOptions {
    /// What loading the results at `paths` takes; a lookup table's path resolves against
    /// `base`, as the results paths do.
    pub(crate) fn spec(&self, paths: Vec<PathBuf>, max_file_size: u64, base: &Path) -> LoadSpec {
        let mut data = self.clone();
        data.lookup = self.lookup.as_ref().map(|l| base.join(l));
        LoadSpec {
            selection: Selection {
                paths,
                include: self.include.clone(),
                exclude: self.exclude.clone(),
            },
            data,
            max_file_size,
        }
    }
}

/// How to load results: which files, through which fields, and what the axes are called.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadSpec {
    pub selection: Selection,
    /// How the files are read: the field mapping and the other data settings.
    pub data: DataOptions,
    pub max_file_size: u64,
}

impl LoadSpec {
    /// The defaults for the results at `path`.
    pub(crate) fn path(path: &Path) -> LoadSpec {
        LoadSpec {
            selection: Selection::one(path),
            data: DataOptions::default(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// Every record of a results path, in sorted file order and file order within a file.
#[derive(Debug, Clone, Default)]
pub struct ResultSet {
    /// The first results path the user gave (folder or file); `None` for generated data.
    pub root: Option<PathBuf>,
    pub files: Vec<PathBuf>,
    /// Each file's path below its results path, `/`-separated: default config ids start
    /// with it, so `a/results.json` and `b/results.json` never clash.
    pub file_names: Vec<String>,
    /// Things worth a look that do not stop the run (the same run read twice, FLOPs that
    /// look like GFLOPs), one line each.
    pub warnings: Vec<String>,
    /// What loading did that a reader should know (how many records a filter kept).
    pub notes: Vec<String>,
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
    /// Records of one model and config id are repeated runs of one configuration: the
    /// records carry seeds, or the user said `repeats=true`.
    pub repeats: Repeats,
}

/// Whether records of one configuration are repeated runs, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Repeats {
    /// Each configuration is one record; a config id seen twice is an error.
    #[default]
    No,
    /// Records carry seeds: runs of one configuration differ by seed, and a seed seen twice
    /// in one configuration is an error.
    BySeed,
    /// `repeats=true`: every record of a configuration is a run of it.
    Given,
}

/// Why a `models` list cannot be chosen from the results.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum BadModels {
    #[error("model `{0}` is listed twice in `models`")]
    Twice(String),
    #[error("unknown model `{name}` in `models` (the results have: {have})")]
    Unknown { name: String, have: String },
}

/// Compares with the message a user sees, as tests do.
impl PartialEq<&str> for BadModels {
    fn eq(&self, message: &&str) -> bool {
        message.eq(&self.to_string())
    }
}

impl ResultSet {
    /// `config_id` as written, else the file's path below its results path, plus `#index`
    /// for arrays, rows and lines.
    pub fn config_id<'a>(&'a self, record: &'a Record) -> Cow<'a, str> {
        if let Some(id) = &record.config_id {
            return Cow::Borrowed(id);
        }
        let name: Cow<'a, str> = match self.file_names.get(record.file as usize) {
            Some(name) => Cow::Borrowed(name),
            None => self.files[record.file as usize]
                .file_name()
                .map(|s| s.to_string_lossy())
                .unwrap_or_default(),
        };
        match record.index {
            Some(i) => Cow::Owned(format!("{name}#{i}")),
            None => name,
        }
    }

    pub fn model_name(&self, record: &Record) -> &str {
        &self.models[record.model as usize]
    }

    pub(crate) fn file_path(&self, record: &Record) -> &Path {
        &self.files[record.file as usize]
    }

    /// Loads every result file under `path` with the default fields, refusing files over
    /// `DEFAULT_MAX_FILE_SIZE`.
    pub fn load(path: &Path) -> Result<ResultSet> {
        ResultSet::load_spec(&LoadSpec::path(path))
    }

    /// Loads the files `spec` selects through its fields.
    pub(crate) fn load_spec(spec: &LoadSpec) -> Result<ResultSet> {
        let (inputs, _) = discover_selection(&spec.selection)?;
        let data = &spec.data;
        let derivation = Derivation::new(
            data.path_fields.as_deref(),
            data.filter.as_ref(),
            (data.lookup.as_deref(), data.lookup_on.as_deref()),
            spec.max_file_size,
        )?;
        let read = read_inputs(spec, &derivation, inputs)?;
        let first = spec.selection.paths.first().cloned().unwrap_or_default();
        if read.files.is_empty() {
            return Err(Error::ResultsEmpty { path: first });
        }
        let kept = derivation
            .filter
            .as_ref()
            .map(|f| (f.text().to_string(), read.builder.considered()));
        let built = read.builder.finish();
        if let Some((filter, (considered, 0))) = &kept {
            return Err(Error::NothingKept {
                path: first,
                filter: filter.clone(),
                considered: *considered,
            });
        }
        if built.records.is_empty() {
            return Err(Error::NoRecords { path: first });
        }
        let mut set =
            ResultSet::of_files(spec, built, first, (read.files, read.names, read.skipped))?;
        if let Some((filter, (considered, kept))) = kept {
            set.notes.push(format!(
                "kept {kept} of {considered} records (where {filter})"
            ));
        }
        Ok(set)
    }

    /// The result set of what was built from the files read, checked, with its warnings.
    fn of_files(
        spec: &LoadSpec,
        built: Built,
        first: PathBuf,
        (files, names, skipped): (Vec<PathBuf>, Vec<String>, Vec<PathBuf>),
    ) -> Result<ResultSet> {
        let Built {
            models,
            records,
            simulated,
            metrics,
            directions: hints,
        } = built;
        let axes = axes(spec, &hints, &files)?;
        let repeats = if spec.data.repeats {
            Repeats::Given
        } else if records.iter().any(|r| r.seed.is_some()) {
            Repeats::BySeed
        } else {
            Repeats::No
        };
        let mut set = ResultSet {
            root: Some(first),
            files,
            file_names: names,
            warnings: Vec::new(),
            notes: Vec::new(),
            models,
            records,
            simulated,
            skipped,
            metrics,
            axes,
            repeats,
        };
        set.check_unique_config_ids()?;
        set.warnings = checks::warnings(&set.records, &set.files, &set.models, &set.axes);
        if set.repeats == Repeats::BySeed && !set.has_repeated_configuration() {
            set.warnings.push(
                "the records carry seeds, but no two share a model and config id, so no runs are averaged: name each configuration with config= (the default id is each record's file path and index)"
                    .to_string(),
            );
        }
        Ok(set)
    }

    /// A config id seen twice for one model is an error naming both files; of several clashes,
    /// the one whose second occurrence comes first in load order is reported.
    ///
    /// Records are sorted by a hash of (model, config id) under a key chosen at random per
    /// run, so that equal ids end up side by side: a sequential pass over a million records
    /// instead of a million scattered hash-table probes, and no input can be made to collide.
    fn check_unique_config_ids(&self) -> Result<()> {
        if self.repeats == Repeats::Given {
            return self.check_unique_seeds();
        }
        let state = std::hash::RandomState::new();
        let mut keyed: Vec<(u64, u32)> = self
            .records
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let key = (r.model, self.config_id(r), &r.seed);
                (state.hash_one(key), i as u32)
            })
            .collect();
        keyed.sort_unstable();
        let same = |a: usize, b: usize| {
            let (ra, rb) = (&self.records[a], &self.records[b]);
            ra.model == rb.model && ra.seed == rb.seed && self.config_id(ra) == self.config_id(rb)
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
            Some((first, second)) if self.records[second].seed.is_some() => {
                Err(self.duplicate_run(first, second))
            }
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

    /// Whether two records share a model and config id (runs to average).
    fn has_repeated_configuration(&self) -> bool {
        let mut seen = std::collections::HashSet::new();
        self.records
            .iter()
            .any(|r| !seen.insert((r.model, self.config_id(r))))
    }

    /// With `repeats=true`: runs without a seed may repeat, but one seed twice in one
    /// configuration is still the same run read twice.
    fn check_unique_seeds(&self) -> Result<()> {
        let mut seeded: Vec<(u32, std::borrow::Cow<str>, &str, usize)> = self
            .records
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                r.seed
                    .as_deref()
                    .map(|s| (r.model, self.config_id(r), s, i))
            })
            .collect();
        seeded.sort();
        match seeded
            .windows(2)
            .filter(|w| (w[0].0, &w[0].1, w[0].2) == (w[1].0, &w[1].1, w[1].2))
            .map(|w| (w[0].3, w[1].3))
            .min_by_key(|&(_, second)| second)
        {
            Some((first, second)) => Err(self.duplicate_run(first, second)),
            None => Ok(()),
        }
    }

    fn duplicate_run(&self, first: usize, second: usize) -> Error {
        let record = &self.records[second];
        Error::DuplicateRun {
            model: self.model_name(record).to_string(),
            config_id: self.config_id(record).to_string(),
            seed: record.seed.as_deref().unwrap_or_default().to_string(),
            first: self.file_path(&self.records[first]).to_path_buf(),
            second: self.file_path(record).to_path_buf(),
        }
    }

    /// Only the models `names`, in that order (records keep their load order).
    pub fn select_models(&self, names: &[String]) -> std::result::Result<ResultSet, BadModels> {
        let mut new_index = vec![None; self.models.len()];
        for (i, name) in names.iter().enumerate() {
            match self.models.iter().position(|m| m == name) {
                Some(old) if new_index[old].is_none() => new_index[old] = Some(i as u32),
                Some(_) => return Err(BadModels::Twice(name.clone())),
                None => {
                    return Err(BadModels::Unknown {
                        name: name.clone(),
                        have: self.models.join(", "),
                    });
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
        let Built {
            models,
            records,
            simulated,
            metrics,
            ..
        } = builder.finish();
        ResultSet {
            root,
            files,
            file_names: Vec::new(),
            warnings: Vec::new(),
            notes: Vec::new(),
            models,
            records,
            simulated,
            skipped: Vec::new(),
            metrics,
            axes: Axes::default(),
            repeats: Repeats::No,
        }
    }

    /// Builds a set from records made in memory (the simulator); `files` may be empty.
    pub fn from_parts(models: Vec<String>, records: Vec<Record>, simulated: bool) -> ResultSet {
        ResultSet {
            root: None,
            files: vec![PathBuf::from("<generated>")],
            file_names: Vec::new(),
            warnings: Vec::new(),
            notes: Vec::new(),
            models,
            records,
            simulated,
            skipped: Vec::new(),
            metrics: Vec::new(),
            axes: Axes::default(),
            repeats: Repeats::No,
        }
    }

    /// One line per skipped file and per warning, for the console or the build log.
    pub(crate) fn skip_notes(&self) -> Vec<String> {
        self.skipped
            .iter()
            .map(|p| {
                format!(
                    "note: skipped {}: a summary effgraph wrote, not a result file",
                    crate::error::shown(p)
                )
            })
            .chain(self.notes.iter().map(|n| format!("note: {n}")))
            .chain(self.warnings.iter().map(|w| format!("warning: {w}")))
            .collect()
    }
}

/// What reading the inputs gave: the records built, and the files read and skipped.
struct Read {
    builder: Builder,
    files: Vec<PathBuf>,
    names: Vec<String>,
    skipped: Vec<PathBuf>,
}

/// Reads every input (a summary effgraph wrote is skipped), each with its path's fields.
fn read_inputs(spec: &LoadSpec, derivation: &Derivation, inputs: Vec<Input>) -> Result<Read> {
    let path_values = path_values(derivation, &inputs)?;
    let wanted = derivation.wanted(&spec.data.fields);
    let roles = derive::role_fields(&spec.data.fields);
    let mut read = Read {
        builder: Builder::default(),
        files: Vec::new(),
        names: Vec::new(),
        skipped: Vec::new(),
    };
    for (input, values) in inputs.into_iter().zip(&path_values) {
        let bytes = crate::fsutil::read_input(&input.path, spec.max_file_size)?;
        if is_own_summary(&bytes) {
            read.skipped.push(input.path);
            continue;
        }
        let relative = input.relative();
        let dir_model = match spec.data.fields.model {
            ModelField::Dir => Some(dir_model(&input, &relative)?),
            ModelField::Field(_) => None,
        };
        let ctx = build::FileContext {
            file: read.files.len() as u32,
            fields: &spec.data.fields,
            dir_model: dir_model.as_deref(),
            path_values: values,
            filter: derivation.filter.as_ref(),
            lookup: derivation.lookup.as_ref(),
            wanted: wanted.as_deref(),
            roles: &roles,
        };
        parse::parse_file(&input.path, &bytes, &ctx, &mut read.builder)?;
        read.files.push(input.path);
        read.names.push(relative);
    }
    Ok(read)
}

/// The fields each input's path gives (`path_fields=`); a pattern that matches no file is an
/// error naming it and one path.
fn path_values(
    derivation: &Derivation,
    inputs: &[Input],
) -> Result<Vec<Vec<(String, serde_json::Value)>>> {
    let values: Vec<Option<Vec<_>>> = inputs
        .iter()
        .map(|input| derivation.fields_of(&input.relative()))
        .collect();
    if let (Some(pattern), Some(input)) = (&derivation.path_fields, inputs.first())
        && values.iter().all(Option::is_none)
    {
        return Err(Error::Input {
            path: input.path.clone(),
            message: format!(
                "path_fields=`{pattern}` matches no result file's path (this one is `{}` below its results path)",
                input.relative()
            ),
        });
    }
    Ok(values.into_iter().map(Option::unwrap_or_default).collect())
}

/// Result files larger than this are refused unless a larger limit is configured.
pub(crate) const DEFAULT_MAX_FILE_SIZE: u64 = 1 << 30;

/// Every summary JSON effgraph writes starts with `"schema": "effgraph-summary/<version>"`.
pub(crate) const SUMMARY_SCHEMA_FAMILY: &str = "effgraph-summary/";

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

/// The model of a file for `model=@dir`: the first folder below its results path.
fn dir_model(input: &Input, relative: &str) -> Result<String> {
    match relative.split_once('/') {
        Some((folder, _)) => match folder.chars().find(|c| c.is_control()) {
            // As for names read from files: a newline or an escape would make messages,
            // figures and documents lie about the name.
            Some(c) => Err(Error::Input {
                path: input.path.clone(),
                message: format!(
                    "model=@dir: the folder name `{}` must not contain control characters, found U+{:04X}",
                    crate::error::escape_controls(folder),
                    u32::from(c)
                ),
            }),
            None => Ok(folder.to_string()),
        },
        None => Err(Error::Input {
            path: input.path.clone(),
            message: "model=@dir takes the model from the first folder below the results path, and this file is not in one".into(),
        }),
    }
}

/// The axes `spec` names, and which way the score is better: as the user says, else as the
/// evaluation harness's files say (all alike: files that disagree are an error, since no
/// direction would be right for all), else as the score's name suggests, else lower.
fn axes(spec: &LoadSpec, higher_is_better: &[(bool, u32)], files: &[PathBuf]) -> Result<Axes> {
    let axis = |field: &Field, label: &Option<String>| {
        let mut axis = Axis::new(field.as_written());
        // A computed value's kind is not its fields' (`exp({loss})` is no loss): it is what
        // the user's title for it says (`x_label="FLOPs per token"`), else unknown.
        if matches!(field, Field::Computed(_)) {
            axis.kind = label.as_deref().map_or(axes::Kind::Other, axes::Kind::of);
        }
        axis
    };
    let data = &spec.data;
    let (mut x, mut y) = (
        axis(&data.fields.x, &data.x_label),
        axis(&data.fields.y, &data.y_label),
    );
    x.label.clone_from(&spec.data.x_label);
    y.label.clone_from(&spec.data.y_label);
    let first = higher_is_better.first().copied();
    if let (None, Some((said, file))) = (spec.data.y_better, first) {
        if let Some(&(_, other)) = higher_is_better.iter().find(|(h, _)| *h != said) {
            let way = |higher: bool| if higher { "higher" } else { "lower" };
            return Err(Error::Config {
                path: files[other as usize].clone(),
                message: format!(
                    "its higher_is_better says {} is better for `{}`, where {} says {}; choose with y_better=",
                    way(!said),
                    y.field,
                    files[file as usize].display(),
                    way(said)
                ),
            });
        }
    }
    let (better, better_because) = match (spec.data.y_better, first.map(|(h, _)| h)) {
        (Some(b), _) => (b, BetterBecause::Given),
        (None, Some(true)) => (Better::Higher, BetterBecause::Harness),
        (None, Some(false)) => (Better::Lower, BetterBecause::Harness),
        (None, None) if y.kind.better() == Better::Higher => {
            (Better::Higher, BetterBecause::FieldName)
        }
        (None, None) => (Better::Lower, BetterBecause::Default),
    };
    Ok(Axes {
        x,
        y,
        better,
        better_because,
    })
}

/// Parses one file's bytes as a result set on its own (the fuzzers' entry point).
pub fn parse_bytes(name: &Path, bytes: &[u8]) -> Result<ResultSet> {
    parse_bytes_with(name, bytes, &Fields::default())
}

/// [`parse_bytes`] through a field mapping.
pub fn parse_bytes_with(name: &Path, bytes: &[u8], fields: &Fields) -> Result<ResultSet> {
    let mut builder = Builder::default();
    let ctx = build::FileContext {
        file: 0,
        fields,
        dir_model: None,
        path_values: &[],
        filter: None,
        lookup: None,
        wanted: None,
        roles: &derive::role_fields(fields),
    };
    parse::parse_file(name, bytes, &ctx, &mut builder)?;
    let set = ResultSet::built(builder, None, vec![name.to_path_buf()]);
    set.check_unique_config_ids()?;
    Ok(set)
}
