//! `pandoc-effgraph`: a Pandoc JSON filter (`pandoc doc.md --filter pandoc-effgraph -o
//! doc.html`, or `filters: [pandoc-effgraph]` in Quarto). Pandoc gives the target format as the
//! first argument and the document's JSON on standard input; the filtered JSON goes to
//! standard output.

use std::io::{Read, Write};
use std::process::ExitCode;

/// The largest document read from Pandoc.
const LIMIT: u64 = 256 << 20;

fn main() -> ExitCode {
    let target = std::env::args().nth(1).unwrap_or_default();
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().take(LIMIT + 1).read_to_end(&mut input) {
        eprintln!("pandoc-effgraph: error: cannot read Pandoc's document: {e}");
        return ExitCode::from(2);
    }
    if input.len() as u64 > LIMIT {
        eprintln!("pandoc-effgraph: error: Pandoc's document is over {LIMIT} bytes");
        return ExitCode::from(2);
    }
    let (filtered, messages) = effgraph::pandoc::filter(&input, &target);
    for message in &messages {
        eprintln!("pandoc-effgraph: {message}");
    }
    match filtered {
        Ok(json) => match std::io::stdout().write_all(&json) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("pandoc-effgraph: error: cannot write the document: {e}");
                ExitCode::from(2)
            }
        },
        Err(e) => {
            eprintln!("pandoc-effgraph: error: {e}");
            ExitCode::from(2)
        }
    }
}
