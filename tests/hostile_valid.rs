//! Hostile documents for validation and lookups: inputs whose cost once
//! grew with the square of their size, or with the size of the model per
//! lookup. Each is built in memory.
//!
//! The checks of how cost grows time one input against one four times its
//! size (best of five, in turns) and compare the two: near-linear work
//! gives a ratio near 4, quadratic work near 16. They are slow in debug
//! builds, so they are ignored there and `.ci/run` runs them in release;
//! every other test here runs on each `cargo test`.

mod util;

use std::time::Duration;

use svcrel::{
    Date, Document, ErrorKind, Individual, Model, Organisation, ProblemKind, Reporting, Service,
};
use util::{grows_near_linearly, growth, timed};

fn day(days: usize) -> Date {
    Date::constant(1700, 1, 1)
        .checked_add(jiff::Span::new().days(days as i64))
        .unwrap()
}

fn line(individual: usize, manager: usize, from: Option<Date>, until: Option<Date>) -> Reporting {
    Reporting {
        from,
        until,
        ..Reporting::new(format!("p{individual}"), format!("p{manager}"))
    }
}

// Reporting lines.

/// `n` people in a chain, each reporting to the next until 2400; the last
/// reports to the first from 2400, so that, dates aside, they are one
/// strongly connected component. Then `n` lines across the middle of the
/// chain, each going the chain's way and starting on a day of its own
/// (from 1700 on, all before 2400): the document is valid.
fn estate(n: usize) -> Document {
    let until = Some(Date::constant(2400, 1, 1));
    let mut reporting: Vec<Reporting> = (0..n - 1).map(|i| line(i, i + 1, None, until)).collect();
    reporting.push(line(n - 1, 0, until, None));
    let middle = n / 2;
    for d in 0..n {
        let off = d % (middle / 2);
        reporting.push(line(middle - 1 - off, middle + off, Some(day(d)), None));
    }
    Document {
        individuals: (0..n).map(|i| Individual::new(format!("p{i}"))).collect(),
        reporting,
        ..Document::default()
    }
}

#[test]
fn an_estate_whose_lines_start_on_days_of_their_own_is_valid() {
    estate(2_000)
        .validate()
        .expect("no cycle holds on any date");
}

#[test]
fn a_cycle_closed_for_one_day_in_such_an_estate_is_one_problem() {
    let mut doc = estate(2_000);
    // Up the chain from p0 and back for one day: every way from p0 starts
    // with line 0, the lowest-indexed of any cycle through it.
    doc.reporting
        .push(line(1_999, 0, Some(day(500)), Some(day(501))));
    let err = doc.validate().unwrap_err();
    let [problem] = err.problems() else {
        panic!("expected one problem, found {:#?}", err.problems());
    };
    assert_eq!(problem.kind(), ProblemKind::ReportingCycle);
    assert_eq!(problem.index(), Some(0));
    let text = problem.to_string();
    assert!(
        text.starts_with(r#"reporting[0].manager: "p1" closes a reporting cycle: p0 → p1 → "#),
        "{text}"
    );
    assert!(
        text.ends_with(" → p0 (from 1701-05-16 until 1701-05-17)"),
        "{text}"
    );
}

#[test]
#[ignore = "times validation at two sizes: run in release with --ignored"]
fn an_estate_whose_lines_start_on_days_of_their_own_is_checked_in_near_linear_time() {
    grows_near_linearly("validating the estate", 20_000, |n| {
        timed(|| estate(n), |doc| doc.validate().unwrap())
    });
}

/// `n` people and their manager each reporting to the other, every line
/// undated: `n` cycles through one manager, found on one day.
fn hub(n: usize) -> Document {
    let mut reporting = Vec::new();
    for i in 0..n {
        reporting.push(line(i, n, None, None));
        reporting.push(line(n, i, None, None));
    }
    Document {
        individuals: (0..=n).map(|i| Individual::new(format!("p{i}"))).collect(),
        reporting,
        ..Document::default()
    }
}

/// A ring of `n` people with a chord from each to the one half way round,
/// every line starting on one day: cycles everywhere, against any order.
/// (Every cycle here is at least `n / 2` lines long and about `n` are
/// reported, each found whole to know its lowest-indexed line: that work
/// is quadratic, so this one is kept small.)
fn wheel(n: usize) -> Document {
    let from = Some(Date::constant(2020, 1, 1));
    let mut reporting = Vec::new();
    for i in 0..n {
        reporting.push(line(i, (i + 1) % n, from, None));
        reporting.push(line(i, (i + n / 2 + 1) % n, from, None));
    }
    Document {
        individuals: (0..n).map(|i| Individual::new(format!("p{i}"))).collect(),
        reporting,
        ..Document::default()
    }
}

/// How many reporting cycles `doc` has; each must be a reporting cycle,
/// and taking out the lines they name must leave none.
fn cycles(doc: &Document) -> usize {
    let Err(err) = doc.validate() else {
        return 0;
    };
    assert!(
        err.problems()
            .iter()
            .all(|p| p.kind() == ProblemKind::ReportingCycle)
    );
    let named: Vec<usize> = err.problems().iter().filter_map(|p| p.index()).collect();
    let mut fixed = doc.clone();
    fixed.reporting = (0..doc.reporting.len())
        .filter(|i| named.binary_search(i).is_err())
        .map(|i| doc.reporting[i].clone())
        .collect();
    fixed.validate().expect("no cycle is left");
    err.problems().len()
}

/// A ring of `n` people, every line undated, each reporting to the one
/// before: one cycle, put in against the order the search starts with.
fn ring(n: usize) -> Document {
    Document {
        individuals: (0..n).map(|i| Individual::new(format!("p{i}"))).collect(),
        reporting: (0..n).map(|i| line((i + 1) % n, i, None, None)).collect(),
        ..Document::default()
    }
}

#[test]
fn many_cycles_starting_on_one_day_are_all_broken() {
    assert_eq!(cycles(&hub(1_000)), 1_000);
    assert_eq!(cycles(&ring(1_000)), 1);
    assert!(cycles(&wheel(500)) > 0);
}

#[test]
#[ignore = "times validation at two sizes: run in release with --ignored"]
fn many_cycles_starting_on_one_day_are_found_in_near_linear_time() {
    grows_near_linearly("a manager in a cycle with each report", 20_000, |n| {
        timed(|| hub(n), |doc| assert!(doc.validate().is_err()))
    });
    grows_near_linearly("a ring", 50_000, |n| {
        timed(|| ring(n), |doc| assert!(doc.validate().is_err()))
    });
}

// Suggestions for unknown ids.

/// A 63-byte id, different for each `i`, and none one or two edits from
/// another: the numbers are spread out over 128 bits.
fn long_id(i: usize) -> String {
    let spread = (i as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835);
    format!("person-{spread:056x}")
}

/// `n` individuals with 63-byte ids, and a service.
fn people(n: usize) -> Model {
    let doc = Document {
        organisations: vec![Organisation::new("acme")],
        individuals: (0..n).map(|i| Individual::new(long_id(i))).collect(),
        services: vec![Service::new(long_id(n), "acme")],
        ..Document::default()
    };
    Model::from_document(&doc).unwrap()
}

#[test]
fn an_id_one_edit_from_one_in_a_large_model_is_suggested() {
    let model = people(200_000);
    let known = long_id(123_456);
    assert_eq!(known.len(), 63);
    let (head, tail) = known.split_at(60);
    let mut swapped = known.clone().into_bytes();
    let at = (50..62).find(|&k| swapped[k] != swapped[k + 1]).unwrap();
    swapped.swap(at, at + 1);
    let swapped = String::from_utf8(swapped).unwrap();
    let edited = [
        format!("{head}{}", &tail[1..]),  // a character deleted
        format!("{head}x{tail}"),         // one inserted
        format!("{head}z{}", &tail[1..]), // one replaced
        swapped,                          // two neighbours swapped
    ];
    for unknown in &edited {
        let err = model.party_id(unknown).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownId);
        assert_eq!(err.suggestion(), Some(known.as_str()), "for {unknown}");
    }
    // Only an id of the kind asked for is suggested: the service is one
    // edit away, but not a party.
    let service = long_id(200_000);
    let err = model.party_id(&service[1..]).unwrap_err();
    assert_ne!(err.suggestion(), Some(service.as_str()));
    let err = model.service_id(&service[1..]).unwrap_err();
    assert_eq!(err.suggestion(), Some(service.as_str()));
}

#[test]
fn an_id_two_edits_from_one_in_a_small_model_is_suggested() {
    let model = people(100);
    let known = long_id(50);
    let err = model
        .party_id(&known.replace("person-", "prson--"))
        .unwrap_err();
    assert_eq!(err.suggestion(), Some(known.as_str()));
}

#[test]
fn an_id_one_edit_away_by_any_character_is_suggested() {
    let doc = Document {
        individuals: ["zoë", "日本語", "ab"].map(Individual::new).to_vec(),
        ..Document::default()
    };
    let model = Model::from_document(&doc).unwrap();
    for (unknown, known) in [
        ("zoe", "zoë"),
        ("zoëe", "zoë"),
        ("日本", "日本語"),
        ("日語本", "日本語"),
        ("b", "ab"),
        ("aë", "ab"),
    ] {
        let err = model.party_id(unknown).unwrap_err();
        assert_eq!(err.suggestion(), Some(known), "for {unknown}");
    }
}

/// Asserts that the cost `time` gives for size `16 * n` is at most a few
/// times that for `n`: it does not grow with the size (linear growth would
/// make it sixteen times).
fn does_not_grow(what: &str, n: usize, time: impl FnMut(usize) -> Duration) {
    let ratio = growth(what, n, 16, time);
    assert!(
        ratio < 4.0,
        "{what}: 16 times the size, {ratio:.1} times the cost"
    );
}

#[test]
#[ignore = "builds models of a million ids: run in release with --ignored"]
fn an_unknown_id_costs_the_same_in_a_model_of_a_million() {
    let mut models = std::collections::HashMap::new();
    does_not_grow("unknown ids", 62_500, |n| {
        let model = models.entry(n).or_insert_with(|| people(n));
        let known = long_id(n / 2);
        let unknown = [
            format!("{known}x"),                 // one edit away
            known.replace("person-", "prson--"), // two edits away
            "x".repeat(64),                      // none close
        ];
        timed(
            || (),
            |()| {
                for id in &unknown {
                    assert!(model.party_id(id).is_err());
                }
            },
        )
    });
}

/// `n` individuals all giving one email, on purpose.
fn one_address(n: usize) -> Document {
    let mut doc = Document {
        email_policy: svcrel::EmailPolicy::Shared,
        ..Document::default()
    };
    doc.individuals = (0..n)
        .map(|i| Individual {
            emails: vec!["desk@example.com".into(), format!("p{i}@example.com")],
            ..Individual::new(format!("p{i}"))
        })
        .collect();
    doc
}

#[test]
fn a_question_by_an_email_many_parties_give_is_refused_briefly() {
    let model = Model::from_document(&one_address(5_000)).unwrap();
    let err = model
        .ask(&svcrel::Question::relation("desk@example.com", "x").into())
        .unwrap_err();
    assert!(err.to_string().contains("names 5000 parties"), "{err}");
    assert!(err.to_string().contains("and 4990 more"), "{err}");
    assert!(err.to_string().len() < 300, "{err}");
    // Each still has an address of its own, and under `unique` the
    // shared one is one problem per later party.
    let mut doc = one_address(1_000);
    doc.email_policy = svcrel::EmailPolicy::Unique;
    let err = Model::from_document(&doc).unwrap_err();
    assert_eq!(err.problems().len(), 999);
    assert!(
        err.problems()
            .iter()
            .all(|p| p.kind() == ProblemKind::DuplicateEmail)
    );
}

#[test]
#[ignore = "times loading at two sizes: run in release with --ignored"]
fn parties_sharing_one_email_load_in_near_linear_time() {
    grows_near_linearly("loading parties sharing one email", 20_000, |n| {
        timed(
            || one_address(n),
            |doc| drop(Model::from_document(&doc).unwrap()),
        )
    });
}
