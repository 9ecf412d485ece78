//! `svcrel dot SERVICE`: the service's neighbourhood as a Graphviz graph.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::process::ExitCode;

use svcrel::{
    AffectedService, Consumers, Customer, Customers, Entity, EntityKind, LinkType, Model, Query,
    Scope, Step, printable,
};

use crate::input::{QueryArgs, ServiceArgs, parse_whole_number};
use crate::report;
use crate::table;

mod paint;
mod party;
mod svg;

use paint::Paint;

const ABOUT: &str = "Draw a service's customers and consumers as a Graphviz (DOT) graph";

const LONG_ABOUT: &str = "\
Draw a service's customers and consumers as a Graphviz (DOT) graph.

The graph holds the service, its provider, its customers (the customer
chain follows 1 step by default), its consumers and the services that
depend on it (no limit by default; --max-chain K sets both cutoffs to K),
joined by the links of their evidence paths, each labelled with its link
type. Arrows point the way the model document writes them:

  funding     payer -> service         usage       user -> service
  approval    approver -> payer        dependency  service -> the one it depends on
  reporting   individual -> manager    provider    service -> provider
  parent      organisation -> parent   membership  member -> organisation

Services are boxes, organisations folders and individuals ellipses. The
service asked about is white on black, bold and larger. Each node is
filled with the colour of its role (Okabe-Ito colours, told apart with
colour blindness): customer external orange, customer internal yellow,
consumer sky blue, sponsor reddish purple, provider bluish green, client
vermillion, partner blue, colleague grey, affected service pale blue. A
node with several roles is filled with the first in that order, bordered
with the second, and names the others in its label. A legend in the
picture shows the colours drawn. In an SVG, hovering over a node shows
its roles in words.

At most --max-nodes N parties and services are drawn (60 by default):
the service, its provider, then the customers, then the affected
services and consumers, nearest first (by distance, then id), each with
its evidence path, while they fit. The rest are counted, not drawn: the
members of an organisation drawn in one node (\"312 members\"), the others
in one node per distance (\"1,204 more at distance 3\"); the title says
the picture was reduced.

--party PARTY draws instead one party's evidence: the service, the party
and the links that give it each of its roles (as `relation --evidence`
does), and the links from it to the customer who pays for its tickets
(as `triage` does), each edge labelled with its link and dates. Every
node drawn is coloured by its own roles towards the service.
--max-nodes does not apply: the picture is as long as the evidence.

--format svg (or --svg) writes an SVG picture instead, laid out and drawn
by svcrel itself: nothing else is needed. It has the same nodes, edges,
colours and tooltips; organisations are rounded boxes, and the legend a
row of boxes under the picture.

Any id is safe: ids are quoted and labels escaped.

The graph is as of today (SVCREL_TODAY=YYYY-MM-DD fixes today) unless
--as-of gives a date; --as-of any ignores dates. Its title says which.";

const AFTER_HELP: &str = "\
Examples:
  svcrel dot expense-app --model examples/data/sample.json | dot -Tsvg > expense-app.svg
  svcrel dot expense-app --model examples/data/sample.json --format svg > expense-app.svg
  svcrel draw expense-app --model examples/data/sample.json --svg > expense-app.svg
  svcrel dot desktop-support --model examples/data/sample.json --as-of 2026-01-01
  svcrel dot nfl-broadcast --model examples/data/sample.json --as-of any
  svcrel dot acme-email --party mary --model examples/data/sample.json --as-of 2028-06-01
  svcrel dot directory --max-nodes 20 --model big.json | dot -Tsvg > directory.svg";

/// The default of `--max-nodes`.
const MAX_NODES: u32 = 60;

/// The arguments of `svcrel dot`.
#[derive(Debug, clap::Args)]
#[command(
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    mut_arg(QueryArgs::MAX_CHAIN, |arg| QueryArgs::max_chain_help(
        arg,
        "1 for customers, no limit for consumers"
    ))
)]
pub struct Args {
    #[command(flatten)]
    question: ServiceArgs,

    /// Draw at most N parties and services (1 or more); count the rest in
    /// nodes per organisation or per distance
    #[arg(long, value_name = "N", default_value_t = MAX_NODES, value_parser = parse_max_nodes, allow_negative_numbers = true)]
    max_nodes: u32,

    /// Draw only this party's evidence: the links that give it its roles,
    /// and those to the customer who pays for its tickets
    #[arg(long, value_name = "PARTY")]
    party: Option<String>,

    /// Write Graphviz DOT, or an SVG picture laid out and drawn by svcrel
    /// itself (no Graphviz needed)
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = Format::Dot)]
    format: Format,

    /// Write the SVG picture: short for --format svg
    #[arg(long, conflicts_with = "format")]
    svg: bool,
}

/// What `svcrel dot` writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphviz DOT, for `dot -Tsvg` and the like
    #[default]
    Dot,
    /// An SVG picture, laid out and drawn without Graphviz
    Svg,
}

/// `--max-nodes N`: a whole number, at least 1 (the service itself).
fn parse_max_nodes(text: &str) -> Result<u32, String> {
    match parse_whole_number(text)? {
        0 => Err("0 draws nothing: give 1 or more (1 draws the service alone)".to_owned()),
        n => Ok(n),
    }
}

/// Writes the graph on stdout (status 0), or what went wrong on stderr.
pub fn run(args: &Args) -> ExitCode {
    match dot(args) {
        Ok(dot) => report::text(&dot),
        Err(err) => report::failure(&err),
    }
}

/// The graph in DOT or SVG: the date resolved first (a malformed
/// `SVCREL_TODAY` is a usage error before the model is read), then the
/// model read and asked.
fn dot(args: &Args) -> Result<String, svcrel::Error> {
    let question = &args.question;
    let query = question.flags.query()?;
    let model = question.model.load()?;
    let (graph, title) = match &args.party {
        Some(party) => party::graph(&model, party, &question.service, &query)?,
        None => {
            let graph = Graph::of(&model, &question.service, &query, args.max_nodes as usize)?;
            let title = title(graph.service, &query, &graph.reduced);
            (graph, title)
        }
    };
    let format = if args.svg { Format::Svg } else { args.format };
    Ok(match format {
        Format::Dot => graph.to_dot(&title),
        Format::Svg => svg::render(&graph, &title),
    })
}

/// The title's lines, as plain text: the service, then the cutoffs and
/// the date, then how the picture was reduced, if it was.
fn title(service: Entity<'_>, query: &Query, reduced: &Option<String>) -> Vec<String> {
    let within = if query.customer_max_chain() == query.consumer_max_chain() {
        table::cutoff(query.customer_max_chain())
    } else {
        format!(
            "customers {}, consumers {}",
            table::cutoff(query.customer_max_chain()),
            table::cutoff(query.consumer_max_chain())
        )
    };
    let mut title = vec![
        table::named(service),
        format!("{within}, {}", table::as_of(query.date())),
    ];
    title.extend(reduced.iter().cloned());
    title
}

/// A node of the picture: an entity, or a count of those not drawn.
enum Body<'m> {
    Entity(Entity<'m>),
    Group(String),
}

struct Node<'m> {
    /// The node's DOT name: the entity's id, or a name no entity drawn has.
    name: String,
    body: Body<'m>,
    /// Its roles, in order, each once.
    paints: Vec<Paint>,
    /// Its roles in words, for the tooltip.
    roles: Vec<String>,
}

/// What an edge says.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Label {
    /// A link of an evidence path: its type.
    Link(LinkType),
    /// A link given as evidence: its kind and dates, in words, a line
    /// each.
    Evidence(Vec<String>),
    /// From a count of parties not drawn to where they are reached, dashed,
    /// with the link's name when there is one.
    Group(Option<&'static str>),
}

/// The nodes and edges to draw, in the order they were first met, each
/// once.
struct Graph<'m> {
    service: Entity<'m>,
    nodes: Vec<Node<'m>>,
    node_at: HashMap<String, usize>,
    edges: Vec<(usize, usize, Label)>,
    seen_edges: HashSet<(usize, usize, Label)>,
    /// How the picture was reduced, in words, if it was.
    reduced: Option<String>,
}

/// Which side of the service a path lies on: parent links go up the
/// customer chain, and down from an organisation to its sub-organisations
/// for consumers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Customers,
    Consumers,
}

/// What is counted when not drawn, in the order of the title and of the
/// count nodes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Group {
    Customers,
    Services,
    Consumers,
}

/// One answer to draw: its entity, the last step of its evidence path, the
/// side it lies on and what it is counted as when not drawn.
#[derive(Clone, Copy)]
struct Candidate<'m> {
    entity: Entity<'m>,
    via: Step<'m>,
    side: Side,
    group: Group,
    distance: u32,
}

/// The answers, with the evidence step of each found by id: customers and
/// affected services in maps (their lists are short beside the consumers'),
/// consumers through [`Consumers::get`].
struct Answers<'a, 'm> {
    consumers: &'a Consumers<'m>,
    customer_at: HashMap<&'m str, Customer<'a, 'm>>,
    service_at: HashMap<&'m str, AffectedService<'a, 'm>>,
}

impl<'m> Answers<'_, 'm> {
    fn via(&self, id: &str, side: Side) -> Option<Step<'m>> {
        match side {
            Side::Customers => self.customer_at.get(id).map(|c| c.via()),
            Side::Consumers => match self.service_at.get(id) {
                Some(s) => Some(s.via()),
                None => self.consumers.get(id).map(|c| c.via()),
            },
        }
    }
}

/// The customers, then the affected services and consumers merged by
/// distance (a service before the parties at its distance, as it is on
/// their way), each list already ordered by distance, then id.
fn candidates<'a, 'm>(
    customers: &'a Customers<'m>,
    consumers: &'a Consumers<'m>,
) -> impl Iterator<Item = Candidate<'m>> + 'a {
    let customers = customers.iter().map(|c| Candidate {
        entity: c.party(),
        via: c.via(),
        side: Side::Customers,
        group: Group::Customers,
        distance: c.distance(),
    });
    let mut services = consumers
        .services()
        .map(|s| Candidate {
            entity: s.service(),
            via: s.via(),
            side: Side::Consumers,
            group: Group::Services,
            distance: s.distance(),
        })
        .peekable();
    let mut parties = consumers
        .iter()
        .map(|c| Candidate {
            entity: c.party(),
            via: c.via(),
            side: Side::Consumers,
            group: Group::Consumers,
            distance: c.distance(),
        })
        .peekable();
    let merged = std::iter::from_fn(move || match (services.peek(), parties.peek()) {
        (Some(s), Some(p)) if p.distance < s.distance => parties.next(),
        (Some(_), _) => services.next(),
        (None, _) => parties.next(),
    });
    customers.chain(merged)
}

impl<'m> Graph<'m> {
    /// The graph of at most `max_nodes` entities, and the nodes counting
    /// the rest.
    fn of(
        model: &'m Model,
        service: &str,
        query: &Query,
        max_nodes: usize,
    ) -> Result<Self, svcrel::Error> {
        let customers = model.customers_of(service, query)?;
        let consumers = model.consumers_of(service, query)?;
        let service = customers.service();
        let answers = Answers {
            consumers: &consumers,
            customer_at: customers.iter().map(|c| (c.party().id(), c)).collect(),
            service_at: consumers
                .services()
                .map(|s| (s.service().id(), s))
                .collect(),
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
        let provider = model.provider(service.id());
        if let Some(provider) = provider
            && max_nodes > 1
        {
            graph.link(service, provider, LinkType::Provider);
        }
        // Nearest first while they fit; after the first that does not,
        // only answers already drawn get their step (a path of drawn
        // nodes), and the rest are counted.
        let mut members: BTreeMap<usize, usize> = BTreeMap::new();
        let mut groups: BTreeMap<(Group, u32), usize> = BTreeMap::new();
        let mut open = true;
        for candidate in candidates(&customers, &consumers) {
            let drawn = graph.has(candidate.entity.id());
            if open || drawn {
                let left = max_nodes.saturating_sub(graph.entities());
                if let Some(steps) = graph.path_to(candidate, &answers, left) {
                    for (step, side) in steps.into_iter().rev() {
                        graph.step(step, side);
                    }
                    continue;
                }
                open = false;
            }
            if drawn {
                continue;
            }
            let via = candidate.via;
            match graph.node_at.get(via.from().id()) {
                Some(&org)
                    if via.link() == LinkType::Membership
                        && candidate.entity.kind() == EntityKind::Individual =>
                {
                    *members.entry(org).or_default() += 1;
                }
                _ => {
                    *groups
                        .entry((candidate.group, candidate.distance))
                        .or_default() += 1
                }
            }
        }
        graph.roles(&answers, provider);
        graph.counts(&members, &groups, max_nodes);
        Ok(graph)
    }

    fn has(&self, id: &str) -> bool {
        self.node_at.contains_key(id)
    }

    /// How many entities are drawn (every node so far: counts come last).
    fn entities(&self) -> usize {
        self.nodes.len()
    }

    /// The steps that join the candidate to what is drawn, from it
    /// towards the service, when they add at most `left` nodes.
    fn path_to(
        &self,
        candidate: Candidate<'m>,
        answers: &Answers<'_, 'm>,
        left: usize,
    ) -> Option<Vec<(Step<'m>, Side)>> {
        let mut new = usize::from(!self.has(candidate.entity.id()));
        if new > left {
            return None;
        }
        let mut steps = vec![(candidate.via, candidate.side)];
        let mut at = candidate.via.from();
        let mut on_path = HashSet::from([candidate.entity.id()]);
        while !self.has(at.id()) && on_path.insert(at.id()) {
            new += 1;
            if new > left {
                return None;
            }
            match answers.via(at.id(), candidate.side) {
                Some(step) => {
                    steps.push((step, candidate.side));
                    at = step.from();
                }
                None => break,
            }
        }
        Some(steps)
    }

    /// Adds the entity's node if it is new.
    fn entity(&mut self, entity: Entity<'m>) -> usize {
        let id = entity.id();
        if let Some(&at) = self.node_at.get(id) {
            return at;
        }
        self.push(id.to_owned(), Body::Entity(entity))
    }

    fn push(&mut self, name: String, body: Body<'m>) -> usize {
        self.nodes.push(Node {
            name: name.clone(),
            body,
            paints: Vec::new(),
            roles: Vec::new(),
        });
        self.node_at.insert(name, self.nodes.len() - 1);
        self.nodes.len() - 1
    }

    /// A name for a node that is no entity's: `base`, primed until no
    /// node drawn has it.
    fn fresh(&self, base: &str) -> String {
        let mut name = base.to_owned();
        while self.node_at.contains_key(&name) {
            name.push('\'');
        }
        name
    }

    fn edge(&mut self, tail: usize, head: usize, label: Label) {
        if self.seen_edges.insert((tail, head, label.clone())) {
            self.edges.push((tail, head, label));
        }
    }

    fn link(&mut self, tail: Entity<'m>, head: Entity<'m>, link: LinkType) {
        let (tail, head) = (self.entity(tail), self.entity(head));
        self.edge(tail, head, Label::Link(link));
    }

    /// Adds a step of an evidence path, pointing the way the model
    /// document writes it. Every entity on a path is an answer too, so
    /// the last steps of all the answers are the links of all their
    /// paths, found in time linear in the answer.
    fn step(&mut self, step: Step<'m>, side: Side) {
        let (near, far) = (step.from(), step.to());
        self.entity(near);
        self.entity(far);
        let (tail, head) = match step.link() {
            LinkType::Reporting | LinkType::Provider => (near, far),
            LinkType::Parent if side == Side::Customers => (near, far),
            _ => (far, near),
        };
        self.link(tail, head, step.link());
    }

    /// Adds a role to a node.
    fn role(&mut self, at: usize, paint: Option<Paint>, words: String) {
        let node = &mut self.nodes[at];
        if let Some(paint) = paint
            && !node.paints.contains(&paint)
        {
            node.paints.push(paint);
            node.paints.sort();
        }
        if !node.roles.contains(&words) {
            node.roles.push(words);
        }
    }

    /// The roles of every entity drawn, from the answers.
    fn roles(&mut self, answers: &Answers<'_, 'm>, provider: Option<Entity<'m>>) {
        for at in 0..self.nodes.len() {
            let Body::Entity(entity) = self.nodes[at].body else {
                continue;
            };
            let id = entity.id();
            if id == self.service.id() {
                self.role(at, None, "the service asked about".to_owned());
            }
            if provider.is_some_and(|p| p.id() == id) {
                self.role(at, Some(Paint::Provider), "provider".to_owned());
            }
            if let Some(c) = answers.customer_at.get(id) {
                let paint = match c.scope() {
                    Scope::External => Paint::CustomerExternal,
                    _ => Paint::CustomerInternal,
                };
                let words = format!("customer, distance {}, {}", c.distance(), c.scope());
                self.role(at, Some(paint), words);
                if c.via().link() == LinkType::Approval {
                    self.role(at, Some(Paint::Sponsor), "sponsor".to_owned());
                }
            }
            if let Some(c) = answers.consumers.get(id) {
                let words = format!("consumer, distance {}", c.distance());
                self.role(at, Some(Paint::Consumer), words);
            }
            if let Some(s) = answers.service_at.get(id) {
                let words = format!("affected service, distance {}", s.distance());
                self.role(at, Some(Paint::AffectedService), words);
            }
        }
    }

    /// The nodes that count what is not drawn, and the title's words for
    /// them. Distances past the `max_nodes`-th of a kind share one node,
    /// so there are O(`max_nodes`) of them whatever the model.
    fn counts(
        &mut self,
        members: &BTreeMap<usize, usize>,
        groups: &BTreeMap<(Group, u32), usize>,
        max_nodes: usize,
    ) {
        let mut left_out = [0usize; 3];
        for (&org, &n) in members {
            let name = self.fresh(&format!("{} members", self.nodes[org].name));
            let label = match n {
                1 => "1 member".to_owned(),
                n => format!("{} members", thousands(n)),
            };
            let at = self.push(name, Body::Group(label));
            self.edge(at, org, Label::Group(Some("membership")));
            left_out[Group::Consumers as usize] += n;
        }
        let mut merged: BTreeMap<(Group, u32, bool), usize> = BTreeMap::new();
        let mut seen: HashMap<Group, usize> = HashMap::new();
        for (&(group, distance), &n) in groups {
            let seen = seen.entry(group).or_default();
            *seen += 1;
            let key = if *seen >= max_nodes.max(1) {
                // This distance and all beyond: the key of the first.
                merged
                    .keys()
                    .rev()
                    .find(|k| k.0 == group && k.2)
                    .copied()
                    .unwrap_or((group, distance, true))
            } else {
                (group, distance, false)
            };
            *merged.entry(key).or_default() += n;
            left_out[group as usize] += n;
        }
        let service = self.node_at[self.service.id()];
        for ((group, distance, beyond), n) in merged {
            let what = match (group, n) {
                (Group::Customers, 1) => "more customer",
                (Group::Customers, _) => "more customers",
                (Group::Services, 1) => "more service",
                (Group::Services, _) => "more services",
                (Group::Consumers, _) => "more",
            };
            let or_more = if beyond { " or more" } else { "" };
            let label = format!("{} {what} at distance {distance}{or_more}", thousands(n));
            let name = self.fresh(&label);
            let at = self.push(name, Body::Group(label));
            self.edge(at, service, Label::Group(None));
        }
        let [customers, services, consumers] = left_out;
        if customers + services + consumers > 0 {
            self.reduced = Some(format!(
                "reduced to {} nodes (--max-nodes {max_nodes}): not drawn, {}, {} and {}, \
                 counted per organisation or per distance",
                thousands(max_nodes),
                counted(customers, "customer", "customers"),
                counted(services, "affected service", "affected services"),
                counted(consumers, "consumer", "consumers"),
            ));
        }
    }

    /// The graph in DOT, under the title's lines.
    fn to_dot(&self, title: &[String]) -> String {
        let mut out = String::new();
        out.push_str("digraph svcrel {\n");
        let _ = writeln!(out, "    label=<{}>;", lines(title));
        out.push_str("    labelloc=t;\n");
        out.push_str("    node [fontsize=11];\n");
        out.push_str("    edge [fontsize=9];\n\n");
        for node in &self.nodes {
            let asked = matches!(node.body, Body::Entity(e) if e.id() == self.service.id());
            node_line(&mut out, node, asked);
        }
        if !self.edges.is_empty() {
            out.push('\n');
        }
        for (tail, head, label) in &self.edges {
            let (tail, head) = (
                quoted(&self.nodes[*tail].name),
                quoted(&self.nodes[*head].name),
            );
            let attributes = match label {
                Label::Link(link) => format!("label={}", quoted(link.as_str())),
                Label::Evidence(words) => format!("label=<{}>", lines(words)),
                Label::Group(Some(link)) => format!("label={}, style=dashed", quoted(link)),
                Label::Group(None) => "style=dashed".to_owned(),
            };
            let _ = writeln!(out, "    {tail} -> {head} [{attributes}];");
        }
        self.legend(&mut out);
        out.push_str("}\n");
        out
    }

    /// A box of sample nodes naming the colours drawn.
    fn legend(&self, out: &mut String) {
        let mut drawn: Vec<Paint> = self
            .nodes
            .iter()
            .flat_map(|n| n.paints.iter().copied())
            .collect();
        drawn.sort();
        drawn.dedup();
        let groups = self.nodes.iter().any(|n| matches!(n.body, Body::Group(_)));
        out.push_str("\n    subgraph cluster_legend {\n");
        out.push_str("        label=\"Legend\";\n");
        out.push_str("        fontsize=11;\n");
        out.push_str("        style=rounded;\n");
        let _ = writeln!(
            out,
            "        {} [shape=box, style=\"filled,bold\", fillcolor=\"{}\", fontcolor=\"{}\", label=\"service asked about\"];",
            quoted(&self.fresh("legend: service asked about")),
            paint::ASKED_FILL,
            paint::ASKED_FONT,
        );
        for paint in drawn {
            let _ = writeln!(
                out,
                "        {} [shape=box, style=\"filled,rounded\", fillcolor=\"{}\", fontcolor=\"{}\", label={}];",
                quoted(&self.fresh(&format!("legend: {}", paint.name()))),
                paint.fill(),
                paint.font(),
                quoted(paint.name()),
            );
        }
        if groups {
            let _ = writeln!(
                out,
                "        {} [shape=note, style=dashed, color=\"{}\", fontcolor=\"{}\", label=\"parties not drawn, counted\"];",
                quoted(&self.fresh("legend: not drawn")),
                paint::GROUP_COLOUR,
                paint::GROUP_COLOUR,
            );
        }
        out.push_str("    }\n");
    }
}

/// One node's line: shape by kind, fill by its first role, border by its
/// second, the others named in the label; the service asked about white
/// on black, bold and larger.
fn node_line(out: &mut String, node: &Node<'_>, asked: bool) {
    let label = match &node.body {
        Body::Entity(entity) => {
            let mut label = match entity.name() {
                Some(name) if name != entity.id() => {
                    format!("{}<BR/><I>{}</I>", html(name), html(entity.id()))
                }
                _ => html(entity.id()),
            };
            if node.paints.len() > 1 {
                let also: Vec<&str> = node.paints[1..].iter().map(|p| p.name()).collect();
                let _ = write!(
                    label,
                    "<BR/><FONT POINT-SIZE=\"9\">also {}</FONT>",
                    html(&also.join(", "))
                );
            }
            label
        }
        Body::Group(text) => html(text),
    };
    let (shape, style) = match &node.body {
        Body::Group(_) => {
            let _ = writeln!(
                out,
                "    {} [shape=note, style=dashed, color=\"{c}\", fontcolor=\"{c}\", label=<{label}>, tooltip={}];",
                quoted(&node.name),
                quoted(&format!("{label} not drawn (--max-nodes)")),
                c = paint::GROUP_COLOUR,
            );
            return;
        }
        Body::Entity(entity) => (
            match entity.kind() {
                EntityKind::Service => "box",
                EntityKind::Organisation => "folder",
                _ => "ellipse",
            },
            if asked { "filled,bold" } else { "filled" },
        ),
    };
    let mut attributes = format!("shape={shape}, style=\"{style}\"");
    if asked {
        let _ = write!(
            attributes,
            ", fillcolor=\"{}\", fontcolor=\"{}\", fontsize=14, penwidth=3",
            paint::ASKED_FILL,
            paint::ASKED_FONT
        );
    } else {
        let fill = node.paints.first().map_or("#FFFFFF", |p| p.fill());
        let font = node.paints.first().map_or("#000000", |p| p.font());
        let _ = write!(attributes, ", fillcolor=\"{fill}\", fontcolor=\"{font}\"");
        if let Some(second) = node.paints.get(1) {
            let _ = write!(attributes, ", color=\"{}\", penwidth=3", second.fill());
        }
    }
    let _ = writeln!(
        out,
        "    {} [{attributes}, label=<{label}>, tooltip={}];",
        quoted(&node.name),
        quoted(&node.roles.join("; ")),
    );
}

/// Lines of plain text as an HTML-like label: each escaped, joined by
/// line breaks.
fn lines(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| html(l))
        .collect::<Vec<_>>()
        .join("<BR/>")
}

/// `1,204 customers`, `no customer`.
fn counted(n: usize, one: &str, many: &str) -> String {
    match n {
        0 => format!("no {one}"),
        1 => format!("1 {one}"),
        n => format!("{} {many}", thousands(n)),
    }
}

/// A count with thousands separators: `1,204`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A DOT quoted string. The text is first made [`printable`] (so no
/// control, format or noncharacter reaches Graphviz, which refuses some),
/// then Graphviz's `\\` and `\"` keep it in one string: doubling every
/// backslash and escaping every quote keeps distinct texts distinct.
fn quoted(text: &str) -> String {
    let text = printable(text);
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text for an HTML-like label: [`printable`], then markup characters as
/// entities. Graphviz still gives a backslash in a label its escString
/// meaning (`\N` is the node's name, `\n` a line break), and reads `\\` as
/// one backslash, so each backslash is doubled.
fn html(text: &str) -> String {
    let text = printable(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_html(&mut out, c);
    }
    out
}

fn push_html(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        '\\' => out.push_str("\\\\"),
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::{html, quoted};

    #[test]
    fn quoting_keeps_any_id_in_one_string() {
        assert_eq!(quoted("dana"), r#""dana""#);
        assert_eq!(quoted(r#"a"b"#), r#""a\"b""#);
        assert_eq!(quoted(r"ends\"), r#""ends\\""#);
        assert_eq!(quoted("two\nlines"), r#""two\\u{a}lines""#);
        assert_eq!(quoted("not\u{fffe}this"), r#""not\\u{fffe}this""#);
        assert_ne!(quoted("two\nlines"), quoted(r"two\nlines"));
    }

    #[test]
    fn labels_escape_markup() {
        assert_eq!(html(r#"<b>&"'"#), "&lt;b&gt;&amp;&quot;&#39;");
        assert_eq!(html(r"\N"), r"\\N");
        assert_eq!(html("two\nlines"), r"two\\u{a}lines");
        assert_eq!(html("\u{202e}"), r"\\u{202e}");
    }
}
