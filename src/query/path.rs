//! Evidence paths: the links that prove an answer, kept as a predecessor
//! table and written out only when asked.

use std::fmt;

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use crate::document::Payment;
use crate::model::{Entity, Model, NodeMap};

/// The kind of link one step of a [`Path`] follows.
///
/// ```
/// assert_eq!(svcrel::LinkType::Approval.to_string(), "approval");
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
#[non_exhaustive]
pub enum LinkType {
    /// From a service to the party that funds it.
    Funding,
    /// From a payer to an individual who approves its payment.
    Approval,
    /// From an individual to their manager.
    Reporting,
    /// Between an organisation and its parent (upwards for customers,
    /// downwards for consumers).
    Parent,
    /// From an organisation to one of its members.
    Membership,
    /// From a service to a party that uses it.
    Usage,
    /// From a service to a service that depends on it.
    Dependency,
    /// From a service to the party that provides it.
    Provider,
}

impl LinkType {
    /// The word for the link, as in the JSON output.
    ///
    /// ```
    /// assert_eq!(svcrel::LinkType::Dependency.as_str(), "dependency");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            LinkType::Funding => "funding",
            LinkType::Approval => "approval",
            LinkType::Reporting => "reporting",
            LinkType::Parent => "parent",
            LinkType::Membership => "membership",
            LinkType::Usage => "usage",
            LinkType::Dependency => "dependency",
            LinkType::Provider => "provider",
        }
    }
}

impl fmt::Display for LinkType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a node was reached: from which node, by which link.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pred {
    pub(crate) node: NodeIndex,
    pub(crate) link: LinkType,
    pub(crate) edge: EdgeIndex,
    pub(crate) distance: u32,
    pub(crate) steps: u32,
}

/// The predecessor table of one traversal from a service.
///
/// Every node keeps the smallest (distance, steps) it was reached at;
/// among equally short ways it keeps the one whose predecessor has the
/// smallest id (then the smallest link type, then the link listed first
/// in the document), so a path never depends on where links happen to
/// sit in the graph.
#[derive(Clone, Debug)]
pub(crate) struct Trace {
    pub(crate) root: NodeIndex,
    preds: Preds,
}

/// The table itself: a map while the traversal is small; once it reaches
/// a sizeable share of the graph, a list of the ways in, in the order
/// found, and a slot per node of the graph holding its place in the list
/// (four bytes a node, so the random accesses of a traversal of the whole
/// enterprise stay in a small array, and no hashing).
#[derive(Clone, Debug)]
enum Preds {
    Sparse(NodeMap<Pred>),
    Dense {
        slots: Vec<u32>,
        found: Vec<(NodeIndex, Pred)>,
    },
}

/// An empty slot of [`Preds::Dense`].
const NOT_FOUND: u32 = u32::MAX;

impl Trace {
    pub(crate) fn new(root: NodeIndex) -> Self {
        Trace {
            root,
            preds: Preds::Sparse(NodeMap::default()),
        }
    }

    /// How many nodes have a way in.
    pub(crate) fn len(&self) -> usize {
        match &self.preds {
            Preds::Sparse(map) => map.len(),
            Preds::Dense { found, .. } => found.len(),
        }
    }

    /// Every node reached, with its way in, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (NodeIndex, &Pred)> + '_ {
        let (sparse, dense) = match &self.preds {
            Preds::Sparse(map) => (Some(map.iter().map(|(&n, p)| (n, p))), None),
            Preds::Dense { found, .. } => (None, Some(found.iter().map(|(n, p)| (*n, p)))),
        };
        sparse
            .into_iter()
            .flatten()
            .chain(dense.into_iter().flatten())
    }

    /// Moves the table to a slot per node once it holds more than a
    /// thirty-second of the graph (and a few thousand nodes).
    fn densify_if_large(&mut self, model: &Model) {
        let Preds::Sparse(map) = &self.preds else {
            return;
        };
        let bound = model.node_bound();
        if map.len() <= 4096 || map.len() <= bound / 32 {
            return;
        }
        let mut slots = vec![NOT_FOUND; bound];
        let mut found = Vec::with_capacity(map.len() * 2);
        for (&n, &p) in map {
            if let (Some(slot), Ok(at)) = (slots.get_mut(n.index()), u32::try_from(found.len())) {
                *slot = at;
                found.push((n, p));
            }
        }
        self.preds = Preds::Dense { slots, found };
    }

    /// Offers a way to reach `node`; true when `node` is new.
    pub(crate) fn offer(&mut self, model: &Model, node: NodeIndex, pred: Pred) -> bool {
        if node == self.root {
            return false;
        }
        self.densify_if_large(model);
        let old = match &mut self.preds {
            Preds::Dense { slots, found } => match slots.get_mut(node.index()) {
                None => return false, // past the graph's bound: no such node
                Some(slot) if *slot == NOT_FOUND => {
                    let Ok(at) = u32::try_from(found.len()) else {
                        return false; // more than the graph's nodes: cannot be
                    };
                    *slot = at;
                    found.push((node, pred));
                    return true;
                }
                Some(slot) => match found.get_mut(*slot as usize) {
                    Some((_, old)) => old,
                    None => return false,
                },
            },
            Preds::Sparse(map) => match map.entry(node) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(pred);
                    return true;
                }
                std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
            },
        };
        let better = (pred.distance, pred.steps)
            .cmp(&(old.distance, old.steps))
            .then_with(|| model.cmp_ids(pred.node, old.node))
            .then_with(|| pred.link.cmp(&old.link))
            .then_with(|| model.edge_seq(pred.edge).cmp(&model.edge_seq(old.edge)))
            .is_lt();
        if better {
            *old = pred;
        }
        false
    }

    pub(crate) fn get(&self, node: NodeIndex) -> Option<&Pred> {
        match &self.preds {
            Preds::Sparse(map) => map.get(&node),
            Preds::Dense { slots, found } => {
                let at = *slots.get(node.index())?;
                found.get(at as usize).map(|(_, p)| p)
            }
        }
    }

    /// The last step of the path to `node`: the way it was reached. Every
    /// answer of a query was found by a way in, which the table keeps.
    pub(crate) fn via<'m>(&self, model: &'m Model, node: NodeIndex) -> Step<'m> {
        let pred = self
            .get(node)
            .expect("an answer is a node the traversal reached, so it has a way in");
        Step {
            model,
            from: pred.node,
            link: pred.link,
            edge: pred.edge,
            to: node,
        }
    }

    /// How many links the path to `node` has, counted by walking back
    /// without building it.
    pub(crate) fn path_len(&self, node: NodeIndex) -> usize {
        let mut len = 0;
        let mut current = node;
        while let Some(pred) = self.get(current) {
            len += 1;
            current = pred.node;
            if len > self.len() {
                break; // cannot happen: steps strictly fall along preds
            }
        }
        len
    }

    /// The path from the root to `node`, built by walking back.
    pub(crate) fn path<'m>(&self, model: &'m Model, node: NodeIndex) -> Path<'m> {
        let mut steps = Vec::new();
        let mut current = node;
        while let Some(pred) = self.get(current) {
            steps.push((pred.node, pred.link, pred.edge, current));
            current = pred.node;
            if steps.len() > self.len() {
                break; // cannot happen: steps strictly fall along preds
            }
        }
        steps.reverse();
        // An approver's path goes through the funding link they approve,
        // even where the payer itself was first reached through another.
        for i in 1..steps.len() {
            if steps[i].1 == LinkType::Approval && steps[i - 1].1 == LinkType::Funding {
                steps[i - 1].2 = steps[i].2;
            }
        }
        Path {
            model,
            start: self.root,
            steps,
        }
    }
}

/// One shortest chain of links from a service to a party (or to an
/// affected service), proving an answer.
///
/// It starts at the service and ends at the party; each [`Step`] is one
/// link of the model that holds on the query's date. `Display` writes it
/// in words, from the party back to the service.
///
/// ```
/// use svcrel::{Model, Query};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let customers = model.customers_of("expense-app", &Query::new())?;
/// let cio = customers.get("goddard-cio").unwrap();
/// let path = cio.path();
/// assert_eq!(path.ids().collect::<Vec<_>>(), ["expense-app", "goddard-apps", "dana", "goddard-cio"]);
/// assert_eq!(
///     path.to_string(),
///     "Goddard CIO, manager of Dana Reyes, who approves Goddard applications' cash payment for Expense reporting"
/// );
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Path<'m> {
    model: &'m Model,
    start: NodeIndex,
    steps: Vec<(NodeIndex, LinkType, EdgeIndex, NodeIndex)>,
}

/// One link of a [`Path`]: from the entity nearer the service to the one
/// nearer the party.
///
/// ```
/// use svcrel::{LinkType, Model, Query};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let customers = model.customers_of("expense-app", &Query::new())?;
/// let dana = customers.get("dana").unwrap();
/// let links: Vec<LinkType> = dana.path().steps().map(|s| s.link()).collect();
/// assert_eq!(links, [LinkType::Funding, LinkType::Approval]);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Step<'m> {
    model: &'m Model,
    from: NodeIndex,
    link: LinkType,
    edge: EdgeIndex,
    to: NodeIndex,
}

impl<'m> Step<'m> {
    /// The entity nearer the service.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// # let customers = model.customers_of("expense-app", &svcrel::Query::new())?;
    /// let first = customers.get("dana").unwrap().path().steps().next().unwrap();
    /// assert_eq!(first.from().id(), "expense-app");
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn from(&self) -> Entity<'m> {
        self.model.entity_at(self.from)
    }

    /// The kind of link.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// # let customers = model.customers_of("expense-app", &svcrel::Query::new())?;
    /// let first = customers.get("dana").unwrap().path().steps().next().unwrap();
    /// assert_eq!(first.link(), svcrel::LinkType::Funding);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn link(&self) -> LinkType {
        self.link
    }

    /// The entity nearer the party.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// # let customers = model.customers_of("expense-app", &svcrel::Query::new())?;
    /// let first = customers.get("dana").unwrap().path().steps().next().unwrap();
    /// assert_eq!(first.to().id(), "goddard-apps");
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn to(&self) -> Entity<'m> {
        self.model.entity_at(self.to)
    }

    /// The payment, for a funding or approval step.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// # let customers = model.customers_of("expense-app", &svcrel::Query::new())?;
    /// let first = customers.get("dana").unwrap().path().steps().next().unwrap();
    /// assert_eq!(first.payment(), Some(svcrel::Payment::Cash));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn payment(&self) -> Option<Payment> {
        let edge = self.model.edge(self.edge)?;
        edge.funding().map(|f| f.payment)
    }
}

impl<'m> Path<'m> {
    /// The links of the path, from the service outwards.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// # let customers = model.customers_of("expense-app", &svcrel::Query::new())?;
    /// assert_eq!(customers.get("goddard-apps").unwrap().path().steps().count(), 1);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn steps(&self) -> impl ExactSizeIterator<Item = Step<'m>> + '_ {
        self.steps.iter().map(|&(from, link, edge, to)| Step {
            model: self.model,
            from,
            link,
            edge,
            to,
        })
    }

    /// The entities along the path, from the service to the party.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// # let customers = model.customers_of("expense-app", &svcrel::Query::new())?;
    /// let path = customers.get("goddard-apps").unwrap().path();
    /// assert_eq!(path.entities().map(|e| e.kind()).collect::<Vec<_>>(),
    ///            [svcrel::EntityKind::Service, svcrel::EntityKind::Organisation]);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn entities(&self) -> impl Iterator<Item = Entity<'m>> + '_ {
        std::iter::once(self.start)
            .chain(self.steps.iter().map(|s| s.3))
            .map(|n| self.model.entity_at(n))
    }

    /// The ids along the path, from the service to the party.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// # let customers = model.customers_of("expense-app", &svcrel::Query::new())?;
    /// let path = customers.get("goddard-apps").unwrap().path();
    /// assert_eq!(path.ids().collect::<Vec<_>>(), ["expense-app", "goddard-apps"]);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn ids(&self) -> impl Iterator<Item = &'m str> + '_ {
        self.entities().map(|e| e.id())
    }

    /// How many links the path has.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// # let customers = model.customers_of("expense-app", &svcrel::Query::new())?;
    /// assert_eq!(customers.get("dana").unwrap().path().len(), 2);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether the path has no links (it never has: a path ends at a
    /// party, not at the service itself).
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// # let customers = model.customers_of("expense-app", &svcrel::Query::new())?;
    /// assert!(!customers.get("dana").unwrap().path().is_empty());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

impl fmt::Display for Path<'_> {
    /// The path in words, from the party back to the service, e.g.
    /// "Goddard CIO, manager of Dana Reyes, who approves Goddard
    /// applications' cash payment for Expense reporting".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let steps: Vec<Step<'_>> = self.steps().collect();
        let Some(last) = steps.last() else {
            return f.write_str(self.model.entity_at(self.start).label());
        };
        f.write_str(last.to().label())?;
        let mut i = steps.len();
        while i > 0 {
            i -= 1;
            let step = &steps[i];
            let from = step.from().label();
            let who = match step.to().kind() {
                crate::ids::EntityKind::Individual => "who",
                _ => "which",
            };
            match step.link {
                LinkType::Approval => {
                    let payment = step.payment().unwrap_or(Payment::None);
                    let service = if i > 0 {
                        i -= 1; // the funding step is told in the same words
                        steps[i].from().label()
                    } else {
                        ""
                    };
                    let apostrophe = if from.ends_with('s') { "'" } else { "'s" };
                    match payment {
                        Payment::None => write!(
                            f,
                            ", who approves {from}{apostrophe} commission of {service}"
                        )?,
                        p => write!(
                            f,
                            ", who approves {from}{apostrophe} {p} payment for {service}"
                        )?,
                    }
                }
                LinkType::Funding => match step.payment().unwrap_or(Payment::None) {
                    Payment::None => write!(f, ", {who} commissions {from} without payment")?,
                    p => write!(f, ", {who} pays for {from} by {p}")?,
                },
                LinkType::Reporting => write!(f, ", manager of {from}")?,
                LinkType::Parent => {
                    let upwards = self.model.parent_of(step.from) == Some(step.to);
                    if upwards {
                        write!(f, ", parent of {from}")?
                    } else {
                        write!(f, ", part of {from}")?
                    }
                }
                LinkType::Membership => write!(f, ", member of {from}")?,
                LinkType::Usage => write!(f, ", {who} uses {from}")?,
                LinkType::Dependency => write!(f, ", {who} depends on {from}")?,
                LinkType::Provider => write!(f, ", {who} provides {from}")?,
            }
        }
        Ok(())
    }
}
