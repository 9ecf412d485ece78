//! Any bytes as up to three Backstage catalog YAML files (cut at NUL
//! bytes).

#![no_main]

mod importing;

use libfuzzer_sys::fuzz_target;
use svcrel::ImportFormat;

fuzz_target!(|data: &[u8]| {
    importing::import(
        ImportFormat::Backstage,
        &["a.yaml", "b.yaml", "c.yaml"],
        data,
    );
});
