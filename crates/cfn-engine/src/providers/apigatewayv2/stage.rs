//! `AWS::ApiGatewayV2::Stage`: its name, deployment, variables, throttling
//! (`DefaultRouteSettings`, `RouteSettings`) and access logs (`AccessLogSettings`).

use std::collections::BTreeMap;

use store::model::{AccessLogSettings, ResourceModel, RouteSettings, Stage};

use crate::ProviderError;
use crate::properties::{Properties, scalar_text};
use crate::provider::{ProviderRequest, Provisioned};

/// API Gateway's limit on an access-log `Format` (aws-http-api.md §7.3).
const MAX_FORMAT_BYTES: usize = 3 * 1024;
/// The variable every access-log `Format` must contain (§7.3).
const REQUIRED_FORMAT_VARIABLE: &str = "$context.requestId";

/// `RouteSettings` members that are WebSocket-only or CloudWatch metrics and logging,
/// none of which gantry emulates.
const NOT_EMULATED_ROUTE_SETTINGS: &[&str] =
    &["DetailedMetricsEnabled", "LoggingLevel", "DataTraceEnabled"];

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let (stage, warnings) = translate(&Properties::new(request.properties))?;
    let mut provisioned = Provisioned::new(
        stage.stage_name.clone(),
        ResourceModel::Stage(stage.clone()),
    );
    for warning in warnings {
        provisioned = provisioned.warning(warning);
    }
    Ok(provisioned)
}

/// The stage model, and a warning for each route setting gantry does not honour (the
/// top-level properties it does not read are named by the engine's property coverage).
fn translate(props: &Properties<'_>) -> Result<(Stage, Vec<String>), ProviderError> {
    let mut warnings = Vec::new();
    let default_route_settings = props
        .object("DefaultRouteSettings")?
        .map(|settings| route_settings(&settings, "DefaultRouteSettings", &mut warnings))
        .transpose()?;
    let mut by_route = BTreeMap::new();
    if let Some(map) = props.object("RouteSettings")? {
        for route_key in map.names() {
            let path = format!("RouteSettings.{route_key}");
            // `names` skips nulls, so every key has a value.
            let Some(settings) = map
                .object(route_key)
                .map_err(|_| ProviderError::invalid(&path, "must be an object"))?
            else {
                continue;
            };
            by_route.insert(
                route_key.to_owned(),
                route_settings(&settings, &path, &mut warnings)?,
            );
        }
    }
    let stage = Stage {
        api_id: props.required_string("ApiId")?,
        stage_name: props.required_string("StageName")?,
        auto_deploy: props.bool("AutoDeploy")?.unwrap_or(false),
        deployment_id: props.string("DeploymentId")?,
        stage_variables: props.string_map("StageVariables")?,
        default_route_settings,
        route_settings: by_route,
        access_log_settings: props
            .object("AccessLogSettings")?
            .map(|settings| access_log_settings(&settings, "AccessLogSettings"))
            .transpose()?,
    };
    if !stage.auto_deploy && stage.deployment_id.is_none() {
        warnings.push(format!(
            "stage {:?} has neither AutoDeploy: true nor a DeploymentId; unless an \
             AWS::ApiGatewayV2::Deployment names it in StageName, AWS serves nothing on it, and \
             neither does gantry (404, explained in the log); set AutoDeploy: true to serve the \
             API's routes",
            stage.stage_name
        ));
    }
    Ok((stage, warnings))
}

/// One `RouteSettings` object: the throttling limits, with warnings for the rest.
fn route_settings(
    settings: &Properties<'_>,
    path: &str,
    warnings: &mut Vec<String>,
) -> Result<RouteSettings, ProviderError> {
    for name in settings.names() {
        if NOT_EMULATED_ROUTE_SETTINGS.contains(&name) {
            warnings.push(format!(
                "Properties.{path}.{name} applies to WebSocket APIs or CloudWatch metrics and \
                 execution logs, which gantry does not emulate; it has no effect locally"
            ));
        } else if !matches!(name, "ThrottlingRateLimit" | "ThrottlingBurstLimit") {
            warnings.push(format!(
                "Properties.{path}.{name} is not a route setting gantry knows; it has no effect locally"
            ));
        }
    }
    let rate = rate_limit(
        settings,
        "ThrottlingRateLimit",
        &format!("{path}.ThrottlingRateLimit"),
    )?;
    let burst = settings.u32("ThrottlingBurstLimit").map_err(|_| {
        ProviderError::invalid(
            &format!("{path}.ThrottlingBurstLimit"),
            "must be a whole number of requests, 0 or more",
        )
    })?;
    Ok(RouteSettings {
        throttling_rate_limit: rate,
        throttling_burst_limit: burst,
    })
}

/// A requests-per-second limit (`ThrottlingRateLimit`, a REST stage's or usage plan's
/// `RateLimit`): a number, 0 or more; `path` names it in the error.
pub(crate) fn rate_limit(
    props: &Properties<'_>,
    name: &str,
    path: &str,
) -> Result<Option<f64>, ProviderError> {
    let Some(value) = props.value(name) else {
        return Ok(None);
    };
    scalar_text(value)
        .and_then(|text| text.parse::<f64>().ok())
        .filter(|rate| rate.is_finite() && *rate >= 0.0)
        .map(Some)
        .ok_or_else(|| {
            ProviderError::invalid(
                path,
                format!("must be a number of requests per second, 0 or more, found {value}"),
            )
        })
}

/// `AccessLogSettings` (a REST stage's `AccessLogSetting`, named by `property`): both
/// members are needed to turn access logging on (§7.3).
pub(crate) fn access_log_settings(
    settings: &Properties<'_>,
    property: &str,
) -> Result<AccessLogSettings, ProviderError> {
    let required = |name: &str| {
        settings.required_string(name).map_err(|_| {
            ProviderError::invalid(
                &format!("{property}.{name}"),
                "is required to turn access logging on (DestinationArn: a log group ARN, \
                 Format: a line with $context variables)",
            )
        })
    };
    let destination_arn = required("DestinationArn")?;
    let format = required("Format")?;
    if arn::log_group_name(&destination_arn).is_none() {
        return Err(ProviderError::invalid(
            &format!("{property}.DestinationArn"),
            format!(
                "must be the ARN of a CloudWatch Logs log group \
                 (arn:aws:logs:REGION:ACCOUNT:log-group:NAME), e.g. !GetAtt MyLogGroup.Arn; \
                 found {destination_arn:?}"
            ),
        ));
    }
    if !format.contains(REQUIRED_FORMAT_VARIABLE) {
        return Err(ProviderError::invalid(
            &format!("{property}.Format"),
            format!("must include {REQUIRED_FORMAT_VARIABLE}, as API Gateway requires"),
        ));
    }
    if format.len() > MAX_FORMAT_BYTES {
        return Err(ProviderError::invalid(
            &format!("{property}.Format"),
            format!(
                "has {} bytes; API Gateway allows {MAX_FORMAT_BYTES}",
                format.len()
            ),
        ));
    }
    Ok(AccessLogSettings {
        destination_arn,
        format,
    })
}

#[cfg(test)]
mod tests;
