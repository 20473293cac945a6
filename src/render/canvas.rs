//! Drawing primitives on a [`Scene`] shared by the layout, the plot and the legend: text set
//! at an anchor (returning the box it covers, for collision checks), model markers, the
//! requirement marks (star, cross, not-reached triangle) and numbered badges.

use std::sync::Arc;

use super::fonts::{Family, shape};
use super::placement::BBox;
use super::scene::{Anchor, Paint, Path, Scene, Stroke, Text};
use super::style::{ModelStyle, marker_polygon, star_polygon};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Start,
    Middle,
    End,
}

/// Where a text's box sits relative to its anchor point, vertically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VAlign {
    /// The anchor is the top of the box.
    Top,
    /// The anchor is the middle of the box.
    Middle,
}

/// How text is set: family, size, colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Font {
    pub family: Family,
    pub size: f64,
    pub paint: Paint,
}

impl Font {
    pub(crate) fn width(&self, text: &str) -> f64 {
        shape(text, self.family).width * self.size
    }

    /// Height of a line's box: ascent plus descent.
    pub(crate) fn height(&self) -> f64 {
        (self.family.ascent() + self.family.descent()) * self.size
    }

    /// Baseline-to-baseline distance of lines set in this font.
    pub(crate) fn line(&self) -> f64 {
        self.height() * 1.18
    }

    /// The box `text` covers when set at `at` with this alignment (text not rotated).
    pub(crate) fn bbox(&self, text: &str, at: (f64, f64), align: Align, valign: VAlign) -> BBox {
        let w = self.width(text);
        let asc = self.family.ascent() * self.size;
        let x0 = match align {
            Align::Start => at.0,
            Align::Middle => at.0 - w / 2.0,
            Align::End => at.0 - w,
        };
        let baseline = match valign {
            VAlign::Top => at.1 + asc,
            VAlign::Middle => at.1 + asc - self.height() / 2.0,
        };
        BBox {
            x0,
            y0: baseline - asc,
            x1: x0 + w,
            y1: baseline - asc + self.height(),
        }
    }
}

/// Sets `text` at `at`; returns the box it covers.
pub(crate) fn text(
    scene: &mut Scene,
    text: &str,
    font: Font,
    at: (f64, f64),
    align: Align,
    valign: VAlign,
) -> BBox {
    let b = font.bbox(text, at, align, valign);
    if !text.is_empty() {
        scene.text(Text {
            shaped: Arc::new(shape(text, font.family)),
            x: b.x0,
            y: b.y0 + font.family.ascent() * font.size,
            size: font.size,
            paint: font.paint,
            upright: false,
            math: false,
            anchor: match align {
                Align::Start => Anchor::Start,
                Align::Middle => Anchor::Middle,
                Align::End => Anchor::End,
            },
        });
    }
    b
}

/// Sets `text` reading upwards, centred on `centre`; returns the box it covers.
pub(crate) fn upright_text(scene: &mut Scene, text: &str, font: Font, centre: (f64, f64)) -> BBox {
    let w = font.width(text);
    let asc = font.family.ascent() * font.size;
    let h = font.height();
    // The baseline runs upwards at x = left edge + ascent.
    let x0 = centre.0 - h / 2.0;
    scene.text(Text {
        shaped: Arc::new(shape(text, font.family)),
        x: x0 + asc,
        y: centre.1 + w / 2.0,
        size: font.size,
        paint: font.paint,
        upright: true,
        math: false,
        anchor: Anchor::Middle,
    });
    BBox {
        x0,
        y0: centre.1 - w / 2.0,
        x1: x0 + h,
        y1: centre.1 + w / 2.0,
    }
}

/// A model's marker of radius `r` at `at`: filled with the model's colour at `tint`, with a
/// thin paper-coloured edge when `edge` (so touching markers stay apart).
pub(crate) fn marker(
    scene: &mut Scene,
    style: ModelStyle,
    at: (f64, f64),
    r: f64,
    tint: f32,
    edge: bool,
) {
    let path = match marker_polygon(style.marker, at, r) {
        None => Path::circle(at.0, at.1, r),
        Some(points) => Path::polygon(&points),
    };
    let stroke = edge.then(|| Stroke::solid(Paint::Paper, 0.5));
    scene.shape(path, Some(Paint::Data(style.colour, tint)), stroke);
}

/// The candidate's reading at a requirement target: a star.
pub(crate) fn star(scene: &mut Scene, at: (f64, f64), r: f64, paint: Paint) {
    scene.shape(
        Path::polygon(&star_polygon(at, r)),
        Some(paint),
        Some(Stroke::solid(Paint::Ink(0.85), 0.45)),
    );
}

/// The baseline's reading at a requirement target: a cross on a paper halo.
pub(crate) fn cross(scene: &mut Scene, (x, y): (f64, f64), r: f64, paint: Paint) {
    let d = r / std::f64::consts::SQRT_2;
    let mut path = Path::default();
    path.move_to(x - d, y - d).line_to(x + d, y + d);
    path.move_to(x - d, y + d).line_to(x + d, y - d);
    scene.stroke(path.clone(), Stroke::solid(Paint::Paper, 2.4));
    scene.stroke(path, Stroke::solid(paint, 1.3));
}

/// A target a model never reaches: an open triangle at the plot's edge pointing past it
/// (`right`: towards more FLOPs; otherwise upwards, towards higher perplexity).
pub(crate) fn not_reached(
    scene: &mut Scene,
    (x, y): (f64, f64),
    r: f64,
    paint: Paint,
    right: bool,
) {
    let points = if right {
        vec![(x + r, y), (x - r * 0.8, y - r), (x - r * 0.8, y + r)]
    } else {
        vec![(x, y - r), (x - r, y + r * 0.8), (x + r, y + r * 0.8)]
    };
    scene.shape(
        Path::polygon(&points),
        Some(Paint::Paper),
        Some(Stroke::solid(paint, 1.1)),
    );
}

/// A numbered badge keyed to the list of notes below the plot; the number is drawn as shapes
/// (it is a mark, the note beside the list carries the text).
pub(crate) fn badge(scene: &mut Scene, number: usize, centre: (f64, f64), font: Font) -> BBox {
    let label = number.to_string();
    let r = font.size * 0.62 + 0.15 * font.width(&label);
    scene.shape(
        Path::circle(centre.0, centre.1, r),
        Some(Paint::Paper),
        Some(Stroke::solid(font.paint, 0.6)),
    );
    let shaped = shape(&label, font.family);
    let w = shaped.width * font.size;
    let cap = 0.72 * font.size;
    let t = Text {
        shaped: Arc::new(shaped),
        x: centre.0 - w / 2.0,
        y: centre.1 + cap / 2.0,
        size: font.size,
        paint: font.paint,
        upright: false,
        math: false,
        anchor: Anchor::Middle,
    };
    scene.fill(super::output::text_outline(&t), font.paint);
    BBox::around(centre, r)
}
