//! CSV and TSV result files: a header row naming the columns, then one record per row (W&B
//! run exports, Epoch AI's tables, leaderboard downloads, IsoFLOP tables). Fields are column
//! names (JSON Pointers do not apply); numbers may carry thousands separators or a unit
//! (see [`super::scalar::lenient_number`]). A column whose header gives a multiplier for a
//! count, such as `#Params (B)`, is read in units of it (billions).

use std::path::Path;

use super::build::{Failure, FileContext, Found, Role, add_record, failure_text};
use super::fields::{Field, ModelField};
use super::record::Builder;
use super::scalar::Scalar;
use crate::error::{Error, Location, RecordPlace, Result};

/// The multiplier a column's header gives its values: `#Params (B)` → 1e9.
pub(super) fn header_scale(header: &str) -> f64 {
    let Some(unit) = header
        .trim_end()
        .strip_suffix(')')
        .and_then(|h| h.rsplit_once('('))
        .map(|(_, u)| u.trim())
    else {
        return 1.0;
    };
    match unit {
        "K" | "k" | "thousands" => 1e3,
        "M" | "millions" => 1e6,
        "B" | "billions" => 1e9,
        "T" | "trillions" => 1e12,
        _ => 1.0,
    }
}

pub(super) fn parse_table(
    path: &Path,
    bytes: &[u8],
    delimiter: u8,
    ctx: &FileContext,
    out: &mut Builder,
) -> Result<()> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(bytes);
    let bad = |line: u64, message: String| Error::Record {
        location: Location::new(path, line as usize, 1),
        place: RecordPlace::default(),
        message,
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| bad(1, csv_message(&e)))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let fields = ctx.fields;
    let column = |f: &Field| -> Result<Option<usize>> {
        match f {
            Field::Name(name) => Ok(headers.iter().position(|h| h == name)),
            Field::Pointer(p) => Err(bad(
                1,
                format!("`{p}` is a JSON Pointer; a table's fields are its column names"),
            )),
        }
    };
    let x = column(&fields.x)?;
    let y = column(&fields.y)?;
    let model = match &fields.model {
        ModelField::Field(f) => column(f)?,
        ModelField::Dir => None,
    };
    let config = column(&fields.config)?;
    let seed = column(&fields.seed)?;
    let stderr = column(&fields.y_stderr())?;
    let range = grouped_range(&fields.y, &headers);
    let simulated = headers.iter().position(|h| h == "simulated");
    let metric = headers.iter().position(|h| h == "metric");
    let scale = |c: Option<usize>| c.map_or(1.0, |c| header_scale(&headers[c]));
    let (x_scale, y_scale) = (scale(x), scale(y));
    for (index, row) in reader.records().enumerate() {
        let row = row.map_err(|e| {
            let line = e.position().map_or(1, |p| p.line());
            bad(line, csv_message(&e))
        })?;
        let line = row.position().map_or(index as u64 + 2, |p| p.line());
        let error = |failure: Failure| {
            let (field, message) = failure_text(&failure, fields, &headers);
            Error::Record {
                location: Location::new(path, line as usize, 1),
                place: RecordPlace {
                    index: Some(index),
                    field,
                },
                message,
            }
        };
        let mut found = Found::default();
        let columns = [
            (Role::X, x),
            (Role::Y, y),
            (Role::Model, model),
            (Role::Config, config),
            (Role::Simulated, simulated),
            (Role::Metric, metric),
            (Role::Seed, seed),
            (Role::Stderr, stderr),
        ];
        for (role, column) in columns {
            let Some(text) = column.and_then(|c| row.get(c)) else {
                continue;
            };
            // An empty config id or flag is as if the column were not there.
            if text.trim().is_empty()
                && matches!(
                    role,
                    Role::Config | Role::Simulated | Role::Metric | Role::Seed | Role::Stderr
                )
            {
                continue;
            }
            found
                .take(role, Scalar::Cell(text))
                .map_err(|m| error(Failure::Bad(role, m)))?;
        }
        if let (None, Some((min, max))) = (found.y_stderr, range) {
            let cell = |c: usize| {
                let text = row.get(c).unwrap_or("");
                super::scalar::lenient_number(text).map_err(|m| Error::Record {
                    location: Location::new(path, line as usize, 1),
                    place: RecordPlace {
                        index: Some(index),
                        field: Some(headers[c].clone()),
                    },
                    message: m,
                })
            };
            let (low, high) = (cell(min)?, cell(max)?);
            // Half the range: never less than the standard error of the mean of the runs
            // the group summarises, so an interval from it is never surer than the runs.
            found.y_stderr = Some((high - low).abs() / 2.0);
        }
        let before = out.len();
        add_record(found, ctx, Some(index as u32), out).map_err(error)?;
        out.scale_last(before, x_scale, y_scale);
    }
    Ok(())
}

/// The `<y>__MIN` and `<y>__MAX` columns of a W&B grouped export, when both are there.
fn grouped_range(y: &Field, headers: &[String]) -> Option<(usize, usize)> {
    let Field::Name(y) = y else {
        return None;
    };
    let at = |suffix: &str| headers.iter().position(|h| *h == format!("{y}{suffix}"));
    at("__MIN").zip(at("__MAX"))
}

/// The csv crate's message without the position (shown in front instead) or any cell text.
fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("a row has {len} cells where the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".into(),
        _ => "not a readable table".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_may_give_a_multiplier() {
        assert_eq!(header_scale("#Params (B)"), 1e9);
        assert_eq!(header_scale("Training compute (FLOP)"), 1.0);
        assert_eq!(header_scale("N"), 1.0);
    }
}
