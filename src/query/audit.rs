//! `audit`: what a service manager should fix in a model, each finding
//! with its evidence.
//!
//! Every kind is one pass over the entities and their own links (no
//! entity scans all the links), so an audit costs time near-linear in the
//! model's size; only [`FindingKind::ConsumersWithoutPayer`] walks each
//! used service's direct consumers, as [`Model::consumers_of`] with a
//! chain of 0 would.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use serde::{Deserialize, Serialize};

use crate::ids::EntityKind;
use crate::model::{LinkKind, Model, NodeMap};
use crate::protocol::wire::{AsOfUsed, as_of_used};
use crate::query::MaxChain;
use crate::query::evidence::{EvidenceLink, EvidenceLinkKind};
use crate::query::triage::Payers;
use crate::text::printable;

/// How many example consumers a [`FindingKind::ConsumersWithoutPayer`]
/// finding names at most.
pub const AUDIT_EXAMPLES: usize = 5;

/// The options of an audit, as a small builder: the date it holds on and
/// how many days ahead [`FindingKind::EndingSoon`] looks.
///
/// As for [`Query`](crate::Query), the library is explicit: without a
/// date every link holds whatever its `from` and `until` (and nothing
/// ends soon); the command line audits as of today.
///
/// ```
/// use svcrel::{AuditOptions, Date};
///
/// let options = AuditOptions::new().as_of(Date::constant(2026, 12, 4)).within_days(60);
/// assert_eq!(options.date(), Some(Date::constant(2026, 12, 4)));
/// assert_eq!(options.days(), 60);
/// assert_eq!(AuditOptions::new().days(), AuditOptions::DEFAULT_WITHIN_DAYS);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AuditOptions {
    as_of: Option<Date>,
    within_days: u32,
}

impl Default for AuditOptions {
    fn default() -> Self {
        AuditOptions {
            as_of: None,
            within_days: AuditOptions::DEFAULT_WITHIN_DAYS,
        }
    }
}

impl AuditOptions {
    /// How many days ahead [`FindingKind::EndingSoon`] looks by default.
    pub const DEFAULT_WITHIN_DAYS: u32 = 30;

    /// No date (every link holds), 30 days ahead.
    ///
    /// ```
    /// assert_eq!(svcrel::AuditOptions::new(), svcrel::AuditOptions::default());
    /// ```
    pub fn new() -> Self {
        AuditOptions::default()
    }

    /// Audits as of `date`: a link holds when `from <= date < until`;
    /// `None` ignores dates.
    ///
    /// ```
    /// use svcrel::{AuditOptions, Date};
    /// let o = AuditOptions::new().as_of(Date::constant(2020, 1, 1));
    /// assert_eq!(o.as_of(None).date(), None);
    /// ```
    pub fn as_of(mut self, date: impl Into<Option<Date>>) -> Self {
        self.as_of = date.into();
        self
    }

    /// How many days after the date a link may end and be reported as
    /// [`FindingKind::EndingSoon`].
    ///
    /// ```
    /// assert_eq!(svcrel::AuditOptions::new().within_days(7).days(), 7);
    /// ```
    pub fn within_days(mut self, days: u32) -> Self {
        self.within_days = days;
        self
    }

    /// The date, if any.
    ///
    /// ```
    /// assert_eq!(svcrel::AuditOptions::new().date(), None);
    /// ```
    pub fn date(&self) -> Option<Date> {
        self.as_of
    }

    /// The days ahead [`FindingKind::EndingSoon`] looks.
    ///
    /// ```
    /// assert_eq!(svcrel::AuditOptions::new().days(), 30);
    /// ```
    pub fn days(&self) -> u32 {
        self.within_days
    }
}

/// What an audit finds: each kind says what to fix. Their names (snake
/// case) are the JSON's and the command line's `--fail-on` values.
///
/// ```
/// use svcrel::FindingKind;
/// assert_eq!(FindingKind::UnfundedService.name(), "unfunded_service");
/// assert_eq!("ending_soon".parse::<FindingKind>(), Ok(FindingKind::EndingSoon));
/// assert_eq!(FindingKind::ALL.len(), 8);
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
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FindingKind {
    /// A service no funding link on it holds for on the date. Names the
    /// service and its provider.
    UnfundedService,
    /// A funding link holding on the date whose `approved_by` is empty:
    /// a payment nobody approves. Names the service and the payer.
    FundingWithoutApprover,
    /// A funding link holding on the date whose approvers have all left
    /// the payer's company. An approver is still there when their
    /// company on the date ([`Model::top`]: the top-level organisations
    /// of their memberships, or themself with none) shares one with the
    /// payer's: an organisation payer's top-level organisation, so any
    /// organisation under it counts; for an individual payer, the
    /// companies the payer is a member of on the date, or, with none,
    /// the payer alone (so an individual who pays and approves their own
    /// payment is never gone). Names the service, the payer and the
    /// approvers.
    ApproversGone,
    /// An individual who approves a funding link holding on the date but
    /// is a member of no organisation on the date. One finding per such
    /// approval; names the individual, the payer and the service.
    SponsorWithoutOrganisation,
    /// The individuals who use a service on the date (its consumers at
    /// distance 0: users, and the members of a user organisation or of
    /// one below it) and whom nobody near pays for, as
    /// [`Model::triage`] finds no payer for them. One finding per
    /// service and company ([`Model::top`]; an individual in two
    /// companies counts in both, one in none under their own id), with
    /// the count and up to [`AUDIT_EXAMPLES`] example ids, the smallest.
    ConsumersWithoutPayer,
    /// A funding, usage or oversight link that holds on the date and ends
    /// (its `until`, the first day it no longer holds) at most the
    /// options' days after it. Names the service (the organisation
    /// overseen, for oversight) and the other end. Nothing ends soon
    /// without a date.
    EndingSoon,
    /// An organisation with no member on the date, no organisation below
    /// it, and no link holding on the date: it pays for, uses, provides,
    /// oversees, is overseen by or partners with nothing. Its own link to
    /// its parent does not count, so an empty team under a department is
    /// found. Names the organisation and its parent.
    EmptyOrganisation,
    /// An organisation that provides a service but has no member on the
    /// date, directly or in any organisation below it: nobody to deliver
    /// it. Names the organisation and the services it provides.
    ProviderWithoutMembers,
}

impl FindingKind {
    /// Every kind, in the order an audit lists them.
    pub const ALL: [FindingKind; 8] = [
        FindingKind::UnfundedService,
        FindingKind::FundingWithoutApprover,
        FindingKind::ApproversGone,
        FindingKind::SponsorWithoutOrganisation,
        FindingKind::ConsumersWithoutPayer,
        FindingKind::EndingSoon,
        FindingKind::EmptyOrganisation,
        FindingKind::ProviderWithoutMembers,
    ];

    /// The kind's name, as in the JSON and `--fail-on`.
    ///
    /// ```
    /// assert_eq!(svcrel::FindingKind::ApproversGone.name(), "approvers_gone");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            FindingKind::UnfundedService => "unfunded_service",
            FindingKind::FundingWithoutApprover => "funding_without_approver",
            FindingKind::ApproversGone => "approvers_gone",
            FindingKind::SponsorWithoutOrganisation => "sponsor_without_organisation",
            FindingKind::ConsumersWithoutPayer => "consumers_without_payer",
            FindingKind::EndingSoon => "ending_soon",
            FindingKind::EmptyOrganisation => "empty_organisation",
            FindingKind::ProviderWithoutMembers => "provider_without_members",
        }
    }
}

impl fmt::Display for FindingKind {
    /// The kind's [`name`](FindingKind::name).
    ///
    /// ```
    /// assert_eq!(svcrel::FindingKind::EndingSoon.to_string(), "ending_soon");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is no [`FindingKind`]'s; its message lists the kinds.
///
/// ```
/// let err = "unfunded".parse::<svcrel::FindingKind>().unwrap_err();
/// assert!(err.to_string().contains("unfunded_service"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownFindingKind(String);

impl fmt::Display for UnknownFindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kinds: Vec<&str> = FindingKind::ALL.iter().map(|k| k.name()).collect();
        write!(
            f,
            "{} is no kind of finding; the kinds are {}",
            printable(&self.0),
            kinds.join(", ")
        )
    }
}

impl std::error::Error for UnknownFindingKind {}

impl FromStr for FindingKind {
    type Err = UnknownFindingKind;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        FindingKind::ALL
            .into_iter()
            .find(|k| k.name() == text)
            .ok_or_else(|| UnknownFindingKind(text.to_owned()))
    }
}

/// How an entity named by a [`Finding`] takes part in it.
///
/// ```
/// assert_eq!(serde_json::to_string(&svcrel::Involvement::Payer).unwrap(), r#""payer""#);
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
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Involvement {
    /// The payer of the funding link.
    Payer,
    /// An approver of the funding link.
    Approver,
    /// A service concerned.
    Service,
    /// The provider of the service.
    Provider,
    /// The user of the usage link.
    User,
    /// The overseer of the oversight link.
    Overseer,
    /// The company (top-level organisation) the consumers counted belong to.
    Company,
    /// One of the consumers counted, as an example.
    Example,
    /// The organisation's parent.
    Parent,
}

impl Involvement {
    /// The word for it, as in the JSON.
    ///
    /// ```
    /// assert_eq!(svcrel::Involvement::Company.name(), "company");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Involvement::Payer => "payer",
            Involvement::Approver => "approver",
            Involvement::Service => "service",
            Involvement::Provider => "provider",
            Involvement::User => "user",
            Involvement::Overseer => "overseer",
            Involvement::Company => "company",
            Involvement::Example => "example",
            Involvement::Parent => "parent",
        }
    }
}

/// An entity a [`Finding`] names besides its subject, and how it takes
/// part: `{"id": "goddard-apps", "as": "payer"}`.
///
/// ```
/// # use svcrel::{AuditOptions, FindingKind, Involvement, Model};
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let audit = model.audit(&AuditOptions::new());
/// let unfunded = audit.of_kind(FindingKind::UnfundedService).next().unwrap();
/// assert_eq!(unfunded.involved[0].role, Involvement::Provider);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct Involved {
    /// The entity's id.
    pub id: String,
    /// How it takes part.
    #[serde(rename = "as")]
    pub role: Involvement,
}

/// One thing to fix: its kind, the entity to look at, the others
/// involved, the link that shows it, and, for some kinds, a number.
///
/// ```
/// # use svcrel::{AuditOptions, FindingKind, Model};
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let audit = model.audit(&AuditOptions::new());
/// let f = audit.of_kind(FindingKind::FundingWithoutApprover).next().unwrap();
/// println!("{f}");
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Finding {
    /// What is wrong.
    pub kind: FindingKind,
    /// The entity to look at: the service, the organisation or the
    /// individual the kind is about (see [`FindingKind`]).
    pub id: String,
    /// The other entities involved, in the order the kind gives them.
    pub involved: Vec<Involved>,
    /// The link that shows it, if one does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<EvidenceLink>,
    /// For [`FindingKind::ConsumersWithoutPayer`]: how many consumers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
    /// For [`FindingKind::EndingSoon`]: how many days after the date the
    /// link ends (1: it holds on the date only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_left: Option<u32>,
}

impl Finding {
    fn new(kind: FindingKind, id: &str) -> Finding {
        Finding {
            kind,
            id: id.to_owned(),
            involved: Vec::new(),
            link: None,
            count: None,
            days_left: None,
        }
    }

    fn with(mut self, id: &str, role: Involvement) -> Finding {
        self.involved.push(Involved {
            id: id.to_owned(),
            role,
        });
        self
    }

    fn ids(&self, role: Involvement) -> Vec<String> {
        self.involved
            .iter()
            .filter(|i| i.role == role)
            .map(|i| printable(&i.id).into_owned())
            .collect()
    }
}

impl fmt::Display for Finding {
    /// One line in words, every id from the model made
    /// [`printable`](crate::printable).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = printable(&self.id);
        let one = |role| self.ids(role).into_iter().next().unwrap_or_default();
        let list = |role| self.ids(role).join(", ");
        let dates = |link: &EvidenceLink| match (link.from, link.until) {
            (None, None) => String::new(),
            (Some(from), None) => format!(" (from {from})"),
            (None, Some(until)) => format!(" (until {until})"),
            (Some(from), Some(until)) => format!(" (from {from} until {until})"),
        };
        let link_dates = self.link.as_ref().map(dates).unwrap_or_default();
        write!(f, "{}: ", self.kind)?;
        match self.kind {
            FindingKind::UnfundedService => {
                write!(f, "{id}: nobody pays for it")?;
                match one(Involvement::Provider) {
                    p if p.is_empty() => Ok(()),
                    p => write!(f, " (provided by {p})"),
                }
            }
            FindingKind::FundingWithoutApprover => write!(
                f,
                "{id}: {} pays with nobody approving{link_dates}",
                one(Involvement::Payer)
            ),
            FindingKind::ApproversGone => write!(
                f,
                "{id}: {} pays, approved by {}, none of them in the payer's company{link_dates}",
                one(Involvement::Payer),
                list(Involvement::Approver)
            ),
            FindingKind::SponsorWithoutOrganisation => write!(
                f,
                "{id}: approves {} paying for {}{link_dates} but belongs to no organisation",
                one(Involvement::Payer),
                one(Involvement::Service)
            ),
            FindingKind::ConsumersWithoutPayer => {
                let n = self.count.unwrap_or_default();
                write!(
                    f,
                    "{id}: {n} consumer{} in {} with nobody near paying (e.g. {})",
                    if n == 1 { "" } else { "s" },
                    one(Involvement::Company),
                    list(Involvement::Example)
                )
            }
            FindingKind::EndingSoon => {
                let Some(link) = &self.link else {
                    return write!(f, "{id}");
                };
                let days = self.days_left.unwrap_or_default();
                write!(
                    f,
                    "{id}: {} by {} ends on {} (in {days} day{})",
                    match link.kind {
                        EvidenceLinkKind::Funding => "funding",
                        EvidenceLinkKind::Usage => "usage",
                        EvidenceLinkKind::Oversight => "oversight",
                        other => other.name(),
                    },
                    printable(&link.source),
                    link.until.map(|d| d.to_string()).unwrap_or_default(),
                    if days == 1 { "" } else { "s" }
                )
            }
            FindingKind::EmptyOrganisation => {
                write!(f, "{id}: no members, no sub-organisations, no links")?;
                match one(Involvement::Parent) {
                    p if p.is_empty() => Ok(()),
                    p => write!(f, " (under {p})"),
                }
            }
            FindingKind::ProviderWithoutMembers => write!(
                f,
                "{id}: provides {} but has no members",
                list(Involvement::Service)
            ),
        }
    }
}

/// How many findings of one kind an audit has.
///
/// ```
/// # use svcrel::{AuditOptions, FindingKind, Model};
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let audit = model.audit(&AuditOptions::new());
/// assert_eq!(audit.counts()[0].kind, FindingKind::UnfundedService);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct KindCount {
    /// The kind.
    pub kind: FindingKind,
    /// How many findings of it.
    pub count: usize,
}

/// What [`Model::audit`] finds: the findings, by kind then id, the count
/// of each kind (every kind, zero included), the date and the days
/// ahead [`FindingKind::EndingSoon`] looked.
///
/// Serialises to `{"as_of", "within_days", "counts": [{"kind",
/// "count"}], "findings": [...]}`; its [`Display`](fmt::Display) is the
/// text the command line prints, with no limit ([`Audit::text`] sets
/// one).
///
/// ```
/// # use svcrel::{AuditOptions, Date, FindingKind, Model};
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let audit = model.audit(&AuditOptions::new().as_of(Date::constant(2026, 12, 4)));
/// assert_eq!(audit.date(), Some(Date::constant(2026, 12, 4)));
/// assert_eq!(audit.within_days(), 30);
/// assert_eq!(audit.findings().len(), audit.counts().iter().map(|c| c.count).sum::<usize>());
/// println!("{audit}");
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Audit {
    #[serde(with = "as_of_used")]
    #[schemars(with = "AsOfUsed")]
    as_of: Option<Date>,
    within_days: u32,
    counts: Vec<KindCount>,
    findings: Vec<Finding>,
}

impl Audit {
    /// The date the audit holds on; `None` when dates were ignored.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.audit(&svcrel::AuditOptions::new()).date(), None);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn date(&self) -> Option<Date> {
        self.as_of
    }

    /// How many days ahead [`FindingKind::EndingSoon`] looked.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.audit(&svcrel::AuditOptions::new().within_days(5)).within_days(), 5);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn within_days(&self) -> u32 {
        self.within_days
    }

    /// Every finding, by kind (in the order of [`FindingKind::ALL`]),
    /// then id, then the ids involved.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let audit = model.audit(&svcrel::AuditOptions::new());
    /// assert!(audit.findings().windows(2).all(|w| w[0].kind <= w[1].kind));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The count of every kind, in the order of [`FindingKind::ALL`].
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// assert_eq!(model.audit(&svcrel::AuditOptions::new()).counts().len(), 8);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn counts(&self) -> &[KindCount] {
        &self.counts
    }

    /// How many findings of `kind`.
    ///
    /// ```
    /// # use svcrel::{AuditOptions, FindingKind, Model};
    /// # let model = Model::from_json_file("examples/data/sample.json")?;
    /// let audit = model.audit(&AuditOptions::new());
    /// assert_eq!(audit.count(FindingKind::EndingSoon), 0); // no date: nothing ends
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn count(&self, kind: FindingKind) -> usize {
        self.counts
            .iter()
            .find(|c| c.kind == kind)
            .map_or(0, |c| c.count)
    }

    /// The findings of `kind`, in order.
    ///
    /// ```
    /// # use svcrel::{AuditOptions, FindingKind, Model};
    /// # let model = Model::from_json_file("examples/data/sample.json")?;
    /// let audit = model.audit(&AuditOptions::new());
    /// assert_eq!(audit.of_kind(FindingKind::UnfundedService).count(), audit.count(FindingKind::UnfundedService));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn of_kind(&self, kind: FindingKind) -> impl Iterator<Item = &Finding> + '_ {
        self.findings.iter().filter(move |f| f.kind == kind)
    }

    /// Keeps the first `n` findings only; the counts still say how many
    /// there are of each kind.
    pub(crate) fn keep_first(&mut self, n: usize) {
        self.findings.truncate(n);
    }

    /// Whether the audit found nothing.
    ///
    /// ```
    /// # let model = svcrel::Model::from_json_str(r#"{"version": 1}"#)?;
    /// assert!(model.audit(&svcrel::AuditOptions::new()).is_clean());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }

    /// The audit in words: a line with the date, the count of each kind
    /// that has findings, then the findings one per line, at most
    /// `per_kind` of each kind (a line says how many more were left out).
    ///
    /// ```
    /// # use svcrel::{AuditOptions, Model};
    /// # let model = Model::from_json_file("examples/data/sample.json")?;
    /// let text = model.audit(&AuditOptions::new()).text(1);
    /// assert!(text.starts_with("audit, dates ignored:"));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn text(&self, per_kind: usize) -> String {
        let mut out = match self.as_of {
            Some(d) => format!(
                "audit as of {d} (ending within {} days):\n",
                self.within_days
            ),
            None => "audit, dates ignored:\n".to_owned(),
        };
        let width = FindingKind::ALL
            .iter()
            .map(|k| k.name().len())
            .max()
            .unwrap_or(0);
        for c in &self.counts {
            out.push_str(&format!("  {:width$}  {}\n", c.kind.name(), c.count));
        }
        if self.findings.is_empty() {
            out.push_str("nothing to fix\n");
            return out;
        }
        for c in self.counts.iter().filter(|c| c.count > 0) {
            out.push('\n');
            for f in self.of_kind(c.kind).take(per_kind) {
                out.push_str(&format!("{f}\n"));
            }
            if c.count > per_kind {
                let more = c.count - per_kind;
                out.push_str(&format!(
                    "… and {more} more {} finding{} not listed\n",
                    c.kind,
                    if more == 1 { "" } else { "s" }
                ));
            }
        }
        out
    }
}

impl fmt::Display for Audit {
    /// [`Audit::text`] with no limit.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(usize::MAX))
    }
}

/// The entities of the model by kind, read once.
struct Entities {
    organisations: Vec<NodeIndex>,
    individuals: Vec<NodeIndex>,
    services: Vec<NodeIndex>,
}

impl Model {
    /// Audits the model: what a service manager should fix, each finding
    /// with its evidence (see [`FindingKind`] for what each kind means
    /// exactly). Findings are ordered by kind, then id.
    ///
    /// Each kind is one pass over the entities and their own links, so
    /// the audit takes time near-linear in the model's size; the
    /// consumers without a payer take, besides, time in proportion to
    /// each used service's direct consumers.
    ///
    /// ```
    /// use svcrel::{AuditOptions, Date, FindingKind, Model};
    ///
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// let audit = model.audit(&AuditOptions::new().as_of(Date::constant(2026, 12, 4)).within_days(30));
    /// for finding in audit.of_kind(FindingKind::ConsumersWithoutPayer) {
    ///     println!("{finding}");
    /// }
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn audit(&self, options: &AuditOptions) -> Audit {
        let date = options.date();
        let mut entities = Entities {
            organisations: Vec::new(),
            individuals: Vec::new(),
            services: Vec::new(),
        };
        for n in self.nodes() {
            match self.kind_of(n) {
                EntityKind::Organisation => entities.organisations.push(n),
                EntityKind::Individual => entities.individuals.push(n),
                EntityKind::Service => entities.services.push(n),
            }
        }
        let mut findings = Vec::new();
        self.audit_funding(&entities, date, &mut findings);
        self.audit_consumers(&entities, date, &mut findings);
        if let Some(date) = date {
            self.audit_ending(&entities, date, options.days(), &mut findings);
        }
        self.audit_organisations(&entities, date, &mut findings);
        findings.sort_by(|a, b| {
            (a.kind, &a.id, &a.involved)
                .cmp(&(b.kind, &b.id, &b.involved))
                .then_with(|| {
                    let key = |f: &Finding| f.link.as_ref().map(|l| (l.from, l.until));
                    key(a).cmp(&key(b))
                })
        });
        let counts = FindingKind::ALL
            .iter()
            .map(|&kind| KindCount {
                kind,
                count: findings.iter().filter(|f| f.kind == kind).count(),
            })
            .collect();
        Audit {
            as_of: date,
            within_days: options.days(),
            counts,
            findings,
        }
    }

    /// Unfunded services, funding without approvers, approvers gone and
    /// sponsors without an organisation: one pass over the services'
    /// funding links.
    fn audit_funding(&self, entities: &Entities, date: Option<Date>, out: &mut Vec<Finding>) {
        let mut tops: NodeMap<Vec<NodeIndex>> = NodeMap::default();
        for &service in &entities.services {
            let mut funded = false;
            for funding in self.fundings(service, date) {
                funded = true;
                let service_id = self.id(service);
                let payer_id = self.id(funding.payer);
                let link = self.evidence_link(funding.edge);
                if funding.approved_by.is_empty() {
                    let mut f = Finding::new(FindingKind::FundingWithoutApprover, service_id)
                        .with(payer_id, Involvement::Payer);
                    f.link = link;
                    out.push(f);
                    continue;
                }
                let payer_tops = tops
                    .entry(funding.payer)
                    .or_insert_with(|| self.top_nodes(funding.payer, date))
                    .clone();
                let mut present = false;
                for &approver in funding.approved_by {
                    let approver_tops = tops
                        .entry(approver)
                        .or_insert_with(|| self.top_nodes(approver, date));
                    if approver_tops.iter().any(|t| payer_tops.contains(t)) {
                        present = true;
                    }
                    if self
                        .ups(approver, LinkKind::Membership, date)
                        .next()
                        .is_none()
                    {
                        let mut f = Finding::new(
                            FindingKind::SponsorWithoutOrganisation,
                            self.id(approver),
                        )
                        .with(payer_id, Involvement::Payer)
                        .with(service_id, Involvement::Service);
                        f.link = link.clone();
                        out.push(f);
                    }
                }
                if !present {
                    let mut f = Finding::new(FindingKind::ApproversGone, service_id)
                        .with(payer_id, Involvement::Payer);
                    for &approver in funding.approved_by {
                        f = f.with(self.id(approver), Involvement::Approver);
                    }
                    f.link = link;
                    out.push(f);
                }
            }
            if !funded {
                let mut f = Finding::new(FindingKind::UnfundedService, self.id(service));
                if let Some(provider) = self.provider_of(service) {
                    f = f.with(self.id(provider), Involvement::Provider);
                }
                out.push(f);
            }
        }
    }

    /// Consumers without a payer: each used service's direct consumers,
    /// with triage's nearest payer.
    fn audit_consumers(&self, entities: &Entities, date: Option<Date>, out: &mut Vec<Finding>) {
        for &service in &entities.services {
            if self
                .links_in(service, LinkKind::Usage, date)
                .next()
                .is_none()
            {
                continue;
            }
            let consumers = self.consumers_from(service, MaxChain::Steps(0), date);
            let mut payers = Payers::of(self, service, date);
            // Per company: how many, and the smallest ids.
            let mut by_top: BTreeMap<&str, (usize, Vec<&str>)> = BTreeMap::new();
            for consumer in consumers.iter() {
                let party = consumer.party();
                if party.kind() != EntityKind::Individual {
                    continue;
                }
                let Some(n) = self.node_of(party.id()) else {
                    continue;
                };
                if payers.best(self, n, date).is_some() {
                    continue;
                }
                for top in self.top_nodes(n, date) {
                    let (count, examples) = by_top.entry(self.id(top)).or_default();
                    *count += 1;
                    examples.push(party.id());
                    if examples.len() > AUDIT_EXAMPLES * 4 {
                        examples.sort_unstable();
                        examples.truncate(AUDIT_EXAMPLES);
                    }
                }
            }
            for (top, (count, mut examples)) in by_top {
                examples.sort_unstable();
                examples.truncate(AUDIT_EXAMPLES);
                let mut f = Finding::new(FindingKind::ConsumersWithoutPayer, self.id(service))
                    .with(top, Involvement::Company);
                for example in examples {
                    f = f.with(example, Involvement::Example);
                }
                f.count = Some(count);
                out.push(f);
            }
        }
    }

    /// Funding, usage and oversight links ending within `days` after
    /// `date`.
    fn audit_ending(&self, entities: &Entities, date: Date, days: u32, out: &mut Vec<Finding>) {
        let mut check = |e: EdgeIndex, kind: EvidenceLinkKind, subject: NodeIndex, other| {
            let Some(until) = self.edge(e).and_then(|edge| edge.period.until()) else {
                return;
            };
            let Ok(left) = date.until(until).map(|span| span.get_days()) else {
                return;
            };
            let Ok(left) = u32::try_from(left) else {
                return;
            };
            if left == 0 || left > days {
                return;
            }
            let role = match kind {
                EvidenceLinkKind::Funding => Involvement::Payer,
                EvidenceLinkKind::Usage => Involvement::User,
                _ => Involvement::Overseer,
            };
            let mut f =
                Finding::new(FindingKind::EndingSoon, self.id(subject)).with(self.id(other), role);
            f.link = self.evidence_link(e);
            f.days_left = Some(left);
            out.push(f);
        };
        let date = Some(date);
        for &service in &entities.services {
            for (payer, e) in self.links_in(service, LinkKind::Funding, date) {
                check(e, EvidenceLinkKind::Funding, service, payer);
            }
            for (user, e) in self.links_in(service, LinkKind::Usage, date) {
                check(e, EvidenceLinkKind::Usage, service, user);
            }
        }
        for &org in &entities.organisations {
            for (overseer, e) in self.links_in(org, LinkKind::Oversight, date) {
                check(e, EvidenceLinkKind::Oversight, org, overseer);
            }
        }
    }

    /// Empty organisations and providers without members: one pass over
    /// the organisations, and one up each member's chain until it meets
    /// an organisation already marked.
    fn audit_organisations(&self, entities: &Entities, date: Option<Date>, out: &mut Vec<Finding>) {
        // Organisations with a member on the date, at or below them.
        let mut staffed: NodeMap<()> = NodeMap::default();
        for &org in &entities.organisations {
            if self
                .links_in(org, LinkKind::Membership, date)
                .next()
                .is_none()
            {
                continue;
            }
            let mut current = Some(org);
            while let Some(n) = current {
                if staffed.insert(n, ()).is_some() {
                    break;
                }
                current = self.parent_of(n);
            }
        }
        use petgraph::Direction::{Incoming, Outgoing};
        const ANY_LINK: [(petgraph::Direction, LinkKind); 8] = [
            (Incoming, LinkKind::Parent),
            (Incoming, LinkKind::Provider),
            (Outgoing, LinkKind::Funding),
            (Outgoing, LinkKind::Usage),
            (Outgoing, LinkKind::Oversight),
            (Incoming, LinkKind::Oversight),
            (Outgoing, LinkKind::Partnership),
            (Incoming, LinkKind::Partnership),
        ];
        for &org in &entities.organisations {
            let providing: Vec<NodeIndex> = self
                .links_in(org, LinkKind::Provider, None)
                .map(|(service, _)| service)
                .collect();
            if staffed.contains_key(&org) {
                continue;
            }
            if !providing.is_empty() {
                let mut f = Finding::new(FindingKind::ProviderWithoutMembers, self.id(org));
                let mut ids: Vec<&str> = providing.iter().map(|&s| self.id(s)).collect();
                ids.sort_unstable();
                for id in ids {
                    f = f.with(id, Involvement::Service);
                }
                out.push(f);
                continue;
            }
            let linked = ANY_LINK
                .iter()
                .any(|&(dir, kind)| self.links(org, dir, kind, date).next().is_some());
            if !linked {
                let mut f = Finding::new(FindingKind::EmptyOrganisation, self.id(org));
                if let Some(parent) = self.parent_of(org) {
                    f = f.with(self.id(parent), Involvement::Parent);
                }
                out.push(f);
            }
        }
    }
}
