//! The one error type of effgraph. Every variant names the file it is about and, where the
//! problem sits at a place in that file, the line and column; `Display` is the exact message a
//! user sees, so tests assert on it whole.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in a file: `path:line:column` (both 1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn new(path: &Path, line: usize, column: usize) -> Self {
        Location {
            path: path.to_path_buf(),
            line,
            column,
        }
    }

    /// Line and column of a byte offset in `text`; columns count characters, not bytes.
    pub fn at_offset(path: &Path, text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() + 1;
        Location::new(path, line, column)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

/// Which record of a result file a problem is in, and which field, when known.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RecordPlace {
    /// 0-based index of the record in its file (array element or JSON Lines record).
    pub index: Option<usize>,
    pub field: Option<&'static str>,
}

impl fmt::Display for RecordPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(index) = self.index {
            write!(f, "record {index}: ")?;
        }
        if let Some(field) = self.field {
            write!(f, "field `{field}`: ")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{}: results path does not exist", path.display())]
    ResultsMissing { path: PathBuf },

    #[error("{}: no result files (*.json, *.jsonl) found", path.display())]
    ResultsEmpty { path: PathBuf },

    #[error("{}: result files must end in .json or .jsonl", path.display())]
    ResultsExtension { path: PathBuf },

    #[error("{}: not a regular file", path.display())]
    NotRegularFile { path: PathBuf },

    #[error("{}: file is {size} bytes, over the limit of {limit} bytes (raise it with --max-file-size or `max-file-size`)", path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },

    #[error("{location}: {place}{message}")]
    Record {
        location: Location,
        place: RecordPlace,
        message: String,
    },

    #[error(
        "duplicate config_id `{config_id}` for model `{model}`: in {} and in {}",
        first.display(),
        second.display()
    )]
    DuplicateConfig {
        model: String,
        config_id: String,
        first: PathBuf,
        second: PathBuf,
    },

    #[error("{location}: {message}")]
    Requirements { location: Location, message: String },

    #[error("{location}: {message}")]
    Directive { location: Location, message: String },

    /// Any other error, raised while running the directive at `location`.
    #[error("{location}: {source}")]
    AtDirective {
        location: Location,
        source: Box<Error>,
    },

    #[error("{}: {message}", path.display())]
    Config { path: PathBuf, message: String },

    #[error("{}: {message}", path.display())]
    Render { path: PathBuf, message: String },

    #[error("{0}")]
    Usage(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// This error as raised by the directive at `location` (unless it already points into
    /// the document).
    pub fn at_directive(self, location: &Location) -> Error {
        match self {
            e @ (Error::Directive { .. } | Error::AtDirective { .. }) => e,
            e => Error::AtDirective {
                location: location.clone(),
                source: Box::new(e),
            },
        }
    }

    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
