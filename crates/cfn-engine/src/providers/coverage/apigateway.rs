//! Coverage of the `AWS::ApiGateway::*` types (REST APIs).

use super::Coverage;

pub(super) const REST_API: Coverage = Coverage {
    resource_type: "AWS::ApiGateway::RestApi",
    read: &[
        "Name",
        "Body",
        "BodyS3Location",
        "Parameters",
        "FailOnWarnings",
        "Mode",
        "BinaryMediaTypes",
        "ApiKeySourceType",
        "DisableExecuteApiEndpoint",
        "Policy",
        // PRIVATE and VpcEndpointIds are warned about by the provider.
        "EndpointConfiguration",
        // Warned about by the provider: nothing is compressed.
        "MinimumCompressionSize",
        // Refused by the provider.
        "CloneFrom",
    ],
    no_local_effect: &["Description", "Tags", "Version"],
    not_emulated: &[
        (
            "EndpointAccessMode",
            "gantry serves plain HTTP on its own listener; the endpoint access mode is not enforced",
        ),
        (
            "SecurityPolicy",
            "gantry serves plain HTTP on its own listener; no TLS security policy applies",
        ),
    ],
};
