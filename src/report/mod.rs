//! Reports: the [`Analysis`](crate::analysis::Analysis) written for people (console text) and
//! for programs (the summary JSON, whose schema is documented in `book/src/summary-json.md`).

pub mod console;
pub mod context;
pub mod summary;
pub mod templates;
