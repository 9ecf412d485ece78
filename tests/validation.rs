//! Every rule of the model document (format version 1), each broken on
//! its own in a small document, with the exact problem it yields: the line
//! a person reads and the section, index, field, id and kind a program
//! reads.

use svcrel::{Document, ErrorKind, Model, Problem, ProblemKind, Section};

use ProblemKind as K;
use Section as S;

/// What a problem says, in the order a reader takes it in.
type Said<'p> = (
    String,
    ProblemKind,
    Section,
    Option<usize>,
    Option<&'p str>,
    Option<&'p str>,
);

fn said(p: &Problem) -> Said<'_> {
    (
        p.to_string(),
        p.kind(),
        p.section(),
        p.index(),
        p.field(),
        p.id(),
    )
}

/// The problems of a document read and checked in one go. When its shape
/// is sound, checking the read `Document` on its own (or building a model
/// from it) must find exactly the same problems.
#[track_caller]
fn problems_of(json: &str) -> Vec<Problem> {
    let err = Model::from_json_str(json).expect_err("the document should be rejected");
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(
        !err.problems().is_empty(),
        "an invalid document names a problem"
    );
    if let Ok(doc) = Document::from_json_str(json) {
        let again = doc.validate().expect_err("Document::validate should agree");
        assert_eq!(again.problems(), err.problems());
        let again = Model::from_document(&doc).expect_err("Model::from_document should agree");
        assert_eq!(again.problems(), err.problems());
    }
    err.problems().to_vec()
}

/// The one problem of a document with exactly one.
#[track_caller]
fn the_problem(json: &str) -> Problem {
    let problems = problems_of(json);
    assert_eq!(
        problems.len(),
        1,
        "expected one problem, found {problems:#?}"
    );
    problems.into_iter().next().unwrap()
}

/// The lines a person reads, one per problem.
#[track_caller]
fn lines_of(json: &str) -> Vec<String> {
    problems_of(json).iter().map(Problem::to_string).collect()
}

#[track_caller]
fn valid(json: &str) -> Model {
    match Model::from_json_str(json) {
        Ok(model) => model,
        Err(err) => panic!("expected a valid document, found {:#?}", err.problems()),
    }
}

/// Two organisations, two individuals and two services, all sound.
const ENTITIES: &str = r#"
    "organisations": [{"id": "acme"}, {"id": "acme-it", "parent": "acme"}],
    "individuals": [{"id": "dana"}, {"id": "eli"}],
    "services": [{"id": "mail", "provider": "acme-it"}, {"id": "dns", "provider": "acme-it"}]"#;

/// A document of [`ENTITIES`] and the given lists of links.
fn with_links(links: &str) -> String {
    format!(r#"{{"version": 1, {ENTITIES}, {links}}}"#)
}

#[test]
fn the_entities_alone_are_valid() {
    let model = valid(&with_links(r#""usage": []"#));
    assert_eq!(model.counts().entities(), 6);
}

// Ids.

#[test]
fn an_id_given_twice_in_one_list_is_a_problem() {
    let p = the_problem(r#"{"version": 1, "individuals": [{"id": "dana"}, {"id": "dana"}]}"#);
    assert_eq!(
        said(&p),
        (
            r#"individuals[1].id: "dana" is already the id of individuals[0]"#.to_owned(),
            K::DuplicateId,
            S::Individuals,
            Some(1),
            Some("id"),
            Some("dana"),
        )
    );
}

#[test]
fn organisations_individuals_and_services_share_one_namespace() {
    let json = r#"{"version": 1,
        "organisations": [{"id": "x"}],
        "individuals": [{"id": "x"}],
        "services": [{"id": "x", "provider": "x"}]}"#;
    let problems = problems_of(json);
    let said: Vec<_> = problems.iter().map(said).collect();
    assert_eq!(
        said,
        [
            (
                r#"individuals[0].id: "x" is already the id of organisations[0]"#.to_owned(),
                K::DuplicateId,
                S::Individuals,
                Some(0),
                Some("id"),
                Some("x"),
            ),
            (
                r#"services[0].id: "x" is already the id of organisations[0]"#.to_owned(),
                K::DuplicateId,
                S::Services,
                Some(0),
                Some("id"),
                Some("x"),
            ),
        ]
    );
}

#[test]
fn an_empty_id_is_a_problem() {
    let p = the_problem(r#"{"version": 1, "organisations": [{"id": "acme"}, {"id": ""}]}"#);
    assert_eq!(
        said(&p),
        (
            "organisations[1].id: the id is empty".to_owned(),
            K::EmptyId,
            S::Organisations,
            Some(1),
            Some("id"),
            None,
        )
    );
}

#[test]
fn an_empty_reference_is_a_problem() {
    let p = the_problem(&with_links(r#""usage": [{"user": "", "service": "mail"}]"#));
    assert_eq!(
        said(&p),
        (
            "usage[0].user: the id is empty".to_owned(),
            K::EmptyId,
            S::Usage,
            Some(0),
            Some("user"),
            None,
        )
    );
}

// References: every field that names an entity, to nothing and to an
// entity of the wrong kind.

/// A document with one faulty reference, and the line it must yield.
struct Reference {
    json: String,
    line: &'static str,
    section: Section,
    field: &'static str,
    id: &'static str,
}

fn references_to_nothing() -> Vec<Reference> {
    let entity_case = |json: &str, line, section, field, id| Reference {
        json: json.to_owned(),
        line,
        section,
        field,
        id,
    };
    let link_case = |links: &str, line, section, field, id| Reference {
        json: with_links(links),
        line,
        section,
        field,
        id,
    };
    vec![
        entity_case(
            r#"{"version": 1, "organisations": [{"id": "acme-it", "parent": "acme"}]}"#,
            r#"organisations[0].parent: "acme" names no organisation"#,
            S::Organisations,
            "parent",
            "acme",
        ),
        entity_case(
            r#"{"version": 1, "services": [{"id": "mail", "provider": "acme-it"}]}"#,
            r#"services[0].provider: "acme-it" names no organisation or individual"#,
            S::Services,
            "provider",
            "acme-it",
        ),
        link_case(
            r#""memberships": [{"individual": "ghost", "organisation": "acme"}]"#,
            r#"memberships[0].individual: "ghost" names no individual"#,
            S::Memberships,
            "individual",
            "ghost",
        ),
        link_case(
            r#""memberships": [{"individual": "dana", "organisation": "ghost-co"}]"#,
            r#"memberships[0].organisation: "ghost-co" names no organisation"#,
            S::Memberships,
            "organisation",
            "ghost-co",
        ),
        link_case(
            r#""reporting": [{"individual": "ghost", "manager": "dana"}]"#,
            r#"reporting[0].individual: "ghost" names no individual"#,
            S::Reporting,
            "individual",
            "ghost",
        ),
        link_case(
            r#""reporting": [{"individual": "dana", "manager": "ghost"}]"#,
            r#"reporting[0].manager: "ghost" names no individual"#,
            S::Reporting,
            "manager",
            "ghost",
        ),
        link_case(
            r#""funding": [{"payer": "ghost-co", "service": "mail", "payment": "cash"}]"#,
            r#"funding[0].payer: "ghost-co" names no organisation or individual"#,
            S::Funding,
            "payer",
            "ghost-co",
        ),
        link_case(
            r#""funding": [{"payer": "acme", "service": "ghost-app", "payment": "cash"}]"#,
            r#"funding[0].service: "ghost-app" names no service"#,
            S::Funding,
            "service",
            "ghost-app",
        ),
        link_case(
            r#""funding": [{"payer": "acme", "service": "mail", "payment": "cash", "approved_by": ["dana", "ghost"]}]"#,
            r#"funding[0].approved_by[1]: "ghost" names no individual"#,
            S::Funding,
            "approved_by[1]",
            "ghost",
        ),
        link_case(
            r#""usage": [{"user": "ghost-a", "service": "mail"}]"#,
            r#"usage[0].user: "ghost-a" names no organisation or individual"#,
            S::Usage,
            "user",
            "ghost-a",
        ),
        link_case(
            r#""usage": [{"user": "dana", "service": "ghost-app"}]"#,
            r#"usage[0].service: "ghost-app" names no service"#,
            S::Usage,
            "service",
            "ghost-app",
        ),
        link_case(
            r#""dependencies": [{"service": "ghost-app", "depends_on": "dns"}]"#,
            r#"dependencies[0].service: "ghost-app" names no service"#,
            S::Dependencies,
            "service",
            "ghost-app",
        ),
        link_case(
            r#""dependencies": [{"service": "mail", "depends_on": "ghost-app"}]"#,
            r#"dependencies[0].depends_on: "ghost-app" names no service"#,
            S::Dependencies,
            "depends_on",
            "ghost-app",
        ),
        link_case(
            r#""oversight": [{"overseer": "ghost", "organisation": "acme-it"}]"#,
            r#"oversight[0].overseer: "ghost" names no organisation or individual"#,
            S::Oversight,
            "overseer",
            "ghost",
        ),
        link_case(
            r#""oversight": [{"overseer": "dana", "organisation": "ghost-co"}]"#,
            r#"oversight[0].organisation: "ghost-co" names no organisation"#,
            S::Oversight,
            "organisation",
            "ghost-co",
        ),
        link_case(
            r#""partnerships": [{"parties": ["ghost-co", "acme"]}]"#,
            r#"partnerships[0].parties[0]: "ghost-co" names no organisation or individual"#,
            S::Partnerships,
            "parties[0]",
            "ghost-co",
        ),
        link_case(
            r#""partnerships": [{"parties": ["acme", "ghost-co"]}]"#,
            r#"partnerships[0].parties[1]: "ghost-co" names no organisation or individual"#,
            S::Partnerships,
            "parties[1]",
            "ghost-co",
        ),
    ]
}

fn references_to_the_wrong_kind() -> Vec<Reference> {
    let entity_case = |json: &str, line, section, field, id| Reference {
        json: json.to_owned(),
        line,
        section,
        field,
        id,
    };
    let link_case = |links: &str, line, section, field, id| Reference {
        json: with_links(links),
        line,
        section,
        field,
        id,
    };
    vec![
        entity_case(
            r#"{"version": 1, "organisations": [{"id": "acme-it", "parent": "dana"}], "individuals": [{"id": "dana"}]}"#,
            r#"organisations[0].parent: "dana" is an individual, not an organisation"#,
            S::Organisations,
            "parent",
            "dana",
        ),
        entity_case(
            r#"{"version": 1, "organisations": [{"id": "acme"}],
                "services": [{"id": "mail", "provider": "dns"}, {"id": "dns", "provider": "acme"}]}"#,
            r#"services[0].provider: "dns" is a service, not an organisation or individual"#,
            S::Services,
            "provider",
            "dns",
        ),
        link_case(
            r#""memberships": [{"individual": "acme-it", "organisation": "acme"}]"#,
            r#"memberships[0].individual: "acme-it" is an organisation, not an individual"#,
            S::Memberships,
            "individual",
            "acme-it",
        ),
        link_case(
            r#""memberships": [{"individual": "dana", "organisation": "eli"}]"#,
            r#"memberships[0].organisation: "eli" is an individual, not an organisation"#,
            S::Memberships,
            "organisation",
            "eli",
        ),
        link_case(
            r#""reporting": [{"individual": "mail", "manager": "dana"}]"#,
            r#"reporting[0].individual: "mail" is a service, not an individual"#,
            S::Reporting,
            "individual",
            "mail",
        ),
        link_case(
            r#""reporting": [{"individual": "dana", "manager": "acme"}]"#,
            r#"reporting[0].manager: "acme" is an organisation, not an individual"#,
            S::Reporting,
            "manager",
            "acme",
        ),
        link_case(
            r#""funding": [{"payer": "dns", "service": "mail", "payment": "chargeback"}]"#,
            r#"funding[0].payer: "dns" is a service, not an organisation or individual"#,
            S::Funding,
            "payer",
            "dns",
        ),
        link_case(
            r#""funding": [{"payer": "acme", "service": "acme-it", "payment": "cash"}]"#,
            r#"funding[0].service: "acme-it" is an organisation, not a service"#,
            S::Funding,
            "service",
            "acme-it",
        ),
        link_case(
            r#""funding": [{"payer": "acme", "service": "mail", "payment": "cash", "approved_by": ["dana", "eli", "acme"]}]"#,
            r#"funding[0].approved_by[2]: "acme" is an organisation, not an individual"#,
            S::Funding,
            "approved_by[2]",
            "acme",
        ),
        link_case(
            r#""usage": [{"user": "dns", "service": "mail"}]"#,
            r#"usage[0].user: "dns" is a service, not an organisation or individual"#,
            S::Usage,
            "user",
            "dns",
        ),
        link_case(
            r#""usage": [{"user": "dana", "service": "eli"}]"#,
            r#"usage[0].service: "eli" is an individual, not a service"#,
            S::Usage,
            "service",
            "eli",
        ),
        link_case(
            r#""dependencies": [{"service": "acme", "depends_on": "dns"}]"#,
            r#"dependencies[0].service: "acme" is an organisation, not a service"#,
            S::Dependencies,
            "service",
            "acme",
        ),
        link_case(
            r#""dependencies": [{"service": "mail", "depends_on": "dana"}]"#,
            r#"dependencies[0].depends_on: "dana" is an individual, not a service"#,
            S::Dependencies,
            "depends_on",
            "dana",
        ),
        link_case(
            r#""oversight": [{"overseer": "mail", "organisation": "acme-it"}]"#,
            r#"oversight[0].overseer: "mail" is a service, not an organisation or individual"#,
            S::Oversight,
            "overseer",
            "mail",
        ),
        link_case(
            r#""oversight": [{"overseer": "acme", "organisation": "dana"}]"#,
            r#"oversight[0].organisation: "dana" is an individual, not an organisation"#,
            S::Oversight,
            "organisation",
            "dana",
        ),
        link_case(
            r#""partnerships": [{"parties": ["mail", "acme"]}]"#,
            r#"partnerships[0].parties[0]: "mail" is a service, not an organisation or individual"#,
            S::Partnerships,
            "parties[0]",
            "mail",
        ),
        link_case(
            r#""partnerships": [{"parties": ["acme", "dns"]}]"#,
            r#"partnerships[0].parties[1]: "dns" is a service, not an organisation or individual"#,
            S::Partnerships,
            "parties[1]",
            "dns",
        ),
    ]
}

#[track_caller]
fn check_references(cases: Vec<Reference>, kind: ProblemKind) {
    for case in &cases {
        let problems = problems_of(&case.json);
        let said: Vec<_> = problems.iter().map(said).collect();
        let expected = (
            case.line.to_owned(),
            kind,
            case.section,
            Some(0),
            Some(case.field),
            Some(case.id),
        );
        assert_eq!(said, [expected], "in {}", case.json);
    }
}

#[test]
fn a_reference_to_nothing_is_a_problem_in_every_field() {
    check_references(references_to_nothing(), K::UnknownReference);
}

#[test]
fn a_reference_to_the_wrong_kind_is_a_problem_in_every_field() {
    check_references(references_to_the_wrong_kind(), K::WrongKind);
}

#[test]
fn every_field_that_names_an_entity_is_checked() {
    // Twelve kinds of field, each named in both tables above.
    let fields = [
        "parent",
        "provider",
        "individual",
        "organisation",
        "manager",
        "payer",
        "approved_by",
        "user",
        "service",
        "depends_on",
        "overseer",
        "parties",
    ];
    for table in [references_to_nothing(), references_to_the_wrong_kind()] {
        for field in fields {
            assert!(
                table.iter().any(|c| c.field.starts_with(field)),
                "no case for {field}"
            );
        }
    }
}

// Parent cycles.

#[test]
fn a_two_organisation_parent_cycle_is_reported_once() {
    let p = the_problem(
        r#"{"version": 1, "organisations": [
            {"id": "acme", "parent": "acme-it"},
            {"id": "acme-it", "parent": "acme"}]}"#,
    );
    assert_eq!(
        said(&p),
        (
            r#"organisations[0].parent: "acme" is its own ancestor: acme → acme-it → acme"#
                .to_owned(),
            K::ParentCycle,
            S::Organisations,
            Some(0),
            Some("parent"),
            Some("acme"),
        )
    );
}

#[test]
fn a_longer_parent_cycle_is_reported_once_from_its_first_organisation() {
    // Reported at the organisation listed first, whichever the walk met
    // first; the team hanging below the cycle adds nothing.
    let p = the_problem(
        r#"{"version": 1, "organisations": [
            {"id": "team", "parent": "dept"},
            {"id": "division", "parent": "company"},
            {"id": "dept", "parent": "division"},
            {"id": "company", "parent": "dept"}]}"#,
    );
    assert_eq!(
        said(&p),
        (
            r#"organisations[1].parent: "division" is its own ancestor: division → company → dept → division"#
                .to_owned(),
            K::ParentCycle,
            S::Organisations,
            Some(1),
            Some("parent"),
            Some("division"),
        )
    );
}

#[test]
fn an_organisation_that_is_its_own_parent_is_a_cycle() {
    let p = the_problem(r#"{"version": 1, "organisations": [{"id": "acme", "parent": "acme"}]}"#);
    assert_eq!(
        said(&p),
        (
            r#"organisations[0].parent: "acme" is its own ancestor: acme → acme"#.to_owned(),
            K::ParentCycle,
            S::Organisations,
            Some(0),
            Some("parent"),
            Some("acme"),
        )
    );
}

#[test]
fn a_long_parent_cycle_is_written_short() {
    let orgs: Vec<String> = (0..10)
        .map(|i| format!(r#"{{"id": "o{i}", "parent": "o{}"}}"#, (i + 1) % 10))
        .collect();
    let json = format!(r#"{{"version": 1, "organisations": [{}]}}"#, orgs.join(","));
    let p = the_problem(&json);
    assert_eq!(
        p.to_string(),
        r#"organisations[0].parent: "o0" is its own ancestor: o0 → o1 → o2 → o3 → o4 → o5 → o6 → o7 → … (10 in all) → o0"#
    );
}

#[test]
fn separate_parent_cycles_are_each_reported() {
    let lines = lines_of(
        r#"{"version": 1, "organisations": [
            {"id": "a", "parent": "b"}, {"id": "b", "parent": "a"},
            {"id": "c", "parent": "c"}]}"#,
    );
    assert_eq!(
        lines,
        [
            r#"organisations[0].parent: "a" is its own ancestor: a → b → a"#,
            r#"organisations[2].parent: "c" is its own ancestor: c → c"#,
        ]
    );
}

// Reporting lines.

#[test]
fn an_individual_reporting_to_themself_is_a_problem() {
    let p = the_problem(&with_links(
        r#""reporting": [{"individual": "dana", "manager": "dana"}]"#,
    ));
    assert_eq!(
        said(&p),
        (
            r#"reporting[0].manager: "dana" reports to themself"#.to_owned(),
            K::SelfReporting,
            S::Reporting,
            Some(0),
            Some("manager"),
            Some("dana"),
        )
    );
}

#[test]
fn two_individuals_reporting_to_each_other_is_a_cycle() {
    let p = the_problem(&with_links(
        r#""reporting": [{"individual": "dana", "manager": "eli"}, {"individual": "eli", "manager": "dana"}]"#,
    ));
    assert_eq!(
        said(&p),
        (
            r#"reporting[0].manager: "eli" closes a reporting cycle: dana → eli → dana"#.to_owned(),
            K::ReportingCycle,
            S::Reporting,
            Some(0),
            Some("manager"),
            Some("eli"),
        )
    );
}

/// Four people, for reporting lines.
fn with_people(reporting: &str) -> String {
    format!(
        r#"{{"version": 1,
            "individuals": [{{"id": "ann"}}, {{"id": "bob"}}, {{"id": "cat"}}, {{"id": "dan"}}],
            "reporting": [{reporting}]}}"#
    )
}

#[test]
fn a_longer_reporting_cycle_is_reported_once() {
    let p = the_problem(&with_people(
        r#"{"individual": "cat", "manager": "dan"},
           {"individual": "ann", "manager": "bob"},
           {"individual": "dan", "manager": "ann"},
           {"individual": "bob", "manager": "cat"}"#,
    ));
    assert_eq!(
        said(&p),
        (
            r#"reporting[0].manager: "dan" closes a reporting cycle: cat → dan → ann → bob → cat"#
                .to_owned(),
            K::ReportingCycle,
            S::Reporting,
            Some(0),
            Some("manager"),
            Some("dan"),
        )
    );
}

#[test]
fn a_reporting_cycle_on_a_common_date_is_a_problem_and_says_when() {
    let p = the_problem(&with_people(
        r#"{"individual": "ann", "manager": "bob", "until": "2020-06-01"},
           {"individual": "bob", "manager": "ann", "from": "2020-01-01"}"#,
    ));
    assert_eq!(
        said(&p),
        (
            r#"reporting[0].manager: "bob" closes a reporting cycle: ann → bob → ann (from 2020-01-01 until 2020-06-01)"#
                .to_owned(),
            K::ReportingCycle,
            S::Reporting,
            Some(0),
            Some("manager"),
            Some("bob"),
        )
    );
}

#[test]
fn reporting_lines_that_never_hold_together_are_no_cycle() {
    // Ann managed Bob until 2020; from 2020 Bob manages Ann.
    valid(&with_people(
        r#"{"individual": "ann", "manager": "bob", "until": "2020-01-01"},
           {"individual": "bob", "manager": "ann", "from": "2020-01-01"}"#,
    ));
}

#[test]
fn reporting_lines_that_overlap_two_by_two_but_never_all_at_once_are_no_cycle() {
    valid(&with_people(
        r#"{"individual": "ann", "manager": "bob", "from": "2010-01-01", "until": "2012-01-01"},
           {"individual": "bob", "manager": "cat", "from": "2011-01-01", "until": "2013-01-01"},
           {"individual": "cat", "manager": "ann", "from": "2012-01-01", "until": "2014-01-01"}"#,
    ));
}

#[test]
fn two_reporting_cycles_through_one_person_are_both_reported() {
    let lines = lines_of(&with_people(
        r#"{"individual": "ann", "manager": "bob"},
           {"individual": "bob", "manager": "ann"},
           {"individual": "bob", "manager": "cat"},
           {"individual": "cat", "manager": "bob"}"#,
    ));
    assert_eq!(
        lines,
        [
            r#"reporting[0].manager: "bob" closes a reporting cycle: ann → bob → ann"#,
            r#"reporting[2].manager: "cat" closes a reporting cycle: bob → cat → bob"#,
        ]
    );
}

#[test]
fn reporting_to_two_managers_without_a_loop_is_valid() {
    valid(&with_people(
        r#"{"individual": "ann", "manager": "bob"},
           {"individual": "ann", "manager": "cat"},
           {"individual": "bob", "manager": "dan"},
           {"individual": "cat", "manager": "dan"}"#,
    ));
}

// Dependencies.

#[test]
fn a_service_depending_on_itself_is_a_problem() {
    let p = the_problem(&with_links(
        r#""dependencies": [{"service": "mail", "depends_on": "mail"}]"#,
    ));
    assert_eq!(
        said(&p),
        (
            r#"dependencies[0].depends_on: "mail" depends on itself"#.to_owned(),
            K::SelfDependency,
            S::Dependencies,
            Some(0),
            Some("depends_on"),
            Some("mail"),
        )
    );
}

#[test]
fn dependency_cycles_between_different_services_are_valid() {
    let model = valid(&with_links(
        r#""dependencies": [{"service": "mail", "depends_on": "dns"}, {"service": "dns", "depends_on": "mail"}]"#,
    ));
    assert_eq!(model.counts().dependencies, 2);
}

// Periods and dates.

#[test]
fn from_not_before_until_is_a_problem_in_every_list() {
    let cases = [
        (
            r#""memberships": [{"individual": "dana", "organisation": "acme", "from": "2021-03-01", "until": "2021-02-01"}]"#,
            r#"memberships[0].from: 2021-03-01 is not before until 2021-02-01"#,
            S::Memberships,
            "dana",
        ),
        (
            r#""reporting": [{"individual": "dana", "manager": "eli", "from": "2021-03-01", "until": "2021-02-01"}]"#,
            r#"reporting[0].from: 2021-03-01 is not before until 2021-02-01"#,
            S::Reporting,
            "dana",
        ),
        (
            r#""funding": [{"payer": "acme", "service": "mail", "payment": "cash", "from": "2021-03-01", "until": "2021-02-01"}]"#,
            r#"funding[0].from: 2021-03-01 is not before until 2021-02-01"#,
            S::Funding,
            "acme",
        ),
        (
            r#""usage": [{"user": "eli", "service": "mail", "from": "2021-03-01", "until": "2021-02-01"}]"#,
            r#"usage[0].from: 2021-03-01 is not before until 2021-02-01"#,
            S::Usage,
            "eli",
        ),
        (
            r#""dependencies": [{"service": "mail", "depends_on": "dns", "from": "2021-03-01", "until": "2021-02-01"}]"#,
            r#"dependencies[0].from: 2021-03-01 is not before until 2021-02-01"#,
            S::Dependencies,
            "mail",
        ),
        (
            r#""oversight": [{"overseer": "dana", "organisation": "acme-it", "from": "2021-03-01", "until": "2021-02-01"}]"#,
            r#"oversight[0].from: 2021-03-01 is not before until 2021-02-01"#,
            S::Oversight,
            "dana",
        ),
        (
            r#""partnerships": [{"parties": ["acme", "dana"], "from": "2021-03-01", "until": "2021-02-01"}]"#,
            r#"partnerships[0].from: 2021-03-01 is not before until 2021-02-01"#,
            S::Partnerships,
            "acme",
        ),
    ];
    for (links, line, section, id) in cases {
        let p = the_problem(&with_links(links));
        assert_eq!(
            said(&p),
            (
                line.to_owned(),
                K::EmptyPeriod,
                section,
                Some(0),
                Some("from"),
                Some(id),
            )
        );
    }
}

#[test]
fn from_equal_to_until_is_a_problem() {
    let p = the_problem(&with_links(
        r#""usage": [{"user": "eli", "service": "mail", "from": "2021-02-01", "until": "2021-02-01"}]"#,
    ));
    assert_eq!(
        said(&p),
        (
            "usage[0].from: 2021-02-01 is not before until 2021-02-01".to_owned(),
            K::EmptyPeriod,
            S::Usage,
            Some(0),
            Some("from"),
            Some("eli"),
        )
    );
}

#[test]
fn a_one_day_period_is_valid() {
    valid(&with_links(
        r#""usage": [{"user": "eli", "service": "mail", "from": "2021-02-01", "until": "2021-02-02"}]"#,
    ));
}

#[test]
fn a_day_the_calendar_lacks_is_a_bad_date() {
    let p = the_problem(&with_links(
        r#""memberships": [{"individual": "dana", "organisation": "acme", "from": "2021-02-30"}]"#,
    ));
    assert_eq!(
        (p.kind(), p.section(), p.index(), p.field(), p.id()),
        (K::BadDate, S::Memberships, Some(0), Some("from"), None)
    );
    // What follows is jiff's account of the day, which may be worded
    // differently from one jiff release to the next.
    let line = p.to_string();
    assert!(
        line.starts_with(r#"memberships[0].from: "2021-02-30" is not a calendar date: "#),
        "{line}"
    );
}

#[test]
fn a_date_not_written_yyyy_mm_dd_is_a_bad_date() {
    let cases = [
        (
            r#""2021-1-5""#,
            r#""2021-1-5" is not a date written YYYY-MM-DD"#,
        ),
        (r#"20210105"#, "20210105 is not a date written YYYY-MM-DD"),
        (
            r#""2021-01-05T00:00:00""#,
            r#""2021-01-05T00:00:00" is not a date written YYYY-MM-DD"#,
        ),
        (
            r#""05/01/2021""#,
            r#""05/01/2021" is not a date written YYYY-MM-DD"#,
        ),
        (r#""""#, r#""" is not a date written YYYY-MM-DD"#),
        (r#"true"#, "true is not a date written YYYY-MM-DD"),
    ];
    for (date, message) in cases {
        let json = with_links(&format!(
            r#""reporting": [{{"individual": "dana", "manager": "eli", "until": {date}}}]"#
        ));
        let p = the_problem(&json);
        assert_eq!(
            said(&p),
            (
                format!("reporting[0].until: {message}"),
                K::BadDate,
                S::Reporting,
                Some(0),
                Some("until"),
                None,
            ),
            "in {json}"
        );
    }
}

#[test]
fn a_null_date_or_list_is_as_good_as_absent() {
    let model = valid(&with_links(
        r#""usage": [{"user": "eli", "service": "mail", "from": null, "until": null}],
           "funding": [{"payer": "acme", "service": "mail", "payment": "none", "approved_by": null}],
           "oversight": null"#,
    ));
    assert_eq!(model.counts().usage, 1);
    assert_eq!(model.counts().funding, 1);
}

// Payments.

#[test]
fn a_payment_not_in_the_list_is_a_problem() {
    let cases = [
        (r#""barter""#, r#""barter""#),
        (r#""Cash""#, r#""Cash""#),
        (r#"1"#, "1"),
        (r#"null"#, "null"),
    ];
    for (payment, shown) in cases {
        let json = with_links(&format!(
            r#""funding": [{{"payer": "acme", "service": "mail", "payment": {payment}}}]"#
        ));
        let p = the_problem(&json);
        assert_eq!(
            said(&p),
            (
                format!(
                    "funding[0].payment: {shown} is not one of cash, trade, chargeback, allocation, none"
                ),
                K::BadPayment,
                S::Funding,
                Some(0),
                Some("payment"),
                None,
            )
        );
    }
}

#[test]
fn every_payment_in_the_list_is_valid() {
    for payment in ["cash", "trade", "chargeback", "allocation", "none"] {
        valid(&with_links(&format!(
            r#""funding": [{{"payer": "acme", "service": "mail", "payment": "{payment}"}}]"#
        )));
    }
}

#[test]
fn a_missing_payment_is_a_missing_field() {
    let p = the_problem(&with_links(
        r#""funding": [{"payer": "acme", "service": "mail"}]"#,
    ));
    assert_eq!(
        said(&p),
        (
            "funding[0].payment: missing field (one of cash, trade, chargeback, allocation, none)"
                .to_owned(),
            K::MissingField,
            S::Funding,
            Some(0),
            Some("payment"),
            None,
        )
    );
}

// Version.

#[test]
fn a_missing_version_is_a_problem() {
    let p = the_problem(r#"{"individuals": [{"id": "dana"}]}"#);
    assert_eq!(
        said(&p),
        (
            "version: the document has no version (expected 1)".to_owned(),
            K::MissingVersion,
            S::Version,
            None,
            None,
            None,
        )
    );
}

#[test]
fn version_2_is_not_read() {
    let p = the_problem(r#"{"version": 2, "individuals": [{"id": "dana"}]}"#);
    assert_eq!(
        said(&p),
        (
            "version: 2 is not a supported format version (expected 1)".to_owned(),
            K::UnsupportedVersion,
            S::Version,
            None,
            None,
            None,
        )
    );
}

#[test]
fn a_version_that_is_not_a_whole_number_is_not_read() {
    for (version, shown) in [
        (r#""1""#, r#""1""#),
        ("1.5", "1.5"),
        ("-1", "-1"),
        ("null", "null"),
    ] {
        let p = the_problem(&format!(r#"{{"version": {version}}}"#));
        assert_eq!(
            said(&p),
            (
                format!("version: {shown} is not a supported format version (expected 1)"),
                K::UnsupportedVersion,
                S::Version,
                None,
                None,
                None,
            )
        );
    }
}

// Partnerships.

#[test]
fn a_partnership_of_one_party_is_a_problem() {
    let p = the_problem(&with_links(r#""partnerships": [{"parties": ["acme"]}]"#));
    assert_eq!(
        said(&p),
        (
            "partnerships[0].parties: names 1 party; a partnership joins exactly two different parties"
                .to_owned(),
            K::BadPartnership,
            S::Partnerships,
            Some(0),
            Some("parties"),
            None,
        )
    );
}

#[test]
fn a_partnership_of_three_parties_is_a_problem() {
    let p = the_problem(&with_links(
        r#""partnerships": [{"parties": ["acme", "dana", "eli"]}]"#,
    ));
    assert_eq!(
        said(&p),
        (
            "partnerships[0].parties: names 3 parties; a partnership joins exactly two different parties"
                .to_owned(),
            K::BadPartnership,
            S::Partnerships,
            Some(0),
            Some("parties"),
            None,
        )
    );
}

#[test]
fn a_partnership_of_no_party_is_a_problem() {
    let p = the_problem(&with_links(r#""partnerships": [{"parties": []}]"#));
    assert_eq!(
        p.to_string(),
        "partnerships[0].parties: names 0 parties; a partnership joins exactly two different parties"
    );
    assert_eq!(p.kind(), K::BadPartnership);
}

#[test]
fn a_partnership_naming_one_party_twice_is_a_problem() {
    let p = the_problem(&with_links(
        r#""partnerships": [{"parties": ["acme", "acme"]}]"#,
    ));
    assert_eq!(
        said(&p),
        (
            r#"partnerships[0].parties: names "acme" twice; a partnership joins two different parties"#
                .to_owned(),
            K::BadPartnership,
            S::Partnerships,
            Some(0),
            Some("parties"),
            Some("acme"),
        )
    );
}

// Shape: fields, types, syntax.

#[test]
fn an_unknown_field_at_the_top_level_is_a_problem() {
    let p = the_problem(r#"{"version": 1, "servces": []}"#);
    assert_eq!(
        said(&p),
        (
            "servces: unknown field (expected version or one of the lists: organisations, individuals, \
             services, memberships, reporting, funding, usage, dependencies, oversight, partnerships)"
                .to_owned(),
            K::UnknownField,
            S::Document,
            None,
            Some("servces"),
            None,
        )
    );
}

#[test]
fn a_misspelt_field_in_an_item_is_a_problem() {
    let p = the_problem(r#"{"version": 1, "individuals": [{"id": "dana", "nmae": "Dana Reyes"}]}"#);
    assert_eq!(
        said(&p),
        (
            "individuals[0].nmae: unknown field".to_owned(),
            K::UnknownField,
            S::Individuals,
            Some(0),
            Some("nmae"),
            None,
        )
    );
}

#[test]
fn a_missing_required_field_is_a_problem() {
    let cases = [
        (
            r#"{"version": 1, "individuals": [{"name": "Dana Reyes"}]}"#,
            "individuals[0].id: missing field",
            S::Individuals,
            "id",
        ),
        (
            r#"{"version": 1, "services": [{"id": "mail"}]}"#,
            "services[0].provider: missing field",
            S::Services,
            "provider",
        ),
        (
            r#"{"version": 1, "individuals": [{"id": "dana"}], "reporting": [{"individual": "dana"}]}"#,
            "reporting[0].manager: missing field",
            S::Reporting,
            "manager",
        ),
        (
            r#"{"version": 1, "partnerships": [{}]}"#,
            "partnerships[0].parties: missing field",
            S::Partnerships,
            "parties",
        ),
    ];
    for (json, line, section, field) in cases {
        let p = the_problem(json);
        assert_eq!(
            said(&p),
            (
                line.to_owned(),
                K::MissingField,
                section,
                Some(0),
                Some(field),
                None
            )
        );
    }
}

#[test]
fn a_value_of_the_wrong_json_type_is_a_problem() {
    let cases = [
        (
            r#"{"version": 1, "individuals": [{"id": 5}]}"#,
            "individuals[0].id: invalid type: integer `5`, expected a string",
            S::Individuals,
            Some(0),
            Some("id"),
        ),
        (
            r#"{"version": 1, "individuals": [{"id": "dana", "name": ["Dana"]}]}"#,
            "individuals[0].name: invalid type: sequence, expected a string",
            S::Individuals,
            Some(0),
            Some("name"),
        ),
        (
            r#"{"version": 1, "organisations": {"id": "acme"}}"#,
            "organisations: expected a list, found an object",
            S::Organisations,
            None,
            None,
        ),
        (
            r#"{"version": 1, "individuals": [{"id": "dana"}, "eli"]}"#,
            r#"individuals[1]: expected an object, found "eli""#,
            S::Individuals,
            Some(1),
            None,
        ),
        (
            r#"["version", 1]"#,
            "document: expected an object, found a list",
            S::Document,
            None,
            None,
        ),
        (
            r#"{"version": 1, "organisations": [{"id": "acme"}], "services": [{"id": "mail", "provider": "acme"}],
                "funding": [{"payer": "acme", "service": "mail", "payment": "cash", "approved_by": "dana"}]}"#,
            r#"funding[0].approved_by: invalid type: string "dana", expected a sequence"#,
            S::Funding,
            Some(0),
            Some("approved_by"),
        ),
        (
            r#"{"version": 1, "partnerships": [{"parties": "acme"}]}"#,
            r#"partnerships[0].parties: invalid type: string "acme", expected a sequence"#,
            S::Partnerships,
            Some(0),
            Some("parties"),
        ),
    ];
    for (json, line, section, index, field) in cases {
        let p = the_problem(json);
        assert_eq!(
            said(&p),
            (line.to_owned(), K::WrongType, section, index, field, None),
            "in {json}"
        );
    }
}

#[test]
fn an_item_that_is_not_an_object_keeps_the_places_of_those_after_it() {
    let lines = lines_of(r#"{"version": 1, "individuals": [3, {"id": "dana"}, {"id": "dana"}]}"#);
    assert_eq!(
        lines,
        [
            "individuals[0]: expected an object, found 3",
            r#"individuals[2].id: "dana" is already the id of individuals[1]"#,
        ]
    );
}

#[test]
fn malformed_json_is_reported_with_line_and_column() {
    let json = "{\n  \"version\": 1,\n  \"individuals\": [\n    {\"id\": \"dana\"\n  ]\n}\n";
    let p = the_problem(json);
    assert_eq!(
        said(&p),
        (
            "line 5, column 3: expected `,` or `}`".to_owned(),
            K::Syntax,
            S::Document,
            None,
            None,
            None,
        )
    );
    assert_eq!(p.line_column(), Some((5, 3)));
    assert_eq!(p.message(), "expected `,` or `}`");
}

#[test]
fn an_empty_text_is_malformed_json() {
    let p = the_problem("");
    assert_eq!(p.kind(), K::Syntax);
    assert_eq!(
        p.to_string(),
        "line 1, column 1: the document is empty (expected a JSON model document)"
    );
    // The end of a text that stops after a line break is on the next line.
    let p = the_problem("{\"version\": 1,\n");
    assert_eq!(p.to_string(), "line 2, column 1: EOF while parsing a value");
}

#[test]
fn text_after_the_document_is_malformed_json() {
    let p = the_problem("{\"version\": 1}\n{}");
    assert_eq!(p.kind(), K::Syntax);
    assert_eq!(p.line_column(), Some((2, 1)));
}

#[test]
fn bytes_that_are_not_utf8_are_malformed_json() {
    let err =
        Model::from_json_slice(b"{\"version\": 1,\n \"individuals\": [{\"id\": \"d\xffna\"}]}")
            .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    let [p] = err.problems() else {
        panic!("expected one problem, found {:#?}", err.problems());
    };
    assert_eq!(
        said(p),
        (
            "line 2, column 27: invalid unicode code point".to_owned(),
            K::Syntax,
            S::Document,
            None,
            None,
            None,
        )
    );
    // Column 27 is the byte 0xff itself.
    assert_eq!(p.line_column(), Some((2, 27)));
    // The document reader says the same.
    let again =
        Document::from_json_slice(b"{\"version\": 1,\n \"individuals\": [{\"id\": \"d\xffna\"}]}")
            .unwrap_err();
    assert_eq!(again.problems(), err.problems());
}

#[test]
fn a_key_given_twice_in_an_item_is_a_problem() {
    let p = the_problem(
        r#"{"version": 1, "individuals": [{"id": "dana"}, {"id": "eli", "name": "Eli", "id": "ely"}]}"#,
    );
    assert_eq!(
        said(&p),
        (
            "individuals[1].id: the key is given twice in one object".to_owned(),
            K::DuplicateKey,
            S::Individuals,
            Some(1),
            Some("id"),
            None,
        )
    );
}

#[test]
fn a_key_given_twice_at_the_top_level_is_a_problem() {
    let lines = lines_of(r#"{"version": 1, "usage": [], "version": 1, "usage": []}"#);
    assert_eq!(
        lines,
        [
            "version: the key is given twice in one object",
            "usage: the key is given twice in one object",
        ]
    );
}

#[test]
fn a_key_given_twice_hides_no_other_problem() {
    let lines = lines_of(&with_links(
        r#""usage": [{"user": "eli", "service": "mail", "user": "dana", "sevice": "dns"},
                    {"user": "ghost", "service": "mail"}]"#,
    ));
    assert_eq!(
        lines,
        [
            "usage[0].user: the key is given twice in one object",
            "usage[0].sevice: unknown field",
            r#"usage[1].user: "ghost" names no organisation or individual"#,
        ]
    );
}

#[test]
fn a_problem_stays_on_one_line_whatever_the_keys_and_ids_hold() {
    let lines = lines_of(
        r#"{"version": 1, "individuals": [{"id": "dana", "na\nme": "Dana"}],
            "organisations": [{"id": "a\nb", "parent": "c"}, {"id": "c", "parent": "a\nb"}]}"#,
    );
    assert_eq!(
        lines,
        [
            r#"organisations[0].parent: "a\nb" is its own ancestor: "a\nb" → c → "a\nb""#,
            r#"individuals[0]."na\nme": unknown field"#,
        ]
    );
}

// Everything at once.

#[test]
fn a_document_with_many_problems_reports_every_one_in_document_order() {
    let json = r#"{
      "version": 1,
      "colour": "blue",
      "organisations": [
        {"id": "acme", "parent": "acme-it"},
        {"id": "acme-it", "parent": "acme"},
        {"id": ""},
        {"id": "dana"}
      ],
      "individuals": [
        {"id": "dana", "nmae": "Dana Reyes"},
        {"id": "eli"},
        {"id": "fay"}
      ],
      "services": [
        {"id": "mail", "provider": "acme-it"},
        {"id": "dns", "provider": "dns"}
      ],
      "memberships": [
        {"individual": "eli", "organisation": "acme", "from": "2021-02-30"},
        {"individual": "fay", "organisation": "acme", "from": "2022-01-01", "until": "2021-01-01"}
      ],
      "reporting": [
        {"individual": "eli", "manager": "eli"},
        {"individual": "eli", "manager": "fay"},
        {"individual": "fay", "manager": "eli"}
      ],
      "funding": [
        {"payer": "acme", "service": "mail", "payment": "barter", "approved_by": ["eli", "acme"]}
      ],
      "usage": [
        {"user": "ghost-a", "service": "mail"},
        {"user": "fay"}
      ],
      "dependencies": [
        {"service": "mail", "depends_on": "mail"},
        {"service": "mail", "depends_on": "dns"},
        {"service": "dns", "depends_on": "mail"}
      ],
      "oversight": [
        {"overseer": "mail", "organisation": "acme-it"}
      ],
      "partnerships": [
        {"parties": ["acme", "acme"]},
        {"parties": ["acme", "eli", "fay"]}
      ]
    }"#;
    let lines = lines_of(json);
    let expected = [
        "colour: unknown field (expected version or one of the lists: organisations, individuals, \
         services, memberships, reporting, funding, usage, dependencies, oversight, partnerships)",
        r#"organisations[0].parent: "acme" is its own ancestor: acme → acme-it → acme"#,
        "organisations[2].id: the id is empty",
        "individuals[0].nmae: unknown field",
        r#"individuals[0].id: "dana" is already the id of organisations[3]"#,
        r#"services[1].provider: "dns" is a service, not an organisation or individual"#,
        "memberships[0].from: \"2021-02-30\" is not a calendar date: ",
        "memberships[1].from: 2022-01-01 is not before until 2021-01-01",
        r#"reporting[0].manager: "eli" reports to themself"#,
        r#"reporting[1].manager: "fay" closes a reporting cycle: eli → fay → eli"#,
        r#"funding[0].payment: "barter" is not one of cash, trade, chargeback, allocation, none"#,
        r#"funding[0].approved_by[1]: "acme" is an organisation, not an individual"#,
        r#"usage[0].user: "ghost-a" names no organisation or individual"#,
        "usage[1].service: missing field",
        r#"dependencies[0].depends_on: "mail" depends on itself"#,
        r#"oversight[0].overseer: "mail" is a service, not an organisation or individual"#,
        r#"partnerships[0].parties: names "acme" twice; a partnership joins two different parties"#,
        "partnerships[1].parties: names 3 parties; a partnership joins exactly two different parties",
    ];
    assert_eq!(lines.len(), 18, "{lines:#?}");
    for (line, expected) in lines.iter().zip(expected) {
        if expected.ends_with(": ") {
            assert!(line.starts_with(expected), "{line}");
        } else {
            assert_eq!(line, expected);
        }
    }
    // The error itself names the first and counts the rest.
    let err = Model::from_json_str(json).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "invalid model document: {} (and 17 more problems)",
            lines[0]
        )
    );
}

#[test]
fn a_sound_shape_with_many_rule_problems_reports_the_same_through_every_door() {
    // `problems_of` checks that `Document::validate` and
    // `Model::from_document` agree with `Model::from_json_str`.
    let problems = problems_of(&with_links(
        r#""usage": [{"user": "ghost-a", "service": "mail"}, {"user": "dana", "service": "acme"}],
           "dependencies": [{"service": "dns", "depends_on": "dns"}],
           "reporting": [{"individual": "dana", "manager": "eli"}, {"individual": "eli", "manager": "dana"}]"#,
    ));
    let kinds: Vec<_> = problems.iter().map(|p| (p.section(), p.kind())).collect();
    assert_eq!(
        kinds,
        [
            (S::Reporting, K::ReportingCycle),
            (S::Usage, K::UnknownReference),
            (S::Usage, K::WrongKind),
            (S::Dependencies, K::SelfDependency),
        ]
    );
}

// The sample.

#[test]
fn the_sample_is_valid() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/sample.json");
    let model = Model::from_json_file(path).expect("the sample is valid");
    let doc = Document::from_json_file(path).expect("the sample reads");
    doc.validate().expect("the sample is valid");
    assert_eq!(model.counts().organisations, doc.organisations.len());
    assert_eq!(model.counts().individuals, doc.individuals.len());
    assert_eq!(model.counts().services, doc.services.len());
    assert_eq!(model.counts().links(), {
        doc.memberships.len()
            + doc.reporting.len()
            + doc.funding.len()
            + doc.usage.len()
            + doc.dependencies.len()
            + doc.oversight.len()
            + doc.partnerships.len()
    });
}

// Reporting cycles against a plain search on every date that matters.

mod reporting_cycles {
    use proptest::prelude::*;
    use svcrel::{Date, Document, Individual, ProblemKind, Reporting};

    /// Whether the lines holding on `date` form a cycle (a person reporting
    /// to themself is a problem of its own, not a cycle).
    fn cycle_on(doc: &Document, n: usize, date: Date) -> bool {
        let index = |id: &str| doc.individuals.iter().position(|p| p.id == id).unwrap();
        let mut managers = vec![Vec::new(); n];
        for r in &doc.reporting {
            if r.individual != r.manager && r.holds_on(Some(date)) {
                managers[index(r.individual.as_str())].push(index(r.manager.as_str()));
            }
        }
        // Depth-first, with colours; the graphs here are tiny.
        fn visit(v: usize, managers: &[Vec<usize>], colour: &mut [u8]) -> bool {
            colour[v] = 1;
            for &m in &managers[v] {
                if colour[m] == 1 || (colour[m] == 0 && visit(m, managers, colour)) {
                    return true;
                }
            }
            colour[v] = 2;
            false
        }
        let mut colour = vec![0u8; n];
        (0..n).any(|v| colour[v] == 0 && visit(v, &managers, &mut colour))
    }

    fn document() -> impl Strategy<Value = (usize, Document)> {
        let year = proptest::option::of(2000i16..2006);
        let line = (0usize..4, 0usize..4, year.clone(), year);
        (2usize..5, proptest::collection::vec(line, 0..8)).prop_map(|(n, lines)| {
            let mut doc = Document {
                individuals: (0..n).map(|i| Individual::new(format!("p{i}"))).collect(),
                ..Document::default()
            };
            for (a, b, from, until) in lines {
                let (from, until) = match (from, until) {
                    (Some(f), Some(u)) if f >= u => (Some(u), Some(f + 1)),
                    other => other,
                };
                doc.reporting.push(Reporting {
                    from: from.map(|y| Date::constant(y, 1, 1)),
                    until: until.map(|y| Date::constant(y, 1, 1)),
                    ..Reporting::new(format!("p{}", a % n), format!("p{}", b % n))
                });
            }
            (n, doc)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

        #[test]
        fn a_cycle_is_reported_exactly_when_one_holds_on_some_date((n, doc) in document()) {
            let dates = std::iter::once(Date::MIN)
                .chain(doc.reporting.iter().flat_map(|r| [r.from, r.until]).flatten());
            let expected = dates.into_iter().any(|d| cycle_on(&doc, n, d));
            let reported = match doc.validate() {
                Ok(()) => Vec::new(),
                Err(err) => err
                    .problems()
                    .iter()
                    .filter(|p| p.kind() == ProblemKind::ReportingCycle)
                    .cloned()
                    .collect(),
            };
            prop_assert_eq!(!reported.is_empty(), expected, "{:#?}", reported);
            // Each reported line closes a cycle that is real on some date,
            // and no two problems name the same set of lines.
            let lines: Vec<_> = reported.iter().map(|p| p.to_string()).collect();
            let mut unique = lines.clone();
            unique.sort();
            unique.dedup();
            prop_assert_eq!(unique.len(), lines.len());
            // Taking out every line a problem names leaves no cycle.
            let named: Vec<usize> = reported.iter().filter_map(|p| p.index()).collect();
            let mut fixed = doc.clone();
            fixed.reporting = doc
                .reporting
                .iter()
                .enumerate()
                .filter(|(i, _)| !named.contains(i))
                .map(|(_, r)| r.clone())
                .collect();
            let left = fixed.validate().err().map_or(0, |err| {
                err.problems()
                    .iter()
                    .filter(|p| p.kind() == ProblemKind::ReportingCycle)
                    .count()
            });
            prop_assert_eq!(left, 0);
        }
    }
}

#[test]
fn a_cycle_of_odd_ids_is_described_escaped_on_one_line() {
    let json = r#"{"version": 1, "organisations": [
        {"id": "a\u202eb", "parent": "c\"d"}, {"id": "c\"d", "parent": "a\u202eb"}]}"#;
    let err = svcrel::Model::from_json_str(json).unwrap_err();
    let line = err.problems()[0].to_string();
    assert!(
        line.ends_with(r#""a\u{202e}b" → "c\"d" → "a\u{202e}b""#),
        "{line}"
    );
    assert!(!line.contains('\u{202e}'));
}
