//! What changed between two documents, or in one document between two
//! dates: [`Diff`], and the batch of edits that turns the old document
//! into the new one ([`Diff::edits`]).

use std::collections::HashMap;

use jiff::civil::Date;
use rustc_hash::FxBuildHasher;
use serde::{Deserialize, Serialize};

use crate::document::{Document, Individual, Organisation, Service};
use crate::ids::{EntityKind, IndividualId};
use crate::model::{Edit, Link, Model, Removal};
use crate::query::changes::{ChangeOptions, RelationshipChanges};

/// What changed: between two documents ([`Diff::between`]), or in one
/// model between two dates ([`Diff::between_dates`]).
///
/// As JSON, its counts come first, then `dates`, then the entities and
/// the links:
///
/// ```json
/// {"counts": {"entities_added": 1, "entities_removed": 0, "entities_changed": 1, "links_added": 2, "links_removed": 1},
///  "dates": null,
///  "entities": {"added": [{"id": "jpl", "kind": "organisation", "new": {"organisation": {"id": "jpl", "parent": "nasa"}}}],
///               "removed": [],
///               "changed": [{"id": "dana", "kind": "individual", "fields": ["name"], "old": {"individual": {"id": "dana"}}, "new": {"individual": {"id": "dana", "name": "Dana"}}}]},
///  "links": {"removed": [{"usage": {"user": "fan", "service": "mail"}}],
///            "added": [{"membership": {"individual": "dana", "organisation": "jpl"}}, {"usage": {"user": "jpl", "service": "mail"}}]}}
/// ```
///
/// Between two documents, links are compared as values, every field
/// alike, and as multisets: a link whose dates (or title, payment,
/// approvers) changed is one link removed and one added, and a link
/// written twice in the new document and once in the old is one added.
/// An entity is *changed* when its own fields differ (`fields` names
/// them; `old` and `new` give it whole, as each document writes it); an
/// id that names an entity of another kind in the new document is one
/// entity removed and one added, and every link naming it is removed and
/// added again. The documents' `email_policy` is not compared.
///
/// Between two dates of one model (`dates` is then `{"old": D1, "new":
/// D2}`), no entity changes; `links.removed` holds the links that hold on
/// D1 but not on D2 (they *ended*), `links.added` those that hold on D2
/// but not on D1 (they *began*).
///
/// `entities.added` and `entities.changed` list organisations first, a
/// parent before its children (by depth in the new document, roots
/// first), then individuals, then services, each in document order;
/// `entities.removed` and the links are in document order.
///
/// ```
/// use svcrel::{Diff, Individual, Model, Usage};
///
/// let old = Model::from_json_file("examples/data/sample.json")?;
/// let mut new = old.clone();
/// new.add_individual(Individual::new("new-hire"))?;
/// new.add_link(Usage::new("new-hire", "acme-email"))?;
/// let diff = Diff::between(&old, &new);
/// assert_eq!((diff.counts.entities_added, diff.counts.links_added), (1, 1));
/// assert!(Diff::between(&old, &old).is_empty());
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Diff {
    /// How many of each change, first.
    pub counts: DiffCounts,
    /// The two dates of a [`Diff::between_dates`]; `null` for two
    /// documents.
    pub dates: Option<DiffDates>,
    /// The entities added, removed and changed.
    pub entities: EntityChanges,
    /// The links removed (ended) and added (began).
    pub links: LinkChanges,
    /// What the changes did to each service's relationships, once asked
    /// for with [`Diff::with_relationships`]; absent (`None`) until then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationships: Option<RelationshipChanges>,
}

/// How many entities and links a [`Diff`] lists.
///
/// ```
/// let counts = svcrel::DiffCounts::default();
/// assert_eq!(counts.links_added + counts.links_removed, 0);
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct DiffCounts {
    /// Entities in the new document only.
    pub entities_added: usize,
    /// Entities in the old document only.
    pub entities_removed: usize,
    /// Entities in both whose own fields differ.
    pub entities_changed: usize,
    /// Links added (or, between dates, that began).
    pub links_added: usize,
    /// Links removed (or, between dates, that ended).
    pub links_removed: usize,
}

/// The two dates of a [`Diff::between_dates`].
///
/// ```
/// use svcrel::{Date, Diff, Model};
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let diff = Diff::between_dates(&model, Date::constant(2020, 1, 1), Date::constant(2030, 1, 1));
/// assert_eq!(diff.dates.unwrap().old, Date::constant(2020, 1, 1));
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct DiffDates {
    /// The earlier date asked about: `links.removed` held then.
    #[serde(with = "crate::dates::required")]
    #[schemars(with = "String")]
    pub old: Date,
    /// The later date: `links.added` hold then.
    #[serde(with = "crate::dates::required")]
    #[schemars(with = "String")]
    pub new: Date,
}

/// The entities of a [`Diff`].
///
/// ```
/// let changes = svcrel::EntityChanges::default();
/// assert!(changes.added.is_empty() && changes.removed.is_empty() && changes.changed.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct EntityChanges {
    /// In the new document only.
    pub added: Vec<EntityChange>,
    /// In the old document only.
    pub removed: Vec<EntityChange>,
    /// In both, with other own fields.
    pub changed: Vec<EntityChange>,
}

/// One entity added, removed or changed.
///
/// ```
/// use svcrel::{Diff, EntityKind, Individual, Model};
/// let old = Model::from_json_file("examples/data/sample.json")?;
/// let mut new = old.clone();
/// new.update_individual(Individual { name: Some("Dana R.".into()), ..Individual::new("dana") })?;
/// let diff = Diff::between(&old, &new);
/// let dana = &diff.entities.changed[0];
/// assert_eq!((dana.id.as_str(), dana.kind), ("dana", EntityKind::Individual));
/// assert!(dana.fields.contains(&"name".to_owned()));
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct EntityChange {
    /// Its id.
    pub id: String,
    /// Its kind (in the new document, for one added; in the old, for one
    /// removed).
    pub kind: EntityKind,
    /// For a changed entity, the fields that differ, as the document
    /// names them (`name`, `parent`, `provider`, `emails`, `phones`,
    /// `external_ids`, `email_domains`); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// The entity as the old document writes it (none for one added).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<EntityRecord>,
    /// The entity as the new document writes it (none for one removed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<EntityRecord>,
}

/// An entity as a document writes it; as JSON, an object of one key, its
/// kind.
///
/// ```
/// use svcrel::{EntityRecord, Individual};
/// let record = EntityRecord::Individual(Individual::new("dana"));
/// assert_eq!(serde_json::to_string(&record).unwrap(), r#"{"individual":{"id":"dana"}}"#);
/// assert_eq!(record.id(), "dana");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EntityRecord {
    /// An organisation.
    Organisation(#[schemars(with = "serde_json::Value")] Organisation),
    /// An individual.
    Individual(#[schemars(with = "serde_json::Value")] Individual),
    /// A service.
    Service(#[schemars(with = "serde_json::Value")] Service),
}

impl EntityRecord {
    /// The entity's id.
    ///
    /// ```
    /// let record = svcrel::EntityRecord::Service(svcrel::Service::new("mail", "it"));
    /// assert_eq!(record.id(), "mail");
    /// ```
    pub fn id(&self) -> &str {
        match self {
            EntityRecord::Organisation(o) => o.id.as_str(),
            EntityRecord::Individual(i) => i.id.as_str(),
            EntityRecord::Service(s) => s.id.as_str(),
        }
    }

    /// The entity's kind.
    ///
    /// ```
    /// let record = svcrel::EntityRecord::Service(svcrel::Service::new("mail", "it"));
    /// assert_eq!(record.kind(), svcrel::EntityKind::Service);
    /// ```
    pub fn kind(&self) -> EntityKind {
        match self {
            EntityRecord::Organisation(_) => EntityKind::Organisation,
            EntityRecord::Individual(_) => EntityKind::Individual,
            EntityRecord::Service(_) => EntityKind::Service,
        }
    }

    /// The entity's name, if the document gives one.
    ///
    /// ```
    /// let record = svcrel::EntityRecord::Service(svcrel::Service::new("mail", "it"));
    /// assert_eq!(record.name(), None);
    /// ```
    pub fn name(&self) -> Option<&str> {
        match self {
            EntityRecord::Organisation(o) => o.name.as_deref(),
            EntityRecord::Individual(i) => i.name.as_deref(),
            EntityRecord::Service(s) => s.name.as_deref(),
        }
    }
}

/// The links of a [`Diff`], each as a document writes it (an object of
/// one key, its kind).
///
/// ```
/// let links = svcrel::LinkChanges::default();
/// assert!(links.removed.is_empty() && links.added.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct LinkChanges {
    /// In the old document only (between dates: held on the old date and
    /// no longer on the new one: ended).
    #[schemars(with = "Vec<serde_json::Value>")]
    pub removed: Vec<Link>,
    /// In the new document only (between dates: held on the new date and
    /// not yet on the old one: began).
    #[schemars(with = "Vec<serde_json::Value>")]
    pub added: Vec<Link>,
}

impl Diff {
    /// What changed from `old` to `new`, each as its document writes it
    /// (see [`Diff`]). It takes time linear in the two models' sizes:
    /// entities are matched by id and links counted in hash maps.
    ///
    /// ```
    /// use svcrel::{Diff, Link, Model, Usage};
    ///
    /// let old = Model::from_json_file("examples/data/sample.json")?;
    /// let mut new = old.clone();
    /// new.remove_link(&Link::from(Usage::new("fan", "nfl-broadcast")))?;
    /// let diff = Diff::between(&old, &new);
    /// assert_eq!(diff.links.removed, [Link::from(Usage::new("fan", "nfl-broadcast"))]);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn between(old: &Model, new: &Model) -> Diff {
        Diff::between_documents(old.to_document(), new.to_document())
    }

    /// [`Diff::between`] on two documents (each taken as valid).
    fn between_documents(mut old: Document, mut new: Document) -> Diff {
        let old_links = Link::take_all(&mut old);
        let new_links = Link::take_all(&mut new);
        // Items alike at the same place at the start or the end of a
        // section (a document re-imported keeps its order) are unchanged,
        // and left out of the comparison.
        let (old_entities, new_entities) = Entities::pair(&old, &new);
        let mut entities = EntityChanges::default();
        // Ids whose kind changed: their links are removed and added again.
        let mut rekinded: HashMap<&str, (), FxBuildHasher> = HashMap::default();
        for record in new_entities.records() {
            match old_entities.get(record.id()) {
                None => entities.added.push(added(record.to_owned())),
                Some(before) if before.kind() != record.kind() => {
                    rekinded.insert(record.id(), ());
                    entities.added.push(added(record.to_owned()));
                }
                Some(before) => {
                    let fields = changed_fields(before, record);
                    if !fields.is_empty() {
                        entities.changed.push(EntityChange {
                            id: record.id().to_owned(),
                            kind: record.kind(),
                            fields,
                            old: Some(before.to_owned()),
                            new: Some(record.to_owned()),
                        });
                    }
                }
            }
        }
        for record in old_entities.records() {
            let gone = new_entities
                .get(record.id())
                .is_none_or(|now| now.kind() != record.kind());
            if gone {
                entities.removed.push(EntityChange {
                    id: record.id().to_owned(),
                    kind: record.kind(),
                    fields: Vec::new(),
                    old: Some(record.to_owned()),
                    new: None,
                });
            }
        }
        // Organisations first, a parent before its children.
        let depth = new_entities.depths();
        let rank = |c: &EntityChange| match c.kind {
            EntityKind::Organisation => depth.get(c.id.as_str()).copied().unwrap_or(0),
            EntityKind::Individual => usize::MAX - 1,
            EntityKind::Service => usize::MAX,
        };
        entities.added.sort_by_key(rank);
        entities.changed.sort_by_key(rank);

        let names_rekinded =
            |link: &Link| !rekinded.is_empty() && ends_of(link).any(|id| rekinded.contains_key(id));
        // A link naming an id whose kind changed is removed and added even
        // where it stands alike in both: no trimming then.
        let (start, end) = if rekinded.is_empty() {
            alike_ends(&old_links, &new_links)
        } else {
            (0, 0)
        };
        let old_middle = &old_links[start..old_links.len() - end];
        let new_middle = &new_links[start..new_links.len() - end];
        // Per link value: its copies in the new document, those of them
        // the old one has too, and those seen so far on the way through
        // the new document; the copies past the matched ones are added.
        let mut count: HashMap<&Link, Copies, FxBuildHasher> = HashMap::default();
        count.reserve(new_middle.len());
        for link in new_middle {
            if !names_rekinded(link) {
                count.entry(link).or_default().total += 1;
            }
        }
        let mut removed = Vec::new();
        for link in old_middle {
            match count.get_mut(link) {
                Some(n) if n.matched < n.total && !names_rekinded(link) => n.matched += 1,
                _ => removed.push(link.clone()),
            }
        }
        let mut added = Vec::new();
        for link in new_middle {
            match count.get_mut(link) {
                Some(n) if !names_rekinded(link) => {
                    n.seen += 1;
                    if n.seen > n.matched {
                        added.push(link.clone());
                    }
                }
                _ => added.push(link.clone()),
            }
        }
        let links = LinkChanges { removed, added };
        Diff::new(None, entities, links)
    }

    /// What changed in `model` from date `d1` to date `d2`: no entity
    /// changes; the links that hold on `d1` but not on `d2` are
    /// `links.removed` (they ended), those that hold on `d2` but not on
    /// `d1` are `links.added` (they began), each in document order, and
    /// `dates` is `{"old": d1, "new": d2}`. Its [`Diff::edits`] are none.
    ///
    /// ```
    /// use svcrel::{Date, Diff, Link, Model};
    ///
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let diff = Diff::between_dates(&model, Date::constant(2004, 1, 1), Date::constant(2006, 1, 1));
    /// let began: Vec<&str> = diff.links.added.iter().filter_map(|l| match l {
    ///     Link::Membership(m) if m.individual == "mary" => Some(m.organisation.as_str()),
    ///     _ => None,
    /// }).collect();
    /// assert_eq!(began, ["acme-mailroom"]);
    /// assert!(diff.edits().is_empty());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn between_dates(model: &Model, d1: Date, d2: Date) -> Diff {
        let mut doc = model.to_document();
        let mut links = LinkChanges::default();
        for link in Link::take_all(&mut doc) {
            let period = link.period();
            let (then, now) = (period.holds_on(Some(d1)), period.holds_on(Some(d2)));
            match (then, now) {
                (true, false) => links.removed.push(link),
                (false, true) => links.added.push(link),
                _ => {}
            }
        }
        let dates = DiffDates { old: d1, new: d2 };
        Diff::new(Some(dates), EntityChanges::default(), links)
    }

    fn new(dates: Option<DiffDates>, entities: EntityChanges, links: LinkChanges) -> Diff {
        Diff {
            counts: DiffCounts {
                entities_added: entities.added.len(),
                entities_removed: entities.removed.len(),
                entities_changed: entities.changed.len(),
                links_added: links.added.len(),
                links_removed: links.removed.len(),
            },
            dates,
            entities,
            links,
            relationships: None,
        }
    }

    /// The diff with what its changes did to every service's
    /// relationships ([`RelationshipChanges::between`]): who became or
    /// stopped being a customer, consumer, sponsor or client, and whose
    /// payer changed. `old` and `new` are the models the diff was made of
    /// (the same model twice for [`Diff::between_dates`]); the dates each
    /// is read on and the cutoffs come from `options`: for a diff between
    /// dates, the diff's own dates are used, whatever `options` says.
    ///
    /// It costs a `customers_of` and a `consumers_of` for every service
    /// in each model (seconds at a million people), which
    /// [`Diff::between`] alone does not.
    ///
    /// ```
    /// use svcrel::{ChangeOptions, Date, Diff, Model};
    ///
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let (d1, d2) = (Date::constant(2020, 1, 1), Date::constant(2028, 6, 1));
    /// let diff = Diff::between_dates(&model, d1, d2).with_relationships(&model, &model, &ChangeOptions::new());
    /// let email = diff.relationships.as_ref().and_then(|r| r.service("acme-email")).unwrap();
    /// assert!(email.became.iter().any(|c| c.party == "mary"));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn with_relationships(mut self, old: &Model, new: &Model, options: &ChangeOptions) -> Diff {
        let options = match self.dates {
            Some(dates) => options.old_date(dates.old).new_date(dates.new),
            None => *options,
        };
        self.relationships = Some(RelationshipChanges::between(old, new, &options));
        self
    }

    /// Keeps at most `n` items of each list (the entities added, removed
    /// and changed, the links removed and added, and, with
    /// relationships, the services and each service's lists, see
    /// [`RelationshipChanges::keep_first`]); every count stays whole.
    pub(crate) fn keep_first(&mut self, n: usize) {
        self.entities.added.truncate(n);
        self.entities.removed.truncate(n);
        self.entities.changed.truncate(n);
        self.links.removed.truncate(n);
        self.links.added.truncate(n);
        if let Some(relationships) = &mut self.relationships {
            relationships.keep_first(n);
        }
    }

    /// Whether nothing changed.
    ///
    /// ```
    /// use svcrel::{Date, Diff, Model};
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let day = Date::constant(2026, 1, 1);
    /// assert!(Diff::between_dates(&model, day, day).is_empty());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.counts == DiffCounts::default()
    }

    /// The batch of edits that turns the old document's model into the
    /// new one's: [`Model::apply`] accepts it on a model of the old
    /// document, and the model it leaves writes the new document, but for
    /// the order of the items of each section (added entities and links
    /// come last). Empty for a diff between dates.
    ///
    /// In order, each step valid once those before it are in: the links
    /// removed; for each email that changes hands, an update that takes it
    /// from the party that gives it up (so that no two parties give one
    /// email at once, and two may swap theirs); the entities added (an organisation after its parent);
    /// the entities changed, as `update_*` edits (organisations by depth
    /// in the new document, roots first, so that no step closes a parent
    /// cycle); the entities removed (services, then individuals, then
    /// organisations, children before parents); the links added.
    ///
    /// An id that names an entity of another kind in each document is
    /// removed, then added again after the other removals: when the new
    /// one is a changed organisation's parent or service's provider, or
    /// the old one still parents or provides what the new document keeps,
    /// the batch is refused. Give such an entity a new id instead.
    ///
    /// ```
    /// use svcrel::{Diff, Individual, Model, Organisation};
    ///
    /// let old = Model::from_json_file("examples/data/sample.json")?;
    /// let mut new = old.clone();
    /// new.add_organisation(Organisation { parent: Some("nasa".into()), ..Organisation::new("jpl") })?;
    /// new.update_individual(Individual { name: Some("Dana R.".into()), ..Individual::new("dana") })?;
    /// let edits = Diff::between(&old, &new).edits();
    /// let mut model = old.clone();
    /// model.apply(&edits)?;
    /// assert!(Diff::between(&model, &new).is_empty());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn edits(&self) -> Vec<Edit> {
        if self.dates.is_some() {
            return Vec::new();
        }
        let mut edits: Vec<Edit> = Vec::with_capacity(
            self.links.removed.len()
                + self.links.added.len()
                + self.entities.added.len()
                + self.entities.removed.len()
                + self.entities.changed.len(),
        );
        edits.extend(
            self.links
                .removed
                .iter()
                .map(|link| Edit::RemoveLink { link: link.clone() }),
        );
        edits.extend(self.releases());
        // An id of another kind before: added once the old one is gone.
        let removed: HashMap<&str, (), FxBuildHasher> = self
            .entities
            .removed
            .iter()
            .map(|c| (c.id.as_str(), ()))
            .collect();
        let (later, now): (Vec<&EntityChange>, Vec<&EntityChange>) = self
            .entities
            .added
            .iter()
            .partition(|c| removed.contains_key(c.id.as_str()));
        edits.extend(now.into_iter().filter_map(add_edit));
        edits.extend(
            self.entities
                .changed
                .iter()
                .filter_map(|c| c.new.clone())
                .map(|record| match record {
                    EntityRecord::Organisation(o) => Edit::UpdateOrganisation(o),
                    EntityRecord::Individual(i) => Edit::UpdateIndividual(i),
                    EntityRecord::Service(s) => Edit::UpdateService(s),
                }),
        );
        edits.extend(removal_order(&self.entities.removed).into_iter().map(|c| {
            Edit::RemoveEntity {
                id: c.id.clone(),
                removal: Removal::RefuseIfLinked,
            }
        }));
        edits.extend(later.into_iter().filter_map(add_edit));
        edits.extend(
            self.links
                .added
                .iter()
                .map(|link| Edit::AddLink { link: link.clone() }),
        );
        edits
    }
}

impl Diff {
    /// The updates that free the emails a party gains from one that loses
    /// them (removed, or changed), before any party gains one: under
    /// `"email_policy": "unique"`, two parties never give one email, not
    /// even between two edits of a batch (two parties may swap emails).
    /// Each gives a losing party its old record without those emails.
    fn releases(&self) -> Vec<Edit> {
        let emails = |r: Option<&EntityRecord>| -> Vec<String> {
            match r {
                Some(EntityRecord::Organisation(o)) => o.emails.clone(),
                Some(EntityRecord::Individual(i)) => i.emails.clone(),
                _ => Vec::new(),
            }
        };
        let lower = |emails: Vec<String>| -> Vec<String> {
            emails.into_iter().map(|e| e.to_lowercase()).collect()
        };
        let mut gained: HashMap<String, (), FxBuildHasher> = HashMap::default();
        for c in self.entities.added.iter().chain(&self.entities.changed) {
            let before = lower(emails(c.old.as_ref()));
            for email in lower(emails(c.new.as_ref())) {
                if !before.contains(&email) {
                    gained.insert(email, ());
                }
            }
        }
        if gained.is_empty() {
            return Vec::new();
        }
        let mut releases = Vec::new();
        for c in self.entities.changed.iter().chain(&self.entities.removed) {
            let kept = lower(emails(c.new.as_ref()));
            let freed = |email: &String| {
                let email = email.to_lowercase();
                !kept.contains(&email) && gained.contains_key(&email)
            };
            let record = match &c.old {
                Some(EntityRecord::Organisation(o)) if o.emails.iter().any(freed) => {
                    let mut o = o.clone();
                    o.emails.retain(|e| !freed(e));
                    Edit::UpdateOrganisation(o)
                }
                Some(EntityRecord::Individual(i)) if i.emails.iter().any(freed) => {
                    let mut i = i.clone();
                    i.emails.retain(|e| !freed(e));
                    Edit::UpdateIndividual(i)
                }
                _ => continue,
            };
            releases.push(record);
        }
        releases
    }
}

/// The edit that adds an entity.
fn add_edit(change: &EntityChange) -> Option<Edit> {
    Some(match change.new.clone()? {
        EntityRecord::Organisation(o) => Edit::AddOrganisation(o),
        EntityRecord::Individual(i) => Edit::AddIndividual(i),
        EntityRecord::Service(s) => Edit::AddService(s),
    })
}

/// The entities removed, in an order that removes each once nothing
/// among them still needs it: services, individuals, then organisations,
/// each after every removed organisation below it.
fn removal_order(removed: &[EntityChange]) -> Vec<&EntityChange> {
    let parent_of: HashMap<&str, &str, FxBuildHasher> = removed
        .iter()
        .filter_map(|c| match &c.old {
            Some(EntityRecord::Organisation(o)) => {
                Some((o.id.as_str(), o.parent.as_ref()?.as_str()))
            }
            _ => None,
        })
        .collect();
    // Depth among the removed organisations alone, deepest first.
    let depth = |id: &str| {
        let mut d = 0usize;
        let mut at = id;
        while let Some(&up) = parent_of.get(at) {
            d += 1;
            at = up;
            if d > parent_of.len() {
                break; // a cycle: only a hand-made diff holds one
            }
        }
        d
    };
    let mut order: Vec<(usize, &EntityChange)> = removed
        .iter()
        .map(|c| {
            let rank = match c.kind {
                EntityKind::Service => usize::MAX,
                EntityKind::Individual => usize::MAX - 1,
                EntityKind::Organisation => depth(&c.id),
            };
            (rank, c)
        })
        .collect();
    order.sort_by_key(|&(rank, _)| std::cmp::Reverse(rank));
    order.into_iter().map(|(_, c)| c).collect()
}

fn added(record: EntityRecord) -> EntityChange {
    EntityChange {
        id: record.id().to_owned(),
        kind: record.kind(),
        fields: Vec::new(),
        old: None,
        new: Some(record),
    }
}

/// An entity of a document, borrowed.
#[derive(Clone, Copy)]
enum RecordRef<'d> {
    Organisation(&'d Organisation),
    Individual(&'d Individual),
    Service(&'d Service),
}

impl<'d> RecordRef<'d> {
    fn id(self) -> &'d str {
        match self {
            RecordRef::Organisation(o) => o.id.as_str(),
            RecordRef::Individual(i) => i.id.as_str(),
            RecordRef::Service(s) => s.id.as_str(),
        }
    }

    fn kind(self) -> EntityKind {
        match self {
            RecordRef::Organisation(_) => EntityKind::Organisation,
            RecordRef::Individual(_) => EntityKind::Individual,
            RecordRef::Service(_) => EntityKind::Service,
        }
    }

    fn to_owned(self) -> EntityRecord {
        match self {
            RecordRef::Organisation(o) => EntityRecord::Organisation(o.clone()),
            RecordRef::Individual(i) => EntityRecord::Individual(i.clone()),
            RecordRef::Service(s) => EntityRecord::Service(s.clone()),
        }
    }
}

/// The fields of the entity that differ between its two records (of one
/// kind).
fn changed_fields(old: RecordRef<'_>, new: RecordRef<'_>) -> Vec<String> {
    let mut fields = Vec::new();
    let mut differ = |field: &str, differ: bool| {
        if differ {
            fields.push(field.to_owned());
        }
    };
    match (old, new) {
        (RecordRef::Organisation(a), RecordRef::Organisation(b)) => {
            differ("name", a.name != b.name);
            differ("parent", a.parent != b.parent);
            differ("emails", a.emails != b.emails);
            differ("phones", a.phones != b.phones);
            differ("external_ids", a.external_ids != b.external_ids);
            differ("email_domains", a.email_domains != b.email_domains);
        }
        (RecordRef::Individual(a), RecordRef::Individual(b)) => {
            differ("name", a.name != b.name);
            differ("emails", a.emails != b.emails);
            differ("phones", a.phones != b.phones);
            differ("external_ids", a.external_ids != b.external_ids);
        }
        (RecordRef::Service(a), RecordRef::Service(b)) => {
            differ("name", a.name != b.name);
            differ("provider", a.provider != b.provider);
        }
        _ => {}
    }
    fields
}

/// A document's entities by id: those of each section between the items
/// alike in the other document at its start and end (see
/// [`Entities::pair`]).
struct Entities<'d> {
    doc: &'d Document,
    /// The range compared of each section: organisations, individuals,
    /// services.
    ranges: [std::ops::Range<usize>; 3],
    /// Section (0 organisations, 1 individuals, 2 services) and index.
    by_id: HashMap<&'d str, (u8, usize), FxBuildHasher>,
}

impl<'d> Entities<'d> {
    /// The entities of two documents, each section without the items
    /// alike at the same place at its start and its end: those are
    /// unchanged, and as ids are unique, no other item of either document
    /// has their ids.
    fn pair(old: &'d Document, new: &'d Document) -> (Entities<'d>, Entities<'d>) {
        let trim =
            |a: usize, b: usize, (start, end): (usize, usize)| (start..a - end, start..b - end);
        let (o1, o2) = trim(
            old.organisations.len(),
            new.organisations.len(),
            alike_ends(&old.organisations, &new.organisations),
        );
        let (i1, i2) = trim(
            old.individuals.len(),
            new.individuals.len(),
            alike_ends(&old.individuals, &new.individuals),
        );
        let (s1, s2) = trim(
            old.services.len(),
            new.services.len(),
            alike_ends(&old.services, &new.services),
        );
        (
            Entities::of(old, [o1, i1, s1]),
            Entities::of(new, [o2, i2, s2]),
        )
    }

    fn of(doc: &'d Document, ranges: [std::ops::Range<usize>; 3]) -> Entities<'d> {
        let mut by_id: HashMap<&str, (u8, usize), FxBuildHasher> = HashMap::default();
        by_id.reserve(ranges.iter().map(ExactSizeIterator::len).sum());
        // A valid document has each id once; the first one counts.
        for i in ranges[0].clone() {
            by_id
                .entry(doc.organisations[i].id.as_str())
                .or_insert((0, i));
        }
        for i in ranges[1].clone() {
            by_id
                .entry(doc.individuals[i].id.as_str())
                .or_insert((1, i));
        }
        for i in ranges[2].clone() {
            by_id.entry(doc.services[i].id.as_str()).or_insert((2, i));
        }
        Entities { doc, ranges, by_id }
    }

    fn get(&self, id: &str) -> Option<RecordRef<'d>> {
        let &(section, i) = self.by_id.get(id)?;
        Some(match section {
            0 => RecordRef::Organisation(&self.doc.organisations[i]),
            1 => RecordRef::Individual(&self.doc.individuals[i]),
            _ => RecordRef::Service(&self.doc.services[i]),
        })
    }

    /// Every entity compared, in document order.
    fn records(&self) -> impl Iterator<Item = RecordRef<'d>> + 'd {
        let doc = self.doc;
        let [o, i, s] = self.ranges.clone();
        (doc.organisations[o].iter().map(RecordRef::Organisation))
            .chain(doc.individuals[i].iter().map(RecordRef::Individual))
            .chain(doc.services[s].iter().map(RecordRef::Service))
    }

    /// Each organisation's depth: 0 for a root, its parent's plus one
    /// else.
    fn depths(&self) -> HashMap<&'d str, usize, FxBuildHasher> {
        let orgs = &self.doc.organisations;
        let mut depth: HashMap<&str, usize, FxBuildHasher> = HashMap::default();
        depth.reserve(orgs.len());
        let parents: HashMap<&str, &str, FxBuildHasher> = orgs
            .iter()
            .filter_map(|o| Some((o.id.as_str(), o.parent.as_ref()?.as_str())))
            .collect();
        let parent = |id: &str| -> Option<&'d str> { parents.get(id).copied() };
        let mut chain: Vec<&str> = Vec::new();
        for o in orgs {
            let mut at = o.id.as_str();
            // Up to the first organisation whose depth is known.
            let base = loop {
                if let Some(&d) = depth.get(at) {
                    break Some(d);
                }
                chain.push(at);
                match parent(at) {
                    Some(up) if chain.len() <= orgs.len() => at = up,
                    _ => break None,
                }
            };
            let first = base.map_or(0, |d| d + 1);
            for (d, &id) in (first..).zip(chain.iter().rev()) {
                depth.insert(id, d);
            }
            chain.clear();
        }
        depth
    }
}

/// The ids a link names: its two ends and a funding link's approvers.
fn ends_of(link: &Link) -> impl Iterator<Item = &str> {
    let approvers: &[IndividualId] = match link {
        Link::Funding(f) => &f.approved_by,
        _ => &[],
    };
    link.ends()
        .into_iter()
        .map(|(_, id, _)| id)
        .chain(approvers.iter().map(IndividualId::as_str))
}

/// How many items at the start of `a` and `b` are alike, place by place,
/// and how many at their end (not counting those at the start again).
fn alike_ends<T: PartialEq>(a: &[T], b: &[T]) -> (usize, usize) {
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[start..], &b[start..]);
    let end = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (start, end)
}

/// The copies of one link value (see `Diff::between_documents`).
#[derive(Default)]
struct Copies {
    total: usize,
    matched: usize,
    seen: usize,
}
