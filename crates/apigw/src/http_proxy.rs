//! HTTP_PROXY integrations (§6.4): the request forwarded to the integration's URL, the
//! response passed back, with the integration's parameter mappings (§6.5) applied on
//! the way and its `TimeoutInMillis` enforced (§6.1).
//!
//! [`HttpProxyIntegration::forward`] is the integration step for these routes: build the
//! target URL (`uri`), the headers (`headers`), apply the request mapping, send with the
//! pooled client (`client`), read the response within the timeout, apply the response
//! mapping.

mod check;
mod client;
mod headers;
mod uri;

use std::net::IpAddr;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, Method, Response};

use crate::error::IntegrationError;
use crate::parameter_mapping::{
    ContextValues, RequestMapping, RequestValues, ResponseMappings, ResponseValues, TargetRequest,
    TargetResponse,
};
use crate::route::PathParameters;

pub use check::check_integration;
pub use uri::{UriTemplate, UriTemplateError};

/// An HTTP proxy integration, compiled.
#[derive(Debug)]
pub struct HttpProxyIntegration {
    /// The integration id.
    pub integration_id: String,
    /// `IntegrationUri`, with its route and stage variables.
    pub uri: UriTemplate,
    /// `IntegrationMethod`; `None` for `ANY` (the request's method is used).
    pub method: Option<Method>,
    /// `TimeoutInMillis`.
    pub timeout: Duration,
    /// `RequestParameters`.
    pub request_mapping: RequestMapping,
    /// `ResponseParameters`.
    pub response_mappings: ResponseMappings,
}

/// The client's request as the proxy forwards it.
#[derive(Debug, Clone, Copy)]
pub struct ProxyRequest<'a> {
    /// The method.
    pub method: &'a Method,
    /// Whether the route is `$default` (the full path is appended to the URI).
    pub default_route: bool,
    /// The request path without the stage.
    pub route_path: &'a str,
    /// The query string as received.
    pub raw_query: &'a str,
    /// The request headers.
    pub headers: &'a HeaderMap,
    /// The body.
    pub body: &'a Bytes,
    /// The route's path parameters.
    pub path_parameters: &'a PathParameters<'a, 'a>,
    /// The client's address.
    pub client_ip: IpAddr,
    /// The scheme the client used (`http` locally).
    pub proto: &'a str,
    /// The `Host` the client called.
    pub host: &'a str,
    /// The trace id to add when the client sent none.
    pub trace_id: &'a str,
    /// Context and stage variables for the mappings and the URI.
    pub context: ContextValues<'a>,
}

impl HttpProxyIntegration {
    /// Forwards `request` and returns the integration's response as the client gets it.
    pub async fn forward(
        &self,
        request: &ProxyRequest<'_>,
    ) -> Result<Response<Bytes>, IntegrationError> {
        let mut url = self
            .uri
            .build(
                request.path_parameters,
                request.context.stage_variables,
                request.default_route.then_some(request.route_path),
            )
            .map_err(|reason| self.mapping_failed(reason))?;
        let mut target = TargetRequest {
            headers: headers::integration_request_headers(request),
            query: form_urlencoded::parse(request.raw_query.as_bytes())
                .map(|(n, v)| (n.into_owned(), v.into_owned()))
                .collect(),
            path: None,
        };
        let values = RequestValues {
            headers: request.headers,
            raw_query: request.raw_query,
            body: request.body,
            path: request.route_path,
            path_parameters: request.path_parameters,
            context: request.context,
        };
        self.request_mapping
            .apply(&values, &mut target)
            .map_err(|reason| self.mapping_failed(reason))?;
        if let Some(path) = &target.path {
            // Unconfirmed: `overwrite:path` replaces the whole path of the integration URI.
            url.set_path(path);
        }
        if !self.request_mapping.changes_query() {
            // The query string goes as received, byte for byte.
            url.set_query((!request.raw_query.is_empty()).then_some(request.raw_query));
        } else if target.query.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(&target.query);
        }
        let method = self
            .method
            .clone()
            .unwrap_or_else(|| request.method.clone());
        let exchange = client::send(method, url.clone(), target.headers, request.body.clone());
        let upstream = match tokio::time::timeout(self.timeout, exchange).await {
            Err(_elapsed) => {
                return Err(IntegrationError::HttpProxyTimeout {
                    url: url.to_string(),
                    timeout_ms: u64::try_from(self.timeout.as_millis()).unwrap_or(u64::MAX),
                });
            }
            Ok(Err(client::SendError::Unreachable(reason))) => {
                return Err(IntegrationError::HttpProxyUnreachable {
                    url: url.to_string(),
                    reason,
                });
            }
            Ok(Err(client::SendError::BadResponse(reason))) => {
                return Err(IntegrationError::HttpProxyBadResponse {
                    url: url.to_string(),
                    reason,
                });
            }
            Ok(Ok(upstream)) => upstream,
        };
        let mut response = TargetResponse {
            status: upstream.status,
            headers: headers::client_response_headers(&upstream.headers),
        };
        let values = ResponseValues {
            headers: &upstream.headers,
            body: &upstream.body,
            context: request.context,
        };
        self.response_mappings
            .apply(&values, &mut response)
            .map_err(|reason| self.mapping_failed(reason))?;
        let mut out = Response::new(upstream.body);
        *out.status_mut() = response.status;
        *out.headers_mut() = response.headers;
        Ok(out)
    }

    fn mapping_failed(&self, reason: String) -> IntegrationError {
        IntegrationError::ParameterMapping {
            integration_id: self.integration_id.clone(),
            reason,
        }
    }
}

/// Why [`exchange`] has no response to pass on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ExchangeError {
    /// The URL cannot be sent to.
    InvalidUrl(String),
    /// No answer within the timeout.
    Timeout,
    /// No connection to the endpoint.
    Unreachable(String),
    /// The endpoint's answer cannot be used.
    BadResponse(String),
}

/// One exchange with an endpoint for REST APIs' HTTP_PROXY integrations
/// (aws-rest-api.md §8.2), with the pooled client: the client's headers minus hop-by-hop
/// ones, the whole response read within `timeout`, its hop-by-hop headers dropped. HTTP
/// APIs' parameter mappings and `Forwarded` header are not applied.
pub(crate) async fn exchange(
    method: Method,
    url: &str,
    client_headers: &HeaderMap,
    body: Bytes,
    timeout: Duration,
) -> Result<Response<Bytes>, ExchangeError> {
    let url = reqwest::Url::parse(url).map_err(|e| ExchangeError::InvalidUrl(e.to_string()))?;
    let headers = headers::rest_request_headers(client_headers);
    let upstream =
        match tokio::time::timeout(timeout, client::send(method, url, headers, body)).await {
            Err(_elapsed) => return Err(ExchangeError::Timeout),
            Ok(Err(client::SendError::Unreachable(reason))) => {
                return Err(ExchangeError::Unreachable(reason));
            }
            Ok(Err(client::SendError::BadResponse(reason))) => {
                return Err(ExchangeError::BadResponse(reason));
            }
            Ok(Ok(upstream)) => upstream,
        };
    let mut response = Response::new(upstream.body);
    *response.status_mut() = upstream.status;
    *response.headers_mut() = headers::client_response_headers(&upstream.headers);
    Ok(response)
}

#[cfg(test)]
mod tests;
