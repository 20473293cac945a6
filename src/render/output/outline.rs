//! Glyph outlines: the shape of each glyph a figure uses, from the embedded fonts, in em units
//! with y up; and texts turned into page paths, for the formats that draw text as shapes
//! (PNG, EPS; SVG places shared outlines with `<use>`).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use crate::render::fonts::FaceId;
use crate::render::scene::{Path, Seg, Text};

/// Builds an outline in em units (y up), quadratic curves raised to cubic.
struct Builder {
    segs: Vec<Seg>,
    units: f64,
    last: (f64, f64),
}

impl ttf_parser::OutlineBuilder for Builder {
    fn move_to(&mut self, x: f32, y: f32) {
        let p = (f64::from(x) / self.units, f64::from(y) / self.units);
        self.segs.push(Seg::Move(p.0, p.1));
        self.last = p;
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let p = (f64::from(x) / self.units, f64::from(y) / self.units);
        self.segs.push(Seg::Line(p.0, p.1));
        self.last = p;
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (u, q) = (self.units, self.last);
        let c = (f64::from(x1) / u, f64::from(y1) / u);
        let p = (f64::from(x) / u, f64::from(y) / u);
        self.segs.push(Seg::Cubic(
            q.0 + 2.0 / 3.0 * (c.0 - q.0),
            q.1 + 2.0 / 3.0 * (c.1 - q.1),
            p.0 + 2.0 / 3.0 * (c.0 - p.0),
            p.1 + 2.0 / 3.0 * (c.1 - p.1),
            p.0,
            p.1,
        ));
        self.last = p;
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let u = self.units;
        let p = (f64::from(x) / u, f64::from(y) / u);
        self.segs.push(Seg::Cubic(
            f64::from(x1) / u,
            f64::from(y1) / u,
            f64::from(x2) / u,
            f64::from(y2) / u,
            p.0,
            p.1,
        ));
        self.last = p;
    }
    fn close(&mut self) {
        self.segs.push(Seg::Close);
    }
}

/// The outline of glyph `id` of `face` in em units, y up (empty for a space).
pub(crate) fn glyph(face: FaceId, id: u16) -> std::sync::Arc<Vec<Seg>> {
    type Cache = Mutex<HashMap<(FaceId, u16), std::sync::Arc<Vec<Seg>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    cache
        .entry((face, id))
        .or_insert_with(|| {
            let mut b = Builder {
                segs: Vec::new(),
                units: face.units(),
                last: (0.0, 0.0),
            };
            face.face().outline_glyph(ttf_parser::GlyphId(id), &mut b);
            std::sync::Arc::new(b.segs)
        })
        .clone()
}

/// Where each glyph of `text` starts, as (face, glyph id, pen position in em).
pub(crate) fn placed(text: &Text) -> Vec<(FaceId, u16, f64)> {
    let mut pen = 0.0;
    let mut out = Vec::new();
    for run in &text.shaped.runs {
        for g in &run.glyphs {
            out.push((run.face, g.id, pen));
            pen += g.advance;
        }
    }
    out
}

/// Page coordinates of a point `(u, v)` of `text` (u along the baseline, v up, in em).
pub(crate) fn to_page(text: &Text, u: f64, v: f64) -> (f64, f64) {
    let (u, v) = (u * text.size, v * text.size);
    if text.upright {
        (text.x - v, text.y - u)
    } else {
        (text.x + u, text.y - v)
    }
}

/// The whole text as one path in page coordinates.
pub(crate) fn text_path(text: &Text) -> Path {
    let mut path = Path::default();
    for (face, id, pen) in placed(text) {
        for seg in glyph(face, id).iter() {
            let p = |u: f64, v: f64| to_page(text, pen + u, v);
            path.segs.push(match *seg {
                Seg::Move(u, v) => {
                    let (x, y) = p(u, v);
                    Seg::Move(x, y)
                }
                Seg::Line(u, v) => {
                    let (x, y) = p(u, v);
                    Seg::Line(x, y)
                }
                Seg::Cubic(a, b, c, d, u, v) => {
                    let (a, b) = p(a, b);
                    let (c, d) = p(c, d);
                    let (x, y) = p(u, v);
                    Seg::Cubic(a, b, c, d, x, y)
                }
                Seg::Close => Seg::Close,
            });
        }
    }
    path
}
