//! Mapping the rows of an HR export to the document: each id claimed
//! once, each row's links checked against the entities read.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use super::{Row, link_record};
use crate::document::{Funding, Membership, Reporting, Usage};
use crate::ids::EntityKind;
use crate::import::CsvTable;
use crate::import::session::{Needs, Origin, Seen, Session, Sighting, parse_date, parse_payment};

/// Where a reference is read: the row's place, the record as messages
/// name it (`person "mary"`), and what needs the reference.
pub(super) struct Site<'r> {
    pub(super) at: Origin,
    pub(super) record: &'r str,
    pub(super) needs: Needs,
}

/// The people of `people.csv`: each person once, and their positions.
pub(super) struct People {
    pub(super) individuals: Vec<Person>,
    pub(super) positions: Vec<Row>,
}

/// A person of `people.csv`, with the name, addresses and phone numbers
/// their rows give, and where they were first read.
pub(super) struct Person {
    pub(super) id: String,
    pub(super) name: Option<String>,
    pub(super) emails: Vec<String>,
    pub(super) phones: Vec<String>,
    pub(super) at: Origin,
}

pub(super) struct Mapper {
    /// Every entity's id: its kind and where it was first read.
    entities: HashMap<String, (EntityKind, Origin)>,
    given: Vec<CsvTable>,
}

impl Mapper {
    /// A mapper for the files given, with no id claimed yet.
    pub(super) fn new(given: Vec<CsvTable>) -> Self {
        Mapper {
            entities: HashMap::new(),
            given,
        }
    }

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
    pub(super) fn entities_of(
        &mut self,
        s: &mut Session<'_>,
        role: CsvTable,
        rows: Vec<Row>,
    ) -> Vec<Row> {
        let (kind, word) = match role {
            CsvTable::Services => (EntityKind::Service, "service"),
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

    /// Reads the distinct rows of `people.csv`: each person once (names,
    /// addresses and phone numbers must agree where given), and each row
    /// as a position.
    pub(super) fn people(&mut self, s: &mut Session<'_>, rows: Vec<Row>) -> People {
        let mut individuals: Vec<Person> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut positions = Vec::new();
        for row in rows {
            let Some(id) = row.get("id").map(str::to_owned) else {
                s.problem(row.at, None, "the id is empty");
                continue;
            };
            let record = format!("person {id:?}");
            let name = row.get("name").map(str::to_owned);
            let emails = super::emails(s, &row, &id);
            let phones = super::phones(s, &row, &id);
            match index.get(&id) {
                None => {
                    if !self.claim(s, &id, EntityKind::Individual, row.at) {
                        continue;
                    }
                    index.insert(id.clone(), individuals.len());
                    individuals.push(Person {
                        id,
                        name,
                        emails,
                        phones,
                        at: row.at,
                    });
                }
                Some(&i) => {
                    let first = &mut individuals[i];
                    let place = s.place(first.at);
                    match (&first.name, name) {
                        (Some(a), Some(b)) if *a != b => {
                            s.problem(
                                row.at,
                                Some(&id),
                                format!("{record} is named {b:?} here and {a:?} at {place}"),
                            );
                            continue;
                        }
                        (None, Some(b)) => first.name = Some(b),
                        _ => {}
                    }
                    if first.emails.is_empty() {
                        first.emails = emails;
                    } else if !emails.is_empty() && !same_emails(&first.emails, &emails) {
                        s.problem(
                            row.at,
                            Some(&id),
                            format!(
                                "{record} has the email {:?} here and {:?} at {place}",
                                emails.join(";"),
                                first.emails.join(";")
                            ),
                        );
                        continue;
                    }
                    if first.phones.is_empty() {
                        first.phones = phones;
                    } else if !phones.is_empty() && first.phones != phones {
                        s.problem(
                            row.at,
                            Some(&id),
                            format!(
                                "{record} has the phone {:?} here and {:?} at {place}",
                                phones.join(";"),
                                first.phones.join(";")
                            ),
                        );
                        continue;
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
    pub(super) fn reference(
        &self,
        s: &mut Session<'_>,
        site: &Site<'_>,
        field: &str,
        id: &str,
        kinds: &[EntityKind],
    ) -> Option<String> {
        match self.entities.get(id) {
            Some((kind, _)) if kinds.contains(kind) => Some(id.to_owned()),
            Some((kind, first)) => {
                let wanted: Vec<&str> = kinds.iter().map(|k| kind_word(*k)).collect();
                s.problem(
                    site.at,
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
                    .map(CsvTable::file_name)
                    .collect();
                let mut message = format!("{field} {id:?} is not in {}", files.join(" or "));
                if !absent.is_empty() {
                    message.push_str(&format!(" ({} was not given)", absent.join(" and ")));
                }
                s.missing(site.at, Some(id), site.record, message, site.needs);
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
    pub(super) fn position(&self, s: &mut Session<'_>, row: &Row) {
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
        let record = format!("person {id:?}");
        let site = Site {
            at: row.at,
            record: &record,
            needs: Needs::Reference,
        };
        if let Some(org) = organisation {
            if let Some(org) =
                self.reference(s, &site, "organisation", org, &[EntityKind::Organisation])
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
                self.reference(s, &site, "manager", manager, &[EntityKind::Individual])
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

    pub(super) fn funding(&self, s: &mut Session<'_>, row: &Row) {
        const PARTY: &[EntityKind] = &[EntityKind::Organisation, EntityKind::Individual];
        let record = link_record(row, "funding", "payer");
        let site = Site {
            at: row.at,
            record: &record,
            needs: Needs::Record,
        };
        let payer = self.reference(
            s,
            &site,
            "payer",
            row.get("payer").unwrap_or_default(),
            PARTY,
        );
        let service = self.reference(
            s,
            &site,
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
            let approver = Site {
                needs: Needs::Reference,
                ..site
            };
            if let Some(person) = self.reference(
                s,
                &approver,
                "approved_by",
                person,
                &[EntityKind::Individual],
            ) {
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

    pub(super) fn usage(&self, s: &mut Session<'_>, row: &Row) {
        let record = link_record(row, "usage", "user");
        let site = Site {
            at: row.at,
            record: &record,
            needs: Needs::Record,
        };
        let user = self.reference(
            s,
            &site,
            "user",
            row.get("user").unwrap_or_default(),
            &[EntityKind::Organisation, EntityKind::Individual],
        );
        let service = self.reference(
            s,
            &site,
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

/// Whether two rows give the same addresses, in the same order, without
/// regard to case.
fn same_emails(a: &[String], b: &[String]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(a, b)| a.to_lowercase() == b.to_lowercase())
}

pub(super) fn same_row(s: &Session<'_>, at: Origin, first: Origin) -> String {
    if at.file == first.file {
        format!("the same row as line {}", first.line)
    } else {
        format!("the same row as {}", s.place(first))
    }
}

fn role_of(kind: EntityKind) -> CsvTable {
    match kind {
        EntityKind::Organisation => CsvTable::Organisations,
        EntityKind::Individual => CsvTable::People,
        _ => CsvTable::Services,
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
