//! `changes`: how the relationships of every service differ between two
//! states of a model (two models, two dates, or both).
//!
//! Where a `Diff` of two documents says which entities and links
//! changed, [`RelationshipChanges`] says what those changes did: who
//! became or stopped being a customer, a consumer, a sponsor or a client
//! of each service, whose customer scope flipped, and whose paying
//! customer (as [`Model::triage`] chooses it) is another.

use std::cmp::Ordering;
use std::fmt;

use jiff::civil::Date;
use petgraph::stable_graph::NodeIndex;
use serde::{Deserialize, Serialize};

use crate::ids::EntityKind;
use crate::model::Model;
use crate::query::customers::Scope;
use crate::query::relation::Role;
use crate::query::triage::Payers;
use crate::query::{MaxChain, Query};
use crate::text::bare_id;

mod clients;

/// The options of [`RelationshipChanges::between`], as a small builder:
/// the date each state is read on, and the chain cutoffs both use.
///
/// The cutoffs default as [`Query`]'s do: the customer chain stops at 1,
/// the consumer chain has no limit. Without a date a state ignores
/// validity, as a [`Query`] without a date does: every link holds.
/// [`ChangeOptions::as_of`] sets both dates; [`ChangeOptions::old_date`]
/// and [`ChangeOptions::new_date`] one each, so one model can be
/// compared with itself on two dates.
///
/// ```
/// use svcrel::{ChangeOptions, Date, MaxChain};
///
/// let options = ChangeOptions::new()
///     .old_date(Date::constant(2020, 1, 1))
///     .new_date(Date::constant(2028, 6, 1))
///     .customer_chain(2);
/// assert_eq!(options.old_query().date(), Some(Date::constant(2020, 1, 1)));
/// assert_eq!(options.new_query().date(), Some(Date::constant(2028, 6, 1)));
/// assert_eq!(options.new_query().customer_max_chain(), MaxChain::Steps(2));
/// assert_eq!(options.new_query().consumer_max_chain(), MaxChain::Unlimited);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ChangeOptions {
    old_date: Option<Date>,
    new_date: Option<Date>,
    cutoffs: Query,
}

impl ChangeOptions {
    /// No dates, the default cutoffs.
    ///
    /// ```
    /// assert_eq!(svcrel::ChangeOptions::new(), svcrel::ChangeOptions::default());
    /// ```
    pub fn new() -> Self {
        ChangeOptions::default()
    }

    /// Reads both states on `date` (`None`: every link holds).
    ///
    /// ```
    /// use svcrel::{ChangeOptions, Date};
    /// let o = ChangeOptions::new().as_of(Date::constant(2026, 1, 1));
    /// assert_eq!(o.old_query().date(), o.new_query().date());
    /// ```
    pub fn as_of(self, date: impl Into<Option<Date>>) -> Self {
        let date = date.into();
        self.old_date(date).new_date(date)
    }

    /// Reads the old state on `date` (`None`: every link holds).
    ///
    /// ```
    /// use svcrel::{ChangeOptions, Date};
    /// let o = ChangeOptions::new().old_date(Date::constant(2020, 1, 1));
    /// assert_eq!(o.new_query().date(), None);
    /// ```
    pub fn old_date(mut self, date: impl Into<Option<Date>>) -> Self {
        self.old_date = date.into();
        self
    }

    /// Reads the new state on `date` (`None`: every link holds).
    ///
    /// ```
    /// use svcrel::{ChangeOptions, Date};
    /// let o = ChangeOptions::new().new_date(Date::constant(2028, 6, 1));
    /// assert_eq!(o.old_query().date(), None);
    /// ```
    pub fn new_date(mut self, date: impl Into<Option<Date>>) -> Self {
        self.new_date = date.into();
        self
    }

    /// Sets both chain cutoffs, as [`Query::max_chain`] does.
    ///
    /// ```
    /// let o = svcrel::ChangeOptions::new().max_chain(0);
    /// assert_eq!(o.old_query().consumer_max_chain(), svcrel::MaxChain::Steps(0));
    /// ```
    pub fn max_chain(mut self, max: impl Into<MaxChain>) -> Self {
        self.cutoffs = self.cutoffs.max_chain(max);
        self
    }

    /// Sets the customer chain cutoff (default 1).
    ///
    /// ```
    /// let o = svcrel::ChangeOptions::new().customer_chain(3);
    /// assert_eq!(o.old_query().customer_max_chain(), svcrel::MaxChain::Steps(3));
    /// ```
    pub fn customer_chain(mut self, max: impl Into<MaxChain>) -> Self {
        self.cutoffs = self.cutoffs.customer_chain(max);
        self
    }

    /// Sets the consumer chain cutoff (default: no limit).
    ///
    /// ```
    /// let o = svcrel::ChangeOptions::new().consumer_chain(1);
    /// assert_eq!(o.new_query().consumer_max_chain(), svcrel::MaxChain::Steps(1));
    /// ```
    pub fn consumer_chain(mut self, max: impl Into<MaxChain>) -> Self {
        self.cutoffs = self.cutoffs.consumer_chain(max);
        self
    }

    /// The query the old state is read with: its date and the cutoffs.
    /// Asking [`Model::relation`] or [`Model::triage`] of the old model
    /// with it gives the roles the changes start from.
    ///
    /// ```
    /// assert_eq!(svcrel::ChangeOptions::new().old_query(), svcrel::Query::new());
    /// ```
    pub fn old_query(&self) -> Query {
        self.cutoffs.as_of(self.old_date)
    }

    /// The query the new state is read with.
    ///
    /// ```
    /// assert_eq!(svcrel::ChangeOptions::new().new_query(), svcrel::Query::new());
    /// ```
    pub fn new_query(&self) -> Query {
        self.cutoffs.as_of(self.new_date)
    }
}

/// How many changes of each kind: per service in
/// [`ServiceChanges::counts`], in all in [`RelationshipChanges::totals`].
///
/// ```
/// let counts = svcrel::ChangeCounts::default();
/// assert_eq!(counts.total(), 0);
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct ChangeCounts {
    /// Roles a party took up.
    pub became: usize,
    /// Roles a party gave up.
    pub stopped: usize,
    /// Customers whose scope flipped.
    pub scope_changed: usize,
    /// Consumers whose paying customer is another.
    pub payer_changed: usize,
}

impl ChangeCounts {
    /// All the changes counted.
    ///
    /// ```
    /// let mut counts = svcrel::ChangeCounts::default();
    /// counts.became = 2;
    /// counts.payer_changed = 1;
    /// assert_eq!(counts.total(), 3);
    /// ```
    pub fn total(&self) -> usize {
        self.became + self.stopped + self.scope_changed + self.payer_changed
    }

    fn add(&mut self, other: &ChangeCounts) {
        self.became += other.became;
        self.stopped += other.stopped;
        self.scope_changed += other.scope_changed;
        self.payer_changed += other.payer_changed;
    }
}

/// Whether a service is in both states or in one only.
///
/// ```
/// assert_eq!(serde_json::to_string(&svcrel::ServicePresence::OnlyNew).unwrap(), r#""only_new""#);
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ServicePresence {
    /// In both models.
    Both,
    /// Only in the old model: every party of it stopped.
    OnlyOld,
    /// Only in the new model: every party of it became.
    OnlyNew,
}

/// One party taking up or giving up one role towards a service:
/// `{"party": "mary", "role": "customer", "distance": 0, "scope":
/// "internal"}`.
///
/// The role is as [`Model::relation`] gives it in the state where the
/// party holds it (the new state for [`ServiceChanges::became`], the old
/// one for [`ServiceChanges::stopped`]), distance and scope included.
/// Only [`Role::Customer`], [`Role::Consumer`], [`Role::Sponsor`] and
/// [`Role::Client`] are reported.
///
/// ```
/// use svcrel::{RoleChange, Role};
/// let json = r#"{"party": "mary", "role": "client"}"#;
/// let change: RoleChange = serde_json::from_str(json).unwrap();
/// assert_eq!((change.party.as_str(), change.role), ("mary", Role::Client));
/// ```
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct RoleChange {
    /// The party's id.
    pub party: String,
    /// The role taken up or given up.
    #[serde(flatten)]
    pub role: Role,
}

/// A customer in both states whose scope flipped (internal ↔ external):
/// a change of scope, not a customer stopping and becoming one again.
///
/// ```
/// use svcrel::{Scope, ScopeChange};
/// let json = r#"{"party": "pepsi", "old": "external", "new": "internal"}"#;
/// let change: ScopeChange = serde_json::from_str(json).unwrap();
/// assert_eq!(change.new, Scope::Internal);
/// ```
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct ScopeChange {
    /// The party's id.
    pub party: String,
    /// Its scope in the old state.
    pub old: Scope,
    /// Its scope in the new state.
    pub new: Scope,
}

/// An individual consuming a service in both states whose paying
/// customer ([`Triage::payer`](crate::Triage::payer)) is another, or
/// appeared, or went: `{"party": "mary", "old": "acme-accounting",
/// "new": null}`.
///
/// ```
/// use svcrel::PayerChange;
/// let json = r#"{"party": "mary", "old": "acme-accounting", "new": null}"#;
/// let change: PayerChange = serde_json::from_str(json).unwrap();
/// assert_eq!(change.new, None);
/// ```
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct PayerChange {
    /// The individual's id.
    pub party: String,
    /// The payer's id in the old state; `null`: nobody near paid.
    pub old: Option<String>,
    /// The payer's id in the new state; `null`: nobody near pays.
    pub new: Option<String>,
}

/// The changes of one service's relationships: see
/// [`RelationshipChanges::between`]. Each list is ordered by party id
/// (then, in [`became`](ServiceChanges::became) and
/// [`stopped`](ServiceChanges::stopped), by role, in [`Role`]'s order).
///
/// ```
/// use svcrel::{ChangeOptions, Date, Model, RelationshipChanges};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let options = ChangeOptions::new()
///     .old_date(Date::constant(2020, 1, 1))
///     .new_date(Date::constant(2028, 6, 1));
/// let changes = RelationshipChanges::between(&model, &model, &options);
/// let email = changes.service("acme-email").unwrap();
/// assert!(email.became.iter().any(|c| c.party == "mary" && c.role == svcrel::Role::Client));
/// assert_eq!(email.counts.became, email.became.len());
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ServiceChanges {
    /// The service's id.
    pub service: String,
    /// Whether the service is in both states or one only.
    pub presence: ServicePresence,
    /// How many changes of each kind the lists below hold.
    pub counts: ChangeCounts,
    /// Roles taken up: held in the new state, not in the old.
    pub became: Vec<RoleChange>,
    /// Roles given up: held in the old state, not in the new.
    pub stopped: Vec<RoleChange>,
    /// Customers in both states whose scope flipped.
    pub scope_changed: Vec<ScopeChange>,
    /// Individual consumers in both states whose paying customer is
    /// another.
    pub payer_changed: Vec<PayerChange>,
}

/// How the relationships of every service differ between two states of
/// a model: see [`RelationshipChanges::between`].
///
/// ```
/// use svcrel::{ChangeOptions, Model, RelationshipChanges};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let same = RelationshipChanges::between(&model, &model, &ChangeOptions::new());
/// assert!(same.is_empty());
/// assert_eq!(same.to_string(), "no relationship changed");
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct RelationshipChanges {
    /// How many services changed.
    pub services_changed: usize,
    /// How many changes of each kind, over every service.
    pub totals: ChangeCounts,
    /// The services with a change, ordered by id.
    pub services: Vec<ServiceChanges>,
}

/// How many names each list of [`RelationshipChanges`]'s `Display`
/// writes out: the rest are counted.
const DISPLAY_LIMIT: usize = 5;

impl RelationshipChanges {
    /// The relationship changes from `old` (read with
    /// [`ChangeOptions::old_query`]) to `new` (read with
    /// [`ChangeOptions::new_query`]); `old` and `new` may be one model,
    /// read on two dates.
    ///
    /// For every service in either model (matched by id), four roles are
    /// compared, as [`Model::relation`] gives them:
    /// [`Role::Customer`] (a customer whose [`Scope`] flipped is a
    /// [`ScopeChange`], not a role stopped and one taken up),
    /// [`Role::Consumer`], [`Role::Sponsor`] and [`Role::Client`]. A
    /// change of distance alone is not a change: a party that was and is
    /// a customer (or a consumer) kept the role. A service in one state
    /// only counts as having no party in the other. For every individual
    /// that consumes the service in both states, the payer
    /// [`Model::triage`] would choose for it is compared too.
    /// The provider, colleague and partner roles are not compared.
    ///
    /// Services with no change are left out. The cost is near-linear in
    /// the sizes of the customers and consumers of every service in both
    /// states (their answers are what is compared, every service's, as no
    /// service is skipped); payers are found in bulk, one walk up each
    /// organisation per service and state. One model compared with
    /// itself on one date is answered at once: nothing changed.
    ///
    /// ```
    /// use svcrel::{ChangeOptions, Date, Model, PayerChange, RelationshipChanges};
    ///
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let options = ChangeOptions::new()
    ///     .old_date(Date::constant(2020, 1, 1))
    ///     .new_date(Date::constant(2028, 6, 1));
    /// let changes = RelationshipChanges::between(&model, &model, &options);
    /// assert!(changes.services_changed > 0);
    /// println!("{changes}");
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn between(old: &Model, new: &Model, options: &ChangeOptions) -> RelationshipChanges {
        let (old_q, new_q) = (options.old_query(), options.new_query());
        if std::ptr::eq(old, new) && old_q == new_q {
            // One state compared with itself.
            return RelationshipChanges::default();
        }
        let old_ids = service_ids(old);
        let new_ids = service_ids(new);
        let mut out = RelationshipChanges::default();
        for pair in merge(&old_ids, &new_ids, |a, b| a.1.cmp(b.1)) {
            let (old_node, new_node, id) = match pair {
                (Some(&(o, id)), Some(&(n, _))) => (Some(o), Some(n), id),
                (Some(&(o, id)), None) => (Some(o), None, id),
                (None, Some(&(n, id))) => (None, Some(n), id),
                (None, None) => continue,
            };
            let presence = match (old_node, new_node) {
                (Some(_), Some(_)) => ServicePresence::Both,
                (Some(_), None) => ServicePresence::OnlyOld,
                _ => ServicePresence::OnlyNew,
            };
            let before = old_node.map(|s| Roles::of(old, s, &old_q));
            let after = new_node.map(|s| Roles::of(new, s, &new_q));
            let changes = compare(id, presence, before, after);
            if changes.counts.total() > 0 {
                out.services_changed += 1;
                out.totals.add(&changes.counts);
                out.services.push(changes);
            }
        }
        out
    }

    /// Keeps the first `n` services, and the first `n` changes of each
    /// of their lists; `services_changed`, `totals` and each service's
    /// `counts` stay whole.
    pub(crate) fn keep_first(&mut self, n: usize) {
        self.services.truncate(n);
        for s in &mut self.services {
            s.became.truncate(n);
            s.stopped.truncate(n);
            s.scope_changed.truncate(n);
            s.payer_changed.truncate(n);
        }
    }

    /// Whether no relationship changed.
    ///
    /// ```
    /// assert!(svcrel::RelationshipChanges::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.services_changed == 0
    }

    /// The changes of the service with this id, if it changed.
    ///
    /// ```
    /// use svcrel::{ChangeOptions, Model, RelationshipChanges};
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let changes = RelationshipChanges::between(&model, &model, &ChangeOptions::new());
    /// assert!(changes.service("expense-app").is_none());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn service(&self, id: &str) -> Option<&ServiceChanges> {
        self.services
            .binary_search_by(|s| s.service.as_str().cmp(id))
            .ok()
            .map(|i| &self.services[i])
    }

    /// A short report for a person: the counts first, then per service
    /// its counts and at most `limit` names per list, the rest counted
    /// ("… and 3 more"). Every id is escaped for printing (see
    /// [`printable`](crate::printable)), and quoted when it is not plain.
    ///
    /// ```
    /// use svcrel::{ChangeOptions, Date, Model, RelationshipChanges};
    ///
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let options = ChangeOptions::new()
    ///     .old_date(Date::constant(2020, 1, 1))
    ///     .new_date(Date::constant(2028, 6, 1));
    /// let words = RelationshipChanges::between(&model, &model, &options).words(1);
    /// assert!(words.lines().next().unwrap().contains("services changed"));
    /// assert!(words.contains("\nacme-email: 1 became, 0 stopped"));
    /// assert!(words.contains("became: mary (client)"));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn words(&self, limit: usize) -> String {
        let mut text = String::new();
        if self.is_empty() {
            text.push_str("no relationship changed");
            return text;
        }
        text.push_str(&format!(
            "{} service{} changed: {}",
            self.services_changed,
            if self.services_changed == 1 { "" } else { "s" },
            counts_words(&self.totals)
        ));
        for s in &self.services {
            let presence = match s.presence {
                ServicePresence::Both => "",
                ServicePresence::OnlyOld => " (only in the old model)",
                ServicePresence::OnlyNew => " (only in the new model)",
            };
            text.push_str(&format!(
                "\n{}{presence}: {}",
                bare_id(&s.service),
                counts_words(&s.counts)
            ));
            let role = |c: &RoleChange| format!("{} ({})", bare_id(&c.party), c.role);
            list(&mut text, "became", &s.became, limit, role);
            list(&mut text, "stopped", &s.stopped, limit, role);
            list(&mut text, "scope changed", &s.scope_changed, limit, |c| {
                format!("{} ({} → {})", bare_id(&c.party), c.old, c.new)
            });
            list(&mut text, "payer changed", &s.payer_changed, limit, |c| {
                let payer = |p: &Option<String>| match p {
                    Some(p) => bare_id(p).into_owned(),
                    None => "nobody".to_owned(),
                };
                format!(
                    "{} ({} → {})",
                    bare_id(&c.party),
                    payer(&c.old),
                    payer(&c.new)
                )
            });
        }
        text
    }
}

impl fmt::Display for RelationshipChanges {
    /// [`RelationshipChanges::words`] with at most 5 names per list.
    ///
    /// ```
    /// assert_eq!(svcrel::RelationshipChanges::default().to_string(), "no relationship changed");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(DISPLAY_LIMIT))
    }
}

fn counts_words(c: &ChangeCounts) -> String {
    format!(
        "{} became, {} stopped, {} scope changed, {} payer changed",
        c.became, c.stopped, c.scope_changed, c.payer_changed
    )
}

fn list<T>(text: &mut String, what: &str, items: &[T], limit: usize, name: impl Fn(&T) -> String) {
    if items.is_empty() {
        return;
    }
    let names: Vec<String> = items.iter().take(limit).map(name).collect();
    text.push_str(&format!("\n  {what}: {}", names.join(", ")));
    if items.len() > limit {
        let more = items.len() - limit;
        if names.is_empty() {
            text.push_str(&format!("{more} of them"));
        } else {
            text.push_str(&format!(" … and {more} more"));
        }
    }
}

/// Every service of a model, with its id, ordered by id.
fn service_ids(model: &Model) -> Vec<(NodeIndex, &str)> {
    let mut ids: Vec<(NodeIndex, &str)> = model
        .nodes()
        .filter(|&n| model.kind_of(n) == EntityKind::Service)
        .map(|n| (n, model.id(n)))
        .collect();
    ids.sort_unstable_by(|a, b| a.1.cmp(b.1));
    ids
}

/// Two lists ordered by `cmp`, walked side by side: each item with its
/// match in the other list, if any.
fn merge<'a, T>(
    old: &'a [T],
    new: &'a [T],
    cmp: impl Fn(&T, &T) -> Ordering,
) -> impl Iterator<Item = (Option<&'a T>, Option<&'a T>)> {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || match (old.get(i), new.get(j)) {
        (None, None) => None,
        (Some(a), None) => {
            i += 1;
            Some((Some(a), None))
        }
        (None, Some(b)) => {
            j += 1;
            Some((None, Some(b)))
        }
        (Some(a), Some(b)) => match cmp(a, b) {
            Ordering::Less => {
                i += 1;
                Some((Some(a), None))
            }
            Ordering::Greater => {
                j += 1;
                Some((None, Some(b)))
            }
            Ordering::Equal => {
                i += 1;
                j += 1;
                Some((Some(a), Some(b)))
            }
        },
    })
}

/// A consumer, as compared: its id, distance and node.
#[derive(Clone, Copy)]
struct Consuming<'m> {
    id: &'m str,
    distance: u32,
    node: NodeIndex,
}

/// The four roles' holders for one service in one state, each list
/// ordered by party id.
struct Roles<'m> {
    model: &'m Model,
    service: NodeIndex,
    date: Option<Date>,
    customers: Vec<(&'m str, u32, Scope)>,
    consumers: Vec<Consuming<'m>>,
    sponsors: Vec<&'m str>,
    clients: Vec<&'m str>,
}

impl<'m> Roles<'m> {
    fn of(model: &'m Model, service: NodeIndex, query: &Query) -> Roles<'m> {
        let date = query.date();
        let found = model.customers_from(service, query.customer_max_chain(), date);
        let mut customers: Vec<(&'m str, u32, Scope)> = found
            .iter()
            .map(|c| (c.party().id(), c.distance(), c.scope()))
            .collect();
        customers.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let found = model.consumers_from(service, query.consumer_max_chain(), date);
        // Sorted by id rank (integers), which is id order: no string is
        // compared.
        let mut nodes: Vec<(NodeIndex, u32)> = found.nodes().collect();
        model.sort_by_distance_then_id(&mut nodes, |&(node, _)| (0, node));
        let consumers: Vec<Consuming<'m>> = nodes
            .into_iter()
            .map(|(node, distance)| Consuming {
                id: model.id(node),
                distance,
                node,
            })
            .collect();
        let mut sponsors: Vec<&'m str> = model
            .fundings(service, date)
            .flat_map(|f| f.approved_by.iter().map(|&a| model.id(a)))
            .collect();
        sponsors.sort_unstable();
        sponsors.dedup();
        let mut clients: Vec<&'m str> = model
            .clients_of(service, date)
            .into_iter()
            .map(|n| model.id(n))
            .collect();
        clients.sort_unstable();
        Roles {
            model,
            service,
            date,
            customers,
            consumers,
            sponsors,
            clients,
        }
    }
}

/// The changes of one service from `before` to `after` (`None`: not in
/// that state).
fn compare(
    service: &str,
    presence: ServicePresence,
    before: Option<Roles<'_>>,
    after: Option<Roles<'_>>,
) -> ServiceChanges {
    let mut became = Vec::new();
    let mut stopped = Vec::new();
    let mut scope_changed = Vec::new();
    let mut payer_changed = Vec::new();
    let change = |party: &str, role: Role| RoleChange {
        party: party.to_owned(),
        role,
    };
    let no_customers: &[(&str, u32, Scope)] = &[];
    let old_c = before.as_ref().map_or(no_customers, |r| &r.customers[..]);
    let new_c = after.as_ref().map_or(no_customers, |r| &r.customers[..]);
    for pair in merge(old_c, new_c, |a, b| a.0.cmp(b.0)) {
        match pair {
            (Some(&(id, distance, scope)), None) => {
                stopped.push(change(id, Role::Customer { distance, scope }))
            }
            (None, Some(&(id, distance, scope))) => {
                became.push(change(id, Role::Customer { distance, scope }))
            }
            (Some(&(id, _, old)), Some(&(_, _, new))) if old != new => {
                scope_changed.push(ScopeChange {
                    party: id.to_owned(),
                    old,
                    new,
                })
            }
            _ => {}
        }
    }
    let empty: &[Consuming<'_>] = &[];
    let old_u = before.as_ref().map_or(empty, |r| &r.consumers[..]);
    let new_u = after.as_ref().map_or(empty, |r| &r.consumers[..]);
    let mut payers: Option<(Payers, Payers)> = None;
    // Customers at distance 0 are the payers: with none in either state
    // nobody pays in either, and no payer can change.
    let funded = !old_c.is_empty() || !new_c.is_empty();
    for pair in merge(old_u, new_u, |a, b| a.id.cmp(b.id)) {
        match pair {
            (Some(a), None) => stopped.push(change(
                a.id,
                Role::Consumer {
                    distance: a.distance,
                },
            )),
            (None, Some(b)) => became.push(change(
                b.id,
                Role::Consumer {
                    distance: b.distance,
                },
            )),
            (Some(a), Some(b)) if funded => {
                // Both states are present here.
                let (Some(x), Some(y)) = (before.as_ref(), after.as_ref()) else {
                    continue;
                };
                if x.model.kind_of(a.node) != EntityKind::Individual
                    || y.model.kind_of(b.node) != EntityKind::Individual
                {
                    continue;
                }
                let (px, py) = payers.get_or_insert_with(|| {
                    (
                        Payers::of(x.model, x.service, x.date),
                        Payers::of(y.model, y.service, y.date),
                    )
                });
                let old = x.payer(px, a.node);
                let new = y.payer(py, b.node);
                if old != new {
                    payer_changed.push(PayerChange {
                        party: a.id.to_owned(),
                        old: old.map(str::to_owned),
                        new: new.map(str::to_owned),
                    });
                }
            }
            _ => {}
        }
    }
    let no_ids: &[&str] = &[];
    fn sponsors<'a>(r: &'a Roles<'_>) -> &'a [&'a str] {
        &r.sponsors
    }
    fn clients<'a>(r: &'a Roles<'_>) -> &'a [&'a str] {
        &r.clients
    }
    for (role, old, new) in [
        (
            Role::Sponsor,
            before.as_ref().map_or(no_ids, sponsors),
            after.as_ref().map_or(no_ids, sponsors),
        ),
        (
            Role::Client,
            before.as_ref().map_or(no_ids, clients),
            after.as_ref().map_or(no_ids, clients),
        ),
    ] {
        for pair in merge(old, new, |a, b| a.cmp(b)) {
            match pair {
                (Some(a), None) => stopped.push(change(a, role)),
                (None, Some(b)) => became.push(change(b, role)),
                _ => {}
            }
        }
    }
    became.sort_unstable();
    stopped.sort_unstable();
    ServiceChanges {
        service: service.to_owned(),
        presence,
        counts: ChangeCounts {
            became: became.len(),
            stopped: stopped.len(),
            scope_changed: scope_changed.len(),
            payer_changed: payer_changed.len(),
        },
        became,
        stopped,
        scope_changed,
        payer_changed,
    }
}

impl<'m> Roles<'m> {
    /// The id of the payer [`Model::triage`] would choose for `party`.
    fn payer(&self, payers: &mut Payers, party: NodeIndex) -> Option<&'m str> {
        let model = self.model;
        payers
            .best_payer(model, party, self.date)
            .map(|payer| model.id(payer))
    }
}
