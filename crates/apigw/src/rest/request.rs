//! What the REST pipeline knows about a request once its resource and method are chosen:
//! the inputs of the proxy event, the `REQUEST` authorizer's event, mapping templates and
//! access logs (aws-rest-api.md §2).

use std::net::IpAddr;

use http::{HeaderMap, Method};
use time::OffsetDateTime;

use crate::payload::Forwarded;

/// The client's request, as API Gateway sees it after choosing the stage.
#[derive(Debug, Clone, Copy)]
pub struct RestRequest<'a> {
    /// The request method.
    pub method: &'a Method,
    /// `path`: the request path after the stage, still percent-encoded, leading duplicate
    /// slashes collapsed (aws-rest-api.md §1.5).
    pub path: &'a str,
    /// `requestContext.path`: `/{stage}` and the path as the client sent it.
    pub stage_path: &'a str,
    /// The query string, undecoded, without `?`.
    pub raw_query: &'a str,
    /// The request headers, names as the client spelled them where known.
    pub headers: &'a HeaderMap,
    /// The body (empty when none).
    pub body: &'a [u8],
    /// The client's address.
    pub source_ip: IpAddr,
}

/// `requestContext.identity` fields the pipeline fills (the rest are `null`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RestIdentity {
    /// `apiKey`: the key value, when the method requires one.
    pub api_key: Option<String>,
    /// `apiKeyId`, when the method requires a key.
    pub api_key_id: Option<String>,
    /// `accessKey`, for `AWS_IAM` callers.
    pub access_key: Option<String>,
    /// `accountId`, for `AWS_IAM` callers.
    pub account_id: Option<String>,
    /// `caller`, for `AWS_IAM` callers.
    pub caller: Option<String>,
    /// `user`, for `AWS_IAM` callers.
    pub user: Option<String>,
    /// `userArn`, for `AWS_IAM` callers.
    pub user_arn: Option<String>,
}

/// The facts of `requestContext` that do not come from the request itself.
#[derive(Debug, Clone)]
pub struct RestRequestContext<'a> {
    /// `accountId`: the API owner.
    pub account_id: &'a str,
    /// `apiId`.
    pub api_id: &'a str,
    /// `domainName`: the `Host` the client used.
    pub domain_name: &'a str,
    /// `stage`.
    pub stage: &'a str,
    /// `deploymentId`.
    pub deployment_id: &'a str,
    /// `resourceId`.
    pub resource_id: &'a str,
    /// `resourcePath` and the event's `resource`: the matched resource's template.
    pub resource_path: &'a str,
    /// `operationName`, when the method has one.
    pub operation_name: Option<&'a str>,
    /// `pathParameters`, in the resource's order, undecoded.
    pub path_parameters: &'a [(String, String)],
    /// `stageVariables`.
    pub stage_variables: &'a [(String, String)],
    /// `requestId` (= `x-amzn-RequestId`): a UUID for REST APIs.
    pub request_id: &'a str,
    /// `extendedRequestId` (= `x-amz-apigw-id`): 16 base64 characters ending in `=`.
    pub extended_request_id: &'a str,
    /// `X-Amzn-Trace-Id` added to the event's headers.
    pub trace_id: &'a str,
    /// When the request arrived.
    pub time: OffsetDateTime,
    /// `identity` fields beyond `sourceIp` and `userAgent`.
    pub identity: RestIdentity,
    /// `authorizer`, as the authorizer filled it; absent for `NONE` and `AWS_IAM`.
    pub authorizer: Option<serde_json::Value>,
    /// What `X-Forwarded-Proto` and `X-Forwarded-Port` say.
    pub forwarded: Forwarded<'a>,
}
