//! The efficiency chart, drawn with plotters on an SVG canvas: every model's configurations
//! (filled markers on the Pareto frontier, hollow ones dominated) joined in FLOPs order, its
//! frontier dashed, the region where a candidate's frontier beats its baseline's shaded,
//! requirement targets marked (star: candidate, cross: baseline) with placed annotations, and
//! a side panel holding the legend and the metrics box, outside the data.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::FONT_FAMILY;
use super::axes::{Axis, ScaleChoice, TickedRange};
use super::panel::{self, Panel};
use super::placement::{BBox, Obstacles, place};
use super::style::{FigureSize, ModelStyle, SCALE, marker_polygon, model_styles, star_polygon};
use crate::analysis::interpolate::ppl_at_budget;
use crate::analysis::{Analysis, ModelAnalysis, Point, Verdict};
use crate::format;
use crate::requirements::Metric;

#[derive(Debug, Clone)]
pub struct FigureOptions {
    pub size: FigureSize,
    pub title: Option<String>,
    pub x_scale: ScaleChoice,
    pub y_scale: ScaleChoice,
}

impl Default for FigureOptions {
    fn default() -> Self {
        FigureOptions {
            size: FigureSize::FULL,
            title: None,
            x_scale: ScaleChoice::Auto,
            y_scale: ScaleChoice::Auto,
        }
    }
}

type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<TickedRange, TickedRange>>;

pub(crate) type Area<'b> = DrawingArea<SVGBackend<'b>, Shift>;

/// Font sizes in canvas pixels.
pub(crate) struct Fonts {
    pub tick: f64,
    pub label: f64,
    pub title: f64,
    pub note: f64,
}

pub(crate) fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// An opaque colour `amount` of the way from white to `c`: EPS has no transparency, so every
/// format draws the same opaque tints.
pub(crate) fn tint(c: RGBColor, amount: f64) -> RGBColor {
    let mix = |v: u8| (255.0 - (255.0 - f64::from(v)) * amount).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// Width and height of `text` at `px` in the embedded font.
pub(crate) fn measure(area: &Area, text: &str, px: f64) -> (f64, f64) {
    let style = TextStyle::from((FONT_FAMILY, px).into_font());
    area.estimate_text_size(text, &style)
        .map_or((0.0, 0.0), |(w, h)| (f64::from(w), f64::from(h)))
}

pub(crate) fn text_style(px: f64, colour: RGBColor, pos: Pos) -> TextStyle<'static> {
    (FONT_FAMILY, px).into_font().color(&colour).pos(pos)
}

/// Models in styling order: each requirement's candidate, then its baseline, then the rest.
fn style_order(a: &Analysis) -> Vec<usize> {
    let index = |name: &str| a.models.iter().position(|m| m.name == name);
    let mut order: Vec<usize> = Vec::new();
    let named = a.verdicts.iter().flat_map(|v| {
        [
            index(&v.requirement.candidate),
            index(&v.requirement.baseline),
        ]
    });
    for i in named.flatten().chain(0..a.models.len()) {
        if !order.contains(&i) {
            order.push(i);
        }
    }
    order
}

pub(crate) fn draw_svg(a: &Analysis, o: &FigureOptions) -> Result<String, String> {
    let (w, h) = o.size.canvas();
    let k = SCALE;
    let base = o.size.base_font_pt() * k;
    let fonts = Fonts {
        tick: base,
        label: base * 1.1,
        title: base * 1.3,
        note: base * 0.92,
    };
    let styles = model_styles(&style_order(a), a.models.len());
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let margin = (6.0 * k) as i32;
        let body = root.margin(margin, margin, margin, margin);
        let body = draw_title(&body, a, o, &fonts)?;
        let wide = o.size.width_pt >= 360.0;
        let (plot_area, panel_area) = if wide {
            let (bw, _) = body.dim_in_pixel();
            body.split_horizontally((f64::from(bw) * 0.7) as i32)
        } else {
            let (_, bh) = body.dim_in_pixel();
            body.split_vertically((f64::from(bh) * 0.64) as i32)
        };
        draw_plot(&root, &plot_area, a, o, &styles, &fonts)?;
        let panel = Panel::new(a, &styles, wide);
        panel::draw(&panel_area, &panel, &fonts, wide)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// The title line and the SIMULATED DATA tag; returns the area left below them.
fn draw_title<'b>(
    body: &Area<'b>,
    a: &Analysis,
    o: &FigureOptions,
    f: &Fonts,
) -> Result<Area<'b>, String> {
    if o.title.is_none() && !a.simulated {
        return Ok(body.clone());
    }
    let band = (f.title * 1.7) as i32;
    let (top, rest) = body.split_vertically(band);
    let (tw, _) = top.dim_in_pixel();
    if let Some(title) = &o.title {
        let style = text_style(f.title, BLACK, Pos::new(HPos::Left, VPos::Top));
        top.draw(&Text::new(title.clone(), (0, 0), style))
            .map_err(err)?;
    }
    if a.simulated {
        let style = text_style(
            f.title,
            RGBColor(200, 0, 0),
            Pos::new(HPos::Right, VPos::Top),
        );
        top.draw(&Text::new("SIMULATED DATA", (tw as i32, 0), style))
            .map_err(err)?;
    }
    Ok(rest)
}

/// The (min, max) of `values`.
fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

/// Axes that show every configuration and every requirement target.
fn fit_axes(a: &Analysis, o: &FigureOptions) -> (Axis, Axis) {
    let points = a.models.iter().flat_map(|m| &m.points);
    let targets_ppl = a
        .verdicts
        .iter()
        .filter_map(|v| match v.requirement.metric {
            Metric::FlopsRatio { at_ppl } => Some(at_ppl),
            Metric::PplReductionPct { .. } => None,
        });
    let targets_flops = a
        .verdicts
        .iter()
        .filter_map(|v| match v.requirement.metric {
            Metric::PplReductionPct { at_flops } => Some(at_flops),
            Metric::FlopsRatio { .. } => None,
        });
    let (fmin, fmax) = bounds(points.clone().map(|p| p.flops).chain(targets_flops));
    let (pmin, pmax) = bounds(points.map(|p| p.ppl).chain(targets_ppl));
    (
        Axis::fit(fmin, fmax, o.x_scale),
        Axis::fit(pmin, pmax, o.y_scale),
    )
}

fn draw_plot(
    root: &Area,
    plot_area: &Area,
    a: &Analysis,
    o: &FigureOptions,
    styles: &[ModelStyle],
    f: &Fonts,
) -> Result<(), String> {
    let k = SCALE;
    let (x, y) = fit_axes(a, o);
    let (scale, prefix) = format::si_prefix(*x.ticks.last().unwrap_or(&x.hi));
    let (x_digits, y_digits) = (x.label_digits(scale), y.label_digits(1.0));
    let y_labels: Vec<String> = y.ticks.iter().map(|&v| format::sig(v, y_digits)).collect();
    let widest = y_labels
        .iter()
        .map(|l| measure(root, l, f.tick).0)
        .fold(0.0, f64::max);
    let mut chart = ChartBuilder::on(plot_area)
        .margin_top((f.tick * 0.6) as i32)
        .margin_right((f.tick * 1.2) as i32)
        .x_label_area_size((f.tick * 1.4 + f.label * 1.6) as i32)
        .y_label_area_size((widest + f.tick * 0.8 + f.label * 1.7) as i32)
        .build_cartesian_2d(TickedRange::of(&x), TickedRange::of(&y))
        .map_err(err)?;
    let x_label = |t: &f64| format::sig(x.inverse(*t) / scale, x_digits);
    let y_label = |t: &f64| format::sig(y.inverse(*t), y_digits);
    chart
        .configure_mesh()
        .x_labels(x.ticks.len())
        .y_labels(y.ticks.len())
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .bold_line_style(RGBColor(232, 232, 232).stroke_width(k as u32))
        .light_line_style(TRANSPARENT)
        .axis_style(BLACK.stroke_width((0.8 * k) as u32))
        .set_all_tick_mark_size((3.0 * k) as i32)
        .label_style((FONT_FAMILY, f.tick))
        .axis_desc_style((FONT_FAMILY, f.label))
        .x_desc(format!("FLOPs per token ({prefix}FLOPs)"))
        .y_desc("Perplexity (lower is better)")
        .draw()
        .map_err(err)?;

    let plot = Plot {
        chart: &chart,
        x: &x,
        y: &y,
    };
    let mut obstacles = Obstacles::default();
    for (c, b) in shading_pairs(a) {
        plot.shade(root, &a.models[c], &a.models[b], styles[c], a)?;
    }
    // Above the shading so it stays visible, below the data so it hides none.
    if a.simulated {
        plot.watermark(root, f)?;
    }
    for (m, style) in a.models.iter().zip(styles) {
        plot.model(root, m, *style, a, &mut obstacles)?;
    }
    let mut labels = Vec::new();
    for v in &a.verdicts {
        let cand = a
            .model(&v.requirement.candidate)
            .map(|m| styles[index_of(a, m)]);
        let base = a
            .model(&v.requirement.baseline)
            .map(|m| styles[index_of(a, m)]);
        if let (Some(cs), Some(bs)) = (cand, base) {
            labels.push(plot.target(root, v, cs, bs, &mut obstacles)?);
        }
    }
    let (px, py) = chart.plotting_area().get_pixel_range();
    let area = BBox {
        x0: f64::from(px.start),
        y0: f64::from(py.start),
        x1: f64::from(px.end),
        y1: f64::from(py.end),
    };
    for (anchor, text, colour) in labels {
        plot.annotate(root, anchor, &text, colour, &area, &mut obstacles, f)?;
    }
    Ok(())
}

fn index_of(a: &Analysis, m: &ModelAnalysis) -> usize {
    a.models
        .iter()
        .position(|x| std::ptr::eq(x, m))
        .unwrap_or(0)
}

/// (candidate, baseline) pairs whose dominance region is shaded: each requirement's pair;
/// with no requirements and exactly two models, both directions.
pub(super) fn shading_pairs(a: &Analysis) -> Vec<(usize, usize)> {
    let index = |name: &str| a.models.iter().position(|m| m.name == name);
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for v in &a.verdicts {
        if let (Some(c), Some(b)) = (
            index(&v.requirement.candidate),
            index(&v.requirement.baseline),
        ) && c != b
            && !pairs.contains(&(c, b))
        {
            pairs.push((c, b));
        }
    }
    if a.verdicts.is_empty() && a.models.len() == 2 {
        pairs = vec![(0, 1), (1, 0)];
    }
    pairs.retain(|&(c, b)| !dominance_runs(&a.models[c], &a.models[b], a).is_empty());
    pairs
}

/// Runs of (FLOPs, candidate PPL, baseline PPL) over the FLOPs both frontiers cover (from the
/// later first point to the last measured point) where the candidate reaches lower perplexity
/// within the same budget, sampled on a log grid fine enough for a smooth edge.
fn dominance_runs(c: &ModelAnalysis, b: &ModelAnalysis, a: &Analysis) -> Vec<Vec<(f64, f64, f64)>> {
    let (Some(c0), Some(b0)) = (c.frontier.first(), b.frontier.first()) else {
        return Vec::new();
    };
    let lo = c0.flops.max(b0.flops);
    let last = |m: &ModelAnalysis| m.frontier.last().map_or(lo, |p| p.flops);
    let hi = last(c).max(last(b));
    if hi <= lo {
        return Vec::new();
    }
    const SAMPLES: usize = 240;
    let mut runs: Vec<Vec<(f64, f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64, f64)> = Vec::new();
    for i in 0..=SAMPLES {
        let s = i as f64 / SAMPLES as f64;
        let flops = libm::exp(libm::log(lo) * (1.0 - s) + libm::log(hi) * s);
        let pc = ppl_at_budget(&c.frontier, flops, a.interpolation).map(|e| e.value);
        let pb = ppl_at_budget(&b.frontier, flops, a.interpolation).map(|e| e.value);
        match (pc, pb) {
            (Some(pc), Some(pb)) if pc < pb => current.push((flops, pc, pb)),
            _ => {
                if current.len() > 1 {
                    runs.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() > 1 {
        runs.push(current);
    }
    runs
}

struct Plot<'c, 'a, 'b> {
    chart: &'c Chart<'a, 'b>,
    x: &'c Axis,
    y: &'c Axis,
}

impl Plot<'_, '_, '_> {
    /// Canvas pixel of a data point.
    fn px(&self, flops: f64, ppl: f64) -> (i32, i32) {
        self.chart.backend_coord(&(self.x.t(flops), self.y.t(ppl)))
    }

    fn pxf(&self, flops: f64, ppl: f64) -> (f64, f64) {
        let (x, y) = self.px(flops, ppl);
        (f64::from(x), f64::from(y))
    }

    /// The frontier as the analysis reads it: straight in log FLOPs (sampled, so it is also
    /// right on a linear axis), or a staircase in step mode.
    fn frontier_path(&self, frontier: &[Point], a: &Analysis) -> Vec<(f64, f64)> {
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

    fn watermark(&self, root: &Area, f: &Fonts) -> Result<(), String> {
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
    fn shade(
        &self,
        root: &Area,
        c: &ModelAnalysis,
        b: &ModelAnalysis,
        style: ModelStyle,
        a: &Analysis,
    ) -> Result<(), String> {
        let fill = tint(style.colour, 0.16);
        for run in dominance_runs(c, b, a) {
            let mut polygon: Vec<(i32, i32)> =
                run.iter().map(|&(f, pc, _)| self.px(f, pc)).collect();
            polygon.extend(run.iter().rev().map(|&(f, _, pb)| self.px(f, pb)));
            root.draw(&Polygon::new(polygon, fill.filled()))
                .map_err(err)?;
        }
        Ok(())
    }

    fn model(
        &self,
        root: &Area,
        m: &ModelAnalysis,
        style: ModelStyle,
        a: &Analysis,
        obstacles: &mut Obstacles,
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
        for p in &m.points {
            let on_frontier = m.frontier.iter().any(|q| q.record == p.record);
            let at = self.px(p.flops, p.ppl);
            draw_marker(root, style, at, 2.1 * k, on_frontier)?;
            obstacles
                .boxes
                .push(BBox::around(self.pxf(p.flops, p.ppl), 2.6 * k));
        }
        Ok(())
    }

    /// Marks one requirement's readings and returns its annotation (anchor, text, colour).
    fn target(
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
        let approx = if v.interpolated { "≈" } else { "" };
        let (cand_at, base_at, edge, text) = match r.metric {
            Metric::FlopsRatio { at_ppl } => {
                let cand = v.candidate.value().map(|f| self.px(f, at_ppl));
                let base = v.baseline.value().map(|f| self.px(f, at_ppl));
                let y = self.px(self.x.lo, at_ppl).1;
                let text = match v.value {
                    Some(x) => format!(
                        "{}: {approx}{} fewer FLOPs at PPL {}",
                        r.id,
                        format::ratio(x),
                        format::sig(at_ppl, 4)
                    ),
                    None => format!("{}: {}", r.id, short_reason(v)),
                };
                (cand, base, ((px.start, y), (px.end, y)), text)
            }
            Metric::PplReductionPct { at_flops } => {
                let cand = v.candidate.value().map(|p| self.px(at_flops, p));
                let base = v.baseline.value().map(|p| self.px(at_flops, p));
                let x = self.px(at_flops, self.y.lo).0;
                let text = match v.value {
                    Some(x) => format!(
                        "{}: {approx}{} lower PPL at {}",
                        r.id,
                        format::percent(x),
                        format::flops(at_flops)
                    ),
                    None => format!("{}: {}", r.id, short_reason(v)),
                };
                (cand, base, ((x, py.end), (x, py.start)), text)
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
    fn annotate(
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

/// The reason without the model's best value, short enough for an annotation.
fn short_reason(v: &Verdict) -> String {
    let reason = v.baseline.reason.as_ref().or(v.candidate.reason.as_ref());
    let reason = reason.map_or("not reached", |r| r.as_str());
    reason.split(" (").next().unwrap_or(reason).to_string()
}

pub(crate) fn draw_marker(
    root: &Area,
    style: ModelStyle,
    at: (i32, i32),
    r: f64,
    filled: bool,
) -> Result<(), String> {
    let k = SCALE;
    let fill = if filled { style.colour } else { WHITE };
    let edge_colour = if filled { WHITE } else { style.colour };
    let edge = edge_colour.stroke_width((0.5 * k) as u32);
    match marker_polygon(style.marker, at, r) {
        None => {
            root.draw(&Circle::new(at, r as i32, fill.filled()))
                .map_err(err)?;
            root.draw(&Circle::new(at, r as i32, edge)).map_err(err)
        }
        Some(points) => {
            root.draw(&Polygon::new(points.clone(), fill.filled()))
                .map_err(err)?;
            let mut outline = points;
            outline.push(outline[0]);
            root.draw(&PathElement::new(outline, edge)).map_err(err)
        }
    }
}

pub(crate) fn draw_cross(
    root: &Area,
    (x, y): (i32, i32),
    r: f64,
    colour: RGBColor,
) -> Result<(), String> {
    let k = SCALE;
    let d = (r / std::f64::consts::SQRT_2) as i32;
    for (width, c) in [((2.6 * k) as u32, WHITE), ((1.4 * k) as u32, colour)] {
        for (a, b) in [
            ((x - d, y - d), (x + d, y + d)),
            ((x - d, y + d), (x + d, y - d)),
        ] {
            root.draw(&PathElement::new(vec![a, b], c.stroke_width(width)))
                .map_err(err)?;
        }
    }
    Ok(())
}
