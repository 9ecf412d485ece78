//! `svcrel impact SERVICE`: who is hit, and whom to tell, when a service
//! fails.

use std::process::ExitCode;

use svcrel::{Impact, Model, Question};

use crate::input::{AnswerArgs, Answered, QueryArgs, ServiceArgs, help_of};
use crate::report;
use crate::table::{self, Align, Table};

const ABOUT: &str = "Say who is hit, and whom to tell, when a service fails";

const LONG_ABOUT: &str = "\
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
dependencies have no limit; --max-chain K sets both to K.";

const AFTER_HELP: &str = "\
JSON output (--json), one object:
  {\"service\": \"S\", \"services\": [{\"service\": \"S\", \"distance\": 0},
   {\"service\": \"T\", \"distance\": 1}], \"consumers_by_top\": {\"O\": 5},
   \"consumers_by_payer\": {\"P\": 4}, \"consumers_without_payer\": 1,
   \"notify\": [\"I\", \"P\"]}
  Every answer also carries names beside ids, as_of (the date, or \"any\"),
  max_chain (the cutoffs), the model's version and, for lists, the total.

Examples:
  svcrel impact sso --model examples/data/sample.json
  svcrel impact desktop-support --model examples/data/sample.json --max-chain 0 --json";

/// The arguments of `svcrel impact`.
#[derive(Debug, clap::Args)]
#[command(
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    mut_arg(QueryArgs::MAX_CHAIN, |arg| QueryArgs::max_chain_help(
        arg,
        "1 for customers to notify, no limit for dependencies"
    )),
    mut_args(help_of(ServiceArgs::SERVICE, "The id of the service that fails"))
)]
pub struct Args {
    #[command(flatten)]
    question: AnswerArgs,
}

/// Answers the question: tables or a JSON object on stdout (status 0),
/// or what went wrong on stderr.
pub fn run(args: &Args) -> ExitCode {
    args.question.answer(
        |service, flags| {
            let question = Question::impact(service).as_of(flags.asked_as_of());
            match flags.asked_max_chain() {
                Some(k) => question.max_chain(k).into(),
                None => question.into(),
            }
        },
        Model::impact,
        |answered| report::text(&for_people(answered)),
    )
}

/// The answer for people: the services down, the people hit by company
/// and by paying customer, then whom to notify.
fn for_people(answered: &Answered<'_, Impact>) -> String {
    let Answered {
        model,
        query,
        service,
        answer: impact,
        ..
    } = *answered;
    let named = |id: &str| model.entity(id).map_or_else(|| id.to_owned(), table::named);
    let within = table::cutoffs(
        ("dependencies", query.consumer_max_chain()),
        ("customers", query.customer_max_chain()),
    );
    let mut out = String::new();
    let sentence = format!(
        "If {} fails, {within}, {}:",
        table::named(service),
        table::on(query.date())
    );
    table::wrap(&mut out, "", "", &sentence);
    out.push('\n');

    let mut services = Table::new(&[("SERVICE", Align::Left), ("DISTANCE", Align::Right)]);
    for (s, distance) in impact.services() {
        services.row(vec![s.to_string(), distance.to_string()], None);
    }
    services.render(&mut out);
    out.push('\n');

    let people: usize =
        impact.consumers_by_payer().values().sum::<usize>() + impact.consumers_without_payer();
    if people == 0 {
        table::wrap(&mut out, "", "", "No individual among the consumers.");
    } else {
        let sentence = format!(
            "{} among the consumers, by company:",
            table::count(people, "individual", "individuals")
        );
        table::wrap(&mut out, "", "", &sentence);
        out.push('\n');
        let mut tops = Table::new(&[
            ("PEOPLE", Align::Right),
            ("TOP-LEVEL ORGANISATION", Align::Left),
        ]);
        for (top, n) in impact.consumers_by_top() {
            tops.row(vec![n.to_string(), named(top.as_str())], None);
        }
        tops.render(&mut out);
        out.push('\n');
        table::wrap(&mut out, "", "", "By paying customer:");
        out.push('\n');
        let mut payers = Table::new(&[("PEOPLE", Align::Right), ("PAYER", Align::Left)]);
        for (payer, n) in impact.consumers_by_payer() {
            payers.row(vec![n.to_string(), named(payer.as_str())], None);
        }
        if impact.consumers_without_payer() > 0 {
            payers.row(
                vec![
                    impact.consumers_without_payer().to_string(),
                    "(nobody near pays)".to_owned(),
                ],
                None,
            );
        }
        payers.render(&mut out);
    }
    out.push('\n');
    let notify = if impact.notify().is_empty() {
        "Notify: nobody (no customer of an affected service).".to_owned()
    } else {
        let names: Vec<String> = impact.notify().iter().map(|p| named(p.as_str())).collect();
        format!("Notify: {}.", names.join(", "))
    };
    table::wrap(&mut out, "", "", &notify);
    out
}
