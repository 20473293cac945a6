//! The side panel: the legend and the metrics box, drawn outside the plot so they can never
//! cover data, axis labels or each other. Text wraps to the panel width and shrinks (to a
//! floor) when many models would overflow it.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::canvas::{Area, Fonts, draw_cross, draw_marker, err, measure, text_style, tint};
use super::shading::Shading;
use super::style::{ModelStyle, SCALE, star_polygon};
use crate::analysis::{Analysis, Interpolation, Reading};
use crate::format;

enum Sample {
    Model(ModelStyle),
    Frontier,
    Dominated,
    Star(RGBColor),
    Cross(RGBColor),
    Patch(RGBColor),
}

pub struct Panel {
    legend: Vec<(Sample, String)>,
    metrics_title: String,
    metrics: Vec<String>,
}

impl Panel {
    pub fn new(a: &Analysis, styles: &[ModelStyle], shaded: &[Shading]) -> Panel {
        let mut legend: Vec<(Sample, String)> = a
            .models
            .iter()
            .zip(styles)
            .map(|(m, s)| (Sample::Model(*s), m.name.clone()))
            .collect();
        legend.push((Sample::Frontier, "Pareto frontier (dashed)".into()));
        if a.models.iter().any(|m| m.frontier.len() < m.points.len()) {
            legend.push((Sample::Dominated, "dominated configuration".into()));
        }
        let style_of = |name: &str| a.model_index(name).map(|i| styles[i]);
        if let Some(v) = a.verdicts.iter().find(|v| v.candidate.value().is_some()) {
            let c = style_of(&v.requirement.candidate).map_or(BLACK, |s| s.colour);
            legend.push((Sample::Star(c), "candidate at requirement target".into()));
        }
        if let Some(v) = a.verdicts.iter().find(|v| v.baseline.value().is_some()) {
            let c = style_of(&v.requirement.baseline).map_or(BLACK, |s| s.colour);
            legend.push((Sample::Cross(c), "baseline at the same target".into()));
        }
        for &Shading {
            candidate: c,
            baseline: b,
            ..
        } in shaded
        {
            let label = format!(
                "{} frontier better than {}",
                a.models[c].name, a.models[b].name
            );
            legend.push((Sample::Patch(styles[c].colour), label));
        }
        let (metrics_title, metrics) = if a.verdicts.is_empty() {
            (
                "Comparisons on the frontiers".to_string(),
                comparison_lines(a),
            )
        } else {
            (
                "Requirements".to_string(),
                a.verdicts.iter().map(verdict_line).collect(),
            )
        };
        let mut metrics = metrics;
        if a.interpolation == Interpolation::Log && metrics.iter().any(|l| l.contains('≈')) {
            metrics.push("≈ interpolated in log FLOPs".into());
        }
        Panel {
            legend,
            metrics_title,
            metrics,
        }
    }
}

fn verdict_line(v: &crate::analysis::Verdict) -> String {
    let (r, mark) = (&v.requirement, v.mark());
    match v.value_text() {
        Some(shown) => {
            let (claim, need) = (r.metric.claim(), v.threshold_text());
            format!("{mark} {}: {shown} {claim} (needs ≥ {need})", r.id)
        }
        None => format!("{mark} {}: no value: {}", r.id, v.reason),
    }
}

/// One reading as `model value`, with no-break spaces so wrapping never splits it.
fn reading(name: &str, r: &Reading, show: fn(f64) -> String) -> String {
    format!("{name} {}", r.text(show)).replace(' ', "\u{a0}")
}

/// Without requirements: the first few equal-PPL and equal-FLOPs readings.
fn comparison_lines(a: &Analysis) -> Vec<String> {
    let names: Vec<&str> = a.models.iter().map(|m| m.name.as_str()).collect();
    let mut lines = Vec::new();
    for e in a.equal_ppl.iter().take(2) {
        let parts: Vec<String> = names
            .iter()
            .zip(&e.flops)
            .map(|(n, r)| reading(n, r, format::flops))
            .collect();
        lines.push(format!(
            "PPL {}: {}",
            format::sig(e.target_ppl, 4),
            parts.join(", ")
        ));
    }
    for e in a.equal_flops.iter().take(2) {
        let parts: Vec<String> = names
            .iter()
            .zip(&e.ppl)
            .map(|(n, r)| reading(n, r, |p| format!("PPL {}", format::ppl(p))))
            .collect();
        lines.push(format!(
            "{}: {}",
            format::flops(e.target_flops),
            parts.join(", ")
        ));
    }
    lines
}

/// Splits `text` into lines no wider than `width` pixels at `font_px`.
fn wrap(area: &Area, text: &str, width: f64, font_px: f64) -> Vec<String> {
    let fits = |s: &str| measure(area, s, font_px).0 <= width;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if fits(&candidate) || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    lines.push(line);
    lines
}

struct Laid {
    legend: Vec<Vec<String>>,
    metrics: Vec<Vec<String>>,
    font: f64,
    row: f64,
}

/// Lays the panel out at the largest font (down to 60 %) at which both boxes fit.
fn lay_out(area: &Area, p: &Panel, f: &Fonts, wide: bool) -> Laid {
    let k = SCALE;
    let (w, h) = area.dim_in_pixel();
    let (box_w, box_h) = if wide {
        (f64::from(w) - 4.0 * k, f64::from(h))
    } else {
        (f64::from(w) / 2.0 - 6.0 * k, f64::from(h) - 4.0 * k)
    };
    let sample_w = 16.0 * k;
    let mut font = f.note;
    loop {
        let row = font * 1.35;
        let legend: Vec<Vec<String>> = p
            .legend
            .iter()
            .map(|(_, label)| wrap(area, label, box_w - sample_w - 6.0 * k, font))
            .collect();
        let metrics: Vec<Vec<String>> = p
            .metrics
            .iter()
            .map(|m| wrap(area, m, box_w - 6.0 * k, font))
            .collect();
        let rows = |v: &Vec<Vec<String>>| v.iter().map(Vec::len).sum::<usize>() as f64;
        let legend_h = rows(&legend) * row + 4.0 * k;
        let metrics_h = (rows(&metrics) + 1.3) * row + 4.0 * k;
        let needed = if wide {
            legend_h + metrics_h + 6.0 * k
        } else {
            legend_h.max(metrics_h)
        };
        if needed <= box_h || font <= f.note * 0.6 {
            let mut metrics = metrics;
            // At the smallest font, metrics that still do not fit give way to a pointer to
            // the tables rather than run past the panel.
            let room = if wide {
                box_h - legend_h - 6.0 * k
            } else {
                box_h
            };
            let max_rows = ((room - 4.0 * k) / row - 1.3).floor().max(1.0) as usize;
            cap_rows(&mut metrics, max_rows, "… more in the tables");
            return Laid {
                legend,
                metrics,
                font,
                row,
            };
        }
        font *= 0.92;
    }
}

/// Keeps whole entries while they fit in `max_rows`, then one `note` line for the rest.
fn cap_rows(entries: &mut Vec<Vec<String>>, max_rows: usize, note: &str) {
    let total: usize = entries.iter().map(Vec::len).sum();
    if total <= max_rows {
        return;
    }
    let mut used = 0;
    let keep = entries
        .iter()
        .take_while(|e| {
            used += e.len();
            used < max_rows
        })
        .count();
    entries.truncate(keep);
    entries.push(vec![note.to_string()]);
}

pub fn draw(area: &Area, p: &Panel, f: &Fonts, wide: bool) -> Result<(), String> {
    let k = SCALE;
    let laid = lay_out(area, p, f, wide);
    let (w, _) = area.dim_in_pixel();
    let (row, font) = (laid.row, laid.font);
    let rows = |v: &Vec<Vec<String>>| v.iter().map(Vec::len).sum::<usize>() as f64;
    let legend_h = rows(&laid.legend) * row + 4.0 * k;
    let metrics_h = (rows(&laid.metrics) + 1.3) * row + 4.0 * k;
    let (legend_origin, metrics_origin, box_w) = if wide {
        let x0 = 4.0 * k;
        ((x0, 0.0), (x0, legend_h + 6.0 * k), f64::from(w) - x0)
    } else {
        let half = f64::from(w) / 2.0;
        ((0.0, 4.0 * k), (half + 3.0 * k, 4.0 * k), half - 3.0 * k)
    };
    let frame = |(x, y): (f64, f64), h: f64| -> Result<(), String> {
        let rect = [(x as i32, y as i32), ((x + box_w) as i32, (y + h) as i32)];
        area.draw(&Rectangle::new(rect, WHITE.filled()))
            .map_err(err)?;
        area.draw(&Rectangle::new(
            rect,
            RGBColor(150, 150, 150).stroke_width((0.5 * k) as u32),
        ))
        .map_err(err)
    };
    let left = Pos::new(HPos::Left, VPos::Center);
    frame(legend_origin, legend_h)?;
    let mut y = legend_origin.1 + 2.0 * k + row / 2.0;
    let sample_x = legend_origin.0 + 3.0 * k;
    for ((sample, _), lines) in p.legend.iter().zip(&laid.legend) {
        draw_sample(area, sample, (sample_x, y), font)?;
        for line in lines {
            let at = ((sample_x + 16.0 * k) as i32, y as i32);
            area.draw(&Text::new(line.clone(), at, text_style(font, BLACK, left)))
                .map_err(err)?;
            y += row;
        }
    }
    frame(metrics_origin, metrics_h)?;
    let mut y = metrics_origin.1 + 2.0 * k + row / 2.0;
    let x = (metrics_origin.0 + 3.0 * k) as i32;
    let title = text_style(font, BLACK, left);
    area.draw(&Text::new(p.metrics_title.clone(), (x, y as i32), title))
        .map_err(err)?;
    y += row * 1.3;
    let indent = (font * 0.9) as i32;
    for lines in &laid.metrics {
        let colour = if lines[0].starts_with('✗') {
            RGBColor(170, 0, 0)
        } else {
            BLACK
        };
        for (i, line) in lines.iter().enumerate() {
            let at = (if i == 0 { x } else { x + indent }, y as i32);
            area.draw(&Text::new(line.clone(), at, text_style(font, colour, left)))
                .map_err(err)?;
            y += row;
        }
    }
    Ok(())
}

fn draw_sample(area: &Area, sample: &Sample, (x, y): (f64, f64), font: f64) -> Result<(), String> {
    let k = SCALE;
    let (x0, x1, yi) = (x as i32, (x + 13.0 * k) as i32, y as i32);
    let mid = ((x0 + x1) / 2, yi);
    let r = (font * 0.3).min(2.1 * k);
    match sample {
        Sample::Model(style) => {
            let thin = tint(style.colour, 0.55).stroke_width((0.7 * k) as u32);
            area.draw(&PathElement::new(vec![(x0, yi), (x1, yi)], thin))
                .map_err(err)?;
            draw_marker(area, *style, mid, r, true)
        }
        Sample::Frontier => {
            let dashed = RGBColor(60, 60, 60).stroke_width((1.4 * k) as u32);
            let path = vec![(x0, yi), (x1, yi)];
            area.draw(&DashedPathElement::new(
                path,
                (3.5 * k) as u32,
                (2.0 * k) as u32,
                dashed,
            ))
            .map_err(err)
        }
        Sample::Dominated => {
            let grey = ModelStyle {
                colour: RGBColor(90, 90, 90),
                marker: super::style::Marker::Circle,
            };
            draw_marker(area, grey, mid, r, false)
        }
        Sample::Star(c) => {
            let star = star_polygon(mid, r * 2.0);
            area.draw(&Polygon::new(star.clone(), c.filled()))
                .map_err(err)?;
            let mut outline = star;
            outline.push(outline[0]);
            area.draw(&PathElement::new(
                outline,
                BLACK.stroke_width((0.5 * k) as u32),
            ))
            .map_err(err)
        }
        Sample::Cross(c) => draw_cross(area, mid, r * 1.6, *c),
        Sample::Patch(c) => {
            let rect = [
                (x0, yi - (font * 0.35) as i32),
                (x1, yi + (font * 0.35) as i32),
            ];
            area.draw(&Rectangle::new(rect, tint(*c, 0.16).filled()))
                .map_err(err)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::cap_rows;

    #[test]
    fn capped_entries_end_with_a_note_and_fit() {
        let mut entries = vec![
            vec!["a".to_string(), "a2".to_string()],
            vec!["b".to_string()],
            vec!["c".to_string()],
        ];
        cap_rows(&mut entries, 3, "…");
        assert_eq!(
            entries,
            vec![
                vec!["a".to_string(), "a2".to_string()],
                vec!["…".to_string()]
            ]
        );
        let mut fits = vec![vec!["a".to_string()]];
        cap_rows(&mut fits, 1, "…");
        assert_eq!(fits.len(), 1);
    }
}
