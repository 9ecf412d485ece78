//! Reading an iTop XML data-set file into records, every malformed
//! element, attribute or repeat reported with its line.

use std::collections::BTreeMap;

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::attributes::{AttrError, Attribute};
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::{Field, Record};
use crate::import::session::{Origin, Session};
use crate::printable;

/// An element open while reading: its name and the line it starts on.
struct Open {
    name: String,
    line: usize,
}

/// Reads the records of one file; a malformed file is a problem, and what
/// was read before it is dropped.
pub(super) fn parse(s: &mut Session<'_>, file: usize) -> Vec<Record> {
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
                                    first.at.line
                                ),
                            ));
                            break;
                        }
                        field = Some((
                            name.clone(),
                            Field {
                                value: String::new(),
                                at: here,
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
pub(super) fn tag(name: &str) -> String {
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
