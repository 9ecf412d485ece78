//! Load on `svcrel serve`: clients asking `triage` for random (person,
//! service) pairs (or, with `--question suggest`, asking suggestions for
//! the first 1 to 4 characters of a random person's id, name or email,
//! as a helpdesk agent types), first alone, then while a writer sends edit batches at
//! a steady rate (each moving a random person to a random organisation,
//! as a day's HR changes come); on loopback, bounded in time, stopping by
//! itself.
//!
//! ```text
//! cargo build --release --features cli,server
//! cargo run --release -p svcrel-perf --bin serve_load -- --people 1000000
//! ```
//!
//! Options: `--people N` (1000000), `--seed S` (1), `--clients C` (8),
//! `--seconds T` per phase (20), `--edits-per-second R` (100), `--rate Q`
//! (0), `--warm-up W` seconds (10), `--bin PATH` (`target/release/svcrel`),
//! `--question triage|suggest` (triage).
//!
//! With `--rate 0` each client asks again as soon as it has its answer
//! (closed loop): the clients saturate the machine, and the latencies
//! include the time a request waits behind the others. With `--rate Q`
//! the clients together ask Q times a second on a fixed schedule (open
//! loop, as tickets arrive), and each latency runs from the time the
//! request was due, so a client that falls behind counts its wait. It writes the synthetic enterprise
//! to a temporary file, starts `svcrel serve` on a free loopback port,
//! warms it up, runs the two phases, stops the server and prints one table: per
//! phase the requests, their rate, p50, p99 and the slowest; the batches
//! the writer got through; and the targets (reads while editing: p99
//! within 2× of the idle p99, none over 10 ms; for suggestions, none over
//! 50 ms).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;
use svcrel::Synthetic;
use svcrel_perf::load::{self, print_targets};
use svcrel_perf::timing::{human, quantile_of_sorted};

/// The command line.
struct Options {
    people: usize,
    seed: u64,
    clients: usize,
    seconds: u64,
    edits_per_second: u32,
    rate: u32,
    warm_up: u64,
    bin: PathBuf,
    question: Asked,
}

/// The question the clients ask.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Asked {
    Triage,
    Suggest,
}

impl Options {
    fn parse() -> Result<Options, String> {
        let mut o = Options {
            people: 1_000_000,
            seed: 1,
            clients: 8,
            seconds: 20,
            edits_per_second: 100,
            rate: 0,
            warm_up: 10,
            bin: PathBuf::from("target/release/svcrel"),
            question: Asked::Triage,
        };
        load::parse(
            "--people N --seed S --clients C --seconds T --edits-per-second R --rate Q --warm-up W --bin PATH --question triage|suggest",
            |flag, value| {
                let n = |min, max| load::whole(flag, value, min, max);
                match flag {
                    "--people" => o.people = n(1, u64::MAX)? as usize,
                    "--seed" => o.seed = n(0, u64::MAX)?,
                    "--clients" => o.clients = n(1, 64)? as usize,
                    "--seconds" => o.seconds = n(1, 600)?,
                    "--edits-per-second" => o.edits_per_second = n(1, 10_000)? as u32,
                    "--rate" => o.rate = n(0, 1_000_000)? as u32,
                    "--warm-up" => o.warm_up = n(0, 600)?,
                    "--bin" => o.bin = PathBuf::from(value),
                    "--question" => {
                        o.question = match value {
                            "triage" => Asked::Triage,
                            "suggest" => Asked::Suggest,
                            _ => {
                                return Err(format!(
                                    "--question: triage or suggest, not {value:?}"
                                ));
                            }
                        }
                    }
                    _ => return Ok(false),
                }
                Ok(true)
            },
        )?;
        Ok(o)
    }
}

/// The server, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What one phase measured.
struct Phase {
    latencies: Vec<Duration>,
    errors: usize,
    elapsed: Duration,
}

impl Phase {
    fn quantile(&self, q: f64) -> Duration {
        quantile_of_sorted(&self.latencies, q)
    }

    fn row(&self, name: &str) -> String {
        format!(
            "{name:<24} {:>9} {:>10.0}/s {:>10} {:>10} {:>10} {:>7}",
            self.latencies.len(),
            self.latencies.len() as f64 / self.elapsed.as_secs_f64(),
            human(self.quantile(0.5)),
            human(self.quantile(0.99)),
            human(self.quantile(1.0)),
            self.errors
        )
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// `clients` threads asking for the paths of `paths` in turn until `seconds` pass: each as soon as
/// it has its answer (`rate` 0), or together `rate` times a second, each
/// latency counted from the time its request was due.
fn read_phase(
    base: &str,
    paths: &Arc<Vec<String>>,
    clients: usize,
    seconds: u64,
    rate: u32,
) -> Phase {
    let start = Instant::now();
    let until = start + Duration::from_secs(seconds);
    // Each client's interval, and its first request's offset, so that
    // the clients' requests interleave evenly.
    let interval = (rate > 0).then(|| Duration::from_secs_f64(clients as f64 / f64::from(rate)));
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            let (base, paths) = (base.to_owned(), Arc::clone(paths));
            thread::spawn(move || {
                let agent = agent();
                let (mut latencies, mut errors) = (Vec::new(), 0);
                let mut i = c;
                let mut due =
                    start + interval.map_or(Duration::ZERO, |d| d * c as u32 / clients as u32);
                while Instant::now() < until {
                    let url = format!("{base}{}", paths[i % paths.len()]);
                    i += clients;
                    let t = match interval {
                        // The phase ends with the last request due in it.
                        Some(_) if due >= until => break,
                        Some(interval) => {
                            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                                thread::sleep(wait);
                            }
                            due += interval;
                            due - interval
                        }
                        None => Instant::now(),
                    };
                    let ok = agent
                        .get(&url)
                        .call()
                        .ok()
                        .filter(|r| r.status() == 200)
                        .and_then(|mut r| r.body_mut().read_to_string().ok())
                        .is_some();
                    latencies.push(t.elapsed());
                    errors += usize::from(!ok);
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut phase = Phase {
        latencies: Vec::new(),
        errors: 0,
        elapsed: Duration::ZERO,
    };
    for h in handles {
        let (l, e) = h.join().expect("a client thread panicked");
        phase.latencies.extend(l);
        phase.errors += e;
    }
    phase.elapsed = start.elapsed();
    phase.latencies.sort_unstable();
    phase
}

fn run(o: &Options) -> Result<(), String> {
    eprintln!("generating {} people…", o.people);
    let doc = Synthetic::new(o.people).seed(o.seed).document();
    let mut rng = Pcg64::seed_from_u64(o.seed);
    let paths: Vec<String> = (0..4096)
        .map(|_| {
            let person = &doc.individuals[rng.random_range(0..doc.individuals.len())];
            match o.question {
                Asked::Triage => {
                    let s = &doc.services[rng.random_range(0..doc.services.len())].id;
                    format!("/v1/triage/{}/{s}?as_of=2024-06-01", person.id)
                }
                Asked::Suggest => {
                    // What an agent types first: 1 to 4 characters of
                    // the person's id, name or email.
                    let keys: Vec<&str> = [Some(person.id.as_str()), person.name.as_deref()]
                        .into_iter()
                        .flatten()
                        .chain(person.emails.iter().map(String::as_str))
                        .collect();
                    let key = keys[rng.random_range(0..keys.len())];
                    let typed: String = key.chars().take(rng.random_range(1..=4)).collect();
                    format!("/v1/suggest?q={}&kind=party&limit=10", encode(&typed))
                }
            }
        })
        .collect();
    // The writer's moves: random people to random organisations, as a
    // day's HR changes come.
    let moves: Vec<(String, String)> = (0..4096)
        .map(|_| {
            let p = &doc.individuals[rng.random_range(0..doc.individuals.len())].id;
            let o = &doc.organisations[rng.random_range(0..doc.organisations.len())].id;
            (p.to_string(), o.to_string())
        })
        .collect();
    let path = std::env::temp_dir().join(format!("svcrel-serve-load-{}.json", std::process::id()));
    {
        let file = File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut out = BufWriter::new(file);
        serde_json::to_writer(&mut out, &doc).map_err(|e| e.to_string())?;
        out.flush().map_err(|e| e.to_string())?;
    }
    drop(doc);
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = Server(
        Command::new(&o.bin)
            .args(["serve", "--model"])
            .arg(&path)
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!(
                    "{}: {e} (build it with cargo build --release --features cli,server)",
                    o.bin.display()
                )
            })?,
    );
    let start = Instant::now();
    let probe = agent();
    while !probe
        .get(&format!("{base}/readyz"))
        .call()
        .is_ok_and(|r| r.status() == 200)
    {
        if start.elapsed() > Duration::from_secs(300) {
            return Err("the server was not ready within 300 s".to_owned());
        }
        thread::sleep(Duration::from_millis(100));
    }
    let _ = std::fs::remove_file(&path);
    eprintln!(
        "ready after {:.1} s; idle phase…",
        start.elapsed().as_secs_f64()
    );
    let paths = Arc::new(paths);
    // A warm-up, not counted: connections made, and the server's second
    // copy of the model made in the background (at a lower priority than
    // the readers, a few seconds at a million people under load).
    read_phase(&base, &paths, o.clients, o.warm_up, o.rate);
    let idle = read_phase(&base, &paths, o.clients, o.seconds, o.rate);
    eprintln!("editing phase…");
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (base, stop, rate) = (base.clone(), Arc::clone(&stop), o.edits_per_second);
        thread::spawn(move || {
            let agent = agent();
            let tick = Duration::from_secs_f64(1.0 / f64::from(rate));
            let (mut sent, mut accepted, mut latencies) = (0u64, 0u64, Vec::new());
            let start = Instant::now();
            // Each batch moves one person on its own day, so that no move
            // meets one of the same day.
            let mut day = svcrel::Date::constant(2027, 1, 1);
            while !stop.load(Ordering::Acquire) {
                let (p, org) = &moves[sent as usize % moves.len()];
                let body = format!(
                    r#"[{{"edit": "move_individual", "individual": "{p}", "organisation": "{org}", "from": "{day}"}}]"#
                );
                day = day.tomorrow().unwrap_or(day);
                let t = Instant::now();
                let ok = agent
                    .post(&format!("{base}/v1/edits"))
                    .header("Content-Type", "application/json")
                    .send(body.as_str())
                    .is_ok_and(|r| r.status() == 200);
                latencies.push(t.elapsed());
                sent += 1;
                accepted += u64::from(ok);
                // A steady rate: the next batch at its tick, or at once when
                // behind.
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
    let editing = read_phase(&base, &paths, o.clients, o.seconds, o.rate);
    stop.store(true, Ordering::Release);
    let (sent, accepted, took, writes) = writer.join().map_err(|_| "the writer panicked")?;
    let pace = match o.rate {
        0 => "each as fast as it is answered".to_owned(),
        rate => format!("{rate} requests/s together, on a fixed schedule"),
    };
    let asking = match o.question {
        Asked::Triage => "asking triage",
        Asked::Suggest => "asking suggestions for 1 to 4 characters typed",
    };
    println!(
        "svcrel serve under load: {} people, {} clients {asking} ({pace}), {} s per phase",
        o.people, o.clients, o.seconds
    );
    println!();
    println!(
        "{:<24} {:>9} {:>12} {:>10} {:>10} {:>10} {:>7}",
        "phase", "requests", "rate", "p50", "p99", "slowest", "errors"
    );
    println!("{}", idle.row("idle"));
    println!("{}", editing.row("while editing"));
    let write_median = writes.get(writes.len() / 2).copied().unwrap_or_default();
    println!();
    println!(
        "writer: {accepted} of {sent} batches accepted, {:.1} batches/s (asked for {}/s), median {}",
        sent as f64 / took.as_secs_f64(),
        o.edits_per_second,
        human(write_median)
    );
    match o.question {
        Asked::Triage => print_targets(
            &idle.latencies,
            &editing.latencies,
            sent as f64 / took.as_secs_f64(),
            o.edits_per_second,
        ),
        Asked::Suggest => {
            let slowest = idle.quantile(1.0).max(editing.quantile(1.0));
            println!();
            println!(
                "target: suggestions under 50 ms: p99 {} idle, {} while editing, slowest {} {}",
                human(idle.quantile(0.99)),
                human(editing.quantile(0.99)),
                human(slowest),
                load::mark(slowest < Duration::from_millis(50))
            );
        }
    }
    Ok(())
}

/// `text` for a query parameter: every byte but ASCII letters, digits
/// and `-._~` percent-encoded.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn main() -> ExitCode {
    match Options::parse().and_then(|o| run(&o)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("serve_load: {e}");
            ExitCode::from(2)
        }
    }
}
