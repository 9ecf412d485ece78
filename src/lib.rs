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
//! ## Asking questions
//!
//! Who should get help with a ticket, and who pays for it
//! ([`Model::triage`]):
//!
//! ```
//! use svcrel::{Model, Payment, Query};
//!
//! let model = Model::from_json_file("examples/data/sample.json")?;
//! let ticket = model.triage("teacher-ann", "desktop-support", &Query::new())?;
//! assert!(ticket.entitled());
//! let payer = ticket.payer().expect("her school's department pays");
//! assert_eq!(payer.payer(), "council-education");
//! assert_eq!(payer.payment(), Payment::Chargeback);
//! assert_eq!(ticket.sponsors(), ["head-of-education"]);
//! # Ok::<(), svcrel::Error>(())
//! ```
//!
//! What a failing service takes down with it, and whom to tell
//! ([`Model::impact`]):
//!
//! ```
//! use svcrel::{Model, Query};
//!
//! let model = Model::from_json_file("examples/data/sample.json")?;
//! let outage = model.impact("sso", &Query::new())?;
//! let affected: Vec<&str> = outage.services().iter().map(|(s, _)| s.as_str()).collect();
//! assert_eq!(affected, ["sso", "directory", "expense-app"]);
//! assert!(outage.notify().iter().any(|p| p == "dana"));
//! # Ok::<(), svcrel::Error>(())
//! ```
//!
//! ## Editing a live model
//!
//! An edit is checked as a document is ([`Model::add_link`], and the other
//! `add_` and `remove_` methods), and every answer after it is exact:
//!
//! ```
//! use svcrel::{Membership, Model, Query};
//!
//! let mut model = Model::from_json_file("examples/data/sample.json")?;
//! let before = model.triage("pupil-cara", "desktop-support", &Query::new())?;
//! assert!(before.payer().is_none());
//!
//! model.add_link(Membership::new("pupil-cara", "riverside-school"))?;
//! let after = model.triage("pupil-cara", "desktop-support", &Query::new())?;
//! assert_eq!(after.payer().map(|p| p.payer().as_str()), Some("council-education"));
//!
//! // A link to nobody is refused, and the model is left as it was.
//! assert!(model.add_link(Membership::new("ghost", "riverside-school")).is_err());
//! # Ok::<(), svcrel::Error>(())
//! ```
//!
//! ## Asking from another program
//!
//! A [`Question`] is data (one JSON object, tagged by `"query"`), and
//! [`Model::ask`] answers it with an owned [`Answer`] that serialises to
//! the JSON the command line prints, with the date and cutoffs it used,
//! names beside ids and the model's version. A question without `as_of`
//! is answered as of [`today`]; a [`Query`] without a date, as the typed
//! methods take it, ignores dates. A failure becomes an object too
//! ([`ErrorReply`]). The JSON Schemas are in `schema/` ([`ProtocolSchema`]).
//!
//! ```
//! use svcrel::{Answer, Model, Question};
//!
//! let model = Model::from_json_file("examples/data/sample.json")?;
//! let question = Question::from_json(r#"{"query": "triage", "party": "united-airlines", "service": "nfl-broadcast", "as_of": "2015-06-01"}"#)?;
//! let answer = model.ask(&question)?;
//! let Answer::Triage(triage) = &answer else { unreachable!() };
//! assert_eq!(triage.payer.as_deref(), Some("united-airlines"));
//! let json = serde_json::to_value(&answer).unwrap();
//! assert_eq!(json["as_of"], "2015-06-01");
//! assert_eq!(json["payer_name"], "United Airlines");
//! # Ok::<(), svcrel::Error>(())
//! ```
//!
//! ## Cargo features
//!
//! - `cli`: the `svcrel` command-line program.
//! - `itop`, `backstage`, `csv`, `scim`, `ldif`: importers
//!   ([`ImportFormat`]) that turn iTop XML data-set files, Backstage
//!   software catalog YAML, an HR export in CSV, SCIM 2.0 users and groups
//!   or an LDAP export in LDIF into a model [`Document`]; with `cli`,
//!   `svcrel import FORMAT FILES...`.
//! - `export`: a [`Document`] written as GraphML (Gephi, yEd, Cytoscape)
//!   or as the CSV files and Cypher that Neo4j imports, and read back
//!   ([`Document::write_graphml`], [`Document::write_neo4j`]); with
//!   `cli`, `svcrel export graphml|neo4j`.
//! - `synth`: [`Synthetic`], a seeded generator of synthetic enterprises
//!   (with `cli`, `svcrel generate`).
//! - `journal`: [`DurableModel`], a shared model whose edits are
//!   journalled and fsynced, with snapshots, and survive a crash.
//! - `server`: the HTTP service ([`server`]), with `journal`; with `cli`,
//!   `svcrel serve`.
//!
//! ## Architecture
//!
//! Data flows one way: bytes, then a document, then a model, then
//! answers. A document is parsed and checked in `src/document/`: its
//! types, `parse.rs` (JSON to a [`Document`], every shape problem at
//! once) and `validate.rs` (the rules, cycles in `validate/cycles.rs`);
//! one function there takes bytes to a valid document for every reader of
//! a [`Model`]. Each rule is written once, in `src/rules.rs`, for
//! documents and edits alike. The model lives in `src/model/`: the graph,
//! the edits, the lookups and, in `src/model/snapshot/`, the
//! read-optimised copy of its links; the questions read it only through
//! its one reader, `src/model/read.rs`. The questions (customers,
//! consumers, relation, triage, impact and the paths that explain them,
//! and the audit of the whole model)
//! are answered in `src/query/`; `src/protocol/` turns them into
//! questions and answers as data ([`Model::ask`]). The importers in `src/import/` turn other formats into
//! a document; `src/journal/` makes edits durable ([`DurableModel`]) and
//! `src/server/` serves the protocol over HTTP (routes, auth, metrics,
//! errors); the command line, `src/bin/svcrel/`, has a module per
//! command. `CONTRIBUTING.md` says more.
//!
//! ## Minimum supported Rust version
//!
//! The MSRV is Rust 1.85 (the first with edition 2024). It is raised only in
//! a minor release, never in a patch release, and the change is noted in
//! the changelog. `jiff`'s civil `Date` appears in the public API (it is
//! re-exported as [`Date`]); a jiff release that breaks it would be a
//! breaking release of this crate too. No petgraph type is public.

#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

mod dates;
mod document;
mod error;
#[cfg(feature = "export")]
mod export;
mod ids;
#[cfg(feature = "_import")]
mod import;
#[cfg(feature = "journal")]
mod journal;
mod model;
mod problem;
mod protocol;
mod query;
mod rules;
#[cfg(feature = "server")]
#[cfg_attr(docsrs, doc(cfg(feature = "server")))]
pub mod server;
#[cfg(feature = "synth")]
mod synth;
mod text;

pub use dates::parse_date;
pub use document::{
    Dependency, Document, EmailPolicy, FORMAT_VERSION, Funding, Individual, Membership,
    Organisation, Oversight, Partnership, Payment, Reporting, Service, Usage,
};
pub use error::{Error, ErrorKind};
#[cfg(feature = "export")]
#[cfg_attr(docsrs, doc(cfg(feature = "export")))]
pub use export::{NEO4J_FILES, Overwrite, neo4j_import_command};
pub use ids::{EntityKind, IndividualId, OrganisationId, PartyId, ServiceId};
#[cfg(feature = "csv")]
pub use import::{ColumnMapping, CsvNameError, CsvTable};
#[cfg(feature = "_import")]
pub use import::{
    Import, ImportFormat, ImportOptions, MissingReferences, Restated, UnknownFormat, Updated,
};
#[cfg(feature = "journal")]
#[cfg_attr(docsrs, doc(cfg(feature = "journal")))]
pub use journal::{COMPACT_AT, DurableModel, Recovery};
pub use model::{
    Applied, Counts, Edit, Entity, Link, Model, ModelBuilder, Removal, SUGGEST_LIMIT, SUGGEST_MAX,
    SharedModel, SuggestKind, SuggestMatch, SuggestOptions, Suggestion, Suggestions,
};
#[cfg(feature = "_import")]
pub use problem::{ImportProblem, Skipped};
pub use problem::{Problem, ProblemKind, Section};
pub use protocol::{
    Answer, AsOf, AuditAnswer, AuditQuestion, Candidate, ConsumerRow, ConsumersAnswer,
    ConsumersQuestion, Contact, CustomerRow, CustomersAnswer, CustomersQuestion, Cutoffs,
    DiffAnswer, DiffQuestion, DistanceCount, ErrorCode, ErrorObject, ErrorReply, Evidence,
    FIND_LIMIT, FindAnswer, FindQuestion, HistoryAnswer, HistoryQuestion, ImpactAnswer,
    ImpactQuestion, MAX_LINE_BYTES, MAX_PATH_BYTES, Match, ProtocolSchema, Question, QuestionLines,
    RelationAnswer, RelationQuestion, ServiceRow, SuggestAnswer, SuggestQuestion, TriageAnswer,
    TriageQuestion, Via, today,
};
pub use query::{
    AUDIT_EXAMPLES, AffectedService, Audit, AuditOptions, ChangeCounts, ChangeOptions, Consumer,
    Consumers, ContactRole, Customer, Customers, Diff, DiffCounts, DiffDates, EntityChange,
    EntityChanges, EntityRecord, EvidenceLink, EvidenceLinkKind, Finding, FindingKind, History,
    HistoryOptions, HistoryPeriod, Impact, Involved, Involvement, KindCount, LinkChanges, LinkType,
    MaxChain, Path, PayerChange, PayingCustomer, Query, Relation, RelationshipChanges, Role,
    RoleChange, RoleEvidence, Scope, ScopeChange, ServiceChanges, ServicePresence, Step, Triage,
    UnknownFindingKind,
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
