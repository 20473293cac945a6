//! The power law a score follows in its cost, L(x) = E + A·x^−α, fitted as Epoch AI and
//! Porian et al. fit scaling laws: in log space through the log-sum-exp form
//! log L̂ = LSE(e, a − α·log x) with E = eᵉ and A = eᵃ, a Huber loss (δ = 10⁻³) on
//! log L̂ − log L, L-BFGS from a grid of starts; the best converged start wins.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::lbfgs::{Settings, minimise};
use crate::analysis::bootstrap::{RESAMPLES, SEED, percentile_interval};
use crate::analysis::interval::Interval;
use crate::analysis::outcome::Refusal;

/// The Huber loss's threshold between its quadratic and linear parts.
pub(crate) const DELTA: f64 = 1e-3;

/// The fewest points a power law is fitted to.
pub(crate) const MIN_POINTS: usize = 5;

/// A fitted power law and how it was found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PowerFit {
    pub e: f64,
    pub a: f64,
    pub alpha: f64,
    /// The Huber objective at the fit.
    pub objective: f64,
    pub points: usize,
    pub starts: usize,
    pub converged: bool,
    /// The standard deviation of log L̂ − log L.
    pub spread: f64,
    /// The measured costs' range.
    pub range: (f64, f64),
    /// 95% intervals of E, A and α from a bootstrap over the configurations, when enough
    /// resamples could be fitted.
    pub intervals: Option<[Interval; 3]>,
}

impl PowerFit {
    /// The predicted score at cost `x`.
    pub(crate) fn predict(&self, x: f64) -> f64 {
        self.e + self.a * x.powf(-self.alpha)
    }
}

fn huber(r: f64) -> (f64, f64) {
    if r.abs() <= DELTA {
        (0.5 * r * r, r)
    } else {
        (DELTA * (r.abs() - 0.5 * DELTA), DELTA * r.signum())
    }
}

/// log-sum-exp of two values, and the weight of the first.
fn lse(u: f64, v: f64) -> (f64, f64) {
    let m = u.max(v);
    let (eu, ev) = ((u - m).exp(), (v - m).exp());
    (m + (eu + ev).ln(), eu / (eu + ev))
}

/// The objective and its gradient in (e, a, α) over points `(log x, log L)`.
fn objective(p: &[f64], logs: &[(f64, f64)]) -> (f64, Vec<f64>) {
    let (e, a, alpha) = (p[0], p[1], p[2]);
    let mut value = 0.0;
    let mut gradient = vec![0.0; 3];
    for &(lx, ly) in logs {
        let (predicted, w) = lse(e, a - alpha * lx);
        let (loss, slope) = huber(predicted - ly);
        value += loss;
        gradient[0] += slope * w;
        gradient[1] += slope * (1.0 - w);
        gradient[2] -= slope * (1.0 - w) * lx;
    }
    (value, gradient)
}

/// The grid of starts: e, a and α.
fn starts() -> Vec<[f64; 3]> {
    let mut grid = Vec::new();
    for e in [-1.0, -0.5, 0.0, 0.5, 1.0] {
        for a in [0.0, 5.0, 10.0, 15.0, 20.0, 25.0] {
            for alpha in [0.0, 0.5, 1.0, 1.5, 2.0] {
                grid.push([e, a, alpha]);
            }
        }
    }
    grid
}

/// Fits L(x) = E + A·x^−α to `points` (cost, score); refuses too few points, a cost or score
/// that is not positive, or no start that converges.
pub(crate) fn fit(points: &[(f64, f64)]) -> Result<PowerFit, Refusal> {
    if points.len() < MIN_POINTS {
        return Err(Refusal(format!(
            "{} points; a power law needs at least {MIN_POINTS}",
            points.len()
        )));
    }
    if points.iter().any(|&(x, y)| !(x > 0.0 && y > 0.0)) {
        return Err("costs and scores must be positive to fit a power law".into());
    }
    let logs: Vec<(f64, f64)> = points.iter().map(|&(x, y)| (x.ln(), y.ln())).collect();
    let grid = starts();
    let best = grid
        .iter()
        .map(|start| minimise(|p| objective(p, &logs), start, Settings::default()))
        .filter(|m| m.converged && m.x.iter().all(|v| v.is_finite()))
        .min_by(|a, b| a.value.total_cmp(&b.value))
        .ok_or_else(|| Refusal::from("no start of the fit converged"))?;
    let residuals: Vec<f64> = (logs.iter())
        .map(|&(lx, ly)| lse(best.x[0], best.x[1] - best.x[2] * lx).0 - ly)
        .collect();
    let mean = residuals.iter().sum::<f64>() / residuals.len() as f64;
    let variance =
        residuals.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / (residuals.len() - 1) as f64;
    let xs = points.iter().map(|p| p.0);
    let intervals = bootstrap(&logs, &best.x);
    Ok(PowerFit {
        e: best.x[0].exp(),
        a: best.x[1].exp(),
        alpha: best.x[2],
        objective: best.value,
        points: points.len(),
        starts: grid.len(),
        converged: true,
        spread: variance.sqrt(),
        range: (
            xs.clone().fold(f64::MAX, f64::min),
            xs.fold(f64::MIN, f64::max),
        ),
        intervals,
    })
}

/// 95% intervals of E, A and α: the configurations resampled with replacement (a
/// configuration's runs stay together: it is one point), each resample fitted from the best
/// fit's parameters (a warm start: the resample's minimum lies near it), from a fixed seed.
/// With a small δ the loss is nearly absolute deviation, whose minimum a gradient test rarely
/// certifies, so a resample counts when its search ended at finite parameters. `None` when
/// fewer than nine in ten do.
fn bootstrap(logs: &[(f64, f64)], best: &[f64]) -> Option<[Interval; 3]> {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let n = logs.len();
    let mut draws: [Vec<f64>; 3] = Default::default();
    for _ in 0..RESAMPLES {
        let sample: Vec<(f64, f64)> = (0..n)
            .map(|_| logs[((crate::simulate::unit(&mut rng) * n as f64) as usize).min(n - 1)])
            .collect();
        let settings = Settings {
            max_iterations: 200,
            ..Settings::default()
        };
        let m = minimise(|p| objective(p, &sample), best, settings);
        if m.x.iter().all(|v| v.is_finite()) {
            draws[0].push(m.x[0].exp());
            draws[1].push(m.x[1].exp());
            draws[2].push(m.x[2]);
        }
    }
    if draws[0].len() * 10 < RESAMPLES * 9 {
        return None;
    }
    Some(draws.map(percentile_interval))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Points drawn from known parameters with a little multiplicative noise: the fit finds
    /// the parameters again.
    #[test]
    fn known_parameters_are_recovered() {
        let (e, a, alpha) = (1.7, 400.0, 0.3);
        let noise = [
            0.004, -0.003, 0.002, -0.001, 0.003, -0.004, 0.001, 0.0, -0.002, 0.002,
        ];
        let points: Vec<(f64, f64)> = (0..10)
            .map(|i| {
                let x = 1e8 * 3f64.powi(i);
                (x, (e + a * x.powf(-alpha)) * (1.0 + noise[i as usize]))
            })
            .collect();
        let f = fit(&points).unwrap();
        assert!((f.e - e).abs() < 0.05, "{f:?}");
        assert!((f.alpha - alpha).abs() < 0.02, "{f:?}");
        assert!(f.spread < 0.005, "{f:?}");
        let x = 1e10;
        assert!(
            (f.predict(x) / (e + a * x.powf(-alpha)) - 1.0).abs() < 0.01,
            "{f:?}"
        );
    }

    #[test]
    fn too_few_or_non_positive_points_are_refused() {
        let few = [(1e9, 30.0), (2e9, 25.0), (4e9, 21.0), (8e9, 19.0)];
        assert_eq!(
            fit(&few).unwrap_err().to_string(),
            "4 points; a power law needs at least 5"
        );
        let zero = [
            (0.0, 30.0),
            (2e9, 25.0),
            (4e9, 21.0),
            (8e9, 19.0),
            (9e9, 18.0),
        ];
        assert_eq!(
            fit(&zero).unwrap_err().to_string(),
            "costs and scores must be positive to fit a power law"
        );
    }
}
