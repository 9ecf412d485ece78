//! `svcrel serve`, the real binary on loopback: every route on the
//! sample, the journal across a crash and a torn tail, tokens, body
//! limits, malformed requests and readiness.

#![cfg(all(feature = "cli", feature = "server"))]

mod util;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use svcrel::{AsOf, Model, Question};
use util::serve::{PATIENCE, Served, TempDir, get, post};
use util::{SAMPLE_PATH, TempFile};

const JSON: &str = "application/json";

fn sample() -> Model {
    Model::from_json_file(SAMPLE_PATH).expect("the sample is valid")
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// What the library answers, as the service must.
fn expected(question: impl Into<Question>) -> String {
    serde_json::to_string(&sample().ask(&question.into()).expect("answered")).unwrap()
}

#[test]
fn ask_answers_as_the_library_does() {
    let served = Served::sample(&[]);
    let questions = [
        r#"{"query": "customers", "service": "expense-app", "as_of": "any", "max_chain": 2}"#,
        r#"{"query": "consumers", "service": "sso", "as_of": "2020-01-01", "evidence": "via"}"#,
        r#"{"query": "relation", "party": "dana", "service": "expense-app", "as_of": "any"}"#,
        r#"{"query": "triage", "party": "teacher-ann", "service": "desktop-support", "as_of": "any"}"#,
        r#"{"query": "impact", "service": "sso", "as_of": "any", "summary": true}"#,
        r#"{"query": "find", "q": "Dana Reyes"}"#,
    ];
    for text in questions {
        let question = Question::from_json(text).unwrap();
        let (status, version, body) = post(&served.url("/v1/ask"), JSON, text, None);
        assert_eq!((status, version), (200, Some(0)), "{body}");
        assert_eq!(body, expected(question), "{text}");
    }
    // A bad question: 400, its error object.
    let (status, _, body) = post(
        &served.url("/v1/ask"),
        JSON,
        r#"{"query": "customers", "service": "S", "max_chian": 2}"#,
        None,
    );
    assert_eq!(status, 400);
    assert_eq!(json(&body)["error"]["kind"], "invalid_question");
    assert!(body.contains("max_chian"), "{body}");
    // An unknown id: 404, with a close one.
    let (status, version, body) = post(
        &served.url("/v1/ask"),
        JSON,
        r#"{"query": "impact", "service": "expense-ap"}"#,
        None,
    );
    assert_eq!((status, version), (404, Some(0)));
    assert_eq!(json(&body)["error"]["did_you_mean"], "expense-app");
    // Another media type: 415.
    let (status, _, body) = post(&served.url("/v1/ask"), "text/csv", "{}", None);
    assert_eq!(status, 415, "{body}");
    assert_eq!(json(&body)["error"]["kind"], "unsupported_media_type");
}

#[test]
fn get_routes_map_their_parameters_onto_questions() {
    let served = Served::sample(&[]);
    let cases: Vec<(&str, Question)> = vec![
        (
            "/v1/customers/expense-app?as_of=any&max_chain=2&limit=3",
            Question::customers("expense-app")
                .as_of(AsOf::Any)
                .max_chain(2)
                .limit(3)
                .into(),
        ),
        (
            "/v1/consumers/sso?as_of=any&summary=true",
            Question::consumers("sso").as_of(AsOf::Any).summary().into(),
        ),
        (
            "/v1/relation/dana/expense-app?as_of=2020-01-01",
            Question::relation("dana", "expense-app")
                .as_of(AsOf::On(svcrel::Date::constant(2020, 1, 1)))
                .into(),
        ),
        (
            "/v1/triage/teacher-ann/desktop-support?as_of=any",
            Question::triage("teacher-ann", "desktop-support")
                .as_of(AsOf::Any)
                .into(),
        ),
        (
            "/v1/impact/sso?as_of=any&max_chain=1",
            Question::impact("sso").as_of(AsOf::Any).max_chain(1).into(),
        ),
        (
            "/v1/find?q=Dana%20Reyes",
            Question::find("Dana Reyes").into(),
        ),
        (
            "/v1/suggest?q=Dan&kind=party&limit=3",
            Question::suggest("Dan")
                .kind(svcrel::SuggestKind::Party)
                .limit(3)
                .into(),
        ),
        ("/v1/suggest?q=e", Question::suggest("e").into()),
    ];
    for (path, question) in cases {
        let (status, version, body) = get(&served.url(path), None);
        assert_eq!((status, version), (200, Some(0)), "{path}: {body}");
        assert_eq!(body, expected(question), "{path}");
    }
    for (path, status, kind) in [
        ("/v1/customers/dana?as_of=any", 422, "wrong_kind"),
        ("/v1/customers/nope?as_of=any", 404, "unknown_id"),
        ("/v1/customers/sso?max_chain=two", 400, "invalid_question"),
        ("/v1/customers/sso?summary=true", 400, "invalid_question"),
        ("/v1/customers/sso?service=mail", 400, "invalid_question"),
        ("/v1/find", 400, "invalid_question"),
        ("/v1/suggest?q=a&kind=people", 400, "invalid_question"),
        ("/v1/suggest?q=a&limit=-1", 400, "invalid_question"),
        ("/v2/customers/sso", 404, "not_found"),
    ] {
        let (got, _, body) = get(&served.url(path), None);
        assert_eq!(got, status, "{path}: {body}");
        assert_eq!(json(&body)["error"]["kind"], kind, "{path}");
    }
}

#[test]
fn history_and_audit_have_their_get_routes() {
    let served = Served::sample(&[]);
    let day = |y, m, d| svcrel::Date::constant(y, m, d);
    let cases: Vec<(&str, Question)> = vec![
        (
            "/v1/history/mary/acme-email",
            Question::history("mary", "acme-email").into(),
        ),
        (
            "/v1/history/mary/acme-email?from=2010-01-01&until=2020-01-01&max_chain=2",
            Question::history("mary", "acme-email")
                .from(day(2010, 1, 1))
                .until(day(2020, 1, 1))
                .max_chain(2)
                .into(),
        ),
        (
            "/v1/audit?as_of=any",
            Question::audit().as_of(AsOf::Any).into(),
        ),
        (
            "/v1/audit?as_of=2026-12-04&within=60&limit=2",
            Question::audit()
                .as_of(day(2026, 12, 4))
                .within(60)
                .limit(2)
                .into(),
        ),
    ];
    for (path, question) in cases {
        let (status, version, body) = get(&served.url(path), None);
        assert_eq!((status, version), (200, Some(0)), "{path}: {body}");
        assert_eq!(body, expected(question), "{path}");
    }
    let (_, _, body) = get(&served.url("/v1/history/mary/acme-email"), None);
    assert_eq!(json(&body)["periods"][0]["until"], "2005-01-01", "{body}");
    let (_, _, body) = get(&served.url("/v1/audit?as_of=any&limit=1"), None);
    let audit = json(&body);
    assert_eq!(
        audit["findings"].as_array().map(Vec::len),
        Some(1),
        "{body}"
    );
    assert!(audit["total"].as_u64() > Some(1), "{body}");
    for (path, status, kind) in [
        ("/v1/history/nobody/acme-email", 404, "unknown_id"),
        (
            "/v1/history/mary/acme-email?from=2010",
            400,
            "invalid_question",
        ),
        (
            "/v1/history/mary/acme-email?from=2020-01-01&until=2010-01-01",
            400,
            "invalid_question",
        ),
        (
            "/v1/history/mary/acme-email?as_of=any",
            400,
            "invalid_question",
        ),
        ("/v1/audit?within=soon", 400, "invalid_question"),
        ("/v1/audit?max_chain=1", 400, "invalid_question"),
    ] {
        let (got, _, body) = get(&served.url(path), None);
        assert_eq!(got, status, "{path}: {body}");
        assert_eq!(json(&body)["error"]["kind"], kind, "{path}");
    }
    let (_, _, text) = get(&served.url("/metrics"), None);
    for route in ["/v1/history/{party}/{service}", "/v1/audit"] {
        assert!(
            text.contains(&format!("svcrel_http_requests_total{{route=\"{route}\"}}")),
            "{route}: {text}"
        );
    }
}

#[test]
fn diff_has_its_get_route() {
    let served = Served::sample(&[]);
    let (d1, d2) = (
        svcrel::Date::constant(2020, 1, 1),
        svcrel::Date::constant(2028, 6, 1),
    );
    for (path, question) in [
        (
            "/v1/diff?old=2020-01-01&new=2028-06-01",
            Question::diff(d1, d2),
        ),
        (
            "/v1/diff?old=2020-01-01&new=2028-06-01&max_chain=2&limit=1",
            Question::diff(d1, d2).max_chain(2).limit(1),
        ),
    ] {
        let (status, version, body) = get(&served.url(path), None);
        assert_eq!((status, version), (200, Some(0)), "{path}: {body}");
        assert_eq!(body, expected(question), "{path}");
    }
    let typed = svcrel::Diff::between_dates(&sample(), d1, d2).with_relationships(
        &sample(),
        &sample(),
        &svcrel::ChangeOptions::new(),
    );
    let (_, _, body) = get(
        &served.url("/v1/diff?old=2020-01-01&new=2028-06-01&limit=1"),
        None,
    );
    let diff = json(&body);
    assert_eq!(
        diff["counts"]["links_added"], typed.counts.links_added,
        "{body}"
    );
    assert_eq!(
        diff["counts"]["links_removed"], typed.counts.links_removed,
        "{body}"
    );
    let relationships = typed.relationships.unwrap();
    assert_eq!(
        diff["relationships"]["services_changed"], relationships.services_changed,
        "{body}"
    );
    assert_eq!(
        diff["relationships"]["services"].as_array().map(Vec::len),
        Some(1),
        "{body}"
    );
    for (path, status, kind) in [
        (
            "/v1/diff?old=2020-01-01&new=2028-13-01",
            400,
            "invalid_question",
        ),
        (
            "/v1/diff?old=2028-06-01&new=2020-01-01",
            400,
            "invalid_question",
        ),
        ("/v1/diff?old=2020-01-01", 400, "invalid_question"),
        (
            "/v1/diff?old=2020-01-01&new=2028-06-01&limit=x",
            400,
            "invalid_question",
        ),
        (
            "/v1/diff?old=2020-01-01&new=2028-06-01&as_of=any",
            400,
            "invalid_question",
        ),
    ] {
        let (got, _, body) = get(&served.url(path), None);
        assert_eq!(got, status, "{path}: {body}");
        assert_eq!(json(&body)["error"]["kind"], kind, "{path}");
    }
    let (_, _, text) = get(&served.url("/metrics"), None);
    assert!(
        text.contains("svcrel_http_requests_total{route=\"/v1/diff\"}"),
        "{text}"
    );
}

#[test]
fn batch_health_model_and_metrics() {
    let served = Served::sample(&[]);
    let lines = "{\"query\": \"find\", \"q\": \"dana\"}\n\nnot json\n{\"query\": \"impact\", \"service\": \"sso\", \"as_of\": \"any\"}";
    let (status, version, body) = post(
        &served.url("/v1/batch"),
        "application/x-ndjson",
        lines,
        None,
    );
    assert_eq!((status, version), (200, Some(0)));
    let model = sample();
    let mut want = Vec::new();
    for (i, line) in lines.split('\n').enumerate() {
        model
            .answer_line(line.as_bytes(), i as u64 + 1, &mut want)
            .unwrap();
    }
    assert_eq!(body, String::from_utf8(want).unwrap());
    assert!(
        body.lines().nth(1).unwrap().ends_with(r#""line":3}"#),
        "{body}"
    );

    // A line past the limit is answered with an error, and skipped.
    let long = format!(
        "{{\"query\": \"find\", \"q\": \"{}\"}}\n{{\"query\": \"find\", \"q\": \"dana\"}}\n",
        "x".repeat(svcrel::MAX_LINE_BYTES)
    );
    let (status, _, body) = post(
        &served.url("/v1/batch"),
        "application/x-ndjson",
        &long,
        None,
    );
    assert_eq!(status, 200);
    let answers: Vec<Value> = body.lines().map(json).collect();
    assert_eq!(answers.len(), 2, "{body}");
    assert_eq!(answers[0]["line"], 1);
    assert_eq!(answers[0]["error"]["kind"], "invalid_question");
    assert_eq!(answers[1]["found"]["id"], "dana");

    assert_eq!(get(&served.url("/healthz"), None).0, 200);
    let (status, version, body) = get(&served.url("/readyz"), None);
    assert_eq!((status, version), (200, Some(0)), "{body}");

    let (status, version, body) = get(&served.url("/v1/model"), None);
    assert_eq!((status, version), (200, Some(0)));
    assert_eq!(
        json(&body),
        serde_json::to_value(model.to_document()).unwrap()
    );

    let (status, _, text) = get(&served.url("/metrics"), None);
    assert_eq!(status, 200);
    for line in [
        "svcrel_model_version 0",
        &format!("svcrel_model_entities {}", model.counts().entities()),
        &format!("svcrel_model_links {}", model.counts().links()),
        "svcrel_http_requests_total{route=\"/v1/batch\"} 2",
        "svcrel_http_errors_total{route=\"/v1/batch\"} 0",
        "svcrel_http_request_duration_seconds_count{route=\"/v1/model\"} 1",
    ] {
        assert!(text.lines().any(|l| l == line), "no {line:?} in\n{text}");
    }
}

#[test]
fn edits_apply_all_or_none() {
    let dir = TempDir::new("edits");
    let served = Served::sample(&["--journal", dir.path()]);
    let refused = r#"[{"edit": "add_individual", "id": "zed"},
        {"edit": "add_organisation", "id": "nasa"},
        {"edit": "add_link", "link": {"membership": {"individual": "ghost", "organisation": "nasa"}}}]"#;
    let (status, version, body) = post(&served.url("/v1/edits"), JSON, refused, None);
    assert_eq!((status, version), (422, Some(0)), "{body}");
    let problems = json(&body)["error"]["problems"].as_array().unwrap().clone();
    assert!(
        problems
            .iter()
            .any(|p| p.as_str().unwrap().starts_with("edits[1]")),
        "{body}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.as_str().unwrap().starts_with("edits[2]")),
        "{body}"
    );
    let (_, version, document) = get(&served.url("/v1/model"), None);
    assert_eq!(version, Some(0));
    assert_eq!(
        json(&document),
        serde_json::to_value(sample().to_document()).unwrap()
    );

    let (status, _, body) = post(
        &served.url("/v1/edits"),
        JSON,
        "[{\"edit\": \"add_individual\"",
        None,
    );
    assert_eq!(status, 400);
    assert!(body.contains("line 1"), "{body}");

    let accepted = r#"[{"edit": "add_individual", "id": "zed"},
        {"edit": "remove_link", "link": {"usage": {"user": "fan", "service": "nfl-broadcast"}}}]"#;
    let (status, version, body) = post(&served.url("/v1/edits"), JSON, accepted, None);
    assert_eq!(status, 200, "{body}");
    let answer = json(&body);
    assert_eq!(Some(answer["version"].as_u64().unwrap()), version);
    assert_eq!(
        answer["removed"],
        json(r#"[{"usage": {"user": "fan", "service": "nfl-broadcast"}}]"#)
    );
    let (_, _, found) = get(&served.url("/v1/find?q=zed"), None);
    assert_eq!(json(&found)["found"]["id"], "zed");
}

#[test]
fn reload_applies_a_whole_document_as_one_journalled_batch() {
    let dir = TempDir::new("reload");
    let mut served = Served::sample(&["--journal", dir.path()]);
    // The sample, re-imported: a new person, nasa re-parented, a renamed
    // service, the fan gone with their link.
    let mut doc = sample().to_document();
    doc.individuals.retain(|i| i.id != "fan");
    doc.usage.retain(|u| u.user != "fan");
    doc.individuals.push(svcrel::Individual::new("new-hire"));
    doc.memberships
        .push(svcrel::Membership::new("new-hire", "goddard-apps"));
    for o in &mut doc.organisations {
        if o.id == "nasa" {
            o.parent = None;
        }
    }
    for s in &mut doc.services {
        if s.id == "acme-email" {
            s.name = Some("Acme mail".into());
        }
    }
    let body = serde_json::to_string(&doc).unwrap();
    let (status, version, answer) = post(&served.url("/v1/reload"), JSON, &body, None);
    assert_eq!(status, 200, "{answer}");
    let answer = json(&answer);
    assert_eq!(Some(answer["version"].as_u64().unwrap()), version);
    assert!(version.unwrap() > 0);
    assert_eq!(
        answer["counts"],
        json(
            r#"{"entities_added": 1, "entities_removed": 1, "entities_changed": 2, "links_added": 1, "links_removed": 1}"#
        )
    );
    let (_, _, top) = get(&served.url("/v1/find?q=new-hire"), None);
    assert_eq!(json(&top)["found"]["id"], "new-hire");
    let (_, _, suggested) = get(&served.url("/v1/suggest?q=new-h"), None);
    assert_eq!(json(&suggested)["suggestions"][0]["id"], "new-hire");

    // The same document again: nothing to do, the same version.
    let (status, again, answer) = post(&served.url("/v1/reload"), JSON, &body, None);
    assert_eq!((status, again), (200, version), "{answer}");

    // An invalid document: every problem, nothing changed.
    let bad = r#"{"version": 1, "usage": [{"user": "x", "service": "y"}, {"user": "z", "service": "y"}]}"#;
    let (status, still, answer) = post(&served.url("/v1/reload"), JSON, bad, None);
    assert_eq!(status, 422, "{answer}");
    assert!(still.is_none() || still == version);
    let problems = json(&answer)["error"]["problems"].as_array().unwrap().len();
    assert!(problems >= 4, "{answer}");

    // Another email policy: refused, as no edit changes it.
    let mut shared = doc.clone();
    shared.email_policy = svcrel::EmailPolicy::Shared;
    let shared = serde_json::to_string(&shared).unwrap();
    let (status, _, answer) = post(&served.url("/v1/reload"), JSON, &shared, None);
    assert_eq!(status, 400, "{answer}");
    assert!(answer.contains("email_policy"), "{answer}");

    // Journalled: a restart replays it.
    served.kill();
    let served = Served::start(&["--model", SAMPLE_PATH, "--journal", dir.path()]);
    served.wait_ready();
    let (_, _, document) = get(&served.url("/v1/model"), None);
    let mut got: svcrel::Document = serde_json::from_str(&document).unwrap();
    let sort = |d: &mut svcrel::Document| {
        let mut all: Vec<String> = serde_json::to_value(&*d)
            .unwrap()
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(k, v)| {
                v.as_array()
                    .into_iter()
                    .flatten()
                    .map(move |x| format!("{k}:{x}"))
            })
            .collect();
        all.sort();
        all
    };
    assert_eq!(sort(&mut got), sort(&mut doc));
}

/// A batch that adds person `i` and their membership: half a batch is a
/// person without one.
fn person(i: usize) -> String {
    format!(
        r#"[{{"edit": "add_individual", "id": "crash-{i}"}}, {{"edit": "add_link", "link": {{"membership": {{"individual": "crash-{i}", "organisation": "nasa"}}}}}}]"#
    )
}

/// The people of the crash test in a document, and whether each has
/// their membership.
fn people(document: &Value) -> Vec<(usize, bool)> {
    let members: Vec<&str> = document["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["individual"].as_str())
        .collect();
    let mut found: Vec<(usize, bool)> = document["individuals"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| {
            i["id"]
                .as_str()?
                .strip_prefix("crash-")
                .map(|n| (i["id"].as_str().unwrap(), n))
        })
        .map(|(id, n)| (n.parse().unwrap(), members.contains(&id)))
        .collect();
    found.sort();
    found
}

#[test]
fn every_acknowledged_batch_survives_a_kill() {
    let dir = TempDir::new("crash");
    let mut served = Served::sample(&["--journal", dir.path()]);
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let sender = {
        let (url, acknowledged) = (served.url("/v1/edits"), Arc::clone(&acknowledged));
        std::thread::spawn(move || {
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .timeout_global(Some(PATIENCE))
                .build()
                .into();
            for i in 0..100_000 {
                let sent = agent
                    .post(&url)
                    .header("Content-Type", JSON)
                    .send(person(i));
                match sent {
                    Ok(response) if response.status() == 200 => {
                        acknowledged.lock().unwrap().push(i)
                    }
                    _ => return,
                }
            }
        })
    };
    let start = Instant::now();
    while acknowledged.lock().unwrap().len() < 30 {
        assert!(
            start.elapsed() < PATIENCE,
            "too few batches: {}",
            served.stderr()
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    served.kill();
    sender.join().unwrap();
    let acknowledged = acknowledged.lock().unwrap().clone();

    let served = Served::start(&["--model", SAMPLE_PATH, "--journal", dir.path()]);
    served.wait_ready();
    let (_, _, document) = get(&served.url("/v1/model"), None);
    let found = people(&json(&document));
    assert!(
        found.iter().all(|&(_, member)| member),
        "half a batch: {found:?}"
    );
    let found: Vec<usize> = found.into_iter().map(|(i, _)| i).collect();
    // Every acknowledged batch is there; at most the one in flight more.
    assert_eq!(found[..acknowledged.len()], acknowledged[..]);
    assert!(found.len() <= acknowledged.len() + 1, "{found:?}");
}

/// Serves with a journal in `dir`, adds people 0 to 2 in three batches,
/// kills the service; the journal's path.
fn three_batches_then_a_kill(dir: &TempDir) -> std::path::PathBuf {
    let mut served = Served::sample(&["--journal", dir.path()]);
    for i in 0..3 {
        assert_eq!(
            post(&served.url("/v1/edits"), JSON, &person(i), None).0,
            200
        );
    }
    served.kill();
    dir.0.join("journal.log")
}

#[test]
fn a_torn_journal_tail_is_dropped_with_a_warning() {
    let dir = TempDir::new("torn");
    let journal = three_batches_then_a_kill(&dir);
    let whole = std::fs::read(&journal).unwrap();
    let mut torn = whole[..whole.len() - 7].to_vec();
    torn.extend_from_slice(b"\xde\xad garbage \x00\xff");
    std::fs::write(&journal, &torn).unwrap();

    let mut served = Served::start(&["--model", SAMPLE_PATH, "--journal", dir.path()]);
    served.wait_ready();
    let warning = served.stderr();
    assert!(
        warning.contains("warning:") && warning.contains("journal.log"),
        "{warning}"
    );
    assert!(
        warning.contains(&format!("at byte {}", whole.len() / 3 * 2)),
        "{warning}"
    );
    let (_, _, document) = get(&served.url("/v1/model"), None);
    assert_eq!(people(&json(&document)), [(0, true), (1, true)]);
    // The torn tail is gone from the file: a new batch and a restart.
    assert_eq!(
        post(&served.url("/v1/edits"), JSON, &person(3), None).0,
        200
    );
    served.kill();
    let served = Served::start(&["--model", SAMPLE_PATH, "--journal", dir.path()]);
    served.wait_ready();
    assert!(!served.stderr().contains("warning"), "{}", served.stderr());
    let (_, _, document) = get(&served.url("/v1/model"), None);
    assert_eq!(people(&json(&document)), [(0, true), (1, true), (3, true)]);
}

#[test]
fn a_corrupt_record_before_the_last_refuses_to_start() {
    let dir = TempDir::new("corrupt");
    let journal = three_batches_then_a_kill(&dir);
    let mut bytes = std::fs::read(&journal).unwrap();
    bytes[20] ^= 0x20;
    std::fs::write(&journal, &bytes).unwrap();
    let output = util::cli::svcrel(
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--model",
            SAMPLE_PATH,
            "--journal",
            dir.path(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = util::cli::stderr(&output);
    assert!(
        stderr.contains("journal.log") && stderr.contains("corrupt at byte 0"),
        "{stderr}"
    );
}

#[test]
fn sigterm_compacts_the_journal() {
    let dir = TempDir::new("term");
    let mut served = Served::sample(&["--journal", dir.path()]);
    assert_eq!(
        post(&served.url("/v1/edits"), JSON, &person(0), None).0,
        200
    );
    assert!(served.terminate().success(), "{}", served.stderr());
    assert_eq!(
        std::fs::metadata(dir.0.join("journal.log")).unwrap().len(),
        0
    );
    let served = Served::start(&["--model", SAMPLE_PATH, "--journal", dir.path()]);
    served.wait_ready();
    let (_, _, document) = get(&served.url("/v1/model"), None);
    assert_eq!(people(&json(&document)), [(0, true)]);
}

#[test]
fn tokens_guard_every_route_but_health() {
    let token = TempFile::new("token", "s3cret-token\n");
    let served = Served::sample(&["--token-file", token.path()]);
    let url = served.url("/v1/find?q=dana");
    for given in [
        None,
        Some("wrong"),
        Some("s3cret-toke"),
        Some("s3cret-token-"),
    ] {
        let (status, _, body) = get(&url, given);
        assert_eq!(status, 401, "{given:?}");
        assert_eq!(json(&body)["error"]["kind"], "unauthorized");
    }
    assert_eq!(get(&url, Some("s3cret-token")).0, 200);
    assert_eq!(get(&served.url("/metrics"), None).0, 401);
    assert_eq!(post(&served.url("/v1/edits"), JSON, "[]", None).0, 401);
    assert_eq!(get(&served.url("/healthz"), None).0, 200);
    assert_eq!(get(&served.url("/readyz"), None).0, 200);
    // The agent's page holds no data: it is served without the token, and
    // asks for it when the service answers 401.
    let (status, _, page) = get(&served.url("/"), None);
    assert_eq!(status, 200);
    assert!(page.contains("token-form"));
    // Beyond loopback, no token is refused.
    let output = util::cli::svcrel(
        &["serve", "--listen", "0.0.0.0:0", "--model", SAMPLE_PATH],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(util::cli::stderr(&output).contains("--insecure"));
}

#[test]
fn bodies_over_the_limit_get_413() {
    let served = Served::sample(&["--max-body", "1000"]);
    let big = format!(r#"{{"query": "find", "q": "{}"}}"#, "x".repeat(2000));
    for path in ["/v1/ask", "/v1/edits", "/v1/batch"] {
        let (status, _, body) = post(&served.url(path), JSON, &big, None);
        assert_eq!(status, 413, "{path}: {body}");
        assert_eq!(json(&body)["error"]["kind"], "body_too_large");
    }
    assert_eq!(
        post(
            &served.url("/v1/ask"),
            JSON,
            r#"{"query": "find", "q": "dana"}"#,
            None
        )
        .0,
        200
    );
}

/// Sends raw bytes, and returns what came back before the server closed
/// or a second passed.
fn raw(addr: &str, bytes: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(1)))
        .unwrap();
    let _ = stream.write_all(bytes);
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let mut back = Vec::new();
    let _ = stream.read_to_end(&mut back);
    back
}

#[test]
fn malformed_requests_never_break_it() {
    let served = Served::sample(&[]);
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for i in 0..1000 {
        let request: Vec<u8> = match i % 5 {
            0 => (0..next() % 512).map(|_| next() as u8).collect(),
            1 => b"DELETE /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".to_vec(),
            // Headers the service reads, and headers over its limit.
            2 => format!(
                "GET /v1/find?q=a HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
                "a".repeat(if i % 2 == 0 { 100_000 } else { 1_000_000 })
            )
            .into_bytes(),
            3 => {
                let body: String = (0..next() % 64)
                    .map(|_| char::from(b'!' + (next() % 90) as u8))
                    .collect();
                format!("POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
            }
            _ => b"POST /v1/edits HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n[{,}]".to_vec(),
        };
        let back = raw(&served.addr, &request);
        let text = String::from_utf8_lossy(&back);
        assert!(!text.starts_with("HTTP/1.1 5"), "{i}: {text}");
        // Every answer, the HTTP library's own to bytes it cannot parse
        // included, is an error object; random bytes that never end a
        // request's head may get none before the client closes.
        if i % 5 == 2 && i % 2 == 0 {
            assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{i}: {text}");
        } else if !back.is_empty() || i % 5 != 0 {
            let status: u16 = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
            assert!(matches!(status, 400 | 405 | 404 | 422 | 431), "{i}: {text}");
            assert!(
                text.contains("content-type: application/json\r\n"),
                "{i}: {text}"
            );
            assert!(text.contains("{\"error\":{\"kind\":"), "{i}: {text}");
        }
    }
    let (status, _, body) = get(&served.url("/v1/find?q=dana"), None);
    assert_eq!(status, 200);
    assert_eq!(json(&body)["found"]["id"], "dana");
}

#[test]
fn ready_once_the_model_is_loaded() {
    let fifo = TempFile::unwritten("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(fifo.path())
        .status()
        .unwrap();
    assert!(made.success());
    let served = Served::start(&["--model", fifo.path()]);
    assert_eq!(get(&served.url("/healthz"), None).0, 200);
    let (status, _, body) = get(&served.url("/readyz"), None);
    assert_eq!(status, 503);
    assert_eq!(json(&body)["error"]["kind"], "not_ready");
    assert_eq!(get(&served.url("/v1/find?q=dana"), None).0, 503);
    std::fs::write(fifo.path(), util::SAMPLE).unwrap();
    served.wait_ready();
    assert_eq!(get(&served.url("/v1/find?q=dana"), None).0, 200);
    assert!(served.stdout().contains("ready, model version 0"));
}

#[test]
fn a_party_is_found_by_email_in_the_path() {
    let directory = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/identity/directory.json"
    );
    let served = Served::start(&["--model", directory]);
    served.wait_ready();
    let (status, _, body) = get(
        &served.url("/v1/triage/Ann.Lee@acme.example/crm?as_of=any"),
        None,
    );
    assert_eq!(status, 200, "{body}");
    let answer = json(&body);
    assert_eq!(
        (answer["party"].as_str(), answer["matched"].as_str()),
        (Some("ann"), Some("email"))
    );
    assert_eq!(answer["contacts"][0]["email"], "bob@acme.example");
    let (status, _, body) = get(&served.url("/v1/find?q=scim:2819c223"), None);
    assert_eq!(status, 200, "{body}");
    assert_eq!(json(&body)["found"]["match"], "external_id");
}

#[test]
fn the_agent_page_is_served_whole_from_the_binary() {
    let served = Served::sample(&[]);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut bodies = Vec::new();
    for (path, media_type) in [
        ("/", "text/html; charset=utf-8"),
        ("/agent.js", "text/javascript; charset=utf-8"),
        ("/agent.css", "text/css; charset=utf-8"),
    ] {
        let mut response = agent.get(served.url(path)).call().expect("an answer");
        assert_eq!(response.status(), 200, "{path}");
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(header("content-type"), media_type, "{path}");
        assert_eq!(header("x-content-type-options"), "nosniff");
        // Nothing from elsewhere may load or run, and no inline script.
        let policy = header("content-security-policy");
        assert!(
            policy.starts_with("default-src 'none'; script-src 'self';"),
            "{policy}"
        );
        assert!(policy.contains("connect-src 'self'"), "{policy}");
        bodies.push(response.body_mut().read_to_string().expect("text"));
    }
    let page = &bodies[0];
    assert!(page.contains(r#"<script src="agent.js" defer></script>"#));
    assert!(page.contains(r#"<link rel="stylesheet" href="agent.css">"#));
    assert!(
        !page.contains("<script>") && !page.contains("style="),
        "inline script or style"
    );
    // No address outside the service: the one URL is SVG's namespace,
    // a name, not fetched.
    for body in &bodies {
        let outside = body
            .match_indices("//")
            .filter(|(i, _)| body[..*i].ends_with("http:") || body[..*i].ends_with("https:"))
            .map(|(i, _)| &body[i - 5..(i + 30).min(body.len())])
            .filter(|url| !url.contains("//www.w3.org/2000/svg"))
            .collect::<Vec<_>>();
        assert!(
            outside.is_empty(),
            "addresses outside the service: {outside:?}"
        );
    }
    // The page asks the service's own routes, relative to where it is.
    let script = &bodies[1];
    for route in ["\"v1/suggest?", "\"v1/find?", "\"v1/ask\""] {
        assert!(script.contains(route), "the script does not ask {route}");
    }
    assert!(
        !script.contains("innerHTML"),
        "text from the model must not become markup"
    );
}
