//! Venue bundles: the face, type size and widths of a venue's paper, each number from the
//! venue's style file, so a figure made outside the paper (a book, `effgraph render`, a
//! Markdown report) looks as it will in print. A LaTeX paper needs none: its `.aux` reports the
//! same numbers ([`crate::syntax`]), and a venue given explicitly wins over them.

use crate::error::Invalid;
use crate::render::Family;

/// TeX points (what style files write) in PostScript points (the figure's unit).
const fn tex_pt(pt: f64) -> f64 {
    pt * 72.0 / 72.27
}

const IN: f64 = 72.0;
const CM: f64 = 72.0 / 2.54;

/// One venue's paper.
#[derive(Debug, PartialEq)]
pub(crate) struct Venue {
    pub name: &'static str,
    pub title: &'static str,
    /// The body face.
    pub face: Family,
    /// `\columnwidth` and `\textwidth` in PostScript points.
    pub column: f64,
    pub full: f64,
    /// `\footnotesize`, the size of figure text, in PostScript points.
    pub footnote: f64,
    /// Where the numbers come from.
    pub source: &'static str,
}

/// Every venue, in the order the guide lists them.
pub(crate) static VENUES: &[Venue] = &[
    Venue {
        name: "icml",
        title: "ICML",
        face: Family::Times,
        column: 3.25 * IN,
        full: 6.75 * IN,
        footnote: tex_pt(8.0),
        source: "`icml2024.sty`: `times`, `\\textwidth` 6.75 in, `\\columnsep` 0.25 in; 10 pt `article` (`\\footnotesize` 8 pt)",
    },
    Venue {
        name: "neurips",
        title: "NeurIPS",
        face: Family::Times,
        column: 5.5 * IN,
        full: 5.5 * IN,
        footnote: tex_pt(8.0),
        source: "`neurips_2026.sty`: `\\rmdefault` `ptm`, `textwidth=5.5in` (one column), `\\footnotesize` 8 pt",
    },
    Venue {
        name: "iclr",
        title: "ICLR",
        face: Family::Times,
        column: 5.5 * IN,
        full: 5.5 * IN,
        footnote: tex_pt(9.0),
        source: "`iclr2025_conference.sty`: `times`, `\\textwidth` 5.5 in (one column), `\\footnotesize` 9 pt",
    },
    Venue {
        name: "acl",
        title: "ACL",
        face: Family::Times,
        column: 7.7 * CM,
        full: 16.0 * CM,
        footnote: tex_pt(9.0),
        source: "`acl.sty`: `times`, A4, `\\textwidth` 16 cm, `\\columnsep` 0.6 cm; 11 pt (`\\footnotesize` 9 pt)",
    },
    Venue {
        name: "ieee",
        title: "IEEEtran",
        face: Family::Times,
        column: 3.5 * IN,
        full: 7.16 * IN,
        footnote: tex_pt(8.0),
        source: "`IEEEtran.cls` (conference, letter): Times, `\\columnwidth` 3.5 in, `\\textwidth` 7.16 in; 10 pt (`\\footnotesize` 8 pt)",
    },
    Venue {
        name: "aistats",
        title: "AISTATS",
        face: Family::Times,
        column: 3.25 * IN,
        full: 6.75 * IN,
        footnote: tex_pt(8.0),
        source: "`aistats2024.sty`: `times`, `\\textwidth` 6.75 in, `\\columnsep` 0.25 in; 10 pt (`\\footnotesize` 8 pt)",
    },
];

impl Venue {
    pub(crate) fn named(name: &str) -> Result<&'static Venue, Invalid> {
        VENUES.iter().find(|v| v.name == name).ok_or_else(|| {
            let names: Vec<&str> = VENUES.iter().map(|v| v.name).collect();
            Invalid(format!(
                "unknown venue `{name}` (expected {})",
                names.join(", ")
            ))
        })
    }
}

/// The venue table of the user guide, made from the venues above.
pub fn venues_table() -> String {
    let mut table = String::from(
        "| venue | face | column × text width | figure type | from |\n|---|---|---|---|---|\n",
    );
    let face = |f: Family| match f {
        Family::Times => "TeX Gyre Termes (Times)",
        Family::Helvetica => "TeX Gyre Heros (Helvetica)",
        Family::Serif => "Latin Modern",
        Family::Sans => "DejaVu Sans",
        Family::OpenSans => "Open Sans",
    };
    for v in VENUES {
        table.push_str(&format!(
            "| `{}` ({}) | {} | {} × {} pt | {} pt | {} |\n",
            v.name,
            v.title,
            face(v.face),
            crate::format::sig(v.column, 4),
            crate::format::sig(v.full, 4),
            crate::format::sig(v.footnote * 72.27 / 72.0, 2),
            v.source
        ));
    }
    table
}
