//! The answers of the protocol: owned values, one kind per question,
//! each serialised as exactly the object the command line prints with
//! `--json`, with fields only added.
//!
//! The answer types are plain data that mirror the JSON, so their fields
//! are public, to read and to match on; they are `#[non_exhaustive]`, so
//! that a field can be added (the protocol only ever adds fields) without
//! a breaking release, and they are made by
//! [`Model::ask`](crate::Model::ask) or read back with serde, never built
//! field by field outside this crate.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::document::Payment;
use crate::model::{SuggestKind, Suggestion};
use crate::protocol::rows::{
    Candidate, ConsumerRow, Contact, CustomerRow, Cutoffs, DistanceCount, Match, ServiceRow,
};
use crate::protocol::wire::{self, AsOfUsed};
use crate::query::{Audit, Diff, EvidenceLink, History, Role, RoleEvidence};

/// The answer to a [`Question`](crate::Question), one variant per kind
/// of question, serialised untagged: each is the object its kind's answer
/// type shows, and reading one back tries the kinds in turn (they differ
/// in their fields).
///
/// ```
/// use svcrel::{Answer, AsOf, Model, Question};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let answer = model.ask(&Question::relation("fan", "nfl-broadcast").as_of(AsOf::Any).into())?;
/// let json = serde_json::to_string(&answer).unwrap();
/// assert_eq!(json, concat!(
///     r#"{"party":"fan","party_name":"A football fan","service":"nfl-broadcast","service_name":"NFL games","#,
///     r#""roles":[{"role":"consumer","distance":0}],"#,
///     r#""evidence":[{"role":"consumer","distance":0,"links":[{"link":"usage","source":"fan","target":"nfl-broadcast","from":null,"until":null}]}],"#,
///     r#""names":{"fan":"A football fan","nfl-broadcast":"NFL games"},"#,
///     r#""as_of":"any","max_chain":{"customer":1,"consumer":null},"version":0}"#,
/// ));
/// let back: Answer = serde_json::from_str(&json).unwrap();
/// assert_eq!(back, answer);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Answer {
    /// The customers of a service.
    Customers(CustomersAnswer),
    /// The consumers of a service and the services that depend on it.
    Consumers(ConsumersAnswer),
    /// A ticket's triage (tried before a relation, whose fields it has).
    Triage(TriageAnswer),
    /// What a party is to a service.
    Relation(RelationAnswer),
    /// What a failure of a service reaches.
    Impact(ImpactAnswer),
    /// Which entity a text names.
    Find(FindAnswer),
    /// How what a party is to a service changes over time.
    History(HistoryAnswer),
    /// What to fix in the model.
    Audit(AuditAnswer),
    /// What changed in the model between two dates.
    Diff(DiffAnswer),
    /// Which entities a text being typed begins.
    Suggest(SuggestAnswer),
}

/// The customers of a service: `{"service", "service_name", "customers":
/// [...], "total", "as_of", "max_chain", "version"}`; with a limit,
/// `customers` holds the first rows and `total` says how many in all.
///
/// ```
/// use svcrel::{Answer, AsOf, Model, Question};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let q = Question::customers("expense-app").as_of(AsOf::Any).limit(1);
/// let Answer::Customers(a) = model.ask(&q.into())? else { unreachable!() };
/// assert_eq!((a.customers.len(), a.total), (1, 4));
/// assert_eq!(a.service_name.as_deref(), Some("Expense reporting"));
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct CustomersAnswer {
    /// The service asked about.
    pub service: String,
    /// Its name, `null` when it has none.
    pub service_name: Option<String>,
    /// The customers, by distance then id.
    pub customers: Vec<CustomerRow>,
    /// How many customers in all.
    pub total: usize,
    /// The date the answer holds on; `None` (`"any"`) when dates were
    /// ignored.
    #[serde(with = "wire::as_of_used")]
    #[schemars(with = "AsOfUsed")]
    pub as_of: Option<Date>,
    /// The cutoff used: `customer` only.
    pub max_chain: Cutoffs,
    /// The model's [`version`](crate::Model::version) when it answered.
    pub version: u64,
}

/// The consumers of a service: `{"service", "service_name", "consumers":
/// [...], "services": [...], "total", "services_total", "as_of",
/// "max_chain", "version"}`.
///
/// With `summary`, `consumers` and `services` are absent and counts stand
/// in their place: the individuals among the consumers per top-level
/// organisation, per paying customer and without one (as
/// [`Model::impact`](crate::Model::impact) counts them), the consumers
/// per distance and the services per distance.
///
/// ```
/// use svcrel::{Answer, AsOf, Model, Question};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let q = Question::consumers("desktop-support").as_of(AsOf::Any).summary();
/// let Answer::Consumers(a) = model.ask(&q.into())? else { unreachable!() };
/// assert!(a.consumers.is_none());
/// assert_eq!(a.consumers_by_payer.unwrap().get("council-education"), Some(&4));
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ConsumersAnswer {
    /// The service asked about.
    pub service: String,
    /// Its name, `null` when it has none.
    pub service_name: Option<String>,
    /// The consumers, by distance then id (absent with `summary`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumers: Option<Vec<ConsumerRow>>,
    /// Every affected service but the one asked about, by distance then
    /// id (absent with `summary`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services: Option<Vec<ServiceRow>>,
    /// How many consumers in all.
    pub total: usize,
    /// How many affected services in all.
    pub services_total: usize,
    /// With `summary`: individuals among the consumers per top-level
    /// organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumers_by_top: Option<BTreeMap<String, usize>>,
    /// With `summary`: individuals among the consumers per paying
    /// customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumers_by_payer: Option<BTreeMap<String, usize>>,
    /// With `summary`: individuals among the consumers whom nobody near
    /// pays for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumers_without_payer: Option<usize>,
    /// With `summary`: consumers per distance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumers_by_distance: Option<Vec<DistanceCount>>,
    /// With `summary`: affected services per distance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services_by_distance: Option<Vec<DistanceCount>>,
    /// The date the answer holds on; `None` (`"any"`) when dates were
    /// ignored.
    #[serde(with = "wire::as_of_used")]
    #[schemars(with = "AsOfUsed")]
    pub as_of: Option<Date>,
    /// The cutoff used: `consumer` only.
    pub max_chain: Cutoffs,
    /// The model's [`version`](crate::Model::version) when it answered.
    pub version: u64,
}

/// What a party is to a service: `{"party", "party_name", "service",
/// "service_name", "roles": [...], "evidence": [...], "names", "as_of",
/// "max_chain", "version"}`; each of `evidence` is a role with its links,
/// `{"role": "customer", "distance": 0, "scope": "internal", "links":
/// [{"link": "funding", "source", "target", "from", "until",
/// "approved_by"}]}`.
///
/// ```
/// use svcrel::{Answer, AsOf, Model, Question, Role};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let Answer::Relation(a) = model.ask(&Question::relation("fan", "nfl-broadcast").as_of(AsOf::Any).into())? else { unreachable!() };
/// assert_eq!(a.roles, [Role::Consumer { distance: 0 }]);
/// assert_eq!(a.evidence[0].links[0].source, "fan");
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct RelationAnswer {
    /// The party asked about.
    pub party: String,
    /// How the party was found when it was not asked by its id: by an
    /// `email` it gives, by an `external_id` (`system:id`), or by
    /// `mail_domain` (the organisation whose mail domain an unknown address
    /// is at); absent when asked by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched: Option<Match>,
    /// Its name, `null` when it has none.
    pub party_name: Option<String>,
    /// The service asked about.
    pub service: String,
    /// Its name, `null` when it has none.
    pub service_name: Option<String>,
    /// The party's roles, each once, in the order of [`Role`]'s variants.
    pub roles: Vec<Role>,
    /// Each role with the links that make it so on the date, from the
    /// party to the service, in the order of `roles` (see
    /// [`RoleEvidence`](crate::RoleEvidence)).
    #[serde(default)]
    pub evidence: Vec<RoleEvidence>,
    /// The names of the entities that `evidence` name, by id:
    /// what a page or a message shows for each link's ends (an entity
    /// without a name is left out).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub names: BTreeMap<String, String>,
    /// The date the answer holds on; `None` (`"any"`) when dates were
    /// ignored.
    #[serde(with = "wire::as_of_used")]
    #[schemars(with = "AsOfUsed")]
    pub as_of: Option<Date>,
    /// The cutoffs used: `customer` and `consumer`.
    pub max_chain: Cutoffs,
    /// The model's [`version`](crate::Model::version) when it answered.
    pub version: u64,
}

/// A ticket's triage: `{"party", "party_name", "service", "service_name",
/// "roles", "evidence", "entitled", "payer", "payer_name", "payment",
/// "steps", "via", "via_name", "sponsors", "sponsor_names", "payer_links",
/// "names", "contacts", "explanation", "as_of", "max_chain", "version"}`. With
/// nobody near paying, `payer`, `payment`, `steps` and `via` are `null`
/// and `sponsors` and `payer_links` are empty.
///
/// ```
/// use svcrel::{Answer, AsOf, Model, Payment, Question};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let q = Question::triage("teacher-ann", "desktop-support").as_of(AsOf::Any);
/// let Answer::Triage(a) = model.ask(&q.into())? else { unreachable!() };
/// assert!(a.entitled);
/// assert_eq!(a.payer.as_deref(), Some("council-education"));
/// assert_eq!(a.payment, Some(Payment::Chargeback));
/// assert_eq!(a.payer_links.last().unwrap().source, "council-education");
/// assert_eq!(a.names["riverside-school"], "Riverside School");
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct TriageAnswer {
    /// The requester.
    pub party: String,
    /// How the party was found when it was not asked by its id: by an
    /// `email` it gives, by an `external_id` (`system:id`), or by
    /// `mail_domain` (the organisation whose mail domain an unknown address
    /// is at); absent when asked by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched: Option<Match>,
    /// Its name, `null` when it has none.
    pub party_name: Option<String>,
    /// The service asked about.
    pub service: String,
    /// Its name, `null` when it has none.
    pub service_name: Option<String>,
    /// The requester's roles, as a relation answer gives them.
    pub roles: Vec<Role>,
    /// Each role with the links that make it so, as a relation answer
    /// gives them.
    #[serde(default)]
    pub evidence: Vec<RoleEvidence>,
    /// Whether the requester is the provider, a consumer, a customer or
    /// a client.
    pub entitled: bool,
    /// The paying customer's id, if anybody near the requester pays.
    pub payer: Option<String>,
    /// The paying customer's name.
    pub payer_name: Option<String>,
    /// How it pays.
    pub payment: Option<Payment>,
    /// Steps from the requester to the payer.
    pub steps: Option<u32>,
    /// The organisation, among the requester's memberships, through
    /// which the payer was reached.
    pub via: Option<String>,
    /// Its name.
    pub via_name: Option<String>,
    /// The approvers of the chosen funding link, to notify.
    pub sponsors: Vec<String>,
    /// Their names, in the same order (`null` for one without a name).
    pub sponsor_names: Vec<Option<String>>,
    /// The links that make the payer pay for the requester: the
    /// requester's membership and parents up to the payer, then the chosen
    /// funding link (see [`PayingCustomer::links`](crate::PayingCustomer::links));
    /// empty when nobody near pays.
    #[serde(default)]
    pub payer_links: Vec<EvidenceLink>,
    /// The names of the entities that `evidence`, `payer_links` and `contacts` name, by id:
    /// what a page or a message shows for each link's ends (an entity
    /// without a name is left out).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub names: BTreeMap<String, String>,
    /// Whom to write to about the ticket: each sponsor, with name and
    /// primary email.
    pub contacts: Vec<Contact>,
    /// One sentence in words explaining it all.
    pub explanation: String,
    /// The date the answer holds on; `None` (`"any"`) when dates were
    /// ignored.
    #[serde(with = "wire::as_of_used")]
    #[schemars(with = "AsOfUsed")]
    pub as_of: Option<Date>,
    /// The cutoffs used for the roles: `customer` and `consumer`.
    pub max_chain: Cutoffs,
    /// The model's [`version`](crate::Model::version) when it answered.
    pub version: u64,
}

/// What a failure of a service reaches: `{"service", "service_name",
/// "services": [...], "consumers_by_top", "consumers_by_payer",
/// "consumers_without_payer", "notify": [...], "notify_total", "as_of",
/// "max_chain", "version"}`.
///
/// With `summary`, `services` and `notify` are absent and
/// `services_by_distance` stands for the first (`notify_total` says how
/// many to notify).
///
/// ```
/// use svcrel::{Answer, AsOf, Model, Question};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let Answer::Impact(a) = model.ask(&Question::impact("sso").as_of(AsOf::Any).into())? else { unreachable!() };
/// assert!(a.notify.unwrap().iter().any(|p| p == "dana"));
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ImpactAnswer {
    /// The service that fails.
    pub service: String,
    /// Its name, `null` when it has none.
    pub service_name: Option<String>,
    /// The failed service at distance 0 and every service depending on
    /// it, by distance then id (absent with `summary`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services: Option<Vec<ServiceRow>>,
    /// How many services are affected in all, the failed one included
    /// (`services` may list fewer, with `limit`).
    pub services_total: usize,
    /// With `summary`: the affected services per distance, the failed
    /// one at 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services_by_distance: Option<Vec<DistanceCount>>,
    /// Individuals among the consumers per top-level organisation.
    pub consumers_by_top: BTreeMap<String, usize>,
    /// Individuals among the consumers per paying customer.
    pub consumers_by_payer: BTreeMap<String, usize>,
    /// Individuals among the consumers whom nobody near pays for.
    pub consumers_without_payer: usize,
    /// The customers of every affected service, by id (absent with
    /// `summary`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify: Option<Vec<String>>,
    /// How many to notify.
    pub notify_total: usize,
    /// Whom to write to for the parties in `notify` (absent with
    /// `summary`): an individual itself; for an organisation, its own
    /// address, the approvers of what it pays for and its heads, or one
    /// `no_contact` entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Vec<Contact>>,
    /// The name of every party this answer names by id alone (the keys
    /// of `consumers_by_top` and `consumers_by_payer`, and those in
    /// `notify`), `null` for one without a name.
    pub names: BTreeMap<String, Option<String>>,
    /// The date the answer holds on; `None` (`"any"`) when dates were
    /// ignored.
    #[serde(with = "wire::as_of_used")]
    #[schemars(with = "AsOfUsed")]
    pub as_of: Option<Date>,
    /// The cutoffs used: `customer` (to notify) and `consumer`
    /// (dependencies).
    pub max_chain: Cutoffs,
    /// The model's [`version`](crate::Model::version) when it answered.
    pub version: u64,
}

/// Which entity a text names: `{"q", "found", "candidates", "total",
/// "limit", "as_of", "max_chain", "version"}`.
///
/// `found` is the entity whose id is the text, else the one entity whose
/// name is the text in any case; then `candidates` is empty. Otherwise
/// `found` is `null` and `candidates` lists, at most `limit` of them:
/// the entities sharing that name, or else the close id an unknown id
/// suggests and the entities whose id or name contains the text, in
/// model order; `total` says how many in all. A find reads no link:
/// `as_of` is always `"any"` and `max_chain` empty.
///
/// ```
/// use svcrel::{Answer, Model, Question};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let Answer::Find(a) = model.ask(&Question::find("expense-ap").into())? else { unreachable!() };
/// assert!(a.found.is_none());
/// assert_eq!(a.candidates[0].id, "expense-app");
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct FindAnswer {
    /// The text asked about.
    pub q: String,
    /// The entity it names, if it names one.
    pub found: Option<Candidate>,
    /// What it may mean, when it names none.
    pub candidates: Vec<Candidate>,
    /// How many candidates in all.
    pub total: usize,
    /// The most candidates listed.
    pub limit: usize,
    /// Always `None` (`"any"`): names and ids hold on every date.
    #[serde(with = "wire::as_of_used")]
    #[schemars(with = "AsOfUsed")]
    pub as_of: Option<Date>,
    /// Always empty: a find follows no chain.
    pub max_chain: Cutoffs,
    /// The model's [`version`](crate::Model::version) when it answered.
    pub version: u64,
}

/// Which entities a text being typed begins: `{"q", "kind", "limit",
/// "suggestions": [{"id", "name", "kind", "email", "matched"}], "more",
/// "as_of", "max_chain", "version"}`, as
/// [`Model::suggest`](crate::Model::suggest) suggests them: exact
/// matches first, then by the key matched; `more` says whether more
/// entities match than are listed. A suggestion reads no link: `as_of` is
/// always `"any"` and `max_chain` empty.
///
/// ```
/// use svcrel::{Answer, Model, Question, SuggestKind};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let Answer::Suggest(a) = model.ask(&Question::suggest("dan").kind(SuggestKind::Party).into())? else { unreachable!() };
/// assert_eq!(a.suggestions[0].id, "dana");
/// assert_eq!(a.limit, svcrel::SUGGEST_LIMIT);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SuggestAnswer {
    /// The text asked about.
    pub q: String,
    /// The kind of entity suggested.
    pub kind: SuggestKind,
    /// The most suggestions listed.
    pub limit: usize,
    /// The entities suggested, best first.
    pub suggestions: Vec<Suggestion>,
    /// Whether more entities match than are listed.
    pub more: bool,
    /// Always `None` (`"any"`): names and ids hold on every date.
    #[serde(with = "wire::as_of_used")]
    #[schemars(with = "AsOfUsed")]
    pub as_of: Option<Date>,
    /// Always empty: a suggestion follows no chain.
    pub max_chain: Cutoffs,
    /// The model's [`version`](crate::Model::version) when it answered.
    pub version: u64,
}

/// How what a party is to a service changes over time: the library's
/// [`History`], `{"party", "party_name", "service", "service_name",
/// "from", "until", "max_chain", "periods": [{"from", "until", "roles"}],
/// "version"}` (as `svcrel history --json` prints it), with `matched`
/// when the party was given by email, external id or mail domain.
///
/// ```
/// use svcrel::{Answer, Date, Model, Question, Role};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let Answer::History(a) = model.ask(&Question::history("mary", "acme-email").into())? else { unreachable!() };
/// assert_eq!(a.history.periods[0].until, Some(Date::constant(2005, 1, 1)));
/// assert_eq!(
///     a.history.roles_on(Date::constant(2012, 1, 1)),
///     Some(&[Role::Consumer { distance: 0 }, Role::Colleague][..]),
/// );
/// assert_eq!(a.matched, None);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct HistoryAnswer {
    /// The history, its fields at the top of the answer.
    #[serde(flatten)]
    pub history: History,
    /// How the party was found when it was not given by id: `email`,
    /// `external_id` or `mail_domain`; absent when asked by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched: Option<Match>,
}

/// What to fix in the model: the library's [`Audit`], `{"as_of",
/// "within_days", "counts": [{"kind", "count"}], "findings": [...]}` (as
/// `svcrel audit --json` prints it), with the `total` of findings and
/// the model's `version`. With a limit, `findings` holds the first ones;
/// `counts` and `total` still say how many in all.
///
/// ```
/// use svcrel::{Answer, AsOf, FindingKind, Model, Question};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let Answer::Audit(a) = model.ask(&Question::audit().as_of(AsOf::Any).limit(1).into())? else { unreachable!() };
/// assert_eq!(a.audit.findings().len(), 1);
/// assert_eq!(a.total, a.audit.counts().iter().map(|c| c.count).sum::<usize>());
/// assert_eq!(a.audit.count(FindingKind::EndingSoon), 0);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct AuditAnswer {
    /// The audit, its fields at the top of the answer.
    #[serde(flatten)]
    pub audit: Audit,
    /// How many findings in all.
    pub total: usize,
    /// The model's [`version`](crate::Model::version) when it answered.
    pub version: u64,
}

/// What changed in the model between two dates: the library's [`Diff`]
/// made by [`Diff::between_dates`] and
/// [`Diff::with_relationships`], its fields at the top of the answer
/// (`{"counts", "dates": {"old", "new"}, "entities", "links": {"removed",
/// "added"}, "relationships": {"services_changed", "totals", "services"}}`,
/// `entities` always empty between two dates), with the cutoffs the
/// relationships were read with (`max_chain`) and the model's `version`.
///
/// With a limit of N, each list holds its first N items: the links
/// removed (ended) and added (began), the services in `relationships`,
/// and each service's `became`, `stopped`, `scope_changed` and
/// `payer_changed`. The totals are exact whatever the limit: `counts`,
/// `relationships.services_changed`, `relationships.totals` and each
/// listed service's `counts` say how many there are in all.
///
/// ```
/// use svcrel::{Answer, Date, Model, Question, Role};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let q = Question::diff(Date::constant(2020, 1, 1), Date::constant(2028, 6, 1));
/// let Answer::Diff(a) = model.ask(&q.into())? else { unreachable!() };
/// let relationships = a.diff.relationships.as_ref().unwrap();
/// let email = relationships.service("acme-email").unwrap();
/// assert!(email.became.iter().any(|c| c.party == "mary" && c.role == Role::Client));
/// assert_eq!(a.diff.counts.links_added, a.diff.links.added.len());
/// assert_eq!(a.version, model.version());
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct DiffAnswer {
    /// The diff, with its relationships, its fields at the top of the
    /// answer.
    #[serde(flatten)]
    pub diff: Diff,
    /// The cutoffs the relationships were read with.
    pub max_chain: Cutoffs,
    /// The model's [`version`](crate::Model::version) when it answered.
    pub version: u64,
}
