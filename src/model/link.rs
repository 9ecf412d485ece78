//! A link record of any kind, as written in a document.

use serde::{Deserialize, Serialize};

use crate::document::{Dependency, Funding, Membership, Oversight, Partnership, Reporting, Usage};
use crate::model::Period;
use crate::problem::Section;
use crate::rules::Expect;

/// One link record of any kind, as written in a document.
///
/// ```
/// use svcrel::{Link, Usage};
/// let link = Link::from(Usage::new("fan", "nfl-broadcast"));
/// assert!(matches!(link, Link::Usage(_)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Link {
    /// A membership.
    Membership(Membership),
    /// A reporting line.
    Reporting(Reporting),
    /// A funding link.
    Funding(Funding),
    /// A usage link.
    Usage(Usage),
    /// A dependency.
    Dependency(Dependency),
    /// An oversight link.
    Oversight(Oversight),
    /// A partnership.
    Partnership(Partnership),
}

macro_rules! link_from {
    ($($variant:ident),*) => {$(
        impl From<$variant> for Link {
            fn from(link: $variant) -> Self {
                Link::$variant(link)
            }
        }
    )*};
}
link_from!(
    Membership,
    Reporting,
    Funding,
    Usage,
    Dependency,
    Oversight,
    Partnership
);

impl Link {
    /// The document section the link belongs in.
    ///
    /// ```
    /// let link = svcrel::Link::from(svcrel::Reporting::new("dana", "cio"));
    /// assert_eq!(link.section(), svcrel::Section::Reporting);
    /// ```
    pub fn section(&self) -> Section {
        match self {
            Link::Membership(_) => Section::Memberships,
            Link::Reporting(_) => Section::Reporting,
            Link::Funding(_) => Section::Funding,
            Link::Usage(_) => Section::Usage,
            Link::Dependency(_) => Section::Dependencies,
            Link::Oversight(_) => Section::Oversight,
            Link::Partnership(_) => Section::Partnerships,
        }
    }

    pub(crate) fn period(&self) -> Period {
        let (from, until) = match self {
            Link::Membership(l) => (l.from, l.until),
            Link::Reporting(l) => (l.from, l.until),
            Link::Funding(l) => (l.from, l.until),
            Link::Usage(l) => (l.from, l.until),
            Link::Dependency(l) => (l.from, l.until),
            Link::Oversight(l) => (l.from, l.until),
            Link::Partnership(l) => (l.from, l.until),
        };
        Period::new(from, until)
    }

    /// The link's ends and what each must name, in the order of its fields.
    pub(crate) fn ends(&self) -> Vec<(&'static str, &str, Expect)> {
        match self {
            Link::Membership(l) => vec![
                ("individual", l.individual.as_str(), Expect::Individual),
                (
                    "organisation",
                    l.organisation.as_str(),
                    Expect::Organisation,
                ),
            ],
            Link::Reporting(l) => vec![
                ("individual", l.individual.as_str(), Expect::Individual),
                ("manager", l.manager.as_str(), Expect::Individual),
            ],
            Link::Funding(l) => vec![
                ("payer", l.payer.as_str(), Expect::Party),
                ("service", l.service.as_str(), Expect::Service),
            ],
            Link::Usage(l) => vec![
                ("user", l.user.as_str(), Expect::Party),
                ("service", l.service.as_str(), Expect::Service),
            ],
            Link::Dependency(l) => vec![
                ("service", l.service.as_str(), Expect::Service),
                ("depends_on", l.depends_on.as_str(), Expect::Service),
            ],
            Link::Oversight(l) => vec![
                ("overseer", l.overseer.as_str(), Expect::Party),
                (
                    "organisation",
                    l.organisation.as_str(),
                    Expect::Organisation,
                ),
            ],
            Link::Partnership(l) => vec![
                ("parties[0]", l.parties[0].as_str(), Expect::Party),
                ("parties[1]", l.parties[1].as_str(), Expect::Party),
            ],
        }
    }
}
