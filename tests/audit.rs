//! `Model::audit` and `svcrel audit`: each kind of finding on a small
//! document that has it planted, the sample's findings, and the command
//! line's exit statuses and JSON.

mod util;

use serde_json::{Value, json};
use svcrel::{AuditOptions, Date, EvidenceLinkKind, Finding, FindingKind, Involvement, Model};

/// A company where everything is in order on 2026-06-01: `it` provides
/// `app`, `biz` uses it and pays for it, approved by `bob`, a member of
/// `biz`.
fn base() -> Value {
    json!({
        "version": 1,
        "organisations": [
            {"id": "corp"},
            {"id": "it", "parent": "corp"},
            {"id": "biz", "parent": "corp"}
        ],
        "individuals": [{"id": "alice"}, {"id": "bob"}],
        "services": [{"id": "app", "provider": "it"}],
        "memberships": [
            {"individual": "alice", "organisation": "it"},
            {"individual": "bob", "organisation": "biz"}
        ],
        "funding": [{"payer": "biz", "service": "app", "payment": "chargeback", "approved_by": ["bob"]}],
        "usage": [{"user": "biz", "service": "app"}]
    })
}

const ON: Date = Date::constant(2026, 6, 1);

fn audit_with(doc: &Value, options: AuditOptions) -> svcrel::Audit {
    let model = Model::from_json_str(&doc.to_string()).expect("the document is valid");
    model.audit(&options)
}

fn audit_on(doc: &Value) -> svcrel::Audit {
    audit_with(doc, AuditOptions::new().as_of(ON))
}

fn of_kind(audit: &svcrel::Audit, kind: FindingKind) -> Vec<Finding> {
    audit.of_kind(kind).cloned().collect()
}

/// The ids a finding names in `role`.
fn ids(finding: &Finding, role: Involvement) -> Vec<&str> {
    finding
        .involved
        .iter()
        .filter(|i| i.role == role)
        .map(|i| i.id.as_str())
        .collect()
}

fn push(doc: &mut Value, section: &str, item: Value) {
    if doc[section].is_null() {
        doc[section] = json!([]);
    }
    doc[section]
        .as_array_mut()
        .expect("the section is a list")
        .push(item);
}

fn kinds(audit: &svcrel::Audit) -> Vec<FindingKind> {
    let mut kinds: Vec<FindingKind> = audit.findings().iter().map(|f| f.kind).collect();
    kinds.dedup();
    kinds
}

#[test]
fn the_base_is_clean() {
    let audit = audit_on(&base());
    assert!(audit.is_clean(), "{audit}");
    assert!(audit.counts().iter().all(|c| c.count == 0));
    assert_eq!(audit.counts().len(), FindingKind::ALL.len());
}

#[test]
fn unfunded_service() {
    let mut doc = base();
    doc["funding"] = json!([]);
    let audit = audit_on(&doc);
    let found = of_kind(&audit, FindingKind::UnfundedService);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, "app");
    assert_eq!(ids(&found[0], Involvement::Provider), ["it"]);

    // A funding link that has ended pays for nothing.
    let mut doc = base();
    doc["funding"][0]["until"] = json!("2026-01-01");
    assert_eq!(audit_on(&doc).count(FindingKind::UnfundedService), 1);
    assert_eq!(
        audit_with(&doc, AuditOptions::new()).count(FindingKind::UnfundedService),
        0
    );
}

#[test]
fn funding_without_approver() {
    let mut doc = base();
    doc["funding"][0]["approved_by"] = json!([]);
    doc["funding"][0]["from"] = json!("2020-01-01");
    let audit = audit_on(&doc);
    assert_eq!(kinds(&audit), [FindingKind::FundingWithoutApprover]);
    let f = &of_kind(&audit, FindingKind::FundingWithoutApprover)[0];
    assert_eq!(f.id, "app");
    assert_eq!(ids(f, Involvement::Payer), ["biz"]);
    let link = f.link.as_ref().expect("the funding link is the evidence");
    assert_eq!(link.kind, EvidenceLinkKind::Funding);
    assert_eq!((link.source.as_str(), link.target.as_str()), ("biz", "app"));
    assert_eq!(link.from, Some(Date::constant(2020, 1, 1)));
    assert_eq!(link.until, None);
}

#[test]
fn approvers_gone() {
    let mut doc = base();
    // Bob left biz for another company.
    doc["memberships"][1]["until"] = json!("2026-01-01");
    push(&mut doc, "organisations", json!({"id": "rival"}));
    push(
        &mut doc,
        "memberships",
        json!({"individual": "bob", "organisation": "rival", "from": "2026-01-01"}),
    );
    let audit = audit_on(&doc);
    assert_eq!(kinds(&audit), [FindingKind::ApproversGone], "{audit}");
    let f = &of_kind(&audit, FindingKind::ApproversGone)[0];
    assert_eq!(f.id, "app");
    assert_eq!(ids(f, Involvement::Payer), ["biz"]);
    assert_eq!(ids(f, Involvement::Approver), ["bob"]);
    assert_eq!(f.link.as_ref().unwrap().approved_by, ["bob"]);

    // Moving within the company is no leaving: alice in `it` approves
    // biz's payment.
    let mut doc = base();
    doc["funding"][0]["approved_by"] = json!(["alice"]);
    assert!(audit_on(&doc).is_clean());

    // One approver still there is enough.
    let mut doc = base();
    push(&mut doc, "organisations", json!({"id": "rival"}));
    push(&mut doc, "individuals", json!({"id": "carl"}));
    push(
        &mut doc,
        "memberships",
        json!({"individual": "carl", "organisation": "rival"}),
    );
    doc["funding"][0]["approved_by"] = json!(["carl", "bob"]);
    assert_eq!(audit_on(&doc).count(FindingKind::ApproversGone), 0);
}

#[test]
fn an_individual_payer_approving_their_own_payment_is_never_gone() {
    let mut doc = base();
    push(&mut doc, "individuals", json!({"id": "carol"}));
    push(
        &mut doc,
        "funding",
        json!({"payer": "carol", "service": "app", "payment": "cash", "approved_by": ["carol"]}),
    );
    let audit = audit_on(&doc);
    assert_eq!(audit.count(FindingKind::ApproversGone), 0);
    // But she belongs to no organisation.
    assert_eq!(kinds(&audit), [FindingKind::SponsorWithoutOrganisation]);

    // An individual payer in a company: an approver outside it is gone.
    let mut doc = base();
    push(&mut doc, "organisations", json!({"id": "rival"}));
    push(&mut doc, "individuals", json!({"id": "carol"}));
    push(
        &mut doc,
        "memberships",
        json!({"individual": "carol", "organisation": "rival"}),
    );
    push(
        &mut doc,
        "funding",
        json!({"payer": "carol", "service": "app", "payment": "cash", "approved_by": ["bob"]}),
    );
    let gone = of_kind(&audit_on(&doc), FindingKind::ApproversGone);
    assert_eq!(gone.len(), 1);
    assert_eq!(ids(&gone[0], Involvement::Payer), ["carol"]);
}

#[test]
fn sponsor_without_organisation() {
    let mut doc = base();
    doc["memberships"][1]["until"] = json!("2026-01-01");
    let audit = audit_on(&doc);
    let found = of_kind(&audit, FindingKind::SponsorWithoutOrganisation);
    assert_eq!(found.len(), 1, "{audit}");
    assert_eq!(found[0].id, "bob");
    assert_eq!(ids(&found[0], Involvement::Payer), ["biz"]);
    assert_eq!(ids(&found[0], Involvement::Service), ["app"]);
    // Bob belongs to no company now: he has left biz's too.
    assert_eq!(audit.count(FindingKind::ApproversGone), 1);
    // Before he left, all was well.
    assert!(
        audit_with(&doc, AuditOptions::new().as_of(Date::constant(2025, 6, 1))).is_clean(),
        "{audit}"
    );
}

#[test]
fn consumers_without_payer_are_counted_per_service_and_company() {
    let mut doc = base();
    // The whole company uses the app, but only biz pays: its people
    // have nobody near paying.
    push(&mut doc, "usage", json!({"user": "corp", "service": "app"}));
    for i in 0..7 {
        let id = format!("dev-{i}");
        push(&mut doc, "individuals", json!({"id": id}));
        push(
            &mut doc,
            "memberships",
            json!({"individual": id, "organisation": "it"}),
        );
    }
    // And a visitor with no organisation.
    push(&mut doc, "individuals", json!({"id": "visitor"}));
    push(
        &mut doc,
        "usage",
        json!({"user": "visitor", "service": "app"}),
    );
    let audit = audit_on(&doc);
    assert_eq!(kinds(&audit), [FindingKind::ConsumersWithoutPayer]);
    let found = of_kind(&audit, FindingKind::ConsumersWithoutPayer);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].id, "app");
    assert_eq!(ids(&found[0], Involvement::Company), ["corp"]);
    assert_eq!(found[0].count, Some(8)); // alice and 7 developers; not bob
    assert_eq!(
        ids(&found[0], Involvement::Example),
        ["alice", "dev-0", "dev-1", "dev-2", "dev-3"]
    );
    assert_eq!(found[0].involved.len(), 1 + svcrel::AUDIT_EXAMPLES);
    assert_eq!(ids(&found[1], Involvement::Company), ["visitor"]);
    assert_eq!(found[1].count, Some(1));
}

#[test]
fn ending_soon() {
    let mut doc = base();
    doc["funding"][0]["until"] = json!("2026-06-20");
    doc["usage"][0]["until"] = json!("2026-09-01");
    push(&mut doc, "individuals", json!({"id": "cfo"}));
    push(
        &mut doc,
        "memberships",
        json!({"individual": "cfo", "organisation": "corp"}),
    );
    push(
        &mut doc,
        "oversight",
        json!({"overseer": "cfo", "organisation": "it", "until": "2026-06-02"}),
    );
    let audit = audit_on(&doc);
    assert_eq!(kinds(&audit), [FindingKind::EndingSoon], "{audit}");
    let found = of_kind(&audit, FindingKind::EndingSoon);
    let rows: Vec<(&str, EvidenceLinkKind, Option<u32>)> = found
        .iter()
        .map(|f| (f.id.as_str(), f.link.as_ref().unwrap().kind, f.days_left))
        .collect();
    assert_eq!(
        rows,
        [
            ("app", EvidenceLinkKind::Funding, Some(19)),
            ("it", EvidenceLinkKind::Oversight, Some(1)),
        ]
    );
    assert_eq!(ids(&found[1], Involvement::Overseer), ["cfo"]);
    assert_eq!(
        found[0].link.as_ref().unwrap().until,
        Some(Date::constant(2026, 6, 20))
    );
    // Further ahead, the usage link too; nearer, only the oversight.
    let wide = audit_with(&doc, AuditOptions::new().as_of(ON).within_days(92));
    assert_eq!(wide.count(FindingKind::EndingSoon), 3);
    let narrow = audit_with(&doc, AuditOptions::new().as_of(ON).within_days(1));
    assert_eq!(narrow.count(FindingKind::EndingSoon), 1);
    // Without a date nothing ends.
    assert_eq!(
        audit_with(&doc, AuditOptions::new()).count(FindingKind::EndingSoon),
        0
    );
}

#[test]
fn empty_organisation() {
    let mut doc = base();
    push(
        &mut doc,
        "organisations",
        json!({"id": "ghost-team", "parent": "corp"}),
    );
    push(&mut doc, "organisations", json!({"id": "lonely"}));
    push(&mut doc, "organisations", json!({"id": "friendly"}));
    push(
        &mut doc,
        "partnerships",
        json!({"parties": ["friendly", "corp"]}),
    );
    // A team whose last member left.
    push(
        &mut doc,
        "organisations",
        json!({"id": "old-team", "parent": "it"}),
    );
    push(&mut doc, "individuals", json!({"id": "dave"}));
    push(
        &mut doc,
        "memberships",
        json!({"individual": "dave", "organisation": "old-team", "until": "2026-01-01"}),
    );
    let audit = audit_on(&doc);
    assert_eq!(kinds(&audit), [FindingKind::EmptyOrganisation], "{audit}");
    let found = of_kind(&audit, FindingKind::EmptyOrganisation);
    let rows: Vec<(&str, Vec<&str>)> = found
        .iter()
        .map(|f| (f.id.as_str(), ids(f, Involvement::Parent)))
        .collect();
    assert_eq!(
        rows,
        [
            ("ghost-team", vec!["corp"]),
            ("lonely", vec![]),
            ("old-team", vec!["it"]),
        ]
    );
}

#[test]
fn provider_without_members() {
    let mut doc = base();
    push(&mut doc, "organisations", json!({"id": "vendor"}));
    push(
        &mut doc,
        "organisations",
        json!({"id": "vendor-ops", "parent": "vendor"}),
    );
    push(
        &mut doc,
        "services",
        json!({"id": "tool", "provider": "vendor"}),
    );
    push(
        &mut doc,
        "services",
        json!({"id": "tool-2", "provider": "vendor"}),
    );
    push(
        &mut doc,
        "funding",
        json!({"payer": "biz", "service": "tool", "payment": "cash", "approved_by": ["bob"]}),
    );
    push(
        &mut doc,
        "funding",
        json!({"payer": "biz", "service": "tool-2", "payment": "cash", "approved_by": ["bob"]}),
    );
    let audit = audit_on(&doc);
    let found = of_kind(&audit, FindingKind::ProviderWithoutMembers);
    assert_eq!(found.len(), 1, "{audit}");
    assert_eq!(found[0].id, "vendor");
    assert_eq!(ids(&found[0], Involvement::Service), ["tool", "tool-2"]);
    // vendor-ops is empty too.
    assert_eq!(
        kinds(&audit),
        [
            FindingKind::EmptyOrganisation,
            FindingKind::ProviderWithoutMembers
        ]
    );

    // A member below the provider is enough.
    push(&mut doc, "individuals", json!({"id": "erin"}));
    push(
        &mut doc,
        "memberships",
        json!({"individual": "erin", "organisation": "vendor-ops"}),
    );
    assert!(audit_on(&doc).is_clean(), "{}", audit_on(&doc));
}

/// The sample as of the command line's "today" has exactly these kinds:
/// no approvals have gone, every sponsor belongs somewhere, and nothing
/// ends within 30 days.
#[test]
fn the_sample_has_exactly_these_findings() {
    let model = Model::from_json_str(util::SAMPLE).unwrap();
    let audit = model.audit(&AuditOptions::new().as_of(Date::constant(2026, 12, 4)));
    let counts: Vec<(FindingKind, usize)> =
        audit.counts().iter().map(|c| (c.kind, c.count)).collect();
    assert_eq!(
        counts,
        [
            (FindingKind::UnfundedService, 4),
            (FindingKind::FundingWithoutApprover, 2),
            (FindingKind::ApproversGone, 0),
            (FindingKind::SponsorWithoutOrganisation, 0),
            (FindingKind::ConsumersWithoutPayer, 5),
            (FindingKind::EndingSoon, 0),
            (FindingKind::EmptyOrganisation, 2),
            (FindingKind::ProviderWithoutMembers, 1),
        ]
    );
    let unfunded: Vec<&str> = audit
        .of_kind(FindingKind::UnfundedService)
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(
        unfunded,
        ["ci-pipeline", "directory", "school-laptops", "sso"]
    );
    let empty: Vec<&str> = audit
        .of_kind(FindingKind::EmptyOrganisation)
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(empty, ["acme-mailroom", "united-airlines"]);
    // The order is by kind, then id.
    let keys: Vec<(FindingKind, &str)> = audit
        .findings()
        .iter()
        .map(|f| (f.kind, f.id.as_str()))
        .collect();
    assert!(keys.is_sorted());
}

#[test]
fn findings_serialise_with_snake_case_kinds() {
    let model = Model::from_json_str(util::SAMPLE).unwrap();
    let audit = model.audit(&AuditOptions::new());
    let value = serde_json::to_value(&audit).unwrap();
    assert_eq!(value["as_of"], "any");
    assert_eq!(value["within_days"], 30);
    assert_eq!(value["counts"][0]["kind"], "unfunded_service");
    let kinds: Vec<String> = FindingKind::ALL.iter().map(|k| k.to_string()).collect();
    for finding in value["findings"].as_array().unwrap() {
        assert!(kinds.contains(&finding["kind"].as_str().unwrap().to_owned()));
    }
}

#[cfg(feature = "cli")]
mod cli {
    use super::*;
    use util::TempFile;
    use util::cli::{answered, assert_usage_error_naming, on_sample, stderr, stdout, svcrel};

    #[test]
    fn text_starts_with_the_counts_and_limits_each_kind() {
        let text = answered(&on_sample(&["audit", "--limit", "1"]));
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("audit as of 2026-12-04 (ending within 30 days):")
        );
        assert_eq!(lines.next(), Some("  unfunded_service              4"));
        assert!(text.contains("unfunded_service: ci-pipeline: nobody pays for it"));
        assert!(text.contains("… and 3 more unfunded_service findings not listed"));
        assert!(!text.contains("unfunded_service: directory"));
    }

    #[test]
    fn json_is_the_librarys_value() {
        let output = on_sample(&["audit", "--json", "--within", "45"]);
        let value: Value = serde_json::from_str(&answered(&output)).expect("one JSON object");
        let model = Model::from_json_str(util::SAMPLE).unwrap();
        let expected = model.audit(
            &AuditOptions::new()
                .as_of(Date::constant(2026, 12, 4))
                .within_days(45),
        );
        assert_eq!(value, serde_json::to_value(&expected).unwrap());
    }

    #[test]
    fn fail_on_a_kind_found_exits_1() {
        let output = on_sample(&[
            "audit",
            "--fail-on",
            "approvers_gone",
            "--fail-on",
            "unfunded_service",
        ]);
        assert_eq!(output.status.code(), Some(1));
        assert!(stdout(&output).starts_with("audit as of"));
        assert_eq!(stderr(&output), "audit failed: found unfunded_service\n");

        let output = on_sample(&["audit", "--fail-on", "approvers_gone", "--json"]);
        assert_eq!(output.status.code(), Some(0));
        // Findings alone are no failure.
        assert_eq!(on_sample(&["audit"]).status.code(), Some(0));
    }

    #[test]
    fn usage_errors_exit_2() {
        let output = on_sample(&["audit", "--fail-on", "unfunded"]);
        let mut parts = vec!["--fail-on", "unfunded"];
        parts.extend(FindingKind::ALL.iter().map(|k| k.name()));
        assert_usage_error_naming(&output, &parts);
        assert_usage_error_naming(&on_sample(&["audit", "--within", "-3"]), &["--within"]);
        assert_usage_error_naming(
            &on_sample(&["audit", "--as-of", "2026-13-01"]),
            &["--as-of"],
        );
    }

    #[test]
    fn an_invalid_model_exits_1() {
        let file = TempFile::new(
            "bad",
            r#"{"version": 1, "usage": [{"user": "x", "service": "y"}]}"#,
        );
        let output = svcrel(&["audit", "--model", file.path()], None);
        assert_eq!(output.status.code(), Some(1));
        assert_eq!(stdout(&output), "");
    }

    #[test]
    fn ids_from_the_file_are_printable() {
        let doc = json!({
            "version": 1,
            "organisations": [{"id": "o"}],
            "services": [{"id": "evil\u{1b}[2Japp", "provider": "o"}]
        });
        let file = TempFile::new("escape", &doc.to_string());
        let text = answered(&svcrel(
            &["audit", "--model", file.path(), "--as-of", "any"],
            None,
        ));
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.contains(r"evil\u{1b}[2Japp"), "{text}");
    }

    #[test]
    fn the_readme_shows_the_samples_audit() {
        let readme = include_str!("../README.md");
        let command =
            "$ SVCREL_TODAY=2026-12-04 svcrel audit --model examples/data/sample.json --limit 3\n";
        let start = readme.find(command).expect("the README runs the audit") + command.len();
        let shown = &readme[start..start + readme[start..].find("```").unwrap()];
        // SVCREL_TODAY is 2026-12-04 in the tests, as in the README.
        assert_eq!(answered(&on_sample(&["audit", "--limit", "3"])), shown);
    }
}
