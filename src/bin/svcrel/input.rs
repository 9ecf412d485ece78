//! The arguments every subcommand shares: `--model FILE` and reading it,
//! and the query flags `--max-chain K` and `--as-of DATE`.

use std::io;
use std::path::PathBuf;

use svcrel::{Date, Error, Model, Query};

/// Where the model document comes from.
#[derive(Debug, clap::Args)]
pub struct ModelArgs {
    /// The model document (JSON, format version 1); `-` reads standard input
    #[arg(long, value_name = "FILE")]
    model: PathBuf,
}

impl ModelArgs {
    /// Reads and checks the model: every problem of an invalid document is
    /// in the error.
    pub fn load(&self) -> Result<Model, Error> {
        if self.is_stdin() {
            Model::from_json_reader(io::stdin().lock())
        } else {
            Model::from_json_file(&self.model)
        }
    }

    /// Loads the model and hands it, with the query `flags` set, to
    /// `answer`; a model that cannot be read or a question it cannot
    /// answer is reported on stderr and becomes the exit status.
    pub fn answer(
        &self,
        flags: &QueryArgs,
        answer: impl FnOnce(&Model, &Query) -> Result<std::process::ExitCode, Error>,
    ) -> std::process::ExitCode {
        let model = match self.load() {
            Ok(model) => model,
            Err(err) => return crate::report::failure(&err),
        };
        answer(&model, &flags.query()).unwrap_or_else(|err| crate::report::failure(&err))
    }

    /// Whether the model comes from standard input (`--model -`).
    pub fn is_stdin(&self) -> bool {
        self.model.as_os_str() == "-"
    }
}

/// The chain cutoff and the as-of date every query takes.
///
/// Each subcommand states its own default cutoff in the help of
/// `--max-chain` (see [`QueryArgs::max_chain_help`]); without the flag the
/// library's [`Query`] defaults apply, which are the command line's.
#[derive(Debug, clap::Args)]
pub struct QueryArgs {
    /// How many steps along a chain to follow: a whole number
    #[arg(
        long,
        value_name = "K",
        value_parser = parse_max_chain,
        allow_negative_numbers = true
    )]
    max_chain: Option<u32>,

    /// Answer as of this date (YYYY-MM-DD): a link holds on DATE when from
    /// <= DATE < until. Without it, dates are ignored and every link holds
    #[arg(
        long,
        value_name = "DATE",
        value_parser = parse_date,
        allow_hyphen_values = true
    )]
    as_of: Option<Date>,
}

impl QueryArgs {
    /// The id of the `--max-chain` argument, for subcommands that state
    /// their own default in its help.
    pub const MAX_CHAIN: &'static str = "max_chain";

    /// The help of `--max-chain` with a subcommand's default.
    pub fn max_chain_help(arg: clap::Arg, default: &'static str) -> clap::Arg {
        arg.help(format!(
            "How many steps along a chain to follow: a whole number [default: {default}]"
        ))
    }

    /// The query these flags ask for. Without `--max-chain`, the library's
    /// defaults apply: 1 step for customers, no limit for consumers.
    pub fn query(&self) -> Query {
        let query = Query::new().as_of(self.as_of);
        match self.max_chain {
            Some(k) => query.max_chain(k),
            None => query,
        }
    }
}

/// `--max-chain K`: digits only, so that `-1`, `+1` and `1.5` are usage
/// errors naming the flag, not something else.
fn parse_max_chain(text: &str) -> Result<u32, String> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err("not a whole number (0, 1, 2, …)".to_owned());
    }
    text.parse()
        .map_err(|_| format!("too large (at most {})", u32::MAX))
}

/// `--as-of DATE`: exactly `YYYY-MM-DD`, and a day of the calendar.
/// (`svcrel batch` reads a question's `as_of` with it too.)
pub fn parse_date(text: &str) -> Result<Date, String> {
    let shape = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape {
        return Err("not a date written YYYY-MM-DD".to_owned());
    }
    text.parse::<Date>()
        .map_err(|_| "not a calendar date".to_owned())
}

#[cfg(test)]
mod tests {
    use super::{parse_date, parse_max_chain};

    #[test]
    fn a_cutoff_is_digits_only() {
        assert_eq!(parse_max_chain("0"), Ok(0));
        assert_eq!(parse_max_chain("12"), Ok(12));
        for bad in ["", "-1", "+1", "1.5", "one", " 1", "1e3"] {
            assert!(parse_max_chain(bad).is_err(), "{bad:?}");
        }
        assert!(
            parse_max_chain("99999999999")
                .unwrap_err()
                .contains("too large")
        );
    }

    #[test]
    fn a_date_is_yyyy_mm_dd_on_the_calendar() {
        assert_eq!(
            parse_date("2028-06-01"),
            Ok(svcrel::Date::constant(2028, 6, 1))
        );
        for bad in [
            "20280601",
            "2028-6-1",
            "01/06/2028",
            "2028-06-01T00:00",
            "+02028-06-01",
            "",
        ] {
            assert_eq!(
                parse_date(bad),
                Err("not a date written YYYY-MM-DD".to_owned()),
                "{bad:?}"
            );
        }
        assert_eq!(
            parse_date("2027-02-29"),
            Err("not a calendar date".to_owned())
        );
    }
}
