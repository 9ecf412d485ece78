//! A helpdesk embedding svcrel: each ticket names a requester, a service
//! and the day it was opened; `relation()` says what the requester is to
//! the service, and the answer is explained in words.
//!
//! Run with `cargo run --example helpdesk`.

use svcrel::{Date, Model, Query, Role};

struct Ticket {
    number: u32,
    requester: &'static str,
    service: &'static str,
    opened: Date,
}

fn main() -> Result<(), svcrel::Error> {
    let model = Model::from_json_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/sample.json"
    ))?;
    let tickets = [
        Ticket {
            number: 101,
            requester: "dana",
            service: "expense-app",
            opened: Date::constant(2026, 3, 2),
        },
        Ticket {
            number: 102,
            requester: "goddard-cio",
            service: "expense-app",
            opened: Date::constant(2026, 3, 2),
        },
        Ticket {
            number: 103,
            requester: "pupil-cara",
            service: "desktop-support",
            opened: Date::constant(2026, 5, 11),
        },
        Ticket {
            number: 104,
            requester: "fan",
            service: "nfl-broadcast",
            opened: Date::constant(2026, 9, 13),
        },
        Ticket {
            number: 105,
            requester: "developer-sam",
            service: "build-farm",
            opened: Date::constant(2026, 6, 1),
        },
        Ticket {
            number: 106,
            requester: "mary",
            service: "acme-email",
            opened: Date::constant(2012, 6, 1),
        },
        Ticket {
            number: 107,
            requester: "mary",
            service: "acme-email",
            opened: Date::constant(2028, 6, 1),
        },
    ];
    for ticket in &tickets {
        let query = Query::new().as_of(ticket.opened);
        let relation = model.relation(ticket.requester, ticket.service, &query)?;
        let who = model
            .entity(ticket.requester)
            .map_or(ticket.requester, |e| e.label());
        let what = model
            .entity(ticket.service)
            .map_or(ticket.service, |e| e.label());
        println!("#{} {} — {} on {}", ticket.number, who, what, ticket.opened);
        if relation.is_empty() {
            println!("   no relation to this service: redirect the ticket");
        }
        for role in relation.roles() {
            println!("   {}", explain(&model, ticket, role, &query)?);
        }
        println!();
    }
    Ok(())
}

/// One role in words, with the evidence behind customer and consumer roles.
fn explain(
    model: &Model,
    ticket: &Ticket,
    role: &Role,
    query: &Query,
) -> Result<String, svcrel::Error> {
    Ok(match role {
        Role::Customer { distance, scope } => {
            let customers = model.customers_of(ticket.service, query)?;
            let evidence = customers
                .get(ticket.requester)
                .map(|c| c.path().to_string())
                .unwrap_or_default();
            format!("{scope} customer at distance {distance}: {evidence}")
        }
        Role::Consumer { distance } => {
            let consumers = model.consumers_of(ticket.service, query)?;
            let evidence = consumers
                .get(ticket.requester)
                .map(|c| c.path().to_string())
                .unwrap_or_default();
            format!("consumer at distance {distance}: {evidence}")
        }
        Role::Sponsor => "sponsor: approves a payment for the service".to_owned(),
        Role::Provider => "provider: works for the team that runs the service".to_owned(),
        Role::Client => "client: oversees the provider".to_owned(),
        Role::Colleague => "colleague: same company as the provider".to_owned(),
        Role::Partner => "partner: a declared partnership with the provider".to_owned(),
        other => other.to_string(),
    })
}
