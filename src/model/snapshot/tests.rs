//! Tests of the read-optimised snapshot against the graph it copies.

use jiff::civil::Date;

use super::*;
use crate::model::{LinkKind, Model};

const KINDS: [LinkKind; 9] = [
    LinkKind::Parent,
    LinkKind::Provider,
    LinkKind::Membership,
    LinkKind::Reporting,
    LinkKind::Funding,
    LinkKind::Usage,
    LinkKind::Dependency,
    LinkKind::Oversight,
    LinkKind::Partnership,
];

fn sample() -> Model {
    let json = include_str!("../../../examples/data/sample.json");
    Model::from_json_str(json).expect("the sample loads")
}

type List = Vec<(NodeIndex, EdgeIndex)>;

/// A snapshot that knows nothing: every list comes from the graph.
fn stale() -> Adjacency {
    Adjacency {
        packed: Arc::new(Packed {
            unpacked: true,
            ..Packed::default()
        }),
        ..Adjacency::default()
    }
}

/// Every list the snapshot gives, beside the same list from the graph.
fn both_ways(model: &Model, date: Option<Date>) -> Vec<(List, List)> {
    let stale = stale();
    let mut out = Vec::new();
    for node in model.graph.node_indices() {
        for dir in [Direction::Outgoing, Direction::Incoming] {
            for kind in KINDS {
                let packed: Vec<_> = model.links(node, dir, kind, date).collect();
                let mut walked: Vec<_> =
                    Links::new(&stale, &model.graph, node, dir, kind, date).collect();
                walked.sort_by_key(|&(_, e)| model.graph[e].seq);
                out.push((packed, walked));
            }
        }
    }
    out
}

#[test]
fn the_snapshot_lists_what_the_graph_holds_in_the_order_added() {
    let model = sample();
    assert!(!model.adjacency.packed.unpacked);
    for date in [
        None,
        Some(Date::constant(2020, 1, 1)),
        Some(Date::constant(2028, 6, 1)),
    ] {
        for (packed, walked) in both_ways(&model, date) {
            assert_eq!(packed, walked, "on {date:?}");
        }
    }
    let links = model.graph.edge_count();
    let slots = model.graph.node_count() + 1;
    let services = model.counts().services;
    // Per link 8 bytes each way; per node 4 bytes each way, its
    // 16-byte record and its rank; per service 16 bytes of spans, and
    // its funding; the side records.
    let funds = model
        .adjacency
        .packed
        .funds
        .as_ref()
        .map_or(0, Funds::bytes);
    let sides = model.adjacency.packed.sides.bytes();
    let chains = model
        .adjacency
        .packed
        .chains
        .as_ref()
        .map_or(0, ProviderChains::bytes);
    assert_eq!(
        model.adjacency.bytes(),
        2 * (links * 8 + slots * 4)
            + (slots - 1) * (16 + 4)
            + services * 16
            + funds
            + sides
            + chains
    );
    for node in model.graph.node_indices() {
        assert_eq!(model.adjacency.kind(node), Some(model.graph[node].kind));
        let mut top = node;
        while let Some((parent, _)) = Links::new(
            &stale(),
            &model.graph,
            top,
            Direction::Outgoing,
            LinkKind::Parent,
            None,
        )
        .next()
        {
            top = parent;
        }
        let expected = (model.graph[node].kind == EntityKind::Organisation).then_some(top);
        assert_eq!(model.adjacency.root(node), expected);
    }
}

/// One step up from every node, as `Model::ups` gives it from the
/// record, beside the same from the graph.
fn ups_both_ways(model: &Model, date: Option<Date>) {
    let stale = stale();
    for node in model.graph.node_indices() {
        for kind in [LinkKind::Membership, LinkKind::Reporting, LinkKind::Parent] {
            let ups: Vec<NodeIndex> = model.ups(node, kind, date).collect();
            let mut walked: Vec<_> =
                Links::new(&stale, &model.graph, node, Direction::Outgoing, kind, date).collect();
            walked.sort_by_key(|&(_, e)| model.graph[e].seq);
            let walked: Vec<NodeIndex> = walked.into_iter().map(|(n, _)| n).collect();
            assert_eq!(ups, walked, "{} {kind:?} on {date:?}", model.graph[node].id);
        }
    }
}

#[test]
fn an_individuals_only_manager_and_organisation_are_its_links() {
    let json = r#"{"version": 1,
        "organisations": [{"id": "a"}, {"id": "b", "parent": "a"}],
        "individuals": [{"id": "boss"}, {"id": "one"}, {"id": "two"}, {"id": "dated"}],
        "memberships": [{"individual": "one", "organisation": "b"},
                        {"individual": "two", "organisation": "a"},
                        {"individual": "two", "organisation": "b"},
                        {"individual": "dated", "organisation": "a", "until": "2025-01-01"}],
        "reporting": [{"individual": "one", "manager": "boss"},
                      {"individual": "dated", "manager": "boss", "from": "2025-01-01"}]}"#;
    let mut model = Model::from_json_str(json).expect("valid");
    let node = |m: &Model, id: &str| m.node_of(id).expect("known");
    let only = |m: &Model, id: &str, kind| m.adjacency.only_up(node(m, id), kind);
    assert_eq!(
        only(&model, "one", LinkKind::Membership),
        Some(node(&model, "b"))
    );
    assert_eq!(
        only(&model, "one", LinkKind::Reporting),
        Some(node(&model, "boss"))
    );
    for (id, kind) in [
        ("two", LinkKind::Membership),
        ("dated", LinkKind::Membership),
        ("dated", LinkKind::Reporting),
        ("boss", LinkKind::Reporting),
        ("b", LinkKind::Membership),
    ] {
        assert_eq!(only(&model, id, kind), None, "{id} {kind:?}");
    }
    let dates = [
        None,
        Some(Date::constant(2024, 1, 1)),
        Some(Date::constant(2026, 1, 1)),
    ];
    for date in dates {
        ups_both_ways(&model, date);
    }
    // A second membership: the record no longer speaks for "one".
    model
        .add_link(crate::document::Membership::new("one", "a"))
        .expect("a valid link");
    assert_eq!(only(&model, "one", LinkKind::Membership), None);
    for date in dates {
        ups_both_ways(&model, date);
    }
    #[cfg(feature = "synth")]
    {
        let doc = crate::Synthetic::new(1500).seed(9).document();
        let model = Model::from_document(&doc).expect("valid");
        for date in [None, Some(Date::constant(2024, 6, 1))] {
            ups_both_ways(&model, date);
        }
    }
}

/// The organisations a walk along side records from `org` meets.
fn record_walk(model: &Model, org: NodeIndex) -> Option<Vec<NodeIndex>> {
    let mut record = model.adjacency.side_record(org)?;
    let mut out = Vec::new();
    while let Some((node, next)) = model.adjacency.side_step(record) {
        out.push(node);
        record = next;
    }
    Some(out)
}

/// From each organisation, the side records lead through exactly the
/// organisations at or above it that have side links, in order, each
/// with those links.
fn records_are_the_side_links(model: &Model) {
    let stale = stale();
    for org in model.graph.node_indices() {
        if model.graph[org].kind != EntityKind::Organisation {
            assert_eq!(model.adjacency.side_record(org), None);
            continue;
        }
        let mut expected = Vec::new();
        let mut at = Some(org);
        while let Some(a) = at {
            if At::new(&stale, &model.graph, a).may_have_any(&SIDE_LINKS)
                && SIDE_LINKS.iter().any(|&(dir, kind)| {
                    Links::new(&stale, &model.graph, a, dir, kind, None)
                        .next()
                        .is_some()
                })
            {
                expected.push(a);
            }
            at = model.parent_of(a);
        }
        let walked = record_walk(model, org);
        assert_eq!(walked.as_ref(), Some(&expected), "{}", model.graph[org].id);
        let mut record = model.adjacency.side_record(org).unwrap_or(NO_RECORD);
        while let Some((node, next)) = model.adjacency.side_step(record) {
            let at = At::of_record(&model.adjacency, &model.graph, node, record);
            for (dir, kind) in SIDE_LINKS {
                let from_record: Vec<_> = at.links(dir, kind, None).collect();
                let mut walked: Vec<_> =
                    Links::new(&stale, &model.graph, node, dir, kind, None).collect();
                walked.sort_by_key(|&(_, e)| model.graph[e].seq);
                assert_eq!(from_record, walked);
                assert_eq!(at.count(dir, kind), walked.len());
            }
            record = next;
        }
    }
}

#[test]
fn side_records_skip_to_the_organisations_with_side_links() {
    let json = r#"{"version": 1,
        "organisations": [{"id": "root"}, {"id": "uses", "parent": "root"},
                          {"id": "plain", "parent": "uses"}, {"id": "leaf", "parent": "plain"}],
        "services": [{"id": "s", "provider": "root"}],
        "usage": [{"user": "uses", "service": "s"}]}"#;
    let mut model = Model::from_json_str(json).expect("valid");
    let node = |m: &Model, id: &str| m.node_of(id).expect("known");
    let walk = |m: &Model, id: &str| record_walk(m, node(m, id));
    let (root, uses) = (node(&model, "root"), node(&model, "uses"));
    assert_eq!(walk(&model, "leaf"), Some(vec![uses, root]));
    assert_eq!(walk(&model, "uses"), Some(vec![uses, root]));
    assert_eq!(walk(&model, "root"), Some(vec![root]));
    records_are_the_side_links(&model);
    // A usage link added to an organisation that was skipped: the
    // records stand down until the snapshot is rebuilt.
    model.adjacency.link_added(LinkKind::Usage);
    assert_eq!(walk(&model, "leaf"), None);
    model.adjacency = Adjacency::build(&model.graph);
    records_are_the_side_links(&sample());
    #[cfg(feature = "synth")]
    {
        let doc = crate::Synthetic::new(1500).seed(4).document();
        records_are_the_side_links(&Model::from_document(&doc).expect("valid"));
    }
}

/// Each service's kept provider chain is its organisation provider
/// and the parents above it, and none is kept for an individual's.
fn chains_are_providers_and_parents(model: &Model) {
    for service in model.graph.node_indices() {
        if model.graph[service].kind != EntityKind::Service {
            assert_eq!(model.adjacency.provider_chain(service), None);
            continue;
        }
        let provider = model.provider_of(service).expect("a provider");
        let expected = (model.graph[provider].kind == EntityKind::Organisation).then(|| {
            let mut chain = vec![provider];
            while let Some(parent) = model.parent_of(*chain.last().expect("not empty")) {
                chain.push(parent);
            }
            chain
        });
        assert_eq!(
            model
                .adjacency
                .provider_chain(service)
                .map(<[NodeIndex]>::to_vec),
            expected,
            "{}",
            model.graph[service].id
        );
    }
}

#[test]
fn provider_chains_are_the_providers_and_their_parents() {
    chains_are_providers_and_parents(&sample());
    #[cfg(feature = "synth")]
    {
        let doc = crate::Synthetic::new(1500).seed(6).document();
        chains_are_providers_and_parents(&Model::from_document(&doc).expect("valid"));
    }
}

#[test]
fn an_edit_marks_its_ends_stale_and_they_are_read_from_the_graph() {
    let mut model = sample();
    let fan = model.node_of("fan").expect("the sample has fan");
    let email = model
        .node_of("acme-email")
        .expect("the sample has acme-email");
    model
        .add_link(crate::document::Usage::new("fan", "acme-email"))
        .expect("a valid link");
    assert!(model.adjacency.stale.contains(&fan) && model.adjacency.stale.contains(&email));
    for (mut packed, walked) in both_ways(&model, None) {
        packed.sort_by_key(|&(_, e)| model.graph[e].seq);
        assert_eq!(packed, walked);
    }
    model.adjacency = Adjacency::build(&model.graph);
    for (packed, walked) in both_ways(&model, None) {
        assert_eq!(packed, walked);
    }
}

#[test]
fn dependency_spans_hold_every_way_and_a_cycle_shares_one() {
    let json = r#"{"version": 1,
        "organisations": [{"id": "it"}],
        "services": [{"id": "a", "provider": "it"}, {"id": "b", "provider": "it"},
                     {"id": "c", "provider": "it"}, {"id": "d", "provider": "it"},
                     {"id": "e", "provider": "it"}],
        "dependencies": [{"service": "a", "depends_on": "b"}, {"service": "b", "depends_on": "c"},
                         {"service": "c", "depends_on": "b", "from": "2030-01-01"},
                         {"service": "d", "depends_on": "a"}, {"service": "e", "depends_on": "c"}]}"#;
    let mut model = Model::from_json_str(json).expect("valid");
    let node = |m: &Model, id: &str| m.node_of(id).expect("known");
    let span = |m: &Model, id: &str| m.adjacency.span(node(m, id));
    let reach = |m: &Model, from: &str, to: &str| {
        let to = m.adjacency.reach_target(node(m, to));
        m.adjacency.may_reach(node(m, from), to)
    };
    // Every way that exists is allowed...
    for (from, to) in [
        ("a", "b"),
        ("a", "c"),
        ("b", "c"),
        ("c", "b"),
        ("d", "a"),
        ("d", "c"),
        ("e", "b"),
    ] {
        assert!(reach(&model, from, to), "{from} reaches {to}");
    }
    // ...and a way against one that exists is ruled out (others may or
    // may not be, as the depth-first order falls).
    for (from, to) in [("b", "a"), ("c", "d"), ("a", "d"), ("c", "e"), ("b", "e")] {
        assert!(!reach(&model, from, to), "{from} does not reach {to}");
    }
    assert_eq!(span(&model, "b"), span(&model, "c"));
    assert_eq!(span(&model, "it"), None);
    // A dependency added later may open new ways: spans stand down
    // until the snapshot is rebuilt (at once here: a model this small
    // rebuilds on every edit).
    model.adjacency.link_added(LinkKind::Dependency);
    assert_eq!(span(&model, "a"), None);
    assert!(reach(&model, "b", "a"));
    model
        .add_link(crate::document::Dependency::new("c", "d"))
        .expect("cycles are allowed");
    assert!(reach(&model, "b", "a") && reach(&model, "e", "a"));
    assert_eq!(span(&model, "a"), span(&model, "d"));
}

/// Spans found from a service's node index (services side by side)
/// are the ones its record points to, before and after edits that
/// reuse a service's node slot for another kind of entity.
#[test]
fn spans_found_by_node_index_are_the_services_own() {
    let by_record = |m: &Model, n: NodeIndex| {
        let a = &m.adjacency;
        a.info(n)
            .filter(|i| i.kind() == EntityKind::Service && !a.spans_stale)
            .and_then(|i| a.packed.spans.get(i.root as usize).copied())
    };
    let check = |m: &Model| {
        for n in m.graph.node_indices() {
            assert_eq!(
                m.adjacency.spans_of(n),
                by_record(m, n),
                "{}",
                m.graph[n].id
            );
        }
    };
    let mut model = sample();
    assert!(model.adjacency.packed.service_base.is_some());
    check(&model);
    // A changed service is read from the graph: the snapshot has no
    // spans for it.
    let mut changed = sample();
    let s = changed.node_of("expense-app").expect("in the sample");
    changed.adjacency.touch(s);
    assert_eq!(changed.adjacency.spans_of(s), None);
    check(&changed);
    // A service's slot freed, then taken by an organisation: once the
    // snapshot is rebuilt the services no longer sit side by side.
    let services: Vec<NodeIndex> = model
        .graph
        .node_indices()
        .filter(|&n| model.graph[n].kind == EntityKind::Service)
        .collect();
    let middle = services[services.len() / 2];
    let id = model.graph[middle].id.to_string();
    model
        .remove_entity(&id, crate::Removal::WithLinks)
        .expect("removable");
    model
        .add_organisation(crate::document::Organisation::new("newcomer"))
        .expect("a new id");
    let newcomer = model.node_of("newcomer").expect("added");
    assert_eq!(newcomer, middle, "petgraph reuses the freed slot");
    check(&model);
    assert_eq!(model.adjacency.spans_of(newcomer), None);
    model.adjacency = Adjacency::build(&model.graph);
    assert_eq!(model.adjacency.packed.service_base, None);
    check(&model);
}

#[test]
fn a_model_grown_by_edits_is_packed_again() {
    let mut model = Model::builder()
        .organisation(crate::document::Organisation::new("it"))
        .build()
        .expect("valid");
    for i in 0..500 {
        let id = format!("s{i}");
        model
            .add_service(crate::document::Service::new(id, "it"))
            .expect("a new service");
    }
    let a = &model.adjacency;
    assert!(
        a.packed.bound > 400,
        "rebuilt as it grew: bound {}",
        a.packed.bound
    );
    assert!(a.stale.len() <= a.packed.bound / 16);
    for (mut packed, walked) in both_ways(&model, None) {
        packed.sort_by_key(|&(_, e)| model.graph[e].seq);
        assert_eq!(packed, walked);
    }
}

#[test]
fn a_sixteenth_of_the_nodes_stale_asks_for_a_rebuild() {
    let mut adjacency = Adjacency {
        packed: Arc::new(Packed {
            bound: 1600,
            ..Packed::default()
        }),
        ..Adjacency::default()
    };
    let asks: Vec<bool> = (0..200)
        .map(|n| adjacency.touch(NodeIndex::new(n)))
        .collect();
    assert_eq!(asks.iter().position(|&a| a), Some(100));
    // Nodes the snapshot never covered count too: an empty snapshot
    // asks for a rebuild at the first change.
    let mut adjacency = Adjacency::default();
    assert!(adjacency.touch(NodeIndex::new(5)));
}
