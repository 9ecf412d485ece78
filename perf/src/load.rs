//! What the load programs (`serve_load`, `shared_edits`) share: their
//! command lines (`--flag VALUE` pairs) and the targets they check.

use std::time::Duration;

use crate::timing::{human, quantile_of_sorted};

/// Reads `--flag VALUE` pairs from the command line, handing each to
/// `set`, which says whether it knows the flag; an unknown flag is an
/// error that lists `usage`.
pub fn parse(
    usage: &str,
    mut set: impl FnMut(&str, &str) -> Result<bool, String>,
) -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        if !set(&flag, &value)? {
            return Err(format!("unknown option {flag:?}; options: {usage}"));
        }
    }
    Ok(())
}

/// `value` as a whole number, clamped to `min..=max`.
pub fn whole(flag: &str, value: &str, min: u64, max: u64) -> Result<u64, String> {
    value
        .parse::<u64>()
        .map(|n| n.clamp(min, max))
        .map_err(|_| format!("{flag}: {value:?} is not a whole number"))
}

/// A target's mark: met or not.
pub fn mark(met: bool) -> &'static str {
    if met { "✓" } else { "✗" }
}

/// Prints the targets for reads beside edits, from the reads' latencies
/// idle and while editing (each sorted) and the writer's rate: p99 while
/// editing within 2× of the idle p99, no read over 10 ms, and 95% of the
/// batches asked for.
pub fn print_targets(idle: &[Duration], editing: &[Duration], rate: f64, asked: u32) {
    let p99 = |l: &[Duration]| quantile_of_sorted(l, 0.99).as_secs_f64();
    let ratio = p99(editing) / p99(idle).max(1e-9);
    let slowest = quantile_of_sorted(editing, 1.0);
    println!();
    println!(
        "target: read p99 while editing ≤ 2× idle p99: {ratio:.1}× {}",
        mark(ratio <= 2.0)
    );
    println!(
        "target: no read over 10 ms while editing: slowest {} {}",
        human(slowest),
        mark(slowest <= Duration::from_millis(10))
    );
    println!(
        "target: {asked}/s batches: {rate:.1}/s {}",
        mark(rate >= 0.95 * f64::from(asked))
    );
}
