//! The funding links into each service, packed side by side with their
//! payer, payment and approvers: part of the read-optimised snapshot
//! (see `snapshot`).
//!
//! A funding link's payment and approvers live behind its edge weight's
//! detail pointer, three dependent reads from far-apart memory per link.
//! Every customer question starts from a service's funding, so the
//! snapshot keeps a copy: per service, its funding links in the order
//! they were added, each 16 bytes, with the approvers of all links in one
//! array beside them. A whole service's funding is then one or two reads
//! from a table small enough to stay in cache.

use std::slice;

use jiff::civil::Date;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};

use super::links::Links;
use super::ragged::Ragged;
use crate::document::Payment;
use crate::model::edge::Edge;
use crate::model::node::Node;

/// One funding link: payer, edge (and whether it has dates), approvers
/// (a range of [`Funds::approvers`]) and payment.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FundLink {
    payer: u32,
    /// The edge index, with [`DATED`] set when the link has dates.
    edge_dated: u32,
    first_approver: u32,
    /// The number of approvers, shifted left by [`PAYMENT_BITS`], and the
    /// payment in the low bits.
    approvers_payment: u32,
}

const DATED: u32 = 1 << 31;
const PAYMENT_BITS: u32 = 3;

fn payment_code(payment: Payment) -> u32 {
    match payment {
        Payment::Cash => 0,
        Payment::Trade => 1,
        Payment::Chargeback => 2,
        Payment::Allocation => 3,
        Payment::None => 4,
    }
}

fn payment_of(code: u32) -> Payment {
    match code & ((1 << PAYMENT_BITS) - 1) {
        0 => Payment::Cash,
        1 => Payment::Trade,
        2 => Payment::Chargeback,
        3 => Payment::Allocation,
        _ => Payment::None,
    }
}

/// Per service (by its position among services), its funding links.
#[derive(Clone, Debug, Default)]
pub(crate) struct Funds {
    /// Row `i`: the links of service `i`.
    links: Ragged<FundLink>,
    approvers: Vec<NodeIndex>,
}

impl Funds {
    /// The table for `services` (in the order of their positions), each
    /// given with its funding edges in the order they were added; `None`
    /// when it cannot be packed (more than 2^31 edge slots, or 2^32
    /// links or approvers).
    pub(crate) fn build<L>(
        graph: &StableGraph<Node, Edge>,
        services: impl IntoIterator<Item = L>,
    ) -> Option<Funds>
    where
        L: IntoIterator<Item = (NodeIndex, EdgeIndex)>,
    {
        let mut funds = Funds::default();
        for links in services {
            for (payer, e) in links {
                let w = graph.edge_weight(e)?;
                let f = w.funding()?;
                let edge = u32::try_from(e.index()).ok().filter(|&i| i & DATED == 0)?;
                let count = u32::try_from(f.approved_by.len())
                    .ok()
                    .filter(|&n| n < 1 << (32 - PAYMENT_BITS))?;
                funds.links.push(FundLink {
                    payer: u32::try_from(payer.index()).ok()?,
                    edge_dated: edge | if w.period.is_always() { 0 } else { DATED },
                    first_approver: u32::try_from(funds.approvers.len()).ok()?,
                    approvers_payment: (count << PAYMENT_BITS) | payment_code(f.payment),
                });
                funds.approvers.extend_from_slice(&f.approved_by);
            }
            funds.links.end_row()?;
        }
        u32::try_from(funds.approvers.len()).ok()?;
        Some(funds)
    }

    /// The funding links of the service at `position`.
    pub(crate) fn of(&self, position: usize) -> Option<&[FundLink]> {
        self.links.get(position)
    }

    /// The bytes the table holds.
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> usize {
        self.links.bytes() + self.approvers.len() * 4
    }
}

/// One funding link into a service, as the customer queries read it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Funding<'a> {
    pub(crate) payer: NodeIndex,
    pub(crate) edge: EdgeIndex,
    pub(crate) payment: Payment,
    pub(crate) approved_by: &'a [NodeIndex],
}

/// The funding links into a service that hold on a date, in the order
/// they were added: from the snapshot's table, or from the graph for a
/// service changed since.
pub(crate) enum Fundings<'a> {
    Packed {
        links: slice::Iter<'a, FundLink>,
        funds: &'a Funds,
        graph: &'a StableGraph<Node, Edge>,
        date: Option<Date>,
    },
    Graph {
        links: Links<'a>,
        graph: &'a StableGraph<Node, Edge>,
    },
}

impl<'a> Iterator for Fundings<'a> {
    type Item = Funding<'a>;

    fn next(&mut self) -> Option<Funding<'a>> {
        match self {
            Fundings::Packed {
                links,
                funds,
                graph,
                date,
            } => links.find_map(|l| {
                let edge = EdgeIndex::new((l.edge_dated & !DATED) as usize);
                let holds = date.is_none()
                    || l.edge_dated & DATED == 0
                    || graph
                        .edge_weight(edge)
                        .is_some_and(|w| w.period.holds_on(*date));
                let first = l.first_approver as usize;
                let count = (l.approvers_payment >> PAYMENT_BITS) as usize;
                holds.then(|| Funding {
                    payer: NodeIndex::new(l.payer as usize),
                    edge,
                    payment: payment_of(l.approvers_payment),
                    approved_by: funds.approvers.get(first..first + count).unwrap_or(&[]),
                })
            }),
            Fundings::Graph { links, graph } => links.find_map(|(payer, edge)| {
                let f = graph.edge_weight(edge)?.funding()?;
                Some(Funding {
                    payer,
                    edge,
                    payment: f.payment,
                    approved_by: &f.approved_by,
                })
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LinkKind, Model, Removal};
    use petgraph::Direction::Incoming;
    use petgraph::visit::EdgeRef;

    type Row = (NodeIndex, EdgeIndex, Payment, Vec<NodeIndex>);

    /// A service's funding on a date, read from the graph alone.
    fn from_graph(model: &Model, service: NodeIndex, date: Option<Date>) -> Vec<Row> {
        let mut rows: Vec<(u32, Row)> = model
            .graph
            .edges_directed(service, Incoming)
            .filter(|e| e.weight().kind == LinkKind::Funding && e.weight().period.holds_on(date))
            .filter_map(|e| {
                let f = e.weight().funding()?;
                let row = (e.source(), e.id(), f.payment, f.approved_by.to_vec());
                Some((e.weight().seq, row))
            })
            .collect();
        rows.sort_by_key(|&(seq, _)| seq);
        rows.into_iter().map(|(_, row)| row).collect()
    }

    fn from_model(model: &Model, service: NodeIndex, date: Option<Date>) -> Vec<Row> {
        model
            .fundings(service, date)
            .map(|f| (f.payer, f.edge, f.payment, f.approved_by.to_vec()))
            .collect()
    }

    fn models() -> Vec<Model> {
        let json = include_str!("../../../examples/data/sample.json");
        let mut models = vec![Model::from_json_str(json).expect("the sample loads")];
        #[cfg(feature = "synth")]
        {
            let doc = crate::Synthetic::new(1500).seed(3).document();
            models.push(Model::from_document(&doc).expect("valid"));
        }
        models
    }

    #[test]
    fn the_table_lists_what_the_graph_holds_in_the_order_added() {
        for model in models() {
            for service in model.graph.node_indices() {
                let is_service = model.graph[service].kind == crate::ids::EntityKind::Service;
                assert_eq!(model.adjacency.funds_of(service).is_some(), is_service);
                for date in [
                    None,
                    Some(Date::constant(2020, 1, 1)),
                    Some(Date::constant(2024, 6, 1)),
                    Some(Date::constant(2028, 6, 1)),
                ] {
                    assert_eq!(
                        from_model(&model, service, date),
                        from_graph(&model, service, date),
                        "{} on {date:?}",
                        model.graph[service].id
                    );
                }
            }
        }
    }

    /// Removing an approver changes the funding links it approved, whose
    /// ends are elsewhere: the table must not go on listing it.
    #[test]
    fn a_removed_approver_leaves_the_funding_it_approved() {
        for mut model in models() {
            let Some((service, approver)) = model.graph.node_indices().find_map(|s| {
                let f = model
                    .fundings(s, None)
                    .find(|f| !f.approved_by.is_empty())?;
                Some((s, f.approved_by[0]))
            }) else {
                continue;
            };
            let id = model.graph[approver].id.to_string();
            model
                .remove_entity(&id, Removal::WithLinks)
                .expect("removable with its links");
            for date in [None, Some(Date::constant(2024, 6, 1))] {
                let now = from_model(&model, service, date);
                assert!(now.iter().all(|(_, _, _, a)| !a.contains(&approver)));
                assert_eq!(now, from_graph(&model, service, date));
            }
        }
    }

    #[test]
    fn payments_survive_their_code() {
        for p in Payment::ALL {
            assert_eq!(payment_of(payment_code(p)), p);
        }
    }
}
