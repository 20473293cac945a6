//! The console report: per-model statistics, the equal-PPL and equal-FLOPs tables and the
//! requirement verdicts, laid out like the old script's summary so users find what they know.
//! Interpolated values carry `≈`; a target a model never reaches says so.

use std::fmt::Write;

use crate::analysis::{Analysis, Interpolation, Status};
use crate::format;

const RULE: &str =
    "--------------------------------------------------------------------------------";
const DOUBLE_RULE: &str =
    "================================================================================";

pub(crate) fn console_report(analysis: &Analysis) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "Dynamic Efficiency Summary\n{DOUBLE_RULE}");
    if analysis.simulated {
        let _ = writeln!(
            w,
            "SIMULATED DATA: generated (by `effgraph simulate` or marked `simulated` in the results), not measured."
        );
    }
    let axes = &analysis.axes;
    let _ = writeln!(
        w,
        "Cost: {}; score: {}, {} is better ({})",
        axes.x.title(),
        axes.y.title(),
        axes.better.word(),
        axes.better_because.explain()
    );
    models(w, analysis);
    comparisons(w, analysis);
    out.push_str(&verdicts_report(analysis));
    for (name, outcome) in &analysis.parts {
        let lines = outcome.console();
        if !lines.is_empty() {
            let _ = writeln!(out, "\n{name}:\n{RULE}\n{}", lines.join("\n"));
        }
    }
    out
}

/// Each model's statistics.
fn models(w: &mut String, analysis: &Analysis) {
    let axes = &analysis.axes;
    let (x, y) = (&axes.x, &axes.y);
    for m in &analysis.models {
        let s = &m.stats;
        let _ = writeln!(w, "\n{}:\n{RULE}", m.name);
        let _ = writeln!(
            w,
            "Best {}: {} (at {})",
            y.short(),
            y.value(s.best_ppl),
            x.value(s.best_ppl_flops)
        );
        let _ = writeln!(
            w,
            "Lowest {}: {} ({})",
            x.short(),
            x.value(s.lowest_flops),
            axes.y_reading(s.lowest_flops_ppl)
        );
        let _ = writeln!(
            w,
            "Mean: {}, {}",
            axes.y_reading(s.mean_ppl),
            x.value(s.mean_flops)
        );
        let _ = writeln!(
            w,
            "Configurations: {} ({} on the Pareto frontier)",
            s.num_configs,
            m.frontier.len()
        );
    }
}

/// The equal-score and the equal-cost tables.
fn comparisons(w: &mut String, analysis: &Analysis) {
    let (x, y) = (&analysis.axes.x, &analysis.axes.y);
    let how = match analysis.interpolation {
        _ if analysis.read_from.is_some() => {
            "read from each model's fitted law, with 95% intervals".to_string()
        }
        Interpolation::Power => format!(
            "≈ interpolated as a power law (log {} linear in log {}) between frontier points",
            y.short(),
            x.short()
        ),
        Interpolation::Log => format!(
            "≈ interpolated linearly in log {} between frontier points",
            x.short()
        ),
        Interpolation::Step => "measured frontier points only".to_string(),
    };
    let names: Vec<&str> = analysis.models.iter().map(|m| m.name.as_str()).collect();
    if !analysis.equal_y.is_empty() {
        let _ = writeln!(
            w,
            "\nComparison at Equal {} ({} needed; {how}):\n{RULE}",
            y.short(),
            x.short()
        );
        let rows = analysis.equal_y.iter().map(|e| {
            let cells = e.x.iter().map(|r| r.text(|v| x.value(v)));
            std::iter::once(format::sig(e.target_y, 4))
                .chain(cells)
                .collect()
        });
        table(w, &format!("Target {}", y.short()), &names, rows.collect());
    }
    if !analysis.equal_x.is_empty() {
        let _ = writeln!(
            w,
            "\nComparison at Equal {} ({} reached within the budget):\n{RULE}",
            x.short(),
            y.short()
        );
        let rows = analysis.equal_x.iter().map(|e| {
            let cells = e.y.iter().map(|r| r.text(|v| y.value(v)));
            std::iter::once(x.value(e.target_x)).chain(cells).collect()
        });
        table(w, &format!("{} budget", x.short()), &names, rows.collect());
    }
}

/// The requirement verdicts alone (what `effgraph check` prints).
pub(crate) fn verdicts_report(analysis: &Analysis) -> String {
    let mut out = String::new();
    let w = &mut out;
    if !analysis.verdicts.is_empty() {
        if analysis.simulated {
            let _ = writeln!(
                w,
                "\nSIMULATED DATA: verdicts below are not about measured results."
            );
        }
        // Said once: that no value has an interval is about the data, not each requirement.
        let note = if analysis.has_intervals() {
            ""
        } else {
            " (no repeats: no interval)"
        };
        let _ = writeln!(w, "\nRequirements Verification{note}:\n{RULE}");
        for v in &analysis.verdicts {
            let r = &v.requirement;
            let word = match v.status {
                Status::Met => "PASS",
                Status::NotMet => "FAIL",
                Status::Inconclusive => "INCONCLUSIVE",
            };
            let _ = writeln!(w, "{} {} {}", v.mark(), r.id, r.description);
            let _ = writeln!(
                w,
                "  {word}: Value = {}, Threshold = {}\n  {}",
                v.value_with_interval(),
                v.threshold_text(),
                v.reason
            );
        }
    }
    out
}

/// Left-aligned columns, two spaces apart, widths counted in characters.
fn table(w: &mut String, first: &str, names: &[&str], rows: Vec<Vec<String>>) {
    let header: Vec<String> = std::iter::once(first.to_string())
        .chain(names.iter().map(|n| n.to_string()))
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (width, c) in widths.iter_mut().zip(row) {
            *width = (*width).max(c.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (c, width) in row.iter().zip(&widths) {
            let pad = width - c.chars().count();
            let _ = write!(line, "{c}{}  ", " ".repeat(pad));
        }
        let _ = writeln!(w, "{}", line.trim_end());
    }
}
