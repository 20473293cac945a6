//! The scaling laws effgraph fits and how: each in log space as Epoch AI and Porian et al.
//! fit them, with a Huber loss (δ = 10⁻³) on log L̂ − log L, analytic gradients and L-BFGS
//! from a grid of starts, the best converged start winning; then a seeded bootstrap over the
//! configurations for every parameter's interval and, through the kept draws, every
//! prediction's.
//!
//! - [`Form::Power`]: L(x) = E + A·x^−α, log L̂ = LSE(e, a − α·log x) (E = eᵉ, A = eᵃ).
//! - [`Form::Mirrored`]: S(x) = E − A·x^−α for a score where higher is better, rising to its
//!   ceiling E: log Ŝ = e + log(1 − exp(a − α·log x − e)), defined while A·x^−α < E.
//! - [`Form::Chinchilla`]: L(N, D) = E + A/N^α + B/D^β, log L̂ = LSE(e, a − α·log N,
//!   b − β·log D).

use std::num::NonZeroUsize;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::lbfgs::{Minimum, Settings, minimise};
use crate::analysis::bootstrap::{RESAMPLES, SEED, percentile_interval};
use crate::analysis::interval::Interval;
use crate::analysis::outcome::Refusal;

/// The Huber loss's threshold between its quadratic and linear parts.
pub const DELTA: f64 = 1e-3;

/// A law's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Power,
    Mirrored,
    Chinchilla,
}

/// Each decreasing term: its coefficient's and exponent's places among the parameters, and
/// the input it is a power of.
const POWER_TERMS: &[(usize, usize, usize)] = &[(1, 2, 0)];
const CHINCHILLA_TERMS: &[(usize, usize, usize)] = &[(1, 2, 0), (3, 4, 1)];

impl Form {
    /// The name the summary and the console give it.
    pub fn name(self) -> &'static str {
        match self {
            Form::Power => "power",
            Form::Mirrored => "power (mirrored)",
            Form::Chinchilla => "chinchilla",
        }
    }

    /// Its parameters' names, in the order fits keep them.
    pub fn parameters(self) -> &'static [&'static str] {
        match self {
            Form::Power | Form::Mirrored => &["E", "A", "alpha"],
            Form::Chinchilla => &["E", "A", "alpha", "B", "beta"],
        }
    }

    /// The fewest points it is fitted to.
    pub(crate) fn min_points(self) -> usize {
        match self {
            Form::Power | Form::Mirrored => 5,
            Form::Chinchilla => 8,
        }
    }

    /// The value at `inputs` (cost; or N and D) of the law with natural parameters `p`.
    #[cfg(test)]
    pub(crate) fn predict(self, p: &[f64], inputs: [f64; 2]) -> f64 {
        match self {
            Form::Power => p[0] + p[1] * inputs[0].powf(-p[2]),
            Form::Mirrored => p[0] - p[1] * inputs[0].powf(-p[2]),
            Form::Chinchilla => p[0] + p[1] * inputs[0].powf(-p[2]) + p[3] * inputs[1].powf(-p[4]),
        }
    }

    /// The natural parameters (E, A, α, …) of fitted ones (e, a, α, …).
    fn natural(self, fitted: &[f64]) -> Vec<f64> {
        let logged = [0, 1, 3];
        (fitted.iter().enumerate())
            .map(|(i, &v)| if logged.contains(&i) { v.exp() } else { v })
            .collect()
    }

    /// The fitted prediction log L̂ at `sample` and its gradient in the fitted parameters.
    fn log_predict(self, p: &[f64], inputs: [f64; 2], gradient: &mut [f64]) -> f64 {
        match self {
            Form::Power => decreasing(p, POWER_TERMS, inputs, gradient),
            Form::Chinchilla => decreasing(p, CHINCHILLA_TERMS, inputs, gradient),
            Form::Mirrored => {
                let u = p[1] - p[2] * inputs[0] - p[0];
                if u >= 0.0 {
                    return f64::NAN;
                }
                let eu = u.exp();
                // d log(1 − eᵘ) / du
                let slope = -eu / (1.0 - eu);
                gradient[0] = 1.0 - slope;
                gradient[1] = slope;
                gradient[2] = -slope * inputs[0];
                p[0] + (-eu).ln_1p()
            }
        }
    }

    /// The grid of starts (fitted parameters) for points `samples`.
    fn starts(self, samples: &[Sample]) -> Vec<Vec<f64>> {
        let es = [-1.0, -0.5, 0.0, 0.5, 1.0];
        let coefficients = [0.0, 5.0, 10.0, 15.0, 20.0, 25.0];
        let exponents = [0.0, 0.5, 1.0, 1.5, 2.0];
        let mut grid = Vec::new();
        match self {
            Form::Power => {
                for e in es {
                    for a in coefficients {
                        for alpha in exponents {
                            grid.push(vec![e, a, alpha]);
                        }
                    }
                }
            }
            Form::Chinchilla => {
                for e in es {
                    for a in coefficients {
                        for b in coefficients {
                            for alpha in exponents {
                                for beta in exponents {
                                    grid.push(vec![e, a, alpha, b, beta]);
                                }
                            }
                        }
                    }
                }
            }
            Form::Mirrored => {
                // Every start must be defined at every point: its ceiling above the best
                // score, and its gap at the cheapest point a share of the ceiling.
                let best = samples.iter().map(|s| s.score).fold(f64::MIN, f64::max);
                let cheapest = samples.iter().map(|s| s.inputs[0]).fold(f64::MAX, f64::min);
                for headroom in [0.001, 0.01, 0.05, 0.2, 0.5] {
                    for gap in [0.1, 0.3, 0.5, 0.7, 0.9] {
                        for alpha in [0.1, 0.5, 1.0, 1.5, 2.0] {
                            let e = best + headroom;
                            grid.push(vec![e, e + f64::ln(gap) + alpha * cheapest, alpha]);
                        }
                    }
                }
            }
        }
        grid
    }
}

/// LSE(e, a₁ − α₁·x₁, …) and its gradient.
fn decreasing(
    p: &[f64],
    terms: &[(usize, usize, usize)],
    inputs: [f64; 2],
    gradient: &mut [f64],
) -> f64 {
    let mut t = [p[0], 0.0, 0.0];
    for (k, &(a, alpha, i)) in terms.iter().enumerate() {
        t[k + 1] = p[a] - p[alpha] * inputs[i];
    }
    let t = &t[..=terms.len()];
    let top = t.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut weights = [0.0; 3];
    let mut sum = 0.0;
    for (w, v) in weights.iter_mut().zip(t) {
        *w = (v - top).exp();
        sum += *w;
    }
    gradient[0] = weights[0] / sum;
    for (k, &(a, alpha, i)) in terms.iter().enumerate() {
        let w = weights[k + 1] / sum;
        gradient[a] = w;
        gradient[alpha] = -w * inputs[i];
    }
    top + sum.ln()
}

fn huber(r: f64) -> (f64, f64) {
    if r.abs() <= DELTA {
        (0.5 * r * r, r)
    } else {
        (DELTA * (r.abs() - 0.5 * DELTA), DELTA * r.signum())
    }
}

/// One point as fitted: the logs of its inputs (cost; or N and D) and of its score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Sample {
    pub inputs: [f64; 2],
    pub score: f64,
}

/// The Huber objective over `samples` and its gradient in the fitted parameters `p`.
fn objective(form: Form, p: &[f64], samples: &[Sample]) -> (f64, Vec<f64>) {
    let mut value = 0.0;
    let mut gradient = vec![0.0; p.len()];
    let mut local = vec![0.0; p.len()];
    for s in samples {
        let predicted = form.log_predict(p, s.inputs, &mut local);
        if !predicted.is_finite() {
            return (f64::INFINITY, gradient);
        }
        let (loss, slope) = huber(predicted - s.score);
        value += loss;
        gradient
            .iter_mut()
            .zip(&local)
            .for_each(|(g, l)| *g += slope * l);
    }
    (value, gradient)
}

/// A fitted law and how it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct LawFit {
    pub form: Form,
    /// Natural parameters, in [`Form::parameters`] order.
    pub params: Vec<f64>,
    /// The Huber objective at the fit.
    pub objective: f64,
    pub points: usize,
    pub starts: usize,
    /// Starts whose search converged.
    pub converged: usize,
    /// The standard deviation of log L̂ − log L.
    pub spread: f64,
    /// The bootstrap's fitted parameters, one per resample that ended at finite values.
    pub draws: Vec<Vec<f64>>,
    /// 95% intervals of the parameters, when nine in ten resamples could be fitted.
    pub intervals: Option<Vec<Interval>>,
}

impl LawFit {
    /// The parameter called `name`.
    pub(crate) fn param(&self, name: &str) -> Option<f64> {
        let i = self.form.parameters().iter().position(|&p| p == name)?;
        Some(self.params[i])
    }

    /// The interval of the parameter called `name`.
    pub(crate) fn interval(&self, name: &str) -> Option<Interval> {
        let i = self.form.parameters().iter().position(|&p| p == name)?;
        self.intervals.as_ref().map(|all| all[i])
    }
}

/// Fits `form` to `points` (inputs, score), the bootstrap seeded by `key` (the model's name,
/// so that two models' resamples are drawn independently); refuses too few points, inputs or
/// scores that are not positive, or no start that converges.
pub fn fit(form: Form, points: &[([f64; 2], f64)], key: &str) -> Result<LawFit, Refusal> {
    fit_with(form, points, key, RESAMPLES)
}

/// [`fit`] with `resamples` bootstrap resamples (none: no intervals). A fit is made once
/// per process for the same inputs: a book's figure and its inline values ask for the same
/// law many times, and a fit of thousands of starts is the slowest thing effgraph does.
pub fn fit_with(
    form: Form,
    points: &[([f64; 2], f64)],
    key: &str,
    resamples: usize,
) -> Result<LawFit, Refusal> {
    type Fitted = Result<LawFit, Refusal>;
    static MADE: std::sync::Mutex<Vec<(String, Fitted)>> = std::sync::Mutex::new(Vec::new());
    let id = inputs_id(form, points, key, resamples);
    let made =
        |m: &mut Vec<(String, Fitted)>| m.iter().find(|(k, _)| *k == id).map(|e| e.1.clone());
    if let Some(found) = MADE.lock().ok().as_mut().and_then(|m| made(m)) {
        return found;
    }
    let fitted = fit_afresh(form, points, key, resamples);
    if let Ok(mut m) = MADE.lock() {
        // A few recent fits are enough for one book; older ones go.
        if m.len() >= 32 {
            m.drain(..1);
        }
        m.push((id, fitted.clone()));
    }
    fitted
}

/// A digest of a fit's inputs, bit for bit (a digest, not the text: a million points must
/// not keep megabytes per remembered fit).
fn inputs_id(form: Form, points: &[([f64; 2], f64)], key: &str, resamples: usize) -> String {
    use sha2::{Digest, Sha256};
    let mut digest = Sha256::new();
    digest.update(format!("{form:?}\u{0}{key}\u{0}{resamples}\u{0}"));
    for ([a, b], y) in points {
        for v in [a, b, y] {
            digest.update(v.to_bits().to_le_bytes());
        }
    }
    format!("{:x}", digest.finalize())
}

/// The names of a form's inputs, for messages.
fn input_names(form: Form) -> &'static [&'static str] {
    match form {
        Form::Chinchilla => &["parameter counts", "token counts"],
        _ => &["costs"],
    }
}

/// Refuses points a law of `form` cannot be fitted to: too few, not positive, or spanning
/// fewer than three values of an input (a power term's coefficient and exponent, with the
/// floor E, are not determined by fewer).
fn check_points(form: Form, points: &[([f64; 2], f64)]) -> Result<(), Refusal> {
    let (min, name) = (form.min_points(), form.name());
    if points.len() < min {
        let n = points.len();
        return Err(Refusal(format!(
            "{n} points; a {name} law needs at least {min}"
        )));
    }
    let inputs = input_names(form);
    if (points.iter()).any(|(i, y)| !(*y > 0.0 && i[..inputs.len()].iter().all(|&v| v > 0.0))) {
        return Err(Refusal(format!(
            "inputs and scores must be positive to fit a {name} law"
        )));
    }
    for (k, input) in inputs.iter().enumerate() {
        let mut values: Vec<u64> = points.iter().map(|(i, _)| i[k].to_bits()).collect();
        values.sort_unstable();
        values.dedup();
        if values.len() < 3 {
            let n = values.len();
            return Err(Refusal(format!(
                "the points span {n} distinct {input}; a {name} law needs at least 3"
            )));
        }
    }
    Ok(())
}

/// Refuses a best fit whose exponent is not positive: the score then does not improve with
/// the input, and the law describes no scaling.
fn check_exponents(form: Form, fitted: &[f64]) -> Result<(), Refusal> {
    let exponents = form.parameters().iter().zip(fitted);
    for (name, &value) in exponents.filter(|(n, _)| ["alpha", "beta"].contains(n)) {
        if value <= 0.0 {
            return Err(Refusal(format!(
                "the best fit has {name} = {}: the score does not improve as the input grows, so no scaling law is drawn",
                crate::format::sig(value, 4)
            )));
        }
    }
    Ok(())
}

fn fit_afresh(
    form: Form,
    points: &[([f64; 2], f64)],
    key: &str,
    resamples: usize,
) -> Result<LawFit, Refusal> {
    check_points(form, points)?;
    let samples: Vec<Sample> = (points.iter())
        .map(|&(i, y)| Sample {
            inputs: i.map(|v| if v > 0.0 { v.ln() } else { 0.0 }),
            score: y.ln(),
        })
        .collect();
    let grid = form.starts(&samples);
    let (converged, best) = search(form, &grid, &samples)?;
    check_exponents(form, &best.x)?;
    let draws = bootstrap(form, &samples, &best.x, key, resamples);
    let intervals = (resamples > 0 && draws.len() * 10 >= resamples * 9).then(|| {
        (0..best.x.len())
            .map(|k| percentile_interval(draws.iter().map(|d| d[k]).collect()))
            .collect()
    });
    Ok(LawFit {
        form,
        params: form.natural(&best.x),
        objective: best.value,
        points: points.len(),
        starts: grid.len(),
        converged,
        spread: spread(form, &best.x, &samples),
        draws,
        intervals,
    })
}

/// Starts whose searches are taken to full precision, the best of the coarse pass first.
const POLISHED: usize = 8;

/// The best minimum from the grid `starts`, and how many starts converged. Every start is
/// searched until a step lowers the objective by less than 10⁻⁵ of it; the [`POLISHED`]
/// lowest are then searched on to 10⁻¹⁰ (a start the coarse pass ranks far behind does not
/// overtake at the sixth digit), and the lowest converged one wins.
fn search(form: Form, grid: &[Vec<f64>], samples: &[Sample]) -> Result<(usize, Minimum), Refusal> {
    let f = |p: &[f64]| objective(form, p, samples);
    let coarse = Settings {
        value_tolerance: 1e-5,
        ..Settings::default()
    };
    let found = in_parallel(grid, |start| minimise(f, start, coarse));
    let finite = |m: &Minimum| m.value.is_finite() && m.x.iter().all(|v| v.is_finite());
    let mut ranked: Vec<(usize, &Minimum)> = (found.iter().enumerate())
        .filter(|(_, m)| m.converged && finite(m))
        .collect();
    let converged = ranked.len();
    ranked.sort_by(|(i, a), (j, b)| a.value.total_cmp(&b.value).then(i.cmp(j)));
    ranked.truncate(POLISHED);
    let polished = in_parallel(&ranked, |(_, m)| minimise(f, &m.x, Settings::default()));
    let best = (polished.into_iter().enumerate())
        .filter(|(_, m)| m.converged && finite(m))
        .min_by(|(i, a), (j, b)| a.value.total_cmp(&b.value).then(i.cmp(j)))
        .map(|(_, m)| m)
        .ok_or_else(|| Refusal::from("no start of the fit converged"))?;
    Ok((converged, best))
}

/// The standard deviation of the residuals log L̂ − log L.
fn spread(form: Form, p: &[f64], samples: &[Sample]) -> f64 {
    let mut scratch = vec![0.0; p.len()];
    let residuals: Vec<f64> = (samples.iter())
        .map(|s| form.log_predict(p, s.inputs, &mut scratch) - s.score)
        .collect();
    let n = residuals.len() as f64;
    let mean = residuals.iter().sum::<f64>() / n;
    let variance = residuals.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / (n - 1.0);
    variance.sqrt()
}

/// The bootstrap's draws of the natural parameters: the configurations resampled with
/// replacement (a configuration's runs stay together: it is one point), each resample fitted
/// from the best fit's parameters (a warm start: its minimum lies near), from a seed fixed
/// for the model. With a small δ the loss is nearly absolute deviation, whose minimum a
/// gradient test rarely certifies, so a resample counts when its search ended at finite
/// parameters.
fn bootstrap(
    form: Form,
    samples: &[Sample],
    best: &[f64],
    key: &str,
    resamples: usize,
) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED ^ fnv(key));
    let n = samples.len();
    // Drawn in order before fitting, so the draws do not depend on how the work is split.
    let resamples: Vec<Vec<Sample>> = (0..resamples)
        .map(|_| {
            (0..n)
                .map(|_| {
                    samples[((crate::simulate::unit(&mut rng) * n as f64) as usize).min(n - 1)]
                })
                .collect()
        })
        .collect();
    let settings = Settings {
        max_iterations: 200,
        ..Settings::default()
    };
    let found = in_parallel(&resamples, |sample| {
        minimise(|p| objective(form, p, sample), best, settings)
    });
    (found.into_iter())
        .filter(|m| m.value.is_finite() && m.x.iter().all(|v| v.is_finite()))
        .map(|m| form.natural(&m.x))
        .collect()
}

/// FNV-1a of `text`: a seed per model that is the same on every machine.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `work` applied to every item, in order, on as many threads as the machine has.
fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let chunk = items.len().div_ceil(threads.clamp(1, 16)).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (items.chunks(chunk))
            .map(|part| scope.spawn(|| part.iter().map(&work).collect::<Vec<R>>()))
            .collect();
        (handles.into_iter())
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A little multiplicative noise, the same every run.
    fn noise(i: usize) -> f64 {
        [
            0.004, -0.003, 0.002, -0.001, 0.003, -0.004, 0.001, 0.0, -0.002, 0.002,
        ][i % 10]
    }

    /// `n` points of a one-input law `form` with parameters `truth`, from cost `x0` in steps
    /// of `step`, with [`noise`].
    fn drawn(form: Form, truth: &[f64], x0: f64, step: f64, n: i32) -> Vec<([f64; 2], f64)> {
        (0..n)
            .map(|i| {
                let x = x0 * step.powi(i);
                let y = form.predict(truth, [x, 0.0]) * (1.0 + noise(i as usize));
                ([x, 0.0], y)
            })
            .collect()
    }

    /// Points drawn from known parameters with noise: the fit finds them again, inside
    /// their intervals.
    #[test]
    fn a_power_law_is_recovered_inside_its_intervals() {
        let truth = [1.7, 400.0, 0.3];
        let points = drawn(Form::Power, &truth, 1e8, 3.0, 10);
        let f = fit(Form::Power, &points, "m").unwrap();
        assert!((f.params[0] - truth[0]).abs() < 0.05, "{f:?}");
        assert!((f.params[2] - truth[2]).abs() < 0.02, "{f:?}");
        assert!(f.spread < 0.005, "{f:?}");
        let alpha = f.interval("alpha").unwrap();
        assert!(alpha.low <= truth[2] && truth[2] <= alpha.high, "{alpha:?}");
        assert_eq!((f.starts, f.points), (150, 10));
    }

    #[test]
    fn a_chinchilla_law_is_recovered_inside_its_intervals() {
        let truth = [1.8, 480.0, 0.35, 2100.0, 0.37];
        let mut points = Vec::new();
        for (i, n) in [4e7, 1e8, 3e8, 1e9, 3e9].into_iter().enumerate() {
            for (j, d) in [2e9, 8e9, 3e10, 1e11].into_iter().enumerate() {
                let y = Form::Chinchilla.predict(&truth, [n, d]) * (1.0 + noise(i * 4 + j));
                points.push(([n, d], y));
            }
        }
        let f = fit(Form::Chinchilla, &points, "m").unwrap();
        assert_eq!(f.starts, 6 * 6 * 5 * 5 * 5);
        for (k, name) in Form::Chinchilla.parameters().iter().enumerate() {
            let i = f.interval(name).unwrap();
            assert!(
                i.low <= truth[k] && truth[k] <= i.high,
                "{name}: {i:?} misses {} ({f:?})",
                truth[k]
            );
        }
        assert!((f.params[2] - truth[2]).abs() < 0.05, "{f:?}");
        assert!((f.params[4] - truth[4]).abs() < 0.05, "{f:?}");
    }

    #[test]
    fn a_rising_score_is_fitted_by_the_mirrored_form() {
        let truth = [0.8, 30.0, 0.4];
        let points = drawn(Form::Mirrored, &truth, 1e6, 4.0, 8);
        let f = fit(Form::Mirrored, &points, "m").unwrap();
        assert!((f.params[0] - truth[0]).abs() < 0.03, "{f:?}");
        assert!((f.params[2] - truth[2]).abs() < 0.05, "{f:?}");
        let e = f.interval("E").unwrap();
        assert!(e.low <= truth[0] && truth[0] <= e.high, "{e:?}");
    }

    #[test]
    fn too_few_or_non_positive_points_are_refused() {
        let at = |x: f64, y: f64| ([x, 0.0], y);
        let few = [at(1e9, 30.0), at(2e9, 25.0), at(4e9, 21.0), at(8e9, 19.0)];
        assert_eq!(
            fit(Form::Power, &few, "m").unwrap_err().to_string(),
            "4 points; a power law needs at least 5"
        );
        let mut zero = few.to_vec();
        zero.extend([at(9e9, 18.0)]);
        zero[0].0[0] = 0.0;
        assert_eq!(
            fit(Form::Power, &zero, "m").unwrap_err().to_string(),
            "inputs and scores must be positive to fit a power law"
        );
        assert_eq!(
            fit(Form::Chinchilla, &zero, "m").unwrap_err().to_string(),
            "5 points; a chinchilla law needs at least 8"
        );
        let one_cost: Vec<([f64; 2], f64)> = (0..6).map(|i| at(1e9, 30.0 + f64::from(i))).collect();
        assert_eq!(
            fit(Form::Power, &one_cost, "m").unwrap_err().to_string(),
            "the points span 1 distinct costs; a power law needs at least 3"
        );
        let worse: Vec<([f64; 2], f64)> = (0..6)
            .map(|i| at(1e9 * 2f64.powi(i), 20.0 + f64::from(i)))
            .collect();
        let refused = fit(Form::Power, &worse, "m").unwrap_err().to_string();
        assert!(
            refused.starts_with("the best fit has alpha = -")
                && refused.ends_with(
                    ": the score does not improve as the input grows, so no scaling law is drawn"
                ),
            "{refused}"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

        /// Inside the measured costs a fit and the frontier tell the same story: at every
        /// frontier point and halfway (in log cost) between neighbours, the fitted score is
        /// within three residual spreads of the frontier's reading (plus what reading a
        /// curve as straight segments between points a factor `step` apart costs).
        #[test]
        fn inside_the_data_a_fit_agrees_with_the_frontier(
            e in 1.0f64..3.0,
            alpha in 0.2f64..0.6,
            share in 0.5f64..4.0,
            n in 6usize..12,
            step in 1.5f64..3.0,
            size in 0.002f64..0.02,
            signs in proptest::collection::vec(-1.0f64..1.0, 12),
        ) {
            use crate::analysis::frontier::{Point, pareto_frontier};
            use crate::analysis::interpolate::{Interpolation, score_at};
            let x0: f64 = 1e8;
            let a = share * e * x0.powf(alpha);
            let points: Vec<([f64; 2], f64)> = (0..n)
                .map(|i| {
                    let x = x0 * step.powi(i as i32);
                    ([x, 0.0], (e + a * x.powf(-alpha)) * (1.0 + size * signs[i]))
                })
                .collect();
            let f = fit_with(Form::Power, &points, "m", 0).unwrap();
            let sorted: Vec<Point> = (points.iter().enumerate())
                .map(|(i, &([x, _], y))| Point { x, y, record: i as u32 })
                .collect();
            let frontier = pareto_frontier(&sorted, crate::results::Better::Lower);
            let law = super::super::cost::CostLaw::of(Form::Power, &f.params).unwrap();
            let curvature = 0.02 * step.ln().powi(2);
            for pair in frontier.windows(2) {
                let middle = (pair[0].x * pair[1].x).sqrt();
                for x in [pair[0].x, middle, pair[1].x] {
                    let read = score_at(&frontier, x, Interpolation::Power).unwrap().value;
                    let gap = (law.at(x) / read).ln().abs();
                    proptest::prop_assert!(
                        gap <= 3.0 * f.spread + curvature,
                        "at {x:e}: fit {} frontier {read} (spread {})", law.at(x), f.spread
                    );
                }
            }
        }
    }

    /// The gradient the fit follows is the objective's (central differences).
    #[test]
    fn gradients_match_finite_differences() {
        let samples: Vec<Sample> = (0..12)
            .map(|i| Sample {
                inputs: [18.0 + f64::from(i) * 0.7, 21.0 + f64::from(i % 4)],
                score: 1.0 - 0.03 * f64::from(i) + 0.01 * f64::from(i % 3),
            })
            .collect();
        let cases: [(Form, Vec<f64>); 3] = [
            (Form::Power, vec![0.3, 6.0, 0.31]),
            (Form::Chinchilla, vec![0.5, 6.0, 0.33, 7.5, 0.36]),
            (Form::Mirrored, vec![1.2, 4.0, 0.3]),
        ];
        for (form, p) in cases {
            let (_, g) = objective(form, &p, &samples);
            for k in 0..p.len() {
                let h = 1e-7;
                let (mut up, mut down) = (p.clone(), p.clone());
                up[k] += h;
                down[k] -= h;
                let numeric = (objective(form, &up, &samples).0
                    - objective(form, &down, &samples).0)
                    / (2.0 * h);
                assert!(
                    (numeric - g[k]).abs() <= 1e-6 * (1.0 + g[k].abs()),
                    "{form:?} ∂{k}: {numeric} vs {}",
                    g[k]
                );
            }
        }
    }
}
