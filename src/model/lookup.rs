//! Looking things up in a model: entities, ids, memberships, parents, tops.

use jiff::civil::Date;
use petgraph::stable_graph::NodeIndex;

use crate::document::Membership;
use crate::error::Error;
use crate::ids::{EntityKind, IndividualId, OrganisationId, PartyId, ServiceId};
use crate::model::{Counts, Entity, LinkKind, Model};

/// The longest unknown id for which a close existing id is looked for.
const MAX_SUGGESTED_LEN: usize = 64;

/// About how many ids one edit from an unknown id are looked up, at most:
/// a few milliseconds' work. The characters tried in each place are cut
/// short only when the ids use more than 126 different characters (for an
/// unknown id of 64; more for a shorter one).
const ONE_EDIT_LOOKUPS: usize = 1 << 14;

/// How much work looking for a suggestion farther than one edit may do,
/// in characters compared: about a millisecond or two, enough to compare
/// a 64-byte id with 256 others, or a short one with thousands.
const FARTHER_WORK: usize = 1 << 20;

/// What passing over an entity that is not compared counts for, against
/// [`FARTHER_WORK`]: at most 65,536 entities are passed over.
const FARTHER_VISIT: usize = 16;

/// What an unknown-id error says was expected.
const PARTY: &str = "organisation or individual";
const SERVICE: &str = "service";

fn is_service(kind: EntityKind) -> bool {
    kind == EntityKind::Service
}

impl Model {
    /// The entity with this id, if the model has one.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert!(model.entity("dana").is_some());
    /// assert!(model.entity("nobody").is_none());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn entity(&self, id: &str) -> Option<Entity<'_>> {
        self.node_of(id).map(|n| self.entity_at(n))
    }

    /// Every entity, organisations first, then individuals, then services,
    /// each in the order they were added.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.entities().count(), model.counts().entities());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn entities(&self) -> impl Iterator<Item = Entity<'_>> + '_ {
        let mut nodes: Vec<NodeIndex> = self.graph.node_indices().collect();
        nodes.sort_unstable_by_key(|&n| (self.graph[n].kind, self.graph[n].seq));
        nodes.into_iter().map(move |n| self.entity_at(n))
    }

    /// Checks that `id` names a service of the model.
    ///
    /// The error of an unknown id names it and suggests a close id of the
    /// kind asked for, if the model has one: the closest within a third of
    /// the id's length (at least two edits), the first in string order
    /// among equally close ones. An id one edit away (a character
    /// inserted, deleted or replaced, or two neighbours swapped) is always
    /// found: the ids one edit away are looked up in the id index, with
    /// the characters the model's ids use (only the first 126 of them,
    /// ASCII first, should they use more). A farther id is looked for
    /// among as many entities as a millisecond or two of work allows, so in
    /// a large model it may be missed. An id longer than 64 bytes gets no
    /// suggestion. Either way an unknown id costs a few milliseconds at
    /// most, however large the model.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.service_id("expense-app")?, "expense-app");
    /// let err = model.service_id("expense-ap").unwrap_err();
    /// assert_eq!(err.to_string(), r#"no service has the id "expense-ap" (did you mean "expense-app"?)"#);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn service_id(&self, id: &str) -> Result<ServiceId, Error> {
        self.require_service(id)
            .map(|n| ServiceId::from(&*self.graph[n].id))
    }

    /// Checks that `id` names a party (an organisation or an individual)
    /// of the model, as [`Model::service_id`] does for services.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.party_id("dana")?, "dana");
    /// assert!(model.party_id("expense-app").is_err()); // a service
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn party_id(&self, id: &str) -> Result<PartyId, Error> {
        self.require_party(id)
            .map(|n| PartyId::from(&*self.graph[n].id))
    }

    /// The node of a service id, or an unknown-id error with a suggestion.
    pub(crate) fn require_service(&self, id: &str) -> Result<NodeIndex, Error> {
        self.resolve(self.node_of(id), id, SERVICE, is_service)
    }

    /// The node of a party id, or an unknown-id error with a suggestion.
    pub(crate) fn require_party(&self, id: &str) -> Result<NodeIndex, Error> {
        self.resolve(self.node_of(id), id, PARTY, EntityKind::is_party)
    }

    /// [`Self::require_party`] and [`Self::require_service`] at once: both
    /// ids are looked up side by side, so that at scale their cache misses
    /// overlap. An unknown party is reported first.
    pub(crate) fn require_party_and_service(
        &self,
        party: &str,
        service: &str,
    ) -> Result<(NodeIndex, NodeIndex), Error> {
        let [p, s] = self.index.get_many(&self.graph, [party, service]);
        let p = self.resolve(p, party, PARTY, EntityKind::is_party)?;
        Ok((p, self.resolve(s, service, SERVICE, is_service)?))
    }

    /// `found`, the node of `id`, if it is of a kind `accepts`; else an
    /// unknown-id error with a suggestion.
    fn resolve(
        &self,
        found: Option<NodeIndex>,
        id: &str,
        expected: &'static str,
        accepts: impl Fn(EntityKind) -> bool,
    ) -> Result<NodeIndex, Error> {
        match found {
            Some(n) if accepts(self.kind_of(n)) => Ok(n),
            _ => {
                // A long id gets no suggestion, so that an unknown id of
                // any size costs little.
                let suggestion = (id.len() <= MAX_SUGGESTED_LEN)
                    .then(|| self.close_id(id, &accepts))
                    .flatten();
                let found = self.node_of(id).map(|n| self.kind_of(n));
                Err(Error::wrong_kind(id, expected, found, suggestion))
            }
        }
    }

    /// The id of a kind `accepts` to suggest for the unknown `id`: the
    /// closest within a third of its length (at least 2 edits), the first
    /// in string order among equals. An id one edit away is looked up in
    /// the id index; farther ones are looked for among the entities within
    /// a fixed amount of work, so that the cost does not grow with the
    /// model.
    fn close_id(&self, id: &str, accepts: &impl Fn(EntityKind) -> bool) -> Option<String> {
        self.one_edit_from(id, accepts)
            .or_else(|| self.farther_from(id, accepts))
    }

    /// The first, in string order, of the ids of a kind `accepts` one edit
    /// from `id`: a character deleted, two neighbours swapped, one replaced
    /// or one inserted, each looked up in the id index. Replacing and
    /// inserting take their characters from those the ids use
    /// ([`IdIndex::alphabet`](super::IdIndex::alphabet)); when there are
    /// more than [`ONE_EDIT_LOOKUPS`] allow, only the first of them.
    fn one_edit_from(&self, id: &str, accepts: &impl Fn(EntityKind) -> bool) -> Option<String> {
        let chars: Vec<(usize, char)> = id.char_indices().collect();
        let per_place = ONE_EDIT_LOOKUPS / (2 * (chars.len() + 1));
        let alphabet: Vec<char> = self.index.alphabet().take(per_place).collect();
        let mut best: Option<String> = None;
        let mut variant = String::with_capacity(id.len() + 4);
        let mut consider = |before: &str, ch: &[char], after: &str| {
            variant.clear();
            variant.push_str(before);
            variant.extend(ch);
            variant.push_str(after);
            let better = best.as_deref().is_none_or(|b| variant.as_str() < b);
            if better
                && self
                    .node_of(&variant)
                    .is_some_and(|n| accepts(self.kind_of(n)))
            {
                best = Some(variant.clone());
            }
        };
        for (i, &(at, c)) in chars.iter().enumerate() {
            let (before, after) = (&id[..at], &id[at + c.len_utf8()..]);
            consider(before, &[], after);
            if let Some(&(_, next)) = chars.get(i + 1) {
                if next != c {
                    let after = &after[next.len_utf8()..];
                    consider(before, &[next, c], after);
                }
            }
            for &other in alphabet.iter().filter(|&&other| other != c) {
                consider(before, &[other], after);
            }
        }
        let places = chars.iter().map(|&(at, _)| at).chain([id.len()]);
        for at in places {
            for &new in &alphabet {
                consider(&id[..at], &[new], &id[at..]);
            }
        }
        best
    }

    /// The closest id of a kind `accepts` to `id`, by Damerau–Levenshtein
    /// distance, within a third of its length (at least 2 edits), among
    /// the entities [`FARTHER_WORK`] lets it compare, in the order they
    /// were added.
    fn farther_from(&self, id: &str, accepts: &impl Fn(EntityKind) -> bool) -> Option<String> {
        let limit = (id.len() / 3).max(2);
        let mut work = 0;
        let mut best: Option<(usize, &str)> = None;
        for n in self.graph.node_weights() {
            work += FARTHER_VISIT;
            if work > FARTHER_WORK {
                break;
            }
            if !accepts(n.kind) || n.id.len().abs_diff(id.len()) > limit {
                continue;
            }
            work += id.len() * n.id.len();
            if work > FARTHER_WORK {
                break;
            }
            let d = strsim::damerau_levenshtein(id, &n.id);
            if d <= limit && best.is_none_or(|b| (d, &*n.id) < b) {
                best = Some((d, &n.id));
            }
        }
        best.map(|(_, candidate)| candidate.to_owned())
    }

    /// How many entities and links of each kind the model holds.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// println!("{}", model.counts());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for node in self.graph.node_weights() {
            match node.kind {
                EntityKind::Organisation => c.organisations += 1,
                EntityKind::Individual => c.individuals += 1,
                EntityKind::Service => c.services += 1,
            }
        }
        for link in self.graph.edge_weights() {
            match link.kind {
                LinkKind::Parent | LinkKind::Provider => {}
                LinkKind::Membership => c.memberships += 1,
                LinkKind::Reporting => c.reporting += 1,
                LinkKind::Funding => c.funding += 1,
                LinkKind::Usage => c.usage += 1,
                LinkKind::Dependency => c.dependencies += 1,
                LinkKind::Oversight => c.oversight += 1,
                LinkKind::Partnership => c.partnerships += 1,
            }
        }
        c
    }

    /// The organisations an individual is a member of on `date` (with no
    /// date: every membership), as the document's membership records, in
    /// document order. Empty for an unknown id or a non-individual.
    ///
    /// ```
    /// use svcrel::{Date, Model};
    ///
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let on = |y, m, d| model.memberships("mary", Some(Date::constant(y, m, d)));
    /// assert_eq!(on(2008, 6, 1)[0].organisation, "acme-mailroom");
    /// assert_eq!(on(2028, 6, 1)[0].organisation, "acme-finance");
    /// assert_eq!(model.memberships("mary", None).len(), 4);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn memberships(&self, individual: &str, date: Option<Date>) -> Vec<Membership> {
        let Some(node) = self.node_of(individual) else {
            return Vec::new();
        };
        let mut found: Vec<(u32, Membership)> = self
            .links_out(node, LinkKind::Membership, date)
            .map(|(org, e)| {
                let edge = &self.graph[e];
                (
                    edge.seq,
                    Membership {
                        individual: IndividualId::from(individual),
                        organisation: OrganisationId::from(&*self.graph[org].id),
                        title: edge.title().map(str::to_owned),
                        from: edge.period.from(),
                        until: edge.period.until(),
                    },
                )
            })
            .collect();
        found.sort_by_key(|(e, _)| *e);
        found.into_iter().map(|(_, m)| m).collect()
    }

    /// An organisation's ancestors, nearest first: its parent, the parent's
    /// parent, up to the top-level organisation. Empty for a top-level
    /// organisation, an unknown id or a non-organisation.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.parent_chain("goddard-apps"), ["goddard", "nasa", "us-gov"]);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn parent_chain(&self, organisation: &str) -> Vec<OrganisationId> {
        let mut chain = Vec::new();
        let mut current = self.node_of(organisation);
        while let Some(parent) = current.and_then(|n| self.parent_of(n)) {
            chain.push(OrganisationId::from(&*self.graph[parent].id));
            current = Some(parent);
        }
        chain
    }

    /// The company a party belongs to: for an organisation, the root of its
    /// parent chain; for an individual, the roots of the organisations they
    /// are a member of on `date` (every membership with no date) or, with
    /// no membership then, the individual alone. Sorted by id; empty for an
    /// unknown id or a service.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.top("goddard-apps", None), ["us-gov"]);
    /// assert_eq!(model.top("dana", None), ["us-gov"]);
    /// assert_eq!(model.top("fan", None), ["fan"]);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn top(&self, party: &str, date: Option<Date>) -> Vec<PartyId> {
        let Some(node) = self.node_of(party) else {
            return Vec::new();
        };
        let mut ids: Vec<PartyId> = self
            .top_nodes(node, date)
            .into_iter()
            .map(|n| PartyId::from(&*self.graph[n].id))
            .collect();
        ids.sort();
        ids
    }

    /// The party that provides a service, if `service` names one.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.provider("expense-app").unwrap().id(), "expenseco");
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn provider(&self, service: &str) -> Option<Entity<'_>> {
        let node = self.node_of(service)?;
        self.provider_of(node).map(|p| self.entity_at(p))
    }
}
