//! Everything that ends a request without the integration's response, grouped by whose
//! fault it is.
//!
//! A [`GatewayError`] is a value the pipeline hands to [`crate::response::error_response`],
//! the one place that turns it into AWS's exact response. Its `Display` is the
//! explanation (what happened, the offending value, the fix) that the gateway's access
//! log carries; it never reaches the client.

use http::StatusCode;

use crate::iam::IamDeny;
use crate::jwt::DenyReason;
use crate::lambda_authorizer::LambdaAuthorizerError;
use crate::payload::v2::MalformedResponse;
use crate::permission::PermissionDenied;

/// A refusal or failure on the request path, by fault domain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    /// The request itself cannot be served (404, 413).
    #[error(transparent)]
    Client(#[from] ClientError),
    /// The authorizer refused the request (401, 403).
    #[error(transparent)]
    Authorizer(#[from] AuthorizerError),
    /// The integration could not produce a usable response (500, 503).
    #[error(transparent)]
    Integration(#[from] IntegrationError),
    /// gantry failed (500).
    #[error(transparent)]
    Internal(#[from] InternalError),
}

/// Problems with the request: no stage, no route, too large.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// The host names an API (`{apiId}.execute-api.…`) that is not deployed.
    #[error("host {host:?} names API {api_id}, which is not deployed")]
    UnknownApi {
        /// The `Host` header.
        host: String,
        /// The API id it names.
        api_id: String,
    },
    /// Several APIs are deployed and the host names none of them.
    #[error(
        "{} APIs are deployed and host {host:?} names none of them; call http://{{apiId}}.execute-api.localhost:PORT/... with one of: {}",
        .api_ids.len(),
        .api_ids.join(", ")
    )]
    AmbiguousApi {
        /// The `Host` header.
        host: String,
        /// The deployed APIs.
        api_ids: Vec<String>,
    },
    /// Nothing is deployed.
    #[error("no HTTP API is deployed")]
    NoApis,
    /// The API has `DisableExecuteApiEndpoint: true`: only custom domains reach it.
    // Unconfirmed: the status and body of a request to a disabled default endpoint
    // (§0 step 1: 403 Forbidden, reported by one simulator).
    #[error(
        "API {api_id} has DisableExecuteApiEndpoint: true, so its default endpoint refuses every request; call it through a custom domain name it is mapped to (curl -H 'Host: <domain>' ...) or set it to false"
    )]
    ExecuteApiEndpointDisabled {
        /// The API.
        api_id: String,
    },
    /// The host is a custom domain name and no API mapping matches the path (§7.4).
    // Unconfirmed: 403 {"message":"Forbidden"}, as users report for domains without a
    // matching mapping.
    #[error(
        "custom domain {domain_name} has no API mapping for {path}: its mapping keys are [{}]; call a path under one of them, or add an AWS::ApiGatewayV2::ApiMapping (an empty ApiMappingKey maps the root)",
        .mapping_keys.iter().map(|k| format!("{k:?}")).collect::<Vec<_>>().join(", ")
    )]
    UnmappedPath {
        /// The domain name.
        domain_name: String,
        /// The decoded request path.
        path: String,
        /// The domain's `ApiMappingKey`s.
        mapping_keys: Vec<String>,
    },
    /// No named stage matches the first path segment and there is no `$default` stage.
    #[error(
        "no stage serves {path}: its first segment names no stage and the API has no $default stage; call /<stage>/... or add a $default stage"
    )]
    NoStage {
        /// The decoded request path.
        path: String,
    },
    /// The stage exists but has no deployment, so it serves nothing (§7.1).
    // Unconfirmed: AWS's answer on a stage without a deployment; 404 like a missing stage.
    #[error("{reason}")]
    StageNotDeployed {
        /// Which stage, and what to do.
        reason: String,
    },
    /// The stage throttles the route and its token bucket is empty (§7.2).
    #[error(
        "stage {stage} throttles route {route_key} to {rate_limit} requests per second with a burst of {burst_limit}, and no token was left for this request; send fewer requests at once, or raise ThrottlingRateLimit/ThrottlingBurstLimit in the stage's DefaultRouteSettings or RouteSettings"
    )]
    Throttled {
        /// The stage.
        stage: String,
        /// The route key.
        route_key: String,
        /// `ThrottlingRateLimit` in effect, as written.
        rate_limit: String,
        /// `ThrottlingBurstLimit` in effect.
        burst_limit: u32,
    },
    /// No route matches and there is no `$default` route (§1.4: 404, not 405).
    #[error(
        "no route of stage {stage} matches {method} {path}; add a route such as `{method} {path}` or `ANY /{{proxy+}}`, or a `$default` route"
    )]
    NoRoute {
        /// The stage that was selected.
        stage: String,
        /// The request method.
        method: String,
        /// The path routing saw (stage prefix removed).
        path: String,
    },
    /// The request body could not be read (broken chunked encoding, connection closed
    /// mid-body).
    // Unconfirmed: AWS's answer to a request whose body cannot be read; its edge answers
    // malformed HTTP with 400 before API Gateway sees it.
    #[error("the request body could not be read ({reason}); the client sent a malformed body")]
    UnreadableBody {
        /// What the HTTP layer said.
        reason: String,
    },
    /// Requests in flight already hold as many body bytes as gantry buffers at once
    /// (docs/limits.md §2).
    // Deviation from AWS: API Gateway has no such limit; a single process needs one.
    #[error(
        "requests in flight already hold {budget} bytes of request bodies, the most gantry \
         buffers at once; retry when they finish, or send fewer large bodies at once"
    )]
    BodyBudgetExhausted {
        /// The budget, in bytes.
        budget: usize,
    },
    /// The request body exceeds API Gateway's payload quota (10 MB, §6.1).
    #[error("{}", too_large(*.content_length, *.limit))]
    PayloadTooLarge {
        /// The body's size as its `Content-Length` declares it, when it does; the body is
        /// not read past the limit.
        content_length: Option<u64>,
        /// The limit.
        limit: usize,
    },
}

fn too_large(content_length: Option<u64>, limit: usize) -> String {
    match content_length {
        Some(length) => format!(
            "the request body has {length} bytes (its Content-Length), over API Gateway's limit of {limit} bytes; send a smaller body"
        ),
        None => format!(
            "the request body is over API Gateway's limit of {limit} bytes (it was read only up to the limit); send a smaller body"
        ),
    }
}

/// The authorizer's refusal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthorizerError {
    /// A JWT authorizer denied the request.
    #[error("JWT authorizer denied the request: {0}")]
    Jwt(DenyReason),
    /// A Lambda authorizer refused the request or failed (§3.6).
    #[error(transparent)]
    Lambda(LambdaAuthorizerError),
    /// An `AWS_IAM` route refused the caller (§12.3).
    #[error("AWS_IAM authorization denied the request: {0}")]
    Iam(IamDeny),
}

/// The integration's failure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntegrationError {
    /// The route uses something gantry cannot serve (an integration type, payload format
    /// or authorizer it does not implement, or a broken reference); AWS would answer too,
    /// gantry answers 500 and says why.
    #[error("{reason}")]
    NotServed {
        /// What it is and what to do.
        reason: String,
    },
    /// API Gateway may not invoke the function (§9.3).
    #[error("{0}")]
    PermissionDenied(PermissionDenied),
    /// The function returned something its payload format cannot use (§5.3, §5.4).
    #[error("{0}")]
    MalformedResponse(MalformedResponse),
    /// The function raised an error (§5.4).
    #[error("the function failed with {error_type}: {message}")]
    FunctionError {
        /// The error type the runtime reported.
        error_type: String,
        /// The error message the runtime reported.
        message: String,
    },
    /// The invocation ended without a response (init failure, crash, runtime exit, the
    /// function's own timeout, throttling).
    #[error("the invocation returned no response: {reason}")]
    InvokeFailed {
        /// What went wrong.
        reason: String,
    },
    /// No response within the integration timeout (§6.1: 503, not 504).
    #[error(
        "the function did not respond within the integration timeout of {timeout_ms} ms; make it faster or raise TimeoutInMillis (max 30000)"
    )]
    Timeout {
        /// The integration timeout.
        timeout_ms: u64,
    },
    /// The HTTP endpoint did not answer within the integration timeout (§6.1: 503).
    #[error(
        "HTTP_PROXY integration did not get a response from {url} within the integration timeout of {timeout_ms} ms; make the endpoint faster or raise TimeoutInMillis (max 30000)"
    )]
    HttpProxyTimeout {
        /// The URL called.
        url: String,
        /// The integration timeout.
        timeout_ms: u64,
    },
    /// The HTTP endpoint could not be reached (§6.4).
    // Unconfirmed: AWS does not document the answer to an unreachable endpoint or an
    // unusable response; gantry answers 500 like other integration failures.
    #[error(
        "HTTP_PROXY integration could not connect to {url}: {reason}; start the endpoint or fix the IntegrationUri"
    )]
    HttpProxyUnreachable {
        /// The URL called.
        url: String,
        /// What the HTTP client said.
        reason: String,
    },
    /// The HTTP endpoint answered, but not with a response API Gateway can pass on.
    #[error("HTTP_PROXY integration got no usable response from {url}: {reason}")]
    HttpProxyBadResponse {
        /// The URL called.
        url: String,
        /// What was wrong.
        reason: String,
    },
    /// A parameter mapping (§6.5) or the URI could not be applied to this request.
    #[error("integration {integration_id}: {reason}")]
    ParameterMapping {
        /// The integration.
        integration_id: String,
        /// What could not be applied.
        reason: String,
    },
}

/// A failure of gantry while serving the request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("gantry failed while serving the request: {what}")]
pub struct InternalError {
    /// What failed.
    pub what: String,
}

impl GatewayError {
    /// The status AWS answers with (Appendix A).
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Client(
                ClientError::UnknownApi { .. }
                | ClientError::AmbiguousApi { .. }
                | ClientError::NoApis
                | ClientError::NoStage { .. }
                | ClientError::StageNotDeployed { .. }
                | ClientError::NoRoute { .. },
            ) => StatusCode::NOT_FOUND,
            Self::Client(
                ClientError::ExecuteApiEndpointDisabled { .. } | ClientError::UnmappedPath { .. },
            ) => StatusCode::FORBIDDEN,
            Self::Client(ClientError::PayloadTooLarge { .. }) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Client(ClientError::Throttled { .. }) => StatusCode::TOO_MANY_REQUESTS,
            Self::Client(ClientError::UnreadableBody { .. }) => StatusCode::BAD_REQUEST,
            Self::Client(ClientError::BodyBudgetExhausted { .. }) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            Self::Authorizer(AuthorizerError::Jwt(reason)) => reason.status(),
            Self::Authorizer(AuthorizerError::Lambda(refusal)) => refusal.status(),
            Self::Authorizer(AuthorizerError::Iam(_)) => StatusCode::FORBIDDEN,
            Self::Integration(
                IntegrationError::Timeout { .. } | IntegrationError::HttpProxyTimeout { .. },
            ) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Integration(_) | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}
