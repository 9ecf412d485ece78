//! `svcrel triage` and `svcrel impact`: JSON shapes, answers on the
//! sample, output for people and exit statuses, run as a user runs the
//! program.

#![cfg(feature = "cli")]

mod util;

use std::process::Output;

use serde_json::{Value, json};
use util::cli::{
    ADDED, answered, assert_usage_error, contract_answer, on_sample, stderr, stdout, svcrel,
};
use util::{SAMPLE, TempFile};

/// The keys of a JSON object, in the order printed, but for those the
/// protocol adds to the contract's objects.
fn keys(output: &Output) -> Vec<String> {
    let text = stdout(output);
    let map: serde_json::Map<String, Value> =
        serde_json::from_str(&text).expect("stdout is a JSON object");
    // serde_json keeps keys sorted unless told otherwise: find each key's
    // position in the text instead.
    let mut keys: Vec<(usize, String)> = map
        .keys()
        .map(|k| {
            let at = text
                .find(&format!("\"{k}\":"))
                .expect("every key is in the text");
            (at, k.clone())
        })
        .collect();
    keys.sort();
    keys.into_iter()
        .map(|(_, k)| k)
        .filter(|k| !ADDED.contains(&k.as_str()))
        .collect()
}

// ---------------------------------------------------------------------
// triage
// ---------------------------------------------------------------------

#[test]
fn triage_json_of_a_teacher_on_the_helpdesk() {
    let output = on_sample(&[
        "triage",
        "teacher-ann",
        "desktop-support",
        "--as-of",
        "2026-03-02",
        "--json",
    ]);
    assert_eq!(
        contract_answer(&output),
        json!({
            "party": "teacher-ann",
            "service": "desktop-support",
            "roles": [{"role": "consumer", "distance": 0}, {"role": "colleague"}],
            "evidence": [
                {"role": "consumer", "distance": 0, "links": [
                    {"link": "membership", "source": "teacher-ann", "target": "riverside-school",
                     "from": null, "until": null},
                    {"link": "usage", "source": "riverside-school", "target": "desktop-support",
                     "from": null, "until": null},
                ]},
                {"role": "colleague", "links": [
                    {"link": "membership", "source": "teacher-ann", "target": "riverside-school",
                     "from": null, "until": null},
                    {"link": "parent", "source": "riverside-school", "target": "council-education",
                     "from": null, "until": null},
                    {"link": "parent", "source": "council-education", "target": "council",
                     "from": null, "until": null},
                    {"link": "parent", "source": "council-it", "target": "council",
                     "from": null, "until": null},
                    {"link": "provider", "source": "desktop-support", "target": "council-it",
                     "from": null, "until": null},
                ]},
            ],
            "entitled": true,
            "payer": "council-education",
            "payment": "chargeback",
            "steps": 2,
            "via": "riverside-school",
            "sponsors": ["head-of-education"],
            "payer_links": [
                {"link": "membership", "source": "teacher-ann", "target": "riverside-school",
                 "from": null, "until": null},
                {"link": "parent", "source": "riverside-school", "target": "council-education",
                 "from": null, "until": null},
                {"link": "funding", "source": "council-education", "target": "desktop-support",
                 "from": null, "until": null, "approved_by": ["head-of-education"]},
            ],
            "explanation": "Ann Teacher is a consumer (distance 0) and a colleague of Desktop \
                support / helpdesk on 2026-03-02, entitled to service; Council education \
                department pays for it by chargeback (Ann Teacher is a member of Riverside \
                School, 1 step below it); notify Helen Marsh."
        })
    );
    assert_eq!(
        keys(&output),
        [
            "party",
            "service",
            "roles",
            "evidence",
            "entitled",
            "payer",
            "payment",
            "steps",
            "via",
            "sponsors",
            "payer_links",
            "explanation"
        ]
    );
}

#[test]
fn triage_json_when_nobody_near_pays() {
    let value = contract_answer(&on_sample(&[
        "triage",
        "pupil-cara",
        "desktop-support",
        "--json",
    ]));
    assert_eq!(value["roles"], json!([{"role": "consumer", "distance": 0}]));
    assert_eq!(value["entitled"], json!(true));
    for key in ["payer", "payment", "steps", "via"] {
        assert_eq!(value[key], Value::Null, "{key}");
    }
    assert_eq!(value["sponsors"], json!([]));
    assert!(
        value["explanation"]
            .as_str()
            .unwrap()
            .contains("nobody near Cara (pupil) pays for it"),
        "{value}"
    );
}

#[test]
fn triage_follows_the_as_of_date() {
    let on = |date| {
        contract_answer(&on_sample(&[
            "triage",
            "mary",
            "acme-email",
            "--as-of",
            date,
            "--json",
        ]))
    };
    let in_2012 = on("2012-06-01");
    assert_eq!(in_2012["payer"], Value::Null);
    assert_eq!(in_2012["entitled"], json!(true));
    let in_2028 = on("2028-06-01");
    assert_eq!(in_2028["payer"], json!("acme-finance"));
    assert_eq!(in_2028["payment"], json!("allocation"));
    assert_eq!(in_2028["steps"], json!(1));
    assert_eq!(in_2028["via"], json!("acme-finance"));
    assert_eq!(in_2028["sponsors"], json!(["acme-cfo"]));
    assert_eq!(
        in_2028["roles"],
        json!([
            {"role": "consumer", "distance": 0},
            {"role": "client"},
            {"role": "colleague"},
            {"role": "partner"}
        ])
    );
}

#[test]
fn triage_roles_are_those_of_relation_with_the_same_cutoffs() {
    for (party, service) in [
        ("head-of-education", "desktop-support"),
        ("goddard-cio", "expense-app"),
        ("president", "expense-app"),
        ("developer-sam", "build-farm"),
        ("fan", "expense-app"),
    ] {
        for extra in [&[][..], &["--max-chain", "0"], &["--max-chain", "4"]] {
            let ask = |command| {
                let mut args = vec![command, party, service, "--json"];
                args.extend(extra);
                contract_answer(&on_sample(&args))
            };
            let triage = ask("triage");
            let relation = ask("relation");
            assert_eq!(triage["roles"], relation["roles"], "{party} {extra:?}");
            let entitled = triage["roles"].as_array().unwrap().iter().any(|r| {
                ["provider", "consumer", "customer", "client"]
                    .contains(&r["role"].as_str().unwrap())
            });
            assert_eq!(triage["entitled"], json!(entitled), "{party} {extra:?}");
        }
    }
    // The Goddard CIO manages Dana: a customer within the default 1 step,
    // not within 0, and never a payer (goddard-apps is below Goddard).
    let within_0 = contract_answer(&on_sample(&[
        "triage",
        "goddard-cio",
        "expense-app",
        "--max-chain",
        "0",
        "--json",
    ]));
    assert_eq!(within_0["roles"], json!([]));
    assert_eq!(within_0["entitled"], json!(false));
    assert_eq!(within_0["payer"], Value::Null);
}

#[test]
fn triage_for_people_shows_roles_entitlement_payer_and_whom_to_notify() {
    let text = answered(&on_sample(&[
        "triage",
        "teacher-ann",
        "desktop-support",
        "--as-of",
        "2026-03-02",
    ]));
    assert_eq!(
        text,
        "\
As of 2026-03-02, a ticket from Ann Teacher (teacher-ann) about Desktop support
/ helpdesk (desktop-support), customers within 1 step, consumers with no chain
limit:

roles     consumer (distance 0), colleague
entitled  yes
payer     Council education department (council-education), by chargeback, 2
          steps away, through Riverside School (riverside-school)
notify    Helen Marsh (head-of-education)

Why, link by link (each role, then the payer's way):
consumer   distance 0: Ann Teacher (teacher-ann) is a member of Riverside School
           (riverside-school), which uses Desktop support / helpdesk
           (desktop-support)
colleague  Ann Teacher (teacher-ann) is a member of Riverside School
           (riverside-school), which is part of Council education department
           (council-education), which is part of Riverside Borough Council
           (council), above Council IT department (council-it), which provides
           Desktop support / helpdesk (desktop-support)
payer      Ann Teacher (teacher-ann) is a member of Riverside School
           (riverside-school), which is part of Council education department
           (council-education), which pays for Desktop support / helpdesk
           (desktop-support)

Ann Teacher is a consumer (distance 0) and a colleague of Desktop support /
helpdesk on 2026-03-02, entitled to service; Council education department pays
for it by chargeback (Ann Teacher is a member of Riverside School, 1 step below
it); notify Helen Marsh.
"
    );
    let text = answered(&on_sample(&[
        "triage",
        "fan",
        "expense-app",
        "--max-chain",
        "0",
        "--as-of",
        "any",
    ]));
    assert!(text.starts_with("Ignoring dates, a ticket from"), "{text}");
    assert!(text.contains("within 0 steps:"), "{text}");
    assert!(text.contains("roles     none\n"), "{text}");
    assert!(text.contains("entitled  no"), "{text}");
    assert!(
        text.contains("payer     nobody near the requester pays\n"),
        "{text}"
    );
    assert!(text.contains("notify    nobody\n"), "{text}");
    assert!(
        !text.contains("Why, link by link"),
        "no role, no payer: {text}"
    );
}

// ---------------------------------------------------------------------
// impact
// ---------------------------------------------------------------------

#[test]
fn impact_json_of_the_single_sign_on() {
    let output = on_sample(&["impact", "sso", "--json"]);
    assert_eq!(
        contract_answer(&output),
        json!({
            "service": "sso",
            "services": [
                {"service": "sso", "distance": 0},
                {"service": "directory", "distance": 1},
                {"service": "expense-app", "distance": 1}
            ],
            "consumers_by_top": {"expenseco": 5, "us-gov": 1},
            "consumers_by_payer": {},
            "consumers_without_payer": 6,
            "notify": ["dana", "goddard", "goddard-apps", "goddard-cio"]
        })
    );
    assert_eq!(
        keys(&output),
        [
            "service",
            "services",
            "consumers_by_top",
            "consumers_by_payer",
            "consumers_without_payer",
            "notify"
        ]
    );
}

#[test]
fn impact_json_of_the_helpdesk_with_a_cutoff_and_a_date() {
    assert_eq!(
        contract_answer(&on_sample(&[
            "impact",
            "desktop-support",
            "--max-chain",
            "0",
            "--json"
        ])),
        json!({
            "service": "desktop-support",
            "services": [{"service": "desktop-support", "distance": 0}],
            "consumers_by_top": {"council": 4, "pupil-cara": 1, "pupil-eli": 1},
            "consumers_by_payer": {"council-education": 3, "council-planning": 1},
            "consumers_without_payer": 2,
            "notify": ["council-education", "council-planning", "head-of-education"]
        })
    );
    // Before planning's allocation began on 2019-04-01.
    assert_eq!(
        contract_answer(&on_sample(&[
            "impact",
            "desktop-support",
            "--as-of",
            "2018-06-01",
            "--json"
        ])),
        json!({
            "service": "desktop-support",
            "services": [
                {"service": "desktop-support", "distance": 0},
                {"service": "school-laptops", "distance": 1}
            ],
            "consumers_by_top": {"council": 5, "pupil-cara": 1, "pupil-eli": 1},
            "consumers_by_payer": {"council-education": 4},
            "consumers_without_payer": 3,
            "notify": [
                "council",
                "council-chief-executive",
                "council-education",
                "head-of-education"
            ]
        })
    );
}

#[test]
fn impact_json_of_the_build_farm_and_the_expense_app() {
    let build_farm = contract_answer(&on_sample(&["impact", "build-farm", "--json"]));
    assert_eq!(
        build_farm["services"],
        json!([
            {"service": "build-farm", "distance": 0},
            {"service": "ci-pipeline", "distance": 1}
        ])
    );
    assert_eq!(build_farm["consumers_by_top"], json!({"expenseco": 3}));
    assert_eq!(build_farm["consumers_by_payer"], json!({"expenseco": 3}));
    assert_eq!(build_farm["notify"], json!(["expenseco", "expenseco-cto"]));

    let expense_app = contract_answer(&on_sample(&[
        "impact",
        "expense-app",
        "--max-chain",
        "4",
        "--json",
    ]));
    assert_eq!(expense_app["consumers_by_top"], json!({"us-gov": 1}));
    assert_eq!(
        expense_app["consumers_by_payer"],
        json!({"goddard-apps": 1})
    );
    assert_eq!(expense_app["notify"].as_array().unwrap().len(), 9);
}

#[test]
fn impact_for_people_lists_services_people_and_whom_to_notify() {
    let text = answered(&on_sample(&["impact", "sso", "--as-of", "any"]));
    assert_eq!(
        text,
        "\
Ignoring dates, if Single sign-on (sso) fails, dependencies with no chain limit,
customers within 1 step:

SERVICE      DISTANCE
sso                 0
directory           1
expense-app         1

6 individuals among the consumers, by company:

PEOPLE  TOP-LEVEL ORGANISATION
     5  ExpenseCo Inc. (expenseco)
     1  United States Government (us-gov)

By paying customer:

PEOPLE  PAYER
     6  (nobody near pays)

Notify: Dana Reyes (dana), Goddard Space Flight Center (goddard), Goddard
applications (goddard-apps), Goddard CIO (goddard-cio).

Write to:
  Dana Reyes (dana)
  Goddard CIO (goddard-cio), a head of Goddard Space Flight Center (goddard)
  Dana Reyes (dana), who approves what Goddard applications (goddard-apps) pays
    for
  Goddard CIO (goddard-cio)
"
    );
    let text = answered(&on_sample(&["impact", "sso", "--max-chain", "0"]));
    assert!(
        text.contains("No individual among the consumers."),
        "{text}"
    );
    assert!(text.contains("Notify: nobody"), "{text}");
}

// ---------------------------------------------------------------------
// Input and exit statuses
// ---------------------------------------------------------------------

#[test]
fn a_dash_reads_the_model_from_stdin() {
    for args in [
        &["triage", "dana", "expense-app", "--json", "--model", "-"][..],
        &["impact", "expense-app", "--json", "--model", "-"],
    ] {
        let from_stdin = contract_answer(&svcrel(args, Some(SAMPLE)));
        let from_file = contract_answer(&on_sample(&args[..args.len() - 2]));
        assert_eq!(from_stdin, from_file, "{args:?}");
    }
}

#[test]
fn unknown_ids_are_usage_errors_with_a_suggestion() {
    assert_usage_error(
        &on_sample(&["triage", "dnaa", "expense-app"]),
        r#"no organisation or individual has the id "dnaa" (did you mean "dana"?)"#,
    );
    assert_usage_error(
        &on_sample(&["triage", "dana", "expense-ap", "--json"]),
        r#"no service has the id "expense-ap" (did you mean "expense-app"?)"#,
    );
    assert_usage_error(
        &on_sample(&["impact", "ss", "--json"]),
        r#"no service has the id "ss" (did you mean "sso"?)"#,
    );
    // A party is not a service, nor a service a requester.
    for args in [
        &["impact", "dana"][..],
        &["triage", "sso", "expense-app"],
        &["triage", "dana", "nasa"],
    ] {
        let output = on_sample(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout(&output), "");
    }
}

#[test]
fn bad_flags_and_missing_arguments_are_usage_errors() {
    for args in [
        &["triage", "dana"][..],
        &["impact"],
        &["triage", "dana", "expense-app", "--max-chain", "-1"],
        &["impact", "sso", "--max-chain", "one"],
        &["triage", "dana", "expense-app", "--as-of", "2026-13-01"],
        &["impact", "sso", "--as-of", "01/06/2028"],
        &["impact", "sso", "--csv"],
    ] {
        let output = on_sample(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stdout(&output), "", "{args:?}");
        assert!(!stderr(&output).is_empty(), "{args:?}");
    }
    let output = svcrel(&["impact", "sso"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--model <FILE>"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_invalid_or_unreadable_model_exits_1() {
    let text = SAMPLE.replacen(
        r#"{"user": "fan", "service": "nfl-broadcast"}"#,
        r#"{"user": "ghost-a", "service": "nfl-broadcast"}"#,
        1,
    );
    assert_ne!(text, SAMPLE);
    for command in [
        &["triage", "fan", "nfl-broadcast", "--json"][..],
        &["impact", "nfl-broadcast"],
    ] {
        let mut args = command.to_vec();
        args.extend(["--model", "-"]);
        let output = svcrel(&args, Some(&text));
        assert_eq!(output.status.code(), Some(1), "{command:?}");
        assert_eq!(stdout(&output), "");
        let err = stderr(&output);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.trim_end()
                .ends_with(r#".user: "ghost-a" names no organisation or individual"#),
            "{err}"
        );
    }
    let missing = TempFile::unwritten("no-such-model");
    let path = missing.path();
    for command in [&["triage", "dana", "expense-app"][..], &["impact", "sso"]] {
        let mut args = command.to_vec();
        args.extend(["--model", path]);
        let output = svcrel(&args, None);
        assert_eq!(output.status.code(), Some(1), "{command:?}");
        assert_eq!(stdout(&output), "");
        assert!(
            stderr(&output).starts_with(&format!("{path}: ")),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn help_states_the_default_cutoffs() {
    for (command, default) in [
        (
            "triage",
            "[default: 1 for the customer role, no limit for the consumer role]",
        ),
        (
            "impact",
            "[default: 1 for customers to notify, no limit for dependencies]",
        ),
    ] {
        let text = answered(&svcrel(&[command, "--help"], None));
        assert!(text.contains(default), "{command}: {text}");
        assert!(text.contains("--as-of <DATE>"), "{command}: {text}");
        assert!(text.contains("--json"), "{command}: {text}");
    }
    let text = answered(&svcrel(&["--help"], None));
    assert!(text.contains("triage"), "{text}");
    assert!(text.contains("impact"), "{text}");
}

#[test]
fn the_readme_shows_the_real_triage() {
    let readme = include_str!("../README.md");
    let triage = answered(&on_sample(&[
        "triage",
        "teacher-ann",
        "desktop-support",
        "--as-of",
        "2026-03-02",
    ]));
    assert!(
        readme.contains(&format!(
            "$ svcrel triage teacher-ann desktop-support --model examples/data/sample.json --as-of 2026-03-02\n{triage}```"
        )),
        "README's triage example shows:\n{triage}"
    );
}
