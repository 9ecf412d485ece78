//! Relationship changes between two states of a model
//! (`RelationshipChanges::between`), checked against `relation` and
//! `triage` asked party by party, on small random documents, and on the
//! sample's Mary across the years.
//!
//! `PROPTEST_CASES` sets the number of cases (256 by default).

mod util;

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use svcrel::{
    ChangeOptions, Date, Document, EntityKind, Model, PayerChange, Query, RelationshipChanges,
    Role, RoleChange, Scope, ScopeChange, ServicePresence,
};
use util::random::{day, document, mutate, mutation};

/// The as-of days (or none) a state is read on.
fn as_of() -> impl Strategy<Value = Option<Date>> {
    prop_oneof![1 => Just(None), 4 => (1i8..=7).prop_map(|d| Some(day(d)))]
}

fn cutoff() -> impl Strategy<Value = Option<u32>> {
    prop_oneof![4 => (0u32..3).prop_map(Some), 1 => Just(None)]
}

fn options(
    old: Option<Date>,
    new: Option<Date>,
    customer: Option<u32>,
    consumer: Option<u32>,
) -> ChangeOptions {
    let mut o = ChangeOptions::new().old_date(old).new_date(new);
    if let Some(k) = customer {
        o = o.customer_chain(k);
    }
    if let Some(k) = consumer {
        o = o.consumer_chain(k);
    }
    o
}

/// What the changes compare of one party and one service in one state,
/// asked of `relation` and `triage`.
#[derive(Debug, Default, PartialEq)]
struct Held {
    customer: Option<(u32, Scope)>,
    consumer: Option<u32>,
    sponsor: bool,
    client: bool,
    /// The payer `triage` chooses, for an individual consumer.
    payer: Option<String>,
    individual: bool,
}

fn held(model: &Model, party: &str, service: &str, q: &Query) -> Held {
    let (Some(p), Some(s)) = (model.entity(party), model.entity(service)) else {
        return Held::default();
    };
    if s.kind() != EntityKind::Service {
        return Held::default();
    }
    let rel = model
        .relation(party, service, q)
        .expect("both ids are known");
    let triage = model.triage(party, service, q).expect("both ids are known");
    Held {
        customer: rel.customer(),
        consumer: rel.consumer(),
        sponsor: rel.is_sponsor(),
        client: rel.is_client(),
        payer: triage.payer().map(|p| p.payer().to_string()),
        individual: p.kind() == EntityKind::Individual,
    }
}

fn ids(doc: &Document) -> (BTreeSet<String>, BTreeSet<String>) {
    let parties = doc
        .organisations
        .iter()
        .map(|o| o.id.to_string())
        .chain(doc.individuals.iter().map(|i| i.id.to_string()))
        .collect();
    let services = doc.services.iter().map(|s| s.id.to_string()).collect();
    (parties, services)
}

/// One service's changes as plain values: the service, who became and
/// who stopped (party, role), whose scope flipped, whose payer changed.
type Flat = (
    String,
    Vec<(String, Role)>,
    Vec<(String, Role)>,
    Vec<(String, Scope, Scope)>,
    Vec<(String, Option<String>, Option<String>)>,
);

fn flatten(changes: &RelationshipChanges) -> Vec<Flat> {
    let roles = |list: &[RoleChange]| list.iter().map(|c| (c.party.clone(), c.role)).collect();
    changes
        .services
        .iter()
        .map(|s| {
            (
                s.service.clone(),
                roles(&s.became),
                roles(&s.stopped),
                s.scope_changed
                    .iter()
                    .map(|c: &ScopeChange| (c.party.clone(), c.old, c.new))
                    .collect(),
                s.payer_changed
                    .iter()
                    .map(|c: &PayerChange| (c.party.clone(), c.old.clone(), c.new.clone()))
                    .collect(),
            )
        })
        .collect()
}

/// The changes found by brute force: every party and every service of
/// either document, asked of `relation` and `triage` in each state.
fn reference(
    old_doc: &Document,
    new_doc: &Document,
    old: &Model,
    new: &Model,
    options: &ChangeOptions,
) -> Vec<Flat> {
    let (old_parties, old_services) = ids(old_doc);
    let (new_parties, new_services) = ids(new_doc);
    let parties: BTreeSet<&String> = old_parties.iter().chain(&new_parties).collect();
    let services: BTreeSet<&String> = old_services.iter().chain(&new_services).collect();
    let mut out = Vec::new();
    for service in services {
        let (mut became, mut stopped) = (Vec::new(), Vec::new());
        let (mut scope_changed, mut payer_changed) = (Vec::new(), Vec::new());
        for &party in &parties {
            let a = held(old, party, service, &options.old_query());
            let b = held(new, party, service, &options.new_query());
            let p = party.clone();
            match (a.customer, b.customer) {
                (Some((distance, scope)), None) => {
                    stopped.push((p.clone(), Role::Customer { distance, scope }))
                }
                (None, Some((distance, scope))) => {
                    became.push((p.clone(), Role::Customer { distance, scope }))
                }
                (Some((_, x)), Some((_, y))) if x != y => scope_changed.push((p.clone(), x, y)),
                _ => {}
            }
            match (a.consumer, b.consumer) {
                (Some(distance), None) => stopped.push((p.clone(), Role::Consumer { distance })),
                (None, Some(distance)) => became.push((p.clone(), Role::Consumer { distance })),
                (Some(_), Some(_)) if a.individual && b.individual && a.payer != b.payer => {
                    payer_changed.push((p.clone(), a.payer.clone(), b.payer.clone()))
                }
                _ => {}
            }
            for (x, y, role) in [
                (a.sponsor, b.sponsor, Role::Sponsor),
                (a.client, b.client, Role::Client),
            ] {
                if x && !y {
                    stopped.push((p.clone(), role));
                } else if y && !x {
                    became.push((p.clone(), role));
                }
            }
        }
        became.sort();
        stopped.sort();
        if became.len() + stopped.len() + scope_changed.len() + payer_changed.len() > 0 {
            out.push((
                service.clone(),
                became,
                stopped,
                scope_changed,
                payer_changed,
            ));
        }
    }
    out
}

/// What every answer must hold whatever the states: counts that match
/// the lists, services ordered by id, presence as the models have it.
fn consistent(
    changes: &RelationshipChanges,
    old: &Model,
    new: &Model,
) -> Result<(), TestCaseError> {
    let ids: Vec<&str> = changes
        .services
        .iter()
        .map(|s| s.service.as_str())
        .collect();
    prop_assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "services by id: {ids:?}"
    );
    prop_assert_eq!(changes.services_changed, changes.services.len());
    let mut total = 0;
    for s in &changes.services {
        prop_assert_eq!(s.counts.became, s.became.len());
        prop_assert_eq!(s.counts.stopped, s.stopped.len());
        prop_assert_eq!(s.counts.scope_changed, s.scope_changed.len());
        prop_assert_eq!(s.counts.payer_changed, s.payer_changed.len());
        prop_assert!(s.counts.total() > 0);
        total += s.counts.total();
        let presence = match (
            old.entity(&s.service).is_some(),
            new.entity(&s.service).is_some(),
        ) {
            (true, true) => ServicePresence::Both,
            (true, false) => ServicePresence::OnlyOld,
            _ => ServicePresence::OnlyNew,
        };
        prop_assert_eq!(s.presence, presence);
    }
    prop_assert_eq!(changes.totals.total(), total);
    // The words give the counts first.
    if !changes.is_empty() {
        let words = changes.words(2);
        let head = format!("{} service", changes.services_changed);
        prop_assert!(words.starts_with(&head), "{}", words);
    }
    Ok(())
}

proptest! {
    /// A model compared with itself on one date: nothing changed; and a
    /// model built again from the same document is the same state.
    #[test]
    fn a_model_compared_with_itself_has_no_changes(
        doc in document(),
        date in as_of(),
        customer in cutoff(),
        consumer in cutoff(),
    ) {
        let model = Model::from_document(&doc).unwrap();
        let again = Model::from_document(&doc).unwrap();
        let options = options(date, date, customer, consumer);
        let changes = RelationshipChanges::between(&model, &model, &options);
        prop_assert!(changes.is_empty(), "{changes}");
        prop_assert_eq!(&changes, &RelationshipChanges::between(&model, &again, &options));
        prop_assert_eq!(changes.to_string(), "no relationship changed");
    }

    /// Two random states (a document and its mutation, each on its own
    /// date): the changes reported are exactly those `relation` and
    /// `triage` show party by party.
    #[test]
    fn changes_agree_with_relation_and_triage(
        doc in document(),
        edits in prop::collection::vec(mutation(), 0..=4),
        old_date in as_of(),
        new_date in as_of(),
        customer in cutoff(),
        consumer in cutoff(),
    ) {
        let new_doc = mutate(&doc, &edits);
        let old = Model::from_document(&doc).unwrap();
        let new = Model::from_document(&new_doc).unwrap();
        let options = options(old_date, new_date, customer, consumer);
        let changes = RelationshipChanges::between(&old, &new, &options);
        consistent(&changes, &old, &new)?;
        prop_assert_eq!(flatten(&changes), reference(&doc, &new_doc, &old, &new, &options));
        // The JSON reads back as the same answer.
        let json = serde_json::to_string(&changes).unwrap();
        let back: RelationshipChanges = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, changes);
    }
}

/// Mary's own changes, one line each.
fn of_mary(changes: &RelationshipChanges) -> Vec<String> {
    let mut mary: Vec<String> = Vec::new();
    for s in &changes.services {
        let service = &s.service;
        for c in s.became.iter().filter(|c| c.party == "mary") {
            mary.push(format!("{service}: became {}", c.role));
        }
        for c in s.stopped.iter().filter(|c| c.party == "mary") {
            mary.push(format!("{service}: stopped {}", c.role));
        }
        for c in s.scope_changed.iter().filter(|c| c.party == "mary") {
            mary.push(format!("{service}: scope {} → {}", c.old, c.new));
        }
        for c in s.payer_changed.iter().filter(|c| c.party == "mary") {
            mary.push(format!("{service}: payer {:?} → {:?}", c.old, c.new));
        }
    }
    mary
}

#[test]
fn mary_from_2020_to_2028() {
    // 2020: Mary is an accountant; 2028: VP of Finance, who oversees IT.
    let model = Model::from_json_str(util::SAMPLE).unwrap();
    let (then, now) = (Date::constant(2020, 1, 1), Date::constant(2028, 6, 1));
    let options = ChangeOptions::new().old_date(then).new_date(now);
    let changes = RelationshipChanges::between(&model, &model, &options);
    assert_eq!(
        of_mary(&changes),
        [
            "acme-email: became client",
            r#"acme-email: payer None → Some("acme-finance")"#,
        ]
    );
    // And back again: the same changes the other way round.
    let options = ChangeOptions::new().old_date(now).new_date(then);
    let back = RelationshipChanges::between(&model, &model, &options);
    assert_eq!(
        of_mary(&back),
        [
            "acme-email: stopped client",
            r#"acme-email: payer Some("acme-finance") → None"#,
        ]
    );
    assert_eq!(back.totals.became, changes.totals.stopped);
    assert_eq!(back.totals.stopped, changes.totals.became);
}

#[test]
fn mary_from_the_mail_room_to_finance() {
    // 2008: Mary is in the mail room; 2028: VP of Finance.
    let model = Model::from_json_str(util::SAMPLE).unwrap();
    let options = ChangeOptions::new()
        .old_date(Date::constant(2008, 6, 1))
        .new_date(Date::constant(2028, 6, 1));
    let changes = RelationshipChanges::between(&model, &model, &options);
    for s in &changes.services {
        for c in s.became.iter().filter(|c| c.party == "mary") {
            let rel = model
                .relation("mary", &s.service, &options.new_query())
                .unwrap();
            assert!(rel.roles().contains(&c.role), "{}: {:?}", s.service, c.role);
        }
        for c in s.stopped.iter().filter(|c| c.party == "mary") {
            let rel = model
                .relation("mary", &s.service, &options.old_query())
                .unwrap();
            assert!(rel.roles().contains(&c.role), "{}: {:?}", s.service, c.role);
        }
    }
    assert!(of_mary(&changes).contains(&"acme-email: became client".to_owned()));
}

#[test]
fn words_escape_ids_and_cut_long_lists() {
    let json = r#"{"version": 1,
        "organisations": [{"id": "org\u202eevil"}],
        "individuals": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
        "services": [{"id": "svc\nline", "provider": "org\u202eevil"}],
        "usage": [
            {"user": "a", "service": "svc\nline", "from": "2020-01-02"},
            {"user": "b", "service": "svc\nline", "from": "2020-01-02"},
            {"user": "c", "service": "svc\nline", "from": "2020-01-02"}
        ]}"#;
    let model = Model::from_json_str(json).unwrap();
    let options = ChangeOptions::new()
        .old_date(Date::constant(2020, 1, 1))
        .new_date(Date::constant(2020, 1, 2));
    let changes = RelationshipChanges::between(&model, &model, &options);
    assert_eq!(changes.totals.became, 3);
    let words = changes.words(2);
    assert!(
        !words.contains('\u{202e}') && !words.contains("\nline"),
        "{words}"
    );
    assert!(words.contains(r#""svc\nline""#), "{words}");
    assert!(
        words.contains("a (consumer (distance 0)), b (consumer (distance 0)) … and 1 more"),
        "{words}"
    );
    assert_eq!(words.lines().count(), 3, "{words}");
    // JSON keeps ids exact.
    let json = serde_json::to_string(&changes).unwrap();
    assert!(json.contains(r#""service":"svc\nline""#), "{json}");
}
