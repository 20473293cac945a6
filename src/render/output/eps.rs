//! EPS output: a small level-2 PostScript writer over the scene. Text is drawn from the
//! embedded fonts' outlines, so no font is needed; colours are opaque (EPS has no
//! transparency, and the scene uses none). `%%BoundingBox` is the page.

use std::fmt::Write;

use super::outline::text_path;
use crate::render::scene::{Item, Paint, Path, Scene, Seg, Theme};

fn num(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

struct Eps {
    out: String,
    height: f64,
}

impl Eps {
    /// PostScript's y grows upwards from the bottom of the page.
    fn point(&self, x: f64, y: f64) -> String {
        format!("{} {}", num(x), num(self.height - y))
    }

    fn path(&mut self, p: &Path) {
        self.out.push_str("newpath");
        for seg in &p.segs {
            let part = match *seg {
                Seg::Move(x, y) => format!(" {} m", self.point(x, y)),
                Seg::Line(x, y) => format!(" {} l", self.point(x, y)),
                Seg::Cubic(a, b, c, d, x, y) => format!(
                    " {} {} {} c",
                    self.point(a, b),
                    self.point(c, d),
                    self.point(x, y)
                ),
                Seg::Close => " h".to_string(),
            };
            self.out.push_str(&part);
        }
        self.out.push('\n');
    }

    fn colour(&mut self, paint: Paint) {
        let c = paint.resolve(Theme::Light);
        let f = |v: u8| num(f64::from(v) / 255.0);
        let _ = writeln!(self.out, "{} {} {} setrgbcolor", f(c.0), f(c.1), f(c.2));
    }
}

pub(crate) fn write(scene: &Scene) -> String {
    let (w, h) = (scene.width, scene.height);
    let title: String = scene.title.chars().filter(|c| !c.is_control()).collect();
    let mut eps = Eps {
        out: String::new(),
        height: h,
    };
    let _ = write!(
        eps.out,
        "%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 {} {}\n%%HiResBoundingBox: 0 0 {} {}\n\
         %%Title: {title}\n%%Creator: effgraph\n%%LanguageLevel: 2\n%%Pages: 1\n%%EndComments\n\
         %%Page: 1 1\nsave\n/m {{moveto}} bind def /l {{lineto}} bind def \
         /c {{curveto}} bind def /h {{closepath}} bind def\n1 setlinejoin\n",
        w.ceil() as u32,
        h.ceil() as u32,
        num(w),
        num(h)
    );
    eps.colour(Paint::Paper);
    let page = Path::rect(0.0, 0.0, w, h);
    eps.path(&page);
    eps.out.push_str("fill\n");
    for item in &scene.items {
        match item {
            Item::Shape { path, fill, stroke } => {
                if let Some(f) = fill {
                    eps.colour(*f);
                    eps.path(path);
                    eps.out.push_str("fill\n");
                }
                if let Some(s) = stroke {
                    eps.colour(s.paint);
                    let dash: Vec<String> = s.dash.iter().map(|&d| num(d)).collect();
                    let _ = writeln!(
                        eps.out,
                        "{} setlinewidth [{}] 0 setdash",
                        num(s.width),
                        dash.join(" ")
                    );
                    eps.path(path);
                    eps.out.push_str("stroke\n");
                }
            }
            Item::Text(text) => {
                eps.colour(text.paint);
                eps.path(&text_path(text));
                eps.out.push_str("fill\n");
            }
        }
    }
    eps.out.push_str("restore\nshowpage\n%%Trailer\n%%EOF\n");
    eps.out
}
