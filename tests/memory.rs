//! Memory on the error path: a document refused for one late problem
//! costs about what the same document costs when it is valid.
//!
//! The counting allocator counts every thread of this test binary, so it
//! holds one test: a second, run in parallel, would be counted too.

#[path = "support/alloc.rs"]
mod alloc;

use svcrel::{Model, ProblemKind, Synthetic};

#[global_allocator]
static COUNTING: alloc::Counting = alloc::Counting;

/// The most memory loading `json` takes, and the problems it finds.
fn load_peak(json: &str) -> (usize, Vec<ProblemKind>) {
    let (peak, result) = alloc::peak(|| Model::from_json_str(json));
    let kinds = match result {
        Ok(_) => Vec::new(),
        Err(err) => err.problems().iter().map(|p| p.kind()).collect(),
    };
    (peak, kinds)
}

#[test]
fn one_unknown_field_at_the_end_costs_about_what_a_valid_document_does() {
    let valid = Synthetic::new(40_000).seed(3).document().to_json_string();
    let body = valid.trim_end().strip_suffix('}').expect("an object");
    // An unknown key after every list, and an unknown field in the last
    // item of the last list: the typed pass fails only at the very end.
    let at_top = format!(r#"{body}, "zzz": 1}}"#);
    let last_item = valid.rfind('}').and_then(|end| valid[..end].rfind('}'));
    let in_item = last_item.map(|at| format!(r#"{}, "zzz": 1{}"#, &valid[..at], &valid[at..]));
    let in_item = in_item.expect("the document has an item");

    let (fine, kinds) = load_peak(&valid);
    assert!(kinds.is_empty(), "{kinds:?}");
    for bad in [at_top, in_item] {
        let (refused, kinds) = load_peak(&bad);
        assert_eq!(kinds, [ProblemKind::UnknownField]);
        let ratio = refused as f64 / fine as f64;
        eprintln!("valid: {fine} bytes at most; refused: {refused} ({ratio:.2}×)");
        assert!(
            ratio <= 1.5,
            "refusing took {refused} bytes at most, loading {fine}: {ratio:.2}×"
        );
    }
}
