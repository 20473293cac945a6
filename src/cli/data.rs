//! The command-line flags that say how result files are read, shared by `render`, `check`,
//! `macros` and `expand` (as defaults for its directives): one flag per declaration of
//! [`crate::settings::data`], parsed by the declaration's own setter.

use crate::error::Invalid;
use clap::{Arg, ArgAction, ArgMatches, Command};

use crate::config::DataOptions;
use crate::settings::data::{DATA_SETTINGS, DataSetting};

/// The data flags given, each with its values, in the declarations' order.
#[derive(Debug, Default, Clone)]
pub struct DataArgs {
    given: Vec<(&'static str, Vec<String>)>,
}

/// The flag a declaration makes: a switch, or a value checked by the setting's own setter
/// (repeatable for a list).
fn flag(setting: &'static DataSetting) -> Arg {
    let arg = Arg::new(setting.name)
        .long(setting.kebab())
        .help(setting.help);
    let Some(value_name) = setting.value_name else {
        return arg.action(ArgAction::SetTrue);
    };
    let action = if setting.list {
        ArgAction::Append
    } else {
        ArgAction::Set
    };
    arg.value_name(value_name).action(action).value_parser(
        move |v: &str| -> Result<String, Invalid> {
            (setting.set)(&mut DataOptions::default(), &[v]).map(|()| v.to_string())
        },
    )
}

impl clap::Args for DataArgs {
    fn augment_args(cmd: Command) -> Command {
        DATA_SETTINGS.iter().fold(cmd, |cmd, s| cmd.arg(flag(s)))
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}

impl clap::FromArgMatches for DataArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut args = DataArgs::default();
        args.update_from_arg_matches(matches)?;
        Ok(args)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        for setting in DATA_SETTINGS {
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

impl DataArgs {
    /// The options these flags give, over the defaults.
    pub(crate) fn options(&self) -> DataOptions {
        let mut options = DataOptions::default();
        for (name, values) in &self.given {
            let setting = DATA_SETTINGS.iter().find(|s| s.name == *name);
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            if let Some(setting) = setting {
                // Each value was checked by this setter when the flag was parsed.
                let _ = (setting.set)(&mut options, &values);
            }
        }
        options
    }
}
