//! The iTop importer: XML data-set files turned into a model, queried end
//! to end; a record restated in a later file updating the earlier copy;
//! malformed files, dangling references and (with `Restated::Refuse`)
//! conflicting copies reported with file and line.

#![cfg(feature = "itop")]

mod util;

use std::path::{Path, PathBuf};

use svcrel::{
    Answer, Date, Document, ErrorKind, Import, ImportFormat, ImportOptions, Match, Model, Query,
    Question, Restated, Scope,
};
use util::imports::{import_problems, problem_lines, skipped};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/itop")
        .join(name)
}

/// The data set, in the order an export would list it.
const FILES: [&str; 6] = [
    "organizations.xml",
    "persons.xml",
    "teams.xml",
    "services.xml",
    "contracts.xml",
    "locations.xml",
];

fn files(extra: &[&str]) -> Vec<PathBuf> {
    FILES.iter().chain(extra).map(|f| fixture(f)).collect()
}

fn import() -> Import {
    ImportFormat::Itop
        .import_files(files(&[]))
        .expect("the fixtures import")
}

fn model() -> Model {
    Model::from_document(import().document()).expect("the imported document validates")
}

/// Every problem of a failed import, as the lines the program prints.
fn problems(extra: &[&str]) -> Vec<String> {
    let err = ImportFormat::Itop.import_files(files(extra)).unwrap_err();
    import_problems(&err)
}

/// The problems of importing one inline file (with the fixtures' other
/// records, so that references resolve).
fn inline_problems(xml: &str) -> Vec<String> {
    let organizations = std::fs::read_to_string(fixture("organizations.xml")).unwrap();
    let persons = std::fs::read_to_string(fixture("persons.xml")).unwrap();
    let err = ImportFormat::Itop
        .import_strs(&[
            ("organizations.xml", &organizations),
            ("persons.xml", &persons),
            ("extra.xml", xml),
        ])
        .unwrap_err();
    import_problems(&err)
}

fn set(records: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Set>\n{records}</Set>\n")
}

#[test]
fn the_data_set_becomes_the_expected_document() {
    let expected = Document::from_json_file(fixture("expected.json")).unwrap();
    let import = import();
    assert_eq!(*import.document(), expected);
    assert_eq!(
        import.document().to_json_string(),
        std::fs::read_to_string(fixture("expected.json")).unwrap()
    );
    let counts = model().counts();
    assert_eq!(
        (counts.organisations, counts.individuals, counts.services),
        (6, 5, 3)
    );
    assert_eq!(
        (
            counts.memberships,
            counts.reporting,
            counts.funding,
            counts.usage
        ),
        (7, 2, 4, 4)
    );
}

#[test]
fn ids_names_and_links_follow_the_records() {
    let doc = import().into_document();
    let org = |id: &str| doc.organisations.iter().find(|o| o.id == id).unwrap();
    assert_eq!(
        org("organization-2").parent.as_ref().unwrap(),
        "organization-1"
    );
    assert!(
        org("organization-1").parent.is_none(),
        "parent_id 0 is none"
    );
    // A Team is an organisation below its org_id; entities are decoded.
    assert_eq!(org("team-41").name.as_deref(), Some("Network & Telecoms"));
    assert_eq!(org("team-41").parent.as_ref().unwrap(), "organization-2");
    // A Person's name is first_name and name; character references read.
    let person = doc
        .individuals
        .iter()
        .find(|i| i.id == "person-12")
        .unwrap();
    assert_eq!(person.name.as_deref(), Some("Chloé Martin"));
    // A membership per person (titled by `function`) and per team link.
    assert!(doc.memberships.iter().any(|m| m.individual == "person-11"
        && m.organisation == "organization-2"
        && m.title.as_deref() == Some("Service desk analyst")));
    assert!(
        doc.memberships.iter().any(|m| m.individual == "person-11"
            && m.organisation == "team-40"
            && m.title.is_none())
    );
    // manager_id is a reporting line; 0 is none.
    let lines: Vec<(&str, &str)> = doc
        .reporting
        .iter()
        .map(|r| (r.individual.as_str(), r.manager.as_str()))
        .collect();
    assert_eq!(
        lines,
        [("person-11", "person-10"), ("person-14", "person-13")]
    );
}

#[test]
fn emails_and_itop_ids_are_kept() {
    let doc = import().into_document();
    let person = |id: &str| doc.individuals.iter().find(|i| i.id == id).unwrap();
    let chloe = person("person-12");
    assert_eq!(chloe.emails, ["chloe.martin@harbour.example"]);
    assert_eq!(
        chloe.external_ids.iter().collect::<Vec<_>>(),
        [(&"itop-person".to_owned(), &"12".to_owned())]
    );
    // A Team's email is its own; an empty <email> is none.
    let desk = organisation(&doc, "team-40");
    assert_eq!(desk.emails, ["servicedesk@harbour.example"]);
    assert_eq!(desk.external_ids["itop-team"], "40");
    assert!(organisation(&doc, "team-41").emails.is_empty());
    // An Organization has no email in iTop, only its id.
    let finance = organisation(&doc, "organization-3");
    assert!(finance.emails.is_empty());
    assert_eq!(finance.external_ids["itop-organization"], "3");
}

#[test]
fn phones_are_kept_desk_phone_first() {
    let doc = import().into_document();
    let person = |id: &str| doc.individuals.iter().find(|i| i.id == id).unwrap();
    // `phone`, then `mobile_phone`; an empty one is none.
    assert_eq!(
        person("person-10").phones,
        ["+44 20 7946 0010", "+44 7700 900010"]
    );
    assert!(person("person-11").phones.is_empty());
    assert!(organisation(&doc, "team-40").phones.is_empty());
    let model = model();
    assert_eq!(
        model.entity("person-10").unwrap().phone(),
        Some("+44 20 7946 0010")
    );
    // A Team's phone is its own; a number given twice is kept once.
    let xml = set(concat!(
        "<Team alias=\"Team\" id=\"7\"><name>Desk</name><phone> +44 20 7946 0999 </phone></Team>\n",
        "<Person alias=\"Person\" id=\"8\"><name>A</name><phone>555 0100</phone><mobile_phone>555 0100</mobile_phone></Person>\n",
        "<Person alias=\"Person\" id=\"9\"><name>B</name><mobile_phone>07700 900009</mobile_phone></Person>\n",
    ));
    let import = ImportFormat::Itop.import_strs(&[("a.xml", &xml)]).unwrap();
    let doc = import.document();
    assert_eq!(doc.organisations[0].phones, ["+44 20 7946 0999"]);
    assert_eq!(doc.individuals[0].phones, ["555 0100"]);
    assert_eq!(doc.individuals[1].phones, ["07700 900009"]);
}

#[test]
fn a_bad_phone_names_its_file_and_line() {
    let long = "5".repeat(200);
    let xml = set(&format!(
        concat!(
            "<Person alias=\"Person\" id=\"8\"><name>A</name>\n",
            "<phone>ext. twelve</phone>\n",
            "<mobile_phone>{}</mobile_phone></Person>\n",
        ),
        long
    ));
    let err = ImportFormat::Itop
        .import_strs(&[("a.xml", &xml)])
        .unwrap_err();
    assert_eq!(
        problem_lines(&err),
        [
            "a.xml:4: phone: \"ext. twelve\" is not a phone number: it has no digit".to_owned(),
            format!(
                "a.xml:5: mobile_phone: \"{}\"… is not a phone number: it is longer than 64 characters",
                "5".repeat(120)
            ),
        ]
    );
}

#[test]
fn contract_contacts_approve_its_fundings() {
    let import = ImportFormat::Itop
        .import_files(files(&["contract_contacts.xml"]))
        .expect("the fixtures import");
    let doc = import.document();
    let approvers: Vec<(&str, &str, Vec<&str>)> = doc
        .funding
        .iter()
        .map(|f| {
            (
                f.payer.as_str(),
                f.service.as_str(),
                f.approved_by.iter().map(|a| a.as_str()).collect(),
            )
        })
        .collect();
    // Contract 1 (Lakeside) has Dev Patel and the Service Desk team as
    // contacts; contract 2 (Finance) Chloé, Ben, and Chloé again.
    assert_eq!(
        approvers,
        [
            ("organization-4", "service-2", vec!["person-13"]),
            ("organization-4", "service-3", vec!["person-13"]),
            (
                "organization-3",
                "service-3",
                vec!["person-12", "person-11"]
            ),
            (
                "organization-3",
                "service-5",
                vec!["person-12", "person-11"]
            ),
        ]
    );
    let model = Model::from_document(doc).expect("the import validates");
    assert_eq!(model.counts().funding, 4);
    // The team and the contact of a contract with no service are skipped.
    let skipped = skipped(&import);
    assert_eq!(
        skipped[3..],
        [
            "contract_contacts.xml:8: lnkContactToContract 2: Team 40 is not a Person: a funding \
             is approved by individuals",
            "contract_contacts.xml:18: lnkContactToContract 4: CustomerContract 3 is linked to no \
             service: it makes no funding to approve",
        ]
    );
    assert_eq!(import.records_read(), 31);
    assert_eq!(import.records_mapped(), 26);
}

#[test]
fn a_contact_of_a_provider_contract_is_skipped() {
    let xml = set(concat!(
        "<ProviderContract alias=\"ProviderContract\" id=\"9\"><name>Lease</name></ProviderContract>\n",
        "<lnkContactToContract alias=\"lnkContactToContract\" id=\"1\">",
        "<contract_id>9</contract_id><contact_id>10</contact_id></lnkContactToContract>\n",
    ));
    let organizations = std::fs::read_to_string(fixture("organizations.xml")).unwrap();
    let persons = std::fs::read_to_string(fixture("persons.xml")).unwrap();
    let import = ImportFormat::Itop
        .import_strs(&[
            ("organizations.xml", &organizations),
            ("persons.xml", &persons),
            ("extra.xml", &xml),
        ])
        .unwrap();
    let skipped = skipped(&import);
    assert!(
        skipped.contains(
            &"extra.xml:4: lnkContactToContract 1: ProviderContract 9 is not a customer \
              contract: it makes no funding to approve"
                .to_owned()
        ),
        "{skipped:?}"
    );
}

#[test]
fn a_missing_contract_or_contact_names_file_and_line() {
    let xml = set(concat!(
        "<lnkContactToContract alias=\"lnkContactToContract\" id=\"1\">\n",
        "<contract_id>77</contract_id>\n",
        "<contact_id>99</contact_id>\n",
        "</lnkContactToContract>\n",
        "<lnkContactToContract alias=\"lnkContactToContract\" id=\"2\">\n",
        "<contract_id>0</contract_id>\n",
        "</lnkContactToContract>\n",
    ));
    assert_eq!(
        inline_problems(&xml),
        [
            "extra.xml:4: contract_id 77: there is no CustomerContract or ProviderContract 77 in \
             the files",
            "extra.xml:5: contact_id 99: there is no Person or Team 99 in the files",
            "extra.xml:7: lnkContactToContract 2 needs contact_id, the Person or Team it refers \
             to; it is missing",
            "extra.xml:8: lnkContactToContract 2 needs contract_id, the CustomerContract or \
             ProviderContract it refers to; it is 0 or empty",
        ]
    );
}

/// The party a `find` question finds, and how.
fn found(model: &Model, text: &str) -> Option<(String, Match)> {
    let Answer::Find(a) = model.ask(&Question::find(text).into()).unwrap() else {
        unreachable!()
    };
    a.found.map(|c| (c.id, c.matched))
}

#[test]
fn a_person_is_found_and_triaged_by_email_or_itop_id() {
    let model = model();
    assert_eq!(
        found(&model, "Dev.Patel@lakeside.example"),
        Some(("person-13".to_owned(), Match::Email))
    );
    assert_eq!(
        found(&model, "servicedesk@harbour.example"),
        Some(("team-40".to_owned(), Match::Email))
    );
    // The class keeps ids of different classes apart.
    assert_eq!(
        found(&model, "itop-person:12"),
        Some(("person-12".to_owned(), Match::ExternalId))
    );
    assert_eq!(
        found(&model, "itop-organization:3"),
        Some(("organization-3".to_owned(), Match::ExternalId))
    );
    // A ticket from the clinic's practice manager about computers: the
    // clinic pays for the service.
    let Answer::Triage(t) = model
        .ask(&Question::triage("dev.patel@lakeside.example", "service-2").into())
        .unwrap()
    else {
        unreachable!()
    };
    assert_eq!(
        (t.party.as_str(), t.matched),
        ("person-13", Some(Match::Email))
    );
    assert!(t.entitled);
    assert_eq!(t.payer.as_deref(), Some("organization-4"));
}

#[test]
fn an_invalid_email_names_its_file_and_line() {
    let xml = set(concat!(
        "<Person alias=\"Person\" id=\"30\">\n",
        "  <name>Ann</name>\n",
        "  <email>ann.lee@@example.com</email>\n",
        "</Person>\n",
        "<Team alias=\"Team\" id=\"50\">\n",
        "  <name>Desk</name>\n",
        "  <email>desk at harbour</email>\n",
        "</Team>\n",
        "<Person alias=\"Person\" id=\"31\"><email>a\u{1b}[31m@x.example</email></Person>\n",
    ));
    assert_eq!(
        inline_problems(&xml),
        [
            "extra.xml:5: email: \"ann.lee@@example.com\" is not an email address",
            "extra.xml:9: email: \"desk at harbour\" is not an email address",
            "extra.xml:11: email: \"a\\u{1b}[31m@x.example\" is not an email address",
        ]
    );
    let err = ImportFormat::Itop
        .import_strs(&[("extra.xml", &xml)])
        .unwrap_err();
    let ids: Vec<Option<&str>> = err.import_problems().iter().map(|p| p.id()).collect();
    assert_eq!(ids, [Some("person-30"), Some("team-50"), Some("person-31")]);
}

#[test]
fn an_email_given_by_two_people_is_a_problem_at_the_second() {
    let xml = set(concat!(
        "<Person alias=\"Person\" id=\"30\">\n",
        "  <name>Ada again</name><email>ADA.OKAFOR@harbour.example</email>\n",
        "</Person>\n",
    ));
    assert_eq!(
        inline_problems(&xml),
        [
            "extra.xml:3: emails: \"ada.okafor@harbour.example\" is already an email of \
             \"person-10\" (set \"email_policy\": \"shared\" to let parties share one)"
        ]
    );
}

#[test]
fn a_restated_email_replaces_the_earlier_one() {
    let first = set(concat!(
        "<Person alias=\"Person\" id=\"1\"><name>A</name><email>a@old.example</email></Person>\n",
        "<Person alias=\"Person\" id=\"2\"><name>B</name><email>b@old.example</email></Person>\n",
        "<Person alias=\"Person\" id=\"3\"><name>C</name><email>c@old.example</email></Person>\n",
    ));
    let later = set(concat!(
        "<Person alias=\"Person\" id=\"1\"><email>a@new.example</email></Person>\n",
        "<Person alias=\"Person\" id=\"2\"><email></email></Person>\n",
        "<Person alias=\"Person\" id=\"3\"><phone>123</phone></Person>\n",
        "<Person alias=\"Person\" id=\"4\"><email>not an address</email></Person>\n",
        "<Person alias=\"Person\" id=\"4\"><email>d@new.example</email></Person>\n",
    ));
    let import = ImportFormat::Itop
        .import_strs(&[("first.xml", &first), ("later.xml", &later)])
        .unwrap();
    let emails: Vec<(&str, Vec<&str>)> = import
        .document()
        .individuals
        .iter()
        .map(|i| (i.id.as_str(), i.emails.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        emails,
        [
            ("person-1", vec!["a@new.example"]),
            // An empty email clears it, as any field.
            ("person-2", vec![]),
            ("person-3", vec!["c@old.example"]),
            // A bad address replaced before mapping is no problem.
            ("person-4", vec!["d@new.example"]),
        ]
    );
    assert_eq!(
        import.updated()[0].to_string(),
        "later.xml:3: Person 1: updates the copy at first.xml:3 (email changed)"
    );
    // A bad address given by a later copy is reported where it is.
    let bad = set("<Person alias=\"Person\" id=\"1\"><email>a@</email></Person>\n");
    let err = ImportFormat::Itop
        .import_strs(&[("first.xml", &first), ("later.xml", &bad)])
        .unwrap_err();
    assert_eq!(
        problem_lines(&err),
        ["later.xml:3: email: \"a@\" is not an email address"]
    );
}

#[test]
fn a_contract_is_funding_and_usage_dated_by_the_contract() {
    let doc = import().into_document();
    let funding: Vec<_> = doc
        .funding
        .iter()
        .map(|f| {
            (
                f.payer.as_str(),
                f.service.as_str(),
                f.payment.as_str(),
                f.from.map(|d| d.to_string()),
                f.until.map(|d| d.to_string()),
            )
        })
        .collect();
    let d = |s: &str| Some(s.to_owned());
    assert_eq!(
        funding,
        [
            // Cash: the contract has a cost. The end date (2026-12-31) is
            // the contract's last day, so the link holds until the next.
            (
                "organization-4",
                "service-2",
                "cash",
                d("2024-01-01"),
                d("2027-01-01")
            ),
            (
                "organization-4",
                "service-3",
                "cash",
                d("2024-01-01"),
                d("2027-01-01")
            ),
            // No cost: commissioned without payment.
            ("organization-3", "service-3", "none", d("2023-01-01"), None),
            ("organization-3", "service-5", "none", d("2023-01-01"), None),
        ]
    );
    // The customer organisation also uses the services, for as long.
    assert_eq!(doc.usage.len(), 4);
    for (f, u) in doc.funding.iter().zip(&doc.usage) {
        assert_eq!(
            (&f.payer, &f.service, f.from, f.until),
            (&u.user, &u.service, u.from, u.until)
        );
    }
}

#[test]
fn customers_of_office_software() {
    let model = model();
    let customers = model.customers_of("service-3", &Query::new()).unwrap();
    let rows: Vec<(&str, u32, Scope)> = customers
        .iter()
        .map(|c| (c.party().id(), c.distance(), c.scope()))
        .collect();
    assert_eq!(
        rows,
        [
            // The clinic pays cash from outside Harbour Holdings.
            ("organization-3", 0, Scope::Internal),
            ("organization-4", 0, Scope::External),
            // One step up the chain from the finance department.
            ("organization-1", 1, Scope::Internal),
        ]
    );
    // After the clinic's contract ends, only the finance department is left.
    let later = Query::new().as_of(Date::constant(2027, 6, 1));
    let customers = model.customers_of("service-3", &later).unwrap();
    let ids: Vec<&str> = customers.iter().map(|c| c.party().id()).collect();
    assert_eq!(ids, ["organization-3", "organization-1"]);
}

#[test]
fn consumers_and_relations() {
    let model = model();
    let consumers = model.consumers_of("service-2", &Query::new()).unwrap();
    let ids: Vec<&str> = consumers.iter().map(|c| c.party().id()).collect();
    // The clinic and its people may open requests on the service.
    assert_eq!(ids, ["organization-4", "person-13", "person-14"]);

    let q = Query::new();
    let ben = model.relation("person-11", "service-3", &q).unwrap();
    assert!(ben.is_provider(), "{:?}", ben.roles());
    let chloe = model.relation("person-12", "service-3", &q).unwrap();
    assert!(
        chloe.is_consumer() && chloe.is_colleague(),
        "{:?}",
        chloe.roles()
    );
    assert!(!chloe.is_customer());
    let dev = model.relation("person-13", "service-3", &q).unwrap();
    assert!(
        dev.is_consumer() && !dev.is_colleague(),
        "{:?}",
        dev.roles()
    );
}

#[test]
fn every_record_is_mapped_or_named_as_skipped() {
    let import = import();
    assert_eq!(import.files_read(), 6);
    assert_eq!(import.records_read(), 25);
    assert_eq!(import.records_mapped(), 22);
    let skipped = skipped(&import);
    assert_eq!(
        skipped,
        [
            "contracts.xml:31: CustomerContract 3: no lnkCustomerContractToService links it to a \
             service",
            "locations.xml:4: Location 1: not a class this importer reads (it reads Organization, \
             Person, Team, lnkPersonToTeam, Service, CustomerContract, \
             lnkCustomerContractToService, lnkContactToContract)",
            &format!(
                "locations.xml:12: Organization 4: the same record as {}:30",
                fixture("organizations.xml").display()
            ),
        ]
    );
}

#[test]
fn the_same_record_twice_is_read_once() {
    // locations.xml repeats Organization 4 exactly.
    let doc = import().into_document();
    let clinics = doc
        .organisations
        .iter()
        .filter(|o| o.id == "organization-4")
        .count();
    assert_eq!(clinics, 1);
    // Within one file too.
    let twice = set(
        "<Organization alias=\"Organization\" id=\"9\"><name>A</name></Organization>\n\
         <Organization alias=\"Organization\" id=\"9\"><name>A</name></Organization>\n",
    );
    let import = ImportFormat::Itop
        .import_strs(&[("a.xml", &twice)])
        .unwrap();
    assert_eq!(import.document().organisations.len(), 1);
    assert_eq!(
        import.skipped()[0].to_string(),
        "a.xml:4: Organization 9: the same record as a.xml:3"
    );
}

#[test]
fn a_record_that_differs_between_files_names_both() {
    // Refused when asked to; by default the later copy updates the first.
    let err = ImportFormat::Itop
        .import_files_with(
            files(&["bad/conflict.xml"]),
            &ImportOptions::new().restated(Restated::Refuse),
        )
        .unwrap_err();
    let problem = &err.import_problems()[0];
    assert_eq!(problem.file(), Some(fixture("bad/conflict.xml").as_path()));
    assert_eq!(problem.line(), Some(4));
    assert_eq!(problem.id(), Some("organization-4"));
    assert_eq!(
        problem.message(),
        format!(
            "Organization 4 differs from the copy at {}:30 (name differs)",
            fixture("organizations.xml").display()
        )
    );
}

#[test]
fn a_record_that_differs_names_each_field_once() {
    let a = set("<Organization alias=\"Organization\" id=\"9\">\n\
         <name>A</name><code>X</code><parent_id>0</parent_id><status>active</status>\n\
         </Organization>\n");
    let b = set("<Organization alias=\"Organization\" id=\"9\">\n\
         <name>B</name><code>Y</code><parent_id>0</parent_id><overview>new</overview>\n\
         </Organization>\n");
    let err = ImportFormat::Itop
        .import_strs_with(
            &[("a.xml", &a), ("b.xml", &b)],
            &ImportOptions::new().restated(Restated::Refuse),
        )
        .unwrap_err();
    let lines = problem_lines(&err);
    assert_eq!(
        lines,
        ["b.xml:3: Organization 9 differs from the copy at a.xml:3 \
          (code, name, overview, status differ)"]
    );
    // Updated, the fields the later copy has are named: `status`, which
    // only the first copy has, stays.
    let import = ImportFormat::Itop
        .import_strs(&[("a.xml", &a), ("b.xml", &b)])
        .unwrap();
    assert_eq!(
        import.updated()[0].to_string(),
        "b.xml:3: Organization 9: updates the copy at a.xml:3 (code, name, overview changed)"
    );
}

/// The organisation `id` of a document.
fn organisation<'d>(doc: &'d Document, id: &str) -> &'d svcrel::Organisation {
    doc.organisations.iter().find(|o| o.id == id).unwrap()
}

#[test]
fn a_later_file_restating_records_updates_them_field_by_field() {
    // restated.xml fills in Organization 3's delivery model, renames the
    // clinic and gives Person 12 a phone and a new function; it repeats
    // Organization 1 exactly.
    let import = ImportFormat::Itop
        .import_files(files(&["restated.xml"]))
        .unwrap();
    assert_eq!(import.files_read(), 7);
    assert_eq!(import.records_read(), 29);
    // Each updating copy counts as mapped; the exact copy is skipped.
    assert_eq!(import.records_mapped(), 25);
    assert_eq!(import.skipped().len(), 4);
    let updates: Vec<String> = import
        .updated()
        .iter()
        .map(|u| {
            format!(
                "{}:{}: {} from {}:{}: {}",
                u.file().file_name().unwrap().to_str().unwrap(),
                u.line(),
                u.record(),
                u.earlier_file().file_name().unwrap().to_str().unwrap(),
                u.earlier_line(),
                u.fields().join(" ")
            )
        })
        .collect();
    assert_eq!(
        updates,
        [
            "restated.xml:4: Organization 3 from organizations.xml:21: deliverymodel_id",
            "restated.xml:7: Organization 4 from organizations.xml:30: deliverymodel_id name",
            "restated.xml:11: Person 12 from persons.xml:34: function phone",
        ]
    );
    assert_eq!(
        skipped(&import)[3],
        format!(
            "restated.xml:16: Organization 1: the same record as {}:3",
            fixture("organizations.xml").display()
        )
    );

    // One record each, where the first copy was, with the merged fields.
    let doc = import.document();
    let clinic: Vec<_> = doc
        .organisations
        .iter()
        .filter(|o| o.id == "organization-4")
        .collect();
    assert_eq!(clinic.len(), 1);
    assert_eq!(clinic[0].name.as_deref(), Some("Lakeside Health"));
    // Fields the later copies lack stay: the finance department keeps its
    // name and parent, Chloé her name and organisation.
    let finance = organisation(doc, "organization-3");
    assert_eq!(finance.name.as_deref(), Some("Harbour Finance"));
    assert_eq!(finance.parent.as_ref().unwrap(), "organization-1");
    let chloe = doc
        .individuals
        .iter()
        .find(|i| i.id == "person-12")
        .unwrap();
    assert_eq!(chloe.name.as_deref(), Some("Chloé Martin"));
    let titles: Vec<Option<&str>> = doc
        .memberships
        .iter()
        .filter(|m| m.individual == "person-12")
        .map(|m| m.title.as_deref())
        .collect();
    assert_eq!(titles, [Some("Head of Finance")]);

    // Otherwise the document is the data set's, in the same order.
    let mut expected = Document::from_json_file(fixture("expected.json")).unwrap();
    expected
        .organisations
        .iter_mut()
        .find(|o| o.id == "organization-4")
        .unwrap()
        .name = Some("Lakeside Health".into());
    expected
        .individuals
        .iter_mut()
        .find(|i| i.id == "person-12")
        .unwrap()
        .phones = vec!["+44 20 7946 0012".into()];
    expected
        .memberships
        .iter_mut()
        .find(|m| m.individual == "person-12")
        .unwrap()
        .title = Some("Head of Finance".into());
    assert_eq!(*doc, expected);
}

#[test]
fn refused_a_restated_record_names_both_places() {
    let err = ImportFormat::Itop
        .import_files_with(
            files(&["restated.xml"]),
            &ImportOptions::new().restated(Restated::Refuse),
        )
        .unwrap_err();
    let restated = fixture("restated.xml");
    let found: Vec<(PathBuf, Option<usize>, Option<&str>)> = err
        .import_problems()
        .iter()
        .map(|p| (p.file().unwrap().to_owned(), p.line(), p.id()))
        .collect();
    assert_eq!(
        found,
        [
            (restated.clone(), Some(4), Some("organization-3")),
            (restated.clone(), Some(7), Some("organization-4")),
            (restated.clone(), Some(11), Some("person-12")),
        ]
    );
    // A partial copy lacks the fields it does not restate: refused, they
    // differ too. The exact copy of Organization 1 is not a problem.
    assert_eq!(
        err.import_problems()[1].message(),
        format!(
            "Organization 4 differs from the copy at {}:30 (code, deliverymodel_id, name, \
             overview, parent_id, parent_id_friendlyname, status differ)",
            fixture("organizations.xml").display()
        )
    );
}

#[test]
fn a_restated_field_replaces_even_when_empty() {
    // As iTop's loader: an empty value is the field's null value, an empty
    // or 0 reference no object.
    let first = set(concat!(
        "<Organization alias=\"Organization\" id=\"1\"><name>Group</name></Organization>\n",
        "<Organization alias=\"Organization\" id=\"2\">\n",
        "  <name>Branch</name><parent_id>1</parent_id><code>BR</code>\n",
        "</Organization>\n",
        "<Organization alias=\"Organization\" id=\"3\">\n",
        "  <name>Shop</name><parent_id>0</parent_id>\n",
        "</Organization>\n",
    ));
    let later = set(concat!(
        "<Organization alias=\"Organization\" id=\"2\">\n",
        "  <name></name><parent_id>0</parent_id>\n",
        "</Organization>\n",
        "<Organization alias=\"Organization\" id=\"3\"><parent_id>2</parent_id></Organization>\n",
        "<Organization alias=\"Organization\" id=\"1\"><name/></Organization>\n",
    ));
    let import = ImportFormat::Itop
        .import_strs(&[("first.xml", &first), ("later.xml", &later)])
        .unwrap();
    let doc = import.document();
    let branch = organisation(doc, "organization-2");
    assert_eq!(
        (branch.name.as_deref(), branch.parent.as_ref()),
        (None, None)
    );
    let shop = organisation(doc, "organization-3");
    assert_eq!(shop.parent.as_ref().unwrap(), "organization-2");
    assert_eq!(organisation(doc, "organization-1").name, None);
    let updates: Vec<String> = import.updated().iter().map(|u| u.to_string()).collect();
    assert_eq!(
        updates,
        [
            "later.xml:3: Organization 2: updates the copy at first.xml:4 (name, parent_id changed)",
            "later.xml:6: Organization 3: updates the copy at first.xml:7 (parent_id changed)",
            "later.xml:7: Organization 1: updates the copy at first.xml:3 (name changed)",
        ]
    );
}

#[test]
fn a_restated_reference_is_checked_where_it_is_given() {
    let later =
        set("<Person alias=\"Person\" id=\"12\">\n  <manager_id>99</manager_id>\n</Person>\n");
    assert_eq!(
        inline_problems(&later),
        ["extra.xml:4: manager_id 99: there is no Person 99 in the files"]
    );
}

#[test]
fn copies_in_one_file_update_in_order() {
    // The last copy wins; a copy that changes nothing, even one that
    // gives fewer fields, is the same record.
    let xml = set(concat!(
        "<Organization alias=\"Organization\" id=\"9\"><name>A</name><code>X</code></Organization>\n",
        "<Organization alias=\"Organization\" id=\"9\"><name>B</name></Organization>\n",
        "<Organization alias=\"Organization\" id=\"9\"><code>X</code></Organization>\n",
        "<Organization alias=\"Organization\" id=\"9\"><name>C</name></Organization>\n",
    ));
    let import = ImportFormat::Itop.import_strs(&[("a.xml", &xml)]).unwrap();
    assert_eq!(import.document().organisations.len(), 1);
    assert_eq!(
        import.document().organisations[0].name.as_deref(),
        Some("C")
    );
    assert_eq!(
        (
            import.records_read(),
            import.records_mapped(),
            import.updated().len()
        ),
        (4, 3, 2)
    );
    assert_eq!(
        import.skipped()[0].to_string(),
        "a.xml:5: Organization 9: the same record as a.xml:3"
    );
    // A record of a class the importer does not read is not updated.
    let locations = set(concat!(
        "<Location alias=\"Location\" id=\"1\"><name>A</name></Location>\n",
        "<Location alias=\"Location\" id=\"1\"><name>B</name></Location>\n",
    ));
    let import = ImportFormat::Itop
        .import_strs(&[("a.xml", &locations)])
        .unwrap();
    assert!(import.updated().is_empty());
    let reasons: Vec<&str> = import.skipped().iter().map(|s| s.reason()).collect();
    assert_eq!(reasons.len(), 2);
    assert!(
        reasons.iter().all(|r| r.starts_with("not a class")),
        "{reasons:?}"
    );
}

#[test]
fn an_update_names_its_fields_and_files_escaped() {
    let first =
        "<Set>\n<Organization id=\"1\"><co\u{2028}de>1</co\u{2028}de></Organization>\n</Set>\n";
    let later =
        "<Set>\n<Organization id=\"1\"><co\u{2028}de>2</co\u{2028}de></Organization>\n</Set>\n";
    let import = ImportFormat::Itop
        .import_strs(&[("a\u{1b}[31m.xml", first), ("b.xml", later)])
        .unwrap();
    assert_eq!(
        import.updated()[0].to_string(),
        r"b.xml:2: Organization 1: updates the copy at a\u{1b}[31m.xml:2 (co\u{2028}de changed)"
    );
}

#[test]
fn a_dangling_reference_names_file_line_and_id() {
    let err = ImportFormat::Itop
        .import_files(files(&["bad/dangling.xml"]))
        .unwrap_err();
    let found: Vec<(PathBuf, Option<usize>, Option<&str>)> = err
        .import_problems()
        .iter()
        .map(|p| (p.file().unwrap().to_owned(), p.line(), p.id()))
        .collect();
    let file = fixture("bad/dangling.xml");
    assert_eq!(
        found,
        [
            (file.clone(), Some(8), Some("person-99")),
            (file.clone(), Some(11), Some("team-42")),
        ]
    );
    assert_eq!(
        problems(&["bad/dangling.xml"]),
        [
            format!(
                "{}:8: manager_id 99: there is no Person 99 in the files",
                file.display()
            ),
            format!(
                "{}:11: team_id 42: there is no Team 42 in the files",
                file.display()
            ),
        ]
    );
}

#[test]
fn a_malformed_file_names_file_and_line() {
    let lines = problems(&["bad/unclosed.xml"]);
    assert_eq!(lines.len(), 1);
    let prefix = format!(
        "{}:12: malformed XML: ",
        fixture("bad/unclosed.xml").display()
    );
    assert!(lines[0].starts_with(&prefix), "{}", lines[0]);
    assert!(
        lines[0].contains("</CustomerContract>") && lines[0].contains("open since line 3"),
        "{}",
        lines[0]
    );
}

#[test]
fn malformed_shapes() {
    let cases: [(&str, &str); 7] = [
        (
            "<?xml version=\"1.0\"?>\n<Objects>\n</Objects>\n",
            "extra.xml:2: the root element is <Objects>; an iTop data file holds a <Set>",
        ),
        (
            "<Set>\n  <Organization alias=\"Organization\">\n  </Organization>\n</Set>\n",
            "extra.xml:2: <Organization> has no id attribute",
        ),
        (
            "<Set>\n  <Organization id=\"three\">\n  </Organization>\n</Set>\n",
            "extra.xml:2: <Organization> has the id \"three\"; a record's id is a number",
        ),
        (
            "<Set>\n  <Organization id=\"8\">\n    <name>A</name>\n    <name>B</name>\n  \
             </Organization>\n</Set>\n",
            "extra.xml:4: <name> is given twice in this record (first on line 3)",
        ),
        (
            "<Set>\n  <Organization id=\"8\">\n    <name>A &nbsp; B</name>\n  </Organization>\n</Set>\n",
            "extra.xml:3: unknown entity &nbsp;",
        ),
        (
            "<Set>\n  stray text\n</Set>\n",
            "extra.xml:2: text \"stray text\" outside any field",
        ),
        (
            "<Set>\n  <Organization id=\"8\">\n    <name>A</name>\n",
            "extra.xml:4: the file ends before <Organization> (line 2) is closed",
        ),
    ];
    for (xml, expected) in cases {
        assert_eq!(inline_problems(xml), [expected], "{xml}");
    }
}

#[test]
fn a_repeated_attribute_is_malformed_xml() {
    // Not well-formed XML: no id wins.
    let cases: [(&str, &str); 4] = [
        (
            "<Set>\n  <Organization alias=\"Organization\" id=\"1\" id=\"2\">\n  \
             </Organization>\n</Set>\n",
            "extra.xml:2: malformed XML: <Organization> gives the attribute id twice",
        ),
        (
            "<Set>\n  <Organization id=\"1\"\n      alias=\"Organization\"\n      \
             alias=\"Organization\">\n  </Organization>\n</Set>\n",
            "extra.xml:4: malformed XML: <Organization> gives the attribute alias twice",
        ),
        (
            "<Set>\n  <Organization id=\"1\">\n    <name lang=\"en\" lang=\"fr\">A</name>\n  \
             </Organization>\n</Set>\n",
            "extra.xml:3: malformed XML: <name> gives the attribute lang twice",
        ),
        (
            "<Set>\n  <Organization id=1>\n  </Organization>\n</Set>\n",
            "extra.xml:2: malformed XML: <Organization>: an attribute's value is not in quotes",
        ),
    ];
    for (xml, expected) in cases {
        assert_eq!(inline_problems(xml), [expected], "{xml}");
    }
}

#[test]
fn lines_end_at_lf_crlf_or_cr_alone() {
    for end in ["\n", "\r\n", "\r"] {
        let xml = [
            "<Set>",
            "  <Person alias=\"Person\" id=\"30\">",
            "    <name>Ann</name>",
            "    <manager_id>99</manager_id>",
            "  </Person>",
            "</Set>",
            "",
        ]
        .join(end);
        assert_eq!(
            inline_problems(&xml),
            ["extra.xml:4: manager_id 99: there is no Person 99 in the files"],
            "{end:?}"
        );
    }
}

#[test]
fn bad_values_name_their_line() {
    let xml = set(concat!(
        "<Service alias=\"Service\" id=\"7\">\n",
        "  <name>Printing</name>\n",
        "  <org_id>0</org_id>\n",
        "</Service>\n",
        "<CustomerContract alias=\"CustomerContract\" id=\"9\">\n",
        "  <org_id>4</org_id>\n",
        "  <start_date>2024-02-30</start_date>\n",
        "  <cost>a lot</cost>\n",
        "  <provider_id>abc</provider_id>\n",
        "</CustomerContract>\n",
    ));
    assert_eq!(
        inline_problems(&xml),
        [
            "extra.xml:5: Service 7 needs org_id, the Organization it refers to; it is 0 or empty",
            "extra.xml:9: start_date: \"2024-02-30\" is not a calendar date: parsed date is not \
             valid: parameter 'day' for `2024-02` is invalid, must be in range `1..=29`",
            "extra.xml:10: cost: \"a lot\" is not an amount",
            "extra.xml:11: provider_id \"abc\" is not the id of a record",
        ]
    );
}

#[test]
fn an_invalid_model_is_reported_at_the_records() {
    // Two people who manage each other, and a contract that ends before
    // it starts.
    let xml = set(concat!(
        "<Person alias=\"Person\" id=\"20\">\n",
        "  <name>One</name><manager_id>21</manager_id>\n",
        "</Person>\n",
        "<Person alias=\"Person\" id=\"21\">\n",
        "  <name>Two</name><manager_id>20</manager_id>\n",
        "</Person>\n",
        "<Service alias=\"Service\" id=\"7\"><org_id>2</org_id></Service>\n",
        "<CustomerContract alias=\"CustomerContract\" id=\"9\">\n",
        "  <org_id>4</org_id>\n",
        "  <start_date>2025-01-01</start_date>\n",
        "  <end_date>2024-01-01</end_date>\n",
        "</CustomerContract>\n",
        "<lnkCustomerContractToService alias=\"lnkCustomerContractToService\" id=\"5\">\n",
        "  <customercontract_id>9</customercontract_id><service_id>7</service_id>\n",
        "</lnkCustomerContractToService>\n",
    ));
    let lines = inline_problems(&xml);
    assert_eq!(lines.len(), 3, "{lines:#?}");
    // The reporting line is where its manager_id is; the funding and
    // usage where their contract is.
    assert_eq!(
        lines[0],
        "extra.xml:4: manager: \"person-21\" closes a reporting cycle: person-20 → person-21 → person-20"
    );
    assert_eq!(
        lines[1],
        "extra.xml:10: from: 2025-01-01 is not before until 2024-01-02"
    );
    assert_eq!(
        lines[2],
        "extra.xml:10: from: 2025-01-01 is not before until 2024-01-02"
    );
}

#[test]
fn a_file_that_is_not_utf8_names_its_line() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("import-itop");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("latin1.xml");
    std::fs::write(
        &path,
        b"<Set>\n<Organization id=\"1\"><name>Caf\xe9</name></Organization>\n</Set>\n",
    )
    .unwrap();
    let err = ImportFormat::Itop.import_files([&path]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Import);
    assert_eq!(
        err.import_problems()[0].to_string(),
        format!("{}:2: the file is not UTF-8 text", path.display())
    );
    let missing = ImportFormat::Itop
        .import_files([dir.join("no-such-file.xml")])
        .unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::Io);
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
        let mut args = vec!["import", "itop"];
        args.extend(paths.iter().map(String::as_str));
        args.extend(flags);
        svcrel(&args, None)
    }

    #[test]
    fn the_output_passes_check() {
        let out = import(&[], &[]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(
            stdout(&out),
            std::fs::read_to_string(fixture("expected.json")).unwrap()
        );
        assert_eq!(
            stderr(&out),
            "itop: read 25 records from 6 files: 22 mapped, 3 skipped (--verbose lists them)\n\
             model: 6 organisations, 5 individuals, 3 services; 7 memberships, 2 reporting \
             lines, 4 funding links, 4 usage links, 0 dependencies, 0 oversight links, 0 \
             partnerships\n"
        );
        let check = svcrel_bytes(&["check", "--model", "-"], Some(&out.stdout));
        assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
        assert!(stdout(&check).starts_with("ok: 6 organisations"));
    }

    #[test]
    fn verbose_lists_the_skipped_records() {
        let out = import(&[], &["--verbose"]);
        assert_eq!(out.status.code(), Some(0));
        let err = stderr(&out);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 5, "{err}");
        assert_eq!(
            lines[0],
            "itop: read 25 records from 6 files: 22 mapped, 3 skipped"
        );
        assert_eq!(
            lines[1],
            format!(
                "  skipped {}:31: CustomerContract 3: no lnkCustomerContractToService links it \
                 to a service",
                fixture("contracts.xml").display()
            )
        );
        assert!(lines[2].contains("locations.xml:4: Location 1: not a class"));
        assert!(lines[3].contains("locations.xml:12: Organization 4: the same record as"));
        assert!(lines[4].starts_with("model: "));
    }

    #[test]
    fn the_summary_counts_the_updates_and_verbose_lists_them() {
        let out = import(&["restated.xml"], &[]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(
            err.lines().next().unwrap(),
            "itop: read 29 records from 7 files: 25 mapped, 3 updated by a later copy, 4 \
             skipped (--verbose lists them)"
        );
        let check = svcrel_bytes(&["check", "--model", "-"], Some(&out.stdout));
        assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));

        let out = import(&["restated.xml"], &["--verbose"]);
        assert_eq!(out.status.code(), Some(0));
        let err = stderr(&out);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 9, "{err}");
        assert_eq!(
            lines[0],
            "itop: read 29 records from 7 files: 25 mapped, 3 updated by a later copy, 4 skipped"
        );
        assert_eq!(
            lines[2],
            format!(
                "  updated {}:7: Organization 4: updates the copy at {}:30 (deliverymodel_id, \
                 name changed)",
                fixture("restated.xml").display(),
                fixture("organizations.xml").display()
            )
        );
        assert!(lines[1].starts_with("  updated ") && lines[3].starts_with("  updated "));
        assert!(
            lines[4..8].iter().all(|l| l.starts_with("  skipped ")),
            "{err}"
        );
        assert!(lines[8].starts_with("model: "));
    }

    #[test]
    fn strict_refuses_a_restated_record() {
        let out = import(&["restated.xml"], &["--strict"]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(stdout(&out), "");
        let err = stderr(&out);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 3, "{err}");
        assert!(
            lines[2].starts_with(&format!(
                "{}:11: Person 12 differs from the copy at {}:34 (",
                fixture("restated.xml").display(),
                fixture("persons.xml").display()
            )),
            "{err}"
        );
        // An exact copy passes.
        let out = import(&[], &["--strict"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let help = stderr(&svcrel(&["import", "--help"], None))
            + &stdout(&svcrel(&["import", "--help"], None));
        assert!(help.contains("--strict"), "{help}");
    }

    #[test]
    fn problems_exit_1_one_per_line() {
        let out = import(&["bad/dangling.xml"], &[]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(stdout(&out), "");
        let file = fixture("bad/dangling.xml");
        assert_eq!(
            stderr(&out),
            format!(
                "{0}:8: manager_id 99: there is no Person 99 in the files\n\
                 {0}:11: team_id 42: there is no Team 42 in the files\n",
                file.display()
            )
        );
        let out = import(&["bad/unclosed.xml"], &[]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).starts_with(&format!(
            "{}:12: malformed XML",
            fixture("bad/unclosed.xml").display()
        )));
    }

    #[test]
    fn usage_errors_exit_2() {
        let out = svcrel(&["import", "itop"], None);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("FILES"), "{}", stderr(&out));
        let out = svcrel(&["import", "ldap", "x.ldif"], None);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("invalid value 'ldap'"));
    }

    #[test]
    fn a_missing_file_exits_1() {
        let out = svcrel(&["import", "itop", "no/such/file.xml"], None);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).starts_with("no/such/file.xml: "));
    }
}

#[test]
fn a_lenient_import_leaves_out_what_needs_a_missing_record() {
    let lenient = ImportOptions::new().missing_references(svcrel::MissingReferences::Skip);
    let import = ImportFormat::Itop
        .import_files_with(files(&["bad/dangling.xml"]), &lenient)
        .expect("a lenient import of the dangling set");
    let file = fixture("bad/dangling.xml").display().to_string();
    // Femi is imported without her manager; her link to a missing team is
    // a record that is only that reference, and is skipped.
    let left_out: Vec<String> = import.left_out().iter().map(|l| l.to_string()).collect();
    assert_eq!(
        left_out,
        [format!(
            "{file}:8: Person 15: manager_id 99: there is no Person 99 in the files"
        )]
    );
    let skips = skipped(&import);
    assert!(
        skips.iter().any(|s| s
            == "dangling.xml:11: lnkPersonToTeam 3: team_id 42: there is no Team 42 in the files"),
        "{skips:#?}"
    );
    let doc = import.document();
    assert!(doc.individuals.iter().any(|i| i.id == "person-15"));
    assert!(!doc.reporting.iter().any(|r| r.individual == "person-15"));
    assert!(doc.memberships.iter().any(|m| m.individual == "person-15"));

    // A service whose organisation is missing is skipped, and so is each
    // contract's funding and usage of it.
    let xml = r#"<Set>
<Organization id="1"><name>Acme</name></Organization>
<Service id="7"><name>Mail</name><org_id>9</org_id></Service>
<CustomerContract id="3"><org_id>1</org_id><start_date>2024-01-01</start_date></CustomerContract>
<lnkCustomerContractToService id="1"><customercontract_id>3</customercontract_id><service_id>7</service_id></lnkCustomerContractToService>
</Set>"#;
    let import = ImportFormat::Itop
        .import_strs_with(&[("a.xml", xml)], &lenient)
        .unwrap();
    assert_eq!(
        skipped(&import),
        ["a.xml:3: Service 7: org_id 9: there is no Organization 9 in the files"]
    );
    let left_out: Vec<String> = import.left_out().iter().map(|l| l.to_string()).collect();
    assert_eq!(
        left_out,
        [
            "a.xml:4: funding of \"service-7\" by \"organization-1\": \"service-7\" is not in the import",
            "a.xml:4: usage of \"service-7\" by \"organization-1\": \"service-7\" is not in the import",
        ]
    );
    assert!(import.document().services.is_empty());
    assert!(import.document().funding.is_empty());
}
