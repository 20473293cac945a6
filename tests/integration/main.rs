//! One integration test binary; each module covers one feature end to end.

/// Statistics, frontiers, readings and verdicts on the hand-checked fixture.
mod analysis;
/// The bad-input corpus: every case through the CLI (and results through mdbook-effgraph).
mod bad_inputs;
/// The CI recipes in `examples/ci/`, their commands run on a repository with a pull request.
mod ci_recipes;
/// The `effgraph` binary: render, check exit codes, simulate, summary JSON, determinism.
mod cli;
/// Shared helpers: fixture paths, running the real `effgraph` binary.
mod common;
/// Figures in every format, checked with real consumers (poppler, Ghostscript, PNG decode).
mod figures;
/// Scaling-law fits: recovery, reports, refusals, inline values.
mod fits;
/// Data cannot forge LaTeX lines, HTML blocks or value markers in what effgraph writes.
mod forgery;
/// Hostile strings come out escaped in HTML, SVG, Markdown and LaTeX.
mod hostile;
/// `effgraph expand` for LaTeX (compiled with latexmk, read with poppler) and Markdown files.
mod latex;
/// Crowded figures at every size preset, checked from the PDF: type size, overlaps, width.
mod legibility;
/// Loading result files: formats, defaults, and every load error with its full message.
mod loading;
/// The mdBook preprocessor, in real book builds (mdBook's crates with the real binary).
mod mdbook;
/// Built books in headless Chromium: tables inside the page, verdicts distinct, themes.
mod pages;
/// `pandoc-effgraph` with the real pandoc: HTML, PDF and Word.
mod pandoc;
/// LaTeX papers in one and two columns: tables fit, figures exactly the column width.
mod papers;
/// Property tests of the frontier and interpolation invariants.
mod properties;
/// Numbers in prose: inline values in Markdown, mdBook and LaTeX.
mod prose;
/// Real result trees: fields from paths, computed values, filters.
mod real_trees;
/// Repeated runs: means, error bars, bootstrap intervals, three-valued verdicts.
mod repeats;
/// Requirements files: parsing and every error with its TOML location.
mod requirements;
/// Hostile data, names and caches in real builds: no injection, no escape, no crash.
mod security;
/// Serving a book: unwatched inputs are named; `mdbook watch` rebuilds once, never loops.
mod serving;
/// The one snapshot helper (UPDATE_SNAPSHOTS, refused under CI).
mod snapshots;
/// The result files researchers have, through field mapping, in the CLI, `expand` and mdBook.
mod sources;
/// `expand --standalone`: folders plain LaTeX compiles with no effgraph.
mod standalone;
/// The module structure has no import cycles.
mod structure;
/// Typst documents expanded and compiled with the real Typst compiler.
mod typst;
/// One wording for a requirement's value in every output.
mod wording;
