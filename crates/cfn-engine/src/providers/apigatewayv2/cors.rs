//! `CorsConfiguration` of an `AWS::ApiGatewayV2::Api`: read and validated as API Gateway
//! validates it (§8.1), errors naming `CorsConfiguration.<Field>`.

use store::model::CorsConfiguration;

use crate::ProviderError;
use crate::properties::{Properties, scalar_text};

/// The `MaxAge` range of the API Gateway V2 model (§8.1).
const MAX_AGE_RANGE: std::ops::RangeInclusive<i32> = -1..=86_400;

/// `CorsConfiguration`, if the API has one.
pub(crate) fn cors_configuration(
    props: &Properties<'_>,
) -> Result<Option<CorsConfiguration>, ProviderError> {
    let Some(cors) = props.object("CorsConfiguration")? else {
        return Ok(None);
    };
    read(&cors)
        .map(Some)
        .map_err(|e| e.within("CorsConfiguration"))
}

/// `x-amazon-apigateway-cors` of an imported OpenAPI definition, which the importer
/// writes in the `CorsConfiguration` shape (§11.4), checked by the same rules.
pub(crate) fn imported(cors: &serde_json::Value) -> Result<CorsConfiguration, ProviderError> {
    read(&Properties::new(cors)).map_err(|e| e.within("Body.x-amazon-apigateway-cors"))
}

fn read(cors: &Properties<'_>) -> Result<CorsConfiguration, ProviderError> {
    let configuration = CorsConfiguration {
        allow_origins: cors.strings("AllowOrigins")?,
        allow_methods: cors.strings("AllowMethods")?,
        allow_headers: cors.strings("AllowHeaders")?,
        expose_headers: cors.strings("ExposeHeaders")?,
        max_age: max_age(cors)?,
        allow_credentials: cors.bool("AllowCredentials")?,
    };
    // AWS refuses this pair with 400 "allow-credentials is not supported if
    // 'allow-origin' is *" (§8.1).
    if configuration.allow_credentials == Some(true)
        && configuration.allow_origins.iter().any(|o| o == "*")
    {
        return Err(ProviderError::invalid(
            "AllowCredentials",
            "cannot be true while AllowOrigins contains \"*\" (API Gateway refuses it); \
             list the origins that may send credentials instead",
        ));
    }
    Ok(configuration)
}

fn max_age(cors: &Properties<'_>) -> Result<Option<i32>, ProviderError> {
    let Some(value) = cors.value("MaxAge") else {
        return Ok(None);
    };
    let seconds = scalar_text(value).and_then(|text| text.trim().parse::<i32>().ok());
    match seconds {
        Some(seconds) if MAX_AGE_RANGE.contains(&seconds) => Ok(Some(seconds)),
        _ => Err(ProviderError::invalid(
            "MaxAge",
            format!("must be a whole number from -1 to 86400 (seconds), found {value}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn cors(value: Value) -> Result<Option<CorsConfiguration>, ProviderError> {
        let props = json!({ "CorsConfiguration": value });
        cors_configuration(&Properties::new(&props))
    }

    #[test]
    fn every_field_is_read() {
        let read = cors(json!({
            "AllowOrigins": ["https://example.com"],
            "AllowMethods": ["GET", "POST"],
            "AllowHeaders": ["authorization"],
            "ExposeHeaders": ["x-id"],
            "MaxAge": 300,
            "AllowCredentials": true
        }))
        .unwrap()
        .unwrap();
        assert_eq!(read.allow_origins, ["https://example.com"]);
        assert_eq!(read.allow_methods, ["GET", "POST"]);
        assert_eq!(read.allow_headers, ["authorization"]);
        assert_eq!(read.expose_headers, ["x-id"]);
        assert_eq!(read.max_age, Some(300));
        assert_eq!(read.allow_credentials, Some(true));
    }

    #[test]
    fn absent_is_none() {
        assert_eq!(
            cors_configuration(&Properties::new(&json!({}))).unwrap(),
            None
        );
    }

    #[test]
    fn max_age_outside_the_model_range_names_the_property() {
        for bad in [json!(-2), json!(86_401), json!("soon")] {
            let err = cors(json!({ "MaxAge": bad })).unwrap_err().to_string();
            assert!(err.contains("CorsConfiguration.MaxAge"), "{err}");
        }
        assert_eq!(
            cors(json!({ "MaxAge": "-1" })).unwrap().unwrap().max_age,
            Some(-1)
        );
    }

    #[test]
    fn credentials_with_any_origin_are_refused() {
        let err = cors(json!({ "AllowOrigins": ["*"], "AllowCredentials": true }))
            .unwrap_err()
            .to_string();
        assert!(err.contains("CorsConfiguration.AllowCredentials"), "{err}");
        assert!(
            cors(json!({ "AllowOrigins": ["https://a.example"], "AllowCredentials": true }))
                .is_ok()
        );
    }

    #[test]
    fn a_list_that_is_not_strings_names_the_property() {
        let err = cors(json!({ "AllowHeaders": [{"x": 1}] }))
            .unwrap_err()
            .to_string();
        assert!(err.contains("CorsConfiguration.AllowHeaders"), "{err}");
    }
}
