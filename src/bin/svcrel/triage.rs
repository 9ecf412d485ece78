//! `svcrel triage PARTY SERVICE`: what a ticket needs — the requester's
//! roles, whether they are entitled to service, who pays, whom to notify.

use clap::Arg;
use svcrel::{Model, Query, Question, TriageAnswer, TriageQuestion};

use crate::input::PartyServiceArgs;
use crate::relation;
use crate::report::Failure;
use crate::table;

pub const ABOUT: &str =
    "Triage a ticket: the requester's roles, entitlement, who pays, whom to notify";

pub const LONG_ABOUT: &str = concat!(
    "\
Triage a ticket from PARTY about SERVICE: what the requester is to the
service (the roles of `relation`), whether they are entitled to service,
who pays for the work, whom to notify, and one sentence explaining it all;
then, link by link, why: each role's links and the payer's.

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
cutoffs do not limit the search for a payer.",
    as_of_help!(),
    " A funding link that has ended pays for nothing today."
);

pub const AFTER_HELP: &str = "\
JSON output (--json), one object:
  {\"party\": \"P\", \"service\": \"S\", \"roles\": [{\"role\": \"consumer\", \"distance\": 0}],
   \"entitled\": true, \"payer\": \"O\", \"payment\": \"chargeback\", \"steps\": 2,
   \"via\": \"T\", \"sponsors\": [\"I\"], \"explanation\": \"…\",
   \"evidence\": [{\"role\": \"consumer\", \"distance\": 0, \"links\": […]}],
   \"payer_links\": [{\"link\": \"membership\", \"source\": \"P\", \"target\": \"T\", \"from\": null,
                    \"until\": null}, {\"link\": \"parent\", \"source\": \"T\", \"target\": \"O\", …},
                   {\"link\": \"funding\", \"source\": \"O\", \"target\": \"S\", \"approved_by\": [\"I\"], …}]}
  \"evidence\" gives each role's links as `relation` does; \"payer_links\" the
  requester's way to the payer and the funding link chosen.
  With nobody near paying, \"payer\", \"payment\", \"steps\" and \"via\" are null
  and \"sponsors\" and \"payer_links\" are empty.
  Every answer also carries names beside ids, as_of (the date, or \"any\"),
  max_chain (the cutoffs), the model's version and, for lists, the total:
  \"as_of\": \"2026-12-04\", \"max_chain\": {\"customer\": 1, \"consumer\": null}

Examples:
  svcrel triage teacher-ann desktop-support --model examples/data/sample.json
  svcrel triage mary acme-email --model examples/data/sample.json --as-of 2028-06-01 --json
  svcrel triage united-airlines nfl-broadcast --model examples/data/sample.json --as-of any";

/// The arguments of `svcrel triage`: those of `relation`, the party
/// being the requester.
pub type Args = PartyServiceArgs;

/// The words of the shared arguments that are the command's own.
pub fn help(arg: Arg) -> Arg {
    match arg.get_id().as_str() {
        PartyServiceArgs::PARTY => {
            arg.help("The requester: the id of an organisation or an individual, one of its emails, or an external id (system:id); an unknown address at an organisation's mail domain names the organisation")
        }
        _ => arg,
    }
}

/// The library's question: a ticket from the requester about the
/// service, with the date and cutoff the flags ask for.
pub fn question(args: &Args) -> TriageQuestion {
    args.question(Question::triage)
}

/// The answer for people: a sentence saying what was asked, one line
/// each for the roles, the entitlement, the payer and whom to notify,
/// then the explanation.
pub fn for_people(model: &Model, query: &Query, answer: &TriageAnswer) -> Result<String, Failure> {
    let named = |id: &str| table::name_of(model, id);
    let mut out = String::new();
    let sentence = format!(
        "{}a ticket from {} about {}, {}:",
        table::opening(query.date()),
        relation::party(model, &answer.party, answer.matched),
        named(&answer.service),
        relation::within(query),
    );
    table::wrap(&mut out, "", "", &sentence);
    out.push('\n');

    let roles: Vec<String> = answer.roles.iter().map(|r| r.to_string()).collect();
    let roles = if roles.is_empty() {
        "none".to_owned()
    } else {
        roles.join(", ")
    };
    let entitled = if answer.entitled {
        "yes"
    } else {
        "no (neither provider, consumer, customer nor client)"
    };
    let payer = match (&answer.payer, answer.payment, answer.steps) {
        (Some(payer), Some(payment), Some(steps)) => {
            let steps = table::count(steps as usize, "step", "steps");
            let mut text = format!("{}, by {payment}, {steps} away", named(payer));
            if let Some(via) = answer.via.as_ref().filter(|v| *v != payer) {
                text.push_str(&format!(", through {}", named(via)));
            }
            text
        }
        _ => "nobody near the requester pays".to_owned(),
    };
    let notify = if answer.contacts.is_empty() {
        "nobody".to_owned()
    } else {
        let names: Vec<String> = answer
            .contacts
            .iter()
            .map(|c| table::contact(model, c))
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
    if !answer.roles.is_empty() || !answer.payer_links.is_empty() {
        out.push('\n');
        let sentence = if answer.payer_links.is_empty() {
            "Why, link by link:".to_owned()
        } else {
            format!(
                "Why, link by link ({} the payer's way):",
                if answer.roles.is_empty() {
                    "only"
                } else {
                    "each role, then"
                }
            )
        };
        table::wrap(&mut out, "", "", &sentence);
        relation::role_lines(
            model,
            &mut out,
            &answer.party,
            &answer.roles,
            &answer.evidence,
        );
        if !answer.payer_links.is_empty() {
            let column = "colleague".len() + 2;
            let words = table::links_in_words(model, &answer.party, &answer.payer_links);
            table::wrap(
                &mut out,
                &format!("{:column$}", "payer"),
                &" ".repeat(column),
                &words,
            );
        }
    }
    out.push('\n');
    table::wrap(&mut out, "", "", &answer.explanation);
    Ok(out)
}
