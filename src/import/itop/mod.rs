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
//! | `Organization` (`name`, `parent_id`) | an organisation `organization-N`, external id `itop-organization: N` |
//! | `Person` (`first_name`, `name`, `email`, `phone`, `mobile_phone`, `org_id`, `function`, `manager_id`) | an individual `person-N` with `email` as its email, `phone` then `mobile_phone` as its phones, and external id `itop-person: N`; a membership of `org_id` titled `function`; a reporting line to `manager_id` |
//! | `Team` (`name`, `email`, `phone`, `org_id`) | an organisation `team-N` below `org_id`, with `email` as its email, `phone` as its phone and external id `itop-team: N` |
//! | `lnkPersonToTeam` (`person_id`, `team_id`) | a membership |
//! | `Service` (`name`, `org_id`) | a service `service-N` provided by `org_id` |
//! | `CustomerContract` (`org_id`, `provider_id`, `start_date`, `end_date`, `cost`) | for each linked service: funding by `org_id` (cash with a cost, otherwise none) and usage by `org_id`, both from `start_date` until the day after `end_date` |
//! | `lnkCustomerContractToService` (`customercontract_id`, `service_id`) | links a contract to a service |
//! | `lnkContactToContract` (`contract_id`, `contact_id`) | a Person contact of a `CustomerContract` approves every funding the contract makes: it is added to their `approved_by`, in the order of the links, each person once |
//!
//! An id of 0 (or an empty field) in `parent_id`, `org_id` of a person or
//! team, `manager_id` or `provider_id` means none. Every other reference
//! must name a record of the right class in the files: `contract_id` a
//! `CustomerContract` or a `ProviderContract`, `contact_id` a `Person` or
//! a `Team` (iTop numbers the contracts together, and the contacts).
//!
//! Each organisation, team and person keeps its iTop id as an external
//! id whose system is `itop-` and the class in lower case (`itop-person:
//! 12` finds `person-12`): iTop numbers each class on its own, so the
//! class keeps an Organization 12 and a Person 12 apart. Services have no
//! external ids in the model.
//!
//! An empty `email` is none. An `email` that is not an email address
//! (RFC 5321/5322 syntax, the document's rule) is a problem naming the
//! file and the line of the field, and the import fails, as with any other
//! bad value: the address is what tickets find the person by, so it is
//! not dropped silently. Two parties giving one address is a problem of
//! the document, reported at the second record.
//!
//! `phone` (and a Person's `mobile_phone`) are the party's phone numbers,
//! the desk phone first, a number both give once; an empty one is none.
//! One that breaks the document's rule (trimmed, at most 64 characters,
//! an ASCII digit, no control or format character) is a problem naming
//! the file and the line of the field, as a bad `email` is.
//!
//! Skipped: records of other classes, a contract linked to no service,
//! a `lnkContactToContract` whose contact is a `Team` (a funding is
//! approved by individuals), whose contract is a `ProviderContract` (it
//! makes no funding) or a contract linked to no service, and a later copy
//! of a record that changes none of its fields.
//!
//! # A record given again
//!
//! iTop's modules restate records in later files (an `Organization` given
//! again with its delivery model filled in), and iTop's data loader
//! (`XMLDataLoader::LoadFile`) reads a record whose class and id it has
//! already loaded as an update of that object: it sets each field the
//! later copy holds and leaves the others as they were. This importer does
//! the same with [`Restated::Update`], the default. A later copy, in a
//! later file or later in the same file, updates the record as read so
//! far field by field:
//!
//! - a field the later copy has replaces the earlier value, even when it
//!   is empty: iTop sets an empty value as the attribute's null value and
//!   an empty or 0 reference as no object, so `<name></name>` clears the
//!   name and `<parent_id>0</parent_id>` the parent;
//! - a field only the earlier copy has stays;
//! - the merged record is then mapped as above, once, where its first
//!   copy is; a problem with a field names the copy that gave it. This
//!   holds for `email` as for any field: a later copy's address replaces
//!   the earlier one, and `<email></email>` clears it.
//!
//! A later copy that changes at least one field (ignored fields such as
//! `deliverymodel_id` included) is named in [`Import::updated`] and
//! counts as mapped. A later copy that changes nothing (every field it has
//! agrees with the record as read so far) is skipped as the same record.
//! A later copy of a record of a class this importer does not read is
//! skipped as such.
//!
//! With [`Restated::Refuse`] (`svcrel import --strict`), a later copy must
//! agree with the first one field for field, the same fields present, and
//! is skipped; one that differs is a problem naming both places and the
//! fields that differ.
//!
//! [`Restated::Update`]: crate::Restated::Update
//! [`Restated::Refuse`]: crate::Restated::Refuse
//! [`Import::updated`]: crate::Import::updated

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap, btree_map};

use jiff::civil::Date;

mod xml;

use xml::parse;

use super::Restated;
use super::session::{Needs, Origin, Session, parse_date, read_email};
use crate::document::{
    Funding, Individual, Membership, Organisation, Payment, Reporting, Service, Usage,
};
use crate::error::Error;
use crate::printable;

/// The classes this importer reads, for the reason it gives for others.
const CLASSES: &str = "Organization, Person, Team, lnkPersonToTeam, Service, CustomerContract, \
                       lnkCustomerContractToService, lnkContactToContract";

/// Whether this importer reads records of a class (one of [`CLASSES`]).
fn reads(class: &str) -> bool {
    CLASSES.split(", ").any(|c| c == class)
}

/// One field of a record: its trimmed text and where it starts (the file
/// of a later copy, when that copy gave the field).
#[derive(Clone, Debug)]
struct Field {
    value: String,
    at: Origin,
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
        self.fields.get(name).map_or(self.at, |f| f.at)
    }

    /// The field's value, or `None` when it is empty.
    fn text(&self, name: &str) -> Option<String> {
        Some(self.value(name).to_owned()).filter(|v| !v.is_empty())
    }

    /// The record's id in iTop, as the party's external id: the system is
    /// `itop-` and the class in lower case (`{"itop-person": "12"}`), as
    /// iTop numbers each class on its own.
    fn external_ids(&self) -> BTreeMap<String, String> {
        BTreeMap::from([(
            format!("itop-{}", self.class.to_lowercase()),
            self.id.clone(),
        )])
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

    // Each record once, at its first copy: a later copy updates it or, with
    // `Restated::Refuse`, must agree with it.
    let mut first: HashMap<(String, String), usize> = HashMap::new();
    let mut unique: Vec<Record> = Vec::new();
    for record in records {
        s.read_record();
        let earlier = match first.entry((record.class.clone(), record.id.clone())) {
            Entry::Vacant(entry) => {
                entry.insert(unique.len());
                unique.push(record);
                continue;
            }
            Entry::Occupied(entry) => &mut unique[*entry.get()],
        };
        match s.restated {
            Restated::Refuse => refuse(s, earlier, &record),
            Restated::Update => update(s, earlier, record),
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

    // The approvers of each customer contract: the Persons its contacts
    // are, in the order of their links, each once.
    let mut contract_approvers: HashMap<&str, Vec<String>> = HashMap::new();
    for link in unique.iter().filter(|r| r.class == "lnkContactToContract") {
        if let Some((contract, person)) = mapper.contract_contact(s, link, &contract_services) {
            let approvers = contract_approvers.entry(contract).or_default();
            if !approvers.contains(&person) {
                approvers.push(person);
            }
        }
    }

    for record in &unique {
        match record.class.as_str() {
            "Organization" => {
                let parent = mapper.optional(s, record, "parent_id", "Organization");
                s.push(
                    Organisation {
                        name: record.text("name"),
                        parent: parent.map(|p| entity_id("Organization", p).into()),
                        external_ids: record.external_ids(),
                        ..Organisation::new(entity_id("Organization", &record.id))
                    },
                    record.at,
                );
            }
            "Person" => mapper.person(s, record),
            "Team" => {
                let parent = mapper.optional(s, record, "org_id", "Organization");
                let id = entity_id("Team", &record.id);
                let emails = email(s, record, &id).into_iter().collect();
                let phones = phones(s, record, &id, &["phone"]);
                s.push(
                    Organisation {
                        name: record.text("name"),
                        parent: parent.map(|p| entity_id("Organization", p).into()),
                        emails,
                        phones,
                        external_ids: record.external_ids(),
                        ..Organisation::new(id)
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
                let approvers = contract_approvers
                    .get(record.id.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                mapper.contract(s, record, services, approvers);
            }
            // Mapped with their contracts (a link skipped was named so).
            "lnkCustomerContractToService" | "lnkContactToContract" => {}
            _ => s.skip(
                record.at,
                record.label(),
                format!("not a class this importer reads (it reads {CLASSES})"),
            ),
        }
    }
    Ok(())
}

/// A later copy with `Restated::Refuse`: skipped when it agrees with the
/// first copy field for field, a problem naming both places otherwise.
fn refuse(s: &mut Session<'_>, first: &Record, copy: &Record) {
    let (a, b) = (first.contents(), copy.contents());
    if a == b {
        let reason = format!("the same record as {}", s.place(first.at));
        s.skip(copy.at, copy.label(), reason);
    } else {
        s.problem(
            copy.at,
            Some(&entity_id(&copy.class, &copy.id)),
            format!(
                "{} differs from the copy at {} ({})",
                copy.label(),
                s.place(first.at),
                differing_fields(&a, &b)
            ),
        );
    }
}

/// A later copy with `Restated::Update`: each field it has replaces the
/// record's, and the copy is noted as an update; a copy that changes no
/// field, or one of a class this importer does not read, is skipped.
fn update(s: &mut Session<'_>, record: &mut Record, copy: Record) {
    let changed: Vec<String> = copy
        .fields
        .iter()
        .filter(|(name, field)| {
            record
                .fields
                .get(*name)
                .is_none_or(|f| f.value != field.value)
        })
        .map(|(name, _)| printable(name).into_owned())
        .collect();
    if changed.is_empty() {
        let reason = format!("the same record as {}", s.place(record.at));
        s.skip(copy.at, copy.label(), reason);
        return;
    }
    if !reads(&copy.class) {
        s.skip(
            copy.at,
            copy.label(),
            format!("not a class this importer reads (it reads {CLASSES})"),
        );
        return;
    }
    s.update(copy.at, copy.label(), record.at, changed);
    for (name, field) in copy.fields {
        match record.fields.entry(name) {
            btree_map::Entry::Occupied(mut earlier) => {
                if earlier.get().value != field.value {
                    earlier.insert(field);
                }
            }
            btree_map::Entry::Vacant(entry) => {
                entry.insert(field);
            }
        }
    }
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
        needs: Needs,
    ) -> Result<Option<&'r str>, ()> {
        let target = self.reference_to(s, record, field, &[class], needs)?;
        Ok(target.map(|t| t.id.as_str()))
    }

    /// Reads a reference field: the id of a record of one of `classes`
    /// (the subclasses of the class iTop's field names, which number
    /// their records together: a `contact_id` is a Person or a Team), which
    /// must be in the files. An empty field or 0 is `Ok(None)`; a missing
    /// record is noted here alone, as a problem at the field or, when the
    /// import skips missing references, with what `needs` it.
    fn reference_to(
        &self,
        s: &mut Session<'_>,
        record: &'r Record,
        field: &str,
        classes: &[&str],
        needs: Needs,
    ) -> Result<Option<&'r Record>, ()> {
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
        if let Some(target) = classes.iter().find_map(|c| self.index.get(&(*c, value))) {
            return Ok(Some(target));
        }
        // One class names the entity the record would have made.
        let id = match classes {
            [class] => Some(entity_id(class, value)),
            _ => None,
        };
        s.missing(
            record.at(field),
            id.as_deref(),
            record.label(),
            format!(
                "{field} {value}: there is no {} {value} in the files",
                classes.join(" or ")
            ),
            needs,
        );
        Err(())
    }

    /// A reference that may be none.
    fn optional(
        &self,
        s: &mut Session<'_>,
        record: &'r Record,
        field: &str,
        class: &str,
    ) -> Option<&'r str> {
        self.reference(s, record, field, class, Needs::Reference)
            .ok()
            .flatten()
    }

    /// A reference that must name a record.
    fn required(
        &self,
        s: &mut Session<'_>,
        record: &'r Record,
        field: &str,
        class: &str,
    ) -> Option<&'r str> {
        self.required_to(s, record, field, &[class])
            .map(|t| t.id.as_str())
    }

    /// A reference that must name a record of one of `classes`.
    fn required_to(
        &self,
        s: &mut Session<'_>,
        record: &'r Record,
        field: &str,
        classes: &[&str],
    ) -> Option<&'r Record> {
        match self.reference_to(s, record, field, classes, Needs::Record) {
            Ok(Some(target)) => Some(target),
            Ok(None) => {
                s.problem(
                    record.at(field),
                    None,
                    format!(
                        "{} needs {field}, the {} it refers to; it is {}",
                        record.label(),
                        classes.join(" or "),
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
        let emails = email(s, record, &id).into_iter().collect();
        let phones = phones(s, record, &id, &["phone", "mobile_phone"]);
        s.push(
            Individual {
                name: Some(name).filter(|n| !n.is_empty()),
                emails,
                phones,
                external_ids: record.external_ids(),
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

    /// Reads a `lnkContactToContract`: the customer contract's id and the
    /// document id of the Person who approves its fundings; `None` after
    /// a problem, or when the link is skipped (a Team, a ProviderContract,
    /// a contract that makes no funding), with its reason.
    fn contract_contact(
        &self,
        s: &mut Session<'_>,
        link: &'r Record,
        services: &HashMap<&str, Vec<String>>,
    ) -> Option<(&'r str, String)> {
        let contract = self.required_to(
            s,
            link,
            "contract_id",
            &["CustomerContract", "ProviderContract"],
        );
        let contact = self.required_to(s, link, "contact_id", &["Person", "Team"]);
        let (contract, contact) = (contract?, contact?);
        let reason = if contract.class != "CustomerContract" {
            format!(
                "{} is not a customer contract: it makes no funding to approve",
                contract.label()
            )
        } else if contact.class != "Person" {
            format!(
                "{} is not a Person: a funding is approved by individuals",
                contact.label()
            )
        } else if services.get(contract.id.as_str()).is_none_or(Vec::is_empty) {
            format!(
                "{} is linked to no service: it makes no funding to approve",
                contract.label()
            )
        } else {
            return Some((contract.id.as_str(), entity_id("Person", &contact.id)));
        };
        s.skip(link.at, link.label(), reason);
        None
    }

    fn contract(
        &self,
        s: &mut Session<'_>,
        record: &'r Record,
        services: &[String],
        approvers: &[String],
    ) {
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
                    approved_by: approvers.iter().map(|a| a.as_str().into()).collect(),
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

/// Reads the `email` field of a Person or Team whose document id is `id`:
/// `None` when it is empty, or after a problem at the field when it is
/// not an email address.
fn email(s: &mut Session<'_>, record: &Record, id: &str) -> Option<String> {
    let value = record.value("email");
    if value.is_empty() {
        return None;
    }
    read_email(s, record.at("email"), id, "email", value)
}

/// Reads the phone numbers of a Person or Team whose document id is
/// `id` from `fields`, in that order: each non-empty one once, after a
/// problem at the field for one that breaks the document's rule.
fn phones(s: &mut Session<'_>, record: &Record, id: &str, fields: &[&str]) -> Vec<String> {
    let mut phones: Vec<String> = Vec::new();
    for field in fields {
        let value = record.value(field);
        if value.is_empty() {
            continue;
        }
        match crate::rules::read_phone(field, value) {
            Ok(phone) if !phones.contains(&phone) => phones.push(phone),
            Ok(_) => {}
            Err(message) => s.problem(record.at(field), Some(id), message),
        }
    }
    phones
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
