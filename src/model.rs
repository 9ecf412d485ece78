//! The validated model: a private petgraph `StableGraph` and an id index.

use std::fmt;
use std::io::Read;
use std::path::Path;

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};

use crate::document::{Document, Resolved};
use crate::error::Error;
use crate::ids::EntityKind;

mod apply;
mod builder;
mod edge;
mod edit;
mod entity;
mod export;
mod id_index;
mod link;
mod lookup;
mod node;
mod read;
pub(crate) use read::KnownAs;
mod identity;
mod shared;
mod small;
mod snapshot;
mod suggest;

pub use apply::{Applied, Edit};
pub use builder::ModelBuilder;
pub(crate) use edge::{Detail, Edge, FundingLink, LinkKind, Period};
pub use edit::Removal;
pub use entity::{Counts, Entity};
pub(crate) use id_index::IdIndex;
pub(crate) use identity::{Identities, Identity};
pub use link::Link;
pub(crate) use node::{Node, NodeMap, NodeSet, UNRANKED};
pub use shared::SharedModel;
pub(crate) use small::{NodeDistances, NodeList};
pub(crate) use snapshot::{Adjacency, At, Fundings, Links, NO_RECORD, SIDE_LINKS};
pub(crate) use suggest::Suggest;
pub use suggest::{
    SUGGEST_LIMIT, SUGGEST_MAX, SuggestKind, SuggestMatch, SuggestOptions, Suggestion, Suggestions,
};

/// A validated model of organisations, individuals and services and the
/// links between them.
///
/// Build one from a [`Document`] (every rule of the format is checked and
/// every problem reported at once), from JSON, or with [`Model::builder`].
///
/// # Its methods, by theme
///
/// - Building and reading: [`Model::builder`], [`Model::from_document`],
///   the `from_json_*` readers, [`Model::to_document`] to write it back,
///   [`Model::version`].
/// - Looking up: [`Model::entity`], [`Model::find`] (by id, email,
///   external id or name), [`Model::suggest`] (as someone types), [`Model::entities`], [`Model::counts`], [`Model::memberships`], [`Model::parent_chain`],
///   [`Model::top`], [`Model::provider`], [`Model::service_id`],
///   [`Model::party_id`].
/// - The questions: [`Model::customers_of`], [`Model::consumers_of`],
///   [`Model::relation`], [`Model::triage`], [`Model::impact`]; and
///   [`Model::audit`], what to fix in the whole model.
/// - Edits: `add_*`, `remove_*`, `end_*` and [`Model::move_individual`].
///
/// # Threads
///
/// A `Model` is `Send + Sync + Clone`. Every query takes `&self`, changes
/// nothing and keeps no state between calls (but for the index of
/// [`Model::suggest`], built once on its first call and the same for
/// every call after), so one model behind an `Arc` answers any number of
/// threads at once, each exactly as a single thread would. Edits take `&mut self`:
/// the borrow checker keeps them apart from queries in flight. To edit
/// while serving, share it as a [`SharedModel`]: readers read one version
/// each and never wait, and batches of [`Edit`]s publish new versions.
///
/// # Speed
///
/// Once built, a model also keeps a read-optimised copy of its links (per
/// entity, its links of each kind side by side, with its parent, top
/// organisation and, for a service, its dependency spans), which the
/// queries read. An edit keeps every answer exact: the entities whose
/// links it changed are read from the graph instead, more slowly, until a
/// sixteenth of all entities have been changed and the edit that crosses
/// that line rebuilds the copy (in time linear in the model's size, so
/// about one edit in `entities / 16` pays for it).
///
/// The copy also keeps, for [`Model::relation`], each service's funding
/// links and its provider's chain of organisations, and a record for each
/// organisation that uses, provides, oversees or partners with something,
/// pointing at the next such organisation above it. Adding a link of one
/// of those four kinds (or a dependency) sets aside, until the next
/// rebuild, the part of the copy it could make wrong: answers stay exact,
/// and `relation()` is slower until then.
///
/// Looking an id up reads only the id index when the id is at most 11
/// bytes long; a longer id is also compared with the one its entity
/// holds, one or two more cache misses in a large model.
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
    graph: StableGraph<Node, Edge>,
    index: IdIndex,
    /// The `seq` of the next entity or link added.
    next_seq: u32,
    /// The links again, per node and kind, for fast reading.
    adjacency: Adjacency,
    /// Grows with every change an edit makes; 0 once built.
    version: u64,
    /// The parties' emails, phone numbers, external ids and mail domains.
    identities: Identities,
    /// The index of [`Model::suggest`], built on first use.
    suggest: Suggest,
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
        let resolved = crate::document::check(doc)?;
        Ok(Model::build_valid(doc, resolved))
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
        let (doc, resolved) = crate::document::read(json)?;
        Ok(Model::build_valid(&doc, resolved))
    }

    /// Reads and checks a JSON model document from a reader.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_reader(&br#"{"version": 1}"#[..])?;
    /// assert_eq!(model.counts().entities(), 0);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn from_json_reader(reader: impl Read) -> Result<Model, Error> {
        Model::from_json_slice(&crate::document::read_all(reader)?)
    }

    /// Reads and checks a JSON model document from a file.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert!(model.counts().services > 0);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn from_json_file(path: impl AsRef<Path>) -> Result<Model, Error> {
        Model::from_json_slice(&crate::document::read_file(path.as_ref())?)
    }

    /// Builds the graph of a valid document from its references resolved
    /// to entity positions (organisations, then individuals, then
    /// services, in document order): nodes go into an empty graph in that
    /// order, so a position is a node index, and no id is looked up again.
    fn build_valid(doc: &Document, r: Resolved) -> Model {
        let entities = doc.organisations.len() + doc.individuals.len() + doc.services.len();
        let links = r.parents.iter().flatten().count()
            + r.providers.len()
            + r.memberships.len()
            + r.reporting.len()
            + r.funding.len()
            + r.usage.len()
            + r.dependencies.len()
            + r.oversight.len()
            + r.partnerships.len();
        let mut model = Model {
            graph: StableGraph::with_capacity(entities, links),
            index: IdIndex::with_capacity(entities),
            next_seq: 0,
            adjacency: Adjacency::default(),
            version: 0,
            identities: Identities::new(doc.email_policy),
            suggest: Suggest::default(),
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
        for (position, (id, kind, name)) in nodes.enumerate() {
            let node = model.add_entity(id, kind, name.as_deref().map(Into::into));
            debug_assert_eq!(node.index(), position);
        }
        model.rank_ids();
        let identities = doc
            .organisations
            .iter()
            .map(|o| Identity {
                emails: o.emails.clone(),
                phones: o.phones.clone(),
                external_ids: o.external_ids.clone(),
                email_domains: o.email_domains.clone(),
            })
            .chain(doc.individuals.iter().map(|p| Identity {
                emails: p.emails.clone(),
                phones: p.phones.clone(),
                external_ids: p.external_ids.clone(),
                email_domains: Vec::new(),
            }));
        for (position, identity) in identities.enumerate() {
            model.identities.insert(NodeIndex::new(position), identity);
        }
        let at = |p: u32| NodeIndex::new(p as usize);
        let always = Period::ALWAYS;
        for (o, parent) in r.parents.iter().enumerate() {
            if let Some(parent) = *parent {
                model.push_edge(at(o as u32), at(parent), LinkKind::Parent, always, None);
            }
        }
        let first_service = doc.organisations.len() + doc.individuals.len();
        for (s, &provider) in r.providers.iter().enumerate() {
            let service = NodeIndex::new(first_service + s);
            model.push_edge(service, at(provider), LinkKind::Provider, always, None);
        }
        for (m, &[a, b]) in doc.memberships.iter().zip(&r.memberships) {
            let title = m.title.as_deref().map(|t| Detail::Title(t.into()));
            let period = Period::new(m.from, m.until);
            model.push_edge(at(a), at(b), LinkKind::Membership, period, title);
        }
        for (l, &[a, b]) in doc.reporting.iter().zip(&r.reporting) {
            let period = Period::new(l.from, l.until);
            model.push_edge(at(a), at(b), LinkKind::Reporting, period, None);
        }
        let funding = doc.funding.iter().zip(&r.funding).zip(r.approvers);
        for ((f, &[a, b]), approvers) in funding {
            let detail = Detail::Funding(FundingLink {
                payment: f.payment,
                approved_by: approvers.into_iter().map(at).collect(),
            });
            let period = Period::new(f.from, f.until);
            model.push_edge(at(a), at(b), LinkKind::Funding, period, Some(detail));
        }
        for (l, &[a, b]) in doc.usage.iter().zip(&r.usage) {
            let period = Period::new(l.from, l.until);
            model.push_edge(at(a), at(b), LinkKind::Usage, period, None);
        }
        for (l, &[a, b]) in doc.dependencies.iter().zip(&r.dependencies) {
            let period = Period::new(l.from, l.until);
            model.push_edge(at(a), at(b), LinkKind::Dependency, period, None);
        }
        for (l, &[a, b]) in doc.oversight.iter().zip(&r.oversight) {
            let period = Period::new(l.from, l.until);
            model.push_edge(at(a), at(b), LinkKind::Oversight, period, None);
        }
        for (l, &[a, b]) in doc.partnerships.iter().zip(&r.partnerships) {
            let period = Period::new(l.from, l.until);
            model.push_edge(at(a), at(b), LinkKind::Partnership, period, None);
        }
        model.adjacency = Adjacency::build(&model.graph);
        model.version = 0;
        model
    }

    /// Ranks every entity by id (byte order), so answers sort by integers.
    /// The sort compares the ids' first eight bytes as one integer (an
    /// order consistent with the ids') and reads whole ids only on ties.
    fn rank_ids(&mut self) {
        let prefix = |id: &str| {
            let mut bytes = [0u8; 8];
            let n = id.len().min(8);
            bytes[..n].copy_from_slice(&id.as_bytes()[..n]);
            u64::from_be_bytes(bytes)
        };
        let mut nodes: Vec<(u64, NodeIndex)> = self
            .graph
            .node_indices()
            .map(|n| (prefix(&self.graph[n].id), n))
            .collect();
        nodes.sort_unstable_by(|&(pa, a), &(pb, b)| {
            pa.cmp(&pb)
                .then_with(|| self.graph[a].id.cmp(&self.graph[b].id))
        });
        for (rank, (_, n)) in nodes.into_iter().enumerate() {
            self.graph[n].rank = u32::try_from(rank).unwrap_or(UNRANKED);
        }
    }

    /// The model's version: 0 when it is built or read, and greater after
    /// every edit that changed it (an edit may count more than one), so
    /// two reads of one model that see the same version see the same
    /// links. A refused edit changes nothing, the version included.
    ///
    /// ```
    /// use svcrel::{Model, Usage};
    ///
    /// let mut model = Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.version(), 0);
    /// assert!(model.add_link(Usage::new("ghost", "nfl-broadcast")).is_err());
    /// assert_eq!(model.version(), 0);
    /// model.add_link(Usage::new("dana", "nfl-broadcast"))?;
    /// assert!(model.version() > 0);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Builds the read-optimised snapshot again, so that every entity is
    /// in it (see [`SharedModel`]).
    pub(crate) fn rebuild_snapshot(&mut self) {
        self.adjacency = Adjacency::build(&self.graph);
    }

    /// The read-optimised snapshot, to put into another copy of this
    /// model as it is now (cheap: its packed part is shared).
    pub(crate) fn snapshot(&self) -> Adjacency {
        self.adjacency.clone()
    }

    /// Puts in a snapshot taken of a copy of this model as it is now
    /// ([`Self::snapshot`]): the same links, so the same answers.
    pub(crate) fn install_snapshot(&mut self, snapshot: Adjacency) {
        self.adjacency = snapshot;
    }

    /// Whether so many entities changed since the snapshot was built
    /// (more than one in `share`) that a rebuild soon would pay.
    pub(crate) fn snapshot_is_stale_past(&self, share: usize) -> bool {
        self.adjacency.stale_past(share)
    }

    /// Sets the version, for a model that replaces another.
    pub(crate) fn set_version(&mut self, version: u64) {
        self.version = version;
    }

    /// The node of an id known to be in the model (validation saw to it).
    fn node(&self, id: &str) -> NodeIndex {
        self.node_of(id).unwrap_or(NodeIndex::end())
    }

    /// The next sequence number, for an entity or link being added.
    pub(crate) fn take_seq(&mut self) -> u32 {
        let seq = self.next_seq;
        self.next_seq = self.next_seq.saturating_add(1);
        seq
    }

    /// Adds an edge, numbered after everything added before it.
    pub(crate) fn add_edge(
        &mut self,
        a: NodeIndex,
        b: NodeIndex,
        kind: LinkKind,
        period: Period,
        detail: Option<Detail>,
    ) -> EdgeIndex {
        let e = self.push_edge(a, b, kind, period, detail);
        self.version += 1;
        self.adjacency.link_added(kind);
        self.touch(&[a, b]);
        e
    }

    /// Adds an edge to the graph alone, numbered after everything added
    /// before it: for building, where the read-optimised copy is made
    /// once at the end.
    fn push_edge(
        &mut self,
        a: NodeIndex,
        b: NodeIndex,
        kind: LinkKind,
        period: Period,
        detail: Option<Detail>,
    ) -> EdgeIndex {
        let seq = self.take_seq();
        self.graph
            .add_edge(a, b, Edge::new(kind, period, seq, detail))
    }

    /// Notes that the links of `nodes` changed (after changing them), and
    /// rebuilds the read-optimised adjacency once enough have.
    pub(crate) fn touch(&mut self, nodes: &[NodeIndex]) {
        self.version += 1;
        let mut rebuild = false;
        for &n in nodes {
            rebuild |= self.adjacency.touch(n);
        }
        if rebuild {
            self.adjacency = Adjacency::build(&self.graph);
        }
    }

    /// Adds an entity, numbered after everything added before it.
    pub(crate) fn add_entity(
        &mut self,
        id: &str,
        kind: EntityKind,
        name: Option<Box<str>>,
    ) -> NodeIndex {
        let seq = self.take_seq();
        self.version += 1;
        let node = self.graph.add_node(Node {
            id: id.into(),
            kind,
            seq,
            rank: UNRANKED,
            name,
        });
        self.index.insert(&self.graph, node);
        node
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Organisation;

    #[test]
    fn ranks_follow_byte_order_of_ids_past_the_first_eight_bytes() {
        let ids = [
            "b",
            "a",
            "abcdefgh",
            "abcdefghz",
            "abcdefgha",
            "abcdefg",
            "abcdefg\0",
            "é",
            "",
        ];
        let mut doc = Document::default();
        for id in ids.iter().filter(|id| !id.is_empty()) {
            doc.organisations.push(Organisation::new(*id));
        }
        let model = Model::from_document(&doc).expect("valid");
        let mut by_rank: Vec<&str> = model.graph.node_weights().map(|n| &*n.id).collect();
        by_rank.sort_by_key(|id| model.graph[model.node_of(id).expect("known")].rank);
        let mut sorted = by_rank.clone();
        sorted.sort_unstable();
        assert_eq!(by_rank, sorted);
        for id in &by_rank {
            assert_eq!(model.node_of(id).map(|n| &*model.graph[n].id), Some(*id));
        }
        assert_eq!(model.node_of("abcdefgh\0"), None);
    }
}
