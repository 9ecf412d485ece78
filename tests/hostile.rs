//! Hostile documents: each is read and queried with bounded memory, no
//! stack overflow and no panic, and gives a clear error or the right
//! answer. The documents are built in memory as JSON text, so the reader
//! is tested too.
//!
//! The cases of a million links run at a tenth of their size on every
//! `cargo test`, and at full size with `--ignored` (`.ci/run` runs those
//! in release mode). A JSON text nested a hundred thousand deep, and long
//! parent and reporting cycles, are in `scale.rs`.
//!
//! The cases in `deep` walk a million-long chain from its far end, and
//! remove an entity with a million links: linear, but slow in debug
//! builds, so they are ignored there and `.ci/run` runs them in release.

mod util;

use std::fmt::Write;

use svcrel::{
    Document, EntityKind, ErrorKind, LinkType, MaxChain, Model, Problem, ProblemKind, Query,
    Removal, Role, Scope, Section,
};
use util::{document, items};

const MILLION: usize = 1_000_000;

fn unlimited() -> Query {
    Query::new().max_chain(MaxChain::Unlimited)
}

/// Reads `json` both ways, checks the model gives back the document, and
/// returns the model.
fn load(json: &str) -> Model {
    let model = Model::from_json_str(json).expect("the document is valid");
    let doc = Document::from_json_str(json).expect("the document reads");
    assert!(model.to_document() == doc, "the model lost something");
    model
}

// A parent chain: `o0` at the top, `o{i}` the child of `o{i-1}`.

/// Organisations `o0` to `o{n-1}`, each the parent of the next; Dana a
/// member of the lowest, which pays the vendor's service in cash, with
/// Dana approving; the top organisation uses the service.
fn parent_chain(n: usize) -> String {
    let orgs = items(n, |out, i| match i {
        0 => out.push_str(r#"{"id": "o0"}"#),
        _ => write!(out, r#"{{"id": "o{i}", "parent": "o{}"}}"#, i - 1).unwrap(),
    });
    let leaf = n - 1;
    document(&[
        ("organisations", format!(r#"{orgs}, {{"id": "vendor"}}"#)),
        ("individuals", r#"{"id": "dana"}"#.to_owned()),
        (
            "services",
            r#"{"id": "svc", "provider": "vendor"}"#.to_owned(),
        ),
        (
            "memberships",
            format!(r#"{{"individual": "dana", "organisation": "o{leaf}"}}"#),
        ),
        (
            "funding",
            format!(
                r#"{{"payer": "o{leaf}", "service": "svc", "payment": "cash", "approved_by": ["dana"]}}"#
            ),
        ),
        ("usage", r#"{"user": "o0", "service": "svc"}"#.to_owned()),
    ])
}

fn a_parent_chain_is_walked_without_recursion(n: usize) {
    let model = load(&parent_chain(n));
    let leaf = format!("o{}", n - 1);
    assert_eq!(model.counts().organisations, n + 1);

    // The chain above the lowest organisation, nearest first.
    let chain = model.parent_chain(&leaf);
    assert_eq!(chain.len(), n - 1);
    for (k, org) in chain.iter().enumerate() {
        assert_eq!(org.as_str(), format!("o{}", n - 2 - k));
    }
    assert_eq!(model.top(&leaf, None), ["o0"]);
    assert_eq!(model.top("dana", None), ["o0"]);
    assert_eq!(
        model.memberships("dana", None)[0].organisation,
        leaf.as_str()
    );

    // Every organisation above the payer is a customer, one step further
    // each, all external (the vendor is another company).
    let customers = model.customers_of("svc", &unlimited()).unwrap();
    assert_eq!(customers.len(), n + 1);
    let rows: Vec<(&str, u32, Scope)> = customers
        .iter()
        .map(|c| (c.party().id(), c.distance(), c.scope()))
        .collect();
    assert_eq!(rows[0], ("dana", 0, Scope::External));
    assert_eq!(rows[1], (leaf.as_str(), 0, Scope::External));
    for (d, row) in rows[2..].iter().enumerate() {
        let d = d + 1;
        assert_eq!(
            *row,
            (&*format!("o{}", n - 1 - d), d as u32, Scope::External)
        );
    }
    let top = customers.get("o0").unwrap();
    assert_eq!(top.distance() as usize, n - 1);
    let path = top.path();
    assert_eq!(path.len(), n);
    let ids: Vec<&str> = path.ids().collect();
    assert_eq!(ids[..2], ["svc", leaf.as_str()]);
    assert_eq!(ids.last(), Some(&"o0"));
    assert!(path.steps().skip(1).all(|s| s.link() == LinkType::Parent));

    // The default cutoff: the payer, its approver and one step above.
    let near = model.customers_of("svc", &Query::new()).unwrap();
    let near: Vec<(&str, u32)> = near
        .iter()
        .map(|c| (c.party().id(), c.distance()))
        .collect();
    let above = format!("o{}", n - 2);
    assert_eq!(near, [("dana", 0), (leaf.as_str(), 0), (above.as_str(), 1)]);

    // The top organisation uses the service: every organisation below it
    // and Dana consume it, at distance 0.
    let consumers = model.consumers_of("svc", &Query::new()).unwrap();
    assert_eq!(consumers.len(), n + 1);
    assert!(consumers.iter().all(|c| c.distance() == 0));
    let dana = consumers.get("dana").unwrap().path();
    assert_eq!(dana.len(), n + 1); // usage, n - 1 parents down, membership
    assert_eq!(dana.steps().last().unwrap().link(), LinkType::Membership);

    let rel = model.relation("o0", "svc", &unlimited()).unwrap();
    assert_eq!(
        rel.roles(),
        [
            Role::Customer {
                distance: (n - 1) as u32,
                scope: Scope::External
            },
            Role::Consumer { distance: 0 }
        ]
    );
    let t = model.triage("o0", "svc", &Query::new()).unwrap();
    assert!(t.entitled());
    assert!(t.payer().is_none()); // the payer is below, not near

    let impact = model.impact("svc", &Query::new()).unwrap();
    assert_eq!(impact.consumers_by_top().get("o0"), Some(&1));
    assert_eq!(impact.consumers_by_payer().get(leaf.as_str()), Some(&1));
    assert_eq!(impact.notify(), ["dana", above.as_str(), leaf.as_str()]);
}

#[test]
fn a_parent_chain_a_hundred_thousand_deep_is_walked_without_recursion() {
    a_parent_chain_is_walked_without_recursion(MILLION / 10);
}

#[test]
#[ignore = "slow in debug; run with --ignored"]
fn a_parent_chain_a_million_deep_is_walked_without_recursion() {
    a_parent_chain_is_walked_without_recursion(MILLION);
}

// A reporting chain: `p0` at the top, `p{i}` reporting to `p{i-1}`.

/// People `p0` to `p{n-1}`, each reporting to the one before; the client
/// pays the vendor's service in cash, approved by the lowest of them.
fn reporting_chain(n: usize) -> String {
    let people = items(n, |out, i| write!(out, r#"{{"id": "p{i}"}}"#).unwrap());
    let lines = items(n - 1, |out, i| {
        write!(out, r#"{{"individual": "p{}", "manager": "p{i}"}}"#, i + 1).unwrap()
    });
    document(&[
        (
            "organisations",
            r#"{"id": "client"}, {"id": "vendor"}"#.to_owned(),
        ),
        ("individuals", people),
        (
            "services",
            r#"{"id": "svc", "provider": "vendor"}"#.to_owned(),
        ),
        ("reporting", lines),
        (
            "funding",
            format!(
                r#"{{"payer": "client", "service": "svc", "payment": "cash", "approved_by": ["p{}"]}}"#,
                n - 1
            ),
        ),
    ])
}

fn a_reporting_chain_is_walked_without_recursion(n: usize) {
    let model = load(&reporting_chain(n));
    let lowest = format!("p{}", n - 1);
    assert_eq!(model.counts().reporting, n - 1);

    let customers = model.customers_of("svc", &unlimited()).unwrap();
    assert_eq!(customers.len(), n + 1);
    let rows: Vec<(&str, u32, Scope)> = customers
        .iter()
        .map(|c| (c.party().id(), c.distance(), c.scope()))
        .collect();
    assert_eq!(rows[0], ("client", 0, Scope::External));
    assert_eq!(rows[1], (lowest.as_str(), 0, Scope::External));
    for (d, row) in rows[2..].iter().enumerate() {
        let d = d + 1;
        assert_eq!(
            *row,
            (&*format!("p{}", n - 1 - d), d as u32, Scope::External)
        );
    }
    let path = customers.get("p0").unwrap().path();
    assert_eq!(path.len(), n + 1); // funding, approval, n - 1 reporting lines
    let links: Vec<LinkType> = path.steps().take(3).map(|s| s.link()).collect();
    assert_eq!(
        links,
        [LinkType::Funding, LinkType::Approval, LinkType::Reporting]
    );

    let top = model.relation("p0", "svc", &unlimited()).unwrap();
    let top_role = Role::Customer {
        distance: (n - 1) as u32,
        scope: Scope::External,
    };
    assert_eq!(top.roles(), [top_role]);
    assert!(
        model
            .relation("p0", "svc", &Query::new())
            .unwrap()
            .is_empty()
    );
    let rel = model.relation(&lowest, "svc", &unlimited()).unwrap();
    assert_eq!(
        rel.roles(),
        [
            Role::Customer {
                distance: 0,
                scope: Scope::External
            },
            Role::Sponsor
        ]
    );
    let t = model.triage("p0", "svc", &unlimited()).unwrap();
    assert!(t.entitled());
    assert!(t.payer().is_none());
    assert_eq!(model.top("p0", None), ["p0"]);

    let impact = model.impact("svc", &unlimited()).unwrap();
    assert_eq!(impact.notify().len(), n + 1);
}

#[test]
fn a_reporting_chain_a_hundred_thousand_long_is_walked_without_recursion() {
    a_reporting_chain_is_walked_without_recursion(MILLION / 10);
}

#[test]
#[ignore = "slow in debug; run with --ignored"]
fn a_reporting_chain_a_million_long_is_walked_without_recursion() {
    a_reporting_chain_is_walked_without_recursion(MILLION);
}

// One service that `n` others depend on.

/// `s0` (provided by infra, paid for by apps) and `dep-1` to `dep-{n}`
/// (provided by apps), each depending on `s0`; a user of `dep-1`.
fn dependents(n: usize) -> String {
    let services = items(n, |out, i| {
        write!(out, r#"{{"id": "dep-{}", "provider": "apps"}}"#, i + 1).unwrap()
    });
    let dependencies = items(n, |out, i| {
        write!(out, r#"{{"service": "dep-{}", "depends_on": "s0"}}"#, i + 1).unwrap()
    });
    document(&[
        (
            "organisations",
            r#"{"id": "infra"}, {"id": "apps"}"#.to_owned(),
        ),
        ("individuals", r#"{"id": "user"}"#.to_owned()),
        (
            "services",
            format!(r#"{{"id": "s0", "provider": "infra"}}, {services}"#),
        ),
        (
            "funding",
            r#"{"payer": "apps", "service": "s0", "payment": "chargeback"}"#.to_owned(),
        ),
        (
            "usage",
            r#"{"user": "user", "service": "dep-1"}"#.to_owned(),
        ),
        ("dependencies", dependencies),
    ])
}

fn a_service_with_many_dependents_is_answered(n: usize) {
    let model = load(&dependents(n));

    let consumers = model.consumers_of("s0", &Query::new()).unwrap();
    assert_eq!(consumers.services().len(), n);
    assert!(consumers.services().all(|s| s.distance() == 1));
    let services: Vec<&str> = consumers.services().map(|s| s.service().id()).collect();
    assert!(services.is_sorted());
    let rows: Vec<(&str, u32)> = consumers
        .iter()
        .map(|c| (c.party().id(), c.distance()))
        .collect();
    assert_eq!(rows, [("apps", 1), ("user", 1)]);
    // Of a million equally short paths, the one through the smallest id.
    let path: Vec<&str> = consumers.get("apps").unwrap().path().ids().collect();
    assert_eq!(path, ["s0", "dep-1", "apps"]);
    let none = model
        .consumers_of("s0", &Query::new().max_chain(0))
        .unwrap();
    assert!(none.is_empty() && none.services().len() == 0);

    let impact = model.impact("s0", &Query::new()).unwrap();
    assert_eq!(impact.services().len(), n + 1);
    assert_eq!(impact.services()[0].0, "s0");
    assert_eq!(impact.consumers_by_top().get("user"), Some(&1));
    assert_eq!(impact.notify(), ["apps"]);

    let rel = model.relation("apps", "s0", &Query::new()).unwrap();
    assert_eq!(
        rel.roles(),
        [
            Role::Customer {
                distance: 0,
                scope: Scope::Internal
            },
            Role::Consumer { distance: 1 }
        ]
    );
    let rel = model.relation("user", "s0", &Query::new()).unwrap();
    assert_eq!(rel.roles(), [Role::Consumer { distance: 1 }]);
    let t = model.triage("user", "s0", &Query::new()).unwrap();
    assert!(t.entitled());
    assert!(t.payer().is_none());

    // Every link naming it keeps it.
    let mut edited = model.clone();
    let err = edited
        .remove_entity("s0", Removal::RefuseIfLinked)
        .unwrap_err();
    assert_eq!(
        err.problems()[0].to_string(),
        format!(
            r#"services.id: "s0" cannot be removed: {} links name it"#,
            n + 1
        )
    );
    assert_eq!(edited.counts(), model.counts());
}

#[test]
fn a_service_with_a_hundred_thousand_dependents_is_answered() {
    a_service_with_many_dependents_is_answered(MILLION / 10);
}

#[test]
#[ignore = "slow in debug; run with --ignored"]
fn a_service_with_a_million_dependents_is_answered() {
    a_service_with_many_dependents_is_answered(MILLION);
}

// A dependency cycle through every service.

/// `s0` to `s{n-1}`, each depending on the next and the last on the
/// first; a user of the one half way round, and a payer of `s0`.
fn dependency_cycle(n: usize) -> String {
    let services = items(n, |out, i| {
        write!(out, r#"{{"id": "s{i}", "provider": "acme"}}"#).unwrap()
    });
    let dependencies = items(n, |out, i| {
        write!(
            out,
            r#"{{"service": "s{i}", "depends_on": "s{}"}}"#,
            (i + 1) % n
        )
        .unwrap()
    });
    document(&[
        (
            "organisations",
            r#"{"id": "acme"}, {"id": "client"}"#.to_owned(),
        ),
        ("individuals", r#"{"id": "user"}"#.to_owned()),
        ("services", services),
        (
            "funding",
            r#"{"payer": "client", "service": "s0", "payment": "cash"}"#.to_owned(),
        ),
        (
            "usage",
            format!(r#"{{"user": "user", "service": "s{}"}}"#, n / 2),
        ),
        ("dependencies", dependencies),
    ])
}

#[test]
fn a_dependency_cycle_of_ten_thousand_services_is_valid_and_every_query_ends() {
    const N: usize = 10_000;
    let model = load(&dependency_cycle(N));
    assert_eq!(model.counts().dependencies, N);

    // s{N-d} depends on s0 through d links; the user's service is half
    // way round.
    let consumers = model.consumers_of("s0", &Query::new()).unwrap();
    let services: Vec<(&str, u32)> = consumers
        .services()
        .map(|s| (s.service().id(), s.distance()))
        .collect();
    assert_eq!(services.len(), N - 1);
    for (d, row) in services.iter().enumerate() {
        let d = d + 1;
        assert_eq!(*row, (&*format!("s{}", N - d), d as u32));
    }
    let rows: Vec<(&str, u32)> = consumers
        .iter()
        .map(|c| (c.party().id(), c.distance()))
        .collect();
    assert_eq!(rows, [("acme", 1), ("user", (N / 2) as u32)]);
    let path = consumers.get("user").unwrap().path();
    assert_eq!(path.len(), N / 2 + 1);

    let half = (N / 2) as u32;
    let q = |k: u32| Query::new().max_chain(k);
    let rel = model.relation("user", "s0", &Query::new()).unwrap();
    assert_eq!(rel.roles(), [Role::Consumer { distance: half }]);
    assert!(
        model
            .relation("user", "s0", &q(half - 1))
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        model.relation("user", "s0", &q(half)).unwrap().roles(),
        [Role::Consumer { distance: half }]
    );
    // From every service round the cycle, the user is somewhere in reach.
    for k in [1, 2, N / 2, N / 2 + 1, N - 1] {
        let s = format!("s{k}");
        let rel = model.relation("user", &s, &Query::new()).unwrap();
        let d = (k + N - N / 2) % N;
        assert_eq!(rel.consumer(), Some(d as u32), "{s}");
    }
    let t = model.triage("client", "s0", &Query::new()).unwrap();
    assert!(t.entitled());
    let payer = t.payer().unwrap();
    assert_eq!((payer.payer().as_str(), payer.steps()), ("client", 0));
    let customers = model.customers_of("s0", &unlimited()).unwrap();
    assert_eq!(customers.len(), 1);

    let impact = model.impact("s0", &Query::new()).unwrap();
    assert_eq!(impact.services().len(), N);
    assert_eq!(impact.consumers_by_top().get("user"), Some(&1));
    assert_eq!(impact.notify(), ["client"]);
}

// Many problems at once.

/// A document with five kinds of problem, `each` of each, one problem per
/// item or pair of items: parent cycles, reporting cycles, bad dates,
/// unknown users and services depending on themselves.
fn many_problems(each: usize) -> String {
    let orgs = items(2 * each, |out, i| {
        write!(out, r#"{{"id": "org-{i}", "parent": "org-{}"}}"#, i ^ 1).unwrap()
    });
    let people = items(2 * each, |out, i| {
        write!(out, r#"{{"id": "person-{i}"}}"#).unwrap()
    });
    let reporting = items(2 * each, |out, i| {
        write!(
            out,
            r#"{{"individual": "person-{i}", "manager": "person-{}"}}"#,
            i ^ 1
        )
        .unwrap()
    });
    let memberships = items(each, |out, i| {
        write!(
            out,
            r#"{{"individual": "person-{i}", "organisation": "org-{i}", "from": "2021-02-30"}}"#
        )
        .unwrap()
    });
    let usage = items(each, |out, i| {
        write!(out, r#"{{"user": "ghost-{i}", "service": "mail"}}"#).unwrap()
    });
    let dependencies = items(each, |out, _| {
        out.push_str(r#"{"service": "mail", "depends_on": "mail"}"#)
    });
    document(&[
        ("organisations", orgs),
        ("individuals", people),
        (
            "services",
            r#"{"id": "mail", "provider": "org-0"}"#.to_owned(),
        ),
        ("memberships", memberships),
        ("reporting", reporting),
        ("usage", usage),
        ("dependencies", dependencies),
    ])
}

fn every_problem_is_reported(each: usize) {
    let json = many_problems(each);
    let err = Model::from_json_str(&json).unwrap_err();
    let problems = err.problems();
    assert_eq!(problems.len(), 5 * each);
    for kind in [
        ProblemKind::ParentCycle,
        ProblemKind::ReportingCycle,
        ProblemKind::BadDate,
        ProblemKind::UnknownReference,
        ProblemKind::SelfDependency,
    ] {
        let n = problems.iter().filter(|p| p.kind() == kind).count();
        assert_eq!(n, each, "{kind:?}");
    }
    // In document order, each naming its item.
    let order: Vec<_> = problems.iter().map(|p| (p.section(), p.index())).collect();
    assert!(order.is_sorted());
    let last = each - 1;
    let line = |p: &Problem| p.to_string();
    assert_eq!(
        line(&problems[0]),
        r#"organisations[0].parent: "org-0" is its own ancestor: org-0 → org-1 → org-0"#
    );
    assert_eq!(
        line(problems.last().unwrap()),
        format!(r#"dependencies[{last}].depends_on: "mail" depends on itself"#)
    );
    let usage: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.section() == Section::Usage)
        .collect();
    assert_eq!(
        line(usage[last]),
        format!(r#"usage[{last}].user: "ghost-{last}" names no organisation or individual"#)
    );
    assert_eq!(
        err.to_string(),
        format!(
            "invalid model document: {} (and {} more problems)",
            problems[0],
            5 * each - 1
        )
    );
}

#[test]
fn a_hundred_thousand_problems_are_all_reported() {
    every_problem_is_reported(20_000);
}

// A megabyte id.

fn a_long_id_is_an_id_like_any_other(len: usize) {
    let big = "x".repeat(len);
    let json = document(&[
        ("organisations", r#"{"id": "acme"}"#.to_owned()),
        ("individuals", format!(r#"{{"id": "{big}"}}"#)),
        (
            "services",
            format!(r#"{{"id": "svc", "provider": "{big}"}}"#),
        ),
        (
            "funding",
            format!(
                r#"{{"payer": "acme", "service": "svc", "payment": "cash", "approved_by": ["{big}"]}}"#
            ),
        ),
        ("usage", format!(r#"{{"user": "{big}", "service": "svc"}}"#)),
    ]);
    let model = load(&json);
    assert_eq!(model.entity(&big).unwrap().kind(), EntityKind::Individual);
    assert_eq!(model.provider("svc").unwrap().id(), big);
    let rel = model.relation(&big, "svc", &Query::new()).unwrap();
    assert_eq!(
        rel.roles(),
        [
            Role::Provider,
            Role::Customer {
                distance: 0,
                scope: Scope::External
            },
            Role::Consumer { distance: 0 },
            Role::Sponsor
        ]
    );
    let customers = model.customers_of("svc", &Query::new()).unwrap();
    assert_eq!(customers.get(&big).unwrap().path().len(), 2);

    // Asked about an id it lacks, as long and nearly the same: a quick
    // answer, and no suggestion.
    let mut near = big.clone();
    near.replace_range(len / 2..len / 2 + 1, "y");
    let err = model.relation(&near, "svc", &Query::new()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownId);
    assert_eq!(err.suggestion(), None);

    // Named where it is not: the problem names it in full, on one line.
    let json = document(&[(
        "usage",
        format!(r#"{{"user": "{near}", "service": "svc"}}"#),
    )]);
    let err = Model::from_json_str(&json).unwrap_err();
    let lines: Vec<String> = err.problems().iter().map(|p| p.to_string()).collect();
    assert_eq!(
        lines,
        [
            format!(r#"usage[0].user: "{near}" names no organisation or individual"#),
            r#"usage[0].service: "svc" names no service"#.to_owned(),
        ]
    );
    assert_eq!(err.problems()[0].id(), Some(near.as_str()));
}

#[test]
fn a_one_megabyte_id_is_an_id_like_any_other() {
    a_long_id_is_an_id_like_any_other(1 << 20);
}

// Bytes that are not UTF-8.

#[test]
fn bytes_that_are_not_utf8_are_refused_where_they_stand() {
    // Each case: the text, and the line and column of its bad byte.
    let cases: [(&[u8], usize, usize); 6] = [
        // In an id, in a name, in a key, in a date.
        (b"{\"version\": 1, \"individuals\": [{\"id\": \"d\xffna\"}]}", 1, 41),
        (
            b"{\"version\": 1,\n \"individuals\": [{\"id\": \"dana\", \"name\": \"D\xc3\"}]}",
            2,
            43,
        ),
        (b"{\"version\": 1, \"individuals\": [{\"\xfe\": 1}]}", 1, 34),
        (
            b"{\"version\": 1, \"usage\": [{\"user\": \"a\", \"service\": \"b\", \"from\": \"2020-01-0\x80\"}]}",
            1,
            74,
        ),
        // A surrogate half written in UTF-8 form, and an overlong slash.
        (b"{\"version\": 1, \"individuals\": [{\"id\": \"\xed\xa0\x80\"}]}", 1, 40),
        (b"{\"version\": 1, \"individuals\": [{\"id\": \"\xc0\xaf\"}]}", 1, 40),
    ];
    for (bytes, line, column) in cases {
        for err in [
            Model::from_json_slice(bytes).unwrap_err(),
            Document::from_json_slice(bytes).unwrap_err(),
            Document::from_json_reader(bytes).unwrap_err(),
        ] {
            let [p] = err.problems() else {
                panic!("expected one problem, found {:#?}", err.problems());
            };
            assert_eq!(p.kind(), ProblemKind::Syntax);
            assert_eq!(
                p.to_string(),
                format!("line {line}, column {column}: invalid unicode code point"),
                "{}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
    // A surrogate half escaped is no character either.
    let err =
        Model::from_json_str(r#"{"version": 1, "individuals": [{"id": "\ud800"}]}"#).unwrap_err();
    assert_eq!(err.problems()[0].kind(), ProblemKind::Syntax);
}

// A key given twice.

#[test]
fn a_key_given_twice_is_refused_not_last_one_wins() {
    // In every kind of item, each time the second value alone valid (the
    // first names nobody): were the last one to win, the document would
    // load.
    let json = r#"{
      "version": 1,
      "organisations": [{"id": "acme"}, {"id": "it", "parent": "nobody", "parent": "acme"}],
      "individuals": [{"id": "dana"}, {"id": "eli", "id": "eli"}],
      "services": [{"id": "mail", "provider": "nobody", "provider": "it"}],
      "memberships": [{"individual": "dana", "organisation": "nobody", "organisation": "it"}],
      "reporting": [{"individual": "eli", "manager": "eli", "manager": "dana"}],
      "funding": [{"payer": "acme", "service": "mail", "payment": "gold", "payment": "cash"}],
      "usage": [{"user": "nobody", "service": "mail", "user": "eli"}],
      "dependencies": [],
      "oversight": [{"overseer": "dana", "organisation": "it", "from": "2020-01-01", "from": "2019-01-01"}],
      "partnerships": [{"parties": ["it", "it"], "parties": ["it", "acme"]}],
      "dependencies": []
    }"#;
    let err = Model::from_json_str(json).unwrap_err();
    let lines: Vec<String> = err.problems().iter().map(|p| p.to_string()).collect();
    let twice = "the key is given twice in one object";
    assert_eq!(
        lines,
        [
            format!("organisations[1].parent: {twice}"),
            format!("individuals[1].id: {twice}"),
            format!("services[0].provider: {twice}"),
            format!("memberships[0].organisation: {twice}"),
            format!("reporting[0].manager: {twice}"),
            format!("funding[0].payment: {twice}"),
            format!("usage[0].user: {twice}"),
            format!("dependencies: {twice}"),
            format!("oversight[0].from: {twice}"),
            format!("partnerships[0].parties: {twice}"),
        ]
    );
    assert!(
        err.problems()
            .iter()
            .all(|p| p.kind() == ProblemKind::DuplicateKey)
    );
    assert!(Document::from_json_str(json).is_err());

    // At the top level too, and in a document too large to read twice
    // cheaply: the one key given twice is found.
    let people = items(MILLION / 10, |out, i| {
        write!(out, r#"{{"id": "p{i}"}}"#).unwrap()
    });
    let json = format!(r#"{{"version": 1, "individuals": [{people}], "version": 1}}"#);
    let err = Model::from_json_str(&json).unwrap_err();
    let lines: Vec<String> = err.problems().iter().map(|p| p.to_string()).collect();
    assert_eq!(lines, [format!("version: {twice}")]);
}

/// Queries from the far end of a million-long chain, and an edit on an
/// entity with a million links: each a single walk, once quadratic.
mod deep {
    use super::*;

    #[test]
    #[ignore = "a million-deep chain: slow in debug; run with --ignored"]
    fn relation_and_triage_from_the_bottom_of_a_million_deep_parent_chain() {
        let model = load(&parent_chain(MILLION));
        let leaf = format!("o{}", MILLION - 1);
        let customer = Role::Customer {
            distance: 0,
            scope: Scope::External,
        };
        let rel = model.relation(&leaf, "svc", &unlimited()).unwrap();
        assert_eq!(rel.roles(), [customer, Role::Consumer { distance: 0 }]);
        let rel = model.relation("dana", "svc", &unlimited()).unwrap();
        assert_eq!(
            rel.roles(),
            [customer, Role::Consumer { distance: 0 }, Role::Sponsor]
        );
        let t = model.triage("dana", "svc", &Query::new()).unwrap();
        let payer = t.payer().unwrap();
        assert_eq!((payer.payer().as_str(), payer.steps()), (leaf.as_str(), 1));
        assert_eq!(t.sponsors(), ["dana"]);
    }

    #[test]
    #[ignore = "a million-long chain: slow in debug; run with --ignored"]
    fn a_line_closing_a_million_long_reporting_cycle_is_refused() {
        let mut model = load(&reporting_chain(MILLION));
        let lowest = format!("p{}", MILLION - 1);
        let err = model
            .add_link(svcrel::Reporting::new("p0", lowest.as_str()))
            .unwrap_err();
        assert_eq!(err.problems()[0].kind(), ProblemKind::ReportingCycle);
        assert_eq!(model.counts().reporting, MILLION - 1);
    }

    #[test]
    #[ignore = "a million links: slow in debug; run with --ignored"]
    fn a_service_with_a_million_dependents_is_removed_with_its_links() {
        let mut model = load(&dependents(MILLION));
        let removed = model.remove_entity("s0", Removal::WithLinks).unwrap();
        assert_eq!(removed.len(), MILLION + 1);
        assert!(model.entity("s0").is_none());
        assert_eq!(model.counts().dependencies, 0);
        assert_eq!(model.counts().services, MILLION);
    }
}
