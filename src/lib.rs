//! # svcrel — who is the customer of this service?
//!
//! IT people argue about who their "customers" are. The one who pays is not
//! always the one who uses; a chargeback is not a sale; the person who signs
//! the contract is a customer, but is her boss? `svcrel` settles it with
//! data: a model of organisations, individuals and services joined by
//! funding, approval, usage, membership, reporting, dependency, oversight
//! and partnership links.
//!
//! ## Vocabulary
//!
//! - A **customer** pays for or commissions a service, and so do the
//!   individuals who approve that payment (its **sponsors**). A customer is
//!   **external** when it pays cash or trade from outside the provider's
//!   company; every other customer is **internal** (chargebacks and
//!   allocations don't count as sales).
//! - A **consumer** uses the service: directly, as part of an organisation
//!   that uses it, or by relying on a service that depends on it.
//! - A **client** oversees the provider; a **colleague** works in the
//!   provider's company; a **partner** is joined to the provider by a
//!   declared partnership.
//!
//! ITIL 4 words these roles differently (its *sponsor* authorises the
//! budget, its *customer* defines requirements, its *user* uses the
//! service). This crate follows the payer-is-customer reading of ITIL v3
//! and reports sponsors separately, so a caller can apply either reading.
//!
//! ## Loading a model
//!
//! ```
//! use svcrel::Model;
//!
//! let model = Model::from_json_file("examples/data/sample.json")?;
//! assert_eq!(model.top("dana", None), ["us-gov"]);
//! # Ok::<(), svcrel::Error>(())
//! ```
//!
//! An invalid document is rejected with every problem at once, each naming
//! its section, index, field and offending id:
//!
//! ```
//! let err = svcrel::Model::from_json_str(
//!     r#"{"version": 1, "usage": [{"user": "ghost-a", "service": "mail", "form": "2020-01-01"}]}"#,
//! ).unwrap_err();
//! for problem in err.problems() {
//!     println!("{problem}");
//! }
//! assert_eq!(err.problems().len(), 3);
//! ```
//!
//! ## Cargo features
//!
//! - `cli`: the `svcrel` command-line program.
//! - `itop`, `backstage`, `csv`: importers ([`ImportFormat`]) that turn iTop
//!   XML data-set files, Backstage software catalog YAML or an HR export
//!   in CSV into a model [`Document`]; with `cli`, `svcrel import FORMAT
//!   FILES...`.
//! - `synth`: [`Synthetic`], a seeded generator of synthetic enterprises
//!   (with `cli`, `svcrel generate`).
//!
//! ## Minimum supported Rust version
//!
//! The MSRV is Rust 1.85 (the first with edition 2024). It is raised only in
//! a minor release, never in a patch release, and the change is noted in
//! the changelog. `jiff`'s civil `Date` appears in the public API (it is
//! re-exported as [`Date`]); a jiff release that breaks it would be a
//! breaking release of this crate too. No petgraph type is public.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

mod dates;
mod document;
mod error;
mod ids;
#[cfg(any(feature = "itop", feature = "backstage", feature = "csv"))]
mod import;
mod load;
mod model;
mod problem;
mod query;
#[cfg(feature = "synth")]
mod synth;
mod text;
mod validation;

pub use dates::parse_date;
pub use document::{
    Dependency, Document, FORMAT_VERSION, Funding, Individual, Membership, Organisation, Oversight,
    Partnership, Payment, Reporting, Service, Usage,
};
pub use error::{Error, ErrorKind};
pub use ids::{EntityKind, IndividualId, OrganisationId, PartyId, ServiceId};
#[cfg(any(feature = "itop", feature = "backstage", feature = "csv"))]
pub use import::{Import, ImportFormat, ImportProblem, Skipped, UnknownFormat};
pub use model::{Counts, Entity, Link, Model, ModelBuilder, Removal};
pub use problem::{Problem, ProblemKind, Section};
pub use query::{
    AffectedService, Consumer, Consumers, Customer, Customers, Impact, LinkType, MaxChain, Path,
    PayingCustomer, Query, Relation, Role, Scope, Step, Triage,
};
#[cfg(feature = "synth")]
pub use synth::Synthetic;
pub use text::printable;

// The README's Rust examples run as doctests too.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// A calendar date (`YYYY-MM-DD`), as used for `from`, `until` and as-of
/// dates: jiff's civil date.
///
/// ```
/// let d = svcrel::Date::constant(2026, 11, 22);
/// assert_eq!(d.to_string(), "2026-11-22");
/// ```
pub type Date = jiff::civil::Date;
