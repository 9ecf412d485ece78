//! `svcrel export graphml|neo4j`: the whole model document for graph
//! tools (GraphML) and graph databases (Neo4j's import files).

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use svcrel::{Document, Error, Overwrite};

use crate::input::MODEL_VARIABLE;
use crate::report;

const ABOUT: &str = "Export the whole model as GraphML or as Neo4j import files";

const LONG_ABOUT: &str = "\
Export the whole model as GraphML (Gephi, yEd, Cytoscape) or as the CSV
files neo4j-admin imports, without loss: every entity, link and field,
which svcrel reads back into the same document.

GraphML: one node per organisation, individual and service (data kind,
id, name, and emails, phones, email_domains and external_ids as JSON
text), one directed edge per link as the document writes it (data kind:
parent, provider, membership, reporting, funding, usage, dependency,
oversight, partnership; title, payment, approved_by as JSON text, from,
until), and the email_policy as graph data. A string holding a character
XML 1.0 cannot carry writes it \\uXXXX, and a backslash \\\\.

Neo4j: organisations.csv, individuals.csv, services.csv and model.csv
(nodes), one relationship file per kind of link (PART_OF, PROVIDED_BY,
MEMBER_OF, REPORTS_TO, FUNDS, USES, DEPENDS_ON, OVERSEES, PARTNER_OF),
constraints.cypher (unique ids) and queries.cypher (an example query per
question). Lists are string arrays delimited by ';'. Existing files are
not replaced unless --force is given.

An invalid model is refused: every problem on stderr, status 1.";

const AFTER_HELP: &str = "\
Examples:
  svcrel export graphml --model examples/data/sample.json -o model.graphml
  svcrel export neo4j --model examples/data/sample.json --out neo4j-import
  neo4j-admin database import full --nodes=neo4j-import/model.csv \\
      --nodes=neo4j-import/organisations.csv --nodes=neo4j-import/individuals.csv \\
      --nodes=neo4j-import/services.csv --relationships=neo4j-import/parents.csv \\
      --relationships=neo4j-import/providers.csv --relationships=neo4j-import/memberships.csv \\
      --relationships=neo4j-import/reporting.csv --relationships=neo4j-import/funding.csv \\
      --relationships=neo4j-import/usage.csv --relationships=neo4j-import/dependencies.csv \\
      --relationships=neo4j-import/oversight.csv --relationships=neo4j-import/partnerships.csv \\
      --multiline-fields=true --array-delimiter=';' neo4j
  cypher-shell -f neo4j-import/constraints.cypher";

/// The arguments of `svcrel export`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
pub struct Args {
    #[command(subcommand)]
    format: Format,
}

/// The formats.
#[derive(Debug, clap::Subcommand)]
enum Format {
    /// GraphML 1.0, on stdout or in a file
    #[command(
        after_help = "Example:\n  svcrel export graphml --model examples/data/sample.json -o model.graphml"
    )]
    Graphml {
        #[command(flatten)]
        model: Model,
        /// The file to write; stdout without it
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The CSV files `neo4j-admin database import full` reads, with
    /// constraints.cypher and queries.cypher, in a directory
    #[command(
        after_help = "Example:\n  svcrel export neo4j --model examples/data/sample.json --out neo4j-import\n\nThe command that loads the files is printed on stdout."
    )]
    Neo4j {
        #[command(flatten)]
        model: Model,
        /// The directory to write the files in, made if it is not there
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Replace files that are there already
        #[arg(long)]
        force: bool,
    },
}

/// The model document to export.
#[derive(Debug, clap::Args)]
struct Model {
    /// The model document (JSON, format version 1); `-` reads standard
    /// input. Without --model, the file SVCREL_MODEL names
    #[arg(long, value_name = "FILE", env = MODEL_VARIABLE)]
    model: PathBuf,
}

impl Model {
    fn load(&self) -> Result<Document, Error> {
        if self.model.as_os_str() == "-" {
            Document::from_json_reader(io::stdin().lock())
        } else {
            Document::from_json_file(&self.model)
        }
    }
}

/// Writes the export: status 0, or the failure on stderr (status 1).
pub fn run(args: &Args) -> ExitCode {
    match &args.format {
        Format::Graphml { model, output } => {
            let text = match model.load().and_then(|doc| doc.to_graphml_string()) {
                Ok(text) => text,
                Err(err) => return report::failure(&err),
            };
            match output {
                None => report::text(&text),
                Some(path) => match std::fs::write(path, text) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => {
                        let path = svcrel::printable(&path.display().to_string()).into_owned();
                        let _ = writeln!(io::stderr(), "{path}: {e}");
                        report::model_failure()
                    }
                },
            }
        }
        Format::Neo4j { model, out, force } => {
            let overwrite = if *force {
                Overwrite::Replace
            } else {
                Overwrite::Refuse
            };
            match model.load().and_then(|doc| doc.write_neo4j(out, overwrite)) {
                Ok(_) => report::line(format_args!(
                    "{}",
                    svcrel::printable(&svcrel::neo4j_import_command(out))
                )),
                Err(err) => report::failure(&err),
            }
        }
    }
}
