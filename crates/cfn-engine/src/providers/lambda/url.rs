//! `AWS::Lambda::Url`: a function URL (what SAM's `FunctionUrlConfig` generates).
//!
//! Deployed with AWS's values, not served: `Ref` and `Fn::GetAtt FunctionArn` return the
//! ARN the URL invokes (the function's, with `:{Qualifier}` when one is set),
//! `Fn::GetAtt FunctionUrl` an address in AWS's shape
//! (`https://{url-id}.lambda-url.{region}.on.aws/`). A warning says the URL is not served.

use store::model::{FunctionUrl, FunctionUrlAuthType, ResourceModel};

use super::function_named;
use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, ProviderWarning, Provisioned};

/// Why nothing answers at the URL, and what to do instead.
pub(crate) const NOT_SERVED: &str = "function URLs are not served by gantry (AWS::Lambda::Url, what SAM's FunctionUrlConfig generates): FunctionUrl is the address AWS would give, and nothing answers at it here. To call the function over HTTP locally, route it through an HTTP API (a SAM HttpApi event, or an AWS::ApiGatewayV2::Route with a Lambda integration), or call it with `gantry invoke`";

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let auth_type: FunctionUrlAuthType = props.required_enum("AuthType")?;
    let (function_arn, target_qualifier) =
        function_named(request, &props.required_string("TargetFunctionArn")?);
    let qualifier = match (props.string("Qualifier")?, target_qualifier) {
        (Some(qualifier), Some(target)) if qualifier != target => {
            return Err(ProviderError::invalid(
                "Qualifier",
                format!(
                    "is {qualifier:?} but TargetFunctionArn is qualified with {target:?}; give the qualifier once"
                ),
            ));
        }
        (given, target) => given.or(target),
    };
    let function_arn = match qualifier {
        Some(qualifier) => format!("{function_arn}:{qualifier}"),
        None => function_arn,
    };
    let function_url = match request.previous.map(|p| &p.model) {
        Some(ResourceModel::FunctionUrl(previous)) => previous.function_url.clone(),
        _ => format!(
            "https://{}.lambda-url.{}.on.aws/",
            request.ids.url_id(),
            request.stack.region
        ),
    };
    let url = FunctionUrl {
        function_arn: function_arn.clone(),
        function_url: function_url.clone(),
        auth_type,
    };
    let mut provisioned = Provisioned::new(function_arn.clone(), ResourceModel::FunctionUrl(url))
        .attribute("FunctionArn", function_arn)
        .attribute("FunctionUrl", function_url);
    provisioned
        .warnings
        .push(ProviderWarning::property("TargetFunctionArn", NOT_SERVED));
    Ok(provisioned)
}
