//! How the protocol writes the library's own values: cutoffs as the
//! command line's JSON writes them, and the readers of the options that
//! say what is wrong in words. (Scopes, link types and roles derive
//! their serde forms where they are defined.)

use std::borrow::Cow;
use std::fmt;

use jiff::civil::Date;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::protocol::AsOf;
use crate::query::MaxChain;

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
pub(crate) mod as_of_used {
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
pub(crate) struct AsOfUsed;

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

/// Reads `within`.
pub(super) fn within<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    d.deserialize_any(WholeNumber("within"))
}

/// Reads `limit`.
pub(super) fn limit<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    d.deserialize_any(WholeNumber("limit"))
}

/// Reads one of the two dates of a diff: `"today"` or `"YYYY-MM-DD"`,
/// never `"any"` (a diff compares two dates).
fn diff_date<'de, D: Deserializer<'de>>(d: D, name: &str) -> Result<AsOf, D::Error> {
    let text = Cow::<'de, str>::deserialize(d)?;
    match &*text {
        "today" => Ok(AsOf::Today),
        text => crate::dates::parse(text).map(AsOf::On).map_err(|e| {
            de::Error::custom(format!(
                "{name}: {e}; a diff's {name} is \"today\" or a date written YYYY-MM-DD"
            ))
        }),
    }
}

/// Reads a diff's `old`.
pub(super) fn old_date<'de, D: Deserializer<'de>>(d: D) -> Result<AsOf, D::Error> {
    diff_date(d, "old")
}

/// Reads a diff's `new`.
pub(super) fn new_date<'de, D: Deserializer<'de>>(d: D) -> Result<AsOf, D::Error> {
    diff_date(d, "new")
}

/// The schema of [`old_date`] and [`new_date`].
pub(super) struct DiffDate;

impl JsonSchema for DiffDate {
    fn schema_name() -> Cow<'static, str> {
        "DiffDate".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "One of the two dates a diff compares: \"today\" or a date written YYYY-MM-DD.",
            "type": "string",
            "pattern": "^(today|[0-9]{4}-[0-9]{2}-[0-9]{2})$"
        })
    }
}
