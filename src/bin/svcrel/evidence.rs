//! How much evidence an answer carries: each answer's whole path, or only
//! its next step towards the service (`--evidence path|via`).

use serde::ser::{Serialize, Serializer};
use svcrel::{Path, Step};

use crate::table;

/// The evidence printed with each answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Evidence {
    /// Each answer's whole path from the service, and its next step
    #[default]
    Path,
    /// Only each answer's next step towards the service (`via`): linear in
    /// the answer, however long its chains
    Via,
}

/// The most the paths of one answer may take, all told, in bytes of the
/// ids and names along them (each entity on a path counted with its id,
/// its name and [`PER_ENTITY`] bytes more): 256 MiB, about what they take
/// as JSON or in words. Paths can cost the square of the answer (every
/// organisation of a chain a million deep has a path a million long), so
/// a larger answer is refused and asked for with `via` instead.
pub const MAX_PATH_BYTES: usize = 256 << 20;

/// What each entity on a path costs besides its id and name: JSON's
/// quotes and commas, or the words that join two names.
const PER_ENTITY: usize = 16;

/// Checks that the paths of an answer fit in [`MAX_PATH_BYTES`]; with
/// `via`, nothing is checked. The paths are measured only until they are
/// too large, so this costs at most about as much as writing
/// [`MAX_PATH_BYTES`]. The error says how to ask instead, `how` naming the
/// option or field.
pub fn check<'m>(
    evidence: Evidence,
    paths: impl Iterator<Item = Path<'m>>,
    how: &str,
) -> Result<(), String> {
    if evidence == Evidence::Via {
        return Ok(());
    }
    let mut bytes = 0_usize;
    for path in paths {
        for entity in path.entities() {
            let size = entity.id().len() + entity.name().map_or(0, str::len) + PER_ENTITY;
            bytes = bytes.saturating_add(size);
            if bytes > MAX_PATH_BYTES {
                return Err(format!(
                    "the paths of this answer would take more than {} MiB; ask with {how} \
                     for each answer's next step towards the service instead",
                    MAX_PATH_BYTES >> 20
                ));
            }
        }
    }
    Ok(())
}

/// An answer's next step towards the service, as JSON:
/// `{"id": "goddard-apps", "link": "approval"}`.
#[derive(Debug, serde::Serialize)]
pub struct Via<'m> {
    id: &'m str,
    link: &'static str,
}

impl<'m> Via<'m> {
    pub fn new(step: Step<'m>) -> Self {
        Via {
            id: step.from().id(),
            link: step.link().as_str(),
        }
    }
}

/// A path's ids as a JSON list, written as they are read.
#[derive(Debug)]
pub struct Ids<'m>(pub Path<'m>);

impl Serialize for Ids<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.ids())
    }
}

/// The path written with an answer: the whole path, if asked for.
pub fn path<'m>(evidence: Evidence, path: impl FnOnce() -> Path<'m>) -> Option<Ids<'m>> {
    (evidence == Evidence::Path).then(|| Ids(path()))
}

/// The evidence in words, under an answer's row: the path, or the next
/// step towards the service.
pub fn words<'m>(evidence: Evidence, path: impl FnOnce() -> Path<'m>, via: Step<'m>) -> String {
    match evidence {
        Evidence::Path => path().to_string(),
        Evidence::Via => format!("via {}, by {}", table::named(via.from()), via.link()),
    }
}
