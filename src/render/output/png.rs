//! PNG output: the scene rasterised with tiny-skia at `dpi` (pixels = inches × dpi) on the
//! paper colour, text drawn from the embedded fonts' outlines, with the resolution recorded in
//! the pHYs chunk so layout programs place it at its real size.

use tiny_skia::{FillRule, LineCap, LineJoin, Paint as SkPaint, PathBuilder, Pixmap, Transform};

use super::outline::text_path;
use crate::error::EncodeError;
use crate::render::scene::{Item, Paint, Path, Scene, Theme};
use crate::render::style::FigureSize;

crate::render::scene::path_sink!(PathBuilder);

fn sk_path(p: &Path) -> Option<tiny_skia::Path> {
    let mut b = PathBuilder::new();
    p.trace(&mut b);
    b.finish()
}

fn sk_paint(p: Paint, theme: Theme) -> SkPaint<'static> {
    let c = p.resolve(theme);
    let mut paint = SkPaint::default();
    paint.set_color_rgba8(c.0, c.1, c.2, 255);
    paint.anti_alias = true;
    paint
}

pub(crate) fn write(scene: &Scene, dpi: u32, theme: Theme) -> Result<Vec<u8>, EncodeError> {
    let pixmap = raster(scene, dpi, theme)?;
    let (width, height) = (pixmap.width(), pixmap.height());
    let mut bytes = Vec::new();
    {
        let encoder = encoder(&mut bytes, width, height, dpi, Packing::Fast);
        let mut writer = encoder.write_header()?;
        // Row by row into the encoder: no second copy of the image.
        let mut stream = writer.stream_writer()?;
        let mut row = vec![0; width as usize * 3];
        for rgba in pixmap.data().chunks_exact(width as usize * 4) {
            rgb_row(rgba, &mut row);
            std::io::Write::write_all(&mut stream, &row)?;
        }
        stream.finish()?;
    }
    Ok(bytes)
}

/// A row of opaque premultiplied RGBA pixels (tiny-skia's) as RGB: on an opaque canvas the
/// premultiplied values are the colours.
fn rgb_row(rgba: &[u8], rgb: &mut [u8]) {
    for (to, from) in rgb.chunks_exact_mut(3).zip(rgba.chunks_exact(4)) {
        to.copy_from_slice(&from[..3]);
    }
}

/// How hard to compress: a file written on every run is written fast (the Paeth filter with
/// fast deflate); an image embedded in a cached web page, whose bytes every build copies
/// and every reader downloads, is written small: 256 colours (see [`super::palette`]), no
/// filter (which suits a chart's flat areas) and thorough deflate, about 4 times smaller.
#[derive(Clone, Copy)]
enum Packing {
    Fast,
    Small,
}

/// The figure on a light page and on a dark page side by side in one image twice as wide
/// (a web page shows the half its theme wants).
pub(crate) fn write_light_and_dark(scene: &Scene, dpi: u32) -> Result<Vec<u8>, EncodeError> {
    let light = raster(scene, dpi, Theme::Light)?;
    let dark = raster(scene, dpi, Theme::Dark)?;
    let (width, height) = (light.width(), light.height());
    let row = width as usize * 3;
    let mut both = vec![0; 2 * row * height as usize];
    let rows = light.data().chunks_exact(width as usize * 4);
    let halves = rows.zip(dark.data().chunks_exact(width as usize * 4));
    for (out, (l, d)) in both.chunks_exact_mut(2 * row).zip(halves) {
        let (left, right) = out.split_at_mut(row);
        rgb_row(l, left);
        rgb_row(d, right);
    }
    let (palette, pixels) = super::palette::indexed(&both);
    let mut bytes = Vec::new();
    {
        let mut encoder = encoder(&mut bytes, 2 * width, height, dpi, Packing::Small);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_palette(palette.concat());
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&pixels)?;
        writer.finish()?;
    }
    Ok(bytes)
}

/// The scene on a transparent page, as an RGBA PNG: a layer another format places over its
/// own drawing (PGF's dense clouds).
pub(crate) fn write_layer(scene: &Scene, dpi: u32) -> Result<Vec<u8>, EncodeError> {
    let pixmap = raster_on(scene, dpi, Theme::Light, false)?;
    let (width, height) = (pixmap.width(), pixmap.height());
    let pixels: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    let mut bytes = Vec::new();
    {
        let mut encoder = encoder(&mut bytes, width, height, dpi, Packing::Small);
        encoder.set_color(png::ColorType::Rgba);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&pixels)?;
        writer.finish()?;
    }
    Ok(bytes)
}

/// The scene's pixels on `theme`'s paper, as RGB rows.
fn raster(scene: &Scene, dpi: u32, theme: Theme) -> Result<Pixmap, EncodeError> {
    raster_on(scene, dpi, theme, true)
}

/// The scene's pixels, on `theme`'s paper when `paper`, else on nothing.
fn raster_on(scene: &Scene, dpi: u32, theme: Theme, paper: bool) -> Result<Pixmap, EncodeError> {
    let size = FigureSize {
        width_pt: scene.width,
        height_pt: scene.height,
    };
    size.check_raster(dpi)?;
    let (width, height) = size.pixels(dpi);
    let (width, height) = (width as u32, height as u32);
    let mut pixmap = Pixmap::new(width, height).ok_or(EncodeError::TooLarge { width, height })?;
    if paper {
        let paper = theme.paper();
        pixmap.fill(tiny_skia::Color::from_rgba8(paper.0, paper.1, paper.2, 255));
    }
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
    Ok(pixmap)
}

/// A PNG encoder writing into `bytes`, RGB, with the resolution recorded.
fn encoder(
    bytes: &mut Vec<u8>,
    width: u32,
    height: u32,
    dpi: u32,
    packing: Packing,
) -> png::Encoder<'_, &mut Vec<u8>> {
    let mut encoder = png::Encoder::new(bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let (compression, filter) = match packing {
        Packing::Fast => (png::Compression::Fast, png::Filter::Paeth),
        Packing::Small => (png::Compression::Balanced, png::Filter::NoFilter),
    };
    encoder.set_compression(compression);
    encoder.set_filter(filter);
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: (f64::from(dpi) / 0.0254).round() as u32,
        yppu: (f64::from(dpi) / 0.0254).round() as u32,
        unit: png::Unit::Meter,
    }));
    encoder
}
