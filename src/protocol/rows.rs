//! The parts of the answers: rows, their next steps, cutoffs and counts.
//! Plain data with public fields, `#[non_exhaustive]`, as the answers
//! (see `answer.rs`).

use serde::{Deserialize, Serialize};

use crate::ids::EntityKind;
use crate::protocol::wire;
use crate::query::{ContactRole, LinkType, MaxChain, Scope};

/// The cutoffs a question was answered with, only those its kind uses:
/// `{"customer": 1}` for customers, `{"consumer": null}` for consumers
/// (`null`: no limit), both for relation, triage and impact, none for
/// find.
///
/// ```
/// use svcrel::{Answer, AsOf, MaxChain, Model, Question};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let Answer::Customers(a) = model.ask(&Question::customers("expense-app").as_of(AsOf::Any).into())? else { unreachable!() };
/// assert_eq!(a.max_chain.customer, Some(MaxChain::Steps(1)));
/// assert_eq!(a.max_chain.consumer, None);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct Cutoffs {
    /// The customer chain's cutoff (managers and parents above a payer).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::present"
    )]
    #[schemars(with = "Option<MaxChain>")]
    pub customer: Option<MaxChain>,
    /// The consumer chain's cutoff (services depending on services).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "wire::present"
    )]
    #[schemars(with = "Option<MaxChain>")]
    pub consumer: Option<MaxChain>,
}

/// A row's next step towards the service: the entity nearer the service
/// and the link that joins them, `{"id": "goddard-apps", "name":
/// "Goddard applications", "link": "approval"}`.
///
/// ```
/// use svcrel::{Answer, AsOf, LinkType, Model, Question};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let Answer::Customers(a) = model.ask(&Question::customers("expense-app").as_of(AsOf::Any).into())? else { unreachable!() };
/// assert_eq!(a.customers[0].via.id, "goddard-apps");
/// assert_eq!(a.customers[0].via.link, LinkType::Approval);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Via {
    /// The id of the entity nearer the service.
    pub id: String,
    /// Its name, `null` when it has none.
    pub name: Option<String>,
    /// The link from it to the row's entity.
    pub link: LinkType,
}

/// One customer: `{"party", "name", "kind", "distance", "scope", "via",
/// "path"}` (no `path` with [`Evidence::Via`](crate::Evidence::Via)).
///
/// ```
/// use svcrel::{Answer, AsOf, EntityKind, Model, Question, Scope};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let Answer::Customers(a) = model.ask(&Question::customers("expense-app").as_of(AsOf::Any).into())? else { unreachable!() };
/// let dana = &a.customers[0];
/// assert_eq!((dana.party.as_str(), dana.name.as_deref()), ("dana", Some("Dana Reyes")));
/// assert_eq!((dana.kind, dana.distance, dana.scope), (EntityKind::Individual, 0, Scope::External));
/// assert_eq!(dana.path.as_deref(), Some(&["expense-app".to_owned(), "goddard-apps".into(), "dana".into()][..]));
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct CustomerRow {
    /// The customer's id.
    pub party: String,
    /// Its name, `null` when it has none.
    pub name: Option<String>,
    /// An organisation or an individual.
    pub kind: EntityKind,
    /// Steps up the chain from a payer or approver.
    pub distance: u32,
    /// External or internal.
    pub scope: Scope,
    /// The next step towards the service.
    pub via: Via,
    /// The ids along one shortest path, from the service to the party;
    /// absent when only `via` was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<Vec<String>>,
}

/// One consumer: `{"party", "name", "kind", "distance", "via", "path"}`.
///
/// ```
/// use svcrel::{Answer, AsOf, Model, Question};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let Answer::Consumers(a) = model.ask(&Question::consumers("build-farm").as_of(AsOf::Any).into())? else { unreachable!() };
/// let rows = a.consumers.unwrap();
/// assert_eq!((rows[0].party.as_str(), rows[0].distance), ("developer-priya", 1));
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ConsumerRow {
    /// The consumer's id.
    pub party: String,
    /// Its name, `null` when it has none.
    pub name: Option<String>,
    /// An organisation or an individual.
    pub kind: EntityKind,
    /// Dependency steps to the service it uses.
    pub distance: u32,
    /// The next step towards the service.
    pub via: Via,
    /// The ids along one shortest path; absent when only `via` was asked
    /// for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<Vec<String>>,
}

/// One affected service: `{"service", "name", "distance"}`, with `via`
/// and `path` in a consumers answer.
///
/// ```
/// use svcrel::{Answer, AsOf, Model, Question};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let Answer::Impact(a) = model.ask(&Question::impact("build-farm").as_of(AsOf::Any).into())? else { unreachable!() };
/// let services = a.services.unwrap();
/// assert_eq!((services[1].service.as_str(), services[1].distance), ("ci-pipeline", 1));
/// assert!(services[1].via.is_none());
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ServiceRow {
    /// The service's id.
    pub service: String,
    /// Its name, `null` when it has none.
    pub name: Option<String>,
    /// Dependency steps from the service asked about.
    pub distance: u32,
    /// The next step towards the service asked about (consumers answers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<Via>,
    /// The ids along one shortest chain of dependencies (consumers
    /// answers with whole paths).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<Vec<String>>,
}

/// How many at one distance: `{"distance": 1, "count": 3}`.
///
/// ```
/// use svcrel::{Answer, AsOf, Model, Question};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let q = Question::consumers("build-farm").as_of(AsOf::Any).summary();
/// let Answer::Consumers(a) = model.ask(&q.into())? else { unreachable!() };
/// let by_distance = a.consumers_by_distance.unwrap();
/// assert_eq!((by_distance[0].distance, by_distance[0].count), (1, 4));
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct DistanceCount {
    /// The distance.
    pub distance: u32,
    /// How many are at it.
    pub count: usize,
}

/// How a [`Candidate`] matches the text of a find question.
///
/// ```
/// assert_eq!(serde_json::to_string(&svcrel::Match::CloseId).unwrap(), r#""close_id""#);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Match {
    /// Its id is the text.
    Id,
    /// Its name is the text, in any case.
    Name,
    /// Its id is close to the text (the suggestion of an unknown id).
    CloseId,
    /// Its id or its name contains the text, in any case.
    Contains,
    /// It gives the text as an email, in any case.
    Email,
    /// The text is its id in another system, `system:id` (its
    /// [`external_ids`](crate::Entity::external_ids)).
    ExternalId,
    /// The text is an email no party gives, at one of its mail domains.
    MailDomain,
}

/// Someone to write to about a party to notify: `{"id", "name", "email",
/// "phone", "reaches", "role"}`. `role` says how it reaches the party
/// `reaches`: `party` (the party itself), `approver`, `head`, or
/// `no_contact` (the organisation has nobody to write to; `id` is the
/// organisation's and `email` and `phone` are `null`).
///
/// ```
/// use svcrel::{Answer, ContactRole, Model, Question};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let Answer::Triage(t) = model.ask(&Question::triage("teacher-ann", "desktop-support").into())? else { unreachable!() };
/// let contact = &t.contacts[0];
/// assert_eq!((contact.id.as_str(), contact.role), ("head-of-education", ContactRole::Party));
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Contact {
    /// The person's id (the organisation's, for `no_contact`).
    pub id: String,
    /// Their name, `null` when they have none.
    pub name: Option<String>,
    /// Their primary email, `null` when they give none.
    pub email: Option<String>,
    /// Their primary phone number, `null` when they give none.
    pub phone: Option<String>,
    /// The party to notify this contact stands for.
    pub reaches: String,
    /// How.
    pub role: ContactRole,
}

/// An entity a find question names or may mean: `{"id", "name", "kind",
/// "match"}`.
///
/// ```
/// use svcrel::{Answer, Match, Model, Question};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let Answer::Find(a) = model.ask(&Question::find("dana reyes").into())? else { unreachable!() };
/// let found = a.found.unwrap();
/// assert_eq!((found.id.as_str(), found.matched), ("dana", Match::Name));
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Candidate {
    /// Its id.
    pub id: String,
    /// Its name, `null` when it has none.
    pub name: Option<String>,
    /// An organisation, an individual or a service.
    pub kind: EntityKind,
    /// How it matches.
    #[serde(rename = "match")]
    pub matched: Match,
}
