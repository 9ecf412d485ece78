//! A seeded generator of synthetic enterprises, for benchmarks, tests and
//! trying the crate at scale.

use jiff::ToSpan;
use jiff::civil::Date;
use rand::Rng;
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

use crate::document::{
    Dependency, Document, Funding, Individual, Membership, Organisation, Oversight, Partnership,
    Payment, Reporting, Service, Usage,
};

/// A synthetic enterprise: a valid model document of a given number of
/// people, the same for the same seed on every platform.
///
/// Its shape: an organisation tree of about one organisation per eight
/// people, fan-out 8 to 12 and depth 8 to 12 (budgets split unevenly, so
/// some branches run deep); every organisation has a head, and the other
/// people one or two memberships in teams, each reporting to the head of
/// their team (heads report to the head above). About one service per 100
/// people, each depending on one to three older ones (a dependency DAG
/// with the oldest as shared infrastructure); a few company-wide services
/// used by the root organisation, most used by one department (power-law
/// usage); funding by the using department with a mix of payment kinds
/// and the head as approver, and a few outside companies paying cash or
/// trade; some oversight and partnerships; about 10% of links dated.
///
/// ```
/// use svcrel::{Model, Synthetic};
///
/// let doc = Synthetic::new(2_000).seed(7).document();
/// assert!(doc.individuals.len() >= 2_000);
/// let model = Model::from_document(&doc)?;
/// assert!(model.counts().services >= 20);
/// assert_eq!(doc, Synthetic::new(2_000).seed(7).document()); // deterministic
/// # Ok::<(), svcrel::Error>(())
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "synth")))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Synthetic {
    people: usize,
    seed: u64,
}

/// The payment mix: chargeback and allocation dominate inside a company.
const PAYMENTS: [(Payment, u32); 5] = [
    (Payment::Cash, 10),
    (Payment::Trade, 5),
    (Payment::Chargeback, 40),
    (Payment::Allocation, 35),
    (Payment::None, 10),
];

impl Synthetic {
    /// The most people an enterprise may have: ten million, whose document
    /// takes a few gigabytes of memory. [`Synthetic::new`] holds larger
    /// numbers to it, and `svcrel generate` refuses them.
    ///
    /// ```
    /// assert_eq!(svcrel::Synthetic::MAX_PEOPLE, 10_000_000);
    /// ```
    pub const MAX_PEOPLE: usize = 10_000_000;

    /// An enterprise of `people` individuals, seed 0: at least one, and at
    /// most [`Synthetic::MAX_PEOPLE`] (larger numbers are held to it).
    ///
    /// ```
    /// assert!(svcrel::Synthetic::new(100).document().individuals.len() >= 100);
    /// ```
    pub fn new(people: usize) -> Self {
        Synthetic {
            people: people.clamp(1, Synthetic::MAX_PEOPLE),
            seed: 0,
        }
    }

    /// Sets the seed.
    ///
    /// ```
    /// let a = svcrel::Synthetic::new(500).seed(1).document();
    /// let b = svcrel::Synthetic::new(500).seed(2).document();
    /// assert_ne!(a, b);
    /// ```
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Generates the document.
    ///
    /// ```
    /// let doc = svcrel::Synthetic::new(1_000).document();
    /// doc.validate()?;
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn document(&self) -> Document {
        Generator::new(self.seed).run(self.people)
    }
}

struct Generator {
    rng: Pcg64Mcg,
    doc: Document,
    parent: Vec<Option<usize>>,
    depth: Vec<u32>,
    head: Vec<usize>,
}

fn org(i: usize) -> String {
    format!("o{i}")
}

fn person(i: usize) -> String {
    format!("p{i}")
}

fn service(i: usize) -> String {
    format!("s{i}")
}

impl Generator {
    fn new(seed: u64) -> Self {
        Generator {
            rng: Pcg64Mcg::seed_from_u64(seed),
            doc: Document::default(),
            parent: Vec::new(),
            depth: Vec::new(),
            head: Vec::new(),
        }
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.rng.random_range(0..100) < percent
    }

    /// A period for about one link in ten.
    fn period(&mut self) -> (Option<Date>, Option<Date>) {
        if !self.chance(10) {
            return (None, None);
        }
        let start = Date::constant(2020, 1, 1);
        let from = start.saturating_add(self.rng.random_range(0..1500_i64).days());
        let until = self
            .chance(50)
            .then(|| from.saturating_add(self.rng.random_range(30..2000_i64).days()));
        (Some(from), until)
    }

    fn run(mut self, people: usize) -> Document {
        self.organisations((people / 8).max(1));
        self.people(people);
        let companies = self.outside_companies(people / 20_000 + 2);
        self.services((people / 100).max(1), &companies);
        self.oversight_and_partnerships();
        self.doc
    }

    fn add_org(&mut self, parent: Option<usize>) -> usize {
        let i = self.doc.organisations.len();
        let depth = parent.map_or(0, |p| self.depth[p] + 1);
        self.doc.organisations.push(Organisation {
            name: Some(format!("Organisation {i}")),
            parent: parent.map(|p| org(p).into()),
            ..Organisation::new(org(i))
        });
        self.parent.push(parent);
        self.depth.push(depth);
        i
    }

    /// The tree: budgets split unevenly among 8 to 12 children.
    fn organisations(&mut self, target: usize) {
        let max_depth = self.rng.random_range(8..=12);
        let root = self.add_org(None);
        let mut stack = vec![(root, target - 1)];
        while let Some((node, budget)) = stack.pop() {
            if budget == 0 || self.depth[node] + 1 >= max_depth {
                continue;
            }
            let fan_out = self.rng.random_range(8..=12).min(budget);
            let children: Vec<usize> = (0..fan_out).map(|_| self.add_org(Some(node))).collect();
            let rest = budget - fan_out;
            let weights: Vec<f64> = (0..fan_out)
                .map(|_| self.rng.random::<f64>().powi(6) + 1e-9)
                .collect();
            let total: f64 = weights.iter().sum();
            let mut given = 0;
            let mut shares: Vec<usize> = weights
                .iter()
                .map(|w| {
                    let share = ((w / total) * rest as f64) as usize;
                    given += share;
                    share
                })
                .collect();
            if let Some(largest) = (0..fan_out).max_by(|&a, &b| weights[a].total_cmp(&weights[b])) {
                shares[largest] += rest - given;
            }
            stack.extend(children.into_iter().zip(shares));
        }
    }

    fn people(&mut self, people: usize) {
        let orgs = self.doc.organisations.len();
        let leaves: Vec<usize> = {
            let mut has_child = vec![false; orgs];
            for p in self.parent.iter().flatten() {
                has_child[*p] = true;
            }
            (0..orgs).filter(|&o| !has_child[o]).collect()
        };
        for i in 0..people {
            self.doc.individuals.push(Individual {
                name: Some(format!("Person {i}")),
                ..Individual::new(person(i))
            });
        }
        // The first people head the organisations, in order.
        self.head = (0..orgs).map(|o| o % people).collect();
        for o in 0..orgs.min(people) {
            let (from, until) = self.period();
            self.doc.memberships.push(Membership {
                title: Some("Head".to_owned()),
                from,
                until,
                ..Membership::new(person(o), org(o))
            });
            if let Some(p) = self.parent[o] {
                let (from, until) = self.period();
                let boss = self.head[p];
                if boss != o {
                    self.doc.reporting.push(Reporting {
                        from,
                        until,
                        ..Reporting::new(person(o), person(boss))
                    });
                }
            }
        }
        for i in orgs.min(people)..people {
            let team = leaves[self.rng.random_range(0..leaves.len())];
            let (from, until) = self.period();
            self.doc.memberships.push(Membership {
                from,
                until,
                ..Membership::new(person(i), org(team))
            });
            if self.chance(20) {
                let other = self.rng.random_range(0..orgs);
                if other != team {
                    let (from, until) = self.period();
                    self.doc.memberships.push(Membership {
                        from,
                        until,
                        ..Membership::new(person(i), org(other))
                    });
                }
            }
            let (from, until) = self.period();
            self.doc.reporting.push(Reporting {
                from,
                until,
                ..Reporting::new(person(i), person(self.head[team]))
            });
        }
    }

    /// Companies outside the enterprise, each with a buyer; they pay cash
    /// or trade for some services.
    fn outside_companies(&mut self, count: usize) -> Vec<(String, String)> {
        (0..count)
            .map(|k| {
                let company = format!("x{k}");
                let buyer = format!("x{k}-buyer");
                self.doc.organisations.push(Organisation {
                    name: Some(format!("Outside company {k}")),
                    ..Organisation::new(company.as_str())
                });
                self.doc.individuals.push(Individual {
                    name: Some(format!("Buyer at outside company {k}")),
                    ..Individual::new(buyer.as_str())
                });
                self.doc
                    .memberships
                    .push(Membership::new(buyer.as_str(), company.as_str()));
                (company, buyer)
            })
            .collect()
    }

    /// An organisation at a depth between `min` and `max`, if any is found
    /// quickly; else any organisation of the enterprise.
    fn org_at_depth(&mut self, min: u32, max: u32) -> usize {
        let orgs = self.parent.len();
        for _ in 0..32 {
            let o = self.rng.random_range(0..orgs);
            if (min..=max).contains(&self.depth[o]) {
                return o;
            }
        }
        self.rng.random_range(0..orgs)
    }

    fn services(&mut self, count: usize, companies: &[(String, String)]) {
        let people = self.doc.individuals.len() - companies.len();
        let it = self.org_at_depth(1, 2);
        for i in 0..count {
            let provider = if self.chance(70) {
                it
            } else {
                self.org_at_depth(1, 3)
            };
            self.doc.services.push(Service {
                name: Some(format!("Service {i}")),
                ..Service::new(service(i), org(provider))
            });
            let mut deps: Vec<usize> = (0..self.rng.random_range(1..=3).min(i))
                .map(|_| (i as f64 * self.rng.random::<f64>().powi(2)) as usize)
                .collect();
            deps.sort_unstable();
            deps.dedup();
            for d in deps {
                let (from, until) = self.period();
                self.doc.dependencies.push(Dependency {
                    from,
                    until,
                    ..Dependency::new(service(i), service(d))
                });
            }
            let user = if i < 3 { 0 } else { self.org_at_depth(2, 4) };
            let (from, until) = self.period();
            self.doc.usage.push(Usage {
                from,
                until,
                ..Usage::new(org(user), service(i))
            });
            if self.chance(10) {
                for _ in 0..self.rng.random_range(1..=3) {
                    let p = self.rng.random_range(0..people);
                    self.doc.usage.push(Usage::new(person(p), service(i)));
                }
            }
            let mut pick = self.rng.random_range(0..100);
            let payment = PAYMENTS
                .iter()
                .find(|(_, weight)| {
                    let hit = pick < *weight;
                    pick = pick.saturating_sub(*weight);
                    hit
                })
                .map_or(Payment::None, |(p, _)| *p);
            let approved_by = if self.chance(70) {
                vec![person(self.head[user]).into()]
            } else {
                Vec::new()
            };
            let (from, until) = self.period();
            self.doc.funding.push(Funding {
                approved_by,
                from,
                until,
                ..Funding::new(org(user), service(i), payment)
            });
            if !companies.is_empty() && self.chance(5) {
                let (company, buyer) = &companies[self.rng.random_range(0..companies.len())];
                let payment = if self.chance(80) {
                    Payment::Cash
                } else {
                    Payment::Trade
                };
                self.doc.funding.push(Funding {
                    approved_by: vec![buyer.as_str().into()],
                    ..Funding::new(company.as_str(), service(i), payment)
                });
                self.doc
                    .usage
                    .push(Usage::new(company.as_str(), service(i)));
            }
        }
    }

    fn oversight_and_partnerships(&mut self) {
        let orgs = self.parent.len();
        for _ in 0..(orgs / 50).max(1) {
            let overseer = self.org_at_depth(0, 2);
            let overseen = self.org_at_depth(1, 4);
            let (from, until) = self.period();
            let who = if self.chance(50) {
                org(overseer)
            } else {
                person(self.head[overseer])
            };
            self.doc.oversight.push(Oversight {
                from,
                until,
                ..Oversight::new(who, org(overseen))
            });
            let other = self.org_at_depth(1, 3);
            if other != overseen {
                let (from, until) = self.period();
                self.doc.partnerships.push(Partnership {
                    from,
                    until,
                    ..Partnership::new(org(other), org(overseen))
                });
            }
        }
    }
}
