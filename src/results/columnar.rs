//! Parquet result files (W&B's lossless history export, the Open LLM Leaderboard's contents):
//! read like a table, each row a record whose columns are its fields, through the `parquet`
//! crate's row reader with only the Snappy codec built in. Numbers, strings and booleans are
//! values; a nested, binary or date column is left out, and refused with its name when the
//! field mapping or the filter names it; a file that is truncated or compressed with another
//! codec is refused.

use std::path::Path;

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field as Cell;
use serde_json::{Map, Value};

use super::build::{FileContext, Found, Role, add_record, failure_text};
use super::derive::{At, derived_record};
use super::record::Builder;
use super::scalar::Scalar;
use crate::error::{Error, Location, RecordPlace, Result};

/// Parses the Parquet file `path` (its `bytes`), one record per row.
pub(super) fn parse_parquet(
    path: &Path,
    bytes: &[u8],
    ctx: &FileContext,
    out: &mut Builder,
) -> Result<()> {
    let fail = |message: String| Error::Input {
        path: path.to_path_buf(),
        message,
    };
    let reader = SerializedFileReader::new(bytes::Bytes::copy_from_slice(bytes)).map_err(|e| {
        fail(format!(
            "not a readable Parquet file: {}",
            parquet_message(&e)
        ))
    })?;
    let rows = reader
        .get_row_iter(None)
        .map_err(|e| fail(format!("cannot read its rows: {}", parquet_message(&e))))?;
    let named = named_texts(ctx);
    for (index, row) in rows.enumerate() {
        let row = row.map_err(|e| fail(format!("row {index}: {}", parquet_message(&e))))?;
        if !ctx.derived() && ctx.fields.are_names() {
            plain_row(path, &row, index, ctx, out)?;
            continue;
        }
        let mut record = Map::new();
        for (name, cell) in row.get_column_iter() {
            let value = value_of(cell);
            if value.is_err() && !named.iter().any(|t| t.contains(name.as_str())) {
                continue;
            }
            let value = value.map_err(|kind| Error::Record {
                location: Location::new(path, 1, 1),
                place: RecordPlace {
                    index: Some(index),
                    field: Some(name.clone()),
                },
                message: format!(
                    "a column of {kind} cannot be read (numbers, strings and booleans can)"
                ),
            })?;
            record.insert(name.clone(), value);
        }
        let at = At {
            path,
            line: 1,
            index: Some(index as u32),
        };
        derived_record(&Value::Object(record), false, ctx, &at, out)?;
    }
    Ok(())
}

/// A row read by field names alone: each named column's cell checked for its role, with no
/// intermediate record (as a CSV row is read).
fn plain_row(
    path: &Path,
    row: &parquet::record::Row,
    index: usize,
    ctx: &FileContext,
    out: &mut Builder,
) -> Result<()> {
    let at = |field: Option<String>, message: String| Error::Record {
        location: Location::new(path, 1, 1),
        place: RecordPlace {
            index: Some(index),
            field,
        },
        message,
    };
    let mut found = Found::default();
    for (name, cell) in row.get_column_iter() {
        let Some(role) = Role::of_key(name, ctx.fields) else {
            continue;
        };
        let scalar = match (cell, number_of(cell)) {
            // A missing cell of a nullable column is no value.
            (Cell::Null, _) => continue,
            (Cell::Str(s), _) => Scalar::Str(std::borrow::Cow::Borrowed(s)),
            (Cell::Bool(b), _) => Scalar::Bool(*b),
            (_, Some(n)) => Scalar::Number(n),
            (other, None) => {
                let kind = value_of(other).err().unwrap_or("values");
                let message = format!(
                    "a column of {kind} cannot be read (numbers, strings and booleans can)"
                );
                return Err(at(Some(name.clone()), message));
            }
        };
        found
            .take(role, scalar)
            .map_err(|m| at(Some(role.field(ctx.fields)), m.to_string()))?;
    }
    add_record(found, ctx, Some(index as u32), out).map_err(|failure| {
        let keys: Vec<String> = row.get_column_iter().map(|(n, _)| n.clone()).collect();
        let (field, message) = failure_text(&failure, ctx.fields, &keys);
        at(field, message)
    })
}

/// The texts that name fields: the field mapping's and the filter's.
fn named_texts(ctx: &FileContext) -> Vec<String> {
    let f = ctx.fields;
    let mut texts = vec![
        f.x.to_string(),
        f.y.to_string(),
        f.config.to_string(),
        f.seed.to_string(),
        f.y_stderr().to_string(),
    ];
    if let super::fields::ModelField::Field(model) = &f.model {
        texts.push(model.to_string());
    }
    texts.extend(ctx.filter.map(|e| e.text().to_string()));
    texts
}

/// A numeric cell's value.
fn number_of(cell: &Cell) -> Option<f64> {
    Some(match cell {
        Cell::Byte(n) => f64::from(*n),
        Cell::Short(n) => f64::from(*n),
        Cell::Int(n) => f64::from(*n),
        Cell::Long(n) => *n as f64,
        Cell::UByte(n) => f64::from(*n),
        Cell::UShort(n) => f64::from(*n),
        Cell::UInt(n) => f64::from(*n),
        Cell::ULong(n) => *n as f64,
        Cell::Float16(n) => f64::from(*n),
        Cell::Float(n) => f64::from(*n),
        Cell::Double(n) => *n,
        _ => return None,
    })
}

/// A cell as a record value, or the kind of column it is when effgraph cannot read it.
fn value_of(cell: &Cell) -> std::result::Result<Value, &'static str> {
    let number = |n: f64| serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number);
    Ok(match cell {
        Cell::Null => Value::Null,
        Cell::Bool(b) => Value::Bool(*b),
        Cell::Byte(n) => Value::from(*n),
        Cell::Short(n) => Value::from(*n),
        Cell::Int(n) => Value::from(*n),
        Cell::Long(n) => Value::from(*n),
        Cell::UByte(n) => Value::from(*n),
        Cell::UShort(n) => Value::from(*n),
        Cell::UInt(n) => Value::from(*n),
        Cell::ULong(n) => Value::from(*n),
        Cell::Float16(n) => number(f64::from(*n)),
        Cell::Float(n) => number(f64::from(*n)),
        Cell::Double(n) => number(*n),
        Cell::Str(s) => Value::String(s.clone()),
        Cell::Decimal(_) => return Err("decimals"),
        Cell::Bytes(_) => return Err("bytes"),
        Cell::Group(_) => return Err("groups"),
        Cell::ListInternal(_) => return Err("lists"),
        Cell::MapInternal(_) => return Err("maps"),
        _ => return Err("dates or times"),
    })
}

/// A `parquet` error as one line, without the crate's prefixes.
fn parquet_message(e: &parquet::errors::ParquetError) -> String {
    let text = e.to_string();
    let text = text.lines().next().unwrap_or_default();
    text.trim_start_matches("Parquet error: ")
        .trim_start_matches("General error: ")
        .to_string()
}
