//! A REST stage's settings, read the same way from an `AWS::ApiGateway::Stage` and from a
//! Deployment's `StageDescription`: `Variables` (aws-rest-api.md §2.8), `MethodSettings`
//! (`ResourcePath` with `~1` for `/`, throttling; aws-rest-api.md §9.1), `AccessLogSetting`,
//! `TracingEnabled`, and the stage-wide throttling a `StageDescription` gives as
//! `ThrottlingRateLimit`/`ThrottlingBurstLimit` (the method setting `/*` `*`).

use std::collections::BTreeMap;

use store::model::AccessLogSettings;
use store::model::apigateway::MethodSetting;

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::ProviderWarning;
use crate::providers::apigatewayv2::stage::{access_log_settings, rate_limit};

/// The method setting that applies to every method of the stage.
const EVERY_RESOURCE: &str = "/*";
const EVERY_METHOD: &str = "*";

/// Stage variable limits (aws-rest-api.md §2.8).
const MAX_VARIABLE_NAME: usize = 64;
const MAX_VARIABLE_VALUE: usize = 512;

/// `MethodSettings` members about response caching.
const CACHING: &[&str] = &["CachingEnabled", "CacheTtlInSeconds", "CacheDataEncrypted"];
/// `MethodSettings` members about CloudWatch metrics and execution logs.
const CLOUDWATCH: &[&str] = &["LoggingLevel", "DataTraceEnabled", "MetricsEnabled"];

/// What a stage serves with besides its deployment.
#[derive(Debug, Default)]
pub(crate) struct StageSettings {
    pub(crate) variables: BTreeMap<String, String>,
    pub(crate) method_settings: Vec<MethodSetting>,
    pub(crate) access_log_setting: Option<AccessLogSettings>,
    pub(crate) tracing_enabled: bool,
}

/// Reads the settings; `parent` is `Some("StageDescription")` when they are a
/// Deployment's, for messages and for the stage-wide throttling members.
pub(crate) fn read(
    props: &Properties<'_>,
    parent: Option<&str>,
    warnings: &mut Vec<ProviderWarning>,
) -> Result<StageSettings, ProviderError> {
    let at = |name: &str| parent.map_or_else(|| name.to_owned(), |p| format!("{p}.{name}"));
    let within = |e: ProviderError| match parent {
        Some(p) => e.within(p),
        None => e,
    };
    let variables = props.string_map("Variables").map_err(within)?;
    for (name, value) in &variables {
        check_variable(name, value, &at("Variables"))?;
    }
    let mut method_settings = Vec::new();
    if parent.is_some() {
        // A StageDescription's own throttling is the stage-wide method setting.
        let rate = rate_limit(props, "ThrottlingRateLimit", &at("ThrottlingRateLimit"))?;
        let burst = props.u32("ThrottlingBurstLimit").map_err(within)?;
        if rate.is_some() || burst.is_some() {
            method_settings.push(MethodSetting {
                resource_path: EVERY_RESOURCE.to_owned(),
                http_method: EVERY_METHOD.to_owned(),
                throttling_rate_limit: rate,
                throttling_burst_limit: burst,
            });
        }
        for name in props.names() {
            if CACHING.contains(&name) || CLOUDWATCH.contains(&name) {
                warnings.push(unhonoured_setting(&at(name), name));
            }
        }
    }
    for (path, setting) in props.objects("MethodSettings").map_err(within)? {
        method_settings.push(method_setting(&setting, &at(&path), warnings)?);
    }
    let access_log_setting = match props.object("AccessLogSetting").map_err(within)? {
        // A REST stage may also log to a Kinesis Data Firehose stream, which gantry does
        // not write to: named, not refused (nothing is let through by it).
        Some(settings) if !writes_to_a_log_group(&settings) => {
            warnings.push(ProviderWarning::property(
                at("AccessLogSetting.DestinationArn"),
                "is not a CloudWatch Logs log group ARN (arn:aws:logs:REGION:ACCOUNT:log-group:NAME); \
                 gantry writes access logs to log groups only, so this stage's access log lines \
                 are not written",
            ));
            None
        }
        Some(settings) => Some(access_log_settings(&settings, &at("AccessLogSetting"))?),
        None => None,
    };
    let tracing_enabled = props
        .bool("TracingEnabled")
        .map_err(within)?
        .unwrap_or(false);
    if tracing_enabled {
        warnings.push(super::tracing_warning(&at("TracingEnabled")));
    }
    Ok(StageSettings {
        variables,
        method_settings,
        access_log_setting,
        tracing_enabled,
    })
}

/// Whether the access log goes to a log group (anything else, such as a Firehose stream
/// or a malformed ARN, is not written).
fn writes_to_a_log_group(settings: &Properties<'_>) -> bool {
    match settings.string("DestinationArn") {
        Ok(Some(arn)) => arn::log_group_name(&arn).is_some(),
        // Absent or malformed: the shared reader explains what is needed.
        _ => true,
    }
}

/// Stage names: letters, digits, `-` and `_`, at most 128 characters (aws-rest-api.md §1.1).
pub(crate) fn check_stage_name(name: &str, property: &str) -> Result<(), ProviderError> {
    let valid = !name.is_empty()
        && name.len() <= 128
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if valid {
        Ok(())
    } else {
        Err(ProviderError::invalid(
            property,
            format!("must be letters, digits, '-' or '_' (at most 128), found {name:?}"),
        ))
    }
}

/// A stage variable: an alphanumeric name, a value of the characters AWS allows (aws-rest-api.md §2.8).
fn check_variable(name: &str, value: &str, property: &str) -> Result<(), ProviderError> {
    // Unconfirmed: AWS documents alphanumeric names; gantry also accepts '_' (aws-rest-api.md §2.8).
    let name_ok = !name.is_empty()
        && name.len() <= MAX_VARIABLE_NAME
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !name_ok {
        return Err(ProviderError::invalid(
            &format!("{property}.{name}"),
            format!(
                "names a stage variable with letters, digits and '_' only (at most {MAX_VARIABLE_NAME})"
            ),
        ));
    }
    let value_ok = !value.is_empty()
        && value.len() <= MAX_VARIABLE_VALUE
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~:/?#&=,".contains(c));
    if value_ok {
        Ok(())
    } else {
        Err(ProviderError::invalid(
            &format!("{property}.{name}"),
            format!(
                "must be 1 to {MAX_VARIABLE_VALUE} of the characters API Gateway allows in a \
                 stage variable (letters, digits and - . _ ~ : / ? # & = ,), found {value:?}"
            ),
        ))
    }
}

/// One `MethodSettings` entry.
fn method_setting(
    setting: &Properties<'_>,
    path: &str,
    warnings: &mut Vec<ProviderWarning>,
) -> Result<MethodSetting, ProviderError> {
    for name in setting.names() {
        if CACHING.contains(&name) || CLOUDWATCH.contains(&name) {
            warnings.push(unhonoured_setting(&format!("{path}.{name}"), name));
        }
    }
    let resource_path = setting
        .string("ResourcePath")
        .map_err(|e| e.within(path))?
        .map_or_else(
            || EVERY_RESOURCE.to_owned(),
            |given| decode_resource_path(&given),
        );
    let http_method = setting
        .string("HttpMethod")
        .map_err(|e| e.within(path))?
        .unwrap_or_else(|| EVERY_METHOD.to_owned());
    Ok(MethodSetting {
        resource_path,
        http_method,
        throttling_rate_limit: rate_limit(
            setting,
            "ThrottlingRateLimit",
            &format!("{path}.ThrottlingRateLimit"),
        )?,
        throttling_burst_limit: setting
            .u32("ThrottlingBurstLimit")
            .map_err(|e| e.within(path))?,
    })
}

/// `ResourcePath` is `/` followed by the path with each `/` written `~1`
/// (`/~1pets~1{id}` is `/pets/{id}`); `/*` stands for every resource (aws-rest-api.md §9.1).
fn decode_resource_path(given: &str) -> String {
    given
        .strip_prefix('/')
        .filter(|rest| rest.starts_with("~1"))
        .unwrap_or(given)
        .replace("~1", "/")
}

fn unhonoured_setting(path: &str, name: &str) -> ProviderWarning {
    let differs = if CACHING.contains(&name) {
        "gantry does not cache responses: every answer is fresh from the integration"
    } else {
        "CloudWatch metrics and execution logs are not emulated; the request's log line and the \
         stage's access log are what gantry writes"
    };
    ProviderWarning::property(path, differs)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn method_settings_turn_tildes_into_slashes() {
        let props = json!({"MethodSettings": [
            {"ResourcePath": "/~1pets~1{id}", "HttpMethod": "GET", "ThrottlingRateLimit": 5, "ThrottlingBurstLimit": "2"},
            {"CachingEnabled": true}
        ]});
        let mut warnings = Vec::new();
        let settings = read(&Properties::new(&props), None, &mut warnings).unwrap();
        assert_eq!(settings.method_settings[0].resource_path, "/pets/{id}");
        assert_eq!(settings.method_settings[0].throttling_rate_limit, Some(5.0));
        assert_eq!(settings.method_settings[0].throttling_burst_limit, Some(2));
        assert_eq!(settings.method_settings[1].resource_path, "/*");
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].property.as_deref(),
            Some("MethodSettings.1.CachingEnabled")
        );
    }

    #[test]
    fn a_stage_description_throttle_is_the_stage_wide_setting() {
        let props =
            json!({"ThrottlingRateLimit": 10, "ThrottlingBurstLimit": 20, "TracingEnabled": true});
        let mut warnings = Vec::new();
        let settings = read(
            &Properties::new(&props),
            Some("StageDescription"),
            &mut warnings,
        )
        .unwrap();
        assert_eq!(
            settings.method_settings,
            vec![MethodSetting {
                resource_path: "/*".into(),
                http_method: "*".into(),
                throttling_rate_limit: Some(10.0),
                throttling_burst_limit: Some(20),
            }]
        );
        assert!(settings.tracing_enabled);
        assert_eq!(
            warnings[0].property.as_deref(),
            Some("StageDescription.TracingEnabled")
        );
        assert!(warnings[0].message.contains("accepted, not traced"));
    }

    #[test]
    fn stage_variables_follow_aws_character_rules() {
        let good =
            json!({"Variables": {"fn_name": "pets:live", "url": "http://example.com/a?b=c"}});
        assert!(read(&Properties::new(&good), None, &mut Vec::new()).is_ok());
        let bad = json!({"Variables": {"my-var": "x"}});
        let err = read(&Properties::new(&bad), None, &mut Vec::new())
            .unwrap_err()
            .to_string();
        assert!(err.contains("Properties.Variables.my-var"), "{err}");
        let bad = json!({"Variables": {"v": "has space"}});
        let err = read(&Properties::new(&bad), None, &mut Vec::new())
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"has space\""), "{err}");
    }
}
