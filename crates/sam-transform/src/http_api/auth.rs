//! HTTP API authorization: the API's `Auth` (JWT, Lambda and IAM authorizers as
//! `components.securitySchemes`, the `DefaultAuthorizer` on every route) and a route's
//! own `Auth` (`security` of its operation), as the translator writes them.

use serde_json::{Map, Value, json};

use super::openapi::OpenApi;
use crate::error::Cause;
use crate::intrinsics::{is_no_value, sub_with};
pub(crate) use crate::python::is_truthy;

/// The property names an HttpApi's `Auth` may have.
const AUTH_PROPERTIES: [&str; 3] = ["Authorizers", "DefaultAuthorizer", "EnableIamAuthorizer"];

/// The IAM authorizer's name, built in (no `Authorizers` entry).
const AWS_IAM: &str = "AWS_IAM";

/// What a route's security step needs to know about the route.
pub(crate) struct RouteAuth<'r> {
    pub(crate) function_id: &'r str,
    pub(crate) event_id: &'r str,
    pub(crate) api_id: &'r str,
    pub(crate) path: &'r str,
    pub(crate) method: &'r str,
}

impl RouteAuth<'_> {
    fn error(&self, message: impl std::fmt::Display) -> Cause {
        Cause::event(self.function_id, self.event_id, message)
    }
}

/// One authorizer of the API's `Auth.Authorizers`, checked.
pub(super) struct Authorizer {
    pub(super) name: String,
    /// `AuthorizationScopes` as written.
    pub(super) scopes: Option<Value>,
    /// Its entry in `components.securitySchemes`.
    pub(super) scheme: Value,
    /// The Lambda authorizer's function, when it gets a default invoke permission.
    pub(super) permission_function: Option<Value>,
}

/// Adds the security of a route's `Auth` (its authorizer, or the API's default, with
/// scopes) to its operation.
pub(crate) fn add_route_security(
    route: RouteAuth<'_>,
    editor: &mut OpenApi<'_>,
    api_auth: Option<&Value>,
    auth: &Value,
) -> Result<(), Cause> {
    let empty = Value::Object(Map::new());
    let api_auth = api_auth.unwrap_or(&empty);
    if !api_auth.is_object() {
        return Err(Cause::resource(
            route.api_id,
            "Property 'Auth' should be a map.",
        ));
    }
    let default_authorizer = api_auth.get("DefaultAuthorizer").filter(|d| is_truthy(d));
    let authorizer = match auth.get("Authorizer").filter(|a| is_truthy(a)) {
        Some(authorizer) => authorizer.clone(),
        None => match default_authorizer {
            Some(default) => default.clone(),
            None => {
                return Err(route.error(
                    "'Auth' section requires either an explicit 'Authorizer' set or a 'DefaultAuthorizer' configured on the HttpApi.",
                ));
            }
        },
    };
    let authorizers = if api_auth.as_object().is_some_and(Map::is_empty) {
        Some(&empty)
    } else {
        api_auth.get("Authorizers")
    };
    let iam_enabled = api_auth.get("EnableIamAuthorizer") == Some(&Value::Bool(true));
    let (method, path) = (route.method, route.path);
    let name = authorizer.as_str().unwrap_or_default();
    let builtin_iam = name == AWS_IAM && iam_enabled;
    if name != "NONE"
        && !builtin_iam
        && (!authorizer.is_string() || !authorizers.is_some_and(Value::is_object))
    {
        return Err(route.error(format!(
            "Unable to set Authorizer [{}] on API method [{method}] for path [{path}]. The method authorizer must be a string with a corresponding dict entry in the api authorizer.",
            python_repr(&authorizer)
        )));
    }
    if name == "NONE" {
        if default_authorizer.is_none() {
            return Err(route.error(format!(
                "Unable to set Authorizer on API method [{method}] for path [{path}] because 'NONE' is only a valid value when a DefaultAuthorizer on the API is specified."
            )));
        }
    } else if !builtin_iam {
        let defined = authorizers.and_then(Value::as_object);
        if defined.is_none_or(Map::is_empty) {
            return Err(route.error(format!(
                "Unable to set Authorizer [{name}] on API method [{method}] for path [{path}] because the related API does not define any Authorizers."
            )));
        }
        if !defined.and_then(|d| d.get(name)).is_some_and(is_truthy) {
            return Err(route.error(format!(
                "Unable to set Authorizer [{name}] on API method [{method}] for path [{path}] because it wasn't defined in the API's Authorizers."
            )));
        }
    }
    let scopes = auth.get("AuthorizationScopes");
    if scopes.is_some_and(|s| is_truthy(s) && !s.is_array()) {
        return Err(route.error(format!(
            "Unable to set Authorizer on API method [{method}] for path [{path}] because 'AuthorizationScopes' must be a list of strings."
        )));
    }
    let mut requirement_scopes = json!([]);
    if name != "NONE" && name != AWS_IAM {
        let defined = authorizers
            .and_then(|a| a.get(name))
            .cloned()
            .unwrap_or(json!({}));
        if !defined.is_object() {
            return Err(Cause::structure(format!(
                "Type of authorizer '{name}' must be a dictionary"
            )));
        }
        let mut chosen = defined.get("AuthorizationScopes").cloned();
        if let Some(scopes) = scopes.filter(|s| is_truthy(s)) {
            chosen = Some(scopes.clone());
        }
        if let Some(chosen) = chosen.filter(|c| is_truthy(c) && is_truthy(&defined)) {
            requirement_scopes = chosen;
        }
    }
    let mut requirement = Map::new();
    requirement.insert(name.to_owned(), requirement_scopes);
    editor.for_each_method_definition(path, method, true, |definition| {
        let security = definition.entry("security").or_insert_with(|| json!([]));
        let Value::Array(security) = security else {
            return Err(Cause::structure(format!(
                "Type of security for path {path} method {method} must be a list"
            )));
        };
        security.push(Value::Object(requirement.clone()));
        Ok(())
    })
}

/// Adds the API's `Auth` to its body: the security schemes of its authorizers and the
/// default authorizer on every operation without security. Returns the authorizer
/// invoke permissions to generate (`EnableFunctionDefaultPermissions`).
pub(crate) fn add_api_auth(
    logical_id: &str,
    body: &mut Value,
    auth: &Map<String, Value>,
    partition: &str,
) -> Result<Vec<(String, Value)>, Cause> {
    if !auth
        .keys()
        .all(|key| AUTH_PROPERTIES.contains(&key.as_str()))
    {
        return Err(Cause::resource(
            logical_id,
            "Invalid value for 'Auth' property",
        ));
    }
    if !super::openapi::is_valid(body) {
        return Err(Cause::resource(
            logical_id,
            "Unable to add Auth configuration because 'DefinitionBody' does not contain a valid OpenApi definition.",
        ));
    }
    let authorizers = authorizers(logical_id, auth, partition)?;
    let mut editor = OpenApi::new(body)?;
    if !authorizers.is_empty() {
        add_security_schemes(editor.document(), &authorizers);
    }
    set_default_authorizer(
        logical_id,
        &mut editor,
        auth.get("DefaultAuthorizer"),
        &authorizers,
    )?;
    Ok(authorizers
        .iter()
        .filter_map(|authorizer| {
            let function_arn = authorizer.permission_function.clone()?;
            let mut variables = Map::new();
            variables.insert("__ApiId__".to_owned(), json!({"Ref": logical_id}));
            let source_arn = sub_with(
                "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*",
                variables,
            );
            Some((
                format!("{logical_id}{}AuthorizerPermission", authorizer.name),
                json!({"Type": "AWS::Lambda::Permission", "Properties": {
                    "Action": "lambda:InvokeFunction",
                    "FunctionName": function_arn,
                    "Principal": "apigateway.amazonaws.com",
                    "SourceArn": source_arn,
                }}),
            ))
        })
        .collect())
}

fn add_security_schemes(document: &mut Map<String, Value>, authorizers: &[Authorizer]) {
    let components = document
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    if !components.is_object() {
        *components = Value::Object(Map::new());
    }
    let Value::Object(components) = components else {
        return;
    };
    let schemes = components
        .entry("securitySchemes")
        .or_insert_with(|| Value::Object(Map::new()));
    if !schemes.is_object() {
        *schemes = Value::Object(Map::new());
    }
    if let Value::Object(schemes) = schemes {
        for authorizer in authorizers {
            schemes.insert(authorizer.name.clone(), authorizer.scheme.clone());
        }
    }
}

fn set_default_authorizer(
    logical_id: &str,
    editor: &mut OpenApi<'_>,
    default: Option<&Value>,
    authorizers: &[Authorizer],
) -> Result<(), Cause> {
    let Some(default) = default.filter(|d| is_truthy(d) && !is_no_value(d)) else {
        return Ok(());
    };
    let Some(name) = default.as_str() else {
        return Err(Cause::resource(
            logical_id,
            "Property 'Auth.DefaultAuthorizer' should be a string.",
        ));
    };
    let Some(authorizer) = authorizers.iter().find(|a| a.name == name) else {
        return Err(Cause::resource(
            logical_id,
            format!(
                "Unable to set DefaultAuthorizer because '{name}' was not defined in 'Authorizers'."
            ),
        ));
    };
    let scopes = authorizer.scopes.clone().unwrap_or(json!([]));
    let mut requirement = Map::new();
    requirement.insert(name.to_owned(), scopes);
    for path in editor.path_names() {
        editor.for_each_operation(&path, |definition| {
            if definition.get("security").is_some_and(is_truthy) {
                return Ok(());
            }
            definition.insert("security".to_owned(), json!([requirement.clone()]));
            Ok(())
        })?;
    }
    Ok(())
}

/// The API's authorizers, checked, in the translator's order (IAM first).
fn authorizers(
    logical_id: &str,
    auth: &Map<String, Value>,
    partition: &str,
) -> Result<Vec<Authorizer>, Cause> {
    let mut out = Vec::new();
    if auth.get("EnableIamAuthorizer") == Some(&Value::Bool(true)) {
        out.push(Authorizer {
            name: AWS_IAM.to_owned(),
            scopes: None,
            scheme: json!({"type": "apiKey", "name": "Authorization", "in": "header",
                           "x-amazon-apigateway-authtype": "awsSigv4"}),
            permission_function: None,
        });
    }
    let Some(configured) = auth.get("Authorizers").filter(|a| is_truthy(a)) else {
        return Ok(out);
    };
    let Value::Object(configured) = configured else {
        return Err(Cause::resource(
            logical_id,
            "Property 'Auth.Authorizers' should be a map.",
        ));
    };
    for (name, authorizer) in configured {
        let Value::Object(authorizer) = authorizer else {
            return Err(Cause::resource(
                logical_id,
                format!("Property 'Auth.Authorizers.{name}' should be a map."),
            ));
        };
        if authorizer.contains_key("OpenIdConnectUrl") {
            return Err(Cause::resource(
                logical_id,
                format!(
                    "'OpenIdConnectUrl' is no longer a supported property for authorizer '{name}'. Please refer to the AWS SAM documentation."
                ),
            ));
        }
        out.push(super::authorizer::build(
            logical_id, name, authorizer, partition,
        )?);
    }
    Ok(out)
}

/// Python's `repr` of a JSON value, as the translator's messages print values.
pub(crate) fn python_repr(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'")),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(python_repr).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(key, item)| {
                    format!(
                        "{}: {}",
                        python_repr(&Value::String(key.clone())),
                        python_repr(item)
                    )
                })
                .collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_print_as_python_prints_them() {
        assert_eq!(python_repr(&json!({"Ref": "MyAuth"})), "{'Ref': 'MyAuth'}");
        assert_eq!(python_repr(&json!([true, null, 1])), "[True, None, 1]");
    }
}
