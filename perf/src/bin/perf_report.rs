//! Performance at national scale, side by side with SQLite and a CSR floor.
//!
//! Generates a synthetic enterprise ([`svcrel::Synthetic`]), loads it
//! into svcrel, into SQLite (tables, covering indexes, recursive CTEs) and
//! into plain CSR arrays (the floor), checks a sample of answers equal
//! across the three, times the same questions on each, and prints one
//! table, with the targets next to the measured values.
//!
//! ```text
//! cargo run --release -p svcrel-perf --bin perf_report -- --people 100000
//! ```
//!
//! Options: `--people N` (100000), `--seed S` (1), `--as-of YYYY-MM-DD`
//! or `--as-of none` (2024-06-01), `--check N` questions of each kind to
//! compare (40), `--budget SECONDS` per measurement (2). Progress goes to
//! stderr, the report to stdout. Everything runs on one thread.
//!
//! Times are wall-clock medians of single calls, each answer dropped
//! inside the timed call; relation() also gets its 99th percentile. Load
//! is `Model::from_json_str` on the document's JSON text, parsing and
//! validation included. Memory comes from a counting global allocator:
//! the bytes `Model::from_document` leaves allocated (sizes requested,
//! without malloc's own overhead). They are split in two: a model of the
//! same entities and no link lists gives the bytes per entity (its node,
//! the id index, its id and name, and the parent and provider links,
//! which are fields of entities), shown with and without the id and name;
//! the rest, divided by the document's links (memberships, reporting
//! lines, funding with its approvals, usage, dependencies, oversight,
//! partnerships), gives the bytes per link.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use svcrel::{Date, Document, Model, Query, Synthetic};

use svcrel_perf::csr::{self, Floor};
use svcrel_perf::questions::Questions;
use svcrel_perf::report::{Memory, Report, Row};
use svcrel_perf::sqlite::Sqlite;
use svcrel_perf::timing::Samples;
use svcrel_perf::{alloc, check};

#[global_allocator]
static GLOBAL: alloc::Counting = alloc::Counting;

/// The command line.
struct Options {
    people: usize,
    seed: u64,
    as_of: Option<Date>,
    check: usize,
    budget: Duration,
}

impl Options {
    fn parse() -> Result<Options, String> {
        let mut o = Options {
            people: 100_000,
            seed: 1,
            as_of: Some(Date::constant(2024, 6, 1)),
            check: 40,
            budget: Duration::from_secs(2),
        };
        let mut args = std::env::args().skip(1);
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or(format!("{flag} needs a value"));
            let bad = |v: &str| format!("{flag}: cannot read {v:?}");
            match flag.as_str() {
                "--people" => o.people = value()?.parse().map_err(|_| bad("N"))?,
                "--seed" => o.seed = value()?.parse().map_err(|_| bad("S"))?,
                "--check" => o.check = value()?.parse().map_err(|_| bad("N"))?,
                "--budget" => {
                    let v = value()?;
                    o.budget = Duration::from_secs_f64(v.parse().map_err(|_| bad(&v))?);
                }
                "--as-of" => {
                    let v = value()?;
                    o.as_of = match v.as_str() {
                        "none" => None,
                        _ => Some(v.parse().map_err(|_| bad(&v))?),
                    };
                }
                _ => {
                    return Err(format!(
                        "unknown argument {flag:?}; options: --people N --seed S \
                         --as-of YYYY-MM-DD|none --check N --budget SECONDS"
                    ));
                }
            }
        }
        Ok(o)
    }
}

fn progress(what: &str, since: Instant) {
    eprintln!("[{:>7.1} s] {what}", since.elapsed().as_secs_f64());
}

fn main() -> ExitCode {
    let opts = match Options::parse() {
        Ok(opts) => opts,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match run(&opts) {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("\nMISMATCH OR FAILURE: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Entity and link counts of the document, and the bytes of its ids and
/// names.
fn sizes(doc: &Document) -> (usize, usize, usize) {
    let entities = doc.organisations.len() + doc.individuals.len() + doc.services.len();
    let links = doc.memberships.len()
        + doc.reporting.len()
        + doc.funding.len()
        + doc.usage.len()
        + doc.dependencies.len()
        + doc.oversight.len()
        + doc.partnerships.len();
    let text = |id: &str, name: &Option<String>| id.len() + name.as_ref().map_or(0, String::len);
    let id_name: usize = doc
        .organisations
        .iter()
        .map(|o| text(o.id.as_str(), &o.name))
        .chain(doc.individuals.iter().map(|p| text(p.id.as_str(), &p.name)))
        .chain(doc.services.iter().map(|s| text(s.id.as_str(), &s.name)))
        .sum();
    (entities, links, id_name)
}

fn run(o: &Options) -> Result<Report, String> {
    let start = Instant::now();
    let doc = Synthetic::new(o.people).seed(o.seed).document();
    let json = doc.to_json_string();
    let (entities, links, id_name_bytes) = sizes(&doc);
    progress("generated", start);

    // Load: JSON text to Model, the median of three.
    let mut loads = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let model = Model::from_json_str(&json).map_err(|e| e.to_string())?;
        loads.push(t.elapsed());
        drop(model);
    }
    loads.sort();
    let load = loads[1];
    progress("loaded three times", start);

    // Memory: what the model keeps, and what an entities-only model keeps.
    let entity_doc = Document {
        organisations: doc.organisations.clone(),
        individuals: doc.individuals.clone(),
        services: doc.services.clone(),
        ..Document::default()
    };
    let (entity_bytes, entity_model) = alloc::retained(|| Model::from_document(&entity_doc));
    drop((entity_model, entity_doc));
    let (model_bytes, model) = alloc::retained(|| Model::from_document(&doc));
    drop(model);
    let t = Instant::now();
    let model = Model::from_document(&doc).map_err(|e| e.to_string())?;
    let build = t.elapsed();
    let memory = Memory {
        model: model_bytes,
        entities_only: entity_bytes,
        id_name: id_name_bytes,
        entities,
        links,
    };

    let t = Instant::now();
    let mut floor = Floor::new(&doc);
    let floor_build = t.elapsed();
    let t = Instant::now();
    let sql = Sqlite::load(&doc).map_err(|e| e.to_string())?;
    let sql_build = t.elapsed();
    progress("SQLite and CSR built", start);

    // The questions, from a seeded RNG.
    let q = Query::new().as_of(o.as_of);
    let questions = Questions::new(&doc, &model, &floor, o.seed, &q);
    let Questions {
        pairs,
        services: some_services,
        leaves,
        wide,
    } = &questions;
    let wide = wide.as_str();
    let wide_size = model.consumers_of(wide, &q).map_err(|e| e.to_string())?;
    let wide_size = (wide_size.len(), wide_size.services().len());

    // The same answers from all three, on a sample.
    let mut checker = check::Checker {
        model: &model,
        floor: &mut floor,
        sql: &sql,
        on: o.as_of,
        equal: 0,
    };
    for (p, s) in pairs.iter().take(o.check) {
        checker.relation(p, s)?;
    }
    for s in some_services.iter().take(o.check) {
        for k in [1, 3, 5] {
            checker.customers(s, k)?;
        }
    }
    checker.consumers(wide)?;
    for s in leaves.iter().take(o.check / 4 + 1) {
        checker.consumers(s)?;
    }
    for s in some_services.iter().skip(o.check).take(o.check / 4 + 1) {
        checker.consumers(s)?;
    }
    let equal = checker.equal;
    progress(&format!("answers checked: {equal} equal"), start);

    // Timings.
    let b = o.budget;
    let on = o.as_of;
    let day = on.map(csr::day);
    let mut rows = Vec::new();
    let ours = Samples::each(pairs, 1_000, pairs.len(), b, |(p, s)| {
        model.relation(p, s, &q).map(|r| r.roles().len())
    });
    let theirs = Samples::each(pairs, 30, pairs.len(), b, |(p, s)| {
        sql.relation(p, s, 1, None, on).map(|r| r.sponsor)
    });
    rows.push(Row::new("relation() median", &ours, Some(&theirs), None));
    rows.push(Row::p99("relation() p99", &ours, &theirs));
    progress("relation timed", start);
    for k in [1, 3, 5] {
        let qk = Query::new().max_chain(k).as_of(on);
        let ours = Samples::each(some_services, 1_000, 1_000_000, b, |s| {
            model.customers_of(s, &qk).map(|c| c.len())
        });
        let theirs = Samples::each(some_services, 30, 1_000_000, b, |s| {
            sql.customers(s, k, on).map(|c| c.len())
        });
        let floor_k = Samples::each(some_services, 1_000, 1_000_000, b, |s| {
            floor.customers(s, k, day).len()
        });
        let name = format!("customers_of k={k} median");
        rows.push(Row::new(&name, &ours, Some(&theirs), Some(&floor_k)));
    }
    progress("customers_of timed", start);
    let ours = Samples::repeat(5, 10_000, b, || {
        model.consumers_of(wide, &q).map(|c| c.len())
    });
    let theirs = Samples::repeat(3, 10_000, b, || {
        sql.consumers(wide, None, on).map(|c| c.0.len())
    });
    let floor_wide = Samples::repeat(5, 10_000, b, || {
        floor.consumers(wide, None, day).parties.len()
    });
    let name = format!(
        "consumers_of company-wide ({wide}: {} parties, {} services)",
        wide_size.0, wide_size.1
    );
    rows.push(Row::new(&name, &ours, Some(&theirs), Some(&floor_wide)));
    let ours = Samples::each(leaves, 100, 1_000_000, b, |s| {
        model.consumers_of(s, &q).map(|c| c.len())
    });
    let theirs = Samples::each(leaves, 30, 1_000_000, b, |s| {
        sql.consumers(s, None, on).map(|c| c.0.len())
    });
    let floor_leaf = Samples::each(leaves, 100, 1_000_000, b, |s| {
        floor.consumers(s, None, day).parties.len()
    });
    rows.push(Row::new(
        "consumers_of leaf service median",
        &ours,
        Some(&theirs),
        Some(&floor_leaf),
    ));
    progress("consumers_of timed", start);

    Ok(Report {
        people: o.people,
        seed: o.seed,
        as_of: o.as_of,
        counts: model.counts().to_string(),
        json_bytes: json.len(),
        equal,
        rows,
        load,
        builds: [build, sql_build, floor_build],
        memory,
        floor_bytes: floor.bytes(),
    })
}
