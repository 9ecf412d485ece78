//! `impact`: who is hit, and whom to tell, when a service fails.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::stable_graph::NodeIndex;

use crate::ids::{EntityKind, PartyId, ServiceId};
use crate::model::Model;
use crate::query::Query;
use crate::query::triage::Payers;

/// What a failure of a service reaches: see [`Model::impact`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Impact {
    services: Vec<(ServiceId, u32)>,
    consumers_by_top: BTreeMap<PartyId, usize>,
    consumers_by_payer: BTreeMap<PartyId, usize>,
    consumers_without_payer: usize,
    notify: Vec<PartyId>,
}

impl Impact {
    /// The affected services with their distances: the failed service at
    /// 0, then every service depending on it, ordered by distance, then id.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let impact = model.impact("build-farm", &svcrel::Query::new())?;
    /// let services: Vec<(&str, u32)> = impact.services().iter().map(|(s, d)| (s.as_str(), *d)).collect();
    /// assert_eq!(services, [("build-farm", 0), ("ci-pipeline", 1)]);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn services(&self) -> &[(ServiceId, u32)] {
        &self.services
    }

    /// The individuals among the consumers, counted per top-level
    /// organisation ([`Model::top`]); an individual in two companies
    /// counts in both, and one with no membership on the date counts
    /// under their own id, as `top` gives it.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let impact = model.impact("build-farm", &svcrel::Query::new())?;
    /// assert_eq!(impact.consumers_by_top().get("expenseco"), Some(&3));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn consumers_by_top(&self) -> &BTreeMap<PartyId, usize> {
        &self.consumers_by_top
    }

    /// The individuals among the consumers, counted per paying customer as
    /// [`Model::triage`] would choose it for each of them on the failed
    /// service; those nobody near pays for are counted in
    /// [`Impact::consumers_without_payer`].
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let impact = model.impact("desktop-support", &svcrel::Query::new())?;
    /// assert_eq!(impact.consumers_by_payer().get("council-education"), Some(&4));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn consumers_by_payer(&self) -> &BTreeMap<PartyId, usize> {
        &self.consumers_by_payer
    }

    /// How many individual consumers have no paying customer near them.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let impact = model.impact("desktop-support", &svcrel::Query::new())?;
    /// assert_eq!(impact.consumers_without_payer(), 2); // the pupils
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn consumers_without_payer(&self) -> usize {
        self.consumers_without_payer
    }

    /// The customers (sponsors among them) of every affected service,
    /// within the customer chain cutoff: whom to notify. Sorted by id.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let impact = model.impact("build-farm", &svcrel::Query::new().max_chain(0))?;
    /// assert_eq!(impact.notify(), ["expenseco", "expenseco-cto"]);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn notify(&self) -> &[PartyId] {
        &self.notify
    }
}

impl Model {
    /// [`Model::impact`] of a service node.
    pub(crate) fn impact_of(&self, node: NodeIndex, query: &Query) -> Impact {
        let date = query.date();
        let consumers = self.consumers_from(node, query.consumer_max_chain(), date);
        let mut services = vec![(ServiceId::from(self.id(node)), 0)];
        services.extend(
            consumers
                .services()
                .map(|s| (ServiceId::from(s.service().id()), s.distance())),
        );
        let mut by_top: BTreeMap<PartyId, usize> = BTreeMap::new();
        let mut by_payer: BTreeMap<PartyId, usize> = BTreeMap::new();
        let mut without_payer = 0;
        let mut payers = Payers::of(self, node, date);
        for consumer in consumers.iter() {
            let party = consumer.party();
            if party.kind() != EntityKind::Individual {
                continue;
            }
            let Some(n) = self.node_of(party.id()) else {
                continue;
            };
            for top in self.top_nodes(n, date) {
                *by_top.entry(PartyId::from(self.id(top))).or_default() += 1;
            }
            match payers
                .best(self, n, date)
                .and_then(|c| self.edge_ends(c.edge))
            {
                Some((payer, _)) => {
                    *by_payer.entry(PartyId::from(self.id(payer))).or_default() += 1
                }
                None => without_payer += 1,
            }
        }
        let mut notify: BTreeSet<PartyId> = BTreeSet::new();
        for (affected, _) in &services {
            if let Some(a) = self.node_of(affected.as_str()) {
                let customers = self.customers_from(a, query.customer_max_chain(), date);
                notify.extend(customers.iter().map(|c| PartyId::from(c.party().id())));
            }
        }
        Impact {
            services,
            consumers_by_top: by_top,
            consumers_by_payer: by_payer,
            consumers_without_payer: without_payer,
            notify: notify.into_iter().collect(),
        }
    }
}
