//! The graph's node weight, and maps and sets keyed by node.

use std::collections::HashMap;

use petgraph::stable_graph::NodeIndex;

use crate::ids::EntityKind;

/// A map keyed by graph node, with a fast hash: node indices are ours,
/// not input, so no one can choose them to collide.
pub(crate) type NodeMap<V> = HashMap<NodeIndex, V, rustc_hash::FxBuildHasher>;

/// A set of graph nodes, with the fast hash of [`NodeMap`].
pub(crate) type NodeSet = std::collections::HashSet<NodeIndex, rustc_hash::FxBuildHasher>;

/// An entity in the graph.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub(crate) id: Box<str>,
    pub(crate) kind: EntityKind,
    /// When the entity was added: the document order, kept through edits.
    pub(crate) seq: u32,
    /// The position of `id` among all ids in byte order, so answers sort
    /// by integers; [`UNRANKED`] for an entity added by a later edit.
    pub(crate) rank: u32,
    pub(crate) name: Option<Box<str>>,
}

/// The rank of an entity added after the model was built: its id orders
/// it against the others (ranks agree with id order, so a mix of both
/// comparisons is still the order of ids).
pub(crate) const UNRANKED: u32 = u32::MAX;
