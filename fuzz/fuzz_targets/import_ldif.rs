//! Any bytes as the LDIF files of an LDAP or Active Directory export, in
//! the order below (cut at NUL bytes).

#![no_main]

mod importing;

use libfuzzer_sys::fuzz_target;
use svcrel::ImportFormat;

const FILES: [&str; 2] = ["a.ldif", "b.ldif"];

fuzz_target!(|data: &[u8]| {
    importing::import(ImportFormat::Ldif, &FILES, data);
});
