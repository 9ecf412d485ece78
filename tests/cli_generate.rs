//! `svcrel generate`: a valid, deterministic synthetic enterprise on
//! stdout, the same document the library's `Synthetic` builds.

#![cfg(feature = "cli")]

mod util;

use std::process::{Command, Stdio};

use util::cli::{stderr, stdout, svcrel, svcrel_bytes};

fn generate(args: &[&str]) -> Vec<u8> {
    let out = svcrel(args, None);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert_eq!(stderr(&out), "");
    out.stdout
}

#[test]
fn the_document_passes_check() {
    let doc = generate(&["generate", "--people", "2000", "--seed", "7"]);
    let check = svcrel_bytes(&["check", "--model", "-"], Some(&doc));
    let stdout = stdout(&check);
    assert_eq!(check.status.code(), Some(0), "stderr: {}", stderr(&check));
    assert!(stdout.starts_with("ok: "), "{stdout}");
    // 2000 people and the buyers of the outside companies.
    assert!(stdout.contains(" 2002 individuals"), "{stdout}");
}

#[test]
fn the_same_seed_gives_the_same_document() {
    let args = ["generate", "--people", "1500", "--seed", "42"];
    let first = generate(&args);
    assert_eq!(first, generate(&args));
    let other = generate(&["generate", "--people", "1500", "--seed", "43"]);
    assert_ne!(first, other);
}

#[test]
fn it_prints_what_the_library_generates() {
    let doc = generate(&["generate", "--people", "300", "--seed", "5"]);
    let expected = svcrel::Synthetic::new(300).seed(5).document();
    assert_eq!(
        String::from_utf8(doc).expect("UTF-8"),
        expected.to_json_string()
    );
    // Without --seed, the library's default seed, 0.
    let doc = generate(&["generate", "--people", "300"]);
    let expected = svcrel::Synthetic::new(300).document();
    assert_eq!(
        String::from_utf8(doc).expect("UTF-8"),
        expected.to_json_string()
    );
}

#[test]
fn people_must_be_a_positive_number() {
    for args in [
        &["generate"][..],
        &["generate", "--people", "0"],
        &["generate", "--people", "-5"],
        &["generate", "--people", "many"],
        &["generate", "--people", "10", "--seed", "x"],
    ] {
        let out = svcrel(args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_svcrel"))
        .args(["generate", "--people", "20000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the svcrel program runs");
    // Read nothing and hang up, as `svcrel generate … | head -c 0` does.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("the svcrel program ends");
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
}
