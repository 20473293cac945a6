//! The legend: one entry per model (its line, weight and marker), then one per kind of mark
//! the plot shows (frontier and dominated configurations, requirement marks, targets not
//! reached, each distinct shading swatch). It is laid out in as many columns as the space
//! allows, wrapping long names, at the legend's fixed type size.

use super::canvas::{self, Align, Font, VAlign};
use super::placement::BBox;
use super::scene::{Paint, Path, Rgb, Scene, Stroke};
use super::style::{DASHES, Marker, ModelStyle};

pub(crate) enum Sample {
    /// A model: its frontier line (`weight` points wide) and marker.
    Model {
        style: ModelStyle,
        weight: f64,
    },
    FrontierPoint,
    Dominated,
    Star(Rgb),
    Cross(Rgb),
    NotReached,
    Patch(Rgb),
    /// A curve an analysis draws: thin, solid then dashed.
    Curve,
}

pub(crate) struct Entry {
    pub sample: Sample,
    pub label: String,
}

/// Width of an entry's sample, and the gap before its label.
const SAMPLE: f64 = 15.0;
const GAP: f64 = 3.0;
/// Padding inside the legend's frame.
const PAD: f64 = 3.0;

pub(crate) struct Legend {
    pub entries: Vec<Entry>,
    pub font: Font,
}

/// A legend laid out: each entry's lines and column, and the whole size.
pub(crate) struct Laid {
    columns: Vec<Vec<(usize, Vec<String>)>>,
    column_width: f64,
    pub size: (f64, f64),
}

impl Legend {
    /// The legend in `columns` columns no wider than `max_width` in all, or `None` when a
    /// word does not fit.
    pub(crate) fn lay_out(&self, columns: usize, max_width: f64) -> Option<Laid> {
        let n = self.entries.len();
        if n == 0 || columns == 0 {
            return None;
        }
        let columns = columns.min(n);
        let longest = self
            .entries
            .iter()
            .map(|e| self.font.width(&e.label))
            .fold(0.0, f64::max);
        let available = (max_width - 2.0 * PAD) / columns as f64 - SAMPLE - GAP - 4.0;
        let label_width = longest.min(available);
        if label_width <= 0.0 {
            return None;
        }
        let lines: Vec<Vec<String>> = self
            .entries
            .iter()
            .map(|e| super::fonts::wrap(&e.label, self.font.family, self.font.size, label_width))
            .collect();
        if lines
            .iter()
            .flatten()
            .any(|l| self.font.width(l) > label_width + 0.01)
        {
            return None;
        }
        let per_column = n.div_ceil(columns);
        let mut laid_columns: Vec<Vec<(usize, Vec<String>)>> = Vec::new();
        for (i, l) in lines.into_iter().enumerate() {
            if i % per_column == 0 {
                laid_columns.push(Vec::new());
            }
            laid_columns.last_mut().unwrap().push((i, l));
        }
        let rows = laid_columns
            .iter()
            .map(|c| c.iter().map(|(_, l)| l.len()).sum::<usize>())
            .max()
            .unwrap_or(0);
        let column_width = SAMPLE + GAP + label_width + 4.0;
        let width = 2.0 * PAD + column_width * laid_columns.len() as f64 - 4.0;
        let height =
            2.0 * PAD + rows as f64 * self.font.line() - (self.font.line() - self.font.height());
        Some(Laid {
            columns: laid_columns,
            column_width,
            size: (width, height),
        })
    }

    /// The most compact layout (fewest rows) within `max_width` and `max_height`.
    pub(crate) fn fit(&self, max_width: f64, max_height: f64) -> Option<Laid> {
        (1..=self.entries.len().max(1))
            .filter_map(|c| self.lay_out(c, max_width))
            .filter(|l| l.size.1 <= max_height && l.size.0 <= max_width)
            .min_by(|a, b| {
                a.size
                    .1
                    .total_cmp(&b.size.1)
                    .then(a.size.0.total_cmp(&b.size.0))
            })
    }

    /// Draws the legend with its top-left corner at `origin`; returns its box and the boxes
    /// of its texts.
    pub(crate) fn draw(
        &self,
        scene: &mut Scene,
        laid: &Laid,
        origin: (f64, f64),
    ) -> (BBox, Vec<BBox>) {
        let frame = BBox::at(origin, laid.size);
        scene.shape(
            Path::rect(frame.x0, frame.y0, frame.x1, frame.y1),
            Some(Paint::Paper),
            Some(Stroke::solid(Paint::Ink(0.35), 0.4)),
        );
        let mut texts = Vec::new();
        let line = self.font.line();
        for (c, column) in laid.columns.iter().enumerate() {
            let x = origin.0 + PAD + c as f64 * laid.column_width;
            let mut y = origin.1 + PAD;
            for (i, lines) in column {
                let mid = y + self.font.height() / 2.0;
                sample(scene, &self.entries[*i].sample, (x, mid), self.font.size);
                for l in lines {
                    let b = canvas::text(
                        scene,
                        l,
                        self.font,
                        (x + SAMPLE + GAP, y),
                        Align::Start,
                        VAlign::Top,
                    );
                    texts.push(b);
                    y += line;
                }
            }
        }
        (frame, texts)
    }
}

/// An entry's sample, centred vertically on `y`, from `x` over [`SAMPLE`] points.
fn sample(scene: &mut Scene, sample: &Sample, (x, y): (f64, f64), size: f64) {
    let mid = (x + SAMPLE / 2.0, y);
    let r = (size * 0.3).min(2.4);
    let neutral = ModelStyle {
        colour: Rgb(60, 60, 60),
        marker: Marker::Circle,
        dash: 0,
    };
    match sample {
        Sample::Model { style, weight } => {
            scene.stroke(
                Path::polyline(&[(x, y), (x + SAMPLE, y)]),
                Stroke {
                    paint: Paint::Data(style.colour, 1.0),
                    width: *weight,
                    dash: DASHES[style.dash].to_vec(),
                },
            );
            canvas::marker(scene, *style, mid, r, 1.0, true);
        }
        Sample::FrontierPoint => canvas::marker(scene, neutral, mid, r, 1.0, true),
        Sample::Dominated => canvas::marker(scene, neutral, mid, r * 0.7, 0.45, false),
        Sample::Star(c) => canvas::star(scene, mid, r * 1.8, Paint::Data(*c, 1.0)),
        Sample::Cross(c) => canvas::cross(scene, mid, r * 1.5, Paint::Data(*c, 1.0)),
        Sample::NotReached => canvas::not_reached(scene, mid, r * 1.4, Paint::Ink(0.8), true),
        Sample::Curve => {
            let half = x + SAMPLE / 2.0;
            let thin = |dash: Vec<f64>| Stroke {
                paint: Paint::Ink(0.75),
                width: 0.8,
                dash,
            };
            scene.stroke(Path::polyline(&[(x, y), (half, y)]), thin(Vec::new()));
            scene.stroke(
                Path::polyline(&[(half, y), (x + SAMPLE, y)]),
                thin(vec![3.0, 2.0]),
            );
        }
        Sample::Patch(c) => {
            let h = size * 0.35;
            scene.shape(
                Path::rect(x, y - h, x + SAMPLE, y + h),
                Some(Paint::Data(*c, 0.16)),
                Some(Stroke::solid(Paint::Data(*c, 0.55), 0.4)),
            );
        }
    }
}
