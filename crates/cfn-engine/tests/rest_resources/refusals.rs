//! What gantry refuses in the REST API fixture, each with its reason: integrations it
//! cannot serve, a stage declared twice, malformed authorizers, the resource tree's rules,
//! unknown gateway response types.

use super::{LAMBDA_PROXY, TEMPLATE, refusal};

#[test]
fn non_proxy_integrations_are_refused_naming_the_method() {
    let (logical_id, reason) = refusal(&TEMPLATE.replacen(
        LAMBDA_PROXY,
        "Type: AWS\n        IntegrationHttpMethod: POST\n        Uri",
        1,
    ));
    assert_eq!(logical_id, "GetPet");
    assert!(
        reason.starts_with("Properties.Integration.Type AWS on GET /pets/{id} is not supported"),
        "{reason}"
    );
    assert!(reason.contains("AWS_PROXY"), "{reason}");
    let (_, reason) = refusal(&TEMPLATE.replacen(
        LAMBDA_PROXY,
        "Type: AWS_PROXY\n        IntegrationHttpMethod: GET\n        Uri",
        1,
    ));
    assert!(
        reason.contains(
            "Properties.Integration.IntegrationHttpMethod must be POST on GET /pets/{id}"
        ),
        "{reason}"
    );
}

#[test]
fn a_stage_declared_twice_is_refused() {
    let (logical_id, reason) = refusal(&TEMPLATE.replacen("StageName: dev", "StageName: Prod", 1));
    assert_eq!(logical_id, "ProdStage");
    assert!(
        reason.starts_with("Stage already exists: stage Prod of RestApi"),
        "{reason}"
    );
    assert!(reason.contains("Deployment"), "{reason}");
}

#[test]
fn malformed_authorizers_are_refused() {
    let (logical_id, reason) = refusal(&TEMPLATE.replacen(
        "IdentitySource: method.request.header.Authorization",
        "IdentitySource: method.request.querystring.token",
        1,
    ));
    assert_eq!(logical_id, "TokenAuthorizer");
    assert!(
        reason.starts_with("Properties.IdentitySource must be one header for a TOKEN authorizer"),
        "{reason}"
    );
    let (_, reason) =
        refusal(&TEMPLATE.replacen("\"^Bearer [-0-9a-zA-Z._]+$\"", "\"^Bearer [\"", 1));
    assert!(
        reason.starts_with(
            "Properties.IdentityValidationExpression is not a valid regular expression"
        ),
        "{reason}"
    );
    let (_, reason) = refusal(&TEMPLATE.replacen(
        "AuthorizerResultTtlInSeconds: 60",
        "AuthorizerResultTtlInSeconds: 3601",
        1,
    ));
    assert!(reason.contains("between 0 and 3600"), "{reason}");
}

#[test]
fn a_method_naming_an_unknown_authorizer_is_refused() {
    let template = TEMPLATE.replacen(
        "AuthorizerId: !Ref TokenAuthorizer",
        "AuthorizerId: abc123",
        1,
    );
    let (logical_id, reason) = refusal(&template);
    assert_eq!(logical_id, "GetPet");
    assert!(
        reason.starts_with(
            "Properties.AuthorizerId of GET /pets/{id} names no authorizer of RestApi"
        ),
        "{reason}"
    );
}

#[test]
fn the_resource_tree_rules_are_aws_s() {
    let (_, reason) = refusal(&TEMPLATE.replacen("PathPart: pets", "PathPart: \"{name}\"", 1));
    assert!(
        reason.contains("already has a variable path part -- only one is allowed"),
        "{reason}"
    );
    let (logical_id, reason) =
        refusal(&TEMPLATE.replacen("ParentId: !Ref Pets", "ParentId: !Ref Proxy", 1));
    assert_eq!(logical_id, "Pet");
    assert!(
        reason.starts_with(
            "Cannot create a child of a resource with a greedy path variable: {proxy+}"
        ),
        "{reason}"
    );
}

#[test]
fn unknown_gateway_response_types_are_refused_by_the_data_plane_check() {
    let (logical_id, reason) =
        refusal(&TEMPLATE.replacen("ResponseType: DEFAULT_4XX", "ResponseType: DEFAULT_4xx", 1));
    assert_eq!(logical_id, "Unauthorized");
    assert!(
        reason.contains("Properties.ResponseType: unknown type DEFAULT_4xx"),
        "{reason}"
    );
}
