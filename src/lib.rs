//! effgraph keeps the numbers and figures of a paper true to the benchmark results behind
//! them. Result files (perplexity against FLOPs per token) are loaded ([`results`]), compared
//! on Pareto frontiers ([`analysis`]) against requirements ([`requirements`]), drawn
//! ([`render`]) and reported ([`report`]); [`pipeline`] wires the stages, and the `effgraph`
//! binary ([`cli`]) is a thin shell around it.

pub mod adapters;
pub mod analysis;
pub mod cache;
pub mod cli;
pub mod config;
pub mod deps;
pub mod directive;
pub mod error;
pub mod expand;
pub mod format;
pub mod fsutil;
pub mod mdbook;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod requirements;
pub mod results;
pub mod settings;
pub mod simulate;

pub use error::{Error, Result};
