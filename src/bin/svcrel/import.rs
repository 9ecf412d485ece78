//! `svcrel import FORMAT FILES... [--verbose] [--strict]`: turns the data
//! people already have into a model document.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::TypedValueParser;
use svcrel::{Error, ErrorKind, Import, ImportFormat, Model, Restated};

use crate::report;

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
  svcrel import ldif directory.ldif --verbose > model.json";

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
    #[arg(value_name = "FILES", required = true)]
    files: Vec<PathBuf>,

    /// List every record updated by a later copy and every skipped record,
    /// with its file, line and reason
    #[arg(long, short)]
    verbose: bool,

    /// Refuse an iTop record restated with different fields (the same
    /// class and id again) instead of updating it; the other formats
    /// always refuse one
    #[arg(long)]
    strict: bool,
}

/// Imports the files: the document on stdout and a summary on stderr
/// (status 0), or every problem on stderr (status 1).
pub fn run(args: &Args) -> ExitCode {
    let restated = if args.strict {
        Restated::Refuse
    } else {
        Restated::Update
    };
    let import = match args.format.import_files_with(&args.files, restated) {
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
    if (skipped > 0 || updated > 0) && !args.verbose {
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
    }
    // The document validates (the importer checked it); the counts come
    // from the model built on it.
    if let Ok(model) = Model::from_document(import.document()) {
        let _ = writeln!(stderr, "model: {}", model.counts());
    }
}
