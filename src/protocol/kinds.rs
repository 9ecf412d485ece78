//! The kinds of question, each with exactly the options it takes.
//!
//! A question's fields are private, set by builder methods and read by
//! accessors, so that an option can be added, or its representation
//! changed, without breaking a program that asks.

use serde::{Deserialize, Serialize};

use crate::protocol::question::Question;
use crate::protocol::wire;
use crate::protocol::{AsOf, Evidence, FIND_LIMIT};

/// A customers question: `{"query": "customers", "service": "S"}` with
/// `as_of`, `max_chain` (default 1), `evidence` and `limit`. See
/// [`Question`].
///
/// ```
/// let q = svcrel::Question::customers("expense-app").max_chain(2).limit(3);
/// assert_eq!(q.asked_limit(), Some(3));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomersQuestion {
    pub(super) service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) as_of: Option<AsOf>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::max_chain"
    )]
    #[schemars(with = "Option<u32>")]
    pub(super) max_chain: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) evidence: Option<Evidence>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::limit"
    )]
    #[schemars(with = "Option<u32>")]
    pub(super) limit: Option<u32>,
}

dated_and_chained!(CustomersQuestion, Customers, "customers(\"expense-app\")");
listed!(CustomersQuestion, "customers(\"expense-app\")");

/// A consumers question: `{"query": "consumers", "service": "S"}` with
/// `as_of`, `max_chain` (default: no limit), `evidence`, `limit` and
/// `summary`. See [`Question`].
///
/// ```
/// let q = svcrel::Question::consumers("build-farm").evidence(svcrel::Evidence::Via);
/// assert_eq!(q.service(), "build-farm");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsumersQuestion {
    pub(super) service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) as_of: Option<AsOf>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::max_chain"
    )]
    #[schemars(with = "Option<u32>")]
    pub(super) max_chain: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) evidence: Option<Evidence>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::limit"
    )]
    #[schemars(with = "Option<u32>")]
    pub(super) limit: Option<u32>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) summary: bool,
}

dated_and_chained!(ConsumersQuestion, Consumers, "consumers(\"build-farm\")");
listed!(ConsumersQuestion, "consumers(\"build-farm\")");
summarised!(ConsumersQuestion, "consumers(\"build-farm\")");

/// A relation question: `{"query": "relation", "party": "P", "service":
/// "S"}` with `as_of` and `max_chain` (default: 1 for the customer role,
/// no limit for the consumer role; a given K sets both). See [`Question`].
///
/// ```
/// let q = svcrel::Question::relation("dana", "expense-app").max_chain(2);
/// assert_eq!(q.asked_max_chain(), Some(2));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RelationQuestion {
    pub(super) party: String,
    pub(super) service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) as_of: Option<AsOf>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::max_chain"
    )]
    #[schemars(with = "Option<u32>")]
    pub(super) max_chain: Option<u32>,
}

dated_and_chained!(
    RelationQuestion,
    Relation,
    "relation(\"dana\", \"expense-app\")"
);

/// A triage question: `{"query": "triage", "party": "P", "service": "S"}`,
/// the party being the requester, with `as_of` and `max_chain` as for
/// relation. See [`Question`].
///
/// ```
/// let q = svcrel::Question::triage("teacher-ann", "desktop-support");
/// assert_eq!(q.service(), "desktop-support");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TriageQuestion {
    pub(super) party: String,
    pub(super) service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) as_of: Option<AsOf>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::max_chain"
    )]
    #[schemars(with = "Option<u32>")]
    pub(super) max_chain: Option<u32>,
}

dated_and_chained!(
    TriageQuestion,
    Triage,
    "triage(\"teacher-ann\", \"desktop-support\")"
);

/// An impact question: `{"query": "impact", "service": "S"}` with `as_of`,
/// `max_chain` (as for relation: dependencies, and customers to notify),
/// `limit` (at most N affected services and N parties to notify; the
/// totals are still said) and `summary`. See [`Question`].
///
/// ```
/// let q = svcrel::Question::impact("sso").summary();
/// assert!(q.asked_summary());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImpactQuestion {
    pub(super) service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) as_of: Option<AsOf>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::max_chain"
    )]
    #[schemars(with = "Option<u32>")]
    pub(super) max_chain: Option<u32>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::limit"
    )]
    #[schemars(with = "Option<u32>")]
    pub(super) limit: Option<u32>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) summary: bool,
}

dated_and_chained!(ImpactQuestion, Impact, "impact(\"sso\")");
limited!(ImpactQuestion, "impact(\"sso\")");
summarised!(ImpactQuestion, "impact(\"sso\")");

with_party!(RelationQuestion, "relation(\"dana\", \"expense-app\")");
with_party!(
    TriageQuestion,
    "triage(\"teacher-ann\", \"desktop-support\")"
);

/// A find question: `{"query": "find", "q": "text"}`, with `limit` (at
/// most this many candidates; default [`FIND_LIMIT`]). See [`Question`].
///
/// ```
/// let q = svcrel::Question::find("goddard").limit(5);
/// assert_eq!(q.asked_limit(), 5);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FindQuestion {
    pub(super) q: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::limit"
    )]
    #[schemars(with = "Option<u32>")]
    pub(super) limit: Option<u32>,
}

impl FindQuestion {
    /// The text to find.
    ///
    /// ```
    /// assert_eq!(svcrel::Question::find("dana").text(), "dana");
    /// ```
    pub fn text(&self) -> &str {
        &self.q
    }

    /// At most this many candidates.
    ///
    /// ```
    /// assert_eq!(svcrel::Question::find("dana").limit(3).asked_limit(), 3);
    /// ```
    pub fn limit(mut self, candidates: u32) -> Self {
        self.limit = Some(candidates);
        self
    }

    /// The most candidates the answer lists: the limit asked for, or
    /// [`FIND_LIMIT`].
    ///
    /// ```
    /// assert_eq!(svcrel::Question::find("dana").asked_limit(), svcrel::FIND_LIMIT);
    /// ```
    pub fn asked_limit(&self) -> usize {
        self.limit.map_or(FIND_LIMIT, |n| n as usize)
    }
}

impl From<FindQuestion> for Question {
    fn from(question: FindQuestion) -> Question {
        Question::Find(question)
    }
}
