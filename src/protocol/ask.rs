//! `Model::ask`: a question as data in, an answer as data out.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::error::Error;
use crate::ids::PartyId;
use crate::model::{Entity, KnownAs, Model};
use crate::protocol::answer::{
    Answer, AuditAnswer, ConsumersAnswer, CustomersAnswer, DiffAnswer, FindAnswer, HistoryAnswer,
    ImpactAnswer, RelationAnswer, SuggestAnswer, TriageAnswer,
};
use crate::protocol::kinds::{
    AuditQuestion, ConsumersQuestion, CustomersQuestion, DiffQuestion, FindQuestion,
    HistoryQuestion, ImpactQuestion, RelationQuestion, SuggestQuestion, TriageQuestion,
};
use crate::protocol::question::Question;
use crate::protocol::rows::{
    Candidate, ConsumerRow, Contact, CustomerRow, Cutoffs, DistanceCount, Match, ServiceRow, Via,
};
use crate::protocol::{Evidence, MAX_PATH_BYTES};
use crate::query::{ContactRole, Diff, EvidenceLink, Path, Query, Step};

/// What each entity on a path costs besides its id: JSON's quotes and
/// commas, about.
const PER_ENTITY: usize = 16;

impl Model {
    /// Answers a [`Question`]: the protocol's one way in, as `svcrel
    /// batch` (and any other program) asks.
    ///
    /// Each kind of question is answered by the typed method it names
    /// ([`Model::customers_of`], [`Model::consumers_of`],
    /// [`Model::relation`], [`Model::triage`], [`Model::impact`],
    /// [`Model::relation_history`], [`Model::audit`],
    /// [`Diff::between_dates`] with [`Diff::with_relationships`]), with
    /// the [`Query`] the question resolves to (its `query` method, such
    /// as [`CustomersQuestion::query`]): a question without `as_of` is
    /// answered as of [`today`](crate::today) (where a `Query` without a
    /// date ignores dates), and one without `max_chain` with the command
    /// line's cutoffs. The [`Answer`] owns its data: it borrows
    /// nothing from the model and serialises to the JSON the command line
    /// prints with `--json`, with names beside ids, the date and cutoffs
    /// used, the model's [`version`](Model::version) and, for lists, the
    /// total.
    ///
    /// ```
    /// use svcrel::{Answer, Date, Model, Question};
    ///
    /// let model = Model::from_json_file("examples/data/sample.json")?;
    /// // United Airlines funded the broadcast from 2012 until March 2020.
    /// let question = Question::triage("united-airlines", "nfl-broadcast");
    /// let Answer::Triage(then) = model.ask(&question.clone().as_of(Date::constant(2015, 6, 1)).into())? else { unreachable!() };
    /// assert!(then.entitled);
    /// let Answer::Triage(later) = model.ask(&question.as_of(Date::constant(2024, 6, 1)).into())? else { unreachable!() };
    /// assert!(!later.entitled);
    /// assert_eq!(later.as_of, Some(Date::constant(2024, 6, 1)));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// - [`ErrorKind::UnknownId`](crate::ErrorKind::UnknownId) for an id
    ///   the model lacks, or that names an entity of another kind than the
    ///   question wants, as the typed methods report it;
    /// - [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) when the
    ///   paths of a customers or consumers answer would take more than
    ///   [`MAX_PATH_BYTES`]: ask with [`Evidence::Via`] instead;
    /// - [`ErrorKind::BadDate`](crate::ErrorKind::BadDate) when the
    ///   answer is as of today and `SVCREL_TODAY` is not a date;
    /// - [`ErrorKind::InvalidQuestion`](crate::ErrorKind::InvalidQuestion)
    ///   for what only answering finds wrong, such as a history's or a
    ///   diff's dates in the wrong order.
    pub fn ask(&self, question: &Question) -> Result<Answer, Error> {
        Ok(match question {
            Question::Customers(q) => Answer::Customers(self.ask_customers(q)?),
            Question::Consumers(q) => Answer::Consumers(self.ask_consumers(q)?),
            Question::Relation(q) => Answer::Relation(self.ask_relation(q)?),
            Question::Triage(q) => Answer::Triage(self.ask_triage(q)?),
            Question::Impact(q) => Answer::Impact(self.ask_impact(q)?),
            Question::Find(q) => Answer::Find(self.ask_find(q)),
            Question::Suggest(q) => Answer::Suggest(self.ask_suggest(q)),
            Question::History(q) => Answer::History(self.ask_history(q)?),
            Question::Audit(q) => Answer::Audit(self.ask_audit(q)?),
            Question::Diff(q) => Answer::Diff(self.ask_diff(q)?),
        })
    }

    fn ask_diff(&self, q: &DiffQuestion) -> Result<DiffAnswer, Error> {
        let options = q.options()?;
        let (old, new) = q.dates()?;
        let mut diff = Diff::between_dates(self, old, new).with_relationships(self, self, &options);
        if let Some(n) = q.asked_limit() {
            diff.keep_first(rows(Some(n)));
        }
        Ok(DiffAnswer {
            diff,
            max_chain: cutoffs(&options.new_query()),
            version: self.version(),
        })
    }

    fn ask_history(&self, q: &HistoryQuestion) -> Result<HistoryAnswer, Error> {
        let (party, matched) = self.party_named(q.party())?;
        let history = self.relation_history(&party, q.service(), &q.options())?;
        Ok(HistoryAnswer { history, matched })
    }

    fn ask_audit(&self, q: &AuditQuestion) -> Result<AuditAnswer, Error> {
        let mut audit = self.audit(&q.options()?);
        let total = audit.findings().len();
        audit.keep_first(rows(q.asked_limit()));
        Ok(AuditAnswer {
            audit,
            total,
            version: self.version(),
        })
    }

    fn ask_customers(&self, q: &CustomersQuestion) -> Result<CustomersAnswer, Error> {
        let query = q.query()?;
        let date = query.date();
        let answer = self.customers_of(q.service(), &query)?;
        let mut budget = Budget::new(q.asked_evidence());
        let customers = answer
            .iter()
            .take(rows(q.asked_limit()))
            .map(|c| {
                let party = c.party();
                Ok(CustomerRow {
                    party: party.id().to_owned(),
                    name: name(party),
                    kind: party.kind(),
                    distance: c.distance(),
                    scope: c.scope(),
                    via: via(c.via()),
                    path: budget.path(|| c.path())?,
                })
            })
            .collect::<Result<_, Error>>()?;
        let service = answer.service();
        Ok(CustomersAnswer {
            service: service.id().to_owned(),
            service_name: name(service),
            customers,
            total: answer.len(),
            as_of: date,
            max_chain: Cutoffs {
                customer: Some(query.customer_max_chain()),
                consumer: None,
            },
            version: self.version(),
        })
    }

    fn ask_consumers(&self, q: &ConsumersQuestion) -> Result<ConsumersAnswer, Error> {
        let query = q.query()?;
        let date = query.date();
        let answer = self.consumers_of(q.service(), &query)?;
        let service = answer.service();
        let mut reply = ConsumersAnswer {
            service: service.id().to_owned(),
            service_name: name(service),
            consumers: None,
            services: None,
            total: answer.len(),
            services_total: answer.services().len(),
            consumers_by_top: None,
            consumers_by_payer: None,
            consumers_without_payer: None,
            consumers_by_distance: None,
            services_by_distance: None,
            as_of: date,
            max_chain: Cutoffs {
                customer: None,
                consumer: Some(query.consumer_max_chain()),
            },
            version: self.version(),
        };
        if q.asked_summary() {
            // The counts per company and per payer are the impact's; the
            // customers it would notify are not needed.
            let impact = self.impact(q.service(), &query.customer_chain(0))?;
            reply.consumers_by_top = Some(by_id(impact.consumers_by_top()));
            reply.consumers_by_payer = Some(by_id(impact.consumers_by_payer()));
            reply.consumers_without_payer = Some(impact.consumers_without_payer());
            reply.consumers_by_distance = Some(per_distance(answer.iter().map(|c| c.distance())));
            reply.services_by_distance =
                Some(per_distance(answer.services().map(|s| s.distance())));
            return Ok(reply);
        }
        let limit = rows(q.asked_limit());
        let mut budget = Budget::new(q.asked_evidence());
        let consumers = answer
            .iter()
            .take(limit)
            .map(|c| {
                let party = c.party();
                Ok(ConsumerRow {
                    party: party.id().to_owned(),
                    name: name(party),
                    kind: party.kind(),
                    distance: c.distance(),
                    via: via(c.via()),
                    path: budget.path(|| c.path())?,
                })
            })
            .collect::<Result<_, Error>>()?;
        let services = answer
            .services()
            .take(limit)
            .map(|s| {
                Ok(ServiceRow {
                    service: s.service().id().to_owned(),
                    name: name(s.service()),
                    distance: s.distance(),
                    via: Some(via(s.via())),
                    path: budget.path(|| s.path())?,
                })
            })
            .collect::<Result<_, Error>>()?;
        reply.consumers = Some(consumers);
        reply.services = Some(services);
        Ok(reply)
    }

    fn ask_relation(&self, q: &RelationQuestion) -> Result<RelationAnswer, Error> {
        let query = q.query()?;
        let date = query.date();
        let (party, matched) = self.party_named(q.party())?;
        let relation = self.explain(&party, q.service(), &query)?;
        Ok(RelationAnswer {
            party: party.to_string(),
            matched,
            party_name: self.name_of(&party),
            service: q.service().to_owned(),
            service_name: self.name_of(q.service()),
            roles: relation.roles().to_vec(),
            evidence: relation.evidence().to_vec(),
            names: self.names_in(relation.evidence().iter().flat_map(|e| &e.links), []),
            as_of: date,
            max_chain: cutoffs(&query),
            version: self.version(),
        })
    }

    fn ask_triage(&self, q: &TriageQuestion) -> Result<TriageAnswer, Error> {
        let query = q.query()?;
        let date = query.date();
        let (party, matched) = self.party_named(q.party())?;
        let triage = self.triage(&party, q.service(), &query)?;
        let payer = triage.payer();
        let payer_id = payer.map(|p| p.payer().as_str());
        let via_id = payer.and_then(|p| p.via()).map(PartyId::as_str);
        let contacts = self.contacts(triage.sponsors().iter().map(|s| s.as_str()), date);
        Ok(TriageAnswer {
            party: party.to_string(),
            matched,
            party_name: self.name_of(&party),
            service: q.service().to_owned(),
            service_name: self.name_of(q.service()),
            roles: triage.relation().roles().to_vec(),
            evidence: triage.relation().evidence().to_vec(),
            entitled: triage.entitled(),
            payer: payer_id.map(str::to_owned),
            payer_name: payer_id.and_then(|id| self.name_of(id)),
            payment: payer.map(|p| p.payment()),
            steps: payer.map(|p| p.steps()),
            via: via_id.map(str::to_owned),
            via_name: via_id.and_then(|id| self.name_of(id)),
            sponsors: triage.sponsors().iter().map(|s| s.to_string()).collect(),
            sponsor_names: triage
                .sponsors()
                .iter()
                .map(|s| self.name_of(s.as_str()))
                .collect(),
            payer_links: payer.map(|p| p.links().to_vec()).unwrap_or_default(),
            names: self.names_in(
                triage
                    .relation()
                    .evidence()
                    .iter()
                    .flat_map(|e| &e.links)
                    .chain(payer.map(|p| p.links()).unwrap_or_default()),
                contacts.iter().map(|c| c.reaches.as_str()),
            ),
            contacts,
            explanation: triage.explanation().to_owned(),
            as_of: date,
            max_chain: cutoffs(&query),
            version: self.version(),
        })
    }

    fn ask_impact(&self, q: &ImpactQuestion) -> Result<ImpactAnswer, Error> {
        let query = q.query()?;
        let date = query.date();
        let impact = self.impact(q.service(), &query)?;
        let summary = q.asked_summary();
        let shown = rows(q.asked_limit());
        let services = impact
            .services()
            .iter()
            .take(shown)
            .map(|(s, distance)| ServiceRow {
                service: s.to_string(),
                name: self.name_of(s.as_str()),
                distance: *distance,
                via: None,
                path: None,
            });
        let notify = impact.notify().iter().take(shown);
        let named = impact
            .consumers_by_top()
            .keys()
            .chain(impact.consumers_by_payer().keys())
            .chain(
                if summary { None } else { Some(notify.clone()) }
                    .into_iter()
                    .flatten(),
            );
        let names = named
            .map(|p| (p.to_string(), self.name_of(p.as_str())))
            .collect();
        Ok(ImpactAnswer {
            service: q.service().to_owned(),
            service_name: self.name_of(q.service()),
            services: (!summary).then(|| services.collect()),
            services_total: impact.services().len(),
            services_by_distance: summary
                .then(|| per_distance(impact.services().iter().map(|(_, d)| *d))),
            consumers_by_top: by_id(impact.consumers_by_top()),
            consumers_by_payer: by_id(impact.consumers_by_payer()),
            consumers_without_payer: impact.consumers_without_payer(),
            notify: (!summary).then(|| notify.clone().map(|p| p.to_string()).collect()),
            contacts: (!summary).then(|| self.contacts(notify.map(PartyId::as_str), date)),
            notify_total: impact.notify().len(),
            names,
            as_of: date,
            max_chain: cutoffs(&query),
            version: self.version(),
        })
    }

    /// Which entity `text` names, as the protocol's `find` question
    /// answers it: the entity with that id; else the parties that give
    /// it as an email (in any case), that have it as an external id
    /// (`system:id`), or, for an address no party gives, the
    /// organisations whose mail domain it is at; else the entities with
    /// that name (in any case); else close ids and entities whose id or
    /// name contains it. One match is [`FindAnswer::found`]; several are
    /// its `candidates`, the first [`FIND_LIMIT`](crate::FIND_LIMIT) of
    /// them, with their `total`.
    ///
    /// ```
    /// use svcrel::{Match, Model};
    ///
    /// let model = Model::from_json_str(
    ///     r#"{"version": 1, "individuals": [{"id": "ann", "name": "Ann Lee", "emails": ["ann@acme.example"], "external_ids": {"scim": "u-1"}}]}"#,
    /// )?;
    /// for text in ["ann", "ANN@acme.example", "scim:u-1", "ann lee"] {
    ///     assert_eq!(model.find(text).found.map(|c| c.id), Some("ann".to_owned()));
    /// }
    /// assert_eq!(model.find("scim:u-1").found.map(|c| c.matched), Some(Match::ExternalId));
    /// assert!(model.find("nobody@elsewhere.example").found.is_none());
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn find(&self, text: &str) -> FindAnswer {
        self.ask_find(&Question::find(text))
    }

    fn ask_suggest(&self, q: &SuggestQuestion) -> SuggestAnswer {
        let options = q.options();
        let found = self.suggest(q.text(), &options);
        SuggestAnswer {
            q: q.text().to_owned(),
            kind: options.asked_kind(),
            limit: options.asked_limit(),
            suggestions: found.suggestions,
            more: found.more,
            as_of: None,
            max_chain: Cutoffs::default(),
            version: self.version(),
        }
    }

    fn ask_find(&self, q: &FindQuestion) -> FindAnswer {
        let text = q.text();
        let limit = q.asked_limit();
        let mut reply = FindAnswer {
            q: text.to_owned(),
            found: None,
            candidates: Vec::new(),
            total: 0,
            limit,
            as_of: None,
            max_chain: Cutoffs::default(),
            version: self.version(),
        };
        if let Some(entity) = self.entity(text) {
            reply.found = Some(candidate(entity, Match::Id));
            return reply;
        }
        let (known, how) = self.parties_known_as(text);
        if !known.is_empty() {
            let matched = match_of(how);
            if let [only] = known[..] {
                reply.found = Some(candidate(only, matched));
            } else {
                reply.total = known.len();
                reply.candidates = known
                    .iter()
                    .take(limit)
                    .map(|&e| candidate(e, matched))
                    .collect();
            }
            return reply;
        }
        let lower = text.to_lowercase();
        let named: Vec<Entity<'_>> = self
            .entities()
            .filter(|e| e.name().is_some_and(|n| n.to_lowercase() == lower))
            .collect();
        if let [only] = named[..] {
            reply.found = Some(candidate(only, Match::Name));
            return reply;
        }
        let mut all: Vec<Candidate> = if named.is_empty() {
            let mut close: Vec<Entity<'_>> =
                [self.service_id(text).err(), self.party_id(text).err()]
                    .iter()
                    .flatten()
                    .filter_map(|e| self.entity(e.suggestion()?))
                    .collect();
            close.sort_by_key(|e| e.id());
            close.dedup_by_key(|e| e.id());
            let mut all: Vec<Candidate> = close
                .iter()
                .map(|&e| candidate(e, Match::CloseId))
                .collect();
            all.extend(
                self.entities()
                    .filter(|e| !close.iter().any(|c| c.id() == e.id()))
                    .filter(|e| {
                        e.id().to_lowercase().contains(&lower)
                            || e.name().is_some_and(|n| n.to_lowercase().contains(&lower))
                    })
                    .map(|e| candidate(e, Match::Contains)),
            );
            all
        } else {
            named.iter().map(|&e| candidate(e, Match::Name)).collect()
        };
        reply.total = all.len();
        all.truncate(limit);
        reply.candidates = all;
        reply
    }

    /// The name of the entity with this id, if it has one.
    fn name_of(&self, id: &str) -> Option<String> {
        self.entity(id).and_then(name)
    }

    /// The names of the entities `links` name (their ends and approvers)
    /// and of `more`, by id.
    fn names_in<'a>(
        &self,
        links: impl Iterator<Item = &'a EvidenceLink>,
        more: impl IntoIterator<Item = &'a str>,
    ) -> BTreeMap<String, String> {
        let mut names = BTreeMap::new();
        let ids = links
            .flat_map(|l| {
                [l.source.as_str(), l.target.as_str()]
                    .into_iter()
                    .chain(l.approved_by.iter().map(String::as_str))
            })
            .chain(more);
        for id in ids {
            if !names.contains_key(id)
                && let Some(name) = self.name_of(id)
            {
                names.insert(id.to_owned(), name);
            }
        }
        names
    }
}

/// The paths written with the rows of one answer, as far as
/// [`MAX_PATH_BYTES`] allows; none with [`Evidence::Via`].
struct Budget {
    evidence: Evidence,
    left: usize,
}

impl Budget {
    fn new(evidence: Evidence) -> Self {
        Budget {
            evidence,
            left: MAX_PATH_BYTES,
        }
    }

    /// The ids along a row's path, if the question asks for paths.
    fn path<'m>(&mut self, path: impl FnOnce() -> Path<'m>) -> Result<Option<Vec<String>>, Error> {
        if self.evidence == Evidence::Via {
            return Ok(None);
        }
        let path = path();
        let mut ids = Vec::with_capacity(path.len() + 1);
        for id in path.ids() {
            self.left = self
                .left
                .checked_sub(id.len() + PER_ENTITY)
                .ok_or_else(too_large)?;
            ids.push(id.to_owned());
        }
        Ok(Some(ids))
    }
}

fn too_large() -> Error {
    Error::too_large(format!(
        "the paths of this answer would take more than {} MiB; ask with \"evidence\": \"via\" \
         for each answer's next step towards the service instead",
        MAX_PATH_BYTES >> 20
    ))
}

/// How many rows a limit lets through.
fn rows(limit: Option<u32>) -> usize {
    limit.map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX))
}

fn cutoffs(query: &Query) -> Cutoffs {
    Cutoffs {
        customer: Some(query.customer_max_chain()),
        consumer: Some(query.consumer_max_chain()),
    }
}

fn name(entity: Entity<'_>) -> Option<String> {
    entity.name().map(str::to_owned)
}

fn via(step: Step<'_>) -> Via {
    let from = step.from();
    Via {
        id: from.id().to_owned(),
        name: name(from),
        link: step.link(),
    }
}

impl Model {
    /// Whom to write to about each of `parties`, in turn.
    fn contacts<'a>(
        &self,
        parties: impl Iterator<Item = &'a str>,
        date: Option<jiff::civil::Date>,
    ) -> Vec<Contact> {
        let mut out = Vec::new();
        for party in parties {
            let Some(node) = self.node_of(party) else {
                continue;
            };
            for (contact, role) in self.contacts_of(node, date) {
                let entity = self.entity_at(contact);
                out.push(Contact {
                    id: entity.id().to_owned(),
                    name: entity.name().map(str::to_owned),
                    email: match role {
                        ContactRole::NoContact => None,
                        _ => entity.email().map(str::to_owned),
                    },
                    phone: match role {
                        ContactRole::NoContact => None,
                        _ => entity.phone().map(str::to_owned),
                    },
                    reaches: party.to_owned(),
                    role,
                });
            }
        }
        out
    }
}

/// The [`Match`] of parties found as [`KnownAs`] says.
fn match_of(how: KnownAs) -> Match {
    match how {
        KnownAs::Email => Match::Email,
        KnownAs::MailDomain => Match::MailDomain,
        KnownAs::ExternalId => Match::ExternalId,
    }
}

impl Model {
    /// The id of the party a question's `party` names, and how it was
    /// found when it is not that id: an id as it is; else the one party
    /// an email, an external id (`system:id`) or a mail domain names.
    /// Text that names none is kept, for the question to report as an
    /// unknown id; text that names several is an error listing them.
    fn party_named<'q>(&self, text: &'q str) -> Result<(Cow<'q, str>, Option<Match>), Error> {
        if self.entity(text).is_some() {
            return Ok((Cow::Borrowed(text), None));
        }
        let (known, how) = self.parties_known_as(text);
        match known[..] {
            [] => Ok((Cow::Borrowed(text), None)),
            [only] => Ok((Cow::Owned(only.id().to_owned()), Some(match_of(how)))),
            _ => {
                // The first few, so that the message stays short.
                const SHOWN: usize = 10;
                let ids: Vec<&str> = known.iter().take(SHOWN).map(|e| e.id()).collect();
                let more = match known.len() - ids.len() {
                    0 => String::new(),
                    n => format!(" and {n} more"),
                };
                Err(Error::invalid_question(format!(
                    "{text:?} names {} parties ({}{more}): ask by id",
                    known.len(),
                    ids.join(", ")
                )))
            }
        }
    }
}

fn candidate(entity: Entity<'_>, matched: Match) -> Candidate {
    Candidate {
        id: entity.id().to_owned(),
        name: name(entity),
        kind: entity.kind(),
        matched,
    }
}

fn by_id(counts: &BTreeMap<PartyId, usize>) -> BTreeMap<String, usize> {
    counts.iter().map(|(id, n)| (id.to_string(), *n)).collect()
}

/// How many of `distances` are at each distance, nearest first.
fn per_distance(distances: impl Iterator<Item = u32>) -> Vec<DistanceCount> {
    let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
    for d in distances {
        *counts.entry(d).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(distance, count)| DistanceCount { distance, count })
        .collect()
}
