//! The fonts of every figure, compiled into the binary (no system font is ever read): DejaVu
//! Sans; the faces of papers (Latin Modern Roman for Computer Modern, TeX Gyre Termes for
//! Times, TeX Gyre Heros for Helvetica); and Open Sans, the page font of mdBook's themes.
//! Text is laid out here once, as glyphs with advances, and every output format places
//! exactly these glyphs, so a label measures the same in the layout, the SVG, the PDF and
//! the PNG. Characters the chosen face lacks (Greek in Latin Modern) come from DejaVu Sans.

use crate::error::Invalid;
use std::ops::Range;
use std::sync::OnceLock;

/// DejaVu Sans (Bitstream Vera licence, see `assets/fonts/DejaVu-LICENSE.txt`).
pub(crate) static SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// Latin Modern Roman 10 (GUST Font License, see `assets/fonts/`).
pub(crate) static SERIF: &[u8] = include_bytes!("../../assets/fonts/lmroman10-regular.otf");
/// TeX Gyre Termes, metric-compatible with Times (GUST Font License).
static TERMES: &[u8] = include_bytes!("../../assets/fonts/texgyretermes-regular.otf");
/// TeX Gyre Heros, metric-compatible with Helvetica (GUST Font License).
static HEROS: &[u8] = include_bytes!("../../assets/fonts/texgyreheros-regular.otf");
/// Open Sans, the body font of mdBook's themes (Apache-2.0).
static OPEN_SANS: &[u8] = include_bytes!("../../assets/fonts/OpenSans-Regular.ttf");

/// The face a figure's text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Family {
    /// DejaVu Sans.
    #[default]
    Sans,
    /// Latin Modern Roman: Computer Modern papers.
    Serif,
    /// TeX Gyre Termes: Times papers.
    Times,
    /// TeX Gyre Heros: Helvetica papers.
    Helvetica,
    /// Open Sans: mdBook pages.
    OpenSans,
}

/// The `font` setting: a face, or `auto`, the document's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub(crate) enum FontChoice {
    /// The face of the document the figure is set in (a LaTeX paper's, an mdBook page's);
    /// DejaVu Sans where there is none.
    #[default]
    Auto,
    Face(Family),
}

impl FontChoice {
    /// The face to draw with in a document whose own face is `document`, if known.
    pub(crate) fn face(self, document: Option<Family>) -> Family {
        match self {
            FontChoice::Face(face) => face,
            FontChoice::Auto => document.unwrap_or_default(),
        }
    }
}

impl std::str::FromStr for FontChoice {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Ok(FontChoice::Face(match s {
            "auto" => return Ok(FontChoice::Auto),
            "sans" => Family::Sans,
            "serif" | "cm" => Family::Serif,
            "times" => Family::Times,
            "helvetica" => Family::Helvetica,
            other => {
                return Err(Invalid(format!(
                    "unknown font `{other}` (expected auto, times, cm, helvetica, sans or serif)"
                )));
            }
        }))
    }
}

crate::deserialize_from_str!(FontChoice);

/// One embedded font file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum FaceId {
    Sans,
    Serif,
    Termes,
    Heros,
    OpenSans,
}

impl FaceId {
    pub(crate) fn data(self) -> &'static [u8] {
        match self {
            FaceId::Sans => SANS,
            FaceId::Serif => SERIF,
            FaceId::Termes => TERMES,
            FaceId::Heros => HEROS,
            FaceId::OpenSans => OPEN_SANS,
        }
    }

    /// The parsed face (parsed once per process).
    pub(crate) fn face(self) -> &'static ttf_parser::Face<'static> {
        static FACES: [OnceLock<ttf_parser::Face<'static>>; 5] = [const { OnceLock::new() }; 5];
        // The fonts are fixed, known-good files; a failure is a build defect, not user input.
        FACES[self as usize]
            .get_or_init(|| ttf_parser::Face::parse(self.data(), 0).expect("embedded font parses"))
    }

    /// Font units per em.
    pub(crate) fn units(self) -> f64 {
        f64::from(self.face().units_per_em())
    }
}

impl Family {
    pub(crate) fn face(self) -> FaceId {
        match self {
            Family::Sans => FaceId::Sans,
            Family::Serif => FaceId::Serif,
            Family::Times => FaceId::Termes,
            Family::Helvetica => FaceId::Heros,
            Family::OpenSans => FaceId::OpenSans,
        }
    }

    /// Height above the baseline of the family's face (its typographic ascender), in em.
    pub(crate) fn ascent(self) -> f64 {
        let face = self.face().face();
        let asc = face.typographic_ascender().unwrap_or(face.ascender());
        f64::from(asc) / self.face().units()
    }

    /// Depth below the baseline (positive; its typographic descender), in em.
    pub(crate) fn descent(self) -> f64 {
        let face = self.face().face();
        let desc = face.typographic_descender().unwrap_or(face.descender());
        -f64::from(desc) / self.face().units()
    }
}

/// A glyph of a laid-out text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glyph {
    pub id: u16,
    /// Advance in em.
    pub advance: f64,
    /// The bytes of the text this glyph shows.
    pub cluster: Range<usize>,
}

/// Consecutive glyphs from one face.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    pub face: FaceId,
    pub glyphs: Vec<Glyph>,
}

/// A line of text laid out: its runs and its width in em.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shaped {
    pub text: String,
    pub family: Family,
    pub runs: Vec<Run>,
    pub width: f64,
}

/// Lays out one line of `text` in `family`, one glyph per character (no ligatures or kerning,
/// so every output format places the same glyphs at the same advances).
pub(crate) fn shape(text: &str, family: Family) -> Shaped {
    let mut runs: Vec<Run> = Vec::new();
    let mut width = 0.0;
    for (i, c) in text.char_indices() {
        let primary = family.face();
        let (face, id) = match primary.face().glyph_index(c) {
            Some(id) => (primary, id.0),
            None => {
                // DejaVu Sans covers Latin, Greek, Cyrillic and symbols; beyond it, its box.
                let id = FaceId::Sans.face().glyph_index(c).map_or(0, |g| g.0);
                (FaceId::Sans, id)
            }
        };
        let advance = face
            .face()
            .glyph_hor_advance(ttf_parser::GlyphId(id))
            .map_or(0.0, |a| f64::from(a) / face.units());
        width += advance;
        let glyph = Glyph {
            id,
            advance,
            cluster: i..i + c.len_utf8(),
        };
        match runs.last_mut() {
            Some(run) if run.face == face => run.glyphs.push(glyph),
            _ => runs.push(Run {
                face,
                glyphs: vec![glyph],
            }),
        }
    }
    Shaped {
        text: text.to_string(),
        family,
        runs,
        width,
    }
}

/// Width of `text` at `size` points.
pub(crate) fn width(text: &str, family: Family, size: f64) -> f64 {
    shape(text, family).width * size
}

/// Breaks `text` into lines no wider than `max` points at `size` (at spaces; a word wider
/// than the line stands alone).
pub(crate) fn wrap(text: &str, family: Family, size: f64, max: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || width(&candidate, family, size) <= max {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_measured_from_the_embedded_fonts() {
        let s = shape("Mamba", Family::Sans);
        assert_eq!(s.runs.len(), 1);
        assert_eq!(s.runs[0].glyphs.len(), 5);
        assert!((1.0..5.0).contains(&s.width), "{}", s.width);
        assert!(width("Mamba", Family::Serif, 10.0) < width("Mamba", Family::Sans, 10.0));
    }

    #[test]
    fn missing_characters_fall_back_to_dejavu() {
        let s = shape("Mamba-α", Family::Serif);
        assert_eq!(
            s.runs.iter().map(|r| r.face).collect::<Vec<_>>(),
            vec![FaceId::Serif, FaceId::Sans]
        );
        assert_eq!(s.runs[1].glyphs[0].cluster, 6..8);
    }

    #[test]
    fn wrapping_keeps_lines_inside_the_width() {
        let lines = wrap("one two three four five six", Family::Sans, 8.0, 40.0);
        assert!(lines.len() > 1);
        assert!(
            lines
                .iter()
                .all(|l| width(l, Family::Sans, 8.0) <= 40.0 || !l.contains(' '))
        );
    }
}
