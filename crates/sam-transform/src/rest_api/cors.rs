//! `Cors` of an `AWS::Serverless::Api`: an `OPTIONS` mock method on every path of the
//! body answering the preflight with the configured `Access-Control-*` headers.

use serde_json::{Map, Value, json};

use super::swagger;
use crate::error::Cause;
use crate::intrinsics;

const WILDCARD: &str = "'*'";
const KEYS: &[&str] = &[
    "AllowMethods",
    "AllowHeaders",
    "AllowOrigin",
    "MaxAge",
    "AllowCredentials",
];

/// The `Cors` property, read as the translator reads it.
struct Cors {
    allow_origin: Value,
    allow_headers: Option<Value>,
    allow_methods: Option<Value>,
    max_age: Option<Value>,
    allow_credentials: bool,
}

/// Adds the CORS preflight methods to `body` (the API's inline definition).
pub(crate) fn add(api_id: &str, cors: &Value, body: Option<&mut Value>) -> Result<(), Cause> {
    if !swagger::is_truthy(cors) {
        return Ok(());
    }
    let Some(body) = body.filter(|body| swagger::is_truthy(body)) else {
        return Err(Cause::resource(
            api_id,
            "Cors works only with inline Swagger specified in 'DefinitionBody' property.",
        ));
    };
    let cors = read(api_id, cors)?;
    if !swagger::is_valid(body) {
        return Err(Cause::resource(
            api_id,
            "Unable to add Cors configuration because 'DefinitionBody' does not contain a valid Swagger definition.",
        ));
    }
    if cors.allow_credentials && cors.allow_origin.as_str() == Some(WILDCARD) {
        return Err(Cause::resource(
            api_id,
            "Unable to add Cors configuration because 'AllowCredentials' can not be true when 'AllowOrigin' is \"'*'\" or not set",
        ));
    }
    swagger::check_path_items(body)?;
    let paths: Vec<String> = swagger::paths(body)
        .map(|paths| paths.keys().cloned().collect())
        .unwrap_or_default();
    // API Gateway treats `/a` and `/a/` as one resource: one preflight for both.
    // Deviation from AWS: the translator keeps whichever of the two comes first in its
    // emulation of Python 2.7's dict order; gantry keeps the first in template order.
    let mut seen = Vec::new();
    for path in paths {
        let normalised = if path == "/" {
            path.clone()
        } else {
            path.trim_end_matches('/').to_owned()
        };
        if seen.contains(&normalised) {
            continue;
        }
        seen.push(normalised);
        add_to_path(api_id, body, &path, &cors)?;
    }
    Ok(())
}

/// `Cors` as a string (the origin) or a mapping of the five known keys.
fn read(api_id: &str, cors: &Value) -> Result<Cors, Cause> {
    if cors.is_string() || intrinsics::is_intrinsic(cors) {
        return Ok(Cors {
            allow_origin: cors.clone(),
            allow_headers: None,
            allow_methods: None,
            max_age: None,
            allow_credentials: false,
        });
    }
    let Value::Object(map) = cors else {
        return Err(Cause::resource(api_id, "Invalid value for 'Cors' property"));
    };
    if let Some(key) = map.keys().find(|key| !KEYS.contains(&key.as_str())) {
        return Err(Cause::resource(
            api_id,
            format!("Invalid key '{key}' for 'Cors' property."),
        ));
    }
    Ok(Cors {
        allow_origin: map.get("AllowOrigin").cloned().unwrap_or(json!(WILDCARD)),
        allow_headers: map.get("AllowHeaders").cloned(),
        allow_methods: map.get("AllowMethods").cloned(),
        max_age: map.get("MaxAge").cloned(),
        allow_credentials: map.get("AllowCredentials") == Some(&Value::Bool(true)),
    })
}

/// The preflight of one path (each branch of a conditional path item), unless the path
/// already has `options`.
fn add_to_path(api_id: &str, body: &mut Value, path: &str, cors: &Cors) -> Result<(), Cause> {
    let Some(item) = swagger::paths_mut(body).get_mut(path) else {
        return Ok(());
    };
    // The translator computes the methods from the first branch and keeps them.
    let mut allow_methods = cors.allow_methods.clone().filter(swagger::is_truthy);
    for path_item in swagger::conditional_contents_mut(item)? {
        let Value::Object(path_item) = path_item else {
            continue;
        };
        if path_item.contains_key("options") {
            continue;
        }
        if !swagger::is_truthy(&cors.allow_origin) {
            return Err(Cause::resource(
                api_id,
                "Invalid input. Value for AllowedOrigins is required",
            ));
        }
        let methods = allow_methods
            .get_or_insert_with(|| json!(format!("'{}'", allowed_methods(path_item))))
            .clone();
        path_item.insert("options".into(), preflight(cors, &methods));
    }
    Ok(())
}

/// Every method of the path item and `OPTIONS`, upper case, sorted (all of them for
/// `ANY`).
fn allowed_methods(path_item: &Map<String, Value>) -> String {
    let keys: Vec<&String> = path_item.keys().collect();
    let mut methods: Vec<String> = if keys.iter().any(|key| *key == swagger::ANY_METHOD) {
        ["OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]
            .iter()
            .map(|m| (*m).to_owned())
            .collect()
    } else {
        keys.iter()
            .map(|key| key.to_uppercase())
            .chain(std::iter::once("OPTIONS".to_owned()))
            .collect()
    };
    methods.sort();
    methods.dedup();
    methods.join(",")
}

/// The `options` method: a mock integration answering 200 with the CORS headers.
fn preflight(cors: &Cors, allow_methods: &Value) -> Value {
    let mut parameters = Map::new();
    let mut headers = Map::new();
    let mut header = |name: &str, value: Value, kind: &str| {
        parameters.insert(format!("method.response.header.{name}"), value);
        headers.insert(name.to_owned(), json!({"type": kind}));
    };
    header(
        "Access-Control-Allow-Origin",
        cors.allow_origin.clone(),
        "string",
    );
    if let Some(value) = cors
        .allow_headers
        .as_ref()
        .filter(|v| swagger::is_truthy(v))
    {
        header("Access-Control-Allow-Headers", value.clone(), "string");
    }
    if swagger::is_truthy(allow_methods) {
        header(
            "Access-Control-Allow-Methods",
            allow_methods.clone(),
            "string",
        );
    }
    if let Some(value) = cors.max_age.as_ref().filter(|v| !v.is_null()) {
        header("Access-Control-Max-Age", value.clone(), "integer");
    }
    if cors.allow_credentials {
        header(
            "Access-Control-Allow-Credentials",
            json!("'true'"),
            "string",
        );
    }
    json!({
        "summary": "CORS support",
        "consumes": ["application/json"],
        "produces": ["application/json"],
        swagger::INTEGRATION: {
            "type": "mock",
            "requestTemplates": {"application/json": "{\n  \"statusCode\" : 200\n}\n"},
            "responses": {"default": {
                "statusCode": "200",
                "responseParameters": parameters,
                "responseTemplates": {"application/json": "{}\n"},
            }},
        },
        "responses": {"200": {
            "description": "Default response for CORS method",
            "headers": headers,
        }},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_methods_are_the_path_s_methods_and_options() {
        let item = json!({"get": {}, "post": {}});
        assert_eq!(
            allowed_methods(item.as_object().unwrap()),
            "GET,OPTIONS,POST"
        );
        let any = json!({swagger::ANY_METHOD: {}});
        assert_eq!(
            allowed_methods(any.as_object().unwrap()),
            "DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT"
        );
    }

    #[test]
    fn credentials_with_a_wildcard_origin_are_refused() {
        let mut body = swagger::skeleton();
        let error = add("Api", &json!({"AllowCredentials": true}), Some(&mut body)).unwrap_err();
        assert!(error.message.contains("'AllowCredentials' can not be true"));
    }
}
