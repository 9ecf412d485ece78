//! [`SharedModel`]: one model read by many threads and edited by batches,
//! readers never waiting on a writer.

use std::fmt;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::thread;
use std::time::{Duration, SystemTime};

/// How often the background thread looks for retired versions no reader
/// holds any more, while some are held.
const RETIRED_POLL: Duration = Duration::from_millis(5);

use arc_swap::ArcSwap;

use crate::error::Error;
use crate::model::{Applied, Edit, Model};

/// A model shared by threads that read it and threads that edit it: the
/// way to embed a model with live edits.
///
/// [`SharedModel::read`] gives the current version of the model, an
/// immutable [`Model`] behind an `Arc`, at the cost of an atomic load:
/// a reader never waits on a writer, and what it holds never changes
/// under it ([`Model::version`] says which version it is). Hold it for
/// one request, then read again.
///
/// [`SharedModel::apply`] applies a batch of [`Edit`]s, all or none (as
/// [`Model::apply`] does), to a copy of the current version and publishes
/// the copy with one atomic swap; writers take turns. A copy costs time
/// and memory linear in the model's size (at a million people, a few
/// hundred megabytes and a fraction of a second, while readers go on with
/// the version before), so a batch of edits is cheaper than as many
/// batches of one.
///
/// An edit leaves the entities it changed outside the model's
/// read-optimised snapshot, where queries read them more slowly. After
/// every batch a background thread of the shared model builds the
/// snapshot again, on a copy of the version just published, and swaps the
/// copy in (same version, same answers), so a long stream of edits does
/// not leave reads on the slow path. A writer that comes meanwhile waits
/// for it; readers never do. The thread ends with the last clone of the
/// shared model.
///
/// ```
/// use std::thread;
/// use svcrel::{Edit, Link, Model, Query, SharedModel, Usage};
///
/// let shared = SharedModel::new(Model::from_json_file("examples/data/sample.json")?);
/// let reader = {
///     let shared = shared.clone();
///     thread::spawn(move || {
///         let model = shared.read(); // one version, whatever writers do
///         model.relation("fan", "nfl-broadcast", &Query::new()).map(|r| r.is_consumer())
///     })
/// };
/// let applied = shared.apply(&[Edit::AddLink { link: Link::from(Usage::new("dana", "nfl-broadcast")) }])?;
/// assert_eq!(shared.read().version(), applied.version());
/// assert!(shared.read().relation("dana", "nfl-broadcast", &Query::new())?.is_consumer());
/// assert_eq!(reader.join().unwrap()?, true);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone)]
pub struct SharedModel {
    inner: Arc<Inner>,
}

struct Inner {
    current: ArcSwap<Model>,
    /// Held by a writer, and by the background rebuild, for a turn.
    writer: Mutex<()>,
    /// Wakes the background rebuild; dropped with the last clone, which
    /// ends the thread.
    rebuild: Sender<()>,
    /// When the background rebuild last swapped a rebuilt snapshot in.
    rebuilt_at: Mutex<Option<SystemTime>>,
    /// Versions replaced since, kept until no reader holds them, so that
    /// the background thread frees them (a large model takes a while to
    /// free), never a reader that happens to let go of one last.
    retired: Mutex<Vec<Arc<Model>>>,
}

impl fmt::Debug for SharedModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedModel")
            .field("version", &self.inner.current.load().version())
            .finish_non_exhaustive()
    }
}

impl SharedModel {
    /// Shares `model`, and starts the thread that rebuilds its snapshot
    /// after edits.
    ///
    /// ```
    /// let shared = svcrel::SharedModel::new(svcrel::Model::from_json_file("examples/data/sample.json")?);
    /// assert_eq!(shared.read().version(), 0);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn new(model: Model) -> SharedModel {
        let (rebuild, wakes) = mpsc::channel();
        let inner = Arc::new(Inner {
            current: ArcSwap::from_pointee(model),
            writer: Mutex::new(()),
            rebuild,
            rebuilt_at: Mutex::new(None),
            retired: Mutex::new(Vec::new()),
        });
        let weak = Arc::downgrade(&inner);
        // Without a thread (a system out of them), edits still apply and
        // answers stay exact; the model's own rebuild, one edit in
        // `entities / 16`, still comes.
        let _ = thread::Builder::new()
            .name("svcrel-rebuild".to_owned())
            .spawn(move || rebuild_after_edits(&weak, &wakes));
        SharedModel { inner }
    }

    /// The current version of the model: read it as long as one request
    /// needs; a later edit publishes another version and leaves this one
    /// as it is.
    ///
    /// ```
    /// use svcrel::{Edit, Individual, Model, SharedModel};
    ///
    /// let shared = SharedModel::new(Model::from_json_file("examples/data/sample.json")?);
    /// let before = shared.read();
    /// shared.apply(&[Edit::AddIndividual(Individual::new("ann"))])?;
    /// assert!(before.entity("ann").is_none());
    /// assert!(shared.read().entity("ann").is_some());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn read(&self) -> Arc<Model> {
        self.inner.current.load_full()
    }

    /// Applies a batch of edits to a copy of the current version, all or
    /// none, and publishes the copy; see [`Model::apply`]. A refused batch
    /// publishes nothing.
    ///
    /// ```
    /// use svcrel::{Edit, Model, Organisation, SharedModel};
    ///
    /// let shared = SharedModel::new(Model::from_json_file("examples/data/sample.json")?);
    /// let err = shared.apply(&[Edit::AddOrganisation(Organisation::new("nasa"))]).unwrap_err();
    /// assert_eq!(err.problems()[0].edit(), Some(0));
    /// assert_eq!(shared.read().version(), 0);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) error listing
    /// every problem of every refused edit.
    pub fn apply(&self, edits: &[Edit]) -> Result<Applied, Error> {
        self.apply_then(edits, |_| Ok(()))
    }

    /// [`SharedModel::apply`] with a step between the batch's check and
    /// its publication, in the writer's turn: `commit` sees what the
    /// batch did, and the batch is published only if it succeeds (a
    /// journal writes the batch durably there, so that no reader sees an
    /// edit that a crash could lose).
    #[cfg_attr(not(feature = "journal"), allow(dead_code))]
    pub(crate) fn apply_then(
        &self,
        edits: &[Edit],
        commit: impl FnOnce(&Applied) -> Result<(), Error>,
    ) -> Result<Applied, Error> {
        let turn = self.inner.turn();
        let mut next = Model::clone(&self.inner.current.load());
        let applied = next.apply_all(edits)?;
        commit(&applied)?;
        // Publishing wakes the background thread, which rebuilds the
        // snapshot once this turn ends.
        self.inner.publish(next);
        drop(turn);
        Ok(applied)
    }

    /// Replaces the model with another (a document read again, say), as
    /// one more version: its [`Model::version`] is set above the current
    /// one's, so versions only grow.
    ///
    /// ```
    /// use svcrel::{Model, SharedModel};
    ///
    /// let shared = SharedModel::new(Model::from_json_file("examples/data/sample.json")?);
    /// let version = shared.replace(Model::from_json_str(r#"{"version": 1}"#)?);
    /// assert_eq!((version, shared.read().counts().entities()), (1, 0));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn replace(&self, mut model: Model) -> u64 {
        let turn = self.inner.turn();
        let version = self.inner.current.load().version() + 1;
        model.set_version(version);
        self.inner.publish(model);
        drop(turn);
        version
    }
}

impl SharedModel {
    /// When the background rebuild last swapped a rebuilt snapshot in;
    /// `None` before the first.
    #[cfg_attr(not(feature = "server"), allow(dead_code))]
    pub(crate) fn last_rebuild(&self) -> Option<SystemTime> {
        *self
            .inner
            .rebuilt_at
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl Inner {
    /// Publishes `model` as the current version; the one it replaces is
    /// retired, to be freed by the background thread.
    fn publish(&self, model: Model) {
        let old = self.current.swap(Arc::new(model));
        lock(&self.retired).push(old);
        // Wakes the background thread, to free it and rebuild the
        // snapshot. (A send fails only once the thread has ended, with
        // nothing left to do.)
        let _ = self.rebuild.send(());
    }

    /// Frees the retired versions no reader holds any more; whether some
    /// are still held.
    fn free_retired(&self) -> bool {
        let free: Vec<Arc<Model>> = {
            let mut retired = lock(&self.retired);
            let (free, held) = retired.drain(..).partition(|m| Arc::strong_count(m) == 1);
            *retired = held;
            free
        };
        drop(free);
        !lock(&self.retired).is_empty()
    }
    fn turn(&self) -> MutexGuard<'_, ()> {
        // The lock guards no data: a panic in another turn left nothing
        // half done (the model it worked on was a copy).
        self.writer.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The background rebuild: after each batch (several batches at once
/// count as one), the snapshot of the current version is built again on a
/// copy, and the copy swapped in, unless a writer published a newer
/// version meanwhile (the writer waits, so that cannot happen) or nothing
/// is stale.
fn rebuild_after_edits(weak: &Weak<Inner>, wakes: &Receiver<()>) {
    // While retired versions are still held, look again every few
    // milliseconds: a reader holds one for a request.
    let mut held = false;
    loop {
        let woken = if held {
            wakes.recv_timeout(RETIRED_POLL)
        } else {
            wakes
                .recv()
                .map_err(|_| mpsc::RecvTimeoutError::Disconnected)
        };
        if woken == Err(mpsc::RecvTimeoutError::Disconnected) {
            return;
        }
        while wakes.try_recv().is_ok() {}
        let Some(inner) = weak.upgrade() else {
            return;
        };
        held = inner.free_retired();
        let turn = inner.turn();
        let current = inner.current.load_full();
        if !current.snapshot_is_fresh() {
            let mut rebuilt = Model::clone(&current);
            rebuilt.rebuild_snapshot();
            inner.publish(rebuilt);
            *lock(&inner.rebuilt_at) = Some(SystemTime::now());
        }
        drop(turn);
        held |= !lock(&inner.retired).is_empty();
    }
}

/// Locks a mutex whose data a panic cannot leave half changed (a list of
/// versions, a time).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::document::{Individual, Membership};
    use crate::model::Link;

    /// A version a reader still holds when a batch replaces it is kept by
    /// the shared model too, so that the reader never frees it; the
    /// background thread does, once the reader lets go.
    #[test]
    fn replaced_versions_are_freed_off_the_readers_path() {
        let shared = SharedModel::new(
            Model::from_json_file(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/examples/data/sample.json"
            ))
            .expect("the sample is valid"),
        );
        let old = shared.read();
        shared
            .apply(&[Edit::AddIndividual(Individual::new("ann"))])
            .expect("a valid edit");
        assert!(
            Arc::strong_count(&old) >= 2,
            "the shared model keeps it too"
        );
        drop(old);
        // Waits for the background thread, for at most a minute: a bound,
        // not a measure.
        let start = Instant::now();
        while !lock(&shared.inner.retired).is_empty() {
            assert!(start.elapsed() < Duration::from_secs(60), "never freed");
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// After a batch that leaves entities outside the snapshot, the
    /// background rebuild brings them back in, with the same version.
    #[test]
    fn the_snapshot_is_rebuilt_after_a_batch() {
        let shared = SharedModel::new(
            Model::from_json_file(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/examples/data/sample.json"
            ))
            .expect("the sample is valid"),
        );
        let applied = shared
            .apply(&[
                Edit::AddIndividual(Individual::new("ann")),
                Edit::AddLink {
                    link: Link::from(Membership::new("ann", "nasa")),
                },
            ])
            .expect("a valid batch");
        // Waits for the rebuild, for at most a minute: a bound, not a
        // measure.
        let start = Instant::now();
        while !shared.read().snapshot_is_fresh() {
            assert!(start.elapsed() < Duration::from_secs(60), "never rebuilt");
            thread::sleep(Duration::from_millis(5));
        }
        let model = shared.read();
        assert_eq!(model.version(), applied.version());
        assert_eq!(model.top("ann", None), ["us-gov"]);
    }
}
