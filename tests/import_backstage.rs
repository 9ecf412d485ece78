//! The Backstage importer: software catalog YAML turned into a model,
//! queried end to end; malformed files, dangling references and
//! conflicting entities reported with file and line.

#![cfg(feature = "backstage")]

mod util;

use std::path::{Path, PathBuf};

use svcrel::{
    Answer, Document, Import, ImportFormat, Match, Model, Payment, Query, Question, Role, Scope,
};
use util::imports::{import_problems, problem_lines, skipped};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/backstage")
        .join(name)
}

const FILES: [&str; 3] = ["org.yaml", "users.yaml", "services.yaml"];

fn files(extra: &[&str]) -> Vec<PathBuf> {
    FILES.iter().chain(extra).map(|f| fixture(f)).collect()
}

fn import() -> Import {
    ImportFormat::Backstage
        .import_files(files(&[]))
        .expect("the fixtures import")
}

fn model() -> Model {
    Model::from_document(import().document()).expect("the imported document validates")
}

/// The fixtures and one more inline file, `extra.yaml`, imported.
fn import_strs_with(yaml: &str) -> Result<Import, svcrel::Error> {
    let mut texts: Vec<(String, String)> = FILES
        .iter()
        .map(|f| (f.to_string(), std::fs::read_to_string(fixture(f)).unwrap()))
        .collect();
    texts.push(("extra.yaml".to_owned(), yaml.to_owned()));
    let refs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    ImportFormat::Backstage.import_strs(&refs)
}

/// The problems of importing the fixtures and one more inline file.
fn problems_with(yaml: &str) -> Vec<String> {
    import_problems(&import_strs_with(yaml).unwrap_err())
}

/// One inline entity (or several) added to the fixtures, imported.
fn import_with(yaml: &str) -> Import {
    import_strs_with(yaml).unwrap()
}

fn component(name: &str, spec: &str) -> String {
    format!(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\n\
         spec:\n  type: service\n  lifecycle: production\n{spec}"
    )
}

#[test]
fn the_catalog_becomes_the_expected_document() {
    let expected = Document::from_json_file(fixture("expected.json")).unwrap();
    let import = import();
    assert_eq!(*import.document(), expected);
    let counts = model().counts();
    assert_eq!(
        (counts.organisations, counts.individuals, counts.services),
        (6, 4, 6)
    );
    assert_eq!(
        (counts.memberships, counts.funding, counts.dependencies),
        (4, 2, 6)
    );
}

#[test]
fn ids_are_full_entity_references_and_names_are_titles() {
    let doc = import().into_document();
    let org = |id: &str| doc.organisations.iter().find(|o| o.id == id).unwrap();
    assert_eq!(
        org("group:default/brightwell").name.as_deref(),
        Some("Brightwell Retail")
    );
    // No title: the name is metadata.name.
    assert_eq!(
        org("group:default/team-platform").name.as_deref(),
        Some("team-platform")
    );
    // spec.parent, in any of its forms, and a parent's spec.children.
    assert_eq!(
        org("group:default/team-platform").parent.as_ref().unwrap(),
        "group:default/engineering"
    );
    assert_eq!(
        org("group:default/finance").parent.as_ref().unwrap(),
        "group:default/brightwell"
    );
    let services: Vec<(&str, &str)> = doc
        .services
        .iter()
        .map(|s| (s.id.as_str(), s.provider.as_str()))
        .collect();
    assert_eq!(
        services,
        [
            ("system:default/checkout", "group:default/team-payments"),
            (
                "component:default/payments-service",
                "group:default/team-payments"
            ),
            ("api:default/payments-v2", "group:default/team-payments"),
            ("component:default/web-shop", "group:default/team-platform"),
            (
                "component:default/auth-service",
                "group:default/team-platform"
            ),
            // An owner may be a user.
            ("resource:default/payments-db", "user:default/raj"),
        ]
    );
}

#[test]
fn dependencies_follow_depends_on_apis_and_systems() {
    let doc = import().into_document();
    let deps: Vec<(&str, &str)> = doc
        .dependencies
        .iter()
        .map(|d| (d.service.as_str(), d.depends_on.as_str()))
        .collect();
    assert_eq!(
        deps,
        [
            // dependsOn (and the resource's dependencyOf, the same link).
            (
                "component:default/payments-service",
                "resource:default/payments-db"
            ),
            (
                "component:default/payments-service",
                "component:default/auth-service"
            ),
            // providesApis: the API relies on the component behind it.
            (
                "api:default/payments-v2",
                "component:default/payments-service"
            ),
            // spec.system: the system relies on its parts.
            (
                "system:default/checkout",
                "component:default/payments-service"
            ),
            ("system:default/checkout", "api:default/payments-v2"),
            // consumesApis.
            ("component:default/web-shop", "api:default/payments-v2"),
        ]
    );
}

#[test]
fn a_whole_depends_on_its_parts() {
    let import = import_with(&format!(
        "{}---\n{}---\n{}",
        component(
            "ledger",
            "  owner: team-payments\n  subcomponentOf: payments-service\n  system: checkout\n"
        ),
        component(
            "ledger-export",
            "  owner: team-payments\n  subcomponentOf: component:default/ledger\n"
        ),
        "apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: ledger-db\n\
         spec:\n  type: database\n  owner: team-payments\n  system: system:checkout\n",
    ));
    let deps: Vec<(&str, &str)> = import
        .document()
        .dependencies
        .iter()
        .filter(|d| d.depends_on.as_str().contains("ledger"))
        .map(|d| (d.service.as_str(), d.depends_on.as_str()))
        .collect();
    assert_eq!(
        deps,
        [
            ("system:default/checkout", "component:default/ledger"),
            (
                "component:default/payments-service",
                "component:default/ledger"
            ),
            (
                "component:default/ledger",
                "component:default/ledger-export"
            ),
            ("system:default/checkout", "resource:default/ledger-db"),
        ]
    );
    // A failure of a part reaches the whole.
    let model = Model::from_document(import.document()).unwrap();
    let Answer::Impact(impact) = model
        .ask(&Question::impact("component:default/ledger-export").into())
        .unwrap()
    else {
        unreachable!()
    };
    let reached: Vec<String> = impact
        .services
        .unwrap_or_default()
        .into_iter()
        .map(|s| s.service)
        .collect();
    for whole in [
        "component:default/ledger",
        "component:default/payments-service",
        "system:default/checkout",
    ] {
        assert!(reached.iter().any(|r| r == whole), "{whole}: {reached:?}");
    }
    // The whole must be of its kind, and in the files.
    assert_eq!(
        problems_with(&component(
            "orphan",
            "  owner: team-payments\n  system: payments-service\n  \
             subcomponentOf: api:payments-v2\n"
        )),
        [
            "extra.yaml:9: spec.system: \"payments-service\" names \
             system:default/payments-service, which is not in the files",
            "extra.yaml:10: spec.subcomponentOf: \"api:payments-v2\" is a api; it must be a \
             component",
        ]
    );
}

#[test]
fn profiles_give_emails_and_names_and_refs_are_external_ids() {
    let doc = import().into_document();
    let user = |id: &str| doc.individuals.iter().find(|i| i.id == id).unwrap();
    let ana = user("user:default/ana.silva");
    assert_eq!(ana.emails, ["ana.silva@brightwell.example"]);
    assert_eq!(ana.external_ids["backstage"], "user:default/ana.silva");
    // No title: the profile's display name.
    let tom = user("user:default/tom");
    assert_eq!(tom.name.as_deref(), Some("Tom Becker"));
    assert_eq!(tom.emails, ["tom.becker@brightwell.example"]);
    // No profile: no email.
    assert!(user("user:default/raj").emails.is_empty());
    let group = |id: &str| doc.organisations.iter().find(|o| o.id == id).unwrap();
    let payments = group("group:default/team-payments");
    assert_eq!(payments.emails, ["payments-team@brightwell.example"]);
    // The title wins over the display name.
    assert_eq!(payments.name.as_deref(), Some("Payments team"));
    assert_eq!(
        group("group:default/finance").external_ids["backstage"],
        "group:default/finance"
    );
}

#[test]
fn a_user_is_found_and_triaged_by_email_or_entity_ref() {
    let model = model();
    let found = |text: &str| {
        let Answer::Find(a) = model.ask(&Question::find(text).into()).unwrap() else {
            unreachable!()
        };
        a.found.map(|c| (c.id, c.matched))
    };
    assert_eq!(
        found("Tom.Becker@brightwell.example"),
        Some(("user:default/tom".to_owned(), Match::Email))
    );
    assert_eq!(
        found("payments-team@brightwell.example"),
        Some(("group:default/team-payments".to_owned(), Match::Email))
    );
    assert_eq!(
        found("backstage:user:default/raj"),
        Some(("user:default/raj".to_owned(), Match::ExternalId))
    );
    // Ana's team provides the payments service.
    let Answer::Triage(t) = model
        .ask(
            &Question::triage(
                "ana.silva@brightwell.example",
                "component:default/payments-service",
            )
            .into(),
        )
        .unwrap()
    else {
        unreachable!()
    };
    assert_eq!(
        (t.party.as_str(), t.matched),
        ("user:default/ana.silva", Some(Match::Email))
    );
    assert!(t.roles.contains(&Role::Provider), "{:?}", t.roles);
}

#[test]
fn a_bad_profile_names_its_line() {
    let user = |profile: &str| {
        format!(
            "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: zoe\n\
             spec:\n  profile:{profile}\n  memberOf: [finance]\n"
        )
    };
    let cases: [(String, &str); 4] = [
        (
            user("\n    email: zoe@@brightwell.example"),
            "extra.yaml:7: spec.profile.email: \"zoe@@brightwell.example\" is not an email address",
        ),
        (
            user("\n    email: \"zoe\\e[2J@brightwell.example\""),
            "extra.yaml:7: spec.profile.email: \"zoe\\u{1b}[2J@brightwell.example\" is not an \
             email address",
        ),
        (
            user("\n    email: [zoe@brightwell.example]"),
            "extra.yaml:7: spec.profile.email: an email address is a string",
        ),
        (
            user(" zoe@brightwell.example"),
            "extra.yaml:6: spec.profile is not a mapping",
        ),
    ];
    for (yaml, expected) in cases {
        assert_eq!(problems_with(&yaml), [expected], "{yaml}");
    }
    // An empty or null email is none.
    for empty in ["\n    email: ''", "\n    email:", ""] {
        let import = import_with(&user(empty));
        let zoe = import
            .document()
            .individuals
            .iter()
            .find(|i| i.id == "user:default/zoe")
            .unwrap();
        assert!(zoe.emails.is_empty(), "{empty:?}");
    }
}

#[test]
fn funding_comes_from_annotations() {
    let doc = import().into_document();
    let funding: Vec<(&str, &str, Payment)> = doc
        .funding
        .iter()
        .map(|f| (f.payer.as_str(), f.service.as_str(), f.payment))
        .collect();
    assert_eq!(
        funding,
        [
            (
                "group:default/finance",
                "component:default/payments-service",
                Payment::Chargeback
            ),
            (
                "group:default/marketing",
                "component:default/web-shop",
                Payment::Allocation
            ),
        ]
    );
    // Several payers, and a user among them.
    let import = import_with(&component("reports", "  owner: team-platform\n").replace(
        "  name: reports\n",
        "  name: reports\n  annotations:\n    svcrel.dev/funded-by: finance, user:tom\n    \
         svcrel.dev/payment: cash\n",
    ));
    let payers: Vec<&str> = import
        .document()
        .funding
        .iter()
        .filter(|f| f.service == "component:default/reports")
        .map(|f| f.payer.as_str())
        .collect();
    assert_eq!(payers, ["group:default/finance", "user:default/tom"]);
}

#[test]
fn customers_consumers_and_relations() {
    let model = model();
    let customers = model
        .customers_of("component:default/payments-service", &Query::new())
        .unwrap();
    let rows: Vec<(&str, u32, Scope)> = customers
        .iter()
        .map(|c| (c.party().id(), c.distance(), c.scope()))
        .collect();
    assert_eq!(
        rows,
        [
            ("group:default/finance", 0, Scope::Internal),
            ("group:default/brightwell", 1, Scope::Internal),
        ]
    );

    let consumers = model
        .consumers_of("resource:default/payments-db", &Query::new())
        .unwrap();
    let affected: Vec<(&str, u32)> = consumers
        .services()
        .map(|s| (s.service().id(), s.distance()))
        .collect();
    assert_eq!(
        affected,
        [
            ("component:default/payments-service", 1),
            ("api:default/payments-v2", 2),
            ("system:default/checkout", 2),
            ("component:default/web-shop", 3),
        ]
    );
    let parties: Vec<(&str, u32)> = consumers
        .iter()
        .map(|c| (c.party().id(), c.distance()))
        .collect();
    assert_eq!(
        parties,
        [
            ("group:default/team-payments", 1),
            ("user:default/ana.silva", 1),
            ("group:default/team-platform", 3),
            ("user:default/raj", 3),
        ]
    );

    let q = Query::new();
    let ana = model
        .relation(
            "user:default/ana.silva",
            "component:default/payments-service",
            &q,
        )
        .unwrap();
    assert!(ana.is_provider(), "{:?}", ana.roles());
    let lena = model
        .relation(
            "user:default/lena",
            "component:default/payments-service",
            &q,
        )
        .unwrap();
    assert!(
        lena.is_colleague() && !lena.is_customer(),
        "{:?}",
        lena.roles()
    );
}

#[test]
fn every_entity_is_mapped_or_named_as_skipped() {
    let import = import();
    assert_eq!(import.records_read(), 20);
    assert_eq!(import.records_mapped(), 16);
    let skipped = skipped(&import);
    assert_eq!(
        skipped,
        [
            "org.yaml:68: domain:default/commerce: not a kind this importer reads (Group, User, \
             Component, API, Resource, System)",
            "services.yaml:79: location:default/more-services: Location entities are not \
             followed: pass the files they name",
            "services.yaml:87: costcentre:default/cc-4711: apiVersion \"mycompany.example/v1\" \
             is not a Backstage catalog entity (backstage.io/…)",
            &format!(
                "services.yaml:95: user:default/lena: the same entity as {}:20",
                fixture("users.yaml").display()
            ),
        ]
    );
}

#[test]
fn an_entity_that_differs_names_both_files() {
    let lines = problems_with(
        "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: lena\n\
         spec:\n  memberOf: [marketing]\n",
    );
    assert_eq!(
        lines,
        ["extra.yaml:1: user:default/lena differs from the copy at users.yaml:20"]
    );
}

#[test]
fn a_dangling_reference_names_file_line_and_id() {
    let err = ImportFormat::Backstage
        .import_files(files(&["bad/dangling.yaml"]))
        .unwrap_err();
    let file = fixture("bad/dangling.yaml");
    let found: Vec<(Option<usize>, Option<&str>)> = err
        .import_problems()
        .iter()
        .map(|p| {
            assert_eq!(p.file(), Some(file.as_path()));
            (p.line(), p.id())
        })
        .collect();
    assert_eq!(
        found,
        [
            (Some(7), Some("group:default/team-search")),
            (Some(10), Some("component:default/search-index")),
        ]
    );
    let lines = problem_lines(&err);
    assert_eq!(
        lines,
        [
            format!(
                "{}:7: spec.owner: \"team-search\" names group:default/team-search, which is \
                 not in the files",
                file.display()
            ),
            format!(
                "{}:10: spec.dependsOn: \"component:search-index\" names \
                 component:default/search-index, which is not in the files",
                file.display()
            ),
        ]
    );
}

#[test]
fn a_malformed_file_names_file_and_line() {
    let err = ImportFormat::Backstage
        .import_files(files(&["bad/malformed.yaml"]))
        .unwrap_err();
    let problem = &err.import_problems()[0];
    assert_eq!(err.import_problems().len(), 1);
    assert_eq!(
        problem.file(),
        Some(fixture("bad/malformed.yaml").as_path())
    );
    // The flow sequence opened on line 6 is never closed; the parser
    // finds out on line 7.
    assert_eq!(problem.line(), Some(7));
    assert_eq!(
        problem.message(),
        "malformed YAML: illegal placement of ':' indicator"
    );
}

#[test]
fn lines_end_at_lf_crlf_or_cr_alone() {
    for end in ["\n", "\r\n", "\r"] {
        let yaml = ["# one", "kind: Group", "# three", "kind: User", ""].join(end);
        assert_eq!(
            problems_with(&yaml),
            ["extra.yaml:4: the key \"kind\" is given twice"],
            "{end:?}"
        );
    }
}

#[test]
fn envelopes_references_and_annotations_are_checked() {
    let cases: Vec<(String, &str)> = vec![
        (
            "- just\n- a list\n".to_owned(),
            "extra.yaml:1: a catalog entity is a mapping with apiVersion, kind, metadata and spec",
        ),
        (
            "apiVersion: backstage.io/v1alpha1\nmetadata:\n  name: x\n".to_owned(),
            "extra.yaml:1: the entity has no kind",
        ),
        (
            "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  title: X\n".to_owned(),
            "extra.yaml:4: metadata has no name",
        ),
        (
            "apiVersion: backstage.io/v1alpha1\nkind: Group\nkind: User\n".to_owned(),
            "extra.yaml:3: the key \"kind\" is given twice",
        ),
        (
            component("no-owner", ""),
            "extra.yaml:1: component:default/no-owner has no spec.owner",
        ),
        (
            component(
                "bad-dep",
                "  owner: team-platform\n  dependsOn: [auth-service]\n",
            ),
            "extra.yaml:9: spec.dependsOn: \"auth-service\" needs its kind, as in \
             component:auth-service or resource:auth-service",
        ),
        (
            component("bad-owner", "  owner: component:web-shop\n"),
            "extra.yaml:8: spec.owner: \"component:web-shop\" is a component; it must be a \
             group or user",
        ),
        (
            component("typo", "  owner: team-platform\n").replace(
                "  name: typo\n",
                "  name: typo\n  annotations:\n    svcrel.dev/funded_by: finance\n",
            ),
            "extra.yaml:6: unknown annotation \"svcrel.dev/funded_by\": svcrel reads \
             svcrel.dev/funded-by and svcrel.dev/payment",
        ),
        (
            component("unpaid", "  owner: team-platform\n").replace(
                "  name: unpaid\n",
                "  name: unpaid\n  annotations:\n    svcrel.dev/funded-by: finance\n",
            ),
            "extra.yaml:6: svcrel.dev/funded-by needs svcrel.dev/payment",
        ),
        (
            component("barter", "  owner: team-platform\n").replace(
                "  name: barter\n",
                "  name: barter\n  annotations:\n    svcrel.dev/funded-by: finance\n    \
                 svcrel.dev/payment: barter\n",
            ),
            "extra.yaml:7: svcrel.dev/payment: \"barter\" is not one of cash, trade, \
             chargeback, allocation, none",
        ),
        (
            "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: sales\n  \
             annotations:\n    svcrel.dev/funded-by: finance\n    svcrel.dev/payment: cash\n\
             spec:\n  type: team\n  children: []\n"
                .to_owned(),
            "extra.yaml:6: svcrel.dev/funded-by and svcrel.dev/payment belong on a Component, \
             API, Resource or System, not on group:default/sales",
        ),
        (
            // A second parent for a group that already has one.
            "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: sales\n\
             spec:\n  type: department\n  children: [team-payments]\n"
                .to_owned(),
            "extra.yaml:7: group:default/team-payments would have two parents: \
             group:default/sales here and group:default/engineering at org.yaml:23",
        ),
    ];
    for (yaml, expected) in cases {
        assert_eq!(problems_with(&yaml), [expected], "{yaml}");
    }
}

#[test]
fn names_stay_as_written_and_namespaces_count() {
    let import = import_with(concat!(
        "apiVersion: backstage.io/v1alpha1\n",
        "kind: Group\n",
        "metadata:\n",
        "  name: '007'\n",
        "  namespace: Spies\n",
        "spec:\n",
        "  type: team\n",
        "  children: []\n",
        "---\n",
        "apiVersion: backstage.io/v1alpha1\n",
        "kind: Component\n",
        "metadata:\n",
        "  name: gadgets\n",
        "  namespace: spies\n",
        "spec:\n",
        "  type: service\n",
        "  owner: 007\n",
        "---\n",
    ));
    let doc = import.document();
    assert!(doc.organisations.iter().any(|o| o.id == "group:spies/007"));
    let gadgets = doc
        .services
        .iter()
        .find(|s| s.id == "component:spies/gadgets")
        .unwrap();
    // The owner's namespace is the entity's own.
    assert_eq!(gadgets.provider, "group:spies/007");
}

#[cfg(feature = "cli")]
mod cli {
    use crate::util::cli::{stderr, stdout, svcrel, svcrel_bytes};
    use std::process::Output;

    use super::{files, fixture};

    fn import(extra: &[&str], flags: &[&str]) -> Output {
        let paths: Vec<String> = files(extra)
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        let mut args = vec!["import", "backstage"];
        args.extend(flags);
        args.extend(paths.iter().map(String::as_str));
        svcrel(&args, None)
    }

    #[test]
    fn the_output_passes_check_and_answers_queries() {
        let out = import(&[], &["-v"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(
            stdout(&out),
            std::fs::read_to_string(fixture("expected.json")).unwrap()
        );
        let err = stderr(&out);
        assert!(
            err.starts_with("backstage: read 20 records from 3 files: 16 mapped, 4 skipped\n"),
            "{err}"
        );
        assert_eq!(err.matches("  skipped ").count(), 4);
        let check = svcrel_bytes(&["check", "--model", "-"], Some(&out.stdout));
        assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
        assert!(stdout(&check).starts_with("ok: 6 organisations, 4 individuals, 6 services"));
    }

    #[test]
    fn problems_exit_1_one_per_line() {
        let out = import(&["bad/dangling.yaml"], &[]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(stdout(&out), "");
        let err = stderr(&out);
        let file = fixture("bad/dangling.yaml").display().to_string();
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 2, "{err}");
        assert!(lines[0].starts_with(&format!("{file}:7: spec.owner: ")));
        assert!(lines[1].starts_with(&format!("{file}:10: spec.dependsOn: ")));
    }
}

#[test]
fn a_lenient_import_leaves_out_missing_owners_and_systems() {
    let lenient = svcrel::ImportOptions::new().missing_references(svcrel::MissingReferences::Skip);
    let yaml = format!(
        "{}---\n{}",
        component("orphan", "  owner: team-gone\n"),
        component(
            "part",
            "  owner: team-payments\n  system: payments-service\n"
        )
    );
    assert!(
        ImportFormat::Backstage
            .import_strs(&[("extra.yaml", &yaml)])
            .is_err()
    );
    let mut texts: Vec<(String, String)> = FILES
        .iter()
        .map(|f| (f.to_string(), std::fs::read_to_string(fixture(f)).unwrap()))
        .collect();
    texts.push(("extra.yaml".to_owned(), yaml));
    let refs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let import = ImportFormat::Backstage
        .import_strs_with(&refs, &lenient)
        .expect("a lenient import");
    // A service stands on its owner: without one it is skipped. A part of
    // a missing system is imported without it.
    assert_eq!(
        skipped(&import)
            .into_iter()
            .filter(|s| s.starts_with("extra.yaml"))
            .collect::<Vec<_>>(),
        [
            "extra.yaml:8: component:default/orphan: spec.owner: \"team-gone\" names \
          group:default/team-gone, which is not in the files"
        ]
    );
    let left_out: Vec<String> = import.left_out().iter().map(|l| l.to_string()).collect();
    assert_eq!(
        left_out,
        [
            "extra.yaml:18: component:default/part: spec.system: \"payments-service\" names \
          system:default/payments-service, which is not in the files"
        ]
    );
    let doc = import.document();
    assert!(
        !doc.services
            .iter()
            .any(|s| s.id == "component:default/orphan")
    );
    assert!(
        doc.services
            .iter()
            .any(|s| s.id == "component:default/part")
    );
}
