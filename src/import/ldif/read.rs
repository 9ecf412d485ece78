//! Reading an LDIF file (RFC 2849) into its content records, and reading
//! a distinguished name (RFC 4514).
//!
//! The reader takes what `ldapsearch`, `slapcat` and `ldifde` write: an
//! optional `version: 1` line, records separated by one or more blank
//! lines, comment lines (`#`, folded or not), lines folded by starting
//! the next with one space, LF or CRLF line ends. A line is
//! `attribute: value`, `attribute:: base64` or `attribute:< URL`; the
//! attribute's options (`;lang-en`, `;binary`) are dropped and its name
//! compares in lower case. Change records (`changetype:` other than
//! `add`) are kept apart, to be skipped; `changetype: add` is content.
//!
//! A logical line is built once, by appending each folded piece to it,
//! and a DN is read in one pass, so that time and memory stay linear in
//! the file whatever it holds.

use base64::Engine as _;

/// The most RDNs a DN may have here: real directories are a few levels
/// deep, and each level of organisational units is an organisation whose
/// id holds its parents'.
pub(super) const MAX_DEPTH: usize = 64;

/// An attribute line of a record.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Attr {
    /// The attribute's name in lower case, without options: `cn` for
    /// `CN;lang-en`.
    pub(super) name: String,
    /// The value: as written, or decoded from base64.
    pub(super) value: Vec<u8>,
    /// Whether it was given in base64 (`name:: ...`).
    pub(super) base64: bool,
    /// The line it starts on (from 1).
    pub(super) line: usize,
}

/// A block of a file, as read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Block {
    /// A content record: its DN as written (decoded from base64 when so
    /// given) and its attributes in order. `fine` is false when one of
    /// its lines had a problem.
    Content {
        line: usize,
        dn: String,
        attrs: Vec<Attr>,
        fine: bool,
    },
    /// A change record (`changetype: modify`, `delete`, `modrdn`,
    /// `moddn`), not read.
    Change {
        line: usize,
        dn: String,
        changetype: String,
    },
    /// `ldapsearch`'s summary at the end of its output (`search: 2`,
    /// `result: 0 Success`).
    Summary { line: usize },
    /// A block that is not a record (a problem noted).
    Broken,
}

/// What a file holds: its blocks, and the problems found, each at a line.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Parsed {
    pub(super) blocks: Vec<Block>,
    pub(super) problems: Vec<(usize, String)>,
}

/// A value of a line, as written.
enum Value {
    Plain(String),
    Base64(Vec<u8>),
    Url,
}

/// Reads a file's text.
pub(super) fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    // The logical lines of the block being read, each with its line.
    let mut block: Vec<(usize, String)> = Vec::new();
    // Whether a line (a comment included) stands before, to be continued.
    let mut open = false;
    let mut in_comment = false;
    let mut first = true;
    for (i, raw) in text.split('\n').enumerate() {
        let n = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.is_empty() {
            if !block.is_empty() {
                read_block(&mut parsed, std::mem::take(&mut block), &mut first);
            }
            open = false;
            in_comment = false;
        } else if let Some(rest) = line.strip_prefix(' ') {
            if in_comment {
                continue;
            }
            match block.last_mut() {
                Some((_, last)) if open => last.push_str(rest),
                _ => parsed.problems.push((
                    n,
                    "a continuation line (one starting with a space) with no line before it to \
                     continue"
                        .to_owned(),
                )),
            }
        } else if line.starts_with('#') {
            open = true;
            in_comment = true;
        } else {
            open = true;
            in_comment = false;
            block.push((n, line.to_owned()));
        }
    }
    if !block.is_empty() {
        read_block(&mut parsed, block, &mut first);
    }
    parsed
}

/// `text` quoted and escaped as `{:?}` writes it, its first 120
/// characters only and `…` after them when it is longer.
pub(super) fn quoted(text: &str) -> String {
    match text.char_indices().nth(120) {
        Some((cut, _)) => format!("{:?}…", &text[..cut]),
        None => format!("{text:?}"),
    }
}

/// Splits a logical line into its attribute (lower case, no options), the
/// attribute as written, and its value.
fn split_line(line: &str) -> Result<(String, &str, Value), String> {
    let Some(colon) = line.find(':') else {
        return Err(format!(
            "{} is not an `attribute: value` line (it has no colon)",
            quoted(line)
        ));
    };
    let desc = &line[..colon];
    let well_formed = desc
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphanumeric)
        && desc
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b';' | b'.'));
    if !well_formed {
        return Err(format!("{} is not an attribute description", quoted(desc)));
    }
    let name = desc
        .split(';')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let rest = &line[colon + 1..];
    let value = if let Some(encoded) = rest.strip_prefix(':') {
        let encoded = encoded.trim_matches(' ');
        match base64::engine::general_purpose::STANDARD.decode(encoded) {
            Ok(bytes) => Value::Base64(bytes),
            Err(e) => return Err(format!("{desc}:: the value is not base64 ({e})")),
        }
    } else if rest.starts_with('<') {
        Value::Url
    } else {
        Value::Plain(rest.trim_start_matches(' ').to_owned())
    };
    Ok((name, desc, value))
}

/// Reads one block of logical lines.
fn read_block(parsed: &mut Parsed, block: Vec<(usize, String)>, first: &mut bool) {
    let mut lines = block.into_iter().peekable();
    if std::mem::take(first) {
        let version = lines.peek().and_then(|(n, line)| match split_line(line) {
            Ok((name, _, value)) if name == "version" => {
                Some((*n, matches!(value, Value::Plain(v) if v.trim() == "1")))
            }
            _ => None,
        });
        if let Some((n, one)) = version {
            if !one {
                let message = "the LDIF version is not 1, the only one there is".to_owned();
                parsed.problems.push((n, message));
            }
            lines.next();
        }
    }
    let Some((start, first_line)) = lines.next() else {
        return;
    };
    let dn = match split_line(&first_line) {
        Ok((name, _, value)) if name == "dn" => match value {
            Value::Plain(dn) => dn,
            Value::Base64(bytes) => match String::from_utf8(bytes) {
                Ok(dn) => dn,
                Err(_) => {
                    let message = "dn:: the base64 value is not UTF-8 text".to_owned();
                    parsed.problems.push((start, message));
                    parsed.blocks.push(Block::Broken);
                    return;
                }
            },
            Value::Url => {
                let message = "dn:< a DN by URL is not read".to_owned();
                parsed.problems.push((start, message));
                parsed.blocks.push(Block::Broken);
                return;
            }
        },
        Ok((name, _, _)) if name == "search" || name == "result" => {
            parsed.blocks.push(Block::Summary { line: start });
            return;
        }
        Ok((_, desc, _)) => {
            let message = format!(
                "a record starts with dn:, not with {}",
                quoted(&format!("{desc}:"))
            );
            parsed.problems.push((start, message));
            parsed.blocks.push(Block::Broken);
            return;
        }
        Err(message) => {
            parsed
                .problems
                .push((start, format!("a record starts with dn: ({message})")));
            parsed.blocks.push(Block::Broken);
            return;
        }
    };
    let label = format!("entry {}", quoted(&dn));
    let mut attrs = Vec::new();
    let mut fine = true;
    // Controls may stand between the DN and the change type.
    let mut head = true;
    for (n, line) in lines {
        let (name, desc, value) = match split_line(&line) {
            Ok(split) => split,
            Err(message) => {
                parsed.problems.push((n, format!("{label}: {message}")));
                fine = false;
                continue;
            }
        };
        if head && name == "control" {
            continue;
        }
        if head && name == "changetype" {
            let kind = match &value {
                Value::Plain(v) => v.trim().to_ascii_lowercase(),
                _ => String::new(),
            };
            if kind == "add" {
                continue;
            }
            parsed.blocks.push(Block::Change {
                line: start,
                dn,
                changetype: kind,
            });
            return;
        }
        head = false;
        let (value, base64) = match value {
            Value::Plain(v) => (v.into_bytes(), false),
            Value::Base64(bytes) => (bytes, true),
            Value::Url => {
                let message = format!("{label}: {desc}:< values by URL are not read");
                parsed.problems.push((n, message));
                fine = false;
                continue;
            }
        };
        attrs.push(Attr {
            name,
            value,
            base64,
            line: n,
        });
    }
    parsed.blocks.push(Block::Content {
        line: start,
        dn,
        attrs,
        fine,
    });
}

/// A distinguished name, read (RFC 4514).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Dn {
    /// The normalised form, to compare: each RDN's `type=value` pairs
    /// (type and value in lower case, the value unescaped and trimmed,
    /// then its `\`, `,`, `+` and `=` escaped again) in order, joined by
    /// `+`; the RDNs joined by `,`.
    key: String,
    /// Where each RDN starts in `key`.
    key_starts: Vec<usize>,
    /// Where each RDN starts in the DN as written.
    written_starts: Vec<usize>,
    /// Each RDN's pairs: the type in lower case, the value unescaped.
    rdns: Vec<Vec<(String, String)>>,
}

impl Dn {
    /// Reads a DN; an empty one has no RDN.
    pub(super) fn parse(text: &str) -> Result<Dn, String> {
        let b = text.as_bytes();
        let n = b.len();
        let mut i = 0;
        let skip_spaces = |i: &mut usize| {
            while *i < n && b[*i] == b' ' {
                *i += 1;
            }
        };
        let mut rdns = Vec::new();
        let mut written_starts = Vec::new();
        skip_spaces(&mut i);
        if i == n {
            return Ok(Dn::from_rdns(rdns, written_starts));
        }
        loop {
            skip_spaces(&mut i);
            written_starts.push(i);
            let mut avas = Vec::new();
            loop {
                skip_spaces(&mut i);
                let t0 = i;
                while i < n && !matches!(b[i], b'=' | b',' | b';' | b'+') {
                    i += 1;
                }
                let ty = text[t0..i].trim_end_matches(' ');
                if i == n || b[i] != b'=' {
                    return Err(if ty.is_empty() {
                        format!("an empty RDN at byte {t0}")
                    } else {
                        format!("{} has no `=`", quoted(ty))
                    });
                }
                let type_ok = ty.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric)
                    && ty
                        .bytes()
                        .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.');
                if !type_ok {
                    return Err(format!("{} is not an attribute type", quoted(ty)));
                }
                i += 1;
                skip_spaces(&mut i);
                let mut value: Vec<u8> = Vec::new();
                if i < n && b[i] == b'#' {
                    // A BER value in hex: kept as written.
                    let v0 = i;
                    while i < n && !matches!(b[i], b',' | b';' | b'+') {
                        i += 1;
                    }
                    value.extend_from_slice(text[v0..i].trim_end_matches(' ').as_bytes());
                } else if i < n && b[i] == b'"' {
                    // A quoted value (RFC 1779, still written by some).
                    i += 1;
                    loop {
                        if i == n {
                            return Err("a quoted value without its closing `\"`".to_owned());
                        }
                        match b[i] {
                            b'"' => {
                                i += 1;
                                break;
                            }
                            b'\\' => i = escape(b, i, &mut value)?,
                            c => {
                                value.push(c);
                                i += 1;
                            }
                        }
                    }
                    skip_spaces(&mut i);
                    if i < n && !matches!(b[i], b',' | b';' | b'+') {
                        return Err("text after a quoted value".to_owned());
                    }
                } else {
                    // Unescaped spaces at the end are not the value's.
                    let mut keep = 0;
                    while i < n && !matches!(b[i], b',' | b';' | b'+') {
                        if b[i] == b'\\' {
                            i = escape(b, i, &mut value)?;
                            keep = value.len();
                        } else {
                            value.push(b[i]);
                            if b[i] != b' ' {
                                keep = value.len();
                            }
                            i += 1;
                        }
                    }
                    value.truncate(keep);
                }
                let value = String::from_utf8(value)
                    .map_err(|_| "an escaped value that is not UTF-8".to_owned())?;
                avas.push((ty.to_ascii_lowercase(), value));
                if i < n && b[i] == b'+' {
                    i += 1;
                    continue;
                }
                break;
            }
            rdns.push(avas);
            if rdns.len() > MAX_DEPTH {
                return Err(format!(
                    "the DN has more than {MAX_DEPTH} RDNs, the most this importer reads"
                ));
            }
            if i == n {
                break;
            }
            i += 1; // `,` or `;`
        }
        Ok(Dn::from_rdns(rdns, written_starts))
    }

    fn from_rdns(rdns: Vec<Vec<(String, String)>>, written_starts: Vec<usize>) -> Dn {
        let mut key = String::new();
        let mut key_starts = Vec::with_capacity(rdns.len());
        for (r, avas) in rdns.iter().enumerate() {
            if r > 0 {
                key.push(',');
            }
            key_starts.push(key.len());
            let mut pairs: Vec<String> = avas
                .iter()
                .map(|(ty, value)| {
                    let mut pair = format!("{ty}=");
                    for c in value.trim().to_lowercase().chars() {
                        if matches!(c, '\\' | ',' | '+' | '=') {
                            pair.push('\\');
                        }
                        pair.push(c);
                    }
                    pair
                })
                .collect();
            pairs.sort();
            key.push_str(&pairs.join("+"));
        }
        Dn {
            key,
            key_starts,
            written_starts,
            rdns,
        }
    }

    /// How many RDNs it has.
    pub(super) fn len(&self) -> usize {
        self.rdns.len()
    }

    /// The normalised form of the DN.
    pub(super) fn key(&self) -> &str {
        &self.key
    }

    /// The normalised form of the DN without its first `i` RDNs: that of
    /// its ancestor `i` levels up.
    pub(super) fn suffix_key(&self, i: usize) -> &str {
        &self.key[self.key_starts[i]..]
    }

    /// The DN as written (`text`, which this was read from) without its
    /// first `i` RDNs.
    pub(super) fn written_suffix<'t>(&self, text: &'t str, i: usize) -> &'t str {
        &text[self.written_starts[i]..]
    }

    /// The pairs of the RDN `i` (0 is the entry's own).
    pub(super) fn rdn(&self, i: usize) -> &[(String, String)] {
        &self.rdns[i]
    }
}

/// Reads the escape at `b[i]` (a backslash) into `value`: a hex pair is
/// a byte, any other character stands for itself. Gives the index after
/// it.
fn escape(b: &[u8], i: usize, value: &mut Vec<u8>) -> Result<usize, String> {
    let hex = |c: u8| (c as char).to_digit(16);
    match (b.get(i + 1), b.get(i + 2)) {
        (None, _) => Err("a backslash at the end of a value".to_owned()),
        (Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
            let byte = hex(h).unwrap_or_default() * 16 + hex(l).unwrap_or_default();
            value.push(byte as u8);
            Ok(i + 3)
        }
        (Some(&c), _) => {
            value.push(c);
            Ok(i + 2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Attr, Block, Dn, Parsed, parse};

    fn content(parsed: &Parsed) -> Vec<(&str, Vec<(&str, String)>)> {
        parsed
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Content { dn, attrs, .. } => Some((
                    dn.as_str(),
                    attrs
                        .iter()
                        .map(|a| {
                            (
                                a.name.as_str(),
                                String::from_utf8_lossy(&a.value).into_owned(),
                            )
                        })
                        .collect(),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn records_folding_comments_and_crlf() {
        let text = "version: 1\r\n\r\n# a comment\r\n  folded into the comment\r\ndn: uid=a\r\n n,dc=x\r\nCN;lang-en: Ann\r\n  Lee\r\ncn:   spaced\r\n\r\n\r\n\r\ndn: uid=b,dc=x\r\nmail: b@x\r\n";
        let parsed = parse(text);
        assert_eq!(parsed.problems, []);
        assert_eq!(
            content(&parsed),
            [
                (
                    "uid=an,dc=x",
                    vec![("cn", "Ann Lee".to_owned()), ("cn", "spaced".to_owned())]
                ),
                ("uid=b,dc=x", vec![("mail", "b@x".to_owned())]),
            ]
        );
        let Block::Content { line, attrs, .. } = &parsed.blocks[0] else {
            panic!()
        };
        assert_eq!(*line, 5);
        assert_eq!(attrs[0].line, 7);
    }

    #[test]
    fn version_in_the_first_block_with_a_record() {
        let parsed = parse("version: 1\ndn: dc=x\n");
        assert_eq!(content(&parsed), [("dc=x", vec![])]);
        let parsed = parse("version: 2\n\ndn: dc=x\n");
        assert_eq!(parsed.problems[0].0, 1);
    }

    #[test]
    fn base64_values() {
        let parsed = parse("dn:: Y249Wm/DqyxkYz14\ncn:: Wm/Dqw==\nobjectGUID:: AAEC\n");
        assert_eq!(parsed.problems, []);
        let Block::Content { dn, attrs, .. } = &parsed.blocks[0] else {
            panic!()
        };
        assert_eq!(dn, "cn=Zoë,dc=x");
        assert_eq!(
            attrs[0],
            Attr {
                name: "cn".into(),
                value: "Zoë".into(),
                base64: true,
                line: 2
            }
        );
        assert_eq!(attrs[1].value, [0, 1, 2]);
    }

    #[test]
    fn malformed_lines_are_problems_at_their_lines() {
        let parsed = parse(
            " continued\ndn: dc=x\ncn:: !!!\nno colon here\nphoto:< file:///x.jpg\n\nmail: a@x\n",
        );
        let lines: Vec<usize> = parsed.problems.iter().map(|p| p.0).collect();
        assert_eq!(lines, [1, 3, 4, 5, 7], "{:?}", parsed.problems);
        assert!(
            parsed.problems[1]
                .1
                .contains("cn:: the value is not base64")
        );
        assert!(parsed.problems[3].1.contains("values by URL are not read"));
        assert!(parsed.problems[4].1.contains("a record starts with dn:"));
    }

    #[test]
    fn change_records_are_kept_apart() {
        let parsed = parse(
            "dn: uid=a,dc=x\nchangetype: modify\nreplace: mail\nmail: a@x\n-\n\ndn: uid=b,dc=x\ncontrol: 1.2.3 true\nchangetype: add\nuid: b\n",
        );
        assert_eq!(parsed.problems, []);
        assert!(
            matches!(&parsed.blocks[0], Block::Change { changetype, .. } if changetype == "modify")
        );
        assert_eq!(
            content(&parsed),
            [("uid=b,dc=x", vec![("uid", "b".to_owned())])]
        );
    }

    #[test]
    fn dns_and_their_escapes() {
        let dn =
            Dn::parse("CN=Lee\\, Ann + UID=ann , OU=Sales\\2C EMEA;DC=Example,dc=COM").unwrap();
        assert_eq!(dn.len(), 4);
        assert_eq!(
            dn.rdn(0),
            [
                ("cn".to_owned(), "Lee, Ann".to_owned()),
                ("uid".to_owned(), "ann".to_owned())
            ]
        );
        assert_eq!(dn.rdn(1), [("ou".to_owned(), "Sales, EMEA".to_owned())]);
        assert_eq!(
            dn.key(),
            "cn=lee\\, ann+uid=ann,ou=sales\\, emea,dc=example,dc=com"
        );
        assert_eq!(dn.suffix_key(2), "dc=example,dc=com");
        let written = "CN=Lee\\, Ann + UID=ann , OU=Sales\\2C EMEA;DC=Example,dc=COM";
        assert_eq!(dn.written_suffix(written, 2), "DC=Example,dc=COM");
        // Pairs of a multi-valued RDN in any order, spaces around
        // separators, a hex pair for a UTF-8 letter, an escaped space.
        let a = Dn::parse("uid=ann+cn=Lee\\2C Ann,dc=example,dc=com").unwrap();
        assert_eq!(a.key(), dn.suffix_key(0).replace(",ou=sales\\, emea", ""));
        assert_eq!(Dn::parse("cn=Zo\\C3\\AB").unwrap().rdn(0)[0].1, "Zoë");
        assert_eq!(Dn::parse("cn=a\\ ").unwrap().rdn(0)[0].1, "a ");
        assert_eq!(Dn::parse("cn=\"a, b\"").unwrap().rdn(0)[0].1, "a, b");
        assert_eq!(Dn::parse("").unwrap().len(), 0);
        for bad in ["cn", "cn=a,", "=a", "cn=a\\", "cn=\\ff", "cn=\"a", "c n=a"] {
            assert!(Dn::parse(bad).is_err(), "{bad}");
        }
        let deep = "ou=x,".repeat(200_000) + "dc=com";
        assert!(Dn::parse(&deep).unwrap_err().contains("more than 64 RDNs"));
    }
}
