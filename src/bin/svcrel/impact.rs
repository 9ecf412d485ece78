//! `svcrel impact SERVICE`: who is hit, and whom to tell, when a service
//! fails.

use clap::Arg;
use svcrel::{ContactRole, ImpactAnswer, ImpactQuestion, Model, Query, Question};

use crate::input::{AnswerArgs, QueryArgs, SUMMARY, ServiceArgs, Summarised, parse_whole_number};
use crate::report::Failure;
use crate::summary;
use crate::table::{self, Align, Table};

pub const ABOUT: &str = "Say who is hit, and whom to tell, when a service fails";

pub const LONG_ABOUT: &str = concat!(
    "\
Say who is hit, and whom to tell, when a service fails.

  services            the failed service (distance 0) and every service
                      depending on it, through dependencies up to the
                      consumer cutoff
  consumers_by_top    the individuals among the consumers, counted per
                      top-level organisation (someone in two companies
                      counts in both; someone in none counts under their
                      own id)
  consumers_by_payer  the same individuals, counted per paying customer as
                      `triage` chooses it for each of them on the failed
                      service; those nobody near pays for are counted apart
  notify              the customers and sponsors of every affected service,
                      up to the customer cutoff

As for `relation`, the customer chain follows 1 step by default and
dependencies have no limit; --max-chain K sets both to K. --summary gives
the affected services counted per distance, and how many to notify,
instead of listing them.",
    as_of_help!()
);

pub const AFTER_HELP: &str = "\
JSON output (--json), one object:
  {\"service\": \"S\", \"services\": [{\"service\": \"S\", \"distance\": 0},
   {\"service\": \"T\", \"distance\": 1}], \"consumers_by_top\": {\"O\": 5},
   \"consumers_by_payer\": {\"P\": 4}, \"consumers_without_payer\": 1,
   \"notify\": [\"I\", \"P\"]}
  With --summary, \"services_by_distance\": [{\"distance\": 0, \"count\": 1},
  {\"distance\": 1, \"count\": 1}] stands for \"services\", and \"notify\" is left
  out (\"notify_total\" says how many).
  Every answer also carries names beside ids, as_of (the date, or \"any\"),
  max_chain (the cutoffs), the model's version and notify_total:
  \"notify_total\": 2, \"as_of\": \"2026-12-04\", \"max_chain\": {\"customer\": 1, \"consumer\": null}

Examples:
  svcrel impact sso --model examples/data/sample.json
  svcrel impact desktop-support --model examples/data/sample.json --max-chain 0 --json
  svcrel impact desktop-support --model examples/data/sample.json --as-of any --summary";

/// The arguments of `svcrel impact`: the service, the model, the query
/// flags, `--json`, `--summary` and `--limit`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub summarised: Summarised<AnswerArgs>,

    /// List at most N affected services and N parties to notify (0: none,
    /// only how many there are); the totals are still said. Without it,
    /// every one
    #[arg(long, value_name = "N", value_parser = parse_whole_number, allow_negative_numbers = true)]
    limit: Option<u32>,
}

/// The words of the shared arguments that are the command's own.
pub fn help(arg: Arg) -> Arg {
    match arg.get_id().as_str() {
        ServiceArgs::SERVICE => arg.help("The id of the service that fails"),
        QueryArgs::MAX_CHAIN => {
            QueryArgs::max_chain_help(arg, "1 for customers to notify, no limit for dependencies")
        }
        SUMMARY => arg.help(
            "Counts instead of lists: the affected services per distance, and how many to notify",
        ),
        _ => arg,
    }
}

/// The library's question: what a failure of the service reaches, with
/// the date and cutoff the flags ask for, and in counts with `--summary`.
pub fn question(args: &Args) -> ImpactQuestion {
    let question = args.summarised.asked.question(Question::impact);
    let question = args.summarised.apply(question, ImpactQuestion::summary);
    match args.limit {
        Some(n) => question.limit(n),
        None => question,
    }
}

/// The answer for people: the services down (or how many at each
/// distance), the people hit by company and by paying customer, then whom
/// to notify (or how many).
pub fn for_people(model: &Model, query: &Query, answer: &ImpactAnswer) -> Result<String, Failure> {
    let named = |id: &str| table::name_of(model, id);
    let within = table::cutoffs(
        ("dependencies", query.consumer_max_chain()),
        ("customers", query.customer_max_chain()),
    );
    let mut out = String::new();
    let sentence = format!(
        "{}if {} fails, {within}:",
        table::opening(query.date()),
        named(&answer.service),
    );
    table::wrap(&mut out, "", "", &sentence);
    if let Some(services) = &answer.services {
        out.push('\n');
        let mut rows = Table::new(&[("SERVICE", Align::Left), ("DISTANCE", Align::Right)]);
        for s in services {
            rows.row(vec![s.service.clone(), s.distance.to_string()], None);
        }
        rows.render(&mut out);
        if services.len() < answer.services_total {
            out.push_str(&format!(
                "Showing {} of {} services; leave out --limit to list them all.\n",
                services.len(),
                answer.services_total
            ));
        }
    }
    summary::per_distance(
        &mut out,
        "Services down, by distance (0: the one that fails):",
        &answer.services_by_distance,
        "SERVICES",
    );
    out.push('\n');
    summary::people(
        &mut out,
        model,
        &answer.consumers_by_top,
        &answer.consumers_by_payer,
        answer.consumers_without_payer,
    );
    out.push('\n');
    let notify = match &answer.notify {
        _ if answer.notify_total == 0 => {
            "Notify: nobody (no customer of an affected service).".to_owned()
        }
        Some(notify) if notify.is_empty() => format!(
            "Notify: {} (leave out --limit to name each).",
            table::count(answer.notify_total, "party", "parties")
        ),
        Some(notify) => {
            let names: Vec<String> = notify.iter().map(|p| named(p)).collect();
            let more = answer.notify_total - notify.len();
            match more {
                0 => format!("Notify: {}.", names.join(", ")),
                _ => format!(
                    "Notify: {}, and {more} more (leave out --limit to name them all).",
                    names.join(", ")
                ),
            }
        }
        None => format!(
            "Notify: {} (without --summary, each is named).",
            table::count(answer.notify_total, "party", "parties")
        ),
    };
    table::wrap(&mut out, "", "", &notify);
    if let Some(contacts) = answer.contacts.as_ref().filter(|c| !c.is_empty()) {
        out.push('\n');
        table::wrap(&mut out, "", "", "Write to:");
        for c in contacts {
            let line = match c.role {
                ContactRole::NoContact => format!(
                    "{}: nobody to write to (no address, approver or head)",
                    table::name_of(model, &c.reaches)
                ),
                ContactRole::Party => table::contact(model, c),
                ContactRole::Approver => format!(
                    "{}, who approves what {} pays for",
                    table::contact(model, c),
                    table::name_of(model, &c.reaches)
                ),
                ContactRole::Head => format!(
                    "{}, a head of {}",
                    table::contact(model, c),
                    table::name_of(model, &c.reaches)
                ),
                _ => format!("{} for {}", table::contact(model, c), c.reaches),
            };
            table::wrap(&mut out, "  ", "    ", &line);
        }
    }
    Ok(out)
}
