//! Whom to write to about a party to notify: an individual itself; an
//! organisation's own address, the approvers of what it pays for and its
//! heads; or nobody, said plainly.

use std::collections::HashSet;

use jiff::civil::Date;
use petgraph::stable_graph::NodeIndex;

use crate::ids::EntityKind;
use crate::model::{LinkKind, Model};

/// How a contact reaches the party to notify.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ContactRole {
    /// The party itself: an individual, or an organisation with an
    /// address of its own.
    Party,
    /// An individual who approves a funding link the organisation pays.
    Approver,
    /// A member of the organisation who reports to no other member of it.
    Head,
    /// The organisation has no address, approver or head: nobody to write
    /// to.
    NoContact,
}

impl Model {
    /// The contacts of `party` on `date`, each once, in the order: the
    /// party itself, approvers, heads (each group by id); `NoContact`
    /// alone when there is none.
    pub(crate) fn contacts_of(
        &self,
        party: NodeIndex,
        date: Option<Date>,
    ) -> Vec<(NodeIndex, ContactRole)> {
        if self.kind_of(party) != EntityKind::Organisation {
            return vec![(party, ContactRole::Party)];
        }
        let mut out = Vec::new();
        if !self.entity_at(party).emails().is_empty() {
            out.push((party, ContactRole::Party));
        }
        let mut approvers: Vec<NodeIndex> = self
            .links_out(party, LinkKind::Funding, date)
            .filter_map(|(_, e)| self.edge(e))
            .filter_map(|edge| edge.funding())
            .flat_map(|f| f.approved_by.iter().copied())
            .collect();
        approvers.sort_by(|&a, &b| self.cmp_ids(a, b));
        approvers.dedup();
        out.extend(approvers.into_iter().map(|a| (a, ContactRole::Approver)));
        let members: HashSet<NodeIndex> = self
            .links_in(party, LinkKind::Membership, date)
            .map(|(member, _)| member)
            .collect();
        let mut heads: Vec<NodeIndex> = members
            .iter()
            .copied()
            .filter(|&m| {
                !self
                    .links_out(m, LinkKind::Reporting, date)
                    .any(|(manager, _)| members.contains(&manager))
            })
            .collect();
        heads.sort_by(|&a, &b| self.cmp_ids(a, b));
        for head in heads {
            if !out.iter().any(|&(n, _)| n == head) {
                out.push((head, ContactRole::Head));
            }
        }
        if out.is_empty() {
            out.push((party, ContactRole::NoContact));
        }
        out
    }
}
