//! `svcrel audit --model FILE`: what a service manager should fix, each
//! finding with its evidence.

use std::process::ExitCode;

use svcrel::{AsOf, AuditOptions, FindingKind};

use crate::input::{ModelArgs, parse_as_of, parse_whole_number};
use crate::report;

const ABOUT: &str = "Audit a model: what a service manager should fix, with evidence";

const LONG_ABOUT: &str = concat!(
    "\
Audit a model: what a service manager should fix, each finding naming the
entities involved and the link that shows it, with its dates.

  unfunded_service              a service no funding link holds for
  funding_without_approver      a funding link nobody approves
  approvers_gone                a funding link whose approvers have all
                                left the payer's company
  sponsor_without_organisation  an approver of a funding link who is a
                                member of no organisation
  consumers_without_payer       individuals using a service whom nobody
                                near pays for (as triage finds the payer),
                                per service and company, with a count and
                                a few examples
  ending_soon                   a funding, usage or oversight link that
                                ends within --within DAYS
  empty_organisation            an organisation with no members, no
                                sub-organisations and no links
  provider_without_members      an organisation providing a service with
                                no members, directly or below it

The counts per kind come first, then the findings, one per line, at most
--limit of each kind. Exit status 0 with findings or without; 1 when a
kind --fail-on names is found (for a nightly job), or the model could not
be read; 2 for a usage error.",
    as_of_help!()
);

const AFTER_HELP: &str = "\
JSON output (--json), one object:
  {\"as_of\": \"2026-12-04\", \"within_days\": 30,
   \"counts\": [{\"kind\": \"unfunded_service\", \"count\": 1}, …],
   \"findings\": [{\"kind\": \"funding_without_approver\", \"id\": \"S\",
     \"involved\": [{\"id\": \"P\", \"as\": \"payer\"}],
     \"link\": {\"link\": \"funding\", \"source\": \"P\", \"target\": \"S\",
              \"from\": null, \"until\": null}}, …]}
  consumers_without_payer findings carry \"count\", ending_soon \"days_left\".

Examples:
  svcrel audit --model examples/data/sample.json
  svcrel audit --model model.json --within 60 --fail-on unfunded_service --fail-on approvers_gone
  svcrel audit --model model.json --as-of 2027-01-01 --json";

/// The arguments of `svcrel audit`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
pub struct Args {
    #[command(flatten)]
    model: ModelArgs,

    /// Audit as of DATE: a date written YYYY-MM-DD, today (the local date,
    /// or SVCREL_TODAY=YYYY-MM-DD when set) or any (dates ignored: every
    /// link holds, and nothing ends soon)
    #[arg(
        long,
        value_name = "DATE",
        value_parser = parse_as_of,
        default_value = "today",
        allow_hyphen_values = true
    )]
    as_of: AsOf,

    /// Report links that end at most DAYS days after the date
    #[arg(long, value_name = "DAYS", value_parser = parse_whole_number, allow_negative_numbers = true, default_value_t = AuditOptions::DEFAULT_WITHIN_DAYS)]
    within: u32,

    /// List at most N findings of each kind (the counts are still given
    /// in full)
    #[arg(long, value_name = "N", value_parser = parse_whole_number, allow_negative_numbers = true, default_value_t = 20)]
    limit: u32,

    /// Exit with status 1 when a finding of KIND is found (repeat for
    /// several kinds)
    #[arg(long, value_name = "KIND")]
    fail_on: Vec<FindingKind>,

    /// Print one JSON object on stdout instead of text
    #[arg(long)]
    json: bool,
}

/// Audits the model: its findings on stdout, then status 0, or 1 when a
/// kind `--fail-on` names was found.
pub fn run(args: &Args) -> ExitCode {
    let date = match args.as_of.resolve() {
        Ok(date) => date,
        Err(err) => return report::failure(&err),
    };
    let model = match args.model.load() {
        Ok(model) => model,
        Err(err) => return report::failure(&err),
    };
    let audit = model.audit(&AuditOptions::new().as_of(date).within_days(args.within));
    let written = if args.json {
        report::json(&audit)
    } else {
        report::text(&audit.text(args.limit as usize))
    };
    if written != ExitCode::SUCCESS {
        return written;
    }
    let failed: Vec<&str> = args
        .fail_on
        .iter()
        .filter(|&&kind| audit.count(kind) > 0)
        .map(|kind| kind.name())
        .collect();
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!("audit failed: found {}", failed.join(", "));
        report::model_failure()
    }
}
