//! effgraph keeps the numbers and figures of a paper true to the benchmark results behind
//! them. Result files (perplexity against FLOPs per token) are loaded ([`results`]), compared
//! on Pareto frontiers ([`analysis`]) against requirements ([`requirements`]), drawn
//! ([`render`]) and reported ([`report`]); `pipeline` wires the stages, `expand` runs them
//! for each directive of a document, `staleness` checks a built document's inline values
//! against the data, and the front ends are thin shells around them: the
//! `effgraph` command ([`cli`]) and the mdBook preprocessor ([`mdbook`]).
//!
//! The public modules are what the binaries, benchmarks, fuzz targets and tests use; the
//! rest is internal.

pub mod analysis;
mod cache;
pub mod cli;
pub mod config;
mod deps;
pub mod directive;
pub mod error;
mod expand;
pub mod format;
mod fsutil;
pub mod mdbook;
pub mod pandoc;
mod parts;
mod pipeline;
pub mod render;
pub mod report;
pub(crate) mod request;
pub mod requirements;
pub mod results;
pub mod scaling;
pub mod settings;
pub mod simulate;
mod staleness;
mod standalone;
pub mod syntax;

pub use error::{Error, Result};
