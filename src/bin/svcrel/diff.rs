//! `svcrel diff OLD NEW` and `svcrel diff --model FILE --at D1 --at D2`:
//! what changed between two documents, or in one between two dates; and
//! the batch of edits that turns OLD into NEW (`--edits`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use svcrel::{Date, Diff, EntityChange, EntityRecord, Link, Model, printable};

use crate::input::parse_whole_number;
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
   \"links\": {\"removed\": [{\"usage\": {…}}], \"added\": [{\"membership\": {…}}, …]}}
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

/// Compares, and prints the diff (or its edits).
pub fn run(args: &Args) -> ExitCode {
    let diff = match (&args.model, args.files.as_slice(), args.at.as_slice()) {
        (None, [old, new], []) => {
            let Some(old) = load(old) else {
                return report::model_failure();
            };
            let Some(new) = load(new) else {
                return report::model_failure();
            };
            Diff::between(&old, &new)
        }
        (Some(file), [], &[d1, d2]) => {
            let Some(model) = load(file) else {
                return report::model_failure();
            };
            Diff::between_dates(&model, d1, d2)
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
        report::json(&diff.edits())
    } else if args.json {
        report::json(&diff)
    } else {
        report::text(&for_people(&diff, args.limit as usize))
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

/// The diff in words: the counts, then each list.
fn for_people(diff: &Diff, limit: usize) -> String {
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
    out
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
