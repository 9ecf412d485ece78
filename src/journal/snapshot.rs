//! Snapshots: a model's document written atomically, named by version.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::model::Model;

/// The file name of the snapshot of `version`.
pub(crate) fn name(version: u64) -> String {
    format!("snapshot-{version:020}.json")
}

/// The version a snapshot's file name holds, if it is one.
fn version_of(name: &str) -> Option<u64> {
    name.strip_prefix("snapshot-")?
        .strip_suffix(".json")?
        .parse()
        .ok()
}

/// Every snapshot in `dir`, by version; leftover temporary files are
/// removed.
pub(crate) fn list(dir: &Path) -> Result<Vec<(u64, PathBuf)>, Error> {
    let mut found = Vec::new();
    let entries = fs::read_dir(dir).map_err(|e| Error::io(Some(dir.to_owned()), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(Some(dir.to_owned()), e))?;
        let file = entry.file_name();
        let Some(file) = file.to_str() else { continue };
        if file.starts_with("snapshot-") && file.ends_with(".tmp") {
            // A compaction cut short: never renamed, so never a snapshot.
            let _ = fs::remove_file(entry.path());
        } else if let Some(version) = version_of(file) {
            found.push((version, entry.path()));
        }
    }
    found.sort();
    Ok(found)
}

/// Writes the model's document as the snapshot of its version: to a
/// temporary file, fsynced, renamed, and the directory fsynced.
pub(crate) fn write(dir: &Path, model: &Model) -> Result<PathBuf, Error> {
    let path = dir.join(name(model.version()));
    let temporary = dir.join(format!("{}.tmp", name(model.version())));
    let written = (|| {
        let mut out = BufWriter::new(File::create(&temporary)?);
        serde_json::to_writer(&mut out, &model.to_document())?;
        out.write_all(b"\n")?;
        out.into_inner()
            .map_err(io::IntoInnerError::into_error)?
            .sync_all()
    })();
    written.map_err(|e| Error::io(Some(temporary.clone()), e))?;
    fs::rename(&temporary, &path).map_err(|e| Error::io(Some(path.clone()), e))?;
    sync_dir(dir)?;
    Ok(path)
}

/// Fsyncs a directory, so that a rename or a new file in it is durable.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), Error> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io(Some(dir.to_owned()), e))
}

/// Loads a snapshot, as the version its name holds.
pub(crate) fn load(version: u64, path: &Path) -> Result<Model, Error> {
    let mut model = Model::from_json_file(path)?;
    model.set_version(version);
    Ok(model)
}
