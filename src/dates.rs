//! Dates in the document: strictly `YYYY-MM-DD`, parsed by jiff.

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serializer};

use crate::error::Error;

/// Parses a date written exactly `YYYY-MM-DD`, as the model document,
/// the importers and the command line's `--as-of` write dates.
///
/// jiff does the calendar work; the shape check keeps out the longer
/// forms jiff also reads (a date with a time would lose its time, and a
/// signed or six-digit year could not be written back).
///
/// ```
/// use svcrel::{Date, ErrorKind, parse_date};
///
/// assert_eq!(parse_date("2028-06-01")?, Date::constant(2028, 6, 1));
/// let err = parse_date("2028-6-1").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::BadDate);
/// assert_eq!(err.to_string(), r#""2028-6-1" is not a date written YYYY-MM-DD"#);
/// assert!(parse_date("2028-06-01T12:00").is_err());
/// let leap = parse_date("2027-02-29").unwrap_err();
/// assert!(leap.to_string().starts_with(r#""2027-02-29" is not a calendar date: "#));
/// # Ok::<(), svcrel::Error>(())
/// ```
///
/// # Errors
///
/// An error of kind [`ErrorKind::BadDate`](crate::ErrorKind::BadDate)
/// when the text is not ten characters `YYYY-MM-DD` of ASCII digits and
/// hyphens, or is but names no day of the calendar (a 13th month, a 29
/// February outside a leap year); its message quotes the text and says
/// which.
pub fn parse_date(text: &str) -> Result<Date, Error> {
    parse(text).map_err(Error::bad_date)
}

/// [`parse_date`] with the message alone, as the document's problems and
/// the importers report it.
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

/// A date that must be given, as `YYYY-MM-DD`.
pub(crate) mod required {
    use jiff::civil::Date;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(date)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        super::parse(&text).map_err(serde::de::Error::custom)
    }
}
