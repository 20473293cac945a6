//! A flag per analysis beyond the frontiers (`--<name> REQUEST`), made from the registry of
//! [`crate::parts`], for `render`, `check` and `macros`.

use clap::{Arg, ArgAction, ArgMatches, Command};

use crate::parts::PARTS;

/// The parts asked for on the command line: each name and its request.
#[derive(Debug, Default, Clone)]
pub(crate) struct PartArgs {
    pub requests: Vec<(String, String)>,
}

impl clap::Args for PartArgs {
    fn augment_args(cmd: Command) -> Command {
        PARTS.iter().fold(cmd, |cmd, part| {
            cmd.arg(
                Arg::new(part.name())
                    .long(part.name().replace('_', "-"))
                    .value_name("REQUEST")
                    .help(part.doc())
                    .action(ArgAction::Set),
            )
        })
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}

impl clap::FromArgMatches for PartArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut args = PartArgs::default();
        args.update_from_arg_matches(matches)?;
        Ok(args)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        for part in PARTS {
            if let Some(request) = matches.get_one::<String>(part.name()) {
                self.requests.retain(|(name, _)| name != part.name());
                self.requests
                    .push((part.name().to_string(), request.clone()));
            }
        }
        Ok(())
    }
}
