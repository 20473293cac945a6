//! Load-and-analyse benchmark at 10^3 … 10^6 records (`cargo bench --bench analysis`).
//!
//! First the jobs users run on large inputs, as the built binary: `render` and `check` of
//! 10^5 and 10^6 records (JSON Lines), with wall time, peak memory as a ratio of the input's
//! size, and each time as a ratio against two floors measured in the same run: `wc -l` of
//! the file (reading it) and a plain parse of every line with serde_json (reading and
//! parsing it, nothing else).
//!
//! With 10^5 records, also the render of the same number of records as three seeds per
//! configuration (bootstrap intervals), as a ratio against the render without repeats.
//!
//! Then the load alone, in process: the parent writes each input (JSON Lines, and a JSON
//! array) and runs every measurement in a fresh child process, so peak memory (VmHWM)
//! belongs to that one load alone. Reported: best of 3 wall times, nanoseconds per record,
//! and peak memory added by the load as a ratio of the input file's size. No assertions:
//! numbers are for reading, not for failing.

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
    jobs(dir.path());
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

/// Runs `program` with `args` in `dir`; wall seconds and peak resident memory in MB.
// The child is reaped with `wait4`, which also reports its own peak memory.
#[allow(clippy::zombie_processes)]
fn run_measured(program: &str, args: &[&str], dir: &Path) -> (f64, f64) {
    let start = Instant::now();
    let child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("runs");
    let mut status = 0;
    // SAFETY: wait4 fills the zeroed rusage of the child it waits for.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage);
        usage
    };
    let seconds = start.elapsed().as_secs_f64();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{program} {args:?}"
    );
    (seconds, usage.ru_maxrss as f64 / 1e3)
}

/// Best of 3 of [`run_measured`].
fn best(program: &str, args: &[&str], dir: &Path) -> (f64, f64) {
    (0..3)
        .map(|_| run_measured(program, args, dir))
        .fold((f64::INFINITY, 0.0), |(t, m), (t2, m2)| {
            (t.min(t2), f64::max(m, m2))
        })
}

/// Reads `path` and parses every line as JSON, keeping nothing: the floor of any loader.
fn plain_parse(path: &Path) -> f64 {
    let start = Instant::now();
    let bytes = std::fs::read(path).unwrap();
    for line in bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        serde_json::from_slice::<serde::de::IgnoredAny>(line).unwrap();
    }
    start.elapsed().as_secs_f64()
}

/// `render` and `check` on large files, against reading and parsing them.
fn jobs(dir: &Path) {
    let effgraph = env!("CARGO_BIN_EXE_effgraph");
    std::fs::write(
        dir.join("reqs.toml"),
        "[[requirement]]\nid = \"r\"\nmetric = \"flops_ratio\"\ncandidate = \"model0\"\nbaseline = \"model1\"\nat_ppl = 25\nthreshold = 1.0\n",
    )
    .unwrap();
    println!(
        "  job                input MB   time       peak/input   ÷ wc -l   ÷ plain JSON parse"
    );
    for n in [100_000, 1_000_000] {
        let folder = dir.join(format!("r{n}"));
        std::fs::create_dir_all(&folder).unwrap();
        let file = folder.join("r.jsonl");
        write_input(&file, n, false);
        let input_mb = std::fs::metadata(&file).unwrap().len() as f64 / 1e6;
        let (wc, _) = best("wc", &["-l", file.to_str().unwrap()], dir);
        let parse = (0..3)
            .map(|_| plain_parse(&file))
            .fold(f64::INFINITY, f64::min);
        let folder = folder.to_str().unwrap();
        let mut render_seconds = f64::NAN;
        for (job, args) in [
            (
                "render",
                vec!["render", "--results-dir", folder, "-o", "fig"],
            ),
            (
                "check",
                vec![
                    "check",
                    "--results-dir",
                    folder,
                    "--requirements",
                    "reqs.toml",
                ],
            ),
        ] {
            let (seconds, peak) = best(effgraph, &args, dir);
            if job == "render" {
                render_seconds = seconds;
            }
            println!(
                "  {job:<6} {n:>9}  {input_mb:>8.1}  {:>7.0} ms  {:>10.2}   {:>6.1}×   {:>6.2}×",
                seconds * 1e3,
                peak / input_mb,
                seconds / wc,
                seconds / parse
            );
        }
        std::fs::remove_file(&file).unwrap();
        if n == 100_000 {
            // The same number of records as three seeds per configuration: the bootstrap's
            // 1000 resamples of every frontier, against the render without repeats.
            let repeats = dir.join("repeats");
            std::fs::create_dir_all(&repeats).unwrap();
            write_repeats(&repeats.join("r.jsonl"), n);
            let args = [
                "render",
                "--results-dir",
                repeats.to_str().unwrap(),
                "-o",
                "fig",
            ];
            let (seconds, peak) = best(effgraph, &args, dir);
            println!(
                "  render {n:>9} as 3 seeds per configuration: {:>7.0} ms, {:.1}× the render without repeats, peak {:.0} MB",
                seconds * 1e3,
                seconds / render_seconds,
                peak
            );
            std::fs::remove_dir_all(&repeats).unwrap();
        }
    }
    println!();
}

/// `n` records of 8 models as three seeds of each configuration (a bootstrap's input).
fn write_repeats(path: &Path, n: usize) {
    let mut text = String::with_capacity(n * 160);
    for i in 0..n {
        let (config, seed) = (i / 3, i % 3);
        let model = config % 8;
        let flops = 1e9 * (1.0 + (config * 7919 % 1000) as f64 / 10.0);
        let ppl = (20.0 + 100.0 / (1.0 + (config * 104729 % 997) as f64))
            * (1.0 + 0.02 * (seed as f64 - 1.0));
        text.push_str(&format!(
            "{{\"config_id\":\"c{config}\",\"seed\":{seed},\"model\":\"model{model}\",\"perplexity\":{ppl},\"flops_per_token\":{flops}}}\n"
        ));
    }
    std::fs::write(path, text).unwrap();
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
