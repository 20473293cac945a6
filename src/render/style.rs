//! Look of a figure: its size (the exact widths of common venues, or any size), the type scale
//! (fixed in points, never shrunk to fit), and each model's colour, marker and dash. A model's
//! style comes from a [`Styles`] registry shared by every figure of a document, so a model
//! looks the same in all of them; the user may pin styles.

use crate::error::Invalid;
use std::collections::BTreeMap;

use super::scene::Rgb;

/// The largest PNG effgraph writes: 100 megapixels (300 MB of pixels while encoding).
pub(crate) const MAX_RASTER_PIXELS: u64 = 100_000_000;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FigureSize {
    pub width_pt: f64,
    pub height_pt: f64,
}

/// A named size: width from the venue's style file (see the guide's Figures chapter), height
/// a proportion that suits a plot of that width.
pub struct Preset {
    pub name: &'static str,
    pub width_pt: f64,
    pub height_pt: f64,
    pub venue: &'static str,
}

const IN: f64 = 72.0;
const CM: f64 = 72.0 / 2.54;

/// Every size preset, in the order the guide lists them.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "column",
        width_pt: 3.5 * IN,
        height_pt: 2.8 * IN,
        venue: "one column of a two-column paper (3.5 in)",
    },
    Preset {
        name: "full",
        width_pt: 7.0 * IN,
        height_pt: 4.3 * IN,
        venue: "full width of a two-column paper (7 in)",
    },
    Preset {
        name: "icml-column",
        width_pt: 3.25 * IN,
        height_pt: 2.5 * IN,
        venue: "ICML one column (3.25 in)",
    },
    Preset {
        name: "icml-full",
        width_pt: 6.75 * IN,
        height_pt: 3.5 * IN,
        venue: "ICML text width (6.75 in)",
    },
    Preset {
        name: "aistats-column",
        width_pt: 3.25 * IN,
        height_pt: 2.5 * IN,
        venue: "AISTATS one column (3.25 in)",
    },
    Preset {
        name: "aistats-full",
        width_pt: 6.75 * IN,
        height_pt: 3.5 * IN,
        venue: "AISTATS text width (6.75 in)",
    },
    Preset {
        name: "neurips",
        width_pt: 5.5 * IN,
        height_pt: 3.3 * IN,
        venue: "NeurIPS text width (5.5 in)",
    },
    Preset {
        name: "iclr",
        width_pt: 5.5 * IN,
        height_pt: 3.3 * IN,
        venue: "ICLR text width (5.5 in)",
    },
    Preset {
        name: "acl-column",
        width_pt: 7.7 * CM,
        height_pt: 6.0 * CM,
        venue: "ACL one column (7.7 cm)",
    },
    Preset {
        name: "acl-full",
        width_pt: 16.0 * CM,
        height_pt: 8.5 * CM,
        venue: "ACL text width, A4 (16 cm)",
    },
    Preset {
        name: "ieee-column",
        width_pt: 3.5 * IN,
        height_pt: 2.7 * IN,
        venue: "IEEEtran one column (3.5 in)",
    },
    Preset {
        name: "ieee-full",
        width_pt: 7.16 * IN,
        height_pt: 3.7 * IN,
        venue: "IEEEtran text width (7.16 in)",
    },
];

/// The preset table of the user guide, made from [`PRESETS`].
pub fn presets_table() -> String {
    let mut table = String::from("| size | width × height | for |\n|---|---|---|\n");
    for p in PRESETS {
        table.push_str(&format!(
            "| `{}` | {} × {} in ({} × {} pt) | {} |\n",
            p.name,
            crate::format::sig(p.width_pt / 72.0, 3),
            crate::format::sig(p.height_pt / 72.0, 3),
            crate::format::sig(p.width_pt, 4),
            crate::format::sig(p.height_pt, 4),
            p.venue
        ));
    }
    table
}

impl FigureSize {
    /// A single column of a two-column paper: 3.5 × 2.8 in (the `column` preset).
    #[cfg(test)]
    const COLUMN: FigureSize = FigureSize {
        width_pt: 252.0,
        height_pt: 201.6,
    };
    /// The full text width: 7 × 4.3 in.
    pub(crate) const FULL: FigureSize = FigureSize {
        width_pt: 504.0,
        height_pt: 309.6,
    };

    pub(crate) fn width_in(&self) -> f64 {
        self.width_pt / 72.0
    }

    pub(crate) fn height_in(&self) -> f64 {
        self.height_pt / 72.0
    }

    /// Pixels of a raster image of this size at `dpi`.
    pub(crate) fn pixels(&self, dpi: u32) -> (u64, u64) {
        let px = |inches: f64| (inches * f64::from(dpi)).round().max(1.0) as u64;
        (px(self.width_in()), px(self.height_in()))
    }

    /// A PNG of this size at `dpi` must stay under [`MAX_RASTER_PIXELS`], so that no setting
    /// can make effgraph allocate gigabytes.
    pub(crate) fn check_raster(&self, dpi: u32) -> Result<(), Invalid> {
        let (w, h) = self.pixels(dpi);
        if w * h <= MAX_RASTER_PIXELS {
            return Ok(());
        }
        Err(Invalid(format!(
            "a {}×{} in figure at {dpi} dpi would be {w}×{h} pixels ({} megapixels), over the limit of {} megapixels; lower the dpi or the size",
            crate::format::sig(self.width_in(), 3),
            crate::format::sig(self.height_in(), 3),
            (w * h).div_ceil(1_000_000),
            MAX_RASTER_PIXELS / 1_000_000
        )))
    }

    /// Figures as wide as this or wider have room for a legend beside the plot.
    pub(crate) fn is_wide(&self) -> bool {
        self.width_pt >= 4.5 * IN
    }
}

/// A length as LaTeX writes it (`\the\columnwidth` gives `229.87pt`), in PDF points (1/72 in):
/// `pt` is TeX's point (1/72.27 in), `bp` the PostScript point; `in`, `cm`, `mm`.
pub(crate) fn parse_length(s: &str) -> Result<f64, Invalid> {
    let t = s.trim();
    let units = [
        ("bp", 1.0),
        ("pt", 72.0 / 72.27),
        ("in", IN),
        ("cm", CM),
        ("mm", CM / 10.0),
    ];
    let (number, per_unit) = units
        .iter()
        .find_map(|(u, f)| t.strip_suffix(u).map(|n| (n, *f)))
        .unwrap_or((t, 72.0 / 72.27));
    match number.trim().parse::<f64>() {
        Ok(v) if (108.0..=2880.0).contains(&(v * per_unit)) => Ok(v * per_unit),
        _ => Err(Invalid(format!(
            "`{s}` is not a length between 1.5 and 40 in (write it as LaTeX does, e.g. 229.87pt, or 3.25in)"
        ))),
    }
}

impl FigureSize {
    /// A figure `width` points wide, as tall as suits a plot of that width.
    pub(crate) fn of_width(width: f64) -> FigureSize {
        let ratio = if width < 4.5 * IN { 0.78 } else { 0.52 };
        FigureSize {
            width_pt: width,
            height_pt: width * ratio,
        }
    }
}

impl std::str::FromStr for FigureSize {
    type Err = Invalid;

    /// A preset name (see [`PRESETS`]), or `WxH` with a unit `in`, `pt` or `cm` (e.g. `6x4in`).
    fn from_str(s: &str) -> Result<Self, Invalid> {
        if let Some(p) = PRESETS.iter().find(|p| p.name == s) {
            return Ok(FigureSize {
                width_pt: p.width_pt,
                height_pt: p.height_pt,
            });
        }
        let bad = || {
            let names: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
            format!(
                "bad figure size `{s}` (expected {}, or e.g. `6x4in`, `400x250pt`, `15x10cm`)",
                names.join(", ")
            )
        };
        let (dims, per_unit) = if let Some(d) = s.strip_suffix("in") {
            (d, IN)
        } else if let Some(d) = s.strip_suffix("pt") {
            (d, 1.0)
        } else if let Some(d) = s.strip_suffix("cm") {
            (d, CM)
        } else {
            return Err(bad().into());
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
            Err(Invalid(format!(
                "figure size `{s}` must be between 1.5 and 40 inches on each side"
            )))
        }
    }
}

crate::deserialize_from_str!(FigureSize);

/// Font sizes in points, from a base size. Nothing is ever set below 7 pt, axis labels below
/// 8 pt: when a figure is crowded, the layout changes, not the type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TypeScale {
    pub tick: f64,
    pub label: f64,
    pub legend: f64,
    pub note: f64,
    pub title: f64,
}

/// The smallest and largest base size `font_size` accepts.
pub(crate) const FONT_SIZES: std::ops::RangeInclusive<f64> = 7.0..=14.0;

impl TypeScale {
    pub(crate) fn new(base: f64) -> TypeScale {
        let small = (base - 1.0).max(7.0);
        TypeScale {
            tick: small,
            label: base.max(8.0),
            legend: small,
            note: small,
            title: base + 1.0,
        }
    }
}

/// The base font size: a number of points in `FONT_SIZES`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FontSize(pub f64);

impl Default for FontSize {
    fn default() -> Self {
        FontSize(8.0)
    }
}

impl std::str::FromStr for FontSize {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        let pt = s.trim().strip_suffix("pt").unwrap_or(s.trim());
        match pt.parse::<f64>() {
            Ok(v) if FONT_SIZES.contains(&v) => Ok(FontSize(v)),
            _ => Err(Invalid(format!(
                "`{s}` is not a font size between {} and {} pt",
                FONT_SIZES.start(),
                FONT_SIZES.end()
            ))),
        }
    }
}

crate::deserialize_from_str!(FontSize);

/// Okabe–Ito without its yellow (too light for lines on white): told apart with the common
/// colour-vision deficiencies. Past seven models a colour returns with another marker and dash.
pub(crate) const PALETTE: &[Rgb] = &[
    Rgb(0, 114, 178),
    Rgb(213, 94, 0),
    Rgb(0, 158, 115),
    Rgb(204, 121, 167),
    Rgb(230, 159, 0),
    Rgb(86, 180, 233),
    Rgb(0, 0, 0),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Marker {
    Circle,
    Square,
    TriangleUp,
    Diamond,
    TriangleDown,
    Pentagon,
    Hexagon,
}

pub(crate) const MARKERS: &[Marker] = &[
    Marker::Circle,
    Marker::Square,
    Marker::TriangleUp,
    Marker::Diamond,
    Marker::TriangleDown,
    Marker::Pentagon,
    Marker::Hexagon,
];

impl Marker {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Marker::Circle => "circle",
            Marker::Square => "square",
            Marker::TriangleUp => "triangle",
            Marker::Diamond => "diamond",
            Marker::TriangleDown => "triangle-down",
            Marker::Pentagon => "pentagon",
            Marker::Hexagon => "hexagon",
        }
    }
}

/// How many automatic styles there are before [`ModelStyle::slot`] repeats one.
const AUTOMATIC_STYLES: usize = PALETTE.len() * MARKERS.len() * DASHES.len();

/// Line patterns (dash, gap in points), solid first.
pub(crate) const DASHES: [&[f64]; 4] = [&[], &[4.0, 1.6], &[1.2, 1.2], &[4.0, 1.4, 1.2, 1.4]];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ModelStyle {
    pub colour: Rgb,
    pub marker: Marker,
    /// Index into `DASHES`.
    pub dash: usize,
}

impl ModelStyle {
    /// The `slot`-th automatic style: colours cycle first, then marker and dash shift, so
    /// any two slots differ in marker or dash where they share a colour.
    pub fn slot(slot: usize) -> ModelStyle {
        let round = slot / PALETTE.len();
        ModelStyle {
            colour: PALETTE[slot % PALETTE.len()],
            marker: MARKERS[(slot + round) % MARKERS.len()],
            dash: round % DASHES.len(),
        }
    }

    /// A compact text form (`#0072b2 circle 0`), for cache entries.
    pub(crate) fn code(&self) -> String {
        format!("{} {} {}", self.colour.hex(), self.marker.name(), self.dash)
    }
}

/// A user's style for one model; what it leaves out is chosen automatically.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleSpec {
    pub colour: Option<String>,
    pub marker: Option<String>,
    pub dash: Option<String>,
}

fn parse_colour(s: &str) -> Result<Rgb, Invalid> {
    let hex = s.strip_prefix('#').unwrap_or(s);
    let bad = || Invalid(format!("`{s}` is not a colour (write it as #rrggbb)"));
    // Digits only: `from_str_radix` alone would take `+1` as a byte.
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(bad());
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad());
    Ok(Rgb(byte(0)?, byte(2)?, byte(4)?))
}

const DASH_NAMES: &[&str] = &["solid", "dashed", "dotted", "dash-dot"];

/// The style of every model in a document: pinned by the user, or the next free automatic
/// slot when a model is first met. Shared by all figures of a book or paper.
#[derive(Debug, Clone, Default)]
pub struct Styles {
    pinned: BTreeMap<String, ModelStyle>,
    assigned: Vec<(String, ModelStyle)>,
    next_slot: usize,
}

impl Styles {
    /// A registry with the user's pinned styles (checked here).
    pub(crate) fn new(specs: &BTreeMap<String, StyleSpec>) -> Result<Styles, Invalid> {
        let mut styles = Styles::default();
        for (i, (name, spec)) in specs.iter().enumerate() {
            let auto = ModelStyle::slot(i);
            let colour = match &spec.colour {
                Some(c) => parse_colour(c).map_err(|m| format!("style of `{name}`: {m}"))?,
                None => auto.colour,
            };
            let marker = match &spec.marker {
                Some(m) => *MARKERS.iter().find(|k| k.name() == m).ok_or_else(|| {
                    let names: Vec<&str> = MARKERS.iter().map(|k| k.name()).collect();
                    format!(
                        "style of `{name}`: unknown marker `{m}` (expected {})",
                        names.join(", ")
                    )
                })?,
                None => auto.marker,
            };
            let dash = match &spec.dash {
                Some(d) => DASH_NAMES.iter().position(|n| n == d).ok_or_else(|| {
                    format!(
                        "style of `{name}`: unknown dash `{d}` (expected {})",
                        DASH_NAMES.join(", ")
                    )
                })?,
                None => auto.dash,
            };
            styles.pinned.insert(
                name.clone(),
                ModelStyle {
                    colour,
                    marker,
                    dash,
                },
            );
        }
        Ok(styles)
    }

    /// The style of `model`, assigning the next free slot the first time it is met; an
    /// error when the pinned styles leave no automatic style free.
    pub(crate) fn style(&mut self, model: &str) -> Result<ModelStyle, Invalid> {
        if let Some(s) = self.pinned.get(model) {
            return Ok(*s);
        }
        if let Some((_, s)) = self.assigned.iter().find(|(n, _)| n == model) {
            return Ok(*s);
        }
        let taken = |s: &ModelStyle| self.pinned.values().any(|p| p == s);
        // The slots repeat after every pairing of colour, marker and dash has been used.
        let slot = (self.next_slot..self.next_slot + AUTOMATIC_STYLES)
            .find(|&slot| !taken(&ModelStyle::slot(slot)))
            .ok_or_else(|| {
                format!(
                    "styles: the table pins all {AUTOMATIC_STYLES} styles (colour, marker and dash) effgraph draws with, leaving none for `{model}`: give `{model}` a style too, or leave one free"
                )
            })?;
        self.next_slot = slot + 1;
        let style = ModelStyle::slot(slot);
        self.assigned.push((model.to_string(), style));
        Ok(style)
    }
}

/// Vertices of a marker of radius `r` around `(x, y)` (`None` for the circle).
pub(crate) fn marker_polygon(
    marker: Marker,
    (x, y): (f64, f64),
    r: f64,
) -> Option<Vec<(f64, f64)>> {
    let regular = |n: usize, start_deg: f64, radius: f64| -> Vec<(f64, f64)> {
        (0..n)
            .map(|i| {
                let a = (start_deg + 360.0 * i as f64 / n as f64).to_radians();
                (x + radius * libm::cos(a), y + radius * libm::sin(a))
            })
            .collect()
    };
    match marker {
        Marker::Circle => None,
        Marker::Square => Some(regular(4, 45.0, r * 1.25)),
        Marker::TriangleUp => Some(regular(3, -90.0, r * 1.4)),
        Marker::TriangleDown => Some(regular(3, 90.0, r * 1.4)),
        Marker::Diamond => Some(regular(4, 0.0, r * 1.35)),
        Marker::Pentagon => Some(regular(5, -90.0, r * 1.2)),
        Marker::Hexagon => Some(regular(6, 0.0, r * 1.15)),
    }
}

/// A five-pointed star of outer radius `r` around `(x, y)`.
pub(crate) fn star_polygon((x, y): (f64, f64), r: f64) -> Vec<(f64, f64)> {
    (0..10)
        .map(|i| {
            let radius = if i % 2 == 0 { r } else { r * 0.45 };
            let a = (-90.0 + 36.0 * i as f64).to_radians();
            (x + radius * libm::cos(a), y + radius * libm::sin(a))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_pinning_every_style_leaves_none_and_says_so() {
        let specs: BTreeMap<String, StyleSpec> = (0..AUTOMATIC_STYLES)
            .map(|slot| {
                let style = ModelStyle::slot(slot);
                let spec = StyleSpec {
                    colour: Some(style.colour.hex()),
                    marker: Some(style.marker.name().into()),
                    dash: Some(DASH_NAMES[style.dash].into()),
                };
                (format!("pinned{slot}"), spec)
            })
            .collect();
        let mut styles = Styles::new(&specs).unwrap();
        assert_eq!(
            styles.style("free").unwrap_err(),
            "styles: the table pins all 196 styles (colour, marker and dash) effgraph draws with, leaving none for `free`: give `free` a style too, or leave one free"
        );
        let mut fewer = specs.clone();
        fewer.remove("pinned150");
        let mut styles = Styles::new(&fewer).unwrap();
        assert_eq!(styles.style("free").unwrap(), ModelStyle::slot(150));
    }

    #[test]
    fn slots_differ_in_marker_or_dash_where_colours_repeat() {
        let styles: Vec<ModelStyle> = (0..49).map(ModelStyle::slot).collect();
        for (i, a) in styles.iter().enumerate() {
            for b in &styles[i + 1..] {
                assert_ne!(a, b);
                if a.colour == b.colour {
                    assert!(a.marker != b.marker || a.dash != b.dash);
                }
            }
        }
    }

    #[test]
    fn a_model_keeps_its_style_and_pins_are_kept_free() {
        let mut specs = BTreeMap::new();
        specs.insert(
            "Mamba".to_string(),
            StyleSpec {
                colour: Some("#0072b2".into()),
                marker: Some("circle".into()),
                dash: Some("solid".into()),
            },
        );
        let mut styles = Styles::new(&specs).unwrap();
        let pythia = styles.style("Pythia").unwrap();
        assert_ne!(
            pythia,
            styles.style("Mamba").unwrap(),
            "slot 0 is pinned by Mamba"
        );
        assert_eq!(styles.style("Pythia").unwrap(), pythia);
        assert_eq!(styles.style("Mamba").unwrap().colour, Rgb(0, 114, 178));
        let bad = BTreeMap::from([(
            "X".to_string(),
            StyleSpec {
                colour: Some("blue".into()),
                ..StyleSpec::default()
            },
        )]);
        assert_eq!(
            Styles::new(&bad).unwrap_err(),
            "style of `X`: `blue` is not a colour (write it as #rrggbb)"
        );
    }

    #[test]
    fn sizes_parse_from_presets_and_units() {
        assert_eq!("column".parse::<FigureSize>().unwrap(), FigureSize::COLUMN);
        assert_eq!("icml-column".parse::<FigureSize>().unwrap().width_pt, 234.0);
        assert!(("acl-column".parse::<FigureSize>().unwrap().width_pt - 218.27).abs() < 0.01);
        let s: FigureSize = "6x4in".parse().unwrap();
        assert_eq!((s.width_pt, s.height_pt), (432.0, 288.0));
        assert!("6x4".parse::<FigureSize>().is_err());
        assert_eq!(
            "1x1in".parse::<FigureSize>().unwrap_err(),
            "figure size `1x1in` must be between 1.5 and 40 inches on each side"
        );
    }

    #[test]
    fn type_never_goes_below_seven_points() {
        let t = TypeScale::new(7.0);
        assert!(t.tick >= 7.0 && t.legend >= 7.0 && t.note >= 7.0 && t.label >= 8.0);
        assert!("6.5".parse::<FontSize>().is_err());
        assert_eq!("9pt".parse::<FontSize>(), Ok(FontSize(9.0)));
    }
}
