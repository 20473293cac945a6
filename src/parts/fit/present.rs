//! How fits appear in every output: a console line per model, the summary's `fits` section,
//! inline values and macros of their parameters, curves with bands on the figure, the legend's
//! words, and readings for `from=fit`.

use serde_json::{Value, json};

use super::Fits;
use super::cost::{BEYOND, ModelFit, optimal_sizes};
use super::law::{DELTA, Form, LawFit};
use crate::analysis::outcome::{Curve, Drawn, Outcome, Refusal};
use crate::format::sig;
use crate::requirements::Target;

/// `L = 1.817 + 482/N^0.3478 + 2085/D^0.3658`: the law with its numbers.
fn formula(f: &LawFit) -> String {
    let p = |i: usize| sig(f.params[i], 4);
    match f.form {
        Form::Power => format!("L = {} + {}·x^-{}", p(0), p(1), p(2)),
        Form::Mirrored => format!("S = {} − {}·x^-{}", p(0), p(1), p(2)),
        Form::Chinchilla => format!("L = {} + {}/N^{} + {}/D^{}", p(0), p(1), p(2), p(3), p(4)),
    }
}

fn console_line(m: &ModelFit) -> String {
    let name = &m.name;
    let f = match &m.fit {
        Ok(f) => f,
        Err(why) => return format!("{name}: no fit: {why}"),
    };
    let intervals = (f.form.parameters().iter())
        .filter(|p| p.starts_with("alpha") || p.starts_with("beta"))
        .filter_map(|p| {
            let i = f.interval(p)?;
            Some(format!(
                "{p} 95% interval [{}, {}]",
                sig(i.low, 4),
                sig(i.high, 4)
            ))
        })
        .collect::<Vec<_>>();
    let mut line = format!(
        "{name}: {} fit {} (Huber δ={DELTA}, {} starts, {} converged, {} points, residual spread {})",
        f.form.name(),
        formula(f),
        f.starts,
        f.converged,
        f.points,
        sig(f.spread, 3)
    );
    if !intervals.is_empty() {
        line.push_str(&format!(", {}", intervals.join(", ")));
    }
    if let Err(why) = &m.on_cost {
        line.push_str(&format!("; not drawn: {why}"));
    }
    line
}

/// A model's entry in the summary's `fits`.
fn summary_entry(m: &ModelFit, form: Form) -> Value {
    let f = match &m.fit {
        Ok(f) => f,
        Err(why) => return json!({"form": form.name(), "refused": why.to_string()}),
    };
    let mut entry = json!({
        "form": f.form.name(), "objective": f.objective, "delta": DELTA, "starts": f.starts,
        "converged_starts": f.converged, "converged": f.converged > 0, "points": f.points,
        "residual_spread": f.spread,
    });
    let names = f.form.parameters();
    for (name, value) in names.iter().zip(&f.params) {
        entry[*name] = json!(value);
    }
    entry["ci"] = match &f.intervals {
        Some(all) => (names.iter().zip(all))
            .map(|(n, i)| (n.to_string(), json!([i.low, i.high])))
            .collect::<serde_json::Map<_, _>>()
            .into(),
        None => Value::Null,
    };
    if f.form == Form::Chinchilla {
        let (alpha, beta) = (f.params[2], f.params[4]);
        // N_opt = G·(C/6)^{β/(α+β)}: at C = 6, N_opt is G.
        let (g, _) = optimal_sizes(&f.params, 6.0);
        entry["compute_optimal"] = json!({
            "params_exponent": beta / (alpha + beta),
            "tokens_exponent": alpha / (alpha + beta),
            "G": g,
            "drawn": m.on_cost.is_ok(),
        });
        if let Err(why) = &m.on_cost {
            entry["compute_optimal"]["why_not"] = json!(why.to_string());
        }
    }
    entry
}

impl Outcome for Fits {
    fn console(&self) -> Vec<String> {
        self.models.iter().map(console_line).collect()
    }

    fn summary(&self) -> Option<Value> {
        let fits = (self.models.iter()).map(|m| (m.name.clone(), summary_entry(m, self.form)));
        Some(Value::Object(fits.collect()))
    }

    fn summary_key(&self) -> Option<&'static str> {
        Some("fits")
    }

    fn context(&self) -> Option<Value> {
        self.summary()
    }

    fn value(&self, what: &str, model: Option<&str>) -> Option<Result<String, Refusal>> {
        let what = what.rsplit('.').next().unwrap_or(what);
        let Some(m) = self.models.iter().find(|m| Some(m.name.as_str()) == model) else {
            return Some(Err("name the model (model=M)".into()));
        };
        Some(match &m.fit {
            Ok(f) => f.param(what).map(|v| sig(v, 4)).ok_or_else(|| {
                Refusal(format!(
                    "`{what}` is not a parameter of a {} law (expected {})",
                    f.form.name(),
                    f.form.parameters().join(", ")
                ))
            }),
            Err(why) => Err(why.clone()),
        })
    }

    fn macros(&self) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for m in &self.models {
            if let Ok(f) = &m.fit {
                for (what, v) in f.form.parameters().iter().zip(&f.params) {
                    out.push((m.name.clone(), what.to_string(), sig(*v, 4)));
                }
            }
        }
        out
    }

    fn curves(&self) -> Vec<Curve> {
        self.curves.clone()
    }

    fn legend(&self) -> Option<String> {
        if self.curves.is_empty() {
            return None;
        }
        let what = match self.form {
            Form::Chinchilla => "compute-optimal Chinchilla fit",
            _ => "fitted power law",
        };
        let banded = self.curves.iter().any(|c| !c.band.is_empty());
        let band = if banded { "band: 95% interval; " } else { "" };
        Some(format!(
            "{what} ({band}dashed: extrapolated ×{BEYOND} beyond the largest run)"
        ))
    }

    fn reading(&self, model: &str, target: Target) -> Option<Drawn> {
        let m = self.models.iter().find(|m| m.name == model)?;
        Some(m.reading(target, &self.axes))
    }
}
