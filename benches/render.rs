//! Figure benchmark (`cargo bench --bench render`): the built `effgraph` binary on the old
//! script's jobs, each as a ratio against an anchor measured in the same run (alternating
//! runs, median of the ratios), then the same work in process split by stage.
//!
//! - `render --simulate --save-summary --format png` (a 300 dpi PNG) and the same as SVG;
//! - anchors: the old Python script doing the same job, when `EFFGRAPH_OLD_SCRIPT` names it
//!   and `python3` can import matplotlib; always a process that does nothing (`true`), the
//!   floor of any job run as a process.
//!
//! - `render --fit power` on 240 configurations of two models (the grid fit of 150 starts and
//!   1000 bootstrap refits per model) against the same render without the fit;
//! - `fit=chinchilla` on Epoch AI's 240 Chinchilla runs: the 4500-start grid fit and the
//!   1000 bootstrap refits, in process, against the budgets (0.5 s and 3 s);
//! - a paper with one 1000-configuration figure compiled by pdflatex, the figure as
//!   `format=pgf` (the paper typesets its words) against the same figure as a PDF (when
//!   pdflatex and pgf are installed).
//!
//! Asserts nothing: the numbers are for reading.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use effgraph::analysis::{AnalysisOptions, analyse};
use effgraph::render::{FigureOptions, Format, render_figure};
use effgraph::requirements::Requirements;
use effgraph::simulate::simulated_set;

const RUNS: usize = 21;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Wall time of `command` in `dir`, output discarded; it must succeed.
fn time(program: &str, args: &[&str], dir: &Path) -> f64 {
    let start = Instant::now();
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(status.success(), "{program} {args:?} failed");
    start.elapsed().as_secs_f64()
}

/// Medians of `a`, of `b`, and of `a ÷ b`, over alternating runs.
fn alternate(
    runs: usize,
    mut a: impl FnMut() -> f64,
    mut b: impl FnMut() -> f64,
) -> (f64, f64, f64) {
    let (mut ta, mut tb, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let (x, y) = (a(), b());
        ta.push(x);
        tb.push(y);
        ratios.push(x / y);
    }
    (median(ta), median(tb), median(ratios))
}

/// The old script, when it can run here: its path and `python3` with matplotlib.
fn old_script() -> Option<String> {
    let script = std::env::var("EFFGRAPH_OLD_SCRIPT").ok()?;
    let ok = Command::new("python3")
        .args(["-c", "import matplotlib, numpy"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some(script)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let effgraph = env!("CARGO_BIN_EXE_effgraph");
    let jobs: [(&str, &[&str], &[&str]); 2] = [
        (
            "simulate + summary + 300 dpi PNG",
            &[
                "render",
                "--simulate",
                "--save-summary",
                "--format",
                "png",
                "-o",
                "fig",
            ],
            &[
                "--simulate",
                "--save_summary",
                "--format",
                "png",
                "--dpi",
                "300",
                "--output",
                "old",
            ],
        ),
        (
            "simulate + summary + SVG",
            &[
                "render",
                "--simulate",
                "--save-summary",
                "--format",
                "svg",
                "-o",
                "fig",
            ],
            &[
                "--simulate",
                "--save_summary",
                "--format",
                "svg",
                "--output",
                "old",
            ],
        ),
    ];
    let old = old_script();
    println!("effgraph as a process, medians of {RUNS} alternating runs:");
    for (name, args, old_args) in jobs {
        let (ours, floor, over_floor) = alternate(
            RUNS,
            || time(effgraph, args, dir.path()),
            || time("true", &[], dir.path()),
        );
        println!(
            "  {name:<34} {:>6.1} ms   {over_floor:>5.1}× a process doing nothing ({:.1} ms)",
            ours * 1e3,
            floor * 1e3
        );
        match &old {
            Some(script) => {
                let mut with_script = vec![script.as_str()];
                with_script.extend_from_slice(old_args);
                let (theirs, ours, ratio) = alternate(
                    5,
                    || time("python3", &with_script, dir.path()),
                    || time(effgraph, args, dir.path()),
                );
                println!(
                    "  {:<34} {ratio:>6.1}×  the old script ({:.0} ms vs {:.1} ms)",
                    "",
                    theirs * 1e3,
                    ours * 1e3
                );
            }
            None => println!(
                "  {:<34} (old script not measured: set EFFGRAPH_OLD_SCRIPT and install matplotlib)",
                ""
            ),
        }
    }

    let results = simulated_set(10, 42);
    let analysis = analyse(
        &results,
        &Requirements::default(),
        &AnalysisOptions::default(),
    )
    .unwrap();
    let options = FigureOptions::default();
    let mut stages: Vec<(&str, Vec<f64>)> = ["layout", "svg", "pdf", "png 300 dpi", "eps", "pgf"]
        .iter()
        .map(|s| (*s, Vec::new()))
        .collect();
    for _ in 0..RUNS {
        let t = Instant::now();
        let drawing = render_figure(&analysis, &options, "");
        stages[0].1.push(t.elapsed().as_secs_f64());
        for (i, format) in [
            Format::Svg,
            Format::Pdf,
            Format::Png,
            Format::Eps,
            Format::Pgf,
        ]
        .into_iter()
        .enumerate()
        {
            let t = Instant::now();
            drawing.encode(format, 300).unwrap();
            stages[i + 1].1.push(t.elapsed().as_secs_f64());
        }
    }
    println!("in process, median of {RUNS}:");
    for (name, times) in stages {
        println!("  {name:<14} {:>7.2} ms", median(times) * 1e3);
    }
    fit_cost(effgraph);
    chinchilla_fit();
    paper_compile(effgraph);
}

/// Epoch AI's 240 Chinchilla runs (the test fixture): the grid fit of `fit=chinchilla`
/// (6·6·5·5·5 = 4500 starts) and its 1000 bootstrap refits, against the budgets
/// (0.5 s and 3 s on a 2-core machine).
fn chinchilla_fit() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/chinchilla/runs.csv");
    let text = std::fs::read_to_string(path).unwrap();
    let points: Vec<([f64; 2], f64)> = (text.lines().skip(1))
        .map(|line| {
            let v: Vec<f64> = line.split(',').map(|c| c.parse().unwrap()).collect();
            ([v[0], v[1] / (6.0 * v[0])], v[2])
        })
        .collect();
    let timed = |resamples: usize| {
        let start = Instant::now();
        let f = effgraph::scaling::fit_with(
            effgraph::scaling::Form::Chinchilla,
            &points,
            "Chinchilla",
            resamples,
        )
        .unwrap();
        (start.elapsed().as_secs_f64(), f.starts)
    };
    let (grid, starts): (Vec<f64>, Vec<usize>) = (0..5).map(|_| timed(0)).unzip();
    let full: Vec<f64> = (0..3).map(|_| timed(1000).0).collect();
    let (grid, full) = (median(grid), median(full));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "fit=chinchilla on Epoch's 240 runs ({threads} threads):\n  grid fit ({} starts) {:>7.1} ms   {:.2}× the 0.5 s budget (median of 5)\n  1000 bootstrap refits {:>7.1} ms   {:.2}× the 3 s budget (median of 3, less the grid)",
        starts[0],
        grid * 1e3,
        grid / 0.5,
        (full - grid) * 1e3,
        (full - grid) / 3.0
    );
}

/// The cost of `--fit power` on 240 configurations (two models of 120, a noisy power law).
fn fit_cost(effgraph: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut records = Vec::new();
    for (model, e, a, alpha) in [("A", 1.8, 480.0, 0.35), ("B", 2.0, 900.0, 0.37)] {
        for i in 0..120 {
            let x = 1e8 * 1.06f64.powi(i);
            let wobble = 1.0 + 0.01 * ((i * 7919 % 13) as f64 / 13.0 - 0.5);
            let y = (e + a * f64::powf(x, -alpha)) * wobble;
            records.push(format!(
                "{{\"model\":\"{model}\",\"flops_per_token\":{x},\"perplexity\":{y}}}"
            ));
        }
    }
    std::fs::write(
        dir.path().join("r.json"),
        format!("[{}]", records.join(",")),
    )
    .unwrap();
    let plain = ["render", "--results-dir", "r.json", "-o", "plain"];
    let fitted = [
        "render",
        "--results-dir",
        "r.json",
        "--fit",
        "power",
        "-o",
        "fitted",
    ];
    let (with_fit, without, ratio) = alternate(
        5,
        || time(effgraph, &fitted, dir.path()),
        || time(effgraph, &plain, dir.path()),
    );
    println!(
        "render --fit power, 240 configurations (2 models), median of 5:\n  {:>7.1} ms   {ratio:.1}× the render without the fit ({:.1} ms): {:.0} ms per model for 150 starts and 1000 bootstrap refits",
        with_fit * 1e3,
        without * 1e3,
        (with_fit - without) * 1e3 / 2.0
    );
}

/// pdflatex on a paper whose one figure has 1000 configurations per model, as `format=pgf`
/// against `format=pdf` (each expanded once beforehand, so only LaTeX is timed).
fn paper_compile(effgraph: &str) {
    let have = |program: &str| {
        Command::new("kpsewhich")
            .arg(program)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !have("pgf.sty") {
        println!("paper compile: not measured (needs pdflatex and pgf)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for format in ["pgf", "pdf"] {
        let paper = format!(
            "\\documentclass[twocolumn]{{article}}\n\\usepackage{{pgf}}\n\\usepackage{{graphicx}}\n\\begin{{document}}\nText.\n\n<<efficiency_graph simulate=true num_configs=1000 format={format} table=none>>\n\\end{{document}}\n"
        );
        std::fs::write(dir.path().join(format!("{format}.tex")), paper).unwrap();
        let out = format!("build/{format}.tex");
        time(
            effgraph,
            &["expand", &format!("{format}.tex"), "-o", &out],
            dir.path(),
        );
    }
    let build = dir.path().join("build");
    let latex = |name: &str| {
        let (file, build) = (format!("{name}.tex"), build.clone());
        move || time("pdflatex", &["-interaction=batchmode", &file], &build)
    };
    let (pgf, pdf, ratio) = alternate(7, latex("pgf"), latex("pdf"));
    println!(
        "paper with a 1000-configuration figure, pdflatex, median of 7:\n  format=pgf {:>7.1} ms   {ratio:.2}× the same paper with the PDF figure ({:.1} ms)",
        pgf * 1e3,
        pdf * 1e3
    );
}
