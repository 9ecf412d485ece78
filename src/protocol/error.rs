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
    /// The model document is malformed or invalid, or a batch of edits
    /// was refused; `problems` lists every problem.
    InvalidModel,
    /// A file or stream could not be read or written.
    Io,
    /// The answer would be too large as asked: ask with `"evidence":
    /// "via"`.
    TooLarge,
    /// An importer's files could not be imported; `problems` lists why.
    Import,
    /// The service's request is not what its route takes (a body that is
    /// not a JSON array of edits, a query parameter given twice).
    InvalidRequest,
    /// The service wants `Authorization: Bearer <token>`, and the request
    /// has none or another token.
    Unauthorized,
    /// The service has no such route.
    NotFound,
    /// The service's route takes another method.
    MethodNotAllowed,
    /// The service's request took too long.
    Timeout,
    /// The service's request body is larger than it takes.
    BodyTooLarge,
    /// The service's request body is of a media type the route does not
    /// take.
    UnsupportedMediaType,
    /// The service is still loading its model.
    NotReady,
    /// The service failed for a reason of its own (a journal it cannot
    /// write, say).
    Internal,
}

impl ErrorCode {
    /// The HTTP status that the service (`svcrel serve`) answers an error
    /// of this kind with:
    ///
    /// | kind | status |
    /// |---|---|
    /// | `invalid_question`, `invalid_request` | 400 Bad Request |
    /// | `unauthorized` | 401 Unauthorized |
    /// | `unknown_id`, `not_found` | 404 Not Found |
    /// | `method_not_allowed` | 405 Method Not Allowed |
    /// | `timeout` | 408 Request Timeout |
    /// | `body_too_large` | 413 Content Too Large |
    /// | `unsupported_media_type` | 415 Unsupported Media Type |
    /// | `wrong_kind`, `invalid_model` (a refused batch of edits), `too_large` (an answer too large as asked), `import` | 422 Unprocessable Content |
    /// | `io`, `internal` | 500 Internal Server Error |
    /// | `not_ready` | 503 Service Unavailable |
    ///
    /// A wrong kind is 422, not 404: the id is there, but names an entity
    /// the question cannot be asked about. A too-large answer is 422, not
    /// 413 (which is about the request's body): the question must change.
    ///
    /// ```
    /// assert_eq!(svcrel::ErrorCode::UnknownId.http_status(), 404);
    /// assert_eq!(svcrel::ErrorCode::TooLarge.http_status(), 422);
    /// ```
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::InvalidQuestion | ErrorCode::InvalidRequest => 400,
            ErrorCode::Unauthorized => 401,
            ErrorCode::UnknownId | ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Timeout => 408,
            ErrorCode::BodyTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::WrongKind
            | ErrorCode::InvalidModel
            | ErrorCode::TooLarge
            | ErrorCode::Import => 422,
            ErrorCode::Io | ErrorCode::Internal => 500,
            ErrorCode::NotReady => 503,
        }
    }
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

impl ErrorObject {
    /// An error object of `kind` with `message` alone: the errors of the
    /// service itself, which come from no [`Error`].
    ///
    /// ```
    /// use svcrel::{ErrorCode, ErrorObject};
    ///
    /// let object = ErrorObject::new(ErrorCode::NotFound, "no route GET /v2/ask");
    /// assert_eq!(serde_json::to_string(&object).unwrap(), r#"{"kind":"not_found","message":"no route GET /v2/ask"}"#);
    /// ```
    pub fn new(kind: ErrorCode, message: impl Into<String>) -> ErrorObject {
        ErrorObject {
            kind,
            id: None,
            did_you_mean: None,
            found: None,
            message: message.into(),
            problems: Vec::new(),
        }
    }
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
        #[cfg(feature = "_import")]
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
