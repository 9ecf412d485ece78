//! Reading a SCIM file into its resources: a ListResponse, a JSON array
//! of resources, or one resource; each resource with the line it starts
//! on and where it is in the file.

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::super::session::{Origin, Session};
use crate::printable;

/// The schema of a ListResponse (RFC 7644, section 3.4.2).
const LIST_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
/// The schema of an error response (RFC 7644, section 3.12).
const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

/// One resource of a file, not yet known to be a User or a Group.
pub(super) struct Resource {
    pub(super) at: Origin,
    /// Where it is in its file: `Resources[2]` in a ListResponse, `[2]` in
    /// an array, empty for a file that is one resource.
    pub(super) place: String,
    pub(super) value: Value,
}

/// The envelope of a ListResponse or an error response: the fields read
/// here, the others ignored.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(default)]
    schemas: Option<Value>,
    #[serde(default, borrow, rename = "Resources")]
    resources: Option<&'a RawValue>,
    #[serde(default)]
    status: Option<Value>,
    #[serde(default)]
    detail: Option<Value>,
}

/// The resources of one file; problems go to the session.
pub(super) fn resources(s: &mut Session<'_>, file: usize) -> Vec<Resource> {
    let inputs = s.inputs;
    let input = &inputs[file];
    let text = input.text.as_str();
    // Where a piece of the text borrowed from it starts.
    let at = |raw: &RawValue| Origin {
        file,
        line: input.line_of(raw.get().as_ptr() as usize - text.as_ptr() as usize),
    };
    // A problem of serde_json's, found in `raw`: its line is counted from
    // the line `raw` starts on.
    let json_problem = |s: &mut Session<'_>, start: Origin, e: &serde_json::Error| {
        let at = Origin {
            file,
            line: start.line + e.line().max(1) - 1,
        };
        s.problem(at, None, json_message(e));
    };
    let top: &RawValue = match serde_json::from_str(text) {
        Ok(top) => top,
        Err(e) => {
            json_problem(s, Origin { file, line: 1 }, &e);
            return Vec::new();
        }
    };
    let start = at(top);
    let items: Vec<(&RawValue, String)> = match top.get().as_bytes().first() {
        Some(b'[') => match serde_json::from_str::<Vec<&RawValue>>(top.get()) {
            Ok(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, item)| (item, format!("[{i}]")))
                .collect(),
            Err(e) => {
                json_problem(s, start, &e);
                return Vec::new();
            }
        },
        Some(b'{') => {
            let envelope: Envelope<'_> = match serde_json::from_str(top.get()) {
                Ok(envelope) => envelope,
                Err(e) => {
                    json_problem(s, start, &e);
                    return Vec::new();
                }
            };
            if has_schema(envelope.schemas.as_ref(), ERROR) {
                let mut message = "the file is a SCIM error response, not resources".to_owned();
                for (name, field) in [("status", &envelope.status), ("detail", &envelope.detail)] {
                    match field {
                        Some(Value::String(t)) => {
                            message.push_str(&format!(" ({name} {})", printable(t)))
                        }
                        Some(Value::Number(n)) => message.push_str(&format!(" ({name} {n})")),
                        _ => {}
                    }
                }
                s.problem(start, None, message);
                return Vec::new();
            }
            match envelope.resources {
                Some(resources) => {
                    let items_at = at(resources);
                    match serde_json::from_str::<Option<Vec<&RawValue>>>(resources.get()) {
                        Ok(items) => items
                            .unwrap_or_default()
                            .into_iter()
                            .enumerate()
                            .map(|(i, item)| (item, format!("Resources[{i}]")))
                            .collect(),
                        Err(_) => {
                            s.problem(
                                items_at,
                                None,
                                "Resources is not an array of resources".to_owned(),
                            );
                            return Vec::new();
                        }
                    }
                }
                // A ListResponse of no results may leave Resources out.
                None if has_schema(envelope.schemas.as_ref(), LIST_RESPONSE) => Vec::new(),
                None => vec![(top, String::new())],
            }
        }
        _ => {
            s.problem(
                start,
                None,
                "a SCIM file holds a ListResponse, a resource (a JSON object) or an array of \
                 resources",
            );
            return Vec::new();
        }
    };
    let mut resources = Vec::with_capacity(items.len());
    for (raw, place) in items {
        let at = at(raw);
        match serde_json::from_str::<Value>(raw.get()) {
            Ok(value @ Value::Object(_)) => resources.push(Resource { at, place, value }),
            Ok(other) => {
                s.read_record();
                s.problem(
                    at,
                    None,
                    format!(
                        "{}: a resource is a JSON object, not {}",
                        if place.is_empty() { "the file" } else { &place },
                        kind_of(&other)
                    ),
                );
            }
            Err(e) => {
                s.read_record();
                json_problem(s, at, &e);
            }
        }
    }
    resources
}

/// Whether `schemas` is a list that names `schema` (URIs compare without
/// regard to ASCII case).
pub(super) fn has_schema(schemas: Option<&Value>, schema: &str) -> bool {
    match schemas {
        Some(Value::Array(items)) => items
            .iter()
            .any(|v| v.as_str().is_some_and(|t| t.eq_ignore_ascii_case(schema))),
        _ => false,
    }
}

/// The attribute `name` of an object. SCIM's attribute names compare
/// without regard to case (RFC 7643, section 2.1): the name as written
/// first, then any spelling of it.
pub(super) fn attribute<'v>(object: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    object.get(name).or_else(|| {
        object
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// A JSON value's type, for messages: `a number`.
pub(super) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde_json's message without its position, which the problem gives as
/// its line; the column stays.
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let message = match text.rfind(" at line ") {
        Some(cut) if e.line() > 0 => &text[..cut],
        _ => text.as_str(),
    };
    let message = printable(message);
    match e.classify() {
        serde_json::error::Category::Eof => format!("malformed JSON: {message}"),
        _ if e.line() > 0 => format!("malformed JSON (column {}): {message}", e.column()),
        _ => format!("malformed JSON: {message}"),
    }
}
