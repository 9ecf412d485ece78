//! Writes the JSON Schemas of the protocol (questions, answers, errors)
//! under `schema/`, as the tests expect them:
//!
//! ```sh
//! cargo run --example schema
//! ```
//!
//! With a directory as its argument, writes them there instead.

use std::path::PathBuf;

use svcrel::ProtocolSchema;

fn main() -> std::io::Result<()> {
    let dir = std::env::args_os().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&dir)?;
    for schema in ProtocolSchema::ALL {
        let path = dir.join(schema.file_name());
        std::fs::write(&path, schema.to_json())?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
