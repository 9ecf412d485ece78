//! The agent's page in a real browser: `svcrel serve` on the sample,
//! headless Chromium driven through ChromeDriver (WebDriver), a requester
//! and a service typed and picked with the keyboard alone, the answer read
//! off the page, and screenshots under `target/tmp/browser/` for a person
//! to look at.
//!
//! Chromium and ChromeDriver are Debian's `chromium` and
//! `chromium-driver` (`SVCREL_CHROMIUM` and `SVCREL_CHROMEDRIVER` name
//! others). Under `CI=true` a missing one fails the test: `.ci/run`
//! installs them. Elsewhere the test is skipped, with a note.

#![cfg(all(feature = "cli", feature = "server"))]

mod util;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use util::TempFile;
use util::serve::{PATIENCE, Served, TempDir, get};

/// Chromium and ChromeDriver, if both are here: the ones
/// `SVCREL_CHROMIUM` and `SVCREL_CHROMEDRIVER` name, else Debian's (see
/// [`util::program_present`]).
fn browser(test: &str) -> Option<(PathBuf, PathBuf)> {
    let program = |variable: &str, debian: &str| {
        std::env::var_os(variable).map_or_else(|| PathBuf::from(debian), PathBuf::from)
    };
    let chromium = program("SVCREL_CHROMIUM", "/usr/bin/chromium");
    let driver = program("SVCREL_CHROMEDRIVER", "/usr/bin/chromedriver");
    let present = util::program_present(test, &chromium, "--version", "chromium")
        && util::program_present(test, &driver, "--version", "chromium-driver");
    present.then_some((chromium, driver))
}

/// ChromeDriver on a free loopback port, killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(program: &PathBuf) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(program)
            .args([
                format!("--port={port}"),
                "--allowed-ips=127.0.0.1".to_owned(),
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let url = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        let listening = || std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
        while !listening() || get(&format!("{url}/status"), None).0 != 200 {
            assert!(start.elapsed() < PATIENCE, "chromedriver never answered");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, url }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless Chromium session at 1280×800, with its own empty profile
/// and none of the background traffic a closed network refuses; with the
/// ChromeDriver it talks to and the profile, both gone when dropped.
async fn open(chromium: &PathBuf, chromedriver: &PathBuf) -> (Client, Driver, TempDir) {
    let driver = Driver::start(chromedriver);
    let profile = TempDir::new("chromium");
    let options = json!({
        "binary": chromium,
        "args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--hide-scrollbars",
            format!("--user-data-dir={}", profile.path()),
        ],
    });
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".to_owned(), options);
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a Chromium session");
    client.set_window_size(1280, 800).await.expect("1280×800");
    (client, driver, profile)
}

/// Where the screenshots go: `target/tmp/browser/`.
fn shots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&dir).expect("the screenshot directory");
    dir
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    let path = shots().join(name);
    std::fs::write(&path, png).expect("the screenshot is written");
    eprintln!("screenshot: {}", path.display());
}

/// The text box that has the focus: the page is used by keyboard alone.
async fn focused(client: &Client) -> Element {
    client.active_element().await.expect("a focused element")
}

async fn focused_id(client: &Client) -> String {
    focused(client)
        .await
        .attr("id")
        .await
        .expect("its id")
        .unwrap_or_default()
}

/// Types `text` where the focus is, waits for the suggestion of `id`,
/// and picks it with the arrow keys and Enter.
async fn type_and_pick(client: &Client, list: &str, text: &str, id: &str) {
    let input = focused(client).await;
    input.send_keys(text).await.expect("typing");
    let wanted = Locator::Css(&format!("#{list} [role=option]"));
    let start = Instant::now();
    let at = loop {
        let options = client.find_all(wanted).await.expect("the options");
        let mut ids = Vec::new();
        for o in &options {
            ids.push(
                o.attr("data-id")
                    .await
                    .expect("data-id")
                    .unwrap_or_default(),
            );
        }
        if let Some(at) = ids.iter().position(|i| i == id) {
            break at;
        }
        if start.elapsed() > PATIENCE {
            panic!("no suggestion {id:?} for {text:?}: {ids:?}");
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    };
    let typed: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    screenshot(client, &format!("{list}-{typed}.png")).await;
    for _ in 0..=at {
        input.send_keys(&Key::Down.to_string()).await.expect("↓");
    }
    let active = input
        .attr("aria-activedescendant")
        .await
        .expect("attr")
        .expect("an active option");
    assert_eq!(active, format!("{list}-{at}"));
    input
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("Enter");
}

/// Waits until the answer is shown, or the status says what failed.
async fn answered(client: &Client) -> Result<String, String> {
    let start = Instant::now();
    loop {
        let answer = client.find(Locator::Id("answer")).await.expect("#answer");
        if answer.is_displayed().await.expect("displayed") {
            let facts = client.find(Locator::Id("facts")).await.expect("#facts");
            return Ok(facts.text().await.expect("its text"));
        }
        let status = client.find(Locator::Id("status")).await.expect("#status");
        if status.attr("class").await.expect("class").as_deref() == Some("error") {
            return Err(status.text().await.expect("its text"));
        }
        assert!(start.elapsed() < PATIENCE, "no answer and no error shown");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The line of `facts` (terms and values on lines of their own) after
/// `term`.
fn fact<'a>(facts: &'a str, term: &str) -> &'a str {
    let mut lines = facts.lines().map(str::trim);
    lines.find(|l| *l == term);
    lines
        .next()
        .unwrap_or_else(|| panic!("no {term} in {facts:?}"))
}

#[tokio::test(flavor = "current_thread")]
async fn an_agent_finds_the_payer_and_whom_to_notify_by_keyboard() {
    let Some((chromium, chromedriver)) = browser("an_agent_finds_the_payer…") else {
        return;
    };
    // SVCREL_TODAY is read by the service for the answer's date.
    let served = Served::start_with_env(
        &["--model", util::SAMPLE_PATH],
        &[("SVCREL_TODAY", "2026-12-04")],
    );
    served.wait_ready();
    let (client, _driver, _profile) = open(&chromium, &chromedriver).await;
    client.goto(&served.url("/")).await.expect("the page");

    // The requester's box has the focus; a few keystrokes find her.
    assert_eq!(focused_id(&client).await, "party");
    type_and_pick(&client, "party-list", "ann t", "teacher-ann").await;
    // Picking her moves on to the service; picking it asks.
    assert_eq!(focused_id(&client).await, "service");
    type_and_pick(&client, "service-list", "desk", "desktop-support").await;
    let facts = answered(&client).await.expect("an answer");

    assert_eq!(
        fact(&facts, "Payer"),
        "Council education department (council-education), by chargeback, 2 steps away, \
         through Riverside School (riverside-school)"
    );
    assert_eq!(fact(&facts, "Notify"), "Helen Marsh (head-of-education)");
    assert_eq!(fact(&facts, "Entitled"), "yes");
    assert_eq!(fact(&facts, "On"), "2026-12-04");
    let why = client.find(Locator::Id("why")).await.unwrap();
    let why = why.text().await.unwrap();
    assert!(
        why.contains("Riverside School (riverside-school) is part of Council education department (council-education)"),
        "{why}"
    );
    // The picture holds the requester, the service and what joins them.
    let boxes = client
        .find_all(Locator::Css("#picture svg g"))
        .await
        .unwrap();
    let mut drawn = Vec::new();
    for b in &boxes {
        drawn.push(b.text().await.unwrap());
    }
    let drawn = drawn.join("\n");
    for id in [
        "teacher-ann",
        "desktop-support",
        "riverside-school",
        "council-education",
    ] {
        assert!(drawn.contains(id), "{id} is not drawn: {drawn}");
    }
    // The history has a row for the date asked.
    let now = client
        .find_all(Locator::Css("#history tr.now"))
        .await
        .unwrap();
    assert_eq!(now.len(), 1);
    // The question is in the address, for back and forward.
    let url = client.current_url().await.unwrap();
    assert_eq!(
        url.fragment(),
        Some("party=teacher-ann&service=desktop-support")
    );
    screenshot(&client, "triage-1280x800.png").await;

    // At phone width the boxes stack and nothing runs off the side.
    client.set_window_size(390, 844).await.expect("phone width");
    let party = client.find(Locator::Id("party")).await.unwrap();
    let service = client.find(Locator::Id("service")).await.unwrap();
    let (px, py, pw, _) = party.rectangle().await.unwrap();
    let (sx, sy, _, _) = service.rectangle().await.unwrap();
    assert!((px - sx).abs() < 1.0 && sy > py, "the boxes stack");
    let fits = client
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(fits, json!(true), "the page is wider than a phone");
    assert!(pw > 300.0, "the requester's box takes the width: {pw}");
    screenshot(&client, "triage-phone.png").await;

    client.close().await.expect("the session ends");
}

#[tokio::test(flavor = "current_thread")]
async fn the_page_says_plainly_what_is_unknown_or_unrelated() {
    let Some((chromium, chromedriver)) = browser("the_page_says_plainly…") else {
        return;
    };
    let served = Served::start_with_env(
        &["--model", util::SAMPLE_PATH],
        &[("SVCREL_TODAY", "2026-12-04")],
    );
    served.wait_ready();
    let (client, _driver, _profile) = open(&chromium, &chromedriver).await;
    client.goto(&served.url("/")).await.expect("the page");

    // An id nobody has: typed, Tab to the service, Enter.
    let party = focused(&client).await;
    party.send_keys("zz-nobody-here").await.unwrap();
    party.send_keys(&Key::Tab.to_string()).await.unwrap();
    assert_eq!(focused_id(&client).await, "service");
    let service = focused(&client).await;
    service.send_keys("desktop-support").await.unwrap();
    service.send_keys(&Key::Escape.to_string()).await.unwrap();
    service.send_keys(&Key::Enter.to_string()).await.unwrap();
    let error = answered(&client).await.expect_err("an error");
    assert_eq!(
        error,
        "No requester in the model has the id, name or email “zz-nobody-here”."
    );
    // The box to fix has the focus again.
    assert_eq!(focused_id(&client).await, "party");
    screenshot(&client, "unknown-requester.png").await;

    // Someone with no relation to the service: said so, not left blank.
    client
        .goto(&served.url("/#party=fan&service=acme-email"))
        .await
        .unwrap();
    let facts = answered(&client).await.expect("an answer");
    assert_eq!(fact(&facts, "Roles"), "none: no relation to this service");
    assert_eq!(fact(&facts, "Entitled"), "no");
    let explanation = client.find(Locator::Id("explanation")).await.unwrap();
    assert_eq!(
        explanation.attr("class").await.unwrap().as_deref(),
        Some("notice")
    );
    assert!(
        explanation
            .text()
            .await
            .unwrap()
            .contains("has no relation to Acme e-mail")
    );
    screenshot(&client, "no-relation.png").await;

    client.close().await.expect("the session ends");
}

#[tokio::test(flavor = "current_thread")]
async fn names_from_the_model_are_shown_as_text_never_as_markup() {
    let Some((chromium, chromedriver)) = browser("names_from_the_model…") else {
        return;
    };
    let model = TempFile::new(
        "hostile.json",
        r#"{"version": 1,
            "organisations": [{"id": "o", "name": "<b>bold</b> & co"}],
            "individuals": [{"id": "evil", "name": "<img src=x onerror=alert(1)>\u202egnp.exe", "emails": ["e@x.example"]}],
            "services": [{"id": "svc", "name": "<script>alert(2)</script>", "provider": "o"}],
            "memberships": [{"individual": "evil", "organisation": "o"}],
            "usage": [{"user": "o", "service": "svc"}]}"#,
    );
    let served = Served::start(&["--model", model.path()]);
    served.wait_ready();
    let (client, _driver, _profile) = open(&chromium, &chromedriver).await;
    client.goto(&served.url("/")).await.expect("the page");
    type_and_pick(&client, "party-list", "<img", "evil").await;
    type_and_pick(&client, "service-list", "<scr", "svc").await;
    answered(&client).await.expect("an answer");
    let title = client.find(Locator::Id("answer-title")).await.unwrap();
    assert_eq!(
        title.text().await.unwrap(),
        "<img src=x onerror=alert(1)>\\u{202e}gnp.exe (evil) and <script>alert(2)</script> (svc)"
    );
    let injected = client
        .execute(
            "return document.querySelectorAll('main img, main script, main b').length",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(injected, json!(0), "markup from the model became elements");
    screenshot(&client, "hostile-names.png").await;
    client.close().await.expect("the session ends");
}

#[tokio::test(flavor = "current_thread")]
async fn any_id_is_asked_about_as_it_is() {
    let Some((chromium, chromedriver)) = browser("any_id_is_asked_about…") else {
        return;
    };
    // Ids a path would change (`..`, `/`) or an object would mistake for
    // its own (`constructor`, without a name), and one with spaces.
    let model = TempFile::new(
        "odd-ids.json",
        r#"{"version": 1,
            "organisations": [{"id": ".."}],
            "individuals": [{"id": "constructor"}, {"id": " pad ", "name": "Padded"}],
            "services": [{"id": "a/b", "name": "Slash", "provider": ".."}],
            "memberships": [{"individual": "constructor", "organisation": ".."},
                            {"individual": " pad ", "organisation": ".."}],
            "usage": [{"user": "..", "service": "a/b"}]}"#,
    );
    let served = Served::start(&["--model", model.path()]);
    served.wait_ready();
    let (client, _driver, _profile) = open(&chromium, &chromedriver).await;

    client
        .goto(&served.url("/#party=constructor&service=a%2Fb"))
        .await
        .unwrap();
    answered(&client).await.expect("an answer");
    let title = client.find(Locator::Id("answer-title")).await.unwrap();
    assert_eq!(title.text().await.unwrap(), "constructor and Slash (a/b)");
    let why = client.find(Locator::Id("why")).await.unwrap();
    let why = why.text().await.unwrap();
    assert!(why.contains("constructor is a member of .."), "{why}");
    assert!(why.contains(".. uses Slash (a/b)"), "{why}");

    // Picked from the suggestions, an id with spaces is asked as it is.
    client.goto(&served.url("/")).await.unwrap();
    client.refresh().await.unwrap();
    type_and_pick(&client, "party-list", "padd", " pad ").await;
    type_and_pick(&client, "service-list", "sla", "a/b").await;
    answered(&client).await.expect("an answer");
    let title = client.find(Locator::Id("answer-title")).await.unwrap();
    assert_eq!(
        title.text().await.unwrap(),
        "Padded ( pad ) and Slash (a/b)"
    );
    client.close().await.expect("the session ends");
}

#[tokio::test(flavor = "current_thread")]
async fn the_page_asks_for_the_token_the_service_wants() {
    let Some((chromium, chromedriver)) = browser("the_page_asks_for_the_token…") else {
        return;
    };
    let token = TempFile::new("token", "s3cret-token\n");
    let served = Served::start(&["--model", util::SAMPLE_PATH, "--token-file", token.path()]);
    served.wait_ready();
    let (client, _driver, _profile) = open(&chromium, &chromedriver).await;
    client
        .goto(&served.url("/#party=teacher-ann&service=desktop-support&as_of=2026-12-04"))
        .await
        .unwrap();
    // Refused: the token box appears, with the focus.
    let refused = answered(&client).await.expect_err("refused");
    assert!(refused.contains("token"), "{refused}");
    let start = Instant::now();
    while focused_id(&client).await != "token" {
        assert!(
            start.elapsed() < PATIENCE,
            "the token box never had the focus"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let field = focused(&client).await;
    field.send_keys("s3cret-token").await.unwrap();
    field.send_keys(&Key::Enter.to_string()).await.unwrap();
    // Given, it asks again.
    let facts = answered(&client).await.expect("an answer");
    assert_eq!(fact(&facts, "Notify"), "Helen Marsh (head-of-education)");
    let form = client.find(Locator::Id("token-form")).await.unwrap();
    assert!(!form.is_displayed().await.unwrap());
    client.close().await.expect("the session ends");
}
