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
    pub(crate) fn new(path: &Path, line: usize, column: usize) -> Self {
        Location {
            path: path.to_path_buf(),
            line,
            column,
        }
    }

    /// Line and column of a byte offset in `text`; columns count characters, not bytes.
    pub(crate) fn at_offset(path: &Path, text: &str, offset: usize) -> Self {
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
        write!(f, "{}:{}:{}", shown(&self.path), self.line, self.column)
    }
}

/// A path as a message shows it: control characters (a newline in a file name) are written
/// as escapes, so a name can never start a line of its own in an error.
pub(crate) fn shown(path: &Path) -> String {
    escape_controls(&path.to_string_lossy())
}

/// Whether `c` ends a line for some reader of what effgraph writes: control characters
/// (TeX ends a line at a carriage return too) and Unicode's line and paragraph separators.
pub(crate) fn breaks_lines(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// `text` with control characters and line separators written as escapes (`\n`, `\u{0}`),
/// so that it stays on one line: in a message, and in every comment effgraph writes.
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(breaks_lines) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if breaks_lines(c) {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Which record of a result file a problem is in, and which field, when known.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RecordPlace {
    /// 0-based index of the record in its file (array element or JSON Lines record).
    pub index: Option<usize>,
    /// The field as the user named it (a name or a JSON Pointer).
    pub field: Option<String>,
}

impl fmt::Display for RecordPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(index) = self.index {
            write!(f, "record {index}: ")?;
        }
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", shown(path))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{}: results path does not exist", shown(path))]
    ResultsMissing { path: PathBuf },

    #[error(
        "{}: no result files (.json, .jsonl, .csv, .tsv, .parquet) found",
        shown(path)
    )]
    ResultsEmpty { path: PathBuf },

    #[error(
        "{}: result files end in .json, .jsonl, .csv, .tsv or .parquet",
        shown(path)
    )]
    ResultsExtension { path: PathBuf },

    #[error("{}: not a regular file", shown(path))]
    NotRegularFile { path: PathBuf },

    /// A file that cannot be read as what it should be (its encoding, its kind).
    #[error("{}: {message}", shown(path))]
    Input { path: PathBuf, message: String },

    /// An output effgraph refuses to write.
    #[error("{}: {message}", shown(path))]
    Output { path: PathBuf, message: String },

    #[error("{}: no records in the result files", shown(path))]
    NoRecords { path: PathBuf },

    #[error(
        "{}: where={filter} keeps none of the {considered} records read",
        shown(path)
    )]
    NothingKept {
        path: PathBuf,
        filter: String,
        considered: usize,
    },

    #[error(
        "{}: file is {size} bytes, over the limit of {limit} bytes ({})",
        shown(path),
        if *fixed { "requirements, styles and template files are kept small" } else { "raise it with --max-file-size or `max-file-size`" }
    )]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
        /// The limit is the fixed one for small text files (16 MiB), which no setting raises.
        fixed: bool,
    },

    #[error("{location}: {place}{message}")]
    Record {
        location: Location,
        place: RecordPlace,
        message: String,
    },

    #[error(
        "duplicate config_id `{config_id}` for model `{model}`: in {} and in {}",
        shown(first),
        shown(second)
    )]
    DuplicateConfig {
        model: String,
        config_id: String,
        first: PathBuf,
        second: PathBuf,
    },

    #[error(
        "duplicate run: seed `{seed}` of config_id `{config_id}` for model `{model}` is in {} and in {}",
        shown(first),
        shown(second)
    )]
    DuplicateRun {
        model: String,
        config_id: String,
        seed: String,
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

    #[error("{}: {message}", shown(path))]
    Config { path: PathBuf, message: String },

    /// A settings file (a styles file) wrong at a place.
    #[error("{location}: {message}")]
    ConfigAt { location: Location, message: String },

    /// The models' styles cannot be given as the style table says.
    #[error("{0}")]
    Style(Invalid),

    /// An analysis beyond the frontiers could not be made as asked.
    #[error("{0}")]
    Analysis(#[from] PartError),

    /// Drawing or encoding the figure failed; the data, not the output, is the cause.
    #[error("cannot draw the figure: {0}")]
    Figure(EncodeError),

    /// A setting's value (a file pattern) is not one of its forms, where no place is known.
    #[error("{0}")]
    Setting(#[from] Invalid),

    #[error("{0}")]
    Usage(String),
}

// The errors of each layer, defined here so that `Error` can hold them without this module
// depending on the layers (which all depend on it).

/// Why a value written for a setting (a flag, a directive key, a `book.toml` key, a style
/// table entry) is not one of the setting's forms. It holds the reason alone, such as
/// "`x` is not a whole number"; each front end adds where the value was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub(crate) String);

impl From<String> for Invalid {
    fn from(reason: String) -> Invalid {
        Invalid(reason)
    }
}

/// Compares with the message a user sees, as tests do.
impl PartialEq<&str> for Invalid {
    fn eq(&self, message: &&str) -> bool {
        self.0 == *message
    }
}

impl From<&str> for Invalid {
    fn from(reason: &str) -> Invalid {
        Invalid(reason.to_string())
    }
}

/// Why a drawn figure cannot be written in a format.
#[derive(Debug, thiserror::Error)]
pub enum EncodeError {
    /// The size cannot be rasterised at the resolution asked for.
    #[error("{0}")]
    Raster(#[from] Invalid),
    #[error("a {width}×{height} pixel image is too large; lower the dpi")]
    TooLarge { width: u32, height: u32 },
    #[error("{0}")]
    Png(#[from] ::png::EncodingError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("PDF configuration: {0}")]
    PdfConfiguration(String),
    #[error("an embedded font cannot be used in PDF")]
    PdfFont,
    #[error("figure size is not a valid PDF page size")]
    PdfPageSize,
    #[error("PDF could not be written: {0}")]
    Pdf(String),
}

/// Why a part cannot run as asked, or cannot give a value it has: the reason alone ("`x` is
/// not a request (expected best)"); the caller adds the part's name and the place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refusal(pub(crate) String);

impl From<&str> for Refusal {
    fn from(reason: &str) -> Refusal {
        Refusal(reason.to_string())
    }
}

/// Why the analyses beyond the frontiers cannot be made as asked.
#[derive(Debug, thiserror::Error)]
pub enum PartError {
    #[error("no analysis is called `{0}`")]
    Unknown(String),
    #[error("{part}: {reason}")]
    Refused { part: &'static str, reason: Refusal },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A record error from a part of a file that counted its records from zero, told with
    /// the record's index in the whole file.
    pub(crate) fn with_record_offset(mut self, offset: usize) -> Error {
        if let Error::Record { place, .. } = &mut self {
            place.index = place.index.map(|i| i + offset);
        }
        self
    }

    /// This error as raised by the directive at `location` (unless it already points into
    /// the document).
    pub(crate) fn at_directive(self, location: &Location) -> Error {
        match self {
            e @ (Error::Directive { .. } | Error::AtDirective { .. }) => e,
            e => Error::AtDirective {
                location: location.clone(),
                source: Box::new(e),
            },
        }
    }

    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
