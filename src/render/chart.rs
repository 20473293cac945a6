//! The efficiency chart's layout, drawn with plotters on an SVG canvas: the title band (with
//! the SIMULATED DATA mark), the plot area with its axes and grid, and the side panel (legend
//! and metrics box, outside the data). What goes on the plot is drawn by [`super::plot`].

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{Axis, ScaleChoice, TickedRange};
use super::canvas::{Area, Fonts, err, measure, text_style};
use super::fonts::FONT_FAMILY;
use super::panel::{self, Panel};
use super::placement::{BBox, Obstacles};
use super::plot::Plot;
use super::shading::{Shading, shadings};
use super::style::{FigureSize, ModelStyle, SCALE, model_styles};
use crate::analysis::Analysis;
use crate::format;
use crate::requirements::Target;

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

/// Models in styling order: each requirement's candidate, then its baseline, then the rest.
fn style_order(a: &Analysis) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::new();
    let named = a.verdicts.iter().flat_map(|v| {
        [
            a.model_index(&v.requirement.candidate),
            a.model_index(&v.requirement.baseline),
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
    // Computed once: the plot shades these regions and the legend names them.
    let shaded = shadings(a);
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
        draw_plot(&root, &plot_area, a, o, &styles, &shaded, &fonts)?;
        let panel = Panel::new(a, &styles, &shaded);
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
    let targets = a.verdicts.iter().map(|v| v.requirement.metric.target());
    let targets_ppl = targets.clone().filter_map(Target::ppl);
    let targets_flops = targets.filter_map(Target::flops);
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
    shaded: &[Shading],
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
    for shading in shaded {
        plot.shade(root, shading, styles[shading.candidate])?;
    }
    // Above the shading so it stays visible, below the data so it hides none.
    if a.simulated {
        plot.watermark(root, f)?;
    }
    let cell = plot.marker_cell(a);
    for (m, style) in a.models.iter().zip(styles) {
        plot.model(root, m, *style, a, &mut obstacles, cell)?;
    }
    let mut labels = Vec::new();
    for v in &a.verdicts {
        let cand = a.model_index(&v.requirement.candidate).map(|i| styles[i]);
        let base = a.model_index(&v.requirement.baseline).map(|i| styles[i]);
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
