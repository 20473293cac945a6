//! Reports: the [`Analysis`](crate::analysis::Analysis) written for people (console text,
//! and the template context that documents' tables are made from, with its escaping) and for
//! programs (the summary JSON, whose schema is documented in `book/src/summary-json.md`).

pub mod console;
pub mod context;
mod escape;
pub mod macros;
pub mod summary;
pub mod templates;
pub mod value;
