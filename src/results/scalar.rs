//! One value of a record as found (in JSON, or a CSV cell), kept just precisely enough to
//! validate it and to say what was found where a field was wrong, and the checks every
//! reader shares: names are non-empty single-line strings, costs and scores finite numbers
//! above zero, `simulated` a boolean.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess};
use serde_json::Value;

/// Why a value found in a record is not what its field needs ("must be a finite number > 0,
/// found null"); the reader adds the file, the record and the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub(crate) struct BadValue(String);

/// Compares with the message a user sees, as tests do.
impl PartialEq<&str> for BadValue {
    fn eq(&self, message: &&str) -> bool {
        self.0 == *message
    }
}

impl From<&str> for BadValue {
    fn from(reason: &str) -> BadValue {
        BadValue(reason.to_string())
    }
}

pub(super) enum Scalar<'de> {
    Number(f64),
    Str(Cow<'de, str>),
    Bool(bool),
    Null,
    Array,
    Object,
    /// A CSV or TSV cell: text that holds a number or a name.
    Cell(&'de str),
}

impl<'de> Scalar<'de> {
    pub(super) fn from_value(value: &'de Value) -> Scalar<'de> {
        match value {
            Value::Number(n) => Scalar::Number(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => Scalar::Str(Cow::Borrowed(s)),
            Value::Bool(b) => Scalar::Bool(*b),
            Value::Null => Scalar::Null,
            Value::Array(_) => Scalar::Array,
            Value::Object(_) => Scalar::Object,
        }
    }

    /// The text of a name-like value (a string, a cell, a number), for matching.
    pub(super) fn text(&self) -> Option<String> {
        match self {
            Scalar::Str(s) => Some(s.to_string()),
            Scalar::Cell(s) => Some(s.trim().to_string()),
            Scalar::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// An empty table cell.
    pub(super) fn is_blank(&self) -> bool {
        matches!(self, Scalar::Cell(s) if s.trim().is_empty())
    }

    /// What was found, without the contents of a string: a results path may point anywhere
    /// the user can read, so messages never quote a file.
    pub(super) fn found(&self) -> String {
        match self {
            Scalar::Number(n) => format!("{n}"),
            Scalar::Str(_) | Scalar::Cell(_) => "a string".into(),
            Scalar::Bool(b) => format!("{b}"),
            Scalar::Null => "null".into(),
            Scalar::Array => "an array".into(),
            Scalar::Object => "an object".into(),
        }
    }

    /// A model name or config id: a non-empty string on one line, without control characters
    /// (a newline or NUL would make messages, figures and documents lie about the name).
    pub(super) fn name(&self) -> Result<&str, BadValue> {
        let text: &str = match self {
            Scalar::Str(s) => s,
            Scalar::Cell(s) => s.trim(),
            other => {
                return Err(BadValue(format!(
                    "must be a string, found {}",
                    other.found()
                )));
            }
        };
        if text.trim().is_empty() {
            return Err("must not be empty".into());
        }
        match text.chars().find(|c| c.is_control()) {
            Some(c) => Err(BadValue(format!(
                "must not contain control characters, found U+{:04X}",
                u32::from(c)
            ))),
            None => Ok(text),
        }
    }

    pub(super) fn positive(&self) -> Result<f64, BadValue> {
        let n = match self {
            Scalar::Number(n) => *n,
            Scalar::Cell(text) => lenient_number(text)?,
            Scalar::Str(_) => {
                return Err(
                    "must be a finite number > 0, found a string (write numbers without quotes)"
                        .into(),
                );
            }
            other => {
                return Err(BadValue(format!(
                    "must be a finite number > 0, found {}",
                    other.found()
                )));
            }
        };
        if n.is_finite() && n > 0.0 {
            Ok(n)
        } else {
            Err(BadValue(format!("must be a finite number > 0, found {n}")))
        }
    }

    /// A reported standard error: a finite number ≥ 0, or nothing where the file says it has
    /// none (`"N/A"`, an empty cell, `null`).
    pub(super) fn stderr(&self) -> Result<Option<f64>, BadValue> {
        let n = match self {
            Scalar::Null => return Ok(None),
            Scalar::Str(s) if matches!(s.trim(), "N/A" | "NA" | "") => return Ok(None),
            Scalar::Cell(s) if matches!(s.trim(), "N/A" | "NA" | "") => return Ok(None),
            Scalar::Number(n) => *n,
            Scalar::Cell(text) => lenient_number(text)?,
            other => {
                return Err(BadValue(format!(
                    "must be a finite number ≥ 0 or \"N/A\", found {}",
                    other.found()
                )));
            }
        };
        if n.is_finite() && n >= 0.0 {
            Ok(Some(n))
        } else {
            Err(BadValue(format!(
                "must be a finite number ≥ 0 or \"N/A\", found {n}"
            )))
        }
    }

    pub(super) fn boolean(&self) -> Result<bool, BadValue> {
        match self {
            Scalar::Bool(b) => Ok(*b),
            Scalar::Cell(text) => match text.trim().to_ascii_lowercase().as_str() {
                "true" => Ok(true),
                "false" | "" => Ok(false),
                _ => Err("must be true or false, found a string".into()),
            },
            other => Err(BadValue(format!(
                "must be true or false, found {}",
                other.found()
            ))),
        }
    }
}

/// Units a CSV cell may carry after its number; they are dropped because they are the units
/// the axes count in (the axis' kind, from the column's name, says what is measured). Any
/// other unit (`s`, `MB`, `GiB`) would need converting and is refused rather than misread.
const UNITS: &[&str] = &[
    "tokens/s", "tok/s", "FLOPs", "FLOP", "params", "tokens", "ms", "GB", "%",
];

/// A number as spreadsheets write it: `1234.5`, `1,234,567` (commas between groups of three
/// digits), `3.1e23`, or any of these followed by a unit such as `ms` or `GB`. Multipliers
/// (`7B`, `1.2k`) are refused: whether `B` means billions or bytes is not for effgraph to guess.
pub(super) fn lenient_number(cell: &str) -> Result<f64, BadValue> {
    let text = cell.trim();
    if text.is_empty() {
        return Err("is empty".into());
    }
    let bare = UNITS
        .iter()
        .find_map(|u| text.strip_suffix(u))
        .map_or(text, str::trim_end);
    let digits = if grouped_by_thousands(bare) {
        Cow::Owned(bare.replace(',', ""))
    } else {
        Cow::Borrowed(bare)
    };
    digits.parse::<f64>().map_err(|_| {
        if bare.ends_with(|c: char| c.is_ascii_alphabetic()) {
            "must be a plain number, found a number with a multiplier or unit it cannot tell (write 7e9, not 7B)".into()
        } else {
            "must be a number, found a string".into()
        }
    })
}

/// `1,234,567.5`: digit groups of three after the first, separated by commas.
fn grouped_by_thousands(text: &str) -> bool {
    let unsigned = text.trim_start_matches(['+', '-']);
    let whole = unsigned.split('.').next().unwrap_or(unsigned);
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or("");
    whole.contains(',')
        && (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

impl<'de> de::Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> de::Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_f64<E>(self, v: f64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Number(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Number(v as f64))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Number(v as f64))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Str(Cow::Owned(v.to_string())))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_unit<E>(self) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Object)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_numbers_are_read_where_unambiguous() {
        assert_eq!(lenient_number("1,234,567"), Ok(1_234_567.0));
        assert_eq!(lenient_number(" 3.14e+23 "), Ok(3.14e23));
        assert_eq!(lenient_number("12 ms"), Ok(12.0));
        assert_eq!(lenient_number("16GB"), Ok(16.0));
        assert_eq!(
            lenient_number("-1,5").unwrap_err(),
            "must be a number, found a string"
        );
        assert!(
            lenient_number("7B")
                .unwrap_err()
                .to_string()
                .contains("write 7e9")
        );
        // Units that would need converting into the axis' unit are refused, not dropped.
        for other_unit in ["12 s", "512 MB", "16 GiB"] {
            assert!(
                lenient_number(other_unit)
                    .unwrap_err()
                    .to_string()
                    .contains("write 7e9")
            );
        }
        assert_eq!(lenient_number("").unwrap_err(), "is empty");
        assert_eq!(
            lenient_number("1,23").unwrap_err(),
            "must be a number, found a string"
        );
    }
}
