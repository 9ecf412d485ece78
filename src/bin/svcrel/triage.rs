//! `svcrel triage PARTY SERVICE`: what a ticket needs — the requester's
//! roles, whether they are entitled to service, who pays, whom to notify.

use std::process::ExitCode;

use svcrel::{Entity, Model, Question, Triage};

use crate::input::{Answered, PartyServiceArgs, help_of};
use crate::relation;
use crate::{report, table};

const ABOUT: &str = "Triage a ticket: the requester's roles, entitlement, who pays, whom to notify";

const LONG_ABOUT: &str = "\
Triage a ticket from PARTY about SERVICE: what the requester is to the
service (the roles of `relation`), whether they are entitled to service,
who pays for the work, whom to notify, and one sentence explaining it all.

  entitled  the requester is the provider, a consumer, a customer or a
            client of the service (a colleague or a partner only is not)
  payer     the payer of the funding link on the service nearest the
            requester: the requester themself (0 steps), an organisation
            they are a member of (1 step), then each one's parents (one
            step more each); every membership counts, and a tie goes to
            the funding link listed first in the model. A payer elsewhere
            (a sibling department, another company) is not near: then
            nobody pays
  sponsors  the individuals who approve that funding link, to notify

The roles follow the cutoffs of `relation`: the customer chain 1 step by
default and dependencies with no limit; --max-chain K sets both to K. The
cutoffs do not limit the search for a payer.";

const AFTER_HELP: &str = "\
JSON output (--json), one object:
  {\"party\": \"P\", \"service\": \"S\", \"roles\": [{\"role\": \"consumer\", \"distance\": 0}],
   \"entitled\": true, \"payer\": \"O\", \"payment\": \"chargeback\", \"steps\": 2,
   \"via\": \"T\", \"sponsors\": [\"I\"], \"explanation\": \"…\"}
  With nobody near paying, \"payer\", \"payment\", \"steps\" and \"via\" are null
  and \"sponsors\" is empty.
  Every answer also carries names beside ids, as_of (the date, or \"any\"),
  max_chain (the cutoffs), the model's version and, for lists, the total.

Examples:
  svcrel triage teacher-ann desktop-support --model examples/data/sample.json
  svcrel triage mary acme-email --model examples/data/sample.json --as-of 2028-06-01 --json";

/// The arguments of `svcrel triage`.
#[derive(Debug, clap::Args)]
#[command(
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    mut_args(help_of(
        PartyServiceArgs::PARTY,
        "The id of the requester: an organisation or an individual"
    ))
)]
pub struct Args {
    #[command(flatten)]
    question: PartyServiceArgs,
}

/// Answers the ticket: lines for people or a JSON object on stdout
/// (status 0), or what went wrong on stderr.
pub fn run(args: &Args) -> ExitCode {
    args.question.answer(
        |party, service, flags| {
            let question = Question::triage(party, service).as_of(flags.asked_as_of());
            match flags.asked_max_chain() {
                Some(k) => question.max_chain(k).into(),
                None => question.into(),
            }
        },
        Model::triage,
        |party, answered| report::text(&for_people(party, answered)),
    )
}

/// The answer for people: a sentence saying what was asked, one line
/// each for the roles, the entitlement, the payer and whom to notify,
/// then the explanation.
fn for_people(party: Entity<'_>, answered: &Answered<'_, Triage>) -> String {
    let Answered {
        model,
        query,
        service,
        answer: triage,
        ..
    } = *answered;
    let named = |id: &str| model.entity(id).map_or_else(|| id.to_owned(), table::named);
    let within = relation::within(query);
    let mut out = String::new();
    let sentence = format!(
        "A ticket from {} about {}, {within}, {}:",
        table::named(party),
        table::named(service),
        table::on(query.date())
    );
    table::wrap(&mut out, "", "", &sentence);
    out.push('\n');

    let roles: Vec<String> = triage
        .relation()
        .roles()
        .iter()
        .map(|r| r.to_string())
        .collect();
    let roles = if roles.is_empty() {
        "none".to_owned()
    } else {
        roles.join(", ")
    };
    let entitled = if triage.entitled() {
        "yes"
    } else {
        "no (neither provider, consumer, customer nor client)"
    };
    let payer = match triage.payer() {
        None => "nobody near the requester pays".to_owned(),
        Some(p) => {
            let steps = table::count(p.steps() as usize, "step", "steps");
            let mut text = format!(
                "{}, by {}, {steps} away",
                named(p.payer().as_str()),
                p.payment()
            );
            if let Some(via) = p.via().filter(|v| *v != p.payer()) {
                text.push_str(&format!(", through {}", named(via.as_str())));
            }
            text
        }
    };
    let notify = if triage.sponsors().is_empty() {
        "nobody".to_owned()
    } else {
        let names: Vec<String> = triage
            .sponsors()
            .iter()
            .map(|s| named(s.as_str()))
            .collect();
        names.join(", ")
    };
    let column = "entitled".len() + 2;
    for (key, value) in [
        ("roles", roles),
        ("entitled", entitled.to_owned()),
        ("payer", payer),
        ("notify", notify),
    ] {
        table::wrap(
            &mut out,
            &format!("{key:column$}"),
            &" ".repeat(column),
            &value,
        );
    }
    out.push('\n');
    table::wrap(&mut out, "", "", triage.explanation());
    out
}
