//! Rendering a [`RestError`] with the API's gateway responses (aws-rest-api.md §7.2):
//! the one place REST errors become bytes.
//!
//! For an error of type T the API's response for T applies, else its `DEFAULT_4XX` or
//! `DEFAULT_5XX` (by T's status class), else AWS's default. A custom response may set
//! the status, headers (`gatewayresponse.header.X` from a `'literal'` or a
//! `method.request.*` value) and body templates (plain `$context` / `$stageVariables`
//! substitution, not VTL). Every answer carries `x-amzn-RequestId`, `x-amz-apigw-id`,
//! `x-amzn-ErrorType` (when the error has one) and `Content-Type: application/json`.

mod template;

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderName, HeaderValue, Response, StatusCode};
use store::model::apigateway::GatewayResponse;

use crate::headers::{X_AMZ_APIGW_ID, X_AMZN_ERROR_TYPE, X_AMZN_REQUEST_ID};
use crate::rest::error::{ErrorBody, GatewayResponseType, RestError};
use template::{ParameterSource, Template};

/// The content type of gateway-generated errors and the default template's key.
const JSON_CONTENT_TYPE: &str = "application/json";
/// The prefix of a response parameter that sets a header.
const HEADER_PARAMETER: &str = "gatewayresponse.header.";

/// The API's gateway response overrides, by type.
#[derive(Debug, Clone, Default)]
pub struct GatewayResponses {
    custom: Vec<(GatewayResponseType, Custom)>,
    problems: Vec<String>,
}

/// One compiled `AWS::ApiGateway::GatewayResponse`.
#[derive(Debug, Clone)]
struct Custom {
    status: Option<StatusCode>,
    headers: Vec<(HeaderName, ParameterSource)>,
    /// (content type, template); the `application/json` one first when present.
    templates: Vec<(String, Template)>,
}

/// What a gateway response's parameters and templates may refer to.
#[derive(Debug, Clone, Default)]
pub struct ErrorContext<'a> {
    /// `$context.requestId` and `x-amzn-RequestId`.
    pub request_id: &'a str,
    /// `$context.extendedRequestId` and `x-amz-apigw-id`.
    pub extended_request_id: &'a str,
    /// The request's headers (`method.request.header.X`), when known.
    pub headers: Option<&'a HeaderMap>,
    /// The request's query string, undecoded (`method.request.querystring.X`).
    pub raw_query: &'a str,
    /// The path parameters (`method.request.path.X`), when a resource matched.
    pub path_parameters: &'a [(String, String)],
    /// `$stageVariables.x`, when a stage matched.
    pub stage_variables: &'a [(String, String)],
    /// Further `$context.x` values (`apiId`, `stage`, `resourcePath`, `httpMethod`, ...).
    pub context_values: &'a [(&'a str, &'a str)],
}

impl GatewayResponses {
    /// The API's `AWS::ApiGateway::GatewayResponse`s. What cannot be honoured is left
    /// out and listed in [`GatewayResponses::problems`] for a deploy-time diagnostic.
    pub fn compile(responses: &[GatewayResponse]) -> Self {
        let mut compiled = Self::default();
        for response in responses {
            match compile_one(response) {
                Ok((kind, custom, problems)) => {
                    compiled.problems.extend(problems);
                    compiled.custom.retain(|(k, _)| *k != kind);
                    compiled.custom.push((kind, custom));
                }
                Err(problem) => compiled.problems.push(problem),
            }
        }
        compiled
    }

    /// What the API's gateway responses ask that gantry does not honour, each naming the
    /// response type, the property and the fix.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// The response the client receives for `error`.
    pub fn render(&self, error: &RestError, context: &ErrorContext<'_>) -> Response<Bytes> {
        let (own, fallback) = self.customisation(error);
        // A type's own response without a status keeps the type's default status; the
        // class default's status applies only where it is the response used.
        let custom = own.or(fallback);
        let status = custom.and_then(|c| c.status).unwrap_or(error.status);
        let mut headers = HeaderMap::new();
        insert(
            &mut headers,
            HeaderName::from_static(X_AMZN_REQUEST_ID),
            context.request_id,
        );
        insert(
            &mut headers,
            HeaderName::from_static(X_AMZ_APIGW_ID),
            context.extended_request_id,
        );
        if let Some(error_type) = error.error_type {
            insert(
                &mut headers,
                HeaderName::from_static(X_AMZN_ERROR_TYPE),
                error_type,
            );
        }
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(JSON_CONTENT_TYPE));
        let mut body = Bytes::from(default_body(&error.body));
        if let Some(custom) = custom {
            for (name, source) in &custom.headers {
                if let Some(value) = source.value(context) {
                    insert(&mut headers, name.clone(), &value);
                }
            }
            if let Some((content_type, template)) = custom.templates.first() {
                body = Bytes::from(template.render(error, context));
                insert(&mut headers, CONTENT_TYPE, content_type);
            }
        }
        let mut response = Response::new(body);
        *response.status_mut() = status;
        *response.headers_mut() = headers;
        response
    }

    /// The API's response for the error's own type, and its `DEFAULT_4XX`/`DEFAULT_5XX`.
    fn customisation(&self, error: &RestError) -> (Option<&Custom>, Option<&Custom>) {
        let Some(kind) = error.response_type else {
            return (None, None);
        };
        // REQUEST_TOO_LARGE cannot be customised (aws-rest-api.md §7.1).
        if kind == GatewayResponseType::RequestTooLarge {
            return (None, None);
        }
        let find = |kind| self.custom.iter().find(|(k, _)| *k == kind).map(|(_, c)| c);
        let default_kind = if error.status.is_server_error() {
            GatewayResponseType::Default5xx
        } else {
            GatewayResponseType::Default4xx
        };
        (find(kind), find(default_kind))
    }
}

/// AWS's default body for an error (aws-rest-api.md Appendix A).
fn default_body(body: &ErrorBody) -> String {
    match body {
        ErrorBody::Message(message) => format!("{{\"message\":{}}}", json_string(message)),
        ErrorBody::CapitalMessage(message) => format!("{{\"Message\":{}}}", json_string(message)),
        ErrorBody::NullMessage => "{\"message\":null}".to_owned(),
        ErrorBody::Raw(raw) => (*raw).to_owned(),
    }
}

fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// Sets a header, leaving it out when the value cannot be a header value.
fn insert(headers: &mut HeaderMap, name: HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}

/// One gateway response: its type, what applies, and what was left out.
fn compile_one(
    response: &GatewayResponse,
) -> Result<(GatewayResponseType, Custom, Vec<String>), String> {
    let kind = GatewayResponseType::parse(&response.response_type).ok_or_else(|| {
        format!(
            "GatewayResponse ResponseType `{}` is not a gateway response type; use one of AWS's (e.g. DEFAULT_4XX, UNAUTHORIZED)",
            response.response_type
        )
    })?;
    let name = kind.as_str();
    let mut problems = Vec::new();
    let status = match &response.status_code {
        None => None,
        Some(code) => match code
            .parse::<u16>()
            .ok()
            .and_then(|c| StatusCode::from_u16(c).ok())
        {
            Some(status) => Some(status),
            None => {
                problems.push(format!(
                    "GatewayResponse {name}: StatusCode `{code}` is not an HTTP status; the default status is used"
                ));
                None
            }
        },
    };
    let mut headers = Vec::new();
    for (key, value) in &response.response_parameters {
        let parsed = key
            .strip_prefix(HEADER_PARAMETER)
            .and_then(|h| HeaderName::from_bytes(h.as_bytes()).ok())
            .ok_or_else(|| format!("`{key}` is not gatewayresponse.header.<name>"))
            .and_then(|header| ParameterSource::parse(value).map(|source| (header, source)));
        match parsed {
            Ok(entry) => headers.push(entry),
            Err(why) => problems.push(format!(
                "GatewayResponse {name}: ResponseParameters `{key}`: {why}; the parameter is not applied"
            )),
        }
    }
    let mut templates: Vec<(String, Template)> = response
        .response_templates
        .iter()
        .map(|(content_type, text)| (content_type.clone(), Template::parse(text)))
        .collect();
    // The JSON template first: gateway errors are JSON (aws-rest-api.md §7.2).
    // Unconfirmed: the template is chosen without looking at the request's Accept.
    templates.sort_by_key(|(content_type, _)| content_type != JSON_CONTENT_TYPE);
    Ok((
        kind,
        Custom {
            status,
            headers,
            templates,
        },
        problems,
    ))
}

#[cfg(test)]
mod tests;
