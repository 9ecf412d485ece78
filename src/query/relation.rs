//! `relation`: what a party is to a service.

use std::fmt;

use crate::query::customers::Scope;
use crate::query::evidence::RoleEvidence;

mod walk;

pub(crate) use walk::Proof;

/// One role a party has towards a service.
///
/// Roles are ordered as listed here, the order [`Relation::roles`] gives.
///
/// ```
/// use svcrel::{Role, Scope};
/// let role = Role::Customer { distance: 0, scope: Scope::External };
/// assert_eq!(role.name(), "customer");
/// assert_eq!(role.distance(), Some(0));
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
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(tag = "role", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// The party is the provider, an organisation below it, or an
    /// individual with a membership in it or below it.
    Provider,
    /// The party is among the service's customers
    /// ([`Model::customers_of`](crate::Model::customers_of)).
    Customer {
        /// Steps up the chain from a payer or approver.
        distance: u32,
        /// External or internal.
        scope: Scope,
    },
    /// The party is among the service's consumers
    /// ([`Model::consumers_of`](crate::Model::consumers_of)).
    Consumer {
        /// Dependency steps to the service the party uses.
        distance: u32,
    },
    /// The party approves a funding link on the service.
    Sponsor,
    /// The party oversees the provider or an organisation above it, or
    /// belongs to an organisation that does.
    Client,
    /// An individual, not in the provider role, in the provider's company.
    Colleague,
    /// A declared partnership joins the party (or an organisation it
    /// belongs to, or one above) with the provider or an organisation
    /// above it.
    Partner,
}

impl Role {
    /// The role's name, as in the JSON output.
    ///
    /// ```
    /// assert_eq!(svcrel::Role::Sponsor.name(), "sponsor");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Role::Provider => "provider",
            Role::Customer { .. } => "customer",
            Role::Consumer { .. } => "consumer",
            Role::Sponsor => "sponsor",
            Role::Client => "client",
            Role::Colleague => "colleague",
            Role::Partner => "partner",
        }
    }

    /// The distance of a customer or consumer role.
    ///
    /// ```
    /// assert_eq!(svcrel::Role::Consumer { distance: 2 }.distance(), Some(2));
    /// assert_eq!(svcrel::Role::Client.distance(), None);
    /// ```
    pub fn distance(&self) -> Option<u32> {
        match *self {
            Role::Customer { distance, .. } | Role::Consumer { distance } => Some(distance),
            _ => None,
        }
    }

    /// The scope of a customer role.
    ///
    /// ```
    /// use svcrel::{Role, Scope};
    /// assert_eq!(Role::Customer { distance: 1, scope: Scope::Internal }.scope(), Some(Scope::Internal));
    /// ```
    pub fn scope(&self) -> Option<Scope> {
        match *self {
            Role::Customer { scope, .. } => Some(scope),
            _ => None,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Role::Customer { distance, scope } => {
                write!(f, "customer ({scope}, distance {distance})")
            }
            Role::Consumer { distance } => write!(f, "consumer (distance {distance})"),
            other => f.write_str(other.name()),
        }
    }
}

/// What a party is to a service: a set of roles, each at most once;
/// possibly none. See [`Model::relation`](crate::Model::relation).
///
/// ```
/// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
/// let rel = model.relation("fan", "nfl-broadcast", &svcrel::Query::new())?;
/// assert_eq!(rel.roles(), [svcrel::Role::Consumer { distance: 0 }]);
/// assert!(!rel.is_customer());
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Relation {
    roles: Vec<Role>,
    evidence: Vec<RoleEvidence>,
}

impl Relation {
    /// The roles alone, without their evidence ([`Model::relation`](crate::Model::relation)).
    pub(crate) fn roles_only(roles: Vec<Role>) -> Relation {
        Relation {
            roles,
            evidence: Vec::new(),
        }
    }

    /// The roles with their evidence ([`Model::explain`](crate::Model::explain)).
    pub(crate) fn new(evidence: Vec<RoleEvidence>) -> Relation {
        Relation {
            roles: evidence.iter().map(|e| e.role).collect(),
            evidence,
        }
    }

    /// The roles, in the order of [`Role`]'s variants.
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    /// Each role with the links of the model that make it so on the
    /// query's date, in the order of [`Relation::roles`]: see
    /// [`RoleEvidence`] for what the links are and which are chosen.
    ///
    /// Only a relation from [`Model::explain`](crate::Model::explain) (and
    /// a [`Triage`](crate::Triage)'s) carries them: one from
    /// [`Model::relation`](crate::Model::relation), which finds the roles
    /// alone in a microsecond or two, has none.
    ///
    /// ```
    /// use svcrel::{EvidenceLinkKind, Role};
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let rel = model.explain("fan", "nfl-broadcast", &svcrel::Query::new())?;
    /// let consumer = &rel.evidence()[0];
    /// assert_eq!(consumer.role, Role::Consumer { distance: 0 });
    /// assert_eq!(consumer.links[0].kind, EvidenceLinkKind::Usage);
    /// assert_eq!((consumer.links[0].source.as_str(), consumer.links[0].target.as_str()), ("fan", "nfl-broadcast"));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn evidence(&self) -> &[RoleEvidence] {
        &self.evidence
    }

    /// The evidence of the role of `role`'s kind ([`Role::name`]), if the
    /// party has it: a customer or consumer role of any distance matches.
    ///
    /// ```
    /// use svcrel::{EvidenceLinkKind, Role, Scope};
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let rel = model.explain("pepsi", "nfl-broadcast", &svcrel::Query::new())?;
    /// let any_customer = Role::Customer { distance: 0, scope: Scope::External };
    /// let customer = rel.evidence_for(&any_customer).unwrap();
    /// assert_eq!(customer.links.last().unwrap().kind, EvidenceLinkKind::Funding);
    /// assert!(rel.evidence_for(&Role::Client).is_none());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn evidence_for(&self, role: &Role) -> Option<&RoleEvidence> {
        self.evidence.iter().find(|e| e.role.name() == role.name())
    }

    /// Whether the party has no role at all towards the service.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert!(model.relation("fan", "expense-app", &svcrel::Query::new())?.is_empty());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.roles.is_empty()
    }

    /// The customer role, if the party has it.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let rel = model.relation("pepsi", "nfl-broadcast", &svcrel::Query::new())?;
    /// assert_eq!(rel.customer(), Some((0, svcrel::Scope::External)));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn customer(&self) -> Option<(u32, Scope)> {
        self.roles.iter().find_map(|r| match *r {
            Role::Customer { distance, scope } => Some((distance, scope)),
            _ => None,
        })
    }

    /// Whether the party is a customer.
    pub fn is_customer(&self) -> bool {
        self.customer().is_some()
    }

    /// The consumer distance, if the party is a consumer.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let rel = model.relation("developer-sam", "build-farm", &svcrel::Query::new())?;
    /// assert_eq!(rel.consumer(), Some(1));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn consumer(&self) -> Option<u32> {
        self.roles.iter().find_map(|r| match *r {
            Role::Consumer { distance } => Some(distance),
            _ => None,
        })
    }

    /// Whether the party is in the provider role.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert!(model.relation("helpdesk-analyst", "desktop-support", &svcrel::Query::new())?.is_provider());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn is_provider(&self) -> bool {
        self.roles.contains(&Role::Provider)
    }

    /// Whether the party is a consumer.
    pub fn is_consumer(&self) -> bool {
        self.consumer().is_some()
    }

    /// Whether the party approves a funding link on the service.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert!(model.relation("dana", "expense-app", &svcrel::Query::new())?.is_sponsor());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn is_sponsor(&self) -> bool {
        self.roles.contains(&Role::Sponsor)
    }

    /// Whether the party is a client of the provider.
    pub fn is_client(&self) -> bool {
        self.roles.contains(&Role::Client)
    }

    /// Whether the party is a colleague of the provider.
    pub fn is_colleague(&self) -> bool {
        self.roles.contains(&Role::Colleague)
    }

    /// Whether the party is a partner of the provider.
    pub fn is_partner(&self) -> bool {
        self.roles.contains(&Role::Partner)
    }
}
