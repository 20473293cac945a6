//! The chart itself: axes (log FLOPs when the data span more than a decade), each model's
//! configurations joined in FLOPs order, its frontier dashed, requirement targets marked, a
//! legend and, for simulated data, a visible "SIMULATED DATA" mark.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::combinators::LogCoord;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::FONT_FAMILY;
use crate::analysis::{Analysis, Point};
use crate::format;
use crate::requirements::Metric;
use crate::results::ResultSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum XScale {
    /// Log when max/min FLOPs exceeds 10.
    #[default]
    Auto,
    Linear,
    Log,
}

#[derive(Debug, Clone, Default)]
pub struct ChartOptions {
    pub title: Option<String>,
    pub x_scale: XScale,
}

const WIDTH: u32 = 1200;
const HEIGHT: u32 = 800;

/// Okabe–Ito: distinguishable with the common colour-vision deficiencies. The first two are
/// the old script's blue (candidate) and red (baseline).
const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(204, 121, 167),
    RGBColor(0, 0, 0),
];

pub fn colour(model_index: usize) -> RGBColor {
    PALETTE[model_index % PALETTE.len()]
}

pub(super) fn draw_svg(
    a: &Analysis,
    results: &ResultSet,
    o: &ChartOptions,
) -> Result<String, String> {
    let _ = results;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let all: Vec<&Point> = a.models.iter().flat_map(|m| &m.points).collect();
        let (fmin, fmax) = bounds(all.iter().map(|p| p.flops));
        let (pmin, pmax) = bounds(all.iter().map(|p| p.ppl));
        let log = match o.x_scale {
            XScale::Auto => fmax / fmin > 10.0,
            XScale::Log => true,
            XScale::Linear => false,
        };
        let y = pad(pmin, pmax, 0.08);
        if log {
            let x = (fmin / 1.25)..(fmax * 1.25);
            let x: LogCoord<f64> = x.log_scale().into();
            draw(&root, x, y, a, o)?;
        } else {
            let x = pad(fmin, fmax, 0.06);
            let x: RangedCoordf64 = x.clamp_start().into();
            draw(&root, x, y, a, o)?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

trait ClampStart {
    fn clamp_start(self) -> Range<f64>;
}

impl ClampStart for Range<f64> {
    /// FLOPs are positive; a padded linear axis must not start below zero.
    fn clamp_start(self) -> Range<f64> {
        self.start.max(0.0)..self.end
    }
}

fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

fn pad(lo: f64, hi: f64, fraction: f64) -> Range<f64> {
    let span = if hi > lo {
        hi - lo
    } else {
        lo.abs().max(1.0) * 0.1
    };
    (lo - span * fraction)..(hi + span * fraction)
}

fn draw<X>(
    root: &DrawingArea<SVGBackend, Shift>,
    x: X,
    y: Range<f64>,
    a: &Analysis,
    o: &ChartOptions,
) -> Result<(), String>
where
    X: Ranged<ValueType = f64> + plotters::coord::ranged1d::ValueFormatter<f64>,
{
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let (scale, prefix) = format::si_prefix(x.range().end);
    let mut title = o
        .title
        .clone()
        .unwrap_or_else(|| "Perplexity vs FLOPs per token".into());
    if a.simulated {
        title.push_str(" — SIMULATED DATA");
    }
    let mut chart = ChartBuilder::on(root)
        .caption(title, (FONT_FAMILY, 30))
        .margin(20)
        .x_label_area_size(60)
        .y_label_area_size(80)
        .build_cartesian_2d(x, y)
        .map_err(|e| err(&e))?;
    let x_desc = format!("FLOPs per token ({prefix}FLOPs)");
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc("Perplexity")
        .label_style((FONT_FAMILY, 18))
        .axis_desc_style((FONT_FAMILY, 22))
        .x_label_formatter(&|v| format::sig(v / scale, 3))
        .y_label_formatter(&|v| format::sig(*v, 3))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(|e| err(&e))?;

    for (i, m) in a.models.iter().enumerate() {
        let c = colour(i);
        let xy = |p: &Point| (p.flops, p.ppl);
        chart
            .draw_series(LineSeries::new(m.points.iter().map(xy), c.stroke_width(2)))
            .map_err(|e| err(&e))?
            .label(m.name.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], c.stroke_width(2)));
        chart
            .draw_series(m.points.iter().map(|p| Circle::new(xy(p), 5, c.filled())))
            .map_err(|e| err(&e))?;
        chart
            .draw_series(DashedLineSeries::new(
                m.frontier.iter().map(xy),
                10,
                6,
                c.mix(0.7).stroke_width(3),
            ))
            .map_err(|e| err(&e))?
            .label(format!("{} Pareto frontier", m.name))
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 24, y)], c.mix(0.7).stroke_width(3))
            });
    }
    for v in &a.verdicts {
        let Metric::FlopsRatio { at_ppl } = v.requirement.metric else {
            continue;
        };
        if let Some(f) = v.candidate.value() {
            let shape = TriangleMarker::new((f, at_ppl), 12, BLACK.filled());
            chart
                .draw_series(std::iter::once(shape))
                .map_err(|e| err(&e))?;
        }
        if let Some(f) = v.baseline.value() {
            let shape = Cross::new((f, at_ppl), 10, BLACK.stroke_width(3));
            chart
                .draw_series(std::iter::once(shape))
                .map_err(|e| err(&e))?;
        }
    }
    chart
        .configure_series_labels()
        .label_font((FONT_FAMILY, 18))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.4))
        .position(SeriesLabelPosition::UpperRight)
        .draw()
        .map_err(|e| err(&e))?;
    Ok(())
}
