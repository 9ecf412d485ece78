//! `svcrel dot SERVICE`: the service's neighbourhood as a Graphviz graph.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::process::ExitCode;

use svcrel::{Entity, EntityKind, LinkType, Model, Query, Step, printable};

use crate::input::{QueryArgs, ServiceArgs};
use crate::report;
use crate::table;

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

Services are boxes (the one asked about drawn bold), organisations
folders and individuals ellipses. In an SVG, hovering over a node shows
its roles. Any id is safe: ids are quoted and labels escaped.

The graph is as of today (SVCREL_TODAY=YYYY-MM-DD fixes today) unless
--as-of gives a date; --as-of any ignores dates. Its title says which.";

const AFTER_HELP: &str = "\
Examples:
  svcrel dot expense-app --model examples/data/sample.json | dot -Tsvg > expense-app.svg
  svcrel dot desktop-support --model examples/data/sample.json --as-of 2026-01-01
  svcrel dot nfl-broadcast --model examples/data/sample.json --as-of any";

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
}

/// Writes the graph on stdout (status 0), or what went wrong on stderr.
pub fn run(args: &Args) -> ExitCode {
    match dot(&args.question) {
        Ok(dot) => report::text(&dot),
        Err(err) => report::failure(&err),
    }
}

/// The graph in DOT: the date resolved first (a malformed `SVCREL_TODAY`
/// is a usage error before the model is read), then the model read and
/// asked.
fn dot(args: &ServiceArgs) -> Result<String, svcrel::Error> {
    let query = args.flags.query()?;
    let model = args.model.load()?;
    let graph = Graph::of(&model, &args.service, &query)?;
    Ok(graph.to_dot(&query))
}

/// The nodes and edges to draw, in the order they were first met, each
/// once.
struct Graph<'m> {
    service: Entity<'m>,
    nodes: Vec<(Entity<'m>, Vec<String>)>,
    node_at: HashMap<&'m str, usize>,
    edges: Vec<(Entity<'m>, Entity<'m>, LinkType)>,
    seen_edges: HashSet<(&'m str, &'m str, LinkType)>,
}

/// Which side of the service a path lies on: parent links go up the
/// customer chain, and down from an organisation to its sub-organisations
/// for consumers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Customers,
    Consumers,
}

impl<'m> Graph<'m> {
    fn of(model: &'m Model, service: &str, query: &Query) -> Result<Self, svcrel::Error> {
        let customers = model.customers_of(service, query)?;
        let consumers = model.consumers_of(service, query)?;
        let service = customers.service();
        let mut graph = Graph {
            service,
            nodes: Vec::new(),
            node_at: HashMap::new(),
            edges: Vec::new(),
            seen_edges: HashSet::new(),
        };
        graph.role(service, "the service asked about".to_owned());
        if let Some(provider) = model.provider(service.id()) {
            graph.role(provider, "provider".to_owned());
            graph.edge(service, provider, LinkType::Provider);
        }
        for c in customers.iter() {
            let role = format!("customer, distance {}, {}", c.distance(), c.scope());
            graph.role(c.party(), role);
            graph.step(c.via(), Side::Customers);
        }
        for c in consumers.iter() {
            graph.role(c.party(), format!("consumer, distance {}", c.distance()));
            graph.step(c.via(), Side::Consumers);
        }
        for s in consumers.services() {
            graph.role(
                s.service(),
                format!("affected service, distance {}", s.distance()),
            );
            graph.step(s.via(), Side::Consumers);
        }
        Ok(graph)
    }

    /// Adds the node if it is new, and a role to its tooltip.
    fn role(&mut self, entity: Entity<'m>, role: String) {
        let at = self.node(entity);
        if !self.nodes[at].1.contains(&role) {
            self.nodes[at].1.push(role);
        }
    }

    fn node(&mut self, entity: Entity<'m>) -> usize {
        *self.node_at.entry(entity.id()).or_insert_with(|| {
            self.nodes.push((entity, Vec::new()));
            self.nodes.len() - 1
        })
    }

    fn edge(&mut self, tail: Entity<'m>, head: Entity<'m>, link: LinkType) {
        self.node(tail);
        self.node(head);
        if self.seen_edges.insert((tail.id(), head.id(), link)) {
            self.edges.push((tail, head, link));
        }
    }

    /// Adds the last link of an answer's evidence path, pointing the way
    /// the model document writes it. Every entity on a path is an answer
    /// too, so the last links of all the answers are the links of all
    /// their paths, found in time linear in the answer.
    fn step(&mut self, step: Step<'m>, side: Side) {
        let (near, far) = (step.from(), step.to());
        let (tail, head) = match step.link() {
            LinkType::Reporting | LinkType::Provider => (near, far),
            LinkType::Parent if side == Side::Customers => (near, far),
            _ => (far, near),
        };
        self.edge(tail, head, step.link());
    }

    fn to_dot(&self, query: &Query) -> String {
        let mut out = String::new();
        let within = if query.customer_max_chain() == query.consumer_max_chain() {
            table::cutoff(query.customer_max_chain())
        } else {
            format!(
                "customers {}, consumers {}",
                table::cutoff(query.customer_max_chain()),
                table::cutoff(query.consumer_max_chain())
            )
        };
        let title = format!(
            "{}<BR/>{}, {}",
            html(&table::named(self.service)),
            html(&within),
            html(&table::as_of(query.date())),
        );
        out.push_str("digraph svcrel {\n");
        let _ = writeln!(out, "    label=<{title}>;");
        out.push_str("    labelloc=t;\n");
        out.push_str("    node [fontsize=11];\n");
        out.push_str("    edge [fontsize=9];\n\n");
        for (entity, roles) in &self.nodes {
            let shape = match entity.kind() {
                EntityKind::Service => "box",
                EntityKind::Organisation => "folder",
                _ => "ellipse",
            };
            let bold = if entity.id() == self.service.id() {
                ", style=bold"
            } else {
                ""
            };
            let label = match entity.name() {
                Some(name) if name != entity.id() => {
                    format!("{}<BR/><I>{}</I>", html(name), html(entity.id()))
                }
                _ => html(entity.id()),
            };
            let _ = writeln!(
                out,
                "    {} [shape={shape}{bold}, label=<{label}>, tooltip={}];",
                quoted(entity.id()),
                quoted(&roles.join("; ")),
            );
        }
        if !self.edges.is_empty() {
            out.push('\n');
        }
        for (tail, head, link) in &self.edges {
            let _ = writeln!(
                out,
                "    {} -> {} [label={}];",
                quoted(tail.id()),
                quoted(head.id()),
                quoted(link.as_str()),
            );
        }
        out.push_str("}\n");
        out
    }
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
