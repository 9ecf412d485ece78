//! Any bytes as the CSV files of an HR export, in the order below (cut at
//! NUL bytes).

#![no_main]

mod importing;

use libfuzzer_sys::fuzz_target;
use svcrel::ImportFormat;

const FILES: [&str; 5] = [
    "organisations.csv",
    "people.csv",
    "services.csv",
    "funding.csv",
    "usage.csv",
];

fuzz_target!(|data: &[u8]| {
    importing::import(ImportFormat::Csv, &FILES, data);
});
