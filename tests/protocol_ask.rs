//! `Model::ask` against the typed queries it answers through
//! (`customers_of`, `consumers_of`, `relation`, `triage`, `impact`): on
//! the sample and on random documents (`tests/util/random.rs`), every
//! question about every service and party must agree row by row.

mod util;

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::json;
use svcrel::{Answer, AsOf, Date, EntityKind, Model, Query, Question};
use util::SAMPLE_PATH;

fn sample() -> Model {
    Model::from_json_file(SAMPLE_PATH).unwrap()
}

fn name(model: &Model, id: &str) -> Option<String> {
    model.entity(id).and_then(|e| e.name()).map(str::to_owned)
}

/// Every question about every service (and every party with it) asked
/// both ways, with the given date and cutoff; the answers must agree.
fn ask_agrees_with_the_typed_queries(
    model: &Model,
    date: Option<Date>,
    k: Option<u32>,
) -> Result<(), TestCaseError> {
    let as_of = date.map_or(AsOf::Any, AsOf::On);
    let query = match k {
        Some(k) => Query::new().max_chain(k),
        None => Query::new(),
    }
    .as_of(date);
    let entities: Vec<(String, EntityKind)> = model
        .entities()
        .map(|e| (e.id().to_owned(), e.kind()))
        .collect();
    let services = entities
        .iter()
        .filter(|(_, kind)| *kind == EntityKind::Service);
    let parties: Vec<&String> = entities
        .iter()
        .filter(|(_, kind)| kind.is_party())
        .map(|(id, _)| id)
        .collect();
    let with_k = |q: Question| -> Question {
        // Sets the cutoff through JSON, as a program would.
        let mut v = serde_json::to_value(&q).unwrap();
        if let Some(k) = k {
            v["max_chain"] = json!(k);
        }
        serde_json::from_value(v).unwrap()
    };
    for (service, _) in services {
        let typed = model.customers_of(service, &query)?;
        let Answer::Customers(a) =
            model.ask(&with_k(Question::customers(service).as_of(as_of).into()))?
        else {
            panic!("a customers answer")
        };
        prop_assert_eq!(a.total, typed.len());
        prop_assert_eq!(a.customers.len(), typed.len());
        prop_assert_eq!(a.max_chain.customer, Some(query.customer_max_chain()));
        prop_assert_eq!(a.as_of, date);
        for (row, c) in a.customers.iter().zip(typed.iter()) {
            prop_assert_eq!(row.party.as_str(), c.party().id());
            prop_assert_eq!(&row.name, &c.party().name().map(str::to_owned));
            prop_assert_eq!(
                (row.kind, row.distance, row.scope),
                (c.party().kind(), c.distance(), c.scope())
            );
            prop_assert_eq!(
                (row.via.id.as_str(), row.via.link),
                (c.via().from().id(), c.via().link())
            );
            let path: Vec<&str> = c.path().ids().collect();
            prop_assert_eq!(row.path.as_ref().unwrap(), &path);
        }

        let typed = model.consumers_of(service, &query)?;
        let Answer::Consumers(a) =
            model.ask(&with_k(Question::consumers(service).as_of(as_of).into()))?
        else {
            panic!("a consumers answer")
        };
        prop_assert_eq!(
            (a.total, a.services_total),
            (typed.len(), typed.services().len())
        );
        prop_assert_eq!(a.max_chain.consumer, Some(query.consumer_max_chain()));
        let rows = a.consumers.unwrap();
        prop_assert_eq!(rows.len(), typed.len());
        for (row, c) in rows.iter().zip(typed.iter()) {
            prop_assert_eq!(
                (row.party.as_str(), row.distance),
                (c.party().id(), c.distance())
            );
            prop_assert_eq!(
                (row.via.id.as_str(), row.via.link),
                (c.via().from().id(), c.via().link())
            );
            let path: Vec<&str> = c.path().ids().collect();
            prop_assert_eq!(row.path.as_ref().unwrap(), &path);
        }
        let rows = a.services.unwrap();
        prop_assert_eq!(rows.len(), typed.services().len());
        for (row, s) in rows.iter().zip(typed.services()) {
            prop_assert_eq!(
                (row.service.as_str(), row.distance),
                (s.service().id(), s.distance())
            );
            prop_assert_eq!(
                row.via.as_ref().map(|v| v.id.as_str()),
                Some(s.via().from().id())
            );
        }

        let typed = model.impact(service, &query)?;
        let Answer::Impact(a) =
            model.ask(&with_k(Question::impact(service).as_of(as_of).into()))?
        else {
            panic!("an impact answer")
        };
        let services: Vec<(String, u32)> = a
            .services
            .unwrap()
            .into_iter()
            .map(|s| (s.service, s.distance))
            .collect();
        let expected: Vec<(String, u32)> = typed
            .services()
            .iter()
            .map(|(s, d)| (s.to_string(), *d))
            .collect();
        prop_assert_eq!(services, expected);
        let counts = |m: &std::collections::BTreeMap<svcrel::PartyId, usize>| {
            m.iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect::<std::collections::BTreeMap<_, _>>()
        };
        prop_assert_eq!(&a.consumers_by_top, &counts(typed.consumers_by_top()));
        prop_assert_eq!(&a.consumers_by_payer, &counts(typed.consumers_by_payer()));
        prop_assert_eq!(a.consumers_without_payer, typed.consumers_without_payer());
        let notify: Vec<String> = typed.notify().iter().map(|p| p.to_string()).collect();
        prop_assert_eq!(a.notify.unwrap(), notify);

        for &party in &parties {
            let typed = model.relation(party, service, &query)?;
            let Answer::Relation(a) = model.ask(&with_k(
                Question::relation(party, service).as_of(as_of).into(),
            ))?
            else {
                panic!("a relation answer")
            };
            prop_assert_eq!(&a.roles, typed.roles());
            prop_assert_eq!(&a.party_name, &name(model, party));

            let typed = model.triage(party, service, &query)?;
            let Answer::Triage(a) = model.ask(&with_k(
                Question::triage(party, service).as_of(as_of).into(),
            ))?
            else {
                panic!("a triage answer")
            };
            prop_assert_eq!(&a.roles, typed.relation().roles());
            prop_assert_eq!(a.entitled, typed.entitled());
            prop_assert_eq!(&a.explanation, typed.explanation());
            let payer = typed.payer();
            prop_assert_eq!(a.payer.as_deref(), payer.map(|p| p.payer().as_str()));
            prop_assert_eq!(a.payment, payer.map(|p| p.payment()));
            prop_assert_eq!(a.steps, payer.map(|p| p.steps()));
            prop_assert_eq!(
                a.via.as_deref(),
                payer.and_then(|p| p.via()).map(|v| v.as_str())
            );
            let sponsors: Vec<&str> = typed.sponsors().iter().map(|s| s.as_str()).collect();
            prop_assert_eq!(&a.sponsors, &sponsors);
            prop_assert_eq!(a.sponsor_names.len(), sponsors.len());
        }
    }
    Ok(())
}

#[test]
fn ask_agrees_with_the_typed_queries_on_the_sample() {
    let model = sample();
    for date in [
        None,
        Some(Date::constant(2015, 6, 1)),
        Some(Date::constant(2028, 6, 1)),
    ] {
        for k in [None, Some(0), Some(2)] {
            ask_agrees_with_the_typed_queries(&model, date, k).unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn ask_agrees_with_the_typed_queries_on_random_documents(
        doc in util::random::document(),
        day in prop::option::of(1i8..=7),
        k in prop::option::of(0u32..4),
    ) {
        let model = Model::from_document(&doc).unwrap();
        ask_agrees_with_the_typed_queries(&model, day.map(util::random::day), k)?;
    }
}

#[test]
fn diff_between_two_dates_shows_mary_becoming_a_client() {
    let model = sample();
    let (d1, d2) = (Date::constant(2020, 1, 1), Date::constant(2028, 6, 1));
    let answer = model.ask(&Question::diff(d1, d2).into()).unwrap();
    let Answer::Diff(answer) = answer else {
        panic!("a diff answers a diff question")
    };
    let relationships = answer.diff.relationships.as_ref().unwrap();
    let email = relationships.service("acme-email").unwrap();
    assert!(
        email
            .became
            .iter()
            .any(|c| c.party == "mary" && c.role == svcrel::Role::Client),
        "{email:?}"
    );
    // As the library says it, cutoffs of the command line included.
    let typed = svcrel::Diff::between_dates(&model, d1, d2).with_relationships(
        &model,
        &model,
        &svcrel::ChangeOptions::new(),
    );
    assert_eq!(answer.diff, typed);
    let value = serde_json::to_value(&answer).unwrap();
    assert_eq!(value["max_chain"], json!({"customer": 1, "consumer": null}));
    assert_eq!(value["counts"]["links_added"], typed.links.added.len());
    assert_eq!(value["counts"]["links_removed"], typed.links.removed.len());

    // The old date after the new one is refused with a clear message.
    let err = model.ask(&Question::diff(d2, d1).into()).unwrap_err();
    assert_eq!(err.kind(), svcrel::ErrorKind::InvalidQuestion);
    assert_eq!(
        err.to_string(),
        "the diff's old date 2028-06-01 is after its new date 2020-01-01: give the earlier date as old"
    );
    // The same day twice changes nothing.
    let Answer::Diff(same) = model.ask(&Question::diff(d1, d1).into()).unwrap() else {
        panic!("a diff")
    };
    assert!(same.diff.is_empty());
    assert!(same.diff.relationships.unwrap().is_empty());
}
