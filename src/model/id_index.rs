//! The id index: which node holds an id.
//!
//! A hash table of node indices alone, hashed and compared by the id the
//! node already holds, so no id is stored twice. The hasher is std's
//! keyed SipHash: ids are input, and a chosen set of them must not be
//! able to make every lookup collide.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

use hashbrown::HashTable;
use petgraph::stable_graph::{NodeIndex, StableGraph};

use crate::model::{Edge, Node};

#[derive(Clone, Debug, Default)]
pub(crate) struct IdIndex {
    table: HashTable<NodeIndex>,
    hasher: RandomState,
}

type Graph = StableGraph<Node, Edge>;

impl IdIndex {
    pub(crate) fn with_capacity(capacity: usize) -> IdIndex {
        IdIndex {
            table: HashTable::with_capacity(capacity),
            hasher: RandomState::new(),
        }
    }

    /// The node whose id is `id`.
    pub(crate) fn get(&self, graph: &Graph, id: &str) -> Option<NodeIndex> {
        let hash = self.hasher.hash_one(id);
        self.table
            .find(hash, |&n| {
                graph.node_weight(n).is_some_and(|w| &*w.id == id)
            })
            .copied()
    }

    /// Indexes `node` under the id it holds (not already indexed).
    pub(crate) fn insert(&mut self, graph: &Graph, node: NodeIndex) {
        let Some(weight) = graph.node_weight(node) else {
            return;
        };
        let IdIndex { table, hasher } = self;
        let hash = hasher.hash_one(&*weight.id);
        table.insert_unique(hash, node, |&n| {
            hasher.hash_one(graph.node_weight(n).map_or("", |w| &*w.id))
        });
    }

    /// Forgets `id`; call it while its node is still in the graph.
    pub(crate) fn remove(&mut self, graph: &Graph, id: &str) {
        let hash = self.hasher.hash_one(id);
        if let Ok(entry) = self.table.find_entry(hash, |&n| {
            graph.node_weight(n).is_some_and(|w| &*w.id == id)
        }) {
            entry.remove();
        }
    }
}
