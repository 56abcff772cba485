//! A function's `HttpApi` event: its route in the API's body (a Lambda proxy integration,
//! with timeout, path parameters, payload version and security) and its invoke permission.
//!
//! The implicit-API step has already given every event its `ApiId`, `Path` and `Method`
//! and checked them (`implicit.rs`).

use serde_json::{Map, Value, json};

use super::auth::is_truthy;
use super::openapi::{ANY_METHOD, DEFAULT_PATH, INTEGRATION, OpenApi};
use crate::error::Cause;
use crate::events::FunctionTarget;
use crate::intrinsics::sub_with;
use crate::template::Template;

/// What one event is about, as the translator reads it.
struct Route<'e> {
    function: &'e FunctionTarget,
    event_id: &'e str,
    /// The API's logical id and the `ApiId` as written (a `Ref`, for the permission).
    api_id: String,
    api_reference: Value,
    path: String,
    /// Lower-cased, as written otherwise (`any` stays `any`).
    method: String,
    properties: &'e Map<String, Value>,
}

/// Adds the event's route to the body of the API it names and returns the
/// `AWS::Lambda::Permission` it needs (none when the function's `$default` route already
/// covers it).
pub(crate) fn translate(
    template: &mut Template<'_>,
    function: &FunctionTarget,
    event_id: &str,
    event: &Value,
) -> Result<Vec<(String, Value)>, Cause> {
    let empty = Map::new();
    let properties = event
        .get("Properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    check_properties(&format!("{}{event_id}", function.logical_id), properties)?;
    let api_reference = properties.get("ApiId").cloned().unwrap_or(Value::Null);
    let api_id = match &api_reference {
        Value::String(id) => id.clone(),
        other => crate::intrinsics::ref_target(other)
            .unwrap_or_default()
            .to_owned(),
    };
    let route = Route {
        function,
        event_id,
        api_id,
        api_reference,
        path: string_property(properties, "Path"),
        method: string_property(properties, "Method").to_lowercase(),
        properties,
    };
    let mut api = take_api(template, &route.api_id);
    let outcome = permission(template, &route, api.body.as_mut())
        .and_then(|permission| add_integration(&route, &mut api).map(|()| permission));
    if let Some(body) = api.body {
        if let Some(Value::Object(properties)) = template
            .resource_mut(&route.api_id)
            .and_then(|api| api.get_mut("Properties"))
        {
            properties.insert("DefinitionBody".to_owned(), body);
        }
    }
    let mut resources = Vec::new();
    resources.extend(outcome?);
    Ok(resources)
}

/// The properties of an `HttpApi` event and their types.
const PROPERTY_TYPES: [(&str, &str); 8] = [
    ("Path", "string"),
    ("Method", "string"),
    ("ApiId", "string"),
    ("Stage", "string"),
    ("Auth", "map"),
    ("TimeoutInMillis", "integer"),
    ("RouteSettings", "map"),
    ("PayloadFormatVersion", "string"),
];

/// The event's properties known and of their types; errors name the event's resource
/// id (`<Fn><Event>`), as the translator's do.
fn check_properties(resource_id: &str, properties: &Map<String, Value>) -> Result<(), Cause> {
    let known = |name: &str| PROPERTY_TYPES.iter().any(|(n, _)| *n == name);
    if let Some(unknown) = properties.keys().find(|name| !known(name)) {
        return Err(Cause::resource(
            resource_id,
            format!("property {unknown} not defined for resource of type HttpApi"),
        ));
    }
    super::check_types(resource_id, properties, &PROPERTY_TYPES)
}

/// What an event reads of its API; the body is taken out of the template while the
/// event edits it (one copy per event, not three).
struct Api {
    body: Option<Value>,
    managed: bool,
    auth: Option<Value>,
}

fn take_api(template: &mut Template<'_>, api_id: &str) -> Api {
    let properties = template
        .resource_mut(api_id)
        .and_then(|api| api.get_mut("Properties"))
        .and_then(Value::as_object_mut);
    match properties {
        Some(properties) => Api {
            body: properties.remove("DefinitionBody"),
            managed: properties.get(super::MANAGED_BODY).is_some_and(is_truthy),
            auth: properties.get("Auth").cloned(),
        },
        None => Api {
            body: None,
            managed: false,
            auth: None,
        },
    }
}

fn string_property(properties: &Map<String, Value>, name: &str) -> String {
    properties
        .get(name)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// The permission `<Fn><Event>Permission` for API Gateway to invoke the function on this
/// route, any stage.
fn permission(
    template: &Template<'_>,
    route: &Route<'_>,
    body: Option<&mut Value>,
) -> Result<Option<(String, Value)>, Cause> {
    let mut path = route.path.clone();
    if path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    let editor = match body.filter(|body| is_truthy(body)) {
        Some(body) => Some(
            OpenApi::new(body).map_err(|cause| Cause::resource(&route.api_id, cause.message))?,
        ),
        None => None,
    };
    if path == DEFAULT_PATH {
        path.clear();
    } else if let Some(editor) = editor {
        if editor.integration_invokes(DEFAULT_PATH, ANY_METHOD, &route.function.logical_id)? {
            return Ok(None);
        }
    }
    let path = path_with_wildcards(&path);
    let method = if route.method == "any" || route.method == ANY_METHOD {
        "*".to_owned()
    } else {
        route.method.to_uppercase()
    };
    let mut resource = "${__ApiId__}/${__Stage__}".to_owned();
    if route.method == "any" && path == format!("/{DEFAULT_PATH}") {
        resource.push_str(&path);
    } else {
        resource.push_str(&format!("/{method}{path}"));
    }
    let mut variables = Map::new();
    variables.insert("__ApiId__".to_owned(), route.api_reference.clone());
    variables.insert("__Stage__".to_owned(), json!("*"));
    let source_arn = sub_with(
        &format!(
            "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:{resource}"
        ),
        variables,
    );
    let mut permission = Map::new();
    permission.insert("Type".to_owned(), json!("AWS::Lambda::Permission"));
    for attribute in ["Condition", "DeletionPolicy", "UpdateReplacePolicy"] {
        if let Some(value) = passthrough_attribute(template, route.function, attribute) {
            permission.insert(attribute.to_owned(), value);
        }
    }
    permission.insert(
        "Properties".to_owned(),
        json!({
            "Action": "lambda:InvokeFunction",
            "FunctionName": route.function.reference,
            "Principal": "apigateway.amazonaws.com",
            "SourceArn": source_arn,
        }),
    );
    let logical_id = format!("{}{}Permission", route.function.logical_id, route.event_id);
    Ok(Some((logical_id, Value::Object(permission))))
}

/// A resource attribute of the function that its generated resources carry too.
fn passthrough_attribute(
    template: &Template<'_>,
    function: &FunctionTarget,
    attribute: &str,
) -> Option<Value> {
    if attribute == "Condition" {
        return function.condition.clone().map(Value::String);
    }
    template
        .resource(&function.logical_id)?
        .get(attribute)
        .cloned()
}

/// `{name}` and `{proxy+}` path parameters as `*`, as permissions match them.
fn path_with_wildcards(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let closing = after.find('}');
        let name = closing.map(|end| &after[..end]);
        let is_parameter = name.is_some_and(|name| {
            name == "proxy+"
                || (!name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        });
        match (closing, is_parameter) {
            (Some(end), true) => {
                out.push('*');
                rest = &after[end + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The API's body with this route's integration added; `None` when the API has no
/// inline body.
fn add_integration(route: &Route<'_>, api: &mut Api) -> Result<(), Cause> {
    let Some(body) = api.body.as_mut().filter(|body| !body.is_null()) else {
        return Ok(());
    };
    let mut editor = OpenApi::new(body)?;
    if api.managed && editor.has_integration(&route.path, &route.method)? {
        return Err(Cause::event(
            &route.function.logical_id,
            route.event_id,
            format!(
                "API method '{}' defined multiple times for path '{}'.",
                route.method, route.path
            ),
        ));
    }
    let uri = json!({"Fn::Sub": format!(
        "arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/{}/invocations",
        route.function.arn_sub
    )});
    editor.add_lambda_integration(
        &route.path,
        &route.method,
        uri,
        route.function.condition.as_deref(),
    )?;
    if let Some(auth) = route.properties.get("Auth").filter(|auth| is_truthy(auth)) {
        super::auth::add_route_security(route_auth(route), &mut editor, api.auth.as_ref(), auth)?;
    }
    if let Some(timeout) = route
        .properties
        .get("TimeoutInMillis")
        .filter(|t| is_truthy(t))
    {
        set_integration_field(&mut editor, route, "timeoutInMillis", timeout)?;
    }
    let parameters = path_parameters(&route.path);
    if !parameters.is_empty() {
        editor.for_each_method_definition(&route.path, &route.method, true, |definition| {
            add_path_parameters(definition, &parameters);
            Ok(())
        })?;
    }
    if let Some(version) = route
        .properties
        .get("PayloadFormatVersion")
        .filter(|v| is_truthy(v))
    {
        set_integration_field(&mut editor, route, "payloadFormatVersion", version)?;
    }
    Ok(())
}

/// What the security step needs to know about the route.
fn route_auth<'r>(route: &'r Route<'_>) -> super::auth::RouteAuth<'r> {
    super::auth::RouteAuth {
        function_id: &route.function.logical_id,
        event_id: route.event_id,
        api_id: &route.api_id,
        path: &route.path,
        method: &route.method,
    }
}

fn set_integration_field(
    editor: &mut OpenApi<'_>,
    route: &Route<'_>,
    field: &str,
    value: &Value,
) -> Result<(), Cause> {
    editor.for_each_method_definition(&route.path, &route.method, true, |definition| {
        if let Some(Value::Object(integration)) = definition.get_mut(INTEGRATION) {
            integration.insert(field.to_owned(), value.clone());
        }
        Ok(())
    })
}

/// The names between `{` and `}` in a path (`{proxy+}` gives `proxy+`).
fn path_parameters(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        names.push(after[..end].to_owned());
        rest = &after[end + 1..];
    }
    names
}

/// One required path parameter per name, merged into the method's `parameters`.
fn add_path_parameters(definition: &mut Map<String, Value>, names: &[String]) {
    let parameters = definition
        .entry("parameters")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(parameters) = parameters else {
        return;
    };
    for name in names {
        let existing = parameters
            .iter_mut()
            .find(|parameter| parameter.get("name").and_then(Value::as_str) == Some(name));
        match existing {
            Some(Value::Object(parameter)) => {
                parameter.insert("in".to_owned(), json!("path"));
                parameter.insert("required".to_owned(), json!(true));
            }
            _ => parameters.push(json!({"name": name, "in": "path", "required": true})),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_paths_match_parameters_with_a_wildcard() {
        assert_eq!(path_with_wildcards("/items/{id}"), "/items/*");
        assert_eq!(path_with_wildcards("/{proxy+}"), "/*");
        assert_eq!(path_with_wildcards("/a/{b c}"), "/a/{b c}");
    }

    #[test]
    fn path_parameters_are_the_names_in_braces() {
        assert_eq!(path_parameters("/a/{id}/{proxy+}"), vec!["id", "proxy+"]);
        assert!(path_parameters("/a").is_empty());
    }
}
