//! Importers: the data people already have, turned into a model document.
//!
//! Each format is behind its own Cargo feature: `itop` (iTop XML data-set
//! files), `backstage` (Backstage software catalog YAML) and `csv` (an HR
//! export as CSV files). Every importer reads every record of its files
//! and either maps it into the [`Document`] or names it, with the reason,
//! in [`Import::skipped`]. A reference to a record that is not in the
//! files, a malformed file, or data that would make an invalid document is
//! an error naming the file and the line ([`ImportProblem`](crate::ImportProblem)); the document
//! of a successful import always validates.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::document::Document;
use crate::error::Error;
use crate::problem::Skipped;

#[cfg(feature = "backstage")]
mod backstage;
#[cfg(feature = "csv")]
mod csv;
#[cfg(feature = "itop")]
mod itop;
mod session;

use session::{Input, Session};

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
#[cfg_attr(
    docsrs,
    doc(cfg(any(feature = "itop", feature = "backstage", feature = "csv")))
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ImportFormat {
    /// iTop XML data-set files (the `<Set>` files of its data loaders).
    /// Feature `itop`.
    #[cfg(feature = "itop")]
    #[cfg_attr(docsrs, doc(cfg(feature = "itop")))]
    Itop,
    /// Backstage software catalog descriptor files (YAML, several
    /// documents per file). Feature `backstage`.
    #[cfg(feature = "backstage")]
    #[cfg_attr(docsrs, doc(cfg(feature = "backstage")))]
    Backstage,
    /// An HR export as CSV files, each named for what it holds
    /// (`people.csv`, `organisations.csv`, …). Feature `csv`.
    #[cfg(feature = "csv")]
    #[cfg_attr(docsrs, doc(cfg(feature = "csv")))]
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
        let (document, skipped, records) = session.finish()?;
        Ok(Import {
            document,
            skipped,
            files: inputs.len(),
            records,
        })
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
#[cfg_attr(
    docsrs,
    doc(cfg(any(feature = "itop", feature = "backstage", feature = "csv")))
)]
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
#[cfg_attr(
    docsrs,
    doc(cfg(any(feature = "itop", feature = "backstage", feature = "csv")))
)]
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
