//! `svcrel check`: the program's exit status and output, run as a user
//! runs it; the model named by `SVCREL_MODEL`; and each kind of error
//! the query commands report, with its exit status.

#![cfg(feature = "cli")]

mod util;

use std::process::Output;

use util::cli::{
    answered, assert_usage_error, assert_usage_error_naming, on_sample, stderr, stdout, svcrel,
    svcrel_in,
};
use util::{SAMPLE, SAMPLE_PATH, TempFile};

/// Asserts status 1, nothing on stdout, and exactly `lines` on stderr.
fn assert_problems(output: &Output, lines: &[&str]) {
    assert_eq!(output.status.code(), Some(1), "stderr: {}", stderr(output));
    assert_eq!(stdout(output), "");
    let expected: String = lines.iter().map(|line| format!("{line}\n")).collect();
    assert_eq!(stderr(output), expected);
}

/// The sample with each `(from, to)` edit made; each `from` must occur
/// exactly once, so that a change of the sample fails here, loudly.
fn sample_with(edits: &[(&str, &str)]) -> String {
    let mut text = SAMPLE.to_owned();
    for (from, to) in edits {
        assert_eq!(text.matches(from).count(), 1, "{from:?} once in the sample");
        text = text.replacen(from, to, 1);
    }
    text
}

/// The sample, parsed as plain JSON, to find what the tests expect in it.
fn sample_json() -> serde_json::Value {
    serde_json::from_str(SAMPLE).expect("the sample is JSON")
}

/// The index of `item` (a JSON object) in the sample's `section` list, so
/// that expected problem lines follow the sample as it changes.
fn index_in_sample(section: &str, item: &str) -> usize {
    let item: serde_json::Value = serde_json::from_str(item).expect("the item is JSON");
    let list = sample_json()[section]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut found = list.iter().enumerate().filter(|(_, x)| **x == item);
    let (index, _) = found.next().expect("the item is in the sample");
    assert!(found.next().is_none(), "the item is once in the sample");
    index
}

/// How many items the sample's `section` list holds.
fn sample_len(section: &str) -> usize {
    sample_json()[section].as_array().map_or(0, Vec::len)
}

const FAN_USAGE: &str = r#"{"user": "fan", "service": "nfl-broadcast"}"#;
const GHOST_USER: (&str, &str) = (
    FAN_USAGE,
    r#"{"user": "ghost-a", "service": "nfl-broadcast"}"#,
);

fn ghost_user_problem() -> String {
    format!(
        r#"usage[{}].user: "ghost-a" names no organisation or individual"#,
        index_in_sample("usage", FAN_USAGE)
    )
}

#[test]
fn the_sample_is_valid_and_counted() {
    let output = svcrel(&["check", "--model", SAMPLE_PATH], None);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    assert_eq!(stderr(&output), "");
    let n = sample_len;
    assert_eq!(
        stdout(&output),
        format!(
            "ok: {} organisations, {} individuals, {} services; {} memberships, \
             {} reporting lines, {} funding links, {} usage links, {} dependencies, \
             {} oversight links, {} partnerships\n",
            n("organisations"),
            n("individuals"),
            n("services"),
            n("memberships"),
            n("reporting"),
            n("funding"),
            n("usage"),
            n("dependencies"),
            n("oversight"),
            n("partnerships"),
        )
    );
}

#[test]
fn the_summary_is_the_library_counts() {
    let counts = svcrel::Model::from_json_file(SAMPLE_PATH)
        .expect("the sample is valid")
        .counts();
    let output = svcrel(&["check", "--model", "-"], Some(SAMPLE));
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    assert_eq!(stdout(&output), format!("ok: {counts}\n"));
}

#[test]
fn a_dash_reads_the_model_from_stdin() {
    let output = svcrel(&["check", "--model", "-"], Some(SAMPLE));
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    let expected = format!("ok: {} organisations, ", sample_len("organisations"));
    assert!(
        stdout(&output).starts_with(&expected),
        "{}",
        stdout(&output)
    );
    assert_eq!(stderr(&output), "");
}

#[test]
fn an_unknown_user_is_named_with_its_place() {
    let file = TempFile::new("ghost-user", &sample_with(&[GHOST_USER]));
    let output = svcrel(&["check", "--model", file.path()], None);
    assert_problems(&output, &[&ghost_user_problem()]);
}

const DANA_MEMBERSHIP: &str = r#"{"individual": "dana", "organisation": "goddard-apps", "title": "Applications Director", "from": "2016-03-01"}"#;

#[test]
fn a_date_not_written_yyyy_mm_dd_is_a_problem() {
    let index = index_in_sample("memberships", DANA_MEMBERSHIP);
    let text = sample_with(&[(r#""from": "2016-03-01""#, r#""from": "01/03/2016""#)]);
    let output = svcrel(&["check", "--model", "-"], Some(&text));
    assert_problems(
        &output,
        &[&format!(
            r#"memberships[{index}].from: "01/03/2016" is not a date written YYYY-MM-DD"#
        )],
    );
}

#[test]
fn a_date_not_on_the_calendar_is_a_problem() {
    let index = index_in_sample("memberships", DANA_MEMBERSHIP);
    let text = sample_with(&[(r#""from": "2016-03-01""#, r#""from": "2016-02-30""#)]);
    let output = svcrel(&["check", "--model", "-"], Some(&text));
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "stderr: {err}");
    let expected = format!(r#"memberships[{index}].from: "2016-02-30" is not a calendar date"#);
    assert!(err.starts_with(&expected), "stderr: {err}");
}

#[test]
fn a_period_that_ends_before_it_starts_is_a_problem() {
    let united = r#"{"payer": "united-airlines", "service": "nfl-broadcast", "payment": "cash", "from": "2012-09-01", "until": "2020-03-01"}"#;
    let index = index_in_sample("funding", united);
    let text = sample_with(&[(
        r#""from": "2012-09-01", "until": "2020-03-01""#,
        r#""from": "2020-03-01", "until": "2012-09-01""#,
    )]);
    let output = svcrel(&["check", "--model", "-"], Some(&text));
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "stderr: {err}");
    let expected = format!("funding[{index}].from: ");
    assert!(err.starts_with(&expected), "stderr: {err}");
}

#[test]
fn a_misspelt_field_is_a_problem() {
    let typist = r#"{"individual": "mary", "organisation": "acme-typing-pool", "title": "Typist", "from": "2010-01-01", "until": "2015-06-01"}"#;
    let index = index_in_sample("memberships", typist);
    let text = sample_with(&[(r#""title": "Typist""#, r#""titel": "Typist""#)]);
    let output = svcrel(&["check", "--model", "-"], Some(&text));
    assert_problems(
        &output,
        &[&format!("memberships[{index}].titel: unknown field")],
    );
}

#[test]
fn another_format_version_is_a_problem() {
    let text = sample_with(&[(r#""version": 1"#, r#""version": 2"#)]);
    let output = svcrel(&["check", "--model", "-"], Some(&text));
    assert_problems(
        &output,
        &["version: 2 is not a supported format version (expected 1)"],
    );
}

#[test]
fn malformed_json_is_reported_with_line_and_column() {
    let output = svcrel(&["check", "--model", "-"], Some("{\n  \"version\": 1,,\n}"));
    assert_problems(&output, &["line 2, column 16: key must be a string"]);
}

#[test]
fn a_missing_comma_in_the_sample_is_found_on_the_next_line() {
    let entry = r#"{"user": "fan", "service": "nfl-broadcast"},"#;
    let line_of_entry = SAMPLE[..SAMPLE.find(entry).unwrap()].lines().count();
    let text = sample_with(&[(entry, entry.trim_end_matches(','))]);
    let file = TempFile::new("missing-comma", &text);
    let output = svcrel(&["check", "--model", file.path()], None);
    // The next entry's `{`, indented by four spaces, is where a `,` or a
    // `]` was expected.
    let expected = format!("line {}, column 5: expected `,` or `]`", line_of_entry + 1);
    assert_problems(&output, &[&expected]);
}

#[test]
fn an_empty_input_is_a_problem() {
    let output = svcrel(&["check", "--model", "-"], Some(""));
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "stderr: {err}");
    assert!(err.starts_with("line 1, column "), "stderr: {err}");
}

#[test]
fn every_problem_is_reported_one_per_line_in_document_order() {
    let text = sample_with(&[
        GHOST_USER,
        (
            r#"{"id": "acme-ceo", "name": "Acme CEO"}"#,
            r#"{"id": "acme-ceo", "name": "Acme CEO"}, {"id": "fan", "name": "Another fan"}"#,
        ),
        (
            r#""payment": "allocation", "from": "2019-04-01""#,
            r#""payment": "barter", "from": "2019-04-01""#,
        ),
        (
            r#"{"service": "sso", "depends_on": "directory"}"#,
            r#"{"service": "sso", "depends_on": "sso"}"#,
        ),
    ]);
    let file = TempFile::new("many-problems", &text);
    let output = svcrel(&["check", "--model", file.path()], None);
    let acme_ceo = index_in_sample("individuals", r#"{"id": "acme-ceo", "name": "Acme CEO"}"#);
    let fan = index_in_sample("individuals", r#"{"id": "fan", "name": "A football fan"}"#);
    let planning = index_in_sample(
        "funding",
        r#"{"payer": "council-planning", "service": "desktop-support", "payment": "allocation", "from": "2019-04-01"}"#,
    );
    let sso = index_in_sample(
        "dependencies",
        r#"{"service": "sso", "depends_on": "directory"}"#,
    );
    assert_problems(
        &output,
        &[
            &format!(
                r#"individuals[{}].id: "fan" is already the id of individuals[{fan}]"#,
                acme_ceo + 1
            ),
            &format!(
                r#"funding[{planning}].payment: "barter" is not one of cash, trade, chargeback, allocation, none"#
            ),
            &ghost_user_problem(),
            &format!(r#"dependencies[{sso}].depends_on: "sso" depends on itself"#),
        ],
    );
}

#[test]
fn a_missing_file_names_its_path() {
    let missing = TempFile::unwritten("no-such-model");
    let path = missing.path();
    let output = svcrel(&["check", "--model", path], None);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "stderr: {err}");
    assert!(err.starts_with(&format!("{path}: ")), "stderr: {err}");
}

#[test]
fn no_subcommand_is_a_usage_error() {
    assert_usage_error_naming(&svcrel(&[], None), &["Usage: svcrel <COMMAND>"]);
}

#[test]
fn an_unknown_subcommand_is_a_usage_error() {
    assert_usage_error_naming(&svcrel(&["chekc", "--model", "-"], None), &["'chekc'"]);
}

#[test]
fn an_unknown_flag_is_a_usage_error() {
    assert_usage_error_naming(
        &svcrel(&["check", "--model", SAMPLE_PATH, "--strict"], None),
        &["'--strict'"],
    );
}

#[test]
fn a_missing_model_is_a_usage_error() {
    assert_usage_error_naming(&svcrel(&["check"], None), &["--model <FILE>"]);
    assert_usage_error_naming(&svcrel(&["check", "--model"], None), &["--model <FILE>"]);
}

// ---------------------------------------------------------------------
// SVCREL_MODEL
// ---------------------------------------------------------------------

#[test]
fn svcrel_model_names_the_model_when_model_is_absent() {
    let with_flag = svcrel(&["check", "--model", SAMPLE_PATH], None);
    let from_env = svcrel_in(&[("SVCREL_MODEL", SAMPLE_PATH)], &["check"], None);
    assert_eq!(answered(&from_env), answered(&with_flag));
    for args in [
        &["customers", "expense-app", "--json"][..],
        &["consumers", "build-farm"],
        &["relation", "mary", "acme-email"],
        &["triage", "teacher-ann", "desktop-support", "--json"],
        &["impact", "sso", "--summary"],
        &["dot", "expense-app"],
    ] {
        let from_env = svcrel_in(&[("SVCREL_MODEL", SAMPLE_PATH)], args, None);
        assert_eq!(answered(&from_env), answered(&on_sample(args)), "{args:?}");
    }
    // `-` reads standard input, as for --model.
    let stdin = svcrel_in(
        &[("SVCREL_MODEL", "-")],
        &["check"],
        Some(SAMPLE.as_bytes()),
    );
    assert_eq!(answered(&stdin), answered(&with_flag));
}

#[test]
fn model_wins_over_svcrel_model() {
    let missing = TempFile::unwritten("not-this-model");
    let output = svcrel_in(
        &[("SVCREL_MODEL", missing.path())],
        &["customers", "expense-app", "--model", SAMPLE_PATH],
        None,
    );
    assert_eq!(
        answered(&output),
        answered(&on_sample(&["customers", "expense-app"]))
    );
    // And the model the variable names is read when the flag is absent.
    let output = svcrel_in(
        &[("SVCREL_MODEL", missing.path())],
        &["customers", "expense-app"],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with(&format!("{}: ", missing.path())),
        "{}",
        stderr(&output)
    );
}

#[test]
fn no_model_names_the_flag_and_the_variable() {
    for args in [
        &["check"][..],
        &["customers", "expense-app"],
        &["triage", "dana", "expense-app", "--json"],
        &["batch"],
    ] {
        let output = svcrel(args, None);
        assert_usage_error_naming(&output, &["--model <FILE>", "SVCREL_MODEL"]);
    }
    let empty = svcrel_in(&[("SVCREL_MODEL", "")], &["impact", "sso"], None);
    assert_usage_error_naming(&empty, &["--model <FILE>", "SVCREL_MODEL is set but empty"]);
}

#[test]
fn the_help_names_svcrel_model() {
    for command in ["check", "customers", "impact", "batch"] {
        let text = answered(&svcrel(&[command, "--help"], None));
        assert!(text.contains("[env: SVCREL_MODEL"), "{command}: {text}");
        assert!(
            text.contains("Without --model, the file SVCREL_MODEL names"),
            "{command}: {text}"
        );
    }
    let text = answered(&svcrel(&["--help"], None));
    assert!(text.contains("SVCREL_MODEL  the model document"), "{text}");
    assert!(text.contains("SVCREL_TODAY  today's date"), "{text}");
}

// ---------------------------------------------------------------------
// Each kind of error of the query commands, with its status
// ---------------------------------------------------------------------

#[test]
fn an_unknown_id_is_named_with_the_id_it_may_mean() {
    for (args, message) in [
        (
            &["consumers", "directroy", "--json"][..],
            r#"no service has the id "directroy" (did you mean "directory"?)"#,
        ),
        (
            &["triage", "teacher-an", "desktop-support"],
            r#"no organisation or individual has the id "teacher-an" (did you mean "teacher-ann"?)"#,
        ),
        (
            &["impact", "nobody-at-all"],
            r#"no service has the id "nobody-at-all""#,
        ),
    ] {
        assert_usage_error(&on_sample(args), message);
    }
}

#[test]
fn an_id_of_the_wrong_kind_says_what_it_names() {
    for (args, message) in [
        (
            &["impact", "dana"][..],
            r#""dana" is an individual, not a service"#,
        ),
        (
            &["triage", "sso", "expense-app", "--json"],
            r#""sso" is a service, not an organisation or individual"#,
        ),
        (
            &["relation", "dana", "nasa"],
            r#""nasa" is an organisation, not a service"#,
        ),
    ] {
        assert_usage_error(&on_sample(args), message);
    }
}

#[test]
fn a_bad_as_of_or_limit_is_a_usage_error_naming_its_flag() {
    for (args, parts) in [
        (
            &["customers", "expense-app", "--as-of", "yesterday"][..],
            &[
                "'--as-of <DATE>'",
                "\"yesterday\" is not a date written YYYY-MM-DD",
                "today or any",
            ][..],
        ),
        (
            &["triage", "dana", "expense-app", "--as-of", "2026-02-30"],
            &["'--as-of <DATE>'", "\"2026-02-30\" is not a calendar date"],
        ),
        (
            &["consumers", "sso", "--limit", "-1"],
            &["'--limit <N>'", "not a whole number"],
        ),
        (
            &["customers", "sso", "--limit", "ten"],
            &["'--limit <N>'", "not a whole number"],
        ),
        (&["relation", "dana", "sso", "--limit", "1"], &["'--limit'"]),
        (&["customers", "sso", "--summary"], &["'--summary'"]),
    ] {
        assert_usage_error_naming(&on_sample(args), parts);
    }
}

#[test]
fn a_malformed_svcrel_today_is_a_usage_error_naming_it() {
    let message = r#"SVCREL_TODAY: "04/12/2026" is not a date written YYYY-MM-DD"#;
    for args in [
        &["customers", "expense-app"][..],
        &["consumers", "build-farm", "--json"],
        &["relation", "mary", "acme-email"],
        &["triage", "mary", "acme-email", "--as-of", "today"],
        &["impact", "sso", "--summary"],
        &["dot", "sso"],
    ] {
        let mut all = args.to_vec();
        all.extend(["--model", SAMPLE_PATH]);
        let output = svcrel_in(&[("SVCREL_TODAY", "04/12/2026")], &all, None);
        assert_usage_error(&output, message);
    }
    // Said before the model is read: a usage error, not a missing file.
    let missing = TempFile::unwritten("unread-model");
    let output = svcrel_in(
        &[("SVCREL_TODAY", "2026-13-01")],
        &["customers", "expense-app", "--model", missing.path()],
        None,
    );
    assert_usage_error_naming(
        &output,
        &["SVCREL_TODAY: \"2026-13-01\" is not a calendar date"],
    );
    // A question on another day never reads it.
    for as_of in ["any", "2026-12-04"] {
        let output = svcrel_in(
            &[("SVCREL_TODAY", "04/12/2026")],
            &["impact", "sso", "--as-of", as_of, "--model", SAMPLE_PATH],
            None,
        );
        answered(&output);
    }
}

#[test]
fn an_invalid_or_unreadable_model_exits_1_from_every_query() {
    let broken = sample_with(&[GHOST_USER]);
    let missing = TempFile::unwritten("no-such-model");
    for args in [
        &["customers", "expense-app", "--json"][..],
        &["consumers", "build-farm", "--limit", "1"],
        &["relation", "mary", "acme-email"],
        &["triage", "mary", "acme-email", "--json"],
        &["impact", "sso", "--summary"],
        &["dot", "sso"],
    ] {
        let invalid = svcrel(&[args, &["--model", "-"][..]].concat(), Some(&broken));
        assert_problems(&invalid, &[&ghost_user_problem()]);
        let unreadable = svcrel(&[args, &["--model", missing.path()][..]].concat(), None);
        assert_eq!(unreadable.status.code(), Some(1), "{args:?}");
        assert_eq!(stdout(&unreadable), "");
        let err = stderr(&unreadable);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with(&format!("{}: ", missing.path())), "{err}");
    }
}

#[test]
fn help_and_version_answer_on_stdout() {
    let version = svcrel(&["--version"], None);
    assert_eq!(version.status.code(), Some(0));
    assert_eq!(
        stdout(&version),
        format!("svcrel {}\n", env!("CARGO_PKG_VERSION"))
    );

    for args in [
        &["--help"][..],
        &["help"],
        &["check", "--help"],
        &["help", "check"],
    ] {
        let help = svcrel(args, None);
        assert_eq!(help.status.code(), Some(0), "{args:?}");
        assert_eq!(stderr(&help), "", "{args:?}");
        let text = stdout(&help);
        assert!(
            text.contains("--model") || text.contains("check"),
            "{args:?}: {text}"
        );
        assert!(text.contains("Usage: svcrel"), "{args:?}: {text}");
    }
}
