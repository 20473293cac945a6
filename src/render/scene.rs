//! The figure as a list of things to draw: shapes and laid-out text, in points, with y
//! growing down from the top-left corner of the page. The layout builds one [`Scene`]; each
//! output format writes the same scene, so SVG, PDF, PNG and EPS show the same figure.
//!
//! Colours say what they are for ([`Paint`]): ink and paper (text, axes, grid, label boxes)
//! or data colours. A writer resolves them for a [`Theme`], so one scene can be shown on a
//! white page or in a dark reading theme.

use std::sync::Arc;

use super::fonts::Shaped;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub(crate) const WHITE: Rgb = Rgb(255, 255, 255);
    pub(crate) const BLACK: Rgb = Rgb(0, 0, 0);

    /// `amount` of the way from `self` to `to`.
    pub(crate) fn mix(self, to: Rgb, amount: f32) -> Rgb {
        let m =
            |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * amount).round() as u8;
        Rgb(m(self.0, to.0), m(self.1, to.1), m(self.2, to.2))
    }

    pub(crate) fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG relative luminance, 0 (black) to 1 (white).
    pub(crate) fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }

    /// WCAG contrast ratio with `other`, 1 to 21.
    pub(crate) fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// A colour by role.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Paint {
    /// The page's text colour at this strength (1 for text, about 0.1 for a faint grid).
    Ink(f32),
    /// The page's background (label boxes, halos that keep text readable over data).
    Paper,
    /// A data colour, `tint` of the way from the paper to it (1 for the full colour).
    Data(Rgb, f32),
}

/// The page a figure is shown on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Theme {
    /// White paper, black ink: print, PDF, PNG, standalone SVG.
    #[default]
    Light,
    /// Dark page, light ink, for dark reading themes.
    Dark,
}

impl Theme {
    pub(crate) fn paper(self) -> Rgb {
        match self {
            Theme::Light => Rgb::WHITE,
            Theme::Dark => Rgb(0x1f, 0x22, 0x26),
        }
    }

    pub(crate) fn ink(self) -> Rgb {
        match self {
            Theme::Light => Rgb::BLACK,
            Theme::Dark => Rgb(0xe8, 0xe8, 0xe8),
        }
    }
}

impl Paint {
    /// The opaque colour this paint is on `theme` (EPS has no transparency, so none is used).
    pub(crate) fn resolve(self, theme: Theme) -> Rgb {
        match self {
            Paint::Ink(strength) => theme.paper().mix(theme.ink(), strength),
            Paint::Paper => theme.paper(),
            Paint::Data(c, tint) => {
                // On a dark page a data colour is lifted a little so that it keeps its contrast;
                // one that would still be hard to see there (the palette's black) becomes the
                // page's ink, as black is the ink of a white page.
                let c = match theme {
                    Theme::Light => c,
                    Theme::Dark => match c.mix(Rgb::WHITE, 0.18) {
                        lifted if lifted.contrast(theme.paper()) >= 3.0 => lifted,
                        _ => theme.ink(),
                    },
                };
                theme.paper().mix(c, tint)
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Seg {
    Move(f64, f64),
    Line(f64, f64),
    Cubic(f64, f64, f64, f64, f64, f64),
    Close,
}

/// A path in points.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Path {
    pub segs: Vec<Seg>,
}

/// What a [`Path`] is traced into: the path builder of an output format, in single precision.
pub(crate) trait PathSink {
    fn move_to(&mut self, x: f32, y: f32);
    fn line_to(&mut self, x: f32, y: f32);
    fn cubic_to(&mut self, points: [f32; 6]);
    fn close(&mut self);
}

/// Implements [`PathSink`] for a path builder whose methods have the sink's names (krilla's
/// and tiny-skia's do).
macro_rules! path_sink {
    ($builder:ty) => {
        impl $crate::render::scene::PathSink for $builder {
            fn move_to(&mut self, x: f32, y: f32) {
                <$builder>::move_to(self, x, y);
            }
            fn line_to(&mut self, x: f32, y: f32) {
                <$builder>::line_to(self, x, y);
            }
            fn cubic_to(&mut self, [a, b, c, d, x, y]: [f32; 6]) {
                <$builder>::cubic_to(self, a, b, c, d, x, y);
            }
            fn close(&mut self) {
                <$builder>::close(self);
            }
        }
    };
}

pub(crate) use path_sink;

/// Circle approximated by four cubic arcs.
const KAPPA: f64 = 0.552_284_749_8;

impl Path {
    /// Each segment, in order, into `sink`.
    pub(crate) fn trace(&self, sink: &mut impl PathSink) {
        for seg in &self.segs {
            match *seg {
                Seg::Move(x, y) => sink.move_to(x as f32, y as f32),
                Seg::Line(x, y) => sink.line_to(x as f32, y as f32),
                Seg::Cubic(a, b, c, d, x, y) => {
                    sink.cubic_to([a, b, c, d, x, y].map(|v| v as f32));
                }
                Seg::Close => sink.close(),
            }
        }
    }

    pub(crate) fn move_to(&mut self, x: f64, y: f64) -> &mut Self {
        self.segs.push(Seg::Move(x, y));
        self
    }

    pub(crate) fn line_to(&mut self, x: f64, y: f64) -> &mut Self {
        self.segs.push(Seg::Line(x, y));
        self
    }

    pub(crate) fn close(&mut self) -> &mut Self {
        self.segs.push(Seg::Close);
        self
    }

    /// An open line through `points`.
    pub(crate) fn polyline(points: &[(f64, f64)]) -> Path {
        let mut p = Path::default();
        for (i, &(x, y)) in points.iter().enumerate() {
            if i == 0 {
                p.move_to(x, y);
            } else {
                p.line_to(x, y);
            }
        }
        p
    }

    /// Which of `points` to keep so that none left out lies more than `tolerance` from the
    /// line through its kept neighbours (Ramer–Douglas–Peucker): a curve sampled densely
    /// where it is straight on the page (a power law on log axes) keeps only its corners. End
    /// points are always kept.
    pub(crate) fn kept(points: &[(f64, f64)], tolerance: f64) -> Vec<bool> {
        if points.len() < 3 {
            return vec![true; points.len()];
        }
        let mut keep = vec![false; points.len()];
        let (first, last) = (0, points.len() - 1);
        keep[first] = true;
        keep[last] = true;
        let mut spans = vec![(first, last)];
        while let Some((a, b)) = spans.pop() {
            let (p, q) = (points[a], points[b]);
            let (dx, dy) = (q.0 - p.0, q.1 - p.1);
            let length = dx.hypot(dy);
            let distance = |r: (f64, f64)| {
                if length == 0.0 {
                    (r.0 - p.0).hypot(r.1 - p.1)
                } else {
                    ((r.0 - p.0) * dy - (r.1 - p.1) * dx).abs() / length
                }
            };
            let farthest = (a + 1..b)
                .map(|i| (i, distance(points[i])))
                .max_by(|x, y| x.1.total_cmp(&y.1));
            if let Some((i, d)) = farthest
                && d > tolerance
            {
                keep[i] = true;
                spans.push((a, i));
                spans.push((i, b));
            }
        }
        keep
    }

    /// A closed polygon through `points`.
    pub(crate) fn polygon(points: &[(f64, f64)]) -> Path {
        let mut p = Path::polyline(points);
        p.close();
        p
    }

    pub(crate) fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Path {
        Path::polygon(&[(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
    }

    /// Adds a circle of radius `r` around `(x, y)` as a closed subpath.
    pub(crate) fn add_circle(&mut self, x: f64, y: f64, r: f64) -> &mut Self {
        let k = r * KAPPA;
        self.segs.extend([
            Seg::Move(x + r, y),
            Seg::Cubic(x + r, y + k, x + k, y + r, x, y + r),
            Seg::Cubic(x - k, y + r, x - r, y + k, x - r, y),
            Seg::Cubic(x - r, y - k, x - k, y - r, x, y - r),
            Seg::Cubic(x + k, y - r, x + r, y - k, x + r, y),
            Seg::Close,
        ]);
        self
    }

    pub(crate) fn circle(x: f64, y: f64, r: f64) -> Path {
        let mut p = Path::default();
        p.add_circle(x, y, r);
        p
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stroke {
    pub paint: Paint,
    /// Width in points.
    pub width: f64,
    /// Dash pattern (on, off, …) in points; empty for a solid line.
    pub dash: Vec<f64>,
}

impl Stroke {
    pub(crate) fn solid(paint: Paint, width: f64) -> Stroke {
        Stroke {
            paint,
            width,
            dash: Vec::new(),
        }
    }
}

/// Text set on a baseline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Text {
    pub shaped: Arc<Shaped>,
    /// Start of the baseline, in points.
    pub x: f64,
    pub y: f64,
    /// Font size in points.
    pub size: f64,
    pub paint: Paint,
    /// Set upwards (rotated 90° counter-clockwise about the start), as a y-axis label.
    pub upright: bool,
    /// Written by the user (a title or axis label), so formats that typeset text (PGF) may
    /// set its `$…$` as math; text from data never is.
    pub math: bool,
    /// Which point of the line the layout placed: a format whose face measures a little
    /// differently (PGF, typeset by the paper) keeps that point where it was.
    pub anchor: Anchor,
}

/// The point of a line of text that stays put.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Anchor {
    #[default]
    Start,
    Middle,
    End,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    Shape {
        path: Path,
        fill: Option<Paint>,
        stroke: Option<Stroke>,
    },
    Text(Text),
}

/// A whole figure.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Scene {
    /// Page size in points.
    pub width: f64,
    pub height: f64,
    pub items: Vec<Item>,
    /// The figure's title and description, for formats that carry them (SVG, PDF metadata).
    pub title: String,
    pub description: String,
}

impl Scene {
    pub(crate) fn new(width: f64, height: f64) -> Scene {
        Scene {
            width,
            height,
            ..Scene::default()
        }
    }

    /// Marks the texts that read exactly one of `texts` as the user's own ([`Text::math`]).
    pub(crate) fn mark_written_by_user(&mut self, texts: &[&str]) {
        for item in &mut self.items {
            if let Item::Text(t) = item {
                t.math = texts.contains(&t.shaped.text.as_str());
            }
        }
    }

    /// The faces the scene sets text in, in a fixed order.
    pub(crate) fn faces(&self) -> std::collections::BTreeSet<super::fonts::FaceId> {
        let texts = self.items.iter().filter_map(|item| match item {
            Item::Text(text) => Some(text),
            _ => None,
        });
        texts
            .flat_map(|t| t.shaped.runs.iter().map(|r| r.face))
            .collect()
    }

    pub(crate) fn fill(&mut self, path: Path, paint: Paint) {
        self.items.push(Item::Shape {
            path,
            fill: Some(paint),
            stroke: None,
        });
    }

    pub(crate) fn stroke(&mut self, path: Path, stroke: Stroke) {
        self.items.push(Item::Shape {
            path,
            fill: None,
            stroke: Some(stroke),
        });
    }

    pub(crate) fn shape(&mut self, path: Path, fill: Option<Paint>, stroke: Option<Stroke>) {
        self.items.push(Item::Shape { path, fill, stroke });
    }

    pub(crate) fn text(&mut self, text: Text) {
        self.items.push(Item::Text(text));
    }

    /// Every text of the scene, in drawing order.
    pub(crate) fn texts(&self) -> impl Iterator<Item = &Text> {
        self.items.iter().filter_map(|i| match i {
            Item::Text(t) => Some(t),
            Item::Shape { .. } => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::style::PALETTE;

    /// On a dark page every palette colour stands out (3:1, WCAG's contrast for graphical
    /// objects), and no two become the same colour.
    #[test]
    fn every_data_colour_stays_visible_and_distinct_on_a_dark_page() {
        let dark: Vec<Rgb> = PALETTE
            .iter()
            .map(|&c| Paint::Data(c, 1.0).resolve(Theme::Dark))
            .collect();
        for (c, original) in dark.iter().zip(PALETTE) {
            let ratio = c.contrast(Theme::Dark.paper());
            assert!(ratio >= 3.0, "{original:?} is {c:?} at {ratio:.2}:1");
        }
        for (i, a) in dark.iter().enumerate() {
            assert!(!dark[i + 1..].contains(a), "{a:?} twice");
        }
        assert_eq!(
            Paint::Data(Rgb::BLACK, 1.0).resolve(Theme::Dark),
            Theme::Dark.ink()
        );
    }
}
