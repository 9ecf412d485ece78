//! The links of one kind at a node, as queries iterate them.

use jiff::civil::Date;
use petgraph::stable_graph::{EdgeIndex, Edges, NodeIndex, StableGraph};
use petgraph::visit::EdgeRef;

use super::hop::Hop;
use crate::model::edge::{Edge, LinkKind};
use crate::model::node::Node;

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
