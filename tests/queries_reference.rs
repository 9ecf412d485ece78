//! The queries checked against a plain reference written from the
//! specification (SPEC section 3), on small random valid documents.
//!
//! The reference below is deliberately naive: it walks the document's
//! lists over and over, lowering distances until nothing changes. It uses
//! no graph and no cleverness, so that it can be read against the
//! specification line by line.
//!
//! Where the specification is silent the reference follows the reading
//! the crate documents: an individual provider's "organisations above it"
//! are the organisations it is a member of on the date and their
//! ancestors; and "one shortest path" is a path at the smallest distance
//! with the fewest links, whichever order the document lists things in.
//!
//! `PROPTEST_CASES` sets the number of cases (256 by default).

mod util;

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use svcrel::{
    Date, Document, EntityKind, EvidenceLink, EvidenceLinkKind, Funding, LinkType, MaxChain, Model,
    Query, Role, Scope,
};
use util::random::{build, day, raw};

// ---------------------------------------------------------------------
// Random valid documents (tests/util/random.rs)
// ---------------------------------------------------------------------

/// The as-of days a query is asked on (or it is asked with no date):
/// around and among the days links are dated with.
const QUERY_DAYS: [i8; 7] = [1, 2, 3, 4, 5, 6, 7];

#[derive(Clone, Debug)]
struct Case {
    doc: Document,
    service: String,
    date: Option<Date>,
    customer_chain: Option<u32>,
    consumer_chain: Option<u32>,
}

fn cutoff() -> impl Strategy<Value = Option<u32>> {
    prop_oneof![4 => (0u32..4).prop_map(Some), 1 => Just(None)]
}

fn case() -> impl Strategy<Value = Case> {
    (
        raw(),
        any::<Index>(),
        prop_oneof![
            2 => Just(None),
            5 => prop::sample::select(QUERY_DAYS.to_vec()).prop_map(Some),
        ],
        cutoff(),
        cutoff(),
    )
        .prop_map(|(raw, s, date, customer_chain, consumer_chain)| {
            let doc = build(&raw);
            let service = doc.services[s.index(doc.services.len())].id.to_string();
            Case {
                doc,
                service,
                date: date.map(day),
                customer_chain,
                consumer_chain,
            }
        })
}

// ---------------------------------------------------------------------
// The reference
// ---------------------------------------------------------------------

fn holds(from: Option<Date>, until: Option<Date>, date: Option<Date>) -> bool {
    match date {
        None => true,
        Some(d) => from.is_none_or(|f| f <= d) && until.is_none_or(|u| d < u),
    }
}

fn within(distance: u32, cutoff: Option<u32>) -> bool {
    cutoff.is_none_or(|k| distance <= k)
}

/// How an entity is reached: its distance (chain steps) and the number
/// of links of a shortest path to it (fewest links among the paths at
/// that distance). Compared as a pair: distance first.
type Reach = (u32, u32);

/// Lowers `id`'s reach to `r`; true when that changed anything.
fn relax(map: &mut BTreeMap<String, Reach>, id: &str, r: Reach) -> bool {
    match map.get(id) {
        Some(&old) if old <= r => false,
        _ => {
            map.insert(id.to_owned(), r);
            true
        }
    }
}

/// Ordered by distance, then id.
fn ordered(map: &BTreeMap<String, Reach>) -> Vec<(String, Reach)> {
    let mut v: Vec<(String, Reach)> = map.iter().map(|(id, &r)| (id.clone(), r)).collect();
    v.sort_by(|a, b| (a.1.0, &a.0).cmp(&(b.1.0, &b.0)));
    v
}

/// Party, kind, distance, scope, and the number of links of its path.
type CustomerRow = (String, EntityKind, u32, Scope, usize);
/// Party, kind, distance, and the number of links of its path.
type ConsumerRow = (String, EntityKind, u32, usize);

struct Reference<'d> {
    doc: &'d Document,
    date: Option<Date>,
}

impl Reference<'_> {
    fn kind(&self, id: &str) -> EntityKind {
        if self.doc.organisations.iter().any(|o| o.id == id) {
            EntityKind::Organisation
        } else if self.doc.individuals.iter().any(|i| i.id == id) {
            EntityKind::Individual
        } else {
            assert!(self.doc.services.iter().any(|s| s.id == id), "{id} exists");
            EntityKind::Service
        }
    }

    fn parent(&self, org: &str) -> Option<&str> {
        self.doc
            .organisations
            .iter()
            .find(|o| o.id == org)
            .and_then(|o| o.parent.as_ref())
            .map(|p| p.as_str())
    }

    /// The organisation itself and every organisation above it.
    fn self_and_ancestors(&self, org: &str) -> Vec<String> {
        let mut out = vec![org.to_owned()];
        let mut current = org;
        while let Some(p) = self.parent(current) {
            out.push(p.to_owned());
            current = p;
        }
        out
    }

    fn root(&self, org: &str) -> String {
        self.self_and_ancestors(org).pop().expect("never empty")
    }

    /// The organisations an individual is a member of on the date.
    fn member_of(&self, individual: &str) -> Vec<&str> {
        self.doc
            .memberships
            .iter()
            .filter(|m| m.individual == individual && holds(m.from, m.until, self.date))
            .map(|m| m.organisation.as_str())
            .collect()
    }

    /// SPEC section 3: for an organisation, its root; for an individual,
    /// the roots of the organisations they are a member of on the date,
    /// or the individual alone.
    fn top(&self, party: &str) -> BTreeSet<String> {
        match self.kind(party) {
            EntityKind::Organisation => BTreeSet::from([self.root(party)]),
            _ => {
                let tops: BTreeSet<String> =
                    self.member_of(party).iter().map(|o| self.root(o)).collect();
                if tops.is_empty() {
                    BTreeSet::from([party.to_owned()])
                } else {
                    tops
                }
            }
        }
    }

    /// The party, the organisations it belongs to (itself, for an
    /// organisation; its memberships on the date, for an individual) and
    /// every organisation above those.
    fn self_and_above(&self, party: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::from([party.to_owned()]);
        match self.kind(party) {
            EntityKind::Organisation => out.extend(self.self_and_ancestors(party)),
            _ => {
                for o in self.member_of(party) {
                    out.extend(self.self_and_ancestors(o));
                }
            }
        }
        out
    }

    fn provider(&self, service: &str) -> &str {
        self.doc
            .services
            .iter()
            .find(|s| s.id == service)
            .expect("the service exists")
            .provider
            .as_str()
    }

    /// Reaches up the customer chain (managers, parents) from `seeds`
    /// (each at distance 0, with the links of its own path), at most
    /// `cutoff` steps.
    fn chain(&self, seeds: &[(&str, u32)], cutoff: Option<u32>) -> BTreeMap<String, Reach> {
        let mut reach = BTreeMap::new();
        for &(s, links) in seeds {
            relax(&mut reach, s, (0, links));
        }
        loop {
            let mut changed = false;
            for r in &self.doc.reporting {
                if !holds(r.from, r.until, self.date) {
                    continue;
                }
                if let Some(&(d, l)) = reach.get(r.individual.as_str()) {
                    if within(d + 1, cutoff) {
                        changed |= relax(&mut reach, r.manager.as_str(), (d + 1, l + 1));
                    }
                }
            }
            for o in &self.doc.organisations {
                let (Some(p), Some(&(d, l))) = (&o.parent, reach.get(o.id.as_str())) else {
                    continue;
                };
                if within(d + 1, cutoff) {
                    changed |= relax(&mut reach, p.as_str(), (d + 1, l + 1));
                }
            }
            if !changed {
                return reach;
            }
        }
    }

    fn funding_on<'a>(&'a self, service: &'a str) -> impl Iterator<Item = &'a Funding> + 'a {
        self.doc
            .funding
            .iter()
            .filter(move |f| f.service == service && holds(f.from, f.until, self.date))
    }

    fn customers(&self, service: &str, cutoff: Option<u32>) -> Vec<CustomerRow> {
        // The payer: one link (funding); an approver: two (funding,
        // approval).
        let mut seeds: Vec<(&str, u32)> = Vec::new();
        let mut external: BTreeSet<String> = BTreeSet::new();
        let provider_top = self.top(self.provider(service));
        for f in self.funding_on(service) {
            let mut these = vec![(f.payer.as_str(), 1)];
            these.extend(f.approved_by.iter().map(|a| (a.as_str(), 2)));
            seeds.extend(these.iter().copied());
            let outside = self.top(f.payer.as_str()).is_disjoint(&provider_top);
            if f.payment.is_cash_or_trade() && outside {
                external.extend(self.chain(&these, cutoff).into_keys());
            }
        }
        ordered(&self.chain(&seeds, cutoff))
            .into_iter()
            .map(|(id, (d, links))| {
                let scope = if external.contains(&id) {
                    Scope::External
                } else {
                    Scope::Internal
                };
                (id.clone(), self.kind(&id), d, scope, links as usize)
            })
            .collect()
    }

    /// The consumers, and the affected services but `service`.
    fn consumers(
        &self,
        service: &str,
        cutoff: Option<u32>,
    ) -> (Vec<ConsumerRow>, Vec<(String, u32)>) {
        let date = self.date;
        let mut services = BTreeMap::from([(service.to_owned(), (0, 0))]);
        loop {
            let mut changed = false;
            for dep in &self.doc.dependencies {
                if !holds(dep.from, dep.until, date) {
                    continue;
                }
                if let Some(&(d, l)) = services.get(dep.depends_on.as_str()) {
                    if within(d + 1, cutoff) {
                        changed |= relax(&mut services, dep.service.as_str(), (d + 1, l + 1));
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let mut parties = BTreeMap::new();
        for u in &self.doc.usage {
            if let Some(&(d, l)) = services.get(u.service.as_str()) {
                if holds(u.from, u.until, date) {
                    relax(&mut parties, u.user.as_str(), (d, l + 1));
                }
            }
        }
        for s in &self.doc.services {
            if let Some(&(d, l)) = services.get(s.id.as_str()) {
                if s.id != service {
                    relax(&mut parties, s.provider.as_str(), (d, l + 1));
                }
            }
        }
        // An organisation passes its distance down, one link further.
        loop {
            let mut changed = false;
            for o in &self.doc.organisations {
                let Some(p) = &o.parent else { continue };
                if let Some(&(d, l)) = parties.get(p.as_str()) {
                    changed |= relax(&mut parties, o.id.as_str(), (d, l + 1));
                }
            }
            for m in &self.doc.memberships {
                if let Some(&(d, l)) = parties.get(m.organisation.as_str()) {
                    if holds(m.from, m.until, date) {
                        changed |= relax(&mut parties, m.individual.as_str(), (d, l + 1));
                    }
                }
            }
            if !changed {
                break;
            }
        }
        services.remove(service);
        let parties = ordered(&parties)
            .into_iter()
            .map(|(id, (d, links))| (id.clone(), self.kind(&id), d, links as usize))
            .collect();
        let services = ordered(&services)
            .into_iter()
            .map(|(id, (d, _))| (id, d))
            .collect();
        (parties, services)
    }

    fn roles(
        &self,
        party: &str,
        service: &str,
        customer_chain: Option<u32>,
        consumer_chain: Option<u32>,
    ) -> Vec<Role> {
        let date = self.date;
        let provider = self.provider(service);
        let mut roles = Vec::new();

        // provider: the provider, an organisation below it, or an
        // individual with a membership in it or below it.
        let is_provider = party == provider
            || match self.kind(party) {
                EntityKind::Organisation => {
                    self.self_and_ancestors(party).iter().any(|o| o == provider)
                }
                _ => self
                    .member_of(party)
                    .iter()
                    .any(|m| self.self_and_ancestors(m).iter().any(|o| o == provider)),
            };
        if is_provider {
            roles.push(Role::Provider);
        }

        if let Some((_, _, distance, scope, _)) = self
            .customers(service, customer_chain)
            .into_iter()
            .find(|c| c.0 == party)
        {
            roles.push(Role::Customer { distance, scope });
        }

        if let Some((_, _, distance, _)) = self
            .consumers(service, consumer_chain)
            .0
            .into_iter()
            .find(|c| c.0 == party)
        {
            roles.push(Role::Consumer { distance });
        }

        if self
            .funding_on(service)
            .any(|f| f.approved_by.iter().any(|a| a == party))
        {
            roles.push(Role::Sponsor);
        }

        // client: overseers of the provider or an organisation above it;
        // a client organisation passes the role down and to its members.
        let theirs = self.self_and_above(provider);
        let mut clients: BTreeSet<String> = self
            .doc
            .oversight
            .iter()
            .filter(|o| holds(o.from, o.until, date) && theirs.contains(o.organisation.as_str()))
            .map(|o| o.overseer.to_string())
            .collect();
        loop {
            let before = clients.len();
            for o in &self.doc.organisations {
                if o.parent
                    .as_ref()
                    .is_some_and(|p| clients.contains(p.as_str()))
                {
                    clients.insert(o.id.to_string());
                }
            }
            for m in &self.doc.memberships {
                if holds(m.from, m.until, date) && clients.contains(m.organisation.as_str()) {
                    clients.insert(m.individual.to_string());
                }
            }
            if clients.len() == before {
                break;
            }
        }
        if clients.contains(party) {
            roles.push(Role::Client);
        }

        if self.kind(party) == EntityKind::Individual
            && !is_provider
            && !self.top(party).is_disjoint(&self.top(provider))
        {
            roles.push(Role::Colleague);
        }

        let mine = self.self_and_above(party);
        if self.doc.partnerships.iter().any(|p| {
            let [a, b] = &p.parties;
            holds(p.from, p.until, date)
                && ((mine.contains(a.as_str()) && theirs.contains(b.as_str()))
                    || (mine.contains(b.as_str()) && theirs.contains(a.as_str())))
        }) {
            roles.push(Role::Partner);
        }
        roles
    }
}

// ---------------------------------------------------------------------
// The library's answers, with their paths checked against the document
// ---------------------------------------------------------------------

fn max_chain(cutoff: Option<u32>) -> MaxChain {
    cutoff.map_or(MaxChain::Unlimited, MaxChain::Steps)
}

fn query(customer_chain: Option<u32>, consumer_chain: Option<u32>, date: Option<Date>) -> Query {
    Query::new()
        .customer_chain(max_chain(customer_chain))
        .consumer_chain(max_chain(consumer_chain))
        .as_of(date)
}

/// A path, as plain data: the ids along it, and each step as (from,
/// link, to).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Evidence {
    ids: Vec<String>,
    steps: Vec<(String, LinkType, String)>,
}

/// The [`Evidence`] of a path returned by the library.
macro_rules! evidence {
    ($path:expr) => {{
        let path = $path;
        Evidence {
            ids: path.ids().map(str::to_owned).collect(),
            steps: path
                .steps()
                .map(|s| (s.from().id().to_owned(), s.link(), s.to().id().to_owned()))
                .collect(),
        }
    }};
}

/// The ids along the path are the service, then the far end of each step;
/// the path ends at `end`.
fn check_ends(path: &Evidence, service: &str, end: &str) -> Result<(), TestCaseError> {
    prop_assert!(!path.steps.is_empty());
    let mut ids = vec![service.to_owned()];
    ids.extend(path.steps.iter().map(|s| s.2.clone()));
    prop_assert_eq!(&path.ids, &ids);
    prop_assert_eq!(path.steps[0].0.as_str(), service);
    for w in path.steps.windows(2) {
        prop_assert_eq!(&w[0].2, &w[1].0);
    }
    prop_assert_eq!(path.ids.last().map(String::as_str), Some(end));
    Ok(())
}

/// A customer's path: the funding link, perhaps an approval of it, then
/// reporting and parent links upwards, one per unit of distance; every
/// link in the document and holding on the date.
fn check_customer_path(
    doc: &Document,
    date: Option<Date>,
    service: &str,
    path: &Evidence,
    party: &str,
    distance: u32,
) -> Result<(), TestCaseError> {
    check_ends(path, service, party)?;
    let mut chain = 0;
    for (i, (from, link, to)) in path.steps.iter().enumerate() {
        let (from, to) = (from.as_str(), to.as_str());
        match *link {
            LinkType::Funding => {
                prop_assert_eq!(i, 0, "funding first");
                prop_assert!(
                    doc.funding.iter().any(|f| f.service == from
                        && f.payer == to
                        && holds(f.from, f.until, date))
                );
            }
            LinkType::Approval => {
                prop_assert_eq!(i, 1, "approval right after funding");
                prop_assert!(doc.funding.iter().any(|f| f.service == service
                    && f.payer == from
                    && f.approved_by.iter().any(|a| a == to)
                    && holds(f.from, f.until, date)));
            }
            LinkType::Reporting => {
                prop_assert!(i >= 1);
                prop_assert!(doc.reporting.iter().any(|r| r.individual == from
                    && r.manager == to
                    && holds(r.from, r.until, date)));
                chain += 1;
            }
            LinkType::Parent => {
                prop_assert!(i >= 1);
                prop_assert!(
                    doc.organisations
                        .iter()
                        .any(|o| o.id == from && o.parent.as_ref().is_some_and(|p| p == to)),
                    "{} is the parent of {}",
                    to,
                    from
                );
                chain += 1;
            }
            other => prop_assert!(false, "a customer path has no {} step", other),
        }
    }
    prop_assert_eq!(path.steps[0].1, LinkType::Funding);
    prop_assert_eq!(chain, distance);
    Ok(())
}

/// Checks a consumer's or an affected service's path: dependency links
/// from the service, one per unit of distance; then, for a party, a usage
/// or provider link, then parent links downwards and at most one
/// membership link at the end.
fn check_consumer_path(
    doc: &Document,
    date: Option<Date>,
    service: &str,
    path: &Evidence,
    end: &str,
    distance: u32,
    is_party: bool,
) -> Result<(), TestCaseError> {
    check_ends(path, service, end)?;
    // 0: along dependencies; 1: at a party, passing down; 2: at a member.
    let mut state = 0;
    let mut dependencies = 0;
    for (from, link, to) in &path.steps {
        let (from, to) = (from.as_str(), to.as_str());
        match *link {
            LinkType::Dependency => {
                prop_assert_eq!(state, 0);
                prop_assert!(doc.dependencies.iter().any(|d| d.service == to
                    && d.depends_on == from
                    && holds(d.from, d.until, date)));
                dependencies += 1;
            }
            LinkType::Usage => {
                prop_assert_eq!(state, 0);
                prop_assert!(
                    doc.usage
                        .iter()
                        .any(|u| u.service == from && u.user == to && holds(u.from, u.until, date))
                );
                state = 1;
            }
            LinkType::Provider => {
                prop_assert_eq!(state, 0);
                prop_assert_ne!(from, service, "the provider of the service itself");
                prop_assert!(
                    doc.services
                        .iter()
                        .any(|s| s.id == from && s.provider == to)
                );
                state = 1;
            }
            LinkType::Parent => {
                prop_assert_eq!(state, 1);
                prop_assert!(
                    doc.organisations
                        .iter()
                        .any(|o| o.id == to && o.parent.as_ref().is_some_and(|p| p == from)),
                    "{} is part of {}",
                    to,
                    from
                );
            }
            LinkType::Membership => {
                prop_assert_eq!(state, 1);
                prop_assert!(doc.memberships.iter().any(|m| m.organisation == from
                    && m.individual == to
                    && holds(m.from, m.until, date)));
                state = 2;
            }
            other => prop_assert!(false, "a consumer path has no {} step", other),
        }
    }
    prop_assert_eq!(state > 0, is_party);
    prop_assert_eq!(dependencies, distance);
    Ok(())
}

/// An answer's `via` is the last step of its path, found at once, and it
/// starts at the service or at another answer of the same query (so the
/// `via` steps of all the answers hold all their paths); `path_len`
/// counts the path's links.
fn check_via(
    path: &svcrel::Path<'_>,
    via: svcrel::Step<'_>,
    path_len: usize,
    answers: &BTreeSet<&str>,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(path_len, path.len());
    let last = path.steps().last().expect("a path has a link");
    prop_assert_eq!(
        (via.from().id(), via.link(), via.to().id()),
        (last.from().id(), last.link(), last.to().id())
    );
    let first = path.ids().next().expect("a path starts at the service");
    prop_assert!(via.from().id() == first || answers.contains(via.from().id()));
    Ok(())
}

struct Answers {
    customers: Vec<CustomerRow>,
    consumers: Vec<ConsumerRow>,
    services: Vec<(String, u32)>,
}

/// The library's answers for one cutoff (both chains), every path and
/// every distance checked on the way.
fn answers(
    model: &Model,
    doc: &Document,
    service: &str,
    cutoff: Option<u32>,
    date: Option<Date>,
) -> Result<Answers, TestCaseError> {
    let q = query(cutoff, cutoff, date);
    let customers = model.customers_of(service, &q).expect("a known service");
    prop_assert_eq!(customers.service().id(), service);
    for c in customers.iter() {
        prop_assert!(within(c.distance(), cutoff));
        let path = evidence!(c.path());
        check_customer_path(doc, date, service, &path, c.party().id(), c.distance())?;
    }
    let found: BTreeSet<&str> = customers.iter().map(|c| c.party().id()).collect();
    for c in customers.iter() {
        check_via(&c.path(), c.via(), c.path_len(), &found)?;
    }
    let consumers = model.consumers_of(service, &q).expect("a known service");
    prop_assert_eq!(consumers.service().id(), service);
    let found: BTreeSet<&str> = consumers
        .iter()
        .map(|c| c.party().id())
        .chain(consumers.services().map(|a| a.service().id()))
        .collect();
    for c in consumers.iter() {
        check_via(&c.path(), c.via(), c.path_len(), &found)?;
    }
    for a in consumers.services() {
        check_via(&a.path(), a.via(), a.path_len(), &found)?;
    }
    for c in consumers.iter() {
        prop_assert!(within(c.distance(), cutoff));
        let path = evidence!(c.path());
        check_consumer_path(
            doc,
            date,
            service,
            &path,
            c.party().id(),
            c.distance(),
            true,
        )?;
    }
    for a in consumers.services() {
        prop_assert!(within(a.distance(), cutoff));
        prop_assert_eq!(a.service().kind(), EntityKind::Service);
        check_consumer_path(
            doc,
            date,
            service,
            &evidence!(a.path()),
            a.service().id(),
            a.distance(),
            false,
        )?;
    }
    Ok(Answers {
        customers: customers
            .iter()
            .map(|c| {
                let p = c.party();
                let links = c.path().steps().len();
                (p.id().to_owned(), p.kind(), c.distance(), c.scope(), links)
            })
            .collect(),
        consumers: consumers
            .iter()
            .map(|c| {
                let p = c.party();
                let links = c.path().steps().len();
                (p.id().to_owned(), p.kind(), c.distance(), links)
            })
            .collect(),
        services: consumers
            .services()
            .map(|a| (a.service().id().to_owned(), a.distance()))
            .collect(),
    })
}

/// The rows at distance `k` or less.
fn up_to<T: Clone>(rows: &[T], k: u32, distance: impl Fn(&T) -> u32) -> Vec<T> {
    rows.iter().filter(|r| distance(r) <= k).cloned().collect()
}

/// Growing the cutoff from `k` to `wider` keeps every answer at `k`:
/// the answer at `k` is exactly the wider answer cut at distance `k`
/// (distances are smallest distances, and the fewest links at that
/// distance, so neither can change), and an
/// external customer stays external (the cash or trade funding that
/// reaches it within `k` reaches it within `wider` too); an internal one
/// may turn external when more chain is allowed.
fn check_growth(narrow: &Answers, k: u32, wide: &Answers) -> Result<(), TestCaseError> {
    let strip = |rows: &[CustomerRow]| -> Vec<(String, EntityKind, u32, usize)> {
        rows.iter()
            .map(|(id, kind, d, _, links)| (id.clone(), *kind, *d, *links))
            .collect()
    };
    prop_assert_eq!(
        strip(&narrow.customers),
        strip(&up_to(&wide.customers, k, |r| r.2))
    );
    for (id, _, _, scope, _) in &narrow.customers {
        if *scope == Scope::External {
            let wider = wide.customers.iter().find(|r| &r.0 == id).map(|r| r.3);
            prop_assert_eq!(wider, Some(Scope::External), "{} stays external", id);
        }
    }
    prop_assert_eq!(&narrow.consumers, &up_to(&wide.consumers, k, |r| r.2));
    prop_assert_eq!(&narrow.services, &up_to(&wide.services, k, |r| r.1));
    Ok(())
}

// ---------------------------------------------------------------------
// Evidence: every link in the document, a walk from party to service
// ---------------------------------------------------------------------

/// Whether the document has `link` (same kind, same ends, same dates and,
/// for funding, approvers), holding on `date`.
fn in_document(doc: &Document, link: &EvidenceLink, date: Option<Date>) -> bool {
    let (s, t) = (link.source.as_str(), link.target.as_str());
    let same = |from: Option<Date>, until: Option<Date>| {
        (from, until) == (link.from, link.until) && holds(from, until, date)
    };
    let undated = link.from.is_none() && link.until.is_none();
    match link.kind {
        EvidenceLinkKind::Membership => doc.memberships.iter().any(|m| {
            m.individual.as_str() == s && m.organisation.as_str() == t && same(m.from, m.until)
        }),
        EvidenceLinkKind::Reporting => doc.reporting.iter().any(|r| {
            r.individual.as_str() == s && r.manager.as_str() == t && same(r.from, r.until)
        }),
        EvidenceLinkKind::Parent => {
            undated
                && doc.organisations.iter().any(|o| {
                    o.id.as_str() == s && o.parent.as_ref().is_some_and(|p| p.as_str() == t)
                })
        }
        EvidenceLinkKind::Provider => {
            undated
                && doc
                    .services
                    .iter()
                    .any(|x| x.id.as_str() == s && x.provider.as_str() == t)
        }
        EvidenceLinkKind::Dependency => doc.dependencies.iter().any(|d| {
            d.service.as_str() == s && d.depends_on.as_str() == t && same(d.from, d.until)
        }),
        EvidenceLinkKind::Usage => doc
            .usage
            .iter()
            .any(|u| u.user.as_str() == s && u.service.as_str() == t && same(u.from, u.until)),
        EvidenceLinkKind::Oversight => doc.oversight.iter().any(|o| {
            o.overseer.as_str() == s && o.organisation.as_str() == t && same(o.from, o.until)
        }),
        EvidenceLinkKind::Partnership => doc.partnerships.iter().any(|p| {
            p.parties[0].as_str() == s && p.parties[1].as_str() == t && same(p.from, p.until)
        }),
        EvidenceLinkKind::Funding => doc.funding.iter().any(|f| {
            f.payer.as_str() == s
                && f.service.as_str() == t
                && same(f.from, f.until)
                && f.approved_by
                    .iter()
                    .map(|a| a.as_str())
                    .eq(link.approved_by.iter().map(String::as_str))
        }),
        _ => false,
    }
}

/// Checks that `links` are the document's, on the date, and a walk from
/// `party` to `service`: each link leaves from the entity the walk has
/// reached (either end, or a funding link's approver), and the last
/// reaches the service.
fn check_walk(
    doc: &Document,
    date: Option<Date>,
    party: &str,
    service: &str,
    links: &[EvidenceLink],
    what: &str,
) -> Result<(), TestCaseError> {
    prop_assert!(!links.is_empty(), "{}: no links", what);
    let mut current = party.to_owned();
    for link in links {
        prop_assert!(
            in_document(doc, link, date),
            "{}: {:?} is not in the document on {:?}",
            what,
            link,
            date
        );
        current = if link.source == current {
            link.target.clone()
        } else if link.target == current {
            link.source.clone()
        } else if link.kind == EvidenceLinkKind::Funding && link.approved_by.contains(&current) {
            link.target.clone()
        } else {
            return Err(TestCaseError::fail(format!(
                "{what}: {link:?} does not touch {current} in {links:?}"
            )));
        };
    }
    prop_assert_eq!(
        current.as_str(),
        service,
        "{}: the walk ends elsewhere: {:?}",
        what,
        links
    );
    Ok(())
}

/// Checks each role's links against the role's definition.
fn check_shape(
    doc: &Document,
    party: &str,
    role: Role,
    links: &[EvidenceLink],
    what: &str,
) -> Result<(), TestCaseError> {
    use EvidenceLinkKind as K;
    let kinds: Vec<K> = links.iter().map(|l| l.kind).collect();
    let count = |k: K| kinds.iter().filter(|&&x| x == k).count();
    let chain_only = |allowed: &[K]| kinds.iter().all(|k| allowed.contains(k));
    let ends_with_provider = kinds.last() == Some(&K::Provider) && count(K::Provider) == 1;
    let is_individual = doc.individuals.iter().any(|i| i.id.as_str() == party);
    match role {
        Role::Provider => {
            prop_assert!(
                ends_with_provider && chain_only(&[K::Membership, K::Parent, K::Provider]),
                "{}: {:?}",
                what,
                kinds
            );
            prop_assert!(count(K::Membership) <= 1, "{}: {:?}", what, kinds);
        }
        Role::Customer { distance, .. } => {
            let up = if is_individual {
                K::Reporting
            } else {
                K::Parent
            };
            let mut want = vec![up; distance as usize];
            want.push(K::Funding);
            prop_assert_eq!(&kinds, &want, "{}", what);
        }
        Role::Consumer { distance } => {
            prop_assert_eq!(
                count(K::Dependency),
                distance as usize,
                "{}: {:?}",
                what,
                kinds
            );
            let starts = count(K::Usage) + count(K::Provider);
            prop_assert_eq!(starts, 1, "{}: {:?}", what, kinds);
            prop_assert!(
                chain_only(&[
                    K::Membership,
                    K::Parent,
                    K::Usage,
                    K::Provider,
                    K::Dependency
                ]),
                "{}: {:?}",
                what,
                kinds
            );
            prop_assert!(count(K::Membership) <= 1, "{}: {:?}", what, kinds);
        }
        Role::Sponsor => {
            prop_assert_eq!(&kinds, &vec![K::Funding], "{}", what);
            prop_assert!(
                links[0].approved_by.iter().any(|a| a == party),
                "{}: {:?}",
                what,
                links
            );
        }
        Role::Client => {
            prop_assert!(
                count(K::Oversight) == 1 && ends_with_provider,
                "{}: {:?}",
                what,
                kinds
            );
            prop_assert!(
                chain_only(&[K::Membership, K::Parent, K::Oversight, K::Provider]),
                "{}: {:?}",
                what,
                kinds
            );
        }
        Role::Colleague => {
            prop_assert!(
                ends_with_provider && chain_only(&[K::Membership, K::Parent, K::Provider]),
                "{}: {:?}",
                what,
                kinds
            );
        }
        Role::Partner => {
            prop_assert!(
                count(K::Partnership) == 1 && ends_with_provider,
                "{}: {:?}",
                what,
                kinds
            );
            prop_assert!(
                chain_only(&[K::Membership, K::Parent, K::Partnership, K::Provider]),
                "{}: {:?}",
                what,
                kinds
            );
        }
        _ => {}
    }
    Ok(())
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

const CUTOFFS: [Option<u32>; 6] = [Some(0), Some(1), Some(2), Some(3), Some(4), None];

proptest! {
    #![proptest_config(config())]

    /// customers_of and consumers_of give exactly the reference's answer
    /// (parties, kinds, distances, scopes, affected services, in order)
    /// for every cutoff 0..=4 and no limit, with distances within the
    /// cutoff, paths made of links that hold on the date and as short as
    /// any path at that distance, and answers that only grow with the
    /// cutoff.
    #[test]
    fn queries_match_the_reference(case in case()) {
        let Case { doc, service, date, .. } = &case;
        let (doc, date, service) = (doc, *date, service.as_str());
        let json = doc.to_json_string();
        prop_assert!(doc.validate().is_ok(), "generated document is valid: {}", json);
        let model = Model::from_document(doc).expect("valid");
        let reference = Reference { doc, date };

        let mut all = Vec::new();
        for cutoff in CUTOFFS {
            let got = answers(&model, doc, service, cutoff, date)?;
            let want_customers = reference.customers(service, cutoff);
            let (want_consumers, want_services) = reference.consumers(service, cutoff);
            prop_assert_eq!(&got.customers, &want_customers,
                "customers_of({}, {:?}, {:?}) in {}", service, cutoff, date, json);
            prop_assert_eq!(&got.consumers, &want_consumers,
                "consumers_of({}, {:?}, {:?}) in {}", service, cutoff, date, json);
            prop_assert_eq!(&got.services, &want_services,
                "affected services of {} ({:?}, {:?}) in {}", service, cutoff, date, json);
            all.push(got);
        }
        let unlimited = &all[CUTOFFS.len() - 1];
        for k in 0..4 {
            check_growth(&all[k], k as u32, &all[k + 1])?;
            check_growth(&all[k], k as u32, unlimited)?;
        }
        check_growth(&all[4], 4, unlimited)?;
    }

    /// relation() gives exactly the reference's roles for every party,
    /// and its customer and consumer roles agree with customers_of and
    /// consumers_of asked with the same query.
    #[test]
    fn relation_matches_the_reference(case in case()) {
        let Case { doc, service, date, customer_chain, consumer_chain } = &case;
        let (doc, date, service) = (doc, *date, service.as_str());
        let json = doc.to_json_string();
        let model = Model::from_document(doc).expect("valid");
        let reference = Reference { doc, date };
        let q = query(*customer_chain, *consumer_chain, date);
        let customers = model.customers_of(service, &q).expect("a known service");
        let consumers = model.consumers_of(service, &q).expect("a known service");
        let parties = doc
            .organisations
            .iter()
            .map(|o| o.id.as_str())
            .chain(doc.individuals.iter().map(|i| i.id.as_str()));
        for party in parties {
            let rel = model.relation(party, service, &q).expect("known ids");
            prop_assert_eq!(
                rel.customer(),
                customers.get(party).map(|c| (c.distance(), c.scope())),
                "customer role of {}", party
            );
            prop_assert_eq!(
                rel.consumer(),
                consumers.get(party).map(|c| c.distance()),
                "consumer role of {}", party
            );
            let want = reference.roles(party, service, *customer_chain, *consumer_chain);
            prop_assert_eq!(
                rel.roles(), &want[..],
                "relation({}, {}, customer chain {:?}, consumer chain {:?}, {:?}) in {}",
                party, service, customer_chain, consumer_chain, date, json
            );
        }
    }

    /// Every role relation() gives comes with links that are the
    /// document's, hold on the date, form a walk from the party to the
    /// service and have the role's shape; and triage's payer links are the
    /// requester's way to the payer (`steps` links) and the funding link.
    #[test]
    fn relation_evidence_is_the_documents(case in case()) {
        let Case { doc, service, date, customer_chain, consumer_chain } = &case;
        let (doc, date, service) = (doc, *date, service.as_str());
        let json = doc.to_json_string();
        let model = Model::from_document(doc).expect("valid");
        let q = query(*customer_chain, *consumer_chain, date);
        let parties = doc
            .organisations
            .iter()
            .map(|o| o.id.as_str())
            .chain(doc.individuals.iter().map(|i| i.id.as_str()));
        for party in parties {
            let rel = model.explain(party, service, &q).expect("known ids");
            let got: Vec<Role> = rel.evidence().iter().map(|e| e.role).collect();
            prop_assert_eq!(&got[..], rel.roles());
            // The same roles as `relation`, which finds them alone.
            let plain = model.relation(party, service, &q).expect("known ids");
            prop_assert_eq!(plain.roles(), rel.roles());
            prop_assert!(plain.evidence().is_empty());
            for ev in rel.evidence() {
                let what = format!(
                    "{} of {} to {} on {:?} (chains {:?}, {:?}) in {}",
                    ev.role, party, service, date, customer_chain, consumer_chain, json
                );
                check_walk(doc, date, party, service, &ev.links, &what)?;
                check_shape(doc, party, ev.role, &ev.links, &what)?;
            }
            let triage = model.triage(party, service, &q).expect("known ids");
            if let Some(payer) = triage.payer() {
                let what = format!("payer of {} for {} on {:?} in {}", party, service, date, json);
                let links = payer.links();
                check_walk(doc, date, party, service, links, &what)?;
                prop_assert_eq!(links.len(), payer.steps() as usize + 1, "{}", what);
                let last = links.last().expect("one link at least");
                prop_assert_eq!(last.kind, EvidenceLinkKind::Funding, "{}", &what);
                prop_assert_eq!(last.source.as_str(), payer.payer().as_str(), "{}", &what);
                let sponsors: Vec<&str> = payer.sponsors().iter().map(|s| s.as_str()).collect();
                let approvers: Vec<&str> = last.approved_by.iter().map(String::as_str).collect();
                prop_assert_eq!(approvers, sponsors, "{}", what);
            }
        }
    }

    /// The answers, and the paths chosen, do not depend on the order of
    /// the document's lists.
    #[test]
    fn answers_do_not_depend_on_list_order(case in case()) {
        let Case { doc, service, date, customer_chain, consumer_chain } = &case;
        let service = service.as_str();
        let mut reversed = doc.clone();
        reversed.organisations.reverse();
        reversed.individuals.reverse();
        reversed.services.reverse();
        reversed.memberships.reverse();
        reversed.reporting.reverse();
        reversed.funding.reverse();
        for f in &mut reversed.funding {
            f.approved_by.reverse();
        }
        reversed.usage.reverse();
        reversed.dependencies.reverse();
        reversed.oversight.reverse();
        reversed.partnerships.reverse();
        let q = query(*customer_chain, *consumer_chain, *date);
        let json = doc.to_json_string();
        let seen = |model: &Model| {
            let customers: Vec<_> = model
                .customers_of(service, &q)
                .expect("a known service")
                .iter()
                .map(|c| (c.party().id().to_owned(), c.distance(), c.scope(), evidence!(c.path())))
                .collect();
            let consumers = model.consumers_of(service, &q).expect("a known service");
            let parties: Vec<_> = consumers
                .iter()
                .map(|c| (c.party().id().to_owned(), c.distance(), evidence!(c.path())))
                .collect();
            let services: Vec<_> = consumers
                .services()
                .map(|a| (a.service().id().to_owned(), a.distance(), evidence!(a.path())))
                .collect();
            (customers, parties, services)
        };
        let one = seen(&Model::from_document(doc).expect("valid"));
        let other = seen(&Model::from_document(&reversed).expect("valid"));
        prop_assert_eq!(one, other, "{} {:?} in {}", service, q, json);
    }

    /// Model::top follows SPEC section 3 for every party and date.
    #[test]
    fn top_matches_the_reference(case in case()) {
        let Case { doc, date, .. } = &case;
        let model = Model::from_document(doc).expect("valid");
        let reference = Reference { doc, date: *date };
        let parties = doc
            .organisations
            .iter()
            .map(|o| o.id.as_str())
            .chain(doc.individuals.iter().map(|i| i.id.as_str()));
        for party in parties {
            let got: Vec<String> = model.top(party, *date).iter().map(|p| p.to_string()).collect();
            let want: Vec<String> = reference.top(party).into_iter().collect();
            prop_assert_eq!(got, want, "top({}, {:?})", party, date);
        }
    }
}

/// An answer covering most of a larger model (the most used service of a
/// synthetic enterprise, whose traversal keeps a slot per node rather
/// than a map) matches the reference too, paths included.
#[cfg(feature = "synth")]
#[test]
fn a_company_wide_answer_matches_the_reference() -> Result<(), TestCaseError> {
    let doc = svcrel::Synthetic::new(6_000).seed(3).document();
    let model = Model::from_document(&doc).expect("valid");
    let service = doc.services[0].id.as_str();
    for date in [None, Some(Date::constant(2024, 6, 1))] {
        let reference = Reference { doc: &doc, date };
        for cutoff in [Some(1), None] {
            let got = answers(&model, &doc, service, cutoff, date)?;
            let (want_consumers, want_services) = reference.consumers(service, cutoff);
            prop_assert!(got.consumers.len() > 5_000, "{}", got.consumers.len());
            prop_assert_eq!(&got.consumers, &want_consumers);
            prop_assert_eq!(&got.services, &want_services);
            prop_assert_eq!(&got.customers, &reference.customers(service, cutoff));
        }
    }
    Ok(())
}
