//! Drawing primitives shared by the chart, the plot and the panel: the plotters drawing area,
//! font sizes, text measuring and styling, opaque tints, and the model and target markers.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::Pos;

use super::axes::TickedRange;
use super::fonts::FONT_FAMILY;
use super::style::{ModelStyle, SCALE, marker_polygon};

pub(super) type Chart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<TickedRange, TickedRange>>;

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
