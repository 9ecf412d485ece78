//! `relation_history`: how what a party is to a service changes over time.
//!
//! A party's roles towards a service change only on a date where a link
//! starts or stops holding, and only a link that `relation` reads for the
//! pair can change them. So the history gathers the `from` and `until`
//! dates of those links (the candidate dates, see
//! [`Model::relation_history`]), asks `relation` once on each candidate
//! inside the range (and once for the stretch before the first), and
//! merges the neighbours that agree.

use std::collections::{BTreeSet, HashMap, HashSet};

use jiff::civil::Date;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::ids::EntityKind;
use crate::model::{LinkKind, Model};
use crate::protocol::Cutoffs;
use crate::query::relation::{Proof, Role};
use crate::query::{MaxChain, Query};

/// The options of [`Model::relation_history`]: the range of dates to
/// cover and the chain cutoffs, as a small builder value.
///
/// By default the history covers all time (both ends open) with
/// [`Query`]'s default cutoffs: 1 step for the customer role, no limit for
/// the consumer role.
///
/// ```
/// use svcrel::{Date, HistoryOptions, MaxChain};
///
/// let options = HistoryOptions::new()
///     .between(Date::constant(2010, 1, 1), None)
///     .max_chain(2);
/// assert_eq!(options.from(), Some(Date::constant(2010, 1, 1)));
/// assert_eq!(options.until(), None);
/// assert_eq!(options.query().consumer_max_chain(), MaxChain::Steps(2));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct HistoryOptions {
    from: Option<Date>,
    until: Option<Date>,
    query: Query,
}

impl HistoryOptions {
    /// All time, with the default cutoffs.
    ///
    /// ```
    /// let options = svcrel::HistoryOptions::new();
    /// assert_eq!((options.from(), options.until()), (None, None));
    /// ```
    pub fn new() -> Self {
        HistoryOptions::default()
    }

    /// Covers the dates `from <= D < until` only; `None` leaves an end
    /// open. The first period then starts on `from` and the last ends on
    /// `until`. A range with `from` not before `until` is an error of
    /// [`Model::relation_history`].
    ///
    /// ```
    /// use svcrel::{Date, HistoryOptions};
    /// let options = HistoryOptions::new().between(None, Date::constant(2020, 1, 1));
    /// assert_eq!(options.until(), Some(Date::constant(2020, 1, 1)));
    /// ```
    pub fn between(
        mut self,
        from: impl Into<Option<Date>>,
        until: impl Into<Option<Date>>,
    ) -> Self {
        self.from = from.into();
        self.until = until.into();
        self
    }

    /// Sets both chain cutoffs, as [`Query::max_chain`] does.
    ///
    /// ```
    /// use svcrel::{HistoryOptions, MaxChain};
    /// let options = HistoryOptions::new().max_chain(MaxChain::Unlimited);
    /// assert_eq!(options.query().customer_max_chain(), MaxChain::Unlimited);
    /// ```
    pub fn max_chain(mut self, max: impl Into<MaxChain>) -> Self {
        self.query = self.query.max_chain(max);
        self
    }

    /// The first date covered, if the range has a start.
    ///
    /// ```
    /// assert_eq!(svcrel::HistoryOptions::new().from(), None);
    /// ```
    pub fn from(&self) -> Option<Date> {
        self.from
    }

    /// The first date no longer covered, if the range has an end.
    ///
    /// ```
    /// assert_eq!(svcrel::HistoryOptions::new().until(), None);
    /// ```
    pub fn until(&self) -> Option<Date> {
        self.until
    }

    /// The cutoffs, as a [`Query`] without a date.
    ///
    /// ```
    /// let q = svcrel::HistoryOptions::new().max_chain(3).query();
    /// assert_eq!(q.customer_max_chain(), svcrel::MaxChain::Steps(3));
    /// assert_eq!(q.date(), None);
    /// ```
    pub fn query(&self) -> Query {
        self.query
    }
}

/// A stretch of dates `from <= D < until` over which a party's roles
/// towards a service stay the same: one row of a [`History`].
///
/// ```
/// use svcrel::{Date, HistoryOptions, Model};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let history = model.relation_history("mary", "acme-email", &HistoryOptions::new())?;
/// let first = &history.periods[0];
/// assert_eq!(first.from, None);
/// assert_eq!(first.until, Some(Date::constant(2005, 1, 1)));
/// assert!(first.roles.is_empty());
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct HistoryPeriod {
    /// The first date of the period; `null` when it is open (all dates
    /// before `until`).
    #[serde(with = "crate::dates")]
    #[schemars(with = "Option<String>")]
    pub from: Option<Date>,
    /// The first date after the period; `null` when it is open.
    #[serde(with = "crate::dates")]
    #[schemars(with = "Option<String>")]
    pub until: Option<Date>,
    /// The party's roles over the period, as [`Relation::roles`](crate::Relation::roles)
    /// gives them; empty when it has none.
    pub roles: Vec<Role>,
}

impl HistoryPeriod {
    /// Whether the period holds `date`: `from <= date < until`.
    ///
    /// ```
    /// use svcrel::{Date, HistoryOptions, Model};
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let history = model.relation_history("mary", "acme-email", &HistoryOptions::new())?;
    /// assert!(history.periods[0].holds(Date::constant(1999, 1, 1)));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn holds(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date < u)
    }
}

/// A relationship's history: the periods, in date order, over which a
/// party's roles towards a service stay the same. See
/// [`Model::relation_history`].
///
/// The periods cover the whole range asked about without gaps or
/// overlaps, periods with no role included; no two neighbours have the
/// same roles.
///
/// ```
/// use svcrel::{HistoryOptions, Model};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let history = model.relation_history("mary", "acme-email", &HistoryOptions::new())?;
/// let json = serde_json::to_value(&history).unwrap();
/// assert_eq!(json["party"], "mary");
/// assert_eq!(json["periods"][1]["from"], "2005-01-01");
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct History {
    /// The party asked about.
    pub party: String,
    /// Its name, `null` when it has none.
    pub party_name: Option<String>,
    /// The service asked about.
    pub service: String,
    /// Its name, `null` when it has none.
    pub service_name: Option<String>,
    /// The first date covered; `null` for all time before.
    #[serde(with = "crate::dates")]
    #[schemars(with = "Option<String>")]
    pub from: Option<Date>,
    /// The first date no longer covered; `null` for all time after.
    #[serde(with = "crate::dates")]
    #[schemars(with = "Option<String>")]
    pub until: Option<Date>,
    /// The cutoffs used.
    pub max_chain: Cutoffs,
    /// The periods, in date order.
    pub periods: Vec<HistoryPeriod>,
    /// The model's [`version`](crate::Model::version) when it answered.
    pub version: u64,
    /// How many dates `relation` was asked about.
    #[serde(skip)]
    asked: usize,
}

impl History {
    /// The roles on `date`, if the history covers it.
    ///
    /// ```
    /// use svcrel::{Date, HistoryOptions, Model};
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let history = model.relation_history("mary", "acme-email", &HistoryOptions::new())?;
    /// assert_eq!(history.roles_on(Date::constant(1999, 1, 1)), Some(&[][..]));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn roles_on(&self, date: Date) -> Option<&[Role]> {
        self.periods
            .iter()
            .find(|p| p.holds(date))
            .map(|p| p.roles.as_slice())
    }

    /// How many dates the history asked `relation` about: one per
    /// candidate date inside the range, and one for the stretch before
    /// the first. Its cost, in `relation` calls. It is not written to
    /// JSON: a history read back from JSON says 0.
    ///
    /// ```
    /// use svcrel::{HistoryOptions, Model};
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let history = model.relation_history("mary", "acme-email", &HistoryOptions::new())?;
    /// assert!(history.dates_asked() >= history.periods.len());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn dates_asked(&self) -> usize {
        self.asked
    }
}

impl Model {
    /// How what `party` is to `service` ([`Model::relation`]) changes over
    /// time: the periods over which its roles stay the same, in date
    /// order, covering the range of `options` (all time by default).
    ///
    /// Periods with no role are included, so that the history covers the
    /// whole range and says when a role ended as well as when it began;
    /// neighbouring periods with the same roles (distances and scopes
    /// included) are merged. Each end of a period is a date or open: the
    /// first period of an all-time history starts open, the last ends
    /// open.
    ///
    /// Roles change only on a date where a link starts or stops holding,
    /// and only the links `relation` reads for this pair can change them.
    /// The candidate dates are the `from` and `until` of:
    /// the funding links on the service; the memberships of the party,
    /// of the provider and of each payer (those that are individuals: they
    /// say which company each is in); the reporting lines out of the
    /// individuals within the customer chain cutoff above the payers and
    /// approvers (when the party is an individual); the usage links from
    /// the party and the organisations it belongs to at any date (and
    /// those above) to the services that depend, within the consumer
    /// chain cutoff, on the service; the dependency links on the ways
    /// from the services those use or provide to the service within that
    /// cutoff; and the oversight and partnership links between the
    /// party's side and the provider's. When a way to the service holds
    /// on every date (links without dates, from organisations the party
    /// belongs to without dates), only the usage and dependency links of
    /// shorter ways can change the consumer distance: the others' dates
    /// are left out. `relation` is then asked once per
    /// candidate date inside the range and once for the start, so a
    /// history costs a few calls, however many dates the model has
    /// elsewhere ([`History::dates_asked`]).
    ///
    /// ```
    /// use svcrel::{Date, HistoryOptions, Model, Role};
    ///
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let history = model.relation_history("mary", "acme-email", &HistoryOptions::new())?;
    /// for period in &history.periods {
    ///     let roles: Vec<String> = period.roles.iter().map(|r| r.to_string()).collect();
    ///     println!("{:?} .. {:?}  {}", period.from, period.until, roles.join(", "));
    /// }
    /// assert_eq!(
    ///     history.roles_on(Date::constant(2012, 1, 1)),
    ///     Some(&[Role::Consumer { distance: 0 }, Role::Colleague][..]),
    /// );
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::UnknownId`](crate::ErrorKind::UnknownId) error when
    /// `party` names no organisation or individual, or `service` no
    /// service; an [`ErrorKind::InvalidQuestion`](crate::ErrorKind::InvalidQuestion)
    /// error when the range's `from` is not before its `until`.
    pub fn relation_history(
        &self,
        party: &str,
        service: &str,
        options: &HistoryOptions,
    ) -> Result<History, Error> {
        let (p, s) = self.require_party_and_service(party, service)?;
        let (from, until) = (options.from, options.until);
        if let (Some(f), Some(u)) = (from, until) {
            if f >= u {
                return Err(Error::invalid_question(format!(
                    "the history's start {f} is not before its end {u}"
                )));
            }
        }
        let query = options.query;
        let inside = |d: &Date| from.is_none_or(|f| f < *d) && until.is_none_or(|u| *d < u);
        let candidates: Vec<Date> = self
            .history_dates(p, s, &query)
            .into_iter()
            .filter(inside)
            .collect();
        // The starts of the periods before merging: the range's start,
        // then each candidate date.
        let mut starts: Vec<Option<Date>> = Vec::with_capacity(candidates.len() + 1);
        starts.push(from);
        starts.extend(candidates.iter().copied().map(Some));
        let mut periods: Vec<HistoryPeriod> = Vec::new();
        for (i, &start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).copied().unwrap_or(until);
            // Any date of the period answers for all of it.
            let on = match (start, end) {
                (Some(d), _) => d,
                (None, Some(e)) => match e.yesterday() {
                    Ok(d) => d,
                    Err(_) => continue, // nothing before the first date
                },
                (None, None) => Date::MIN,
            };
            let roles = self
                .relation_of(p, s, &query.as_of(on), Proof::Roles)
                .roles()
                .to_vec();
            match periods.last_mut() {
                Some(last) if last.roles == roles => last.until = end,
                _ => periods.push(HistoryPeriod {
                    from: start,
                    until: end,
                    roles,
                }),
            }
        }
        let name = |id: &str| self.entity(id).and_then(|e| e.name().map(str::to_owned));
        Ok(History {
            party: party.to_owned(),
            party_name: name(party),
            service: service.to_owned(),
            service_name: name(service),
            from,
            until,
            max_chain: Cutoffs {
                customer: Some(query.customer_max_chain()),
                consumer: Some(query.consumer_max_chain()),
            },
            periods,
            version: self.version(),
            asked: starts.len(),
        })
    }

    /// The candidate dates of a history of `party` towards `service`: the
    /// `from` and `until` of every link `relation_of` may read for the
    /// pair on some date (see [`Model::relation_history`]). Every date
    /// where the answer changes is among them.
    fn history_dates(&self, party: NodeIndex, service: NodeIndex, query: &Query) -> BTreeSet<Date> {
        let mut dates = BTreeSet::new();
        let mut add = |e: EdgeIndex| {
            if let Some((from, until)) = self.link_dates(e) {
                dates.extend(from);
                dates.extend(until);
            }
        };
        let provider = self.provider_of(service);
        let is_individual = |n: NodeIndex| self.kind_of(n) == EntityKind::Individual;
        let memberships_of = |n: NodeIndex, add: &mut dyn FnMut(EdgeIndex)| {
            if is_individual(n) {
                for (_, e) in self.links_out(n, LinkKind::Membership, None) {
                    add(e);
                }
            }
        };

        // Sponsor and the customer seeds: the funding links on the
        // service, and the company of each payer (for the scope).
        let mut seeds: Vec<NodeIndex> = Vec::new();
        for funding in self.fundings(service, None) {
            add(funding.edge);
            memberships_of(funding.payer, &mut add);
            seeds.push(funding.payer);
            seeds.extend_from_slice(funding.approved_by);
        }
        // The party's side and company; the provider's company and side.
        memberships_of(party, &mut add);
        if let Some(p) = provider {
            memberships_of(p, &mut add);
        }

        // The customer chain: reporting lines above the individual seeds,
        // within the cutoff. Only an individual is reached by them.
        let customer_max = query.customer_max_chain();
        if is_individual(party) {
            let mut seen: HashSet<NodeIndex> = HashSet::new();
            let mut layer: Vec<NodeIndex> = seeds
                .iter()
                .copied()
                .filter(|&n| is_individual(n) && seen.insert(n))
                .collect();
            let mut distance = 0u32;
            while !layer.is_empty() && customer_max.allows(distance + 1) {
                distance += 1;
                let mut next = Vec::new();
                for &n in &layer {
                    for (manager, e) in self.links_out(n, LinkKind::Reporting, None) {
                        add(e);
                        if seen.insert(manager) {
                            next.push(manager);
                        }
                    }
                }
                layer = next;
            }
        }

        // The consumer chain: the services that depend on the service
        // within the cutoff, at any date, with their fewest steps to it.
        let consumer_max = query.consumer_max_chain();
        let mut towards: HashMap<NodeIndex, u32> = HashMap::new();
        towards.insert(service, 0);
        let mut layer = vec![service];
        let mut distance = 0u32;
        while !layer.is_empty() && consumer_max.allows(distance + 1) {
            distance += 1;
            let mut next = Vec::new();
            for &x in &layer {
                for (y, _) in self.links_in(x, LinkKind::Dependency, None) {
                    if let std::collections::hash_map::Entry::Vacant(v) = towards.entry(y) {
                        v.insert(distance);
                        next.push(y);
                    }
                }
            }
            layer = next;
        }

        // The party's side at any date: the party, every organisation it
        // belongs to at any date, and those above.
        let mine = self.above(party, false);
        if let Some(theirs) = provider.map(|p| self.above(p, false)) {
            for &m in &mine {
                let links = self
                    .links_out(m, LinkKind::Oversight, None)
                    .chain(self.links_out(m, LinkKind::Partnership, None))
                    .chain(self.links_in(m, LinkKind::Partnership, None));
                for (other, e) in links {
                    if theirs.contains(&other) {
                        add(e);
                    }
                }
            }
        }

        // A way to the service made of links that hold on every date
        // (from the party's side on every date) bounds the consumer
        // distance on every date: only shorter ways can change it.
        let always = self.above(party, true);
        let held = |e: EdgeIndex| self.link_dates(e) == Some((None, None));
        let bound = self.consumer_steps(&always, service, &towards, &|_| true, None, held);
        let within = |steps: u32| consumer_max.allows(steps) && bound.is_none_or(|b| steps < b);
        self.consumer_steps(&mine, service, &towards, &within, Some(&mut add), |_| true);
        dates
    }

    /// The fewest steps from a service that a party of `side` uses (or
    /// provides, other than `service`) to `service`, along dependency
    /// links, with only the usage and dependency links `usable` says;
    /// `towards` holds the services that may reach `service`, with their
    /// fewest steps to it. With `links`, every usage and dependency link
    /// on such a way within `within` steps is given to it, and the
    /// search goes on past the first way found.
    fn consumer_steps(
        &self,
        side: &HashSet<NodeIndex>,
        service: NodeIndex,
        towards: &HashMap<NodeIndex, u32>,
        within: &dyn Fn(u32) -> bool,
        mut links: Option<&mut dyn FnMut(EdgeIndex)>,
        usable: impl Fn(EdgeIndex) -> bool,
    ) -> Option<u32> {
        let mut forward: HashMap<NodeIndex, u32> = HashMap::new();
        let mut front: Vec<NodeIndex> = Vec::new();
        let mut best: Option<u32> = None;
        for &m in side {
            for (used, e) in self.links_out(m, LinkKind::Usage, None) {
                let Some(&left) = towards.get(&used) else {
                    continue;
                };
                if !usable(e) || !within(left) {
                    continue;
                }
                if used == service {
                    best = Some(0);
                }
                if let Some(add) = links.as_mut() {
                    add(e);
                }
                if forward.insert(used, 0).is_none() {
                    front.push(used);
                }
            }
            for (provided, _) in self.links_in(m, LinkKind::Provider, None) {
                if provided != service
                    && towards.get(&provided).is_some_and(|&left| within(left))
                    && forward.insert(provided, 0).is_none()
                {
                    front.push(provided);
                }
            }
        }
        let mut depth = 0u32;
        while !front.is_empty() && (links.is_some() || best.is_none()) {
            let mut next = Vec::new();
            for &x in &front {
                for (y, e) in self.links_out(x, LinkKind::Dependency, None) {
                    let Some(&left) = towards.get(&y) else {
                        continue;
                    };
                    if !usable(e) || !within(depth + 1 + left) {
                        continue;
                    }
                    if y == service {
                        best = Some(best.map_or(depth + 1, |b| b.min(depth + 1)));
                    }
                    if let Some(add) = links.as_mut() {
                        add(e);
                    }
                    if let std::collections::hash_map::Entry::Vacant(v) = forward.entry(y) {
                        v.insert(depth + 1);
                        next.push(y);
                    }
                }
            }
            front = next;
            depth += 1;
        }
        best
    }

    /// A party and, for an organisation, those above it; for an
    /// individual, every organisation it is a member of at any date (with
    /// `held_always`, by a membership without dates) and those above: the
    /// all-time (or every-date) counterpart of `self_and_above`.
    fn above(&self, party: NodeIndex, held_always: bool) -> HashSet<NodeIndex> {
        let mut out = HashSet::new();
        out.insert(party);
        // Parent chains have no cycles; a node met before ends the climb.
        let mut climb = |start: NodeIndex| {
            let mut current = Some(start);
            while let Some(org) = current {
                if !out.insert(org) {
                    break;
                }
                current = self.parent_of(org);
            }
        };
        match self.kind_of(party) {
            EntityKind::Organisation => {
                if let Some(parent) = self.parent_of(party) {
                    climb(parent);
                }
            }
            EntityKind::Individual => {
                for (org, e) in self.links_out(party, LinkKind::Membership, None) {
                    if !held_always || self.link_dates(e) == Some((None, None)) {
                        climb(org);
                    }
                }
            }
            EntityKind::Service => {}
        }
        out
    }
}
