//! One stage of a REST API: its variables and access log, and for each method of its
//! deployment the integration resolved with the stage's variables (aws-rest-api.md §2.8),
//! the invoke-permission verdict for the stage's source ARN (aws-rest-api.md §2.7) and
//! the `MethodSettings` throttle (aws-rest-api.md §9.1).

use std::sync::Arc;
use std::time::{Duration, Instant};

use store::model::IntegrationType;
use store::model::apigateway::{MethodSetting, RestApi, Stage};

use super::Facts;
use crate::lambda_target::function_arn_of;
use crate::rest::authorizer::RestApiFacts;
use crate::rest::served::{
    LambdaInvokeAccess, PathValue, RestHttpProxy, RestIntegration, RestLambdaIntegration,
    ServedMethod, ServedRestDeployment, ServedRestStage, StageMethod,
};
use crate::stage::{
    ACCOUNT_BURST_LIMIT, ACCOUNT_RATE_LIMIT, AccessLogFormat, StageAccessLog, Throttle,
    ThrottleLimits, resolve_stage_variables,
};

/// `MethodSettings`' `ResourcePath` and `HttpMethod` for every method of the stage.
const EVERY_RESOURCE: &str = "/*";
const EVERY_METHOD: &str = "*";
/// `IntegrationHttpMethod` sending the request's own method.
const ANY_METHOD: &str = "ANY";
/// Prefixes of the path mappings of an HTTP_PROXY integration (aws-rest-api.md §8.2).
const INTEGRATION_PATH: &str = "integration.request.path.";
const METHOD_PATH: &str = "method.request.path.";
/// The only `IntegrationHttpMethod` of a Lambda integration (aws-rest-api.md §2.8).
const LAMBDA_INTEGRATION_METHOD: &str = "POST";
/// What follows `arn:{partition}` in the `Credentials` that mean "the caller's own".
const CALLER_CREDENTIALS_SUFFIX: &str = ":iam::*:user/*";

/// Compiles `stage`, which serves `deployment`.
pub(super) fn compile(
    api: RestApiFacts<'_>,
    rest_api: &RestApi,
    stage: &Stage,
    deployment: Arc<ServedRestDeployment>,
    facts: &Facts<'_, '_>,
) -> ServedRestStage {
    let variables: Vec<(String, String)> = stage
        .variables
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let now = Instant::now();
    let methods = deployment
        .methods
        .iter()
        .map(|method| StageMethod {
            integration: integration(api, stage, &variables, method, facts),
            throttle: throttle_limits(&stage.method_settings, method)
                .map(|limits| Throttle::new(limits, now)),
        })
        .collect();
    ServedRestStage {
        name: stage.stage_name.clone(),
        url: format!(
            "{}/{}/",
            rest_api.api_endpoint.trim_end_matches('/'),
            stage.stage_name
        ),
        deployment,
        access_log: access_log(api, stage),
        variables,
        methods,
    }
}

fn access_log(api: RestApiFacts<'_>, stage: &Stage) -> Option<Arc<StageAccessLog>> {
    let settings = stage.access_log_setting.as_ref()?;
    let log_group_name = arn::log_group_name(&settings.destination_arn)?;
    Some(Arc::new(StageAccessLog {
        destination_arn: settings.destination_arn.clone(),
        log_group_name: log_group_name.to_owned(),
        format: AccessLogFormat::parse(&settings.format),
        api_id: api.rest_api_id.to_owned(),
        account_id: api.account_id.to_owned(),
        stage_name: stage.stage_name.clone(),
    }))
}

/// The method's own `MethodSettings` entry, value by value over the stage-wide `/*` `*`
/// entry; `None` when neither sets a limit.
// Unconfirmed: a method's entry overrides the stage-wide one value by value, and the
// account's limits fill in a missing half, as for HTTP API routes (§7.2).
fn throttle_limits(settings: &[MethodSetting], method: &ServedMethod) -> Option<ThrottleLimits> {
    let own = settings
        .iter()
        .find(|s| s.resource_path == method.resource_path && s.http_method == method.http_method);
    let every = settings
        .iter()
        .find(|s| s.resource_path == EVERY_RESOURCE && s.http_method == EVERY_METHOD);
    let rate = own
        .and_then(|s| s.throttling_rate_limit)
        .or_else(|| every.and_then(|s| s.throttling_rate_limit));
    let burst = own
        .and_then(|s| s.throttling_burst_limit)
        .or_else(|| every.and_then(|s| s.throttling_burst_limit));
    if rate.is_none() && burst.is_none() {
        return None;
    }
    Some(ThrottleLimits {
        rate_limit: rate.unwrap_or(ACCOUNT_RATE_LIMIT),
        burst_limit: burst.unwrap_or(ACCOUNT_BURST_LIMIT),
    })
}

/// The method's integration on this stage, or why it cannot be served.
fn integration(
    api: RestApiFacts<'_>,
    stage: &Stage,
    variables: &[(String, String)],
    method: &ServedMethod,
    facts: &Facts<'_, '_>,
) -> RestIntegration {
    let name = || format!("method {} {}", method.http_method, method.resource_path);
    let Some(integration) = &method.model.integration else {
        return RestIntegration::Unavailable(format!(
            "{} has no Integration; AWS refuses to deploy such a method. Add an Integration",
            name()
        ));
    };
    match integration.integration_type {
        IntegrationType::Mock => RestIntegration::Mock,
        IntegrationType::AwsProxy => {
            match lambda(api, stage, variables, method, integration, facts) {
                Ok(lambda) => RestIntegration::Lambda(Arc::new(lambda)),
                Err(reason) => RestIntegration::Unavailable(format!("{}: {reason}", name())),
            }
        }
        IntegrationType::HttpProxy => match http_proxy(stage, variables, integration) {
            Ok(proxy) => RestIntegration::HttpProxy(Arc::new(proxy)),
            Err(reason) => RestIntegration::Unavailable(format!("{}: {reason}", name())),
        },
        IntegrationType::Aws | IntegrationType::Http => RestIntegration::Unavailable(format!(
            "{} has a non-proxy {} integration, whose Velocity mapping templates gantry does not evaluate; use AWS_PROXY (Lambda proxy) or HTTP_PROXY",
            name(),
            integration.integration_type.as_str()
        )),
    }
}

/// An `AWS_PROXY` integration resolved to a deployed function, with the verdict of the
/// invoke-permission check for this stage's source ARN.
fn lambda(
    api: RestApiFacts<'_>,
    stage: &Stage,
    variables: &[(String, String)],
    method: &ServedMethod,
    integration: &store::model::apigateway::MethodIntegration,
    facts: &Facts<'_, '_>,
) -> Result<RestLambdaIntegration, String> {
    if let Some(verb) = integration.integration_http_method.as_deref()
        && verb != LAMBDA_INTEGRATION_METHOD
    {
        return Err(format!(
            "its Lambda integration's IntegrationHttpMethod is {verb}; Lambda is only invoked with POST, so set IntegrationHttpMethod: POST"
        ));
    }
    let uri = integration
        .uri
        .as_deref()
        .ok_or("its AWS_PROXY integration has no Uri; point Uri at a function's invocations ARN")?;
    let uri = resolve_stage_variables(uri, variables).map_err(|missing| {
        format!(
            "its integration Uri {uri:?} uses ${{stageVariables.{0}}}, which stage {1} does not define; add {0} to the stage's Variables",
            missing.name, stage.stage_name
        )
    })?;
    let function_arn = function_arn_of(&uri)
        .ok_or_else(|| format!("its integration Uri {uri:?} names no Lambda function; use arn:aws:apigateway:{{region}}:lambda:path/2015-03-31/functions/{{functionArn}}/invocations"))?
        .to_owned();
    let function = facts.lambda.function(&function_arn)?;
    let credentials = integration
        .credentials
        .as_deref()
        .map(|arn| resolve_stage_variables(arn, variables).unwrap_or_else(|_| arn.to_owned()));
    let source_arn = arn::Arn::execute_api(
        api.partition,
        api.region,
        api.account_id,
        api.rest_api_id,
        &format!(
            "/{}/{}{}",
            stage.stage_name, method.http_method, method.resource_path
        ),
    )
    .to_string();
    let permission = if credentials.as_deref().is_some_and(is_caller_credentials) {
        LambdaInvokeAccess::CallerCredentials
    } else {
        LambdaInvokeAccess::Decided(facts.lambda.check(
            function,
            &function_arn,
            credentials.as_deref(),
            &source_arn,
            api.account_id,
        ))
    };
    Ok(RestLambdaIntegration {
        function_name: function.function_name.clone(),
        function_arn,
        timeout: Duration::from_millis(u64::from(integration.timeout_in_millis)),
        permission,
    })
}

/// An `HTTP_PROXY` integration on this stage: its URI with stage variables resolved and
/// where each `{name}` of it comes from (aws-rest-api.md §8.2).
fn http_proxy(
    stage: &Stage,
    variables: &[(String, String)],
    integration: &store::model::apigateway::MethodIntegration,
) -> Result<RestHttpProxy, String> {
    let uri = integration
        .uri
        .as_deref()
        .ok_or("its HTTP_PROXY integration has no Uri; set it to the endpoint's URL")?;
    let uri = resolve_stage_variables(uri, variables).map_err(|missing| {
        format!(
            "its integration Uri {uri:?} uses ${{stageVariables.{0}}}, which stage {1} does not define; add {0} to the stage's Variables",
            missing.name, stage.stage_name
        )
    })?;
    let method = match integration.integration_http_method.as_deref() {
        None | Some(ANY_METHOD) => None,
        Some(text) => Some(
            http::Method::from_bytes(text.as_bytes())
                .map_err(|_| format!("IntegrationHttpMethod {text:?} is not an HTTP method"))?,
        ),
    };
    let mut path_values = Vec::new();
    for (target, source) in &integration.request_parameters {
        let name = target.strip_prefix(INTEGRATION_PATH).ok_or_else(|| {
            format!(
                "its integration RequestParameters map {target}, which gantry does not apply to REST HTTP_PROXY integrations (only {INTEGRATION_PATH}* from {METHOD_PATH}* or a 'literal'); remove the mapping"
            )
        })?;
        let value = if let Some(parameter) = source.strip_prefix(METHOD_PATH) {
            PathValue::Parameter(parameter.to_owned())
        } else if let Some(literal) = source.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
            PathValue::Literal(literal.to_owned())
        } else {
            return Err(format!(
                "its integration RequestParameters map {target} from {source}, which gantry does not evaluate; use {METHOD_PATH}<name> or a 'literal'"
            ));
        };
        path_values.push((name.to_owned(), value));
    }
    Ok(RestHttpProxy {
        uri,
        method,
        timeout: Duration::from_millis(u64::from(integration.timeout_in_millis)),
        path_values,
    })
}

/// `arn:{partition}:iam::*:user/*`: invoke with the caller's credentials (aws-rest-api.md
/// §9.2, the integration's `credentials`).
fn is_caller_credentials(arn: &str) -> bool {
    arn.strip_prefix("arn:")
        .and_then(|rest| rest.split_once(':'))
        .is_some_and(|(_, after_partition)| {
            format!(":{after_partition}") == CALLER_CREDENTIALS_SUFFIX
        })
}
