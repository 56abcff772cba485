//! An `Api` event's own `Auth` on its method: `Authorizer` (a named one, `NONE`,
//! `AWS_IAM`), `AuthorizationScopes`, `ApiKeyRequired`, `ResourcePolicy`, and the
//! integration `credentials` of `AWS_IAM` methods (`InvokeRole`).

use serde_json::{Map, Value, json};

use super::body::{self, document_error, truthy};
use super::{api_auth, api_property, security};
use crate::error::Cause;
use crate::template::Template;

/// The method-level `Auth` (`event_auth`, the event's `Auth` property) of `Api` event
/// `event_id` of function `function_id` (path and
/// method as the event gives them, method lower case; `stage` is the permission's stage
/// suffix: `Prod` for the implicit API, the explicit Api's `StageName` or `Stage`):
/// `Authorizer` (`NONE`, `AWS_IAM`, a named one), `AuthorizationScopes`,
/// `ApiKeyRequired`, `ResourcePolicy`, checked against the Api's `Auth`. Called after the
/// method's integration is in `body`; does nothing for an event without `Auth`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn set_method_auth(
    template: &Template<'_>,
    function_id: &str,
    event_id: &str,
    api_id: &str,
    event_auth: Option<&Value>,
    path: &str,
    method: &str,
    stage: &str,
    body: &mut Value,
) -> Result<(), Cause> {
    let Some(event_auth) = event_auth.filter(|auth| truthy(auth)).cloned() else {
        return Ok(());
    };
    let event_error = |message: String| Cause::event(function_id, event_id, message);
    let Value::Object(event_auth) = event_auth else {
        return Err(event_error("Property 'Auth' should be a map.".to_owned()));
    };
    let method = method.to_lowercase();
    let api_auth = match api_property(template, api_id, "Auth") {
        Some(auth) if !truthy(&auth) => None,
        _ => api_auth(template, api_id)?,
    };
    let method_authorizer = event_auth.get("Authorizer").filter(|name| truthy(name));
    if let Some(authorizer) = method_authorizer {
        check_method_authorizer(api_id, api_auth.as_ref(), authorizer, path, &method).map_err(
            |error| match error {
                MethodAuthError::Api(cause) => cause,
                MethodAuthError::Event(message) => event_error(message),
            },
        )?;
    }
    if let Some(scopes) = event_auth.get("AuthorizationScopes").filter(|s| truthy(s)) {
        if !scopes.is_array() {
            return Err(event_error(
                "Property 'Auth.AuthorizationScopes' should be a list.".to_owned(),
            ));
        }
        if method_authorizer.is_none() {
            return Err(event_error(
                "AuthorizationScopes works only when Authorizer is set".to_owned(),
            ));
        }
    }
    let api_key_required = event_auth.get("ApiKeyRequired").filter(|v| !v.is_null());
    let api_requires_key = api_auth
        .as_ref()
        .and_then(|auth| auth.get("ApiKeyRequired"))
        .is_some_and(truthy);
    if api_key_required.is_some_and(|required| !truthy(required)) && !api_requires_key {
        return Err(event_error(format!(
            "Unable to set ApiKeyRequired [False] on API method [{method}] for path [{path}] because the related API does not specify any ApiKeyRequired."
        )));
    }
    body::check_path_items(body)?;
    if let Some(authorizer) = method_authorizer {
        let raw_authorizers = api_property(template, api_id, "Auth")
            .and_then(|auth| auth.get("Authorizers").cloned())
            .filter(truthy);
        let scopes = event_auth
            .get("AuthorizationScopes")
            .filter(|s| !s.is_null());
        set_method_authorizer(
            body,
            path,
            &method,
            authorizer,
            raw_authorizers.as_ref(),
            scopes,
        )?;
    }
    if let Some(required) = api_key_required {
        set_method_api_key(body, path, &method, truthy(required))?;
    }
    if let Some(policy) = event_auth.get("ResourcePolicy").filter(|p| truthy(p)) {
        if !policy.is_object() {
            return Err(Cause::resource(
                event_id,
                "Property 'Auth.ResourcePolicy' should be a map.",
            ));
        }
        super::super::resource_policy::add(body, policy, path, &json!(stage))?;
        if let Some(statements) = policy.get("CustomStatements").filter(|s| truthy(s)) {
            super::super::resource_policy::add_custom_statements(body, statements);
        }
    }
    Ok(())
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
    let event_auth = event_auth
        .filter(|auth| truthy(auth))
        .cloned()
        .unwrap_or_else(|| json!({}));
    let Value::Object(event_auth) = event_auth else {
        return Err(Cause::event(
            function_id,
            event_id,
            "Property 'Auth' should be a map.",
        ));
    };
    let api_auth = api_property(template, api_id, "Auth")
        .filter(truthy)
        .unwrap_or_else(|| json!({}));
    let Value::Object(api_auth) = api_auth else {
        return Err(Cause::resource(api_id, "Property 'Auth' should be a map."));
    };
    let uses_aws_iam = event_auth.get("Authorizer").is_some_and(|a| a == "AWS_IAM")
        || (api_auth
            .get("DefaultAuthorizer")
            .is_some_and(|a| a == "AWS_IAM")
            && event_auth.is_empty());
    if !uses_aws_iam {
        return Ok(None);
    }
    let invoke_role = |auth: &Map<String, Value>| match auth.get("InvokeRole") {
        Some(role) if truthy(role) => Some(role.clone()),
        Some(_) => Some(json!("NONE")),
        None => None,
    };
    let credentials = match invoke_role(&event_auth).or_else(|| invoke_role(&api_auth)) {
        Some(role) if role != "CALLER_CREDENTIALS" => role,
        _ => json!(format!(
            "arn:{}:iam::*:user/*",
            template.options.partition()
        )),
    };
    if credentials == "NONE" {
        return Ok(None);
    }
    Ok(Some(credentials))
}

enum MethodAuthError {
    Api(Cause),
    Event(String),
}

/// The translator's checks of a method's `Authorizer` against the Api's authorizers.
fn check_method_authorizer(
    api_id: &str,
    api_auth: Option<&Map<String, Value>>,
    authorizer: &Value,
    path: &str,
    method: &str,
) -> Result<(), MethodAuthError> {
    let api_authorizers = api_auth
        .and_then(|auth| auth.get("Authorizers"))
        .filter(|authorizers| truthy(authorizers));
    if api_authorizers.is_some_and(|authorizers| !authorizers.is_object()) {
        return Err(MethodAuthError::Api(Cause::resource(
            api_id,
            "Property 'Auth.Authorizers' should be a map.",
        )));
    }
    if authorizer == "AWS_IAM" {
        return Ok(());
    }
    let shown = super::authorizer::python_str(authorizer);
    if authorizer == "NONE" {
        let has_default = api_auth
            .and_then(|auth| auth.get("DefaultAuthorizer"))
            .is_some_and(truthy);
        if !has_default {
            return Err(MethodAuthError::Event(format!(
                "Unable to set Authorizer on API method [{method}] for path [{path}] because 'NONE' is only a valid value when a DefaultAuthorizer on the API is specified."
            )));
        }
        return Ok(());
    }
    let Some(api_authorizers) = api_authorizers else {
        return Err(MethodAuthError::Event(format!(
            "Unable to set Authorizer [{shown}] on API method [{method}] for path [{path}] because the related API does not define any Authorizers."
        )));
    };
    let Value::String(name) = authorizer else {
        return Err(MethodAuthError::Event(format!(
            "Unable to set Authorizer [{shown}] on API method [{method}] for path [{path}]. The method authorizer must be a string with a corresponding dict entry in the api authorizer."
        )));
    };
    if !api_authorizers.get(name).is_some_and(truthy) {
        return Err(MethodAuthError::Event(format!(
            "Unable to set Authorizer [{name}] on API method [{method}] for path [{path}] because it wasn't defined in the API's Authorizers."
        )));
    }
    Ok(())
}

/// Appends `{authorizer: scopes}` to the method's `security` (the event's scopes, else
/// the authorizer's, else none).
fn set_method_authorizer(
    swagger: &mut Value,
    path: &str,
    method: &str,
    authorizer: &Value,
    api_authorizers: Option<&Value>,
    method_scopes: Option<&Value>,
) -> Result<(), Cause> {
    let name = super::authorizer::python_str(authorizer);
    let mut scopes = json!([]);
    if name != "NONE"
        && let Some(api_authorizers) = api_authorizers
    {
        let config = api_authorizers.get(&name);
        if config.is_some_and(|config| !config.is_object()) {
            return Err(document_error(format!(
                "Type of authorizer '{name}' must be a dictionary"
            )));
        }
        let chosen = method_scopes
            .or_else(|| config.and_then(|config| config.get("AuthorizationScopes")))
            .filter(|scopes| !scopes.is_null());
        if let (Some(_), Some(chosen)) = (config.filter(|c| !c.is_null()), chosen) {
            scopes = chosen.clone();
        }
    }
    let mut needs_aws_iam = false;
    body::for_each_definition_at(swagger, path, method, |definition| {
        let mut security = body::security_of(definition, path, method)?;
        security.push(json!({ name.clone(): scopes.clone() }));
        needs_aws_iam |= security::first_is_aws_iam(&security);
        definition.insert("security".into(), Value::Array(security));
        Ok(())
    })?;
    if needs_aws_iam {
        security::add_aws_iam_definition(swagger)?;
    }
    Ok(())
}

/// Appends `{api_key: []}` (or the `api_key_false` marker that keeps the Api's default
/// off this method) to the method's `security`.
fn set_method_api_key(
    swagger: &mut Value,
    path: &str,
    method: &str,
    required: bool,
) -> Result<(), Cause> {
    let marker = if required { "api_key" } else { "api_key_false" };
    let mut touched = false;
    body::for_each_definition_at(swagger, path, method, |definition| {
        let mut security = body::security_of(definition, path, method)?;
        security.push(json!({ marker: [] }));
        definition.insert("security".into(), Value::Array(security));
        touched = true;
        Ok(())
    })?;
    if required && touched {
        security::add_api_key_definition(swagger)?;
    }
    Ok(())
}
