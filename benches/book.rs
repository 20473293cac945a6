//! Book benchmark (`cargo bench --bench book`): a 10-chapter book with 50 directives, built
//! with mdBook's own crates and the real `mdbook-effgraph` binary, cold (empty cache) and
//! warm (nothing changed), against the same book without the preprocessor. Reports medians
//! and ratios; asserts nothing.

use std::path::Path;
use std::time::Instant;

use mdbook_driver::MDBook;
use mdbook_driver::config::Config;

const CHAPTERS: usize = 10;
const PER_CHAPTER: usize = 5;
const RUNS: usize = 5;

fn write_book(root: &Path, with_preprocessor: bool) {
    std::fs::create_dir_all(root.join("src")).unwrap();
    let mut summary = String::from("# Summary\n\n");
    for c in 0..CHAPTERS {
        summary.push_str(&format!("- [Chapter {c}](c{c}.md)\n"));
        let mut text = format!("# Chapter {c}\n\n");
        for d in 0..PER_CHAPTER {
            // Distinct seeds make 50 distinct figures, as a real book would have.
            let directive = format!(
                "<<efficiency_graph simulate=true seed={} num_configs=12>>",
                c * PER_CHAPTER + d
            );
            if with_preprocessor {
                text.push_str(&format!("Figure {d}:\n\n{directive}\n\n"));
            } else {
                text.push_str(&format!("Figure {d}:\n\n`{directive}`\n\n"));
            }
        }
        std::fs::write(root.join(format!("src/c{c}.md")), text).unwrap();
    }
    std::fs::write(root.join("src/SUMMARY.md"), summary).unwrap();
    let mut toml = String::from("[book]\ntitle = \"bench\"\n");
    if with_preprocessor {
        toml.push_str("[preprocessor.effgraph]\n");
    }
    std::fs::write(root.join("book.toml"), toml).unwrap();
}

fn build(root: &Path) -> f64 {
    let mut config = Config::from_disk(root.join("book.toml")).unwrap();
    if config
        .get::<toml_table::Any>("preprocessor.effgraph")
        .unwrap()
        .is_some()
    {
        config
            .set(
                "preprocessor.effgraph.command",
                env!("CARGO_BIN_EXE_mdbook-effgraph"),
            )
            .unwrap();
    }
    let start = Instant::now();
    MDBook::load_with_config(root, config)
        .unwrap()
        .build()
        .unwrap();
    start.elapsed().as_secs_f64()
}

mod toml_table {
    /// Accepts any value: only presence matters.
    #[derive(serde::Deserialize)]
    pub struct Any(#[allow(dead_code)] serde::de::IgnoredAny);
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let plain = tempfile::tempdir().unwrap();
    write_book(plain.path(), false);
    let without = median((0..RUNS).map(|_| build(plain.path())).collect());

    let mut cold = Vec::new();
    let mut warm = Vec::new();
    for _ in 0..RUNS {
        let dir = tempfile::tempdir().unwrap();
        write_book(dir.path(), true);
        cold.push(build(dir.path()));
        warm.push(build(dir.path()));
    }
    let (cold, warm) = (median(cold), median(warm));
    let n = CHAPTERS * PER_CHAPTER;
    println!("book with {n} directives, median of {RUNS} builds:");
    println!("  without preprocessor  {:>8.1} ms", without * 1e3);
    println!(
        "  cold (empty cache)    {:>8.1} ms   {:>6.1}× without",
        cold * 1e3,
        cold / without
    );
    println!(
        "  warm (nothing changed){:>8.1} ms   {:>6.1}× without",
        warm * 1e3,
        warm / without
    );
    println!(
        "  cold cost per directive {:.1} ms",
        (cold - without) / n as f64 * 1e3
    );
}
