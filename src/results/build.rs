//! Building records from values found by any reader (JSON streaming, JSON trees, CSV and
//! TSV rows): the fields' roles, the checks each value gets, and the message for a record
//! that lacks fields, so the same record gives the same result and error in every format.

use std::borrow::Cow;

use super::fields::{Field, Fields, Missing, ModelField, missing_message};
use super::record::{Builder, Record};
use super::scalar::{BadValue, Scalar};

/// What reading one file needs besides its bytes.
pub(super) struct FileContext<'a> {
    /// The file's index in the result set.
    pub file: u32,
    pub fields: &'a Fields,
    /// The model name of every record in this file, for `model=@dir`.
    pub dir_model: Option<&'a str>,
    /// The fields this file's path gives (`path_fields=`).
    pub path_values: &'a [(String, serde_json::Value)],
    /// Only records for which this holds are kept (`where=`).
    pub filter: Option<&'a super::expr::Expr>,
    /// Rows of extra fields, joined to records (`lookup=`).
    pub lookup: Option<&'a super::lookup::LookupTable>,
    /// The only top-level fields a derived record needs, when known (no JSON Pointer is read).
    pub wanted: Option<&'a [String]>,
    /// Each role with the field a derived record reads for it ([`super::derive::role_fields`]).
    pub roles: &'a [(Role, Field)],
}

impl FileContext<'_> {
    /// Whether records are derived (path fields, computed values, a filter), so each is
    /// read as a tree rather than streamed by name.
    pub(super) fn derived(&self) -> bool {
        !self.path_values.is_empty()
            || self.filter.is_some()
            || self.lookup.is_some()
            || self.fields.computed()
    }
}

/// The part a field plays in a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    X,
    Y,
    Model,
    Config,
    Simulated,
    Metric,
    Seed,
    Stderr,
    Params,
    Tokens,
}

impl Role {
    /// Whether an empty table cell counts as no value (an optional field).
    pub(super) fn may_be_blank(self) -> bool {
        matches!(
            self,
            Role::Config | Role::Simulated | Role::Metric | Role::Seed | Role::Stderr
        )
    }

    /// The field as the user named it, for messages.
    pub(super) fn field(self, fields: &Fields) -> String {
        match self {
            Role::X => fields.x.to_string(),
            Role::Y => fields.y.to_string(),
            Role::Model => match &fields.model {
                ModelField::Field(f) => f.to_string(),
                ModelField::Dir => "@dir".into(),
            },
            Role::Config => fields.config.to_string(),
            Role::Simulated => "simulated".into(),
            Role::Metric => "metric".into(),
            Role::Seed => fields.seed.to_string(),
            Role::Stderr => fields.y_stderr().to_string(),
            Role::Params => fields
                .params
                .as_ref()
                .map_or(String::new(), Field::to_string),
            Role::Tokens => fields
                .tokens
                .as_ref()
                .map_or(String::new(), Field::to_string),
        }
    }

    /// The role a top-level key plays under `fields` (plain names only), if any.
    pub(super) fn of_key(key: &str, fields: &Fields) -> Option<Role> {
        let named = |f: &Field| matches!(f, Field::Name(n) if n == key);
        if named(&fields.y) {
            Some(Role::Y)
        } else if named(&fields.x) {
            Some(Role::X)
        } else if matches!(&fields.model, ModelField::Field(f) if named(f)) {
            Some(Role::Model)
        } else if named(&fields.config) {
            Some(Role::Config)
        } else if named(&fields.seed) {
            Some(Role::Seed)
        } else if fields.params.as_ref().is_some_and(named) {
            Some(Role::Params)
        } else if fields.tokens.as_ref().is_some_and(named) {
            Some(Role::Tokens)
        } else if matches!(&fields.y, Field::Name(y) if key.strip_suffix("_stderr") == Some(y)) {
            Some(Role::Stderr)
        } else if key == "simulated" {
            Some(Role::Simulated)
        } else if key == "metric" {
            Some(Role::Metric)
        } else {
            None
        }
    }
}

/// A record's values, each checked as it was found.
#[derive(Default)]
pub(super) struct Found<'a> {
    pub x: Option<f64>,
    pub y: Option<f64>,
    pub model: Option<Cow<'a, str>>,
    pub config: Option<Cow<'a, str>>,
    pub simulated: Option<bool>,
    pub metric: Option<Cow<'a, str>>,
    pub seed: Option<Cow<'a, str>>,
    pub y_stderr: Option<f64>,
    pub params: Option<f64>,
    pub tokens: Option<f64>,
}

/// The text of a name-like value, as borrowed as it came.
fn text<'a>(value: &Scalar<'a>, checked: &str) -> Cow<'a, str> {
    match value {
        Scalar::Str(Cow::Borrowed(s)) => Cow::Borrowed(s),
        Scalar::Cell(s) => Cow::Borrowed(s.trim()),
        _ => Cow::Owned(checked.to_string()),
    }
}

impl<'a> Found<'a> {
    /// Checks `value` for `role` and keeps it: `Ok(false)` when the record already had one,
    /// an error saying what is wrong with the value otherwise.
    pub(super) fn take(&mut self, role: Role, value: Scalar<'a>) -> Result<bool, BadValue> {
        let fresh = match role {
            Role::X => self.x.replace(value.positive()?).is_none(),
            Role::Y => self.y.replace(value.positive()?).is_none(),
            Role::Model => {
                let name = text(&value, value.name()?);
                self.model.replace(name).is_none()
            }
            Role::Config => {
                let name = text(&value, value.name()?);
                self.config.replace(name).is_none()
            }
            Role::Simulated => self.simulated.replace(value.boolean()?).is_none(),
            Role::Params => self.params.replace(value.positive()?).is_none(),
            Role::Tokens => self.tokens.replace(value.positive()?).is_none(),
            Role::Seed => {
                let seed = match &value {
                    Scalar::Number(n) => Cow::Owned(n.to_string()),
                    _ => text(&value, value.name()?),
                };
                self.seed.replace(seed).is_none()
            }
            Role::Stderr => {
                let stderr = value.stderr()?;
                let fresh = self.y_stderr.is_none();
                self.y_stderr = stderr.or(self.y_stderr);
                fresh
            }
            Role::Metric => {
                // Optional: the metric's name labels the perplexity axis; a bad one is ignored.
                let name = match &value {
                    Scalar::Str(s) if !s.chars().any(char::is_control) => Some(text(&value, s)),
                    Scalar::Cell(s) if !s.trim().is_empty() => Some(text(&value, s)),
                    _ => None,
                };
                let fresh = self.metric.is_none();
                self.metric = name.or(self.metric.take());
                fresh
            }
        };
        Ok(fresh)
    }
}

/// Why a record could not be added.
pub(super) enum Failure {
    /// A value is wrong: the field and why.
    Bad(Role, BadValue),
    /// Required fields are absent.
    Missing(Vec<Role>),
}

/// Adds a record with the values `found` (each already checked) to `out`, or says which
/// required fields it lacks.
pub(super) fn add_record(
    found: Found,
    ctx: &FileContext,
    index: Option<u32>,
    out: &mut Builder,
) -> std::result::Result<(), Failure> {
    let model = ctx.dir_model.map(Cow::Borrowed).or(found.model);
    let (Some(model), Some(x), Some(y)) = (model.as_deref(), found.x, found.y) else {
        let mut missing = Vec::new();
        if ctx.dir_model.is_none() && model.is_none() {
            missing.push(Role::Model);
        }
        if found.y.is_none() {
            missing.push(Role::Y);
        }
        if found.x.is_none() {
            missing.push(Role::X);
        }
        return Err(Failure::Missing(missing));
    };
    let fields = ctx.fields;
    let sizes_missing: Vec<Role> = [
        (
            Role::Params,
            fields.params.is_some() && found.params.is_none(),
        ),
        (
            Role::Tokens,
            fields.tokens.is_some() && found.tokens.is_none(),
        ),
    ]
    .into_iter()
    .filter_map(|(role, missing)| missing.then_some(role))
    .collect();
    if !sizes_missing.is_empty() {
        return Err(Failure::Missing(sizes_missing));
    }
    if let Some(metric) = &found.metric {
        out.note_metric(metric);
    }
    let record = Record {
        model: out.intern_model(model),
        file: ctx.file,
        index,
        y,
        x,
        config_id: found.config.map(|c| c.into_owned().into_boxed_str()),
        seed: found.seed.map(|s| s.into_owned().into_boxed_str()),
        y_stderr: found.y_stderr,
        sizes: (found.params.is_some() || found.tokens.is_some()).then(|| {
            Box::new(super::record::Sizes {
                params: found.params,
                tokens: found.tokens,
            })
        }),
    };
    out.push(record, found.simulated.unwrap_or(false));
    Ok(())
}

/// The message of a failure, with the record's keys for suggestions.
pub(super) fn failure_text(
    failure: &Failure,
    fields: &Fields,
    keys: &[String],
) -> (Option<String>, String) {
    match failure {
        Failure::Bad(role, message) => (Some(role.field(fields)), message.to_string()),
        Failure::Missing(roles) => {
            let owned: Vec<(&'static str, Field)> = roles
                .iter()
                .map(|r| {
                    let role = match r {
                        Role::X => "x",
                        Role::Y => "y",
                        Role::Params => "fit_params",
                        Role::Tokens => "fit_tokens",
                        _ => "model",
                    };
                    (role, Field::Name(r.field(fields)))
                })
                .collect();
            let missing: Vec<Missing> = owned
                .iter()
                .map(|(role, field)| Missing { role, field })
                .collect();
            (None, missing_message(&missing, keys))
        }
    }
}
