//! SVG path data in few bytes: relative commands on an exact grid, a command letter only
//! when it changes, a separator only where one is needed. Figures are drawn to 0.01 pt and
//! glyphs to a thousandth of an em, finer than any screen or printer shows.

use crate::render::scene::{Path, Seg};

/// Glyph outlines and pen positions are written in thousandths of an em.
pub(super) const GLYPH_UNITS: f64 = 1000.0;

/// `k / per_unit` in the fewest characters: `12.5`, `-.25`, `3`.
pub(super) fn quantum(k: i64, per_unit: i64) -> String {
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
pub(super) struct PathData {
    d: String,
    per_unit: i64,
    scale: f64,
    at: (i64, i64),
    start: (i64, i64),
    /// The current point and the subpath's start before rounding.
    exact: (f64, f64),
    exact_start: (f64, f64),
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
            exact: (0.0, 0.0),
            exact_start: (0.0, 0.0),
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

    pub(super) fn write(path: &Path, scale: f64, per_unit: i64, flip: bool) -> String {
        let mut w = PathData::new(scale, per_unit);
        let f = |(x, y): (f64, f64)| if flip { (x, -y) } else { (x, y) };
        for seg in &path.segs {
            match *seg {
                Seg::Move(x, y) => {
                    let p = w.grid(f((x, y)));
                    w.command('m');
                    w.step(p);
                    (w.at, w.start) = (p, p);
                    (w.exact, w.exact_start) = ((x, y), (x, y));
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
                    w.exact = (x, y);
                }
                Seg::Cubic(a, b, c, e, x, y) => {
                    let p = w.grid(f((x, y)));
                    // A quadratic curve raised to a cubic (TrueType glyphs) is written as the
                    // quadratic: one control point instead of two.
                    let s = w.exact;
                    let q1 = (s.0 + 1.5 * (a - s.0), s.1 + 1.5 * (b - s.1));
                    let q2 = (x + 1.5 * (c - x), y + 1.5 * (e - y));
                    if (q1.0 - q2.0).abs() < 1e-9 && (q1.1 - q2.1).abs() < 1e-9 {
                        let q = w.grid(f(q1));
                        w.command('q');
                        w.step(q);
                        w.step(p);
                    } else {
                        let (c1, c2) = (w.grid(f((a, b))), w.grid(f((c, e))));
                        w.command('c');
                        w.step(c1);
                        w.step(c2);
                        w.step(p);
                    }
                    w.at = p;
                    w.exact = (x, y);
                }
                Seg::Close => {
                    w.command('z');
                    w.at = w.start;
                    w.exact = w.exact_start;
                }
            }
        }
        w.d
    }
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
    fn a_raised_quadratic_is_written_as_one() {
        // The quadratic from (0, 0) through control (3, 6) to (6, 0), raised to a cubic.
        let mut p = Path::default();
        p.move_to(0.0, 0.0);
        p.segs.push(Seg::Cubic(2.0, 4.0, 4.0, 4.0, 6.0, 0.0));
        assert_eq!(PathData::write(&p, 1.0, 1, false), "m0 0q3 6 6 0");
        // A true cubic stays one.
        let mut c = Path::default();
        c.move_to(0.0, 0.0);
        c.segs.push(Seg::Cubic(1.0, 4.0, 5.0, 4.0, 6.0, 0.0));
        assert_eq!(PathData::write(&c, 1.0, 1, false), "m0 0c1 4 5 4 6 0");
    }
}
