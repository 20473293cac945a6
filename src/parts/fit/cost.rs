//! A fit as a law of the figure's cost axis, which curves, bands and readings use: a power
//! law's own, a mirrored one's, and a Chinchilla law's along its compute-optimal frontier.
//! With C = 6ND, the N that minimises E + A/N^α + B/D^β at a budget is
//! N_opt = G·(C/6)^{β/(α+β)} with G = (αA/(βB))^{1/(α+β)}, D_opt = C/(6·N_opt), and the loss
//! there is itself a power law in C, with exponent αβ/(α+β).

use super::law::{Form, LawFit};
use crate::analysis::bootstrap::percentile_interval;
use crate::analysis::outcome::{Curve, Drawn, Refusal};
use crate::analysis::{Estimate, Fitted, Reading};
use crate::requirements::Target;
use crate::results::Axes;

/// E + A·x^−α (or, rising, E − A·x^−α) on the cost axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CostLaw {
    pub e: f64,
    pub a: f64,
    pub alpha: f64,
    pub rising: bool,
}

impl CostLaw {
    /// The law on the cost axis of `form` with natural parameters `p`; `None` for a
    /// Chinchilla law whose optimum is not finite (an exponent of 0).
    pub(crate) fn of(form: Form, p: &[f64]) -> Option<CostLaw> {
        let law = match form {
            Form::Power | Form::Mirrored => CostLaw {
                e: p[0],
                a: p[1],
                alpha: p[2],
                rising: form == Form::Mirrored,
            },
            Form::Chinchilla => {
                let (a, alpha, b, beta) = (p[1], p[2], p[3], p[4]);
                let g = scale(p);
                let gamma = alpha * beta / (alpha + beta);
                let h = a * g.powf(-alpha) + b * g.powf(beta);
                CostLaw {
                    e: p[0],
                    a: h * 6f64.powf(gamma),
                    alpha: gamma,
                    rising: false,
                }
            }
        };
        [law.e, law.a, law.alpha]
            .iter()
            .all(|v| v.is_finite())
            .then_some(law)
    }

    /// The law's score at cost `x`.
    pub(crate) fn at(&self, x: f64) -> f64 {
        let term = self.a * x.powf(-self.alpha);
        if self.rising {
            self.e - term
        } else {
            self.e + term
        }
    }

    /// The cost at which the law reaches score `target`; `None` when it levels off first.
    pub(crate) fn cost_to_reach(&self, target: f64) -> Option<f64> {
        let gap = if self.rising {
            self.e - target
        } else {
            target - self.e
        };
        let cost = (self.a / gap).powf(1.0 / self.alpha);
        (gap > 0.0 && self.alpha > 0.0 && cost.is_finite() && cost > 0.0).then_some(cost)
    }
}

/// G = (αA/(βB))^{1/(α+β)} of a Chinchilla law's natural parameters.
fn scale(p: &[f64]) -> f64 {
    let (a, alpha, b, beta) = (p[1], p[2], p[3], p[4]);
    (alpha * a / (beta * b)).powf(1.0 / (alpha + beta))
}

/// The compute-optimal parameter count and tokens of a Chinchilla law at budget `c` FLOPs.
pub(crate) fn optimal_sizes(p: &[f64], c: f64) -> (f64, f64) {
    let n = scale(p) * (c / 6.0).powf(p[4] / (p[2] + p[4]));
    (n, c / (6.0 * n))
}

/// One model's fit, and what it reads on the cost axis.
#[derive(Debug)]
pub(crate) struct ModelFit {
    pub name: String,
    pub fit: Result<LawFit, Refusal>,
    /// The smallest and largest measured cost.
    pub range: (f64, f64),
    /// The law on the cost axis, or why it has none.
    pub on_cost: Result<CostLaw, Refusal>,
    /// The same law of each bootstrap draw.
    pub drawn: Vec<CostLaw>,
    /// Whether the draws give intervals: the fit's did, and nine in ten draws have a law on
    /// the cost axis.
    intervals: bool,
}

/// How far past the largest measured cost a fit is drawn, as a multiple of it.
pub(crate) const BEYOND: f64 = 4.0;

impl ModelFit {
    pub(crate) fn new(
        name: &str,
        fit: Result<LawFit, Refusal>,
        range: (f64, f64),
        cost_axis: Result<(), Refusal>,
    ) -> ModelFit {
        let on_cost = match (&fit, cost_axis) {
            (Err(why), _) => Err(why.clone()),
            (Ok(_), Err(why)) => Err(why),
            (Ok(f), Ok(())) => CostLaw::of(f.form, &f.params)
                .ok_or_else(|| Refusal::from("the fit has no finite compute-optimal frontier")),
        };
        let drawn = match (&fit, &on_cost) {
            (Ok(f), Ok(_)) => (f.draws.iter())
                .filter_map(|d| CostLaw::of(f.form, d))
                .collect(),
            _ => Vec::new(),
        };
        let intervals = fit.as_ref().is_ok_and(|f| f.intervals.is_some())
            && drawn.len() * 10 >= crate::analysis::bootstrap::RESAMPLES * 9;
        ModelFit {
            name: name.to_string(),
            fit,
            range,
            on_cost,
            drawn,
            intervals,
        }
    }

    /// How far cost `x` lies outside the measured costs.
    fn fitted(&self, x: f64) -> Fitted {
        Fitted {
            beyond: x / self.range.1,
            short: self.range.0 / x,
        }
    }

    /// The law on the cost axis from the cheapest measured cost to [`BEYOND`] times the
    /// largest, dashed past it, with its band; none without a law there.
    pub(crate) fn curve(&self) -> Option<Curve> {
        let law = self.on_cost.as_ref().ok()?;
        let (lo, hi) = self.range;
        let end = BEYOND * hi;
        let mut xs: Vec<f64> = (0..=64)
            .map(|i| lo * (end / lo).powf(f64::from(i) / 64.0))
            .chain([hi])
            .collect();
        xs.sort_by(f64::total_cmp);
        Some(Curve {
            model: self.name.clone(),
            points: xs.iter().map(|&x| (x, law.at(x))).collect(),
            band: self.band(&xs),
            dashed_from: Some(hi),
        })
    }

    /// The band of the law's predictions at each of `xs`: (x, low, high), when the draws
    /// give intervals.
    fn band(&self, xs: &[f64]) -> Vec<(f64, f64, f64)> {
        if !self.intervals {
            return Vec::new();
        }
        (xs.iter())
            .map(|&x| {
                let i = percentile_interval(self.drawn.iter().map(|l| l.at(x)).collect());
                (x, i.low, i.high)
            })
            .collect()
    }

    /// The model's reading at `target` from its law, with its value in every draw.
    pub(crate) fn reading(&self, target: Target, axes: &Axes) -> Drawn {
        let law = match &self.on_cost {
            Ok(law) => law,
            Err(why) => {
                let reason = format!("{} has no fit: {why}", self.name);
                return unreached(reason, "no fit".into());
            }
        };
        let (value, draws, cost) = match target {
            Target::Y(t) => {
                let Some(cost) = law.cost_to_reach(t) else {
                    let levels = axes.y.value(law.e);
                    let reason = format!(
                        "{}'s fit levels off at {levels}, never reaching {} {}",
                        self.name,
                        axes.y.short(),
                        crate::format::sig(t, 4)
                    );
                    return unreached(reason, format!("fit levels off at {levels}"));
                };
                let draws: Vec<f64> = (self.drawn.iter())
                    .map(|l| l.cost_to_reach(t).unwrap_or(f64::INFINITY))
                    .collect();
                (cost, draws, cost)
            }
            Target::X(b) => (law.at(b), self.drawn.iter().map(|l| l.at(b)).collect(), b),
        };
        let interval = self.intervals.then(|| percentile_interval(draws.clone()));
        Drawn {
            reading: Reading {
                estimate: Some(Estimate {
                    value,
                    interpolated: true,
                }),
                reason: None,
                nearest: None,
                interval,
                fitted: Some(self.fitted(cost)),
            },
            draws: if self.intervals { draws } else { Vec::new() },
        }
    }
}

/// A reading from a fit that has no value, and why.
fn unreached(reason: String, nearest: String) -> Drawn {
    Drawn {
        reading: Reading {
            estimate: None,
            reason: Some(reason),
            nearest: Some(nearest),
            interval: None,
            fitted: Some(Fitted {
                beyond: 1.0,
                short: 1.0,
            }),
        },
        draws: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Along the compute-optimal frontier the loss is the least any split of the budget
    /// gives, and the cost law reads it.
    #[test]
    fn the_compute_optimal_law_is_the_least_loss_at_each_budget() {
        let p = [1.8172, 482.0, 0.3478, 2085.0, 0.3658];
        let law = CostLaw::of(Form::Chinchilla, &p).unwrap();
        for c in [1e18, 1e21, 1e24] {
            let (n, d) = optimal_sizes(&p, c);
            assert!((6.0 * n * d / c - 1.0).abs() < 1e-12);
            let at_optimum = Form::Chinchilla.predict(&p, [n, d]);
            assert!((law.at(c) / at_optimum - 1.0).abs() < 1e-12, "{c}");
            for shift in [0.5, 0.9, 1.1, 2.0] {
                let other = Form::Chinchilla.predict(&p, [n * shift, d / shift]);
                assert!(other > at_optimum, "{c} {shift}");
            }
            assert!((law.cost_to_reach(law.at(c)).unwrap() / c - 1.0).abs() < 1e-9);
        }
        assert_eq!(law.cost_to_reach(1.8), None);
    }

    #[test]
    fn a_rising_law_reaches_only_scores_below_its_ceiling() {
        let law = CostLaw::of(Form::Mirrored, &[0.8, 30.0, 0.4]).unwrap();
        let x = law.cost_to_reach(0.7).unwrap();
        assert!((law.at(x) - 0.7).abs() < 1e-12);
        assert_eq!(law.cost_to_reach(0.8), None);
    }
}
