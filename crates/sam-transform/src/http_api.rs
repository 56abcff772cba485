//! `AWS::Serverless::HttpApi` → `AWS::ApiGatewayV2::Api` (an OpenAPI 3.0 body with
//! API Gateway's extensions) and its `Stage`; `HttpApi` events of functions
//! (`../shared/reference/sam-cdk.md` A.8–A.10).

pub(crate) mod event;
pub(crate) mod implicit;

use crate::error::Cause;
use crate::template::Template;

/// Gives each explicit HttpApi without `DefinitionBody`/`DefinitionUri` its skeleton body.
pub(crate) fn add_default_definition_bodies(_template: &mut Template<'_>) {}

/// Translates HttpApi `logical_id`, recording errors on the template.
pub(crate) fn translate(template: &mut Template<'_>, logical_id: &str) {
    template.errors.push(Cause::resource(
        logical_id,
        "gantry: HTTP APIs are not translated yet.",
    ));
}
