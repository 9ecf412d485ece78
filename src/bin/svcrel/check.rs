//! `svcrel check --model FILE`: reads and checks a model document.

use std::process::ExitCode;

use crate::input::ModelArgs;
use crate::report;

const ABOUT: &str = "Check a model document and count what it holds";

const LONG_ABOUT: &str = "\
Check a model document and count what it holds.

A valid model prints one line of counts on stdout and exits 0. An invalid
one prints every problem on stderr, one per line and nothing else, each
naming its section, index and field, and exits 1:

  usage[3].user: \"ghost\" names no organisation or individual

A file that cannot be read exits 1 too, with the reason on stderr.";

const AFTER_HELP: &str = "\
Examples:
  svcrel check --model examples/data/sample.json
  generate-model | svcrel check --model -";

/// The arguments of `svcrel check`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
pub struct Args {
    #[command(flatten)]
    model: ModelArgs,
}

/// Checks the model: a line of counts on stdout (status 0), or every
/// problem on stderr (status 1).
pub fn run(args: &Args) -> ExitCode {
    match args.model.load() {
        Ok(model) => report::line(format_args!("ok: {}", model.counts())),
        Err(err) => report::failure(&err),
    }
}
