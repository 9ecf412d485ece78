//! Edits as data: [`Edit`], and [`Model::apply`], which applies a batch
//! of them all or none.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::document::{Individual, Membership, Organisation, Service};
use crate::error::{Error, ErrorKind};
use crate::ids::{IndividualId, OrganisationId};
use crate::model::{Link, Model, Removal};
use crate::problem::{Problem, ProblemKind, Section};

/// One change to a model, as data: every edit [`Model`] has, for
/// [`Model::apply`], a journal or a request.
///
/// As JSON, an object whose `"edit"` names the change; an entity's fields,
/// or a membership's for `move_individual`, stand beside it, and a link
/// is an object of one key, its kind:
///
/// ```json
/// {"edit": "add_organisation", "id": "jpl", "parent": "nasa"}
/// {"edit": "add_link", "link": {"usage": {"user": "jpl", "service": "mail"}}}
/// {"edit": "remove_link", "link": {"membership": {"individual": "dana", "organisation": "goddard-apps"}}}
/// {"edit": "remove_entity", "id": "fan", "removal": "with_links"}
/// {"edit": "end_membership", "individual": "dana", "organisation": "goddard-apps", "date": "2027-01-01"}
/// {"edit": "end_reporting", "individual": "dana", "manager": "goddard-cio", "date": "2027-01-01"}
/// {"edit": "move_individual", "individual": "dana", "organisation": "nasa", "from": "2027-01-01"}
/// {"edit": "update_organisation", "id": "jpl", "name": "Jet Propulsion Laboratory", "parent": "nasa"}
/// {"edit": "update_individual", "id": "dana", "name": "Dana Reyes", "emails": ["dana@nasa.example"]}
/// {"edit": "update_service", "id": "mail", "provider": "nasa"}
/// ```
///
/// An update gives the whole entity, as a document does: a field it
/// leaves out is cleared, not kept.
///
/// Unknown fields are refused, as in a document.
///
/// ```
/// use svcrel::{Edit, Usage};
///
/// let edit: Edit = serde_json::from_str(r#"{"edit": "add_link", "link": {"usage": {"user": "fan", "service": "mail"}}}"#)?;
/// assert_eq!(edit, Edit::AddLink { link: Usage::new("fan", "mail").into() });
/// assert!(serde_json::from_str::<Edit>(r#"{"edit": "add_link", "lnk": {}}"#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Edit {
    /// [`Model::add_organisation`].
    AddOrganisation(Organisation),
    /// [`Model::add_individual`].
    AddIndividual(Individual),
    /// [`Model::add_service`].
    AddService(Service),
    /// [`Model::add_link`].
    AddLink {
        /// The link to add.
        link: Link,
    },
    /// [`Model::remove_link`].
    RemoveLink {
        /// The link to remove, as it is written.
        link: Link,
    },
    /// [`Model::remove_entity`].
    RemoveEntity {
        /// The entity's id.
        id: String,
        /// What happens to its links (default: refuse if it has any).
        #[serde(default)]
        removal: Removal,
    },
    /// [`Model::end_membership`].
    EndMembership {
        /// The member.
        individual: IndividualId,
        /// The organisation.
        organisation: OrganisationId,
        /// The first day the membership no longer holds.
        #[serde(with = "crate::dates::required")]
        date: Date,
    },
    /// [`Model::end_reporting`].
    EndReporting {
        /// The individual who reports.
        individual: IndividualId,
        /// The manager.
        manager: IndividualId,
        /// The first day the line no longer holds.
        #[serde(with = "crate::dates::required")]
        date: Date,
    },
    /// [`Model::move_individual`]: the new membership, with its `from`.
    MoveIndividual(Membership),
    /// [`Model::update_organisation`]: the organisation's own fields, all
    /// of them, as a document gives them (a field left out is cleared).
    UpdateOrganisation(Organisation),
    /// [`Model::update_individual`], as `update_organisation`.
    UpdateIndividual(Individual),
    /// [`Model::update_service`], as `update_organisation`.
    UpdateService(Service),
}

/// What [`Model::apply`] did.
///
/// ```
/// use svcrel::{Edit, Model, Removal};
///
/// let mut model = Model::from_json_file("examples/data/sample.json")?;
/// let applied = model.apply(&[Edit::RemoveEntity { id: "fan".into(), removal: Removal::WithLinks }])?;
/// assert_eq!(applied.version(), model.version());
/// assert_eq!(applied.removed().len(), 1); // the fan's usage of the broadcast
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    version: u64,
    removed: Vec<Link>,
}

impl Applied {
    /// What an empty batch does to a model at `version`: nothing.
    #[cfg_attr(not(feature = "server"), allow(dead_code))]
    pub(crate) fn nothing(version: u64) -> Applied {
        Applied {
            version,
            removed: Vec::new(),
        }
    }

    /// The model's version once the batch was applied.
    ///
    /// ```
    /// let mut model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.apply(&[])?.version(), 0);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The links that went with the batch's edits, as they were: those a
    /// `remove_link` named, and those a `remove_entity` with
    /// [`Removal::WithLinks`] took along (see [`Model::remove_entity`]).
    ///
    /// ```
    /// use svcrel::{Edit, Link, Model, Usage};
    ///
    /// let mut model = Model::from_json_file("examples/data/sample.json")?;
    /// let usage = Link::from(Usage::new("fan", "nfl-broadcast"));
    /// let applied = model.apply(&[Edit::RemoveLink { link: usage.clone() }])?;
    /// assert_eq!(applied.removed(), [usage]);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn removed(&self) -> &[Link] {
        &self.removed
    }
}

impl Model {
    /// Applies a batch of edits, all or none: each is checked as a
    /// document is, against the model as the edits before it left it; if
    /// any is refused, the model is left exactly as it was and the error
    /// lists every problem of every refused edit, each naming its edit
    /// ([`Problem::edit`]). Edits after a refused one are still checked
    /// (as if the refused one were not there), so one answer lists them
    /// all.
    ///
    /// A batch of one edit is applied in place. A longer batch is applied
    /// to a copy of the model that replaces it once every edit is in, so
    /// it costs a copy of the model (in time and memory linear in its
    /// size) on top of the edits. A [`SharedModel`](crate::SharedModel)
    /// keeps a second copy of its model for that, and applies a batch
    /// without copying.
    ///
    /// ```
    /// use svcrel::{Edit, Link, Membership, Model, Organisation};
    ///
    /// let mut model = Model::from_json_file("examples/data/sample.json")?;
    /// let before = model.to_document();
    /// let err = model
    ///     .apply(&[
    ///         Edit::AddOrganisation(Organisation { parent: Some("nasa".into()), ..Organisation::new("jpl") }),
    ///         Edit::AddLink { link: Link::from(Membership::new("ghost", "jpl")) },
    ///         Edit::AddOrganisation(Organisation::new("")),
    ///     ])
    ///     .unwrap_err();
    /// let edits: Vec<Option<usize>> = err.problems().iter().map(|p| p.edit()).collect();
    /// assert_eq!(edits, [Some(1), Some(2)]);
    /// assert_eq!(model.to_document(), before); // nothing changed, not even jpl
    ///
    /// model.apply(&[
    ///     Edit::AddOrganisation(Organisation { parent: Some("nasa".into()), ..Organisation::new("jpl") }),
    ///     Edit::AddLink { link: Link::from(Membership::new("dana", "jpl")) },
    /// ])?;
    /// assert_eq!(model.top("jpl", None), ["us-gov"]);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::Invalid`] error listing every problem; nothing is
    /// applied.
    pub fn apply(&mut self, edits: &[Edit]) -> Result<Applied, Error> {
        if edits.len() <= 1 {
            // A refused edit leaves the model as it found it: no copy
            // needed.
            return self.apply_all(edits);
        }
        let mut next = self.clone();
        let applied = next.apply_all(edits)?;
        *self = next;
        Ok(applied)
    }

    /// [`Model::apply`] on a model that is thrown away if the batch is
    /// refused (a copy): the edits are applied in place, each refused one
    /// skipped, and their problems returned.
    pub(crate) fn apply_all(&mut self, edits: &[Edit]) -> Result<Applied, Error> {
        let mut problems = Vec::new();
        let mut removed = Vec::new();
        for (i, edit) in edits.iter().enumerate() {
            // Each edit checks everything before it changes anything, so a
            // refused one leaves the model as it found it.
            match self.apply_one(edit) {
                Ok(links) => removed.extend(links),
                Err(e) => problems.extend(problems_of(&e, i)),
            }
        }
        if !problems.is_empty() {
            return Err(Error::invalid(problems));
        }
        // An update that moved a parent or a provider set the snapshot
        // aside for the rest of the batch: built again once, here.
        self.pack_again();
        Ok(Applied {
            version: self.version(),
            removed,
        })
    }

    /// One edit, through its method; the links it took away.
    fn apply_one(&mut self, edit: &Edit) -> Result<Vec<Link>, Error> {
        match edit {
            Edit::AddOrganisation(o) => self.add_organisation(o.clone()).map(|()| Vec::new()),
            Edit::AddIndividual(i) => self.add_individual(i.clone()).map(|()| Vec::new()),
            Edit::AddService(s) => self.add_service(s.clone()).map(|()| Vec::new()),
            Edit::AddLink { link } => self.add_link(link.clone()).map(|()| Vec::new()),
            Edit::RemoveLink { link } => self.remove_link(link).map(|l| vec![l]),
            Edit::RemoveEntity { id, removal } => self.remove_entity(id, *removal),
            Edit::EndMembership {
                individual,
                organisation,
                date,
            } => self
                .end_membership(individual.as_str(), organisation.as_str(), *date)
                .map(|()| Vec::new()),
            Edit::EndReporting {
                individual,
                manager,
                date,
            } => self
                .end_reporting(individual.as_str(), manager.as_str(), *date)
                .map(|()| Vec::new()),
            Edit::MoveIndividual(m) => self.move_individual(m.clone()).map(|()| Vec::new()),
            Edit::UpdateOrganisation(o) => self
                .update_organisation_in_batch(o.clone())
                .map(|()| Vec::new()),
            Edit::UpdateIndividual(i) => self.update_individual(i.clone()).map(|()| Vec::new()),
            Edit::UpdateService(s) => self.update_service_in_batch(s.clone()).map(|()| Vec::new()),
        }
    }
}

/// The problems of a refused edit, each naming the edit: the error's own
/// problems, or the error as one problem (an unknown id).
fn problems_of(err: &Error, edit: usize) -> Vec<Problem> {
    let problems: Vec<Problem> = if err.problems().is_empty() {
        // An edit's only error without problems: `remove_entity` of an id
        // the model lacks.
        debug_assert_eq!(err.kind(), ErrorKind::UnknownId);
        let kind = ProblemKind::UnknownReference;
        vec![Problem::new(
            Section::Document,
            None,
            None,
            kind,
            err.to_string(),
        )]
    } else {
        err.problems().to_vec()
    };
    problems.into_iter().map(|p| p.in_edit(edit)).collect()
}
