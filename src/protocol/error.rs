//! Errors as data: the object a program receives instead of an answer.

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::ids::EntityKind;

/// What kind of failure an [`ErrorObject`] reports, for a program to
/// match on; written in snake case (`"unknown_id"`).
///
/// ```
/// use svcrel::{ErrorCode, ErrorObject, Model, Question};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let err = model.ask(&Question::customers("dana").into()).unwrap_err();
/// assert_eq!(ErrorObject::from(&err).kind, ErrorCode::WrongKind);
/// assert_eq!(serde_json::to_string(&ErrorCode::WrongKind).unwrap(), r#""wrong_kind""#);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// An id the model lacks; `did_you_mean` may hold a close one.
    UnknownId,
    /// An id of the model that names an entity of another kind than the
    /// question wants (a service where a party is wanted, or the reverse).
    WrongKind,
    /// The question is not one: not JSON, an unknown field, a missing
    /// id, a date that is not `YYYY-MM-DD`, a bad cutoff or limit.
    InvalidQuestion,
    /// The model document is malformed or invalid; `problems` lists
    /// every problem.
    InvalidModel,
    /// A file or stream could not be read or written.
    Io,
    /// The answer would be too large as asked: ask with `"evidence":
    /// "via"`.
    TooLarge,
    /// An importer's files could not be imported; `problems` lists why.
    Import,
}

/// An error as data: `{"kind": "unknown_id", "id": "expense-ap",
/// "did_you_mean": "expense-app", "message": "…"}`.
///
/// `message` is the error's text for people; `id`, `did_you_mean`,
/// `found` and `problems` are there only when they say something. The
/// fields are public and the struct `#[non_exhaustive]`, as for the
/// answers: plain data, to which fields may be added.
///
/// ```
/// use svcrel::{ErrorCode, ErrorObject, Model, Question};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let err = model.ask(&Question::customers("expense-ap").into()).unwrap_err();
/// let object = ErrorObject::from(&err);
/// assert_eq!(object.kind, ErrorCode::UnknownId);
/// assert_eq!(object.id.as_deref(), Some("expense-ap"));
/// assert_eq!(object.did_you_mean.as_deref(), Some("expense-app"));
/// assert_eq!(object.message, r#"no service has the id "expense-ap" (did you mean "expense-app"?)"#);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ErrorObject {
    /// What kind of failure.
    pub kind: ErrorCode,
    /// The id asked about, for `unknown_id` and `wrong_kind`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A close id of the kind wanted, for `unknown_id` and `wrong_kind`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub did_you_mean: Option<String>,
    /// The kind of entity the id names, for `wrong_kind`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found: Option<EntityKind>,
    /// The error in words.
    pub message: String,
    /// Every problem of an invalid model or a refused import, one line
    /// each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

impl From<&Error> for ErrorObject {
    fn from(err: &Error) -> Self {
        let unknown = err.unknown();
        let kind = match err.kind() {
            ErrorKind::UnknownId => match unknown {
                Some((_, Some(_))) => ErrorCode::WrongKind,
                _ => ErrorCode::UnknownId,
            },
            ErrorKind::InvalidQuestion | ErrorKind::BadDate => ErrorCode::InvalidQuestion,
            ErrorKind::Invalid => ErrorCode::InvalidModel,
            ErrorKind::Io => ErrorCode::Io,
            ErrorKind::TooLarge => ErrorCode::TooLarge,
            ErrorKind::Import => ErrorCode::Import,
        };
        let problems = err.problems().iter().map(|p| p.to_string());
        #[cfg(any(feature = "itop", feature = "backstage", feature = "csv"))]
        let problems = problems.chain(err.import_problems().iter().map(|p| p.to_string()));
        let problems: Vec<String> = problems.collect();
        ErrorObject {
            kind,
            id: unknown.map(|(id, _)| id.to_owned()),
            did_you_mean: err.suggestion().map(str::to_owned),
            found: unknown.and_then(|(_, found)| found),
            message: err.to_string(),
            problems,
        }
    }
}

/// What a program receives instead of an answer: `{"error": {…}}`, the
/// [`ErrorObject`] under `"error"`. (`svcrel batch` adds `"line"`, the
/// number of the question's line.)
///
/// ```
/// use svcrel::{ErrorReply, Question};
///
/// let err = Question::from_json("{").unwrap_err();
/// let json = serde_json::to_string(&ErrorReply::from(&err)).unwrap();
/// assert!(json.starts_with(r#"{"error":{"kind":"invalid_question","message":"EOF while parsing"#));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ErrorReply {
    /// The error.
    pub error: ErrorObject,
}

impl From<&Error> for ErrorReply {
    fn from(err: &Error) -> Self {
        ErrorReply {
            error: ErrorObject::from(err),
        }
    }
}
