//! Requests, contexts and methods for the REST pieces' unit tests.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};

use http::{HeaderMap, HeaderValue, Method};
use store::model::IntegrationType;
use store::model::apigateway::{
    IntegrationResponse, Method as RestMethod, MethodAuthorizationType, MethodIntegration,
};
use time::macros::datetime;

use crate::payload::Forwarded;
use crate::rest::request::{RestIdentity, RestRequest, RestRequestContext};

pub(crate) const SOURCE_IP: IpAddr = IpAddr::V4(Ipv4Addr::new(15, 248, 3, 126));

pub(crate) fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(*name, HeaderValue::from_static(value));
    }
    map
}

/// A request to `/prod/proxy-value`.
pub(crate) fn request<'a>(
    method: &'a Method,
    headers: &'a HeaderMap,
    query: &'a str,
    body: &'a [u8],
) -> RestRequest<'a> {
    RestRequest {
        method,
        path: "/proxy-value",
        stage_path: "/prod/proxy-value",
        raw_query: query,
        headers,
        body,
        source_ip: SOURCE_IP,
    }
}

/// The §2.1 composite's context.
pub(crate) fn context<'a>(
    path_parameters: &'a [(String, String)],
    stage_variables: &'a [(String, String)],
) -> RestRequestContext<'a> {
    RestRequestContext {
        account_id: "123456789012",
        api_id: "puhdx84jy9",
        domain_name: "puhdx84jy9.execute-api.eu-west-1.amazonaws.com",
        stage: "prod",
        deployment_id: "v99qix",
        resource_id: "5x3n2k",
        resource_path: "/{proxy+}",
        operation_name: None,
        path_parameters,
        stage_variables,
        request_id: "e56434a3-0b5d-453c-9183-f07a5e91fbb3",
        extended_request_id: "ZhFduHZrDoEEORQ=",
        trace_id: "Root=1-66704f1a-0123456789abcdef01234567",
        time: datetime!(2024-06-17 15:00:26.760 UTC),
        identity: RestIdentity::default(),
        authorizer: None,
        forwarded: Forwarded {
            proto: "https",
            port: 443,
        },
    }
}

/// A method on `/pets` with `integration`.
pub(crate) fn method(http_method: &str, integration: Option<MethodIntegration>) -> RestMethod {
    RestMethod {
        rest_api_id: "puhdx84jy9".into(),
        resource_id: "5x3n2k".into(),
        resource_path: "/pets".into(),
        http_method: http_method.into(),
        authorization_type: MethodAuthorizationType::None,
        authorizer_id: None,
        authorization_scopes: Vec::new(),
        api_key_required: false,
        operation_name: None,
        request_validator_id: None,
        request_parameters: BTreeMap::new(),
        request_models: BTreeMap::new(),
        method_responses: BTreeMap::new(),
        integration,
    }
}

/// A MOCK integration with these request templates and integration responses.
pub(crate) fn mock(
    request_templates: &[(&str, &str)],
    responses: Vec<IntegrationResponse>,
) -> MethodIntegration {
    MethodIntegration {
        integration_type: IntegrationType::Mock,
        uri: None,
        integration_http_method: None,
        credentials: None,
        timeout_in_millis: 29_000,
        request_templates: pairs(request_templates),
        request_parameters: BTreeMap::new(),
        passthrough_behavior: None,
        content_handling: None,
        cache_key_parameters: Vec::new(),
        integration_responses: responses,
    }
}

pub(crate) fn integration_response(
    status_code: &str,
    selection_pattern: Option<&str>,
    parameters: &[(&str, &str)],
    templates: &[(&str, &str)],
) -> IntegrationResponse {
    IntegrationResponse {
        status_code: status_code.into(),
        selection_pattern: selection_pattern.map(str::to_owned),
        response_parameters: pairs(parameters),
        response_templates: pairs(templates),
        content_handling: None,
    }
}

pub(crate) fn pairs(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}
