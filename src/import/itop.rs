//! The iTop importer: XML data-set files, as iTop's data loaders read them.
//!
//! A file holds one `<Set>` of records; a record is an element named for
//! its class, with an `id` attribute, whose child elements are its fields
//! (`<Organization alias="Organization" id="3"><name>Demo</name>…`).
//! Field values are trimmed; a field with child elements (an icon, a
//! logo) is read as the text it holds. Only the fields below are read;
//! others (`status`, `location_id`, friendly names, …) are ignored.
//!
//! | record | becomes |
//! |---|---|
//! | `Organization` (`name`, `parent_id`) | an organisation `organization-N` |
//! | `Person` (`first_name`, `name`, `org_id`, `function`, `manager_id`) | an individual `person-N`; a membership of `org_id` titled `function`; a reporting line to `manager_id` |
//! | `Team` (`name`, `org_id`) | an organisation `team-N` below `org_id` |
//! | `lnkPersonToTeam` (`person_id`, `team_id`) | a membership |
//! | `Service` (`name`, `org_id`) | a service `service-N` provided by `org_id` |
//! | `CustomerContract` (`org_id`, `provider_id`, `start_date`, `end_date`, `cost`) | for each linked service: funding by `org_id` (cash with a cost, otherwise none) and usage by `org_id`, both from `start_date` until the day after `end_date` |
//! | `lnkCustomerContractToService` (`customercontract_id`, `service_id`) | links a contract to a service |
//!
//! An id of 0 (or an empty field) in `parent_id`, `org_id` of a person or
//! team, `manager_id` or `provider_id` means none. Every other reference
//! must name a record of the right class in the files.
//!
//! Skipped: records of other classes, a contract linked to no service,
//! and a second copy of a record that agrees with the first.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::civil::Date;
use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::attributes::{AttrError, Attribute};
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::session::{Origin, Seen, Session, Sighting, parse_date};
use crate::document::{
    Funding, Individual, Membership, Organisation, Payment, Reporting, Service, Usage,
};
use crate::error::Error;
use crate::printable;

/// The classes this importer reads, for the reason it gives for others.
const CLASSES: &str = "Organization, Person, Team, lnkPersonToTeam, Service, CustomerContract, \
                       lnkCustomerContractToService";

/// One field of a record: its trimmed text and the line it starts on.
#[derive(Clone, Debug)]
struct Field {
    value: String,
    line: usize,
}

/// One record of a `<Set>`.
#[derive(Clone, Debug)]
struct Record {
    class: String,
    id: String,
    at: Origin,
    fields: BTreeMap<String, Field>,
}

impl Record {
    /// The record as its class and id: `Person 12`.
    fn label(&self) -> String {
        format!("{} {}", printable(&self.class), printable(&self.id))
    }

    /// The field's value, or "" when it is absent.
    fn value(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", |f| f.value.as_str())
    }

    /// Where a field is, or the record when the field is absent.
    fn at(&self, name: &str) -> Origin {
        Origin {
            file: self.at.file,
            line: self.fields.get(name).map_or(self.at.line, |f| f.line),
        }
    }

    /// The field's value, or `None` when it is empty.
    fn text(&self, name: &str) -> Option<String> {
        Some(self.value(name).to_owned()).filter(|v| !v.is_empty())
    }

    /// Field names and values, to compare two copies of a record.
    fn contents(&self) -> BTreeMap<String, String> {
        self.fields
            .iter()
            .map(|(k, f)| (k.clone(), f.value.clone()))
            .collect()
    }
}

/// The document id of a record: its class in lower case, a hyphen and its
/// id (`organization-3`).
fn entity_id(class: &str, id: &str) -> String {
    format!("{}-{id}", class.to_lowercase())
}

pub(super) fn import(s: &mut Session<'_>) -> Result<(), Error> {
    let mut records = Vec::new();
    for file in 0..s.inputs.len() {
        records.extend(parse(s, file));
    }
    s.check()?;

    // Each record once: a copy that agrees is skipped, one that differs
    // is a problem naming both places.
    let mut seen = Seen::new();
    let mut unique: Vec<Record> = Vec::new();
    for record in records {
        s.read_record();
        let key = format!("{}\u{0}{}", record.class, record.id);
        match seen.note(&key, record.contents(), record.at) {
            Sighting::New => unique.push(record),
            Sighting::Again(first) => {
                let reason = format!("the same record as {}", s.place(first));
                s.skip(record.at, record.label(), reason);
            }
            Sighting::Differs(first) => {
                // The first copy's contents are the ones kept; looking
                // them up by key keeps many differing copies linear.
                let fields = seen
                    .first(&key)
                    .map(|original| differing_fields(original, &record.contents()));
                s.problem(
                    record.at,
                    Some(&entity_id(&record.class, &record.id)),
                    format!(
                        "{} differs from the copy at {}{}",
                        record.label(),
                        s.place(first),
                        fields.map_or(String::new(), |f| format!(" ({f})"))
                    ),
                );
            }
        }
    }

    let mut index: HashMap<(&str, &str), &Record> = HashMap::new();
    for record in &unique {
        index.insert((record.class.as_str(), record.id.as_str()), record);
    }
    let mapper = Mapper { index: &index };

    // The services of each contract, in the order of their links.
    let mut contract_services: HashMap<&str, Vec<String>> = HashMap::new();
    for link in unique
        .iter()
        .filter(|r| r.class == "lnkCustomerContractToService")
    {
        let contract = mapper.required(s, link, "customercontract_id", "CustomerContract");
        let service = mapper.required(s, link, "service_id", "Service");
        if let (Some(contract), Some(service)) = (contract, service) {
            contract_services
                .entry(contract)
                .or_default()
                .push(entity_id("Service", service));
        }
    }

    for record in &unique {
        match record.class.as_str() {
            "Organization" => {
                let parent = mapper.optional(s, record, "parent_id", "Organization");
                s.push(
                    Organisation {
                        id: entity_id("Organization", &record.id).into(),
                        name: record.text("name"),
                        parent: parent.map(|p| entity_id("Organization", p).into()),
                    },
                    record.at,
                );
            }
            "Person" => mapper.person(s, record),
            "Team" => {
                let parent = mapper.optional(s, record, "org_id", "Organization");
                s.push(
                    Organisation {
                        id: entity_id("Team", &record.id).into(),
                        name: record.text("name"),
                        parent: parent.map(|p| entity_id("Organization", p).into()),
                    },
                    record.at,
                );
            }
            "lnkPersonToTeam" => {
                let person = mapper.required(s, record, "person_id", "Person");
                let team = mapper.required(s, record, "team_id", "Team");
                if let (Some(person), Some(team)) = (person, team) {
                    s.push(
                        Membership::new(entity_id("Person", person), entity_id("Team", team)),
                        record.at,
                    );
                }
            }
            "Service" => {
                if let Some(provider) = mapper.required(s, record, "org_id", "Organization") {
                    s.push(
                        Service {
                            name: record.text("name"),
                            ..Service::new(
                                entity_id("Service", &record.id),
                                entity_id("Organization", provider),
                            )
                        },
                        record.at,
                    );
                }
            }
            "CustomerContract" => {
                let services = contract_services
                    .get(record.id.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                mapper.contract(s, record, services);
            }
            "lnkCustomerContractToService" => {} // Mapped with its contract.
            _ => s.skip(
                record.at,
                record.label(),
                format!("not a class this importer reads (it reads {CLASSES})"),
            ),
        }
    }
    Ok(())
}

/// The names of the fields two copies of a record disagree on, each
/// once and in name order, a field one copy lacks included.
fn differing_fields(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> String {
    let names: BTreeSet<&str> = a
        .keys()
        .chain(b.keys())
        .map(String::as_str)
        .filter(|k| a.get(*k) != b.get(*k))
        .collect();
    let names: Vec<Cow<'_, str>> = names.into_iter().map(printable).collect();
    match names.as_slice() {
        [one] => format!("{one} differs"),
        many => format!("{} differ", many.join(", ")),
    }
}

struct Mapper<'r> {
    index: &'r HashMap<(&'r str, &'r str), &'r Record>,
}

impl<'r> Mapper<'r> {
    /// Reads a reference field: the id of a record of `class`, which must
    /// be in the files. An empty field or 0 is `Ok(None)`.
    fn reference(
        &self,
        s: &mut Session<'_>,
        record: &'r Record,
        field: &str,
        class: &str,
    ) -> Result<Option<&'r str>, ()> {
        let value = record.value(field);
        if value.is_empty() || value == "0" {
            return Ok(None);
        }
        if !value.bytes().all(|b| b.is_ascii_digit()) {
            s.problem(
                record.at(field),
                None,
                format!("{field} {value:?} is not the id of a record"),
            );
            return Err(());
        }
        match self.index.get(&(class, value)) {
            Some(target) => Ok(Some(target.id.as_str())),
            None => {
                s.problem(
                    record.at(field),
                    Some(&entity_id(class, value)),
                    format!("{field} {value}: there is no {class} {value} in the files"),
                );
                Err(())
            }
        }
    }

    /// A reference that may be none.
    fn optional(
        &self,
        s: &mut Session<'_>,
        record: &'r Record,
        field: &str,
        class: &str,
    ) -> Option<&'r str> {
        self.reference(s, record, field, class).ok().flatten()
    }

    /// A reference that must name a record.
    fn required(
        &self,
        s: &mut Session<'_>,
        record: &'r Record,
        field: &str,
        class: &str,
    ) -> Option<&'r str> {
        match self.reference(s, record, field, class) {
            Ok(Some(id)) => Some(id),
            Ok(None) => {
                s.problem(
                    record.at(field),
                    None,
                    format!(
                        "{} needs {field}, the {class} it refers to; it is {}",
                        record.label(),
                        if record.fields.contains_key(field) {
                            "0 or empty"
                        } else {
                            "missing"
                        }
                    ),
                );
                None
            }
            Err(()) => None,
        }
    }

    fn person(&self, s: &mut Session<'_>, record: &'r Record) {
        let id = entity_id("Person", &record.id);
        let name = [record.value("first_name"), record.value("name")]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        s.push(
            Individual {
                name: Some(name).filter(|n| !n.is_empty()),
                ..Individual::new(id.as_str())
            },
            record.at,
        );
        if let Some(org) = self.optional(s, record, "org_id", "Organization") {
            s.push(
                Membership {
                    title: record.text("function"),
                    ..Membership::new(id.as_str(), entity_id("Organization", org))
                },
                record.at("org_id"),
            );
        }
        if let Some(manager) = self.optional(s, record, "manager_id", "Person") {
            s.push(
                Reporting::new(id.as_str(), entity_id("Person", manager)),
                record.at("manager_id"),
            );
        }
    }

    fn contract(&self, s: &mut Session<'_>, record: &'r Record, services: &[String]) {
        let customer = self.required(s, record, "org_id", "Organization");
        // The provider is the services' own; the reference is checked all
        // the same, so that a broken data set does not pass.
        let _ = self.optional(s, record, "provider_id", "Organization");
        let from = date(s, record, "start_date");
        // iTop's end date is the contract's last day; `until` is the first
        // day the link no longer holds.
        let until = date(s, record, "end_date").map(|d| d.and_then(|d| d.tomorrow().ok()));
        let payment = cost(s, record);
        let (Some(customer), Some(from), Some(until), Some(payment)) =
            (customer, from, until, payment)
        else {
            return;
        };
        if services.is_empty() {
            s.skip(
                record.at,
                record.label(),
                "no lnkCustomerContractToService links it to a service",
            );
            return;
        }
        let customer = entity_id("Organization", customer);
        for service in services {
            s.push(
                Funding {
                    from,
                    until,
                    ..Funding::new(customer.as_str(), service.as_str(), payment)
                },
                record.at,
            );
            s.push(
                Usage {
                    from,
                    until,
                    ..Usage::new(customer.as_str(), service.as_str())
                },
                record.at,
            );
        }
    }
}

/// Reads a date field: `Some(None)` when empty (or iTop's `0000-00-00`),
/// `None` after a problem.
fn date(s: &mut Session<'_>, record: &Record, field: &str) -> Option<Option<Date>> {
    let value = record.value(field);
    if value.is_empty() || value == "0000-00-00" {
        return Some(None);
    }
    match parse_date(value) {
        Ok(date) => Some(Some(date)),
        Err(message) => {
            s.problem(record.at(field), None, format!("{field}: {message}"));
            None
        }
    }
}

/// Reads `cost`: cash when there is one, none when it is empty or zero.
fn cost(s: &mut Session<'_>, record: &Record) -> Option<Payment> {
    let value = record.value("cost");
    if value.is_empty() {
        return Some(Payment::None);
    }
    match value.parse::<f64>() {
        Ok(amount) if amount.is_finite() => Some(if amount == 0.0 {
            Payment::None
        } else {
            Payment::Cash
        }),
        _ => {
            s.problem(
                record.at("cost"),
                None,
                format!("cost: {value:?} is not an amount"),
            );
            None
        }
    }
}

/// An element open while reading: its name and the line it starts on.
struct Open {
    name: String,
    line: usize,
}

/// Reads the records of one file; a malformed file is a problem, and what
/// was read before it is dropped.
fn parse(s: &mut Session<'_>, file: usize) -> Vec<Record> {
    let input = &s.inputs[file];
    let at = |offset: u64| Origin {
        file,
        line: input.line_of(usize::try_from(offset).unwrap_or(usize::MAX)),
    };
    let mut reader = Reader::from_str(&input.text);
    let mut records = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut record: Option<Record> = None;
    let mut field: Option<(String, Field)> = None;
    let mut root_seen = false;
    let mut problem: Option<(Origin, String)> = None;
    loop {
        let start = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let open = stack
                    .last()
                    .map(|o| format!(" ({} is open since line {})", tag(&o.name), o.line))
                    .unwrap_or_default();
                problem = Some((
                    at(reader.error_position()),
                    format!("malformed XML: {}{open}", printable(&e.to_string())),
                ));
                break;
            }
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let here = at(start);
                // `start` is the `<`; an attribute's offset counts from
                // the name just after it.
                let name_at = usize::try_from(start)
                    .unwrap_or(usize::MAX)
                    .saturating_add(1);
                let id = match id_attribute(e, &name) {
                    Ok(id) => id,
                    Err((offset, message)) => {
                        let line = input.line_of(name_at.saturating_add(offset));
                        problem =
                            Some((Origin { file, line }, format!("malformed XML: {message}")));
                        break;
                    }
                };
                match stack.len() {
                    0 if root_seen => {
                        problem = Some((here, format!("{} after the <Set> element", tag(&name))));
                        break;
                    }
                    0 if name != "Set" => {
                        problem = Some((
                            here,
                            format!(
                                "the root element is {}; an iTop data file holds a <Set>",
                                tag(&name)
                            ),
                        ));
                        break;
                    }
                    0 => root_seen = true,
                    1 => {
                        let id = match id.map(|a| {
                            a.decoded_and_normalized_value(
                                XmlVersion::Implicit1_0,
                                reader.decoder(),
                            )
                        }) {
                            None => None,
                            Some(Ok(id)) => Some(id.trim().to_owned()),
                            Some(Err(e)) => {
                                let e = printable(&e.to_string()).into_owned();
                                let message = format!("{}: its id attribute: {e}", tag(&name));
                                problem = Some((here, message));
                                break;
                            }
                        };
                        match id {
                            Some(id)
                                if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) =>
                            {
                                record = Some(Record {
                                    class: name.clone(),
                                    id,
                                    at: here,
                                    fields: BTreeMap::new(),
                                });
                            }
                            Some(id) => {
                                problem = Some((
                                    here,
                                    format!(
                                        "{} has the id {id:?}; a record's id is a number",
                                        tag(&name)
                                    ),
                                ));
                                break;
                            }
                            None => {
                                problem =
                                    Some((here, format!("{} has no id attribute", tag(&name))));
                                break;
                            }
                        }
                    }
                    2 => {
                        let fields = record.as_ref().map(|r| &r.fields);
                        if let Some(first) = fields.and_then(|f| f.get(&name)) {
                            problem = Some((
                                here,
                                format!(
                                    "{} is given twice in this record (first on line {})",
                                    tag(&name),
                                    first.line
                                ),
                            ));
                            break;
                        }
                        field = Some((
                            name.clone(),
                            Field {
                                value: String::new(),
                                line: here.line,
                            },
                        ));
                    }
                    _ => {} // Inside a field: its text is the field's.
                }
                stack.push(Open {
                    name,
                    line: here.line,
                });
                if empty {
                    close(&mut stack, &mut record, &mut field, &mut records);
                }
            }
            Event::End(_) => close(&mut stack, &mut record, &mut field, &mut records),
            Event::Text(ref t) => match t.xml_content(XmlVersion::Implicit1_0) {
                Ok(text) => {
                    if let Some((_, f)) = &mut field {
                        f.value.push_str(&text);
                    } else if !text.trim().is_empty() {
                        // Stray text is reported where it starts, not at
                        // the line break before it.
                        let blank = t.iter().take_while(|b| b.is_ascii_whitespace()).count();
                        problem = Some((
                            at(start.saturating_add(blank as u64)),
                            format!("text {:?} outside any field", text.trim()),
                        ));
                        break;
                    }
                }
                Err(e) => {
                    let e = printable(&e.to_string()).into_owned();
                    problem = Some((at(start), format!("malformed text: {e}")));
                    break;
                }
            },
            Event::CData(ref c) => {
                let text = String::from_utf8_lossy(c.as_ref()).into_owned();
                if let Some((_, f)) = &mut field {
                    f.value.push_str(&text);
                } else if !text.trim().is_empty() {
                    problem = Some((at(start), "CDATA outside any field".to_owned()));
                    break;
                }
            }
            Event::GeneralRef(ref r) => {
                let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => resolve_predefined_entity(&name).map(str::to_owned),
                    Err(_) => None,
                };
                match (resolved, &mut field) {
                    (Some(text), Some((_, f))) => f.value.push_str(&text),
                    (Some(_), None) => {
                        let name = printable(&name);
                        problem = Some((at(start), format!("&{name}; outside any field")));
                        break;
                    }
                    (None, _) => {
                        let name = printable(&name);
                        problem = Some((at(start), format!("unknown entity &{name};")));
                        break;
                    }
                }
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    problem = Some((
                        at(start),
                        format!(
                            "the file ends before {} (line {}) is closed",
                            tag(&open.name),
                            open.line
                        ),
                    ));
                } else if !root_seen {
                    problem = Some((at(start), "no <Set> element".to_owned()));
                }
                break;
            }
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some((where_, message)) = problem {
        s.problem(where_, None, message);
        return Vec::new();
    }
    records
}

/// An element's name as it is shown in a message, `<Person>`, made
/// [`printable`]: a name is whatever the file holds.
fn tag(name: &str) -> String {
    format!("<{}>", printable(name))
}

/// Checks that an element's attributes are well formed, each named once
/// and each value quoted (a repeated attribute makes a file that is not
/// XML, whichever copy a reader would take), and returns its `id`.
///
/// An error is the offset of the problem from the start of the element's
/// name, and what is wrong.
fn id_attribute<'e>(
    element: &'e BytesStart<'_>,
    name: &str,
) -> Result<Option<Attribute<'e>>, (usize, String)> {
    let mut id = None;
    for attribute in element.attributes() {
        match attribute {
            Ok(a) if a.key.as_ref() == b"id" => id = Some(a),
            Ok(_) => {}
            Err(e) => {
                let (offset, what) = match e {
                    AttrError::Duplicated(offset, _) => {
                        // The key runs from the offset to its `=`.
                        let key: Vec<u8> = element
                            .get(offset..)
                            .unwrap_or_default()
                            .iter()
                            .copied()
                            .take_while(|b| *b != b'=' && !b.is_ascii_whitespace())
                            .collect();
                        let key = printable(&String::from_utf8_lossy(&key)).into_owned();
                        let message = format!("{} gives the attribute {key} twice", tag(name));
                        return Err((offset, message));
                    }
                    AttrError::ExpectedEq(offset) => {
                        (offset, "an attribute's name is not followed by =")
                    }
                    AttrError::ExpectedValue(offset) => (offset, "an attribute has no value"),
                    AttrError::UnquotedValue(offset) => {
                        (offset, "an attribute's value is not in quotes")
                    }
                    AttrError::ExpectedQuote(offset, _) => {
                        (offset, "an attribute's value has no closing quote")
                    }
                };
                return Err((offset, format!("{}: {what}", tag(name))));
            }
        }
    }
    Ok(id)
}

/// Closes the innermost open element: a field ends, or a record does.
fn close(
    stack: &mut Vec<Open>,
    record: &mut Option<Record>,
    field: &mut Option<(String, Field)>,
    records: &mut Vec<Record>,
) {
    stack.pop();
    match stack.len() {
        1 => records.extend(record.take()),
        2 => {
            if let (Some((name, mut f)), Some(r)) = (field.take(), record.as_mut()) {
                f.value = f.value.trim().to_owned();
                r.fields.insert(name, f);
            }
        }
        _ => {}
    }
}
