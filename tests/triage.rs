//! `Model::triage`: the paying customer for a ticket, its sponsors,
//! whether the requester is entitled to service, and the explanation.
//!
//! Most cases use small documents written for the rule they check; the
//! last ones use the sample (`examples/data/sample.json`).

use svcrel::{Date, ErrorKind, Model, Payment, Query, Role, Triage};

fn model(json: &str) -> Model {
    Model::from_json_str(json).unwrap_or_else(|e| panic!("test document is invalid: {e}"))
}

fn sample() -> Model {
    Model::from_json_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/sample.json"
    ))
    .expect("the sample loads")
}

fn triage(model: &Model, requester: &str, service: &str, query: &Query) -> Triage {
    model
        .triage(requester, service, query)
        .unwrap_or_else(|e| panic!("triage({requester}, {service}): {e}"))
}

/// The payer's id, payment, steps and `via` of a triage, for one-line asserts.
fn chosen(t: &Triage) -> Option<(&str, Payment, u32, Option<&str>)> {
    t.payer().map(|p| {
        (
            p.payer().as_str(),
            p.payment(),
            p.steps(),
            p.via().map(|v| v.as_str()),
        )
    })
}

fn on(y: i16, m: i8, d: i8) -> Query {
    Query::new().as_of(Date::constant(y, m, d))
}

/// A company `co` with a department `dept` and a team `team` below it, a
/// provider `it` elsewhere, and the service `svc`; `FUNDING` and
/// `MEMBERSHIPS` are filled in by each test.
fn company(memberships: &str, funding: &str) -> Model {
    model(&format!(
        r#"{{
          "version": 1,
          "organisations": [
            {{"id": "co", "name": "Company"}},
            {{"id": "dept", "name": "Department", "parent": "co"}},
            {{"id": "team", "name": "Team", "parent": "dept"}},
            {{"id": "sibling", "name": "Sibling department", "parent": "co"}},
            {{"id": "other", "name": "Other company"}},
            {{"id": "it", "name": "IT provider"}}
          ],
          "individuals": [
            {{"id": "ann", "name": "Ann"}},
            {{"id": "bob", "name": "Bob"}},
            {{"id": "sue", "name": "Sue"}}
          ],
          "services": [{{"id": "svc", "name": "The service", "provider": "it"}}],
          "memberships": [{memberships}],
          "funding": [{funding}]
        }}"#
    ))
}

// ---------------------------------------------------------------------
// Who pays: the nearest payer
// ---------------------------------------------------------------------

#[test]
fn the_requester_who_pays_is_their_own_paying_customer_at_zero_steps() {
    let m = company(
        r#"{"individual": "ann", "organisation": "team"}"#,
        r#"{"payer": "team", "service": "svc", "payment": "chargeback", "approved_by": ["bob"]},
           {"payer": "ann", "service": "svc", "payment": "cash", "approved_by": ["sue"]}"#,
    );
    let t = triage(&m, "ann", "svc", &Query::new());
    assert_eq!(chosen(&t), Some(("ann", Payment::Cash, 0, None)));
    assert_eq!(t.sponsors(), ["sue"]);
    assert!(
        t.explanation().contains("the requester pays"),
        "{}",
        t.explanation()
    );

    // An organisation that pays is its own paying customer too.
    let t = triage(&m, "team", "svc", &Query::new());
    assert_eq!(chosen(&t), Some(("team", Payment::Chargeback, 0, None)));
    assert_eq!(t.sponsors(), ["bob"]);
}

#[test]
fn the_requesters_organisation_pays_at_one_step() {
    let m = company(
        r#"{"individual": "ann", "organisation": "team"}"#,
        r#"{"payer": "team", "service": "svc", "payment": "chargeback", "approved_by": ["bob"]}"#,
    );
    let t = triage(&m, "ann", "svc", &Query::new());
    assert_eq!(
        chosen(&t),
        Some(("team", Payment::Chargeback, 1, Some("team")))
    );
    assert_eq!(t.sponsors(), ["bob"]);
    let text = t.explanation();
    assert!(text.contains("Team pays for it by chargeback"), "{text}");
    assert!(text.contains("Ann is a member of it"), "{text}");
    assert!(text.contains("notify Bob"), "{text}");
}

#[test]
fn a_parent_above_the_membership_pays_one_step_further_each_level() {
    let m = company(
        r#"{"individual": "ann", "organisation": "team"}"#,
        r#"{"payer": "co", "service": "svc", "payment": "allocation"}"#,
    );
    let t = triage(&m, "ann", "svc", &Query::new());
    assert_eq!(
        chosen(&t),
        Some(("co", Payment::Allocation, 3, Some("team")))
    );
    assert!(t.sponsors().is_empty());
    let text = t.explanation();
    assert!(text.contains("Company pays for it by allocation"), "{text}");
    assert!(
        text.contains("Ann is a member of Team, 2 steps below it"),
        "{text}"
    );
    assert!(!text.contains("notify"), "{text}");

    let m = company(
        r#"{"individual": "ann", "organisation": "team"}"#,
        r#"{"payer": "dept", "service": "svc", "payment": "allocation"}"#,
    );
    let t = triage(&m, "ann", "svc", &Query::new());
    assert_eq!(
        chosen(&t),
        Some(("dept", Payment::Allocation, 2, Some("team")))
    );
    assert!(
        t.explanation()
            .contains("Ann is a member of Team, 1 step below it"),
        "{}",
        t.explanation()
    );
}

#[test]
fn an_organisation_requester_is_paid_for_by_its_parents_without_a_membership() {
    let m = company(
        "",
        r#"{"payer": "co", "service": "svc", "payment": "allocation", "approved_by": ["sue"]}"#,
    );
    let t = triage(&m, "team", "svc", &Query::new());
    assert_eq!(chosen(&t), Some(("co", Payment::Allocation, 2, None)));
    assert_eq!(t.sponsors(), ["sue"]);
    assert!(
        t.explanation().contains("2 steps above Team"),
        "{}",
        t.explanation()
    );
}

#[test]
fn the_nearest_payer_wins_whatever_the_order_of_memberships_and_funding() {
    // Ann is in `team` (whose grandparent pays) and in `other` (which pays).
    let memberships = [
        r#"{"individual": "ann", "organisation": "team"}, {"individual": "ann", "organisation": "other"}"#,
        r#"{"individual": "ann", "organisation": "other"}, {"individual": "ann", "organisation": "team"}"#,
    ];
    let funding = [
        r#"{"payer": "co", "service": "svc", "payment": "allocation", "approved_by": ["bob"]},
           {"payer": "other", "service": "svc", "payment": "cash", "approved_by": ["sue"]}"#,
        r#"{"payer": "other", "service": "svc", "payment": "cash", "approved_by": ["sue"]},
           {"payer": "co", "service": "svc", "payment": "allocation", "approved_by": ["bob"]}"#,
    ];
    for m in memberships {
        for f in funding {
            let t = triage(&company(m, f), "ann", "svc", &Query::new());
            assert_eq!(
                chosen(&t),
                Some(("other", Payment::Cash, 1, Some("other"))),
                "{m} / {f}"
            );
            assert_eq!(t.sponsors(), ["sue"]);
            let text = t.explanation();
            assert!(text.contains("Other company pays for it by cash"), "{text}");
            assert!(text.contains("Ann is a member of it"), "{text}");
            // The farther payer is mentioned, with the membership it goes through.
            assert!(
                text.contains("also near: Company (3 steps away, through Team)"),
                "{text}"
            );
            assert!(!text.contains("tie"), "{text}");
        }
    }
}

#[test]
fn a_tie_goes_to_the_funding_link_listed_first() {
    // Ann is in `dept` and in `other`; both pay, one step away each.
    let memberships = r#"{"individual": "ann", "organisation": "dept"}, {"individual": "ann", "organisation": "other"}"#;
    let dept =
        r#"{"payer": "dept", "service": "svc", "payment": "chargeback", "approved_by": ["bob"]}"#;
    let other =
        r#"{"payer": "other", "service": "svc", "payment": "cash", "approved_by": ["sue"]}"#;

    let t = triage(
        &company(memberships, &format!("{dept}, {other}")),
        "ann",
        "svc",
        &Query::new(),
    );
    assert_eq!(
        chosen(&t),
        Some(("dept", Payment::Chargeback, 1, Some("dept")))
    );
    assert_eq!(t.sponsors(), ["bob"]);
    let text = t.explanation();
    assert!(
        text.contains("Department pays for it by chargeback"),
        "{text}"
    );
    assert!(
        text.contains("also near: Other company (1 step away)"),
        "{text}"
    );
    assert!(
        text.contains("a tie goes to the funding link listed first"),
        "{text}"
    );

    let t = triage(
        &company(memberships, &format!("{other}, {dept}")),
        "ann",
        "svc",
        &Query::new(),
    );
    assert_eq!(chosen(&t), Some(("other", Payment::Cash, 1, Some("other"))));
    assert_eq!(t.sponsors(), ["sue"]);
    let text = t.explanation();
    assert!(text.contains("Other company pays for it by cash"), "{text}");
    assert!(
        text.contains("also near: Department (1 step away)"),
        "{text}"
    );

    // The order of the memberships does not matter, only that of the funding.
    let swapped = r#"{"individual": "ann", "organisation": "other"}, {"individual": "ann", "organisation": "dept"}"#;
    let t = triage(
        &company(swapped, &format!("{dept}, {other}")),
        "ann",
        "svc",
        &Query::new(),
    );
    assert_eq!(chosen(&t).map(|c| c.0), Some("dept"));
}

#[test]
fn two_funding_links_of_one_payer_the_first_is_chosen_with_its_sponsors() {
    let m = company(
        r#"{"individual": "ann", "organisation": "team"}"#,
        r#"{"payer": "team", "service": "svc", "payment": "trade", "approved_by": ["sue"]},
           {"payer": "team", "service": "svc", "payment": "cash", "approved_by": ["bob"]}"#,
    );
    let t = triage(&m, "ann", "svc", &Query::new());
    assert_eq!(chosen(&t), Some(("team", Payment::Trade, 1, Some("team"))));
    assert_eq!(t.sponsors(), ["sue"]);
    assert_eq!(t.payer().map(|p| p.sponsors()), Some(t.sponsors()));
}

#[test]
fn two_memberships_leading_to_one_payer_give_one_deterministic_answer() {
    // Ann is in `team` and in `sibling`; `co` above both pays.
    let a = r#"{"individual": "ann", "organisation": "team"}, {"individual": "ann", "organisation": "sibling"}"#;
    let b = r#"{"individual": "ann", "organisation": "sibling"}, {"individual": "ann", "organisation": "team"}"#;
    let funding = r#"{"payer": "co", "service": "svc", "payment": "allocation"}"#;
    let first = triage(&company(a, funding), "ann", "svc", &Query::new());
    let second = triage(&company(b, funding), "ann", "svc", &Query::new());
    // `sibling` is one step below `co`, `team` two.
    assert_eq!(
        chosen(&first),
        Some(("co", Payment::Allocation, 2, Some("sibling")))
    );
    assert_eq!(first, second);
}

#[test]
fn nobody_near_pays_when_the_payer_is_a_sibling_a_child_or_another_company() {
    for payer in ["sibling", "other", "team", "bob"] {
        // Ann is a member of `dept`: `team` is below it, not above.
        let m = company(
            r#"{"individual": "ann", "organisation": "dept"}"#,
            &format!(
                r#"{{"payer": "{payer}", "service": "svc", "payment": "cash", "approved_by": ["sue"]}}"#
            ),
        );
        let t = triage(&m, "ann", "svc", &Query::new());
        assert_eq!(t.payer(), None, "payer {payer}");
        assert!(t.sponsors().is_empty());
        assert!(
            t.explanation().contains("nobody near Ann pays for it"),
            "{}",
            t.explanation()
        );
    }
    // Nobody pays at all.
    let m = company(r#"{"individual": "ann", "organisation": "dept"}"#, "");
    assert_eq!(triage(&m, "ann", "svc", &Query::new()).payer(), None);
}

#[test]
fn the_chain_cutoffs_do_not_limit_the_search_for_a_payer() {
    let m = company(
        r#"{"individual": "ann", "organisation": "team"}"#,
        r#"{"payer": "co", "service": "svc", "payment": "allocation"}"#,
    );
    for q in [Query::new().max_chain(0), Query::new().max_chain(1)] {
        assert_eq!(
            chosen(&triage(&m, "ann", "svc", &q)).map(|c| (c.0, c.2)),
            Some(("co", 3))
        );
    }
}

#[test]

fn the_customer_path_goes_through_the_funding_link_triage_chose() {
    let m = company(
        "",
        r#"{"payer": "team", "service": "svc", "payment": "cash", "approved_by": ["ann"]},
           {"payer": "team", "service": "svc", "payment": "trade"}"#,
    );
    let t = triage(&m, "team", "svc", &Query::new());
    assert_eq!(chosen(&t), Some(("team", Payment::Cash, 0, None)));
    let customers = m.customers_of("svc", &Query::new()).unwrap();
    let payments = |id: &str| -> Vec<Option<Payment>> {
        customers
            .get(id)
            .unwrap()
            .path()
            .steps()
            .map(|s| s.payment())
            .collect()
    };
    // Actual: [Some(Trade)] and [Some(Trade), Some(Cash)].
    assert_eq!(payments("team"), [Some(Payment::Cash)]);
    assert_eq!(payments("ann"), [Some(Payment::Cash), Some(Payment::Cash)]);
}

#[test]
fn a_payment_of_none_commissions_without_payment() {
    let m = company(
        r#"{"individual": "ann", "organisation": "team"}"#,
        r#"{"payer": "team", "service": "svc", "payment": "none"}"#,
    );
    let t = triage(&m, "ann", "svc", &Query::new());
    assert_eq!(chosen(&t), Some(("team", Payment::None, 1, Some("team"))));
    assert!(
        t.explanation()
            .contains("Team commissions it without payment"),
        "{}",
        t.explanation()
    );
}

// ---------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------

#[test]
fn dated_memberships_decide_which_organisation_pays() {
    // Ann moved from `dept` to `other` on 2024-01-01; both pay.
    let m = company(
        r#"{"individual": "ann", "organisation": "dept", "until": "2024-01-01"},
           {"individual": "ann", "organisation": "other", "from": "2024-01-01"}"#,
        r#"{"payer": "other", "service": "svc", "payment": "cash", "approved_by": ["sue"]},
           {"payer": "dept", "service": "svc", "payment": "chargeback", "approved_by": ["bob"]}"#,
    );
    let before = triage(&m, "ann", "svc", &on(2023, 12, 31));
    assert_eq!(
        chosen(&before),
        Some(("dept", Payment::Chargeback, 1, Some("dept")))
    );
    assert_eq!(before.sponsors(), ["bob"]);
    assert!(
        before.explanation().contains("on 2023-12-31"),
        "{}",
        before.explanation()
    );
    assert!(!before.explanation().contains("also near"));

    let after = triage(&m, "ann", "svc", &on(2024, 1, 1));
    assert_eq!(
        chosen(&after),
        Some(("other", Payment::Cash, 1, Some("other")))
    );
    assert_eq!(after.sponsors(), ["sue"]);

    // With no date every membership holds: a tie, won by the link listed first.
    let any = triage(&m, "ann", "svc", &Query::new());
    assert_eq!(chosen(&any).map(|c| c.0), Some("other"));
    assert!(any.explanation().contains("tie"), "{}", any.explanation());
}

#[test]
fn dated_funding_decides_which_link_pays() {
    // The team's contract ends on 2024-01-01; the department pays from 2023-07-01.
    let m = company(
        r#"{"individual": "ann", "organisation": "team", "from": "2020-01-01"}"#,
        r#"{"payer": "team", "service": "svc", "payment": "cash", "approved_by": ["bob"], "until": "2024-01-01"},
           {"payer": "dept", "service": "svc", "payment": "allocation", "approved_by": ["sue"], "from": "2023-07-01"}"#,
    );
    let t = triage(&m, "ann", "svc", &on(2023, 1, 1));
    assert_eq!(chosen(&t), Some(("team", Payment::Cash, 1, Some("team"))));
    assert_eq!(t.sponsors(), ["bob"]);

    let t = triage(&m, "ann", "svc", &on(2023, 8, 1));
    assert_eq!(chosen(&t), Some(("team", Payment::Cash, 1, Some("team"))));
    // Both ways go through the team: the nearer one is told, the other not.
    assert!(
        !t.explanation().contains("also near"),
        "{}",
        t.explanation()
    );

    let t = triage(&m, "ann", "svc", &on(2024, 1, 1));
    assert_eq!(
        chosen(&t),
        Some(("dept", Payment::Allocation, 2, Some("team")))
    );
    assert_eq!(t.sponsors(), ["sue"]);

    // Before the membership began, Ann belongs nowhere: nobody near pays.
    assert_eq!(triage(&m, "ann", "svc", &on(2019, 12, 31)).payer(), None);
}

// ---------------------------------------------------------------------
// Entitlement
// ---------------------------------------------------------------------

/// One party per role: `prov` (member of the provider), `user`
/// (consumer), `payer-org` and its member `boss`'s report `sponsor`
/// (customers), `overseer` (client), `coworker` (colleague only), `ally`
/// (partner only), `stranger` (nothing).
fn roles_model() -> Model {
    model(
        r#"{
          "version": 1,
          "organisations": [
            {"id": "acme"},
            {"id": "acme-it", "parent": "acme"},
            {"id": "acme-sales", "parent": "acme"},
            {"id": "board"},
            {"id": "partner-co"},
            {"id": "buyer-co"}
          ],
          "individuals": [
            {"id": "prov"}, {"id": "user"}, {"id": "sponsor"}, {"id": "boss"},
            {"id": "overseer"}, {"id": "coworker"}, {"id": "ally"}, {"id": "stranger"}
          ],
          "services": [{"id": "svc", "provider": "acme-it"}],
          "memberships": [
            {"individual": "prov", "organisation": "acme-it"},
            {"individual": "coworker", "organisation": "acme-sales"},
            {"individual": "ally", "organisation": "partner-co"},
            {"individual": "overseer", "organisation": "board"},
            {"individual": "sponsor", "organisation": "buyer-co"}
          ],
          "reporting": [{"individual": "sponsor", "manager": "boss"}],
          "funding": [{"payer": "buyer-co", "service": "svc", "payment": "cash", "approved_by": ["sponsor"]}],
          "usage": [{"user": "user", "service": "svc"}],
          "oversight": [{"overseer": "board", "organisation": "acme"}],
          "partnerships": [{"parties": ["partner-co", "acme"]}]
        }"#,
    )
}

#[test]
fn provider_consumer_customer_and_client_are_entitled() {
    let m = roles_model();
    let q = Query::new();
    for (who, role) in [
        ("prov", "provider"),
        ("acme-it", "provider"),
        ("user", "consumer"),
        ("sponsor", "customer"),
        ("buyer-co", "customer"),
        ("boss", "customer"),
        ("overseer", "client"),
        ("board", "client"),
    ] {
        let t = triage(&m, who, "svc", &q);
        assert!(t.entitled(), "{who}: {}", t.explanation());
        assert!(
            t.relation().roles().iter().any(|r| r.name() == role),
            "{who}: {:?}",
            t.relation()
        );
        assert!(
            t.explanation().contains(", entitled to service"),
            "{}",
            t.explanation()
        );
    }
}

#[test]
fn colleague_only_partner_only_and_strangers_are_not_entitled() {
    let m = roles_model();
    for (who, roles) in [
        ("coworker", vec![Role::Colleague]),
        ("ally", vec![Role::Partner]),
        ("partner-co", vec![Role::Partner]),
        ("stranger", vec![]),
    ] {
        let t = triage(&m, who, "svc", &Query::new());
        assert_eq!(t.relation().roles(), roles, "{who}");
        assert!(!t.entitled(), "{who}");
        assert!(
            t.explanation().contains("not entitled to service"),
            "{}",
            t.explanation()
        );
    }
    let t = triage(&m, "stranger", "svc", &Query::new());
    assert!(
        t.explanation()
            .starts_with("stranger has no relation to svc"),
        "{}",
        t.explanation()
    );
}

#[test]
fn entitlement_follows_the_customer_chain_cutoff() {
    let m = roles_model();
    // `boss` manages the sponsor: a customer at distance 1, within the default cutoff.
    assert!(triage(&m, "boss", "svc", &Query::new()).entitled());
    assert!(!triage(&m, "boss", "svc", &Query::new().max_chain(0)).entitled());
}

#[test]
fn the_relation_is_the_one_relation_gives() {
    let m = sample();
    for (party, service) in [
        ("mary", "acme-email"),
        ("head-of-education", "desktop-support"),
        ("developer-sam", "build-farm"),
        ("president", "expense-app"),
    ] {
        for q in [
            Query::new(),
            Query::new().max_chain(4),
            Query::new().max_chain(0).as_of(Date::constant(2028, 6, 1)),
        ] {
            let t = triage(&m, party, service, &q);
            // The roles `relation` finds, with the evidence `explain` gives.
            assert_eq!(t.relation(), &m.explain(party, service, &q).unwrap());
            assert_eq!(
                t.relation().roles(),
                m.relation(party, service, &q).unwrap().roles()
            );
        }
    }
}

// ---------------------------------------------------------------------
// The sample
// ---------------------------------------------------------------------

#[test]
fn sample_teacher_ann_pinned_explanation() {
    let t = triage(&sample(), "teacher-ann", "desktop-support", &on(2026, 3, 2));
    assert!(t.entitled());
    assert_eq!(
        chosen(&t),
        Some((
            "council-education",
            Payment::Chargeback,
            2,
            Some("riverside-school")
        ))
    );
    assert_eq!(t.sponsors(), ["head-of-education"]);
    assert_eq!(
        t.explanation(),
        "Ann Teacher is a consumer (distance 0) and a colleague of Desktop support / helpdesk \
         on 2026-03-02, entitled to service; Council education department pays for it by \
         chargeback (Ann Teacher is a member of Riverside School, 1 step below it); notify \
         Helen Marsh."
    );
}

#[test]
fn sample_mary_is_paid_for_by_the_department_she_is_in_on_the_day() {
    let m = sample();
    // 2012: the typing pool, which pays for nothing.
    assert_eq!(
        triage(&m, "mary", "acme-email", &on(2012, 6, 1)).payer(),
        None
    );
    // 2014: still in the typing pool; accounting pays but she is not in it yet.
    assert_eq!(
        triage(&m, "mary", "acme-email", &on(2014, 6, 1)).payer(),
        None
    );
    // 2028: VP of finance; finance pays by allocation, approved by the CFO.
    let t = triage(&m, "mary", "acme-email", &on(2028, 6, 1));
    assert_eq!(
        chosen(&t),
        Some(("acme-finance", Payment::Allocation, 1, Some("acme-finance")))
    );
    assert_eq!(t.sponsors(), ["acme-cfo"]);
    assert!(t.explanation().contains("Mary is a member of it"));
    assert!(t.explanation().contains("notify Acme CFO"));
    // With no date she is in all four departments: accounting and finance
    // both pay, one step away; accounting's link is listed first.
    let t = triage(&m, "mary", "acme-email", &Query::new());
    assert_eq!(
        chosen(&t),
        Some((
            "acme-accounting",
            Payment::Chargeback,
            1,
            Some("acme-accounting")
        ))
    );
    assert!(
        t.explanation()
            .contains("also near: Acme finance (1 step away)")
    );
}

#[test]
fn sample_nobody_near_pays_for_the_pupils_the_fan_or_the_goddard_cio() {
    let m = sample();
    for (who, service) in [
        ("pupil-cara", "desktop-support"),
        ("fan", "nfl-broadcast"),
        // Goddard's CIO is above goddard-apps, which pays: not near.
        ("goddard-cio", "expense-app"),
    ] {
        let t = triage(&m, who, service, &Query::new());
        assert!(t.entitled(), "{who}");
        assert_eq!(t.payer(), None, "{who}");
        assert!(
            t.explanation().contains("pays for it."),
            "{}",
            t.explanation()
        );
    }
}

#[test]
fn sample_planning_is_paid_for_only_from_april_2019() {
    let m = sample();
    assert_eq!(
        triage(&m, "planning-officer", "desktop-support", &on(2019, 3, 31)).payer(),
        None
    );
    let t = triage(&m, "planning-officer", "desktop-support", &on(2019, 4, 1));
    assert_eq!(
        chosen(&t),
        Some((
            "council-planning",
            Payment::Allocation,
            1,
            Some("council-planning")
        ))
    );
    assert!(t.sponsors().is_empty());
}

#[test]
fn unknown_ids_are_errors_with_a_suggestion() {
    let m = sample();
    let err = m.triage("dnaa", "expense-app", &Query::new()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownId);
    assert_eq!(err.suggestion(), Some("dana"));
    let err = m.triage("dana", "expense-ap", &Query::new()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownId);
    assert_eq!(err.suggestion(), Some("expense-app"));
    // A service is no requester, a party no service.
    assert_eq!(
        m.triage("sso", "expense-app", &Query::new())
            .unwrap_err()
            .kind(),
        ErrorKind::UnknownId
    );
    assert_eq!(
        m.triage("dana", "nasa", &Query::new()).unwrap_err().kind(),
        ErrorKind::UnknownId
    );
}
