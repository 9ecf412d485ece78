//! Parent cycles and dated reporting cycles, found without recursion.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use petgraph::graph::{DiGraph, NodeIndex};

use super::Checker;
use crate::document::Document;
use crate::ids::EntityKind;
use crate::problem::{Problem, ProblemKind, Section};

/// How many ids a cycle's description shows before it is cut short.
const SHOWN: usize = 8;

/// Writes a cycle `a → b → c → a`, cut short when it is long.
fn describe_cycle<'a>(ids: impl ExactSizeIterator<Item = &'a str> + Clone) -> String {
    // An id may hold anything; the description stays on one line.
    let shown = |id: &str| {
        if id.chars().any(char::is_control) {
            format!("{id:?}")
        } else {
            id.to_owned()
        }
    };
    let len = ids.len();
    let first = ids.clone().next().unwrap_or_default();
    let mut text: Vec<String> = ids.take(SHOWN).map(shown).collect();
    if len > SHOWN {
        text.push(format!("… ({len} in all)"));
    }
    text.push(shown(first));
    text.join(" → ")
}

/// Reports every cycle of organisations' `parent` links, once each.
pub(super) fn parent_cycles(doc: &Document, c: &mut Checker<'_>) {
    let orgs = &doc.organisations;
    let parent: Vec<Option<usize>> = orgs
        .iter()
        .map(|o| {
            let p = o.parent.as_ref()?;
            c.lookup(p.as_str(), EntityKind::Organisation)
        })
        .collect();
    const NEW: usize = usize::MAX;
    const DONE: usize = usize::MAX - 1;
    // For each organisation: NEW, DONE, or its position on the walk under way.
    let mut state = vec![NEW; orgs.len()];
    let mut path = Vec::new();
    for start in 0..orgs.len() {
        let mut current = Some(start);
        while let Some(i) = current {
            match state[i] {
                DONE => break,
                NEW => {
                    state[i] = path.len();
                    path.push(i);
                    current = parent[i];
                }
                at => {
                    let cycle = &path[at..];
                    let lowest = cycle
                        .iter()
                        .position(|&x| x == *cycle.iter().min().unwrap_or(&i));
                    let lowest = lowest.unwrap_or(0);
                    let ordered: Vec<&str> = cycle[lowest..]
                        .iter()
                        .chain(&cycle[..lowest])
                        .map(|&x| orgs[x].id.as_str())
                        .collect();
                    let index = cycle[lowest];
                    c.problems.push(
                        Problem::at(
                            Section::Organisations,
                            index,
                            "parent",
                            ProblemKind::ParentCycle,
                            format!(
                                "{:?} is its own ancestor: {}",
                                orgs[index].id.as_str(),
                                describe_cycle(ordered.iter().copied())
                            ),
                        )
                        .with_id(orgs[index].id.as_str()),
                    );
                    break;
                }
            }
        }
        for &i in &path {
            state[i] = DONE;
        }
        path.clear();
    }
}

/// A usable reporting line: local ends, its index, its period.
struct Line {
    from_node: usize,
    to_node: usize,
    index: usize,
    from: Option<Date>,
    until: Option<Date>,
}

/// Reports each cycle of reporting lines that all hold on one common date.
///
/// Only lines inside one strongly connected component can close a cycle,
/// so the dated check runs per component; a set of periods has a common
/// date exactly when the latest `from` is in all of them, so the candidate
/// dates are the components' `from` dates (and "before any").
pub(super) fn reporting_cycles(doc: &Document, c: &mut Checker<'_>) {
    let mut graph: DiGraph<(), usize> = DiGraph::new();
    let mut nodes: HashMap<usize, NodeIndex> = HashMap::new();
    for (i, r) in doc.reporting.iter().enumerate() {
        let a = c.lookup(r.individual.as_str(), EntityKind::Individual);
        let b = c.lookup(r.manager.as_str(), EntityKind::Individual);
        let (Some(a), Some(b)) = (a, b) else { continue };
        let unreadable = ["from", "until"]
            .into_iter()
            .any(|field| c.damage.contains(Section::Reporting, i, field));
        if unreadable {
            continue;
        }
        if a == b || matches!((r.from, r.until), (Some(f), Some(u)) if f >= u) {
            continue;
        }
        let na = *nodes.entry(a).or_insert_with(|| graph.add_node(()));
        let nb = *nodes.entry(b).or_insert_with(|| graph.add_node(()));
        graph.add_edge(na, nb, i);
    }
    let mut reported: HashSet<Vec<usize>> = HashSet::new();
    for component in petgraph::algo::kosaraju_scc(&graph) {
        if component.len() < 2 {
            continue;
        }
        let local: HashMap<NodeIndex, usize> =
            component.iter().enumerate().map(|(k, &n)| (n, k)).collect();
        let mut lines = Vec::new();
        for &n in &component {
            for e in graph.edges(n) {
                use petgraph::visit::EdgeRef;
                if let Some(&to) = local.get(&e.target()) {
                    let r = &doc.reporting[*e.weight()];
                    lines.push(Line {
                        from_node: local[&n],
                        to_node: to,
                        index: *e.weight(),
                        from: r.from,
                        until: r.until,
                    });
                }
            }
        }
        let mut dates: Vec<Option<Date>> = lines.iter().filter_map(|l| l.from).map(Some).collect();
        dates.push(None);
        dates.sort_unstable();
        dates.dedup();
        for date in dates {
            let active: Vec<&Line> = lines
                .iter()
                .filter(|l| match date {
                    None => l.from.is_none(),
                    Some(_) => crate::dates::holds(l.from, l.until, date),
                })
                .collect();
            find_cycles(component.len(), &active, |cycle| {
                let mut key: Vec<usize> = cycle.iter().map(|l| l.index).collect();
                key.sort_unstable();
                if reported.insert(key) {
                    report_reporting_cycle(doc, c, cycle);
                }
            });
        }
    }
}

/// Finds cycles among `lines` over `n` nodes, in forward order, until
/// none is left: Kahn's algorithm peels off what no cycle passes through,
/// a walk back through what is left finds a cycle, its lowest-indexed line
/// (the one reported) is taken out, and the peeling goes on. Taking out
/// every reported line therefore leaves no cycle, and two cycles that
/// share an individual are both found.
fn find_cycles<'l>(n: usize, lines: &[&'l Line], mut found: impl FnMut(&[&'l Line])) {
    let mut indegree = vec![0usize; n];
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, l) in lines.iter().enumerate() {
        indegree[l.to_node] += 1;
        outgoing[l.from_node].push(k);
        incoming[l.to_node].push(k);
    }
    let mut queue: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    let mut removed = vec![false; n];
    let mut cut = vec![false; lines.len()];
    let mut seen_at = vec![usize::MAX; n];
    let mut start = 0;
    loop {
        while let Some(v) = queue.pop() {
            removed[v] = true;
            for &k in &outgoing[v] {
                if cut[k] {
                    continue;
                }
                let t = lines[k].to_node;
                indegree[t] -= 1;
                if indegree[t] == 0 {
                    queue.push(t);
                }
            }
        }
        while start < n && removed[start] {
            start += 1;
        }
        if start == n {
            return;
        }
        // Every node left has a predecessor left: walk back until one repeats.
        let mut walk: Vec<usize> = Vec::new();
        let mut visited: Vec<usize> = Vec::new();
        let mut v = start;
        while seen_at[v] == usize::MAX {
            seen_at[v] = walk.len();
            visited.push(v);
            let Some(&k) = incoming[v]
                .iter()
                .find(|&&k| !cut[k] && !removed[lines[k].from_node])
            else {
                return;
            };
            walk.push(k);
            v = lines[k].from_node;
        }
        let on_cycle = &walk[seen_at[v]..];
        let mut cycle: Vec<&Line> = on_cycle.iter().map(|&k| lines[k]).collect();
        cycle.reverse();
        let Some(lowest) = on_cycle.iter().copied().min_by_key(|&k| lines[k].index) else {
            return;
        };
        for &u in &visited {
            seen_at[u] = usize::MAX;
        }
        cut[lowest] = true;
        let t = lines[lowest].to_node;
        indegree[t] -= 1;
        if indegree[t] == 0 {
            queue.push(t);
        }
        found(&cycle);
    }
}

fn report_reporting_cycle(doc: &Document, c: &mut Checker<'_>, cycle: &[&Line]) {
    let first = (0..cycle.len())
        .min_by_key(|&k| cycle[k].index)
        .unwrap_or(0);
    let ordered: Vec<&str> = cycle[first..]
        .iter()
        .chain(&cycle[..first])
        .map(|l| doc.reporting[l.index].individual.as_str())
        .collect();
    let latest_from = cycle.iter().filter_map(|l| l.from).max();
    let earliest_until = cycle.iter().filter_map(|l| l.until).min();
    let when = match (latest_from, earliest_until) {
        (None, None) => String::new(),
        (Some(f), None) => format!(" (from {f})"),
        (None, Some(u)) => format!(" (until {u})"),
        (Some(f), Some(u)) => format!(" (from {f} until {u})"),
    };
    let line = &doc.reporting[cycle[first].index];
    c.problems.push(
        Problem::at(
            Section::Reporting,
            cycle[first].index,
            "manager",
            ProblemKind::ReportingCycle,
            format!(
                "{:?} closes a reporting cycle: {}{when}",
                line.manager.as_str(),
                describe_cycle(ordered.iter().copied())
            ),
        )
        .with_id(line.manager.as_str()),
    );
}
