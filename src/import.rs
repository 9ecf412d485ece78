//! Importers: the data people already have, turned into a model document.
//!
//! Each format is behind its own Cargo feature: `itop` (iTop XML data-set
//! files), `backstage` (Backstage software catalog YAML), `csv` (an HR
//! export as CSV files), `scim` (SCIM 2.0 Users and Groups as JSON) and
//! `ldif` (an LDAP or Active Directory export in LDIF, RFC 2849).
//! Every importer reads every record of its files and either maps it into
//! the [`Document`] or names it, with the reason, in [`Import::skipped`].
//! A reference to a record that is not in the files, a malformed file, or
//! data that would make an invalid document is an error naming the file
//! and the line ([`ImportProblem`](crate::ImportProblem)); the document of
//! a successful import always validates.
//!
//! Directories are exported in part (a manager outside the export, a
//! group's member from another domain): with [`MissingReferences::Skip`]
//! a reference to a record the files lack leaves out what needs it
//! instead, listed in [`Import::skipped`] or [`Import::left_out`].
//! [`ImportOptions`] gathers this and an import's other choices.
//!
//! A record given again (the same id in a later file, or later in the same
//! file) is read once when the copies agree. When they differ, the iTop
//! importer updates the earlier copy with the later one, as iTop's own data
//! loader does, and names the update in [`Import::updated`]; with
//! [`Restated::Refuse`], and always in the other formats, it is an error
//! naming both places.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::document::Document;
use crate::error::Error;
use crate::problem::Skipped;
use crate::text::printable_path;

#[cfg(feature = "backstage")]
mod backstage;
#[cfg(feature = "csv")]
mod csv;
#[cfg(feature = "itop")]
mod itop;
#[cfg(feature = "ldif")]
mod ldif;
mod options;
#[cfg(feature = "scim")]
mod scim;
mod session;

#[cfg(feature = "csv")]
pub use options::{ColumnMapping, CsvNameError, CsvTable};
pub use options::{ImportOptions, MissingReferences};
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
    doc(cfg(any(
        feature = "itop",
        feature = "backstage",
        feature = "csv",
        feature = "scim",
        feature = "ldif"
    )))
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
    /// SCIM 2.0 `/Users` and `/Groups` resources as JSON (a ListResponse,
    /// an array of resources or one resource per file), as Okta and
    /// Microsoft Entra ID serve them, with the enterprise User extension.
    /// Feature `scim`.
    ///
    /// ```
    /// # #[cfg(feature = "scim")] {
    /// let user = r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    ///     "id": "2819c223", "userName": "BJensen@example.com",
    ///     "displayName": "Barbara Jensen", "active": true}"#;
    /// let import = svcrel::ImportFormat::Scim.import_strs(&[("users.json", user)])?;
    /// let barbara = &import.document().individuals[0];
    /// assert_eq!(barbara.id, "bjensen@example.com");
    /// assert_eq!(barbara.external_ids["scim"], "2819c223");
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    #[cfg(feature = "scim")]
    #[cfg_attr(docsrs, doc(cfg(feature = "scim")))]
    Scim,
    /// An LDAP or Active Directory export in LDIF (RFC 2849), as
    /// `ldapsearch`, `slapcat` and `ldifde` write it: organisational units
    /// and the domain as organisations, people with their managers and
    /// departments, groups and their members. Feature `ldif`.
    ///
    /// ```
    /// # #[cfg(feature = "ldif")] {
    /// let ldif = "\
    /// dn: uid=bjensen,ou=People,dc=example,dc=com
    /// objectClass: inetOrgPerson
    /// uid: bjensen
    /// cn: Barbara Jensen
    /// mail: bjensen@example.com
    /// ";
    /// let import = svcrel::ImportFormat::Ldif.import_strs(&[("people.ldif", ldif)])?;
    /// let doc = import.document();
    /// let barbara = &doc.individuals[0];
    /// assert_eq!(barbara.id, "bjensen");
    /// assert_eq!(barbara.external_ids["ldap"], "uid=bjensen,ou=People,dc=example,dc=com");
    /// assert_eq!(doc.memberships[0].organisation, "example.com/people");
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    #[cfg(feature = "ldif")]
    #[cfg_attr(docsrs, doc(cfg(feature = "ldif")))]
    Ldif,
}

impl ImportFormat {
    /// Every format this build of the crate can import, in the order
    /// `itop`, `backstage`, `csv`, `scim`, `ldif`.
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
        #[cfg(feature = "scim")]
        ImportFormat::Scim,
        #[cfg(feature = "ldif")]
        ImportFormat::Ldif,
    ];

    /// The extensions of the format's files, in lower case, as a
    /// directory given to [`ImportFormat::import_files`] is read: `xml`
    /// (iTop), `yaml` and `yml` (Backstage), `csv`, `json` (SCIM), `ldif`.
    ///
    /// ```
    /// # #[cfg(feature = "csv")]
    /// assert_eq!(svcrel::ImportFormat::Csv.extensions(), ["csv"]);
    /// ```
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            #[cfg(feature = "itop")]
            ImportFormat::Itop => &["xml"],
            #[cfg(feature = "backstage")]
            ImportFormat::Backstage => &["yaml", "yml"],
            #[cfg(feature = "csv")]
            ImportFormat::Csv => &["csv"],
            #[cfg(feature = "scim")]
            ImportFormat::Scim => &["json"],
            #[cfg(feature = "ldif")]
            ImportFormat::Ldif => &["ldif"],
        }
    }

    /// The files of `dir` with the format's extensions (in any case), in
    /// the order of their names.
    fn files_in(self, dir: &Path) -> Result<Vec<PathBuf>, Error> {
        let io = |e| Error::io(Some(dir.to_owned()), e);
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            let wanted = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| self.extensions().iter().any(|x| x.eq_ignore_ascii_case(e)));
            if wanted && path.is_file() {
                files.push(path);
            }
        }
        if files.is_empty() {
            let wanted: Vec<String> = self.extensions().iter().map(|e| format!(".{e}")).collect();
            return Err(io(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("holds no {} file", wanted.join(" or ")),
            )));
        }
        files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
        Ok(files)
    }

    /// The format's name, as the command line takes it: `itop`,
    /// `backstage`, `csv`, `scim` or `ldif`.
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
            #[cfg(feature = "scim")]
            ImportFormat::Scim => "scim",
            #[cfg(feature = "ldif")]
            ImportFormat::Ldif => "ldif",
        }
    }

    /// Imports files, read from disk in the order given. A directory
    /// stands for the files in it with the format's extensions (see
    /// [`ImportFormat::extensions`]), in the order of their names; its
    /// subdirectories are not read, and a directory without such a file
    /// is an error.
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
        self.import_files_with(paths, &ImportOptions::default())
    }

    /// Imports files, read from disk in the order given, with `options`
    /// (what to do with a restated record or a missing reference, …).
    ///
    /// Otherwise as [`import_files`](ImportFormat::import_files).
    ///
    /// ```
    /// # #[cfg(feature = "itop")] {
    /// use svcrel::{ImportFormat, ImportOptions, Restated};
    ///
    /// let dir = "tests/fixtures/import/itop";
    /// let files = ["organizations.xml", "restated.xml"].map(|f| format!("{dir}/{f}"));
    /// let import = ImportFormat::Itop.import_files_with(&files, &ImportOptions::new())?;
    /// assert!(!import.updated().is_empty());
    /// let strict = ImportOptions::new().restated(Restated::Refuse);
    /// let err = ImportFormat::Itop
    ///     .import_files_with(&files, &strict)
    ///     .unwrap_err();
    /// assert!(err.import_problems()[0].message().contains("differs from the copy at"));
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn import_files_with<P: AsRef<Path>>(
        self,
        paths: impl IntoIterator<Item = P>,
        options: &ImportOptions,
    ) -> Result<Import, Error> {
        let mut inputs = Vec::new();
        let mut problems = Vec::new();
        let mut files = Vec::new();
        for path in paths {
            let path = path.as_ref();
            if path.is_dir() {
                files.extend(self.files_in(path)?);
            } else {
                files.push(path.to_owned());
            }
        }
        for path in &files {
            let path = path.as_path();
            let bytes = std::fs::read(path).map_err(|e| Error::io(Some(path.to_owned()), e))?;
            match Input::from_bytes(path.to_owned(), bytes) {
                Ok(input) => inputs.push(input),
                Err(problem) => problems.push(problem),
            }
        }
        if !problems.is_empty() {
            return Err(Error::import(problems));
        }
        self.import_inputs(&inputs, options)
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
        self.import_strs_with(files, &ImportOptions::default())
    }

    /// Imports texts held in memory, with `options` (what to do with a
    /// restated record or a missing reference, …).
    ///
    /// Otherwise as [`import_strs`](ImportFormat::import_strs).
    ///
    /// ```
    /// # #[cfg(feature = "itop")] {
    /// use svcrel::{ImportFormat, ImportOptions, Restated};
    ///
    /// let first = r#"<Set><Organization id="1"><name>Acme</name></Organization></Set>"#;
    /// let later = r#"<Set><Organization id="1"><name>Acme Ltd</name></Organization></Set>"#;
    /// let files = [("a.xml", first), ("b.xml", later)];
    ///
    /// let import = ImportFormat::Itop.import_strs_with(&files, &ImportOptions::new())?;
    /// assert_eq!(import.document().organisations[0].name.as_deref(), Some("Acme Ltd"));
    ///
    /// let strict = ImportOptions::new().restated(Restated::Refuse);
    /// let err = ImportFormat::Itop
    ///     .import_strs_with(&files, &strict)
    ///     .unwrap_err();
    /// assert_eq!(
    ///     err.import_problems()[0].to_string(),
    ///     "b.xml:1: Organization 1 differs from the copy at a.xml:1 (name differs)"
    /// );
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn import_strs_with(
        self,
        files: &[(&str, &str)],
        options: &ImportOptions,
    ) -> Result<Import, Error> {
        let inputs: Vec<Input> = files
            .iter()
            .map(|(name, text)| Input::new(PathBuf::from(name), (*text).to_owned()))
            .collect();
        self.import_inputs(&inputs, options)
    }

    fn import_inputs(self, inputs: &[Input], options: &ImportOptions) -> Result<Import, Error> {
        let mut session = Session::new(inputs, options);
        match self {
            #[cfg(feature = "itop")]
            ImportFormat::Itop => itop::import(&mut session)?,
            #[cfg(feature = "backstage")]
            ImportFormat::Backstage => backstage::import(&mut session)?,
            #[cfg(feature = "csv")]
            ImportFormat::Csv => csv::import(&mut session)?,
            #[cfg(feature = "scim")]
            ImportFormat::Scim => scim::import(&mut session)?,
            #[cfg(feature = "ldif")]
            ImportFormat::Ldif => ldif::import(&mut session)?,
        }
        let finished = session.finish()?;
        Ok(Import {
            document: finished.document,
            skipped: finished.skipped,
            updated: finished.updated,
            left_out: finished.left_out,
            files: inputs.len(),
            records: finished.records,
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
    doc(cfg(any(
        feature = "itop",
        feature = "backstage",
        feature = "csv",
        feature = "scim",
        feature = "ldif"
    )))
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
    doc(cfg(any(
        feature = "itop",
        feature = "backstage",
        feature = "csv",
        feature = "scim",
        feature = "ldif"
    )))
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    document: Document,
    skipped: Vec<Skipped>,
    updated: Vec<Updated>,
    left_out: Vec<Skipped>,
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

    /// Every record that restated an earlier copy of itself with different
    /// fields and updated it, in file order (iTop only; see [`Restated`]).
    ///
    /// A copy that updates another counts as mapped: its fields are, in
    /// the record they were merged into. A copy that changes nothing is
    /// [skipped](Import::skipped) instead.
    ///
    /// ```
    /// # #[cfg(feature = "itop")] {
    /// let import = svcrel::ImportFormat::Itop.import_strs(&[
    ///     ("a.xml", r#"<Set><Organization id="1"><name>Acme</name></Organization></Set>"#),
    ///     ("b.xml", r#"<Set><Organization id="1"><code>AC</code></Organization></Set>"#),
    /// ])?;
    /// assert_eq!(import.records_read(), 2);
    /// assert_eq!(import.records_mapped(), 2);
    /// assert_eq!(import.updated().len(), 1);
    /// assert_eq!(
    ///     import.updated()[0].to_string(),
    ///     "b.xml:1: Organization 1: updates the copy at a.xml:1 (code changed)"
    /// );
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn updated(&self) -> &[Updated] {
        &self.updated
    }

    /// What an import with [`MissingReferences::Skip`] left out of the
    /// records it mapped, in file order: each reference to a record not in
    /// the files (a manager who is not in the export), and each link to a
    /// service that was skipped for such a reference. A record that is
    /// only such a reference is [skipped](Import::skipped) instead.
    ///
    /// ```
    /// # #[cfg(feature = "itop")] {
    /// use svcrel::{ImportFormat, ImportOptions, MissingReferences};
    ///
    /// let lenient = ImportOptions::new().missing_references(MissingReferences::Skip);
    /// let import = ImportFormat::Itop.import_strs_with(
    ///     &[("a.xml", r#"<Set><Person id="1"><name>Ann</name><manager_id>9</manager_id></Person></Set>"#)],
    ///     &lenient,
    /// )?;
    /// assert_eq!(import.records_mapped(), 1);
    /// assert_eq!(
    ///     import.left_out()[0].to_string(),
    ///     "a.xml:1: Person 1: manager_id 9: there is no Person 9 in the files"
    /// );
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn left_out(&self) -> &[Skipped] {
        &self.left_out
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
    /// those skipped. A copy that [updated](Import::updated) an earlier
    /// one counts as mapped.
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

/// What an importer does with a record given again (the same id, in a
/// later file or later in the same file) with different fields.
///
/// A copy that agrees with the record as read so far is read once and
/// [skipped](Import::skipped) whichever is chosen. Only the iTop importer
/// updates records: a Backstage entity or a row of an HR export is stated
/// once, and those importers refuse a differing copy with either choice.
///
/// ```
/// # #[cfg(feature = "itop")] {
/// use svcrel::{ImportFormat, ImportOptions, Restated};
///
/// let files = [
///     ("a.xml", r#"<Set><Organization id="1"><name>Acme</name></Organization></Set>"#),
///     ("b.xml", r#"<Set><Organization id="1"><name>Acme Ltd</name></Organization></Set>"#),
/// ];
/// assert_eq!(Restated::default(), Restated::Update);
/// let update = ImportOptions::new().restated(Restated::Update);
/// assert!(ImportFormat::Itop.import_strs_with(&files, &update).is_ok());
/// let refuse = ImportOptions::new().restated(Restated::Refuse);
/// assert!(ImportFormat::Itop.import_strs_with(&files, &refuse).is_err());
/// # }
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
pub enum Restated {
    /// The later copy updates the earlier one field by field, as iTop's
    /// data loader does: a field the later copy has replaces the earlier
    /// value, even when it is empty; a field only the earlier copy has
    /// stays. Each such copy is named in [`Import::updated`]. The other
    /// formats refuse a differing copy all the same.
    #[default]
    Update,
    /// A copy that differs from the first is an error naming both places.
    Refuse,
}

/// A record that restated an earlier copy of itself with different fields
/// and updated it: where the later copy is, the copy it updated, and the
/// fields it changed.
///
/// ```
/// # #[cfg(feature = "itop")] {
/// let import = svcrel::ImportFormat::Itop.import_strs(&[
///     ("a.xml", "<Set>\n<Organization id=\"1\"><name>Acme</name></Organization>\n</Set>"),
///     ("b.xml", "<Set>\n\n<Organization id=\"1\"><name></name></Organization>\n</Set>"),
/// ])?;
/// let update = &import.updated()[0];
/// assert_eq!(update.to_string(), "b.xml:3: Organization 1: updates the copy at a.xml:2 (name changed)");
/// // An empty field replaces the earlier value.
/// assert_eq!(import.document().organisations[0].name, None);
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Updated {
    file: PathBuf,
    line: usize,
    record: String,
    earlier_file: PathBuf,
    earlier_line: usize,
    fields: Vec<String>,
}

impl Updated {
    /// The later copy `record` at `file:line`, which changed `fields` of
    /// the copy at `earlier_file:earlier_line`.
    #[cfg_attr(not(feature = "itop"), allow(dead_code))]
    pub(crate) fn new(
        (file, line): (PathBuf, usize),
        record: impl Into<String>,
        (earlier_file, earlier_line): (PathBuf, usize),
        fields: Vec<String>,
    ) -> Self {
        Updated {
            file,
            line,
            record: record.into(),
            earlier_file,
            earlier_line,
            fields,
        }
    }

    /// The file of the later copy, the one that updated the record.
    ///
    /// ```
    /// # #[cfg(feature = "itop")] {
    /// let import = svcrel::ImportFormat::Itop.import_strs(&[
    ///     ("a.xml", r#"<Set><Organization id="1"/></Set>"#),
    ///     ("b.xml", r#"<Set><Organization id="1"><name>Acme</name></Organization></Set>"#),
    /// ])?;
    /// assert_eq!(import.updated()[0].file().to_str(), Some("b.xml"));
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The line the later copy starts on (from 1).
    ///
    /// ```
    /// # #[cfg(feature = "itop")] {
    /// let import = svcrel::ImportFormat::Itop.import_strs(&[(
    ///     "a.xml",
    ///     "<Set>\n<Organization id=\"1\"/>\n<Organization id=\"1\"><name>A</name></Organization>\n</Set>",
    /// )])?;
    /// assert_eq!(import.updated()[0].line(), 3);
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn line(&self) -> usize {
        self.line
    }

    /// The record, in the words of its format: `Organization 4`.
    ///
    /// ```
    /// # #[cfg(feature = "itop")] {
    /// let import = svcrel::ImportFormat::Itop.import_strs(&[
    ///     ("a.xml", r#"<Set><Organization id="4"/></Set>"#),
    ///     ("b.xml", r#"<Set><Organization id="4"><name>Acme</name></Organization></Set>"#),
    /// ])?;
    /// assert_eq!(import.updated()[0].record(), "Organization 4");
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn record(&self) -> &str {
        &self.record
    }

    /// The file of the copy that was updated: where the record was first
    /// read.
    ///
    /// ```
    /// # #[cfg(feature = "itop")] {
    /// let import = svcrel::ImportFormat::Itop.import_strs(&[
    ///     ("a.xml", r#"<Set><Organization id="1"/></Set>"#),
    ///     ("b.xml", r#"<Set><Organization id="1"><name>Acme</name></Organization></Set>"#),
    /// ])?;
    /// assert_eq!(import.updated()[0].earlier_file().to_str(), Some("a.xml"));
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn earlier_file(&self) -> &Path {
        &self.earlier_file
    }

    /// The line the copy that was updated starts on (from 1).
    ///
    /// ```
    /// # #[cfg(feature = "itop")] {
    /// let import = svcrel::ImportFormat::Itop.import_strs(&[
    ///     ("a.xml", "<Set>\n<Organization id=\"1\"/>\n</Set>"),
    ///     ("b.xml", r#"<Set><Organization id="1"><name>Acme</name></Organization></Set>"#),
    /// ])?;
    /// assert_eq!(import.updated()[0].earlier_line(), 2);
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn earlier_line(&self) -> usize {
        self.earlier_line
    }

    /// The fields the later copy changed, in name order: those it gave a
    /// new value, an empty one included, and those the record lacked.
    ///
    /// ```
    /// # #[cfg(feature = "itop")] {
    /// let import = svcrel::ImportFormat::Itop.import_strs(&[
    ///     ("a.xml", r#"<Set><Organization id="1"><name>A</name><code>X</code></Organization></Set>"#),
    ///     ("b.xml", r#"<Set><Organization id="1"><name>B</name><code>X</code><parent_id>0</parent_id></Organization></Set>"#),
    /// ])?;
    /// assert_eq!(import.updated()[0].fields(), ["name", "parent_id"]);
    /// # }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn fields(&self) -> &[String] {
        &self.fields
    }
}

impl fmt::Display for Updated {
    /// `FILE:LINE: RECORD: updates the copy at FILE:LINE (FIELDS changed)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: updates the copy at {}:{} ({} changed)",
            printable_path(&self.file),
            self.line,
            self.record,
            printable_path(&self.earlier_file),
            self.earlier_line,
            self.fields.join(", ")
        )
    }
}
