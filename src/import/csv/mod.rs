//! The CSV importer: an HR export, one file per kind of record.
//!
//! Files are known by name (directories aside): `people.csv` (`id`,
//! `name`, `email`, `phone`, `organisation`, `title`, `manager`, `from`,
//! `until`) and `organisations.csv` (`id`, `name`, `email`, `phone`,
//! `parent`) are needed;
//! `services.csv`
//! (`id`, `name`, `provider`), `funding.csv` (`payer`, `service`,
//! `payment`, `approved_by`, `from`, `until`) and `usage.csv` (`user`,
//! `service`, `from`, `until`) are optional. The first row names the
//! columns, in any order; a column may be left out unless it is needed
//! (`id`; `provider`; `payer`, `service` and `payment`; `user` and
//! `service`), and a column of another name is an error. Cells are
//! trimmed, and an empty cell is absent. Cells are separated by `,`, or
//! by `;` or a tab when the first row holds more of those than commas (a
//! spreadsheet in a locale with decimal commas saves `;`): each file as
//! its own first row says.
//!
//! A row of `people.csv` is a person in a position: the person (by `id`,
//! with `name`), their membership of `organisation` with `title`, and
//! their reporting line to `manager`, both dated by `from` and `until`.
//! One person may have several rows (a career); their names must agree.
//! `approved_by` lists people separated by `;`; a person named twice in
//! it approves once.
//!
//! `email` holds the party's addresses, separated by `;` or white space
//! (so an address with a space or a `;` in a quoted local part cannot be
//! given), the primary first; an address given twice is kept once. One
//! that is not an email address (RFC 5321/5322 syntax, the document's
//! rule) is a problem naming the file and the row's line, and the import
//! fails, as with any other bad value. A person's rows that give
//! addresses must give the same ones; a row that leaves `email` empty
//! takes the person's. Two parties giving one address is a problem of the
//! document, reported at the row of the second.
//!
//! `phone` holds the party's phone numbers, separated by `;` (a number
//! holds spaces: `+33 1 23 45 67 89; 555 0100`), the primary first; a
//! number given twice is kept once. One that breaks the document's rule
//! (at most 64 characters, an ASCII digit, no control or format
//! character) is a problem naming the file and the row's line. A
//! person's rows that give numbers must give the same ones; a row that
//! leaves `phone` empty takes the person's.
//!
//! The ids of an HR export are the export's own keys and become the
//! document's ids as they are, so parties get no external ids.
//!
//! Skipped: empty rows, and a row that repeats an earlier row of its file
//! (or of another file of the same name) exactly, cell for cell.

use std::collections::HashMap;

use ::csv::{ReaderBuilder, StringRecord, Trim};

mod map;

use map::{Mapper, Site, same_row};

use super::session::{Needs, Origin, Seen, Session, Sighting, read_email};
use crate::document::{Individual, Organisation, Service};
use crate::error::Error;
use crate::ids::EntityKind;
use crate::import::CsvTable;

/// One row: where it is, and its non-empty cells by column.
#[derive(Debug)]
struct Row {
    at: Origin,
    cells: HashMap<&'static str, String>,
}

impl Row {
    fn get(&self, column: &str) -> Option<&str> {
        self.cells.get(column).map(String::as_str)
    }

    /// The cells in column order, to compare two rows.
    fn values(&self, role: CsvTable) -> Vec<Option<String>> {
        role.columns()
            .iter()
            .map(|c| self.cells.get(c).cloned())
            .collect()
    }
}

pub(super) fn import(s: &mut Session<'_>) -> Result<(), Error> {
    let mut rows: HashMap<CsvTable, Vec<Row>> = HashMap::new();
    let mut given: Vec<CsvTable> = Vec::new();
    let mut mapped = vec![false; s.options.csv.columns.len()];
    for file in 0..s.inputs.len() {
        let name = s.inputs[file].file_name();
        let named = s.options.csv.table_of(&s.inputs[file].path);
        let Some(role) =
            named.or_else(|| CsvTable::ALL.into_iter().find(|r| r.file_name() == name))
        else {
            s.problem(
                Origin { file, line: 1 },
                None,
                format!(
                    "{:?} is not a file the CSV import reads: name it people.csv, \
                     organisations.csv, services.csv, funding.csv or usage.csv, or say \
                     which it is (--people FILE, --organisations FILE, …)",
                    crate::text::printable(&name)
                ),
            );
            continue;
        };
        given.push(role);
        let read = read_rows(s, file, role, &mut mapped);
        rows.entry(role).or_default().extend(read);
    }
    let columns = &s.options.csv.columns;
    for (mapping, _) in columns.iter().zip(mapped).filter(|(_, used)| !used) {
        let files = match mapping.table() {
            Some(table) => format!("{table} file"),
            None => "file with the column".to_owned(),
        };
        s.general_problem(format!(
            "the column mapping {mapping}: no {files} has the header {:?}",
            crate::text::printable(mapping.header())
        ));
    }
    let missing: Vec<&str> = [CsvTable::People, CsvTable::Organisations]
        .into_iter()
        .filter(|r| !given.contains(r))
        .map(CsvTable::file_name)
        .collect();
    if !missing.is_empty() {
        s.general_problem(format!(
            "the CSV import needs people.csv and organisations.csv; {} not given",
            missing.join(" and ")
        ));
    }
    s.check()?;

    let mut mapper = Mapper::new(given);
    let take =
        |rows: &mut HashMap<CsvTable, Vec<Row>>, role| rows.remove(&role).unwrap_or_default();
    let organisations = mapper.entities_of(
        s,
        CsvTable::Organisations,
        take(&mut rows, CsvTable::Organisations),
    );
    let people = distinct(
        s,
        CsvTable::People,
        take(&mut rows, CsvTable::People),
        |row| format!("person {:?}", row.get("id").unwrap_or_default()),
    );
    let people = mapper.people(s, people);
    let services = mapper.entities_of(s, CsvTable::Services, take(&mut rows, CsvTable::Services));

    for row in &organisations {
        let id = row.get("id").unwrap_or_default();
        let record = format!("organisation {id:?}");
        let site = Site {
            at: row.at,
            record: &record,
            needs: Needs::Reference,
        };
        let parent = row
            .get("parent")
            .and_then(|p| mapper.reference(s, &site, "parent", p, &[EntityKind::Organisation]));
        let emails = emails(s, row, id);
        let phones = phones(s, row, id);
        s.push(
            Organisation {
                name: row.get("name").map(str::to_owned),
                parent: parent.map(Into::into),
                emails,
                phones,
                ..Organisation::new(id)
            },
            row.at,
        );
    }
    for person in people.individuals {
        s.push(
            Individual {
                name: person.name,
                emails: person.emails,
                phones: person.phones,
                ..Individual::new(person.id)
            },
            person.at,
        );
    }
    for row in &services {
        let id = row.get("id").unwrap_or_default();
        let record = format!("service {id:?}");
        let site = Site {
            at: row.at,
            record: &record,
            needs: Needs::Record,
        };
        let provider = mapper.reference(
            s,
            &site,
            "provider",
            row.get("provider").unwrap_or_default(),
            &[EntityKind::Organisation, EntityKind::Individual],
        );
        if let Some(provider) = provider {
            s.push(
                Service {
                    id: id.into(),
                    name: row.get("name").map(str::to_owned),
                    provider: provider.into(),
                },
                row.at,
            );
        }
    }
    for row in &people.positions {
        mapper.position(s, row);
    }
    let funding = distinct(
        s,
        CsvTable::Funding,
        take(&mut rows, CsvTable::Funding),
        |row| link_record(row, "funding", "payer"),
    );
    for row in &funding {
        mapper.funding(s, row);
    }
    let usage = distinct(
        s,
        CsvTable::Usage,
        take(&mut rows, CsvTable::Usage),
        |row| link_record(row, "usage", "user"),
    );
    for row in &usage {
        mapper.usage(s, row);
    }
    Ok(())
}

/// The rows that do not repeat an earlier row exactly; each repeat is
/// skipped, named as `record` says.
fn distinct(
    s: &mut Session<'_>,
    role: CsvTable,
    rows: Vec<Row>,
    record: impl Fn(&Row) -> String,
) -> Vec<Row> {
    let mut seen = Seen::new();
    rows.into_iter()
        .filter(|row| {
            let key = format!("{:?}", row.values(role));
            match seen.note(&key, (), row.at) {
                Sighting::Again(first) => {
                    let reason = same_row(s, row.at, first);
                    s.skip(row.at, record(row), reason);
                    false
                }
                Sighting::New | Sighting::Differs(_) => true,
            }
        })
        .collect()
}

/// The addresses of a row's `email` cell, for the party `id`: separated
/// by `;` or white space, each once (compared without regard to case),
/// in the order given; each that is not an email address is a problem.
fn emails(s: &mut Session<'_>, row: &Row, id: &str) -> Vec<String> {
    let mut emails: Vec<String> = Vec::new();
    for text in email_cell(row) {
        if let Some(email) = read_email(s, row.at, id, "email", text) {
            if !emails
                .iter()
                .any(|e| e.to_lowercase() == email.to_lowercase())
            {
                emails.push(email);
            }
        }
    }
    emails
}

/// The phone numbers of a row's `phone` cell, for the party `id`:
/// separated by `;`, each once, in the order given; each that breaks the
/// document's rule is a problem.
fn phones(s: &mut Session<'_>, row: &Row, id: &str) -> Vec<String> {
    let mut phones: Vec<String> = Vec::new();
    let cell = row.get("phone").unwrap_or_default();
    for text in cell.split(';').filter(|p| !p.trim().is_empty()) {
        match crate::rules::read_phone("phone", text) {
            Ok(phone) if !phones.contains(&phone) => phones.push(phone),
            Ok(_) => {}
            Err(message) => s.problem(row.at, Some(id), message),
        }
    }
    phones
}

/// The addresses of a row's `email` cell, as written.
fn email_cell(row: &Row) -> impl Iterator<Item = &str> {
    row.get("email")
        .unwrap_or_default()
        .split(|c: char| c == ';' || c.is_whitespace())
        .filter(|e| !e.is_empty())
}

/// A row of `funding.csv` or `usage.csv` as a record:
/// `funding of "desktop-support" by "education"`.
fn link_record(row: &Row, what: &str, party: &str) -> String {
    format!(
        "{what} of {:?} by {:?}",
        row.get("service").unwrap_or_default(),
        row.get(party).unwrap_or_default()
    )
}

/// The separator a file's header line uses: of `,`, `;` and a tab, the
/// one it holds most often (a spreadsheet in a locale that writes decimal
/// commas saves `;`), `,` on a tie or when it holds none.
fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    let count = |c: u8| header.bytes().filter(|&b| b == c).count();
    let (commas, semicolons, tabs) = (count(b','), count(b';'), count(b'\t'));
    if semicolons > commas && semicolons >= tabs {
        b';'
    } else if tabs > commas && tabs > semicolons {
        b'\t'
    } else {
        b','
    }
}

/// Reads one file's rows, checking its columns; problems go to the
/// session.
/// `mapped` notes each column mapping of the options that a header of
/// the file matched.
fn read_rows(s: &mut Session<'_>, file: usize, role: CsvTable, mapped: &mut [bool]) -> Vec<Row> {
    let inputs = s.inputs;
    let input = &inputs[file];
    // The reader counts lines by LF alone, so a row's line is found from
    // its first byte, counting CR-only and CRLF line ends too. The reader
    // may place a row at the line ends before it (the LF of a CRLF, blank
    // lines); the row starts after them.
    let bytes = input.text.as_bytes();
    let at = |position: Option<&::csv::Position>| {
        let line = position.map_or(1, |p| {
            let mut start = usize::try_from(p.byte()).unwrap_or(usize::MAX);
            while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
            input.line_of(start)
        });
        Origin { file, line }
    };
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .delimiter(separator(&input.text))
        .trim(Trim::All)
        .flexible(false)
        .from_reader(input.text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => {
            s.problem(at(e.position()), None, csv_message(&e));
            return Vec::new();
        }
        None => StringRecord::new(),
    };
    let header_at = at(header.position());
    // Each header's column, `None` for one left out.
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    let mut bad_header = false;
    let options = &s.options.csv;
    for name in header.iter() {
        if options.ignored.iter().any(|h| h == name) {
            columns.push(None);
            continue;
        }
        let by_mapping = options
            .columns
            .iter()
            .position(|m| m.header() == name && m.applies_to(role));
        let column = match by_mapping {
            Some(i) => {
                mapped[i] = true;
                Some(options.columns[i].column())
            }
            None => role.columns().iter().copied().find(|c| *c == name),
        };
        match column {
            Some(c) if columns.contains(&Some(c)) => {
                let shown = crate::text::printable(name);
                let message = if shown == c {
                    format!("the column {c:?} is named twice")
                } else {
                    format!("the column {c:?} is named twice (once as {shown:?})")
                };
                s.problem(header_at, None, message);
                bad_header = true;
            }
            Some(c) => columns.push(Some(c)),
            None => {
                s.problem(
                    header_at,
                    None,
                    format!(
                        "{:?} is not a column of {}: its columns are {}; read a header \
                         as one of them with --column COLUMN=HEADER, or leave it out with \
                         --ignore-column HEADER",
                        crate::text::printable(name),
                        role.file_name(),
                        role.columns().join(", ")
                    ),
                );
                bad_header = true;
            }
        }
    }
    for needed in role.required() {
        if !columns.contains(&Some(needed)) {
            s.problem(
                header_at,
                None,
                format!("{} needs the column {needed:?}", role.file_name()),
            );
            bad_header = true;
        }
    }
    if bad_header {
        return Vec::new();
    }
    let mut rows = Vec::new();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                s.problem(at(e.position()), None, csv_message(&e));
                // The reader cannot be trusted past a malformed row.
                break;
            }
        };
        s.read_record();
        let row_at = at(record.position());
        let cells: HashMap<&'static str, String> = columns
            .iter()
            .zip(record.iter())
            .filter_map(|(c, v)| {
                Some((*c)?)
                    .filter(|_| !v.is_empty())
                    .map(|c| (c, v.to_owned()))
            })
            .collect();
        if cells.is_empty() {
            s.skip(row_at, "row", "an empty row");
            continue;
        }
        rows.push(Row { at: row_at, cells });
    }
    rows
}

fn csv_message(e: &::csv::Error) -> String {
    match e.kind() {
        ::csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "this row has {len} cell{}; the first row has {expected_len}",
            if *len == 1 { "" } else { "s" }
        ),
        ::csv::ErrorKind::Utf8 { .. } => "this row is not UTF-8 text".to_owned(),
        _ => format!("cannot read this row: {}", crate::printable(&e.to_string())),
    }
}
