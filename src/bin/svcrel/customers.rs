//! `svcrel customers SERVICE`: who pays for or commissions a service, and
//! the chain above them.

use std::process::ExitCode;

use serde::Serialize;
use svcrel::{Customers, Model};

use crate::evidence::{self, Evidence, Ids, Via};
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
    args.list.answer(|model, service, query| {
        let customers = model.customers_of(service, query)?;
        let for_people = |evidence| for_people(model, &customers, query, evidence);
        Ok(args.list.write(&customers, check, Answer::new, for_people))
    })
}

/// Checks that the paths of the answer fit (see [`evidence::check`]).
pub fn check(customers: &Customers<'_>, evidence: Evidence, how: &str) -> Result<(), String> {
    evidence::check(evidence, customers.iter().map(|c| c.path()), how)
}

/// The JSON answer (`svcrel batch` writes it too); its rows are made as
/// they are written.
#[derive(Serialize)]
pub struct Answer<'a, 'm> {
    service: &'m str,
    customers: Rows<'a, 'm>,
}

struct Rows<'a, 'm> {
    customers: &'a Customers<'m>,
    evidence: Evidence,
}

#[derive(Serialize)]
struct Row<'m> {
    party: &'m str,
    kind: &'static str,
    distance: u32,
    scope: &'static str,
    via: Via<'m>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<Ids<'m>>,
}

impl<'a, 'm> Answer<'a, 'm> {
    pub fn new(customers: &'a Customers<'m>, evidence: Evidence) -> Self {
        Answer {
            service: customers.service().id(),
            customers: Rows {
                customers,
                evidence,
            },
        }
    }
}

impl Serialize for Rows<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.customers.iter().map(|c| Row {
            party: c.party().id(),
            kind: c.party().kind().as_str(),
            distance: c.distance(),
            scope: c.scope().as_str(),
            via: Via::new(c.via()),
            path: evidence::path(self.evidence, || c.path()),
        }))
    }
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
