//! The command-line flags made from setting declarations ([`crate::settings::data`] and
//! [`crate::settings::figure`]): one flag per declaration, parsed by the declaration's own
//! setter. A [`Group`] says which declarations a set of flags holds, so each command takes
//! the flags its settings' [`Commands`] name.

use std::fmt;
use std::marker::PhantomData;

use clap::{Arg, ArgAction, ArgMatches, Command};

use crate::config::{DataOptions, Defaults};
use crate::error::Invalid;
use crate::settings::build::{BUILD_SETTINGS, BuildOptions};
use crate::settings::data::DATA_SETTINGS;
use crate::settings::figure::FIGURE_SETTINGS;
use crate::settings::{Commands, Setting};

/// Which declarations a set of flags holds, and what they set.
pub(crate) trait Group: 'static {
    type Target: 'static;

    /// The declarations, in the order the help lists them.
    fn settings() -> impl Iterator<Item = &'static Setting<Self::Target>>;

    /// A value to check a flag's value against when it is parsed; the run sets the real one.
    fn probe() -> Self::Target;
}

/// How result files are read: `render`, `check`, `macros` and `expand`.
pub(crate) struct Reading;

impl Group for Reading {
    type Target = DataOptions;
    fn settings() -> impl Iterator<Item = &'static Setting<DataOptions>> {
        DATA_SETTINGS.iter()
    }
    fn probe() -> DataOptions {
        DataOptions::default()
    }
}

/// How a document build as a whole goes: `expand`.
pub(crate) struct Building;

impl Group for Building {
    type Target = BuildOptions;
    fn settings() -> impl Iterator<Item = &'static Setting<BuildOptions>> {
        BUILD_SETTINGS.iter().copied()
    }
    fn probe() -> BuildOptions {
        BuildOptions::default()
    }
}

/// The figure settings whose flags the same commands take.
pub(crate) trait FigureGroup: 'static {
    const COMMANDS: Commands;
}

/// How frontiers are read: every command.
pub(crate) struct Analysing;
/// How a figure is drawn: `render` and `expand`.
pub(crate) struct Drawing;
/// What a document shows: `expand`.
pub(crate) struct Documenting;
/// What a document gives per figure: `render`.
pub(crate) struct Rendering;
/// How data are simulated: every command that can.
pub(crate) struct Simulating;
/// Where data come from: `render`, `check` and `macros`.
pub(crate) struct Sourcing;

impl FigureGroup for Analysing {
    const COMMANDS: Commands = Commands::All;
}

impl FigureGroup for Drawing {
    const COMMANDS: Commands = Commands::Figures;
}

impl FigureGroup for Documenting {
    const COMMANDS: Commands = Commands::Expand;
}

impl FigureGroup for Rendering {
    const COMMANDS: Commands = Commands::Render;
}

impl FigureGroup for Simulating {
    const COMMANDS: Commands = Commands::Simulation;
}

impl FigureGroup for Sourcing {
    const COMMANDS: Commands = Commands::Sources;
}

impl<F: FigureGroup> Group for F {
    type Target = Defaults;
    fn settings() -> impl Iterator<Item = &'static Setting<Defaults>> {
        FIGURE_SETTINGS
            .iter()
            .copied()
            .filter(|s| s.commands == F::COMMANDS)
    }
    fn probe() -> Defaults {
        // Any document width will do to check `--size columnwidth`; the run knows the real one.
        Defaults {
            column_width: Some(1.0),
            text_width: Some(1.0),
            ..Defaults::default()
        }
    }
}

/// The flags of group `G` given, each with its values, in the declarations' order.
pub(crate) struct SettingFlags<G> {
    given: Vec<(&'static str, Vec<String>)>,
    group: PhantomData<fn() -> G>,
}

/// How result files are read.
pub(crate) type DataArgs = SettingFlags<Reading>;

impl<G> Default for SettingFlags<G> {
    fn default() -> Self {
        SettingFlags {
            given: Vec::new(),
            group: PhantomData,
        }
    }
}

impl<G> Clone for SettingFlags<G> {
    fn clone(&self) -> Self {
        SettingFlags {
            given: self.given.clone(),
            group: PhantomData,
        }
    }
}

impl<G> fmt::Debug for SettingFlags<G> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SettingFlags")
            .field("given", &self.given)
            .finish()
    }
}

/// The flag a declaration makes: a switch, or a value checked by the setting's own setter
/// (repeatable for a list).
fn flag<G: Group>(setting: &'static Setting<G::Target>) -> Arg {
    let mut arg = Arg::new(setting.name)
        .long(setting.kebab())
        .help(setting.help);
    // The old script's underscore spellings keep working.
    if setting.name.contains('_') {
        arg = arg.alias(setting.name);
    }
    let Some(value_name) = setting.value_name else {
        return arg.action(ArgAction::SetTrue);
    };
    let action = if setting.list {
        ArgAction::Append
    } else {
        ArgAction::Set
    };
    arg.value_name(value_name)
        .action(action)
        .allow_negative_numbers(true)
        .value_parser(move |v: &str| -> Result<String, Invalid> {
            (setting.set)(&mut G::probe(), &[v]).map(|()| v.to_string())
        })
}

impl<G: Group> clap::Args for SettingFlags<G> {
    fn augment_args(cmd: Command) -> Command {
        G::settings().fold(cmd, |cmd, s| cmd.arg(flag::<G>(s)))
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}

impl<G: Group> clap::FromArgMatches for SettingFlags<G> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut args = SettingFlags::default();
        args.update_from_arg_matches(matches)?;
        Ok(args)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        for setting in G::settings() {
            let values: Vec<String> = match setting.value_name {
                None if matches.get_flag(setting.name) => vec!["true".into()],
                None => continue,
                Some(_) => match matches.get_many::<String>(setting.name) {
                    Some(values) => values.cloned().collect(),
                    None => continue,
                },
            };
            self.given.retain(|(name, _)| *name != setting.name);
            self.given.push((setting.name, values));
        }
        Ok(())
    }
}

impl<G: Group> SettingFlags<G> {
    /// These flags over `target`; an error names the flag.
    pub(crate) fn apply(&self, target: &mut G::Target) -> Result<(), (String, Invalid)> {
        for (name, values) in &self.given {
            let Some(setting) = G::settings().find(|s| s.name == *name) else {
                continue;
            };
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            (setting.set)(target, &values).map_err(|why| (setting.kebab(), why))?;
        }
        Ok(())
    }
}

impl<G: Group> SettingFlags<G> {
    /// `target` with these flags over it.
    pub(crate) fn over(&self, mut target: G::Target) -> crate::error::Result<G::Target> {
        self.apply(&mut target)
            .map_err(|(flag, why)| crate::error::Error::Usage(format!("--{flag}: {why}")))?;
        Ok(target)
    }
}

impl DataArgs {
    /// The options these flags give, over the defaults.
    pub(crate) fn options(&self) -> DataOptions {
        let mut options = DataOptions::default();
        // Each value was checked by its setter when the flag was parsed.
        let _ = self.apply(&mut options);
        options
    }
}
