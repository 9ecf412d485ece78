//! The `--model FILE` argument every subcommand takes, and reading it.

use std::io;
use std::path::PathBuf;

use svcrel::{Error, Model};

/// Where the model document comes from.
#[derive(Debug, clap::Args)]
pub struct ModelArgs {
    /// The model document (JSON, format version 1); `-` reads standard input
    #[arg(long, value_name = "FILE")]
    model: PathBuf,
}

impl ModelArgs {
    /// Reads and checks the model: every problem of an invalid document is
    /// in the error.
    pub fn load(&self) -> Result<Model, Error> {
        if self.model.as_os_str() == "-" {
            Model::from_json_reader(io::stdin().lock())
        } else {
            Model::from_json_file(&self.model)
        }
    }
}
