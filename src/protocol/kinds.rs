//! The kinds of question, each with exactly the options it takes.
//!
//! A question's fields are private, set by builder methods and read by
//! accessors, so that an option can be added, or its representation
//! changed, without breaking a program that asks.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::model::{SuggestKind, SuggestOptions};
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
with_party!(HistoryQuestion, "history(\"mary\", \"acme-email\")");
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

/// A suggest question: `{"query": "suggest", "q": "text"}`, with `kind`
/// (`"party"`, `"service"` or `"any"`, the default) and `limit` (at most
/// this many suggestions; default [`SUGGEST_LIMIT`](crate::SUGGEST_LIMIT),
/// never more than [`SUGGEST_MAX`](crate::SUGGEST_MAX)). See
/// [`Question`] and [`Model::suggest`](crate::Model::suggest).
///
/// ```
/// use svcrel::{Question, SuggestKind};
///
/// let q = Question::suggest("dan").kind(SuggestKind::Party).limit(5);
/// assert_eq!(q.options().asked_limit(), 5);
/// assert_eq!(q.options().asked_kind(), SuggestKind::Party);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SuggestQuestion {
    pub(super) q: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) kind: Option<SuggestKind>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::limit"
    )]
    #[schemars(with = "Option<u32>")]
    pub(super) limit: Option<u32>,
}

impl SuggestQuestion {
    /// The text typed so far.
    ///
    /// ```
    /// assert_eq!(svcrel::Question::suggest("da").text(), "da");
    /// ```
    pub fn text(&self) -> &str {
        &self.q
    }

    /// Suggests entities of this kind only.
    ///
    /// ```
    /// use svcrel::{Question, SuggestKind};
    /// assert_eq!(Question::suggest("da").kind(SuggestKind::Service).options().asked_kind(), SuggestKind::Service);
    /// ```
    pub fn kind(mut self, kind: SuggestKind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// At most this many suggestions.
    ///
    /// ```
    /// assert_eq!(svcrel::Question::suggest("da").limit(3).options().asked_limit(), 3);
    /// ```
    pub fn limit(mut self, suggestions: u32) -> Self {
        self.limit = Some(suggestions);
        self
    }

    /// The options [`Model::ask`](crate::Model::ask) suggests with.
    ///
    /// ```
    /// assert_eq!(svcrel::Question::suggest("da").options(), svcrel::SuggestOptions::new());
    /// ```
    pub fn options(&self) -> SuggestOptions {
        let options = SuggestOptions::new().kind(self.kind.unwrap_or_default());
        match self.limit {
            Some(n) => options.limit(usize::try_from(n).unwrap_or(usize::MAX)),
            None => options,
        }
    }
}

impl From<SuggestQuestion> for Question {
    fn from(question: SuggestQuestion) -> Question {
        Question::Suggest(question)
    }
}

/// A history question: `{"query": "history", "party": "P", "service":
/// "S"}`, with `from` and `until` (`"YYYY-MM-DD"`: the history covers
/// `from <= D < until`; an end left out is open) and `max_chain` as for
/// relation. The party may be given by email, external id or mail domain,
/// as for relation. See [`Question`].
///
/// ```
/// use svcrel::{Date, Question};
///
/// let q = Question::history("mary", "acme-email").from(Date::constant(2010, 1, 1));
/// assert_eq!(q.asked_from(), Some(Date::constant(2010, 1, 1)));
/// assert_eq!(q.asked_until(), None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryQuestion {
    pub(super) party: String,
    pub(super) service: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::dates"
    )]
    #[schemars(with = "Option<String>")]
    pub(super) from: Option<Date>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::dates"
    )]
    #[schemars(with = "Option<String>")]
    pub(super) until: Option<Date>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::max_chain"
    )]
    #[schemars(with = "Option<u32>")]
    pub(super) max_chain: Option<u32>,
}

impl HistoryQuestion {
    /// Covers the dates from this one on.
    ///
    /// ```
    /// use svcrel::{Date, Question};
    /// let q = Question::history("mary", "acme-email").from(Date::constant(2010, 1, 1));
    /// assert_eq!(q.asked_from(), Some(Date::constant(2010, 1, 1)));
    /// ```
    pub fn from(mut self, date: Date) -> Self {
        self.from = Some(date);
        self
    }

    /// Covers the dates before this one only.
    ///
    /// ```
    /// use svcrel::{Date, Question};
    /// let q = Question::history("mary", "acme-email").until(Date::constant(2020, 1, 1));
    /// assert_eq!(q.asked_until(), Some(Date::constant(2020, 1, 1)));
    /// ```
    pub fn until(mut self, date: Date) -> Self {
        self.until = Some(date);
        self
    }

    /// The first date covered; `None` when the start is open.
    ///
    /// ```
    /// assert_eq!(svcrel::Question::history("mary", "acme-email").asked_from(), None);
    /// ```
    pub fn asked_from(&self) -> Option<Date> {
        self.from
    }

    /// The first date no longer covered; `None` when the end is open.
    ///
    /// ```
    /// assert_eq!(svcrel::Question::history("mary", "acme-email").asked_until(), None);
    /// ```
    pub fn asked_until(&self) -> Option<Date> {
        self.until
    }

    /// Follows every chain this many steps at most.
    ///
    /// ```
    /// let q = svcrel::Question::history("mary", "acme-email").max_chain(2);
    /// assert_eq!(q.asked_max_chain(), Some(2));
    /// ```
    pub fn max_chain(mut self, steps: u32) -> Self {
        self.max_chain = Some(steps);
        self
    }

    /// The cutoff asked for; `None` for the defaults of the command line.
    ///
    /// ```
    /// assert_eq!(svcrel::Question::history("mary", "acme-email").asked_max_chain(), None);
    /// ```
    pub fn asked_max_chain(&self) -> Option<u32> {
        self.max_chain
    }

    /// The id of the service asked about.
    ///
    /// ```
    /// assert_eq!(svcrel::Question::history("mary", "acme-email").service(), "acme-email");
    /// ```
    pub fn service(&self) -> &str {
        &self.service
    }
}

impl From<HistoryQuestion> for Question {
    fn from(question: HistoryQuestion) -> Question {
        Question::History(question)
    }
}

/// An audit question: `{"query": "audit"}` with `as_of` (default today;
/// `"any"` ignores dates, and then nothing ends soon), `within` (how many
/// days ahead a link may end and be reported as ending soon; default
/// [`AuditOptions::DEFAULT_WITHIN_DAYS`](crate::AuditOptions::DEFAULT_WITHIN_DAYS))
/// and `limit` (at most N findings; the counts and the total still say
/// how many in all). See [`Question`].
///
/// ```
/// let q = svcrel::Question::audit().within(60).limit(10);
/// assert_eq!((q.asked_within(), q.asked_limit()), (60, Some(10)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditQuestion {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) as_of: Option<AsOf>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::within"
    )]
    #[schemars(with = "Option<u32>")]
    pub(super) within: Option<u32>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::limit"
    )]
    #[schemars(with = "Option<u32>")]
    pub(super) limit: Option<u32>,
}

impl AuditQuestion {
    /// Audits as of this date: [`AsOf::Any`], [`AsOf::Today`] (as
    /// without it) or a [`Date`].
    ///
    /// ```
    /// use svcrel::{AsOf, Date, Question};
    /// let q = Question::audit().as_of(Date::constant(2026, 12, 4));
    /// assert_eq!(q.asked_as_of(), AsOf::On(Date::constant(2026, 12, 4)));
    /// ```
    pub fn as_of(mut self, as_of: impl Into<AsOf>) -> Self {
        self.as_of = Some(as_of.into());
        self
    }

    /// The date asked for: today when the question sets none.
    ///
    /// ```
    /// assert_eq!(svcrel::Question::audit().asked_as_of(), svcrel::AsOf::Today);
    /// ```
    pub fn asked_as_of(&self) -> AsOf {
        self.as_of.unwrap_or_default()
    }

    /// Reports the links that end within this many days of the date.
    ///
    /// ```
    /// assert_eq!(svcrel::Question::audit().within(7).asked_within(), 7);
    /// ```
    pub fn within(mut self, days: u32) -> Self {
        self.within = Some(days);
        self
    }

    /// The days ahead asked for, else
    /// [`AuditOptions::DEFAULT_WITHIN_DAYS`](crate::AuditOptions::DEFAULT_WITHIN_DAYS).
    ///
    /// ```
    /// assert_eq!(svcrel::Question::audit().asked_within(), 30);
    /// ```
    pub fn asked_within(&self) -> u32 {
        self.within
            .unwrap_or(crate::AuditOptions::DEFAULT_WITHIN_DAYS)
    }
}

limited!(AuditQuestion, "audit()");

impl From<AuditQuestion> for Question {
    fn from(question: AuditQuestion) -> Question {
        Question::Audit(question)
    }
}

/// A diff question: `{"query": "diff", "old": D1, "new": D2}`, what
/// changed in the model from date `old` to date `new` (each `"today"` or
/// `"YYYY-MM-DD"`; `old` must not be after `new`), with `max_chain` (the
/// cutoffs the relationships are read with, as for relation: the one
/// asked for sets both, else 1 step for the customer chain and no limit
/// for the consumer chain) and `limit` (at most N items in each list of
/// the answer; its counts still say how many in all). See [`Question`].
///
/// ```
/// use svcrel::{AsOf, Date, Question};
///
/// let q = Question::diff(Date::constant(2020, 1, 1), Date::constant(2028, 6, 1)).max_chain(2).limit(5);
/// assert_eq!(q.asked_old(), AsOf::On(Date::constant(2020, 1, 1)));
/// assert_eq!((q.asked_max_chain(), q.asked_limit()), (Some(2), Some(5)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiffQuestion {
    #[serde(deserialize_with = "wire::old_date")]
    #[schemars(with = "wire::DiffDate")]
    pub(super) old: AsOf,
    #[serde(deserialize_with = "wire::new_date")]
    #[schemars(with = "wire::DiffDate")]
    pub(super) new: AsOf,
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
}

impl DiffQuestion {
    /// The earlier date asked about, as given.
    ///
    /// ```
    /// use svcrel::{AsOf, Date, Question};
    /// let q = Question::diff(AsOf::Today, Date::constant(2030, 1, 1));
    /// assert_eq!(q.asked_old(), AsOf::Today);
    /// ```
    pub fn asked_old(&self) -> AsOf {
        self.old
    }

    /// The later date asked about, as given.
    ///
    /// ```
    /// use svcrel::{AsOf, Date, Question};
    /// let q = Question::diff(Date::constant(2020, 1, 1), AsOf::Today);
    /// assert_eq!(q.asked_new(), AsOf::Today);
    /// ```
    pub fn asked_new(&self) -> AsOf {
        self.new
    }

    /// Reads the relationships with every chain this many steps at most.
    ///
    /// ```
    /// use svcrel::{Date, Question};
    /// let q = Question::diff(Date::constant(2020, 1, 1), Date::constant(2028, 6, 1)).max_chain(0);
    /// assert_eq!(q.asked_max_chain(), Some(0));
    /// ```
    pub fn max_chain(mut self, steps: u32) -> Self {
        self.max_chain = Some(steps);
        self
    }

    /// The cutoff asked for; `None` for the defaults of the command line.
    ///
    /// ```
    /// use svcrel::{Date, Question};
    /// let q = Question::diff(Date::constant(2020, 1, 1), Date::constant(2028, 6, 1));
    /// assert_eq!(q.asked_max_chain(), None);
    /// ```
    pub fn asked_max_chain(&self) -> Option<u32> {
        self.max_chain
    }

    /// At most this many items in each list of the answer (links ended,
    /// links began, services, and each service's changes of each kind);
    /// the answer's counts still say how many in all.
    ///
    /// ```
    /// use svcrel::{Date, Question};
    /// let q = Question::diff(Date::constant(2020, 1, 1), Date::constant(2028, 6, 1)).limit(3);
    /// assert_eq!(q.asked_limit(), Some(3));
    /// ```
    pub fn limit(mut self, items: u32) -> Self {
        self.limit = Some(items);
        self
    }

    /// The limit asked for; `None` for every item.
    ///
    /// ```
    /// use svcrel::{Date, Question};
    /// let q = Question::diff(Date::constant(2020, 1, 1), Date::constant(2028, 6, 1));
    /// assert_eq!(q.asked_limit(), None);
    /// ```
    pub fn asked_limit(&self) -> Option<u32> {
        self.limit
    }
}

impl From<DiffQuestion> for Question {
    fn from(question: DiffQuestion) -> Question {
        Question::Diff(question)
    }
}
