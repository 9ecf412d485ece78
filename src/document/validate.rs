//! The rules of a model document: ids, references, cycles, dates.
//!
//! Every check is iterative and close to linear in the size of the
//! document, so a 100,000-deep parent chain or 10,000 problems cost no
//! more than their size.

use std::collections::{HashMap, hash_map};

use jiff::civil::Date;

use crate::document::parse::Damage;
use crate::document::{Document, FORMAT_VERSION};
use crate::ids::EntityKind;
use crate::problem::{Problem, ProblemKind, Section};
use crate::rules::{self, Expect};

mod cycles;

/// Every reference of a valid document, as entity positions:
/// organisations are `0..n_org` in document order, then individuals, then
/// services (so an individual's position is `n_org + its index`).
///
/// A graph builder that adds nodes in that order has `position ==
/// NodeIndex::index()`, and can link without looking an id up again.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// Per organisation, its parent's position.
    pub(crate) parents: Vec<Option<u32>>,
    /// Per service, its provider's position.
    pub(crate) providers: Vec<u32>,
    /// `[individual, organisation]` per membership, in document order.
    pub(crate) memberships: Vec<[u32; 2]>,
    /// `[individual, manager]` per reporting line.
    pub(crate) reporting: Vec<[u32; 2]>,
    /// `[payer, service]` per funding link.
    pub(crate) funding: Vec<[u32; 2]>,
    /// Per funding link, the positions of its `approved_by`, in order
    /// (an empty list allocates nothing).
    pub(crate) approvers: Vec<Vec<u32>>,
    /// `[user, service]` per usage link.
    pub(crate) usage: Vec<[u32; 2]>,
    /// `[service, depends_on]` per dependency.
    pub(crate) dependencies: Vec<[u32; 2]>,
    /// `[overseer, organisation]` per oversight link.
    pub(crate) oversight: Vec<[u32; 2]>,
    /// `[parties[0], parties[1]]` per partnership.
    pub(crate) partnerships: Vec<[u32; 2]>,
}

/// The position of a reference that did not resolve (while checking; a
/// [`Resolved`] handed out holds none).
const NONE: u32 = u32::MAX;

/// Checks the rules, noting problems and each reference's position.
pub(crate) struct Checker<'d> {
    damage: &'d Damage,
    /// Each id defined, with its entity's position (the first, when an id
    /// is given twice), in one map per kind (organisations, individuals,
    /// services): an id is in one map at most, and a reference looks in
    /// the map of the kind it expects first, a small one for
    /// organisations. Ids are input: the hasher stays std's keyed one.
    ids: [HashMap<&'d str, u32>; 3],
    /// Per position, whether the entity holds its id in `ids`.
    owns: Vec<bool>,
    /// Every entity's id, in position order: the one at `p` is
    /// `arena[starts[p]..starts[p + 1]]`.
    arena: &'d str,
    starts: Vec<usize>,
    /// The first individual's position (the number of organisations).
    individuals: u32,
    /// The first service's position.
    services: u32,
    pub(crate) problems: Vec<Problem>,
}

/// Checks every rule of the format on `doc`, passing over the fields in
/// `damage` (already reported as unreadable), and gives every reference
/// as a position when there is no problem.
pub(crate) fn validate_resolved(doc: &Document, damage: &Damage) -> Result<Resolved, Vec<Problem>> {
    match check(doc, damage) {
        (resolved, problems) if problems.is_empty() => Ok(resolved),
        (_, problems) => Err(problems),
    }
}

/// The problems [`validate_resolved`] finds, resolved or not.
#[cfg(test)]
fn validate(doc: &Document, damage: &Damage) -> Vec<Problem> {
    check(doc, damage).1
}

/// A position as `u32`; [`NONE`] when the document is too large to have
/// one (over four billion entities: no model can hold it anyway).
fn position(p: usize) -> u32 {
    u32::try_from(p).unwrap_or(NONE)
}

/// The rules, in the order their problems were always found: version,
/// ids, then per item its references, period and self link, then cycles;
/// a stable sort by section and index puts them in document order.
fn check(doc: &Document, damage: &Damage) -> (Resolved, Vec<Problem>) {
    let n_org = doc.organisations.len();
    let n_ind = doc.individuals.len();
    // Every id, one after another, so that the keys the maps compare are
    // close together (an organisation's id is compared often).
    let all_ids = || {
        let orgs = doc.organisations.iter().map(|o| o.id.as_str());
        let people = doc.individuals.iter().map(|p| p.id.as_str());
        orgs.chain(people)
            .chain(doc.services.iter().map(|s| s.id.as_str()))
    };
    let mut arena = String::new();
    let mut starts = Vec::with_capacity(n_org + n_ind + doc.services.len() + 1);
    for id in all_ids() {
        starts.push(arena.len());
        arena.push_str(id);
    }
    starts.push(arena.len());
    let mut c = Checker {
        damage,
        arena: &arena,
        starts,
        ids: [
            HashMap::with_capacity(n_org),
            HashMap::with_capacity(n_ind),
            HashMap::with_capacity(doc.services.len()),
        ],
        owns: vec![false; n_org + n_ind + doc.services.len()],
        individuals: position(n_org),
        services: position(n_org + n_ind),
        problems: Vec::new(),
    };
    if doc.version != FORMAT_VERSION && !damage.contains(Section::Version, 0, "version") {
        c.problems.push(Problem::new(
            Section::Version,
            None,
            None,
            ProblemKind::UnsupportedVersion,
            format!(
                "{} is not a supported format version (expected 1)",
                doc.version
            ),
        ));
    }
    for i in 0..n_org {
        c.define(Section::Organisations, i, i);
    }
    for i in 0..n_ind {
        c.define(Section::Individuals, i, n_org + i);
    }
    for i in 0..doc.services.len() {
        c.define(Section::Services, i, n_org + n_ind + i);
    }
    let resolved = c.references(doc);
    cycles::parent_cycles(doc, &resolved.parents, &mut c);
    cycles::reporting_cycles(doc, &resolved.reporting, &mut c);
    // Document order, as `Model::from_json_slice` gives it: by section,
    // then index (stable, so an item's problems keep the order above).
    c.problems.extend(identity_problems(doc));
    c.problems.sort_by_key(|p| (p.section(), p.index()));
    (resolved, c.problems)
}

/// Per field, the position its last reference named: documents often
/// name one entity several times running, or the next entity in turn,
/// and a look there is cheaper than hashing.
#[derive(Default)]
struct Hints {
    organisations_parent: Hint,
    services_provider: Hint,
    memberships: [Hint; 2],
    reporting: [Hint; 2],
    funding: [Hint; 2],
    funding_approved_by: Hint,
    usage: [Hint; 2],
    dependencies: [Hint; 2],
    oversight: [Hint; 2],
    partnerships: [Hint; 2],
}

/// Where a field's last reference led, and how many references to
/// resolve without looking there after the look missed (for a field
/// whose references jump about).
struct Hint {
    last: u32,
    cold: u32,
}

impl Hint {
    /// References not looked near after a miss.
    const COLD: u32 = 16;
}

impl Default for Hint {
    fn default() -> Self {
        Hint {
            last: NONE,
            cold: 0,
        }
    }
}

impl<'d> Checker<'d> {
    /// The kind of the entity at `position`.
    fn kind(&self, position: u32) -> EntityKind {
        if position < self.individuals {
            EntityKind::Organisation
        } else if position < self.services {
            EntityKind::Individual
        } else {
            EntityKind::Service
        }
    }

    /// Where the entity at `position` is defined: its section and index.
    fn place(&self, position: u32) -> (Section, usize) {
        let (section, first) = match self.kind(position) {
            EntityKind::Organisation => (Section::Organisations, 0),
            EntityKind::Individual => (Section::Individuals, self.individuals),
            EntityKind::Service => (Section::Services, self.services),
        };
        (section, (position - first) as usize)
    }

    /// The id of the entity `g`th in position order.
    fn id(&self, g: usize) -> &'d str {
        let arena = self.arena;
        match (self.starts.get(g), self.starts.get(g + 1)) {
            (Some(&a), Some(&b)) => arena.get(a..b).unwrap_or_default(),
            _ => "",
        }
    }

    /// Notes the id of `section[index]`, the entity `g`th in position
    /// order, or reports it empty or given before.
    fn define(&mut self, section: Section, index: usize, g: usize) {
        let id = self.id(g);
        let position = position(g);
        if self.damage.contains(section, index, "id") {
            return;
        }
        if id.is_empty() {
            self.problems
                .push(rules::empty_id(section, Some(index), "id".to_owned()));
            return;
        }
        let kind = match self.kind(position) {
            EntityKind::Organisation => 0,
            EntityKind::Individual => 1,
            EntityKind::Service => 2,
        };
        let elsewhere = (0..kind).find_map(|k| self.ids[k].get(id).copied());
        let entry = match elsewhere {
            Some(first) => Err(first),
            None => match self.ids[kind].entry(id) {
                hash_map::Entry::Occupied(first) => Err(*first.get()),
                hash_map::Entry::Vacant(slot) => Ok(slot),
            },
        };
        match entry {
            Err(first) => {
                let (first_section, first_index) = self.place(first);
                self.problems.push(
                    Problem::at(
                        section,
                        index,
                        "id",
                        ProblemKind::DuplicateId,
                        format!("{id:?} is already the id of {first_section}[{first_index}]"),
                    )
                    .with_id(id),
                );
            }
            Ok(slot) => {
                if position != NONE {
                    slot.insert(position);
                    self.owns[position as usize] = true;
                }
            }
        }
    }

    /// The position of the entity `id` names, when its kind is one
    /// `expect` accepts; otherwise reports a problem at
    /// `section[index].field` and gives [`NONE`]. A field already
    /// reported unreadable gives [`NONE`] quietly.
    fn reference(
        &mut self,
        hint: &mut Hint,
        section: Section,
        index: usize,
        field: &'static str,
        id: &str,
        expect: Expect,
    ) -> u32 {
        if self.damage.contains(section, index, field) {
            return NONE;
        }
        self.resolve(hint, section, index, || field.to_owned(), id, expect)
    }

    /// As [`Checker::reference`], for an element of a list field whose
    /// damage the caller has looked at; the field's name is only written
    /// out for a problem.
    fn resolve(
        &mut self,
        hint: &mut Hint,
        section: Section,
        index: usize,
        field: impl FnOnce() -> String,
        id: &str,
        expect: Expect,
    ) -> u32 {
        let found = self.guess(hint, id).or_else(|| self.find(id, expect));
        if let Some(position) = found {
            hint.last = position;
            if expect.accepts(self.kind(position)) {
                return position;
            }
        }
        let found = found.map(|position| self.kind(position));
        self.problems.extend(rules::reference_problem(
            section,
            Some(index),
            field(),
            id,
            found,
            expect,
        ));
        NONE
    }

    /// The position of the entity holding `id`, looked up in the maps of
    /// the kinds `expect` accepts first.
    fn find(&self, id: &str, expect: Expect) -> Option<u32> {
        let order: [usize; 3] = match expect {
            Expect::Organisation | Expect::Party => [0, 1, 2],
            Expect::Individual => [1, 0, 2],
            Expect::Service => [2, 0, 1],
        };
        order.into_iter().find_map(|k| self.ids[k].get(id).copied())
    }

    /// The id of the entity at `position`, when that entity holds it (it
    /// is readable, and no entity before it has it).
    fn owned_id(&self, position: u32) -> Option<&'d str> {
        let p = position as usize;
        self.owns.get(p)?.then(|| self.id(p))
    }

    /// What the map would give for `id`, when `id` is held by the entity
    /// at the hint's last position or at the one after it: a cheap look
    /// near the last answer, before hashing.
    fn guess(&self, hint: &mut Hint, id: &str) -> Option<u32> {
        if hint.last == NONE {
            return None;
        }
        if hint.cold > 0 {
            hint.cold -= 1;
            return None;
        }
        let found = [hint.last, hint.last.saturating_add(1)]
            .into_iter()
            .find(|&p| self.owned_id(p) == Some(id));
        if found.is_none() {
            hint.cold = Hint::COLD;
        }
        found
    }

    /// Checks every reference, period and self link, item by item, and
    /// notes each reference's position.
    fn references(&mut self, doc: &Document) -> Resolved {
        use Expect::*;
        use Section as S;
        let mut hint = Hints::default();
        let parents = doc
            .organisations
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let parent = o.parent.as_ref()?;
                let at = self.reference(
                    &mut hint.organisations_parent,
                    S::Organisations,
                    i,
                    "parent",
                    parent.as_str(),
                    Organisation,
                );
                (at != NONE).then_some(at)
            })
            .collect();
        let providers = doc
            .services
            .iter()
            .enumerate()
            .map(|(i, s)| {
                self.reference(
                    &mut hint.services_provider,
                    S::Services,
                    i,
                    "provider",
                    s.provider.as_str(),
                    Party,
                )
            })
            .collect();
        let memberships = doc
            .memberships
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let ends = [
                    ("individual", m.individual.as_str(), Individual),
                    ("organisation", m.organisation.as_str(), Organisation),
                ];
                self.link(
                    &mut hint.memberships,
                    S::Memberships,
                    i,
                    ends,
                    m.from,
                    m.until,
                )
            })
            .collect();
        let reporting = doc
            .reporting
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let ends = [
                    ("individual", l.individual.as_str(), Individual),
                    ("manager", l.manager.as_str(), Individual),
                ];
                let at = self.link(&mut hint.reporting, S::Reporting, i, ends, l.from, l.until);
                self.problems.extend(rules::self_reporting(
                    Some(i),
                    l.individual.as_str(),
                    l.manager.as_str(),
                ));
                at
            })
            .collect();
        let mut funding = Vec::with_capacity(doc.funding.len());
        let mut approvers = Vec::with_capacity(doc.funding.len());
        for (i, f) in doc.funding.iter().enumerate() {
            let [a, b] = self.ends(
                &mut hint.funding,
                S::Funding,
                i,
                [
                    ("payer", f.payer.as_str(), Party),
                    ("service", f.service.as_str(), Service),
                ],
            );
            funding.push([a, b]);
            let mut approved_by = Vec::new();
            if !self.damage.contains(S::Funding, i, "approved_by") {
                approved_by.reserve_exact(f.approved_by.len());
                for (k, x) in f.approved_by.iter().enumerate() {
                    let field = || format!("approved_by[{k}]");
                    approved_by.push(self.resolve(
                        &mut hint.funding_approved_by,
                        S::Funding,
                        i,
                        field,
                        x.as_str(),
                        Individual,
                    ));
                }
            }
            approvers.push(approved_by);
            self.period(S::Funding, i, f.payer.as_str(), f.from, f.until);
        }
        let usage = doc
            .usage
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let ends = [
                    ("user", u.user.as_str(), Party),
                    ("service", u.service.as_str(), Service),
                ];
                self.link(&mut hint.usage, S::Usage, i, ends, u.from, u.until)
            })
            .collect();
        let dependencies = doc
            .dependencies
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let ends = [
                    ("service", d.service.as_str(), Service),
                    ("depends_on", d.depends_on.as_str(), Service),
                ];
                let at = self.link(
                    &mut hint.dependencies,
                    S::Dependencies,
                    i,
                    ends,
                    d.from,
                    d.until,
                );
                self.problems.extend(rules::self_dependency(
                    Some(i),
                    d.service.as_str(),
                    d.depends_on.as_str(),
                ));
                at
            })
            .collect();
        let oversight = doc
            .oversight
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let ends = [
                    ("overseer", o.overseer.as_str(), Party),
                    ("organisation", o.organisation.as_str(), Organisation),
                ];
                self.link(&mut hint.oversight, S::Oversight, i, ends, o.from, o.until)
            })
            .collect();
        let partnerships = doc
            .partnerships
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut ends = [NONE; 2];
                if !self.damage.contains(S::Partnerships, i, "parties") {
                    for (k, party) in p.parties.iter().enumerate() {
                        let field = || format!("parties[{k}]");
                        ends[k] = self.resolve(
                            &mut hint.partnerships[k],
                            S::Partnerships,
                            i,
                            field,
                            party.as_str(),
                            Party,
                        );
                    }
                }
                self.period(S::Partnerships, i, p.parties[0].as_str(), p.from, p.until);
                let [a, b] = &p.parties;
                self.problems.extend(rules::one_party_partnership(
                    Some(i),
                    [a.as_str(), b.as_str()],
                ));
                ends
            })
            .collect();
        Resolved {
            parents,
            providers,
            memberships,
            reporting,
            funding,
            approvers,
            usage,
            dependencies,
            oversight,
            partnerships,
        }
    }

    /// The positions of a link's two ends, each checked as
    /// [`Checker::reference`] checks it, in the order given.
    fn ends(
        &mut self,
        hints: &mut [Hint; 2],
        section: Section,
        index: usize,
        ends: [(&'static str, &str, Expect); 2],
    ) -> [u32; 2] {
        let [h0, h1] = hints;
        let [(f0, id0, e0), (f1, id1, e1)] = ends;
        [
            self.reference(h0, section, index, f0, id0, e0),
            self.reference(h1, section, index, f1, id1, e1),
        ]
    }

    /// [`Checker::ends`], then the link's period (named by its first end).
    fn link(
        &mut self,
        hints: &mut [Hint; 2],
        section: Section,
        index: usize,
        ends: [(&'static str, &str, Expect); 2],
        from: Option<Date>,
        until: Option<Date>,
    ) -> [u32; 2] {
        let at = self.ends(hints, section, index, ends);
        self.period(section, index, ends[0].1, from, until);
        at
    }

    fn period(
        &mut self,
        section: Section,
        index: usize,
        id: &str,
        from: Option<Date>,
        until: Option<Date>,
    ) {
        self.problems.extend(rules::period_problems(
            section,
            Some(index),
            id,
            from,
            until,
        ));
    }
}

/// The problems of the parties' emails, phone numbers, mail domains and
/// external ids, and of an email two parties give under
/// `"email_policy": "unique"` (emails compare without regard to case;
/// phone numbers may be shared).
fn identity_problems(doc: &Document) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut first: HashMap<String, &str> = HashMap::new();
    let no_domains: &[String] = &[];
    let parties = doc
        .organisations
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let o: (Section, usize, &str, &[String], &[String], &[String], _) = (
                Section::Organisations,
                i,
                o.id.as_str(),
                &o.emails,
                &o.phones,
                &o.email_domains,
                &o.external_ids,
            );
            o
        })
        .chain(doc.individuals.iter().enumerate().map(|(i, p)| {
            (
                Section::Individuals,
                i,
                p.id.as_str(),
                &p.emails[..],
                &p.phones[..],
                no_domains,
                &p.external_ids,
            )
        }));
    for (section, index, id, emails, phones, domains, external) in parties {
        problems.extend(rules::identity_problems(
            section,
            Some(index),
            id,
            emails,
            phones,
            domains,
            external,
        ));
        let mut own: Vec<String> = emails.iter().map(|e| e.to_lowercase()).collect();
        own.sort_unstable();
        own.dedup();
        for email in own {
            match first.get(&email) {
                Some(&other) if doc.email_policy.is_unique() => {
                    problems.push(rules::duplicate_email(
                        section,
                        Some(index),
                        id,
                        &email,
                        other,
                    ));
                }
                Some(_) => {}
                None => {
                    first.insert(email, id);
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{
        Dependency, Funding, Individual, Membership, Organisation, Oversight, Partnership, Payment,
        Reporting, Service, Usage,
    };

    /// Two organisations, three individuals, two services, and a link of
    /// every kind.
    fn small() -> Document {
        Document {
            organisations: vec![
                Organisation::new("corp"),
                Organisation {
                    parent: Some("corp".into()),
                    ..Organisation::new("it")
                },
            ],
            individuals: vec![
                Individual::new("ann"),
                Individual::new("bob"),
                Individual::new("cat"),
            ],
            services: vec![Service::new("mail", "it"), Service::new("dns", "bob")],
            memberships: vec![
                Membership::new("ann", "corp"),
                Membership::new("bob", "it"),
                Membership::new("cat", "it"),
            ],
            reporting: vec![Reporting::new("bob", "ann"), Reporting::new("cat", "bob")],
            funding: vec![
                Funding {
                    approved_by: vec!["cat".into(), "ann".into()],
                    ..Funding::new("corp", "mail", Payment::Cash)
                },
                Funding::new("bob", "dns", Payment::None),
            ],
            usage: vec![Usage::new("cat", "mail"), Usage::new("it", "dns")],
            dependencies: vec![Dependency::new("mail", "dns")],
            oversight: vec![Oversight::new("ann", "it")],
            partnerships: vec![
                Partnership::new("it", "bob"),
                Partnership::new("ann", "corp"),
            ],
            ..Document::default()
        }
    }

    #[test]
    fn a_valid_document_resolves_to_positions_in_document_order() {
        // corp 0, it 1; ann 2, bob 3, cat 4; mail 5, dns 6.
        let resolved = validate_resolved(&small(), &Damage::default()).expect("valid");
        let expected = Resolved {
            parents: vec![None, Some(0)],
            providers: vec![1, 3],
            memberships: vec![[2, 0], [3, 1], [4, 1]],
            reporting: vec![[3, 2], [4, 3]],
            funding: vec![[0, 5], [3, 6]],
            approvers: vec![vec![4, 2], vec![]],
            usage: vec![[4, 5], [1, 6]],
            dependencies: vec![[5, 6]],
            oversight: vec![[2, 1]],
            partnerships: vec![[1, 3], [2, 0]],
        };
        assert_eq!(resolved, expected);
    }

    #[test]
    fn an_invalid_document_gives_the_problems_validate_gives() {
        let mut doc = small();
        doc.individuals.push(Individual::new("it"));
        doc.usage.push(Usage::new("ghost", "mail"));
        doc.reporting.push(Reporting::new("ann", "cat"));
        let problems = validate_resolved(&doc, &Damage::default()).expect_err("invalid");
        assert_eq!(problems, validate(&doc, &Damage::default()));
        let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                r#"individuals[3].id: "it" is already the id of organisations[1]"#,
                r#"reporting[0].manager: "ann" closes a reporting cycle: bob → ann → cat → bob"#,
                r#"usage[2].user: "ghost" names no organisation or individual"#,
            ]
        );
    }

    #[test]
    fn references_that_jump_about_resolve_as_those_in_turn() {
        // Many references in turn, then scattered ones, then a repeat:
        // the look near the last answer must never change an answer.
        let n = 100;
        let doc = Document {
            organisations: vec![Organisation::new("o")],
            individuals: (0..n).map(|i| Individual::new(format!("p{i}"))).collect(),
            memberships: (0..n)
                .chain((0..n).map(|i| (i * 37) % n))
                .chain([5, 5, 6, 4])
                .map(|i| Membership::new(format!("p{i}"), "o"))
                .collect(),
            ..Document::default()
        };
        let resolved = validate_resolved(&doc, &Damage::default()).expect("valid");
        let expected: Vec<[u32; 2]> = (0..n)
            .chain((0..n).map(|i| (i * 37) % n))
            .chain([5, 5, 6, 4])
            .map(|i| [1 + i as u32, 0])
            .collect();
        assert_eq!(resolved.memberships, expected);
    }

    #[test]
    fn an_id_given_twice_resolves_to_its_first_entity_even_next_in_turn() {
        // "b" is an organisation first and an individual after "a"; a
        // reference to "b" right after one to "a" must still find the
        // organisation (and so be of the wrong kind).
        let doc = Document {
            organisations: vec![Organisation::new("b")],
            individuals: vec![Individual::new("a"), Individual::new("b")],
            reporting: vec![Reporting::new("a", "b")],
            ..Document::default()
        };
        let said: Vec<String> = validate(&doc, &Damage::default())
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            said,
            [
                r#"individuals[1].id: "b" is already the id of organisations[0]"#,
                r#"reporting[0].manager: "b" is an organisation, not an individual"#,
            ]
        );
    }
}
