//! Drawing on the plot: the grid, dominance shading, each model's configurations (markers,
//! or a light cloud when there are thousands) and its frontier, drawn with the analysis'
//! interpolation rule so that the line passes through every ≈ number the tables print; then
//! the requirement marks (star, cross, not-reached triangle) and their labels.

use super::axes::Axis;
use super::canvas::{self, Font};
use super::placement::{BBox, Obstacles};
use super::plotting::{self, Chart, Pen};
use super::scene::{Paint, Path, Scene, Stroke};
use super::shading::Shading;
use super::style::{DASHES, ModelStyle};
use crate::analysis::interpolate::score_at;
use crate::analysis::{Analysis, Interpolation, ModelAnalysis, Point, Verdict};
use crate::requirements::Target;
use crate::results::Axes;
use plotters::prelude::{ErrorBar, LineSeries, PathElement, Polygon};

/// Points of a curve, in data or page coordinates.
type Points = Vec<(f64, f64)>;

/// The plot's rectangle on the page and its axes.
pub(crate) struct Frame {
    pub area: BBox,
    pub x: Axis,
    pub y: Axis,
}

/// A model drawn with this many configurations or more shows the dominated ones as a cloud.
const CLOUD: usize = 1000;

impl Frame {
    /// `data` without the points that lie within `tolerance` points of the line through
    /// their neighbours on the page ([`Path::kept`]), and the kept points' page
    /// positions.
    pub(crate) fn simplified(&self, data: &[(f64, f64)], tolerance: f64) -> (Points, Points) {
        let page: Vec<(f64, f64)> = data.iter().map(|&(x, y)| self.px(x, y)).collect();
        let keep = Path::kept(&page, tolerance);
        let pick = |points: &[(f64, f64)]| {
            (points.iter().zip(&keep))
                .filter_map(|(&p, &k)| k.then_some(p))
                .collect()
        };
        (pick(data), pick(&page))
    }

    /// A plotters chart over this plot area of `scene`.
    pub(crate) fn chart<'s>(&self, scene: &'s mut Scene) -> Chart<'s> {
        Chart::on(scene, &self.area, (&self.x, &self.y))
    }

    /// Page position of a data point.
    pub(crate) fn px(&self, flops: f64, ppl: f64) -> (f64, f64) {
        let a = &self.area;
        (
            a.x0 + self.x.fraction(flops) * a.width(),
            a.y1 - self.y.fraction(ppl) * a.height(),
        )
    }

    /// A faint line at every tick, across the plot.
    pub(crate) fn grid(&self, scene: &mut Scene) {
        let mut chart = self.chart(scene);
        let faint = chart.pen(Pen::line(Stroke::solid(Paint::Ink(0.1), 0.35)));
        let (x, y) = (&self.x, &self.y);
        let across = |t: f64| PathElement::new(vec![(t, y.hi), (t, y.lo)], faint);
        chart.draw(x.ticks.iter().map(|&t| across(t)));
        let along = |t: f64| PathElement::new(vec![(x.lo, t), (x.hi, t)], faint);
        chart.draw(y.ticks.iter().map(|&t| along(t)));
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
    let mut chart = frame.chart(scene);
    if m.points.len() >= CLOUD {
        let side = 0.9;
        let dot = chart.pen(Pen {
            merge: true,
            ..Pen::fill(Paint::Data(style.colour, 0.3))
        });
        let cells = merged(dominated, side);
        let square = |&(x, y): &(f64, f64)| {
            let h = side / 2.0;
            let corners = [
                (x - h, y - h),
                (x + h, y - h),
                (x + h, y + h),
                (x - h, y + h),
            ];
            Polygon::new(corners.map(plotting::pixel).to_vec(), dot)
        };
        chart.draw_on_page(cells.iter().map(square));
        obstacles
            .marks
            .extend(cells.iter().map(|&at| BBox::around(at, side / 2.0)));
    } else {
        for at in merged(dominated, 0.25) {
            chart.marker(style, at, 1.5, 0.45, false);
            obstacles.marks.push(BBox::around(at, 1.8));
        }
    }
    for p in &m.frontier {
        let at = frame.px(p.x, p.y);
        chart.marker(style, at, 2.3, 1.0, true);
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
    let mut chart = frame.chart(scene);
    let pen = chart.pen(Pen::line(Stroke::solid(
        Paint::Data(style.colour, 0.9),
        0.5,
    )));
    let cap = 1.2;
    for p in &m.points {
        let Some(spread) = analysis.spread(p.record) else {
            continue;
        };
        let low = (p.y - spread.stderr).max(frame.y.lo);
        let high = (p.y + spread.stderr).min(frame.y.hi);
        let width = (2.0 * cap * plotting::UNIT).round() as u32;
        chart.draw([ErrorBar::new_vertical(p.x, low, p.y, high, pen, width)]);
        let (x, y0) = frame.px(p.x, low);
        let y1 = frame.px(p.x, high).1;
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
    // Within 0.01 pt of the dense curve: invisible at any zoom a reader uses, and a power
    // law on log axes (a straight line) needs no samples between measured points.
    let (data, points) = frame.simplified(&frontier_curve(&m.frontier, mode), 0.01);
    if points.len() > 1 {
        let mut chart = frame.chart(scene);
        let pen = chart.pen(Pen::line(Stroke {
            paint: Paint::Data(style.colour, 1.0),
            width: weight,
            dash: DASHES[style.dash].to_vec(),
        }));
        chart.draw(LineSeries::new(data, pen));
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
            let data: Vec<(f64, f64)> = (run.iter().copied())
                .filter(|&(x, y)| inside(frame.px(x, y)))
                .collect();
            if data.len() > 1 {
                let points: Vec<(f64, f64)> = data.iter().map(|&(x, y)| frame.px(x, y)).collect();
                let mut chart = frame.chart(scene);
                let pen = chart.pen(Pen::line(Stroke {
                    paint: Paint::Data(style.colour, 1.0),
                    width: 0.8,
                    dash,
                }));
                chart.draw(LineSeries::new(data, pen));
                obstacles.add_polyline(&points);
            }
        }
    }
}

/// The confidence bands of the parts' curves, under every line (a band's fill is opaque
/// tint, so it goes first): every band's light fill in its model's colour, then every band's
/// edges, so that overlapping bands both show. A band is cut to the plot (it may run far off
/// it where extrapolated).
pub(crate) fn part_bands(scene: &mut Scene, frame: &Frame, a: &Analysis, styles: &[ModelStyle]) {
    let within = |(x, y): (f64, f64)| {
        (x >= frame.x.lo && x <= frame.x.hi).then(|| (x, y.clamp(frame.y.lo, frame.y.hi)))
    };
    let bands: Vec<(ModelStyle, Points, Points)> = (a.parts.iter())
        .flat_map(|(_, outcome)| outcome.curves())
        .filter_map(|curve| {
            let style = styles[a.model_index(&curve.model)?];
            let band = curve.band.iter();
            let upper: Points = band
                .clone()
                .filter_map(|&(x, _, hi)| within((x, hi)))
                .collect();
            let lower: Points = band
                .rev()
                .filter_map(|&(x, lo, _)| within((x, lo)))
                .collect();
            (upper.len() > 1).then_some((style, upper, lower))
        })
        .collect();
    for (style, upper, lower) in &bands {
        let mut chart = frame.chart(scene);
        let pen = chart.pen(Pen::fill(Paint::Data(style.colour, 0.1)));
        let (mut polygon, _) = frame.simplified(upper, 0.01);
        polygon.extend(frame.simplified(lower, 0.01).0);
        chart.draw([Polygon::new(polygon, pen)]);
    }
    for (style, upper, lower) in &bands {
        let mut chart = frame.chart(scene);
        let pen = chart.pen(Pen::line(Stroke::solid(
            Paint::Data(style.colour, 0.45),
            0.3,
        )));
        for edge in [upper, lower] {
            chart.draw(LineSeries::new(frame.simplified(edge, 0.01).0, pen));
        }
    }
}

/// Fills each region where a candidate's frontier is better, with its edge drawn.
pub(crate) fn shade(scene: &mut Scene, frame: &Frame, shading: &Shading, style: ModelStyle) {
    let mut chart = frame.chart(scene);
    let pen = chart.pen(Pen {
        stroke: Some(Stroke::solid(Paint::Data(style.colour, 0.5), 0.4)),
        ..Pen::fill(Paint::Data(style.colour, 0.14))
    });
    for run in &shading.runs {
        let upper: Vec<(f64, f64)> = run.iter().map(|&(f, pc, _)| (f, pc)).collect();
        let lower: Vec<(f64, f64)> = run.iter().rev().map(|&(f, _, pb)| (f, pb)).collect();
        let (mut polygon, _) = frame.simplified(&upper, 0.01);
        polygon.extend(frame.simplified(&lower, 0.01).0);
        chart.draw([Polygon::new(polygon, pen)]);
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
