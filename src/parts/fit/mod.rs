//! Scaling-law fits beside the frontiers (`fit=power`, `fit=chinchilla`): per model, the law
//! its score follows ([`law`]: L = E + A·x^−α, its mirror S = E − A·x^−α for a score where
//! higher is better, or L = E + A/N^α + B/D^β with N and D from `fit_params=` and
//! `fit_tokens=`), reported with how it was found (form, δ, starts, convergence, points,
//! residual spread) and with 95% intervals from a bootstrap over the configurations. On the
//! figure each law is drawn on the cost axis ([`cost`]; a Chinchilla law along its
//! compute-optimal frontier) with its band, solid across the measured costs and dashed
//! beyond; with `from=fit` it gives tables, verdicts and inline values their readings, each
//! marked as from a fit and how far it is extrapolated. A model with too few points, or no
//! converged start, gets no fit and says why.

mod cost;
pub(crate) mod law;
mod lbfgs;
mod present;

use std::sync::Arc;

use self::cost::ModelFit;
use self::law::Form;
use super::Part;
use crate::analysis::outcome::{Outcome, Refusal};
use crate::analysis::{Analysis, ModelAnalysis};
use crate::results::{Better, ResultSet};

pub(crate) struct Fit;

/// Every model's fit, of one form.
#[derive(Debug)]
struct Fits {
    form: Form,
    models: Vec<ModelFit>,
    /// What the axes measure, for the readings' words.
    axes: crate::results::Axes,
    /// Each drawn law with its band, made once: the figure asks for them at every stage.
    curves: Vec<crate::analysis::outcome::Curve>,
}

/// The form a request names, or leaves to the data.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Named {
    Power,
    Chinchilla,
    /// Chinchilla when every configuration has N and D, else power.
    Either,
}

/// The parameters an inline value may ask for.
const PARAMETERS: &[&str] = &["E", "A", "alpha", "B", "beta"];

/// `power`, `chinchilla`, a parameter (`alpha`) or a form's parameter (`chinchilla.beta`).
fn named(request: &str) -> Result<Named, Refusal> {
    let (form, parameter) = match request.split_once('.') {
        Some((form, parameter)) => (form, Some(parameter)),
        None if PARAMETERS.contains(&request) => ("", Some(request)),
        None => (request, None),
    };
    if let Some(p) = parameter.filter(|p| !PARAMETERS.contains(p)) {
        return Err(Refusal(format!(
            "`{p}` is not a parameter (expected E, A, alpha, B or beta)"
        )));
    }
    match form {
        "power" => Ok(Named::Power),
        "chinchilla" => Ok(Named::Chinchilla),
        "" | "auto" => Ok(Named::Either),
        other => Err(Refusal(format!(
            "`{other}` is not a fit (expected power or chinchilla) or a parameter (E, A, alpha, B or beta)"
        ))),
    }
}

impl Part for Fit {
    fn name(&self) -> &'static str {
        "fit"
    }

    fn doc(&self) -> &'static str {
        "`power`: per model, the power law L(x) = E + A·x^−α of its configurations (S = E − A·x^−α where higher is better); `chinchilla`: L(N, D) = E + A/N^α + B/D^β with N and D from `fit_params=` and `fit_tokens=`, drawn along its compute-optimal frontier. Huber loss on log L, L-BFGS from a grid of starts, 95% bands from a bootstrap; solid over the measured costs, dashed beyond ([fits](fits.md)). In an inline value: `E`, `A`, `alpha`, `B` or `beta` with `model=`"
    }

    fn analyse(
        &self,
        request: &str,
        results: &ResultSet,
        analysis: &Analysis,
    ) -> Result<Arc<dyn Outcome>, Refusal> {
        let sized = results.records.iter().all(|r| {
            r.sizes
                .as_ref()
                .is_some_and(|s| s.params.zip(s.tokens).is_some())
        });
        let higher = analysis.axes.better == Better::Higher;
        let form = match (named(request)?, sized, higher) {
            (Named::Chinchilla, _, true) => {
                return Err("a Chinchilla law fits a loss, where lower is better".into());
            }
            (Named::Chinchilla, false, _) => {
                return Err(
                    "fit=chinchilla needs each configuration's N and D: give fit_params= and fit_tokens="
                        .into(),
                );
            }
            (Named::Chinchilla, true, false) | (Named::Either, true, false) => Form::Chinchilla,
            (_, _, true) => Form::Mirrored,
            _ => Form::Power,
        };
        let models: Vec<ModelFit> = (analysis.models.iter())
            .map(|m| model_fit(form, m, results))
            .collect();
        let curves = models.iter().filter_map(ModelFit::curve).collect();
        Ok(Arc::new(Fits {
            form,
            models,
            axes: analysis.axes.clone(),
            curves,
        }))
    }
}

/// One model's fit of `form` to its configurations.
fn model_fit(form: Form, m: &ModelAnalysis, results: &ResultSet) -> ModelFit {
    let sizes = |record: u32| {
        let s = results.records[record as usize].sizes.as_deref();
        s.map_or([0.0; 2], |s| {
            [s.params.unwrap_or(0.0), s.tokens.unwrap_or(0.0)]
        })
    };
    let points: Vec<([f64; 2], f64)> = (m.points.iter())
        .map(|p| match form {
            Form::Chinchilla => (sizes(p.record), p.y),
            _ => ([p.x, 0.0], p.y),
        })
        .collect();
    let xs = m.points.iter().map(|p| p.x);
    let range = (
        xs.clone().fold(f64::INFINITY, f64::min),
        xs.fold(f64::NEG_INFINITY, f64::max),
    );
    let axis = match form {
        Form::Chinchilla => compute_axis(m, &points, results),
        _ => Ok(()),
    };
    ModelFit::new(&m.name, law::fit(form, &points, &m.name), range, axis)
}

/// A Chinchilla law is read on the cost axis only where that axis is the training compute:
/// each configuration's cost within 5% of 6·N·D.
fn compute_axis(
    m: &ModelAnalysis,
    points: &[([f64; 2], f64)],
    results: &ResultSet,
) -> Result<(), Refusal> {
    for (p, (sizes, _)) in m.points.iter().zip(points) {
        let compute = 6.0 * sizes[0] * sizes[1];
        let within = (p.x / compute - 1.0).abs() <= 0.05;
        if !within {
            let record = &results.records[p.record as usize];
            return Err(Refusal(format!(
                "its compute-optimal frontier is drawn and read only where the cost is the training compute 6·N·D, and configuration {} costs {} against 6·N·D = {}",
                results.config_id(record),
                crate::format::sig(p.x, 4),
                crate::format::sig(compute, 4)
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_name_a_form_or_a_parameter() {
        assert_eq!(named("power").unwrap(), Named::Power);
        assert_eq!(named("chinchilla.beta").unwrap(), Named::Chinchilla);
        assert_eq!(named("alpha").unwrap(), Named::Either);
        assert_eq!(
            named("kaplan").unwrap_err().to_string(),
            "`kaplan` is not a fit (expected power or chinchilla) or a parameter (E, A, alpha, B or beta)"
        );
        assert_eq!(
            named("power.gamma").unwrap_err().to_string(),
            "`gamma` is not a parameter (expected E, A, alpha, B or beta)"
        );
    }
}
