//! What the importers share: their input files, the session that builds
//! the document with where each item came from, and the readers of the
//! values several formats hold.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::document::{
    Dependency, Document, Funding, Individual, Membership, Organisation, Reporting, Service, Usage,
};
use crate::error::Error;
use crate::import::{ImportOptions, MissingReferences, Restated, Updated};
use crate::problem::{ImportProblem, Section, Skipped};

/// One input file: its name and its text, with where its lines start.
pub(crate) struct Input {
    pub(crate) path: PathBuf,
    pub(crate) text: String,
    #[cfg_attr(
        not(any(feature = "itop", feature = "csv", feature = "scim")),
        allow(dead_code)
    )]
    line_starts: Vec<usize>,
}

/// The offsets just after each line break of a text: a line ends at LF,
/// CRLF or a CR alone (old Mac files; XML, YAML and CSV all read a CR
/// alone as a line break).
fn line_ends(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes.iter().enumerate().filter_map(|(i, &b)| match b {
        b'\n' => Some(i + 1),
        b'\r' if bytes.get(i + 1) != Some(&b'\n') => Some(i + 1),
        _ => None,
    })
}

impl Input {
    pub(crate) fn new(path: PathBuf, mut text: String) -> Input {
        if text.starts_with('\u{feff}') {
            // A byte-order mark is not content; lines stay where they are.
            text.replace_range(..'\u{feff}'.len_utf8(), "");
        }
        let line_starts = std::iter::once(0)
            .chain(line_ends(text.as_bytes()))
            .collect();
        Input {
            path,
            text,
            line_starts,
        }
    }

    pub(super) fn from_bytes(path: PathBuf, bytes: Vec<u8>) -> Result<Input, ImportProblem> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Input::new(path, text)),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let line = 1 + line_ends(&e.as_bytes()[..valid]).count();
                let message = "the file is not UTF-8 text";
                Err(ImportProblem::new(Some(path), Some(line), None, message))
            }
        }
    }

    /// The line (from 1) of a byte offset in the text.
    #[cfg(any(feature = "itop", feature = "csv", feature = "scim"))]
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    /// The file's name without its directories, for messages about which
    /// file a record belongs in.
    #[cfg(feature = "csv")]
    pub(crate) fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.display().to_string())
    }
}

/// Where something is: a file (by index into the inputs) and a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Origin {
    pub(crate) file: usize,
    pub(crate) line: usize,
}

/// An item of one of the document's lists, which the session can push.
pub(crate) trait Item: Sized {
    const SECTION: Section;
    fn list(doc: &mut Document) -> &mut Vec<Self>;
}

macro_rules! item {
    ($ty:ty, $section:ident, $field:ident) => {
        impl Item for $ty {
            const SECTION: Section = Section::$section;
            fn list(doc: &mut Document) -> &mut Vec<Self> {
                &mut doc.$field
            }
        }
    };
}

item!(Organisation, Organisations, organisations);
item!(Individual, Individuals, individuals);
item!(Service, Services, services);
item!(Membership, Memberships, memberships);
item!(Reporting, Reporting, reporting);
item!(Funding, Funding, funding);
item!(Usage, Usage, usage);
item!(Dependency, Dependencies, dependencies);

/// One import under way: the inputs, what to do with a restated record,
/// the document being built with where each item came from, the problems
/// found, the records skipped and those updated by a later copy.
pub(crate) struct Session<'a> {
    pub(crate) inputs: &'a [Input],
    #[cfg_attr(not(feature = "itop"), allow(dead_code))]
    pub(crate) restated: Restated,
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) options: &'a ImportOptions,
    document: Document,
    origins: HashMap<(Section, usize), Origin>,
    problems: Vec<(Option<Origin>, ImportProblem)>,
    skipped: Vec<(Origin, Skipped)>,
    updated: Vec<(Origin, Updated)>,
    left_out: Vec<(Origin, Skipped)>,
    records: usize,
}

/// What a reference to a record not in the files takes with it when the
/// import skips such references ([`MissingReferences::Skip`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Needs {
    /// The record is only that reference (a membership, a funding row, a
    /// service without its provider): it is skipped.
    #[cfg_attr(
        not(any(feature = "itop", feature = "backstage", feature = "csv")),
        allow(dead_code)
    )]
    Record,
    /// The record stands without it (a person without their manager): the
    /// reference is left out.
    Reference,
}

/// What a successful import made: the document, the records skipped and
/// those updated by a later copy (each in file order), and how many
/// records were read.
pub(super) struct Finished {
    pub(super) document: Document,
    pub(super) skipped: Vec<Skipped>,
    pub(super) updated: Vec<Updated>,
    pub(super) left_out: Vec<Skipped>,
    pub(super) records: usize,
}

impl<'a> Session<'a> {
    pub(super) fn new(inputs: &'a [Input], options: &'a ImportOptions) -> Self {
        Session {
            inputs,
            restated: options.restated,
            options,
            document: Document {
                email_policy: options.email_policy,
                ..Document::default()
            },
            origins: HashMap::new(),
            problems: Vec::new(),
            skipped: Vec::new(),
            updated: Vec::new(),
            left_out: Vec::new(),
            records: 0,
        }
    }

    /// Counts one record read (mapped or skipped).
    pub(crate) fn read_record(&mut self) {
        self.records += 1;
    }

    /// Adds an item to the document, remembering where it came from.
    pub(crate) fn push<T: Item>(&mut self, item: T, at: Origin) {
        let list = T::list(&mut self.document);
        self.origins.insert((T::SECTION, list.len()), at);
        list.push(item);
    }

    /// Notes a problem at a place in a file, about an id if given.
    pub(crate) fn problem(&mut self, at: Origin, id: Option<&str>, message: impl Into<String>) {
        let file = self.inputs[at.file].path.clone();
        let problem = ImportProblem::new(Some(file), Some(at.line), id.map(str::to_owned), message);
        self.problems.push((Some(at), problem));
    }

    /// Notes a problem with the set of files, outside any of them.
    #[cfg(feature = "csv")]
    pub(crate) fn general_problem(&mut self, message: impl Into<String>) {
        let problem = ImportProblem::new(None, None, None, message);
        self.problems.push((None, problem));
    }

    /// Notes a record read and not mapped.
    pub(crate) fn skip(
        &mut self,
        at: Origin,
        record: impl Into<String>,
        reason: impl Into<String>,
    ) {
        let skipped = Skipped::new(self.inputs[at.file].path.clone(), at.line, record, reason);
        self.skipped.push((at, skipped));
    }

    /// Notes a reference, read at `at`, to a record that is not in the
    /// files: a problem (about `id`, if given) or, when the import skips
    /// such references, `record` skipped or the reference left out as
    /// `needs` says. The caller maps nothing that needs the reference.
    /// A message that starts with the record's name (as the SCIM
    /// importer's problems do) is listed without it, so as not to name
    /// the record twice.
    pub(crate) fn missing(
        &mut self,
        at: Origin,
        id: Option<&str>,
        record: impl Into<String>,
        message: impl Into<String>,
        needs: Needs,
    ) {
        let (record, mut message) = (record.into(), message.into());
        if self.options.missing == MissingReferences::Skip {
            if let Some(rest) = message.strip_prefix(&format!("{record}: ")) {
                message = rest.to_owned();
            }
        }
        match (self.options.missing, needs) {
            (MissingReferences::Refuse, _) => self.problem(at, id, message),
            (MissingReferences::Skip, Needs::Record) => {
                // A record with two missing references is skipped once,
                // for both.
                if let Some((last_at, last)) = self.skipped.last_mut() {
                    if last_at.file == at.file && last.record() == record {
                        let reason = format!("{}; {message}", last.reason());
                        let path = self.inputs[at.file].path.clone();
                        *last = Skipped::new(path, at.line, record, reason);
                        return;
                    }
                }
                self.skip(at, record, message);
            }
            (MissingReferences::Skip, Needs::Reference) => {
                let path = self.inputs[at.file].path.clone();
                let left_out = Skipped::new(path, at.line, record, message);
                self.left_out.push((at, left_out));
            }
        }
    }

    /// Notes a copy of a record, read at `at`, that changed `fields` of the
    /// copy read at `earlier`.
    #[cfg(feature = "itop")]
    pub(crate) fn update(
        &mut self,
        at: Origin,
        record: impl Into<String>,
        earlier: Origin,
        fields: Vec<String>,
    ) {
        let updated = Updated::new(
            (self.inputs[at.file].path.clone(), at.line),
            record,
            (self.inputs[earlier.file].path.clone(), earlier.line),
            fields,
        );
        self.updated.push((at, updated));
    }

    /// `file:line` of a place, for messages that point at a second place.
    pub(crate) fn place(&self, at: Origin) -> String {
        let file = crate::text::printable_path(&self.inputs[at.file].path);
        format!("{file}:{}", at.line)
    }

    /// The error of every problem found so far, in file and line order,
    /// if any was.
    pub(crate) fn check(&mut self) -> Result<(), Error> {
        if self.problems.is_empty() {
            return Ok(());
        }
        let mut problems = std::mem::take(&mut self.problems);
        // Problems outside any file first, then by file and line; the sort
        // is stable, so problems on one line stay in the order found.
        problems.sort_by_key(|(at, _)| *at);
        Err(Error::import(
            problems.into_iter().map(|(_, p)| p).collect(),
        ))
    }

    /// Checks the document the import made; a problem with it is reported
    /// at the record its item came from.
    pub(super) fn finish(mut self) -> Result<Finished, Error> {
        self.check()?;
        if self.options.missing == MissingReferences::Skip {
            self.leave_out_dangling();
        }
        if let Err(err) = self.document.validate() {
            for problem in err.problems() {
                let at = problem
                    .index()
                    .and_then(|i| self.origins.get(&(problem.section(), i)).copied());
                let message = match problem.field() {
                    Some(field) => format!("{field}: {}", problem.message()),
                    None => problem.message().to_owned(),
                };
                match at {
                    Some(at) => self.problem(at, problem.id(), message),
                    None => {
                        let id = problem.id().map(str::to_owned);
                        let problem = ImportProblem::new(None, None, id, problem.to_string());
                        self.problems.push((None, problem));
                    }
                }
            }
            self.check()?;
        }
        self.skipped.sort_by_key(|(at, _)| *at);
        self.updated.sort_by_key(|(at, _)| *at);
        self.left_out.sort_by_key(|(at, _)| *at);
        Ok(Finished {
            document: self.document,
            skipped: self.skipped.into_iter().map(|(_, s)| s).collect(),
            updated: self.updated.into_iter().map(|(_, u)| u).collect(),
            left_out: self.left_out.into_iter().map(|(_, s)| s).collect(),
            records: self.records,
        })
    }

    /// With [`MissingReferences::Skip`]: leaves out each item of the
    /// document that names a party or service the document lacks (one
    /// the import skipped for a missing reference): a service without its
    /// provider, and then every link to a service or party that is not
    /// there; an organisation stays without its parent, a funding without
    /// the approver. Each is listed where it was read. Parties are never
    /// left out here, so one pass over services and one over links find
    /// them all.
    fn leave_out_dangling(&mut self) {
        let doc = &mut self.document;
        let parties: HashSet<String> = (doc.organisations.iter().map(|o| o.id.to_string()))
            .chain(doc.individuals.iter().map(|i| i.id.to_string()))
            .collect();
        let people: HashSet<String> = doc.individuals.iter().map(|i| i.id.to_string()).collect();
        let origins = &self.origins;
        let at = |section, i| origins.get(&(section, i)).copied();
        let mut notes = Vec::new();
        for (i, org) in doc.organisations.iter_mut().enumerate() {
            if let Some(parent) = org.parent.take_if(|p| !parties.contains(p.as_str())) {
                let record = format!("organisation {:?}", org.id.as_str());
                let why = format!("its parent {:?} is not in the import", parent.as_str());
                notes.push((at(Section::Organisations, i), record, why));
            }
        }
        for (i, funding) in doc.funding.iter_mut().enumerate() {
            let (payer, service) = (funding.payer.as_str(), funding.service.as_str());
            for approver in &funding.approved_by {
                if !people.contains(approver.as_str()) {
                    let record = format!("funding of {service:?} by {payer:?}");
                    let why = format!("its approver {:?} is not in the import", approver.as_str());
                    notes.push((at(Section::Funding, i), record, why));
                }
            }
            funding.approved_by.retain(|a| people.contains(a.as_str()));
        }
        self.note_left_out(notes);

        self.retain(
            |d| &mut d.services,
            |s| {
                let provider = s.provider.as_str();
                (!parties.contains(provider)).then(|| {
                    let record = format!("service {:?}", s.id.as_str());
                    (
                        record,
                        format!("its provider {provider:?} is not in the import"),
                    )
                })
            },
        );
        let services: HashSet<String> = self
            .document
            .services
            .iter()
            .map(|s| s.id.to_string())
            .collect();
        let party = |id: &str| parties.contains(id);
        let person = |id: &str| people.contains(id);
        let service = |id: &str| services.contains(id);
        self.retain(
            |d| &mut d.memberships,
            |m| {
                let record = format!(
                    "membership of {:?} in {:?}",
                    m.individual.as_str(),
                    m.organisation.as_str()
                );
                absent(
                    record,
                    [
                        (m.individual.as_str(), &person),
                        (m.organisation.as_str(), &party),
                    ],
                )
            },
        );
        self.retain(
            |d| &mut d.reporting,
            |r| {
                let record = format!(
                    "reporting line of {:?} to {:?}",
                    r.individual.as_str(),
                    r.manager.as_str()
                );
                absent(
                    record,
                    [
                        (r.individual.as_str(), &person),
                        (r.manager.as_str(), &person),
                    ],
                )
            },
        );
        self.retain(
            |d| &mut d.funding,
            |f| {
                let record = format!(
                    "funding of {:?} by {:?}",
                    f.service.as_str(),
                    f.payer.as_str()
                );
                absent(
                    record,
                    [(f.payer.as_str(), &party), (f.service.as_str(), &service)],
                )
            },
        );
        self.retain(
            |d| &mut d.usage,
            |u| {
                let record = format!("usage of {:?} by {:?}", u.service.as_str(), u.user.as_str());
                absent(
                    record,
                    [(u.user.as_str(), &party), (u.service.as_str(), &service)],
                )
            },
        );
        self.retain(
            |d| &mut d.dependencies,
            |d| {
                let record = format!(
                    "dependency of {:?} on {:?}",
                    d.service.as_str(),
                    d.depends_on.as_str()
                );
                absent(
                    record,
                    [
                        (d.service.as_str(), &service),
                        (d.depends_on.as_str(), &service),
                    ],
                )
            },
        );
    }

    /// Keeps the items of one list for which `gone` says nothing, listing
    /// each other one (its record and why) as left out where it was read;
    /// the origins of those kept follow them to their new places.
    fn retain<T: Item>(
        &mut self,
        list: impl Fn(&mut Document) -> &mut Vec<T>,
        mut gone: impl FnMut(&T) -> Option<(String, String)>,
    ) {
        let items = std::mem::take(list(&mut self.document));
        let mut kept = Vec::with_capacity(items.len());
        let mut notes = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            // Every move so far went to a place below `i`: the origin at
            // `i` is still this item's.
            match gone(&item) {
                Some((record, why)) => {
                    let at = self.origins.remove(&(T::SECTION, i));
                    notes.push((at, record, why));
                }
                None => {
                    if let Some(at) = self.origins.remove(&(T::SECTION, i)) {
                        self.origins.insert((T::SECTION, kept.len()), at);
                    }
                    kept.push(item);
                }
            }
        }
        *list(&mut self.document) = kept;
        self.note_left_out(notes);
    }

    /// Lists items as left out, each at the place its item was read.
    fn note_left_out(&mut self, notes: Vec<(Option<Origin>, String, String)>) {
        for (at, record, why) in notes {
            if let Some(at) = at {
                let path = self.inputs[at.file].path.clone();
                self.left_out
                    .push((at, Skipped::new(path, at.line, record, why)));
            }
        }
    }
}

/// Whether an id is in the import (among the parties, the people, or the
/// services).
type Known<'k> = &'k dyn Fn(&str) -> bool;

/// The record and why, when one of a link's ends is not in the import.
fn absent<const N: usize>(
    record: String,
    ends: [(&str, Known<'_>); N],
) -> Option<(String, String)> {
    let (missing, _) = ends.into_iter().find(|(id, known)| !known(id))?;
    Some((record, format!("{missing:?} is not in the import")))
}

/// Reads a payment word as the document writes it.
#[cfg(any(feature = "backstage", feature = "csv"))]
pub(crate) fn parse_payment(text: &str) -> Result<crate::Payment, String> {
    crate::Payment::ALL
        .into_iter()
        .find(|p| p.as_str() == text)
        .ok_or_else(|| format!("{text:?} is not one of cash, trade, chargeback, allocation, none"))
}

#[cfg(any(
    feature = "itop",
    feature = "backstage",
    feature = "csv",
    feature = "ldif"
))]
/// Reads an email address that the party `id` gives in `field`, at `at`:
/// the trimmed text, or `None` after a problem naming the field when it
/// is not an address (RFC 5321/5322 syntax, as the document's rules check
/// it), so that the file and line of the bad address are reported.
pub(crate) fn read_email(
    s: &mut Session<'_>,
    at: Origin,
    id: &str,
    field: &str,
    text: &str,
) -> Option<String> {
    let text = text.trim();
    if email_address::EmailAddress::is_valid(text) {
        Some(text.to_owned())
    } else {
        let shown = crate::rules::quoted_start(text);
        let message = format!("{field}: {shown} is not an email address");
        s.problem(at, Some(id), message);
        None
    }
}

/// An id made from a name, as the directory importers make organisations'
/// ids: lower case, each run of characters other than letters and digits
/// written `-`, none at either end (`Field Sales` → `field-sales`).
#[cfg(any(feature = "scim", feature = "ldif"))]
pub(crate) fn slug(name: &str) -> String {
    let mut id = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    if id.ends_with('-') {
        id.pop();
    }
    id
}

/// Reads a date written `YYYY-MM-DD`.
#[cfg(any(feature = "itop", feature = "csv"))]
pub(crate) fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    crate::dates::parse(text)
}

#[cfg(any(
    feature = "backstage",
    feature = "csv",
    feature = "scim",
    feature = "ldif"
))]
/// A record read in one place, kept to tell a second copy that agrees
/// (read once) from one that differs (an error naming both places).
pub(crate) struct Seen<V> {
    first: HashMap<String, (V, Origin)>,
}

#[cfg(any(
    feature = "backstage",
    feature = "csv",
    feature = "scim",
    feature = "ldif"
))]
/// What [`Seen::note`] found.
pub(crate) enum Sighting {
    /// The first copy.
    New,
    /// A copy that agrees with the first, read at this place.
    Again(Origin),
    /// A copy that differs from the first, read at this place.
    Differs(Origin),
}

#[cfg(any(
    feature = "backstage",
    feature = "csv",
    feature = "scim",
    feature = "ldif"
))]
impl<V: PartialEq> Seen<V> {
    pub(crate) fn new() -> Self {
        Seen {
            first: HashMap::new(),
        }
    }

    /// Notes a copy of the record `key`, read at `at`.
    pub(crate) fn note(&mut self, key: &str, value: V, at: Origin) -> Sighting {
        match self.first.get(key) {
            None => {
                self.first.insert(key.to_owned(), (value, at));
                Sighting::New
            }
            Some((first, first_at)) if *first == value => Sighting::Again(*first_at),
            Some((_, first_at)) => Sighting::Differs(*first_at),
        }
    }
}
