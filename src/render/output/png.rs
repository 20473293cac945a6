//! PNG output through resvg: rendered at `dpi` (pixels = inches × dpi) on white, with the
//! resolution recorded in the file's pHYs chunk so layout programs place it at its real size.

use resvg::tiny_skia;

use crate::render::style::FigureSize;

pub fn write(tree: &usvg::Tree, size: FigureSize, dpi: u32) -> Result<Vec<u8>, String> {
    size.check_raster(dpi)?;
    let (width, height) = size.pixels(dpi);
    let (width, height) = (width as u32, height as u32);
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| format!("a {width}×{height} pixel image is too large; lower --dpi"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let sx = width as f32 / tree.size().width();
    let sy = height as f32 / tree.size().height();
    resvg::render(
        tree,
        tiny_skia::Transform::from_scale(sx, sy),
        &mut pixmap.as_mut(),
    );
    // The canvas is opaque (white first), so RGB without alpha loses nothing.
    let mut rgb = Vec::with_capacity((width * height * 3) as usize);
    for p in pixmap.pixels() {
        let c = p.demultiply();
        rgb.extend_from_slice(&[c.red(), c.green(), c.blue()]);
    }
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        // Flat-colour charts compress well even at the fast setting, at a fraction of the time.
        encoder.set_compression(png::Compression::Fast);
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
