//! Query speed on the bundled sample and on a synthetic company.
//!
//! `cargo bench -p svcrel-perf --bench queries`

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use svcrel::{
    Dependency, Document, Funding, Individual, Membership, Model, Organisation, Payment, Query,
    Reporting, Service, Usage,
};

/// A company of `people` individuals: departments of ten teams, ten
/// people a team, each reporting to the team's first member; one service
/// per team, each depending on the previous one, used by its team and
/// funded by its department.
fn company(people: usize) -> Document {
    let mut doc = Document::default();
    doc.organisations.push(Organisation::new("corp"));
    let teams = people.div_ceil(10);
    for t in 0..teams {
        let dept = format!("dept-{}", t / 10);
        if t % 10 == 0 {
            doc.organisations.push(Organisation {
                parent: Some("corp".into()),
                ..Organisation::new(dept.as_str())
            });
        }
        let team = format!("team-{t}");
        doc.organisations.push(Organisation {
            parent: Some(dept.as_str().into()),
            ..Organisation::new(team.as_str())
        });
        let service = format!("svc-{t}");
        doc.services
            .push(Service::new(service.as_str(), team.as_str()));
        doc.usage.push(Usage::new(team.as_str(), service.as_str()));
        doc.funding.push(Funding {
            approved_by: vec![format!("p-{}", t * 10).into()],
            ..Funding::new(dept.as_str(), service.as_str(), Payment::Chargeback)
        });
        if t > 0 {
            doc.dependencies
                .push(Dependency::new(service.as_str(), format!("svc-{}", t - 1)));
        }
        for p in t * 10..(t * 10 + 10).min(people) {
            let id = format!("p-{p}");
            doc.individuals.push(Individual::new(id.as_str()));
            doc.memberships
                .push(Membership::new(id.as_str(), team.as_str()));
            if p != t * 10 {
                doc.reporting
                    .push(Reporting::new(id.as_str(), format!("p-{}", t * 10)));
            } else if t > 0 {
                doc.reporting.push(Reporting::new(id.as_str(), "p-0"));
            }
        }
    }
    doc
}

fn sample(c: &mut Criterion) {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data/sample.json");
    let model = Model::from_json_file(sample).expect("the sample is valid");
    let q = Query::new();
    c.bench_function("sample/relation", |b| {
        b.iter(|| model.relation(black_box("mary"), black_box("acme-email"), &q))
    });
    // The same roles with each one's evidence, as triage and the protocol
    // give them.
    c.bench_function("sample/explain", |b| {
        b.iter(|| model.explain(black_box("mary"), black_box("acme-email"), &q))
    });
    c.bench_function("sample/customers_of k=5", |b| {
        b.iter(|| {
            model
                .customers_of(black_box("expense-app"), &Query::new().max_chain(5))
                .map(|c| c.len())
        })
    });
    c.bench_function("sample/consumers_of", |b| {
        b.iter(|| {
            model
                .consumers_of(black_box("desktop-support"), &q)
                .map(|c| c.len())
        })
    });
}

fn synthetic(c: &mut Criterion) {
    let doc = company(10_000);
    let json = doc.to_json_string();
    c.bench_function("10k people/load", |b| {
        b.iter(|| Model::from_json_str(black_box(&json)).map(|m| m.counts()))
    });
    let model = Model::from_document(&doc).expect("the synthetic company is valid");
    let q = Query::new();
    c.bench_function("10k people/relation", |b| {
        b.iter(|| model.relation(black_box("p-5005"), black_box("svc-3"), &q))
    });
    c.bench_function("10k people/explain", |b| {
        b.iter(|| model.explain(black_box("p-5005"), black_box("svc-3"), &q))
    });
    c.bench_function("10k people/customers_of k=3", |b| {
        b.iter(|| {
            model
                .customers_of(black_box("svc-500"), &Query::new().max_chain(3))
                .map(|c| c.len())
        })
    });
    c.bench_function("10k people/consumers_of deep", |b| {
        b.iter(|| {
            model
                .consumers_of(black_box("svc-900"), &q)
                .map(|c| c.len())
        })
    });
}

criterion_group!(benches, sample, synthetic);
criterion_main!(benches);
