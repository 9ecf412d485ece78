//! Live edits: add and remove entities and links without a rebuild.
//!
//! Every edit is checked against the rules of the format before anything
//! changes, so a rejected edit leaves the model exactly as it was.

use jiff::civil::Date;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::document::{Individual, Membership, Organisation, Reporting, Service};
use crate::error::Error;
use crate::ids::EntityKind;
use crate::model::{Adjacency, Detail, Edge, FundingLink, Identity, Link, LinkKind, Model, Period};
use crate::problem::{Problem, ProblemKind, Section};
use crate::rules::{self, Expect};

/// What [`Model::remove_entity`] does with the links that name the entity.
///
/// ```
/// let how = svcrel::Removal::WithLinks;
/// assert_ne!(how, svcrel::Removal::RefuseIfLinked);
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Removal {
    /// Refuse to remove an entity that any link still names.
    #[default]
    RefuseIfLinked,
    /// Remove every link that names the entity too (and drop it from the
    /// approvers of funding links); the removed and changed links are
    /// returned.
    WithLinks,
}

fn edit_problem(section: Section, field: &str, kind: ProblemKind, message: String) -> Problem {
    Problem::new(section, None, Some(field.to_owned()), kind, message)
}

impl Model {
    /// Adds an organisation, checked as in a document: a new, non-empty
    /// id and an existing parent organisation.
    ///
    /// ```
    /// let mut model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// model.add_organisation(svcrel::Organisation { parent: Some("nasa".into()), ..svcrel::Organisation::new("jpl") })?;
    /// assert_eq!(model.parent_chain("jpl"), ["nasa", "us-gov"]);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn add_organisation(&mut self, organisation: Organisation) -> Result<(), Error> {
        let mut problems = self.new_id_problems(Section::Organisations, organisation.id.as_str());
        problems.extend(self.identity_problems(
            Section::Organisations,
            (organisation.id.as_str(), None),
            &organisation.emails,
            &organisation.phones,
            &organisation.email_domains,
            &organisation.external_ids,
        ));
        if let Some(parent) = &organisation.parent {
            problems.extend(self.end_problem(
                Section::Organisations,
                "parent",
                parent.as_str(),
                Expect::Organisation,
            ));
        }
        fail_on(problems)?;
        let node = self.add_node(
            organisation.id.as_str(),
            EntityKind::Organisation,
            organisation.name,
        );
        self.identities.insert(
            node,
            Identity {
                emails: organisation.emails,
                phones: organisation.phones,
                external_ids: organisation.external_ids,
                email_domains: organisation.email_domains,
            },
        );
        self.keys_changed(node);
        if let Some(parent) = &organisation.parent {
            let parent = self.node(parent.as_str());
            self.add_edge(node, parent, LinkKind::Parent, Period::default(), None);
        }
        Ok(())
    }

    /// Adds an individual with a new, non-empty id.
    ///
    /// ```
    /// let mut model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// model.add_individual(svcrel::Individual::new("new-hire"))?;
    /// assert!(model.add_individual(svcrel::Individual::new("dana")).is_err()); // taken
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn add_individual(&mut self, individual: Individual) -> Result<(), Error> {
        let mut problems = self.new_id_problems(Section::Individuals, individual.id.as_str());
        problems.extend(self.identity_problems(
            Section::Individuals,
            (individual.id.as_str(), None),
            &individual.emails,
            &individual.phones,
            &[],
            &individual.external_ids,
        ));
        fail_on(problems)?;
        let node = self.add_node(
            individual.id.as_str(),
            EntityKind::Individual,
            individual.name,
        );
        self.identities.insert(
            node,
            Identity {
                emails: individual.emails,
                phones: individual.phones,
                external_ids: individual.external_ids,
                email_domains: Vec::new(),
            },
        );
        self.keys_changed(node);
        Ok(())
    }

    /// Adds a service with a new, non-empty id and an existing provider.
    ///
    /// ```
    /// let mut model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// model.add_service(svcrel::Service::new("vpn", "acme-it"))?;
    /// assert_eq!(model.provider("vpn").unwrap().id(), "acme-it");
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn add_service(&mut self, service: Service) -> Result<(), Error> {
        let mut problems = self.new_id_problems(Section::Services, service.id.as_str());
        problems.extend(self.end_problem(
            Section::Services,
            "provider",
            service.provider.as_str(),
            Expect::Party,
        ));
        fail_on(problems)?;
        let node = self.add_node(service.id.as_str(), EntityKind::Service, service.name);
        self.keys_changed(node);
        let provider = self.node(service.provider.as_str());
        self.add_edge(node, provider, LinkKind::Provider, Period::default(), None);
        Ok(())
    }

    /// Adds a link, checked as in a document: its ends exist and are of
    /// the right kinds, `from` is before `until`, nobody reports to
    /// themself and no reporting cycle forms on any date, no service
    /// depends on itself, a partnership joins two different parties.
    ///
    /// ```
    /// use svcrel::{Date, Model, Query, Reporting};
    ///
    /// let mut model = Model::from_json_file("examples/data/sample.json")?;
    /// // The fan becomes the manager of Pepsi's marketing VP, who approves Pepsi's payment.
    /// let line = Reporting { from: Some(Date::constant(2026, 1, 1)), ..Reporting::new("pepsi-marketing-vp", "fan") };
    /// model.add_link(line)?;
    /// let on = Query::new().as_of(Date::constant(2026, 6, 1));
    /// assert_eq!(model.relation("fan", "nfl-broadcast", &on)?.customer().map(|c| c.0), Some(1));
    /// // A line back would close a reporting cycle: rejected, the model unchanged.
    /// assert!(model.add_link(Reporting::new("fan", "pepsi-marketing-vp")).is_err());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn add_link(&mut self, link: impl Into<Link>) -> Result<(), Error> {
        let link = link.into();
        fail_on(self.link_problems(&link))?;
        self.insert_link(link);
        Ok(())
    }

    /// Removes the first link equal to `link` (every field alike) and
    /// gives it back.
    ///
    /// ```
    /// use svcrel::{Link, Model, Usage};
    /// let mut model = Model::from_json_file("examples/data/sample.json")?;
    /// model.remove_link(&Link::from(Usage::new("fan", "nfl-broadcast")))?;
    /// assert!(model.consumers_of("nfl-broadcast", &svcrel::Query::new())?.get("fan").is_none());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An invalid-model error when the model has no such link.
    pub fn remove_link(&mut self, link: &Link) -> Result<Link, Error> {
        let found = self.find_link(link).ok_or_else(|| {
            let (field, id, _) = link.ends()[0];
            Error::invalid(vec![
                edit_problem(
                    link.section(),
                    field,
                    ProblemKind::NoSuchLink,
                    format!("the model has no such link: {link:?}"),
                )
                .with_id(id),
            ])
        })?;
        let ends = self.graph.edge_endpoints(found);
        self.graph.remove_edge(found);
        if let Some((a, b)) = ends {
            self.touch(&[a, b]);
        }
        Ok(link.clone())
    }

    /// Removes an entity. With [`Removal::RefuseIfLinked`], an entity any
    /// link still names is kept and the error lists those links; with
    /// [`Removal::WithLinks`], those links go too and are returned as they
    /// were (a funding link it only approved stays, without it as an
    /// approver, and is returned as it was). An organisation that is the
    /// parent of another, or a party that provides a service, is never
    /// removed: re-home those first.
    ///
    /// ```
    /// use svcrel::{Model, Removal};
    /// let mut model = Model::from_json_file("examples/data/sample.json")?;
    /// assert!(model.remove_entity("fan", Removal::RefuseIfLinked).is_err());
    /// let gone = model.remove_entity("fan", Removal::WithLinks)?;
    /// assert_eq!(gone.len(), 1); // the fan's usage of the broadcast
    /// assert!(model.entity("fan").is_none());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn remove_entity(&mut self, id: &str, removal: Removal) -> Result<Vec<Link>, Error> {
        let node = self
            .node_of(id)
            .ok_or_else(|| Error::unknown_id(id, "entity", None))?;
        let section = match self.graph[node].kind {
            EntityKind::Organisation => Section::Organisations,
            EntityKind::Individual => Section::Individuals,
            EntityKind::Service => Section::Services,
        };
        let mut blockers = Vec::new();
        let mut links: Vec<EdgeIndex> = Vec::new();
        for e in self.incoming(node).chain(self.outgoing(node)) {
            match e.weight().kind {
                LinkKind::Parent if e.target() == node => blockers.push(format!(
                    "it is the parent of {:?}",
                    &*self.graph[e.source()].id
                )),
                LinkKind::Provider if e.target() == node => {
                    blockers.push(format!("it provides {:?}", &*self.graph[e.source()].id))
                }
                LinkKind::Parent | LinkKind::Provider => {}
                _ => links.push(e.id()),
            }
        }
        let approvals: Vec<EdgeIndex> = self
            .graph
            .edge_indices()
            .filter(|&e| {
                self.graph[e]
                    .funding()
                    .is_some_and(|f| f.approved_by.contains(&node))
            })
            .collect();
        if removal == Removal::RefuseIfLinked && !(links.is_empty() && approvals.is_empty()) {
            blockers.push(format!(
                "{} link{} name it",
                links.len() + approvals.len(),
                if links.len() + approvals.len() == 1 {
                    ""
                } else {
                    "s"
                }
            ));
        }
        if !blockers.is_empty() {
            return Err(Error::invalid(vec![
                edit_problem(
                    section,
                    "id",
                    ProblemKind::InUse,
                    format!("{id:?} cannot be removed: {}", blockers.join("; ")),
                )
                .with_id(id),
            ]));
        }
        let mut removed: Vec<Link> = Vec::new();
        links.sort_unstable_by_key(|&e| self.edge_seq(e));
        links.dedup();
        let own: std::collections::HashSet<EdgeIndex, rustc_hash::FxBuildHasher> =
            links.iter().copied().collect();
        for e in approvals.iter().copied().filter(|e| !own.contains(e)) {
            removed.extend(self.link_record(e));
            if let Some(f) = self.graph.edge_weight_mut(e).and_then(Edge::funding_mut) {
                f.approved_by = f
                    .approved_by
                    .iter()
                    .copied()
                    .filter(|&a| a != node)
                    .collect();
            }
        }
        removed.extend(links.iter().filter_map(|&e| self.link_record(e)));
        // Every edge of the entity goes with the node: petgraph unlinks
        // them from the head of its lists, at no cost per edge beyond the
        // other end's list.
        let mut neighbours: Vec<NodeIndex> = self.graph.neighbors_undirected(node).collect();
        // The services whose funding it approved changed too.
        neighbours.extend(
            approvals
                .iter()
                .filter_map(|&e| self.graph.edge_endpoints(e))
                .map(|(_, service)| service),
        );
        self.index.remove(&self.graph, id);
        self.graph.remove_node(node);
        self.identities.remove(node);
        self.keys_changed(node);
        self.touch(&neighbours);
        self.touch(&[node]);
        Ok(removed)
    }

    /// Ends every membership of `individual` in `organisation` that holds
    /// on `date`: it no longer holds from that day on.
    ///
    /// ```
    /// use svcrel::{Date, Model};
    /// let mut model = Model::from_json_file("examples/data/sample.json")?;
    /// model.end_membership("dana", "goddard-apps", Date::constant(2027, 1, 1))?;
    /// assert!(model.memberships("dana", Some(Date::constant(2027, 6, 1))).is_empty());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// When no such membership holds on `date`, or one begins on `date`
    /// (ending it then would leave an empty period: remove it instead).
    pub fn end_membership(
        &mut self,
        individual: &str,
        organisation: &str,
        date: Date,
    ) -> Result<(), Error> {
        self.end_links(Section::Memberships, individual, organisation, date, |k| {
            matches!(k, LinkKind::Membership)
        })
    }

    /// Ends every reporting line from `individual` to `manager` that holds
    /// on `date`, as [`Model::end_membership`] does.
    ///
    /// ```
    /// use svcrel::{Date, Model};
    /// let mut model = Model::from_json_file("examples/data/sample.json")?;
    /// model.end_reporting("dana", "goddard-cio", Date::constant(2027, 1, 1))?;
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn end_reporting(
        &mut self,
        individual: &str,
        manager: &str,
        date: Date,
    ) -> Result<(), Error> {
        self.end_links(Section::Reporting, individual, manager, date, |k| {
            matches!(k, LinkKind::Reporting)
        })
    }

    /// Moves an individual to another organisation: every membership of
    /// theirs that holds on the new membership's `from` date ends then,
    /// and the new membership is added. The new membership must have a
    /// `from` date.
    ///
    /// ```
    /// use svcrel::{Date, Membership, Model};
    /// let mut model = Model::from_json_file("examples/data/sample.json")?;
    /// let day = Date::constant(2027, 3, 1);
    /// model.move_individual(Membership { from: Some(day), title: Some("Auditor".into()), ..Membership::new("dana", "nasa") })?;
    /// let now = model.memberships("dana", Some(day));
    /// assert_eq!(now.len(), 1);
    /// assert_eq!(now[0].organisation, "nasa");
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn move_individual(&mut self, membership: Membership) -> Result<(), Error> {
        let Some(date) = membership.from else {
            return Err(Error::invalid(vec![edit_problem(
                Section::Memberships,
                "from",
                ProblemKind::MissingField,
                "a move needs the date of the new membership in `from`".to_owned(),
            )]));
        };
        let link = Link::Membership(membership.clone());
        let mut problems = self.link_problems(&link);
        let ending: Vec<EdgeIndex> = match self.node_of(membership.individual.as_str()) {
            Some(node) => self
                .outgoing(node)
                .filter(|e| matches!(e.weight().kind, LinkKind::Membership))
                .filter(|e| e.weight().period.holds_on(Some(date)))
                .map(|e| e.id())
                .collect(),
            None => Vec::new(),
        };
        for &e in &ending {
            if self.graph[e].period.from() == Some(date) {
                problems.push(edit_problem(
                    Section::Memberships,
                    "from",
                    ProblemKind::EmptyPeriod,
                    format!(
                        "the membership in {:?} begins on {date}: ending it then would leave it empty",
                        &*self.graph[self.graph.edge_endpoints(e).map_or(NodeIndex::end(), |(_, b)| b)].id
                    ),
                ));
            }
        }
        fail_on(problems)?;
        for e in ending {
            self.graph[e].period.set_until(Some(date));
            if let Some((a, b)) = self.graph.edge_endpoints(e) {
                self.touch(&[a, b]);
            }
        }
        self.insert_link(link);
        Ok(())
    }

    fn end_links(
        &mut self,
        section: Section,
        from: &str,
        to: &str,
        date: Date,
        is_kind: impl Fn(&LinkKind) -> bool,
    ) -> Result<(), Error> {
        if let Some(problem) = rules::bad_date(section, None, "until", date) {
            return Err(Error::invalid(vec![problem]));
        }
        let (a, b) = (self.node_of(from), self.node_of(to));
        let edges: Vec<EdgeIndex> = match (a, b) {
            (Some(a), Some(b)) => self
                .outgoing(a)
                .filter(|e| e.target() == b && is_kind(&e.weight().kind))
                .filter(|e| e.weight().period.holds_on(Some(date)))
                .map(|e| e.id())
                .collect(),
            _ => Vec::new(),
        };
        let problem = |kind, message| {
            Err(Error::invalid(vec![edit_problem(
                section, "until", kind, message,
            )]))
        };
        if edges.is_empty() {
            return problem(
                ProblemKind::NoSuchLink,
                format!(
                    "no {} link from {from:?} to {to:?} holds on {date}",
                    section.key()
                ),
            );
        }
        if edges
            .iter()
            .any(|&e| self.graph[e].period.from() == Some(date))
        {
            return problem(
                ProblemKind::EmptyPeriod,
                format!(
                    "the link from {from:?} to {to:?} begins on {date}: remove it instead of ending it"
                ),
            );
        }
        for e in edges {
            self.graph[e].period.set_until(Some(date));
            if let Some((a, b)) = self.graph.edge_endpoints(e) {
                self.touch(&[a, b]);
            }
        }
        Ok(())
    }

    fn add_node(&mut self, id: &str, kind: EntityKind, name: Option<String>) -> NodeIndex {
        self.add_entity(id, kind, name.map(Into::into))
    }

    /// The problems of a party's emails, phone numbers, mail domains and
    /// external ids, and of an email another party gives already under
    /// `"email_policy": "unique"`: `who` is the party's id, and its node
    /// when it is in the model already (an update).
    fn identity_problems(
        &self,
        section: Section,
        who: (&str, Option<NodeIndex>),
        emails: &[String],
        phones: &[String],
        email_domains: &[String],
        external_ids: &std::collections::BTreeMap<String, String>,
    ) -> Vec<Problem> {
        let (id, this) = who;
        let mut problems = rules::identity_problems(
            section,
            None,
            id,
            emails,
            phones,
            email_domains,
            external_ids,
        );
        if self.identities.policy.is_unique() {
            for email in emails {
                let mut others = self.identities.by_email(email).iter();
                if let Some(&other) = others.find(|&&n| Some(n) != this) {
                    let other = &*self.graph[other].id;
                    problems.push(rules::duplicate_email(section, None, id, email, other));
                }
            }
        }
        problems
    }

    fn new_id_problems(&self, section: Section, id: &str) -> Vec<Problem> {
        let problem = if id.is_empty() {
            rules::empty_id(section, None, "id".to_owned())
        } else if let Some(n) = self.node_of(id) {
            edit_problem(
                section,
                "id",
                ProblemKind::DuplicateId,
                format!("{id:?} is already the id of an {}", self.graph[n].kind),
            )
        } else {
            return Vec::new();
        };
        vec![problem.with_id(id)]
    }

    fn end_problem(
        &self,
        section: Section,
        field: &str,
        id: &str,
        expect: Expect,
    ) -> Option<Problem> {
        let found = self.node_of(id).map(|n| self.graph[n].kind);
        rules::reference_problem(section, None, field.to_owned(), id, found, expect)
    }

    /// Every rule a new link could break.
    fn link_problems(&self, link: &Link) -> Vec<Problem> {
        let section = link.section();
        let mut problems: Vec<Problem> = link
            .ends()
            .into_iter()
            .filter_map(|(field, id, expect)| self.end_problem(section, field, id, expect))
            .collect();
        if let Link::Funding(f) = link {
            for (k, a) in f.approved_by.iter().enumerate() {
                problems.extend(self.end_problem(
                    section,
                    &format!("approved_by[{k}]"),
                    a.as_str(),
                    Expect::Individual,
                ));
            }
        }
        let period = link.period();
        let ends = link.ends();
        problems.extend(rules::period_problems(
            section,
            None,
            ends[0].1,
            period.from(),
            period.until(),
        ));
        let self_link = match link {
            Link::Reporting(r) => {
                rules::self_reporting(None, r.individual.as_str(), r.manager.as_str())
            }
            Link::Dependency(d) => {
                rules::self_dependency(None, d.service.as_str(), d.depends_on.as_str())
            }
            Link::Partnership(p) => {
                rules::one_party_partnership(None, [p.parties[0].as_str(), p.parties[1].as_str()])
            }
            _ => None,
        };
        match (self_link, link) {
            (Some(problem), _) => problems.push(problem),
            (None, Link::Reporting(r)) if problems.is_empty() => {
                problems.extend(self.reporting_cycle_with(r));
            }
            _ => {}
        }
        problems
    }

    /// The problem with reporting line `r` when adding it would close a
    /// cycle of lines that all hold on one common date.
    fn reporting_cycle_with(&self, r: &Reporting) -> Option<Problem> {
        let individual = self.node_of(r.individual.as_str())?;
        let manager = self.node_of(r.manager.as_str())?;
        let lines = |n: NodeIndex| {
            self.outgoing(n)
                .filter(|e| matches!(e.weight().kind, LinkKind::Reporting))
                .map(|e| {
                    (
                        e.target(),
                        e.weight().period.from(),
                        e.weight().period.until(),
                    )
                })
        };
        let cycle = rules::closing_reporting_cycle(individual, manager, (r.from, r.until), lines)?;
        let ids: Vec<&str> = cycle.nodes.iter().map(|&n| &*self.graph[n].id).collect();
        Some(rules::reporting_cycle(
            None,
            r.manager.as_str(),
            ids.into_iter(),
            cycle.period,
        ))
    }

    fn find_link(&self, link: &Link) -> Option<EdgeIndex> {
        let source = self.node_of(link.ends()[0].1)?;
        let candidates: Vec<EdgeIndex> = self
            .outgoing(source)
            .filter(|e| self.link_record(e.id()).as_ref() == Some(link))
            .map(|e| e.id())
            .collect();
        candidates.into_iter().min_by_key(|&e| self.edge_seq(e))
    }

    /// Adds a link already checked.
    fn insert_link(&mut self, link: Link) {
        let period = link.period();
        let ends = link.ends();
        let (a, b) = (self.node(ends[0].1), self.node(ends[1].1));
        let (kind, detail) = match link {
            Link::Membership(m) => (
                LinkKind::Membership,
                m.title.map(|t| Detail::Title(t.into())),
            ),
            Link::Reporting(_) => (LinkKind::Reporting, None),
            Link::Funding(f) => (
                LinkKind::Funding,
                Some(Detail::Funding(FundingLink {
                    payment: f.payment,
                    approved_by: f
                        .approved_by
                        .iter()
                        .map(|i| self.node(i.as_str()))
                        .collect(),
                })),
            ),
            Link::Usage(_) => (LinkKind::Usage, None),
            Link::Dependency(_) => (LinkKind::Dependency, None),
            Link::Oversight(_) => (LinkKind::Oversight, None),
            Link::Partnership(_) => (LinkKind::Partnership, None),
        };
        self.add_edge(a, b, kind, period, detail);
    }
}

/// Updates: an entity's own fields replaced, as a document would give
/// them.
impl Model {
    /// Replaces an organisation's own fields (name, parent, emails,
    /// phones, external ids, mail domains) with those of `organisation`,
    /// found by its id; a field it leaves out is cleared. It is checked as
    /// in a document before anything changes: the organisation exists, its
    /// parent is an organisation and no ancestor of itself, its emails,
    /// phones, domains and external ids are well formed, and under
    /// `"email_policy": "unique"` no other party gives one of its emails.
    ///
    /// ```
    /// use svcrel::{Model, Organisation};
    ///
    /// let mut model = Model::from_json_file("examples/data/sample.json")?;
    /// let mut jsc = model.to_document().organisations.into_iter().find(|o| o.id == "goddard").unwrap();
    /// jsc.name = Some("Goddard Space Flight Center".into());
    /// jsc.parent = None;
    /// model.update_organisation(jsc)?;
    /// assert!(model.parent_chain("goddard").is_empty());
    /// // nasa under goddard-apps, itself under nasa: refused, nothing changed.
    /// let cycle = Organisation { parent: Some("goddard-apps".into()), ..Organisation::new("goddard") };
    /// assert!(model.update_organisation(cycle).is_err());
    /// assert_eq!(model.entity("goddard").unwrap().name(), Some("Goddard Space Flight Center"));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) error listing
    /// every problem; nothing changes.
    pub fn update_organisation(&mut self, organisation: Organisation) -> Result<(), Error> {
        self.update_organisation_in_batch(organisation)?;
        self.pack_again();
        Ok(())
    }

    /// Replaces an individual's own fields (name, emails, phones, external
    /// ids), checked as [`Model::update_organisation`] checks its.
    ///
    /// ```
    /// use svcrel::{Individual, Model};
    ///
    /// let mut model = Model::from_json_file("examples/data/sample.json")?;
    /// model.update_individual(Individual { name: Some("Dana R.".into()), ..Individual::new("dana") })?;
    /// assert_eq!(model.entity("dana").unwrap().name(), Some("Dana R."));
    /// assert!(model.update_individual(Individual::new("ghost")).is_err());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Model::update_organisation`].
    pub fn update_individual(&mut self, individual: Individual) -> Result<(), Error> {
        let section = Section::Individuals;
        let id = individual.id.as_str();
        let node = self.updated_node(section, id, EntityKind::Individual)?;
        fail_on(self.identity_problems(
            section,
            (id, Some(node)),
            &individual.emails,
            &individual.phones,
            &[],
            &individual.external_ids,
        ))?;
        self.graph[node].name = individual.name.map(Into::into);
        let identity = Identity {
            emails: individual.emails,
            phones: individual.phones,
            external_ids: individual.external_ids,
            email_domains: Vec::new(),
        };
        let graph = &self.graph;
        self.identities.replace(node, identity, |n| graph[n].seq);
        self.keys_changed(node);
        self.touch(&[node]);
        Ok(())
    }

    /// Replaces a service's own fields (name, provider), checked as in a
    /// document: the service exists and its provider is a party.
    ///
    /// ```
    /// use svcrel::{Model, Service};
    ///
    /// let mut model = Model::from_json_file("examples/data/sample.json")?;
    /// model.update_service(Service { name: Some("Mail".into()), ..Service::new("acme-email", "acme") })?;
    /// assert_eq!(model.provider("acme-email").unwrap().id(), "acme");
    /// assert!(model.update_service(Service::new("acme-email", "ghost")).is_err());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Model::update_organisation`].
    pub fn update_service(&mut self, service: Service) -> Result<(), Error> {
        self.update_service_in_batch(service)?;
        self.pack_again();
        Ok(())
    }

    /// [`Model::update_organisation`] within a batch: a new parent sets
    /// the snapshot aside until [`Self::pack_again`].
    pub(crate) fn update_organisation_in_batch(
        &mut self,
        organisation: Organisation,
    ) -> Result<(), Error> {
        let section = Section::Organisations;
        let id = organisation.id.as_str();
        let node = self.updated_node(section, id, EntityKind::Organisation)?;
        let mut problems = self.identity_problems(
            section,
            (id, Some(node)),
            &organisation.emails,
            &organisation.phones,
            &organisation.email_domains,
            &organisation.external_ids,
        );
        if let Some(parent) = &organisation.parent {
            match self.end_problem(section, "parent", parent.as_str(), Expect::Organisation) {
                Some(problem) => problems.push(problem),
                None => problems.extend(self.parent_cycle_with(node, self.node(parent.as_str()))),
            }
        }
        fail_on(problems)?;
        let parent = organisation.parent.as_ref().map(|p| self.node(p.as_str()));
        self.set_up_link(node, LinkKind::Parent, parent);
        self.graph[node].name = organisation.name.map(Into::into);
        let identity = Identity {
            emails: organisation.emails,
            phones: organisation.phones,
            external_ids: organisation.external_ids,
            email_domains: organisation.email_domains,
        };
        let graph = &self.graph;
        self.identities.replace(node, identity, |n| graph[n].seq);
        self.keys_changed(node);
        self.touch(&[node]);
        Ok(())
    }

    /// [`Model::update_service`] within a batch, as
    /// [`Self::update_organisation_in_batch`].
    pub(crate) fn update_service_in_batch(&mut self, service: Service) -> Result<(), Error> {
        let section = Section::Services;
        let node = self.updated_node(section, service.id.as_str(), EntityKind::Service)?;
        fail_on(
            self.end_problem(
                section,
                "provider",
                service.provider.as_str(),
                Expect::Party,
            )
            .into_iter()
            .collect(),
        )?;
        let provider = self.node(service.provider.as_str());
        self.set_up_link(node, LinkKind::Provider, Some(provider));
        self.graph[node].name = service.name.map(Into::into);
        self.keys_changed(node);
        self.touch(&[node]);
        Ok(())
    }

    /// Whether parties may share an email in this model.
    #[cfg_attr(not(feature = "server"), allow(dead_code))]
    pub(crate) fn email_policy(&self) -> crate::document::EmailPolicy {
        self.identities.policy
    }

    /// Builds the snapshot again when an update set it aside.
    pub(crate) fn pack_again(&mut self) {
        if self.adjacency.is_set_aside() {
            self.rebuild_snapshot();
        }
    }

    /// The node of the entity an update names, of the kind it updates.
    fn updated_node(
        &self,
        section: Section,
        id: &str,
        kind: EntityKind,
    ) -> Result<NodeIndex, Error> {
        let expect = match kind {
            EntityKind::Organisation => Expect::Organisation,
            EntityKind::Individual => Expect::Individual,
            EntityKind::Service => Expect::Service,
        };
        match self.end_problem(section, "id", id, expect) {
            Some(problem) => Err(Error::invalid(vec![problem])),
            None => Ok(self.node(id)),
        }
    }

    /// The problem when `parent` is `node` or below it.
    fn parent_cycle_with(&self, node: NodeIndex, parent: NodeIndex) -> Option<Problem> {
        let mut chain = vec![node];
        let mut at = Some(parent);
        while let Some(up) = at {
            if up == node {
                let ids = chain.iter().map(|&n| &*self.graph[n].id);
                return Some(rules::parent_cycle(None, &self.graph[node].id, ids));
            }
            chain.push(up);
            at = self.parent_of(up);
        }
        None
    }

    /// Points `node`'s parent or provider edge at `to` (none: no edge);
    /// when that changes, the snapshot, which takes them as fixed, is set
    /// aside until [`Self::pack_again`].
    fn set_up_link(&mut self, node: NodeIndex, kind: LinkKind, to: Option<NodeIndex>) {
        let is_kind = |k: &LinkKind| std::mem::discriminant(k) == std::mem::discriminant(&kind);
        let old: Vec<(EdgeIndex, NodeIndex)> = self
            .outgoing(node)
            .filter(|e| is_kind(&e.weight().kind))
            .map(|e| (e.id(), e.target()))
            .collect();
        if old.iter().map(|&(_, n)| n).eq(to) {
            return;
        }
        let mut touched: Vec<NodeIndex> = old.iter().map(|&(_, n)| n).collect();
        for (e, _) in old {
            self.graph.remove_edge(e);
        }
        self.adjacency =
            Adjacency::set_aside(petgraph::visit::NodeIndexable::node_bound(&self.graph));
        if let Some(to) = to {
            self.add_edge(node, to, kind, Period::default(), None);
            touched.push(to);
        }
        touched.push(node);
        self.touch(&touched);
    }
}

fn fail_on(problems: Vec<Problem>) -> Result<(), Error> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid(problems))
    }
}
