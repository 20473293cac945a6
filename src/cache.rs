//! Content-addressed cache of expanded directives. A key is the SHA-256 of everything an
//! output depends on (tool version, output syntax, the directive text, book-wide defaults,
//! templates, and the bytes of every input file), so a data change always shows up and an
//! unchanged directive is never rendered twice. Entries are written atomically, so two
//! builds sharing the cache at once each see either nothing or a whole entry.
//!
//! Nothing in the cache folder is trusted: an entry is sealed with an HMAC over its text and
//! the hash of every figure file it refers to, keyed with a secret of this user's kept
//! outside every book ([`seal_key`]), and is used only when it is a regular file (not a
//! link) whose seal and figures still match. A truncated, edited or replaced entry, or one
//! written anywhere else (committed to a repository, built on another machine), is rendered
//! again; only someone who can read this user's key could forge one.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Read;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::fsutil::{write_atomic, write_owned};
use crate::results::Selection;

/// First word of every entry; a different version is a miss.
const MAGIC: &str = "effgraph-cache/4";
/// Entries and figures larger than this are not read back (they are rendered again).
const ENTRY_LIMIT: u64 = 1 << 30;

pub(crate) struct Cache {
    dir: PathBuf,
    /// `None` where no secret can be had: then no entry is ever used.
    key: Option<[u8; 32]>,
}

/// A cached expansion: its text, the figure files (name, SHA-256) it refers to, and the
/// style (see [`crate::render::ModelStyle::code`]) each model was drawn in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Entry {
    pub text: String,
    pub figures: Vec<(String, String)>,
    pub styles: Vec<(String, String)>,
}

/// Builds a key from parts; each part is length-prefixed so boundaries cannot shift.
#[derive(Default)]
pub(crate) struct KeyBuilder(Sha256);

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What a run has read of its input files, so that a file named by many directives is read
/// and hashed once per run (files are taken not to change during one run).
#[derive(Default)]
pub(crate) struct InputMemo {
    digests: RefCell<HashMap<PathBuf, [u8; 32]>>,
    listings: RefCell<HashMap<Selection, Listing>>,
}

/// The result files a results path stands for and the folders searched for them.
pub(crate) type Listing = (Vec<PathBuf>, Vec<PathBuf>);

impl InputMemo {
    /// The result files (and folders searched) of a selection, once per selection.
    pub(crate) fn listing(&self, selection: &Selection) -> Result<Listing> {
        if let Some(listing) = self.listings.borrow().get(selection) {
            return Ok(listing.clone());
        }
        let (inputs, folders) = crate::results::discover_selection(selection)?;
        let listing = (inputs.into_iter().map(|i| i.path).collect(), folders);
        self.listings
            .borrow_mut()
            .insert(selection.clone(), listing.clone());
        Ok(listing)
    }

    /// The SHA-256 of a regular file of at most `limit` bytes, once per path.
    fn digest(&self, path: &Path, limit: u64) -> Result<[u8; 32]> {
        if let Some(d) = self.digests.borrow().get(path) {
            return Ok(*d);
        }
        let bytes = crate::fsutil::read_input(path, limit)?;
        let digest: [u8; 32] = Sha256::digest(&bytes).into();
        self.digests.borrow_mut().insert(path.to_path_buf(), digest);
        Ok(digest)
    }
}

impl KeyBuilder {
    pub(crate) fn new() -> Self {
        // The parts every key starts with, hashed once per process.
        static BASE: OnceLock<Sha256> = OnceLock::new();
        let base = BASE.get_or_init(|| {
            let mut k = KeyBuilder::default();
            k.part(concat!("effgraph ", env!("CARGO_PKG_VERSION")).as_bytes());
            // The code itself (see build.rs): a changed build of one version is a new key.
            k.part(env!("EFFGRAPH_BUILD_ID").as_bytes());
            // Shipped templates change between builds of one version while developing.
            for (name, text) in crate::report::templates::SHIPPED {
                k.part(name.as_bytes()).part(text.as_bytes());
            }
            k.0
        });
        KeyBuilder(base.clone())
    }

    pub(crate) fn part(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    /// Adds a file's path and the hash of its bytes (a regular file of at most `limit`
    /// bytes).
    pub(crate) fn file(&mut self, path: &Path, limit: u64, memo: &InputMemo) -> Result<&mut Self> {
        self.named_file(path, path, limit, memo)
    }

    /// Adds a file under `name` (not the path it is read from) and the hash of its bytes.
    pub(crate) fn named_file(
        &mut self,
        name: &Path,
        path: &Path,
        limit: u64,
        memo: &InputMemo,
    ) -> Result<&mut Self> {
        let digest = memo.digest(path, limit)?;
        self.part(name.as_os_str().as_encoded_bytes());
        Ok(self.part(&digest))
    }

    pub(crate) fn finish(self) -> String {
        hex(&self.0.finalize())
    }
}

/// Reads `path` only if it is a regular file, not a link, of at most [`ENTRY_LIMIT`] bytes.
fn read_plain(path: &Path) -> Option<Vec<u8>> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > ENTRY_LIMIT {
        return None;
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(ENTRY_LIMIT).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The HMAC-SHA256 of `sealed` under `key`, in hex.
fn seal(key: &[u8; 32], sealed: &str) -> String {
    use hmac::Mac;
    let mut mac = hmac::Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(sealed.as_bytes());
    hex(&mac.finalize().into_bytes())
}

impl Entry {
    /// `MAGIC <seal>` and then ` <figure>=<hash>` for each figure on the first line, the
    /// styles as a JSON array of `[model, style]` pairs on the second, then the text; the
    /// seal covers everything after itself.
    fn encode(&self, key: &[u8; 32]) -> String {
        let styles = serde_json::to_string(&self.styles).unwrap_or_else(|_| "[]".into());
        let mut sealed = String::new();
        for (name, hash) in &self.figures {
            sealed.push_str(&format!(" {name}={hash}"));
        }
        sealed.push_str(&format!("\n{styles}\n{}", self.text));
        format!("{MAGIC} {}{sealed}", seal(key, &sealed))
    }

    fn decode(bytes: Vec<u8>, key: &[u8; 32]) -> Option<Entry> {
        let text = String::from_utf8(bytes).ok()?;
        let after_magic = text.strip_prefix(MAGIC)?.strip_prefix(' ')?;
        let seal_end = after_magic.find([' ', '\n'])?;
        let (claimed, sealed) = after_magic.split_at(seal_end);
        // Compared in constant time: the seal is a secret's output.
        let expected = seal(key, sealed);
        let same = claimed.len() == expected.len()
            && claimed
                .bytes()
                .zip(expected.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if !same {
            return None;
        }
        let (figure_words, rest) = sealed.split_once('\n')?;
        let figures = figure_words
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| {
                w.split_once('=')
                    .map(|(n, h)| (n.to_string(), h.to_string()))
            })
            .collect::<Option<Vec<_>>>()?;
        let (styles, body) = rest.split_once('\n')?;
        Some(Entry {
            text: body.to_string(),
            figures,
            styles: serde_json::from_str(styles).ok()?,
        })
    }
}

impl Cache {
    pub(crate) fn new(dir: PathBuf) -> Cache {
        Cache {
            dir,
            key: *seal_key(),
        }
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    fn entry_name(key: &str, kind: &str) -> String {
        format!("{key}.{kind}")
    }

    /// The entry for `key`, if it is intact and every figure file it names is too.
    pub(crate) fn get(&self, key: &str, kind: &str) -> Option<Entry> {
        let bytes = read_plain(&self.dir.join(Cache::entry_name(key, kind)))?;
        let entry = Entry::decode(bytes, self.key.as_ref()?)?;
        let intact = entry.figures.iter().all(|(name, hash)| {
            is_plain_name(name)
                && read_plain(&self.dir.join(name)).is_some_and(|b| sha256_hex(&b) == *hash)
        });
        intact.then_some(entry)
    }

    pub(crate) fn put(&self, key: &str, kind: &str, entry: &Entry) -> Result<()> {
        self.write(
            &Cache::entry_name(key, kind),
            entry.encode(&self.key.unwrap_or_default()).as_bytes(),
        )
    }

    /// Writes `name` (a plain file name, no folders) into the cache folder, atomically.
    pub(crate) fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        if !is_plain_name(name) {
            return Err(self.refuse(
                self.dir.join(name),
                "refusing to write outside the cache folder",
            ));
        }
        self.check_folder()?;
        let ignore = self.dir.join(".gitignore");
        if std::fs::symlink_metadata(&ignore).is_err() {
            // Keeps the cache out of version control and out of mdBook's watcher.
            write_atomic(&ignore, b"*\n")?;
        }
        write_owned(&self.dir.join(name), bytes)
    }

    fn refuse(&self, path: PathBuf, message: &str) -> Error {
        Error::Output {
            path,
            message: message.into(),
        }
    }

    /// A cache folder that is a symbolic link could send writes anywhere: refuse it.
    fn check_folder(&self) -> Result<()> {
        match std::fs::symlink_metadata(&self.dir) {
            Ok(meta) if meta.file_type().is_symlink() => Err(self.refuse(
                self.dir.clone(),
                "the cache folder is a symbolic link; effgraph writes only into a real folder",
            )),
            Ok(meta) if !meta.is_dir() => {
                Err(self.refuse(self.dir.clone(), "the cache folder is not a folder"))
            }
            _ => Ok(()),
        }
    }
}

/// The secret that seals this user's cache entries: 32 random bytes in
/// `$XDG_CACHE_HOME/effgraph/seal-key` (or `~/.cache/effgraph/seal-key`), made on first use,
/// readable by this user only. Where no such file can be kept, a secret for this process
/// alone: nothing is reused between runs, which is slower but never wrong.
fn seal_key() -> &'static Option<[u8; 32]> {
    static KEY: OnceLock<Option<[u8; 32]>> = OnceLock::new();
    KEY.get_or_init(|| {
        let dir = std::env::var_os("XDG_CACHE_HOME")
            .filter(|d| Path::new(d).is_absolute())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))
            .map(|d| d.join("effgraph"));
        dir.and_then(|d| kept_key(&d)).or_else(random_key)
    })
}

/// The key kept in `dir`, made there if it is not yet (two runs making it at once agree:
/// the first link wins, and both read it back).
fn kept_key(dir: &Path) -> Option<[u8; 32]> {
    let path = dir.join("seal-key");
    let read = || -> Option<[u8; 32]> { read_plain(&path)?.try_into().ok() };
    if let Some(key) = read() {
        return Some(key);
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .ok()?;
    let fresh = random_key()?;
    let temp = tempfile::NamedTempFile::new_in(dir).ok()?;
    std::fs::write(temp.path(), fresh).ok()?;
    // Not replaced if another run made it first; then that key is the one.
    let _ = std::fs::hard_link(temp.path(), &path);
    read()
}

fn random_key() -> Option<[u8; 32]> {
    let mut key = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut key))
        .ok()?;
    Some(key)
}

fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_reject_edits() {
        let entry = Entry {
            text: "<p>x</p>\nline".into(),
            figures: vec![("abc.pdf".into(), sha256_hex(b"pdf"))],
            styles: vec![("Mamba \"2\"".into(), "#0072b2 circle 0".into())],
        };
        let key = [7u8; 32];
        let bytes = entry.encode(&key).into_bytes();
        assert_eq!(Entry::decode(bytes.clone(), &key), Some(entry.clone()));
        let mut truncated = bytes.clone();
        truncated.pop();
        assert_eq!(Entry::decode(truncated, &key), None);
        let text = String::from_utf8(bytes.clone()).unwrap();
        let edited = text.replace("<p>x", "<p>y");
        assert_eq!(Entry::decode(edited.into_bytes(), &key), None);
        let other_figure = text.replace("abc.pdf", "abd.pdf");
        assert_eq!(Entry::decode(other_figure.into_bytes(), &key), None);
        assert_eq!(Entry::decode(bytes, &[8u8; 32]), None, "another key");
        assert_eq!(Entry::decode(b"<p>old format</p>".to_vec(), &key), None);
        let no_figures = Entry {
            figures: Vec::new(),
            ..entry
        };
        let bytes = no_figures.encode(&key).into_bytes();
        assert_eq!(Entry::decode(bytes, &key), Some(no_figures));
    }
}
