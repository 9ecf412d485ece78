//! Building a model in code.

use crate::document::{
    Dependency, Document, Funding, Individual, Membership, Organisation, Oversight, Partnership,
    Reporting, Service, Usage,
};
use crate::error::Error;
use crate::model::Model;

/// Builds a [`Model`] in code, item by item, with the same checks as a
/// document: [`ModelBuilder::build`] reports every problem at once.
///
/// ```
/// use svcrel::{Funding, Individual, Membership, Model, Organisation, Payment, Service};
///
/// let model = Model::builder()
///     .organisation(Organisation::new("expenseco"))
///     .organisation(Organisation::new("goddard-apps"))
///     .individual(Individual::new("dana"))
///     .membership(Membership::new("dana", "goddard-apps"))
///     .service(Service::new("expense-app", "expenseco"))
///     .funding(Funding { approved_by: vec!["dana".into()], ..Funding::new("goddard-apps", "expense-app", Payment::Cash) })
///     .build()?;
/// assert_eq!(model.counts().funding, 1);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct ModelBuilder {
    document: Document,
}

macro_rules! adders {
    ($($(#[$meta:meta])* $method:ident($ty:ty) => $list:ident;)*) => {
        impl ModelBuilder {
            $(
                $(#[$meta])*
                pub fn $method(mut self, item: $ty) -> Self {
                    self.document.$list.push(item);
                    self
                }
            )*
        }
    };
}

adders! {
    /// Adds an organisation.
    ///
    /// ```
    /// let b = svcrel::Model::builder().organisation(svcrel::Organisation::new("it"));
    /// assert_eq!(b.build()?.counts().organisations, 1);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    organisation(Organisation) => organisations;
    /// Adds an individual.
    ///
    /// ```
    /// let b = svcrel::Model::builder().individual(svcrel::Individual::new("dana"));
    /// assert_eq!(b.build()?.counts().individuals, 1);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    individual(Individual) => individuals;
    /// Adds a service.
    ///
    /// ```
    /// let b = svcrel::Model::builder().individual(svcrel::Individual::new("ann"))
    ///     .service(svcrel::Service::new("tutoring", "ann"));
    /// assert_eq!(b.build()?.counts().services, 1);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    service(Service) => services;
    /// Adds a membership.
    ///
    /// ```
    /// use svcrel::{Individual, Membership, Organisation};
    /// let b = svcrel::Model::builder().individual(Individual::new("ann"))
    ///     .organisation(Organisation::new("it")).membership(Membership::new("ann", "it"));
    /// assert_eq!(b.build()?.counts().memberships, 1);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    membership(Membership) => memberships;
    /// Adds a reporting line.
    ///
    /// ```
    /// use svcrel::{Individual, Reporting};
    /// let b = svcrel::Model::builder().individual(Individual::new("ann"))
    ///     .individual(Individual::new("bob")).reporting(Reporting::new("ann", "bob"));
    /// assert_eq!(b.build()?.counts().reporting, 1);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    reporting(Reporting) => reporting;
    /// Adds a funding link.
    ///
    /// ```
    /// use svcrel::{Funding, Organisation, Payment, Service};
    /// let b = svcrel::Model::builder().organisation(Organisation::new("it"))
    ///     .service(Service::new("mail", "it")).funding(Funding::new("it", "mail", Payment::None));
    /// assert_eq!(b.build()?.counts().funding, 1);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    funding(Funding) => funding;
    /// Adds a usage link.
    ///
    /// ```
    /// use svcrel::{Organisation, Service, Usage};
    /// let b = svcrel::Model::builder().organisation(Organisation::new("it"))
    ///     .service(Service::new("mail", "it")).usage(Usage::new("it", "mail"));
    /// assert_eq!(b.build()?.counts().usage, 1);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    usage(Usage) => usage;
    /// Adds a dependency.
    ///
    /// ```
    /// use svcrel::{Dependency, Organisation, Service};
    /// let b = svcrel::Model::builder().organisation(Organisation::new("it"))
    ///     .service(Service::new("mail", "it")).service(Service::new("dns", "it"))
    ///     .dependency(Dependency::new("mail", "dns"));
    /// assert_eq!(b.build()?.counts().dependencies, 1);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    dependency(Dependency) => dependencies;
    /// Adds an oversight link.
    ///
    /// ```
    /// use svcrel::{Individual, Organisation, Oversight};
    /// let b = svcrel::Model::builder().organisation(Organisation::new("it"))
    ///     .individual(Individual::new("cfo")).oversight(Oversight::new("cfo", "it"));
    /// assert_eq!(b.build()?.counts().oversight, 1);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    oversight(Oversight) => oversight;
    /// Adds a partnership.
    ///
    /// ```
    /// use svcrel::{Organisation, Partnership};
    /// let b = svcrel::Model::builder().organisation(Organisation::new("it"))
    ///     .organisation(Organisation::new("finance")).partnership(Partnership::new("it", "finance"));
    /// assert_eq!(b.build()?.counts().partnerships, 1);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    partnership(Partnership) => partnerships;
}

impl ModelBuilder {
    /// Checks everything added and builds the model; an error lists every
    /// problem, located as in a document with the items in the order added.
    ///
    /// ```
    /// use svcrel::{Model, Organisation};
    /// let err = Model::builder()
    ///     .organisation(Organisation { parent: Some("nowhere".into()), ..Organisation::new("it") })
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(err.problems()[0].to_string(), r#"organisations[0].parent: "nowhere" names no organisation"#);
    /// ```
    pub fn build(self) -> Result<Model, Error> {
        Model::from_document(&self.document)
    }
}
