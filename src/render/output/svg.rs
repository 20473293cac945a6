//! SVG output: the scene written directly, in points (the viewBox is the page, so the figure
//! scales under CSS), text as shared glyph outlines (each glyph defined once in `<defs>` and
//! placed with `<use>`, so it looks the same in every browser with or without the fonts), and
//! `<title>` and `<desc>` with the figure's title and alt text for search and screen readers.
//! Every id starts with a prefix unique to the figure, so several can share a page.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::outline::{glyph, placed};
use crate::render::fonts::FaceId;
use crate::render::scene::{Item, Paint, Path, Scene, Seg, Stroke, Text, Theme};

/// A number to 0.01 point, without trailing zeros.
pub(crate) fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// A number in em units (glyph outlines), to 1/10000 em.
fn em(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

fn path_data(path: &Path, number: fn(f64) -> String, flip: bool) -> String {
    let y = |v: f64| if flip { -v } else { v };
    let mut d = String::with_capacity(path.segs.len() * 12);
    for seg in &path.segs {
        let _ = match *seg {
            Seg::Move(a, b) => write!(d, "M{} {}", number(a), number(y(b))),
            Seg::Line(a, b) => write!(d, "L{} {}", number(a), number(y(b))),
            Seg::Cubic(a, b, c, e, f, g) => write!(
                d,
                "C{} {} {} {} {} {}",
                number(a),
                number(y(b)),
                number(c),
                number(y(e)),
                number(f),
                number(y(g))
            ),
            Seg::Close => write!(d, "Z"),
        };
    }
    d
}

fn glyph_id(prefix: &str, face: FaceId, id: u16) -> String {
    let f = match face {
        FaceId::Sans => 's',
        FaceId::Serif => 'r',
    };
    format!("{prefix}{f}{id}")
}

/// The figure as a standalone SVG document on `theme`.
pub fn write(scene: &Scene, id_prefix: &str, theme: Theme) -> String {
    let mut glyphs: BTreeSet<(FaceId, u16)> = BTreeSet::new();
    for text in scene.texts() {
        for (face, id, _) in placed(text) {
            glyphs.insert((face, id));
        }
    }
    let (w, h) = (num(scene.width), num(scene.height));
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
         width=\"{w}pt\" height=\"{h}pt\" viewBox=\"0 0 {w} {h}\" role=\"img\" \
         aria-labelledby=\"{id_prefix}title {id_prefix}desc\">\
         <title id=\"{id_prefix}title\">{}</title><desc id=\"{id_prefix}desc\">{}</desc><defs>",
        escape(&scene.title),
        escape(&scene.description)
    );
    for &(face, id) in &glyphs {
        let outline = Path {
            segs: glyph(face, id).to_vec(),
        };
        let _ = write!(
            out,
            "<path id=\"{}\" d=\"{}\"/>",
            glyph_id(id_prefix, face, id),
            path_data(&outline, em, true)
        );
    }
    out.push_str("</defs>");
    let _ = write!(
        out,
        "<rect width=\"{w}\" height=\"{h}\" fill=\"{}\"/>",
        theme.paper().hex()
    );
    for item in &scene.items {
        match item {
            Item::Shape { path, fill, stroke } => shape(&mut out, path, *fill, stroke, theme),
            Item::Text(text) => self::text(&mut out, text, id_prefix, theme),
        }
    }
    out.push_str("</svg>");
    out
}

fn colour(paint: Paint, theme: Theme) -> String {
    paint.resolve(theme).hex()
}

fn shape(
    out: &mut String,
    path: &Path,
    fill: Option<Paint>,
    stroke: &Option<Stroke>,
    theme: Theme,
) {
    let _ = write!(out, "<path d=\"{}\"", path_data(path, num, false));
    match fill {
        Some(p) => {
            let _ = write!(out, " fill=\"{}\"", colour(p, theme));
        }
        None => out.push_str(" fill=\"none\""),
    }
    if let Some(s) = stroke {
        let _ = write!(
            out,
            " stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\"",
            colour(s.paint, theme),
            num(s.width)
        );
        if !s.dash.is_empty() {
            let dash: Vec<String> = s.dash.iter().map(|&d| num(d)).collect();
            let _ = write!(out, " stroke-dasharray=\"{}\"", dash.join(" "));
        }
    }
    out.push_str("/>");
}

fn text(out: &mut String, text: &Text, prefix: &str, theme: Theme) {
    let rotate = if text.upright { " rotate(-90)" } else { "" };
    let _ = write!(
        out,
        "<g fill=\"{}\" transform=\"translate({} {}){rotate} scale({})\">",
        colour(text.paint, theme),
        num(text.x),
        num(text.y),
        em(text.size)
    );
    for (face, id, pen) in placed(text) {
        if glyph(face, id).is_empty() {
            continue;
        }
        let _ = write!(out, "<use xlink:href=\"#{}\"", glyph_id(prefix, face, id));
        if pen != 0.0 {
            let _ = write!(out, " x=\"{}\"", em(pen));
        }
        out.push_str("/>");
    }
    out.push_str("</g>");
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
