//! Writing a model back out as a document.

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use crate::document::{
    Dependency, Document, Funding, Individual, Membership, Organisation, Oversight, Partnership,
    Reporting, Service, Usage,
};
use crate::ids::EntityKind;
use crate::model::{Link, LinkKind, Model};

impl Model {
    /// The model as a document: every entity and link, each section in
    /// the order its items were added (by the document, then by edits). A model built from a document gives
    /// back an equal document.
    ///
    /// ```
    /// use svcrel::{Document, Model};
    ///
    /// let doc = Document::from_json_file("examples/data/sample.json")?;
    /// let model = Model::from_document(&doc)?;
    /// assert_eq!(model.to_document(), doc);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn to_document(&self) -> Document {
        let g = &self.graph;
        let id = |n: petgraph::stable_graph::NodeIndex| g[n].id.to_string();
        let mut doc = Document {
            email_policy: self.identities.policy,
            ..Document::default()
        };
        let mut parents = Vec::new();
        let mut providers = Vec::new();
        let mut nodes: Vec<NodeIndex> = g.node_indices().collect();
        nodes.sort_unstable_by_key(|&n| g[n].seq);
        for n in nodes {
            let node = &g[n];
            let name = node.name.as_deref().map(str::to_owned);
            match node.kind {
                EntityKind::Organisation => {
                    parents.push((n, doc.organisations.len()));
                    let identity = self.identities.of(n).cloned().unwrap_or_default();
                    doc.organisations.push(Organisation {
                        name,
                        emails: identity.emails,
                        phones: identity.phones,
                        external_ids: identity.external_ids,
                        email_domains: identity.email_domains,
                        ..Organisation::new(id(n))
                    });
                }
                EntityKind::Individual => {
                    let identity = self.identities.of(n).cloned().unwrap_or_default();
                    doc.individuals.push(Individual {
                        name,
                        emails: identity.emails,
                        phones: identity.phones,
                        external_ids: identity.external_ids,
                        ..Individual::new(id(n))
                    });
                }
                EntityKind::Service => {
                    providers.push((n, doc.services.len()));
                    doc.services.push(Service {
                        name,
                        ..Service::new(id(n), String::new())
                    });
                }
            }
        }
        for (n, at) in parents {
            doc.organisations[at].parent = self.parent_of(n).map(|p| id(p).into());
        }
        for (n, at) in providers {
            let provider = self.provider_of(n).map(id);
            doc.services[at].provider = provider.unwrap_or_default().into();
        }
        let mut edges: Vec<EdgeIndex> = g.edge_indices().collect();
        edges.sort_unstable_by_key(|&e| g[e].seq);
        for e in edges {
            if let Some(link) = self.link_record(e) {
                link.push_to(&mut doc);
            }
        }
        doc
    }

    /// The document record of an edge (none for parent and provider
    /// edges, which are fields of entities).
    pub(crate) fn link_record(&self, e: EdgeIndex) -> Option<Link> {
        let g = &self.graph;
        let (source, target) = g.edge_endpoints(e)?;
        let id = |n: NodeIndex| g[n].id.to_string();
        let (a, b) = (id(source), id(target));
        let edge = g.edge_weight(e)?;
        let (from, until) = (edge.period.from(), edge.period.until());
        Some(match edge.kind {
            LinkKind::Parent | LinkKind::Provider => return None,
            LinkKind::Membership => Link::Membership(Membership {
                title: edge.title().map(str::to_owned),
                from,
                until,
                ..Membership::new(a, b)
            }),
            LinkKind::Reporting => Link::Reporting(Reporting {
                from,
                until,
                ..Reporting::new(a, b)
            }),
            LinkKind::Funding => {
                let f = edge.funding()?;
                Link::Funding(Funding {
                    approved_by: f.approved_by.iter().map(|&n| id(n).into()).collect(),
                    from,
                    until,
                    ..Funding::new(a, b, f.payment)
                })
            }
            LinkKind::Usage => Link::Usage(Usage {
                from,
                until,
                ..Usage::new(a, b)
            }),
            LinkKind::Dependency => Link::Dependency(Dependency {
                from,
                until,
                ..Dependency::new(a, b)
            }),
            LinkKind::Oversight => Link::Oversight(Oversight {
                from,
                until,
                ..Oversight::new(a, b)
            }),
            LinkKind::Partnership => Link::Partnership(Partnership {
                from,
                until,
                ..Partnership::new(a, b)
            }),
        })
    }
}
