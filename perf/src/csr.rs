//! The floor: the same questions answered by breadth-first search over
//! plain compressed-sparse-row arrays built from the document, one array
//! pair per link kind and direction, with scratch buffers reused from one
//! query to the next (an epoch stamp instead of clearing).
//!
//! Entities are numbered as the document lists them: organisations, then
//! individuals, then services (the SQLite peer uses the same numbers).
//! Answers are ordered as the library orders them, by distance then id,
//! through a precomputed rank of each id.

use std::collections::HashMap;

use svcrel::{Date, Document};

const NONE: u32 = u32::MAX;

/// A date as the number `yyyymmdd`, which orders as dates do.
pub fn day(date: Date) -> u32 {
    date.year() as u32 * 10_000 + date.month() as u32 * 100 + date.day() as u32
}

/// When a link holds, as day numbers: `from <= d < until`.
#[derive(Clone, Copy)]
struct Period {
    from: u32,
    until: u32,
}

const ALWAYS: Period = Period {
    from: 0,
    until: u32::MAX,
};

impl Period {
    fn new(from: Option<Date>, until: Option<Date>) -> Self {
        Period {
            from: from.map_or(0, day),
            until: until.map_or(u32::MAX, day),
        }
    }

    #[inline]
    fn holds(self, on: Option<u32>) -> bool {
        on.is_none_or(|d| self.from <= d && d < self.until)
    }
}

/// Adjacency of one link kind in one direction.
struct Adj {
    offsets: Vec<u32>,
    targets: Vec<u32>,
    periods: Vec<Period>,
}

impl Adj {
    fn build(nodes: usize, edges: impl IntoIterator<Item = (u32, u32, Period)>) -> Adj {
        let edges: Vec<(u32, u32, Period)> = edges.into_iter().collect();
        let mut offsets = vec![0_u32; nodes + 1];
        for &(from, _, _) in &edges {
            offsets[from as usize + 1] += 1;
        }
        for i in 0..nodes {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut targets = vec![0; edges.len()];
        let mut periods = vec![ALWAYS; edges.len()];
        for (from, to, period) in edges {
            let at = fill[from as usize] as usize;
            targets[at] = to;
            periods[at] = period;
            fill[from as usize] += 1;
        }
        Adj {
            offsets,
            targets,
            periods,
        }
    }

    #[inline]
    fn of(&self, node: u32) -> impl Iterator<Item = (u32, Period)> + '_ {
        let range = self.offsets[node as usize] as usize..self.offsets[node as usize + 1] as usize;
        self.targets[range.clone()]
            .iter()
            .copied()
            .zip(self.periods[range].iter().copied())
    }

    fn bytes(&self) -> usize {
        self.offsets.len() * 4 + self.targets.len() * 4 + self.periods.len() * 8
    }
}

/// The kind of an entity.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Organisation,
    Individual,
    Service,
}

struct Fund {
    payer: u32,
    cash_or_trade: bool,
    period: Period,
    approvers: (u32, u32),
}

/// The graph, read-only once built.
struct Graph {
    ids: Vec<String>,
    index: HashMap<String, u32>,
    kinds: Vec<Kind>,
    rank: Vec<u32>,
    parent: Vec<u32>,
    provider: Vec<u32>,
    children: Adj,
    members: Adj,
    memberships: Adj,
    managers: Adj,
    users: Adj,
    dependents: Adj,
    fund_offsets: Vec<u32>,
    funds: Vec<Fund>,
    approvers: Vec<u32>,
}

/// Per-query scratch: visit stamps, distances and predecessors (for a
/// path, as the library keeps one).
struct Scratch {
    epoch: u32,
    seen: Vec<u32>,
    external: Vec<u32>,
    dist: Vec<u32>,
    pred: Vec<u32>,
}

/// The CSR floor: graph plus reusable scratch.
pub struct Floor {
    g: Graph,
    s: Scratch,
}

/// A consumers answer: parties and affected services, each `(node,
/// distance)`, ordered by distance then id.
pub struct Consumers {
    pub parties: Vec<(u32, u32)>,
    pub services: Vec<(u32, u32)>,
}

/// A customers answer: `(node, distance, external)`, ordered by distance
/// then id.
pub type Customers = Vec<(u32, u32, bool)>;

impl Floor {
    /// Builds the arrays from a (valid) document.
    pub fn new(doc: &Document) -> Floor {
        let mut ids: Vec<String> = Vec::new();
        let mut kinds = Vec::new();
        for o in &doc.organisations {
            ids.push(o.id.as_str().to_owned());
            kinds.push(Kind::Organisation);
        }
        for p in &doc.individuals {
            ids.push(p.id.as_str().to_owned());
            kinds.push(Kind::Individual);
        }
        for s in &doc.services {
            ids.push(s.id.as_str().to_owned());
            kinds.push(Kind::Service);
        }
        let n = ids.len();
        let index: HashMap<String, u32> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i as u32))
            .collect();
        let at = |id: &str| index[id];
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.sort_unstable_by(|&a, &b| ids[a as usize].cmp(&ids[b as usize]));
        let mut rank = vec![0; n];
        for (r, &node) in order.iter().enumerate() {
            rank[node as usize] = r as u32;
        }
        let mut parent = vec![NONE; n];
        for o in &doc.organisations {
            if let Some(p) = &o.parent {
                parent[at(o.id.as_str()) as usize] = at(p.as_str());
            }
        }
        let mut provider = vec![NONE; n];
        for s in &doc.services {
            provider[at(s.id.as_str()) as usize] = at(s.provider.as_str());
        }
        let children = Adj::build(
            n,
            (0..n as u32)
                .filter(|&o| parent[o as usize] != NONE)
                .map(|o| (parent[o as usize], o, ALWAYS)),
        );
        let members = Adj::build(
            n,
            doc.memberships.iter().map(|m| {
                let p = Period::new(m.from, m.until);
                (at(m.organisation.as_str()), at(m.individual.as_str()), p)
            }),
        );
        let memberships = Adj::build(
            n,
            doc.memberships.iter().map(|m| {
                let p = Period::new(m.from, m.until);
                (at(m.individual.as_str()), at(m.organisation.as_str()), p)
            }),
        );
        let managers = Adj::build(
            n,
            doc.reporting.iter().map(|r| {
                let p = Period::new(r.from, r.until);
                (at(r.individual.as_str()), at(r.manager.as_str()), p)
            }),
        );
        let users = Adj::build(
            n,
            doc.usage.iter().map(|u| {
                let p = Period::new(u.from, u.until);
                (at(u.service.as_str()), at(u.user.as_str()), p)
            }),
        );
        let dependents = Adj::build(
            n,
            doc.dependencies.iter().map(|d| {
                let p = Period::new(d.from, d.until);
                (at(d.depends_on.as_str()), at(d.service.as_str()), p)
            }),
        );
        let mut by_service: Vec<usize> = (0..doc.funding.len()).collect();
        by_service.sort_by_key(|&f| at(doc.funding[f].service.as_str()));
        let mut fund_offsets = vec![0_u32; n + 1];
        let mut funds = Vec::with_capacity(doc.funding.len());
        let mut approvers = Vec::new();
        for f in by_service {
            let f = &doc.funding[f];
            fund_offsets[at(f.service.as_str()) as usize + 1] += 1;
            let start = approvers.len() as u32;
            approvers.extend(f.approved_by.iter().map(|a| at(a.as_str())));
            funds.push(Fund {
                payer: at(f.payer.as_str()),
                cash_or_trade: f.payment.is_cash_or_trade(),
                period: Period::new(f.from, f.until),
                approvers: (start, approvers.len() as u32),
            });
        }
        for i in 0..n {
            fund_offsets[i + 1] += fund_offsets[i];
        }
        let g = Graph {
            ids,
            index,
            kinds,
            rank,
            parent,
            provider,
            children,
            members,
            memberships,
            managers,
            users,
            dependents,
            fund_offsets,
            funds,
            approvers,
        };
        let s = Scratch {
            epoch: 0,
            seen: vec![0; n],
            external: vec![0; n],
            dist: vec![0; n],
            pred: vec![NONE; n],
        };
        Floor { g, s }
    }

    /// The id of a node.
    pub fn id(&self, node: u32) -> &str {
        &self.g.ids[node as usize]
    }

    /// The node of an id.
    pub fn node(&self, id: &str) -> Option<u32> {
        self.g.index.get(id).copied()
    }

    /// Bytes of the arrays a query walks (not the id strings and index).
    pub fn bytes(&self) -> usize {
        let g = &self.g;
        let adj = [
            &g.children,
            &g.members,
            &g.memberships,
            &g.managers,
            &g.users,
            &g.dependents,
        ];
        adj.iter().map(|a| a.bytes()).sum::<usize>()
            + (g.rank.len() + g.parent.len() + g.provider.len() + g.fund_offsets.len()) * 4
            + g.funds.len() * std::mem::size_of::<Fund>()
            + g.approvers.len() * 4
    }

    /// Services no other service depends on (on any date).
    pub fn leaf_services(&self) -> Vec<u32> {
        (0..self.g.ids.len() as u32)
            .filter(|&n| {
                self.g.kinds[n as usize] == Kind::Service && self.g.dependents.of(n).count() == 0
            })
            .collect()
    }

    /// consumers_of(service, max, on): `max` None is no limit.
    pub fn consumers(&mut self, service: &str, max: Option<u32>, on: Option<u32>) -> Consumers {
        let (g, s) = (&self.g, &mut self.s);
        let root = g.index[service];
        s.next_epoch();
        s.visit(root, 0, NONE);
        let mut parties = Vec::new();
        let mut services = Vec::new();
        let mut layer = vec![root];
        let mut flood: Vec<u32> = Vec::new();
        let mut distance = 0;
        loop {
            for &a in &layer {
                for (user, period) in g.users.of(a) {
                    if period.holds(on) && s.visit(user, distance, a) {
                        flood.push(user);
                    }
                }
                let p = g.provider[a as usize];
                if a != root && p != NONE && s.visit(p, distance, a) {
                    flood.push(p);
                }
            }
            // Depth-first is as good as breadth-first here: every node
            // reached passes on the same distance.
            while let Some(x) = flood.pop() {
                parties.push(x);
                if g.kinds[x as usize] != Kind::Organisation {
                    continue;
                }
                for (child, _) in g.children.of(x) {
                    if s.visit(child, distance, x) {
                        flood.push(child);
                    }
                }
                for (member, period) in g.members.of(x) {
                    if period.holds(on) && s.visit(member, distance, x) {
                        flood.push(member);
                    }
                }
            }
            if max.is_some_and(|k| distance + 1 > k) {
                break;
            }
            let mut next = Vec::new();
            for &a in &layer {
                for (dependent, period) in g.dependents.of(a) {
                    if period.holds(on) && s.visit(dependent, distance + 1, a) {
                        next.push(dependent);
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            services.extend_from_slice(&next);
            layer = next;
            distance += 1;
        }
        Consumers {
            parties: g.ordered(parties.into_iter().map(|n| (n, s.dist[n as usize]))),
            services: g.ordered(services.into_iter().map(|n| (n, s.dist[n as usize]))),
        }
    }

    /// customers_of(service, k, on).
    pub fn customers(&mut self, service: &str, k: u32, on: Option<u32>) -> Customers {
        let (g, s) = (&self.g, &mut self.s);
        let root = g.index[service];
        s.next_epoch();
        let provider_top = g.top(g.provider[root as usize], on);
        let mut layer = Vec::new();
        let mut external = Vec::new();
        let range =
            g.fund_offsets[root as usize] as usize..g.fund_offsets[root as usize + 1] as usize;
        for f in &g.funds[range] {
            if !f.period.holds(on) {
                continue;
            }
            let approvers = &g.approvers[f.approvers.0 as usize..f.approvers.1 as usize];
            if s.visit(f.payer, 0, root) {
                layer.push(f.payer);
            }
            for &a in approvers {
                if s.visit(a, 0, f.payer) {
                    layer.push(a);
                }
            }
            if f.cash_or_trade && g.top(f.payer, on).iter().all(|t| !provider_top.contains(t)) {
                external.push(f.payer);
                external.extend_from_slice(approvers);
            }
        }
        let mut found = layer.clone();
        let mut distance = 0;
        while !layer.is_empty() && distance < k {
            let mut next = Vec::new();
            for &x in &layer {
                g.for_each_above(x, on, |up| {
                    if s.visit(up, distance + 1, x) {
                        next.push(up);
                    }
                });
            }
            found.extend_from_slice(&next);
            layer = next;
            distance += 1;
        }
        // Everything within k steps above an external seed is external.
        let epoch = s.epoch;
        let mut layer: Vec<u32> = Vec::new();
        for x in external {
            if s.external[x as usize] != epoch {
                s.external[x as usize] = epoch;
                layer.push(x);
            }
        }
        let mut distance = 0;
        while !layer.is_empty() && distance < k {
            let mut next = Vec::new();
            for &x in &layer {
                g.for_each_above(x, on, |up| {
                    if s.external[up as usize] != epoch {
                        s.external[up as usize] = epoch;
                        next.push(up);
                    }
                });
            }
            layer = next;
            distance += 1;
        }
        let mut out: Customers = found
            .into_iter()
            .map(|n| (n, s.dist[n as usize], s.external[n as usize] == epoch))
            .collect();
        out.sort_unstable_by_key(|&(n, d, _)| g.key(n, d));
        out
    }

    /// Whether `party` approves a funding link on `service` holding `on`.
    pub fn sponsors(&self, party: &str, service: &str, on: Option<u32>) -> bool {
        let g = &self.g;
        let (p, root) = (g.index[party], g.index[service]);
        let range =
            g.fund_offsets[root as usize] as usize..g.fund_offsets[root as usize + 1] as usize;
        g.funds[range].iter().any(|f| {
            f.period.holds(on)
                && g.approvers[f.approvers.0 as usize..f.approvers.1 as usize].contains(&p)
        })
    }
}

impl Scratch {
    fn next_epoch(&mut self) {
        if self.epoch == u32::MAX {
            self.seen.fill(0);
            self.external.fill(0);
            self.epoch = 0;
        }
        self.epoch += 1;
    }

    /// Marks a node reached at `distance` from `pred`; false if it was
    /// reached before in this query.
    #[inline]
    fn visit(&mut self, node: u32, distance: u32, pred: u32) -> bool {
        let i = node as usize;
        if self.seen[i] == self.epoch {
            return false;
        }
        self.seen[i] = self.epoch;
        self.dist[i] = distance;
        self.pred[i] = pred;
        true
    }
}

impl Graph {
    /// The sort key: distance, then id.
    fn key(&self, node: u32, distance: u32) -> u64 {
        (u64::from(distance) << 32) | u64::from(self.rank[node as usize])
    }

    fn ordered(&self, found: impl Iterator<Item = (u32, u32)>) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = found.collect();
        out.sort_unstable_by_key(|&(n, d)| self.key(n, d));
        out
    }

    /// One step up the customer chain: managers, or the parent.
    #[inline]
    fn for_each_above(&self, node: u32, on: Option<u32>, mut f: impl FnMut(u32)) {
        match self.kinds[node as usize] {
            Kind::Individual => {
                for (manager, period) in self.managers.of(node) {
                    if period.holds(on) {
                        f(manager);
                    }
                }
            }
            Kind::Organisation => {
                let p = self.parent[node as usize];
                if p != NONE {
                    f(p);
                }
            }
            Kind::Service => {}
        }
    }

    fn root(&self, mut org: u32) -> u32 {
        while self.parent[org as usize] != NONE {
            org = self.parent[org as usize];
        }
        org
    }

    /// `top(party)` on a date: the roots of its organisations.
    fn top(&self, party: u32, on: Option<u32>) -> Vec<u32> {
        if party == NONE {
            return Vec::new();
        }
        match self.kinds[party as usize] {
            Kind::Organisation => vec![self.root(party)],
            Kind::Service => Vec::new(),
            Kind::Individual => {
                let mut tops: Vec<u32> = self
                    .memberships
                    .of(party)
                    .filter(|(_, period)| period.holds(on))
                    .map(|(org, _)| self.root(org))
                    .collect();
                if tops.is_empty() {
                    tops.push(party);
                }
                tops
            }
        }
    }
}
