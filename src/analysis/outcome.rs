//! What an analysis beyond the frontiers found, as every output shows it: each presenter
//! defaults to nothing, so a part gives only what it has (see [`crate::parts`]).

use std::fmt::Debug;
use std::sync::Arc;

use super::model::Reading;
use crate::requirements::Target;

pub(crate) use crate::error::Refusal;

/// What a part found, as each output shows it.
pub(crate) trait Outcome: Debug + Send + Sync {
    /// Lines for the console report, after the verdicts.
    fn console(&self) -> Vec<String> {
        Vec::new()
    }

    /// The summary JSON's section under the part's name.
    fn summary(&self) -> Option<serde_json::Value> {
        None
    }

    /// The summary JSON key of that section, when not the part's name (`fit=power` writes
    /// `fits`).
    fn summary_key(&self) -> Option<&'static str> {
        None
    }

    /// What templates see under `parts.<name>`.
    fn context(&self) -> Option<serde_json::Value> {
        None
    }

    /// The text of one value (`WHAT` of `model`), for inline values; `None` when the part has
    /// no such value, an error when it has it but cannot give it.
    fn value(&self, _what: &str, _model: Option<&str>) -> Option<Result<String, Refusal>> {
        None
    }

    /// Every value as a LaTeX macro defines it: `(model, what, text)`.
    fn macros(&self) -> Vec<(String, String, String)> {
        Vec::new()
    }

    /// Curves to draw on the figure.
    fn curves(&self) -> Vec<Curve> {
        Vec::new()
    }

    /// The legend's words for those curves (a thin line, solid then dashed), if any.
    fn legend(&self) -> Option<String> {
        None
    }

    /// A reading in place of the frontier's (`from=<part>`): `model`'s value at `target`,
    /// with its value in each of the part's resamples, for its interval and a comparison's;
    /// `None` when the part gives no readings.
    fn reading(&self, _model: &str, _target: Target) -> Option<Drawn> {
        None
    }
}

/// A reading and its value in each resample (a resample that does not reach the target
/// holds the worst value, as in [`crate::analysis::bootstrap`]); no draws, no interval.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Drawn {
    pub reading: Reading,
    pub draws: Vec<f64>,
}

/// A curve a part draws over the data, in the model's style.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Curve {
    pub model: String,
    /// Points in data coordinates (cost, score), in drawing order.
    pub points: Vec<(f64, f64)>,
    /// Its confidence band: at each cost, the low and high scores, in cost order.
    pub band: Vec<(f64, f64, f64)>,
    /// From this cost on, the curve is drawn dashed (beyond the data: extrapolated).
    pub dashed_from: Option<f64>,
}

/// What a part found, under its name.
pub(crate) type Found = (&'static str, Arc<dyn Outcome>);
