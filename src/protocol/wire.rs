//! How the protocol writes the library's own values: scopes, link types,
//! roles and cutoffs as the command line's JSON writes them, and the
//! readers of the options that say what is wrong in words.

use std::borrow::Cow;
use std::fmt;

use jiff::civil::Date;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::query::{LinkType, MaxChain, Role, Scope};

/// A mirror of [`Scope`] for serde.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(rename = "Scope", rename_all = "lowercase")]
enum ScopeWire {
    /// Reached from a cash or trade payment by a payer outside the
    /// provider's company.
    External,
    /// Every other customer.
    Internal,
}

impl Serialize for Scope {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match ScopeWire::deserialize(d)? {
            ScopeWire::External => Scope::External,
            ScopeWire::Internal => Scope::Internal,
        })
    }
}

impl JsonSchema for Scope {
    fn schema_name() -> Cow<'static, str> {
        "Scope".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        ScopeWire::json_schema(generator)
    }
}

/// A mirror of [`LinkType`] for serde.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(rename = "LinkType", rename_all = "lowercase")]
enum LinkWire {
    /// From a service to the party that funds it.
    Funding,
    /// From a payer to an individual who approves its payment.
    Approval,
    /// From an individual to their manager.
    Reporting,
    /// Between an organisation and its parent.
    Parent,
    /// From an organisation to one of its members.
    Membership,
    /// From a service to a party that uses it.
    Usage,
    /// From a service to a service that depends on it.
    Dependency,
    /// From a service to the party that provides it.
    Provider,
}

impl Serialize for LinkType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for LinkType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match LinkWire::deserialize(d)? {
            LinkWire::Funding => LinkType::Funding,
            LinkWire::Approval => LinkType::Approval,
            LinkWire::Reporting => LinkType::Reporting,
            LinkWire::Parent => LinkType::Parent,
            LinkWire::Membership => LinkType::Membership,
            LinkWire::Usage => LinkType::Usage,
            LinkWire::Dependency => LinkType::Dependency,
            LinkWire::Provider => LinkType::Provider,
        })
    }
}

impl JsonSchema for LinkType {
    fn schema_name() -> Cow<'static, str> {
        "LinkType".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        LinkWire::json_schema(generator)
    }
}

/// A mirror of [`Role`] for serde: `{"role": "customer", "distance": 0,
/// "scope": "internal"}`, `{"role": "consumer", "distance": 1}`,
/// `{"role": "sponsor"}`.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(rename = "Role", tag = "role", rename_all = "snake_case")]
enum RoleWire {
    /// The provider, an organisation below it, or a member.
    Provider,
    /// Among the customers.
    Customer {
        /// Steps up the chain from a payer or approver.
        distance: u32,
        /// External or internal.
        scope: Scope,
    },
    /// Among the consumers.
    Consumer {
        /// Dependency steps to the service the party uses.
        distance: u32,
    },
    /// Approves a funding link on the service.
    Sponsor,
    /// Oversees the provider or an organisation above it.
    Client,
    /// An individual in the provider's company.
    Colleague,
    /// Joined to the provider by a declared partnership.
    Partner,
}

impl From<Role> for RoleWire {
    fn from(role: Role) -> Self {
        match role {
            Role::Provider => RoleWire::Provider,
            Role::Customer { distance, scope } => RoleWire::Customer { distance, scope },
            Role::Consumer { distance } => RoleWire::Consumer { distance },
            Role::Sponsor => RoleWire::Sponsor,
            Role::Client => RoleWire::Client,
            Role::Colleague => RoleWire::Colleague,
            Role::Partner => RoleWire::Partner,
        }
    }
}

impl Serialize for Role {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RoleWire::from(*self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match RoleWire::deserialize(d)? {
            RoleWire::Provider => Role::Provider,
            RoleWire::Customer { distance, scope } => Role::Customer { distance, scope },
            RoleWire::Consumer { distance } => Role::Consumer { distance },
            RoleWire::Sponsor => Role::Sponsor,
            RoleWire::Client => Role::Client,
            RoleWire::Colleague => Role::Colleague,
            RoleWire::Partner => Role::Partner,
        })
    }
}

impl JsonSchema for Role {
    fn schema_name() -> Cow<'static, str> {
        "Role".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        RoleWire::json_schema(generator)
    }
}

/// A cutoff as a number of steps, or `null` for no limit.
impl Serialize for MaxChain {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            MaxChain::Steps(k) => s.serialize_u32(*k),
            MaxChain::Unlimited => s.serialize_none(),
        }
    }
}

impl<'de> Deserialize<'de> for MaxChain {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Option::<u32>::deserialize(d)?.map_or(MaxChain::Unlimited, MaxChain::Steps))
    }
}

impl JsonSchema for MaxChain {
    fn schema_name() -> Cow<'static, str> {
        "MaxChain".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A chain cutoff: at most this many steps, or null for no limit.",
            "type": ["integer", "null"],
            "minimum": 0,
            "maximum": u32::MAX
        })
    }
}

/// Reads a value that is present, even `null`, as `Some`: a cutoff of
/// `null` is no limit, not no cutoff.
pub(super) fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

/// The date an answer was given on: `"any"` (dates ignored) or
/// `"YYYY-MM-DD"`.
pub(super) mod as_of_used {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => s.collect_str(d),
            None => s.serialize_str("any"),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        let text = Cow::<'de, str>::deserialize(d)?;
        match &*text {
            "any" => Ok(None),
            text => crate::dates::parse(text)
                .map(Some)
                .map_err(de::Error::custom),
        }
    }
}

/// The schema of [`as_of_used`].
pub(super) struct AsOfUsed;

impl JsonSchema for AsOfUsed {
    fn schema_name() -> Cow<'static, str> {
        "AsOfUsed".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "The date the answer holds on, YYYY-MM-DD, or \"any\" when dates were ignored.",
            "type": "string",
            "pattern": "^(any|[0-9]{4}-[0-9]{2}-[0-9]{2})$"
        })
    }
}

/// A whole number option, `null` as good as absent, with a message that
/// names the option when it is anything else.
struct WholeNumber(&'static str);

impl<'de> Visitor<'de> for WholeNumber {
    type Value = Option<u32>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} as a whole number (0, 1, 2, …)", self.0)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        u32::try_from(v).map(Some).map_err(|_| {
            E::custom(format!(
                "{} {v} is too large (at most {})",
                self.0,
                u32::MAX
            ))
        })
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(E::custom(format!(
                "{} {v} is not a whole number (0, 1, 2, …)",
                self.0
            ))),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Err(E::custom(format!(
            "{} {v} is not a whole number (0, 1, 2, …)",
            self.0
        )))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// Reads `max_chain`.
pub(super) fn max_chain<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    d.deserialize_any(WholeNumber("max_chain"))
}

/// Reads `limit`.
pub(super) fn limit<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    d.deserialize_any(WholeNumber("limit"))
}
