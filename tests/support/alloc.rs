//! A counting global allocator: the bytes requested from the system
//! allocator, minus the bytes given back, while counting is on, and the
//! most they came to. Sizes are
//! the sizes asked for (the allocator's own per-block overhead is not
//! counted). Counting is off by default, so timed code pays one relaxed
//! load per allocation and nothing more.

// Shared by the memory tests and, through svcrel-perf (perf/), by the
// perf_report program and the scale bench; each uses a part.
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering::Relaxed};

/// The allocator; install it with `#[global_allocator]`.
pub struct Counting;

static ON: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn count(bytes: isize) {
    if ON.load(Relaxed) {
        let live = LIVE.fetch_add(bytes, Relaxed) + bytes;
        PEAK.fetch_max(live, Relaxed);
    }
}

// SAFETY: every call is passed to the system allocator unchanged; the
// counters only observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `alloc`'s contract.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `alloc_zeroed`'s contract.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller upholds `dealloc`'s contract.
        unsafe { System.dealloc(ptr, layout) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller upholds `realloc`'s contract.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        p
    }
}

/// The net bytes `f` leaves allocated (what it returns included, since
/// it is still alive when counting stops), and its result. Run it on one
/// thread with nothing else allocating.
pub fn retained<T>(f: impl FnOnce() -> T) -> (usize, T) {
    LIVE.store(0, Relaxed);
    ON.store(true, Relaxed);
    let value = f();
    ON.store(false, Relaxed);
    (LIVE.load(Relaxed).max(0) as usize, value)
}

/// The most bytes `f` had allocated at once (what it returns included),
/// and its result. Run it on one thread with nothing else allocating.
pub fn peak<T>(f: impl FnOnce() -> T) -> (usize, T) {
    LIVE.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    ON.store(true, Relaxed);
    let value = f();
    ON.store(false, Relaxed);
    (PEAK.load(Relaxed).max(0) as usize, value)
}
