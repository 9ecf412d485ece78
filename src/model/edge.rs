//! Edge weights: what a link is, when it holds, and when it was added,
//! packed into 24 bytes (the rare extras live behind one pointer).

use jiff::civil::Date;
use petgraph::stable_graph::NodeIndex;

use crate::document::Payment;

/// When a link holds: `from <= date < until`. Each end is a packed date
/// ([`pack`]), an open end the extreme value, so a period is eight bytes
/// and a test is two integer comparisons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Period {
    from: i32,
    until: i32,
}

const OPEN_FROM: i32 = i32::MIN;
const OPEN_UNTIL: i32 = i32::MAX;

/// A date as an integer that sorts as the date does: year, month and day
/// in bit fields (every `Date` jiff can hold fits, far from the extremes).
fn pack(date: Date) -> i32 {
    (i32::from(date.year()) << 9) | (i32::from(date.month()) << 5) | i32::from(date.day())
}

fn unpack(packed: i32) -> Option<Date> {
    let year = i16::try_from(packed >> 9).ok()?;
    let month = i8::try_from((packed >> 5) & 0xf).ok()?;
    let day = i8::try_from(packed & 0x1f).ok()?;
    Date::new(year, month, day).ok()
}

impl Default for Period {
    fn default() -> Self {
        Period::ALWAYS
    }
}

impl Period {
    /// A link with no dates: it always holds.
    pub(crate) const ALWAYS: Period = Period {
        from: OPEN_FROM,
        until: OPEN_UNTIL,
    };

    pub(crate) fn new(from: Option<Date>, until: Option<Date>) -> Period {
        Period {
            from: from.map_or(OPEN_FROM, pack),
            until: until.map_or(OPEN_UNTIL, pack),
        }
    }

    pub(crate) fn from(self) -> Option<Date> {
        (self.from != OPEN_FROM)
            .then(|| unpack(self.from))
            .flatten()
    }

    pub(crate) fn until(self) -> Option<Date> {
        (self.until != OPEN_UNTIL)
            .then(|| unpack(self.until))
            .flatten()
    }

    pub(crate) fn set_until(&mut self, until: Option<Date>) {
        self.until = until.map_or(OPEN_UNTIL, pack);
    }

    /// Whether the link holds on every date.
    pub(crate) fn is_always(self) -> bool {
        self == Period::ALWAYS
    }

    /// Whether the link holds on `date`; with no date, every link holds.
    pub(crate) fn holds_on(self, date: Option<Date>) -> bool {
        match date {
            None => true,
            Some(d) => {
                let d = pack(d);
                self.from <= d && d < self.until
            }
        }
    }
}

/// What a funding link carries beyond its ends.
#[derive(Clone, Debug)]
pub(crate) struct FundingLink {
    pub(crate) payment: Payment,
    pub(crate) approved_by: Box<[NodeIndex]>,
}

/// The kind of a link. Directions: parent: organisation → parent;
/// provider: service → provider; membership: individual → organisation;
/// reporting: individual → manager; funding: payer → service; usage:
/// user → service; dependency: service → depended-on service; oversight:
/// overseer → organisation; partnership: first party → second party.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub(crate) enum LinkKind {
    Parent,
    Provider,
    Membership,
    Reporting,
    Funding,
    Usage,
    Dependency,
    Oversight,
    Partnership,
}

/// What a few links carry besides kind and period.
#[derive(Clone, Debug)]
pub(crate) enum Detail {
    /// A membership's title.
    Title(Box<str>),
    /// A funding link's payment and approvers.
    Funding(FundingLink),
}

/// An edge weight: the link, when it holds, and when it was added.
#[derive(Clone, Debug)]
pub(crate) struct Edge {
    pub(crate) period: Period,
    /// When the link was added, counted across the model's lifetime:
    /// the document order, kept through edits (petgraph reuses freed
    /// slots, so edge indices are not).
    pub(crate) seq: u32,
    pub(crate) kind: LinkKind,
    detail: Option<Box<Detail>>,
}

impl Edge {
    pub(crate) fn new(kind: LinkKind, period: Period, seq: u32, detail: Option<Detail>) -> Edge {
        Edge {
            period,
            seq,
            kind,
            detail: detail.map(Box::new),
        }
    }

    /// A funding link's payment and approvers.
    pub(crate) fn funding(&self) -> Option<&FundingLink> {
        match self.detail.as_deref() {
            Some(Detail::Funding(f)) => Some(f),
            _ => None,
        }
    }

    pub(crate) fn funding_mut(&mut self) -> Option<&mut FundingLink> {
        match self.detail.as_deref_mut() {
            Some(Detail::Funding(f)) => Some(f),
            _ => None,
        }
    }

    /// A membership's title.
    pub(crate) fn title(&self) -> Option<&str> {
        match self.detail.as_deref() {
            Some(Detail::Title(t)) => Some(t),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_stay_small() {
        assert_eq!(size_of::<Period>(), 8);
        assert_eq!(size_of::<Edge>(), 24);
    }

    #[test]
    fn packed_dates_sort_and_come_back() {
        let dates = [
            Date::MIN,
            Date::constant(-1, 12, 31),
            Date::constant(0, 1, 1),
            Date::constant(2024, 2, 29),
            Date::constant(2024, 3, 1),
            Date::MAX,
        ];
        for pair in dates.windows(2) {
            assert!(pack(pair[0]) < pack(pair[1]), "{pair:?}");
        }
        for d in dates {
            assert_eq!(unpack(pack(d)), Some(d));
            assert!(pack(d) > OPEN_FROM && pack(d) < OPEN_UNTIL);
        }
        let p = Period::new(Some(dates[3]), None);
        assert_eq!((p.from(), p.until()), (Some(dates[3]), None));
        assert!(p.holds_on(Some(dates[4])) && !p.holds_on(Some(dates[2])));
        assert!(Period::ALWAYS.is_always() && Period::ALWAYS.holds_on(Some(Date::MIN)));
    }
}
