//! Live edits: random edit sequences on the sample and on small random
//! valid documents, each edit checked against a document-level account of
//! what it should do, and every query on the edited model checked against
//! the same query on a model rebuilt from its exported document.
//!
//! After every edit:
//! - the edit is accepted exactly when the document it should give is
//!   valid (or, for removals and endings, when the rules of those edits
//!   allow it);
//! - a rejected edit leaves the exported document byte for byte as it was;
//! - an accepted edit gives the expected document (compared section by
//!   section, whatever the order), and the export validates;
//! - customers_of, consumers_of, relation, triage and impact agree with a
//!   model rebuilt from the export, for every service and a few parties,
//!   at a few cutoffs and dates;
//! - no export and no answer names an entity that was removed (and not
//!   added again), even though the model's graph reuses freed slots.
//!
//! `PROPTEST_CASES` sets the number of cases of each property (16 on the
//! sample, 64 on random documents by default: each case runs a dozen
//! edits, and a few hundred queries after each).

mod util;

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use svcrel::{
    Date, Dependency, Document, EntityKind, Funding, Individual, Link, LinkType, Membership, Model,
    Organisation, Oversight, Partnership, Path, Payment, ProblemKind, Query, Removal, Reporting,
    Service, Usage,
};
use util::{links, push_link};

fn sample_doc() -> Document {
    Document::from_json_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/sample.json"
    ))
    .expect("the sample loads")
}

fn sample() -> Model {
    Model::from_document(&sample_doc()).expect("the sample is valid")
}

fn date(y: i16, m: i8, d: i8) -> Date {
    Date::constant(y, m, d)
}

// ---------------------------------------------------------------------
// A document-level account of the edits
// ---------------------------------------------------------------------

/// One edit, with concrete ids.
#[derive(Clone, Debug)]
enum Edit {
    AddOrganisation(Organisation),
    AddIndividual(Individual),
    AddService(Service),
    AddLink(Link),
    RemoveLink(Link),
    RemoveEntity(String, Removal),
    EndMembership(String, String, Date),
    EndReporting(String, String, Date),
    Move(Membership),
}

/// Removes the first link equal to `link`; false when there is none.
fn remove_first(doc: &mut Document, link: &Link) -> bool {
    fn take<T: PartialEq>(list: &mut Vec<T>, item: &T) -> bool {
        match list.iter().position(|x| x == item) {
            Some(at) => {
                list.remove(at);
                true
            }
            None => false,
        }
    }
    match link {
        Link::Membership(l) => take(&mut doc.memberships, l),
        Link::Reporting(l) => take(&mut doc.reporting, l),
        Link::Funding(l) => take(&mut doc.funding, l),
        Link::Usage(l) => take(&mut doc.usage, l),
        Link::Dependency(l) => take(&mut doc.dependencies, l),
        Link::Oversight(l) => take(&mut doc.oversight, l),
        Link::Partnership(l) => take(&mut doc.partnerships, l),
    }
}

/// The ids a link names at its ends.
fn ends(link: &Link) -> Vec<&str> {
    match link {
        Link::Membership(l) => vec![l.individual.as_str(), l.organisation.as_str()],
        Link::Reporting(l) => vec![l.individual.as_str(), l.manager.as_str()],
        Link::Funding(l) => vec![l.payer.as_str(), l.service.as_str()],
        Link::Usage(l) => vec![l.user.as_str(), l.service.as_str()],
        Link::Dependency(l) => vec![l.service.as_str(), l.depends_on.as_str()],
        Link::Oversight(l) => vec![l.overseer.as_str(), l.organisation.as_str()],
        Link::Partnership(l) => vec![l.parties[0].as_str(), l.parties[1].as_str()],
    }
}

fn names(link: &Link, id: &str) -> bool {
    ends(link).contains(&id)
        || matches!(link, Link::Funding(f) if f.approved_by.iter().any(|a| a == id))
}

fn entity_ids(doc: &Document) -> Vec<String> {
    let orgs = doc.organisations.iter().map(|o| o.id.to_string());
    let inds = doc.individuals.iter().map(|i| i.id.to_string());
    let svcs = doc.services.iter().map(|s| s.id.to_string());
    orgs.chain(inds).chain(svcs).collect()
}

/// Every membership (or reporting line) from `a` to `b` that holds on
/// `day` ends then; `None` when none holds or one begins that day.
fn end_holding<T>(
    list: &mut [T],
    matches: impl Fn(&T) -> bool,
    period: impl Fn(&mut T) -> (&mut Option<Date>, &mut Option<Date>),
    day: Date,
) -> Option<()> {
    let mut any = false;
    for item in list.iter_mut().filter(|x| matches(x)) {
        let (from, until) = period(item);
        let holds = from.is_none_or(|f| f <= day) && until.is_none_or(|u| day < u);
        if holds {
            if *from == Some(day) {
                return None;
            }
            *until = Some(day);
            any = true;
        }
    }
    any.then_some(())
}

/// What an edit should do to `doc`: the document after it and, for a
/// removed entity, the links it takes (or changes) as they were; `None`
/// when the edit must be rejected.
fn expected(doc: &Document, edit: &Edit) -> Option<(Document, Vec<Link>)> {
    let mut next = doc.clone();
    let valid = |d: Document| d.validate().is_ok().then_some((d, Vec::new()));
    match edit {
        Edit::AddOrganisation(o) => {
            next.organisations.push(o.clone());
            valid(next)
        }
        Edit::AddIndividual(i) => {
            next.individuals.push(i.clone());
            valid(next)
        }
        Edit::AddService(s) => {
            next.services.push(s.clone());
            valid(next)
        }
        Edit::AddLink(l) => {
            push_link(&mut next, l.clone());
            valid(next)
        }
        Edit::RemoveLink(l) => remove_first(&mut next, l).then_some((next, Vec::new())),
        Edit::RemoveEntity(id, removal) => {
            if !entity_ids(doc).contains(id) {
                return None;
            }
            let is_parent = doc
                .organisations
                .iter()
                .any(|o| o.parent.as_ref().is_some_and(|p| p == id.as_str()));
            let provides = doc.services.iter().any(|s| s.provider == id.as_str());
            let named: Vec<Link> = links(doc).into_iter().filter(|l| names(l, id)).collect();
            if is_parent || provides || (*removal == Removal::RefuseIfLinked && !named.is_empty()) {
                return None;
            }
            next.organisations.retain(|o| o.id != id.as_str());
            next.individuals.retain(|i| i.id != id.as_str());
            next.services.retain(|s| s.id != id.as_str());
            let kept: Vec<Link> = links(doc)
                .into_iter()
                .filter(|l| !ends(l).contains(&id.as_str()))
                .map(|l| match l {
                    Link::Funding(mut f) => {
                        f.approved_by.retain(|a| a != id.as_str());
                        Link::Funding(f)
                    }
                    other => other,
                })
                .collect();
            let entities = Document {
                organisations: next.organisations,
                individuals: next.individuals,
                services: next.services,
                ..Document::default()
            };
            let mut next = entities;
            for l in kept {
                push_link(&mut next, l);
            }
            Some((next, named))
        }
        Edit::EndMembership(i, o, day) => {
            end_holding(
                &mut next.memberships,
                |m| m.individual == i.as_str() && m.organisation == o.as_str(),
                |m| (&mut m.from, &mut m.until),
                *day,
            )?;
            Some((next, Vec::new()))
        }
        Edit::EndReporting(i, manager, day) => {
            end_holding(
                &mut next.reporting,
                |r| r.individual == i.as_str() && r.manager == manager.as_str(),
                |r| (&mut r.from, &mut r.until),
                *day,
            )?;
            Some((next, Vec::new()))
        }
        Edit::Move(m) => {
            let day = m.from?;
            let mut begins_that_day = false;
            for old in next
                .memberships
                .iter_mut()
                .filter(|x| x.individual == m.individual)
            {
                if old.holds_on(Some(day)) {
                    begins_that_day |= old.from == Some(day);
                    old.until = Some(day);
                }
            }
            if begins_that_day {
                return None;
            }
            next.memberships.push(m.clone());
            valid(next)
        }
    }
}

/// Applies an edit to the model: the links a removed entity took, if any.
fn apply(model: &mut Model, edit: &Edit) -> Result<Vec<Link>, svcrel::Error> {
    match edit.clone() {
        Edit::AddOrganisation(o) => model.add_organisation(o).map(|()| Vec::new()),
        Edit::AddIndividual(i) => model.add_individual(i).map(|()| Vec::new()),
        Edit::AddService(s) => model.add_service(s).map(|()| Vec::new()),
        Edit::AddLink(l) => model.add_link(l).map(|()| Vec::new()),
        Edit::RemoveLink(l) => model.remove_link(&l).map(|gone| vec![gone]),
        Edit::RemoveEntity(id, removal) => model.remove_entity(&id, removal),
        Edit::EndMembership(i, o, day) => model.end_membership(&i, &o, day).map(|()| Vec::new()),
        Edit::EndReporting(i, m, day) => model.end_reporting(&i, &m, day).map(|()| Vec::new()),
        Edit::Move(m) => model.move_individual(m).map(|()| Vec::new()),
    }
}

/// A document as sorted lines, one per item and section: equal for two
/// documents with the same items, whatever their order.
fn items(doc: &Document) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    out.extend(doc.organisations.iter().map(|x| format!("{x:?}")));
    out.extend(doc.individuals.iter().map(|x| format!("{x:?}")));
    out.extend(doc.services.iter().map(|x| format!("{x:?}")));
    out.extend(links(doc).iter().map(|x| format!("{x:?}")));
    out.sort();
    out
}

fn sorted_debug(links: &[Link]) -> Vec<String> {
    let mut out: Vec<String> = links.iter().map(|l| format!("{l:?}")).collect();
    out.sort();
    out
}

// ---------------------------------------------------------------------
// The queries compared
// ---------------------------------------------------------------------

/// A path as its ids, and its link types with the payment of funding and
/// approval steps (so which of a payer's funding links it goes through
/// counts too).
type PathRow = (Vec<String>, Vec<(LinkType, Option<Payment>)>);

fn path(p: &Path<'_>) -> PathRow {
    (
        p.ids().map(str::to_owned).collect(),
        p.steps().map(|s| (s.link(), s.payment())).collect(),
    )
}

/// Every answer, one line each, ids quoted (as `{:?}` writes them).
fn answers(
    model: &Model,
    services: &[String],
    parties: &[String],
    queries: &[Query],
) -> Vec<String> {
    let mut out = Vec::new();
    for s in services {
        for q in queries {
            let customers = model.customers_of(s, q).expect("a service of the model");
            let rows: Vec<_> = customers
                .iter()
                .map(|c| {
                    let p = c.party();
                    (p.id(), p.kind(), c.distance(), c.scope(), path(&c.path()))
                })
                .collect();
            out.push(format!("customers_of({s:?}, {q:?}) = {rows:?}"));
            let consumers = model.consumers_of(s, q).expect("a service of the model");
            let rows: Vec<_> = consumers
                .iter()
                .map(|c| {
                    let p = c.party();
                    (p.id(), p.kind(), c.distance(), path(&c.path()))
                })
                .collect();
            let affected: Vec<_> = consumers
                .services()
                .map(|a| (a.service().id(), a.distance(), path(&a.path())))
                .collect();
            out.push(format!(
                "consumers_of({s:?}, {q:?}) = {rows:?} {affected:?}"
            ));
            let impact = model.impact(s, q).expect("a service of the model");
            out.push(format!("impact({s:?}, {q:?}) = {impact:?}"));
            for p in parties {
                let relation = model.relation(p, s, q).expect("ids of the model");
                out.push(format!("relation({p:?}, {s:?}, {q:?}) = {relation:?}"));
                let triage = model.triage(p, s, q).expect("ids of the model");
                out.push(format!("triage({p:?}, {s:?}, {q:?}) = {triage:?}"));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------
// Random edits
// ---------------------------------------------------------------------

/// Where an edit comes from: the sample, with dates around its own, or a
/// random document dated in the first days of 2020.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Base {
    Sample,
    Random,
}

impl Base {
    fn day(self, i: u8) -> Date {
        const SAMPLE: [(i16, i8, i8); 8] = [
            (2005, 1, 1),
            (2010, 1, 1),
            (2012, 6, 1),
            (2015, 6, 1),
            (2019, 4, 1),
            (2024, 6, 1),
            (2027, 1, 1),
            (2028, 6, 1),
        ];
        match self {
            Base::Sample => {
                let (y, m, d) = SAMPLE[usize::from(i) % SAMPLE.len()];
                date(y, m, d)
            }
            Base::Random => date(2020, 1, 1 + (i % 8) as i8),
        }
    }

    fn queries(self) -> [Query; 3] {
        [
            Query::new(),
            Query::new().max_chain(0).as_of(self.day(2)),
            Query::new().unlimited_chain().as_of(self.day(6)),
        ]
    }
}

/// What an end of a new link (or an entity to remove) must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Want {
    Organisation,
    Individual,
    Party,
    Service,
    Any,
}

/// An entity of the document as it is when the edit comes: mostly of the
/// kind wanted, sometimes of any kind, sometimes an id nobody has.
#[derive(Clone, Copy, Debug)]
struct End {
    how: u8,
    ix: Index,
}

fn end() -> impl Strategy<Value = End> {
    (0u8..16, any::<Index>()).prop_map(|(how, ix)| End { how, ix })
}

impl End {
    fn resolve(self, doc: &Document, want: Want) -> String {
        let orgs = || doc.organisations.iter().map(|o| o.id.to_string());
        let inds = || doc.individuals.iter().map(|i| i.id.to_string());
        let svcs = || doc.services.iter().map(|s| s.id.to_string());
        let want = if self.how == 14 { Want::Any } else { want };
        let pool: Vec<String> = match want {
            _ if self.how == 15 => Vec::new(),
            Want::Organisation => orgs().collect(),
            Want::Individual => inds().collect(),
            Want::Party => orgs().chain(inds()).collect(),
            Want::Service => svcs().collect(),
            Want::Any => orgs().chain(inds()).chain(svcs()).collect(),
        };
        if pool.is_empty() {
            "ghost".to_owned()
        } else {
            pool[self.ix.index(pool.len())].clone()
        }
    }
}

/// The kinds of link, in the order of [`new_link`]'s `kind`.
const LINK_KINDS: u8 = 7;

/// What the two ends of a link of each kind must be.
fn wants(kind: u8) -> (Want, Want) {
    match kind {
        0 => (Want::Individual, Want::Organisation),
        1 => (Want::Individual, Want::Individual),
        2 | 3 => (Want::Party, Want::Service),
        4 => (Want::Service, Want::Service),
        5 => (Want::Party, Want::Organisation),
        _ => (Want::Party, Want::Party),
    }
}

/// A link of kind `kind` (membership, reporting, funding, usage,
/// dependency, oversight, partnership) between `a` and `b`.
fn new_link(
    kind: u8,
    a: String,
    b: String,
    (from, until): (Option<Date>, Option<Date>),
    payment: Payment,
    approved_by: Vec<String>,
) -> Link {
    match kind {
        0 => Membership {
            title: Some("Member".to_owned()),
            from,
            until,
            ..Membership::new(a, b)
        }
        .into(),
        1 => Reporting {
            from,
            until,
            ..Reporting::new(a, b)
        }
        .into(),
        2 => Funding {
            approved_by: approved_by.into_iter().map(Into::into).collect(),
            from,
            until,
            ..Funding::new(a, b, payment)
        }
        .into(),
        3 => Usage {
            from,
            until,
            ..Usage::new(a, b)
        }
        .into(),
        4 => Dependency {
            from,
            until,
            ..Dependency::new(a, b)
        }
        .into(),
        5 => Oversight {
            from,
            until,
            ..Oversight::new(a, b)
        }
        .into(),
        _ => Partnership {
            from,
            until,
            ..Partnership::new(a, b)
        }
        .into(),
    }
}

/// A new entity's id: a fresh one, one taken already, one removed
/// earlier (free again), or the empty id.
#[derive(Clone, Copy, Debug)]
enum NewId {
    Fresh,
    Taken(Index),
    Freed(Index),
    Empty,
}

fn new_id() -> impl Strategy<Value = NewId> {
    prop_oneof![
        6 => Just(NewId::Fresh),
        1 => any::<Index>().prop_map(NewId::Taken),
        2 => any::<Index>().prop_map(NewId::Freed),
        1 => Just(NewId::Empty),
    ]
}

/// `from` and `until` as days of the base (possibly `from >= until`).
type RawPeriod = (Option<u8>, Option<u8>);

fn raw_period() -> impl Strategy<Value = RawPeriod> {
    prop_oneof![
        3 => Just((None, None)),
        4 => (prop::option::of(0u8..8), prop::option::of(0u8..8)),
    ]
}

/// One edit, with choices made against whatever the document holds when
/// it comes.
#[derive(Clone, Debug)]
enum Op {
    AddOrganisation(NewId, Option<End>),
    AddIndividual(NewId),
    AddService(NewId, End),
    AddLink {
        kind: u8,
        a: End,
        b: End,
        period: RawPeriod,
        payment: Payment,
        approvers: Vec<End>,
    },
    /// A reporting line the other way round from an existing one: a cycle
    /// when the two hold on a common date.
    ReverseReporting(Index, RawPeriod),
    RemoveLink(Index, bool),
    RemoveEntity(End, bool),
    EndMembership(Option<Index>, End, End, u8),
    EndReporting(Option<Index>, End, End, u8),
    Move(End, End, Option<u8>, bool),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => (new_id(), prop::option::weighted(0.6, end())).prop_map(|(id, p)| Op::AddOrganisation(id, p)),
        1 => new_id().prop_map(Op::AddIndividual),
        1 => (new_id(), end()).prop_map(|(id, p)| Op::AddService(id, p)),
        8 => (
            0..LINK_KINDS,
            end(),
            end(),
            raw_period(),
            prop::sample::select(Payment::ALL.to_vec()),
            prop::collection::vec(end(), 0..=2),
        )
            .prop_map(|(kind, a, b, period, payment, approvers)| Op::AddLink {
                kind,
                a,
                b,
                period,
                payment,
                approvers,
            }),
        2 => (any::<Index>(), raw_period()).prop_map(|(ix, p)| Op::ReverseReporting(ix, p)),
        3 => (any::<Index>(), prop::bool::weighted(0.2)).prop_map(|(ix, t)| Op::RemoveLink(ix, t)),
        3 => (end(), any::<bool>()).prop_map(|(e, w)| Op::RemoveEntity(e, w)),
        2 => (prop::option::weighted(0.8, any::<Index>()), end(), end(), 0u8..8)
            .prop_map(|(ix, a, b, d)| Op::EndMembership(ix, a, b, d)),
        1 => (prop::option::weighted(0.8, any::<Index>()), end(), end(), 0u8..8)
            .prop_map(|(ix, a, b, d)| Op::EndReporting(ix, a, b, d)),
        2 => (end(), end(), prop::option::weighted(0.9, 0u8..8), any::<bool>())
            .prop_map(|(a, b, d, t)| Op::Move(a, b, d, t)),
    ]
}

/// The state of one run: the expected document, a counter for fresh
/// ids, and the ids removed (and not added again).
struct Run {
    base: Base,
    doc: Document,
    fresh: usize,
    gone: BTreeSet<String>,
}

impl Run {
    fn new_id(&mut self, id: NewId) -> String {
        let all = entity_ids(&self.doc);
        match id {
            NewId::Taken(ix) if !all.is_empty() => all[ix.index(all.len())].clone(),
            NewId::Freed(ix) if !self.gone.is_empty() => {
                let gone: Vec<&String> = self.gone.iter().collect();
                gone[ix.index(gone.len())].clone()
            }
            NewId::Empty => String::new(),
            _ => {
                self.fresh += 1;
                format!("new-{}", self.fresh)
            }
        }
    }

    fn period(&self, (from, until): RawPeriod) -> (Option<Date>, Option<Date>) {
        (
            from.map(|d| self.base.day(d)),
            until.map(|d| self.base.day(d)),
        )
    }

    fn edit(&mut self, op: &Op) -> Edit {
        let doc = &self.doc;
        match op.clone() {
            Op::AddOrganisation(id, parent) => {
                let parent = parent.map(|p| p.resolve(doc, Want::Organisation).into());
                Edit::AddOrganisation(Organisation {
                    parent,
                    ..Organisation::new(self.new_id(id))
                })
            }
            Op::AddIndividual(id) => Edit::AddIndividual(Individual {
                name: Some("Someone New".to_owned()),
                ..Individual::new(self.new_id(id))
            }),
            Op::AddService(id, provider) => {
                let provider = provider.resolve(doc, Want::Party);
                Edit::AddService(Service::new(self.new_id(id), provider))
            }
            Op::AddLink {
                kind,
                a,
                b,
                period,
                payment,
                approvers,
            } => {
                let (want_a, want_b) = wants(kind);
                Edit::AddLink(new_link(
                    kind,
                    a.resolve(doc, want_a),
                    b.resolve(doc, want_b),
                    self.period(period),
                    payment,
                    approvers
                        .iter()
                        .map(|e| e.resolve(doc, Want::Individual))
                        .collect(),
                ))
            }
            Op::ReverseReporting(ix, period) => {
                let (from, until) = self.period(period);
                let (individual, manager) = match doc.reporting.as_slice() {
                    [] => ("ghost".to_owned(), "ghost".to_owned()),
                    lines => {
                        let r = &lines[ix.index(lines.len())];
                        (r.manager.to_string(), r.individual.to_string())
                    }
                };
                Edit::AddLink(
                    Reporting {
                        from,
                        until,
                        ..Reporting::new(individual, manager)
                    }
                    .into(),
                )
            }
            Op::RemoveLink(ix, tamper) => {
                let all = links(doc);
                let mut link = if all.is_empty() {
                    Usage::new("ghost", "ghost").into()
                } else {
                    all[ix.index(all.len())].clone()
                };
                if tamper {
                    // Most likely a link the model does not have.
                    if let Link::Usage(u) = &mut link {
                        u.until = Some(self.base.day(3));
                    } else {
                        link = Usage::new(ends(&link)[0], "ghost").into();
                    }
                }
                Edit::RemoveLink(link)
            }
            Op::RemoveEntity(e, with_links) => Edit::RemoveEntity(
                e.resolve(doc, Want::Any),
                if with_links {
                    Removal::WithLinks
                } else {
                    Removal::RefuseIfLinked
                },
            ),
            Op::EndMembership(ix, a, b, day) => {
                let (i, o) = match ix {
                    Some(ix) if !doc.memberships.is_empty() => {
                        let m = &doc.memberships[ix.index(doc.memberships.len())];
                        (m.individual.to_string(), m.organisation.to_string())
                    }
                    _ => (
                        a.resolve(doc, Want::Individual),
                        b.resolve(doc, Want::Organisation),
                    ),
                };
                Edit::EndMembership(i, o, self.base.day(day))
            }
            Op::EndReporting(ix, a, b, day) => {
                let (i, m) = match ix {
                    Some(ix) if !doc.reporting.is_empty() => {
                        let r = &doc.reporting[ix.index(doc.reporting.len())];
                        (r.individual.to_string(), r.manager.to_string())
                    }
                    _ => (
                        a.resolve(doc, Want::Individual),
                        b.resolve(doc, Want::Individual),
                    ),
                };
                Edit::EndReporting(i, m, self.base.day(day))
            }
            Op::Move(a, b, day, title) => Edit::Move(Membership {
                title: title.then(|| "Moved".to_owned()),
                from: day.map(|d| self.base.day(d)),
                ..Membership::new(
                    a.resolve(doc, Want::Individual),
                    b.resolve(doc, Want::Organisation),
                )
            }),
        }
    }
}

fn check_no_gone_id(gone: &BTreeSet<String>, text: &str, what: &str) -> Result<(), TestCaseError> {
    for id in gone {
        let quoted = format!("{id:?}");
        prop_assert!(
            !text.contains(&quoted),
            "{what} names {quoted}, an entity removed earlier"
        );
    }
    Ok(())
}

/// Runs the edits one by one from `doc`, checking everything after each.
fn run(base: Base, doc: Document, ops: &[Op], picks: &[Index]) -> Result<(), TestCaseError> {
    let mut model = Model::from_document(&doc).expect("the starting document is valid");
    let mut run = Run {
        base,
        doc,
        fresh: 0,
        gone: BTreeSet::new(),
    };
    let queries = base.queries();
    for (step, op) in ops.iter().enumerate() {
        let edit = run.edit(op);
        let before = model.to_document().to_json_string();
        let want = expected(&run.doc, &edit);
        let got = apply(&mut model, &edit);
        let after = model.to_document();
        match (got, want) {
            (Err(e), None) => {
                prop_assert_eq!(
                    after.to_json_string(),
                    before,
                    "step {}: rejected {:?} ({}) but the model changed",
                    step,
                    &edit,
                    e
                );
                continue;
            }
            (Ok(_), None) => {
                return Err(TestCaseError::fail(format!(
                    "step {step}: {edit:?} should be rejected but was accepted"
                )));
            }
            (Err(e), Some(_)) => {
                return Err(TestCaseError::fail(format!(
                    "step {step}: {edit:?} should be accepted but was rejected: {e}"
                )));
            }
            (Ok(returned), Some((doc, named))) => {
                prop_assert_eq!(
                    items(&after),
                    items(&doc),
                    "step {}: {:?} exported a different document",
                    step,
                    &edit
                );
                match &edit {
                    Edit::RemoveEntity(id, _) => {
                        prop_assert_eq!(
                            sorted_debug(&returned),
                            sorted_debug(&named),
                            "step {}: the links {:?} took",
                            step,
                            id
                        );
                        run.gone.insert(id.clone());
                    }
                    Edit::RemoveLink(link) => prop_assert_eq!(&returned, &vec![link.clone()]),
                    Edit::AddOrganisation(o) => {
                        run.gone.remove(o.id.as_str());
                    }
                    Edit::AddIndividual(i) => {
                        run.gone.remove(i.id.as_str());
                    }
                    Edit::AddService(s) => {
                        run.gone.remove(s.id.as_str());
                    }
                    _ => {}
                }
                run.doc = doc;
            }
        }
        // The export validates and rebuilds into a model that answers alike.
        let rebuilt = Model::from_document(&after)
            .map_err(|e| TestCaseError::fail(format!("step {step}: the export is invalid: {e}")))?;
        prop_assert_eq!(
            rebuilt.to_document().to_json_string(),
            after.to_json_string()
        );
        let services: Vec<String> = run.doc.services.iter().map(|s| s.id.to_string()).collect();
        let all_parties: Vec<String> = run
            .doc
            .organisations
            .iter()
            .map(|o| o.id.to_string())
            .chain(run.doc.individuals.iter().map(|i| i.id.to_string()))
            .collect();
        let mut parties: Vec<String> = picks
            .iter()
            .filter(|_| !all_parties.is_empty())
            .map(|ix| all_parties[ix.index(all_parties.len())].clone())
            .collect();
        parties.sort();
        parties.dedup();
        let edited = answers(&model, &services, &parties, &queries);
        let fresh = answers(&rebuilt, &services, &parties, &queries);
        prop_assert_eq!(edited.len(), fresh.len());
        for (e, f) in edited.iter().zip(&fresh) {
            prop_assert_eq!(
                e,
                f,
                "step {}: after {:?}, the edited model answers differently",
                step,
                &edit
            );
        }
        check_no_gone_id(&run.gone, &after.to_json_string(), "the export")?;
        check_no_gone_id(&run.gone, &edited.join("\n"), "an answer")?;
    }
    Ok(())
}

// ---------------------------------------------------------------------
// Small random valid documents
// ---------------------------------------------------------------------

type RawLink = (u8, End, End, RawPeriod, Payment, Vec<End>);

/// A small valid document: organisations `o0..` (a forest, parents
/// earlier in the list), individuals `i0..`, services `s0..`, and links
/// between them of the right kinds. A link that would break a rule (an
/// empty period, a self-loop, a reporting cycle) is left out.
fn random_doc() -> impl Strategy<Value = Document> {
    let link = (
        0..LINK_KINDS,
        any::<Index>(),
        any::<Index>(),
        raw_period(),
        prop::sample::select(Payment::ALL.to_vec()),
        prop::collection::vec(any::<Index>(), 0..=2),
    )
        .prop_map(|(kind, a, b, period, payment, approvers)| {
            let end = |ix| End { how: 0, ix };
            let approvers = approvers.into_iter().map(end).collect();
            (kind, end(a), end(b), period, payment, approvers)
        });
    (
        (1usize..=4, 1usize..=5, 1usize..=3),
        prop::collection::vec(prop::option::weighted(0.6, any::<Index>()), 4),
        prop::collection::vec(any::<Index>(), 3),
        prop::collection::vec(link, 0..=25),
    )
        .prop_map(|((n_org, n_ind, n_svc), parents, providers, links)| {
            let org = |i: usize| format!("o{i}");
            let mut doc = Document {
                organisations: (0..n_org)
                    .map(|i| Organisation {
                        parent: parents[i]
                            .filter(|_| i > 0)
                            .map(|ix| org(ix.index(i)).into()),
                        ..Organisation::new(org(i))
                    })
                    .collect(),
                individuals: (0..n_ind)
                    .map(|i| Individual::new(format!("i{i}")))
                    .collect(),
                ..Document::default()
            };
            for (i, ix) in providers.iter().take(n_svc).enumerate() {
                let provider = End { how: 0, ix: *ix }.resolve(&doc, Want::Party);
                doc.services.push(Service::new(format!("s{i}"), provider));
            }
            for (kind, a, b, (from, until), payment, approvers) in links as Vec<RawLink> {
                let (want_a, want_b) = wants(kind);
                let link = new_link(
                    kind,
                    a.resolve(&doc, want_a),
                    b.resolve(&doc, want_b),
                    (
                        from.map(|d| Base::Random.day(d)),
                        until.map(|d| Base::Random.day(d)),
                    ),
                    payment,
                    approvers
                        .iter()
                        .map(|e| e.resolve(&doc, Want::Individual))
                        .collect(),
                );
                let mut next = doc.clone();
                push_link(&mut next, link);
                if next.validate().is_ok() {
                    doc = next;
                }
            }
            doc
        })
}

/// `PROPTEST_CASES` cases, or `default`.
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(16))]

    #[test]
    fn random_edits_on_the_sample(
        ops in prop::collection::vec(op(), 1..=12),
        picks in prop::collection::vec(any::<Index>(), 2),
    ) {
        run(Base::Sample, sample_doc(), &ops, &picks)?;
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn random_edits_on_random_documents(
        doc in random_doc(),
        ops in prop::collection::vec(op(), 1..=16),
        picks in prop::collection::vec(any::<Index>(), 3),
    ) {
        run(Base::Random, doc, &ops, &picks)?;
    }
}

// ---------------------------------------------------------------------
// Edits that must be rejected, one by one
// ---------------------------------------------------------------------

/// Applies an edit that must be rejected: the export before and after is
/// the same, byte for byte; the first problem's kind is returned.
fn rejected(model: &mut Model, edit: Edit) -> Option<ProblemKind> {
    let before = model.to_document().to_json_string();
    let err = match apply(model, &edit) {
        Ok(_) => panic!("{edit:?} was accepted"),
        Err(e) => e,
    };
    assert_eq!(
        model.to_document().to_json_string(),
        before,
        "{edit:?} was rejected ({err}) but changed the model"
    );
    err.problems().first().map(|p| p.kind())
}

#[test]
fn rejected_edits_leave_the_model_exactly_as_it_was() {
    let mut m = sample();
    let link = |l: Link| Edit::AddLink(l);
    let cases: Vec<(Edit, Option<ProblemKind>)> = vec![
        // Dangling references and wrong kinds.
        (
            link(Usage::new("ghost", "expense-app").into()),
            Some(ProblemKind::UnknownReference),
        ),
        (
            link(Usage::new("dana", "nasa").into()),
            Some(ProblemKind::WrongKind),
        ),
        (
            link(
                Funding {
                    approved_by: vec!["nasa".into()],
                    ..Funding::new("nasa", "sso", Payment::Cash)
                }
                .into(),
            ),
            Some(ProblemKind::WrongKind),
        ),
        (
            link(Membership::new("dana", "ghost-org").into()),
            Some(ProblemKind::UnknownReference),
        ),
        (
            Edit::AddService(Service::new("vpn", "ghost")),
            Some(ProblemKind::UnknownReference),
        ),
        (
            Edit::AddService(Service::new("vpn", "sso")),
            Some(ProblemKind::WrongKind),
        ),
        (
            Edit::AddOrganisation(Organisation {
                parent: Some("dana".into()),
                ..Organisation::new("jpl")
            }),
            Some(ProblemKind::WrongKind),
        ),
        // Duplicate and empty ids (one namespace for all kinds).
        (
            Edit::AddIndividual(Individual::new("dana")),
            Some(ProblemKind::DuplicateId),
        ),
        (
            Edit::AddOrganisation(Organisation::new("sso")),
            Some(ProblemKind::DuplicateId),
        ),
        (
            Edit::AddService(Service::new("nasa", "nasa")),
            Some(ProblemKind::DuplicateId),
        ),
        (
            Edit::AddIndividual(Individual::new("")),
            Some(ProblemKind::EmptyId),
        ),
        // Self-links, empty periods, reporting cycles on a common date.
        (
            link(Dependency::new("sso", "sso").into()),
            Some(ProblemKind::SelfDependency),
        ),
        (
            link(Reporting::new("dana", "dana").into()),
            Some(ProblemKind::SelfReporting),
        ),
        (
            link(Partnership::new("nasa", "nasa").into()),
            Some(ProblemKind::BadPartnership),
        ),
        (
            link(
                Usage {
                    from: Some(date(2020, 1, 2)),
                    until: Some(date(2020, 1, 2)),
                    ..Usage::new("fan", "sso")
                }
                .into(),
            ),
            Some(ProblemKind::EmptyPeriod),
        ),
        (
            link(Reporting::new("goddard-cio", "dana").into()),
            Some(ProblemKind::ReportingCycle),
        ),
        (
            link(Reporting::new("president", "dana").into()),
            Some(ProblemKind::ReportingCycle),
        ),
        // Mary reports to the CFO from 2027: a line back from 2030 meets it.
        (
            link(
                Reporting {
                    from: Some(date(2030, 1, 1)),
                    ..Reporting::new("acme-cfo", "mary")
                }
                .into(),
            ),
            Some(ProblemKind::ReportingCycle),
        ),
        // Removals.
        (
            Edit::RemoveEntity("fan".into(), Removal::RefuseIfLinked),
            Some(ProblemKind::InUse),
        ),
        (
            Edit::RemoveEntity("dana".into(), Removal::RefuseIfLinked),
            Some(ProblemKind::InUse),
        ),
        (
            Edit::RemoveEntity("nasa".into(), Removal::WithLinks),
            Some(ProblemKind::InUse),
        ),
        (
            Edit::RemoveEntity("expenseco-infra".into(), Removal::WithLinks),
            Some(ProblemKind::InUse),
        ),
        (Edit::RemoveEntity("ghost".into(), Removal::WithLinks), None),
        (
            Edit::RemoveLink(Usage::new("fan", "sso").into()),
            Some(ProblemKind::NoSuchLink),
        ),
        (
            // Every field must match: this one has no `until`.
            Edit::RemoveLink(
                Usage {
                    until: Some(date(2030, 1, 1)),
                    ..Usage::new("fan", "nfl-broadcast")
                }
                .into(),
            ),
            Some(ProblemKind::NoSuchLink),
        ),
        // Endings and moves.
        (
            Edit::EndMembership("mary".into(), "acme-mailroom".into(), date(2012, 1, 1)),
            Some(ProblemKind::NoSuchLink),
        ),
        (
            Edit::EndMembership("dana".into(), "goddard-apps".into(), date(2016, 3, 1)),
            Some(ProblemKind::EmptyPeriod),
        ),
        (
            Edit::EndReporting("dana".into(), "nasa-cio".into(), date(2020, 1, 1)),
            Some(ProblemKind::NoSuchLink),
        ),
        (
            Edit::EndReporting("mary".into(), "acme-cfo".into(), date(2026, 1, 1)),
            Some(ProblemKind::NoSuchLink),
        ),
        (
            Edit::Move(Membership::new("dana", "nasa")),
            Some(ProblemKind::MissingField),
        ),
        (
            Edit::Move(Membership {
                from: Some(date(2027, 1, 1)),
                ..Membership::new("dana", "ghost")
            }),
            Some(ProblemKind::UnknownReference),
        ),
        (
            // Mary joined finance on 2027-01-01: moving her that day would empty it.
            Edit::Move(Membership {
                from: Some(date(2027, 1, 1)),
                ..Membership::new("mary", "acme-it")
            }),
            Some(ProblemKind::EmptyPeriod),
        ),
    ];
    for (edit, kind) in cases {
        let got = rejected(&mut m, edit.clone());
        if kind.is_some() {
            assert_eq!(got, kind, "{edit:?}");
        }
    }
    // After all that, the model is still the sample.
    assert_eq!(m.to_document(), sample_doc());
}

#[test]
fn a_reporting_line_back_on_other_dates_is_no_cycle() {
    let mut m = sample();
    // Mary reports to the CFO from 2027; the CFO reporting to Mary until
    // then never holds on a common date with it.
    m.add_link(Reporting {
        until: Some(date(2027, 1, 1)),
        ..Reporting::new("acme-cfo", "mary")
    })
    .unwrap();
    let doc = m.to_document();
    Model::from_document(&doc).expect("the export validates");
    // But one day more would close the cycle.
    let mut m = sample();
    rejected(
        &mut m,
        Edit::AddLink(
            Reporting {
                until: Some(date(2027, 1, 2)),
                ..Reporting::new("acme-cfo", "mary")
            }
            .into(),
        ),
    );
}

// ---------------------------------------------------------------------
// Ids stay stable when slots are reused
// ---------------------------------------------------------------------

/// Every id mentioned by every answer on every service, for a few parties.
fn everything(m: &Model, parties: &[&str]) -> String {
    let services: Vec<String> = m
        .entities()
        .filter(|e| e.kind() == EntityKind::Service)
        .map(|e| e.id().to_owned())
        .collect();
    let parties: Vec<String> = parties.iter().map(|p| p.to_string()).collect();
    answers(m, &services, &parties, &Base::Sample.queries()).join("\n")
}

#[test]
fn a_removed_approver_is_never_replaced_by_a_new_individual() {
    let mut m = sample();
    let gone = m.remove_entity("dana", Removal::WithLinks).unwrap();
    let expected: Vec<Link> = vec![
        Membership {
            title: Some("Applications Director".into()),
            from: Some(date(2016, 3, 1)),
            ..Membership::new("dana", "goddard-apps")
        }
        .into(),
        Reporting::new("dana", "goddard-cio").into(),
        Funding {
            approved_by: vec!["dana".into()],
            ..Funding::new("goddard-apps", "expense-app", Payment::Cash)
        }
        .into(),
    ];
    assert_eq!(sorted_debug(&gone), sorted_debug(&expected));
    // New entities take the freed slots.
    m.add_individual(Individual::new("new-hire")).unwrap();
    m.add_organisation(Organisation::new("new-org")).unwrap();
    m.add_individual(Individual::new("another")).unwrap();
    m.add_link(Membership::new("new-hire", "goddard-apps"))
        .unwrap();

    let doc = m.to_document();
    let funding = doc
        .funding
        .iter()
        .find(|f| f.service == "expense-app")
        .unwrap();
    assert!(funding.approved_by.is_empty(), "{funding:?}");
    assert!(!doc.to_json_string().contains("\"dana\""));
    let customers = m.customers_of("expense-app", &Query::new()).unwrap();
    let ids: Vec<&str> = customers.iter().map(|c| c.party().id()).collect();
    assert_eq!(ids, ["goddard-apps", "goddard"]);
    assert!(
        !m.relation("new-hire", "expense-app", &Query::new())
            .unwrap()
            .is_sponsor()
    );
    let t = m.triage("new-hire", "expense-app", &Query::new()).unwrap();
    assert_eq!(t.payer().map(|p| p.payer().as_str()), Some("goddard-apps"));
    assert!(t.sponsors().is_empty());
    let all = everything(&m, &["new-hire", "another", "new-org", "goddard-cio"]);
    assert!(!all.contains("\"dana\""));
    // The new hire is a consumer now, through goddard-apps; not a sponsor.
    assert_eq!(
        m.consumers_of("expense-app", &Query::new())
            .unwrap()
            .get("new-hire")
            .map(|c| c.distance()),
        Some(0)
    );
    assert!(
        !m.impact("expense-app", &Query::new())
            .unwrap()
            .notify()
            .iter()
            .any(|p| p == "new-hire")
    );

    // The rebuilt model agrees.
    let rebuilt = Model::from_document(&doc).unwrap();
    assert_eq!(
        everything(&rebuilt, &["new-hire", "another", "new-org", "goddard-cio"]),
        all
    );
}

#[test]
fn a_removed_organisation_and_service_leave_no_trace() {
    let mut m = sample();
    m.remove_entity("united-airlines", Removal::WithLinks)
        .unwrap();
    m.remove_entity("school-laptops", Removal::WithLinks)
        .unwrap();
    m.remove_entity("pupil-eli", Removal::WithLinks).unwrap();
    // The freed slots go to new entities of other kinds.
    m.add_service(Service::new("vpn", "council-it")).unwrap();
    m.add_individual(Individual::new("visitor")).unwrap();
    m.add_organisation(Organisation {
        parent: Some("council".into()),
        ..Organisation::new("council-parks")
    })
    .unwrap();
    m.add_link(Usage::new("visitor", "vpn")).unwrap();
    m.add_link(Dependency::new("vpn", "desktop-support"))
        .unwrap();
    m.add_link(Funding::new("council-parks", "vpn", Payment::Allocation))
        .unwrap();

    let doc = m.to_document();
    let json = doc.to_json_string();
    for id in ["united-airlines", "school-laptops", "pupil-eli"] {
        assert!(!json.contains(&format!("{id:?}")), "{id}");
    }
    let all = everything(&m, &["visitor", "council-parks", "pupil-cara"]);
    for id in ["united-airlines", "school-laptops", "pupil-eli"] {
        assert!(!all.contains(&format!("{id:?}")), "{id}");
    }
    let consumers = m.consumers_of("desktop-support", &Query::new()).unwrap();
    let services: Vec<(&str, u32)> = consumers
        .services()
        .map(|s| (s.service().id(), s.distance()))
        .collect();
    assert_eq!(services, [("vpn", 1)]);
    assert_eq!(consumers.get("visitor").map(|c| c.distance()), Some(1));
    let rebuilt = Model::from_document(&doc).unwrap();
    assert_eq!(
        everything(&rebuilt, &["visitor", "council-parks", "pupil-cara"]),
        all
    );
}

// ---------------------------------------------------------------------
// The export reflects every edit
// ---------------------------------------------------------------------

#[test]
fn the_export_reflects_every_kind_of_edit() {
    let mut m = sample();
    let mut doc = sample_doc();

    m.add_organisation(Organisation {
        name: Some("JPL".into()),
        parent: Some("nasa".into()),
        ..Organisation::new("jpl")
    })
    .unwrap();
    doc.organisations.push(Organisation {
        name: Some("JPL".into()),
        parent: Some("nasa".into()),
        ..Organisation::new("jpl")
    });
    m.add_individual(Individual {
        name: Some("Rita".into()),
        ..Individual::new("rita")
    })
    .unwrap();
    doc.individuals.push(Individual {
        name: Some("Rita".into()),
        ..Individual::new("rita")
    });
    m.add_service(Service {
        name: Some("Telemetry".into()),
        ..Service::new("telemetry", "jpl")
    })
    .unwrap();
    doc.services.push(Service {
        name: Some("Telemetry".into()),
        ..Service::new("telemetry", "jpl")
    });
    let funding = Funding {
        approved_by: vec!["rita".into(), "nasa-cio".into()],
        from: Some(date(2026, 1, 1)),
        until: Some(date(2027, 1, 1)),
        ..Funding::new("goddard", "telemetry", Payment::Chargeback)
    };
    m.add_link(funding.clone()).unwrap();
    doc.funding.push(funding);
    m.add_link(Membership {
        title: Some("Engineer".into()),
        ..Membership::new("rita", "jpl")
    })
    .unwrap();
    doc.memberships.push(Membership {
        title: Some("Engineer".into()),
        ..Membership::new("rita", "jpl")
    });

    // Dana moves to JPL on 2027-03-01.
    m.move_individual(Membership {
        from: Some(date(2027, 3, 1)),
        ..Membership::new("dana", "jpl")
    })
    .unwrap();
    doc.memberships[0].until = Some(date(2027, 3, 1));
    doc.memberships.push(Membership {
        from: Some(date(2027, 3, 1)),
        ..Membership::new("dana", "jpl")
    });
    // Mary's line to the CFO ends on 2029-01-01.
    m.end_reporting("mary", "acme-cfo", date(2029, 1, 1))
        .unwrap();
    doc.reporting
        .iter_mut()
        .find(|r| r.individual == "mary")
        .unwrap()
        .until = Some(date(2029, 1, 1));
    // The Acme CFO leaves finance on 2030-01-01.
    m.end_membership("acme-cfo", "acme-finance", date(2030, 1, 1))
        .unwrap();
    doc.memberships
        .iter_mut()
        .find(|x| x.individual == "acme-cfo")
        .unwrap()
        .until = Some(date(2030, 1, 1));
    // Budweiser's contract: removed and added again with an end.
    m.remove_link(&Funding::new("budweiser", "nfl-broadcast", Payment::Cash).into())
        .unwrap();
    doc.funding.retain(|f| f.payer != "budweiser");
    let ended = Funding {
        until: Some(date(2026, 2, 9)),
        ..Funding::new("budweiser", "nfl-broadcast", Payment::Cash)
    };
    m.add_link(ended.clone()).unwrap();
    doc.funding.push(ended);

    let export = m.to_document();
    assert_eq!(items(&export), items(&doc));
    doc.validate().unwrap();
    export.validate().unwrap();

    // And the queries follow: Dana is at JPL from 2027-03-01.
    let q = Query::new().as_of(date(2027, 6, 1));
    assert_eq!(m.top("dana", q.date()), ["us-gov"]);
    // In 2026 she is in goddard-apps, below goddard, which pays for telemetry.
    let t = m
        .triage("dana", "telemetry", &Query::new().as_of(date(2026, 6, 1)))
        .unwrap();
    assert_eq!(
        t.payer().map(|p| (p.payer().as_str(), p.steps())),
        Some(("goddard", 2))
    );
    assert_eq!(t.sponsors(), ["rita", "nasa-cio"]);
    // In 2027 goddard's funding has ended.
    assert_eq!(m.triage("dana", "telemetry", &q).unwrap().payer(), None);
}

// ---------------------------------------------------------------------
// Known bugs
// ---------------------------------------------------------------------

#[test]

fn the_export_keeps_the_order_items_were_added() {
    let mut m = sample();
    // Free a reporting line's slot (and an organisation's), then add.
    m.remove_link(&Reporting::new("dana", "goddard-cio").into())
        .unwrap();
    m.add_link(Funding::new("acme-finance", "expense-app", Payment::Cash))
        .unwrap();
    m.remove_entity("united-airlines", Removal::WithLinks)
        .unwrap();
    m.add_organisation(Organisation::new("newco")).unwrap();
    let doc = m.to_document();
    assert_eq!(
        doc.funding
            .last()
            .map(|f| (f.payer.as_str(), f.service.as_str())),
        Some(("acme-finance", "expense-app"))
    );
    assert_eq!(
        doc.organisations.last().map(|o| o.id.as_str()),
        Some("newco")
    );

    // The consequence for triage: Mary (no date: in accounting and in
    // finance) is paid for by accounting, whose link is listed first; a
    // link added for finance later must not take precedence.
    let mut m = sample();
    m.remove_link(
        &Funding {
            approved_by: vec!["acme-cfo".into()],
            from: Some(date(2015, 1, 1)),
            ..Funding::new("acme-finance", "acme-email", Payment::Allocation)
        }
        .into(),
    )
    .unwrap();
    m.remove_link(&Reporting::new("dana", "goddard-cio").into())
        .unwrap();
    m.add_link(Funding {
        approved_by: vec!["acme-cfo".into()],
        from: Some(date(2015, 1, 1)),
        ..Funding::new("acme-finance", "acme-email", Payment::Allocation)
    })
    .unwrap();
    let t = m.triage("mary", "acme-email", &Query::new()).unwrap();
    assert_eq!(
        t.payer().map(|p| p.payer().as_str()),
        Some("acme-accounting")
    );
}

#[test]

fn customer_paths_on_an_edited_model_match_the_rebuilt_model() {
    let mut m = sample();
    // The removal frees a slot that the new funding link then takes.
    m.remove_link(&Reporting::new("dana", "goddard-cio").into())
        .unwrap();
    m.add_link(Funding::new("acme-finance", "acme-email", Payment::Trade))
        .unwrap();
    let rebuilt = Model::from_document(&m.to_document()).unwrap();
    let rows = |m: &Model| -> Vec<(String, Vec<Option<Payment>>, String)> {
        m.customers_of("acme-email", &Query::new())
            .unwrap()
            .iter()
            .map(|c| {
                let p = c.path();
                let payments = p.steps().map(|s| s.payment()).collect();
                (c.party().id().to_owned(), payments, p.to_string())
            })
            .collect()
    };
    // Edited: acme-finance's path goes through the trade link, rebuilt
    // through the allocation link.
    assert_eq!(rows(&m), rows(&rebuilt));
}

/// A date a document cannot hold (before the year 0000) is refused by
/// every edit that takes one, so a saved model always reads back.
#[test]
fn an_edit_with_a_date_no_document_can_hold_is_refused() {
    let mut model = Model::from_json_file("examples/data/sample.json").unwrap();
    let before = model.to_document().to_json_string();
    let ancient = Date::constant(-1, 1, 1);
    let usage = Usage {
        from: Some(ancient),
        ..Usage::new("fan", "acme-email")
    };
    let err = model.add_link(usage).unwrap_err();
    assert_eq!(err.problems()[0].kind(), ProblemKind::BadDate);
    let err = model
        .end_membership("dana", "goddard-apps", ancient)
        .unwrap_err();
    assert_eq!(err.problems()[0].kind(), ProblemKind::BadDate);
    let moved = Membership {
        from: Some(ancient),
        ..Membership::new("dana", "nasa")
    };
    assert!(model.move_individual(moved).is_err());
    assert_eq!(model.to_document().to_json_string(), before);
}

#[test]
fn a_cycle_an_edit_would_close_names_odd_ids_escaped() {
    let json = r#"{"version": 1,
        "individuals": [{"id": "a\u202eb"}, {"id": "line\nbreak"}],
        "reporting": [{"individual": "a\u202eb", "manager": "line\nbreak"}]}"#;
    let mut model = Model::from_json_str(json).unwrap();
    let err = model
        .add_link(Link::Reporting(Reporting::new("line\nbreak", "a\u{202e}b")))
        .unwrap_err();
    let message = err.problems()[0].to_string();
    assert!(
        message
            .ends_with(r#"closes a reporting cycle: "line\nbreak" → "a\u{202e}b" → "line\nbreak""#),
        "{message}"
    );
    assert!(!message.contains('\u{202e}') && !message.contains('\n'));
}

#[test]
fn an_edit_and_a_document_describe_a_long_cycle_in_the_same_words() {
    let n = 20;
    let individuals: Vec<String> = (0..n).map(|i| format!(r#"{{"id": "p{i}"}}"#)).collect();
    let lines: Vec<String> = (0..n - 1)
        .map(|i| format!(r#"{{"individual": "p{i}", "manager": "p{}"}}"#, i + 1))
        .collect();
    let json = |lines: &[String]| {
        format!(
            r#"{{"version": 1, "individuals": [{}], "reporting": [{}]}}"#,
            individuals.join(","),
            lines.join(",")
        )
    };
    // The document with the closing line: reported at its first line.
    let mut closed = lines.clone();
    closed.push(format!(
        r#"{{"individual": "p{}", "manager": "p0"}}"#,
        n - 1
    ));
    let err = Model::from_json_str(&json(&closed)).unwrap_err();
    assert_eq!(
        err.problems()[0].to_string(),
        r#"reporting[0].manager: "p1" closes a reporting cycle: p0 → p1 → p2 → p3 → p4 → p5 → p6 → p7 → … (20 in all) → p0"#
    );
    // The same line added by an edit: the same words, from the new line.
    let mut model = Model::from_json_str(&json(&lines)).unwrap();
    let err = model
        .add_link(Link::Reporting(Reporting::new(format!("p{}", n - 1), "p0")))
        .unwrap_err();
    assert!(
        err.problems()[0].to_string().ends_with(
            r#""p0" closes a reporting cycle: p19 → p0 → p1 → p2 → p3 → p4 → p5 → p6 → … (20 in all) → p19"#
        ),
        "{}",
        err.problems()[0]
    );
}

/// The document with `link` put before every link it has.
fn with_link_first(doc: &Document, link: Link) -> Document {
    let mut out = Document {
        memberships: Vec::new(),
        reporting: Vec::new(),
        funding: Vec::new(),
        usage: Vec::new(),
        dependencies: Vec::new(),
        oversight: Vec::new(),
        partnerships: Vec::new(),
        ..doc.clone()
    };
    for l in std::iter::once(link).chain(links(doc)) {
        push_link(&mut out, l);
    }
    out
}

#[test]
fn a_mistake_in_a_document_and_in_an_edit_is_the_same_problem() {
    // cat reports to ann until 2027, bob to cat from January to December.
    let base = Document {
        organisations: vec![Organisation::new("corp")],
        individuals: vec![
            Individual::new("ann"),
            Individual::new("bob"),
            Individual::new("cat"),
        ],
        services: vec![Service::new("mail", "corp")],
        reporting: vec![
            Reporting {
                from: Some(date(2026, 1, 1)),
                until: Some(date(2026, 12, 1)),
                ..Reporting::new("bob", "cat")
            },
            Reporting {
                until: Some(date(2027, 1, 1)),
                ..Reporting::new("cat", "ann")
            },
        ],
        ..Document::default()
    };
    let day = date(2026, 5, 1);
    let mistakes: [(Link, ProblemKind); 8] = [
        (
            Reporting {
                from: Some(date(2026, 3, 1)),
                ..Reporting::new("ann", "bob")
            }
            .into(),
            ProblemKind::ReportingCycle,
        ),
        (
            Reporting::new("ann", "ann").into(),
            ProblemKind::SelfReporting,
        ),
        (
            Dependency::new("mail", "mail").into(),
            ProblemKind::SelfDependency,
        ),
        (
            Partnership::new("corp", "corp").into(),
            ProblemKind::BadPartnership,
        ),
        (
            Usage {
                from: Some(day),
                until: Some(day),
                ..Usage::new("ann", "mail")
            }
            .into(),
            ProblemKind::EmptyPeriod,
        ),
        (
            Usage {
                from: Some(date(-1, 1, 1)),
                ..Usage::new("ann", "mail")
            }
            .into(),
            ProblemKind::BadDate,
        ),
        (
            Usage::new("ghost", "mail").into(),
            ProblemKind::UnknownReference,
        ),
        (
            Membership::new("ann", "mail").into(),
            ProblemKind::WrongKind,
        ),
    ];
    for (link, kind) in mistakes {
        let doc = with_link_first(&base, link.clone());
        let in_doc = Model::from_document(&doc).unwrap_err().problems().to_vec();
        let mut model = Model::from_document(&base).expect("the base is valid");
        let in_edit = model
            .add_link(link.clone())
            .unwrap_err()
            .problems()
            .to_vec();
        assert_eq!((in_doc.len(), in_edit.len()), (1, 1), "{link:?}");
        let (d, e) = (&in_doc[0], &in_edit[0]);
        assert_eq!((d.kind(), e.kind()), (kind, kind), "{link:?}");
        assert_eq!(d.message(), e.message(), "{link:?}");
        assert_eq!(
            (d.section(), d.field(), d.id()),
            (e.section(), e.field(), e.id())
        );
        assert_eq!((d.index(), e.index()), (Some(0), None));
    }
    // The cycle's words name the period its three lines share.
    let mut model = Model::from_document(&base).expect("the base is valid");
    let line = Reporting {
        from: Some(date(2026, 3, 1)),
        ..Reporting::new("ann", "bob")
    };
    let err = model.add_link(line).unwrap_err();
    assert_eq!(
        err.problems()[0].to_string(),
        r#"reporting.manager: "bob" closes a reporting cycle: ann → bob → cat → ann (from 2026-03-01 until 2026-12-01)"#
    );
}
