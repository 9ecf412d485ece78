//! Parent cycles and dated reporting cycles, found without recursion.

use std::collections::HashMap;

use jiff::civil::Date;
use petgraph::graph::{DiGraph, NodeIndex};

use super::{Checker, NONE};
use crate::document::Document;
use crate::problem::Section;
use crate::rules;

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
                    c.problems.push(rules::parent_cycle(
                        Some(index),
                        orgs[index].id.as_str(),
                        ordered.iter().copied(),
                    ));
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
/// any date", when none of its lines has a `from`). The days lines start
/// on are swept in order: the lines whose period is over by the day are
/// taken out of the search, and those starting that day are put in one at
/// a time. Once every cycle through the lines in force is broken, a new
/// cycle must pass through the line being put in, so each is checked for a
/// way back from its manager to its individual among the lines in force.
/// Each cycle found is reported at its lowest-indexed line, which is then
/// taken out of the search: taking out every reported line therefore leaves
/// no cycle, and two cycles that share an individual are both found.
///
/// Between two lines put in, the lines in force have no cycle, so the
/// search keeps the individuals in a topological order of them ([`Order`];
/// taking lines out keeps an order valid). A line from an individual
/// placed before its manager goes with the order and closes no cycle, so
/// it is put in without a search. Only a line against the order is
/// searched from, and only among the individuals placed between its ends,
/// as a way back cannot leave them; when there is none, the side of the
/// search that ran out is moved past the other end, which makes the order
/// whole again (Pearce and Kelly's dynamic topological order, with the
/// search from both ends and a list labelling in place of positions, so
/// the cost is about that of the smaller side, plus an amortised logarithm
/// per node moved, not that of the stretch between the ends). A search of
/// the whole component on each day would make a large estate, strongly
/// connected when dates are ignored, whose lines each start on a day of
/// their own, cost time quadratic in its size; here a line that goes with
/// the order costs a constant.
///
/// Searching line by line is quick while lines start a few at a time or
/// mostly go with the order. A day on which many lines start against it (a
/// large undated estate full of cycles) is quicker in one pass over its
/// lines, so the search gives way once a day has cost more than a few such
/// passes would; that pass breaks the day's cycles and orders the lines in
/// force afresh. No day costs more than a few passes over its component,
/// and days whose lines go with the order cost only those lines: lines
/// crafted to start against the order, day after day, with many
/// individuals between their ends, are what can still cost a pass a day.
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
        // The lines that end, in the order they end.
        let mut ending: Vec<usize> = (0..lines.len())
            .filter(|&k| lines[k].until.is_some())
            .collect();
        ending.sort_unstable_by_key(|&k| lines[k].until);
        let mut ended = 0;
        let mut search = Search::new(component.len(), &lines);
        let budget = 4 * (lines.len() + component.len());
        let mut first = 0;
        while first < lines.len() {
            let on = lines[first].from;
            let end = first + lines[first..].iter().take_while(|l| l.from == on).count();
            // Before any date, every line in force holds; on a day, those
            // that ended by then no longer do.
            if on.is_some() {
                while let Some(&k) = ending.get(ended) {
                    if lines[k].until > on {
                        break;
                    }
                    search.lift(k);
                    ended += 1;
                }
            }
            search.work = 0;
            let mut k = first;
            while k < end && search.work <= budget {
                search.put(k, |search, cycle| {
                    report_reporting_cycle(doc, c, &search.cycle_lines(cycle));
                });
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

/// Nodes' labels lie in `[LOW, 2 * LOW)`: the list's head is labelled just
/// below and its tail `2 * LOW`, outside every range that is relabelled.
const LOW: u64 = 1 << 62;

/// A range of `2^i` labels is relabelled once it holds at most
/// `SPARSE^i` nodes; `SPARSE^62` is about 4·10¹¹, far more nodes than a
/// document can have.
const SPARSE: f64 = 2.0 / 1.3;

/// The nodes of a component in a topological order of the lines in force,
/// kept as a list whose labels compare like the places in it, so that
/// which of two nodes comes first is one comparison and a node moves in
/// amortised logarithmic time. A node put between two whose labels are
/// adjacent makes the smallest aligned range of labels around them that is
/// sparse enough spread its nodes out evenly (the list labelling of
/// Bender, Cole, Demaine, Farach-Colton and Zito, "Two simplified
/// algorithms for maintaining order in a list", 2002).
struct Order {
    label: Vec<u64>,
    next: Vec<usize>,
    prev: Vec<usize>,
}

impl Order {
    /// `n` nodes in the order of their indices.
    fn new(n: usize) -> Self {
        let mut order = Order {
            label: vec![0; n + 2],
            next: vec![0; n + 2],
            prev: vec![0; n + 2],
        };
        order.rebuild((0..n).collect());
        order
    }

    fn head(&self) -> usize {
        self.label.len() - 2
    }

    fn tail(&self) -> usize {
        self.label.len() - 1
    }

    /// Whether node `a` comes before node `b`.
    fn before(&self, a: usize, b: usize) -> bool {
        self.label[a] < self.label[b]
    }

    /// Every node, in the order of `sequence`, labels spread out evenly.
    fn rebuild(&mut self, sequence: Vec<usize>) {
        let (head, tail) = (self.head(), self.tail());
        let step = LOW / (sequence.len() as u64 + 1);
        self.label[head] = LOW - 1;
        self.label[tail] = 2 * LOW;
        let mut p = head;
        for (j, v) in sequence.into_iter().enumerate() {
            self.label[v] = LOW + (j as u64 + 1) * step;
            self.next[p] = v;
            self.prev[v] = p;
            p = v;
        }
        self.next[p] = tail;
        self.prev[tail] = p;
    }

    /// Moves `nodes` to just after node `p`, in the order they had; returns
    /// the work done, for the search's budget.
    fn move_after(&mut self, p: usize, nodes: Vec<usize>) -> usize {
        self.place(nodes, |_| p)
    }

    /// Moves `nodes` to just before node `q`, in the order they had.
    fn move_before(&mut self, q: usize, nodes: Vec<usize>) -> usize {
        self.place(nodes, |order| order.prev[q])
    }

    /// Takes `nodes` out, then puts them back in their order after the
    /// node `after` names once they are out.
    fn place(&mut self, mut nodes: Vec<usize>, after: impl Fn(&Self) -> usize) -> usize {
        nodes.sort_unstable_by_key(|&v| self.label[v]);
        for &v in &nodes {
            let (p, q) = (self.prev[v], self.next[v]);
            self.next[p] = q;
            self.prev[q] = p;
        }
        let mut work = nodes.len();
        let mut p = after(self);
        for v in nodes {
            let q = self.next[p];
            if self.label[q] - self.label[p] < 2 {
                // The head's label is fixed; the range around the node
                // after it is spread out instead.
                work += self.spread(if p == self.head() { q } else { p });
            }
            let q = self.next[p];
            self.label[v] = self.label[p] + (self.label[q] - self.label[p]) / 2;
            self.next[p] = v;
            self.prev[v] = p;
            self.next[v] = q;
            self.prev[q] = v;
            p = v;
        }
        work
    }

    /// Spreads out the nodes of the smallest aligned range of labels around
    /// node `v` that holds few enough of them, so that there is a free
    /// label after and before each; returns how many were relabelled.
    fn spread(&mut self, v: usize) -> usize {
        let (mut first, mut last, mut count) = (v, v, 1u64);
        for level in 1..=62 {
            let size = 1u64 << level;
            let base = self.label[v] & !(size - 1);
            // The head and the tail lie outside every range.
            while self.label[self.prev[first]] >= base {
                first = self.prev[first];
                count += 1;
            }
            while self.label[self.next[last]] < base + size {
                last = self.next[last];
                count += 1;
            }
            let room = count + 1;
            if 2 * room <= size && room as f64 <= SPARSE.powi(level) {
                let step = size / room;
                let mut at = first;
                for j in 1..room {
                    self.label[at] = base + j * step;
                    at = self.next[at];
                }
                return count as usize;
            }
        }
        // Out of reach: the whole range holds every node.
        let mut sequence = Vec::new();
        let mut at = self.next[self.head()];
        while at != self.tail() {
            sequence.push(at);
            at = self.next[at];
        }
        let n = sequence.len();
        self.rebuild(sequence);
        n
    }
}

/// What a search from a line's manager back to its individual found.
enum Way {
    /// The lines of a way back, in order.
    Found(Vec<usize>),
    /// No way back: every node reached from the manager (placed before the
    /// individual).
    After(Vec<usize>),
    /// No way back: every node that reaches the individual (placed after
    /// the manager).
    Before(Vec<usize>),
}

/// Searches for a way along the reporting lines in force, from both ends
/// at once, each side growing where it costs less; a hub with thousands
/// of lines is then crossed, not searched from.
struct Search<'l> {
    lines: &'l [Line],
    /// Every line out of and into each node, for [`Search::break_all`].
    outgoing: Vec<Vec<usize>>,
    incoming: Vec<Vec<usize>>,
    /// The lines in force out of and into each node.
    out_force: Vec<Vec<usize>>,
    in_force: Vec<Vec<usize>>,
    /// Per line in force, its places in `out_force` and `in_force`.
    place: Vec<Option<[usize; 2]>>,
    /// A topological order of the lines in force.
    order: Order,
    /// Lines taken out: each closed a reported cycle.
    cut: Vec<bool>,
    /// How many line ends and nodes the search has looked at, for the
    /// budget.
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
            out_force: vec![Vec::new(); n],
            in_force: vec![Vec::new(); n],
            place: vec![None; lines.len()],
            order: Order::new(n),
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

    /// Puts line `k` in force, after breaking every cycle it closes with
    /// the lines in force; `found` hears of each cycle, in forward order.
    fn put(&mut self, k: usize, mut found: impl FnMut(&Self, &[usize])) {
        let (individual, manager) = (self.lines[k].from_node, self.lines[k].to_node);
        while !self.cut[k] {
            self.work += 1;
            if self.order.before(individual, manager) {
                self.enforce(k);
                return;
            }
            match self.path(manager, individual) {
                Way::Found(back) => {
                    let cycle: Vec<usize> = std::iter::once(k).chain(back).collect();
                    let lowest = self.cut_lowest(&cycle);
                    self.lift(lowest);
                    found(self, &cycle);
                }
                Way::After(reached) => self.work += self.order.move_after(individual, reached),
                Way::Before(reached) => self.work += self.order.move_before(manager, reached),
            }
        }
    }

    /// Puts line `k` in force.
    fn enforce(&mut self, k: usize) {
        let l = &self.lines[k];
        self.place[k] = Some([
            self.out_force[l.from_node].len(),
            self.in_force[l.to_node].len(),
        ]);
        self.out_force[l.from_node].push(k);
        self.in_force[l.to_node].push(k);
    }

    /// Takes line `k` out of force, if it is in force.
    fn lift(&mut self, k: usize) {
        let Some([out, into]) = self.place[k].take() else {
            return;
        };
        let l = &self.lines[k];
        self.out_force[l.from_node].swap_remove(out);
        if let Some(&moved) = self.out_force[l.from_node].get(out) {
            if let Some(place) = &mut self.place[moved] {
                place[0] = out;
            }
        }
        self.in_force[l.to_node].swap_remove(into);
        if let Some(&moved) = self.in_force[l.to_node].get(into) {
            if let Some(place) = &mut self.place[moved] {
                place[1] = into;
            }
        }
    }

    /// A way from `start` to `goal` along the lines in force, or what each
    /// side reached when one ran out. The order has `goal` before `start`,
    /// so a way runs only through the nodes placed between them.
    fn path(&mut self, start: usize, goal: usize) -> Way {
        if self.generation == u32::MAX {
            self.ahead.fill((0, 0));
            self.behind.fill((0, 0));
            self.generation = 0;
        }
        self.generation += 1;
        let g = self.generation;
        self.ahead[start] = (g, usize::MAX);
        self.behind[goal] = (g, usize::MAX);
        let (low, high) = (self.order.label[start], self.order.label[goal]);
        // Each side's nodes in the order reached; the first `done` of each
        // have been searched from.
        let mut ahead = vec![start];
        let mut behind = vec![goal];
        let (mut ahead_done, mut behind_done) = (0, 0);
        let (mut work_ahead, mut work_behind) = (0, 0);
        loop {
            let Some(&x) = ahead.get(ahead_done) else {
                return Way::After(ahead);
            };
            let Some(&y) = behind.get(behind_done) else {
                return Way::Before(behind);
            };
            let cost_ahead = work_ahead + self.out_force[x].len();
            let cost_behind = work_behind + self.in_force[y].len();
            if cost_ahead <= cost_behind {
                ahead_done += 1;
                self.work += cost_ahead - work_ahead + 1;
                work_ahead = cost_ahead;
                for i in 0..self.out_force[x].len() {
                    let k = self.out_force[x][i];
                    let t = self.lines[k].to_node;
                    if self.behind[t].0 == g {
                        return Way::Found(self.join(start, x, k, t, goal));
                    }
                    if self.ahead[t].0 != g && self.order.label[t] < high {
                        self.ahead[t] = (g, k);
                        ahead.push(t);
                    }
                }
            } else {
                behind_done += 1;
                self.work += cost_behind - work_behind + 1;
                work_behind = cost_behind;
                for i in 0..self.in_force[y].len() {
                    let k = self.in_force[y][i];
                    let s = self.lines[k].from_node;
                    if self.ahead[s].0 == g {
                        return Way::Found(self.join(start, s, k, y, goal));
                    }
                    if self.behind[s].0 != g && self.order.label[s] > low {
                        self.behind[s] = (g, k);
                        behind.push(s);
                    }
                }
            }
        }
    }

    /// Takes the lowest-indexed line of `cycle` (the one reported) out;
    /// returns it.
    fn cut_lowest(&mut self, cycle: &[usize]) -> usize {
        let lowest = cycle
            .iter()
            .copied()
            .min_by_key(|&k| self.lines[k].index)
            .unwrap_or(cycle[0]);
        self.cut[lowest] = true;
        lowest
    }

    fn cycle_lines(&self, cycle: &[usize]) -> Vec<&'l Line> {
        cycle.iter().map(|&k| &self.lines[k]).collect()
    }

    /// Breaks every cycle among the lines holding on the day lines
    /// starting at `on` start, in one pass: Kahn's algorithm peels off
    /// what no cycle passes through, a walk back through what is left
    /// finds a cycle, its lowest-indexed line is taken out, and the
    /// peeling goes on. `found` hears of each cycle, in forward order.
    /// The lines left holding are then the lines in force, in the order
    /// the peeling took their nodes.
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
        let mut sequence = Vec::with_capacity(n);
        // Per node, how far its incoming lines are known to be dead:
        // cut, not holding, or from a removed node (all for good).
        let mut cursor = vec![0usize; n];
        let mut seen_at = vec![usize::MAX; n];
        let mut start = 0;
        loop {
            while let Some(v) = queue.pop() {
                removed[v] = true;
                sequence.push(v);
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
                break;
            }
            // Every node left has a predecessor left: walk back until one
            // repeats.
            let mut walk: Vec<usize> = Vec::new();
            let mut visited: Vec<usize> = Vec::new();
            let mut v = start;
            let mut stuck = false;
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
                    stuck = true;
                    break;
                };
                walk.push(k);
                v = self.lines[k].from_node;
            }
            if stuck {
                break;
            }
            let mut cycle = walk[seen_at[v]..].to_vec();
            cycle.reverse();
            for &u in &visited {
                seen_at[u] = usize::MAX;
            }
            let lowest = self.cut_lowest(&cycle);
            let t = self.lines[lowest].to_node;
            indegree[t] -= 1;
            if indegree[t] == 0 {
                queue.push(t);
            }
            found(self, &cycle);
        }
        // Every node is peeled off in the end; should one not be, it goes
        // last, as it would were its lines not counted.
        sequence.extend((0..n).filter(|&v| !removed[v]));
        self.order.rebuild(sequence);
        for list in self.out_force.iter_mut().chain(&mut self.in_force) {
            list.clear();
        }
        self.place.fill(None);
        for (k, live) in live.into_iter().enumerate() {
            if live && !self.cut[k] {
                self.enforce(k);
            }
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
    let period = rules::shared_period(cycle.iter().map(|l| (l.from, l.until)));
    let line = &doc.reporting[cycle[first].index];
    c.problems.push(rules::reporting_cycle(
        Some(cycle[first].index),
        line.manager.as_str(),
        ordered.iter().copied(),
        period,
    ));
}

#[cfg(test)]
mod tests {
    use super::Order;

    /// The nodes in list order, checking that labels rise along the list.
    fn listed(order: &Order) -> Vec<usize> {
        let mut nodes = Vec::new();
        let mut at = order.next[order.head()];
        let mut label = order.label[order.head()];
        while at != order.tail() {
            assert!(order.label[at] > label, "labels out of order");
            label = order.label[at];
            nodes.push(at);
            at = order.next[at];
        }
        assert!(order.label[order.tail()] > label);
        nodes
    }

    /// Moves `nodes` next to `anchor` in `expected`, as `Order` does.
    fn moved(expected: &mut Vec<usize>, anchor: usize, nodes: &[usize], after: bool) {
        let kept: Vec<usize> = expected
            .iter()
            .copied()
            .filter(|v| nodes.contains(v))
            .collect();
        expected.retain(|v| !nodes.contains(v));
        let at = expected.iter().position(|&v| v == anchor).unwrap() + usize::from(after);
        expected.splice(at..at, kept);
    }

    #[test]
    fn nodes_moved_to_one_place_again_and_again_keep_their_order() {
        // Each move to the front halves the free labels there, so labels
        // run out and ranges are spread out many times over.
        let n = 2_000;
        let mut order = Order::new(n);
        let mut expected: Vec<usize> = (0..n).collect();
        for v in (0..n).rev() {
            let first = expected[0];
            if v != first {
                order.move_before(first, vec![v]);
                moved(&mut expected, first, &[v], false);
            }
        }
        assert_eq!(listed(&order), expected);
        let last = *expected.last().unwrap();
        for v in 0..n {
            if v != last {
                order.move_after(last, vec![v]);
                moved(&mut expected, last, &[v], true);
            }
        }
        assert_eq!(listed(&order), expected);
    }

    #[test]
    fn groups_moved_about_keep_their_order() {
        let n = 300;
        let mut order = Order::new(n);
        let mut expected: Vec<usize> = (0..n).collect();
        let mut seed = 7u64;
        let mut random = |below: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % below
        };
        for round in 0..20_000 {
            let anchor = random(n);
            let mut nodes: Vec<usize> = (0..1 + random(5)).map(|_| random(n)).collect();
            nodes.sort_unstable();
            nodes.dedup();
            nodes.retain(|&v| v != anchor);
            let after = round % 2 == 0;
            if after {
                order.move_after(anchor, nodes.clone());
            } else {
                order.move_before(anchor, nodes.clone());
            }
            moved(&mut expected, anchor, &nodes, after);
            if round % 1_000 == 0 {
                assert_eq!(listed(&order), expected);
            }
        }
        assert_eq!(listed(&order), expected);
    }
}
