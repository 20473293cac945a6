//! Output formats. The chart is drawn once (plotters SVG at `SCALE` px per point), parsed once
//! into a usvg tree whose only font is the embedded DejaVu Sans, and that tree is written as
//! SVG (text as outlines), PDF (krilla: vector, font embedded and subset), PNG (resvg, with
//! the dpi recorded) or EPS (our writer: paths only, opaque colours).

mod eps;
mod glyphs;
mod pdf;
mod png;
mod svg;

pub use svg::escape as escape_xml;

use std::sync::Arc;

use super::fonts::{FONT, FONT_NAME};
use super::style::FigureSize;

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

/// The drawing, parsed and ready to be written in any format.
pub struct Drawing {
    tree: usvg::Tree,
    size: FigureSize,
    /// Plain-text title for formats that carry one (SVG `<title>`, PDF metadata).
    title: String,
    /// Prefix of every SVG element id.
    id_prefix: String,
}

impl Drawing {
    /// Parses plotters' SVG with a font database holding only the embedded font.
    pub fn parse(
        svg: &str,
        size: FigureSize,
        title: &str,
        id_prefix: String,
    ) -> Result<Drawing, String> {
        let mut fontdb = usvg::fontdb::Database::new();
        fontdb.load_font_data(FONT.to_vec());
        // Without this, usvg finds no face for `sans-serif` and silently drops every text.
        fontdb.set_sans_serif_family(FONT_NAME);
        let options = usvg::Options {
            font_family: FONT_NAME.to_string(),
            fontdb: Arc::new(fontdb),
            ..usvg::Options::default()
        };
        let tree = usvg::Tree::from_str(svg, &options)
            .map_err(|e| format!("cannot parse the drawing: {e}"))?;
        Ok(Drawing {
            tree,
            size,
            title: title.to_string(),
            id_prefix,
        })
    }

    pub fn id_prefix(&self) -> &str {
        &self.id_prefix
    }

    /// The SVG with another `<title>` (an HTML page uses the alt text there).
    pub fn svg_titled(&self, title: &str) -> String {
        svg::write(&self.tree, self.size, title, &self.id_prefix)
    }

    /// The figure in `format`; `dpi` applies to PNG.
    pub fn encode(&self, format: Format, dpi: u32) -> Result<Vec<u8>, String> {
        match format {
            Format::Svg => {
                Ok(svg::write(&self.tree, self.size, &self.title, &self.id_prefix).into_bytes())
            }
            Format::Pdf => pdf::write(&self.tree, self.size, &self.title),
            Format::Png => png::write(&self.tree, self.size, dpi),
            Format::Eps => Ok(eps::write(&self.tree, self.size, &self.title).into_bytes()),
        }
    }
}
