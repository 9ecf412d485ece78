//! [`DurableModel`]: a [`SharedModel`] whose edits survive a crash, with
//! a journal and snapshots in one directory.

mod record;
mod snapshot;

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

use crate::error::Error;
use crate::model::{Applied, Edit, Model, SharedModel};

/// The journal's file name in its directory.
const JOURNAL: &str = "journal.log";

/// The journal's size past which [`DurableModel::apply`] compacts:
/// 64 MiB.
pub const COMPACT_AT: u64 = 64 << 20;

/// A [`SharedModel`] whose edits are durable: every batch that
/// [`DurableModel::apply`] accepts is appended to a journal and fsynced
/// before it is published, and a restart finds it again.
///
/// The directory holds snapshots, `snapshot-<version>.json` (the model's
/// document, as [`Model::to_document`] writes it), and the journal,
/// `journal.log`: the batches since the newest snapshot, one record each.
/// A record is the payload's length and its CRC-32C (Castagnoli), each
/// a little-endian `u32`, then the payload, the JSON object
/// `{"version": V, "edits": [...]}` with the model's version once the
/// batch was applied and the batch ([`Edit`]s).
///
/// [`DurableModel::open`] loads the newest snapshot (or, in an empty
/// directory, the model its `initial` gives, which it writes as the first
/// snapshot) and replays the journal's records above its version. A last
/// record that is cut short or fails its checksum (a write cut by a crash
/// or a power loss, maybe followed by garbage) is dropped, never half
/// applied, and cut from the file; [`Recovery::warnings`] names the file
/// and the offset. A bad record with a whole record after it is not a
/// torn write, and the directory is refused.
///
/// [`DurableModel::compact`] writes the current model as a new snapshot
/// atomically (a temporary file, fsynced, renamed, and the directory
/// fsynced), then empties the journal and removes older snapshots;
/// [`DurableModel::apply`] compacts when the journal passes
/// [`COMPACT_AT`] bytes, and a host compacts on a graceful shutdown.
///
/// ```
/// use svcrel::{DurableModel, Edit, Individual, Model};
///
/// let dir = std::env::temp_dir().join(format!("svcrel-doc-durable-{}", std::process::id()));
/// # let _ = std::fs::remove_dir_all(&dir);
/// let open = || Model::from_json_file("examples/data/sample.json");
/// let (durable, _) = DurableModel::open(&dir, open)?;
/// let applied = durable.apply(&[Edit::AddIndividual(Individual::new("ann"))])?;
/// drop(durable); // a crash, as far as the directory can tell
///
/// let (again, recovery) = DurableModel::open(&dir, open)?;
/// assert_eq!(recovery.replayed(), 1);
/// assert_eq!(again.read().version(), applied.version());
/// assert!(again.read().entity("ann").is_some());
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug)]
#[cfg_attr(docsrs, doc(cfg(feature = "journal")))]
pub struct DurableModel {
    shared: SharedModel,
    writer: Arc<Mutex<Writer>>,
}

#[derive(Debug)]
struct Writer {
    dir: PathBuf,
    path: PathBuf,
    file: File,
    bytes: u64,
    compact_at: u64,
    compacted_at: Option<SystemTime>,
}

/// What [`DurableModel::open`] found in its directory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(docsrs, doc(cfg(feature = "journal")))]
pub struct Recovery {
    snapshot: u64,
    replayed: usize,
    warnings: Vec<String>,
}

impl Recovery {
    /// The version of the snapshot loaded (0 for the first).
    ///
    /// ```
    /// assert_eq!(svcrel::Recovery::default().snapshot(), 0);
    /// ```
    pub fn snapshot(&self) -> u64 {
        self.snapshot
    }

    /// How many batches of the journal were applied on top of it.
    ///
    /// ```
    /// assert_eq!(svcrel::Recovery::default().replayed(), 0);
    /// ```
    pub fn replayed(&self) -> usize {
        self.replayed
    }

    /// What was dropped (a torn last record), each naming the file and
    /// the offset, for the host to report.
    ///
    /// ```
    /// assert!(svcrel::Recovery::default().warnings().is_empty());
    /// ```
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }
}

impl DurableModel {
    /// Opens the durable model kept in `dir` (created if missing): the
    /// newest snapshot and the journal after it, or, with no snapshot,
    /// `initial()`, written as the first snapshot. See [`DurableModel`].
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::Io`](crate::ErrorKind::Io) error when the
    /// directory cannot be read or written, or when the journal is
    /// corrupt (a bad record that is not the last, or a whole record that
    /// is not a batch or does not apply), naming the file and the offset;
    /// `initial`'s error; a snapshot's error, as
    /// [`Model::from_json_file`] gives it.
    pub fn open(
        dir: impl AsRef<Path>,
        initial: impl FnOnce() -> Result<Model, Error>,
    ) -> Result<(DurableModel, Recovery), Error> {
        let dir = dir.as_ref().to_owned();
        fs::create_dir_all(&dir).map_err(|e| Error::io(Some(dir.clone()), e))?;
        let snapshots = snapshot::list(&dir)?;
        let mut model = match snapshots.last() {
            Some((version, path)) => snapshot::load(*version, path)?,
            None => {
                let model = initial()?;
                snapshot::write(&dir, &model)?;
                model
            }
        };
        let mut recovery = Recovery {
            snapshot: model.version(),
            ..Recovery::default()
        };
        let path = dir.join(JOURNAL);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(Error::io(Some(path), e)),
        };
        let scan = record::scan(&bytes)
            .map_err(|c| corrupt(&path, c.offset, &format!("a bad record: {}", c.why)))?;
        for (offset, payload) in &scan.records {
            let batch: record::Read =
                serde_json::from_slice(&bytes[payload.clone()]).map_err(|e| {
                    corrupt(
                        &path,
                        *offset,
                        &format!("a record that is not a batch: {e}"),
                    )
                })?;
            if batch.version <= model.version() {
                continue; // in the snapshot already
            }
            model.apply(&batch.edits).map_err(|e| {
                corrupt(&path, *offset, &format!("a batch that does not apply: {e}"))
            })?;
            if model.version() != batch.version {
                return Err(corrupt(
                    &path,
                    *offset,
                    &format!(
                        "a batch that gives version {} where the journal says {}",
                        model.version(),
                        batch.version
                    ),
                ));
            }
            recovery.replayed += 1;
        }
        let mut length = bytes.len() as u64;
        if let Some((offset, why)) = &scan.torn {
            recovery.warnings.push(format!(
                "{}: dropped a torn last record at byte {offset} of {length} ({why}); {} whole records kept",
                path.display(),
                scan.records.len()
            ));
            length = *offset as u64;
        }
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| Error::io(Some(path.clone()), e))?;
        if scan.torn.is_some() {
            file.set_len(length)
                .and_then(|()| file.sync_all())
                .map_err(|e| Error::io(Some(path.clone()), e))?;
        }
        snapshot::sync_dir(&dir)?;
        let writer = Writer {
            dir,
            path,
            file,
            bytes: length,
            compact_at: COMPACT_AT,
            compacted_at: None,
        };
        let durable = DurableModel {
            shared: SharedModel::new(model),
            writer: Arc::new(Mutex::new(writer)),
        };
        Ok((durable, recovery))
    }

    /// Sets the journal's size past which [`DurableModel::apply`]
    /// compacts (default [`COMPACT_AT`]).
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("svcrel-doc-compact-at-{}", std::process::id()));
    /// let (durable, _) = svcrel::DurableModel::open(&dir, || svcrel::Model::from_json_str(r#"{"version": 1}"#))?;
    /// durable.set_compact_at(1 << 20);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn set_compact_at(&self, bytes: u64) {
        self.lock().compact_at = bytes;
    }

    /// The current version of the model, as [`SharedModel::read`].
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("svcrel-doc-read-{}", std::process::id()));
    /// let (durable, _) = svcrel::DurableModel::open(&dir, || svcrel::Model::from_json_str(r#"{"version": 1}"#))?;
    /// assert_eq!(durable.read().version(), 0);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn read(&self) -> Arc<Model> {
        self.shared.read()
    }

    /// The shared model underneath, to read (edits through it would not
    /// be journalled: edit through [`DurableModel::apply`]).
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("svcrel-doc-shared-{}", std::process::id()));
    /// let (durable, _) = svcrel::DurableModel::open(&dir, || svcrel::Model::from_json_str(r#"{"version": 1}"#))?;
    /// assert_eq!(durable.shared().read().version(), 0);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn shared(&self) -> &SharedModel {
        &self.shared
    }

    /// Applies a batch all or none, as [`SharedModel::apply`], and makes
    /// it durable first: the batch is appended to the journal and fsynced
    /// before any reader sees it; then, past the compaction size, the
    /// model is compacted.
    ///
    /// ```
    /// use svcrel::{DurableModel, Edit, Model, Organisation};
    ///
    /// # let dir = std::env::temp_dir().join(format!("svcrel-doc-apply-{}", std::process::id()));
    /// let (durable, _) = DurableModel::open(&dir, || Model::from_json_file("examples/data/sample.json"))?;
    /// let before = durable.journal_bytes();
    /// assert!(durable.apply(&[Edit::AddOrganisation(Organisation::new("nasa"))]).is_err());
    /// assert_eq!(durable.journal_bytes(), before); // a refused batch is not journalled
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`SharedModel::apply`] for a refused batch; an
    /// [`ErrorKind::Io`](crate::ErrorKind::Io) error when the journal
    /// cannot be written (the batch is then not applied) or the
    /// compaction fails (the batch is applied and durable).
    pub fn apply(&self, edits: &[Edit]) -> Result<Applied, Error> {
        self.apply_made(|_| Ok(edits.into()))
            .map(|(_, applied)| applied)
    }

    /// [`DurableModel::apply`] with a batch made from the version it
    /// applies to, in the writer's turn (see
    /// `SharedModel::apply_made_then`); an empty batch is neither
    /// journalled nor published.
    pub(crate) fn apply_made(
        &self,
        make: impl FnOnce(&Model) -> Result<Arc<[Edit]>, Error>,
    ) -> Result<(Arc<[Edit]>, Applied), Error> {
        let mut writer = self.lock();
        let done = self.shared.apply_made_then(make, |edits, applied| {
            let payload = serde_json::to_vec(&record::Written {
                version: applied.version(),
                edits,
            })
            .map_err(|e| Error::io(None, e.into()))?;
            writer.append(&record::encode(&payload))
        })?;
        if writer.bytes > writer.compact_at {
            self.compact_locked(&mut writer)?;
        }
        Ok(done)
    }

    /// Writes the current model as a new snapshot and empties the
    /// journal (see [`DurableModel`]); the snapshot's path.
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("svcrel-doc-compact-{}", std::process::id()));
    /// let (durable, _) = svcrel::DurableModel::open(&dir, || svcrel::Model::from_json_file("examples/data/sample.json"))?;
    /// durable.apply(&[svcrel::Edit::AddIndividual(svcrel::Individual::new("ann"))])?;
    /// assert!(durable.journal_bytes() > 0);
    /// let snapshot = durable.compact()?;
    /// assert_eq!(durable.journal_bytes(), 0);
    /// assert!(snapshot.exists());
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::Io`](crate::ErrorKind::Io) error when a file
    /// cannot be written; the journal is then left as it was.
    pub fn compact(&self) -> Result<PathBuf, Error> {
        self.compact_locked(&mut self.lock())
    }

    /// The journal's size in bytes.
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("svcrel-doc-bytes-{}", std::process::id()));
    /// let (durable, _) = svcrel::DurableModel::open(&dir, || svcrel::Model::from_json_str(r#"{"version": 1}"#))?;
    /// assert_eq!(durable.journal_bytes(), 0);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn journal_bytes(&self) -> u64 {
        self.lock().bytes
    }

    /// When this durable model last compacted; `None` before the first.
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("svcrel-doc-when-{}", std::process::id()));
    /// let (durable, _) = svcrel::DurableModel::open(&dir, || svcrel::Model::from_json_str(r#"{"version": 1}"#))?;
    /// assert!(durable.last_compaction().is_none());
    /// durable.compact()?;
    /// assert!(durable.last_compaction().is_some());
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn last_compaction(&self) -> Option<SystemTime> {
        self.lock().compacted_at
    }

    fn lock(&self) -> MutexGuard<'_, Writer> {
        // A panic in another turn left the file as the last append did.
        self.writer.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn compact_locked(&self, writer: &mut Writer) -> Result<PathBuf, Error> {
        let model = self.shared.read();
        let path = snapshot::write(&writer.dir, &model)?;
        writer
            .file
            .set_len(0)
            .and_then(|()| writer.file.sync_all())
            .map_err(|e| Error::io(Some(writer.path.clone()), e))?;
        writer.bytes = 0;
        writer.compacted_at = Some(SystemTime::now());
        for (version, old) in snapshot::list(&writer.dir)? {
            if version < model.version() {
                let _ = fs::remove_file(old);
            }
        }
        snapshot::sync_dir(&writer.dir)?;
        Ok(path)
    }
}

impl Writer {
    /// Appends a record and fsyncs it; on failure the file is cut back
    /// to where it was, so that no partial record stays.
    fn append(&mut self, record: &[u8]) -> Result<(), Error> {
        let written = self
            .file
            .write_all(record)
            .and_then(|()| self.file.sync_data());
        if let Err(e) = written {
            let _ = self.file.set_len(self.bytes);
            return Err(Error::io(Some(self.path.clone()), e));
        }
        self.bytes += record.len() as u64;
        Ok(())
    }
}

/// The error of a corrupt journal, naming the file and the offset.
fn corrupt(path: &Path, offset: usize, what: &str) -> Error {
    Error::io(
        Some(path.to_owned()),
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "the journal is corrupt at byte {offset}: {what}; refusing to start (not a torn write: something else changed the file)"
            ),
        ),
    )
}
