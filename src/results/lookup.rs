//! Lookup tables (`lookup=FILE`): rows of extra fields joined to records by a key, such as
//! each model's exact parameter count or tokens per step. A table is CSV, TSV, JSON (an array
//! of objects, or an object of objects keyed by the key) or TOML (tables keyed by the key, or
//! an array of tables); its key column is `lookup_on=` (default `model`), matched against the
//! record's field of that name, or against the model name by default.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// The column a table is joined on when `lookup_on=` is not given: the model.
pub(crate) const DEFAULT_KEY: &str = "model";

/// A lookup table, read and checked.
#[derive(Debug)]
pub(crate) struct LookupTable {
    pub path: PathBuf,
    /// The key column, and the record field (or, for `model`, the model name) it is matched on.
    pub key: String,
    rows: HashMap<String, Map<String, Value>>,
}

impl LookupTable {
    /// Reads the table at `path` keyed on `key`; an unreadable table, a row without the key
    /// and a key given twice are errors naming the table.
    pub(crate) fn read(path: &Path, key: &str, limit: u64) -> Result<LookupTable> {
        let text = crate::fsutil::read_text(path, limit)?;
        let fail = |message: &dyn std::fmt::Display| Error::Input {
            path: path.to_path_buf(),
            message: message.to_string(),
        };
        let rows = match path.extension().and_then(|e| e.to_str()) {
            Some("csv") => table_rows(&text, b',').map_err(|e| fail(&e))?,
            Some("tsv") => table_rows(&text, b'\t').map_err(|e| fail(&e))?,
            Some("json") => {
                let value: Value = serde_json::from_str(&text)
                    .map_err(|e| fail(&format!("not a JSON lookup table: {e}")))?;
                keyed_rows(value, key).map_err(|e| fail(&e))?
            }
            Some("toml") => {
                let value: Value = toml::from_str(&text)
                    .map_err(|e| fail(&format!("not a TOML lookup table: {}", e.message())))?;
                keyed_rows(value, key).map_err(|e| fail(&e))?
            }
            _ => return Err(fail(&"a lookup table ends in .csv, .tsv, .json or .toml")),
        };
        let rows = index(rows, key).map_err(|e| fail(&e))?;
        Ok(LookupTable {
            path: path.to_path_buf(),
            key: key.to_string(),
            rows,
        })
    }

    /// The row whose key is `value`.
    pub(crate) fn row(&self, value: &str) -> Option<&Map<String, Value>> {
        self.rows.get(value)
    }
}

/// Why a file is not a lookup table.
#[derive(Debug, thiserror::Error)]
enum BadTable {
    #[error("{0}")]
    Csv(String),
    #[error("expected an array of objects, or an object of objects keyed by the key")]
    NotRows,
    #[error("row {row} has no `{key}` to join on (lookup_on=)")]
    NoKey { row: usize, key: String },
    #[error("key `{0}` is in two rows: a record would match both")]
    Twice(String),
}

/// A value as a table cell's text: a number cell or a string cell.
pub(crate) fn key_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The rows of a CSV or TSV table: a cell that is a number is one.
fn table_rows(text: &str, delimiter: u8) -> std::result::Result<Vec<Map<String, Value>>, BadTable> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| BadTable::Csv(e.to_string()))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| BadTable::Csv(e.to_string()))?;
        let cells = headers.iter().zip(row.iter()).map(|(h, c)| {
            let value = super::scalar::lenient_number(c)
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or_else(|| Value::String(c.trim().to_string()), Value::Number);
            (h.clone(), value)
        });
        rows.push(cells.collect());
    }
    Ok(rows)
}

/// The rows of a JSON or TOML table: an array of objects, an object of objects keyed by the
/// key (each row gets its key as a field), or a TOML document's `[[row]]` arrays.
fn keyed_rows(value: Value, key: &str) -> std::result::Result<Vec<Map<String, Value>>, BadTable> {
    let not_rows = || BadTable::NotRows;
    match value {
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::Object(row) => Ok(row),
                _ => Err(not_rows()),
            })
            .collect(),
        Value::Object(map) if map.len() == 1 && map.values().all(Value::is_array) => keyed_rows(
            map.into_iter().next().map(|(_, v)| v).unwrap_or_default(),
            key,
        ),
        Value::Object(map) => map
            .into_iter()
            .map(|(name, row)| match row {
                Value::Object(mut row) => {
                    row.entry(key.to_string()).or_insert(Value::String(name));
                    Ok(row)
                }
                _ => Err(not_rows()),
            })
            .collect(),
        _ => Err(not_rows()),
    }
}

/// The rows by their key; a row without the key, or a key given twice, is an error.
fn index(
    rows: Vec<Map<String, Value>>,
    key: &str,
) -> std::result::Result<HashMap<String, Map<String, Value>>, BadTable> {
    let mut indexed = HashMap::with_capacity(rows.len());
    for (i, row) in rows.into_iter().enumerate() {
        let Some(value) = row.get(key).and_then(key_text) else {
            return Err(BadTable::NoKey {
                row: i + 1,
                key: key.to_string(),
            });
        };
        if indexed.contains_key(&value) {
            return Err(BadTable::Twice(value));
        }
        indexed.insert(value, row);
    }
    Ok(indexed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows_of(text: &str, name: &str) -> Result<LookupTable> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        LookupTable::read(&path, "model", 1 << 20)
    }

    #[test]
    fn tables_in_every_format_give_the_same_rows() {
        let csv = rows_of("model,params\na,\"1,000\"\nb,2e9\n", "t.csv").unwrap();
        let json = rows_of(
            r#"[{"model": "a", "params": 1000}, {"model": "b", "params": 2e9}]"#,
            "t.json",
        )
        .unwrap();
        let keyed = rows_of(r#"{"a": {"params": 1000}, "b": {"params": 2e9}}"#, "t.json").unwrap();
        let toml = rows_of("[a]\nparams = 1000\n[b]\nparams = 2e9\n", "t.toml").unwrap();
        for table in [&csv, &json, &keyed, &toml] {
            assert_eq!(table.row("a").unwrap()["params"].as_f64(), Some(1000.0));
            assert_eq!(table.row("b").unwrap()["params"].as_f64(), Some(2e9));
            assert!(table.row("c").is_none());
        }
    }

    #[test]
    fn duplicate_and_missing_keys_are_errors() {
        let e = |t: &str| rows_of(t, "t.csv").unwrap_err().to_string();
        assert!(
            e("model,p\na,1\na,2\n")
                .ends_with("t.csv: key `a` is in two rows: a record would match both")
        );
        assert!(
            e("name,p\na,1\n").ends_with("t.csv: row 1 has no `model` to join on (lookup_on=)")
        );
    }
}
