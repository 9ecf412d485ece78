//! `Model::answer_line`: one line of a batch of questions, as `svcrel
//! batch` and the service's `POST /v1/batch` answer it.

use std::io::{self, Write};

use serde::Serialize;

use crate::model::Model;
use crate::protocol::error::ErrorObject;
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
