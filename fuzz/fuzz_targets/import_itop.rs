//! Any bytes as up to three iTop XML data-set files (cut at NUL bytes).

#![no_main]

mod importing;

use libfuzzer_sys::fuzz_target;
use svcrel::ImportFormat;

fuzz_target!(|data: &[u8]| {
    importing::import(ImportFormat::Itop, &["a.xml", "b.xml", "c.xml"], data);
});
