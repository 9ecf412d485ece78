//! Typed identifiers.
//!
//! Organisations, individuals and services share one id namespace in a model
//! document, but a field of the document names one kind (or a set of kinds)
//! of entity. The typed ids below say which, so a `ServiceId` cannot be
//! passed where a party is meant by accident.

use std::borrow::Borrow;
use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident, $example:literal) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps a string as this kind of id.
            ///
            /// Any string is accepted here; an empty id is reported when the
            /// document it appears in is validated.
            ///
            /// ```
            #[doc = concat!("let id = svcrel::", stringify!($name), "::new(\"", $example, "\");")]
            #[doc = concat!("assert_eq!(id.as_str(), \"", $example, "\");")]
            /// ```
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            /// The id as a string slice.
            ///
            /// ```
            #[doc = concat!("let id = svcrel::", stringify!($name), "::from(\"", $example, "\");")]
            #[doc = concat!("assert_eq!(id.as_str(), \"", $example, "\");")]
            /// ```
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The id as an owned `String`.
            ///
            /// ```
            #[doc = concat!("let id = svcrel::", stringify!($name), "::from(\"", $example, "\");")]
            #[doc = concat!("assert_eq!(id.into_string(), \"", $example, "\");")]
            /// ```
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

typed_id!(
    /// The id of an organisation: a company, agency, department or team.
    OrganisationId,
    "goddard-apps"
);
typed_id!(
    /// The id of an individual person.
    IndividualId,
    "dana"
);
typed_id!(
    /// The id of a service.
    ServiceId,
    "expense-app"
);
typed_id!(
    /// The id of a party: an organisation or an individual.
    PartyId,
    "dana"
);

impl From<OrganisationId> for PartyId {
    fn from(id: OrganisationId) -> Self {
        PartyId(id.0)
    }
}

impl From<IndividualId> for PartyId {
    fn from(id: IndividualId) -> Self {
        PartyId(id.0)
    }
}

/// What kind of entity an id names.
///
/// ```
/// use svcrel::EntityKind;
/// assert_eq!(EntityKind::Organisation.to_string(), "organisation");
/// assert!(EntityKind::Individual.is_party());
/// assert!(!EntityKind::Service.is_party());
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A company, agency, department, business unit or team.
    Organisation,
    /// A person.
    Individual,
    /// A service delivered by a provider.
    Service,
}

impl EntityKind {
    /// Whether this kind is a party (an organisation or an individual).
    ///
    /// ```
    /// assert!(svcrel::EntityKind::Organisation.is_party());
    /// ```
    pub fn is_party(self) -> bool {
        !matches!(self, EntityKind::Service)
    }

    /// The lower-case word for this kind, as written in documents and output.
    ///
    /// ```
    /// assert_eq!(svcrel::EntityKind::Service.as_str(), "service");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Organisation => "organisation",
            EntityKind::Individual => "individual",
            EntityKind::Service => "service",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
