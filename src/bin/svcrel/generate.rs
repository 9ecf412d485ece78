//! `svcrel generate --people N [--seed S]`: a synthetic enterprise as a
//! model document on stdout.

use std::error::Error;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use svcrel::Synthetic;

use crate::report;

const ABOUT: &str = "Print a synthetic enterprise of N people as a model document";

const LONG_ABOUT: &str = "\
Print a synthetic enterprise of N people as a model document (JSON).

The enterprise is made up but shaped like a real one: an organisation tree
about eight levels deep with a head for each organisation, people in teams
reporting to their heads, about one service per hundred people depending on
older ones, usage and funding with a mix of payments, a few outside
companies paying cash, some oversight and partnerships, and about one link
in ten dated. The same N and seed give the same document on every platform,
so a document can be shared as its two numbers. The document is valid:
`svcrel check` accepts it.";

const AFTER_HELP: &str = "\
Examples:
  svcrel generate --people 10000 --seed 7 > enterprise.json
  svcrel generate --people 100000 | svcrel check --model -";

/// The arguments of `svcrel generate`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
pub struct Args {
    /// How many people the enterprise has (1 to 10000000)
    #[arg(
        long,
        value_name = "N",
        value_parser = clap::value_parser!(u64).range(1..=Synthetic::MAX_PEOPLE as u64)
    )]
    people: u64,

    /// The seed of the generator
    #[arg(long, value_name = "S", default_value_t = 0)]
    seed: u64,
}

/// Prints the document on stdout (status 0); a failed write is reported
/// on stderr (status 1), but a closed stdout (`… | head`) is not an error.
pub fn run(args: &Args) -> ExitCode {
    // clap has held the number to 1..=MAX_PEOPLE, which a usize holds.
    let people = usize::try_from(args.people).unwrap_or(Synthetic::MAX_PEOPLE);
    let doc = Synthetic::new(people).seed(args.seed).document();
    let mut out = BufWriter::new(io::stdout().lock());
    if let Err(err) = doc.write_json(&mut out) {
        return failed(&err);
    }
    match out.flush() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => failed(&err),
    }
}

/// A failed write: status 1 with the reason on stderr, or status 0 when
/// stdout was closed early.
fn failed(err: &(dyn Error + 'static)) -> ExitCode {
    if broken_pipe(err) {
        return ExitCode::SUCCESS;
    }
    eprintln!("cannot write the document: {err}");
    report::model_failure()
}

/// Whether an error comes from writing to a closed pipe, however deep
/// the I/O error lies (serde_json wraps it in its own error).
fn broken_pipe(err: &(dyn Error + 'static)) -> bool {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<io::Error>() {
            if io.kind() == io::ErrorKind::BrokenPipe {
                return true;
            }
            if let Some(inner) = io.get_ref() {
                if broken_pipe(inner) {
                    return true;
                }
            }
        }
        if let Some(json) = e.downcast_ref::<serde_json::Error>() {
            if json.io_error_kind() == Some(io::ErrorKind::BrokenPipe) {
                return true;
            }
        }
        current = e.source();
    }
    false
}
