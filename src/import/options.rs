//! How an import treats what its files leave open: a record given again,
//! a reference to something not in the files, an address two parties
//! share, and (for CSV) which file holds what under which column names.

#[cfg(feature = "csv")]
use std::fmt;
#[cfg(feature = "csv")]
use std::path::{Path, PathBuf};
#[cfg(feature = "csv")]
use std::str::FromStr;

use crate::document::EmailPolicy;
use crate::import::Restated;

/// What an import does with a reference to a record that is not in its
/// files: a manager who is not in the export, a member of a group the
/// export left out, a service's provider that is missing.
///
/// ```
/// # #[cfg(feature = "csv")] {
/// use svcrel::{ImportFormat, ImportOptions, MissingReferences};
///
/// let files = [
///     ("organisations.csv", "id\nacme\n"),
///     ("people.csv", "id,organisation,manager\nmary,acme,boss\n"),
/// ];
/// // By default the import fails, naming the reference.
/// assert!(ImportFormat::Csv.import_strs(&files).is_err());
/// // Skipped, Mary is imported without her manager, and the reference is listed.
/// let options = ImportOptions::new().missing_references(MissingReferences::Skip);
/// let import = ImportFormat::Csv.import_strs_with(&files, &options)?;
/// assert!(import.document().reporting.is_empty());
/// assert_eq!(
///     import.left_out()[0].to_string(),
///     "people.csv:2: person \"mary\": manager \"boss\" is not in people.csv"
/// );
/// # }
/// # Ok::<(), svcrel::Error>(())
/// ```
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MissingReferences {
    /// The import fails with a problem naming each such reference, its
    /// file and its line.
    #[default]
    Refuse,
    /// The import leaves out what needs the missing record and lists it:
    /// a record that is only the reference (a membership, a funding, a
    /// service whose provider is missing) is [skipped](crate::Import::skipped);
    /// a record that stands without it (a person without their manager,
    /// an organisation without its parent) is mapped without it, and the
    /// reference is listed in [`Import::left_out`](crate::Import::left_out),
    /// as is each link to a service that was skipped.
    Skip,
}

/// The options of an import, as a small builder: what to do with a
/// restated record and with missing references, whether parties may
/// share an email, and which CSV file holds what.
///
/// [`ImportOptions::new`] (the same as `default()`) gives the behaviour of
/// [`ImportFormat::import_files`](crate::ImportFormat::import_files).
///
/// ```
/// # #[cfg(feature = "csv")] {
/// use svcrel::{CsvTable, EmailPolicy, ImportFormat, ImportOptions};
///
/// let options = ImportOptions::new()
///     .email_policy(EmailPolicy::Shared)
///     .csv_table("staff.csv", CsvTable::People)
///     .csv_column("people.id=employee_number".parse()?);
/// let import = ImportFormat::Csv.import_strs_with(
///     &[
///         ("organisations.csv", "id,email\nacme,help@acme.example\n"),
///         ("staff.csv", "employee_number,email,organisation\n1042,help@acme.example,acme\n"),
///     ],
///     &options,
/// )?;
/// let doc = import.document();
/// assert_eq!(doc.individuals[0].id, "1042");
/// assert_eq!(doc.email_policy, EmailPolicy::Shared);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    pub(crate) restated: Restated,
    pub(crate) missing: MissingReferences,
    pub(crate) email_policy: EmailPolicy,
    #[cfg(feature = "csv")]
    pub(crate) csv: CsvOptions,
}

/// The CSV importer's part of the options.
#[cfg(feature = "csv")]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct CsvOptions {
    pub(crate) tables: Vec<(PathBuf, CsvTable)>,
    pub(crate) columns: Vec<ColumnMapping>,
    pub(crate) ignored: Vec<String>,
}

#[cfg(feature = "csv")]
impl CsvOptions {
    /// The table a file holds when an option names it.
    pub(crate) fn table_of(&self, path: &Path) -> Option<CsvTable> {
        self.tables
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, table)| *table)
    }
}

impl ImportOptions {
    /// The default options: a restated record updates the earlier copy
    /// (iTop), a missing reference fails the import, and an email names
    /// one party.
    ///
    /// ```
    /// use svcrel::{ImportOptions, MissingReferences, Restated};
    ///
    /// let options = ImportOptions::new();
    /// assert_eq!(options, ImportOptions::default());
    /// assert_eq!(options.restated_records(), Restated::Update);
    /// assert_eq!(options.missing(), MissingReferences::Refuse);
    /// ```
    pub fn new() -> Self {
        ImportOptions::default()
    }

    /// Sets what to do with a record given again with different fields.
    ///
    /// ```
    /// use svcrel::{ImportOptions, Restated};
    ///
    /// let options = ImportOptions::new().restated(Restated::Refuse);
    /// assert_eq!(options.restated_records(), Restated::Refuse);
    /// ```
    pub fn restated(mut self, restated: Restated) -> Self {
        self.restated = restated;
        self
    }

    /// What is done with a record given again with different fields.
    ///
    /// ```
    /// assert_eq!(svcrel::ImportOptions::new().restated_records(), svcrel::Restated::Update);
    /// ```
    pub fn restated_records(&self) -> Restated {
        self.restated
    }

    /// Sets what to do with a reference to a record not in the files.
    ///
    /// ```
    /// use svcrel::{ImportOptions, MissingReferences};
    ///
    /// let options = ImportOptions::new().missing_references(MissingReferences::Skip);
    /// assert_eq!(options.missing(), MissingReferences::Skip);
    /// ```
    pub fn missing_references(mut self, missing: MissingReferences) -> Self {
        self.missing = missing;
        self
    }

    /// What is done with a reference to a record not in the files.
    ///
    /// ```
    /// assert_eq!(svcrel::ImportOptions::new().missing(), svcrel::MissingReferences::Refuse);
    /// ```
    pub fn missing(&self) -> MissingReferences {
        self.missing
    }

    /// Sets the document's [`EmailPolicy`]: with [`EmailPolicy::Shared`],
    /// parties the files give one address import, and the document says
    /// so (`"email_policy": "shared"`), as a directory where one person
    /// works for two companies under one address needs.
    ///
    /// ```
    /// use svcrel::{EmailPolicy, ImportOptions};
    ///
    /// let options = ImportOptions::new().email_policy(EmailPolicy::Shared);
    /// assert_eq!(options.emails(), EmailPolicy::Shared);
    /// ```
    pub fn email_policy(mut self, policy: EmailPolicy) -> Self {
        self.email_policy = policy;
        self
    }

    /// The document's [`EmailPolicy`].
    ///
    /// ```
    /// assert_eq!(svcrel::ImportOptions::new().emails(), svcrel::EmailPolicy::Unique);
    /// ```
    pub fn emails(&self) -> EmailPolicy {
        self.email_policy
    }

    /// Says that the CSV file at `path` (as given to the import, or the
    /// name given with its text) holds `table`, whatever its name: an HR
    /// export's `employees.csv` as people. Other files are known by their
    /// names, as before; a later call for the same path wins.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// use svcrel::{CsvTable, ImportFormat, ImportOptions};
    ///
    /// let options = ImportOptions::new()
    ///     .csv_table("hr/employees.csv", CsvTable::People)
    ///     .csv_table("hr/units.csv", CsvTable::Organisations);
    /// let import = ImportFormat::Csv.import_strs_with(
    ///     &[("hr/units.csv", "id\nacme\n"), ("hr/employees.csv", "id\nmary\n")],
    ///     &options,
    /// )?;
    /// assert_eq!(import.document().individuals[0].id, "mary");
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    #[cfg(feature = "csv")]
    #[cfg_attr(docsrs, doc(cfg(feature = "csv")))]
    pub fn csv_table(mut self, path: impl Into<PathBuf>, table: CsvTable) -> Self {
        let path = path.into();
        self.csv.tables.retain(|(p, _)| *p != path);
        self.csv.tables.push((path, table));
        self
    }

    /// Reads a CSV header under another name: `people.id=employee_number`
    /// reads the column `employee_number` of the people file as `id`.
    ///
    /// A mapping that names no table applies to every file with that
    /// header. A mapping whose header is in no file of its table is a
    /// problem of the import, as is a header that two mappings or a
    /// mapping and the column's own name make one column twice.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// use svcrel::{ImportFormat, ImportOptions};
    ///
    /// let options = ImportOptions::new()
    ///     .csv_column("id=key".parse()?)
    ///     .csv_column("people.organisation=unit".parse()?);
    /// let import = ImportFormat::Csv.import_strs_with(
    ///     &[("organisations.csv", "key\nacme\n"), ("people.csv", "key,unit\nmary,acme\n")],
    ///     &options,
    /// )?;
    /// assert_eq!(import.document().memberships[0].organisation, "acme");
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "csv")]
    #[cfg_attr(docsrs, doc(cfg(feature = "csv")))]
    pub fn csv_column(mut self, mapping: ColumnMapping) -> Self {
        self.csv.columns.push(mapping);
        self
    }

    /// Leaves a CSV column out: the files' columns of that header (in any
    /// table) are not read, where an unknown column is otherwise an error
    /// (it may be a misspelt one). For the columns an export has and the
    /// model does not (`cost_center`, `hire_date`).
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// use svcrel::{ImportFormat, ImportOptions};
    ///
    /// let files = [("organisations.csv", "id\nacme\n"), ("people.csv", "id,hire_date\nmary,2019-01-07\n")];
    /// assert!(ImportFormat::Csv.import_strs(&files).is_err());
    /// let options = ImportOptions::new().csv_ignore_column("hire_date");
    /// assert!(ImportFormat::Csv.import_strs_with(&files, &options).is_ok());
    /// # }
    /// ```
    #[cfg(feature = "csv")]
    #[cfg_attr(docsrs, doc(cfg(feature = "csv")))]
    pub fn csv_ignore_column(mut self, header: impl Into<String>) -> Self {
        self.csv.ignored.push(header.into());
        self
    }
}

/// What one file of an HR export in CSV holds; each is known by its file
/// name (`people.csv`, …) unless [`ImportOptions::csv_table`] names it.
///
/// ```
/// use svcrel::CsvTable;
///
/// let table: CsvTable = "people".parse()?;
/// assert_eq!(table, CsvTable::People);
/// assert_eq!(table.file_name(), "people.csv");
/// assert!(table.columns().contains(&"manager"));
/// # Ok::<(), svcrel::CsvNameError>(())
/// ```
#[cfg(feature = "csv")]
#[cfg_attr(docsrs, doc(cfg(feature = "csv")))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CsvTable {
    /// `people.csv`: a person in a position per row.
    People,
    /// `organisations.csv`.
    Organisations,
    /// `services.csv`.
    Services,
    /// `funding.csv`.
    Funding,
    /// `usage.csv`.
    Usage,
}

#[cfg(feature = "csv")]
impl CsvTable {
    /// Every table, in the order `people`, `organisations`, `services`,
    /// `funding`, `usage`.
    ///
    /// ```
    /// assert_eq!(svcrel::CsvTable::ALL.len(), 5);
    /// ```
    pub const ALL: [CsvTable; 5] = [
        CsvTable::People,
        CsvTable::Organisations,
        CsvTable::Services,
        CsvTable::Funding,
        CsvTable::Usage,
    ];

    /// The table's name: `people`, `organisations`, `services`, `funding`
    /// or `usage`.
    ///
    /// ```
    /// assert_eq!(svcrel::CsvTable::Usage.name(), "usage");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            CsvTable::People => "people",
            CsvTable::Organisations => "organisations",
            CsvTable::Services => "services",
            CsvTable::Funding => "funding",
            CsvTable::Usage => "usage",
        }
    }

    /// The file name the table is known by: its name and `.csv`.
    ///
    /// ```
    /// assert_eq!(svcrel::CsvTable::Organisations.file_name(), "organisations.csv");
    /// ```
    pub fn file_name(self) -> &'static str {
        match self {
            CsvTable::People => "people.csv",
            CsvTable::Organisations => "organisations.csv",
            CsvTable::Services => "services.csv",
            CsvTable::Funding => "funding.csv",
            CsvTable::Usage => "usage.csv",
        }
    }

    /// The table's columns, in the order the README lists them.
    ///
    /// ```
    /// assert_eq!(svcrel::CsvTable::Services.columns(), ["id", "name", "provider"]);
    /// assert!(svcrel::CsvTable::People.columns().contains(&"phone"));
    /// ```
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            CsvTable::People => &[
                "id",
                "name",
                "email",
                "phone",
                "organisation",
                "title",
                "manager",
                "from",
                "until",
            ],
            CsvTable::Organisations => &["id", "name", "email", "phone", "parent"],
            CsvTable::Services => &["id", "name", "provider"],
            CsvTable::Funding => &[
                "payer",
                "service",
                "payment",
                "approved_by",
                "from",
                "until",
            ],
            CsvTable::Usage => &["user", "service", "from", "until"],
        }
    }

    /// The columns a file of the table must have.
    ///
    /// ```
    /// assert_eq!(svcrel::CsvTable::Usage.required(), ["user", "service"]);
    /// ```
    pub fn required(self) -> &'static [&'static str] {
        match self {
            CsvTable::People | CsvTable::Organisations => &["id"],
            CsvTable::Services => &["id", "provider"],
            CsvTable::Funding => &["payer", "service", "payment"],
            CsvTable::Usage => &["user", "service"],
        }
    }
}

#[cfg(feature = "csv")]
impl fmt::Display for CsvTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(feature = "csv")]
impl FromStr for CsvTable {
    type Err = CsvNameError;

    /// Reads a table's name, as [`CsvTable::name`] writes it.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        CsvTable::ALL
            .into_iter()
            .find(|t| t.name() == name)
            .ok_or_else(|| CsvNameError::new(name))
    }
}

/// The error of reading a [`CsvTable`] or a [`ColumnMapping`] that names
/// no table or column: what is wrong, with the names one may give.
///
/// ```
/// let err = "staff".parse::<svcrel::CsvTable>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "\"staff\" is not a CSV table: they are people, organisations, services, funding, usage"
/// );
/// ```
#[cfg(feature = "csv")]
#[cfg_attr(docsrs, doc(cfg(feature = "csv")))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvNameError(String);

#[cfg(feature = "csv")]
impl fmt::Display for CsvNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(feature = "csv")]
impl std::error::Error for CsvNameError {}

#[cfg(feature = "csv")]
impl CsvNameError {
    fn new(name: &str) -> Self {
        let names: Vec<&str> = CsvTable::ALL.iter().map(|t| t.name()).collect();
        CsvNameError(format!(
            "{:?} is not a CSV table: they are {}",
            crate::text::printable(name),
            names.join(", ")
        ))
    }
}

/// A CSV header read under a column's name: `TABLE.COLUMN=HEADER`, or
/// `COLUMN=HEADER` for every table with that column (see
/// [`ImportOptions::csv_column`]).
///
/// ```
/// use svcrel::{ColumnMapping, CsvTable};
///
/// let mapping: ColumnMapping = "people.id=employee_number".parse()?;
/// assert_eq!(mapping.table(), Some(CsvTable::People));
/// assert_eq!(mapping.column(), "id");
/// assert_eq!(mapping.header(), "employee_number");
///
/// let err = "people.boss=manager_id".parse::<ColumnMapping>().unwrap_err();
/// assert!(err.to_string().starts_with("\"boss\" is not a column of people.csv"));
/// # Ok::<(), svcrel::CsvNameError>(())
/// ```
#[cfg(feature = "csv")]
#[cfg_attr(docsrs, doc(cfg(feature = "csv")))]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ColumnMapping {
    table: Option<CsvTable>,
    column: &'static str,
    header: String,
}

#[cfg(feature = "csv")]
impl ColumnMapping {
    /// The table the mapping is for, `None` for every table with the
    /// column.
    ///
    /// ```
    /// let mapping: svcrel::ColumnMapping = "email=mail".parse()?;
    /// assert_eq!(mapping.table(), None);
    /// # Ok::<(), svcrel::CsvNameError>(())
    /// ```
    pub fn table(&self) -> Option<CsvTable> {
        self.table
    }

    /// The column the header is read as.
    ///
    /// ```
    /// let mapping: svcrel::ColumnMapping = "email=mail".parse()?;
    /// assert_eq!(mapping.column(), "email");
    /// # Ok::<(), svcrel::CsvNameError>(())
    /// ```
    pub fn column(&self) -> &'static str {
        self.column
    }

    /// The header as the files write it.
    ///
    /// ```
    /// let mapping: svcrel::ColumnMapping = "email=mail".parse()?;
    /// assert_eq!(mapping.header(), "mail");
    /// # Ok::<(), svcrel::CsvNameError>(())
    /// ```
    pub fn header(&self) -> &str {
        &self.header
    }

    /// Whether the mapping applies to a file of `table`.
    pub(crate) fn applies_to(&self, table: CsvTable) -> bool {
        self.table.is_none_or(|t| t == table) && table.columns().contains(&self.column)
    }
}

#[cfg(feature = "csv")]
impl fmt::Display for ColumnMapping {
    /// As it is read: `people.id=employee_number`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(table) = self.table {
            write!(f, "{table}.")?;
        }
        write!(
            f,
            "{}={}",
            self.column,
            crate::text::printable(&self.header)
        )
    }
}

#[cfg(feature = "csv")]
impl FromStr for ColumnMapping {
    type Err = CsvNameError;

    /// Reads `TABLE.COLUMN=HEADER` or `COLUMN=HEADER`; the header is
    /// trimmed, as the files' headers are.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let Some((name, header)) = text.split_once('=') else {
            return Err(CsvNameError(format!(
                "{:?} is not COLUMN=HEADER or TABLE.COLUMN=HEADER",
                crate::text::printable(text)
            )));
        };
        let header = header.trim();
        if header.is_empty() {
            return Err(CsvNameError(format!(
                "{:?} names no header after '='",
                crate::text::printable(text)
            )));
        }
        let (table, column) = match name.trim().split_once('.') {
            Some((table, column)) => (Some(table.parse::<CsvTable>()?), column),
            None => (None, name.trim()),
        };
        let tables: Vec<CsvTable> = match table {
            Some(t) => vec![t],
            None => CsvTable::ALL.to_vec(),
        };
        let Some(column) = tables
            .iter()
            .flat_map(|t| t.columns())
            .find(|c| **c == column)
        else {
            let where_ = match table {
                Some(t) => format!(
                    "of {}: its columns are {}",
                    t.file_name(),
                    t.columns().join(", ")
                ),
                None => "of any CSV table".to_owned(),
            };
            return Err(CsvNameError(format!(
                "{:?} is not a column {where_}",
                crate::text::printable(column)
            )));
        };
        Ok(ColumnMapping {
            table,
            column,
            header: header.to_owned(),
        })
    }
}
