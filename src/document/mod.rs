//! The model document, format version 1: plain serde types.
//!
//! These types mirror the JSON document field for field. They hold any
//! document, valid or not; [`Document::validate`] and
//! [`Model::from_document`](crate::Model::from_document) check the rules.
//! Format version 1 is frozen: these structs gain no field within it.
//!
//! Bytes become a document here and nowhere else: [`parse`] reads JSON
//! into these types, reporting every shape problem at once, and
//! [`validate`] checks the rules. [`read`] does both, in that order, for
//! every reader of a [`Model`](crate::Model); [`check`] checks a document
//! built in memory.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::ids::{IndividualId, OrganisationId, PartyId, ServiceId};

mod parse;
mod validate;

pub(crate) use parse::read_file;
pub(crate) use validate::Resolved;

/// The one format version this crate reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// A whole model document.
///
/// ```
/// use svcrel::{Document, Funding, Individual, Organisation, Payment, Service};
///
/// let doc = Document {
///     organisations: vec![Organisation::new("expenseco"), Organisation::new("goddard-apps")],
///     individuals: vec![Individual::new("dana")],
///     services: vec![Service::new("expense-app", "expenseco")],
///     funding: vec![Funding {
///         approved_by: vec!["dana".into()],
///         ..Funding::new("goddard-apps", "expense-app", Payment::Cash)
///     }],
///     ..Document::default()
/// };
/// doc.validate()?;
/// let json = doc.to_json_string();
/// assert_eq!(Document::from_json_str(&json)?, doc);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The format version; always 1 for this crate.
    pub version: u32,
    /// Companies, agencies, departments, business units and teams.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub organisations: Vec<Organisation>,
    /// People.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub individuals: Vec<Individual>,
    /// Services and their providers.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub services: Vec<Service>,
    /// Individuals' memberships in organisations.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub memberships: Vec<Membership>,
    /// Who reports to whom.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub reporting: Vec<Reporting>,
    /// Who pays for (or commissions) which service, and who approves it.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub funding: Vec<Funding>,
    /// Who uses which service.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub usage: Vec<Usage>,
    /// Which service relies on which.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub dependencies: Vec<Dependency>,
    /// Who oversees which organisation.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub oversight: Vec<Oversight>,
    /// Declared partnerships between two parties.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub partnerships: Vec<Partnership>,
    /// Whether two parties may give the same email (see [`EmailPolicy`]).
    #[serde(default, skip_serializing_if = "EmailPolicy::is_unique")]
    pub email_policy: EmailPolicy,
}

/// Whether an email may belong to more than one party of a document.
///
/// By default ([`EmailPolicy::Unique`]) an email names one party, compared
/// without regard to case, and a second party giving it is a problem (a
/// typo, or one person entered twice). A document that models one person
/// twice on purpose (one individual in each of two companies, under one
/// address) says `"email_policy": "shared"`; finding a party by such an
/// email then answers every party that gives it.
///
/// ```
/// use svcrel::{Document, EmailPolicy};
///
/// let doc = Document::from_json_str(r#"{"version": 1, "email_policy": "shared"}"#)?;
/// assert_eq!(doc.email_policy, EmailPolicy::Shared);
/// assert_eq!(Document::default().email_policy, EmailPolicy::Unique);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailPolicy {
    /// Each email names one party.
    #[default]
    Unique,
    /// An email may name several parties.
    Shared,
}

impl EmailPolicy {
    /// Whether this is [`EmailPolicy::Unique`], the default.
    ///
    /// ```
    /// assert!(svcrel::EmailPolicy::Unique.is_unique());
    /// ```
    pub fn is_unique(&self) -> bool {
        *self == EmailPolicy::Unique
    }
}

impl Default for Document {
    /// An empty document of the current format version.
    fn default() -> Self {
        Document {
            version: FORMAT_VERSION,
            organisations: Vec::new(),
            individuals: Vec::new(),
            services: Vec::new(),
            memberships: Vec::new(),
            reporting: Vec::new(),
            funding: Vec::new(),
            usage: Vec::new(),
            dependencies: Vec::new(),
            oversight: Vec::new(),
            partnerships: Vec::new(),
            email_policy: EmailPolicy::Unique,
        }
    }
}

impl Document {
    /// Reads a document from JSON text, checking its shape: JSON syntax
    /// (with line and column), field names and types, dates and payments.
    /// Every shape problem is reported at once. References and cycles are
    /// checked by [`Document::validate`] or when building a
    /// [`Model`](crate::Model).
    ///
    /// ```
    /// let doc = svcrel::Document::from_json_str(r#"{"version": 1, "individuals": [{"id": "dana"}]}"#)?;
    /// assert_eq!(doc.individuals[0].id, "dana");
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn from_json_str(json: &str) -> Result<Document, Error> {
        Document::from_json_slice(json.as_bytes())
    }

    /// Reads a document from JSON bytes (which must be UTF-8), as
    /// [`Document::from_json_str`] does.
    ///
    /// ```
    /// let doc = svcrel::Document::from_json_slice(br#"{"version": 1}"#)?;
    /// assert!(doc.services.is_empty());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn from_json_slice(json: &[u8]) -> Result<Document, Error> {
        let parsed = parse::parse(json);
        if parsed.problems.is_empty() {
            Ok(parsed.document)
        } else {
            Err(Error::invalid(parsed.problems))
        }
    }

    /// Reads a document from a reader, as [`Document::from_json_str`] does.
    ///
    /// ```
    /// let doc = svcrel::Document::from_json_reader(&br#"{"version": 1}"#[..])?;
    /// assert_eq!(doc.version, 1);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn from_json_reader(reader: impl Read) -> Result<Document, Error> {
        Document::from_json_slice(&read_all(reader)?)
    }

    /// Reads a document from a file, as [`Document::from_json_str`] does.
    ///
    /// ```
    /// let doc = svcrel::Document::from_json_file("examples/data/sample.json")?;
    /// assert!(!doc.services.is_empty());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn from_json_file(path: impl AsRef<Path>) -> Result<Document, Error> {
        Document::from_json_slice(&read_file(path.as_ref())?)
    }

    /// Checks every rule of the format at once: ids, references and their
    /// kinds, parent and reporting cycles, dates and partnerships. The
    /// problems come in document order (by section, then index).
    ///
    /// Each cycle is one problem, reported at its lowest-indexed link.
    /// Reporting lines can form cycles that share lines; those are not each
    /// listed, but taking out every reporting line named by a problem
    /// leaves no reporting cycle on any date.
    ///
    /// ```
    /// use svcrel::{Document, Individual, Reporting};
    ///
    /// let doc = Document {
    ///     individuals: vec![Individual::new("dana")],
    ///     reporting: vec![Reporting::new("dana", "dana")],
    ///     ..Document::default()
    /// };
    /// let err = doc.validate().unwrap_err();
    /// assert_eq!(err.problems()[0].to_string(), r#"reporting[0].manager: "dana" reports to themself"#);
    /// ```
    pub fn validate(&self) -> Result<(), Error> {
        check(self).map(drop)
    }

    /// The document as pretty-printed JSON (two-space indent, a final
    /// newline). Empty lists and absent optional fields are left out.
    ///
    /// ```
    /// let doc = svcrel::Document::default();
    /// assert_eq!(doc.to_json_string(), "{\n  \"version\": 1\n}\n");
    /// ```
    pub fn to_json_string(&self) -> String {
        let mut out = Vec::new();
        self.write_json(&mut out)
            .expect("writing JSON to a Vec<u8> cannot fail");
        String::from_utf8(out).expect("serde_json writes UTF-8")
    }

    /// Writes the document as pretty-printed JSON to a writer.
    ///
    /// ```
    /// let mut out = Vec::new();
    /// svcrel::Document::default().write_json(&mut out)?;
    /// assert!(out.ends_with(b"}\n"));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn write_json(&self, mut writer: impl Write) -> Result<(), Error> {
        serde_json::to_writer_pretty(&mut writer, self)
            .map_err(|e| Error::io(None, std::io::Error::other(e)))?;
        writer.write_all(b"\n").map_err(|e| Error::io(None, e))
    }

    /// Writes the document as pretty-printed JSON to a file.
    ///
    /// ```no_run
    /// svcrel::Document::default().save_json_file("model.json")?;
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn save_json_file(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        std::fs::write(path, self.to_json_string()).map_err(|e| Error::io(Some(path.to_owned()), e))
    }
}

/// Reads a model document from JSON bytes and checks it: its shape, then
/// every rule of the format, every problem at once in document order.
/// The rules are checked only when the text is JSON, since positions
/// mean nothing in malformed text. A valid document comes with its
/// references resolved to entity positions.
pub(crate) fn read(json: &[u8]) -> Result<(Document, Resolved), Error> {
    let parsed = parse::parse(json);
    let syntax = parsed.problems.iter().any(|p| p.line_column().is_some());
    let mut problems = parsed.problems;
    if !syntax {
        match validate::validate_resolved(&parsed.document, &parsed.damage) {
            Ok(resolved) if problems.is_empty() => return Ok((parsed.document, resolved)),
            Ok(_) => {}
            Err(more) => problems.extend(more),
        }
    }
    problems.sort_by_key(|p| (p.section(), p.index()));
    Err(Error::invalid(problems))
}

/// Checks every rule of the format on a document (read or built in
/// code), giving its references resolved to entity positions.
pub(crate) fn check(doc: &Document) -> Result<Resolved, Error> {
    validate::validate_resolved(doc, &parse::Damage::default()).map_err(Error::invalid)
}

/// Every byte of a reader; an error of kind `Io` naming no file.
pub(crate) fn read_all(mut reader: impl Read) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(None, e))?;
    Ok(bytes)
}

/// Reads a list; `null` is as good as absent, as it is for the optional
/// fields that are not lists.
fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// An organisation: company, agency, department, business unit or team.
///
/// ```
/// let org = svcrel::Organisation { parent: Some("nasa".into()), ..svcrel::Organisation::new("goddard") };
/// assert_eq!(org.parent.unwrap(), "nasa");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Unique, non-empty id.
    pub id: OrganisationId,
    /// A name for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The organisation this one belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<OrganisationId>,
    /// Addresses to reach it (a service desk, a shared mailbox), the
    /// primary first.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub emails: Vec<String>,
    /// Its phone numbers (a switchboard, a service desk line), the
    /// primary first, as directories write them: `+33 1 23 45 67 89`.
    /// Each is trimmed, non-empty, at most 64 characters, holds an ASCII
    /// digit and no control or format character; two parties may give
    /// the same number.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub phones: Vec<String>,
    /// Its ids in other systems, by system: `{"itop": "12"}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub external_ids: BTreeMap<String, String>,
    /// The mail domains whose addresses are its people's
    /// (`example.com`): an unknown address at one of them is taken to
    /// belong to this organisation.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub email_domains: Vec<String>,
}

impl Organisation {
    /// An organisation with no name and no parent.
    ///
    /// ```
    /// assert!(svcrel::Organisation::new("nasa").parent.is_none());
    /// ```
    pub fn new(id: impl Into<OrganisationId>) -> Self {
        Organisation {
            id: id.into(),
            name: None,
            parent: None,
            emails: Vec::new(),
            phones: Vec::new(),
            external_ids: BTreeMap::new(),
            email_domains: Vec::new(),
        }
    }
}

/// A person.
///
/// ```
/// let dana = svcrel::Individual { name: Some("Dana Reyes".into()), ..svcrel::Individual::new("dana") };
/// assert_eq!(dana.id, "dana");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Individual {
    /// Unique, non-empty id.
    pub id: IndividualId,
    /// A name for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Their addresses, the primary first: a ticket's requester is found
    /// by any of them.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub emails: Vec<String>,
    /// Their phone numbers, the primary first, as directories write
    /// them: `+1 (555) 010-0199 ext. 12`. Each is trimmed, non-empty, at
    /// most 64 characters, holds an ASCII digit and no control or format
    /// character; two parties may give the same number (a shared line).
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub phones: Vec<String>,
    /// Their ids in other systems, by system: `{"scim": "2819c223"}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub external_ids: BTreeMap<String, String>,
}

impl Individual {
    /// An individual with no name.
    ///
    /// ```
    /// assert!(svcrel::Individual::new("dana").name.is_none());
    /// ```
    pub fn new(id: impl Into<IndividualId>) -> Self {
        Individual {
            id: id.into(),
            name: None,
            emails: Vec::new(),
            phones: Vec::new(),
            external_ids: BTreeMap::new(),
        }
    }
}

/// A service and the party that provides it.
///
/// ```
/// let s = svcrel::Service::new("expense-app", "expenseco");
/// assert_eq!(s.provider, "expenseco");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Unique, non-empty id.
    pub id: ServiceId,
    /// A name for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The organisation or individual that delivers the service.
    pub provider: PartyId,
}

impl Service {
    /// A service with no name.
    ///
    /// ```
    /// assert!(svcrel::Service::new("mail", "it").name.is_none());
    /// ```
    pub fn new(id: impl Into<ServiceId>, provider: impl Into<PartyId>) -> Self {
        Service {
            id: id.into(),
            name: None,
            provider: provider.into(),
        }
    }
}

/// How a funding link pays for a service.
///
/// ```
/// use svcrel::Payment;
/// assert!(Payment::Trade.is_cash_or_trade());
/// assert!(!Payment::Chargeback.is_cash_or_trade());
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Payment {
    /// Real money.
    Cash,
    /// Goods or services in exchange.
    Trade,
    /// Internal "funny money" moved between budgets of one company.
    Chargeback,
    /// A budget allocated from above.
    Allocation,
    /// Commissioned without payment: still a customer.
    None,
}

impl Payment {
    /// All payment kinds, in the order the format lists them.
    pub const ALL: [Payment; 5] = [
        Payment::Cash,
        Payment::Trade,
        Payment::Chargeback,
        Payment::Allocation,
        Payment::None,
    ];

    /// Whether this payment can make an external customer: cash or trade
    /// ("chargebacks don't count").
    ///
    /// ```
    /// assert!(svcrel::Payment::Cash.is_cash_or_trade());
    /// ```
    pub fn is_cash_or_trade(self) -> bool {
        matches!(self, Payment::Cash | Payment::Trade)
    }

    /// The word for this payment in a document.
    ///
    /// ```
    /// assert_eq!(svcrel::Payment::None.as_str(), "none");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Payment::Cash => "cash",
            Payment::Trade => "trade",
            Payment::Chargeback => "chargeback",
            Payment::Allocation => "allocation",
            Payment::None => "none",
        }
    }
}

impl std::fmt::Display for Payment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares the optional `from` and `until` fields of a dated link.
macro_rules! dated_link {
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $($(#[$fmeta:meta])* pub $field:ident : $ty:ty,)* }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
            /// The first day the link holds; absent: since always.
            #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::dates")]
            pub from: Option<Date>,
            /// The first day the link no longer holds; absent: still holds.
            #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::dates")]
            pub until: Option<Date>,
        }

        impl $name {
            /// Whether the link holds on `date`: `from <= date < until`.
            /// With no date, every link holds.
            ///
            /// ```
            /// # let link = svcrel::Usage::new("dana", "mail");
            /// // Every dated link type has this method.
            /// assert!(link.holds_on(None));
            /// ```
            pub fn holds_on(&self, date: Option<Date>) -> bool {
                crate::dates::holds(self.from, self.until, date)
            }
        }
    };
}

dated_link! {
    /// An individual's membership in an organisation.
    ///
    /// ```
    /// use svcrel::{Date, Membership};
    /// let m = Membership {
    ///     title: Some("Applications Director".into()),
    ///     from: Some(Date::constant(2016, 3, 1)),
    ///     ..Membership::new("dana", "goddard-apps")
    /// };
    /// assert!(m.holds_on(Some(Date::constant(2020, 1, 1))));
    /// assert!(!m.holds_on(Some(Date::constant(2016, 2, 29))));
    /// ```
    pub struct Membership {
        /// The member.
        pub individual: IndividualId,
        /// The organisation.
        pub organisation: OrganisationId,
        /// The member's title there, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub title: Option<String>,
    }
}

dated_link! {
    /// A reporting line: `individual` reports to `manager`.
    ///
    /// ```
    /// let r = svcrel::Reporting::new("dana", "goddard-cio");
    /// assert_eq!(r.manager, "goddard-cio");
    /// ```
    pub struct Reporting {
        /// Who reports.
        pub individual: IndividualId,
        /// To whom.
        pub manager: IndividualId,
    }
}

dated_link! {
    /// A funding link: `payer` pays for (or commissions) `service`, approved
    /// by the individuals in `approved_by`.
    ///
    /// ```
    /// use svcrel::{Funding, Payment};
    /// let f = Funding { approved_by: vec!["dana".into()], ..Funding::new("goddard-apps", "expense-app", Payment::Cash) };
    /// assert_eq!(f.approved_by.len(), 1);
    /// ```
    pub struct Funding {
        /// The organisation or individual that pays.
        pub payer: PartyId,
        /// The service paid for.
        pub service: ServiceId,
        /// How it is paid.
        pub payment: Payment,
        /// The individuals who approve the payment (its sponsors), in order.
        #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
        pub approved_by: Vec<IndividualId>,
    }
}

dated_link! {
    /// A usage link: `user` uses `service`.
    ///
    /// ```
    /// let u = svcrel::Usage::new("goddard-apps", "expense-app");
    /// assert_eq!(u.user, "goddard-apps");
    /// ```
    pub struct Usage {
        /// The organisation or individual that uses the service.
        pub user: PartyId,
        /// The service used.
        pub service: ServiceId,
    }
}

dated_link! {
    /// A dependency: `service` relies on `depends_on`.
    ///
    /// ```
    /// let d = svcrel::Dependency::new("expense-app", "sso");
    /// assert_eq!(d.depends_on, "sso");
    /// ```
    pub struct Dependency {
        /// The service that relies on another.
        pub service: ServiceId,
        /// The service relied on.
        pub depends_on: ServiceId,
    }
}

dated_link! {
    /// Oversight: `overseer` approves the budget of, hires and fires the
    /// head of, and holds to account `organisation`.
    ///
    /// ```
    /// let o = svcrel::Oversight::new("cfo", "it-dept");
    /// assert_eq!(o.organisation, "it-dept");
    /// ```
    pub struct Oversight {
        /// The organisation or individual that oversees.
        pub overseer: PartyId,
        /// The organisation overseen.
        pub organisation: OrganisationId,
    }
}

dated_link! {
    /// A declared partnership between two different parties.
    ///
    /// ```
    /// let p = svcrel::Partnership::new("it-dept", "finance");
    /// assert_eq!(p.parties[1], "finance");
    /// ```
    pub struct Partnership {
        /// The two partners.
        pub parties: [PartyId; 2],
    }
}

impl Membership {
    /// An undated membership with no title.
    ///
    /// ```
    /// assert!(svcrel::Membership::new("dana", "goddard-apps").title.is_none());
    /// ```
    pub fn new(
        individual: impl Into<IndividualId>,
        organisation: impl Into<OrganisationId>,
    ) -> Self {
        Membership {
            individual: individual.into(),
            organisation: organisation.into(),
            title: None,
            from: None,
            until: None,
        }
    }
}

impl Reporting {
    /// An undated reporting line.
    ///
    /// ```
    /// assert!(svcrel::Reporting::new("dana", "cio").from.is_none());
    /// ```
    pub fn new(individual: impl Into<IndividualId>, manager: impl Into<IndividualId>) -> Self {
        Reporting {
            individual: individual.into(),
            manager: manager.into(),
            from: None,
            until: None,
        }
    }
}

impl Funding {
    /// An undated funding link with no approvers.
    ///
    /// ```
    /// let f = svcrel::Funding::new("acme", "mail", svcrel::Payment::Chargeback);
    /// assert!(f.approved_by.is_empty());
    /// ```
    pub fn new(payer: impl Into<PartyId>, service: impl Into<ServiceId>, payment: Payment) -> Self {
        Funding {
            payer: payer.into(),
            service: service.into(),
            payment,
            approved_by: Vec::new(),
            from: None,
            until: None,
        }
    }
}

impl Usage {
    /// An undated usage link.
    ///
    /// ```
    /// assert!(svcrel::Usage::new("pupil", "helpdesk").until.is_none());
    /// ```
    pub fn new(user: impl Into<PartyId>, service: impl Into<ServiceId>) -> Self {
        Usage {
            user: user.into(),
            service: service.into(),
            from: None,
            until: None,
        }
    }
}

impl Dependency {
    /// An undated dependency.
    ///
    /// ```
    /// assert_eq!(svcrel::Dependency::new("ci", "build-farm").service, "ci");
    /// ```
    pub fn new(service: impl Into<ServiceId>, depends_on: impl Into<ServiceId>) -> Self {
        Dependency {
            service: service.into(),
            depends_on: depends_on.into(),
            from: None,
            until: None,
        }
    }
}

impl Oversight {
    /// An undated oversight link.
    ///
    /// ```
    /// assert_eq!(svcrel::Oversight::new("mary", "acme-it").overseer, "mary");
    /// ```
    pub fn new(overseer: impl Into<PartyId>, organisation: impl Into<OrganisationId>) -> Self {
        Oversight {
            overseer: overseer.into(),
            organisation: organisation.into(),
            from: None,
            until: None,
        }
    }
}

impl Partnership {
    /// An undated partnership.
    ///
    /// ```
    /// assert_eq!(svcrel::Partnership::new("a", "b").parties[0], "a");
    /// ```
    pub fn new(a: impl Into<PartyId>, b: impl Into<PartyId>) -> Self {
        Partnership {
            parties: [a.into(), b.into()],
            from: None,
            until: None,
        }
    }
}
