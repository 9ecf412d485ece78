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

/// The paragraph of a question's long help about the date it answers on,
/// for `concat!`.
macro_rules! as_of_help {
    () => {
        "

The answer is as of today (SVCREL_TODAY=YYYY-MM-DD fixes today) unless
--as-of gives a date; --as-of any ignores dates. Its first line says
which."
    };
}

// One module per subcommand, plus what they share: input (the arguments),
// report (answers, failures and exit statuses), table (output for people)
// and evidence (paths or next steps).
mod audit;
mod batch;
mod check;
mod consumers;
mod customers;
mod diff;
mod dot;
mod evidence;
#[cfg(feature = "export")]
mod export;
mod generate;
mod history;
mod impact;
#[cfg(feature = "_import")]
mod import;
mod input;
mod progress;
mod relation;
mod report;
#[cfg(feature = "server")]
mod serve;
mod summary;
mod table;
mod triage;

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind as ClapErrorKind};
use clap::{Parser, Subcommand};

const ABOUT: &str = "Who is the customer, the consumer, the sponsor or the client of an IT service";

const LONG_ABOUT: &str = "\
Who is the customer, the consumer, the sponsor or the client of an IT service.

svcrel reads a model document (JSON, format version 1) of organisations,
individuals and services joined by funding, approval, usage, membership,
reporting, dependency, oversight and partnership links, and answers
questions about it. A customer pays for or commissions a service (with the
individuals who approve the payment, its sponsors); a consumer uses it,
directly, through an organisation or through a service that depends on it.

The questions (customers, consumers, relation, triage, impact, dot, audit)
are answered as of today unless --as-of gives a date; --as-of any ignores
dates. Every answer says which date it used. history tells how a party's
roles towards a service change over time.

Environment:
  SVCREL_MODEL  the model document when --model is not given
  SVCREL_TODAY  today's date, YYYY-MM-DD, for the answers as of today
                (else the local date)";

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
  svcrel history mary acme-email --model examples/data/sample.json
  svcrel triage united-airlines nfl-broadcast --model examples/data/sample.json --as-of any
  export SVCREL_MODEL=examples/data/sample.json
  svcrel impact sso --summary
  SVCREL_TODAY=2026-12-04 svcrel triage teacher-ann desktop-support --json
  svcrel dot desktop-support --model examples/data/sample.json | dot -Tsvg > desktop-support.svg
  svcrel audit --model examples/data/sample.json --fail-on unfunded_service
  svcrel diff yesterday.json today.json
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

/// One subcommand per question; each has its own module. The five
/// questions of the protocol share their arguments' types (`input.rs`),
/// each with its own words: its help, and `help` for the shared
/// arguments' help where it differs.
#[derive(Debug, Subcommand)]
enum Command {
    Check(check::Args),
    #[cfg(feature = "_import")]
    Import(import::Args),
    #[command(about = customers::ABOUT, long_about = customers::LONG_ABOUT, after_help = customers::AFTER_HELP, mut_args(customers::help))]
    Customers(customers::Args),
    #[command(about = consumers::ABOUT, long_about = consumers::LONG_ABOUT, after_help = consumers::AFTER_HELP, mut_args(consumers::help))]
    Consumers(consumers::Args),
    #[command(about = relation::ABOUT, long_about = relation::LONG_ABOUT, after_help = relation::AFTER_HELP)]
    Relation(relation::Args),
    History(history::Args),
    #[command(about = triage::ABOUT, long_about = triage::LONG_ABOUT, after_help = triage::AFTER_HELP, mut_args(triage::help))]
    Triage(triage::Args),
    #[command(about = impact::ABOUT, long_about = impact::LONG_ABOUT, after_help = impact::AFTER_HELP, mut_args(impact::help))]
    Impact(impact::Args),
    #[command(visible_alias = "draw")]
    Dot(dot::Args),
    #[cfg(feature = "export")]
    Export(export::Args),
    #[command(about = diff::ABOUT, long_about = diff::LONG_ABOUT, after_help = diff::AFTER_HELP)]
    Diff(diff::Args),
    Audit(audit::Args),
    Batch(batch::Args),
    Generate(generate::Args),
    #[cfg(feature = "server")]
    Serve(serve::Args),
}

impl Command {
    /// Runs the subcommand: its answer on stdout (status 0), or what went
    /// wrong on stderr. The five questions go through the one path from
    /// arguments to answer ([`input::AnswerArgs::answer`]): the command's
    /// question, then its answer as JSON or in its own words for people.
    fn run(self) -> ExitCode {
        match self {
            Command::Check(args) => check::run(&args),
            #[cfg(feature = "_import")]
            Command::Import(args) => import::run(&args),
            Command::Customers(args) => {
                args.answer(customers::question(&args), customers::for_people)
            }
            Command::Consumers(args) => args
                .asked
                .answer(consumers::question(&args), consumers::for_people),
            Command::Relation(args) => args.answer(relation::question(&args), relation::for_people),
            Command::History(args) => history::run(&args),
            Command::Triage(args) => args.answer(triage::question(&args), triage::for_people),
            Command::Impact(args) => args
                .summarised
                .asked
                .answer(impact::question(&args), impact::for_people),
            Command::Dot(args) => dot::run(&args),
            #[cfg(feature = "export")]
            Command::Export(args) => export::run(&args),
            Command::Diff(args) => diff::run(&args),
            Command::Audit(args) => audit::run(&args),
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
        Err(err) => usage_error(err),
    }
}

/// Prints clap's own message: help and version go to stdout with status
/// 0; every other case is a usage error, on stderr with status 2. A
/// missing model is said to come from `--model` or `SVCREL_MODEL`.
fn usage_error(mut err: clap::Error) -> ExitCode {
    let model = |arg: &String| arg.starts_with("--model ");
    let about_model = match err.get(ContextKind::InvalidArg) {
        Some(ContextValue::Strings(args)) => args.iter().any(model),
        Some(ContextValue::String(arg)) => model(arg),
        _ => false,
    };
    let variable = input::MODEL_VARIABLE;
    let tip = match err.kind() {
        ClapErrorKind::MissingRequiredArgument if about_model => Some(format!(
            "give the model document with --model FILE, or name its file in {variable}"
        )),
        ClapErrorKind::InvalidValue
            if about_model && std::env::var_os(variable).is_some_and(|v| v.is_empty()) =>
        {
            Some(format!(
                "{variable} is set but empty: name the model document's file in it"
            ))
        }
        _ => None,
    };
    if let Some(tip) = tip {
        err.insert(
            ContextKind::Suggested,
            ContextValue::StyledStrs(vec![tip.into()]),
        );
    }
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
