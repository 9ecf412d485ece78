//! Parent cycles and dated reporting cycles, found without recursion.

use std::collections::{HashMap, VecDeque};

use jiff::civil::Date;
use petgraph::graph::{DiGraph, NodeIndex};

use super::{Checker, NONE};
use crate::document::Document;
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

/// Reports every cycle of organisations' `parent` links, once each;
/// `parents` holds each organisation's parent position, where it resolved.
pub(super) fn parent_cycles(doc: &Document, parents: &[Option<u32>], c: &mut Checker<'_>) {
    let orgs = &doc.organisations;
    // Organisations come first, so a parent's position is its index.
    let parent = |i: usize| parents.get(i).copied().flatten().map(|p| p as usize);
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
                    current = parent(i);
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

/// Reports cycles of reporting lines that all hold on one common date,
/// until taking out the lines reported leaves none.
///
/// Only lines inside one strongly connected component of the undated
/// graph can close a cycle, so the dated search runs per component. A set
/// of periods has a common date exactly when the latest `from` is in all
/// of them, so a cycle holds on the day its last line starts (or "before
/// any date", when none of its lines has a `from`). The lines are taken in
/// the order they start; once every cycle through the lines started so
/// far is broken, a new cycle must pass through a line starting now, so
/// each line is checked for a way back from its manager to its individual
/// among the lines holding that day. Each cycle found is reported at its
/// lowest-indexed line, which is then taken out of the search: taking out
/// every reported line therefore leaves no cycle, and two cycles that share
/// an individual are both found.
pub(super) fn reporting_cycles(doc: &Document, reporting: &[[u32; 2]], c: &mut Checker<'_>) {
    // The lines that can close a cycle, as individuals' indices.
    let first = c.individuals;
    let usable = |i: usize| {
        let r = &doc.reporting[i];
        let [a, b] = *reporting.get(i)?;
        if a == NONE || b == NONE {
            return None;
        }
        let unreadable = ["from", "until"]
            .into_iter()
            .any(|field| c.damage.contains(Section::Reporting, i, field));
        if unreadable || a == b || matches!((r.from, r.until), (Some(f), Some(u)) if f >= u) {
            return None;
        }
        Some([(a - first) as usize, (b - first) as usize])
    };
    let lines = || (0..doc.reporting.len()).filter_map(|i| Some((i, usable(i)?)));
    if acyclic(doc.individuals.len(), lines) {
        return;
    }
    let mut graph: DiGraph<(), usize> = DiGraph::new();
    // Per individual, its node, in the order first met (as ever).
    let mut nodes: Vec<Option<NodeIndex>> = vec![None; doc.individuals.len()];
    for (i, [a, b]) in lines() {
        let na = *nodes[a].get_or_insert_with(|| graph.add_node(()));
        let nb = *nodes[b].get_or_insert_with(|| graph.add_node(()));
        graph.add_edge(na, nb, i);
    }
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
        // In the order the lines start: undated starts (`None`) first.
        lines.sort_unstable_by_key(|l| (l.from, l.index));
        let mut search = Search::new(component.len(), &lines);
        // Searching line by line is quick while lines start a few at a
        // time; when many start on one day (a large undated estate), one
        // pass over that day's lines is quicker, so searching gives way
        // once it has cost more than such a pass would.
        let budget = 4 * (lines.len() + component.len());
        let mut first = 0;
        while first < lines.len() {
            let on = lines[first].from;
            let end = first + lines[first..].iter().take_while(|l| l.from == on).count();
            search.work = 0;
            let mut k = first;
            while k < end && search.work <= budget {
                let line = &lines[k];
                while !search.cut[k] {
                    let Some(back) = search.path(line.to_node, line.from_node, on) else {
                        break;
                    };
                    let cycle: Vec<usize> = std::iter::once(k).chain(back).collect();
                    search.cut_lowest(&cycle);
                    report_reporting_cycle(doc, c, &search.cycle_lines(&cycle));
                }
                k += 1;
            }
            if k < end {
                search.break_all(on, |search, cycle| {
                    report_reporting_cycle(doc, c, &search.cycle_lines(cycle));
                });
            }
            first = end;
        }
    }
}

/// Whether the graph of `n` nodes and the `lines` (index, `[from, to]`)
/// has no cycle: Kahn's algorithm over integer positions, linear and
/// with a few flat arrays, so an acyclic estate skips the cycle search.
fn acyclic<I>(n: usize, lines: impl Fn() -> I) -> bool
where
    I: Iterator<Item = (usize, [usize; 2])>,
{
    // Outgoing lines of each node, packed: `start[v]..start[v + 1]`.
    let mut start = vec![0usize; n + 1];
    let mut indegree = vec![0usize; n];
    let mut m = 0usize;
    for (_, [a, b]) in lines() {
        start[a + 1] += 1;
        indegree[b] += 1;
        m += 1;
    }
    for v in 0..n {
        start[v + 1] += start[v];
    }
    let mut fill: Vec<usize> = start[..n].to_vec();
    // A node is below `n`, so it fits a `u32` (positions are `u32`s).
    let mut to = vec![0u32; m];
    for (_, [a, b]) in lines() {
        to[fill[a]] = b as u32;
        fill[a] += 1;
    }
    drop(fill);
    let mut ready: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    let mut removed = 0usize;
    while let Some(v) = ready.pop() {
        removed += 1;
        for &t in &to[start[v]..start[v + 1]] {
            let t = t as usize;
            indegree[t] -= 1;
            if indegree[t] == 0 {
                ready.push(t);
            }
        }
    }
    removed == n
}

/// Searches for a way along reporting lines holding on one day, from both
/// ends at once, each side growing where it costs less; a hub with
/// thousands of lines is then crossed, not searched from.
struct Search<'l> {
    lines: &'l [Line],
    outgoing: Vec<Vec<usize>>,
    incoming: Vec<Vec<usize>>,
    /// Lines taken out: each closed a reported cycle.
    cut: Vec<bool>,
    /// How many line ends the searches have looked at, for the budget.
    work: usize,
    /// Per node, the search that reached it from the start, and how.
    ahead: Vec<(u32, usize)>,
    /// Per node, the search that reached the goal from it, and how.
    behind: Vec<(u32, usize)>,
    generation: u32,
}

impl<'l> Search<'l> {
    fn new(n: usize, lines: &'l [Line]) -> Self {
        let mut outgoing = vec![Vec::new(); n];
        let mut incoming = vec![Vec::new(); n];
        for (k, l) in lines.iter().enumerate() {
            outgoing[l.from_node].push(k);
            incoming[l.to_node].push(k);
        }
        Search {
            lines,
            outgoing,
            incoming,
            cut: vec![false; lines.len()],
            work: 0,
            ahead: vec![(0, 0); n],
            behind: vec![(0, 0); n],
            generation: 0,
        }
    }

    /// Whether line `k` is in the search on the day a line starting at
    /// `start` starts (`None`: before any date).
    fn holds(&self, k: usize, start: Option<Date>) -> bool {
        let l = &self.lines[k];
        !self.cut[k]
            && match start {
                None => l.from.is_none(),
                Some(_) => crate::dates::holds(l.from, l.until, start),
            }
    }

    /// The lines of a way from `start` to `goal`, in order, if there is one.
    fn path(&mut self, start: usize, goal: usize, on: Option<Date>) -> Option<Vec<usize>> {
        if self.generation == u32::MAX {
            self.ahead.fill((0, 0));
            self.behind.fill((0, 0));
            self.generation = 0;
        }
        self.generation += 1;
        let g = self.generation;
        self.ahead[start] = (g, usize::MAX);
        self.behind[goal] = (g, usize::MAX);
        let mut ahead = VecDeque::from([start]);
        let mut behind = VecDeque::from([goal]);
        let (mut work_ahead, mut work_behind) = (0, 0);
        loop {
            let (&x, &y) = (ahead.front()?, behind.front()?);
            let cost_ahead = work_ahead + self.outgoing[x].len();
            let cost_behind = work_behind + self.incoming[y].len();
            if cost_ahead <= cost_behind {
                ahead.pop_front();
                self.work += cost_ahead - work_ahead;
                work_ahead = cost_ahead;
                for i in 0..self.outgoing[x].len() {
                    let k = self.outgoing[x][i];
                    if !self.holds(k, on) {
                        continue;
                    }
                    let t = self.lines[k].to_node;
                    if self.behind[t].0 == g {
                        return Some(self.join(start, x, k, t, goal));
                    }
                    if self.ahead[t].0 != g {
                        self.ahead[t] = (g, k);
                        ahead.push_back(t);
                    }
                }
            } else {
                behind.pop_front();
                self.work += cost_behind - work_behind;
                work_behind = cost_behind;
                for i in 0..self.incoming[y].len() {
                    let k = self.incoming[y][i];
                    if !self.holds(k, on) {
                        continue;
                    }
                    let s = self.lines[k].from_node;
                    if self.ahead[s].0 == g {
                        return Some(self.join(start, s, k, y, goal));
                    }
                    if self.behind[s].0 != g {
                        self.behind[s] = (g, k);
                        behind.push_back(s);
                    }
                }
            }
        }
    }

    /// Takes the lowest-indexed line of `cycle` (the one reported) out.
    fn cut_lowest(&mut self, cycle: &[usize]) {
        if let Some(lowest) = cycle.iter().copied().min_by_key(|&k| self.lines[k].index) {
            self.cut[lowest] = true;
        }
    }

    fn cycle_lines(&self, cycle: &[usize]) -> Vec<&'l Line> {
        cycle.iter().map(|&k| &self.lines[k]).collect()
    }

    /// Breaks every cycle among the lines holding on the day lines
    /// starting at `on` start, in one pass: Kahn's algorithm peels off
    /// what no cycle passes through, a walk back through what is left
    /// finds a cycle, its lowest-indexed line is taken out, and the
    /// peeling goes on. `found` hears of each cycle, in forward order.
    fn break_all(&mut self, on: Option<Date>, mut found: impl FnMut(&Self, &[usize])) {
        let n = self.outgoing.len();
        let live: Vec<bool> = (0..self.lines.len()).map(|k| self.holds(k, on)).collect();
        let mut indegree = vec![0usize; n];
        for (k, l) in self.lines.iter().enumerate() {
            if live[k] {
                indegree[l.to_node] += 1;
            }
        }
        let mut queue: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
        let mut removed = vec![false; n];
        // Per node, how far its incoming lines are known to be dead:
        // cut, not holding, or from a removed node (all for good).
        let mut cursor = vec![0usize; n];
        let mut seen_at = vec![usize::MAX; n];
        let mut start = 0;
        loop {
            while let Some(v) = queue.pop() {
                removed[v] = true;
                for &k in &self.outgoing[v] {
                    if !live[k] || self.cut[k] {
                        continue;
                    }
                    let t = self.lines[k].to_node;
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
            // Every node left has a predecessor left: walk back until one
            // repeats.
            let mut walk: Vec<usize> = Vec::new();
            let mut visited: Vec<usize> = Vec::new();
            let mut v = start;
            while seen_at[v] == usize::MAX {
                seen_at[v] = walk.len();
                visited.push(v);
                let incoming = &self.incoming[v];
                while let Some(&k) = incoming.get(cursor[v]) {
                    if live[k] && !self.cut[k] && !removed[self.lines[k].from_node] {
                        break;
                    }
                    cursor[v] += 1;
                }
                let Some(&k) = incoming.get(cursor[v]) else {
                    return;
                };
                walk.push(k);
                v = self.lines[k].from_node;
            }
            let mut cycle = walk[seen_at[v]..].to_vec();
            cycle.reverse();
            for &u in &visited {
                seen_at[u] = usize::MAX;
            }
            self.cut_lowest(&cycle);
            let Some(&lowest) = cycle.iter().find(|&&k| self.cut[k]) else {
                return;
            };
            let t = self.lines[lowest].to_node;
            indegree[t] -= 1;
            if indegree[t] == 0 {
                queue.push(t);
            }
            found(self, &cycle);
        }
    }

    /// The way from `start` to `a`, then line `k` from `a` to `b`, then
    /// the way from `b` to `goal`.
    fn join(&self, start: usize, mut a: usize, k: usize, mut b: usize, goal: usize) -> Vec<usize> {
        let mut way = Vec::new();
        while a != start {
            let j = self.ahead[a].1;
            way.push(j);
            a = self.lines[j].from_node;
        }
        way.reverse();
        way.push(k);
        while b != goal {
            let j = self.behind[b].1;
            way.push(j);
            b = self.lines[j].to_node;
        }
        way
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
