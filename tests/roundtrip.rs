//! Nothing lost: a document the crate wrote is written back byte for byte
//! the same after a load; any valid input, however it spells its absent
//! fields, keeps every field through a load and a save; a model gives
//! back the document it was built from.

mod util;

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value};
use svcrel::{
    Date, Dependency, Document, Funding, Individual, Membership, Model, Organisation, Oversight,
    Partnership, Payment, ProblemKind, Reporting, Service, Usage,
};
use util::SAMPLE_PATH;

/// Saves `doc`, loads it back both ways, and saves it again: the same
/// document, the same bytes.
fn saves_and_loads_the_same(doc: &Document) -> Result<(), TestCaseError> {
    let text = doc.to_json_string();
    let again = Document::from_json_str(&text).expect("a saved document reads");
    prop_assert_eq!(&again, doc);
    prop_assert_eq!(again.to_json_string(), text.as_str());
    let model = Model::from_json_str(&text).expect("a saved valid document loads");
    prop_assert_eq!(&model.to_document(), doc);
    prop_assert_eq!(model.to_document().to_json_string(), text.as_str());
    let built = Model::from_document(doc).expect("the document is valid");
    prop_assert_eq!(&built.to_document(), doc);
    Ok(())
}

#[test]
fn the_sample_saved_is_saved_again_byte_for_byte() {
    let doc = Document::from_json_file(SAMPLE_PATH).unwrap();
    saves_and_loads_the_same(&doc).unwrap();
}

#[cfg(feature = "synth")]
#[test]
fn a_synthetic_enterprise_saved_is_saved_again_byte_for_byte() {
    for seed in 0..4 {
        let doc = svcrel::Synthetic::new(3_000).seed(seed).document();
        saves_and_loads_the_same(&doc).unwrap();
    }
}

#[test]
fn a_date_that_cannot_be_written_is_a_problem_not_a_loss() {
    // A date made in code can lie before the years YYYY-MM-DD can write;
    // saved, it would not read back, so the document is refused.
    let far = Date::MIN;
    let later = Date::new(-1, 12, 31).unwrap();
    let doc = Document {
        organisations: vec![Organisation::new("it")],
        services: vec![Service::new("mail", "it")],
        usage: vec![Usage {
            from: Some(far),
            until: Some(later),
            ..Usage::new("it", "mail")
        }],
        ..Document::default()
    };
    let err = doc.validate().unwrap_err();
    let lines: Vec<String> = err.problems().iter().map(|p| p.to_string()).collect();
    assert_eq!(
        lines,
        [
            r#"usage[0].from: "-009999-01-01" is not a date written YYYY-MM-DD"#,
            r#"usage[0].until: "-000001-12-31" is not a date written YYYY-MM-DD"#,
        ]
    );
    assert!(
        err.problems()
            .iter()
            .all(|p| p.kind() == ProblemKind::BadDate)
    );
    assert!(Model::from_document(&doc).is_err());
    // The first and last years that can be written are fine.
    let doc = Document {
        usage: vec![Usage {
            from: Some(Date::constant(0, 1, 1)),
            until: Some(Date::constant(9999, 12, 31)),
            ..Usage::new("it", "mail")
        }],
        ..doc
    };
    saves_and_loads_the_same(&doc).unwrap();
}

// Random valid documents, with ids and names of any characters.

/// A period with `from` before `until` whenever both are given.
fn period() -> impl Strategy<Value = (Option<Date>, Option<Date>)> {
    let date = (0i16..=9999, 1i8..=12, 1i8..=31)
        .prop_map(|(y, m, d)| Date::new(y, m, d).unwrap_or(Date::constant(y, m, 28)));
    (
        proptest::option::of(date.clone()),
        proptest::option::of(date),
    )
        .prop_map(|(a, b)| match (a, b) {
            (Some(a), Some(b)) if a == b => (Some(a), None),
            (Some(a), Some(b)) => (Some(a.min(b)), Some(a.max(b))),
            other => other,
        })
}

/// Any text at all: quotes, backslashes, control characters, any plane.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<char>(), 0..6).prop_map(|c| c.into_iter().collect())
}

type Dated<T> = (T, (Option<Date>, Option<Date>));

/// Payer, service, payment and approvers of a funding link.
type RawFunding = (Index, Index, Index, Vec<Index>);

#[derive(Debug, Clone)]
struct Raw {
    orgs: Vec<(String, Option<String>, Option<Index>)>,
    people: Vec<(String, Option<String>)>,
    services: Vec<(String, Option<String>, Index)>,
    memberships: Vec<Dated<(Index, Index, Option<String>)>>,
    reporting: Vec<Dated<(Index, Index)>>,
    funding: Vec<Dated<RawFunding>>,
    usage: Vec<Dated<(Index, Index)>>,
    dependencies: Vec<Dated<(Index, Index)>>,
    oversight: Vec<Dated<(Index, Index)>>,
    partnerships: Vec<Dated<(Index, Index)>>,
}

fn raw() -> impl Strategy<Value = Raw> {
    use proptest::collection::vec;
    use proptest::option::of;
    let ix = any::<Index>;
    let link = || vec(((ix(), ix()), period()), 0..4);
    (
        (
            vec((text(), of(text()), of(ix())), 0..6),
            vec((text(), of(text())), 0..6),
            vec((text(), of(text()), ix()), 0..5),
        ),
        (
            vec(((ix(), ix(), of(text())), period()), 0..5),
            link(),
            vec(((ix(), ix(), ix(), vec(ix(), 0..4)), period()), 0..4),
            link(),
            link(),
            link(),
            link(),
        ),
    )
        .prop_map(|((orgs, people, services), links)| {
            let (memberships, reporting, funding, usage, dependencies, oversight, partnerships) =
                links;
            Raw {
                orgs,
                people,
                services,
                memberships,
                reporting,
                funding,
                usage,
                dependencies,
                oversight,
                partnerships,
            }
        })
}

/// Picks one of `n` things other than the one at `other`.
fn pick_other(ix: &Index, n: usize, other: usize) -> usize {
    let k = ix.index(n - 1);
    if k >= other { k + 1 } else { k }
}

/// A valid document from raw choices: ids unique by their prefixes,
/// references to entities of the right kind, parents and managers of a
/// lower index only (so no cycle), periods never empty.
fn build(raw: &Raw) -> Document {
    let mut doc = Document::default();
    for (i, (tail, name, parent)) in raw.orgs.iter().enumerate() {
        doc.organisations.push(Organisation {
            name: name.clone(),
            parent: match parent {
                Some(ix) if i > 0 => Some(doc.organisations[ix.index(i)].id.clone()),
                _ => None,
            },
            ..Organisation::new(format!("o{i}\u{1f}{tail}"))
        });
    }
    for (i, (tail, name)) in raw.people.iter().enumerate() {
        doc.individuals.push(Individual {
            name: name.clone(),
            ..Individual::new(format!("p{i}\"{tail}"))
        });
    }
    let orgs: Vec<String> = doc.organisations.iter().map(|o| o.id.to_string()).collect();
    let people: Vec<String> = doc.individuals.iter().map(|p| p.id.to_string()).collect();
    let parties: Vec<String> = orgs.iter().chain(&people).cloned().collect();
    if !parties.is_empty() {
        for (i, (tail, name, provider)) in raw.services.iter().enumerate() {
            doc.services.push(Service {
                name: name.clone(),
                ..Service::new(
                    format!("s{i}\\{tail}"),
                    parties[provider.index(parties.len())].as_str(),
                )
            });
        }
    }
    let services: Vec<String> = doc.services.iter().map(|s| s.id.to_string()).collect();
    let (o, p, s, n) = (orgs.len(), people.len(), services.len(), parties.len());
    if p > 0 && o > 0 {
        for ((a, b, title), (from, until)) in &raw.memberships {
            doc.memberships.push(Membership {
                title: title.clone(),
                from: *from,
                until: *until,
                ..Membership::new(people[a.index(p)].as_str(), orgs[b.index(o)].as_str())
            });
        }
    }
    if p > 1 {
        for ((a, b), (from, until)) in &raw.reporting {
            let who = a.index(p - 1) + 1;
            doc.reporting.push(Reporting {
                from: *from,
                until: *until,
                ..Reporting::new(people[who].as_str(), people[b.index(who)].as_str())
            });
        }
    }
    if n > 0 && s > 0 {
        for ((a, b, pay, approvers), (from, until)) in &raw.funding {
            let approved_by = match p {
                0 => Vec::new(),
                p => approvers
                    .iter()
                    .map(|ix| people[ix.index(p)].as_str().into())
                    .collect(),
            };
            doc.funding.push(Funding {
                approved_by,
                from: *from,
                until: *until,
                ..Funding::new(
                    parties[a.index(n)].as_str(),
                    services[b.index(s)].as_str(),
                    Payment::ALL[pay.index(Payment::ALL.len())],
                )
            });
        }
        for ((a, b), (from, until)) in &raw.usage {
            doc.usage.push(Usage {
                from: *from,
                until: *until,
                ..Usage::new(parties[a.index(n)].as_str(), services[b.index(s)].as_str())
            });
        }
    }
    if s > 1 {
        for ((a, b), (from, until)) in &raw.dependencies {
            let x = a.index(s);
            doc.dependencies.push(Dependency {
                from: *from,
                until: *until,
                ..Dependency::new(services[x].as_str(), services[pick_other(b, s, x)].as_str())
            });
        }
    }
    if n > 0 && o > 0 {
        for ((a, b), (from, until)) in &raw.oversight {
            doc.oversight.push(Oversight {
                from: *from,
                until: *until,
                ..Oversight::new(parties[a.index(n)].as_str(), orgs[b.index(o)].as_str())
            });
        }
    }
    if n > 1 {
        for ((a, b), (from, until)) in &raw.partnerships {
            let x = a.index(n);
            doc.partnerships.push(Partnership {
                from: *from,
                until: *until,
                ..Partnership::new(parties[x].as_str(), parties[pick_other(b, n, x)].as_str())
            });
        }
    }
    doc
}

fn valid_document() -> impl Strategy<Value = Document> {
    raw().prop_map(|raw| build(&raw))
}

// The same document spelt other ways.

/// The optional fields of an item of each list.
fn optional_fields(list: &str) -> &'static [&'static str] {
    match list {
        "organisations" => &["name", "parent"],
        "individuals" | "services" => &["name"],
        "memberships" => &["title", "from", "until"],
        "funding" => &["approved_by", "from", "until"],
        _ => &["from", "until"],
    }
}

const LISTS: [&str; 10] = [
    "organisations",
    "individuals",
    "services",
    "memberships",
    "reporting",
    "funding",
    "usage",
    "dependencies",
    "oversight",
    "partnerships",
];

/// Spells `doc` as JSON with, where `choices` say so, an absent optional
/// field as `null`, an empty `approved_by` as `[]` or `null`, and an
/// empty list as `[]` or `null`.
fn respelt(doc: &Document, choices: &[u8]) -> Value {
    let mut choice = choices.iter().copied().cycle();
    let mut next = move || choice.next().unwrap_or(0);
    let Value::Object(mut root) = serde_json::to_value(doc).unwrap() else {
        unreachable!("a document is an object");
    };
    for list in LISTS {
        match root.get_mut(list) {
            Some(Value::Array(items)) => {
                for item in items {
                    let Value::Object(fields) = item else {
                        unreachable!("an item is an object")
                    };
                    for &field in optional_fields(list) {
                        if fields.contains_key(field) {
                            continue;
                        }
                        match (next() % 3, field) {
                            (1, _) => {
                                fields.insert(field.to_owned(), Value::Null);
                            }
                            (2, "approved_by") => {
                                fields.insert(field.to_owned(), Value::Array(Vec::new()));
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => match next() % 3 {
                1 => {
                    root.insert(list.to_owned(), Value::Null);
                }
                2 => {
                    root.insert(list.to_owned(), Value::Array(Vec::new()));
                }
                _ => {}
            },
        }
    }
    Value::Object(root)
}

/// A JSON value with every `null` and empty list taken out: what the
/// crate writes for the same document.
fn normalised(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null() && *v != &Value::Array(Vec::new()))
                .map(|(k, v)| (k.clone(), normalised(v)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(normalised).collect()),
        other => other.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_document_the_crate_wrote_is_written_back_byte_for_byte(doc in valid_document()) {
        prop_assert!(doc.validate().is_ok(), "{:?}", doc.validate());
        saves_and_loads_the_same(&doc)?;
    }

    #[test]
    fn every_field_of_a_valid_input_survives_a_load_and_a_save(
        doc in valid_document(),
        choices in proptest::collection::vec(any::<u8>(), 1..64),
        pretty in any::<bool>(),
    ) {
        let input = respelt(&doc, &choices);
        let text = if pretty {
            serde_json::to_string_pretty(&input).unwrap()
        } else {
            serde_json::to_string(&input).unwrap()
        };
        // Read, it is the same document, however it spells what is absent.
        let read = Document::from_json_str(&text).unwrap();
        prop_assert_eq!(&read, &doc);
        let model = Model::from_json_str(&text).unwrap();
        prop_assert_eq!(&model.to_document(), &doc);
        // Saved, every field of the input is there, and nothing else.
        let saved: Value = serde_json::from_str(&read.to_json_string()).unwrap();
        prop_assert_eq!(&saved, &normalised(&input));
        let from_model: Value =
            serde_json::from_str(&model.to_document().to_json_string()).unwrap();
        prop_assert_eq!(&from_model, &saved);
        // And saved again, the same bytes.
        saves_and_loads_the_same(&read)?;
    }
}
