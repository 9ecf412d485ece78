//! The CSV importer: an HR export turned into a model, queried end to end;
//! malformed files, dangling references and conflicting rows reported with
//! file and line.

#![cfg(feature = "csv")]

mod util;

use std::path::{Path, PathBuf};

use svcrel::{
    Answer, ColumnMapping, CsvTable, Date, Document, EmailPolicy, Import, ImportFormat,
    ImportOptions, Match, MissingReferences, Model, Query, Question, Scope,
};
use util::imports::{import_problems, problem_lines, skipped};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/csv")
        .join(name)
}

const FILES: [&str; 5] = [
    "organisations.csv",
    "people.csv",
    "services.csv",
    "funding.csv",
    "usage.csv",
];

fn import() -> Import {
    ImportFormat::Csv
        .import_files(FILES.iter().map(|f| fixture(f)))
        .expect("the fixtures import")
}

fn model() -> Model {
    Model::from_document(import().document()).expect("the imported document validates")
}

/// The problems of importing inline files.
fn problems(files: &[(&str, &str)]) -> Vec<String> {
    let err = ImportFormat::Csv.import_strs(files).unwrap_err();
    import_problems(&err)
}

const ORGS: &str = "id,name,parent\ncouncil,Council,\nit,Council IT,council\n";

#[test]
fn the_export_becomes_the_expected_document() {
    let expected = Document::from_json_file(fixture("expected.json")).unwrap();
    assert_eq!(*import().document(), expected);
    let counts = model().counts();
    assert_eq!(
        (counts.organisations, counts.individuals, counts.services),
        (5, 5, 2)
    );
    assert_eq!(
        (
            counts.memberships,
            counts.reporting,
            counts.funding,
            counts.usage
        ),
        (6, 2, 3, 2)
    );
}

#[test]
fn files_are_known_by_name_in_any_order() {
    let mut reversed: Vec<PathBuf> = FILES.iter().map(|f| fixture(f)).collect();
    reversed.reverse();
    let import = ImportFormat::Csv.import_files(reversed).unwrap();
    assert_eq!(import.into_document(), self::import().into_document());
}

#[test]
fn a_career_is_several_rows() {
    let doc = import().into_document();
    let mary: Vec<String> = doc
        .memberships
        .iter()
        .filter(|m| m.individual == "mary")
        .map(|m| {
            format!(
                "{} {:?} {:?} {:?}",
                m.organisation,
                m.title,
                m.from.map(|d| d.to_string()),
                m.until.map(|d| d.to_string())
            )
        })
        .collect();
    assert_eq!(
        mary,
        [
            r#"planning Some("Planning officer") Some("2018-02-01") Some("2022-07-01")"#,
            r#"education Some("Director of Education") Some("2022-07-01") None"#,
        ]
    );
    assert_eq!(doc.individuals.iter().filter(|i| i.id == "mary").count(), 1);
    let model = model();
    assert_eq!(
        model.top("mary", Some(Date::constant(2020, 1, 1))),
        ["council"]
    );
}

#[test]
fn customers_of_desktop_support() {
    let model = model();
    let customers = model
        .customers_of("desktop-support", &Query::new().max_chain(0))
        .unwrap();
    let rows: Vec<(&str, Scope)> = customers
        .iter()
        .map(|c| (c.party().id(), c.scope()))
        .collect();
    assert_eq!(
        rows,
        [
            ("education", Scope::Internal),
            ("mary", Scope::Internal),
            ("planning", Scope::Internal),
            ("teo", Scope::Internal),
        ]
    );
    // Before the education department's chargeback began.
    let early = Query::new().max_chain(0).as_of(Date::constant(2021, 1, 1));
    let ids: Vec<&str> = model
        .customers_of("desktop-support", &early)
        .unwrap()
        .iter()
        .map(|c| c.party().id())
        .collect();
    assert_eq!(ids, ["planning"]);
    // The school pays cash from outside the council: external.
    let laptops = model.customers_of("laptop-scheme", &Query::new()).unwrap();
    assert!(laptops.iter().all(|c| c.scope() == Scope::External));
    assert_eq!(laptops.len(), 2);
}

#[test]
fn relations_follow_the_dates() {
    let model = model();
    let mary = model
        .relation("mary", "desktop-support", &Query::new())
        .unwrap();
    assert!(
        mary.is_sponsor() && mary.is_customer() && mary.is_consumer() && mary.is_colleague(),
        "{:?}",
        mary.roles()
    );
    let in_2021 = Query::new().as_of(Date::constant(2021, 1, 1));
    let mary = model.relation("mary", "desktop-support", &in_2021).unwrap();
    assert!(
        mary.is_colleague() && !mary.is_sponsor(),
        "{:?}",
        mary.roles()
    );
    let sam = model
        .relation("sam", "desktop-support", &Query::new())
        .unwrap();
    assert!(
        sam.is_consumer() && !sam.is_colleague(),
        "{:?}",
        sam.roles()
    );
}

#[test]
fn emails_are_kept_and_ids_are_the_exports_own() {
    let doc = import().into_document();
    let person = |id: &str| doc.individuals.iter().find(|i| i.id == id).unwrap();
    assert_eq!(person("grace").emails, ["grace.adeyemi@riverside.example"]);
    // Several addresses in one cell, the primary first.
    assert_eq!(
        person("teo").emails,
        ["teo.rossi@riverside.example", "t.rossi@riverside.example"]
    );
    // A row of a career that leaves the email empty takes the person's.
    assert_eq!(person("mary").emails, ["mary.major@riverside.example"]);
    let org = |id: &str| doc.organisations.iter().find(|o| o.id == id).unwrap();
    assert_eq!(org("council-it").emails, ["it-desk@riverside.example"]);
    assert!(org("council").emails.is_empty());
    // The export's ids are the document's: no external ids.
    assert!(doc.individuals.iter().all(|i| i.external_ids.is_empty()));
    assert!(doc.organisations.iter().all(|o| o.external_ids.is_empty()));
}

#[test]
fn a_person_is_found_and_triaged_by_email() {
    let model = model();
    for (text, id) in [
        ("T.Rossi@riverside.example", "teo"),
        ("teo.rossi@riverside.example", "teo"),
        ("it-desk@riverside.example", "council-it"),
    ] {
        let Answer::Find(a) = model.ask(&Question::find(text).into()).unwrap() else {
            unreachable!()
        };
        let found = a.found.map(|c| (c.id, c.matched));
        assert_eq!(found, Some((id.to_owned(), Match::Email)), "{text}");
    }
    // A ticket from Teo about desktop support: his department pays.
    let Answer::Triage(t) = model
        .ask(&Question::triage("t.rossi@riverside.example", "desktop-support").into())
        .unwrap()
    else {
        unreachable!()
    };
    assert_eq!((t.party.as_str(), t.matched), ("teo", Some(Match::Email)));
    assert!(t.entitled);
    assert_eq!(t.payer.as_deref(), Some("education"));
}

#[test]
fn email_cells_are_split_and_checked() {
    let import = ImportFormat::Csv
        .import_strs(&[
            ("organisations.csv", "id,email\nit,desk@it.example;\n"),
            (
                "people.csv",
                "id,email\nann,\"ann@it.example;  a.lee@it.example\ttheann@it.example\"\n\
                 bob,bob@it.example;BOB@it.example\n",
            ),
        ])
        .unwrap();
    let doc = import.document();
    assert_eq!(
        doc.individuals[0].emails,
        ["ann@it.example", "a.lee@it.example", "theann@it.example"]
    );
    // An address given twice is kept once.
    assert_eq!(doc.individuals[1].emails, ["bob@it.example"]);
    assert_eq!(doc.organisations[0].emails, ["desk@it.example"]);
    // Each address that is not one is a problem at its row: white space
    // separates, so a name before an address is read as an address.
    assert_eq!(
        problems(&[
            ("organisations.csv", "id,email\nit,it desk@it.example\n"),
            (
                "people.csv",
                "id,email\nann,ann@it.example\nbob,bob@@it.example\ncat,\"cat\u{1b}[2J@it.example\"\n"
            ),
        ]),
        [
            "organisations.csv:2: email: \"it\" is not an email address",
            "people.csv:3: email: \"bob@@it.example\" is not an email address",
            "people.csv:4: email: \"cat\\u{1b}[2J@it.example\" is not an email address",
        ]
    );
}

#[test]
fn a_persons_rows_agree_on_their_emails() {
    assert_eq!(
        problems(&[
            ("organisations.csv", ORGS),
            (
                "people.csv",
                "id,email,organisation\nann,ann@it.example,it\nann,,council\n\
                 ann,ANN@it.example,council\nann,ann.lee@it.example,council\n"
            ),
        ]),
        [
            "people.csv:5: person \"ann\" has the email \"ann.lee@it.example\" here and \
             \"ann@it.example\" at people.csv:2"
        ]
    );
    // Two people with one address: a problem of the model, at the second.
    assert_eq!(
        problems(&[
            ("organisations.csv", ORGS),
            (
                "people.csv",
                "id,email\nann,desk@it.example\nbob,Desk@it.example\n"
            ),
        ]),
        [
            "people.csv:3: emails: \"desk@it.example\" is already an email of \"ann\" (set \
             \"email_policy\": \"shared\" to let parties share one)"
        ]
    );
}

#[test]
fn phones_are_kept_separated_by_semicolons() {
    let doc = import().into_document();
    let person = |id: &str| doc.individuals.iter().find(|i| i.id == id).unwrap();
    // The primary first; a later row that leaves `phone` empty takes the
    // person's.
    assert_eq!(person("teo").phones, ["+44 1632 960005", "07700 900005"]);
    assert_eq!(person("mary").phones, ["+44 1632 960003"]);
    assert!(person("ahmed").phones.is_empty());
    let it = doc
        .organisations
        .iter()
        .find(|o| o.id == "council-it")
        .unwrap();
    assert_eq!(it.phones, ["+44 1632 960000"]);
    // A number given twice is kept once.
    let import = ImportFormat::Csv
        .import_strs(&[
            (
                "organisations.csv",
                "id,phone
it,555 0100;555 0100 ; ;
",
            ),
            (
                "people.csv",
                "id
ann
",
            ),
        ])
        .unwrap();
    assert_eq!(import.document().organisations[0].phones, ["555 0100"]);
    // Each number that breaks the rule is a problem at its row.
    assert_eq!(
        problems(&[
            (
                "organisations.csv",
                "id,phone
it,switchboard
"
            ),
            (
                "people.csv",
                "id,phone
ann,555 0100
bob,\"555\u{202e}0100\"\n"
            ),
        ]),
        [
            "organisations.csv:2: phone: \"switchboard\" is not a phone number: it has no digit",
            "people.csv:3: phone: \"555\\u{202e}0100\" is not a phone number: it holds a control \
             or format character",
        ]
    );
    // A person's rows that give numbers give the same ones.
    assert_eq!(
        problems(&[
            ("organisations.csv", ORGS),
            (
                "people.csv",
                "id,phone,organisation
ann,555 0100,it
ann,,council
ann,555 0199,council
"
            ),
        ]),
        [
            "people.csv:4: person \"ann\" has the phone \"555 0199\" here and \"555 0100\" at \
          people.csv:2"
        ]
    );
}

#[test]
fn empty_and_repeated_rows_are_skipped_by_name() {
    let import = import();
    assert_eq!(import.records_read(), 20);
    assert_eq!(import.records_mapped(), 18);
    let skipped = skipped(&import);
    assert_eq!(
        skipped,
        [
            "people.csv:8: row: an empty row",
            "people.csv:9: person \"sam\": the same row as line 7",
        ]
    );
}

#[test]
fn repeated_funding_and_usage_rows_are_skipped() {
    let import = ImportFormat::Csv
        .import_strs(&[
            ("organisations.csv", ORGS),
            ("people.csv", "id,name,organisation\nmary,Mary Major,it\n"),
            ("services.csv", "id,provider\nmail,it\n"),
            (
                "funding.csv",
                "payer,service,payment,approved_by\n\
                 council,mail,cash,mary\n\
                 council,mail,cash,mary\n\
                 council,mail,cash,\n",
            ),
            ("usage.csv", "user,service\nit,mail\nmary,mail\nit,mail\n"),
        ])
        .unwrap();
    let doc = import.document();
    // The row without an approver is not a repeat: it is a second link.
    assert_eq!(doc.funding.len(), 2);
    assert_eq!(doc.usage.len(), 2);
    let skipped: Vec<String> = import.skipped().iter().map(|s| s.to_string()).collect();
    assert_eq!(
        skipped,
        [
            "funding.csv:3: funding of \"mail\" by \"council\": the same row as line 2",
            "usage.csv:4: usage of \"mail\" by \"it\": the same row as line 2",
        ]
    );
    assert_eq!(import.records_read(), 2 + 1 + 1 + 3 + 3);
    assert_eq!(import.records_mapped(), import.records_read() - 2);
}

#[test]
fn an_approver_named_twice_approves_once() {
    let import = ImportFormat::Csv
        .import_strs(&[
            ("organisations.csv", ORGS),
            ("people.csv", "id\nmary\nteo\n"),
            ("services.csv", "id,provider\nmail,it\n"),
            (
                "funding.csv",
                "payer,service,payment,approved_by\n\
                 council,mail,cash,mary;mary\n\
                 it,mail,chargeback,mary; teo ;mary;teo\n",
            ),
        ])
        .unwrap();
    let approvers: Vec<Vec<&str>> = import
        .document()
        .funding
        .iter()
        .map(|f| f.approved_by.iter().map(|a| a.as_str()).collect())
        .collect();
    assert_eq!(approvers, [vec!["mary"], vec!["mary", "teo"]]);
    assert!(import.skipped().is_empty());
    // One problem for a missing approver named twice.
    assert_eq!(
        problems(&[
            ("organisations.csv", ORGS),
            ("people.csv", "id\nmary\n"),
            ("services.csv", "id,provider\nmail,it\n"),
            (
                "funding.csv",
                "payer,service,payment,approved_by\nit,mail,cash,zed;mary;zed\n"
            ),
        ]),
        ["funding.csv:2: approved_by \"zed\" is not in people.csv"]
    );
}

#[test]
fn lines_end_at_lf_crlf_or_cr_alone() {
    for end in ["\n", "\r\n", "\r"] {
        let people = [
            "id,manager",
            "ann,",
            "bob,zed",
            "\"cat\",\"\"",
            "dan,zed",
            "",
        ]
        .join(end);
        assert_eq!(
            problems(&[("organisations.csv", ORGS), ("people.csv", &people)]),
            [
                "people.csv:3: manager \"zed\" is not in people.csv",
                "people.csv:5: manager \"zed\" is not in people.csv",
            ],
            "{end:?}"
        );
    }
    // A quoted cell over two lines: the next row starts two lines on.
    let people = "id,name,manager\r\"ann\",\"Ann\rMajor\",\rbob,Bob,zed\r";
    assert_eq!(
        problems(&[("organisations.csv", ORGS), ("people.csv", people)]),
        ["people.csv:4: manager \"zed\" is not in people.csv"]
    );
    // A malformed row is reported at its own line.
    let people = "id,name,manager\r\"ann\",\"Ann\rMajor\",\rbob,Bob,\rcat,Cat\r";
    assert_eq!(
        problems(&[("organisations.csv", ORGS), ("people.csv", people)]),
        ["people.csv:5: this row has 2 cells; the first row has 3"]
    );
    // Mixed line ends count alike.
    let people = "id,manager\r\nann,\rbob,zed\n\ncat,zed\r\n";
    assert_eq!(
        problems(&[("organisations.csv", ORGS), ("people.csv", people)]),
        [
            "people.csv:3: manager \"zed\" is not in people.csv",
            "people.csv:5: manager \"zed\" is not in people.csv",
        ]
    );
}

#[test]
fn a_dangling_reference_names_file_line_and_id() {
    let err = ImportFormat::Csv
        .import_files([fixture("organisations.csv"), fixture("bad/people.csv")])
        .unwrap_err();
    let file = fixture("bad/people.csv");
    let found: Vec<_> = err
        .import_problems()
        .iter()
        .map(|p| (p.file(), p.line(), p.id(), p.message()))
        .collect();
    assert_eq!(
        found,
        [
            (
                Some(file.as_path()),
                Some(3),
                Some("gracie"),
                "manager \"gracie\" is not in people.csv"
            ),
            (
                Some(file.as_path()),
                Some(4),
                Some("parks"),
                "organisation \"parks\" is not in organisations.csv"
            ),
        ]
    );
}

#[test]
fn a_malformed_file_names_file_and_line() {
    let err = ImportFormat::Csv
        .import_files([fixture("bad/organisations.csv"), fixture("people.csv")])
        .unwrap_err();
    let lines = problem_lines(&err);
    assert_eq!(
        lines,
        [format!(
            "{}:4: this row has 2 cells; the first row has 3",
            fixture("bad/organisations.csv").display()
        )]
    );
}

#[test]
fn columns_and_files_are_checked() {
    assert_eq!(
        problems(&[
            ("organisations.csv", "id,name,colour\n"),
            ("people.csv", "name,title\n"),
        ]),
        [
            "organisations.csv:1: \"colour\" is not a column of organisations.csv: its columns \
             are id, name, email, phone, parent; read a header as one of them with --column \
             COLUMN=HEADER, or leave it out with --ignore-column HEADER",
            "people.csv:1: people.csv needs the column \"id\"",
        ]
    );
    assert_eq!(
        problems(&[("people.csv", "id\n"), ("staff.csv", "id\n")]),
        [
            "the CSV import needs people.csv and organisations.csv; organisations.csv not given",
            "staff.csv:1: \"staff.csv\" is not a file the CSV import reads: name it people.csv, \
             organisations.csv, services.csv, funding.csv or usage.csv, or say which it is \
             (--people FILE, --organisations FILE, …)",
        ]
    );
    assert_eq!(
        problems(&[("organisations.csv", "id,id\n"), ("people.csv", "id\n")]),
        ["organisations.csv:1: the column \"id\" is named twice"]
    );
}

#[test]
fn ids_are_unique_across_files() {
    assert_eq!(
        problems(&[
            ("organisations.csv", ORGS),
            ("people.csv", "id,name\nann,Ann\nit,Ivy Tan\n"),
            ("services.csv", "id,provider\nann,it\n"),
        ]),
        [
            "people.csv:3: \"it\" is already the id of an organisation at organisations.csv:3",
            "services.csv:2: \"ann\" is already the id of a person at people.csv:2",
        ]
    );
    assert_eq!(
        problems(&[
            (
                "organisations.csv",
                "id,name\nit,Council IT\nit,IT Department\n"
            ),
            ("people.csv", "id,name\nann,Ann Lee\nann,Ann Smith\n"),
        ]),
        [
            "organisations.csv:3: organisation \"it\" differs from the row at \
             organisations.csv:2",
            "people.csv:3: person \"ann\" is named \"Ann Smith\" here and \"Ann Lee\" at \
             people.csv:2",
        ]
    );
}

#[test]
fn values_are_checked_with_their_line() {
    assert_eq!(
        problems(&[
            ("organisations.csv", ORGS),
            (
                "people.csv",
                "id,organisation,title,manager,from,until\n\
                 ann,it,Analyst,,2024-13-01,\n\
                 bob,,Clerk,,,\n\
                 cat,,,,2024-01-01,\n\
                 dan,it,,council,,\n"
            ),
            ("services.csv", "id,provider\nmail,it\n"),
            (
                "funding.csv",
                "payer,service,payment,approved_by\nit,mail,barter,\nit,mail,cash,ann;zed\n"
            ),
            ("usage.csv", "user,service\nit,mall\n"),
        ]),
        // In the order the files were given, then by line.
        [
            "people.csv:2: from: \"2024-13-01\" is not a calendar date: failed to parse two \
             digit integer as month: parameter 'month' is not in the required range of 1..=12",
            "people.csv:3: the title \"Clerk\" is a title in no organisation",
            "people.csv:4: from and until date a membership or a reporting line, and this row \
             has no organisation and no manager",
            "people.csv:5: manager \"council\" is an organisation (at organisations.csv:2), not \
             a person",
            "funding.csv:2: payment: \"barter\" is not one of cash, trade, chargeback, \
             allocation, none",
            "funding.csv:3: approved_by \"zed\" is not in people.csv",
            "usage.csv:2: service \"mall\" is not in services.csv",
        ]
    );
}

#[test]
fn an_invalid_model_is_reported_at_the_rows() {
    assert_eq!(
        problems(&[
            ("organisations.csv", "id,parent\na,b\nb,a\n"),
            (
                "people.csv",
                "id,manager,from,until\nann,bob,,\nbob,ann,,\ncat,cat,,\ndan,ann,2024-01-01,2023-01-01\n"
            ),
        ]),
        [
            "organisations.csv:2: parent: \"a\" is its own ancestor: a → b → a",
            "people.csv:2: manager: \"bob\" closes a reporting cycle: ann → bob → ann",
            "people.csv:4: manager: \"cat\" reports to themself",
            "people.csv:5: from: 2024-01-01 is not before until 2023-01-01",
        ]
    );
}

#[cfg(feature = "cli")]
#[test]
fn semicolons_or_tabs_separate_cells_when_the_header_says_so() {
    let orgs = "id,name,parent\ncouncil,\"Council, City of\",\nit,Council IT,council\n";
    let people = "id,name,organisation,manager\nann,Ann,it,\nbob,Bob,it,ann\n";
    let commas = ImportFormat::Csv
        .import_strs(&[("organisations.csv", orgs), ("people.csv", people)])
        .unwrap();
    let semicolons = ImportFormat::Csv
        .import_strs(&[
            (
                "organisations.csv",
                "id;name;parent\ncouncil;Council, City of;\nit;Council IT;council\n",
            ),
            ("people.csv", &people.replace(',', "\t")),
        ])
        .unwrap();
    assert_eq!(semicolons.document(), commas.document());
    assert_eq!(
        commas.document().organisations[0].name.as_deref(),
        Some("Council, City of")
    );
}

#[test]
fn a_directory_stands_for_its_csv_files_in_name_order() {
    let from_dir = ImportFormat::Csv
        .import_files([fixture("")])
        .expect("the directory imports");
    // The same files in name order (the subdirectory `bad` is not read).
    let mut files = FILES.to_vec();
    files.sort_unstable();
    let from_files = ImportFormat::Csv
        .import_files(files.iter().map(|f| fixture(f)))
        .unwrap();
    assert_eq!(from_dir.document(), from_files.document());
    assert_eq!(from_dir.files_read(), 5);
    let empty = ImportFormat::Csv
        .import_files([Path::new(env!("CARGO_MANIFEST_DIR")).join("src/bin")])
        .unwrap_err();
    assert_eq!(empty.kind(), svcrel::ErrorKind::Io);
    assert!(empty.to_string().contains("holds no .csv file"), "{empty}");
}

/// The options an HR export with its own file and column names needs.
fn partial_options() -> ImportOptions {
    let column = |text: &str| text.parse::<ColumnMapping>().unwrap();
    ImportOptions::new()
        .csv_table(fixture("partial/employees.csv"), CsvTable::People)
        .csv_table(fixture("partial/units.csv"), CsvTable::Organisations)
        .csv_column(column("people.id=employee_number"))
        .csv_column(column("organisations.id=unit_code"))
        .csv_ignore_column("hire_date")
}

fn partial_files() -> [PathBuf; 2] {
    [
        fixture("partial/units.csv"),
        fixture("partial/employees.csv"),
    ]
}

#[test]
fn files_and_columns_named_by_options_import() {
    // Strict about references, the export's missing manager, unit and
    // parent are each a problem, all at once.
    let err = ImportFormat::Csv
        .import_files_with(partial_files(), &partial_options())
        .unwrap_err();
    let people = fixture("partial/employees.csv").display().to_string();
    let units = fixture("partial/units.csv").display().to_string();
    assert_eq!(
        problem_lines(&err),
        [
            format!("{units}:2: parent \"DOD\" is not in organisations.csv"),
            format!("{people}:4: manager \"0999\" is not in people.csv"),
            format!("{people}:5: organisation \"ARMY\" is not in organisations.csv"),
        ]
    );
}

#[test]
fn a_lenient_import_leaves_out_missing_references_and_lists_them() {
    let options = partial_options().missing_references(MissingReferences::Skip);
    let import = ImportFormat::Csv
        .import_files_with(partial_files(), &options)
        .expect("a lenient import of the partial export");
    let people = fixture("partial/employees.csv").display().to_string();
    let units = fixture("partial/units.csv").display().to_string();
    let left_out: Vec<String> = import.left_out().iter().map(|l| l.to_string()).collect();
    assert_eq!(
        left_out,
        [
            format!("{units}:2: organisation \"NAVY\": parent \"DOD\" is not in organisations.csv"),
            format!("{people}:4: person \"1003\": manager \"0999\" is not in people.csv"),
            format!(
                "{people}:5: person \"1004\": organisation \"ARMY\" is not in organisations.csv"
            ),
        ]
    );
    // Every person is imported; only what needs the missing records is not.
    assert_eq!(import.records_mapped(), 5);
    let doc = import.document();
    assert_eq!(doc.individuals.len(), 4);
    assert_eq!(doc.organisations[0].parent, None);
    let lines: Vec<(&str, &str)> = doc
        .reporting
        .iter()
        .map(|r| (r.individual.as_str(), r.manager.as_str()))
        .collect();
    assert_eq!(lines, [("1002", "1001"), ("1004", "1001")]);
    let members: Vec<&str> = doc
        .memberships
        .iter()
        .map(|m| m.individual.as_str())
        .collect();
    assert_eq!(members, ["1001", "1002", "1003"]);
    // The people are found by their addresses, and triaged.
    let model = Model::from_document(doc).unwrap();
    let Answer::Find(a) = model
        .ask(&Question::find("BO@navy.example").into())
        .unwrap()
    else {
        unreachable!()
    };
    let found = a.found.map(|c| (c.id, c.matched));
    assert_eq!(found, Some(("1003".to_owned(), Match::Email)));
}

#[test]
fn a_lenient_import_skips_rows_that_are_only_a_missing_reference() {
    let options = ImportOptions::new().missing_references(MissingReferences::Skip);
    let import = ImportFormat::Csv
        .import_strs_with(
            &[
                ("organisations.csv", "id\nacme\n"),
                ("people.csv", "id,organisation\nmary,acme\n"),
                ("services.csv", "id,provider\nmail,acme\nwiki,gone\n"),
                (
                    "funding.csv",
                    "payer,service,payment,approved_by\nacme,mail,cash,mary;nobody\nacme,wiki,cash,\nghost,mail,cash,\n",
                ),
                ("usage.csv", "user,service\nmary,wiki\n"),
            ],
            &options,
        )
        .expect("a lenient import");
    assert_eq!(
        skipped(&import),
        [
            "services.csv:3: service \"wiki\": provider \"gone\" is not in organisations.csv or people.csv",
            "funding.csv:4: funding of \"mail\" by \"ghost\": payer \"ghost\" is not in organisations.csv or people.csv",
        ]
    );
    let left_out: Vec<String> = import.left_out().iter().map(|l| l.to_string()).collect();
    assert_eq!(
        left_out,
        [
            "funding.csv:2: funding of \"mail\" by \"acme\": approved_by \"nobody\" is not in people.csv",
            "funding.csv:3: funding of \"wiki\" by \"acme\": \"wiki\" is not in the import",
            "usage.csv:2: usage of \"wiki\" by \"mary\": \"wiki\" is not in the import",
        ]
    );
    let doc = import.document();
    assert_eq!(doc.services.len(), 1);
    assert_eq!(doc.funding.len(), 1);
    assert_eq!(doc.funding[0].approved_by, ["mary"]);
    assert!(doc.usage.is_empty());
    assert!(doc.validate().is_ok());
    // A row with two missing references is skipped once, for both.
    let import = ImportFormat::Csv
        .import_strs_with(
            &[
                ("organisations.csv", "id\nacme\n"),
                ("people.csv", "id\n"),
                ("usage.csv", "user,service\nghost,none\n"),
            ],
            &options,
        )
        .unwrap();
    assert_eq!(
        skipped(&import),
        [
            "usage.csv:2: usage of \"none\" by \"ghost\": user \"ghost\" is not in \
          organisations.csv or people.csv; service \"none\" is not in services.csv \
          (services.csv was not given)"
        ]
    );
    assert_eq!(import.records_mapped(), 1);
}

#[test]
fn column_mappings_are_checked() {
    let options = ImportOptions::new()
        .csv_column("people.id=employee_number".parse().unwrap())
        .csv_column("name=full_name".parse().unwrap());
    let err = ImportFormat::Csv
        .import_strs_with(
            &[
                ("organisations.csv", "id\nacme\n"),
                ("people.csv", "employee_number,id\n1,2\n"),
            ],
            &options,
        )
        .unwrap_err();
    assert_eq!(
        import_problems(&err),
        [
            "the column mapping name=full_name: no file with the column has the header \"full_name\"",
            "people.csv:1: the column \"id\" is named twice",
        ]
    );
    let err = "people.boss=manager_id"
        .parse::<ColumnMapping>()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "\"boss\" is not a column of people.csv: its columns are id, name, email, phone, \
         organisation, title, manager, from, until"
    );
    let err = "staff.id=key".parse::<ColumnMapping>().unwrap_err();
    assert!(
        err.to_string().starts_with("\"staff\" is not a CSV table"),
        "{err}"
    );
    assert!("id".parse::<ColumnMapping>().is_err());
    assert!("id=".parse::<ColumnMapping>().is_err());
}

#[test]
fn shared_emails_import_when_the_options_say_so() {
    let files = [
        (
            "organisations.csv",
            "id,email\nacme,desk@example.com\nbeta,desk@example.com\n",
        ),
        ("people.csv", "id\n"),
    ];
    let err = ImportFormat::Csv.import_strs(&files).unwrap_err();
    assert!(
        import_problems(&err)[0].contains("desk@example.com"),
        "{err}"
    );
    let options = ImportOptions::new().email_policy(EmailPolicy::Shared);
    let import = ImportFormat::Csv
        .import_strs_with(&files, &options)
        .unwrap();
    assert_eq!(import.document().email_policy, EmailPolicy::Shared);
    assert!(
        import
            .document()
            .to_json_string()
            .contains("\"email_policy\": \"shared\"")
    );
}

mod cli {
    use crate::util::cli::{stderr, stdout, svcrel, svcrel_bytes};

    use super::{FILES, fixture};

    #[test]
    fn a_directory_imports_as_its_files() {
        let dir = fixture("").display().to_string();
        let out = svcrel(&["import", "csv", &dir], None);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(
            stdout(&out),
            std::fs::read_to_string(fixture("expected.json")).unwrap()
        );
    }

    #[test]
    fn the_output_passes_check() {
        let paths: Vec<String> = FILES
            .iter()
            .map(|f| fixture(f).display().to_string())
            .collect();
        let mut args = vec!["import", "csv"];
        args.extend(paths.iter().map(String::as_str));
        let out = svcrel(&args, None);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(
            stdout(&out),
            std::fs::read_to_string(fixture("expected.json")).unwrap()
        );
        assert_eq!(
            stderr(&out).lines().next(),
            Some("csv: read 20 records from 5 files: 18 mapped, 2 skipped (--verbose lists them)")
        );
        let check = svcrel_bytes(&["check", "--model", "-"], Some(&out.stdout));
        assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
        assert_eq!(
            stdout(&check),
            "ok: 5 organisations, 5 individuals, 2 services; 6 memberships, 2 reporting lines, \
             3 funding links, 2 usage links, 0 dependencies, 0 oversight links, 0 partnerships\n"
        );
    }

    #[test]
    fn named_files_mapped_columns_and_lenient() {
        let people = fixture("partial/employees.csv").display().to_string();
        let units = fixture("partial/units.csv").display().to_string();
        let args = [
            "import",
            "csv",
            "--people",
            &people,
            "--organisations",
            &units,
            "--column",
            "people.id=employee_number",
            "--column",
            "organisations.id=unit_code",
            "--ignore-column",
            "hire_date",
        ];
        let out = svcrel(&args, None);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("manager \"0999\" is not in people.csv"));

        let mut lenient = args.to_vec();
        lenient.extend(["--lenient", "--verbose"]);
        let out = svcrel(&lenient, None);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(
            err.lines().next(),
            Some(
                "csv: read 5 records from 2 files: 5 mapped, 0 skipped, 3 references left out \
                 of mapped records"
            )
        );
        assert!(err.contains(&format!(
            "  left out {people}:4: person \"1003\": manager \"0999\" is not in people.csv\n"
        )));
        let check = svcrel_bytes(&["check", "--model", "-"], Some(&out.stdout));
        assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    }

    #[test]
    fn csv_flags_are_for_csv() {
        let file = fixture("people.csv").display().to_string();
        let out = svcrel(&["import", "itop", &file, "--people", &file], None);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr(&out).contains("are for CSV files"),
            "{}",
            stderr(&out)
        );
        let dir = fixture("partial").display().to_string();
        let out = svcrel(&["import", "csv", "--people", &dir], None);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr(&out).contains("--people names the file of people"),
            "{}",
            stderr(&out)
        );
        let out = svcrel(&["import", "csv", "--column", "people.boss=x"], None);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("\"boss\" is not a column of people.csv"));
    }

    #[test]
    fn problems_exit_1_one_per_line() {
        let people = fixture("bad/people.csv").display().to_string();
        let orgs = fixture("organisations.csv").display().to_string();
        let out = svcrel(&["import", "csv", &orgs, &people], None);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(stdout(&out), "");
        assert_eq!(
            stderr(&out),
            format!(
                "{people}:3: manager \"gracie\" is not in people.csv\n\
                 {people}:4: organisation \"parks\" is not in organisations.csv\n"
            )
        );
    }
}

mod lenient {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use svcrel::{ImportFormat, ImportOptions, MissingReferences, Model};

    /// A reference into a pool of ids, some of which the files define.
    fn pick(pool: &'static [&'static str]) -> impl Strategy<Value = Option<&'static str>> {
        proptest::option::of(proptest::sample::select(pool))
    }

    const ORGS: &[&str] = &["o0", "o1", "o2", "o3"];
    const PEOPLE: &[&str] = &["p0", "p1", "p2", "p3"];
    const SERVICES: &[&str] = &["s0", "s1", "s2"];
    const PARTIES: &[&str] = &["o0", "o1", "o2", "o3", "p0", "p1", "p2", "p3"];

    /// An HR export whose references may name ids it does not define:
    /// which ids of each pool are defined, each entity's references, and
    /// funding and usage rows.
    #[derive(Debug, Clone)]
    struct Export {
        orgs: Vec<(bool, Option<&'static str>)>,
        people: Vec<(bool, Option<&'static str>, Option<&'static str>)>,
        services: Vec<(bool, &'static str)>,
        funding: Vec<(&'static str, &'static str, Option<&'static str>)>,
        usage: Vec<(&'static str, &'static str)>,
    }

    fn export() -> impl Strategy<Value = Export> {
        (
            proptest::collection::vec((any::<bool>(), pick(ORGS)), ORGS.len()),
            proptest::collection::vec((any::<bool>(), pick(ORGS), pick(PEOPLE)), PEOPLE.len()),
            proptest::collection::vec(
                (any::<bool>(), proptest::sample::select(PARTIES)),
                SERVICES.len(),
            ),
            proptest::collection::vec(
                (
                    proptest::sample::select(PARTIES),
                    proptest::sample::select(SERVICES),
                    pick(PEOPLE),
                ),
                0..4,
            ),
            proptest::collection::vec(
                (
                    proptest::sample::select(PARTIES),
                    proptest::sample::select(SERVICES),
                ),
                0..4,
            ),
        )
            .prop_map(|(orgs, people, services, funding, usage)| Export {
                orgs,
                people,
                services,
                funding,
                usage,
            })
    }

    impl Export {
        /// The files, and whether every reference names a defined id.
        /// A parent or manager names only an entity before it, so that no
        /// export makes a cycle; a funding or usage pair is given once.
        fn files(&self) -> (Vec<(&'static str, String)>, bool) {
            let defined = |pool: &[&str], flags: &[bool], id: &str| {
                pool.iter().zip(flags).any(|(p, f)| *p == id && *f)
            };
            let org_flags: Vec<bool> = self.orgs.iter().map(|o| o.0).collect();
            let person_flags: Vec<bool> = self.people.iter().map(|p| p.0).collect();
            let service_flags: Vec<bool> = self.services.iter().map(|s| s.0).collect();
            let party =
                |id: &str| defined(ORGS, &org_flags, id) || defined(PEOPLE, &person_flags, id);
            let mut whole = true;
            let mut check = |known: bool| whole &= known;
            let earlier = |pool: &[&str], i: usize, r: Option<&'static str>| {
                r.filter(|r| pool.iter().position(|p| p == r).is_none_or(|j| j < i))
            };
            let mut orgs = String::from("id,parent\n");
            for (i, (here, parent)) in self.orgs.iter().enumerate() {
                if *here {
                    let parent = earlier(ORGS, i, *parent);
                    if let Some(p) = parent {
                        check(defined(ORGS, &org_flags, p));
                    }
                    orgs += &format!("{},{}\n", ORGS[i], parent.unwrap_or_default());
                }
            }
            let mut people = String::from("id,organisation,manager\n");
            for (i, (here, org, manager)) in self.people.iter().enumerate() {
                if *here {
                    let manager = earlier(PEOPLE, i, *manager);
                    if let Some(o) = org {
                        check(defined(ORGS, &org_flags, o));
                    }
                    if let Some(m) = manager {
                        check(defined(PEOPLE, &person_flags, m));
                    }
                    people += &format!(
                        "{},{},{}\n",
                        PEOPLE[i],
                        org.unwrap_or_default(),
                        manager.unwrap_or_default()
                    );
                }
            }
            let mut services = String::from("id,provider\n");
            for (i, (here, provider)) in self.services.iter().enumerate() {
                if *here {
                    check(party(provider));
                    services += &format!("{},{provider}\n", SERVICES[i]);
                }
            }
            let mut funding = String::from("payer,service,payment,approved_by\n");
            let pairs: BTreeMap<_, _> = self
                .funding
                .iter()
                .map(|(p, s, a)| ((*p, *s), *a))
                .collect();
            for ((payer, service), approver) in pairs {
                check(party(payer) && defined(SERVICES, &service_flags, service));
                if let Some(a) = approver {
                    check(defined(PEOPLE, &person_flags, a));
                }
                funding += &format!("{payer},{service},cash,{}\n", approver.unwrap_or_default());
            }
            let mut usage = String::from("user,service\n");
            let pairs: BTreeMap<_, _> = self.usage.iter().map(|(u, s)| ((*u, *s), ())).collect();
            for (user, service) in pairs.keys() {
                check(party(user) && defined(SERVICES, &service_flags, service));
                usage += &format!("{user},{service}\n");
            }
            let files = vec![
                ("organisations.csv", orgs),
                ("people.csv", people),
                ("services.csv", services),
                ("funding.csv", funding),
                ("usage.csv", usage),
            ];
            (files, whole)
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Whatever an export leaves out, a lenient import makes a valid
        /// model of the rest and lists what it left out; a strict import
        /// fails exactly when a reference names a missing record.
        #[test]
        fn a_lenient_import_always_makes_a_valid_model(export in export()) {
            let (files, whole) = export.files();
            let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
            let strict = ImportFormat::Csv.import_strs(&refs);
            prop_assert_eq!(strict.is_ok(), whole, "{:?}", strict.as_ref().err());
            let lenient = ImportOptions::new().missing_references(MissingReferences::Skip);
            let import = ImportFormat::Csv.import_strs_with(&refs, &lenient);
            let import = match import {
                Ok(import) => import,
                Err(err) => return Err(TestCaseError::fail(format!("{err}"))),
            };
            prop_assert!(import.document().validate().is_ok());
            prop_assert!(Model::from_document(import.document()).is_ok());
            let listed = import.skipped().len() + import.left_out().len();
            prop_assert_eq!(listed == 0, whole);
        }
    }
}

#[test]
fn a_long_bad_email_is_shown_by_its_start() {
    let long = "x".repeat(100_000);
    let people = format!("id,email\nmary,{long}\n");
    let lines = problems(&[("organisations.csv", "id\n"), ("people.csv", &people)]);
    assert_eq!(
        lines,
        [format!(
            "people.csv:2: email: \"{}\"… is not an email address",
            "x".repeat(120)
        )]
    );
}
