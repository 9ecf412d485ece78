//! Large documents, built in memory: long cycles are found without
//! recursion, and large documents load. Nothing here asserts on time;
//! speed belongs in the benchmarks. Long chains, a service with many
//! dependents and many problems at once are in `hostile.rs`.

mod util;

use std::fmt::Write;

use svcrel::{EntityKind, Model, ProblemKind};
use util::{document, items};

const LONG: usize = 100_000;

#[test]
#[ignore = "large; run with --ignored"]
fn a_hundred_megabyte_document_loads() {
    // 100,000 people with kilobyte names, each a member of one of a few
    // teams and a user of one service.
    let name = "Dana Reyes, Applications Director ".repeat(30);
    let people = items(LONG, |out, i| {
        write!(out, r#"{{"id": "person-{i}", "name": "{name}{i}"}}"#).unwrap()
    });
    let memberships = items(LONG, |out, i| {
        write!(
            out,
            r#"{{"individual": "person-{i}", "organisation": "team-{}", "title": "Engineer", "from": "2020-01-01"}}"#,
            i % 10
        )
        .unwrap()
    });
    let usage = items(LONG, |out, i| {
        write!(out, r#"{{"user": "person-{i}", "service": "mail"}}"#).unwrap()
    });
    let teams = items(10, |out, i| {
        write!(out, r#"{{"id": "team-{i}", "parent": "acme"}}"#).unwrap()
    });
    let json = document(&[
        ("organisations", format!(r#"{{"id": "acme"}}, {teams}"#)),
        ("individuals", people),
        (
            "services",
            r#"{"id": "mail", "provider": "acme"}"#.to_owned(),
        ),
        ("memberships", memberships),
        ("usage", usage),
    ]);
    assert!(json.len() > 100_000_000, "{} bytes", json.len());
    let model = Model::from_json_str(&json).expect("the document is valid");
    let counts = model.counts();
    assert_eq!(counts.individuals, LONG);
    assert_eq!(counts.memberships, LONG);
    assert_eq!(counts.usage, LONG);
    let last = model.entity(&format!("person-{}", LONG - 1)).unwrap();
    assert!(last.name().unwrap().ends_with("Director 99999"));
}

#[test]
#[ignore = "large; run with --ignored"]
fn a_hundred_megabyte_document_with_one_typo_names_it() {
    // The typo sends the reader down its slow, item-by-item path.
    let name = "Dana Reyes, Applications Director ".repeat(30);
    let people = items(LONG, |out, i| match i {
        77_777 => write!(out, r#"{{"id": "person-{i}", "nmae": "{name}"}}"#).unwrap(),
        _ => write!(out, r#"{{"id": "person-{i}", "name": "{name}"}}"#).unwrap(),
    });
    let json = document(&[("individuals", people)]);
    assert!(json.len() > 100_000_000, "{} bytes", json.len());
    let err = Model::from_json_str(&json).unwrap_err();
    let lines: Vec<String> = err.problems().iter().map(|p| p.to_string()).collect();
    assert_eq!(lines, ["individuals[77777].nmae: unknown field"]);
}

#[test]
fn a_document_of_ten_megabytes_loads() {
    // The large case above, a tenth of the size, for every run.
    let name = "Dana Reyes, Applications Director ".repeat(3);
    let people = items(LONG, |out, i| {
        write!(out, r#"{{"id": "person-{i}", "name": "{name}{i}"}}"#).unwrap()
    });
    let json = document(&[("individuals", people)]);
    assert!(json.len() > 10_000_000, "{} bytes", json.len());
    let model = Model::from_json_str(&json).expect("the document is valid");
    assert_eq!(model.counts().individuals, LONG);
}

#[test]
fn a_parent_cycle_a_hundred_thousand_long_is_one_problem() {
    let orgs = items(LONG, |out, i| {
        write!(
            out,
            r#"{{"id": "org-{i}", "parent": "org-{}"}}"#,
            (i + 1) % LONG
        )
        .unwrap()
    });
    let err = Model::from_json_str(&document(&[("organisations", orgs)])).unwrap_err();
    let [problem] = err.problems() else {
        panic!("expected one problem, found {}", err.problems().len());
    };
    assert_eq!(problem.kind(), ProblemKind::ParentCycle);
    assert_eq!(
        problem.to_string(),
        r#"organisations[0].parent: "org-0" is its own ancestor: org-0 → org-1 → org-2 → org-3 → org-4 → org-5 → org-6 → org-7 → … (100000 in all) → org-0"#
    );
}

/// `LONG` people, `person-i` reporting to `person-(i-1)`, and the first
/// to the last when `closed`.
fn reporting_chain(closed: bool) -> String {
    let people = items(LONG, |out, i| {
        write!(out, r#"{{"id": "person-{i}"}}"#).unwrap()
    });
    let lines = items(if closed { LONG } else { LONG - 1 }, |out, i| {
        let (who, manager) = if i + 1 < LONG {
            (i + 1, i)
        } else {
            (0, LONG - 1)
        };
        write!(
            out,
            r#"{{"individual": "person-{who}", "manager": "person-{manager}"}}"#
        )
        .unwrap()
    });
    document(&[("individuals", people), ("reporting", lines)])
}

#[test]
fn a_reporting_cycle_a_hundred_thousand_long_is_one_problem() {
    let err = Model::from_json_str(&reporting_chain(true)).unwrap_err();
    let [problem] = err.problems() else {
        panic!("expected one problem, found {}", err.problems().len());
    };
    assert_eq!(problem.kind(), ProblemKind::ReportingCycle);
    assert_eq!(problem.index(), Some(0));
    assert!(
        problem
            .to_string()
            .ends_with("… (100000 in all) → person-1"),
        "{problem}"
    );
}

#[test]
fn a_reporting_cycle_whose_lines_start_on_different_days_is_one_problem() {
    // Each line starts a day after the one before, so the cycle closes
    // only on the last day; every day before must be found free of one.
    const N: usize = 20_000;
    let people = items(N, |out, i| {
        write!(out, r#"{{"id": "person-{i}"}}"#).unwrap()
    });
    let start = svcrel::Date::constant(1970, 1, 1);
    let lines = items(N, |out, i| {
        let from = start.checked_add(jiff::Span::new().days(i as i64)).unwrap();
        write!(
            out,
            r#"{{"individual": "person-{i}", "manager": "person-{}", "from": "{from}"}}"#,
            (i + 1) % N
        )
        .unwrap()
    });
    let json = document(&[("individuals", people), ("reporting", lines)]);
    let err = Model::from_json_str(&json).unwrap_err();
    let [problem] = err.problems() else {
        panic!("expected one problem, found {}", err.problems().len());
    };
    assert_eq!(problem.kind(), ProblemKind::ReportingCycle);
    assert!(
        problem
            .to_string()
            .ends_with("… (20000 in all) → person-0 (from 2024-10-03)"),
        "{problem}"
    );
}

#[test]
fn twenty_thousand_people_and_their_manager_reporting_to_each_other_are_as_many_problems() {
    const N: usize = 20_000;
    let people = items(N, |out, i| {
        write!(out, r#"{{"id": "person-{i}"}}"#).unwrap()
    });
    let lines = items(N, |out, i| {
        write!(
            out,
            r#"{{"individual": "person-{i}", "manager": "boss"}}, {{"individual": "boss", "manager": "person-{i}"}}"#
        )
        .unwrap()
    });
    let json = document(&[
        ("individuals", format!(r#"{people}, {{"id": "boss"}}"#)),
        ("reporting", lines),
    ]);
    let err = Model::from_json_str(&json).unwrap_err();
    assert_eq!(err.problems().len(), N);
    assert!(
        err.problems()
            .iter()
            .all(|p| p.kind() == ProblemKind::ReportingCycle)
    );
    assert_eq!(
        err.problems()[1].to_string(),
        r#"reporting[2].manager: "boss" closes a reporting cycle: person-1 → boss → person-1"#
    );
}

#[test]
fn a_hundred_thousand_services_depending_in_a_ring_are_valid() {
    let services = items(LONG, |out, i| {
        write!(out, r#"{{"id": "service-{i}", "provider": "acme"}}"#).unwrap()
    });
    let dependencies = items(LONG, |out, i| {
        write!(
            out,
            r#"{{"service": "service-{i}", "depends_on": "service-{}"}}"#,
            (i + 1) % LONG
        )
        .unwrap()
    });
    let json = document(&[
        ("organisations", r#"{"id": "acme"}"#.to_owned()),
        ("services", services),
        ("dependencies", dependencies),
    ]);
    let model = Model::from_json_str(&json).unwrap();
    assert_eq!(model.counts().dependencies, LONG);
    assert_eq!(
        model.entity("service-0").map(|e| e.kind()),
        Some(EntityKind::Service)
    );
}

#[test]
fn json_nested_a_hundred_thousand_deep_is_refused_without_overflow() {
    // serde_json stops at 128 levels; no document needs more than four.
    let deep = format!("{}{}", "[".repeat(LONG), "]".repeat(LONG));
    for (json, column) in [
        (
            format!(r#"{{"version": 1, "individuals": [{{"id": "dana", "name": {deep}}}]}}"#),
            179,
        ),
        (format!(r#"{{"version": 1, "individuals": {deep}}}"#), 157),
    ] {
        let err = Model::from_json_str(&json).unwrap_err();
        let [problem] = err.problems() else {
            panic!("expected one problem, found {:#?}", err.problems());
        };
        assert_eq!(problem.kind(), ProblemKind::Syntax);
        assert_eq!(
            problem.to_string(),
            format!(
                "line 1, column {column}: arrays and objects nest more than 127 deep \
                 (a model document nests 4 deep)"
            )
        );
    }
    // What is not read is skipped without recursion: a document that is a
    // deep list is not an object, and that is all there is to say.
    let err = Model::from_json_str(&deep).unwrap_err();
    let [problem] = err.problems() else {
        panic!("expected one problem, found {:#?}", err.problems());
    };
    assert_eq!(problem.kind(), ProblemKind::WrongType);
    assert_eq!(
        problem.to_string(),
        "document: expected an object, found a list"
    );
}
