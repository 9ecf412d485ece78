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

/// The most ids the paths of one answer may list, all told: about 400 MB
/// of JSON. Paths can cost the square of the answer (every organisation
/// of a chain a million deep has a path a million long), so a larger
/// answer is refused and asked for with `via` instead.
pub const MAX_PATH_IDS: usize = 20_000_000;

/// Checks that the paths of an answer, given by their lengths in links,
/// fit in [`MAX_PATH_IDS`]; with `via`, nothing is checked. The lengths
/// are counted only until they are too many, so this costs at most about
/// [`MAX_PATH_IDS`] steps. The error says how to ask instead, `how`
/// naming the option or field.
pub fn check(
    evidence: Evidence,
    lengths: impl Iterator<Item = usize>,
    how: &str,
) -> Result<(), String> {
    if evidence == Evidence::Via {
        return Ok(());
    }
    let mut ids = 0_usize;
    for len in lengths {
        ids = ids.saturating_add(len + 1);
        if ids > MAX_PATH_IDS {
            return Err(format!(
                "the paths of this answer would list more than {MAX_PATH_IDS} ids; \
                 ask with {how} for each answer's next step towards the service instead"
            ));
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
