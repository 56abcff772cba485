//! The Lambda proxy integration's event (aws-rest-api.md §2) and the `REQUEST`
//! authorizer's event (aws-rest-api.md §4.3).

use serde_json::Value;

use crate::rest::binary::BinaryMediaTypes;
use crate::rest::request::{RestRequest, RestRequestContext};

/// The `AWS_PROXY` event for `request` (aws-rest-api.md §2.1).
pub fn proxy_event(
    request: &RestRequest<'_>,
    context: &RestRequestContext<'_>,
    binary: &BinaryMediaTypes,
) -> Value {
    // STUB
    let _ = (request, context, binary);
    Value::Null
}

/// The `REQUEST` authorizer's event for `request` (aws-rest-api.md §4.3).
pub fn request_authorizer_event(
    request: &RestRequest<'_>,
    context: &RestRequestContext<'_>,
    method_arn: &str,
) -> Value {
    // STUB
    let _ = (request, context, method_arn);
    Value::Null
}
