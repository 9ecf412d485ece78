//! `triage`: one answer a ticketing system can act on.

use jiff::civil::Date;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use crate::document::Payment;
use crate::ids::{EntityKind, IndividualId, PartyId};
use crate::model::{LinkKind, Model, NodeMap};
use crate::query::Query;
use crate::query::evidence::EvidenceLink;
use crate::query::relation::{Proof, Relation, Role};

/// The funding link chosen to pay for a ticket: see [`Model::triage`].
///
/// ```
/// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
/// let t = model.triage("teacher-ann", "desktop-support", &svcrel::Query::new())?;
/// let payer = t.payer().unwrap();
/// assert_eq!(payer.payer(), "council-education");
/// assert_eq!(payer.payment(), svcrel::Payment::Chargeback);
/// assert_eq!(payer.steps(), 2); // teacher-ann → riverside-school → council-education
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayingCustomer {
    payer: PartyId,
    payment: Payment,
    steps: u32,
    via: Option<PartyId>,
    sponsors: Vec<IndividualId>,
    links: Vec<EvidenceLink>,
}

impl PayingCustomer {
    /// The party that pays.
    pub fn payer(&self) -> &PartyId {
        &self.payer
    }

    /// How it pays.
    pub fn payment(&self) -> Payment {
        self.payment
    }

    /// Steps from the requester to the payer: 0 when the requester pays,
    /// 1 for an organisation the requester is a member of, one more for
    /// each parent above it.
    pub fn steps(&self) -> u32 {
        self.steps
    }

    /// The organisation, among the requester's memberships, through which
    /// the payer was reached (none when the requester pays, or is an
    /// organisation).
    pub fn via(&self) -> Option<&PartyId> {
        self.via.as_ref()
    }

    /// The individuals who approve this funding link, to notify.
    pub fn sponsors(&self) -> &[IndividualId] {
        &self.sponsors
    }

    /// The links that make the payer pay for the requester, on the
    /// query's date: the requester's membership in [`Self::via`] (for an
    /// individual) and the parents up to the payer ([`Self::steps`] links
    /// in all), then the chosen funding link, whose `approved_by` are the
    /// sponsors to notify.
    ///
    /// ```
    /// use svcrel::EvidenceLinkKind;
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let t = model.triage("teacher-ann", "desktop-support", &svcrel::Query::new())?;
    /// let links = t.payer().unwrap().links();
    /// let kinds: Vec<_> = links.iter().map(|l| l.kind).collect();
    /// assert_eq!(kinds, [EvidenceLinkKind::Membership, EvidenceLinkKind::Parent, EvidenceLinkKind::Funding]);
    /// assert_eq!(links[2].source, "council-education");
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn links(&self) -> &[EvidenceLink] {
        &self.links
    }
}

/// What a ticket needs: the requester's roles, whether they are entitled
/// to service, who pays, whom to notify, and one sentence explaining it.
/// See [`Model::triage`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Triage {
    relation: Relation,
    entitled: bool,
    payer: Option<PayingCustomer>,
    explanation: String,
}

impl Triage {
    /// The requester's roles, as [`Model::explain`] gives them: each with its evidence.
    pub fn relation(&self) -> &Relation {
        &self.relation
    }

    /// Whether the requester is the service's provider, consumer,
    /// customer or client.
    pub fn entitled(&self) -> bool {
        self.entitled
    }

    /// The paying customer for this ticket, if anybody near the requester
    /// pays.
    pub fn payer(&self) -> Option<&PayingCustomer> {
        self.payer.as_ref()
    }

    /// The sponsors to notify: the approvers of the chosen funding link.
    pub fn sponsors(&self) -> &[IndividualId] {
        self.payer.as_ref().map_or(&[], |p| &p.sponsors)
    }

    /// One sentence in words explaining it all.
    pub fn explanation(&self) -> &str {
        &self.explanation
    }
}

/// A way from a requester to a payer of the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Choice {
    pub(crate) steps: u32,
    pub(crate) edge: EdgeIndex,
    pub(crate) via: Option<NodeIndex>,
}

impl Choice {
    /// Fewer steps first, then the link listed first (added first).
    fn key(&self, model: &Model) -> (u32, u32) {
        (self.steps, model.edge_seq(self.edge))
    }
}

/// The funding links on a service that hold on a date, by payer, each
/// payer with its first link in document order.
pub(crate) struct Payers {
    first: NodeMap<EdgeIndex>,
    /// Per organisation: its nearest payer upwards (steps from it, link).
    memo: NodeMap<Option<(u32, EdgeIndex)>>,
}

impl Payers {
    pub(crate) fn of(model: &Model, service: NodeIndex, date: Option<Date>) -> Payers {
        let mut first: NodeMap<EdgeIndex> = NodeMap::default();
        for (payer, e) in model.links_in(service, LinkKind::Funding, date) {
            let slot = first.entry(payer).or_insert(e);
            if model.edge_seq(e) < model.edge_seq(*slot) {
                *slot = e;
            }
        }
        Payers {
            first,
            memo: NodeMap::default(),
        }
    }

    /// The nearest payer at or above organisation `org`.
    fn above(&mut self, model: &Model, org: NodeIndex) -> Option<(u32, EdgeIndex)> {
        let mut chain = Vec::new();
        let mut current = Some(org);
        let mut found = None;
        while let Some(n) = current {
            if let Some(known) = self.memo.get(&n) {
                found = *known;
                break;
            }
            chain.push(n);
            if let Some(&edge) = self.first.get(&n) {
                found = Some((0, edge));
                chain.pop();
                self.memo.insert(n, found);
                break;
            }
            current = model.parent_of(n);
        }
        // Walking back down, each organisation is one step further away.
        for n in chain.into_iter().rev() {
            found = found.map(|(steps, edge)| (steps + 1, edge));
            self.memo.insert(n, found);
        }
        self.memo.get(&org).copied().flatten()
    }

    /// Every membership's best way to a payer (or the party's own), best
    /// first.
    pub(crate) fn choices(
        &mut self,
        model: &Model,
        party: NodeIndex,
        date: Option<Date>,
    ) -> Vec<Choice> {
        let mut out = Vec::new();
        if let Some(&edge) = self.first.get(&party) {
            out.push(Choice {
                steps: 0,
                edge,
                via: None,
            });
        }
        match model.kind_of(party) {
            EntityKind::Organisation => {
                if let Some((steps, edge)) =
                    model.parent_of(party).and_then(|p| self.above(model, p))
                {
                    out.push(Choice {
                        steps: steps + 1,
                        edge,
                        via: None,
                    });
                }
            }
            EntityKind::Individual => {
                let orgs: Vec<NodeIndex> = model
                    .links_out(party, LinkKind::Membership, date)
                    .map(|(org, _)| org)
                    .collect();
                for org in orgs {
                    if let Some((steps, edge)) = self.above(model, org) {
                        out.push(Choice {
                            steps: steps + 1,
                            edge,
                            via: Some(org),
                        });
                    }
                }
            }
            EntityKind::Service => {}
        }
        out.sort_by(|a, b| {
            a.key(model)
                .cmp(&b.key(model))
                .then_with(|| a.via.map(|v| model.id(v)).cmp(&b.via.map(|v| model.id(v))))
        });
        out
    }

    /// The payer [`Payers::best`] leads to, found without building the
    /// choices: the funding link with the fewest steps, then listed
    /// first (choices tied on both share the link, so the payer).
    pub(crate) fn best_payer(
        &mut self,
        model: &Model,
        party: NodeIndex,
        date: Option<Date>,
    ) -> Option<NodeIndex> {
        let mut best: Option<(u32, u32, EdgeIndex)> = None;
        let mut consider = |steps: u32, edge: EdgeIndex| {
            let key = (steps, model.edge_seq(edge), edge);
            if best.is_none_or(|b| (key.0, key.1) < (b.0, b.1)) {
                best = Some(key);
            }
        };
        if let Some(&edge) = self.first.get(&party) {
            consider(0, edge);
        }
        match model.kind_of(party) {
            EntityKind::Organisation => {
                if let Some((steps, edge)) =
                    model.parent_of(party).and_then(|p| self.above(model, p))
                {
                    consider(steps + 1, edge);
                }
            }
            EntityKind::Individual => {
                for org in model.ups(party, LinkKind::Membership, date) {
                    if let Some((steps, edge)) = self.above(model, org) {
                        consider(steps + 1, edge);
                    }
                }
            }
            EntityKind::Service => {}
        }
        best.and_then(|(_, _, edge)| model.edge_ends(edge))
            .map(|(payer, _)| payer)
    }

    pub(crate) fn best(
        &mut self,
        model: &Model,
        party: NodeIndex,
        date: Option<Date>,
    ) -> Option<Choice> {
        self.choices(model, party, date)
            .into_iter()
            .min_by_key(|c| c.key(model))
    }
}

impl Model {
    /// [`Model::triage`] of a party node and a service node.
    pub(crate) fn triage_of(&self, party: NodeIndex, service: NodeIndex, query: &Query) -> Triage {
        let date = query.date();
        let relation = self.relation_of(party, service, query, Proof::Links);
        let entitled = relation.roles().iter().any(|r| {
            matches!(
                r,
                Role::Provider | Role::Customer { .. } | Role::Consumer { .. } | Role::Client
            )
        });
        let mut payers = Payers::of(self, service, date);
        let choices = payers.choices(self, party, date);
        let payer = choices
            .first()
            .map(|c| self.paying_customer_with_links(party, c, date));
        let explanation = self.explain_triage(party, service, date, &relation, entitled, &choices);
        Triage {
            relation,
            entitled,
            payer,
            explanation,
        }
    }

    pub(crate) fn paying_customer(&self, choice: &Choice) -> PayingCustomer {
        let (payer, _) = self
            .edge_ends(choice.edge)
            .unwrap_or((NodeIndex::end(), NodeIndex::end()));
        let (payment, sponsors) = match self.edge(choice.edge).and_then(|e| e.funding()) {
            Some(f) => (
                f.payment,
                f.approved_by
                    .iter()
                    .map(|&a| IndividualId::from(self.id(a)))
                    .collect(),
            ),
            None => (Payment::None, Vec::new()),
        };
        PayingCustomer {
            payer: PartyId::from(self.id(payer)),
            payment,
            steps: choice.steps,
            via: choice.via.map(|v| PartyId::from(self.id(v))),
            sponsors,
            links: Vec::new(),
        }
    }

    /// [`Self::paying_customer`] with its links (see
    /// [`PayingCustomer::links`]).
    fn paying_customer_with_links(
        &self,
        party: NodeIndex,
        choice: &Choice,
        date: Option<Date>,
    ) -> PayingCustomer {
        let mut out = self.paying_customer(choice);
        let mut edges = Vec::new();
        if let Some((payer, _)) = self.edge_ends(choice.edge) {
            match choice.via {
                Some(via) => {
                    edges.extend(self.link_between(party, via, LinkKind::Membership, date));
                    edges.extend(self.up_path(via, payer, date).unwrap_or_default());
                }
                None => edges.extend(self.up_path(party, payer, date).unwrap_or_default()),
            }
        }
        edges.push(choice.edge);
        out.links = self.evidence_links(&edges);
        out
    }

    fn explain_triage(
        &self,
        party: NodeIndex,
        service: NodeIndex,
        date: Option<Date>,
        relation: &Relation,
        entitled: bool,
        choices: &[Choice],
    ) -> String {
        let who = self.entity_at(party).label();
        let what = self.entity_at(service).label();
        let roles: Vec<String> = relation.roles().iter().map(role_words).collect();
        let mut text = match roles.as_slice() {
            [] => format!("{who} has no relation to {what}"),
            _ => format!("{who} is {} of {what}", join_words(&roles)),
        };
        if let Some(date) = date {
            text.push_str(&format!(" on {date}"));
        }
        text.push_str(if entitled {
            ", entitled to service"
        } else {
            ", not entitled to service"
        });
        match choices.first() {
            None => text.push_str(&format!("; nobody near {who} pays for it.")),
            Some(best) => {
                let p = self.paying_customer(best);
                let payer = self
                    .entity_at(self.edge_ends(best.edge).map_or(party, |(a, _)| a))
                    .label();
                let how = match p.payment {
                    Payment::None => "commissions it without payment".to_owned(),
                    payment => format!("pays for it by {payment}"),
                };
                text.push_str(&format!("; {payer} {how}"));
                match best.via {
                    None if best.steps == 0 => text.push_str(" (the requester pays)"),
                    None => text.push_str(&format!(
                        ", {} step{} above {who}",
                        best.steps,
                        plural(best.steps)
                    )),
                    Some(via) => {
                        let via = self.entity_at(via).label();
                        if best.steps == 1 {
                            text.push_str(&format!(" ({who} is a member of it)"));
                        } else {
                            text.push_str(&format!(
                                " ({who} is a member of {via}, {} step{} below it)",
                                best.steps - 1,
                                plural(best.steps - 1)
                            ));
                        }
                    }
                }
                let others: Vec<String> = choices[1..]
                    .iter()
                    .filter(|c| c.via != best.via)
                    .filter_map(|c| {
                        let (payer_node, _) = self.edge_ends(c.edge)?;
                        let payer = self.entity_at(payer_node).label();
                        let via = c
                            .via
                            .filter(|&v| v != payer_node)
                            .map(|v| self.entity_at(v).label());
                        Some(match via {
                            Some(via) => format!("{payer} ({} steps away, through {via})", c.steps),
                            None => format!("{payer} ({} step{} away)", c.steps, plural(c.steps)),
                        })
                    })
                    .collect();
                if !others.is_empty() {
                    let tie = choices[1..].iter().any(|c| c.steps == best.steps);
                    text.push_str(&format!(
                        "; also near: {}{}",
                        join_words(&others),
                        if tie {
                            ", but a tie goes to the funding link listed first"
                        } else {
                            ""
                        }
                    ));
                }
                let sponsors: Vec<&str> = p
                    .sponsors
                    .iter()
                    .filter_map(|s| self.entity(s.as_str()).map(|e| e.label()))
                    .collect();
                match sponsors.as_slice() {
                    [] => text.push('.'),
                    _ => text.push_str(&format!(
                        "; notify {}.",
                        join_words(&sponsors.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                    )),
                }
            }
        }
        text
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn role_words(role: &Role) -> String {
    match role {
        Role::Customer { distance, scope } => format!("an {scope} customer (distance {distance})"),
        Role::Consumer { distance } => format!("a consumer (distance {distance})"),
        Role::Provider => "the provider".to_owned(),
        Role::Sponsor => "a sponsor".to_owned(),
        Role::Client => "a client".to_owned(),
        Role::Colleague => "a colleague".to_owned(),
        Role::Partner => "a partner".to_owned(),
    }
}

fn join_words(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
