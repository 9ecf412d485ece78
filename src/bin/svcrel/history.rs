//! `svcrel history PARTY SERVICE`: how what a party is to a service
//! changes over time.

use std::process::ExitCode;

use svcrel::{Date, Error, History, HistoryOptions, Match, Model};

use crate::input::{ModelArgs, parse_whole_number};
use crate::relation;
use crate::report;
use crate::table;

const ABOUT: &str = "Say how what a party is to a service changes over time";

const LONG_ABOUT: &str = "\
Say how what a party is to a service changes over time: the periods over
which its roles (those of `svcrel relation`) stay the same, one a line, in
date order. A period runs from its first date up to, not including, the
first date of the next; `..` alone on one side is an open end.

Periods with no role are listed too, so the lines cover the whole range,
and neighbouring periods with the same roles are one. Roles change only
where a link the answer depends on starts or stops holding: the history
asks `relation` on those dates alone.

The history covers all time unless --from or --until gives an end. The
customer role follows the customer chain 1 step by default and the
consumer role follows dependencies with no limit; --max-chain K sets both
to K.";

const AFTER_HELP: &str = "\
JSON output (--json), one object:
  {\"party\": \"P\", \"party_name\": …, \"service\": \"S\", \"service_name\": …,
   \"from\": null, \"until\": null, \"max_chain\": {\"customer\": 1, \"consumer\": null},
   \"periods\": [{\"from\": null, \"until\": \"2005-01-01\", \"roles\": []},
                {\"from\": \"2005-01-01\", \"until\": null, \"roles\": [{\"role\": \"colleague\"}]}],
   \"version\": 0}
  An open end is null; roles are written as `svcrel relation --json` writes them.

Examples:
  svcrel history mary acme-email --model examples/data/sample.json
  svcrel history mary acme-email --model examples/data/sample.json --from 2010-01-01 --json";

/// The arguments of `svcrel history`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
pub struct Args {
    /// The party: the id of an organisation or an individual, one of its
    /// emails, or an external id (system:id)
    #[arg(value_name = "PARTY")]
    party: String,

    /// The id of the service
    #[arg(value_name = "SERVICE")]
    service: String,

    #[command(flatten)]
    model: ModelArgs,

    /// The first date to cover, YYYY-MM-DD [default: all time before]
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    from: Option<Date>,

    /// The first date no longer covered, YYYY-MM-DD [default: all time after]
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    until: Option<Date>,

    /// How many steps along a chain to follow: a whole number [default: 1
    /// for the customer role, no limit for the consumer role]
    #[arg(long, value_name = "K", value_parser = parse_whole_number, allow_negative_numbers = true)]
    max_chain: Option<u32>,

    /// Print one JSON object on stdout instead of lines for people
    #[arg(long)]
    json: bool,
}

/// `--from`, `--until`: a date written YYYY-MM-DD.
fn parse_day(text: &str) -> Result<Date, String> {
    svcrel::parse_date(text).map_err(|e| format!("{e}; give a date written YYYY-MM-DD"))
}

/// Prints the history (status 0), or what went wrong on stderr.
pub fn run(args: &Args) -> ExitCode {
    match history(args) {
        Ok((model, history, matched)) if !args.json => {
            report::text(&for_people(&model, &history, matched))
        }
        Ok((_, history, _)) => report::json(&history),
        Err(Unanswered::Library(err)) => report::failure(&err),
        Err(Unanswered::Ambiguous(message)) => {
            eprintln!("{message}");
            report::usage_failure()
        }
    }
}

/// Why no history was printed.
enum Unanswered {
    /// What the library said went wrong.
    Library(Error),
    /// The party given names several parties (a usage error).
    Ambiguous(String),
}

impl From<Error> for Unanswered {
    fn from(err: Error) -> Self {
        Unanswered::Library(err)
    }
}

/// Reads the model and asks it for the history.
fn history(args: &Args) -> Result<(Model, History, Option<Match>), Unanswered> {
    let mut options = HistoryOptions::new().between(args.from, args.until);
    if let Some(k) = args.max_chain {
        options = options.max_chain(k);
    }
    let model = args.model.load()?;
    let (party, matched) = party_named(&model, &args.party)?;
    let history = model.relation_history(&party, &args.service, &options)?;
    Ok((model, history, matched))
}

/// The id of the party `text` names, as `svcrel relation` finds it: an
/// id as it is; else the one party an email, an external id or a mail
/// domain names. Text that names none is kept, for the library to report
/// as an unknown id; text that names several is an error.
fn party_named(model: &Model, text: &str) -> Result<(String, Option<Match>), Unanswered> {
    if model.entity(text).is_some() {
        return Ok((text.to_owned(), None));
    }
    let found = model.find(text);
    let by_identity = |m: Match| matches!(m, Match::Email | Match::ExternalId | Match::MailDomain);
    if let Some(c) = found.found.filter(|c| by_identity(c.matched)) {
        return Ok((c.id, Some(c.matched)));
    }
    if found.candidates.len() > 1 && found.candidates.iter().all(|c| by_identity(c.matched)) {
        let ids: Vec<&str> = found.candidates.iter().map(|c| c.id.as_str()).collect();
        let more = match found.total - ids.len() {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        return Err(Unanswered::Ambiguous(
            svcrel::printable(&format!(
                "{text:?} names {} parties ({}{more}): ask by id",
                found.total,
                ids.join(", "),
            ))
            .into_owned(),
        ));
    }
    Ok((text.to_owned(), None))
}

/// The history for people: a sentence saying what was asked, then one
/// period a line, its dates and its roles as `svcrel relation` writes
/// them.
fn for_people(model: &Model, history: &History, matched: Option<Match>) -> String {
    let who = relation::party(model, &history.party, matched);
    let what = table::name_of(model, &history.service);
    let range = match (history.from, history.until) {
        (None, None) => "over all time".to_owned(),
        (Some(f), None) => format!("from {f}"),
        (None, Some(u)) => format!("until {u}"),
        (Some(f), Some(u)) => format!("from {f} until {u}"),
    };
    let mut out = String::new();
    let sentence = format!(
        "What {who} is to {what}, {range}, {}:",
        table::cutoffs(
            (
                "customers",
                history
                    .max_chain
                    .customer
                    .unwrap_or(svcrel::Query::DEFAULT_CUSTOMER_CHAIN)
            ),
            (
                "consumers",
                history
                    .max_chain
                    .consumer
                    .unwrap_or(svcrel::Query::DEFAULT_CONSUMER_CHAIN)
            ),
        ),
    );
    table::wrap(&mut out, "", "", &sentence);
    out.push('\n');
    let end = |d: Option<Date>| d.map_or_else(|| " ".repeat(10), |d| d.to_string());
    for period in &history.periods {
        let dates = format!("{} .. {}  ", end(period.from), end(period.until));
        let roles = if period.roles.is_empty() {
            "no role".to_owned()
        } else {
            period
                .roles
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        table::wrap(&mut out, &dates, &" ".repeat(dates.len()), &roles);
    }
    out
}
