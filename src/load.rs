//! Reading JSON into a [`Document`], reporting every shape problem at once.
//!
//! A well-formed document takes the fast path: one typed serde pass. When
//! that pass fails, the text is read again as a `serde_json::Value` and
//! walked item by item, so that every unknown field, missing field, wrong
//! type, bad date and bad payment is reported, each with its section,
//! index and field. The walk still yields a document (with placeholders
//! where fields were unreadable, recorded in [`Damage`]) so that reference
//! and cycle checks can run on the rest.

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
}

/// A document read as well as it could be, with the problems met.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) document: Document,
    pub(crate) damage: Damage,
    pub(crate) problems: Vec<Problem>,
}

pub(crate) fn parse(json: &[u8]) -> Parsed {
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
    let value = match strict::value(json, &mut walk.problems) {
        Ok(value) => value,
        Err(e) => return failed(syntax_problem(&e)),
    };
    let document = walk.document(value);
    if walk.problems.is_empty() {
        // The walk found nothing the typed pass did not like, so what it
        // disliked is beyond a `Value` (a key given twice in one object).
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
    damage: Damage,
}

impl Walk {
    fn document(&mut self, value: Value) -> Document {
        let mut document = Document::default();
        let mut root = match value {
            Value::Object(map) => map,
            other => {
                self.problems.push(Problem::new(
                    Section::Document,
                    None,
                    None,
                    ProblemKind::WrongType,
                    format!("expected an object, found {}", describe(&other)),
                ));
                return document;
            }
        };
        document.version = self.version(root.remove("version"));
        document.organisations =
            self.list(&mut root, Section::Organisations, |item| Organisation {
                id: item.required("id").unwrap_or_default(),
                name: item.optional("name"),
                parent: item.optional("parent"),
            });
        document.individuals = self.list(&mut root, Section::Individuals, |item| Individual {
            id: item.required("id").unwrap_or_default(),
            name: item.optional("name"),
        });
        document.services = self.list(&mut root, Section::Services, |item| Service {
            id: item.required("id").unwrap_or_default(),
            name: item.optional("name"),
            provider: item.required("provider").unwrap_or_default(),
        });
        document.memberships = self.list(&mut root, Section::Memberships, |item| Membership {
            individual: item.required("individual").unwrap_or_default(),
            organisation: item.required("organisation").unwrap_or_default(),
            title: item.optional("title"),
            from: item.date("from"),
            until: item.date("until"),
        });
        document.reporting = self.list(&mut root, Section::Reporting, |item| Reporting {
            individual: item.required("individual").unwrap_or_default(),
            manager: item.required("manager").unwrap_or_default(),
            from: item.date("from"),
            until: item.date("until"),
        });
        document.funding = self.list(&mut root, Section::Funding, |item| Funding {
            payer: item.required("payer").unwrap_or_default(),
            service: item.required("service").unwrap_or_default(),
            payment: item.payment(),
            approved_by: item.optional("approved_by").unwrap_or_default(),
            from: item.date("from"),
            until: item.date("until"),
        });
        document.usage = self.list(&mut root, Section::Usage, |item| Usage {
            user: item.required("user").unwrap_or_default(),
            service: item.required("service").unwrap_or_default(),
            from: item.date("from"),
            until: item.date("until"),
        });
        document.dependencies = self.list(&mut root, Section::Dependencies, |item| Dependency {
            service: item.required("service").unwrap_or_default(),
            depends_on: item.required("depends_on").unwrap_or_default(),
            from: item.date("from"),
            until: item.date("until"),
        });
        document.oversight = self.list(&mut root, Section::Oversight, |item| Oversight {
            overseer: item.required("overseer").unwrap_or_default(),
            organisation: item.required("organisation").unwrap_or_default(),
            from: item.date("from"),
            until: item.date("until"),
        });
        document.partnerships = self.list(&mut root, Section::Partnerships, |item| Partnership {
            parties: item.parties(),
            from: item.date("from"),
            until: item.date("until"),
        });
        for key in root.keys() {
            self.problems.push(Problem::new(
                Section::Document,
                None,
                Some(key.clone()),
                ProblemKind::UnknownField,
                format!(
                    "unknown field (expected version or one of the lists: {})",
                    list_keys()
                ),
            ));
        }
        document
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

    fn list<T>(
        &mut self,
        root: &mut Map<String, Value>,
        section: Section,
        mut read: impl FnMut(&mut Item<'_>) -> T,
    ) -> Vec<T> {
        let items = match root.remove(section.key()) {
            None | Some(Value::Null) => return Vec::new(),
            Some(Value::Array(items)) => items,
            Some(other) => {
                self.problems.push(Problem::new(
                    section,
                    None,
                    None,
                    ProblemKind::WrongType,
                    format!("expected a list, found {}", describe(&other)),
                ));
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for (index, value) in items.into_iter().enumerate() {
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
                    // A placeholder, every field unreadable, keeps the
                    // indices of the items after it.
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
            let value = read(&mut item);
            item.finish();
            out.push(value);
        }
        out
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

/// Plain JSON reading that notes every key given twice in an item or at
/// the top level (a `Value` keeps only the last), by section, index and
/// field.
mod strict {
    use std::fmt;

    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde_json::{Map, Number, Value};

    use crate::problem::{Problem, ProblemKind, Section};

    /// Reads `json` as a `Value`, adding a problem for each key given twice.
    pub(super) fn value(
        json: &[u8],
        problems: &mut Vec<Problem>,
    ) -> Result<Value, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_slice(json);
        let value = Seed {
            place: Place::Root,
            problems,
        }
        .deserialize(&mut de)?;
        de.end()?;
        Ok(value)
    }

    /// Where a value stands in the document, as far as a key can matter.
    #[derive(Clone, Copy)]
    enum Place {
        Root,
        List(Section),
        Item(Section, usize),
        /// Anywhere else: a value there is of the wrong type anyway.
        Elsewhere,
    }

    struct Seed<'p> {
        place: Place,
        problems: &'p mut Vec<Problem>,
    }

    impl<'de> DeserializeSeed<'de> for Seed<'_> {
        type Value = Value;

        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Seed<'_> {
        type Value = Value;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any JSON value")
        }

        fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }

        fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
            Ok(Value::Number(v.into()))
        }

        fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
            Ok(Value::Number(v.into()))
        }

        fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
            Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
        }

        fn visit_str<E>(self, v: &str) -> Result<Value, E> {
            Ok(Value::String(v.to_owned()))
        }

        fn visit_string<E>(self, v: String) -> Result<Value, E> {
            Ok(Value::String(v))
        }

        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }

        fn visit_none<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            loop {
                let place = match self.place {
                    Place::List(section) => Place::Item(section, items.len()),
                    _ => Place::Elsewhere,
                };
                let seed = Seed {
                    place,
                    problems: &mut *self.problems,
                };
                match seq.next_element_seed(seed)? {
                    Some(item) => items.push(item),
                    None => return Ok(Value::Array(items)),
                }
            }
        }

        fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Value, A::Error> {
            let mut fields = Map::new();
            while let Some(key) = map.next_key::<String>()? {
                let place = match self.place {
                    Place::Root => Section::LISTS
                        .into_iter()
                        .find(|s| s.key() == key)
                        .map_or(Place::Elsewhere, Place::List),
                    _ => Place::Elsewhere,
                };
                let seed = Seed {
                    place,
                    problems: &mut *self.problems,
                };
                let value = map.next_value_seed(seed)?;
                if fields.contains_key(&key) {
                    self.duplicate(key.clone());
                }
                fields.insert(key, value);
            }
            Ok(Value::Object(fields))
        }
    }

    impl Seed<'_> {
        fn duplicate(&mut self, key: String) {
            let message = "the key is given twice in one object".to_owned();
            let kind = ProblemKind::DuplicateKey;
            let problem = match self.place {
                Place::Item(section, index) => Problem::at(section, index, key, kind, message),
                Place::Root if key == Section::Version.key() => {
                    Problem::new(Section::Version, None, None, kind, message)
                }
                Place::Root => match Section::LISTS.into_iter().find(|s| s.key() == key) {
                    Some(section) => Problem::new(section, None, None, kind, message),
                    None => Problem::new(Section::Document, None, Some(key), kind, message),
                },
                Place::List(_) | Place::Elsewhere => return,
            };
            self.problems.push(problem);
        }
    }
}
