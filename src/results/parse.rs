//! Parsing one result file. Records are deserialized in one streaming pass (no intermediate
//! JSON tree) by a hand-written visitor, so a bad record is reported with the record index and
//! field a user can find, and a million records load in well under a second.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::path::Path;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess};

use super::record::{Builder, Record};
use crate::error::{Error, Location, RecordPlace, Result};

/// Where the parser is, so an error raised deep inside serde can be told with its record/field.
#[derive(Default)]
struct Place {
    index: Cell<Option<usize>>,
    field: Cell<Option<&'static str>>,
}

/// Parses `bytes` (the contents of `path`) as `.json` or `.jsonl` by extension.
pub(super) fn parse_file(path: &Path, bytes: &[u8], file: u32, out: &mut Builder) -> Result<()> {
    let bytes = crate::fsutil::without_bom(path, bytes)?;
    let is_lines = path.extension().is_some_and(|e| e == "jsonl");
    if is_lines {
        parse_lines(path, bytes, file, out)
    } else {
        parse_json(path, bytes, file, out)
    }
}

fn parse_json(path: &Path, bytes: &[u8], file: u32, out: &mut Builder) -> Result<()> {
    let place = Place::default();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let seed = FileSeed {
        file,
        place: &place,
        out,
    };
    let result = seed.deserialize(&mut de).and_then(|()| de.end());
    result.map_err(|e| json_error(path, 0, &place, &e))
}

/// JSON Lines files larger than this are parsed in two halves at once (on two cores).
const PARALLEL_BYTES: usize = 4 << 20;

fn parse_lines(path: &Path, bytes: &[u8], file: u32, out: &mut Builder) -> Result<()> {
    parse_lines_split(path, bytes, file, out, PARALLEL_BYTES)
}

/// Parses `bytes` as JSON Lines, in two halves on two threads when it is longer than
/// `parallel`; the result (records, model order, errors) is the same either way.
fn parse_lines_split(
    path: &Path,
    bytes: &[u8],
    file: u32,
    out: &mut Builder,
    parallel: usize,
) -> Result<()> {
    let middle = memchr::memchr(b'\n', &bytes[bytes.len() / 2..]).map(|i| bytes.len() / 2 + i + 1);
    let Some(middle) = middle.filter(|_| bytes.len() > parallel) else {
        return parse_line_range(path, bytes, file, 0, out).map(|_| ());
    };
    let (first, second) = bytes.split_at(middle);
    let lines_before = memchr::memchr_iter(b'\n', first).count();
    let mut later = Builder::default();
    let (a, b) = std::thread::scope(|scope| {
        let worker = scope.spawn(|| parse_line_range(path, second, file, lines_before, &mut later));
        let a = parse_line_range(path, first, file, 0, out);
        (a, worker.join().expect("the parser thread does not panic"))
    });
    // An error in the first half comes first in the file; the second half counted its
    // records from zero.
    let records_before = a?;
    b.map_err(|e| e.with_record_offset(records_before))?;
    out.merge(later, records_before as u32);
    Ok(())
}

/// Parses JSON Lines `bytes` whose first line is line `first_line` (0-based) of the file;
/// returns the number of records. Record indices count from zero.
fn parse_line_range(
    path: &Path,
    bytes: &[u8],
    file: u32,
    first_line: usize,
    out: &mut Builder,
) -> Result<usize> {
    let place = Place::default();
    let mut index = 0usize;
    let lines = memchr::memchr_iter(b'\n', bytes)
        .chain([bytes.len()])
        .scan(0, |start, end| {
            let line = &bytes[*start..end];
            *start = end + 1;
            Some(line)
        });
    for (line_number, line) in lines.enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        place.index.set(Some(index));
        place.field.set(None);
        let mut de = serde_json::Deserializer::from_slice(line);
        let seed = RecordSeed {
            file,
            index: Some(index as u32),
            place: &place,
            out,
        };
        let result = seed.deserialize(&mut de).and_then(|()| de.end());
        result.map_err(|e| json_error(path, first_line + line_number, &place, &e))?;
        index += 1;
    }
    Ok(index)
}

/// serde_json appends " at line L column C" to its messages; the location is shown in front.
fn json_error(path: &Path, line_offset: usize, place: &Place, e: &serde_json::Error) -> Error {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    Error::Record {
        location: Location::new(path, e.line() + line_offset, e.column().max(1)),
        place: RecordPlace {
            index: place.index.get(),
            field: place.field.get(),
        },
        message,
    }
}

/// A whole `.json` file: one record object, or an array of them.
struct FileSeed<'a> {
    file: u32,
    place: &'a Place,
    out: &'a mut Builder,
}

impl<'de> DeserializeSeed<'de> for FileSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> de::Visitor<'de> for FileSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record object or an array of record objects")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(found("true or false", &self))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(found("a number", &self))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(found("a number", &self))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(found("a number", &self))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(found("a string", &self))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(found("null", &self))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let seed = RecordSeed {
            file: self.file,
            index: None,
            place: self.place,
            out: self.out,
        };
        seed.visit_map(map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        loop {
            self.place.index.set(Some(index));
            self.place.field.set(None);
            let seed = RecordSeed {
                file: self.file,
                index: Some(index as u32),
                place: self.place,
                out: self.out,
            };
            if seq.next_element_seed(seed)?.is_none() {
                self.place.index.set(None);
                return Ok(());
            }
            index += 1;
        }
    }
}

/// One record object; validates it and appends it to the builder.
struct RecordSeed<'a> {
    file: u32,
    index: Option<u32>,
    place: &'a Place,
    out: &'a mut Builder,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

/// "found X, expected Y": serde's own message would quote a string found in the file, and a
/// file may hold anything (a results path can point anywhere the user can read).
fn found<E: de::Error>(what: &str, expected: &dyn de::Expected) -> E {
    E::custom(format!("found {what}, expected {expected}"))
}

impl<'de> de::Visitor<'de> for RecordSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record object")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(found("true or false", &self))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(found("a number", &self))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(found("a number", &self))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(found("a number", &self))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(found("a string", &self))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(found("null", &self))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(found("an array", &self))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut model: Option<u32> = None;
        let mut perplexity = None;
        let mut flops = None;
        let mut config_id: Option<Box<str>> = None;
        let mut simulated: Option<bool> = None;
        let mut metric = false;
        while let Some(key) = map.next_key::<FieldKey>()? {
            let field = match key {
                FieldKey::Known(field) => field,
                FieldKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            self.place.field.set(Some(field));
            let value: Scalar<'de> = map.next_value()?;
            let duplicate = match field {
                "model" => {
                    let name = value.name()?;
                    model.replace(self.out.intern_model(name)).is_some()
                }
                "perplexity" => perplexity.replace(value.positive()?).is_some(),
                "flops_per_token" => flops.replace(value.positive()?).is_some(),
                "config_id" => config_id.replace(value.name()?.into()).is_some(),
                "metric" => {
                    // Optional: the metric's name labels the perplexity axis.
                    if let Scalar::Str(name) = &value
                        && !name.chars().any(char::is_control)
                    {
                        self.out.note_metric(name);
                    }
                    std::mem::replace(&mut metric, true)
                }
                _ => simulated.replace(value.boolean()?).is_some(),
            };
            if duplicate {
                return Err(de::Error::custom("appears twice in one record"));
            }
            self.place.field.set(None);
        }
        let missing = |field| {
            self.place.field.set(Some(field));
            de::Error::custom("missing (required)")
        };
        let record = Record {
            model: model.ok_or_else(|| missing("model"))?,
            file: self.file,
            index: self.index,
            y: perplexity.ok_or_else(|| missing("perplexity"))?,
            x: flops.ok_or_else(|| missing("flops_per_token"))?,
            config_id,
        };
        self.out.push(record, simulated.unwrap_or(false));
        Ok(())
    }
}

/// A record key: one of the fields effgraph reads, or any other (kept in the file, ignored).
enum FieldKey {
    Known(&'static str),
    Other,
}

const FIELDS: [&str; 6] = [
    "metric",
    "model",
    "perplexity",
    "flops_per_token",
    "config_id",
    "simulated",
];

impl<'de> de::Deserialize<'de> for FieldKey {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_identifier(FieldKeyVisitor)
    }
}

struct FieldKeyVisitor;

impl de::Visitor<'_> for FieldKeyVisitor {
    type Value = FieldKey;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E>(self, v: &str) -> Result<FieldKey, E> {
        Ok(FIELDS
            .iter()
            .find(|&&f| f == v)
            .map_or(FieldKey::Other, |&f| FieldKey::Known(f)))
    }
}

/// Any JSON value, kept just precisely enough to say what was found where a field was wrong.
enum Scalar<'de> {
    Number(f64),
    Str(Cow<'de, str>),
    Bool(bool),
    Null,
    Array,
    Object,
}

impl<'de> Scalar<'de> {
    /// What was found, without the contents of a string (see [`found`]).
    fn found(&self) -> String {
        match self {
            Scalar::Number(n) => format!("{n}"),
            Scalar::Str(_) => "a string".into(),
            Scalar::Bool(b) => format!("{b}"),
            Scalar::Null => "null".into(),
            Scalar::Array => "an array".into(),
            Scalar::Object => "an object".into(),
        }
    }

    /// A model name or config id: a non-empty string on one line, without control characters
    /// (a newline or NUL would make messages, figures and documents lie about the name).
    fn name<E: de::Error>(&self) -> Result<&str, E> {
        match self {
            Scalar::Str(s) if s.trim().is_empty() => Err(E::custom("must not be empty")),
            Scalar::Str(s) => match s.chars().find(|c| c.is_control()) {
                Some(c) => Err(E::custom(format!(
                    "must not contain control characters, found U+{:04X}",
                    u32::from(c)
                ))),
                None => Ok(s),
            },
            other => Err(E::custom(format!(
                "must be a string, found {}",
                other.found()
            ))),
        }
    }

    fn positive<E: de::Error>(&self) -> Result<f64, E> {
        match self {
            Scalar::Number(n) if n.is_finite() && *n > 0.0 => Ok(*n),
            Scalar::Str(_) => Err(E::custom(
                "must be a finite number > 0, found a string (write numbers without quotes)",
            )),
            other => Err(E::custom(format!(
                "must be a finite number > 0, found {}",
                other.found()
            ))),
        }
    }

    fn boolean<E: de::Error>(&self) -> Result<bool, E> {
        match self {
            Scalar::Bool(b) => Ok(*b),
            other => Err(E::custom(format!(
                "must be true or false, found {}",
                other.found()
            ))),
        }
    }
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

    fn lines(n: usize) -> String {
        let mut text = String::new();
        for i in 0..n {
            // A model first seen in the second half, blank lines, a metric late on.
            let model = if i < n / 2 { i % 3 } else { i % 5 };
            text.push_str(&format!(
                "{{\"model\":\"m{model}\",\"config_id\":\"c{i}\",\"perplexity\":{},\"flops_per_token\":{}{}}}\n",
                10.0 + i as f64,
                1e9 * (1 + i) as f64,
                if i == n - 3 { ",\"metric\":\"lambada_ppl\"" } else { "" }
            ));
            if i % 7 == 0 {
                text.push_str("  \n");
            }
        }
        text
    }

    /// Models, records, whether simulated, metrics.
    type Parsed = (Vec<String>, Vec<Record>, bool, Vec<String>);

    fn parse(text: &str, parallel: usize) -> Result<Parsed> {
        let mut out = Builder::default();
        parse_lines_split(Path::new("r.jsonl"), text.as_bytes(), 0, &mut out, parallel)?;
        Ok(out.finish())
    }

    #[test]
    fn two_halves_parse_to_the_same_records_as_one_pass() {
        let text = lines(101);
        let whole = parse(&text, usize::MAX).unwrap();
        let halves = parse(&text, 0).unwrap();
        assert_eq!(halves, whole);
        assert_eq!(whole.0, ["m0", "m1", "m2", "m3", "m4"]);
        assert_eq!(whole.1.last().unwrap().index, Some(100));
    }

    #[test]
    fn an_error_in_the_second_half_names_its_line_and_record_in_the_whole_file() {
        let text = lines(101).replacen("\"perplexity\":90,", "\"perplexity\":-1,", 1);
        let message = |parallel| parse(&text, parallel).unwrap_err().to_string();
        assert_eq!(message(0), message(usize::MAX));
        assert!(message(0).starts_with("r.jsonl:93:"), "{}", message(0));
        assert!(message(0).contains("record 80"), "{}", message(0));
    }
}
