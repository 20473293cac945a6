//! Book benchmark (`cargo bench --bench book`): a 10-chapter book with 50 directives over the
//! published tables shipped with the guide, built with mdBook's own crates and the real
//! `mdbook-effgraph` binary. Each row is a ratio against an anchor measured in the same run,
//! alternating the two builds and taking the median of the ratios:
//!
//! - warm book ÷ its static twin: the same chapters already expanded by `effgraph expand`
//!   (figures as SVG files, tables as Markdown), built by plain mdBook;
//! - warm book ÷ the text alone (directives as inline code, no preprocessor);
//! - cold book per directive, above the text alone;
//! - `mdbook-effgraph` alone on the warm book's JSON ÷ `cat` of the same JSON;
//! - a `format=png` book, warm ÷ the SVG book, warm.
//!
//! Asserts nothing: the numbers are for reading.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use mdbook_driver::MDBook;
use mdbook_driver::config::Config;

// The tests' helpers: one copy of each, shared (the bench uses a few of them).
#[allow(dead_code)]
#[path = "../tests/integration/common.rs"]
mod common;
use common::copy_dir;

const CHAPTERS: usize = 10;
const PER_CHAPTER: usize = 5;
const PAIRS: usize = 11;

/// The five directives of chapter `c`: every published table, with keys varied per chapter
/// so that all fifty figures and tables differ.
fn directives(c: usize, extra: &str) -> Vec<String> {
    let p = 5 + c;
    vec![
        format!(
            "<<efficiency_graph data/published/lambada target_ppl={p},{} caption=\"LAMBADA, chapter {c}\"{extra}>>",
            p + 10
        ),
        format!(
            "<<efficiency_graph data/published/lambada/pythia_repo_evals_lambada_ppl.json requirements=data/published/pythia-reqs.toml target_ppl={p} caption=\"Pythia, chapter {c}\"{extra}>>"
        ),
        format!(
            "<<efficiency_graph data/published/hyena_table4_4_pile_ppl.json caption=\"Hyena, chapter {c}\" legend=outside{extra}>>"
        ),
        format!(
            "<<efficiency_graph data/published/gpt2_table3_wikitext103_ppl.json caption=\"GPT-2, chapter {c}\" font=serif{extra}>>"
        ),
        format!(
            "<<efficiency_graph data/published/lambada models=\"GPT-3, Pythia\" target_flops={}e9 caption=\"Two families, chapter {c}\"{extra}>>",
            c + 1
        ),
    ]
}

enum Kind {
    /// Directives expanded by the preprocessor.
    Book { png: bool },
    /// Directives as inline code.
    Text,
}

fn write_book(root: &Path, kind: Kind) {
    let guide_data = Path::new(env!("CARGO_MANIFEST_DIR")).join("book/data");
    copy_dir(&guide_data, &root.join("data"));
    std::fs::create_dir_all(root.join("src")).unwrap();
    let mut summary = String::from("# Summary\n\n");
    for c in 0..CHAPTERS {
        summary.push_str(&format!("- [Chapter {c}](c{c}.md)\n"));
        let mut text = format!("# Chapter {c}\n\nSome prose about the results.\n\n");
        let extra = match kind {
            Kind::Book { png: true } => " format=png",
            _ => "",
        };
        for (d, directive) in directives(c, extra).into_iter().enumerate() {
            let body = match kind {
                Kind::Book { .. } => directive,
                Kind::Text => format!("`{directive}`"),
            };
            text.push_str(&format!("Figure {d} shows it.\n\n{body}\n\n"));
        }
        std::fs::write(root.join(format!("src/c{c}.md")), text).unwrap();
    }
    std::fs::write(root.join("src/SUMMARY.md"), summary).unwrap();
    let mut toml =
        String::from("[book]\ntitle = \"bench\"\n\n[build]\nextra-watch-dirs = [\"data\"]\n");
    if matches!(kind, Kind::Book { .. }) {
        toml.push_str("\n[preprocessor.effgraph]\n");
    }
    std::fs::write(root.join("book.toml"), toml).unwrap();
}

/// The static twin of the book at `book`: its chapters expanded by `effgraph expand` into
/// `twin/src` (figures as files beside them), no preprocessor.
fn write_twin(book: &Path, twin: &Path) {
    write_book(twin, Kind::Text);
    for c in 0..CHAPTERS {
        // Paths in directives are relative to the book root; `expand` resolves them against
        // the source file's folder, so the chapter is expanded from a copy at the root.
        let chapter = format!("c{c}.md");
        std::fs::copy(book.join("src").join(&chapter), book.join(&chapter)).unwrap();
        let status = Command::new(env!("CARGO_BIN_EXE_effgraph"))
            .current_dir(book)
            .args(["expand", &chapter, "-o"])
            .arg(twin.join("src").join(&chapter))
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::remove_file(book.join(&chapter)).unwrap();
    }
}

fn config(root: &Path) -> Config {
    let mut config = Config::from_disk(root.join("book.toml")).unwrap();
    if std::fs::read_to_string(root.join("book.toml"))
        .unwrap()
        .contains("[preprocessor.effgraph]")
    {
        config
            .set(
                "preprocessor.effgraph.command",
                env!("CARGO_BIN_EXE_mdbook-effgraph"),
            )
            .unwrap();
    }
    config
}

/// CPU seconds (user and system) used so far by this process and its finished children.
fn cpu_seconds() -> f64 {
    let mut total = 0.0;
    for who in [libc::RUSAGE_SELF, libc::RUSAGE_CHILDREN] {
        // SAFETY: getrusage writes into the zeroed struct it is given.
        let usage = unsafe {
            let mut usage: libc::rusage = std::mem::zeroed();
            libc::getrusage(who, &mut usage);
            usage
        };
        for t in [usage.ru_utime, usage.ru_stime] {
            total += t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
        }
    }
    total
}

thread_local! {
    /// CPU seconds of the last build.
    static LAST_CPU: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// Builds the book at `root`; returns the wall time (the CPU time is kept in `LAST_CPU`).
fn build(root: &Path) -> f64 {
    let config = config(root);
    let (start, cpu) = (Instant::now(), cpu_seconds());
    MDBook::load_with_config(root, config)
        .unwrap()
        .build()
        .unwrap();
    LAST_CPU.with(|c| c.set(cpu_seconds() - cpu));
    start.elapsed().as_secs_f64()
}

fn last_cpu() -> f64 {
    LAST_CPU.with(|c| c.get())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Median of `a`'s time and of `a ÷ b` over alternating runs.
fn alternate(mut a: impl FnMut() -> f64, mut b: impl FnMut() -> f64) -> (f64, f64, f64) {
    let (mut ta, mut tb, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..PAIRS {
        let x = a();
        let y = b();
        ta.push(x);
        tb.push(y);
        ratios.push(x / y);
    }
    (median(ta), median(tb), median(ratios))
}

fn size_of(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                size_of(&e.path())
            } else {
                e.metadata().unwrap().len()
            }
        })
        .sum()
}

/// The JSON mdBook sends `mdbook-effgraph` for the book at `root`.
fn preprocessor_input(root: &Path) -> Vec<u8> {
    let book = MDBook::load_with_config(root, config(root)).unwrap();
    let ctx = mdbook_preprocessor::PreprocessorContext::new(
        root.to_path_buf(),
        book.config.clone(),
        "html".to_string(),
    );
    serde_json::to_vec(&(&ctx, &book.book)).unwrap()
}

/// Runs `program` in `root` with `input` on stdin, output discarded; wall time.
fn pipe(program: &Path, root: &Path, input: &[u8]) -> f64 {
    let start = Instant::now();
    let mut child = Command::new(program)
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    assert!(child.wait().unwrap().success());
    start.elapsed().as_secs_f64()
}

fn main() {
    let n = CHAPTERS * PER_CHAPTER;
    let dirs: Vec<tempfile::TempDir> = (0..4).map(|_| tempfile::tempdir().unwrap()).collect();
    let (book, twin, text, png) = (
        dirs[0].path(),
        dirs[1].path(),
        dirs[2].path(),
        dirs[3].path(),
    );
    write_book(book, Kind::Book { png: false });
    write_twin(book, twin);
    write_book(text, Kind::Text);
    write_book(png, Kind::Book { png: true });
    // EFFGRAPH_BENCH_KEEP=1 keeps the books, to profile them (`perf record mdbook build …`).
    if std::env::var_os("EFFGRAPH_BENCH_KEEP").is_some() {
        for (name, dir) in ["book", "twin", "text", "png"].iter().zip(&dirs) {
            println!("{name}: {}", dir.path().display());
        }
        dirs.into_iter().for_each(|d| drop(d.keep()));
        return;
    }

    // Cold: an empty cache each time, against the text alone.
    let (cold, plain, _) = alternate(
        || {
            let _ = std::fs::remove_dir_all(book.join(".effgraph-cache"));
            build(book)
        },
        || build(text),
    );
    build(png);
    println!("{n}-directive book over published tables; medians of {PAIRS} alternating runs");
    println!(
        "  cold book                 {:>7.1} ms   {:>5.2} ms per directive above the text alone",
        cold * 1e3,
        (cold - plain) / n as f64 * 1e3
    );
    let (warm, twin_time, ratio) = alternate(|| build(book), || build(twin));
    let (cpu_book, cpu_twin, cpu_ratio) = alternate(
        || {
            build(book);
            last_cpu()
        },
        || {
            build(twin);
            last_cpu()
        },
    );
    println!(
        "  warm book ÷ static twin   {ratio:>7.2}×   ({:.1} ms vs {:.1} ms; CPU {cpu_ratio:.2}×, {:.1} vs {:.1} ms; built {:.1} MB vs {:.1} MB)",
        warm * 1e3,
        twin_time * 1e3,
        cpu_book * 1e3,
        cpu_twin * 1e3,
        size_of(&book.join("book")) as f64 / 1e6,
        size_of(&twin.join("book")) as f64 / 1e6
    );
    let (_, plain, ratio) = alternate(|| build(book), || build(text));
    println!(
        "  warm book ÷ text alone    {ratio:>7.2}×   ({:.1} ms vs {:.1} ms)",
        warm * 1e3,
        plain * 1e3
    );
    let input = preprocessor_input(book);
    let preprocessor = PathBuf::from(env!("CARGO_BIN_EXE_mdbook-effgraph"));
    let cat = PathBuf::from("cat");
    let (alone, floor, ratio) = alternate(
        || pipe(&preprocessor, book, &input),
        || pipe(&cat, book, &input),
    );
    println!(
        "  mdbook-effgraph alone, warm {:>5.1} ms   {ratio:.2}× `cat` of its {:.1} MB input ({:.1} ms)",
        alone * 1e3,
        input.len() as f64 / 1e6,
        floor * 1e3
    );
    let (png_time, svg_time, ratio) = alternate(|| build(png), || build(book));
    println!(
        "  format=png book ÷ SVG book {ratio:>6.2}×   ({:.1} ms vs {:.1} ms, warm)",
        png_time * 1e3,
        svg_time * 1e3
    );
}
