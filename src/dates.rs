//! Dates in the document: strictly `YYYY-MM-DD`, parsed by jiff.

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serializer};

/// Parses a date written exactly `YYYY-MM-DD`.
///
/// jiff does the calendar work; the shape check keeps out the longer
/// forms jiff also reads (a date with a time would lose its time).
pub(crate) fn parse(text: &str) -> Result<Date, String> {
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(format!("{text:?} is not a date written YYYY-MM-DD"));
    }
    text.parse::<Date>()
        .map_err(|e| format!("{text:?} is not a calendar date: {e}"))
}

/// Whether `date` can be written `YYYY-MM-DD` and so read back: a year
/// from 0000 to 9999. (A [`Date`] made in code may lie outside.)
pub(crate) fn writable(date: Date) -> bool {
    (0..=9999).contains(&date.year())
}

/// Whether a link valid `from <= d < until` holds on `date`; with no date,
/// every link holds.
pub(crate) fn holds(from: Option<Date>, until: Option<Date>, date: Option<Date>) -> bool {
    match date {
        None => true,
        Some(d) => from.is_none_or(|f| f <= d) && until.is_none_or(|u| d < u),
    }
}

pub(crate) fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

/// Reads an optional date; `null` is as good as absent.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    match <Option<std::borrow::Cow<'de, str>>>::deserialize(d)? {
        None => Ok(None),
        Some(text) => parse(&text).map(Some).map_err(serde::de::Error::custom),
    }
}
