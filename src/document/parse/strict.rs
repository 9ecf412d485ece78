//! Plain JSON reading that notes every key given twice in an item or at
//! the top level (a `Value` keeps only the last), by section, index and
//! field; the lists are read an item at a time, so a document that fails
//! the typed pass costs about as much memory as one that passes it.
use std::collections::{BTreeSet, HashSet};
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::{Walk, clear_list};
use crate::document::{Document, EmailPolicy};
use crate::problem::{Problem, ProblemKind, Section};

/// Reads `json` into a document, item by item, adding a problem to
/// `walk` for everything out of shape and for each key given twice.
///
/// The problems come as they did when the whole text was read as one
/// value first: the keys given twice (in document order), then the
/// version, the lists in the format's order and the unknown keys in
/// the order of their names. A key given twice counts as its last copy,
/// so a list given twice is checked as its last copy alone.
pub(super) fn document(json: &[u8], walk: &mut Walk) -> Result<Document, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(json);
    let document = Root { walk }.deserialize(&mut de)?;
    de.end()?;
    Ok(document)
}

/// The top-level object.
struct Root<'w> {
    walk: &'w mut Walk,
}

impl<'de> DeserializeSeed<'de> for Root<'_> {
    type Value = Document;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Document, D::Error> {
        d.deserialize_any(self)
    }
}

impl Root<'_> {
    fn not_an_object(self, found: &Value) -> Document {
        self.walk.not_an_object(&super::describe(found));
        Document::default()
    }
}

impl<'de> Visitor<'de> for Root<'_> {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a model document")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Document, E> {
        Ok(self.not_an_object(&Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Document, E> {
        Ok(self.not_an_object(&Value::from(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Document, E> {
        Ok(self.not_an_object(&Value::from(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Document, E> {
        Ok(self.not_an_object(&Value::from(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Document, E> {
        Ok(self.not_an_object(&Value::from(v)))
    }

    fn visit_unit<E>(self) -> Result<Document, E> {
        Ok(self.not_an_object(&Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Document, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(self.not_an_object(&Value::Array(Vec::new())))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
        let walk = self.walk;
        let mut document = Document::default();
        let mut version = None;
        let mut policy: Option<Value> = None;
        let mut seen: HashSet<String> = HashSet::new();
        let mut lists: [Vec<Problem>; Section::LISTS.len()] = Default::default();
        let mut unknown: BTreeSet<String> = BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let again = !seen.insert(key.clone());
            if again {
                duplicate(&mut walk.duplicates, Place::Root, key.clone());
            }
            if key == Section::Version.key() {
                version = Some(map.next_value::<Value>()?);
                continue;
            }
            if key == "email_policy" {
                let value = map.next_value::<Value>()?;
                match serde_json::from_value::<EmailPolicy>(value.clone()) {
                    Ok(policy) => document.email_policy = policy,
                    Err(_) => policy = Some(value),
                }
                continue;
            }
            let Some(at) = Section::LISTS.iter().position(|s| s.key() == key) else {
                unknown.insert(key);
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let section = Section::LISTS[at];
            if again {
                // Only the last copy counts: what the first left goes.
                clear_list(&mut document, section);
                walk.damage.clear_section(section);
            }
            map.next_value_seed(List {
                section,
                walk: &mut *walk,
                document: &mut document,
            })?;
            lists[at] = std::mem::take(&mut walk.problems);
        }
        document.version = walk.version(version);
        let mut problems = std::mem::take(&mut walk.duplicates);
        problems.append(&mut walk.problems);
        problems.extend(lists.into_iter().flatten());
        if let Some(value) = policy {
            walk.problems.push(Problem::new(
                Section::Document,
                None,
                Some("email_policy".to_owned()),
                ProblemKind::WrongType,
                format!(
                    "{} is not an email policy (expected \"unique\" or \"shared\")",
                    super::describe(&value)
                ),
            ));
        }
        for key in unknown {
            walk.unknown_key(key);
        }
        problems.append(&mut walk.problems);
        walk.problems = problems;
        Ok(document)
    }
}

/// One of the lists, read into `document` an item at a time.
struct List<'a> {
    section: Section,
    walk: &'a mut Walk,
    document: &'a mut Document,
}

impl List<'_> {
    fn not_a_list<E>(self, found: &Value) -> Result<(), E> {
        self.walk.not_a_list(self.section, &super::describe(found));
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for List<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for List<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.not_a_list(&Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.not_a_list(&Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.not_a_list(&Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        self.not_a_list(&Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        self.not_a_list(&Value::from(v))
    }

    /// `null` is an empty list.
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.not_a_list(&Value::Object(Map::new()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            let seed = Seed {
                place: Place::Item(self.section, index),
                duplicates: &mut self.walk.duplicates,
            };
            let Some(value) = seq.next_element_seed(seed)? else {
                return Ok(());
            };
            self.walk.item(self.document, self.section, index, value);
            index += 1;
        }
    }
}

/// Where a value stands in the document, as far as a key can matter.
#[derive(Clone, Copy)]
enum Place {
    Root,
    Item(Section, usize),
    /// Anywhere else: a value there is of the wrong type anyway.
    Elsewhere,
}

/// Reads a value, noting each key given twice in an item.
struct Seed<'p> {
    place: Place,
    duplicates: &'p mut Vec<Problem>,
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
            let seed = Seed {
                place: Place::Elsewhere,
                duplicates: &mut *self.duplicates,
            };
            match seq.next_element_seed(seed)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut fields = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let seed = Seed {
                place: Place::Elsewhere,
                duplicates: &mut *self.duplicates,
            };
            let value = map.next_value_seed(seed)?;
            if fields.contains_key(&key) {
                duplicate(self.duplicates, self.place, key.clone());
            }
            fields.insert(key, value);
        }
        Ok(Value::Object(fields))
    }
}

/// Notes `key` given twice at `place`: where a key can matter (an
/// item's field, a key at the top level), a problem.
fn duplicate(duplicates: &mut Vec<Problem>, place: Place, key: String) {
    let message = "the key is given twice in one object".to_owned();
    let kind = ProblemKind::DuplicateKey;
    let problem = match place {
        Place::Item(section, index) => Problem::at(section, index, key, kind, message),
        Place::Root if key == Section::Version.key() => {
            Problem::new(Section::Version, None, None, kind, message)
        }
        Place::Root => match Section::LISTS.into_iter().find(|s| s.key() == key) {
            Some(section) => Problem::new(section, None, None, kind, message),
            None => Problem::new(Section::Document, None, Some(key), kind, message),
        },
        Place::Elsewhere => return,
    };
    duplicates.push(problem);
}
