//! The questions every peer answers, drawn from a seeded RNG: random
//! (person, service) pairs for relation(), random services for
//! customers_of, services no other service depends on ("leaves") and the
//! company-wide service for consumers_of.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use svcrel::{Document, Model, Query};

use crate::csr::Floor;

pub struct Questions {
    /// (individual, service) pairs.
    pub pairs: Vec<(String, String)>,
    /// Services, uniformly.
    pub services: Vec<String>,
    /// Services no other service depends on.
    pub leaves: Vec<String>,
    /// Of the services the synthetic enterprise's root organisation uses,
    /// the one with the most consumers on the query's date.
    pub wide: String,
}

impl Questions {
    pub fn new(doc: &Document, model: &Model, floor: &Floor, seed: u64, q: &Query) -> Questions {
        let mut rng = Pcg64Mcg::seed_from_u64(seed ^ 0x5eed_5eed);
        let people: Vec<&str> = doc.individuals.iter().map(|p| p.id.as_str()).collect();
        let all: Vec<&str> = doc.services.iter().map(|s| s.id.as_str()).collect();
        let mut pick = |from: &[&str]| from[rng.random_range(0..from.len())].to_owned();
        let pairs = (0..100_000).map(|_| (pick(&people), pick(&all))).collect();
        let services = (0..10_000).map(|_| pick(&all)).collect();
        let leaf_ids: Vec<&str> = floor
            .leaf_services()
            .into_iter()
            .map(|n| floor.id(n))
            .collect();
        let leaves = (0..1_000).map(|_| pick(&leaf_ids)).collect();
        let wide = all
            .iter()
            .take(3)
            .max_by_key(|s| model.consumers_of(s, q).map_or(0, |c| c.len()))
            .map_or_else(String::new, |s| (*s).to_owned());
        Questions {
            pairs,
            services,
            leaves,
            wide,
        }
    }
}
