//! `Model::impact`: exact answers on the sample (`examples/data/sample.json`)
//! and the rules behind its counts.

use std::collections::{BTreeMap, BTreeSet};

use svcrel::{Date, EntityKind, ErrorKind, Impact, Membership, Model, Query};

fn sample() -> Model {
    Model::from_json_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/sample.json"
    ))
    .expect("the sample loads")
}

fn impact(model: &Model, service: &str, query: &Query) -> Impact {
    model
        .impact(service, query)
        .unwrap_or_else(|e| panic!("impact({service}): {e}"))
}

/// An impact with plain strings, to compare with a literal.
#[derive(Debug, PartialEq, Eq)]
struct Plain {
    services: Vec<(String, u32)>,
    by_top: BTreeMap<String, usize>,
    by_payer: BTreeMap<String, usize>,
    without_payer: usize,
    notify: Vec<String>,
}

fn plain(i: &Impact) -> Plain {
    Plain {
        services: i
            .services()
            .iter()
            .map(|(s, d)| (s.to_string(), *d))
            .collect(),
        by_top: i
            .consumers_by_top()
            .iter()
            .map(|(p, n)| (p.to_string(), *n))
            .collect(),
        by_payer: i
            .consumers_by_payer()
            .iter()
            .map(|(p, n)| (p.to_string(), *n))
            .collect(),
        without_payer: i.consumers_without_payer(),
        notify: i.notify().iter().map(|p| p.to_string()).collect(),
    }
}

fn expect(
    services: &[(&str, u32)],
    by_top: &[(&str, usize)],
    by_payer: &[(&str, usize)],
    without_payer: usize,
    notify: &[&str],
) -> Plain {
    let owned = |xs: &[(&str, usize)]| xs.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    Plain {
        services: services.iter().map(|(s, d)| (s.to_string(), *d)).collect(),
        by_top: owned(by_top),
        by_payer: owned(by_payer),
        without_payer,
        notify: notify.iter().map(|s| s.to_string()).collect(),
    }
}

// ---------------------------------------------------------------------
// Exact answers on the sample
// ---------------------------------------------------------------------

#[test]
fn desktop_support_the_council_and_its_pupils() {
    let m = sample();
    // Consumers: planning (and its officer), riverside school (head, two
    // teachers), the two pupils directly; at 1, education (provider of
    // school-laptops, which depends on the helpdesk) and its head.
    let notify_k1 = [
        "council",
        "council-chief-executive",
        "council-education",
        "council-planning",
        "head-of-education",
    ];
    let all = expect(
        &[("desktop-support", 0), ("school-laptops", 1)],
        &[("council", 5), ("pupil-cara", 1), ("pupil-eli", 1)],
        &[("council-education", 4), ("council-planning", 1)],
        2,
        &notify_k1,
    );
    assert_eq!(plain(&impact(&m, "desktop-support", &Query::new())), all);
    assert_eq!(
        plain(&impact(&m, "desktop-support", &Query::new().max_chain(1))),
        all
    );
    // Cutoff 0: school-laptops and the head of education drop out, and so
    // do the council and its chief executive from the customers to notify.
    assert_eq!(
        plain(&impact(&m, "desktop-support", &Query::new().max_chain(0))),
        expect(
            &[("desktop-support", 0)],
            &[("council", 4), ("pupil-cara", 1), ("pupil-eli", 1)],
            &[("council-education", 3), ("council-planning", 1)],
            2,
            &["council-education", "council-planning", "head-of-education"],
        )
    );
    // Before planning's allocation began (2019-04-01), its officer has no payer.
    let q = Query::new().as_of(Date::constant(2018, 6, 1));
    assert_eq!(
        plain(&impact(&m, "desktop-support", &q)),
        expect(
            &[("desktop-support", 0), ("school-laptops", 1)],
            &[("council", 5), ("pupil-cara", 1), ("pupil-eli", 1)],
            &[("council-education", 4)],
            3,
            &[
                "council",
                "council-chief-executive",
                "council-education",
                "head-of-education"
            ],
        )
    );
}

#[test]
fn build_farm_reaches_the_developers_through_the_ci_pipeline() {
    let m = sample();
    let all = expect(
        &[("build-farm", 0), ("ci-pipeline", 1)],
        &[("expenseco", 3)],
        &[("expenseco", 3)],
        0,
        &["expenseco", "expenseco-cto"],
    );
    assert_eq!(plain(&impact(&m, "build-farm", &Query::new())), all);
    assert_eq!(
        plain(&impact(
            &m,
            "build-farm",
            &Query::new().as_of(Date::constant(2026, 1, 1))
        )),
        all
    );
    // Nobody uses the build farm directly.
    assert_eq!(
        plain(&impact(&m, "build-farm", &Query::new().max_chain(0))),
        expect(
            &[("build-farm", 0)],
            &[],
            &[],
            0,
            &["expenseco", "expenseco-cto"]
        )
    );
}

#[test]
fn expense_app_dana_and_the_nasa_chain() {
    let m = sample();
    let by_top = [("us-gov", 1)];
    let by_payer = [("goddard-apps", 1)];
    assert_eq!(
        plain(&impact(&m, "expense-app", &Query::new())),
        expect(
            &[("expense-app", 0)],
            &by_top,
            &by_payer,
            0,
            &["dana", "goddard", "goddard-apps", "goddard-cio"],
        )
    );
    assert_eq!(
        plain(&impact(&m, "expense-app", &Query::new().max_chain(0))),
        expect(
            &[("expense-app", 0)],
            &by_top,
            &by_payer,
            0,
            &["dana", "goddard-apps"]
        )
    );
    assert_eq!(
        plain(&impact(&m, "expense-app", &Query::new().max_chain(4))),
        expect(
            &[("expense-app", 0)],
            &by_top,
            &by_payer,
            0,
            &[
                "dana",
                "goddard",
                "goddard-apps",
                "goddard-cio",
                "nasa",
                "nasa-administrator",
                "nasa-cio",
                "president",
                "us-gov",
            ],
        )
    );
    // Dana's membership begins 2016-03-01: before, goddard-apps uses the
    // service without her, and no individual is hit; she still approves
    // the payment, so she is told.
    assert_eq!(
        plain(&impact(
            &m,
            "expense-app",
            &Query::new().as_of(Date::constant(2015, 1, 1))
        )),
        expect(
            &[("expense-app", 0)],
            &[],
            &[],
            0,
            &["dana", "goddard", "goddard-apps", "goddard-cio"],
        )
    );
}

#[test]
fn sso_failing_takes_expense_app_and_the_directory_with_it() {
    let m = sample();
    // sso ↔ directory is a cycle; expense-app depends on sso. Nobody funds
    // sso, so no consumer has a payer for it; the customers of expense-app
    // are told.
    let all = expect(
        &[("sso", 0), ("directory", 1), ("expense-app", 1)],
        &[("expenseco", 5), ("us-gov", 1)],
        &[],
        6,
        &["dana", "goddard", "goddard-apps", "goddard-cio"],
    );
    assert_eq!(plain(&impact(&m, "sso", &Query::new())), all);
    assert_eq!(plain(&impact(&m, "sso", &Query::new().max_chain(1))), all);
    assert_eq!(
        plain(&impact(
            &m,
            "sso",
            &Query::new().as_of(Date::constant(2024, 6, 1))
        )),
        all
    );
    assert_eq!(
        plain(&impact(&m, "sso", &Query::new().max_chain(0))),
        expect(&[("sso", 0)], &[], &[], 0, &[])
    );
    // The directory is one step further from expense-app.
    assert_eq!(
        plain(&impact(&m, "directory", &Query::new().max_chain(1))),
        expect(
            &[("directory", 0), ("sso", 1)],
            &[("expenseco", 1)],
            &[],
            1,
            &[]
        )
    );
}

#[test]
fn acme_email_follows_mary_through_the_years() {
    let m = sample();
    let on = |y, mo, d| Query::new().as_of(Date::constant(y, mo, d));
    let services = [("acme-email", 0)];
    let tops = [("acme", 2)];
    // 2012: Mary is in the typing pool, the CFO in finance; only accounting
    // pays (until 2015), and neither of them is in it.
    assert_eq!(
        plain(&impact(&m, "acme-email", &on(2012, 6, 1))),
        expect(&services, &tops, &[], 2, &["acme", "acme-accounting"])
    );
    // 2020: Mary is in accounting, which no longer pays; finance does.
    assert_eq!(
        plain(&impact(&m, "acme-email", &on(2020, 6, 1))),
        expect(
            &services,
            &tops,
            &[("acme-finance", 1)],
            1,
            &["acme", "acme-ceo", "acme-cfo", "acme-finance"]
        )
    );
    // 2028: Mary is VP of finance.
    assert_eq!(
        plain(&impact(&m, "acme-email", &on(2028, 6, 1))),
        expect(
            &services,
            &tops,
            &[("acme-finance", 2)],
            0,
            &["acme", "acme-ceo", "acme-cfo", "acme-finance"]
        )
    );
}

// ---------------------------------------------------------------------
// Counting rules
// ---------------------------------------------------------------------

#[test]
fn an_individual_in_two_companies_counts_in_both_tops() {
    let mut m = sample();
    // Ann Teacher also works for Acme's mail room from 2026.
    m.add_link(Membership {
        from: Some(Date::constant(2026, 1, 1)),
        ..Membership::new("teacher-ann", "acme-mailroom")
    })
    .unwrap();
    let i = impact(&m, "desktop-support", &Query::new());
    assert_eq!(
        plain(&i).by_top,
        BTreeMap::from([
            ("acme".to_owned(), 1),
            ("council".to_owned(), 5),
            ("pupil-cara".to_owned(), 1),
            ("pupil-eli".to_owned(), 1),
        ])
    );
    // She is still one consumer: counted once by payer.
    assert_eq!(
        i.consumers_by_payer().values().sum::<usize>() + i.consumers_without_payer(),
        7
    );
    // Before the membership, only the council.
    let before = impact(
        &m,
        "desktop-support",
        &Query::new().as_of(Date::constant(2025, 6, 1)),
    );
    assert_eq!(before.consumers_by_top().get("acme"), None);
    assert_eq!(before.consumers_by_top().get("council"), Some(&5));
}

#[test]
fn two_companies_in_a_small_model() {
    let m = Model::from_json_str(
        r#"{
          "version": 1,
          "organisations": [{"id": "a"}, {"id": "a-ops", "parent": "a"}, {"id": "b"}, {"id": "it"}],
          "individuals": [{"id": "both"}, {"id": "only-a"}, {"id": "loner"}],
          "services": [{"id": "svc", "provider": "it"}],
          "memberships": [
            {"individual": "both", "organisation": "a-ops"},
            {"individual": "both", "organisation": "b"},
            {"individual": "only-a", "organisation": "a"}
          ],
          "funding": [{"payer": "b", "service": "svc", "payment": "cash", "approved_by": ["both"]}],
          "usage": [{"user": "a", "service": "svc"}, {"user": "b", "service": "svc"}, {"user": "loner", "service": "svc"}]
        }"#,
    )
    .unwrap();
    assert_eq!(
        plain(&impact(&m, "svc", &Query::new())),
        expect(
            &[("svc", 0)],
            &[("a", 2), ("b", 1), ("loner", 1)],
            &[("b", 1)],
            2,
            &["b", "both"],
        )
    );
}

/// Checks an impact against the queries it is made of: consumers_of for
/// the services and the individuals, `top` for the companies, triage for
/// the payers, customers_of for whom to notify.
fn check_against_the_other_queries(m: &Model, service: &str, q: &Query) {
    let i = impact(m, service, q);
    let consumers = m.consumers_of(service, q).unwrap();
    let mut services = vec![(service.to_owned(), 0)];
    services.extend(
        consumers
            .services()
            .map(|s| (s.service().id().to_owned(), s.distance())),
    );
    let mut by_top: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_payer: BTreeMap<String, usize> = BTreeMap::new();
    let mut without = 0;
    for c in consumers.iter() {
        let id = c.party().id();
        if c.party().kind() != EntityKind::Individual {
            continue;
        }
        for top in m.top(id, q.date()) {
            *by_top.entry(top.to_string()).or_default() += 1;
        }
        match m.triage(id, service, q).unwrap().payer() {
            Some(p) => *by_payer.entry(p.payer().to_string()).or_default() += 1,
            None => without += 1,
        }
    }
    let mut notify = BTreeSet::new();
    for (s, _) in &services {
        for c in m.customers_of(s, q).unwrap().iter() {
            notify.insert(c.party().id().to_owned());
        }
    }
    let expected = Plain {
        services,
        by_top,
        by_payer,
        without_payer: without,
        notify: notify.into_iter().collect(),
    };
    assert_eq!(plain(&i), expected, "impact({service}, {q:?})");
}

#[test]
fn every_sample_impact_agrees_with_consumers_top_triage_and_customers() {
    let m = sample();
    let services: Vec<String> = m
        .entities()
        .filter(|e| e.kind() == EntityKind::Service)
        .map(|e| e.id().to_owned())
        .collect();
    assert_eq!(services.len(), 9);
    for s in &services {
        for q in [
            Query::new(),
            Query::new().max_chain(0),
            Query::new().max_chain(2),
            Query::new().unlimited_chain(),
            Query::new().as_of(Date::constant(2012, 6, 1)),
            Query::new().as_of(Date::constant(2028, 6, 1)).max_chain(1),
        ] {
            check_against_the_other_queries(&m, s, &q);
        }
    }
}

#[test]
fn unknown_or_non_service_ids_are_errors() {
    let m = sample();
    let err = m.impact("sso-", &Query::new()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownId);
    assert_eq!(err.suggestion(), Some("sso"));
    assert_eq!(
        m.impact("dana", &Query::new()).unwrap_err().kind(),
        ErrorKind::UnknownId
    );
}
