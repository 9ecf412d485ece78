//! `svcrel serve`: the HTTP service, a thin layer over
//! `svcrel::server`.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use svcrel::server::{Config, DEFAULT_MAX_BODY, Server, Store};
use svcrel::{DurableModel, Error, Model, SharedModel};
use tokio::sync::Notify;

use crate::report;

const ABOUT: &str = "Answer questions and take edits over HTTP";

const LONG_ABOUT: &str = "\
Answer questions and take edits over HTTP, for a helpdesk to call.

Routes: POST /v1/ask (one question, JSON), POST /v1/batch (JSON lines in
and out), GET /v1/customers/S, /v1/consumers/S, /v1/relation/P/S,
/v1/triage/P/S, /v1/impact/S (query parameters as_of, max_chain,
evidence, limit, summary), GET /v1/find?q=TEXT, GET /v1/suggest?q=TEXT
(suggestions as someone types: kind=party|service|any, limit), POST
/v1/edits (a JSON array of edits, all or none), GET /v1/model, GET /healthz, GET /readyz
(503 until the model is loaded), GET /metrics (Prometheus).

GET / is the agent's page: open the address in a browser, type a requester
and a service, and read who they are to it, who pays, whom to notify and
why.

Without --journal, edits are kept in memory only and lost on exit. With
--journal DIR, every accepted batch of edits is fsynced to DIR before its
answer, and a restart loads the newest snapshot in DIR (or --model, the
first time) and replays the journal after it; SIGTERM or Ctrl-C lets
requests in flight finish and compacts the journal into a snapshot.

It listens on 127.0.0.1:8470 unless told otherwise, and refuses an
address beyond loopback without --token-file unless --insecure is given.
The first line on stdout says where it listens.";

const AFTER_HELP: &str = "\
Example:
  svcrel serve --model examples/data/sample.json --journal /var/lib/svcrel --token-file /etc/svcrel/token
  curl -H \"Authorization: Bearer $(cat /etc/svcrel/token)\" http://127.0.0.1:8470/v1/triage/teacher-ann/desktop-support";

/// The arguments of `svcrel serve`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
pub struct Args {
    /// The model document (JSON, format version 1); with --journal, only
    /// when DIR holds no snapshot yet
    #[arg(long, value_name = "FILE")]
    model: PathBuf,

    /// The address to listen on (port 0: any free port)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8470")]
    listen: SocketAddr,

    /// Keep edits durable: a journal and snapshots in DIR
    #[arg(long, value_name = "DIR")]
    journal: Option<PathBuf>,

    /// Want `Authorization: Bearer <token>`, the token being this file's
    /// text (surrounding whitespace trimmed), on every route but /healthz
    /// and /readyz
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,

    /// Listen beyond loopback without a token
    #[arg(long)]
    insecure: bool,

    /// The largest request body taken, in bytes
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BODY)]
    max_body: usize,
}

/// Binds, loads the model while readyz says 503, and serves until
/// SIGTERM or Ctrl-C.
pub fn run(args: &Args) -> ExitCode {
    let mut config = Config::new().max_body(args.max_body);
    if let Some(path) = &args.token_file {
        let token = match std::fs::read_to_string(path) {
            Ok(text) => text.trim().to_owned(),
            Err(e) => {
                eprintln!("cannot read the token file {}: {e}", path.display());
                return report::usage_failure();
            }
        };
        if token.is_empty() {
            eprintln!("the token file {} is empty", path.display());
            return report::usage_failure();
        }
        config = config.token(token);
    } else if !args.listen.ip().is_loopback() && !args.insecure {
        eprintln!(
            "refusing to listen on {} beyond loopback without --token-file; give one, or --insecure",
            args.listen
        );
        return report::usage_failure();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("cannot start the service's threads: {e}");
            return report::model_failure();
        }
    };
    runtime.block_on(serve(args, config))
}

async fn serve(args: &Args, config: Config) -> ExitCode {
    let listener = match tokio::net::TcpListener::bind(args.listen).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("cannot listen on {}: {e}", args.listen);
            return report::model_failure();
        }
    };
    let address = listener.local_addr().unwrap_or(args.listen);
    let keeping = match &args.journal {
        Some(dir) => format!("edits journalled in {}", dir.display()),
        None => "no --journal: edits are kept in memory only and lost on exit".to_owned(),
    };
    println!("svcrel serve: listening on http://{address}; {keeping}");
    let _ = std::io::stdout().flush();

    let server = Server::new(config);
    let failed = Arc::new(Notify::new());
    let loading = {
        let (server, failed) = (server.clone(), Arc::clone(&failed));
        let (model, journal) = (args.model.clone(), args.journal.clone());
        tokio::task::spawn_blocking(move || match load(model, journal) {
            Ok(store) => {
                println!(
                    "svcrel serve: ready, model version {}",
                    store.read().version()
                );
                let _ = std::io::stdout().flush();
                server.set_store(store);
                Ok(())
            }
            Err(err) => {
                failed.notify_one();
                Err(err)
            }
        })
    };
    let shutdown = async {
        tokio::select! {
            () = signalled() => eprintln!("svcrel serve: stopping; requests in flight finish"),
            () = failed.notified() => {}
        }
    };
    if let Err(e) = server.serve(listener, shutdown).await {
        eprintln!("the service stopped: {e}");
        return report::model_failure();
    }
    match loading.await {
        Ok(Err(err)) => return report::failure(&err),
        Err(e) => {
            eprintln!("loading the model failed: {e}");
            return report::model_failure();
        }
        Ok(Ok(())) => {}
    }
    if let Some(Store::Durable(durable)) = server.store() {
        match durable.compact() {
            Ok(path) => eprintln!(
                "svcrel serve: compacted the journal into {}",
                path.display()
            ),
            Err(err) => return report::failure(&err),
        }
    }
    ExitCode::SUCCESS
}

/// The model: from the journal's directory, or from the file.
fn load(model: PathBuf, journal: Option<PathBuf>) -> Result<Store, Error> {
    let Some(dir) = journal else {
        return Ok(Store::Memory(SharedModel::new(Model::from_json_file(
            model,
        )?)));
    };
    let (durable, recovery) = DurableModel::open(&dir, || Model::from_json_file(&model))?;
    for warning in recovery.warnings() {
        eprintln!("warning: {warning}");
    }
    if recovery.replayed() > 0 {
        eprintln!(
            "svcrel serve: replayed {} batches of the journal after snapshot version {}",
            recovery.replayed(),
            recovery.snapshot()
        );
    }
    Ok(Store::Durable(durable))
}

/// Completes on SIGTERM or Ctrl-C (SIGINT).
async fn signalled() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = term.recv() => return,
                _ = tokio::signal::ctrl_c() => return,
            }
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
