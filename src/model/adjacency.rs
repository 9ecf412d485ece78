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

use jiff::civil::Date;
use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, Edges, NodeIndex, StableGraph};
use petgraph::visit::{EdgeIndexable, EdgeRef, NodeIndexable};

use crate::ids::EntityKind;
use crate::model::funds::{FundLink, Funds};
use crate::model::sides::{self, NO_RECORD, ProviderChains, SIDE_LINKS, Sides};
use crate::model::{Edge, LinkKind, Node, NodeSet};

/// One link seen from one end: the kind and the other end in one word,
/// whether the link has dates and the edge in the other.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hop {
    kind_node: u32,
    dated_edge: u32,
}

const KIND_SHIFT: u32 = 28;
const NODE_MASK: u32 = (1 << KIND_SHIFT) - 1;
const DATED: u32 = 1 << 31;

impl Hop {
    fn kind(self) -> u32 {
        self.kind_node >> KIND_SHIFT
    }
    fn node(self) -> NodeIndex {
        NodeIndex::new((self.kind_node & NODE_MASK) as usize)
    }
    fn edge(self) -> EdgeIndex {
        EdgeIndex::new((self.dated_edge & !DATED) as usize)
    }
    fn dated(self) -> bool {
        self.dated_edge & DATED != 0
    }
}

/// Compressed rows: node `n`'s hops are `hops[start[n]..start[n + 1]]`.
#[derive(Clone, Debug, Default)]
struct Rows {
    start: Vec<u32>,
    hops: Vec<Hop>,
}

impl Rows {
    fn row(&self, node: NodeIndex) -> &[Hop] {
        let n = node.index();
        match (self.start.get(n), self.start.get(n + 1)) {
            (Some(&a), Some(&b)) => self.hops.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
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

/// The snapshot: rows out and in, and the nodes changed since.
#[derive(Clone, Debug, Default)]
pub(crate) struct Adjacency {
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
    /// Nodes whose links changed since the snapshot was built.
    stale: NodeSet,
    /// Whether the graph was too large to pack (more than 2^28 node slots
    /// or 2^31 edge slots): every node is then read from the graph.
    unpacked: bool,
    /// Whether a dependency was added since the snapshot, so that the
    /// dependency spans may no longer hold.
    spans_stale: bool,
    /// Whether a link of a kind in [`SIDE_LINKS`] was added since the
    /// snapshot, so that the side records may skip an organisation that
    /// now has one.
    sides_stale: bool,
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
                bound,
                unpacked: true,
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
            *rows = Rows { start, hops };
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
            stale: NodeSet::default(),
            unpacked: false,
            spans_stale: false,
            sides_stale: false,
        }
    }

    /// Notes that `node`'s links changed; true when so many have that the
    /// snapshot should be rebuilt.
    pub(crate) fn touch(&mut self, node: NodeIndex) -> bool {
        if self.unpacked {
            return false; // too large to pack: read from the graph for good
        }
        // Nodes added since the snapshot count too, so that a model grown
        // by edits is packed again in time.
        self.stale.insert(node);
        self.stale.len() > self.bound / 16
    }

    /// Whether no node changed since the snapshot was built.
    #[cfg(test)]
    pub(crate) fn stale_is_empty(&self) -> bool {
        self.stale.is_empty()
    }

    /// What the snapshot knows of `node`, unless it changed since.
    fn info(&self, node: NodeIndex) -> Option<Info> {
        if self.fresh(node) {
            self.info.get(node.index()).copied()
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
        self.spans.get(self.position(service)?).copied()
    }

    /// A service's number among the snapshot's services, unless it
    /// changed since.
    #[inline]
    fn position(&self, service: NodeIndex) -> Option<usize> {
        if let Some(base) = self.service_base {
            // The services of the snapshot fill one range of nodes, in
            // the order of their numbers; a node in it unchanged since is
            // one of them.
            let i = service.index().wrapping_sub(base);
            if i < self.spans.len() && self.fresh(service) {
                return Some(i);
            }
        }
        let info = self.info(service)?;
        (info.kind() == EntityKind::Service).then_some(info.root as usize)
    }

    /// A service's provider and the organisations above it, when the
    /// provider is an organisation and the service is unchanged since.
    pub(crate) fn provider_chain(&self, service: NodeIndex) -> Option<&[NodeIndex]> {
        self.chains.as_ref()?.of(self.position(service)?)
    }

    /// A service's funding links from the table, unless it changed since
    /// (or the table could not be packed).
    pub(crate) fn funds_of(&self, service: NodeIndex) -> Option<(&[FundLink], &Funds)> {
        let funds = self.funds.as_ref()?;
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
            self.ranks.get(node.index()).copied()
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
        self.sides.get(record)
    }

    /// The kind of an entity the snapshot knows.
    pub(crate) fn kind(&self, node: NodeIndex) -> Option<EntityKind> {
        self.info(node).map(Info::kind)
    }

    #[inline]
    fn fresh(&self, node: NodeIndex) -> bool {
        !self.unpacked
            && node.index() < self.bound
            && (self.stale.is_empty() || !self.stale.contains(&node))
    }

    /// The bytes the snapshot holds.
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> usize {
        (self.out.start.len() + self.inc.start.len()) * 4
            + (self.out.hops.len() + self.inc.hops.len()) * size_of::<Hop>()
            + self.info.len() * size_of::<Info>()
            + self.ranks.len() * 4
            + self.spans.len() * 16
            + self.funds.as_ref().map_or(0, Funds::bytes)
            + self.sides.bytes()
            + self.chains.as_ref().map_or(0, ProviderChains::bytes)
    }
}

/// Sets the root of every organisation: the end of its parent chain,
/// walking each chain once (a node's root is set before it is left).
/// Parent chains have no cycles (validation and edits see to it); were
/// there one, its members would be left without a root, and read from
/// the graph instead.
fn fill_roots(info: &mut [Info]) {
    let mut chain = Vec::new();
    for n in 0..info.len() {
        if info[n].bits >> KIND_BITS != kind_bits(EntityKind::Organisation) >> KIND_BITS
            || info[n].root != NO_PARENT
        {
            continue;
        }
        chain.clear();
        let mut at = n;
        let root = loop {
            if info[at].root != NO_PARENT {
                break Some(info[at].root);
            }
            chain.push(at);
            match info[at].parent {
                NO_PARENT => break Some(at as u32),
                _ if chain.len() > info.len() => break None,
                p => at = p as usize,
            }
        };
        if let Some(root) = root {
            for &c in &chain {
                info[c].root = root;
            }
        }
    }
}

/// Builds the side records (see `sides`) and sets each organisation's
/// `Info::side`, walking each parent chain once (as [`fill_roots`]). An
/// organisation on a parent cycle is left at [`SIDE_UNKNOWN`], and a walk
/// reads its parents instead.
fn fill_sides(info: &mut [Info], out: &Rows, inc: &Rows) -> Sides {
    let is_org = |i: &Info| i.kind() == EntityKind::Organisation;
    let mut sides = Sides::default();
    // A record for each organisation with side links, in node order.
    for n in 0..info.len() {
        if !is_org(&info[n]) || !info[n].has_any(&SIDE_LINKS) {
            continue;
        }
        let node = NodeIndex::new(n);
        let pushed = sides.push(node, |dir, kind| match dir {
            Direction::Outgoing => out.of_kind(node, kind),
            Direction::Incoming => inc.of_kind(node, kind),
        });
        match pushed {
            Some(record) => info[n].side = record,
            None => {
                // Too many to number: no organisation gets one.
                for i in info.iter_mut() {
                    i.side = SIDE_UNKNOWN;
                }
                return Sides::default();
            }
        }
    }
    // Then, down each chain, the record at or above each organisation.
    const UNSET: u32 = SIDE_UNKNOWN - 1;
    for i in info
        .iter_mut()
        .filter(|i| is_org(i) && !i.has_any(&SIDE_LINKS))
    {
        i.side = UNSET;
    }
    let mut chain = Vec::new();
    for n in 0..info.len() {
        if !is_org(&info[n]) || info[n].side != UNSET {
            continue;
        }
        chain.clear();
        let mut at = n;
        // The record at or above the parent of the last on `chain`.
        let found = loop {
            chain.push(at);
            let p = info[at].parent;
            match info.get(p as usize) {
                None => break Some(NO_RECORD),
                Some(parent) if parent.side != UNSET => break Some(parent.side),
                Some(_) if chain.len() > info.len() => break None,
                Some(_) => at = p as usize,
            }
        };
        for &c in &chain {
            info[c].side = found.unwrap_or(SIDE_UNKNOWN);
        }
    }
    // Each record's next: the record at or above its parent.
    for n in 0..info.len() {
        if is_org(&info[n]) && info[n].has_any(&SIDE_LINKS) {
            let next = info
                .get(info[n].parent as usize)
                .map_or(NO_RECORD, |parent| parent.side);
            sides.set_next(info[n].side, next);
        }
    }
    sides
}

/// Works out each service's dependency spans. Its strongly connected
/// component (services depending on each other in a cycle share one)
/// gets a number in a depth-first post-order of the components, and the
/// lowest such number among the components it reaches. A service `u` can
/// reach `t` only if `low(u) <= post(t) <= post(u)`: everything `u`
/// reaches is finished before `u` in the post-order, and has a number no
/// lower than `low(u)`. Two mirrored orders give two such spans. Dates are
/// ignored: a link that holds on some date counts, so the spans hold on
/// every date. Returns `[post, low, low2, post2]` per service, in an order
/// of services whose positions go into `Info::root`.
fn fill_spans(
    info: &mut [Info],
    graph: &StableGraph<Node, Edge>,
    edges: &[(u32, EdgeIndex)],
) -> Vec<[u32; 4]> {
    let mut local = vec![u32::MAX; info.len()];
    let mut services: petgraph::Graph<usize, ()> = petgraph::Graph::new();
    for (n, i) in info.iter().enumerate() {
        if i.kind() == EntityKind::Service {
            local[n] = services.add_node(n).index() as u32;
        }
    }
    for &(_, e) in edges {
        let (Some((a, b)), Some(w)) = (graph.edge_endpoints(e), graph.edge_weight(e)) else {
            continue;
        };
        if w.kind == LinkKind::Dependency {
            let (x, y) = (local[a.index()], local[b.index()]);
            services.add_edge(
                petgraph::graph::NodeIndex::new(x as usize),
                petgraph::graph::NodeIndex::new(y as usize),
                (),
            );
        }
    }
    // petgraph's Kosaraju is iterative: a dependency cycle of any length
    // costs no stack.
    let components = petgraph::algo::kosaraju_scc(&services);
    let mut component_of = vec![0usize; services.node_count()];
    for (c, members) in components.iter().enumerate() {
        for &m in members {
            component_of[m.index()] = c;
        }
    }
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); components.len()];
    for e in services.edge_indices() {
        if let Some((a, b)) = services.edge_endpoints(e) {
            let (ca, cb) = (component_of[a.index()], component_of[b.index()]);
            if ca != cb {
                successors[ca].push(cb);
            }
        }
    }
    // Two depth-first orders, one the mirror of the other: a way must fit
    // both spans, which rules out far more than one alone.
    let (post, low) = post_order(&successors, false);
    let (post2, low2) = post_order(&successors, true);
    let mut spans = vec![[u32::MAX; 4]; services.node_count()];
    for (c, members) in components.iter().enumerate() {
        for &m in members {
            info[services[m]].root = m.index() as u32;
            spans[m.index()] = [post[c], low[c], low2[c], post2[c]];
        }
    }
    spans
}

/// A depth-first post-order of the components (given their successors),
/// without recursion, and the lowest number each reaches. `mirror` takes
/// roots from the other end and successors in the other order.
fn post_order(successors: &[Vec<usize>], mirror: bool) -> (Vec<u32>, Vec<u32>) {
    const NEW: u32 = u32::MAX;
    const OPEN: u32 = u32::MAX - 1;
    let n = successors.len();
    let mut post = vec![NEW; n];
    let mut next = 0u32;
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for r in 0..n {
        let root = if mirror { r } else { n - 1 - r };
        if post[root] != NEW {
            continue;
        }
        post[root] = OPEN;
        stack.push((root, 0));
        while let Some(&mut (c, ref mut i)) = stack.last_mut() {
            let list = &successors[c];
            if *i < list.len() {
                let s = if mirror {
                    list[list.len() - 1 - *i]
                } else {
                    list[*i]
                };
                *i += 1;
                if post[s] == NEW {
                    post[s] = OPEN;
                    stack.push((s, 0));
                }
            } else {
                post[c] = next;
                next += 1;
                stack.pop();
            }
        }
    }
    // Everything a component reaches finishes before it: in order of
    // post, each component's successors are settled before it is.
    let mut by_post: Vec<usize> = (0..n).collect();
    by_post.sort_unstable_by_key(|&c| post[c]);
    let mut low = post.clone();
    for c in by_post {
        for &s in &successors[c] {
            low[c] = low[c].min(low[s]);
        }
    }
    (post, low)
}

/// The links of one kind at a node in one direction that hold on a date,
/// as (other end, edge): from the snapshot in the order the links were
/// added, or from the graph for a stale node.
pub(crate) enum Links<'a> {
    Packed {
        hops: std::slice::Iter<'a, Hop>,
        graph: &'a StableGraph<Node, Edge>,
        date: Option<Date>,
    },
    Graph {
        edges: Edges<'a, Edge, petgraph::Directed>,
        incoming: bool,
        kind: LinkKind,
        date: Option<Date>,
    },
}

impl<'a> Links<'a> {
    pub(crate) fn new(
        adjacency: &'a Adjacency,
        graph: &'a StableGraph<Node, Edge>,
        node: NodeIndex,
        dir: Direction,
        kind: LinkKind,
        date: Option<Date>,
    ) -> Links<'a> {
        At::new(adjacency, graph, node).links(dir, kind, date)
    }
}

/// One node's links, its snapshot record read once: for a walk that asks
/// the same node for several kinds of links.
#[derive(Clone, Copy, Debug)]
pub(crate) struct At<'a> {
    adjacency: &'a Adjacency,
    graph: &'a StableGraph<Node, Edge>,
    node: NodeIndex,
    /// `None` when the snapshot cannot say (a stale node), or when the
    /// node's side record is known instead: links then come from the
    /// graph, except those the record holds.
    info: Option<Info>,
    /// The node's side record, or [`NO_RECORD`].
    record: u32,
}

impl<'a> At<'a> {
    pub(crate) fn new(
        adjacency: &'a Adjacency,
        graph: &'a StableGraph<Node, Edge>,
        node: NodeIndex,
    ) -> At<'a> {
        At {
            adjacency,
            graph,
            node,
            info: adjacency.info(node),
            record: NO_RECORD,
        }
    }

    /// The organisation of a side record, read from the record rather
    /// than its snapshot record and rows, unless it changed since.
    pub(crate) fn of_record(
        adjacency: &'a Adjacency,
        graph: &'a StableGraph<Node, Edge>,
        node: NodeIndex,
        record: u32,
    ) -> At<'a> {
        if !adjacency.fresh(node) {
            return At::new(adjacency, graph, node);
        }
        At {
            adjacency,
            graph,
            node,
            info: None,
            record,
        }
    }

    /// The node.
    pub(crate) fn node(&self) -> NodeIndex {
        self.node
    }

    /// The node's links of group `g` of [`SIDE_LINKS`] from its side
    /// record, if it has one.
    #[inline]
    fn recorded(&self, dir: Direction, kind: LinkKind) -> Option<&'a [Hop]> {
        if self.record == NO_RECORD {
            return None;
        }
        let g = sides::group(dir, kind)?;
        Some(self.adjacency.sides.hops(self.record, g))
    }

    /// Whether the node may have any link of the kinds in `wanted`, each
    /// a direction and a kind: false only when the snapshot knows it has
    /// none.
    pub(crate) fn may_have_any(&self, wanted: &[(Direction, LinkKind)]) -> bool {
        if self.record != NO_RECORD {
            return wanted
                .iter()
                .any(|&(dir, kind)| self.recorded(dir, kind).is_none_or(|h| !h.is_empty()));
        }
        self.info
            .is_none_or(|info| wanted.iter().any(|&(dir, kind)| info.has(dir, kind)))
    }

    /// How many links of `kind` the node has in direction `dir`, whatever
    /// their dates; `usize::MAX` when the snapshot cannot say.
    pub(crate) fn count(&self, dir: Direction, kind: LinkKind) -> usize {
        if let Some(hops) = self.recorded(dir, kind) {
            return hops.len();
        }
        match self.info {
            Some(info) => self.hops(info, dir, kind).len(),
            None => usize::MAX,
        }
    }

    fn hops(&self, info: Info, dir: Direction, kind: LinkKind) -> &'a [Hop] {
        if !info.has(dir, kind) {
            return &[];
        }
        match dir {
            Direction::Outgoing => self.adjacency.out.of_kind(self.node, kind),
            Direction::Incoming => self.adjacency.inc.of_kind(self.node, kind),
        }
    }

    /// The node's links of `kind` in direction `dir` that hold on `date`.
    #[inline]
    pub(crate) fn links(&self, dir: Direction, kind: LinkKind, date: Option<Date>) -> Links<'a> {
        if let Some(hops) = self.recorded(dir, kind) {
            return Links::Packed {
                hops: hops.iter(),
                graph: self.graph,
                date,
            };
        }
        match self.info {
            Some(info) => Links::Packed {
                hops: self.hops(info, dir, kind).iter(),
                graph: self.graph,
                date,
            },
            None => Links::Graph {
                edges: self.graph.edges_directed(self.node, dir),
                incoming: dir == Direction::Incoming,
                kind,
                date,
            },
        }
    }
}

impl Iterator for Links<'_> {
    type Item = (NodeIndex, EdgeIndex);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Links::Packed { hops, graph, date } => hops
                .find(|h| {
                    date.is_none()
                        || !h.dated()
                        || graph
                            .edge_weight(h.edge())
                            .is_some_and(|w| w.period.holds_on(*date))
                })
                .map(|h| (h.node(), h.edge())),
            Links::Graph {
                edges,
                incoming,
                kind,
                date,
            } => edges
                .find(|e| e.weight().kind == *kind && e.weight().period.holds_on(*date))
                .map(|e| {
                    let other = if *incoming { e.source() } else { e.target() };
                    (other, e.id())
                }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LinkKind, Model};

    const KINDS: [LinkKind; 9] = [
        LinkKind::Parent,
        LinkKind::Provider,
        LinkKind::Membership,
        LinkKind::Reporting,
        LinkKind::Funding,
        LinkKind::Usage,
        LinkKind::Dependency,
        LinkKind::Oversight,
        LinkKind::Partnership,
    ];

    fn sample() -> Model {
        let json = include_str!("../../examples/data/sample.json");
        Model::from_json_str(json).expect("the sample loads")
    }

    type List = Vec<(NodeIndex, EdgeIndex)>;

    /// A snapshot that knows nothing: every list comes from the graph.
    fn stale() -> Adjacency {
        Adjacency {
            unpacked: true,
            ..Adjacency::default()
        }
    }

    /// Every list the snapshot gives, beside the same list from the graph.
    fn both_ways(model: &Model, date: Option<Date>) -> Vec<(List, List)> {
        let stale = stale();
        let mut out = Vec::new();
        for node in model.graph.node_indices() {
            for dir in [Direction::Outgoing, Direction::Incoming] {
                for kind in KINDS {
                    let packed: Vec<_> = model.links(node, dir, kind, date).collect();
                    let mut walked: Vec<_> =
                        Links::new(&stale, &model.graph, node, dir, kind, date).collect();
                    walked.sort_by_key(|&(_, e)| model.graph[e].seq);
                    out.push((packed, walked));
                }
            }
        }
        out
    }

    #[test]
    fn the_snapshot_lists_what_the_graph_holds_in_the_order_added() {
        let model = sample();
        assert!(matches!(
            model.adjacency,
            Adjacency {
                unpacked: false,
                ..
            }
        ));
        for date in [
            None,
            Some(Date::constant(2020, 1, 1)),
            Some(Date::constant(2028, 6, 1)),
        ] {
            for (packed, walked) in both_ways(&model, date) {
                assert_eq!(packed, walked, "on {date:?}");
            }
        }
        let links = model.graph.edge_count();
        let slots = model.graph.node_count() + 1;
        let services = model.counts().services;
        // Per link 8 bytes each way; per node 4 bytes each way, its
        // 16-byte record and its rank; per service 16 bytes of spans, and
        // its funding; the side records.
        let funds = model.adjacency.funds.as_ref().map_or(0, Funds::bytes);
        let sides = model.adjacency.sides.bytes();
        let chains = model
            .adjacency
            .chains
            .as_ref()
            .map_or(0, ProviderChains::bytes);
        assert_eq!(
            model.adjacency.bytes(),
            2 * (links * 8 + slots * 4)
                + (slots - 1) * (16 + 4)
                + services * 16
                + funds
                + sides
                + chains
        );
        for node in model.graph.node_indices() {
            assert_eq!(model.adjacency.kind(node), Some(model.graph[node].kind));
            let mut top = node;
            while let Some((parent, _)) = Links::new(
                &stale(),
                &model.graph,
                top,
                Direction::Outgoing,
                LinkKind::Parent,
                None,
            )
            .next()
            {
                top = parent;
            }
            let expected = (model.graph[node].kind == EntityKind::Organisation).then_some(top);
            assert_eq!(model.adjacency.root(node), expected);
        }
    }

    /// One step up from every node, as `Model::ups` gives it from the
    /// record, beside the same from the graph.
    fn ups_both_ways(model: &Model, date: Option<Date>) {
        let stale = stale();
        for node in model.graph.node_indices() {
            for kind in [LinkKind::Membership, LinkKind::Reporting, LinkKind::Parent] {
                let ups: Vec<NodeIndex> = model.ups(node, kind, date).collect();
                let mut walked: Vec<_> =
                    Links::new(&stale, &model.graph, node, Direction::Outgoing, kind, date)
                        .collect();
                walked.sort_by_key(|&(_, e)| model.graph[e].seq);
                let walked: Vec<NodeIndex> = walked.into_iter().map(|(n, _)| n).collect();
                assert_eq!(ups, walked, "{} {kind:?} on {date:?}", model.graph[node].id);
            }
        }
    }

    #[test]
    fn an_individuals_only_manager_and_organisation_are_its_links() {
        let json = r#"{"version": 1,
            "organisations": [{"id": "a"}, {"id": "b", "parent": "a"}],
            "individuals": [{"id": "boss"}, {"id": "one"}, {"id": "two"}, {"id": "dated"}],
            "memberships": [{"individual": "one", "organisation": "b"},
                            {"individual": "two", "organisation": "a"},
                            {"individual": "two", "organisation": "b"},
                            {"individual": "dated", "organisation": "a", "until": "2025-01-01"}],
            "reporting": [{"individual": "one", "manager": "boss"},
                          {"individual": "dated", "manager": "boss", "from": "2025-01-01"}]}"#;
        let mut model = Model::from_json_str(json).expect("valid");
        let node = |m: &Model, id: &str| m.find(id).expect("known");
        let only = |m: &Model, id: &str, kind| m.adjacency.only_up(node(m, id), kind);
        assert_eq!(
            only(&model, "one", LinkKind::Membership),
            Some(node(&model, "b"))
        );
        assert_eq!(
            only(&model, "one", LinkKind::Reporting),
            Some(node(&model, "boss"))
        );
        for (id, kind) in [
            ("two", LinkKind::Membership),
            ("dated", LinkKind::Membership),
            ("dated", LinkKind::Reporting),
            ("boss", LinkKind::Reporting),
            ("b", LinkKind::Membership),
        ] {
            assert_eq!(only(&model, id, kind), None, "{id} {kind:?}");
        }
        let dates = [
            None,
            Some(Date::constant(2024, 1, 1)),
            Some(Date::constant(2026, 1, 1)),
        ];
        for date in dates {
            ups_both_ways(&model, date);
        }
        // A second membership: the record no longer speaks for "one".
        model
            .add_link(crate::document::Membership::new("one", "a"))
            .expect("a valid link");
        assert_eq!(only(&model, "one", LinkKind::Membership), None);
        for date in dates {
            ups_both_ways(&model, date);
        }
        #[cfg(feature = "synth")]
        {
            let doc = crate::Synthetic::new(1500).seed(9).document();
            let model = Model::from_document(&doc).expect("valid");
            for date in [None, Some(Date::constant(2024, 6, 1))] {
                ups_both_ways(&model, date);
            }
        }
    }

    /// The organisations a walk along side records from `org` meets.
    fn record_walk(model: &Model, org: NodeIndex) -> Option<Vec<NodeIndex>> {
        let mut record = model.adjacency.side_record(org)?;
        let mut out = Vec::new();
        while let Some((node, next)) = model.adjacency.side_step(record) {
            out.push(node);
            record = next;
        }
        Some(out)
    }

    /// From each organisation, the side records lead through exactly the
    /// organisations at or above it that have side links, in order, each
    /// with those links.
    fn records_are_the_side_links(model: &Model) {
        let stale = stale();
        for org in model.graph.node_indices() {
            if model.graph[org].kind != EntityKind::Organisation {
                assert_eq!(model.adjacency.side_record(org), None);
                continue;
            }
            let mut expected = Vec::new();
            let mut at = Some(org);
            while let Some(a) = at {
                if At::new(&stale, &model.graph, a).may_have_any(&SIDE_LINKS)
                    && SIDE_LINKS.iter().any(|&(dir, kind)| {
                        Links::new(&stale, &model.graph, a, dir, kind, None)
                            .next()
                            .is_some()
                    })
                {
                    expected.push(a);
                }
                at = model.parent_of(a);
            }
            let walked = record_walk(model, org);
            assert_eq!(walked.as_ref(), Some(&expected), "{}", model.graph[org].id);
            let mut record = model.adjacency.side_record(org).unwrap_or(NO_RECORD);
            while let Some((node, next)) = model.adjacency.side_step(record) {
                let at = At::of_record(&model.adjacency, &model.graph, node, record);
                for (dir, kind) in SIDE_LINKS {
                    let from_record: Vec<_> = at.links(dir, kind, None).collect();
                    let mut walked: Vec<_> =
                        Links::new(&stale, &model.graph, node, dir, kind, None).collect();
                    walked.sort_by_key(|&(_, e)| model.graph[e].seq);
                    assert_eq!(from_record, walked);
                    assert_eq!(at.count(dir, kind), walked.len());
                }
                record = next;
            }
        }
    }

    #[test]
    fn side_records_skip_to_the_organisations_with_side_links() {
        let json = r#"{"version": 1,
            "organisations": [{"id": "root"}, {"id": "uses", "parent": "root"},
                              {"id": "plain", "parent": "uses"}, {"id": "leaf", "parent": "plain"}],
            "services": [{"id": "s", "provider": "root"}],
            "usage": [{"user": "uses", "service": "s"}]}"#;
        let mut model = Model::from_json_str(json).expect("valid");
        let node = |m: &Model, id: &str| m.find(id).expect("known");
        let walk = |m: &Model, id: &str| record_walk(m, node(m, id));
        let (root, uses) = (node(&model, "root"), node(&model, "uses"));
        assert_eq!(walk(&model, "leaf"), Some(vec![uses, root]));
        assert_eq!(walk(&model, "uses"), Some(vec![uses, root]));
        assert_eq!(walk(&model, "root"), Some(vec![root]));
        records_are_the_side_links(&model);
        // A usage link added to an organisation that was skipped: the
        // records stand down until the snapshot is rebuilt.
        model.adjacency.link_added(LinkKind::Usage);
        assert_eq!(walk(&model, "leaf"), None);
        model.adjacency = Adjacency::build(&model.graph);
        records_are_the_side_links(&sample());
        #[cfg(feature = "synth")]
        {
            let doc = crate::Synthetic::new(1500).seed(4).document();
            records_are_the_side_links(&Model::from_document(&doc).expect("valid"));
        }
    }

    /// Each service's kept provider chain is its organisation provider
    /// and the parents above it, and none is kept for an individual's.
    fn chains_are_providers_and_parents(model: &Model) {
        for service in model.graph.node_indices() {
            if model.graph[service].kind != EntityKind::Service {
                assert_eq!(model.adjacency.provider_chain(service), None);
                continue;
            }
            let provider = model.provider_of(service).expect("a provider");
            let expected = (model.graph[provider].kind == EntityKind::Organisation).then(|| {
                let mut chain = vec![provider];
                while let Some(parent) = model.parent_of(*chain.last().expect("not empty")) {
                    chain.push(parent);
                }
                chain
            });
            assert_eq!(
                model
                    .adjacency
                    .provider_chain(service)
                    .map(<[NodeIndex]>::to_vec),
                expected,
                "{}",
                model.graph[service].id
            );
        }
    }

    #[test]
    fn provider_chains_are_the_providers_and_their_parents() {
        chains_are_providers_and_parents(&sample());
        #[cfg(feature = "synth")]
        {
            let doc = crate::Synthetic::new(1500).seed(6).document();
            chains_are_providers_and_parents(&Model::from_document(&doc).expect("valid"));
        }
    }

    #[test]
    fn an_edit_marks_its_ends_stale_and_they_are_read_from_the_graph() {
        let mut model = sample();
        let fan = model.find("fan").expect("the sample has fan");
        let email = model.find("acme-email").expect("the sample has acme-email");
        model
            .add_link(crate::document::Usage::new("fan", "acme-email"))
            .expect("a valid link");
        assert!(model.adjacency.stale.contains(&fan) && model.adjacency.stale.contains(&email));
        for (mut packed, walked) in both_ways(&model, None) {
            packed.sort_by_key(|&(_, e)| model.graph[e].seq);
            assert_eq!(packed, walked);
        }
        model.adjacency = Adjacency::build(&model.graph);
        for (packed, walked) in both_ways(&model, None) {
            assert_eq!(packed, walked);
        }
    }

    #[test]
    fn dependency_spans_hold_every_way_and_a_cycle_shares_one() {
        let json = r#"{"version": 1,
            "organisations": [{"id": "it"}],
            "services": [{"id": "a", "provider": "it"}, {"id": "b", "provider": "it"},
                         {"id": "c", "provider": "it"}, {"id": "d", "provider": "it"},
                         {"id": "e", "provider": "it"}],
            "dependencies": [{"service": "a", "depends_on": "b"}, {"service": "b", "depends_on": "c"},
                             {"service": "c", "depends_on": "b", "from": "2030-01-01"},
                             {"service": "d", "depends_on": "a"}, {"service": "e", "depends_on": "c"}]}"#;
        let mut model = Model::from_json_str(json).expect("valid");
        let node = |m: &Model, id: &str| m.find(id).expect("known");
        let span = |m: &Model, id: &str| m.adjacency.span(node(m, id));
        let reach = |m: &Model, from: &str, to: &str| {
            let to = m.adjacency.reach_target(node(m, to));
            m.adjacency.may_reach(node(m, from), to)
        };
        // Every way that exists is allowed...
        for (from, to) in [
            ("a", "b"),
            ("a", "c"),
            ("b", "c"),
            ("c", "b"),
            ("d", "a"),
            ("d", "c"),
            ("e", "b"),
        ] {
            assert!(reach(&model, from, to), "{from} reaches {to}");
        }
        // ...and a way against one that exists is ruled out (others may or
        // may not be, as the depth-first order falls).
        for (from, to) in [("b", "a"), ("c", "d"), ("a", "d"), ("c", "e"), ("b", "e")] {
            assert!(!reach(&model, from, to), "{from} does not reach {to}");
        }
        assert_eq!(span(&model, "b"), span(&model, "c"));
        assert_eq!(span(&model, "it"), None);
        // A dependency added later may open new ways: spans stand down
        // until the snapshot is rebuilt (at once here: a model this small
        // rebuilds on every edit).
        model.adjacency.link_added(LinkKind::Dependency);
        assert_eq!(span(&model, "a"), None);
        assert!(reach(&model, "b", "a"));
        model
            .add_link(crate::document::Dependency::new("c", "d"))
            .expect("cycles are allowed");
        assert!(reach(&model, "b", "a") && reach(&model, "e", "a"));
        assert_eq!(span(&model, "a"), span(&model, "d"));
    }

    /// Spans found from a service's node index (services side by side)
    /// are the ones its record points to, before and after edits that
    /// reuse a service's node slot for another kind of entity.
    #[test]
    fn spans_found_by_node_index_are_the_services_own() {
        let by_record = |m: &Model, n: NodeIndex| {
            let a = &m.adjacency;
            a.info(n)
                .filter(|i| i.kind() == EntityKind::Service && !a.spans_stale)
                .and_then(|i| a.spans.get(i.root as usize).copied())
        };
        let check = |m: &Model| {
            for n in m.graph.node_indices() {
                assert_eq!(
                    m.adjacency.spans_of(n),
                    by_record(m, n),
                    "{}",
                    m.graph[n].id
                );
            }
        };
        let mut model = sample();
        assert!(model.adjacency.service_base.is_some());
        check(&model);
        // A changed service is read from the graph: the snapshot has no
        // spans for it.
        let mut changed = sample();
        let s = changed.find("expense-app").expect("in the sample");
        changed.adjacency.touch(s);
        assert_eq!(changed.adjacency.spans_of(s), None);
        check(&changed);
        // A service's slot freed, then taken by an organisation: once the
        // snapshot is rebuilt the services no longer sit side by side.
        let services: Vec<NodeIndex> = model
            .graph
            .node_indices()
            .filter(|&n| model.graph[n].kind == EntityKind::Service)
            .collect();
        let middle = services[services.len() / 2];
        let id = model.graph[middle].id.to_string();
        model
            .remove_entity(&id, crate::Removal::WithLinks)
            .expect("removable");
        model
            .add_organisation(crate::document::Organisation::new("newcomer"))
            .expect("a new id");
        let newcomer = model.find("newcomer").expect("added");
        assert_eq!(newcomer, middle, "petgraph reuses the freed slot");
        check(&model);
        assert_eq!(model.adjacency.spans_of(newcomer), None);
        model.adjacency = Adjacency::build(&model.graph);
        assert_eq!(model.adjacency.service_base, None);
        check(&model);
    }

    #[test]
    fn a_model_grown_by_edits_is_packed_again() {
        let mut model = Model::builder()
            .organisation(crate::document::Organisation::new("it"))
            .build()
            .expect("valid");
        for i in 0..500 {
            let id = format!("s{i}");
            model
                .add_service(crate::document::Service::new(id, "it"))
                .expect("a new service");
        }
        let a = &model.adjacency;
        assert!(a.bound > 400, "rebuilt as it grew: bound {}", a.bound);
        assert!(a.stale.len() <= a.bound / 16);
        for (mut packed, walked) in both_ways(&model, None) {
            packed.sort_by_key(|&(_, e)| model.graph[e].seq);
            assert_eq!(packed, walked);
        }
    }

    #[test]
    fn a_sixteenth_of_the_nodes_stale_asks_for_a_rebuild() {
        let mut adjacency = Adjacency {
            bound: 1600,
            ..Adjacency::default()
        };
        let asks: Vec<bool> = (0..200)
            .map(|n| adjacency.touch(NodeIndex::new(n)))
            .collect();
        assert_eq!(asks.iter().position(|&a| a), Some(100));
        // Nodes the snapshot never covered count too: an empty snapshot
        // asks for a rebuild at the first change.
        let mut adjacency = Adjacency::default();
        assert!(adjacency.touch(NodeIndex::new(5)));
    }
}
