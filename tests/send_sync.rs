//! Every public type of the document and model layer can cross threads,
//! and a model can be cloned: share one behind an `Arc`, or give each
//! thread its own.

use svcrel::{
    AffectedService, Consumer, Consumers, Counts, Customer, Customers, Date, Dependency, Document,
    Entity, EntityKind, Error, ErrorKind, Funding, Impact, Individual, IndividualId, Link,
    LinkType, MaxChain, Membership, Model, ModelBuilder, Organisation, OrganisationId, Oversight,
    Partnership, PartyId, Path, PayingCustomer, Payment, Problem, ProblemKind, Query, Relation,
    Removal, Reporting, Role, Scope, Section, Service, ServiceId, Step, Triage, Usage,
};

fn send_sync<T: Send + Sync>() {}

fn send_sync_clone<T: Send + Sync + Clone>() {}

#[test]
fn the_model_and_its_parts_are_send_and_sync() {
    send_sync_clone::<Model>();
    send_sync_clone::<ModelBuilder>();
    send_sync::<Entity<'static>>();
    send_sync::<Counts>();
    send_sync_clone::<svcrel::Edit>();
    send_sync_clone::<svcrel::Applied>();
}

#[test]
fn queries_and_their_answers_are_send_and_sync() {
    send_sync_clone::<Query>();
    send_sync_clone::<MaxChain>();
    send_sync_clone::<Customers<'static>>();
    send_sync_clone::<Customer<'static, 'static>>();
    send_sync_clone::<Scope>();
    send_sync_clone::<Consumers<'static>>();
    send_sync_clone::<Consumer<'static, 'static>>();
    send_sync_clone::<AffectedService<'static, 'static>>();
    send_sync_clone::<Path<'static>>();
    send_sync_clone::<Step<'static>>();
    send_sync_clone::<LinkType>();
    send_sync_clone::<Relation>();
    send_sync_clone::<Role>();
    send_sync_clone::<Triage>();
    send_sync_clone::<PayingCustomer>();
    send_sync_clone::<Impact>();
}

#[test]
fn the_protocol_is_send_and_sync() {
    use svcrel::{
        Answer, AsOf, Candidate, ConsumerRow, ConsumersAnswer, ConsumersQuestion, CustomerRow,
        CustomersAnswer, CustomersQuestion, Cutoffs, DistanceCount, ErrorCode, ErrorObject,
        ErrorReply, Evidence, FindAnswer, FindQuestion, ImpactAnswer, ImpactQuestion, Match,
        ProtocolSchema, Question, RelationAnswer, RelationQuestion, ServiceRow, TriageAnswer,
        TriageQuestion, Via,
    };
    send_sync_clone::<Question>();
    send_sync_clone::<CustomersQuestion>();
    send_sync_clone::<ConsumersQuestion>();
    send_sync_clone::<RelationQuestion>();
    send_sync_clone::<TriageQuestion>();
    send_sync_clone::<ImpactQuestion>();
    send_sync_clone::<FindQuestion>();
    send_sync_clone::<AsOf>();
    send_sync_clone::<Evidence>();
    send_sync_clone::<Answer>();
    send_sync_clone::<CustomersAnswer>();
    send_sync_clone::<ConsumersAnswer>();
    send_sync_clone::<RelationAnswer>();
    send_sync_clone::<TriageAnswer>();
    send_sync_clone::<ImpactAnswer>();
    send_sync_clone::<FindAnswer>();
    send_sync_clone::<CustomerRow>();
    send_sync_clone::<ConsumerRow>();
    send_sync_clone::<ServiceRow>();
    send_sync_clone::<Via>();
    send_sync_clone::<Cutoffs>();
    send_sync_clone::<DistanceCount>();
    send_sync_clone::<Candidate>();
    send_sync_clone::<Match>();
    send_sync_clone::<ErrorReply>();
    send_sync_clone::<ErrorObject>();
    send_sync_clone::<ErrorCode>();
    send_sync_clone::<ProtocolSchema>();
}

#[test]
fn an_answer_owns_its_data_and_outlives_its_model() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/sample.json");
    let answer = {
        let model = Model::from_json_file(path).unwrap();
        let question = svcrel::Question::customers("expense-app").as_of(svcrel::AsOf::Any);
        model.ask(&question.into()).unwrap()
    };
    let total = std::thread::spawn(move || match answer {
        svcrel::Answer::Customers(a) => a.total,
        _ => 0,
    })
    .join()
    .unwrap();
    assert_eq!(total, 4);
}

#[test]
fn edits_are_send_and_sync() {
    send_sync_clone::<Link>();
    send_sync_clone::<Removal>();
}

#[cfg(feature = "synth")]
#[test]
fn the_generator_is_send_and_sync() {
    send_sync_clone::<svcrel::Synthetic>();
}

#[test]
fn an_answer_crosses_threads_with_its_model() {
    // An answer borrows its model, so it goes where a borrow of the
    // model goes: here, into a scoped thread.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/sample.json");
    let model = Model::from_json_file(path).unwrap();
    let customers = model.customers_of("expense-app", &Query::new()).unwrap();
    let ids = std::thread::scope(|s| {
        s.spawn(|| customers.iter().map(|c| c.party().id()).collect::<Vec<_>>())
            .join()
            .unwrap()
    });
    assert_eq!(ids, ["dana", "goddard-apps", "goddard", "goddard-cio"]);
}

#[test]
fn the_document_and_its_items_are_send_and_sync() {
    send_sync_clone::<Document>();
    send_sync_clone::<Organisation>();
    send_sync_clone::<Individual>();
    send_sync_clone::<Service>();
    send_sync_clone::<Membership>();
    send_sync_clone::<Reporting>();
    send_sync_clone::<Funding>();
    send_sync_clone::<Usage>();
    send_sync_clone::<Dependency>();
    send_sync_clone::<Oversight>();
    send_sync_clone::<Partnership>();
    send_sync::<Payment>();
    send_sync::<Date>();
}

#[test]
fn ids_and_kinds_are_send_and_sync() {
    send_sync::<OrganisationId>();
    send_sync::<IndividualId>();
    send_sync::<ServiceId>();
    send_sync::<PartyId>();
    send_sync::<EntityKind>();
}

#[test]
fn errors_and_problems_are_send_and_sync() {
    send_sync::<Error>();
    send_sync::<ErrorKind>();
    send_sync_clone::<Problem>();
    send_sync::<ProblemKind>();
    send_sync::<Section>();
    // An error can be boxed as any error that crosses threads.
    let err = Model::from_json_str("{").unwrap_err();
    let boxed: Box<dyn std::error::Error + Send + Sync + 'static> = Box::new(err);
    assert!(
        boxed
            .to_string()
            .starts_with("invalid model document: line 1, column 1: ")
    );
}

#[test]
fn one_model_serves_many_threads() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/sample.json");
    let model = std::sync::Arc::new(Model::from_json_file(path).unwrap());
    let expected = model.to_document();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let model = std::sync::Arc::clone(&model);
            std::thread::spawn(move || model.to_document())
        })
        .collect();
    for handle in handles {
        assert_eq!(handle.join().unwrap(), expected);
    }
    // A clone is a model of its own, equal in every part.
    let copy = (*model).clone();
    assert_eq!(copy.counts(), model.counts());
    assert_eq!(copy.to_document(), expected);
}
