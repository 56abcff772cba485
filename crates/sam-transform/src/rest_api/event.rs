//! A function's `Api` event: its route in the API's body and its invoke permission.
//!
//! Steps, as the translator takes them: find the API and its stage (the permission's id
//! suffix); build the permission; when SAM manages the API's body (or
//! `MergeDefinitions` is on), add the `aws_proxy` integration with the event's timeout,
//! request model and parameters, and write the body back to the SAM API.

use serde_json::{Value, json};

mod permission;
mod snapshot;

pub(crate) use permission::passthrough_attributes;

use super::auth;
use super::merge;
use super::request::{self, Method};
use super::swagger::{self, LambdaIntegration};
use crate::error::Cause;
use crate::events::FunctionTarget;
use crate::intrinsics;
use crate::property_types::{self, Check, PropertyType, optional, required};
use crate::template::Template;
use snapshot::Snapshot;

/// The properties of an `Api` event and their types, in the translator's order.
const PROPERTY_TYPES: &[PropertyType] = &[
    required("Path", Check::Str),
    required("Method", Check::Str),
    required("RestApiId", Check::Str),
    optional("Stage", Check::Str),
    optional("Auth", Check::Map),
    optional("RequestModel", Check::Map),
    optional("RequestParameters", Check::List),
    optional("TimeoutInMillis", Check::Int),
    optional("ResponseTransferMode", Check::Str),
];

/// Adds the event's route to the body of the API it names (or the implicit one) and
/// returns the `AWS::Lambda::Permission` it needs.
pub(crate) fn translate(
    template: &mut Template<'_>,
    function: &FunctionTarget,
    event_id: &str,
    event: &Value,
) -> Result<Vec<(String, Value)>, Cause> {
    let result = translate_event(template, function, event_id, event);
    if let Err(cause) = &result
        && cause.ends_transform
    {
        template.fail_document(cause.clone());
    }
    result
}

fn translate_event(
    template: &mut Template<'_>,
    function: &FunctionTarget,
    event_id: &str,
    event: &Value,
) -> Result<Vec<(String, Value)>, Cause> {
    let fail = |message: &str| Cause::event(&function.logical_id, event_id, message);
    let properties = event.get("Properties").cloned().unwrap_or(json!({}));
    if let Value::Object(map) = &properties {
        // The translator names an event's own property errors `<Function><Event>`.
        let event_logical_id = format!("{}{event_id}", function.logical_id);
        property_types::check(&event_logical_id, "Api", map, PROPERTY_TYPES)?;
    }
    let path = required_string(&properties, "Path").map_err(|m| fail(&m))?;
    let method = required_string(&properties, "Method")
        .map_err(|m| fail(&m))?
        .to_lowercase();
    let Some(rest_api_id) = properties.get("RestApiId") else {
        return Err(fail("Property 'RestApiId' is required."));
    };
    let api_id = intrinsics::ref_target(rest_api_id)
        .or_else(|| rest_api_id.as_str())
        .map(str::to_owned);
    let stage_suffix = stage_suffix(template, api_id.as_deref(), &fail)?;
    let permission = permission::permission(
        template,
        function,
        event_id,
        &path,
        &method,
        rest_api_id,
        &stage_suffix,
    );

    if let Some(api_id) = api_id {
        let at = Method {
            path: &path,
            method: &method,
        };
        let target = Target {
            function,
            event_id,
            api_id: &api_id,
            stage: &stage_suffix,
        };
        add_to_managed_body(template, &target, &at, &properties)?;
        override_api_auth(template, &target, &at, &properties)?;
    }
    Ok(vec![permission])
}

/// Why adding the integration failed: an event error or a document-level one.
enum IntegrationError {
    Event(String),
    Document(Cause),
}

impl IntegrationError {
    fn into_cause(self, function_id: &str, event_id: &str) -> Cause {
        match self {
            Self::Event(message) => Cause::event(function_id, event_id, message),
            Self::Document(cause) => cause,
        }
    }
}

impl From<String> for IntegrationError {
    fn from(message: String) -> Self {
        Self::Event(message)
    }
}

impl From<Cause> for IntegrationError {
    fn from(cause: Cause) -> Self {
        Self::Document(cause)
    }
}

/// Who the event is: its function, its id, the API it names and that API's stage suffix.
struct Target<'t> {
    function: &'t FunctionTarget,
    event_id: &'t str,
    api_id: &'t str,
    stage: &'t str,
}

/// When SAM manages the API's body (or merges into it), adds the event's method there.
///
/// The body is edited where it is, not copied per event (a copy per event makes an API
/// with many routes quadratic); what a failed event changed is put back, as the
/// translator's editor works on a copy and keeps it only on success.
fn add_to_managed_body(
    template: &mut Template<'_>,
    target: &Target<'_>,
    at: &Method<'_>,
    event: &Value,
) -> Result<(), Cause> {
    let Some(properties) = template
        .resource(target.api_id)
        .and_then(|api| api.get("Properties"))
    else {
        return Ok(());
    };
    let manage = properties
        .get("__MANAGE_SWAGGER")
        .is_some_and(swagger::is_truthy);
    let merge_definitions = properties
        .get("MergeDefinitions")
        .is_some_and(swagger::is_truthy);
    if !manage && !merge_definitions {
        return Ok(());
    }
    let models = properties.get("Models").cloned();
    let Some(mut body) = take_definition_body(template, target.api_id) else {
        return Ok(());
    };
    let before = Snapshot::of(&body, at.path);
    let added = add_integration(
        template,
        &mut body,
        models.as_ref(),
        target,
        at,
        event,
        merge_definitions,
    );
    match added {
        Ok(Some(merged)) => set_definition_body(template, target.api_id, merged),
        Ok(None) => set_definition_body(template, target.api_id, body),
        Err(error) => {
            before.restore(&mut body);
            set_definition_body(template, target.api_id, body);
            return Err(error.into_cause(&target.function.logical_id, target.event_id));
        }
    }
    Ok(())
}

/// The API's `DefinitionBody`, taken out of the template to be edited; `None` when it has
/// none.
fn take_definition_body(template: &mut Template<'_>, api_id: &str) -> Option<Value> {
    let body = template
        .resource_mut(api_id)?
        .get_mut("Properties")?
        .get_mut("DefinitionBody")
        .filter(|body| !body.is_null())?;
    Some(std::mem::take(body))
}

/// `Auth.OverrideApiAuth`: the event's `Auth` applied to the API's own body too.
fn override_api_auth(
    template: &mut Template<'_>,
    target: &Target<'_>,
    at: &Method<'_>,
    event: &Value,
) -> Result<(), Cause> {
    let Some(auth) = event.get("Auth").filter(|auth| swagger::is_truthy(auth)) else {
        return Ok(());
    };
    if !auth.get("OverrideApiAuth").is_some_and(swagger::is_truthy) {
        return Ok(());
    }
    let Some(mut body) = template
        .resource(target.api_id)
        .and_then(|api| api.get("Properties"))
        .and_then(|p| p.get("DefinitionBody"))
        .filter(|body| swagger::is_truthy(body))
        .cloned()
    else {
        return Ok(());
    };
    let sets_something = ["Authorizer", "ApiKeyRequired", "ResourcePolicy"]
        .iter()
        .any(|name| auth.get(*name).is_some_and(swagger::is_truthy));
    if !sets_something {
        return Err(Cause::event(
            &target.function.logical_id,
            target.event_id,
            "Must define one of: Authorizer, ApiKeyRequired or ResourcePolicy when using the OverrideApiAuth property.",
        ));
    }
    if !swagger::is_valid(&body) {
        return Err(invalid_body());
    }
    auth::set_method_auth(
        template,
        &target.function.logical_id,
        target.event_id,
        target.api_id,
        Some(auth),
        at.path,
        at.method,
        target.stage,
        &mut body,
    )?;
    set_definition_body(template, target.api_id, body);
    Ok(())
}

fn set_definition_body(template: &mut Template<'_>, api_id: &str, body: Value) {
    if let Some(Value::Object(properties)) = template
        .resource_mut(api_id)
        .and_then(|api| api.get_mut("Properties"))
    {
        properties.insert("DefinitionBody".into(), body);
    }
}

fn invalid_body() -> Cause {
    Cause::document(
        "Invalid Swagger document or the Swagger document is not explicitly defined in 'DefinitionBody'.",
    )
}

/// Adds this event's method and integration to `body`; with `MergeDefinitions`, builds
/// it on a skeleton and returns the merge of that with `body` (left as it is).
fn add_integration(
    template: &Template<'_>,
    body: &mut Value,
    models: Option<&Value>,
    target: &Target<'_>,
    at: &Method<'_>,
    event: &Value,
    merge_definitions: bool,
) -> Result<Option<Value>, IntegrationError> {
    if !merge_definitions {
        add_method(template, body, models, target, at, event)?;
        return Ok(None);
    }
    let mut method_body = swagger::skeleton();
    add_method(template, &mut method_body, models, target, at, event)?;
    Ok(Some(merge::merge_method(
        target.api_id,
        body,
        &method_body,
        at,
    )?))
}

/// The event's method, its `aws_proxy` integration, auth, timeout, request model and
/// parameters, added to `body`.
fn add_method(
    template: &Template<'_>,
    body: &mut Value,
    models: Option<&Value>,
    target: &Target<'_>,
    at: &Method<'_>,
    event: &Value,
) -> Result<(), IntegrationError> {
    let function = target.function;
    let partition = template.options.partition();
    if !swagger::is_valid(body) {
        return Err(invalid_body().into());
    }
    swagger::check_path_items(body)?;
    if swagger::has_integration(body, at.path, at.method)? {
        return Err(format!(
            "API method \"{}\" defined multiple times for path \"{}\".",
            at.method, at.path
        )
        .into());
    }
    let credentials = auth::integration_credentials(
        template,
        &function.logical_id,
        target.event_id,
        target.api_id,
        event.get("Auth"),
    )?;
    let stream =
        event.get("ResponseTransferMode").and_then(Value::as_str) == Some("RESPONSE_STREAM");
    let integration = LambdaIntegration {
        uri: integration_uri(function, partition, stream),
        condition: function.condition.as_deref(),
        credentials,
        stream,
    };
    swagger::add_lambda_integration(body, at.path, at.method, &integration)?;
    if event.get("Auth").is_some_and(swagger::is_truthy) {
        auth::set_method_auth(
            template,
            &function.logical_id,
            target.event_id,
            target.api_id,
            event.get("Auth"),
            at.path,
            at.method,
            target.stage,
            body,
        )?;
    }
    if let Some(timeout) = event
        .get("TimeoutInMillis")
        .filter(|t| swagger::is_truthy(t))
    {
        for definition in swagger::method_definitions_mut(body, at.path, at.method)? {
            if let Some(Value::Object(extension)) = definition.get_mut(swagger::INTEGRATION) {
                extension.insert("timeoutInMillis".into(), timeout.clone());
            }
        }
    }
    if let Some(model) = event.get("RequestModel").filter(|m| swagger::is_truthy(m)) {
        request::add_request_model(body, at, model, models)?;
    }
    if let Some(parameters) = event
        .get("RequestParameters")
        .filter(|p| swagger::is_truthy(p))
    {
        request::add_request_parameters(body, at, parameters)?;
    }
    Ok(())
}

/// `Path`/`Method` must be strings.
fn required_string(properties: &Value, name: &str) -> Result<String, String> {
    match properties.get(name) {
        None | Some(Value::Null) => Err(format!("Property '{name}' is required.")),
        Some(Value::String(text)) => Ok(text.clone()),
        Some(_) => Err(format!("Property '{name}' should be a string.")),
    }
}

/// The permission id's suffix: the API's literal `StageName`, `Stage` for an intrinsic
/// one, `AllStages` when the API is not named by a string.
fn stage_suffix(
    template: &Template<'_>,
    api_id: Option<&str>,
    fail: &dyn Fn(&str) -> Cause,
) -> Result<String, Cause> {
    let Some(api_id) = api_id else {
        return Ok("AllStages".to_owned());
    };
    let Some(api) = template.resource(api_id).filter(|api| api.is_object()) else {
        return Err(fail(
            "RestApiId property of Api event must reference a valid resource in the same template.",
        ));
    };
    match api.get("Properties").and_then(|p| p.get("StageName")) {
        Some(Value::String(stage)) if stage.is_empty() => {
            Err(Cause::resource(api_id, "StageName cannot be empty."))
        }
        Some(Value::String(stage)) => Ok(stage.clone()),
        _ => Ok("Stage".to_owned()),
    }
}

/// The Lambda invocation URI of the integration.
fn integration_uri(function: &FunctionTarget, partition: &str, stream: bool) -> Value {
    let (version, tail) = if stream {
        ("2021-11-15", "/response-streaming-invocations")
    } else {
        ("2015-03-31", "/invocations")
    };
    intrinsics::sub(&format!(
        "arn:{partition}:apigateway:${{AWS::Region}}:lambda:path/{version}/functions/{}{tail}",
        function.arn_sub
    ))
}
