//! What the importer targets share: the input cut into files, and
//! the checks every import must pass.
//!
//! Whatever the bytes, an import returns a document or an error and never
//! panics. A document that comes out passes validation, builds a model,
//! and is written back byte for byte the same after a second trip. An
//! error is an import error whose every problem is one line.

use svcrel::{Document, ErrorKind, ImportFormat, ImportOptions, MissingReferences, Model};

/// Cuts `data` into at most `names.len()` files at NUL bytes, named in
/// order, and imports them as `format`. Bytes that are not UTF-8 are
/// replaced (the file reader's own handling of them is covered by the
/// tests).
pub fn import(format: ImportFormat, names: &[&str], data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let files: Vec<(&str, &str)> = names.iter().copied().zip(text.split('\0')).collect();
    // As given, and leaving out what needs a missing record: the second
    // makes documents of what the first refuses, and must keep them valid.
    let lenient = ImportOptions::new().missing_references(MissingReferences::Skip);
    for options in [ImportOptions::new(), lenient] {
        check(format.import_strs_with(&files, &options));
    }
}

/// The checks every import must pass, whatever the bytes.
fn check(result: Result<svcrel::Import, svcrel::Error>) {
    match result {
        Ok(import) => {
            let doc = import.document();
            if let Err(err) = doc.validate() {
                panic!("an import made an invalid document: {err}");
            }
            assert!(Model::from_document(doc).is_ok());
            let text = doc.to_json_string();
            let again = Document::from_json_str(&text).expect("a saved import reads");
            assert_eq!(&again, doc);
            assert_eq!(again.to_json_string(), text);
            for skipped in import.skipped().iter().chain(import.left_out()) {
                assert!(!skipped.to_string().contains(['\n', '\r']), "{skipped}");
            }
        }
        Err(err) => {
            assert_eq!(err.kind(), ErrorKind::Import, "{err}");
            assert!(!err.import_problems().is_empty());
            for problem in err.import_problems() {
                let line = problem.to_string();
                assert!(!line.contains(['\n', '\r']), "{line:?}");
                assert!(
                    !line.chars().any(|c| c == '\u{202e}' || c == '\u{2028}'),
                    "{line:?}"
                );
            }
        }
    }
}
