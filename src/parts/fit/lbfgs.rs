//! L-BFGS with a backtracking (Armijo) line search: minimises a smooth function given its
//! value and gradient, keeping the last few steps to approximate the inverse Hessian. Small
//! and deterministic, for the few-parameter fits of scaling laws.

/// What minimising found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Minimum {
    pub x: Vec<f64>,
    pub value: f64,
    /// The gradient's largest component fell under the tolerance.
    pub converged: bool,
    pub iterations: usize,
}

/// How long and how precisely to search.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    pub max_iterations: usize,
    /// Converged when no gradient component is larger than this,
    pub gradient_tolerance: f64,
    /// or when a step lowers the value by less than this fraction of it (as L-BFGS-B's
    /// `factr` test: a non-smooth loss such as Huber's rarely has a vanishing gradient).
    pub value_tolerance: f64,
    /// Steps remembered.
    pub memory: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_iterations: 1000,
            gradient_tolerance: 1e-9,
            value_tolerance: 1e-10,
            memory: 8,
        }
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The search direction: minus the gradient times the approximate inverse Hessian the
/// remembered steps `(s, y)` give (the two-loop recursion).
fn direction(gradient: &[f64], memory: &[(Vec<f64>, Vec<f64>)]) -> Vec<f64> {
    let mut q = gradient.to_vec();
    let mut alphas = Vec::with_capacity(memory.len());
    for (s, y) in memory.iter().rev() {
        let rho = 1.0 / dot(y, s);
        let alpha = rho * dot(s, &q);
        q.iter_mut().zip(y).for_each(|(q, y)| *q -= alpha * y);
        alphas.push((alpha, rho));
    }
    if let Some((s, y)) = memory.last() {
        let scale = dot(s, y) / dot(y, y);
        q.iter_mut().for_each(|q| *q *= scale);
    }
    for ((s, y), (alpha, rho)) in memory.iter().zip(alphas.into_iter().rev()) {
        let beta = rho * dot(y, &q);
        q.iter_mut()
            .zip(s)
            .for_each(|(q, s)| *q += (alpha - beta) * s);
    }
    q.iter().map(|v| -v).collect()
}

/// Minimises `f` (value and gradient at a point) from `start`.
pub(crate) fn minimise(
    f: impl Fn(&[f64]) -> (f64, Vec<f64>),
    start: &[f64],
    settings: Settings,
) -> Minimum {
    let mut x = start.to_vec();
    let (mut value, mut gradient) = f(&x);
    let mut memory: Vec<(Vec<f64>, Vec<f64>)> = Vec::new();
    let small = |g: &[f64]| g.iter().all(|v| v.abs() <= settings.gradient_tolerance);
    for iteration in 0..settings.max_iterations {
        if !value.is_finite() {
            break;
        }
        if small(&gradient) {
            return Minimum {
                x,
                value,
                converged: true,
                iterations: iteration,
            };
        }
        let mut d = direction(&gradient, &memory);
        if dot(&d, &gradient) >= 0.0 {
            // Not a descent direction: forget the curvature and go down the gradient.
            memory.clear();
            d = gradient.iter().map(|g| -g).collect();
        }
        let slope = dot(&d, &gradient);
        let mut step = 1.0;
        let found = loop {
            let next: Vec<f64> = x.iter().zip(&d).map(|(x, d)| x + step * d).collect();
            let (v, g) = f(&next);
            if v.is_finite() && v <= value + 1e-4 * step * slope {
                break Some((next, v, g));
            }
            step *= 0.5;
            if step < 1e-20 {
                break None;
            }
        };
        let Some((next, v, g)) = found else {
            // No step lowers the value: as low as this start goes.
            let converged = small(&gradient) || gradient.iter().all(|g| g.abs() < 1e-6);
            return Minimum {
                x,
                value,
                converged,
                iterations: iteration,
            };
        };
        if value - v <= settings.value_tolerance * value.abs().max(f64::MIN_POSITIVE) {
            return Minimum {
                x: next,
                value: v,
                converged: true,
                iterations: iteration + 1,
            };
        }
        let s: Vec<f64> = next.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = g.iter().zip(&gradient).map(|(a, b)| a - b).collect();
        if dot(&s, &y) > 1e-300 {
            memory.push((s, y));
            if memory.len() > settings.memory {
                memory.remove(0);
            }
        }
        (x, value, gradient) = (next, v, g);
    }
    let converged = small(&gradient);
    Minimum {
        x,
        value,
        converged,
        iterations: settings.max_iterations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_finds_the_minimum_of_rosenbrock() {
        let rosenbrock = |p: &[f64]| {
            let (a, b) = (p[0], p[1]);
            let value = (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2);
            let gradient = vec![
                -2.0 * (1.0 - a) - 400.0 * a * (b - a * a),
                200.0 * (b - a * a),
            ];
            (value, gradient)
        };
        let m = minimise(rosenbrock, &[-1.2, 1.0], Settings::default());
        assert!(m.converged, "{m:?}");
        assert!(
            (m.x[0] - 1.0).abs() < 1e-6 && (m.x[1] - 1.0).abs() < 1e-6,
            "{m:?}"
        );
    }

    #[test]
    fn a_quadratic_takes_few_steps() {
        let bowl = |p: &[f64]| {
            let value = 3.0 * p[0] * p[0] + 0.5 * p[1] * p[1] + p[0] * p[1] - p[0];
            (value, vec![6.0 * p[0] + p[1] - 1.0, p[1] + p[0]])
        };
        let m = minimise(bowl, &[4.0, -3.0], Settings::default());
        assert!(m.converged && m.iterations < 20, "{m:?}");
        // The minimum solves 6x + y = 1, x + y = 0.
        assert!(
            (m.x[0] - 0.2).abs() < 1e-7 && (m.x[1] + 0.2).abs() < 1e-7,
            "{m:?}"
        );
    }
}
