//! The questions a model answers, one module each, and their options:
//! the chain cutoff and the as-of date.

use jiff::civil::Date;

mod consumers;
mod customers;
mod impact;
mod path;
mod relation;
mod triage;

pub use consumers::{AffectedService, Consumer, Consumers};
pub use customers::{Customer, Customers, Scope};
pub use impact::Impact;
pub use path::{LinkType, Path, Step};
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
