//! `MOCK` integrations (aws-rest-api.md §8.1), including the CORS preflight methods SAM
//! and CDK generate.
//!
//! Steps: choose the request template by `Content-Type` → read its `statusCode` →
//! select the integration response by `selectionPattern` → its status, header
//! parameters and response template (by `Accept`). Templates are used as static text:
//! one with Velocity directives (`$`, `#`) is refused with a 500, never half-evaluated.
//! Not here: `x-amzn-RequestId` and the other headers the pipeline adds.

mod status;

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderName, HeaderValue, Response, StatusCode};
use regex::Regex;
use store::model::IntegrationType;
use store::model::apigateway::{IntegrationResponse, Method, MethodIntegration};

use crate::rest::error::RestError;
use crate::rest::request::{RestRequest, RestRequestContext};

/// The template key used when the request names no content type or none matches.
const DEFAULT_CONTENT_TYPE: &str = "application/json";
/// The prefix of an integration response parameter that sets a method response header.
const RESPONSE_HEADER_PARAMETER: &str = "method.response.header.";

/// The response of `method`'s `MOCK` integration to `request`.
pub fn mock_response(
    method: &Method,
    request: &RestRequest<'_>,
    context: &RestRequestContext<'_>,
) -> Result<Response<Bytes>, RestError> {
    let integration = mock_integration(method)?;
    let status = request_status(integration, request)?;
    let chosen = integration_response(integration, status.as_deref())?;
    let mut response = Response::new(Bytes::new());
    *response.status_mut() = response_status(chosen)?;
    for (key, source) in &chosen.response_parameters {
        if let Some((name, value)) = response_header(key, source, request, context)? {
            response.headers_mut().append(name, value);
        }
    }
    let (content_type, body) = response_body(chosen, request)?;
    let content_type = HeaderValue::from_str(&content_type)
        .unwrap_or(HeaderValue::from_static(DEFAULT_CONTENT_TYPE));
    response.headers_mut().insert(CONTENT_TYPE, content_type);
    *response.body_mut() = body;
    Ok(response)
}

/// The method's integration, which must be `MOCK`.
fn mock_integration(method: &Method) -> Result<&MethodIntegration, RestError> {
    method
        .integration
        .as_ref()
        .filter(|i| i.integration_type == IntegrationType::Mock)
        .ok_or_else(|| {
            RestError::configuration(format!(
                "{} {} has no MOCK integration; mock_response serves MOCK integrations only",
                method.http_method, method.resource_path
            ))
        })
}

/// The `statusCode` the request template yields, if it names one.
// Unconfirmed: a content type without a template passes the request body through (the
// default WHEN_NO_MATCH), which is then read for a statusCode; without one the default
// integration response answers, as AWS documents (LocalStack answers 500).
fn request_status(
    integration: &MethodIntegration,
    request: &RestRequest<'_>,
) -> Result<Option<String>, RestError> {
    let content_type = essence(request.headers.get(CONTENT_TYPE))
        .unwrap_or_else(|| DEFAULT_CONTENT_TYPE.to_owned());
    let template = integration
        .request_templates
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(&content_type));
    let text = match template {
        Some((key, template)) => {
            refuse_velocity(template, &format!("request template `{key}`"))?;
            template.clone()
        }
        None => {
            refuse_unmapped_content_type(integration, &content_type)?;
            String::from_utf8_lossy(request.body).into_owned()
        }
    };
    Ok(status::status_code(&text))
}

/// `PassthroughBehavior` for a `Content-Type` without a request template: `NEVER`, and
/// `WHEN_NO_TEMPLATES` when the integration has templates, answer 415 (aws-rest-api.md
/// §8.3); `WHEN_NO_MATCH` (the default) passes the body through.
fn refuse_unmapped_content_type(
    integration: &MethodIntegration,
    content_type: &str,
) -> Result<(), RestError> {
    let behavior = integration.passthrough_behavior.as_deref().unwrap_or("");
    let refused = behavior.eq_ignore_ascii_case("NEVER")
        || (behavior.eq_ignore_ascii_case("WHEN_NO_TEMPLATES")
            && !integration.request_templates.is_empty());
    if !refused {
        return Ok(());
    }
    let mapped: Vec<&str> = integration
        .request_templates
        .keys()
        .map(String::as_str)
        .collect();
    Err(RestError::unsupported_media_type(format!(
        "the MOCK integration has PassthroughBehavior {behavior} and no request template for Content-Type {content_type}; send one of [{}] or add a template for it",
        mapped.join(", ")
    )))
}

/// The integration response whose `selectionPattern` matches `status`, else the default
/// (no pattern); neither → 500 (aws-rest-api.md §8.1).
fn integration_response<'i>(
    integration: &'i MethodIntegration,
    status: Option<&str>,
) -> Result<&'i IntegrationResponse, RestError> {
    let pattern = |r: &IntegrationResponse| r.selection_pattern.clone().filter(|p| !p.is_empty());
    if let Some(status) = status {
        for response in &integration.integration_responses {
            let Some(pattern) = pattern(response) else {
                continue;
            };
            // AWS matches the whole string (Java `matches`).
            let regex = Regex::new(&format!("^(?:{pattern})$")).map_err(|e| {
                RestError::configuration(format!(
                    "MOCK integration response selectionPattern `{pattern}` is not a valid regular expression ({e}); fix the pattern"
                ))
            })?;
            if regex.is_match(status) {
                return Ok(response);
            }
        }
    }
    integration
        .integration_responses
        .iter()
        .find(|r| pattern(r).is_none())
        .ok_or_else(|| {
            RestError::configuration(format!(
                "Execution failed due to configuration error: no integration response matches the MOCK status {} and there is no default; add an integration response without selectionPattern",
                status.unwrap_or("(none)")
            ))
        })
}

fn response_status(response: &IntegrationResponse) -> Result<StatusCode, RestError> {
    response
        .status_code
        .parse::<u16>()
        .ok()
        .and_then(|c| StatusCode::from_u16(c).ok())
        .ok_or_else(|| {
            RestError::configuration(format!(
                "MOCK integration response statusCode `{}` is not an HTTP status; use e.g. \"200\"",
                response.status_code
            ))
        })
}

/// One `method.response.header.X` parameter: a `'literal'` or a method request value;
/// `integration.response.*` is empty for MOCK.
fn response_header(
    key: &str,
    source: &str,
    request: &RestRequest<'_>,
    context: &RestRequestContext<'_>,
) -> Result<Option<(HeaderName, HeaderValue)>, RestError> {
    let unsupported = |why: &str| {
        RestError::configuration(format!(
            "MOCK integration response parameter `{key}` = `{source}`: {why}"
        ))
    };
    let name = key
        .strip_prefix(RESPONSE_HEADER_PARAMETER)
        .and_then(|n| HeaderName::from_bytes(n.as_bytes()).ok())
        .ok_or_else(|| unsupported("the key must be method.response.header.<name>"))?;
    let value = if let Some(literal) = source.strip_prefix('\'').and_then(|s| s.strip_suffix('\''))
    {
        Some(literal.to_owned())
    } else if source.starts_with("integration.response.") {
        None
    } else if let Some(header) = source.strip_prefix("method.request.header.") {
        request
            .headers
            .get(header)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    } else if let Some(query) = source.strip_prefix("method.request.querystring.") {
        form_urlencoded::parse(request.raw_query.as_bytes())
            .filter(|(n, _)| n == query)
            .last()
            .map(|(_, v)| v.into_owned())
    } else if let Some(path) = source.strip_prefix("method.request.path.") {
        context
            .path_parameters
            .iter()
            .find(|(n, _)| n == path)
            .map(|(_, v)| v.clone())
    } else {
        return Err(unsupported(
            "gantry serves quoted literals ('...') and method.request.header|querystring|path.<name> values",
        ));
    };
    let Some(value) = value else {
        return Ok(None);
    };
    let value = HeaderValue::from_str(&value)
        .map_err(|_| unsupported("the value is not a valid header value"))?;
    Ok(Some((name, value)))
}

/// The response template chosen by the first `Accept` type, else `application/json`;
/// no template → empty body.
// Unconfirmed: no template gives an empty body with Content-Type application/json.
fn response_body(
    response: &IntegrationResponse,
    request: &RestRequest<'_>,
) -> Result<(String, Bytes), RestError> {
    let accept = request
        .headers
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .and_then(|a| a.split(',').next())
        .map(|a| {
            a.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
    let templates = &response.response_templates;
    let by_accept = accept.and_then(|a| templates.iter().find(|(k, _)| k.eq_ignore_ascii_case(&a)));
    let chosen = by_accept.or_else(|| {
        templates
            .iter()
            .find(|(k, _)| k.as_str() == DEFAULT_CONTENT_TYPE)
    });
    match chosen {
        None => Ok((DEFAULT_CONTENT_TYPE.to_owned(), Bytes::new())),
        Some((content_type, template)) => {
            refuse_velocity(template, &format!("response template `{content_type}`"))?;
            Ok((content_type.clone(), Bytes::from(template.clone())))
        }
    }
}

/// Refuses a template that needs Velocity to render.
// Deviation from AWS: mapping templates are not evaluated; a MOCK template with `$` or
// `#` answers 500 instead of its rendering (aws-rest-api.md §8.3).
fn refuse_velocity(template: &str, what: &str) -> Result<(), RestError> {
    if template.contains(['$', '#']) {
        return Err(RestError::configuration(format!(
            "the MOCK {what} uses Velocity (`$`/`#`), which gantry does not evaluate; use a static template such as {{\"statusCode\": 200}}"
        )));
    }
    Ok(())
}

/// A media type without parameters, lower-cased.
fn essence(value: Option<&HeaderValue>) -> Option<String> {
    let text = value?.to_str().ok()?;
    let essence = text.split(';').next()?.trim().to_ascii_lowercase();
    (!essence.is_empty()).then_some(essence)
}

#[cfg(test)]
mod tests;
