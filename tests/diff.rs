//! `Diff`: what changed between two documents or two dates, and the
//! batch of edits that turns the old document into the new one; the
//! update edits; `svcrel diff`.
//!
//! "Equal" documents here: the same `email_policy` and the same items in
//! each section, whatever their order (each section sorted by its JSON
//! text). Applying `Diff::between(old, new).edits()` to OLD gives a model
//! whose document is equal to NEW in that sense: added entities and
//! links come last, so the order of items may differ.

mod util;

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;
use svcrel::{
    ChangeOptions, Date, Diff, Document, Edit, EntityKind, EntityRecord, Individual, Link,
    Membership, Model, Organisation, ProblemKind, Service, Usage,
};
use util::cli::{stderr, stdout, svcrel};
use util::{SAMPLE, SAMPLE_PATH, TempFile, random};

fn sample() -> Model {
    Model::from_json_str(SAMPLE).expect("the sample is valid")
}

/// Each section of a document as sorted JSON texts, with the policy.
fn sorted(doc: &Document) -> Vec<Vec<String>> {
    let value = serde_json::to_value(doc).expect("a document is JSON");
    let mut sections = vec![vec![format!("{:?}", doc.email_policy)]];
    for key in [
        "organisations",
        "individuals",
        "services",
        "memberships",
        "reporting",
        "funding",
        "usage",
        "dependencies",
        "oversight",
        "partnerships",
    ] {
        let mut items: Vec<String> = value[key]
            .as_array()
            .map(|a| a.iter().map(Value::to_string).collect())
            .unwrap_or_default();
        items.sort();
        sections.push(items);
    }
    sections
}

/// Applies the diff's edits to OLD and checks that the result is NEW.
fn assert_edits_make_new(old: &Document, new: &Document) -> Result<(), TestCaseError> {
    let old_model = Model::from_document(old).expect("old is valid");
    let new_model = Model::from_document(new).expect("new is valid");
    let diff = Diff::between(&old_model, &new_model);
    let edits = diff.edits();
    let mut model = old_model.clone();
    if let Err(e) = model.apply(&edits) {
        return Err(TestCaseError::fail(format!(
            "edits refused: {e}\nedits: {}",
            serde_json::to_string(&edits).unwrap()
        )));
    }
    prop_assert_eq!(sorted(&model.to_document()), sorted(new));
    prop_assert!(Diff::between(&model, &new_model).is_empty());
    // The edited model answers as one built from NEW.
    for o in &new.organisations {
        let id = o.id.as_str();
        prop_assert_eq!(model.top(id, None), new_model.top(id, None));
        prop_assert_eq!(model.parent_chain(id), new_model.parent_chain(id));
    }
    let answer = |m: &Model, q: svcrel::Question| {
        let mut v = serde_json::to_value(m.ask(&q).unwrap()).unwrap();
        v.as_object_mut().unwrap().remove("version");
        v
    };
    for s in &new.services {
        let q = || svcrel::Question::from(svcrel::Question::customers(s.id.as_str()));
        prop_assert_eq!(answer(&model, q()), answer(&new_model, q()));
        let q = || svcrel::Question::from(svcrel::Question::consumers(s.id.as_str()));
        prop_assert_eq!(answer(&model, q()), answer(&new_model, q()));
    }
    // The same through JSON: the diff and the batch read back.
    let json = serde_json::to_string(&diff).unwrap();
    let back: Diff = serde_json::from_str(&json).unwrap();
    prop_assert_eq!(back.edits(), edits);
    Ok(())
}

// ---------------------------------------------------------------------
// Random pairs: NEW made by mutating OLD
// ---------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Change {
    Rename(Index, u8),
    Reparent(Index, Option<Index>),
    Reprovide(Index, Index),
    RemoveLink(Index),
    RedateLink(Index),
    RemoveIndividual(Index),
    RemoveOrganisation(Index),
    RemoveService(Index),
    AddOrganisation(Option<Index>, u8),
    AddIndividual(u8),
    AddService(Index, u8),
    AddUsage(Index, Index),
    AddMembership(Index, Index),
    Email(Index, u8),
    SwapEmails(Index, Index),
}

fn change() -> impl Strategy<Value = Change> {
    let ix = any::<Index>;
    prop_oneof![
        1 => (ix(), any::<u8>()).prop_map(|(a, n)| Change::Rename(a, n)),
        3 => (ix(), prop::option::weighted(0.8, ix())).prop_map(|(a, b)| Change::Reparent(a, b)),
        1 => (ix(), ix()).prop_map(|(a, b)| Change::Reprovide(a, b)),
        2 => ix().prop_map(Change::RemoveLink),
        1 => ix().prop_map(Change::RedateLink),
        1 => ix().prop_map(Change::RemoveIndividual),
        1 => ix().prop_map(Change::RemoveOrganisation),
        1 => ix().prop_map(Change::RemoveService),
        1 => (prop::option::weighted(0.8, ix()), 0u8..4).prop_map(|(p, n)| Change::AddOrganisation(p, n)),
        1 => (0u8..4).prop_map(Change::AddIndividual),
        1 => (ix(), 0u8..4).prop_map(|(p, n)| Change::AddService(p, n)),
        1 => (ix(), ix()).prop_map(|(a, b)| Change::AddUsage(a, b)),
        1 => (ix(), ix()).prop_map(|(a, b)| Change::AddMembership(a, b)),
        1 => (ix(), 0u8..6).prop_map(|(a, n)| Change::Email(a, n)),
        2 => (ix(), ix()).prop_map(|(a, b)| Change::SwapEmails(a, b)),
    ]
}

fn set_links(doc: &mut Document, links: Vec<Link>) {
    doc.memberships.clear();
    doc.reporting.clear();
    doc.funding.clear();
    doc.usage.clear();
    doc.dependencies.clear();
    doc.oversight.clear();
    doc.partnerships.clear();
    for link in links {
        util::push_link(doc, link);
    }
}

/// Takes `id` out of every link: links naming it go, and it leaves the
/// approvers of funding links.
fn drop_links_of(doc: &mut Document, id: &str) {
    let json = |l: &Link| serde_json::to_value(l).unwrap();
    let links: Vec<Link> = util::links(doc)
        .into_iter()
        .filter_map(|mut link| {
            if let Link::Funding(f) = &mut link {
                f.approved_by.retain(|a| a != id);
            }
            let names = json(&link)
                .as_object()
                .and_then(|o| o.values().next().cloned())
                .and_then(|v| v.as_object().cloned())
                .is_some_and(|o| {
                    o.iter().any(|(k, v)| {
                        k != "approved_by"
                            && (v == id || v.as_array().is_some_and(|a| a.iter().any(|x| x == id)))
                    })
                });
            (!names).then_some(link)
        })
        .collect();
    set_links(doc, links);
}

fn mutate(doc: &Document, change: &Change) -> Document {
    let mut d = doc.clone();
    let n_org = d.organisations.len();
    let n_ind = d.individuals.len();
    let n_svc = d.services.len();
    let party = |d: &Document, ix: &Index| -> String {
        let n = d.organisations.len() + d.individuals.len();
        let k = ix.index(n.max(1));
        if k < d.organisations.len() {
            d.organisations[k].id.to_string()
        } else {
            d.individuals[k - d.organisations.len()].id.to_string()
        }
    };
    match change {
        Change::Rename(a, n) => {
            let total = n_org + n_ind + n_svc;
            let k = a.index(total);
            let name = (n % 3 != 0).then(|| format!("Name {n}"));
            if k < n_org {
                d.organisations[k].name = name;
            } else if k < n_org + n_ind {
                d.individuals[k - n_org].name = name;
            } else {
                d.services[k - n_org - n_ind].name = name;
            }
        }
        Change::Reparent(a, b) if n_org > 0 => {
            let k = a.index(n_org);
            d.organisations[k].parent = b
                .as_ref()
                .map(|b| d.organisations[b.index(n_org)].id.clone());
        }
        Change::Reprovide(a, b) if n_svc > 0 => {
            let k = a.index(n_svc);
            d.services[k].provider = party(&d, b).into();
        }
        Change::RemoveLink(a) => {
            let mut links = util::links(&d);
            if !links.is_empty() {
                links.remove(a.index(links.len()));
                set_links(&mut d, links);
            }
        }
        Change::RedateLink(a) => {
            let mut links = util::links(&d);
            if !links.is_empty() {
                let k = a.index(links.len());
                if let Link::Usage(u) = &mut links[k] {
                    u.until = Some(Date::constant(2021, 1, 1));
                } else if let Link::Membership(m) = &mut links[k] {
                    m.title = Some("Moved".into());
                }
                set_links(&mut d, links);
            }
        }
        Change::RemoveIndividual(a) if n_ind > 0 => {
            let gone = d.individuals.remove(a.index(n_ind));
            drop_links_of(&mut d, gone.id.as_str());
        }
        Change::RemoveOrganisation(a) if n_org > 0 => {
            let gone = d.organisations.remove(a.index(n_org)).id;
            // Its children go up to its parent; its services move.
            let up = doc.organisations[a.index(n_org)].parent.clone();
            for o in &mut d.organisations {
                if o.parent.as_ref() == Some(&gone) {
                    o.parent = up.clone();
                }
            }
            let other = d
                .organisations
                .first()
                .map(|o| o.id.to_string())
                .or_else(|| d.individuals.first().map(|i| i.id.to_string()));
            for s in &mut d.services {
                if s.provider == gone.as_str() {
                    if let Some(other) = &other {
                        s.provider = other.clone().into();
                    }
                }
            }
            drop_links_of(&mut d, gone.as_str());
        }
        Change::RemoveService(a) if n_svc > 0 => {
            let gone = d.services.remove(a.index(n_svc));
            drop_links_of(&mut d, gone.id.as_str());
        }
        Change::AddOrganisation(p, n) => {
            let parent = p
                .as_ref()
                .filter(|_| n_org > 0)
                .map(|p| d.organisations[p.index(n_org)].id.clone());
            let id = format!("new-o{n}");
            d.organisations.push(Organisation {
                parent,
                ..Organisation::new(id.as_str())
            });
            // Sometimes an existing organisation moves under it.
            if n % 2 == 1 && n_org > 0 {
                let k = (*n as usize) % n_org;
                d.organisations[k].parent = Some(id.into());
            }
        }
        Change::AddIndividual(n) => d.individuals.push(Individual {
            emails: vec![format!("e{n}@x.example")],
            ..Individual::new(format!("new-i{n}"))
        }),
        Change::AddService(p, n) if n_org + n_ind > 0 => {
            let provider = party(&d, p);
            d.services.push(Service::new(format!("new-s{n}"), provider));
        }
        Change::AddUsage(p, s) if n_svc > 0 && n_org + n_ind > 0 => {
            let user = party(&d, p);
            let service = d.services[s.index(n_svc)].id.clone();
            d.usage.push(Usage::new(user, service.as_str()));
        }
        Change::AddMembership(i, o) if n_ind > 0 && n_org > 0 => {
            let individual = d.individuals[i.index(n_ind)].id.clone();
            let organisation = d.organisations[o.index(n_org)].id.clone();
            d.memberships
                .push(Membership::new(individual, organisation));
        }
        Change::Email(a, n) if n_ind > 0 => {
            let k = a.index(n_ind);
            d.individuals[k].emails = if *n == 0 {
                Vec::new()
            } else {
                vec![format!("e{n}@x.example")]
            };
        }
        Change::SwapEmails(a, b) if n_ind > 1 => {
            let (a, b) = (a.index(n_ind), b.index(n_ind));
            let emails = d.individuals[a].emails.clone();
            d.individuals[a].emails = std::mem::replace(&mut d.individuals[b].emails, emails);
        }
        _ => {}
    }
    d
}

/// A random valid document whose individuals give emails, and a valid
/// document made of it by random changes (each one kept only when the
/// document stays valid).
fn pair() -> impl Strategy<Value = (Document, Document)> {
    (
        random::document(),
        prop::collection::vec(change(), 1..12),
        any::<bool>(),
    )
        .prop_map(|(mut old, changes, shared)| {
            if shared {
                old.email_policy = svcrel::EmailPolicy::Shared;
            }
            for (k, i) in old.individuals.iter_mut().enumerate() {
                if k % 3 != 2 {
                    i.emails = vec![format!("{}@x.example", i.id)];
                }
            }
            let mut new = old.clone();
            for change in &changes {
                let next = mutate(&new, change);
                if next.validate().is_ok() {
                    new = next;
                }
            }
            (old, new)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_edits_of_a_diff_turn_old_into_new((old, new) in pair()) {
        assert_edits_make_new(&old, &new)?;
    }

    #[test]
    fn a_document_differs_from_itself_in_nothing(doc in random::document(), d in 1i8..=6, e in 1i8..=6) {
        let model = Model::from_document(&doc).unwrap();
        let diff = Diff::between(&model, &model);
        prop_assert!(diff.is_empty());
        prop_assert!(diff.edits().is_empty());
        let day = random::day(d);
        prop_assert!(Diff::between_dates(&model, day, day).is_empty());
        // Between two dates: what ended held then and not now, and back.
        let there = Diff::between_dates(&model, day, random::day(e));
        let back = Diff::between_dates(&model, random::day(e), day);
        prop_assert_eq!(&there.links.removed, &back.links.added);
        prop_assert_eq!(&there.links.added, &back.links.removed);
        prop_assert!(there.edits().is_empty());
    }
}

// ---------------------------------------------------------------------
// Chosen cases
// ---------------------------------------------------------------------

#[test]
fn a_chain_re_parented_upside_down_applies_in_depth_order() {
    // Old: r > x > p > u. New: r > p > u > x.
    let old: Document = serde_json::from_str(
        r#"{"version": 1, "organisations": [
            {"id": "r"}, {"id": "x", "parent": "r"}, {"id": "p", "parent": "x"}, {"id": "u", "parent": "p"}]}"#,
    )
    .unwrap();
    let mut new = old.clone();
    new.organisations[1].parent = Some("u".into());
    new.organisations[2].parent = Some("r".into());
    assert_edits_make_new(&old, &new).unwrap();
    let diff = Diff::between(
        &Model::from_document(&old).unwrap(),
        &Model::from_document(&new).unwrap(),
    );
    let changed: Vec<&str> = diff
        .entities
        .changed
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(changed, ["p", "x"]);
    assert_eq!(diff.entities.changed[0].fields, ["parent"]);
}

#[test]
fn two_parties_swap_their_emails() {
    let old: Document = serde_json::from_str(
        r#"{"version": 1, "individuals": [
            {"id": "a", "emails": ["a@x.example"]}, {"id": "b", "emails": ["b@x.example"]}, {"id": "c", "emails": ["c@x.example"]}]}"#,
    )
    .unwrap();
    let mut new = old.clone();
    new.individuals[0].emails = vec!["b@x.example".into()];
    new.individuals[1].emails = vec!["a@x.example".into()];
    // c's address goes to someone new.
    new.individuals.remove(2);
    new.individuals.push(Individual {
        emails: vec!["C@x.example".into()],
        ..Individual::new("d")
    });
    assert_edits_make_new(&old, &new).unwrap();
}

#[test]
fn an_id_of_another_kind_is_removed_and_added() {
    let old: Document = serde_json::from_str(
        r#"{"version": 1, "organisations": [{"id": "it"}], "individuals": [{"id": "x"}],
            "services": [{"id": "mail", "provider": "it"}], "usage": [{"user": "x", "service": "mail"}]}"#,
    )
    .unwrap();
    let mut new = old.clone();
    new.individuals.clear();
    new.organisations.push(Organisation::new("x"));
    assert_edits_make_new(&old, &new).unwrap();
    let diff = Diff::between(
        &Model::from_document(&old).unwrap(),
        &Model::from_document(&new).unwrap(),
    );
    assert_eq!(diff.entities.removed[0].kind, EntityKind::Individual);
    assert_eq!(diff.entities.added[0].kind, EntityKind::Organisation);
    assert_eq!((diff.counts.links_removed, diff.counts.links_added), (1, 1));
}

#[test]
fn links_are_compared_as_multisets() {
    let old = sample();
    let mut new = old.clone();
    let usage = Link::from(Usage::new("fan", "nfl-broadcast"));
    new.add_link(usage.clone()).unwrap();
    let diff = Diff::between(&old, &new);
    assert_eq!(diff.links.added, std::slice::from_ref(&usage));
    assert!(diff.links.removed.is_empty());
    let back = Diff::between(&new, &old);
    assert_eq!(back.links.removed, [usage]);
    assert_edits_make_new(&new.to_document(), &old.to_document()).unwrap();
}

#[test]
fn marys_memberships_across_dates() {
    let model = sample();
    let diff = Diff::between_dates(
        &model,
        Date::constant(2012, 1, 1),
        Date::constant(2028, 1, 1),
    );
    let mary = |links: &[Link]| -> Vec<String> {
        links
            .iter()
            .filter_map(|l| match l {
                Link::Membership(m) if m.individual == "mary" => Some(m.organisation.to_string()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(mary(&diff.links.removed), ["acme-typing-pool"]);
    assert_eq!(mary(&diff.links.added), ["acme-finance"]);
    let json = serde_json::to_value(&diff).unwrap();
    assert_eq!(json["dates"]["old"], "2012-01-01");
    assert_eq!(json["dates"]["new"], "2028-01-01");
    assert!(json["entities"]["added"].as_array().unwrap().is_empty());
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys[0], "counts");
}

// ---------------------------------------------------------------------
// The update edits refuse what a document would
// ---------------------------------------------------------------------

fn problem_kinds(err: &svcrel::Error) -> Vec<ProblemKind> {
    err.problems().iter().map(|p| p.kind()).collect()
}

#[test]
fn an_update_that_closes_a_parent_cycle_is_refused() {
    let mut model = sample();
    let before = model.to_document();
    let err = model
        .update_organisation(Organisation {
            parent: Some("goddard-apps".into()),
            ..Organisation::new("nasa")
        })
        .unwrap_err();
    assert_eq!(problem_kinds(&err), [ProblemKind::ParentCycle]);
    assert!(err.to_string().contains("nasa"), "{err}");
    let err = model
        .update_organisation(Organisation {
            parent: Some("nasa".into()),
            ..Organisation::new("nasa")
        })
        .unwrap_err();
    assert_eq!(problem_kinds(&err), [ProblemKind::ParentCycle]);
    assert_eq!(model.to_document(), before);
    assert_eq!(model.version(), 0);
}

#[test]
fn an_update_naming_an_unknown_parent_or_provider_is_refused() {
    let mut model = sample();
    let err = model
        .update_organisation(Organisation {
            parent: Some("ghost".into()),
            ..Organisation::new("nasa")
        })
        .unwrap_err();
    assert_eq!(problem_kinds(&err), [ProblemKind::UnknownReference]);
    assert!(err.to_string().contains("ghost"), "{err}");
    let err = model
        .update_service(Service::new("acme-email", "acme-email"))
        .unwrap_err();
    assert_eq!(problem_kinds(&err), [ProblemKind::WrongKind]);
    let err = model
        .update_individual(Individual::new("nasa"))
        .unwrap_err();
    assert_eq!(problem_kinds(&err), [ProblemKind::WrongKind]);
    let err = model
        .update_individual(Individual::new("ghost"))
        .unwrap_err();
    assert_eq!(problem_kinds(&err), [ProblemKind::UnknownReference]);
}

#[test]
fn an_update_giving_an_email_another_party_gives_is_refused() {
    let mut model = Model::from_json_str(
        r#"{"version": 1, "individuals": [{"id": "a", "emails": ["a@x.example"]}, {"id": "b"}]}"#,
    )
    .unwrap();
    let err = model
        .update_individual(Individual {
            emails: vec!["A@x.example".into()],
            ..Individual::new("b")
        })
        .unwrap_err();
    assert_eq!(problem_kinds(&err), [ProblemKind::DuplicateEmail]);
    assert!(err.to_string().contains("\"a\""), "{err}");
    // Its own email again is no duplicate; and a freed one may be taken.
    model
        .update_individual(Individual {
            name: Some("A".into()),
            emails: vec!["a@x.example".into()],
            ..Individual::new("a")
        })
        .unwrap();
    model.update_individual(Individual::new("a")).unwrap();
    model
        .update_individual(Individual {
            emails: vec!["a@x.example".into()],
            ..Individual::new("b")
        })
        .unwrap();
    assert_eq!(
        model.find("a@x.example").found.map(|c| c.id),
        Some("b".to_owned())
    );
}

#[test]
fn a_re_parented_organisation_answers_with_its_new_top() {
    let mut model = sample();
    let top = model.top("goddard-apps", None);
    assert_eq!(top, ["us-gov"]);
    let doc = model.to_document();
    let mut nasa = doc
        .organisations
        .iter()
        .find(|o| o.id == "nasa")
        .unwrap()
        .clone();
    nasa.parent = None;
    let version = model.version();
    model.apply(&[Edit::UpdateOrganisation(nasa)]).unwrap();
    assert!(model.version() > version);
    assert_eq!(model.top("goddard-apps", None), ["nasa"]);
    assert_eq!(model.parent_chain("goddard-apps"), ["goddard", "nasa"]);
}

// ---------------------------------------------------------------------
// svcrel diff
// ---------------------------------------------------------------------

const OLD: &str = r#"{"version": 1,
  "organisations": [{"id": "it", "name": "IT"}, {"id": "hr"}],
  "individuals": [{"id": "ann"}, {"id": "bob"}, {"id": "cy"}],
  "services": [{"id": "mail", "provider": "it"}],
  "usage": [{"user": "ann", "service": "mail"}, {"user": "bob", "service": "mail"}, {"user": "cy", "service": "mail"}]
}"#;

const NEW: &str = r#"{"version": 1,
  "organisations": [{"id": "it", "name": "IT department"}, {"id": "hr", "parent": "it"}, {"id": "ops"}],
  "individuals": [{"id": "ann"}, {"id": "dee\u001b[31m"}],
  "services": [{"id": "mail", "provider": "it"}],
  "usage": [{"user": "ann", "service": "mail"}, {"user": "dee\u001b[31m", "service": "mail"}, {"user": "ops", "service": "mail"}, {"user": "hr", "service": "mail"}],
  "memberships": [{"individual": "ann", "organisation": "ops"}]
}"#;

#[test]
fn svcrel_diff_counts_and_lists_in_words() {
    let (old, new) = (
        TempFile::new("old.json", OLD),
        TempFile::new("new.json", NEW),
    );
    let out = svcrel(&["diff", old.path(), new.path()], None);
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    let first = text.lines().next().unwrap();
    assert!(
        first.contains("2 entities added, 2 removed, 2 changed"),
        "{text}"
    );
    assert!(first.contains("4 links added, 2 removed"), "{text}");
    assert!(text.contains("IT department (it)"), "{text}");
    assert!(
        text.contains("name, parent") || text.contains("parent"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "escaped: {text:?}");
    assert!(text.contains("dee\\u{1b}[31m"), "{text}");

    let out = svcrel(&["diff", old.path(), new.path(), "--limit", "1"], None);
    let text = stdout(&out);
    assert!(text.contains("… and 1 more"), "{text}");
    assert!(text.contains("… and 3 more"), "{text}");
}

#[test]
fn svcrel_diff_json_and_edits() {
    let (old, new) = (
        TempFile::new("old.json", OLD),
        TempFile::new("new.json", NEW),
    );
    let out = svcrel(&["diff", old.path(), new.path(), "--json"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let diff: Diff = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(diff.counts.entities_added, 2);
    assert_eq!(diff.counts.links_removed, 2);
    assert!(matches!(
        diff.entities.changed[0].new,
        Some(EntityRecord::Organisation(_))
    ));

    let out = svcrel(&["diff", "--edits", old.path(), new.path()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let edits: Vec<Edit> = serde_json::from_str(&stdout(&out)).unwrap();
    let mut model = Model::from_json_str(OLD).unwrap();
    model.apply(&edits).unwrap();
    let new_model = Model::from_json_str(NEW).unwrap();
    assert_eq!(
        sorted(&model.to_document()),
        sorted(&new_model.to_document())
    );
}

#[test]
fn svcrel_diff_at_two_dates() {
    let out = svcrel(
        &[
            "diff",
            "--model",
            SAMPLE_PATH,
            "--at",
            "2012-01-01",
            "--at",
            "2028-01-01",
        ],
        None,
    );
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        text.lines().next().unwrap().contains("2012-01-01"),
        "{text}"
    );
    assert!(text.contains("Ended"), "{text}");
    assert!(text.contains("Began"), "{text}");
    assert!(text.contains("acme-typing-pool"), "{text}");
    let out = svcrel(
        &[
            "diff",
            "--model",
            SAMPLE_PATH,
            "--at",
            "2012-01-01",
            "--at",
            "2028-01-01",
            "--json",
        ],
        None,
    );
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["dates"]["new"], "2028-01-01");
}

/// What the changes did, per service: Mary's promotion makes her a client
/// of the e-mail service, paid for by finance, and United Airlines' sponsorship of the
/// NFL games lapses; in words and in JSON, and the same as the library's.
#[test]
fn svcrel_diff_says_what_the_changes_did_to_relationships() {
    let args = [
        "diff",
        "--model",
        SAMPLE_PATH,
        "--at",
        "2020-01-01",
        "--at",
        "2028-06-01",
    ];
    let out = svcrel(&args, None);
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    let flowing = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flowing.contains("2 services changed; 1 became, 1 stopped"),
        "{text}"
    );
    let lines: Vec<&str> = text.lines().collect();
    let has = |words: &[&str]| lines.iter().any(|l| words.iter().all(|w| l.contains(w)));
    assert!(has(&["became", "Mary (mary)", "client"]), "{text}");
    assert!(
        has(&[
            "payer",
            "Mary (mary)",
            "nobody → Acme finance (acme-finance)"
        ]),
        "{text}"
    );
    assert!(
        has(&[
            "stopped",
            "United Airlines (united-airlines)",
            "customer (external"
        ]),
        "{text}"
    );

    let out = svcrel(&[&args[..], &["--json"]].concat(), None);
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let model = sample();
    let (d1, d2) = (Date::constant(2020, 1, 1), Date::constant(2028, 6, 1));
    let library = Diff::between_dates(&model, d1, d2).with_relationships(
        &model,
        &model,
        &ChangeOptions::new(),
    );
    assert_eq!(json, serde_json::to_value(&library).unwrap());
    assert_eq!(json["relationships"]["services_changed"], 2);

    // Two documents are read on --as-of; the cutoff counts.
    let old = TempFile::new("old.json", SAMPLE);
    let mut doc: Value = serde_json::from_str(SAMPLE).unwrap();
    doc["funding"]
        .as_array_mut()
        .unwrap()
        .retain(|f| f["payer"] != "goddard-apps");
    let new = TempFile::new("new.json", &doc.to_string());
    let out = svcrel(
        &[
            "diff",
            old.path(),
            new.path(),
            "--as-of",
            "2026-01-01",
            "--json",
        ],
        None,
    );
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let expense = json["relationships"]["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service"] == "expense-app")
        .expect("expense-app changed");
    let stopped: Vec<&str> = expense["stopped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["party"].as_str().unwrap())
        .collect();
    assert!(
        stopped.contains(&"goddard-apps") && stopped.contains(&"dana"),
        "{stopped:?}"
    );
    let out = svcrel(
        &[
            "diff",
            old.path(),
            new.path(),
            "--as-of",
            "2026-01-01",
            "--max-chain",
            "0",
            "--json",
        ],
        None,
    );
    let narrow: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(
        narrow["relationships"]["totals"]["stopped"].as_u64()
            < json["relationships"]["totals"]["stopped"].as_u64(),
        "{narrow}"
    );
}

#[test]
fn svcrel_diff_names_a_bad_file() {
    let old = TempFile::new("old.json", OLD);
    let bad = TempFile::new(
        "bad.json",
        r#"{"version": 1, "usage": [{"user": "x", "service": "y"}]}"#,
    );
    let out = svcrel(&["diff", old.path(), bad.path()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("bad"), "{}", stderr(&out));
    let out = svcrel(&["diff", old.path()], None);
    assert_eq!(out.status.code(), Some(2));
    let out = svcrel(
        &["diff", "--model", SAMPLE_PATH, "--at", "2012-01-01"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}
