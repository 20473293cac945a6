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
            Metric::FlopsRatio { at_ppl } => assert!(at_ppl.is_finite() && at_ppl > 0.0),
            Metric::PplReductionPct { at_flops } => assert!(at_flops.is_finite() && at_flops > 0.0),
        }
    }
});
