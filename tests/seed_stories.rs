//! The stories of the seed articles, told with `examples/data/sample.json`
//! and answered exactly: every row of every list, in order, with its kind,
//! distance and scope, and the paths that prove them.
//!
//! - The NASA chain (seed 004): how far up does "customer" go?
//! - Mary (seed 000): mail room, typing pool, accounting, VP of Finance.
//! - The council helpdesk (seed 002): pupils, teachers and who pays.
//! - The NFL (seed 000): Pepsi is the customer, the fan a consumer.
//! - Developers and infrastructure (seed 004): "if I rely on you, am I
//!   your customer?" — no, a consumer.
//!
//! The last test checks that `relation` agrees with `customers_of` and
//! `consumers_of` for every party and service of the sample.

mod util;

use svcrel::EntityKind::{self, Individual as Ind, Organisation as Org};
use svcrel::Scope::{self, External as Ext, Internal as Int};
use svcrel::{Date, Document, ErrorKind, LinkType, Membership, Model, Path, Query, Role};
use util::SAMPLE;

fn sample() -> Model {
    Model::from_json_str(SAMPLE).expect("the sample model loads")
}

fn date(y: i16, m: i8, d: i8) -> Date {
    Date::constant(y, m, d)
}

fn on(y: i16, m: i8, d: i8) -> Query {
    Query::new().as_of(date(y, m, d))
}

/// The rows of `customers_of`: (party, kind, distance, scope), in order.
fn customers(model: &Model, service: &str, query: &Query) -> Vec<(String, EntityKind, u32, Scope)> {
    model
        .customers_of(service, query)
        .unwrap_or_else(|e| panic!("customers_of({service}): {e}"))
        .iter()
        .map(|c| {
            let party = c.party();
            (party.id().to_owned(), party.kind(), c.distance(), c.scope())
        })
        .collect()
}

fn customer_rows(rows: &[(&str, EntityKind, u32, Scope)]) -> Vec<(String, EntityKind, u32, Scope)> {
    rows.iter()
        .map(|&(id, kind, distance, scope)| (id.to_owned(), kind, distance, scope))
        .collect()
}

/// The rows of `consumers_of`: (party, kind, distance), in order.
fn consumers(model: &Model, service: &str, query: &Query) -> Vec<(String, EntityKind, u32)> {
    model
        .consumers_of(service, query)
        .unwrap_or_else(|e| panic!("consumers_of({service}): {e}"))
        .iter()
        .map(|c| {
            let party = c.party();
            (party.id().to_owned(), party.kind(), c.distance())
        })
        .collect()
}

fn consumer_rows(rows: &[(&str, EntityKind, u32)]) -> Vec<(String, EntityKind, u32)> {
    rows.iter()
        .map(|&(id, kind, distance)| (id.to_owned(), kind, distance))
        .collect()
}

/// The affected services of `consumers_of`: (service, distance), in order.
fn affected(model: &Model, service: &str, query: &Query) -> Vec<(String, u32)> {
    model
        .consumers_of(service, query)
        .unwrap_or_else(|e| panic!("consumers_of({service}): {e}"))
        .services()
        .map(|s| (s.service().id().to_owned(), s.distance()))
        .collect()
}

fn service_rows(rows: &[(&str, u32)]) -> Vec<(String, u32)> {
    rows.iter()
        .map(|&(id, distance)| (id.to_owned(), distance))
        .collect()
}

fn roles(model: &Model, party: &str, service: &str, query: &Query) -> Vec<Role> {
    model
        .relation(party, service, query)
        .unwrap_or_else(|e| panic!("relation({party}, {service}): {e}"))
        .roles()
        .to_vec()
}

/// A path as its ids (service first, party last) and its link types.
fn ids_and_links(path: &Path<'_>) -> (Vec<String>, Vec<LinkType>) {
    (
        path.ids().map(str::to_owned).collect(),
        path.steps().map(|s| s.link()).collect(),
    )
}

fn strings(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|&s| s.to_owned()).collect()
}

// ---------------------------------------------------------------------
// The NASA chain (seed 004): "If the applications director at the Goddard
// Flight Center buys a copy and approves the payment, she's definitely my
// customer. But is her boss, the Flight Center CIO? Is the CIO of NASA
// itself? The administrator of NASA? ... the president of the United
// States?"
// ---------------------------------------------------------------------

/// Every customer of expense-app, k = 4, in order. Each cutoff k gives the
/// rows at distance <= k.
const NASA_CHAIN: [(&str, EntityKind, u32, Scope); 9] = [
    ("dana", Ind, 0, Ext),
    ("goddard-apps", Org, 0, Ext),
    ("goddard", Org, 1, Ext),
    ("goddard-cio", Ind, 1, Ext),
    ("nasa", Org, 2, Ext),
    ("nasa-cio", Ind, 2, Ext),
    ("nasa-administrator", Ind, 3, Ext),
    ("us-gov", Org, 3, Ext),
    ("president", Ind, 4, Ext),
];

#[test]
fn nasa_chain_grows_one_step_per_cutoff_and_is_external_throughout() {
    let model = sample();
    let sizes = [2, 4, 6, 8, 9, 9];
    for (k, size) in (0u32..=5).zip(sizes) {
        assert_eq!(
            customers(&model, "expense-app", &Query::new().max_chain(k)),
            customer_rows(&NASA_CHAIN[..size]),
            "customers_of(expense-app) with max_chain({k})"
        );
    }
    // A cutoff past the top of the chain stops where the chain does.
    assert_eq!(
        customers(&model, "expense-app", &Query::new().unlimited_chain()),
        customer_rows(&NASA_CHAIN)
    );
    // The default customer cutoff is one step: Dana's boss, not NASA's.
    assert_eq!(
        customers(&model, "expense-app", &Query::new()),
        customer_rows(&NASA_CHAIN[..4])
    );
}

#[test]
fn nasa_chain_walks_only_upwards() {
    let model = sample();
    let all = model
        .customers_of("expense-app", &Query::new().unlimited_chain())
        .unwrap();
    // The budget committee sits under us-gov: a sibling of NASA, not above it.
    assert!(all.get("congress-budget-committee").is_none());
    assert_eq!(all.len(), 9);
}

#[test]
fn nasa_chain_paths_run_from_the_service_to_each_customer() {
    use LinkType::{Approval, Funding, Parent, Reporting};
    let model = sample();
    let answer = model
        .customers_of("expense-app", &Query::new().max_chain(5))
        .unwrap();
    let expected: [(&str, &[&str], &[LinkType]); 9] = [
        (
            "dana",
            &["expense-app", "goddard-apps", "dana"],
            &[Funding, Approval],
        ),
        ("goddard-apps", &["expense-app", "goddard-apps"], &[Funding]),
        (
            "goddard",
            &["expense-app", "goddard-apps", "goddard"],
            &[Funding, Parent],
        ),
        (
            "goddard-cio",
            &["expense-app", "goddard-apps", "dana", "goddard-cio"],
            &[Funding, Approval, Reporting],
        ),
        (
            "nasa",
            &["expense-app", "goddard-apps", "goddard", "nasa"],
            &[Funding, Parent, Parent],
        ),
        (
            "nasa-cio",
            &[
                "expense-app",
                "goddard-apps",
                "dana",
                "goddard-cio",
                "nasa-cio",
            ],
            &[Funding, Approval, Reporting, Reporting],
        ),
        (
            "nasa-administrator",
            &[
                "expense-app",
                "goddard-apps",
                "dana",
                "goddard-cio",
                "nasa-cio",
                "nasa-administrator",
            ],
            &[Funding, Approval, Reporting, Reporting, Reporting],
        ),
        (
            "us-gov",
            &["expense-app", "goddard-apps", "goddard", "nasa", "us-gov"],
            &[Funding, Parent, Parent, Parent],
        ),
        (
            "president",
            &[
                "expense-app",
                "goddard-apps",
                "dana",
                "goddard-cio",
                "nasa-cio",
                "nasa-administrator",
                "president",
            ],
            &[
                Funding, Approval, Reporting, Reporting, Reporting, Reporting,
            ],
        ),
    ];
    assert_eq!(answer.len(), expected.len());
    for (customer, (party, ids, links)) in answer.iter().zip(expected) {
        assert_eq!(customer.party().id(), party);
        assert_eq!(
            ids_and_links(&customer.path()),
            (strings(ids), links.to_vec()),
            "path of {party}"
        );
    }
}

#[test]
fn nasa_chain_paths_in_words() {
    let model = sample();
    let answer = model
        .customers_of("expense-app", &Query::new().max_chain(4))
        .unwrap();
    let words = |party: &str| answer.get(party).unwrap().path().to_string();
    assert_eq!(
        words("goddard-cio"),
        "Goddard CIO, manager of Dana Reyes, who approves Goddard applications' \
         cash payment for Expense reporting"
    );
    assert_eq!(
        words("goddard-apps"),
        "Goddard applications, which pays for Expense reporting by cash"
    );
    assert_eq!(
        words("nasa"),
        "NASA, parent of Goddard Space Flight Center, parent of Goddard applications, \
         which pays for Expense reporting by cash"
    );
    assert_eq!(
        words("president"),
        "President of the United States, manager of NASA Administrator, manager of NASA CIO, \
         manager of Goddard CIO, manager of Dana Reyes, who approves Goddard applications' \
         cash payment for Expense reporting"
    );
}

#[test]
fn nasa_chain_relation_of_the_president_depends_on_the_cutoff() {
    let model = sample();
    // Default customer cutoff (1): the president is nothing to the app.
    assert_eq!(roles(&model, "president", "expense-app", &Query::new()), []);
    assert_eq!(
        roles(
            &model,
            "president",
            "expense-app",
            &Query::new().customer_chain(svcrel::MaxChain::Steps(4))
        ),
        [Role::Customer {
            distance: 4,
            scope: Ext
        }]
    );
    // As `svcrel relation --max-chain 4` asks: both cutoffs at 4.
    assert_eq!(
        roles(
            &model,
            "president",
            "expense-app",
            &Query::new().max_chain(4)
        ),
        [Role::Customer {
            distance: 4,
            scope: Ext
        }]
    );
    assert_eq!(
        roles(
            &model,
            "president",
            "expense-app",
            &Query::new().max_chain(3)
        ),
        []
    );
    // Dana pays from outside ExpenseCo: an external customer and sponsor,
    // and a consumer through her department's use of the app.
    assert_eq!(
        roles(&model, "dana", "expense-app", &Query::new()),
        [
            Role::Customer {
                distance: 0,
                scope: Ext
            },
            Role::Consumer { distance: 0 },
            Role::Sponsor,
        ]
    );
}

#[test]
fn nasa_chain_before_dana_joined_goddard() {
    // Dana's membership starts 2016-03-01. The approval is on the funding
    // link, so she approves (and is a customer) either way; before she
    // joins, she no longer consumes the app through her department.
    let model = sample();
    let before = on(2016, 2, 29);
    assert_eq!(
        customers(&model, "expense-app", &before),
        customer_rows(&NASA_CHAIN[..4])
    );
    assert_eq!(model.top("dana", Some(date(2016, 2, 29))), ["dana"]);
    assert_eq!(model.top("dana", Some(date(2016, 3, 1))), ["us-gov"]);
    assert_eq!(
        roles(&model, "dana", "expense-app", &before),
        [
            Role::Customer {
                distance: 0,
                scope: Ext
            },
            Role::Sponsor,
        ]
    );
}

// ---------------------------------------------------------------------
// Mary (seed 000): "Mary in accounting used to be Mary in the typing pool;
// Before that she was Mary in the mail room ... Next year, she'll be Mary
// the V.P. of Finance."
// ---------------------------------------------------------------------

fn mary_membership(organisation: &str, title: &str, from: Date, until: Option<Date>) -> Membership {
    Membership {
        title: Some(title.to_owned()),
        from: Some(from),
        until,
        ..Membership::new("mary", organisation)
    }
}

#[test]
fn mary_relation_to_acme_email_over_the_years() {
    let model = sample();
    let colleague = [Role::Colleague];
    let consumer_colleague = [Role::Consumer { distance: 0 }, Role::Colleague];
    let vp = [
        Role::Consumer { distance: 0 },
        Role::Client,
        Role::Colleague,
        Role::Partner,
    ];
    // Mail room: no e-mail, but a colleague all along.
    assert_eq!(
        roles(&model, "mary", "acme-email", &on(2008, 6, 1)),
        colleague
    );
    // Typing pool and accounting use e-mail.
    assert_eq!(
        roles(&model, "mary", "acme-email", &on(2012, 6, 1)),
        consumer_colleague
    );
    assert_eq!(
        roles(&model, "mary", "acme-email", &on(2020, 6, 1)),
        consumer_colleague
    );
    // VP of Finance: oversees IT (client) and her department partners it.
    assert_eq!(roles(&model, "mary", "acme-email", &on(2028, 6, 1)), vp);
    // The last day before and the first day of the new role.
    assert_eq!(
        roles(&model, "mary", "acme-email", &on(2026, 12, 31)),
        consumer_colleague
    );
    assert_eq!(roles(&model, "mary", "acme-email", &on(2027, 1, 1)), vp);
    // Never a customer and never a sponsor, whatever the cutoff.
    for d in [
        on(2008, 6, 1),
        on(2012, 6, 1),
        on(2020, 6, 1),
        on(2028, 6, 1),
    ] {
        let rel = model
            .relation("mary", "acme-email", &d.unlimited_chain())
            .unwrap();
        assert!(!rel.is_customer(), "{d:?}");
        assert!(!rel.is_sponsor(), "{d:?}");
    }
}

#[test]
fn mary_memberships_and_company_on_each_date() {
    let model = sample();
    let d = |y, m, dd| Some(date(y, m, dd));
    let mailroom = mary_membership(
        "acme-mailroom",
        "Mail room clerk",
        date(2005, 1, 1),
        d(2010, 1, 1),
    );
    let typing = mary_membership(
        "acme-typing-pool",
        "Typist",
        date(2010, 1, 1),
        d(2015, 6, 1),
    );
    let accounting = mary_membership(
        "acme-accounting",
        "Accountant",
        date(2015, 6, 1),
        d(2027, 1, 1),
    );
    let finance = mary_membership("acme-finance", "VP of Finance", date(2027, 1, 1), None);
    assert_eq!(
        model.memberships("mary", d(2008, 6, 1)),
        std::slice::from_ref(&mailroom)
    );
    assert_eq!(
        model.memberships("mary", d(2012, 6, 1)),
        std::slice::from_ref(&typing)
    );
    assert_eq!(
        model.memberships("mary", d(2020, 6, 1)),
        std::slice::from_ref(&accounting)
    );
    assert_eq!(
        model.memberships("mary", d(2028, 6, 1)),
        std::slice::from_ref(&finance)
    );
    assert_eq!(
        model.memberships("mary", None),
        [mailroom, typing, accounting, finance]
    );
    // Before she joined, she belongs to no organisation and stands alone.
    assert_eq!(model.memberships("mary", d(2004, 6, 1)), []);
    assert_eq!(model.top("mary", d(2004, 6, 1)), ["mary"]);
    for day in [
        d(2008, 6, 1),
        d(2012, 6, 1),
        d(2020, 6, 1),
        d(2028, 6, 1),
        None,
    ] {
        assert_eq!(model.top("mary", day), ["acme"], "{day:?}");
    }
}

#[test]
fn mary_before_acme_is_no_colleague() {
    let model = sample();
    assert_eq!(roles(&model, "mary", "acme-email", &on(2004, 6, 1)), []);
}

#[test]
fn acme_email_customers_follow_the_funding_dates() {
    let model = sample();
    // Accounting's chargeback, 2005 to 2015.
    let accounting = customer_rows(&[("acme-accounting", Org, 0, Int), ("acme", Org, 1, Int)]);
    // Finance's allocation, approved by the CFO, from 2015.
    let finance = customer_rows(&[
        ("acme-cfo", Ind, 0, Int),
        ("acme-finance", Org, 0, Int),
        ("acme", Org, 1, Int),
        ("acme-ceo", Ind, 1, Int),
    ]);
    assert_eq!(customers(&model, "acme-email", &on(2008, 6, 1)), accounting);
    assert_eq!(customers(&model, "acme-email", &on(2012, 6, 1)), accounting);
    assert_eq!(customers(&model, "acme-email", &on(2020, 6, 1)), finance);
    assert_eq!(customers(&model, "acme-email", &on(2028, 6, 1)), finance);
    // Mary reports to the CFO from 2027: below a customer, not one.
    assert!(
        model
            .customers_of("acme-email", &on(2028, 6, 1).unlimited_chain())
            .unwrap()
            .get("mary")
            .is_none()
    );
    // With no date both fundings hold.
    assert_eq!(
        customers(&model, "acme-email", &Query::new()),
        customer_rows(&[
            ("acme-accounting", Org, 0, Int),
            ("acme-cfo", Ind, 0, Int),
            ("acme-finance", Org, 0, Int),
            ("acme", Org, 1, Int),
            ("acme-ceo", Ind, 1, Int),
        ])
    );
}

// ---------------------------------------------------------------------
// The council helpdesk (seed 002): "Our Internal Users are Teachers ...
// and pupils"; "the Business Units pay the bills for IT, so they are the
// customer"; "If you are employed by the same company then they are
// co-workers or colleagues."
// ---------------------------------------------------------------------

#[test]
fn council_helpdesk_customers_are_internal() {
    let model = sample();
    let all = customer_rows(&[
        ("council-education", Org, 0, Int),
        ("council-planning", Org, 0, Int),
        ("head-of-education", Ind, 0, Int),
        ("council", Org, 1, Int),
        ("council-chief-executive", Ind, 1, Int),
    ]);
    assert_eq!(customers(&model, "desktop-support", &Query::new()), all);
    assert_eq!(
        customers(&model, "desktop-support", &Query::new().max_chain(1)),
        all
    );
    assert_eq!(
        customers(&model, "desktop-support", &Query::new().max_chain(0)),
        all[..3].to_vec()
    );
    // Nothing above the council or its chief executive.
    assert_eq!(
        customers(&model, "desktop-support", &Query::new().unlimited_chain()),
        all
    );
}

#[test]
fn council_planning_pays_by_allocation_from_april_2019() {
    let model = sample();
    let before = customer_rows(&[
        ("council-education", Org, 0, Int),
        ("head-of-education", Ind, 0, Int),
        ("council", Org, 1, Int),
        ("council-chief-executive", Ind, 1, Int),
    ]);
    let after = customer_rows(&[
        ("council-education", Org, 0, Int),
        ("council-planning", Org, 0, Int),
        ("head-of-education", Ind, 0, Int),
        ("council", Org, 1, Int),
        ("council-chief-executive", Ind, 1, Int),
    ]);
    assert_eq!(
        customers(&model, "desktop-support", &on(2018, 6, 1)),
        before
    );
    assert_eq!(
        customers(&model, "desktop-support", &on(2019, 3, 31)),
        before
    );
    assert_eq!(customers(&model, "desktop-support", &on(2019, 4, 1)), after);
    assert_eq!(customers(&model, "desktop-support", &on(2024, 6, 1)), after);
    // The planning department uses the helpdesk throughout; it becomes a
    // customer when it starts paying.
    assert_eq!(
        roles(
            &model,
            "council-planning",
            "desktop-support",
            &on(2019, 3, 31)
        ),
        [Role::Consumer { distance: 0 }]
    );
    assert_eq!(
        roles(
            &model,
            "council-planning",
            "desktop-support",
            &on(2019, 4, 1)
        ),
        [
            Role::Customer {
                distance: 0,
                scope: Int
            },
            Role::Consumer { distance: 0 },
        ]
    );
    // Nobody approves the allocation: its officer is a user and colleague.
    for d in [on(2019, 3, 31), on(2019, 4, 1)] {
        assert_eq!(
            roles(&model, "planning-officer", "desktop-support", &d),
            [Role::Consumer { distance: 0 }, Role::Colleague]
        );
    }
}

#[test]
fn council_helpdesk_consumers_and_affected_services() {
    let model = sample();
    let expected = consumer_rows(&[
        ("council-planning", Org, 0),
        ("planning-officer", Ind, 0),
        ("pupil-cara", Ind, 0),
        ("pupil-eli", Ind, 0),
        ("riverside-head", Ind, 0),
        ("riverside-school", Org, 0),
        ("teacher-ann", Ind, 0),
        ("teacher-ben", Ind, 0),
        ("council-education", Org, 1),
        ("head-of-education", Ind, 1),
    ]);
    for query in [Query::new(), Query::new().max_chain(1)] {
        assert_eq!(consumers(&model, "desktop-support", &query), expected);
        assert_eq!(
            affected(&model, "desktop-support", &query),
            service_rows(&[("school-laptops", 1)])
        );
    }
    assert_eq!(
        consumers(&model, "desktop-support", &Query::new().max_chain(0)),
        expected[..8].to_vec()
    );
    assert_eq!(
        affected(&model, "desktop-support", &Query::new().max_chain(0)),
        []
    );
}

#[test]
fn council_helpdesk_consumer_paths() {
    use LinkType::{Dependency, Membership, Provider, Usage};
    let model = sample();
    let answer = model
        .consumers_of("desktop-support", &Query::new())
        .unwrap();
    let path = |party: &str| ids_and_links(&answer.get(party).unwrap().path());
    assert_eq!(
        path("pupil-cara"),
        (strings(&["desktop-support", "pupil-cara"]), vec![Usage])
    );
    assert_eq!(
        path("teacher-ann"),
        (
            strings(&["desktop-support", "riverside-school", "teacher-ann"]),
            vec![Usage, Membership]
        )
    );
    assert_eq!(
        path("head-of-education"),
        (
            strings(&[
                "desktop-support",
                "school-laptops",
                "council-education",
                "head-of-education"
            ]),
            vec![Dependency, Provider, Membership]
        )
    );
    assert_eq!(
        answer.get("head-of-education").unwrap().path().to_string(),
        "Helen Marsh, member of Council education department, which provides \
         Schools laptop scheme, which depends on Desktop support / helpdesk"
    );
}

#[test]
fn pupils_use_the_helpdesk_and_are_nothing_more() {
    let model = sample();
    for pupil in ["pupil-cara", "pupil-eli"] {
        assert_eq!(
            roles(&model, pupil, "desktop-support", &Query::new()),
            [Role::Consumer { distance: 0 }],
            "{pupil}"
        );
        let customers = model
            .customers_of("desktop-support", &Query::new().unlimited_chain())
            .unwrap();
        assert!(customers.get(pupil).is_none());
        // Not staff: no membership, so their company is themselves.
        assert_eq!(model.memberships(pupil, None), []);
        assert_eq!(model.top(pupil, None), [pupil]);
    }
}

#[test]
fn teachers_are_consumers_and_colleagues() {
    let model = sample();
    for teacher in ["teacher-ann", "teacher-ben", "riverside-head"] {
        assert_eq!(
            roles(&model, teacher, "desktop-support", &Query::new()),
            [Role::Consumer { distance: 0 }, Role::Colleague],
            "{teacher}"
        );
        assert_eq!(model.top(teacher, None), ["council"]);
        // Their chain leads up to a customer, but they are below it.
        assert!(
            !model
                .relation(teacher, "desktop-support", &Query::new().unlimited_chain())
                .unwrap()
                .is_customer()
        );
    }
}

#[test]
fn head_of_education_pays_approves_consumes_and_works_alongside() {
    let model = sample();
    assert_eq!(
        roles(
            &model,
            "head-of-education",
            "desktop-support",
            &Query::new()
        ),
        [
            Role::Customer {
                distance: 0,
                scope: Int
            },
            Role::Consumer { distance: 1 },
            Role::Sponsor,
            Role::Colleague,
        ]
    );
    // Through the laptop scheme only: without the dependency step she
    // consumes nothing.
    assert_eq!(
        roles(
            &model,
            "head-of-education",
            "desktop-support",
            &Query::new().max_chain(0)
        ),
        [
            Role::Customer {
                distance: 0,
                scope: Int
            },
            Role::Sponsor,
            Role::Colleague,
        ]
    );
    assert_eq!(
        roles(
            &model,
            "council-chief-executive",
            "desktop-support",
            &Query::new()
        ),
        [
            Role::Customer {
                distance: 1,
                scope: Int
            },
            Role::Colleague,
        ]
    );
    assert_eq!(
        roles(&model, "helpdesk-analyst", "desktop-support", &Query::new()),
        [Role::Provider]
    );
}

// ---------------------------------------------------------------------
// The NFL (seed 000): "You are not a customer of the NFL. You are a
// consumer. Pepsi, Budweiser and United Airlines are customers."
// ---------------------------------------------------------------------

#[test]
fn nfl_sponsors_are_external_customers() {
    let model = sample();
    let all = customer_rows(&[
        ("budweiser", Org, 0, Ext),
        ("pepsi", Org, 0, Ext),
        ("pepsi-marketing-vp", Ind, 0, Ext),
        ("united-airlines", Org, 0, Ext),
    ]);
    for query in [
        Query::new(),
        Query::new().max_chain(0),
        Query::new().unlimited_chain(),
    ] {
        assert_eq!(customers(&model, "nfl-broadcast", &query), all);
    }
    let answer = model.customers_of("nfl-broadcast", &Query::new()).unwrap();
    assert_eq!(
        ids_and_links(&answer.get("pepsi-marketing-vp").unwrap().path()),
        (
            strings(&["nfl-broadcast", "pepsi", "pepsi-marketing-vp"]),
            vec![LinkType::Funding, LinkType::Approval]
        )
    );
    assert_eq!(
        answer.get("pepsi-marketing-vp").unwrap().path().to_string(),
        "PepsiCo VP of Marketing, who approves PepsiCo's cash payment for NFL games"
    );
}

#[test]
fn nfl_united_airlines_pays_from_september_2012_until_march_2020() {
    let model = sample();
    let with_united = customer_rows(&[
        ("budweiser", Org, 0, Ext),
        ("pepsi", Org, 0, Ext),
        ("pepsi-marketing-vp", Ind, 0, Ext),
        ("united-airlines", Org, 0, Ext),
    ]);
    let without = customer_rows(&[
        ("budweiser", Org, 0, Ext),
        ("pepsi", Org, 0, Ext),
        ("pepsi-marketing-vp", Ind, 0, Ext),
    ]);
    let united = [Role::Customer {
        distance: 0,
        scope: Ext,
    }];
    for (d, holds) in [
        (on(2010, 6, 1), false),
        (on(2012, 8, 31), false),
        (on(2012, 9, 1), true),
        (on(2015, 6, 1), true),
        (on(2020, 2, 29), true),
        (on(2020, 3, 1), false),
        (on(2024, 6, 1), false),
    ] {
        let (rows, rel): (_, &[Role]) = if holds {
            (&with_united, &united)
        } else {
            (&without, &[])
        };
        assert_eq!(&customers(&model, "nfl-broadcast", &d), rows, "{d:?}");
        assert_eq!(
            roles(&model, "united-airlines", "nfl-broadcast", &d),
            rel,
            "{d:?}"
        );
    }
}

#[test]
fn nfl_pepsi_and_its_vp() {
    let model = sample();
    assert_eq!(
        roles(&model, "pepsi", "nfl-broadcast", &Query::new()),
        [Role::Customer {
            distance: 0,
            scope: Ext
        }]
    );
    assert_eq!(
        roles(&model, "budweiser", "nfl-broadcast", &Query::new()),
        [Role::Customer {
            distance: 0,
            scope: Ext
        }]
    );
    assert_eq!(
        roles(&model, "pepsi-marketing-vp", "nfl-broadcast", &Query::new()),
        [
            Role::Customer {
                distance: 0,
                scope: Ext
            },
            Role::Sponsor,
        ]
    );
}

#[test]
fn nfl_fan_is_a_consumer_only() {
    let model = sample();
    assert_eq!(
        consumers(&model, "nfl-broadcast", &Query::new()),
        consumer_rows(&[("fan", Ind, 0)])
    );
    assert_eq!(affected(&model, "nfl-broadcast", &Query::new()), []);
    for query in [
        Query::new(),
        Query::new().max_chain(0),
        Query::new().unlimited_chain(),
        on(2024, 6, 1),
    ] {
        assert_eq!(
            roles(&model, "fan", "nfl-broadcast", &query),
            [Role::Consumer { distance: 0 }],
            "{query:?}"
        );
    }
    let answer = model.consumers_of("nfl-broadcast", &Query::new()).unwrap();
    let fan = answer.get("fan").unwrap();
    assert_eq!(
        ids_and_links(&fan.path()),
        (strings(&["nfl-broadcast", "fan"]), vec![LinkType::Usage])
    );
    assert_eq!(fan.path().to_string(), "A football fan, who uses NFL games");
}

// ---------------------------------------------------------------------
// Developers and infrastructure (seed 004): "Are developers customers of
// infrastructure people who supply their tools and environments? If I
// rely on you for something or anything, does that make me your
// customer?"
// ---------------------------------------------------------------------

#[test]
fn developers_consume_the_build_farm_through_ci() {
    use LinkType::{Dependency, Membership, Provider, Usage};
    let model = sample();
    let expected = consumer_rows(&[
        ("developer-priya", Ind, 1),
        ("developer-sam", Ind, 1),
        ("expenseco-dev", Org, 1),
        ("project-manager", Ind, 1),
    ]);
    for query in [Query::new(), Query::new().max_chain(1)] {
        assert_eq!(consumers(&model, "build-farm", &query), expected);
        assert_eq!(
            affected(&model, "build-farm", &query),
            service_rows(&[("ci-pipeline", 1)])
        );
    }
    let answer = model.consumers_of("build-farm", &Query::new()).unwrap();
    let ci = answer.services().next().unwrap();
    assert_eq!(
        ids_and_links(&ci.path()),
        (strings(&["build-farm", "ci-pipeline"]), vec![Dependency])
    );
    assert_eq!(
        ids_and_links(&answer.get("expenseco-dev").unwrap().path()),
        (
            strings(&["build-farm", "ci-pipeline", "expenseco-dev"]),
            vec![Dependency, Provider]
        )
    );
    assert_eq!(
        ids_and_links(&answer.get("project-manager").unwrap().path()),
        (
            strings(&[
                "build-farm",
                "ci-pipeline",
                "expenseco-dev",
                "project-manager"
            ]),
            vec![Dependency, Provider, Membership]
        )
    );
    // A developer both uses ci-pipeline and is a member of its provider:
    // either path proves distance 1.
    for dev in ["developer-priya", "developer-sam"] {
        let path = ids_and_links(&answer.get(dev).unwrap().path());
        let by_usage = (
            strings(&["build-farm", "ci-pipeline", dev]),
            vec![Dependency, Usage],
        );
        let by_membership = (
            strings(&["build-farm", "ci-pipeline", "expenseco-dev", dev]),
            vec![Dependency, Provider, Membership],
        );
        assert!(
            path == by_usage || path == by_membership,
            "path of {dev}: {path:?}"
        );
    }
}

#[test]
fn developers_are_not_customers_of_the_build_farm() {
    let model = sample();
    assert_eq!(
        customers(&model, "build-farm", &Query::new()),
        customer_rows(&[("expenseco", Org, 0, Int), ("expenseco-cto", Ind, 0, Int)])
    );
    for dev in ["developer-priya", "developer-sam"] {
        assert_eq!(
            roles(&model, dev, "build-farm", &Query::new()),
            [Role::Consumer { distance: 1 }, Role::Colleague],
            "{dev}"
        );
        let rel = model
            .relation(dev, "build-farm", &Query::new().unlimited_chain())
            .unwrap();
        assert!(!rel.is_customer(), "{dev}");
        assert!(!rel.is_sponsor(), "{dev}");
    }
    assert_eq!(
        roles(&model, "expenseco-cto", "build-farm", &Query::new()),
        [
            Role::Customer {
                distance: 0,
                scope: Int
            },
            Role::Sponsor,
            Role::Colleague,
        ]
    );
    assert_eq!(
        roles(&model, "infra-engineer", "build-farm", &Query::new()),
        [Role::Provider]
    );
}

#[test]
fn build_farm_has_no_direct_users() {
    let model = sample();
    let zero = Query::new().max_chain(0);
    assert_eq!(consumers(&model, "build-farm", &zero), []);
    assert_eq!(affected(&model, "build-farm", &zero), []);
    for dev in ["developer-priya", "developer-sam"] {
        assert_eq!(
            roles(&model, dev, "build-farm", &zero),
            [Role::Colleague],
            "{dev}"
        );
    }
}

#[test]
fn sso_and_directory_depend_on_each_other_and_queries_stop() {
    let model = sample();
    let directory = consumer_rows(&[
        ("expenseco-infra", Org, 1),
        ("infra-engineer", Ind, 1),
        ("dana", Ind, 2),
        ("developer-priya", Ind, 2),
        ("developer-sam", Ind, 2),
        ("expenseco", Org, 2),
        ("expenseco-cto", Ind, 2),
        ("expenseco-dev", Org, 2),
        ("goddard-apps", Org, 2),
        ("project-manager", Ind, 2),
    ]);
    for query in [
        Query::new(),
        Query::new().unlimited_chain(),
        Query::new().max_chain(2),
        Query::new().max_chain(1000),
    ] {
        assert_eq!(consumers(&model, "directory", &query), directory);
        assert_eq!(
            affected(&model, "directory", &query),
            service_rows(&[("sso", 1), ("expense-app", 2)])
        );
    }
    let one = Query::new().max_chain(1);
    assert_eq!(
        consumers(&model, "directory", &one),
        directory[..2].to_vec()
    );
    assert_eq!(
        affected(&model, "directory", &one),
        service_rows(&[("sso", 1)])
    );
    assert_eq!(
        consumers(&model, "directory", &Query::new().max_chain(0)),
        []
    );

    let sso = consumer_rows(&[
        ("dana", Ind, 1),
        ("developer-priya", Ind, 1),
        ("developer-sam", Ind, 1),
        ("expenseco", Org, 1),
        ("expenseco-cto", Ind, 1),
        ("expenseco-dev", Org, 1),
        ("expenseco-infra", Org, 1),
        ("goddard-apps", Org, 1),
        ("infra-engineer", Ind, 1),
        ("project-manager", Ind, 1),
    ]);
    for query in [
        Query::new(),
        Query::new().max_chain(1),
        Query::new().max_chain(1000),
    ] {
        assert_eq!(consumers(&model, "sso", &query), sso);
        assert_eq!(
            affected(&model, "sso", &query),
            service_rows(&[("directory", 1), ("expense-app", 1)])
        );
    }
    let answer = model.consumers_of("directory", &Query::new()).unwrap();
    assert_eq!(
        ids_and_links(&answer.get("dana").unwrap().path()),
        (
            strings(&["directory", "sso", "expense-app", "goddard-apps", "dana"]),
            vec![
                LinkType::Dependency,
                LinkType::Dependency,
                LinkType::Usage,
                LinkType::Membership
            ]
        )
    );
    // The infrastructure team runs both: a provider of directory, and a
    // consumer of it through sso, which it also provides.
    assert_eq!(
        roles(&model, "infra-engineer", "directory", &Query::new()),
        [Role::Provider, Role::Consumer { distance: 1 }]
    );
}

// ---------------------------------------------------------------------
// Unknown ids
// ---------------------------------------------------------------------

#[test]
fn unknown_service_suggests_the_nearest_id() {
    let model = sample();
    let err = model.customers_of("expense-ap", &Query::new()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownId);
    assert_eq!(err.suggestion(), Some("expense-app"));
    let message = err.to_string();
    assert!(message.contains("\"expense-ap\""), "{message}");
    assert!(message.contains("\"expense-app\""), "{message}");

    let err = model.consumers_of("expense-ap", &Query::new()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownId);
    assert_eq!(err.suggestion(), Some("expense-app"));

    let err = model
        .relation("dana", "expense-ap", &Query::new())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownId);
    assert_eq!(err.suggestion(), Some("expense-app"));

    // A party is not a service.
    let err = model.customers_of("dana", &Query::new()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownId);
}

#[test]
fn unknown_party_suggests_the_nearest_id() {
    let model = sample();
    let err = model
        .relation("mray", "acme-email", &Query::new())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownId);
    assert_eq!(err.suggestion(), Some("mary"));
    let message = err.to_string();
    assert!(message.contains("\"mray\""), "{message}");
    assert!(message.contains("\"mary\""), "{message}");

    // A service is not a party.
    let err = model
        .relation("sso", "expense-app", &Query::new())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownId);

    // Nothing close: no suggestion.
    let err = model
        .relation("zzzzzzzzzzzz", "acme-email", &Query::new())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownId);
    assert_eq!(err.suggestion(), None);
}

// ---------------------------------------------------------------------
// relation agrees with customers_of and consumers_of
// ---------------------------------------------------------------------

#[test]
fn relation_agrees_with_customers_and_consumers_for_every_pair() {
    let model = sample();
    let doc = Document::from_json_str(SAMPLE).expect("the sample document reads");
    let parties: Vec<&str> = model
        .entities()
        .filter(|e| e.kind().is_party())
        .map(|e| e.id())
        .collect();
    let services: Vec<&str> = model
        .entities()
        .filter(|e| e.kind() == EntityKind::Service)
        .map(|e| e.id())
        .collect();
    assert_eq!((parties.len(), services.len()), (48, 9));

    let dates = [
        None,
        Some(date(2008, 6, 1)),
        Some(date(2012, 6, 1)),
        Some(date(2020, 6, 1)),
        Some(date(2028, 6, 1)),
    ];
    let mut cutoffs = vec![Query::new(), Query::new().unlimited_chain()];
    cutoffs.extend((0..=3).map(|k| Query::new().max_chain(k)));

    let mut checked = 0;
    let mut customer_roles = 0;
    let mut consumer_roles = 0;
    for day in dates {
        for cutoff in &cutoffs {
            let query = cutoff.as_of(day);
            for &service in &services {
                let customers = model.customers_of(service, &query).unwrap();
                let consumers = model.consumers_of(service, &query).unwrap();
                check_paths(service, &customers, &consumers);
                for &party in &parties {
                    let rel = model.relation(party, service, &query).unwrap();
                    let what = format!("relation({party}, {service}) with {query:?}");
                    let roles = rel.roles();
                    // Each role once, in the order of the enum.
                    assert!(
                        roles
                            .windows(2)
                            .all(|w| w[0] < w[1] && w[0].name() != w[1].name()),
                        "{what}: {roles:?}"
                    );
                    assert_eq!(
                        rel.customer(),
                        customers.get(party).map(|c| (c.distance(), c.scope())),
                        "{what}: customer role"
                    );
                    assert_eq!(
                        rel.consumer(),
                        consumers.get(party).map(|c| c.distance()),
                        "{what}: consumer role"
                    );
                    let sponsor = doc.funding.iter().any(|f| {
                        f.service == service
                            && f.holds_on(day)
                            && f.approved_by.iter().any(|a| *a == party)
                    });
                    assert_eq!(rel.is_sponsor(), sponsor, "{what}: sponsor role");
                    // A sponsor is always a customer, at distance 0.
                    if sponsor {
                        assert_eq!(rel.customer().map(|c| c.0), Some(0), "{what}");
                    }
                    customer_roles += usize::from(rel.is_customer());
                    consumer_roles += usize::from(rel.consumer().is_some());
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 5 * 6 * 48 * 9);
    // The loop saw plenty of both roles: it is not vacuous.
    assert!(customer_roles > 500, "{customer_roles}");
    assert!(consumer_roles > 500, "{consumer_roles}");
}

/// Every path starts at the service, ends at its party, links each entity
/// to the next, and counts its distance in chain steps: reporting and
/// parent links for customers, dependency links for consumers.
fn check_paths(
    service: &str,
    customers: &svcrel::Customers<'_>,
    consumers: &svcrel::Consumers<'_>,
) {
    fn check(service: &str, party: &str, path: &Path<'_>) {
        let ids: Vec<&str> = path.ids().collect();
        assert_eq!(ids.first(), Some(&service), "{party}: {ids:?}");
        assert_eq!(ids.last(), Some(&party), "{party}: {ids:?}");
        for (i, step) in path.steps().enumerate() {
            assert_eq!(step.from().id(), ids[i], "{party}: {ids:?}");
            assert_eq!(step.to().id(), ids[i + 1], "{party}: {ids:?}");
        }
    }
    for c in customers.iter() {
        let path = c.path();
        check(service, c.party().id(), &path);
        let steps = path
            .steps()
            .filter(|s| matches!(s.link(), LinkType::Reporting | LinkType::Parent))
            .count();
        assert_eq!(steps, c.distance() as usize, "{}", c.party().id());
    }
    for c in consumers.iter() {
        let path = c.path();
        check(service, c.party().id(), &path);
        let steps = path
            .steps()
            .filter(|s| s.link() == LinkType::Dependency)
            .count();
        assert_eq!(steps, c.distance() as usize, "{}", c.party().id());
    }
    for s in consumers.services() {
        let path = s.path();
        check(service, s.service().id(), &path);
        assert!(path.steps().all(|step| step.link() == LinkType::Dependency));
        assert_eq!(path.len(), s.distance() as usize);
    }
}

// ---------------------------------------------------------------------
// Each role's evidence: the links that make it so
// ---------------------------------------------------------------------

/// A role's links as (kind, source, target).
fn evidence(
    model: &Model,
    party: &str,
    service: &str,
    query: &Query,
    role: Role,
) -> Vec<(String, String, String)> {
    let rel = model.explain(party, service, query).expect("known ids");
    let ev = rel
        .evidence_for(&role)
        .unwrap_or_else(|| panic!("{party} is {role} of {service}: {:?}", rel.roles()));
    assert_eq!(ev.role, role);
    ev.links
        .iter()
        .map(|l| (l.kind.name().to_owned(), l.source.clone(), l.target.clone()))
        .collect()
}

fn links(rows: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    rows.iter()
        .map(|&(k, s, t)| (k.to_owned(), s.to_owned(), t.to_owned()))
        .collect()
}

#[test]
fn dana_sponsors_expense_app_by_the_funding_link_she_approves() {
    let model = sample();
    let q = Query::new();
    let funding = links(&[("funding", "goddard-apps", "expense-app")]);
    assert_eq!(
        evidence(&model, "dana", "expense-app", &q, Role::Sponsor),
        funding
    );
    let customer = Role::Customer {
        distance: 0,
        scope: Ext,
    };
    assert_eq!(
        evidence(&model, "dana", "expense-app", &q, customer),
        funding
    );
    let rel = model.explain("dana", "expense-app", &q).unwrap();
    let sponsor = rel.evidence_for(&Role::Sponsor).unwrap();
    assert_eq!(sponsor.links[0].approved_by, ["dana"]);
    assert_eq!(
        evidence(
            &model,
            "dana",
            "expense-app",
            &q,
            Role::Consumer { distance: 0 }
        ),
        links(&[
            ("membership", "dana", "goddard-apps"),
            ("usage", "goddard-apps", "expense-app"),
        ])
    );
    let consumer = rel.evidence_for(&Role::Consumer { distance: 0 }).unwrap();
    assert_eq!(consumer.links[0].from, Some(date(2016, 3, 1)));
}

#[test]
fn the_presidents_customer_chain_runs_down_to_danas_approval() {
    let model = sample();
    let q = Query::new().max_chain(4);
    let customer = Role::Customer {
        distance: 4,
        scope: Ext,
    };
    assert_eq!(
        evidence(&model, "president", "expense-app", &q, customer),
        links(&[
            ("reporting", "nasa-administrator", "president"),
            ("reporting", "nasa-cio", "nasa-administrator"),
            ("reporting", "goddard-cio", "nasa-cio"),
            ("reporting", "dana", "goddard-cio"),
            ("funding", "goddard-apps", "expense-app"),
        ])
    );
}

#[test]
fn mary_is_client_colleague_and_partner_of_acme_email_in_2028() {
    let model = sample();
    let q = on(2028, 6, 1);
    assert_eq!(
        evidence(&model, "mary", "acme-email", &q, Role::Client),
        links(&[
            ("oversight", "mary", "acme-it"),
            ("provider", "acme-email", "acme-it"),
        ])
    );
    assert_eq!(
        evidence(&model, "mary", "acme-email", &q, Role::Colleague),
        links(&[
            ("membership", "mary", "acme-finance"),
            ("parent", "acme-finance", "acme"),
            ("parent", "acme-it", "acme"),
            ("provider", "acme-email", "acme-it"),
        ])
    );
    assert_eq!(
        evidence(&model, "mary", "acme-email", &q, Role::Partner),
        links(&[
            ("membership", "mary", "acme-finance"),
            ("partnership", "acme-it", "acme-finance"),
            ("provider", "acme-email", "acme-it"),
        ])
    );
    assert_eq!(
        evidence(
            &model,
            "mary",
            "acme-email",
            &q,
            Role::Consumer { distance: 0 }
        ),
        links(&[
            ("membership", "mary", "acme-finance"),
            ("usage", "acme-finance", "acme-email"),
        ])
    );
}

#[test]
fn the_helpdesk_analyst_provides_the_helpdesk_as_a_member_of_council_it() {
    let model = sample();
    assert_eq!(
        evidence(
            &model,
            "helpdesk-analyst",
            "desktop-support",
            &Query::new(),
            Role::Provider
        ),
        links(&[
            ("membership", "helpdesk-analyst", "council-it"),
            ("provider", "desktop-support", "council-it"),
        ])
    );
}

#[test]
fn the_head_of_education_consumes_the_helpdesk_through_the_laptops_she_provides() {
    let model = sample();
    let q = Query::new();
    assert_eq!(
        evidence(
            &model,
            "head-of-education",
            "desktop-support",
            &q,
            Role::Consumer { distance: 1 }
        ),
        links(&[
            ("membership", "head-of-education", "council-education"),
            ("provider", "school-laptops", "council-education"),
            ("dependency", "school-laptops", "desktop-support"),
        ])
    );
}

#[test]
fn developers_consume_the_build_farm_through_the_ci_pipeline_they_use() {
    let model = sample();
    assert_eq!(
        evidence(
            &model,
            "developer-sam",
            "build-farm",
            &Query::new(),
            Role::Consumer { distance: 1 }
        ),
        links(&[
            ("usage", "developer-sam", "ci-pipeline"),
            ("dependency", "ci-pipeline", "build-farm"),
        ])
    );
}

#[test]
fn teacher_anns_payer_is_reached_through_her_school() {
    let model = sample();
    let t = model
        .triage("teacher-ann", "desktop-support", &Query::new())
        .unwrap();
    let payer = t.payer().expect("somebody pays");
    let got: Vec<(String, String, String)> = payer
        .links()
        .iter()
        .map(|l| (l.kind.name().to_owned(), l.source.clone(), l.target.clone()))
        .collect();
    assert_eq!(
        got,
        links(&[
            ("membership", "teacher-ann", "riverside-school"),
            ("parent", "riverside-school", "council-education"),
            ("funding", "council-education", "desktop-support"),
        ])
    );
    assert_eq!(payer.links()[2].approved_by, ["head-of-education"]);
}
