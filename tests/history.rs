//! A relationship's history (`Model::relation_history`, `svcrel
//! history`): Mary's story in the sample, the history checked against
//! `relation` asked on every day of small random models, merging,
//! clipping, the command line's text and JSON, and its cost.
//!
//! `PROPTEST_CASES` sets the number of random cases (256 by default).

mod util;

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};
use svcrel::{Date, Document, HistoryOptions, MaxChain, Model, Query, Role};
use util::random::{build, day, raw};

fn sample() -> Model {
    Model::from_json_str(util::SAMPLE).expect("the sample loads")
}

fn d(y: i16, m: i8, day: i8) -> Date {
    Date::constant(y, m, day)
}

/// The periods as (from, until, roles), for comparing.
type Row = (Option<Date>, Option<Date>, Vec<Role>);

fn rows(history: &svcrel::History) -> Vec<Row> {
    history
        .periods
        .iter()
        .map(|p| (p.from, p.until, p.roles.clone()))
        .collect()
}

/// Mary's story: no role before she joins Acme, a colleague of Acme IT
/// in the mailroom, a user of the e-mail from the typing pool on (her
/// move to accounting in 2015 changes nothing, so no period starts then),
/// and from 2027, in finance, a client and a partner of Acme IT too.
#[test]
fn marys_history_with_acme_email() {
    let model = sample();
    let history = model
        .relation_history("mary", "acme-email", &HistoryOptions::new())
        .expect("known ids");
    let consumer = Role::Consumer { distance: 0 };
    assert_eq!(
        rows(&history),
        [
            (None, Some(d(2005, 1, 1)), vec![]),
            (
                Some(d(2005, 1, 1)),
                Some(d(2010, 1, 1)),
                vec![Role::Colleague]
            ),
            (
                Some(d(2010, 1, 1)),
                Some(d(2027, 1, 1)),
                vec![consumer, Role::Colleague]
            ),
            (
                Some(d(2027, 1, 1)),
                None,
                vec![consumer, Role::Client, Role::Colleague, Role::Partner]
            ),
        ]
    );
    assert_eq!((history.from, history.until), (None, None));
    assert_eq!(history.party_name.as_deref(), Some("Mary"));
    // The move on 2015-06-01 is a candidate date: asked, and merged away.
    assert!(history.dates_asked() > history.periods.len());
    assert_eq!(
        history.roles_on(d(2015, 6, 1)),
        history.roles_on(d(2015, 5, 31))
    );
}

/// Every period answers as `relation` does on each of its days: checked
/// on the sample for Mary over the years around her story.
#[test]
fn marys_history_agrees_with_relation_month_by_month() {
    let model = sample();
    for service in ["acme-email", "expense-app", "desktop-support"] {
        let history = model
            .relation_history("mary", service, &HistoryOptions::new())
            .expect("known ids");
        for year in 2000..2031 {
            for month in 1..=12 {
                let on = d(year, month, 1);
                let asked = model
                    .relation("mary", service, &Query::new().as_of(on))
                    .expect("known ids");
                assert_eq!(
                    history.roles_on(on),
                    Some(asked.roles()),
                    "{service} on {on}"
                );
            }
        }
    }
}

/// Two usage links one after the other, and a membership change that
/// changes no role: one period each, merged.
#[test]
fn equal_neighbours_merge() {
    let json = r#"{"version": 1,
        "organisations": [{"id": "co"}, {"id": "a", "parent": "co"}, {"id": "b", "parent": "co"}],
        "individuals": [{"id": "ann"}],
        "services": [{"id": "mail", "provider": "co"}],
        "memberships": [
            {"individual": "ann", "organisation": "a", "from": "2020-01-01", "until": "2021-01-01"},
            {"individual": "ann", "organisation": "b", "from": "2021-01-01"}],
        "usage": [
            {"user": "ann", "service": "mail", "from": "2020-03-01", "until": "2020-06-01"},
            {"user": "ann", "service": "mail", "from": "2020-06-01", "until": "2022-01-01"}]}"#;
    let model = Model::from_json_str(json).expect("valid");
    let history = model
        .relation_history("ann", "mail", &HistoryOptions::new())
        .expect("known ids");
    let consumer = Role::Consumer { distance: 0 };
    assert_eq!(
        rows(&history),
        [
            (None, Some(d(2020, 1, 1)), vec![]),
            (
                Some(d(2020, 1, 1)),
                Some(d(2020, 3, 1)),
                vec![Role::Provider]
            ),
            (
                Some(d(2020, 3, 1)),
                Some(d(2022, 1, 1)),
                vec![Role::Provider, consumer]
            ),
            (Some(d(2022, 1, 1)), None, vec![Role::Provider]),
        ]
    );
    // 2020-06-01 and 2021-01-01 were asked about, and changed nothing.
    assert_eq!(history.dates_asked(), 6);
}

/// A dated reporting line above an approver makes the manager a
/// customer (one step up the chain) while it holds, and only then.
#[test]
fn a_reporting_line_above_an_approver_is_a_customer_while_it_holds() {
    let json = r#"{"version": 1,
        "organisations": [{"id": "co"}],
        "individuals": [{"id": "ann"}, {"id": "bob"}],
        "services": [{"id": "mail", "provider": "co"}],
        "funding": [{"payer": "co", "service": "mail", "payment": "allocation", "approved_by": ["ann"]}],
        "reporting": [{"individual": "ann", "manager": "bob", "from": "2020-01-01", "until": "2021-01-01"}]}"#;
    let model = Model::from_json_str(json).expect("valid");
    let history = model
        .relation_history("bob", "mail", &HistoryOptions::new())
        .expect("known ids");
    let customer = Role::Customer {
        distance: 1,
        scope: svcrel::Scope::Internal,
    };
    assert_eq!(
        rows(&history),
        [
            (None, Some(d(2020, 1, 1)), vec![]),
            (Some(d(2020, 1, 1)), Some(d(2021, 1, 1)), vec![customer]),
            (Some(d(2021, 1, 1)), None, vec![]),
        ]
    );
}

/// `between` clips the history: the first period starts on `from`, the
/// last ends on `until`, and the roles inside are unchanged.
#[test]
fn between_clips_the_history() {
    let model = sample();
    let all = model
        .relation_history("mary", "acme-email", &HistoryOptions::new())
        .expect("known ids");
    let options = HistoryOptions::new().between(d(2008, 1, 1), d(2028, 1, 1));
    let clipped = model
        .relation_history("mary", "acme-email", &options)
        .expect("known ids");
    let consumer = Role::Consumer { distance: 0 };
    assert_eq!(
        rows(&clipped),
        [
            (
                Some(d(2008, 1, 1)),
                Some(d(2010, 1, 1)),
                vec![Role::Colleague]
            ),
            (
                Some(d(2010, 1, 1)),
                Some(d(2027, 1, 1)),
                vec![consumer, Role::Colleague]
            ),
            (
                Some(d(2027, 1, 1)),
                Some(d(2028, 1, 1)),
                vec![consumer, Role::Client, Role::Colleague, Role::Partner]
            ),
        ]
    );
    assert_eq!(
        (clipped.from, clipped.until),
        (Some(d(2008, 1, 1)), Some(d(2028, 1, 1)))
    );
    assert_eq!(clipped.roles_on(d(2007, 12, 31)), None);
    assert_eq!(clipped.roles_on(d(2028, 1, 1)), None);
    for on in [d(2008, 1, 1), d(2012, 1, 1), d(2027, 12, 31)] {
        assert_eq!(clipped.roles_on(on), all.roles_on(on));
    }
    // Inside one period: one period, the range itself.
    let inside = model
        .relation_history(
            "mary",
            "acme-email",
            &HistoryOptions::new().between(d(2011, 1, 1), None),
        )
        .expect("known ids");
    assert_eq!(inside.periods[0].from, Some(d(2011, 1, 1)));
    assert_eq!(inside.periods.last().map(|p| p.until), Some(None));
    // An empty range is refused; so are unknown ids.
    let empty = HistoryOptions::new().between(d(2020, 1, 1), d(2020, 1, 1));
    assert_eq!(
        model
            .relation_history("mary", "acme-email", &empty)
            .unwrap_err()
            .kind(),
        svcrel::ErrorKind::InvalidQuestion
    );
    for (p, s) in [
        ("ghost", "acme-email"),
        ("mary", "ghost"),
        ("acme-email", "acme-email"),
    ] {
        assert_eq!(
            model
                .relation_history(p, s, &HistoryOptions::new())
                .unwrap_err()
                .kind(),
            svcrel::ErrorKind::UnknownId
        );
    }
}

/// The cutoffs reach `relation`: with a longer customer chain, Dana's
/// boss's boss is a customer of the expense app.
#[test]
fn the_cutoff_applies() {
    let model = sample();
    let short = model
        .relation_history("nasa-cio", "expense-app", &HistoryOptions::new())
        .expect("known ids");
    let long = model
        .relation_history(
            "nasa-cio",
            "expense-app",
            &HistoryOptions::new().max_chain(2),
        )
        .expect("known ids");
    let customer = |h: &svcrel::History| {
        h.periods
            .iter()
            .any(|p| p.roles.iter().any(|r| r.name() == "customer"))
    };
    assert!(!customer(&short));
    assert!(customer(&long));
    assert_eq!(long.max_chain.customer, Some(MaxChain::Steps(2)));
    let json = serde_json::to_value(&long).expect("serialises");
    assert!(json["periods"].as_array().expect("a list").iter().any(|p| {
        p["roles"]
            .as_array()
            .expect("a list")
            .contains(&json!({"role": "customer", "distance": 2, "scope": "external"}))
    }));
}

// ---------------------------------------------------------------------
// The history against relation, day by day, on random models
// ---------------------------------------------------------------------

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

/// Every day from the one before the first date links are dated with
/// (the first days of 2020) to the one after the last.
fn days() -> impl Iterator<Item = Date> {
    (0..=8).map(|i| {
        day(1)
            .yesterday()
            .expect("a day")
            .saturating_add(jiff::Span::new().days(i))
    })
}

fn cutoff() -> impl Strategy<Value = Option<u32>> {
    prop_oneof![4 => (0u32..4).prop_map(Some), 1 => Just(None)]
}

/// A random document, a party and a service of it, and a cutoff.
fn case() -> impl Strategy<Value = (Document, String, String, Option<u32>)> {
    (raw(), any::<Index>(), any::<Index>(), cutoff()).prop_map(|(raw, p, s, k)| {
        let doc = build(&raw);
        let parties: Vec<String> = doc
            .organisations
            .iter()
            .map(|o| o.id.to_string())
            .chain(doc.individuals.iter().map(|i| i.id.to_string()))
            .collect();
        let party = parties[p.index(parties.len())].clone();
        let service = doc.services[s.index(doc.services.len())].id.to_string();
        (doc, party, service, k)
    })
}

proptest! {
    #![proptest_config(config())]

    /// The history says on every day what `relation` says on it; its
    /// periods follow one another without gaps, cover all time, and no
    /// two neighbours have the same roles. A clipped history agrees with
    /// the whole one inside its range.
    #[test]
    fn history_equals_relation_on_every_day((doc, party, service, k) in case()) {
        let model = Model::from_document(&doc).expect("valid");
        let mut options = HistoryOptions::new();
        let mut query = Query::new();
        if let Some(k) = k {
            options = options.max_chain(k);
            query = query.max_chain(k);
        }
        let history = model.relation_history(&party, &service, &options).expect("known ids");
        for on in days() {
            let asked = model.relation(&party, &service, &query.as_of(on)).expect("known ids");
            prop_assert_eq!(history.roles_on(on), Some(asked.roles()), "on {}", on);
        }
        let periods = &history.periods;
        prop_assert_eq!(periods.first().map(|p| p.from), Some(None));
        prop_assert_eq!(periods.last().map(|p| p.until), Some(None));
        for pair in periods.windows(2) {
            prop_assert_eq!(pair[0].until, pair[1].from);
            prop_assert!(pair[0].until.is_some());
            prop_assert_ne!(&pair[0].roles, &pair[1].roles);
        }
        // Clipped to the middle days: the same roles inside.
        let clipped = model
            .relation_history(&party, &service, &options.between(day(2), day(5)))
            .expect("known ids");
        prop_assert_eq!(clipped.periods.first().map(|p| p.from), Some(Some(day(2))));
        prop_assert_eq!(clipped.periods.last().map(|p| p.until), Some(Some(day(5))));
        for on in days() {
            let expected = if (day(2)..day(5)).contains(&on) { history.roles_on(on) } else { None };
            prop_assert_eq!(clipped.roles_on(on), expected, "on {}", on);
        }
    }
}

// ---------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------

#[cfg(feature = "cli")]
mod cli {
    use super::*;
    use util::cli::{answered, assert_usage_error_naming, on_sample, stdout};

    #[test]
    fn the_text_has_one_period_a_line() {
        let out = answered(&on_sample(&["history", "mary", "acme-email"]));
        assert_eq!(
            out,
            "\
What Mary (mary) is to Acme e-mail (acme-email), over all time, customers within
1 step, consumers with no chain limit:

           .. 2005-01-01  no role
2005-01-01 .. 2010-01-01  colleague
2010-01-01 .. 2027-01-01  consumer (distance 0), colleague
2027-01-01 ..             consumer (distance 0), client, colleague, partner
"
        );
    }

    #[test]
    fn json_is_one_object() {
        let output = on_sample(&[
            "history",
            "mary",
            "acme-email",
            "--from",
            "2010-01-01",
            "--until",
            "2028-01-01",
            "--json",
        ]);
        let text = answered(&output);
        assert_eq!(text.lines().count(), 1);
        let value: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(
            value,
            json!({
                "party": "mary", "party_name": "Mary",
                "service": "acme-email", "service_name": "Acme e-mail",
                "from": "2010-01-01", "until": "2028-01-01",
                "max_chain": {"customer": 1, "consumer": null},
                "periods": [
                    {"from": "2010-01-01", "until": "2027-01-01",
                     "roles": [{"role": "consumer", "distance": 0}, {"role": "colleague"}]},
                    {"from": "2027-01-01", "until": "2028-01-01",
                     "roles": [{"role": "consumer", "distance": 0}, {"role": "client"},
                               {"role": "colleague"}, {"role": "partner"}]}
                ],
                "version": 0
            })
        );
    }

    #[test]
    fn a_party_by_email_and_usage_errors() {
        let model = sample();
        let email = model
            .entity("mary")
            .and_then(|e| e.emails().first().map(ToString::to_string));
        if let Some(email) = email {
            let by_id = stdout(&on_sample(&["history", "mary", "acme-email", "--json"]));
            let by_email = stdout(&on_sample(&["history", &email, "acme-email", "--json"]));
            assert_eq!(by_id, by_email);
        }
        assert_usage_error_naming(&on_sample(&["history", "ghost", "acme-email"]), &["ghost"]);
        assert_usage_error_naming(
            &on_sample(&["history", "mary", "acme-email", "--from", "2020-13-01"]),
            &["--from"],
        );
        assert_usage_error_naming(
            &on_sample(&[
                "history",
                "mary",
                "acme-email",
                "--from",
                "2020-01-01",
                "--until",
                "2019-01-01",
            ]),
            &["2020-01-01", "2019-01-01"],
        );
    }
}

// ---------------------------------------------------------------------
// Cost
// ---------------------------------------------------------------------

/// A history asks `relation` on a few dates, however large the model:
/// the candidate dates come from the links near the pair, not from the
/// whole model. Counted at two sizes, ten times apart.
#[cfg(feature = "synth")]
#[test]
fn the_dates_asked_do_not_grow_with_the_model() {
    let most = |people: usize| {
        let model = Model::from_document(&svcrel::Synthetic::new(people).seed(3).document())
            .expect("valid");
        let mut most = 0;
        for party in ["o0", "o1", "p0", "p1", "p7", "p100", "p999"] {
            for service in ["s0", "s1", "s5", "s10", "s19"] {
                let history = model
                    .relation_history(party, service, &HistoryOptions::new())
                    .expect("known ids");
                most = most.max(history.dates_asked());
            }
        }
        most
    };
    let (small, large) = (most(2_000), most(20_000));
    println!("most dates asked: {small} at 2,000 people, {large} at 20,000");
    assert!(large <= 200, "{large} dates asked at 20,000 people");
}
