//! End-to-end figure benchmark (`cargo bench --bench render`): the built `effgraph` binary
//! running `render --simulate --format pdf --preview` (PDF plus a 300 dpi PNG), and the same
//! work in process split by stage. Reports medians and each stage's share; asserts nothing.

use std::process::Command;
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

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fig");
    let times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(env!("CARGO_BIN_EXE_effgraph"))
                .args([
                    "render",
                    "--simulate",
                    "--format",
                    "pdf",
                    "--preview",
                    "--save-summary",
                    "-o",
                ])
                .arg(&out)
                .stdout(std::process::Stdio::null())
                .status()
                .unwrap();
            assert!(status.success());
            start.elapsed().as_secs_f64()
        })
        .collect();
    let end_to_end = median(times);
    println!(
        "end to end (binary, PDF + 300 dpi PNG + summary): {:.1} ms median of {RUNS}",
        end_to_end * 1e3
    );
    println!("  against the 100 ms aim: {:.2}×", end_to_end / 0.1);

    let results = simulated_set(10, 42);
    let analysis = analyse(
        &results,
        &Requirements::default(),
        &AnalysisOptions::default(),
    )
    .unwrap();
    let options = FigureOptions::default();
    let mut stages: Vec<(&str, Vec<f64>)> = ["layout", "svg", "pdf", "png 300 dpi", "eps"]
        .iter()
        .map(|s| (*s, Vec::new()))
        .collect();
    for _ in 0..RUNS {
        let t = Instant::now();
        let drawing = render_figure(&analysis, &options, "").unwrap();
        stages[0].1.push(t.elapsed().as_secs_f64());
        for (i, format) in [Format::Svg, Format::Pdf, Format::Png, Format::Eps]
            .into_iter()
            .enumerate()
        {
            let t = Instant::now();
            drawing.encode(format, 300).unwrap();
            stages[i + 1].1.push(t.elapsed().as_secs_f64());
        }
    }
    let medians: Vec<(&str, f64)> = stages.into_iter().map(|(n, v)| (n, median(v))).collect();
    let pdf_png = medians[0].1 + medians[2].1 + medians[3].1;
    println!("in process, median of {RUNS}:");
    for (name, t) in &medians {
        println!(
            "  {name:<14} {:>7.2} ms  ({:>5.1}% of draw + pdf + png)",
            t * 1e3,
            t / pdf_png * 100.0
        );
    }
}
