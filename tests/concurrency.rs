//! One model behind an `Arc`, queried from eight threads at once, gives
//! exactly the answers of a single thread: every query, every cutoff,
//! with and without a date, each answer written out in full (paths
//! included) and compared.

use std::fmt::Write;
use std::sync::{Arc, Barrier};

use svcrel::{Date, EntityKind, MaxChain, Model, Query};

const THREADS: usize = 8;

/// One question to the model.
#[derive(Clone, Debug)]
enum Ask {
    Customers(String, Query),
    Consumers(String, Query),
    Impact(String, Query),
    Relation(String, String, Query),
    Triage(String, String, Query),
    Top(String, Option<Date>),
    Memberships(String, Option<Date>),
    ParentChain(String),
    Entity(String),
}

/// The answer to `ask`, written out in full.
fn answer(model: &Model, ask: &Ask) -> String {
    let mut out = String::new();
    match ask {
        Ask::Customers(s, q) => match model.customers_of(s, q) {
            Ok(customers) => {
                for c in customers.iter() {
                    let path = c.path();
                    let ids: Vec<&str> = path.ids().collect();
                    writeln!(
                        out,
                        "{} {} {} {ids:?} {path}",
                        c.party().id(),
                        c.distance(),
                        c.scope()
                    )
                    .unwrap();
                }
            }
            Err(e) => out = e.to_string(),
        },
        Ask::Consumers(s, q) => match model.consumers_of(s, q) {
            Ok(consumers) => {
                for c in consumers.iter() {
                    let path = c.path();
                    let links: Vec<String> = path
                        .steps()
                        .map(|s| format!("{}-{}-{}", s.from().id(), s.link(), s.to().id()))
                        .collect();
                    writeln!(out, "{} {} {links:?} {path}", c.party().id(), c.distance()).unwrap();
                }
                for s in consumers.services() {
                    let ids: Vec<&str> = s.path().ids().collect();
                    writeln!(out, "service {} {} {ids:?}", s.service().id(), s.distance()).unwrap();
                }
            }
            Err(e) => out = e.to_string(),
        },
        Ask::Impact(s, q) => out = format!("{:?}", model.impact(s, q).map_err(|e| e.to_string())),
        Ask::Relation(p, s, q) => {
            out = format!("{:?}", model.relation(p, s, q).map_err(|e| e.to_string()))
        }
        Ask::Triage(p, s, q) => {
            out = format!("{:?}", model.triage(p, s, q).map_err(|e| e.to_string()))
        }
        Ask::Top(p, on) => out = format!("{:?}", model.top(p, *on)),
        Ask::Memberships(p, on) => out = format!("{:?}", model.memberships(p, *on)),
        Ask::ParentChain(o) => out = format!("{:?}", model.parent_chain(o)),
        Ask::Entity(id) => out = format!("{:?}", model.entity(id)),
    }
    out
}

/// The questions: every query on the services and parties given, with
/// each of the queries given.
fn questions(services: &[String], parties: &[String], queries: &[Query]) -> Vec<Ask> {
    let mut asks = Vec::new();
    for q in queries {
        for s in services {
            asks.push(Ask::Customers(s.clone(), *q));
            asks.push(Ask::Consumers(s.clone(), *q));
            asks.push(Ask::Impact(s.clone(), *q));
            for p in parties {
                asks.push(Ask::Relation(p.clone(), s.clone(), *q));
                asks.push(Ask::Triage(p.clone(), s.clone(), *q));
            }
        }
        for p in parties {
            asks.push(Ask::Top(p.clone(), q.date()));
            asks.push(Ask::Memberships(p.clone(), q.date()));
        }
    }
    for p in parties.iter().chain(services) {
        asks.push(Ask::ParentChain(p.clone()));
        asks.push(Ask::Entity(p.clone()));
    }
    // An id the model lacks, and one of the wrong kind, are answers too.
    asks.push(Ask::Customers("no-such-service".to_owned(), Query::new()));
    if let Some(p) = parties.first() {
        asks.push(Ask::Consumers(p.clone(), Query::new()));
    }
    asks
}

/// Cutoffs 0, 1, 2 and none, each with no date and on two dates.
fn queries(dates: [Date; 2]) -> Vec<Query> {
    let mut queries = Vec::new();
    for k in [
        MaxChain::Steps(0),
        MaxChain::Steps(1),
        MaxChain::Steps(2),
        MaxChain::Unlimited,
    ] {
        for on in [None, Some(dates[0]), Some(dates[1])] {
            queries.push(Query::new().max_chain(k).as_of(on));
        }
    }
    // The default cutoffs, and one of each kind.
    queries.push(Query::new());
    queries.push(Query::new().customer_chain(3).consumer_chain(0));
    queries
}

/// Asks every question on one thread, then on eight at once, each thread
/// starting at a different question; every answer must be the same.
fn eight_threads_answer_as_one(model: Model, asks: Vec<Ask>) {
    let expected: Vec<String> = asks.iter().map(|a| answer(&model, a)).collect();
    assert!(expected.iter().any(|a| !a.is_empty()));
    let model = Arc::new(model);
    let asks = Arc::new(asks);
    let expected = Arc::new(expected);
    let start = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let (model, asks, expected, start) = (
                Arc::clone(&model),
                Arc::clone(&asks),
                Arc::clone(&expected),
                Arc::clone(&start),
            );
            std::thread::spawn(move || {
                let n = asks.len();
                let first = t * n / THREADS;
                start.wait();
                for k in (first..n).chain(0..first) {
                    let got = answer(&model, &asks[k]);
                    assert_eq!(got, expected[k], "thread {t}, {:?}", asks[k]);
                }
                n
            })
        })
        .collect();
    for handle in handles {
        assert_eq!(handle.join().expect("no thread panics"), asks.len());
    }
}

#[test]
fn eight_threads_query_the_sample_as_one_does() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/sample.json");
    let model = Model::from_json_file(path).unwrap();
    let ids = |kind: EntityKind| -> Vec<String> {
        model
            .entities()
            .filter(|e| e.kind() == kind)
            .map(|e| e.id().to_owned())
            .collect()
    };
    let services = ids(EntityKind::Service);
    let mut parties = ids(EntityKind::Organisation);
    parties.extend(ids(EntityKind::Individual));
    let dates = [Date::constant(2010, 6, 1), Date::constant(2028, 6, 1)];
    let asks = questions(&services, &parties, &queries(dates));
    eight_threads_answer_as_one(model, asks);
}

#[cfg(feature = "synth")]
#[test]
fn eight_threads_query_a_synthetic_enterprise_as_one_does() {
    let doc = svcrel::Synthetic::new(1_500).seed(11).document();
    let model = Model::from_document(&doc).unwrap();
    // Every service, and every nineteenth party (organisations and people).
    let services: Vec<String> = doc.services.iter().map(|s| s.id.to_string()).collect();
    let parties: Vec<String> = doc
        .organisations
        .iter()
        .map(|o| o.id.to_string())
        .chain(doc.individuals.iter().map(|p| p.id.to_string()))
        .step_by(19)
        .collect();
    let dated: Vec<Date> = doc
        .memberships
        .iter()
        .filter_map(|m| m.from)
        .chain(doc.funding.iter().filter_map(|f| f.until))
        .collect();
    let dates = [
        dated
            .iter()
            .min()
            .copied()
            .unwrap_or(Date::constant(2020, 1, 1)),
        dated
            .iter()
            .max()
            .copied()
            .unwrap_or(Date::constant(2030, 1, 1)),
    ];
    let queries: Vec<Query> = queries(dates).into_iter().step_by(2).collect();
    let asks = questions(&services, &parties, &queries);
    eight_threads_answer_as_one(model, asks);
}

/// Readers of a `SharedModel` see whole batches only, and versions that
/// only grow, while a writer applies batch after batch.
#[test]
fn shared_model_readers_see_whole_batches_in_order() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use svcrel::{Edit, Individual, Link, Membership, SharedModel};

    const BATCHES: usize = 200;
    let model = Model::from_json_str(include_str!("../examples/data/sample.json")).expect("valid");
    let shared = SharedModel::new(model);
    let done = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let (shared, done) = (shared.clone(), Arc::clone(&done));
            std::thread::spawn(move || {
                let (mut last, mut reads) = (0, 0usize);
                while !done.load(Ordering::Acquire) || reads == 0 {
                    let model = shared.read();
                    assert!(model.version() >= last, "a version went back");
                    last = model.version();
                    // Each batch added a person and their membership: a
                    // version holds both or neither.
                    for k in [0, BATCHES / 2, BATCHES - 1] {
                        let id = format!("p{k}");
                        let person = model.entity(&id).is_some();
                        let member = !model.memberships(&id, None).is_empty();
                        assert_eq!(person, member, "half a batch of {id} at version {last}");
                    }
                    reads += 1;
                }
                reads
            })
        })
        .collect();
    for k in 0..BATCHES {
        let id = format!("p{k}");
        shared
            .apply(&[
                Edit::AddIndividual(Individual::new(id.as_str())),
                Edit::AddLink {
                    link: Link::from(Membership::new(id.as_str(), "nasa")),
                },
            ])
            .expect("a valid batch");
    }
    done.store(true, Ordering::Release);
    for reader in readers {
        assert!(reader.join().expect("a reader panicked") > 0);
    }
    let model = shared.read();
    assert!((0..BATCHES).all(|k| model.top(&format!("p{k}"), None) == ["us-gov"]));
}
