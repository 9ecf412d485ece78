//! `svcrel batch --model FILE`: questions as JSON lines on stdin, one
//! JSON answer per line on stdout, the model loaded once.

use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

use serde::Deserialize;
use serde_json::json;
use svcrel::{Model, Query};

use crate::evidence::Evidence;
use crate::input::{self, ModelArgs};
use crate::report;
use crate::{consumers, customers, relation};

const ABOUT: &str = "Answer questions read as JSON lines on stdin, one JSON answer per line";

const LONG_ABOUT: &str = "\
Answer questions read as JSON lines on stdin, one JSON answer per line.

The model is read and checked once; then each line of stdin is one
question, a JSON object:

  {\"query\": \"customers\", \"service\": \"S\"}
  {\"query\": \"consumers\", \"service\": \"S\", \"max_chain\": 2}
  {\"query\": \"relation\", \"party\": \"P\", \"service\": \"S\", \"as_of\": \"2026-01-01\"}

`as_of` (YYYY-MM-DD) and `max_chain` (a whole number) are optional and
mean what --as-of and --max-chain mean for the `customers`, `consumers` and
`relation` commands, with the same defaults; `party` is for `relation`
only; `evidence` (\"path\" or \"via\") means what --evidence means for
`customers` and `consumers`. Each answer is the object that command prints with --json, on one
line, in the order of the questions. A question that cannot be answered
(not JSON, an unknown field, an id the model lacks…) gets
{\"error\": \"…\", \"line\": N} on its line, N counting stdin's lines from 1,
and the next question is read. Blank lines are skipped.

Exit status: 0 at the end of stdin, whatever the questions; 1 when the
model cannot be read or is invalid (nothing is answered); 2 on a usage
error. The questions come on stdin, so the model cannot (--model -).";

const AFTER_HELP: &str = "\
Example:
  printf '%s\\n' '{\"query\": \"relation\", \"party\": \"dana\", \"service\": \"expense-app\"}' \\
    | svcrel batch --model examples/data/sample.json";

/// The arguments of `svcrel batch`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
pub struct Args {
    #[command(flatten)]
    model: ModelArgs,
}

/// Which question a line asks.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Customers,
    Consumers,
    Relation,
}

/// One line of stdin.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Question {
    query: Kind,
    service: String,
    party: Option<String>,
    as_of: Option<String>,
    max_chain: Option<u32>,
    evidence: Option<Evidence>,
}

/// Reads the model, then answers every line of stdin.
pub fn run(args: &Args) -> ExitCode {
    if args.model.is_stdin() {
        eprintln!(
            "svcrel batch reads its questions on stdin: give the model as a file, not --model -"
        );
        return report::usage_failure();
    }
    let model = match args.model.load() {
        Ok(model) => model,
        Err(err) => return report::failure(&err),
    };
    let mut input = BufReader::with_capacity(1 << 16, io::stdin().lock());
    let mut out = BufWriter::new(io::stdout().lock());
    let mut bytes = Vec::new();
    let mut number = 0_u64;
    loop {
        // Answers go out as soon as no question is waiting, so a program
        // that asks one question at a time gets each answer in time.
        if input.buffer().is_empty() {
            if let Err(e) = out.flush() {
                return stopped(&e);
            }
        }
        bytes.clear();
        match input.read_until(b'\n', &mut bytes) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                eprintln!("cannot read the questions: {e}");
                return report::model_failure();
            }
        }
        number += 1;
        let reply = match std::str::from_utf8(&bytes) {
            Ok(line) if line.trim().is_empty() => continue,
            Ok(line) => answer(&model, line),
            Err(_) => Err("the line is not UTF-8".to_owned()),
        };
        // An answer is written as it is made, never held as one string.
        let written = match reply {
            Ok(reply) => reply(&mut out),
            Err(error) => serde_json::to_writer(&mut out, &json!({"error": error, "line": number})),
        };
        if let Err(e) = written
            .map_err(io::Error::from)
            .and_then(|()| out.write_all(b"\n"))
        {
            return stopped(&e);
        }
    }
    match out.flush() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => stopped(&e),
    }
}

/// How a question asks for answers without whole paths.
const HOW: &str = r#""evidence": "via""#;

/// An answer ready to be written as JSON.
type Reply<'m> = Box<dyn FnOnce(&mut dyn Write) -> serde_json::Result<()> + 'm>;

/// The answer to one line, ready to be written, or what is wrong with the
/// line (found before anything is written).
fn answer<'m>(model: &'m Model, line: &str) -> Result<Reply<'m>, String> {
    let q: Question = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let mut query = Query::new();
    if let Some(date) = &q.as_of {
        query = query.as_of(input::parse_date(date).map_err(|e| format!("as_of: {e}"))?);
    }
    if let Some(k) = q.max_chain {
        query = query.max_chain(k);
    }
    let service = q.service.as_str();
    let evidence = q.evidence.unwrap_or_default();
    match (q.query, q.party.as_deref(), q.evidence) {
        (Kind::Customers, None, _) => {
            let answer = model
                .customers_of(service, &query)
                .map_err(|e| e.to_string())?;
            customers::check(&answer, evidence, HOW)?;
            Ok(Box::new(move |out| {
                serde_json::to_writer(out, &customers::Answer::new(&answer, evidence))
            }))
        }
        (Kind::Consumers, None, _) => {
            let answer = model
                .consumers_of(service, &query)
                .map_err(|e| e.to_string())?;
            consumers::check(&answer, evidence, HOW)?;
            Ok(Box::new(move |out| {
                serde_json::to_writer(out, &consumers::Answer::new(&answer, evidence))
            }))
        }
        (Kind::Relation, Some(_), Some(_)) => {
            Err("evidence is only for customers and consumers questions".to_owned())
        }
        (Kind::Relation, Some(party), None) => {
            let answer = model
                .relation(party, service, &query)
                .map_err(|e| e.to_string())?;
            // The library has checked both ids.
            let (Some(p), Some(s)) = (model.entity(party), model.entity(service)) else {
                return Err("unknown id".to_owned());
            };
            Ok(Box::new(move |out| {
                serde_json::to_writer(out, &relation::Answer::new(p, s, &answer))
            }))
        }
        (Kind::Relation, None, _) => Err("a relation question needs a party".to_owned()),
        (_, Some(_), _) => Err("party is only for relation questions".to_owned()),
    }
}

/// Stops after a failed write: a closed stdout means the reader has gone
/// and the work is done (status 0); any other failure is reported
/// (status 1).
fn stopped(e: &io::Error) -> ExitCode {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return ExitCode::SUCCESS;
    }
    eprintln!("cannot write the answers: {e}");
    report::model_failure()
}
