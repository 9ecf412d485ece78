//! Output for people: aligned columns, and sentences wrapped to fit an
//! 80-column terminal.

use svcrel::{
    Contact, Date, Entity, EntityKind, EvidenceLink, EvidenceLinkKind, MaxChain, Model, printable,
};
use unicode_width::UnicodeWidthStr;

/// The width sentences are wrapped to.
pub const WIDTH: usize = 80;

/// How the cells of a column line up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table with a header line and aligned columns; each row may carry a
/// sentence, written under it, indented and wrapped.
#[derive(Debug)]
pub struct Table {
    columns: Vec<(&'static str, Align)>,
    rows: Vec<(Vec<String>, Option<String>)>,
}

/// How far the sentence under a row is indented.
const NOTE_INDENT: &str = "    ";

impl Table {
    pub fn new(columns: &[(&'static str, Align)]) -> Self {
        Table {
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    /// A table of parties: `PARTY`, `KIND` and `DISTANCE`, then the
    /// `more` columns.
    pub fn of_parties(more: &[(&'static str, Align)]) -> Self {
        let mut columns = vec![
            ("PARTY", Align::Left),
            ("KIND", Align::Left),
            ("DISTANCE", Align::Right),
        ];
        columns.extend_from_slice(more);
        Table {
            columns,
            rows: Vec::new(),
        }
    }

    /// Adds a row to a table of parties: the party's id, kind and
    /// distance, then the `more` cells, and the sentence under it.
    pub fn party_row(&mut self, party: Entity<'_>, distance: u32, more: &[String], note: String) {
        let mut cells = vec![
            party.id().to_owned(),
            party.kind().to_string(),
            distance.to_string(),
        ];
        cells.extend_from_slice(more);
        self.row(cells, Some(note));
    }

    /// Adds a row: one cell per column, and the sentence under it.
    pub fn row(&mut self, cells: Vec<String>, note: Option<String>) {
        debug_assert_eq!(cells.len(), self.columns.len());
        let cells = cells.iter().map(|c| printable(c).into_owned()).collect();
        self.rows.push((cells, note));
    }

    /// Writes the header and the rows, each line ending in a newline.
    pub fn render(&self, out: &mut String) {
        let mut widths: Vec<usize> = self.columns.iter().map(|(h, _)| width(h)).collect();
        for (cells, _) in &self.rows {
            for (w, cell) in widths.iter_mut().zip(cells) {
                *w = (*w).max(width(cell));
            }
        }
        let header: Vec<String> = self.columns.iter().map(|(h, _)| (*h).to_owned()).collect();
        self.line(out, &widths, &header);
        for (cells, note) in &self.rows {
            self.line(out, &widths, cells);
            if let Some(note) = note {
                wrap(out, NOTE_INDENT, NOTE_INDENT, note);
            }
        }
    }

    fn line(&self, out: &mut String, widths: &[usize], cells: &[String]) {
        let mut line = String::new();
        for (i, ((cell, w), (_, align))) in cells.iter().zip(widths).zip(&self.columns).enumerate()
        {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = " ".repeat(w - width(cell));
            match align {
                Align::Left => {
                    line.push_str(cell);
                    line.push_str(&pad);
                }
                Align::Right => {
                    line.push_str(&pad);
                    line.push_str(cell);
                }
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// Writes `text` wrapped at word boundaries to [`WIDTH`] columns: the
/// first line starts with `first`, the others with `rest`. A word longer
/// than a line stays whole.
pub fn wrap(out: &mut String, first: &str, rest: &str, text: &str) {
    let text = printable(text);
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !empty && width(&line) + 1 + width(word) > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = rest.to_owned();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

/// Columns a text takes on a terminal: two for an East Asian wide
/// character, none for a combining mark (UAX #11, by `unicode-width`).
fn width(text: &str) -> usize {
    text.width()
}

/// An entity for people: its name and, when it has one, its id in
/// brackets: `Expense reporting (expense-app)`.
pub fn named(entity: Entity<'_>) -> String {
    match entity.name() {
        Some(name) if name != entity.id() => format!("{name} ({})", entity.id()),
        _ => entity.id().to_owned(),
    }
}

/// A contact for people: the person named, with their email and then
/// their phone number when they give them (`Bob Roy (bob)
/// <bob@acme.example> tel. +44 20 7946 0010`). The caller writes it
/// through [`wrap`], which escapes it as every string from a file.
pub fn contact(model: &Model, contact: &Contact) -> String {
    let mut text = name_of(model, &contact.id);
    if let Some(email) = &contact.email {
        text.push_str(&format!(" <{email}>"));
    }
    if let Some(phone) = &contact.phone {
        text.push_str(&format!(" tel. {phone}"));
    }
    text
}

/// A chain cutoff in words: `within 1 step`, `with no chain limit`.
pub fn cutoff(max: MaxChain) -> String {
    match max {
        MaxChain::Steps(1) => "within 1 step".to_owned(),
        MaxChain::Steps(k) => format!("within {k} steps"),
        MaxChain::Unlimited => "with no chain limit".to_owned(),
    }
}

/// Two named chain cutoffs in words: one cutoff when they are the same,
/// else each after its name: `customers within 1 step, consumers with no
/// chain limit`.
pub fn cutoffs(first: (&str, MaxChain), second: (&str, MaxChain)) -> String {
    if first.1 == second.1 {
        cutoff(first.1)
    } else {
        format!(
            "{} {}, {} {}",
            first.0,
            cutoff(first.1),
            second.0,
            cutoff(second.1)
        )
    }
}

/// The as-of date in words: `as of 2028-06-01`, or `ignoring dates`.
pub fn as_of(date: Option<Date>) -> String {
    match date {
        Some(date) => format!("as of {date}"),
        None => "ignoring dates".to_owned(),
    }
}

/// The start of an answer's first sentence, which says the date it
/// answers on: `As of 2028-06-01, `, or `Ignoring dates, `.
pub fn opening(date: Option<Date>) -> String {
    match date {
        Some(date) => format!("As of {date}, "),
        None => "Ignoring dates, ".to_owned(),
    }
}

/// The entity with this id for people (see [`named`]), or the id alone
/// when the model lacks it. Like [`named`], it is made [`printable`] by
/// what writes it ([`wrap`], [`Table::row`]).
pub fn name_of(model: &Model, id: &str) -> String {
    model.entity(id).map_or_else(|| id.to_owned(), named)
}

/// Writes the rows of a list of `what`, `shown` of them out of `total`
/// (a `--limit` may cut it), and then, when some are left out, a line
/// that says how many.
pub fn list(out: &mut String, rows: &Table, shown: usize, total: usize, what: &str) {
    if shown > 0 {
        rows.render(out);
        if shown < total {
            out.push('\n');
        }
    }
    if shown < total {
        let sentence =
            format!("Showing {shown} of {total} {what}; leave out --limit to list them all.");
        wrap(out, "", "", &sentence);
    }
}

/// `1 customer`, `3 customers`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Links of the model in words, as one clause chain from `party` along
/// them: "Acme board (acme-board) oversees Acme corp (acme), above Acme
/// IT department (acme-it), which provides Acme e-mail". Each link is
/// read from the end the chain has reached; a funding link reached
/// through an approver reads "approves … paying for …". Dates are given
/// where a link has them. The text is not yet printable: pass it to
/// [`wrap`], which escapes it.
pub fn links_in_words(model: &Model, party: &str, links: &[EvidenceLink]) -> String {
    let name = |id: &str| name_of(model, id);
    let mut text = name(party);
    let mut current = party.to_owned();
    for (i, link) in links.iter().enumerate() {
        let (source, target) = (link.source.as_str(), link.target.as_str());
        let forward = source == current;
        let approves = !forward
            && target != current
            && link.kind == EvidenceLinkKind::Funding
            && link.approved_by.contains(&current);
        let (phrase, next, relative) = if approves {
            (
                format!("approves {} paying for {}", name(source), name(target)),
                target,
                false,
            )
        } else if forward {
            let verb = match link.kind {
                EvidenceLinkKind::Membership => "is a member of",
                EvidenceLinkKind::Reporting => "reports to",
                EvidenceLinkKind::Parent => "is part of",
                EvidenceLinkKind::Usage => "uses",
                EvidenceLinkKind::Dependency => "depends on",
                EvidenceLinkKind::Provider => "is provided by",
                EvidenceLinkKind::Oversight => "oversees",
                EvidenceLinkKind::Partnership => "partners with",
                EvidenceLinkKind::Funding => "pays for",
                _ => "is linked to",
            };
            (format!("{verb} {}", name(target)), target, false)
        } else {
            let other = name(source);
            let phrase = match link.kind {
                EvidenceLinkKind::Membership => format!("which {other} is a member of"),
                EvidenceLinkKind::Reporting => format!("whom {other} reports to"),
                EvidenceLinkKind::Parent => format!("above {other}"),
                EvidenceLinkKind::Usage => format!("which {other} uses"),
                EvidenceLinkKind::Dependency => format!("which {other} depends on"),
                EvidenceLinkKind::Provider => format!("which provides {other}"),
                EvidenceLinkKind::Oversight => format!("overseen by {other}"),
                EvidenceLinkKind::Partnership => format!("which partners with {other}"),
                EvidenceLinkKind::Funding => format!("paid for by {other}"),
                _ => format!("linked from {other}"),
            };
            (phrase, source, true)
        };
        let who = match model.entity(&current).map(|e| e.kind()) {
            Some(EntityKind::Individual) => "who",
            _ => "which",
        };
        match (i, relative) {
            (0, false) => text.push(' '),
            (_, true) => text.push_str(", "),
            (_, false) => text.push_str(&format!(", {who} ")),
        }
        text.push_str(&phrase);
        match (link.from, link.until) {
            (Some(from), Some(until)) => text.push_str(&format!(" (since {from}, until {until})")),
            (Some(from), None) => text.push_str(&format!(" (since {from})")),
            (None, Some(until)) => text.push_str(&format!(" (until {until})")),
            (None, None) => {}
        }
        current = next.to_owned();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::{Align, Table, width, wrap};

    #[test]
    fn columns_line_up_and_notes_wrap() {
        let mut table = Table::new(&[("PARTY", Align::Left), ("DISTANCE", Align::Right)]);
        table.row(vec!["a-long-party".into(), "0".into()], None);
        table.row(vec!["b".into(), "12".into()], Some("word ".repeat(20)));
        let mut out = String::new();
        table.render(&mut out);
        assert_eq!(
            out,
            "PARTY         DISTANCE\n\
             a-long-party         0\n\
             b                   12\n    \
             word word word word word word word word word word word word word word word\n    \
             word word word word word\n"
        );
    }

    #[test]
    fn wide_characters_take_two_columns_and_line_up() {
        assert_eq!(width("東京"), 4);
        assert_eq!(width("e\u{301}"), 1);
        let mut table = Table::new(&[("PARTY", Align::Left), ("DISTANCE", Align::Right)]);
        table.row(vec!["東京".into(), "0".into()], None);
        table.row(vec!["東京都庁".into(), "1".into()], None);
        table.row(vec!["osaka".into(), "12".into()], None);
        let mut out = String::new();
        table.render(&mut out);
        assert_eq!(
            out,
            "PARTY     DISTANCE\n\
             東京             0\n\
             東京都庁         1\n\
             osaka           12\n"
        );
        let widths: Vec<usize> = out.lines().map(width).collect();
        assert_eq!(widths, [18, 18, 18, 18]);
    }

    #[test]
    fn a_wide_sentence_wraps_by_columns() {
        let mut out = String::new();
        wrap(&mut out, "", "", &"東京 ".repeat(20));
        // 16 words of 4 columns and 15 spaces make 79 columns.
        assert_eq!(
            out,
            format!("{}東京\n{}東京\n", "東京 ".repeat(15), "東京 ".repeat(3))
        );
    }

    #[test]
    fn a_long_word_stays_whole_and_control_characters_are_escaped() {
        let mut out = String::new();
        wrap(&mut out, "> ", "  ", &format!("{} x\ny", "z".repeat(90)));
        assert_eq!(out, format!("> {}\n  x\\u{{a}}y\n", "z".repeat(90)));
    }
}
