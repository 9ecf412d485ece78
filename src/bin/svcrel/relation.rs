//! `svcrel relation PARTY SERVICE`: what a party is to a service.

use std::process::ExitCode;

use svcrel::{Entity, Model, Query, Question, Relation, Role};

use crate::input::{Answered, PartyServiceArgs};
use crate::report;
use crate::table;

const ABOUT: &str = "Say what a party is to a service: customer, consumer, sponsor, client…";

const LONG_ABOUT: &str = "\
Say what a party is to a service: the set of its roles, each at most once.

  provider   the party is the provider, an organisation below it, or a member
  customer   among the customers (with distance and scope; see `customers`)
  consumer   among the consumers (with distance; see `consumers`)
  sponsor    approves a funding link on the service
  client     oversees the provider or an organisation above it
  colleague  an individual, not the provider, in the provider's company
  partner    a declared partnership joins the party and the provider

No role at all is an answer too. The customer role follows the customer
chain 1 step by default and the consumer role follows dependencies with no
limit; --max-chain K sets both to K.";

const AFTER_HELP: &str = "\
JSON output (--json), one object:
  {\"party\": \"P\", \"service\": \"S\", \"roles\": [{\"role\": \"customer\", \"distance\": 0,
   \"scope\": \"internal\"}, {\"role\": \"consumer\", \"distance\": 0}, {\"role\": \"sponsor\"}]}
  Every answer also carries names beside ids, as_of (the date, or \"any\"),
  max_chain (the cutoffs), the model's version and, for lists, the total.

Examples:
  svcrel relation mary acme-email --model examples/data/sample.json --as-of 2028-06-01
  svcrel relation president expense-app --model examples/data/sample.json --max-chain 4 --json";

/// The arguments of `svcrel relation`.
#[derive(Debug, clap::Args)]
#[command(
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP
)]
pub struct Args {
    #[command(flatten)]
    question: PartyServiceArgs,
}

/// Answers the question: one role per line or a JSON object on stdout
/// (status 0), or what went wrong on stderr.
pub fn run(args: &Args) -> ExitCode {
    args.question.answer(
        |party, service, flags| {
            let question = Question::relation(party, service).as_of(flags.asked_as_of());
            match flags.asked_max_chain() {
                Some(k) => question.max_chain(k).into(),
                None => question.into(),
            }
        },
        Model::relation,
        |party, answered| report::text(&for_people(party, answered)),
    )
}

/// The chain cutoffs of a role query in words (`svcrel triage` too).
pub fn within(query: &Query) -> String {
    table::cutoffs(
        ("customers", query.customer_max_chain()),
        ("consumers", query.consumer_max_chain()),
    )
}

/// The answer for people: a sentence saying what was asked, then one
/// role per line, with its distance and scope and the path that proves a
/// customer or consumer role.
fn for_people(party: Entity<'_>, answered: &Answered<'_, Relation>) -> String {
    let Answered {
        model,
        query,
        service,
        answer: relation,
        ..
    } = *answered;
    let who = table::named(party);
    let what = table::named(service);
    let within = within(query);
    let on = table::on(query.date());
    let mut out = String::new();
    if relation.is_empty() {
        let sentence = format!("{who} has no role towards {what}, {within}, {on}.");
        table::wrap(&mut out, "", "", &sentence);
        return out;
    }
    let sentence = format!(
        "{who} has {} towards {what}, {within}, {on}:",
        table::count(relation.roles().len(), "role", "roles"),
    );
    table::wrap(&mut out, "", "", &sentence);
    out.push('\n');
    let column = relation
        .roles()
        .iter()
        .map(|r| r.name().len())
        .max()
        .unwrap_or(0)
        + 2;
    for role in relation.roles() {
        let first = format!("{:column$}", role.name());
        let rest = " ".repeat(column);
        table::wrap(
            &mut out,
            &first,
            &rest,
            &details(model, party, service, role, query),
        );
    }
    out
}

/// A role's details in words: its distance and scope, and the path that
/// proves it, or what the role means for this service.
fn details(
    model: &Model,
    party: Entity<'_>,
    service: Entity<'_>,
    role: &Role,
    query: &Query,
) -> String {
    let provider = model.provider(service.id()).map_or_else(
        || "the provider".to_owned(),
        |p| format!("the provider, {}", table::named(p)),
    );
    match *role {
        Role::Customer { distance, scope } => {
            let path = model
                .customers_of(service.id(), query)
                .ok()
                .and_then(|c| c.get(party.id()).map(|c| c.path().to_string()));
            with_path(format!("distance {distance}, {scope}"), path)
        }
        Role::Consumer { distance } => {
            let path = model
                .consumers_of(service.id(), query)
                .ok()
                .and_then(|c| c.get(party.id()).map(|c| c.path().to_string()));
            with_path(format!("distance {distance}"), path)
        }
        Role::Provider => match model.provider(service.id()) {
            Some(p) if p.id() == party.id() => format!("provides {}", service.label()),
            _ => format!("part of {provider}"),
        },
        Role::Sponsor => format!("approves a payment for {}", service.label()),
        Role::Client => format!("oversees {provider}, or an organisation above it"),
        Role::Colleague => format!("works in the same company as {provider}"),
        Role::Partner => format!("joined to {provider}, by a declared partnership"),
        _ => role.to_string(),
    }
}

fn with_path(head: String, path: Option<String>) -> String {
    match path {
        Some(path) => format!("{head}: {path}"),
        None => head,
    }
}
