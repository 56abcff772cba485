//! `AWS::Lambda::Version`: a published version of a function (what SAM's
//! `AutoPublishAlias` generates).
//!
//! `Ref` and `Fn::GetAtt FunctionArn` return the version's ARN
//! (`arn:...:function:{name}:{version}`), `Fn::GetAtt Version` its number. Numbers count
//! from 1 per function across the versions this stack has published.

use store::model::{ResourceModel, Version};

use super::function_named;
use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, ProviderWarning, Provisioned};

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let (function_arn, qualifier) =
        function_named(request, &props.required_string("FunctionName")?);
    if let Some(qualifier) = qualifier {
        return Err(ProviderError::invalid(
            "FunctionName",
            format!(
                "names a function with the qualifier {qualifier:?}; a version is published from the function itself, so drop the qualifier"
            ),
        ));
    }
    let version = match request.previous.map(|p| &p.model) {
        Some(ResourceModel::Version(previous)) if previous.function_arn == function_arn => {
            previous.version.clone()
        }
        _ => next_version(request, &function_arn).to_string(),
    };
    let version = Version {
        version_arn: format!("{function_arn}:{version}"),
        function_arn,
        version,
    };
    let arn = version.version_arn.clone();
    let number = version.version.clone();
    let mut warnings = vec![ProviderWarning::resource(
        // Deviation from AWS: a version is not a snapshot of the function's code and
        // configuration; invoking it runs the function as currently deployed.
        "a version runs the function's current code and configuration, not a snapshot taken when it was published",
    )];
    if props.value("CodeSha256").is_some() {
        warnings.push(ProviderWarning::property(
            "CodeSha256",
            "is not compared with the function's code; the version is published whatever the code's hash",
        ));
    }
    Ok(
        Provisioned::new(arn.clone(), ResourceModel::Version(version))
            .attribute("FunctionArn", arn)
            .attribute("Version", number)
            .warnings(warnings),
    )
}

/// One more than the highest version of the function published so far.
fn next_version(request: &ProviderRequest<'_>, function_arn: &str) -> u64 {
    request
        .deployed_models()
        .chain(request.previous_models())
        .filter_map(|model| match model {
            ResourceModel::Version(v) if v.function_arn == function_arn => {
                v.version.parse::<u64>().ok()
            }
            _ => None,
        })
        .max()
        .unwrap_or(0)
        + 1
}
