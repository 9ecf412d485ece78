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
//! | `Group` | an organisation; `spec.parent` (or a parent's `spec.children`) is its parent; `spec.members` become memberships |
//! | `User` | an individual; `spec.memberOf` become memberships |
//! | `Component`, `API`, `Resource`, `System` | a service provided by `spec.owner` |
//!
//! Between services, `spec.dependsOn` (whose references must name their
//! kind) and `spec.consumesApis` become dependencies of the entity,
//! `spec.dependencyOf` dependencies on it, and `spec.providesApis` a
//! dependency of each API on the component that provides it (who relies on
//! the API relies on the component). `spec.system` and `spec.domain` are
//! not read.
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

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::session::{Origin, Seen, Session, Sighting, parse_payment};
use crate::document::{Dependency, Funding, Individual, Membership, Organisation, Service};
use crate::error::Error;
use crate::printable;

/// The prefix of the annotations this importer reads.
const ANNOTATION_PREFIX: &str = "svcrel.dev/";
const FUNDED_BY: &str = "svcrel.dev/funded-by";
const PAYMENT: &str = "svcrel.dev/payment";

/// The kinds that become services.
const SERVICE_KINDS: &[&str] = &["component", "api", "resource", "system"];

/// The deepest collections may nest in a document: sequences and
/// mappings, block or flow, compact (`- - - a`) or not, counted alike,
/// and aliases counted at the depth they would reach once expanded.
///
/// Real catalog entities nest a few levels. The bound keeps every walk of
/// the tree (drop, clone, comparison) to 128 frames of recursion, a few
/// kilobytes of stack, so no input can overflow it; with the bound, an
/// iterative `Drop` would buy nothing.
const MAX_DEPTH: usize = 128;

/// The least a file's anchors and aliases may copy, in bytes.
///
/// Each anchor keeps a copy of its node while its document is read, and
/// each alias makes one that the document keeps. A copy is charged the
/// bytes it takes: its keys and scalar texts, and the fixed size of each
/// node and key (so that aliases of empty values count too). What the
/// aliases of a file have copied, and what the anchors of the document
/// being read hold, may together be as many bytes as the file holds
/// itself, or 4 MiB, whichever is more: a catalog that shares a block or
/// two through anchors is far below that (anchors are let go at the end
/// of their document), while nested anchors or one long text aliased over
/// and over (a megabyte twenty thousand times would be 20 GB) are refused
/// at the alias that goes past it, before it is copied.
const ALIAS_BYTES_FLOOR: usize = 4 << 20;

/// The bytes a file's anchors and aliases have copied, against its limit
/// (see [`ALIAS_BYTES_FLOOR`]).
struct Copies {
    limit: usize,
    /// What aliases have copied into the documents, which keep it.
    aliased: usize,
    /// What the anchors of the document being read hold.
    anchored: usize,
}

impl Copies {
    fn new(text: &str) -> Self {
        Copies {
            limit: text.len().max(ALIAS_BYTES_FLOOR),
            aliased: 0,
            anchored: 0,
        }
    }

    fn alias(&mut self, bytes: usize, line: usize) -> Result<(), (usize, String)> {
        self.aliased = self.aliased.saturating_add(bytes);
        self.check(line)
    }

    /// An anchor's copy, in place of `replaced` (an anchor of the same
    /// name earlier in the document).
    fn anchor(
        &mut self,
        bytes: usize,
        replaced: usize,
        line: usize,
    ) -> Result<(), (usize, String)> {
        self.anchored = self.anchored.saturating_sub(replaced).saturating_add(bytes);
        self.check(line)
    }

    /// The end of a document: its anchors are let go.
    fn end_document(&mut self) {
        self.anchored = 0;
    }

    fn check(&self, line: usize) -> Result<(), (usize, String)> {
        if self.aliased.saturating_add(self.anchored) > self.limit {
            return Err((
                line,
                format!(
                    "anchors and aliases copy more than {} bytes (a file may copy its own \
                     size or {ALIAS_BYTES_FLOOR} bytes, whichever is more)",
                    self.limit
                ),
            ));
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// A YAML document as a small tree with lines.

/// A YAML node: its value and the line it starts on.
///
/// A tree is at most [`MAX_DEPTH`] collections deep, so the derived,
/// recursive `Drop`, `Clone` and `PartialEq` stay within a bounded stack.
#[derive(Clone, Debug)]
struct Node {
    line: usize,
    value: Value,
}

/// A YAML value; every scalar but null is kept as its text, so that a
/// name like `007` stays what was written.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Null,
    Text(String),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
}

/// Two nodes are equal when their values are, wherever they stand.
impl PartialEq for Node {
    fn eq(&self, other: &Node) -> bool {
        self.value == other.value
    }
}

impl Node {
    fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn text(&self) -> Option<&str> {
        match &self.value {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// A node just read, with what copying it would cost.
struct Built {
    node: Node,
    /// The bytes a copy takes, as [`ALIAS_BYTES_FLOOR`] counts them.
    bytes: usize,
    /// How many collections deep it is: 0 for a scalar.
    height: usize,
}

impl Built {
    fn scalar(node: Node) -> Built {
        let text = match &node.value {
            Value::Text(t) => t.len(),
            _ => 0,
        };
        Built {
            node,
            bytes: std::mem::size_of::<Node>() + text,
            height: 0,
        }
    }
}

/// A collection being read, with the bytes and height of what it holds
/// so far.
struct Frame {
    line: usize,
    anchor: usize,
    bytes: usize,
    height: usize,
    kind: FrameKind,
}

enum FrameKind {
    List(Vec<Node>),
    Map {
        entries: Vec<(String, Node)>,
        /// The keys given so far, to find a repeated one in constant time.
        keys: HashSet<String>,
        /// A key read, waiting for its value.
        key: Option<String>,
    },
}

/// Reads the documents of one file; a malformed file is a problem (with
/// its line) and no documents.
fn parse(s: &mut Session<'_>, file: usize) -> Vec<Node> {
    let inputs = s.inputs;
    match parse_text(&inputs[file].text) {
        Ok(docs) => docs,
        Err((line, message)) => {
            s.problem(Origin { file, line }, None, message);
            Vec::new()
        }
    }
}

fn parse_text(text: &str) -> Result<Vec<Node>, (usize, String)> {
    let mut docs = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Built> = HashMap::new();
    let mut copies = Copies::new(text);
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| {
            (
                e.marker().line().max(1),
                format!("malformed YAML: {}", e.info()),
            )
        })?;
        let line = span.start.line().max(1);
        let (built, anchor) = match event {
            Event::Scalar(value, style, anchor, _tag) => {
                let null = style == ScalarStyle::Plain
                    && matches!(&*value, "" | "~" | "null" | "Null" | "NULL");
                let node = Node {
                    line,
                    value: if null {
                        Value::Null
                    } else {
                        Value::Text(value.into_owned())
                    },
                };
                (Built::scalar(node), anchor)
            }
            Event::Alias(anchor) => {
                let Some(target) = anchors.get(&anchor) else {
                    return Err((line, "an alias to no anchor".to_owned()));
                };
                if stack.len() + target.height > MAX_DEPTH {
                    return Err((
                        line,
                        format!("this alias nests collections more than {MAX_DEPTH} deep"),
                    ));
                }
                copies.alias(target.bytes, line)?;
                let built = Built {
                    node: Node {
                        line,
                        value: target.node.value.clone(),
                    },
                    bytes: target.bytes,
                    height: target.height,
                };
                (built, 0)
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err((
                        line,
                        format!(
                            "collections nest more than {MAX_DEPTH} deep (sequences and \
                             mappings, block or flow, count alike)"
                        ),
                    ));
                }
                let kind = match event {
                    Event::SequenceStart(..) => FrameKind::List(Vec::new()),
                    _ => FrameKind::Map {
                        entries: Vec::new(),
                        keys: HashSet::new(),
                        key: None,
                    },
                };
                stack.push(Frame {
                    line,
                    anchor,
                    bytes: std::mem::size_of::<Node>(),
                    height: 1,
                    kind,
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = stack.pop() else {
                    return Err((line, "malformed YAML: the end of no collection".to_owned()));
                };
                let value = match frame.kind {
                    FrameKind::List(items) => Value::List(items),
                    FrameKind::Map { entries, .. } => Value::Map(entries),
                };
                let built = Built {
                    node: Node {
                        line: frame.line,
                        value,
                    },
                    bytes: frame.bytes,
                    height: frame.height,
                };
                (built, frame.anchor)
            }
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd
            | Event::Nothing => continue,
        };
        if anchor > 0 {
            // The anchor's copy is charged like an alias's: nested
            // anchors would otherwise copy the same text many times.
            let replaced = anchors.get(&anchor).map_or(0, |a| a.bytes);
            copies.anchor(built.bytes, replaced, built.node.line)?;
            let copy = Built {
                node: built.node.clone(),
                bytes: built.bytes,
                height: built.height,
            };
            anchors.insert(anchor, copy);
        }
        let Some(frame) = stack.last_mut() else {
            docs.push(built.node);
            anchors.clear();
            copies.end_document();
            continue;
        };
        frame.bytes = frame.bytes.saturating_add(built.bytes);
        frame.height = frame.height.max(built.height + 1);
        match &mut frame.kind {
            FrameKind::List(items) => items.push(built.node),
            FrameKind::Map { entries, keys, key } => match key.take() {
                Some(k) => entries.push((k, built.node)),
                None => {
                    let k = match built.node.value {
                        Value::Text(k) => k,
                        Value::Null => String::new(),
                        _ => {
                            return Err((
                                built.node.line,
                                "a key that is not a plain value".to_owned(),
                            ));
                        }
                    };
                    if !keys.insert(k.clone()) {
                        return Err((built.node.line, format!("the key {k:?} is given twice")));
                    }
                    frame.bytes = frame.bytes.saturating_add(std::mem::size_of::<String>());
                    *key = Some(k);
                }
            },
        }
    }
    Ok(docs)
}

// ---------------------------------------------------------------------------
// Entities.

/// A catalog entity read from a document.
struct Entity {
    /// The kind in lower case, as in ids.
    kind: String,
    /// The full reference in lower case: `kind:namespace/name`.
    id: String,
    namespace: String,
    name: Option<String>,
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
        s.push(
            Individual {
                id: e.id.as_str().into(),
                name: e.name.clone(),
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
        node,
        at,
    })
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
            s.problem(
                at,
                Some(&id),
                format!(
                    "{field}: {text:?} names {}, which is not in the files",
                    printable(&id)
                ),
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
        s.push(
            Organisation {
                id: e.id.as_str().into(),
                name: e.name.clone(),
                parent: parents.get(&e.id).map(|(p, _)| p.as_str().into()),
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

/// Dependencies between services, each pair once.
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
        let payers: Vec<String> = funded_by
            .text()
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .filter_map(|payer| {
                let node = Node {
                    line: funded_by.line,
                    value: Value::Text(payer.to_owned()),
                };
                r.resolve(s, e, FUNDED_BY, &node, Some("group"), &["group", "user"])
            })
            .collect();
        if payers.is_empty() && fine {
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
