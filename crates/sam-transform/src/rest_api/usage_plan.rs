//! `Auth.UsagePlan` of an `AWS::Serverless::Api`: `PER_API` (`<Api>UsagePlan`,
//! `<Api>ApiKey`, `<Api>UsagePlanKey`), `SHARED` (one `ServerlessUsagePlan`,
//! `ServerlessApiKey` and `ServerlessUsagePlanKey` for every Api that asks for it, with
//! their combined `DependsOn`, stages, `Condition`s and deletion policies) or `NONE`.

use serde_json::Value;

use crate::error::Cause;
use crate::template::Template;

/// What the `SHARED` usage plan has gathered from the Apis translated so far.
#[derive(Clone, Debug, Default)]
pub(crate) struct SharedUsagePlan {
    /// The Apis the shared resources depend on, in translation order.
    pub(crate) depends_on: Vec<String>,
    /// `{ApiId, Stage}` of every Api sharing the plan.
    pub(crate) api_stages: Vec<Value>,
    /// `{RestApiId, StageName}` of every Api sharing the key.
    pub(crate) stage_keys: Vec<Value>,
    /// The `Condition`s of the sharing Apis.
    pub(crate) conditions: Vec<String>,
    /// Whether one sharing Api has no `Condition` (then the shared resources have none).
    pub(crate) any_api_without_condition: bool,
    /// The strongest `DeletionPolicy` of the sharing Apis.
    pub(crate) deletion_policy: Option<Value>,
    /// The strongest `UpdateReplacePolicy` of the sharing Apis.
    pub(crate) update_replace_policy: Option<Value>,
}

/// The usage plan resources of Api `api_id` whose stage is `stage_id` (the logical id of
/// its `AWS::ApiGateway::Stage`): empty without `Auth.UsagePlan` or for `NONE`. A
/// `SHARED` plan's resources are returned whole each time (the latest replaces the
/// earlier ones in the template), and `SharedUsagePlanCondition` is written to the
/// template's `Conditions` when the sharing Apis all have conditions.
pub(crate) fn translate(
    template: &mut Template<'_>,
    api_id: &str,
    stage_id: &str,
) -> Result<Vec<(String, Value)>, Cause> {
    let _ = stage_id;
    let has_usage_plan = template
        .resource(api_id)
        .and_then(|api| api.get("Properties"))
        .and_then(|properties| properties.get("Auth"))
        .and_then(|auth| auth.get("UsagePlan"))
        .is_some();
    if has_usage_plan {
        return Err(Cause::resource(
            api_id,
            "gantry: Api Auth.UsagePlan is not translated yet.",
        ));
    }
    Ok(Vec::new())
}
