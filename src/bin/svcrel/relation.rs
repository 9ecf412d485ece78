//! `svcrel relation PARTY SERVICE`: what a party is to a service.

use svcrel::{Match, Model, Query, Question, RelationAnswer, RelationQuestion, Role, RoleEvidence};

use crate::input::PartyServiceArgs;
use crate::report::Failure;
use crate::table;

pub const ABOUT: &str = "Say what a party is to a service: customer, consumer, sponsor, client…";

pub const LONG_ABOUT: &str = concat!(
    "\
Say what a party is to a service: the set of its roles, each at most once.

  provider   the party is the provider, an organisation below it, or a member
  customer   among the customers (with distance and scope; see `customers`)
  consumer   among the consumers (with distance; see `consumers`)
  sponsor    approves a funding link on the service
  client     oversees the provider or an organisation above it
  colleague  an individual, not the provider, in the provider's company
  partner    a declared partnership joins the party and the provider

Each role comes with the links of the model that make it so, in words (with
their dates); --json gives them as \"evidence\". No role at all is an
answer too. The customer role follows the customer
chain 1 step by default and the consumer role follows dependencies with no
limit; --max-chain K sets both to K.",
    as_of_help!()
);

pub const AFTER_HELP: &str = "\
JSON output (--json), one object:
  {\"party\": \"P\", \"service\": \"S\", \"roles\": [{\"role\": \"customer\", \"distance\": 0,
   \"scope\": \"internal\"}, {\"role\": \"sponsor\"}],
   \"evidence\": [{\"role\": \"customer\", \"distance\": 0, \"scope\": \"internal\",
     \"links\": [{\"link\": \"funding\", \"source\": \"O\", \"target\": \"S\", \"from\": null,
                \"until\": \"2027-01-01\", \"approved_by\": [\"P\"]}]},
    {\"role\": \"sponsor\", \"links\": [{\"link\": \"funding\", …}]}]}
  Each role's evidence lists the links of the model that make it so on the
  date, from the party to the service: \"link\" is one of membership,
  reporting, parent, funding, usage, dependency, provider, oversight,
  partnership; \"source\" and \"target\" are its ends as the model writes them.
  Every answer also carries names beside ids, as_of (the date, or \"any\"),
  max_chain (the cutoffs), the model's version and, for lists, the total:
  \"as_of\": \"2026-12-04\", \"max_chain\": {\"customer\": 1, \"consumer\": null}

Examples:
  svcrel relation mary acme-email --model examples/data/sample.json --as-of 2028-06-01
  svcrel relation president expense-app --model examples/data/sample.json --max-chain 4 --json
  svcrel relation united-airlines nfl-broadcast --model examples/data/sample.json --as-of any";

/// The arguments of `svcrel relation`: the party, the service, the
/// model, the query flags and `--json`.
pub type Args = PartyServiceArgs;

/// The library's question: the party's roles towards the service, with
/// the date and cutoff the flags ask for.
pub fn question(args: &Args) -> RelationQuestion {
    args.question(Question::relation)
}

/// The party of an answer for people, with how it was found when it was
/// not given by id and that is not plain (`svcrel triage` too): an
/// address no party gives answers for the organisation of its domain.
pub fn party(model: &Model, id: &str, matched: Option<Match>) -> String {
    let named = table::name_of(model, id);
    match matched {
        Some(Match::MailDomain) => {
            format!("{named}, the organisation of the address's mail domain,")
        }
        _ => named,
    }
}

/// The chain cutoffs of a role query in words (`svcrel triage` too).
pub fn within(query: &Query) -> String {
    table::cutoffs(
        ("customers", query.customer_max_chain()),
        ("consumers", query.consumer_max_chain()),
    )
}

/// The answer for people: a sentence saying what was asked, then one
/// role per line, with its distance and scope and, in words, the links
/// that make it so.
pub fn for_people(
    model: &Model,
    query: &Query,
    answer: &RelationAnswer,
) -> Result<String, Failure> {
    let who = party(model, &answer.party, answer.matched);
    let what = table::name_of(model, &answer.service);
    let within = within(query);
    let opening = table::opening(query.date());
    let mut out = String::new();
    if answer.roles.is_empty() {
        let sentence = format!("{opening}{who} has no role towards {what}, {within}.");
        table::wrap(&mut out, "", "", &sentence);
        return Ok(out);
    }
    let sentence = format!(
        "{opening}{who} has {} towards {what}, {within}:",
        table::count(answer.roles.len(), "role", "roles"),
    );
    table::wrap(&mut out, "", "", &sentence);
    out.push('\n');
    role_lines(
        model,
        &mut out,
        &answer.party,
        &answer.roles,
        &answer.evidence,
    );
    Ok(out)
}

/// A role's details in words: its distance and scope, then the links
/// of the answer's evidence that make it so, as one sentence.
fn details(model: &Model, party: &str, evidence: &[RoleEvidence], role: &Role) -> String {
    let words = evidence
        .iter()
        .find(|e| e.role == *role)
        .map(|e| table::links_in_words(model, party, &e.links));
    let head = match *role {
        Role::Customer { distance, scope } => Some(format!("distance {distance}, {scope}")),
        Role::Consumer { distance } => Some(format!("distance {distance}")),
        _ => None,
    };
    match (head, words) {
        (Some(head), Some(words)) => format!("{head}: {words}"),
        (Some(head), None) => head,
        (None, Some(words)) => words,
        (None, None) => role.to_string(),
    }
}

/// One line per role, the role's name in a column, then its details in
/// words (`svcrel triage` too).
pub fn role_lines(
    model: &Model,
    out: &mut String,
    party: &str,
    roles: &[Role],
    evidence: &[RoleEvidence],
) {
    let column = roles.iter().map(|r| r.name().len()).max().unwrap_or(0) + 2;
    for role in roles {
        let first = format!("{:column$}", role.name());
        let rest = " ".repeat(column);
        table::wrap(out, &first, &rest, &details(model, party, evidence, role));
    }
}
