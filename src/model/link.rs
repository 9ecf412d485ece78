//! A link record of any kind, as written in a document.

use serde::{Deserialize, Serialize};

use crate::document::{
    Dependency, Document, Funding, Membership, Oversight, Partnership, Reporting, Usage,
};
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

impl Link {
    /// Puts the link at the end of its section of `doc`.
    pub(crate) fn push_to(self, doc: &mut Document) {
        match self {
            Link::Membership(l) => doc.memberships.push(l),
            Link::Reporting(l) => doc.reporting.push(l),
            Link::Funding(l) => doc.funding.push(l),
            Link::Usage(l) => doc.usage.push(l),
            Link::Dependency(l) => doc.dependencies.push(l),
            Link::Oversight(l) => doc.oversight.push(l),
            Link::Partnership(l) => doc.partnerships.push(l),
        }
    }

    /// `doc`'s links, taken out of it section by section, in document
    /// order.
    pub(crate) fn take_all(doc: &mut Document) -> Vec<Link> {
        fn take<T: Into<Link>>(links: &mut Vec<Link>, section: &mut Vec<T>) {
            links.extend(std::mem::take(section).into_iter().map(Into::into));
        }
        let mut links = Vec::with_capacity(
            doc.memberships.len()
                + doc.reporting.len()
                + doc.funding.len()
                + doc.usage.len()
                + doc.dependencies.len()
                + doc.oversight.len()
                + doc.partnerships.len(),
        );
        take(&mut links, &mut doc.memberships);
        take(&mut links, &mut doc.reporting);
        take(&mut links, &mut doc.funding);
        take(&mut links, &mut doc.usage);
        take(&mut links, &mut doc.dependencies);
        take(&mut links, &mut doc.oversight);
        take(&mut links, &mut doc.partnerships);
        links
    }
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
