//! The validated model: a private petgraph `StableGraph` and an id index.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::Path;

use jiff::civil::Date;
use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};
use petgraph::visit::EdgeRef;

use crate::document::{Document, Membership, Payment};
use crate::error::Error;
use crate::ids::{EntityKind, IndividualId, OrganisationId, PartyId, ServiceId};

mod builder;
mod edit;
mod export;

pub use builder::ModelBuilder;
pub use edit::{Link, Removal};

/// An entity in the graph.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub(crate) id: Box<str>,
    pub(crate) kind: EntityKind,
    pub(crate) name: Option<Box<str>>,
}

/// When a link holds: `from <= date < until`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Period {
    pub(crate) from: Option<Date>,
    pub(crate) until: Option<Date>,
}

impl Period {
    pub(crate) fn holds_on(self, date: Option<Date>) -> bool {
        crate::dates::holds(self.from, self.until, date)
    }
}

/// What a funding link carries beyond its ends.
#[derive(Clone, Debug)]
pub(crate) struct FundingLink {
    pub(crate) payment: Payment,
    pub(crate) approved_by: Box<[NodeIndex]>,
}

/// A link of the model, as a graph edge weight. Directions:
/// parent: organisation → parent; provider: service → provider;
/// membership: individual → organisation; reporting: individual → manager;
/// funding: payer → service; usage: user → service;
/// dependency: service → depended-on service; oversight: overseer →
/// organisation; partnership: first party → second party.
#[derive(Clone, Debug)]
pub(crate) enum LinkKind {
    Parent,
    Provider,
    Membership(Option<Box<str>>),
    Reporting,
    Funding(Box<FundingLink>),
    Usage,
    Dependency,
    Oversight,
    Partnership,
}

/// An edge weight: the link and when it holds.
#[derive(Clone, Debug)]
pub(crate) struct Edge {
    pub(crate) kind: LinkKind,
    pub(crate) period: Period,
}

/// A validated model of organisations, individuals and services and the
/// links between them.
///
/// Build one from a [`Document`] (every rule of the format is checked and
/// every problem reported at once), from JSON, or with [`Model::builder`].
/// A `Model` is `Send + Sync + Clone`: share one behind an `Arc` and query
/// it from many threads.
///
/// ```
/// use svcrel::{EntityKind, Model};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let dana = model.entity("dana").expect("dana is in the sample");
/// assert_eq!(dana.kind(), EntityKind::Individual);
/// assert_eq!(dana.name(), Some("Dana Reyes"));
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone)]
pub struct Model {
    pub(crate) graph: StableGraph<Node, Edge>,
    pub(crate) index: HashMap<Box<str>, NodeIndex>,
}

/// One entity of a [`Model`]: its id, kind and name.
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
    node: &'m Node,
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

/// How many entities and links of each kind a [`Model`] holds.
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

impl fmt::Debug for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Model")
            .field("counts", &self.counts())
            .finish_non_exhaustive()
    }
}

impl Model {
    /// Starts building a model in code; [`ModelBuilder::build`] checks it
    /// as a document is checked.
    ///
    /// ```
    /// use svcrel::{Model, Organisation, Service};
    ///
    /// let model = Model::builder()
    ///     .organisation(Organisation::new("it"))
    ///     .service(Service::new("mail", "it"))
    ///     .build()?;
    /// assert_eq!(model.counts().services, 1);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn builder() -> ModelBuilder {
        ModelBuilder::default()
    }

    /// Builds a model from a document, checking every rule of the format;
    /// an invalid document yields an error listing every problem.
    ///
    /// ```
    /// use svcrel::{Document, Model, Usage};
    ///
    /// let doc = Document { usage: vec![Usage::new("ghost", "mail")], ..Document::default() };
    /// let err = Model::from_document(&doc).unwrap_err();
    /// assert_eq!(err.problems().len(), 2);
    /// ```
    pub fn from_document(doc: &Document) -> Result<Model, Error> {
        doc.validate()?;
        Ok(Model::build_valid(doc))
    }

    /// Reads and checks a JSON model document: shape and rules, every
    /// problem at once.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_str(r#"{"version": 1, "organisations": [{"id": "it"}]}"#)?;
    /// assert!(model.entity("it").is_some());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn from_json_str(json: &str) -> Result<Model, Error> {
        Model::from_json_slice(json.as_bytes())
    }

    /// Reads and checks a JSON model document from bytes.
    ///
    /// ```
    /// let err = svcrel::Model::from_json_slice(b"\xff").unwrap_err();
    /// assert_eq!(err.problems()[0].kind(), svcrel::ProblemKind::Syntax);
    /// ```
    pub fn from_json_slice(json: &[u8]) -> Result<Model, Error> {
        let parsed = crate::load::parse(json);
        let syntax = parsed.problems.iter().any(|p| p.line_column().is_some());
        let mut problems = parsed.problems;
        if !syntax {
            problems.extend(crate::validation::validate(
                &parsed.document,
                &parsed.damage,
            ));
        }
        if problems.is_empty() {
            return Ok(Model::build_valid(&parsed.document));
        }
        problems.sort_by_key(|p| (p.section(), p.index()));
        Err(Error::invalid(problems))
    }

    /// Reads and checks a JSON model document from a reader.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_reader(&br#"{"version": 1}"#[..])?;
    /// assert_eq!(model.counts().entities(), 0);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn from_json_reader(mut reader: impl Read) -> Result<Model, Error> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(None, e))?;
        Model::from_json_slice(&bytes)
    }

    /// Reads and checks a JSON model document from a file.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert!(model.counts().services > 0);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn from_json_file(path: impl AsRef<Path>) -> Result<Model, Error> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(Some(path.to_owned()), e))?;
        Model::from_json_slice(&bytes)
    }

    /// Builds the graph of a document already known to be valid.
    fn build_valid(doc: &Document) -> Model {
        let entities = doc.organisations.len() + doc.individuals.len() + doc.services.len();
        let links = doc.organisations.len()
            + doc.services.len()
            + doc.memberships.len()
            + doc.reporting.len()
            + doc.funding.len()
            + doc.usage.len()
            + doc.dependencies.len()
            + doc.oversight.len()
            + doc.partnerships.len();
        let mut model = Model {
            graph: StableGraph::with_capacity(entities, links),
            index: HashMap::with_capacity(entities),
        };
        let nodes = doc
            .organisations
            .iter()
            .map(|o| (o.id.as_str(), EntityKind::Organisation, &o.name))
            .chain(
                doc.individuals
                    .iter()
                    .map(|p| (p.id.as_str(), EntityKind::Individual, &p.name)),
            )
            .chain(
                doc.services
                    .iter()
                    .map(|s| (s.id.as_str(), EntityKind::Service, &s.name)),
            );
        for (id, kind, name) in nodes {
            let node = model.graph.add_node(Node {
                id: id.into(),
                kind,
                name: name.as_deref().map(Into::into),
            });
            model.index.insert(id.into(), node);
        }
        let always = Period::default();
        for o in &doc.organisations {
            if let Some(parent) = &o.parent {
                model.link(o.id.as_str(), parent.as_str(), LinkKind::Parent, always);
            }
        }
        for s in &doc.services {
            model.link(
                s.id.as_str(),
                s.provider.as_str(),
                LinkKind::Provider,
                always,
            );
        }
        for m in &doc.memberships {
            let title = LinkKind::Membership(m.title.as_deref().map(Into::into));
            model.link(
                m.individual.as_str(),
                m.organisation.as_str(),
                title,
                period(m.from, m.until),
            );
        }
        for r in &doc.reporting {
            model.link(
                r.individual.as_str(),
                r.manager.as_str(),
                LinkKind::Reporting,
                period(r.from, r.until),
            );
        }
        for f in &doc.funding {
            let approved_by = f
                .approved_by
                .iter()
                .map(|a| model.node(a.as_str()))
                .collect();
            let kind = LinkKind::Funding(Box::new(FundingLink {
                payment: f.payment,
                approved_by,
            }));
            model.link(
                f.payer.as_str(),
                f.service.as_str(),
                kind,
                period(f.from, f.until),
            );
        }
        for u in &doc.usage {
            model.link(
                u.user.as_str(),
                u.service.as_str(),
                LinkKind::Usage,
                period(u.from, u.until),
            );
        }
        for d in &doc.dependencies {
            model.link(
                d.service.as_str(),
                d.depends_on.as_str(),
                LinkKind::Dependency,
                period(d.from, d.until),
            );
        }
        for o in &doc.oversight {
            model.link(
                o.overseer.as_str(),
                o.organisation.as_str(),
                LinkKind::Oversight,
                period(o.from, o.until),
            );
        }
        for p in &doc.partnerships {
            let [a, b] = &p.parties;
            model.link(
                a.as_str(),
                b.as_str(),
                LinkKind::Partnership,
                period(p.from, p.until),
            );
        }
        model
    }

    /// The node of an id known to be in the model (validation saw to it).
    fn node(&self, id: &str) -> NodeIndex {
        self.index[id]
    }

    fn link(&mut self, from: &str, to: &str, kind: LinkKind, period: Period) -> EdgeIndex {
        let (a, b) = (self.node(from), self.node(to));
        self.graph.add_edge(a, b, Edge { kind, period })
    }

    /// The node of `id`, if the model has it.
    pub(crate) fn find(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    pub(crate) fn entity_at(&self, node: NodeIndex) -> Entity<'_> {
        Entity {
            node: &self.graph[node],
        }
    }

    /// The entity with this id, if the model has one.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert!(model.entity("dana").is_some());
    /// assert!(model.entity("nobody").is_none());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn entity(&self, id: &str) -> Option<Entity<'_>> {
        self.find(id).map(|n| self.entity_at(n))
    }

    /// Every entity, organisations first, then individuals, then services,
    /// each in the order they were added.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.entities().count(), model.counts().entities());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn entities(&self) -> impl Iterator<Item = Entity<'_>> + '_ {
        let of = move |kind| {
            self.graph
                .node_indices()
                .filter(move |&n| self.graph[n].kind == kind)
                .map(move |n| self.entity_at(n))
        };
        of(EntityKind::Organisation)
            .chain(of(EntityKind::Individual))
            .chain(of(EntityKind::Service))
    }

    /// Checks that `id` names a service of the model. The error of an
    /// unknown id names it and suggests the closest id the model has.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.service_id("expense-app")?, "expense-app");
    /// let err = model.service_id("expense-ap").unwrap_err();
    /// assert_eq!(err.to_string(), r#"no service has the id "expense-ap" (did you mean "expense-app"?)"#);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn service_id(&self, id: &str) -> Result<ServiceId, Error> {
        self.require_service(id)
            .map(|n| ServiceId::from(&*self.graph[n].id))
    }

    /// Checks that `id` names a party (an organisation or an individual)
    /// of the model, as [`Model::service_id`] does for services.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.party_id("dana")?, "dana");
    /// assert!(model.party_id("expense-app").is_err()); // a service
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn party_id(&self, id: &str) -> Result<PartyId, Error> {
        self.require_party(id)
            .map(|n| PartyId::from(&*self.graph[n].id))
    }

    /// The node of a service id, or an unknown-id error with a suggestion.
    pub(crate) fn require_service(&self, id: &str) -> Result<NodeIndex, Error> {
        self.resolve(id, "service", |k| k == EntityKind::Service)
    }

    /// The node of a party id, or an unknown-id error with a suggestion.
    pub(crate) fn require_party(&self, id: &str) -> Result<NodeIndex, Error> {
        self.resolve(id, "organisation or individual", EntityKind::is_party)
    }

    fn resolve(
        &self,
        id: &str,
        expected: &'static str,
        accepts: impl Fn(EntityKind) -> bool,
    ) -> Result<NodeIndex, Error> {
        match self.find(id) {
            Some(n) if accepts(self.graph[n].kind) => Ok(n),
            _ => {
                let suggestion = self
                    .graph
                    .node_weights()
                    .filter(|n| accepts(n.kind))
                    .map(|n| (strsim::damerau_levenshtein(id, &n.id), &n.id))
                    .filter(|(d, candidate)| *d <= (id.len().max(candidate.len()) / 3).max(2))
                    .min()
                    .map(|(_, candidate)| candidate.to_string());
                Err(Error::unknown_id(id, expected, suggestion))
            }
        }
    }

    /// How many entities and links of each kind the model holds.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// println!("{}", model.counts());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for node in self.graph.node_weights() {
            match node.kind {
                EntityKind::Organisation => c.organisations += 1,
                EntityKind::Individual => c.individuals += 1,
                EntityKind::Service => c.services += 1,
            }
        }
        for link in self.graph.edge_weights() {
            match link.kind {
                LinkKind::Parent | LinkKind::Provider => {}
                LinkKind::Membership(_) => c.memberships += 1,
                LinkKind::Reporting => c.reporting += 1,
                LinkKind::Funding(_) => c.funding += 1,
                LinkKind::Usage => c.usage += 1,
                LinkKind::Dependency => c.dependencies += 1,
                LinkKind::Oversight => c.oversight += 1,
                LinkKind::Partnership => c.partnerships += 1,
            }
        }
        c
    }

    /// The organisations an individual is a member of on `date` (with no
    /// date: every membership), as the document's membership records, in
    /// document order. Empty for an unknown id or a non-individual.
    ///
    /// ```
    /// use svcrel::{Date, Model};
    ///
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let on = |y, m, d| model.memberships("mary", Some(Date::constant(y, m, d)));
    /// assert_eq!(on(2008, 6, 1)[0].organisation, "acme-mailroom");
    /// assert_eq!(on(2028, 6, 1)[0].organisation, "acme-finance");
    /// assert_eq!(model.memberships("mary", None).len(), 4);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn memberships(&self, individual: &str, date: Option<Date>) -> Vec<Membership> {
        let Some(node) = self.find(individual) else {
            return Vec::new();
        };
        let mut found: Vec<(EdgeIndex, Membership)> = self
            .graph
            .edges_directed(node, Outgoing)
            .filter(|e| e.weight().period.holds_on(date))
            .filter_map(|e| match &e.weight().kind {
                LinkKind::Membership(title) => Some((
                    e.id(),
                    Membership {
                        individual: IndividualId::from(individual),
                        organisation: OrganisationId::from(&*self.graph[e.target()].id),
                        title: title.as_deref().map(str::to_owned),
                        from: e.weight().period.from,
                        until: e.weight().period.until,
                    },
                )),
                _ => None,
            })
            .collect();
        found.sort_by_key(|(e, _)| *e);
        found.into_iter().map(|(_, m)| m).collect()
    }

    /// The parent of an organisation, if it has one.
    pub(crate) fn parent_of(&self, org: NodeIndex) -> Option<NodeIndex> {
        self.graph
            .edges_directed(org, Outgoing)
            .find(|e| matches!(e.weight().kind, LinkKind::Parent))
            .map(|e| e.target())
    }

    /// An organisation's ancestors, nearest first: its parent, the parent's
    /// parent, up to the top-level organisation. Empty for a top-level
    /// organisation, an unknown id or a non-organisation.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.parent_chain("goddard-apps"), ["goddard", "nasa", "us-gov"]);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn parent_chain(&self, organisation: &str) -> Vec<OrganisationId> {
        let mut chain = Vec::new();
        let mut current = self.find(organisation);
        while let Some(parent) = current.and_then(|n| self.parent_of(n)) {
            chain.push(OrganisationId::from(&*self.graph[parent].id));
            current = Some(parent);
        }
        chain
    }

    /// The root of an organisation's parent chain (itself when it has no
    /// parent).
    pub(crate) fn root_of(&self, org: NodeIndex) -> NodeIndex {
        let mut current = org;
        while let Some(parent) = self.parent_of(current) {
            current = parent;
        }
        current
    }

    /// `top` as a set of nodes, sorted and without repeats.
    pub(crate) fn top_nodes(&self, party: NodeIndex, date: Option<Date>) -> Vec<NodeIndex> {
        match self.graph[party].kind {
            EntityKind::Organisation => vec![self.root_of(party)],
            EntityKind::Service => Vec::new(),
            EntityKind::Individual => {
                let mut tops: Vec<NodeIndex> = self
                    .graph
                    .edges_directed(party, Outgoing)
                    .filter(|e| matches!(e.weight().kind, LinkKind::Membership(_)))
                    .filter(|e| e.weight().period.holds_on(date))
                    .map(|e| self.root_of(e.target()))
                    .collect();
                if tops.is_empty() {
                    tops.push(party);
                }
                tops.sort_unstable();
                tops.dedup();
                tops
            }
        }
    }

    /// The company a party belongs to: for an organisation, the root of its
    /// parent chain; for an individual, the roots of the organisations they
    /// are a member of on `date` (every membership with no date) or, with
    /// no membership then, the individual alone. Sorted by id; empty for an
    /// unknown id or a service.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.top("goddard-apps", None), ["us-gov"]);
    /// assert_eq!(model.top("dana", None), ["us-gov"]);
    /// assert_eq!(model.top("fan", None), ["fan"]);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn top(&self, party: &str, date: Option<Date>) -> Vec<PartyId> {
        let Some(node) = self.find(party) else {
            return Vec::new();
        };
        let mut ids: Vec<PartyId> = self
            .top_nodes(node, date)
            .into_iter()
            .map(|n| PartyId::from(&*self.graph[n].id))
            .collect();
        ids.sort();
        ids
    }

    /// The provider of a service node.
    pub(crate) fn provider_of(&self, service: NodeIndex) -> Option<NodeIndex> {
        self.outgoing(service)
            .find(|e| matches!(e.weight().kind, LinkKind::Provider))
            .map(|e| e.target())
    }

    /// The party that provides a service, if `service` names one.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.provider("expense-app").unwrap().id(), "expenseco");
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn provider(&self, service: &str) -> Option<Entity<'_>> {
        let node = self.find(service)?;
        self.provider_of(node).map(|p| self.entity_at(p))
    }

    /// Incoming edges of `node`, for traversals.
    pub(crate) fn incoming(
        &self,
        node: NodeIndex,
    ) -> petgraph::stable_graph::Edges<'_, Edge, petgraph::Directed> {
        self.graph.edges_directed(node, Incoming)
    }

    /// Outgoing edges of `node`, for traversals.
    pub(crate) fn outgoing(
        &self,
        node: NodeIndex,
    ) -> petgraph::stable_graph::Edges<'_, Edge, petgraph::Directed> {
        self.graph.edges_directed(node, Outgoing)
    }
}

fn period(from: Option<Date>, until: Option<Date>) -> Period {
    Period { from, until }
}
