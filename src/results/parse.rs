//! Parsing one JSON or JSON Lines result file through the user's [`Fields`]. When every field
//! is a plain name, records are deserialized in one streaming pass (no intermediate JSON tree)
//! by a hand-written visitor, so a bad record is reported with its line, column, record index
//! and field, and a million records load in under half a second. Fields given as JSON
//! Pointers are read from each record's parsed tree. CSV and TSV files are read in
//! [`super::table`]; every reader validates values with [`super::scalar`] and builds records
//! with [`add_record`], so the same record gives the same result and error in every format.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::path::Path;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess};
use serde_json::Value;

use super::build::{Failure, FileContext, Found, Role, add_record, failure_text};
use super::derive::{At, derived_record};
use super::expr::Entries;
use super::fields::{Field, Fields, keys_of};
use super::record::Builder;
#[cfg(test)]
use super::record::Record;
use super::scalar::Scalar;
use crate::error::{Error, Location, RecordPlace, Result};

/// Where the streaming parser is, so an error raised deep inside serde can be told with its
/// record and field.
#[derive(Default)]
struct Place {
    index: Cell<Option<usize>>,
    role: Cell<Option<Role>>,
    /// Required fields a record lacks (the message is written once its keys are known).
    missing: RefCell<Vec<Role>>,
}

/// Parses `bytes` (the contents of `path`) by its extension.
pub(super) fn parse_file(
    path: &Path,
    bytes: &[u8],
    ctx: &FileContext,
    out: &mut Builder,
) -> Result<()> {
    let extension = path.extension().and_then(|e| e.to_str());
    // Parquet is binary: no text encoding to check.
    if extension == Some("parquet") {
        return super::columnar::parse_parquet(path, bytes, ctx, out);
    }
    let bytes = crate::fsutil::without_bom(path, bytes)?;
    match extension {
        Some("csv") => super::table::parse_table(path, bytes, b',', ctx, out),
        Some("tsv") => super::table::parse_table(path, bytes, b'\t', ctx, out),
        Some("jsonl") if ctx.fields.are_names() && !ctx.derived() => {
            parse_lines(path, bytes, ctx, out)
        }
        Some("jsonl") => parse_lines_as_trees(path, bytes, ctx, out),
        _ if ctx.fields.are_names() && !ctx.derived() => parse_json(path, bytes, ctx, out),
        _ => parse_json_as_tree(path, bytes, ctx, out),
    }
}

fn parse_json(path: &Path, bytes: &[u8], ctx: &FileContext, out: &mut Builder) -> Result<()> {
    let place = Place::default();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let seed = FileSeed {
        ctx,
        place: &place,
        out,
    };
    let result = seed.deserialize(&mut de).and_then(|()| de.end());
    result.map_err(|e| {
        json_error(path, 0, &place, &e, ctx.fields, || {
            // The record's keys, for "did you mean": the file parsed again, on this error only.
            let tree: Value = serde_json::from_slice(bytes).unwrap_or(Value::Null);
            let record = match (&tree, place.index.get()) {
                (Value::Array(items), Some(i)) => items.get(i).cloned().unwrap_or(Value::Null),
                _ => tree,
            };
            keys_of(&record)
        })
    })
}

/// JSON Lines files larger than this are parsed in two halves at once (on two cores).
const PARALLEL_BYTES: usize = 4 << 20;

fn parse_lines(path: &Path, bytes: &[u8], ctx: &FileContext, out: &mut Builder) -> Result<()> {
    parse_lines_split(path, bytes, ctx, out, (PARALLEL_BYTES, parse_line_range))
}

/// Parses JSON Lines whose first line is line `first_line` (0-based) of the file into `out`;
/// returns the number of records read.
type LineRange = fn(&Path, &[u8], &FileContext, usize, &mut Builder) -> Result<usize>;

/// Parses `bytes` as JSON Lines, in two halves on two threads when it is longer than
/// `parallel`; the result (records, model order, errors) is the same either way.
fn parse_lines_split(
    path: &Path,
    bytes: &[u8],
    ctx: &FileContext,
    out: &mut Builder,
    (parallel, range): (usize, LineRange),
) -> Result<()> {
    let middle = memchr::memchr(b'\n', &bytes[bytes.len() / 2..]).map(|i| bytes.len() / 2 + i + 1);
    let Some(middle) = middle.filter(|_| bytes.len() > parallel) else {
        return range(path, bytes, ctx, 0, out).map(|_| ());
    };
    let (first, second) = bytes.split_at(middle);
    let lines_before = memchr::memchr_iter(b'\n', first).count();
    let mut later = Builder::default();
    let (a, b) = std::thread::scope(|scope| {
        let worker = scope.spawn(|| range(path, second, ctx, lines_before, &mut later));
        let a = range(path, first, ctx, 0, out);
        (a, worker.join().expect("the parser thread does not panic"))
    });
    // An error in the first half comes first in the file; the second half counted its
    // records from zero.
    let records_before = a?;
    b.map_err(|e| e.with_record_offset(records_before))?;
    out.merge(later, records_before as u32);
    Ok(())
}

/// The non-blank lines of `bytes` with their 0-based line numbers.
fn lines(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    memchr::memchr_iter(b'\n', bytes)
        .chain([bytes.len()])
        .scan(0, |start, end| {
            let line = &bytes[*start..end];
            *start = end + 1;
            Some(line)
        })
        .enumerate()
        .filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
}

/// Parses JSON Lines `bytes` whose first line is line `first_line` (0-based) of the file;
/// returns the number of records. Record indices count from zero.
fn parse_line_range(
    path: &Path,
    bytes: &[u8],
    ctx: &FileContext,
    first_line: usize,
    out: &mut Builder,
) -> Result<usize> {
    let place = Place::default();
    let mut index = 0usize;
    for (line_number, line) in lines(bytes) {
        place.index.set(Some(index));
        place.role.set(None);
        let mut de = serde_json::Deserializer::from_slice(line);
        let seed = RecordSeed {
            ctx,
            index: Some(index as u32),
            place: &place,
            out,
        };
        let result = seed.deserialize(&mut de).and_then(|()| de.end());
        result.map_err(|e| {
            json_error(
                path,
                first_line + line_number,
                &place,
                &e,
                ctx.fields,
                || keys_of(&serde_json::from_slice(line).unwrap_or(Value::Null)),
            )
        })?;
        index += 1;
    }
    Ok(index)
}

/// A `.json` file whose fields are JSON Pointers: the whole file parsed, then each record
/// (the file's object, or each element of its array) read through the pointers.
fn parse_json_as_tree(
    path: &Path,
    bytes: &[u8],
    ctx: &FileContext,
    out: &mut Builder,
) -> Result<()> {
    let tree: Value = serde_json::from_slice(bytes)
        .map_err(|e| json_error(path, 0, &Place::default(), &e, ctx.fields, Vec::new))?;
    note_harness_direction(&tree, ctx, out);
    // Where a record starts is only needed for its error: found then, not for every file.
    let at_record_line = |index: usize, e: Error| match e {
        Error::Record {
            location,
            place,
            message,
        } => Error::Record {
            location: Location::new(path, RecordLines::of(bytes).line(index), location.column),
            place,
            message,
        },
        other => other,
    };
    match tree {
        Value::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                tree_record(path, 1, Entries::of(item), ctx, Some(i as u32), out)
                    .map_err(|e| at_record_line(i, e))?;
            }
            Ok(())
        }
        Value::Object(_) => tree_record(path, 1, Entries::of(tree), ctx, None, out)
            .map_err(|e| at_record_line(0, e)),
        other => Err(Error::Record {
            location: Location::new(path, 1, 1),
            place: RecordPlace::default(),
            message: format!(
                "found {}, expected a record object or an array of record objects",
                Scalar::from_value(&other).found()
            ),
        }),
    }
}

/// The line each record of a well-formed JSON file starts on (each element of its array,
/// or its one object), found by a scan that tracks only strings and nesting, so errors
/// about a pretty-printed record name its line.
struct RecordLines(Vec<usize>);

impl RecordLines {
    fn of(bytes: &[u8]) -> RecordLines {
        let (mut starts, mut line, mut depth) = (Vec::new(), 1, 0usize);
        let (mut in_string, mut escaped, mut expecting) = (false, false, true);
        let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        for &b in bytes {
            if in_string {
                match b {
                    _ if escaped => escaped = false,
                    b'\\' => escaped = true,
                    b'"' => in_string = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'\n' => line += 1,
                b' ' | b'\t' | b'\r' => {}
                // The array holding the records opens: its elements are expected.
                b'[' if depth == 0 => {
                    depth = 1;
                    expecting = true;
                    continue;
                }
                b',' if depth == 1 => expecting = true,
                _ => {
                    if expecting && depth <= 1 && b != b']' {
                        starts.push(line);
                        expecting = false;
                    }
                    match b {
                        b'"' => in_string = true,
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                }
            }
        }
        RecordLines(starts)
    }

    /// The line record `index` starts on (1 when not known).
    fn line(&self, index: usize) -> usize {
        self.0.get(index).copied().unwrap_or(1)
    }
}

/// JSON Lines whose fields are JSON Pointers: each line parsed, then read through them.
fn parse_lines_as_trees(
    path: &Path,
    bytes: &[u8],
    ctx: &FileContext,
    out: &mut Builder,
) -> Result<()> {
    parse_lines_split(path, bytes, ctx, out, (PARALLEL_BYTES, tree_line_range))
}

/// [`parse_line_range`] for records read as trees.
fn tree_line_range(
    path: &Path,
    bytes: &[u8],
    ctx: &FileContext,
    first_line: usize,
    out: &mut Builder,
) -> Result<usize> {
    let mut index = 0;
    for (line_number, line) in lines(bytes) {
        let line_number = first_line + line_number;
        let place = Place::default();
        place.index.set(Some(index));
        let at = Some(index as u32);
        // The fields the record needs, when known; on any trouble the whole record is read
        // again, so that errors and suggestions see all of it.
        let picked = ctx.wanted.and_then(|wanted| picked(line, wanted));
        let quick = picked.map(|record| tree_record(path, line_number + 1, record, ctx, at, out));
        if !matches!(quick, Some(Ok(()))) {
            let tree: Value = serde_json::from_slice(line)
                .map_err(|e| json_error(path, line_number, &place, &e, ctx.fields, Vec::new))?;
            tree_record(path, line_number + 1, Entries::of(tree), ctx, at, out)?;
        }
        index += 1;
    }
    Ok(index)
}

/// The record on `line` with only its `wanted` top-level fields, or `None` when it is not a
/// well-formed object.
fn picked(line: &[u8], wanted: &[String]) -> Option<Entries> {
    let mut de = serde_json::Deserializer::from_slice(line);
    let record = Picked(wanted).deserialize(&mut de).ok()?;
    de.end().ok().map(|()| record)
}

/// Deserializes a record object keeping only some of its fields.
struct Picked<'w>(&'w [String]);

impl<'de> DeserializeSeed<'de> for Picked<'_> {
    type Value = Entries;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<Entries, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> de::Visitor<'de> for Picked<'_> {
    type Value = Entries;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Entries, A::Error> {
        let mut record = Entries::default();
        while let Some(key) = map.next_key_seed(WantedKey(self.0))? {
            match key {
                Some(name) => record.insert(name, map.next_value()?),
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(record)
    }
}

/// A record's key: its name when it is wanted (a key nobody reads is never copied).
struct WantedKey<'w>(&'w [String]);

impl<'de> DeserializeSeed<'de> for WantedKey<'_> {
    type Value = Option<String>;
    fn deserialize<D: de::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Option<String>, D::Error> {
        d.deserialize_str(self)
    }
}

impl de::Visitor<'_> for WantedKey<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Option<String>, E> {
        Ok(self.0.iter().any(|w| w == v).then(|| v.to_string()))
    }
}

/// One record read from its parsed tree through the fields (see [`derived_record`]).
fn tree_record(
    path: &Path,
    line: usize,
    record: Entries,
    ctx: &FileContext,
    index: Option<u32>,
    out: &mut Builder,
) -> Result<()> {
    let at = At { path, line, index };
    derived_record(record, false, ctx, &at, out)
}

/// An evaluation harness's results file says which way its metrics are better
/// (`higher_is_better.<task>.<metric>`): the direction of `y` when it points at one.
fn note_harness_direction(tree: &Value, ctx: &FileContext, out: &mut Builder) {
    let Field::Pointer(pointer) = &ctx.fields.y else {
        return;
    };
    let steps: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    if let ["results", task, metric] = steps.as_slice() {
        let metric = metric.split(',').next().unwrap_or(metric);
        let hint = format!("/higher_is_better/{task}/{metric}");
        if let Some(Value::Bool(higher)) = tree.pointer(&hint) {
            out.note_higher_is_better(*higher, ctx.file);
        }
    }
}

/// serde_json appends " at line L column C" to its messages; the location is shown in front.
fn json_error(
    path: &Path,
    line_offset: usize,
    place: &Place,
    e: &serde_json::Error,
    fields: &Fields,
    keys: impl FnOnce() -> Vec<String>,
) -> Error {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let mut message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    let missing = place.missing.borrow().clone();
    let mut field = place.role.get().map(|r| r.field(fields));
    if !missing.is_empty() {
        (field, message) = failure_text(&Failure::Missing(missing), fields, &keys());
    }
    Error::Record {
        location: Location::new(path, e.line() + line_offset, e.column().max(1)),
        place: RecordPlace {
            index: place.index.get(),
            field,
        },
        message,
    }
}

/// A whole `.json` file: one record object, or an array of them.
struct FileSeed<'a, 'c> {
    ctx: &'a FileContext<'c>,
    place: &'a Place,
    out: &'a mut Builder,
}

impl<'de> DeserializeSeed<'de> for FileSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

/// "found X, expected Y": serde's own message would quote a string found in the file, and a
/// file may hold anything (a results path can point anywhere the user can read).
fn found<E: de::Error>(what: &str, expected: &dyn de::Expected) -> E {
    E::custom(format!("found {what}, expected {expected}"))
}

/// The visitor methods of a value that is not what was expected.
macro_rules! refuse_non_objects {
    () => {
        fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<(), E> {
            Err(found("true or false", &self))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> std::result::Result<(), E> {
            Err(found("a number", &self))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> std::result::Result<(), E> {
            Err(found("a number", &self))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<(), E> {
            Err(found("a number", &self))
        }
        fn visit_str<E: de::Error>(self, _: &str) -> std::result::Result<(), E> {
            Err(found("a string", &self))
        }
        fn visit_unit<E: de::Error>(self) -> std::result::Result<(), E> {
            Err(found("null", &self))
        }
    };
}

impl<'de> de::Visitor<'de> for FileSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record object or an array of record objects")
    }

    refuse_non_objects!();

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<(), A::Error> {
        let seed = RecordSeed {
            ctx: self.ctx,
            index: None,
            place: self.place,
            out: self.out,
        };
        seed.visit_map(map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let mut index = 0usize;
        loop {
            self.place.index.set(Some(index));
            self.place.role.set(None);
            let seed = RecordSeed {
                ctx: self.ctx,
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
struct RecordSeed<'a, 'c> {
    ctx: &'a FileContext<'c>,
    index: Option<u32>,
    place: &'a Place,
    out: &'a mut Builder,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> de::Visitor<'de> for RecordSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record object")
    }

    refuse_non_objects!();

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> std::result::Result<(), A::Error> {
        Err(found("an array", &self))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let mut record = Found::default();
        while let Some(key) = map.next_key_seed(KeySeed(self.ctx.fields))? {
            let Some(role) = key else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            self.place.role.set(Some(role));
            let value: Scalar<'de> = map.next_value()?;
            // Checked where it is read, so an error points at the value.
            if !record.take(role, value).map_err(de::Error::custom)? {
                return Err(de::Error::custom("appears twice in one record"));
            }
            self.place.role.set(None);
        }
        add_record(record, self.ctx, self.index, self.out).map_err(|failure| match failure {
            Failure::Bad(role, message) => {
                self.place.role.set(Some(role));
                de::Error::custom(message)
            }
            Failure::Missing(roles) => {
                *self.place.missing.borrow_mut() = roles;
                de::Error::custom("missing fields")
            }
        })
    }
}

/// A record key: the role it plays, or `None` for any other key (kept, ignored).
struct KeySeed<'f>(&'f Fields);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Option<Role>;
    fn deserialize<D: de::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Option<Role>, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl de::Visitor<'_> for KeySeed<'_> {
    type Value = Option<Role>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<Option<Role>, E> {
        Ok(Role::of_key(v, self.0))
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
        let fields = Fields::default();
        let ctx = FileContext {
            file: 0,
            fields: &fields,
            dir_model: None,
            path_values: &[],
            filter: None,
            lookup: None,
            wanted: None,
            roles: &crate::results::derive::role_fields(&fields),
        };
        parse_lines_split(
            Path::new("r.jsonl"),
            text.as_bytes(),
            &ctx,
            &mut out,
            (parallel, parse_line_range),
        )?;
        let crate::results::record::Built {
            models,
            records,
            simulated,
            metrics,
            ..
        } = out.finish();
        Ok((models, records, simulated, metrics))
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
