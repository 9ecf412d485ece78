//! A batch of questions as JSON lines: [`Model::answer_line`] answers
//! one, [`QuestionLines`] reads them all, as `svcrel batch` and the
//! service's `POST /v1/batch` do.

use std::io::{self, BufRead, BufReader, Read, Write};

use serde::Serialize;

use crate::model::Model;
use crate::protocol::error::{ErrorCode, ErrorObject};
use crate::protocol::question::Question;

/// The line of a question that could not be answered:
/// `{"error": {…}, "line": N}`.
#[derive(Serialize)]
struct Failure<'a> {
    error: &'a ErrorObject,
    line: u64,
}

impl Model {
    /// Answers one line of a batch of questions (JSON lines): writes the
    /// answer's JSON and a newline to `out`, or, for a line that cannot be
    /// answered, `{"error": {…}, "line": N}` with the [`ErrorObject`] and
    /// `number`, the line's number counting from 1. A blank line is
    /// skipped: nothing is written and the result is `false`.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let mut out = Vec::new();
    /// model.answer_line(br#"{"query": "find", "q": "dana"}"#, 1, &mut out)?;
    /// model.answer_line(b"  \n", 2, &mut out)?;
    /// model.answer_line(br#"{"query": "impact", "service": "nope"}"#, 3, &mut out)?;
    /// let text = String::from_utf8(out).unwrap();
    /// let lines: Vec<&str> = text.lines().collect();
    /// assert_eq!(lines.len(), 2);
    /// assert!(lines[0].starts_with(r#"{"q":"dana","found":{"id":"dana""#));
    /// assert!(lines[1].starts_with(r#"{"error":{"kind":"unknown_id""#));
    /// assert!(lines[1].ends_with(r#","line":3}"#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Only a failure to write to `out`.
    pub fn answer_line(&self, line: &[u8], number: u64, out: &mut impl Write) -> io::Result<bool> {
        if line.iter().all(u8::is_ascii_whitespace) {
            return Ok(false);
        }
        match Question::from_json_slice(line).and_then(|q| self.ask(&q)) {
            Ok(answer) => serde_json::to_writer(&mut *out, &answer)?,
            Err(err) => serde_json::to_writer(
                &mut *out,
                &Failure {
                    error: &ErrorObject::from(&err),
                    line: number,
                },
            )?,
        }
        out.write_all(b"\n")?;
        Ok(true)
    }
}

/// The longest line a batch of questions may hold: 1 MiB, newline
/// included. A question names a few ids; a longer line is answered with
/// an `invalid_question` error and skipped, and no more than this much of
/// it is ever held in memory.
///
/// ```
/// assert_eq!(svcrel::MAX_LINE_BYTES, 1 << 20);
/// ```
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// Reads a batch of questions, one JSON object per line, and answers each
/// line as [`Model::answer_line`] does, in order: what `svcrel batch` and
/// `POST /v1/batch` run.
///
/// Answers are flushed whenever no more input is waiting, so a program
/// that asks one question at a time gets each answer in time. A line
/// longer than [`MAX_LINE_BYTES`] gets an `invalid_question` error.
///
/// ```
/// use std::io::BufReader;
/// use svcrel::{Model, QuestionLines};
///
/// let model = Model::from_json_file("examples/data/sample.json")?;
/// let long = format!(r#"{{"query": "find", "q": "{}"}}"#, "x".repeat(svcrel::MAX_LINE_BYTES));
/// let input = format!("{{\"query\": \"find\", \"q\": \"dana\"}}\n{long}\n\n");
/// let mut out = Vec::new();
/// let mut lines = QuestionLines::new(&model);
/// lines.answer(&mut BufReader::new(input.as_bytes()), &mut out)?;
/// assert_eq!(lines.lines(), 3);
/// let text = String::from_utf8(out)?;
/// let answers: Vec<&str> = text.lines().collect();
/// assert_eq!(answers.len(), 2);
/// assert!(answers[1].contains("longer than 1048576 bytes"));
/// assert!(answers[1].ends_with(r#","line":2}"#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct QuestionLines<'m> {
    model: &'m Model,
    lines: u64,
}

impl<'m> QuestionLines<'m> {
    /// A batch answered from `model`, no line read yet.
    ///
    /// ```
    /// let model = svcrel::Model::from_json_str(r#"{"version": 1}"#)?;
    /// assert_eq!(svcrel::QuestionLines::new(&model).lines(), 0);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn new(model: &'m Model) -> QuestionLines<'m> {
        QuestionLines { model, lines: 0 }
    }

    /// The lines read so far, blank ones included: after a failure, the
    /// line that failed is the next one.
    ///
    /// ```
    /// use std::io::BufReader;
    ///
    /// let model = svcrel::Model::from_json_str(r#"{"version": 1}"#)?;
    /// let mut lines = svcrel::QuestionLines::new(&model);
    /// lines.answer(&mut BufReader::new(&b"\n\n"[..]), &mut Vec::new())?;
    /// assert_eq!(lines.lines(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// Answers every line of `input` into `out`, until the end of
    /// `input`; then flushes `out`.
    ///
    /// ```
    /// use std::io::BufReader;
    ///
    /// let model = svcrel::Model::from_json_file("examples/data/sample.json")?;
    /// let mut out = Vec::new();
    /// let input = br#"{"query": "relation", "party": "dana", "service": "expense-app"}"#;
    /// svcrel::QuestionLines::new(&model).answer(&mut BufReader::new(&input[..]), &mut out)?;
    /// assert!(out.starts_with(br#"{"party":"dana","party_name":"Dana Reyes","service":"expense-app""#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A failure to read `input` or to write `out`; the lines before it
    /// were answered.
    pub fn answer<R: Read>(
        &mut self,
        input: &mut BufReader<R>,
        out: &mut impl Write,
    ) -> io::Result<()> {
        let mut line = Vec::new();
        loop {
            if input.buffer().is_empty() {
                out.flush()?;
            }
            line.clear();
            let Some(whole) = read_line(input, &mut line)? else {
                return out.flush();
            };
            self.lines += 1;
            if whole {
                self.model.answer_line(&line, self.lines, out)?;
            } else {
                let error = ErrorObject::new(
                    ErrorCode::InvalidQuestion,
                    format!(
                        "line {} is longer than {MAX_LINE_BYTES} bytes, the most a question may take; skipped",
                        self.lines
                    ),
                );
                serde_json::to_writer(
                    &mut *out,
                    &Failure {
                        error: &error,
                        line: self.lines,
                    },
                )?;
                out.write_all(b"\n")?;
            }
        }
    }
}

/// Reads one line into `line`, holding no more than [`MAX_LINE_BYTES`] of
/// it: `Some(true)` for a line, `Some(false)` for one too long (read to
/// its end, and dropped), `None` at the end of the input.
fn read_line(input: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<Option<bool>> {
    let (mut any, mut whole) = (false, true);
    loop {
        let buf = match input.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(any.then_some(whole));
        }
        any = true;
        let (piece, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        if whole && line.len() + piece.len() <= MAX_LINE_BYTES {
            line.extend_from_slice(piece);
        } else {
            whole = false;
            line.clear();
        }
        let used = piece.len();
        input.consume(used);
        if done {
            return Ok(Some(whole));
        }
    }
}
