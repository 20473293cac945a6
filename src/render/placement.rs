//! Placing annotation labels where they hide nothing: each label tries positions around its
//! anchor and takes the first that stays inside the plot and crosses no data line, marker or
//! earlier label (or, when every position collides, the one that collides least).

/// An axis-aligned box in canvas pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

pub type Segment = ((f64, f64), (f64, f64));

impl BBox {
    pub fn around((x, y): (f64, f64), r: f64) -> BBox {
        BBox {
            x0: x - r,
            y0: y - r,
            x1: x + r,
            y1: y + r,
        }
    }

    pub fn intersects(&self, o: &BBox) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub fn contains_box(&self, o: &BBox) -> bool {
        o.x0 >= self.x0 && o.x1 <= self.x1 && o.y0 >= self.y0 && o.y1 <= self.y1
    }

    /// Whether the segment passes through the box (Liang–Barsky clipping).
    pub fn crosses(&self, &((ax, ay), (bx, by)): &Segment) -> bool {
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

/// What labels must not cover.
#[derive(Debug, Default)]
pub struct Obstacles {
    pub boxes: Vec<BBox>,
    pub segments: Vec<Segment>,
}

impl Obstacles {
    fn collisions(&self, b: &BBox) -> usize {
        self.boxes.iter().filter(|o| o.intersects(b)).count()
            + self.segments.iter().filter(|s| b.crosses(s)).count()
    }
}

/// Chooses a box of `size` near `anchor` inside `area`, and records it as an obstacle.
pub fn place(
    anchor: (f64, f64),
    size: (f64, f64),
    gap: f64,
    area: &BBox,
    obstacles: &mut Obstacles,
) -> BBox {
    let (w, h) = size;
    let (x, y) = anchor;
    let mut candidates = Vec::new();
    for distance in [gap, gap * 3.0, gap * 6.0] {
        let d = distance;
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
    let boxed = |&(x0, y0): &(f64, f64)| BBox {
        x0,
        y0,
        x1: x0 + w,
        y1: y0 + h,
    };
    let score = |b: &BBox| {
        let outside = if area.contains_box(b) { 0 } else { 1000 };
        outside + obstacles.collisions(b)
    };
    let best = candidates
        .iter()
        .map(boxed)
        .enumerate()
        .min_by_key(|(i, b)| (score(b), *i))
        .map(|(_, b)| b)
        .expect("candidates are never empty");
    obstacles.boxes.push(best);
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_crossing_and_missing_a_box() {
        let b = BBox {
            x0: 0.0,
            y0: 0.0,
            x1: 10.0,
            y1: 10.0,
        };
        assert!(b.crosses(&((-5.0, 5.0), (15.0, 5.0))));
        assert!(b.crosses(&((2.0, 2.0), (3.0, 3.0))));
        assert!(!b.crosses(&((-5.0, -1.0), (15.0, -1.0))));
        assert!(!b.crosses(&((11.0, 0.0), (20.0, 10.0))));
    }

    #[test]
    fn a_label_avoids_a_line_through_its_first_choice() {
        let area = BBox {
            x0: 0.0,
            y0: 0.0,
            x1: 200.0,
            y1: 200.0,
        };
        let mut obstacles = Obstacles::default();
        // A line rising to the upper right through the first candidate position.
        obstacles.segments.push(((100.0, 100.0), (200.0, 0.0)));
        let b = place((100.0, 100.0), (40.0, 10.0), 4.0, &area, &mut obstacles);
        assert!(!b.crosses(&((100.0, 100.0), (200.0, 0.0))));
        assert!(area.contains_box(&b));
        assert_eq!(obstacles.boxes.len(), 1);
    }
}
