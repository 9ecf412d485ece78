//! Reading JSON into a [`Document`], reporting every shape problem at once.
//!
//! A well-formed document takes the fast path: one typed serde pass. When
//! that pass fails, the text is read again as a `serde_json::Value` and
//! walked item by item, so that every unknown field, missing field, wrong
//! type, bad date and bad payment is reported, each with its section,
//! index and field. The walk still yields a document (with placeholders
//! where fields were unreadable, recorded in [`Damage`]) so that reference
//! and cycle checks can run on the rest.

mod strict;

use std::collections::HashSet;

use jiff::civil::Date;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::document::{
    Dependency, Document, Funding, Individual, Membership, Organisation, Oversight, Partnership,
    Payment, Reporting, Service, Usage,
};
use crate::ids::PartyId;
use crate::problem::{Problem, ProblemKind, Section};

/// The fields that could not be read, so that validation does not report
/// their placeholders a second time.
#[derive(Debug, Default)]
pub(crate) struct Damage {
    fields: HashSet<(Section, usize, &'static str)>,
}

impl Damage {
    pub(crate) fn contains(&self, section: Section, index: usize, field: &'static str) -> bool {
        !self.fields.is_empty() && self.fields.contains(&(section, index, field))
    }

    fn insert(&mut self, section: Section, index: usize, field: &'static str) {
        self.fields.insert((section, index, field));
    }

    /// Forgets the fields of a list read again (a list given twice).
    fn clear_section(&mut self, section: Section) {
        self.fields.retain(|&(s, _, _)| s != section);
    }
}

/// A document read as well as it could be, with the problems met.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) document: Document,
    pub(crate) damage: Damage,
    pub(crate) problems: Vec<Problem>,
}

/// How deep arrays and objects may nest: serde_json refuses a document
/// that nests deeper, before anything can recurse on it. A model document
/// nests 4 deep (`approved_by` in an item of `funding`).
pub(crate) const MAX_DEPTH: usize = 127;

/// Reads a model document's file: its bytes, or an error naming the
/// file when it cannot be read or holds nothing.
pub(crate) fn read_file(path: &std::path::Path) -> Result<Vec<u8>, crate::Error> {
    let bytes = std::fs::read(path).map_err(|e| crate::Error::io(Some(path.to_owned()), e))?;
    if is_empty(&bytes) {
        let message = format!(
            "{} is empty (expected a JSON model document)",
            crate::text::printable_path(path)
        );
        return Err(crate::Error::invalid(vec![Problem::syntax(1, 1, message)]));
    }
    Ok(bytes)
}

/// Whether `json` holds nothing but white space (and a byte-order mark).
fn is_empty(json: &[u8]) -> bool {
    without_bom(json).iter().all(u8::is_ascii_whitespace)
}

/// `json` without the UTF-8 byte-order mark some editors write first.
fn without_bom(json: &[u8]) -> &[u8] {
    json.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(json)
}

pub(crate) fn parse(json: &[u8]) -> Parsed {
    // A byte-order mark is read past, as the importers do; columns on the
    // first line count from after it.
    let json = without_bom(json);
    if is_empty(json) {
        let message = "the document is empty (expected a JSON model document)".to_owned();
        return failed(Problem::syntax(1, 1, message));
    }
    // Text known to be UTF-8 as a whole is read as `str`, so serde_json
    // does not check each string again; other bytes take the byte reader,
    // which says where the text stops being UTF-8.
    let typed = match std::str::from_utf8(json) {
        Ok(text) => serde_json::from_str::<Document>(text),
        Err(_) => serde_json::from_slice::<Document>(json),
    };
    let typed_error = match typed {
        Ok(document) => {
            return Parsed {
                document,
                damage: Damage::default(),
                problems: Vec::new(),
            };
        }
        Err(e) => e,
    };
    // Whatever the typed pass disliked, read the text as plain JSON: when
    // that fails too, the text itself is malformed. (The typed pass alone
    // cannot tell: three parties in a partnership are "trailing characters"
    // to a two-element array.)
    let mut walk = Walk::default();
    let document = match strict::document(json, &mut walk) {
        Ok(document) => document,
        Err(e) => return failed(syntax_problem(&e)),
    };
    if walk.problems.is_empty() {
        // The walk found nothing the typed pass did not like, so what it
        // disliked is beyond the walk (a key given twice in one object).
        walk.problems.push(syntax_problem(&typed_error));
    }
    Parsed {
        document,
        damage: walk.damage,
        problems: walk.problems,
    }
}

fn failed(problem: Problem) -> Parsed {
    Parsed {
        document: Document::default(),
        damage: Damage::default(),
        problems: vec![problem],
    }
}

/// A problem located by line and column, from serde_json's error.
fn syntax_problem(e: &serde_json::Error) -> Problem {
    let text = e.to_string();
    let message = match text.rfind(" at line ") {
        Some(cut) => text[..cut].to_owned(),
        None => text,
    };
    // serde_json counts the place before a line's first character as
    // column 0 (the end of an empty text, say); columns count from 1.
    let column = e.column().max(1);
    if message == "recursion limit exceeded" {
        let message = format!(
            "arrays and objects nest more than {MAX_DEPTH} deep (a model document nests 4 deep)"
        );
        return Problem::syntax(e.line(), column, message);
    }
    let mut problem = Problem::syntax(e.line(), column, message.clone());
    if message.starts_with("duplicate field") {
        problem = Problem::syntax(e.line(), column, message.replacen("field", "key", 1))
            .with_kind(ProblemKind::DuplicateKey);
    }
    problem
}

/// Describes a JSON value briefly, for messages.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

#[derive(Default)]
struct Walk {
    problems: Vec<Problem>,
    /// The keys given twice, apart: they are reported first.
    duplicates: Vec<Problem>,
    damage: Damage,
}

impl Walk {
    /// A document that is not an object.
    fn not_an_object(&mut self, found: &str) {
        self.problems.push(Problem::new(
            Section::Document,
            None,
            None,
            ProblemKind::WrongType,
            format!("expected an object, found {found}"),
        ));
    }

    /// A key at the top level that is neither `version` nor a list.
    fn unknown_key(&mut self, key: String) {
        self.problems.push(Problem::new(
            Section::Document,
            None,
            Some(key),
            ProblemKind::UnknownField,
            format!(
                "unknown field (expected version or one of the lists: {})",
                list_keys()
            ),
        ));
    }

    /// A list's value that is not a list (`null` is an empty list).
    fn not_a_list(&mut self, section: Section, found: &str) {
        self.problems.push(Problem::new(
            section,
            None,
            None,
            ProblemKind::WrongType,
            format!("expected a list, found {found}"),
        ));
    }

    fn version(&mut self, value: Option<Value>) -> u32 {
        let problem = |kind, message| Problem::new(Section::Version, None, None, kind, message);
        match value {
            None => self.problems.push(problem(
                ProblemKind::MissingVersion,
                "the document has no version (expected 1)".to_owned(),
            )),
            Some(value) => match value.as_u64().and_then(|v| u32::try_from(v).ok()) {
                Some(version) => return version,
                None => self.problems.push(problem(
                    ProblemKind::UnsupportedVersion,
                    format!(
                        "{} is not a supported format version (expected 1)",
                        describe(&value)
                    ),
                )),
            },
        }
        self.damage.insert(Section::Version, 0, "version");
        0
    }

    /// Reads item `index` of the list `section` into `document`, every
    /// field it can; an item that is not an object becomes a placeholder,
    /// every field unreadable, which keeps the indices of the items after
    /// it.
    fn item(&mut self, document: &mut Document, section: Section, index: usize, value: Value) {
        let (fields, quiet) = match value {
            Value::Object(fields) => (fields, false),
            other => {
                self.problems.push(Problem::new(
                    section,
                    Some(index),
                    None,
                    ProblemKind::WrongType,
                    format!("expected an object, found {}", describe(&other)),
                ));
                (Map::new(), true)
            }
        };
        let mut item = Item {
            section,
            index,
            fields,
            quiet,
            walk: self,
        };
        let d = document;
        match section {
            Section::Organisations => d.organisations.push(Organisation {
                id: item.required("id").unwrap_or_default(),
                name: item.optional("name"),
                parent: item.optional("parent"),
                emails: item.optional("emails").unwrap_or_default(),
                phones: item.optional("phones").unwrap_or_default(),
                external_ids: item.optional("external_ids").unwrap_or_default(),
                email_domains: item.optional("email_domains").unwrap_or_default(),
            }),
            Section::Individuals => d.individuals.push(Individual {
                id: item.required("id").unwrap_or_default(),
                name: item.optional("name"),
                emails: item.optional("emails").unwrap_or_default(),
                phones: item.optional("phones").unwrap_or_default(),
                external_ids: item.optional("external_ids").unwrap_or_default(),
            }),
            Section::Services => d.services.push(Service {
                id: item.required("id").unwrap_or_default(),
                name: item.optional("name"),
                provider: item.required("provider").unwrap_or_default(),
            }),
            Section::Memberships => d.memberships.push(Membership {
                individual: item.required("individual").unwrap_or_default(),
                organisation: item.required("organisation").unwrap_or_default(),
                title: item.optional("title"),
                from: item.date("from"),
                until: item.date("until"),
            }),
            Section::Reporting => d.reporting.push(Reporting {
                individual: item.required("individual").unwrap_or_default(),
                manager: item.required("manager").unwrap_or_default(),
                from: item.date("from"),
                until: item.date("until"),
            }),
            Section::Funding => d.funding.push(Funding {
                payer: item.required("payer").unwrap_or_default(),
                service: item.required("service").unwrap_or_default(),
                payment: item.payment(),
                approved_by: item.optional("approved_by").unwrap_or_default(),
                from: item.date("from"),
                until: item.date("until"),
            }),
            Section::Usage => d.usage.push(Usage {
                user: item.required("user").unwrap_or_default(),
                service: item.required("service").unwrap_or_default(),
                from: item.date("from"),
                until: item.date("until"),
            }),
            Section::Dependencies => d.dependencies.push(Dependency {
                service: item.required("service").unwrap_or_default(),
                depends_on: item.required("depends_on").unwrap_or_default(),
                from: item.date("from"),
                until: item.date("until"),
            }),
            Section::Oversight => d.oversight.push(Oversight {
                overseer: item.required("overseer").unwrap_or_default(),
                organisation: item.required("organisation").unwrap_or_default(),
                from: item.date("from"),
                until: item.date("until"),
            }),
            Section::Partnerships => d.partnerships.push(Partnership {
                parties: item.parties(),
                from: item.date("from"),
                until: item.date("until"),
            }),
            Section::Document | Section::Version => {}
        }
        item.finish();
    }
}

/// Empties the list `section` of `document`, for a list given twice (the
/// last one is read, as for any key given twice).
fn clear_list(document: &mut Document, section: Section) {
    match section {
        Section::Organisations => document.organisations.clear(),
        Section::Individuals => document.individuals.clear(),
        Section::Services => document.services.clear(),
        Section::Memberships => document.memberships.clear(),
        Section::Reporting => document.reporting.clear(),
        Section::Funding => document.funding.clear(),
        Section::Usage => document.usage.clear(),
        Section::Dependencies => document.dependencies.clear(),
        Section::Oversight => document.oversight.clear(),
        Section::Partnerships => document.partnerships.clear(),
        Section::Document | Section::Version => {}
    }
}

fn list_keys() -> String {
    Section::LISTS
        .iter()
        .map(|s| s.key())
        .collect::<Vec<_>>()
        .join(", ")
}

/// One object of a list, its fields taken out one by one.
struct Item<'w> {
    section: Section,
    index: usize,
    fields: Map<String, Value>,
    /// A placeholder for an item that is not an object: its fields are
    /// marked unreadable without a problem each.
    quiet: bool,
    walk: &'w mut Walk,
}

impl Item<'_> {
    fn problem(&mut self, field: &'static str, kind: ProblemKind, message: String) {
        if !self.quiet {
            self.walk
                .problems
                .push(Problem::at(self.section, self.index, field, kind, message));
        }
        self.walk.damage.insert(self.section, self.index, field);
    }

    fn convert<T: DeserializeOwned>(&mut self, field: &'static str, value: Value) -> Option<T> {
        match serde_json::from_value(value) {
            Ok(v) => Some(v),
            Err(e) => {
                self.problem(field, ProblemKind::WrongType, e.to_string());
                None
            }
        }
    }

    fn required<T: DeserializeOwned>(&mut self, field: &'static str) -> Option<T> {
        match self.fields.remove(field) {
            Some(value) => self.convert(field, value),
            None => {
                self.problem(field, ProblemKind::MissingField, "missing field".to_owned());
                None
            }
        }
    }

    fn optional<T: DeserializeOwned>(&mut self, field: &'static str) -> Option<T> {
        match self.fields.remove(field) {
            None | Some(Value::Null) => None,
            Some(value) => self.convert(field, value),
        }
    }

    fn date(&mut self, field: &'static str) -> Option<Date> {
        match self.fields.remove(field) {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => match crate::dates::parse(&text) {
                Ok(date) => Some(date),
                Err(message) => {
                    self.problem(field, ProblemKind::BadDate, message);
                    None
                }
            },
            Some(other) => {
                let message = format!("{} is not a date written YYYY-MM-DD", describe(&other));
                self.problem(field, ProblemKind::BadDate, message);
                None
            }
        }
    }

    fn payment(&mut self) -> Payment {
        let value = self.fields.remove("payment");
        let parsed = value
            .as_ref()
            .and_then(|v| serde_json::from_value::<Payment>(v.clone()).ok());
        match (parsed, value) {
            (Some(payment), _) => return payment,
            (None, None) => self.problem(
                "payment",
                ProblemKind::MissingField,
                "missing field (one of cash, trade, chargeback, allocation, none)".to_owned(),
            ),
            (None, Some(value)) => self.problem(
                "payment",
                ProblemKind::BadPayment,
                format!(
                    "{} is not one of cash, trade, chargeback, allocation, none",
                    describe(&value)
                ),
            ),
        }
        Payment::None
    }

    fn parties(&mut self) -> [PartyId; 2] {
        let parties: Vec<PartyId> = self.required("parties").unwrap_or_default();
        match <[PartyId; 2]>::try_from(parties) {
            Ok(pair) => pair,
            Err(parties) => {
                if !self
                    .walk
                    .damage
                    .contains(self.section, self.index, "parties")
                {
                    let message = format!(
                        "names {} part{}; a partnership joins exactly two different parties",
                        parties.len(),
                        if parties.len() == 1 { "y" } else { "ies" }
                    );
                    self.problem("parties", ProblemKind::BadPartnership, message);
                }
                Default::default()
            }
        }
    }

    fn finish(self) {
        for key in self.fields.keys() {
            self.walk.problems.push(Problem::at(
                self.section,
                self.index,
                key.clone(),
                ProblemKind::UnknownField,
                "unknown field".to_owned(),
            ));
        }
    }
}
