//! The question-and-answer protocol: questions read back as they were
//! written, `Model::ask` against the typed queries (on the sample and on
//! random documents), answers read back, the committed schemas, and the
//! error objects.

mod util;

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{Value, json};
use svcrel::{
    Answer, AsOf, Date, EntityKind, ErrorCode, ErrorKind, ErrorObject, ErrorReply, Evidence,
    MaxChain, Model, ProtocolSchema, Query, Question,
};
use util::SAMPLE_PATH;
use util::schema::{Schemas, committed_path};

// ---------------------------------------------------------------------
// Questions as data
// ---------------------------------------------------------------------

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9-]{0,12}",
        "\\PC{0,8}",
        Just("\"\\\n\u{0}".to_owned())
    ]
}

fn as_of() -> impl Strategy<Value = Option<AsOf>> {
    prop_oneof![
        Just(None),
        Just(Some(AsOf::Any)),
        Just(Some(AsOf::Today)),
        (0i16..=9999, 1i8..=12, 1i8..=28)
            .prop_map(|(y, m, d)| Some(AsOf::On(Date::constant(y, m, d)))),
    ]
}

fn whole() -> impl Strategy<Value = Option<u32>> {
    prop_oneof![
        Just(None),
        (0u32..5).prop_map(Some),
        any::<u32>().prop_map(Some)
    ]
}

fn evidence() -> impl Strategy<Value = Option<Evidence>> {
    prop::option::of(prop_oneof![Just(Evidence::Path), Just(Evidence::Via)])
}

/// Sets the options that are `Some` with the builder methods.
macro_rules! with {
    ($q:expr; $($method:ident = $value:expr),*) => {{
        let mut q = $q;
        $(if let Some(v) = $value { q = q.$method(v); })*
        q
    }};
}

type Options = (
    Option<AsOf>,
    Option<u32>,
    Option<Evidence>,
    Option<u32>,
    bool,
);

fn options() -> impl Strategy<Value = Options> {
    (as_of(), whole(), evidence(), whole(), any::<bool>())
}

fn question() -> impl Strategy<Value = Question> {
    prop_oneof![
        (text(), options()).prop_map(|(s, (a, k, e, l, _))| {
            with!(Question::customers(s); as_of = a, max_chain = k, evidence = e, limit = l).into()
        }),
        (text(), options()).prop_map(|(s, (a, k, e, l, summary))| {
            let q =
                with!(Question::consumers(s); as_of = a, max_chain = k, evidence = e, limit = l);
            if summary { q.summary() } else { q }.into()
        }),
        (text(), text(), options()).prop_map(|(p, s, (a, k, ..))| {
            with!(Question::relation(p, s); as_of = a, max_chain = k).into()
        }),
        (text(), text(), options()).prop_map(|(p, s, (a, k, ..))| {
            with!(Question::triage(p, s); as_of = a, max_chain = k).into()
        }),
        (text(), options()).prop_map(|(s, (a, k, _, _, summary))| {
            let q = with!(Question::impact(s); as_of = a, max_chain = k);
            if summary { q.summary() } else { q }.into()
        }),
        (text(), whole()).prop_map(|(t, l)| with!(Question::find(t); limit = l).into()),
        (text(), whole(), prop::option::of(suggest_kind()))
            .prop_map(|(t, l, k)| { with!(Question::suggest(t); limit = l, kind = k).into() }),
        (text(), text(), date(), date(), whole()).prop_map(|(p, s, f, u, k)| {
            with!(Question::history(p, s); from = f, until = u, max_chain = k).into()
        }),
        (as_of(), whole(), whole()).prop_map(|(a, w, l)| {
            with!(Question::audit(); as_of = a, within = w, limit = l).into()
        }),
        (diff_date(), diff_date(), whole(), whole()).prop_map(|(o, n, k, l)| {
            with!(Question::diff(o, n); max_chain = k, limit = l).into()
        }),
    ]
}

fn suggest_kind() -> impl Strategy<Value = svcrel::SuggestKind> {
    prop::sample::select(vec![
        svcrel::SuggestKind::Any,
        svcrel::SuggestKind::Party,
        svcrel::SuggestKind::Service,
    ])
}

/// One of a diff's dates: today or a date (never "any").
fn diff_date() -> impl Strategy<Value = AsOf> {
    prop_oneof![
        Just(AsOf::Today),
        (0i16..=9999, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| AsOf::On(Date::constant(y, m, d))),
    ]
}

fn date() -> impl Strategy<Value = Option<Date>> {
    prop::option::of(
        (0i16..=9999, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| Date::constant(y, m, d)),
    )
}

proptest! {
    #[test]
    fn questions_read_back_as_they_were_written(q in question()) {
        let json = serde_json::to_string(&q).unwrap();
        prop_assert_eq!(Question::from_json(&json)?, q.clone());
        let value: Value = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&value["query"], q.kind());
        let schemas = Schemas::committed();
        if let Err(why) = schemas.check(ProtocolSchema::Question, &value) {
            return Err(TestCaseError::fail(format!("{json}: {why}")));
        }
    }
}

#[test]
fn todays_batch_lines_are_questions() {
    let q = Question::from_json(
        r#"{"query": "customers", "service": "S", "max_chain": 2, "as_of": "2026-01-01", "evidence": "via"}"#,
    )
    .unwrap();
    let expected = Question::customers("S")
        .max_chain(2)
        .as_of(Date::constant(2026, 1, 1))
        .evidence(Evidence::Via);
    assert_eq!(q, expected.into());
    // `null` is as good as absent.
    let q = Question::from_json(
        r#"{"query": "impact", "service": "S", "max_chain": null, "as_of": null}"#,
    )
    .unwrap();
    assert_eq!(q, Question::impact("S").into());
}

#[test]
fn a_bad_question_says_what_is_wrong() {
    let cases = [
        ("{", "EOF while parsing"),
        (r#"{"service": "S"}"#, "missing field `query`"),
        (
            r#"{"query": "owners", "service": "S"}"#,
            "unknown variant `owners`",
        ),
        (
            r#"{"query": "customers", "service": "S", "max_chian": 2}"#,
            "unknown field `max_chian`",
        ),
        (
            r#"{"query": "relation", "service": "S"}"#,
            "missing field `party`",
        ),
        (
            r#"{"query": "relation", "party": "P", "service": "S", "evidence": "via"}"#,
            "unknown field `evidence`",
        ),
        (
            r#"{"query": "customers", "service": "S", "summary": true}"#,
            "unknown field `summary`",
        ),
        (
            r#"{"query": "find", "q": "x", "as_of": "any"}"#,
            "unknown field `as_of`",
        ),
        (
            r#"{"query": "suggest", "q": "x", "kind": "people"}"#,
            "unknown variant `people`",
        ),
        (
            r#"{"query": "customers", "service": "S", "as_of": "2026-02-30"}"#,
            "\"2026-02-30\" is not a calendar date",
        ),
        (
            r#"{"query": "customers", "service": "S", "as_of": "tomorrow"}"#,
            "as_of is \"any\", \"today\" or a date",
        ),
        (
            r#"{"query": "customers", "service": "S", "max_chain": -1}"#,
            "max_chain -1 is not a whole number",
        ),
        (
            r#"{"query": "customers", "service": "S", "max_chain": 1.5}"#,
            "max_chain 1.5 is not a whole number",
        ),
        (
            r#"{"query": "customers", "service": "S", "max_chain": 4294967296}"#,
            "max_chain 4294967296 is too large",
        ),
        (
            r#"{"query": "customers", "service": "S", "limit": "ten"}"#,
            "limit as a whole number",
        ),
        (
            r#"{"query": "customers", "service": "S", "evidence": "all"}"#,
            "unknown variant `all`",
        ),
    ];
    for (line, says) in cases {
        let err = Question::from_json(line).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidQuestion, "{line}");
        assert!(
            err.to_string().contains(says),
            "{line}: {err} should say {says:?}"
        );
        let object = ErrorObject::from(&err);
        assert_eq!(object.kind, ErrorCode::InvalidQuestion);
    }
}

fn sample() -> Model {
    Model::from_json_file(SAMPLE_PATH).unwrap()
}

// ---------------------------------------------------------------------
// Answers as data
// ---------------------------------------------------------------------

/// Questions of every kind and option on the sample.
fn sample_questions() -> Vec<Question> {
    let any = AsOf::Any;
    let on = AsOf::On(Date::constant(2015, 6, 1));
    vec![
        Question::customers("expense-app").as_of(any).into(),
        Question::customers("expense-app")
            .as_of(on)
            .max_chain(3)
            .into(),
        Question::customers("expense-app")
            .as_of(any)
            .evidence(Evidence::Via)
            .limit(2)
            .into(),
        Question::consumers("sso").as_of(any).into(),
        Question::consumers("sso")
            .as_of(any)
            .evidence(Evidence::Via)
            .limit(1)
            .into(),
        Question::consumers("desktop-support")
            .as_of(on)
            .summary()
            .into(),
        Question::relation("dana", "expense-app").as_of(any).into(),
        Question::relation("fan", "expense-app")
            .as_of(on)
            .max_chain(0)
            .into(),
        Question::triage("teacher-ann", "desktop-support")
            .as_of(any)
            .into(),
        Question::triage("pupil-cara", "desktop-support")
            .as_of(any)
            .into(),
        Question::impact("sso").as_of(any).into(),
        Question::impact("sso").as_of(on).summary().into(),
        Question::find("dana").into(),
        Question::find("DANA REYES").into(),
        Question::find("expense-ap").into(),
        Question::find("acme").limit(2).into(),
        Question::find("no such thing").into(),
        Question::suggest("dan").into(),
        Question::suggest("A")
            .kind(svcrel::SuggestKind::Service)
            .limit(3)
            .into(),
        Question::suggest("").into(),
        Question::audit().as_of(any).into(),
        Question::audit()
            .as_of(AsOf::On(Date::constant(2026, 12, 4)))
            .within(60)
            .limit(3)
            .into(),
        Question::diff(Date::constant(2020, 1, 1), Date::constant(2028, 6, 1)).into(),
        Question::diff(Date::constant(2004, 1, 1), Date::constant(2030, 1, 1))
            .max_chain(2)
            .limit(1)
            .into(),
        Question::diff(Date::constant(2026, 1, 1), Date::constant(2026, 1, 1)).into(),
    ]
}

#[test]
fn answers_read_back_and_match_their_schema() {
    let model = sample();
    let schemas = Schemas::committed();
    for question in sample_questions() {
        let answer = model.ask(&question).unwrap();
        let json = serde_json::to_string(&answer).unwrap();
        let back: Answer = serde_json::from_str(&json).unwrap();
        assert_eq!(back, answer, "{json}");
        let value: Value = serde_json::from_str(&json).unwrap();
        schemas
            .check(ProtocolSchema::Answer, &value)
            .unwrap_or_else(|why| panic!("{json}\n{why}"));
        // The schema is not a rubber stamp: a field of the wrong type fails.
        let mut broken = value.clone();
        broken["version"] = json!("zero");
        assert!(
            schemas.check(ProtocolSchema::Answer, &broken).is_err(),
            "{broken}"
        );
    }
}

#[test]
fn the_committed_schemas_are_the_generated_ones() {
    for schema in ProtocolSchema::ALL {
        let path = committed_path(schema);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == schema.to_json(),
            "{} differs from the schema the types make: run `cargo run --example schema` and commit schema/",
            path.display()
        );
    }
}

#[test]
fn answers_say_what_they_were_asked_with() {
    let model = sample();
    let answer = model
        .ask(
            &Question::customers("expense-app")
                .as_of(AsOf::Any)
                .limit(1)
                .into(),
        )
        .unwrap();
    let value = serde_json::to_value(&answer).unwrap();
    assert_eq!(value["as_of"], "any");
    assert_eq!(value["max_chain"], json!({"customer": 1}));
    assert_eq!(value["version"], 0);
    assert_eq!(value["total"], 4);
    assert_eq!(value["service_name"], "Expense reporting");
    assert_eq!(
        value["customers"],
        json!([{"party": "dana", "name": "Dana Reyes", "kind": "individual", "distance": 0,
                "scope": "external", "via": {"id": "goddard-apps", "name": "Goddard applications", "link": "approval"},
                "path": ["expense-app", "goddard-apps", "dana"]}])
    );
    let answer = model
        .ask(
            &Question::consumers("sso")
                .as_of(Date::constant(2026, 1, 1))
                .into(),
        )
        .unwrap();
    let value = serde_json::to_value(&answer).unwrap();
    assert_eq!(value["as_of"], "2026-01-01");
    assert_eq!(value["max_chain"], json!({"consumer": null}));
    let answer = model
        .ask(&Question::impact("sso").as_of(AsOf::Any).max_chain(2).into())
        .unwrap();
    let value = serde_json::to_value(&answer).unwrap();
    assert_eq!(value["max_chain"], json!({"customer": 2, "consumer": 2}));
    let Answer::Impact(impact) = answer else {
        panic!("an impact answer")
    };
    assert_eq!(impact.max_chain.consumer, Some(MaxChain::Steps(2)));
    // An edit shows in the version.
    let mut edited = sample();
    edited
        .add_link(svcrel::Membership::new("pupil-cara", "riverside-school"))
        .unwrap();
    let answer = edited.ask(&Question::find("dana").into()).unwrap();
    assert!(serde_json::to_value(&answer).unwrap()["version"].as_u64() > Some(0));
}

#[test]
fn summaries_count_instead_of_listing() {
    let model = sample();
    let q = Question::consumers("desktop-support").as_of(AsOf::Any);
    let (Answer::Consumers(rows), Answer::Consumers(summary)) = (
        model.ask(&q.clone().into()).unwrap(),
        model.ask(&q.summary().into()).unwrap(),
    ) else {
        panic!("consumers answers")
    };
    assert!(summary.consumers.is_none() && summary.services.is_none());
    assert_eq!(summary.total, rows.total);
    let listed = rows.consumers.unwrap();
    let counted: usize = summary
        .consumers_by_distance
        .unwrap()
        .iter()
        .map(|d| d.count)
        .sum();
    assert_eq!(counted, listed.len());
    let impact = model.impact("desktop-support", &Query::new()).unwrap();
    assert_eq!(
        summary.consumers_without_payer,
        Some(impact.consumers_without_payer())
    );
    assert_eq!(
        summary.consumers_by_payer.unwrap().get("council-education"),
        Some(&4)
    );

    let Answer::Impact(a) = model
        .ask(&Question::impact("sso").as_of(AsOf::Any).summary().into())
        .unwrap()
    else {
        panic!("an impact answer")
    };
    assert!(a.services.is_none() && a.notify.is_none());
    let by_distance: Vec<(u32, usize)> = a
        .services_by_distance
        .unwrap()
        .iter()
        .map(|d| (d.distance, d.count))
        .collect();
    let mut expected: Vec<(u32, usize)> = Vec::new();
    for (_, d) in model.impact("sso", &Query::new()).unwrap().services() {
        match expected.last_mut() {
            Some((at, n)) if at == d => *n += 1,
            _ => expected.push((*d, 1)),
        }
    }
    assert_eq!(by_distance, expected);
    assert_eq!(by_distance.iter().map(|(_, n)| n).sum::<usize>(), 3);
    assert_eq!(
        a.notify_total,
        model.impact("sso", &Query::new()).unwrap().notify().len()
    );
}

#[test]
fn suggest_answers_as_the_library_suggests() {
    let model = sample();
    for (text, kind, limit) in [
        ("dan", svcrel::SuggestKind::Party, 10),
        ("a", svcrel::SuggestKind::Any, 3),
        ("E", svcrel::SuggestKind::Service, 50),
        ("  ", svcrel::SuggestKind::Any, 10),
    ] {
        let question = Question::suggest(text).kind(kind).limit(limit);
        let Answer::Suggest(a) = model.ask(&question.clone().into()).unwrap() else {
            panic!("a suggest answer");
        };
        let typed = model.suggest(text, &question.options());
        assert_eq!((a.suggestions, a.more), (typed.suggestions, typed.more));
        assert_eq!(
            (a.q.as_str(), a.kind, a.limit),
            (text, kind, limit as usize)
        );
        assert_eq!(a.version, model.version());
    }
    let json = model.answer_line(
        br#"{"query": "suggest", "q": "Dana R", "kind": "party"}"#,
        1,
        &mut Vec::new(),
    );
    assert!(json.is_ok());
    let Answer::Suggest(a) = model.ask(&Question::suggest("Dana R").into()).unwrap() else {
        panic!("a suggest answer");
    };
    let first = serde_json::to_value(&a.suggestions[0]).unwrap();
    assert_eq!(first["id"], "dana");
    assert_eq!(first["kind"], "individual");
    assert_eq!(first["matched"], "name");
    assert_eq!(first["name"], "Dana Reyes");
}

#[test]
fn find_resolves_an_id_then_a_name_then_offers_candidates() {
    let model = sample();
    let find = |text: &str| match model.ask(&Question::find(text).into()).unwrap() {
        Answer::Find(a) => a,
        other => panic!("a find answer, not {other:?}"),
    };
    let a = find("dana");
    assert_eq!(
        a.found.as_ref().map(|c| (c.id.as_str(), c.matched)),
        Some(("dana", svcrel::Match::Id))
    );
    assert!(a.candidates.is_empty());
    let a = find("united AIRLINES");
    assert_eq!(
        a.found.as_ref().map(|c| c.id.as_str()),
        Some("united-airlines")
    );
    assert_eq!(a.found.unwrap().matched, svcrel::Match::Name);
    let a = find("expense-ap");
    assert!(a.found.is_none());
    assert_eq!(
        (a.candidates[0].id.as_str(), a.candidates[0].matched),
        ("expense-app", svcrel::Match::CloseId)
    );
    let a = find("ACME");
    assert!(a.found.is_none() || a.found.as_ref().unwrap().id == "acme");
    let a = find("cme");
    // "acme" is one edit away; the others contain the text.
    assert_eq!(
        (a.candidates[0].id.as_str(), a.candidates[0].matched),
        ("acme", svcrel::Match::CloseId)
    );
    assert!(
        a.candidates[1..]
            .iter()
            .all(|c| c.matched == svcrel::Match::Contains)
    );
    assert!(a.candidates.iter().all(|c| {
        c.id.contains("cme")
            || c.name
                .as_deref()
                .is_some_and(|n| n.to_lowercase().contains("cme"))
    }));
    assert!(a.total >= a.candidates.len());
    let limited = match model.ask(&Question::find("cme").limit(2).into()).unwrap() {
        Answer::Find(a) => a,
        _ => unreachable!(),
    };
    assert_eq!(
        (limited.candidates.len(), limited.total, limited.limit),
        (2, a.total, 2)
    );
    assert_eq!(limited.candidates[..], a.candidates[..2]);
    let a = find("zzzz-nothing");
    assert!(a.found.is_none() && a.candidates.is_empty() && a.total == 0);
}

// ---------------------------------------------------------------------
// Errors as objects
// ---------------------------------------------------------------------

#[test]
fn each_failure_is_an_object_of_its_kind() {
    let model = sample();
    let schemas = Schemas::committed();
    let object = |err: &svcrel::Error| {
        let reply = ErrorReply::from(err);
        let value = serde_json::to_value(&reply).unwrap();
        schemas
            .check(ProtocolSchema::Error, &value)
            .unwrap_or_else(|why| panic!("{value}\n{why}"));
        let back: ErrorReply = serde_json::from_value(value).unwrap();
        assert_eq!(back, reply);
        reply.error
    };
    let e = object(
        &model
            .ask(&Question::customers("expense-ap").into())
            .unwrap_err(),
    );
    assert_eq!(
        (e.kind, e.id.as_deref(), e.did_you_mean.as_deref()),
        (
            ErrorCode::UnknownId,
            Some("expense-ap"),
            Some("expense-app")
        )
    );
    let e = object(
        &model
            .ask(&Question::relation("expense-app", "expense-app").into())
            .unwrap_err(),
    );
    assert_eq!(
        (e.kind, e.found),
        (ErrorCode::WrongKind, Some(EntityKind::Service))
    );
    let e = object(&Question::from_json(r#"{"query": "customers"}"#).unwrap_err());
    assert_eq!(e.kind, ErrorCode::InvalidQuestion);
    assert!(
        e.message.contains("missing field `service`"),
        "{}",
        e.message
    );
    let e = object(
        &Model::from_json_str(r#"{"version": 1, "usage": [{"user": "ghost", "service": "mail"}]}"#)
            .unwrap_err(),
    );
    assert_eq!(e.kind, ErrorCode::InvalidModel);
    assert_eq!(e.problems.len(), 2);
    let e = object(&Model::from_json_file("no/such/model.json").unwrap_err());
    assert_eq!(e.kind, ErrorCode::Io);
}

/// A chain of `n` organisations, each the parent of the next, the deepest
/// using a service: its consumers' paths add up to the square of `n`.
fn deep_chain(n: usize) -> Model {
    let mut orgs = vec![json!({"id": "o0"})];
    orgs.extend((1..n).map(|i| json!({"id": format!("o{i}"), "parent": format!("o{}", i - 1)})));
    let doc = json!({"version": 1, "organisations": orgs,
        "services": [{"id": "s", "provider": "o0"}],
        "usage": [{"user": "o0", "service": "s"}]});
    Model::from_json_str(&doc.to_string()).unwrap()
}

#[test]
fn an_answer_too_large_with_paths_is_refused_and_given_with_via() {
    let model = deep_chain(8_000);
    let err = model
        .ask(&Question::consumers("s").as_of(AsOf::Any).into())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooLarge);
    let e = ErrorObject::from(&err);
    assert_eq!(e.kind, ErrorCode::TooLarge);
    assert!(e.message.contains("more than 256 MiB"), "{}", e.message);
    assert!(
        e.message.contains(r#"ask with "evidence": "via""#),
        "{}",
        e.message
    );
    let Answer::Consumers(a) = model
        .ask(
            &Question::consumers("s")
                .as_of(AsOf::Any)
                .evidence(Evidence::Via)
                .into(),
        )
        .unwrap()
    else {
        panic!("a consumers answer")
    };
    assert_eq!(a.total, 8_000);
    // With a limit, only the paths written count.
    let q = Question::consumers("s").as_of(AsOf::Any).limit(10);
    assert!(model.ask(&q.into()).is_ok());
}

/// An impact question with `limit` lists at most that many affected
/// services and parties to notify, says how many there are in all, and
/// names every party it names by id alone.
#[test]
fn impact_limits_its_lists_and_names_its_parties() {
    let model = sample();
    for service in ["sso", "expense-app", "nfl-broadcast"] {
        let ask = |q: svcrel::ImpactQuestion| match model.ask(&q.as_of(AsOf::Any).into()) {
            Ok(Answer::Impact(a)) => a,
            other => panic!("{other:?}"),
        };
        let all = ask(Question::impact(service));
        let services = all.services.clone().expect("rows without summary");
        let notify = all.notify.clone().expect("rows without summary");
        assert_eq!(
            (services.len(), notify.len()),
            (all.services_total, all.notify_total)
        );
        for limit in [0, 1, 2] {
            let cut = ask(Question::impact(service).limit(limit));
            let n = limit as usize;
            assert_eq!(
                cut.services.as_deref(),
                Some(&services[..n.min(services.len())])
            );
            assert_eq!(cut.notify.as_deref(), Some(&notify[..n.min(notify.len())]));
            assert_eq!(
                (cut.services_total, cut.notify_total),
                (all.services_total, all.notify_total)
            );
        }
        let named = all
            .consumers_by_top
            .keys()
            .chain(all.consumers_by_payer.keys())
            .chain(&notify);
        for id in named {
            let entity = model.entity(id).expect("a party of the model");
            assert_eq!(
                all.names.get(id),
                Some(&entity.name().map(str::to_owned)),
                "{id}"
            );
        }
    }
}

#[test]
fn history_is_asked_and_answered_as_data() {
    let q = Question::from_json(
        r#"{"query": "history", "party": "mary", "service": "acme-email", "from": "2010-01-01", "until": null, "max_chain": 2}"#,
    )
    .unwrap();
    let expected = Question::history("mary", "acme-email")
        .from(Date::constant(2010, 1, 1))
        .max_chain(2);
    assert_eq!(q, expected.clone().into());
    assert_eq!(q.kind(), "history");
    assert_eq!(
        serde_json::to_string(&q).unwrap(),
        r#"{"query":"history","party":"mary","service":"acme-email","from":"2010-01-01","max_chain":2}"#
    );
    for (text, mentions) in [
        (
            r#"{"query": "history", "party": "p", "service": "s", "from": "2010"}"#,
            "YYYY-MM-DD",
        ),
        (
            r#"{"query": "history", "party": "p", "service": "s", "as_of": "any"}"#,
            "as_of",
        ),
        (r#"{"query": "history", "party": "p"}"#, "service"),
    ] {
        let err = Question::from_json(text).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidQuestion, "{text}");
        assert!(err.to_string().contains(mentions), "{text}: {err}");
    }

    // The answer is the library's history, its fields at the top.
    let model = sample();
    let schemas = Schemas::committed();
    let typed = model
        .relation_history("mary", "acme-email", &expected.options())
        .unwrap();
    let Answer::History(answer) = model.ask(&q).unwrap() else {
        panic!("a history answers a history question")
    };
    assert_eq!(answer.history, typed);
    assert_eq!(answer.matched, None);
    let value = serde_json::to_value(&answer).unwrap();
    assert_eq!(value, serde_json::to_value(&typed).unwrap());
    assert_eq!(value["from"], "2010-01-01");
    assert_eq!(value["max_chain"], json!({"customer": 2, "consumer": 2}));
    schemas
        .check(ProtocolSchema::Answer, &value)
        .unwrap_or_else(|why| panic!("{value}\n{why}"));
    // It reads back (the count of dates asked is not part of it).
    let back: Answer = serde_json::from_value(value.clone()).unwrap();
    let Answer::History(back) = back else {
        panic!("a history reads back as one: {value}")
    };
    assert_eq!(serde_json::to_value(&back).unwrap(), value);

    // A party given by email is found as for relation, and says so.
    let model = Model::from_json_str(
        r#"{"version": 1,
            "organisations": [{"id": "acme", "name": "Acme"}],
            "individuals": [{"id": "ann", "name": "Ann Lee", "emails": ["ann@acme.example"]}],
            "services": [{"id": "mail", "name": "Mail", "provider": "acme"}],
            "memberships": [{"individual": "ann", "organisation": "acme", "from": "2020-01-01"}]}"#,
    )
    .unwrap();
    let Answer::History(by_email) = model
        .ask(&Question::history("ANN@acme.example", "mail").into())
        .unwrap()
    else {
        panic!("a history")
    };
    assert_eq!(by_email.history.party, "ann");
    assert_eq!(by_email.matched, Some(svcrel::Match::Email));
    let value = serde_json::to_value(&by_email).unwrap();
    assert_eq!(value["matched"], "email");
    schemas
        .check(ProtocolSchema::Answer, &value)
        .unwrap_or_else(|why| panic!("{value}\n{why}"));
    // Unknown ids and a backward range are errors of their kinds.
    let err = model
        .ask(&Question::history("nobody", "mail").into())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownId);
    let backward = Question::history("ann", "mail")
        .from(Date::constant(2021, 1, 1))
        .until(Date::constant(2020, 1, 1));
    let err = model.ask(&backward.into()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidQuestion);
}

#[test]
fn audit_is_asked_and_answered_as_data() {
    let q = Question::from_json(
        r#"{"query": "audit", "as_of": "2026-12-04", "within": 60, "limit": 2}"#,
    )
    .unwrap();
    let day = Date::constant(2026, 12, 4);
    assert_eq!(q, Question::audit().as_of(day).within(60).limit(2).into());
    assert_eq!(q.kind(), "audit");
    assert_eq!(
        Question::from_json(r#"{"query": "audit"}"#).unwrap(),
        Question::audit().into()
    );
    for (text, mentions) in [
        (r#"{"query": "audit", "within": -1}"#, "within"),
        (r#"{"query": "audit", "within": 1.5}"#, "within"),
        (r#"{"query": "audit", "max_chain": 1}"#, "max_chain"),
    ] {
        let err = Question::from_json(text).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidQuestion, "{text}");
        assert!(err.to_string().contains(mentions), "{text}: {err}");
    }

    let model = sample();
    let typed = model.audit(&svcrel::AuditOptions::new().as_of(day).within_days(60));
    let Answer::Audit(answer) = model.ask(&q).unwrap() else {
        panic!("an audit answers an audit question")
    };
    assert_eq!(answer.total, typed.findings().len());
    assert!(answer.total > 2);
    assert_eq!(answer.audit.findings(), &typed.findings()[..2]);
    assert_eq!(answer.audit.counts(), typed.counts());
    assert_eq!(answer.version, model.version());
    let value = serde_json::to_value(&answer).unwrap();
    assert_eq!(value["as_of"], "2026-12-04");
    assert_eq!(value["within_days"], 60);
    assert_eq!(value["total"], answer.total);
    // Without a limit, the answer is the audit the library gives, with
    // its total and version beside.
    let Answer::Audit(whole) = model
        .ask(&Question::audit().as_of(day).within(60).into())
        .unwrap()
    else {
        panic!("an audit")
    };
    assert_eq!(whole.audit, typed);
    let mut value = serde_json::to_value(&whole).unwrap();
    let object = value.as_object_mut().unwrap();
    assert_eq!(object.remove("total"), Some(json!(typed.findings().len())));
    assert_eq!(object.remove("version"), Some(json!(0)));
    assert_eq!(value, serde_json::to_value(&typed).unwrap());
}

#[test]
fn diff_is_asked_and_answered_as_data() {
    let (d1, d2) = (Date::constant(2020, 1, 1), Date::constant(2028, 6, 1));
    let q = Question::from_json(
        r#"{"query": "diff", "old": "2020-01-01", "new": "2028-06-01", "max_chain": 2, "limit": 1}"#,
    )
    .unwrap();
    assert_eq!(q, Question::diff(d1, d2).max_chain(2).limit(1).into());
    assert_eq!(q.kind(), "diff");
    assert_eq!(
        Question::from_json(r#"{"query": "diff", "old": "today", "new": "2030-01-01"}"#).unwrap(),
        Question::diff(AsOf::Today, Date::constant(2030, 1, 1)).into()
    );
    for (text, mentions) in [
        (r#"{"query": "diff", "new": "2020-01-01"}"#, "old"),
        (r#"{"query": "diff", "old": "2020-01-01"}"#, "new"),
        (
            r#"{"query": "diff", "old": "any", "new": "2020-01-01"}"#,
            "old",
        ),
        (
            r#"{"query": "diff", "old": "2020-01-01", "new": "2020-13-01"}"#,
            "new",
        ),
        (
            r#"{"query": "diff", "old": "2020-01-01", "new": "2021-01-01", "as_of": "any"}"#,
            "as_of",
        ),
        (
            r#"{"query": "diff", "old": "2020-01-01", "new": "2021-01-01", "limit": -1}"#,
            "limit",
        ),
    ] {
        let err = Question::from_json(text).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidQuestion, "{text}");
        assert!(err.to_string().contains(mentions), "{text}: {err}");
    }

    // Without a limit, the answer is the library's diff with its
    // relationships, its fields at the top, with the cutoffs and version.
    let model = sample();
    let schemas = Schemas::committed();
    let options = svcrel::ChangeOptions::new().max_chain(2);
    let typed =
        svcrel::Diff::between_dates(&model, d1, d2).with_relationships(&model, &model, &options);
    let Answer::Diff(whole) = model
        .ask(&Question::diff(d1, d2).max_chain(2).into())
        .unwrap()
    else {
        panic!("a diff answers a diff question")
    };
    assert_eq!(whole.diff, typed);
    let mut value = serde_json::to_value(&whole).unwrap();
    assert_eq!(
        value["dates"],
        json!({"old": "2020-01-01", "new": "2028-06-01"})
    );
    schemas
        .check(ProtocolSchema::Answer, &value)
        .unwrap_or_else(|why| panic!("{value}\n{why}"));
    let object = value.as_object_mut().unwrap();
    assert_eq!(
        object.remove("max_chain"),
        Some(json!({"customer": 2, "consumer": 2}))
    );
    assert_eq!(object.remove("version"), Some(json!(0)));
    assert_eq!(value, serde_json::to_value(&typed).unwrap());

    // With a limit, each list is cut and every count stays whole.
    let Answer::Diff(cut) = model.ask(&q).unwrap() else {
        panic!("a diff")
    };
    assert_eq!(cut.diff.counts, typed.counts);
    assert!(cut.diff.links.added.len() <= 1 && cut.diff.links.removed.len() <= 1);
    let (all, some) = (
        typed.relationships.as_ref().unwrap(),
        cut.diff.relationships.as_ref().unwrap(),
    );
    assert!(all.services.len() > 1, "{all:?}");
    assert_eq!(some.services.len(), 1);
    assert_eq!(
        (some.services_changed, some.totals),
        (all.services_changed, all.totals)
    );
    let first = &some.services[0];
    assert_eq!(first.counts, all.services[0].counts);
    assert!(first.became.len() <= 1 && first.stopped.len() <= 1);
    assert!(!some.is_empty());
    let value = serde_json::to_value(&cut).unwrap();
    schemas
        .check(ProtocolSchema::Answer, &value)
        .unwrap_or_else(|why| panic!("{value}\n{why}"));
    let back: Answer = serde_json::from_value(value).unwrap();
    assert_eq!(back, Answer::Diff(cut));

    // The old date after the new one is refused, saying so.
    let err = model.ask(&Question::diff(d2, d1).into()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidQuestion);
    assert!(err.to_string().contains("after"), "{err}");
}
