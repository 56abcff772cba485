//! The data plane of API Gateway HTTP APIs: route selection, authorizers, invoke
//! permission checks, payload format 2.0 events and response mapping.
