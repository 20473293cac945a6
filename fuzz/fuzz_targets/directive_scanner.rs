//! Any text through both directive scanners and the key checker: no panic, and every
//! directive found is a well-formed, in-bounds, non-overlapping `<<efficiency_graph …>>`.
#![no_main]

use std::path::Path;

use effgraph::config::Defaults;
use effgraph::directive::keys::configure;
use effgraph::syntax::scan_as_every_source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.md");
    for found in scan_as_every_source(path, text) {
        let Ok(directives) = found else { continue };
        let mut end = 0;
        for d in &directives {
            assert!(
                d.span.start >= end && d.span.end <= text.len(),
                "overlapping or out of bounds"
            );
            let body = d.text(text);
            assert!(body.starts_with("<<efficiency_graph") && body.ends_with(">>"));
            end = d.span.end;
            let _ = configure(path, text, d, &Defaults::default(), Path::new("/book"));
        }
    }
});
