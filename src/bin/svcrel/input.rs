//! The arguments the subcommands share (`--model FILE` or `SVCREL_MODEL`,
//! the ids asked about, `--max-chain K`, `--as-of DATE`, `--json`,
//! `--evidence`, `--limit`), and the one path from them to an answer:
//! read the model, ask the library's question, print its JSON or the
//! command's text.

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use svcrel::{Answer, AsOf, Error, Model, Query, Question};

use crate::evidence::Evidence;
use crate::progress;
use crate::report::{self, Failure};

/// The environment variable that names the model when `--model` is not
/// given.
pub const MODEL_VARIABLE: &str = "SVCREL_MODEL";

/// Where the model document comes from.
#[derive(Debug, clap::Args)]
pub struct ModelArgs {
    /// The model document (JSON, format version 1); `-` reads standard
    /// input. Without --model, the file SVCREL_MODEL names
    #[arg(long, value_name = "FILE", env = MODEL_VARIABLE)]
    model: PathBuf,
}

impl ModelArgs {
    /// Reads and checks the model: every problem of an invalid document is
    /// in the error.
    pub fn load(&self) -> Result<Model, Error> {
        if self.is_stdin() {
            return Model::from_json_reader(io::stdin().lock());
        }
        let size = std::fs::metadata(&self.model).map_or(0, |m| m.len());
        let _spinner = (size >= progress::LARGE).then(|| {
            progress::Spinner::start(format!(
                "loading {} ({} MB)",
                svcrel::printable(&self.model.display().to_string()),
                size >> 20
            ))
        });
        Model::from_json_file(&self.model)
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
    pub model: ModelArgs,

    #[command(flatten)]
    pub flags: QueryArgs,
}

impl ServiceArgs {
    /// The id of the service argument, for subcommands that describe it
    /// otherwise.
    pub const SERVICE: &'static str = "service";
}

/// A kind of the library's question that a command asks, with what the
/// command line sets on it. Implemented by [`asked!`] for the five kinds
/// about a service.
pub trait Ask: Clone + Into<Question> {
    /// Its kind of answer.
    type Answer;

    /// The query the library answers it with (`CustomersQuestion::query`
    /// and the like): the date resolved, the default cutoffs applied.
    fn query(&self) -> Result<Query, Error>;

    /// The question as of this date.
    fn dated(self, as_of: AsOf) -> Self;

    /// The question with this cutoff for every chain it follows.
    fn chained(self, steps: u32) -> Self;

    /// Its kind of answer, out of the library's [`Answer`].
    fn answer(answer: Answer) -> Option<Self::Answer>;
}

/// Implements [`Ask`] for a kind of question by its own methods.
macro_rules! asked {
    ($question:ident, $variant:ident, $answer:ident) => {
        impl Ask for svcrel::$question {
            type Answer = svcrel::$answer;

            fn query(&self) -> Result<Query, Error> {
                svcrel::$question::query(self)
            }

            fn dated(self, as_of: AsOf) -> Self {
                self.as_of(as_of)
            }

            fn chained(self, steps: u32) -> Self {
                self.max_chain(steps)
            }

            fn answer(answer: Answer) -> Option<Self::Answer> {
                match answer {
                    Answer::$variant(answer) => Some(answer),
                    _ => None,
                }
            }
        }
    };
}

asked!(CustomersQuestion, Customers, CustomersAnswer);
asked!(ConsumersQuestion, Consumers, ConsumersAnswer);
asked!(RelationQuestion, Relation, RelationAnswer);
asked!(TriageQuestion, Triage, TriageAnswer);
asked!(ImpactQuestion, Impact, ImpactAnswer);

/// A list the command line asks for (customers, consumers): the
/// evidence of each row and how many rows.
pub trait Listed: Ask {
    /// The question with this evidence for each row.
    fn with_evidence(self, evidence: svcrel::Evidence) -> Self;

    /// The question for at most this many rows.
    fn at_most(self, rows: u32) -> Self;
}

/// Implements [`Listed`] for a kind of question by its own methods.
macro_rules! listed {
    ($question:ident) => {
        impl Listed for svcrel::$question {
            fn with_evidence(self, evidence: svcrel::Evidence) -> Self {
                self.evidence(evidence)
            }

            fn at_most(self, rows: u32) -> Self {
                self.limit(rows)
            }
        }
    };
}

listed!(CustomersQuestion);
listed!(ConsumersQuestion);

/// What writes an answer for people: given the model and the very query
/// the answer was given with (for the typed methods that write paths in
/// words) and the answer, the text, or why there is none.
pub trait ForPeople<A>: FnOnce(&Model, &Query, &A) -> Result<String, Failure> {}

impl<A, F: FnOnce(&Model, &Query, &A) -> Result<String, Failure>> ForPeople<A> for F {}

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

    /// The question `ask` makes of the service, with the date and cutoff
    /// the flags ask for.
    pub fn question<Q: Ask>(&self, ask: impl FnOnce(String) -> Q) -> Q {
        self.question
            .flags
            .apply(ask(self.question.service.clone()))
    }

    /// The one path from the arguments to an answer: resolves the
    /// question's query (its date once, so that the text and the JSON
    /// answer on the same day), reads the model, asks it the question,
    /// and prints the answer as JSON with `--json`, else the text
    /// `for_people` writes of it. What goes wrong is reported on stderr
    /// and chooses the exit status.
    pub fn answer<Q: Ask>(&self, question: Q, for_people: impl ForPeople<Q::Answer>) -> ExitCode {
        self.ask(question, for_people)
            .unwrap_or_else(|failure| failure.report())
    }

    fn ask<Q: Ask>(
        &self,
        question: Q,
        for_people: impl ForPeople<Q::Answer>,
    ) -> Result<ExitCode, Failure> {
        let query = question.query()?;
        let question = question.dated(query.date().map_or(AsOf::Any, AsOf::On));
        let model = self.question.model.load()?;
        let answer = model.ask(&question.into())?;
        if self.json {
            return Ok(report::json(&answer));
        }
        let Some(answer) = Q::answer(answer) else {
            return Ok(report::bug(
                "the library answered with another kind of answer",
            ));
        };
        Ok(report::text(&for_people(&model, &query, &answer)?))
    }
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
    /// The party: the id of an organisation or an individual, one of its
    /// emails, or an external id (system:id)
    #[arg(value_name = "PARTY")]
    pub party: String,

    #[command(flatten)]
    asked: AnswerArgs,
}

impl PartyServiceArgs {
    /// The id of the party argument, for subcommands that name it
    /// otherwise.
    pub const PARTY: &'static str = "party";

    /// The question `ask` makes of the party and the service, with the
    /// date and cutoff the flags ask for.
    pub fn question<Q: Ask>(&self, ask: impl FnOnce(String, String) -> Q) -> Q {
        self.asked
            .question(|service| ask(self.party.clone(), service))
    }

    /// Answers `question` (see [`AnswerArgs::answer`]).
    pub fn answer<Q: Ask>(&self, question: Q, for_people: impl ForPeople<Q::Answer>) -> ExitCode {
        self.asked.answer(question, for_people)
    }
}

/// A list of parties, each with its evidence (`svcrel customers`,
/// `consumers`).
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    asked: AnswerArgs,

    /// The evidence of each answer: its whole path from the service, or
    /// only its next step towards it (linear however long the chains)
    #[arg(long, value_enum, default_value_t)]
    evidence: Evidence,

    /// List at most N of each list (0: none, only how many there are); the
    /// total is still said. Without it, every row
    #[arg(long, value_name = "N", value_parser = parse_whole_number, allow_negative_numbers = true)]
    limit: Option<u32>,
}

impl ListArgs {
    /// The question `ask` makes of the service, with the date, cutoff,
    /// evidence and limit the flags ask for.
    pub fn question<Q: Listed>(&self, ask: impl FnOnce(String) -> Q) -> Q {
        let question = self.asked.question(ask).with_evidence(self.evidence.into());
        match self.limit {
            Some(n) => question.at_most(n),
            None => question,
        }
    }

    /// Answers `question` (see [`AnswerArgs::answer`]); `for_people` is
    /// told the evidence `--evidence` asks for.
    pub fn answer<Q: Listed>(
        &self,
        question: Q,
        for_people: impl FnOnce(&Model, &Query, &Q::Answer, Evidence) -> Result<String, Failure>,
    ) -> ExitCode {
        let evidence = self.evidence;
        self.asked.answer(question, |model, query, answer| {
            for_people(model, query, answer, evidence)
        })
    }
}

/// The id of the `--summary` argument, for subcommands that describe it
/// otherwise.
pub const SUMMARY: &str = "summary";

/// The arguments `A` and `--summary` (`svcrel consumers`, `impact`).
#[derive(Debug, clap::Args)]
pub struct Summarised<A: clap::Args> {
    #[command(flatten)]
    pub asked: A,

    /// Counts instead of every party: per top-level organisation, per
    /// paying customer and per distance
    #[arg(long)]
    summary: bool,
}

impl<A: clap::Args> Summarised<A> {
    /// `question`, made to ask for counts by `summary` with `--summary`.
    pub fn apply<Q>(&self, question: Q, summary: impl FnOnce(Q) -> Q) -> Q {
        if self.summary {
            summary(question)
        } else {
            question
        }
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

/// The chain cutoff and the date every query takes.
///
/// Each subcommand states its own default cutoff in the help of
/// `--max-chain` (see [`QueryArgs::max_chain_help`]); without the flag the
/// library's defaults apply, which are the command line's.
#[derive(Debug, clap::Args)]
pub struct QueryArgs {
    /// How many steps along a chain to follow: a whole number
    #[arg(long, value_name = "K", value_parser = parse_whole_number, allow_negative_numbers = true)]
    max_chain: Option<u32>,

    /// Answer as of DATE: a date written YYYY-MM-DD (a link holds on it
    /// when from <= DATE < until), today (the local date, or
    /// SVCREL_TODAY=YYYY-MM-DD when set) or any (dates ignored: every link
    /// holds)
    #[arg(
        long,
        value_name = "DATE",
        value_parser = parse_as_of,
        default_value = "today",
        allow_hyphen_values = true
    )]
    as_of: AsOf,
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

    /// `question` with the date and cutoff these flags ask for.
    pub fn apply<Q: Ask>(&self, question: Q) -> Q {
        let question = question.dated(self.as_of);
        match self.max_chain {
            Some(k) => question.chained(k),
            None => question,
        }
    }

    /// The query these flags ask for, with the date resolved, for `svcrel
    /// dot`, which asks no question of the protocol. Without
    /// `--max-chain`, the library's defaults apply: 1 step for customers,
    /// no limit for consumers; a given K sets both.
    pub fn query(&self) -> Result<Query, Error> {
        let query = Query::new().as_of(self.as_of.resolve()?);
        Ok(match self.max_chain {
            Some(k) => query.max_chain(k),
            None => query,
        })
    }
}

/// `--max-chain K`, `--limit N`: digits only, so that `-1`, `+1` and
/// `1.5` are usage errors naming the flag, not something else.
pub fn parse_whole_number(text: &str) -> Result<u32, String> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err("not a whole number (0, 1, 2, …)".to_owned());
    }
    text.parse()
        .map_err(|_| format!("too large (at most {})", u32::MAX))
}

/// `--as-of DATE`: `any`, `today`, or exactly `YYYY-MM-DD` and a day of
/// the calendar, as the library reads dates ([`svcrel::parse_date`]),
/// whose message says which.
pub fn parse_as_of(text: &str) -> Result<AsOf, String> {
    match text {
        "any" => Ok(AsOf::Any),
        "today" => Ok(AsOf::Today),
        _ => svcrel::parse_date(text)
            .map(AsOf::On)
            .map_err(|e| format!("{e}; give a date written YYYY-MM-DD, today or any")),
    }
}

#[cfg(test)]
mod tests {
    use svcrel::{AsOf, Date};

    use super::{parse_as_of, parse_whole_number};

    #[test]
    fn a_whole_number_is_digits_only() {
        assert_eq!(parse_whole_number("0"), Ok(0));
        assert_eq!(parse_whole_number("12"), Ok(12));
        for bad in ["", "-1", "+1", "1.5", "one", " 1", "1e3"] {
            assert!(parse_whole_number(bad).is_err(), "{bad:?}");
        }
        assert!(
            parse_whole_number("99999999999")
                .unwrap_err()
                .contains("too large")
        );
    }

    #[test]
    fn a_date_is_any_today_or_yyyy_mm_dd_on_the_calendar() {
        assert_eq!(parse_as_of("any"), Ok(AsOf::Any));
        assert_eq!(parse_as_of("today"), Ok(AsOf::Today));
        assert_eq!(
            parse_as_of("2028-06-01"),
            Ok(AsOf::On(Date::constant(2028, 6, 1)))
        );
        for bad in [
            "20280601",
            "2028-6-1",
            "01/06/2028",
            "2028-06-01T00:00",
            "+02028-06-01",
            "",
            "Today",
            "none",
        ] {
            assert_eq!(
                parse_as_of(bad),
                Err(format!(
                    "{bad:?} is not a date written YYYY-MM-DD; give a date written \
                     YYYY-MM-DD, today or any"
                )),
                "{bad:?}"
            );
        }
        let leap = parse_as_of("2027-02-29").unwrap_err();
        assert!(
            leap.starts_with(r#""2027-02-29" is not a calendar date: "#),
            "{leap}"
        );
    }
}
