//! The [`Query`] a question is answered with: its date resolved through
//! [`today`], its cutoffs with the command line's defaults. `Model::ask`
//! answers with it, and a program that writes an answer its own way (the
//! command line's text) asks the typed methods with the same one.

use crate::error::Error;
use crate::protocol::kinds::{
    AuditQuestion, ConsumersQuestion, CustomersQuestion, DiffQuestion, HistoryQuestion,
    ImpactQuestion, RelationQuestion, TriageQuestion,
};
use crate::protocol::{AsOf, today};
use crate::query::MaxChain::Steps;
use crate::query::{AuditOptions, ChangeOptions, HistoryOptions, Query};
use jiff::civil::Date;

/// `query` on the date `as_of` resolves to.
fn dated(query: Query, as_of: AsOf) -> Result<Query, Error> {
    Ok(query.as_of(as_of.resolve()?))
}

impl Query {
    /// A query as of [`today`](crate::today): `SVCREL_TODAY`
    /// (`YYYY-MM-DD`) when it is set, else the local date, with the
    /// default cutoffs.
    ///
    /// A plain [`Query::new`] still ignores dates: nothing reads the clock
    /// unless asked to, and this is how to ask.
    ///
    /// ```
    /// use svcrel::{Model, Query};
    ///
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let query = Query::today()?;
    /// assert!(query.date().is_some());
    /// assert_eq!(Query::new().date(), None);
    /// // United Airlines funded the broadcast until March 2020: today it
    /// // is no customer, though it is one when dates are ignored.
    /// let now = model.customers_of("nfl-broadcast", &query)?;
    /// assert!(now.get("united-airlines").is_none());
    /// let ever = model.customers_of("nfl-broadcast", &Query::new())?;
    /// assert!(ever.get("united-airlines").is_some());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`today`](crate::today): an error of kind
    /// [`ErrorKind::BadDate`](crate::ErrorKind::BadDate) naming
    /// `SVCREL_TODAY` when it is set to anything but a date.
    pub fn today() -> Result<Query, Error> {
        Ok(Query::new().as_of(today()?))
    }
}

impl CustomersQuestion {
    /// The [`Query`] [`Model::ask`](crate::Model::ask) answers this
    /// question with: the date resolved ([`AsOf::resolve`](crate::AsOf::resolve):
    /// today when the question gives none) and the customer chain cutoff
    /// asked for, else 1 step.
    ///
    /// ```
    /// use svcrel::{Answer, AsOf, Date, MaxChain, Model, Query, Question};
    ///
    /// let day = Date::constant(2024, 6, 1);
    /// let question = Question::customers("nfl-broadcast").max_chain(3).as_of(day);
    /// let query = question.query()?;
    /// assert_eq!(query, Query::new().customer_chain(3).as_of(day));
    ///
    /// // The typed answer to that query is the protocol's answer.
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let typed = model.customers_of("nfl-broadcast", &query)?;
    /// let Answer::Customers(answer) = model.ask(&question.into())? else { unreachable!() };
    /// assert_eq!(answer.total, typed.len());
    /// assert_eq!(answer.as_of, query.date());
    ///
    /// let defaults = Question::customers("nfl-broadcast").as_of(AsOf::Any).query()?;
    /// assert_eq!(defaults.customer_max_chain(), MaxChain::Steps(1));
    /// assert_eq!(defaults.date(), None);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`today`](crate::today), when the question is as of today.
    pub fn query(&self) -> Result<Query, Error> {
        let max = self.asked_max_chain();
        let query = Query::new().customer_chain(max.map_or(Query::DEFAULT_CUSTOMER_CHAIN, Steps));
        dated(query, self.asked_as_of())
    }
}

impl ConsumersQuestion {
    /// The [`Query`] [`Model::ask`](crate::Model::ask) answers this
    /// question with: the date resolved ([`AsOf::resolve`](crate::AsOf::resolve):
    /// today when the question gives none) and the consumer chain cutoff
    /// asked for, else no limit.
    ///
    /// ```
    /// use svcrel::{AsOf, Date, MaxChain, Query, Question};
    ///
    /// let day = Date::constant(2026, 1, 1);
    /// let query = Question::consumers("directory").max_chain(1).as_of(day).query()?;
    /// assert_eq!(query, Query::new().consumer_chain(1).as_of(day));
    ///
    /// let defaults = Question::consumers("directory").as_of(AsOf::Any).query()?;
    /// assert_eq!(defaults.consumer_max_chain(), MaxChain::Unlimited);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`today`](crate::today), when the question is as of today.
    pub fn query(&self) -> Result<Query, Error> {
        let max = self.asked_max_chain();
        let query = Query::new().consumer_chain(max.map_or(Query::DEFAULT_CONSUMER_CHAIN, Steps));
        dated(query, self.asked_as_of())
    }
}

/// `query` for the kinds that follow both chains: the defaults (1 step
/// of customers, no limit of dependencies), or K for both.
macro_rules! both_chains {
    ($ty:ident, $ctor:literal) => {
        impl $ty {
            /// The [`Query`] [`Model::ask`](crate::Model::ask) answers
            /// this question with: the date resolved
            /// ([`AsOf::resolve`](crate::AsOf::resolve): today when the
            /// question gives none) and both cutoffs: the one asked for,
            /// else 1 step for the customer chain and no limit for the
            /// consumer chain.
            ///
            /// ```
            /// use svcrel::{AsOf, Date, MaxChain, Query, Question};
            ///
            /// let day = Date::constant(2026, 1, 1);
            #[doc = concat!("let query = Question::", $ctor, ".max_chain(2).as_of(day).query()?;")]
            /// assert_eq!(query, Query::new().max_chain(2).as_of(day));
            ///
            #[doc = concat!("let defaults = Question::", $ctor, ".as_of(AsOf::Any).query()?;")]
            /// assert_eq!(defaults, Query::new());
            /// assert_eq!(defaults.customer_max_chain(), MaxChain::Steps(1));
            /// assert_eq!(defaults.consumer_max_chain(), MaxChain::Unlimited);
            /// # Ok::<(), svcrel::Error>(())
            /// ```
            ///
            /// # Errors
            ///
            /// As [`today`](crate::today), when the question is as of
            /// today.
            pub fn query(&self) -> Result<Query, Error> {
                let query = match self.asked_max_chain() {
                    Some(k) => Query::new().max_chain(k),
                    None => Query::new(),
                };
                dated(query, self.asked_as_of())
            }
        }
    };
}

both_chains!(RelationQuestion, "relation(\"dana\", \"expense-app\")");
both_chains!(
    TriageQuestion,
    "triage(\"teacher-ann\", \"desktop-support\")"
);
both_chains!(ImpactQuestion, "impact(\"sso\")");

impl HistoryQuestion {
    /// The [`HistoryOptions`] [`Model::ask`](crate::Model::ask) answers
    /// this question with: the range asked for (all time by default) and
    /// both cutoffs as for relation: the one asked for, else 1 step for
    /// the customer chain and no limit for the consumer chain. A history
    /// reads no clock.
    ///
    /// ```
    /// use svcrel::{Date, HistoryOptions, Question};
    ///
    /// let day = Date::constant(2010, 1, 1);
    /// let options = Question::history("mary", "acme-email").from(day).max_chain(2).options();
    /// assert_eq!(options, HistoryOptions::new().between(day, None).max_chain(2));
    /// assert_eq!(Question::history("mary", "acme-email").options(), HistoryOptions::new());
    /// ```
    pub fn options(&self) -> HistoryOptions {
        let options = HistoryOptions::new().between(self.asked_from(), self.asked_until());
        match self.asked_max_chain() {
            Some(k) => options.max_chain(k),
            None => options,
        }
    }
}

impl AuditQuestion {
    /// The [`AuditOptions`] [`Model::ask`](crate::Model::ask) answers
    /// this question with: the date resolved
    /// ([`AsOf::resolve`](crate::AsOf::resolve): today when the question
    /// gives none) and the days ahead asked for, else 30.
    ///
    /// ```
    /// use svcrel::{AsOf, AuditOptions, Date, Question};
    ///
    /// let day = Date::constant(2026, 12, 4);
    /// let options = Question::audit().as_of(day).within(60).options()?;
    /// assert_eq!(options, AuditOptions::new().as_of(day).within_days(60));
    /// assert_eq!(Question::audit().as_of(AsOf::Any).options()?, AuditOptions::new());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`today`](crate::today), when the question is as of today.
    pub fn options(&self) -> Result<AuditOptions, Error> {
        Ok(AuditOptions::new()
            .as_of(self.asked_as_of().resolve()?)
            .within_days(self.asked_within()))
    }
}

impl DiffQuestion {
    /// The two dates [`Model::ask`](crate::Model::ask) compares, `old`
    /// then `new`, `"today"` resolved through [`today`].
    ///
    /// ```
    /// use svcrel::{Date, Question};
    ///
    /// let (d1, d2) = (Date::constant(2020, 1, 1), Date::constant(2028, 6, 1));
    /// assert_eq!(Question::diff(d1, d2).dates()?, (d1, d2));
    /// let err = Question::diff(d2, d1).dates().unwrap_err();
    /// assert_eq!(err.kind(), svcrel::ErrorKind::InvalidQuestion);
    /// assert!(err.to_string().contains("after"));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An error of kind
    /// [`ErrorKind::InvalidQuestion`](crate::ErrorKind::InvalidQuestion)
    /// when a date is [`AsOf::Any`] or `old` is after `new`; as
    /// [`today`] when a date is today.
    pub fn dates(&self) -> Result<(Date, Date), Error> {
        let resolve = |name: &str, as_of: AsOf| match as_of {
            AsOf::Any => Err(Error::invalid_question(format!(
                "a diff compares two dates: its {name} cannot be \"any\""
            ))),
            AsOf::Today => today(),
            AsOf::On(date) => Ok(date),
        };
        let old = resolve("old", self.asked_old())?;
        let new = resolve("new", self.asked_new())?;
        if old > new {
            return Err(Error::invalid_question(format!(
                "the diff's old date {old} is after its new date {new}: give the earlier date as old"
            )));
        }
        Ok((old, new))
    }

    /// The [`ChangeOptions`] [`Model::ask`](crate::Model::ask) reads the
    /// relationships with: the two [`dates`](DiffQuestion::dates) and
    /// both cutoffs as for relation: the one asked for, else 1 step for
    /// the customer chain and no limit for the consumer chain.
    ///
    /// ```
    /// use svcrel::{ChangeOptions, Date, Question};
    ///
    /// let (d1, d2) = (Date::constant(2020, 1, 1), Date::constant(2028, 6, 1));
    /// let options = Question::diff(d1, d2).max_chain(2).options()?;
    /// assert_eq!(options, ChangeOptions::new().old_date(d1).new_date(d2).max_chain(2));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`DiffQuestion::dates`].
    pub fn options(&self) -> Result<ChangeOptions, Error> {
        let (old, new) = self.dates()?;
        let options = ChangeOptions::new().old_date(old).new_date(new);
        Ok(match self.asked_max_chain() {
            Some(k) => options.max_chain(k),
            None => options,
        })
    }
}
