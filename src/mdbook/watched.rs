//! Which inputs `mdbook serve` and `mdbook watch` would miss. They rebuild when something
//! under the book's `src`, its theme folder, `book.toml` or a `build.extra-watch-dirs` entry
//! changes; a results folder or requirements file anywhere else leaves the served page stale,
//! so the preprocessor names each such input once per build, with the entry that fixes it.

use std::path::{Component, Path, PathBuf};

use mdbook_preprocessor::PreprocessorContext;

/// One warning per input (file or folder) that no watched path covers.
pub(crate) fn unwatched_inputs(
    ctx: &PreprocessorContext,
    inputs: &[PathBuf],
    cache_dir: &Path,
) -> Vec<String> {
    let root = lexical(&ctx.root);
    let theme = ctx
        .config
        .html_config()
        .and_then(|html| html.theme)
        .unwrap_or_else(|| PathBuf::from("theme"));
    let watched: Vec<PathBuf> = [ctx.config.book.src.clone(), theme]
        .into_iter()
        .chain(ctx.config.build.extra_watch_dirs.iter().cloned())
        .map(|p| lexical(&root.join(p)))
        .collect();
    // Never suggest a folder holding the build output or the cache: every build would then
    // look like a change and `mdbook serve` would rebuild again.
    let written = [
        lexical(&root.join(&ctx.config.build.build_dir)),
        lexical(cache_dir),
    ];
    // (entry to add, the inputs it would cover), in the order the inputs were read.
    let mut missed: Vec<(String, Vec<String>)> = Vec::new();
    let inputs: Vec<PathBuf> = inputs.iter().map(|i| lexical(i)).collect();
    for input in &inputs {
        // A file in a results folder is named by its folder.
        let in_folder = inputs.iter().any(|i| i != input && input.starts_with(i));
        if in_folder || watched.iter().any(|w| input.starts_with(w)) {
            continue;
        }
        let entry = match input.strip_prefix(&root) {
            Ok(inside) => match inside.components().next().map(|c| root.join(c)) {
                Some(top) if !written.iter().any(|w| w.starts_with(&top)) => top,
                _ => input.clone(),
            },
            Err(_) => input.clone(),
        };
        let entry = relative_to(&entry, &root);
        let shown = relative_to(input, &root);
        match missed.iter_mut().find(|(e, _)| *e == entry) {
            Some((_, covered)) if !covered.contains(&shown) => covered.push(shown),
            Some(_) => {}
            None => missed.push((entry, vec![shown])),
        }
    }
    missed
        .into_iter()
        .map(|(entry, covered)| {
            let toml = entry.replace('\\', "\\\\").replace('"', "\\\"");
            let verb = if covered.len() == 1 { "is" } else { "are" };
            crate::error::escape_controls(&format!(
                "{} {verb} outside src/ and build.extra-watch-dirs, so `mdbook serve` will not rebuild when {}; add \"{toml}\" to extra-watch-dirs under [build] in book.toml",
                crate::format::list(&covered),
                if covered.len() == 1 { "it changes" } else { "they change" },
            ))
        })
        .collect()
}

/// `path` with `.` and `..` resolved by name (inputs may not exist yet, so no file system).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` as book.toml would write it: relative to the book `root`, with `..` where needed.
fn relative_to(path: &Path, root: &Path) -> String {
    let common = path
        .components()
        .zip(root.components())
        .take_while(|(a, b)| a == b)
        .count();
    let ups = root.components().count() - common;
    let rest: PathBuf = path.components().skip(common).collect();
    let mut relative = PathBuf::new();
    for _ in 0..ups {
        relative.push("..");
    }
    relative.push(rest);
    relative.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_resolves_dots_by_name() {
        assert_eq!(lexical(Path::new("/b/./data/../r")), Path::new("/b/r"));
        assert_eq!(lexical(Path::new("../x")), Path::new("../x"));
    }

    #[test]
    fn relative_paths_climb_out_of_the_root_when_needed() {
        let root = Path::new("/home/u/book");
        assert_eq!(relative_to(Path::new("/home/u/book/data"), root), "data");
        assert_eq!(
            relative_to(Path::new("/home/u/results"), root),
            "../results"
        );
    }
}
