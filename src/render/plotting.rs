//! plotters draws the plot. The scene is a plotters [`DrawingBackend`] whose pixel is a
//! hundredth of a point (so plotters' integer coordinates lose nothing a reader could see),
//! and each axis is a plotters coordinate range over effgraph's own scale ([`Scale`]), so the
//! grid, series lines, markers, error bars and shaded regions go through plotters' chart,
//! series and element APIs. effgraph keeps what plotters does not do for it: the layout (type
//! scale, label placement, legends), the faces and the writers.
//!
//! plotters' styles carry a colour and a width; a figure's paints are roles (ink, paper, a
//! data colour at a tint) that each writer resolves for its page, and its lines have dashes.
//! So a style's colour is a ticket: [`Chart::pen`] registers what to draw with and returns a
//! style whose colour numbers the registration, and the backend draws with the registered
//! pen.

use std::cell::RefCell;
use std::convert::Infallible;
use std::ops::Range;
use std::rc::Rc;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged};
use plotters::prelude::{
    Cartesian2d, ChartBuilder, ChartContext, Circle, DrawingArea, DrawingBackend, EmptyElement,
    IntoDrawingArea, Polygon, RGBColor, ShapeStyle,
};
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, DrawingErrorKind};

use super::axes::Axis;
use super::placement::BBox;
use super::scene::{Item, Paint, Path, Scene, Stroke};
use super::style::{ModelStyle, marker_polygon};

/// Backend pixels per point.
pub(crate) const UNIT: f64 = 100.0;

/// What a registered style draws with.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pen {
    pub fill: Option<Paint>,
    pub stroke: Option<Stroke>,
    /// Fills with this pen drawn one after another become one path (a cloud of thousands of
    /// marks is one shape, not thousands).
    pub merge: bool,
}

impl Pen {
    /// A line.
    pub(crate) fn line(stroke: Stroke) -> Pen {
        Pen {
            fill: None,
            stroke: Some(stroke),
            merge: false,
        }
    }

    /// A filled shape without an edge.
    pub(crate) fn fill(paint: Paint) -> Pen {
        Pen {
            fill: Some(paint),
            stroke: None,
            merge: false,
        }
    }
}

type Pens = Rc<RefCell<Vec<Pen>>>;

/// The backend pixel of a page position.
pub(crate) fn pixel((x, y): (f64, f64)) -> BackendCoord {
    ((x * UNIT).round() as i32, (y * UNIT).round() as i32)
}

/// The scene as a plotters drawing backend.
pub(crate) struct SceneBackend<'s> {
    scene: &'s mut Scene,
    pens: Pens,
}

fn point((x, y): BackendCoord) -> (f64, f64) {
    (f64::from(x) / UNIT, f64::from(y) / UNIT)
}

impl SceneBackend<'_> {
    fn pen<S: BackendStyle>(&self, style: &S) -> Pen {
        let (r, g, b) = style.color().rgb;
        let index = (usize::from(r) << 16) | (usize::from(g) << 8) | usize::from(b);
        self.pens.borrow()[index].clone()
    }

    fn draw(&mut self, path: Path, fill: Option<Paint>, pen: Pen) {
        if pen.merge
            && let Some(Item::Shape {
                path: last,
                fill: last_fill,
                stroke: None,
            }) = self.scene.items.last_mut()
            && *last_fill == fill
            && pen.stroke.is_none()
        {
            last.segs.extend(path.segs);
            return;
        }
        self.scene.shape(path, fill, pen.stroke);
    }
}

type Drawn = Result<(), DrawingErrorKind<Infallible>>;

impl DrawingBackend for SceneBackend<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        let pixels = |pt: f64| (pt * UNIT).ceil() as u32 + 1;
        (pixels(self.scene.width), pixels(self.scene.height))
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        Ok(())
    }

    /// The scene is vector only: plotters never needs a pixel of it.
    fn draw_pixel(&mut self, _: BackendCoord, _: BackendColor) -> Drawn {
        Ok(())
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, s: &S) -> Drawn {
        let pen = self.pen(s);
        self.draw(Path::polyline(&[point(from), point(to)]), None, pen);
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        s: &S,
    ) -> Drawn {
        let points: Vec<(f64, f64)> = path.into_iter().map(point).collect();
        let pen = self.pen(s);
        self.draw(Path::polyline(&points), None, pen);
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vertices: I,
        s: &S,
    ) -> Drawn {
        let points: Vec<(f64, f64)> = vertices.into_iter().map(point).collect();
        let pen = self.pen(s);
        self.draw(Path::polygon(&points), pen.fill, pen);
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        centre: BackendCoord,
        radius: u32,
        s: &S,
        fill: bool,
    ) -> Drawn {
        let (x, y) = point(centre);
        let pen = self.pen(s);
        let fill = pen.fill.filter(|_| fill);
        self.draw(Path::circle(x, y, f64::from(radius) / UNIT), fill, pen);
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        s: &S,
        fill: bool,
    ) -> Drawn {
        let ((x0, y0), (x1, y1)) = (point(upper_left), point(bottom_right));
        let pen = self.pen(s);
        let fill = pen.fill.filter(|_| fill);
        self.draw(Path::rect(x0, y0, x1, y1), fill, pen);
        Ok(())
    }
}

/// One of effgraph's axes as a plotters coordinate range: values map to backend pixels by
/// the axis' own scale (log or linear, its own limits), and its key points are its ticks.
#[derive(Clone)]
pub(crate) struct Scale(Axis);

impl Ranged for Scale {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, (from, to): (i32, i32)) -> i32 {
        let pixels = f64::from(from) + self.0.fraction(*value) * f64::from(to - from);
        pixels.round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, _: Hint) -> Vec<f64> {
        self.0.ticks.clone()
    }

    fn range(&self) -> Range<f64> {
        self.0.lo..self.0.hi
    }
}

/// A plotters chart over the plot area of a scene.
pub(crate) struct Chart<'s> {
    context: ChartContext<'s, SceneBackend<'s>, Cartesian2d<Scale, Scale>>,
    /// The whole page, in backend pixels: for marks placed by the layout.
    page: DrawingArea<SceneBackend<'s>, Shift>,
    pens: Pens,
}

impl<'s> Chart<'s> {
    /// The chart of the plot area `a` of `scene`, with axes `x` and `y`.
    pub(crate) fn on(scene: &'s mut Scene, a: &BBox, (x, y): (&Axis, &Axis)) -> Chart<'s> {
        let pens: Pens = Rc::default();
        let backend = SceneBackend {
            scene,
            pens: Rc::clone(&pens),
        };
        let pixels = |pt: f64| (pt * UNIT).round() as i32;
        let page = backend.into_drawing_area();
        // A chart's last pixel is one short of its area's end: one pixel more, so the axes
        // end exactly where the layout put them.
        let area = page.clone().shrink(
            (pixels(a.x0), pixels(a.y0)),
            (
                pixels(a.x1) - pixels(a.x0) + 1,
                pixels(a.y1) - pixels(a.y0) + 1,
            ),
        );
        let context = ChartBuilder::on(&area)
            .build_cartesian_2d(Scale(x.clone()), Scale(y.clone()))
            .expect("a chart without labels draws nothing that can fail");
        Chart {
            context,
            page,
            pens,
        }
    }

    /// A style that draws with `pen`.
    pub(crate) fn pen(&self, pen: Pen) -> ShapeStyle {
        let mut pens = self.pens.borrow_mut();
        let index = pens.iter().position(|p| *p == pen).unwrap_or_else(|| {
            pens.push(pen);
            pens.len() - 1
        });
        let byte = |shift: usize| ((index >> shift) & 0xff) as u8;
        ShapeStyle {
            color: RGBColor(byte(16), byte(8), byte(0)).into(),
            filled: true,
            stroke_width: 1,
        }
    }

    /// Draws `elements`, each in data coordinates.
    pub(crate) fn draw<E, R>(&mut self, elements: E)
    where
        E: IntoIterator<Item = R>,
        for<'b> &'b R: plotters::element::PointCollection<'b, (f64, f64)>,
        R: plotters::element::Drawable<SceneBackend<'s>>,
    {
        // The backend cannot fail, and every element maps through the chart's own ranges.
        let _ = self.context.draw_series(elements);
    }

    /// Draws `elements`, each at page positions in backend pixels (see [`pixel`]).
    pub(crate) fn draw_on_page<E, R>(&mut self, elements: E)
    where
        E: IntoIterator<Item = R>,
        for<'b> &'b R: plotters::element::PointCollection<'b, BackendCoord>,
        R: plotters::element::Drawable<SceneBackend<'s>>,
    {
        for element in elements {
            // The backend cannot fail.
            let _ = self.page.draw(&element);
        }
    }

    /// A model's marker of radius `r` at page position `at`: filled with the model's colour
    /// at `tint`, with a thin paper-coloured edge when `edge` (so touching markers stay apart).
    pub(crate) fn marker(
        &mut self,
        style: ModelStyle,
        at: (f64, f64),
        r: f64,
        tint: f32,
        edge: bool,
    ) {
        let pen = self.pen(Pen {
            fill: Some(Paint::Data(style.colour, tint)),
            stroke: edge.then(|| Stroke::solid(Paint::Paper, 0.5)),
            merge: false,
        });
        let anchor = EmptyElement::at(pixel(at));
        match marker_polygon(style.marker, at, r) {
            None => {
                let radius = (r * UNIT).round() as i32;
                self.draw_on_page([anchor + Circle::new((0, 0), radius, pen)]);
            }
            Some(points) => {
                let centre = pixel(at);
                let offsets = (points.iter())
                    .map(|&p| (pixel(p).0 - centre.0, pixel(p).1 - centre.1))
                    .collect::<Vec<_>>();
                self.draw_on_page([anchor + Polygon::new(offsets, pen)]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::axes::ScaleChoice;
    use plotters::prelude::{LineSeries, PathElement};

    fn chart_on(scene: &mut Scene) -> (Chart<'_>, BBox, Axis, Axis) {
        let area = BBox {
            x0: 30.0,
            y0: 10.0,
            x1: 230.0,
            y1: 160.0,
        };
        let x = Axis::fit(1e8, 1e11, ScaleChoice::Auto, 5);
        let y = Axis::fit(10.0, 40.0, ScaleChoice::Auto, 5);
        (Chart::on(scene, &area, (&x, &y)), area, x, y)
    }

    /// A series lands where effgraph's own scales put it (to a hundredth of a point), as one
    /// stroked path in its pen's paint, width and dashes.
    #[test]
    fn series_follow_effgraph_s_scales_in_their_pens() {
        let mut scene = Scene::new(240.0, 180.0);
        let (mut chart, area, x, y) = chart_on(&mut scene);
        let stroke = Stroke {
            paint: Paint::Ink(0.6),
            width: 0.8,
            dash: vec![3.0, 2.0],
        };
        let pen = chart.pen(Pen::line(stroke.clone()));
        let data = vec![(2e8, 35.0), (3e9, 20.0), (5e10, 12.0)];
        chart.draw(LineSeries::new(data.clone(), pen));
        chart.draw([PathElement::new(vec![(1e9, 10.0), (1e9, 40.0)], pen)]);
        drop(chart);
        let [
            Item::Shape {
                path,
                fill: None,
                stroke: Some(drawn),
            },
            Item::Shape { .. },
        ] = scene.items.as_slice()
        else {
            panic!("{:?}", scene.items);
        };
        assert_eq!(*drawn, stroke);
        let page = |(vx, vy): (f64, f64)| {
            let px = area.x0 + x.fraction(vx) * area.width();
            let py = area.y1 - y.fraction(vy) * area.height();
            (px, py)
        };
        let ends: Vec<(f64, f64)> = (path.segs.iter())
            .map(|s| match *s {
                crate::render::scene::Seg::Move(a, b) | crate::render::scene::Seg::Line(a, b) => {
                    (a, b)
                }
                _ => panic!("{s:?}"),
            })
            .collect();
        for (got, want) in ends.iter().zip(data.into_iter().map(page)) {
            assert!(
                (got.0 - want.0).abs() <= 0.006 && (got.1 - want.1).abs() <= 0.006,
                "{got:?} {want:?}"
            );
        }
    }

    /// Fills drawn one after another with a merging pen become one path; others stay apart.
    #[test]
    fn a_merging_pen_makes_one_shape_of_many() {
        let mut scene = Scene::new(240.0, 180.0);
        let (mut chart, ..) = chart_on(&mut scene);
        let dot = chart.pen(Pen {
            merge: true,
            ..Pen::fill(Paint::Ink(0.3))
        });
        let square = |i: i32| Polygon::new(vec![(i, i), (i + 90, i), (i + 90, i + 90)], dot);
        chart.draw_on_page((0..1200).map(|i| square(i * 10)));
        let lone = chart.pen(Pen::fill(Paint::Paper));
        chart.draw_on_page([Polygon::new(vec![(0, 0), (5, 0), (5, 5)], lone)]);
        chart.draw_on_page([Polygon::new(vec![(0, 0), (5, 0), (5, 5)], lone)]);
        drop(chart);
        assert_eq!(scene.items.len(), 3);
        let Item::Shape { path, .. } = &scene.items[0] else {
            panic!()
        };
        let shapes = path
            .segs
            .iter()
            .filter(|s| matches!(s, crate::render::scene::Seg::Move(..)))
            .count();
        assert_eq!(shapes, 1200);
    }
}
