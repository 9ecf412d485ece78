//! The routes and their handlers.

use std::io::{self, BufReader, Write};
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde_json::{Map, Value};

use super::errors::{ApiError, json};
use super::stream::{self, BodyReader};
use super::{State as Shared, Store, auth, metrics, page};
use crate::error::Error;
use crate::model::{Edit, Model};
use crate::protocol::{ErrorCode, Question, QuestionLines};

type AppState = State<Arc<Shared>>;

/// Every route, behind the token where it wants one, inside the
/// observing layer.
pub(super) fn router(state: Arc<Shared>) -> Router {
    let guarded = Router::new()
        .route("/v1/ask", post(ask))
        .route("/v1/batch", post(batch))
        .route("/v1/customers/{service}", service_route("customers"))
        .route("/v1/consumers/{service}", service_route("consumers"))
        .route("/v1/impact/{service}", service_route("impact"))
        .route("/v1/relation/{party}/{service}", party_route("relation"))
        .route("/v1/triage/{party}/{service}", party_route("triage"))
        .route("/v1/history/{party}/{service}", party_route("history"))
        .route("/v1/find", get(find))
        .route("/v1/suggest", get(suggest))
        .route("/v1/audit", get(audit))
        .route("/v1/diff", get(diff))
        .route("/v1/edits", post(edits))
        .route("/v1/reload", post(reload))
        .route("/v1/model", get(document))
        .route("/metrics", get(prometheus))
        .route_layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            auth::require_token,
        ));
    Router::new()
        .route("/", get(page::page))
        .route("/agent.js", get(page::script))
        .route("/agent.css", get(page::style))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .merge(guarded)
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            metrics::observe,
        ))
        .with_state(state)
}

/// The GET route of a question about one service.
fn service_route(kind: &'static str) -> MethodRouter<Arc<Shared>> {
    get(
        move |State(s): AppState, Path(id): Path<String>, Query(p): Params| {
            about_service(kind, s, id, p)
        },
    )
}

/// The GET route of a question about a party and a service.
fn party_route(kind: &'static str) -> MethodRouter<Arc<Shared>> {
    get(
        move |State(s): AppState, Path(ids): Path<(String, String)>, Query(p): Params| {
            about_party(kind, s, ids, p)
        },
    )
}

impl Shared {
    /// The model's store, or 503 while it loads.
    fn ready(&self) -> Result<&Store, ApiError> {
        self.store
            .get()
            .ok_or_else(|| ApiError::new(ErrorCode::NotReady, "the model is still loading"))
    }
}

async fn healthz() -> Response {
    json(r#"{"status":"ok"}"#, None)
}

async fn readyz(State(state): AppState) -> Result<Response, ApiError> {
    let version = state.ready()?.read().version();
    Ok(json(
        format!(r#"{{"status":"ready","version":{version}}}"#),
        Some(version),
    ))
}

async fn not_found(request: axum::extract::Request) -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        format!("no route {} {}", request.method(), request.uri().path()),
    )
}

async fn prometheus(State(state): AppState) -> Response {
    let mut response = metrics::render(&state).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/plain; version=0.0.4"),
    );
    response
}

/// Refuses a body of another media type than the route takes (none
/// given is taken as the route's).
fn media_type(headers: &HeaderMap, takes: &[&str]) -> Result<(), ApiError> {
    let Some(given) = headers.get(header::CONTENT_TYPE) else {
        return Ok(());
    };
    let given = given.to_str().unwrap_or("");
    let essence = given.split(';').next().unwrap_or("").trim();
    if takes.iter().any(|t| essence.eq_ignore_ascii_case(t)) {
        return Ok(());
    }
    Err(ApiError::new(
        ErrorCode::UnsupportedMediaType,
        format!("this route takes {}, not {given:?}", takes.join(" or ")),
    ))
}

/// Refuses a body whose declared length is over the limit, before
/// reading it.
fn declared_length(headers: &HeaderMap, max: usize) -> Result<(), ApiError> {
    let length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|l| l.to_str().ok())
        .and_then(|l| l.parse::<u64>().ok());
    match length {
        Some(length) if length > max as u64 => Err(too_large(max)),
        _ => Ok(()),
    }
}

fn too_large(max: usize) -> ApiError {
    ApiError::new(
        ErrorCode::BodyTooLarge,
        format!("the request body is larger than {max} bytes (--max-body)"),
    )
}

/// The whole body, at most `max` bytes.
async fn whole_body(headers: &HeaderMap, body: Body, max: usize) -> Result<Bytes, ApiError> {
    declared_length(headers, max)?;
    match Limited::new(body, max).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(too_large(max)),
        Err(e) => Err(ApiError::new(
            ErrorCode::InvalidRequest,
            format!("the request body could not be read: {e}"),
        )),
    }
}

/// Runs `work` on a thread that may block, with the model's current
/// version.
async fn on_model<T: Send + 'static>(
    store: &Store,
    work: impl FnOnce(&Model) -> Result<T, ApiError> + Send + 'static,
) -> Result<(T, u64), ApiError> {
    let model = store.read();
    let version = model.version();
    let done = tokio::task::spawn_blocking(move || work(&model)).await;
    match done {
        Ok(result) => result.map(|t| (t, version)).map_err(|e| e.read(version)),
        Err(e) => Err(ApiError::new(
            ErrorCode::Internal,
            format!("the answer failed: {e}"),
        )),
    }
}

/// The answer to a question, as JSON.
///
/// `relation`, `triage` and `history` read one party's and one service's
/// neighbourhood (a history asks `relation` on a few dates), and
/// `suggest` a few keys of its index, in microseconds at any size: they are answered on the connection's own
/// thread, as handing them to another thread would cost more than the
/// answer (and, on a busy machine, a wait for that thread to run). The
/// other questions may read a large part of the model (every customer,
/// every name; an audit and a diff read all of it) and run on a thread
/// that may block.
async fn answer(state: &Shared, question: Result<Question, Error>) -> Result<Response, ApiError> {
    let store = state.ready()?;
    let question = question?;
    let point = match question {
        Question::Relation(_) | Question::Triage(_) | Question::History(_) => true,
        // Once its index is built (the service builds it as the model
        // loads), a suggestion reads a few keys.
        Question::Suggest(_) => store.read().suggestions_are_built(),
        _ => false,
    };
    let work = move |model: &Model| {
        let answer = model.ask(&question)?;
        serde_json::to_vec(&answer).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
    };
    let (body, version) = if point {
        let model = store.read();
        let version = model.version();
        (work(&model).map_err(|e| e.read(version))?, version)
    } else {
        on_model(store, work).await?
    };
    Ok(json(body, Some(version)))
}

async fn ask(State(state): AppState, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    state.ready()?;
    media_type(&headers, &["application/json"])?;
    let bytes = whole_body(&headers, body, state.config.max_body).await?;
    answer(&state, Question::from_json_slice(&bytes)).await
}

/// A question from a GET route: its kind, the ids of its path and the
/// query parameters.
fn question(
    kind: &str,
    ids: &[(&str, String)],
    params: Vec<(String, String)>,
) -> Result<Question, Error> {
    let mut object = Map::new();
    object.insert("query".to_owned(), Value::from(kind));
    for (name, id) in ids {
        object.insert((*name).to_owned(), Value::from(id.as_str()));
    }
    for (name, text) in params {
        if object.contains_key(&name) {
            return Err(Error::invalid_question(format!(
                "the query parameter `{name}` is given twice, or also by the path"
            )));
        }
        let value = match name.as_str() {
            "max_chain" | "limit" | "within" => Value::from(text.parse::<u64>().map_err(|_| {
                Error::invalid_question(format!("`{name}` must be a whole number, not {text:?}"))
            })?),
            "summary" => Value::from(match text.as_str() {
                "" | "true" => true,
                "false" => false,
                _ => {
                    return Err(Error::invalid_question(format!(
                        "`summary` must be true or false, not {text:?}"
                    )));
                }
            }),
            _ => Value::from(text),
        };
        object.insert(name, value);
    }
    serde_json::from_value(Value::Object(object))
        .map_err(|e| Error::invalid_question(format!("{e} (in the query parameters)")))
}

type Params = Query<Vec<(String, String)>>;

/// A question about one service, from its GET route.
async fn about_service(
    kind: &'static str,
    state: Arc<Shared>,
    service: String,
    params: Vec<(String, String)>,
) -> Result<Response, ApiError> {
    answer(&state, question(kind, &[("service", service)], params)).await
}

/// A question about a party and a service, from its GET route.
async fn about_party(
    kind: &'static str,
    state: Arc<Shared>,
    (party, service): (String, String),
    params: Vec<(String, String)>,
) -> Result<Response, ApiError> {
    answer(
        &state,
        question(kind, &[("party", party), ("service", service)], params),
    )
    .await
}

async fn find(State(s): AppState, Query(p): Params) -> Result<Response, ApiError> {
    answer(&s, question("find", &[], p)).await
}

async fn suggest(State(s): AppState, Query(p): Params) -> Result<Response, ApiError> {
    answer(&s, question("suggest", &[], p)).await
}

async fn audit(State(s): AppState, Query(p): Params) -> Result<Response, ApiError> {
    answer(&s, question("audit", &[], p)).await
}

async fn diff(State(s): AppState, Query(p): Params) -> Result<Response, ApiError> {
    answer(&s, question("diff", &[], p)).await
}

async fn edits(
    State(state): AppState,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let store = state.ready()?.clone();
    media_type(&headers, &["application/json"])?;
    let bytes = whole_body(&headers, body, state.config.max_body).await?;
    let edits: Vec<Edit> = serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::new(
            ErrorCode::InvalidRequest,
            format!("the body is not a JSON array of edits: {e}"),
        )
    })?;
    let done = tokio::task::spawn_blocking(move || {
        let before = store.read().version();
        store
            .apply(&edits)
            .map_err(|e| ApiError::from(e).read(before))
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the edits failed: {e}")))??;
    let body = serde_json::json!({"version": done.version(), "removed": done.removed()});
    Ok(json(body.to_string(), Some(done.version())))
}

/// A whole model document: the model becomes it, through the edits that
/// turn the current model into it ([`Diff::edits`]), applied as one batch
/// as `/v1/edits` applies one (journalled, one new version: readers see
/// the old model or the new one). A document that is not valid gets every
/// problem. The diff is made in the writer's turn, of the version the
/// batch applies to: no edit comes between, so the model is then the
/// document (but for the order of items).
async fn reload(
    State(state): AppState,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let store = state.ready()?.clone();
    media_type(&headers, &["application/json"])?;
    let max = state.config.max_document;
    let bytes = whole_body(&headers, body, max).await.map_err(|e| {
        if e.code() == ErrorCode::BodyTooLarge {
            ApiError::new(
                ErrorCode::BodyTooLarge,
                format!("the model document is larger than {max} bytes (Config::max_document)"),
            )
        } else {
            e
        }
    })?;
    let done = tokio::task::spawn_blocking(move || {
        let posted = Model::from_json_reader(&bytes[..]).map_err(ApiError::from)?;
        let current = store.read();
        if posted.email_policy() != current.email_policy() {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                "the document's email_policy differs from the model's: restart the service with it instead",
            )
            .read(current.version()));
        }
        let before = current.version();
        drop(current);
        store
            .reload(&posted)
            .map(|(diff, applied)| (diff, applied.version()))
            .map_err(|e| ApiError::from(e).read(before))
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the reload failed: {e}")))??;
    let (diff, version) = done;
    let body = serde_json::json!({"version": version, "counts": diff.counts});
    Ok(json(body.to_string(), Some(version)))
}

async fn document(State(state): AppState) -> Result<Response, ApiError> {
    let model = state.ready()?.read();
    let version = model.version();
    let (mut writer, body) = stream::channel();
    tokio::task::spawn_blocking(move || {
        let written = serde_json::to_writer(&mut writer, &model.to_document())
            .map_err(io::Error::from)
            .and_then(|()| writer.write_all(b"\n"))
            .and_then(|()| writer.flush());
        if let Err(e) = written {
            writer.fail(e);
        }
    });
    Ok(json(body, Some(version)))
}

/// Questions as JSON lines in, answers as JSON lines out, each line
/// answered as soon as it is whole.
async fn batch(
    State(state): AppState,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let model = state.ready()?.read();
    let version = model.version();
    media_type(
        &headers,
        &[
            "application/x-ndjson",
            "application/jsonl",
            "application/json",
            "text/plain",
        ],
    )?;
    declared_length(&headers, state.config.max_body)?;
    let (mut out, response) = stream::channel();
    let body = BodyReader::new(
        body,
        state.config.max_body,
        state.config.request_timeout,
        tokio::runtime::Handle::current(),
    );
    tokio::task::spawn_blocking(move || {
        let mut input = BufReader::with_capacity(1 << 16, body);
        let mut lines = QuestionLines::new(&model);
        if lines.answer(&mut input, &mut out).is_ok() {
            return;
        }
        // A body that could not be read to its end gets one last line
        // saying why; a client gone gets nothing.
        if let Some(failure) = input.into_inner().failure {
            let line = serde_json::json!({"error": failure, "line": lines.lines() + 1});
            let _ = writeln!(out, "{line}").and_then(|()| out.flush());
        }
    });
    let mut response = json(response, Some(version));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/x-ndjson"),
    );
    Ok(response)
}
