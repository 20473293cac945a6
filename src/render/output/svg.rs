//! SVG output: the usvg tree written back with text converted to outlines (so it looks the
//! same in every browser, with or without DejaVu Sans installed), every id prefixed so several
//! figures can sit inline on one page, the size in points and a `<title>` for screen readers.

use super::FigureSize;

pub fn write(tree: &usvg::Tree, size: FigureSize, title: &str, id_prefix: &str) -> String {
    let options = usvg::WriteOptions {
        id_prefix: Some(id_prefix.to_string()),
        preserve_text: false,
        coordinates_precision: 1,
        transforms_precision: 6,
        indent: usvg::Indent::None,
        attributes_indent: usvg::Indent::None,
        ..usvg::WriteOptions::default()
    };
    let body = tree.to_string(&options);
    let (w, h) = (tree.size().width(), tree.size().height());
    // usvg writes the canvas size in pixels; the figure's real size is in points.
    let from = format!("width=\"{}\" height=\"{}\"", fmt(w), fmt(h));
    // The viewBox maps the pixel canvas onto the point size; it also lets CSS scale the figure.
    let to = format!(
        "width=\"{}pt\" height=\"{}pt\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{id_prefix}title\"",
        fmt(size.width_pt as f32),
        fmt(size.height_pt as f32),
        fmt(w),
        fmt(h)
    );
    let body = body.replacen(&from, &to, 1);
    let title = format!("<title id=\"{id_prefix}title\">{}</title>", escape(title));
    match body.find('>') {
        Some(end) => format!("{}{title}{}", &body[..=end], &body[end + 1..]),
        None => body,
    }
}

fn fmt(v: f32) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Escapes text for XML character data and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}
