//! Scaling-law fits beside the frontiers (`fit=power`): per model, the power law its score
//! follows in its cost ([`power`]), reported with how it was found (form, δ, starts,
//! convergence, points, residual spread) and drawn over the data, solid across the measured
//! costs and dashed beyond them, with 95% intervals of its parameters from a bootstrap over the
//! configurations. A model with too few points, or no converged start, gets no fit and says
//! why. Readings from a fit and the Chinchilla form are not built yet.

mod lbfgs;
mod power;

use std::sync::Arc;

use serde_json::json;

use super::Part;
use crate::analysis::Analysis;
use crate::analysis::outcome::{Curve, Outcome, Refusal};
use crate::results::ResultSet;

pub(crate) struct Fit;

/// Each model's fit, or why it has none.
#[derive(Debug)]
struct Fits {
    models: Vec<(String, Result<power::PowerFit, Refusal>)>,
}

impl Part for Fit {
    fn name(&self) -> &'static str {
        "fit"
    }

    fn doc(&self) -> &'static str {
        "`power`: per model, the power law L(x) = E + A·x^−α fitted to its configurations (Huber loss on log L, L-BFGS from a grid of starts), drawn solid over the measured costs and dashed beyond; in an inline value `E`, `A` or `alpha` with `model=`"
    }

    fn analyse(
        &self,
        request: &str,
        _results: &ResultSet,
        analysis: &Analysis,
    ) -> Result<Arc<dyn Outcome>, Refusal> {
        // An inline value asks for a parameter (`fit=alpha model=M`) of the power fit.
        if !["power", "E", "A", "alpha"].contains(&request) {
            return Err(Refusal(format!(
                "`{request}` is not a fit (expected power) or a parameter (E, A or alpha)"
            )));
        }
        if analysis.axes.better == crate::results::Better::Higher {
            return Err("a score where higher is better is not fitted yet".into());
        }
        let models = (analysis.models.iter())
            .map(|m| {
                let points: Vec<(f64, f64)> = m.points.iter().map(|p| (p.x, p.y)).collect();
                (m.name.clone(), power::fit(&points))
            })
            .collect();
        Ok(Arc::new(Fits { models }))
    }
}

impl Outcome for Fits {
    fn console(&self) -> Vec<String> {
        let line = |(name, fit): &(String, Result<power::PowerFit, Refusal>)| match fit {
            Ok(f) => format!(
                "{name}: fit L = {:.4} + {:.4e}·x^-{:.4}{} (Huber δ={}, {} starts, converged, {} points, residual spread {:.4})",
                f.e,
                f.a,
                f.alpha,
                f.intervals.map_or(String::new(), |[_, _, alpha]| format!(
                    ", α 95% interval [{:.4}, {:.4}]",
                    alpha.low, alpha.high
                )),
                power::DELTA,
                f.starts,
                f.points,
                f.spread
            ),
            Err(why) => format!("{name}: no fit: {why}"),
        };
        self.models.iter().map(line).collect()
    }

    fn summary(&self) -> Option<serde_json::Value> {
        let entry = |fit: &Result<power::PowerFit, Refusal>| match fit {
            Ok(f) => json!({
                "form": "power", "E": f.e, "A": f.a, "alpha": f.alpha,
                "objective": f.objective, "delta": power::DELTA, "starts": f.starts,
                "points": f.points, "converged": f.converged, "residual_spread": f.spread,
                "ci": f.intervals.map(|[e, a, alpha]| json!({
                    "E": [e.low, e.high], "A": [a.low, a.high], "alpha": [alpha.low, alpha.high],
                })),
            }),
            Err(why) => json!({"form": "power", "refused": why.to_string()}),
        };
        let fits = self.models.iter().map(|(n, f)| (n.clone(), entry(f)));
        Some(serde_json::Value::Object(fits.collect()))
    }

    fn summary_key(&self) -> Option<&'static str> {
        Some("fits")
    }

    fn context(&self) -> Option<serde_json::Value> {
        self.summary()
    }

    fn value(&self, what: &str, model: Option<&str>) -> Option<Result<String, Refusal>> {
        let read = |f: &power::PowerFit| match what {
            "E" => Some(f.e),
            "A" => Some(f.a),
            "alpha" => Some(f.alpha),
            _ => None,
        };
        let fit = self.models.iter().find(|(n, _)| Some(n.as_str()) == model);
        let Some((_, fit)) = fit else {
            return Some(Err("name the model (model=M)".into()));
        };
        Some(match fit {
            Ok(f) => read(f).map(|v| crate::format::sig(v, 4)).ok_or_else(|| {
                Refusal(format!(
                    "`{what}` is not a parameter (expected E, A or alpha)"
                ))
            }),
            Err(why) => Err(why.clone()),
        })
    }

    fn macros(&self) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for (name, fit) in &self.models {
            if let Ok(f) = fit {
                for (what, v) in [("E", f.e), ("A", f.a), ("alpha", f.alpha)] {
                    out.push((name.clone(), what.into(), crate::format::sig(v, 4)));
                }
            }
        }
        out
    }

    /// Each fit from the cheapest measured cost to [`BEYOND`] times the largest, dashed past
    /// it.
    fn curves(&self) -> Vec<Curve> {
        let each = |(name, fit): &(String, Result<power::PowerFit, Refusal>)| {
            let f = fit.as_ref().ok()?;
            let (lo, hi) = f.range;
            let end = BEYOND * hi;
            let points = (0..=64)
                .map(|i| lo * (end / lo).powf(f64::from(i) / 64.0))
                .chain([hi])
                .map(|x| (x, f.predict(x)))
                .collect::<Vec<_>>();
            let mut points = points;
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            Some(Curve {
                model: name.clone(),
                points,
                dashed_from: Some(hi),
            })
        };
        self.models.iter().filter_map(each).collect()
    }

    fn legend(&self) -> Option<String> {
        self.models.iter().any(|(_, f)| f.is_ok()).then(|| {
            format!("fitted power law (dashed: extrapolated ×{BEYOND} beyond the largest run)")
        })
    }
}

/// How far past the largest measured cost a fit is drawn, as a multiple of it.
const BEYOND: f64 = 4.0;
