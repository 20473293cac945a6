//! Drawing on the plot: each model's configurations, markers and dashed frontier, the
//! shaded dominance region, requirement targets (star, cross, dotted guide) and their placed
//! annotations, all in canvas pixels mapped from the chart's data coordinates.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::Axis;
use super::canvas::{Area, Chart, Fonts, draw_cross, draw_marker, err, measure, text_style, tint};
use super::placement::{BBox, Obstacles, place};
use super::shading::Shading;
use super::style::{ModelStyle, SCALE, star_polygon};
use crate::analysis::{Analysis, ModelAnalysis, Point, Verdict};
use crate::requirements::Target;

pub(super) struct Plot<'c, 'a, 'b> {
    pub chart: &'c Chart<'a, 'b>,
    pub x: &'c Axis,
    pub y: &'c Axis,
}

impl Plot<'_, '_, '_> {
    /// Canvas pixel of a data point.
    pub(super) fn px(&self, flops: f64, ppl: f64) -> (i32, i32) {
        self.chart.backend_coord(&(self.x.t(flops), self.y.t(ppl)))
    }

    pub(super) fn pxf(&self, flops: f64, ppl: f64) -> (f64, f64) {
        let (x, y) = self.px(flops, ppl);
        (f64::from(x), f64::from(y))
    }

    /// The frontier as the analysis reads it: straight in log FLOPs (sampled, so it is also
    /// right on a linear axis), or a staircase in step mode.
    pub(super) fn frontier_path(&self, frontier: &[Point], a: &Analysis) -> Vec<(f64, f64)> {
        let mut path = Vec::new();
        for pair in frontier.windows(2) {
            let (p, q) = (pair[0], pair[1]);
            path.push((p.flops, p.ppl));
            match a.interpolation {
                crate::analysis::Interpolation::Step => path.push((q.flops, p.ppl)),
                crate::analysis::Interpolation::Log => {
                    // Straight on screen only when x is log and y linear; otherwise follow the curve.
                    if !self.x.log || self.y.log {
                        for i in 1..16 {
                            let s = f64::from(i) / 16.0;
                            let flops =
                                libm::exp(libm::log(p.flops) * (1.0 - s) + libm::log(q.flops) * s);
                            path.push((flops, p.ppl + (q.ppl - p.ppl) * s));
                        }
                    }
                }
            }
        }
        if let Some(last) = frontier.last() {
            path.push((last.flops, last.ppl));
        }
        path
    }

    pub(super) fn watermark(&self, root: &Area, f: &Fonts) -> Result<(), String> {
        let (px, py) = self.chart.plotting_area().get_pixel_range();
        let centre = ((px.start + px.end) / 2, (py.start + py.end) / 2);
        let style = text_style(
            f.title * 2.6,
            RGBColor(236, 236, 236),
            Pos::new(HPos::Center, VPos::Center),
        );
        root.draw(&Text::new("SIMULATED DATA", centre, style))
            .map_err(err)
    }

    /// Fills the band between two frontiers wherever the candidate's perplexity is lower.
    pub(super) fn shade(
        &self,
        root: &Area,
        shading: &Shading,
        style: ModelStyle,
    ) -> Result<(), String> {
        let fill = tint(style.colour, 0.16);
        for run in &shading.runs {
            let mut polygon: Vec<(i32, i32)> =
                run.iter().map(|&(f, pc, _)| self.px(f, pc)).collect();
            polygon.extend(run.iter().rev().map(|&(f, _, pb)| self.px(f, pb)));
            root.draw(&Polygon::new(polygon, fill.filled()))
                .map_err(err)?;
        }
        Ok(())
    }

    pub(super) fn model(
        &self,
        root: &Area,
        m: &ModelAnalysis,
        style: ModelStyle,
        a: &Analysis,
        obstacles: &mut Obstacles,
        cell: f64,
    ) -> Result<(), String> {
        let k = SCALE;
        let joined: Vec<(i32, i32)> = m.points.iter().map(|p| self.px(p.flops, p.ppl)).collect();
        let thin = tint(style.colour, 0.55).stroke_width((0.7 * k) as u32);
        root.draw(&PathElement::new(joined.clone(), thin))
            .map_err(err)?;
        let frontier: Vec<(i32, i32)> = self
            .frontier_path(&m.frontier, a)
            .iter()
            .map(|&(f, p)| self.px(f, p))
            .collect();
        let dashed = style.colour.stroke_width((1.4 * k) as u32);
        root.draw(&DashedPathElement::new(
            frontier.clone(),
            (3.5 * k) as u32,
            (2.0 * k) as u32,
            dashed,
        ))
        .map_err(err)?;
        for path in [&joined, &frontier] {
            for w in path.windows(2) {
                let to = |(x, y): (i32, i32)| (f64::from(x), f64::from(y));
                obstacles.segments.push((to(w[0]), to(w[1])));
            }
        }
        let frontier: std::collections::HashSet<u32> =
            m.frontier.iter().map(|q| q.record).collect();
        let mut drawn = std::collections::HashSet::new();
        for p in &m.points {
            let on_frontier = frontier.contains(&p.record);
            let at = self.px(p.flops, p.ppl);
            // Dominated configurations that fall in one cell are drawn once: a million of
            // them stay a bounded drawing. Frontier points are always drawn where they are.
            if !on_frontier && !drawn.insert(cell_of(at, cell)) {
                continue;
            }
            draw_marker(root, style, at, 2.1 * k, on_frontier)?;
            obstacles
                .boxes
                .push(BBox::around(self.pxf(p.flops, p.ppl), 2.6 * k));
        }
        Ok(())
    }

    /// The cell size (canvas pixels) at which the dominated markers of all models stay under
    /// [`MARKER_BUDGET`]: one point of the page, doubled until they do.
    pub(super) fn marker_cell(&self, a: &Analysis) -> f64 {
        let mut cell = SCALE;
        loop {
            let mut total = 0usize;
            for m in &a.models {
                let cells: std::collections::HashSet<(i32, i32)> = m
                    .points
                    .iter()
                    .map(|p| cell_of(self.px(p.flops, p.ppl), cell))
                    .collect();
                total += cells.len();
            }
            if total <= MARKER_BUDGET {
                return cell;
            }
            cell *= 2.0;
        }
    }

    /// Marks one requirement's readings and returns its annotation (anchor, text, colour).
    pub(super) fn target(
        &self,
        root: &Area,
        v: &Verdict,
        cs: ModelStyle,
        bs: ModelStyle,
        obstacles: &mut Obstacles,
    ) -> Result<((f64, f64), String, RGBColor), String> {
        let k = SCALE;
        let r = &v.requirement;
        let (px, py) = self.chart.plotting_area().get_pixel_range();
        let guide = RGBColor(90, 90, 90).stroke_width((0.8 * k) as u32);
        // "8.10: ≈4.62× fewer FLOPs at PPL 30", or why there is no value.
        let text = match v.value_text() {
            Some(shown) => format!("{}: {shown} {}", r.id, r.metric.claim()),
            None => format!("{}: {}", r.id, short_reason(v)),
        };
        let (cand_at, base_at, edge) = match r.metric.target() {
            Target::Ppl(at_ppl) => {
                let cand = v.candidate.value().map(|f| self.px(f, at_ppl));
                let base = v.baseline.value().map(|f| self.px(f, at_ppl));
                let y = self.px(self.x.lo, at_ppl).1;
                (cand, base, ((px.start, y), (px.end, y)))
            }
            Target::Flops(at_flops) => {
                let cand = v.candidate.value().map(|p| self.px(at_flops, p));
                let base = v.baseline.value().map(|p| self.px(at_flops, p));
                let x = self.px(at_flops, self.y.lo).0;
                (cand, base, ((x, py.end), (x, py.start)))
            }
        };
        // The guide joins the two readings, or runs across the plot when one is missing.
        let (from, to) = match (cand_at, base_at) {
            (Some(c), Some(b)) => (c, b),
            (Some(c), None) => (c, edge.1),
            (None, Some(b)) => (edge.0, b),
            (None, None) => edge,
        };
        let dotted =
            DashedPathElement::new(vec![from, to], (1.0 * k) as u32, (1.6 * k) as u32, guide);
        root.draw(&dotted).map_err(err)?;
        let to_f = |(x, y): (i32, i32)| (f64::from(x), f64::from(y));
        obstacles.segments.push((to_f(from), to_f(to)));
        if let Some(b) = base_at {
            draw_cross(root, b, 3.6 * k, bs.colour)?;
            let (x, y) = (f64::from(b.0), f64::from(b.1));
            obstacles.boxes.push(BBox::around((x, y), 4.5 * k));
        }
        if let Some(c) = cand_at {
            let star = star_polygon(c, 5.2 * k);
            root.draw(&Polygon::new(star.clone(), cs.colour.filled()))
                .map_err(err)?;
            let mut outline = star;
            outline.push(outline[0]);
            root.draw(&PathElement::new(
                outline,
                BLACK.stroke_width((0.5 * k) as u32),
            ))
            .map_err(err)?;
            let (x, y) = (f64::from(c.0), f64::from(c.1));
            obstacles.boxes.push(BBox::around((x, y), 5.5 * k));
        }
        let anchor = cand_at
            .or(base_at)
            .unwrap_or(((from.0 + to.0) / 2, (from.1 + to.1) / 2));
        let colour = if v.met {
            cs.colour
        } else {
            RGBColor(90, 90, 90)
        };
        Ok(((f64::from(anchor.0), f64::from(anchor.1)), text, colour))
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn annotate(
        &self,
        root: &Area,
        anchor: (f64, f64),
        text: &str,
        colour: RGBColor,
        area: &BBox,
        obstacles: &mut Obstacles,
        f: &Fonts,
    ) -> Result<(), String> {
        let k = SCALE;
        let (tw, th) = measure(root, text, f.note);
        let pad = 1.6 * k;
        let size = (tw + 2.0 * pad, th + 2.0 * pad);
        let gap = 3.0 * k;
        let b = place(anchor, size, gap, area, obstacles);
        // A label pushed away from its mark keeps a leader line to it.
        let near = (anchor.0.clamp(b.x0, b.x1), anchor.1.clamp(b.y0, b.y1));
        let distance = ((near.0 - anchor.0).powi(2) + (near.1 - anchor.1).powi(2)).sqrt();
        if distance > gap * 1.8 {
            let leader = vec![
                (anchor.0 as i32, anchor.1 as i32),
                (near.0 as i32, near.1 as i32),
            ];
            root.draw(&PathElement::new(
                leader,
                colour.stroke_width((0.5 * k) as u32),
            ))
            .map_err(err)?;
            obstacles.segments.push((anchor, near));
        }
        let rect = [(b.x0 as i32, b.y0 as i32), (b.x1 as i32, b.y1 as i32)];
        root.draw(&Rectangle::new(rect, WHITE.filled()))
            .map_err(err)?;
        root.draw(&Rectangle::new(rect, colour.stroke_width((0.6 * k) as u32)))
            .map_err(err)?;
        let style = text_style(f.note, BLACK, Pos::new(HPos::Left, VPos::Top));
        root.draw(&Text::new(
            text.to_string(),
            ((b.x0 + pad) as i32, (b.y0 + pad) as i32),
            style,
        ))
        .map_err(err)
    }
}

/// Dominated markers drawn in one figure at most; each is a few drawing elements.
const MARKER_BUDGET: usize = 60_000;

fn cell_of((x, y): (i32, i32), cell: f64) -> (i32, i32) {
    (
        libm::floor(f64::from(x) / cell) as i32,
        libm::floor(f64::from(y) / cell) as i32,
    )
}

/// The reason without the model's best value, short enough for an annotation.
fn short_reason(v: &Verdict) -> String {
    let reason = v.baseline.reason.as_ref().or(v.candidate.reason.as_ref());
    let reason = reason.map_or("not reached", |r| r.as_str());
    reason.split(" (").next().unwrap_or(reason).to_string()
}
