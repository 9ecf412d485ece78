//! `svcrel customers SERVICE`: who pays for or commissions a service, and
//! the chain above them.

use clap::Arg;
use svcrel::{CustomersAnswer, CustomersQuestion, Model, Query, Question};

use crate::evidence::{self, Evidence};
use crate::input::{AnswerArgs, ListArgs, QueryArgs};
use crate::report::Failure;
use crate::table::{self, Align, Table};

pub const ABOUT: &str =
    "List the customers of a service: payers, approvers and the chain above them";

pub const LONG_ABOUT: &str = concat!(
    "\
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
via). Customers are ordered by distance, then id; --limit N lists the
first N, and the first line still says how many there are in all.",
    as_of_help!()
);

pub const AFTER_HELP: &str = "\
JSON output (--json), one object:
  {\"service\": \"S\", \"customers\": [{\"party\": \"dana\", \"kind\": \"individual\",
   \"distance\": 0, \"scope\": \"external\", \"via\": {\"id\": \"goddard-apps\",
   \"link\": \"approval\"}, \"path\": [\"S\", \"goddard-apps\", \"dana\"]}]}
  (no \"path\" with --evidence via; with --limit N, the first N customers)
  Every answer also carries names beside ids, as_of (the date, or \"any\"),
  max_chain (the cutoffs), the model's version and, for lists, the total:
  \"total\": 4, \"as_of\": \"2026-12-04\", \"max_chain\": {\"customer\": 1}, \"version\": 0

Examples:
  svcrel customers expense-app --model examples/data/sample.json --max-chain 3
  svcrel customers nfl-broadcast --model examples/data/sample.json --as-of 2024-06-01 --json
  SVCREL_MODEL=examples/data/sample.json svcrel customers nfl-broadcast --as-of any --limit 2";

/// The arguments of `svcrel customers`: the service, the model, the
/// query flags, `--json`, `--evidence` and `--limit`.
pub type Args = ListArgs;

/// The words of the shared arguments that are the command's own.
pub fn help(arg: Arg) -> Arg {
    match arg.get_id().as_str() {
        QueryArgs::MAX_CHAIN => QueryArgs::max_chain_help(arg, "1"),
        AnswerArgs::JSON => arg.help("Print one JSON object on stdout instead of a table"),
        _ => arg,
    }
}

/// The library's question: the customers of the service, with the date,
/// cutoff, evidence and limit the flags ask for.
pub fn question(args: &Args) -> CustomersQuestion {
    args.question(Question::customers)
}

/// The answer for people: a sentence saying what was asked, then a table
/// of the rows the answer lists, with each customer's path in words under
/// its row.
pub fn for_people(
    model: &Model,
    query: &Query,
    answer: &CustomersAnswer,
    evidence: Evidence,
) -> Result<String, Failure> {
    let customers = model.customers_of(&answer.service, query)?;
    let shown = answer.customers.len();
    evidence::check(evidence, customers.iter().take(shown).map(|c| c.path()))?;
    let service = customers.service();
    let within = table::cutoff(query.customer_max_chain());
    let opening = table::opening(query.date());
    let mut out = String::new();
    if answer.total == 0 {
        let sentence = format!(
            "{opening}no customers of {} {within}.",
            table::named(service)
        );
        table::wrap(&mut out, "", "", &sentence);
        return Ok(out);
    }
    let provider = model
        .provider(service.id())
        .map(|p| format!(", provided by {}", table::named(p)))
        .unwrap_or_default();
    let sentence = format!(
        "{opening}{} of {}{provider}, {within}:",
        table::count(answer.total, "customer", "customers"),
        table::named(service),
    );
    table::wrap(&mut out, "", "", &sentence);
    out.push('\n');
    let mut rows = Table::of_parties(&[("SCOPE", Align::Left)]);
    for c in customers.iter().take(shown) {
        let note = evidence::words(evidence, || c.path(), c.via());
        rows.party_row(c.party(), c.distance(), &[c.scope().to_string()], note);
    }
    table::list(&mut out, &rows, shown, answer.total, "customers");
    Ok(out)
}
