//! Building the snapshot's per-node records: roots, side records and
//! dependency spans, each in one pass over the nodes.

use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};

use super::sides::{NO_RECORD, SIDE_LINKS, Sides};
use super::{Info, KIND_BITS, NO_PARENT, Rows, SIDE_UNKNOWN, kind_bits};
use crate::ids::EntityKind;
use crate::model::edge::{Edge, LinkKind};
use crate::model::node::Node;

/// Sets the root of every organisation: the end of its parent chain,
/// walking each chain once (a node's root is set before it is left).
/// Parent chains have no cycles (validation and edits see to it); were
/// there one, its members would be left without a root, and read from
/// the graph instead.
pub(super) fn fill_roots(info: &mut [Info]) {
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
pub(super) fn fill_sides(info: &mut [Info], out: &Rows, inc: &Rows) -> Sides {
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
pub(super) fn fill_spans(
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
