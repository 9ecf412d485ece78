//! The public views of a model: one entity, and the counts of everything.

use std::fmt;

use crate::ids::EntityKind;
use crate::model::{Identity, Node};

/// One entity of a [`Model`](crate::Model): its id, kind and name.
///
/// ```
/// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
/// let nasa = model.entity("nasa").unwrap();
/// assert_eq!(nasa.id(), "nasa");
/// assert_eq!(nasa.kind(), svcrel::EntityKind::Organisation);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entity<'m> {
    pub(crate) node: &'m Node,
    pub(crate) identity: Option<&'m Identity>,
}

impl<'m> Entity<'m> {
    /// The entity's id.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.entity("dana").unwrap().id(), "dana");
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn id(&self) -> &'m str {
        &self.node.id
    }

    /// Whether it is an organisation, an individual or a service.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.entity("expense-app").unwrap().kind(), svcrel::EntityKind::Service);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn kind(&self) -> EntityKind {
        self.node.kind
    }

    /// Its name for people, if the document gives one.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.entity("nasa").unwrap().name(), Some("NASA"));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn name(&self) -> Option<&'m str> {
        self.node.name.as_deref()
    }

    /// Its emails, the primary first (a party's only; none for a
    /// service).
    ///
    /// ```
    /// let model = svcrel::Model::from_json_str(
    ///     r#"{"version": 1, "individuals": [{"id": "ann", "emails": ["ann@example.com", "a.lee@example.com"]}]}"#,
    /// )?;
    /// let ann = model.entity("ann").unwrap();
    /// assert_eq!(ann.emails(), ["ann@example.com", "a.lee@example.com"]);
    /// assert_eq!(ann.email(), Some("ann@example.com"));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn emails(&self) -> &'m [String] {
        self.identity.map_or(&[], |i| i.emails.as_slice())
    }

    /// Its primary email, the first of [`Entity::emails`].
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.entity("mail").and_then(|e| e.email()), None);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn email(&self) -> Option<&'m str> {
        self.emails().first().map(String::as_str)
    }

    /// Its phone numbers, the primary first, as the document writes them
    /// (a party's only; none for a service).
    ///
    /// ```
    /// let model = svcrel::Model::from_json_str(
    ///     r#"{"version": 1, "individuals": [{"id": "ann", "phones": ["+33 1 23 45 67 89", "(555) 010-0199 ext. 12"]}]}"#,
    /// )?;
    /// let ann = model.entity("ann").unwrap();
    /// assert_eq!(ann.phones(), ["+33 1 23 45 67 89", "(555) 010-0199 ext. 12"]);
    /// assert_eq!(ann.phone(), Some("+33 1 23 45 67 89"));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn phones(&self) -> &'m [String] {
        self.identity.map_or(&[], |i| i.phones.as_slice())
    }

    /// Its primary phone number, the first of [`Entity::phones`].
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.entity("dana").and_then(|e| e.phone()), None);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn phone(&self) -> Option<&'m str> {
        self.phones().first().map(String::as_str)
    }

    /// Its ids in other systems, by system, in system order.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_str(
    ///     r#"{"version": 1, "organisations": [{"id": "it", "external_ids": {"itop": "3", "ldap": "ou=it"}}]}"#,
    /// )?;
    /// let ids: Vec<(&str, &str)> = model.entity("it").unwrap().external_ids().collect();
    /// assert_eq!(ids, [("itop", "3"), ("ldap", "ou=it")]);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn external_ids(&self) -> impl Iterator<Item = (&'m str, &'m str)> + 'm {
        self.identity
            .into_iter()
            .flat_map(|i| i.external_ids.iter())
            .map(|(system, id)| (system.as_str(), id.as_str()))
    }

    /// An organisation's mail domains: an unknown address at one of them
    /// belongs to it.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_str(
    ///     r#"{"version": 1, "organisations": [{"id": "acme", "email_domains": ["acme.example"]}]}"#,
    /// )?;
    /// assert_eq!(model.entity("acme").unwrap().email_domains(), ["acme.example"]);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn email_domains(&self) -> &'m [String] {
        self.identity.map_or(&[], |i| i.email_domains.as_slice())
    }

    /// Its name, or its id when it has no name.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.entity("nasa").unwrap().label(), "NASA");
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn label(&self) -> &'m str {
        self.name().unwrap_or(self.id())
    }
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.kind == other.kind && self.name == other.name
    }
}

impl Eq for Node {}

/// How many entities and links of each kind a [`Model`](crate::Model) holds.
///
/// ```
/// let model = svcrel::Model::from_json_str(r#"{"version": 1, "individuals": [{"id": "a"}]}"#)?;
/// let counts = model.counts();
/// assert_eq!(counts.individuals, 1);
/// assert_eq!(counts.entities(), 1);
/// assert_eq!(counts.links(), 0);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Counts {
    /// Organisations.
    pub organisations: usize,
    /// Individuals.
    pub individuals: usize,
    /// Services.
    pub services: usize,
    /// Memberships.
    pub memberships: usize,
    /// Reporting lines.
    pub reporting: usize,
    /// Funding links.
    pub funding: usize,
    /// Usage links.
    pub usage: usize,
    /// Dependencies.
    pub dependencies: usize,
    /// Oversight links.
    pub oversight: usize,
    /// Partnerships.
    pub partnerships: usize,
}

impl Counts {
    /// Organisations, individuals and services together.
    ///
    /// ```
    /// assert_eq!(svcrel::Counts::default().entities(), 0);
    /// ```
    pub fn entities(&self) -> usize {
        self.organisations + self.individuals + self.services
    }

    /// Every link of the document's lists together (parents and providers,
    /// fields of entities, are not counted).
    ///
    /// ```
    /// assert_eq!(svcrel::Counts::default().links(), 0);
    /// ```
    pub fn links(&self) -> usize {
        self.memberships
            + self.reporting
            + self.funding
            + self.usage
            + self.dependencies
            + self.oversight
            + self.partnerships
    }
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} organisations, {} individuals, {} services; {} memberships, {} reporting lines, \
             {} funding links, {} usage links, {} dependencies, {} oversight links, {} partnerships",
            self.organisations,
            self.individuals,
            self.services,
            self.memberships,
            self.reporting,
            self.funding,
            self.usage,
            self.dependencies,
            self.oversight,
            self.partnerships
        )
    }
}
