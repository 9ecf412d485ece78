//! What reading reports, each with where it is: a problem found in a
//! model document ([`Problem`]), a problem found in an importer's files
//! ([`ImportProblem`]) and a record an importer read but did not map
//! ([`Skipped`]).

use std::fmt;
#[cfg(feature = "_import")]
use std::path::{Path, PathBuf};

/// A top-level section of a model document, where a [`Problem`] stands.
///
/// ```
/// use svcrel::Section;
/// assert_eq!(Section::Usage.to_string(), "usage");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Section {
    /// The document as a whole (its syntax, or a field outside any list).
    Document,
    /// The `version` field.
    Version,
    /// The `organisations` list.
    Organisations,
    /// The `individuals` list.
    Individuals,
    /// The `services` list.
    Services,
    /// The `memberships` list.
    Memberships,
    /// The `reporting` list.
    Reporting,
    /// The `funding` list.
    Funding,
    /// The `usage` list.
    Usage,
    /// The `dependencies` list.
    Dependencies,
    /// The `oversight` list.
    Oversight,
    /// The `partnerships` list.
    Partnerships,
}

impl Section {
    /// The section's key in a JSON document.
    ///
    /// ```
    /// assert_eq!(svcrel::Section::Dependencies.key(), "dependencies");
    /// ```
    pub fn key(self) -> &'static str {
        match self {
            Section::Document => "document",
            Section::Version => "version",
            Section::Organisations => "organisations",
            Section::Individuals => "individuals",
            Section::Services => "services",
            Section::Memberships => "memberships",
            Section::Reporting => "reporting",
            Section::Funding => "funding",
            Section::Usage => "usage",
            Section::Dependencies => "dependencies",
            Section::Oversight => "oversight",
            Section::Partnerships => "partnerships",
        }
    }

    /// The list sections, in document order.
    pub(crate) const LISTS: [Section; 10] = [
        Section::Organisations,
        Section::Individuals,
        Section::Services,
        Section::Memberships,
        Section::Reporting,
        Section::Funding,
        Section::Usage,
        Section::Dependencies,
        Section::Oversight,
        Section::Partnerships,
    ];
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// What is wrong, in a [`Problem`].
///
/// ```
/// use svcrel::{Model, ProblemKind};
///
/// let err = Model::from_json_str(r#"{"version": 1, "usage": [{"user": "ghost", "service": "mail"}]}"#)
///     .unwrap_err();
/// assert!(err.problems().iter().all(|p| p.kind() == ProblemKind::UnknownReference));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProblemKind {
    /// The JSON text is malformed; [`Problem::line_column`] says where.
    Syntax,
    /// `version` is absent.
    MissingVersion,
    /// `version` is not a format version this crate reads.
    UnsupportedVersion,
    /// A required field is absent.
    MissingField,
    /// A field this format does not have (a typo must not pass silently).
    UnknownField,
    /// A value of the wrong JSON type (a number where a string belongs, …).
    WrongType,
    /// An id is the empty string.
    EmptyId,
    /// An id is used by two entities.
    DuplicateId,
    /// A reference names no entity at all.
    UnknownReference,
    /// A reference names an entity of the wrong kind.
    WrongKind,
    /// Organisations' `parent` links form a cycle.
    ParentCycle,
    /// An individual reports to themself.
    SelfReporting,
    /// Reporting lines that all hold on one common date form a cycle.
    ReportingCycle,
    /// A service depends on itself.
    SelfDependency,
    /// A date is not a calendar date written `YYYY-MM-DD`.
    BadDate,
    /// `from` is not before `until`.
    EmptyPeriod,
    /// `payment` is not one of `cash`, `trade`, `chargeback`, `allocation`, `none`.
    BadPayment,
    /// A partnership does not name exactly two different parties.
    BadPartnership,
    /// The same key twice in one JSON object: named by the item's
    /// section and index and the key (the field), or by the key alone at
    /// the top level.
    DuplicateKey,
    /// An edit names a link the model does not have.
    NoSuchLink,
    /// An edit would remove an entity that something still names.
    InUse,
    /// An email or mail domain that is not well formed.
    BadEmail,
    /// An email given by two parties, under `"email_policy": "unique"`.
    DuplicateEmail,
    /// An external id with an empty system or id.
    BadExternalId,
    /// A phone number that is empty, has white space around it, is longer
    /// than 64 characters, has no digit, or holds a control or format
    /// character.
    BadPhone,
}

/// One problem in a model document: what is wrong and where.
///
/// The `Display` form is one line a person can act on, naming the section,
/// index and field, e.g. `usage[3].user: "ghost-a" names no organisation or
/// individual`.
///
/// ```
/// use svcrel::{Model, ProblemKind, Section};
///
/// let json = r#"{"version": 1, "services": [{"id": "mail", "provider": "ghost-a"}]}"#;
/// let err = Model::from_json_str(json).unwrap_err();
/// let problem = &err.problems()[0];
/// assert_eq!(problem.section(), Section::Services);
/// assert_eq!(problem.index(), Some(0));
/// assert_eq!(problem.field(), Some("provider"));
/// assert_eq!(problem.id(), Some("ghost-a"));
/// assert_eq!(problem.kind(), ProblemKind::UnknownReference);
/// assert_eq!(
///     problem.to_string(),
///     r#"services[0].provider: "ghost-a" names no organisation or individual"#
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    section: Section,
    index: Option<usize>,
    field: Option<String>,
    id: Option<String>,
    kind: ProblemKind,
    line_column: Option<(usize, usize)>,
    message: String,
    /// The edit of a batch the problem is in (see `Model::apply`).
    edit: Option<usize>,
}

impl Problem {
    pub(crate) fn new(
        section: Section,
        index: Option<usize>,
        field: Option<String>,
        kind: ProblemKind,
        message: String,
    ) -> Self {
        Problem {
            section,
            index,
            field,
            id: None,
            kind,
            line_column: None,
            message,
            edit: None,
        }
    }

    /// The same problem, found in edit `edit` of a batch.
    pub(crate) fn in_edit(mut self, edit: usize) -> Self {
        self.edit = Some(edit);
        self
    }

    /// A problem at `section[index].field`.
    pub(crate) fn at(
        section: Section,
        index: usize,
        field: impl Into<String>,
        kind: ProblemKind,
        message: String,
    ) -> Self {
        Problem::new(section, Some(index), Some(field.into()), kind, message)
    }

    pub(crate) fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    pub(crate) fn with_kind(mut self, kind: ProblemKind) -> Self {
        self.kind = kind;
        self
    }

    pub(crate) fn syntax(line: usize, column: usize, message: String) -> Self {
        let mut p = Problem::new(Section::Document, None, None, ProblemKind::Syntax, message);
        p.line_column = Some((line, column));
        p
    }

    /// The section the problem stands in.
    ///
    /// ```
    /// let err = svcrel::Model::from_json_str(r#"{"version": 2}"#).unwrap_err();
    /// assert_eq!(err.problems()[0].section(), svcrel::Section::Version);
    /// ```
    pub fn section(&self) -> Section {
        self.section
    }

    /// The index within the section's list, when the problem is in one item.
    ///
    /// ```
    /// let err = svcrel::Model::from_json_str(
    ///     r#"{"version": 1, "individuals": [{"id": "a"}, {"id": ""}]}"#,
    /// ).unwrap_err();
    /// assert_eq!(err.problems()[0].index(), Some(1));
    /// ```
    pub fn index(&self) -> Option<usize> {
        self.index
    }

    /// The field within the item (`"user"`, `"approved_by[1]"`, …), if any.
    ///
    /// ```
    /// let err = svcrel::Model::from_json_str(
    ///     r#"{"version": 1, "individuals": [{"id": "a", "nmae": "A"}]}"#,
    /// ).unwrap_err();
    /// assert_eq!(err.problems()[0].field(), Some("nmae"));
    /// ```
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// The offending id, when the problem is about one.
    ///
    /// ```
    /// let err = svcrel::Model::from_json_str(
    ///     r#"{"version": 1, "individuals": [{"id": "a"}, {"id": "a"}]}"#,
    /// ).unwrap_err();
    /// assert_eq!(err.problems()[0].id(), Some("a"));
    /// ```
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// What kind of problem this is.
    ///
    /// ```
    /// let err = svcrel::Model::from_json_str(r#"{"version": 1, "individuals": [{"id": ""}]}"#)
    ///     .unwrap_err();
    /// assert_eq!(err.problems()[0].kind(), svcrel::ProblemKind::EmptyId);
    /// ```
    pub fn kind(&self) -> ProblemKind {
        self.kind
    }

    /// Line and column (both from 1) of a syntax problem in the JSON text.
    ///
    /// ```
    /// let err = svcrel::Model::from_json_str("{\n  \"version\": 1,,\n}").unwrap_err();
    /// assert_eq!(err.problems()[0].line_column(), Some((2, 16)));
    /// ```
    pub fn line_column(&self) -> Option<(usize, usize)> {
        self.line_column
    }

    /// The description of what is wrong, without the location.
    ///
    /// ```
    /// let err = svcrel::Model::from_json_str(r#"{"version": 1, "individuals": [{"id": ""}]}"#)
    ///     .unwrap_err();
    /// assert_eq!(err.problems()[0].message(), "the id is empty");
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Which edit of a batch given to [`Model::apply`](crate::Model::apply)
    /// the problem is in, counting from 0; `None` for a problem of a
    /// document or of a single edit method.
    ///
    /// ```
    /// use svcrel::{Edit, Model, Organisation};
    ///
    /// let mut model = Model::from_json_file("examples/data/sample.json")?;
    /// let err = model.apply(&[Edit::AddOrganisation(Organisation::new("nasa"))]).unwrap_err();
    /// assert_eq!(err.problems()[0].edit(), Some(0));
    /// assert!(err.problems()[0].to_string().starts_with("edits[0]: organisations.id: "));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn edit(&self) -> Option<usize> {
        self.edit
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(edit) = self.edit {
            write!(f, "edits[{edit}]: ")?;
        }
        if let Some((line, column)) = self.line_column {
            return write!(f, "line {line}, column {column}: {}", self.message);
        }
        match self.section {
            // A field outside any list names itself; the document as a
            // whole is called so.
            Section::Document if self.field.is_some() => {}
            section => f.write_str(section.key())?,
        }
        if let Some(index) = self.index {
            write!(f, "[{index}]")?;
        }
        if let Some(field) = &self.field {
            if self.section != Section::Document || self.index.is_some() {
                f.write_str(".")?;
            }
            // A misspelt key may hold anything; the line stays one line.
            if crate::text::needs_escape(field) {
                write!(f, "{field:?}")?;
            } else {
                f.write_str(field)?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// One problem an importer found in its files: where, about which id, and
/// what is wrong.
///
/// The `Display` form is one line in the usual `file:line: message` form,
/// e.g. `people.csv:7: manager "p-99" is not in people.csv`. A problem
/// with a whole file has no line; a problem with the set of files (a CSV
/// file the import needs and was not given) has no file either.
///
/// ```
/// # #[cfg(feature = "csv")] {
/// use svcrel::{ErrorKind, ImportFormat};
///
/// let err = ImportFormat::Csv
///     .import_strs(&[
///         ("organisations.csv", "id,name\nacme,Acme Ltd\n"),
///         ("people.csv", "id,name,manager\nmary,Mary Major,p-99\n"),
///     ])
///     .unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Import);
/// let problem = &err.import_problems()[0];
/// assert_eq!(problem.file().and_then(|f| f.to_str()), Some("people.csv"));
/// assert_eq!(problem.line(), Some(2));
/// assert_eq!(problem.id(), Some("p-99"));
/// assert_eq!(problem.to_string(), r#"people.csv:2: manager "p-99" is not in people.csv"#);
/// # }
/// ```
#[cfg(feature = "_import")]
#[cfg_attr(
    docsrs,
    doc(cfg(any(
        feature = "itop",
        feature = "backstage",
        feature = "csv",
        feature = "scim",
        feature = "ldif"
    )))
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportProblem {
    file: Option<PathBuf>,
    line: Option<usize>,
    id: Option<String>,
    message: String,
}

#[cfg(feature = "_import")]
impl ImportProblem {
    /// A problem in `file` (none: with the set of files) on `line` (none:
    /// with the whole file), about `id` if given.
    pub(crate) fn new(
        file: Option<PathBuf>,
        line: Option<usize>,
        id: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        ImportProblem {
            file,
            line,
            id,
            message: message.into(),
        }
    }

    /// The file the problem is in, if it is in one.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// let err = svcrel::ImportFormat::Csv.import_strs(&[("people.csv", "id\n")]).unwrap_err();
    /// assert_eq!(err.import_problems()[0].file(), None);
    /// # }
    /// ```
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// The line (from 1) the problem is on, if it is on one.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// let err = svcrel::ImportFormat::Csv
    ///     .import_strs(&[("organisations.csv", "id,colour\n"), ("people.csv", "id\n")])
    ///     .unwrap_err();
    /// assert_eq!(err.import_problems()[0].line(), Some(1));
    /// # }
    /// ```
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The offending id, when the problem is about one (a reference to a
    /// record the files lack, a duplicate): as it is, or would be, in the
    /// document.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// let err = svcrel::ImportFormat::Csv
    ///     .import_strs(&[("organisations.csv", "id,parent\nit,acme\n"), ("people.csv", "id\n")])
    ///     .unwrap_err();
    /// assert_eq!(err.import_problems()[0].id(), Some("acme"));
    /// # }
    /// ```
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The description of what is wrong, without the location.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// let err = svcrel::ImportFormat::Csv
    ///     .import_strs(&[("organisations.csv", "id,parent\nit,acme\n"), ("people.csv", "id\n")])
    ///     .unwrap_err();
    /// assert_eq!(err.import_problems()[0].message(), r#"parent "acme" is not in organisations.csv"#);
    /// # }
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }
}

#[cfg(feature = "_import")]
impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}:", crate::text::printable_path(file))?;
            if let Some(line) = self.line {
                write!(f, "{line}:")?;
            }
            f.write_str(" ")?;
        }
        f.write_str(&self.message)
    }
}

/// A record an importer read but did not map, and why.
///
/// The `Display` form is one line: `file:line: record: reason`.
///
/// ```
/// # #[cfg(feature = "itop")] {
/// let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
/// <Set>
///   <Location alias="Location" id="4">
///     <name>Grenoble</name>
///   </Location>
/// </Set>
/// "#;
/// let import = svcrel::ImportFormat::Itop.import_strs(&[("locations.xml", xml)])?;
/// let skipped = &import.skipped()[0];
/// assert_eq!(skipped.file(), std::path::Path::new("locations.xml"));
/// assert_eq!(skipped.line(), 3);
/// assert_eq!(skipped.record(), "Location 4");
/// assert!(skipped.reason().starts_with("not a class this importer reads"));
/// # }
/// # Ok::<(), svcrel::Error>(())
/// ```
#[cfg(feature = "_import")]
#[cfg_attr(
    docsrs,
    doc(cfg(any(
        feature = "itop",
        feature = "backstage",
        feature = "csv",
        feature = "scim",
        feature = "ldif"
    )))
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    file: PathBuf,
    line: usize,
    record: String,
    reason: String,
}

#[cfg(feature = "_import")]
impl Skipped {
    /// The record `record` at `file:line`, not mapped for `reason`.
    pub(crate) fn new(
        file: PathBuf,
        line: usize,
        record: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Skipped {
            file,
            line,
            record: record.into(),
            reason: reason.into(),
        }
    }

    /// The file the record is in.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// let import = svcrel::ImportFormat::Csv
    ///     .import_strs(&[("organisations.csv", "id,name\n,\n"), ("people.csv", "id\n")])?;
    /// assert_eq!(import.skipped()[0].file().to_str(), Some("organisations.csv"));
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The line the record starts on (from 1).
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// let import = svcrel::ImportFormat::Csv
    ///     .import_strs(&[("organisations.csv", "id,name\na,\n,\n"), ("people.csv", "id\n")])?;
    /// assert_eq!(import.skipped()[0].line(), 3);
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn line(&self) -> usize {
        self.line
    }

    /// The record, in the words of its format: `Location 4`,
    /// `domain:default/payments`, `person "mary"`, `row`.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// let import = svcrel::ImportFormat::Csv
    ///     .import_strs(&[("organisations.csv", "id,name\n,\n"), ("people.csv", "id\n")])?;
    /// assert_eq!(import.skipped()[0].record(), "row");
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn record(&self) -> &str {
        &self.record
    }

    /// Why the record was not mapped.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// let import = svcrel::ImportFormat::Csv
    ///     .import_strs(&[("organisations.csv", "id,name\n,\n"), ("people.csv", "id\n")])?;
    /// assert_eq!(import.skipped()[0].reason(), "an empty row");
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

#[cfg(feature = "_import")]
impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The record and the reason are made printable where they are
        // written; the file name comes from the caller.
        write!(
            f,
            "{}:{}: {}: {}",
            crate::text::printable_path(&self.file),
            self.line,
            self.record,
            self.reason
        )
    }
}
