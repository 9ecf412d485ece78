//! The id index: which node holds an id.
//!
//! A hash table of slots, each a node index and the first bytes of the
//! node's id. An id of up to [`INLINE`] bytes is compared inside the slot
//! alone, so looking it up reads no node and no heap string: at a million
//! entities that is two cache misses fewer per lookup. A longer id is
//! compared by its first bytes, then, on a match, with the id the node
//! holds. The hasher is std's keyed SipHash: ids are input, and a chosen
//! set of them must not be able to make every lookup collide.
//!
//! The index also notes which characters the ids use ([`Alphabet`]), so
//! that the ids one edit away from an unknown id can be looked up in it.

use std::collections::BTreeSet;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

use hashbrown::HashTable;
use petgraph::stable_graph::{NodeIndex, StableGraph};

use crate::model::{Edge, Node};

/// The most bytes of an id a slot holds.
const INLINE: usize = 11;

/// A node and the head of its id: 16 bytes.
#[derive(Clone, Copy, Debug)]
struct Slot {
    node: u32,
    /// The id's length, or `u8::MAX` for any length from 255 on.
    len: u8,
    /// The id's first bytes, zero-padded.
    head: [u8; INLINE],
}

impl Slot {
    fn new(node: NodeIndex, id: &str) -> Slot {
        let (len, head) = head_of(id);
        Slot {
            node: node.index() as u32,
            len,
            head,
        }
    }

    fn node(self) -> NodeIndex {
        NodeIndex::new(self.node as usize)
    }
}

fn head_of(id: &str) -> (u8, [u8; INLINE]) {
    let bytes = id.as_bytes();
    let n = bytes.len().min(INLINE);
    let mut head = [0; INLINE];
    head[..n].copy_from_slice(&bytes[..n]);
    (u8::try_from(bytes.len()).unwrap_or(u8::MAX), head)
}

/// Whether a slot holds `id`: by its length and head alone for a short
/// id, then by the id its node holds for a longer one.
fn holds<'a>(graph: &'a Graph, id: &'a str) -> impl Fn(&Slot) -> bool + 'a {
    let (len, head) = head_of(id);
    let short = id.len() <= INLINE;
    move |slot| {
        slot.len == len
            && slot.head == head
            && (short || graph.node_weight(slot.node()).is_some_and(|w| &*w.id == id))
    }
}

/// The characters the indexed ids use: the ASCII ones as flags, any other
/// in a set. Noted as each id is indexed, while it is at hand, and kept
/// when an id is forgotten (a character no id uses any more costs only a
/// wasted lookup): no memory per entity, a set entry per distinct
/// non-ASCII character.
#[derive(Clone, Debug)]
struct Alphabet {
    ascii: [bool; 128],
    other: BTreeSet<char>,
}

impl Default for Alphabet {
    fn default() -> Self {
        Alphabet {
            ascii: [false; 128],
            other: BTreeSet::new(),
        }
    }
}

impl Alphabet {
    fn note(&mut self, id: &str) {
        // A flag stored per byte is a few times quicker than bits set in
        // a mask, and an ASCII id has no other characters to look for.
        if id.is_ascii() {
            for &b in id.as_bytes() {
                self.ascii[usize::from(b)] = true;
            }
            return;
        }
        for c in id.chars() {
            match u8::try_from(c) {
                Ok(b) if b.is_ascii() => self.ascii[usize::from(b)] = true,
                _ => {
                    self.other.insert(c);
                }
            }
        }
    }
}

#[derive(Clone, Debug, Default)]
pub(crate) struct IdIndex {
    table: HashTable<Slot>,
    hasher: RandomState,
    alphabet: Alphabet,
}

type Graph = StableGraph<Node, Edge>;

impl IdIndex {
    pub(crate) fn with_capacity(capacity: usize) -> IdIndex {
        IdIndex {
            table: HashTable::with_capacity(capacity),
            hasher: RandomState::new(),
            alphabet: Alphabet::default(),
        }
    }

    /// The characters the indexed ids use (and perhaps a few that ids
    /// forgotten since used): ASCII first, each group in code point order.
    pub(crate) fn alphabet(&self) -> impl Iterator<Item = char> + '_ {
        (0..128u8)
            .filter(|&b| self.alphabet.ascii[usize::from(b)])
            .map(char::from)
            .chain(self.alphabet.other.iter().copied())
    }

    /// The node whose id is `id`.
    pub(crate) fn get(&self, graph: &Graph, id: &str) -> Option<NodeIndex> {
        let hash = self.hasher.hash_one(id);
        self.table
            .find(hash, holds(graph, id))
            .map(|slot| slot.node())
    }

    /// The nodes of several ids: all hashed first, then all looked up,
    /// so that the lookups' cache misses overlap.
    pub(crate) fn get_many<const N: usize>(
        &self,
        graph: &Graph,
        ids: [&str; N],
    ) -> [Option<NodeIndex>; N] {
        let hashes = ids.map(|id| self.hasher.hash_one(id));
        std::array::from_fn(|i| {
            self.table
                .find(hashes[i], holds(graph, ids[i]))
                .map(|slot| slot.node())
        })
    }

    /// Indexes `node` under the id it holds (not already indexed).
    pub(crate) fn insert(&mut self, graph: &Graph, node: NodeIndex) {
        let Some(weight) = graph.node_weight(node) else {
            return;
        };
        let IdIndex {
            table,
            hasher,
            alphabet,
        } = self;
        alphabet.note(&weight.id);
        let hash = hasher.hash_one(&*weight.id);
        table.insert_unique(hash, Slot::new(node, &weight.id), |slot| {
            hasher.hash_one(graph.node_weight(slot.node()).map_or("", |w| &*w.id))
        });
    }

    /// Forgets `id`; call it while its node is still in the graph.
    pub(crate) fn remove(&mut self, graph: &Graph, id: &str) {
        let hash = self.hasher.hash_one(id);
        if let Ok(entry) = self.table.find_entry(hash, holds(graph, id)) {
            entry.remove();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::EntityKind;

    fn node(id: &str) -> Node {
        Node {
            id: id.into(),
            kind: EntityKind::Organisation,
            seq: 0,
            rank: 0,
            name: None,
        }
    }

    /// Ids shorter than a slot, exactly as long, longer, sharing a head,
    /// and of 255 bytes and more are each found, and only under their own id.
    #[test]
    fn ids_of_every_length_are_told_apart() {
        let long = "x".repeat(300);
        let longer = "x".repeat(301);
        let ids = [
            "",
            "a",
            "a\0",
            "abcdefghijk",
            "abcdefghijkl",
            "abcdefghijkm",
            &long,
            &longer,
        ];
        let mut graph = Graph::default();
        let mut index = IdIndex::with_capacity(0);
        for id in ids {
            let n = graph.add_node(node(id));
            index.insert(&graph, n);
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(index.get(&graph, id), Some(NodeIndex::new(i)), "{id:?}");
            let [a, b, c] = index.get_many(&graph, [id, "b", ids[0]]);
            assert_eq!(
                (a, b, c),
                (Some(NodeIndex::new(i)), None, Some(NodeIndex::new(0)))
            );
        }
        for absent in ["b", "a\0\0", "abcdefghij", "abcdefghijkn", &"x".repeat(302)] {
            assert_eq!(index.get(&graph, absent), None, "{absent:?}");
        }
        index.remove(&graph, "abcdefghijkl");
        assert_eq!(index.get(&graph, "abcdefghijkl"), None);
        assert_eq!(index.get(&graph, "abcdefghijkm"), Some(NodeIndex::new(5)));
    }

    #[test]
    fn the_alphabet_is_every_character_of_the_ids_ascii_first() {
        let mut graph = Graph::default();
        let mut index = IdIndex::with_capacity(0);
        for id in ["zoë", "b-a", "日本", "ab"] {
            let n = graph.add_node(node(id));
            index.insert(&graph, n);
        }
        let alphabet: String = index.alphabet().collect();
        assert_eq!(alphabet, "-abozë日本");
    }
}
