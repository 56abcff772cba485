//! The Runtime API over HTTP/1.1: AWS's paths under `/2018-06-01/runtime/`, mapped onto
//! [`RuntimeState`]. Status codes and error bodies follow the Runtime Interface Emulator.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use http_body_util::BodyExt;

use super::Invocation;
use super::answers::{self, Answer};
use super::headers::{
    self, AWS_REQUEST_ID, CLIENT_CONTEXT, DEADLINE_MS, FUNCTION_ERROR_BODY, FUNCTION_ERROR_TYPE,
    FUNCTION_RESPONSE_MODE, INVOKED_FUNCTION_ARN, RESPONSE_MODE_STREAMING, TRACE_ID,
};
use super::state::{Refusal, ResultKind, RuntimeReply, RuntimeState};
use crate::invoke::platform_error::MAX_RESPONSE_PAYLOAD_BYTES;

const NEXT: &str = "/2018-06-01/runtime/invocation/next";
const RESPONSE: &str = "/2018-06-01/runtime/invocation/{request_id}/response";
const ERROR: &str = "/2018-06-01/runtime/invocation/{request_id}/error";
const INIT_ERROR: &str = "/2018-06-01/runtime/init/error";

/// The platform's error type for an invocation answered with an unknown response mode.
const RUNTIME_INVALID_RESPONSE_MODE_HEADER: &str = "Runtime.InvalidResponseModeHeader";

/// The routes of one environment's Runtime API.
pub(crate) fn router(state: Arc<RuntimeState>) -> Router {
    Router::new()
        .route(NEXT, get(next))
        .route(RESPONSE, post(response))
        .route(ERROR, post(error))
        .route(INIT_ERROR, post(init_error))
        .with_state(state)
}

async fn next(State(state): State<Arc<RuntimeState>>) -> Response {
    match state.next().await {
        Ok(invocation) => event_response(invocation),
        Err(refusal) => refused(refusal),
    }
}

fn event_response(invocation: Invocation) -> Response {
    let mut response = Response::new(Body::from(invocation.payload));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(DEADLINE_MS, HeaderValue::from(invocation.deadline_ms));
    // Like RIE, headers with empty values are left out.
    set(headers, AWS_REQUEST_ID, &invocation.request_id);
    set(
        headers,
        INVOKED_FUNCTION_ARN,
        &invocation.invoked_function_arn,
    );
    set(headers, TRACE_ID, &invocation.trace_id);
    if let Some(client_context) = &invocation.client_context {
        set(headers, CLIENT_CONTEXT, client_context);
    }
    response
}

fn set(headers: &mut HeaderMap, name: HeaderName, value: &str) {
    if let Some(Ok(value)) = headers::sent_value(value).map(HeaderValue::from_str) {
        headers.insert(name, value);
    }
}

async fn response(
    State(state): State<Arc<RuntimeState>>,
    Path(request_id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let slot = match state.begin_result(&request_id, ResultKind::Response) {
        Ok(slot) => slot,
        Err(refusal) => return refused(refusal),
    };
    let streaming = match headers.get(FUNCTION_RESPONSE_MODE) {
        None => false,
        Some(mode) if mode == RESPONSE_MODE_STREAMING => true,
        Some(_) => {
            slot.complete(RuntimeReply::Error {
                error_type: RUNTIME_INVALID_RESPONSE_MODE_HEADER.to_owned(),
                body: Bytes::new(),
            });
            return render(answers::api_error(
                StatusCode::BAD_REQUEST,
                answers::INVALID_FUNCTION_RESPONSE_MODE,
                "Invalid function response mode",
            ));
        }
    };
    // A body that cannot be read leaves the invocation in flight (the slot is dropped).
    let Ok(received) = read_body(body).await else {
        return truncated();
    };
    match received {
        Received::TooLarge { size } => {
            slot.complete(RuntimeReply::TooLarge { size });
            too_large()
        }
        Received::Complete { data, trailers } => {
            // Deviation from AWS: a streamed body is passed on as it was sent, including
            // the JSON prelude and 8 NUL bytes of an HTTP-integration response.
            let stream_error = streaming
                .then(|| trailers.as_ref().and_then(stream_error))
                .flatten();
            slot.complete(stream_error.unwrap_or(RuntimeReply::Response { body: data }));
            accepted()
        }
    }
}

/// A streamed response that failed part-way reports the error in trailers; the body
/// trailer is the base64 error document.
fn stream_error(trailers: &HeaderMap) -> Option<RuntimeReply> {
    let error_type = headers::stream_error_type(trailers.get(FUNCTION_ERROR_TYPE))?;
    let body = trailers
        .get(FUNCTION_ERROR_BODY)
        .and_then(|value| {
            base64::engine::general_purpose::STANDARD
                .decode(value.as_bytes())
                .ok()
        })
        .map(Bytes::from)
        .unwrap_or_default();
    Some(RuntimeReply::Error { error_type, body })
}

async fn error(
    State(state): State<Arc<RuntimeState>>,
    Path(request_id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let slot = match state.begin_result(&request_id, ResultKind::Error) {
        Ok(slot) => slot,
        Err(refusal) => return refused(refusal),
    };
    let Ok(received) = read_body(body).await else {
        return truncated();
    };
    match received {
        Received::TooLarge { size } => {
            slot.complete(RuntimeReply::TooLarge { size });
            too_large()
        }
        Received::Complete { data, .. } => {
            slot.complete(RuntimeReply::Error {
                error_type: error_type(&headers),
                body: data,
            });
            accepted()
        }
    }
}

async fn init_error(
    State(state): State<Arc<RuntimeState>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let data = match read_body(body).await {
        Ok(Received::Complete { data, .. }) => data,
        Ok(Received::TooLarge { .. }) => return too_large(),
        Err(_) => {
            return truncated();
        }
    };
    match state.init_error(error_type(&headers), data) {
        Ok(()) => accepted(),
        Err(refusal) => refused(refusal),
    }
}

/// `Lambda-Runtime-Function-Error-Type`, or `Unhandled` when missing or unreadable.
fn error_type(headers: &HeaderMap) -> String {
    headers::error_type(headers.get(FUNCTION_ERROR_TYPE))
}

enum Received {
    Complete {
        data: Bytes,
        trailers: Option<HeaderMap>,
    },
    TooLarge {
        size: u64,
    },
}

/// Reads a (possibly chunked) body, keeping at most the response limit in memory but
/// counting all of it, so an oversized response can be reported with its size.
async fn read_body(mut body: Body) -> Result<Received, axum::Error> {
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut size: u64 = 0;
    let mut trailers = None;
    while let Some(frame) = body.frame().await {
        match frame?.into_data() {
            Ok(chunk) => {
                size += chunk.len() as u64;
                if size <= MAX_RESPONSE_PAYLOAD_BYTES {
                    chunks.push(chunk);
                } else {
                    chunks.clear();
                }
            }
            Err(frame) => trailers = frame.into_trailers().ok(),
        }
    }
    if size > MAX_RESPONSE_PAYLOAD_BYTES {
        return Ok(Received::TooLarge { size });
    }
    let data = match chunks.len() {
        0 => Bytes::new(),
        1 => chunks.swap_remove(0),
        _ => Bytes::from(chunks.concat()),
    };
    Ok(Received::Complete { data, trailers })
}

fn accepted() -> Response {
    render(answers::accepted())
}

fn too_large() -> Response {
    render(answers::too_large())
}

fn truncated() -> Response {
    render(answers::truncated())
}

fn refused(refusal: Refusal) -> Response {
    render(answers::refused(&refusal))
}

fn render(answer: Answer) -> Response {
    (
        answer.status,
        [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        answer.body,
    )
        .into_response()
}
