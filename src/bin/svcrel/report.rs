//! Writing answers and failures, and the exit statuses they lead to.

use std::fmt::Display;
use std::io::{self, Write};
use std::process::ExitCode;

use svcrel::{Error, ErrorKind};

/// Status 1: the model could not be read or is invalid.
pub fn model_failure() -> ExitCode {
    ExitCode::from(1)
}

/// Status 2: a usage error, including an id that the model lacks.
pub fn usage_failure() -> ExitCode {
    ExitCode::from(2)
}

/// Why a command printed no answer: the library's error, or paths too
/// large to write in words.
pub enum Failure {
    /// What the library said went wrong (see [`failure`]).
    Library(Error),
    /// The paths of the answer, in words, would take more than the
    /// library allows (see [`crate::evidence::check`]).
    TooLarge,
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        Failure::Library(err)
    }
}

impl Failure {
    /// Prints the failure on stderr and chooses the exit status.
    pub fn report(self) -> ExitCode {
        match self {
            Failure::Library(err) => failure(&err),
            Failure::TooLarge => too_large(&crate::evidence::too_large()),
        }
    }
}

/// Prints one line on stdout. A closed stdout (`svcrel … | head`) is not
/// an error of the program; any other write failure is reported.
pub fn line(text: impl Display) -> ExitCode {
    written(writeln!(io::stdout().lock(), "{text}"))
}

/// The status after writing the answer: a closed stdout is no failure;
/// any other is reported (status 1).
fn written(result: io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cannot write the answer: {e}");
            model_failure()
        }
    }
}

/// Prints a library error on stderr and chooses the exit status: 2 for
/// an id the model lacks or of the wrong kind, a bad question or date (a
/// malformed `SVCREL_TODAY` among them) and a too large answer; 1 for the
/// rest (the model or a stream).
///
/// An invalid model prints every problem, one per line and nothing else,
/// so the lines can be read by people and by scripts alike. Any other
/// error prints itself on one line.
pub fn failure(err: &Error) -> ExitCode {
    let mut stderr = io::stderr().lock();
    if err.kind() == ErrorKind::TooLarge {
        // The library's words name the protocol's field; these, the
        // command line's option.
        let _ = writeln!(stderr, "{}", crate::evidence::too_large());
    } else if err.problems().is_empty() {
        let _ = writeln!(stderr, "{err}");
    } else {
        for problem in err.problems() {
            let _ = writeln!(stderr, "{problem}");
        }
    }
    match err.kind() {
        ErrorKind::UnknownId
        | ErrorKind::InvalidQuestion
        | ErrorKind::BadDate
        | ErrorKind::TooLarge => usage_failure(),
        _ => model_failure(),
    }
}

/// Prints a value as one JSON object on one line of stdout, written as
/// it is serialised (a large answer is never held as one string). A
/// closed stdout is not an error, as for [`line`].
pub fn json(value: &impl serde::Serialize) -> ExitCode {
    let mut out = io::BufWriter::new(io::stdout().lock());
    written(
        serde_json::to_writer(&mut out, value)
            .map_err(io::Error::from)
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush()),
    )
}

/// An answer too large to print as asked (status 2): the reason, which
/// says how to ask instead, on stderr.
pub fn too_large(reason: &str) -> ExitCode {
    eprintln!("{reason}");
    usage_failure()
}

/// Prints text made of whole lines (each ending in a newline) on stdout,
/// as [`line`] does.
pub fn text(text: &str) -> ExitCode {
    line(text.strip_suffix('\n').unwrap_or(text))
}

/// What cannot happen, reported rather than assumed away (status 1).
pub fn bug(what: &str) -> ExitCode {
    eprintln!("svcrel: {what}; please report this");
    model_failure()
}
