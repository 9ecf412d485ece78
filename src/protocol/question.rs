//! The questions of the protocol: one enum, a constructor per kind, and
//! reading from JSON.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::protocol::AsOf;
pub use crate::protocol::kinds::{
    AuditQuestion, ConsumersQuestion, CustomersQuestion, DiffQuestion, FindQuestion,
    HistoryQuestion, ImpactQuestion, RelationQuestion, SuggestQuestion, TriageQuestion,
};

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
/// {"query": "suggest", "q": "da", "kind": "party", "limit": 10}
/// {"query": "history", "party": "P", "service": "S", "from": "2010-01-01", "until": "2020-01-01"}
/// {"query": "audit", "as_of": "2026-12-04", "within": 60, "limit": 20}
/// {"query": "diff", "old": "2020-01-01", "new": "today", "max_chain": 2, "limit": 20}
/// ```
///
/// Every option may be left out: `as_of` is then today ([`AsOf`](crate::AsOf));
/// `max_chain` the defaults of the command line (1 for the customer
/// chain, no limit for the consumer chain; a given K sets both);
/// `evidence` the whole path; `limit` every row (20 candidates for
/// `find`, 10 suggestions for `suggest`, whose `kind` is `"any"`); `summary` every row; `from` and `until` (of a history) all
/// time; `within` (of an audit) 30 days. A diff's `old` and `new` are
/// required: `"today"` or a date, `old` not after `new`.
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
    /// Which entities a text being typed may begin
    /// ([`Model::suggest`](crate::Model::suggest)).
    Suggest(SuggestQuestion),
    /// How what a party is to a service changes over time
    /// ([`Model::relation_history`](crate::Model::relation_history)).
    History(HistoryQuestion),
    /// What to fix in the model ([`Model::audit`](crate::Model::audit)).
    Audit(AuditQuestion),
    /// What changed in the model between two dates, with what it did to
    /// every service's relationships
    /// ([`Diff::between_dates`](crate::Diff::between_dates) and
    /// [`Diff::with_relationships`](crate::Diff::with_relationships)).
    Diff(DiffQuestion),
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
            limit: None,
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

    /// Which entities `text`, as typed so far, begins: by id, name (or a
    /// word of it) or email ([`Model::suggest`](crate::Model::suggest)).
    ///
    /// ```
    /// let q = svcrel::Question::suggest("dan");
    /// assert_eq!(q.text(), "dan");
    /// ```
    pub fn suggest(text: impl Into<String>) -> SuggestQuestion {
        SuggestQuestion {
            q: text.into(),
            kind: None,
            limit: None,
        }
    }

    /// How what `party` is to `service` changes over time: all time,
    /// unless `from` or `until` gives an end.
    ///
    /// ```
    /// let q = svcrel::Question::history("mary", "acme-email");
    /// assert_eq!((q.party(), q.service()), ("mary", "acme-email"));
    /// ```
    pub fn history(party: impl Into<String>, service: impl Into<String>) -> HistoryQuestion {
        HistoryQuestion {
            party: party.into(),
            service: service.into(),
            from: None,
            until: None,
            max_chain: None,
        }
    }

    /// What to fix in the model, as of today unless `as_of` says
    /// otherwise.
    ///
    /// ```
    /// let q = svcrel::Question::audit();
    /// assert_eq!(q.asked_limit(), None);
    /// ```
    pub fn audit() -> AuditQuestion {
        AuditQuestion {
            as_of: None,
            within: None,
            limit: None,
        }
    }

    /// What changed in the model from date `old` to date `new`
    /// ([`AsOf::On`](crate::AsOf::On) a date, or
    /// [`AsOf::Today`](crate::AsOf::Today)), and what it did to every
    /// service's relationships.
    ///
    /// ```
    /// use svcrel::{AsOf, Date, Question};
    /// let q = Question::diff(Date::constant(2020, 1, 1), AsOf::Today);
    /// assert_eq!(q.asked_old(), AsOf::On(Date::constant(2020, 1, 1)));
    /// ```
    pub fn diff(old: impl Into<AsOf>, new: impl Into<AsOf>) -> DiffQuestion {
        DiffQuestion {
            old: old.into(),
            new: new.into(),
            max_chain: None,
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
            Question::Suggest(_) => "suggest",
            Question::History(_) => "history",
            Question::Audit(_) => "audit",
            Question::Diff(_) => "diff",
        }
    }
}
