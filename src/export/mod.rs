//! Exports of a whole model document for graph tools and graph
//! databases, and reading them back: GraphML (Gephi, yEd, Cytoscape) and
//! the CSV files `neo4j-admin database import full` reads. Both keep
//! every field of the document: read back, they give the same document.
//!
//! # Strings that XML 1.0 cannot carry
//!
//! XML 1.0 has no way to write most C0 control characters (U+0000 to
//! U+001F other than tab, line feed and carriage return) nor U+FFFE and
//! U+FFFF, not even as character references. In GraphML, a string value
//! is therefore written with one reversible escape: a backslash is
//! written `\\`, and each character XML cannot carry is written `\uXXXX`
//! (four hexadecimal digits). Every other character, `<`, `&` and quotes
//! included, is written as XML writes it. Lists and maps are JSON text,
//! which escapes control characters itself.
//!
//! # Arrays in the Neo4j files
//!
//! Lists (`emails`, `phones`, `email_domains`, `approved_by`) are Neo4j
//! string arrays, their elements separated by `;` (the default
//! `--array-delimiter` of `neo4j-admin`). In an element, a backslash is
//! written `\\` and a `;` is written `\u003B`; an empty element is
//! written `\e`. Every other string is written as it is, quoted.

mod graphml;
mod neo4j;

use std::io;
use std::path::Path;

use crate::error::Error;

pub use neo4j::{NEO4J_FILES, Overwrite, neo4j_import_command};

/// A malformed export: an error of kind `Io` (`InvalidData`) naming the
/// file (or the input stream) and the line.
fn malformed(path: Option<&Path>, line: usize, message: impl std::fmt::Display) -> Error {
    Error::io(
        path.map(Path::to_owned),
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("line {line}: {message}"),
        ),
    )
}

/// Whether XML 1.0 can carry `c` at all (its `Char` production).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Writes `text` with the backslash escape: `\` as `\\`, and every
/// character for which `escaped` holds as `\uXXXX`.
fn backslash_escape(text: &str, escaped: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c == '\\' || escaped(c)) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\\' {
            out.push_str("\\\\");
        } else if escaped(c) {
            // Every character escaped is in the Basic Multilingual Plane.
            out.push_str(&format!("\\u{:04X}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Reverses [`backslash_escape`]; an unknown escape is an error.
fn backslash_unescape(text: &str) -> Result<String, String> {
    if !text.contains('\\') {
        return Ok(text.to_owned());
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                let code = (hex.len() == 4 && hex.chars().all(|h| h.is_ascii_hexdigit()))
                    .then(|| u32::from_str_radix(&hex, 16).ok())
                    .flatten()
                    .and_then(char::from_u32)
                    .ok_or_else(|| {
                        format!("\\u{} is not a \\uXXXX escape", crate::printable(&hex))
                    })?;
                out.push(code);
            }
            Some(other) => {
                return Err(format!(
                    "\\{} is not an escape (a backslash is written \\\\)",
                    crate::printable(&other.to_string())
                ));
            }
            None => return Err("a lone backslash ends the text".to_owned()),
        }
    }
    Ok(out)
}
