//! A part that exists only in the tests, to show that one module and one line in `PARTS`
//! reach every output: it reads each model's best score (`trial=best`) and draws a line
//! through each frontier's ends, on level and dashed to twice the largest cost.

use std::sync::Arc;

use super::Part;
use crate::analysis::Analysis;
use crate::analysis::outcome::{Curve, Outcome, Refusal};
use crate::results::ResultSet;

pub(crate) struct Trial;

/// A model's name, best score and the line drawn for it.
type ModelBest = (String, f64, Vec<(f64, f64)>);

#[derive(Debug)]
struct Best {
    models: Vec<ModelBest>,
}

impl Part for Trial {
    fn name(&self) -> &'static str {
        "trial"
    }

    fn doc(&self) -> &'static str {
        "`best`: each model's best score (a test of the analysis seam)"
    }

    fn analyse(
        &self,
        request: &str,
        _results: &ResultSet,
        analysis: &Analysis,
    ) -> Result<Arc<dyn Outcome>, Refusal> {
        if request != "best" {
            return Err(Refusal(format!(
                "`{request}` is not a request (expected best)"
            )));
        }
        let models = analysis
            .models
            .iter()
            .map(|m| {
                let ends = [m.frontier.first(), m.frontier.last()];
                let mut ends: Vec<(f64, f64)> =
                    ends.into_iter().flatten().map(|p| (p.x, p.y)).collect();
                // And on, level, to twice the largest cost: the part's extrapolation.
                if let Some(&(x, y)) = ends.last() {
                    ends.push((2.0 * x, y));
                }
                (m.name.clone(), m.stats.best_ppl, ends)
            })
            .collect();
        Ok(Arc::new(Best { models }))
    }
}

impl Outcome for Best {
    fn console(&self) -> Vec<String> {
        let line = |(name, best, _): &ModelBest| format!("{name}: best {best:.2}");
        self.models.iter().map(line).collect()
    }

    fn summary(&self) -> Option<serde_json::Value> {
        let bests = self.models.iter().map(|(n, b, _)| (n.clone(), (*b).into()));
        Some(serde_json::Value::Object(bests.collect()))
    }

    fn context(&self) -> Option<serde_json::Value> {
        self.summary()
    }

    fn value(&self, what: &str, model: Option<&str>) -> Option<Result<String, Refusal>> {
        if what != "best" {
            return None;
        }
        let found = self
            .models
            .iter()
            .find(|(n, _, _)| Some(n.as_str()) == model);
        Some(
            found
                .map(|(_, b, _)| format!("{b:.2}"))
                .ok_or_else(|| "name the model".into()),
        )
    }

    fn macros(&self) -> Vec<(String, String, String)> {
        let each = |(n, b, _): &ModelBest| (n.clone(), "best".into(), format!("{b:.2}"));
        self.models.iter().map(each).collect()
    }

    fn curves(&self) -> Vec<Curve> {
        let each = |(name, _, ends): &ModelBest| Curve {
            model: name.clone(),
            points: ends.clone(),
            band: Vec::new(),
            dashed_from: ends.get(ends.len().saturating_sub(2)).map(|e| e.0),
        };
        self.models.iter().map(each).collect()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::analysis::AnalysisOptions;
    use crate::config::Defaults;
    use crate::directive::parse_at;
    use crate::directive::value_keys::configure_value;
    use crate::parts::analyse as analyse_with_parts;
    use crate::render::{FigureOptions, Format, render_figure};
    use crate::report::context::ReportContext;
    use crate::requirements::Requirements;
    use crate::results::ResultSet;
    use crate::settings::Tables;

    fn fixture() -> ResultSet {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        ResultSet::load(&root.join("tests/fixtures/old_layout/results")).unwrap()
    }

    #[test]
    fn a_part_reaches_every_output_through_its_registration_alone() {
        let results = fixture();
        let analyse = |parts: &[(String, String)]| {
            let (none, options) = (Requirements::default(), AnalysisOptions::default());
            analyse_with_parts(&results, &none, &options, parts)
        };
        let a = analyse(&[("trial".into(), "best".into())]).unwrap();
        let console = crate::report::console::console_report(&a);
        assert!(console.ends_with("\ntrial:\n--------------------------------------------------------------------------------\nmamba: best 32.00\nresnetbk: best 28.00\n"), "{console}");
        let summary = crate::report::summary::summary(&a, &results);
        let json = crate::report::summary::to_json(&summary);
        assert!(
            json.contains("\n  \"trial\": {\n    \"mamba\": 32.0,"),
            "{json}"
        );
        let context = ReportContext::new(&a, Tables::ALL, "id".into());
        assert_eq!(context.parts["trial"]["resnetbk"], 28.0);
        let macros = crate::report::macros::definitions(&a, &results, false);
        assert!(
            macros.contains("\\providecommand{\\efftrial}[2]"),
            "{macros}"
        );
        assert!(macros.contains("\\@namedef{efftrial@resnetbk@best}{28.00}"));
        // The figure gains the curves; without the part it is as before.
        let plain = analyse(&[]).unwrap();
        let svg = |a| {
            let drawing = render_figure(a, &FigureOptions::default(), "alt");
            String::from_utf8(drawing.encode(Format::Svg, 72).unwrap()).unwrap()
        };
        let (with, without) = (svg(&a), svg(&plain));
        assert!(
            with.matches("stroke-dasharray").count() > without.matches("stroke-dasharray").count()
        );
        let err = analyse(&[("trial".into(), "worst".into())]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "trial: `worst` is not a request (expected best)"
        );
    }

    #[test]
    fn an_inline_value_and_a_directive_key_ask_for_a_part() {
        let doc = "<<efficiency_value tests/fixtures/old_layout/results trial=best model=mamba>>";
        let path = Path::new("doc.md");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let d = parse_at(path, doc, 0).unwrap();
        let req = configure_value(path, doc, &d, &Defaults::default(), root).unwrap();
        assert_eq!(req.config.parts, vec![("trial".into(), "best".into())]);
        let at = crate::error::Location::new(path, 1, 1);
        let (results, a) = crate::pipeline::analyse_directive(&req.config, &at).unwrap();
        let fact = crate::report::value::fact(&a, &results, &req).unwrap();
        assert_eq!(
            (fact.text.as_str(), fact.provenance.as_str()),
            ("32.00", "trial: best of mamba")
        );
        let keys: Vec<&str> = crate::directive::keys::all_keys().map(|k| k.0).collect();
        assert_eq!(keys.last(), Some(&"trial"));
    }
}
