//! `customers_of`: who pays for or commissions a service, and the chain
//! above them.

use std::fmt;

use jiff::civil::Date;
use petgraph::stable_graph::NodeIndex;

use crate::document::Payment;
use crate::ids::EntityKind;
use crate::model::{Entity, LinkKind, Model, NodeSet};
use crate::query::MaxChain;
use crate::query::path::{LinkType, Path, Pred, Step, Trace};

/// Whether a customer is external or internal to the provider's company.
///
/// ```
/// assert_eq!(svcrel::Scope::External.to_string(), "external");
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Reached from a cash or trade payment by a payer whose company shares
    /// nothing with the provider's.
    External,
    /// Every other customer: the same company, or paying nothing, by
    /// chargeback or by allocation.
    Internal,
}

impl Scope {
    /// The word for the scope, as in the JSON output.
    ///
    /// ```
    /// assert_eq!(svcrel::Scope::Internal.as_str(), "internal");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::External => "external",
            Scope::Internal => "internal",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug)]
struct Found {
    node: NodeIndex,
    distance: u32,
    scope: Scope,
}

/// The customers of a service: see [`Model::customers_of`].
#[derive(Clone, Debug)]
pub struct Customers<'m> {
    model: &'m Model,
    found: Vec<Found>,
    trace: Trace,
}

/// One customer in [`Customers`]: the party, its distance along the
/// chain, its scope, and a path that proves it.
///
/// ```
/// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
/// let customers = model.customers_of("expense-app", &svcrel::Query::new())?;
/// let first = customers.iter().next().unwrap();
/// // The party and its path borrow the model, not the answer.
/// let id: &str = first.party().id();
/// assert_eq!((id, first.distance()), ("dana", 0));
/// assert_eq!(first.scope(), svcrel::Scope::External);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Customer<'a, 'm> {
    model: &'m Model,
    trace: &'a Trace,
    found: Found,
}

impl<'m> Customer<'_, 'm> {
    /// The customer: an organisation or an individual.
    pub fn party(&self) -> Entity<'m> {
        self.model.entity_at(self.found.node)
    }

    /// Steps up the chain from a payer or approver (0 for them).
    pub fn distance(&self) -> u32 {
        self.found.distance
    }

    /// External or internal.
    pub fn scope(&self) -> Scope {
        self.found.scope
    }

    /// One shortest path from the service to this customer.
    pub fn path(&self) -> Path<'m> {
        self.trace.path(self.model, self.found.node)
    }

    /// The last step of [`path`](Customer::path), found at once: the
    /// entity next towards the service (the service itself, a payer, the
    /// one below on the chain) and the link that joins them.
    ///
    /// Every entity on a path is itself an answer of the query (or the
    /// service), so the `via` steps of all the answers together are the
    /// evidence of all their paths, in space linear in the answer, where
    /// writing out every path can cost the square of it (a long chain).
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let customers = model.customers_of("expense-app", &svcrel::Query::new())?;
    /// let via = customers.get("dana").unwrap().via();
    /// assert_eq!((via.from().id(), via.link()), ("goddard-apps", svcrel::LinkType::Approval));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn via(&self) -> Step<'m> {
        self.trace.via(self.model, self.found.node)
    }

    /// How many links [`path`](Customer::path) has, counted without
    /// building it (in time linear in the length).
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let customers = model.customers_of("expense-app", &svcrel::Query::new())?;
    /// let dana = customers.get("dana").unwrap();
    /// assert_eq!(dana.path_len(), dana.path().len());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn path_len(&self) -> usize {
        self.trace.path_len(self.found.node)
    }
}

impl<'m> Customers<'m> {
    /// The service asked about.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let customers = model.customers_of("expense-app", &svcrel::Query::new())?;
    /// assert_eq!(customers.service().id(), "expense-app");
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn service(&self) -> Entity<'m> {
        self.model.entity_at(self.trace.root)
    }

    /// The customers, ordered by distance, then id.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let customers = model.customers_of("expense-app", &svcrel::Query::new().max_chain(0))?;
    /// let ids: Vec<&str> = customers.iter().map(|c| c.party().id()).collect();
    /// assert_eq!(ids, ["dana", "goddard-apps"]);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Customer<'_, 'm>> + '_ {
        self.found.iter().map(|&found| self.customer(found))
    }

    fn customer(&self, found: Found) -> Customer<'_, 'm> {
        Customer {
            model: self.model,
            trace: &self.trace,
            found,
        }
    }

    /// The customer with this id, if it is one.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let customers = model.customers_of("expense-app", &svcrel::Query::new())?;
    /// assert_eq!(customers.get("goddard").unwrap().distance(), 1);
    /// assert!(customers.get("nasa").is_none()); // two steps up: beyond the default cutoff
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn get(&self, party: &str) -> Option<Customer<'_, 'm>> {
        self.get_node(self.model.node_of(party)?)
    }

    pub(crate) fn get_node(&self, node: NodeIndex) -> Option<Customer<'_, 'm>> {
        self.trace.get(node)?;
        let found = self.found.iter().find(|f| f.node == node)?;
        Some(self.customer(*found))
    }

    /// How many customers.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.customers_of("expense-app", &svcrel::Query::new())?.len(), 4);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.found.len()
    }

    /// Whether nobody pays for the service (on the date).
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert!(!model.customers_of("expense-app", &svcrel::Query::new())?.is_empty());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }
}

impl Model {
    pub(crate) fn customers_from(
        &self,
        service: NodeIndex,
        max: MaxChain,
        date: Option<Date>,
    ) -> Customers<'_> {
        let mut trace = Trace::new(service);
        let mut layer: Vec<NodeIndex> = Vec::new();
        let mut external_seeds: Vec<NodeIndex> = Vec::new();
        let provider_top = self
            .provider_of(service)
            .map(|p| self.top_nodes(p, date))
            .unwrap_or_default();
        for funding in self.fundings(service, date) {
            let (payer, e) = (funding.payer, funding.edge);
            let at = |node, link, steps| Pred {
                node,
                link,
                edge: e,
                distance: 0,
                steps,
            };
            if trace.offer(self, payer, at(service, LinkType::Funding, 1)) {
                layer.push(payer);
            }
            for &approver in funding.approved_by {
                if trace.offer(self, approver, at(payer, LinkType::Approval, 2)) {
                    layer.push(approver);
                }
            }
            if self.pays_from_outside(funding.payment, payer, &provider_top, date) {
                external_seeds.push(payer);
                external_seeds.extend(funding.approved_by.iter().copied());
            }
        }
        let mut distance = 0;
        while !layer.is_empty() && max.allows(distance + 1) {
            let mut next = Vec::new();
            for &node in &layer {
                let steps = trace.get(node).map_or(0, |p| p.steps);
                self.for_each_above(node, date, |above, link, edge| {
                    let pred = Pred {
                        node,
                        link,
                        edge,
                        distance: distance + 1,
                        steps: steps + 1,
                    };
                    if trace.offer(self, above, pred) {
                        next.push(above);
                    }
                });
            }
            layer = next;
            distance += 1;
        }
        let external = self.reached_within(external_seeds, max, date);
        let mut found: Vec<Found> = trace
            .iter()
            .map(|(node, pred)| Found {
                node,
                distance: pred.distance,
                scope: if external.contains(&node) {
                    Scope::External
                } else {
                    Scope::Internal
                },
            })
            .collect();
        self.sort_by_distance_then_id(&mut found, |f| (f.distance, f.node));
        Customers {
            model: self,
            found,
            trace,
        }
    }

    /// Whether a funding link makes its payer an external customer: it
    /// pays cash or trade, and no top organisation of the payer is one of
    /// the provider's (`provider_top`).
    pub(crate) fn pays_from_outside(
        &self,
        payment: Payment,
        payer: NodeIndex,
        provider_top: &[NodeIndex],
        date: Option<Date>,
    ) -> bool {
        payment.is_cash_or_trade()
            && self
                .top_nodes(payer, date)
                .iter()
                .all(|t| !provider_top.contains(t))
    }

    /// Calls `f` for each one step up the customer chain from `node`: an
    /// individual's managers (by reporting lines holding on `date`), an
    /// organisation's parent.
    fn for_each_above(
        &self,
        node: NodeIndex,
        date: Option<Date>,
        mut f: impl FnMut(NodeIndex, LinkType, petgraph::stable_graph::EdgeIndex),
    ) {
        let (kind, link) = match self.kind_of(node) {
            EntityKind::Individual => (LinkKind::Reporting, LinkType::Reporting),
            EntityKind::Organisation => (LinkKind::Parent, LinkType::Parent),
            EntityKind::Service => return,
        };
        for (above, e) in self.links_out(node, kind, date) {
            f(above, link, e);
        }
    }

    /// Every node within `max` steps up the customer chain from `seeds`.
    fn reached_within(&self, seeds: Vec<NodeIndex>, max: MaxChain, date: Option<Date>) -> NodeSet {
        let mut seen: NodeSet = seeds.iter().copied().collect();
        let mut layer = seeds;
        let mut distance = 0;
        while !layer.is_empty() && max.allows(distance + 1) {
            let mut next = Vec::new();
            for &node in &layer {
                self.for_each_above(node, date, |above, _, _| {
                    if seen.insert(above) {
                        next.push(above);
                    }
                });
            }
            layer = next;
            distance += 1;
        }
        seen
    }
}
