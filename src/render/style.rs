//! Look of a figure: its size (presets for a single column and the full text width, or any
//! size in inches, points or centimetres), the print font sizes that go with it, and each
//! model's colour and marker. Sizes are in points; the canvas is drawn at `SCALE` pixels per
//! point because plotters rounds coordinates to whole pixels.

use plotters::style::RGBColor;

/// Canvas pixels per point: keeps plotters' whole-pixel rounding at 1/4 pt.
pub const SCALE: f64 = 4.0;

/// The largest PNG effgraph writes: 100 megapixels (300 MB of pixels while encoding).
pub const MAX_RASTER_PIXELS: u64 = 100_000_000;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FigureSize {
    pub width_pt: f64,
    pub height_pt: f64,
}

impl FigureSize {
    /// A single column of a two-column paper: 3.5 × 2.8 in.
    pub const COLUMN: FigureSize = FigureSize {
        width_pt: 252.0,
        height_pt: 201.6,
    };
    /// The full text width: 7 × 4.3 in.
    pub const FULL: FigureSize = FigureSize {
        width_pt: 504.0,
        height_pt: 309.6,
    };

    pub fn width_in(&self) -> f64 {
        self.width_pt / 72.0
    }

    pub fn height_in(&self) -> f64 {
        self.height_pt / 72.0
    }

    /// Canvas size in pixels.
    pub fn canvas(&self) -> (u32, u32) {
        (
            (self.width_pt * SCALE).round() as u32,
            (self.height_pt * SCALE).round() as u32,
        )
    }

    /// Pixels of a raster image of this size at `dpi`.
    pub fn pixels(&self, dpi: u32) -> (u64, u64) {
        let px = |inches: f64| (inches * f64::from(dpi)).round().max(1.0) as u64;
        (px(self.width_in()), px(self.height_in()))
    }

    /// A PNG of this size at `dpi` must stay under [`MAX_RASTER_PIXELS`], so that no setting
    /// can make effgraph allocate gigabytes.
    pub fn check_raster(&self, dpi: u32) -> Result<(), String> {
        let (w, h) = self.pixels(dpi);
        if w * h <= MAX_RASTER_PIXELS {
            return Ok(());
        }
        Err(format!(
            "a {}×{} in figure at {dpi} dpi would be {w}×{h} pixels ({} megapixels), over the limit of {} megapixels; lower the dpi or the size",
            crate::format::sig(self.width_in(), 3),
            crate::format::sig(self.height_in(), 3),
            (w * h).div_ceil(1_000_000),
            MAX_RASTER_PIXELS / 1_000_000
        ))
    }

    /// Base font size in points: print sizes for the width the figure is set at.
    pub fn base_font_pt(&self) -> f64 {
        if self.width_pt < 360.0 { 6.5 } else { 8.0 }
    }
}

impl std::str::FromStr for FigureSize {
    type Err = String;

    /// `column`, `full`, or `WxH` with a unit `in`, `pt` or `cm` (e.g. `6x4in`, `400x250pt`).
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "column" => return Ok(FigureSize::COLUMN),
            "full" => return Ok(FigureSize::FULL),
            _ => {}
        }
        let bad = || {
            format!(
                "bad figure size `{s}` (expected `column`, `full`, or e.g. `6x4in`, `400x250pt`, `15x10cm`)"
            )
        };
        let (dims, per_unit) = if let Some(d) = s.strip_suffix("in") {
            (d, 72.0)
        } else if let Some(d) = s.strip_suffix("pt") {
            (d, 1.0)
        } else if let Some(d) = s.strip_suffix("cm") {
            (d, 72.0 / 2.54)
        } else {
            return Err(bad());
        };
        let (w, h) = dims.split_once('x').ok_or_else(bad)?;
        let w: f64 = w.trim().parse().map_err(|_| bad())?;
        let h: f64 = h.trim().parse().map_err(|_| bad())?;
        let size = FigureSize {
            width_pt: w * per_unit,
            height_pt: h * per_unit,
        };
        // Below 1.5 in nothing legible fits; above 40 in is a poster, not a figure.
        let ok = |v: f64| v.is_finite() && (108.0..=2880.0).contains(&v);
        if ok(size.width_pt) && ok(size.height_pt) {
            Ok(size)
        } else {
            Err(format!(
                "figure size `{s}` must be between 1.5 and 40 inches on each side"
            ))
        }
    }
}

crate::deserialize_from_str!(FigureSize);

/// Okabe–Ito: told apart with the common colour-vision deficiencies. Blue and vermillion
/// come first, so a candidate is blue and its baseline red, as in the old figure.
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    TriangleUp,
    Diamond,
    TriangleDown,
    Pentagon,
    Hexagon,
}

const MARKERS: [Marker; 7] = [
    Marker::Circle,
    Marker::Square,
    Marker::TriangleUp,
    Marker::Diamond,
    Marker::TriangleDown,
    Marker::Pentagon,
    Marker::Hexagon,
];

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelStyle {
    pub colour: RGBColor,
    pub marker: Marker,
}

/// Styles for models in order `order` (indices into the analysis' models): the i-th gets the
/// i-th colour and marker, so colour and shape both tell models apart.
pub fn model_styles(order: &[usize], count: usize) -> Vec<ModelStyle> {
    let mut styles = vec![
        ModelStyle {
            colour: PALETTE[0],
            marker: Marker::Circle
        };
        count
    ];
    for (rank, &model) in order.iter().enumerate() {
        // Past seven models colours repeat; shifting the marker each round keeps every
        // (colour, marker) pair distinct up to 49 models.
        let round = rank / PALETTE.len();
        styles[model] = ModelStyle {
            colour: PALETTE[rank % PALETTE.len()],
            marker: MARKERS[(rank + round) % MARKERS.len()],
        };
    }
    styles
}

/// Vertices of a marker of radius `r` around `(x, y)` in pixels (`None` for the circle).
pub fn marker_polygon(marker: Marker, (x, y): (i32, i32), r: f64) -> Option<Vec<(i32, i32)>> {
    let regular = |n: usize, start_deg: f64, radius: f64| -> Vec<(i32, i32)> {
        (0..n)
            .map(|i| {
                let a = (start_deg + 360.0 * i as f64 / n as f64).to_radians();
                (
                    x + (radius * libm::cos(a)).round() as i32,
                    y + (radius * libm::sin(a)).round() as i32,
                )
            })
            .collect()
    };
    match marker {
        Marker::Circle => None,
        Marker::Square => Some(regular(4, 45.0, r * 1.2)),
        Marker::TriangleUp => Some(regular(3, -90.0, r * 1.35)),
        Marker::TriangleDown => Some(regular(3, 90.0, r * 1.35)),
        Marker::Diamond => Some(regular(4, 0.0, r * 1.35)),
        Marker::Pentagon => Some(regular(5, -90.0, r * 1.2)),
        Marker::Hexagon => Some(regular(6, 0.0, r * 1.15)),
    }
}

/// A five-pointed star of outer radius `r` around `(x, y)`.
pub fn star_polygon((x, y): (i32, i32), r: f64) -> Vec<(i32, i32)> {
    (0..10)
        .map(|i| {
            let radius = if i % 2 == 0 { r } else { r * 0.45 };
            let a = (-90.0 + 36.0 * i as f64).to_radians();
            (
                x + (radius * libm::cos(a)).round() as i32,
                y + (radius * libm::sin(a)).round() as i32,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_stay_distinct_past_the_palette() {
        let order: Vec<usize> = (0..14).collect();
        let styles = model_styles(&order, 14);
        for (i, a) in styles.iter().enumerate() {
            for b in &styles[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn sizes_parse_from_presets_and_units() {
        assert_eq!("column".parse::<FigureSize>().unwrap(), FigureSize::COLUMN);
        let s: FigureSize = "6x4in".parse().unwrap();
        assert_eq!((s.width_pt, s.height_pt), (432.0, 288.0));
        let s: FigureSize = "400x250pt".parse().unwrap();
        assert_eq!(s.canvas(), (1600, 1000));
        assert!("6x4".parse::<FigureSize>().is_err());
        assert_eq!(
            "1x1in".parse::<FigureSize>().unwrap_err(),
            "figure size `1x1in` must be between 1.5 and 40 inches on each side"
        );
    }
}
