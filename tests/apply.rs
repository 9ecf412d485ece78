//! Edits as data: `Edit` through JSON, and `Model::apply`, all or none.

mod util;

use proptest::prelude::*;
use svcrel::{
    Date, Dependency, Edit, Individual, Link, Membership, Model, Organisation, ProblemKind,
    Removal, Reporting, Service, Usage,
};
use util::SAMPLE;

fn sample() -> Model {
    Model::from_json_str(SAMPLE).expect("the sample is valid")
}

/// Ids of the sample, a few new ones, and one nobody has.
const ORGS: &[&str] = &[
    "nasa",
    "goddard-apps",
    "expenseco",
    "new-org-0",
    "new-org-1",
    "ghost",
];
const PEOPLE: &[&str] = &["dana", "mary", "goddard-cio", "new-person-0", "ghost"];
const SERVICES: &[&str] = &["expense-app", "nfl-broadcast", "build-farm", "ghost"];

fn date() -> impl Strategy<Value = Option<Date>> {
    prop_oneof![
        Just(None),
        (2019i16..2030).prop_map(|y| Some(Date::constant(y, 1, 1))),
    ]
}

fn link() -> impl Strategy<Value = Link> {
    let org = prop::sample::select(ORGS);
    let person = prop::sample::select(PEOPLE);
    let service = prop::sample::select(SERVICES);
    prop_oneof![
        (person.clone(), org.clone(), date()).prop_map(|(p, o, from)| Link::from(Membership {
            from,
            ..Membership::new(p, o)
        })),
        (person.clone(), person.clone()).prop_map(|(a, b)| Link::from(Reporting::new(a, b))),
        (org.clone(), service.clone()).prop_map(|(o, s)| Link::from(Usage::new(o, s))),
        (service.clone(), service).prop_map(|(a, b)| Link::from(Dependency::new(a, b))),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    let org = prop::sample::select(ORGS);
    let person = prop::sample::select(PEOPLE);
    prop_oneof![
        (org.clone(), prop::option::of(org.clone())).prop_map(|(id, parent)| {
            Edit::AddOrganisation(Organisation {
                parent: parent.map(Into::into),
                ..Organisation::new(id)
            })
        }),
        person
            .clone()
            .prop_map(|id| Edit::AddIndividual(Individual::new(id))),
        link().prop_map(|link| Edit::AddLink { link }),
        link().prop_map(|link| Edit::RemoveLink { link }),
        (
            prop::sample::select(PEOPLE),
            prop::bool::ANY.prop_map(|with| if with {
                Removal::WithLinks
            } else {
                Removal::RefuseIfLinked
            })
        )
            .prop_map(|(id, removal)| Edit::RemoveEntity {
                id: id.into(),
                removal
            }),
        (person.clone(), org.clone(), 2019i16..2030).prop_map(|(p, o, y)| Edit::EndMembership {
            individual: p.into(),
            organisation: o.into(),
            date: Date::constant(y, 6, 1),
        }),
        (person.clone(), org.clone(), 2019i16..2030).prop_map(|(p, o, y)| Edit::MoveIndividual(
            Membership {
                from: Some(Date::constant(y, 6, 1)),
                ..Membership::new(p, o)
            }
        )),
        (org.clone(), prop::option::of(org.clone())).prop_map(|(id, parent)| {
            Edit::UpdateOrganisation(Organisation {
                name: Some(format!("{id} renamed")),
                parent: parent.map(Into::into),
                ..Organisation::new(id)
            })
        }),
        (
            person.clone(),
            prop::sample::select(&["a@x.example", "b@x.example"][..])
        )
            .prop_map(|(id, email)| Edit::UpdateIndividual(Individual {
                emails: vec![email.to_owned()],
                ..Individual::new(id)
            })),
        (prop::sample::select(SERVICES), prop_oneof![org, person])
            .prop_map(|(id, provider)| { Edit::UpdateService(Service::new(id, provider)) }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A batch either goes in whole, as its edits one by one would, or
    /// leaves the model as it was and names every edit refused: those
    /// refused when the edits are made one by one, the refused ones left
    /// out.
    #[test]
    fn a_batch_is_all_or_none(edits in prop::collection::vec(edit(), 0..8)) {
        let mut one_by_one = sample();
        let mut refused = Vec::new();
        for (i, e) in edits.iter().enumerate() {
            if one_by_one.apply(std::slice::from_ref(e)).is_err() {
                refused.push(i);
            }
        }
        let mut batch = sample();
        let before = batch.to_document();
        match batch.apply(&edits) {
            Ok(applied) => {
                prop_assert!(refused.is_empty());
                prop_assert_eq!(batch.to_document(), one_by_one.to_document());
                prop_assert_eq!(applied.version(), batch.version());
            }
            Err(err) => {
                prop_assert_eq!(batch.to_document(), before);
                prop_assert_eq!(batch.version(), 0);
                prop_assert!(err.problems().iter().all(|p| p.edit().is_some()), "every problem names its edit");
                let mut named: Vec<usize> = err.problems().iter().filter_map(|p| p.edit()).collect();
                named.dedup();
                prop_assert_eq!(named, refused);
            }
        }
    }

    /// Every edit reads back from its JSON as it was.
    #[test]
    fn edits_round_trip_through_json(e in edit()) {
        let json = serde_json::to_string(&e).expect("an edit serialises");
        let back: Edit = serde_json::from_str(&json).expect("and reads back");
        prop_assert_eq!(back, e);
    }
}

#[test]
fn the_documented_json_of_each_edit_reads() {
    let lines = [
        r#"{"edit": "add_organisation", "id": "jpl", "parent": "nasa"}"#,
        r#"{"edit": "add_individual", "id": "ann", "name": "Ann"}"#,
        r#"{"edit": "add_service", "id": "mail", "provider": "nasa"}"#,
        r#"{"edit": "add_link", "link": {"usage": {"user": "jpl", "service": "mail"}}}"#,
        r#"{"edit": "add_link", "link": {"membership": {"individual": "ann", "organisation": "jpl", "from": "2026-01-01"}}}"#,
        r#"{"edit": "end_membership", "individual": "ann", "organisation": "jpl", "date": "2027-01-01"}"#,
        r#"{"edit": "move_individual", "individual": "dana", "organisation": "jpl", "from": "2027-01-01"}"#,
        r#"{"edit": "remove_link", "link": {"usage": {"user": "jpl", "service": "mail"}}}"#,
        r#"{"edit": "remove_entity", "id": "fan", "removal": "with_links"}"#,
        r#"{"edit": "update_organisation", "id": "jpl", "name": "Jet Propulsion Laboratory", "parent": "us-gov"}"#,
        r#"{"edit": "update_individual", "id": "ann", "name": "Ann Lee", "emails": ["ann@jpl.example"]}"#,
        r#"{"edit": "update_service", "id": "mail", "name": "Mail", "provider": "jpl"}"#,
    ];
    let edits: Vec<Edit> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    let mut model = sample();
    let applied = model.apply(&edits).expect("a valid batch");
    assert!(model.entity("jpl").is_some() && model.entity("fan").is_none());
    assert_eq!(model.parent_chain("jpl"), ["us-gov"]);
    assert_eq!(
        model.entity("ann").unwrap().email(),
        Some("ann@jpl.example")
    );
    assert_eq!(model.provider("mail").unwrap().id(), "jpl");
    assert_eq!(
        model.memberships("dana", Some(Date::constant(2027, 6, 1)))[0].organisation,
        "jpl"
    );
    // The usage removed by name, then the fan's usage of the broadcast.
    assert_eq!(applied.removed().len(), 2);
}

#[test]
fn a_misspelt_or_missing_field_is_an_error_naming_it() {
    let err = |json: &str| serde_json::from_str::<Edit>(json).unwrap_err().to_string();
    assert!(err(r#"{"edit": "add_organisation", "id": "x", "parnet": "nasa"}"#).contains("parnet"));
    assert!(
        err(r#"{"edit": "end_membership", "individual": "a", "organisation": "b"}"#)
            .contains("date")
    );
    assert!(err(r#"{"edit": "end_membership", "individual": "a", "organisation": "b", "date": "2027-1-1"}"#)
        .contains("YYYY-MM-DD"));
    assert!(err(r#"{"edit": "rename", "id": "x"}"#).contains("rename"));
}

#[test]
fn an_unknown_entity_to_remove_is_a_problem_of_its_edit() {
    let mut model = sample();
    let err = model
        .apply(&[
            Edit::AddIndividual(Individual::new("ann")),
            Edit::RemoveEntity {
                id: "nobody".into(),
                removal: Removal::WithLinks,
            },
        ])
        .unwrap_err();
    let [p] = err.problems() else {
        panic!("one problem: {err}")
    };
    assert_eq!(
        (p.edit(), p.kind()),
        (Some(1), ProblemKind::UnknownReference)
    );
    assert!(p.to_string().starts_with("edits[1]: "), "{p}");
    assert!(p.message().contains("nobody"), "{p}");
    assert!(model.entity("ann").is_none());
}
