//! Parquet result files (W&B's lossless history export, the Open LLM Leaderboard's contents):
//! read like a table, each row a record whose columns are its fields, through the `parquet`
//! crate with only the Snappy codec built in. Read by field names alone, each named column is
//! read whole by its typed reader and the rows are assembled from them (as fast as a CSV);
//! derived records (path fields, computed values, filters, lookups) go row by row. Numbers,
//! strings and booleans are values; a nested, binary or date column is left out, and refused
//! with its name when a setting reads it; a file that is truncated or compressed with another
//! codec is refused.

use std::path::Path;

use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use parquet::data_type::{ByteArray, DataType};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field as Cell;
use serde_json::Value;

use super::build::{FileContext, Found, Role, add_record, failure_text};
use super::derive::{At, derived_record};
use super::expr::Entries;
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
    if !ctx.derived() && ctx.fields.are_names() {
        return by_columns(path, &reader, ctx, out);
    }
    let rows = reader
        .get_row_iter(None)
        .map_err(|e| fail(format!("cannot read its rows: {}", parquet_message(&e))))?;
    // The columns the settings read, when known (as a JSON record keeps only those): others
    // are left out, so a column of a kind effgraph cannot read matters only when it is read.
    let read = |name: &String| ctx.wanted.is_none_or(|w| w.contains(name));
    for (index, row) in rows.enumerate() {
        let row = row.map_err(|e| fail(format!("row {index}: {}", parquet_message(&e))))?;
        let mut record = Entries::default();
        for (name, cell) in row.get_column_iter() {
            if !read(name) {
                continue;
            }
            let value = value_of(cell);
            if value.is_err() && ctx.wanted.is_none() {
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
            record.push(name.clone(), value);
        }
        let at = At {
            path,
            line: 1,
            index: Some(index as u32),
        };
        derived_record(record, false, ctx, &at, out)?;
    }
    Ok(())
}

/// One column's values in row order (`None`: a null).
enum Column {
    Numbers(Vec<Option<f64>>),
    Texts(Vec<Option<ByteArray>>),
    Bools(Vec<Option<bool>>),
}

impl Column {
    fn scalar(&self, row: usize) -> Option<Scalar<'_>> {
        match self {
            Column::Numbers(v) => v[row].map(Scalar::Number),
            Column::Texts(v) => v[row].as_ref().map(|b| match b.as_utf8() {
                Ok(text) => Scalar::Str(std::borrow::Cow::Borrowed(text)),
                Err(_) => Scalar::Array,
            }),
            Column::Bools(v) => v[row].map(Scalar::Bool),
        }
    }
}

/// A file read by field names alone: each named column read whole, then each row's cells
/// checked for their roles, with no intermediate record (as a CSV row is read).
fn by_columns(
    path: &Path,
    reader: &SerializedFileReader<bytes::Bytes>,
    ctx: &FileContext,
    out: &mut Builder,
) -> Result<()> {
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    let names: Vec<String> = (0..schema.num_columns())
        .map(|i| schema.column(i).path().string())
        .collect();
    let at = |index: usize, field: Option<String>, message: String| Error::Record {
        location: Location::new(path, 1, 1),
        place: RecordPlace {
            index: Some(index),
            field,
        },
        message,
    };
    let mut first = 0;
    for g in 0..reader.num_row_groups() {
        let group = reader.get_row_group(g).map_err(|e| read_error(path, &e))?;
        let rows = usize::try_from(group.metadata().num_rows()).unwrap_or(0);
        let mut columns = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let Some(role) = Role::of_key(name, ctx.fields) else {
                continue;
            };
            let max_def = schema.column(i).max_def_level();
            let column = read_column(group.get_column_reader(i), rows, max_def)
                .map_err(|e| e.located(path, first, name))?;
            columns.push((role, column));
        }
        for row in 0..rows {
            let index = first + row;
            let mut found = Found::default();
            for (role, column) in &columns {
                let Some(scalar) = column.scalar(row) else {
                    continue;
                };
                found
                    .take(*role, scalar)
                    .map_err(|m| at(index, Some(role.field(ctx.fields)), m.to_string()))?;
            }
            add_record(found, ctx, Some(index as u32), out).map_err(|failure| {
                let (field, message) = failure_text(&failure, ctx.fields, &names);
                at(index, field, message)
            })?;
        }
        first += rows;
    }
    Ok(())
}

/// Why a column could not be read.
enum ColumnError {
    Parquet(parquet::errors::ParquetError),
    Kind(&'static str),
}

impl ColumnError {
    fn located(self, path: &Path, first_row: usize, name: &str) -> Error {
        match self {
            ColumnError::Parquet(e) => read_error(path, &e),
            ColumnError::Kind(kind) => Error::Record {
                location: Location::new(path, 1, 1),
                place: RecordPlace {
                    index: Some(first_row),
                    field: Some(name.to_string()),
                },
                message: format!(
                    "a column of {kind} cannot be read (numbers, strings and booleans can)"
                ),
            },
        }
    }
}

fn read_error(path: &Path, e: &parquet::errors::ParquetError) -> Error {
    Error::Input {
        path: path.to_path_buf(),
        message: format!("cannot read its rows: {}", parquet_message(e)),
    }
}

/// A whole column of `rows` rows, nulls in place.
fn read_column(
    reader: parquet::errors::Result<ColumnReader>,
    rows: usize,
    max_def: i16,
) -> std::result::Result<Column, ColumnError> {
    let reader = reader.map_err(ColumnError::Parquet)?;
    let read = |e| ColumnError::Parquet(e);
    Ok(match reader {
        ColumnReader::BoolColumnReader(mut r) => {
            Column::Bools(all(&mut r, rows, max_def).map_err(read)?)
        }
        ColumnReader::Int32ColumnReader(mut r) => {
            numbers(all(&mut r, rows, max_def).map_err(read)?, f64::from)
        }
        ColumnReader::Int64ColumnReader(mut r) => {
            numbers(all(&mut r, rows, max_def).map_err(read)?, |n| n as f64)
        }
        ColumnReader::FloatColumnReader(mut r) => {
            numbers(all(&mut r, rows, max_def).map_err(read)?, f64::from)
        }
        ColumnReader::DoubleColumnReader(mut r) => {
            Column::Numbers(all(&mut r, rows, max_def).map_err(read)?)
        }
        ColumnReader::ByteArrayColumnReader(mut r) => {
            Column::Texts(all(&mut r, rows, max_def).map_err(read)?)
        }
        _ => return Err(ColumnError::Kind("fixed-length bytes")),
    })
}

fn numbers<T: Copy>(values: Vec<Option<T>>, to: impl Fn(T) -> f64) -> Column {
    Column::Numbers(values.into_iter().map(|v| v.map(&to)).collect())
}

/// Every value of a column of `rows` rows; a null where the definition level says so.
fn all<T: DataType>(
    reader: &mut ColumnReaderImpl<T>,
    rows: usize,
    max_def: i16,
) -> parquet::errors::Result<Vec<Option<T::T>>> {
    let (mut values, mut levels) = (Vec::with_capacity(rows), Vec::new());
    let mut total = 0;
    while total < rows {
        let defs = (max_def > 0).then_some(&mut levels);
        let (records, _, _) = reader.read_records(rows - total, defs, None, &mut values)?;
        if records == 0 {
            break;
        }
        total += records;
    }
    if max_def == 0 {
        return Ok(values.into_iter().map(Some).collect());
    }
    let mut values = values.into_iter();
    Ok(levels
        .iter()
        .map(|&d| if d == max_def { values.next() } else { None })
        .collect())
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
