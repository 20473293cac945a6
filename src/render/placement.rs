//! Placing labels where they hide nothing: every text box is checked against every other text
//! box, every marker and every drawn line. A label takes the first free position near its
//! anchor; when none is free the caller falls back (a numbered marker keyed to a list), so
//! nothing is ever drawn over something else.

/// An axis-aligned box in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct BBox {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

pub(crate) type Segment = ((f64, f64), (f64, f64));

impl BBox {
    pub(crate) fn around((x, y): (f64, f64), r: f64) -> BBox {
        BBox {
            x0: x - r,
            y0: y - r,
            x1: x + r,
            y1: y + r,
        }
    }

    pub(crate) fn at((x, y): (f64, f64), (w, h): (f64, f64)) -> BBox {
        BBox {
            x0: x,
            y0: y,
            x1: x + w,
            y1: y + h,
        }
    }

    pub(crate) fn intersects(&self, o: &BBox) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub(crate) fn contains_box(&self, o: &BBox) -> bool {
        o.x0 >= self.x0 && o.x1 <= self.x1 && o.y0 >= self.y0 && o.y1 <= self.y1
    }

    pub(crate) fn grown(&self, by: f64) -> BBox {
        BBox {
            x0: self.x0 - by,
            y0: self.y0 - by,
            x1: self.x1 + by,
            y1: self.y1 + by,
        }
    }

    pub(crate) fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    pub(crate) fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    /// Whether the segment passes through the box (Liang–Barsky clipping).
    pub(crate) fn crosses(&self, &((ax, ay), (bx, by)): &Segment) -> bool {
        let (dx, dy) = (bx - ax, by - ay);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-dx, ax - self.x0),
            (dx, self.x1 - ax),
            (-dy, ay - self.y0),
            (dy, self.y1 - ay),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
                if t0 > t1 {
                    return false;
                }
            }
        }
        true
    }
}

/// What labels must not cover: text boxes, marks and lines drawn so far.
#[derive(Debug, Default, Clone)]
pub(crate) struct Obstacles {
    pub texts: Vec<BBox>,
    pub marks: Vec<BBox>,
    pub segments: Vec<Segment>,
}

impl Obstacles {
    /// How many things `b` would cover.
    pub(crate) fn collisions(&self, b: &BBox) -> usize {
        self.texts.iter().filter(|o| o.intersects(b)).count()
            + self.marks.iter().filter(|o| o.intersects(b)).count()
            + self.segments.iter().filter(|s| b.crosses(s)).count()
    }

    /// Whether `b` is free of texts only (marks and lines may pass under it).
    pub(crate) fn clear_of_text(&self, b: &BBox) -> bool {
        !self.texts.iter().any(|o| o.intersects(b))
    }

    pub(crate) fn add_polyline(&mut self, points: &[(f64, f64)]) {
        for w in points.windows(2) {
            self.segments.push((w[0], w[1]));
        }
    }
}

/// A free box of `size` near `anchor` inside `area`, searching positions around the anchor at
/// growing distances; `None` when every position covers something.
pub(crate) fn place(
    anchor: (f64, f64),
    size: (f64, f64),
    gap: f64,
    area: &BBox,
    obstacles: &Obstacles,
) -> Option<BBox> {
    let (w, h) = size;
    let (x, y) = anchor;
    let mut candidates = Vec::new();
    for step in [1.0, 2.5, 4.5, 7.0, 10.0] {
        let d = gap * step;
        candidates.extend([
            (x + d, y - h - d),       // upper right
            (x + d, y + d),           // lower right
            (x - w - d, y - h - d),   // upper left
            (x - w - d, y + d),       // lower left
            (x - w / 2.0, y - h - d), // above
            (x - w / 2.0, y + d),     // below
            (x + d, y - h / 2.0),     // right
            (x - w - d, y - h / 2.0), // left
        ]);
    }
    candidates
        .into_iter()
        .map(|c| BBox::at(c, size))
        .find(|b| area.contains_box(b) && obstacles.collisions(b) == 0)
}

/// A free box of `size` anywhere in `area`, nearest to `anchor` first (on a grid of `step`
/// points), with a leader line from the anchor to the box that crosses no text; `None` when
/// the area has no free place. Used when nothing next to the anchor is free.
pub(crate) fn place_with_leader(
    anchor: (f64, f64),
    size: (f64, f64),
    step: f64,
    max_leader: f64,
    area: &BBox,
    obstacles: &Obstacles,
) -> Option<(BBox, Segment)> {
    let (w, h) = size;
    let mut candidates = Vec::new();
    let mut y = area.y0;
    while y + h <= area.y1 {
        let mut x = area.x0;
        while x + w <= area.x1 {
            let b = BBox::at((x, y), size);
            let near = (anchor.0.clamp(b.x0, b.x1), anchor.1.clamp(b.y0, b.y1));
            let d = (near.0 - anchor.0).hypot(near.1 - anchor.1);
            if d <= max_leader {
                candidates.push((d, b, near));
            }
            x += step;
        }
        y += step;
    }
    candidates.sort_by(|a, b| a.0.total_cmp(&b.0));
    candidates.into_iter().find_map(|(_, b, near)| {
        let leader = (anchor, near);
        let free =
            obstacles.collisions(&b) == 0 && !obstacles.texts.iter().any(|t| t.crosses(&leader));
        free.then_some((b, leader))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_avoids_boxes_and_lines_or_reports_no_room() {
        let area = BBox {
            x0: 0.0,
            y0: 0.0,
            x1: 100.0,
            y1: 100.0,
        };
        let mut obstacles = Obstacles::default();
        obstacles.texts.push(BBox::at((52.0, 30.0), (40.0, 18.0)));
        obstacles.segments.push(((0.0, 60.0), (100.0, 60.0)));
        let b = place((50.0, 50.0), (30.0, 8.0), 2.0, &area, &obstacles).unwrap();
        assert_eq!(obstacles.collisions(&b), 0);
        assert!(area.contains_box(&b));
        let full = Obstacles {
            marks: vec![area],
            ..Obstacles::default()
        };
        assert_eq!(place((50.0, 50.0), (30.0, 8.0), 2.0, &area, &full), None);
    }

    #[test]
    fn segments_crossing_a_box_are_found() {
        let b = BBox::around((0.0, 0.0), 1.0);
        assert!(b.crosses(&((-5.0, 0.0), (5.0, 0.0))));
        assert!(!b.crosses(&((-5.0, 3.0), (5.0, 3.0))));
    }
}
