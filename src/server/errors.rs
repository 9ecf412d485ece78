//! Failures as JSON error objects with their HTTP status.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::Error;
use crate::protocol::{ErrorCode, ErrorObject, ErrorReply};

/// The header that says which version of the model an answer read.
pub(super) const VERSION_HEADER: &str = "svcrel-version";

/// A failure of a request: its error object, and the model's version if
/// the request read one.
#[derive(Debug)]
pub(super) struct ApiError {
    object: ErrorObject,
    version: Option<u64>,
}

impl ApiError {
    /// The kind of failure.
    pub(super) fn code(&self) -> ErrorCode {
        self.object.kind
    }

    pub(super) fn new(kind: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            object: ErrorObject::new(kind, message),
            version: None,
        }
    }

    pub(super) fn read(mut self, version: u64) -> ApiError {
        self.version = Some(version);
        self
    }
}

impl From<Error> for ApiError {
    fn from(err: Error) -> Self {
        ApiError {
            object: ErrorObject::from(&err),
            version: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.object.kind.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let reply = ErrorReply { error: self.object };
        let body = serde_json::to_vec(&reply).unwrap_or_default();
        let mut response = json(body, self.version);
        *response.status_mut() = status;
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// A 200 answer of JSON bytes, with the version it read.
pub(super) fn json(body: impl Into<Body>, version: Option<u64>) -> Response {
    let mut response = Response::new(body.into());
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Some(version) = version {
        headers.insert(VERSION_HEADER, HeaderValue::from(version));
    }
    response
}

/// The error kind of a status that a layer below the routes answered
/// with (axum's own 405, a rejected extractor), for a JSON body.
pub(super) fn code_of(status: StatusCode) -> ErrorCode {
    match status.as_u16() {
        401 => ErrorCode::Unauthorized,
        404 => ErrorCode::NotFound,
        405 => ErrorCode::MethodNotAllowed,
        408 => ErrorCode::Timeout,
        413 => ErrorCode::BodyTooLarge,
        415 => ErrorCode::UnsupportedMediaType,
        503 => ErrorCode::NotReady,
        400..=499 => ErrorCode::InvalidRequest,
        _ => ErrorCode::Internal,
    }
}
