//! Wall-clock samples, their median and 99th percentile, and durations
//! written for people.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Timings of single calls.
#[derive(Clone, Debug, Default)]
pub struct Samples(Vec<Duration>);

impl Samples {
    /// Times `f` on each input in turn (cycling), one sample per call,
    /// until `budget` is spent and at least `min` calls were made, or
    /// `max` calls were made.
    pub fn each<I, T>(
        inputs: &[I],
        min: usize,
        max: usize,
        budget: Duration,
        mut f: impl FnMut(&I) -> T,
    ) -> Samples {
        let mut out = Vec::with_capacity(max.min(1 << 20));
        let start = Instant::now();
        for input in inputs.iter().cycle().take(max) {
            let t = Instant::now();
            black_box(f(black_box(input)));
            out.push(t.elapsed());
            if out.len() >= min && start.elapsed() >= budget {
                break;
            }
        }
        Samples(out)
    }

    /// Times `f` again and again, as [`Samples::each`] does.
    pub fn repeat<T>(
        min: usize,
        max: usize,
        budget: Duration,
        mut f: impl FnMut() -> T,
    ) -> Samples {
        Samples::each(&[()], min, max, budget, |_| f())
    }

    fn sorted(&self) -> Vec<Duration> {
        let mut v = self.0.clone();
        v.sort_unstable();
        v
    }

    /// The `q` quantile (0 to 1), nearest rank.
    pub fn quantile(&self, q: f64) -> Duration {
        let v = self.sorted();
        if v.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
        v[rank - 1]
    }

    /// The median.
    pub fn median(&self) -> Duration {
        self.quantile(0.5)
    }

    /// The 99th percentile.
    pub fn p99(&self) -> Duration {
        self.quantile(0.99)
    }

    /// How many samples.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The `q` quantile (0 to 1) of durations sorted from least to most,
/// rounded to the nearest rank; zero when there are none.
pub fn quantile_of_sorted(sorted: &[Duration], q: f64) -> Duration {
    match sorted.len() {
        0 => Duration::ZERO,
        n => sorted[((n - 1) as f64 * q.clamp(0.0, 1.0)).round() as usize],
    }
}

/// A duration in the unit that suits it: `850 ns`, `1.25 µs`, `12.5 ms`,
/// `3.20 s`.
pub fn human(d: Duration) -> String {
    let ns = d.as_nanos() as f64;
    let (value, unit) = if ns < 1e3 {
        (ns, "ns")
    } else if ns < 1e6 {
        (ns / 1e3, "µs")
    } else if ns < 1e9 {
        (ns / 1e6, "ms")
    } else {
        (ns / 1e9, "s")
    };
    if value < 10.0 {
        format!("{value:.2} {unit}")
    } else if value < 100.0 {
        format!("{value:.1} {unit}")
    } else {
        format!("{value:.0} {unit}")
    }
}
