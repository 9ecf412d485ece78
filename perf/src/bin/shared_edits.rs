//! A [`svcrel::SharedModel`] read by threads asking `relation()` while a
//! writer moves people between organisations at a steady rate: how long
//! reads take, idle and while edits run, how fast the writer goes, and
//! how soon `relation()`'s median is back to a fresh load's after the last
//! edit. In one process, bounded in time, stopping by itself.
//!
//! ```text
//! cargo run --release -p svcrel-perf --bin shared_edits -- --people 1000000
//! ```
//!
//! Options: `--people N` (1000000), `--seed S` (1), `--readers R` (8),
//! `--seconds T` per phase (20), `--batches-per-second B` (100),
//! `--moves-per-batch M` (1). The table gives, per phase, the reads,
//! their p50, p99 and the slowest (each read is `SharedModel::read` and
//! one `relation()`); the writer's batches and their latency; and
//! `relation()`'s median on one thread at moments after the last edit,
//! measured in turns with a fresh load of the enterprise, then beside the
//! edited enterprise loaded afresh.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;
use svcrel::{Date, Edit, Membership, Model, Query, SharedModel, Synthetic};
use svcrel_perf::load::{self, print_targets};
use svcrel_perf::timing::{Samples, human, quantile_of_sorted};

/// The command line.
struct Options {
    people: usize,
    seed: u64,
    readers: usize,
    seconds: u64,
    batches_per_second: u32,
    moves_per_batch: usize,
}

impl Options {
    fn parse() -> Result<Options, String> {
        let mut o = Options {
            people: 1_000_000,
            seed: 1,
            readers: 8,
            seconds: 20,
            batches_per_second: 100,
            moves_per_batch: 1,
        };
        load::parse(
            "--people N --seed S --readers R --seconds T --batches-per-second B --moves-per-batch M",
            |flag, value| {
                let n = |min, max| load::whole(flag, value, min, max);
                match flag {
                    "--people" => o.people = n(1, u64::MAX)? as usize,
                    "--seed" => o.seed = n(0, u64::MAX)?,
                    "--readers" => o.readers = n(1, 64)? as usize,
                    "--seconds" => o.seconds = n(1, 600)?,
                    "--batches-per-second" => o.batches_per_second = n(1, 10_000)? as u32,
                    "--moves-per-batch" => o.moves_per_batch = n(1, 10_000)? as usize,
                    _ => return Ok(false),
                }
                Ok(true)
            },
        )?;
        Ok(o)
    }
}

/// What the readers of one phase measured.
struct Reads(Vec<Duration>);

impl Reads {
    fn quantile(&self, q: f64) -> Duration {
        quantile_of_sorted(&self.0, q)
    }

    fn row(&self, name: &str) -> String {
        format!(
            "{name:<16} {:>10} {:>10} {:>10} {:>10}",
            self.0.len(),
            human(self.quantile(0.5)),
            human(self.quantile(0.99)),
            human(self.quantile(1.0)),
        )
    }
}

/// `readers` threads asking `relation()` through `shared` until `seconds`
/// pass.
fn read_phase(
    shared: &SharedModel,
    pairs: &Arc<Vec<(String, String)>>,
    readers: usize,
    seconds: u64,
) -> Reads {
    let until = Instant::now() + Duration::from_secs(seconds);
    let handles: Vec<_> = (0..readers)
        .map(|r| {
            let (shared, pairs) = (shared.clone(), Arc::clone(pairs));
            thread::spawn(move || {
                let q = Query::new();
                let mut latencies = Vec::new();
                let mut i = r;
                while Instant::now() < until {
                    let (p, s) = &pairs[i % pairs.len()];
                    i += readers;
                    let t = Instant::now();
                    let model = shared.read();
                    std::hint::black_box(model.relation(p, s, &q).ok());
                    drop(model);
                    latencies.push(t.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut all = Vec::new();
    for h in handles {
        all.extend(h.join().expect("a reader panicked"));
    }
    all.sort_unstable();
    Reads(all)
}

/// `relation()`'s median on one thread, over `budget` of calls.
fn relation_median(model: &Model, pairs: &[(String, String)], budget: Duration) -> Duration {
    let q = Query::new();
    Samples::each(pairs, 10_000, 5_000_000, budget, |(p, s)| {
        model.relation(p, s, &q).ok()
    })
    .median()
}

/// `relation()`'s median on each of `models`, measured in turns (seven
/// of a fifth of a second each), so that all see the same machine: the
/// median of each one's turns.
fn in_turns(models: &[&Model], pairs: &[(String, String)]) -> Vec<Duration> {
    let turn = Duration::from_millis(200);
    let mut turns = vec![Vec::new(); models.len()];
    for _ in 0..7 {
        for (m, t) in models.iter().zip(&mut turns) {
            t.push(relation_median(m, pairs, turn));
        }
    }
    turns
        .into_iter()
        .map(|mut t| {
            t.sort_unstable();
            t[t.len() / 2]
        })
        .collect()
}

fn run(o: &Options) -> Result<(), String> {
    eprintln!("generating and loading {} people…", o.people);
    let doc = Synthetic::new(o.people).seed(o.seed).document();
    let model = Model::from_document(&doc).map_err(|e| e.to_string())?;
    // A second fresh load, never edited: what the edited model is
    // measured against.
    let fresh = Model::from_document(&doc).map_err(|e| e.to_string())?;
    let mut rng = Pcg64::seed_from_u64(o.seed);
    let people: Vec<String> = doc.individuals.iter().map(|p| p.id.to_string()).collect();
    let orgs: Vec<String> = doc.organisations.iter().map(|p| p.id.to_string()).collect();
    let services: Vec<String> = doc.services.iter().map(|s| s.id.to_string()).collect();
    drop(doc);
    let pairs: Vec<(String, String)> = (0..100_000)
        .map(|_| {
            let p = &people[rng.random_range(0..people.len())];
            let s = &services[rng.random_range(0..services.len())];
            (p.clone(), s.clone())
        })
        .collect();
    let shared = SharedModel::new(model);
    // Lets the background thread make the second copy first.
    thread::sleep(Duration::from_secs(2));
    let pairs = Arc::new(pairs);
    eprintln!("idle phase…");
    let idle = read_phase(&shared, &pairs, o.readers, o.seconds);
    eprintln!("editing phase…");
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (shared, stop) = (shared.clone(), Arc::clone(&stop));
        let (rate, per_batch, seed) = (o.batches_per_second, o.moves_per_batch, o.seed);
        thread::spawn(move || {
            let mut rng = Pcg64::seed_from_u64(seed ^ 0x3d17);
            let tick = Duration::from_secs_f64(1.0 / f64::from(rate));
            let (mut sent, mut accepted, mut latencies) = (0u64, 0u64, Vec::new());
            // Each batch moves people on its own day, so that no move
            // meets one of the same day.
            let mut day = Date::constant(2027, 1, 1);
            let start = Instant::now();
            while !stop.load(Ordering::Acquire) {
                let batch: Vec<Edit> = (0..per_batch)
                    .map(|_| {
                        let p = &people[rng.random_range(0..people.len())];
                        let org = &orgs[rng.random_range(0..orgs.len())];
                        Edit::MoveIndividual(Membership {
                            from: Some(day),
                            ..Membership::new(p.as_str(), org.as_str())
                        })
                    })
                    .collect();
                day = day.tomorrow().unwrap_or(day);
                let t = Instant::now();
                accepted += u64::from(shared.apply(&batch).is_ok());
                latencies.push(t.elapsed());
                sent += 1;
                if let Some(wait) =
                    (start + tick * sent as u32).checked_duration_since(Instant::now())
                {
                    thread::sleep(wait);
                }
            }
            latencies.sort_unstable();
            (sent, accepted, start.elapsed(), latencies)
        })
    };
    let editing = read_phase(&shared, &pairs, o.readers, o.seconds);
    stop.store(true, Ordering::Release);
    let (sent, accepted, took, writes) = writer.join().map_err(|_| "the writer panicked")?;
    let last_edit = Instant::now();
    let mut after = Vec::new();
    for at in [0.0, 1.0, 2.0, 3.0, 5.0] {
        let wait = Duration::from_secs_f64(at).saturating_sub(last_edit.elapsed());
        thread::sleep(wait);
        let since = last_edit.elapsed();
        let m = in_turns(&[&shared.read(), &fresh], &pairs);
        after.push((since, m[0], m[1]));
    }
    // The edited enterprise loaded afresh: what the same data costs
    // without edits, beside the shared model and the first load.
    eprintln!("loading the edited enterprise afresh…");
    let reload = Model::from_document(&shared.read().to_document()).map_err(|e| e.to_string())?;
    let last = in_turns(&[&shared.read(), &reload, &fresh], &pairs);
    println!(
        "SharedModel under edits: {} people, {} readers asking relation(), {} s per phase",
        o.people, o.readers, o.seconds
    );
    println!();
    println!(
        "{:<16} {:>10} {:>10} {:>10} {:>10}",
        "phase", "reads", "p50", "p99", "slowest"
    );
    println!("{}", idle.row("idle"));
    println!("{}", editing.row("while editing"));
    let rate = sent as f64 / took.as_secs_f64();
    let q = |q: f64| quantile_of_sorted(&writes, q);
    println!();
    println!(
        "writer: {accepted} of {sent} batches of {} moves accepted, {rate:.1} batches/s (asked for {}/s); apply p50 {}, p99 {}, slowest {}",
        o.moves_per_batch,
        o.batches_per_second,
        human(q(0.5)),
        human(q(0.99)),
        human(q(1.0)),
    );
    println!();
    println!("relation() median on one thread, the shared model beside a fresh load, in turns:");
    for (since, edited, fresh) in &after {
        println!(
            "  {:>4.1} s after the last edit: {} beside {} ({:+.0}%)",
            since.as_secs_f64(),
            human(*edited),
            human(*fresh),
            (edited.as_secs_f64() / fresh.as_secs_f64() - 1.0) * 100.0
        );
    }
    println!(
        "  then: {} beside the edited enterprise loaded afresh, {} ({:+.0}%), and the first load, {}",
        human(last[0]),
        human(last[1]),
        (last[0].as_secs_f64() / last[1].as_secs_f64() - 1.0) * 100.0,
        human(last[2])
    );
    print_targets(&idle.0, &editing.0, rate, o.batches_per_second);
    let back = after
        .iter()
        .find(|(_, edited, fresh)| edited.as_secs_f64() <= fresh.as_secs_f64() * 1.1);
    println!(
        "target: relation() median within 10% of a fresh load's a few seconds after the last edit: {}",
        match back {
            Some((since, _, _)) => format!("after {:.1} s ✓", since.as_secs_f64()),
            None => "not within 5 s ✗".to_owned(),
        }
    );
    Ok(())
}

fn main() -> ExitCode {
    match Options::parse().and_then(|o| run(&o)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("shared_edits: {e}");
            ExitCode::from(2)
        }
    }
}
