//! Header names API Gateway emits that the `http` crate has no constant for.
//!
//! Standard names (`content-type`, `set-cookie`, `www-authenticate`, ...) come from
//! [`http::header`]; these are API Gateway's own, lower-cased as HTTP APIs send them.

/// The request id on every response; equals `requestContext.requestId` (§6.2).
pub const APIGW_REQUEST_ID: &str = "apigw-requestid";
/// X-Ray trace header added to the integration request (§4.1).
pub const X_AMZN_TRACE_ID: &str = "x-amzn-trace-id";
/// The client address, added to the integration request (§4.1).
pub const X_FORWARDED_FOR: &str = "x-forwarded-for";
/// The port the client connected to (§4.1).
pub const X_FORWARDED_PORT: &str = "x-forwarded-port";
/// The scheme the client used (§4.1).
pub const X_FORWARDED_PROTO: &str = "x-forwarded-proto";
/// The error type AWS names on signature refusals (§12.3).
pub const X_AMZN_ERROR_TYPE: &str = "x-amzn-errortype";
/// The request id on every REST API response (AWS spells it `x-amzn-RequestId`; HTTP/1.1
/// names are case-insensitive and gantry's server writes them lower-cased); equals
/// `requestContext.requestId` (aws-rest-api.md §3.5).
pub const X_AMZN_REQUEST_ID: &str = "x-amzn-requestid";
/// The extended request id on every REST API response; equals
/// `requestContext.extendedRequestId` (aws-rest-api.md §3.5).
pub const X_AMZ_APIGW_ID: &str = "x-amz-apigw-id";
/// The header a REST API reads a method's API key from (aws-rest-api.md §5).
pub const X_API_KEY: &str = "x-api-key";
