//! The figure's layout, in points at the size it is printed: the title (wrapped, never cut),
//! the plot with its axes, the legend (inside the plot where the data leave a free corner,
//! else beside or below it in columns, or as direct labels at the line ends), requirement
//! labels placed where they cover nothing (or numbered marks keyed to notes below), in a type
//! scale that never shrinks. When content does not fit, the figure grows taller; its width is
//! always the size asked for.

use super::axes::{Axis, ScaleChoice};
use super::canvas::{self, Align, Font, VAlign};
use super::fonts::Family;
use super::legend::{Entry, Legend, Sample};
use super::placement::{BBox, Obstacles, place, place_with_leader};
use super::plot::{self, Annotation, Frame, Marks};
use super::scene::{Paint, Path, Rgb, Scene, Stroke};
use super::shading::{Shading, shadings};
use super::style::{FigureSize, FontSize, ModelStyle, TypeScale};
use crate::analysis::Analysis;
use crate::error::Invalid;
use crate::requirements::Target;

/// Where the legend goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum LegendMode {
    /// Inside the plot when a corner is free of data, else outside.
    #[default]
    Inside,
    /// Beside the plot (wide figures) or below it, in columns.
    Outside,
    /// Model names at the end of their lines; the other marks are explained in the caption.
    Direct,
    None,
}

impl std::str::FromStr for LegendMode {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        match s {
            "inside" => Ok(LegendMode::Inside),
            "outside" => Ok(LegendMode::Outside),
            "direct" => Ok(LegendMode::Direct),
            "none" => Ok(LegendMode::None),
            other => Err(Invalid(format!(
                "unknown legend `{other}` (expected inside, outside, direct or none)"
            ))),
        }
    }
}

crate::deserialize_from_str!(LegendMode);

#[derive(Debug, Clone)]
pub struct FigureOptions {
    pub size: FigureSize,
    pub title: Option<String>,
    pub x_scale: ScaleChoice,
    pub y_scale: ScaleChoice,
    pub font: Family,
    pub font_size: FontSize,
    pub legend: LegendMode,
    /// Each model's style, in the analysis' model order (empty: automatic, in that order).
    pub styles: Vec<ModelStyle>,
    /// The perplexity axis' label (from the data when records name their metric).
    pub y_label: Option<String>,
}

impl Default for FigureOptions {
    fn default() -> Self {
        FigureOptions {
            size: FigureSize::FULL,
            title: None,
            x_scale: ScaleChoice::Auto,
            y_scale: ScaleChoice::Auto,
            font: Family::Sans,
            font_size: FontSize::default(),
            legend: LegendMode::Inside,
            styles: Vec::new(),
            y_label: None,
        }
    }
}

const MARGIN: f64 = 4.0;
const TICK: f64 = 2.5;
/// The plot is never drawn less tall than this (the figure grows instead).
const MIN_PLOT_HEIGHT: f64 = 100.0;

/// Everything outside the plot that the layout measures before placing it.
struct Outer {
    top: f64,
    left: f64,
    right: f64,
    bottom: f64,
}

/// Where the legend goes: a free corner inside, else beside or below.
enum Place {
    Inside((f64, f64), super::legend::Laid),
    Right(super::legend::Laid),
    Below(super::legend::Laid),
    Direct,
    Hidden,
}

/// The figure laid out: every size, place and text measured, nothing drawn yet.
struct Layout<'a> {
    a: &'a Analysis,
    o: &'a FigureOptions,
    ts: TypeScale,
    styles: Vec<ModelStyle>,
    /// Each model's frontier line width (a requirement's candidate is drawn bolder).
    weights: Vec<f64>,
    shaded: Vec<Shading>,
    title_lines: Vec<String>,
    x_labels: Vec<String>,
    y_labels: Vec<String>,
    x_scale: f64,
    x_title: String,
    y_title: String,
    legend: Legend,
    placed: Place,
    frame: Frame,
    width: f64,
    height: f64,
}

pub(crate) fn draw(a: &Analysis, o: &FigureOptions) -> Scene {
    let layout = Layout::new(a, o);
    let mut scene = Scene::new(layout.width, layout.height);
    let mut obstacles = Obstacles::default();
    layout.title(&mut scene, &mut obstacles);
    let curves = layout.data(&mut scene, &mut obstacles);
    let annotations = layout.targets(&mut scene, &mut obstacles);
    layout.axes(&mut scene, &mut obstacles);
    layout.legend(&mut scene, &curves, &mut obstacles);
    layout.labels(&mut scene, &annotations, &mut obstacles);
    scene.mark_written_by_user(&layout.user_texts());
    scene
}

impl<'a> Layout<'a> {
    /// The texts the user wrote: the title and the axis labels they gave.
    fn user_texts(&self) -> Vec<&str> {
        let mut texts: Vec<&str> = Vec::new();
        if self.o.title.is_some() {
            texts.extend(self.title_lines.iter().map(String::as_str));
        }
        if self.a.axes.x.label.is_some() {
            texts.push(&self.x_title);
        }
        if self.o.y_label.is_some() {
            texts.push(&self.y_title);
        }
        texts
    }

    fn new(a: &'a Analysis, o: &'a FigureOptions) -> Layout<'a> {
        let ts = TypeScale::new(o.font_size.0);
        let styles: Vec<ModelStyle> = if o.styles.len() == a.models.len() {
            o.styles.clone()
        } else {
            (0..a.models.len()).map(ModelStyle::slot).collect()
        };
        let candidates: Vec<usize> = a
            .verdicts
            .iter()
            .filter_map(|v| a.model_index(&v.requirement.candidate))
            .collect();
        let weights = (0..a.models.len())
            .map(|i| if candidates.contains(&i) { 2.1 } else { 1.3 })
            .collect();
        let width = o.size.width_pt;
        let mut layout = Layout {
            a,
            o,
            ts,
            styles,
            weights,
            shaded: shadings(a),
            title_lines: Vec::new(),
            x_labels: Vec::new(),
            y_labels: Vec::new(),
            x_scale: 1.0,
            x_title: String::new(),
            y_title: String::new(),
            legend: Legend {
                entries: Vec::new(),
                font: Layout::ink_of(o, ts.legend),
            },
            placed: Place::Hidden,
            frame: Frame {
                area: BBox::at((0.0, 0.0), (0.0, 0.0)),
                x: Axis::fit(1.0, 10.0, o.x_scale, 4),
                y: Axis::fit(1.0, 10.0, o.y_scale, 4),
            },
            width,
            height: o.size.height_pt,
        };
        let outer = layout.measure();
        layout.legend.entries =
            legend_entries(a, &layout.styles, &layout.shaded, &|i| layout.weights[i]);
        layout.place_legend(&outer);
        layout
    }

    /// Type of `size` in the figure's face, in ink.
    fn ink_of(o: &FigureOptions, size: f64) -> Font {
        Font {
            family: o.font,
            size,
            paint: Paint::Ink(1.0),
        }
    }

    fn ink(&self, size: f64) -> Font {
        Layout::ink_of(self.o, size)
    }

    fn weight(&self, i: usize) -> f64 {
        self.weights[i]
    }

    /// The title lines, axes and their labels; what surrounds the plot.
    fn measure(&mut self) -> Outer {
        let (a, o, ts) = (self.a, self.o, self.ts);
        // Title lines, and the SIMULATED DATA tag.
        let title_font = self.ink(ts.title);
        let wrapped = o
            .title
            .as_deref()
            .map(|t| super::fonts::wrap(t, o.font, ts.title, self.width - 2.0 * MARGIN));
        self.title_lines = wrapped.unwrap_or_default();
        if a.simulated {
            self.title_lines
                .push("SIMULATED DATA: generated, not measured".into());
        }
        let title_h = self.title_lines.len() as f64 * title_font.line();
        let top = MARGIN + title_h + if title_h > 0.0 { 3.0 } else { 0.0 };
        let (x_axis, y_axis) = fit_axes(a, o);
        // Tick labels in the axis' table unit (`GFLOPs`, `B params`), named after the title.
        let (x_scale, x_unit) = if x_axis.powers_of_ten() {
            (1.0, String::new())
        } else {
            a.axes
                .x
                .table_unit(*x_axis.ticks.last().unwrap_or(&x_axis.hi))
        };
        self.x_scale = x_scale;
        self.x_labels = x_axis.labels(x_scale);
        self.y_labels = y_axis.labels(1.0);
        let (tick_font, label_font) = (self.ink(ts.tick), self.ink(ts.label));
        self.x_title = if x_unit.is_empty() || a.axes.x.label.is_some() {
            a.axes.x.title()
        } else {
            format!("{} ({x_unit})", a.axes.x.title())
        };
        self.y_title = o.y_label.clone().unwrap_or_else(|| a.axes.y_title());
        let widest_y = (self.y_labels.iter())
            .map(|l| tick_font.width(l))
            .fold(0.0, f64::max);
        let last_x = self.x_labels.last().map_or(0.0, |l| tick_font.width(l));
        self.frame.x = x_axis;
        self.frame.y = y_axis;
        Outer {
            top,
            left: MARGIN + label_font.height() + 3.0 + widest_y + TICK + 2.0,
            right: MARGIN + (last_x / 2.0).max(2.0),
            bottom: TICK + 2.0 + tick_font.height() + 3.0 + label_font.height() + MARGIN,
        }
    }

    /// The plot's rectangle with room kept to its right and below, in a figure `height` tall.
    fn plot_area(&self, outer: &Outer, reserved: (f64, f64), height: f64) -> BBox {
        BBox {
            x0: outer.left,
            y0: outer.top,
            x1: self.width - outer.right - reserved.0,
            y1: height - outer.bottom - reserved.1,
        }
    }

    /// Where the legend goes, and so where the plot is and how tall the figure.
    fn place_legend(&mut self, outer: &Outer) {
        let o = self.o;
        if o.legend == LegendMode::Inside || o.legend == LegendMode::Direct {
            let tall = self.height.max(outer.top + outer.bottom + MIN_PLOT_HEIGHT);
            self.frame.area = self.plot_area(outer, (0.0, 0.0), tall);
            if o.legend == LegendMode::Direct {
                self.placed = Place::Direct;
            } else if let Some(corner) = self.free_corner() {
                self.placed = corner;
            }
        }
        if matches!(self.placed, Place::Hidden) && o.legend != LegendMode::None {
            let fitted = if o.size.is_wide() {
                self.legend
                    .fit(self.width * 0.3, f64::INFINITY)
                    .map(Place::Right)
            } else {
                let room = self.width - 2.0 * MARGIN;
                self.legend.fit(room, f64::INFINITY).map(Place::Below)
            };
            self.placed = fitted.unwrap_or(Place::Hidden);
        }
        let reserved = match &self.placed {
            Place::Right(laid) => (laid.size.0 + 6.0, 0.0),
            Place::Below(laid) => (0.0, laid.size.1 + 4.0),
            _ => (0.0, 0.0),
        };
        // A legend below makes the figure taller rather than the plot flatter.
        let natural = o.size.height_pt - outer.top - outer.bottom;
        let min_plot = MIN_PLOT_HEIGHT.max(0.75 * natural);
        self.height = self
            .height
            .max(outer.top + outer.bottom + reserved.1 + min_plot);
        self.frame.area = self.plot_area(outer, reserved, self.height);
    }

    /// The legend in a corner of the plot the data leave free, if one is.
    fn free_corner(&self) -> Option<Place> {
        let area = self.frame.area;
        let weight = |i: usize| self.weights[i];
        let data = data_obstacles(self.a, &self.frame, &self.styles, &weight, &self.shaded);
        let laid = self.legend.fit(area.width() * 0.55, area.height() * 0.8)?;
        let (w, h) = laid.size;
        let inset = 3.0;
        let corners = [
            (area.x1 - w - inset, area.y0 + inset),
            (area.x0 + inset, area.y0 + inset),
            (area.x1 - w - inset, area.y1 - h - inset),
            (area.x0 + inset, area.y1 - h - inset),
        ];
        let corner = corners
            .iter()
            .find(|&&c| data.collisions(&BBox::at(c, (w, h)).grown(1.5)) == 0)?;
        Some(Place::Inside(*corner, laid))
    }

    /// The title lines, the last one the SIMULATED DATA tag in red when the data are.
    fn title(&self, scene: &mut Scene, obstacles: &mut Obstacles) {
        let title_font = self.ink(self.ts.title);
        let mut y = MARGIN;
        for (i, line) in self.title_lines.iter().enumerate() {
            let simulated_tag = self.a.simulated && i == self.title_lines.len() - 1;
            let font = if simulated_tag {
                Font {
                    paint: Paint::Data(Rgb(200, 0, 0), 1.0),
                    ..title_font
                }
            } else {
                title_font
            };
            let at = (MARGIN, y);
            let b = canvas::text(scene, line, font, at, Align::Start, VAlign::Top);
            obstacles.texts.push(b);
            y += title_font.line();
        }
    }

    /// The grid, shading, watermark, frontiers, the parts' curves, error bars and markers;
    /// returns each frontier's page points.
    fn data(&self, scene: &mut Scene, obstacles: &mut Obstacles) -> Vec<Vec<(f64, f64)>> {
        let (a, frame, styles) = (self.a, &self.frame, &self.styles);
        frame.grid(scene);
        for s in &self.shaded {
            plot::shade(scene, frame, s, styles[s.candidate]);
        }
        plot::part_bands(scene, frame, a, styles);
        if a.simulated {
            plot::watermark(scene, frame, self.o.font);
        }
        let curves = (a.models.iter().enumerate())
            .map(|(i, m)| {
                let weight = self.weight(i);
                plot::frontier(
                    scene,
                    frame,
                    m,
                    styles[i],
                    weight,
                    a.interpolation,
                    obstacles,
                )
            })
            .collect();
        plot::part_curves(scene, frame, a, styles, obstacles);
        for (i, m) in a.models.iter().enumerate() {
            plot::error_bars(scene, frame, m, a, styles[i], obstacles);
            plot::configurations(scene, frame, m, styles[i], obstacles);
        }
        curves
    }

    /// Each requirement's marks at its target; returns their labels, to be placed last.
    fn targets(&self, scene: &mut Scene, obstacles: &mut Obstacles) -> Vec<Annotation> {
        let (a, styles) = (self.a, &self.styles);
        let mut marks = Marks::default();
        let mut annotations = Vec::new();
        for v in &a.verdicts {
            let cand = a.model_index(&v.requirement.candidate).map(|i| styles[i]);
            let base = a.model_index(&v.requirement.baseline).map(|i| styles[i]);
            if let (Some(cs), Some(bs)) = (cand, base) {
                let on = (v, &a.axes);
                let ann = plot::target(scene, &self.frame, on, (cs, bs), &mut marks, obstacles);
                annotations.push(ann);
            }
        }
        annotations
    }

    fn axes(&self, scene: &mut Scene, obstacles: &mut Obstacles) {
        axes(
            scene,
            &self.frame,
            (&self.x_labels, &self.y_labels),
            (self.ink(self.ts.tick), self.ink(self.ts.label)),
            (&self.x_title, &self.y_title),
            obstacles,
            self.x_scale,
        );
    }

    fn legend(&self, scene: &mut Scene, curves: &[Vec<(f64, f64)>], obstacles: &mut Obstacles) {
        let origin = match &self.placed {
            Place::Inside(corner, laid) => Some((*corner, laid)),
            Place::Right(laid) => {
                let at = (self.width - MARGIN - laid.size.0, self.frame.area.y0);
                Some((at, laid))
            }
            Place::Below(laid) => Some(((MARGIN, self.height - MARGIN - laid.size.1), laid)),
            Place::Direct => {
                let font = self.ink(self.ts.legend);
                let area = &self.frame.area;
                direct_labels(scene, self.a, &self.styles, curves, font, area, obstacles);
                None
            }
            Place::Hidden => None,
        };
        if let Some((at, laid)) = origin {
            let (b, texts) = self.legend.draw(scene, laid, at);
            obstacles.marks.push(b);
            obstacles.texts.extend(texts);
        }
    }

    /// Requirement labels: beside their marks when free, else numbered notes below.
    fn labels(&self, scene: &mut Scene, annotations: &[Annotation], obstacles: &mut Obstacles) {
        let note_font = self.ink(self.ts.note);
        let mut notes: Vec<(usize, String)> = Vec::new();
        for ann in annotations {
            // A label wider than half the plot is set on two lines.
            let width = self.frame.area.width() * 0.45;
            let lines = super::fonts::wrap(&ann.text, self.o.font, note_font.size, width);
            match self.label_spot(ann, &lines, note_font, obstacles) {
                Some((b, leader)) => {
                    if let Some((from, to)) = leader {
                        scene.stroke(Path::polyline(&[from, to]), Stroke::solid(ann.paint, 0.5));
                        obstacles.segments.push((from, to));
                    }
                    for t in plot::label(scene, ann, &lines, b, note_font) {
                        obstacles.texts.push(t);
                    }
                    obstacles.texts.push(b);
                }
                None => {
                    let number = notes.len() + 1;
                    let spots = [(6.0, -6.0), (-6.0, -6.0), (6.0, 6.0), (-6.0, 6.0)];
                    let centre = spots
                        .iter()
                        .map(|(dx, dy)| (ann.anchor.0 + dx, ann.anchor.1 + dy))
                        .find(|&c| obstacles.clear_of_text(&BBox::around(c, 5.0)))
                        .unwrap_or((ann.anchor.0 + 6.0, ann.anchor.1 - 6.0));
                    let b = canvas::badge(scene, number, centre, note_font);
                    obstacles.marks.push(b);
                    notes.push((number, ann.text.clone()));
                }
            }
        }
        if !notes.is_empty() {
            notes_below(scene, &notes, note_font);
        }
    }

    /// Where a label of `lines` goes: beside its mark, or apart from it with a leader line
    /// (returned), or nowhere in the plot.
    fn label_spot(
        &self,
        ann: &Annotation,
        lines: &[String],
        font: Font,
        obstacles: &Obstacles,
    ) -> Option<(BBox, Option<Leader>)> {
        let (pad, area) = (1.5, self.frame.area);
        let text_w = lines.iter().map(|l| font.width(l)).fold(0.0, f64::max);
        let size = (
            text_w + 2.0 * pad,
            font.height() + (lines.len() - 1) as f64 * font.line() + 2.0 * pad,
        );
        let inner = area.grown(-1.0);
        place(ann.anchor, size, 3.0, &inner, obstacles)
            .map(|b| {
                // A label set apart from its mark keeps a leader line to it.
                let near = (
                    ann.anchor.0.clamp(b.x0, b.x1),
                    ann.anchor.1.clamp(b.y0, b.y1),
                );
                let far = (near.0 - ann.anchor.0).hypot(near.1 - ann.anchor.1) > 8.0;
                (b, far.then_some((ann.anchor, near)))
            })
            .or_else(|| {
                // A leader longer than this is harder to follow than a numbered note.
                let max_leader = 0.18 * (area.width() + area.height());
                place_with_leader(ann.anchor, size, 4.0, max_leader, &inner, obstacles)
                    .map(|(b, l)| (b, Some(l)))
            })
    }
}

/// A line from a mark to its label.
type Leader = ((f64, f64), (f64, f64));

/// Axes that show every configuration, every requirement target and the parts' curves (a
/// fit's extrapolation included).
fn fit_axes(a: &Analysis, o: &FigureOptions) -> (Axis, Axis) {
    let curves: Vec<(f64, f64)> = (a.parts.iter())
        .flat_map(|(_, outcome)| outcome.curves())
        .flat_map(|c| c.points)
        .filter(|&(x, y)| x > 0.0 && y > 0.0 && x.is_finite() && y.is_finite())
        .collect();
    let points = a.models.iter().flat_map(|m| &m.points);
    let targets = a.verdicts.iter().map(|v| v.requirement.metric.target());
    let targets_ppl = targets.clone().filter_map(Target::y);
    let targets_flops = targets.filter_map(Target::x);
    let bounds = |values: &mut dyn Iterator<Item = f64>| {
        values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        })
    };
    let curve_x = curves.iter().map(|c| c.0);
    let curve_y = curves.iter().map(|c| c.1);
    let (fmin, fmax) = bounds(
        &mut points
            .clone()
            .map(|p| p.x)
            .chain(targets_flops)
            .chain(curve_x),
    );
    let (pmin, pmax) = bounds(&mut points.map(|p| p.y).chain(targets_ppl).chain(curve_y));
    // About one labelled tick per inch of axis.
    let x_ticks = ((o.size.width_pt / 72.0).round() as usize).clamp(4, 8);
    let y_ticks = ((o.size.height_pt / 60.0).round() as usize).clamp(4, 7);
    (
        Axis::fit(fmin, fmax, o.x_scale, x_ticks),
        Axis::fit(pmin, pmax, o.y_scale, y_ticks),
    )
}

/// What plotted data covers, for choosing a free corner for the legend.
fn data_obstacles(
    a: &Analysis,
    frame: &Frame,
    styles: &[ModelStyle],
    weight: &dyn Fn(usize) -> f64,
    shaded: &[Shading],
) -> Obstacles {
    let mut scene = Scene::new(0.0, 0.0);
    let mut obstacles = Obstacles::default();
    for s in shaded {
        for run in &s.runs {
            for &(f, pc, pb) in run {
                let (x, y0) = frame.px(f, pc);
                let y1 = frame.px(f, pb).1;
                obstacles.segments.push(((x, y0), (x, y1)));
            }
        }
    }
    for (i, m) in a.models.iter().enumerate() {
        plot::frontier(
            &mut scene,
            frame,
            m,
            styles[i],
            weight(i),
            a.interpolation,
            &mut obstacles,
        );
        plot::error_bars(&mut scene, frame, m, a, styles[i], &mut obstacles);
        plot::configurations(&mut scene, frame, m, styles[i], &mut obstacles);
    }
    plot::part_curves(&mut scene, frame, a, styles, &mut obstacles);
    let mut marks = Marks::default();
    for v in &a.verdicts {
        let (Some(c), Some(b)) = (
            a.model_index(&v.requirement.candidate),
            a.model_index(&v.requirement.baseline),
        ) else {
            continue;
        };
        let ann = plot::target(
            &mut scene,
            frame,
            (v, &a.axes),
            (styles[c], styles[b]),
            &mut marks,
            &mut obstacles,
        );
        // Keep room for the label next to its mark too.
        obstacles.marks.push(BBox::around(ann.anchor, 12.0));
    }
    obstacles
}

fn legend_entries(
    a: &Analysis,
    styles: &[ModelStyle],
    shaded: &[Shading],
    weight: &dyn Fn(usize) -> f64,
) -> Vec<Entry> {
    let mut entries: Vec<Entry> = a
        .models
        .iter()
        .enumerate()
        .map(|(i, m)| Entry {
            sample: Sample::Model {
                style: styles[i],
                weight: weight(i),
            },
            label: m.name.clone(),
        })
        .collect();
    entries.push(Entry {
        sample: Sample::FrontierPoint,
        label: "frontier configuration".into(),
    });
    if a.models.iter().any(|m| m.frontier.len() < m.points.len()) {
        entries.push(Entry {
            sample: Sample::Dominated,
            label: "dominated configuration".into(),
        });
    }
    let style_of = |name: &str| a.model_index(name).map(|i| styles[i].colour);
    if let Some(c) = a
        .verdicts
        .iter()
        .find(|v| v.candidate.value().is_some())
        .and_then(|v| style_of(&v.requirement.candidate))
    {
        entries.push(Entry {
            sample: Sample::Star(c),
            label: "candidate at target".into(),
        });
    }
    if let Some(c) = a
        .verdicts
        .iter()
        .find(|v| v.baseline.value().is_some())
        .and_then(|v| style_of(&v.requirement.baseline))
    {
        entries.push(Entry {
            sample: Sample::Cross(c),
            label: "baseline at target".into(),
        });
    }
    if a.verdicts
        .iter()
        .any(|v| v.candidate.value().is_none() || v.baseline.value().is_none())
    {
        entries.push(Entry {
            sample: Sample::NotReached,
            label: "target not reached".into(),
        });
    }
    entries.extend(shading_entries(a, styles, shaded));
    let curves = a.parts.iter().filter(|(_, o)| !o.curves().is_empty());
    entries.extend(curves.filter_map(|(_, o)| o.legend()).map(|label| Entry {
        sample: Sample::Curve,
        label,
    }));
    entries
}

/// One legend entry per distinct shading swatch, naming every pair it stands for.
fn shading_entries(a: &Analysis, styles: &[ModelStyle], shaded: &[Shading]) -> Vec<Entry> {
    let mut swatches: Vec<(Rgb, usize, Vec<&str>)> = Vec::new();
    for s in shaded {
        let colour = styles[s.candidate].colour;
        let base = a.models[s.baseline].name.as_str();
        match swatches
            .iter_mut()
            .find(|(c, cand, _)| *c == colour && *cand == s.candidate)
        {
            Some((_, _, bases)) => bases.push(base),
            None => swatches.push((colour, s.candidate, vec![base])),
        }
    }
    let entry = |(colour, cand, bases): (Rgb, usize, Vec<&str>)| Entry {
        sample: Sample::Patch(colour),
        label: format!("{} better than {}", a.models[cand].name, bases.join(", ")),
    };
    swatches.into_iter().map(entry).collect()
}

#[allow(clippy::too_many_arguments)]
fn axes(
    scene: &mut Scene,
    frame: &Frame,
    (x_labels, y_labels): (&[String], &[String]),
    (tick_font, label_font): (Font, Font),
    (x_title, y_title): (&str, &str),
    obstacles: &mut Obstacles,
    _x_scale: f64,
) {
    let a = frame.area;
    let axis = Stroke::solid(Paint::Ink(0.85), 0.6);
    scene.stroke(Path::rect(a.x0, a.y0, a.x1, a.y1), axis.clone());
    // x ticks and labels, thinned when they would touch.
    let mut last_end = f64::NEG_INFINITY;
    for (t, label) in frame.x.ticks.iter().zip(x_labels) {
        let x = frame.px(*t, frame.y.lo).0;
        scene.stroke(Path::polyline(&[(x, a.y1), (x, a.y1 + TICK)]), axis.clone());
        let b = tick_font.bbox(label, (x, a.y1 + TICK + 1.5), Align::Middle, VAlign::Top);
        if b.x0 > last_end + 2.0 {
            canvas::text(
                scene,
                label,
                tick_font,
                (x, a.y1 + TICK + 1.5),
                Align::Middle,
                VAlign::Top,
            );
            obstacles.texts.push(b);
            last_end = b.x1;
        }
    }
    for (t, label) in frame.y.ticks.iter().zip(y_labels) {
        let y = frame.px(frame.x.lo, *t).1;
        scene.stroke(Path::polyline(&[(a.x0 - TICK, y), (a.x0, y)]), axis.clone());
        let b = canvas::text(
            scene,
            label,
            tick_font,
            (a.x0 - TICK - 1.5, y),
            Align::End,
            VAlign::Middle,
        );
        obstacles.texts.push(b);
    }
    let x_title_y = a.y1 + TICK + 1.5 + tick_font.height() + 2.5;
    let b = canvas::text(
        scene,
        x_title,
        label_font,
        ((a.x0 + a.x1) / 2.0, x_title_y),
        Align::Middle,
        VAlign::Top,
    );
    obstacles.texts.push(b);
    let centre = (MARGIN + label_font.height() / 2.0, (a.y0 + a.y1) / 2.0);
    let b = canvas::upright_text(scene, y_title, label_font, centre);
    obstacles.texts.push(b);
}

/// Model names at the end of their frontier lines.
fn direct_labels(
    scene: &mut Scene,
    a: &Analysis,
    styles: &[ModelStyle],
    curves: &[Vec<(f64, f64)>],
    font: Font,
    area: &BBox,
    obstacles: &mut Obstacles,
) {
    for (i, m) in a.models.iter().enumerate() {
        let Some(&end) = curves[i].last() else {
            continue;
        };
        let size = (font.width(&m.name), font.height());
        let coloured = Font {
            paint: Paint::Data(styles[i].colour, 1.0),
            ..font
        };
        let b = place(end, size, 2.5, area, obstacles)
            .unwrap_or_else(|| BBox::at((end.0 + 3.0, end.1 - size.1 / 2.0), size));
        let t = canvas::text(
            scene,
            &m.name,
            coloured,
            (b.x0, b.y0),
            Align::Start,
            VAlign::Top,
        );
        obstacles.texts.push(t);
    }
}

/// The numbered notes of requirements whose labels found no free place, below the figure
/// (which grows to hold them).
fn notes_below(scene: &mut Scene, notes: &[(usize, String)], font: Font) {
    let indent = font.size * 1.6 + 3.0;
    let max = scene.width - 2.0 * MARGIN - indent;
    let mut y = scene.height - MARGIN + 2.0;
    for (number, text) in notes {
        let lines = super::fonts::wrap(text, font.family, font.size, max);
        let centre = (MARGIN + font.size * 0.8, y + font.height() / 2.0);
        canvas::badge(scene, *number, centre, font);
        for line in lines {
            canvas::text(
                scene,
                &line,
                font,
                (MARGIN + indent, y),
                Align::Start,
                VAlign::Top,
            );
            y += font.line();
        }
        y += 1.0;
    }
    scene.height = y + MARGIN;
}
