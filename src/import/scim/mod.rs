//! The SCIM importer: SCIM 2.0 `/Users` and `/Groups` resources (RFC 7643
//! and RFC 7644) as JSON, as Okta and Microsoft Entra ID serve them.
//!
//! A file holds a ListResponse (`"Resources": [...]`, as a `GET /Users`
//! or `GET /Groups` answers; pages of a paged export are files of their
//! own), a JSON array of resources, or one resource. A resource is a User
//! or a Group by its `schemas` (the core User or Group schema), else by
//! `meta.resourceType`; any other resource is skipped. Attribute names
//! compare without regard to case, as SCIM says; attributes not named
//! below are ignored. An attribute that is `null` is absent, and so is an
//! empty string.
//!
//! | SCIM | becomes |
//! |---|---|
//! | User | an individual: id `userName` in lower case (`ann@example.com`); name `displayName`, else `name.formatted`, else `name.givenName name.familyName`; `emails[].value`, the first `"primary": true` one first, then the others in order; `phoneNumbers[].value` as its phones, the first `"primary": true` one first, then the others in order, each once; external id `{"scim": id}` |
//! | User `title` | the title of the user's membership of its enterprise organisation (below) |
//! | enterprise `organization` | an organisation, id from its name (`Example Corp` → `example-corp`) |
//! | enterprise `division` | an organisation below the `organization`, id `example-corp/engineering` |
//! | enterprise `department` | an organisation below the division (else the organization), id `example-corp/engineering/platform` |
//! | (the most specific of those three) | a membership of the user, titled by `title` |
//! | enterprise `manager.value` | a reporting line to the User whose SCIM `id` it is |
//! | Group | an organisation: id `group:` and its `displayName` (`group:sre-on-call`); external id `{"scim": id}` |
//! | Group `members[].value` | a membership of the User with that SCIM id; a member Group's parent is this group, when it is a member of this group alone |
//!
//! The enterprise extension is the object under
//! `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`; `manager`
//! may be an object with `value` or the SCIM id alone. An id made from a
//! name is the name in lower case, with each run of characters other
//! than letters and digits written `-`; users whose names make the same
//! id share the organisation, named as the first of them writes it. A
//! title without an enterprise organisation to hold the membership is not
//! read. `costCenter` is not read: it is a budget code, not a place in the
//! organisation chart, and names no service for a funding link. Nor are
//! `externalId`, `employeeNumber`, or a User's own `groups` (the Groups'
//! `members` say the same).
//!
//! Skipped: Users with `"active": false` (a reference to one as a group's
//! member is dropped with it; as a manager it is a problem, like a
//! manager not in the files), resources of other types, and a second copy
//! of a resource (the same type and `id`) that agrees with the first.
//!
//! Problems, each naming the file, the line the resource starts on and
//! the resource (`Resources[3] User "2819c223"`): a file that is not
//! JSON, a known attribute of the wrong JSON type, a User without
//! `userName` or a Group without `displayName`, a resource without `id`,
//! an email that is not an address, a phone number that breaks the
//! document's rule (trimmed, at most 64 characters, an ASCII digit, no
//! control or format character), a manager or member that is not in
//! the files, two Users whose `userName`s differ only by case, two Groups
//! whose names make the same id, and a copy of a resource that differs
//! from the first. A group in several groups gets no parent (an
//! organisation has one), its users' memberships stay.

use std::collections::{HashMap, HashSet};

mod read;

use serde_json::{Map, Value};

use read::{Resource, attribute, has_schema, kind_of};

use super::session::{Needs, Origin, Seen, Session, Sighting, slug};
use crate::document::{Individual, Membership, Organisation, Reporting};
use crate::error::Error;

const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// The system of the SCIM id in parties' external ids.
const SYSTEM: &str = "scim";

/// The two types of resource this importer maps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    User,
    Group,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::User => "User",
            Kind::Group => "Group",
        }
    }
}

/// A resource being read: where it is and how messages name it.
struct At<'r> {
    at: Origin,
    label: String,
    object: &'r Map<String, Value>,
}

impl At<'_> {
    fn problem(&self, s: &mut Session<'_>, message: impl std::fmt::Display) {
        s.problem(self.at, None, format!("{}: {message}", self.label));
    }

    /// A string attribute of `object` (this resource or an object in it),
    /// found as `path` in messages: `Ok(None)` when absent, null or
    /// empty; `Err` (a problem noted) when not a string.
    fn text(
        &self,
        s: &mut Session<'_>,
        object: &Map<String, Value>,
        name: &str,
        path: &str,
    ) -> Result<Option<String>, ()> {
        match attribute(object, name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(t)) => {
                let t = t.trim();
                Ok((!t.is_empty()).then(|| t.to_owned()))
            }
            Some(other) => {
                self.problem(s, format!("{path} is {}, not a string", kind_of(other)));
                Err(())
            }
        }
    }

    /// A boolean attribute, as [`At::text`].
    fn boolean(
        &self,
        s: &mut Session<'_>,
        object: &Map<String, Value>,
        name: &str,
        path: &str,
    ) -> Result<Option<bool>, ()> {
        match attribute(object, name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => {
                self.problem(
                    s,
                    format!("{path} is {}, not true or false", kind_of(other)),
                );
                Err(())
            }
        }
    }

    /// An object attribute, as [`At::text`].
    fn object<'o>(
        &self,
        s: &mut Session<'_>,
        object: &'o Map<String, Value>,
        name: &str,
        path: &str,
    ) -> Result<Option<&'o Map<String, Value>>, ()> {
        match attribute(object, name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(o)) => Ok(Some(o)),
            Some(other) => {
                self.problem(s, format!("{path} is {}, not an object", kind_of(other)));
                Err(())
            }
        }
    }

    /// An array attribute, as [`At::text`].
    fn array<'o>(
        &self,
        s: &mut Session<'_>,
        object: &'o Map<String, Value>,
        name: &str,
        path: &str,
    ) -> Result<&'o [Value], ()> {
        match attribute(object, name) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(other) => {
                self.problem(s, format!("{path} is {}, not an array", kind_of(other)));
                Err(())
            }
        }
    }
}

/// A User read: its svcrel id and fields, or `None` for each that had a
/// problem.
struct User {
    at: Origin,
    label: String,
    scim_id: String,
    id: String,
    name: Option<String>,
    emails: Vec<String>,
    phones: Vec<String>,
    title: Option<String>,
    /// The enterprise organisations, outermost first, as (id, name).
    organisations: Vec<(String, String)>,
    /// The manager's SCIM id.
    manager: Option<String>,
}

/// A Group read.
struct Group {
    at: Origin,
    label: String,
    scim_id: String,
    id: String,
    name: String,
    /// Each member's SCIM id and `type`, if given.
    members: Vec<(String, Option<String>)>,
}

/// What a SCIM id of a User stands for.
enum UserRef {
    /// A user mapped, by its svcrel id.
    Mapped(String),
    /// An inactive user, skipped.
    Inactive,
    /// A user with a problem, already reported.
    Broken,
}

pub(super) fn import(s: &mut Session<'_>) -> Result<(), Error> {
    let mut resources = Vec::new();
    for file in 0..s.inputs.len() {
        resources.extend(read::resources(s, file));
    }

    let mut seen = Seen::new();
    // Each with whether it was read without a problem: the references of
    // those with one are checked too, so that every problem is found at
    // once, but they are not mapped.
    let mut users: Vec<(User, bool)> = Vec::new();
    let mut groups: Vec<(Group, bool)> = Vec::new();
    let mut user_refs: HashMap<String, UserRef> = HashMap::new();
    let mut group_refs: HashSet<String> = HashSet::new();
    for resource in &resources {
        s.read_record();
        let Some(object) = resource.value.as_object() else {
            continue; // read::resources keeps objects alone.
        };
        let kind = kind(object);
        let scim_id = match attribute(object, "id") {
            Some(Value::String(t)) if !t.trim().is_empty() => Some(t.trim().to_owned()),
            Some(Value::Null) | None => None,
            Some(other) => {
                let label = label(resource, kind.map_or("resource", Kind::name), None);
                s.problem(
                    resource.at,
                    None,
                    format!("{label}: id is {}, not a string", kind_of(other)),
                );
                continue;
            }
        };
        let Some(kind) = kind else {
            let label = label(resource, "resource", scim_id.as_deref());
            s.skip(
                resource.at,
                label,
                "not a User or Group (by schemas or meta.resourceType)",
            );
            continue;
        };
        let label = label(resource, kind.name(), scim_id.as_deref());
        let Some(scim_id) = scim_id else {
            s.problem(
                resource.at,
                None,
                format!("{label}: the resource has no id"),
            );
            continue;
        };
        let key = format!("{}\u{0}{scim_id}", kind.name());
        match seen.note(&key, resource.value.clone(), resource.at) {
            Sighting::New => {}
            Sighting::Again(first) => {
                let reason = format!("the same resource as {}", s.place(first));
                s.skip(resource.at, label, reason);
                continue;
            }
            Sighting::Differs(first) => {
                let message = format!("{label} differs from the copy at {}", s.place(first));
                s.problem(resource.at, Some(&scim_id), message);
                continue;
            }
        }
        let r = At {
            at: resource.at,
            label,
            object,
        };
        match kind {
            Kind::User => match user(s, &r, &scim_id) {
                None => {
                    user_refs.insert(scim_id, UserRef::Inactive);
                }
                Some((u, fine)) => {
                    let reference = if fine {
                        UserRef::Mapped(u.id.clone())
                    } else {
                        UserRef::Broken
                    };
                    user_refs.insert(scim_id, reference);
                    users.push((u, fine));
                }
            },
            Kind::Group => {
                group_refs.insert(scim_id.clone());
                groups.push(group(s, &r, scim_id));
            }
        }
    }

    // Ids made from names must not meet.
    let mut taken: HashMap<&str, (Origin, &str)> = HashMap::new();
    let fine_users = users.iter().filter(|(_, fine)| *fine).map(|(u, _)| u);
    let fine_groups = groups.iter().filter(|(_, fine)| *fine).map(|(g, _)| g);
    for (id, at, label) in fine_users
        .map(|u| (&u.id, u.at, &u.label))
        .chain(fine_groups.map(|g| (&g.id, g.at, &g.label)))
    {
        if let Some((first, first_label)) = taken.get(id.as_str()) {
            let message = format!(
                "{label}: its id {id:?} is already that of {first_label} at {}",
                s.place(*first)
            );
            s.problem(at, Some(id), message);
        } else {
            taken.insert(id, (at, label));
        }
    }

    map_users(s, &users, &user_refs);
    map_groups(s, &groups, &user_refs, &group_refs);
    Ok(())
}

/// The resource's type, by its `schemas`, else by `meta.resourceType`.
fn kind(object: &Map<String, Value>) -> Option<Kind> {
    let schemas = attribute(object, "schemas");
    if has_schema(schemas, USER_SCHEMA) {
        return Some(Kind::User);
    }
    if has_schema(schemas, GROUP_SCHEMA) {
        return Some(Kind::Group);
    }
    let meta = attribute(object, "meta").and_then(Value::as_object)?;
    match attribute(meta, "resourceType").and_then(Value::as_str) {
        Some(t) if t.eq_ignore_ascii_case("User") => Some(Kind::User),
        Some(t) if t.eq_ignore_ascii_case("Group") => Some(Kind::Group),
        _ => None,
    }
}

/// How messages name a resource: `Resources[3] User "2819c223"`.
fn label(resource: &Resource, kind: &str, scim_id: Option<&str>) -> String {
    let mut label = resource.place.clone();
    if !label.is_empty() {
        label.push(' ');
    }
    label.push_str(kind);
    if let Some(id) = scim_id {
        label.push_str(&format!(" {id:?}"));
    }
    label
}

/// Reads a User: `None` when it is inactive (and skipped); else the user
/// and whether it is fine (a problem noted when not: such a user is read
/// on, to find the problems of its references too, and not mapped).
fn user(s: &mut Session<'_>, r: &At<'_>, scim_id: &str) -> Option<(User, bool)> {
    let o = r.object;
    let active = r.boolean(s, o, "active", "active");
    if active == Ok(Some(false)) {
        s.skip(r.at, r.label.clone(), "inactive (\"active\": false)");
        return None;
    }
    // Every attribute is read, so that every problem is found at once.
    let user_name = r.text(s, o, "userName", "userName");
    let name = user_display_name(s, r);
    let emails = emails(s, r);
    let phones = phones(s, r);
    let title = r.text(s, o, "title", "title");
    let enterprise = enterprise(s, r);
    if user_name == Ok(None) {
        r.problem(s, "the User has no userName");
    }
    let fine = active.is_ok()
        && matches!(user_name, Ok(Some(_)))
        && name.is_ok()
        && emails.is_ok()
        && phones.is_ok()
        && title.is_ok()
        && enterprise.fine;
    let user = User {
        at: r.at,
        label: r.label.clone(),
        scim_id: scim_id.to_owned(),
        id: user_name.ok().flatten().unwrap_or_default().to_lowercase(),
        name: name.ok().flatten(),
        emails: emails.unwrap_or_default(),
        phones: phones.unwrap_or_default(),
        title: title.ok().flatten(),
        organisations: enterprise.organisations,
        manager: enterprise.manager,
    };
    Some((user, fine))
}

/// `displayName`, else `name.formatted`, else `name.givenName
/// name.familyName`.
fn user_display_name(s: &mut Session<'_>, r: &At<'_>) -> Result<Option<String>, ()> {
    let o = r.object;
    if let Some(name) = r.text(s, o, "displayName", "displayName")? {
        return Ok(Some(name));
    }
    let Some(name) = r.object(s, o, "name", "name")? else {
        return Ok(None);
    };
    if let Some(formatted) = r.text(s, name, "formatted", "name.formatted")? {
        return Ok(Some(formatted));
    }
    let given = r.text(s, name, "givenName", "name.givenName");
    let family = r.text(s, name, "familyName", "name.familyName");
    let parts: Vec<String> = [given?, family?].into_iter().flatten().collect();
    Ok((!parts.is_empty()).then(|| parts.join(" ")))
}

/// `emails[].value`, the first primary one first, each address once
/// (without regard to case).
fn emails(s: &mut Session<'_>, r: &At<'_>) -> Result<Vec<String>, ()> {
    let items = r.array(s, r.object, "emails", "emails")?;
    let mut fine = true;
    let mut primary = None;
    let mut emails: Vec<String> = Vec::new();
    let mut given: HashSet<String> = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Object(email) = item else {
            r.problem(
                s,
                format!("emails[{i}] is {}, not an object", kind_of(item)),
            );
            fine = false;
            continue;
        };
        let value = r.text(s, email, "value", &format!("emails[{i}].value"));
        let is_primary = r.boolean(s, email, "primary", &format!("emails[{i}].primary"));
        let (Ok(value), Ok(is_primary)) = (value, is_primary) else {
            fine = false;
            continue;
        };
        let Some(value) = value else {
            r.problem(s, format!("emails[{i}] has no value"));
            fine = false;
            continue;
        };
        if !email_address::EmailAddress::is_valid(&value) {
            r.problem(
                s,
                format!("emails[{i}].value: {value:?} is not an email address"),
            );
            fine = false;
            continue;
        }
        if !given.insert(value.to_lowercase()) {
            continue;
        }
        if is_primary == Some(true) && primary.is_none() {
            primary = Some(emails.len());
        }
        emails.push(value);
    }
    if !fine {
        return Err(());
    }
    if let Some(p) = primary {
        let first = emails.remove(p);
        emails.insert(0, first);
    }
    Ok(emails)
}

/// `phoneNumbers[].value`, the first primary one first, then the others
/// in order, each number once (as written: numbers are free text).
fn phones(s: &mut Session<'_>, r: &At<'_>) -> Result<Vec<String>, ()> {
    let items = r.array(s, r.object, "phoneNumbers", "phoneNumbers")?;
    let mut fine = true;
    let mut primary = None;
    let mut phones: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Object(phone) = item else {
            r.problem(
                s,
                format!("phoneNumbers[{i}] is {}, not an object", kind_of(item)),
            );
            fine = false;
            continue;
        };
        let field = format!("phoneNumbers[{i}].value");
        let value = r.text(s, phone, "value", &field);
        let is_primary = r.boolean(s, phone, "primary", &format!("phoneNumbers[{i}].primary"));
        let (Ok(value), Ok(is_primary)) = (value, is_primary) else {
            fine = false;
            continue;
        };
        let Some(value) = value else {
            r.problem(s, format!("phoneNumbers[{i}] has no value"));
            fine = false;
            continue;
        };
        let value = match crate::rules::read_phone(&field, &value) {
            Ok(value) => value,
            Err(message) => {
                r.problem(s, message);
                fine = false;
                continue;
            }
        };
        if phones.contains(&value) {
            continue;
        }
        if is_primary == Some(true) && primary.is_none() {
            primary = Some(phones.len());
        }
        phones.push(value);
    }
    if !fine {
        return Err(());
    }
    if let Some(p) = primary {
        let first = phones.remove(p);
        phones.insert(0, first);
    }
    Ok(phones)
}

/// What the enterprise extension says: the organisations (outermost
/// first, as id and name), the manager's SCIM id, and whether it was read
/// without a problem.
struct Enterprise {
    organisations: Vec<(String, String)>,
    manager: Option<String>,
    fine: bool,
}

/// Reads the enterprise extension.
fn enterprise(s: &mut Session<'_>, r: &At<'_>) -> Enterprise {
    let mut found = Enterprise {
        organisations: Vec::new(),
        manager: None,
        fine: true,
    };
    let ext = match r.object(s, r.object, ENTERPRISE, "the enterprise extension") {
        Ok(Some(ext)) => ext,
        Ok(None) => return found,
        Err(()) => {
            found.fine = false;
            return found;
        }
    };
    for field in ["organization", "division", "department"] {
        match r.text(s, ext, field, field) {
            Ok(Some(name)) => {
                let own = slug(&name);
                if own.is_empty() {
                    r.problem(
                        s,
                        format!("{field} {name:?} has no letter or digit to make an id of"),
                    );
                    found.fine = false;
                    continue;
                }
                let id = match found.organisations.last() {
                    Some((parent, _)) => format!("{parent}/{own}"),
                    None => own,
                };
                found.organisations.push((id, name));
            }
            Ok(None) => {}
            Err(()) => found.fine = false,
        }
    }
    found.manager = match attribute(ext, "manager") {
        None | Some(Value::Null) => None,
        Some(Value::String(t)) => Some(t.trim().to_owned()).filter(|t| !t.is_empty()),
        Some(Value::Object(m)) => match r.text(s, m, "value", "manager.value") {
            Ok(v) => v,
            Err(()) => {
                found.fine = false;
                None
            }
        },
        Some(other) => {
            r.problem(
                s,
                format!("manager is {}, not an object with a value", kind_of(other)),
            );
            found.fine = false;
            None
        }
    };
    found
}

/// Reads a Group: the group and whether it is fine (a problem noted when
/// not: such a group's members are still checked, and it is not mapped).
fn group(s: &mut Session<'_>, r: &At<'_>, scim_id: String) -> (Group, bool) {
    let name = r.text(s, r.object, "displayName", "displayName");
    let items = r.array(s, r.object, "members", "members");
    let mut fine = items.is_ok();
    let mut members = Vec::new();
    for (i, item) in items.unwrap_or_default().iter().enumerate() {
        let Value::Object(member) = item else {
            r.problem(
                s,
                format!("members[{i}] is {}, not an object", kind_of(item)),
            );
            fine = false;
            continue;
        };
        let value = r.text(s, member, "value", &format!("members[{i}].value"));
        let kind = r.text(s, member, "type", &format!("members[{i}].type"));
        match (value, kind) {
            (Ok(Some(value)), Ok(kind)) => members.push((value, kind)),
            (Ok(None), _) => {
                r.problem(s, format!("members[{i}] has no value"));
                fine = false;
            }
            _ => fine = false,
        }
    }
    let mut id = String::new();
    match name {
        Ok(Some(ref name)) => {
            let own = slug(name);
            if own.is_empty() {
                r.problem(
                    s,
                    format!("displayName {name:?} has no letter or digit to make an id of"),
                );
                fine = false;
            } else {
                id = format!("group:{own}");
            }
        }
        Ok(None) => {
            r.problem(s, "the Group has no displayName");
            fine = false;
        }
        Err(()) => fine = false,
    }
    let group = Group {
        at: r.at,
        label: r.label.clone(),
        scim_id,
        id,
        name: name.ok().flatten().unwrap_or_default(),
        members,
    };
    (group, fine)
}

/// Users become individuals, their enterprise organisations organisations
/// with a membership of the most specific, and their managers reporting
/// lines. Only users without a problem are mapped; the managers of all are
/// checked.
fn map_users(s: &mut Session<'_>, users: &[(User, bool)], refs: &HashMap<String, UserRef>) {
    let fine: Vec<&User> = users.iter().filter(|(_, f)| *f).map(|(u, _)| u).collect();
    let mut organisations: HashSet<&str> = HashSet::new();
    for u in &fine {
        let mut parent: Option<&str> = None;
        for (id, name) in &u.organisations {
            if organisations.insert(id) {
                s.push(
                    Organisation {
                        name: Some(name.clone()),
                        parent: parent.map(Into::into),
                        ..Organisation::new(id.as_str())
                    },
                    u.at,
                );
            }
            parent = Some(id);
        }
    }
    for u in &fine {
        s.push(
            Individual {
                name: u.name.clone(),
                emails: u.emails.clone(),
                phones: u.phones.clone(),
                external_ids: [(SYSTEM.to_owned(), u.scim_id.clone())].into(),
                ..Individual::new(u.id.as_str())
            },
            u.at,
        );
    }
    for u in &fine {
        if let Some((organisation, _)) = u.organisations.last() {
            s.push(
                Membership {
                    title: u.title.clone(),
                    ..Membership::new(u.id.as_str(), organisation.as_str())
                },
                u.at,
            );
        }
    }
    for (u, fine) in users {
        let Some(manager) = &u.manager else {
            continue;
        };
        match refs.get(manager) {
            Some(UserRef::Mapped(id)) if *fine => {
                s.push(Reporting::new(u.id.as_str(), id.as_str()), u.at);
            }
            Some(UserRef::Mapped(_) | UserRef::Broken) => {}
            Some(UserRef::Inactive) => {
                let message = format!(
                    "{}: manager {manager:?} is an inactive User (skipped)",
                    u.label
                );
                s.missing(u.at, Some(manager), &u.label, message, Needs::Reference);
            }
            None => {
                let message = format!(
                    "{}: manager {manager:?} is not a User in the files",
                    u.label
                );
                s.missing(u.at, Some(manager), &u.label, message, Needs::Reference);
            }
        }
    }
}

/// Groups become organisations; their members memberships, or (a group in
/// one group alone) the member group's parent. Only groups without a
/// problem are mapped; the members of all are checked.
fn map_groups(
    s: &mut Session<'_>,
    groups: &[(Group, bool)],
    user_refs: &HashMap<String, UserRef>,
    group_refs: &HashSet<String>,
) {
    let by_scim: HashMap<&str, &Group> = groups
        .iter()
        .filter(|(_, fine)| *fine)
        .map(|(g, _)| (g.scim_id.as_str(), g))
        .collect();
    let mut memberships: Vec<(&str, &Group)> = Vec::new();
    let mut parents: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut nested: HashSet<(&str, &str)> = HashSet::new();
    for (g, fine) in groups {
        for (value, kind) in &g.members {
            let as_user = user_refs.get(value.as_str());
            let is_group = group_refs.contains(value.as_str());
            let wants = kind.as_deref().map(str::to_ascii_lowercase);
            let user = match (wants.as_deref(), as_user, is_group) {
                (Some("user"), Some(u), _) | (None, Some(u), false) => Some(u),
                (Some("group"), _, true) | (None, None, true) => None,
                (None, Some(_), true) => {
                    let message = format!(
                        "{}: member {value:?} is both a User and a Group; give its type",
                        g.label
                    );
                    s.problem(g.at, Some(value), message);
                    continue;
                }
                (Some(t), _, _) if t != "user" && t != "group" => {
                    let message = format!(
                        "{}: member {value:?} has the type {:?}; a member is a User or a Group",
                        g.label,
                        kind.as_deref().unwrap_or_default()
                    );
                    s.problem(g.at, Some(value), message);
                    continue;
                }
                _ => {
                    let what = match wants.as_deref() {
                        Some("user") => "a User",
                        Some("group") => "a Group",
                        _ => "a User or Group",
                    };
                    let message =
                        format!("{}: member {value:?} is not {what} in the files", g.label);
                    s.missing(g.at, Some(value), &g.label, message, Needs::Reference);
                    continue;
                }
            };
            if !fine {
                continue;
            }
            match user {
                Some(UserRef::Mapped(id)) => memberships.push((id, g)),
                // An inactive user's memberships go with it; a broken
                // one's problem is reported already.
                Some(UserRef::Inactive | UserRef::Broken) => {}
                None => {
                    // A group with a problem is not in `by_scim`: its
                    // problem is reported already.
                    if let Some(member) = by_scim.get(value.as_str()) {
                        if nested.insert((member.id.as_str(), g.id.as_str())) {
                            let list = parents.entry(member.id.as_str()).or_default();
                            list.push(g.id.as_str());
                        }
                    }
                }
            }
        }
    }
    for g in fine_groups(groups) {
        let parent = match parents.get(g.id.as_str()).map(Vec::as_slice) {
            Some([one]) => Some((*one).into()),
            _ => None,
        };
        s.push(
            Organisation {
                name: Some(g.name.clone()),
                parent,
                external_ids: [(SYSTEM.to_owned(), g.scim_id.clone())].into(),
                ..Organisation::new(g.id.as_str())
            },
            g.at,
        );
    }
    let mut done: HashSet<(&str, &str)> = HashSet::new();
    for (user, g) in memberships {
        if done.insert((user, g.id.as_str())) {
            s.push(Membership::new(user, g.id.as_str()), g.at);
        }
    }
}

/// The groups without a problem, in file order.
fn fine_groups(groups: &[(Group, bool)]) -> impl Iterator<Item = &Group> {
    groups.iter().filter(|(_, fine)| *fine).map(|(g, _)| g)
}
