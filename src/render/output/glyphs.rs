//! Text in SVG output as shared glyph outlines: each glyph the figure uses is defined once in
//! `<defs>` (in font units, from the embedded font) and placed with `<use>`. The result looks
//! exactly like the PNG and PDF in any viewer, with or without DejaVu Sans installed, at a
//! fraction of the size of writing every character's outline out in full.

use std::collections::BTreeMap;
use std::fmt::Write;

use usvg::{Node, Paint};

/// Glyph outlines used so far, keyed by (font, glyph), with their `<path>` data.
pub struct GlyphDefs<'a> {
    fontdb: &'a usvg::fontdb::Database,
    prefix: &'a str,
    outlines: BTreeMap<(usize, u16), String>,
}

/// Every text node in document order: the order usvg's writer emits `<text>` elements in.
pub fn texts(group: &usvg::Group) -> Vec<&usvg::Text> {
    let mut found = Vec::new();
    for node in group.children() {
        match node {
            Node::Group(g) => found.extend(texts(g)),
            Node::Text(t) => found.push(t.as_ref()),
            Node::Path(_) | Node::Image(_) => {}
        }
    }
    found
}

/// Writes an outline as SVG path data, in font units.
struct PathData(String);

fn num(v: f32) -> String {
    let s = format!("{v:.1}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

impl ttf_parser::OutlineBuilder for PathData {
    fn move_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.0, "M{} {}", num(x), num(y));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.0, "L{} {}", num(x), num(y));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let _ = write!(self.0, "Q{} {} {} {}", num(x1), num(y1), num(x), num(y));
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let _ = write!(
            self.0,
            "C{} {} {} {} {} {}",
            num(x1),
            num(y1),
            num(x2),
            num(y2),
            num(x),
            num(y)
        );
    }
    fn close(&mut self) {
        self.0.push('Z');
    }
}

fn sig5(v: f32) -> String {
    let s = format!("{:.5}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

impl<'a> GlyphDefs<'a> {
    pub fn new(fontdb: &'a usvg::fontdb::Database, prefix: &'a str) -> Self {
        GlyphDefs {
            fontdb,
            prefix,
            outlines: BTreeMap::new(),
        }
    }

    fn id(&self, font: usize, glyph: u16) -> String {
        format!("{}g{font}_{glyph}", self.prefix)
    }

    /// The `<use>` elements drawing one text node, grouped by span colour.
    pub fn uses(&mut self, text: &usvg::Text) -> String {
        let fonts: Vec<usvg::fontdb::ID> = self.fontdb.faces().map(|f| f.id).collect();
        let mut out = String::new();
        for span in text.layouted().iter().filter(|s| s.visible) {
            let Some(fill) = &span.fill else { continue };
            let Paint::Color(c) = fill.paint() else {
                continue;
            };
            let _ = write!(
                out,
                "<g fill=\"#{:02x}{:02x}{:02x}\"",
                c.red, c.green, c.blue
            );
            if fill.opacity().get() < 1.0 {
                let _ = write!(out, " fill-opacity=\"{}\"", sig5(fill.opacity().get()));
            }
            out.push('>');
            for glyph in &span.positioned_glyphs {
                let font = fonts.iter().position(|id| *id == glyph.font).unwrap_or(0);
                if !self.outlines.contains_key(&(font, glyph.id.0)) {
                    let data = self.outline(glyph.font, glyph.id);
                    self.outlines.insert((font, glyph.id.0), data);
                }
                if self.outlines[&(font, glyph.id.0)].is_empty() {
                    continue; // a space: nothing to draw
                }
                let t = glyph.outline_transform();
                let _ = write!(
                    out,
                    "<use xlink:href=\"#{}\" transform=\"matrix({} {} {} {} {} {})\"/>",
                    self.id(font, glyph.id.0),
                    sig5(t.sx),
                    sig5(t.ky),
                    sig5(t.kx),
                    sig5(t.sy),
                    num(t.tx),
                    num(t.ty)
                );
            }
            out.push_str("</g>");
        }
        out
    }

    fn outline(&self, font: usvg::fontdb::ID, glyph: ttf_parser::GlyphId) -> String {
        self.fontdb
            .with_face_data(font, |data, index| {
                let face = ttf_parser::Face::parse(data, index).ok()?;
                let mut path = PathData(String::new());
                face.outline_glyph(glyph, &mut path)?;
                Some(path.0)
            })
            .flatten()
            .unwrap_or_default()
    }

    /// The `<defs>` holding every glyph used, in a stable order.
    pub fn defs(&self) -> String {
        let mut out = String::from("<defs>");
        for ((font, glyph), d) in &self.outlines {
            if !d.is_empty() {
                let _ = write!(out, "<path id=\"{}\" d=\"{d}\"/>", self.id(*font, *glyph));
            }
        }
        out.push_str("</defs>");
        out
    }
}
