//! The questions of the protocol and their options.
//!
//! A question's fields are private, set by builder methods and read by
//! accessors, so that an option can be added, or its representation
//! changed, without breaking a program that asks.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::protocol::wire;
use crate::protocol::{AsOf, Evidence, FIND_LIMIT};

/// One question to a model, as data: what
/// [`Model::ask`](crate::Model::ask) answers and `svcrel batch` reads, one
/// JSON object a line.
///
/// As JSON, a question is an object tagged by `"query"`, with the
/// question's ids and its options beside the tag; an unknown field is an
/// error that names it:
///
/// ```json
/// {"query": "customers", "service": "S", "max_chain": 2, "as_of": "2026-01-01", "evidence": "via", "limit": 10}
/// {"query": "consumers", "service": "S", "summary": true}
/// {"query": "relation", "party": "P", "service": "S"}
/// {"query": "triage", "party": "P", "service": "S", "as_of": "any"}
/// {"query": "impact", "service": "S", "max_chain": 0}
/// {"query": "find", "q": "dana"}
/// ```
///
/// Every option may be left out: `as_of` is then today ([`AsOf`]);
/// `max_chain` the defaults of the command line (1 for the customer
/// chain, no limit for the consumer chain; a given K sets both);
/// `evidence` the whole path; `limit` every row (20 candidates for
/// `find`); `summary` every row.
///
/// In code, each kind has a constructor here returning its own type, with
/// builder methods for exactly the options it takes, and `.into()` makes
/// it a `Question`:
///
/// ```
/// use svcrel::{Answer, AsOf, Model, Question};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let question: Question = Question::customers("expense-app").max_chain(2).as_of(AsOf::Any).into();
/// assert_eq!(
///     serde_json::to_string(&question).unwrap(),
///     r#"{"query":"customers","service":"expense-app","as_of":"any","max_chain":2}"#
/// );
/// assert_eq!(Question::from_json(r#"{"query": "customers", "service": "expense-app", "as_of": "any", "max_chain": 2}"#)?, question);
/// let Answer::Customers(answer) = model.ask(&question)? else { unreachable!() };
/// assert_eq!(answer.total, 6);
///
/// let err = Question::from_json(r#"{"query": "customers", "service": "S", "max_chian": 2}"#).unwrap_err();
/// assert_eq!(err.kind(), svcrel::ErrorKind::InvalidQuestion);
/// assert!(err.to_string().starts_with("unknown field `max_chian`"));
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "query", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Question {
    /// Who is the customer of a service ([`Model::customers_of`](crate::Model::customers_of)).
    Customers(CustomersQuestion),
    /// Who consumes a service ([`Model::consumers_of`](crate::Model::consumers_of)).
    Consumers(ConsumersQuestion),
    /// What a party is to a service ([`Model::relation`](crate::Model::relation)).
    Relation(RelationQuestion),
    /// A ticket from a party about a service ([`Model::triage`](crate::Model::triage)).
    Triage(TriageQuestion),
    /// What a failure of a service reaches ([`Model::impact`](crate::Model::impact)).
    Impact(ImpactQuestion),
    /// Which entity a text names: an id, a name, or candidates.
    Find(FindQuestion),
}

impl Question {
    /// Who is the customer of `service`.
    ///
    /// ```
    /// let q = svcrel::Question::customers("expense-app");
    /// assert_eq!(q.service(), "expense-app");
    /// ```
    pub fn customers(service: impl Into<String>) -> CustomersQuestion {
        CustomersQuestion {
            service: service.into(),
            as_of: None,
            max_chain: None,
            evidence: None,
            limit: None,
        }
    }

    /// Who consumes `service`, and which services depend on it.
    ///
    /// ```
    /// let q = svcrel::Question::consumers("build-farm").summary();
    /// assert!(q.asked_summary());
    /// ```
    pub fn consumers(service: impl Into<String>) -> ConsumersQuestion {
        ConsumersQuestion {
            service: service.into(),
            as_of: None,
            max_chain: None,
            evidence: None,
            limit: None,
            summary: false,
        }
    }

    /// What `party` is to `service`.
    ///
    /// ```
    /// let q = svcrel::Question::relation("dana", "expense-app");
    /// assert_eq!((q.party(), q.service()), ("dana", "expense-app"));
    /// ```
    pub fn relation(party: impl Into<String>, service: impl Into<String>) -> RelationQuestion {
        RelationQuestion {
            party: party.into(),
            service: service.into(),
            as_of: None,
            max_chain: None,
        }
    }

    /// A ticket from `requester` about `service`.
    ///
    /// ```
    /// let q = svcrel::Question::triage("teacher-ann", "desktop-support");
    /// assert_eq!(q.party(), "teacher-ann");
    /// ```
    pub fn triage(requester: impl Into<String>, service: impl Into<String>) -> TriageQuestion {
        TriageQuestion {
            party: requester.into(),
            service: service.into(),
            as_of: None,
            max_chain: None,
        }
    }

    /// What a failure of `service` reaches.
    ///
    /// ```
    /// let q = svcrel::Question::impact("sso").max_chain(0);
    /// assert_eq!(q.asked_max_chain(), Some(0));
    /// ```
    pub fn impact(service: impl Into<String>) -> ImpactQuestion {
        ImpactQuestion {
            service: service.into(),
            as_of: None,
            max_chain: None,
            summary: false,
        }
    }

    /// Which entity `text` names: the entity with that id; else the one
    /// whose name is that text, in any case; else candidates (a close id,
    /// ids and names that contain the text).
    ///
    /// ```
    /// let q = svcrel::Question::find("Dana Reyes");
    /// assert_eq!(q.text(), "Dana Reyes");
    /// ```
    pub fn find(text: impl Into<String>) -> FindQuestion {
        FindQuestion {
            q: text.into(),
            limit: None,
        }
    }

    /// Reads a question from its JSON text.
    ///
    /// ```
    /// let q = svcrel::Question::from_json(r#"{"query": "impact", "service": "sso"}"#)?;
    /// assert_eq!(q, svcrel::Question::impact("sso").into());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An error of kind
    /// [`ErrorKind::InvalidQuestion`](crate::ErrorKind::InvalidQuestion)
    /// saying what is wrong and where (line and column): not JSON, no or
    /// an unknown `query`, a missing or unknown field, a date that is not
    /// `YYYY-MM-DD`, a cutoff or limit that is not a whole number.
    pub fn from_json(text: &str) -> Result<Question, Error> {
        serde_json::from_str(text).map_err(|e| Error::invalid_question(e.to_string()))
    }

    /// Reads a question from JSON bytes, which must be UTF-8.
    ///
    /// ```
    /// let err = svcrel::Question::from_json_slice(b"\xff").unwrap_err();
    /// assert!(err.to_string().contains("not UTF-8"));
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Question::from_json`], and when the bytes are not UTF-8.
    pub fn from_json_slice(bytes: &[u8]) -> Result<Question, Error> {
        let text = std::str::from_utf8(bytes)
            .map_err(|e| Error::invalid_question(format!("the question is not UTF-8: {e}")))?;
        Question::from_json(text)
    }

    /// The kind of question, as its `"query"` tag writes it.
    ///
    /// ```
    /// assert_eq!(svcrel::Question::from(svcrel::Question::find("x")).kind(), "find");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Question::Customers(_) => "customers",
            Question::Consumers(_) => "consumers",
            Question::Relation(_) => "relation",
            Question::Triage(_) => "triage",
            Question::Impact(_) => "impact",
            Question::Find(_) => "find",
        }
    }
}

/// The options every question about a service takes: `as_of` and
/// `max_chain`, with their builder methods and accessors.
macro_rules! dated_and_chained {
    ($ty:ident, $variant:ident, $ctor:literal) => {
        impl $ty {
            /// Answers as of this date: [`AsOf::Any`], [`AsOf::Today`] (as
            /// without it) or a [`Date`](crate::Date).
            ///
            /// ```
            /// use svcrel::{AsOf, Date, Question};
            #[doc = concat!("let q = Question::", $ctor, ".as_of(Date::constant(2026, 1, 1));")]
            /// assert_eq!(q.asked_as_of(), AsOf::On(Date::constant(2026, 1, 1)));
            /// ```
            pub fn as_of(mut self, as_of: impl Into<AsOf>) -> Self {
                self.as_of = Some(as_of.into());
                self
            }

            /// The date asked for: today when the question sets none.
            ///
            /// ```
            #[doc = concat!("assert_eq!(svcrel::Question::", $ctor, ".asked_as_of(), svcrel::AsOf::Today);")]
            /// ```
            pub fn asked_as_of(&self) -> AsOf {
                self.as_of.unwrap_or_default()
            }

            /// Follows every chain this many steps at most.
            ///
            /// ```
            #[doc = concat!("let q = svcrel::Question::", $ctor, ".max_chain(3);")]
            /// assert_eq!(q.asked_max_chain(), Some(3));
            /// ```
            pub fn max_chain(mut self, steps: u32) -> Self {
                self.max_chain = Some(steps);
                self
            }

            /// The cutoff asked for; `None` for the defaults of the
            /// command line.
            ///
            /// ```
            #[doc = concat!("assert_eq!(svcrel::Question::", $ctor, ".asked_max_chain(), None);")]
            /// ```
            pub fn asked_max_chain(&self) -> Option<u32> {
                self.max_chain
            }

            /// The id of the service asked about.
            ///
            /// ```
            #[doc = concat!("assert!(!svcrel::Question::", $ctor, ".service().is_empty());")]
            /// ```
            pub fn service(&self) -> &str {
                &self.service
            }
        }

        impl From<$ty> for Question {
            fn from(question: $ty) -> Question {
                Question::$variant(question)
            }
        }
    };
}

/// The options of a list: `evidence` and `limit`.
macro_rules! listed {
    ($ty:ident, $ctor:literal) => {
        impl $ty {
            /// Each row's whole path ([`Evidence::Path`], as without it) or
            /// only its next step ([`Evidence::Via`]).
            ///
            /// ```
            #[doc = concat!("let q = svcrel::Question::", $ctor, ".evidence(svcrel::Evidence::Via);")]
            /// assert_eq!(q.asked_evidence(), svcrel::Evidence::Via);
            /// ```
            pub fn evidence(mut self, evidence: Evidence) -> Self {
                self.evidence = Some(evidence);
                self
            }

            /// The evidence asked for.
            ///
            /// ```
            #[doc = concat!("assert_eq!(svcrel::Question::", $ctor, ".asked_evidence(), svcrel::Evidence::Path);")]
            /// ```
            pub fn asked_evidence(&self) -> Evidence {
                self.evidence.unwrap_or_default()
            }

            /// At most this many rows; the answer's `total` still says
            /// how many there are in all.
            ///
            /// ```
            #[doc = concat!("let q = svcrel::Question::", $ctor, ".limit(10);")]
            /// assert_eq!(q.asked_limit(), Some(10));
            /// ```
            pub fn limit(mut self, rows: u32) -> Self {
                self.limit = Some(rows);
                self
            }

            /// The limit asked for; `None` for every row.
            ///
            /// ```
            #[doc = concat!("assert_eq!(svcrel::Question::", $ctor, ".asked_limit(), None);")]
            /// ```
            pub fn asked_limit(&self) -> Option<u32> {
                self.limit
            }
        }
    };
}

/// The `summary` option.
macro_rules! summarised {
    ($ty:ident, $ctor:literal) => {
        impl $ty {
            /// Counts instead of rows: per top-level organisation, per
            /// paying customer and per distance.
            ///
            /// ```
            #[doc = concat!("assert!(svcrel::Question::", $ctor, ".summary().asked_summary());")]
            /// ```
            pub fn summary(mut self) -> Self {
                self.summary = true;
                self
            }

            /// Whether counts were asked for instead of rows.
            ///
            /// ```
            #[doc = concat!("assert!(!svcrel::Question::", $ctor, ".asked_summary());")]
            /// ```
            pub fn asked_summary(&self) -> bool {
                self.summary
            }
        }
    };
}

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
    service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    as_of: Option<AsOf>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::max_chain"
    )]
    #[schemars(with = "Option<u32>")]
    max_chain: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    evidence: Option<Evidence>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::limit"
    )]
    #[schemars(with = "Option<u32>")]
    limit: Option<u32>,
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
    service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    as_of: Option<AsOf>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::max_chain"
    )]
    #[schemars(with = "Option<u32>")]
    max_chain: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    evidence: Option<Evidence>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::limit"
    )]
    #[schemars(with = "Option<u32>")]
    limit: Option<u32>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    summary: bool,
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
    party: String,
    service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    as_of: Option<AsOf>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::max_chain"
    )]
    #[schemars(with = "Option<u32>")]
    max_chain: Option<u32>,
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
    party: String,
    service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    as_of: Option<AsOf>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::max_chain"
    )]
    #[schemars(with = "Option<u32>")]
    max_chain: Option<u32>,
}

dated_and_chained!(
    TriageQuestion,
    Triage,
    "triage(\"teacher-ann\", \"desktop-support\")"
);

/// An impact question: `{"query": "impact", "service": "S"}` with `as_of`,
/// `max_chain` (as for relation: dependencies, and customers to notify)
/// and `summary`. See [`Question`].
///
/// ```
/// let q = svcrel::Question::impact("sso").summary();
/// assert!(q.asked_summary());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImpactQuestion {
    service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    as_of: Option<AsOf>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::max_chain"
    )]
    #[schemars(with = "Option<u32>")]
    max_chain: Option<u32>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    summary: bool,
}

dated_and_chained!(ImpactQuestion, Impact, "impact(\"sso\")");
summarised!(ImpactQuestion, "impact(\"sso\")");

/// The party of a relation or triage question.
macro_rules! with_party {
    ($ty:ident, $ctor:literal) => {
        impl $ty {
            /// The id of the party asked about.
            ///
            /// ```
            #[doc = concat!("assert!(!svcrel::Question::", $ctor, ".party().is_empty());")]
            /// ```
            pub fn party(&self) -> &str {
                &self.party
            }
        }
    };
}

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
    q: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::limit"
    )]
    #[schemars(with = "Option<u32>")]
    limit: Option<u32>,
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
