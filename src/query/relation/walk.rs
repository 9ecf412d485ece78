//! The walk behind `relation`: the party's side, then the customer and
//! consumer roles from it.

use jiff::civil::Date;
use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use crate::ids::EntityKind;
use crate::model::{At, LinkKind, Model, NodeDistances, NodeList, NodeMap, SIDE_LINKS};
use crate::query::customers::Scope;
use crate::query::evidence::RoleEvidence;
use crate::query::relation::{Relation, Role};
use crate::query::{MaxChain, Query};

/// A walk up a party's side (see `Model::side_of`).
struct SideWalk<'a> {
    model: &'a Model,
    mine: NodeList,
    side: Vec<At<'a>>,
}

impl<'a> SideWalk<'a> {
    /// Adds a node of the side; false if it was in already.
    fn add(&mut self, at: At<'a>) -> bool {
        let new = self.mine.insert(at.node());
        if new {
            self.side.push(at);
        }
        new
    }

    /// Adds the side organisations from `start` up, until the top or one
    /// met before.
    fn climb(&mut self, start: Option<NodeIndex>) {
        let model = self.model;
        let mut current = start;
        // Parent chains have no cycles; the bound only makes sure.
        let mut steps = model.node_count();
        while let (Some(org), Some(left)) = (current, steps.checked_sub(1)) {
            steps = left;
            // From the snapshot's side records where it can say: they skip
            // the organisations without side links.
            if let Some(mut records) = model.side_records(org) {
                for at in records.by_ref() {
                    if !self.add(at) {
                        return; // the rest of the chain is in already
                    }
                    let Some(left) = steps.checked_sub(1) else {
                        return;
                    };
                    steps = left;
                }
                // Records whose next the snapshot cannot say (a parent
                // cycle): on from the last one's parent.
                current = records.go_on_from().and_then(|last| model.parent_of(last));
                continue;
            }
            let at = model.at(org);
            if at.may_have_any(&SIDE_LINKS) && !self.add(at) {
                return;
            }
            current = model.parent_of(org);
        }
    }
}

/// What a relation is asked for: its roles alone (`Model::relation`, a
/// microsecond or two), or each with the links that make it so
/// (`Model::explain`, which also finds and writes out a path per role).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Proof {
    /// The roles only: each search stops at the first way it finds.
    Roles,
    /// The roles, each with its links, chosen as `RoleEvidence` says.
    Links,
}

impl Model {
    pub(crate) fn relation_of(
        &self,
        party: NodeIndex,
        service: NodeIndex,
        query: &Query,
        proof: Proof,
    ) -> Relation {
        let date = query.date();
        let links = proof == Proof::Links;
        // Each role found with the links that make it so.
        let mut found: Vec<(Role, Vec<EdgeIndex>)> = Vec::new();
        let provider = self.provider_of(service);
        // The payers and approvers of the service's funding on the date:
        // where the customer chain starts, and whether the party approves.
        // (Read before the party's side, which waits on the party's
        // record: at scale the two reads overlap.)
        let mut seeds = NodeList::default();
        let mut sponsor = None;
        for funding in self.fundings(service, date) {
            seeds.insert(funding.payer);
            for &a in funding.approved_by {
                seeds.insert(a);
                if a == party
                    && sponsor
                        .is_none_or(|e| links && self.edge_seq(funding.edge) < self.edge_seq(e))
                {
                    sponsor = Some(funding.edge);
                }
            }
        }
        let (mine, side) = self.side_of(party, date);
        let is_provider = provider.is_some_and(|p| mine.contains(p));
        if let (true, Some(p)) = (is_provider, provider) {
            let mut way = Vec::new();
            if links {
                way = self.up_path(party, p, date).unwrap_or_default();
                way.extend(self.provider_link(service));
            }
            found.push((Role::Provider, way));
        }
        if let Some((distance, scope, way)) = self.customer_role(
            party,
            service,
            &seeds,
            query.customer_max_chain(),
            date,
            proof,
        ) {
            found.push((Role::Customer { distance, scope }, way));
        }
        if let Some((distance, way)) = self.consumer_way(
            &mine,
            &side,
            service,
            query.consumer_max_chain(),
            date,
            proof,
        ) {
            let way = way.map_or_else(Vec::new, |way| self.consumer_links(party, way, date));
            found.push((Role::Consumer { distance }, way));
        }
        if let Some(e) = sponsor {
            found.push((Role::Sponsor, vec![e]));
        }
        // Client and partner: whether what the party's side oversees or
        // partners with is the provider or above it. `mine` holds no
        // individual but the party: an individual overseer passes the role
        // to nobody. The first link found is kept as evidence: (the
        // party's side's node, the other end, the link).
        let (mut client, mut partner) = (None, None);
        if let Some(p) = provider {
            // Whom a link reaches is asked first, its dates (a read of the
            // link itself) only for a link that reaches the provider's side.
            // The provider's side is found once, on the first link met.
            // (Kept by the snapshot for most services.)
            let kept = self.provider_chain(service);
            let mut theirs: Option<NodeList> = None;
            let mut reaches = |&(o, e): &(NodeIndex, EdgeIndex)| {
                let on_their_side = match kept {
                    Some(chain) => chain.contains(&o),
                    None => theirs
                        .get_or_insert_with(|| self.self_and_above(p, date))
                        .contains(o),
                };
                on_their_side && self.holds_on(e, date)
            };
            // Of the links that reach, the one listed first in the
            // document.
            let seq = |hit: &Option<(NodeIndex, NodeIndex, EdgeIndex)>| {
                hit.map_or(u32::MAX, |(_, _, e)| self.edge_seq(e))
            };
            // For the roles alone, the first link that reaches will do.
            let sooner = |hit: &Option<_>, kept: &Option<_>| match proof {
                Proof::Roles => kept.is_none(),
                Proof::Links => seq(hit) < seq(kept),
            };
            for at in &side {
                for (o, e) in at.links(Outgoing, LinkKind::Oversight, None) {
                    let hit = Some((at.node(), o, e));
                    if sooner(&hit, &client) && reaches(&(o, e)) {
                        client = hit;
                    }
                }
                let partnerships = at
                    .links(Outgoing, LinkKind::Partnership, None)
                    .chain(at.links(Incoming, LinkKind::Partnership, None));
                for (o, e) in partnerships {
                    let hit = Some((at.node(), o, e));
                    if sooner(&hit, &partner) && reaches(&(o, e)) {
                        partner = hit;
                    }
                }
            }
        }
        let across = |(mine_end, theirs, e): (NodeIndex, NodeIndex, EdgeIndex)| {
            if !links {
                return Vec::new();
            }
            let up = self.up_path(party, mine_end, date).unwrap_or_default();
            match provider {
                Some(p) => self.across_to_provider(up, Some(e), theirs, p, service, date),
                None => up,
            }
        };
        if let Some(hit) = client {
            found.push((Role::Client, across(hit)));
        }
        if !is_provider && self.kind_of(party) == EntityKind::Individual {
            if let Some(p) = provider {
                if self.share_a_top(party, p, date) {
                    let way = if links {
                        self.colleague_links(party, p, service, date)
                    } else {
                        Vec::new()
                    };
                    found.push((Role::Colleague, way));
                }
            }
        }
        if let Some(hit) = partner {
            found.push((Role::Partner, across(hit)));
        }
        match proof {
            Proof::Roles => Relation::roles_only(found.into_iter().map(|(role, _)| role).collect()),
            Proof::Links => Relation::new(
                found
                    .into_iter()
                    .map(|(role, links)| RoleEvidence {
                        role,
                        links: self.evidence_links(&links),
                    })
                    .collect(),
            ),
        }
    }

    /// The colleague's links: up from `party` to the first top (through
    /// its memberships in document order) it shares with `provider`, down
    /// from there to the provider, and the provider link.
    fn colleague_links(
        &self,
        party: NodeIndex,
        provider: NodeIndex,
        service: NodeIndex,
        date: Option<Date>,
    ) -> Vec<EdgeIndex> {
        let theirs = self.top_nodes(provider, date);
        let top = self
            .links_out(party, LinkKind::Membership, date)
            .filter(|&(org, _)| theirs.binary_search(&self.root_of(org)).is_ok())
            .min_by_key(|&(_, e)| self.edge_seq(e))
            .map(|(org, _)| self.root_of(org));
        match top {
            Some(top) => {
                let up = self.up_path(party, top, date).unwrap_or_default();
                self.across_to_provider(up, None, top, provider, service, date)
            }
            None => Vec::new(),
        }
    }

    /// The consumer's links: from `party` up to the node of its side that
    /// uses (or provides) the service the way starts from, then that link
    /// and the dependencies.
    fn consumer_links(
        &self,
        party: NodeIndex,
        way: ConsumerWay,
        date: Option<Date>,
    ) -> Vec<EdgeIndex> {
        let mut out = self.up_path(party, way.user, date).unwrap_or_default();
        out.push(way.link);
        out.extend(way.deps);
        out
    }

    /// The party's side: of the party and the organisations
    /// [`Self::self_and_above`] gives, those that may have links of a
    /// kind in [`SIDE_LINKS`] (most organisations on a chain have none),
    /// as a set and as a list of their records. Every question of
    /// `relation_of` about the party's organisations is about those links,
    /// or about whether one of them is the provider, which has a provider
    /// link.
    fn side_of(&self, party: NodeIndex, date: Option<Date>) -> (NodeList, Vec<At<'_>>) {
        let mut walk = SideWalk {
            model: self,
            mine: NodeList::default(),
            side: Vec::with_capacity(8),
        };
        match self.kind_of(party) {
            EntityKind::Organisation => walk.climb(Some(party)),
            EntityKind::Individual => {
                let at = self.at(party);
                if at.may_have_any(&SIDE_LINKS) {
                    walk.add(at);
                }
                for org in self.ups(party, LinkKind::Membership, date) {
                    walk.climb(Some(org));
                }
            }
            EntityKind::Service => {}
        }
        (walk.mine, walk.side)
    }

    /// The party, and for an organisation its ancestors; for an
    /// individual, the organisations it is a member of on `date` and
    /// their ancestors. Without repeats.
    fn self_and_above(&self, party: NodeIndex, date: Option<Date>) -> NodeList {
        let mut out = NodeList::default();
        out.insert(party);
        let climb = |out: &mut NodeList, start: Option<NodeIndex>| {
            let mut current = start;
            while let Some(org) = current {
                if !out.insert(org) {
                    break;
                }
                current = self.parent_of(org);
            }
        };
        match self.kind_of(party) {
            EntityKind::Organisation => climb(&mut out, self.parent_of(party)),
            EntityKind::Individual => {
                for org in self.ups(party, LinkKind::Membership, date) {
                    climb(&mut out, Some(org));
                }
            }
            EntityKind::Service => {}
        }
        out
    }

    /// Whether two parties have a top (see [`Model::top`]) in common on
    /// `date`.
    fn share_a_top(&self, a: NodeIndex, b: NodeIndex, date: Option<Date>) -> bool {
        if self.kind_of(a) == EntityKind::Individual && self.kind_of(b) == EntityKind::Organisation
        {
            // The common case, without building either set: `b`'s top is
            // its root, and an individual with no membership on the date
            // (its own top) is no organisation's root.
            let root = self.root_of(b);
            return self
                .ups(a, LinkKind::Membership, date)
                .any(|org| self.root_of(org) == root);
        }
        let theirs = self.top_nodes(b, date);
        self.top_nodes(a, date)
            .iter()
            .any(|t| theirs.binary_search(t).is_ok())
    }

    /// The customer role of `party` ([`Model::customers_of`] without the
    /// list): the fewest steps up the chain from `seeds` (the payers and
    /// approvers of `service`'s funding on the date), and whether it is
    /// that close to an external payer or its approver; with the links
    /// that show it: the chain from the party down to the seed the search
    /// met first, then the first funding link (document order) that seed
    /// pays or approves.
    fn customer_role(
        &self,
        party: NodeIndex,
        service: NodeIndex,
        seeds: &NodeList,
        max: MaxChain,
        date: Option<Date>,
        proof: Proof,
    ) -> Option<(u32, Scope, Vec<EdgeIndex>)> {
        let mut below = Vec::new();
        let record = (proof == Proof::Links).then_some(&mut below);
        let distance = self.steps_up_to(seeds.as_slice(), party, max, date, record)?;
        // The party is a customer: now see whether an external payer (or
        // its approver) is as close.
        let mut external = NodeList::default();
        let provider_top = self
            .provider_of(service)
            .map(|p| self.top_nodes(p, date))
            .unwrap_or_default();
        for funding in self.fundings(service, date) {
            if self.pays_from_outside(funding.payment, funding.payer, &provider_top, date) {
                external.insert(funding.payer);
                for &a in funding.approved_by {
                    external.insert(a);
                }
            }
        }
        let scope = if self
            .steps_up_to(external.as_slice(), party, max, date, None)
            .is_some()
        {
            Scope::External
        } else {
            Scope::Internal
        };
        if proof == Proof::Roles {
            return Some((distance, scope, Vec::new()));
        }
        // Down the chain from the party to the seed.
        let up = match self.kind_of(party) {
            EntityKind::Individual => LinkKind::Reporting,
            _ => LinkKind::Parent,
        };
        // Down from the party, one layer of the search nearer the seeds at
        // each step, by the link listed first in the document.
        let mut links = Vec::new();
        let mut current = party;
        let layers = Trail::new(&below);
        for layer in (0..distance).rev() {
            let Some((lower, e)) = self
                .links_in(current, up, date)
                .filter(|&(lower, _)| layers.get(lower) == Some(layer))
                .min_by_key(|&(_, e)| self.edge_seq(e))
            else {
                break;
            };
            links.push(e);
            current = lower;
        }
        let funding = self
            .fundings(service, date)
            .filter(|f| f.payer == current || f.approved_by.contains(&current))
            .map(|f| f.edge)
            .min_by_key(|&e| self.edge_seq(e));
        links.extend(funding);
        Some((distance, scope, links))
    }

    /// The fewest steps up the customer chain (reporting lines for
    /// individuals, parents for organisations) from any of `seeds` to
    /// `goal`, within `max`. With `layers`, each node met on the way is
    /// recorded with its distance from the seeds, as (node, distance):
    /// every node nearer than the goal is.
    fn steps_up_to(
        &self,
        seeds: &[NodeIndex],
        goal: NodeIndex,
        max: MaxChain,
        date: Option<Date>,
        mut layers: Option<&mut Vec<(NodeIndex, u32)>>,
    ) -> Option<u32> {
        // The chain never changes kind, so only seeds of the goal's kind
        // can reach it.
        let kind = self.kind_of(goal);
        let up = match kind {
            EntityKind::Individual => LinkKind::Reporting,
            EntityKind::Organisation => LinkKind::Parent,
            EntityKind::Service => return None,
        };
        // No chain reaches a goal that no one reports to (or that has no
        // sub-organisations): only distance 0 is left, and the seeds'
        // records need not be read.
        let reached = self.at(goal).may_have_any(&[(Incoming, up)]);
        if !reached || !max.allows(1) {
            return seeds.contains(&goal).then_some(0);
        }
        let mut seen = NodeList::default();
        let mut layer: Vec<NodeIndex> = Vec::new();
        for &s in seeds {
            if s == goal {
                return Some(0);
            }
            if self.kind_of(s) == kind && seen.insert(s) {
                if let Some(layers) = layers.as_deref_mut() {
                    layers.push((s, 0));
                }
                layer.push(s);
            }
        }
        let mut distance = 0;
        let mut next = Vec::new();
        while !layer.is_empty() && max.allows(distance + 1) {
            distance += 1;
            next.clear();
            for &n in &layer {
                for above in self.ups(n, up, date) {
                    if above == goal {
                        return Some(distance);
                    }
                    if seen.insert(above) {
                        if let Some(layers) = layers.as_deref_mut() {
                            layers.push((above, distance));
                        }
                        next.push(above);
                    }
                }
            }
            std::mem::swap(&mut layer, &mut next);
        }
        None
    }

    /// The consumer distance of a party whose self-and-above set is
    /// `mine`: the fewest dependency steps from a service those use (or
    /// provide, other than `service`) to `service`, with the service it
    /// starts from and the dependency links from there.
    ///
    /// Mostly a bidirectional breadth-first search: forwards from those services
    /// along the services they depend on, backwards from `service` along
    /// the services that depend on it, always growing the smaller
    /// frontier. Once the two depths add up to the best distance met (or
    /// to the cutoff), no shorter way is left.
    fn consumer_way(
        &self,
        mine: &NodeList,
        side: &[At<'_>],
        service: NodeIndex,
        max: MaxChain,
        date: Option<Date>,
        proof: Proof,
    ) -> Option<(u32, Option<ConsumerWay>)> {
        // A side that uses or provides very many services (the IT
        // department, say) would start a forward search from all of them:
        // search backwards alone instead, asking of each service met
        // whether the party's side uses or provides it.
        let many: usize = side
            .iter()
            .map(|at| {
                at.count(Outgoing, LinkKind::Usage)
                    .saturating_add(at.count(Incoming, LinkKind::Provider))
            })
            .fold(0, usize::saturating_add);
        if many > Self::MANY_STARTS {
            self.consumer_distance_backwards(mine, service, max, date, proof)
        } else {
            self.consumer_distance_both_ways(side, service, max, date, proof)
        }
    }

    /// [`Self::consumer_way`] by the bidirectional search.
    fn consumer_distance_both_ways(
        &self,
        side: &[At<'_>],
        service: NodeIndex,
        max: MaxChain,
        date: Option<Date>,
        proof: Proof,
    ) -> Option<(u32, Option<ConsumerWay>)> {
        let links = proof == Proof::Links;
        // Dependency spans (see `Adjacency::span`) tell which services
        // cannot reach `service`: the forward search skips them.
        let target = self.reach_target(service);
        let may_reach = |s: NodeIndex| self.may_reach(s, target);
        // The services at forward distance 0, sorted; `forward` holds the
        // ones met further on.
        let mut front: Vec<NodeIndex> = Vec::new();
        // Each service of the front with the node of the side that uses
        // or provides it and the link, the first met first.
        let mut starts: Vec<(NodeIndex, NodeIndex, EdgeIndex)> = Vec::new();
        let mut direct: Option<(NodeIndex, EdgeIndex)> = None;
        for at in side {
            // A link's dates (a read of the link) are checked only for a
            // service that may lead to `service`.
            for (used, e) in at.links(Outgoing, LinkKind::Usage, None) {
                if used == service {
                    // The side uses the service itself: the usage link
                    // listed first in the document shows it.
                    let first =
                        direct.is_none_or(|(_, d)| links && self.edge_seq(e) < self.edge_seq(d));
                    if first && self.holds_on(e, date) {
                        direct = Some((at.node(), e));
                    }
                    continue;
                }
                if used != service && may_reach(used) && self.holds_on(e, date) {
                    front.push(used);
                    if links {
                        starts.push((used, at.node(), e));
                    }
                }
            }
            for (provided, e) in at.links(Incoming, LinkKind::Provider, None) {
                if provided != service && may_reach(provided) {
                    front.push(provided);
                    if links {
                        starts.push((provided, at.node(), e));
                    }
                }
            }
        }
        if let Some((user, e)) = direct {
            return Some((0, links.then(|| ConsumerWay::at(service, user, e))));
        }
        if front.is_empty() || !max.allows(1) {
            return None;
        }
        front.sort_unstable();
        front.dedup();
        let start = front.clone();
        let mut forward = NodeDistances::default();
        let forward_get = |forward: &NodeDistances, s: NodeIndex| {
            if start.binary_search(&s).is_ok() {
                Some(0)
            } else {
                forward.get(s)
            }
        };
        // Nor can a service outside the spans of every service in the
        // front be reached from it: the backward search skips those.
        let bounds = front
            .iter()
            .map(|&s| self.span(s))
            .try_fold((u32::MAX, 0), |(lo, hi), span| {
                span.map(|(low, post)| (lo.min(low), hi.max(post)))
            });
        let below_ceiling = |s: NodeIndex| match (bounds, self.span(s)) {
            (Some((lo, hi)), Some((_, post))) => lo <= post && post <= hi,
            _ => true,
        };
        let mut backward = NodeDistances::default();
        backward.insert(service, 0);
        let mut back = vec![service];
        let mut next = Vec::new();
        let (mut df, mut db) = (0u32, 0u32);
        let mut best: Option<u32> = None;
        while !front.is_empty()
            && !back.is_empty()
            && best.is_none_or(|b| df + db < b)
            && max.allows(df + db + 1)
        {
            next.clear();
            if front.len() <= back.len() {
                for &x in &front {
                    for (y, _) in self.links_out(x, LinkKind::Dependency, date) {
                        if may_reach(y)
                            && start.binary_search(&y).is_err()
                            && forward.insert(y, df + 1)
                        {
                            if let Some(d) = backward.get(y) {
                                best = Some(best.map_or(df + 1 + d, |b| b.min(df + 1 + d)));
                            }
                            next.push(y);
                        }
                    }
                }
                std::mem::swap(&mut front, &mut next);
                df += 1;
            } else {
                for &x in &back {
                    for (y, _) in self.links_in(x, LinkKind::Dependency, date) {
                        if below_ceiling(y) && backward.insert(y, db + 1) {
                            if let Some(d) = forward_get(&forward, y) {
                                best = Some(best.map_or(d + db + 1, |b| b.min(d + db + 1)));
                            }
                            next.push(y);
                        }
                    }
                }
                std::mem::swap(&mut back, &mut next);
                db += 1;
            }
        }
        let distance = best.filter(|&b| max.allows(b))?;
        if !links {
            return Some((distance, None));
        }
        let start_of = |y: NodeIndex| {
            starts
                .iter()
                .filter(|&&(s, _, _)| s == y)
                .map(|&(_, user, e)| (user, e))
                .min_by_key(|&(_, e)| self.start_key(e))
        };
        let way = self.canonical_way(service, distance, date, start_of)?;
        Some((distance, Some(way)))
    }

    /// The way a consumer at `distance` (at least 1) from `service` is
    /// shown by, the same however the model stores its links: the
    /// services at each dependency distance from `service` up to
    /// `distance` found backwards, then, of the services at `distance`
    /// that `start_of` says the party's side uses or provides (with the
    /// link), the one whose link comes first (see [`Self::start_key`]), and
    /// from it at each step the dependency listed first in the document
    /// among those one step nearer `service`.
    fn canonical_way(
        &self,
        service: NodeIndex,
        distance: u32,
        date: Option<Date>,
        start_of: impl Fn(NodeIndex) -> Option<(NodeIndex, EdgeIndex)>,
    ) -> Option<ConsumerWay> {
        let mut nearer = NodeDistances::default();
        nearer.insert(service, 0);
        let mut layer = vec![service];
        let mut next = Vec::new();
        for d in 1..=distance {
            next.clear();
            for &x in &layer {
                for (y, _) in self.links_in(x, LinkKind::Dependency, date) {
                    if nearer.insert(y, d) {
                        next.push(y);
                    }
                }
            }
            std::mem::swap(&mut layer, &mut next);
        }
        let (start, user, link) = layer
            .iter()
            .filter_map(|&y| start_of(y).map(|(user, e)| (y, user, e)))
            .min_by_key(|&(_, _, e)| self.start_key(e))?;
        let mut deps = Vec::with_capacity(distance as usize);
        let mut current = start;
        for d in (0..distance).rev() {
            let (y, e) = self
                .links_out(current, LinkKind::Dependency, date)
                .filter(|&(y, _)| nearer.get(y) == Some(d))
                .min_by_key(|&(_, e)| self.edge_seq(e))?;
            deps.push(e);
            current = y;
        }
        Some(ConsumerWay { user, link, deps })
    }

    /// Above this many services used or provided by the party's side,
    /// [`Self::consumer_way`] searches backwards alone.
    const MANY_STARTS: usize = 256;

    /// [`Self::consumer_way`] by a breadth-first search backwards
    /// from `service` alone: the first service met that the party's side
    /// uses (or provides, other than `service`) gives the distance.
    fn consumer_distance_backwards(
        &self,
        mine: &NodeList,
        service: NodeIndex,
        max: MaxChain,
        date: Option<Date>,
        proof: Proof,
    ) -> Option<(u32, Option<ConsumerWay>)> {
        let used = |s: NodeIndex| {
            self.links_in(s, LinkKind::Usage, None)
                .filter(|&(user, e)| mine.contains(user) && self.holds_on(e, date))
                .min_by_key(|&(_, e)| self.edge_seq(e))
        };
        if let Some((user, e)) = used(service) {
            return Some((
                0,
                (proof == Proof::Links).then(|| ConsumerWay::at(service, user, e)),
            ));
        }
        let mut seen = NodeList::default();
        seen.insert(service);
        let mut layer = vec![service];
        let mut next = Vec::new();
        let mut distance = 0;
        while !layer.is_empty() && max.allows(distance + 1) {
            distance += 1;
            next.clear();
            for &x in &layer {
                for (y, _) in self.links_in(x, LinkKind::Dependency, date) {
                    if !seen.insert(y) {
                        continue;
                    }
                    let provided = self.provider_of(y).is_some_and(|p| mine.contains(p));
                    if provided || used(y).is_some() {
                        if proof == Proof::Roles {
                            return Some((distance, None));
                        }
                        let start_of = |s: NodeIndex| {
                            let provided = self
                                .provider_of(s)
                                .filter(|&p| mine.contains(p))
                                .and_then(|p| Some((p, self.provider_link(s)?)));
                            used(s).or(provided)
                        };
                        let way = self.canonical_way(service, distance, date, start_of)?;
                        return Some((distance, Some(way)));
                    }
                    next.push(y);
                }
            }
            std::mem::swap(&mut layer, &mut next);
        }
        None
    }
}

impl Model {
    /// Which of the links a consumer's way may start with comes first:
    /// a usage link before a provider link, then the one listed first in
    /// the document.
    fn start_key(&self, e: EdgeIndex) -> (bool, u32) {
        let provider = self.edge(e).is_some_and(|w| w.kind == LinkKind::Provider);
        (provider, self.edge_seq(e))
    }
}

/// What a search recorded of the nodes it met, as (node, what of it),
/// looked up by node: by a scan while short, through a map once long.
enum Trail<'a, V> {
    Short(&'a [(NodeIndex, V)]),
    Long(NodeMap<V>),
}

impl<'a, V: Copy> Trail<'a, V> {
    fn new(records: &'a [(NodeIndex, V)]) -> Trail<'a, V> {
        if records.len() <= 32 {
            Trail::Short(records)
        } else {
            // The first record of a node wins, as in a scan.
            let mut map = NodeMap::default();
            for &(n, v) in records {
                map.entry(n).or_insert(v);
            }
            Trail::Long(map)
        }
    }

    fn get(&self, node: NodeIndex) -> Option<V> {
        match self {
            Trail::Short(records) => records.iter().find(|(n, _)| *n == node).map(|&(_, v)| v),
            Trail::Long(map) => map.get(&node).copied(),
        }
    }
}

/// How a party is a consumer: the node of its side that uses (or
/// provides) the service the way starts from, that usage (or provider)
/// link, and the dependency links from there to the service (as many as
/// the distance).
struct ConsumerWay {
    user: NodeIndex,
    link: EdgeIndex,
    deps: Vec<EdgeIndex>,
}

impl ConsumerWay {
    /// The service is used itself, by `user` through `link`.
    fn at(_service: NodeIndex, user: NodeIndex, link: EdgeIndex) -> ConsumerWay {
        ConsumerWay {
            user,
            link,
            deps: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both consumer searches give every party's distance to every
    /// service, on every date and cutoff.
    fn both_searches_agree(model: &Model, dates: &[Option<Date>]) {
        let parties: Vec<NodeIndex> = model
            .nodes()
            .filter(|&n| model.kind_of(n).is_party())
            .collect();
        let services: Vec<NodeIndex> = model
            .nodes()
            .filter(|&n| model.kind_of(n) == EntityKind::Service)
            .collect();
        for &date in dates {
            for &p in &parties {
                let mine = model.self_and_above(p, date);
                let side: Vec<At<'_>> = mine.as_slice().iter().map(|&m| model.at(m)).collect();
                for &s in &services {
                    for max in [
                        MaxChain::Steps(0),
                        MaxChain::Steps(1),
                        MaxChain::Steps(2),
                        MaxChain::Unlimited,
                    ] {
                        // Each search, for the roles alone and with the
                        // links: one distance.
                        let distances = [Proof::Roles, Proof::Links].map(|proof| {
                            [
                                model.consumer_distance_backwards(&mine, s, max, date, proof),
                                model.consumer_distance_both_ways(&side, s, max, date, proof),
                            ]
                            .map(|way| way.map(|(distance, _)| distance))
                        });
                        let first = distances[0][0];
                        assert!(
                            distances.iter().flatten().all(|&d| d == first),
                            "{} to {} on {date:?} within {max}: {distances:?}",
                            model.id(p),
                            model.id(s),
                        );
                    }
                }
            }
        }
    }

    /// A usage link added to an organisation the walk up used to skip
    /// (it had no side links) is seen before the snapshot is rebuilt.
    #[test]
    fn a_link_added_to_a_skipped_organisation_is_seen() {
        let fillers: Vec<String> = (0..64)
            .map(|i| format!(r#"{{"id": "filler-{i}", "parent": "root"}}"#))
            .collect();
        let json = format!(
            r#"{{"version": 1,
            "organisations": [{{"id": "root"}}, {{"id": "mid", "parent": "root"}},
                              {{"id": "team", "parent": "mid"}}, {}],
            "individuals": [{{"id": "ann"}}],
            "memberships": [{{"individual": "ann", "organisation": "team"}}],
            "services": [{{"id": "s", "provider": "root"}}]}}"#,
            fillers.join(", ")
        );
        let mut model = Model::from_json_str(&json).expect("valid");
        let q = Query::new();
        assert_eq!(
            model.relation("ann", "s", &q).expect("known").consumer(),
            None
        );
        model
            .add_link(crate::document::Usage::new("mid", "s"))
            .expect("a valid link");
        assert!(!model.snapshot_is_fresh(), "not rebuilt yet");
        assert_eq!(
            model.relation("ann", "s", &q).expect("known").consumer(),
            Some(0)
        );
    }

    /// Memberships repeated in one organisation do not use up the walk
    /// before the party's other organisations.
    #[test]
    fn repeated_memberships_leave_the_other_organisations_on_the_side() {
        let json = r#"{"version": 1, "organisations": [{"id": "o0"}, {"id": "o1"}],
            "individuals": [{"id": "i0"}], "services": [{"id": "s0", "provider": "o0"}],
            "memberships": [{"individual": "i0", "organisation": "o0"},
                            {"individual": "i0", "organisation": "o0"},
                            {"individual": "i0", "organisation": "o0"},
                            {"individual": "i0", "organisation": "o1"}],
            "partnerships": [{"parties": ["o0", "o1"]}]}"#;
        let model = Model::from_json_str(json).expect("valid");
        let rel = model.relation("i0", "s0", &Query::new()).expect("known");
        assert_eq!(rel.roles(), [Role::Provider, Role::Partner]);
    }

    #[test]
    fn the_backward_search_agrees_with_the_bidirectional_one() {
        let model = Model::from_json_file("examples/data/sample.json").expect("the sample loads");
        both_searches_agree(
            &model,
            &[
                None,
                Some(Date::constant(2026, 3, 2)),
                Some(Date::constant(2028, 6, 1)),
            ],
        );
        #[cfg(feature = "synth")]
        {
            let doc = crate::Synthetic::new(1500).seed(5).document();
            let model = Model::from_document(&doc).expect("valid");
            both_searches_agree(&model, &[None, Some(Date::constant(2024, 6, 1))]);
        }
    }
}
