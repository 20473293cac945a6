//! Load-and-analyse benchmark at 10^3 … 10^6 records (`cargo bench --bench analysis`).
//!
//! The parent writes each input (JSON Lines, and a JSON array) and runs every measurement in a
//! fresh child process, so peak memory (VmHWM) belongs to that one load alone. Reported: best
//! of 3 wall times, nanoseconds per record, and peak memory added by the load as a ratio of the
//! input file's size. No assertions: numbers are for reading, not for failing.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use effgraph::analysis::{AnalysisOptions, analyse};
use effgraph::requirements::Requirements;
use effgraph::results::ResultSet;

const SIZES: [usize; 4] = [1_000, 10_000, 100_000, 1_000_000];

fn main() {
    if let Ok(path) = std::env::var("EFFGRAPH_BENCH_CHILD") {
        child(Path::new(&path));
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    println!(
        "  records  format  input MB  best time    of which load  ns/record  peak extra MB  peak/input"
    );
    for n in SIZES {
        for format in ["jsonl", "json"] {
            let path = dir.path().join(format!("r{n}.{format}"));
            write_input(&path, n, format == "json");
            let input_mb = std::fs::metadata(&path).unwrap().len() as f64 / 1e6;
            let runs: Vec<(f64, f64, f64)> = (0..3).map(|_| run_child(&path)).collect();
            let best = runs.iter().map(|r| r.0).fold(f64::INFINITY, f64::min);
            let best_load = runs.iter().map(|r| r.2).fold(f64::INFINITY, f64::min);
            let peak = runs.iter().map(|r| r.1).fold(0.0, f64::max);
            println!(
                "{n:>9}  {format:>6}  {input_mb:>8.1}  {:>7.1} ms  {:>7.1} ms  {:>9.0}  {peak:>13.1}  {:>10.2}",
                best * 1e3,
                best_load * 1e3,
                best * 1e9 / n as f64,
                peak / input_mb
            );
            std::fs::remove_file(&path).unwrap();
        }
    }
}

/// Records of 8 models with realistic field sizes, plus one extra field the loader ignores.
fn write_input(path: &Path, n: usize, array: bool) {
    let mut text = String::with_capacity(n * 160);
    if array {
        text.push('[');
    }
    for i in 0..n {
        if array && i > 0 {
            text.push(',');
        }
        let model = i % 8;
        let flops = 1e9 * (1.0 + (i * 7919 % 1000) as f64 / 10.0);
        let ppl = 20.0 + 100.0 / (1.0 + (i * 104729 % 997) as f64);
        text.push_str(&format!(
            "{{\"config_id\":\"model{model}_config_{i}\",\"model\":\"model{model}\",\"perplexity\":{ppl},\"flops_per_token\":{flops},\"compute_factor\":0.5}}"
        ));
        if !array {
            text.push('\n');
        }
    }
    if array {
        text.push(']');
    }
    std::fs::write(path, text).unwrap();
}

fn run_child(path: &Path) -> (f64, f64, f64) {
    let out = Command::new(std::env::current_exe().unwrap())
        .env("EFFGRAPH_BENCH_CHILD", path)
        .output()
        .expect("child runs");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut parts = text.split_whitespace().map(|x| x.parse::<f64>().unwrap());
    let (total, peak, load) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    (total, peak, load)
}

fn child(path: &Path) {
    let before = status_kb("VmRSS:");
    let start = Instant::now();
    let results = ResultSet::load(path).expect("loads");
    let loaded = start.elapsed().as_secs_f64();
    let analysis = analyse(
        &results,
        &Requirements::default(),
        &AnalysisOptions::default(),
    )
    .unwrap();
    let seconds = start.elapsed().as_secs_f64();
    assert_eq!(analysis.models.len(), 8);
    let peak_extra_mb = (status_kb("VmHWM:") - before) / 1e3;
    println!("{seconds} {peak_extra_mb} {loaded}");
}

fn status_kb(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with(key)).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}
