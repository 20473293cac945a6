//! PDF output through krilla: vector paths, text kept as text with DejaVu Sans embedded and
//! subset, one page the size of the figure. No dates or random ids go in, so the bytes only
//! depend on the drawing.

use krilla::Document;
use krilla::geom::Size;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla_svg::{SurfaceExt, SvgSettings};

use crate::render::style::FigureSize;

pub fn write(tree: &usvg::Tree, size: FigureSize, title: &str) -> Result<Vec<u8>, String> {
    let (w, h) = (size.width_pt as f32, size.height_pt as f32);
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .creator("effgraph".to_string()),
    );
    let settings = PageSettings::from_wh(w, h).ok_or("figure size is not a valid PDF page size")?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    let target = Size::from_wh(w, h).ok_or("figure size is not a valid PDF page size")?;
    surface
        .draw_svg(
            tree,
            target,
            SvgSettings {
                embed_text: true,
                ..SvgSettings::default()
            },
        )
        .ok_or("the drawing could not be converted to PDF")?;
    surface.finish();
    page.finish();
    document
        .finish()
        .map_err(|e| format!("PDF could not be written: {e:?}"))
}
