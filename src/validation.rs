//! The rules of a model document: ids, references, cycles, dates.
//!
//! Every check is iterative and close to linear in the size of the
//! document, so a 100,000-deep parent chain or 10,000 problems cost no
//! more than their size.

use std::collections::HashMap;

use jiff::civil::Date;

use crate::document::{Document, FORMAT_VERSION};
use crate::ids::EntityKind;
use crate::load::Damage;
use crate::problem::{Problem, ProblemKind, Section};

mod cycles;

/// What a reference may name.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    Party,
    Organisation,
    Individual,
    Service,
}

impl Expect {
    fn accepts(self, kind: EntityKind) -> bool {
        match self {
            Expect::Party => kind.is_party(),
            Expect::Organisation => kind == EntityKind::Organisation,
            Expect::Individual => kind == EntityKind::Individual,
            Expect::Service => kind == EntityKind::Service,
        }
    }

    fn words(self) -> &'static str {
        match self {
            Expect::Party => "organisation or individual",
            Expect::Organisation => "organisation",
            Expect::Individual => "individual",
            Expect::Service => "service",
        }
    }
}

fn article(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Organisation | EntityKind::Individual => "an",
        EntityKind::Service => "a",
    }
}

/// The problem with a reference `id` at `section[index].field` that names
/// an entity of kind `found` (none: no entity) where `expect` is wanted.
pub(crate) fn reference_problem(
    section: Section,
    index: Option<usize>,
    field: String,
    id: &str,
    found: Option<EntityKind>,
    expect: Expect,
) -> Option<Problem> {
    let (kind, message) = match found {
        Some(kind) if expect.accepts(kind) => return None,
        _ if id.is_empty() => (ProblemKind::EmptyId, "the id is empty".to_owned()),
        Some(kind) => (
            ProblemKind::WrongKind,
            format!(
                "{id:?} is {} {kind}, not {} {}",
                article(kind),
                if expect == Expect::Service { "a" } else { "an" },
                expect.words()
            ),
        ),
        None => (
            ProblemKind::UnknownReference,
            format!("{id:?} names no {}", expect.words()),
        ),
    };
    let problem = Problem::new(section, index, Some(field), kind, message);
    Some(if id.is_empty() {
        problem
    } else {
        problem.with_id(id)
    })
}

/// Where an id is defined.
#[derive(Clone, Copy)]
pub(crate) struct Entry {
    pub(crate) kind: EntityKind,
    pub(crate) section: Section,
    pub(crate) index: usize,
}

pub(crate) struct Checker<'d> {
    damage: &'d Damage,
    pub(crate) ids: HashMap<&'d str, Entry>,
    pub(crate) problems: Vec<Problem>,
}

/// Checks every rule of the format on `doc`, passing over the fields in
/// `damage` (already reported as unreadable).
pub(crate) fn validate(doc: &Document, damage: &Damage) -> Vec<Problem> {
    let mut c = Checker {
        damage,
        ids: HashMap::with_capacity(
            doc.organisations.len() + doc.individuals.len() + doc.services.len(),
        ),
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
    for (i, o) in doc.organisations.iter().enumerate() {
        c.define(
            Section::Organisations,
            i,
            o.id.as_str(),
            EntityKind::Organisation,
        );
    }
    for (i, p) in doc.individuals.iter().enumerate() {
        c.define(
            Section::Individuals,
            i,
            p.id.as_str(),
            EntityKind::Individual,
        );
    }
    for (i, s) in doc.services.iter().enumerate() {
        c.define(Section::Services, i, s.id.as_str(), EntityKind::Service);
    }
    c.references(doc);
    c.periods(doc);
    c.self_links(doc);
    cycles::parent_cycles(doc, &mut c);
    cycles::reporting_cycles(doc, &mut c);
    // Document order, as `Model::from_json_slice` gives it: by section,
    // then index (stable, so an item's problems keep the order above).
    c.problems.sort_by_key(|p| (p.section(), p.index()));
    c.problems
}

impl<'d> Checker<'d> {
    fn define(&mut self, section: Section, index: usize, id: &'d str, kind: EntityKind) {
        if self.damage.contains(section, index, "id") {
            return;
        }
        if id.is_empty() {
            self.problems.push(Problem::at(
                section,
                index,
                "id",
                ProblemKind::EmptyId,
                "the id is empty".to_owned(),
            ));
            return;
        }
        match self.ids.get(id) {
            Some(first) => self.problems.push(
                Problem::at(
                    section,
                    index,
                    "id",
                    ProblemKind::DuplicateId,
                    format!(
                        "{id:?} is already the id of {}[{}]",
                        first.section, first.index
                    ),
                )
                .with_id(id),
            ),
            None => {
                self.ids.insert(
                    id,
                    Entry {
                        kind,
                        section,
                        index,
                    },
                );
            }
        }
    }

    /// Whether `id` names an entity of a kind `expect` accepts; reports a
    /// problem at `section[index].field` when it does not.
    fn reference(
        &mut self,
        section: Section,
        index: usize,
        field: &'static str,
        id: &str,
        expect: Expect,
    ) -> bool {
        if self.damage.contains(section, index, field) {
            return false;
        }
        self.check_reference(section, index, field.to_owned(), id, expect)
    }

    fn check_reference(
        &mut self,
        section: Section,
        index: usize,
        field: String,
        id: &str,
        expect: Expect,
    ) -> bool {
        let found = self.ids.get(id).map(|entry| entry.kind);
        match reference_problem(section, Some(index), field, id, found, expect) {
            Some(problem) => {
                self.problems.push(problem);
                false
            }
            None => true,
        }
    }

    fn references(&mut self, doc: &Document) {
        use Expect::*;
        use Section as S;
        for (i, o) in doc.organisations.iter().enumerate() {
            if let Some(parent) = &o.parent {
                self.reference(S::Organisations, i, "parent", parent.as_str(), Organisation);
            }
        }
        for (i, s) in doc.services.iter().enumerate() {
            self.reference(S::Services, i, "provider", s.provider.as_str(), Party);
        }
        for (i, m) in doc.memberships.iter().enumerate() {
            self.reference(
                S::Memberships,
                i,
                "individual",
                m.individual.as_str(),
                Individual,
            );
            self.reference(
                S::Memberships,
                i,
                "organisation",
                m.organisation.as_str(),
                Organisation,
            );
        }
        for (i, r) in doc.reporting.iter().enumerate() {
            self.reference(
                S::Reporting,
                i,
                "individual",
                r.individual.as_str(),
                Individual,
            );
            self.reference(S::Reporting, i, "manager", r.manager.as_str(), Individual);
        }
        for (i, f) in doc.funding.iter().enumerate() {
            self.reference(S::Funding, i, "payer", f.payer.as_str(), Party);
            self.reference(S::Funding, i, "service", f.service.as_str(), Service);
            if !self.damage.contains(S::Funding, i, "approved_by") {
                for (k, a) in f.approved_by.iter().enumerate() {
                    let field = format!("approved_by[{k}]");
                    self.check_reference(S::Funding, i, field, a.as_str(), Individual);
                }
            }
        }
        for (i, u) in doc.usage.iter().enumerate() {
            self.reference(S::Usage, i, "user", u.user.as_str(), Party);
            self.reference(S::Usage, i, "service", u.service.as_str(), Service);
        }
        for (i, d) in doc.dependencies.iter().enumerate() {
            self.reference(S::Dependencies, i, "service", d.service.as_str(), Service);
            self.reference(
                S::Dependencies,
                i,
                "depends_on",
                d.depends_on.as_str(),
                Service,
            );
        }
        for (i, o) in doc.oversight.iter().enumerate() {
            self.reference(S::Oversight, i, "overseer", o.overseer.as_str(), Party);
            self.reference(
                S::Oversight,
                i,
                "organisation",
                o.organisation.as_str(),
                Organisation,
            );
        }
        for (i, p) in doc.partnerships.iter().enumerate() {
            if self.damage.contains(S::Partnerships, i, "parties") {
                continue;
            }
            for (k, party) in p.parties.iter().enumerate() {
                self.check_reference(
                    S::Partnerships,
                    i,
                    format!("parties[{k}]"),
                    party.as_str(),
                    Party,
                );
            }
        }
    }

    fn period(
        &mut self,
        section: Section,
        index: usize,
        id: &str,
        from: Option<Date>,
        until: Option<Date>,
    ) {
        // Only a date made in code can be out of range: the reader takes
        // four-digit years alone.
        for (field, date) in [("from", from), ("until", until)] {
            if let Some(date) = date.filter(|&d| !crate::dates::writable(d)) {
                self.problems.push(Problem::at(
                    section,
                    index,
                    field,
                    ProblemKind::BadDate,
                    format!("{:?} is not a date written YYYY-MM-DD", date.to_string()),
                ));
            }
        }
        if let (Some(from), Some(until)) = (from, until) {
            if from >= until {
                self.problems.push(
                    Problem::at(
                        section,
                        index,
                        "from",
                        ProblemKind::EmptyPeriod,
                        format!("{from} is not before until {until}"),
                    )
                    .with_id(id),
                );
            }
        }
    }

    fn periods(&mut self, doc: &Document) {
        use Section as S;
        for (i, x) in doc.memberships.iter().enumerate() {
            self.period(S::Memberships, i, x.individual.as_str(), x.from, x.until);
        }
        for (i, x) in doc.reporting.iter().enumerate() {
            self.period(S::Reporting, i, x.individual.as_str(), x.from, x.until);
        }
        for (i, x) in doc.funding.iter().enumerate() {
            self.period(S::Funding, i, x.payer.as_str(), x.from, x.until);
        }
        for (i, x) in doc.usage.iter().enumerate() {
            self.period(S::Usage, i, x.user.as_str(), x.from, x.until);
        }
        for (i, x) in doc.dependencies.iter().enumerate() {
            self.period(S::Dependencies, i, x.service.as_str(), x.from, x.until);
        }
        for (i, x) in doc.oversight.iter().enumerate() {
            self.period(S::Oversight, i, x.overseer.as_str(), x.from, x.until);
        }
        for (i, x) in doc.partnerships.iter().enumerate() {
            self.period(S::Partnerships, i, x.parties[0].as_str(), x.from, x.until);
        }
    }

    fn self_links(&mut self, doc: &Document) {
        for (i, r) in doc.reporting.iter().enumerate() {
            if r.individual == r.manager && !r.manager.as_str().is_empty() {
                self.problems.push(
                    Problem::at(
                        Section::Reporting,
                        i,
                        "manager",
                        ProblemKind::SelfReporting,
                        format!("{:?} reports to themself", r.manager.as_str()),
                    )
                    .with_id(r.manager.as_str()),
                );
            }
        }
        for (i, d) in doc.dependencies.iter().enumerate() {
            if d.service == d.depends_on && !d.service.as_str().is_empty() {
                self.problems.push(
                    Problem::at(
                        Section::Dependencies,
                        i,
                        "depends_on",
                        ProblemKind::SelfDependency,
                        format!("{:?} depends on itself", d.service.as_str()),
                    )
                    .with_id(d.service.as_str()),
                );
            }
        }
        for (i, p) in doc.partnerships.iter().enumerate() {
            let [a, b] = &p.parties;
            if a == b && !a.as_str().is_empty() {
                self.problems.push(
                    Problem::at(
                        Section::Partnerships,
                        i,
                        "parties",
                        ProblemKind::BadPartnership,
                        format!(
                            "names {:?} twice; a partnership joins two different parties",
                            a.as_str()
                        ),
                    )
                    .with_id(a.as_str()),
                );
            }
        }
    }

    /// The index of `id` among entities of `kind`, when it is defined so.
    pub(crate) fn lookup(&self, id: &str, kind: EntityKind) -> Option<usize> {
        self.ids.get(id).filter(|e| e.kind == kind).map(|e| e.index)
    }
}
