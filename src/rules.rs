//! The rules of the format, each written once.
//!
//! A document is checked in `document/validate.rs` and an edit in
//! `model/edit.rs`; both find what is wrong with a link or an entity with
//! the functions here, so the two say the same thing in the same words.
//! Each builds the [`Problem`] for one broken rule at `section[index]`:
//! a document gives the item's index, an edit has none.
//!
//! The rules know nothing of documents, models or graphs. A reference is
//! checked against the kind of the entity its id names; a reporting cycle
//! an edit would close is searched for through a closure that gives a
//! node's reporting lines ([`closing_reporting_cycle`]).

use std::hash::Hash;

use jiff::civil::Date;
use rustc_hash::FxHashSet;

use crate::ids::EntityKind;
use crate::problem::{Problem, ProblemKind, Section};

// ---------------------------------------------------------------------
// References
// ---------------------------------------------------------------------

/// What a reference may name.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    Party,
    Organisation,
    Individual,
    Service,
}

impl Expect {
    /// Whether an entity of `kind` may be named.
    pub(crate) fn accepts(self, kind: EntityKind) -> bool {
        match self {
            Expect::Party => kind.is_party(),
            Expect::Organisation => kind == EntityKind::Organisation,
            Expect::Individual => kind == EntityKind::Individual,
            Expect::Service => kind == EntityKind::Service,
        }
    }

    fn words(self) -> &'static str {
        match self {
            Expect::Party => "organisation or individual",
            Expect::Organisation => "organisation",
            Expect::Individual => "individual",
            Expect::Service => "service",
        }
    }
}

fn article(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Organisation | EntityKind::Individual => "an",
        EntityKind::Service => "a",
    }
}

/// The problem with an empty id at `section[index].field`.
pub(crate) fn empty_id(section: Section, index: Option<usize>, field: String) -> Problem {
    Problem::new(
        section,
        index,
        Some(field),
        ProblemKind::EmptyId,
        "the id is empty".to_owned(),
    )
}

/// The problem with a reference `id` at `section[index].field` that names
/// an entity of kind `found` (none: no entity) where `expect` is wanted.
pub(crate) fn reference_problem(
    section: Section,
    index: Option<usize>,
    field: String,
    id: &str,
    found: Option<EntityKind>,
    expect: Expect,
) -> Option<Problem> {
    if found.is_some_and(|kind| expect.accepts(kind)) {
        return None;
    }
    if id.is_empty() {
        return Some(empty_id(section, index, field));
    }
    let (kind, message) = match found {
        Some(kind) => (
            ProblemKind::WrongKind,
            format!(
                "{id:?} is {} {kind}, not {} {}",
                article(kind),
                if expect == Expect::Service { "a" } else { "an" },
                expect.words()
            ),
        ),
        None => (
            ProblemKind::UnknownReference,
            format!("{id:?} names no {}", expect.words()),
        ),
    };
    Some(Problem::new(section, index, Some(field), kind, message).with_id(id))
}

// ---------------------------------------------------------------------
// Periods
// ---------------------------------------------------------------------

/// The problem with `date` at `section[index].field` when a document
/// cannot hold it (`YYYY-MM-DD` has four-digit years), so that a saved
/// model always reads back. Only a date made in code can be out of range:
/// the reader takes four-digit years alone.
pub(crate) fn bad_date(
    section: Section,
    index: Option<usize>,
    field: &str,
    date: Date,
) -> Option<Problem> {
    (!crate::dates::writable(date)).then(|| {
        Problem::new(
            section,
            index,
            Some(field.to_owned()),
            ProblemKind::BadDate,
            format!("{:?} is not a date written YYYY-MM-DD", date.to_string()),
        )
    })
}

/// The problems with the period `from`..`until` of the link at
/// `section[index]`, named by `id` (its first end): each date a document
/// cannot hold, then `from` not before `until`.
pub(crate) fn period_problems(
    section: Section,
    index: Option<usize>,
    id: &str,
    from: Option<Date>,
    until: Option<Date>,
) -> impl Iterator<Item = Problem> {
    let dates = [("from", from), ("until", until)]
        .into_iter()
        .filter_map(move |(field, date)| bad_date(section, index, field, date?));
    let empty = match (from, until) {
        (Some(from), Some(until)) if from >= until => Some(
            Problem::new(
                section,
                index,
                Some("from".to_owned()),
                ProblemKind::EmptyPeriod,
                format!("{from} is not before until {until}"),
            )
            .with_id(id),
        ),
        _ => None,
    };
    dates.chain(empty)
}

// ---------------------------------------------------------------------
// Self links
// ---------------------------------------------------------------------

/// The problem with reporting line `reporting[index]` when its individual
/// is its manager.
pub(crate) fn self_reporting(
    index: Option<usize>,
    individual: &str,
    manager: &str,
) -> Option<Problem> {
    (individual == manager && !manager.is_empty()).then(|| {
        Problem::new(
            Section::Reporting,
            index,
            Some("manager".to_owned()),
            ProblemKind::SelfReporting,
            format!("{manager:?} reports to themself"),
        )
        .with_id(manager)
    })
}

/// The problem with dependency `dependencies[index]` when its service
/// depends on itself.
pub(crate) fn self_dependency(
    index: Option<usize>,
    service: &str,
    depends_on: &str,
) -> Option<Problem> {
    (service == depends_on && !service.is_empty()).then(|| {
        Problem::new(
            Section::Dependencies,
            index,
            Some("depends_on".to_owned()),
            ProblemKind::SelfDependency,
            format!("{service:?} depends on itself"),
        )
        .with_id(service)
    })
}

/// The problem with partnership `partnerships[index]` when it names one
/// party twice.
pub(crate) fn one_party_partnership(index: Option<usize>, parties: [&str; 2]) -> Option<Problem> {
    let [a, b] = parties;
    (a == b && !a.is_empty()).then(|| {
        Problem::new(
            Section::Partnerships,
            index,
            Some("parties".to_owned()),
            ProblemKind::BadPartnership,
            format!("names {a:?} twice; a partnership joins two different parties"),
        )
        .with_id(a)
    })
}

// ---------------------------------------------------------------------
// Cycles
// ---------------------------------------------------------------------

/// How many ids a cycle's description shows before it is cut short.
const SHOWN: usize = 8;

/// Writes a cycle `a → b → c → a`, cut short when it is long: the words
/// of every cycle the format refuses.
pub(crate) fn describe_cycle<'a>(ids: impl ExactSizeIterator<Item = &'a str> + Clone) -> String {
    // An id may hold anything; the description stays on one line, and
    // reads as it is stored.
    let shown = |id: &str| crate::text::bare_id(id).into_owned();
    let len = ids.len();
    let first = ids.clone().next().unwrap_or_default();
    let mut text: Vec<String> = ids.take(SHOWN).map(shown).collect();
    if len > SHOWN {
        text.push(format!("… ({len} in all)"));
    }
    text.push(shown(first));
    text.join(" → ")
}

/// The problem with organisation `organisations[index]`, `id`, when its
/// `parent` chain comes back to it through `cycle` (starting at `id`).
pub(crate) fn parent_cycle<'a>(
    index: Option<usize>,
    id: &str,
    cycle: impl ExactSizeIterator<Item = &'a str> + Clone,
) -> Problem {
    Problem::new(
        Section::Organisations,
        index,
        Some("parent".to_owned()),
        ProblemKind::ParentCycle,
        format!("{id:?} is its own ancestor: {}", describe_cycle(cycle)),
    )
    .with_id(id)
}

/// The period a set of periods shares: the latest `from` and the
/// earliest `until` among them.
pub(crate) fn shared_period(
    periods: impl IntoIterator<Item = (Option<Date>, Option<Date>)>,
) -> (Option<Date>, Option<Date>) {
    periods
        .into_iter()
        .fold((None, None), |(from, until), (f, u)| {
            (from.max(f), until.into_iter().chain(u).min())
        })
}

/// The problem with reporting line `reporting[index]`, whose manager is
/// `manager`, when it closes the reporting cycle `cycle` (the individuals
/// in turn) whose lines all hold from `from` until `until`.
pub(crate) fn reporting_cycle<'a>(
    index: Option<usize>,
    manager: &str,
    cycle: impl ExactSizeIterator<Item = &'a str> + Clone,
    (from, until): (Option<Date>, Option<Date>),
) -> Problem {
    let when = match (from, until) {
        (None, None) => String::new(),
        (Some(f), None) => format!(" (from {f})"),
        (None, Some(u)) => format!(" (until {u})"),
        (Some(f), Some(u)) => format!(" (from {f} until {u})"),
    };
    Problem::new(
        Section::Reporting,
        index,
        Some("manager".to_owned()),
        ProblemKind::ReportingCycle,
        format!(
            "{manager:?} closes a reporting cycle: {}{when}",
            describe_cycle(cycle)
        ),
    )
    .with_id(manager)
}

/// A reporting cycle a new line would close.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ClosedCycle<N> {
    /// The individuals in turn, from the new line's individual: it
    /// reports to the next, and the last reports to it.
    pub(crate) nodes: Vec<N>,
    /// The period all the cycle's lines share, the new one's included:
    /// the latest `from` and the earliest `until`.
    pub(crate) period: (Option<Date>, Option<Date>),
}

/// Whether a new reporting line from `individual` to `manager`, holding
/// `from`..`until`, would close a cycle of lines that all hold on one
/// common date, where no such cycle is yet; `lines(n)` gives the lines
/// out of `n` as (manager, `from`, `until`).
///
/// A new cycle runs through the new line: a chain of lines from its
/// manager back to its individual. A set of periods shares a date exactly
/// when the latest `from` among them is in all of them, so the candidate
/// dates are the new line's `from` and the `from` dates of lines
/// reachable from the manager; the first date (before any date first, for
/// lines with no `from`) with a way back gives the cycle.
pub(crate) fn closing_reporting_cycle<N, I>(
    individual: N,
    manager: N,
    (from, until): (Option<Date>, Option<Date>),
    lines: impl Fn(N) -> I,
) -> Option<ClosedCycle<N>>
where
    N: Copy + Eq + Hash,
    I: Iterator<Item = (N, Option<Date>, Option<Date>)>,
{
    let (start, goal) = (manager, individual);
    // Lines reachable from the manager, whatever their dates.
    let mut seen = vec![start];
    let mut met: FxHashSet<N> = FxHashSet::default();
    met.insert(start);
    let mut dates: Vec<Option<Date>> = vec![from];
    let mut i = 0;
    while let Some(&n) = seen.get(i) {
        for (next, f, _) in lines(n) {
            // Only a date on which the new line holds can be shared.
            if f.is_some() && crate::dates::holds(from, until, f) {
                dates.push(f);
            }
            if met.insert(next) {
                seen.push(next);
            }
        }
        i += 1;
    }
    if !met.contains(&goal) {
        return None;
    }
    dates.sort_unstable();
    dates.dedup();
    for date in dates {
        let holds = |f: Option<Date>, u: Option<Date>| match date {
            None => f.is_none(),
            Some(_) => crate::dates::holds(f, u, date),
        };
        if !holds(from, until) {
            continue;
        }
        // Breadth-first from the manager over lines holding on `date`:
        // each node met, the one it was met from, and the line's period.
        type Met<N> = (N, usize, (Option<Date>, Option<Date>));
        let mut pred: Vec<Met<N>> = vec![(start, usize::MAX, (from, until))];
        met.clear();
        met.insert(start);
        let mut k = 0;
        while k < pred.len() {
            let (n, _, _) = pred[k];
            if n == goal {
                let mut chain = Vec::new();
                let mut at = k;
                while at != usize::MAX {
                    chain.push(pred[at]);
                    at = pred[at].1;
                }
                chain.reverse();
                // The periods of the lines along the chain, and the new
                // line's, which the start holds.
                let period = shared_period(chain.iter().map(|&(_, _, p)| p));
                // The chain ends at the individual, where the cycle
                // starts: it goes first.
                chain.pop();
                let nodes = std::iter::once(goal)
                    .chain(chain.into_iter().map(|(n, _, _)| n))
                    .collect();
                return Some(ClosedCycle { nodes, period });
            }
            for (next, f, u) in lines(n) {
                if holds(f, u) && met.insert(next) {
                    pred.push((next, k, (f, u)));
                }
            }
            k += 1;
        }
    }
    None
}

/// The longest phone number a party may give, in characters.
pub(crate) const PHONE_MAX_CHARS: usize = 64;

/// What is wrong with `phone` as a party's phone number, or `None` when
/// it is one.
///
/// A phone number is free text, as directories write it (`+33 1 23 45
/// 67 89`, `(555) 010-0199 ext. 12`): no pattern of digits is imposed,
/// as numbers are written in as many ways as there are countries. It
/// must be trimmed (no white space before or after) and non-empty, at
/// most [`PHONE_MAX_CHARS`] characters long, hold at least one ASCII
/// digit, and hold none of the characters a name must not show a person
/// as they are (control and format characters such as the bidi
/// controls, line separators, noncharacters). Two parties may give the
/// same number (a switchboard is shared).
pub(crate) fn phone_fault(phone: &str) -> Option<&'static str> {
    if phone.trim().is_empty() {
        Some("is empty")
    } else if phone.trim() != phone {
        Some("has white space before or after it")
    } else if phone.chars().nth(PHONE_MAX_CHARS).is_some() {
        Some("is longer than 64 characters")
    } else if crate::text::has_unsafe_char(phone) {
        Some("holds a control or format character")
    } else if !phone.bytes().any(|b| b.is_ascii_digit()) {
        Some("has no digit")
    } else {
        None
    }
}

/// The message for a phone number that is not one (see
/// [`phone_fault`]): the number quoted, its first 120 characters only,
/// and why.
pub(crate) fn bad_phone_message(phone: &str, fault: &str) -> String {
    format!("{} is not a phone number: it {fault}", quoted_start(phone))
}

/// A phone number an importer read in `field`: the text trimmed, or,
/// when it breaks the rule of [`phone_fault`], the message of the
/// problem to report at the record (`phone: "ext." is not a phone
/// number: it has no digit`), its number shown by its first 120
/// characters.
#[cfg(any(feature = "itop", feature = "scim", feature = "csv", feature = "ldif"))]
pub(crate) fn read_phone(field: &str, text: &str) -> Result<String, String> {
    let text = text.trim();
    match phone_fault(text) {
        None => Ok(text.to_owned()),
        Some(fault) => Err(format!("{field}: {}", bad_phone_message(text, fault))),
    }
}

/// The problems of one party's identity: emails and mail domains that are
/// not well formed (RFC 5321/5322 syntax) or hold a control or format
/// character (a bidi control would show a person another address than
/// the one stored), phone numbers that break the rule of [`phone_fault`]
/// (each at `phones[i]`), external ids with an empty system or id.
/// Reported at `section[index]`, naming the party `id`.
pub(crate) fn identity_problems(
    section: Section,
    index: Option<usize>,
    id: &str,
    emails: &[String],
    phones: &[String],
    email_domains: &[String],
    external_ids: &std::collections::BTreeMap<String, String>,
) -> Vec<Problem> {
    let at = |field: &str, kind: ProblemKind, message: String| {
        Problem::new(section, index, Some(field.to_owned()), kind, message).with_id(id)
    };
    let mut problems = Vec::new();
    for email in emails {
        if !email_address::EmailAddress::is_valid(email) || crate::text::has_unsafe_char(email) {
            let message = format!("{} is not an email address", quoted_start(email));
            problems.push(at("emails", ProblemKind::BadEmail, message));
        }
    }
    for (i, phone) in phones.iter().enumerate() {
        if let Some(fault) = phone_fault(phone) {
            let message = bad_phone_message(phone, fault);
            problems.push(at(&format!("phones[{i}]"), ProblemKind::BadPhone, message));
        }
    }
    for domain in email_domains {
        if !email_address::EmailAddress::is_valid_domain(domain)
            || crate::text::has_unsafe_char(domain)
        {
            let message = format!("{} is not a mail domain", quoted_start(domain));
            problems.push(at("email_domains", ProblemKind::BadEmail, message));
        }
    }
    for (system, value) in external_ids {
        if system.is_empty() || value.is_empty() {
            let message = format!("external id {system:?}: {value:?} has an empty system or id");
            problems.push(at("external_ids", ProblemKind::BadExternalId, message));
        }
    }
    problems
}

/// `text` quoted and escaped as `{:?}` writes it, its first 120
/// characters only and `…` after them when it is longer: a malformed
/// value can be megabytes long, and a message is one line.
pub(crate) fn quoted_start(text: &str) -> String {
    match text.char_indices().nth(120) {
        Some((cut, _)) => format!("{:?}…", &text[..cut]),
        None => format!("{text:?}"),
    }
}

/// The problem of an email a party gives that `first` gives already,
/// under `"email_policy": "unique"`.
pub(crate) fn duplicate_email(
    section: Section,
    index: Option<usize>,
    id: &str,
    email: &str,
    first: &str,
) -> Problem {
    Problem::new(
        section,
        index,
        Some("emails".to_owned()),
        ProblemKind::DuplicateEmail,
        format!(
            "{email:?} is already an email of {first:?} (set \"email_policy\": \"shared\" to let parties share one)"
        ),
    )
    .with_id(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: i8) -> Option<Date> {
        Some(Date::constant(2026, 1, d))
    }

    #[test]
    fn the_shared_period_is_the_latest_from_and_the_earliest_until() {
        assert_eq!(shared_period([]), (None, None));
        assert_eq!(
            shared_period([(day(1), None), (None, day(9)), (day(3), day(7))]),
            (day(3), day(7))
        );
    }

    #[test]
    fn a_line_back_closes_a_cycle_only_on_a_shared_date() {
        // 0 reports to 1 from the 1st until the 5th, 1 to 2 from the 3rd.
        let out = |n: u32| {
            let lines: Vec<(u32, Option<Date>, Option<Date>)> = match n {
                0 => vec![(1, day(1), day(5))],
                1 => vec![(2, day(3), None)],
                _ => vec![],
            };
            lines.into_iter()
        };
        // 2 to 0 from the 5th: the line 0 → 1 is over by then.
        assert_eq!(closing_reporting_cycle(2, 0, (day(5), None), out), None);
        // 2 to 0 until the 4th: all three hold on the 3rd.
        let cycle = closing_reporting_cycle(2, 0, (None, day(4)), out).expect("a cycle");
        assert_eq!(cycle.nodes, [2, 0, 1]);
        assert_eq!(cycle.period, (day(3), day(4)));
    }
}
