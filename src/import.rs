//! Importers: the data people already have, turned into a model document.
//!
//! Each format is behind its own Cargo feature: `itop` (iTop XML data-set
//! files), `backstage` (Backstage software catalog YAML) and `csv` (an HR
//! export as CSV files). Every importer reads every record of its files
//! and either maps it into the [`Document`] or names it, with the reason,
//! in [`Import::skipped`]. A reference to a record that is not in the
//! files, a malformed file, or data that would make an invalid document is
//! an error naming the file and the line ([`ImportProblem`]); the document
//! of a successful import always validates.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::document::{
    Dependency, Document, Funding, Individual, Membership, Organisation, Reporting, Service, Usage,
};
use crate::error::Error;
use crate::problem::Section;

#[cfg(feature = "backstage")]
mod backstage;
#[cfg(feature = "csv")]
mod csv;
#[cfg(feature = "itop")]
mod itop;

/// A format an importer reads; each is behind the Cargo feature of the
/// same name.
///
/// ```
/// # #[cfg(feature = "csv")] {
/// use svcrel::ImportFormat;
///
/// let format: ImportFormat = "csv".parse().unwrap();
/// assert_eq!(format.name(), "csv");
/// assert!(ImportFormat::ALL.contains(&format));
/// # }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ImportFormat {
    /// iTop XML data-set files (the `<Set>` files of its data loaders).
    /// Feature `itop`.
    #[cfg(feature = "itop")]
    Itop,
    /// Backstage software catalog descriptor files (YAML, several
    /// documents per file). Feature `backstage`.
    #[cfg(feature = "backstage")]
    Backstage,
    /// An HR export as CSV files, each named for what it holds
    /// (`people.csv`, `organisations.csv`, …). Feature `csv`.
    #[cfg(feature = "csv")]
    Csv,
}

impl ImportFormat {
    /// Every format this build of the crate can import, in the order
    /// `itop`, `backstage`, `csv`.
    ///
    /// ```
    /// for format in svcrel::ImportFormat::ALL {
    ///     println!("{format}");
    /// }
    /// ```
    pub const ALL: &'static [ImportFormat] = &[
        #[cfg(feature = "itop")]
        ImportFormat::Itop,
        #[cfg(feature = "backstage")]
        ImportFormat::Backstage,
        #[cfg(feature = "csv")]
        ImportFormat::Csv,
    ];

    /// The format's name, as the command line takes it: `itop`,
    /// `backstage` or `csv`.
    ///
    /// ```
    /// # #[cfg(feature = "itop")]
    /// assert_eq!(svcrel::ImportFormat::Itop.name(), "itop");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            #[cfg(feature = "itop")]
            ImportFormat::Itop => "itop",
            #[cfg(feature = "backstage")]
            ImportFormat::Backstage => "backstage",
            #[cfg(feature = "csv")]
            ImportFormat::Csv => "csv",
        }
    }

    /// Imports files, read from disk in the order given.
    ///
    /// A file that cannot be read is an error of kind
    /// [`ErrorKind::Io`](crate::ErrorKind::Io); a malformed file, a
    /// reference to a record the files lack, or data that would make an
    /// invalid document is an error of kind
    /// [`ErrorKind::Import`](crate::ErrorKind::Import) with every problem
    /// found, each naming its file and line.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// use svcrel::ImportFormat;
    ///
    /// let import = ImportFormat::Csv.import_files([
    ///     "tests/fixtures/import/csv/people.csv",
    ///     "tests/fixtures/import/csv/organisations.csv",
    /// ])?;
    /// assert!(!import.document().individuals.is_empty());
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn import_files<P: AsRef<Path>>(
        self,
        paths: impl IntoIterator<Item = P>,
    ) -> Result<Import, Error> {
        let mut inputs = Vec::new();
        let mut problems = Vec::new();
        for path in paths {
            let path = path.as_ref();
            let bytes = std::fs::read(path).map_err(|e| Error::io(Some(path.to_owned()), e))?;
            match Input::from_bytes(path.to_owned(), bytes) {
                Ok(input) => inputs.push(input),
                Err(problem) => problems.push(problem),
            }
        }
        if !problems.is_empty() {
            return Err(Error::import(problems));
        }
        self.import_inputs(&inputs)
    }

    /// Imports texts held in memory, each given with the file name it is
    /// reported under (and, for CSV, known by).
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// use svcrel::ImportFormat;
    ///
    /// let import = ImportFormat::Csv.import_strs(&[
    ///     ("organisations.csv", "id,name\nacme,Acme Ltd\n"),
    ///     ("people.csv", "id,name,organisation\nmary,Mary Major,acme\n"),
    /// ])?;
    /// assert_eq!(import.document().memberships[0].organisation, "acme");
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn import_strs(self, files: &[(&str, &str)]) -> Result<Import, Error> {
        let inputs: Vec<Input> = files
            .iter()
            .map(|(name, text)| Input::new(PathBuf::from(name), (*text).to_owned()))
            .collect();
        self.import_inputs(&inputs)
    }

    fn import_inputs(self, inputs: &[Input]) -> Result<Import, Error> {
        let mut session = Session::new(inputs);
        match self {
            #[cfg(feature = "itop")]
            ImportFormat::Itop => itop::import(&mut session)?,
            #[cfg(feature = "backstage")]
            ImportFormat::Backstage => backstage::import(&mut session)?,
            #[cfg(feature = "csv")]
            ImportFormat::Csv => csv::import(&mut session)?,
        }
        session.finish()
    }
}

impl fmt::Display for ImportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ImportFormat {
    type Err = UnknownFormat;

    /// Reads a format's name, as [`ImportFormat::name`] writes it.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        ImportFormat::ALL
            .iter()
            .copied()
            .find(|f| f.name() == name)
            .ok_or_else(|| UnknownFormat(name.to_owned()))
    }
}

/// The error of parsing an [`ImportFormat`] from a name this build does
/// not import.
///
/// ```
/// let err = "ldap".parse::<svcrel::ImportFormat>().unwrap_err();
/// assert!(err.to_string().starts_with("no importer for \"ldap\""));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownFormat(String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no importer for {:?} (this build imports:", self.0)?;
        if ImportFormat::ALL.is_empty() {
            f.write_str(" nothing")?;
        }
        for format in ImportFormat::ALL {
            write!(f, " {format}")?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for UnknownFormat {}

/// What an importer made of its files: the document, and every record it
/// read but did not map, with the reason.
///
/// ```
/// # #[cfg(feature = "csv")] {
/// use svcrel::{ImportFormat, Model};
///
/// let import = ImportFormat::Csv.import_strs(&[
///     ("organisations.csv", "id,name\nacme,Acme Ltd\nacme,Acme Ltd\n"),
///     ("people.csv", "id,name\n"),
/// ])?;
/// assert_eq!(import.records_read(), 2);
/// assert_eq!(import.records_mapped(), 1);
/// assert_eq!(
///     import.skipped()[0].to_string(),
///     "organisations.csv:3: organisation \"acme\": the same row as line 2"
/// );
/// let model = Model::from_document(import.document())?;
/// assert_eq!(model.counts().organisations, 1);
/// # }
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    document: Document,
    skipped: Vec<Skipped>,
    files: usize,
    records: usize,
}

impl Import {
    /// The model document; it always validates.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// let import = svcrel::ImportFormat::Csv.import_strs(&[
    ///     ("organisations.csv", "id\nacme\n"),
    ///     ("people.csv", "id\n"),
    /// ])?;
    /// assert!(import.document().validate().is_ok());
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// The model document, taken out of the import.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// let doc = svcrel::ImportFormat::Csv
    ///     .import_strs(&[("organisations.csv", "id\nacme\n"), ("people.csv", "id\n")])?
    ///     .into_document();
    /// assert_eq!(doc.organisations[0].id, "acme");
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn into_document(self) -> Document {
        self.document
    }

    /// Every record read but not mapped, in file order, with the reason.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// let import = svcrel::ImportFormat::Csv.import_strs(&[
    ///     ("organisations.csv", "id,name\n,\n"),
    ///     ("people.csv", "id\n"),
    /// ])?;
    /// assert_eq!(import.skipped()[0].reason(), "an empty row");
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// How many files were read.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// let import = svcrel::ImportFormat::Csv
    ///     .import_strs(&[("organisations.csv", "id\n"), ("people.csv", "id\n")])?;
    /// assert_eq!(import.files_read(), 2);
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn files_read(&self) -> usize {
        self.files
    }

    /// How many records (rows, XML records, catalog entities) were read,
    /// mapped or skipped.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// let import = svcrel::ImportFormat::Csv
    ///     .import_strs(&[("organisations.csv", "id\na\nb\n"), ("people.csv", "id\n")])?;
    /// assert_eq!(import.records_read(), 2);
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn records_read(&self) -> usize {
        self.records
    }

    /// How many records were mapped into the document: those read less
    /// those skipped.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// let import = svcrel::ImportFormat::Csv
    ///     .import_strs(&[("organisations.csv", "id,name\na,\n,\n"), ("people.csv", "id\n")])?;
    /// assert_eq!(import.records_mapped(), 1);
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn records_mapped(&self) -> usize {
        self.records - self.skipped.len()
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    file: PathBuf,
    line: usize,
    record: String,
    reason: String,
}

impl Skipped {
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportProblem {
    file: Option<PathBuf>,
    line: Option<usize>,
    id: Option<String>,
    message: String,
}

impl ImportProblem {
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

// ---------------------------------------------------------------------------
// What the importers share.

/// One input file: its name and its text, with where its lines start.
pub(crate) struct Input {
    pub(crate) path: PathBuf,
    pub(crate) text: String,
    #[cfg_attr(not(any(feature = "itop", feature = "csv")), allow(dead_code))]
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

    fn from_bytes(path: PathBuf, bytes: Vec<u8>) -> Result<Input, ImportProblem> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Input::new(path, text)),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let line = 1 + line_ends(&e.as_bytes()[..valid]).count();
                Err(ImportProblem {
                    file: Some(path),
                    line: Some(line),
                    id: None,
                    message: "the file is not UTF-8 text".to_owned(),
                })
            }
        }
    }

    /// The line (from 1) of a byte offset in the text.
    #[cfg(any(feature = "itop", feature = "csv"))]
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

/// One import under way: the inputs, the document being built with where
/// each item came from, the problems found and the records skipped.
pub(crate) struct Session<'a> {
    pub(crate) inputs: &'a [Input],
    document: Document,
    origins: HashMap<(Section, usize), Origin>,
    problems: Vec<(Option<Origin>, ImportProblem)>,
    skipped: Vec<(Origin, Skipped)>,
    records: usize,
}

impl<'a> Session<'a> {
    fn new(inputs: &'a [Input]) -> Self {
        Session {
            inputs,
            document: Document::default(),
            origins: HashMap::new(),
            problems: Vec::new(),
            skipped: Vec::new(),
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
        let problem = ImportProblem {
            file: Some(self.inputs[at.file].path.clone()),
            line: Some(at.line),
            id: id.map(str::to_owned),
            message: message.into(),
        };
        self.problems.push((Some(at), problem));
    }

    /// Notes a problem with the set of files, outside any of them.
    #[cfg(feature = "csv")]
    pub(crate) fn general_problem(&mut self, message: impl Into<String>) {
        let problem = ImportProblem {
            file: None,
            line: None,
            id: None,
            message: message.into(),
        };
        self.problems.push((None, problem));
    }

    /// Notes a record read and not mapped.
    pub(crate) fn skip(
        &mut self,
        at: Origin,
        record: impl Into<String>,
        reason: impl Into<String>,
    ) {
        let skipped = Skipped {
            file: self.inputs[at.file].path.clone(),
            line: at.line,
            record: record.into(),
            reason: reason.into(),
        };
        self.skipped.push((at, skipped));
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
    fn finish(mut self) -> Result<Import, Error> {
        self.check()?;
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
                    None => self.problems.push((
                        None,
                        ImportProblem {
                            file: None,
                            line: None,
                            id: problem.id().map(str::to_owned),
                            message: problem.to_string(),
                        },
                    )),
                }
            }
            self.check()?;
        }
        self.skipped.sort_by_key(|(at, _)| *at);
        Ok(Import {
            document: self.document,
            skipped: self.skipped.into_iter().map(|(_, s)| s).collect(),
            files: self.inputs.len(),
            records: self.records,
        })
    }
}

/// Reads a payment word as the document writes it.
#[cfg(any(feature = "backstage", feature = "csv"))]
pub(crate) fn parse_payment(text: &str) -> Result<crate::Payment, String> {
    crate::Payment::ALL
        .into_iter()
        .find(|p| p.as_str() == text)
        .ok_or_else(|| format!("{text:?} is not one of cash, trade, chargeback, allocation, none"))
}

/// Reads a date written `YYYY-MM-DD`.
#[cfg(any(feature = "itop", feature = "csv"))]
pub(crate) fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    crate::dates::parse(text)
}

/// A record read in one place, kept to tell a second copy that agrees
/// (read once) from one that differs (an error naming both places).
pub(crate) struct Seen<V> {
    first: HashMap<String, (V, Origin)>,
}

/// What [`Seen::note`] found.
pub(crate) enum Sighting {
    /// The first copy.
    New,
    /// A copy that agrees with the first, read at this place.
    Again(Origin),
    /// A copy that differs from the first, read at this place.
    Differs(Origin),
}

impl<V: PartialEq> Seen<V> {
    pub(crate) fn new() -> Self {
        Seen {
            first: HashMap::new(),
        }
    }

    /// The first copy of a record, when one was noted.
    #[cfg_attr(not(feature = "itop"), allow(dead_code))]
    pub(crate) fn first(&self, key: &str) -> Option<&V> {
        self.first.get(key).map(|(value, _)| value)
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
