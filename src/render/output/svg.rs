//! SVG output: the scene written directly, in points (the viewBox is the page, so the figure
//! scales under CSS), text as shared glyph outlines (each glyph defined once in `<defs>` and
//! placed with `<use>`, so it looks the same in every browser with or without the fonts), and
//! `<title>` and `<desc>` with the figure's title and alt text for search and screen readers.
//! Every id starts with a prefix unique to the figure, so several can share a page.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt::Write;

use super::outline::{glyph, placed};
use super::path_data::{GLYPH_UNITS, PathData, quantum};
use crate::render::fonts::FaceId;
use crate::render::scene::{Item, Paint, Path, Scene, Stroke, Text, Theme};

/// A number to 0.01 point, without trailing zeros.
pub(crate) fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

fn glyph_id(prefix: &str, face: FaceId, id: u16) -> String {
    let f = match face {
        FaceId::Sans => 's',
        FaceId::Serif => 'r',
        FaceId::Termes => 't',
        FaceId::Heros => 'h',
        FaceId::OpenSans => 'o',
    };
    format!("{prefix}{f}{id}")
}

/// How colours are written: fixed for one theme, or as classes whose colours each theme
/// sets through CSS variables (so one drawing serves a light and a dark page).
enum Colours {
    Fixed(Theme),
    Themed(RefCell<Vec<Paint>>),
}

impl Colours {
    /// The attributes giving an element its `fill` and `stroke` colours.
    fn attributes(&self, fill: Option<Paint>, stroke: Option<Paint>) -> String {
        match self {
            Colours::Fixed(theme) => {
                let mut a = String::new();
                if let Some(p) = fill {
                    let _ = write!(a, " fill=\"{}\"", colour(p, *theme));
                }
                if let Some(p) = stroke {
                    let _ = write!(a, " stroke=\"{}\"", colour(p, *theme));
                }
                a
            }
            Colours::Themed(paints) => {
                let index = |p: Paint| {
                    let mut paints = paints.borrow_mut();
                    paints.iter().position(|&q| q == p).unwrap_or_else(|| {
                        paints.push(p);
                        paints.len() - 1
                    })
                };
                let classes: Vec<String> = [(fill, 'f'), (stroke, 's')]
                    .into_iter()
                    .filter_map(|(p, kind)| p.map(|p| format!("{kind}{}", index(p))))
                    .collect();
                format!(" class=\"{}\"", classes.join(" "))
            }
        }
    }
}

/// The glyph outlines a scene uses, each once, as `<path>` elements for `<defs>`.
fn glyph_defs(scene: &Scene, id_prefix: &str) -> String {
    let mut glyphs: BTreeSet<(FaceId, u16)> = BTreeSet::new();
    for text in scene.texts() {
        for (face, id, _) in placed(text) {
            glyphs.insert((face, id));
        }
    }
    let mut out = String::new();
    for (face, id) in glyphs {
        let outline = Path {
            segs: glyph(face, id).to_vec(),
        };
        let _ = write!(
            out,
            "<path id=\"{}\" d=\"{}\"/>",
            glyph_id(id_prefix, face, id),
            PathData::write(&outline, GLYPH_UNITS, 1, true)
        );
    }
    out
}

/// The page (a rectangle in the paper colour) and everything on it.
fn drawing(scene: &Scene, id_prefix: &str, colours: &Colours) -> String {
    let mut out = String::with_capacity(32 * 1024);
    let _ = write!(
        out,
        "<rect width=\"{}\" height=\"{}\"{}/>",
        num(scene.width),
        num(scene.height),
        colours.attributes(Some(Paint::Paper), None)
    );
    for item in &scene.items {
        match item {
            Item::Shape { path, fill, stroke } => shape(&mut out, path, *fill, stroke, colours),
            Item::Text(text) => self::text(&mut out, text, id_prefix, colours),
        }
    }
    out
}

/// The figure as a standalone SVG document on `theme`.
pub(crate) fn write(scene: &Scene, id_prefix: &str, theme: Theme) -> String {
    let (w, h) = (num(scene.width), num(scene.height));
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" fill=\"none\" stroke-linejoin=\"round\" \
         width=\"{w}pt\" height=\"{h}pt\" viewBox=\"0 0 {w} {h}\" role=\"img\" \
         aria-labelledby=\"{id_prefix}title {id_prefix}desc\">\
         <title id=\"{id_prefix}title\">{}</title><desc id=\"{id_prefix}desc\">{}</desc><defs>{}</defs>",
        escape(&scene.title),
        escape(&scene.description),
        glyph_defs(scene, id_prefix)
    );
    out.push_str(&drawing(scene, id_prefix, &Colours::Fixed(theme)));
    out.push_str("</svg>");
    out
}

/// The figure on a light page and on a dark page side by side, drawn once: one document
/// twice as wide as the figure, each half a `<use>` of the same drawing whose colours come
/// from CSS variables set per half. A web page shows the half its theme wants (by moving
/// the image half its width), at little more than the size of one drawing.
pub(crate) fn write_light_and_dark(scene: &Scene, id_prefix: &str) -> String {
    let colours = Colours::Themed(RefCell::new(Vec::new()));
    let figure = drawing(scene, id_prefix, &colours);
    let Colours::Themed(paints) = colours else {
        unreachable!("themed colours were used")
    };
    let paints = paints.into_inner();
    let mut style = String::new();
    for (class, theme) in [("l", Theme::Light), ("d", Theme::Dark)] {
        let variables: Vec<String> = paints
            .iter()
            .enumerate()
            .map(|(i, &p)| format!("--c{i}:{}", colour(p, theme)))
            .collect();
        let _ = write!(style, ".{class}{{{}}}", variables.join(";"));
    }
    for i in 0..paints.len() {
        let _ = write!(
            style,
            ".f{i}{{fill:var(--c{i})}}.s{i}{{stroke:var(--c{i})}}"
        );
    }
    let (w, h) = (num(scene.width), num(scene.height));
    let both = num(2.0 * scene.width);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" fill=\"none\" stroke-linejoin=\"round\" \
         width=\"{both}pt\" height=\"{h}pt\" viewBox=\"0 0 {both} {h}\"><style>{style}</style>\
         <defs>{}<g id=\"{id_prefix}figure\">{figure}</g></defs>\
         <use href=\"#{id_prefix}figure\" class=\"l\"/><use href=\"#{id_prefix}figure\" class=\"d\" x=\"{w}\"/></svg>",
        glyph_defs(scene, id_prefix)
    )
}

/// `#rrggbb`, or `#rgb` when each channel's two digits are equal.
fn colour(paint: Paint, theme: Theme) -> String {
    let hex = paint.resolve(theme).hex();
    let b = hex.as_bytes();
    if b[1] == b[2] && b[3] == b[4] && b[5] == b[6] {
        format!("#{}{}{}", b[1] as char, b[3] as char, b[5] as char)
    } else {
        hex
    }
}

fn shape(
    out: &mut String,
    path: &Path,
    fill: Option<Paint>,
    stroke: &Option<Stroke>,
    colours: &Colours,
) {
    // Without a fill, the document's default (none) applies.
    let _ = write!(
        out,
        "<path d=\"{}\"{}",
        PathData::write(path, 1.0, 100, false),
        colours.attributes(fill, stroke.as_ref().map(|s| s.paint))
    );
    if let Some(s) = stroke {
        let _ = write!(out, " stroke-width=\"{}\"", num(s.width));
        if !s.dash.is_empty() {
            let dash: Vec<String> = s.dash.iter().map(|&d| num(d)).collect();
            let _ = write!(out, " stroke-dasharray=\"{}\"", dash.join(" "));
        }
    }
    out.push_str("/>");
}

fn text(out: &mut String, text: &Text, prefix: &str, colours: &Colours) {
    let rotate = if text.upright { " rotate(-90)" } else { "" };
    let _ = write!(
        out,
        "<g{} transform=\"translate({} {}){rotate} scale({})\">",
        colours.attributes(Some(text.paint), None),
        num(text.x),
        num(text.y),
        quantum((text.size * 1e4).round() as i64, 10_000_000)
    );
    for (face, id, pen) in placed(text) {
        if glyph(face, id).is_empty() {
            continue;
        }
        let _ = write!(out, "<use href=\"#{}\"", glyph_id(prefix, face, id));
        let pen = (pen * GLYPH_UNITS).round() as i64;
        if pen != 0 {
            let _ = write!(out, " x=\"{pen}\"");
        }
        out.push_str("/>");
    }
    out.push_str("</g>");
}

/// Escapes text for XML character data and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // A raw line break could end the HTML block a page holds this text in (a blank
            // line does, in Markdown); a reference keeps the text on its line.
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            // XML cannot hold the other control characters (and the drawing marks its ids
            // with one).
            c if c.is_control() && c != '\t' => out.push('\u{fffd}'),
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
