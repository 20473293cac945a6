//! Reports: the [`Analysis`](crate::analysis::Analysis) written for people (console text,
//! and the template context that documents' tables are made from, with its escaping) and for
//! programs (the summary JSON, whose schema is documented in `book/src/summary-json.md`).

pub(crate) mod console;
pub(crate) mod context;
mod escape;
pub(crate) mod macros;
pub(crate) mod summary;
pub mod templates;
pub(crate) mod value;
