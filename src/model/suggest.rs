//! [`Model::suggest`]: entities whose id, name or email starts with what
//! someone is typing, fast enough for every keystroke.
//!
//! The index is one string arena of lower-cased keys, each cut to its
//! first 64 bytes (and ended by the byte 0xFF, which UTF-8 never uses)
//! and, for parties and for services, a sorted array of (key, node)
//! entries into it: a prefix is a range of that array, found by binary
//! search. It is built on first use and, once built, shared behind an
//! `Arc` by every copy of the model made from the one that holds it.
//! Entities added, renamed or removed since it was built
//! are kept aside with their keys; a query skips them in the array and
//! checks them one by one. Once more than one entity in
//! [`STALE_SHARE`] has been set aside, the edit that crosses that line
//! builds the index again.

use std::cmp::Ordering;
use std::sync::{Arc, OnceLock};

use petgraph::stable_graph::NodeIndex;
use serde::{Deserialize, Serialize};

use crate::ids::EntityKind;
use crate::model::{Model, NodeMap};

/// How many suggestions [`Model::suggest`] gives when the options set no
/// limit: 10.
///
/// ```
/// assert_eq!(svcrel::SuggestOptions::new().asked_limit(), svcrel::SUGGEST_LIMIT);
/// ```
pub const SUGGEST_LIMIT: usize = 10;

/// The most suggestions [`Model::suggest`] gives, whatever limit is
/// asked for: 50.
///
/// ```
/// assert_eq!(svcrel::SuggestOptions::new().limit(1000).asked_limit(), svcrel::SUGGEST_MAX);
/// ```
pub const SUGGEST_MAX: usize = 50;

/// The index is built again once more than one entity in this many has
/// been added, renamed or removed since it was built (and no fewer than
/// [`STALE_FLOOR`]).
const STALE_SHARE: usize = 16;

/// So many entities set aside are always checked one by one, however
/// small the model.
const STALE_FLOOR: usize = 256;

/// Ends every key in the arena: a byte that UTF-8 never uses.
const END: u8 = 0xFF;

/// The index keeps a key's first so many bytes (cut at a character's
/// start), and orders keys by them.
const KEY_BYTES: usize = 64;

/// A text of more bytes than this may be longer than a key the index
/// keeps: it is looked up by its first [`KEY_BYTES`], and each key found
/// is checked whole.
const SHORT_TEXT: usize = KEY_BYTES - 4;

/// The index keeps a name from the start of each of its first so many
/// words.
const NAME_WORDS: usize = 16;

/// Which entities [`Model::suggest`] suggests.
///
/// ```
/// use svcrel::{SuggestKind, SuggestOptions};
///
/// assert_eq!(SuggestOptions::new().asked_kind(), SuggestKind::Any);
/// assert_eq!(serde_json::to_string(&SuggestKind::Party).unwrap(), r#""party""#);
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SuggestKind {
    /// Organisations, individuals and services.
    #[default]
    Any,
    /// Organisations and individuals.
    Party,
    /// Services.
    Service,
}

impl SuggestKind {
    /// Whether an entity of kind `kind` is of this kind.
    fn takes(self, kind: EntityKind) -> bool {
        match self {
            SuggestKind::Any => true,
            SuggestKind::Party => kind != EntityKind::Service,
            SuggestKind::Service => kind == EntityKind::Service,
        }
    }
}

/// What to suggest: which kind of entity ([`SuggestKind::Any`] unless
/// set) and how many at most ([`SUGGEST_LIMIT`] unless set, never more
/// than [`SUGGEST_MAX`]).
///
/// ```
/// use svcrel::{SuggestKind, SuggestOptions};
///
/// let options = SuggestOptions::new().kind(SuggestKind::Party).limit(5);
/// assert_eq!((options.asked_kind(), options.asked_limit()), (SuggestKind::Party, 5));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SuggestOptions {
    kind: SuggestKind,
    limit: usize,
}

impl Default for SuggestOptions {
    fn default() -> SuggestOptions {
        SuggestOptions::new()
    }
}

impl SuggestOptions {
    /// Any kind of entity, at most [`SUGGEST_LIMIT`] of them.
    ///
    /// ```
    /// assert_eq!(svcrel::SuggestOptions::new().asked_limit(), 10);
    /// ```
    pub fn new() -> SuggestOptions {
        SuggestOptions {
            kind: SuggestKind::Any,
            limit: SUGGEST_LIMIT,
        }
    }

    /// Suggests entities of this kind only.
    ///
    /// ```
    /// use svcrel::{SuggestKind, SuggestOptions};
    /// assert_eq!(SuggestOptions::new().kind(SuggestKind::Service).asked_kind(), SuggestKind::Service);
    /// ```
    pub fn kind(mut self, kind: SuggestKind) -> SuggestOptions {
        self.kind = kind;
        self
    }

    /// Suggests at most `limit` entities (at least 1, and [`SUGGEST_MAX`]
    /// at most).
    ///
    /// ```
    /// assert_eq!(svcrel::SuggestOptions::new().limit(3).asked_limit(), 3);
    /// ```
    pub fn limit(mut self, limit: usize) -> SuggestOptions {
        self.limit = limit;
        self
    }

    /// The kind of entity suggested.
    ///
    /// ```
    /// assert_eq!(svcrel::SuggestOptions::new().asked_kind(), svcrel::SuggestKind::Any);
    /// ```
    pub fn asked_kind(&self) -> SuggestKind {
        self.kind
    }

    /// The most suggestions given: the limit asked for, at least 1 and
    /// at most [`SUGGEST_MAX`].
    ///
    /// ```
    /// assert_eq!(svcrel::SuggestOptions::new().limit(99).asked_limit(), svcrel::SUGGEST_MAX);
    /// assert_eq!(svcrel::SuggestOptions::new().limit(0).asked_limit(), 1);
    /// ```
    pub fn asked_limit(&self) -> usize {
        self.limit.clamp(1, SUGGEST_MAX)
    }
}

/// Which key of an entity the text begins.
///
/// ```
/// assert_eq!(serde_json::to_string(&svcrel::SuggestMatch::Email).unwrap(), r#""email""#);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SuggestMatch {
    /// Its id.
    Id,
    /// Its name, from its start or from the start of one of its words.
    Name,
    /// One of its emails.
    Email,
}

/// One entity suggested: `{"id", "name", "kind", "email", "matched"}`.
///
/// ```
/// use svcrel::{EntityKind, Model, SuggestMatch, SuggestOptions};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let first = &model.suggest("reye", &SuggestOptions::new()).suggestions[0];
/// assert_eq!((first.id.as_str(), first.kind, first.matched), ("dana", EntityKind::Individual, SuggestMatch::Name));
/// assert_eq!(first.name.as_deref(), Some("Dana Reyes"));
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Suggestion {
    /// The entity's id.
    pub id: String,
    /// Its name, when it has one.
    pub name: Option<String>,
    /// Its kind.
    pub kind: EntityKind,
    /// Its primary email (its first), when it gives one: it tells apart
    /// two people of the same name.
    pub email: Option<String>,
    /// The key the text begins.
    pub matched: SuggestMatch,
}

/// The entities [`Model::suggest`] suggests, best first, and whether more
/// match: `{"suggestions": [...], "more": bool}`.
///
/// ```
/// use svcrel::{Model, SuggestOptions};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let some = model.suggest("a", &SuggestOptions::new().limit(2));
/// assert_eq!(some.suggestions.len(), 2);
/// assert!(some.more);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Suggestions {
    /// The entities suggested, at most the limit asked for.
    pub suggestions: Vec<Suggestion>,
    /// Whether more entities match than are suggested.
    pub more: bool,
}

impl Model {
    /// Entities whose id, name or email starts with `text`, for
    /// suggestions as someone types: at most
    /// [`SuggestOptions::asked_limit`] of them (10 unless set, never more
    /// than [`SUGGEST_MAX`]), with whether more match.
    ///
    /// The text is trimmed and lower-cased, and so are the keys it is
    /// compared with: character by character, by Unicode's lower case
    /// with no rule of context (a Greek sigma is always 'σ', final or
    /// not, so that a prefix of a name is folded as the name is), and
    /// 'İ' as 'i'.
    /// An entity matches when the text begins its id, its name, its name
    /// from the start of any of a name's first 16 words (a word starts
    /// with a letter or digit that follows a space or punctuation, not a
    /// combining mark: "rey" and "reyes d" find "Ana Reyes Diaz"), or any
    /// of its emails. Exact matches come first (the text is the id, an
    /// email or the whole name), then the others in the order of the key
    /// they matched (by its first 64 bytes), each entity once, by its
    /// first key in that order; ties go by the start of a name before
    /// that of a later word, then by id (and an entity's equal keys by
    /// id, name, email). Each suggestion says which key matched. No text,
    /// no suggestions; the limit is at least 1.
    ///
    /// # Speed
    ///
    /// The first call builds an index of every key (at a million people
    /// with ids and names, about 0.6 s and 50 MB; emails add their
    /// length). It keeps each key's first 64 bytes, and a name from each
    /// of its first 16 words only, so that it grows with the model, not
    /// with the square of a long name. Later calls take microseconds,
    /// whatever the model's size: a binary search, and then only as many
    /// keys as it takes to find the suggestions, however many entities
    /// share a key. A text of more than 60 bytes is looked up by its
    /// first 64, and then every key found is compared whole: as many as
    /// begin with those 64 bytes. A copy of the model
    /// (a [`Clone`], or the second copy a [`SharedModel`](crate::SharedModel)
    /// keeps) shares the index once it is built. Edits keep the answers exact at once:
    /// entities added, renamed or removed are checked one by one until
    /// one in 16 has changed, and the edit that crosses that line builds
    /// the index again (a `SharedModel` builds it on its background
    /// thread well before that).
    ///
    /// ```
    /// use svcrel::{Individual, Model, SuggestKind, SuggestMatch, SuggestOptions};
    ///
    /// let mut model = Model::from_json_file("examples/data/sample.json")?;
    /// let parties = SuggestOptions::new().kind(SuggestKind::Party);
    /// let found = model.suggest("  DANA ", &parties);
    /// assert_eq!(found.suggestions[0].id, "dana");
    /// assert_eq!(found.suggestions[0].matched, SuggestMatch::Id);
    ///
    /// model.add_individual(Individual {
    ///     name: Some("Danaë Ølsen".into()),
    ///     emails: vec!["d.olsen@acme.example".into()],
    ///     ..Individual::new("u-77")
    /// })?;
    /// let found = model.suggest("ØLS", &parties);
    /// assert_eq!(found.suggestions[0].id, "u-77");
    /// assert_eq!(model.suggest("d.ol", &parties).suggestions[0].matched, SuggestMatch::Email);
    /// assert!(model.suggest("", &parties).suggestions.is_empty());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn suggest(&self, text: &str, options: &SuggestOptions) -> Suggestions {
        let mut buffer = String::new();
        let text = lower(text, &mut buffer);
        if text.is_empty() {
            return Suggestions::default();
        }
        let limit = options.asked_limit();
        let kind = options.asked_kind();
        // A long text is looked up by the part of it the index keeps,
        // and each key found is then checked whole.
        let long = text.len() > SHORT_TEXT;
        let looked_up = if long { cut(text) } else { text };
        let index = self.suggest.index_or_build(self);
        // The entities checked one by one: those set aside since the index
        // was built, or every one when the model is too large to index.
        let every: Vec<(NodeIndex, Keys)> = match index {
            Some(_) => Vec::new(),
            None => self
                .graph
                .node_indices()
                .map(|node| (node, Keys::of(self, node)))
                .collect(),
        };
        let checked: Vec<(NodeIndex, &Keys)> = match index {
            Some(_) => self.suggest.changed.iter().map(|(&n, k)| (n, k)).collect(),
            None => every.iter().map(|(n, k)| (*n, k)).collect(),
        };
        let mut sources: Vec<Source<'_>> = Vec::with_capacity(3);
        if let Some(packed) = index {
            if kind != SuggestKind::Service {
                sources.push(Source::packed(packed, &packed.parties, looked_up, self));
            }
            if kind != SuggestKind::Party {
                sources.push(Source::packed(packed, &packed.services, looked_up, self));
            }
        }
        let mut hits: Vec<Hit<'_>> = Vec::new();
        for (node, keys) in checked {
            let Some(n) = self.graph.node_weight(node) else {
                continue;
            };
            if kind.takes(n.kind) {
                hits.extend(
                    keys.hits(looked_up)
                        .map(|(key, what)| hit(key, what, looked_up, node, &n.id)),
                );
            }
        }
        if long {
            // Every key the index gives is checked whole: the text must
            // begin it, and is an exact match only when it is all of it.
            for source in &mut sources {
                while let Some(found) = source.peek(&self.suggest.changed) {
                    source.advance();
                    hits.push(found);
                }
            }
            sources.clear();
            hits.retain_mut(
                |found| match whole_match(self, found.node, found.what, text) {
                    Some(exact) => {
                        found.class = u8::from(!exact);
                        true
                    }
                    None => false,
                },
            );
        }
        if !hits.is_empty() {
            hits.sort_unstable_by(|a, b| b.order(a));
            sources.push(Source::Listed(hits));
        }
        let mut seen: Vec<NodeIndex> = Vec::new();
        let mut found = Suggestions::default();
        loop {
            let mut best: Option<(usize, Hit<'_>)> = None;
            for (i, source) in sources.iter_mut().enumerate() {
                let Some(hit) = source.peek(&self.suggest.changed) else {
                    continue;
                };
                if best
                    .as_ref()
                    .is_none_or(|(_, b)| hit.order(b) == Ordering::Less)
                {
                    best = Some((i, hit));
                }
            }
            let Some((i, hit)) = best else {
                break;
            };
            sources[i].advance();
            if seen.contains(&hit.node) {
                continue;
            }
            if seen.len() == limit {
                found.more = true;
                break;
            }
            seen.push(hit.node);
            found.suggestions.push(self.suggestion(hit.node, hit.what));
        }
        found
    }

    /// Builds the index of [`Model::suggest`] now, unless it is built: so
    /// that the first suggestion does not wait for it (a service calls
    /// it on another thread once the model is loaded).
    #[cfg_attr(not(feature = "server"), allow(dead_code))]
    pub(crate) fn warm_suggestions(&self) {
        let _ = self.suggest.index_or_build(self);
    }

    /// Whether the index of [`Model::suggest`] is built (or the model is
    /// too large to index): a suggestion then costs microseconds.
    #[cfg_attr(not(feature = "server"), allow(dead_code))]
    pub(crate) fn suggestions_are_built(&self) -> bool {
        self.suggest.cell.get().is_some()
    }

    /// Notes that `node`'s keys may have changed (it was added, updated
    /// or removed): queries check it one by one, until the index is built
    /// again.
    pub(crate) fn keys_changed(&mut self, node: NodeIndex) {
        if self.suggest.cell.get().is_none() {
            // Built from the model as it will be, on first use.
            self.suggest.changed.clear();
            return;
        }
        let keys = Keys::of(self, node);
        self.suggest.changed.insert(node, keys);
        let bound = petgraph::visit::NodeIndexable::node_bound(&self.graph);
        if self.suggest.changed.len() > (bound / STALE_SHARE).max(STALE_FLOOR) {
            self.rebuild_suggestions();
        }
    }

    /// Builds the index again from the model as it is, when it was built
    /// (else leaves it to be built on first use), with nothing set aside.
    pub(crate) fn rebuild_suggestions(&mut self) {
        let built = self.suggest.cell.get().is_some();
        self.suggest = Suggest::default();
        if built {
            self.warm_suggestions();
        }
    }

    /// Whether the index leaves no entity aside (or is not built).
    pub(crate) fn suggestions_are_fresh(&self) -> bool {
        self.suggest.changed.is_empty() || self.suggest.cell.get().is_none()
    }

    /// Whether the index is built and more than one entity in `share`
    /// was set aside since.
    pub(crate) fn suggestions_stale_past(&self, share: usize) -> bool {
        let bound = petgraph::visit::NodeIndexable::node_bound(&self.graph);
        self.suggest.cell.get().is_some() && self.suggest.changed.len() > bound / share.max(1)
    }

    /// Whether the snapshot and the index of suggestions leave no entity
    /// aside.
    pub(crate) fn is_fresh(&self) -> bool {
        self.snapshot_is_fresh() && self.suggestions_are_fresh()
    }

    /// Whether the snapshot or the index of suggestions leaves more than
    /// one entity in `share` aside.
    pub(crate) fn is_stale_past(&self, share: usize) -> bool {
        self.snapshot_is_stale_past(share) || self.suggestions_stale_past(share)
    }

    /// Whether this model and `other` share one index of suggestions
    /// (or neither has built one).
    #[cfg(test)]
    pub(crate) fn shares_suggestions_with(&self, other: &Model) -> bool {
        let unbuilt = |m: &Model| m.suggest.cell.get().is_none();
        Arc::ptr_eq(&self.suggest.cell, &other.suggest.cell) || (unbuilt(self) && unbuilt(other))
    }

    /// Drops the index of suggestions, to be built on first use: for a
    /// copy that is about to take another's with
    /// [`Self::share_suggestions`], so that the edits it makes meanwhile
    /// build none.
    pub(crate) fn forget_suggestions(&mut self) {
        self.suggest = Suggest::default();
    }

    /// Takes the index of `other`, a model equal to this one (the same
    /// version of a shared model), so that both copies share it.
    pub(crate) fn share_suggestions(&mut self, other: &Model) {
        self.suggest = other.suggest.clone();
    }

    /// The suggestion of `node`, found by a key of kind `what`.
    fn suggestion(&self, node: NodeIndex, what: What) -> Suggestion {
        let n = &self.graph[node];
        Suggestion {
            id: n.id.to_string(),
            name: n.name.as_deref().map(str::to_owned),
            kind: n.kind,
            email: self
                .identities
                .of(node)
                .and_then(|i| i.emails.first().cloned()),
            matched: match what {
                What::Id => SuggestMatch::Id,
                What::Name | What::Word => SuggestMatch::Name,
                What::Email => SuggestMatch::Email,
            },
        }
    }
}

/// The index of a model and what changed since it was built; a clone
/// shares the index once it is built (and builds its own otherwise).
#[derive(Debug, Default)]
pub(crate) struct Suggest {
    /// The index, built on first use from the model as it then was.
    /// Only a built index is shared, so that every copy of the model
    /// that holds it read the model it was built from, then made the
    /// edits in its own `changed`. `None` inside when the model is too
    /// large to index.
    cell: Arc<OnceLock<Option<Packed>>>,
    /// The entities added, updated or removed since `cell` was built,
    /// with their keys now (none, when removed); empty while it is not.
    changed: NodeMap<Keys>,
}

impl Clone for Suggest {
    fn clone(&self) -> Suggest {
        if self.cell.get().is_some() {
            Suggest {
                cell: Arc::clone(&self.cell),
                changed: self.changed.clone(),
            }
        } else {
            Suggest::default()
        }
    }
}

impl Suggest {
    /// The index, built now unless it was.
    fn index_or_build(&self, model: &Model) -> Option<&Packed> {
        self.cell.get_or_init(|| Packed::build(model)).as_ref()
    }
}

/// Which key of an entity an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum What {
    Id = 0,
    /// The whole name.
    Name = 1,
    /// The name from the start of a word after its first.
    Word = 2,
    Email = 3,
}

impl What {
    fn from_bits(bits: u32) -> What {
        match bits & 3 {
            0 => What::Id,
            1 => What::Name,
            2 => What::Word,
            _ => What::Email,
        }
    }
}

/// An entity's keys, lower-cased and cut to [`KEY_BYTES`], in one buffer.
#[derive(Clone, Debug, Default)]
struct Keys {
    bytes: Vec<u8>,
    /// Where each key ends in `bytes`, and its kind.
    ends: Vec<(u32, What)>,
}

impl Keys {
    /// The keys of `node` (none, when it is not in the model).
    fn of(model: &Model, node: NodeIndex) -> Keys {
        let mut keys = Keys::default();
        let Some(n) = model.graph.node_weight(node) else {
            return keys;
        };
        each_key(model, node, &n.id, n.name.as_deref(), |key, what, _| {
            keys.bytes.extend_from_slice(key);
            // Keys of more than 4 GiB: the model is far too large to index.
            let end = u32::try_from(keys.bytes.len()).unwrap_or(u32::MAX);
            keys.ends.push((end, what));
        });
        keys
    }

    /// The keys `text` begins.
    fn hits<'k>(&'k self, text: &'k [u8]) -> impl Iterator<Item = (&'k [u8], What)> + 'k {
        let mut start = 0;
        self.ends
            .iter()
            .map(move |&(end, what)| {
                let from = start.min(self.bytes.len());
                let end = (end as usize).clamp(from, self.bytes.len());
                start = end;
                (&self.bytes[from..end], what)
            })
            .filter(move |(key, _)| key.starts_with(text))
    }
}

/// Calls `each` with every key of an entity, lower-cased (by [`lower`])
/// and cut to [`KEY_BYTES`], with whether it is whole: its id, its name,
/// its name from each word after the first (up to its [`NAME_WORDS`]th),
/// its emails.
fn each_key(
    model: &Model,
    node: NodeIndex,
    id: &str,
    name: Option<&str>,
    mut each: impl FnMut(&[u8], What, bool),
) {
    let mut buffer = String::new();
    let mut cut_each = |key: &[u8], what: What| {
        let short = cut(key);
        each(short, what, short.len() == key.len());
    };
    cut_each(lower(id, &mut buffer), What::Id);
    if let Some(name) = name {
        let name = lower(name, &mut buffer);
        if !name.is_empty() {
            cut_each(name, What::Name);
            for start in word_starts(name) {
                cut_each(&name[start..], What::Word);
            }
        }
    }
    if let Some(identity) = model.identities.of(node) {
        for email in &identity.emails {
            cut_each(lower(email, &mut buffer), What::Email);
        }
    }
}

/// Whether `text`, lower-cased, begins the whole key of kind `what` of
/// `node` (any of its words, any of its emails), and whether it is all
/// of it (never, for a word): `None` when it begins none.
fn whole_match(model: &Model, node: NodeIndex, what: What, text: &[u8]) -> Option<bool> {
    let n = model.graph.node_weight(node)?;
    let mut buffer = String::new();
    let mut best: Option<bool> = None;
    let mut check = |key: &[u8], exact_counts: bool| {
        if key.starts_with(text) {
            let exact = exact_counts && key == text;
            best = Some(best.unwrap_or(false) || exact);
        }
    };
    match what {
        What::Id => check(lower(&n.id, &mut buffer), true),
        What::Name | What::Word => {
            let name = lower(n.name.as_deref().unwrap_or_default(), &mut buffer);
            if what == What::Name {
                check(name, true);
            } else {
                for start in word_starts(name) {
                    check(&name[start..], false);
                }
            }
        }
        What::Email => {
            for email in model.identities.of(node).map_or(&[][..], |i| &i.emails) {
                check(lower(email, &mut buffer), true);
            }
        }
    }
    best
}

/// `text` trimmed and lower-cased character by character (with no rule
/// of context, such as Greek's final sigma, so that a prefix of a key is
/// folded as the key is; a final 'ς' as 'σ', and 'İ' as 'i'), in
/// `buffer` unless it is already so.
fn lower<'a>(text: &'a str, buffer: &'a mut String) -> &'a [u8] {
    let text = text.trim();
    if !text
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        return text.as_bytes();
    }
    buffer.clear();
    if text.is_ascii() {
        buffer.extend(text.chars().map(|c| c.to_ascii_lowercase()));
        return buffer.as_bytes();
    }
    for c in text.chars() {
        if c == '\u{130}' {
            buffer.push('i');
        } else if c == 'ς' {
            buffer.push('σ');
        } else {
            buffer.extend(c.to_lowercase());
        }
    }
    buffer.as_bytes()
}

/// `key` cut to at most [`KEY_BYTES`], at a character's start.
fn cut(key: &[u8]) -> &[u8] {
    if key.len() <= KEY_BYTES {
        return key;
    }
    let mut end = KEY_BYTES;
    while end > 0 && key[end] & 0xC0 == 0x80 {
        end -= 1;
    }
    &key[..end]
}

/// Where the words after the first begin in a lower-cased name, up to
/// its [`NAME_WORDS`]th word: at a letter or digit after a character
/// that is neither, nor a combining mark.
fn word_starts(name: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let text = std::str::from_utf8(name).unwrap_or_default();
    let mut before_alnum = true;
    text.char_indices()
        .filter_map(move |(at, c)| {
            let alnum = c.is_alphanumeric();
            let starts = alnum && !before_alnum && at > 0;
            if !is_combining(c) {
                before_alnum = alnum;
            }
            starts.then_some(at)
        })
        .take(NAME_WORDS - 1)
}

/// Whether `c` is a combining mark of the common blocks (a dot above
/// after an 'i', an accent after its letter): it neither ends nor starts
/// a word.
fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{300}'..='\u{36F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// An index entry: where its key starts in the arena, and its node and
/// kind of key (`node << 2 | what`).
#[derive(Clone, Copy, Debug)]
struct Entry {
    start: u32,
    tag: u32,
}

impl Entry {
    fn node(self) -> NodeIndex {
        NodeIndex::new((self.tag >> 2) as usize)
    }

    fn what(self) -> What {
        What::from_bits(self.tag)
    }

    fn is_word(self) -> bool {
        self.what() == What::Word
    }
}

/// The keys of every entity, lower-cased, in one arena, and the entries
/// of parties and of services, each sorted by key and then by id.
#[derive(Debug)]
struct Packed {
    arena: Box<[u8]>,
    parties: Box<[Entry]>,
    services: Box<[Entry]>,
}

impl Packed {
    /// The index of `model`; `None` when it is too large for the index's
    /// 32-bit offsets (4 GiB of keys, or a billion nodes).
    fn build(model: &Model) -> Option<Packed> {
        let mut arena: Vec<u8> = Vec::new();
        let mut parties: Vec<(u64, Entry)> = Vec::new();
        let mut services: Vec<(u64, Entry)> = Vec::new();
        let mut fits = true;
        for node in model.graph.node_indices() {
            let n = &model.graph[node];
            let Ok(tag) = u32::try_from(node.index()) else {
                return None;
            };
            if tag >= 1 << 30 {
                return None;
            }
            let entries = if n.kind == EntityKind::Service {
                &mut services
            } else {
                &mut parties
            };
            // Where the name starts in the arena, when it is there whole.
            let mut name_at: Option<u32> = None;
            each_key(model, node, &n.id, n.name.as_deref(), |key, what, whole| {
                let at = match (what, name_at) {
                    // The words of a whole name are in the arena with it.
                    (What::Word, Some(name)) => {
                        let whole = arena.len() - 1 - name as usize;
                        u32::try_from(whole - key.len()).ok().map(|off| name + off)
                    }
                    _ => {
                        let at = u32::try_from(arena.len()).ok();
                        arena.extend_from_slice(key);
                        arena.push(END);
                        if what == What::Name && whole {
                            name_at = at;
                        }
                        at
                    }
                };
                match at {
                    Some(start) => entries.push((
                        prefix(key),
                        Entry {
                            start,
                            tag: tag << 2 | what as u32,
                        },
                    )),
                    None => fits = false,
                }
            });
            if !fits || arena.len() > u32::MAX as usize {
                return None;
            }
        }
        let arena = arena.into_boxed_slice();
        let sort = |mut entries: Vec<(u64, Entry)>| -> Box<[Entry]> {
            entries.sort_unstable_by(|(pa, a), (pb, b)| {
                pa.cmp(pb)
                    .then_with(|| key_at(&arena, *a).cmp(key_at(&arena, *b)))
                    .then_with(|| a.is_word().cmp(&b.is_word()))
                    .then_with(|| model.graph[a.node()].id.cmp(&model.graph[b.node()].id))
                    .then_with(|| (a.tag & 3).cmp(&(b.tag & 3)))
            });
            entries.into_iter().map(|(_, e)| e).collect()
        };
        let parties = sort(parties);
        let services = sort(services);
        Some(Packed {
            arena,
            parties,
            services,
        })
    }

    fn key(&self, entry: Entry) -> &[u8] {
        key_at(&self.arena, entry)
    }
}

/// The key of `entry` in `arena`: up to [`END`], never more than
/// [`KEY_BYTES`].
fn key_at(arena: &[u8], entry: Entry) -> &[u8] {
    let rest = arena.get(entry.start as usize..).unwrap_or_default();
    let rest = &rest[..rest.len().min(KEY_BYTES + 1)];
    let end = rest.iter().position(|&b| b == END).unwrap_or(rest.len());
    &rest[..end]
}

/// The first eight bytes of `key`, zero-padded, as one integer: an order
/// consistent with the keys'.
fn prefix(key: &[u8]) -> u64 {
    let mut bytes = [0u8; 8];
    let n = key.len().min(8);
    bytes[..n].copy_from_slice(&key[..n]);
    u64::from_be_bytes(bytes)
}

/// A key that matched, in the order of suggestions: exact matches first,
/// then by key, a word after the others, then by id, then id before name
/// before email.
#[derive(Clone, Copy, Debug)]
struct Hit<'m> {
    /// 0 for an exact match (the text is the id, the whole name or an
    /// email), else 1.
    class: u8,
    key: &'m [u8],
    id: &'m str,
    node: NodeIndex,
    what: What,
}

impl Hit<'_> {
    fn order(&self, other: &Hit<'_>) -> Ordering {
        (
            self.class,
            self.key,
            self.what == What::Word,
            self.id,
            self.what as u8,
        )
            .cmp(&(
                other.class,
                other.key,
                other.what == What::Word,
                other.id,
                other.what as u8,
            ))
    }
}

fn hit<'m>(key: &'m [u8], what: What, text: &[u8], node: NodeIndex, id: &'m str) -> Hit<'m> {
    let exact = key == text && what != What::Word;
    Hit {
        class: u8::from(!exact),
        key,
        id,
        node,
        what,
    }
}

/// Where a query takes its hits from, each in order.
enum Source<'m> {
    /// The entries of an index whose key the text begins: sorted as hits
    /// are (exact matches, whose key is the text, come first).
    Packed {
        packed: &'m Packed,
        model: &'m Model,
        text: &'m [u8],
        entries: &'m [Entry],
        at: usize,
    },
    /// Hits listed in reverse order, the next one last.
    Listed(Vec<Hit<'m>>),
}

impl<'m> Source<'m> {
    fn packed(packed: &'m Packed, entries: &'m [Entry], text: &'m [u8], model: &'m Model) -> Self {
        let start = entries.partition_point(|&e| packed.key(e) < text);
        let entries = &entries[start..];
        let end = entries.partition_point(|&e| packed.key(e).starts_with(text));
        Source::Packed {
            packed,
            model,
            text,
            entries: &entries[..end],
            at: 0,
        }
    }

    /// The next hit, past entries of entities set aside in `changed`.
    fn peek(&mut self, changed: &NodeMap<Keys>) -> Option<Hit<'m>> {
        match self {
            Source::Listed(hits) => hits.last().copied(),
            Source::Packed {
                packed,
                model,
                text,
                entries,
                at,
            } => loop {
                let &entry = entries.get(*at)?;
                let node = entry.node();
                let n = match model.graph.node_weight(node) {
                    Some(n) if !changed.contains_key(&node) => n,
                    _ => {
                        *at += 1;
                        continue;
                    }
                };
                return Some(hit(packed.key(entry), entry.what(), text, node, &n.id));
            },
        }
    }

    /// Past the hit [`Self::peek`] gave.
    fn advance(&mut self) {
        match self {
            Source::Listed(hits) => {
                hits.pop();
            }
            Source::Packed { at, .. } => *at += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Individual;

    /// A model of `people` individuals named `name(i)`, its index built.
    fn indexed(people: usize, name: impl Fn(usize) -> String) -> Model {
        let mut model = Model::from_json_str(r#"{"version": 1}"#).expect("valid");
        for i in 0..people {
            model
                .add_individual(Individual {
                    name: Some(name(i)),
                    ..Individual::new(format!("p{i}"))
                })
                .expect("a new person");
        }
        model.warm_suggestions();
        model
    }

    /// The bytes of every key the index and the entities set aside hold:
    /// what building and searching the index costs.
    fn key_bytes(model: &Model) -> usize {
        let packed = model
            .suggest
            .cell
            .get()
            .and_then(Option::as_ref)
            .expect("built");
        let entries = packed.parties.iter().chain(&packed.services);
        let indexed: usize = entries.map(|&e| packed.key(e).len()).sum();
        let set_aside = model
            .graph
            .node_indices()
            .map(|n| Keys::of(model, n).bytes.len());
        packed.arena.len() + indexed + set_aside.sum::<usize>()
    }

    /// A name four times as long costs at most four times as much.
    #[test]
    fn a_long_name_costs_no_more_than_its_length() {
        let small = key_bytes(&indexed(1, |_| "a ".repeat(10_000)));
        let large = key_bytes(&indexed(1, |_| "a ".repeat(40_000)));
        assert!(large <= 4 * small, "{small} then {large}");
        assert!(large <= NAME_WORDS * (KEY_BYTES + 1) * 3, "{large}");
    }

    /// A text that is a word of every name looks at no more entries than
    /// it suggests, however many entities share the key.
    #[test]
    fn a_shared_key_is_not_walked() {
        let model = indexed(2_000, |i| {
            if i == 1_999 {
                "Smith".into()
            } else {
                "Jo Smith".into()
            }
        });
        let packed = model
            .suggest
            .cell
            .get()
            .and_then(Option::as_ref)
            .expect("built");
        let mut source = Source::packed(packed, &packed.parties, b"smith", &model);
        let first = source.peek(&model.suggest.changed).expect("a hit");
        assert_eq!(first.id, "p1999");
        let Source::Packed { at, .. } = source else {
            unreachable!("an index's source");
        };
        assert_eq!(at, 0);
        let found = model.suggest("smith", &SuggestOptions::new().limit(3));
        let ids: Vec<&str> = found.suggestions.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["p1999", "p0", "p1"]);
    }

    /// A copy of a shared model that replays a batch builds no index of
    /// its own: it takes the current version's.
    #[test]
    fn a_copy_takes_an_index_it_has_not_built() {
        let mut model = indexed(3, |i| format!("Person {i}"));
        model.forget_suggestions();
        for i in 0..STALE_FLOOR + 1 {
            model
                .add_individual(Individual::new(format!("q{i}")))
                .expect("a new person");
        }
        assert!(!model.suggestions_are_built());
        assert!(model.suggest.changed.is_empty());
    }
}
