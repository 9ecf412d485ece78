//! `svcrel`: answers, from a model of organisations, people and services,
//! who is the customer, the consumer, the sponsor or the client of an IT
//! service.
//!
//! The program is a thin layer over the `svcrel` library: each subcommand
//! lives in its own module under `src/bin/svcrel/`, parses its own
//! arguments and returns an [`ExitCode`]. The exit status follows the
//! crate's command-line contract:
//!
//! - 0: answered;
//! - 1: the model could not be read or is invalid (every problem on
//!   stderr, one per line);
//! - 2: a usage error, including an id that the model lacks.

#![forbid(unsafe_code)]

// One module per subcommand, plus what they share: input (the arguments),
// report (answers, failures and exit statuses), table (output for people)
// and evidence (paths or next steps).
mod batch;
mod check;
mod consumers;
mod customers;
mod dot;
mod evidence;
mod generate;
mod impact;
#[cfg(any(feature = "itop", feature = "backstage", feature = "csv"))]
mod import;
mod input;
mod relation;
mod report;
#[cfg(feature = "server")]
mod serve;
mod table;
mod triage;

use std::process::ExitCode;

use clap::error::ErrorKind as ClapErrorKind;
use clap::{Parser, Subcommand};

const ABOUT: &str = "Who is the customer, the consumer, the sponsor or the client of an IT service";

const LONG_ABOUT: &str = "\
Who is the customer, the consumer, the sponsor or the client of an IT service.

svcrel reads a model document (JSON, format version 1) of organisations,
individuals and services joined by funding, approval, usage, membership,
reporting, dependency, oversight and partnership links, and answers
questions about it. A customer pays for or commissions a service (with the
individuals who approve the payment, its sponsors); a consumer uses it,
directly, through an organisation or through a service that depends on it.";

const AFTER_HELP: &str = "\
Exit status:
  0  answered
  1  the model could not be read or is invalid (every problem on stderr, one per line)
  2  a usage error (a wrong argument, or an id that the model lacks)

Examples:
  svcrel check --model examples/data/sample.json
  svcrel customers expense-app --model examples/data/sample.json --max-chain 3
  svcrel consumers build-farm --model examples/data/sample.json --json
  svcrel relation mary acme-email --model examples/data/sample.json --as-of 2028-06-01
  svcrel triage teacher-ann desktop-support --model examples/data/sample.json --json
  svcrel impact sso --model examples/data/sample.json
  svcrel dot desktop-support --model examples/data/sample.json | dot -Tsvg > desktop-support.svg
  svcrel generate --people 100000 --seed 1 > enterprise.json
  svcrel batch --model enterprise.json < questions.jsonl > answers.jsonl";

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "svcrel",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    subcommand_required = true,
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// One subcommand per question; each has its own module.
#[derive(Debug, Subcommand)]
enum Command {
    Check(check::Args),
    #[cfg(any(feature = "itop", feature = "backstage", feature = "csv"))]
    Import(import::Args),
    Customers(customers::Args),
    Consumers(consumers::Args),
    Relation(relation::Args),
    Triage(triage::Args),
    Impact(impact::Args),
    Dot(dot::Args),
    Batch(batch::Args),
    Generate(generate::Args),
    #[cfg(feature = "server")]
    Serve(serve::Args),
}

impl Command {
    fn run(self) -> ExitCode {
        match self {
            Command::Check(args) => check::run(&args),
            #[cfg(any(feature = "itop", feature = "backstage", feature = "csv"))]
            Command::Import(args) => import::run(&args),
            Command::Customers(args) => customers::run(&args),
            Command::Consumers(args) => consumers::run(&args),
            Command::Relation(args) => relation::run(&args),
            Command::Triage(args) => triage::run(&args),
            Command::Impact(args) => impact::run(&args),
            Command::Dot(args) => dot::run(&args),
            Command::Batch(args) => batch::run(&args),
            Command::Generate(args) => generate::run(&args),
            #[cfg(feature = "server")]
            Command::Serve(args) => serve::run(&args),
        }
    }
}

fn main() -> ExitCode {
    match Cli::try_parse() {
        Ok(cli) => cli.command.run(),
        Err(err) => usage_error(&err),
    }
}

/// Prints clap's own message: help and version go to stdout with status
/// 0; every other case is a usage error, on stderr with status 2.
fn usage_error(err: &clap::Error) -> ExitCode {
    // Printing can only fail when the stream is closed; the status still
    // tells what happened.
    let _ = err.print();
    match err.kind() {
        ClapErrorKind::DisplayHelp | ClapErrorKind::DisplayVersion => ExitCode::SUCCESS,
        _ => report::usage_failure(),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
