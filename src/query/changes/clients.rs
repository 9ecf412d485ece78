//! The clients of a service, all of them at once.

use jiff::civil::Date;
use petgraph::stable_graph::NodeIndex;

use crate::ids::EntityKind;
use crate::model::{LinkKind, Model, NodeSet};

impl Model {
    /// Every client of `service` on `date`, as
    /// [`Model::relation`](crate::Model::relation) gives the role: the
    /// overseers (by oversight links holding on the date) of the provider
    /// or of an organisation above it (for an individual provider: the
    /// organisations it is a member of on the date, and above); an
    /// organisation overseer passes the role to the organisations below
    /// it and to every individual with a membership (on the date) in it
    /// or below it. An individual overseer passes it to nobody.
    ///
    /// In no particular order, each once. The cost is linear in the
    /// provider's chain, the overseers' sub-forests and their members.
    pub(crate) fn clients_of(&self, service: NodeIndex, date: Option<Date>) -> Vec<NodeIndex> {
        let Some(provider) = self.provider_of(service) else {
            return Vec::new();
        };
        // The provider's side: the provider and every organisation above.
        let mut theirs = NodeSet::default();
        let climb = |theirs: &mut NodeSet, start: Option<NodeIndex>| {
            let mut current = start;
            while let Some(org) = current {
                if !theirs.insert(org) {
                    break;
                }
                current = self.parent_of(org);
            }
        };
        theirs.insert(provider);
        match self.kind_of(provider) {
            EntityKind::Organisation => climb(&mut theirs, self.parent_of(provider)),
            EntityKind::Individual => {
                for org in self.ups(provider, LinkKind::Membership, date) {
                    climb(&mut theirs, Some(org));
                }
            }
            EntityKind::Service => {}
        }
        let mut seen = NodeSet::default();
        let mut out = Vec::new();
        let mut below: Vec<NodeIndex> = Vec::new();
        for &target in &theirs {
            for (overseer, _) in self.links_in(target, LinkKind::Oversight, date) {
                if seen.insert(overseer) {
                    out.push(overseer);
                    if self.kind_of(overseer) == EntityKind::Organisation {
                        below.push(overseer);
                    }
                }
            }
        }
        // Down from each organisation overseer: sub-organisations and
        // members.
        while let Some(org) = below.pop() {
            for (member, _) in self.links_in(org, LinkKind::Membership, date) {
                if seen.insert(member) {
                    out.push(member);
                }
            }
            for (sub, _) in self.links_in(org, LinkKind::Parent, None) {
                if seen.insert(sub) {
                    out.push(sub);
                    below.push(sub);
                }
            }
        }
        out
    }
}
