//! Any text as a requirements file: no panic, and whatever parses is valid.
#![no_main]

use std::path::Path;

use effgraph::requirements::{Metric, Requirements};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(requirements) = Requirements::parse(Path::new("fuzz.toml"), text) else {
        return;
    };
    for r in &requirements.list {
        assert!(r.threshold.is_finite());
        match r.metric {
            Metric::CostRatio { at_y } => assert!(at_y.is_finite() && at_y > 0.0),
            Metric::YImprovementPct { at_x } => assert!(at_x.is_finite() && at_x > 0.0),
        }
    }
});
