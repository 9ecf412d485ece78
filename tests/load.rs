//! Reading and writing model documents: nothing is lost on the way, and
//! no input, however odd, makes the reader panic.

mod util;

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;
use svcrel::{
    Date, Dependency, Document, ErrorKind, Funding, Individual, Membership, Model, Organisation,
    Oversight, Partnership, Payment, ProblemKind, Reporting, Section, Service, Usage,
};
use util::{SAMPLE_PATH, TempFile};

fn sample() -> Document {
    Document::from_json_file(SAMPLE_PATH).expect("the sample reads")
}

// The sample, through a file and through a model.

#[test]
fn the_sample_survives_save_and_load() {
    let doc = sample();
    let file = TempFile::unwritten("sample");
    doc.save_json_file(file.path()).expect("the sample saves");
    let again = Document::from_json_file(file.path()).expect("the saved sample reads");
    assert_eq!(again, doc);
    // Saving it again writes the very same text.
    assert_eq!(again.to_json_string(), doc.to_json_string());
}

#[test]
fn every_field_of_the_sample_is_written_back() {
    // Compared as JSON values, so the order of keys within an object does
    // not matter but every key and value (and the order of every list) does.
    let original: Value =
        serde_json::from_slice(&std::fs::read(SAMPLE_PATH).expect("the sample is there")).unwrap();
    let written: Value = serde_json::from_str(&sample().to_json_string()).unwrap();
    assert_eq!(written, original);
}

#[test]
fn names_titles_dates_and_approvers_survive_in_order() {
    let mut doc = sample();
    // Approvers in an order that is not sorted, with one given twice.
    doc.funding[0].approved_by = vec!["goddard-cio".into(), "dana".into(), "goddard-cio".into()];
    let file = TempFile::unwritten("approvers");
    doc.save_json_file(file.path()).unwrap();
    let again = Document::from_json_file(file.path()).unwrap();

    let dana = again.individuals.iter().find(|p| p.id == "dana").unwrap();
    assert_eq!(dana.name.as_deref(), Some("Dana Reyes"));
    let goddard = again
        .organisations
        .iter()
        .find(|o| o.id == "goddard")
        .unwrap();
    assert_eq!(goddard.name.as_deref(), Some("Goddard Space Flight Center"));
    assert_eq!(goddard.parent.as_ref().map(|p| p.as_str()), Some("nasa"));
    let membership = again
        .memberships
        .iter()
        .find(|m| m.individual == "dana")
        .unwrap();
    assert_eq!(membership.title.as_deref(), Some("Applications Director"));
    assert_eq!(membership.from, Some(Date::constant(2016, 3, 1)));
    assert_eq!(membership.until, None);
    let mary: Vec<_> = again
        .memberships
        .iter()
        .filter(|m| m.individual == "mary" && m.until.is_some())
        .map(|m| (m.from, m.until))
        .collect();
    assert!(!mary.is_empty());
    for (from, until) in mary {
        assert!(from < until);
    }
    assert_eq!(
        again.funding[0].approved_by,
        ["goddard-cio", "dana", "goddard-cio"]
    );
    assert_eq!(again, doc);

    // And through a model too.
    let model = Model::from_document(&doc).unwrap();
    assert_eq!(
        model.to_document().funding[0].approved_by,
        doc.funding[0].approved_by
    );
}

#[test]
fn the_sample_survives_a_model() {
    let doc = sample();
    let model = Model::from_document(&doc).expect("the sample is valid");
    assert_eq!(model.to_document(), doc);
    // A model read from the file gives the same document.
    let read = Model::from_json_file(SAMPLE_PATH).unwrap();
    assert_eq!(read.to_document(), doc);
    // And so does a clone.
    assert_eq!(read.clone().to_document(), doc);
}

#[test]
fn the_sample_reads_the_same_from_every_source() {
    let bytes = std::fs::read(SAMPLE_PATH).unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    let doc = sample();
    assert_eq!(Document::from_json_slice(&bytes).unwrap(), doc);
    assert_eq!(Document::from_json_str(text).unwrap(), doc);
    assert_eq!(Document::from_json_reader(&bytes[..]).unwrap(), doc);
    assert_eq!(Model::from_json_slice(&bytes).unwrap().to_document(), doc);
    assert_eq!(Model::from_json_str(text).unwrap().to_document(), doc);
    assert_eq!(
        Model::from_json_reader(&bytes[..]).unwrap().to_document(),
        doc
    );
}

#[test]
fn a_builder_gives_the_document_of_its_items() {
    let doc = sample();
    let mut builder = Model::builder();
    for o in &doc.organisations {
        builder = builder.organisation(o.clone());
    }
    for p in &doc.individuals {
        builder = builder.individual(p.clone());
    }
    for s in &doc.services {
        builder = builder.service(s.clone());
    }
    for m in &doc.memberships {
        builder = builder.membership(m.clone());
    }
    for r in &doc.reporting {
        builder = builder.reporting(r.clone());
    }
    for f in &doc.funding {
        builder = builder.funding(f.clone());
    }
    for u in &doc.usage {
        builder = builder.usage(u.clone());
    }
    for d in &doc.dependencies {
        builder = builder.dependency(d.clone());
    }
    for o in &doc.oversight {
        builder = builder.oversight(o.clone());
    }
    for p in &doc.partnerships {
        builder = builder.partnership(p.clone());
    }
    assert_eq!(builder.build().unwrap().to_document(), doc);
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let err = Model::from_json_file("no/such/model.json").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
    assert!(err.problems().is_empty());
    assert!(err.to_string().starts_with("no/such/model.json: "), "{err}");
    let err = Document::from_json_file("no/such/model.json").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
}

// Random valid documents.

/// A period with `from` before `until` whenever both are given.
fn period() -> impl Strategy<Value = (Option<Date>, Option<Date>)> {
    let date = (1i16..=9999, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| Date::constant(y, m, d));
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

fn payment() -> impl Strategy<Value = Payment> {
    proptest::sample::select(Payment::ALL.to_vec())
}

/// Any printable text, for names, titles and the tails of ids.
fn text() -> impl Strategy<Value = String> {
    "\\PC{0,8}"
}

/// Picks one of `n` things.
fn pick(ix: &Index, n: usize) -> usize {
    ix.index(n)
}

/// Picks one of `n` things other than the one at `other`.
fn pick_other(ix: &Index, n: usize, other: usize) -> usize {
    let k = ix.index(n - 1);
    if k >= other { k + 1 } else { k }
}

type Dated<T> = (T, (Option<Date>, Option<Date>));

/// Payer, service, payment and approvers of a funding link.
type RawFunding = (Index, Index, Payment, Vec<Index>);

/// The raw choices a document is made from; [`build`] makes them valid.
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
    let entities = (
        vec((text(), of(text()), of(ix())), 0..6),
        vec((text(), of(text())), 0..6),
        vec((text(), of(text()), ix()), 0..5),
    );
    let links = (
        vec(((ix(), ix(), of(text())), period()), 0..5),
        vec(((ix(), ix()), period()), 0..5),
        vec(((ix(), ix(), payment(), vec(ix(), 0..4)), period()), 0..4),
        vec(((ix(), ix()), period()), 0..5),
        vec(((ix(), ix()), period()), 0..4),
        vec(((ix(), ix()), period()), 0..3),
        vec(((ix(), ix()), period()), 0..3),
    );
    (entities, links).prop_map(|((orgs, people, services), links)| {
        let (memberships, reporting, funding, usage, dependencies, oversight, partnerships) = links;
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

/// A valid document from raw choices: ids unique by their prefixes,
/// references to entities of the right kind, parents and managers only
/// ever of a lower index (so no cycle), periods never empty.
fn build(raw: &Raw) -> Document {
    let mut doc = Document::default();
    for (i, (tail, name, parent)) in raw.orgs.iter().enumerate() {
        doc.organisations.push(Organisation {
            name: name.clone(),
            parent: match parent {
                Some(ix) if i > 0 => Some(doc.organisations[pick(ix, i)].id.clone()),
                _ => None,
            },
            ..Organisation::new(format!("org{i}-{tail}"))
        });
    }
    for (i, (tail, name)) in raw.people.iter().enumerate() {
        doc.individuals.push(Individual {
            name: name.clone(),
            ..Individual::new(format!("person{i}-{tail}"))
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
                    format!("service{i}-{tail}"),
                    parties[pick(provider, parties.len())].as_str(),
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
                ..Membership::new(people[pick(a, p)].as_str(), orgs[pick(b, o)].as_str())
            });
        }
    }
    if p > 1 {
        for ((a, b), (from, until)) in &raw.reporting {
            let who = pick(a, p - 1) + 1;
            doc.reporting.push(Reporting {
                from: *from,
                until: *until,
                ..Reporting::new(people[who].as_str(), people[pick(b, who)].as_str())
            });
        }
    }
    if n > 0 && s > 0 {
        for ((a, b, payment, approvers), (from, until)) in &raw.funding {
            let approved_by = if p > 0 {
                approvers
                    .iter()
                    .map(|ix| people[pick(ix, p)].as_str().into())
                    .collect()
            } else {
                Vec::new()
            };
            doc.funding.push(Funding {
                approved_by,
                from: *from,
                until: *until,
                ..Funding::new(
                    parties[pick(a, n)].as_str(),
                    services[pick(b, s)].as_str(),
                    *payment,
                )
            });
        }
        for ((a, b), (from, until)) in &raw.usage {
            doc.usage.push(Usage {
                from: *from,
                until: *until,
                ..Usage::new(parties[pick(a, n)].as_str(), services[pick(b, s)].as_str())
            });
        }
    }
    if s > 1 {
        // Any two different services: cycles between them are allowed.
        for ((a, b), (from, until)) in &raw.dependencies {
            let x = pick(a, s);
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
                ..Oversight::new(parties[pick(a, n)].as_str(), orgs[pick(b, o)].as_str())
            });
        }
    }
    if n > 1 {
        for ((a, b), (from, until)) in &raw.partnerships {
            let x = pick(a, n);
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_valid_document_round_trips_through_json(doc in valid_document()) {
        prop_assert!(doc.validate().is_ok(), "{:#?}", doc.validate().unwrap_err().problems());
        let pretty = doc.to_json_string();
        prop_assert_eq!(&Document::from_json_str(&pretty).unwrap(), &doc);
        let compact = serde_json::to_string(&doc).unwrap();
        prop_assert_eq!(&Document::from_json_str(&compact).unwrap(), &doc);
        let model = Model::from_json_str(&pretty).unwrap();
        prop_assert_eq!(&model.to_document(), &doc);
    }

    #[test]
    fn a_valid_document_round_trips_through_a_model(doc in valid_document()) {
        let model = Model::from_document(&doc).unwrap();
        prop_assert_eq!(&model.to_document(), &doc);
        let counts = model.counts();
        prop_assert_eq!(counts.organisations, doc.organisations.len());
        prop_assert_eq!(counts.individuals, doc.individuals.len());
        prop_assert_eq!(counts.services, doc.services.len());
        prop_assert_eq!(counts.usage, doc.usage.len());
        prop_assert_eq!(model.entities().count(), counts.entities());
        // A model rebuilt from its own document is the same again.
        let again = Model::from_document(&model.to_document()).unwrap();
        prop_assert_eq!(&again.to_document(), &doc);
    }

    #[test]
    fn a_user_that_is_nowhere_is_the_one_problem(doc in valid_document(), at in any::<Index>()) {
        prop_assume!(!doc.usage.is_empty());
        let mut doc = doc;
        let k = at.index(doc.usage.len());
        doc.usage[k].user = "ghost-a".into();
        let err = Model::from_json_str(&doc.to_json_string()).unwrap_err();
        let lines: Vec<String> = err.problems().iter().map(|p| p.to_string()).collect();
        prop_assert_eq!(
            lines,
            [format!(r#"usage[{k}].user: "ghost-a" names no organisation or individual"#)]
        );
    }
}

// Inputs that are not documents.

/// Any JSON value, nested a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
        Just(Value::String("2021-02-30".into())),
        Just(Value::String("2021-01-05".into())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::btree_map("\\PC{0,6}", inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The keys a document has, and a few it has not.
const KEYS: &[&str] = &[
    "version",
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
    "id",
    "name",
    "parent",
    "provider",
    "individual",
    "organisation",
    "title",
    "manager",
    "payer",
    "service",
    "payment",
    "approved_by",
    "user",
    "depends_on",
    "overseer",
    "parties",
    "from",
    "until",
    "nmae",
];

/// A value likely to mean something in a document.
fn field_value() -> impl Strategy<Value = Value> {
    let id = proptest::sample::select(vec!["a", "b", "c", "s", "t", ""]).prop_map(Value::from);
    prop_oneof![
        3 => id.clone(),
        1 => proptest::sample::select(vec!["cash", "trade", "none", "2020-01-01", "2021-06-30", "2021-02-30"])
            .prop_map(Value::from),
        1 => proptest::collection::vec(id, 0..4).prop_map(Value::Array),
        1 => Just(Value::from(1)),
        1 => Just(Value::Null),
        1 => json_value(),
    ]
}

/// An object of random keys (mostly those a document has) and values.
fn item() -> impl Strategy<Value = Value> {
    proptest::collection::btree_map(proptest::sample::select(KEYS.to_vec()), field_value(), 0..6)
        .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()))
}

/// A value shaped like a document: lists of items under random keys.
fn document_like() -> impl Strategy<Value = Value> {
    let list = prop_oneof![
        4 => proptest::collection::vec(item(), 0..6).prop_map(Value::Array),
        1 => field_value(),
    ];
    let version = prop_oneof![Just(Value::from(1)), field_value()];
    (
        proptest::option::weighted(0.9, version),
        proptest::collection::btree_map(proptest::sample::select(KEYS[1..].to_vec()), list, 0..8),
    )
        .prop_map(|(version, lists)| {
            let mut map: serde_json::Map<String, Value> =
                lists.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            if let Some(version) = version {
                map.insert("version".to_owned(), version);
            }
            Value::Object(map)
        })
}

/// Reads `bytes` every way there is; a result either way is fine, but it
/// must be a sound one, and the ways must agree.
fn read_all_ways(bytes: &[u8]) -> Result<(), TestCaseError> {
    let model = Model::from_json_slice(bytes);
    let doc = Document::from_json_slice(bytes);
    match &model {
        Ok(model) => {
            let doc = doc
                .as_ref()
                .expect("a document the model reads reads as a document");
            prop_assert!(doc.validate().is_ok());
            prop_assert_eq!(&model.to_document(), doc);
        }
        Err(err) => {
            prop_assert_eq!(err.kind(), ErrorKind::Invalid);
            prop_assert!(!err.problems().is_empty());
            // Well-formed JSON is never called malformed.
            if serde_json::from_slice::<Value>(bytes).is_ok() {
                prop_assert!(
                    err.problems()
                        .iter()
                        .all(|p| p.kind() != ProblemKind::Syntax),
                    "{:?}",
                    err.problems()
                );
            }
            for p in err.problems() {
                let line = p.to_string();
                prop_assert!(!line.is_empty() && !line.contains('\n'), "{:?}", line);
                prop_assert!(!p.message().is_empty());
                if p.index().is_some() {
                    prop_assert!(!matches!(p.section(), Section::Document | Section::Version));
                }
            }
            if let Ok(doc) = &doc {
                prop_assert!(
                    doc.validate().is_err(),
                    "the model and the document disagree"
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        read_all_ways(&bytes)?;
    }

    #[test]
    fn a_damaged_sample_never_panics(
        cuts in proptest::collection::vec((any::<Index>(), any::<u8>(), 0u8..3), 1..6),
    ) {
        let mut bytes = std::fs::read(SAMPLE_PATH).unwrap();
        for (at, byte, how) in cuts {
            let i = at.index(bytes.len());
            match how {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => { bytes.remove(i); }
            }
        }
        read_all_ways(&bytes)?;
    }

    #[test]
    fn arbitrary_json_never_panics(value in json_value()) {
        read_all_ways(&serde_json::to_vec(&value).unwrap())?;
    }

    #[test]
    fn json_shaped_like_a_document_never_panics(value in document_like()) {
        read_all_ways(&serde_json::to_vec(&value).unwrap())?;
        read_all_ways(&serde_json::to_vec_pretty(&value).unwrap())?;
    }
}

// Odd starts and ends of a file.

#[test]
fn a_byte_order_mark_is_read_past() {
    let json = "\u{feff}{\"version\": 1, \"individuals\": [{\"id\": \"dana\"}]}";
    let model = Model::from_json_str(json).expect("a document after a byte-order mark reads");
    assert!(model.entity("dana").is_some());
    let doc = Document::from_json_slice(json.as_bytes()).expect("reads as a document too");
    assert_eq!(doc.individuals.len(), 1);
    // Only one mark is read past: a second is text, and malformed.
    let err = Model::from_json_str(&format!("\u{feff}{json}")).unwrap_err();
    assert_eq!(err.problems()[0].kind(), ProblemKind::Syntax);
}

#[test]
fn an_empty_file_is_named_and_said_to_be_empty() {
    for (name, content) in [("empty", ""), ("blank", " \n\t\r\n"), ("bom", "\u{feff}\n")] {
        let file = TempFile::new(name, content);
        for err in [
            Model::from_json_file(file.path()).unwrap_err(),
            Document::from_json_file(file.path()).unwrap_err(),
        ] {
            assert_eq!(err.kind(), ErrorKind::Invalid);
            let message = err.problems()[0].to_string();
            assert_eq!(
                message,
                format!(
                    "line 1, column 1: {} is empty (expected a JSON model document)",
                    file.path()
                )
            );
        }
    }
    let err = Model::from_json_reader(&b"\n"[..]).unwrap_err();
    assert_eq!(
        err.problems()[0].to_string(),
        "line 1, column 1: the document is empty (expected a JSON model document)"
    );
}

/// A document whose organisation's name nests `depth` levels deep, all
/// told (the document, the list and the item are three).
fn nested(depth: usize) -> String {
    let n = depth - 3;
    format!(
        r#"{{"version": 1, "organisations": [{{"id": "a", "name": {}{}}}]}}"#,
        "[".repeat(n),
        "]".repeat(n)
    )
}

#[test]
fn nesting_127_deep_is_read_and_128_deep_refused_with_its_place() {
    // 127 deep is read: the name is of the wrong type, nothing worse.
    let err = Model::from_json_str(&nested(127)).unwrap_err();
    assert_eq!(err.problems()[0].kind(), ProblemKind::WrongType);
    let err = Model::from_json_str(&nested(128)).unwrap_err();
    let problem = &err.problems()[0];
    assert_eq!(problem.kind(), ProblemKind::Syntax);
    assert_eq!(problem.line_column(), Some((1, 178)));
    assert_eq!(
        problem.message(),
        "arrays and objects nest more than 127 deep (a model document nests 4 deep)"
    );
    // The value of an unknown key is skipped whatever its depth.
    let deep = format!(
        r#"{{"version": 1, "extra": {}{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let err = Model::from_json_str(&deep).unwrap_err();
    assert_eq!(err.problems().len(), 1);
    assert_eq!(err.problems()[0].kind(), ProblemKind::UnknownField);
}

// A key given twice counts as its last copy.

#[test]
fn a_list_given_twice_is_checked_as_its_last_copy() {
    let json = r#"{"version": 1,
        "organisations": [{"id": "a", "bogus": 1}, {"name": "no id"}, 5],
        "organisations": [{"id": "b", "parent": "nope"}],
        "services": 7, "services": []}"#;
    let lines: Vec<String> = Model::from_json_str(json)
        .unwrap_err()
        .problems()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        lines,
        [
            "organisations: the key is given twice in one object",
            r#"organisations[0].parent: "nope" names no organisation"#,
            "services: the key is given twice in one object",
        ]
    );
    // A field the first copy could not read is read in the last.
    let json = r#"{"version": 1, "organisations": [{"id": "a", "parent": 7}],
        "organisations": [{"id": "a", "parent": "nope"}]}"#;
    let kinds: Vec<ProblemKind> = Model::from_json_str(json)
        .unwrap_err()
        .problems()
        .iter()
        .map(|p| p.kind())
        .collect();
    assert_eq!(
        kinds,
        [ProblemKind::DuplicateKey, ProblemKind::UnknownReference]
    );
}

#[test]
fn shape_problems_come_keys_given_twice_first_then_unknown_keys_by_name() {
    let json = r#"{"zz": 1, "version": 1, "aa": 2, "aa": 3, "mm": []}"#;
    let lines: Vec<String> = Document::from_json_str(json)
        .unwrap_err()
        .problems()
        .iter()
        .map(|p| p.to_string().split(" (").next().unwrap().to_owned())
        .collect();
    assert_eq!(
        lines,
        [
            "aa: the key is given twice in one object",
            "aa: unknown field",
            "mm: unknown field",
            "zz: unknown field",
        ]
    );
}
