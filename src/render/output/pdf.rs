//! PDF output through krilla, drawn straight from the scene: vector paths, text kept as text
//! (searchable, copyable) with the embedded fonts subset, one page the size of the figure.
//! PDF 1.5, which pdflatex includes without a version warning. No dates or random ids go in,
//! so the bytes only depend on the figure.

use krilla::Document;
use krilla::configure::{ConfigurationBuilder, PdfVersion};
use krilla::geom::{PathBuilder, Point, Transform};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, Stroke, StrokeDash};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{SerializeSettings, color::rgb};

use crate::error::EncodeError;
use crate::render::fonts::FaceId;
use crate::render::scene::{Item, Paint, Path, Scene, Text, Theme};

crate::render::scene::path_sink!(PathBuilder);

fn path(p: &Path) -> Option<krilla::geom::Path> {
    let mut b = PathBuilder::new();
    p.trace(&mut b);
    b.finish()
}

fn paint(p: Paint) -> krilla::paint::Paint {
    let c = p.resolve(Theme::Light);
    rgb::Color::new(c.0, c.1, c.2).into()
}

pub(crate) fn write(scene: &Scene) -> Result<Vec<u8>, EncodeError> {
    let configuration = ConfigurationBuilder::new()
        .with_version(PdfVersion::Pdf15)
        .finish()
        .map_err(|e| EncodeError::PdfConfiguration(format!("{e:?}")))?;
    let settings = SerializeSettings {
        configuration,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    document.set_metadata(
        Metadata::new()
            .title(scene.title.clone())
            .description(scene.description.clone())
            .creator("effgraph".to_string()),
    );
    // Only the faces the figure sets text in are read (and so embedded).
    let mut fonts: Vec<(FaceId, Option<Font>)> = Vec::new();
    for face in scene.faces() {
        fonts.push((face, Font::new(face.data().into(), 0)));
    }
    let font = |face: FaceId| {
        fonts
            .iter()
            .find(|(f, _)| *f == face)
            .and_then(|(_, font)| font.clone())
            .ok_or(EncodeError::PdfFont)
    };
    let (w, h) = (scene.width as f32, scene.height as f32);
    let page_settings = PageSettings::from_wh(w, h).ok_or(EncodeError::PdfPageSize)?;
    let mut page = document.start_page_with(page_settings);
    let mut surface = page.surface();
    for item in &scene.items {
        match item {
            Item::Shape {
                path: p,
                fill,
                stroke,
            } => {
                let Some(p) = path(p) else { continue };
                surface.set_fill(fill.map(|f| Fill {
                    paint: paint(f),
                    opacity: NormalizedF32::ONE,
                    rule: FillRule::NonZero,
                }));
                surface.set_stroke(stroke.as_ref().map(|s| Stroke {
                    paint: paint(s.paint),
                    width: s.width as f32,
                    line_cap: LineCap::Butt,
                    line_join: LineJoin::Round,
                    dash: (!s.dash.is_empty()).then(|| StrokeDash {
                        array: s.dash.iter().map(|&d| d as f32).collect(),
                        offset: 0.0,
                    }),
                    ..Stroke::default()
                }));
                surface.draw_path(&p);
            }
            Item::Text(text) => draw_text(&mut surface, text, &font)?,
        }
    }
    surface.finish();
    page.finish();
    document
        .finish()
        .map_err(|e| EncodeError::Pdf(format!("{e:?}")))
}

fn draw_text(
    surface: &mut krilla::surface::Surface,
    text: &Text,
    font: &dyn Fn(FaceId) -> Result<Font, EncodeError>,
) -> Result<(), EncodeError> {
    surface.push_transform(&Transform::from_translate(text.x as f32, text.y as f32));
    let rotate = if text.upright {
        Transform::from_rotate(-90.0)
    } else {
        Transform::identity()
    };
    surface.push_transform(&rotate);
    surface.set_stroke(None);
    surface.set_fill(Some(Fill {
        paint: paint(text.paint),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }));
    let size = text.size as f32;
    let mut pen = 0.0f32;
    for run in &text.shaped.runs {
        let glyphs: Vec<KrillaGlyph> = run
            .glyphs
            .iter()
            .map(|g| {
                KrillaGlyph::new(
                    GlyphId::new(u32::from(g.id)),
                    g.advance as f32,
                    0.0,
                    0.0,
                    0.0,
                    g.cluster.clone(),
                    None,
                )
            })
            .collect();
        let advance: f32 = run.glyphs.iter().map(|g| g.advance as f32).sum();
        surface.draw_glyphs(
            Point::from_xy(pen * size, 0.0),
            &glyphs,
            font(run.face)?,
            &text.shaped.text,
            size,
            false,
        );
        pen += advance;
    }
    surface.pop();
    surface.pop();
    Ok(())
}
