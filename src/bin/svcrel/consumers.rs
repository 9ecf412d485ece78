//! `svcrel consumers SERVICE`: who uses a service, directly, through an
//! organisation or through a service that depends on it.

use std::process::ExitCode;

use svcrel::{Consumers, Question};

use crate::evidence::{self, Evidence};
use crate::input::{ListArgs, QueryArgs};
use crate::table::{self, Align, Table};

const ABOUT: &str = "List the consumers of a service and the services that depend on it";

const LONG_ABOUT: &str = "\
List the consumers of a service and the services that depend on it.

A consumer uses the service: every party with a usage link on it, at
distance 0. A service that depends on a service at distance d is affected
at d + 1, up to --max-chain; its users, and its provider, are consumers at
that distance (relying on a service makes you its consumer, not its
customer). An organisation passes its distance to the organisations below
it and to their members.

Each consumer and each affected service comes with one shortest path from
the service, written out in words, or with --evidence via only its next
step towards the service (an answer whose paths would take more than
256 MiB is refused: ask for via). Both lists are ordered by distance, then
id. Dependency cycles are fine.";

const AFTER_HELP: &str = "\
JSON output (--json), one object:
  {\"service\": \"S\", \"consumers\": [{\"party\": \"p\", \"kind\": \"individual\",
   \"distance\": 1, \"via\": {\"id\": \"T\", \"link\": \"usage\"}, \"path\": [\"S\", \"T\", \"p\"]}],
   \"services\": [{\"service\": \"T\", \"distance\": 1, \"via\": {\"id\": \"S\",
   \"link\": \"dependency\"}, \"path\": [\"S\", \"T\"]}]}
  (no \"path\" with --evidence via)
  Every answer also carries names beside ids, as_of (the date, or \"any\"),
  max_chain (the cutoffs), the model's version and, for lists, the total.

Examples:
  svcrel consumers build-farm --model examples/data/sample.json
  svcrel consumers directory --model examples/data/sample.json --max-chain 1 --json";

/// The arguments of `svcrel consumers`.
#[derive(Debug, clap::Args)]
#[command(
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    mut_arg(QueryArgs::MAX_CHAIN, |arg| QueryArgs::max_chain_help(arg, "no limit"))
)]
pub struct Args {
    #[command(flatten)]
    list: ListArgs,
}

/// Answers the question: tables or a JSON object on stdout (status 0),
/// or what went wrong on stderr.
pub fn run(args: &Args) -> ExitCode {
    args.list.answer(
        |service, flags, evidence| {
            let question = Question::consumers(service)
                .as_of(flags.asked_as_of())
                .evidence(evidence);
            match flags.asked_max_chain() {
                Some(k) => question.max_chain(k).into(),
                None => question.into(),
            }
        },
        |model, service, query| {
            let consumers = model.consumers_of(service, query)?;
            let for_people = |evidence| for_people(&consumers, query, evidence);
            Ok(args.list.write(&consumers, check, for_people))
        },
    )
}

/// Checks that the paths of the answer fit (see [`evidence::check`]).
fn check(consumers: &Consumers<'_>, evidence: Evidence) -> Result<(), String> {
    let parties = consumers.iter().map(|c| c.path());
    let services = consumers.services().map(|s| s.path());
    evidence::check(evidence, parties.chain(services))
}

/// The answer for people: the consumers, then the affected services, each
/// a table with the path in words under each row.
fn for_people(consumers: &Consumers<'_>, query: &svcrel::Query, evidence: Evidence) -> String {
    let service = table::named(consumers.service());
    let within = table::cutoff(query.consumer_max_chain());
    let on = table::on(query.date());
    let mut out = String::new();
    if consumers.is_empty() {
        let sentence = format!("No consumers of {service} {within}, {on}.");
        table::wrap(&mut out, "", "", &sentence);
    } else {
        let sentence = format!(
            "{} of {service} {within}, {on}:",
            table::count(consumers.len(), "consumer", "consumers"),
        );
        table::wrap(&mut out, "", "", &sentence);
        out.push('\n');
        let mut rows = Table::of_parties(&[]);
        for c in consumers.iter() {
            let note = evidence::words(evidence, || c.path(), c.via());
            rows.party_row(c.party(), c.distance(), &[], note);
        }
        rows.render(&mut out);
    }
    out.push('\n');
    if consumers.services().len() == 0 {
        table::wrap(&mut out, "", "", "No other service depends on it.");
        return out;
    }
    let sentence = format!(
        "{} through dependencies:",
        table::count(
            consumers.services().len(),
            "service affected",
            "services affected"
        ),
    );
    table::wrap(&mut out, "", "", &sentence);
    out.push('\n');
    let mut rows = Table::new(&[("SERVICE", Align::Left), ("DISTANCE", Align::Right)]);
    for s in consumers.services() {
        rows.row(
            vec![s.service().id().to_owned(), s.distance().to_string()],
            Some(evidence::words(evidence, || s.path(), s.via())),
        );
    }
    rows.render(&mut out);
    out
}
