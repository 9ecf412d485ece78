//! `svcrel batch`: questions as JSON lines on stdin, one answer per line
//! on stdout, through the library's protocol (`Model::ask`), in the
//! shapes the single-question commands print with `--json`; a bad line
//! gets an error object and the rest goes on. Every line it prints here
//! is checked against the committed schemas.
//!
//! The single-question commands answer through the same protocol: their
//! `--json` is `Model::ask`'s answer, and their text agrees with it,
//! both as of the same day.

#![cfg(feature = "cli")]

mod util;

use serde_json::{Value, json};
use svcrel::{AsOf, Date, Evidence, Model, Question};
use util::cli::{answered, json_answer, stderr, svcrel, svcrel_in};
use util::schema::Schemas;
use util::{SAMPLE_PATH, TempFile};

/// The day the tests fix as "today" (`SVCREL_TODAY`).
const TODAY: &str = "2026-06-01";

/// Runs `svcrel batch` on the sample with "today" fixed at [`TODAY`];
/// status 0, nothing on stderr, and each line of stdout parsed and valid
/// against the schemas.
fn batch(questions: &[u8]) -> Vec<Value> {
    batch_on(SAMPLE_PATH, &[("SVCREL_TODAY", TODAY)], questions)
}

/// Runs `svcrel batch` on a model in an environment (see [`batch`]).
fn batch_on(model: &str, env: &[(&str, &str)], questions: &[u8]) -> Vec<Value> {
    let text = answered(&svcrel_in(
        env,
        &["batch", "--model", model],
        Some(questions),
    ));
    assert!(text.ends_with('\n') || text.is_empty(), "{text:?}");
    let schemas = Schemas::committed();
    text.lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line).expect("each line is one JSON object");
            schemas.assert_batch_line(&value);
            value
        })
        .collect()
}

/// What a single-question command prints with `--json`, parsed.
fn single(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--model", SAMPLE_PATH, "--json"]);
    json_answer(&svcrel(&all, None))
}

/// Asserts that `answer` is an error of `kind` on line `line` whose
/// message mentions `mentions`.
fn error_on(answer: &Value, line: u64, kind: &str, mentions: &str) {
    assert_eq!(answer["line"], json!(line), "{answer}");
    assert_eq!(answer["error"]["kind"], kind, "{answer}");
    let message = answer["error"]["message"]
        .as_str()
        .expect("an error message");
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
    // Without `as_of`, a question is answered as of today.
    assert_eq!(
        answers[0],
        single(&["relation", "dana", "expense-app", "--as-of", TODAY])
    );
    assert_eq!(answers[0]["as_of"], TODAY);
    error_on(&answers[1], 2, "invalid_question", "expected");
    assert_eq!(
        answers[2],
        single(&[
            "customers",
            "expense-app",
            "--max-chain",
            "2",
            "--as-of",
            TODAY
        ])
    );
    error_on(
        &answers[3],
        4,
        "invalid_question",
        "unknown field `max_chian`",
    );
    // Line 5 is blank: skipped, but counted.
    assert_eq!(
        answers[4],
        single(&["consumers", "build-farm", "--as-of", "2026-01-01"])
    );
    error_on(&answers[5], 7, "unknown_id", "nobody");
    assert_eq!(answers[5]["error"]["id"], "nobody");
    error_on(&answers[6], 8, "invalid_question", "missing field `party`");
    error_on(&answers[7], 9, "invalid_question", "unknown field `party`");
    error_on(&answers[8], 10, "invalid_question", "as_of");
    error_on(&answers[9], 11, "invalid_question", "max_chain -1");
    error_on(&answers[10], 12, "invalid_question", "owners");
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
fn every_kind_of_question_is_answered_as_its_command_answers() {
    let answers = batch(
        [
            r#"{"query": "triage", "party": "teacher-ann", "service": "desktop-support", "as_of": "any"}"#,
            r#"{"query": "impact", "service": "sso", "as_of": "any", "max_chain": 0}"#,
            r#"{"query": "customers", "service": "expense-app", "as_of": "any", "evidence": "via"}"#,
            r#"{"query": "consumers", "service": "sso", "as_of": "any", "evidence": "via"}"#,
            r#"{"query": "find", "q": "Dana Reyes"}"#,
        ]
        .join("\n")
        .as_bytes(),
    );
    assert_eq!(
        answers[0],
        single(&["triage", "teacher-ann", "desktop-support", "--as-of", "any"])
    );
    assert_eq!(answers[0]["payer"], "council-education");
    assert_eq!(
        answers[1],
        single(&["impact", "sso", "--max-chain", "0", "--as-of", "any"])
    );
    assert_eq!(
        answers[2],
        single(&[
            "customers",
            "expense-app",
            "--evidence",
            "via",
            "--as-of",
            "any"
        ])
    );
    assert_eq!(
        answers[3],
        single(&["consumers", "sso", "--evidence", "via", "--as-of", "any"])
    );
    assert_eq!(answers[4]["found"]["id"], "dana");
    assert_eq!(answers[4]["found"]["match"], "name");
}

#[test]
fn answers_have_the_shapes_of_the_json_output_with_fields_added() {
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
    let added = ["as_of", "max_chain", "version"];
    let with = |spec: &[&str], more: &[&str]| {
        let mut all: Vec<String> = spec.iter().chain(more).map(|s| s.to_string()).collect();
        all.sort();
        all
    };
    assert_eq!(
        keys(&answers[0]),
        with(
            &["customers", "service"],
            &[&added[..], &["service_name", "total"]].concat()
        )
    );
    assert_eq!(
        keys(&answers[0]["customers"][0]),
        ["distance", "kind", "name", "party", "path", "scope", "via"]
    );
    assert_eq!(
        keys(&answers[0]["customers"][0]["via"]),
        ["id", "link", "name"]
    );
    assert_eq!(
        keys(&answers[1]),
        with(
            &["consumers", "service", "services"],
            &[&added[..], &["service_name", "services_total", "total"]].concat()
        )
    );
    assert_eq!(
        keys(&answers[2]),
        with(
            &["party", "roles", "service"],
            &[
                &added[..],
                &["evidence", "names", "party_name", "service_name"]
            ]
            .concat()
        )
    );
    assert_eq!(answers[2]["roles"][0]["role"], "customer");
    assert_eq!(answers[0]["max_chain"], json!({"customer": 1}));
    assert_eq!(answers[1]["max_chain"], json!({"consumer": null}));
    assert_eq!(
        answers[2]["max_chain"],
        json!({"customer": 1, "consumer": null})
    );
}

#[test]
fn today_comes_from_svcrel_today() {
    // United Airlines funded the NFL's broadcast from September 2012 until
    // March 2020: as of today it is no customer, as of any date it is.
    let question =
        br#"{"query": "triage", "party": "united-airlines", "service": "nfl-broadcast"}"#;
    let ask = |today: &str, question: &[u8]| {
        batch_on(SAMPLE_PATH, &[("SVCREL_TODAY", today)], question).remove(0)
    };
    let now = ask("2026-11-22", question);
    assert_eq!(now["as_of"], "2026-11-22");
    assert_eq!(now["entitled"], false);
    assert_eq!(now["payer"], Value::Null);
    assert_eq!(now["roles"], json!([]));
    let then = ask("2015-06-01", question);
    assert_eq!(then["entitled"], true);
    assert_eq!(then["payer"], "united-airlines");
    let any = ask(
        "2026-11-22",
        br#"{"query": "triage", "party": "united-airlines", "service": "nfl-broadcast", "as_of": "any"}"#,
    );
    assert_eq!(any["as_of"], "any");
    assert_eq!(any["entitled"], true);
    assert_eq!(any["payer"], "united-airlines");
    assert_eq!(any["payer_name"], "United Airlines");
    // "today" said outright is the same as no as_of.
    let said = ask(
        "2026-11-22",
        br#"{"query": "triage", "party": "united-airlines", "service": "nfl-broadcast", "as_of": "today"}"#,
    );
    assert_eq!(said, now);
    // A malformed SVCREL_TODAY fails the questions that need today, and
    // names the variable; the others are answered.
    let answers = batch_on(
        SAMPLE_PATH,
        &[("SVCREL_TODAY", "22/11/2026")],
        b"{\"query\": \"impact\", \"service\": \"sso\"}\n{\"query\": \"impact\", \"service\": \"sso\", \"as_of\": \"any\"}\n",
    );
    error_on(&answers[0], 1, "invalid_question", "SVCREL_TODAY");
    assert_eq!(answers[1]["service"], "sso");
}

#[test]
fn each_kind_of_error_is_an_object() {
    let answers = batch(
        [
            r#"{"query": "customers", "service": "expense-ap"}"#,
            r#"{"query": "customers", "service": "dana"}"#,
            r#"{"query": "triage", "party": "sso", "service": "sso"}"#,
            r#"{"query": "find"}"#,
        ]
        .join("\n")
        .as_bytes(),
    );
    error_on(&answers[0], 1, "unknown_id", "expense-ap");
    assert_eq!(answers[0]["error"]["did_you_mean"], "expense-app");
    error_on(&answers[1], 2, "wrong_kind", "dana");
    assert_eq!(answers[1]["error"]["found"], "individual");
    error_on(&answers[2], 3, "wrong_kind", "sso");
    error_on(&answers[3], 4, "invalid_question", "missing field `q`");
}

#[test]
fn a_line_that_is_not_utf8_gets_an_error_and_the_next_is_answered() {
    let mut input = b"\xff\xfe\n".to_vec();
    input.extend_from_slice(br#"{"query": "customers", "service": "expense-app"}"#);
    input.push(b'\n');
    let answers = batch(&input);
    assert_eq!(answers.len(), 2);
    error_on(&answers[0], 1, "invalid_question", "UTF-8");
    assert_eq!(answers[1]["service"], "expense-app");
}

#[test]
fn a_line_too_long_gets_an_error_and_the_next_is_answered() {
    // The same question padded with spaces to the limit, newline
    // included, and one byte past it.
    let question = r#"{"query": "find", "q": "dana"}"#;
    let padded = |len: usize| format!("{question}{}\n", " ".repeat(len - question.len() - 1));
    let within = padded(svcrel::MAX_LINE_BYTES);
    let past = padded(svcrel::MAX_LINE_BYTES + 1);
    let input = format!("{within}{past}{question}\n");
    let answers = batch(input.as_bytes());
    assert_eq!(answers.len(), 3);
    assert_eq!(answers[0]["found"]["id"], "dana");
    error_on(
        &answers[1],
        2,
        "invalid_question",
        "longer than 1048576 bytes",
    );
    assert_eq!(answers[2]["found"]["id"], "dana");
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

// ---------------------------------------------------------------------
// The single-question commands answer through the same protocol
// ---------------------------------------------------------------------

/// The day `util::cli` fixes as "today" for every run of the program.
fn fixed_today() -> AsOf {
    AsOf::On(svcrel::parse_date(util::cli::TODAY).expect("TODAY is a date"))
}

#[test]
fn json_output_is_the_library_s_answer_to_the_same_question() {
    let model = Model::from_json_file(SAMPLE_PATH).expect("the sample loads");
    // A command without --as-of asks as of today, which SVCREL_TODAY
    // fixes: asked here, the same question names that day.
    let today = fixed_today();
    let cases: Vec<(&[&str], Question)> = vec![
        (
            &[
                "customers",
                "expense-app",
                "--max-chain",
                "3",
                "--limit",
                "5",
            ],
            Question::customers("expense-app")
                .max_chain(3)
                .limit(5)
                .as_of(today)
                .into(),
        ),
        (
            &[
                "customers",
                "nfl-broadcast",
                "--as-of",
                "any",
                "--evidence",
                "via",
            ],
            Question::customers("nfl-broadcast")
                .as_of(AsOf::Any)
                .evidence(Evidence::Via)
                .into(),
        ),
        (
            &["consumers", "directory", "--limit", "1"],
            Question::consumers("directory")
                .limit(1)
                .as_of(today)
                .into(),
        ),
        (
            &[
                "consumers",
                "desktop-support",
                "--summary",
                "--as-of",
                "2018-06-01",
            ],
            Question::consumers("desktop-support")
                .summary()
                .as_of(Date::constant(2018, 6, 1))
                .into(),
        ),
        (
            &[
                "relation",
                "mary",
                "acme-email",
                "--as-of",
                "2028-06-01",
                "--max-chain",
                "2",
            ],
            Question::relation("mary", "acme-email")
                .as_of(Date::constant(2028, 6, 1))
                .max_chain(2)
                .into(),
        ),
        (
            &["relation", "head-of-education", "desktop-support"],
            Question::relation("head-of-education", "desktop-support")
                .as_of(today)
                .into(),
        ),
        (
            &["triage", "united-airlines", "nfl-broadcast"],
            Question::triage("united-airlines", "nfl-broadcast")
                .as_of(today)
                .into(),
        ),
        (
            &["triage", "teacher-ann", "desktop-support", "--as-of", "any"],
            Question::triage("teacher-ann", "desktop-support")
                .as_of(AsOf::Any)
                .into(),
        ),
        (
            &["impact", "sso", "--max-chain", "0"],
            Question::impact("sso").max_chain(0).as_of(today).into(),
        ),
        (
            &["impact", "desktop-support", "--summary", "--as-of", "today"],
            Question::impact("desktop-support")
                .summary()
                .as_of(today)
                .into(),
        ),
    ];
    let mut kinds: Vec<&str> = Vec::new();
    for (args, question) in cases {
        let mut all = args.to_vec();
        all.extend(["--model", SAMPLE_PATH, "--json"]);
        let output = svcrel(&all, None);
        json_answer(&output);
        let answer = model
            .ask(&question)
            .unwrap_or_else(|e| panic!("{args:?}: {e}"));
        let expected = serde_json::to_string(&answer).expect("an answer serialises");
        assert_eq!(answered(&output), format!("{expected}\n"), "{args:?}");
        kinds.push(question.kind());
    }
    kinds.dedup();
    assert_eq!(
        kinds,
        ["customers", "consumers", "relation", "triage", "impact"]
    );
}

/// The roles a `relation` text lists: the first word of each line that
/// is not indented, after the first blank line.
fn roles_in_text(text: &str) -> Vec<String> {
    text.split_once("\n\n")
        .map_or("", |(_, rest)| rest)
        .lines()
        .filter(|l| !l.starts_with(' '))
        .map(|l| l.split_whitespace().next().unwrap_or("").to_owned())
        .collect()
}

/// The roles of a JSON answer, by name.
fn roles_in_json(answer: &Value) -> Vec<String> {
    answer["roles"]
        .as_array()
        .expect("roles")
        .iter()
        .map(|r| r["role"].as_str().expect("a role").to_owned())
        .collect()
}

#[test]
fn mary_s_roles_change_on_the_day_today_is() {
    // Mary becomes VP of Finance, overseer of Acme IT and its partner on
    // 2027-01-01; the day before, she is an accountant who uses the mail.
    let ask = |today: &str, json: bool| {
        let mut args = vec!["relation", "mary", "acme-email", "--model", SAMPLE_PATH];
        if json {
            args.push("--json");
        }
        svcrel_in(&[("SVCREL_TODAY", today)], &args, None)
    };
    for (today, roles) in [
        ("2026-12-31", &["consumer", "colleague"][..]),
        (
            "2027-01-01",
            &["consumer", "client", "colleague", "partner"],
        ),
    ] {
        let answer = json_answer(&ask(today, true));
        let text = answered(&ask(today, false));
        assert_eq!(answer["as_of"], today);
        assert_eq!(roles_in_json(&answer), roles, "{today}");
        assert_eq!(roles_in_text(&text), roles, "{today}: {text}");
        let first = text.lines().next().unwrap_or("");
        assert!(first.starts_with(&format!("As of {today}, Mary")), "{text}");
        // The triage of a ticket from her agrees with the relation.
        let triage = json_answer(&svcrel_in(
            &[("SVCREL_TODAY", today)],
            &[
                "triage",
                "mary",
                "acme-email",
                "--model",
                SAMPLE_PATH,
                "--json",
            ],
            None,
        ));
        assert_eq!(roles_in_json(&triage), roles, "{today}");
    }
}

#[test]
fn united_airlines_paid_for_the_broadcast_until_2020() {
    let triage = |extra: &[&str]| {
        let mut args = vec!["triage", "united-airlines", "nfl-broadcast"];
        args.extend(extra);
        (
            answered(&util::cli::on_sample(&args)),
            json_answer(&util::cli::on_sample(&[&args[..], &["--json"]].concat())),
        )
    };
    // As of today (SVCREL_TODAY=2026-12-04 in the tests), no payer.
    let (text, json) = triage(&[]);
    assert_eq!(json["as_of"], util::cli::TODAY);
    assert_eq!(json["payer"], Value::Null);
    assert_eq!(json["entitled"], false);
    assert!(
        text.starts_with("As of 2026-12-04, a ticket from United Airlines"),
        "{text}"
    );
    assert!(
        text.contains("\npayer     nobody near the requester pays\n"),
        "{text}"
    );
    assert!(!text.contains("by cash"), "{text}");
    // Dates ignored, as a bare command did before: United pays cash.
    let (text, json) = triage(&["--as-of", "any"]);
    assert_eq!(json["as_of"], "any");
    assert_eq!(json["payer"], "united-airlines");
    assert_eq!(json["entitled"], true);
    assert!(text.starts_with("Ignoring dates, a ticket from"), "{text}");
    assert!(
        text.contains("\npayer     United Airlines (united-airlines), by cash, 0 steps away\n"),
        "{text}"
    );
    // So do the customers of the broadcast.
    let customers = |extra: &[&str]| {
        let mut args = vec!["customers", "nfl-broadcast"];
        args.extend(extra);
        answered(&util::cli::on_sample(&args))
    };
    assert!(!customers(&[]).contains("united-airlines"));
    assert!(customers(&["--as-of", "any"]).contains("\nunited-airlines "));
    assert!(customers(&["--as-of", "2015-06-01"]).contains("\nunited-airlines "));
}

#[test]
fn without_svcrel_today_today_is_the_local_date() {
    let before = jiff::Zoned::now().date();
    let output = svcrel_in(
        &[("SVCREL_TODAY", "")],
        &["impact", "sso", "--model", SAMPLE_PATH, "--json"],
        None,
    );
    let after = jiff::Zoned::now().date();
    let answer = json_answer(&output);
    let day = svcrel::parse_date(answer["as_of"].as_str().expect("as_of")).expect("a date");
    assert!(before <= day && day <= after, "{day}");
}

#[test]
fn history_and_audit_lines_are_answered_as_their_commands_answer() {
    let questions = [
        r#"{"query": "history", "party": "mary", "service": "acme-email"}"#,
        r#"{"query": "history", "party": "mary", "service": "acme-email", "from": "2010-01-01", "until": "2020-01-01", "max_chain": 2}"#,
        r#"{"query": "audit"}"#,
        r#"{"query": "audit", "as_of": "any", "limit": 1}"#,
        r#"{"query": "history", "party": "mary", "service": "acme-email", "from": "2010-1-1"}"#,
        r#"{"query": "audit", "within": "soon"}"#,
    ]
    .join("\n");
    let answers = batch(questions.as_bytes());
    assert_eq!(answers.len(), 6);
    // A history asked by id is what `svcrel history --json` prints.
    assert_eq!(answers[0], single(&["history", "mary", "acme-email"]));
    assert_eq!(
        answers[1],
        single(&[
            "history",
            "mary",
            "acme-email",
            "--from",
            "2010-01-01",
            "--until",
            "2020-01-01",
            "--max-chain",
            "2"
        ])
    );
    // An audit is what `svcrel audit --json` prints (as of today without
    // `as_of`), with the total of findings and the model's version.
    let mut audit = answers[2].clone();
    let object = audit.as_object_mut().expect("an object");
    let total = object.remove("total").expect("a total");
    assert_eq!(object.remove("version"), Some(json!(0)));
    // (The command's own JSON is not a protocol answer: no schema check.)
    let printed: Value = serde_json::from_str(&answered(&svcrel(
        &["audit", "--as-of", TODAY, "--model", SAMPLE_PATH, "--json"],
        None,
    )))
    .expect("svcrel audit --json prints JSON");
    assert_eq!(audit, printed);
    assert_eq!(
        total.as_u64(),
        printed["findings"].as_array().map(|f| f.len() as u64)
    );
    assert_eq!(answers[3]["as_of"], "any");
    assert_eq!(answers[3]["findings"].as_array().map(Vec::len), Some(1));
    error_on(&answers[4], 5, "invalid_question", "YYYY-MM-DD");
    error_on(&answers[5], 6, "invalid_question", "within");
}
