//! The model's one reader: every question reads the model through these
//! methods and no other.
//!
//! A model keeps its links twice: in the petgraph graph, which edits
//! change, and in the read-optimised snapshot (`snapshot/`), which knows
//! every entity unchanged since it was last built. Each method here asks
//! the snapshot first and reads the graph only for what the snapshot
//! cannot say, so the questions (`crate::query`) never choose between the
//! two, and never see either: the model's fields are private to
//! `src/model/`.
//!
//! Nodes and edges are named by petgraph's indices inside the crate; no
//! such index leaves it.

use jiff::civil::Date;
use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::visit::NodeIndexable;

use crate::ids::EntityKind;
use crate::model::{At, Edge, Entity, Fundings, LinkKind, Links, Model, NO_RECORD, UNRANKED};

/// The other ends of one node's links of one kind out, as [`Model::ups`]
/// gives them.
pub(crate) enum Ups<'a> {
    /// The only one, known without reading the node's links.
    Only(Option<NodeIndex>),
    Links(Links<'a>),
}

impl Iterator for Ups<'_> {
    type Item = NodeIndex;

    #[inline]
    fn next(&mut self) -> Option<NodeIndex> {
        match self {
            Ups::Only(only) => only.take(),
            Ups::Links(links) => links.next().map(|(up, _)| up),
        }
    }
}

/// The organisations with side links at and above one organisation, read
/// from the snapshot's side records: see [`Model::side_records`].
pub(crate) struct SideRecords<'a> {
    model: &'a Model,
    /// The record of the next organisation to give.
    record: u32,
    /// The last organisation given (the start, before any).
    last: NodeIndex,
    /// Whether the records ran out before the top of the chain.
    cut: bool,
}

impl<'a> Iterator for SideRecords<'a> {
    type Item = At<'a>;

    fn next(&mut self) -> Option<At<'a>> {
        let m = self.model;
        let Some((node, next)) = m.adjacency.side_step(self.record) else {
            self.cut = self.record != NO_RECORD;
            return None;
        };
        let at = At::of_record(&m.adjacency, &m.graph, node, self.record);
        (self.last, self.record) = (node, next);
        Some(at)
    }
}

impl SideRecords<'_> {
    /// Once the records are all given: the organisation whose parent the
    /// walk up goes on from (the records stopped short of the top, where
    /// the snapshot cannot say what is next), or `None` at the top.
    pub(crate) fn go_on_from(&self) -> Option<NodeIndex> {
        self.cut.then_some(self.last)
    }
}

impl Model {
    /// The id rank of an entity ([`UNRANKED`] for one added by an edit).
    fn rank_of(&self, node: NodeIndex) -> u32 {
        self.adjacency
            .rank(node)
            .unwrap_or_else(|| self.graph[node].rank)
    }

    /// Compares two entities by id, by rank where both have one.
    pub(crate) fn cmp_ids(&self, a: NodeIndex, b: NodeIndex) -> std::cmp::Ordering {
        let (x, y) = (self.rank_of(a), self.rank_of(b));
        if x != UNRANKED && y != UNRANKED {
            x.cmp(&y)
        } else {
            self.graph[a].id.cmp(&self.graph[b].id)
        }
    }

    /// Sorts answers by distance, then id.
    ///
    /// Each item gets one 64-bit key, its id rank above its position, so
    /// the sort moves plain integers; answers found in order of distance
    /// (as breadth-first traversals find them) are sorted run by run.
    pub(crate) fn sort_by_distance_then_id<T: Copy>(
        &self,
        items: &mut [T],
        key: impl Fn(&T) -> (u32, NodeIndex),
    ) {
        let mut keys: Vec<u64> = Vec::with_capacity(items.len());
        for (i, t) in items.iter().enumerate() {
            let rank = self.rank_of(key(t).1);
            if rank == UNRANKED || u32::try_from(i).is_err() {
                // An entity added by an edit: compare ids themselves.
                items.sort_unstable_by(|a, b| {
                    let ((da, na), (db, nb)) = (key(a), key(b));
                    da.cmp(&db).then_with(|| self.cmp_ids(na, nb))
                });
                return;
            }
            keys.push((u64::from(rank) << 32) | i as u64);
        }
        let distance = |k: &u64| key(&items[(k & 0xffff_ffff) as usize]).0;
        if keys.is_sorted_by_key(distance) {
            let mut start = 0;
            while start < keys.len() {
                let d = distance(&keys[start]);
                let len = keys[start..].partition_point(|k| distance(k) == d);
                keys[start..start + len].sort_unstable();
                start += len;
            }
        } else {
            keys.sort_unstable_by_key(|k| (distance(k), *k));
        }
        let sorted: Vec<T> = keys
            .iter()
            .map(|&k| items[(k & 0xffff_ffff) as usize])
            .collect();
        items.copy_from_slice(&sorted);
    }

    /// The links of `kind` at `node` in direction `dir` that hold on
    /// `date`, as (other end, edge), in the order they were added (or, for
    /// a node changed by an edit since the last rebuild, in graph order).
    pub(crate) fn links(
        &self,
        node: NodeIndex,
        dir: petgraph::Direction,
        kind: LinkKind,
        date: Option<Date>,
    ) -> Links<'_> {
        Links::new(&self.adjacency, &self.graph, node, dir, kind, date)
    }

    /// Whether link `e` holds on `date` (every link does with no date).
    pub(crate) fn holds_on(&self, e: EdgeIndex, date: Option<Date>) -> bool {
        date.is_none()
            || self
                .graph
                .edge_weight(e)
                .is_some_and(|w| w.period.holds_on(date))
    }

    /// The dates a link starts and stops holding on (`from`, `until`),
    /// each `None` when open; `None` for a link that is gone.
    pub(crate) fn link_dates(&self, e: EdgeIndex) -> Option<(Option<Date>, Option<Date>)> {
        self.graph
            .edge_weight(e)
            .map(|w| (w.period.from(), w.period.until()))
    }

    /// The funding links into `service` that hold on `date`, with payer,
    /// payment and approvers, in the order they were added.
    pub(crate) fn fundings(&self, service: NodeIndex, date: Option<Date>) -> Fundings<'_> {
        match self.adjacency.funds_of(service) {
            Some((links, funds)) => Fundings::Packed {
                links: links.iter(),
                funds,
                graph: &self.graph,
                date,
            },
            None => Fundings::Graph {
                links: self.links_in(service, LinkKind::Funding, date),
                graph: &self.graph,
            },
        }
    }

    /// `node`'s links, its record read once for several kinds.
    pub(crate) fn at(&self, node: NodeIndex) -> At<'_> {
        At::new(&self.adjacency, &self.graph, node)
    }

    /// [`Model::links`] out of `node`.
    pub(crate) fn links_out(
        &self,
        node: NodeIndex,
        kind: LinkKind,
        date: Option<Date>,
    ) -> Links<'_> {
        self.links(node, petgraph::Direction::Outgoing, kind, date)
    }

    /// [`Model::links`] into `node`.
    pub(crate) fn links_in(
        &self,
        node: NodeIndex,
        kind: LinkKind,
        date: Option<Date>,
    ) -> Links<'_> {
        self.links(node, petgraph::Direction::Incoming, kind, date)
    }

    /// One step up from `node` on `date`: an individual's organisations
    /// ([`LinkKind::Membership`]) or managers ([`LinkKind::Reporting`]),
    /// an organisation's parent ([`LinkKind::Parent`]). The same as the
    /// other ends of [`Model::links_out`], read from the node's snapshot
    /// record alone when that holds the only one (and it has no dates).
    pub(crate) fn ups(&self, node: NodeIndex, kind: LinkKind, date: Option<Date>) -> Ups<'_> {
        if kind == LinkKind::Parent {
            // Parent links have no dates.
            return Ups::Only(self.parent_of(node));
        }
        match self.adjacency.only_up(node, kind) {
            Some(up) => Ups::Only(Some(up)),
            None => Ups::Links(self.links_out(node, kind, date)),
        }
    }

    /// The node of `id`, if the model has it.
    pub(crate) fn node_of(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(&self.graph, id)
    }

    /// The kind of an entity in the model, read where it is cheapest.
    pub(crate) fn kind_of(&self, node: NodeIndex) -> EntityKind {
        self.adjacency
            .kind(node)
            .unwrap_or_else(|| self.graph[node].kind)
    }

    /// The parties an email, an external id (`system:id`) or a mail
    /// domain names, and how: the parties giving the email (without
    /// regard to case); else those with the external id; else, for an
    /// email no party gives, the organisations whose mail domain it is.
    pub(crate) fn parties_known_as(&self, text: &str) -> (Vec<Entity<'_>>, KnownAs) {
        let entities = |nodes: &[NodeIndex]| nodes.iter().map(|&n| self.entity_at(n)).collect();
        if text.contains('@') {
            let found = self.identities.by_email(text);
            if !found.is_empty() {
                return (entities(found), KnownAs::Email);
            }
            if let Some((_, domain)) = text.rsplit_once('@') {
                let found = self.identities.by_domain(domain);
                if !found.is_empty() {
                    return (entities(found), KnownAs::MailDomain);
                }
            }
        }
        if let Some((system, id)) = text.split_once(':') {
            let found = self.identities.by_external(system, id);
            if !found.is_empty() {
                return (entities(found), KnownAs::ExternalId);
            }
        }
        (Vec::new(), KnownAs::Email)
    }

    pub(crate) fn entity_at(&self, node: NodeIndex) -> Entity<'_> {
        Entity {
            node: &self.graph[node],
            identity: self.identities.of(node),
        }
    }

    /// The parent of an organisation, if it has one.
    pub(crate) fn parent_of(&self, org: NodeIndex) -> Option<NodeIndex> {
        match self.adjacency.parent(org) {
            Some(known) => known,
            None => self
                .links_out(org, LinkKind::Parent, None)
                .next()
                .map(|(parent, _)| parent),
        }
    }

    /// The root of an organisation's parent chain (itself when it has no
    /// parent).
    pub(crate) fn root_of(&self, org: NodeIndex) -> NodeIndex {
        if let Some(root) = self.adjacency.root(org) {
            return root;
        }
        let mut current = org;
        while let Some(parent) = self.parent_of(current) {
            current = parent;
        }
        current
    }

    /// `top` as a set of nodes, sorted and without repeats.
    pub(crate) fn top_nodes(&self, party: NodeIndex, date: Option<Date>) -> Vec<NodeIndex> {
        match self.kind_of(party) {
            EntityKind::Organisation => vec![self.root_of(party)],
            EntityKind::Service => Vec::new(),
            EntityKind::Individual => {
                let mut tops: Vec<NodeIndex> = self
                    .ups(party, LinkKind::Membership, date)
                    .map(|org| self.root_of(org))
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

    /// The provider of a service node.
    pub(crate) fn provider_of(&self, service: NodeIndex) -> Option<NodeIndex> {
        match self.adjacency.provider(service) {
            Some(known) => known,
            None => self
                .links_out(service, LinkKind::Provider, None)
                .next()
                .map(|(provider, _)| provider),
        }
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
    /// The sequence number of an edge (its place in the order links were
    /// added); `u32::MAX` for an edge that is gone.
    pub(crate) fn edge_seq(&self, e: EdgeIndex) -> u32 {
        self.graph.edge_weight(e).map_or(u32::MAX, |w| w.seq)
    }

    /// The id of an entity.
    pub(crate) fn id(&self, node: NodeIndex) -> &str {
        &self.graph[node].id
    }

    /// How many entities the model has.
    pub(crate) fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// One more than the largest node index in use: dense per-node tables
    /// have this many slots.
    pub(crate) fn node_bound(&self) -> usize {
        self.graph.node_bound()
    }

    /// Every entity's node, in node order.
    pub(crate) fn nodes(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.graph.node_indices()
    }

    /// A link, unless it is gone.
    pub(crate) fn edge(&self, e: EdgeIndex) -> Option<&Edge> {
        self.graph.edge_weight(e)
    }

    /// A link's two ends (source, target), unless it is gone.
    pub(crate) fn edge_ends(&self, e: EdgeIndex) -> Option<(NodeIndex, NodeIndex)> {
        self.graph.edge_endpoints(e)
    }

    /// The organisations with links of a kind in
    /// [`SIDE_LINKS`](crate::model::SIDE_LINKS) at and above `org`,
    /// nearest first, from the snapshot's side records, which skip the
    /// organisations without such links; `None` when the snapshot cannot
    /// say (`org` changed since it was built, or such a link was added).
    pub(crate) fn side_records(&self, org: NodeIndex) -> Option<SideRecords<'_>> {
        let record = self.adjacency.side_record(org)?;
        Some(SideRecords {
            model: self,
            record,
            last: org,
            cut: false,
        })
    }

    /// A service's provider and the organisations above it, when the
    /// snapshot keeps them (the provider is an organisation and the
    /// service is unchanged since the snapshot was built).
    pub(crate) fn provider_chain(&self, service: NodeIndex) -> Option<&[NodeIndex]> {
        self.adjacency.provider_chain(service)
    }

    /// What [`Model::may_reach`] needs of the service reached; `None`
    /// when the snapshot cannot say.
    pub(crate) fn reach_target(&self, service: NodeIndex) -> Option<(u32, u32)> {
        self.adjacency.reach_target(service)
    }

    /// Whether service `from` may depend, directly or not, on the service
    /// whose [`Model::reach_target`] is `to`: false only when the
    /// snapshot's dependency spans rule it out.
    #[inline]
    pub(crate) fn may_reach(&self, from: NodeIndex, to: Option<(u32, u32)>) -> bool {
        self.adjacency.may_reach(from, to)
    }

    /// A service's dependency span, as (low, post): it can depend,
    /// directly or not, only on services whose post lies within it.
    /// `None` when the snapshot cannot say.
    pub(crate) fn span(&self, service: NodeIndex) -> Option<(u32, u32)> {
        self.adjacency.span(service)
    }

    /// Whether no entity changed since the snapshot was built.
    pub(crate) fn snapshot_is_fresh(&self) -> bool {
        self.adjacency.stale_is_empty()
    }
}

/// How [`Model::parties_known_as`] found parties.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KnownAs {
    /// A party gives the email.
    Email,
    /// The email is at an organisation's mail domain.
    MailDomain,
    /// A party has the external id.
    ExternalId,
}
