//! gantry's own endpoints: `/_gantry/health`, the built-in issuer's discovery
//! document, JWKS and token endpoint, and the request inspector (page and JSON). The
//! token endpoint and the inspector answer loopback clients only, unless exposed; exposed,
//! the token endpoint asks other callers for its client credentials ([`super::exposure`]).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use serde_json::json;

use super::inspector_routes::{self, REQUESTS_PATH};
use super::{App, ISSUER_PATH, exposure, json_response};

/// Largest token request accepted.
const MAX_TOKEN_REQUEST_BYTES: usize = 64 * 1024;

pub(super) async fn handle(
    app: &Arc<App>,
    request: Request<Incoming>,
    client: SocketAddr,
) -> Response<Bytes> {
    let path = request.uri().path().to_owned();
    let loopback_only = path == REQUESTS_PATH
        || inspector_routes::asset(&path).is_some()
        || path.strip_prefix(ISSUER_PATH) == Some(issuer::TOKEN_PATH);
    if loopback_only && !exposure::allows(client.ip(), app.expose_gantry_endpoints) {
        return exposure::refusal(client.ip(), &path);
    }
    match (request.method(), path.as_str()) {
        (&Method::GET, "/_gantry/health") => health(app),
        (&Method::GET, REQUESTS_PATH) => inspector_routes::requests(
            &app.inspector,
            request.uri().query(),
            request.headers().get(http::header::IF_NONE_MATCH),
        ),
        (&Method::GET, _) if let Some(asset) = inspector_routes::asset(&path) => asset,
        (&Method::GET, _) if path.strip_prefix(ISSUER_PATH) == Some(issuer::DISCOVERY_PATH) => {
            json_response(StatusCode::OK, &app.issuer.discovery_document())
        }
        (&Method::GET, _) if path.strip_prefix(ISSUER_PATH) == Some(issuer::JWKS_PATH) => {
            json_response(StatusCode::OK, &app.issuer.jwks())
        }
        (&Method::POST, _) if path.strip_prefix(ISSUER_PATH) == Some(issuer::TOKEN_PATH) => {
            token(app, request, client).await
        }
        _ => json_response(
            StatusCode::NOT_FOUND,
            &json!({"message": format!("gantry has no endpoint {} {path}; its own endpoints are GET /_gantry/health, the request inspector GET /_gantry/ and GET {REQUESTS_PATH}, and the issuer under {ISSUER_PATH}", request.method())}),
        ),
    }
}

fn health(app: &App) -> Response<Bytes> {
    if app.is_ready() {
        json_response(StatusCode::OK, &json!({"status": "serving"}))
    } else {
        json_response(
            StatusCode::SERVICE_UNAVAILABLE,
            &json!({"status": "deploying"}),
        )
    }
}

async fn token(app: &App, request: Request<Incoming>, client: SocketAddr) -> Response<Bytes> {
    let header = |name| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header(CONTENT_TYPE).unwrap_or_default();
    let authorization = header(AUTHORIZATION);
    let body = match Limited::new(request.into_body(), MAX_TOKEN_REQUEST_BYTES)
        .collect()
        .await
    {
        Ok(body) => body.to_bytes(),
        Err(_) => {
            return json_response(
                StatusCode::BAD_REQUEST,
                &json!({"error": "invalid_request", "error_description": "the request body is unreadable or larger than 64 KiB"}),
            );
        }
    };
    if !exposure::token_caller_authenticated(
        client.ip(),
        app.token_client.as_ref(),
        authorization.as_deref(),
        &content_type,
        &body,
    ) {
        return exposure::invalid_client();
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let answer = issuer::token_endpoint(&app.issuer, &content_type, &body, now);
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    json_response(status, &answer.body)
}
