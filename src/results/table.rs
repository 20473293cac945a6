//! CSV and TSV result files: a header row naming the columns, then one record per row (W&B
//! run exports, Epoch AI's tables, leaderboard downloads, IsoFLOP tables). Fields are column
//! names (JSON Pointers do not apply); numbers may carry thousands separators or a unit
//! (see [`super::scalar::lenient_number`]). A column whose header gives a multiplier for a
//! count, such as `#Params (B)`, is read in units of it (billions).

use std::path::Path;

use super::build::{Failure, FileContext, Found, Role, add_record, failure_text};
use super::fields::{Field, Fields, ModelField};
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
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| at_line(path, 1, csv_message(&e)))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if ctx.derived() {
        return derived_rows(path, reader, &headers, ctx, out);
    }
    let columns = Columns::of(path, &headers, ctx.fields)?;
    for (index, row) in reader.records().enumerate() {
        let (row, line) = checked_row(path, index, row)?;
        let place = Row {
            path,
            line: line as usize,
            index,
            headers: &headers,
        };
        let before = out.len();
        let found = columns.read(&row, &place, ctx.fields)?;
        add_record(found, ctx, Some(index as u32), out).map_err(|f| place.error(&f, ctx.fields))?;
        out.scale_last(before, columns.x_scale, columns.y_scale);
    }
    Ok(())
}

/// Every row as a derived record (path fields, computed values, a filter): each cell a
/// field named by its header, a count in a header's unit (`#Params (B)`) as its number.
fn derived_rows(
    path: &Path,
    mut reader: csv::Reader<&[u8]>,
    headers: &[String],
    ctx: &FileContext,
    out: &mut Builder,
) -> Result<()> {
    if let Some((first, second)) = twice(headers) {
        return Err(two_columns(path, &headers[first], (first, second)));
    }
    for (index, row) in reader.records().enumerate() {
        let (row, line) = checked_row(path, index, row)?;
        let mut record = super::derive::row_record(headers, &row);
        scale_cells(&mut record, headers);
        let at = super::derive::At {
            path,
            line: line as usize,
            index: Some(index as u32),
        };
        super::derive::derived_record(record, true, ctx, &at, out)?;
    }
    Ok(())
}

/// A row as read, with the line it is on; a row the CSV reader refuses is an error there.
fn checked_row(
    path: &Path,
    index: usize,
    row: csv::Result<csv::StringRecord>,
) -> Result<(csv::StringRecord, u64)> {
    let row = row.map_err(|e| {
        let line = e.position().map_or(1, |p| p.line());
        at_line(path, line, csv_message(&e))
    })?;
    let line = row.position().map_or(index as u64 + 2, |p| p.line());
    Ok((row, line))
}

/// Two columns of one name: which one would a field mean?
fn two_columns(path: &Path, name: &str, (first, second): (usize, usize)) -> Error {
    Error::Record {
        location: Location::new(path, 1, 1),
        place: RecordPlace {
            index: None,
            field: Some(name.to_string()),
        },
        message: format!(
            "two columns have this name (columns {} and {})",
            first + 1,
            second + 1
        ),
    }
}

/// The first two columns sharing a name.
fn twice(headers: &[String]) -> Option<(usize, usize)> {
    (0..headers.len()).find_map(|i| {
        let j = headers[i + 1..].iter().position(|h| *h == headers[i])?;
        Some((i, i + 1 + j))
    })
}

/// Cells under a header that gives a multiplier (`#Params (B)`) as numbers in units.
fn scale_cells(record: &mut super::expr::Entries, headers: &[String]) {
    for header in headers {
        let scale = header_scale(header);
        if scale == 1.0 {
            continue;
        }
        let Some(cell) = record.get_mut(header.as_str()) else {
            continue;
        };
        let number = cell
            .as_str()
            .and_then(|t| super::scalar::lenient_number(t).ok());
        if let Some(n) = number.and_then(|n| serde_json::Number::from_f64(n * scale)) {
            *cell = serde_json::Value::Number(n);
        }
    }
}

/// An error at the start of line `line` of a table.
fn at_line(path: &Path, line: u64, message: String) -> Error {
    Error::Record {
        location: Location::new(path, line as usize, 1),
        place: RecordPlace::default(),
        message,
    }
}

/// Which column holds what each record is read for, and the multipliers of x and y.
struct Columns {
    roles: Vec<(Role, Option<usize>)>,
    /// A W&B grouped export's `<y>__MIN` and `<y>__MAX`.
    range: Option<(usize, usize)>,
    x_scale: f64,
    y_scale: f64,
}

impl Columns {
    /// The columns `fields` name in `headers`; a name given to two columns, or a JSON
    /// Pointer, is an error.
    fn of(path: &Path, headers: &[String], fields: &Fields) -> Result<Columns> {
        let named = |name: &str| -> Result<Option<usize>> {
            let mut at = headers.iter().enumerate().filter(|(_, h)| *h == name);
            match (at.next(), at.next()) {
                // As a JSON record may not give a field twice: which one would be meant?
                (Some((first, _)), Some((second, _))) => {
                    Err(two_columns(path, name, (first, second)))
                }
                (first, _) => Ok(first.map(|(i, _)| i)),
            }
        };
        let column = |f: &Field| -> Result<Option<usize>> {
            match f {
                Field::Name(name) => named(name),
                Field::Computed(_) => Ok(None),
                Field::Pointer(p) => Err(at_line(
                    path,
                    1,
                    format!("`{p}` is a JSON Pointer; a table's fields are its column names"),
                )),
            }
        };
        let (x, y) = (column(&fields.x)?, column(&fields.y)?);
        let model = match &fields.model {
            ModelField::Field(f) => column(f)?,
            ModelField::Dir => None,
        };
        let roles = vec![
            (Role::X, x),
            (Role::Y, y),
            (Role::Model, model),
            (Role::Config, column(&fields.config)?),
            (Role::Simulated, named("simulated")?),
            (Role::Metric, named("metric")?),
            (Role::Seed, column(&fields.seed)?),
            (Role::Stderr, column(&fields.y_stderr())?),
        ];
        let range = match &fields.y {
            Field::Name(y) => named(&format!("{y}__MIN"))?.zip(named(&format!("{y}__MAX"))?),
            Field::Pointer(_) | Field::Computed(_) => None,
        };
        let scale = |c: Option<usize>| c.map_or(1.0, |c| header_scale(&headers[c]));
        Ok(Columns {
            roles,
            range,
            x_scale: scale(x),
            y_scale: scale(y),
        })
    }

    /// One row's values, each checked as it is taken.
    fn read<'r>(
        &self,
        row: &'r csv::StringRecord,
        place: &Row,
        fields: &Fields,
    ) -> Result<Found<'r>> {
        let mut found = Found::default();
        for &(role, column) in &self.roles {
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
                .map_err(|m| place.error(&Failure::Bad(role, m), fields))?;
        }
        if let (None, Some(columns)) = (found.y_stderr, self.range) {
            found.y_stderr = group_stderr(row, columns, found.y, place.headers)
                .map_err(|(c, m)| place.cell_error(c, m))?;
        }
        Ok(found)
    }
}

/// Where a row is, for its errors.
struct Row<'a> {
    path: &'a Path,
    line: usize,
    index: usize,
    headers: &'a [String],
}

impl Row<'_> {
    fn error(&self, failure: &Failure, fields: &Fields) -> Error {
        let (field, message) = failure_text(failure, fields, self.headers);
        self.at(field, message)
    }

    /// An error about the cell of column `c`.
    fn cell_error(&self, c: usize, message: String) -> Error {
        self.at(Some(self.headers[c].clone()), message)
    }

    fn at(&self, field: Option<String>, message: String) -> Error {
        Error::Record {
            location: Location::new(self.path, self.line, 1),
            place: RecordPlace {
                index: Some(self.index),
                field,
            },
            message,
        }
    }
}

/// The standard error a W&B grouped export's `<y>__MIN` and `<y>__MAX` cells give (`columns`)
/// for a row whose mean is `mean`: half the range, never less than the standard error of
/// the mean of the runs the group summarises, so an interval from it is never surer than
/// the runs. Both cells empty: none. An error names the column at fault.
fn group_stderr(
    row: &csv::StringRecord,
    (min, max): (usize, usize),
    mean: Option<f64>,
    headers: &[String],
) -> std::result::Result<Option<f64>, (usize, String)> {
    let text = |c: usize| row.get(c).unwrap_or("").trim();
    if text(min).is_empty() && text(max).is_empty() {
        return Ok(None);
    }
    let cell = |c: usize| match super::scalar::lenient_number(text(c)) {
        Ok(n) if n.is_finite() => Ok(n),
        Ok(n) => Err((c, format!("must be a finite number, found {n}"))),
        Err(m) => Err((c, m.to_string())),
    };
    let (low, high) = (cell(min)?, cell(max)?);
    if low > high {
        let message = format!("{low} is above `{}` ({high})", headers[max]);
        return Err((min, message));
    }
    if let Some(mean) = mean.filter(|m| *m < low || *m > high) {
        let message = format!(
            "the group's range [{low}, {high}] does not hold its mean {mean} (column `{}`)",
            headers
                .get(min)
                .map_or("", |h| h.strip_suffix("__MIN").unwrap_or(h))
        );
        return Err((min, message));
    }
    Ok(Some((high - low) / 2.0))
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
