//! Every query, on any model that loads, with arbitrary ids, cutoffs and
//! dates, between arbitrary live edits.
//!
//! The input is a small document of numbered entities (`o0`, `p0`, `s0`,
//! ...) and links that name them (or any text at all), then a script of
//! queries and edits. No query may panic, and each answer must hold
//! together: ordered by distance then id, each party once, within the
//! cutoff, every evidence path a chain of links from the service to the
//! party, `relation` agreeing with `customers_of` and `consumers_of`. An
//! accepted edit leaves a valid model that survives a save and a load; a
//! refused one leaves the model as it was.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use svcrel::{
    Date, Dependency, Document, EntityKind, Funding, Individual, Link, LinkType, MaxChain,
    Membership, Model, Organisation, Oversight, Partnership, Payment, Query, Removal, Reporting,
    Role, Service, Usage,
};

/// A reference to an entity: the n-th of a kind (modulo how many there
/// are), or any text.
#[derive(Arbitrary, Debug)]
enum Ref {
    Org(u8),
    Person(u8),
    Service(u8),
    Text(String),
}

/// A day among the first few of 2020 (so that dated links overlap), or
/// any day at all.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Day {
    Near(u8),
    Any(i16, i8, i8),
}

#[derive(Arbitrary, Debug)]
struct Period {
    from: Option<Day>,
    until: Option<Day>,
}

/// A parent or a manager: one listed earlier (never a cycle), or any.
#[derive(Arbitrary, Debug)]
enum Above {
    None,
    Earlier(u8),
    Any(Ref),
}

#[derive(Arbitrary, Debug)]
enum LinkIn {
    Membership(Ref, Ref, Option<String>, Period),
    Reporting(Ref, Ref, Period),
    Funding(Ref, Ref, u8, Vec<Ref>, Period),
    Usage(Ref, Ref, Period),
    Dependency(Ref, Ref, Period),
    Oversight(Ref, Ref, Period),
    Partnership(Ref, Ref, Period),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Chain {
    Default,
    Small(u8),
    Steps(u32),
    Unlimited,
}

#[derive(Arbitrary, Debug)]
enum Op {
    Customers(Ref, Chain, Option<Day>),
    Consumers(Ref, Chain, Option<Day>),
    Relation(Ref, Ref, Chain, Chain, Option<Day>),
    Triage(Ref, Ref, Chain, Chain, Option<Day>),
    Impact(Ref, Chain, Chain, Option<Day>),
    Top(Ref, Option<Day>),
    Memberships(Ref, Option<Day>),
    ParentChain(Ref),
    Entity(Ref),
    AddLink(LinkIn),
    RemoveLink(u16),
    RemoveEntity(Ref, bool),
    EndMembership(Ref, Ref, Day),
    EndReporting(Ref, Ref, Day),
    MoveIndividual(Ref, Ref, Option<String>, Day),
    AddOrganisation(Option<Ref>, Above),
    AddIndividual(Option<Ref>),
    AddService(Option<Ref>, Ref),
}

#[derive(Arbitrary, Debug)]
struct Input {
    organisations: Vec<(Option<String>, Above)>,
    individuals: Vec<Option<String>>,
    services: Vec<(Option<String>, Ref)>,
    reporting: Vec<(u8, Above, Period)>,
    links: Vec<LinkIn>,
    ops: Vec<Op>,
}

/// How many entities of each kind the document started with, and how
/// many have been added since, to name references.
struct Names {
    organisations: usize,
    individuals: usize,
    services: usize,
    added: usize,
}

impl Names {
    fn id(&self, r: &Ref) -> String {
        let nth = |prefix: &str, n: u8, count: usize| match count {
            0 => format!("{prefix}{n}"),
            count => format!("{prefix}{}", usize::from(n) % count),
        };
        match r {
            Ref::Org(n) => nth("o", *n, self.organisations),
            Ref::Person(n) => nth("p", *n, self.individuals),
            Ref::Service(n) => nth("s", *n, self.services),
            Ref::Text(text) => text.clone(),
        }
    }

    /// A new id, or the one a reference names (likely taken).
    fn new_id(&mut self, r: &Option<Ref>) -> String {
        match r {
            Some(r) => self.id(r),
            None => {
                self.added += 1;
                format!("new{}", self.added)
            }
        }
    }
}

fn date(day: Day) -> Date {
    match day {
        Day::Near(d) => Date::constant(2020, 1, 1 + (d % 8) as i8),
        Day::Any(y, m, d) => Date::new(y, m, d).unwrap_or(Date::constant(2020, 1, 1)),
    }
}

fn period(p: &Period) -> (Option<Date>, Option<Date>) {
    (p.from.map(date), p.until.map(date))
}

fn payment(n: u8) -> Payment {
    Payment::ALL[usize::from(n) % Payment::ALL.len()]
}

fn link(names: &Names, l: &LinkIn) -> Link {
    let id = |r: &Ref| names.id(r);
    match l {
        LinkIn::Membership(a, b, title, p) => {
            let (from, until) = period(p);
            Link::from(Membership {
                title: title.clone(),
                from,
                until,
                ..Membership::new(id(a), id(b))
            })
        }
        LinkIn::Reporting(a, b, p) => {
            let (from, until) = period(p);
            Link::from(Reporting {
                from,
                until,
                ..Reporting::new(id(a), id(b))
            })
        }
        LinkIn::Funding(a, b, pay, approvers, p) => {
            let (from, until) = period(p);
            Link::from(Funding {
                approved_by: approvers.iter().map(|r| id(r).into()).collect(),
                from,
                until,
                ..Funding::new(id(a), id(b), payment(*pay))
            })
        }
        LinkIn::Usage(a, b, p) => {
            let (from, until) = period(p);
            Link::from(Usage {
                from,
                until,
                ..Usage::new(id(a), id(b))
            })
        }
        LinkIn::Dependency(a, b, p) => {
            let (from, until) = period(p);
            Link::from(Dependency {
                from,
                until,
                ..Dependency::new(id(a), id(b))
            })
        }
        LinkIn::Oversight(a, b, p) => {
            let (from, until) = period(p);
            Link::from(Oversight {
                from,
                until,
                ..Oversight::new(id(a), id(b))
            })
        }
        LinkIn::Partnership(a, b, p) => {
            let (from, until) = period(p);
            Link::from(Partnership {
                from,
                until,
                ..Partnership::new(id(a), id(b))
            })
        }
    }
}

fn push(doc: &mut Document, link: Link) {
    match link {
        Link::Membership(l) => doc.memberships.push(l),
        Link::Reporting(l) => doc.reporting.push(l),
        Link::Funding(l) => doc.funding.push(l),
        Link::Usage(l) => doc.usage.push(l),
        Link::Dependency(l) => doc.dependencies.push(l),
        Link::Oversight(l) => doc.oversight.push(l),
        Link::Partnership(l) => doc.partnerships.push(l),
    }
}

/// Every link record of a document, in section order.
fn links(doc: &Document) -> Vec<Link> {
    let mut out: Vec<Link> = Vec::new();
    out.extend(doc.memberships.iter().cloned().map(Link::from));
    out.extend(doc.reporting.iter().cloned().map(Link::from));
    out.extend(doc.funding.iter().cloned().map(Link::from));
    out.extend(doc.usage.iter().cloned().map(Link::from));
    out.extend(doc.dependencies.iter().cloned().map(Link::from));
    out.extend(doc.oversight.iter().cloned().map(Link::from));
    out.extend(doc.partnerships.iter().cloned().map(Link::from));
    out
}

fn above(names: &Names, i: usize, above: &Above, prefix: &str) -> Option<String> {
    match above {
        Above::None => None,
        Above::Earlier(_) if i == 0 => None,
        Above::Earlier(n) => Some(format!("{prefix}{}", usize::from(*n) % i)),
        Above::Any(r) => Some(names.id(r)),
    }
}

fn document(input: &Input, names: &Names) -> Document {
    let mut doc = Document::default();
    for (i, (name, parent)) in input.organisations.iter().enumerate() {
        doc.organisations.push(Organisation {
            name: name.clone(),
            parent: above(names, i, parent, "o").map(Into::into),
            ..Organisation::new(format!("o{i}"))
        });
    }
    for (i, name) in input.individuals.iter().enumerate() {
        doc.individuals.push(Individual {
            name: name.clone(),
            ..Individual::new(format!("p{i}"))
        });
    }
    for (i, (name, provider)) in input.services.iter().enumerate() {
        doc.services.push(Service {
            name: name.clone(),
            ..Service::new(format!("s{i}"), names.id(provider))
        });
    }
    for (who, manager, p) in &input.reporting {
        let who = usize::from(*who) % names.individuals.max(1);
        if let Some(manager) = above(names, who, manager, "p") {
            let (from, until) = period(p);
            doc.reporting.push(Reporting {
                from,
                until,
                ..Reporting::new(format!("p{who}"), manager)
            });
        }
    }
    for l in &input.links {
        push(&mut doc, link(names, l));
    }
    doc
}

fn chain(c: Chain) -> Option<MaxChain> {
    match c {
        Chain::Default => None,
        Chain::Small(k) => Some(MaxChain::Steps(u32::from(k % 6))),
        Chain::Steps(k) => Some(MaxChain::Steps(k)),
        Chain::Unlimited => Some(MaxChain::Unlimited),
    }
}

fn query(customer: Chain, consumer: Chain, day: Option<Day>) -> Query {
    let mut q = Query::new().as_of(day.map(date));
    if let Some(c) = chain(customer) {
        q = q.customer_chain(c);
    }
    if let Some(c) = chain(consumer) {
        q = q.consumer_chain(c);
    }
    q
}

fuzz_target!(|input: Input| {
    let mut names = Names {
        organisations: input.organisations.len(),
        individuals: input.individuals.len(),
        services: input.services.len(),
        added: 0,
    };
    let doc = document(&input, &names);
    let text = doc.to_json_string();
    let mut model = match Model::from_json_str(&text) {
        Ok(model) => model,
        Err(err) => {
            assert!(!err.problems().is_empty());
            assert!(Model::from_document(&doc).is_err());
            return;
        }
    };
    assert_eq!(model.to_document(), doc);
    for op in &input.ops {
        run(&mut model, &mut names, op);
    }
});

fn run(model: &mut Model, names: &mut Names, op: &Op) {
    match op {
        Op::Customers(s, c, day) => {
            customers(model, &names.id(s), &query(*c, Chain::Default, *day))
        }
        Op::Consumers(s, c, day) => {
            consumers(model, &names.id(s), &query(Chain::Default, *c, *day))
        }
        Op::Relation(p, s, c1, c2, day) => {
            relation(model, &names.id(p), &names.id(s), &query(*c1, *c2, *day));
        }
        Op::Triage(p, s, c1, c2, day) => {
            triage(model, &names.id(p), &names.id(s), &query(*c1, *c2, *day))
        }
        Op::Impact(s, c1, c2, day) => impact(model, &names.id(s), &query(*c1, *c2, *day)),
        Op::Top(p, day) => top(model, &names.id(p), day.map(date)),
        Op::Memberships(p, day) => {
            let id = names.id(p);
            let on = day.map(date);
            for m in model.memberships(&id, on) {
                assert_eq!(m.individual, id.as_str());
                assert!(m.holds_on(on));
                assert_eq!(
                    model.entity(m.organisation.as_str()).unwrap().kind(),
                    EntityKind::Organisation
                );
            }
        }
        Op::ParentChain(o) => parent_chain(model, &names.id(o)),
        Op::Entity(r) => {
            let id = names.id(r);
            if let Some(e) = model.entity(&id) {
                assert_eq!(e.id(), id);
                assert!(!e.label().is_empty() || e.name() == Some(""));
            }
        }
        Op::AddLink(l) => {
            let l = link(names, l);
            edit(model, |m| m.add_link(l).map(drop));
        }
        Op::RemoveLink(n) => {
            let all = links(&model.to_document());
            let found = match all.len() {
                0 => None,
                len => Some(all[usize::from(*n) % len].clone()),
            };
            if let Some(l) = found {
                edit(model, |m| {
                    let removed = m
                        .remove_link(&l)
                        .expect("a link the model lists can be removed");
                    assert_eq!(removed, l);
                    Ok(())
                });
            }
        }
        Op::RemoveEntity(r, with_links) => {
            let id = names.id(r);
            let how = if *with_links {
                Removal::WithLinks
            } else {
                Removal::RefuseIfLinked
            };
            edit(model, |m| m.remove_entity(&id, how).map(drop));
            if model.entity(&id).is_none() {
                assert!(model.relation(&id, "s0", &Query::new()).is_err());
            }
        }
        Op::EndMembership(a, b, day) => {
            let (a, b) = (names.id(a), names.id(b));
            edit(model, |m| m.end_membership(&a, &b, date(*day)));
        }
        Op::EndReporting(a, b, day) => {
            let (a, b) = (names.id(a), names.id(b));
            edit(model, |m| m.end_reporting(&a, &b, date(*day)));
        }
        Op::MoveIndividual(a, b, title, day) => {
            let membership = Membership {
                title: title.clone(),
                from: Some(date(*day)),
                ..Membership::new(names.id(a), names.id(b))
            };
            edit(model, |m| m.move_individual(membership));
        }
        Op::AddOrganisation(id, parent) => {
            let org = Organisation {
                parent: match parent {
                    Above::None => None,
                    Above::Earlier(n) => {
                        Some(format!("o{}", usize::from(*n) % names.organisations.max(1)).into())
                    }
                    Above::Any(r) => Some(names.id(r).into()),
                },
                ..Organisation::new(names.new_id(id))
            };
            edit(model, |m| m.add_organisation(org));
        }
        Op::AddIndividual(id) => {
            let person = Individual::new(names.new_id(id));
            edit(model, |m| m.add_individual(person));
        }
        Op::AddService(id, provider) => {
            let service = Service::new(names.new_id(id), names.id(provider));
            edit(model, |m| m.add_service(service));
        }
    }
}

/// Runs an edit: accepted, the model stays valid and survives a save and
/// a load; refused, it is as it was.
fn edit(model: &mut Model, f: impl FnOnce(&mut Model) -> Result<(), svcrel::Error>) {
    let before = model.to_document();
    match f(model) {
        Ok(()) => {
            let after = model.to_document();
            if let Err(err) = after.validate() {
                panic!(
                    "an accepted edit left an invalid model: {err}\nbefore: {before:#?}\nafter: {after:#?}"
                );
            }
            let again =
                Model::from_json_str(&after.to_json_string()).expect("a valid model reloads");
            assert_eq!(again.to_document(), after);
        }
        Err(err) => {
            assert!(!err.to_string().is_empty());
            assert_eq!(
                model.to_document(),
                before,
                "a refused edit changed the model: {err}"
            );
        }
    }
}

/// The order of a role in [`Role`]'s variants.
fn rank(role: &Role) -> usize {
    [
        "provider",
        "customer",
        "consumer",
        "sponsor",
        "client",
        "colleague",
        "partner",
    ]
    .iter()
    .position(|&n| n == role.name())
    .expect("a known role")
}

fn check_path<'m>(
    path: &svcrel::Path<'m>,
    service: &str,
    party: &str,
    allowed: &[LinkType],
) -> Vec<LinkType> {
    let ids: Vec<&str> = path.ids().collect();
    assert_eq!(ids.first().copied(), Some(service));
    assert_eq!(ids.last().copied(), Some(party));
    assert_eq!(ids.len(), path.len() + 1);
    assert!(!path.is_empty());
    let steps: Vec<_> = path.steps().collect();
    for pair in steps.windows(2) {
        assert_eq!(pair[0].to().id(), pair[1].from().id());
    }
    for step in &steps {
        assert!(
            allowed.contains(&step.link()),
            "{:?} in {ids:?}",
            step.link()
        );
    }
    assert!(!path.to_string().is_empty());
    steps.iter().map(|s| s.link()).collect()
}

fn is_service(model: &Model, id: &str) -> bool {
    model
        .entity(id)
        .is_some_and(|e| e.kind() == EntityKind::Service)
}

fn is_party(model: &Model, id: &str) -> bool {
    model.entity(id).is_some_and(|e| e.kind().is_party())
}

fn customers(model: &Model, service: &str, q: &Query) {
    let Ok(customers) = model.customers_of(service, q) else {
        assert!(!is_service(model, service));
        return;
    };
    assert!(is_service(model, service));
    assert_eq!(customers.service().id(), service);
    let rows: Vec<_> = customers.iter().collect();
    assert_eq!(rows.len(), customers.len());
    for pair in rows.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let ordered = (a.distance(), a.party().id()) < (b.distance(), b.party().id());
        assert!(ordered, "not ordered, or twice");
    }
    let max = q.customer_max_chain();
    for c in &rows {
        let id = c.party().id();
        assert!(c.party().kind().is_party());
        assert!(max.allows(c.distance()));
        let links = check_path(
            &c.path(),
            service,
            id,
            &[
                LinkType::Funding,
                LinkType::Approval,
                LinkType::Reporting,
                LinkType::Parent,
            ],
        );
        let up = links
            .iter()
            .filter(|l| matches!(l, LinkType::Reporting | LinkType::Parent))
            .count();
        assert_eq!(up, c.distance() as usize, "{id}");
        assert_eq!(links[0], LinkType::Funding);
        check_via(&c.path(), c.via(), c.path_len(), |id| {
            id == service || customers.get(id).is_some()
        });
        let got = customers.get(id).expect("get finds every customer");
        assert_eq!((got.distance(), got.scope()), (c.distance(), c.scope()));
    }
}

fn consumers(model: &Model, service: &str, q: &Query) {
    let Ok(consumers) = model.consumers_of(service, q) else {
        assert!(!is_service(model, service));
        return;
    };
    assert_eq!(consumers.service().id(), service);
    let max = q.consumer_max_chain();
    let rows: Vec<_> = consumers.iter().collect();
    assert_eq!(rows.len(), consumers.len());
    for pair in rows.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let ordered = (a.distance(), a.party().id()) < (b.distance(), b.party().id());
        assert!(ordered, "not ordered, or twice");
    }
    for c in &rows {
        let id = c.party().id();
        assert!(c.party().kind().is_party());
        assert!(max.allows(c.distance()));
        let links = check_path(
            &c.path(),
            service,
            id,
            &[
                LinkType::Usage,
                LinkType::Provider,
                LinkType::Parent,
                LinkType::Membership,
                LinkType::Dependency,
            ],
        );
        let deps = links.iter().filter(|l| **l == LinkType::Dependency).count();
        assert_eq!(deps, c.distance() as usize, "{id}");
        let answered = |id: &str| {
            id == service
                || consumers.get(id).is_some()
                || consumers.services().any(|s| s.service().id() == id)
        };
        check_via(&c.path(), c.via(), c.path_len(), answered);
        assert_eq!(consumers.get(id).map(|g| g.distance()), Some(c.distance()));
    }
    let services: Vec<_> = consumers.services().collect();
    for pair in services.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let ordered = (a.distance(), a.service().id()) < (b.distance(), b.service().id());
        assert!(ordered, "not ordered, or twice");
    }
    for s in &services {
        assert_ne!(s.service().id(), service);
        assert_eq!(s.service().kind(), EntityKind::Service);
        assert!(s.distance() >= 1 && max.allows(s.distance()));
        let links = check_path(
            &s.path(),
            service,
            s.service().id(),
            &[LinkType::Dependency],
        );
        assert_eq!(links.len(), s.distance() as usize);
        check_via(&s.path(), s.via(), s.path_len(), |id| {
            id == service || services.iter().any(|t| t.service().id() == id)
        });
    }
}

/// An answer's `via` is the last step of its path, from the service or
/// another answer; `path_len` is the path's length.
fn check_via(
    path: &svcrel::Path<'_>,
    via: svcrel::Step<'_>,
    len: usize,
    answered: impl Fn(&str) -> bool,
) {
    assert_eq!(len, path.len());
    let last = path.steps().last().expect("a path has a link");
    assert_eq!(
        (via.from().id(), via.link(), via.to().id()),
        (last.from().id(), last.link(), last.to().id())
    );
    assert!(
        answered(via.from().id()),
        "{} is no answer",
        via.from().id()
    );
}

fn relation(model: &Model, party: &str, service: &str, q: &Query) -> Option<svcrel::Relation> {
    let Ok(rel) = model.relation(party, service, q) else {
        assert!(!is_party(model, party) || !is_service(model, service));
        return None;
    };
    let roles = rel.roles();
    for pair in roles.windows(2) {
        assert!(rank(&pair[0]) < rank(&pair[1]), "{roles:?}");
    }
    let customers = model
        .customers_of(
            service,
            &Query::new()
                .customer_chain(q.customer_max_chain())
                .as_of(q.date()),
        )
        .unwrap();
    let as_customer = customers.get(party).map(|c| (c.distance(), c.scope()));
    assert_eq!(rel.customer(), as_customer, "{party} to {service}");
    let consumers = model
        .consumers_of(
            service,
            &Query::new()
                .consumer_chain(q.consumer_max_chain())
                .as_of(q.date()),
        )
        .unwrap();
    let as_consumer = consumers.get(party).map(|c| c.distance());
    assert_eq!(rel.consumer(), as_consumer, "{party} to {service}");
    if rel.is_sponsor() {
        assert!(customers.get(party).is_some_and(|c| c.distance() == 0));
    }
    if rel.is_colleague() {
        assert!(!rel.is_provider());
        assert_eq!(model.entity(party).unwrap().kind(), EntityKind::Individual);
    }
    Some(rel)
}

fn triage(model: &Model, party: &str, service: &str, q: &Query) {
    let Ok(t) = model.triage(party, service, q) else {
        assert!(!is_party(model, party) || !is_service(model, service));
        return;
    };
    let rel = relation(model, party, service, q).expect("triage answered");
    assert_eq!(t.relation(), &rel);
    let entitled = rel.roles().iter().any(|r| {
        matches!(
            r,
            Role::Provider | Role::Customer { .. } | Role::Consumer { .. } | Role::Client
        )
    });
    assert_eq!(t.entitled(), entitled);
    assert!(!t.explanation().is_empty());
    if let Some(payer) = t.payer() {
        let payers = model
            .customers_of(service, &Query::new().max_chain(0).as_of(q.date()))
            .unwrap();
        assert!(payers.get(payer.payer().as_str()).is_some());
        assert_eq!(t.sponsors(), payer.sponsors());
    }
}

fn impact(model: &Model, service: &str, q: &Query) {
    let Ok(impact) = model.impact(service, q) else {
        assert!(!is_service(model, service));
        return;
    };
    let services = impact.services();
    assert_eq!(services[0].0.as_str(), service);
    assert_eq!(services[0].1, 0);
    let consumers = model.consumers_of(service, q).unwrap();
    let affected: Vec<(&str, u32)> = consumers
        .services()
        .map(|s| (s.service().id(), s.distance()))
        .collect();
    let listed: Vec<(&str, u32)> = services[1..]
        .iter()
        .map(|(s, d)| (s.as_str(), *d))
        .collect();
    assert_eq!(listed, affected);
    assert!(impact.notify().windows(2).all(|w| w[0] < w[1]));
    let individuals = consumers
        .iter()
        .filter(|c| c.party().kind() == EntityKind::Individual)
        .count();
    let by_payer: usize = impact.consumers_by_payer().values().sum();
    assert_eq!(by_payer + impact.consumers_without_payer(), individuals);
}

fn top(model: &Model, party: &str, on: Option<Date>) {
    let tops = model.top(party, on);
    assert!(tops.windows(2).all(|w| w[0] < w[1]));
    match model.entity(party).map(|e| e.kind()) {
        None | Some(EntityKind::Service) => assert!(tops.is_empty()),
        Some(EntityKind::Organisation) => {
            let chain = model.parent_chain(party);
            let root = chain.last().map_or(party, |o| o.as_str());
            assert_eq!(tops, [root]);
        }
        Some(EntityKind::Individual) => {
            let memberships = model.memberships(party, on);
            if memberships.is_empty() {
                assert_eq!(tops, [party]);
            } else {
                for t in &tops {
                    assert!(memberships.iter().any(|m| {
                        let org = m.organisation.as_str();
                        let chain = model.parent_chain(org);
                        chain.last().map_or(org, |o| o.as_str()) == t.as_str()
                    }));
                }
            }
        }
    }
}

fn parent_chain(model: &Model, org: &str) {
    let chain = model.parent_chain(org);
    let mut seen = std::collections::HashSet::new();
    assert!(chain.len() <= model.counts().organisations);
    for o in &chain {
        assert!(seen.insert(o.as_str()), "{o} twice in the chain of {org}");
        assert_eq!(
            model.entity(o.as_str()).unwrap().kind(),
            EntityKind::Organisation
        );
    }
}
