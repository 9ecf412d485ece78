// Example questions over a svcrel model loaded into Neo4j with the files of
// `svcrel export neo4j` (see README.md, "Exports for graph tools").
// Run with cypher-shell, setting the parameters first, e.g.:
//   :param service => 'expense-app'
//   :param party => 'dana'
//   :param date => date('2026-12-04')     // or null: every link holds
// The chain cutoff k is written into each pattern (`*0..3` for k = 3):
// Cypher takes no parameter for a path's length. Relationships go the way
// the document writes them: (individual)-[:MEMBER_OF]->(organisation),
// (individual)-[:REPORTS_TO]->(manager), (payer)-[:FUNDS]->(service),
// (user)-[:USES]->(service), (service)-[:DEPENDS_ON]->(service),
// (overseer)-[:OVERSEES]->(organisation), (a)-[:PARTNER_OF]->(b),
// (organisation)-[:PART_OF]->(parent), (service)-[:PROVIDED_BY]->(provider).
// A link holds on $date when (from IS NULL OR from <= $date) AND
// (until IS NULL OR $date < until).

// customers: distance 0 is the payer of each funding link on the service
// and its approvers (approved_by); distance d+1 is the manager of an
// individual or the parent of an organisation at distance d, up to k = 3.
// Each party once, at its smallest distance. (The external/internal scope
// of svcrel's answer compares the payers' and the provider's top
// organisations; it is left out here.)
MATCH (s:Service {id: $service})<-[f:FUNDS]-(payer)
WHERE $date IS NULL OR ((f.from IS NULL OR f.from <= $date) AND (f.until IS NULL OR $date < f.until))
OPTIONAL MATCH (approver:Individual) WHERE approver.id IN coalesce(f.approved_by, [])
WITH collect(DISTINCT payer) + collect(DISTINCT approver) AS starts
UNWIND starts AS start
MATCH chain = (start)-[:REPORTS_TO|PART_OF*0..3]->(customer)
WHERE all(r IN relationships(chain) WHERE $date IS NULL OR
          ((r.from IS NULL OR r.from <= $date) AND (r.until IS NULL OR $date < r.until)))
RETURN customer.id AS customer, min(length(chain)) AS distance
ORDER BY distance, customer;

// consumers: the affected services are the service (distance 0) and those
// that depend on it, up to k = 3 dependencies away. The users of an
// affected service are consumers at its distance, and so is its provider
// when it is not the service asked about; an organisation passes its
// distance to the organisations below it and to their members. (Dates are
// ignored here for brevity: add the condition above on each relationship.)
MATCH (s:Service {id: $service})
MATCH dep = (affected:Service)-[:DEPENDS_ON*0..3]->(s)
WITH s, affected, min(length(dep)) AS d
OPTIONAL MATCH (affected)<-[:USES]-(user)
OPTIONAL MATCH (affected)-[:PROVIDED_BY]->(provider) WHERE affected <> s
WITH d, collect(user) + collect(provider) AS direct
UNWIND direct AS c
OPTIONAL MATCH (below:Organisation)-[:PART_OF*0..]->(c)
OPTIONAL MATCH (member:Individual)-[:MEMBER_OF]->(below)
WITH d, collect(c) + collect(below) + collect(member) AS reached
UNWIND reached AS consumer
RETURN consumer.id AS consumer, min(d) AS distance
ORDER BY distance, consumer;

// relation (two of its roles): is $party the provider of the service (its
// provider, an organisation below it, or a member of either), and does
// $party approve a funding link on it (sponsor)?
MATCH (s:Service {id: $service})-[:PROVIDED_BY]->(provider), (p {id: $party})
OPTIONAL MATCH inside = (p)-[:MEMBER_OF*0..1]->()-[:PART_OF*0..]->(provider)
OPTIONAL MATCH (s)<-[f:FUNDS]-() WHERE p.id IN coalesce(f.approved_by, [])
RETURN inside IS NOT NULL AS provider, count(f) > 0 AS sponsor;

// triage: who pays for $party's use of the service: the funding links on
// the service whose payer is $party, an organisation $party is a member
// of, or an organisation above either.
MATCH (p {id: $party}), (s:Service {id: $service})
MATCH up = (p)-[:MEMBER_OF*0..1]->()-[:PART_OF*0..]->(payer)-[f:FUNDS]->(s)
RETURN payer.id AS payer, f.payment AS payment, f.approved_by AS sponsors, length(up) AS distance
ORDER BY distance, payer
LIMIT 1;

// impact: what fails with the service (every service that depends on it,
// at any distance), and who uses one of them.
MATCH (s:Service {id: $service})
MATCH dep = (affected:Service)-[:DEPENDS_ON*0..]->(s)
OPTIONAL MATCH (affected)<-[:USES]-(user)
RETURN affected.id AS service, min(length(dep)) AS distance, collect(DISTINCT user.id) AS users
ORDER BY distance, service;
