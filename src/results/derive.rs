//! Records whose values are derived: fields taken from a file's path (`path_fields=`), rows
//! of a lookup table (`lookup=`), computed values (`x="6 * {size} * {step}"`) and row filters
//! (`where=`). Every reader hands such a record over as its top-level fields ([`Entries`]: a
//! table row's cells, a JSON record's keys, only those the settings read when that is known);
//! the record gets its path's fields and its lookup row, is kept or dropped by the filter, and
//! each role's value is read or computed and checked as any reader's is.

use std::path::Path;

use serde_json::Value;

use super::build::{FileContext, Found, Role, add_record, failure_text};
use super::expr::{Entries, EvalError, Expr, Scope};
use super::fields::{Field, Fields, ModelField};
use super::lookup::{DEFAULT_KEY, LookupTable, key_text};
use super::record::Builder;
use crate::error::{Error, Invalid, Location, RecordPlace, Result};

/// How the records of a load are derived, beyond the field mapping.
#[derive(Debug, Default)]
pub(super) struct Derivation {
    /// Matched against each file's path below its results path; named groups become fields.
    pub path_fields: Option<regex::Regex>,
    /// Only records for which this holds are kept.
    pub filter: Option<Expr>,
    /// Rows of extra fields joined to the records.
    pub lookup: Option<LookupTable>,
}

impl Derivation {
    /// The derivation asked for: the path pattern compiled, the lookup table (`lookup`,
    /// joined on `lookup_on`) read within `limit` bytes.
    pub(super) fn new(
        path_fields: Option<&str>,
        filter: Option<&Expr>,
        (lookup, lookup_on): (Option<&Path>, Option<&str>),
        limit: u64,
    ) -> Result<Derivation> {
        let path_fields = path_fields.map(compile).transpose()?;
        let key = lookup_on.unwrap_or(DEFAULT_KEY);
        let lookup = lookup.map(|path| LookupTable::read(path, key, limit));
        Ok(Derivation {
            path_fields,
            filter: filter.cloned(),
            lookup: lookup.transpose()?,
        })
    }

    /// The top-level fields a record must keep for `fields`, the filter and the lookup, or
    /// `None` when a JSON Pointer is read (then the whole record is kept).
    pub(super) fn wanted(&self, fields: &Fields) -> Option<Vec<String>> {
        let mut names = vec!["simulated".to_string(), "metric".to_string()];
        let model = match &fields.model {
            ModelField::Field(f) => f.names(&mut names),
            ModelField::Dir => true,
        };
        let all = [
            &fields.x,
            &fields.y,
            &fields.config,
            &fields.seed,
            &fields.y_stderr(),
        ]
        .iter()
        .fold(model, |all, f| all & f.names(&mut names));
        let filter = self.filter.as_ref().is_none_or(|f| f.names(&mut names));
        names.extend(self.lookup.as_ref().map(|t| t.key.clone()));
        (all && filter).then_some(names)
    }

    /// The fields `relative` (a file's path below its results path) gives, or `None` when
    /// the pattern does not match it.
    pub(super) fn fields_of(&self, relative: &str) -> Option<Vec<(String, Value)>> {
        let Some(pattern) = &self.path_fields else {
            return Some(Vec::new());
        };
        let found = pattern.captures(relative)?;
        let named = pattern.capture_names().flatten();
        let fields = named
            .filter_map(|name| found.name(name).map(|m| (name, m.as_str())))
            .map(|(name, text)| (name.to_string(), path_value(text)))
            .collect();
        Some(fields)
    }
}

/// The largest compiled pattern accepted: path patterns are short; a huge one is a mistake
/// or an attack on memory.
const PATTERN_LIMIT: usize = 1 << 20;

/// `text` as a `regex` pattern, checked.
pub(crate) fn compile(text: &str) -> Result<regex::Regex> {
    checked_pattern(text).map_err(Error::Setting)
}

/// `text` as a `regex` pattern with at least one named group, or why not.
pub(crate) fn checked_pattern(text: &str) -> std::result::Result<regex::Regex, Invalid> {
    let pattern = regex::RegexBuilder::new(text)
        .size_limit(PATTERN_LIMIT)
        .dfa_size_limit(PATTERN_LIMIT)
        .build()
        .map_err(|e| {
            Invalid(format!(
                "`{text}` is not a pattern: {}",
                one_line(&e.to_string())
            ))
        })?;
    if pattern.capture_names().flatten().next().is_none() {
        return Err(Invalid(format!(
            "`{text}` has no named group: write one as (?<name>…) for each field"
        )));
    }
    Ok(pattern)
}

/// The last line of a `regex` error (its first lines repeat the pattern).
fn one_line(message: &str) -> String {
    let lines: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines
        .last()
        .copied()
        .unwrap_or(message)
        .trim_start_matches("error: ")
        .to_string()
}

/// A value from a path: a number when it looks like one, model-size suffixes included
/// (`70m` = 7e7, `1.4b` = 1.4e9, `7b1` = 7.1e9, `13B`, `1T`, `125k`; never milli); else text.
pub(crate) fn path_value(text: &str) -> Value {
    size_number(text)
        .and_then(serde_json::Number::from_f64)
        .map_or_else(|| Value::String(text.to_string()), Value::Number)
}

fn size_number(text: &str) -> Option<f64> {
    if let Ok(n) = text.parse::<f64>() {
        return n.is_finite().then_some(n);
    }
    let at = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (whole, rest) = text.split_at(at);
    let mut chars = rest.chars();
    let multiplier = match chars.next()? {
        'k' | 'K' => 1e3,
        'm' | 'M' => 1e6,
        'b' | 'B' => 1e9,
        't' | 'T' => 1e12,
        _ => return None,
    };
    let fraction = chars.as_str();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let number = match fraction {
        "" if whole.parse::<f64>().is_ok() && !whole.starts_with(['+', '-']) => {
            whole.parse::<f64>().ok()?
        }
        // `7b1`: the digits after the suffix are the decimals.
        f if digits(whole) && digits(f) => format!("{whole}.{f}").parse().ok()?,
        _ => return None,
    };
    Some(number * multiplier)
}

/// Where a record is, for its errors.
pub(super) struct At<'a> {
    pub path: &'a Path,
    pub line: usize,
    pub index: Option<u32>,
}

impl At<'_> {
    fn error(&self, field: Option<String>, message: String) -> Error {
        Error::Record {
            location: Location::new(self.path, self.line, 1),
            place: RecordPlace {
                index: self.index.map(|i| i as usize),
                field,
            },
            message,
        }
    }
}

/// One record read from its tree: given its path's fields, filtered, and its roles read or
/// computed; `cells` says its strings are table cells.
pub(super) fn derived_record(
    mut record: Entries,
    cells: bool,
    ctx: &FileContext,
    at: &At,
    out: &mut Builder,
) -> Result<()> {
    // A path's fields win over the record's own.
    for (name, value) in ctx.path_values {
        record.set(name, value.clone());
    }
    joined(&mut record, cells, ctx, at)?;
    let scope = Scope {
        record: &record,
        cells,
    };
    out.note_considered();
    if let Some(filter) = ctx.filter {
        let holds = filter.holds(&scope);
        let where_ = || Some(format!("where={}", filter.text()));
        let holds = holds.map_err(|e| at.error(where_(), explained(&e, &record)))?;
        if !holds {
            return Ok(());
        }
    }
    let found = found(&scope, ctx, at)?;
    let keys = || super::fields::keys_of(&record.to_value());
    add_record(found, ctx, at.index, out).map_err(|failure| {
        let (field, message) = failure_text(&failure, ctx.fields, &keys());
        at.error(field, message)
    })
}

/// The record with its lookup row's fields (the record's own win); a record whose key has no
/// row is an error naming the key and the table.
fn joined(record: &mut Entries, cells: bool, ctx: &FileContext, at: &At) -> Result<()> {
    let Some(table) = ctx.lookup else {
        return Ok(());
    };
    let on = format!("joined on `{}`", table.key);
    let Some(key) = lookup_key(record, cells, ctx, &table.key) else {
        let message = format!("the record has no `{}` to look up ({on})", table.key);
        return Err(at.error(None, message));
    };
    let Some(row) = table.row(&key) else {
        let shown = crate::error::shown(&table.path);
        let message = format!("no row for `{key}` in the lookup table {shown} ({on})");
        return Err(at.error(None, message));
    };
    for (name, value) in row {
        record.add(name, value);
    }
    Ok(())
}

/// The record's value of the lookup table's key: its field of that name, else, for the
/// default key, its model's name (from `model=`, or its folder with `model=@dir`).
fn lookup_key(record: &Entries, cells: bool, ctx: &FileContext, key: &str) -> Option<String> {
    if let Some(value) = record.get(key) {
        return key_text(value);
    }
    if key != DEFAULT_KEY {
        return None;
    }
    if let Some(dir) = ctx.dir_model {
        return Some(dir.to_string());
    }
    let ModelField::Field(field) = &ctx.fields.model else {
        return None;
    };
    let scope = Scope { record, cells };
    field.scalar(&scope).ok().flatten().and_then(|s| s.text())
}

/// Each role's value, read or computed and checked.
fn found<'v>(scope: &Scope<'v>, ctx: &FileContext, at: &At) -> Result<Found<'v>> {
    let fields = ctx.fields;
    let mut found = Found::default();
    for &(role, ref field) in ctx.roles {
        let value = field
            .scalar(scope)
            .map_err(|e| at.error(Some(role.field(fields)), explained(&e, scope.record)))?;
        let Some(value) = value else { continue };
        if scope.cells && value.is_blank() && role.may_be_blank() {
            continue;
        }
        found
            .take(role, value)
            .map_err(|m| at.error(Some(role.field(fields)), m.to_string()))?;
    }
    Ok(found)
}

/// What is wrong with a record's values, with the nearest existing field for a missing one.
fn explained(e: &EvalError, record: &Entries) -> String {
    let EvalError::Missing(name) = e else {
        return e.to_string();
    };
    let keys = super::fields::keys_of(&record.to_value());
    match super::fields::nearest(name, &keys) {
        Some(near) => format!("{e} (did you mean `{near}`?)"),
        None => format!("{e} (it has {})", super::fields::first_keys(&keys)),
    }
}

/// Each role a record's fields play, with the field read for it: the mapping's, the standard
/// error beside the score, and the `simulated` and `metric` flags (made once per load).
pub(super) fn role_fields(fields: &Fields) -> Vec<(Role, Field)> {
    let mut roles = vec![(Role::X, fields.x.clone()), (Role::Y, fields.y.clone())];
    if let ModelField::Field(f) = &fields.model {
        roles.push((Role::Model, f.clone()));
    }
    roles.extend([
        (Role::Config, fields.config.clone()),
        (Role::Seed, fields.seed.clone()),
        (Role::Stderr, fields.y_stderr()),
        (Role::Simulated, Field::Name("simulated".into())),
        (Role::Metric, Field::Name("metric".into())),
    ]);
    roles.extend(fields.params.clone().map(|f| (Role::Params, f)));
    roles.extend(fields.tokens.clone().map(|f| (Role::Tokens, f)));
    roles
}

/// A table row as a record: each header names its cell's text.
pub(super) fn row_record(headers: &[String], row: &csv::StringRecord) -> Entries {
    let mut record = Entries::default();
    for (h, c) in headers.iter().zip(row.iter()) {
        record.push(h.clone(), Value::String(c.to_string()));
    }
    record
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_values_read_model_sizes() {
        let n = |t: &str| path_value(t).as_f64();
        assert_eq!(n("70m"), Some(7e7));
        assert_eq!(n("1.4b"), Some(1.4e9));
        assert_eq!(n("1.4B"), Some(1.4e9));
        assert_eq!(n("7b1"), Some(7.1e9));
        assert_eq!(n("125M"), Some(1.25e8));
        assert_eq!(n("13B"), Some(1.3e10));
        assert_eq!(n("1T"), Some(1e12));
        assert_eq!(n("93000"), Some(93000.0));
        assert_eq!(path_value("pythia-70m"), Value::String("pythia-70m".into()));
        assert_eq!(path_value("7b1x"), Value::String("7b1x".into()));
        assert_eq!(path_value("m"), Value::String("m".into()));
    }

    #[test]
    fn patterns_need_a_named_group_and_a_size_limit() {
        assert!(checked_pattern("(?<size>[0-9]+)m").is_ok());
        assert_eq!(
            checked_pattern("[0-9]+").unwrap_err(),
            "`[0-9]+` has no named group: write one as (?<name>…) for each field"
        );
        assert!(
            checked_pattern("(?<a>")
                .unwrap_err()
                .to_string()
                .starts_with("`(?<a>` is not a pattern: ")
        );
        let huge = format!("(?<a>{})", "[a-z]{1000}".repeat(50));
        assert!(checked_pattern(&huge).is_err());
    }
}
