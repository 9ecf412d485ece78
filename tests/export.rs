//! The exports for graph tools: GraphML and Neo4j's import files keep
//! every field of a document, read back into the same document, carry
//! hostile ids exactly, and are well formed for the tools that read them.

#![cfg(feature = "export")]

mod util;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;
use quick_xml::events::Event;
use quick_xml::reader::Reader;
use svcrel::{
    Date, Document, EmailPolicy, ErrorKind, Funding, Individual, Membership, NEO4J_FILES,
    Organisation, Overwrite, Partnership, Payment, Reporting, Service, Usage,
};
use util::{SAMPLE_PATH, TempFile};

/// A directory for one export, removed when dropped.
struct Dir(PathBuf, #[allow(dead_code)] TempFile);

impl Dir {
    fn new(name: &str) -> Dir {
        let file = TempFile::unwritten(name);
        Dir(PathBuf::from(file.path()), file)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn sample() -> Document {
    Document::from_json_file(SAMPLE_PATH).expect("the sample reads")
}

/// Both exports, read back: the same document.
fn round_trips(doc: &Document) -> Result<(), TestCaseError> {
    let graphml = doc.to_graphml_string().expect("a valid document exports");
    check_graphml(&graphml);
    prop_assert_eq!(
        &Document::from_graphml_str(&graphml).expect("the GraphML reads"),
        doc
    );
    let dir = Dir::new("neo4j");
    doc.write_neo4j(&dir.0, Overwrite::Refuse)
        .expect("the files are written");
    check_csv(&dir.0, doc);
    prop_assert_eq!(&Document::from_neo4j(&dir.0).expect("the files read"), doc);
    Ok(())
}

#[test]
fn the_sample_round_trips_through_both_exports() {
    round_trips(&sample()).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_documents_round_trip_through_both_exports(doc in util::random::document()) {
        round_trips(&doc)?;
    }
}

/// Ids and strings no export may change.
const HOSTILE: [&str; 12] = [
    "quote\"d 'single'",
    "<tag>&amp;</tag>",
    "line\nbreak\r\nand\rreturn",
    "\u{202E}evil-rtl",
    "nul\u{0}bell\u{7}esc\u{1B}unit\u{1F}",
    "back\\slash \\u0041 \\\\ \\e",
    "\\e",
    "semi;colon;;",
    " spaces around ",
    "comma, \"quoted\"",
    "nonchar\u{FFFE}\u{FFFF}tab\t",
    "émoji 😀 \u{2028}",
];

fn hostile_document() -> Document {
    let ids =
        |prefix: &str| -> Vec<String> { HOSTILE.iter().map(|h| format!("{prefix}{h}")).collect() };
    let (orgs, people, services) = (ids("o:"), ids("i:"), ids("s:"));
    let mut doc = Document {
        email_policy: EmailPolicy::Shared,
        ..Document::default()
    };
    for (n, id) in orgs.iter().enumerate() {
        doc.organisations.push(Organisation {
            name: Some(HOSTILE[n].to_owned()),
            parent: (n > 0).then(|| orgs[n - 1].clone().into()),
            external_ids: [(
                HOSTILE[n].to_owned(),
                HOSTILE[(n + 1) % HOSTILE.len()].to_owned(),
            )]
            .into(),
            ..Organisation::new(id.as_str())
        });
    }
    doc.organisations[0].emails = vec!["desk@example.com".into(), "o'brien@example.com".into()];
    doc.organisations[0].email_domains = vec!["example.com".into()];
    doc.organisations[0].phones = vec!["+33 1 23 45 67 89".into(), "+1 (555) 010;0199".into()];
    for (n, id) in people.iter().enumerate() {
        doc.individuals.push(Individual {
            name: (n % 2 == 0).then(String::new),
            ..Individual::new(id.as_str())
        });
        doc.memberships.push(Membership {
            title: Some(HOSTILE[n].to_owned()),
            from: Some(Date::constant(2020, 1, 1)),
            ..Membership::new(id.as_str(), orgs[n].as_str())
        });
        if n > 0 {
            doc.reporting
                .push(Reporting::new(id.as_str(), people[n - 1].as_str()));
        }
    }
    for (n, id) in services.iter().enumerate() {
        doc.services.push(Service {
            name: Some(HOSTILE[n].to_owned()),
            ..Service::new(id.as_str(), orgs[n].as_str())
        });
        doc.funding.push(Funding {
            approved_by: people.iter().map(|p| p.as_str().into()).collect(),
            until: Some(Date::constant(2030, 12, 31)),
            ..Funding::new(people[n].as_str(), id.as_str(), Payment::ALL[n % 5])
        });
        doc.usage.push(Usage::new(orgs[n].as_str(), id.as_str()));
    }
    doc.partnerships
        .push(Partnership::new(orgs[0].as_str(), people[1].as_str()));
    doc.validate().expect("the hostile document is valid");
    doc
}

#[test]
fn hostile_ids_and_strings_survive_both_exports_exactly() {
    round_trips(&hostile_document()).unwrap();
}

#[test]
fn graphml_carries_every_character_xml_allows_and_escapes_the_rest() {
    let graphml = hostile_document().to_graphml_string().unwrap();
    assert!(graphml.contains("o:nul\\u0000bell\\u0007esc\\u001Bunit\\u001F"));
    assert!(graphml.contains("back\\\\slash \\\\u0041"));
    assert!(graphml.contains("&lt;tag&gt;&amp;amp;&lt;/tag&gt;"));
    assert!(graphml.contains("line\nbreak&#13;\nand&#13;return"));
    assert!(graphml.contains("\u{202E}evil-rtl"));
}

/// GraphML's own XML schema (1.0), vendored: see tests/fixtures/graphml.
const GRAPHML_XSD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/graphml/graphml.xsd"
);

/// Whether libxml2's `xmllint` can be run (see [`util::program_present`]).
fn xmllint_present(test: &str) -> bool {
    util::program_present(test, "xmllint".as_ref(), "--version", "libxml2-utils")
}

/// Validates GraphML text against GraphML's schema with `xmllint`: its
/// status and what it said.
fn xmllint_schema(name: &str, graphml: &str) -> (bool, String) {
    let file = TempFile::new(name, graphml);
    let output = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema", GRAPHML_XSD, file.path()])
        .output()
        .expect("xmllint runs");
    let said = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.success(), said)
}

#[test]
fn graphml_is_valid_against_the_graphml_schema() {
    if !xmllint_present("graphml_is_valid_against_the_graphml_schema") {
        return;
    }
    for (name, doc) in [("sample", sample()), ("hostile", hostile_document())] {
        let graphml = doc.to_graphml_string().unwrap();
        let (valid, said) = xmllint_schema(name, &graphml);
        assert!(valid, "the {name} export breaks GraphML's schema:\n{said}");
    }
    // The schema is read and applied: an edge to a node the graph lacks
    // breaks its key reference.
    let graphml = sample().to_graphml_string().unwrap();
    let broken = graphml.replacen("target=\"n", "target=\"missing", 1);
    assert_ne!(broken, graphml);
    let (valid, said) = xmllint_schema("broken", &broken);
    assert!(!valid, "a dangling edge passes the schema:\n{said}");
    assert!(said.contains("edge_target_ref"), "{said}");
}

#[test]
fn an_invalid_document_is_not_exported() {
    let doc = Document {
        usage: vec![Usage::new("ghost", "mail")],
        ..Document::default()
    };
    assert_eq!(
        doc.to_graphml_string().unwrap_err().kind(),
        ErrorKind::Invalid
    );
    let dir = Dir::new("invalid");
    assert_eq!(
        doc.write_neo4j(&dir.0, Overwrite::Replace)
            .unwrap_err()
            .kind(),
        ErrorKind::Invalid
    );
    assert!(!dir.0.exists());
}

#[test]
fn existing_files_are_replaced_only_when_asked() {
    let dir = Dir::new("overwrite");
    let doc = sample();
    doc.write_neo4j(&dir.0, Overwrite::Refuse).unwrap();
    let err = Document::default()
        .write_neo4j(&dir.0, Overwrite::Refuse)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
    assert!(err.to_string().contains("model.csv"), "{err}");
    assert_eq!(Document::from_neo4j(&dir.0).unwrap(), doc);
    Document::default()
        .write_neo4j(&dir.0, Overwrite::Replace)
        .unwrap();
    assert_eq!(Document::from_neo4j(&dir.0).unwrap(), Document::default());
}

#[test]
fn malformed_exports_are_reported_with_their_file_and_line() {
    let graphml = sample().to_graphml_string().unwrap();
    let broken = graphml.replacen(
        "<data key=\"n_kind\">organisation</data>",
        "<data key=\"n_kind\">planet</data>",
        1,
    );
    let err = Document::from_graphml_str(&broken).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
    let line = 1 + graphml
        .lines()
        .position(|l| l.contains("<node id=\"n0\">"))
        .unwrap();
    assert!(err.to_string().contains(&format!("line {line}: ")), "{err}");
    assert!(err.to_string().contains("\"planet\""), "{err}");
    let err = Document::from_graphml_str("<graphml><graph>").unwrap_err();
    assert!(
        err.to_string()
            .contains("line 1: <graphml> is not in the namespace"),
        "{err}"
    );

    let dir = Dir::new("malformed");
    sample().write_neo4j(&dir.0, Overwrite::Refuse).unwrap();
    let funding = dir.0.join("funding.csv");
    let text = std::fs::read_to_string(&funding).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let bad = lines[2].replacen("FUNDS,\"", "FUNDS,\"barter", 1);
    lines[2] = &bad;
    std::fs::write(&funding, lines.join("\n")).unwrap();
    let err = Document::from_neo4j(&dir.0).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("funding.csv") && message.contains("line 3: the payment \"barter"),
        "{message}"
    );
}

/// The GraphML rules that matter, checked with a strict XML parse (the
/// GraphML XSD is not at hand to validate against): the root `graphml`
/// in the GraphML namespace, every key declared before the graph with
/// `for`, `attr.name` and `attr.type`, each data of a declared key for
/// its element, node and edge ids unique XML name tokens, and every
/// edge's ends declared nodes. Every character is one XML 1.0 allows.
fn check_graphml(text: &str) {
    assert!(
        text.chars().all(|c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)),
        "a character XML 1.0 cannot carry"
    );
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<String> = Vec::new();
    let mut keys: HashMap<String, String> = HashMap::new();
    let mut graph_seen = false;
    let mut nodes = HashSet::new();
    let mut edge_ids = HashSet::new();
    let mut ends = Vec::new();
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let (element, empty) = match &event {
            Event::Start(e) => (e.clone(), false),
            Event::Empty(e) => (e.clone(), true),
            Event::End(_) => {
                stack.pop();
                continue;
            }
            Event::Eof => break,
            Event::GeneralRef(r) => {
                // Only the predefined entities and the carriage return.
                let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                assert!(
                    ["amp", "lt", "gt", "quot", "apos", "#13"].contains(&name.as_str()),
                    "&{name};"
                );
                continue;
            }
            _ => continue,
        };
        let name = String::from_utf8_lossy(element.name().as_ref()).into_owned();
        let attrs: HashMap<String, String> = element
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                (
                    String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .expect("attribute value")
                        .into_owned(),
                )
            })
            .collect();
        let nmtoken = |v: &str| {
            !v.is_empty()
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-:".contains(c))
        };
        match (stack.last().map(String::as_str), name.as_str()) {
            (None, "graphml") => {
                assert_eq!(attrs["xmlns"], "http://graphml.graphdrawing.org/xmlns")
            }
            (None, other) => panic!("root <{other}>"),
            (Some("graphml"), "key") => {
                assert!(!graph_seen, "a key after the graph");
                assert!(nmtoken(&attrs["id"]));
                assert!(["graph", "node", "edge", "all"].contains(&attrs["for"].as_str()));
                assert!(
                    ["boolean", "int", "long", "float", "double", "string"]
                        .contains(&attrs["attr.type"].as_str())
                );
                assert!(!attrs["attr.name"].is_empty());
                assert!(
                    keys.insert(attrs["id"].clone(), attrs["for"].clone())
                        .is_none(),
                    "a key twice"
                );
            }
            (Some("graphml"), "graph") => {
                graph_seen = true;
                assert_eq!(attrs["edgedefault"], "directed");
            }
            (Some("graph"), "node") => {
                assert!(nmtoken(&attrs["id"]), "node id {:?}", attrs["id"]);
                assert!(nodes.insert(attrs["id"].clone()), "node id twice");
            }
            (Some("graph"), "edge") => {
                assert!(nmtoken(&attrs["id"]));
                assert!(edge_ids.insert(attrs["id"].clone()), "edge id twice");
                ends.push((attrs["source"].clone(), attrs["target"].clone()));
            }
            (Some(owner @ ("graph" | "node" | "edge")), "data") => {
                let domain = keys
                    .get(&attrs["key"])
                    .unwrap_or_else(|| panic!("undeclared key {}", attrs["key"]));
                assert_eq!(domain, owner, "key {} in a <{owner}>", attrs["key"]);
            }
            (parent, other) => panic!("<{other}> in {parent:?}"),
        }
        if !empty {
            stack.push(name);
        }
    }
    for (source, target) in ends {
        assert!(
            nodes.contains(&source) && nodes.contains(&target),
            "an edge to an undeclared node"
        );
    }
}

/// Every CSV file parses with the `csv` crate, with the header
/// `neo4j-admin` reads and one record per entity or link, ids exact.
fn check_csv(dir: &Path, doc: &Document) {
    let headers: [(&str, &str, usize); 13] = [
        ("model.csv", ":LABEL,version:int,email_policy", 1),
        (
            "organisations.csv",
            "id:ID,:LABEL,name,emails:string[],phones:string[],email_domains:string[],external_ids",
            doc.organisations.len(),
        ),
        (
            "individuals.csv",
            "id:ID,:LABEL,name,emails:string[],phones:string[],external_ids",
            doc.individuals.len(),
        ),
        ("services.csv", "id:ID,:LABEL,name", doc.services.len()),
        (
            "parents.csv",
            ":START_ID,:END_ID,:TYPE",
            doc.organisations
                .iter()
                .filter(|o| o.parent.is_some())
                .count(),
        ),
        (
            "providers.csv",
            ":START_ID,:END_ID,:TYPE",
            doc.services.len(),
        ),
        (
            "memberships.csv",
            ":START_ID,:END_ID,:TYPE,title,from:date,until:date",
            doc.memberships.len(),
        ),
        (
            "reporting.csv",
            ":START_ID,:END_ID,:TYPE,from:date,until:date",
            doc.reporting.len(),
        ),
        (
            "funding.csv",
            ":START_ID,:END_ID,:TYPE,payment,approved_by:string[],from:date,until:date",
            doc.funding.len(),
        ),
        (
            "usage.csv",
            ":START_ID,:END_ID,:TYPE,from:date,until:date",
            doc.usage.len(),
        ),
        (
            "dependencies.csv",
            ":START_ID,:END_ID,:TYPE,from:date,until:date",
            doc.dependencies.len(),
        ),
        (
            "oversight.csv",
            ":START_ID,:END_ID,:TYPE,from:date,until:date",
            doc.oversight.len(),
        ),
        (
            "partnerships.csv",
            ":START_ID,:END_ID,:TYPE,from:date,until:date",
            doc.partnerships.len(),
        ),
    ];
    assert_eq!(NEO4J_FILES[..13].to_vec(), headers.map(|h| h.0));
    for (file, header, count) in headers {
        let mut reader = csv::Reader::from_path(dir.join(file)).expect("the file opens");
        assert_eq!(
            reader
                .headers()
                .unwrap()
                .iter()
                .collect::<Vec<_>>()
                .join(","),
            header,
            "{file}"
        );
        let records: Vec<csv::StringRecord> =
            reader.records().map(|r| r.expect("a record")).collect();
        assert_eq!(records.len(), count, "{file}");
        let ids: Vec<String> = records.iter().map(|r| r[0].to_owned()).collect();
        let expected: Vec<String> = match file {
            "organisations.csv" => doc.organisations.iter().map(|o| o.id.to_string()).collect(),
            "individuals.csv" => doc.individuals.iter().map(|i| i.id.to_string()).collect(),
            "services.csv" => doc.services.iter().map(|s| s.id.to_string()).collect(),
            "usage.csv" => doc.usage.iter().map(|u| u.user.to_string()).collect(),
            _ => continue,
        };
        assert_eq!(ids, expected, "{file}");
    }
    for file in ["constraints.cypher", "queries.cypher"] {
        let text = std::fs::read_to_string(dir.join(file)).expect("the Cypher file");
        assert!(
            text.contains("MATCH") || text.contains("CONSTRAINT"),
            "{file}"
        );
    }
}

#[cfg(feature = "cli")]
mod cli {
    use super::*;
    use util::cli::{stderr, stdout, svcrel};

    #[test]
    fn export_graphml_prints_the_export_or_writes_it() {
        let out = svcrel(&["export", "graphml", "--model", SAMPLE_PATH], None);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(stdout(&out), sample().to_graphml_string().unwrap());
        let file = TempFile::unwritten("graphml");
        let out = svcrel(
            &[
                "export",
                "graphml",
                "--model",
                SAMPLE_PATH,
                "-o",
                file.path(),
            ],
            None,
        );
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(Document::from_graphml_file(file.path()).unwrap(), sample());
    }

    #[test]
    fn export_neo4j_writes_the_files_and_refuses_to_overwrite_them() {
        let dir = Dir::new("cli");
        let path = dir.0.to_str().unwrap().to_owned();
        let args = ["export", "neo4j", "--model", SAMPLE_PATH, "--out", &path];
        let out = svcrel(&args, None);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stdout(&out).starts_with("neo4j-admin database import full --nodes="));
        assert_eq!(Document::from_neo4j(&dir.0).unwrap(), sample());
        let again = svcrel(&args, None);
        assert_eq!(again.status.code(), Some(1));
        assert!(
            stderr(&again).contains("is there already"),
            "{}",
            stderr(&again)
        );
        let mut forced = args.to_vec();
        forced.push("--force");
        assert!(svcrel(&forced, None).status.success());
    }

    #[test]
    fn an_invalid_model_is_not_exported() {
        let model = TempFile::new(
            "invalid",
            r#"{"version": 1, "usage": [{"user": "ghost", "service": "mail"}]}"#,
        );
        let out = svcrel(&["export", "graphml", "--model", model.path()], None);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("usage[0].user"), "{}", stderr(&out));
        assert!(stdout(&out).is_empty());
    }
}
