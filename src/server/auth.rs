//! The bearer token, compared in constant time.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use super::State as Shared;
use super::errors::ApiError;
use crate::protocol::ErrorCode;

/// Lets a request through when the service has no token, or when the
/// request's `Authorization: Bearer` token is the service's.
pub(super) async fn require_token(
    State(state): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(token) = &state.config.token else {
        return next.run(request).await;
    };
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .map(|value| value.as_bytes().strip_prefix(b"Bearer ").unwrap_or(b""));
    match given {
        // The comparison takes as long for any guess of the same length.
        Some(given) if bool::from(given.ct_eq(token.as_bytes())) => next.run(request).await,
        Some(_) => ApiError::new(
            ErrorCode::Unauthorized,
            "the Authorization header does not hold the service's bearer token",
        )
        .into_response(),
        None => ApiError::new(
            ErrorCode::Unauthorized,
            "this route wants an Authorization: Bearer <token> header",
        )
        .into_response(),
    }
}
