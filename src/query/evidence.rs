//! Links of the model given as evidence: for an audit's findings, and for
//! each role of a [`Relation`](crate::Relation).

use std::fmt;

use jiff::civil::Date;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use serde::{Deserialize, Serialize};

use crate::ids::EntityKind;
use crate::model::{LinkKind, Model};
use crate::query::relation::Role;
use crate::text::bare_id;

/// The kind of a link given as evidence. Its JSON name is snake case.
///
/// ```
/// assert_eq!(serde_json::to_string(&svcrel::EvidenceLinkKind::Oversight).unwrap(), r#""oversight""#);
/// assert_eq!(svcrel::EvidenceLinkKind::Parent.name(), "parent");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EvidenceLinkKind {
    /// A funding link: `source` pays for the service `target`.
    Funding,
    /// A usage link: `source` uses the service `target`.
    Usage,
    /// An oversight link: `source` oversees the organisation `target`.
    Oversight,
    /// A membership: the individual `source` is a member of the
    /// organisation `target`.
    Membership,
    /// A reporting line: the individual `source` reports to the manager
    /// `target`.
    Reporting,
    /// A parent link: the organisation `source` is part of the
    /// organisation `target`.
    Parent,
    /// A dependency: the service `source` depends on the service
    /// `target`.
    Dependency,
    /// A provider link: the service `source` is provided by `target`.
    Provider,
    /// A partnership: `source` (the document's `parties[0]`) partners
    /// with `target` (`parties[1]`).
    Partnership,
}

impl EvidenceLinkKind {
    /// The kind's name, as in the JSON.
    ///
    /// ```
    /// assert_eq!(svcrel::EvidenceLinkKind::Dependency.name(), "dependency");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            EvidenceLinkKind::Funding => "funding",
            EvidenceLinkKind::Usage => "usage",
            EvidenceLinkKind::Oversight => "oversight",
            EvidenceLinkKind::Membership => "membership",
            EvidenceLinkKind::Reporting => "reporting",
            EvidenceLinkKind::Parent => "parent",
            EvidenceLinkKind::Dependency => "dependency",
            EvidenceLinkKind::Provider => "provider",
            EvidenceLinkKind::Partnership => "partnership",
        }
    }

    fn of(kind: LinkKind) -> EvidenceLinkKind {
        match kind {
            LinkKind::Parent => EvidenceLinkKind::Parent,
            LinkKind::Provider => EvidenceLinkKind::Provider,
            LinkKind::Membership => EvidenceLinkKind::Membership,
            LinkKind::Reporting => EvidenceLinkKind::Reporting,
            LinkKind::Funding => EvidenceLinkKind::Funding,
            LinkKind::Usage => EvidenceLinkKind::Usage,
            LinkKind::Dependency => EvidenceLinkKind::Dependency,
            LinkKind::Oversight => EvidenceLinkKind::Oversight,
            LinkKind::Partnership => EvidenceLinkKind::Partnership,
        }
    }
}

/// A link of the model given as evidence, with its dates:
/// `{"link": "funding", "source": "goddard-apps", "target":
/// "expense-app", "from": null, "until": "2027-01-01", "approved_by":
/// ["dana"]}`.
///
/// `source` and `target` are the link's ends as the document writes
/// them: individual → organisation (membership), individual → manager
/// (reporting), organisation → parent, service → depended-on service,
/// service → provider, `parties[0]` → `parties[1]` (partnership), payer
/// → service, user → service, overseer → organisation.
///
/// ```
/// # use svcrel::{AuditOptions, Date, EvidenceLinkKind, FindingKind, Model};
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let audit = model.audit(&AuditOptions::new());
/// let f = audit.of_kind(FindingKind::FundingWithoutApprover).next().unwrap();
/// let link = f.link.as_ref().unwrap();
/// assert_eq!(link.kind, EvidenceLinkKind::Funding);
/// assert!(link.approved_by.is_empty());
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct EvidenceLink {
    /// The link's kind.
    #[serde(rename = "link")]
    pub kind: EvidenceLinkKind,
    /// Its first end (see above): the member, the one reporting, the
    /// child organisation, the dependent service, the service provided,
    /// the first partner, the payer, the user or the overseer.
    pub source: String,
    /// Its second end: the organisation, the manager, the parent, the
    /// depended-on service, the provider, the second partner, the service
    /// paid for or used, or the organisation overseen.
    pub target: String,
    /// The first day it holds; `null`: since always.
    #[serde(with = "crate::dates")]
    #[schemars(with = "Option<String>")]
    pub from: Option<Date>,
    /// The first day it no longer holds; `null`: it still holds.
    #[serde(with = "crate::dates")]
    #[schemars(with = "Option<String>")]
    pub until: Option<Date>,
    /// A funding link's approvers (empty for the other kinds).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approved_by: Vec<String>,
}

impl EvidenceLink {
    /// Whether the link touches `id`: one of its ends, or one of a
    /// funding link's approvers.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let rel = model.explain("dana", "expense-app", &svcrel::Query::new())?;
    /// let sponsor = rel.evidence_for(&svcrel::Role::Sponsor).unwrap();
    /// assert!(sponsor.links[0].touches("dana"));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn touches(&self, id: &str) -> bool {
        self.source == id || self.target == id || self.approved_by.iter().any(|a| a == id)
    }
}

impl fmt::Display for EvidenceLink {
    /// The link on one line: its kind, its ends, a funding link's
    /// approvers and its dates, every id escaped for printing (see
    /// [`printable`](crate::printable)) and quoted when it is not plain:
    /// `funding goddard-apps → expense-app, approved by dana`,
    /// `membership mary → acme-finance, from 2027-01-01`.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let rel = model.explain("dana", "expense-app", &svcrel::Query::new())?;
    /// let sponsor = rel.evidence_for(&svcrel::Role::Sponsor).unwrap();
    /// assert!(sponsor.links[0].to_string().starts_with("funding goddard-apps → expense-app, approved by dana"));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} → {}",
            self.kind.name(),
            bare_id(&self.source),
            bare_id(&self.target)
        )?;
        if !self.approved_by.is_empty() {
            let approvers: Vec<_> = self.approved_by.iter().map(|a| bare_id(a)).collect();
            write!(f, ", approved by {}", approvers.join(", "))?;
        }
        match (self.from, self.until) {
            (None, None) => Ok(()),
            (Some(from), None) => write!(f, ", from {from}"),
            (None, Some(until)) => write!(f, ", until {until}"),
            (Some(from), Some(until)) => write!(f, ", from {from} until {until}"),
        }
    }
}

/// One role of a [`Relation`](crate::Relation) and the links of the model
/// that make it so, on the query's date: in order from the party to the
/// service, each sharing an entity with the next (an end, or a funding
/// link's approver), the first touching the party, the last the service.
/// In JSON the role's fields and the links side by side: `{"role":
/// "customer", "distance": 0, "scope": "internal", "links": [...]}`.
///
/// What the links are, for each role:
///
/// - provider: the party's membership (for an individual) and the parent
///   chain up to the provider, then the service's provider link;
/// - customer: the chain (reporting lines, or parents) from the party down
///   to the payer or approver it is `distance` steps above, then that
///   funding link;
/// - consumer: the membership and parents from the party up to the user,
///   its usage link on a service, then the dependencies from that service
///   to this one (`distance` of them); or, when the party's side provides
///   the service it depends from, that service's provider link first;
/// - sponsor: the funding link the party approves;
/// - client: the chain up to the overseer, the oversight link, the parents
///   from the organisation overseen down to the provider, the provider
///   link;
/// - colleague: the membership and parents up to the top the party shares
///   with the provider, the parents down to the provider, the provider
///   link;
/// - partner: the chain up to the partner, the partnership, the chain from
///   the other partner down to the provider, the provider link.
///
/// Where there are several ways, ties go to the links listed first in the
/// document (kept through edits): the party's first membership whose
/// chain leads there, the first funding, oversight or partnership link
/// that shows the role, for a customer the first link down at each step
/// among those one step nearer the payer or approver, and for a consumer
/// a usage link before a provider link, the first listed, then at each
/// step the first dependency among those one step nearer the service. An
/// edited model and the same model rebuilt give the same links.
///
/// ```
/// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
/// let rel = model.explain("dana", "expense-app", &svcrel::Query::new())?;
/// let sponsor = rel.evidence_for(&svcrel::Role::Sponsor).unwrap();
/// assert_eq!(sponsor.links.len(), 1);
/// assert_eq!(sponsor.links[0].kind, svcrel::EvidenceLinkKind::Funding);
/// let json = serde_json::to_value(sponsor).unwrap();
/// assert_eq!(json["role"], "sponsor");
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct RoleEvidence {
    /// The role.
    #[serde(flatten)]
    pub role: Role,
    /// The links that make it so, from the party to the service.
    pub links: Vec<EvidenceLink>,
}

impl Model {
    /// A link as evidence; `None` for a link that is gone.
    pub(crate) fn evidence_link(&self, e: EdgeIndex) -> Option<EvidenceLink> {
        let (source, target) = self.edge_ends(e)?;
        let edge = self.edge(e)?;
        Some(EvidenceLink {
            kind: EvidenceLinkKind::of(edge.kind),
            source: self.id(source).to_owned(),
            target: self.id(target).to_owned(),
            from: edge.period.from(),
            until: edge.period.until(),
            approved_by: edge
                .funding()
                .map(|f| {
                    f.approved_by
                        .iter()
                        .map(|&a| self.id(a).to_owned())
                        .collect()
                })
                .unwrap_or_default(),
        })
    }

    /// Links as evidence, in order.
    pub(crate) fn evidence_links(&self, edges: &[EdgeIndex]) -> Vec<EvidenceLink> {
        edges
            .iter()
            .filter_map(|&e| self.evidence_link(e))
            .collect()
    }

    /// The parent link of an organisation.
    pub(crate) fn parent_link(&self, org: NodeIndex) -> Option<EdgeIndex> {
        self.links_out(org, LinkKind::Parent, None)
            .next()
            .map(|(_, e)| e)
    }

    /// The provider link of a service.
    pub(crate) fn provider_link(&self, service: NodeIndex) -> Option<EdgeIndex> {
        self.links_out(service, LinkKind::Provider, None)
            .next()
            .map(|(_, e)| e)
    }

    /// The link of `kind` from `from` to `to` holding on `date`, the
    /// first in document order.
    pub(crate) fn link_between(
        &self,
        from: NodeIndex,
        to: NodeIndex,
        kind: LinkKind,
        date: Option<Date>,
    ) -> Option<EdgeIndex> {
        self.links_out(from, kind, date)
            .filter(|&(other, _)| other == to)
            .map(|(_, e)| e)
            .min_by_key(|&e| self.edge_seq(e))
    }

    /// The links up from `party` to `goal`, one of the party's self and
    /// above (see `self_and_above`): for an organisation its parents; for
    /// an individual the first membership on `date` (in document order)
    /// whose parent chain reaches `goal`, then those parents. Empty when
    /// `party` is `goal`; `None` when no chain reaches it.
    pub(crate) fn up_path(
        &self,
        party: NodeIndex,
        goal: NodeIndex,
        date: Option<Date>,
    ) -> Option<Vec<EdgeIndex>> {
        if party == goal {
            return Some(Vec::new());
        }
        let parents = |start: NodeIndex, out: &mut Vec<EdgeIndex>| -> bool {
            let mut current = start;
            let mut steps = self.node_count();
            while current != goal {
                let Some(left) = steps.checked_sub(1) else {
                    return false;
                };
                steps = left;
                let Some(e) = self.parent_link(current) else {
                    return false;
                };
                out.push(e);
                match self.edge_ends(e) {
                    Some((_, up)) => current = up,
                    None => return false,
                }
            }
            true
        };
        let mut out = Vec::new();
        match self.kind_of(party) {
            EntityKind::Organisation => parents(party, &mut out).then_some(out),
            EntityKind::Individual => {
                // Memberships in document order (link order may differ on
                // a model edited since its last rebuild).
                let mut memberships: Vec<(NodeIndex, EdgeIndex)> =
                    self.links_out(party, LinkKind::Membership, date).collect();
                memberships.sort_by_key(|&(_, e)| self.edge_seq(e));
                for (org, e) in memberships {
                    out.clear();
                    out.push(e);
                    if parents(org, &mut out) {
                        return Some(out);
                    }
                }
                None
            }
            EntityKind::Service => None,
        }
    }

    /// [`Self::up_path`] from `party` to `goal`, then the links from
    /// `goal`'s other end down to `provider` (the reverse of the provider's
    /// own [`Self::up_path`] to `down_from`), then the service's provider
    /// link.
    pub(crate) fn across_to_provider(
        &self,
        up: Vec<EdgeIndex>,
        middle: Option<EdgeIndex>,
        down_from: NodeIndex,
        provider: NodeIndex,
        service: NodeIndex,
        date: Option<Date>,
    ) -> Vec<EdgeIndex> {
        let mut out = up;
        out.extend(middle);
        if let Some(mut down) = self.up_path(provider, down_from, date) {
            down.reverse();
            out.extend(down);
        }
        out.extend(self.provider_link(service));
        out
    }
}
