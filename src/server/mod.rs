//! The HTTP service: the protocol's questions, edits and the model over
//! HTTP, for helpdesks that cannot link a Rust library (`svcrel serve`).
//!
//! [`Server`] answers on a [`tokio::net::TcpListener`] with axum's routes
//! on hyper's HTTP/1.1 server. Its model is a [`Store`]: a
//! [`SharedModel`] (edits kept in memory only) or a [`DurableModel`]
//! (edits journalled); it is handed over once loaded
//! ([`Server::set_store`]), and until then `GET /readyz` answers 503.
//!
//! | route | what |
//! |---|---|
//! | `POST /v1/ask` | one [`Question`](crate::Question) as JSON; the [`Answer`](crate::Answer) |
//! | `POST /v1/batch` | questions as JSON lines; answers as JSON lines, streamed, as [`Model::answer_line`] writes them |
//! | `GET /v1/customers/{service}`, `/v1/consumers/{service}`, `/v1/relation/{party}/{service}`, `/v1/triage/{party}/{service}`, `/v1/impact/{service}` | the question, with the query parameters `as_of`, `max_chain`, `evidence`, `limit` and `summary` |
//! | `GET /v1/find?q=TEXT` | a find question (`limit` too) |
//! | `GET /v1/suggest?q=TEXT` | a suggest question, for suggestions as someone types ([`Model::suggest`]): `kind` (`party`, `service` or `any`) and `limit` too |
//! | `POST /v1/edits` | a JSON array of [`Edit`]s, all or none: `{"version": N, "removed": [...]}` |
//! | `POST /v1/reload` | a whole model document: the service's model becomes it, as one batch of edits ([`Diff::edits`](crate::Diff::edits)), journalled like `/v1/edits`: `{"version": N, "counts": {...}}`; its body may be up to [`Config::max_document`] |
//! | `GET /v1/model` | the model's document, streamed |
//! | `GET /` | the agent's page, with `/agent.js` and `/agent.css`: find a requester and a service as you type, and see the triage in words, its evidence drawn and the history (no token needed: it holds no data) |
//! | `GET /healthz`, `GET /readyz` | alive; ready (the model is loaded) |
//! | `GET /metrics` | Prometheus text: requests, errors and latency by route, the model, the journal |
//!
//! Every answer that read the model carries its version in the
//! `svcrel-version` header (the protocol's answers carry `version` too).
//! Every failure is a JSON [`ErrorReply`](crate::ErrorReply), with the
//! status [`ErrorCode::http_status`](crate::ErrorCode::http_status)
//! gives. With a token ([`Config::token`]), every route but `/healthz`
//! and `/readyz` wants `Authorization: Bearer <token>`, compared in
//! constant time.
//!
//! ```no_run
//! use svcrel::server::{Config, Server, Store};
//! use svcrel::{Model, SharedModel};
//!
//! # async fn run() -> std::io::Result<()> {
//! let listener = tokio::net::TcpListener::bind(("127.0.0.1", svcrel::server::DEFAULT_PORT)).await?;
//! let server = Server::new(Config::new().token("s3cret"));
//! let model = Model::from_json_file("examples/data/sample.json").expect("a valid model");
//! server.set_store(Store::Memory(SharedModel::new(model)));
//! server.serve(listener, async { let _ = tokio::signal::ctrl_c().await; }).await
//! # }
//! ```

mod auth;
mod errors;
mod metrics;
mod page;
mod routes;
mod stream;
mod wire;

use std::fmt;
use std::future::Future;
use std::io;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use crate::error::Error;
use crate::journal::DurableModel;
use crate::model::{Applied, Edit, Model, SharedModel};
use crate::query::Diff;

/// The port `svcrel serve` listens on when not told: 8470, on
/// 127.0.0.1.
///
/// ```
/// assert_eq!(svcrel::server::DEFAULT_PORT, 8470);
/// ```
pub const DEFAULT_PORT: u16 = 8470;

/// The largest request body taken when not told: 16 MiB.
///
/// ```
/// assert_eq!(svcrel::server::DEFAULT_MAX_BODY, 16 << 20);
/// ```
pub const DEFAULT_MAX_BODY: usize = 16 << 20;

/// The largest model document `POST /v1/reload` takes when not told:
/// 1 GiB.
///
/// ```
/// assert_eq!(svcrel::server::DEFAULT_MAX_DOCUMENT, 1 << 30);
/// ```
pub const DEFAULT_MAX_DOCUMENT: usize = 1 << 30;

/// How the service behaves: its body limit, its token and its timeouts.
///
/// ```
/// use std::time::Duration;
/// let config = svcrel::server::Config::new().max_body(1 << 20).request_timeout(Duration::from_secs(5));
/// assert_eq!(config.max_body_bytes(), 1 << 20);
/// assert!(!format!("{config:?}").contains("s3cret"));
/// ```
#[derive(Clone)]
pub struct Config {
    max_body: usize,
    max_document: usize,
    token: Option<String>,
    header_timeout: Duration,
    request_timeout: Duration,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("max_body", &self.max_body)
            .field("max_document", &self.max_document)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("header_timeout", &self.header_timeout)
            .field("request_timeout", &self.request_timeout)
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_body: DEFAULT_MAX_BODY,
            max_document: DEFAULT_MAX_DOCUMENT,
            token: None,
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
        }
    }
}

impl Config {
    /// The defaults: [`DEFAULT_MAX_BODY`], no token, 10 seconds to send a
    /// request's headers, 60 seconds for a request (and between two
    /// pieces of a batch's body).
    ///
    /// ```
    /// assert_eq!(svcrel::server::Config::new().max_body_bytes(), svcrel::server::DEFAULT_MAX_BODY);
    /// ```
    pub fn new() -> Config {
        Config::default()
    }

    /// Sets the largest request body taken; a larger one gets 413.
    ///
    /// ```
    /// assert_eq!(svcrel::server::Config::new().max_body(10).max_body_bytes(), 10);
    /// ```
    pub fn max_body(mut self, bytes: usize) -> Config {
        self.max_body = bytes;
        self
    }

    /// The largest request body taken.
    ///
    /// ```
    /// assert_eq!(svcrel::server::Config::new().max_body_bytes(), 16 << 20);
    /// ```
    pub fn max_body_bytes(&self) -> usize {
        self.max_body
    }

    /// Sets the largest model document `POST /v1/reload` takes (every
    /// other route takes at most [`Config::max_body`]); a larger one gets
    /// 413.
    ///
    /// ```
    /// let config = svcrel::server::Config::new().max_document(64 << 20);
    /// assert_eq!(config.max_document_bytes(), 64 << 20);
    /// ```
    pub fn max_document(mut self, bytes: usize) -> Config {
        self.max_document = bytes;
        self
    }

    /// The largest model document `POST /v1/reload` takes.
    ///
    /// ```
    /// assert_eq!(svcrel::server::Config::new().max_document_bytes(), svcrel::server::DEFAULT_MAX_DOCUMENT);
    /// ```
    pub fn max_document_bytes(&self) -> usize {
        self.max_document
    }

    /// Wants `Authorization: Bearer <token>` on every route but
    /// `/healthz` and `/readyz`.
    ///
    /// ```
    /// let config = svcrel::server::Config::new().token("s3cret");
    /// # let _ = config;
    /// ```
    pub fn token(mut self, token: impl Into<String>) -> Config {
        self.token = Some(token.into());
        self
    }

    /// Sets how long a client may take to send a request's headers; a
    /// slower one is disconnected.
    ///
    /// ```
    /// let config = svcrel::server::Config::new().header_timeout(std::time::Duration::from_secs(2));
    /// # let _ = config;
    /// ```
    pub fn header_timeout(mut self, timeout: Duration) -> Config {
        self.header_timeout = timeout;
        self
    }

    /// Sets how long a request may take (408 after it), and how long a
    /// batch may wait for the next piece of its body.
    ///
    /// ```
    /// let config = svcrel::server::Config::new().request_timeout(std::time::Duration::from_secs(5));
    /// # let _ = config;
    /// ```
    pub fn request_timeout(mut self, timeout: Duration) -> Config {
        self.request_timeout = timeout;
        self
    }
}

/// Where the service's model lives.
///
/// ```
/// use svcrel::server::Store;
/// let store = Store::Memory(svcrel::SharedModel::new(svcrel::Model::from_json_file("examples/data/sample.json")?));
/// assert_eq!(store.read().version(), 0);
/// # Ok::<(), svcrel::Error>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Store {
    /// In memory only: edits are lost on exit.
    Memory(SharedModel),
    /// Journalled: every accepted batch is fsynced before its answer.
    Durable(DurableModel),
}

impl Store {
    /// The current version of the model.
    ///
    /// ```
    /// # let store = svcrel::server::Store::Memory(svcrel::SharedModel::new(svcrel::Model::from_json_str(r#"{"version": 1}"#)?));
    /// assert_eq!(store.read().counts().entities(), 0);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    pub fn read(&self) -> Arc<Model> {
        match self {
            Store::Memory(shared) => shared.read(),
            Store::Durable(durable) => durable.read(),
        }
    }

    /// Applies a batch all or none ([`SharedModel::apply`],
    /// [`DurableModel::apply`]).
    ///
    /// ```
    /// # let store = svcrel::server::Store::Memory(svcrel::SharedModel::new(svcrel::Model::from_json_str(r#"{"version": 1}"#)?));
    /// store.apply(&[svcrel::Edit::AddIndividual(svcrel::Individual::new("ann"))])?;
    /// assert_eq!(store.read().counts().entities(), 1);
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As the store's `apply`.
    pub fn apply(&self, edits: &[Edit]) -> Result<Applied, Error> {
        match self {
            Store::Memory(shared) => shared.apply(edits),
            Store::Durable(durable) => durable.apply(edits),
        }
    }

    /// Makes the model equal to `posted` (as [`Diff::edits`] defines
    /// it), as one batch made in the writer's turn from the version it
    /// applies to: the diff, and what the batch did (nothing, with the
    /// version unchanged, when the model was equal already).
    fn reload(&self, posted: &Model) -> Result<(Diff, Applied), Error> {
        let mut diff = None;
        let make = |current: &Model| {
            let made = Diff::between(current, posted);
            let edits = made.edits().into();
            diff = Some(made);
            Ok(edits)
        };
        let (_, applied) = match self {
            Store::Memory(shared) => shared.apply_made_then(make, |_, _| Ok(()))?,
            Store::Durable(durable) => durable.apply_made(make)?,
        };
        // `make` runs once, first, in every turn that returns Ok.
        let diff = diff.expect("the batch was made");
        Ok((diff, applied))
    }

    fn shared(&self) -> &SharedModel {
        match self {
            Store::Memory(shared) => shared,
            Store::Durable(durable) => durable.shared(),
        }
    }

    fn journal(&self) -> Option<(u64, Option<SystemTime>)> {
        match self {
            Store::Memory(_) => None,
            Store::Durable(d) => Some((d.journal_bytes(), d.last_compaction())),
        }
    }
}

/// The HTTP service; clones share one state (model, metrics).
///
/// ```
/// let server = svcrel::server::Server::new(svcrel::server::Config::new());
/// assert!(server.store().is_none()); // not ready: /readyz answers 503
/// ```
#[derive(Clone, Debug)]
pub struct Server {
    state: Arc<State>,
}

#[derive(Debug)]
struct State {
    config: Config,
    store: OnceLock<Store>,
    metrics: metrics::Metrics,
}

impl Server {
    /// A service that is not ready yet: it answers `/healthz`, and 503
    /// elsewhere until [`Server::set_store`].
    ///
    /// ```
    /// let server = svcrel::server::Server::new(svcrel::server::Config::new().max_body(1024));
    /// # let _ = server;
    /// ```
    pub fn new(config: Config) -> Server {
        Server {
            state: Arc::new(State {
                config,
                store: OnceLock::new(),
                metrics: metrics::Metrics::default(),
            }),
        }
    }

    /// Hands the loaded model over: the service is ready. A second call
    /// changes nothing and returns `false`.
    ///
    /// ```
    /// use svcrel::server::{Config, Server, Store};
    /// let server = Server::new(Config::new());
    /// let store = Store::Memory(svcrel::SharedModel::new(svcrel::Model::from_json_str(r#"{"version": 1}"#)?));
    /// assert!(server.set_store(store.clone()));
    /// assert!(!server.set_store(store));
    /// # Ok::<(), svcrel::Error>(())
    /// ```
    ///
    /// The index of [`Model::suggest`] is then built on a thread of its
    /// own, so that the first suggestion does not wait for it.
    pub fn set_store(&self, store: Store) -> bool {
        let warm = store.clone();
        let set = self.state.store.set(store).is_ok();
        if set {
            let model = warm.read();
            // Without a thread, the first suggestion builds it.
            let _ = std::thread::Builder::new()
                .name("svcrel-suggest".to_owned())
                .spawn(move || model.warm_suggestions());
        }
        set
    }

    /// The model, once handed over.
    ///
    /// ```
    /// assert!(svcrel::server::Server::new(svcrel::server::Config::new()).store().is_none());
    /// ```
    pub fn store(&self) -> Option<&Store> {
        self.state.store.get()
    }

    /// Serves on `listener` until `shutdown` completes; then stops taking
    /// connections and lets the requests in flight finish (for at most
    /// the request timeout).
    ///
    /// ```no_run
    /// # async fn run() -> std::io::Result<()> {
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    /// let server = svcrel::server::Server::new(svcrel::server::Config::new());
    /// server.serve(listener, std::future::pending()).await
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// None yet: a failed accept (out of file descriptors, say) is
    /// retried after a pause.
    pub async fn serve(
        &self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()>,
    ) -> io::Result<()> {
        let router = routes::router(Arc::clone(&self.state));
        let graceful = GracefulShutdown::new();
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(self.state.config.header_timeout)
            .max_buf_size(64 * 1024)
            // A client that sends its request and closes its side still
            // gets the answer.
            .half_close(true);
        let shutdown = std::pin::pin!(shutdown);
        let mut shutdown = shutdown;
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let Ok((stream, _)) = accepted else {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    };
                    let service = TowerToHyperService::new(router.clone());
                    let connection = graceful.watch(http.serve_connection(wire::JsonParseErrors::new(TokioIo::new(stream)), service));
                    tokio::spawn(async move {
                        // A client that goes away is its own business.
                        let _ = connection.await;
                    });
                }
                () = &mut shutdown => break,
            }
        }
        drop(listener);
        let _ = tokio::time::timeout(self.state.config.request_timeout, graceful.shutdown()).await;
        Ok(())
    }
}
