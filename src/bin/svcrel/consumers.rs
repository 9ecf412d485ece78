//! `svcrel consumers SERVICE`: who uses a service, directly, through an
//! organisation or through a service that depends on it.

use std::collections::BTreeMap;

use clap::Arg;
use svcrel::{ConsumersAnswer, ConsumersQuestion, Model, Query, Question};

use crate::evidence::{self, Evidence};
use crate::input::{ListArgs, QueryArgs, Summarised};
use crate::report::Failure;
use crate::summary;
use crate::table::{self, Align, Table};

pub const ABOUT: &str = "List the consumers of a service and the services that depend on it";

pub const LONG_ABOUT: &str = concat!(
    "\
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
id; --limit N lists the first N of each, and the totals are still said.
Dependency cycles are fine.

--summary gives counts instead of every party: the individuals among the
consumers per top-level organisation and per paying customer (as `impact`
counts them), the consumers per distance and the services per distance.",
    as_of_help!()
);

pub const AFTER_HELP: &str = "\
JSON output (--json), one object:
  {\"service\": \"S\", \"consumers\": [{\"party\": \"p\", \"kind\": \"individual\",
   \"distance\": 1, \"via\": {\"id\": \"T\", \"link\": \"usage\"}, \"path\": [\"S\", \"T\", \"p\"]}],
   \"services\": [{\"service\": \"T\", \"distance\": 1, \"via\": {\"id\": \"S\",
   \"link\": \"dependency\"}, \"path\": [\"S\", \"T\"]}]}
  (no \"path\" with --evidence via; with --limit N, the first N of each list)
  With --summary, counts in place of \"consumers\" and \"services\":
  {\"service\": \"S\", \"total\": 4, \"services_total\": 1,
   \"consumers_by_top\": {\"O\": 3}, \"consumers_by_payer\": {\"O\": 3},
   \"consumers_without_payer\": 0, \"consumers_by_distance\": [{\"distance\": 1,
   \"count\": 4}], \"services_by_distance\": [{\"distance\": 1, \"count\": 1}]}
  Every answer also carries names beside ids, as_of (the date, or \"any\"),
  max_chain (the cutoffs), the model's version and, for lists, the totals.

Examples:
  svcrel consumers build-farm --model examples/data/sample.json
  svcrel consumers directory --model examples/data/sample.json --max-chain 1 --json
  svcrel consumers desktop-support --model examples/data/sample.json --as-of any --summary";

/// The arguments of `svcrel consumers`: the service, the model, the
/// query flags, `--json`, `--evidence`, `--limit` and `--summary`.
pub type Args = Summarised<ListArgs>;

/// The words of the shared arguments that are the command's own.
pub fn help(arg: Arg) -> Arg {
    match arg.get_id().as_str() {
        QueryArgs::MAX_CHAIN => QueryArgs::max_chain_help(arg, "no limit"),
        _ => arg,
    }
}

/// The library's question: the consumers of the service, with the date,
/// cutoff, evidence and limit the flags ask for, and in counts with
/// `--summary`.
pub fn question(args: &Args) -> ConsumersQuestion {
    let question = args.asked.question(Question::consumers);
    args.apply(question, ConsumersQuestion::summary)
}

/// The answer for people: the consumers, then the affected services, each
/// a table of the rows the answer lists with the path in words under each
/// row; or, with `--summary`, their counts.
pub fn for_people(
    model: &Model,
    query: &Query,
    answer: &ConsumersAnswer,
    evidence: Evidence,
) -> Result<String, Failure> {
    let service = table::name_of(model, &answer.service);
    let within = table::cutoff(query.consumer_max_chain());
    let opening = table::opening(query.date());
    let mut out = String::new();
    let (Some(rows), Some(services)) = (&answer.consumers, &answer.services) else {
        let asked = format!("{opening}{service} has");
        return Ok(in_counts(model, answer, &asked, &within));
    };
    let consumers = model.consumers_of(&answer.service, query)?;
    let parties = consumers.iter().take(rows.len()).map(|c| c.path());
    let affected = consumers.services().take(services.len()).map(|s| s.path());
    evidence::check(evidence, parties.chain(affected))?;
    if answer.total == 0 {
        let sentence = format!("{opening}no consumers of {service} {within}.");
        table::wrap(&mut out, "", "", &sentence);
    } else {
        let sentence = format!(
            "{opening}{} of {service} {within}:",
            table::count(answer.total, "consumer", "consumers"),
        );
        table::wrap(&mut out, "", "", &sentence);
        out.push('\n');
        let mut table = Table::of_parties(&[]);
        for c in consumers.iter().take(rows.len()) {
            let note = evidence::words(evidence, || c.path(), c.via());
            table.party_row(c.party(), c.distance(), &[], note);
        }
        table::list(&mut out, &table, rows.len(), answer.total, "consumers");
    }
    out.push('\n');
    if answer.services_total == 0 {
        table::wrap(&mut out, "", "", "No other service depends on it.");
        return Ok(out);
    }
    let sentence = format!(
        "{} through dependencies:",
        table::count(
            answer.services_total,
            "service affected",
            "services affected"
        ),
    );
    table::wrap(&mut out, "", "", &sentence);
    out.push('\n');
    let mut table = Table::new(&[("SERVICE", Align::Left), ("DISTANCE", Align::Right)]);
    for s in consumers.services().take(services.len()) {
        table.row(
            vec![s.service().id().to_owned(), s.distance().to_string()],
            Some(evidence::words(evidence, || s.path(), s.via())),
        );
    }
    table::list(
        &mut out,
        &table,
        services.len(),
        answer.services_total,
        "services",
    );
    Ok(out)
}

/// The answer with `--summary`: how many consumers at each distance, the
/// individuals among them per company and per paying customer, and how
/// many services at each distance. `asked` opens the first sentence.
fn in_counts(model: &Model, answer: &ConsumersAnswer, asked: &str, within: &str) -> String {
    let mut out = String::new();
    let sentence = format!(
        "{asked} {} and {} through dependencies, {within}.",
        table::count(answer.total, "consumer", "consumers"),
        table::count(
            answer.services_total,
            "service affected",
            "services affected"
        ),
    );
    table::wrap(&mut out, "", "", &sentence);
    if summary::per_distance(
        &mut out,
        "Consumers, by distance:",
        &answer.consumers_by_distance,
        "CONSUMERS",
    ) {
        out.push('\n');
        let none = BTreeMap::new();
        summary::people(
            &mut out,
            model,
            answer.consumers_by_top.as_ref().unwrap_or(&none),
            answer.consumers_by_payer.as_ref().unwrap_or(&none),
            answer.consumers_without_payer.unwrap_or(0),
        );
    }
    summary::per_distance(
        &mut out,
        "Services affected through dependencies, by distance:",
        &answer.services_by_distance,
        "SERVICES",
    );
    out
}
