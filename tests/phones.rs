//! Parties' phone numbers: free text checked by one rule, kept through
//! edits and round trips, and given with each contact to write to.

mod util;

use svcrel::{
    Answer, ContactRole, Document, Edit, Individual, Model, Organisation, ProblemKind, Question,
    Section,
};
use util::TempFile;
use util::cli::{stdout, svcrel};

const DIRECTORY: &str = r#"{
  "version": 1,
  "organisations": [
    {"id": "acme", "name": "Acme Corp", "emails": ["it-desk@acme.example"], "phones": ["+44 20 7946 0000"]},
    {"id": "acme-sales", "name": "Acme Sales", "parent": "acme", "phones": ["+44 20 7946 0000"]}
  ],
  "individuals": [
    {"id": "ann", "name": "Ann Lee", "emails": ["ann@acme.example"], "phones": ["+33 1 23 45 67 89", "(555) 010-0199 ext. 12"]},
    {"id": "bob", "name": "Bob Roy", "phones": ["+44 20 7946 0000"]}
  ],
  "services": [{"id": "crm", "name": "CRM", "provider": "acme"}],
  "memberships": [{"individual": "ann", "organisation": "acme-sales"}, {"individual": "bob", "organisation": "acme-sales"}],
  "reporting": [{"individual": "bob", "manager": "ann"}],
  "funding": [{"payer": "acme-sales", "service": "crm", "payment": "chargeback", "approved_by": ["bob"]}],
  "usage": [{"user": "acme-sales", "service": "crm"}]
}"#;

fn directory() -> Model {
    Model::from_json_str(DIRECTORY).expect("the directory is valid")
}

/// The problems of a document whose individual `ann` gives `phones`, as
/// (field, kind, message).
fn phone_problems(phones: &[&str]) -> Vec<(String, ProblemKind, String)> {
    let doc = Document {
        individuals: vec![Individual {
            phones: phones.iter().map(|p| (*p).to_owned()).collect(),
            ..Individual::new("ann")
        }],
        ..Document::default()
    };
    match Model::from_document(&doc) {
        Ok(_) => Vec::new(),
        Err(err) => err
            .problems()
            .iter()
            .map(|p| {
                assert_eq!(p.section(), Section::Individuals);
                assert_eq!(p.index(), Some(0));
                assert_eq!(p.id(), Some("ann"));
                (
                    p.field().unwrap_or_default().to_owned(),
                    p.kind(),
                    p.to_string(),
                )
            })
            .collect(),
    }
}

#[test]
fn numbers_as_directories_write_them_are_good() {
    let good = [
        "+33 1 23 45 67 89",
        "(555) 010-0199 ext. 12",
        "0",
        "+1-800-FLOWERS (1)",
        "☎ 112",
        &"1".repeat(64),
    ];
    assert_eq!(phone_problems(&good), []);
    // Two parties may give one number: a switchboard is shared.
    let model = directory();
    assert_eq!(model.entity("acme").unwrap().phones(), ["+44 20 7946 0000"]);
    assert_eq!(
        model.entity("bob").unwrap().phone(),
        Some("+44 20 7946 0000")
    );
}

#[test]
fn a_bad_number_is_a_problem_at_its_index() {
    let got = phone_problems(&[
        "+33 1 23 45 67 89",
        "",
        " 555 0199",
        "ext. twelve",
        &"9".repeat(65),
        "555\u{202e}0199",
        "555\n0199",
    ]);
    let fields: Vec<(&str, ProblemKind)> = got.iter().map(|(f, k, _)| (f.as_str(), *k)).collect();
    assert_eq!(
        fields,
        [
            ("phones[1]", ProblemKind::BadPhone),
            ("phones[2]", ProblemKind::BadPhone),
            ("phones[3]", ProblemKind::BadPhone),
            ("phones[4]", ProblemKind::BadPhone),
            ("phones[5]", ProblemKind::BadPhone),
            ("phones[6]", ProblemKind::BadPhone),
        ]
    );
    let messages: Vec<&str> = got.iter().map(|(_, _, m)| m.as_str()).collect();
    assert_eq!(
        messages[0],
        r#"individuals[0].phones[1]: "" is not a phone number: it is empty"#
    );
    // The controls are escaped, never written as they are.
    assert!(
        messages[4].contains(r#""555\u{202e}0199""#),
        "{}",
        messages[4]
    );
    assert!(messages[5].contains(r#""555\n0199""#), "{}", messages[5]);
}

#[test]
fn a_bad_number_is_named_in_words() {
    let got = phone_problems(&["", " 555 0199", "ext. twelve", &"9".repeat(65)]);
    let ends: Vec<&str> = got
        .iter()
        .map(|(_, _, m)| m.split(" is not a phone number: ").nth(1).unwrap())
        .collect();
    assert_eq!(
        ends,
        [
            "it is empty",
            "it has white space before or after it",
            "it has no digit",
            "it is longer than 64 characters",
        ]
    );
    assert!(got[0].2.contains("phones[0]"), "{}", got[0].2);
}

#[test]
fn a_long_bad_number_is_shown_by_its_first_120_characters() {
    let long = format!("{}\u{0}", "5".repeat(10_000));
    let got = phone_problems(&[&long]);
    assert_eq!(got.len(), 1);
    let message = &got[0].2;
    assert!(
        message.contains(&format!("\"{}\"… is not a phone number", "5".repeat(120))),
        "{message}"
    );
    assert!(message.len() < 300, "{message}");
}

#[test]
fn phones_round_trip_and_documents_without_them_are_unchanged() {
    let doc = Document::from_json_str(DIRECTORY).unwrap();
    assert_eq!(
        doc.individuals[0].phones,
        ["+33 1 23 45 67 89", "(555) 010-0199 ext. 12"]
    );
    let model = Model::from_document(&doc).unwrap();
    assert_eq!(model.to_document(), doc);
    let json = model.to_document().to_json_string();
    assert_eq!(Document::from_json_str(&json).unwrap(), doc);
    // No phones, no field; null is as good as absent.
    let plain = Document::from_json_str(
        r#"{"version": 1, "individuals": [{"id": "ann", "phones": null}]}"#,
    )
    .unwrap();
    assert!(plain.individuals[0].phones.is_empty());
    assert!(!plain.to_json_string().contains("phones"));
    assert!(
        Model::from_document(&plain)
            .unwrap()
            .entity("ann")
            .unwrap()
            .phones()
            .is_empty()
    );
    // A phone that is not a string is the wrong type.
    let err =
        Model::from_json_str(r#"{"version": 1, "individuals": [{"id": "ann", "phones": [7]}]}"#)
            .unwrap_err();
    assert_eq!(err.problems()[0].kind(), ProblemKind::WrongType);
}

#[test]
fn edits_carry_phones_and_check_them() {
    let mut model = directory();
    model
        .add_individual(Individual {
            phones: vec!["+44 20 7946 0000".into(), "07700 900123".into()],
            ..Individual::new("cy")
        })
        .unwrap();
    assert_eq!(
        model.entity("cy").unwrap().phones(),
        ["+44 20 7946 0000", "07700 900123"]
    );
    model
        .apply(&[Edit::AddOrganisation(Organisation {
            phones: vec!["+1 555 0100".into()],
            ..Organisation::new("lab")
        })])
        .unwrap();
    assert_eq!(model.entity("lab").unwrap().phone(), Some("+1 555 0100"));
    let doc = model.to_document();
    assert_eq!(doc.individuals.last().unwrap().phones.len(), 2);
    assert_eq!(doc.organisations.last().unwrap().phones, ["+1 555 0100"]);

    let err = model
        .add_individual(Individual {
            phones: vec!["call me".into()],
            ..Individual::new("dee")
        })
        .unwrap_err();
    let p = &err.problems()[0];
    assert_eq!(
        (p.section(), p.field(), p.kind(), p.id()),
        (
            Section::Individuals,
            Some("phones[0]"),
            ProblemKind::BadPhone,
            Some("dee")
        )
    );
    assert!(model.entity("dee").is_none());
}

/// A contact as (reaches, id, email, phone, role).
type ContactRow<'a> = (
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    ContactRole,
);

#[test]
fn contacts_give_their_primary_phone() {
    let model = directory();
    let Answer::Impact(i) = model.ask(&Question::impact("crm").into()).unwrap() else {
        unreachable!()
    };
    let contacts: Vec<ContactRow<'_>> = i
        .contacts
        .as_ref()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c.reaches.as_str(),
                c.id.as_str(),
                c.email.as_deref(),
                c.phone.as_deref(),
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
                Some("+44 20 7946 0000"),
                ContactRole::Party
            ),
            (
                "acme-sales",
                "bob",
                None,
                Some("+44 20 7946 0000"),
                ContactRole::Approver
            ),
            (
                "acme-sales",
                "ann",
                Some("ann@acme.example"),
                Some("+33 1 23 45 67 89"),
                ContactRole::Head
            ),
            (
                "ann",
                "ann",
                Some("ann@acme.example"),
                Some("+33 1 23 45 67 89"),
                ContactRole::Party
            ),
            (
                "bob",
                "bob",
                None,
                Some("+44 20 7946 0000"),
                ContactRole::Party
            ),
        ]
    );
    // In JSON, a contact without a phone says null.
    let quiet = Model::from_json_str(
        r#"{"version": 1, "individuals": [{"id": "ann"}], "services": [{"id": "mail", "provider": "ann"}],
            "funding": [{"payer": "ann", "service": "mail", "payment": "cash"}]}"#,
    )
    .unwrap();
    let Answer::Impact(i) = quiet.ask(&Question::impact("mail").into()).unwrap() else {
        unreachable!()
    };
    let json = serde_json::to_value(&i.contacts.unwrap()[0]).unwrap();
    assert_eq!(json["phone"], serde_json::Value::Null);
}

#[test]
fn the_command_line_writes_the_phone_after_the_email() {
    let file = TempFile::new("phones.json", DIRECTORY);
    let path = file.path();
    let impact = stdout(&svcrel(&["impact", "crm", "--model", path], None));
    assert!(
        impact.contains("  Acme Corp (acme) <it-desk@acme.example> tel. +44 20 7946 0000\n"),
        "{impact}"
    );
    assert!(
        impact.contains("  Bob Roy (bob) tel. +44 20 7946 0000, who approves what"),
        "{impact}"
    );
    let triage = stdout(&svcrel(&["triage", "ann", "crm", "--model", path], None));
    assert!(
        triage.contains("notify    Bob Roy (bob) tel. +44 20 7946 0000\n"),
        "{triage}"
    );
    let impact = stdout(&svcrel(&["impact", "crm", "--model", path], None));
    assert!(
        impact.contains("  Ann Lee (ann) <ann@acme.example> tel. +33 1 23 45 67 89, a head of"),
        "{impact}"
    );
}
