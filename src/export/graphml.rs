//! GraphML 1.0: one `<node>` per entity, one `<edge>` per link (the
//! organisations' parents and the services' providers among them), every
//! field as a `<data>` declared by a `<key>`.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::Path;

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::{backslash_escape, backslash_unescape, malformed, xml_char};
use crate::document::{
    Dependency, Document, EmailPolicy, FORMAT_VERSION, Funding, Individual, Membership,
    Organisation, Oversight, Partnership, Payment, Reporting, Service, Usage, read_all, read_file,
};
use crate::error::Error;
use crate::{Date, printable};

/// The GraphML namespace.
const NAMESPACE: &str = "http://graphml.graphdrawing.org/xmlns";

/// Every key: its id, what it is for, its name and its type.
const KEYS: [(&str, &str, &str, &str); 19] = [
    ("g_version", "graph", "version", "int"),
    ("g_email_policy", "graph", "email_policy", "string"),
    ("n_kind", "node", "kind", "string"),
    ("n_id", "node", "id", "string"),
    ("n_name", "node", "name", "string"),
    ("n_emails", "node", "emails", "string"),
    ("n_phones", "node", "phones", "string"),
    ("n_email_domains", "node", "email_domains", "string"),
    ("n_external_ids", "node", "external_ids", "string"),
    ("e_kind", "edge", "kind", "string"),
    ("e_title", "edge", "title", "string"),
    ("e_payment", "edge", "payment", "string"),
    ("e_approved_by", "edge", "approved_by", "string"),
    ("e_from", "edge", "from", "string"),
    ("e_until", "edge", "until", "string"),
    // The kinds of node and edge, as a reader may list them.
    ("n_label", "node", "label", "string"),
    ("e_label", "edge", "label", "string"),
    ("e_source_id", "edge", "source_id", "string"),
    ("e_target_id", "edge", "target_id", "string"),
];

impl Document {
    /// Writes the document as GraphML 1.0, for Gephi, yEd or Cytoscape.
    ///
    /// Each organisation, individual and service is a `<node>` (ids `n0`,
    /// `n1`, … in document order, since GraphML ids are XML name tokens)
    /// with the data `kind` (`organisation`, `individual`, `service`),
    /// `id` (the entity's id), `label` (its name, else its id) and each
    /// field it has: `name`, and `emails`, `phones`, `email_domains` and
    /// `external_ids` as JSON text. Each link is a directed `<edge>`, in
    /// the direction the document writes it, with the data `kind`
    /// (`parent` from an organisation to its parent, `provider` from a
    /// service to its provider, then `membership`, `reporting`,
    /// `funding`, `usage`, `dependency`, `oversight`, `partnership`),
    /// `source_id`, `target_id`, `label` and each field it has (`title`,
    /// `payment`, `approved_by` as JSON text, `from`, `until` as
    /// `YYYY-MM-DD`). The graph has the data `version` and
    /// `email_policy`. A string that holds a character XML 1.0 cannot
    /// carry is written with a backslash escape (see the module's
    /// documentation, in the README: "Exports for graph tools").
    ///
    /// An invalid document is refused (an error of kind `Invalid`): a
    /// graph needs its references resolved.
    ///
    /// ```
    /// let doc = svcrel::Document::from_json_file("examples/data/sample.json")?;
    /// let mut out = Vec::new();
    /// doc.write_graphml(&mut out)?;
    /// assert_eq!(svcrel::Document::from_graphml_reader(&out[..])?, doc);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn write_graphml(&self, mut writer: impl Write) -> Result<(), Error> {
        let text = self.to_graphml_string()?;
        writer
            .write_all(text.as_bytes())
            .and_then(|()| writer.flush())
            .map_err(|e| Error::io(None, e))
    }

    /// The document as GraphML text, as [`Document::write_graphml`]
    /// writes it.
    ///
    /// ```
    /// let doc = svcrel::Document::from_json_file("examples/data/sample.json")?;
    /// let graphml = doc.to_graphml_string()?;
    /// assert!(graphml.contains(r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns""#));
    /// assert_eq!(svcrel::Document::from_graphml_str(&graphml)?, doc);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn to_graphml_string(&self) -> Result<String, Error> {
        self.validate()?;
        Ok(write(self))
    }

    /// Reads a document from GraphML text that [`Document::write_graphml`]
    /// wrote (or a graph tool saved back: keys are found by their
    /// `attr.name`, and data of other keys, such as a tool's layout, are
    /// left out). The document is not checked: see
    /// [`Document::validate`]. A malformed file is an error of kind `Io`
    /// naming the line.
    ///
    /// ```
    /// let doc = svcrel::Document::from_graphml_str(&svcrel::Document::default().to_graphml_string()?)?;
    /// assert_eq!(doc, svcrel::Document::default());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn from_graphml_str(text: &str) -> Result<Document, Error> {
        read(text, None)
    }

    /// Reads a document from a GraphML stream, as
    /// [`Document::from_graphml_str`] does.
    ///
    /// ```
    /// let text = svcrel::Document::default().to_graphml_string()?;
    /// assert!(svcrel::Document::from_graphml_reader(text.as_bytes())?.services.is_empty());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn from_graphml_reader(reader: impl Read) -> Result<Document, Error> {
        let bytes = read_all(reader)?;
        let text = std::str::from_utf8(&bytes).map_err(|e| not_utf8(None, &bytes, &e))?;
        read(text, None)
    }

    /// Reads a document from a GraphML file, as
    /// [`Document::from_graphml_str`] does; errors name the file.
    ///
    /// ```no_run
    /// let doc = svcrel::Document::from_graphml_file("model.graphml")?;
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn from_graphml_file(path: impl AsRef<Path>) -> Result<Document, Error> {
        let path = path.as_ref();
        let bytes = read_file(path)?;
        let text = std::str::from_utf8(&bytes).map_err(|e| not_utf8(Some(path), &bytes, &e))?;
        read(text, Some(path))
    }
}

fn not_utf8(path: Option<&Path>, bytes: &[u8], e: &std::str::Utf8Error) -> Error {
    let line = 1 + bytes[..e.valid_up_to()]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    malformed(path, line, "the file is not UTF-8")
}

/// A string as the text of an element: XML-escaped, with the backslash
/// escape for what XML cannot carry.
fn push_text(out: &mut String, text: &str) {
    push_xml(out, &backslash_escape(text, |c| !xml_char(c)));
}

/// Text that XML 1.0 can carry, XML-escaped.
fn push_xml(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // A literal carriage return would be read as a line feed.
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

/// A list or map as JSON text; JSON escapes the control characters, and
/// the two noncharacters XML cannot carry are escaped the JSON way.
fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value)
        .expect("lists and maps of strings serialise")
        .replace('\u{FFFE}', "\\ufffe")
        .replace('\u{FFFF}', "\\uffff")
}

fn data(out: &mut String, key: &str, value: &str) {
    let _ = write!(out, "<data key=\"{key}\">");
    push_text(out, value);
    out.push_str("</data>");
}

fn json_data(out: &mut String, key: &str, value: &impl serde::Serialize) {
    let _ = write!(out, "<data key=\"{key}\">");
    push_xml(out, &json(value));
    out.push_str("</data>");
}

fn write(doc: &Document) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<!-- A svcrel model document (format version 1). Strings holding a character XML 1.0 cannot carry escape it as \\uXXXX, and a backslash as \\\\; lists and maps are JSON text. -->\n");
    let _ = writeln!(
        out,
        "<graphml xmlns=\"{NAMESPACE}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"{NAMESPACE} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">"
    );
    for (id, domain, name, kind) in KEYS {
        let _ = writeln!(
            out,
            "  <key id=\"{id}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{kind}\"/>"
        );
    }
    out.push_str("  <graph id=\"model\" edgedefault=\"directed\">\n    ");
    data(&mut out, "g_version", &doc.version.to_string());
    out.push_str("\n    ");
    let policy = match doc.email_policy {
        EmailPolicy::Unique => "unique",
        EmailPolicy::Shared => "shared",
    };
    data(&mut out, "g_email_policy", policy);
    out.push('\n');

    let mut node_of: HashMap<&str, String> = HashMap::new();
    fn node<'d>(
        out: &mut String,
        node_of: &mut HashMap<&'d str, String>,
        id: &'d str,
        kind: &str,
        name: &Option<String>,
    ) {
        let xml_id = format!("n{}", node_of.len());
        let _ = write!(out, "    <node id=\"{xml_id}\">");
        data(out, "n_kind", kind);
        data(out, "n_id", id);
        data(out, "n_label", name.as_deref().unwrap_or(id));
        if let Some(name) = name {
            data(out, "n_name", name);
        }
        node_of.insert(id, xml_id);
    }
    for o in &doc.organisations {
        node(
            &mut out,
            &mut node_of,
            o.id.as_str(),
            "organisation",
            &o.name,
        );
        identity(&mut out, &o.emails, &o.phones, &o.external_ids);
        if !o.email_domains.is_empty() {
            json_data(&mut out, "n_email_domains", &o.email_domains);
        }
        out.push_str("</node>\n");
    }
    for i in &doc.individuals {
        node(&mut out, &mut node_of, i.id.as_str(), "individual", &i.name);
        identity(&mut out, &i.emails, &i.phones, &i.external_ids);
        out.push_str("</node>\n");
    }
    for s in &doc.services {
        node(&mut out, &mut node_of, s.id.as_str(), "service", &s.name);
        out.push_str("</node>\n");
    }

    let mut edges = 0usize;
    let mut edge =
        |out: &mut String, from: &str, to: &str, kind: &str, fields: &dyn Fn(&mut String)| {
            let _ = write!(
                out,
                "    <edge id=\"e{edges}\" source=\"{}\" target=\"{}\">",
                node_of[from], node_of[to]
            );
            edges += 1;
            data(out, "e_kind", kind);
            data(out, "e_label", kind);
            data(out, "e_source_id", from);
            data(out, "e_target_id", to);
            fields(out);
            out.push_str("</edge>\n");
        };
    let dates = |from: Option<Date>, until: Option<Date>| {
        move |out: &mut String| {
            if let Some(d) = from {
                data(out, "e_from", &d.to_string());
            }
            if let Some(d) = until {
                data(out, "e_until", &d.to_string());
            }
        }
    };
    let none = |_: &mut String| {};
    for o in &doc.organisations {
        if let Some(parent) = &o.parent {
            edge(&mut out, o.id.as_str(), parent.as_str(), "parent", &none);
        }
    }
    for s in &doc.services {
        edge(
            &mut out,
            s.id.as_str(),
            s.provider.as_str(),
            "provider",
            &none,
        );
    }
    for m in &doc.memberships {
        let d = dates(m.from, m.until);
        edge(
            &mut out,
            m.individual.as_str(),
            m.organisation.as_str(),
            "membership",
            &|out| {
                if let Some(title) = &m.title {
                    data(out, "e_title", title);
                }
                d(out);
            },
        );
    }
    for r in &doc.reporting {
        let d = dates(r.from, r.until);
        edge(
            &mut out,
            r.individual.as_str(),
            r.manager.as_str(),
            "reporting",
            &d,
        );
    }
    for f in &doc.funding {
        let d = dates(f.from, f.until);
        edge(
            &mut out,
            f.payer.as_str(),
            f.service.as_str(),
            "funding",
            &|out| {
                data(out, "e_payment", f.payment.as_str());
                if !f.approved_by.is_empty() {
                    json_data(out, "e_approved_by", &f.approved_by);
                }
                d(out);
            },
        );
    }
    for u in &doc.usage {
        let d = dates(u.from, u.until);
        edge(&mut out, u.user.as_str(), u.service.as_str(), "usage", &d);
    }
    for l in &doc.dependencies {
        let d = dates(l.from, l.until);
        edge(
            &mut out,
            l.service.as_str(),
            l.depends_on.as_str(),
            "dependency",
            &d,
        );
    }
    for o in &doc.oversight {
        let d = dates(o.from, o.until);
        edge(
            &mut out,
            o.overseer.as_str(),
            o.organisation.as_str(),
            "oversight",
            &d,
        );
    }
    for p in &doc.partnerships {
        let d = dates(p.from, p.until);
        let [a, b] = &p.parties;
        edge(&mut out, a.as_str(), b.as_str(), "partnership", &d);
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

fn identity(
    out: &mut String,
    emails: &[String],
    phones: &[String],
    external_ids: &BTreeMap<String, String>,
) {
    if !emails.is_empty() {
        json_data(out, "n_emails", &emails);
    }
    if !phones.is_empty() {
        json_data(out, "n_phones", &phones);
    }
    if !external_ids.is_empty() {
        json_data(out, "n_external_ids", external_ids);
    }
}

/// A value read from a `<data>`, with the line it starts on.
struct Value {
    text: String,
    line: usize,
}

/// A node or an edge as read: its XML attributes and its data by name.
struct Element {
    line: usize,
    source: String,
    target: String,
    xml_id: String,
    data: BTreeMap<String, Value>,
}

/// What is being read.
struct Reading<'a> {
    text: &'a str,
    path: Option<&'a Path>,
    lines: Vec<usize>,
}

impl Reading<'_> {
    fn line(&self, offset: u64) -> usize {
        let offset = usize::try_from(offset).unwrap_or(usize::MAX);
        1 + self.lines.partition_point(|&n| n < offset)
    }

    fn fail(&self, line: usize, message: impl std::fmt::Display) -> Error {
        malformed(self.path, line, message)
    }
}

fn attributes(
    r: &Reading<'_>,
    reader: &Reader<&[u8]>,
    e: &BytesStart<'_>,
    line: usize,
) -> Result<BTreeMap<String, String>, Error> {
    let mut map = BTreeMap::new();
    for a in e.attributes() {
        let a = a.map_err(|e| {
            r.fail(
                line,
                format!("malformed attribute: {}", printable(&e.to_string())),
            )
        })?;
        let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        let value = a
            .decoded_and_normalized_value(XmlVersion::Implicit1_0, reader.decoder())
            .map_err(|e| {
                r.fail(
                    line,
                    format!("malformed attribute: {}", printable(&e.to_string())),
                )
            })?
            .into_owned();
        if map.insert(key.clone(), value).is_some() {
            return Err(r.fail(
                line,
                format!("the attribute {} is given twice", printable(&key)),
            ));
        }
    }
    Ok(map)
}

fn read(text: &str, path: Option<&Path>) -> Result<Document, Error> {
    let r = Reading {
        text,
        path,
        lines: text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i)
            .collect(),
    };
    let mut reader = Reader::from_str(r.text);
    // key id -> (for, attr.name)
    let mut keys: HashMap<String, (String, String)> = HashMap::new();
    let mut stack: Vec<String> = Vec::new();
    let mut graph_data: BTreeMap<String, Value> = BTreeMap::new();
    let mut graphs = 0usize;
    let mut nodes: Vec<Element> = Vec::new();
    let mut edges: Vec<Element> = Vec::new();
    let mut current: Option<Element> = None;
    // The data being read: its attribute name, its text, its line.
    let mut value: Option<(Option<String>, Value)> = None;
    let mut root = false;
    loop {
        let start = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            r.fail(
                r.line(reader.error_position()),
                format!("malformed XML: {}", printable(&e.to_string())),
            )
        })?;
        let line = r.line(start);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let attrs = attributes(&r, &reader, e, line)?;
                let parent = stack.last().map(String::as_str);
                let get = |attr: &str| {
                    attrs.get(attr).cloned().ok_or_else(|| {
                        r.fail(
                            line,
                            format!("<{}> has no {attr} attribute", printable(&name)),
                        )
                    })
                };
                match (parent, name.as_str()) {
                    (None, "graphml") => {
                        if attrs.get("xmlns").map(String::as_str) != Some(NAMESPACE) {
                            return Err(r.fail(
                                line,
                                format!("<graphml> is not in the namespace {NAMESPACE}"),
                            ));
                        }
                        root = true;
                    }
                    (None, other) => {
                        return Err(r.fail(
                            line,
                            format!("the root element is <{}>, not <graphml>", printable(other)),
                        ));
                    }
                    (Some("graphml"), "key") => {
                        let id = get("id")?;
                        let domain = attrs
                            .get("for")
                            .cloned()
                            .unwrap_or_else(|| "all".to_owned());
                        let attr_name = get("attr.name")?;
                        keys.insert(id, (domain, attr_name));
                    }
                    (Some("graphml"), "graph") => {
                        graphs += 1;
                        if graphs > 1 {
                            return Err(r.fail(line, "a second <graph>: a model is one graph"));
                        }
                        if attrs.get("edgedefault").map(String::as_str) != Some("directed") {
                            return Err(r.fail(line, "the <graph> is not edgedefault=\"directed\""));
                        }
                    }
                    (Some("graph"), "node") => {
                        current = Some(Element {
                            line,
                            source: String::new(),
                            target: String::new(),
                            xml_id: get("id")?,
                            data: BTreeMap::new(),
                        });
                    }
                    (Some("graph"), "edge") => {
                        if attrs.get("directed").is_some_and(|d| d != "true") {
                            return Err(
                                r.fail(line, "an undirected <edge>: every link has a direction")
                            );
                        }
                        current = Some(Element {
                            line,
                            source: get("source")?,
                            target: get("target")?,
                            xml_id: String::new(),
                            data: BTreeMap::new(),
                        });
                    }
                    (Some(owner @ ("graph" | "node" | "edge" | "graphml")), "data") => {
                        let key = get("key")?;
                        let domain = if owner == "graphml" { "graphml" } else { owner };
                        let known = keys.get(&key).ok_or_else(|| {
                            r.fail(
                                line,
                                format!(
                                    "<data> of the key {:?}, which no <key> declares",
                                    printable(&key)
                                ),
                            )
                        })?;
                        if known.0 != domain
                            && known.0 != "all"
                            && !(owner == "graphml" && known.0 == "graph")
                        {
                            return Err(r.fail(
                                line,
                                format!(
                                    "<data> of the key {:?}, declared for {}, in a <{owner}>",
                                    printable(&key),
                                    printable(&known.0)
                                ),
                            ));
                        }
                        value = Some((
                            Some(known.1.clone()),
                            Value {
                                text: String::new(),
                                line,
                            },
                        ));
                    }
                    // Descriptions, defaults, a tool's own elements: skipped.
                    _ => {}
                }
                if empty {
                    end(
                        &r,
                        &name,
                        &mut value,
                        &mut current,
                        &mut nodes,
                        &mut edges,
                        &mut graph_data,
                    )?;
                } else {
                    stack.push(name);
                }
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                end(
                    &r,
                    &name,
                    &mut value,
                    &mut current,
                    &mut nodes,
                    &mut edges,
                    &mut graph_data,
                )?;
            }
            Event::Text(ref t) => {
                let text = t.xml_content(XmlVersion::Implicit1_0).map_err(|e| {
                    r.fail(
                        line,
                        format!("malformed text: {}", printable(&e.to_string())),
                    )
                })?;
                if stack.last().map(String::as_str) == Some("data") {
                    if let Some((_, v)) = &mut value {
                        v.text.push_str(&text);
                    }
                }
            }
            Event::CData(ref c) => {
                if stack.last().map(String::as_str) == Some("data") {
                    if let Some((_, v)) = &mut value {
                        v.text.push_str(&String::from_utf8_lossy(c.as_ref()));
                    }
                }
            }
            Event::GeneralRef(ref g) => {
                let name = String::from_utf8_lossy(g.as_ref()).into_owned();
                let resolved = match g.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => resolve_predefined_entity(&name).map(str::to_owned),
                    Err(_) => None,
                };
                let resolved = resolved.ok_or_else(|| {
                    r.fail(line, format!("unknown entity &{};", printable(&name)))
                })?;
                if stack.last().map(String::as_str) == Some("data") {
                    if let Some((_, v)) = &mut value {
                        v.text.push_str(&resolved);
                    }
                }
            }
            Event::Eof => {
                if !root {
                    return Err(r.fail(line, "no <graphml> element"));
                }
                if let Some(open) = stack.last() {
                    return Err(r.fail(
                        line,
                        format!("the file ends before <{}> is closed", printable(open)),
                    ));
                }
                break;
            }
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    assemble(&r, graph_data, nodes, edges)
}

#[allow(clippy::too_many_arguments)]
fn end(
    r: &Reading<'_>,
    name: &str,
    value: &mut Option<(Option<String>, Value)>,
    current: &mut Option<Element>,
    nodes: &mut Vec<Element>,
    edges: &mut Vec<Element>,
    graph_data: &mut BTreeMap<String, Value>,
) -> Result<(), Error> {
    match name {
        "data" => {
            if let Some((Some(attr), v)) = value.take() {
                let line = v.line;
                let target = match current {
                    Some(element) => &mut element.data,
                    None => graph_data,
                };
                if target.insert(attr.clone(), v).is_some() {
                    return Err(r.fail(
                        line,
                        format!("the data {:?} is given twice", printable(&attr)),
                    ));
                }
            }
        }
        "node" => nodes.extend(current.take()),
        "edge" => edges.extend(current.take()),
        _ => {}
    }
    Ok(())
}

/// The fields of one node or edge, taken by name.
struct Fields<'r, 'a> {
    r: &'r Reading<'a>,
    what: String,
    line: usize,
    data: BTreeMap<String, Value>,
}

impl Fields<'_, '_> {
    fn optional(&mut self, name: &str) -> Result<Option<String>, Error> {
        match self.data.remove(name) {
            None => Ok(None),
            Some(v) => backslash_unescape(&v.text)
                .map(Some)
                .map_err(|e| self.r.fail(v.line, format!("{} {name}: {e}", self.what))),
        }
    }

    fn required(&mut self, name: &str) -> Result<String, Error> {
        self.optional(name)?.ok_or_else(|| {
            self.r
                .fail(self.line, format!("{} has no {name}", self.what))
        })
    }

    fn json<T: serde::de::DeserializeOwned + Default>(&mut self, name: &str) -> Result<T, Error> {
        match self.data.remove(name) {
            None => Ok(T::default()),
            Some(v) => serde_json::from_str(&v.text).map_err(|e| {
                self.r.fail(
                    v.line,
                    format!(
                        "{} {name} is not the JSON expected: {}",
                        self.what,
                        printable(&e.to_string())
                    ),
                )
            }),
        }
    }

    fn date(&mut self, name: &str) -> Result<Option<Date>, Error> {
        let line = self.data.get(name).map_or(self.line, |v| v.line);
        match self.optional(name)? {
            None => Ok(None),
            Some(text) => text.parse::<Date>().map(Some).map_err(|_| {
                self.r.fail(
                    line,
                    format!(
                        "{} {name}: {:?} is not a date YYYY-MM-DD",
                        self.what,
                        printable(&text)
                    ),
                )
            }),
        }
    }
}

fn assemble(
    r: &Reading<'_>,
    graph_data: BTreeMap<String, Value>,
    nodes: Vec<Element>,
    edges: Vec<Element>,
) -> Result<Document, Error> {
    let mut doc = Document::default();
    let mut graph = Fields {
        r,
        what: "the graph's".to_owned(),
        line: 1,
        data: graph_data,
    };
    if let Some(version) = graph.optional("version")? {
        doc.version = version.parse().map_err(|_| {
            r.fail(
                1,
                format!(
                    "the graph's version {:?} is not a number",
                    printable(&version)
                ),
            )
        })?;
    } else {
        doc.version = FORMAT_VERSION;
    }
    doc.email_policy = match graph.optional("email_policy")?.as_deref() {
        None | Some("unique") => EmailPolicy::Unique,
        Some("shared") => EmailPolicy::Shared,
        Some(other) => {
            return Err(r.fail(
                1,
                format!(
                    "the email_policy {:?} is neither unique nor shared",
                    printable(other)
                ),
            ));
        }
    };
    let mut id_of: HashMap<String, String> = HashMap::new();
    let mut organisation_at: HashMap<String, usize> = HashMap::new();
    let mut service_at: HashMap<String, usize> = HashMap::new();
    for node in nodes {
        let mut f = Fields {
            r,
            what: format!("the node {:?}", printable(&node.xml_id)),
            line: node.line,
            data: node.data,
        };
        let kind = f.required("kind")?;
        let id = f.required("id")?;
        let name = f.optional("name")?;
        if id_of.insert(node.xml_id.clone(), id.clone()).is_some() {
            return Err(r.fail(
                node.line,
                format!("a second node with the id {:?}", printable(&node.xml_id)),
            ));
        }
        match kind.as_str() {
            "organisation" => {
                organisation_at.insert(id.clone(), doc.organisations.len());
                doc.organisations.push(Organisation {
                    name,
                    emails: f.json("emails")?,
                    phones: f.json("phones")?,
                    external_ids: f.json("external_ids")?,
                    email_domains: f.json("email_domains")?,
                    ..Organisation::new(id)
                });
            }
            "individual" => doc.individuals.push(Individual {
                name,
                emails: f.json("emails")?,
                phones: f.json("phones")?,
                external_ids: f.json("external_ids")?,
                ..Individual::new(id)
            }),
            "service" => {
                service_at.insert(id.clone(), doc.services.len());
                doc.services.push(Service {
                    name,
                    ..Service::new(id, "")
                });
            }
            other => {
                return Err(r.fail(
                    node.line,
                    format!(
                        "{} has the kind {:?}, not organisation, individual or service",
                        f.what,
                        printable(other)
                    ),
                ));
            }
        }
    }
    let mut provided = vec![false; doc.services.len()];
    for (n, edge) in edges.into_iter().enumerate() {
        let line = edge.line;
        let end = |xml_id: &str| {
            id_of.get(xml_id).cloned().ok_or_else(|| {
                r.fail(
                    line,
                    format!(
                        "an edge names the node {:?}, which is not declared",
                        printable(xml_id)
                    ),
                )
            })
        };
        let (from, to) = (end(&edge.source)?, end(&edge.target)?);
        let mut f = Fields {
            r,
            what: format!("edge {n}"),
            line,
            data: edge.data,
        };
        let kind = f.required("kind")?;
        let (start, until) = (f.date("from")?, f.date("until")?);
        match kind.as_str() {
            "parent" => {
                let at = *organisation_at.get(&from).ok_or_else(|| {
                    r.fail(
                        line,
                        format!(
                            "a parent edge from {:?}, which is no organisation",
                            printable(&from)
                        ),
                    )
                })?;
                if doc.organisations[at].parent.replace(to.into()).is_some() {
                    return Err(r.fail(line, format!("a second parent for {:?}", printable(&from))));
                }
            }
            "provider" => {
                let at = *service_at.get(&from).ok_or_else(|| {
                    r.fail(
                        line,
                        format!(
                            "a provider edge from {:?}, which is no service",
                            printable(&from)
                        ),
                    )
                })?;
                if std::mem::replace(&mut provided[at], true) {
                    return Err(r.fail(
                        line,
                        format!("a second provider for {:?}", printable(&from)),
                    ));
                }
                doc.services[at].provider = to.into();
            }
            "membership" => doc.memberships.push(Membership {
                title: f.optional("title")?,
                from: start,
                until,
                ..Membership::new(from, to)
            }),
            "reporting" => doc.reporting.push(Reporting {
                from: start,
                until,
                ..Reporting::new(from, to)
            }),
            "funding" => {
                let payment = f.required("payment")?;
                let payment = Payment::ALL.into_iter().find(|p| p.as_str() == payment).ok_or_else(|| {
                    r.fail(line, format!("edge {n} has the payment {:?}, which is none of cash, trade, chargeback, allocation, none", printable(&payment)))
                })?;
                doc.funding.push(Funding {
                    approved_by: f.json("approved_by")?,
                    from: start,
                    until,
                    ..Funding::new(from, to, payment)
                });
            }
            "usage" => doc.usage.push(Usage {
                from: start,
                until,
                ..Usage::new(from, to)
            }),
            "dependency" => doc.dependencies.push(Dependency {
                from: start,
                until,
                ..Dependency::new(from, to)
            }),
            "oversight" => doc.oversight.push(Oversight {
                from: start,
                until,
                ..Oversight::new(from, to)
            }),
            "partnership" => doc.partnerships.push(Partnership {
                from: start,
                until,
                ..Partnership::new(from, to)
            }),
            other => {
                return Err(r.fail(
                    line,
                    format!(
                        "edge {n} has the kind {:?}, which no link has",
                        printable(other)
                    ),
                ));
            }
        }
    }
    if let Some(at) = provided.iter().position(|p| !p) {
        return Err(r.fail(
            1,
            format!(
                "the service {:?} has no provider edge",
                printable(doc.services[at].id.as_str())
            ),
        ));
    }
    Ok(doc)
}
