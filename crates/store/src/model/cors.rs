//! `CorsConfiguration` of an HTTP API.
//!
//! Before gantry served CORS it stored the CloudFormation property as given (PascalCase
//! keys, scalars as the template wrote them); serde reads that form too, so state written
//! then loads without an upgrade step.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// `CorsConfiguration` (`AWS::ApiGatewayV2::Api` `Cors`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorsConfiguration {
    /// `AllowOrigins`: exact origins, `*`, `https://*` or `http://*`.
    #[serde(default, alias = "AllowOrigins", deserialize_with = "strings")]
    pub allow_origins: Vec<String>,
    /// `AllowMethods`: methods, or `*`.
    #[serde(default, alias = "AllowMethods", deserialize_with = "strings")]
    pub allow_methods: Vec<String>,
    /// `AllowHeaders`: request header names, or `*`.
    #[serde(default, alias = "AllowHeaders", deserialize_with = "strings")]
    pub allow_headers: Vec<String>,
    /// `ExposeHeaders`: response header names scripts may read, or `*`.
    #[serde(default, alias = "ExposeHeaders", deserialize_with = "strings")]
    pub expose_headers: Vec<String>,
    /// `MaxAge`: seconds a browser may cache a preflight answer (−1 to 86400).
    #[serde(default, alias = "MaxAge", deserialize_with = "max_age")]
    pub max_age: Option<i32>,
    /// `AllowCredentials`.
    #[serde(default, alias = "AllowCredentials", deserialize_with = "credentials")]
    pub allow_credentials: Option<bool>,
}

/// A list of strings; the old stored form may hold a single string or numbers.
fn strings<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Array(items) => items.iter().filter_map(scalar).collect(),
        other => scalar(&other).into_iter().collect(),
    })
}

/// A number, or the numeric string a template may have written.
fn max_age<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i32>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Number(n) => n.as_i64().and_then(|n| i32::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

/// A boolean, or `"true"`/`"false"` as a template may have written it.
fn credentials<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Bool(b) => Some(b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    })
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_stored_cloudformation_form_still_reads() {
        // What gantry stored before it served CORS: the property as the template gave it.
        let old = json!({
            "AllowOrigins": ["https://example.com"],
            "AllowMethods": "GET",
            "AllowHeaders": ["authorization"],
            "MaxAge": "300",
            "AllowCredentials": "true"
        });
        let cors: CorsConfiguration = serde_json::from_value(old).unwrap();
        assert_eq!(cors.allow_origins, ["https://example.com"]);
        assert_eq!(cors.allow_methods, ["GET"]);
        assert_eq!(cors.allow_headers, ["authorization"]);
        assert!(cors.expose_headers.is_empty());
        assert_eq!(cors.max_age, Some(300));
        assert_eq!(cors.allow_credentials, Some(true));
    }

    #[test]
    fn the_typed_form_round_trips() {
        let cors = CorsConfiguration {
            allow_origins: vec!["*".to_owned()],
            expose_headers: vec!["x-id".to_owned()],
            max_age: Some(-1),
            allow_credentials: Some(false),
            ..CorsConfiguration::default()
        };
        let text = serde_json::to_string(&cors).unwrap();
        assert!(text.contains("\"allow_origins\""), "{text}");
        assert_eq!(
            serde_json::from_str::<CorsConfiguration>(&text).unwrap(),
            cors
        );
    }
}
