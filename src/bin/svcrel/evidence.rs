//! How much evidence an answer carries: each answer's whole path, or only
//! its next step towards the service (`--evidence path|via`).

use svcrel::{MAX_PATH_BYTES, Path, Step};

use crate::report::Failure;
use crate::table;

/// The evidence printed with each answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Evidence {
    /// Each answer's whole path from the service, and its next step
    #[default]
    Path,
    /// Only each answer's next step towards the service (`via`): linear in
    /// the answer, however long its chains
    Via,
}

impl From<Evidence> for svcrel::Evidence {
    fn from(evidence: Evidence) -> Self {
        match evidence {
            Evidence::Path => svcrel::Evidence::Path,
            Evidence::Via => svcrel::Evidence::Via,
        }
    }
}

/// What each entity on a path costs in words besides its id and name:
/// the words that join two names.
const PER_ENTITY: usize = 16;

/// Why an answer is refused with whole paths, and how to ask instead: as
/// the library says it for a question with `"evidence": "via"`, with the
/// command line's option.
pub fn too_large() -> String {
    format!(
        "the paths of this answer would take more than {} MiB; ask with --evidence via \
         for each answer's next step towards the service instead",
        MAX_PATH_BYTES >> 20
    )
}

/// Checks that the paths of the rows shown, in words, fit in the library's
/// [`MAX_PATH_BYTES`] (each entity on a path counted with its id, its
/// name and [`PER_ENTITY`] bytes more); with `via`, nothing is checked.
/// The paths are measured only until they are too large, so this costs
/// at most about as much as writing [`MAX_PATH_BYTES`]. ([`svcrel::Model::ask`]
/// has checked the ids along the paths; this counts the names too.)
pub fn check<'m>(evidence: Evidence, paths: impl Iterator<Item = Path<'m>>) -> Result<(), Failure> {
    if evidence == Evidence::Via {
        return Ok(());
    }
    let mut bytes = 0_usize;
    for path in paths {
        for entity in path.entities() {
            let size = entity.id().len() + entity.name().map_or(0, str::len) + PER_ENTITY;
            bytes = bytes.saturating_add(size);
            if bytes > MAX_PATH_BYTES {
                return Err(Failure::TooLarge);
            }
        }
    }
    Ok(())
}

/// The evidence in words, under an answer's row: the path, or the next
/// step towards the service.
pub fn words<'m>(evidence: Evidence, path: impl FnOnce() -> Path<'m>, via: Step<'m>) -> String {
    match evidence {
        Evidence::Path => path().to_string(),
        Evidence::Via => format!("via {}, by {}", table::named(via.from()), via.link()),
    }
}
