//! Scaling-law fitting as a library: the laws `fit=` draws and reads ([`Form`]), fitted as
//! the figures fit them (Huber loss on log L, L-BFGS from a grid of starts, a seeded
//! bootstrap over the points), for programs and benchmarks that want the numbers alone.

pub use crate::parts::fit::law::{DELTA, Form, LawFit, fit, fit_with};
