//! `svcrel diff OLD NEW` and `svcrel diff --model FILE --at D1 --at D2`:
//! what changed between two documents, or in one between two dates; and
//! the batch of edits that turns OLD into NEW (`--edits`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use svcrel::{
    AsOf, ChangeOptions, Date, Diff, EntityChange, EntityRecord, Link, Model, RelationshipChanges,
    ServicePresence, printable,
};

use crate::input::{parse_as_of, parse_whole_number};
use crate::progress;
use crate::report;
use crate::table::{self, Align, Table};

pub const ABOUT: &str = "What changed between two model documents, or in one between two dates";

pub const LONG_ABOUT: &str = "\
What changed between two model documents, or in one between two dates.

svcrel diff OLD NEW compares two documents: the entities added, removed
and changed (with the fields that changed: name, parent, provider, emails,
phones, external_ids, email_domains) and the links added and removed. Links
are compared as written, every field alike: a link whose dates changed is
one removed and one added.

svcrel diff --model FILE --at D1 --at D2 compares one document with itself
on two dates: the links that held on D1 and no longer on D2 ended, those
that hold on D2 and did not on D1 began.

Then what those changes did to every service's relationships: who became or
stopped being a customer (with its scope), a consumer, a sponsor or a
client, which customers' scope flipped between internal and external, and
which individual consumers have another paying customer (or none). Two
documents are both read as of --as-of (today by default); with --at, the
two dates. The customer chain stops at 1 step and the consumer chain has no
limit, unless --max-chain K sets both.

The counts come first, then each list, at most --limit items of each
(\"… and N more\"). --json prints the whole diff as one JSON object.
--edits prints, instead, the batch of edits that turns OLD into NEW: the
JSON body POST /v1/edits of svcrel serve takes, so that a nightly import
is applied to a running service without a restart.";

pub const AFTER_HELP: &str = "\
JSON output (--json), one object:
  {\"counts\": {\"entities_added\": 1, \"entities_removed\": 0, \"entities_changed\": 1,
              \"links_added\": 2, \"links_removed\": 1},
   \"dates\": null,
   \"entities\": {\"added\": [{\"id\": \"jpl\", \"kind\": \"organisation\", \"new\": {\"organisation\": {…}}}],
                \"removed\": [], \"changed\": [{\"id\": \"dana\", \"kind\": \"individual\",
                \"fields\": [\"name\"], \"old\": {…}, \"new\": {…}}]},
   \"links\": {\"removed\": [{\"usage\": {…}}], \"added\": [{\"membership\": {…}}, …]},
   \"relationships\": {\"services_changed\": 1, \"totals\": {\"became\": 1, …},
     \"services\": [{\"service\": \"acme-email\", \"presence\": \"both\", \"counts\": {…},
       \"became\": [{\"party\": \"mary\", \"role\": \"client\"}], \"stopped\": [],
       \"scope_changed\": [], \"payer_changed\": [{\"party\": \"mary\", \"old\": null,
       \"new\": \"acme-finance\"}]}]}}
  With --at, \"dates\" is {\"old\": D1, \"new\": D2}: links.removed ended, links.added began.

Exit status:
  0  compared (whether or not anything changed)
  1  a document could not be read or is invalid (the file named, then every problem)
  2  a usage error

Examples:
  svcrel diff yesterday.json today.json
  svcrel diff yesterday.json today.json --json
  svcrel diff --edits yesterday.json today.json | curl -H 'authorization: Bearer …' --data-binary @- http://127.0.0.1:8470/v1/edits
  svcrel diff --model examples/data/sample.json --at 2012-01-01 --at 2028-01-01";

/// The arguments of `svcrel diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The old and the new document (JSON, format version 1)
    #[arg(value_name = "FILE", num_args = 0..=2)]
    files: Vec<PathBuf>,

    /// The one document to compare on two dates (with --at twice)
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,

    /// A date, YYYY-MM-DD: give it twice, the earlier first, with --model
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    at: Vec<Date>,

    /// Read both documents as of DATE for the relationships: YYYY-MM-DD,
    /// today (the local date, or SVCREL_TODAY=YYYY-MM-DD when set) or any
    /// (dates ignored)
    #[arg(
        long,
        value_name = "DATE",
        value_parser = parse_as_of,
        default_value = "today",
        allow_hyphen_values = true,
        conflicts_with_all = ["model", "at"]
    )]
    as_of: AsOf,

    /// How many steps along a chain to follow for the relationships: a
    /// whole number [default: 1 for customers, no limit for consumers]
    #[arg(long, value_name = "K", value_parser = parse_whole_number, allow_negative_numbers = true)]
    max_chain: Option<u32>,

    /// List at most N items of each list (the counts are still given in
    /// full)
    #[arg(long, value_name = "N", value_parser = parse_whole_number, allow_negative_numbers = true, default_value_t = 20)]
    limit: u32,

    /// Print the diff as one JSON object on stdout instead of text
    #[arg(long, conflicts_with = "edits")]
    json: bool,

    /// Print the batch of edits that turns OLD into NEW, as the JSON array
    /// POST /v1/edits takes
    #[arg(long, conflicts_with_all = ["model", "at"])]
    edits: bool,
}

fn parse_day(text: &str) -> Result<Date, String> {
    svcrel::parse_date(text).map_err(|e| e.to_string())
}

/// Models this large (entities in both together) show a spinner while
/// their relationships are compared: seconds at a million people.
const LARGE_MODEL: usize = 200_000;

/// Compares, and prints the diff (or its edits).
pub fn run(args: &Args) -> ExitCode {
    let date = match args.as_of.resolve() {
        Ok(date) => date,
        Err(err) => {
            report::failure(&err);
            return report::usage_failure();
        }
    };
    let (old, new, diff) = match (&args.model, args.files.as_slice(), args.at.as_slice()) {
        (None, [old, new], []) => {
            let Some(old) = load(old) else {
                return report::model_failure();
            };
            let Some(new) = load(new) else {
                return report::model_failure();
            };
            let diff = Diff::between(&old, &new);
            (old, Some(new), diff)
        }
        (Some(file), [], &[d1, d2]) => {
            let Some(model) = load(file) else {
                return report::model_failure();
            };
            let diff = Diff::between_dates(&model, d1, d2);
            (model, None, diff)
        }
        _ => {
            eprintln!(
                "error: give two documents (svcrel diff OLD NEW), or one and two dates \
                 (svcrel diff --model FILE --at D1 --at D2)"
            );
            return report::usage_failure();
        }
    };
    if args.edits {
        return report::json(&diff.edits());
    }
    let new = new.as_ref().unwrap_or(&old);
    let options = ChangeOptions::new().as_of(date);
    let options = match args.max_chain {
        Some(k) => options.max_chain(k),
        None => options,
    };
    let diff = {
        let large = old.counts().entities() + new.counts().entities() >= LARGE_MODEL;
        let _spinner =
            large.then(|| progress::Spinner::start("comparing relationships".to_owned()));
        diff.with_relationships(&old, new, &options)
    };
    if args.json {
        report::json(&diff)
    } else {
        report::text(&for_people(&diff, new, &options, args.limit as usize))
    }
}

/// Reads and checks a document; on failure, names the file and prints
/// every problem on stderr.
fn load(path: &Path) -> Option<Model> {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let _spinner = (size >= progress::LARGE).then(|| {
        progress::Spinner::start(format!(
            "loading {} ({} MB)",
            printable(&path.display().to_string()),
            size >> 20
        ))
    });
    let read = if path.as_os_str() == "-" {
        Model::from_json_reader(std::io::stdin().lock())
    } else {
        Model::from_json_file(path)
    };
    match read {
        Ok(model) => Some(model),
        Err(err) => {
            eprintln!(
                "{}: not a valid model document",
                printable(&path.display().to_string())
            );
            report::failure(&err);
            None
        }
    }
}

/// The diff in words: the counts, then each list, then the
/// relationships. Names are the new model's.
fn for_people(diff: &Diff, model: &Model, options: &ChangeOptions, limit: usize) -> String {
    let mut out = String::new();
    let c = &diff.counts;
    let lists: [(&str, &[Link]); 2] = match diff.dates {
        Some(dates) => {
            let first = format!(
                "From {} to {}: {} ended, {} began.",
                dates.old,
                dates.new,
                table::count(c.links_removed, "link", "links"),
                c.links_added
            );
            table::wrap(&mut out, "", "", &first);
            relationships_summary(&mut out, diff, options);
            [
                ("Ended (held on the first date only)", &diff.links.removed),
                ("Began (hold on the second date only)", &diff.links.added),
            ]
        }
        None => {
            let first = format!(
                "{} added, {} removed, {} changed; {} added, {} removed.",
                table::count(c.entities_added, "entity", "entities"),
                c.entities_removed,
                c.entities_changed,
                table::count(c.links_added, "link", "links"),
                c.links_removed
            );
            table::wrap(&mut out, "", "", &first);
            relationships_summary(&mut out, diff, options);
            for (title, changes) in [
                ("Entities added", &diff.entities.added),
                ("Entities removed", &diff.entities.removed),
                ("Entities changed", &diff.entities.changed),
            ] {
                entity_list(&mut out, title, changes, limit);
            }
            [
                ("Links removed", &diff.links.removed),
                ("Links added", &diff.links.added),
            ]
        }
    };
    for (title, links) in lists {
        link_list(&mut out, title, links, limit);
    }
    if let Some(changes) = &diff.relationships {
        relationships(&mut out, model, changes, limit);
    }
    out
}

/// The relationship counts, the line after the diff's own.
fn relationships_summary(out: &mut String, diff: &Diff, options: &ChangeOptions) {
    let Some(changes) = &diff.relationships else {
        return;
    };
    let query = options.new_query();
    let when = match diff.dates {
        Some(_) => String::new(),
        None => match query.date() {
            Some(date) => format!(" as of {date}"),
            None => " ignoring dates".to_owned(),
        },
    };
    let within = table::cutoffs(
        ("customers", query.customer_max_chain()),
        ("consumers", query.consumer_max_chain()),
    );
    let t = &changes.totals;
    let sentence = if changes.is_empty() {
        format!("Relationships{when}, {within}: none changed.")
    } else {
        format!(
            "Relationships{when}, {within}: {} changed; {} became, {} stopped, \
             {} changed scope, {} changed payer.",
            table::count(changes.services_changed, "service", "services"),
            t.became,
            t.stopped,
            t.scope_changed,
            t.payer_changed
        )
    };
    table::wrap(out, "", "", &sentence);
}

/// Per service whose relationships changed (at most `limit` services),
/// who became or stopped being what, whose scope and whose payer changed
/// (at most `limit` of each).
fn relationships(out: &mut String, model: &Model, changes: &RelationshipChanges, limit: usize) {
    for service in changes.services.iter().take(limit) {
        out.push('\n');
        let presence = match service.presence {
            ServicePresence::OnlyOld => " (in the old document only)",
            ServicePresence::OnlyNew => " (in the new document only)",
            _ => "",
        };
        let c = &service.counts;
        let head = format!(
            "{}{presence}: {} became, {} stopped, {} changed scope, {} changed payer.",
            table::name_of(model, &service.service),
            c.became,
            c.stopped,
            c.scope_changed,
            c.payer_changed
        );
        table::wrap(out, "", "", &head);
        let mut rows = Table::new(&[
            ("CHANGE", Align::Left),
            ("PARTY", Align::Left),
            ("ROLE", Align::Left),
        ]);
        let mut left_out = 0;
        let mut add =
            |rows: &mut Table, total: usize, cells: &mut dyn Iterator<Item = Vec<String>>| {
                for row in cells.take(limit) {
                    rows.row(row, None);
                }
                left_out += total.saturating_sub(limit);
            };
        let party = |id: &str| table::name_of(model, id);
        add(
            &mut rows,
            service.became.len(),
            &mut service
                .became
                .iter()
                .map(|r| vec!["became".to_owned(), party(&r.party), r.role.to_string()]),
        );
        add(
            &mut rows,
            service.stopped.len(),
            &mut service
                .stopped
                .iter()
                .map(|r| vec!["stopped".to_owned(), party(&r.party), r.role.to_string()]),
        );
        add(
            &mut rows,
            service.scope_changed.len(),
            &mut service.scope_changed.iter().map(|r| {
                vec![
                    "scope".to_owned(),
                    party(&r.party),
                    format!("customer, {} → {}", r.old, r.new),
                ]
            }),
        );
        let payer = |p: &Option<String>| p.as_deref().map_or_else(|| "nobody".to_owned(), party);
        add(
            &mut rows,
            service.payer_changed.len(),
            &mut service.payer_changed.iter().map(|r| {
                vec![
                    "payer".to_owned(),
                    party(&r.party),
                    format!("paid for by {} → {}", payer(&r.old), payer(&r.new)),
                ]
            }),
        );
        rows.render(out);
        if left_out > 0 {
            table::wrap(out, "", "", &format!("… and {left_out} more"));
        }
    }
    let more = changes.services.len().saturating_sub(limit);
    if more > 0 {
        out.push('\n');
        table::wrap(
            out,
            "",
            "",
            &format!(
                "… and {} more; --json lists them all",
                table::count(more, "service", "services")
            ),
        );
    }
}

fn entity_list(out: &mut String, title: &str, changes: &[EntityChange], limit: usize) {
    if changes.is_empty() {
        return;
    }
    out.push('\n');
    table::wrap(out, "", "", &format!("{title}:"));
    let with_fields = changes.iter().any(|c| !c.fields.is_empty());
    let mut columns = vec![("ENTITY", Align::Left), ("KIND", Align::Left)];
    if with_fields {
        columns.push(("FIELDS", Align::Left));
    }
    let mut rows = Table::new(&columns);
    for change in changes.iter().take(limit) {
        let record = change.new.as_ref().or(change.old.as_ref());
        let mut cells = vec![named(&change.id, record), change.kind.to_string()];
        if with_fields {
            cells.push(change.fields.join(", "));
        }
        rows.row(cells, None);
    }
    finish(out, &rows, changes.len(), limit);
}

fn link_list(out: &mut String, title: &str, links: &[Link], limit: usize) {
    if links.is_empty() {
        return;
    }
    out.push('\n');
    table::wrap(out, "", "", &format!("{title}:"));
    let mut rows = Table::new(&[
        ("LINK", Align::Left),
        ("FROM", Align::Left),
        ("TO", Align::Left),
        ("DATES", Align::Left),
    ]);
    for link in links.iter().take(limit) {
        let (kind, from, to, detail) = describe(link);
        rows.row(vec![kind.to_owned(), from, to, detail], None);
    }
    finish(out, &rows, links.len(), limit);
}

/// The rows shown, and how many more there are.
fn finish(out: &mut String, rows: &Table, total: usize, limit: usize) {
    if limit > 0 {
        rows.render(out);
    }
    if total > limit {
        table::wrap(out, "", "", &format!("… and {} more", total - limit));
    }
}

/// An entity for people, as `table::named` writes one: `Name (id)`, or
/// its id alone. Escaped by what writes it.
fn named(id: &str, record: Option<&EntityRecord>) -> String {
    match record.and_then(EntityRecord::name) {
        Some(name) if name != id => format!("{name} ({id})"),
        _ => id.to_owned(),
    }
}

/// A link's kind, ends and dates (and title, payment) for people.
fn describe(link: &Link) -> (&'static str, String, String, String) {
    let dates = |from: Option<Date>, until: Option<Date>| match (from, until) {
        (None, None) => "always".to_owned(),
        (Some(f), None) => format!("from {f}"),
        (None, Some(u)) => format!("until {u}"),
        (Some(f), Some(u)) => format!("{f} to {u}"),
    };
    match link {
        Link::Membership(l) => {
            let mut d = dates(l.from, l.until);
            if let Some(title) = &l.title {
                d = format!("{d}; {title}");
            }
            (
                "membership",
                l.individual.to_string(),
                l.organisation.to_string(),
                d,
            )
        }
        Link::Reporting(l) => (
            "reporting",
            l.individual.to_string(),
            l.manager.to_string(),
            dates(l.from, l.until),
        ),
        Link::Funding(l) => {
            let mut d = format!("{}; {}", dates(l.from, l.until), l.payment);
            if !l.approved_by.is_empty() {
                let approvers: Vec<&str> = l.approved_by.iter().map(|a| a.as_str()).collect();
                d = format!("{d}; approved by {}", approvers.join(", "));
            }
            ("funding", l.payer.to_string(), l.service.to_string(), d)
        }
        Link::Usage(l) => (
            "usage",
            l.user.to_string(),
            l.service.to_string(),
            dates(l.from, l.until),
        ),
        Link::Dependency(l) => (
            "dependency",
            l.service.to_string(),
            l.depends_on.to_string(),
            dates(l.from, l.until),
        ),
        Link::Oversight(l) => (
            "oversight",
            l.overseer.to_string(),
            l.organisation.to_string(),
            dates(l.from, l.until),
        ),
        Link::Partnership(l) => (
            "partnership",
            l.parties[0].to_string(),
            l.parties[1].to_string(),
            dates(l.from, l.until),
        ),
    }
}
