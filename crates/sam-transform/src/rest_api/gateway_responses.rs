//! `GatewayResponses` of an `AWS::Serverless::Api` → `x-amazon-apigateway-gateway-responses`
//! (`responseParameters` with the `gatewayresponse.header.` / `path.` / `querystring.`
//! prefixes, `responseTemplates`, `statusCode` as a string).

use serde_json::{Map, Value, json};

use super::auth::authorizer::python_str;
use super::auth::body::{self, truthy};
use crate::error::Cause;
use crate::intrinsics::is_intrinsic;
use crate::template::Template;

const EXTENSION: &str = "x-amazon-apigateway-gateway-responses";
const RESPONSE_PROPERTIES: [&str; 3] = ["ResponseParameters", "ResponseTemplates", "StatusCode"];
const PARAMETER_PREFIXES: [(&str, &str); 3] = [
    ("Headers", "header."),
    ("Paths", "path."),
    ("QueryStrings", "querystring."),
];

/// The gateway responses step of the RestApi (after `Auth`): reads `GatewayResponses`
/// from Api `api_id` and writes them into `body` (`None` without an inline body, which
/// `GatewayResponses` refuses).
pub(crate) fn add(
    template: &Template<'_>,
    api_id: &str,
    body: Option<&mut Value>,
) -> Result<(), Cause> {
    let Some(responses) =
        super::auth::api_property(template, api_id, "GatewayResponses").filter(truthy)
    else {
        return Ok(());
    };
    let Some(swagger) = body else {
        return Err(Cause::resource(
            api_id,
            "GatewayResponses works only with inline Swagger specified in 'DefinitionBody' property.",
        ));
    };
    let Value::Object(responses) = responses else {
        return Err(Cause::resource(
            api_id,
            "Property 'GatewayResponses' should be a map.",
        ));
    };
    check_responses(api_id, &responses)?;
    if !body::is_valid(swagger) {
        return Err(Cause::resource(
            api_id,
            "Unable to add Auth configuration because 'DefinitionBody' does not contain a valid Swagger definition.",
        ));
    }
    body::check_path_items(swagger)?;
    let mut generated = Vec::new();
    for (response_type, response) in &responses {
        let parameters = response.get("ResponseParameters").filter(|p| truthy(p));
        if parameters.is_some_and(|parameters| !parameters.is_object()) {
            return Err(Cause::resource(
                api_id,
                format!(
                    "Property 'GatewayResponses.{response_type}.ResponseParameters' should be a map."
                ),
            ));
        }
        generated.push((response_type.clone(), gateway_response(api_id, response)?));
    }
    let Value::Object(document) = swagger else {
        return Ok(());
    };
    let entry = document.entry(EXTENSION).or_insert_with(|| json!({}));
    if !entry.is_object() || !truthy(entry) {
        *entry = json!({});
    }
    if let Value::Object(existing) = entry {
        existing.extend(generated);
    }
    Ok(())
}

/// Each response is a mapping (not an intrinsic) with only the known properties.
fn check_responses(api_id: &str, responses: &Map<String, Value>) -> Result<(), Cause> {
    for (response_type, response) in responses {
        if is_intrinsic(response) {
            return Err(Cause::resource(
                api_id,
                "Unable to set GatewayResponses attribute because intrinsic functions are not supported for this field.",
            ));
        }
        let Value::Object(response) = response else {
            return Err(Cause::resource(
                api_id,
                format!(
                    "Invalid property type '{}' for GatewayResponses. Expected an object of type 'GatewayResponse'.",
                    python_type_name(response)
                ),
            ));
        };
        for key in response.keys() {
            if !RESPONSE_PROPERTIES.contains(&key.as_str()) {
                return Err(Cause::resource(
                    api_id,
                    format!(
                        "Invalid property '{key}' in 'GatewayResponses' property '{response_type}'."
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// One response's extension entry.
fn gateway_response(api_id: &str, response: &Value) -> Result<Value, Cause> {
    let parameters = response
        .get("ResponseParameters")
        .filter(|parameters| truthy(parameters));
    if let Some(Value::Object(parameters)) = parameters {
        for key in parameters.keys() {
            if !PARAMETER_PREFIXES.iter().any(|(name, _)| name == key) {
                return Err(Cause::resource(
                    api_id,
                    format!("Invalid gateway response parameter '{key}'"),
                ));
            }
        }
    }
    let status_code = response
        .get("StatusCode")
        .filter(|code| !code.is_null())
        .map(python_str);
    if let Some(code) = &status_code {
        let numeric = (1..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit());
        if response.get("StatusCode").is_some_and(truthy) && !numeric {
            return Err(Cause::resource(
                api_id,
                "Property 'StatusCode' must be numeric",
            ));
        }
    }
    let mut generated = Map::new();
    generated.insert(
        "responseParameters".into(),
        Value::Object(prefixed_parameters(api_id, parameters)?),
    );
    let templates = response
        .get("ResponseTemplates")
        .filter(|templates| truthy(templates))
        .cloned()
        .unwrap_or_else(|| json!({}));
    generated.insert("responseTemplates".into(), templates);
    if let Some(code) = status_code.filter(|code| !code.is_empty()) {
        generated.insert("statusCode".into(), json!(code));
    }
    Ok(Value::Object(generated))
}

/// `Headers`/`Paths`/`QueryStrings` as `gatewayresponse.header.<name>` etc.
fn prefixed_parameters(
    api_id: &str,
    parameters: Option<&Value>,
) -> Result<Map<String, Value>, Cause> {
    let mut prefixed = Map::new();
    for (name, prefix) in PARAMETER_PREFIXES {
        let Some(values) = parameters.and_then(|parameters| parameters.get(name)) else {
            continue;
        };
        let Value::Object(values) = values else {
            return Err(Cause::resource(
                api_id,
                format!("Property 'ResponseParameters.{name}' should be a map."),
            ));
        };
        for (key, value) in values {
            prefixed.insert(format!("gatewayresponse.{prefix}{key}"), value.clone());
        }
    }
    Ok(prefixed)
}

/// Python's `type(value).__name__` for a value of an Api's properties, whose strings the
/// translator has made `Py27UniStr`s.
fn python_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(number) if number.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "Py27UniStr",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_response_gets_prefixed_parameters_and_a_string_status_code() {
        let response = json!({"StatusCode": 401,
            "ResponseParameters": {"Headers": {"Access-Control-Expose-Headers": "'WWW-Authenticate'"},
                "Paths": {"p": "'v'"}, "QueryStrings": {"q": "'w'"}}});
        assert_eq!(
            gateway_response("Api", &response).ok(),
            Some(json!({"responseParameters": {
                "gatewayresponse.header.Access-Control-Expose-Headers": "'WWW-Authenticate'",
                "gatewayresponse.path.p": "'v'", "gatewayresponse.querystring.q": "'w'"},
                "responseTemplates": {}, "statusCode": "401"}))
        );
    }

    #[test]
    fn a_status_code_must_look_numeric() {
        let error = gateway_response("Api", &json!({"StatusCode": "4xx"})).unwrap_err();
        assert_eq!(
            error.message,
            "Resource with id [Api] is invalid. Property 'StatusCode' must be numeric"
        );
        let error =
            gateway_response("Api", &json!({"ResponseParameters": {"Bodies": {}}})).unwrap_err();
        assert!(
            error
                .message
                .ends_with("Invalid gateway response parameter 'Bodies'")
        );
    }
}
