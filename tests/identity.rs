//! Parties as tickets know them: emails, external ids and mail domains in
//! the document, checked, kept through edits and round trips, and used to
//! find a party in every question that takes one.

mod util;

use serde_json::Value;
use svcrel::{
    Answer, ContactRole, Document, Edit, EmailPolicy, ErrorKind, Individual, Match, Model,
    ProblemKind, Question, Removal, Section,
};
use util::TempFile;
use util::cli::{assert_usage_error_naming, json_answer, stdout, svcrel};

const DIRECTORY: &str = include_str!("fixtures/identity/directory.json");
const DIRECTORY_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/identity/directory.json"
);

fn directory() -> Model {
    Model::from_json_str(DIRECTORY).expect("the directory is valid")
}

fn found(model: &Model, text: &str) -> (Option<(String, Match)>, Vec<String>) {
    let Answer::Find(a) = model.ask(&Question::find(text).into()).expect("answered") else {
        unreachable!()
    };
    (
        a.found.map(|c| (c.id, c.matched)),
        a.candidates.into_iter().map(|c| c.id).collect(),
    )
}

#[test]
fn identities_load_and_round_trip() {
    let doc = Document::from_json_str(DIRECTORY).unwrap();
    let model = Model::from_document(&doc).unwrap();
    assert_eq!(model.to_document(), doc);
    let ann = model.entity("ann").unwrap();
    assert_eq!(ann.email(), Some("Ann.Lee@acme.example"));
    assert_eq!(
        ann.external_ids().collect::<Vec<_>>(),
        [("itop", "12"), ("scim", "2819c223")]
    );
    assert_eq!(
        model.entity("acme").unwrap().email_domains(),
        ["acme.example", "acme-corp.example"]
    );
    // Written out and read again: the same JSON.
    let json = serde_json::to_string(&model.to_document()).unwrap();
    assert_eq!(Document::from_json_str(&json).unwrap(), doc);
    assert!(!json.contains("email_policy"), "the default is not written");
}

#[test]
fn malformed_identities_are_each_a_problem() {
    let json = r#"{"version": 1,
        "organisations": [{"id": "acme", "emails": ["desk@acme.example"], "email_domains": ["acme..example"], "external_ids": {"": "3"}}],
        "individuals": [
            {"id": "ann", "emails": ["not an address", "ann\u202e@acme.example"]},
            {"id": "bob", "emails": ["DESK@acme.example"]},
            {"id": "cy", "emails": 7}
        ]}"#;
    let err = Model::from_json_str(json).unwrap_err();
    let got: Vec<(Section, Option<usize>, Option<&str>, ProblemKind)> = err
        .problems()
        .iter()
        .map(|p| (p.section(), p.index(), p.field(), p.kind()))
        .collect();
    assert_eq!(
        got,
        [
            (
                Section::Organisations,
                Some(0),
                Some("email_domains"),
                ProblemKind::BadEmail
            ),
            (
                Section::Organisations,
                Some(0),
                Some("external_ids"),
                ProblemKind::BadExternalId
            ),
            (
                Section::Individuals,
                Some(0),
                Some("emails"),
                ProblemKind::BadEmail
            ),
            (
                Section::Individuals,
                Some(0),
                Some("emails"),
                ProblemKind::BadEmail
            ),
            (
                Section::Individuals,
                Some(1),
                Some("emails"),
                ProblemKind::DuplicateEmail
            ),
            (
                Section::Individuals,
                Some(2),
                Some("emails"),
                ProblemKind::WrongType
            ),
        ],
        "{err}"
    );
    assert!(
        err.problems()[3]
            .to_string()
            .contains(r#"ann\u{202e}@acme.example"#),
        "{}",
        err.problems()[3]
    );
    let duplicate = &err.problems()[4];
    // A malformed address of any length is shown by its start alone.
    let long = format!(
        r#"{{"version": 1, "individuals": [{{"id": "a", "emails": ["{}"]}}]}}"#,
        "x".repeat(100_000)
    );
    let err = Model::from_json_str(&long).unwrap_err();
    let message = err.problems()[0].to_string();
    assert!(message.len() < 300, "{} bytes", message.len());
    assert!(
        message.contains(r#"xxx"… is not an email address"#),
        "{message}"
    );
    assert_eq!(duplicate.id(), Some("bob"));
    assert!(
        duplicate
            .to_string()
            .contains(r#"already an email of "acme""#)
    );
    assert!(
        duplicate
            .to_string()
            .contains(r#""email_policy": "shared""#)
    );
}

#[test]
fn a_shared_email_is_allowed_on_purpose_and_found_as_every_party() {
    let json = r#"{"version": 1, "email_policy": "shared",
        "individuals": [
            {"id": "ann-at-acme", "emails": ["ann@home.example"]},
            {"id": "ann-at-initech", "emails": ["Ann@home.example"]}
        ]}"#;
    let model = Model::from_json_str(json).unwrap();
    assert_eq!(model.to_document().email_policy, EmailPolicy::Shared);
    let (one, all) = found(&model, "ann@home.example");
    assert_eq!(one, None);
    assert_eq!(all, ["ann-at-acme", "ann-at-initech"]);
    // A question about such a party is refused, naming both.
    let err = model
        .ask(&Question::relation("ann@home.example", "x").into())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidQuestion);
    assert!(
        err.to_string().contains("ann-at-acme, ann-at-initech"),
        "{err}"
    );
    let err = Model::from_json_str(r#"{"version": 1, "email_policy": "loose"}"#).unwrap_err();
    assert_eq!(err.problems()[0].field(), Some("email_policy"));
    assert!(err.to_string().contains(r#""unique" or "shared""#), "{err}");
}

#[test]
fn find_names_a_party_by_email_external_id_or_mail_domain() {
    let model = directory();
    let cases = [
        ("ann.lee@ACME.example", "ann", Match::Email),
        ("ann@acme-corp.example", "ann", Match::Email),
        ("scim:2819c223", "ann", Match::ExternalId),
        ("itop:3", "acme", Match::ExternalId),
        ("it-desk@acme.example", "acme", Match::Email),
        ("carol@acme.example", "acme", Match::MailDomain),
        ("bob", "bob", Match::Id),
    ];
    for (text, id, how) in cases {
        assert_eq!(found(&model, text).0, Some((id.to_owned(), how)), "{text}");
    }
    // An address at no known domain, a system no party has an id in.
    assert_eq!(found(&model, "carol@elsewhere.example").0, None);
    assert_eq!(found(&model, "ldap:12").0, None);
}

#[test]
fn relation_and_triage_take_an_email() {
    let model = directory();
    let Answer::Triage(t) = model
        .ask(&Question::triage("BOB@acme.example", "crm").into())
        .unwrap()
    else {
        unreachable!()
    };
    assert_eq!((t.party.as_str(), t.matched), ("bob", Some(Match::Email)));
    assert_eq!(t.payer.as_deref(), Some("acme-sales"));
    // By id, nothing says how: the field is left out.
    let Answer::Relation(r) = model.ask(&Question::relation("bob", "crm").into()).unwrap() else {
        unreachable!()
    };
    assert_eq!(r.matched, None);
    assert!(!serde_json::to_string(&r).unwrap().contains("matched"));
    // An unknown address at no known domain is an unknown id.
    let err = model
        .ask(&Question::triage("carol@elsewhere.example", "crm").into())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownId);
}

#[test]
fn the_command_line_takes_an_email_for_a_party() {
    let out = svcrel(
        &[
            "triage",
            "carol@acme.example",
            "crm",
            "--model",
            DIRECTORY_PATH,
        ],
        None,
    );
    assert!(out.status.success());
    assert!(
        stdout(&out).contains(
            "a ticket from Acme Corp (acme), the organisation of the\naddress's mail domain"
        ),
        "{}",
        stdout(&out)
    );
    let out = svcrel(
        &[
            "relation",
            "ann.lee@acme.example",
            "crm",
            "--model",
            DIRECTORY_PATH,
            "--json",
        ],
        None,
    );
    let answer: Value = json_answer(&out);
    assert_eq!(answer["party"], "ann");
    assert_eq!(answer["matched"], "email");

    let shared = TempFile::new(
        "shared-email",
        r#"{"version": 1, "email_policy": "shared",
            "individuals": [{"id": "a1", "emails": ["a@x.example"]}, {"id": "a2", "emails": ["a@x.example"]}],
            "services": [{"id": "s", "provider": "a1"}]}"#,
    );
    let out = svcrel(
        &["triage", "a@x.example", "s", "--model", shared.path()],
        None,
    );
    assert_usage_error_naming(&out, &["a@x.example", "a1, a2"]);
}

#[test]
fn edits_check_and_keep_identities() {
    let mut model = directory();
    let dup = Individual {
        emails: vec!["bob@ACME.example".into()],
        ..Individual::new("bob2")
    };
    let err = model
        .apply(&[Edit::AddIndividual(dup.clone())])
        .unwrap_err();
    assert_eq!(err.problems()[0].kind(), ProblemKind::DuplicateEmail);
    assert_eq!(err.problems()[0].edit(), Some(0));
    let bad = Individual {
        emails: vec!["nobody".into()],
        ..Individual::new("cy")
    };
    let err = model.apply(&[Edit::AddIndividual(bad)]).unwrap_err();
    assert_eq!(err.problems()[0].kind(), ProblemKind::BadEmail);
    // Once bob is gone, his address is free.
    model
        .apply(&[
            Edit::RemoveEntity {
                id: "bob".into(),
                removal: Removal::WithLinks,
            },
            Edit::AddIndividual(dup),
        ])
        .unwrap();
    assert_eq!(found(&model, "bob@acme.example").0.unwrap().0, "bob2");
    let doc = model.to_document();
    let bob2 = doc.individuals.iter().find(|p| p.id == "bob2").unwrap();
    assert_eq!(bob2.emails, ["bob@ACME.example"]);
}

#[test]
fn notify_names_people_to_write_to() {
    let model = directory();
    let Answer::Triage(t) = model.ask(&Question::triage("ann", "crm").into()).unwrap() else {
        unreachable!()
    };
    let sponsor = &t.contacts[..];
    assert_eq!(sponsor.len(), 1);
    assert_eq!(
        (
            sponsor[0].id.as_str(),
            sponsor[0].email.as_deref(),
            sponsor[0].role
        ),
        ("bob", Some("bob@acme.example"), ContactRole::Party)
    );
    let Answer::Impact(i) = model.ask(&Question::impact("crm").into()).unwrap() else {
        unreachable!()
    };
    let contacts: Vec<(&str, &str, Option<&str>, ContactRole)> = i
        .contacts
        .as_ref()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c.reaches.as_str(),
                c.id.as_str(),
                c.email.as_deref(),
                c.role,
            )
        })
        .collect();
    assert_eq!(
        contacts,
        [
            (
                "acme",
                "acme",
                Some("it-desk@acme.example"),
                ContactRole::Party
            ),
            (
                "acme-sales",
                "bob",
                Some("bob@acme.example"),
                ContactRole::Approver
            ),
            (
                "acme-sales",
                "ann",
                Some("Ann.Lee@acme.example"),
                ContactRole::Head
            ),
            ("bob", "bob", Some("bob@acme.example"), ContactRole::Party),
        ]
    );
    // Summaries leave the lists out.
    let Answer::Impact(i) = model
        .ask(&Question::impact("crm").summary().into())
        .unwrap()
    else {
        unreachable!()
    };
    assert!(i.contacts.is_none());
}

#[test]
fn an_organisation_with_nobody_to_write_to_says_so() {
    let model = Model::from_json_str(
        r#"{"version": 1,
            "organisations": [{"id": "it"}, {"id": "quiet", "name": "Quiet Ltd"}],
            "services": [{"id": "mail", "provider": "it"}],
            "funding": [{"payer": "quiet", "service": "mail", "payment": "cash"}]}"#,
    )
    .unwrap();
    let Answer::Impact(i) = model.ask(&Question::impact("mail").into()).unwrap() else {
        unreachable!()
    };
    let contacts = i.contacts.unwrap();
    let quiet = contacts.iter().find(|c| c.reaches == "quiet").unwrap();
    assert_eq!(
        (quiet.id.as_str(), quiet.email.as_deref(), quiet.role),
        ("quiet", None, ContactRole::NoContact)
    );
    let json = serde_json::to_value(quiet).unwrap();
    assert_eq!(json["role"], "no_contact");
}

#[test]
fn the_command_line_writes_contacts_with_their_emails() {
    let triage = svcrel(&["triage", "ann", "crm", "--model", DIRECTORY_PATH], None);
    assert!(
        stdout(&triage).contains("notify    Bob Roy (bob) <bob@acme.example>"),
        "{}",
        stdout(&triage)
    );
    let impact = stdout(&svcrel(&["impact", "crm", "--model", DIRECTORY_PATH], None));
    assert!(
        impact.contains("Write to:\n  Acme Corp (acme) <it-desk@acme.example>\n"),
        "{impact}"
    );
    assert!(
        impact.contains(
            "  Ann Lee (ann) <Ann.Lee@acme.example>, a head of Acme Sales (acme-sales)\n"
        ),
        "{impact}"
    );
}
