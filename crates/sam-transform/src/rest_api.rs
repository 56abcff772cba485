//! `AWS::Serverless::Api` → `AWS::ApiGateway::RestApi` (a Swagger 2.0 or OpenAPI 3 body
//! with API Gateway's extensions), its `Deployment` and `Stage`, keys and usage plans;
//! `Api` events of functions (`../shared/reference/sam-cdk.md` A.8, A.10, A.11).

pub(crate) mod auth;
pub(crate) mod event;
pub(crate) mod gateway_responses;
pub(crate) mod implicit;
pub(crate) mod resource_policy;
pub(crate) mod usage_plan;

use crate::error::Cause;
use crate::template::Template;

/// Gives each explicit Api without `DefinitionBody`/`DefinitionUri` its skeleton body.
pub(crate) fn add_default_definition_bodies(_template: &mut Template<'_>) {}

/// Translates Api `logical_id`, recording errors on the template.
pub(crate) fn translate(template: &mut Template<'_>, logical_id: &str) {
    template.errors.push(Cause::resource(
        logical_id,
        "gantry: REST APIs are not translated yet.",
    ));
}
