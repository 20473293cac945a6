//! Setting values, each parsed in one place. Every value a user can set on the command line,
//! in a directive or in `book.toml` has one type here (or in the stage that owns it, such as
//! [`crate::render::Format`]) with one `FromStr`, whose message is the reason alone; each
//! front end adds where the value was written. `book.toml` reads the same types through
//! `Deserialize` impls built on the same parsers, so the three can never disagree.

pub(crate) mod build;
pub(crate) mod data;
pub(crate) mod figure;
pub mod venue;

use std::fmt;
use std::str::FromStr;

use crate::error::Invalid;

/// One setting a user can give as a directive key, a `[preprocessor.effgraph]` key and a
/// command-line flag, declared once: its names, its documentation (the guide's key table and
/// the flag's help) and how its value sets the `T` the front ends fill.
pub(crate) struct Setting<T: 'static> {
    /// As a directive key; `[preprocessor.effgraph]` and the command line spell it in kebab
    /// case.
    pub name: &'static str,
    /// What the value looks like and does (Markdown, for the guide).
    pub value: &'static str,
    /// What applies when the setting is left out (Markdown, for the guide).
    pub default: &'static str,
    /// The command line's help.
    pub help: &'static str,
    /// What the command line's help calls the value; `None`: a switch that takes none.
    pub value_name: Option<&'static str>,
    /// Takes several values: a comma list in a directive, a repeated flag, a TOML array.
    pub list: bool,
    /// Which commands take it as a flag.
    pub commands: Commands,
    /// Whether `[preprocessor.effgraph]` takes it (a title is a figure's own, never a book's).
    pub book: bool,
    /// Whether a directive takes it as a key. Never for a limit that guards the reader
    /// (`max_file_size`): a chapter may come from anyone.
    pub directive: bool,
    /// Whether an inline value (`<<efficiency_value …>>`) takes it too.
    pub inline: bool,
    /// Sets `T` from the values given (one unless `list`).
    pub set: fn(&mut T, &[&str]) -> Result<(), Invalid>,
}

/// Which commands take a setting as a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Commands {
    /// `render`, `check`, `macros` and `expand`: it says how data are read or analysed.
    All,
    /// `render` and `expand`: it says how a figure is drawn.
    Figures,
    /// `expand` only: it says what a document shows.
    Expand,
    /// `render` only: a document gives it per figure.
    Render,
    /// `render`, `check` and `macros`: where their data come from.
    Sources,
    /// Every command that can simulate data: `render`, `check`, `macros`, `expand` and
    /// `simulate`.
    Simulation,
}

impl<T> Setting<T> {
    /// The name in `book.toml` and on the command line.
    pub(crate) fn kebab(&self) -> String {
        self.name.replace('_', "-")
    }

    /// Sets `target` from a directive's text: a comma list for a list setting.
    pub(crate) fn set_from_directive(&self, target: &mut T, text: &str) -> Result<(), Invalid> {
        let values: Vec<&str> = match self.list {
            true => text.split(',').collect(),
            false => vec![text],
        };
        (self.set)(target, &values)
    }
}

/// The one value of a setting that takes one.
pub(crate) fn one<'a>(values: &[&'a str]) -> &'a str {
    values.first().copied().unwrap_or_default()
}

/// Implements `Deserialize` for a type through its `FromStr`, for `book.toml` strings.
#[macro_export]
macro_rules! deserialize_from_str {
    ($type:ty) => {
        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <String as serde::Deserialize>::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

/// Which tables accompany the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Tables {
    pub summary: bool,
    pub comparison: bool,
    pub requirements: bool,
}

impl Tables {
    pub(crate) const ALL: Tables = Tables {
        summary: true,
        comparison: true,
        requirements: true,
    };
    pub(crate) const NONE: Tables = Tables {
        summary: false,
        comparison: false,
        requirements: false,
    };
}

impl FromStr for Tables {
    type Err = Invalid;

    /// `summary`, `comparison`, `requirements`, `all`, `none`, or a comma list of the first three.
    fn from_str(s: &str) -> Result<Tables, Invalid> {
        let mut t = Tables::NONE;
        for part in s.split(',').map(str::trim) {
            match part {
                "all" => t = Tables::ALL,
                "none" => {}
                "summary" => t.summary = true,
                "comparison" => t.comparison = true,
                "requirements" => t.requirements = true,
                other => {
                    return Err(Invalid(format!(
                        "unknown table `{other}` (expected summary, comparison, requirements, all or none)"
                    )));
                }
            }
        }
        Ok(t)
    }
}

deserialize_from_str!(Tables);

/// PNG resolution in dots per inch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dpi(pub u32);

impl Dpi {
    pub(crate) const DEFAULT: Dpi = Dpi(300);

    fn checked(n: u64) -> Result<Dpi, Invalid> {
        match u32::try_from(n) {
            Ok(n) if (1..=4800).contains(&n) => Ok(Dpi(n)),
            _ => Err(Invalid(format!("must be between 1 and 4800, got {n}"))),
        }
    }
}

impl FromStr for Dpi {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Dpi, Invalid> {
        let n: u64 = s
            .trim()
            .parse()
            .map_err(|_| Invalid(format!("`{s}` is not a whole number")))?;
        Dpi::checked(n)
    }
}

impl fmt::Display for Dpi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Dpi {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = u64::deserialize(d)?;
        Dpi::checked(n).map_err(serde::de::Error::custom)
    }
}

/// A number of bytes: a whole number with an optional `K`, `M` or `G` suffix (powers of 1024).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ByteSize(pub u64);

impl FromStr for ByteSize {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<ByteSize, Invalid> {
        let t = s.trim();
        let bad = || {
            Invalid(format!(
                "bad size `{s}` (expected bytes, or a number with K, M or G)"
            ))
        };
        let (digits, unit) = match t.char_indices().last() {
            Some((i, c)) if c.is_ascii_alphabetic() => (&t[..i], c.to_ascii_uppercase()),
            _ => (t, 'B'),
        };
        let shift = match unit {
            'B' => 0,
            'K' => 10,
            'M' => 20,
            'G' => 30,
            _ => return Err(bad()),
        };
        if digits.contains('.') && t.parse::<f64>().is_ok() {
            return Err(Invalid(format!(
                "`{t}` is not a whole number of bytes (write e.g. 1048576 or \"256M\")"
            )));
        }
        let n: u64 = digits.trim().parse().map_err(|_| bad())?;
        n.checked_shl(shift)
            .filter(|v| v >> shift == n && *v > 0)
            .map(ByteSize)
            .ok_or_else(|| Invalid(format!("size `{s}` is out of range")))
    }
}

/// What a bad directive does to a document build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum OnFailure {
    /// The build fails at the directive.
    #[default]
    Bail,
    /// The directive becomes a visible error box and a warning; the build goes on.
    Continue,
}

impl FromStr for OnFailure {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<OnFailure, Invalid> {
        match s {
            "bail" => Ok(OnFailure::Bail),
            "continue" => Ok(OnFailure::Continue),
            other => Err(Invalid(format!(
                "`{other}` (expected `bail` or `continue`)"
            ))),
        }
    }
}

impl fmt::Display for OnFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OnFailure::Bail => "bail",
            OnFailure::Continue => "continue",
        })
    }
}

/// A comparison target (a perplexity or a FLOPs budget): a finite number > 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Positive(pub f64);

impl FromStr for Positive {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Positive, Invalid> {
        match s.trim().parse::<f64>() {
            Ok(x) if x.is_finite() && x > 0.0 => Ok(Positive(x)),
            _ => Err(Invalid(format!(
                "`{}` is not a finite number > 0",
                s.trim()
            ))),
        }
    }
}

/// How many configurations per model `--simulate` generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NumConfigs(pub usize);

impl NumConfigs {
    pub(crate) const MAX: usize = 1_000_000;
}

impl FromStr for NumConfigs {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<NumConfigs, Invalid> {
        let n: usize = s
            .trim()
            .parse()
            .map_err(|_| Invalid(format!("`{s}` is not a whole number")))?;
        if (1..=NumConfigs::MAX).contains(&n) {
            Ok(NumConfigs(n))
        } else {
            Err(Invalid(format!(
                "must be between 1 and {}, got {n}",
                NumConfigs::MAX
            )))
        }
    }
}

impl fmt::Display for NumConfigs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// `true`/`yes`/(empty) or `false`/`no`.
pub(crate) fn boolean(value: &str) -> Result<bool, Invalid> {
    match value {
        "true" | "yes" | "" => Ok(true),
        "false" | "no" => Ok(false),
        other => Err(Invalid(format!("`{other}` is not true or false"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_binary_suffixes() {
        let size = |s: &str| s.parse::<ByteSize>().map(|b| b.0);
        assert_eq!(size("100"), Ok(100));
        assert_eq!(size("10K"), Ok(10 * 1024));
        assert_eq!(size("256m"), Ok(256 << 20));
        assert!(size("1T").is_err() && size("0").is_err() && size("x").is_err());
    }

    #[test]
    fn each_value_says_why_it_is_refused() {
        assert_eq!(
            "0".parse::<Dpi>(),
            Err("must be between 1 and 4800, got 0".into())
        );
        assert_eq!("4800".parse::<Dpi>(), Ok(Dpi(4800)));
        assert_eq!(
            "x".parse::<Positive>(),
            Err("`x` is not a finite number > 0".into())
        );
        assert_eq!(
            "sumary".parse::<Tables>(),
            Err(
                "unknown table `sumary` (expected summary, comparison, requirements, all or none)"
                    .into()
            )
        );
        assert_eq!(
            "0".parse::<NumConfigs>(),
            Err("must be between 1 and 1000000, got 0".into())
        );
    }
}
