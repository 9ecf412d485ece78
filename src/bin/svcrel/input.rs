//! The arguments the subcommands share: `--model FILE` and reading it, the
//! query flags `--max-chain K` and `--as-of DATE`, the ids asked about and
//! `--json`, `--evidence`; and the one path from them to an answer.

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use svcrel::{AsOf, Date, Entity, Error, Model, Query, Question};

use crate::evidence::Evidence;
use crate::report;

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

    /// Whether the model comes from standard input (`--model -`).
    pub fn is_stdin(&self) -> bool {
        self.model.as_os_str() == "-"
    }
}

/// A question about one service: its id, the model and the query flags,
/// in this order in every subcommand's help (`svcrel dot`).
#[derive(Debug, clap::Args)]
pub struct ServiceArgs {
    /// The id of the service
    #[arg(value_name = "SERVICE")]
    pub service: String,

    #[command(flatten)]
    model: ModelArgs,

    #[command(flatten)]
    query: QueryArgs,
}

impl ServiceArgs {
    /// The id of the service argument, for subcommands that describe it
    /// otherwise.
    pub const SERVICE: &'static str = "service";

    /// Loads the model and hands it, with the service's id and the query
    /// the flags ask for, to `answer`; a model that cannot be read or a
    /// question it cannot answer is reported on stderr and becomes the
    /// exit status.
    pub fn answer(
        &self,
        answer: impl FnOnce(&Model, &str, &Query) -> Result<ExitCode, Error>,
    ) -> ExitCode {
        let model = match self.model.load() {
            Ok(model) => model,
            Err(err) => return report::failure(&err),
        };
        answer(&model, &self.service, &self.query.query())
            .unwrap_or_else(|err| report::failure(&err))
    }

    /// Loads the model and prints, as one JSON object, its answer to the
    /// protocol's question that `question` makes of the service's id and
    /// the query flags (`--json`: the shapes are the library's).
    pub fn ask(&self, question: impl FnOnce(&str, &QueryArgs) -> Question) -> ExitCode {
        let model = match self.model.load() {
            Ok(model) => model,
            Err(err) => return report::failure(&err),
        };
        match model.ask(&question(&self.service, &self.query)) {
            Ok(answer) => report::json(&answer),
            Err(err) => report::failure(&err),
        }
    }
}

/// A question about one service answered as JSON or for people
/// (`svcrel impact`; `customers`, `consumers`, `relation` and `triage`
/// through [`ListArgs`] and [`PartyServiceArgs`]).
#[derive(Debug, clap::Args)]
pub struct AnswerArgs {
    #[command(flatten)]
    question: ServiceArgs,

    /// Print one JSON object on stdout instead of tables
    #[arg(long)]
    json: bool,
}

impl AnswerArgs {
    /// The id of the `--json` argument, for subcommands whose output for
    /// people is not tables.
    pub const JSON: &'static str = "json";

    /// With `--json`, prints the model's answer to the protocol's
    /// `question` (see [`ServiceArgs::ask`]); else loads the model, asks
    /// it with `ask` and hands the answer to `write`, for people (see
    /// [`ServiceArgs::answer`]).
    pub fn answer<T>(
        &self,
        question: impl FnOnce(&str, &QueryArgs) -> Question,
        ask: impl FnOnce(&Model, &str, &Query) -> Result<T, Error>,
        write: impl FnOnce(&Answered<'_, T>) -> ExitCode,
    ) -> ExitCode {
        if self.json {
            return self.question.ask(question);
        }
        self.question.answer(|model, id, query| {
            let answer = ask(model, id, query)?;
            // `ask` has checked the id; the entity gives its name.
            let Some(service) = model.entity(id) else {
                return Ok(report::not_found(&[id]));
            };
            Ok(write(&Answered {
                model,
                query,
                service,
                answer: &answer,
            }))
        })
    }
}

/// An answer the model has given about a service, with what writing it
/// for people takes.
pub struct Answered<'a, T> {
    pub model: &'a Model,
    pub query: &'a Query,
    pub service: Entity<'a>,
    pub answer: &'a T,
}

/// A question about a party and a service (`svcrel relation`, `triage`):
/// the roles of `relation`, with its default cutoffs.
#[derive(Debug, clap::Args)]
#[command(
    mut_args(help_of(
        AnswerArgs::JSON,
        "Print one JSON object on stdout instead of lines for people"
    )),
    mut_arg(QueryArgs::MAX_CHAIN, |arg| QueryArgs::max_chain_help(
        arg,
        "1 for the customer role, no limit for the consumer role"
    ))
)]
pub struct PartyServiceArgs {
    /// The id of the party: an organisation or an individual
    #[arg(value_name = "PARTY")]
    party: String,

    #[command(flatten)]
    question: AnswerArgs,
}

impl PartyServiceArgs {
    /// The id of the party argument, for subcommands that name it
    /// otherwise.
    pub const PARTY: &'static str = "party";

    /// With `--json`, prints the answer to the protocol's `question` about
    /// the party and the service; else loads the model, asks it with `ask`
    /// about them and hands the party and the answer to `write` (see
    /// [`AnswerArgs::answer`]).
    pub fn answer<T>(
        &self,
        question: impl FnOnce(&str, &str, &QueryArgs) -> Question,
        ask: impl FnOnce(&Model, &str, &str, &Query) -> Result<T, Error>,
        write: impl FnOnce(Entity<'_>, &Answered<'_, T>) -> ExitCode,
    ) -> ExitCode {
        let party = self.party.as_str();
        self.question.answer(
            |service, query| question(party, service, query),
            |model, service, query| ask(model, party, service, query),
            // `ask` has checked both ids; the entities give their names.
            |answered| match answered.model.entity(party) {
                Some(entity) => write(entity, answered),
                None => report::not_found(&[party, answered.service.id()]),
            },
        )
    }
}

/// A list of parties, each with its evidence (`svcrel customers`,
/// `consumers`).
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    question: AnswerArgs,

    /// The evidence of each answer: its whole path from the service, or
    /// only its next step towards it (linear however long the chains)
    #[arg(long, value_enum, default_value_t)]
    evidence: Evidence,
}

impl ListArgs {
    /// With `--json`, prints the answer to the protocol's `question`,
    /// which `question` makes with the evidence `--evidence` asks for;
    /// else loads the model and hands it to `answer` (see
    /// [`ServiceArgs::answer`]).
    pub fn answer(
        &self,
        question: impl FnOnce(&str, &QueryArgs, svcrel::Evidence) -> Question,
        answer: impl FnOnce(&Model, &str, &Query) -> Result<ExitCode, Error>,
    ) -> ExitCode {
        let service = &self.question.question;
        if self.question.json {
            return service.ask(|id, query| question(id, query, self.evidence.into()));
        }
        service.answer(answer)
    }

    /// Writes a list for people: refused (status 2) when `check` finds
    /// its paths too large, else the text `for_people`, with the evidence
    /// `--evidence` asks for.
    pub fn write<T>(
        &self,
        list: &T,
        check: impl FnOnce(&T, Evidence) -> Result<(), String>,
        for_people: impl FnOnce(Evidence) -> String,
    ) -> ExitCode {
        if let Err(reason) = check(list, self.evidence) {
            return report::too_large(&reason);
        }
        report::text(&for_people(self.evidence))
    }
}

/// Gives the argument `id` the help `text`, for `Command::mut_args`: a
/// subcommand's own words for a shared argument. (`mut_arg` would move
/// the argument last, and so change the order of positionals.)
pub fn help_of(id: &'static str, text: &'static str) -> impl FnMut(clap::Arg) -> clap::Arg {
    move |arg| {
        if arg.get_id() == id {
            arg.help(text)
        } else {
            arg
        }
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

    /// The date a protocol question asks for: `--as-of`, or with no
    /// `--as-of` any date (dates ignored), the command line's default.
    pub fn asked_as_of(&self) -> AsOf {
        self.as_of.map_or(AsOf::Any, AsOf::On)
    }

    /// The cutoff `--max-chain` asks for, if any.
    pub fn asked_max_chain(&self) -> Option<u32> {
        self.max_chain
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

/// `--as-of DATE`: exactly `YYYY-MM-DD`, and a day of the calendar, as
/// the library reads dates ([`svcrel::parse_date`]), whose message says
/// which. (`svcrel batch` reads a question's `as_of` with it too.)
pub fn parse_date(text: &str) -> Result<Date, String> {
    svcrel::parse_date(text).map_err(|e| e.to_string())
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
                Err(format!("{bad:?} is not a date written YYYY-MM-DD")),
                "{bad:?}"
            );
        }
        let leap = parse_date("2027-02-29").unwrap_err();
        assert!(
            leap.starts_with(r#""2027-02-29" is not a calendar date: "#),
            "{leap}"
        );
    }
}
