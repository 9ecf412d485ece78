//! One problem found in a model document, with where it is.

use std::fmt;

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
        }
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
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
