//! The module structure stays a hierarchy: no module of `src/` depends on one that depends on
//! it back, directly or through others. Dependencies are read from the source: `use` items
//! and inline `crate::…` / `super::…` paths, outside `#[cfg(test)]` code. A parent's
//! `mod child;` and `pub use child::…` re-exports are its public face, not a dependency.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `render/chart.rs` → `render::chart`; `render/mod.rs` → `render`; `lib.rs` → ``.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).unwrap();
    if rel.starts_with("bin") {
        return None;
    }
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    Some(parts.join("::"))
}

/// Code outside `#[cfg(test)]` items, with comments removed.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Full paths of a `use` tree such as `crate::{a::{b, c}, d}`.
fn expand_use(tree: &str) -> Vec<String> {
    let tree: String = tree.split_whitespace().collect();
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand_use(&format!("{prefix}{p}")))
        .collect()
}

/// The module a path names (its longest prefix that is a module), relative to `from`.
fn resolve(path: &str, from: &str, modules: &BTreeSet<String>) -> Option<String> {
    let mut segments: Vec<&str> = path.split("::").collect();
    let mut base: Vec<&str> = if from.is_empty() {
        vec![]
    } else {
        from.split("::").collect()
    };
    match segments.first() {
        Some(&"crate") => {
            base.clear();
            segments.remove(0);
        }
        Some(&"super") => {
            while segments.first() == Some(&"super") {
                base.pop();
                segments.remove(0);
            }
        }
        Some(&"self") => {
            segments.remove(0);
        }
        _ => return None,
    }
    let mut found = base.join("::");
    for segment in segments {
        let candidate = if base.is_empty() {
            segment.to_string()
        } else {
            format!("{}::{segment}", base.join("::"))
        };
        if !modules.contains(&candidate) {
            break;
        }
        base.push(segment);
        found = candidate;
    }
    Some(found)
}

fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let files: Vec<(String, String)> = files
        .iter()
        .filter_map(|f| {
            Some((
                module_of(&src, f)?,
                code(&std::fs::read_to_string(f).unwrap()),
            ))
        })
        .collect();
    let modules: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).collect();
    let mut graph = BTreeMap::new();
    for (module, text) in &files {
        let mut paths = Vec::new();
        // Modules brought into scope by name (`use crate::adapters::{self, …}`), whose
        // inline paths (`adapters::html::render`) are dependencies too.
        let mut aliases: Vec<(String, String)> = Vec::new();
        // Child modules are in scope by their name too (`mod chart;` then `chart::draw`).
        for child in modules.iter().filter(|m| {
            m.rsplit_once("::")
                .map_or(!module.is_empty() || !m.is_empty(), |(parent, _)| {
                    parent == module
                })
                && (module.is_empty() && !m.contains("::") || m.starts_with(&format!("{module}::")))
        }) {
            let name = child.rsplit("::").next().unwrap_or_default().to_string();
            aliases.push((name, child.clone()));
        }
        for statement in text.split(';') {
            let statement = statement.trim();
            let public_reexport = statement.starts_with("pub use ");
            if let Some(tree) = statement
                .strip_prefix("pub use ")
                .or_else(|| statement.strip_prefix("pub(crate) use "))
                .or_else(|| statement.strip_prefix("use "))
            {
                for path in expand_use(tree) {
                    // `pub use child::X` in a parent is its face, not a dependency.
                    let child = path.split("::").next().is_some_and(|first| {
                        let name = if module.is_empty() {
                            first.to_string()
                        } else {
                            format!("{module}::{first}")
                        };
                        modules.contains(&name)
                    });
                    if public_reexport && child {
                        continue;
                    }
                    let path = if child { format!("self::{path}") } else { path };
                    let full = path.trim_end_matches("::self").to_string();
                    if let Some(target) = resolve(&full, module, &modules)
                        && full
                            .rsplit("::")
                            .next()
                            .is_some_and(|last| target.ends_with(last))
                    {
                        let name = target.rsplit("::").next().unwrap_or_default().to_string();
                        aliases.push((name, target));
                    }
                    paths.push(path);
                }
                continue;
            }
            let mut rest = statement;
            while let Some(at) = ["crate::", "super::"]
                .iter()
                .filter_map(|p| rest.find(p))
                .min()
            {
                let tail = &rest[at..];
                let end = tail
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .unwrap_or(tail.len());
                paths.push(tail[..end].trim_end_matches(':').to_string());
                rest = &tail[end..];
            }
            for (name, target) in &aliases {
                let needle = format!("{name}::");
                for (at, _) in statement.match_indices(&needle) {
                    let before = statement[..at].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                        continue;
                    }
                    let tail = &statement[at + needle.len()..];
                    let end = tail
                        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                        .unwrap_or(tail.len());
                    paths.push(format!(
                        "crate::{target}::{}",
                        tail[..end].trim_end_matches(':')
                    ));
                }
            }
        }
        let targets: BTreeSet<String> = paths
            .iter()
            .filter_map(|p| resolve(p, module, &modules))
            .filter(|t| t != module)
            .collect();
        graph.insert(module.clone(), targets);
    }
    graph
}

/// A cycle through `start`, if there is one.
fn cycle_from(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in graph.get(&node).into_iter().flatten() {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(start.to_string());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn no_module_depends_on_one_that_depends_on_it() {
    let graph = dependencies();
    assert!(graph.contains_key("pipeline") && graph.contains_key("render::axes"));
    let cycles: BTreeSet<String> = graph
        .keys()
        .filter_map(|m| cycle_from(&graph, m))
        .map(|c| {
            // One name per cycle, whichever module it is found from.
            let body = &c[..c.len() - 1];
            let first = (0..body.len()).min_by_key(|&i| &body[i]).unwrap();
            let mut rotated: Vec<&str> = body[first..]
                .iter()
                .chain(&body[..first])
                .map(String::as_str)
                .collect();
            rotated.push(rotated[0]);
            rotated.join(" → ")
        })
        .collect();
    assert!(
        cycles.is_empty(),
        "import cycles:\n{}",
        cycles.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_cycle_check_finds_a_cycle() {
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    graph.insert("b".to_string(), BTreeSet::from(["c".to_string()]));
    graph.insert("c".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(cycle_from(&graph, "a").unwrap(), vec!["a", "b", "c", "a"]);
    let modules = BTreeSet::from(["render".to_string(), "render::axes".to_string()]);
    assert_eq!(
        resolve("super::axes::Axis", "render::chart", &modules).as_deref(),
        Some("render::axes")
    );
    assert_eq!(
        resolve("crate::render::Format", "pipeline", &modules).as_deref(),
        Some("render")
    );
    assert_eq!(
        expand_use("crate::{a::{b, c}, d}"),
        vec!["crate::a::b", "crate::a::c", "crate::d"]
    );
}
