//! `svcrel import FORMAT FILES... [--verbose] [--strict] [--lenient]
//! [--shared-emails] [CSV options]`: turns the data people already have
//! into a model document.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::TypedValueParser;
use svcrel::{
    EmailPolicy, Error, ErrorKind, Import, ImportFormat, ImportOptions, MissingReferences, Model,
    Restated,
};

use crate::{progress, report};

const ABOUT: &str = "Import iTop, Backstage, CSV, SCIM or LDIF data as a model document";

const LONG_ABOUT: &str = "\
Import iTop, Backstage, CSV, SCIM or LDIF data as a model document.

The model document is written on stdout as JSON; a summary of what was
read, mapped, updated and skipped goes to stderr (--verbose lists each
update and each skipped record with its file, line and reason). The
document always passes `svcrel check`.

A record given again (the same id, in a later file or later in the same
file) is read once when the copies agree. In iTop files a copy that
differs updates the earlier one field by field, as iTop's data loader
does: the fields it has replace the earlier values, even when empty, and
the others stay. With --strict, and always in the other formats, a copy
that differs is an error naming both places.

A reference to a record that is not in the files (a manager the export
left out) is an error. With --lenient the import leaves out what needs
it and lists it: a record that is only the reference (a membership row,
a service whose provider is missing) is skipped; a record that stands
without it (a person without their manager) is imported without it.

CSV files are known by name (people.csv, organisations.csv, ...), or
named by --people FILE, --organisations FILE, --services FILE,
--funding FILE and --usage FILE. --column people.id=employee_number
reads a header as a column (without a table, in every file with the
column); --ignore-column HEADER leaves a column out.

Formats (each needs the Cargo feature of the same name):
  itop       iTop XML data-set files (<Set> of Organization, Person, Team,
             lnkPersonToTeam, Service, CustomerContract and
             lnkCustomerContractToService records)
  backstage  Backstage software catalog YAML (Group, User, Component, API,
             Resource, System; funding from the svcrel.dev/funded-by and
             svcrel.dev/payment annotations)
  csv        an HR export: people.csv and organisations.csv, with optional
             services.csv, funding.csv and usage.csv, known by file name
  scim       SCIM 2.0 /Users and /Groups JSON, as Okta and Entra ID serve
             it (ListResponses, arrays of resources or single resources;
             the enterprise User extension's organization, division,
             department and manager); inactive users are skipped
  ldif       an LDAP or Active Directory export (RFC 2849, as ldapsearch,
             slapcat and ldifde write it): the domain and organisational
             units, people with department, title and manager, groups and
             their members; disabled accounts and computers are skipped

A malformed file, a reference to a record that is not in the files, or
data that would make an invalid model prints every problem on stderr, one
per line as FILE:LINE: MESSAGE, and exits 1.";

const AFTER_HELP: &str = "\
Examples:
  svcrel import itop organizations.xml persons.xml services.xml > model.json
  svcrel import backstage catalog/*.yaml --verbose > model.json
  svcrel import csv hr/people.csv hr/organisations.csv | svcrel check --model -
  svcrel import scim users.json groups.json --verbose > model.json
  svcrel import ldif directory.ldif --verbose > model.json
  svcrel import ldif ad-export.ldif --lenient --verbose > model.json
  svcrel import csv --people hr/employees.csv --organisations hr/units.csv \
      --column people.id=employee_number --ignore-column hire_date > model.json";

/// The arguments of `svcrel import`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
pub struct Args {
    /// The format of the files
    #[arg(
        value_name = "FORMAT",
        value_parser = clap::builder::PossibleValuesParser::new(
            ImportFormat::ALL.iter().map(|f| f.name())
        ).map(|name| name.parse::<ImportFormat>().expect("a possible value names a format"))
    )]
    format: ImportFormat,

    /// The files to import, read in this order; a directory stands for its
    /// files with the format's extensions, in the order of their names
    #[cfg_attr(
        feature = "csv",
        arg(value_name = "FILES", required_unless_present_any = TABLES)
    )]
    #[cfg_attr(not(feature = "csv"), arg(value_name = "FILES", required = true))]
    files: Vec<PathBuf>,

    /// List every record updated by a later copy, every skipped record and
    /// every reference left out, with its file, line and reason
    #[arg(long, short)]
    verbose: bool,

    /// Refuse an iTop record restated with different fields (the same
    /// class and id again) instead of updating it; the other formats
    /// always refuse one
    #[arg(long)]
    strict: bool,

    /// Leave out what needs a record that is not in the files (a
    /// manager, a group's member, a service's provider) and list it,
    /// instead of failing
    #[arg(long)]
    lenient: bool,

    /// Let parties share an email (one person in two companies under one
    /// address); the document says so with "email_policy": "shared"
    #[arg(long)]
    shared_emails: bool,

    #[cfg(feature = "csv")]
    #[command(flatten)]
    csv: CsvArgs,
}

#[cfg(feature = "csv")]
const CSV: &str = "CSV files";

/// The flags that name a CSV file.
#[cfg(feature = "csv")]
const TABLES: [&str; 5] = ["people", "organisations", "services", "funding", "usage"];

/// The flags of the CSV import.
#[cfg(feature = "csv")]
#[derive(Debug, clap::Args)]
struct CsvArgs {
    /// CSV: the file of people, whatever its name
    #[arg(long, value_name = "FILE", help_heading = CSV)]
    people: Option<PathBuf>,

    /// CSV: the file of organisations, whatever its name
    #[arg(long, value_name = "FILE", help_heading = CSV)]
    organisations: Option<PathBuf>,

    /// CSV: the file of services, whatever its name
    #[arg(long, value_name = "FILE", help_heading = CSV)]
    services: Option<PathBuf>,

    /// CSV: the file of funding links, whatever its name
    #[arg(long, value_name = "FILE", help_heading = CSV)]
    funding: Option<PathBuf>,

    /// CSV: the file of usage links, whatever its name
    #[arg(long, value_name = "FILE", help_heading = CSV)]
    usage: Option<PathBuf>,

    /// CSV: read a header as a column: people.id=employee_number, or
    /// id=key for every file with the column (repeatable)
    #[arg(long, value_name = "[TABLE.]COLUMN=HEADER", help_heading = CSV)]
    column: Vec<svcrel::ColumnMapping>,

    /// CSV: leave the column with this header out (repeatable)
    #[arg(long, value_name = "HEADER", help_heading = CSV)]
    ignore_column: Vec<String>,
}

#[cfg(feature = "csv")]
impl CsvArgs {
    /// The files named by a table's flag, with their tables.
    fn tables(&self) -> Vec<(PathBuf, svcrel::CsvTable)> {
        use svcrel::CsvTable;
        [
            (&self.people, CsvTable::People),
            (&self.organisations, CsvTable::Organisations),
            (&self.services, CsvTable::Services),
            (&self.funding, CsvTable::Funding),
            (&self.usage, CsvTable::Usage),
        ]
        .into_iter()
        .filter_map(|(file, table)| Some((file.clone()?, table)))
        .collect()
    }

    /// The first file a table's flag names that is a directory: such a
    /// flag names one file.
    fn directory(&self) -> Option<(PathBuf, svcrel::CsvTable)> {
        self.tables().into_iter().find(|(file, _)| file.is_dir())
    }

    /// Whether a flag is given.
    fn given(&self) -> bool {
        !self.tables().is_empty() || !self.column.is_empty() || !self.ignore_column.is_empty()
    }

    /// The options with the flags' CSV options.
    fn options(&self, mut options: ImportOptions) -> ImportOptions {
        for (file, table) in self.tables() {
            options = options.csv_table(file, table);
        }
        for mapping in &self.column {
            options = options.csv_column(mapping.clone());
        }
        for header in &self.ignore_column {
            options = options.csv_ignore_column(header.clone());
        }
        options
    }
}

impl Args {
    /// The files to import: those given, then those named by a CSV
    /// table's flag.
    fn files(&self) -> Vec<PathBuf> {
        #[allow(unused_mut)]
        let mut files = self.files.clone();
        #[cfg(feature = "csv")]
        files.extend(self.csv.tables().into_iter().map(|(file, _)| file));
        files
    }

    /// Whether a CSV flag is given to another format.
    fn misplaced_csv_flags(&self) -> bool {
        #[cfg(feature = "csv")]
        return self.csv.given() && self.format != ImportFormat::Csv;
        #[cfg(not(feature = "csv"))]
        false
    }

    /// The import's options, as the flags say.
    fn options(&self) -> ImportOptions {
        let options = ImportOptions::new()
            .restated(if self.strict {
                Restated::Refuse
            } else {
                Restated::Update
            })
            .missing_references(if self.lenient {
                MissingReferences::Skip
            } else {
                MissingReferences::Refuse
            })
            .email_policy(if self.shared_emails {
                EmailPolicy::Shared
            } else {
                EmailPolicy::Unique
            });
        #[cfg(feature = "csv")]
        let options = self.csv.options(options);
        options
    }
}

/// Imports the files: the document on stdout and a summary on stderr
/// (status 0), or every problem on stderr (status 1).
pub fn run(args: &Args) -> ExitCode {
    if args.misplaced_csv_flags() {
        eprintln!(
            "--people, --organisations, --services, --funding, --usage, --column and \
             --ignore-column are for CSV files; {} files are known by their contents",
            args.format
        );
        return report::usage_failure();
    }
    #[cfg(feature = "csv")]
    if let Some((dir, table)) = args.csv.directory() {
        eprintln!(
            "--{table} names the file of {table}; {} is a directory",
            svcrel::printable(&dir.display().to_string())
        );
        return report::usage_failure();
    }
    let files = args.files();
    let size: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let spinner = (size >= progress::LARGE).then(|| {
        progress::Spinner::start(format!(
            "importing {} MiB of {} data",
            size >> 20,
            args.format
        ))
    });
    let import = args.format.import_files_with(&files, &args.options());
    drop(spinner);
    let import = match import {
        Ok(import) => import,
        Err(err) => return failure(&err),
    };
    let json = import.document().to_json_string();
    match io::stdout().lock().write_all(json.as_bytes()) {
        Ok(()) => {}
        // A closed stdout (`svcrel import … | head`) is not an error of
        // the program.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            eprintln!("cannot write the model: {e}");
            return report::model_failure();
        }
    }
    summary(args, &import);
    ExitCode::SUCCESS
}

/// Prints every problem of an import, one per line.
fn failure(err: &Error) -> ExitCode {
    if err.kind() != ErrorKind::Import {
        return report::failure(err);
    }
    let mut stderr = io::stderr().lock();
    for problem in err.import_problems() {
        let _ = writeln!(stderr, "{problem}");
    }
    report::model_failure()
}

/// What was read, mapped, updated and skipped, and what the model holds.
fn summary(args: &Args, import: &Import) {
    let mut stderr = io::stderr().lock();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let skipped = import.skipped().len();
    let updated = import.updated().len();
    let left_out = import.left_out().len();
    let _ = write!(
        stderr,
        "{}: read {} from {}: {} mapped, ",
        args.format,
        plural(import.records_read(), "record"),
        plural(import.files_read(), "file"),
        import.records_mapped(),
    );
    // Only iTop updates records; the line of the other formats stays as
    // it was.
    if updated > 0 {
        let _ = write!(stderr, "{updated} updated by a later copy, ");
    }
    let _ = write!(stderr, "{skipped} skipped");
    if left_out > 0 {
        let _ = write!(
            stderr,
            ", {} left out of mapped records",
            plural(left_out, "reference")
        );
    }
    if (skipped > 0 || updated > 0 || left_out > 0) && !args.verbose {
        let _ = write!(stderr, " (--verbose lists them)");
    }
    let _ = writeln!(stderr);
    if args.verbose {
        for record in import.updated() {
            let _ = writeln!(stderr, "  updated {record}");
        }
        for record in import.skipped() {
            let _ = writeln!(stderr, "  skipped {record}");
        }
        for record in import.left_out() {
            let _ = writeln!(stderr, "  left out {record}");
        }
    }
    // The document validates (the importer checked it); the counts come
    // from the model built on it.
    if let Ok(model) = Model::from_document(import.document()) {
        let _ = writeln!(stderr, "model: {}", model.counts());
    }
}
