//! EPS output: a small PostScript writer over the usvg tree. Text is drawn from usvg's
//! outlines, so no font is needed; colours are made opaque (blended onto white) because EPS
//! has no transparency. Produces level-2 EPS with a correct `%%BoundingBox`.

use std::fmt::Write;

use usvg::tiny_skia_path::{PathSegment, Point};
use usvg::{FillRule, LineCap, LineJoin, Node, Paint, Transform};

use crate::render::style::FigureSize;

struct Eps {
    out: String,
    /// Points per canvas pixel.
    scale: f32,
    height_pt: f32,
}

pub fn write(tree: &usvg::Tree, size: FigureSize, title: &str) -> String {
    let (w, h) = (size.width_pt as f32, size.height_pt as f32);
    let mut eps = Eps {
        out: String::new(),
        scale: w / tree.size().width(),
        height_pt: h,
    };
    let title: String = title.chars().filter(|c| !c.is_control()).collect();
    let _ = write!(
        eps.out,
        "%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 {} {}\n%%HiResBoundingBox: 0 0 {} {}\n\
         %%Title: {title}\n%%Creator: effgraph\n%%LanguageLevel: 2\n%%Pages: 1\n%%EndComments\n\
         %%Page: 1 1\nsave\n/m {{moveto}} bind def /l {{lineto}} bind def \
         /c {{curveto}} bind def /h {{closepath}} bind def\n",
        w.ceil() as u32,
        h.ceil() as u32,
        num(w),
        num(h)
    );
    eps.group(tree.root(), Transform::identity(), 1.0);
    eps.out.push_str("restore\nshowpage\n%%Trailer\n%%EOF\n");
    eps.out
}

fn num(v: f32) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// `c` at `opacity`, blended onto white.
fn opaque(c: usvg::Color, opacity: f32) -> String {
    let mix = |v: u8| 1.0 - (1.0 - f32::from(v) / 255.0) * opacity;
    format!(
        "{} {} {} setrgbcolor",
        num(mix(c.red)),
        num(mix(c.green)),
        num(mix(c.blue))
    )
}

impl Eps {
    /// Walks the tree composing transforms as resvg does: a text's flattened outlines carry
    /// no absolute transform of their own, so `abs_transform` cannot be trusted for them.
    fn group(&mut self, g: &usvg::Group, parent: Transform, opacity: f32) {
        let t = parent.pre_concat(g.transform());
        let opacity = opacity * g.opacity().get();
        for node in g.children() {
            match node {
                Node::Group(child) => self.group(child, t, opacity),
                Node::Path(path) if path.is_visible() => self.path(path, t, opacity),
                Node::Text(text) => self.group(text.flattened(), t, opacity),
                Node::Path(_) | Node::Image(_) => {}
            }
        }
    }

    fn point(&self, t: &Transform, p: Point) -> String {
        let mut p = p;
        t.map_point(&mut p);
        format!(
            "{} {}",
            num(p.x * self.scale),
            num(self.height_pt - p.y * self.scale)
        )
    }

    fn curve(&self, ops: &mut String, t: &Transform, c1: Point, c2: Point, p: Point) {
        let _ = write!(
            ops,
            "{} {} {} c ",
            self.point(t, c1),
            self.point(t, c2),
            self.point(t, p)
        );
    }

    fn path(&mut self, path: &usvg::Path, t: Transform, opacity: f32) {
        let mut ops = String::new();
        let mut last = Point::zero();
        for segment in path.data().segments() {
            match segment {
                PathSegment::MoveTo(p) => {
                    let _ = write!(ops, "{} m ", self.point(&t, p));
                    last = p;
                }
                PathSegment::LineTo(p) => {
                    let _ = write!(ops, "{} l ", self.point(&t, p));
                    last = p;
                }
                PathSegment::QuadTo(q, p) => {
                    // A quadratic Bézier is the cubic with controls 2/3 of the way to q.
                    let toward_q = |a: Point| {
                        Point::from_xy(a.x + (q.x - a.x) * 2.0 / 3.0, a.y + (q.y - a.y) * 2.0 / 3.0)
                    };
                    self.curve(&mut ops, &t, toward_q(last), toward_q(p), p);
                    last = p;
                }
                PathSegment::CubicTo(c1, c2, p) => {
                    self.curve(&mut ops, &t, c1, c2, p);
                    last = p;
                }
                PathSegment::Close => ops.push_str("h "),
            }
        }
        if let Some(fill) = path.fill()
            && let Paint::Color(c) = fill.paint()
        {
            let op = if fill.rule() == FillRule::EvenOdd {
                "eofill"
            } else {
                "fill"
            };
            let colour = opaque(*c, opacity * fill.opacity().get());
            let _ = writeln!(self.out, "newpath {ops}{colour} {op}");
        }
        if let Some(stroke) = path.stroke()
            && let Paint::Color(c) = stroke.paint()
        {
            let unit = (t.sx * t.sy - t.kx * t.ky).abs().sqrt() * self.scale;
            let width = stroke.width().get() * unit;
            let cap = match stroke.linecap() {
                LineCap::Butt => 0,
                LineCap::Round => 1,
                LineCap::Square => 2,
            };
            let join = match stroke.linejoin() {
                LineJoin::Miter | LineJoin::MiterClip => 0,
                LineJoin::Round => 1,
                LineJoin::Bevel => 2,
            };
            let dash = match stroke.dasharray() {
                Some(d) => {
                    let parts: Vec<String> = d.iter().map(|v| num(v * unit)).collect();
                    format!(
                        "[{}] {} setdash",
                        parts.join(" "),
                        num(stroke.dashoffset() * unit)
                    )
                }
                None => "[] 0 setdash".to_string(),
            };
            let colour = opaque(*c, opacity * stroke.opacity().get());
            let _ = writeln!(
                self.out,
                "newpath {ops}{colour} {} setlinewidth {cap} setlinecap {join} setlinejoin {} setmiterlimit {dash} stroke",
                num(width),
                num(stroke.miterlimit().get())
            );
        }
    }
}
