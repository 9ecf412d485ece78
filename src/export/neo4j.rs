//! The CSV files `neo4j-admin database import full` reads: one node file
//! per kind of entity, one relationship file per kind of link, with the
//! Cypher to constrain the ids and example questions.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::{backslash_escape, backslash_unescape, malformed};
use crate::document::{
    Dependency, Document, EmailPolicy, Funding, Individual, Membership, Organisation, Oversight,
    Partnership, Payment, Reporting, Service, Usage, read_file,
};
use crate::error::Error;
use crate::{Date, printable};

/// The files [`Document::write_neo4j`] writes in its directory, in the
/// order `neo4j-admin` is given them: the node files, the relationship
/// files, then `constraints.cypher` (a unique id constraint per label,
/// to run after the import) and `queries.cypher` (an example query per
/// question, commented).
///
/// ```
/// assert_eq!(svcrel::NEO4J_FILES[0], "model.csv");
/// assert!(svcrel::NEO4J_FILES.contains(&"queries.cypher"));
/// ```
pub const NEO4J_FILES: [&str; 15] = [
    "model.csv",
    "organisations.csv",
    "individuals.csv",
    "services.csv",
    "parents.csv",
    "providers.csv",
    "memberships.csv",
    "reporting.csv",
    "funding.csv",
    "usage.csv",
    "dependencies.csv",
    "oversight.csv",
    "partnerships.csv",
    "constraints.cypher",
    "queries.cypher",
];

/// The node files among [`NEO4J_FILES`].
const NODE_FILES: usize = 4;
/// The command line that loads the files [`Document::write_neo4j`]
/// wrote in `dir` into a new Neo4j database `neo4j` (Neo4j 5): the node
/// files, the relationship files, multi-line fields (a string may hold a
/// line break) and the `;` array delimiter. Each path is quoted for a
/// POSIX shell. Stop the database first; run `constraints.cypher` after.
///
/// ```
/// let command = svcrel::neo4j_import_command("out");
/// assert!(command.starts_with("neo4j-admin database import full"));
/// assert!(command.contains("--nodes='out/organisations.csv'"));
/// assert!(command.contains("--relationships='out/funding.csv'"));
/// ```
pub fn neo4j_import_command(dir: impl AsRef<Path>) -> String {
    let dir = dir.as_ref();
    let mut command = "neo4j-admin database import full".to_owned();
    for (n, file) in NEO4J_FILES[..CSV_FILES].iter().enumerate() {
        let option = if n < NODE_FILES {
            "nodes"
        } else {
            "relationships"
        };
        let path = dir.join(file).to_string_lossy().replace('\'', "'\\''");
        command.push_str(&format!(" --{option}='{path}'"));
    }
    command.push_str(" --multiline-fields=true --array-delimiter=';' neo4j");
    command
}

/// The CSV files among [`NEO4J_FILES`].
const CSV_FILES: usize = 13;

/// The header of each CSV file, in the order of [`NEO4J_FILES`].
const HEADERS: [&str; CSV_FILES] = [
    ":LABEL,version:int,email_policy",
    "id:ID,:LABEL,name,emails:string[],phones:string[],email_domains:string[],external_ids",
    "id:ID,:LABEL,name,emails:string[],phones:string[],external_ids",
    "id:ID,:LABEL,name",
    ":START_ID,:END_ID,:TYPE",
    ":START_ID,:END_ID,:TYPE",
    ":START_ID,:END_ID,:TYPE,title,from:date,until:date",
    ":START_ID,:END_ID,:TYPE,from:date,until:date",
    ":START_ID,:END_ID,:TYPE,payment,approved_by:string[],from:date,until:date",
    ":START_ID,:END_ID,:TYPE,from:date,until:date",
    ":START_ID,:END_ID,:TYPE,from:date,until:date",
    ":START_ID,:END_ID,:TYPE,from:date,until:date",
    ":START_ID,:END_ID,:TYPE,from:date,until:date",
];

const CONSTRAINTS: &str = "\
// Unique ids, one constraint per label; run after the import:
//   cypher-shell -f constraints.cypher
CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT individual_id IF NOT EXISTS FOR (n:Individual) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT service_id IF NOT EXISTS FOR (n:Service) REQUIRE n.id IS UNIQUE;
";

const QUERIES: &str = include_str!("queries.cypher");

/// Whether [`Document::write_neo4j`] may replace files that are there.
///
/// ```
/// assert_ne!(svcrel::Overwrite::Refuse, svcrel::Overwrite::Replace);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Overwrite {
    /// Write nothing when any of the files is there already.
    #[default]
    Refuse,
    /// Replace the files that are there.
    Replace,
}

/// One field of a CSV record as written: absent (an empty field, which
/// Neo4j leaves out), a string (quoted, so that an empty string is one),
/// or a bare token (a label, a type, a date, a number).
enum Field<'a> {
    Absent,
    Text(&'a str),
    Owned(String),
    Bare(&'a str),
    BareOwned(String),
}

fn push_record(out: &mut String, fields: &[Field<'_>]) {
    for (n, field) in fields.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        let quoted = |out: &mut String, text: &str| {
            out.push('"');
            out.push_str(&text.replace('"', "\"\""));
            out.push('"');
        };
        match field {
            Field::Absent => {}
            Field::Text(t) => quoted(out, t),
            Field::Owned(t) => quoted(out, t),
            Field::Bare(t) => out.push_str(t),
            Field::BareOwned(t) => out.push_str(t),
        }
    }
    out.push('\n');
}

fn optional(text: &Option<String>) -> Field<'_> {
    text.as_deref().map_or(Field::Absent, Field::Text)
}

fn date(d: Option<Date>) -> Field<'static> {
    d.map_or(Field::Absent, |d| Field::BareOwned(d.to_string()))
}

/// A list as a Neo4j string array (see the module's documentation).
fn array<S: AsRef<str>>(list: &[S]) -> Field<'static> {
    if list.is_empty() {
        return Field::Absent;
    }
    let elements: Vec<String> = list
        .iter()
        .map(|e| match e.as_ref() {
            "" => "\\e".to_owned(),
            e => backslash_escape(e, |c| c == ';').into_owned(),
        })
        .collect();
    Field::Owned(elements.join(";"))
}

fn map(map: &BTreeMap<String, String>) -> Field<'static> {
    if map.is_empty() {
        Field::Absent
    } else {
        Field::Owned(serde_json::to_string(map).expect("a map of strings serialises"))
    }
}

impl Document {
    /// Writes the document as the files `neo4j-admin database import
    /// full` reads ([`NEO4J_FILES`]) in the directory `dir`, which is
    /// made if it is not there; gives the paths written. With
    /// [`Overwrite::Refuse`], nothing is written when any of the files is
    /// there already.
    ///
    /// Nodes: `organisations.csv`, `individuals.csv`, `services.csv`
    /// (labels `Organisation`, `Individual`, `Service`; the entity's id
    /// is `id:ID`, one id space as in the document) and `model.csv` (one
    /// `Model` node with the format `version` and the `email_policy`).
    /// Relationships, directed as the document writes them: `PART_OF`
    /// (an organisation to its parent), `PROVIDED_BY` (a service to its
    /// provider), `MEMBER_OF`, `REPORTS_TO`, `FUNDS`, `USES`,
    /// `DEPENDS_ON`, `OVERSEES`, `PARTNER_OF`, with `from:date`,
    /// `until:date`, `title`, `payment` and `approved_by:string[]`.
    /// Lists are string arrays delimited by `;`; `external_ids` is JSON
    /// text. Strings are quoted and may hold line breaks: import with
    /// `--multiline-fields=true`. An absent field is an empty one, which
    /// Neo4j leaves out; an empty string is `""`.
    ///
    /// An invalid document is refused (an error of kind `Invalid`).
    ///
    /// ```
    /// use svcrel::{Document, Overwrite};
    ///
    /// let doc = Document::from_json_file("examples/data/sample.json")?;
    /// let dir = std::env::temp_dir().join(format!("svcrel-neo4j-doc-{}", std::process::id()));
    /// doc.write_neo4j(&dir, Overwrite::Replace)?;
    /// assert_eq!(Document::from_neo4j(&dir)?, doc);
    /// // Written once, the files are not replaced unless asked.
    /// assert!(doc.write_neo4j(&dir, Overwrite::Refuse).is_err());
    /// # std::fs::remove_dir_all(&dir).ok();
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn write_neo4j(
        &self,
        dir: impl AsRef<Path>,
        overwrite: Overwrite,
    ) -> Result<Vec<PathBuf>, Error> {
        self.validate()?;
        let dir = dir.as_ref();
        let paths: Vec<PathBuf> = NEO4J_FILES.iter().map(|f| dir.join(f)).collect();
        if overwrite == Overwrite::Refuse {
            if let Some(there) = paths.iter().find(|p| p.exists()) {
                return Err(Error::io(
                    Some(there.clone()),
                    std::io::Error::new(
                        std::io::ErrorKind::AlreadyExists,
                        "the file is there already; nothing was written",
                    ),
                ));
            }
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::io(Some(dir.to_owned()), e))?;
        let mut texts = self.csv_texts();
        texts.push(CONSTRAINTS.to_owned());
        texts.push(QUERIES.to_owned());
        for (path, text) in paths.iter().zip(texts) {
            std::fs::write(path, text).map_err(|e| Error::io(Some(path.clone()), e))?;
        }
        Ok(paths)
    }

    /// Reads back a document from the files [`Document::write_neo4j`]
    /// wrote in `dir`. The document is not checked: see
    /// [`Document::validate`]. A malformed file is an error of kind `Io`
    /// naming the file and the line.
    ///
    /// ```no_run
    /// let doc = svcrel::Document::from_neo4j("neo4j-import")?;
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn from_neo4j(dir: impl AsRef<Path>) -> Result<Document, Error> {
        let dir = dir.as_ref();
        let mut files = Vec::with_capacity(CSV_FILES);
        for (name, header) in NEO4J_FILES.iter().zip(HEADERS) {
            let path = dir.join(name);
            let bytes = read_file(&path)?;
            let text = String::from_utf8(bytes).map_err(|e| {
                let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                malformed(Some(&path), line, "the file is not UTF-8")
            })?;
            let records = parse_csv(&text).map_err(|(line, m)| malformed(Some(&path), line, m))?;
            let columns = header.split(',').count();
            let mut records = records.into_iter();
            match records.next() {
                Some(first)
                    if first
                        .fields
                        .iter()
                        .map(|f| f.as_deref().unwrap_or(""))
                        .eq(header.split(',')) => {}
                _ => {
                    return Err(malformed(
                        Some(&path),
                        1,
                        format!("the header is not {header}"),
                    ));
                }
            }
            let records: Vec<Record> = records.collect();
            if let Some(bad) = records.iter().find(|r| r.fields.len() != columns) {
                return Err(malformed(
                    Some(&path),
                    bad.line,
                    format!("{} fields, not {columns}", bad.fields.len()),
                ));
            }
            files.push(Csv { path, records });
        }
        assemble(files)
    }

    fn csv_texts(&self) -> Vec<String> {
        let mut texts = Vec::with_capacity(CSV_FILES);
        let mut text = |header: &str, records: &mut dyn FnMut(&mut String)| {
            let mut out = format!("{header}\n");
            records(&mut out);
            texts.push(out);
        };
        let version = self.version.to_string();
        let policy = match self.email_policy {
            EmailPolicy::Unique => "unique",
            EmailPolicy::Shared => "shared",
        };
        text(HEADERS[0], &mut |out| {
            push_record(
                out,
                &[
                    Field::Bare("Model"),
                    Field::Bare(&version),
                    Field::Text(policy),
                ],
            );
        });
        text(HEADERS[1], &mut |out| {
            for o in &self.organisations {
                push_record(
                    out,
                    &[
                        Field::Text(o.id.as_str()),
                        Field::Bare("Organisation"),
                        optional(&o.name),
                        array(&o.emails),
                        array(&o.phones),
                        array(&o.email_domains),
                        map(&o.external_ids),
                    ],
                );
            }
        });
        text(HEADERS[2], &mut |out| {
            for i in &self.individuals {
                push_record(
                    out,
                    &[
                        Field::Text(i.id.as_str()),
                        Field::Bare("Individual"),
                        optional(&i.name),
                        array(&i.emails),
                        array(&i.phones),
                        map(&i.external_ids),
                    ],
                );
            }
        });
        text(HEADERS[3], &mut |out| {
            for s in &self.services {
                push_record(
                    out,
                    &[
                        Field::Text(s.id.as_str()),
                        Field::Bare("Service"),
                        optional(&s.name),
                    ],
                );
            }
        });
        let link = |out: &mut String, from: &str, to: &str, kind: &str, rest: Vec<Field<'_>>| {
            let mut fields = vec![Field::Text(from), Field::Text(to), Field::Bare(kind)];
            fields.extend(rest);
            push_record(out, &fields);
        };
        text(HEADERS[4], &mut |out| {
            for o in &self.organisations {
                if let Some(parent) = &o.parent {
                    link(out, o.id.as_str(), parent.as_str(), "PART_OF", vec![]);
                }
            }
        });
        text(HEADERS[5], &mut |out| {
            for s in &self.services {
                link(
                    out,
                    s.id.as_str(),
                    s.provider.as_str(),
                    "PROVIDED_BY",
                    vec![],
                );
            }
        });
        text(HEADERS[6], &mut |out| {
            for m in &self.memberships {
                let rest = vec![optional(&m.title), date(m.from), date(m.until)];
                link(
                    out,
                    m.individual.as_str(),
                    m.organisation.as_str(),
                    "MEMBER_OF",
                    rest,
                );
            }
        });
        text(HEADERS[7], &mut |out| {
            for r in &self.reporting {
                link(
                    out,
                    r.individual.as_str(),
                    r.manager.as_str(),
                    "REPORTS_TO",
                    vec![date(r.from), date(r.until)],
                );
            }
        });
        text(HEADERS[8], &mut |out| {
            for f in &self.funding {
                let rest = vec![
                    Field::Text(f.payment.as_str()),
                    array(&f.approved_by),
                    date(f.from),
                    date(f.until),
                ];
                link(out, f.payer.as_str(), f.service.as_str(), "FUNDS", rest);
            }
        });
        text(HEADERS[9], &mut |out| {
            for u in &self.usage {
                link(
                    out,
                    u.user.as_str(),
                    u.service.as_str(),
                    "USES",
                    vec![date(u.from), date(u.until)],
                );
            }
        });
        text(HEADERS[10], &mut |out| {
            for d in &self.dependencies {
                link(
                    out,
                    d.service.as_str(),
                    d.depends_on.as_str(),
                    "DEPENDS_ON",
                    vec![date(d.from), date(d.until)],
                );
            }
        });
        text(HEADERS[11], &mut |out| {
            for o in &self.oversight {
                link(
                    out,
                    o.overseer.as_str(),
                    o.organisation.as_str(),
                    "OVERSEES",
                    vec![date(o.from), date(o.until)],
                );
            }
        });
        text(HEADERS[12], &mut |out| {
            for p in &self.partnerships {
                let [a, b] = &p.parties;
                link(
                    out,
                    a.as_str(),
                    b.as_str(),
                    "PARTNER_OF",
                    vec![date(p.from), date(p.until)],
                );
            }
        });
        texts
    }
}

/// A record read: its line and its fields (`None`: empty and unquoted).
struct Record {
    line: usize,
    fields: Vec<Option<String>>,
}

/// A CSV file read, without its header.
struct Csv {
    path: PathBuf,
    records: Vec<Record>,
}

/// Reads CSV (RFC 4180, `"` quotes, `""` a quote in a quoted field),
/// keeping apart an empty field and a quoted empty string.
fn parse_csv(text: &str) -> Result<Vec<Record>, (usize, String)> {
    let mut records = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        let start = line;
        let mut fields = Vec::new();
        loop {
            let field = if chars.peek() == Some(&'"') {
                chars.next();
                let mut value = String::new();
                loop {
                    match chars.next() {
                        None => return Err((start, "a quoted field is not closed".to_owned())),
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            value.push('"');
                        }
                        Some('"') => break,
                        Some(c) => {
                            if c == '\n' {
                                line += 1;
                            }
                            value.push(c);
                        }
                    }
                }
                if !matches!(chars.peek(), None | Some(',' | '\n' | '\r')) {
                    return Err((line, "text after a quoted field's closing quote".to_owned()));
                }
                Some(value)
            } else {
                let mut value = String::new();
                while let Some(&c) = chars.peek() {
                    if matches!(c, ',' | '\n' | '\r') {
                        break;
                    }
                    if c == '"' {
                        return Err((line, "a quote inside a field that is not quoted".to_owned()));
                    }
                    value.push(c);
                    chars.next();
                }
                (!value.is_empty()).then_some(value)
            };
            fields.push(field);
            match chars.next() {
                Some(',') => continue,
                Some('\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                }
                Some('\n') | None => {}
                Some(_) => return Err((line, "a carriage return alone ends a record".to_owned())),
            }
            line += 1;
            break;
        }
        records.push(Record {
            line: start,
            fields,
        });
    }
    Ok(records)
}

/// The fields of one record, taken in the header's order.
struct Fields<'a> {
    path: &'a Path,
    line: usize,
    fields: std::vec::IntoIter<Option<String>>,
}

impl Fields<'_> {
    fn fail(&self, message: impl std::fmt::Display) -> Error {
        malformed(Some(self.path), self.line, message)
    }

    fn optional(&mut self) -> Option<String> {
        self.fields.next().flatten()
    }

    fn required(&mut self, what: &str) -> Result<String, Error> {
        self.optional()
            .ok_or_else(|| self.fail(format!("the {what} is empty")))
    }

    fn bare(&mut self, what: &str, expected: &str) -> Result<(), Error> {
        let got = self.optional().unwrap_or_default();
        if got == expected {
            Ok(())
        } else {
            Err(self.fail(format!(
                "the {what} is {:?}, not {expected}",
                printable(&got)
            )))
        }
    }

    fn array(&mut self, what: &str) -> Result<Vec<String>, Error> {
        match self.optional() {
            None => Ok(Vec::new()),
            Some(text) => text
                .split(';')
                .map(|e| {
                    if e == "\\e" {
                        Ok(String::new())
                    } else {
                        backslash_unescape(e)
                    }
                })
                .collect::<Result<_, _>>()
                .map_err(|e| self.fail(format!("{what}: {e}"))),
        }
    }

    fn map(&mut self) -> Result<BTreeMap<String, String>, Error> {
        match self.optional() {
            None => Ok(BTreeMap::new()),
            Some(text) => serde_json::from_str(&text).map_err(|e| {
                self.fail(format!(
                    "external_ids is not a JSON object of strings: {}",
                    printable(&e.to_string())
                ))
            }),
        }
    }

    fn date(&mut self, what: &str) -> Result<Option<Date>, Error> {
        match self.optional() {
            None => Ok(None),
            Some(text) => text.parse::<Date>().map(Some).map_err(|_| {
                self.fail(format!(
                    "{what}: {:?} is not a date YYYY-MM-DD",
                    printable(&text)
                ))
            }),
        }
    }

    fn dates(&mut self) -> Result<(Option<Date>, Option<Date>), Error> {
        Ok((self.date("from")?, self.date("until")?))
    }
}

fn assemble(files: Vec<Csv>) -> Result<Document, Error> {
    let mut doc = Document::default();
    let mut each = files.into_iter().map(|csv| {
        let path = csv.path;
        csv.records
            .into_iter()
            .map(|r| (path.clone(), r))
            .collect::<Vec<_>>()
    });
    let mut next = || each.next().unwrap_or_default();
    fn fields((path, record): &(PathBuf, Record)) -> Fields<'_> {
        Fields {
            path: path.as_path(),
            line: record.line,
            fields: record.fields.clone().into_iter(),
        }
    }

    let model = next();
    match model.as_slice() {
        [one] => {
            let mut f = fields(one);
            f.bare(":LABEL", "Model")?;
            let version = f.required("version")?;
            doc.version = version.parse().map_err(|_| {
                f.fail(format!(
                    "the version {:?} is not a number",
                    printable(&version)
                ))
            })?;
            doc.email_policy = match f.required("email_policy")?.as_str() {
                "unique" => EmailPolicy::Unique,
                "shared" => EmailPolicy::Shared,
                other => {
                    return Err(f.fail(format!(
                        "the email_policy {:?} is neither unique nor shared",
                        printable(other)
                    )));
                }
            };
        }
        _ => {
            let path = model.first().map_or_else(PathBuf::new, |(p, _)| p.clone());
            return Err(malformed(
                Some(&path),
                1,
                "model.csv holds one Model record",
            ));
        }
    }
    let mut organisation_at = HashMap::new();
    for record in &next() {
        let mut f = fields(record);
        let id = f.required("id")?;
        f.bare(":LABEL", "Organisation")?;
        organisation_at.insert(id.clone(), (doc.organisations.len(), record.1.line));
        doc.organisations.push(Organisation {
            name: f.optional(),
            emails: f.array("emails")?,
            phones: f.array("phones")?,
            email_domains: f.array("email_domains")?,
            external_ids: f.map()?,
            ..Organisation::new(id)
        });
    }
    for record in &next() {
        let mut f = fields(record);
        let id = f.required("id")?;
        f.bare(":LABEL", "Individual")?;
        doc.individuals.push(Individual {
            name: f.optional(),
            emails: f.array("emails")?,
            phones: f.array("phones")?,
            external_ids: f.map()?,
            ..Individual::new(id)
        });
    }
    let mut service_at = HashMap::new();
    for record in &next() {
        let mut f = fields(record);
        let id = f.required("id")?;
        f.bare(":LABEL", "Service")?;
        service_at.insert(id.clone(), doc.services.len());
        doc.services.push(Service {
            name: f.optional(),
            ..Service::new(id, "")
        });
    }
    fn ends<'r>(
        record: &'r (PathBuf, Record),
        kind: &str,
    ) -> Result<(Fields<'r>, String, String), Error> {
        let mut f = fields(record);
        let from = f.required(":START_ID")?;
        let to = f.required(":END_ID")?;
        f.bare(":TYPE", kind)?;
        Ok((f, from, to))
    }
    for record in &next() {
        let (f, from, to) = ends(record, "PART_OF")?;
        let &(at, _) = organisation_at.get(&from).ok_or_else(|| {
            f.fail(format!(
                "{:?} is no organisation of organisations.csv",
                printable(&from)
            ))
        })?;
        if doc.organisations[at].parent.replace(to.into()).is_some() {
            return Err(f.fail(format!("a second parent for {:?}", printable(&from))));
        }
    }
    let mut provided = vec![false; doc.services.len()];
    let providers = next();
    for record in &providers {
        let (f, from, to) = ends(record, "PROVIDED_BY")?;
        let &at = service_at.get(&from).ok_or_else(|| {
            f.fail(format!(
                "{:?} is no service of services.csv",
                printable(&from)
            ))
        })?;
        if std::mem::replace(&mut provided[at], true) {
            return Err(f.fail(format!("a second provider for {:?}", printable(&from))));
        }
        doc.services[at].provider = to.into();
    }
    if let Some(at) = provided.iter().position(|p| !p) {
        return Err(Error::io(
            None,
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "providers.csv: the service {:?} has no provider",
                    printable(doc.services[at].id.as_str())
                ),
            ),
        ));
    }
    for record in &next() {
        let (mut f, from, to) = ends(record, "MEMBER_OF")?;
        let title = f.optional();
        let (start, until) = f.dates()?;
        doc.memberships.push(Membership {
            title,
            from: start,
            until,
            ..Membership::new(from, to)
        });
    }
    for record in &next() {
        let (mut f, from, to) = ends(record, "REPORTS_TO")?;
        let (start, until) = f.dates()?;
        doc.reporting.push(Reporting {
            from: start,
            until,
            ..Reporting::new(from, to)
        });
    }
    for record in &next() {
        let (mut f, from, to) = ends(record, "FUNDS")?;
        let payment = f.required("payment")?;
        let payment = Payment::ALL
            .into_iter()
            .find(|p| p.as_str() == payment)
            .ok_or_else(|| {
                f.fail(format!(
                    "the payment {:?} is none of cash, trade, chargeback, allocation, none",
                    printable(&payment)
                ))
            })?;
        let approved_by = f
            .array("approved_by")?
            .into_iter()
            .map(Into::into)
            .collect();
        let (start, until) = f.dates()?;
        doc.funding.push(Funding {
            approved_by,
            from: start,
            until,
            ..Funding::new(from, to, payment)
        });
    }
    for record in &next() {
        let (mut f, from, to) = ends(record, "USES")?;
        let (start, until) = f.dates()?;
        doc.usage.push(Usage {
            from: start,
            until,
            ..Usage::new(from, to)
        });
    }
    for record in &next() {
        let (mut f, from, to) = ends(record, "DEPENDS_ON")?;
        let (start, until) = f.dates()?;
        doc.dependencies.push(Dependency {
            from: start,
            until,
            ..Dependency::new(from, to)
        });
    }
    for record in &next() {
        let (mut f, from, to) = ends(record, "OVERSEES")?;
        let (start, until) = f.dates()?;
        doc.oversight.push(Oversight {
            from: start,
            until,
            ..Oversight::new(from, to)
        });
    }
    for record in &next() {
        let (mut f, from, to) = ends(record, "PARTNER_OF")?;
        let (start, until) = f.dates()?;
        doc.partnerships.push(Partnership {
            from: start,
            until,
            ..Partnership::new(from, to)
        });
    }
    Ok(doc)
}
