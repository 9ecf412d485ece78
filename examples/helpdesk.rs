//! A day at a helpdesk embedding svcrel.
//!
//! Tickets come in; each names a requester and a service, and `triage()`
//! says what the requester is to the service, whether they are entitled to
//! service, who pays for the work and whom to notify. Around noon the
//! model is edited live, without a rebuild: someone changes department, a
//! contract ends and another begins, someone leaves. The afternoon's
//! tickets follow the data, and the morning's answers stay as they were
//! for the morning. At the end of the day a service fails, and `impact()`
//! says who is hit and whom to tell.
//!
//! Run with `cargo run --example helpdesk`.

use svcrel::{Date, Funding, Link, Membership, Model, Payment, Query, Reporting};

const YESTERDAY: Date = Date::constant(2026, 3, 1);
const TODAY: Date = Date::constant(2026, 3, 2);

fn main() -> Result<(), svcrel::Error> {
    let mut model = Model::from_json_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/sample.json"
    ))?;

    println!("== {TODAY}, morning ==\n");
    ticket(&model, 201, "teacher-ann", "desktop-support", TODAY)?;
    ticket(&model, 202, "riverside-head", "desktop-support", TODAY)?;
    ticket(&model, 203, "pupil-cara", "desktop-support", TODAY)?;
    ticket(&model, 204, "developer-sam", "build-farm", TODAY)?;
    ticket(&model, 205, "acme-cfo", "acme-email", TODAY)?;

    println!("== noon: the directory changes ==\n");
    // Sam moves from application development to the infrastructure team.
    edit("Sam Kowalski joins the infrastructure team");
    model.move_individual(Membership {
        title: Some("Site Reliability Engineer".into()),
        from: Some(TODAY),
        ..Membership::new("developer-sam", "expenseco-infra")
    })?;
    // The education department's chargeback ends; the council pays from now on.
    edit("the education department's contract for the helpdesk ends today");
    let old = Funding {
        approved_by: vec!["head-of-education".into()],
        ..Funding::new("council-education", "desktop-support", Payment::Chargeback)
    };
    model.remove_link(&Link::from(old.clone()))?;
    model.add_link(Funding {
        until: Some(TODAY),
        ..old
    })?;
    edit("the council pays for the helpdesk centrally, approved by its chief executive");
    model.add_link(Funding {
        approved_by: vec!["council-chief-executive".into()],
        from: Some(TODAY),
        ..Funding::new("council", "desktop-support", Payment::Allocation)
    })?;
    // The headteacher leaves the school.
    edit("the Riverside headteacher leaves the school");
    model.end_membership("riverside-head", "riverside-school", TODAY)?;
    // An edit that breaks a rule is refused, and the model stays as it was.
    edit("the head of education to report to the headteacher?");
    let line = Reporting::new("head-of-education", "riverside-head");
    if let Err(e) = model.add_link(line) {
        println!("   refused: {e}");
    }
    println!();

    println!("== {TODAY}, afternoon ==\n");
    ticket(&model, 206, "teacher-ann", "desktop-support", TODAY)?;
    ticket(&model, 207, "riverside-head", "desktop-support", TODAY)?;
    ticket(&model, 208, "developer-sam", "build-farm", TODAY)?;
    println!("== reopened: ticket 204, as it stood yesterday ==\n");
    ticket(&model, 204, "developer-sam", "build-farm", YESTERDAY)?;

    println!("== 17:30: the single sign-on fails ==\n");
    let impact = model.impact("sso", &Query::new().as_of(TODAY))?;
    let services: Vec<String> = impact
        .services()
        .iter()
        .map(|(s, d)| format!("{} ({d})", label(&model, s.as_str())))
        .collect();
    println!("   services down: {}", services.join(", "));
    for (top, people) in impact.consumers_by_top() {
        let people = if *people == 1 {
            "1 person".to_owned()
        } else {
            format!("{people} people")
        };
        println!("   {people} hit in {}", label(&model, top.as_str()));
    }
    let notify: Vec<&str> = impact
        .notify()
        .iter()
        .map(|p| label(&model, p.as_str()))
        .collect();
    println!("   notify: {}", notify.join(", "));
    Ok(())
}

/// Answers one ticket: the explanation, then what the desk does with it.
fn ticket(
    model: &Model,
    number: u32,
    requester: &str,
    service: &str,
    day: Date,
) -> Result<(), svcrel::Error> {
    let triage = model.triage(requester, service, &Query::new().as_of(day))?;
    println!(
        "#{number} {} — {}",
        label(model, requester),
        label(model, service)
    );
    println!("   {}", triage.explanation());
    let action = match (triage.entitled(), triage.payer()) {
        (false, _) => "redirect: not entitled to this service".to_owned(),
        (true, None) => "serve; nobody to bill".to_owned(),
        (true, Some(p)) => format!(
            "serve; bill {} ({}, {} step{} away)",
            label(model, p.payer().as_str()),
            p.payment(),
            p.steps(),
            if p.steps() == 1 { "" } else { "s" }
        ),
    };
    println!("   → {action}\n");
    Ok(())
}

fn edit(what: &str) {
    println!("   edit: {what}");
}

/// An entity's name, or its id.
fn label<'m>(model: &'m Model, id: &'m str) -> &'m str {
    model.entity(id).map_or(id, |e| e.label())
}
