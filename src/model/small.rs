//! Small containers for traversals that mostly meet few nodes: the first
//! sixteen items live inline (no allocation), a hash index joins them
//! once they are many.

use petgraph::stable_graph::NodeIndex;

use crate::model::{NodeMap, NodeSet};

/// A list whose first `N` items are stored inline.
#[derive(Clone, Debug)]
struct Inline<T, const N: usize> {
    inline: [T; N],
    len: usize,
    spill: Vec<T>,
}

impl<T: Copy + Default, const N: usize> Default for Inline<T, N> {
    fn default() -> Self {
        Inline {
            inline: [T::default(); N],
            len: 0,
            spill: Vec::new(),
        }
    }
}

impl<T: Copy + Default, const N: usize> Inline<T, N> {
    fn push(&mut self, item: T) {
        if self.spill.is_empty() && self.len < N {
            self.inline[self.len] = item;
            self.len += 1;
            return;
        }
        if self.spill.is_empty() {
            self.spill.reserve(4 * N);
            self.spill.extend_from_slice(&self.inline[..self.len]);
        }
        self.spill.push(item);
    }

    fn as_slice(&self) -> &[T] {
        if self.spill.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.spill
        }
    }

    fn len(&self) -> usize {
        self.as_slice().len()
    }
}

/// A list of distinct nodes in the order met, with a set beside it once
/// it grows long, so membership stays cheap on a deep chain.
#[derive(Clone, Debug, Default)]
pub(crate) struct NodeList {
    nodes: Inline<NodeIndex, 16>,
    set: NodeSet,
}

impl NodeList {
    /// Below this length a scan of the list beats hashing.
    const SCAN: usize = 16;

    pub(crate) fn contains(&self, node: NodeIndex) -> bool {
        if self.nodes.len() <= Self::SCAN {
            self.nodes.as_slice().contains(&node)
        } else {
            self.set.contains(&node)
        }
    }

    /// Adds `node` unless present; true when it was added.
    pub(crate) fn insert(&mut self, node: NodeIndex) -> bool {
        if self.contains(node) {
            return false;
        }
        self.nodes.push(node);
        let len = self.nodes.len();
        if len == Self::SCAN + 1 {
            self.set.reserve(8 * Self::SCAN);
            self.set.extend(self.nodes.as_slice().iter().copied());
        } else if len > Self::SCAN {
            self.set.insert(node);
        }
        true
    }

    pub(crate) fn as_slice(&self) -> &[NodeIndex] {
        self.nodes.as_slice()
    }
}

/// Distances by node: a list scanned while short, a map beside it once
/// long.
#[derive(Clone, Debug, Default)]
pub(crate) struct NodeDistances {
    list: Inline<(NodeIndex, u32), 16>,
    map: NodeMap<u32>,
}

impl NodeDistances {
    /// Below this length a scan of the list beats hashing.
    const SCAN: usize = 16;

    pub(crate) fn get(&self, node: NodeIndex) -> Option<u32> {
        if self.list.len() <= Self::SCAN {
            self.list
                .as_slice()
                .iter()
                .find(|(n, _)| *n == node)
                .map(|&(_, d)| d)
        } else {
            self.map.get(&node).copied()
        }
    }

    /// Records `node` at `distance` unless it has one; true when added.
    pub(crate) fn insert(&mut self, node: NodeIndex, distance: u32) -> bool {
        if self.get(node).is_some() {
            return false;
        }
        self.list.push((node, distance));
        let len = self.list.len();
        if len == Self::SCAN + 1 {
            self.map.reserve(8 * Self::SCAN);
            self.map.extend(self.list.as_slice().iter().copied());
        } else if len > Self::SCAN {
            self.map.insert(node, distance);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_keep_order_and_membership_past_the_inline_part() {
        let mut list = NodeList::default();
        let mut distances = NodeDistances::default();
        for round in 0..2 {
            for i in (0..200).rev() {
                let added = list.insert(NodeIndex::new(i));
                assert_eq!(added, round == 0);
                assert_eq!(
                    distances.insert(NodeIndex::new(i), i as u32 + round),
                    round == 0
                );
            }
        }
        let expected: Vec<NodeIndex> = (0..200).rev().map(NodeIndex::new).collect();
        assert_eq!(list.as_slice(), expected);
        for i in 0..200 {
            assert!(list.contains(NodeIndex::new(i)));
            assert_eq!(distances.get(NodeIndex::new(i)), Some(i as u32));
        }
        assert!(!list.contains(NodeIndex::new(200)));
        assert_eq!(distances.get(NodeIndex::new(200)), None);
    }
}
