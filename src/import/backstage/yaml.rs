//! Reading a Backstage catalog file: YAML documents as small trees of
//! nodes with their lines, within a depth and a copying budget.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::import::session::{Origin, Session};

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

/// A YAML node: its value and the line it starts on.
///
/// A tree is at most [`MAX_DEPTH`] collections deep, so the derived,
/// recursive `Drop`, `Clone` and `PartialEq` stay within a bounded stack.
#[derive(Clone, Debug)]
pub(super) struct Node {
    pub(super) line: usize,
    pub(super) value: Value,
}

/// A YAML value; every scalar but null is kept as its text, so that a
/// name like `007` stays what was written.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Value {
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
    pub(super) fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(super) fn text(&self) -> Option<&str> {
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
pub(super) fn parse(s: &mut Session<'_>, file: usize) -> Vec<Node> {
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
