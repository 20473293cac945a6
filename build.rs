//! Gives the build an identity: a hash of the sources, templates and fonts it was built from
//! (`EFFGRAPH_BUILD_ID`). Cache keys include it, so a book or paper built with a changed
//! effgraph of the same version is never served from entries the old code computed.

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// FNV-1a, 64 bits: stable across Rust versions and machines, unlike the std hasher.
fn fnv(hash: &mut u64, bytes: &[u8]) {
    for &b in bytes {
        *hash ^= u64::from(b);
        *hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
}

fn main() {
    let mut all = Vec::new();
    for dir in ["src", "templates", "assets"] {
        println!("cargo:rerun-if-changed={dir}");
        files(Path::new(dir), &mut all);
    }
    all.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for path in &all {
        fnv(&mut hash, path.to_string_lossy().as_bytes());
        fnv(&mut hash, &std::fs::read(path).unwrap_or_default());
    }
    println!("cargo:rustc-env=EFFGRAPH_BUILD_ID={hash:016x}");
}
