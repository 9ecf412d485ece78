//! `svcrel batch --model FILE`: questions as JSON lines on stdin, one
//! JSON answer per line on stdout, the model loaded once.

use std::io::{self, BufReader, BufWriter, Read};
use std::process::ExitCode;

use svcrel::QuestionLines;

use crate::input::ModelArgs;
use crate::report;

const ABOUT: &str = "Answer questions read as JSON lines on stdin, one JSON answer per line";

const LONG_ABOUT: &str = "\
Answer questions read as JSON lines on stdin, one JSON answer per line.

The model is read and checked once; then each line of stdin is one
question, a JSON object tagged by \"query\":

  {\"query\": \"customers\", \"service\": \"S\"}
  {\"query\": \"consumers\", \"service\": \"S\", \"max_chain\": 2, \"summary\": true}
  {\"query\": \"relation\", \"party\": \"P\", \"service\": \"S\", \"as_of\": \"2026-01-01\"}
  {\"query\": \"triage\", \"party\": \"P\", \"service\": \"S\", \"as_of\": \"any\"}
  {\"query\": \"impact\", \"service\": \"S\"}
  {\"query\": \"find\", \"q\": \"Dana Reyes\"}

Options, each optional: `as_of` (\"any\", \"today\" or YYYY-MM-DD; without
it, today: SVCREL_TODAY=YYYY-MM-DD fixes today), `max_chain` (a whole
number; without it, 1 for customers and no limit for consumers and
dependencies), `evidence` (\"path\" or \"via\", for customers and
consumers), `limit` (at most N rows of customers, consumers or find
candidates), `summary` (true: counts instead of rows, for consumers and
impact). A field a question does not take is an error that names it.

Each answer is the JSON object the command prints with --json, on one
line, in the order of the questions, with the date (`as_of`) and cutoffs
(`max_chain`) it used, the model's `version`, names beside ids and, for
lists, the `total`. A question that cannot be answered gets
{\"error\": {\"kind\": K, \"message\": \"…\", …}, \"line\": N} on its line, N
counting stdin's lines from 1, K one of unknown_id (with `id` and maybe
`did_you_mean`), wrong_kind, invalid_question (not JSON, an unknown field,
a bad date…) or too_large (ask with \"evidence\": \"via\"); and the next
question is read. Blank lines are skipped. The schemas of questions,
answers and errors are in the repository's schema/ directory.

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
    let mut input = BufReader::with_capacity(
        1 << 16,
        Noted {
            inner: io::stdin().lock(),
            failed: false,
        },
    );
    let mut out = BufWriter::new(io::stdout().lock());
    let mut lines = QuestionLines::new(&model);
    match lines.answer(&mut input, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if input.get_ref().failed => {
            eprintln!(
                "cannot read the questions (line {}): {e}",
                lines.lines() + 1
            );
            report::model_failure()
        }
        Err(e) => stopped(&e),
    }
}

/// A reader that notes whether it failed, to tell a failure to read the
/// questions from one to write the answers.
struct Noted<R> {
    inner: R,
    failed: bool,
}

impl<R: Read> Read for Noted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf);
        self.failed |= read
            .as_ref()
            .is_err_and(|e| e.kind() != io::ErrorKind::Interrupted);
        read
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
