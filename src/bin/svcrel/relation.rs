//! `svcrel relation PARTY SERVICE`: what a party is to a service.

use std::process::ExitCode;

use serde::Serialize;
use svcrel::{Entity, Model, Query, Relation, Role};

use crate::input::{ModelArgs, QueryArgs};
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

Examples:
  svcrel relation mary acme-email --model examples/data/sample.json --as-of 2028-06-01
  svcrel relation president expense-app --model examples/data/sample.json --max-chain 4 --json";

/// The arguments of `svcrel relation`.
#[derive(Debug, clap::Args)]
#[command(
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    mut_arg(QueryArgs::MAX_CHAIN, |arg| QueryArgs::max_chain_help(
        arg,
        "1 for the customer role, no limit for the consumer role"
    ))
)]
pub struct Args {
    /// The id of the party: an organisation or an individual
    #[arg(value_name = "PARTY")]
    party: String,

    /// The id of the service
    #[arg(value_name = "SERVICE")]
    service: String,

    #[command(flatten)]
    model: ModelArgs,

    #[command(flatten)]
    query: QueryArgs,

    /// Print one JSON object on stdout instead of lines for people
    #[arg(long)]
    json: bool,
}

/// Answers the question: one role per line or a JSON object on stdout
/// (status 0), or what went wrong on stderr.
pub fn run(args: &Args) -> ExitCode {
    args.model.answer(&args.query, |model, query| {
        let relation = model.relation(&args.party, &args.service, query)?;
        // `relation` has checked both ids; the entities give their names.
        let (Some(party), Some(service)) = (model.entity(&args.party), model.entity(&args.service))
        else {
            return Ok(report::not_found(&[&args.party, &args.service]));
        };
        Ok(report::json_or_text(
            args.json,
            || Answer::new(party, service, &relation),
            || for_people(model, party, service, &relation, query),
        ))
    })
}

/// The JSON answer (`svcrel batch` writes it too).
#[derive(Serialize)]
pub struct Answer<'m> {
    party: &'m str,
    service: &'m str,
    roles: Vec<RoleRow>,
}

#[derive(Serialize)]
struct RoleRow {
    role: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    distance: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<&'static str>,
}

impl<'m> Answer<'m> {
    pub fn new(party: Entity<'m>, service: Entity<'m>, relation: &Relation) -> Self {
        Answer {
            party: party.id(),
            service: service.id(),
            roles: relation
                .roles()
                .iter()
                .map(|role| RoleRow {
                    role: role.name(),
                    distance: role.distance(),
                    scope: role.scope().map(|s| s.as_str()),
                })
                .collect(),
        }
    }
}

/// The answer for people: a sentence saying what was asked, then one
/// role per line, with its distance and scope and the path that proves a
/// customer or consumer role.
fn for_people(
    model: &Model,
    party: Entity<'_>,
    service: Entity<'_>,
    relation: &Relation,
    query: &Query,
) -> String {
    let who = table::named(party);
    let what = table::named(service);
    let customer_chain = query.customer_max_chain();
    let consumer_chain = query.consumer_max_chain();
    let within = if customer_chain == consumer_chain {
        table::cutoff(customer_chain)
    } else {
        format!(
            "customers {}, consumers {}",
            table::cutoff(customer_chain),
            table::cutoff(consumer_chain)
        )
    };
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
