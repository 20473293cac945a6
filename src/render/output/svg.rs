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

/// Glyph outlines and pen positions are written in thousandths of an em.
const GLYPH_UNITS: f64 = 1000.0;

/// `k / per_unit` in the fewest characters: `12.5`, `-.25`, `3`.
fn quantum(k: i64, per_unit: i64) -> String {
    let sign = if k < 0 { "-" } else { "" };
    let (whole, frac) = (
        k.unsigned_abs() / per_unit as u64,
        k.unsigned_abs() % per_unit as u64,
    );
    if frac == 0 {
        return format!("{sign}{whole}");
    }
    let digits = per_unit.ilog10() as usize;
    let frac = format!("{frac:0digits$}");
    let frac = frac.trim_end_matches('0');
    if whole == 0 {
        format!("{sign}.{frac}")
    } else {
        format!("{sign}{whole}.{frac}")
    }
}

/// Path data in relative commands on a grid of `1 / per_unit` (after multiplying every
/// coordinate by `scale`): each end point is rounded
/// to the grid first, so the relative steps add up exactly; a command letter is written
/// only when it changes, and a separator only where one is needed.
struct PathData {
    d: String,
    per_unit: i64,
    scale: f64,
    at: (i64, i64),
    start: (i64, i64),
    last: char,
    /// Whether the last number written has a decimal point (then `.5` can follow directly).
    point: bool,
}

impl PathData {
    fn new(scale: f64, per_unit: i64) -> Self {
        PathData {
            d: String::new(),
            per_unit,
            scale,
            at: (0, 0),
            start: (0, 0),
            last: ' ',
            point: false,
        }
    }

    fn grid(&self, (x, y): (f64, f64)) -> (i64, i64) {
        let q = self.per_unit as f64 * self.scale;
        ((x * q).round() as i64, (y * q).round() as i64)
    }

    fn command(&mut self, c: char) {
        // After a move, further pairs are lines without repeating the letter.
        if c != self.last && !(c == 'l' && self.last == 'm') {
            self.d.push(c);
            self.point = false;
        }
        self.last = if c == 'm' { 'm' } else { c };
    }

    fn number(&mut self, k: i64) {
        let text = quantum(k, self.per_unit);
        let joins = text.starts_with('-') || (text.starts_with('.') && self.point);
        let after_letter = self.d.ends_with(|c: char| c.is_ascii_alphabetic());
        if !joins && !after_letter && !self.d.is_empty() {
            self.d.push(' ');
        }
        self.point = text.contains('.');
        self.d.push_str(&text);
    }

    fn step(&mut self, to: (i64, i64)) {
        let (dx, dy) = (to.0 - self.at.0, to.1 - self.at.1);
        self.number(dx);
        self.number(dy);
    }

    fn write(path: &Path, scale: f64, per_unit: i64, flip: bool) -> String {
        let mut w = PathData::new(scale, per_unit);
        let f = |(x, y): (f64, f64)| if flip { (x, -y) } else { (x, y) };
        for seg in &path.segs {
            match *seg {
                Seg::Move(x, y) => {
                    let p = w.grid(f((x, y)));
                    w.command('m');
                    w.step(p);
                    (w.at, w.start) = (p, p);
                }
                Seg::Line(x, y) => {
                    let p = w.grid(f((x, y)));
                    match (p.0 == w.at.0, p.1 == w.at.1) {
                        (true, true) => continue,
                        (false, true) => {
                            w.command('h');
                            w.number(p.0 - w.at.0);
                        }
                        (true, false) => {
                            w.command('v');
                            w.number(p.1 - w.at.1);
                        }
                        (false, false) => {
                            w.command('l');
                            w.step(p);
                        }
                    }
                    w.at = p;
                }
                Seg::Cubic(a, b, c, e, x, y) => {
                    let (c1, c2, p) = (w.grid(f((a, b))), w.grid(f((c, e))), w.grid(f((x, y))));
                    w.command('c');
                    w.step(c1);
                    w.step(c2);
                    w.step(p);
                    w.at = p;
                }
                Seg::Close => {
                    w.command('z');
                    w.at = w.start;
                }
            }
        }
        w.d
    }
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
        "<svg xmlns=\"http://www.w3.org/2000/svg\" fill=\"none\" stroke-linejoin=\"round\" \
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
            PathData::write(&outline, GLYPH_UNITS, 1, true)
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
    theme: Theme,
) {
    let _ = write!(
        out,
        "<path d=\"{}\"",
        PathData::write(path, 1.0, 100, false)
    );
    // Without one, the document's default fill (none) applies.
    if let Some(p) = fill {
        let _ = write!(out, " fill=\"{}\"", colour(p, theme));
    }
    if let Some(s) = stroke {
        let _ = write!(
            out,
            " stroke=\"{}\" stroke-width=\"{}\"",
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
    use super::*;

    #[test]
    fn quanta_are_written_in_the_fewest_characters() {
        let cases = [
            (0, "0"),
            (1250, "12.5"),
            (-25, "-.25"),
            (300, "3"),
            (-7, "-.07"),
            (5, ".05"),
        ];
        for (k, text) in cases {
            assert_eq!(quantum(k, 100), text);
        }
        assert_eq!(quantum(70_000, 10_000_000), ".007");
    }

    #[test]
    fn path_data_is_relative_exact_and_separated_only_where_needed() {
        let mut p = Path::default();
        p.move_to(10.0, 20.0)
            .line_to(10.5, 20.0)
            .line_to(10.5, 19.25)
            .line_to(12.0, 21.0)
            .line_to(13.0, 22.0)
            .close();
        p.move_to(1.0, 1.0);
        // Steps are taken between grid points, so they add up to the rounded end points.
        assert_eq!(
            PathData::write(&p, 1.0, 100, false),
            "m10 20h.5v-.75l1.5 1.75 1 1zm-9-19"
        );
        // Glyphs: thousandths of an em, y flipped.
        let mut g = Path::default();
        g.move_to(0.1234, 0.5).line_to(0.2, -0.25);
        assert_eq!(PathData::write(&g, 1000.0, 1, true), "m123-500 77 750");
    }

    #[test]
    fn xml_escapes_markup_and_both_quotes() {
        assert_eq!(
            super::escape("<a href=\"x\" title='y'>&</a>"),
            "&lt;a href=&quot;x&quot; title=&apos;y&apos;&gt;&amp;&lt;/a&gt;"
        );
    }
}
