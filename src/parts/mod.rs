//! Analyses beyond the frontiers plug in here. A [`Part`] is asked for by its name, as a
//! directive key (`<name>=REQUEST`) or a command-line flag (`--<name> REQUEST`); it reads the
//! results and the frontier analysis and gives an [`Outcome`], whose presenters every output
//! calls: console lines, a summary JSON section and a template context entry under the part's
//! name, values for inline values (`<<efficiency_value … <name>=WHAT model=M>>`, which runs
//! the part with WHAT as its request) and LaTeX macros (`\eff<name>{M}{WHAT}`), and curves
//! drawn on the figure. Adding an analysis is its module and one line in [`PARTS`].

use std::sync::Arc;

use crate::analysis::outcome::{Found, Outcome, Refusal};
use crate::analysis::{Analysis, AnalysisOptions, ReadFrom};
use crate::error::{PartError, Result};
use crate::requirements::Requirements;
use crate::results::ResultSet;

/// One analysis that plugs in.
pub(crate) trait Part: Sync {
    /// Names the part: its directive key and flag, its summary section and context entry.
    fn name(&self) -> &'static str;

    /// What the directive key's value looks like and does (Markdown, for the guide).
    fn doc(&self) -> &'static str;

    /// Runs the part as `request` (the key's value) asks, on the results and the frontier
    /// analysis; an error says what is wrong with the request or the data.
    fn analyse(
        &self,
        request: &str,
        results: &ResultSet,
        analysis: &Analysis,
    ) -> std::result::Result<Arc<dyn Outcome>, Refusal>;
}

pub(crate) mod fit;
#[cfg(test)]
mod trial;

/// Every part, once.
pub(crate) static PARTS: &[&dyn Part] = &[
    &fit::Fit,
    // A part for the tests of this seam only: each model's best score, by every presenter.
    #[cfg(test)]
    &trial::Trial,
];

/// The part called `name`.
pub(crate) fn part(name: &str) -> Option<&'static dyn Part> {
    PARTS.iter().copied().find(|p| p.name() == name)
}

/// The outcomes of the parts `requests` ask for (name, request), in that order.
fn run(
    requests: &[(String, String)],
    results: &ResultSet,
    analysis: &Analysis,
) -> std::result::Result<Vec<Found>, PartError> {
    requests
        .iter()
        .map(|(name, request)| {
            let part = part(name).ok_or_else(|| PartError::Unknown(name.clone()))?;
            let outcome =
                part.analyse(request, results, analysis)
                    .map_err(|reason| PartError::Refused {
                        part: part.name(),
                        reason,
                    })?;
            Ok((part.name(), outcome))
        })
        .collect()
}

/// The frontier analysis and the analyses beyond it that `requests` ask for (each part's
/// name and its request); fails also when a part cannot be made as asked.
pub(crate) fn analyse(
    results: &ResultSet,
    requirements: &Requirements,
    options: &AnalysisOptions,
    requests: &[(String, String)],
) -> Result<Analysis> {
    let mut analysis = crate::analysis::analyse(results, requirements, options)?;
    let all = options.from == ReadFrom::Fit;
    let asked = all || requirements.list.iter().any(|r| r.from == ReadFrom::Fit);
    let mut requests = requests.to_vec();
    // Readings from a fit need one: the data's own form, drawn so the reader sees the law
    // the values came from.
    if asked && !requests.iter().any(|(name, _)| name == "fit") {
        requests.push(("fit".into(), "auto".into()));
    }
    analysis.parts = run(&requests, results, &analysis)?;
    if asked {
        let fit = analysis.parts.iter().find(|(name, _)| *name == "fit");
        if let Some((_, source)) = fit.cloned() {
            crate::analysis::reread(&mut analysis, &source, all);
        }
    }
    Ok(analysis)
}
