//! One link seen from one end, packed in eight bytes: the unit of the
//! snapshot's rows and side records.

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

/// One link seen from one end: the kind and the other end in one word,
/// whether the link has dates and the edge in the other.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hop {
    pub(super) kind_node: u32,
    pub(super) dated_edge: u32,
}

pub(super) const KIND_SHIFT: u32 = 28;
pub(super) const NODE_MASK: u32 = (1 << KIND_SHIFT) - 1;
pub(super) const DATED: u32 = 1 << 31;

impl Hop {
    pub(super) fn kind(self) -> u32 {
        self.kind_node >> KIND_SHIFT
    }
    pub(super) fn node(self) -> NodeIndex {
        NodeIndex::new((self.kind_node & NODE_MASK) as usize)
    }
    pub(super) fn edge(self) -> EdgeIndex {
        EdgeIndex::new((self.dated_edge & !DATED) as usize)
    }
    pub(super) fn dated(self) -> bool {
        self.dated_edge & DATED != 0
    }
}
