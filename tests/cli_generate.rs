//! `svcrel generate`: a valid, deterministic synthetic enterprise on
//! stdout, the same document the library's `Synthetic` builds; and the
//! list commands' `--limit` and `--summary`, on the sample and on what
//! `generate` makes.

#![cfg(feature = "cli")]

mod util;

use std::collections::BTreeMap;
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use svcrel::{Date, Model, Query};
use util::cli::{TODAY, answered, json_answer, stderr, stdout, svcrel, svcrel_bytes};
use util::{SAMPLE_PATH, TempFile};

fn generate(args: &[&str]) -> Vec<u8> {
    let out = svcrel(args, None);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert_eq!(stderr(&out), "");
    out.stdout
}

#[test]
fn the_document_passes_check() {
    let doc = generate(&["generate", "--people", "2000", "--seed", "7"]);
    let check = svcrel_bytes(&["check", "--model", "-"], Some(&doc));
    let stdout = stdout(&check);
    assert_eq!(check.status.code(), Some(0), "stderr: {}", stderr(&check));
    assert!(stdout.starts_with("ok: "), "{stdout}");
    // 2000 people and the buyers of the outside companies.
    assert!(stdout.contains(" 2002 individuals"), "{stdout}");
}

#[test]
fn the_same_seed_gives_the_same_document() {
    let args = ["generate", "--people", "1500", "--seed", "42"];
    let first = generate(&args);
    assert_eq!(first, generate(&args));
    let other = generate(&["generate", "--people", "1500", "--seed", "43"]);
    assert_ne!(first, other);
}

#[test]
fn it_prints_what_the_library_generates() {
    let doc = generate(&["generate", "--people", "300", "--seed", "5"]);
    let expected = svcrel::Synthetic::new(300).seed(5).document();
    assert_eq!(
        String::from_utf8(doc).expect("UTF-8"),
        expected.to_json_string()
    );
    // Without --seed, the library's default seed, 0.
    let doc = generate(&["generate", "--people", "300"]);
    let expected = svcrel::Synthetic::new(300).document();
    assert_eq!(
        String::from_utf8(doc).expect("UTF-8"),
        expected.to_json_string()
    );
}

#[test]
fn people_must_be_a_positive_number() {
    for args in [
        &["generate"][..],
        &["generate", "--people", "0"],
        &["generate", "--people", "-5"],
        &["generate", "--people", "many"],
        &["generate", "--people", "10", "--seed", "x"],
    ] {
        let out = svcrel(args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_svcrel"))
        .args(["generate", "--people", "20000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the svcrel program runs");
    // Read nothing and hang up, as `svcrel generate … | head -c 0` does.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("the svcrel program ends");
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
}

// ---------------------------------------------------------------------
// --limit and --summary, on the sample and on a generated enterprise
// ---------------------------------------------------------------------

/// A generated enterprise of 2,000 people in a file, and the ids of its
/// services.
fn enterprise() -> (TempFile, Vec<String>) {
    let doc = generate(&["generate", "--people", "2000", "--seed", "11"]);
    let text = String::from_utf8(doc).expect("UTF-8");
    let value: Value = serde_json::from_str(&text).expect("JSON");
    let services = value["services"]
        .as_array()
        .expect("services")
        .iter()
        .map(|s| s["id"].as_str().expect("an id").to_owned())
        .collect();
    (TempFile::new("enterprise", &text), services)
}

/// Runs the program on a model: `args`, then `--model` and its path.
fn on(model: &str, args: &[&str]) -> std::process::Output {
    svcrel(&[args, &["--model", model][..]].concat(), None)
}

/// The model and services the list options are tried on: the sample's
/// with the most answers, and a spread of a generated enterprise's.
fn models() -> Vec<(String, Vec<String>, Option<TempFile>)> {
    let sample = ["expense-app", "desktop-support", "directory", "sso"];
    let (file, services) = enterprise();
    let step = (services.len() / 6).max(1);
    let spread = services.iter().step_by(step).cloned().collect();
    vec![
        (
            SAMPLE_PATH.to_owned(),
            sample.map(str::to_owned).to_vec(),
            None,
        ),
        (file.path().to_owned(), spread, Some(file)),
    ]
}

/// The rows of a table of counts for people: the lines after its header,
/// up to the first blank line.
fn table_rows<'t>(text: &'t str, header: &str) -> Vec<&'t str> {
    let Some((_, after)) = text.split_once(&format!("\n{header}\n")) else {
        return Vec::new();
    };
    after.lines().take_while(|l| !l.is_empty()).collect()
}

#[test]
fn limit_cuts_the_rows_and_says_how_many_there_are() {
    for (model, services, _file) in models() {
        for service in &services {
            for list in ["customers", "consumers"] {
                let full = json_answer(&on(&model, &[list, service, "--json", "--max-chain", "3"]));
                let total = full["total"].as_u64().expect("a total") as usize;
                for n in [0_usize, 1, 3, total + 1] {
                    let limit = n.to_string();
                    let args = [list, service, "--max-chain", "3", "--limit", &limit];
                    let cut = json_answer(&on(&model, &[&args[..], &["--json"]].concat()));
                    let shown = n.min(total);
                    assert_eq!(cut["total"], full["total"], "{list} {service} --limit {n}");
                    let rows = cut[list].as_array().expect("rows");
                    assert_eq!(
                        rows[..],
                        full[list].as_array().unwrap()[..shown],
                        "{service}"
                    );
                    let text = answered(&on(&model, &args));
                    let first = text.lines().next().unwrap_or("");
                    assert!(first.starts_with(&format!("As of {TODAY}, ")), "{text}");
                    let said = format!("Showing {shown} of {total} {list}; leave out --limit");
                    assert_eq!(text.contains(&said), shown < total, "{said} in {text}");
                    if total > 0 {
                        let count = format!("{total} {}", &list[..list.len() - 1]);
                        assert!(text.contains(&count), "{count} in {text}");
                    }
                    let table = text
                        .lines()
                        .skip_while(|l| !l.starts_with("PARTY"))
                        .skip(1)
                        .take_while(|l| !l.is_empty())
                        .filter(|l| !l.starts_with(' '))
                        .count();
                    assert_eq!(table, shown, "{list} {service} --limit {n}: {text}");
                }
            }
        }
    }
}

#[test]
fn limit_cuts_both_lists_of_consumers() {
    let args = ["consumers", "directory", "--limit", "1"];
    let answer = json_answer(&on(SAMPLE_PATH, &[&args[..], &["--json"]].concat()));
    assert_eq!(answer["consumers"].as_array().unwrap().len(), 1);
    assert_eq!(answer["services"].as_array().unwrap().len(), 1);
    assert_eq!(
        (answer["total"].clone(), answer["services_total"].clone()),
        (json!(10), json!(2))
    );
    let text = answered(&on(SAMPLE_PATH, &args));
    assert!(
        text.contains("\nShowing 1 of 10 consumers; leave out --limit to list them all.\n"),
        "{text}"
    );
    assert!(
        text.contains("\n2 services affected through dependencies:\n"),
        "{text}"
    );
    assert!(
        text.ends_with("\nShowing 1 of 2 services; leave out --limit to list them all.\n"),
        "{text}"
    );
}

/// How many of `rows` stand at each distance, as the JSON writes it.
fn per_distance<'v>(rows: impl Iterator<Item = &'v Value>) -> Value {
    let mut counts: BTreeMap<u64, u64> = BTreeMap::new();
    for row in rows {
        *counts
            .entry(row["distance"].as_u64().expect("a distance"))
            .or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(distance, count)| json!({"distance": distance, "count": count}))
        .collect()
}

/// The individuals among the consumer rows, counted per top-level
/// organisation, per paying customer (as triage chooses it) and without
/// one, each counted here from the model.
fn people(model: &Model, service: &str, rows: &[Value], date: Date) -> (Value, Value, Value) {
    let (mut tops, mut payers) = (
        BTreeMap::<String, u64>::new(),
        BTreeMap::<String, u64>::new(),
    );
    let mut without = 0_u64;
    let query = Query::new().as_of(date);
    for row in rows.iter().filter(|r| r["kind"] == "individual") {
        let party = row["party"].as_str().expect("an id");
        for top in model.top(party, Some(date)) {
            *tops.entry(top.to_string()).or_default() += 1;
        }
        match model
            .triage(party, service, &query)
            .expect("a triage")
            .payer()
        {
            Some(p) => *payers.entry(p.payer().to_string()).or_default() += 1,
            None => without += 1,
        }
    }
    (json!(tops), json!(payers), json!(without))
}

#[test]
fn summary_counts_are_the_full_lists_counted() {
    let date = svcrel::parse_date(TODAY).expect("a date");
    for (path, services, _file) in models() {
        let model = Model::from_json_file(&path).expect("the model loads");
        for service in &services {
            let full = json_answer(&on(&path, &["consumers", service, "--json"]));
            let summary = json_answer(&on(&path, &["consumers", service, "--summary", "--json"]));
            let rows = full["consumers"].as_array().expect("consumers");
            let affected = full["services"].as_array().expect("services");
            assert!(summary.get("consumers").is_none() && summary.get("services").is_none());
            assert_eq!(summary["total"], rows.len(), "{service}");
            assert_eq!(summary["services_total"], affected.len(), "{service}");
            assert_eq!(
                summary["consumers_by_distance"],
                per_distance(rows.iter()),
                "{service}"
            );
            assert_eq!(
                summary["services_by_distance"],
                per_distance(affected.iter()),
                "{service}"
            );
            let (tops, payers, without) = people(&model, service, rows, date);
            assert_eq!(summary["consumers_by_top"], tops, "{service}");
            assert_eq!(summary["consumers_by_payer"], payers, "{service}");
            assert_eq!(summary["consumers_without_payer"], without, "{service}");

            // impact --summary: the services counted per distance, and how
            // many to notify, as its full answer lists them.
            let impact = json_answer(&on(&path, &["impact", service, "--json"]));
            let counted = json_answer(&on(&path, &["impact", service, "--summary", "--json"]));
            let listed = impact["services"].as_array().expect("services");
            assert_eq!(
                counted["services_by_distance"],
                per_distance(listed.iter()),
                "{service}"
            );
            assert_eq!(
                counted["notify_total"],
                impact["notify"].as_array().unwrap().len()
            );
            for key in [
                "consumers_by_top",
                "consumers_by_payer",
                "consumers_without_payer",
            ] {
                assert_eq!(counted[key], impact[key], "{service} {key}");
                assert_eq!(counted[key], summary[key], "{service} {key}");
            }
            assert!(counted.get("services").is_none() && counted.get("notify").is_none());

            // In words, the same counts in aligned tables.
            let text = answered(&on(&path, &["consumers", service, "--summary"]));
            let first = text.lines().next().unwrap_or("");
            assert!(first.starts_with(&format!("As of {TODAY}, ")), "{text}");
            let table: Vec<Value> = table_rows(&text, "DISTANCE  CONSUMERS")
                .iter()
                .map(|l| {
                    let cells: Vec<u64> =
                        l.split_whitespace().map(|c| c.parse().unwrap()).collect();
                    json!({"distance": cells[0], "count": cells[1]})
                })
                .collect();
            assert_eq!(
                Value::from(table),
                summary["consumers_by_distance"],
                "{text}"
            );
            let by_top: u64 = table_rows(&text, "PEOPLE  TOP-LEVEL ORGANISATION")
                .iter()
                .map(|l| l.split_whitespace().next().unwrap().parse::<u64>().unwrap())
                .sum();
            let tops_total: u64 = summary["consumers_by_top"]
                .as_object()
                .unwrap()
                .values()
                .map(|n| n.as_u64().unwrap())
                .sum();
            assert_eq!(by_top, tops_total, "{text}");
            let impact_text = answered(&on(&path, &["impact", service, "--summary"]));
            let services_table = table_rows(&impact_text, "DISTANCE  SERVICES");
            assert_eq!(
                services_table.len(),
                counted["services_by_distance"].as_array().unwrap().len()
            );
            let said = match counted["notify_total"].as_u64().expect("a count") {
                0 => "Notify: nobody".to_owned(),
                1 => "Notify: 1 party ".to_owned(),
                n => format!("Notify: {n} parties "),
            };
            assert!(impact_text.contains(&said), "{said} in {impact_text}");
        }
    }
}

/// A model large enough for a spinner loads without one when stderr is
/// not a terminal: a program reading stderr sees only what went wrong.
#[test]
fn a_large_load_shows_no_progress_when_stderr_is_not_a_terminal() {
    let generated = svcrel(&["generate", "--people", "80000", "--seed", "3"], None);
    assert!(generated.status.success());
    assert!(
        generated.stdout.len() > 16 << 20,
        "large enough for a spinner"
    );
    let file = TempFile::new("large", &String::from_utf8(generated.stdout).unwrap());
    let out = svcrel(&["check", "--model", file.path()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}
