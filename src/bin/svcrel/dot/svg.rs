//! `svcrel dot --format svg`: the picture laid out and drawn in the
//! program, with layout-rs (pure Rust; no Graphviz).
//!
//! The layout is built from the graph itself, not from its DOT: one
//! element per node, one arrow per edge. layout-rs draws through a
//! [`RenderBackend`]; ours writes the SVG so that every text is
//! [`printable`] and escaped for XML, each node has its roles as a
//! tooltip, and the output is the same for the same graph. The title is
//! drawn above the layout and the legend, a row of sample boxes, below.

use std::fmt::Write as _;

use layout::core::base::Orientation;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::render::get_shape_size;
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;
use svcrel::{EntityKind, printable};

use super::paint::{self, Paint};
use super::{Body, Graph, Label};

/// The font size of a node's text (the service asked about: `ASKED`), an
/// edge's label and the title.
const NODE_FONT: usize = 12;
const ASKED_FONT: usize = 15;
const EDGE_FONT: usize = 10;
const TITLE_FONT: usize = 14;

/// How a node or an edge is drawn: what layout-rs does not carry.
struct Look {
    fill: &'static str,
    stroke: &'static str,
    stroke_width: u32,
    text: &'static str,
    dashed: bool,
    rounded: u32,
    tooltip: String,
}

/// The SVG of the graph under the title's lines.
pub fn render(graph: &Graph<'_>, title: &[String]) -> String {
    let orientation = Orientation::TopToBottom;
    let mut visual = VisualGraph::new(orientation);
    let mut looks: Vec<Look> = Vec::new();
    let mut handles = Vec::with_capacity(graph.nodes.len());
    for node in &graph.nodes {
        let asked = matches!(node.body, Body::Entity(e) if e.id() == graph.service.id());
        let (text, look, shape) = node_look(node, asked);
        let font = if asked { ASKED_FONT } else { NODE_FONT };
        let shape = match shape {
            Shape::Box => ShapeKind::Box(text),
            Shape::Ellipse => ShapeKind::Circle(text),
        };
        let size = get_shape_size(orientation, &shape, font, false);
        let style = StyleAttr::new(
            layout::core::color::Color::fast("black"),
            look.stroke_width as usize,
            None,
            look.rounded as usize,
            font,
        );
        let key = format!("k{}", looks.len());
        looks.push(look);
        let element = Element::create_with_properties(shape, style, orientation, size, key);
        handles.push(visual.add_node(element));
    }
    for (tail, head, label) in &graph.edges {
        let (text, dashed) = match label {
            Label::Link(link) => (link.as_str().to_owned(), false),
            Label::Evidence(lines) => (plain_lines(lines), false),
            Label::Group(link) => (link.unwrap_or("").to_owned(), true),
        };
        let style = StyleAttr::new(
            layout::core::color::Color::fast("black"),
            1,
            None,
            0,
            EDGE_FONT,
        );
        let mut arrow = Arrow::new(
            LineEndKind::None,
            LineEndKind::Arrow,
            if dashed {
                LineStyleKind::Dashed
            } else {
                LineStyleKind::Normal
            },
            &text,
            &style,
            &None,
            &None,
        );
        arrow.properties = Some(format!("k{}", looks.len()));
        looks.push(Look {
            fill: "none",
            stroke: if dashed {
                paint::GROUP_COLOUR
            } else {
                "#333333"
            },
            stroke_width: 1,
            text: "#333333",
            dashed,
            rounded: 0,
            tooltip: String::new(),
        });
        visual.add_edge(arrow, handles[*tail], handles[*head]);
    }
    let mut canvas = Canvas {
        looks,
        content: String::new(),
        labels: String::new(),
        size: Point::new(0., 0.),
        last: None,
    };
    if !graph.nodes.is_empty() {
        visual.do_it(false, false, false, &mut canvas);
    }
    canvas.finish(title, &legend(graph))
}

enum Shape {
    Box,
    Ellipse,
}

/// A node's text (a line each, [`printable`]), look and shape: services
/// boxes, organisations rounded boxes, individuals ellipses, counts of
/// parties not drawn dashed grey boxes.
fn node_look(node: &super::Node<'_>, asked: bool) -> (String, Look, Shape) {
    let tooltip = node.roles.join("; ");
    match &node.body {
        Body::Group(text) => (
            printable(text).into_owned(),
            Look {
                fill: "#FFFFFF",
                stroke: paint::GROUP_COLOUR,
                stroke_width: 1,
                text: paint::GROUP_COLOUR,
                dashed: true,
                rounded: 0,
                tooltip: format!("{text} not drawn (--max-nodes)"),
            },
            Shape::Box,
        ),
        Body::Entity(entity) => {
            let mut lines = vec![];
            match entity.name() {
                Some(name) if name != entity.id() => {
                    lines.push(name.to_owned());
                    lines.push(entity.id().to_owned());
                }
                _ => lines.push(entity.id().to_owned()),
            }
            if node.paints.len() > 1 {
                let also: Vec<&str> = node.paints[1..].iter().map(|p| p.name()).collect();
                lines.push(format!("also {}", also.join(", ")));
            }
            let (shape, rounded) = match entity.kind() {
                EntityKind::Service => (Shape::Box, 0),
                EntityKind::Organisation => (Shape::Box, 10),
                _ => (Shape::Ellipse, 0),
            };
            let look = if asked {
                Look {
                    fill: paint::ASKED_FILL,
                    stroke: paint::ASKED_FILL,
                    stroke_width: 3,
                    text: paint::ASKED_FONT,
                    dashed: false,
                    rounded,
                    tooltip,
                }
            } else {
                let (stroke, stroke_width) = match node.paints.get(1) {
                    Some(second) => (second.fill(), 3),
                    None => ("#000000", 1),
                };
                Look {
                    fill: node.paints.first().map_or("#FFFFFF", |p| p.fill()),
                    stroke,
                    stroke_width,
                    text: node.paints.first().map_or("#000000", |p| p.font()),
                    dashed: false,
                    rounded,
                    tooltip,
                }
            };
            (plain_lines(&lines), look, shape)
        }
    }
}

/// Lines of text, each [`printable`] (so no line break of its own),
/// joined by line breaks.
fn plain_lines(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| printable(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The legend's entries: the service asked about, each colour drawn, and
/// the counts of parties not drawn if there are any.
fn legend(graph: &Graph<'_>) -> Vec<(&'static str, &'static str, &'static str, bool)> {
    let mut drawn: Vec<Paint> = graph
        .nodes
        .iter()
        .flat_map(|n| n.paints.iter().copied())
        .collect();
    drawn.sort();
    drawn.dedup();
    let mut out = vec![(
        "service asked about",
        paint::ASKED_FILL,
        paint::ASKED_FONT,
        false,
    )];
    out.extend(
        drawn
            .into_iter()
            .map(|p| (p.name(), p.fill(), p.font(), false)),
    );
    if graph.nodes.iter().any(|n| matches!(n.body, Body::Group(_))) {
        out.push((
            "parties not drawn, counted",
            "#FFFFFF",
            paint::GROUP_COLOUR,
            true,
        ));
    }
    out
}

/// Our [`RenderBackend`]: layout-rs's draw calls as SVG elements, with
/// the looks found by the key each element carries.
struct Canvas {
    looks: Vec<Look>,
    content: String,
    /// The edges' labels, drawn over the edges on a white ground.
    labels: String,
    size: Point,
    /// The look of the shape drawn last, for the text drawn in it next.
    last: Option<usize>,
}

impl Canvas {
    fn look(&self, properties: &Option<String>) -> Option<usize> {
        properties
            .as_deref()
            .and_then(|k| k.strip_prefix('k'))
            .and_then(|k| k.parse().ok())
            .filter(|&k: &usize| k < self.looks.len())
    }

    fn grow(&mut self, x: f64, y: f64) {
        self.size.x = self.size.x.max(x + 5.);
        self.size.y = self.size.y.max(y + 5.);
    }

    /// Opens a node's group, with its roles as a tooltip.
    fn open(&mut self, at: Option<usize>) {
        self.content.push_str(r#"<g class="node">"#);
        if let Some(look) = at.map(|k| &self.looks[k])
            && !look.tooltip.is_empty()
        {
            let _ = write!(
                self.content,
                "<title>{}</title>",
                xml(&printable(&look.tooltip))
            );
        }
    }

    /// The whole picture: the title, the layout, the legend.
    fn finish(
        self,
        title: &[String],
        legend: &[(&'static str, &'static str, &'static str, bool)],
    ) -> String {
        let line = (TITLE_FONT as f64 * 1.4).round();
        let top = 10. + line * title.len() as f64 + 10.;
        let legend_y = top + self.size.y + 20.;
        let mut width = self.size.x;
        let mut items = String::new();
        let mut x = 10.;
        let _ = write!(
            items,
            r#"<text x="{x}" y="{}" font-size="{NODE_FONT}">Legend:</text>"#,
            legend_y + 17.
        );
        x += 60.;
        for (name, fill, font, dashed) in legend {
            let w = 16. + 7. * name.chars().count() as f64;
            let dash = if *dashed {
                r#" stroke-dasharray="5,3""#
            } else {
                ""
            };
            let stroke = if *dashed { *font } else { "#000000" };
            let _ = write!(
                items,
                r#"<rect x="{x}" y="{legend_y}" width="{w}" height="24" rx="6" fill="{fill}" stroke="{stroke}"{dash}/><text x="{}" y="{}" text-anchor="middle" font-size="{NODE_FONT}" fill="{font}">{}</text>"#,
                x + w / 2.,
                legend_y + 16.,
                xml(name),
            );
            x += w + 8.;
        }
        width = width.max(x + 10.);
        // The title from the left, as the legend: a wide picture opens
        // there.
        let title_width = title
            .iter()
            .map(|l| printable(l).chars().count())
            .max()
            .unwrap_or(0) as f64
            * TITLE_FONT as f64
            * 0.6;
        width = width.max(title_width + 20.);
        let height = legend_y + 24. + 10.;
        let mut out = String::new();
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif">"#
        );
        out.push_str(concat!(
            r#"<defs><marker id="arrow" markerWidth="10" markerHeight="7" refX="10" refY="3.5" orient="auto">"#,
            r##"<polygon points="0 0, 10 3.5, 0 7" fill="#333333"/></marker>"##,
            r#"<marker id="back" markerWidth="10" markerHeight="7" refX="0" refY="3.5" orient="auto">"#,
            r##"<polygon points="10 0, 10 7, 0 3.5" fill="#333333"/></marker></defs>"##,
            "\n"
        ));
        let _ = writeln!(
            out,
            r##"<rect x="0" y="0" width="{width}" height="{height}" fill="#FFFFFF"/>"##
        );
        for (i, text) in title.iter().enumerate() {
            let _ = writeln!(
                out,
                r#"<text x="10" y="{}" font-size="{TITLE_FONT}"{}>{}</text>"#,
                10. + line * (i as f64 + 0.8),
                if i == 0 { r#" font-weight="bold""# } else { "" },
                xml(&printable(text)),
            );
        }
        let _ = writeln!(out, r#"<g transform="translate(0 {top})">"#);
        out.push_str(&self.content);
        out.push_str(&self.labels);
        out.push_str("</g>\n");
        out.push_str(&items);
        out.push_str("\n</svg>\n");
        out
    }
}

impl RenderBackend for Canvas {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        _look: &StyleAttr,
        properties: Option<String>,
        _clip: Option<ClipHandle>,
    ) {
        self.grow(xy.x + size.x, xy.y + size.y);
        let at = self.look(&properties);
        self.last = at;
        self.open(at);
        let (fill, stroke, width, dashed, rounded) = match at.map(|k| &self.looks[k]) {
            Some(l) => (l.fill, l.stroke, l.stroke_width, l.dashed, l.rounded),
            None => ("none", "#000000", 1, false, 0),
        };
        let _ = writeln!(
            self.content,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{rounded}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"{}/></g>"#,
            xy.x,
            xy.y,
            size.x,
            size.y,
            if dashed {
                r#" stroke-dasharray="5,3""#
            } else {
                ""
            },
        );
    }

    fn draw_line(
        &mut self,
        start: Point,
        stop: Point,
        _look: &StyleAttr,
        _properties: Option<String>,
    ) {
        self.grow(start.x.max(stop.x), start.y.max(stop.y));
        let _ = writeln!(
            self.content,
            r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#000000"/>"##,
            start.x, start.y, stop.x, stop.y
        );
    }

    fn draw_circle(
        &mut self,
        xy: Point,
        size: Point,
        _look: &StyleAttr,
        properties: Option<String>,
    ) {
        self.grow(xy.x + size.x / 2., xy.y + size.y / 2.);
        let at = self.look(&properties);
        self.last = at;
        self.open(at);
        let (fill, stroke, width) = match at.map(|k| &self.looks[k]) {
            Some(l) => (l.fill, l.stroke, l.stroke_width),
            None => ("none", "#000000", 1),
        };
        let _ = writeln!(
            self.content,
            r#"<ellipse cx="{}" cy="{}" rx="{}" ry="{}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"/></g>"#,
            xy.x,
            xy.y,
            size.x / 2.,
            size.y / 2.,
        );
    }

    fn draw_text(&mut self, xy: Point, text: &str, look: &StyleAttr) {
        // A text after a shape is the node's; one alone is an edge's label,
        // drawn later, over the edges, on a white ground.
        let node = self.last.take();
        let colour = match node.map(|k| &self.looks[k]) {
            Some(l) => l.text,
            None => "#333333",
        };
        let lines: Vec<&str> = text.lines().collect();
        let font = look.font_size as f64;
        let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64 * font;
        self.grow(xy.x + width / 2., xy.y + font * lines.len() as f64);
        // The lines centred on the point, each 1.2 em below the last.
        let first = xy.y - font * 1.2 * (lines.len() as f64 - 1.) / 2.;
        let out = if node.is_some() {
            &mut self.content
        } else {
            // About 0.6 em a character.
            let (w, h) = (width * 0.6 + 4., font * 1.2 * lines.len() as f64 + 2.);
            let _ = write!(
                self.labels,
                r##"<rect x="{}" y="{}" width="{w}" height="{h}" fill="#FFFFFF" fill-opacity="0.85"/>"##,
                xy.x - w / 2.,
                first - font * 0.6 - 1.,
            );
            &mut self.labels
        };
        let _ = write!(
            out,
            r#"<text x="{}" y="{first}" text-anchor="middle" dominant-baseline="middle" font-size="{}" fill="{colour}">"#,
            xy.x, look.font_size
        );
        for (i, line) in lines.iter().enumerate() {
            let dy = if i == 0 { "0" } else { "1.2em" };
            let _ = write!(
                out,
                r#"<tspan x="{}" dy="{dy}">{}</tspan>"#,
                xy.x,
                xml(line)
            );
        }
        out.push_str("</text>\n");
    }

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        _dashed: bool,
        head: (bool, bool),
        _look: &StyleAttr,
        properties: Option<String>,
        _text: &str,
    ) {
        // The first pair is the start and its control point, each next one
        // a control point and the point it enters: a cubic Bézier, then
        // smooth continuations (as layout-rs's own SVG writer draws them).
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        let Some((second, rest)) = rest.split_first() else {
            return;
        };
        for p in path {
            self.grow(p.0.x.max(p.1.x), p.0.y.max(p.1.y));
        }
        let mut d = format!(
            "M {} {} C {} {}, {} {}, {} {}",
            first.0.x,
            first.0.y,
            first.1.x,
            first.1.y,
            second.0.x,
            second.0.y,
            second.1.x,
            second.1.y
        );
        for p in rest {
            let _ = write!(d, " S {} {}, {} {}", p.0.x, p.0.y, p.1.x, p.1.y);
        }
        let at = self.look(&properties);
        let (stroke, dashed) = match at.map(|k| &self.looks[k]) {
            Some(l) => (l.stroke, l.dashed),
            None => ("#333333", false),
        };
        let _ = writeln!(
            self.content,
            r#"<path class="edge" d="{d}" fill="none" stroke="{stroke}"{}{}{}/>"#,
            if dashed {
                r#" stroke-dasharray="5,3""#
            } else {
                ""
            },
            // layout-rs turns an edge that goes up the layers around, and
            // its heads with it.
            if head.0 {
                r#" marker-start="url(#back)""#
            } else {
                ""
            },
            if head.1 {
                r#" marker-end="url(#arrow)""#
            } else {
                ""
            },
        );
    }

    fn create_clip(&mut self, _xy: Point, _size: Point, _rounded: usize) -> ClipHandle {
        0
    }
}

/// Text for XML character data and attribute values: markup characters as
/// entities. The text is [`printable`] already, so no control character
/// reaches the XML.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
