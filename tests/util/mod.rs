//! Helpers shared by the integration tests: the sample document, files
//! in the temporary directory, running the `svcrel` program, the results
//! of an import, documents written out as JSON text, and timing an input
//! at two sizes.
//!
//! A test file uses them with `mod util;` and `use util::...`. Each file
//! under `tests/` is a crate of its own that compiles this module again,
//! and none uses every helper; hence the `allow(dead_code)` below, as the
//! semver crate does in its `tests/util/mod.rs`.

#![allow(dead_code)]

pub mod random;

/// A document's links, section by section, in document order.
pub fn links(doc: &svcrel::Document) -> Vec<svcrel::Link> {
    let mut out: Vec<svcrel::Link> = Vec::new();
    out.extend(doc.memberships.iter().cloned().map(svcrel::Link::from));
    out.extend(doc.reporting.iter().cloned().map(svcrel::Link::from));
    out.extend(doc.funding.iter().cloned().map(svcrel::Link::from));
    out.extend(doc.usage.iter().cloned().map(svcrel::Link::from));
    out.extend(doc.dependencies.iter().cloned().map(svcrel::Link::from));
    out.extend(doc.oversight.iter().cloned().map(svcrel::Link::from));
    out.extend(doc.partnerships.iter().cloned().map(svcrel::Link::from));
    out
}

/// Puts `link` at the end of its section of `doc`.
pub fn push_link(doc: &mut svcrel::Document, link: svcrel::Link) {
    use svcrel::Link;
    match link {
        Link::Membership(l) => doc.memberships.push(l),
        Link::Reporting(l) => doc.reporting.push(l),
        Link::Funding(l) => doc.funding.push(l),
        Link::Usage(l) => doc.usage.push(l),
        Link::Dependency(l) => doc.dependencies.push(l),
        Link::Oversight(l) => doc.oversight.push(l),
        Link::Partnership(l) => doc.partnerships.push(l),
    }
}

/// Whether `program` runs (`program arg` succeeds), for a test that needs
/// a program of its own (`what`, installed by the Debian `package`).
/// Under CI (`CI=true`) a missing one fails the test: `.ci/run` installs
/// it. Elsewhere the test is skipped, with a note.
pub fn program_present(test: &str, program: &std::path::Path, arg: &str, package: &str) -> bool {
    let found = std::process::Command::new(program)
        .arg(arg)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        let under_ci = std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true"));
        let program = program.display();
        assert!(
            !under_ci,
            "{test}: `{program}` is missing under CI; install {package} (.ci/run does with apt-get)"
        );
        eprintln!("note: {test} skipped: `{program}` is not installed ({package})");
    }
    found
}

use std::fmt::Write;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------
// The sample
// ---------------------------------------------------------------------

/// The text of the sample model, `examples/data/sample.json`.
pub const SAMPLE: &str = include_str!("../../examples/data/sample.json");

/// The path of the sample model, for `--model` and for the readers that
/// take a file.
pub const SAMPLE_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/sample.json");

// ---------------------------------------------------------------------
// Temporary files
// ---------------------------------------------------------------------

/// A file in the system's temporary directory, removed when dropped.
///
/// Its name holds the test crate, the process and a counter, so that
/// tests running at once never share a file.
pub struct TempFile(PathBuf);

impl TempFile {
    /// A file named after `name` that holds `contents`.
    pub fn new(name: &str, contents: &str) -> TempFile {
        let file = TempFile::unwritten(name);
        std::fs::write(&file.0, contents).expect("the temporary file is written");
        file
    }

    /// A path named after `name` where no file is yet: for a test to
    /// write, or to name a file that is missing.
    pub fn unwritten(name: &str) -> TempFile {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        TempFile(std::env::temp_dir().join(format!(
            "svcrel-{}-{}-{n}-{name}.json",
            env!("CARGO_CRATE_NAME"),
            std::process::id()
        )))
    }

    /// The file's path, as the text a command line takes.
    pub fn path(&self) -> &str {
        self.0.to_str().expect("the temporary path is UTF-8")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

// ---------------------------------------------------------------------
// Running the program
// ---------------------------------------------------------------------

/// The `svcrel` program, built only with the `cli` feature.
#[cfg(feature = "cli")]
pub mod cli {
    use std::io::Write;
    use std::process::{Command, Output, Stdio};

    use serde_json::Value;

    /// The day every run of the program takes for "today"
    /// (`SVCREL_TODAY`), unless a test sets another: no test depends on
    /// the clock.
    pub const TODAY: &str = "2026-12-04";

    /// Runs the program with `args`, feeding `stdin` (or nothing) to it,
    /// and returns its status and everything it printed. "Today" is
    /// [`TODAY`], and `SVCREL_MODEL` is not set.
    pub fn svcrel(args: &[&str], stdin: Option<&str>) -> Output {
        svcrel_bytes(args, stdin.map(str::as_bytes))
    }

    /// [`svcrel`] with bytes on stdin: text that is not UTF-8, or what
    /// another run of the program printed.
    ///
    /// A program that stops early (a usage error, an invalid model) may
    /// close its stdin before reading it: that is no failure of the test,
    /// which goes on to check what the program said.
    pub fn svcrel_bytes(args: &[&str], stdin: Option<&[u8]>) -> Output {
        svcrel_in(&[], args, stdin)
    }

    /// [`svcrel_bytes`] with these variables set in the program's
    /// environment (`SVCREL_TODAY`, which is [`TODAY`] otherwise, or
    /// `SVCREL_MODEL`, which is not set otherwise).
    pub fn svcrel_in(env: &[(&str, &str)], args: &[&str], stdin: Option<&[u8]>) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_svcrel"))
            .args(args)
            .env("SVCREL_TODAY", TODAY)
            .env_remove("SVCREL_MODEL")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the svcrel program runs");
        let mut input = child.stdin.take().expect("stdin is piped");
        match input.write_all(stdin.unwrap_or_default()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => panic!("stdin: {e}"),
            _ => drop(input),
        }
        child.wait_with_output().expect("the svcrel program ends")
    }

    /// Runs the program on the sample: `args`, then `--model` and the
    /// sample's path.
    pub fn on_sample(args: &[&str]) -> Output {
        let mut all = args.to_vec();
        all.extend(["--model", super::SAMPLE_PATH]);
        svcrel(&all, None)
    }

    /// What the program printed on stdout; it must be UTF-8.
    pub fn stdout(output: &Output) -> String {
        String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
    }

    /// What the program printed on stderr; it must be UTF-8.
    pub fn stderr(output: &Output) -> String {
        String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
    }

    /// Asserts status 0 and nothing on stderr; returns stdout.
    pub fn answered(output: &Output) -> String {
        assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(output));
        assert_eq!(stderr(output), "");
        stdout(output)
    }

    /// Asserts that the program answered (see [`answered`]) with exactly
    /// one JSON object, on one line, valid against the committed schema
    /// of answers, and returns it.
    pub fn json_answer(output: &Output) -> Value {
        let text = answered(output);
        assert_eq!(text.lines().count(), 1, "one line: {text}");
        let value: Value = serde_json::from_str(&text).expect("stdout is JSON");
        assert!(value.is_object(), "{value}");
        super::schema::assert_answer(&value);
        value
    }

    /// The fields the protocol adds to the objects of the command-line
    /// contract (SPEC section 4): what an answer says it was asked with,
    /// totals, names beside ids, whom to write to, and how a party not
    /// named by id was found.
    pub const ADDED: [&str; 15] = [
        "as_of",
        "max_chain",
        "version",
        "total",
        "services_total",
        "notify_total",
        "service_name",
        "party_name",
        "payer_name",
        "via_name",
        "sponsor_names",
        "names",
        "name",
        "contacts",
        "matched",
    ];

    /// A JSON answer without the fields the protocol adds ([`ADDED`]):
    /// the object of the command-line contract, which must be exactly as
    /// it was. The counts per id (`consumers_by_top`, …) are left alone.
    pub fn contract_shape(value: &Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .filter(|(k, _)| !ADDED.contains(&k.as_str()))
                    .map(|(k, v)| {
                        let v = if k.starts_with("consumers_by_") {
                            v.clone()
                        } else {
                            contract_shape(v)
                        };
                        (k.clone(), v)
                    })
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(contract_shape).collect()),
            other => other.clone(),
        }
    }

    /// [`json_answer`] without the fields the protocol adds (see
    /// [`contract_shape`]).
    pub fn contract_answer(output: &Output) -> Value {
        contract_shape(&json_answer(output))
    }

    /// Asserts status 2, nothing on stdout, and exactly `message` (one
    /// line) on stderr.
    pub fn assert_usage_error(output: &Output, message: &str) {
        assert_eq!(output.status.code(), Some(2), "stderr: {}", stderr(output));
        assert_eq!(stdout(output), "");
        assert_eq!(stderr(output), format!("{message}\n"));
    }

    /// Asserts status 2, nothing on stdout, and a message on stderr that
    /// contains each of `parts`.
    pub fn assert_usage_error_naming(output: &Output, parts: &[&str]) {
        assert_eq!(output.status.code(), Some(2), "stderr: {}", stderr(output));
        assert_eq!(stdout(output), "");
        for part in parts {
            assert!(
                stderr(output).contains(part),
                "{part:?} in {}",
                stderr(output)
            );
        }
    }
}

// ---------------------------------------------------------------------
// Imports
// ---------------------------------------------------------------------

/// What an import gives, with any of the importers' features.
#[cfg(any(
    feature = "itop",
    feature = "backstage",
    feature = "csv",
    feature = "scim",
    feature = "ldif"
))]
pub mod imports {
    use svcrel::{Error, ErrorKind, Import};

    /// The problems of a refused import, as the lines the program prints;
    /// asserts that the error is an import error.
    pub fn import_problems(err: &Error) -> Vec<String> {
        assert_eq!(err.kind(), ErrorKind::Import, "{err}");
        problem_lines(err)
    }

    /// The problems an error holds, as the lines the program prints.
    pub fn problem_lines(err: &Error) -> Vec<String> {
        err.import_problems()
            .iter()
            .map(|p| p.to_string())
            .collect()
    }

    /// The records an import skipped, each as `file:line: record: reason`
    /// with the file's name only.
    pub fn skipped(import: &Import) -> Vec<String> {
        import
            .skipped()
            .iter()
            .map(|s| {
                format!(
                    "{}:{}: {}: {}",
                    s.file().file_name().unwrap().to_str().unwrap(),
                    s.line(),
                    s.record(),
                    s.reason()
                )
            })
            .collect()
    }
}

// ---------------------------------------------------------------------
// Documents written out as JSON text
// ---------------------------------------------------------------------

/// A document of the given lists, each written out in full.
pub fn document(lists: &[(&str, String)]) -> String {
    let mut json = String::from(r#"{"version": 1"#);
    for (key, items) in lists {
        write!(json, r#", "{key}": [{items}]"#).unwrap();
    }
    json.push('}');
    json
}

/// `n` items, each written by `item`, joined by commas.
pub fn items(n: usize, mut item: impl FnMut(&mut String, usize)) -> String {
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        item(&mut out, i);
    }
    out
}

// ---------------------------------------------------------------------
// Timing
// ---------------------------------------------------------------------
//
// The tests that time an input are `#[ignore]`d: `.ci/run` runs them in
// release mode, one at a time. Each compares two sizes of one input and
// never an absolute time.

/// How long `run` takes on the input `make` gives; making it is not
/// counted.
pub fn timed<T>(make: impl FnOnce() -> T, run: impl FnOnce(T)) -> Duration {
    let input = make();
    let start = Instant::now();
    run(input);
    start.elapsed()
}

/// Taken while timing, so that the timings of two tests do not overlap.
static TIMING: Mutex<()> = Mutex::new(());

/// The best of five timings of `time` at `n` and at `factor * n`, taken
/// in turns so that a burst of load elsewhere slows both alike, as the
/// ratio of the larger to the smaller.
pub fn growth(what: &str, n: usize, factor: usize, mut time: impl FnMut(usize) -> Duration) -> f64 {
    let _alone = TIMING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let (mut small, mut large) = (Duration::MAX, Duration::MAX);
    for _ in 0..5 {
        small = small.min(time(n));
        large = large.min(time(factor * n));
    }
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-9);
    eprintln!(
        "{what}: {small:?} at {n}, {large:?} at {}, ratio {ratio:.2}",
        factor * n
    );
    ratio
}

/// Asserts that the cost `time` gives for size `4 * n` is less than ten
/// times that for `n`: it grows close to linearly (about 4 times), not
/// quadratically (16 times). The bound leaves room for caches, which make
/// a larger input somewhat slower per item, and for a busy machine.
pub fn grows_near_linearly(what: &str, n: usize, time: impl FnMut(usize) -> Duration) {
    let ratio = growth(what, n, 4, time);
    assert!(
        ratio < 10.0,
        "{what}: 4 times the size, {ratio:.1} times the cost"
    );
}

// ---------------------------------------------------------------------
// The protocol's committed JSON Schemas
// ---------------------------------------------------------------------

/// Checking JSON against the schemas committed under `schema/`.
pub mod schema {
    use serde_json::Value;
    use svcrel::ProtocolSchema;

    /// The committed schemas, compiled.
    pub struct Schemas {
        schemas: boon::Schemas,
        question: boon::SchemaIndex,
        answer: boon::SchemaIndex,
        error: boon::SchemaIndex,
    }

    impl Schemas {
        /// Compiles the three committed schemas.
        pub fn committed() -> Schemas {
            let mut schemas = boon::Schemas::new();
            let mut compiler = boon::Compiler::new();
            let mut compile = |schema: ProtocolSchema| {
                let path = committed_path(schema);
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                let value: Value = serde_json::from_str(&text).expect("a schema is JSON");
                let url = format!("file:///svcrel/schema/{}", schema.file_name());
                compiler
                    .add_resource(&url, value)
                    .expect("the schema loads");
                compiler
                    .compile(&url, &mut schemas)
                    .unwrap_or_else(|e| panic!("{url}: {e:#}"))
            };
            let question = compile(ProtocolSchema::Question);
            let answer = compile(ProtocolSchema::Answer);
            let error = compile(ProtocolSchema::Error);
            Schemas {
                schemas,
                question,
                answer,
                error,
            }
        }

        /// Whether `value` is valid against `schema`, and if not, why.
        pub fn check(&self, schema: ProtocolSchema, value: &Value) -> Result<(), String> {
            let index = match schema {
                ProtocolSchema::Question => self.question,
                ProtocolSchema::Answer => self.answer,
                _ => self.error,
            };
            self.schemas
                .validate(value, index)
                .map_err(|e| format!("{e:#}"))
        }

        /// Asserts that a line `svcrel batch` printed is an answer, or an
        /// error with the number of its line, valid against the schemas.
        pub fn assert_batch_line(&self, value: &Value) {
            let (schema, what) = if value.get("error").is_some() {
                assert!(
                    value["line"].is_u64(),
                    "an error line has its number: {value}"
                );
                (ProtocolSchema::Error, "error")
            } else {
                (ProtocolSchema::Answer, "answer")
            };
            if let Err(why) = self.check(schema, value) {
                panic!("an {what} that its schema refuses: {value}\n{why}");
            }
        }
    }

    thread_local! {
        /// The committed schemas, compiled once a thread.
        static COMMITTED: Schemas = Schemas::committed();
    }

    /// Asserts that `value` is an answer valid against the committed
    /// schema of answers.
    pub fn assert_answer(value: &Value) {
        COMMITTED.with(|schemas| {
            if let Err(why) = schemas.check(ProtocolSchema::Answer, value) {
                panic!("an answer that its schema refuses: {value}\n{why}");
            }
        });
    }

    /// The path of a committed schema.
    pub fn committed_path(schema: ProtocolSchema) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("schema")
            .join(schema.file_name())
    }
}

// ---------------------------------------------------------------------
// The service
// ---------------------------------------------------------------------

/// `svcrel serve` on loopback, as a child process killed when dropped,
/// and a client for it.
#[cfg(all(feature = "cli", feature = "server"))]
pub mod serve {
    use std::io::{BufRead, BufReader, Read};
    use std::path::PathBuf;
    use std::process::{Child, Command, Stdio};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    /// How long a test waits for anything of the service: a bound, not a
    /// measure.
    pub const PATIENCE: Duration = Duration::from_secs(20);

    /// A running `svcrel serve`, killed (SIGKILL) when dropped.
    pub struct Served {
        child: Child,
        /// `127.0.0.1:PORT`.
        pub addr: String,
        stderr: Arc<Mutex<String>>,
        stdout: Arc<Mutex<String>>,
    }

    impl Served {
        /// Starts `svcrel serve --listen 127.0.0.1:0` with `args`, and
        /// waits for the line that says where it listens.
        pub fn start(args: &[&str]) -> Served {
            Served::start_with_env(args, &[])
        }

        /// Starts it as [`Served::start`] does, with `env` set for it.
        pub fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> Served {
            let mut child = Command::new(env!("CARGO_BIN_EXE_svcrel"))
                .envs(env.iter().copied())
                .arg("serve")
                .args(["--listen", "127.0.0.1:0"])
                .args(args)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("svcrel serve starts");
            let stdout = Arc::new(Mutex::new(String::new()));
            let stderr = Arc::new(Mutex::new(String::new()));
            let mut lines = BufReader::new(child.stdout.take().expect("piped"));
            let mut first = String::new();
            lines.read_line(&mut first).expect("the first line");
            let addr = first
                .split("http://")
                .nth(1)
                .and_then(|rest| rest.split(';').next())
                .unwrap_or_else(|| panic!("no address in {first:?}"))
                .to_owned();
            collect(lines, Arc::clone(&stdout));
            collect(child.stderr.take().expect("piped"), Arc::clone(&stderr));
            Served {
                child,
                addr,
                stderr,
                stdout,
            }
        }

        /// Starts it on the sample, with `args` more.
        pub fn sample(args: &[&str]) -> Served {
            let mut all = vec!["--model", super::SAMPLE_PATH];
            all.extend(args);
            let served = Served::start(&all);
            served.wait_ready();
            served
        }

        /// `http://ADDR` and `path`.
        pub fn url(&self, path: &str) -> String {
            format!("http://{}{path}", self.addr)
        }

        /// Waits until `/readyz` answers 200.
        pub fn wait_ready(&self) {
            let start = Instant::now();
            while get(&self.url("/readyz"), None).0 != 200 {
                assert!(start.elapsed() < PATIENCE, "never ready: {}", self.stderr());
                std::thread::sleep(Duration::from_millis(10));
            }
        }

        /// What it printed on stderr so far.
        pub fn stderr(&self) -> String {
            self.stderr.lock().unwrap().clone()
        }

        /// What it printed on stdout after its first line so far.
        pub fn stdout(&self) -> String {
            self.stdout.lock().unwrap().clone()
        }

        /// Kills it at once (SIGKILL), as a crash or a power loss would.
        pub fn kill(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }

        /// Stops it with SIGTERM and waits for it to exit; its status.
        pub fn terminate(&mut self) -> std::process::ExitStatus {
            let pid = self.child.id().to_string();
            Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .expect("kill runs");
            let start = Instant::now();
            loop {
                if let Some(status) = self.child.try_wait().expect("wait") {
                    return status;
                }
                assert!(start.elapsed() < PATIENCE, "did not stop on SIGTERM");
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    }

    impl Drop for Served {
        fn drop(&mut self) {
            self.kill();
        }
    }

    fn collect(from: impl Read + Send + 'static, into: Arc<Mutex<String>>) {
        std::thread::spawn(move || {
            let mut lines = BufReader::new(from);
            let mut line = String::new();
            while lines.read_line(&mut line).unwrap_or(0) > 0 {
                into.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
    }

    fn agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(PATIENCE))
            .build()
            .into()
    }

    /// A response: its status, its `svcrel-version` header and its body.
    pub type Reply = (u16, Option<u64>, String);

    fn reply(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
        let mut response = response.expect("the service answers");
        let version = response
            .headers()
            .get("svcrel-version")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        let body = response
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_string()
            .expect("a UTF-8 body");
        (response.status().as_u16(), version, body)
    }

    /// GET `url`, with a bearer token if given.
    pub fn get(url: &str, token: Option<&str>) -> Reply {
        let mut request = agent().get(url);
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        reply(request.call())
    }

    /// POST `body` to `url` as `content_type`, with a bearer token if
    /// given.
    pub fn post(url: &str, content_type: &str, body: &str, token: Option<&str>) -> Reply {
        let mut request = agent().post(url).header("Content-Type", content_type);
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        reply(request.send(body))
    }

    /// A directory in the system's temporary directory, removed when
    /// dropped.
    pub struct TempDir(pub PathBuf);

    impl TempDir {
        /// A new, empty directory named after `name`.
        pub fn new(name: &str) -> TempDir {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let path = std::env::temp_dir().join(format!(
                "svcrel-{}-{}-{n}-{name}",
                env!("CARGO_CRATE_NAME"),
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(&path).expect("the temporary directory");
            TempDir(path)
        }

        /// Its path, as text.
        pub fn path(&self) -> &str {
            self.0.to_str().expect("UTF-8")
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
