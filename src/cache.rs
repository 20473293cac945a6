//! Content-addressed cache of expanded directives. A key is the SHA-256 of everything an
//! output depends on (tool version, output syntax, the directive text, book-wide defaults,
//! templates, and the bytes of every input file), so a data change always shows up and an
//! unchanged directive is never rendered twice. Entries are written atomically, so two
//! builds sharing the cache at once each see either nothing or a whole entry.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::fsutil::write_atomic;

pub struct Cache {
    dir: PathBuf,
}

/// Builds a key from parts; each part is length-prefixed so boundaries cannot shift.
#[derive(Default)]
pub struct KeyBuilder(Sha256);

impl KeyBuilder {
    pub fn new() -> Self {
        let mut k = KeyBuilder::default();
        k.part(concat!("effgraph ", env!("CARGO_PKG_VERSION")).as_bytes());
        // Shipped templates change between builds of one version while developing.
        for (name, text) in crate::report::templates::SHIPPED {
            k.part(name.as_bytes()).part(text.as_bytes());
        }
        k
    }

    pub fn part(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    /// Adds a file's path and bytes.
    pub fn file(&mut self, path: &Path) -> Result<&mut Self> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        self.part(path.as_os_str().as_encoded_bytes());
        Ok(self.part(&bytes))
    }

    pub fn finish(self) -> String {
        self.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl Cache {
    pub fn new(dir: PathBuf) -> Cache {
        Cache { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn entry(&self, key: &str, kind: &str) -> PathBuf {
        self.dir.join(format!("{key}.{kind}"))
    }

    pub fn get(&self, key: &str, kind: &str) -> Option<String> {
        std::fs::read_to_string(self.entry(key, kind)).ok()
    }

    pub fn put(&self, key: &str, kind: &str, text: &str) -> Result<()> {
        self.write(&format!("{key}.{kind}"), text.as_bytes())
    }

    /// Writes `name` (a plain file name, no folders) into the cache folder, atomically.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let plain = !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\']);
        if !plain {
            return Err(Error::Render {
                path: self.dir.join(name),
                message: "refusing to write outside the cache folder".into(),
            });
        }
        self.check_folder()?;
        let ignore = self.dir.join(".gitignore");
        if !ignore.exists() {
            // Keeps the cache out of version control and out of mdBook's watcher.
            write_atomic(&ignore, b"*\n")?;
        }
        write_atomic(&self.dir.join(name), bytes)
    }

    /// A cache folder that is a symbolic link could send writes anywhere: refuse it.
    fn check_folder(&self) -> Result<()> {
        match std::fs::symlink_metadata(&self.dir) {
            Ok(meta) if meta.file_type().is_symlink() => Err(Error::Render {
                path: self.dir.clone(),
                message:
                    "the cache folder is a symbolic link; effgraph writes only into a real folder"
                        .into(),
            }),
            Ok(meta) if !meta.is_dir() => Err(Error::Render {
                path: self.dir.clone(),
                message: "the cache folder is not a folder".into(),
            }),
            _ => Ok(()),
        }
    }
}
