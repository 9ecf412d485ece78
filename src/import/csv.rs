//! The CSV importer: an HR export, one file per kind of record.
//!
//! Files are known by name (directories aside): `people.csv` (`id`,
//! `name`, `organisation`, `title`, `manager`, `from`, `until`) and
//! `organisations.csv` (`id`, `name`, `parent`) are needed; `services.csv`
//! (`id`, `name`, `provider`), `funding.csv` (`payer`, `service`,
//! `payment`, `approved_by`, `from`, `until`) and `usage.csv` (`user`,
//! `service`, `from`, `until`) are optional. The first row names the
//! columns, in any order; a column may be left out unless it is needed
//! (`id`; `provider`; `payer`, `service` and `payment`; `user` and
//! `service`), and a column of another name is an error. Cells are
//! trimmed, and an empty cell is absent.
//!
//! A row of `people.csv` is a person in a position: the person (by `id`,
//! with `name`), their membership of `organisation` with `title`, and
//! their reporting line to `manager`, both dated by `from` and `until`.
//! One person may have several rows (a career); their names must agree.
//! `approved_by` lists people separated by `;`; a person named twice in
//! it approves once.
//!
//! Skipped: empty rows, and a row that repeats an earlier row of its file
//! (or of another file of the same name) exactly, cell for cell.

use std::collections::{HashMap, HashSet};

use ::csv::{ReaderBuilder, StringRecord, Trim};
use jiff::civil::Date;

use super::session::{Origin, Seen, Session, Sighting, parse_date, parse_payment};
use crate::document::{Funding, Individual, Membership, Organisation, Reporting, Service, Usage};
use crate::error::Error;
use crate::ids::EntityKind;

/// What a file holds, known by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Role {
    People,
    Organisations,
    Services,
    Funding,
    Usage,
}

impl Role {
    const ALL: [Role; 5] = [
        Role::People,
        Role::Organisations,
        Role::Services,
        Role::Funding,
        Role::Usage,
    ];

    fn file_name(self) -> &'static str {
        match self {
            Role::People => "people.csv",
            Role::Organisations => "organisations.csv",
            Role::Services => "services.csv",
            Role::Funding => "funding.csv",
            Role::Usage => "usage.csv",
        }
    }

    fn columns(self) -> &'static [&'static str] {
        match self {
            Role::People => &[
                "id",
                "name",
                "organisation",
                "title",
                "manager",
                "from",
                "until",
            ],
            Role::Organisations => &["id", "name", "parent"],
            Role::Services => &["id", "name", "provider"],
            Role::Funding => &[
                "payer",
                "service",
                "payment",
                "approved_by",
                "from",
                "until",
            ],
            Role::Usage => &["user", "service", "from", "until"],
        }
    }

    fn required(self) -> &'static [&'static str] {
        match self {
            Role::People | Role::Organisations => &["id"],
            Role::Services => &["id", "provider"],
            Role::Funding => &["payer", "service", "payment"],
            Role::Usage => &["user", "service"],
        }
    }
}

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
    fn values(&self, role: Role) -> Vec<Option<String>> {
        role.columns()
            .iter()
            .map(|c| self.cells.get(c).cloned())
            .collect()
    }
}

pub(super) fn import(s: &mut Session<'_>) -> Result<(), Error> {
    let mut rows: HashMap<Role, Vec<Row>> = HashMap::new();
    let mut given: Vec<Role> = Vec::new();
    for file in 0..s.inputs.len() {
        let name = s.inputs[file].file_name();
        let Some(role) = Role::ALL.into_iter().find(|r| r.file_name() == name) else {
            s.problem(
                Origin { file, line: 1 },
                None,
                format!(
                    "{name:?} is not a file the CSV import reads: name it people.csv, \
                     organisations.csv, services.csv, funding.csv or usage.csv"
                ),
            );
            continue;
        };
        given.push(role);
        let read = read_rows(s, file, role);
        rows.entry(role).or_default().extend(read);
    }
    let missing: Vec<&str> = [Role::People, Role::Organisations]
        .into_iter()
        .filter(|r| !given.contains(r))
        .map(Role::file_name)
        .collect();
    if !missing.is_empty() {
        s.general_problem(format!(
            "the CSV import needs people.csv and organisations.csv; {} not given",
            missing.join(" and ")
        ));
    }
    s.check()?;

    let mut mapper = Mapper {
        entities: HashMap::new(),
        given,
    };
    let take = |rows: &mut HashMap<Role, Vec<Row>>, role| rows.remove(&role).unwrap_or_default();
    let organisations =
        mapper.entities_of(s, Role::Organisations, take(&mut rows, Role::Organisations));
    let people = distinct(s, Role::People, take(&mut rows, Role::People), |row| {
        format!("person {:?}", row.get("id").unwrap_or_default())
    });
    let people = mapper.people(s, people);
    let services = mapper.entities_of(s, Role::Services, take(&mut rows, Role::Services));

    for row in &organisations {
        let parent = row
            .get("parent")
            .and_then(|p| mapper.reference(s, row.at, "parent", p, &[EntityKind::Organisation]));
        s.push(
            Organisation {
                id: row.get("id").unwrap_or_default().into(),
                name: row.get("name").map(str::to_owned),
                parent: parent.map(Into::into),
            },
            row.at,
        );
    }
    for (id, name, at) in &people.individuals {
        s.push(
            Individual {
                id: id.as_str().into(),
                name: name.clone(),
            },
            *at,
        );
    }
    for row in &services {
        let provider = mapper.reference(
            s,
            row.at,
            "provider",
            row.get("provider").unwrap_or_default(),
            &[EntityKind::Organisation, EntityKind::Individual],
        );
        s.push(
            Service {
                id: row.get("id").unwrap_or_default().into(),
                name: row.get("name").map(str::to_owned),
                provider: provider.unwrap_or_default().into(),
            },
            row.at,
        );
    }
    for row in &people.positions {
        mapper.position(s, row);
    }
    let funding = distinct(s, Role::Funding, take(&mut rows, Role::Funding), |row| {
        link_record(row, "funding", "payer")
    });
    for row in &funding {
        mapper.funding(s, row);
    }
    let usage = distinct(s, Role::Usage, take(&mut rows, Role::Usage), |row| {
        link_record(row, "usage", "user")
    });
    for row in &usage {
        mapper.usage(s, row);
    }
    Ok(())
}

/// The rows that do not repeat an earlier row exactly; each repeat is
/// skipped, named as `record` says.
fn distinct(
    s: &mut Session<'_>,
    role: Role,
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

/// A row of `funding.csv` or `usage.csv` as a record:
/// `funding of "desktop-support" by "education"`.
fn link_record(row: &Row, what: &str, party: &str) -> String {
    format!(
        "{what} of {:?} by {:?}",
        row.get("service").unwrap_or_default(),
        row.get(party).unwrap_or_default()
    )
}

/// Reads one file's rows, checking its columns; problems go to the
/// session.
fn read_rows(s: &mut Session<'_>, file: usize, role: Role) -> Vec<Row> {
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
    let mut columns: Vec<&'static str> = Vec::new();
    let mut bad_header = false;
    for name in header.iter() {
        match role.columns().iter().find(|c| **c == name) {
            Some(c) if columns.contains(c) => {
                s.problem(
                    header_at,
                    None,
                    format!("the column {name:?} is named twice"),
                );
                bad_header = true;
            }
            Some(c) => columns.push(c),
            None => {
                s.problem(
                    header_at,
                    None,
                    format!(
                        "{name:?} is not a column of {}: its columns are {}",
                        role.file_name(),
                        role.columns().join(", ")
                    ),
                );
                bad_header = true;
            }
        }
    }
    for needed in role.required() {
        if !columns.contains(needed) {
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
            .filter(|(_, v)| !v.is_empty())
            .map(|(c, v)| (*c, v.to_owned()))
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

/// The people of `people.csv`: each person once, and their positions.
struct People {
    individuals: Vec<(String, Option<String>, Origin)>,
    positions: Vec<Row>,
}

struct Mapper {
    /// Every entity's id: its kind and where it was first read.
    entities: HashMap<String, (EntityKind, Origin)>,
    given: Vec<Role>,
}

impl Mapper {
    /// Claims an id for an entity; an id already taken by another entity
    /// is a problem naming both places.
    fn claim(&mut self, s: &mut Session<'_>, id: &str, kind: EntityKind, at: Origin) -> bool {
        if let Some((other, first)) = self.entities.get(id) {
            s.problem(
                at,
                Some(id),
                format!(
                    "{id:?} is already the id of {} {} at {}",
                    article(*other),
                    kind_word(*other),
                    s.place(*first)
                ),
            );
            return false;
        }
        self.entities.insert(id.to_owned(), (kind, at));
        true
    }

    /// Reads the rows of organisations or services: each id once; a row
    /// repeated exactly is skipped, a row that differs is a problem.
    fn entities_of(&mut self, s: &mut Session<'_>, role: Role, rows: Vec<Row>) -> Vec<Row> {
        let (kind, word) = match role {
            Role::Services => (EntityKind::Service, "service"),
            _ => (EntityKind::Organisation, "organisation"),
        };
        let mut seen = Seen::new();
        let mut kept = Vec::new();
        for row in rows {
            let Some(id) = row.get("id").map(str::to_owned) else {
                s.problem(row.at, None, "the id is empty");
                continue;
            };
            let record = format!("{word} {id:?}");
            match seen.note(&id, row.values(role), row.at) {
                Sighting::New => {
                    if self.claim(s, &id, kind, row.at) {
                        kept.push(row);
                    }
                }
                Sighting::Again(first) => {
                    s.skip(row.at, record, same_row(s, row.at, first));
                }
                Sighting::Differs(first) => {
                    s.problem(
                        row.at,
                        Some(&id),
                        format!("{record} differs from the row at {}", s.place(first)),
                    );
                }
            }
        }
        kept
    }

    /// Reads the distinct rows of `people.csv`: each person once (names
    /// must agree), and each row as a position.
    fn people(&mut self, s: &mut Session<'_>, rows: Vec<Row>) -> People {
        let mut individuals: Vec<(String, Option<String>, Origin)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut positions = Vec::new();
        for row in rows {
            let Some(id) = row.get("id").map(str::to_owned) else {
                s.problem(row.at, None, "the id is empty");
                continue;
            };
            let record = format!("person {id:?}");
            let name = row.get("name").map(str::to_owned);
            match index.get(&id) {
                None => {
                    if !self.claim(s, &id, EntityKind::Individual, row.at) {
                        continue;
                    }
                    index.insert(id.clone(), individuals.len());
                    individuals.push((id, name, row.at));
                }
                Some(&i) => {
                    let (_, first_name, first_at) = &mut individuals[i];
                    match (&*first_name, name) {
                        (Some(a), Some(b)) if *a != b => {
                            let first_at = *first_at;
                            s.problem(
                                row.at,
                                Some(&id),
                                format!(
                                    "{record} is named {b:?} here and {a:?} at {}",
                                    s.place(first_at)
                                ),
                            );
                            continue;
                        }
                        (None, Some(b)) => *first_name = Some(b),
                        _ => {}
                    }
                }
            }
            positions.push(row);
        }
        People {
            individuals,
            positions,
        }
    }

    /// Resolves a reference to an entity of one of `kinds`; a missing or
    /// wrong one is a problem, and `None`.
    fn reference(
        &self,
        s: &mut Session<'_>,
        at: Origin,
        field: &str,
        id: &str,
        kinds: &[EntityKind],
    ) -> Option<String> {
        match self.entities.get(id) {
            Some((kind, _)) if kinds.contains(kind) => Some(id.to_owned()),
            Some((kind, first)) => {
                let wanted: Vec<&str> = kinds.iter().map(|k| kind_word(*k)).collect();
                s.problem(
                    at,
                    Some(id),
                    format!(
                        "{field} {id:?} is {} {} (at {}), not {} {}",
                        article(*kind),
                        kind_word(*kind),
                        s.place(*first),
                        article(kinds[0]),
                        wanted.join(" or ")
                    ),
                );
                None
            }
            None => {
                let files: Vec<&str> = kinds.iter().map(|k| role_of(*k).file_name()).collect();
                let absent: Vec<&str> = kinds
                    .iter()
                    .map(|k| role_of(*k))
                    .filter(|r| !self.given.contains(r))
                    .map(Role::file_name)
                    .collect();
                let mut message = format!("{field} {id:?} is not in {}", files.join(" or "));
                if !absent.is_empty() {
                    message.push_str(&format!(" ({} was not given)", absent.join(" and ")));
                }
                s.problem(at, Some(id), message);
                None
            }
        }
    }

    /// Reads a date cell; a bad one is a problem.
    fn date(s: &mut Session<'_>, row: &Row, column: &str) -> Option<Date> {
        let text = row.get(column)?;
        match parse_date(text) {
            Ok(date) => Some(date),
            Err(message) => {
                s.problem(row.at, None, format!("{column}: {message}"));
                None
            }
        }
    }

    /// One row of `people.csv`: a membership and a reporting line.
    fn position(&self, s: &mut Session<'_>, row: &Row) {
        let id = row.get("id").unwrap_or_default();
        let from = Self::date(s, row, "from");
        let until = Self::date(s, row, "until");
        let organisation = row.get("organisation");
        let manager = row.get("manager");
        if organisation.is_none() {
            if let Some(title) = row.get("title") {
                s.problem(
                    row.at,
                    None,
                    format!("the title {title:?} is a title in no organisation"),
                );
            }
            if manager.is_none() && (from.is_some() || until.is_some()) {
                s.problem(
                    row.at,
                    None,
                    "from and until date a membership or a reporting line, and this row has \
                     no organisation and no manager",
                );
            }
        }
        if let Some(org) = organisation {
            if let Some(org) =
                self.reference(s, row.at, "organisation", org, &[EntityKind::Organisation])
            {
                s.push(
                    Membership {
                        individual: id.into(),
                        organisation: org.into(),
                        title: row.get("title").map(str::to_owned),
                        from,
                        until,
                    },
                    row.at,
                );
            }
        }
        if let Some(manager) = manager {
            if let Some(manager) =
                self.reference(s, row.at, "manager", manager, &[EntityKind::Individual])
            {
                s.push(
                    Reporting {
                        individual: id.into(),
                        manager: manager.into(),
                        from,
                        until,
                    },
                    row.at,
                );
            }
        }
    }

    fn funding(&self, s: &mut Session<'_>, row: &Row) {
        const PARTY: &[EntityKind] = &[EntityKind::Organisation, EntityKind::Individual];
        let payer = self.reference(
            s,
            row.at,
            "payer",
            row.get("payer").unwrap_or_default(),
            PARTY,
        );
        let service = self.reference(
            s,
            row.at,
            "service",
            row.get("service").unwrap_or_default(),
            &[EntityKind::Service],
        );
        let payment = match parse_payment(row.get("payment").unwrap_or_default()) {
            Ok(payment) => Some(payment),
            Err(message) => {
                s.problem(row.at, None, format!("payment: {message}"));
                None
            }
        };
        // A person named twice approves once, and is checked once.
        let mut named = HashSet::new();
        let mut approved_by = Vec::new();
        for person in row
            .get("approved_by")
            .unwrap_or_default()
            .split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty() && named.insert(*p))
        {
            if let Some(person) =
                self.reference(s, row.at, "approved_by", person, &[EntityKind::Individual])
            {
                approved_by.push(person.into());
            }
        }
        let from = Self::date(s, row, "from");
        let until = Self::date(s, row, "until");
        if let (Some(payer), Some(service), Some(payment)) = (payer, service, payment) {
            s.push(
                Funding {
                    payer: payer.into(),
                    service: service.into(),
                    payment,
                    approved_by,
                    from,
                    until,
                },
                row.at,
            );
        }
    }

    fn usage(&self, s: &mut Session<'_>, row: &Row) {
        let user = self.reference(
            s,
            row.at,
            "user",
            row.get("user").unwrap_or_default(),
            &[EntityKind::Organisation, EntityKind::Individual],
        );
        let service = self.reference(
            s,
            row.at,
            "service",
            row.get("service").unwrap_or_default(),
            &[EntityKind::Service],
        );
        let from = Self::date(s, row, "from");
        let until = Self::date(s, row, "until");
        if let (Some(user), Some(service)) = (user, service) {
            s.push(
                Usage {
                    user: user.into(),
                    service: service.into(),
                    from,
                    until,
                },
                row.at,
            );
        }
    }
}

fn same_row(s: &Session<'_>, at: Origin, first: Origin) -> String {
    if at.file == first.file {
        format!("the same row as line {}", first.line)
    } else {
        format!("the same row as {}", s.place(first))
    }
}

fn role_of(kind: EntityKind) -> Role {
    match kind {
        EntityKind::Organisation => Role::Organisations,
        EntityKind::Individual => Role::People,
        _ => Role::Services,
    }
}

fn kind_word(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Organisation => "organisation",
        EntityKind::Individual => "person",
        _ => "service",
    }
}

fn article(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Organisation => "an",
        _ => "a",
    }
}
