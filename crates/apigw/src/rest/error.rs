//! Every way API Gateway itself answers a REST request, as a value: the gateway response
//! type (aws-rest-api.md §7.1), the default status and body AWS sends, and the explanation gantry logs.
//! [`crate::rest::gateway_response`] renders a [`RestError`] with the API's overrides.

use http::StatusCode;

/// AWS's gateway response types (aws-rest-api.md §7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GatewayResponseType {
    /// `ACCESS_DENIED` (403): the authorizer's policy denies the method.
    AccessDenied,
    /// `API_CONFIGURATION_ERROR` (500).
    ApiConfigurationError,
    /// `AUTHORIZER_CONFIGURATION_ERROR` (500): the authorizer failed or answered badly.
    AuthorizerConfigurationError,
    /// `AUTHORIZER_FAILURE` (500).
    AuthorizerFailure,
    /// `BAD_REQUEST_PARAMETERS` (400).
    BadRequestParameters,
    /// `BAD_REQUEST_BODY` (400).
    BadRequestBody,
    /// `DEFAULT_4XX`.
    Default4xx,
    /// `DEFAULT_5XX`.
    Default5xx,
    /// `EXPIRED_TOKEN` (403).
    ExpiredToken,
    /// `INTEGRATION_FAILURE` (504).
    IntegrationFailure,
    /// `INTEGRATION_TIMEOUT` (504).
    IntegrationTimeout,
    /// `INVALID_API_KEY` (403).
    InvalidApiKey,
    /// `INVALID_SIGNATURE` (403).
    InvalidSignature,
    /// `MISSING_AUTHENTICATION_TOKEN` (403): no resource or method matches.
    MissingAuthenticationToken,
    /// `QUOTA_EXCEEDED` (429).
    QuotaExceeded,
    /// `REQUEST_TOO_LARGE` (413).
    RequestTooLarge,
    /// `RESOURCE_NOT_FOUND` (404).
    ResourceNotFound,
    /// `THROTTLED` (429).
    Throttled,
    /// `UNAUTHORIZED` (401).
    Unauthorized,
    /// `UNSUPPORTED_MEDIA_TYPE` (415).
    UnsupportedMediaType,
    /// `WAF_FILTERED` (403).
    WafFiltered,
}

impl GatewayResponseType {
    /// Every type, for parsing `ResponseType`.
    pub const ALL: &'static [Self] = &[
        Self::AccessDenied,
        Self::ApiConfigurationError,
        Self::AuthorizerConfigurationError,
        Self::AuthorizerFailure,
        Self::BadRequestParameters,
        Self::BadRequestBody,
        Self::Default4xx,
        Self::Default5xx,
        Self::ExpiredToken,
        Self::IntegrationFailure,
        Self::IntegrationTimeout,
        Self::InvalidApiKey,
        Self::InvalidSignature,
        Self::MissingAuthenticationToken,
        Self::QuotaExceeded,
        Self::RequestTooLarge,
        Self::ResourceNotFound,
        Self::Throttled,
        Self::Unauthorized,
        Self::UnsupportedMediaType,
        Self::WafFiltered,
    ];

    /// The type as AWS spells it (`ResponseType`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::AccessDenied => "ACCESS_DENIED",
            Self::ApiConfigurationError => "API_CONFIGURATION_ERROR",
            Self::AuthorizerConfigurationError => "AUTHORIZER_CONFIGURATION_ERROR",
            Self::AuthorizerFailure => "AUTHORIZER_FAILURE",
            Self::BadRequestParameters => "BAD_REQUEST_PARAMETERS",
            Self::BadRequestBody => "BAD_REQUEST_BODY",
            Self::Default4xx => "DEFAULT_4XX",
            Self::Default5xx => "DEFAULT_5XX",
            Self::ExpiredToken => "EXPIRED_TOKEN",
            Self::IntegrationFailure => "INTEGRATION_FAILURE",
            Self::IntegrationTimeout => "INTEGRATION_TIMEOUT",
            Self::InvalidApiKey => "INVALID_API_KEY",
            Self::InvalidSignature => "INVALID_SIGNATURE",
            Self::MissingAuthenticationToken => "MISSING_AUTHENTICATION_TOKEN",
            Self::QuotaExceeded => "QUOTA_EXCEEDED",
            Self::RequestTooLarge => "REQUEST_TOO_LARGE",
            Self::ResourceNotFound => "RESOURCE_NOT_FOUND",
            Self::Throttled => "THROTTLED",
            Self::Unauthorized => "UNAUTHORIZED",
            Self::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            Self::WafFiltered => "WAF_FILTERED",
        }
    }

    /// The type AWS spells `name`, if any.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|t| t.as_str() == name)
    }
}

/// The body API Gateway sends for an error it generates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorBody {
    /// `{"message":<string>}`, the default template `{"message":$context.error.messageString}`.
    Message(String),
    /// `{"Message":<string>}`: authorizer policy denials use a capital M (aws-rest-api.md §4.4).
    CapitalMessage(String),
    /// `{"message":null}`: authorizer configuration errors (aws-rest-api.md §4.4).
    NullMessage,
    /// Exact bytes, for the integration errors observed with a space after the colon
    /// (`{"message": "Internal server error"}`, aws-rest-api.md §3.4).
    Raw(&'static str),
}

/// A request API Gateway answers itself, with AWS's status, body and `x-amzn-ErrorType`,
/// and the explanation (what happened, the value at fault, the fix) for the log line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{explanation}")]
pub struct RestError {
    /// The gateway response type, when the answer is one (customisable by the API).
    pub response_type: Option<GatewayResponseType>,
    /// The status AWS sends by default.
    pub status: StatusCode,
    /// The body AWS sends by default.
    pub body: ErrorBody,
    /// `x-amzn-ErrorType`, when AWS sends one.
    pub error_type: Option<&'static str>,
    /// Why, for the access log; never sent to the client.
    pub explanation: String,
    /// An authorizer could not decide (its keys could not be read) though AWS answers as
    /// for a refusal; the request's log says so.
    pub undecided: bool,
}

impl RestError {
    fn new(
        response_type: Option<GatewayResponseType>,
        status: StatusCode,
        body: ErrorBody,
        error_type: Option<&'static str>,
        explanation: impl Into<String>,
    ) -> Self {
        Self {
            response_type,
            status,
            body,
            error_type,
            explanation: explanation.into(),
            undecided: false,
        }
    }

    /// Marks the refusal as an authorizer that could not decide (see `undecided`).
    #[must_use]
    pub fn undecided(mut self) -> Self {
        self.undecided = true;
        self
    }

    /// 403 `{"message":"Forbidden"}`: no such stage, or the default endpoint is disabled
    /// (aws-rest-api.md §0 step 1–2).
    // Unconfirmed: whether this answer is a customisable gateway response.
    pub fn forbidden(explanation: impl Into<String>) -> Self {
        Self::new(
            None,
            StatusCode::FORBIDDEN,
            ErrorBody::Message("Forbidden".into()),
            Some("ForbiddenException"),
            explanation,
        )
    }

    /// 403 `{"message":"Missing Authentication Token"}`: no resource or method (aws-rest-api.md §1.4).
    pub fn missing_authentication_token(explanation: impl Into<String>) -> Self {
        Self::new(
            Some(GatewayResponseType::MissingAuthenticationToken),
            StatusCode::FORBIDDEN,
            ErrorBody::Message("Missing Authentication Token".into()),
            Some("MissingAuthenticationTokenException"),
            explanation,
        )
    }

    /// 401 `{"message":"Unauthorized"}`: no token, a token failing the validation
    /// expression, an authorizer answering `Unauthorized`, a bad Cognito token (aws-rest-api.md §4).
    pub fn unauthorized(explanation: impl Into<String>) -> Self {
        Self::new(
            Some(GatewayResponseType::Unauthorized),
            StatusCode::UNAUTHORIZED,
            ErrorBody::Message("Unauthorized".into()),
            Some("UnauthorizedException"),
            explanation,
        )
    }

    /// 403 `{"Message":"User is not authorized to access this resource with an explicit
    /// deny"}` (aws-rest-api.md §4.4).
    pub fn explicit_deny(explanation: impl Into<String>) -> Self {
        Self::new(
            Some(GatewayResponseType::AccessDenied),
            StatusCode::FORBIDDEN,
            ErrorBody::CapitalMessage(
                "User is not authorized to access this resource with an explicit deny".into(),
            ),
            Some("AccessDeniedException"),
            explanation,
        )
    }

    /// 403 `{"Message":"User is not authorized to access this resource"}`: no Allow
    /// matches (aws-rest-api.md §4.4).
    pub fn implicit_deny(explanation: impl Into<String>) -> Self {
        Self::new(
            Some(GatewayResponseType::AccessDenied),
            StatusCode::FORBIDDEN,
            ErrorBody::CapitalMessage("User is not authorized to access this resource".into()),
            Some("AccessDeniedException"),
            explanation,
        )
    }

    /// 403 `{"Message":<message>}` with type `ACCESS_DENIED`: an IAM or resource-policy
    /// denial whose message names the caller and resource (aws-rest-api.md §4.7).
    pub fn access_denied(message: String, explanation: impl Into<String>) -> Self {
        Self::new(
            Some(GatewayResponseType::AccessDenied),
            StatusCode::FORBIDDEN,
            ErrorBody::CapitalMessage(message),
            Some("AccessDeniedException"),
            explanation,
        )
    }

    /// 403 with a SigV4 problem (`INVALID_SIGNATURE`, `EXPIRED_TOKEN`, ...): the body and
    /// error type the HTTP API's IAM check established (aws-rest-api.md §4.7).
    pub fn signature(
        response_type: GatewayResponseType,
        message: String,
        error_type: &'static str,
        explanation: impl Into<String>,
    ) -> Self {
        Self::new(
            Some(response_type),
            StatusCode::FORBIDDEN,
            ErrorBody::Message(message),
            Some(error_type),
            explanation,
        )
    }

    /// 500 `{"message":null}`: the authorizer threw, timed out or answered badly (aws-rest-api.md §4.4).
    pub fn authorizer_configuration(explanation: impl Into<String>) -> Self {
        Self::new(
            Some(GatewayResponseType::AuthorizerConfigurationError),
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorBody::NullMessage,
            Some("AuthorizerConfigurationException"),
            explanation,
        )
    }

    /// 403 `{"message":"Forbidden"}` of type `INVALID_API_KEY` (aws-rest-api.md §5).
    pub fn invalid_api_key(explanation: impl Into<String>) -> Self {
        Self::new(
            Some(GatewayResponseType::InvalidApiKey),
            StatusCode::FORBIDDEN,
            ErrorBody::Message("Forbidden".into()),
            Some("ForbiddenException"),
            explanation,
        )
    }

    /// 429 `{"message":"Too Many Requests"}` (aws-rest-api.md §5).
    pub fn throttled(explanation: impl Into<String>) -> Self {
        Self::new(
            Some(GatewayResponseType::Throttled),
            StatusCode::TOO_MANY_REQUESTS,
            ErrorBody::Message("Too Many Requests".into()),
            Some("TooManyRequestsException"),
            explanation,
        )
    }

    /// 429 `{"message":"Limit Exceeded"}` (aws-rest-api.md §5).
    pub fn quota_exceeded(explanation: impl Into<String>) -> Self {
        Self::new(
            Some(GatewayResponseType::QuotaExceeded),
            StatusCode::TOO_MANY_REQUESTS,
            ErrorBody::Message("Limit Exceeded".into()),
            Some("LimitExceededException"),
            explanation,
        )
    }

    /// 400 `{"message": "Missing required request parameters: [a, b]"}` (aws-rest-api.md §7.1).
    pub fn bad_request_parameters(missing: &[String], explanation: impl Into<String>) -> Self {
        Self::new(
            Some(GatewayResponseType::BadRequestParameters),
            StatusCode::BAD_REQUEST,
            ErrorBody::Message(format!(
                "Missing required request parameters: [{}]",
                missing.join(", ")
            )),
            Some("BadRequestException"),
            explanation,
        )
    }

    /// 400 `{"message": "Invalid request body"}` (aws-rest-api.md §7.1).
    pub fn bad_request_body(explanation: impl Into<String>) -> Self {
        Self::new(
            Some(GatewayResponseType::BadRequestBody),
            StatusCode::BAD_REQUEST,
            ErrorBody::Message("Invalid request body".into()),
            Some("BadRequestException"),
            explanation,
        )
    }

    /// 413: the body is over the 10 MB payload quota (not customisable, aws-rest-api.md §7.1).
    pub fn request_too_large(explanation: impl Into<String>) -> Self {
        Self::new(
            Some(GatewayResponseType::RequestTooLarge),
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorBody::Message("Request Too Long".into()),
            Some("RequestEntityTooLargeException"),
            explanation,
        )
    }

    /// 415 `{"message":"Unsupported Media Type"}`: no mapping template for the request's
    /// `Content-Type` and a `PassthroughBehavior` that refuses passing the body through
    /// (aws-rest-api.md §8.3).
    // Unconfirmed: the message and error type of UNSUPPORTED_MEDIA_TYPE.
    pub fn unsupported_media_type(explanation: impl Into<String>) -> Self {
        Self::new(
            Some(GatewayResponseType::UnsupportedMediaType),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorBody::Message("Unsupported Media Type".into()),
            Some("UnsupportedMediaTypeException"),
            explanation,
        )
    }

    /// 502 `{"message": "Internal server error"}`: the function failed or its response is
    /// not a valid proxy response (aws-rest-api.md §3.1, aws-rest-api.md §3.4).
    // Unconfirmed: which gateway response type a Lambda proxy 502 belongs to; DEFAULT_5XX.
    pub fn bad_gateway(explanation: impl Into<String>) -> Self {
        Self::new(
            Some(GatewayResponseType::Default5xx),
            StatusCode::BAD_GATEWAY,
            ErrorBody::Raw(INTERNAL_SERVER_ERROR_BODY),
            None,
            explanation,
        )
    }

    /// 504 `{"message": "Endpoint request timed out"}` (aws-rest-api.md §3.4).
    pub fn integration_timeout(explanation: impl Into<String>) -> Self {
        Self::new(
            Some(GatewayResponseType::IntegrationTimeout),
            StatusCode::GATEWAY_TIMEOUT,
            ErrorBody::Raw(ENDPOINT_TIMED_OUT_BODY),
            None,
            explanation,
        )
    }

    /// 503 `{"message": "Service Unavailable"}`: gantry holds as many request bodies as it
    /// buffers at once (docs/limits.md §2).
    // Deviation from AWS: API Gateway has no such limit; the body is HTTP APIs' 503 body.
    pub fn unavailable(explanation: impl Into<String>) -> Self {
        Self::new(
            Some(GatewayResponseType::Default5xx),
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorBody::Raw(crate::response::SERVICE_UNAVAILABLE_BODY),
            None,
            explanation,
        )
    }

    /// 500 `{"message": "Internal server error"}`: a configuration error, e.g. API Gateway
    /// may not invoke the function (aws-rest-api.md §3.4).
    pub fn configuration(explanation: impl Into<String>) -> Self {
        Self::new(
            Some(GatewayResponseType::ApiConfigurationError),
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorBody::Raw(INTERNAL_SERVER_ERROR_BODY),
            Some("InternalServerErrorException"),
            explanation,
        )
    }
}

/// The integration-failure body, as recorded (36 bytes, aws-rest-api.md §3.4).
pub const INTERNAL_SERVER_ERROR_BODY: &str = r#"{"message": "Internal server error"}"#;
/// The integration-timeout body (aws-rest-api.md §3.4).
pub const ENDPOINT_TIMED_OUT_BODY: &str = r#"{"message": "Endpoint request timed out"}"#;
