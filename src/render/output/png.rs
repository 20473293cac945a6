//! PNG output: the scene rasterised with tiny-skia at `dpi` (pixels = inches × dpi) on the
//! paper colour, text drawn from the embedded fonts' outlines, with the resolution recorded in
//! the pHYs chunk so layout programs place it at its real size.

use tiny_skia::{FillRule, LineCap, LineJoin, Paint as SkPaint, PathBuilder, Pixmap, Transform};

use super::outline::text_path;
use crate::render::scene::{Item, Paint, Path, Scene, Seg, Theme};
use crate::render::style::FigureSize;

fn sk_path(p: &Path) -> Option<tiny_skia::Path> {
    let mut b = PathBuilder::new();
    for seg in &p.segs {
        match *seg {
            Seg::Move(x, y) => b.move_to(x as f32, y as f32),
            Seg::Line(x, y) => b.line_to(x as f32, y as f32),
            Seg::Cubic(a, c, d, e, x, y) => {
                b.cubic_to(a as f32, c as f32, d as f32, e as f32, x as f32, y as f32)
            }
            Seg::Close => b.close(),
        }
    }
    b.finish()
}

fn sk_paint(p: Paint, theme: Theme) -> SkPaint<'static> {
    let c = p.resolve(theme);
    let mut paint = SkPaint::default();
    paint.set_color_rgba8(c.0, c.1, c.2, 255);
    paint.anti_alias = true;
    paint
}

pub fn write(scene: &Scene, dpi: u32, theme: Theme) -> Result<Vec<u8>, String> {
    let size = FigureSize {
        width_pt: scene.width,
        height_pt: scene.height,
    };
    size.check_raster(dpi)?;
    let (width, height) = size.pixels(dpi);
    let (width, height) = (width as u32, height as u32);
    let mut pixmap = Pixmap::new(width, height)
        .ok_or_else(|| format!("a {width}×{height} pixel image is too large; lower the dpi"))?;
    let paper = theme.paper();
    pixmap.fill(tiny_skia::Color::from_rgba8(paper.0, paper.1, paper.2, 255));
    let transform = Transform::from_scale(
        width as f32 / scene.width as f32,
        height as f32 / scene.height as f32,
    );
    for item in &scene.items {
        match item {
            Item::Shape { path, fill, stroke } => {
                let Some(p) = sk_path(path) else { continue };
                if let Some(f) = fill {
                    pixmap.fill_path(&p, &sk_paint(*f, theme), FillRule::Winding, transform, None);
                }
                if let Some(s) = stroke {
                    let mut sk = tiny_skia::Stroke {
                        width: s.width as f32,
                        line_cap: LineCap::Butt,
                        line_join: LineJoin::Round,
                        ..tiny_skia::Stroke::default()
                    };
                    if !s.dash.is_empty() {
                        let array = s.dash.iter().map(|&d| d as f32).collect();
                        sk.dash = tiny_skia::StrokeDash::new(array, 0.0);
                    }
                    pixmap.stroke_path(&p, &sk_paint(s.paint, theme), &sk, transform, None);
                }
            }
            Item::Text(text) => {
                if let Some(p) = sk_path(&text_path(text)) {
                    let paint = sk_paint(text.paint, theme);
                    pixmap.fill_path(&p, &paint, FillRule::Winding, transform, None);
                }
            }
        }
    }
    // The canvas is opaque, so its premultiplied pixels are the colours: RGB as they are.
    let mut rgb = Vec::with_capacity((width * height * 3) as usize);
    for p in pixmap.data().chunks_exact(4) {
        rgb.extend_from_slice(&p[..3]);
    }
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        encoder.set_filter(png::Filter::Paeth);
        encoder.set_pixel_dims(Some(png::PixelDimensions {
            xppu: (f64::from(dpi) / 0.0254).round() as u32,
            yppu: (f64::from(dpi) / 0.0254).round() as u32,
            unit: png::Unit::Meter,
        }));
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(&rgb).map_err(|e| e.to_string())?;
    }
    Ok(bytes)
}
