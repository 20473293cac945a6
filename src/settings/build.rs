//! The settings of a document build as a whole, not of one figure: what a bad directive does
//! to the build and where replacement templates are. Each is declared once in
//! [`BUILD_SETTINGS`], read as a `[preprocessor.effgraph]` key and as a flag of `expand`.

use std::path::PathBuf;

use super::{Commands, OnFailure, Setting, one};

/// What a document build was told, beyond its figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct BuildOptions {
    pub on_failure: OnFailure,
    /// As written: a book resolves it against its root, the command line against the
    /// working folder.
    pub templates_dir: Option<PathBuf>,
}

impl BuildOptions {
    /// A bad directive becomes a visible error and the build goes on.
    pub(crate) fn keep_going(&self) -> bool {
        self.on_failure == OnFailure::Continue
    }
}

/// One setting of a whole build.
pub(crate) type BuildSetting = Setting<BuildOptions>;

pub(crate) static ON_FAILURE: BuildSetting = Setting {
    name: "on_failure",
    value: "`bail`: a bad directive fails the build; `continue`: it becomes a visible error and a warning",
    default: "`bail`",
    help: "bail: the first bad directive fails the run; continue: it becomes a visible error [default: bail]",
    value_name: Some("bail|continue"),
    list: false,
    commands: Commands::Expand,
    book: true,
    directive: false,
    inline: false,
    set: |d, v| {
        d.on_failure = one(v).parse()?;
        Ok(())
    },
};

pub(crate) static TEMPLATES_DIR: BuildSetting = Setting {
    name: "templates_dir",
    value: "a folder whose `md/*.md`, `tex/*.tex` or `html/*` files replace the shipped templates",
    default: "the shipped templates",
    help: "Folder whose tex/*.tex or md/*.md files replace the shipped templates",
    value_name: Some("DIR"),
    list: false,
    commands: Commands::Expand,
    book: true,
    directive: false,
    inline: false,
    set: |d, v| {
        match one(v) {
            t if t.trim().is_empty() => return Err("must not be empty".into()),
            t => d.templates_dir = Some(PathBuf::from(t)),
        }
        Ok(())
    },
};

/// Every setting of a whole build, in the order the command line lists them.
pub(crate) static BUILD_SETTINGS: &[&BuildSetting] = &[&ON_FAILURE, &TEMPLATES_DIR];
