//! svcrel's performance measurements, kept out of the library's own build:
//! the `perf_report` program, the criterion benches (`queries`, `scale`)
//! and what they share. The peers they measure svcrel against are here:
//! SQLite through rusqlite (bundled, compiled from C) and a CSR floor.
//!
//! ```text
//! cargo run --release -p svcrel-perf --bin perf_report -- --people 1000000
//! cargo bench -p svcrel-perf
//! ```

// The memory tests of svcrel include the same file.
#[path = "../../tests/support/alloc.rs"]
pub mod alloc;
pub mod check;
pub mod csr;
pub mod load;
pub mod questions;
pub mod report;
pub mod sqlite;
pub mod timing;
