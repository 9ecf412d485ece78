//! The SCIM importer: Okta- and Entra-ID-shaped exports of `/Users` and
//! `/Groups` turned into a model, a person found by email and triaged end
//! to end; malformed files, wrong types and dangling references reported
//! all at once, naming the file, the line and the resource.

#![cfg(feature = "scim")]

mod util;

use std::path::{Path, PathBuf};

use svcrel::{
    Answer, Document, Funding, Import, ImportFormat, Match, Model, Payment, Question, Service,
};
use util::imports::{import_problems, skipped};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/scim")
        .join(name)
}

const OKTA: [&str; 2] = ["okta/users.json", "okta/groups.json"];
const ENTRA: [&str; 3] = [
    "entra/users.json",
    "entra/groups.json",
    "entra/on-call.json",
];

fn import(files: &[&str]) -> Import {
    ImportFormat::Scim
        .import_files(files.iter().map(|f| fixture(f)))
        .expect("the fixtures import")
}

/// The problems of importing inline files.
fn problems(files: &[(&str, &str)]) -> Vec<String> {
    import_problems(&ImportFormat::Scim.import_strs(files).unwrap_err())
}

/// One User resource, with `extra` attributes (JSON members, each with a
/// trailing comma) before its id.
fn user(extra: &str, id: &str, user_name: &str) -> String {
    format!(
        r#"{{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], {extra} "id": "{id}", "userName": "{user_name}"}}"#
    )
}

fn list(resources: &[String]) -> String {
    format!(
        r#"{{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "Resources": [{}]}}"#,
        resources.join(",\n")
    )
}

fn found(model: &Model, text: &str) -> Option<(String, Match)> {
    let Answer::Find(a) = model.ask(&Question::find(text).into()).unwrap() else {
        unreachable!()
    };
    a.found.map(|c| (c.id, c.matched))
}

#[test]
fn the_okta_export_becomes_the_expected_document() {
    let expected = Document::from_json_file(fixture("okta/expected.json")).unwrap();
    let import = import(&OKTA);
    assert_eq!(*import.document(), expected);
    let model = Model::from_document(import.document()).unwrap();
    let counts = model.counts();
    assert_eq!(
        (counts.organisations, counts.individuals, counts.memberships),
        (5, 4, 7)
    );
    assert_eq!(counts.reporting, 3);
    assert_eq!(import.records_read(), 7);
    assert_eq!(
        skipped(&import),
        ["users.json:104: Resources[4] User \"00u5old0AbCdEfGh5d7\": inactive (\"active\": false)"]
    );
}

#[test]
fn the_entra_export_becomes_the_expected_document() {
    let expected = Document::from_json_file(fixture("entra/expected.json")).unwrap();
    let import = import(&ENTRA);
    assert_eq!(*import.document(), expected);
    assert!(Model::from_document(import.document()).is_ok());
    assert_eq!((import.records_read(), import.records_mapped()), (7, 6));
    assert_eq!(
        skipped(&import),
        [
            "users.json:81: Resources[3] User \"0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c44\": inactive \
             (\"active\": false)"
        ]
    );
}

#[test]
fn users_groups_and_the_enterprise_extension_map_as_documented() {
    let doc = import(&OKTA).into_document();
    let ann = doc
        .individuals
        .iter()
        .find(|i| i.id == "ann@example.com")
        .unwrap();
    // userName in lower case; the primary email first.
    assert_eq!(ann.name.as_deref(), Some("Ann Lee"));
    assert_eq!(ann.emails, ["ann@example.com", "ann.lee@example.net"]);
    // The primary phone first, then the others in order.
    assert_eq!(ann.phones, ["+1 555 0199", "+1 555 0101"]);
    assert_eq!(ann.external_ids["scim"], "00u1ann0AbCdEfGh5d7");
    // No displayName: givenName familyName; name.formatted before them.
    let name = |id: &str| {
        let i = doc.individuals.iter().find(|i| i.id == id).unwrap();
        i.name.clone().unwrap()
    };
    assert_eq!(name("bo@example.com"), "Bo Chen");
    assert_eq!(name("kim@example.com"), "Kim Ito");
    // organization > division > department, the membership in the most
    // specific, titled by title.
    let parent = |id: &str| {
        let o = doc.organisations.iter().find(|o| o.id == id).unwrap();
        o.parent.as_ref().map(|p| p.as_str().to_owned())
    };
    assert_eq!(
        parent("example-corp/operations/service-desk").as_deref(),
        Some("example-corp/operations")
    );
    assert_eq!(
        parent("example-corp/operations").as_deref(),
        Some("example-corp")
    );
    assert_eq!(parent("example-corp"), None);
    let m = &doc.memberships[0];
    assert_eq!(
        (
            m.individual.as_str(),
            m.organisation.as_str(),
            m.title.as_deref()
        ),
        (
            "ann@example.com",
            "example-corp/operations/service-desk",
            Some("Service Desk Lead")
        )
    );
    // A member group's parent is the group it is a member of.
    assert_eq!(
        parent("group:service-desk-agents").as_deref(),
        Some("group:it-staff")
    );
    // The inactive user is not a member of the group that lists it.
    assert!(
        !doc.memberships
            .iter()
            .any(|m| m.individual == "old.hand@example.com")
    );
}

#[test]
fn a_person_is_found_by_email_and_triaged() {
    let mut doc = import(&OKTA).into_document();
    // A directory holds no service: one provided by the service desk and
    // paid for by the company.
    doc.services.push(Service {
        name: Some("Laptops".into()),
        ..Service::new("laptops", "example-corp/operations/service-desk")
    });
    doc.funding
        .push(Funding::new("example-corp", "laptops", Payment::Allocation));
    let model = Model::from_document(&doc).unwrap();

    assert_eq!(
        found(&model, "ann.lee@example.net"),
        Some(("ann@example.com".to_owned(), Match::Email))
    );
    assert_eq!(
        found(&model, "scim:00u2bo00AbCdEfGh5d7"),
        Some(("bo@example.com".to_owned(), Match::ExternalId))
    );
    assert_eq!(
        model.top("bo@example.com", None),
        ["example-corp", "group:it-staff"]
    );
    let memberships = model.memberships("raj@example.com", None);
    let orgs: Vec<&str> = memberships
        .iter()
        .map(|m| m.organisation.as_str())
        .collect();
    assert_eq!(orgs, ["example-corp/operations", "group:it-staff"]);

    let Answer::Triage(t) = model
        .ask(&Question::triage("ANN.LEE@example.net", "laptops").into())
        .unwrap()
    else {
        unreachable!()
    };
    assert_eq!(
        (t.party.as_str(), t.matched),
        ("ann@example.com", Some(Match::Email))
    );
    assert!(t.entitled, "{t:?}");
    assert_eq!(t.payer.as_deref(), Some("example-corp"));
}

#[test]
fn entra_ids_are_user_principal_names_and_emails_find_them() {
    let model = Model::from_document(import(&ENTRA).document()).unwrap();
    assert_eq!(
        found(&model, "dana@contoso.com"),
        Some((
            "dana.reyes@contoso.onmicrosoft.com".to_owned(),
            Match::Email
        ))
    );
    // A department without an organization is an organisation of its own;
    // the manager chain runs up to the CTO.
    assert_eq!(
        model.top("dana.reyes@contoso.onmicrosoft.com", None),
        ["group:engineering-all", "group:sre-on-call", "platform"]
    );
    let eli = model.entity("eli.novak@contoso.onmicrosoft.com").unwrap();
    // The same address twice, in another case, is given once.
    assert_eq!(eli.emails(), ["eli@contoso.com"]);
}

#[test]
fn every_problem_is_reported_at_once_naming_file_line_and_resource() {
    let err = ImportFormat::Scim
        .import_files(
            [
                "bad/not-json.json",
                "bad/wrong-types.json",
                "bad/dangling.json",
            ]
            .map(fixture),
        )
        .unwrap_err();
    let lines = import_problems(&err);
    let (json, types, dangling) = (
        fixture("bad/not-json.json").display().to_string(),
        fixture("bad/wrong-types.json").display().to_string(),
        fixture("bad/dangling.json").display().to_string(),
    );
    assert_eq!(
        lines,
        [
            format!("{json}:4: malformed JSON (column 45): key must be a string"),
            format!("{types}:4: Resources[0] User \"u-1\": active is a string, not true or false"),
            format!(
                "{types}:4: Resources[0] User \"u-1\": emails[0].primary is a string, not true \
                 or false"
            ),
            format!("{types}:11: Resources[1] User \"u-2\": userName is a number, not a string"),
            format!("{types}:11: Resources[1] User \"u-2\": emails is an object, not an array"),
            format!(
                "{types}:17: Resources[2] User \"u-3\": emails[0].value: \"not an address\" is \
                 not an email address"
            ),
            format!("{types}:17: Resources[2] User \"u-3\": department is an array, not a string"),
            format!(
                "{types}:17: Resources[2] User \"u-3\": manager \"u-404\" is not a User in the \
                 files"
            ),
            format!(
                "{types}:27: Resources[3] Group \"g-1\": members[2] is a string, not an object"
            ),
            format!(
                "{types}:27: Resources[3] Group \"g-1\": member \"u-405\" is not a User or Group \
                 in the files"
            ),
            format!("{dangling}:2: [0] User \"u-10\": manager \"u-99\" is not a User in the files"),
            format!(
                "{dangling}:10: [1] Group \"g-10\": member \"u-98\" is not a User in the files"
            ),
        ]
    );
    let ids: Vec<Option<&str>> = err.import_problems().iter().map(|p| p.id()).collect();
    assert_eq!(ids[7], Some("u-404"));
}

#[test]
fn shapes_of_a_file() {
    let ann = user("", "1", "ann@example.com");
    // One resource, an array of resources, a ListResponse with none.
    let import = ImportFormat::Scim
        .import_strs(&[
            ("one.json", &ann),
            ("array.json", &format!("[{}]", user("", "2", "bo@example.com"))),
            (
                "empty.json",
                r#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 0}"#,
            ),
        ])
        .unwrap();
    let ids: Vec<&str> = import
        .document()
        .individuals
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(ids, ["ann@example.com", "bo@example.com"]);
    // meta.resourceType when schemas says nothing; other resources skipped.
    let import = ImportFormat::Scim
        .import_strs(&[(
            "mixed.json",
            &list(&[
                r#"{"id": "7", "userName": "cy@example.com", "meta": {"resourceType": "User"}}"#
                    .to_owned(),
                r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": "User"}"#
                    .to_owned(),
            ]),
        )])
        .unwrap();
    assert_eq!(import.document().individuals[0].id, "cy@example.com");
    assert_eq!(
        skipped(&import),
        [
            "mixed.json:2: Resources[1] resource \"User\": not a User or Group (by schemas or \
          meta.resourceType)"
        ]
    );
}

#[test]
fn attribute_names_compare_without_regard_to_case() {
    let text = r#"{"SCHEMAS": ["urn:ietf:params:scim:schemas:core:2.0:user"], "ID": "9",
        "USERNAME": "Dee@Example.com", "DisplayName": "Dee", "EMAILS": [{"Value": "dee@example.com"}]}"#;
    let import = ImportFormat::Scim.import_strs(&[("u.json", text)]).unwrap();
    let dee = &import.document().individuals[0];
    assert_eq!(
        (dee.id.as_str(), dee.name.as_deref()),
        ("dee@example.com", Some("Dee"))
    );
    assert_eq!(dee.emails, ["dee@example.com"]);
}

#[test]
fn phone_numbers_are_kept_and_checked() {
    // Entra lists the work number, then the mobile one, neither primary.
    let doc = import(&ENTRA).into_document();
    let fay = doc
        .individuals
        .iter()
        .find(|i| i.phones.len() == 2)
        .expect("fay gives two numbers");
    assert_eq!(fay.phones, ["+49 30 1234567", "+49 151 2345678"]);
    // A number given twice is kept once; blanks around it are trimmed.
    let text = r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "9",
        "userName": "dee@example.com", "phoneNumbers": [{"value": " 555 0100 "}, {"value": "555 0100", "primary": true}]}"#;
    let import = ImportFormat::Scim.import_strs(&[("u.json", text)]).unwrap();
    assert_eq!(import.document().individuals[0].phones, ["555 0100"]);
    // One that breaks the rule is a problem at the resource.
    let text = r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "9",
        "userName": "dee@example.com",
        "phoneNumbers": [{"value": "ask the desk"}, {"value": 5551234}, "555"]}"#;
    assert_eq!(
        problems(&[("u.json", text)]),
        [
            "u.json:1: User \"9\": phoneNumbers[0].value: \"ask the desk\" is not a \
             phone number: it has no digit",
            "u.json:1: User \"9\": phoneNumbers[1].value is a number, not a string",
            "u.json:1: User \"9\": phoneNumbers[2] is a string, not an object",
        ]
    );
}

#[test]
fn copies_ids_and_references_are_checked() {
    let ann = user("", "1", "ann@example.com");
    let cases: Vec<(Vec<String>, &str)> = vec![
        // The same resource twice is read once; a differing copy is refused.
        (
            vec![ann.clone(), user(r#""title": "Boss","#, "1", "ann@example.com")],
            "a.json:2: Resources[1] User \"1\" differs from the copy at a.json:1",
        ),
        // Two users whose userNames differ only by case.
        (
            vec![ann.clone(), user("", "2", "ANN@example.com")],
            "a.json:2: Resources[1] User \"2\": its id \"ann@example.com\" is already that of \
             Resources[0] User \"1\" at a.json:1",
        ),
        (
            vec![user("", "1", "")],
            "a.json:1: Resources[0] User \"1\": the User has no userName",
        ),
        (
            vec![r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "x"}"#
                .to_owned()],
            "a.json:1: Resources[0] User: the resource has no id",
        ),
        (
            vec![r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": 7}"#
                .to_owned()],
            "a.json:1: Resources[0] User: id is a number, not a string",
        ),
        // Two groups whose names make the same id.
        (
            vec![
                r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "g1", "displayName": "Sales & Marketing"}"#.to_owned(),
                r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "g2", "displayName": "sales marketing"}"#.to_owned(),
            ],
            "a.json:2: Resources[1] Group \"g2\": its id \"group:sales-marketing\" is already \
             that of Resources[0] Group \"g1\" at a.json:1",
        ),
        (
            vec![r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "g1", "displayName": "!!"}"#.to_owned()],
            "a.json:1: Resources[0] Group \"g1\": displayName \"!!\" has no letter or digit to \
             make an id of",
        ),
        // A manager who is inactive.
        (
            vec![
                user(r#""active": false,"#, "1", "ann@example.com"),
                user(
                    r#""urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": "1"},"#,
                    "2",
                    "bo@example.com",
                ),
            ],
            "a.json:2: Resources[1] User \"2\": manager \"1\" is an inactive User (skipped)",
        ),
        (
            vec![user(
                r#""urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": 12},"#,
                "2",
                "bo@example.com",
            )],
            "a.json:1: Resources[0] User \"2\": manager is a number, not an object with a value",
        ),
        (
            vec![user(r#""name": "Bo Chen","#, "2", "bo@example.com")],
            "a.json:1: Resources[0] User \"2\": name is a string, not an object",
        ),
        (
            vec![r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "g1", "displayName": "G", "members": [{"value": "1", "type": "Device"}]}"#.to_owned()],
            "a.json:1: Resources[0] Group \"g1\": member \"1\" has the type \"Device\"; a member \
             is a User or a Group",
        ),
        (
            vec!["[]".to_owned()],
            "a.json:1: Resources[0]: a resource is a JSON object, not an array",
        ),
    ];
    for (resources, expected) in cases {
        let text = list(&resources);
        assert_eq!(problems(&[("a.json", &text)]), [expected], "{text}");
    }
    // A copy that agrees is skipped.
    let import = ImportFormat::Scim
        .import_strs(&[
            ("a.json", &list(std::slice::from_ref(&ann))),
            ("b.json", &ann),
        ])
        .unwrap();
    assert_eq!(
        skipped(&import),
        ["b.json:1: User \"1\": the same resource as a.json:1"]
    );
}

#[test]
fn files_that_are_not_exports() {
    let cases: [(&str, &str); 5] = [
        ("", "a.json:1: malformed JSON: EOF while parsing a value"),
        (
            "\"users\"",
            "a.json:1: a SCIM file holds a ListResponse, a resource (a JSON object) or an array of resources",
        ),
        (
            r#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "401", "detail": "Invalid token"}"#,
            "a.json:1: the file is a SCIM error response, not resources (status 401) (detail Invalid token)",
        ),
        (
            r#"{"Resources": {"id": "1"}}"#,
            "a.json:1: Resources is not an array of resources",
        ),
        (
            "{\n\"Resources\": [\n{\"id\": \"1\"}\n] x",
            "a.json:4: malformed JSON (column 3): expected `,` or `}`",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(problems(&[("a.json", text)]), [expected], "{text}");
    }
}

#[test]
fn a_group_in_two_groups_has_no_parent() {
    let group = |id: &str, name: &str, members: &str| {
        format!(
            r#"{{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "{id}", "displayName": "{name}", "members": [{members}]}}"#
        )
    };
    let text = list(&[
        user("", "1", "ann@example.com"),
        group("g1", "Inner", r#"{"value": "1"}"#),
        group("g2", "Outer A", r#"{"value": "g1", "type": "Group"}"#),
        group("g3", "Outer B", r#"{"value": "g1"}"#),
    ]);
    let import = ImportFormat::Scim
        .import_strs(&[("a.json", &text)])
        .unwrap();
    let doc = import.document();
    let inner = doc
        .organisations
        .iter()
        .find(|o| o.id == "group:inner")
        .unwrap();
    assert_eq!(inner.parent, None);
    assert_eq!(doc.memberships.len(), 1);
}

#[cfg(feature = "cli")]
mod cli {
    use crate::util::cli::{stderr, stdout, svcrel, svcrel_bytes};

    use super::{ENTRA, OKTA, fixture};

    fn import(files: &[&str], flags: &[&str]) -> std::process::Output {
        let paths: Vec<String> = files
            .iter()
            .map(|f| fixture(f).display().to_string())
            .collect();
        let mut args = vec!["import", "scim"];
        args.extend(flags);
        args.extend(paths.iter().map(String::as_str));
        svcrel(&args, None)
    }

    #[test]
    fn the_output_and_the_summary() {
        let out = import(&OKTA, &[]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(
            stdout(&out),
            std::fs::read_to_string(fixture("okta/expected.json")).unwrap()
        );
        assert_eq!(
            stderr(&out).lines().next(),
            Some("scim: read 7 records from 2 files: 6 mapped, 1 skipped (--verbose lists them)")
        );
        let check = svcrel_bytes(&["check", "--model", "-"], Some(&out.stdout));
        assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));

        let out = import(&ENTRA, &["--verbose"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("  skipped "), "{err}");
        assert!(err.contains("inactive (\"active\": false)"), "{err}");
    }

    #[test]
    fn problems_exit_1_one_per_line() {
        let out = import(&["bad/dangling.json"], &[]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(stdout(&out), "");
        let file = fixture("bad/dangling.json").display().to_string();
        assert_eq!(
            stderr(&out),
            format!(
                "{file}:2: [0] User \"u-10\": manager \"u-99\" is not a User in the files\n\
                 {file}:10: [1] Group \"g-10\": member \"u-98\" is not a User in the files\n"
            )
        );
    }
}

#[test]
fn a_lenient_import_of_a_directory_with_missing_managers() {
    let lenient = svcrel::ImportOptions::new().missing_references(svcrel::MissingReferences::Skip);
    let files = [fixture("okta/users.json"), fixture("bad/dangling.json")];
    assert!(ImportFormat::Scim.import_files(&files).is_err());
    let import = ImportFormat::Scim
        .import_files_with(&files, &lenient)
        .expect("a lenient import");
    let dangling = fixture("bad/dangling.json").display().to_string();
    let left_out: Vec<String> = import.left_out().iter().map(|l| l.to_string()).collect();
    assert_eq!(
        left_out,
        [
            format!("{dangling}:2: [0] User \"u-10\": manager \"u-99\" is not a User in the files"),
            format!(
                "{dangling}:10: [1] Group \"g-10\": member \"u-98\" is not a User in the files"
            ),
        ]
    );
    let doc = import.document();
    let ivy = doc.individuals.iter().find(|i| i.id == "ivy@example.com");
    assert!(ivy.is_some());
    assert!(
        !doc.reporting
            .iter()
            .any(|r| r.individual == "ivy@example.com")
    );
    let finance: Vec<&str> = doc
        .memberships
        .iter()
        .filter(|m| m.organisation == "group:finance")
        .map(|m| m.individual.as_str())
        .collect();
    assert_eq!(finance, ["ivy@example.com"]);
    let model = Model::from_document(doc).unwrap();
    assert_eq!(
        found(&model, "scim:u-10"),
        Some(("ivy@example.com".to_owned(), Match::ExternalId))
    );
}
