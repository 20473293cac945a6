//! Repeated runs: the records of one configuration (same model and config id, told apart by
//! seed or declared with `repeats=true`) become one point at their mean, with the spread the
//! bootstrap resamples. A configuration measured once keeps its value, and the standard error
//! its file reports (an evaluation harness's `*_stderr`), if any.

use std::collections::HashMap;

use super::frontier::Point;
use crate::results::{Repeats, ResultSet};

/// How one configuration's score varies between runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Spread {
    /// Runs averaged into the point.
    pub n: u32,
    /// Standard deviation of the runs' scores (n − 1 in the denominator); `None` for one run.
    pub sd: Option<f64>,
    /// Standard error of the mean: `sd / √n`, or the one the file reports.
    pub stderr: f64,
}

/// One configuration: its point (the runs' means) and what the bootstrap draws from.
#[derive(Debug, Clone)]
pub(crate) struct Configuration {
    pub point: Point,
    /// Each run's score, when there are several.
    pub runs: Vec<f64>,
    pub spread: Option<Spread>,
}

/// Each model's configurations in load order of their first run, and whether any has a
/// spread (else there is nothing to resample and verdicts stay two-valued).
pub(crate) fn configurations(results: &ResultSet) -> (Vec<Vec<Configuration>>, bool) {
    let mut per_model: Vec<Vec<Configuration>> = vec![Vec::new(); results.models.len()];
    let mut sums: Vec<Vec<(f64, f64)>> = vec![Vec::new(); results.models.len()];
    let group = results.repeats != Repeats::No;
    let mut index: HashMap<(u32, std::borrow::Cow<str>), usize> = HashMap::new();
    for (i, r) in results.records.iter().enumerate() {
        let configs = &mut per_model[r.model as usize];
        let slot = if group {
            *index
                .entry((r.model, results.config_id(r)))
                .or_insert(configs.len())
        } else {
            configs.len()
        };
        if slot == configs.len() {
            configs.push(Configuration {
                point: Point {
                    x: r.x,
                    y: r.y,
                    record: i as u32,
                },
                runs: Vec::new(),
                spread: r.y_stderr.map(|stderr| Spread {
                    n: 1,
                    sd: None,
                    stderr,
                }),
            });
            sums[r.model as usize].push((0.0, 0.0));
        }
        let sum = &mut sums[r.model as usize][slot];
        sum.0 += r.x;
        sum.1 += r.y;
        configs[slot].runs.push(r.y);
    }
    let mut any_spread = false;
    for (configs, sums) in per_model.iter_mut().zip(&sums) {
        for (c, &(x_sum, y_sum)) in configs.iter_mut().zip(sums) {
            let n = c.runs.len();
            if n < 2 {
                c.runs.clear();
                any_spread |= c.spread.is_some();
                continue;
            }
            let mean = y_sum / n as f64;
            c.point.x = x_sum / n as f64;
            c.point.y = mean;
            let sd = sample_sd(&c.runs, mean);
            c.spread = Some(Spread {
                n: n as u32,
                sd: Some(sd),
                stderr: sd / (n as f64).sqrt(),
            });
            any_spread = true;
        }
    }
    (per_model, any_spread)
}

/// Standard deviation with n − 1 in the denominator.
fn sample_sd(values: &[f64], mean: f64) -> f64 {
    let squares: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
    (squares / (values.len() - 1) as f64).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spread_of_three_runs() {
        let runs = [9.0, 10.0, 11.0];
        assert_eq!(sample_sd(&runs, 10.0), 1.0);
    }
}
