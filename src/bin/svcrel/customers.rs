//! `svcrel customers SERVICE`: who pays for or commissions a service, and
//! the chain above them.

use std::process::ExitCode;

use svcrel::{Customers, Model, Question};

use crate::evidence::{self, Evidence};
use crate::input::{AnswerArgs, ListArgs, QueryArgs, help_of};
use crate::table::{self, Align, Table};

const ABOUT: &str = "List the customers of a service: payers, approvers and the chain above them";

const LONG_ABOUT: &str = "\
List the customers of a service: payers, approvers and the chain above them.

A customer pays for or commissions the service: the payer of every funding
link on it and every individual who approves that payment, at distance 0.
Above them, step by step up to --max-chain, come an individual's manager
and an organisation's parent. A customer is external when it is reached
from a cash or trade payment by a payer outside the provider's company,
and internal otherwise (same company, chargeback, allocation, no payment).

Each customer comes with one shortest path from the service, written out
in words, or with --evidence via only its next step towards the service
(an answer whose paths would take more than 256 MiB is refused: ask for
via). Customers are ordered by distance, then id.";

const AFTER_HELP: &str = "\
JSON output (--json), one object:
  {\"service\": \"S\", \"customers\": [{\"party\": \"dana\", \"kind\": \"individual\",
   \"distance\": 0, \"scope\": \"external\", \"via\": {\"id\": \"goddard-apps\",
   \"link\": \"approval\"}, \"path\": [\"S\", \"goddard-apps\", \"dana\"]}]}
  (no \"path\" with --evidence via)
  Every answer also carries names beside ids, as_of (the date, or \"any\"),
  max_chain (the cutoffs), the model's version and, for lists, the total.

Examples:
  svcrel customers expense-app --model examples/data/sample.json --max-chain 3
  svcrel customers nfl-broadcast --model examples/data/sample.json --as-of 2024-06-01 --json";

/// The arguments of `svcrel customers`.
#[derive(Debug, clap::Args)]
#[command(
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    mut_arg(QueryArgs::MAX_CHAIN, |arg| QueryArgs::max_chain_help(arg, "1")),
    mut_args(help_of(
        AnswerArgs::JSON,
        "Print one JSON object on stdout instead of a table"
    ))
)]
pub struct Args {
    #[command(flatten)]
    list: ListArgs,
}

/// Answers the question: a table or a JSON object on stdout (status 0),
/// or what went wrong on stderr.
pub fn run(args: &Args) -> ExitCode {
    args.list.answer(
        |service, flags, evidence| {
            let question = Question::customers(service)
                .as_of(flags.asked_as_of())
                .evidence(evidence);
            match flags.asked_max_chain() {
                Some(k) => question.max_chain(k).into(),
                None => question.into(),
            }
        },
        |model, service, query| {
            let customers = model.customers_of(service, query)?;
            let for_people = |evidence| for_people(model, &customers, query, evidence);
            Ok(args.list.write(&customers, check, for_people))
        },
    )
}

/// Checks that the paths of the answer fit (see [`evidence::check`]).
fn check(customers: &Customers<'_>, evidence: Evidence) -> Result<(), String> {
    evidence::check(evidence, customers.iter().map(|c| c.path()))
}

/// The answer for people: a sentence saying what was asked, then a table
/// with each customer's path in words under its row.
fn for_people(
    model: &Model,
    customers: &Customers<'_>,
    query: &svcrel::Query,
    evidence: Evidence,
) -> String {
    let service = customers.service();
    let within = table::cutoff(query.customer_max_chain());
    let on = table::on(query.date());
    let mut out = String::new();
    if customers.is_empty() {
        let sentence = format!("No customers of {} {within}, {on}.", table::named(service));
        table::wrap(&mut out, "", "", &sentence);
        return out;
    }
    let provider = model
        .provider(service.id())
        .map(|p| format!(", provided by {}", table::named(p)))
        .unwrap_or_default();
    let sentence = format!(
        "{} of {}{provider}, {within}, {on}:",
        table::count(customers.len(), "customer", "customers"),
        table::named(service),
    );
    table::wrap(&mut out, "", "", &sentence);
    out.push('\n');
    let mut rows = Table::of_parties(&[("SCOPE", Align::Left)]);
    for c in customers.iter() {
        let note = evidence::words(evidence, || c.path(), c.via());
        rows.party_row(c.party(), c.distance(), &[c.scope().to_string()], note);
    }
    rows.render(&mut out);
    out
}
