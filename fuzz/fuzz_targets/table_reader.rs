//! Any bytes as a `.csv` and as a `.tsv` result file, read through a field mapping the input
//! chooses (its first line: x, y, model, config and seed fields separated by `|`, names or
//! JSON Pointers): no panic, and whatever loads is finite and positive, with every reported
//! standard error (a W&B group's half range included) finite and not negative.
#![no_main]

use std::path::Path;

use effgraph::results::{Field, Fields, ModelField, parse_bytes_with};
use libfuzzer_sys::fuzz_target;

/// The mapping the first line names, the default's fields where it names none.
fn mapping(line: &str) -> Option<Fields> {
    let mut fields = Fields::default();
    let mut parts = line.split('|');
    let mut next = |default: Field| match parts.next() {
        Some(p) if !p.is_empty() => Field::parse(p).ok(),
        _ => Some(default),
    };
    fields.x = next(fields.x.clone())?;
    fields.y = next(fields.y.clone())?;
    fields.model = ModelField::Field(next(Field::Name("model".into()))?);
    fields.config = next(fields.config.clone())?;
    fields.seed = next(fields.seed.clone())?;
    Some(fields)
}

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let Ok(first) = std::str::from_utf8(&data[..split]) else {
        return;
    };
    let Some(fields) = mapping(first) else {
        return;
    };
    let table = data.get(split + 1..).unwrap_or_default();
    for name in ["fuzz.csv", "fuzz.tsv"] {
        let Ok(set) = parse_bytes_with(Path::new(name), table, &fields) else {
            continue;
        };
        for r in &set.records {
            assert!(r.y.is_finite() && r.y > 0.0);
            assert!(r.x.is_finite() && r.x > 0.0);
            if let Some(stderr) = r.y_stderr {
                assert!(stderr.is_finite() && stderr >= 0.0, "stderr {stderr}");
            }
        }
    }
});
