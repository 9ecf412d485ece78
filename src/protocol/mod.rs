//! The question-and-answer protocol: questions and answers as data.
//!
//! A [`Question`] is a serde value (one JSON object, tagged by `"query"`)
//! and [`Model::ask`](crate::Model::ask) answers it with an owned
//! [`Answer`], which serialises to exactly the object the command line
//! prints with `--json` (section 4 of the specification), with fields
//! only added: the date and cutoffs used, the model's version, names
//! beside ids and, for lists, the total. A question that cannot be
//! answered is an [`Error`], which [`ErrorReply`] turns into an object a
//! program can match on. `svcrel batch` answers through this protocol,
//! and so will every other way of asking from another program.
//!
//! The JSON Schemas of questions, answers and errors are committed under
//! `schema/` and can be made again with [`schema`].

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;

#[macro_use]
mod builder;
mod answer;
mod ask;
mod batch;
mod error;
mod kinds;
mod question;
mod resolve;
mod rows;
mod schema;
pub(crate) mod wire;

pub use answer::{
    Answer, AuditAnswer, ConsumersAnswer, CustomersAnswer, DiffAnswer, FindAnswer, HistoryAnswer,
    ImpactAnswer, RelationAnswer, SuggestAnswer, TriageAnswer,
};
pub use batch::{MAX_LINE_BYTES, QuestionLines};
pub use error::{ErrorCode, ErrorObject, ErrorReply};
pub use question::{
    AuditQuestion, ConsumersQuestion, CustomersQuestion, DiffQuestion, FindQuestion,
    HistoryQuestion, ImpactQuestion, Question, RelationQuestion, SuggestQuestion, TriageQuestion,
};
pub use rows::{
    Candidate, ConsumerRow, Contact, CustomerRow, Cutoffs, DistanceCount, Match, ServiceRow, Via,
};
pub use schema::ProtocolSchema;

/// The most the evidence paths of one answer may take, all told: 256 MiB,
/// counting each entity on a path as its id and 16 bytes more (JSON's
/// quotes and commas, about).
///
/// Paths can cost the square of the answer (every organisation of a chain
/// a million deep has a path a million long), so
/// [`Model::ask`](crate::Model::ask) refuses a larger answer with an error of kind
/// [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) that says to ask
/// with [`Evidence::Via`] instead: each answer's next step towards the
/// service, linear in the answer.
///
/// ```
/// assert_eq!(svcrel::MAX_PATH_BYTES, 256 * 1024 * 1024);
/// ```
pub const MAX_PATH_BYTES: usize = 256 << 20;

/// How many candidates a `find` question returns when it sets no
/// `limit`: 20. The answer says how many there are in all.
///
/// ```
/// use svcrel::{Answer, Model, Question};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let Answer::Find(found) = model.ask(&Question::find("e").into())? else { unreachable!() };
/// assert_eq!(found.limit, svcrel::FIND_LIMIT);
/// assert_eq!(found.candidates.len(), svcrel::FIND_LIMIT);
/// assert!(found.total > svcrel::FIND_LIMIT);
/// # Ok::<(), svcrel::Error>(())
/// ```
pub const FIND_LIMIT: usize = 20;

/// The environment variable that fixes "today" for [`today`].
const TODAY_VARIABLE: &str = "SVCREL_TODAY";

/// Today's date, as the protocol and the command line answer "as of
/// today": the `SVCREL_TODAY` environment variable (`YYYY-MM-DD`) when it
/// is set and not empty, else the local date of the system clock (the
/// time zone of `TZ`, else the system's, else UTC).
///
/// The library's [`Query`](crate::Query) stays explicit: a query without
/// a date ignores dates, and nothing reads the clock behind your back.
/// [`Model::ask`](crate::Model::ask) calls `today` for a question that
/// says `"as_of": "today"` or gives no `as_of`, as `svcrel batch` does.
///
/// ```
/// // `SVCREL_TODAY=2026-11-22 program` answers as of that day.
/// let today = svcrel::today()?;
/// println!("answering as of {today}");
/// # Ok::<(), svcrel::Error>(())
/// ```
///
/// # Errors
///
/// An error of kind [`ErrorKind::BadDate`](crate::ErrorKind::BadDate)
/// naming `SVCREL_TODAY` when it is set to anything but a date written
/// `YYYY-MM-DD`.
pub fn today() -> Result<Date, Error> {
    match std::env::var_os(TODAY_VARIABLE) {
        Some(value) if !value.is_empty() => {
            let text = value.to_str().ok_or_else(|| {
                Error::bad_date(format!("{TODAY_VARIABLE} is not a date written YYYY-MM-DD"))
            })?;
            crate::dates::parse(text).map_err(|e| Error::bad_date(format!("{TODAY_VARIABLE}: {e}")))
        }
        _ => Ok(jiff::Zoned::now().date()),
    }
}

/// The date a question is answered on: any date (dates ignored), today
/// (see [`today`]), or a given date. Written `"any"`, `"today"` or
/// `"YYYY-MM-DD"`.
///
/// A question without `as_of` is answered as of today.
///
/// ```
/// use svcrel::{AsOf, Date};
///
/// assert_eq!("any".parse::<AsOf>()?, AsOf::Any);
/// assert_eq!("2026-01-01".parse::<AsOf>()?, AsOf::On(Date::constant(2026, 1, 1)));
/// assert_eq!(AsOf::default(), AsOf::Today);
/// assert_eq!(AsOf::Any.resolve()?, None);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AsOf {
    /// Dates ignored: every link holds, whatever its `from` and `until`.
    Any,
    /// Today's date, as [`today`] gives it when the question is answered.
    #[default]
    Today,
    /// This date: a link holds when `from <= date < until`.
    On(Date),
}

impl AsOf {
    /// The date to answer on: `None` for [`AsOf::Any`], [`today`] for
    /// [`AsOf::Today`].
    ///
    /// ```
    /// use svcrel::{AsOf, Date};
    /// let d = Date::constant(2020, 2, 29);
    /// assert_eq!(AsOf::On(d).resolve()?, Some(d));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`today`], for [`AsOf::Today`] only.
    pub fn resolve(self) -> Result<Option<Date>, Error> {
        match self {
            AsOf::Any => Ok(None),
            AsOf::Today => today().map(Some),
            AsOf::On(date) => Ok(Some(date)),
        }
    }
}

impl From<Date> for AsOf {
    fn from(date: Date) -> Self {
        AsOf::On(date)
    }
}

impl FromStr for AsOf {
    type Err = Error;

    /// `any`, `today`, or a date written `YYYY-MM-DD`.
    fn from_str(text: &str) -> Result<Self, Error> {
        match text {
            "any" => Ok(AsOf::Any),
            "today" => Ok(AsOf::Today),
            _ => crate::dates::parse(text).map(AsOf::On).map_err(|e| {
                Error::bad_date(format!(
                    "{e}; as_of is \"any\", \"today\" or a date written YYYY-MM-DD"
                ))
            }),
        }
    }
}

impl fmt::Display for AsOf {
    /// `any`, `today` or `YYYY-MM-DD`.
    ///
    /// ```
    /// assert_eq!(svcrel::AsOf::On(svcrel::Date::constant(2026, 1, 1)).to_string(), "2026-01-01");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AsOf::Any => f.write_str("any"),
            AsOf::Today => f.write_str("today"),
            AsOf::On(date) => write!(f, "{date}"),
        }
    }
}

impl Serialize for AsOf {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for AsOf {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for AsOf {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AsOf".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The date to answer on: \"any\" (dates ignored), \"today\", or a date written YYYY-MM-DD. Absent: today.",
            "type": "string",
            "pattern": "^(any|today|[0-9]{4}-[0-9]{2}-[0-9]{2})$"
        })
    }
}

/// The evidence each row of a customers or consumers answer carries: its
/// whole path from the service (the default), or only its next step
/// towards the service (`via`), linear in the answer however long its
/// chains. Written `"path"` or `"via"`.
///
/// ```
/// use svcrel::{Answer, Evidence, Model, Question};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let question = Question::customers("expense-app").evidence(Evidence::Via);
/// let Answer::Customers(answer) = model.ask(&question.into())? else { unreachable!() };
/// assert!(answer.customers.iter().all(|c| c.path.is_none()));
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Evidence {
    /// Each row's whole path from the service, and its next step.
    #[default]
    Path,
    /// Each row's next step towards the service only.
    Via,
}
