//! [`SharedModel`]: one model read by many threads and edited by batches,
//! readers never waiting on a writer.

use std::fmt;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use arc_swap::ArcSwap;

use crate::error::Error;
use crate::model::{Adjacency, Applied, Edit, Model};

/// How often the background thread looks for retired versions no reader
/// holds any more, while some are held.
const RETIRED_POLL: Duration = Duration::from_millis(5);

/// The least a writer waits for readers to let go of the copy it edits
/// next before it copies the current version instead; it waits as long as
/// the last copy took, when that was longer.
const SPARE_WAIT: Duration = Duration::from_millis(20);

/// How long edits must pause before the snapshot is rebuilt.
const QUIET: Duration = Duration::from_millis(500);

/// The snapshot is rebuilt without waiting for a pause once more than one
/// entity in this many changed since it was built.
const STALE_SHARE: usize = 128;

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
/// [`Model::apply`] does), and publishes the result with one atomic swap;
/// writers take turns. The shared model keeps two copies of the model:
/// the current version, which readers read, and the one before it. A
/// batch is applied to the older copy, once the readers that still held
/// it let go (they hold it for a request) and it has caught up with the
/// last batch; that copy is published, and the one it replaces becomes
/// the older copy. So a batch costs the time of its edits, twice, and no
/// copy of the model; memory is twice the model's. Two things cost a copy
/// of the model (at a million people, a fraction of a second, while
/// readers go on with the current version): a batch refused after some
/// of its edits went in (the background thread makes the copy), and a
/// reader that holds a replaced version for longer than that copy would
/// take (a writer waits that long first).
///
/// An edit leaves the entities it changed outside the model's
/// read-optimised snapshot (and the entities it added, renamed or removed
/// outside the index of [`Model::suggest`], once built), where queries
/// read them more slowly. A background thread of the shared model builds
/// the snapshot (and that index) again once edits pause for half a
/// second, or sooner when more than one entity in 128 changed, and
/// publishes it as the same version with the same answers, so a long
/// stream of edits does not leave reads on the slow path. Both copies of
/// the model share one index of suggestions. A writer that comes meanwhile waits for it; readers never do.
/// The thread ends with the last clone of the shared model.
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
    /// The other copy, held by a writer, and by the background rebuild,
    /// for a turn.
    writer: Mutex<Spare>,
    /// Wakes the background thread; dropped with the last clone, which
    /// ends the thread.
    wake: Sender<()>,
    /// When the background rebuild last published a rebuilt snapshot.
    rebuilt_at: Mutex<Option<SystemTime>>,
    /// Versions given up, kept until no reader holds them, so that the
    /// background thread frees them (a large model takes a while to
    /// free), never a reader that happens to let go of one last.
    retired: Mutex<Vec<Arc<Model>>>,
}

/// The copy of the model that is not published: the version before the
/// current one, which the next turn brings up to date and edits.
#[derive(Default)]
struct Spare {
    /// `None` when there is no such copy (before the first, or after a
    /// refused batch spoilt it): the next turn copies the current version.
    model: Option<Arc<Model>>,
    /// What made the current version of this one.
    behind: Option<Step>,
    /// How long the last copy of the model took.
    copy_cost: Duration,
}

/// What one turn did to a copy of the model, done again to the other copy
/// to bring it up to date: the same steps on the same model give the same
/// model.
enum Step {
    /// A batch of edits, all accepted.
    Batch(Arc<[Edit]>),
    /// A rebuilt snapshot (its packed part shared by both copies).
    Snapshot(Adjacency),
}

impl fmt::Debug for SharedModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedModel")
            .field("version", &self.inner.current.load().version())
            .finish_non_exhaustive()
    }
}

impl SharedModel {
    /// Shares `model`, and starts the background thread that makes the
    /// second copy and rebuilds the snapshot after edits.
    ///
    /// ```
    /// let shared = svcrel::SharedModel::new(svcrel::Model::from_json_file("examples/data/sample.json")?);
    /// assert_eq!(shared.read().version(), 0);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn new(model: Model) -> SharedModel {
        let (wake, wakes) = mpsc::channel();
        let inner = Arc::new(Inner {
            current: ArcSwap::from_pointee(model),
            writer: Mutex::new(Spare::default()),
            wake,
            rebuilt_at: Mutex::new(None),
            retired: Mutex::new(Vec::new()),
        });
        let weak = Arc::downgrade(&inner);
        // Without a thread (a system out of them), edits still apply and
        // answers stay exact: writers copy the model when they find no
        // second copy, and the model's own rebuild, one edit in
        // `entities / 16`, still comes.
        let _ = thread::Builder::new()
            .name("svcrel-rebuild".to_owned())
            .spawn(move || {
                yield_to_readers();
                background(&weak, &wakes)
            });
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

    /// Applies a batch of edits, all or none, and publishes the result as
    /// the next version; see [`Model::apply`]. A refused batch publishes
    /// nothing.
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
        self.apply_made_then(|_| Ok(edits.into()), |_, applied| commit(applied))
            .map(|(_, applied)| applied)
    }

    /// [`SharedModel::apply_then`] with a batch made in the writer's turn
    /// from the version it applies to, `make(current)`: no other batch
    /// can come between what the batch was made from and the batch (a
    /// document reloaded is then exactly the model). An empty batch
    /// publishes nothing. Gives the batch back with what it did.
    #[cfg_attr(not(feature = "server"), allow(dead_code))]
    pub(crate) fn apply_made_then(
        &self,
        make: impl FnOnce(&Model) -> Result<Arc<[Edit]>, Error>,
        commit: impl FnOnce(&[Edit], &Applied) -> Result<(), Error>,
    ) -> Result<(Arc<[Edit]>, Applied), Error> {
        let mut spare = self.inner.turn();
        let mut next = self.inner.up_to_date(&mut spare);
        let before = next.version();
        let edits = match make(&next) {
            Ok(edits) if !edits.is_empty() => edits,
            made => {
                // Nothing to apply: the copy is still the current version.
                spare.model = Some(Arc::new(next));
                return made.map(|edits| (edits, Applied::nothing(before)));
            }
        };
        let applied = next.apply_all(&edits).and_then(|applied| {
            commit(&edits, &applied)?;
            Ok(applied)
        });
        match applied {
            Ok(applied) => {
                self.inner
                    .publish(&mut spare, next, Step::Batch(Arc::clone(&edits)));
                Ok((edits, applied))
            }
            Err(e) => {
                if next.version() == before {
                    // Every edit refused before it changed anything: the
                    // copy is still the current version.
                    spare.model = Some(Arc::new(next));
                } else {
                    // Spoilt: the background thread frees it and makes
                    // another copy.
                    self.inner.retire(Arc::new(next));
                }
                Err(e)
            }
        }
    }

    /// Replaces the model with another (a document read again, say), as
    /// one more version: its [`Model::version`] is set above the current
    /// one's, so versions only grow. It costs a copy of `model`, the
    /// shared model's second copy.
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
        let mut spare = self.inner.turn();
        let version = self.inner.current.load().version() + 1;
        model.set_version(version);
        let copy = Arc::new(model.clone());
        let old = self.inner.current.swap(Arc::new(model));
        self.inner.retire(old);
        if let Some(old) = spare.model.replace(copy) {
            self.inner.retire(old);
        }
        spare.behind = None;
        version
    }
}

impl SharedModel {
    /// When the background rebuild last published a rebuilt snapshot;
    /// `None` before the first.
    #[cfg_attr(not(feature = "server"), allow(dead_code))]
    pub(crate) fn last_rebuild(&self) -> Option<SystemTime> {
        *lock(&self.inner.rebuilt_at)
    }
}

impl Inner {
    fn turn(&self) -> MutexGuard<'_, Spare> {
        // A panic in another turn may have left the spare copy half
        // changed: take it away, so that this turn makes another.
        self.writer.lock().unwrap_or_else(|poisoned| {
            let mut spare = poisoned.into_inner();
            spare.model = None;
            spare.behind = None;
            spare
        })
    }

    /// A model equal to the current version, to edit and publish: the
    /// spare copy, once no reader holds it, brought up to date; else a
    /// copy of the current version.
    fn up_to_date(&self, spare: &mut Spare) -> Model {
        let current = self.current.load_full();
        let behind = spare.behind.take();
        let wait = spare.copy_cost.max(SPARE_WAIT);
        if let Some(mut model) = spare.model.take().and_then(|m| self.unshared(m, wait)) {
            // It takes the current version's index of suggestions below:
            // the edits it makes again need not build its own.
            model.forget_suggestions();
            match behind {
                Some(Step::Batch(edits)) => {
                    // Accepted on the current version, made of this one
                    // by the same steps: accepted again, the same way.
                    let _ = model.apply_all(&edits);
                }
                Some(Step::Snapshot(snapshot)) => model.install_snapshot(snapshot),
                None => {}
            }
            if model.version() == current.version() {
                // The same model: the same index of suggestions, shared.
                model.share_suggestions(&current);
                return model;
            }
            debug_assert!(false, "a spare copy out of step");
            self.retire(Arc::new(model));
        }
        copy(&current, spare)
    }

    /// `model` itself, once no reader holds it any more; `None` (and
    /// `model` retired) when readers hold it longer than `wait`.
    fn unshared(&self, mut model: Arc<Model>, wait: Duration) -> Option<Model> {
        let deadline = Instant::now() + wait;
        // Looks again after a pause that doubles up to a millisecond: a
        // reader holds it for a request, unless the system set it aside.
        let mut pause = Duration::from_micros(10);
        loop {
            match Arc::try_unwrap(model) {
                Ok(model) => return Some(model),
                Err(held) if Instant::now() >= deadline => {
                    self.retire(held);
                    return None;
                }
                Err(held) => model = held,
            }
            thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(1));
        }
    }

    /// Publishes `model` as the current version, made by `step` of the
    /// version it replaces, which becomes the spare copy.
    fn publish(&self, spare: &mut Spare, model: Model, step: Step) {
        let old = self.current.swap(Arc::new(model));
        spare.model = Some(old);
        spare.behind = Some(step);
        self.wake();
    }

    /// Keeps `model` until no reader holds it, for the background thread
    /// to free.
    fn retire(&self, model: Arc<Model>) {
        lock(&self.retired).push(model);
        self.wake();
    }

    /// Wakes the background thread. (A send fails only once the thread
    /// has ended, with nothing left to do.)
    fn wake(&self) {
        let _ = self.wake.send(());
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

    /// Makes the spare copy when there is none, so that the next writer
    /// finds it.
    fn make_spare(&self) {
        let mut spare = self.turn();
        if spare.model.is_none() {
            let copy = copy(&self.current.load(), &mut spare);
            spare.model = Some(Arc::new(copy));
            spare.behind = None;
        }
    }

    /// Builds the snapshot of the current version again, on the spare
    /// copy brought up to date, and publishes that as the same version.
    fn rebuild_snapshot(&self) {
        let mut spare = self.turn();
        if self.current.load().is_fresh() {
            return;
        }
        let mut next = self.up_to_date(&mut spare);
        if !next.snapshot_is_fresh() {
            next.rebuild_snapshot();
        }
        if !next.suggestions_are_fresh() {
            next.rebuild_suggestions();
        }
        let snapshot = next.snapshot();
        self.publish(&mut spare, next, Step::Snapshot(snapshot));
        *lock(&self.rebuilt_at) = Some(SystemTime::now());
    }
}

/// The background thread: it makes the spare copy when there is none,
/// rebuilds the snapshot once edits pause (or sooner, when many entities
/// changed), and frees retired versions once no reader holds them.
fn background(weak: &Weak<Inner>, wakes: &Receiver<()>) {
    // When the snapshot is to be rebuilt, unless more edits come first.
    let mut due: Option<Instant> = None;
    let mut woken = true;
    loop {
        let Some(inner) = weak.upgrade() else {
            return;
        };
        // Whether retired versions are still held: look again every few
        // milliseconds (a reader holds one for a request).
        let mut held = inner.free_retired();
        inner.make_spare();
        let now = Instant::now();
        if woken {
            due = Some(now + QUIET);
        }
        let current = inner.current.load_full();
        if current.is_fresh() {
            due = None;
        } else if current.is_stale_past(STALE_SHARE) || due.is_some_and(|d| d <= now) {
            drop(current);
            inner.rebuild_snapshot();
            due = None;
        }
        held |= !lock(&inner.retired).is_empty();
        drop(inner);
        let wait = match (due, held) {
            (Some(d), true) => Some(d.saturating_duration_since(now).min(RETIRED_POLL)),
            (Some(d), false) => Some(d.saturating_duration_since(now)),
            (None, true) => Some(RETIRED_POLL),
            (None, false) => None,
        };
        let got = match wait {
            Some(wait) => wakes.recv_timeout(wait),
            None => wakes.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        woken = match got {
            Ok(()) => true,
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        while wakes.try_recv().is_ok() {}
    }
}

/// A copy of `model`, its cost noted in `spare`.
fn copy(model: &Model, spare: &mut Spare) -> Model {
    let start = Instant::now();
    let copy = model.clone();
    spare.copy_cost = start.elapsed();
    copy
}

/// Locks a mutex whose data a panic cannot leave half changed (a list of
/// versions, a time).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Lowers the calling thread's scheduling priority (a nice value of about
/// 10 on Linux and the BSDs; below normal elsewhere), for the background
/// thread: its rebuilds and copies of a large model take a core for a
/// tenth of a second or more, and readers on a busy machine should have
/// the core first. It keeps a share of the CPU, so the rebuild still
/// comes while readers are busy. A system that refuses is left as it is.
fn yield_to_readers() {
    use thread_priority::{ThreadPriority, ThreadPriorityValue, set_current_thread_priority};
    if let Ok(value) = ThreadPriorityValue::try_from(25u8) {
        let _ = set_current_thread_priority(ThreadPriority::Crossplatform(value));
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::document::{Individual, Membership};
    use crate::model::Link;

    /// The nice values of this process's threads named `name` (Linux).
    #[cfg(target_os = "linux")]
    fn nice_values(name: &str) -> Vec<i64> {
        let mut values = Vec::new();
        for task in std::fs::read_dir("/proc/self/task")
            .into_iter()
            .flatten()
            .flatten()
        {
            let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
            if comm.trim_end() != name {
                continue;
            }
            let stat = std::fs::read_to_string(task.path().join("stat")).unwrap_or_default();
            // After the name in parentheses: state is field 3, nice field 19.
            let nice: Option<i64> = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(16))
                .and_then(|n| n.parse().ok());
            values.extend(nice);
        }
        values
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_background_thread_yields_to_readers() {
        let _shared = sample();
        let start = Instant::now();
        // A thread lowers its own priority as it starts, so one just
        // spawned (here or by another test) may not have yet: wait.
        let mut seen = nice_values("svcrel-rebuild");
        while (seen.is_empty() || seen.iter().any(|&nice| nice <= 0))
            && start.elapsed() < Duration::from_secs(10)
        {
            std::thread::sleep(Duration::from_millis(10));
            seen = nice_values("svcrel-rebuild");
        }
        assert!(!seen.is_empty(), "no background thread found");
        // Every model's background thread (other tests run theirs too)
        // runs below the readers' priority; this thread is not lowered.
        assert!(seen.iter().all(|&nice| nice > 0), "{seen:?}");
        let own = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
        let own: i64 = own
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(16))
            .and_then(|n| n.parse().ok())
            .unwrap();
        assert!(
            seen.iter().all(|&nice| nice > own),
            "{seen:?} against {own}"
        );
    }

    fn sample() -> SharedModel {
        SharedModel::new(
            Model::from_json_file(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/examples/data/sample.json"
            ))
            .expect("the sample is valid"),
        )
    }

    /// Waits for `done`, for at most a minute: a bound, not a measure.
    fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
        let start = Instant::now();
        while !done() {
            assert!(start.elapsed() < Duration::from_secs(60), "never {what}");
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// The spare copy, brought up to date as the next turn would, against
    /// the current version: the same document, the same version.
    fn assert_copies_agree(shared: &SharedModel) {
        let mut spare = shared.inner.turn();
        let next = shared.inner.up_to_date(&mut spare);
        let current = shared.read();
        assert_eq!(next.version(), current.version());
        assert_eq!(next.to_document(), current.to_document());
        assert!(next.shares_suggestions_with(&current));
        spare.model = Some(Arc::new(next));
    }

    /// A version a reader holds past a writer's wait is given up as the
    /// spare copy and kept by the shared model too, so that the reader
    /// never frees it; the background thread does, once the reader lets
    /// go.
    #[test]
    fn a_version_a_reader_holds_is_freed_off_the_readers_path() {
        let shared = sample();
        let old = shared.read();
        for id in ["ann", "bob"] {
            shared
                .apply(&[Edit::AddIndividual(Individual::new(id))])
                .expect("a valid edit");
        }
        assert!(
            Arc::strong_count(&old) >= 2,
            "the shared model keeps it too"
        );
        assert!(shared.read().entity("bob").is_some());
        assert!(old.entity("ann").is_none(), "unchanged under its reader");
        drop(old);
        wait_for("freed", || lock(&shared.inner.retired).is_empty());
        assert_copies_agree(&shared);
    }

    /// Both copies go through the same steps: accepted batches, refused
    /// ones (with and without an edit that went in before the refusal),
    /// and rebuilt snapshots.
    #[test]
    fn the_two_copies_stay_equal() {
        let shared = sample();
        let ok = |edits: &[Edit]| shared.apply(edits).expect("a valid batch");
        ok(&[Edit::AddIndividual(Individual::new("ann"))]);
        assert_copies_agree(&shared);
        ok(&[Edit::AddLink {
            link: Link::from(Membership::new("ann", "nasa")),
        }]);
        assert_copies_agree(&shared);
        let version = shared.read().version();
        // Refused before anything went in: the spare copy is kept.
        shared
            .apply(&[Edit::AddIndividual(Individual::new("ann"))])
            .expect_err("a duplicate");
        assert_copies_agree(&shared);
        // Refused after one edit went in: the copy is spoilt and made again.
        shared
            .apply(&[
                Edit::AddIndividual(Individual::new("cy")),
                Edit::AddIndividual(Individual::new("ann")),
            ])
            .expect_err("a duplicate");
        assert_eq!(shared.read().version(), version);
        assert!(shared.read().entity("cy").is_none());
        assert_copies_agree(&shared);
        ok(&[
            Edit::AddIndividual(Individual::new("cy")),
            Edit::AddLink {
                link: Link::from(Membership::new("cy", "nasa")),
            },
        ]);
        wait_for("rebuilt", || shared.read().snapshot_is_fresh());
        assert_copies_agree(&shared);
        ok(&[Edit::RemoveEntity {
            id: "cy".into(),
            removal: crate::model::Removal::WithLinks,
        }]);
        assert_copies_agree(&shared);
        assert_eq!(shared.read().top("ann", None), ["us-gov"]);
    }

    /// Both copies share one index of suggestions, built again in the
    /// background after edits that added or renamed entities.
    #[test]
    fn the_copies_share_the_index_of_suggestions() {
        use crate::model::SuggestOptions;
        let shared = sample();
        let any = SuggestOptions::new();
        assert_eq!(shared.read().suggest("dan", &any).suggestions[0].id, "dana");
        shared
            .apply(&[Edit::AddIndividual(Individual {
                name: Some("Danny Zed".into()),
                ..Individual::new("zed")
            })])
            .expect("a valid batch");
        let ids = |model: &Model| -> Vec<String> {
            let found = model.suggest("dan", &any).suggestions;
            found.into_iter().map(|s| s.id).collect()
        };
        assert_eq!(ids(&shared.read()), ["dana", "zed"]);
        wait_for("rebuilt", || shared.read().is_fresh());
        assert_eq!(ids(&shared.read()), ["dana", "zed"]);
        assert_copies_agree(&shared);
    }

    /// After a batch that leaves entities outside the snapshot, the
    /// background rebuild brings them back in, with the same version.
    #[test]
    fn the_snapshot_is_rebuilt_after_a_batch() {
        let shared = sample();
        let applied = shared
            .apply(&[
                Edit::AddIndividual(Individual::new("ann")),
                Edit::AddLink {
                    link: Link::from(Membership::new("ann", "nasa")),
                },
            ])
            .expect("a valid batch");
        wait_for("rebuilt", || shared.read().snapshot_is_fresh());
        let model = shared.read();
        assert_eq!(model.version(), applied.version());
        assert_eq!(model.top("ann", None), ["us-gov"]);
    }
}
