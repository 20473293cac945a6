//! SVG output: the usvg tree written back with text as shared glyph outlines (see
//! [`super::glyphs`]), so it looks the same in every browser, every id prefixed so several
//! figures can sit inline on one page, the size in points and a `<title>` for screen readers.

use super::glyphs::{GlyphDefs, texts};
use crate::render::style::FigureSize;

pub fn write(tree: &usvg::Tree, size: FigureSize, title: &str, id_prefix: &str) -> String {
    let options = usvg::WriteOptions {
        id_prefix: Some(id_prefix.to_string()),
        // Text elements are written, then replaced by glyph uses below.
        preserve_text: true,
        coordinates_precision: 1,
        transforms_precision: 6,
        indent: usvg::Indent::None,
        attributes_indent: usvg::Indent::None,
        ..usvg::WriteOptions::default()
    };
    let written = tree.to_string(&options);
    let mut glyphs = GlyphDefs::new(tree.fontdb(), id_prefix);
    let mut body = String::with_capacity(written.len());
    let mut rest = written.as_str();
    for text in texts(tree.root()) {
        let (Some(start), Some(end)) = (rest.find("<text"), rest.find("</text>")) else {
            break;
        };
        body.push_str(&rest[..start]);
        body.push_str(&glyphs.uses(text));
        rest = &rest[end + "</text>".len()..];
    }
    body.push_str(rest);
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
    // The glyph uses need the xlink namespace on the root element.
    let body = match body.find('>') {
        Some(end) if !body[..end].contains("xmlns:xlink=") => format!(
            "{} xmlns:xlink=\"http://www.w3.org/1999/xlink\"{}",
            &body[..end],
            &body[end..]
        ),
        _ => body,
    };
    let title = format!(
        "<title id=\"{id_prefix}title\">{}</title>{}",
        escape(title),
        glyphs.defs()
    );
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

#[cfg(test)]
mod tests {
    #[test]
    fn xml_escapes_markup_and_both_quotes() {
        assert_eq!(
            super::escape("<a href=\"x\" title='y'>&</a>"),
            "&lt;a href=&quot;x&quot; title=&apos;y&apos;&gt;&amp;&lt;/a&gt;"
        );
    }
}
