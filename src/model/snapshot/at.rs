//! One node's links as the snapshot knows them, read once for several
//! kinds: [`At`], and the [`Links`] iterators it gives.

use jiff::civil::Date;
use petgraph::Direction;
use petgraph::stable_graph::{NodeIndex, StableGraph};

use super::hop::Hop;
use super::sides::{self, NO_RECORD};
use super::{Adjacency, Info, Links};
use crate::model::edge::{Edge, LinkKind};
use crate::model::node::Node;

// `Links` (in `links`) is built here, from the node's `At`.
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
        Some(self.adjacency.packed.sides.hops(self.record, g))
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
            Direction::Outgoing => self.adjacency.packed.out.of_kind(self.node, kind),
            Direction::Incoming => self.adjacency.packed.inc.of_kind(self.node, kind),
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
