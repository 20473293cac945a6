//! Output formats, each written straight from the one [`Scene`]: SVG (glyph outlines shared
//! through `<use>`, title and description), PDF (krilla: vector, text kept as text with the
//! fonts embedded and subset), PNG (tiny-skia, with the dpi recorded) and EPS (our writer:
//! paths only, opaque colours).

mod eps;
mod outline;
mod pdf;
mod png;
mod svg;

pub(crate) use outline::text_path as text_outline;
pub use svg::escape as escape_xml;
pub(crate) use svg::num;

use super::scene::{Scene, Theme};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Svg,
    Pdf,
    Png,
    Eps,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Pdf => "pdf",
            Format::Png => "png",
            Format::Eps => "eps",
        }
    }

    pub fn is_vector(self) -> bool {
        self != Format::Png
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "svg" => Ok(Format::Svg),
            "pdf" => Ok(Format::Pdf),
            "png" => Ok(Format::Png),
            "eps" => Ok(Format::Eps),
            other => Err(format!(
                "unknown format `{other}` (expected svg, pdf, png or eps)"
            )),
        }
    }
}

crate::deserialize_from_str!(Format);

/// A drawn figure, ready to be written in any format.
pub struct Drawing {
    scene: Scene,
    /// Prefix of every SVG element id.
    id_prefix: String,
}

impl Drawing {
    pub fn new(scene: Scene, id_prefix: String) -> Drawing {
        Drawing { scene, id_prefix }
    }

    pub fn id_prefix(&self) -> &str {
        &self.id_prefix
    }

    pub fn scene(&self) -> &Scene {
        &self.scene
    }

    /// The SVG with another description (an HTML page uses the directive's alt text), on
    /// `theme`, with ids under `prefix` (a page holding a light and a dark copy needs two).
    pub fn svg_for_page(&self, description: &str, theme: Theme, prefix: &str) -> String {
        let mut scene = self.scene.clone();
        scene.description = description.to_string();
        svg::write(&scene, prefix, theme)
    }

    /// The figure in `format`; `dpi` applies to PNG.
    pub fn encode(&self, format: Format, dpi: u32) -> Result<Vec<u8>, String> {
        match format {
            Format::Svg => Ok(svg::write(&self.scene, &self.id_prefix, Theme::Light).into_bytes()),
            Format::Pdf => pdf::write(&self.scene),
            Format::Png => png::write(&self.scene, dpi, Theme::Light),
            Format::Eps => Ok(eps::write(&self.scene).into_bytes()),
        }
    }

    /// A PNG of the figure on `theme`.
    pub fn png(&self, dpi: u32, theme: Theme) -> Result<Vec<u8>, String> {
        png::write(&self.scene, dpi, theme)
    }
}
