//! Writing a model back out as a document.

use petgraph::visit::{EdgeRef, IntoEdgeReferences};

use crate::document::{
    Dependency, Document, Funding, Individual, Membership, Organisation, Oversight, Partnership,
    Reporting, Service, Usage,
};
use crate::ids::EntityKind;
use crate::model::{LinkKind, Model};

impl Model {
    /// The model as a document: every entity and link, each section in
    /// the order its items were added. A model built from a document gives
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
        let mut doc = Document::default();
        let mut parents = Vec::new();
        let mut providers = Vec::new();
        for n in g.node_indices() {
            let node = &g[n];
            let name = node.name.as_deref().map(str::to_owned);
            match node.kind {
                EntityKind::Organisation => {
                    parents.push((n, doc.organisations.len()));
                    doc.organisations.push(Organisation {
                        name,
                        ..Organisation::new(id(n))
                    });
                }
                EntityKind::Individual => {
                    doc.individuals.push(Individual {
                        name,
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
        for e in g.edge_references() {
            let (a, b) = (id(e.source()), id(e.target()));
            let Link { kind, period } = e.weight();
            let (from, until) = (period.from, period.until);
            match kind {
                LinkKind::Parent | LinkKind::Provider => {}
                LinkKind::Membership(title) => doc.memberships.push(Membership {
                    title: title.as_deref().map(str::to_owned),
                    from,
                    until,
                    ..Membership::new(a, b)
                }),
                LinkKind::Reporting => doc.reporting.push(Reporting {
                    from,
                    until,
                    ..Reporting::new(a, b)
                }),
                LinkKind::Funding(f) => doc.funding.push(Funding {
                    approved_by: f.approved_by.iter().map(|&n| id(n).into()).collect(),
                    from,
                    until,
                    ..Funding::new(a, b, f.payment)
                }),
                LinkKind::Usage => doc.usage.push(Usage {
                    from,
                    until,
                    ..Usage::new(a, b)
                }),
                LinkKind::Dependency => doc.dependencies.push(Dependency {
                    from,
                    until,
                    ..Dependency::new(a, b)
                }),
                LinkKind::Oversight => doc.oversight.push(Oversight {
                    from,
                    until,
                    ..Oversight::new(a, b)
                }),
                LinkKind::Partnership => doc.partnerships.push(Partnership {
                    from,
                    until,
                    ..Partnership::new(a, b)
                }),
            }
        }
        doc
    }
}

use crate::model::Link;
