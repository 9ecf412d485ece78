//! The Backstage importer: software catalog descriptor files (YAML, any
//! number of documents per file, `apiVersion: backstage.io/v1alpha1`).
//!
//! Every entity's id is its full entity reference in lower case,
//! `kind:namespace/name` (`group:default/team-a`); `metadata.title`, else
//! `metadata.name`, is its name. References in `spec` follow Backstage's
//! rules: `[kind:][namespace/]name`, with the entity's own namespace and
//! the field's default kind when left out.
//!
//! | entity | becomes |
//! |---|---|
//! | `Group` | an organisation; `spec.parent` (or a parent's `spec.children`) is its parent; `spec.members` become memberships; `spec.profile.email` is its email |
//! | `User` | an individual; `spec.memberOf` become memberships; `spec.profile.email` is its email |
//! | `Component`, `API`, `Resource`, `System` | a service provided by `spec.owner` |
//!
//! A Group or User without `metadata.title` is named by
//! `spec.profile.displayName`, else by `metadata.name`. Its external id
//! is its entity reference under the system `backstage`
//! (`backstage: user:default/ann`), so `backstage:user:default/ann` finds
//! it as Backstage names it. An empty or null `spec.profile.email` is
//! none; one that is not an email address (RFC 5321/5322 syntax, the
//! document's rule) or not a string, or a `spec.profile` that is not a
//! mapping, is a problem naming the file and the line, and the import
//! fails. Two parties giving one address is a problem of the document,
//! reported at the second entity.
//!
//! Between services, `spec.dependsOn` (whose references must name their
//! kind) and `spec.consumesApis` become dependencies of the entity,
//! `spec.dependencyOf` dependencies on it, and `spec.providesApis` a
//! dependency of each API on the component that provides it (who relies on
//! the API relies on the component). A whole relies on its parts: the
//! System that a Component, API or Resource names in `spec.system`
//! depends on it, and the Component it names in `spec.subcomponentOf`
//! depends on it, so a failure of a part reaches the whole. `spec.domain`
//! is not read.
//!
//! Funding is not in Backstage's model; a service entity states it with
//! two annotations, `svcrel.dev/funded-by` (entity references to groups or
//! users, comma-separated) and `svcrel.dev/payment` (`cash`, `trade`,
//! `chargeback`, `allocation` or `none`). Any other `svcrel.dev/`
//! annotation is an error, so a typo does not pass silently.
//!
//! Skipped: entities of another `apiVersion`, entities of other kinds
//! (`Domain`, `Location`, `Template`, …), and a second copy of an entity
//! that agrees with the first. Empty documents are not records.

use std::collections::{BTreeMap, HashMap, HashSet};

mod yaml;

use yaml::{Node, Value, parse};

use super::session::{Needs, Origin, Seen, Session, Sighting, parse_payment, read_email};
use crate::document::{Dependency, Funding, Individual, Membership, Organisation, Service};
use crate::error::Error;
use crate::printable;

/// The prefix of the annotations this importer reads.
const ANNOTATION_PREFIX: &str = "svcrel.dev/";
const FUNDED_BY: &str = "svcrel.dev/funded-by";
const PAYMENT: &str = "svcrel.dev/payment";

/// The kinds that become services.
const SERVICE_KINDS: &[&str] = &["component", "api", "resource", "system"];

/// The kinds whose `spec.system` names the system they are part of.
const SYSTEM_PARTS: &[&str] = &["component", "api", "resource"];

/// The system of the parties' external ids.
const EXTERNAL_SYSTEM: &str = "backstage";

/// A catalog entity read from a document.
struct Entity {
    /// The kind in lower case, as in ids.
    kind: String,
    /// The full reference in lower case: `kind:namespace/name`.
    id: String,
    namespace: String,
    name: Option<String>,
    /// Whether `name` is `metadata.title`, which a profile's display name
    /// does not replace.
    titled: bool,
    node: Node,
    at: Origin,
}

impl Entity {
    fn spec(&self, field: &str) -> Option<&Node> {
        self.node.get("spec").and_then(|spec| spec.get(field))
    }

    fn place(&self, node: Option<&Node>) -> Origin {
        Origin {
            file: self.at.file,
            line: node.map_or(self.at.line, |n| n.line),
        }
    }
}

pub(super) fn import(s: &mut Session<'_>) -> Result<(), Error> {
    let mut docs = Vec::new();
    for file in 0..s.inputs.len() {
        for node in parse(s, file) {
            docs.push((file, node));
        }
    }
    s.check()?;

    let mut seen = Seen::new();
    let mut entities: Vec<Entity> = Vec::new();
    for (file, node) in docs {
        if node.value == Value::Null {
            continue; // An empty document, as after a final `---`.
        }
        s.read_record();
        let at = Origin {
            file,
            line: node.line,
        };
        let Some(entity) = entity(s, node, at) else {
            continue;
        };
        match seen.note(&entity.id, entity.node.clone(), at) {
            Sighting::New => {}
            Sighting::Again(first) => {
                let reason = format!("the same entity as {}", s.place(first));
                s.skip(at, printable(&entity.id).into_owned(), reason);
                continue;
            }
            Sighting::Differs(first) => {
                s.problem(
                    at,
                    Some(&entity.id),
                    format!(
                        "{} differs from the copy at {}",
                        printable(&entity.id),
                        s.place(first)
                    ),
                );
                continue;
            }
        }
        match entity.kind.as_str() {
            "group" | "user" => entities.push(entity),
            kind if SERVICE_KINDS.contains(&kind) => entities.push(entity),
            "location" => s.skip(
                at,
                printable(&entity.id).into_owned(),
                "Location entities are not followed: pass the files they name",
            ),
            _ => s.skip(
                at,
                printable(&entity.id).into_owned(),
                "not a kind this importer reads (Group, User, Component, API, Resource, System)",
            ),
        }
    }
    s.check()?;

    let kinds: HashMap<&str, &str> = entities
        .iter()
        .map(|e| (e.id.as_str(), e.kind.as_str()))
        .collect();
    let r = Resolver { kinds: &kinds };
    groups(s, &r, &entities);
    for e in entities.iter().filter(|e| e.kind == "user") {
        let profile = profile(s, e);
        s.push(
            Individual {
                name: profile.name,
                emails: profile.email.into_iter().collect(),
                external_ids: external_ids(e),
                ..Individual::new(e.id.as_str())
            },
            e.at,
        );
    }
    services(s, &r, &entities);
    memberships(s, &r, &entities);
    dependencies(s, &r, &entities);
    funding(s, &r, &entities);
    Ok(())
}

/// Reads an entity's envelope; a document that is not one is a problem,
/// an entity of another apiVersion is skipped.
fn entity(s: &mut Session<'_>, node: Node, at: Origin) -> Option<Entity> {
    if !matches!(node.value, Value::Map(_)) {
        s.problem(
            at,
            None,
            "a catalog entity is a mapping with apiVersion, kind, metadata and spec",
        );
        return None;
    }
    let text = |s: &mut Session<'_>, node: Option<&Node>, what: &str| -> Option<String> {
        match node {
            Some(n) => match n.text() {
                Some(t) if !t.trim().is_empty() => Some(t.trim().to_owned()),
                _ => {
                    s.problem(
                        entity_at(at, n),
                        None,
                        format!("{what} is not a non-empty string"),
                    );
                    None
                }
            },
            None => {
                s.problem(at, None, format!("the entity has no {what}"));
                None
            }
        }
    };
    let api_version = text(s, node.get("apiVersion"), "apiVersion")?;
    let kind = text(s, node.get("kind"), "kind")?;
    let metadata = node.get("metadata");
    let name = match metadata {
        Some(m) if matches!(m.value, Value::Map(_)) => match m.get("name") {
            Some(n) => text(s, Some(n), "metadata.name")?,
            None => {
                s.problem(entity_at(at, m), None, "metadata has no name");
                return None;
            }
        },
        Some(m) => {
            s.problem(entity_at(at, m), None, "metadata is not a mapping");
            return None;
        }
        None => text(s, None, "metadata")?,
    };
    let namespace = match metadata.and_then(|m| m.get("namespace")) {
        None => "default".to_owned(),
        Some(n) => text(s, Some(n), "metadata.namespace")?,
    };
    let id = format!("{kind}:{namespace}/{name}").to_lowercase();
    if !api_version.starts_with("backstage.io/") {
        s.skip(
            at,
            printable(&id).into_owned(),
            format!(
                "apiVersion {api_version:?} is not a Backstage catalog entity (backstage.io/…)"
            ),
        );
        return None;
    }
    let title = metadata
        .and_then(|m| m.get("title"))
        .and_then(Node::text)
        .map(str::trim)
        .filter(|t| !t.is_empty());
    Some(Entity {
        kind: kind.to_lowercase(),
        id,
        namespace: namespace.to_lowercase(),
        name: Some(title.unwrap_or(&name).to_owned()),
        titled: title.is_some(),
        node,
        at,
    })
}

/// What a User's or Group's `spec.profile` adds: its name and its email.
struct Profile {
    /// `metadata.title`, else `spec.profile.displayName`, else
    /// `metadata.name`.
    name: Option<String>,
    email: Option<String>,
}

/// Reads a User's or Group's `spec.profile`. A profile that is not a
/// mapping, or an email that is not an email address, is a problem; a
/// display name that is not text is not read, as a title is not.
fn profile(s: &mut Session<'_>, e: &Entity) -> Profile {
    let mut profile = Profile {
        name: e.name.clone(),
        email: None,
    };
    let node = match e.spec("profile") {
        None => return profile,
        Some(n) if n.value == Value::Null => return profile,
        Some(n) if matches!(n.value, Value::Map(_)) => n,
        Some(n) => {
            s.problem(
                e.place(Some(n)),
                Some(&e.id),
                "spec.profile is not a mapping",
            );
            return profile;
        }
    };
    let display_name = node
        .get("displayName")
        .and_then(Node::text)
        .map(str::trim)
        .filter(|t| !t.is_empty());
    if let (false, Some(display_name)) = (e.titled, display_name) {
        profile.name = Some(display_name.to_owned());
    }
    profile.email = match node.get("email") {
        None => None,
        Some(n) => match (&n.value, n.text().map(str::trim)) {
            (Value::Null, _) => None,
            (_, Some("")) => None,
            (_, Some(text)) => read_email(s, e.place(Some(n)), &e.id, "spec.profile.email", text),
            (_, None) => {
                s.problem(
                    e.place(Some(n)),
                    Some(&e.id),
                    "spec.profile.email: an email address is a string",
                );
                None
            }
        },
    };
    profile
}

/// A Group's or User's external ids: its entity reference, as Backstage
/// writes it, under the system `backstage`.
fn external_ids(e: &Entity) -> BTreeMap<String, String> {
    BTreeMap::from([(EXTERNAL_SYSTEM.to_owned(), e.id.clone())])
}

/// Where a node of the document at `at` is.
fn entity_at(at: Origin, node: &Node) -> Origin {
    Origin {
        file: at.file,
        line: node.line,
    }
}

/// Resolves entity references against the entities read.
struct Resolver<'e> {
    kinds: &'e HashMap<&'e str, &'e str>,
}

impl Resolver<'_> {
    /// Resolves one reference of `entity`'s `field`, found at `node`; it
    /// must name an entity of one of `allowed` kinds in the files.
    fn resolve(
        &self,
        s: &mut Session<'_>,
        entity: &Entity,
        field: &str,
        node: &Node,
        default_kind: Option<&str>,
        allowed: &[&str],
    ) -> Option<String> {
        let at = entity.place(Some(node));
        let Some(text) = node.text().map(str::trim) else {
            s.problem(
                at,
                None,
                format!("{field}: an entity reference is a string"),
            );
            return None;
        };
        let (kind, rest) = match text.split_once(':') {
            Some((kind, rest)) => (Some(kind), rest),
            None => (None, text),
        };
        let (namespace, name) = match rest.split_once('/') {
            Some((namespace, name)) => (namespace, name),
            None => (entity.namespace.as_str(), rest),
        };
        if name.is_empty() || namespace.is_empty() || kind.is_some_and(str::is_empty) {
            s.problem(
                at,
                None,
                format!("{field}: {text:?} is not an entity reference ([kind:][namespace/]name)"),
            );
            return None;
        }
        let Some(kind) = kind.or(default_kind) else {
            s.problem(
                at,
                None,
                format!(
                    "{field}: {text:?} needs its kind, as in component:{shown} or resource:{shown}",
                    shown = printable(text)
                ),
            );
            return None;
        };
        let id = format!("{kind}:{namespace}/{name}").to_lowercase();
        let kind = kind.to_lowercase();
        if !allowed.contains(&kind.as_str()) {
            s.problem(
                at,
                Some(&id),
                format!(
                    "{field}: {text:?} is a {}; it must be a {}",
                    printable(&kind),
                    allowed.join(" or ")
                ),
            );
            return None;
        }
        if !self.kinds.contains_key(id.as_str()) {
            // A service stands on its owner; every other entity stands
            // without what it names.
            let needs = if field == "spec.owner" {
                Needs::Record
            } else {
                Needs::Reference
            };
            s.missing(
                at,
                Some(&id),
                printable(&entity.id),
                format!(
                    "{field}: {text:?} names {}, which is not in the files",
                    printable(&id)
                ),
                needs,
            );
            return None;
        }
        Some(id)
    }

    /// Resolves a field holding one reference or a list of them.
    fn resolve_all(
        &self,
        s: &mut Session<'_>,
        entity: &Entity,
        field: &str,
        default_kind: Option<&str>,
        allowed: &[&str],
    ) -> Vec<String> {
        let Some(node) = entity.spec(field) else {
            return Vec::new();
        };
        let items: Vec<&Node> = match &node.value {
            Value::Null => Vec::new(),
            Value::List(items) => items.iter().collect(),
            _ => vec![node],
        };
        let field = format!("spec.{field}");
        items
            .into_iter()
            .filter_map(|item| self.resolve(s, entity, &field, item, default_kind, allowed))
            .collect()
    }
}

/// Groups become organisations, with a parent from `spec.parent` or from
/// a parent's `spec.children`; two different parents are a problem.
fn groups(s: &mut Session<'_>, r: &Resolver<'_>, entities: &[Entity]) {
    let mut parents: HashMap<String, (String, Origin)> = HashMap::new();
    let mut set_parent = |s: &mut Session<'_>, child: String, parent: String, at: Origin| {
        match parents.get(&child) {
            Some((p, _)) if *p == parent => {}
            Some((p, first)) => {
                let first = s.place(*first);
                s.problem(
                    at,
                    Some(&child),
                    format!(
                        "{} would have two parents: {} here and {} at {first}",
                        printable(&child),
                        printable(&parent),
                        printable(p)
                    ),
                );
            }
            None => {
                parents.insert(child, (parent, at));
            }
        }
    };
    for e in entities.iter().filter(|e| e.kind == "group") {
        if let Some(node) = e.spec("parent").filter(|n| n.value != Value::Null) {
            if let Some(parent) = r.resolve(s, e, "spec.parent", node, Some("group"), &["group"]) {
                set_parent(s, e.id.clone(), parent, e.place(Some(node)));
            }
        }
        let children = e.spec("children");
        for child in r.resolve_all(s, e, "children", Some("group"), &["group"]) {
            set_parent(s, child, e.id.clone(), e.place(children));
        }
    }
    for e in entities.iter().filter(|e| e.kind == "group") {
        let profile = profile(s, e);
        s.push(
            Organisation {
                name: profile.name,
                parent: parents.get(&e.id).map(|(p, _)| p.as_str().into()),
                emails: profile.email.into_iter().collect(),
                external_ids: external_ids(e),
                ..Organisation::new(e.id.as_str())
            },
            e.at,
        );
    }
}

/// Service entities become services provided by their owner.
fn services(s: &mut Session<'_>, r: &Resolver<'_>, entities: &[Entity]) {
    for e in entities
        .iter()
        .filter(|e| SERVICE_KINDS.contains(&e.kind.as_str()))
    {
        let Some(owner) = e.spec("owner").filter(|n| n.value != Value::Null) else {
            let message = format!("{} has no spec.owner", printable(&e.id));
            s.problem(e.at, Some(&e.id), message);
            continue;
        };
        if let Some(owner) = r.resolve(s, e, "spec.owner", owner, Some("group"), &["group", "user"])
        {
            s.push(
                Service {
                    name: e.name.clone(),
                    ..Service::new(e.id.as_str(), owner)
                },
                e.at,
            );
        }
    }
}

/// Users' `spec.memberOf` and groups' `spec.members`, each pair once.
fn memberships(s: &mut Session<'_>, r: &Resolver<'_>, entities: &[Entity]) {
    let mut done: HashSet<(String, String)> = HashSet::new();
    for e in entities {
        let pairs: Vec<(String, String)> = match e.kind.as_str() {
            "user" => r
                .resolve_all(s, e, "memberOf", Some("group"), &["group"])
                .into_iter()
                .map(|g| (e.id.clone(), g))
                .collect(),
            "group" => r
                .resolve_all(s, e, "members", Some("user"), &["user"])
                .into_iter()
                .map(|u| (u, e.id.clone()))
                .collect(),
            _ => continue,
        };
        for pair in pairs {
            if done.insert(pair.clone()) {
                s.push(Membership::new(pair.0, pair.1), e.at);
            }
        }
    }
}

/// Dependencies between services, each pair once: a system depends on
/// each entity that names it in `spec.system`, and a component on each
/// that names it in `spec.subcomponentOf`.
fn dependencies(s: &mut Session<'_>, r: &Resolver<'_>, entities: &[Entity]) {
    let mut done: HashSet<(String, String)> = HashSet::new();
    for e in entities
        .iter()
        .filter(|e| SERVICE_KINDS.contains(&e.kind.as_str()))
    {
        let mut pairs = Vec::new();
        for (field, default_kind) in [("dependsOn", None), ("consumesApis", Some("api"))] {
            for target in r.resolve_all(s, e, field, default_kind, SERVICE_KINDS) {
                pairs.push((e.id.clone(), target, field));
            }
        }
        for (field, default_kind) in [("dependencyOf", None), ("providesApis", Some("api"))] {
            for source in r.resolve_all(s, e, field, default_kind, SERVICE_KINDS) {
                pairs.push((source, e.id.clone(), field));
            }
        }
        // A part of a whole: the whole depends on it.
        let mut wholes = Vec::new();
        if SYSTEM_PARTS.contains(&e.kind.as_str()) {
            wholes.push(("system", "system"));
        }
        if e.kind == "component" {
            wholes.push(("subcomponentOf", "component"));
        }
        for (field, kind) in wholes {
            for whole in r.resolve_all(s, e, field, Some(kind), &[kind]) {
                pairs.push((whole, e.id.clone(), field));
            }
        }
        for (service, depends_on, field) in pairs {
            if done.insert((service.clone(), depends_on.clone())) {
                s.push(Dependency::new(service, depends_on), e.place(e.spec(field)));
            }
        }
    }
}

/// Funding from the `svcrel.dev/` annotations of service entities.
fn funding(s: &mut Session<'_>, r: &Resolver<'_>, entities: &[Entity]) {
    for e in entities {
        let annotations = e.node.get("metadata").and_then(|m| m.get("annotations"));
        let Some(Value::Map(entries)) = annotations.map(|a| &a.value) else {
            continue;
        };
        let ours: Vec<&(String, Node)> = entries
            .iter()
            .filter(|(k, _)| k.starts_with(ANNOTATION_PREFIX))
            .collect();
        if ours.is_empty() {
            continue;
        }
        let mut funded_by = None;
        let mut payment = None;
        let mut fine = true;
        for (key, node) in ours {
            match key.as_str() {
                FUNDED_BY => funded_by = Some(node),
                PAYMENT => payment = Some(node),
                _ => {
                    s.problem(
                        e.place(Some(node)),
                        None,
                        format!(
                            "unknown annotation {key:?}: svcrel reads {FUNDED_BY} and {PAYMENT}"
                        ),
                    );
                    fine = false;
                }
            }
        }
        if !SERVICE_KINDS.contains(&e.kind.as_str()) {
            s.problem(
                e.place(funded_by.or(payment)),
                Some(&e.id),
                format!(
                    "{FUNDED_BY} and {PAYMENT} belong on a Component, API, Resource or System, \
                     not on {}",
                    printable(&e.id)
                ),
            );
            continue;
        }
        let (funded_by, payment) = match (funded_by, payment) {
            (Some(f), Some(p)) => (f, p),
            (Some(f), None) => {
                s.problem(
                    e.place(Some(f)),
                    None,
                    format!("{FUNDED_BY} needs {PAYMENT}"),
                );
                continue;
            }
            (None, Some(p)) => {
                s.problem(
                    e.place(Some(p)),
                    None,
                    format!("{PAYMENT} needs {FUNDED_BY}"),
                );
                continue;
            }
            (None, None) => continue,
        };
        let payment = match parse_payment(payment.text().unwrap_or_default().trim()) {
            Ok(p) => Some(p),
            Err(message) => {
                s.problem(
                    e.place(Some(payment)),
                    None,
                    format!("{PAYMENT}: {message}"),
                );
                None
            }
        };
        let named: Vec<&str> = funded_by
            .text()
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let payers: Vec<String> = named
            .iter()
            .filter_map(|payer| {
                let node = Node {
                    line: funded_by.line,
                    value: Value::Text((*payer).to_owned()),
                };
                r.resolve(s, e, FUNDED_BY, &node, Some("group"), &["group", "user"])
            })
            .collect();
        if named.is_empty() && fine {
            s.problem(
                e.place(Some(funded_by)),
                None,
                format!("{FUNDED_BY} names no group or user"),
            );
        }
        if let (Some(payment), true) = (payment, fine) {
            for payer in payers {
                s.push(
                    Funding::new(payer, e.id.as_str(), payment),
                    e.place(Some(funded_by)),
                );
            }
        }
    }
}
