//! Output formats, each written straight from the one [`Scene`]: SVG (glyph outlines shared
//! through `<use>`, title and description), PDF (krilla: vector, text kept as text with the
//! fonts embedded and subset), PNG (tiny-skia, with the dpi recorded) and EPS (our writer:
//! paths only, opaque colours).

mod eps;
mod outline;
mod palette;
mod path_data;
mod pdf;
mod pgf;
mod png;
mod svg;

pub(crate) use outline::text_path as text_outline;
pub(crate) use svg::escape as escape_xml;
pub(crate) use svg::num;

use super::scene::{Scene, Theme};
use crate::error::EncodeError;
use crate::error::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Svg,
    Pdf,
    Png,
    Eps,
    /// PGF commands for LaTeX, whose words the paper typesets.
    Pgf,
}

impl Format {
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Pdf => "pdf",
            Format::Png => "png",
            Format::Eps => "eps",
            Format::Pgf => "pgf",
        }
    }

    pub(crate) fn is_vector(self) -> bool {
        self != Format::Png
    }
}

impl std::str::FromStr for Format {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        match s {
            "svg" => Ok(Format::Svg),
            "pdf" => Ok(Format::Pdf),
            "png" => Ok(Format::Png),
            "eps" => Ok(Format::Eps),
            "pgf" => Ok(Format::Pgf),
            other => Err(Invalid(format!(
                "unknown format `{other}` (expected svg, pdf, png, eps or pgf)"
            ))),
        }
    }
}

crate::deserialize_from_str!(Format);

/// A drawn figure, ready to be written in any format.
pub struct Drawing {
    scene: Scene,
    /// Prefix of every SVG element id.
    id_prefix: String,
    /// The SVG, written once, with [`ID_MARK`] where each id's prefix goes.
    svg: String,
}

/// Where a prefix goes in [`Drawing::svg`]: a control character, which the SVG writer never
/// writes otherwise (XML cannot hold it; text is escaped).
const ID_MARK: char = '\u{1}';

impl Drawing {
    /// The drawing of `scene`, its SVG ids prefixed by `prefix`, a function of the SVG it
    /// writes without a prefix: different figures never share ids, and one figure's bytes do
    /// not depend on where it is written.
    pub(crate) fn new(scene: Scene, prefix: impl FnOnce(&[u8]) -> String) -> Drawing {
        let svg = svg::write(&scene, ID_MARK.encode_utf8(&mut [0; 4]), Theme::Light);
        let unprefixed: Vec<u8> = svg.bytes().filter(|&b| b != ID_MARK as u8).collect();
        Drawing {
            id_prefix: prefix(&unprefixed),
            scene,
            svg,
        }
    }

    pub(crate) fn id_prefix(&self) -> &str {
        &self.id_prefix
    }

    pub(crate) fn scene(&self) -> &Scene {
        &self.scene
    }

    /// The figure for a web page: on a light page and on a dark page side by side in one
    /// image twice as wide (the page shows the half its theme wants), as SVG or, with
    /// `format=png`, PNG at `dpi`; with its MIME type.
    pub(crate) fn light_and_dark(
        &self,
        format: Format,
        dpi: u32,
    ) -> Result<(&'static str, Vec<u8>), EncodeError> {
        match format {
            Format::Png => Ok(("image/png", png::write_light_and_dark(&self.scene, dpi)?)),
            // PDF and EPS cannot be shown in a page; the same drawing is shown as SVG.
            _ => {
                // An image is a document of its own: its ids need no figure prefix.
                let svg = svg::write_light_and_dark(&self.scene, "");
                Ok(("image/svg+xml", svg.into_bytes()))
            }
        }
    }

    /// The figure in `format`; `dpi` applies to PNG.
    pub fn encode(&self, format: Format, dpi: u32) -> Result<Vec<u8>, EncodeError> {
        match format {
            Format::Svg => Ok(self.svg.replace(ID_MARK, &self.id_prefix).into_bytes()),
            Format::Pdf => pdf::write(&self.scene),
            Format::Png => png::write(&self.scene, dpi, Theme::Light),
            Format::Eps => Ok(eps::write(&self.scene).into_bytes()),
            Format::Pgf => Ok(pgf::write(&self.scene, "", "figure")?.text.into_bytes()),
        }
    }

    /// The figure in `format` as the files that make it: `stem.EXT`, and for PGF the images
    /// it places, named after the stem; each file refers to the others as `folder` + name.
    pub(crate) fn files(
        &self,
        format: Format,
        dpi: u32,
        folder: &str,
        stem: &str,
    ) -> Result<Vec<(String, Vec<u8>)>, EncodeError> {
        let name = format!("{stem}.{}", format.extension());
        if format != Format::Pgf {
            return Ok(vec![(name, self.encode(format, dpi)?)]);
        }
        let pgf = pgf::write(&self.scene, folder, stem)?;
        Ok(std::iter::once((name, pgf.text.into_bytes()))
            .chain(pgf.images)
            .collect())
    }
}
