//! Queries at national scale, svcrel side by side with SQLite (recursive
//! CTEs) and a CSR floor, on synthetic enterprises of 10k and 100k people
//! (and 1M with `SVCREL_BENCH_1M=1`: building that fixture takes minutes).
//!
//! ```text
//! cargo bench -p svcrel-perf --bench scale
//! SVCREL_BENCH_1M=1 cargo bench -p svcrel-perf --bench scale
//! ```
//!
//! The peers are those of the perf_report program (which also checks
//! their answers equal); each size prints the model's memory per entity
//! and per link, from a counting allocator, before its benchmarks.

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, SamplingMode, criterion_group, criterion_main};
use svcrel::{Date, Document, Model, Query, SuggestKind, SuggestOptions, Synthetic};

use svcrel_perf::alloc;
use svcrel_perf::csr::{self, Floor};
use svcrel_perf::questions::Questions;
use svcrel_perf::sqlite::Sqlite;

#[global_allocator]
static GLOBAL: alloc::Counting = alloc::Counting;

const SEED: u64 = 1;
const AS_OF: Date = Date::constant(2024, 6, 1);

fn sizes() -> Vec<(usize, &'static str)> {
    let mut sizes = vec![(10_000, "10k"), (100_000, "100k")];
    if std::env::var_os("SVCREL_BENCH_1M").is_some_and(|v| v == "1") {
        sizes.push((1_000_000, "1M"));
    }
    sizes
}

/// Prints what the model keeps: in all, per entity (an entities-only
/// model) and per link (the rest).
fn memory(label: &str, doc: &Document) {
    let entities_only = Document {
        organisations: doc.organisations.clone(),
        individuals: doc.individuals.clone(),
        services: doc.services.clone(),
        ..Document::default()
    };
    let (entity_bytes, _entities) = alloc::retained(|| Model::from_document(&entities_only));
    let (all_bytes, model) = alloc::retained(|| Model::from_document(doc));
    let counts = model.expect("a synthetic document is valid").counts();
    let link_bytes = all_bytes.saturating_sub(entity_bytes);
    println!(
        "{label}/memory: model {all_bytes} B; {:.1} B per entity (ids and names included), {:.1} B per link",
        entity_bytes as f64 / counts.entities() as f64,
        link_bytes as f64 / counts.links().max(1) as f64,
    );
}

/// Cycles through `items`, one per call.
fn cycle<'a, T>(items: &'a [T]) -> impl FnMut() -> &'a T {
    let mut i = 0;
    move || {
        i = (i + 1) % items.len();
        &items[i]
    }
}

fn heavy<'a>(c: &'a mut Criterion, name: &str, time: u64) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(time));
    g
}

fn scale(c: &mut Criterion) {
    for (people, label) in sizes() {
        let doc = Synthetic::new(people).seed(SEED).document();
        let json = doc.to_json_string();
        memory(label, &doc);
        let model = Model::from_json_str(&json).expect("a synthetic document is valid");
        let mut floor = Floor::new(&doc);
        let sql = Sqlite::load(&doc).expect("SQLite loads the document");
        let q = Query::new().as_of(AS_OF);
        let questions = Questions::new(&doc, &model, &floor, SEED, &q);
        // Ten samples of the slowest call (SQLite's company-wide
        // consumers_of, the load of a million people) fit in this.
        let slow = if people <= 10_000 {
            5
        } else if people <= 100_000 {
            12
        } else {
            100
        };

        let mut g = heavy(c, &format!("{label}/load"), slow);
        g.bench_function("svcrel JSON to Model", |b| {
            b.iter(|| Model::from_json_str(black_box(&json)).map(|m| m.counts()))
        });
        g.finish();

        // Suggestions as someone types: the first 1 to 4 characters of a
        // person's id, name or email. The first call builds the index.
        let typed: Vec<String> = questions
            .pairs
            .iter()
            .enumerate()
            .map(|(i, (p, _))| {
                let e = model.entity(p).expect("a person of the model");
                let key = match i % 3 {
                    0 => e.id(),
                    1 => e.name().unwrap_or(e.id()),
                    _ => e.email().unwrap_or(e.id()),
                };
                key.chars().take(1 + i % 4).collect()
            })
            .collect();
        let start = std::time::Instant::now();
        let parties = SuggestOptions::new().kind(SuggestKind::Party);
        black_box(model.suggest("a", &parties));
        eprintln!(
            "{label}: the index of suggestions built in {:?}",
            start.elapsed()
        );
        let mut g = c.benchmark_group(format!("{label}/suggest"));
        let mut text = cycle(&typed);
        g.bench_function("svcrel 1-4 characters", |b| {
            b.iter(|| model.suggest(text(), &parties).suggestions.len())
        });
        g.finish();

        let mut g = c.benchmark_group(format!("{label}/relation"));
        let mut pair = cycle(&questions.pairs);
        g.bench_function("svcrel", |b| {
            b.iter(|| {
                let (p, s) = pair();
                model.relation(p, s, &q).map(|r| r.roles().len())
            })
        });
        g.bench_function("sqlite", |b| {
            b.iter(|| {
                let (p, s) = pair();
                sql.relation(p, s, 1, None, Some(AS_OF)).map(|r| r.sponsor)
            })
        });
        g.finish();

        for k in [1, 3, 5] {
            let mut g = c.benchmark_group(format!("{label}/customers_of k={k}"));
            let qk = Query::new().max_chain(k).as_of(AS_OF);
            let mut service = cycle(&questions.services);
            g.bench_function("svcrel", |b| {
                b.iter(|| model.customers_of(service(), &qk).map(|c| c.len()))
            });
            g.bench_function("sqlite", |b| {
                b.iter(|| sql.customers(service(), k, Some(AS_OF)).map(|c| c.len()))
            });
            let day = Some(csr::day(AS_OF));
            g.bench_function("csr floor", |b| {
                b.iter(|| floor.customers(service(), k, day).len())
            });
            g.finish();
        }

        let day = Some(csr::day(AS_OF));
        let wide = questions.wide.as_str();
        let mut g = heavy(c, &format!("{label}/consumers_of company-wide"), slow);
        g.bench_function("svcrel", |b| {
            b.iter(|| model.consumers_of(wide, &q).map(|c| c.len()))
        });
        g.bench_function("sqlite", |b| {
            b.iter(|| sql.consumers(wide, None, Some(AS_OF)).map(|c| c.0.len()))
        });
        g.bench_function("csr floor", |b| {
            b.iter(|| floor.consumers(wide, None, day).parties.len())
        });
        g.finish();

        let mut g = c.benchmark_group(format!("{label}/consumers_of leaf"));
        let mut leaf = cycle(&questions.leaves);
        g.bench_function("svcrel", |b| {
            b.iter(|| model.consumers_of(leaf(), &q).map(|c| c.len()))
        });
        g.bench_function("sqlite", |b| {
            b.iter(|| sql.consumers(leaf(), None, Some(AS_OF)).map(|c| c.0.len()))
        });
        g.bench_function("csr floor", |b| {
            b.iter(|| floor.consumers(leaf(), None, day).parties.len())
        });
        g.finish();
    }
}

criterion_group!(benches, scale);
criterion_main!(benches);
