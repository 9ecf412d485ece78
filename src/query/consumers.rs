//! `consumers_of`: who uses a service, directly, through an organisation,
//! or by relying on a service that depends on it.

use std::collections::VecDeque;

use jiff::civil::Date;
use petgraph::stable_graph::NodeIndex;

use crate::ids::EntityKind;
use crate::model::{Entity, LinkKind, Model};
use crate::query::MaxChain;
use crate::query::path::{LinkType, Path, Pred, Step, Trace};

#[derive(Clone, Copy, Debug)]
struct Found {
    node: NodeIndex,
    distance: u32,
}

/// The consumers of a service, and the services affected through
/// dependencies: see [`Model::consumers_of`].
///
/// Paths are not stored: the answer keeps one predecessor table and
/// builds a path when [`Consumer::path`] asks for it.
#[derive(Clone, Debug)]
pub struct Consumers<'m> {
    model: &'m Model,
    parties: Vec<Found>,
    services: Vec<Found>,
    trace: Trace,
}

/// One consumer in [`Consumers`]: the party, its distance, and a path
/// that proves it.
///
/// ```
/// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
/// let consumers = model.consumers_of("build-farm", &svcrel::Query::new())?;
/// let priya = consumers.get("developer-priya").unwrap();
/// assert_eq!(priya.distance(), 1);
/// assert_eq!(priya.party().kind(), svcrel::EntityKind::Individual);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Consumer<'a, 'm> {
    model: &'m Model,
    trace: &'a Trace,
    found: Found,
}

/// A service affected through dependencies, in [`Consumers`].
///
/// ```
/// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
/// let consumers = model.consumers_of("build-farm", &svcrel::Query::new())?;
/// let ci = consumers.services().next().unwrap();
/// assert_eq!((ci.service().id(), ci.distance()), ("ci-pipeline", 1));
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct AffectedService<'a, 'm> {
    model: &'m Model,
    trace: &'a Trace,
    found: Found,
}

impl<'m> Consumer<'_, 'm> {
    /// The consumer: an organisation or an individual.
    pub fn party(&self) -> Entity<'m> {
        self.model.entity_at(self.found.node)
    }

    /// Dependency steps between the service and the service this party
    /// uses (0: it uses the service itself).
    pub fn distance(&self) -> u32 {
        self.found.distance
    }

    /// One shortest path from the service to this consumer.
    pub fn path(&self) -> Path<'m> {
        self.trace.path(self.model, self.found.node)
    }

    /// The last step of [`path`](Consumer::path), found at once: the
    /// entity next towards the service (a service it uses, the
    /// organisation it belongs to, the one above) and the link that joins
    /// them. As for [`Customer::via`](crate::Customer::via), the `via`
    /// steps of all the answers are the evidence of all their paths, in
    /// space linear in the answer.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let consumers = model.consumers_of("build-farm", &svcrel::Query::new())?;
    /// let via = consumers.get("developer-priya").unwrap().via();
    /// assert_eq!(via.to().id(), "developer-priya");
    /// assert_eq!(via.link(), svcrel::LinkType::Usage);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn via(&self) -> Step<'m> {
        self.trace.via(self.model, self.found.node)
    }

    /// How many links [`path`](Consumer::path) has, counted without
    /// building it (in time linear in the length).
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let consumers = model.consumers_of("build-farm", &svcrel::Query::new())?;
    /// let priya = consumers.get("developer-priya").unwrap();
    /// assert_eq!(priya.path_len(), priya.path().len());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn path_len(&self) -> usize {
        self.trace.path_len(self.found.node)
    }
}

impl<'m> AffectedService<'_, 'm> {
    /// The affected service.
    pub fn service(&self) -> Entity<'m> {
        self.model.entity_at(self.found.node)
    }

    /// Dependency steps from the service asked about.
    pub fn distance(&self) -> u32 {
        self.found.distance
    }

    /// One shortest chain of dependencies to this service.
    pub fn path(&self) -> Path<'m> {
        self.trace.path(self.model, self.found.node)
    }

    /// The last step of [`path`](AffectedService::path), found at once:
    /// the service this one depends on, one step nearer the service asked
    /// about.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let consumers = model.consumers_of("build-farm", &svcrel::Query::new())?;
    /// let via = consumers.services().next().unwrap().via();
    /// assert_eq!((via.from().id(), via.link()), ("build-farm", svcrel::LinkType::Dependency));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn via(&self) -> Step<'m> {
        self.trace.via(self.model, self.found.node)
    }

    /// How many links [`path`](AffectedService::path) has, counted
    /// without building it.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let consumers = model.consumers_of("build-farm", &svcrel::Query::new())?;
    /// assert_eq!(consumers.services().next().unwrap().path_len(), 1);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn path_len(&self) -> usize {
        self.trace.path_len(self.found.node)
    }
}

impl<'m> Consumers<'m> {
    /// The service asked about.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let consumers = model.consumers_of("build-farm", &svcrel::Query::new())?;
    /// assert_eq!(consumers.service().id(), "build-farm");
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn service(&self) -> Entity<'m> {
        self.model.entity_at(self.trace.root)
    }

    /// The consumers, ordered by distance, then id.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let consumers = model.consumers_of("nfl-broadcast", &svcrel::Query::new())?;
    /// assert!(consumers.iter().any(|c| c.party().id() == "fan"));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Consumer<'_, 'm>> + '_ {
        self.parties.iter().map(|&found| Consumer {
            model: self.model,
            trace: &self.trace,
            found,
        })
    }

    /// Every affected service but the one asked about, ordered by
    /// distance, then id.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let consumers = model.consumers_of("build-farm", &svcrel::Query::new())?;
    /// assert_eq!(consumers.services().count(), 1);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn services(&self) -> impl ExactSizeIterator<Item = AffectedService<'_, 'm>> + '_ {
        self.services.iter().map(|&found| AffectedService {
            model: self.model,
            trace: &self.trace,
            found,
        })
    }

    /// The consumer with this id, if it is one.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let consumers = model.consumers_of("nfl-broadcast", &svcrel::Query::new())?;
    /// assert_eq!(consumers.get("fan").unwrap().distance(), 0);
    /// assert!(consumers.get("pepsi").is_none());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn get(&self, party: &str) -> Option<Consumer<'_, 'm>> {
        let node = self.model.node_of(party)?;
        let pred = self.trace.get(node)?;
        self.model.kind_of(node).is_party().then_some(Consumer {
            model: self.model,
            trace: &self.trace,
            found: Found {
                node,
                distance: pred.distance,
            },
        })
    }

    /// How many consumers.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.consumers_of("build-farm", &svcrel::Query::new())?.len(), 4);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.parties.len()
    }

    /// Whether nobody consumes the service (on the date).
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert!(!model.consumers_of("build-farm", &svcrel::Query::new())?.is_empty());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.parties.is_empty()
    }

    /// Each consumer's node and distance, in the order of
    /// [`Consumers::iter`], without reading their entities.
    pub(crate) fn nodes(&self) -> impl ExactSizeIterator<Item = (NodeIndex, u32)> + '_ {
        self.parties.iter().map(|f| (f.node, f.distance))
    }
}

impl Model {
    pub(crate) fn consumers_from(
        &self,
        service: NodeIndex,
        max: MaxChain,
        date: Option<Date>,
    ) -> Consumers<'_> {
        let mut trace = Trace::new(service);
        let mut parties = Vec::new();
        let mut services = Vec::new();
        let mut layer = vec![service];
        let mut flood: VecDeque<NodeIndex> = VecDeque::new();
        let mut distance = 0;
        loop {
            let pred = |node, link, edge, steps| Pred {
                node,
                link,
                edge,
                distance,
                steps,
            };
            // Users and providers of the services at this distance.
            for &a in &layer {
                for (user, e) in self.links_in(a, LinkKind::Usage, date) {
                    if trace.offer(self, user, pred(a, LinkType::Usage, e, distance + 1)) {
                        flood.push_back(user);
                    }
                }
                if a != service {
                    for (provider, e) in self.links_out(a, LinkKind::Provider, date) {
                        if trace.offer(self, provider, pred(a, LinkType::Provider, e, distance + 1))
                        {
                            flood.push_back(provider);
                        }
                    }
                }
            }
            // Organisations pass their distance down to sub-organisations
            // and members, at no cost in distance.
            while let Some(node) = flood.pop_front() {
                // Found at this distance first, so this is its distance: a
                // later offer can shorten its steps but not its distance.
                parties.push(Found { node, distance });
                if self.kind_of(node) != EntityKind::Organisation {
                    continue;
                }
                let steps = trace.get(node).map_or(0, |p| p.steps);
                for (below, e) in self.links_in(node, LinkKind::Parent, date) {
                    if trace.offer(self, below, pred(node, LinkType::Parent, e, steps + 1)) {
                        flood.push_back(below);
                    }
                }
                // Members are individuals: they pass nothing on, so they
                // are answers at once, without a turn in the queue.
                for (member, e) in self.links_in(node, LinkKind::Membership, date) {
                    let way = pred(node, LinkType::Membership, e, steps + 1);
                    if trace.offer(self, member, way) {
                        parties.push(Found {
                            node: member,
                            distance,
                        });
                    }
                }
            }
            if !max.allows(distance + 1) {
                break;
            }
            // Services that depend on the services at this distance.
            let mut next = Vec::new();
            for &a in &layer {
                for (dependent, e) in self.links_in(a, LinkKind::Dependency, date) {
                    let p = pred(a, LinkType::Dependency, e, distance + 1);
                    if trace.offer(
                        self,
                        dependent,
                        Pred {
                            distance: distance + 1,
                            ..p
                        },
                    ) {
                        next.push(dependent);
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            services.extend(next.iter().map(|&node| Found {
                node,
                distance: distance + 1,
            }));
            layer = next;
            distance += 1;
        }
        self.sort_by_distance_then_id(&mut parties, |f| (f.distance, f.node));
        self.sort_by_distance_then_id(&mut services, |f| (f.distance, f.node));
        Consumers {
            model: self,
            parties,
            services,
            trace,
        }
    }
}
