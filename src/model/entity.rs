//! The public views of a model: one entity, and the counts of everything.

use std::fmt;

use crate::ids::EntityKind;
use crate::model::Node;

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
