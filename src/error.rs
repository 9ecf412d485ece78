//! The crate's one error type.

use std::fmt;
use std::path::PathBuf;

#[cfg(feature = "_import")]
use crate::problem::ImportProblem;
use crate::problem::Problem;

/// What kind of failure an [`Error`] is.
///
/// ```
/// use svcrel::{ErrorKind, Model};
///
/// let err = Model::from_json_str("{").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Invalid);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file or stream could not be read or written.
    Io,
    /// The document is malformed or invalid: see [`Error::problems`].
    Invalid,
    /// An id the model lacks was asked about.
    UnknownId,
    /// A date is not written `YYYY-MM-DD`, or names no day of the calendar
    /// ([`parse_date`](crate::parse_date)).
    BadDate,
    /// An importer's files are malformed, refer to records they lack, or
    /// hold data that would make an invalid document: see
    /// `Error::import_problems` (features `itop`, `backstage`, `csv`).
    Import,
    /// A question of the protocol ([`Question`](crate::Question)) is not
    /// one: not JSON, an unknown field, a missing id, a bad date or cutoff.
    InvalidQuestion,
    /// The answer would be too large to give as asked: its evidence paths
    /// would take more than [`MAX_PATH_BYTES`](crate::MAX_PATH_BYTES).
    /// Ask again for each answer's next step only
    /// ([`Evidence::Via`](crate::Evidence::Via)).
    TooLarge,
}

/// The error of every fallible operation in this crate.
///
/// An invalid document yields one `Error` carrying **every** problem found,
/// each with its section, index, field and offending id: see
/// [`Error::problems`].
///
/// ```
/// use svcrel::Model;
///
/// let json = r#"{
///   "version": 1,
///   "individuals": [{"id": "dana"}, {"id": "dana"}],
///   "usage": [{"user": "ghost-a", "service": "mail"}]
/// }"#;
/// let err = Model::from_json_str(json).unwrap_err();
/// let lines: Vec<String> = err.problems().iter().map(|p| p.to_string()).collect();
/// assert_eq!(lines, [
///     r#"individuals[1].id: "dana" is already the id of individuals[0]"#,
///     r#"usage[0].user: "ghost-a" names no organisation or individual"#,
///     r#"usage[0].service: "mail" names no service"#,
/// ]);
/// ```
#[derive(Debug)]
pub struct Error {
    repr: Box<Repr>,
}

#[derive(Debug, thiserror::Error)]
enum Repr {
    #[error("{}: {source}", path_or_stream(.path))]
    Io {
        path: Option<PathBuf>,
        source: std::io::Error,
    },
    #[error("{}", invalid_summary(.0))]
    Invalid(Vec<Problem>),
    #[error("{}{}", unknown_text(.id, .expected, .found), suggestion_text(.suggestion))]
    UnknownId {
        id: String,
        expected: &'static str,
        found: Option<crate::ids::EntityKind>,
        suggestion: Option<String>,
    },
    #[cfg(feature = "_import")]
    #[error("{}", import_summary(.0))]
    Import(Vec<ImportProblem>),
    #[error("{0}")]
    BadDate(String),
    #[error("{0}")]
    InvalidQuestion(String),
    #[error("{0}")]
    TooLarge(String),
}

fn unknown_text(id: &str, expected: &str, found: &Option<crate::ids::EntityKind>) -> String {
    match found {
        Some(kind) => {
            let article = if matches!(kind, crate::ids::EntityKind::Service) {
                "a"
            } else {
                "an"
            };
            format!(
                "{id:?} is {article} {kind}, not {} {expected}",
                if expected.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                }
            )
        }
        None => format!("no {expected} has the id {id:?}"),
    }
}

fn path_or_stream(path: &Option<PathBuf>) -> String {
    match path {
        Some(path) => crate::text::printable_path(path),
        None => "the input stream".to_owned(),
    }
}

fn invalid_summary(problems: &[Problem]) -> String {
    match problems {
        [] => "invalid model document".to_owned(),
        [only] => format!("invalid model document: {only}"),
        [first, rest @ ..] => format!(
            "invalid model document: {first} (and {} more problem{})",
            rest.len(),
            if rest.len() == 1 { "" } else { "s" }
        ),
    }
}

#[cfg(feature = "_import")]
fn import_summary(problems: &[ImportProblem]) -> String {
    match problems {
        [] => "cannot import the files".to_owned(),
        [only] => only.to_string(),
        [first, rest @ ..] => format!(
            "{first} (and {} more problem{})",
            rest.len(),
            if rest.len() == 1 { "" } else { "s" }
        ),
    }
}

fn suggestion_text(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean {s:?}?)"),
        None => String::new(),
    }
}

impl Error {
    pub(crate) fn io(path: Option<PathBuf>, source: std::io::Error) -> Self {
        Error {
            repr: Box::new(Repr::Io { path, source }),
        }
    }

    /// A date that does not parse, with the message saying why.
    pub(crate) fn bad_date(message: String) -> Self {
        Error {
            repr: Box::new(Repr::BadDate(message)),
        }
    }

    /// A question of the protocol that is not one, with the message
    /// saying what is wrong and where.
    pub(crate) fn invalid_question(message: String) -> Self {
        Error {
            repr: Box::new(Repr::InvalidQuestion(message)),
        }
    }

    /// An answer too large to give as asked, with the message saying how
    /// to ask instead.
    pub(crate) fn too_large(message: String) -> Self {
        Error {
            repr: Box::new(Repr::TooLarge(message)),
        }
    }

    pub(crate) fn invalid(problems: Vec<Problem>) -> Self {
        Error {
            repr: Box::new(Repr::Invalid(problems)),
        }
    }

    pub(crate) fn unknown_id(id: &str, expected: &'static str, suggestion: Option<String>) -> Self {
        Error::wrong_kind(id, expected, None, suggestion)
    }

    /// An id the model lacks (`found` none) or that names an entity of
    /// another kind than `expected`.
    pub(crate) fn wrong_kind(
        id: &str,
        expected: &'static str,
        found: Option<crate::ids::EntityKind>,
        suggestion: Option<String>,
    ) -> Self {
        Error {
            repr: Box::new(Repr::UnknownId {
                id: id.to_owned(),
                expected,
                found,
                suggestion,
            }),
        }
    }

    #[cfg(feature = "_import")]
    pub(crate) fn import(problems: Vec<ImportProblem>) -> Self {
        Error {
            repr: Box::new(Repr::Import(problems)),
        }
    }

    /// What kind of failure this is.
    ///
    /// ```
    /// let err = svcrel::Model::from_json_file("no/such/file.json").unwrap_err();
    /// assert_eq!(err.kind(), svcrel::ErrorKind::Io);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        match &*self.repr {
            Repr::Io { .. } => ErrorKind::Io,
            Repr::Invalid(_) => ErrorKind::Invalid,
            Repr::UnknownId { .. } => ErrorKind::UnknownId,
            Repr::BadDate(_) => ErrorKind::BadDate,
            #[cfg(feature = "_import")]
            Repr::Import(_) => ErrorKind::Import,
            Repr::InvalidQuestion(_) => ErrorKind::InvalidQuestion,
            Repr::TooLarge(_) => ErrorKind::TooLarge,
        }
    }

    /// For an unknown-id error: the id asked about, and the kind of
    /// entity it names in the model when it names one of another kind
    /// than was wanted.
    pub(crate) fn unknown(&self) -> Option<(&str, Option<crate::ids::EntityKind>)> {
        match &*self.repr {
            Repr::UnknownId { id, found, .. } => Some((id, *found)),
            _ => None,
        }
    }

    /// Every problem found in an invalid document, in document order: by
    /// section, then index (a problem with the whole document or its
    /// version first); within one item, problems with its shape (fields,
    /// types, dates) before problems with its references and cycles.
    /// Empty for other kinds of error.
    ///
    /// ```
    /// let err = svcrel::Model::from_json_str(r#"{"version": 1, "usage": [{}]}"#).unwrap_err();
    /// assert_eq!(err.problems().len(), 2); // both `user` and `service` are missing
    /// ```
    pub fn problems(&self) -> &[Problem] {
        match &*self.repr {
            Repr::Invalid(problems) => problems,
            _ => &[],
        }
    }

    /// For an unknown-id error: a close id the model has, if any, as
    /// [`Model::service_id`](crate::Model::service_id) describes.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_str(
    ///     r#"{"version": 1, "organisations": [{"id": "acme"}],
    ///         "services": [{"id": "expense-app", "provider": "acme"}]}"#,
    /// )?;
    /// let err = model.service_id("expense-ap").unwrap_err();
    /// assert_eq!(err.suggestion(), Some("expense-app"));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn suggestion(&self) -> Option<&str> {
        match &*self.repr {
            Repr::UnknownId { suggestion, .. } => suggestion.as_deref(),
            _ => None,
        }
    }
}

#[cfg(feature = "_import")]
#[cfg_attr(
    docsrs,
    doc(cfg(any(
        feature = "itop",
        feature = "backstage",
        feature = "csv",
        feature = "scim",
        feature = "ldif"
    )))
)]
impl Error {
    /// Every problem an importer found in its files, in file and line
    /// order (problems with the set of files first). Empty for other kinds
    /// of error.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// let err = svcrel::ImportFormat::Csv
    ///     .import_strs(&[
    ///         ("organisations.csv", "id,parent\nit,acme\nhr,acme\n"),
    ///         ("people.csv", "id\n"),
    ///     ])
    ///     .unwrap_err();
    /// let lines: Vec<String> = err.import_problems().iter().map(|p| p.to_string()).collect();
    /// assert_eq!(lines, [
    ///     r#"organisations.csv:2: parent "acme" is not in organisations.csv"#,
    ///     r#"organisations.csv:3: parent "acme" is not in organisations.csv"#,
    /// ]);
    /// # }
    /// ```
    pub fn import_problems(&self) -> &[ImportProblem] {
        match &*self.repr {
            Repr::Import(problems) => problems,
            _ => &[],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.repr, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&*self.repr)
    }
}
