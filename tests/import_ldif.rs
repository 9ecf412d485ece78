//! The LDIF importer: an OpenLDAP and an Active Directory export turned
//! into a model, a person found by email and triaged end to end;
//! malformed LDIF and dangling references reported all at once, naming
//! the file, the line and the entry's DN.

#![cfg(feature = "ldif")]

mod util;

use std::path::{Path, PathBuf};

use svcrel::{Answer, Funding, Import, ImportFormat, Match, Model, Payment, Question, Service};
use util::imports::{import_problems, skipped};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/ldif")
        .join(name)
}

const OPENLDAP: &str = "openldap/directory.ldif";
const AD: &str = "ad/export.ldif";

fn import(files: &[&str]) -> Import {
    ImportFormat::Ldif
        .import_files(files.iter().map(|f| fixture(f)))
        .expect("the fixtures import")
}

/// The problems of importing inline files.
fn problems(files: &[(&str, &str)]) -> Vec<String> {
    import_problems(&ImportFormat::Ldif.import_strs(files).unwrap_err())
}

fn found(model: &Model, text: &str) -> Option<(String, Match)> {
    let Answer::Find(a) = model.ask(&Question::find(text).into()).unwrap() else {
        unreachable!()
    };
    a.found.map(|c| (c.id, c.matched))
}

#[test]
fn the_openldap_export_maps_as_documented() {
    let import = import(&[OPENLDAP]);
    assert_eq!((import.records_read(), import.records_mapped()), (9, 9));
    let doc = import.document();
    let org = |id: &str| doc.organisations.iter().find(|o| o.id == id).unwrap();
    // The domain, named by its entry's o; organisational units below it.
    assert_eq!(org("example.org").name.as_deref(), Some("Example Org"));
    assert_eq!(org("example.org").external_ids["ldap"], "dc=example,dc=org");
    let engineering = org("example.org/people/engineering");
    assert_eq!(engineering.name.as_deref(), Some("Engineering"));
    assert_eq!(
        engineering.parent.as_ref().map(|p| p.as_str()),
        Some("example.org/people")
    );
    // A departmentNumber is an organisation below the nearest unit.
    let platform = org("example.org/people/engineering/platform");
    assert_eq!(
        platform.parent.as_ref().map(|p| p.as_str()),
        Some("example.org/people/engineering")
    );
    let person = |id: &str| doc.individuals.iter().find(|i| i.id == id).unwrap();
    // cn given in base64, folded manager DN, entryUUID in lower case.
    let zoe = person("zoe");
    assert_eq!(zoe.name.as_deref(), Some("Zoë Ångström"));
    assert_eq!(
        zoe.external_ids["ldap-uuid"],
        "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"
    );
    let ann = person("ann");
    assert_eq!(ann.emails, ["ann@example.org", "ann.lee@example.net"]);
    assert_eq!(ann.phones, ["+1 555 0100"]);
    assert_eq!(
        ann.external_ids["ldap"],
        "uid=ann,ou=Engineering,ou=People,dc=example,dc=org"
    );
    let membership = |who: &str| {
        doc.memberships
            .iter()
            .filter(|m| m.individual == who)
            .map(|m| (m.organisation.as_str(), m.title.as_deref()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        membership("zoe"),
        [
            (
                "example.org/people/engineering/platform",
                Some("Site Reliability Engineer")
            ),
            ("group:sre-on-call", None)
        ]
    );
    assert_eq!(
        membership("raj"),
        [
            ("example.org/people", Some("Service Desk Analyst")),
            ("group:staff", None)
        ]
    );
    // Both managers are ann, the second DN written in another case with
    // spaces; a member group's parent is the group it is in; the empty
    // placeholder member is no member.
    let reporting: Vec<(&str, &str)> = doc
        .reporting
        .iter()
        .map(|r| (r.individual.as_str(), r.manager.as_str()))
        .collect();
    assert_eq!(reporting, [("zoe", "ann"), ("raj", "ann")]);
    assert_eq!(
        org("group:sre-on-call").parent.as_ref().map(|p| p.as_str()),
        Some("group:staff")
    );
}

#[test]
fn a_person_is_found_by_email_and_triaged() {
    let mut doc = import(&[OPENLDAP]).into_document();
    // A directory holds no service: one run by engineering and paid for by
    // the organisation.
    doc.services.push(Service {
        name: Some("Laptops".into()),
        ..Service::new("laptops", "example.org/people/engineering")
    });
    doc.funding
        .push(Funding::new("example.org", "laptops", Payment::Allocation));
    let model = Model::from_document(&doc).unwrap();
    assert_eq!(
        found(&model, "ann.lee@example.net"),
        Some(("ann".to_owned(), Match::Email))
    );
    assert_eq!(
        found(&model, "ldap-uuid:6f1a2b3c-0d4e-4f5a-8b6c-7d8e9f0a1b2c"),
        Some(("ann".to_owned(), Match::ExternalId))
    );
    let Answer::Triage(t) = model
        .ask(&Question::triage("RAJ@example.org", "laptops").into())
        .unwrap()
    else {
        unreachable!()
    };
    assert_eq!((t.party.as_str(), t.matched), ("raj", Some(Match::Email)));
    // Raj is a member of People, one step below the payer.
    assert_eq!(t.payer.as_deref(), Some("example.org"));
    assert_eq!(t.via.as_deref(), Some("example.org/people"));
    assert_eq!(t.steps, Some(2), "{t:?}");
}

#[test]
fn the_active_directory_export_maps_as_documented() {
    let import = import(&[AD]);
    assert_eq!((import.records_read(), import.records_mapped()), (12, 8));
    assert_eq!(
        skipped(&import),
        [
            "export.ldif:8: entry \"CN=Users,DC=corp,DC=example,DC=com\": not a person, group \
             or organisational unit",
            "export.ldif:77: entry \"CN=Old Hand,OU=Sales,OU=Staff,DC=corp,DC=example,DC=com\": \
             a disabled account (userAccountControl 514 has 0x2 set)",
            "export.ldif:87: entry \"CN=WS-0042,OU=Staff,DC=corp,DC=example,DC=com\": a \
             computer account, not a person",
            "export.ldif:115: search result: ldapsearch's summary of the search, not an entry",
        ]
    );
    let doc = import.document();
    let person = |id: &str| doc.individuals.iter().find(|i| i.id == id).unwrap();
    let dana = person("dreyes");
    // mail, then SMTP: (a repeat, left out), then smtp:; X500: is not mail.
    assert_eq!(
        dana.emails,
        ["Dana.Reyes@example.com", "dana@corp.example.com"]
    );
    // telephoneNumber (a repeat given once), then mobile.
    assert_eq!(dana.phones, ["+1 555 0142", "+1 555 0199"]);
    assert_eq!(
        dana.external_ids["ad-guid"],
        "a1b2c3d4-e5f6-4a5b-9c8d-0e1f2a3b4c5d"
    );
    // No mail: the primary proxy address first, its lower-case copy once.
    assert_eq!(person("enovak").emails, ["eli.novak@example.com"]);
    let membership = |who: &str| {
        doc.memberships
            .iter()
            .filter(|m| m.individual == who)
            .map(|m| m.organisation.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        membership("enovak"),
        [
            "corp.example.com/staff/sales/field-sales",
            "group:sales-team"
        ]
    );
    // Under CN=Users, a container: a member of the domain.
    assert_eq!(membership("slee"), ["corp.example.com", "group:all-staff"]);
    // The disabled account and the computer are dropped from the group.
    let sales_team: Vec<&str> = doc
        .memberships
        .iter()
        .filter(|m| m.organisation == "group:sales-team")
        .map(|m| m.individual.as_str())
        .collect();
    assert_eq!(sales_team, ["enovak"]);

    let model = Model::from_document(doc).unwrap();
    assert_eq!(
        found(&model, "ad-guid:0f9e8d7c-6b5a-4948-8372-6150403f2e1d"),
        Some(("enovak".to_owned(), Match::ExternalId))
    );
    assert_eq!(
        found(&model, "ELI.NOVAK@example.com"),
        Some(("enovak".to_owned(), Match::Email))
    );
    assert_eq!(
        model.top("enovak", None),
        ["corp.example.com", "group:all-staff"]
    );
}

#[test]
fn every_problem_is_reported_at_once_naming_file_line_and_dn() {
    let a = "\
dn: uid=a,ou=People,dc=x,dc=org
objectClass: inetOrgPerson
uid: a
mail: not an address
manager: uid=nobody,dc=x,dc=org

dn: cn=g,dc=x,dc=org
objectClass: groupOfNames
cn: G
member: uid=ghost,dc=x,dc=org
member: uid=a,ou=People,dc=x,dc=org
";
    let b = "\
dn: cn=p,dc=x,dc=org
objectClass: posixGroup
cn: P
memberUid: nobody

dn: uid=b,dc=x,dc=org
objectClass: person
cn: No Id
objectGUID:: AAEC
";
    assert_eq!(
        problems(&[("a.ldif", a), ("b.ldif", b)]),
        [
            "a.ldif:1: entry \"uid=a,ou=People,dc=x,dc=org\": mail: \"not an address\" is not \
             an email address",
            "a.ldif:1: entry \"uid=a,ou=People,dc=x,dc=org\": manager \"uid=nobody,dc=x,dc=org\" \
             is not an entry in the files",
            "a.ldif:7: entry \"cn=g,dc=x,dc=org\": member \"uid=ghost,dc=x,dc=org\" is not an \
             entry in the files",
            "b.ldif:1: entry \"cn=p,dc=x,dc=org\": memberUid \"nobody\" is not the uid of a \
             person in the files",
            "b.ldif:6: entry \"uid=b,dc=x,dc=org\": the person has no uid, sAMAccountName, \
             userPrincipalName or mail to make an id of",
        ]
    );
}

#[test]
fn malformed_ldif() {
    let person = "objectClass: person\nuid: a\n";
    let cases: Vec<(String, &str)> = vec![
        (
            format!("dn: uid=a,dc=x\ncn:: ###\n{person}"),
            "a.ldif:2: entry \"uid=a,dc=x\": cn:: the value is not base64 (Invalid symbol 35, \
             offset 0.)",
        ),
        (
            format!("objectClass: person\n{person}"),
            "a.ldif:1: a record starts with dn:, not with \"objectClass:\"",
        ),
        (
            format!(" uid=a\ndn: uid=a,dc=x\n{person}"),
            "a.ldif:1: a continuation line (one starting with a space) with no line before it \
             to continue",
        ),
        (
            format!("dn: uid=a,dc=x\njpegPhoto:< file:///tmp/a.jpg\n{person}"),
            "a.ldif:2: entry \"uid=a,dc=x\": jpegPhoto:< values by URL are not read",
        ),
        (
            format!("dn: uid=a,dc=x\n{person}cn:: /w==\n"),
            "a.ldif:4: entry \"uid=a,dc=x\": cn:: the base64 value is not UTF-8 text",
        ),
        (
            format!("dn: uid=a,,dc=x\n{person}"),
            "a.ldif:1: entry \"uid=a,,dc=x\": the DN is malformed: an empty RDN at byte 6",
        ),
        (
            format!("dn: uid=a,dc=x\n{person}userAccountControl: lots\n"),
            "a.ldif:1: entry \"uid=a,dc=x\": userAccountControl \"lots\" is not a number",
        ),
        (
            format!("dn: uid=a,dc=x\n{person}\ndn: uid=a, DC=X\n{person}title: Boss\n"),
            "a.ldif:5: entry \"uid=a, DC=X\" differs from the copy at a.ldif:1",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(problems(&[("a.ldif", &text)]), [expected], "{text}");
    }
}

#[test]
fn folding_base64_comments_and_change_records() {
    let text = "version: 1\r\n\
# a comment that is\r\n  folded\r\n\
dn: uid=zo\r\n e,dc=example,dc=org\r\n\
objectClass: inetOrgPerson\r\n\
uid: zoe\r\n\
cn:: Wm/DqyDDhW5nc3R\r\n yw7Zt\r\n\
mail: zoe@exam\r\n ple.org\r\n\
\r\n\r\n\
dn: uid=zoe,dc=example,dc=org\r\n\
changetype: modify\r\n\
replace: mail\r\n\
mail: zoe@example.net\r\n\
-\r\n\
\r\n\
dn: uid=zoe,dc=example,dc=org\r\n\
objectClass: inetOrgPerson\r\n\
uid: zoe\r\n\
cn: Zoë Ångström\r\n\
mail: zoe@example.org\r\n";
    let import = ImportFormat::Ldif.import_strs(&[("a.ldif", text)]).unwrap();
    let zoe = &import.document().individuals[0];
    assert_eq!(zoe.name.as_deref(), Some("Zoë Ångström"));
    assert_eq!(zoe.emails, ["zoe@example.org"]);
    assert_eq!(zoe.external_ids["ldap"], "uid=zoe,dc=example,dc=org");
    assert_eq!(
        skipped(&import),
        [
            "a.ldif:14: entry \"uid=zoe,dc=example,dc=org\": a change record (changetype: \
             \"modify\"), not content",
            "a.ldif:20: entry \"uid=zoe,dc=example,dc=org\": the same entry as a.ldif:4",
        ]
    );
}

#[test]
fn hostile_inputs_import_or_fail_without_panicking() {
    // A DN of 200,000 RDNs.
    let deep = format!(
        "dn: {}dc=org\nobjectClass: person\nuid: a\n",
        "ou=x,".repeat(200_000)
    );
    let lines = problems(&[("a.ldif", &deep)]);
    assert_eq!(lines.len(), 1);
    assert!(lines[0].contains("more than 64 RDNs"), "{}", lines[0]);
    assert!(lines[0].len() < 400, "{}", lines[0].len());
    // A value of 2 MB, folded into lines of 76 characters.
    let mut text = String::from("dn: uid=a,dc=example,dc=org\nobjectClass: person\nuid: a\ncn: ");
    for _ in 0..(2 << 20) / 76 {
        text.push_str(&"z".repeat(75));
        text.push_str("\n ");
    }
    text.push_str("end\n");
    let import = ImportFormat::Ldif
        .import_strs(&[("a.ldif", &text)])
        .unwrap();
    let name = import.document().individuals[0].name.as_deref().unwrap();
    assert!(name.len() > 2_000_000 && name.ends_with("zend"));
}

#[test]
fn a_lenient_import_leaves_out_managers_and_members_not_exported() {
    let a = "\
dn: uid=a,ou=People,dc=x,dc=org
objectClass: inetOrgPerson
uid: a
mail: a@x.org
manager: uid=nobody,dc=x,dc=org

dn: cn=g,dc=x,dc=org
objectClass: groupOfNames
cn: G
member: uid=ghost,dc=x,dc=org
member: uid=a,ou=People,dc=x,dc=org
";
    let lenient = svcrel::ImportOptions::new().missing_references(svcrel::MissingReferences::Skip);
    let import = ImportFormat::Ldif
        .import_strs_with(&[("a.ldif", a)], &lenient)
        .expect("a lenient import");
    let left_out: Vec<String> = import.left_out().iter().map(|l| l.to_string()).collect();
    assert_eq!(
        left_out,
        [
            "a.ldif:1: entry \"uid=a,ou=People,dc=x,dc=org\": manager \"uid=nobody,dc=x,dc=org\" \
             is not an entry in the files",
            "a.ldif:7: entry \"cn=g,dc=x,dc=org\": member \"uid=ghost,dc=x,dc=org\" is not an \
             entry in the files",
        ]
    );
    let doc = import.document();
    assert!(doc.reporting.is_empty());
    let groups: Vec<(&str, &str)> = doc
        .memberships
        .iter()
        .map(|m| (m.individual.as_str(), m.organisation.as_str()))
        .filter(|(_, o)| o.starts_with("group:"))
        .collect();
    assert_eq!(groups, [("a", "group:g")]);
    let model = Model::from_document(doc).unwrap();
    assert_eq!(
        found(&model, "A@x.org"),
        Some(("a".to_owned(), Match::Email))
    );
}
