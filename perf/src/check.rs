//! The same questions put to svcrel, SQLite and the CSR floor: their
//! answers, written as ids, distances, scopes and roles, must be equal.

use svcrel::{Date, Model, Query, Scope};

use crate::csr::{self, Floor};
use crate::sqlite::{Roles, Sqlite};

/// A customer row: id, distance, external.
type CustomerRow = (String, u32, bool);
/// A consumer or affected-service row: id, distance.
type Row = (String, u32);

/// How many answers were compared, or the first mismatch, described.
pub struct Checker<'a> {
    pub model: &'a Model,
    pub floor: &'a mut Floor,
    pub sql: &'a Sqlite,
    pub on: Option<Date>,
    pub equal: usize,
}

fn differ<T: std::fmt::Debug + PartialEq>(what: &str, a: &[T], b: &[T], c: &[T]) -> String {
    let len = a.len().max(b.len()).max(c.len());
    let at = (0..len)
        .find(|&i| !(a.get(i) == b.get(i) && b.get(i) == c.get(i)))
        .unwrap_or(0);
    format!(
        "{what}: answers differ (lengths svcrel {}, SQLite {}, CSR {}); first difference at row {at}: \
         svcrel {:?}, SQLite {:?}, CSR {:?}",
        a.len(),
        b.len(),
        c.len(),
        a.get(at),
        b.get(at),
        c.get(at)
    )
}

impl Checker<'_> {
    fn day(&self) -> Option<u32> {
        self.on.map(csr::day)
    }

    fn ids<T: Copy>(&self, rows: &[(u32, u32, T)]) -> Vec<(String, u32, T)> {
        rows.iter()
            .map(|&(n, d, x)| (self.floor.id(n).to_owned(), d, x))
            .collect()
    }

    fn pairs(&self, rows: &[(u32, u32)]) -> Vec<Row> {
        rows.iter()
            .map(|&(n, d)| (self.floor.id(n).to_owned(), d))
            .collect()
    }

    fn agree<T: std::fmt::Debug + PartialEq>(
        &mut self,
        what: &str,
        a: &[T],
        b: &[T],
        c: &[T],
    ) -> Result<(), String> {
        if a == b && b == c {
            self.equal += 1;
            Ok(())
        } else {
            Err(differ(what, a, b, c))
        }
    }

    /// customers_of(service, k).
    pub fn customers(&mut self, service: &str, k: u32) -> Result<(), String> {
        let q = Query::new().max_chain(k).as_of(self.on);
        let ours: Vec<CustomerRow> = self
            .model
            .customers_of(service, &q)
            .map_err(|e| e.to_string())?
            .iter()
            .map(|c| {
                let external = c.scope() == Scope::External;
                (c.party().id().to_owned(), c.distance(), external)
            })
            .collect();
        let sql = self
            .sql
            .customers(service, k, self.on)
            .map_err(|e| e.to_string())?;
        let sql = self.ids(&sql);
        let floor = self.floor.customers(service, k, self.day());
        let floor = self.ids(&floor);
        self.agree(
            &format!("customers_of({service}, {k})"),
            &ours,
            &sql,
            &floor,
        )
    }

    /// consumers_of(service), no cutoff: consumers and affected services.
    pub fn consumers(&mut self, service: &str) -> Result<(), String> {
        let q = Query::new().as_of(self.on);
        let answer = self
            .model
            .consumers_of(service, &q)
            .map_err(|e| e.to_string())?;
        let parties: Vec<Row> = answer
            .iter()
            .map(|c| (c.party().id().to_owned(), c.distance()))
            .collect();
        let services: Vec<Row> = answer
            .services()
            .map(|s| (s.service().id().to_owned(), s.distance()))
            .collect();
        let (sql_parties, sql_services) = self
            .sql
            .consumers(service, None, self.on)
            .map_err(|e| e.to_string())?;
        let floor = self.floor.consumers(service, None, self.day());
        let what = format!("consumers_of({service})");
        let (a, b) = (self.pairs(&sql_parties), self.pairs(&floor.parties));
        self.agree(&what, &parties, &a, &b)?;
        let (a, b) = (self.pairs(&sql_services), self.pairs(&floor.services));
        self.agree(&format!("{what} services"), &services, &a, &b)
    }

    /// relation(party, service) with the default cutoffs: the customer,
    /// consumer and sponsor roles.
    pub fn relation(&mut self, party: &str, service: &str) -> Result<(), String> {
        let q = Query::new().as_of(self.on);
        let rel = self
            .model
            .relation(party, service, &q)
            .map_err(|e| e.to_string())?;
        let ours = Roles {
            customer: rel
                .customer()
                .map(|(d, scope)| (d, scope == Scope::External)),
            consumer: rel.consumer(),
            sponsor: rel.is_sponsor(),
        };
        let sql = self
            .sql
            .relation(party, service, 1, None, self.on)
            .map_err(|e| e.to_string())?;
        let day = self.day();
        let node = self.floor.node(party).ok_or("unknown party")?;
        let customer = self
            .floor
            .customers(service, 1, day)
            .iter()
            .find(|c| c.0 == node)
            .map(|&(_, d, external)| (d, external));
        let consumer = self
            .floor
            .consumers(service, None, day)
            .parties
            .iter()
            .find(|c| c.0 == node)
            .map(|c| c.1);
        let floor = Roles {
            customer,
            consumer,
            sponsor: self.floor.sponsors(party, service, day),
        };
        self.agree(
            &format!("relation({party}, {service})"),
            &[ours],
            &[sql],
            &[floor],
        )
    }
}
