//! Small random valid documents for property tests: organisations
//! `o0..`, individuals `i0..`, services `s0..`, with links dated among
//! the first days of 2020 (see [`build`]).

use proptest::prelude::*;
use proptest::sample::Index;
use svcrel::{
    Date, Dependency, Document, Funding, Individual, Membership, Organisation, Oversight,
    Partnership, Payment, Reporting, Service, Usage,
};

/// A day of the few the generated links are dated with.
pub fn day(d: i8) -> Date {
    Date::constant(2020, 1, d)
}

pub type Period = (Option<Date>, Option<Date>);

/// No dates at all, or a `from` and/or an `until` among the first days of
/// 2020, always with `from < until`.
fn period() -> impl Strategy<Value = Period> {
    prop_oneof![
        2 => Just((None, None)),
        3 => (prop::option::of(1i8..=5), prop::option::of(2i8..=6)).prop_map(|(from, until)| {
            let until = match (from, until) {
                (Some(f), Some(u)) if f >= u => Some(f + 1),
                _ => until,
            };
            (from.map(day), until.map(day))
        }),
    ]
}

type RawLink = (Index, Index, Period);

fn raw_links(max: usize) -> impl Strategy<Value = Vec<RawLink>> {
    prop::collection::vec((any::<Index>(), any::<Index>(), period()), 0..=max)
}

type RawFunding = (Index, Index, Payment, Vec<Index>, Period);

#[derive(Clone, Debug)]
pub struct Raw {
    counts: (usize, usize, usize),
    parents: Vec<Option<Index>>,
    providers: Vec<Index>,
    memberships: Vec<RawLink>,
    reporting: Vec<(RawLink, bool, i8)>,
    funding: Vec<RawFunding>,
    usage: Vec<RawLink>,
    dependencies: Vec<RawLink>,
    oversight: Vec<RawLink>,
    partnerships: Vec<RawLink>,
}

pub fn raw() -> impl Strategy<Value = Raw> {
    let funding = prop::collection::vec(
        (
            any::<Index>(),
            any::<Index>(),
            prop::sample::select(Payment::ALL.to_vec()),
            prop::collection::vec(any::<Index>(), 0..=2),
            period(),
        ),
        0..=8,
    );
    (
        (1usize..=6, 1usize..=8, 1usize..=5),
        prop::collection::vec(prop::option::weighted(0.6, any::<Index>()), 6),
        prop::collection::vec(any::<Index>(), 5),
        raw_links(8),
        prop::collection::vec(
            (
                (any::<Index>(), any::<Index>(), period()),
                prop::bool::weighted(0.7),
                1i8..=5,
            ),
            0..=10,
        ),
        funding,
        raw_links(6),
        raw_links(7),
        raw_links(3),
        raw_links(3),
    )
        .prop_map(
            |(
                counts,
                parents,
                providers,
                memberships,
                reporting,
                funding,
                usage,
                dependencies,
                oversight,
                partnerships,
            )| Raw {
                counts,
                parents,
                providers,
                memberships,
                reporting,
                funding,
                usage,
                dependencies,
                oversight,
                partnerships,
            },
        )
}

/// Builds a valid document from raw choices: organisations `o0..`,
/// individuals `i0..`, services `s0..`. Parents point to an earlier
/// organisation (a forest); a dependency, a reporting line and a
/// partnership never join an entity to itself; most reporting lines go
/// to a manager with a smaller index (so chains grow long), the others
/// anywhere but hold for one day only, and a reporting line that would
/// close a cycle on some date is left out. Cycles whose links never hold
/// on one common date stay: with no date every link holds, and queries
/// must still terminate.
pub fn build(raw: &Raw) -> Document {
    let (n_org, n_ind, n_svc) = raw.counts;
    let org = |i: usize| format!("o{i}");
    let ind = |i: usize| format!("i{i}");
    let svc = |i: usize| format!("s{i}");
    let n_party = n_org + n_ind;
    let party_at = |p: usize| if p < n_org { org(p) } else { ind(p - n_org) };
    let party = |ix: &Index| party_at(ix.index(n_party));
    // Two different indices below `n` (n >= 2).
    let pair = |a: &Index, b: &Index, n: usize| {
        let a = a.index(n);
        let b = (a + 1 + b.index(n - 1)) % n;
        (a, b)
    };

    let mut doc = Document {
        organisations: (0..n_org)
            .map(|i| Organisation {
                parent: raw.parents[i]
                    .as_ref()
                    .filter(|_| i > 0)
                    .map(|ix| org(ix.index(i)).into()),
                ..Organisation::new(org(i))
            })
            .collect(),
        individuals: (0..n_ind).map(|i| Individual::new(ind(i))).collect(),
        services: (0..n_svc)
            .map(|i| Service::new(svc(i), party(&raw.providers[i])))
            .collect(),
        memberships: raw
            .memberships
            .iter()
            .map(|(i, o, (from, until))| Membership {
                from: *from,
                until: *until,
                ..Membership::new(ind(i.index(n_ind)), org(o.index(n_org)))
            })
            .collect(),
        funding: raw
            .funding
            .iter()
            .map(|(p, s, payment, approvers, (from, until))| Funding {
                approved_by: approvers
                    .iter()
                    .map(|a| ind(a.index(n_ind)).into())
                    .collect(),
                from: *from,
                until: *until,
                ..Funding::new(party(p), svc(s.index(n_svc)), *payment)
            })
            .collect(),
        usage: raw
            .usage
            .iter()
            .map(|(p, s, (from, until))| Usage {
                from: *from,
                until: *until,
                ..Usage::new(party(p), svc(s.index(n_svc)))
            })
            .collect(),
        dependencies: if n_svc < 2 {
            Vec::new()
        } else {
            raw.dependencies
                .iter()
                .map(|(a, b, (from, until))| {
                    let (a, b) = pair(a, b, n_svc);
                    Dependency {
                        from: *from,
                        until: *until,
                        ..Dependency::new(svc(a), svc(b))
                    }
                })
                .collect()
        },
        oversight: raw
            .oversight
            .iter()
            .map(|(p, o, (from, until))| Oversight {
                from: *from,
                until: *until,
                ..Oversight::new(party(p), org(o.index(n_org)))
            })
            .collect(),
        partnerships: raw
            .partnerships
            .iter()
            .map(|(a, b, (from, until))| {
                let (a, b) = pair(a, b, n_party);
                Partnership {
                    from: *from,
                    until: *until,
                    ..Partnership::new(party_at(a), party_at(b))
                }
            })
            .collect(),
        ..Document::default()
    };
    if n_ind >= 2 {
        for ((i, m, period), upwards, one_day) in &raw.reporting {
            let (i, m) = pair(i, m, n_ind);
            let ((i, m), (from, until)) = if *upwards {
                ((i.max(m), i.min(m)), *period)
            } else {
                ((i, m), (Some(day(*one_day)), Some(day(one_day + 1))))
            };
            doc.reporting.push(Reporting {
                from,
                until,
                ..Reporting::new(ind(i), ind(m))
            });
            if doc.validate().is_err() {
                doc.reporting.pop();
            }
        }
    }
    doc
}

/// A random valid document.
pub fn document() -> impl Strategy<Value = Document> {
    raw().prop_map(|raw| build(&raw))
}

/// One small edit of a document, as [`mutate`] applies it: what to do
/// (`op`) and three choices it picks its ends, link and payment with.
#[derive(Clone, Debug)]
pub struct Mutation {
    op: u8,
    a: Index,
    b: Index,
    c: Index,
    payment: Payment,
    period: Period,
}

/// A random [`Mutation`].
pub fn mutation() -> impl Strategy<Value = Mutation> {
    (
        0u8..14,
        any::<Index>(),
        any::<Index>(),
        any::<Index>(),
        prop::sample::select(Payment::ALL.to_vec()),
        period(),
    )
        .prop_map(|(op, a, b, c, payment, period)| Mutation {
            op,
            a,
            b,
            c,
            payment,
            period,
        })
}

/// Removes the item `ix` picks from `list`, if any.
fn remove_at<T>(list: &mut Vec<T>, ix: &Index) {
    if !list.is_empty() {
        list.remove(ix.index(list.len()));
    }
}

/// `doc` with `edits` applied one after the other, each left out when it
/// would make the document invalid: links removed, added or re-dated, a
/// payment changed, a parent moved, a service removed (with its links)
/// or added (`s-new`, with a user and a payer). The ids stay those of
/// [`build`] (plus `s-new`), each of the same kind as before.
pub fn mutate(doc: &Document, edits: &[Mutation]) -> Document {
    let mut doc = doc.clone();
    for m in edits {
        let before = doc.clone();
        apply(&mut doc, m);
        if doc.validate().is_err() {
            doc = before;
        }
    }
    doc
}

fn apply(doc: &mut Document, m: &Mutation) {
    let orgs: Vec<String> = doc.organisations.iter().map(|o| o.id.to_string()).collect();
    let inds: Vec<String> = doc.individuals.iter().map(|i| i.id.to_string()).collect();
    let svcs: Vec<String> = doc.services.iter().map(|s| s.id.to_string()).collect();
    let parties: Vec<String> = orgs.iter().chain(&inds).cloned().collect();
    let pick = |list: &[String], ix: &Index| {
        (!list.is_empty()).then(|| list[ix.index(list.len())].clone())
    };
    let (from, until) = m.period;
    match m.op {
        0 => remove_at(&mut doc.memberships, &m.a),
        1 => remove_at(&mut doc.reporting, &m.a),
        2 => remove_at(&mut doc.funding, &m.a),
        3 => remove_at(&mut doc.usage, &m.a),
        4 => remove_at(&mut doc.dependencies, &m.a),
        5 => remove_at(&mut doc.oversight, &m.a),
        6 => {
            if let (Some(i), Some(o)) = (pick(&inds, &m.a), pick(&orgs, &m.b)) {
                doc.memberships.push(Membership {
                    from,
                    until,
                    ..Membership::new(i, o)
                });
            }
        }
        7 => {
            if let (Some(p), Some(s)) = (pick(&parties, &m.a), pick(&svcs, &m.b)) {
                doc.usage.push(Usage {
                    from,
                    until,
                    ..Usage::new(p, s)
                });
            }
        }
        8 => {
            if let (Some(p), Some(s)) = (pick(&parties, &m.a), pick(&svcs, &m.b)) {
                doc.funding.push(Funding {
                    approved_by: pick(&inds, &m.c).into_iter().map(Into::into).collect(),
                    from,
                    until,
                    ..Funding::new(p, s, m.payment)
                });
            }
        }
        9 => {
            if let (Some(p), Some(o)) = (pick(&parties, &m.a), pick(&orgs, &m.b)) {
                doc.oversight.push(Oversight {
                    from,
                    until,
                    ..Oversight::new(p, o)
                });
            }
        }
        10 => {
            if !doc.funding.is_empty() {
                let n = doc.funding.len();
                doc.funding[m.a.index(n)].payment = m.payment;
            }
        }
        11 => {
            // A parent moved (or dropped): left out if it makes a cycle.
            if !doc.organisations.is_empty() {
                let n = doc.organisations.len();
                let parent = pick(&orgs, &m.b).filter(|_| m.c.index(3) > 0);
                doc.organisations[m.a.index(n)].parent = parent.map(Into::into);
            }
        }
        12 => {
            if let Some(s) = pick(&svcs, &m.a) {
                doc.services.retain(|x| x.id.as_str() != s);
                doc.funding.retain(|f| f.service.as_str() != s);
                doc.usage.retain(|u| u.service.as_str() != s);
                doc.dependencies
                    .retain(|d| d.service.as_str() != s && d.depends_on.as_str() != s);
            }
        }
        _ => {
            let new = "s-new";
            if let (Some(provider), false) = (pick(&parties, &m.a), svcs.iter().any(|s| s == new)) {
                doc.services.push(Service::new(new, provider));
                if let Some(user) = pick(&parties, &m.b) {
                    doc.usage.push(Usage::new(user, new));
                }
                if let Some(payer) = pick(&parties, &m.c) {
                    doc.funding.push(Funding {
                        approved_by: pick(&inds, &m.b).into_iter().map(Into::into).collect(),
                        ..Funding::new(payer, new, m.payment)
                    });
                }
            }
        }
    }
    // Links re-dated: the last link of a list takes the period drawn.
    if m.op < 6 && m.c.index(4) == 0 {
        if let Some(u) = doc.usage.last_mut() {
            (u.from, u.until) = (from, until);
        }
    }
}
