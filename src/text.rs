//! Text from a file, made safe to show a person.

use std::borrow::Cow;
use std::fmt::Write as _;

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Whether `c` must not reach a person as it is: a control character, a
/// format character (Unicode's `Cf`: the bidi controls that reorder what
/// is read, zero-width characters, the byte-order mark), a line or
/// paragraph separator, or a noncharacter.
fn unsafe_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    let code = u32::from(c);
    // The noncharacters: U+FDD0..=U+FDEF and the last two of every plane.
    let noncharacter = (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE;
    noncharacter
        || matches!(
            c.general_category(),
            GeneralCategory::Control
                | GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
        )
}

/// Whether `text` holds a character that must not reach a person as it
/// is (see `unsafe_char`): an address with one is refused, not stored.
pub(crate) fn has_unsafe_char(text: &str) -> bool {
    text.chars().any(unsafe_char)
}

/// Whether [`printable`] would change `text`: whether it must be quoted
/// and escaped where it stands in a message.
pub(crate) fn needs_escape(text: &str) -> bool {
    matches!(printable(text), Cow::Owned(_))
}

/// A file's path made [`printable`]: a file name can hold anything.
pub(crate) fn printable_path(path: &std::path::Path) -> String {
    printable(&path.display().to_string()).into_owned()
}

/// An id written into a message without quotes (`a → b → a`): as it is
/// when it is plain, else quoted and escaped as the messages quote ids
/// (`"a\u{202e}b"`, `"y → x"`). Plain is nothing to escape, no quote,
/// no white space and no `→` or `…`, so that a quoted id stands out and
/// an id never reads as two.
pub(crate) fn bare_id(id: &str) -> Cow<'_, str> {
    let plain =
        !needs_escape(id) && !id.contains(['"', '→', '…']) && !id.chars().any(char::is_whitespace);
    if !plain {
        Cow::Owned(format!("{id:?}"))
    } else {
        Cow::Borrowed(id)
    }
}

/// `text` made safe to show a person: on a terminal, in a log line, a
/// table or a picture.
///
/// Every control character, format character (Unicode's `Cf`, which holds
/// the bidi controls U+202A–U+202E and U+2066–U+2069 that reorder what is
/// read, and the zero-width characters), line and paragraph separator
/// (U+2028, U+2029) and noncharacter (U+FFFE, say) is written as a Rust
/// escape, `\u{202e}`. The result is one line, reads in the order it is
/// stored, and holds nothing a terminal or Graphviz acts on.
///
/// The escape is unambiguous: a backslash that would otherwise start an
/// escape (one followed by `u{`, by another backslash or by an escaped
/// character) is doubled, so the text `a\u{a}b` and `a`, newline, `b`
/// print differently. Other backslashes stay as they are
/// (`CORP\dana`), and text with nothing to escape is returned as it is,
/// without copying. Letters, marks and symbols of every script pass
/// through unchanged.
///
/// The command-line program writes every string from a file through this
/// function before a person sees it; JSON output is exact and does not
/// use it.
///
/// ```
/// use svcrel::printable;
///
/// assert_eq!(printable("Zoë Ångström"), "Zoë Ångström");
/// assert_eq!(printable("a\nb"), r"a\u{a}b");
/// assert_eq!(printable("a\u{202e}b"), r"a\u{202e}b");
/// assert_eq!(printable(r"a\u{a}b"), r"a\\u{a}b");
/// assert_eq!(printable(r"CORP\dana"), r"CORP\dana");
/// ```
pub fn printable(text: &str) -> Cow<'_, str> {
    // A backslash is doubled where what follows it would read as an
    // escape: `u{`, another backslash, or a character that is escaped.
    let doubled = |at: usize| {
        let rest = &text[at + 1..];
        rest.starts_with("u{")
            || rest
                .chars()
                .next()
                .is_some_and(|next| next == '\\' || unsafe_char(next))
    };
    let changes = |(at, c): (usize, char)| unsafe_char(c) || (c == '\\' && doubled(at));
    if !text.char_indices().any(changes) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (at, c) in text.char_indices() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else if c == '\\' && doubled(at) {
            out.push_str("\\\\");
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{bare_id, printable, unsafe_char};

    /// Reads `printable`'s output back: `\\` is a backslash, `\u{…}` the
    /// character, any other backslash itself.
    fn unescape(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find('\\') {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            if let Some(after) = rest.strip_prefix("\\\\") {
                out.push('\\');
                rest = after;
            } else if let Some(escape) = rest.strip_prefix("\\u{").and_then(|r| {
                let end = r.find('}')?;
                let c = char::from_u32(u32::from_str_radix(&r[..end], 16).ok()?)?;
                Some((c, &r[end + 1..]))
            }) {
                out.push(escape.0);
                rest = escape.1;
            } else {
                out.push('\\');
                rest = &rest[1..];
            }
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn every_kind_of_hidden_or_moving_character_is_escaped() {
        for c in [
            '\0',
            '\n',
            '\r',
            '\t',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{ad}',
            '\u{200b}',
            '\u{200e}',
            '\u{202a}',
            '\u{202e}',
            '\u{2066}',
            '\u{2069}',
            '\u{2028}',
            '\u{2029}',
            '\u{feff}',
            '\u{fdd0}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{1fffe}',
            '\u{10ffff}',
            '\u{e0041}',
        ] {
            let text = format!("a{c}b");
            let shown = printable(&text);
            assert!(!shown.contains(c), "{c:?} shown as {shown}");
            assert_eq!(shown, format!("a\\u{{{:x}}}b", u32::from(c)));
        }
    }

    #[test]
    fn letters_marks_and_symbols_pass_through() {
        for text in [
            "José",
            "Jose\u{301}",
            "東京",
            "مرحبا",
            "€ ✓ 🎉",
            "O'Brien \"Ops\"",
        ] {
            assert_eq!(printable(text), text);
        }
    }

    #[test]
    fn an_escape_never_looks_like_text_that_was_there() {
        assert_ne!(printable("a\nb"), printable(r"a\nb"));
        assert_ne!(printable("a\nb"), printable(r"a\u{a}b"));
        assert_eq!(printable(r"a\nb"), r"a\nb");
        assert_eq!(printable("\\\n"), r"\\\u{a}");
        assert_eq!(printable(r"\\x"), r"\\\x");
        assert_eq!(printable("ends\\"), r"ends\");
        // Nothing changed, nothing copied.
        assert!(matches!(
            printable(r"CORP\dana"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn an_id_in_a_chain_of_ids_never_reads_as_two() {
        assert_eq!(bare_id("dana"), "dana");
        assert_eq!(bare_id(r"CORP\dana"), r"CORP\dana");
        assert_eq!(bare_id("y → x"), r#""y → x""#);
        assert_eq!(bare_id("a b"), r#""a b""#);
        assert_eq!(bare_id("…"), r#""…""#);
        assert_eq!(bare_id("a\u{202e}"), r#""a\u{202e}""#);
        assert_eq!(bare_id("\"q\""), r#""\"q\"""#);
    }

    proptest! {
        #[test]
        fn printable_reads_back_to_the_text(text in "(\\\\|u|\\{|\\}|a|[\\x00-\\x1f]|\u{202e}|\u{2028}|\u{fffe}|é|\\PC){0,24}") {
            let shown = printable(&text);
            prop_assert!(!shown.chars().any(unsafe_char));
            prop_assert_eq!(unescape(&shown), text);
        }
    }
}
