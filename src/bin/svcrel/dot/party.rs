//! `svcrel dot SERVICE --party PARTY`: one party's evidence.

use std::collections::{HashMap, HashSet};

use svcrel::{EvidenceLink, EvidenceLinkKind, Model, Query};

use super::paint::Paint;
use super::{Graph, Label, table};

/// The service, the party, the links of each of the party's roles
/// ([`Model::explain`]) and those to its paying customer
/// ([`Model::triage`]), each edge labelled with its link and dates; every
/// node coloured by its own roles towards the service; and the title's
/// lines.
pub fn graph<'m>(
    model: &'m Model,
    party: &str,
    service: &str,
    query: &Query,
) -> Result<(Graph<'m>, Vec<String>), svcrel::Error> {
    let relation = model.explain(party, service, query)?;
    let triage = model.triage(party, service, query)?;
    let (Some(service), Some(party)) = (model.entity(service), model.entity(party)) else {
        unreachable!("explain checked both ids");
    };
    let mut graph = Graph {
        service,
        nodes: Vec::new(),
        node_at: HashMap::new(),
        edges: Vec::new(),
        seen_edges: HashSet::new(),
        reduced: None,
    };
    graph.entity(service);
    graph.entity(party);
    let payer = triage.payer();
    let links = relation
        .evidence()
        .iter()
        .flat_map(|e| e.links.iter())
        .chain(payer.into_iter().flat_map(|p| p.links().iter()));
    for link in links {
        draw(&mut graph, model, link);
    }
    for at in 0..graph.nodes.len() {
        let super::Body::Entity(entity) = graph.nodes[at].body else {
            continue;
        };
        if entity.id() == service.id() {
            graph.role(at, None, "the service asked about".to_owned());
            continue;
        }
        let roles = if entity.id() == party.id() {
            relation.roles().to_vec()
        } else {
            model
                .relation(entity.id(), service.id(), query)?
                .roles()
                .to_vec()
        };
        for role in &roles {
            graph.role(at, Paint::of(role), role.to_string());
        }
        if roles.is_empty() {
            graph.role(at, None, "no role".to_owned());
        }
    }
    let roles: Vec<String> = relation.roles().iter().map(|r| r.to_string()).collect();
    let mut roles = match roles.as_slice() {
        [] => "no role".to_owned(),
        roles => roles.join(", "),
    };
    match payer {
        Some(p) => {
            roles.push_str("; tickets paid for by ");
            roles.push_str(&table::name_of(model, p.payer().as_str()));
        }
        None => roles.push_str("; no paying customer"),
    }
    let title = vec![
        format!("{} and {}", table::named(party), table::named(service)),
        roles,
        format!(
            "{}, {}",
            table::cutoffs(
                ("customers", query.customer_max_chain()),
                ("consumers", query.consumer_max_chain())
            ),
            table::as_of(query.date()),
        ),
    ];
    Ok((graph, title))
}

/// A link as an edge from its source to its target, and a funding link's
/// approvers as approval edges to its payer.
fn draw<'m>(graph: &mut Graph<'m>, model: &'m Model, link: &EvidenceLink) {
    let (Some(source), Some(target)) = (model.entity(&link.source), model.entity(&link.target))
    else {
        return;
    };
    let dates = dates(link);
    let (tail, head) = (graph.entity(source), graph.entity(target));
    graph.edge(
        tail,
        head,
        Label::Evidence([vec![link.kind.name().to_owned()], dates.clone()].concat()),
    );
    if link.kind == EvidenceLinkKind::Funding {
        for approver in link.approved_by.iter().filter_map(|a| model.entity(a)) {
            let at = graph.entity(approver);
            graph.edge(
                at,
                tail,
                Label::Evidence([vec!["approval".to_owned()], dates.clone()].concat()),
            );
        }
    }
}

/// A link's dates, a line each: `from 2027-01-01`.
fn dates(link: &EvidenceLink) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(from) = link.from {
        out.push(format!("from {from}"));
    }
    if let Some(until) = link.until {
        out.push(format!("until {until}"));
    }
    out
}
