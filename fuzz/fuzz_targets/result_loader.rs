//! Any bytes as a `.json` and as a `.jsonl` result file: no panic, and whatever loads obeys
//! the analysis invariants (frontier strictly ordered and undominated).
#![no_main]

use std::path::Path;

use effgraph::analysis::{AnalysisOptions, analyse};
use effgraph::requirements::Requirements;
use effgraph::results::parse_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["fuzz.json", "fuzz.jsonl"] {
        let Ok(set) = parse_bytes(Path::new(name), data) else {
            continue;
        };
        for r in &set.records {
            assert!(r.y.is_finite() && r.y > 0.0);
            assert!(r.x.is_finite() && r.x > 0.0);
        }
        let analysis = analyse(&set, &Requirements::default(), &AnalysisOptions::default())
            .expect("no requirements, no error");
        for m in &analysis.models {
            for w in m.frontier.windows(2) {
                assert!(w[0].x < w[1].x && w[0].y > w[1].y);
            }
        }
    }
});
