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

/// Prints one line on stdout. A closed stdout (`svcrel … | head`) is not
/// an error of the program; any other write failure is reported.
pub fn line(text: impl Display) -> ExitCode {
    match writeln!(io::stdout().lock(), "{text}") {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cannot write the answer: {e}");
            model_failure()
        }
    }
}

/// Prints a library error on stderr and chooses the exit status.
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
        ErrorKind::UnknownId | ErrorKind::InvalidQuestion | ErrorKind::TooLarge => usage_failure(),
        _ => model_failure(),
    }
}

/// Prints a value as one JSON object on one line of stdout, written as
/// it is serialised (a large answer is never held as one string). A
/// closed stdout is not an error, as for [`line`].
pub fn json(value: &impl serde::Serialize) -> ExitCode {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = serde_json::to_writer(&mut out, value)
        .map_err(io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cannot write the answer: {e}");
            model_failure()
        }
    }
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

/// An id the query has just checked is missing from the model: cannot
/// happen, but is reported rather than assumed away.
pub fn not_found(ids: &[&str]) -> ExitCode {
    let ids: Vec<String> = ids.iter().map(|id| format!("{id:?}")).collect();
    eprintln!("cannot find {} in the model", ids.join(" or "));
    model_failure()
}
