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
