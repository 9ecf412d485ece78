//! Requests counted and timed by route, the JSON body of every failure,
//! the request timeout, and the Prometheus text of `GET /metrics`.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;

use super::State as Shared;
use super::errors::{ApiError, code_of};
use crate::protocol::ErrorCode;

/// The upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

/// The counts of one route.
#[derive(Debug, Default)]
struct Route {
    requests: u64,
    errors: u64,
    buckets: [u64; BUCKETS.len()],
    seconds: f64,
}

/// Every route's counts.
#[derive(Debug, Default)]
pub(super) struct Metrics {
    routes: Mutex<BTreeMap<&'static str, Route>>,
}

impl Metrics {
    fn record(&self, route: &'static str, status: StatusCode, seconds: f64) {
        let mut routes = self.routes.lock().unwrap_or_else(PoisonError::into_inner);
        let counts = routes.entry(route).or_default();
        counts.requests += 1;
        if status.is_client_error() || status.is_server_error() {
            counts.errors += 1;
        }
        for (bucket, bound) in counts.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
        counts.seconds += seconds;
    }
}

/// The route a path is answered by, as a label: the route's pattern, or
/// `other`.
fn route_of(path: &str) -> &'static str {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match segments.as_slice() {
        [""] | ["agent.js"] | ["agent.css"] => "/",
        ["healthz"] => "/healthz",
        ["readyz"] => "/readyz",
        ["metrics"] => "/metrics",
        ["v1", "ask"] => "/v1/ask",
        ["v1", "batch"] => "/v1/batch",
        ["v1", "edits"] => "/v1/edits",
        ["v1", "reload"] => "/v1/reload",
        ["v1", "model"] => "/v1/model",
        ["v1", "find"] => "/v1/find",
        ["v1", "suggest"] => "/v1/suggest",
        ["v1", "audit"] => "/v1/audit",
        ["v1", "diff"] => "/v1/diff",
        ["v1", "customers", _] => "/v1/customers/{service}",
        ["v1", "consumers", _] => "/v1/consumers/{service}",
        ["v1", "impact", _] => "/v1/impact/{service}",
        ["v1", "relation", _, _] => "/v1/relation/{party}/{service}",
        ["v1", "triage", _, _] => "/v1/triage/{party}/{service}",
        ["v1", "history", _, _] => "/v1/history/{party}/{service}",
        _ => "other",
    }
}

/// Around every request: the timeout, the JSON body of a failure that a
/// layer below answered without one, and the counts.
pub(super) async fn observe(
    State(state): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let start = Instant::now();
    let route = route_of(request.uri().path());
    let response = match tokio::time::timeout(state.config.request_timeout, next.run(request)).await
    {
        Ok(response) => with_json_error(response).await,
        Err(_) => ApiError::new(
            ErrorCode::Timeout,
            format!(
                "the request took more than {} seconds",
                state.config.request_timeout.as_secs_f64()
            ),
        )
        .into_response(),
    };
    state
        .metrics
        .record(route, response.status(), start.elapsed().as_secs_f64());
    response
}

/// A failure without a JSON body (axum's 405, an extractor's rejection)
/// gets one, its text as the message.
async fn with_json_error(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let text = match http_body_util::Limited::new(response.into_body(), 4096)
        .collect()
        .await
    {
        Ok(body) => String::from_utf8_lossy(&body.to_bytes()).trim().to_owned(),
        Err(_) => String::new(),
    };
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("failed").to_owned()
    } else {
        text
    };
    let mut response = ApiError::new(code_of(status), message).into_response();
    *response.status_mut() = status;
    response
}

/// The Prometheus text of `GET /metrics`.
pub(super) fn render(state: &Shared) -> String {
    let mut out = String::new();
    let routes = state
        .metrics
        .routes
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    header_of(
        &mut out,
        "svcrel_http_requests_total",
        "counter",
        "Requests answered, by route.",
    );
    for (route, counts) in routes.iter() {
        let _ = writeln!(
            out,
            "svcrel_http_requests_total{{route=\"{route}\"}} {}",
            counts.requests
        );
    }
    header_of(
        &mut out,
        "svcrel_http_errors_total",
        "counter",
        "Requests answered with a 4xx or 5xx status, by route.",
    );
    for (route, counts) in routes.iter() {
        let _ = writeln!(
            out,
            "svcrel_http_errors_total{{route=\"{route}\"}} {}",
            counts.errors
        );
    }
    header_of(
        &mut out,
        "svcrel_http_request_duration_seconds",
        "histogram",
        "Time to answer a request (to its headers, for a streamed body), by route.",
    );
    for (route, counts) in routes.iter() {
        for (bound, count) in BUCKETS.iter().zip(counts.buckets) {
            let _ = writeln!(
                out,
                "svcrel_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {count}"
            );
        }
        let _ = writeln!(
            out,
            "svcrel_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
            counts.requests
        );
        let _ = writeln!(
            out,
            "svcrel_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
            counts.seconds
        );
        let _ = writeln!(
            out,
            "svcrel_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
            counts.requests
        );
    }
    drop(routes);
    let store = state.store.get();
    gauge(
        &mut out,
        "svcrel_model_ready",
        "1 once the model is loaded.",
        Some(u64::from(store.is_some())),
    );
    let model = store.map(|s| s.read());
    gauge(
        &mut out,
        "svcrel_model_version",
        "The model's version.",
        model.as_ref().map(|m| m.version()),
    );
    let counts = model.as_ref().map(|m| m.counts());
    gauge(
        &mut out,
        "svcrel_model_entities",
        "Organisations, individuals and services.",
        counts.as_ref().map(|c| c.entities() as u64),
    );
    gauge(
        &mut out,
        "svcrel_model_links",
        "Links between entities.",
        counts.as_ref().map(|c| c.links() as u64),
    );
    let journal = store.and_then(|s| s.journal());
    gauge(
        &mut out,
        "svcrel_journal_bytes",
        "The journal's size in bytes (with --journal).",
        journal.map(|(bytes, _)| bytes),
    );
    gauge(
        &mut out,
        "svcrel_journal_compaction_timestamp_seconds",
        "When the journal was last compacted into a snapshot (Unix time).",
        journal.and_then(|(_, at)| at).map(seconds),
    );
    gauge(
        &mut out,
        "svcrel_snapshot_rebuild_timestamp_seconds",
        "When the model's read-optimised snapshot was last rebuilt after edits (Unix time).",
        store.and_then(|s| s.shared().last_rebuild()).map(seconds),
    );
    out
}

fn header_of(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// A gauge, when it has a value.
fn gauge(out: &mut String, name: &str, help: &str, value: Option<u64>) {
    if let Some(value) = value {
        header_of(out, name, "gauge", help);
        let _ = writeln!(out, "{name} {value}");
    }
}

fn seconds(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::route_of;

    #[test]
    fn paths_are_labelled_by_their_route() {
        assert_eq!(
            route_of("/v1/triage/ann/desk"),
            "/v1/triage/{party}/{service}"
        );
        assert_eq!(
            route_of("/v1/history/mary/acme-email"),
            "/v1/history/{party}/{service}"
        );
        assert_eq!(route_of("/v1/audit"), "/v1/audit");
        assert_eq!(route_of("/v1/diff"), "/v1/diff");
        assert_eq!(route_of("/v1/customers/a/b"), "other");
        assert_eq!(route_of("/healthz"), "/healthz");
    }
}
