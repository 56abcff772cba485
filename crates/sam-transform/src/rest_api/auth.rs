//! `AWS::Serverless::Api` `Auth`: authorizers as `securityDefinitions`, `DefaultAuthorizer`,
//! API-wide `ApiKeyRequired` and `ResourcePolicy` in the Swagger body, the authorizers'
//! invoke permissions, and an `Api` event's own `Auth` on its method
//! (`../shared/reference/sam-cdk.md` A.11).
//!
//! Every function reads the Api's `Auth` from the SAM resource in the template (Globals
//! already merged) and resolves its parameter `Ref`s, as the translator does; the body is
//! the caller's copy of `DefinitionBody`, written back by the caller.

use serde_json::Value;

use crate::error::Cause;
use crate::template::Template;

/// The `Auth` step of the RestApi (after CORS, before gateway responses): authorizers
/// into `securityDefinitions`, `DefaultAuthorizer` on every method (and the CORS
/// preflights unless `AddDefaultAuthorizerToCorsPreflight: false`), API-wide
/// `ApiKeyRequired`, and `ResourcePolicy` into `x-amazon-apigateway-policy`. `body` is
/// `None` when the Api has no inline body (`DefinitionUri`), which `Auth` refuses.
///
/// The body stays in Swagger form (`securityDefinitions`); the caller's OpenAPI 3
/// post-processing moves it to `components.securitySchemes`.
pub(crate) fn add_to_body(
    template: &Template<'_>,
    api_id: &str,
    body: Option<&mut Value>,
) -> Result<(), Cause> {
    let _ = body;
    refuse_auth(template, api_id)
}

/// The `AWS::Lambda::Permission`s `<Api><Name>AuthorizerPermission` that let API Gateway
/// invoke each Lambda authorizer (none for `DisableFunctionDefaultPermissions: true`),
/// with the Api's pass-through attributes (`Condition`, `DeletionPolicy`,
/// `UpdateReplacePolicy`).
pub(crate) fn authorizer_permissions(
    template: &Template<'_>,
    api_id: &str,
) -> Result<Vec<(String, Value)>, Cause> {
    refuse_auth(template, api_id).map(|()| Vec::new())
}

/// The method-level `Auth` of `Api` event `event_id` of function `function_id` (path and
/// method as the event gives them, method lower case; `stage` is the permission's stage
/// suffix: `Prod` for the implicit API, the explicit Api's `StageName` or `Stage`):
/// `Authorizer` (`NONE`, `AWS_IAM`, a named one), `AuthorizationScopes`,
/// `ApiKeyRequired`, `ResourcePolicy`, checked against the Api's `Auth`. Called after the
/// method's integration is in `body`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn set_method_auth(
    template: &Template<'_>,
    function_id: &str,
    event_id: &str,
    api_id: &str,
    path: &str,
    method: &str,
    stage: &str,
    body: &mut Value,
) -> Result<(), Cause> {
    let _ = (template, api_id, path, method, stage, body);
    Err(Cause::event(
        function_id,
        event_id,
        "gantry: Api event Auth is not translated yet.",
    ))
}

/// The integration's `credentials` for an `Api` event: when the method's authorizer is
/// `AWS_IAM` (its own, or the Api's `DefaultAuthorizer` for an event without `Auth`), the
/// `InvokeRole` (the event's, else the Api's): a role ARN as given, `CALLER_CREDENTIALS`
/// or unset → `arn:<partition>:iam::*:user/*`, `NONE` → no credentials. Also checks that
/// the event's and the Api's `Auth` are maps (the translator's errors).
pub(crate) fn integration_credentials(
    template: &Template<'_>,
    function_id: &str,
    event_id: &str,
    api_id: &str,
    event_auth: Option<&Value>,
) -> Result<Option<Value>, Cause> {
    let _ = (template, api_id);
    match event_auth {
        None => Ok(None),
        Some(_) => Err(Cause::event(
            function_id,
            event_id,
            "gantry: Api event Auth is not translated yet.",
        )),
    }
}

fn refuse_auth(template: &Template<'_>, api_id: &str) -> Result<(), Cause> {
    let has_auth = template
        .resource(api_id)
        .and_then(|api| api.get("Properties"))
        .and_then(|properties| properties.get("Auth"))
        .is_some();
    if has_auth {
        return Err(Cause::resource(
            api_id,
            "gantry: Api Auth is not translated yet.",
        ));
    }
    Ok(())
}
