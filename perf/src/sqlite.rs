//! The SQLite peer, as a CMDB would answer: the document in tables with
//! covering indexes, and each question as one statement of recursive
//! common table expressions carrying the chain cutoff and the date
//! conditions. Entities get integer keys numbered as the CSR floor numbers
//! them; questions name entities by their text ids, as a caller would.
//!
//! A recursive CTE keeps every (node, distance) row it derives and takes
//! the smallest distance at the end; "no limit" is a cutoff of the number
//! of services (no shortest dependency chain is longer), so dependency
//! cycles still terminate.
//!
//! Every join that starts from a CTE is a `CROSS JOIN`, which makes
//! SQLite keep the CTE as the outer loop: its row estimates for CTEs are
//! poor, and left to itself it scanned whole tables (every entity, every
//! usage link) to probe a CTE of a few rows, 20 ms instead of 0.1 ms.

use std::collections::HashMap;

use rusqlite::{Connection, named_params};
use svcrel::{Date, Document};

const SCHEMA: &str = "
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA temp_store = MEMORY;
PRAGMA cache_size = -1000000;
CREATE TABLE entity (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind INTEGER NOT NULL, label TEXT);
CREATE TABLE parent (org INTEGER PRIMARY KEY, parent INTEGER NOT NULL);
CREATE TABLE provider (service INTEGER PRIMARY KEY, provider INTEGER NOT NULL);
CREATE TABLE membership (individual INTEGER NOT NULL, organisation INTEGER NOT NULL, title TEXT,
                         valid_from TEXT, valid_until TEXT);
CREATE TABLE reporting (individual INTEGER NOT NULL, manager INTEGER NOT NULL, valid_from TEXT, valid_until TEXT);
CREATE TABLE funding (id INTEGER PRIMARY KEY, payer INTEGER NOT NULL, service INTEGER NOT NULL,
                      payment TEXT NOT NULL, valid_from TEXT, valid_until TEXT);
CREATE TABLE approval (funding INTEGER NOT NULL, individual INTEGER NOT NULL);
CREATE TABLE usage (user INTEGER NOT NULL, service INTEGER NOT NULL, valid_from TEXT, valid_until TEXT);
CREATE TABLE dependency (service INTEGER NOT NULL, depends_on INTEGER NOT NULL, valid_from TEXT, valid_until TEXT);
CREATE TABLE oversight (overseer INTEGER NOT NULL, organisation INTEGER NOT NULL, valid_from TEXT, valid_until TEXT);
CREATE TABLE partnership (a INTEGER NOT NULL, b INTEGER NOT NULL, valid_from TEXT, valid_until TEXT);
";

/// Covering indexes for every direction a question walks.
const INDEXES: &str = "
CREATE INDEX parent_by_parent ON parent (parent, org);
CREATE INDEX provider_by_provider ON provider (provider, service);
CREATE INDEX membership_by_individual ON membership (individual, organisation, valid_from, valid_until);
CREATE INDEX membership_by_organisation ON membership (organisation, individual, valid_from, valid_until);
CREATE INDEX reporting_by_individual ON reporting (individual, manager, valid_from, valid_until);
CREATE INDEX funding_by_service ON funding (service, payer, payment, valid_from, valid_until);
CREATE INDEX approval_by_funding ON approval (funding, individual);
CREATE INDEX usage_by_service ON usage (service, user, valid_from, valid_until);
CREATE INDEX usage_by_user ON usage (user, service, valid_from, valid_until);
CREATE INDEX dependency_by_depends_on ON dependency (depends_on, service, valid_from, valid_until);
CREATE INDEX dependency_by_service ON dependency (service, depends_on, valid_from, valid_until);
ANALYZE;
";

/// Whether the link of table alias `t` holds on `:d` (NULL: every link).
fn holds(t: &str) -> String {
    format!(
        "(:d IS NULL OR (({t}.valid_from IS NULL OR {t}.valid_from <= :d) \
         AND ({t}.valid_until IS NULL OR :d < {t}.valid_until)))"
    )
}

/// The CTEs of customers_of(:s, :kc, :d): `up` (every party and a
/// distance it is reached at) and `ext_up` (the external ones).
fn customer_ctes() -> String {
    let (f, m, r) = (holds("f"), holds("m"), holds("r"));
    format!(
        "svc(id) AS (SELECT id FROM entity WHERE name = :s AND kind = 2),
  fund(fid, payer, payment) AS (
    SELECT f.id, f.payer, f.payment FROM funding f WHERE f.service = (SELECT id FROM svc) AND {f}),
  seed(party, fid) AS (
    SELECT payer, fid FROM fund
    UNION ALL
    SELECT a.individual, a.funding FROM fund CROSS JOIN approval a ON a.funding = fund.fid),
  who(party) AS (
    SELECT payer FROM fund WHERE payment IN ('cash', 'trade')
    UNION
    SELECT provider FROM provider WHERE service = (SELECT id FROM svc)),
  climb(party, org) AS (
    SELECT w.party, w.party FROM who w CROSS JOIN entity e ON e.id = w.party WHERE e.kind = 0
    UNION
    SELECT w.party, m.organisation FROM who w CROSS JOIN membership m ON m.individual = w.party WHERE {m}
    UNION
    SELECT c.party, p.parent FROM climb c CROSS JOIN parent p ON p.org = c.org),
  top(party, org) AS (
    SELECT party, org FROM climb c WHERE NOT EXISTS (SELECT 1 FROM parent p WHERE p.org = c.org)
    UNION
    SELECT w.party, w.party FROM who w CROSS JOIN entity e ON e.id = w.party
     WHERE e.kind = 1 AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.individual = w.party AND {m})),
  external(party) AS (
    SELECT s.party FROM seed s CROSS JOIN fund ON fund.fid = s.fid
     WHERE fund.payment IN ('cash', 'trade')
       AND NOT EXISTS (SELECT 1 FROM top a JOIN top b ON a.org = b.org
                        WHERE a.party = fund.payer
                          AND b.party = (SELECT provider FROM provider WHERE service = (SELECT id FROM svc)))),
  up(party, distance) AS (
    SELECT party, 0 FROM seed
    UNION
    SELECT r.manager, u.distance + 1 FROM up u CROSS JOIN reporting r ON r.individual = u.party
     WHERE u.distance < :kc AND {r}
    UNION
    SELECT p.parent, u.distance + 1 FROM up u CROSS JOIN parent p ON p.org = u.party WHERE u.distance < :kc),
  ext_up(party, distance) AS (
    SELECT party, 0 FROM external
    UNION
    SELECT r.manager, u.distance + 1 FROM ext_up u CROSS JOIN reporting r ON r.individual = u.party
     WHERE u.distance < :kc AND {r}
    UNION
    SELECT p.parent, u.distance + 1 FROM ext_up u CROSS JOIN parent p ON p.org = u.party WHERE u.distance < :kc)"
    )
}

fn customers_sql() -> String {
    format!(
        "WITH RECURSIVE {}
SELECT n.party, n.distance, n.party IN (SELECT party FROM ext_up)
  FROM (SELECT party, MIN(distance) AS distance FROM up GROUP BY party) n
  CROSS JOIN entity e ON e.id = n.party
 ORDER BY n.distance, e.name",
        customer_ctes()
    )
}

/// consumers_of(:s, :ks, :d): rows `(0, party, distance)` then `(1,
/// service, distance)`. The recursion passes distances down the
/// organisation tree only, and members are joined once, to each
/// organisation's smallest distance: recursing through members as well
/// was slower.
fn consumers_sql() -> String {
    let (dep, u, m) = (holds("dep"), holds("u"), holds("m"));
    format!(
        "WITH RECURSIVE
  svc(id) AS (SELECT id FROM entity WHERE name = :s AND kind = 2),
  walk(service, distance) AS (
    SELECT id, 0 FROM svc
    UNION
    SELECT dep.service, w.distance + 1 FROM walk w CROSS JOIN dependency dep ON dep.depends_on = w.service
     WHERE w.distance < :ks AND {dep}),
  affected(service, distance) AS (SELECT service, MIN(distance) FROM walk GROUP BY service),
  direct(party, distance) AS (
    SELECT u.user, a.distance FROM affected a CROSS JOIN usage u ON u.service = a.service WHERE {u}
    UNION ALL
    SELECT pr.provider, a.distance FROM affected a CROSS JOIN provider pr ON pr.service = a.service
     WHERE a.service <> (SELECT id FROM svc)),
  down(party, distance) AS (
    SELECT party, MIN(distance) FROM direct GROUP BY party
    UNION
    SELECT o.org, f.distance FROM down f CROSS JOIN parent o ON o.parent = f.party),
  nearest(party, distance) AS (SELECT party, MIN(distance) FROM down GROUP BY party),
  reached(party, distance) AS (
    SELECT party, distance FROM nearest
    UNION ALL
    SELECT m.individual, n.distance FROM nearest n CROSS JOIN membership m ON m.organisation = n.party
     WHERE {m})
SELECT 0, n.party, n.distance, e.name FROM (SELECT party, MIN(distance) AS distance FROM reached GROUP BY party) n
  CROSS JOIN entity e ON e.id = n.party
UNION ALL
SELECT 1, a.service, a.distance, e.name FROM affected a CROSS JOIN entity e ON e.id = a.service
 WHERE a.service <> (SELECT id FROM svc)
ORDER BY 1, 3, 4"
    )
}

/// relation(:p, :s, :kc, :ks, :d): the customer role (distance and
/// whether external), the consumer role (distance, found from the party's
/// side as the library does) and the sponsor role. SQLite walks `reach`
/// first in, first out, and so in order of distance: the first row that
/// reaches the service has the smallest distance, and `LIMIT 1` ends the
/// walk there. (An explicit `ORDER BY 2` says the same but makes the
/// queue a priority queue, twice as slow.)
fn relation_sql() -> String {
    let (m, u, dep, f) = (holds("m"), holds("u"), holds("dep"), holds("f"));
    format!(
        "WITH RECURSIVE {},
  pty(id) AS (SELECT id FROM entity WHERE name = :p AND kind IN (0, 1)),
  mine(org) AS (
    SELECT id FROM pty
    UNION
    SELECT m.organisation FROM membership m WHERE m.individual = (SELECT id FROM pty) AND {m}
    UNION
    SELECT p.parent FROM mine CROSS JOIN parent p ON p.org = mine.org),
  start(service) AS (
    SELECT u.service FROM mine CROSS JOIN usage u ON u.user = mine.org WHERE {u}
    UNION
    SELECT pr.service FROM mine CROSS JOIN provider pr ON pr.provider = mine.org
     WHERE pr.service <> (SELECT id FROM svc)),
  reach(service, distance) AS (
    SELECT service, 0 FROM start
    UNION
    SELECT dep.depends_on, r.distance + 1 FROM reach r CROSS JOIN dependency dep ON dep.service = r.service
     WHERE r.distance < :ks AND r.service <> (SELECT id FROM svc) AND {dep})
SELECT (SELECT MIN(distance) FROM up WHERE party = (SELECT id FROM pty)),
       EXISTS (SELECT 1 FROM ext_up WHERE party = (SELECT id FROM pty)),
       (SELECT distance FROM reach WHERE service = (SELECT id FROM svc) LIMIT 1),
       EXISTS (SELECT 1 FROM funding f JOIN approval a ON a.funding = f.id
                WHERE f.service = (SELECT id FROM svc) AND a.individual = (SELECT id FROM pty) AND {f})",
        customer_ctes()
    )
}

/// The roles the SQLite peer computes for relation().
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Roles {
    /// Distance and whether external.
    pub customer: Option<(u32, bool)>,
    /// Distance.
    pub consumer: Option<u32>,
    /// Approves a funding link.
    pub sponsor: bool,
}

/// The peer: an in-memory database and its statements.
pub struct Sqlite {
    conn: Connection,
    customers: String,
    consumers: String,
    relation: String,
    /// The cutoff that stands for "no limit" on dependency chains.
    unlimited: u32,
}

fn date_text(date: Option<Date>) -> Option<String> {
    date.map(|d| d.to_string())
}

impl Sqlite {
    /// Loads a (valid) document into a fresh in-memory database.
    pub fn load(doc: &Document) -> rusqlite::Result<Sqlite> {
        let mut conn = Connection::open_in_memory()?;
        conn.execute_batch(SCHEMA)?;
        let tx = conn.transaction()?;
        let mut ids: HashMap<&str, i64> = HashMap::new();
        {
            let mut entity = tx.prepare("INSERT INTO entity VALUES (?1, ?2, ?3, ?4)")?;
            let entities = doc
                .organisations
                .iter()
                .map(|o| (o.id.as_str(), 0, &o.name))
                .chain(doc.individuals.iter().map(|p| (p.id.as_str(), 1, &p.name)))
                .chain(doc.services.iter().map(|s| (s.id.as_str(), 2, &s.name)));
            for (i, (id, kind, name)) in entities.enumerate() {
                entity.execute((i as i64, id, kind, name))?;
                ids.insert(id, i as i64);
            }
            let mut parent = tx.prepare("INSERT INTO parent VALUES (?1, ?2)")?;
            for o in &doc.organisations {
                if let Some(p) = &o.parent {
                    parent.execute((ids[o.id.as_str()], ids[p.as_str()]))?;
                }
            }
            let mut provider = tx.prepare("INSERT INTO provider VALUES (?1, ?2)")?;
            for s in &doc.services {
                provider.execute((ids[s.id.as_str()], ids[s.provider.as_str()]))?;
            }
            let d = date_text;
            let mut st = tx.prepare("INSERT INTO membership VALUES (?1, ?2, ?3, ?4, ?5)")?;
            for m in &doc.memberships {
                let (a, b) = (ids[m.individual.as_str()], ids[m.organisation.as_str()]);
                st.execute((a, b, &m.title, d(m.from), d(m.until)))?;
            }
            let mut st = tx.prepare("INSERT INTO reporting VALUES (?1, ?2, ?3, ?4)")?;
            for r in &doc.reporting {
                let (a, b) = (ids[r.individual.as_str()], ids[r.manager.as_str()]);
                st.execute((a, b, d(r.from), d(r.until)))?;
            }
            let mut st = tx.prepare("INSERT INTO funding VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
            let mut approval = tx.prepare("INSERT INTO approval VALUES (?1, ?2)")?;
            for (i, f) in doc.funding.iter().enumerate() {
                let (a, b) = (ids[f.payer.as_str()], ids[f.service.as_str()]);
                st.execute((i as i64, a, b, f.payment.as_str(), d(f.from), d(f.until)))?;
                for who in &f.approved_by {
                    approval.execute((i as i64, ids[who.as_str()]))?;
                }
            }
            let mut st = tx.prepare("INSERT INTO usage VALUES (?1, ?2, ?3, ?4)")?;
            for u in &doc.usage {
                let (a, b) = (ids[u.user.as_str()], ids[u.service.as_str()]);
                st.execute((a, b, d(u.from), d(u.until)))?;
            }
            let mut st = tx.prepare("INSERT INTO dependency VALUES (?1, ?2, ?3, ?4)")?;
            for x in &doc.dependencies {
                let (a, b) = (ids[x.service.as_str()], ids[x.depends_on.as_str()]);
                st.execute((a, b, d(x.from), d(x.until)))?;
            }
            let mut st = tx.prepare("INSERT INTO oversight VALUES (?1, ?2, ?3, ?4)")?;
            for o in &doc.oversight {
                let (a, b) = (ids[o.overseer.as_str()], ids[o.organisation.as_str()]);
                st.execute((a, b, d(o.from), d(o.until)))?;
            }
            let mut st = tx.prepare("INSERT INTO partnership VALUES (?1, ?2, ?3, ?4)")?;
            for p in &doc.partnerships {
                let (a, b) = (ids[p.parties[0].as_str()], ids[p.parties[1].as_str()]);
                st.execute((a, b, d(p.from), d(p.until)))?;
            }
        }
        tx.commit()?;
        conn.execute_batch(INDEXES)?;
        Ok(Sqlite {
            conn,
            customers: customers_sql(),
            consumers: consumers_sql(),
            relation: relation_sql(),
            unlimited: doc.services.len() as u32,
        })
    }

    fn cutoff(&self, max: Option<u32>) -> u32 {
        max.map_or(self.unlimited, |k| k.min(self.unlimited))
    }

    /// customers_of: `(entity, distance, external)` ordered by distance
    /// then id.
    pub fn customers(
        &self,
        service: &str,
        k: u32,
        on: Option<Date>,
    ) -> rusqlite::Result<Vec<(u32, u32, bool)>> {
        let mut st = self.conn.prepare_cached(&self.customers)?;
        let rows = st.query_map(
            named_params! {":s": service, ":kc": k, ":d": date_text(on)},
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )?;
        rows.collect()
    }

    /// consumers_of: parties, then affected services, each `(entity,
    /// distance)` ordered by distance then id.
    #[allow(clippy::type_complexity)]
    pub fn consumers(
        &self,
        service: &str,
        max: Option<u32>,
        on: Option<Date>,
    ) -> rusqlite::Result<(Vec<(u32, u32)>, Vec<(u32, u32)>)> {
        let mut st = self.conn.prepare_cached(&self.consumers)?;
        let mut rows = st.query(named_params! {
            ":s": service, ":ks": self.cutoff(max), ":d": date_text(on)
        })?;
        let (mut parties, mut services) = (Vec::new(), Vec::new());
        while let Some(row) = rows.next()? {
            let entry = (row.get(1)?, row.get(2)?);
            if row.get::<_, i64>(0)? == 0 {
                parties.push(entry);
            } else {
                services.push(entry);
            }
        }
        Ok((parties, services))
    }

    /// relation: the customer, consumer and sponsor roles.
    pub fn relation(
        &self,
        party: &str,
        service: &str,
        customer_chain: u32,
        consumer_chain: Option<u32>,
        on: Option<Date>,
    ) -> rusqlite::Result<Roles> {
        let mut st = self.conn.prepare_cached(&self.relation)?;
        st.query_row(
            named_params! {
                ":p": party, ":s": service, ":kc": customer_chain,
                ":ks": self.cutoff(consumer_chain), ":d": date_text(on),
            },
            |row| {
                let customer: Option<u32> = row.get(0)?;
                let external: bool = row.get(1)?;
                Ok(Roles {
                    customer: customer.map(|d| (d, external)),
                    consumer: row.get(2)?,
                    sponsor: row.get(3)?,
                })
            },
        )
    }
}
