//! One test per property of `AWS::ApiGatewayV2::Stage` that gantry reads.

use serde_json::{Value, json};

use super::*;

const LOG_GROUP: &str = "arn:aws:logs:us-east-1:123456789012:log-group:api-access-logs";

fn stage(extra: Value) -> Result<(Stage, Vec<String>), ProviderError> {
    let mut properties = json!({"ApiId": "a1b2c3d4e5", "StageName": "prod", "AutoDeploy": true});
    for (key, value) in extra.as_object().into_iter().flatten() {
        properties[key] = value.clone();
    }
    translate(&Properties::new(&properties))
}

fn error(extra: Value) -> String {
    stage(extra).unwrap_err().to_string()
}

#[test]
fn a_minimal_stage_has_no_throttling_and_no_access_log() {
    let (stage, warnings) = stage(json!({})).unwrap();
    assert_eq!(stage.stage_name, "prod");
    assert!(stage.auto_deploy);
    assert_eq!(stage.default_route_settings, None);
    assert!(stage.route_settings.is_empty());
    assert_eq!(stage.access_log_settings, None);
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn default_and_per_route_throttling_are_read() {
    let (stage, _) = stage(json!({
        "DefaultRouteSettings": {"ThrottlingRateLimit": 10.5, "ThrottlingBurstLimit": "20"},
        "RouteSettings": {"GET /pets": {"ThrottlingBurstLimit": 1}},
    }))
    .unwrap();
    assert_eq!(
        stage.default_route_settings,
        Some(RouteSettings {
            throttling_rate_limit: Some(10.5),
            throttling_burst_limit: Some(20),
        })
    );
    assert_eq!(
        stage.route_settings["GET /pets"],
        RouteSettings {
            throttling_rate_limit: None,
            throttling_burst_limit: Some(1),
        }
    );
}

#[test]
fn bad_throttling_values_name_the_property() {
    let err = error(json!({"DefaultRouteSettings": {"ThrottlingRateLimit": -1}}));
    assert!(
        err.contains("DefaultRouteSettings.ThrottlingRateLimit"),
        "{err}"
    );
    let err = error(json!({"RouteSettings": {"GET /x": {"ThrottlingBurstLimit": 1.5}}}));
    assert!(
        err.contains("RouteSettings.GET /x.ThrottlingBurstLimit"),
        "{err}"
    );
    let err = error(json!({"RouteSettings": {"GET /x": 3}}));
    assert!(err.contains("RouteSettings.GET /x"), "{err}");
}

#[test]
fn metrics_and_websocket_route_settings_are_warned_about_by_name() {
    let (_, warnings) = stage(json!({
        "DefaultRouteSettings": {"DetailedMetricsEnabled": true, "LoggingLevel": "INFO"},
        "RouteSettings": {"GET /x": {"DataTraceEnabled": true}},
    }))
    .unwrap();
    let all = warnings.join("\n");
    for name in [
        "DefaultRouteSettings.DetailedMetricsEnabled",
        "DefaultRouteSettings.LoggingLevel",
        "RouteSettings.GET /x.DataTraceEnabled",
    ] {
        assert!(all.contains(name), "no warning naming {name}: {all}");
    }
}

#[test]
fn access_log_settings_are_read() {
    let (stage, _) = stage(json!({"AccessLogSettings": {
        "DestinationArn": LOG_GROUP,
        "Format": "$context.requestId $context.status",
    }}))
    .unwrap();
    let settings = stage.access_log_settings.unwrap();
    assert_eq!(settings.destination_arn, LOG_GROUP);
    assert_eq!(settings.format, "$context.requestId $context.status");
}

#[test]
fn access_log_settings_need_both_members_a_log_group_and_the_request_id() {
    let err = error(json!({"AccessLogSettings": {"DestinationArn": LOG_GROUP}}));
    assert!(err.contains("AccessLogSettings.Format"), "{err}");
    let err = error(json!({"AccessLogSettings": {
        "DestinationArn": "arn:aws:s3:::bucket", "Format": "$context.requestId"}}));
    assert!(err.contains("AccessLogSettings.DestinationArn"), "{err}");
    let err = error(json!({"AccessLogSettings": {
        "DestinationArn": LOG_GROUP, "Format": "$context.status"}}));
    assert!(
        err.contains("AccessLogSettings.Format") && err.contains("$context.requestId"),
        "{err}"
    );
}

#[test]
fn a_stage_without_a_deployment_is_warned_about() {
    let (_, warnings) = stage(json!({"AutoDeploy": false})).unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("AutoDeploy") && w.contains("404")),
        "{warnings:?}"
    );
}
