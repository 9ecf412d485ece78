//! `svcrel customers`, `consumers`, `relation` and `dot`: answers, output
//! formats and exit statuses, run as a user runs the program.

#![cfg(feature = "cli")]

mod util;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};
use util::cli::{
    answered, assert_usage_error, assert_usage_error_naming, on_sample, stderr, stdout, svcrel,
};
use util::{SAMPLE, SAMPLE_PATH, TempFile};

/// Asserts that the program answered with exactly one JSON object, on one
/// line that ends in a newline, and returns it without the fields the
/// protocol adds to the contract's objects (`tests/cli_batch.rs` and
/// `tests/protocol.rs` check those).
///
/// A relation answer's `evidence` is left out too: the links of each role
/// are checked on their own (`relation_json_gives_each_roles_links`).
fn json_answer(output: &Output) -> Value {
    let mut value = util::cli::contract_answer(output);
    let text = stdout(output);
    assert!(text.ends_with('\n'), "{text:?}");
    if let Value::Object(map) = &mut value {
        map.remove("evidence");
    }
    value
}

/// A customer row of the JSON answer: `via` names the entity before the
/// party on its path, and the link from there, in the chain of NASA's
/// customers of the expense app.
fn customer(party: &str, kind: &str, distance: u32, scope: &str, path: &[&str]) -> Value {
    let link = match party {
        "goddard-apps" => "funding",
        "dana" => "approval",
        "goddard" | "nasa" | "us-gov" => "parent",
        _ => "reporting",
    };
    let via = json!({"id": path[path.len() - 2], "link": link});
    json!({"party": party, "kind": kind, "distance": distance, "scope": scope, "via": via, "path": path})
}

fn nasa_chain(k: usize) -> Vec<Value> {
    let rows = [
        customer(
            "dana",
            "individual",
            0,
            "external",
            &["expense-app", "goddard-apps", "dana"],
        ),
        customer(
            "goddard-apps",
            "organisation",
            0,
            "external",
            &["expense-app", "goddard-apps"],
        ),
        customer(
            "goddard",
            "organisation",
            1,
            "external",
            &["expense-app", "goddard-apps", "goddard"],
        ),
        customer(
            "goddard-cio",
            "individual",
            1,
            "external",
            &["expense-app", "goddard-apps", "dana", "goddard-cio"],
        ),
        customer(
            "nasa",
            "organisation",
            2,
            "external",
            &["expense-app", "goddard-apps", "goddard", "nasa"],
        ),
        customer(
            "nasa-cio",
            "individual",
            2,
            "external",
            &[
                "expense-app",
                "goddard-apps",
                "dana",
                "goddard-cio",
                "nasa-cio",
            ],
        ),
        customer(
            "nasa-administrator",
            "individual",
            3,
            "external",
            &[
                "expense-app",
                "goddard-apps",
                "dana",
                "goddard-cio",
                "nasa-cio",
                "nasa-administrator",
            ],
        ),
        customer(
            "us-gov",
            "organisation",
            3,
            "external",
            &["expense-app", "goddard-apps", "goddard", "nasa", "us-gov"],
        ),
    ];
    // Two new rows per step of the chain.
    rows[..2 * (k + 1)].to_vec()
}

#[test]
fn customers_of_expense_app_grow_with_the_cutoff() {
    for k in [0, 1, 3] {
        let output = on_sample(&[
            "customers",
            "expense-app",
            "--max-chain",
            &k.to_string(),
            "--json",
        ]);
        assert_eq!(
            json_answer(&output),
            json!({"service": "expense-app", "customers": nasa_chain(k)}),
            "--max-chain {k}"
        );
    }
}

#[test]
fn customers_default_to_one_step() {
    let output = on_sample(&["customers", "expense-app", "--json"]);
    assert_eq!(
        json_answer(&output),
        json!({"service": "expense-app", "customers": nasa_chain(1)})
    );
}

#[test]
fn json_fields_come_in_the_order_of_the_contract() {
    let output = on_sample(&["customers", "expense-app", "--max-chain", "0", "--json"]);
    assert_eq!(
        answered(&output),
        concat!(
            r#"{"service":"expense-app","service_name":"Expense reporting","customers":["#,
            r#"{"party":"dana","name":"Dana Reyes","kind":"individual","distance":0,"scope":"external","#,
            r#""via":{"id":"goddard-apps","name":"Goddard applications","link":"approval"},"path":["expense-app","goddard-apps","dana"]},"#,
            r#"{"party":"goddard-apps","name":"Goddard applications","kind":"organisation","distance":0,"scope":"external","#,
            r#""via":{"id":"expense-app","name":"Expense reporting","link":"funding"},"path":["expense-app","goddard-apps"]}"#,
            r#"],"total":2,"as_of":"2026-12-04","max_chain":{"customer":0},"version":0}"#,
            "\n"
        )
    );
}

#[test]
fn an_as_of_date_drops_a_funding_link_that_ended() {
    let rows = |output: &Output| -> Vec<String> {
        json_answer(output)["customers"]
            .as_array()
            .expect("a list of customers")
            .iter()
            .map(|c| c["party"].as_str().expect("a party id").to_owned())
            .collect()
    };
    let all = on_sample(&["customers", "nfl-broadcast", "--as-of", "any", "--json"]);
    assert_eq!(
        rows(&all),
        [
            "budweiser",
            "pepsi",
            "pepsi-marketing-vp",
            "united-airlines"
        ]
    );
    let in_2024 = on_sample(&[
        "customers",
        "nfl-broadcast",
        "--as-of",
        "2024-06-01",
        "--json",
    ]);
    assert_eq!(rows(&in_2024), ["budweiser", "pepsi", "pepsi-marketing-vp"]);
    // Without --as-of, as of today: SVCREL_TODAY, 2026-12-04 in the tests.
    let today = on_sample(&["customers", "nfl-broadcast", "--json"]);
    assert_eq!(rows(&today), ["budweiser", "pepsi", "pepsi-marketing-vp"]);
    assert_eq!(util::cli::json_answer(&today)["as_of"], util::cli::TODAY);
}

#[test]
fn internal_customers_of_the_council_helpdesk() {
    let output = on_sample(&["customers", "desktop-support", "--json"]);
    let answer = json_answer(&output);
    let rows: Vec<(&str, u64, &str)> = answer["customers"]
        .as_array()
        .expect("a list of customers")
        .iter()
        .map(|c| {
            (
                c["party"].as_str().unwrap(),
                c["distance"].as_u64().unwrap(),
                c["scope"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("council-education", 0, "internal"),
            ("council-planning", 0, "internal"),
            ("head-of-education", 0, "internal"),
            ("council", 1, "internal"),
            ("council-chief-executive", 1, "internal"),
        ]
    );
}

#[test]
fn consumers_of_build_farm_come_through_the_ci_pipeline() {
    let output = on_sample(&["consumers", "build-farm", "--json"]);
    let consumer = |party: &str, kind: &str, path: &[&str]| {
        let link = match (kind, path.len()) {
            ("individual", 4) => "membership",
            ("organisation", _) => "provider", // the CI pipeline's provider
            _ => "usage",
        };
        let via = json!({"id": path[path.len() - 2], "link": link});
        json!({"party": party, "kind": kind, "distance": 1, "via": via, "path": path})
    };
    assert_eq!(
        json_answer(&output),
        json!({
            "service": "build-farm",
            "consumers": [
                consumer("developer-priya", "individual", &["build-farm", "ci-pipeline", "developer-priya"]),
                consumer("developer-sam", "individual", &["build-farm", "ci-pipeline", "developer-sam"]),
                consumer("expenseco-dev", "organisation", &["build-farm", "ci-pipeline", "expenseco-dev"]),
                consumer(
                    "project-manager",
                    "individual",
                    &["build-farm", "ci-pipeline", "expenseco-dev", "project-manager"]
                ),
            ],
            "services": [{
                "service": "ci-pipeline",
                "distance": 1,
                "via": {"id": "build-farm", "link": "dependency"},
                "path": ["build-farm", "ci-pipeline"],
            }],
        })
    );
}

#[test]
fn consumers_follow_a_dependency_cycle_within_the_cutoff() {
    let ids = |answer: &Value, list: &str, field: &str| -> Vec<(String, u64)> {
        answer[list]
            .as_array()
            .expect("a list")
            .iter()
            .map(|x| {
                (
                    x[field].as_str().unwrap().to_owned(),
                    x["distance"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let unlimited = json_answer(&on_sample(&["consumers", "directory", "--json"]));
    assert_eq!(
        ids(&unlimited, "services", "service"),
        [("sso".to_owned(), 1), ("expense-app".to_owned(), 2)]
    );
    assert_eq!(ids(&unlimited, "consumers", "party").len(), 10);

    let one = json_answer(&on_sample(&[
        "consumers",
        "directory",
        "--max-chain",
        "1",
        "--json",
    ]));
    assert_eq!(ids(&one, "services", "service"), [("sso".to_owned(), 1)]);
    assert_eq!(
        ids(&one, "consumers", "party"),
        [
            ("expenseco-infra".to_owned(), 1),
            ("infra-engineer".to_owned(), 1)
        ]
    );
}

#[test]
fn relation_of_mary_to_acme_email_in_2028() {
    let output = on_sample(&[
        "relation",
        "mary",
        "acme-email",
        "--as-of",
        "2028-06-01",
        "--json",
    ]);
    assert_eq!(
        json_answer(&output),
        json!({
            "party": "mary",
            "service": "acme-email",
            "roles": [
                {"role": "consumer", "distance": 0},
                {"role": "client"},
                {"role": "colleague"},
                {"role": "partner"},
            ],
        })
    );
}

#[test]
fn relation_of_mary_to_acme_email_in_the_mail_room() {
    let output = on_sample(&[
        "relation",
        "mary",
        "acme-email",
        "--as-of",
        "2008-06-01",
        "--json",
    ]);
    assert_eq!(
        json_answer(&output),
        json!({"party": "mary", "service": "acme-email", "roles": [{"role": "colleague"}]})
    );
}

#[test]
fn relation_of_the_fan_to_the_broadcasts() {
    let output = on_sample(&["relation", "fan", "nfl-broadcast", "--json"]);
    assert_eq!(
        json_answer(&output),
        json!({
            "party": "fan",
            "service": "nfl-broadcast",
            "roles": [{"role": "consumer", "distance": 0}],
        })
    );
}

#[test]
fn relation_with_a_customer_role_has_distance_and_scope() {
    let output = on_sample(&["relation", "head-of-education", "desktop-support", "--json"]);
    assert_eq!(
        json_answer(&output),
        json!({
            "party": "head-of-education",
            "service": "desktop-support",
            "roles": [
                {"role": "customer", "distance": 0, "scope": "internal"},
                {"role": "consumer", "distance": 1},
                {"role": "sponsor"},
                {"role": "colleague"},
            ],
        })
    );
}

#[test]
fn max_chain_sets_both_cutoffs_of_relation() {
    // By default the customer chain stops at 1: the President, four steps
    // up, has no role.
    let default = on_sample(&["relation", "president", "expense-app", "--json"]);
    assert_eq!(
        json_answer(&default),
        json!({"party": "president", "service": "expense-app", "roles": []})
    );
    let four = on_sample(&[
        "relation",
        "president",
        "expense-app",
        "--max-chain",
        "4",
        "--json",
    ]);
    assert_eq!(
        json_answer(&four),
        json!({
            "party": "president",
            "service": "expense-app",
            "roles": [{"role": "customer", "distance": 4, "scope": "external"}],
        })
    );
    // The consumer chain is unlimited by default; --max-chain 0 cuts the
    // developers off from the build farm, which they reach through the CI
    // pipeline.
    let consumer = |args: &[&str]| {
        let mut all = vec!["relation", "developer-priya", "build-farm", "--json"];
        all.extend(args);
        json_answer(&on_sample(&all))["roles"].clone()
    };
    assert_eq!(
        consumer(&[]),
        json!([{"role": "consumer", "distance": 1}, {"role": "colleague"}])
    );
    assert_eq!(
        consumer(&["--max-chain", "0"]),
        json!([{"role": "colleague"}])
    );
}

const CUSTOMERS_OF_EXPENSE_APP: &str = "\
As of 2026-12-04, 4 customers of Expense reporting (expense-app), provided by
ExpenseCo Inc. (expenseco), within 1 step:

PARTY         KIND          DISTANCE  SCOPE
dana          individual           0  external
    Dana Reyes, who approves Goddard applications' cash payment for Expense
    reporting
goddard-apps  organisation         0  external
    Goddard applications, which pays for Expense reporting by cash
goddard       organisation         1  external
    Goddard Space Flight Center, parent of Goddard applications, which pays for
    Expense reporting by cash
goddard-cio   individual           1  external
    Goddard CIO, manager of Dana Reyes, who approves Goddard applications' cash
    payment for Expense reporting
";

#[test]
fn customers_for_people_are_a_table_with_paths_in_words() {
    let output = on_sample(&["customers", "expense-app"]);
    assert_eq!(answered(&output), CUSTOMERS_OF_EXPENSE_APP);
}

#[test]
fn consumers_for_people_list_the_affected_services_too() {
    let output = on_sample(&["consumers", "build-farm", "--as-of", "2026-01-01"]);
    assert_eq!(
        answered(&output),
        "\
As of 2026-01-01, 4 consumers of Build farm (build-farm) with no chain limit:

PARTY            KIND          DISTANCE
developer-priya  individual           1
    Priya Nair, who uses CI pipeline, which depends on Build farm
developer-sam    individual           1
    Sam Kowalski, who uses CI pipeline, which depends on Build farm
expenseco-dev    organisation         1
    ExpenseCo application development, which provides CI pipeline, which depends
    on Build farm
project-manager  individual           1
    Jordan Lee, member of ExpenseCo application development, which provides CI
    pipeline, which depends on Build farm

1 service affected through dependencies:

SERVICE      DISTANCE
ci-pipeline         1
    CI pipeline, which depends on Build farm
"
    );
}

#[test]
fn relation_for_people_is_one_role_per_line() {
    let output = on_sample(&["relation", "mary", "acme-email", "--as-of", "2028-06-01"]);
    assert_eq!(
        answered(&output),
        "\
As of 2028-06-01, Mary (mary) has 4 roles towards Acme e-mail (acme-email),
customers within 1 step, consumers with no chain limit:

consumer   distance 0: Mary (mary) is a member of Acme finance (acme-finance)
           (since 2027-01-01), which uses Acme e-mail (acme-email)
client     Mary (mary) oversees Acme IT department (acme-it) (since 2027-01-01),
           which provides Acme e-mail (acme-email)
colleague  Mary (mary) is a member of Acme finance (acme-finance) (since
           2027-01-01), which is part of Acme Corporation (acme), above Acme IT
           department (acme-it), which provides Acme e-mail (acme-email)
partner    Mary (mary) is a member of Acme finance (acme-finance) (since
           2027-01-01), which partners with Acme IT department (acme-it) (since
           2027-01-01), which provides Acme e-mail (acme-email)
"
    );
}

#[test]
fn relation_json_gives_each_roles_links() {
    let output = on_sample(&[
        "relation",
        "dana",
        "expense-app",
        "--as-of",
        "any",
        "--json",
    ]);
    let value = util::cli::contract_answer(&output);
    let funding = json!({"link": "funding", "source": "goddard-apps", "target": "expense-app",
                         "from": null, "until": null, "approved_by": ["dana"]});
    assert_eq!(
        value["evidence"],
        json!([
            {"role": "customer", "distance": 0, "scope": "external", "links": [funding]},
            {"role": "consumer", "distance": 0, "links": [
                {"link": "membership", "source": "dana", "target": "goddard-apps",
                 "from": "2016-03-01", "until": null},
                {"link": "usage", "source": "goddard-apps", "target": "expense-app",
                 "from": null, "until": null},
            ]},
            {"role": "sponsor", "links": [funding]},
        ])
    );
}

#[test]
fn relation_words_name_each_link() {
    // The words as one line, however wrapped.
    let flat = |text: String| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let words = flat(answered(&on_sample(&[
        "relation",
        "developer-sam",
        "build-farm",
        "--as-of",
        "any",
    ])));
    for phrase in [
        "Sam Kowalski (developer-sam) uses CI pipeline",
        "which depends on Build farm (build-farm)",
        "is a member of ExpenseCo application",
        "which is part of ExpenseCo Inc.",
        "above ExpenseCo infrastructure team",
        "which provides Build farm",
    ] {
        assert!(words.contains(phrase), "{phrase:?} in {words}");
    }
    // An approver's funding link, and a chain of reporting lines down to it.
    let words = flat(answered(&on_sample(&[
        "relation",
        "goddard-cio",
        "expense-app",
        "--as-of",
        "any",
    ])));
    assert!(
        words.contains("whom Dana Reyes (dana) reports to, who approves Goddard applications"),
        "{words}"
    );
    assert!(words.contains("paying for Expense reporting"), "{words}");
}

#[test]
fn empty_answers_say_so_in_words() {
    let customers = on_sample(&["customers", "sso", "--as-of", "2028-06-01"]);
    assert_eq!(
        answered(&customers),
        "As of 2028-06-01, no customers of Single sign-on (sso) within 1 step.\n"
    );
    let consumers = on_sample(&["consumers", "school-laptops", "--max-chain", "2"]);
    assert_eq!(
        answered(&consumers),
        "As of 2026-12-04, no consumers of Schools laptop scheme (school-laptops) within\n\
         2 steps.\n\nNo other service depends on it.\n"
    );
    let relation = on_sample(&[
        "relation",
        "fan",
        "expense-app",
        "--max-chain",
        "3",
        "--as-of",
        "any",
    ]);
    assert_eq!(
        answered(&relation),
        "Ignoring dates, A football fan (fan) has no role towards Expense reporting\n\
         (expense-app), within 3 steps.\n"
    );
}

#[test]
fn a_dash_reads_the_model_from_stdin() {
    let output = svcrel(&["customers", "expense-app", "--model", "-"], Some(SAMPLE));
    assert_eq!(answered(&output), CUSTOMERS_OF_EXPENSE_APP);
}

#[test]
fn an_unknown_service_is_a_usage_error_with_a_suggestion() {
    let message = r#"no service has the id "expense-ap" (did you mean "expense-app"?)"#;
    for args in [
        &["customers", "expense-ap"][..],
        &["consumers", "expense-ap", "--json"],
        &["relation", "dana", "expense-ap"],
        &["dot", "expense-ap"],
    ] {
        assert_usage_error(&on_sample(args), message);
    }
}

#[test]
fn a_party_is_not_a_service() {
    assert_usage_error(
        &on_sample(&["customers", "dana"]),
        r#""dana" is an individual, not a service"#,
    );
}

#[test]
fn an_unknown_party_is_a_usage_error_with_a_suggestion() {
    assert_usage_error(
        &on_sample(&["relation", "fna", "nfl-broadcast"]),
        r#"no organisation or individual has the id "fna" (did you mean "fan"?)"#,
    );
}

#[test]
fn a_date_not_written_yyyy_mm_dd_is_a_usage_error() {
    for (date, why) in [
        ("2028-6-1", "not a date written YYYY-MM-DD"),
        ("01/06/2028", "not a date written YYYY-MM-DD"),
        ("2028-06-01T12:00", "not a date written YYYY-MM-DD"),
        ("yesterday", "not a date written YYYY-MM-DD"),
        ("2027-02-29", "not a calendar date"),
    ] {
        for command in [
            &["customers", "expense-app"][..],
            &["consumers", "expense-app"],
            &["relation", "dana", "expense-app"],
            &["dot", "expense-app"],
        ] {
            let mut args = command.to_vec();
            args.extend(["--as-of", date]);
            assert_usage_error_naming(&on_sample(&args), &["--as-of", date, why]);
        }
    }
}

#[test]
fn a_cutoff_that_is_not_a_whole_number_is_a_usage_error() {
    for k in ["-1", "one", "1.5", "+2", ""] {
        for command in [
            &["customers", "expense-app"][..],
            &["consumers", "expense-app"],
            &["relation", "dana", "expense-app"],
            &["dot", "expense-app"],
        ] {
            let mut args = command.to_vec();
            args.extend(["--max-chain", k]);
            assert_usage_error_naming(&on_sample(&args), &["--max-chain", "not a whole number"]);
        }
    }
    assert_usage_error_naming(
        &on_sample(&["customers", "expense-app", "--max-chain=-1"]),
        &["--max-chain", "'-1'"],
    );
}

#[test]
fn dot_takes_no_json_flag() {
    assert_usage_error_naming(&on_sample(&["dot", "expense-app", "--json"]), &["'--json'"]);
}

#[test]
fn a_missing_service_is_a_usage_error() {
    assert_usage_error_naming(&on_sample(&["customers"]), &["<SERVICE>"]);
    assert_usage_error_naming(&on_sample(&["relation", "dana"]), &["<SERVICE>"]);
}

#[test]
fn an_invalid_model_lists_every_problem_and_exits_1() {
    let text = SAMPLE
        .replacen(
            r#"{"user": "fan", "service": "nfl-broadcast"}"#,
            r#"{"user": "ghost-a", "service": "nfl-broadcast"}"#,
            1,
        )
        .replacen(r#""version": 1"#, r#""version": 2"#, 1);
    assert_ne!(text, SAMPLE);
    for command in [
        &["customers", "expense-app"][..],
        &["consumers", "expense-app", "--json"],
        &["relation", "fan", "nfl-broadcast"],
        &["dot", "expense-app"],
    ] {
        let mut args = command.to_vec();
        args.extend(["--model", "-"]);
        let output = svcrel(&args, Some(&text));
        assert_eq!(output.status.code(), Some(1), "{command:?}");
        assert_eq!(stdout(&output), "");
        let err = stderr(&output);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 2, "{err}");
        assert_eq!(
            lines[0],
            "version: 2 is not a supported format version (expected 1)"
        );
        assert!(
            lines[1].ends_with(r#".user: "ghost-a" names no organisation or individual"#),
            "{err}"
        );
    }
}

#[test]
fn an_unreadable_model_exits_1() {
    let missing = TempFile::unwritten("no-such-model");
    let path = missing.path();
    let output = svcrel(&["customers", "expense-app", "--model", path], None);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    assert!(
        stderr(&output).starts_with(&format!("{path}: ")),
        "{}",
        stderr(&output)
    );
}

#[test]
fn help_states_each_default_cutoff() {
    for (command, default) in [
        ("customers", "[default: 1]"),
        ("consumers", "[default: no limit]"),
        (
            "relation",
            "[default: 1 for the customer role, no limit for the consumer role]",
        ),
        ("dot", "[default: 1 for customers, no limit for consumers]"),
    ] {
        let help = svcrel(&[command, "--help"], None);
        let text = answered(&help);
        assert!(text.contains(default), "{command}: {text}");
        assert!(text.contains("--as-of <DATE>"), "{command}: {text}");
    }
}

// The `dot` subcommand.

const DOT_OF_EXPENSE_APP: &str = r##"digraph svcrel {
    label=<Expense reporting (expense-app)<BR/>within 0 steps, as of 2026-12-04>;
    labelloc=t;
    node [fontsize=11];
    edge [fontsize=9];

    "expense-app" [shape=box, style="filled,bold", fillcolor="#000000", fontcolor="#FFFFFF", fontsize=14, penwidth=3, label=<Expense reporting<BR/><I>expense-app</I>>, tooltip="the service asked about"];
    "expenseco" [shape=folder, style="filled", fillcolor="#009E73", fontcolor="#000000", label=<ExpenseCo Inc.<BR/><I>expenseco</I>>, tooltip="provider"];
    "goddard-apps" [shape=folder, style="filled", fillcolor="#E69F00", fontcolor="#000000", color="#56B4E9", penwidth=3, label=<Goddard applications<BR/><I>goddard-apps</I><BR/><FONT POINT-SIZE="9">also consumer</FONT>>, tooltip="customer, distance 0, external; consumer, distance 0"];
    "dana" [shape=ellipse, style="filled", fillcolor="#E69F00", fontcolor="#000000", color="#56B4E9", penwidth=3, label=<Dana Reyes<BR/><I>dana</I><BR/><FONT POINT-SIZE="9">also consumer, sponsor</FONT>>, tooltip="customer, distance 0, external; sponsor; consumer, distance 0"];

    "expense-app" -> "expenseco" [label="provider"];
    "goddard-apps" -> "expense-app" [label="funding"];
    "dana" -> "goddard-apps" [label="approval"];
    "dana" -> "goddard-apps" [label="membership"];
    "goddard-apps" -> "expense-app" [label="usage"];

    subgraph cluster_legend {
        label="Legend";
        fontsize=11;
        style=rounded;
        "legend: service asked about" [shape=box, style="filled,bold", fillcolor="#000000", fontcolor="#FFFFFF", label="service asked about"];
        "legend: customer (external)" [shape=box, style="filled,rounded", fillcolor="#E69F00", fontcolor="#000000", label="customer (external)"];
        "legend: consumer" [shape=box, style="filled,rounded", fillcolor="#56B4E9", fontcolor="#000000", label="consumer"];
        "legend: sponsor" [shape=box, style="filled,rounded", fillcolor="#CC79A7", fontcolor="#000000", label="sponsor"];
        "legend: provider" [shape=box, style="filled,rounded", fillcolor="#009E73", fontcolor="#000000", label="provider"];
    }
}
"##;

#[test]
fn dot_draws_the_evidence_links() {
    let output = on_sample(&["dot", "expense-app", "--max-chain", "0"]);
    assert_eq!(answered(&output), DOT_OF_EXPENSE_APP);
}

#[test]
fn dot_draws_customers_consumers_and_affected_services() {
    let text = answered(&on_sample(&["dot", "desktop-support"]));
    for line in [
        r#""desktop-support" -> "council-it" [label="provider"];"#,
        r#""council-education" -> "council" [label="parent"];"#,
        r#""head-of-education" -> "council-chief-executive" [label="reporting"];"#,
        r#""school-laptops" -> "desktop-support" [label="dependency"];"#,
        r#""school-laptops" -> "council-education" [label="provider"];"#,
        r#""teacher-ann" -> "riverside-school" [label="membership"];"#,
        r#""pupil-cara" -> "desktop-support" [label="usage"];"#,
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    assert!(
        text.contains(r##""school-laptops" [shape=box, style="filled", fillcolor="#D4ECFA""##),
        "{text}"
    );
    assert!(
        text.contains(r##""council-planning" [shape=folder, style="filled", fillcolor="#F0E442""##),
        "{text}"
    );
    assert!(
        text.contains(r##""pupil-cara" [shape=ellipse, style="filled", fillcolor="#56B4E9""##),
        "{text}"
    );
}

/// A node line of an entity drawn: not in the legend, not a count of
/// those left out.
fn is_drawn_node(line: &str) -> bool {
    line.starts_with("    \"") && line.contains(" [shape=") && !line.contains("shape=note")
}

/// A node line counting parties not drawn.
fn is_count_node(line: &str) -> bool {
    line.starts_with("    \"") && line.contains(" [shape=note")
}

/// The line of the node with this id.
fn node_line<'t>(text: &'t str, id: &str) -> &'t str {
    let start = format!("    \"{id}\" [shape=");
    text.lines()
        .find(|l| l.starts_with(&start))
        .unwrap_or_else(|| panic!("no node {id} in {text}"))
}

#[test]
fn dot_colours_roles_and_draws_a_legend() {
    let text = answered(&on_sample(&["dot", "expense-app"]));
    // Dana pays (external customer: orange), approves (sponsor) and uses
    // it (consumer, sky blue): filled with the first, bordered with the
    // second, the rest named.
    let dana = node_line(&text, "dana");
    assert!(dana.contains(r##"fillcolor="#E69F00""##), "{dana}");
    assert!(dana.contains(r##"color="#56B4E9", penwidth=3"##), "{dana}");
    assert!(dana.contains("also consumer, sponsor"), "{dana}");
    let provider = node_line(&text, "expenseco");
    assert!(provider.contains(r##"fillcolor="#009E73""##), "{provider}");
    // The service asked about stands out.
    let service = node_line(&text, "expense-app");
    assert!(
        service.contains(
            r##"style="filled,bold", fillcolor="#000000", fontcolor="#FFFFFF", fontsize=14"##
        ),
        "{service}"
    );
    // One legend sample per colour drawn, in the order of the roles.
    let legend = &text[text.find("subgraph cluster_legend {").expect("a legend")..];
    let samples: Vec<&str> = legend
        .lines()
        .filter(|l| l.contains(" [shape="))
        .filter_map(|l| l.split("label=\"").nth(1))
        .map(|l| l.trim_end_matches("\"];"))
        .collect();
    assert_eq!(
        samples,
        [
            "service asked about",
            "customer (external)",
            "consumer",
            "sponsor",
            "provider"
        ],
        "{legend}"
    );
}

#[test]
fn dot_max_nodes_counts_what_does_not_fit() {
    let full = answered(&on_sample(&["dot", "desktop-support"]));
    assert!(
        full.lines().filter(|l| is_drawn_node(l)).count() > 5,
        "{full}"
    );
    assert!(!full.contains("reduced to"), "{full}");
    let text = answered(&on_sample(&["dot", "desktop-support", "--max-nodes", "5"]));
    let drawn = text.lines().filter(|l| is_drawn_node(l)).count();
    assert_eq!(drawn, 5, "{text}");
    assert!(
        text.contains("reduced to 5 nodes (--max-nodes 5)"),
        "{text}"
    );
    let counts: Vec<&str> = text.lines().filter(|l| is_count_node(l)).collect();
    assert!(
        counts.iter().any(|l| l.contains("more at distance")),
        "{text}"
    );
    assert!(counts.iter().any(|l| l.contains(" member")), "{text}");
    // Every edge joins nodes drawn.
    for line in text.lines().filter(|l| l.contains(" -> ")) {
        for end in line.trim().split(" [").next().unwrap().split(" -> ") {
            let start = format!("    {end} [shape=");
            assert!(
                text.lines().any(|l| l.starts_with(&start)),
                "{end} in {text}"
            );
        }
    }
    // The same question gives the same picture.
    let again = answered(&on_sample(&["dot", "desktop-support", "--max-nodes", "5"]));
    assert_eq!(again, text);
    // One node draws the service alone; none is a usage error.
    let alone = answered(&on_sample(&["dot", "desktop-support", "--max-nodes", "1"]));
    assert_eq!(
        alone.lines().filter(|l| is_drawn_node(l)).count(),
        1,
        "{alone}"
    );
    for n in ["0", "-1", "many"] {
        assert_usage_error_naming(
            &on_sample(&["dot", "desktop-support", "--max-nodes", n]),
            &["--max-nodes"],
        );
    }
}

#[test]
fn dot_stays_the_same_size_as_the_model_grows() {
    let mut sizes = Vec::new();
    for people in ["500", "2000"] {
        let model = answered(&svcrel(&["generate", "--people", people], None));
        let file = TempFile::new(&format!("dot-growth-{people}"), &model);
        let full = answered(&svcrel(
            &[
                "dot",
                "s0",
                "--as-of",
                "any",
                "--max-nodes",
                "1000000",
                "--model",
                file.path(),
            ],
            None,
        ));
        let text = answered(&svcrel(
            &[
                "dot",
                "s0",
                "--as-of",
                "any",
                "--max-nodes",
                "20",
                "--model",
                file.path(),
            ],
            None,
        ));
        assert!(
            full.len() > 2 * text.len(),
            "{people}: the service is company-wide"
        );
        assert_eq!(text.lines().filter(|l| is_drawn_node(l)).count(), 20);
        // Counts: one per organisation drawn, one per kind and distance.
        assert!(text.lines().filter(|l| is_count_node(l)).count() <= 2 * 20);
        sizes.push(text.len());
    }
    let (small, large) = (sizes[0], sizes[1]);
    assert!(
        large < small + small / 2,
        "{small} bytes, then {large} bytes"
    );
}

#[test]
fn dot_party_draws_only_its_evidence() {
    let text = answered(&on_sample(&[
        "dot",
        "acme-email",
        "--party",
        "mary",
        "--as-of",
        "2028-06-01",
    ]));
    assert!(
        text.contains(r#""mary" -> "acme-it" [label=<oversight<BR/>from 2027-01-01>];"#),
        "{text}"
    );
    assert!(
        text.contains(r#""acme-email" -> "acme-it" [label=<provider>];"#),
        "{text}"
    );
    // The payer's funding link, with its approver.
    assert!(
        text.contains(r#""acme-finance" -> "acme-email" [label=<funding"#),
        "{text}"
    );
    // Every edge is a link given as evidence, labelled with its kind.
    let edges: Vec<&str> = text.lines().filter(|l| l.contains(" -> ")).collect();
    assert!(!edges.is_empty());
    for edge in &edges {
        assert!(edge.contains("[label=<"), "{edge}");
    }
    // Mary is coloured by her first role (consumer), bordered by her
    // second (client).
    let mary = node_line(&text, "mary");
    assert!(mary.contains(r##"fillcolor="#56B4E9""##), "{mary}");
    assert!(mary.contains(r##"color="#D55E00""##), "{mary}");
    assert!(text.contains("subgraph cluster_legend"), "{text}");
    // Nobody off her evidence is drawn.
    let whole = answered(&on_sample(&["dot", "acme-email", "--as-of", "2028-06-01"]));
    assert!(
        text.lines().filter(|l| is_drawn_node(l)).count()
            < whole.lines().filter(|l| is_drawn_node(l)).count()
    );
    assert_usage_error_naming(
        &on_sample(&["dot", "acme-email", "--party", "mray"]),
        &["mray"],
    );
}

/// A model whose ids and names hold every character DOT or its labels
/// treat specially.
const AWKWARD_IDS: &str = r#"{
  "version": 1,
  "organisations": [
    {"id": "a \"quoted\" org\\", "name": "<b>Bold</b> & co"},
    {"id": "node"},
    {"id": "x -> y; } ["}
  ],
  "individuals": [
    {"id": "back\\slash\\", "name": "\\N\\G\\l"},
    {"id": "new\nline"},
    {"id": "émile ✓"}
  ],
  "services": [
    {"id": "svc\"\\", "name": "Svc ' \" <>", "provider": "a \"quoted\" org\\"},
    {"id": "dep", "provider": "node"}
  ],
  "memberships": [{"individual": "new\nline", "organisation": "x -> y; } ["}],
  "funding": [{"payer": "x -> y; } [", "service": "svc\"\\", "payment": "cash", "approved_by": ["back\\slash\\"]}],
  "reporting": [{"individual": "back\\slash\\", "manager": "émile ✓"}],
  "usage": [{"user": "x -> y; } [", "service": "dep"}],
  "dependencies": [{"service": "dep", "depends_on": "svc\"\\"}]
}"#;

/// Whether Graphviz's `dot` can be run (see [`util::program_present`]).
fn graphviz_present(test: &str) -> bool {
    util::program_present(test, "dot".as_ref(), "-V", "graphviz")
}

/// Renders DOT text to SVG with Graphviz; asserts it succeeds silently.
fn render_svg(dot: &str) -> String {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dot runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(dot.as_bytes())
        .expect("dot takes the graph");
    let output = child.wait_with_output().expect("dot ends");
    assert_eq!(output.status.code(), Some(0), "dot: {}", stderr(&output));
    assert_eq!(stderr(&output), "", "dot warns about:\n{dot}");
    stdout(&output)
}

#[test]
fn dot_output_renders_with_graphviz() {
    if !graphviz_present("dot_output_renders_with_graphviz") {
        return;
    }
    for service in [
        "expense-app",
        "desktop-support",
        "nfl-broadcast",
        "acme-email",
        "build-farm",
        "directory",
    ] {
        for extra in [&[][..], &["--max-nodes", "3"], &["--party", "mary"]] {
            let mut args = vec!["dot", service, "--as-of", "2028-06-01"];
            args.extend(extra);
            let text = answered(&on_sample(&args));
            let svg = render_svg(&text);
            assert!(svg.contains("<svg"), "{args:?}");
            let nodes = text.lines().filter(|l| l.contains(" [shape=")).count();
            assert_eq!(svg.matches(r#"class="node""#).count(), nodes, "{args:?}");
            let edges = text.lines().filter(|l| l.contains(" -> ")).count();
            assert_eq!(svg.matches(r#"class="edge""#).count(), edges, "{args:?}");
        }
    }
}

#[test]
fn any_id_is_safe_in_dot() {
    let file = TempFile::new("awkward-ids", AWKWARD_IDS);
    let text = answered(&svcrel(&["dot", "svc\"\\", "--model", file.path()], None));
    // Every entity is drawn: the service, its provider, the customers, the
    // consumers and the affected service with its provider.
    let nodes = text.lines().filter(|l| is_drawn_node(l)).count();
    assert_eq!(nodes, 8, "{text}");
    let legend = text
        .lines()
        .filter(|l| l.starts_with("        \"legend"))
        .count();
    assert!(
        text.contains(r#""back\\slash\\" -> "x -> y; } [" [label="approval"];"#),
        "{text}"
    );
    assert!(
        text.contains(r#""new\\u{a}line" -> "x -> y; } [" [label="membership"];"#),
        "{text}"
    );
    assert!(
        text.contains(r"label=<\\N\\G\\l<BR/><I>back\\slash\\</I><BR/>"),
        "{text}"
    );
    assert!(
        text.contains("label=<&lt;b&gt;Bold&lt;/b&gt; &amp; co<BR/>"),
        "{text}"
    );
    if !graphviz_present("any_id_is_safe_in_dot") {
        return;
    }
    let svg = render_svg(&text);
    assert_eq!(svg.matches(r#"class="node""#).count(), 8 + legend, "{svg}");
    assert_eq!(svg.matches(r#"class="edge""#).count(), 8, "{svg}");
    // Labels show the names and ids as written, with no escape sequence
    // taken for a Graphviz one.
    assert!(svg.contains(r">\N\G\l<"), "{svg}");
    assert!(svg.contains(r">back\slash\<"), "{svg}");
    assert!(svg.contains("&lt;b&gt;Bold&lt;/b&gt; &amp; co"), "{svg}");
}

/// The text an SVG shows (its character data, entities read), after
/// checking that it is well-formed XML with quick-xml (a dependency of
/// the `export` feature; without it, the rough check that every `<` opens
/// a tag and every `&` an entity).
fn svg_text(svg: &str) -> String {
    assert!(svg.starts_with("<?xml "), "{svg}");
    assert!(
        svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(
        svg.chars().all(|c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)),
        "a character XML 1.0 cannot carry"
    );
    #[cfg(feature = "export")]
    {
        use quick_xml::events::Event;
        let mut reader = quick_xml::reader::Reader::from_str(svg);
        let mut text = String::new();
        let mut depth = 0usize;
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                Event::Text(t) => text.push_str(&t.decode().expect("UTF-8")),
                Event::GeneralRef(r) => {
                    let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                    text.push(match name.as_str() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" | "#39" => '\'',
                        other => panic!("&{other};"),
                    });
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(depth, 0, "unclosed elements");
        text
    }
    #[cfg(not(feature = "export"))]
    {
        let mut text = String::new();
        let mut rest = svg;
        while let Some(at) = rest.find('<') {
            text.push_str(&rest[..at]);
            let end = rest[at..].find('>').expect("a tag ends");
            let tag = &rest[at + 1..at + end];
            assert!(
                tag.chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || "/?!".contains(c)),
                "<{tag}>"
            );
            rest = &rest[at + end + 1..];
        }
        text.push_str(rest);
        for (entity, c) in [
            ("&lt;", "<"),
            ("&gt;", ">"),
            ("&quot;", "\""),
            ("&#39;", "'"),
            ("&amp;", "&"),
        ] {
            text = text.replace(entity, c);
        }
        text
    }
}

#[test]
fn dot_format_svg_draws_the_graph_without_graphviz() {
    for service in ["expense-app", "desktop-support", "acme-email", "directory"] {
        for extra in [&[][..], &["--max-nodes", "3"], &["--party", "mary"]] {
            let mut args = vec!["dot", service, "--as-of", "2028-06-01"];
            args.extend(extra);
            let dot = answered(&on_sample(&args));
            args.extend(["--format", "svg"]);
            let svg = answered(&on_sample(&args));
            let text = svg_text(&svg);
            // Every node and edge of the DOT, with no legend node among
            // them: the legend is a row of boxes of its own.
            let nodes = dot
                .lines()
                .filter(|l| l.starts_with("    \"") && l.contains(" [shape="))
                .count();
            assert_eq!(
                svg.matches(r#"<g class="node">"#).count(),
                nodes,
                "{args:?}"
            );
            let edges = dot.lines().filter(|l| l.contains(" -> ")).count();
            assert_eq!(svg.matches(r#"class="edge""#).count(), edges, "{args:?}");
            assert!(text.contains("Legend:"), "{args:?}");
            assert!(text.contains("service asked about"), "{args:?}");
            assert_eq!(answered(&on_sample(&args)), svg, "the same twice: {args:?}");
        }
    }
    let svg = answered(&on_sample(&["dot", "expense-app", "--format", "svg"]));
    let text = svg_text(&svg);
    for line in [
        "Expense reporting (expense-app)",
        "Dana Reyes",
        "goddard-apps",
        "ExpenseCo Inc.",
        "customer (external)",
        "funding",
        "membership",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    assert_eq!(
        answered(&on_sample(&["dot", "expense-app", "--format", "dot"])),
        answered(&on_sample(&["dot", "expense-app"]))
    );
    assert_usage_error_naming(
        &on_sample(&["dot", "expense-app", "--format", "png"]),
        &["png", "dot", "svg"],
    );
}

#[test]
fn draw_with_svg_is_dot_with_format_svg() {
    let args = ["draw", "expense-app", "--model", SAMPLE_PATH, "--svg"];
    let svg = answered(&svcrel(&args, None));
    assert!(
        svg.starts_with("<svg ") || svg.starts_with("<?xml"),
        "{svg}"
    );
    assert!(
        svg.contains(r#"xmlns="http://www.w3.org/2000/svg""#),
        "{svg}"
    );
    assert!(svg.trim_end().ends_with("</svg>"), "{svg}");
    assert!(svg_text(&svg).contains("Expense reporting (expense-app)"));
    let long = ["dot", "expense-app", "--format", "svg"];
    assert_eq!(answered(&on_sample(&long)), svg);
    assert_eq!(answered(&on_sample(&["dot", "expense-app", "--svg"])), svg);
    // `draw` is `dot` under another name, DOT by default.
    assert_eq!(
        answered(&on_sample(&["draw", "expense-app"])),
        answered(&on_sample(&["dot", "expense-app"]))
    );
    for format in ["dot", "svg"] {
        assert_usage_error_naming(
            &on_sample(&["draw", "expense-app", "--svg", "--format", format]),
            &["--svg", "--format"],
        );
    }
    let help = stdout(&svcrel(&["--help"], None));
    assert!(help.contains("draw"), "{help}");
}

#[test]
fn any_id_is_safe_in_svg() {
    let json = r#"{"version": 1,
        "organisations": [{"id": "<org> & \"co\"", "name": "<b>Bold</b> & co"}],
        "individuals": [{"id": "eve\u202e", "name": "Eve </text><script>x</script>"}],
        "services": [{"id": "svc<&\">", "provider": "<org> & \"co\""}],
        "memberships": [{"individual": "eve\u202e", "organisation": "<org> & \"co\""}],
        "usage": [{"user": "eve\u202e", "service": "svc<&\">"}]}"#;
    let file = TempFile::new("hostile-svg", json);
    let args = ["dot", "svc<&\">", "--model", file.path(), "--format", "svg"];
    let svg = answered(&svcrel(&args, None));
    let text = svg_text(&svg);
    for label in [
        "svc<&\">",
        "<b>Bold</b> & co",
        "<org> & \"co\"",
        "Eve </text><script>x</script>",
        r"eve\u{202e}",
    ] {
        assert!(text.contains(label), "{label:?} in {text}");
    }
    for raw in ["<b>", "<org", "<script", "<&", "\u{202e}"] {
        assert!(!svg.contains(raw), "{raw:?} in {svg}");
    }
    assert_eq!(svg.matches(r#"<g class="node">"#).count(), 3, "{svg}");
    assert_eq!(answered(&svcrel(&args, None)), svg);
}

#[test]
fn the_readme_shows_the_real_answers() {
    let readme = include_str!("../README.md");
    let main_job = answered(&on_sample(&[
        "customers",
        "expense-app",
        "--max-chain",
        "3",
    ]));
    assert!(
        readme.contains(&format!("```text\n{main_job}```")),
        "README's main job shows:\n{main_job}"
    );
    // SVCREL_TODAY is 2026-12-04 in the tests, as in the README's commands.
    let relation = answered(&on_sample(&[
        "relation",
        "head-of-education",
        "desktop-support",
    ]));
    assert!(
        readme.contains(&format!(
            "$ SVCREL_TODAY=2026-12-04 svcrel relation head-of-education desktop-support --model examples/data/sample.json\n{relation}```"
        )),
        "README's relation example shows:\n{relation}"
    );
}

// Long chains: whole paths cost the square of the answer.

/// A chain of `n` organisations, `o0` at the top using the service `s`:
/// every organisation is a consumer at distance 0, `oi`'s path `i + 2` ids
/// long, so all the paths together list about n²/2 ids.
fn deep_chain(n: usize) -> TempFile {
    let mut orgs = vec![r#"{"id": "o0"}"#.to_owned()];
    orgs.extend((1..n).map(|i| format!(r#"{{"id": "o{i}", "parent": "o{}"}}"#, i - 1)));
    let json = format!(
        r#"{{"version": 1, "organisations": [{}], "services": [{{"id": "s", "provider": "o0"}}],
            "usage": [{{"user": "o0", "service": "s"}}]}}"#,
        orgs.join(",")
    );
    TempFile::new(&format!("chain-{n}"), &json)
}

#[test]
fn whole_paths_past_the_limit_are_refused_and_via_is_linear() {
    // 8,000 deep: 32 million ids of paths, 670 MB, past the 256 MiB allowed.
    let deep = deep_chain(8_000);
    for format in [&["--json"][..], &[]] {
        let mut args = vec!["consumers", "s", "--model", deep.path()];
        args.extend(format);
        let output = svcrel(&args, None);
        assert_usage_error_naming(&output, &["more than 256 MiB", "ask with --evidence via"]);
    }
    // Asked for the next steps only, the answer grows with the chain.
    let size = |n: usize| {
        let file = deep_chain(n);
        let args = ["consumers", "s", "--model", file.path(), "--json"];
        let output = svcrel(&[&args[..], &["--evidence", "via"]].concat(), None);
        let answer = json_answer(&output);
        let rows = answer["consumers"].as_array().expect("consumers").clone();
        assert_eq!(rows.len(), n);
        let last = format!("o{}", n - 1);
        let end = rows.iter().find(|r| r["party"] == last.as_str()).unwrap();
        assert_eq!(
            end["via"],
            json!({"id": format!("o{}", n - 2), "link": "parent"})
        );
        assert!(end.get("path").is_none());
        output.stdout.len() as f64
    };
    let ratio = size(16_000) / size(8_000);
    assert!(ratio < 2.5, "twice the chain, {ratio:.2} times the answer");
    // Within the limit, whole paths are written as before.
    let small = deep_chain(1_000);
    let answer = json_answer(&svcrel(
        &["consumers", "s", "--model", small.path(), "--json"],
        None,
    ));
    assert_eq!(
        answer["consumers"][999]["path"].as_array().unwrap().len(),
        1_001
    );
    // The text for people follows the same choice.
    let text = answered(&svcrel(
        &[
            "consumers",
            "s",
            "--model",
            small.path(),
            "--evidence",
            "via",
        ],
        None,
    ));
    assert!(text.contains("    via o998, by parent\n"), "{text}");
}

#[test]
fn long_names_count_towards_the_limit_in_words_too() {
    // 500 deep with names of 4,000 bytes: 125,000 entities on paths, 500 MB
    // of names in words.
    let name = "n".repeat(4_000);
    let orgs: Vec<String> = (0..500)
        .map(|i| match i {
            0 => format!(r#"{{"id": "o0", "name": "{name}"}}"#),
            _ => format!(
                r#"{{"id": "o{i}", "name": "{name}", "parent": "o{}"}}"#,
                i - 1
            ),
        })
        .collect();
    let json = format!(
        r#"{{"version": 1, "organisations": [{}], "services": [{{"id": "s", "provider": "o0"}}],
            "usage": [{{"user": "o0", "service": "s"}}]}}"#,
        orgs.join(",")
    );
    let file = TempFile::new("long-names", &json);
    let output = svcrel(&["consumers", "s", "--model", file.path()], None);
    assert_usage_error_naming(&output, &["more than 256 MiB", "--evidence via"]);
    let text = answered(&svcrel(
        &[
            "consumers",
            "s",
            "--model",
            file.path(),
            "--evidence",
            "via",
        ],
        None,
    ));
    let notes = text.lines().filter(|l| l.starts_with("    via")).count();
    assert_eq!(notes, 500);
}

#[test]
fn a_batch_question_can_ask_for_via_and_is_refused_whole_paths_past_the_limit() {
    let deep = deep_chain(8_000);
    let questions = concat!(
        r#"{"query": "consumers", "service": "s"}"#,
        "\n",
        r#"{"query": "consumers", "service": "s", "evidence": "via"}"#,
        "\n"
    );
    let schemas = util::schema::Schemas::committed();
    let lines = |text: String| -> Vec<Value> {
        text.lines()
            .map(|l| {
                let value = serde_json::from_str(l).unwrap();
                schemas.assert_batch_line(&value);
                value
            })
            .collect()
    };
    let text = answered(&svcrel(&["batch", "--model", deep.path()], Some(questions)));
    let lines_of_two = lines(text);
    assert_eq!(lines_of_two[0]["line"], 1);
    assert_eq!(lines_of_two[0]["error"]["kind"], "too_large");
    let error = lines_of_two[0]["error"]["message"].as_str().unwrap();
    assert!(error.contains(r#"ask with "evidence": "via""#), "{error}");
    assert_eq!(
        lines_of_two[1]["consumers"].as_array().unwrap().len(),
        8_000
    );
    // Evidence is a choice of customers and consumers questions only.
    let question = r#"{"query": "relation", "party": "o1", "service": "s", "evidence": "via"}"#;
    let text = answered(&svcrel(&["batch", "--model", deep.path()], Some(question)));
    let line = &lines(text)[0];
    assert_eq!(line["error"]["kind"], "invalid_question");
    let error = line["error"]["message"].as_str().unwrap();
    assert!(error.starts_with("unknown field `evidence`"), "{error}");
}

#[test]
fn generate_refuses_more_people_than_it_can_make() {
    let output = svcrel(&["generate", "--people", "4294967296"], None);
    assert_usage_error_naming(&output, &["--people", "1..=10000000"]);
}

#[test]
fn names_with_noncharacters_and_bidi_controls_render_with_graphviz() {
    if !graphviz_present("names_with_noncharacters_and_bidi_controls_render_with_graphviz") {
        return;
    }
    let json = r#"{"version": 1,
        "organisations": [{"id": "it\u202e", "name": "IT \ufffe dept\u2028two"}],
        "services": [{"id": "mail\u0007", "name": "Mail \uffff", "provider": "it\u202e"}],
        "usage": [{"user": "it\u202e", "service": "mail\u0007"}]}"#;
    let file = TempFile::new("noncharacters", json);
    let text = answered(&svcrel(&["dot", "mail\u{7}", "--model", file.path()], None));
    for c in ['\u{fffe}', '\u{ffff}', '\u{202e}', '\u{2028}', '\u{7}'] {
        assert!(!text.contains(c), "{c:?} in {text}");
    }
    assert_eq!(text.lines().filter(|l| is_drawn_node(l)).count(), 2);
    let nodes = text.lines().filter(|l| l.contains(" [shape=")).count();
    let svg = render_svg(&text);
    assert_eq!(svg.matches(r#"class="node""#).count(), nodes);
}

/// `impact --limit N` lists at most N services and N parties to notify
/// and still says how many there are.
#[test]
fn impact_limit_cuts_the_lists_and_says_how_many() {
    let text = answered(&on_sample(&[
        "impact", "sso", "--as-of", "any", "--limit", "1",
    ]));
    assert!(
        text.contains("and 3 more (leave out --limit to name them all)"),
        "{text}"
    );
    let json = util::cli::json_answer(&on_sample(&[
        "impact", "sso", "--as-of", "any", "--limit", "0", "--json",
    ]));
    assert_eq!(json["notify"], json!([]));
    assert_eq!(json["notify_total"], 4);
    assert!(json["services_total"].as_u64() > Some(0));
}
