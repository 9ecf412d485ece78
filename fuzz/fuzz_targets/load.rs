//! Any bytes at all, read as a model document every way there is.
//!
//! Reading never panics; a document that reads is written back byte for
//! byte the same after a second trip; the document and model readers
//! agree; every problem is one line naming where it is.

#![no_main]

use libfuzzer_sys::fuzz_target;
use svcrel::{Document, Error, ErrorKind, Model, ProblemKind, Section};

fuzz_target!(|data: &[u8]| {
    let doc = Document::from_json_slice(data);
    let model = Model::from_json_slice(data);
    match (&doc, &model) {
        (Ok(doc), Ok(model)) => {
            assert!(doc.validate().is_ok());
            assert_eq!(&model.to_document(), doc);
            saves_and_loads_the_same(doc);
        }
        (Ok(doc), Err(err)) => {
            // The shape is sound; the rules are not.
            check_error(err);
            let rules = doc.validate().expect_err("the model reader saw a problem");
            assert_eq!(rules.problems(), err.problems());
            assert!(Model::from_document(doc).is_err());
            // An invalid document still survives a save and a load.
            saves_and_loads_the_same(doc);
        }
        (Err(err), Ok(_)) => panic!("the model reads what the document reader refuses: {err}"),
        (Err(shape), Err(err)) => {
            check_error(shape);
            check_error(err);
            // The model reader reports every shape problem too.
            for p in shape.problems() {
                assert!(err.problems().contains(p), "{p} is not among {err}");
            }
        }
    }
    // Well-formed JSON is never called malformed.
    let well_formed = serde_json::from_slice::<serde_json::Value>(data).is_ok();
    if let (Err(err), true) = (&model, well_formed) {
        for p in err.problems() {
            assert_ne!(p.kind(), ProblemKind::Syntax, "{p}");
        }
    }
});

fn saves_and_loads_the_same(doc: &Document) {
    let text = doc.to_json_string();
    let again = Document::from_json_str(&text).expect("a saved document reads");
    assert_eq!(&again, doc);
    assert_eq!(again.to_json_string(), text);
}

fn check_error(err: &Error) {
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(!err.problems().is_empty());
    assert!(!err.to_string().is_empty());
    for p in err.problems() {
        let line = p.to_string();
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
        assert!(!p.message().is_empty());
        if p.index().is_some() {
            assert!(!matches!(p.section(), Section::Document | Section::Version));
        }
        if p.kind() == ProblemKind::Syntax {
            assert!(p.line_column().is_some());
        }
    }
}
