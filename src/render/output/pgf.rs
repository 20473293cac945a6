//! PGF output, for LaTeX: the figure as PGF commands the paper `\input`s, so every word is a
//! `\pgftext` node typeset by the paper itself, in its own face and size (and, in the labels a
//! user wrote, its own math). Coordinates are computed here (no logarithm is left to TeX),
//! written with two decimals in PostScript points and kept well inside TeX's ±16383 pt; every
//! line ends in `%` so no stray space reaches the page. A dense cloud of markers (a model with
//! 1000 or more configurations, drawn as one path of many squares) would cost TeX thousands of path commands: it becomes a PNG
//! beside the file, placed by the same coordinates. Needs only `\usepackage{pgf}`, and says
//! so when it is missing.

use crate::error::EncodeError;
use crate::render::scene::{Anchor, Item, Paint, Path, Scene, Seg, Text, Theme};

/// A path with at least this many shapes is a dense cloud, drawn as an image: the plot draws
/// a model's dominated configurations as one such path when it has 1000 or more, one square
/// per occupied cell, so even a tight cloud has hundreds.
pub(crate) const DENSE: usize = 100;

/// The resolution of a dense cloud's image.
const CLOUD_DPI: u32 = 300;

/// The written figure: the PGF text and the images it places, each as (file name, bytes).
pub(crate) struct Pgf {
    pub text: String,
    pub images: Vec<(String, Vec<u8>)>,
}

/// A number in PostScript points, deterministic and inside TeX's limits.
fn num(v: f64) -> String {
    super::svg::num(if v.is_finite() {
        v.clamp(-8000.0, 8000.0)
    } else {
        0.0
    })
}

struct Writer<'a> {
    out: String,
    scene: &'a Scene,
}

impl Writer<'_> {
    /// PGF's y grows upwards from the bottom of the picture.
    fn point(&self, x: f64, y: f64) -> String {
        format!(
            "\\pgfqpoint{{{}bp}}{{{}bp}}",
            num(x),
            num(self.scene.height - y)
        )
    }

    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push_str("%\n");
    }

    fn path(&mut self, path: &Path) {
        for seg in &path.segs {
            let command = match *seg {
                Seg::Move(x, y) => format!("\\pgfpathmoveto{{{}}}", self.point(x, y)),
                Seg::Line(x, y) => format!("\\pgfpathlineto{{{}}}", self.point(x, y)),
                Seg::Cubic(a, b, c, d, x, y) => format!(
                    "\\pgfpathcurveto{{{}}}{{{}}}{{{}}}",
                    self.point(a, b),
                    self.point(c, d),
                    self.point(x, y)
                ),
                Seg::Close => "\\pgfpathclose".to_string(),
            };
            self.line(&command);
        }
    }

    fn shape(
        &mut self,
        path: &Path,
        fill: Option<Paint>,
        stroke: Option<&crate::render::scene::Stroke>,
    ) {
        self.line("\\begin{pgfscope}");
        if let Some(paint) = fill {
            let c = paint.resolve(Theme::Light);
            self.line(&format!(
                "\\pgfsys@color@rgb@fill{{{}}}{{{}}}{{{}}}",
                unit(c.0),
                unit(c.1),
                unit(c.2)
            ));
        }
        if let Some(s) = stroke {
            let c = s.paint.resolve(Theme::Light);
            self.line(&format!(
                "\\pgfsys@color@rgb@stroke{{{}}}{{{}}}{{{}}}",
                unit(c.0),
                unit(c.1),
                unit(c.2)
            ));
            self.line(&format!("\\pgfsetlinewidth{{{}bp}}", num(s.width)));
            if !s.dash.is_empty() {
                let dash: String = s
                    .dash
                    .iter()
                    .map(|d| format!("{{{}bp}}", num(*d)))
                    .collect();
                self.line(&format!("\\pgfsetdash{{{dash}}}{{0bp}}"));
            }
        }
        self.path(path);
        let usage = match (fill.is_some(), stroke.is_some()) {
            (true, true) => "fill,stroke",
            (true, false) => "fill",
            _ => "stroke",
        };
        self.line(&format!("\\pgfusepath{{{usage}}}"));
        self.line("\\end{pgfscope}");
    }

    /// A line of the figure, anchored at the point of its baseline the layout placed (its
    /// start, middle or end), so the paper's face, whose width differs a little from the face
    /// the layout measured, stays where the layout put it.
    fn text(&mut self, text: &Text) {
        let width = text.shaped.width * text.size;
        let (along, side) = match text.anchor {
            Anchor::Start => (0.0, ",left"),
            Anchor::Middle => (width / 2.0, ""),
            Anchor::End => (width, ",right"),
        };
        let (x, y) = if text.upright {
            (text.x, text.y - along)
        } else {
            (text.x + along, text.y)
        };
        let rotate = if text.upright { ",rotate=90" } else { "" };
        let c = text.paint.resolve(Theme::Light);
        let size = text.size * 72.27 / 72.0;
        let body = if text.math {
            crate::report::templates::tex_with_math(&text.shaped.text)
        } else {
            crate::report::templates::escape_tex(&text.shaped.text)
        };
        self.line(&format!(
            "\\pgftext[x={}bp,y={}bp,base{side}{rotate}]{{\\fontsize{{{}}}{{{}}}\\selectfont\\color[RGB]{{{},{},{}}}{body}}}",
            num(x),
            num(self.scene.height - y),
            num(size),
            num(size * 1.2),
            c.0,
            c.1,
            c.2
        ));
    }
}

fn unit(v: u8) -> String {
    let s = format!("{:.3}", f64::from(v) / 255.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() { "0".into() } else { s.into() }
}

/// A scene of just `path` filled with `paint`, cropped to the path's bounds (plus a point
/// around them), and where its bottom-left corner sits on the page: the image TeX includes is
/// no larger than the cloud.
fn cropped(path: &Path, paint: Paint) -> (Scene, (f64, f64)) {
    let points = path.segs.iter().filter_map(|s| match *s {
        Seg::Move(x, y) | Seg::Line(x, y) => Some((x, y)),
        _ => None,
    });
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for (x, y) in points {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    let (x0, y0) = ((x0 - 1.0).floor(), (y0 - 1.0).floor());
    let (x1, y1) = ((x1 + 1.0).ceil(), (y1 + 1.0).ceil());
    let segs = path.segs.iter().map(|s| match *s {
        Seg::Move(x, y) => Seg::Move(x - x0, y - y0),
        Seg::Line(x, y) => Seg::Line(x - x0, y - y0),
        other => other,
    });
    let mut layer = Scene::new(x1 - x0, y1 - y0);
    layer.fill(
        Path {
            segs: segs.collect(),
        },
        paint,
    );
    (layer, (x0, y1))
}

/// Shapes in a path: its subpaths.
fn shapes(path: &Path) -> usize {
    path.segs
        .iter()
        .filter(|s| matches!(s, Seg::Move(..)))
        .count()
}

/// The scene as PGF; images are named `stem-N.png` and placed as `folder/stem-N.png`.
pub(crate) fn write(scene: &Scene, folder: &str, stem: &str) -> Result<Pgf, EncodeError> {
    let mut w = Writer {
        out: String::with_capacity(64 * 1024),
        scene,
    };
    let title: String = scene.title.chars().filter(|c| !c.is_control()).collect();
    w.line(&format!("% effgraph figure: {title}"));
    w.line("% \\input this file in a LaTeX document that loads pgf (\\usepackage{pgf})");
    w.line("\\ifdefined\\pgfpicture\\else\\errmessage{effgraph: a format=pgf figure needs \\string\\usepackage{pgf} in the preamble}\\expandafter\\endinput\\fi");
    w.line("\\begingroup\\makeatletter");
    w.line("\\begin{pgfpicture}");
    w.line(&format!(
        "\\pgfpathrectangle{{\\pgfpointorigin}}{{\\pgfqpoint{{{}bp}}{{{}bp}}}}",
        num(scene.width),
        num(scene.height)
    ));
    w.line("\\pgfusepath{use as bounding box}");
    w.line("\\pgfsetroundjoin");
    let mut images = Vec::new();
    for item in &scene.items {
        match item {
            Item::Shape {
                path,
                fill: Some(fill),
                stroke: None,
            } if shapes(path) >= DENSE => {
                let name = format!("{stem}-{}.png", images.len() + 1);
                let (layer, (x0, y1)) = cropped(path, *fill);
                images.push((name.clone(), super::png::write_layer(&layer, CLOUD_DPI)?));
                w.line(&format!(
                    "\\pgftext[left,bottom,at={}]{{\\pgfimage[width={}bp,height={}bp]{{{folder}{name}}}}}",
                    w.point(x0, y1),
                    num(layer.width),
                    num(layer.height)
                ));
            }
            Item::Shape { path, fill, stroke } => w.shape(path, *fill, stroke.as_ref()),
            Item::Text(text) => w.text(text),
        }
    }
    w.line("\\end{pgfpicture}");
    w.line("\\endgroup");
    Ok(Pgf {
        text: w.out,
        images,
    })
}
