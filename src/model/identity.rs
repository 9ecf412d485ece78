//! Parties as other systems know them: their emails, phone numbers and
//! ids in other systems, and an organisation's mail domains, with the
//! indexes that find a party by them (phone numbers find no one).

use std::collections::BTreeMap;
use std::hash::Hash;

use petgraph::stable_graph::NodeIndex;
use rustc_hash::FxHashMap;

use crate::document::EmailPolicy;

/// What one party gives of its identity.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Identity {
    /// As given, the primary first.
    pub(crate) emails: Vec<String>,
    /// As given, the primary first.
    pub(crate) phones: Vec<String>,
    pub(crate) external_ids: BTreeMap<String, String>,
    pub(crate) email_domains: Vec<String>,
}

impl Identity {
    fn is_empty(&self) -> bool {
        self.emails.is_empty()
            && self.phones.is_empty()
            && self.external_ids.is_empty()
            && self.email_domains.is_empty()
    }
}

/// Every party's identity, and the parties by email (lower-cased), by
/// external id and by mail domain (lower-cased), each list in the order
/// the parties were added.
#[derive(Clone, Debug, Default)]
pub(crate) struct Identities {
    of: FxHashMap<NodeIndex, Identity>,
    by_email: FxHashMap<String, Vec<NodeIndex>>,
    by_external: FxHashMap<(String, String), Vec<NodeIndex>>,
    by_domain: FxHashMap<String, Vec<NodeIndex>>,
    /// Whether parties may share an email.
    pub(crate) policy: EmailPolicy,
}

impl Identities {
    /// No identities yet, under `policy`.
    pub(crate) fn new(policy: EmailPolicy) -> Identities {
        Identities {
            policy,
            ..Identities::default()
        }
    }

    /// Notes `node`'s identity (nothing, when it gives none).
    pub(crate) fn insert(&mut self, node: NodeIndex, identity: Identity) {
        if identity.is_empty() {
            return;
        }
        for email in &identity.emails {
            push(self.by_email.entry(email.to_lowercase()).or_default(), node);
        }
        for (system, id) in &identity.external_ids {
            let key = (system.clone(), id.clone());
            push(self.by_external.entry(key).or_default(), node);
        }
        for domain in &identity.email_domains {
            push(
                self.by_domain.entry(domain.to_lowercase()).or_default(),
                node,
            );
        }
        self.of.insert(node, identity);
    }

    /// Replaces `node`'s identity (a party updated), keeping each list of
    /// parties in the order they were added: `seq` gives that order.
    pub(crate) fn replace(
        &mut self,
        node: NodeIndex,
        identity: Identity,
        seq: impl Fn(NodeIndex) -> u32,
    ) {
        self.remove(node);
        if identity.is_empty() {
            return;
        }
        let at = seq(node);
        let place = |nodes: &mut Vec<NodeIndex>| {
            let i = nodes.partition_point(|&n| seq(n) < at);
            if nodes.get(i) != Some(&node) {
                nodes.insert(i, node);
            }
        };
        for email in &identity.emails {
            place(self.by_email.entry(email.to_lowercase()).or_default());
        }
        for (system, id) in &identity.external_ids {
            place(
                self.by_external
                    .entry((system.clone(), id.clone()))
                    .or_default(),
            );
        }
        for domain in &identity.email_domains {
            place(self.by_domain.entry(domain.to_lowercase()).or_default());
        }
        self.of.insert(node, identity);
    }

    /// Forgets `node`'s identity (a party removed).
    pub(crate) fn remove(&mut self, node: NodeIndex) {
        let Some(identity) = self.of.remove(&node) else {
            return;
        };
        for email in &identity.emails {
            unlist(&mut self.by_email, email.to_lowercase(), node);
        }
        for domain in &identity.email_domains {
            unlist(&mut self.by_domain, domain.to_lowercase(), node);
        }
        for key in identity.external_ids {
            unlist(&mut self.by_external, key, node);
        }
    }

    /// `node`'s identity, when it gives one.
    pub(crate) fn of(&self, node: NodeIndex) -> Option<&Identity> {
        self.of.get(&node)
    }

    /// The parties giving `email`, compared without regard to case.
    pub(crate) fn by_email(&self, email: &str) -> &[NodeIndex] {
        self.by_email
            .get(&email.to_lowercase())
            .map_or(&[], Vec::as_slice)
    }

    /// The parties with id `id` in `system`.
    pub(crate) fn by_external(&self, system: &str, id: &str) -> &[NodeIndex] {
        self.by_external
            .get(&(system.to_owned(), id.to_owned()))
            .map_or(&[], Vec::as_slice)
    }

    /// The organisations giving mail domain `domain`.
    pub(crate) fn by_domain(&self, domain: &str) -> &[NodeIndex] {
        self.by_domain
            .get(&domain.to_lowercase())
            .map_or(&[], Vec::as_slice)
    }
}

/// Takes `node` off the list of parties under `key`, and the list away
/// once empty.
fn unlist<K: Eq + Hash>(map: &mut FxHashMap<K, Vec<NodeIndex>>, key: K, node: NodeIndex) {
    if let Some(nodes) = map.get_mut(&key) {
        nodes.retain(|&n| n != node);
        if nodes.is_empty() {
            map.remove(&key);
        }
    }
}

/// Adds `node` to a list of parties, once: a party's entries go in one
/// after another, so it can only be the last one already.
fn push(nodes: &mut Vec<NodeIndex>, node: NodeIndex) {
    if nodes.last() != Some(&node) {
        nodes.push(node);
    }
}
