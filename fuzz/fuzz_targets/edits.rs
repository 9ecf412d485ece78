//! Any bytes, read as a batch of edits and applied to the sample model.
//!
//! Reading and applying never panic; a refused batch leaves the model as
//! it was; an accepted one leaves a model whose document is valid and
//! loads back into a model that answers alike; and the diff between the
//! sample and the edited model, as edits, turns the sample into a model
//! with the same document (but for the order of items).

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use svcrel::{Diff, Document, Edit, Model, Query};

fn sample() -> &'static Model {
    static SAMPLE: OnceLock<Model> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        Model::from_json_str(include_str!("../../examples/data/sample.json"))
            .expect("the sample is valid")
    })
}

/// Each section of a document as sorted JSON texts, with the policy.
fn sorted(doc: &Document) -> Vec<Vec<String>> {
    let value = serde_json::to_value(doc).expect("a document is JSON");
    let mut sections = vec![vec![format!("{:?}", doc.email_policy)]];
    if let Some(object) = value.as_object() {
        for (key, items) in object {
            let mut items: Vec<String> = items
                .as_array()
                .map(|a| a.iter().map(ToString::to_string).collect())
                .unwrap_or_else(|| vec![format!("{key}: {items}")]);
            items.sort();
            sections.push(items);
        }
    }
    sections
}

fuzz_target!(|data: &[u8]| {
    let Ok(edits) = serde_json::from_slice::<Vec<Edit>>(data) else {
        return;
    };
    let before = sample();
    let mut model = before.clone();
    match model.apply(&edits) {
        Err(err) => {
            assert!(!err.problems().is_empty(), "a refused batch says why");
            assert_eq!(model.to_document(), before.to_document());
        }
        Ok(_) => {
            let doc = model.to_document();
            let reloaded = Model::from_document(&doc).expect("an edited model writes a valid document");
            let q = Query::new();
            for party in ["mary", "dana", "teacher-ann"] {
                for service in ["acme-email", "expense-app", "desktop-support"] {
                    let ours = model.relation(party, service, &q).map(|r| r.roles().to_vec());
                    let theirs = reloaded.relation(party, service, &q).map(|r| r.roles().to_vec());
                    assert_eq!(ours.is_ok(), theirs.is_ok());
                    if let (Ok(a), Ok(b)) = (ours, theirs) {
                        assert_eq!(a, b, "{party} and {service}");
                    }
                }
            }
            let diff = Diff::between(before, &model);
            let mut again = before.clone();
            again
                .apply(&diff.edits())
                .unwrap_or_else(|e| panic!("the diff's edits apply to the sample: {e}"));
            assert_eq!(sorted(&again.to_document()), sorted(&doc));
        }
    }
});
