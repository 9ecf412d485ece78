//! A read-optimised copy of the graph's adjacency, built after load.
//!
//! petgraph's `StableGraph` keeps each node's links as linked lists
//! through one edge array, all kinds mixed: a query that wants an
//! organisation's sub-organisations walks past every membership in it, one
//! cache miss per link. This snapshot keeps, per node and direction, one
//! contiguous slice of (other end, edge) pairs sorted by link kind and
//! then by the order links were added, so the links of one kind are a
//! sub-slice found by binary search. Eight bytes per link per direction,
//! four per node per direction.
//!
//! Edits change the graph, not the snapshot: they mark the nodes whose
//! links changed as stale, and queries read a stale node's links from the
//! graph (the same answers, more slowly). Once a sixteenth of the nodes
//! are stale, the snapshot is rebuilt, so an edit costs amortised O(1)
//! rebuilding per node it touches.

use std::sync::Arc;

use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};
use petgraph::visit::{EdgeIndexable, NodeIndexable};

use crate::ids::EntityKind;
use crate::model::edge::{Edge, LinkKind};
use crate::model::node::{Node, NodeSet};

mod at;
mod fill;
mod funds;
mod hop;
mod links;
mod ragged;
mod sides;

pub(crate) use at::At;
use fill::{fill_roots, fill_sides, fill_spans};
pub(crate) use funds::Fundings;
use funds::{FundLink, Funds};
use hop::{DATED, Hop, KIND_SHIFT, NODE_MASK};
pub(crate) use links::Links;
use ragged::Ragged;
pub(crate) use sides::{NO_RECORD, SIDE_LINKS};
use sides::{ProviderChains, Sides};

/// Compressed rows: node `n`'s hops are row `n`.
#[derive(Clone, Debug, Default)]
struct Rows(Ragged<Hop>);

impl Rows {
    fn row(&self, node: NodeIndex) -> &[Hop] {
        self.0.row(node.index())
    }

    /// The hops of one kind in a row sorted by kind.
    fn of_kind(&self, node: NodeIndex, kind: LinkKind) -> &[Hop] {
        let row = self.row(node);
        let k = kind as u32;
        if row.len() <= 8 {
            // A short row: one pass beats two binary searches.
            let lo = row.iter().position(|h| h.kind() >= k).unwrap_or(row.len());
            let hi = lo + row[lo..].iter().take_while(|h| h.kind() == k).count();
            return &row[lo..hi];
        }
        let lo = row.partition_point(|h| h.kind() < k);
        let hi = lo + row[lo..].partition_point(|h| h.kind() <= k);
        &row[lo..hi]
    }
}

/// What most walks ask of a node first, in four words: its parent and
/// top organisation (organisations), its kind, and which kinds of links it has each way,
/// so a walk skips a node's rows when it has no link of the kind asked.
#[derive(Clone, Copy, Debug)]
struct Info {
    /// An organisation's parent or a service's provider; an individual's
    /// manager when it has exactly one reporting line and that line has
    /// no dates; else [`NO_PARENT`].
    parent: u32,
    /// The top organisation above an organisation (itself if it has no
    /// parent); a service's place among the dependency spans
    /// ([`fill_spans`]); an individual's organisation when it has exactly
    /// one membership and that has no dates, else [`NO_PARENT`].
    root: u32,
    /// Bits 0–8: kinds of links out; 9–17: kinds of links in; 18–19: the
    /// entity kind.
    bits: u32,
    /// For an organisation, the side record (see `sides`) of the nearest
    /// organisation at or above it with links of a kind in [`SIDE_LINKS`],
    /// or [`NO_RECORD`]: a walk up that wants only those skips the others.
    side: u32,
}

const NO_PARENT: u32 = u32::MAX;
/// `Info::side` of an organisation on a parent cycle, or of any when the
/// side records could not be built.
const SIDE_UNKNOWN: u32 = u32::MAX - 1;
const IN_SHIFT: u32 = 9;
const KIND_BITS: u32 = 18;

impl Info {
    fn has_any(self, wanted: &[(Direction, LinkKind)]) -> bool {
        wanted.iter().any(|&(dir, kind)| self.has(dir, kind))
    }

    fn has(self, dir: Direction, kind: LinkKind) -> bool {
        let shift = match dir {
            Direction::Outgoing => 0,
            Direction::Incoming => IN_SHIFT,
        };
        self.bits & (1 << (shift + kind as u32)) != 0
    }

    fn kind(self) -> EntityKind {
        match (self.bits >> KIND_BITS) & 3 {
            0 => EntityKind::Organisation,
            1 => EntityKind::Individual,
            _ => EntityKind::Service,
        }
    }
}

fn kind_bits(kind: EntityKind) -> u32 {
    let k = match kind {
        EntityKind::Organisation => 0,
        EntityKind::Individual => 1,
        EntityKind::Service => 2,
    };
    k << KIND_BITS
}

/// The snapshot: the packed rows, shared by every copy of a model made
/// since it was built, and the nodes changed since, each copy its own.
///
/// A copy costs only the changed nodes: the packed part is behind an
/// `Arc`, never changed once built (a shared model keeps two copies of
/// one model, and moves a rebuilt snapshot from one to the other).
#[derive(Clone, Debug, Default)]
pub(crate) struct Adjacency {
    packed: Arc<Packed>,
    /// Nodes whose links changed since the snapshot was built.
    stale: NodeSet,
    /// Whether a dependency was added since the snapshot, so that the
    /// dependency spans may no longer hold.
    spans_stale: bool,
    /// Whether a link of a kind in [`SIDE_LINKS`] was added since the
    /// snapshot, so that the side records may skip an organisation that
    /// now has one.
    sides_stale: bool,
}

/// What the snapshot packs of the graph when it is built.
#[derive(Debug, Default)]
struct Packed {
    out: Rows,
    inc: Rows,
    info: Vec<Info>,
    /// Each entity's id rank (see `Node::rank`), so sorting answers reads
    /// this array rather than every node.
    ranks: Vec<u32>,
    /// Each service's dependency spans, by the number `Info::root` holds
    /// for it (see `fill_spans`).
    spans: Vec<[u32; 4]>,
    /// Each service's funding links, by the same number; `None` when
    /// they could not be packed.
    funds: Option<Funds>,
    /// The side records of the organisations with side links.
    sides: Sides,
    /// Each service's provider and the organisations above it, by the
    /// services' numbers; `None` when they could not be packed.
    chains: Option<ProviderChains>,
    /// The node index of the first service, when the services' nodes sit
    /// side by side (as a model built from a document has them): a
    /// service's spans are then found from its node index alone, without
    /// reading its record.
    service_base: Option<usize>,
    /// One past the highest node index the snapshot covers.
    bound: usize,
    /// Whether the graph was too large to pack (more than 2^28 node slots
    /// or 2^31 edge slots): every node is then read from the graph.
    unpacked: bool,
}

impl Adjacency {
    /// A snapshot of `graph`'s links.
    pub(crate) fn build(graph: &StableGraph<Node, Edge>) -> Adjacency {
        let bound = graph.node_bound();
        let too_big = bound > NODE_MASK as usize + 1
            || graph.edge_bound() > (!DATED) as usize + 1
            || u32::try_from(graph.edge_count()).is_err();
        if too_big {
            return Adjacency {
                packed: Arc::new(Packed {
                    bound,
                    unpacked: true,
                    ..Packed::default()
                }),
                ..Adjacency::default()
            };
        }
        // Links in the order they were added, so each row is too.
        let mut edges: Vec<(u32, EdgeIndex)> =
            graph.edge_indices().map(|e| (graph[e].seq, e)).collect();
        if !edges.is_sorted_by_key(|&(seq, _)| seq) {
            edges.sort_unstable_by_key(|&(seq, _)| seq);
        }
        let mut out = Rows::default();
        let mut inc = Rows::default();
        for (rows, dir) in [
            (&mut out, Direction::Outgoing),
            (&mut inc, Direction::Incoming),
        ] {
            let mut start = vec![0u32; bound + 1];
            for &(_, e) in &edges {
                if let Some((a, b)) = graph.edge_endpoints(e) {
                    let this = if dir == Direction::Outgoing { a } else { b };
                    start[this.index() + 1] += 1;
                }
            }
            for i in 1..start.len() {
                start[i] += start[i - 1];
            }
            let mut fill = start.clone();
            let mut hops = vec![
                Hop {
                    kind_node: 0,
                    dated_edge: 0,
                };
                edges.len()
            ];
            for &(_, e) in &edges {
                let Some((a, b)) = graph.edge_endpoints(e) else {
                    continue;
                };
                let (this, other) = if dir == Direction::Outgoing {
                    (a, b)
                } else {
                    (b, a)
                };
                let w = &graph[e];
                let slot = &mut fill[this.index()];
                hops[*slot as usize] = Hop {
                    kind_node: ((w.kind as u32) << KIND_SHIFT) | other.index() as u32,
                    dated_edge: e.index() as u32 | if w.period.is_always() { 0 } else { DATED },
                };
                *slot += 1;
            }
            for n in 0..bound {
                let row = &mut hops[start[n] as usize..start[n + 1] as usize];
                if !row.is_sorted_by_key(|h| h.kind()) {
                    row.sort_by_key(|h| h.kind()); // stable: keeps the order added
                }
            }
            *rows = Rows(Ragged::from_parts(start, hops));
        }
        let mut info = vec![
            Info {
                parent: NO_PARENT,
                root: NO_PARENT,
                bits: 0,
                side: SIDE_UNKNOWN,
            };
            bound
        ];
        let mut ranks = vec![u32::MAX; bound];
        for n in graph.node_indices() {
            info[n.index()].bits = kind_bits(graph[n].kind);
            ranks[n.index()] = graph[n].rank;
        }
        for &(_, e) in &edges {
            let (Some((a, b)), Some(w)) = (graph.edge_endpoints(e), graph.edge_weight(e)) else {
                continue;
            };
            info[a.index()].bits |= 1 << (w.kind as u32);
            info[b.index()].bits |= 1 << (IN_SHIFT + w.kind as u32);
            if matches!(w.kind, LinkKind::Parent | LinkKind::Provider) {
                info[a.index()].parent = b.index() as u32;
            }
        }
        fill_roots(&mut info);
        let sides = fill_sides(&mut info, &out, &inc);
        // An individual's only manager and only organisation, so a walk
        // up from an individual need not read its row.
        let only = |n: NodeIndex, kind: LinkKind| match out.of_kind(n, kind) {
            [hop] if !hop.dated() => hop.node().index() as u32,
            _ => NO_PARENT,
        };
        for n in graph.node_indices() {
            if graph[n].kind == EntityKind::Individual {
                info[n.index()].parent = only(n, LinkKind::Reporting);
                info[n.index()].root = only(n, LinkKind::Membership);
            }
        }
        let spans = fill_spans(&mut info, graph, &edges);
        // Services are numbered in node order (see `fill_spans`).
        let services: Vec<NodeIndex> = (0..bound)
            .filter(|&n| info[n].kind() == EntityKind::Service)
            .map(NodeIndex::new)
            .collect();
        let funds = Funds::build(
            graph,
            services.iter().map(|&s| {
                inc.of_kind(s, LinkKind::Funding)
                    .iter()
                    .map(|h| (h.node(), h.edge()))
            }),
        );
        let chains = ProviderChains::build(services.iter().map(|&s| {
            let provider = info[s.index()].parent as usize;
            let is_org = info.get(provider)?.kind() == EntityKind::Organisation;
            let mut chain = vec![NodeIndex::new(provider)];
            let mut at = provider;
            while is_org && info[at].parent != NO_PARENT {
                at = info[at].parent as usize;
                chain.push(NodeIndex::new(at));
                if chain.len() > bound {
                    return None; // a parent cycle
                }
            }
            is_org.then_some(chain)
        }));
        // Side by side: the last service is as far from the first as there
        // are services.
        let service_base = match (services.first(), services.last()) {
            (Some(f), Some(l)) if l.index() - f.index() + 1 == spans.len() => Some(f.index()),
            _ => None,
        };
        Adjacency {
            packed: Arc::new(Packed {
                out,
                inc,
                info,
                ranks,
                spans,
                funds,
                sides,
                chains,
                service_base,
                bound,
                unpacked: false,
            }),
            ..Adjacency::default()
        }
    }

    /// A snapshot that knows nothing and that no edit rebuilds: every read
    /// goes to the graph. Put in by an edit that changes what the packed
    /// copy takes as fixed (an organisation's parent, a service's
    /// provider), until its batch ends and the snapshot is built again.
    pub(crate) fn set_aside(bound: usize) -> Adjacency {
        Adjacency {
            packed: Arc::new(Packed {
                bound,
                unpacked: true,
                ..Packed::default()
            }),
            ..Adjacency::default()
        }
    }

    /// Whether every read goes to the graph: the snapshot was set aside
    /// ([`Self::set_aside`]), or the graph is too large to pack.
    pub(crate) fn is_set_aside(&self) -> bool {
        self.packed.unpacked
    }

    /// Notes that `node`'s links changed; true when so many have that the
    /// snapshot should be rebuilt.
    pub(crate) fn touch(&mut self, node: NodeIndex) -> bool {
        if self.packed.unpacked {
            return false; // too large to pack: read from the graph for good
        }
        // Nodes added since the snapshot count too, so that a model grown
        // by edits is packed again in time.
        self.stale.insert(node);
        self.stale.len() > self.packed.bound / 16
    }

    /// Whether no node changed since the snapshot was built.
    pub(crate) fn stale_is_empty(&self) -> bool {
        self.stale.is_empty()
    }

    /// Whether enough nodes changed since the snapshot was built (one in
    /// `share`) that reads would gain from a rebuild soon, though an edit
    /// would not rebuild it yet (see [`Self::touch`]).
    pub(crate) fn stale_past(&self, share: usize) -> bool {
        !self.packed.unpacked && self.stale.len() > self.packed.bound / share.max(1)
    }

    /// What the snapshot knows of `node`, unless it changed since.
    fn info(&self, node: NodeIndex) -> Option<Info> {
        if self.fresh(node) {
            self.packed.info.get(node.index()).copied()
        } else {
            None
        }
    }

    /// The parent of an entity the snapshot knows: `Some(None)` for an
    /// organisation with no parent or an entity of another kind, `None`
    /// when the snapshot cannot say.
    pub(crate) fn parent(&self, node: NodeIndex) -> Option<Option<NodeIndex>> {
        self.up(node, EntityKind::Organisation)
    }

    /// The provider of a service the snapshot knows, as [`Self::parent`].
    pub(crate) fn provider(&self, node: NodeIndex) -> Option<Option<NodeIndex>> {
        self.up(node, EntityKind::Service)
    }

    fn up(&self, node: NodeIndex, kind: EntityKind) -> Option<Option<NodeIndex>> {
        let info = self.info(node)?;
        Some(
            (info.kind() == kind && info.parent != NO_PARENT)
                .then(|| NodeIndex::new(info.parent as usize)),
        )
    }

    /// An individual's only manager (`LinkKind::Reporting`) or only
    /// organisation (`LinkKind::Membership`), when it has exactly one such
    /// link and that link has no dates: it then holds on every date.
    /// `None` when the snapshot cannot say so.
    pub(crate) fn only_up(&self, node: NodeIndex, kind: LinkKind) -> Option<NodeIndex> {
        let info = self.info(node)?;
        let up = match kind {
            LinkKind::Reporting => info.parent,
            LinkKind::Membership => info.root,
            _ => return None,
        };
        (info.kind() == EntityKind::Individual && up != NO_PARENT)
            .then(|| NodeIndex::new(up as usize))
    }

    /// The top organisation above an organisation the snapshot knows.
    pub(crate) fn root(&self, node: NodeIndex) -> Option<NodeIndex> {
        let info = self.info(node)?;
        (info.kind() == EntityKind::Organisation && info.root != NO_PARENT)
            .then(|| NodeIndex::new(info.root as usize))
    }

    /// The dependency span of a service the snapshot knows, as (low,
    /// post): a service can depend, directly or not, only on services
    /// whose post lies within its span. `None` when the snapshot cannot
    /// say.
    pub(crate) fn span(&self, service: NodeIndex) -> Option<(u32, u32)> {
        let [post, low, _, _] = self.spans_of(service)?;
        Some((low, post))
    }

    /// All four numbers of a service's spans: post, low, and the mirrored
    /// order's low and post.
    #[inline]
    fn spans_of(&self, service: NodeIndex) -> Option<[u32; 4]> {
        if self.spans_stale {
            return None;
        }
        self.packed.spans.get(self.position(service)?).copied()
    }

    /// A service's number among the snapshot's services, unless it
    /// changed since.
    #[inline]
    fn position(&self, service: NodeIndex) -> Option<usize> {
        if let Some(base) = self.packed.service_base {
            // The services of the snapshot fill one range of nodes, in
            // the order of their numbers; a node in it unchanged since is
            // one of them.
            let i = service.index().wrapping_sub(base);
            if i < self.packed.spans.len() && self.fresh(service) {
                return Some(i);
            }
        }
        let info = self.info(service)?;
        (info.kind() == EntityKind::Service).then_some(info.root as usize)
    }

    /// A service's provider and the organisations above it, when the
    /// provider is an organisation and the service is unchanged since.
    pub(crate) fn provider_chain(&self, service: NodeIndex) -> Option<&[NodeIndex]> {
        self.packed.chains.as_ref()?.of(self.position(service)?)
    }

    /// A service's funding links from the table, unless it changed since
    /// (or the table could not be packed).
    pub(crate) fn funds_of(&self, service: NodeIndex) -> Option<(&[FundLink], &Funds)> {
        let funds = self.packed.funds.as_ref()?;
        Some((funds.of(self.position(service)?)?, funds))
    }

    /// What [`Self::may_reach`] needs of the service reached: its place in
    /// both orders. `None` when the snapshot cannot say.
    pub(crate) fn reach_target(&self, to: NodeIndex) -> Option<(u32, u32)> {
        let [post, _, _, post2] = self.spans_of(to)?;
        Some((post, post2))
    }

    /// Whether service `from` may depend, directly or not, on the service
    /// whose [`Self::reach_target`] is `to`: false only when their spans
    /// say it cannot.
    #[inline]
    pub(crate) fn may_reach(&self, from: NodeIndex, to: Option<(u32, u32)>) -> bool {
        match (to, self.spans_of(from)) {
            (Some((target, target2)), Some([post, low, low2, post2])) => {
                low <= target && target <= post && low2 <= target2 && target2 <= post2
            }
            _ => true,
        }
    }

    /// Notes that a link of `kind` was added. After a dependency, spans no
    /// longer hold (removing or ending one only removes ways, so spans
    /// still rule out what they ruled out); after a link of a kind in
    /// [`SIDE_LINKS`], `side_above` no longer does.
    pub(crate) fn link_added(&mut self, kind: LinkKind) {
        if kind == LinkKind::Dependency {
            self.spans_stale = true;
        }
        if SIDE_LINKS.iter().any(|&(_, k)| k == kind) {
            self.sides_stale = true;
        }
    }

    /// The id rank of an entity the snapshot knows.
    pub(crate) fn rank(&self, node: NodeIndex) -> Option<u32> {
        if self.fresh(node) {
            self.packed.ranks.get(node.index()).copied()
        } else {
            None
        }
    }

    /// The side record of the nearest organisation at or above `org`
    /// with links of a kind in [`SIDE_LINKS`] (`Some(NO_RECORD)`: there is
    /// none), when the snapshot can say: `org` is an organisation
    /// unchanged since, and no such link was added since. (Parents never
    /// change, and a removed link only makes a walk visit an organisation
    /// it could have skipped.)
    pub(crate) fn side_record(&self, org: NodeIndex) -> Option<u32> {
        if self.sides_stale {
            return None;
        }
        let info = self.info(org)?;
        (info.kind() == EntityKind::Organisation && info.side != SIDE_UNKNOWN).then_some(info.side)
    }

    /// A side record's organisation and the next record up; `None` for
    /// [`NO_RECORD`].
    pub(crate) fn side_step(&self, record: u32) -> Option<(NodeIndex, u32)> {
        self.packed.sides.get(record)
    }

    /// The kind of an entity the snapshot knows.
    pub(crate) fn kind(&self, node: NodeIndex) -> Option<EntityKind> {
        self.info(node).map(Info::kind)
    }

    #[inline]
    fn fresh(&self, node: NodeIndex) -> bool {
        !self.packed.unpacked
            && node.index() < self.packed.bound
            && (self.stale.is_empty() || !self.stale.contains(&node))
    }

    /// The bytes the snapshot holds.
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> usize {
        self.packed.out.0.bytes()
            + self.packed.inc.0.bytes()
            + self.packed.info.len() * size_of::<Info>()
            + self.packed.ranks.len() * 4
            + self.packed.spans.len() * 16
            + self.packed.funds.as_ref().map_or(0, Funds::bytes)
            + self.packed.sides.bytes()
            + self.packed.chains.as_ref().map_or(0, ProviderChains::bytes)
    }
}

#[cfg(test)]
mod tests;
