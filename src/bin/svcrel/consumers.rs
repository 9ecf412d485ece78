//! `svcrel consumers SERVICE`: who uses a service, directly, through an
//! organisation or through a service that depends on it.

use std::process::ExitCode;

use serde::Serialize;
use svcrel::Consumers;

use crate::input::{ModelArgs, QueryArgs};
use crate::report;
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
the service, written out in words. Both lists are ordered by distance,
then id. Dependency cycles are fine.";

const AFTER_HELP: &str = "\
JSON output (--json), one object:
  {\"service\": \"S\", \"consumers\": [{\"party\": \"p\", \"kind\": \"individual\",
   \"distance\": 1, \"path\": [\"S\", \"T\", \"p\"]}],
   \"services\": [{\"service\": \"T\", \"distance\": 1}]}

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
    /// The id of the service
    #[arg(value_name = "SERVICE")]
    service: String,

    #[command(flatten)]
    model: ModelArgs,

    #[command(flatten)]
    query: QueryArgs,

    /// Print one JSON object on stdout instead of tables
    #[arg(long)]
    json: bool,
}

/// Answers the question: tables or a JSON object on stdout (status 0),
/// or what went wrong on stderr.
pub fn run(args: &Args) -> ExitCode {
    args.model.answer(&args.query, |model, query| {
        let consumers = model.consumers_of(&args.service, query)?;
        Ok(report::json_or_text(
            args.json,
            || Answer::new(&consumers),
            || for_people(&consumers, query),
        ))
    })
}

/// The JSON answer (`svcrel batch` writes it too).
#[derive(Serialize)]
pub struct Answer<'m> {
    service: &'m str,
    consumers: Vec<Row<'m>>,
    services: Vec<Affected<'m>>,
}

#[derive(Serialize)]
struct Row<'m> {
    party: &'m str,
    kind: &'static str,
    distance: u32,
    path: Vec<&'m str>,
}

#[derive(Serialize)]
struct Affected<'m> {
    service: &'m str,
    distance: u32,
}

impl<'m> Answer<'m> {
    pub fn new(consumers: &Consumers<'m>) -> Self {
        Answer {
            service: consumers.service().id(),
            consumers: consumers
                .iter()
                .map(|c| Row {
                    party: c.party().id(),
                    kind: c.party().kind().as_str(),
                    distance: c.distance(),
                    path: c.path().ids().collect(),
                })
                .collect(),
            services: consumers
                .services()
                .map(|s| Affected {
                    service: s.service().id(),
                    distance: s.distance(),
                })
                .collect(),
        }
    }
}

/// The answer for people: the consumers, then the affected services, each
/// a table with the path in words under each row.
fn for_people(consumers: &Consumers<'_>, query: &svcrel::Query) -> String {
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
        let mut rows = Table::new(&[
            ("PARTY", Align::Left),
            ("KIND", Align::Left),
            ("DISTANCE", Align::Right),
        ]);
        for c in consumers.iter() {
            rows.row(
                vec![
                    c.party().id().to_owned(),
                    c.party().kind().to_string(),
                    c.distance().to_string(),
                ],
                Some(c.path().to_string()),
            );
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
            Some(s.path().to_string()),
        );
    }
    rows.render(&mut out);
    out
}
