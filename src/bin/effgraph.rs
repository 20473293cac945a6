//! `effgraph`: parse flags, run, exit. Everything else lives in the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    effgraph::cli::run(effgraph::cli::Cli::parse())
}
