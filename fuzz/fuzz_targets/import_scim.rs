//! Any bytes as the JSON files of a SCIM export, in the order below (cut
//! at NUL bytes).

#![no_main]

mod importing;

use libfuzzer_sys::fuzz_target;
use svcrel::ImportFormat;

const FILES: [&str; 3] = ["users.json", "groups.json", "more.json"];

fuzz_target!(|data: &[u8]| {
    importing::import(ImportFormat::Scim, &FILES, data);
});
