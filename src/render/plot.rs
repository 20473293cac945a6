//! Drawing on the plot: the grid, dominance shading, each model's configurations (markers,
//! or a light cloud when there are thousands) and its frontier, drawn with the analysis'
//! interpolation rule so that the line passes through every ≈ number the tables print; then
//! the requirement marks (star, cross, not-reached triangle) and their labels.

use super::axes::Axis;
use super::canvas::{self, Font};
use super::placement::{BBox, Obstacles};
use super::scene::{Paint, Path, Scene, Stroke};
use super::shading::Shading;
use super::style::{DASHES, ModelStyle};
use crate::analysis::interpolate::score_at;
use crate::analysis::{Analysis, Interpolation, ModelAnalysis, Point, Verdict};
use crate::requirements::Target;
use crate::results::Axes;

/// The plot's rectangle on the page and its axes.
pub(crate) struct Frame {
    pub area: BBox,
    pub x: Axis,
    pub y: Axis,
}

/// A model drawn with this many configurations or more shows the dominated ones as a cloud.
const CLOUD: usize = 1000;

impl Frame {
    /// Page position of a data point.
    pub(crate) fn px(&self, flops: f64, ppl: f64) -> (f64, f64) {
        let a = &self.area;
        (
            a.x0 + self.x.fraction(flops) * a.width(),
            a.y1 - self.y.fraction(ppl) * a.height(),
        )
    }

    pub(crate) fn grid(&self, scene: &mut Scene) {
        let a = &self.area;
        let faint = Stroke::solid(Paint::Ink(0.1), 0.35);
        for &t in &self.x.ticks {
            let x = self.px(t, self.y.lo).0;
            scene.stroke(Path::polyline(&[(x, a.y0), (x, a.y1)]), faint.clone());
        }
        for &t in &self.y.ticks {
            let y = self.px(self.x.lo, t).1;
            scene.stroke(Path::polyline(&[(a.x0, y), (a.x1, y)]), faint.clone());
        }
    }
}

/// The frontier as drawn: the analysis' own reading of it, sampled densely between measured
/// points (exact at each point), or a staircase in step mode.
pub fn frontier_curve(frontier: &[Point], mode: Interpolation) -> Vec<(f64, f64)> {
    const PER_SEGMENT: usize = 24;
    let mut curve = Vec::new();
    for pair in frontier.windows(2) {
        let (p, q) = (pair[0], pair[1]);
        curve.push((p.x, p.y));
        if mode == Interpolation::Step {
            curve.push((q.x, p.y));
            continue;
        }
        for i in 1..PER_SEGMENT {
            let s = i as f64 / PER_SEGMENT as f64;
            let flops = libm::exp(libm::log(p.x) * (1.0 - s) + libm::log(q.x) * s);
            if let Some(e) = score_at(frontier, flops, mode) {
                curve.push((flops, e.value));
            }
        }
    }
    if let Some(last) = frontier.last() {
        curve.push((last.x, last.y));
    }
    curve
}

/// Points of `points` (page positions) merged per `cell` points: one of each occupied cell.
fn merged(points: impl Iterator<Item = (f64, f64)>, cell: f64) -> Vec<(f64, f64)> {
    let mut seen = std::collections::HashSet::new();
    points
        .filter(|&(x, y)| seen.insert(((x / cell).floor() as i64, (y / cell).floor() as i64)))
        .collect()
}

/// A model's configurations: frontier points as full markers, dominated ones smaller and
/// lighter (a cloud of dots merged per output cell when there are thousands).
pub(crate) fn configurations(
    scene: &mut Scene,
    frame: &Frame,
    m: &ModelAnalysis,
    style: ModelStyle,
    obstacles: &mut Obstacles,
) {
    let on_frontier: std::collections::HashSet<u32> = m.frontier.iter().map(|p| p.record).collect();
    let dominated = m
        .points
        .iter()
        .filter(|p| !on_frontier.contains(&p.record))
        .map(|p| frame.px(p.x, p.y));
    if m.points.len() >= CLOUD {
        let side = 0.9;
        let mut cloud = Path::default();
        for (x, y) in merged(dominated, side) {
            cloud.add_polygon(&[
                (x - side / 2.0, y - side / 2.0),
                (x + side / 2.0, y - side / 2.0),
                (x + side / 2.0, y + side / 2.0),
                (x - side / 2.0, y + side / 2.0),
            ]);
            obstacles.marks.push(BBox::around((x, y), side / 2.0));
        }
        scene.fill(cloud, Paint::Data(style.colour, 0.3));
    } else {
        for at in merged(dominated, 0.25) {
            canvas::marker(scene, style, at, 1.5, 0.45, false);
            obstacles.marks.push(BBox::around(at, 1.8));
        }
    }
    for p in &m.frontier {
        let at = frame.px(p.x, p.y);
        canvas::marker(scene, style, at, 2.3, 1.0, true);
        obstacles.marks.push(BBox::around(at, 2.8));
    }
}

/// Error bars: ±1 standard error of each configuration's mean (repeated runs, or the error a
/// file reports), in the model's colour, with short caps; nothing for a configuration
/// measured once without an error.
pub(crate) fn error_bars(
    scene: &mut Scene,
    frame: &Frame,
    m: &ModelAnalysis,
    analysis: &crate::analysis::Analysis,
    style: ModelStyle,
    obstacles: &mut Obstacles,
) {
    if !analysis.has_intervals() {
        return;
    }
    let stroke = Stroke::solid(Paint::Data(style.colour, 0.9), 0.5);
    for p in &m.points {
        let Some(spread) = analysis.spread(p.record) else {
            continue;
        };
        let low = (p.y - spread.stderr).max(frame.y.lo);
        let high = (p.y + spread.stderr).min(frame.y.hi);
        let (x, y0) = frame.px(p.x, low);
        let y1 = frame.px(p.x, high).1;
        let cap = 1.2;
        scene.stroke(Path::polyline(&[(x, y0), (x, y1)]), stroke.clone());
        for y in [y0, y1] {
            scene.stroke(
                Path::polyline(&[(x - cap, y), (x + cap, y)]),
                stroke.clone(),
            );
        }
        obstacles.marks.push(BBox {
            x0: x - cap,
            y0: y1.min(y0),
            x1: x + cap,
            y1: y1.max(y0),
        });
    }
}

/// A model's frontier line, `weight` points wide; returns its page points.
pub(crate) fn frontier(
    scene: &mut Scene,
    frame: &Frame,
    m: &ModelAnalysis,
    style: ModelStyle,
    weight: f64,
    mode: Interpolation,
    obstacles: &mut Obstacles,
) -> Vec<(f64, f64)> {
    let dense: Vec<(f64, f64)> = frontier_curve(&m.frontier, mode)
        .into_iter()
        .map(|(f, p)| frame.px(f, p))
        .collect();
    // Within 0.01 pt of the dense curve: invisible at any zoom a reader uses, and a power
    // law on log axes (a straight line) needs no samples between measured points.
    let points = Path::simplified(&dense, 0.01);
    if points.len() > 1 {
        scene.stroke(
            Path::polyline(&points),
            Stroke {
                paint: Paint::Data(style.colour, 1.0),
                width: weight,
                dash: DASHES[style.dash].to_vec(),
            },
        );
        obstacles.add_polyline(&points);
    }
    points
}

/// The curves the analyses beyond the frontiers draw (see [`crate::parts`]), each
/// in its model's colour: solid, and dashed from where it is extrapolated; only what falls
/// inside the plot is drawn.
pub(crate) fn part_curves(
    scene: &mut Scene,
    frame: &Frame,
    a: &Analysis,
    styles: &[ModelStyle],
    obstacles: &mut Obstacles,
) {
    let inside = |(x, y): (f64, f64)| {
        let b = &frame.area;
        (b.x0..=b.x1).contains(&x) && (b.y0..=b.y1).contains(&y)
    };
    for curve in a.parts.iter().flat_map(|(_, outcome)| outcome.curves()) {
        let Some(style) = a.model_index(&curve.model).map(|i| styles[i]) else {
            continue;
        };
        // The dashed run starts where the solid one ends, so the curve stays one line.
        let split = (curve.points.iter())
            .position(|&(x, _)| curve.dashed_from.is_some_and(|from| x > from))
            .unwrap_or(curve.points.len());
        let runs = [
            (&curve.points[..split], Vec::new()),
            (&curve.points[split.saturating_sub(1)..], vec![3.0, 2.0]),
        ];
        for (run, dash) in runs {
            let points: Vec<(f64, f64)> = (run.iter())
                .map(|&(x, y)| frame.px(x, y))
                .filter(|&p| inside(p))
                .collect();
            if points.len() > 1 {
                let paint = Paint::Data(style.colour, 1.0);
                let stroke = Stroke {
                    paint,
                    width: 0.8,
                    dash,
                };
                scene.stroke(Path::polyline(&points), stroke);
                obstacles.add_polyline(&points);
            }
        }
    }
}

/// Fills each region where a candidate's frontier is better, with its edge drawn.
pub(crate) fn shade(scene: &mut Scene, frame: &Frame, shading: &Shading, style: ModelStyle) {
    for run in &shading.runs {
        let upper: Vec<(f64, f64)> = run.iter().map(|&(f, pc, _)| frame.px(f, pc)).collect();
        let lower: Vec<(f64, f64)> = run
            .iter()
            .rev()
            .map(|&(f, _, pb)| frame.px(f, pb))
            .collect();
        let mut polygon = Path::simplified(&upper, 0.01);
        polygon.extend(Path::simplified(&lower, 0.01));
        scene.shape(
            Path::polygon(&polygon),
            Some(Paint::Data(style.colour, 0.14)),
            Some(Stroke::solid(Paint::Data(style.colour, 0.5), 0.4)),
        );
    }
}

/// A requirement's label to place near its marks.
pub(crate) struct Annotation {
    pub anchor: (f64, f64),
    pub text: String,
    /// The label's frame colour: the candidate's when met.
    pub paint: Paint,
}

/// Marks of drawn targets, so that requirements at one spot share one mark.
#[derive(Default)]
pub(crate) struct Marks(Vec<(u8, (f64, f64))>);

impl Marks {
    /// Whether a mark of `kind` is new at `at` (and records it).
    fn fresh(&mut self, kind: u8, at: (f64, f64)) -> bool {
        let taken = self
            .0
            .iter()
            .any(|&(k, p)| k == kind && (p.0 - at.0).abs() < 0.6 && (p.1 - at.1).abs() < 0.6);
        if !taken {
            self.0.push((kind, at));
        }
        !taken
    }
}

/// Draws one requirement's marks and returns its label.
pub(crate) fn target(
    scene: &mut Scene,
    frame: &Frame,
    (v, axes): (&Verdict, &Axes),
    (cs, bs): (ModelStyle, ModelStyle),
    marks: &mut Marks,
    obstacles: &mut Obstacles,
) -> Annotation {
    let r = &v.requirement;
    let (cand, base, edge, right) = places(frame, v);
    let ends: Vec<(f64, f64)> = [cand.unwrap_or(edge), base.unwrap_or(edge)].to_vec();
    if ends[0] != ends[1] {
        let guide = Stroke {
            paint: Paint::Ink(0.6),
            width: 0.6,
            dash: vec![0.8, 1.4],
        };
        scene.stroke(Path::polyline(&ends), guide);
        obstacles.segments.push((ends[0], ends[1]));
    }
    if cand.is_none() || base.is_none() {
        let paint = match (cand, base) {
            (None, None) => Paint::Ink(0.8),
            (None, _) => Paint::Data(cs.colour, 1.0),
            _ => Paint::Data(bs.colour, 1.0),
        };
        if marks.fresh(0, edge) {
            canvas::not_reached(scene, edge, 3.2, paint, right);
        }
        obstacles.marks.push(BBox::around(edge, 4.0));
    }
    if let Some(b) = base {
        if marks.fresh(1, b) {
            canvas::cross(scene, b, 3.4, Paint::Data(bs.colour, 1.0));
        }
        obstacles.marks.push(BBox::around(b, 3.6));
    }
    if let Some(c) = cand {
        if marks.fresh(2, c) {
            canvas::star(scene, c, 4.4, Paint::Data(cs.colour, 1.0));
        }
        obstacles.marks.push(BBox::around(c, 4.6));
    }
    let what = label_text(v, axes);
    Annotation {
        anchor: cand.or(base).unwrap_or(edge),
        text: format!("{} {}: {what}", v.mark(), r.id),
        paint: if v.met {
            Paint::Data(cs.colour, 1.0)
        } else {
            Paint::Ink(0.55)
        },
    }
}

/// A requirement's readings on the page (candidate, baseline), the plot's edge and whether
/// it is the right one.
type Places = (Option<(f64, f64)>, Option<(f64, f64)>, (f64, f64), bool);

/// Where a requirement's two readings are on the page, where the plot's edge is (for a model
/// that never reaches the target), and whether that edge is the right one (else the top).
fn places(frame: &Frame, v: &Verdict) -> Places {
    let area = frame.area;
    match v.requirement.metric.target() {
        Target::Y(ppl) => {
            let y = frame.px(frame.x.lo, ppl).1;
            let at = |f: Option<f64>| f.map(|f| frame.px(f, ppl));
            (
                at(v.candidate.value()),
                at(v.baseline.value()),
                (area.x1 - 5.0, y),
                true,
            )
        }
        Target::X(flops) => {
            let x = frame.px(flops, frame.y.lo).0;
            let at = |p: Option<f64>| p.map(|p| frame.px(flops, p));
            (
                at(v.candidate.value()),
                at(v.baseline.value()),
                (x, area.y0 + 5.0),
                false,
            )
        }
    }
}

/// What a requirement's label says after its mark and id: the value in words at its
/// target, with its interval, or which model does not reach it.
fn label_text(v: &Verdict, axes: &Axes) -> String {
    let r = &v.requirement;
    match v.value {
        Some(x) => {
            let approx = if v.interpolated { "≈" } else { "" };
            let mut what = format!("{approx}{}", r.metric.describe(x, axes));
            if let Some(shown) = v.interval_text() {
                let level = crate::analysis::interval::LEVEL * 100.0;
                what.push_str(&format!(" ({level:.0}% CI {shown})"));
            }
            what
        }
        None => v.not_reached_text(),
    }
}

/// Sets an annotation's `lines` in a framed box at `b`; returns the boxes of its texts.
pub(crate) fn label(
    scene: &mut Scene,
    a: &Annotation,
    lines: &[String],
    b: BBox,
    font: Font,
) -> Vec<BBox> {
    scene.shape(
        Path::rect(b.x0, b.y0, b.x1, b.y1),
        Some(Paint::Paper),
        Some(Stroke::solid(a.paint, 0.6)),
    );
    let pad = 1.5;
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            canvas::text(
                scene,
                line,
                font,
                (b.x0 + pad, b.y0 + pad + i as f64 * font.line()),
                canvas::Align::Start,
                canvas::VAlign::Top,
            )
        })
        .collect()
}

/// A faint "SIMULATED DATA" across the plot, drawn as shapes so that it is never read as
/// words of the figure.
pub(crate) fn watermark(scene: &mut Scene, frame: &Frame, family: super::fonts::Family) {
    let a = frame.area;
    let size = (a.width() / 9.0).clamp(10.0, 40.0);
    let text = "SIMULATED DATA";
    let shaped = super::fonts::shape(text, family);
    let w = shaped.width * size;
    let t = super::scene::Text {
        shaped: std::sync::Arc::new(shaped),
        x: (a.x0 + a.x1) / 2.0 - w / 2.0,
        y: (a.y0 + a.y1) / 2.0 + size * 0.35,
        size,
        paint: Paint::Ink(0.07),
        upright: false,
        math: false,
        anchor: super::scene::Anchor::Middle,
    };
    scene.fill(super::output::text_outline(&t), Paint::Ink(0.07));
}
