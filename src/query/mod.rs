//! The questions a model answers, one module each, and their options:
//! the chain cutoff and the as-of date.

use jiff::civil::Date;

use crate::error::Error;
use crate::model::Model;

mod audit;
mod changes;
mod consumers;
mod contacts;
mod customers;
mod diff;
mod evidence;
mod history;
mod impact;
mod path;
mod relation;
mod triage;

pub use audit::{
    AUDIT_EXAMPLES, Audit, AuditOptions, Finding, FindingKind, Involved, Involvement, KindCount,
    UnknownFindingKind,
};
pub use changes::{
    ChangeCounts, ChangeOptions, PayerChange, RelationshipChanges, RoleChange, ScopeChange,
    ServiceChanges, ServicePresence,
};
pub use consumers::{AffectedService, Consumer, Consumers};
pub use contacts::ContactRole;
pub use customers::{Customer, Customers, Scope};
pub use diff::{
    Diff, DiffCounts, DiffDates, EntityChange, EntityChanges, EntityRecord, LinkChanges,
};
pub use evidence::{EvidenceLink, EvidenceLinkKind, RoleEvidence};
pub use history::{History, HistoryOptions, HistoryPeriod};
pub use impact::Impact;
pub use path::{LinkType, Path, Step};
use relation::Proof;
pub use relation::{Relation, Role};
pub use triage::{PayingCustomer, Triage};

/// How far along a chain a query goes: a number of steps, or no limit.
///
/// A chain is the escalation from a customer to the one above it (an
/// individual's manager, an organisation's parent) or, for consumers, one
/// service depending on another.
///
/// ```
/// use svcrel::MaxChain;
/// assert!(MaxChain::Steps(2).allows(2));
/// assert!(!MaxChain::Steps(2).allows(3));
/// assert!(MaxChain::Unlimited.allows(u32::MAX));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MaxChain {
    /// At most this many steps from the service.
    Steps(u32),
    /// No limit: every query still terminates, cycles included.
    Unlimited,
}

impl MaxChain {
    /// Whether a party at `distance` is within the cutoff.
    ///
    /// ```
    /// assert!(svcrel::MaxChain::Steps(0).allows(0));
    /// ```
    pub fn allows(self, distance: u32) -> bool {
        match self {
            MaxChain::Steps(k) => distance <= k,
            MaxChain::Unlimited => true,
        }
    }
}

impl std::fmt::Display for MaxChain {
    /// `1 step`, `3 steps`, or `no limit`.
    ///
    /// ```
    /// assert_eq!(svcrel::MaxChain::Steps(1).to_string(), "1 step");
    /// assert_eq!(svcrel::MaxChain::Unlimited.to_string(), "no limit");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MaxChain::Steps(1) => f.write_str("1 step"),
            MaxChain::Steps(k) => write!(f, "{k} steps"),
            MaxChain::Unlimited => f.write_str("no limit"),
        }
    }
}

impl From<u32> for MaxChain {
    fn from(k: u32) -> Self {
        MaxChain::Steps(k)
    }
}

/// The options of a query: chain cutoffs and an as-of date, as a small
/// builder value.
///
/// Defaults follow the command line: the customer chain stops at 1 (the
/// payer, its approvers, and the one above each), the consumer chain has
/// no limit, and with no date every link holds whatever its `from` and
/// `until`. [`Query::max_chain`] sets both cutoffs;
/// [`Query::customer_chain`] and [`Query::consumer_chain`] set one each
/// (as [`Model::relation`](crate::Model::relation) uses them).
///
/// ```
/// use svcrel::{Date, MaxChain, Query};
///
/// let q = Query::new().max_chain(2).as_of(Date::constant(2026, 1, 1));
/// assert_eq!(q.customer_max_chain(), MaxChain::Steps(2));
/// assert_eq!(q.consumer_max_chain(), MaxChain::Steps(2));
/// assert_eq!(q.date(), Some(Date::constant(2026, 1, 1)));
///
/// let defaults = Query::new();
/// assert_eq!(defaults.customer_max_chain(), MaxChain::Steps(1));
/// assert_eq!(defaults.consumer_max_chain(), MaxChain::Unlimited);
/// assert_eq!(defaults.date(), None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Query {
    customer_chain: Option<MaxChain>,
    consumer_chain: Option<MaxChain>,
    as_of: Option<Date>,
}

impl Query {
    /// The default customer chain cutoff: one step.
    pub const DEFAULT_CUSTOMER_CHAIN: MaxChain = MaxChain::Steps(1);
    /// The default consumer chain cutoff: no limit.
    pub const DEFAULT_CONSUMER_CHAIN: MaxChain = MaxChain::Unlimited;

    /// A query with the default cutoffs and no date.
    ///
    /// ```
    /// assert_eq!(svcrel::Query::new(), svcrel::Query::default());
    /// ```
    pub fn new() -> Self {
        Query::default()
    }

    /// Sets both chain cutoffs: a number of steps, or [`MaxChain::Unlimited`].
    ///
    /// ```
    /// use svcrel::{MaxChain, Query};
    /// let q = Query::new().max_chain(3);
    /// assert_eq!(q.customer_max_chain(), MaxChain::Steps(3));
    /// let q = Query::new().max_chain(MaxChain::Unlimited);
    /// assert_eq!(q.consumer_max_chain(), MaxChain::Unlimited);
    /// ```
    pub fn max_chain(self, max: impl Into<MaxChain>) -> Self {
        let max = max.into();
        self.customer_chain(max).consumer_chain(max)
    }

    /// Lifts both chain cutoffs.
    ///
    /// ```
    /// let q = svcrel::Query::new().unlimited_chain();
    /// assert_eq!(q.customer_max_chain(), svcrel::MaxChain::Unlimited);
    /// ```
    pub fn unlimited_chain(self) -> Self {
        self.customer_chain(MaxChain::Unlimited)
            .consumer_chain(MaxChain::Unlimited)
    }

    /// Sets the cutoff of the customer chain (managers and parents above a
    /// payer or approver).
    ///
    /// ```
    /// use svcrel::{MaxChain, Query};
    /// let q = Query::new().customer_chain(4);
    /// assert_eq!(q.customer_max_chain(), MaxChain::Steps(4));
    /// assert_eq!(q.consumer_max_chain(), MaxChain::Unlimited);
    /// ```
    pub fn customer_chain(mut self, max: impl Into<MaxChain>) -> Self {
        self.customer_chain = Some(max.into());
        self
    }

    /// Sets the cutoff of the consumer chain (services depending on
    /// services).
    ///
    /// ```
    /// use svcrel::{MaxChain, Query};
    /// let q = Query::new().consumer_chain(0);
    /// assert_eq!(q.consumer_max_chain(), MaxChain::Steps(0));
    /// ```
    pub fn consumer_chain(mut self, max: impl Into<MaxChain>) -> Self {
        self.consumer_chain = Some(max.into());
        self
    }

    /// Answers as of `date`: a link holds when `from <= date < until`.
    /// `None` ignores validity: every link holds.
    ///
    /// ```
    /// use svcrel::{Date, Query};
    /// let q = Query::new().as_of(Date::constant(2020, 6, 1));
    /// assert_eq!(q.date(), Some(Date::constant(2020, 6, 1)));
    /// assert_eq!(q.as_of(None).date(), None);
    /// ```
    pub fn as_of(mut self, date: impl Into<Option<Date>>) -> Self {
        self.as_of = date.into();
        self
    }

    /// The customer chain cutoff in force.
    ///
    /// ```
    /// assert_eq!(svcrel::Query::new().customer_max_chain(), svcrel::MaxChain::Steps(1));
    /// ```
    pub fn customer_max_chain(&self) -> MaxChain {
        self.customer_chain.unwrap_or(Query::DEFAULT_CUSTOMER_CHAIN)
    }

    /// The consumer chain cutoff in force.
    ///
    /// ```
    /// assert_eq!(svcrel::Query::new().consumer_max_chain(), svcrel::MaxChain::Unlimited);
    /// ```
    pub fn consumer_max_chain(&self) -> MaxChain {
        self.consumer_chain.unwrap_or(Query::DEFAULT_CONSUMER_CHAIN)
    }

    /// The as-of date, if any.
    ///
    /// ```
    /// assert_eq!(svcrel::Query::new().date(), None);
    /// ```
    pub fn date(&self) -> Option<Date> {
        self.as_of
    }
}

/// The five questions, in one place; each is answered in its own module
/// (`customers`, `consumers`, `relation`, `triage`, `impact`), from a
/// model read through its one reader.
impl Model {
    /// Who is the customer of `service`: every payer of a funding link on
    /// it and every individual who approves that payment (distance 0), and
    /// above them, step by step, an individual's manager and an
    /// organisation's parent, up to the query's customer chain cutoff
    /// (default 1).
    ///
    /// Each party appears once, at its smallest distance, with one
    /// shortest path; among equally short paths, the one through the
    /// smallest ids. Ordered by distance, then id. A customer is
    /// [`Scope::External`] when some cash or trade funding link whose
    /// payer's company ([`Model::top`]) shares nothing with the provider's
    /// reaches it within the cutoff, and [`Scope::Internal`] otherwise.
    ///
    /// The search is a bounded breadth-first walk: it touches only the
    /// funding links of the service and the chains above them.
    ///
    /// ```
    /// use svcrel::{Model, Query, Scope};
    ///
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let customers = model.customers_of("expense-app", &Query::new().max_chain(2))?;
    /// let rows: Vec<(&str, u32)> = customers.iter().map(|c| (c.party().id(), c.distance())).collect();
    /// assert_eq!(rows, [
    ///     ("dana", 0), ("goddard-apps", 0),
    ///     ("goddard", 1), ("goddard-cio", 1),
    ///     ("nasa", 2), ("nasa-cio", 2),
    /// ]);
    /// assert!(customers.iter().all(|c| c.scope() == Scope::External));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::UnknownId`](crate::ErrorKind::UnknownId) error when
    /// `service` names no service of the model.
    pub fn customers_of(&self, service: &str, query: &Query) -> Result<Customers<'_>, Error> {
        let service = self.require_service(service)?;
        Ok(self.customers_from(service, query.customer_max_chain(), query.date()))
    }

    /// Who consumes `service`, and which services are affected when it
    /// fails.
    ///
    /// The service is at distance 0; a service that depends on a service
    /// at distance d is at d + 1, up to the query's consumer chain cutoff
    /// (default: no limit; dependency cycles are fine). For each affected
    /// service at distance d, every party with a usage link on it is a
    /// consumer at d, and so is its provider when it is not the service
    /// asked about ("if I rely on you, am I your customer?" — no: a
    /// consumer). An organisation consumer passes its distance to the
    /// organisations below it and to their members (memberships holding
    /// on the date).
    ///
    /// Each party appears once, at its smallest distance, with one
    /// shortest path (fewest links, then the smallest ids); consumers and
    /// affected services are ordered by distance, then id.
    ///
    /// ```
    /// use svcrel::{Model, Query};
    ///
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let consumers = model.consumers_of("build-farm", &Query::new())?;
    /// let rows: Vec<(&str, u32)> = consumers.iter().map(|c| (c.party().id(), c.distance())).collect();
    /// assert_eq!(rows, [
    ///     ("developer-priya", 1), ("developer-sam", 1), ("expenseco-dev", 1), ("project-manager", 1),
    /// ]);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::UnknownId`](crate::ErrorKind::UnknownId) error when
    /// `service` names no service of the model.
    pub fn consumers_of(&self, service: &str, query: &Query) -> Result<Consumers<'_>, Error> {
        let service = self.require_service(service)?;
        Ok(self.consumers_from(service, query.consumer_max_chain(), query.date()))
    }

    /// What `party` is to `service`: the set of its roles ([`Role`]).
    ///
    /// The customer role uses the query's customer chain cutoff (default
    /// 1), the consumer role its consumer chain cutoff (default: no
    /// limit); the roles agree with [`Model::customers_of`] and
    /// [`Model::consumers_of`]. Where the provider is an individual, "an
    /// organisation above it" means an organisation it is a member of on
    /// the date, or one above that.
    ///
    /// The answer is found from the party's side: its organisations and
    /// the services they use or provide, then the dependency chain from
    /// those towards `service`. It does not enumerate every consumer of a
    /// company-wide service, so it suits a call per ticket.
    ///
    /// ```
    /// use svcrel::{Date, Model, Query, Role};
    ///
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let q = Query::new().as_of(Date::constant(2028, 6, 1));
    /// let rel = model.relation("mary", "acme-email", &q)?;
    /// let names: Vec<&str> = rel.roles().iter().map(|r| r.name()).collect();
    /// assert_eq!(names, ["consumer", "client", "colleague", "partner"]);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::UnknownId`](crate::ErrorKind::UnknownId) error when
    /// `party` names no organisation or individual, or `service` no service.
    pub fn relation(&self, party: &str, service: &str, query: &Query) -> Result<Relation, Error> {
        let (party, service) = self.require_party_and_service(party, service)?;
        Ok(self.relation_of(party, service, query, Proof::Roles))
    }

    /// [`Model::relation`], with each role's evidence: the links of the
    /// model that make it so on the query's date, from the party to the
    /// service ([`Relation::evidence`]; see [`RoleEvidence`] for which
    /// links each role gives). The roles are the same; finding a path for
    /// each costs more than the roles alone (some microseconds, and as
    /// many steps as the longest way), so `relation` leaves them out.
    ///
    /// ```
    /// use svcrel::{Date, EvidenceLinkKind, Model, Query, Role};
    ///
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let q = Query::new().as_of(Date::constant(2028, 6, 1));
    /// let rel = model.explain("mary", "acme-email", &q)?;
    /// assert_eq!(rel.roles(), model.relation("mary", "acme-email", &q)?.roles());
    /// let client = rel.evidence_for(&Role::Client).unwrap();
    /// assert!(client.links.iter().any(|l| l.kind == EvidenceLinkKind::Oversight));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Model::relation`].
    pub fn explain(&self, party: &str, service: &str, query: &Query) -> Result<Relation, Error> {
        let (party, service) = self.require_party_and_service(party, service)?;
        Ok(self.relation_of(party, service, query, Proof::Links))
    }

    /// When `service` fails: the affected services (through dependencies,
    /// within the consumer chain cutoff), the individuals among its
    /// consumers counted per top-level organisation and per paying
    /// customer, and the customers and sponsors of every affected service
    /// to notify (within the customer chain cutoff).
    ///
    /// ```
    /// use svcrel::{Model, Query};
    ///
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let impact = model.impact("expense-app", &Query::new())?;
    /// assert_eq!(impact.consumers_by_top().get("us-gov"), Some(&1)); // Dana
    /// assert!(impact.notify().iter().any(|p| p == "dana"));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::UnknownId`](crate::ErrorKind::UnknownId) error when
    /// `service` names no service.
    pub fn impact(&self, service: &str, query: &Query) -> Result<Impact, Error> {
        let node = self.require_service(service)?;
        Ok(self.impact_of(node, query))
    }

    /// Triage a ticket: what `requester` is to `service` (the roles of
    /// [`Model::relation`], with its cutoffs), whether they are entitled
    /// to service (provider, consumer, customer or client), who pays for
    /// the ticket, whom to notify, and one sentence explaining it all.
    ///
    /// The paying customer is the payer of the funding link on the service
    /// (holding on the date) that is closest to the requester: the
    /// requester themself (0 steps), then the organisations they are a
    /// member of on the date (1 step), then each one's parents (one step
    /// more each), fewest steps first; ties go to the link listed first in
    /// the document. Every membership of a requester in several
    /// organisations is considered, and the explanation names the one
    /// that led to the payer. A payer elsewhere (a sibling department,
    /// another company) is not near: then there is no paying customer.
    /// The chain cutoffs do not limit this search.
    ///
    /// ```
    /// use svcrel::{Model, Query};
    ///
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let t = model.triage("pupil-cara", "desktop-support", &Query::new())?;
    /// assert!(t.entitled());
    /// assert!(t.payer().is_none());
    /// println!("{}", t.explanation());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::UnknownId`](crate::ErrorKind::UnknownId) error for an
    /// id the model lacks.
    pub fn triage(&self, requester: &str, service: &str, query: &Query) -> Result<Triage, Error> {
        let (party, service) = self.require_party_and_service(requester, service)?;
        Ok(self.triage_of(party, service, query))
    }
}
