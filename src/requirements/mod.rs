//! The requirements file: a TOML list of `[[requirement]]` tables, each a claim such as
//! "ResNet-BK reaches PPL 30 with 2x fewer FLOPs than Mamba". Parsing only; whether a claim
//! holds is decided in [`crate::analysis`]. Every error carries `file:line:column`.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Location, Result};

mod metric;

pub use metric::{METRICS, Metric, Target, TargetKey};

/// Where readings come from: the frontiers (always honest: a target beyond the data is not
/// reached), or a fitted scaling law that may read beyond them, saying so (`from=fit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum ReadFrom {
    #[default]
    Frontier,
    Fit,
}

impl std::str::FromStr for ReadFrom {
    type Err = crate::error::Invalid;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s {
            "frontier" => Ok(ReadFrom::Frontier),
            "fit" => Ok(ReadFrom::Fit),
            other => Err(crate::error::Invalid(format!(
                "unknown source `{other}` (expected `frontier` or `fit`)"
            ))),
        }
    }
}

crate::deserialize_from_str!(ReadFrom);

#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    pub id: String,
    pub description: String,
    pub metric: Metric,
    pub candidate: String,
    pub baseline: String,
    pub threshold: f64,
    /// Where the two models' values are read (`from = "fit"`; the frontiers by default).
    pub from: ReadFrom,
    /// Where `candidate` and `baseline` are written, for "unknown model" errors.
    pub candidate_at: Location,
    pub baseline_at: Location,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Requirements {
    pub path: Option<PathBuf>,
    pub list: Vec<Requirement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    requirement: Vec<Spanned<RawRequirement>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequirement {
    id: Spanned<String>,
    #[serde(default)]
    description: Option<String>,
    metric: Spanned<String>,
    candidate: Spanned<String>,
    baseline: Spanned<String>,
    at_y: Option<Spanned<f64>>,
    at_x: Option<Spanned<f64>>,
    at_ppl: Option<Spanned<f64>>,
    at_flops: Option<Spanned<f64>>,
    threshold: Spanned<f64>,
    from: Option<Spanned<String>>,
}

impl Requirements {
    pub fn load(path: &Path) -> Result<Requirements> {
        let text = crate::fsutil::read_text(path, crate::fsutil::TEXT_LIMIT)?;
        Requirements::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Requirements> {
        let at = |offset: usize| Location::at_offset(path, text, offset);
        let fail = |offset: usize, message: String| Error::Requirements {
            location: at(offset),
            message,
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            fail(offset, without_strings(e.message().trim_end()))
        })?;
        if raw.requirement.is_empty() {
            return Err(fail(0, "no [[requirement]] tables".to_string()));
        }
        let mut list: Vec<Requirement> = Vec::with_capacity(raw.requirement.len());
        for spanned in raw.requirement {
            let start = spanned.span().start;
            let r = spanned.into_inner();
            if list.iter().any(|seen| &seen.id == r.id.get_ref()) {
                let message = format!("requirement id `{}` is used twice", r.id.get_ref());
                return Err(fail(r.id.span().start, message));
            }
            let metric = metric(&r, start).map_err(|(offset, m)| fail(offset, m))?;
            for (key, value) in [
                ("id", &r.id),
                ("candidate", &r.candidate),
                ("baseline", &r.baseline),
            ] {
                if value.get_ref().trim().is_empty() {
                    return Err(fail(
                        value.span().start,
                        format!("`{key}` must not be empty"),
                    ));
                }
                if let Some(c) = value.get_ref().chars().find(|c| c.is_control()) {
                    let message = format!(
                        "`{key}` must not contain control characters, found U+{:04X}",
                        u32::from(c)
                    );
                    return Err(fail(value.span().start, message));
                }
            }
            if !r.threshold.get_ref().is_finite() {
                let message = "`threshold` must be a finite number".to_string();
                return Err(fail(r.threshold.span().start, message));
            }
            let from = match &r.from {
                Some(f) => (f.get_ref().parse())
                    .map_err(|e: crate::error::Invalid| fail(f.span().start, e.0))?,
                None => ReadFrom::Frontier,
            };
            list.push(Requirement {
                from,
                description: r.description.unwrap_or_else(|| r.id.get_ref().clone()),
                id: r.id.into_inner(),
                metric,
                candidate_at: at(r.candidate.span().start),
                baseline_at: at(r.baseline.span().start),
                candidate: r.candidate.into_inner(),
                baseline: r.baseline.into_inner(),
                threshold: r.threshold.into_inner(),
            });
        }
        Ok(Requirements {
            path: Some(path.to_path_buf()),
            list,
        })
    }
}

impl Requirements {
    /// The requirements about the `shown` models, and a note for each one left out because a
    /// model it compares is not shown. A model the results (`all`) do not have is an error
    /// wherever it is, so a misspelt name never passes as "not shown".
    pub(crate) fn about(
        self,
        all: &[String],
        shown: &[String],
    ) -> Result<(Requirements, Vec<String>)> {
        let mut kept = Vec::with_capacity(self.list.len());
        let mut skipped = Vec::new();
        for r in self.list {
            let mut hidden = Vec::new();
            for (name, at) in [
                (&r.candidate, &r.candidate_at),
                (&r.baseline, &r.baseline_at),
            ] {
                if !all.contains(name) {
                    return Err(unknown_model(name, at, all.iter().map(String::as_str)));
                }
                if !shown.contains(name) && !hidden.contains(&name.as_str()) {
                    hidden.push(name.as_str());
                }
            }
            if hidden.is_empty() {
                kept.push(r);
            } else {
                let note = format!(
                    "{} not checked here: {} not among the models shown",
                    r.id,
                    crate::format::list(&hidden)
                );
                skipped.push(note);
            }
        }
        let path = self.path;
        Ok((Requirements { path, list: kept }, skipped))
    }
}

/// The error for a requirement naming a model the results do not have.
pub(crate) fn unknown_model<'a>(
    name: &str,
    at: &Location,
    known: impl Iterator<Item = &'a str>,
) -> Error {
    Error::Requirements {
        location: at.clone(),
        message: format!(
            "unknown model `{name}` (the results have: {})",
            known.collect::<Vec<_>>().join(", ")
        ),
    }
}

/// serde's "invalid type: string \"…\"" quotes the file; a requirements path may point
/// anywhere the user can read, so messages say "a string" instead.
fn without_strings(message: &str) -> String {
    let Some(start) = message.find("string \"") else {
        return message.to_string();
    };
    let after = &message[start + "string \"".len()..];
    let mut chars = after.char_indices();
    let mut end = after.len();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => {
                end = i + 1;
                break;
            }
            _ => {}
        }
    }
    format!(
        "{}a string{}",
        &message[..start],
        without_strings(&after[end..])
    )
}

/// The metric and its one target key; errors point at the offending key's value.
fn metric(r: &RawRequirement, table_start: usize) -> Result<Metric, (usize, String)> {
    let name = r.metric.get_ref().as_str();
    let Some(metric) = METRICS.iter().find(|m| m.name == name) else {
        let names: Vec<String> = METRICS.iter().map(|m| format!("`{}`", m.name)).collect();
        return Err((
            r.metric.span().start,
            format!("unknown metric `{name}` (expected {})", names.join(", ")),
        ));
    };
    let key = metric.key;
    let value = |k: TargetKey| match k {
        TargetKey::AtY => &r.at_y,
        TargetKey::AtX => &r.at_x,
        TargetKey::AtPpl => &r.at_ppl,
        TargetKey::AtFlops => &r.at_flops,
    };
    for other in TargetKey::ALL.iter().copied().filter(|k| *k != key) {
        if let Some(v) = value(other) {
            let message = format!("`{}` does not apply to `{name}`", other.name());
            return Err((v.span().start, message));
        }
    }
    let Some(target) = value(key) else {
        return Err((table_start, format!("`{name}` needs `{}`", key.name())));
    };
    let x = *target.get_ref();
    if !(x.is_finite() && x > 0.0) {
        let message = format!("`{}` must be a finite number > 0", key.name());
        return Err((target.span().start, message));
    }
    Ok((metric.make)(x))
}
