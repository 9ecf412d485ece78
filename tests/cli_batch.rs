//! `svcrel batch`: questions as JSON lines on stdin, one answer per line
//! on stdout, in the shapes the single-question commands print with
//! `--json`; a bad line gets an error object and the rest goes on.

#![cfg(feature = "cli")]

mod util;

use serde_json::{Value, json};
use util::cli::{answered, stderr, svcrel, svcrel_bytes};
use util::{SAMPLE_PATH, TempFile};

/// Runs `svcrel batch` on the sample; status 0, nothing on stderr, and
/// each line of stdout parsed.
fn batch(questions: &[u8]) -> Vec<Value> {
    let text = answered(&svcrel_bytes(
        &["batch", "--model", SAMPLE_PATH],
        Some(questions),
    ));
    assert!(text.ends_with('\n') || text.is_empty(), "{text:?}");
    text.lines()
        .map(|line| serde_json::from_str(line).expect("each line is one JSON object"))
        .collect()
}

/// What a single-question command prints with `--json`, parsed.
fn single(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--model", SAMPLE_PATH, "--json"]);
    let out = svcrel(&all, None);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("--json prints JSON")
}

fn error_on(answer: &Value, line: u64, mentions: &str) {
    assert_eq!(answer["line"], json!(line), "{answer}");
    let message = answer["error"].as_str().expect("an error message");
    assert!(
        message.contains(mentions),
        "{message:?} should mention {mentions:?}"
    );
    assert_eq!(answer.as_object().map(|o| o.len()), Some(2), "{answer}");
}

#[test]
fn good_and_bad_lines_each_get_their_answer() {
    let questions = [
        r#"{"query": "relation", "party": "dana", "service": "expense-app"}"#,
        r#"this is not JSON"#,
        r#"{"query": "customers", "service": "expense-app", "max_chain": 2}"#,
        r#"{"query": "customers", "service": "expense-app", "max_chian": 2}"#,
        "",
        r#"{"query": "consumers", "service": "build-farm", "as_of": "2026-01-01"}"#,
        r#"{"query": "relation", "party": "nobody", "service": "expense-app"}"#,
        r#"{"query": "relation", "service": "expense-app"}"#,
        r#"{"query": "customers", "party": "dana", "service": "expense-app"}"#,
        r#"{"query": "consumers", "service": "build-farm", "as_of": "2026-02-30"}"#,
        r#"{"query": "consumers", "service": "build-farm", "max_chain": -1}"#,
        r#"{"query": "owners", "service": "build-farm"}"#,
        r#"{"query": "relation", "party": "mary", "service": "acme-email", "as_of": "2028-06-01", "max_chain": 2}"#,
    ]
    .join("\n");
    let answers = batch(questions.as_bytes());
    assert_eq!(answers.len(), 12, "one answer per non-blank line");
    assert_eq!(answers[0], single(&["relation", "dana", "expense-app"]));
    error_on(&answers[1], 2, "expected");
    assert_eq!(
        answers[2],
        single(&["customers", "expense-app", "--max-chain", "2"])
    );
    error_on(&answers[3], 4, "unknown field `max_chian`");
    // Line 5 is blank: skipped, but counted.
    assert_eq!(
        answers[4],
        single(&["consumers", "build-farm", "--as-of", "2026-01-01"])
    );
    error_on(&answers[5], 7, "nobody");
    error_on(&answers[6], 8, "needs a party");
    error_on(&answers[7], 9, "only for relation");
    error_on(&answers[8], 10, "as_of");
    error_on(&answers[9], 11, "-1");
    error_on(&answers[10], 12, "owners");
    // The last line has no newline and is answered all the same.
    assert_eq!(
        answers[11],
        single(&[
            "relation",
            "mary",
            "acme-email",
            "--as-of",
            "2028-06-01",
            "--max-chain",
            "2"
        ])
    );
}

#[test]
fn answers_have_the_shapes_of_the_json_output() {
    let answers = batch(
        concat!(
            r#"{"query": "customers", "service": "expense-app"}"#,
            "\n",
            r#"{"query": "consumers", "service": "build-farm"}"#,
            "\n",
            r#"{"query": "relation", "party": "dana", "service": "expense-app"}"#,
            "\n",
        )
        .as_bytes(),
    );
    let keys = |v: &Value| {
        let mut keys: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&answers[0]), ["customers", "service"]);
    assert_eq!(
        keys(&answers[0]["customers"][0]),
        ["distance", "kind", "party", "path", "scope", "via"]
    );
    assert_eq!(keys(&answers[1]), ["consumers", "service", "services"]);
    assert_eq!(keys(&answers[2]), ["party", "roles", "service"]);
    assert_eq!(answers[2]["roles"][0]["role"], "customer");
}

#[test]
fn a_line_that_is_not_utf8_gets_an_error_and_the_next_is_answered() {
    let mut input = b"\xff\xfe\n".to_vec();
    input.extend_from_slice(br#"{"query": "customers", "service": "expense-app"}"#);
    input.push(b'\n');
    let answers = batch(&input);
    assert_eq!(answers.len(), 2);
    error_on(&answers[0], 1, "UTF-8");
    assert_eq!(answers[1]["service"], "expense-app");
}

#[test]
fn no_questions_no_answers() {
    assert!(batch(b"").is_empty());
    assert!(batch(b"\n  \n").is_empty());
}

#[test]
fn an_invalid_model_answers_nothing() {
    let broken = TempFile::new(
        "broken",
        r#"{"version": 1, "usage": [{"user": "ghost", "service": "mail"}]}"#,
    );
    let question = Some(r#"{"query": "customers", "service": "mail"}"#);
    let out = svcrel(&["batch", "--model", broken.path()], question);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("ghost"), "{}", stderr(&out));
    let missing = TempFile::unwritten("missing");
    let out = svcrel(&["batch", "--model", missing.path()], question);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

#[test]
fn usage_errors() {
    // The questions come on stdin, so the model cannot.
    let out = svcrel(&["batch", "--model", "-"], Some("{}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("--model -"), "{}", stderr(&out));
    let out = svcrel(&["batch"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = svcrel(&["batch", "--model", SAMPLE_PATH, "extra"], None);
    assert_eq!(out.status.code(), Some(2));
}
