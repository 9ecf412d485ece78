//! The JSON Schemas of the protocol, as committed under `schema/`.

use schemars::Schema;
use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;

use crate::protocol::{Answer, ErrorReply, Question};

/// A part of the protocol that has a JSON Schema (draft 2020-12): the
/// questions a program sends, the answers it receives, and the errors it
/// receives instead.
///
/// The schemas are committed in the repository under `schema/`, one file
/// each ([`ProtocolSchema::file_name`]); a test fails when they differ
/// from what [`ProtocolSchema::to_json`] makes.
///
/// ```
/// use svcrel::ProtocolSchema;
///
/// let schema: serde_json::Value = serde_json::from_str(&ProtocolSchema::Question.to_json()).unwrap();
/// assert_eq!(schema["title"], "Question");
/// assert_eq!(ProtocolSchema::Answer.file_name(), "answer.json");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProtocolSchema {
    /// [`Question`]: what may be asked, as it is read.
    Question,
    /// [`Answer`]: what is answered, as it is written.
    Answer,
    /// [`ErrorReply`]: what is answered instead, as it is written.
    Error,
}

impl ProtocolSchema {
    /// Every schema of the protocol.
    pub const ALL: [ProtocolSchema; 3] = [
        ProtocolSchema::Question,
        ProtocolSchema::Answer,
        ProtocolSchema::Error,
    ];

    /// The name of its file under `schema/`.
    ///
    /// ```
    /// assert_eq!(svcrel::ProtocolSchema::Error.file_name(), "error.json");
    /// ```
    pub fn file_name(self) -> &'static str {
        match self {
            ProtocolSchema::Question => "question.json",
            ProtocolSchema::Answer => "answer.json",
            ProtocolSchema::Error => "error.json",
        }
    }

    /// The schema as pretty-printed JSON text, ending with a newline.
    ///
    /// ```
    /// let text = svcrel::ProtocolSchema::Error.to_json();
    /// assert!(text.contains("\"unknown_id\""));
    /// ```
    pub fn to_json(self) -> String {
        let settings =
            SchemaSettings::draft2020_12().with_transform(RecursiveTransform(for_programs));
        let schema = match self {
            ProtocolSchema::Question => settings
                .for_deserialize()
                .into_generator()
                .into_root_schema_for::<Question>(),
            ProtocolSchema::Answer => settings
                .for_serialize()
                .into_generator()
                .into_root_schema_for::<Answer>(),
            ProtocolSchema::Error => settings
                .for_serialize()
                .into_generator()
                .into_root_schema_for::<ErrorReply>(),
        };
        let mut text =
            serde_json::to_string_pretty(&schema).expect("a schema is a JSON value and writes");
        text.push('\n');
        text
    }
}

/// Keeps the words of a description and drops what only rustdoc reads:
/// code examples, and the targets of links (`[`Model`](crate::Model)`
/// becomes `Model`).
fn for_programs(schema: &mut Schema) {
    let Some(serde_json::Value::String(text)) = schema.get_mut("description") else {
        return;
    };
    let mut words = String::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            words.push_str(line);
            words.push('\n');
        }
    }
    let mut out = String::with_capacity(words.len());
    let mut rest = words.as_str();
    while let Some(at) = rest.find("](") {
        let Some(end) = rest[at..].find(')') else {
            break;
        };
        out.push_str(&rest[..at]);
        rest = &rest[at + end + 1..];
    }
    out.push_str(rest);
    let out = out.replace(['[', ']'], "");
    *text = out.trim().to_owned();
}
