//! Side records: part of the read-optimised snapshot (see `snapshot`).
//!
//! `relation()` asks of a party's side (its organisations and those
//! above them) only what each uses, provides, oversees and partners with
//! ([`SIDE_LINKS`]), and most organisations on a chain have none of it.
//! The snapshot keeps a record for each organisation that has: its links
//! of those kinds side by side, and the record of the nearest such
//! organisation above it. A party's side is then a walk along a few
//! records in a table small enough to stay in cache, instead of a read of
//! every organisation up the chain and of two rows for each that counts.

use petgraph::Direction;
use petgraph::stable_graph::NodeIndex;

use super::hop::Hop;
use super::ragged::Ragged;
use crate::model::edge::LinkKind;

/// The kinds of links that put an organisation on a party's side of a
/// relation question: what it uses, provides, oversees or partners with.
pub(crate) const SIDE_LINKS: [(Direction, LinkKind); 5] = [
    (Direction::Outgoing, LinkKind::Usage),
    (Direction::Incoming, LinkKind::Provider),
    (Direction::Outgoing, LinkKind::Oversight),
    (Direction::Outgoing, LinkKind::Partnership),
    (Direction::Incoming, LinkKind::Partnership),
];

/// A record's number, or none.
pub(crate) const NO_RECORD: u32 = u32::MAX;

/// The place of a kind of link in [`SIDE_LINKS`].
#[inline]
pub(crate) fn group(dir: Direction, kind: LinkKind) -> Option<usize> {
    match (dir, kind) {
        (Direction::Outgoing, LinkKind::Usage) => Some(0),
        (Direction::Incoming, LinkKind::Provider) => Some(1),
        (Direction::Outgoing, LinkKind::Oversight) => Some(2),
        (Direction::Outgoing, LinkKind::Partnership) => Some(3),
        (Direction::Incoming, LinkKind::Partnership) => Some(4),
        _ => None,
    }
}

/// One organisation's record.
#[derive(Clone, Copy, Debug)]
struct Record {
    node: u32,
    /// The record of the nearest organisation above with one, or
    /// [`NO_RECORD`].
    next: u32,
    /// Group `g` of [`SIDE_LINKS`] is `hops[bounds[g]..bounds[g + 1]]`.
    bounds: [u32; SIDE_LINKS.len() + 1],
}

/// The records, numbered in node order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sides {
    records: Vec<Record>,
    hops: Vec<Hop>,
}

impl Sides {
    /// Adds the record of `node`, whose links of each kind in
    /// [`SIDE_LINKS`] `hops` gives; `next` is set by [`Self::set_next`].
    /// `None` when the table would outgrow its 32-bit numbers.
    pub(crate) fn push<'h>(
        &mut self,
        node: NodeIndex,
        hops: impl Fn(Direction, LinkKind) -> &'h [Hop],
    ) -> Option<u32> {
        let number = u32::try_from(self.records.len()).ok()?;
        let mut bounds = [0; SIDE_LINKS.len() + 1];
        bounds[0] = u32::try_from(self.hops.len()).ok()?;
        for (g, &(dir, kind)) in SIDE_LINKS.iter().enumerate() {
            self.hops.extend_from_slice(hops(dir, kind));
            bounds[g + 1] = u32::try_from(self.hops.len()).ok()?;
        }
        self.records.push(Record {
            node: u32::try_from(node.index()).ok()?,
            next: NO_RECORD,
            bounds,
        });
        Some(number)
    }

    pub(crate) fn set_next(&mut self, record: u32, next: u32) {
        if let Some(r) = self.records.get_mut(record as usize) {
            r.next = next;
        }
    }

    /// A record's organisation, and the next record up.
    pub(crate) fn get(&self, record: u32) -> Option<(NodeIndex, u32)> {
        let r = self.records.get(record as usize)?;
        Some((NodeIndex::new(r.node as usize), r.next))
    }

    /// A record's links of group `g` of [`SIDE_LINKS`].
    #[inline]
    pub(crate) fn hops(&self, record: u32, g: usize) -> &[Hop] {
        let Some(r) = self.records.get(record as usize) else {
            return &[];
        };
        match (r.bounds.get(g), r.bounds.get(g + 1)) {
            (Some(&a), Some(&b)) => self.hops.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The bytes the table holds.
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> usize {
        self.records.len() * size_of::<Record>() + self.hops.len() * size_of::<Hop>()
    }
}

/// Each service's provider and the organisations above it (for a
/// service an organisation provides), numbered as the snapshot's
/// services: the provider's side of a relation question. A provider never
/// changes, nor does a parent, so a chain holds as long as its service.
#[derive(Clone, Debug, Default)]
pub(crate) struct ProviderChains {
    /// Row `i`: service `i`'s chain; empty when its provider is an
    /// individual (whose organisations depend on the date) or on a parent
    /// cycle.
    chains: Ragged<NodeIndex>,
}

impl ProviderChains {
    /// The chains of `services` (in the order of their numbers), each
    /// given as its chain, or `None` where it is not kept. `None` when
    /// the table would outgrow its 32-bit numbers.
    pub(crate) fn build(
        services: impl IntoIterator<Item = Option<Vec<NodeIndex>>>,
    ) -> Option<ProviderChains> {
        let mut chains = Ragged::default();
        for chain in services {
            for node in chain.unwrap_or_default() {
                chains.push(node);
            }
            chains.end_row()?;
        }
        Some(ProviderChains { chains })
    }

    /// The chain of the service numbered `position`, if kept.
    pub(crate) fn of(&self, position: usize) -> Option<&[NodeIndex]> {
        self.chains.get(position).filter(|c| !c.is_empty())
    }

    /// The bytes the table holds.
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> usize {
        self.chains.bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_side_kind_has_its_own_group() {
        for (g, &(dir, kind)) in SIDE_LINKS.iter().enumerate() {
            assert_eq!(group(dir, kind), Some(g));
        }
        assert_eq!(group(Direction::Incoming, LinkKind::Usage), None);
        assert_eq!(group(Direction::Outgoing, LinkKind::Membership), None);
    }
}
