//! Warnings about results that load but look wrong: the same run reached through two files
//! (it would count twice in means and configuration counts), and values implausible for
//! what their axis measures (FLOPs per token given in GFLOPs or as training FLOPs, an
//! accuracy read as a perplexity). Warnings never stop a run; they name the file.

use std::path::PathBuf;

use super::axes::{Axes, Kind};
use super::record::Record;
use crate::error::shown;

/// What the checks look at: the records, their files and models, and the axes.
struct Set<'a> {
    records: &'a [Record],
    files: &'a [PathBuf],
    models: &'a [String],
    axes: &'a Axes,
}

/// Warnings about a loaded result set, one line each, in a stable order.
pub(crate) fn warnings(
    records: &[Record],
    files: &[PathBuf],
    models: &[String],
    axes: &Axes,
) -> Vec<String> {
    let set = Set {
        records,
        files,
        models,
        axes,
    };
    let mut out = duplicates(&set);
    out.extend(plausibility(&set));
    out
}

/// Records with the same model, cost and score from different files. Sorted by a keyed hash
/// (12 bytes a record, as in the config id check), equal neighbours compared in full.
fn duplicates(set: &Set) -> Vec<String> {
    use std::hash::BuildHasher;
    if set.files.len() < 2 {
        return Vec::new();
    }
    let state = std::hash::RandomState::new();
    let mut keyed: Vec<(u64, u32)> = set
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                state.hash_one((r.model, r.x.to_bits(), r.y.to_bits())),
                i as u32,
            )
        })
        .collect();
    keyed.sort_unstable();
    let mut pairs: Vec<(u32, u32, usize)> = Vec::new();
    for w in keyed.windows(2).filter(|w| w[0].0 == w[1].0) {
        let (a, b) = (&set.records[w[0].1 as usize], &set.records[w[1].1 as usize]);
        let same =
            (a.model, a.x.to_bits(), a.y.to_bits()) == (b.model, b.x.to_bits(), b.y.to_bits());
        let (fa, fb) = (a.file.min(b.file), a.file.max(b.file));
        if same && fa != fb && !pairs.iter().any(|p| (p.0, p.1) == (fa, fb)) {
            pairs.push((fa, fb, w[0].1 as usize));
        }
    }
    pairs.sort_by_key(|p| (p.0, p.1));
    let mut lines: Vec<String> = pairs
        .iter()
        .take(3)
        .map(|&(a, b, record)| {
            let r = &set.records[record];
            format!(
                "{} at {}, {} is in {} and in {}: the same run read twice counts twice (use exclude= to leave one out)",
                set.models[r.model as usize],
                set.axes.x.value(r.x),
                set.axes.y_reading(r.y),
                shown(&set.files[a as usize]),
                shown(&set.files[b as usize])
            )
        })
        .collect();
    if pairs.len() > 3 {
        lines.push(format!(
            "… and {} more pairs of files sharing runs",
            pairs.len() - 3
        ));
    }
    lines
}

/// Values outside what their kind can plausibly be.
fn plausibility(set: &Set) -> Vec<String> {
    let extreme = |pick: fn(&Record) -> f64, low: bool| {
        set.records
            .iter()
            .map(|r| (pick(r), r.file))
            .reduce(|a, b| if (b.0 < a.0) == low { b } else { a })
    };
    let mut out = Vec::new();
    let file = |f: u32| shown(&set.files[f as usize]);
    if set.axes.x.kind == Kind::FlopsPerToken {
        if let Some((v, f)) = extreme(|r| r.x, true).filter(|(v, _)| *v < 1e3) {
            out.push(format!(
                "FLOPs per token as low as {v} (in {}): FLOPs per token are counted in FLOPs, not GFLOPs",
                file(f)
            ));
        }
        // Only the default field gets the advice: a field the user chose is what they meant.
        let default_field = set.axes.x.field == super::fields::Fields::default().x.as_written();
        if let Some((v, f)) = extreme(|r| r.x, false).filter(|(v, _)| *v > 1e15 && default_field) {
            out.push(format!(
                "FLOPs per token as high as {v:e} (in {}): that looks like training FLOPs; choose that field with x=",
                file(f)
            ));
        }
    }
    if set.axes.y.kind == Kind::Perplexity
        && let Some((v, f)) = extreme(|r| r.y, true).filter(|(v, _)| *v < 1.0)
    {
        out.push(format!(
            "a perplexity of {v} (in {}) is below 1, which no perplexity is: if this is an accuracy, choose it with y= (higher is better for accuracies)",
            file(f)
        ));
    }
    out
}
