//! `AWS::Lambda::Alias`: a name for one version of a function (what SAM's
//! `AutoPublishAlias` generates). Integrations and permissions that name the alias's ARN
//! reach the function through it.
//!
//! `Ref` and `Fn::GetAtt AliasArn` return the alias's ARN (`arn:...:function:{name}:{alias}`).

use store::model::{Alias, ResourceModel};

use super::function_named;
use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

/// The version name that is not a number.
const LATEST: &str = "$LATEST";

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let name = props.required_string("Name")?;
    if !is_alias_name(&name) {
        return Err(ProviderError::invalid(
            "Name",
            format!(
                "{name:?} is not an alias name: use 1 to 128 letters, digits, - and _, not only digits"
            ),
        ));
    }
    let (function_arn, qualifier) =
        function_named(request, &props.required_string("FunctionName")?);
    if let Some(qualifier) = qualifier {
        return Err(ProviderError::invalid(
            "FunctionName",
            format!(
                "names a function with the qualifier {qualifier:?}; an alias belongs to the function itself, so drop the qualifier"
            ),
        ));
    }
    let function_version = props.required_string("FunctionVersion")?;
    if function_version != LATEST
        && is_declared(request, &function_arn)
        && !is_published(request, &function_arn, &function_version)
    {
        return Err(ProviderError::invalid(
            "FunctionVersion",
            format!(
                "{function_version:?} is not a version of {function_arn} published by this stack; use !GetAtt <Version>.Version of an AWS::Lambda::Version, or $LATEST"
            ),
        ));
    }
    let alias = Alias {
        alias_arn: format!("{function_arn}:{name}"),
        name,
        function_arn,
        function_version,
    };
    let arn = alias.alias_arn.clone();
    let mut provisioned =
        Provisioned::new(arn.clone(), ResourceModel::Alias(alias)).attribute("AliasArn", arn);
    if props.value("RoutingConfig").is_some() {
        provisioned.warnings.push(crate::provider::ProviderWarning::property(
            "RoutingConfig",
            "weighted routing between versions is not emulated; every invocation of the alias runs the function's current code",
        ));
    }
    Ok(provisioned)
}

/// Lambda's alias name pattern: `(?!^[0-9]+$)([a-zA-Z0-9-_]+)`, at most 128 characters.
fn is_alias_name(name: &str) -> bool {
    (1..=128).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !name.chars().all(|c| c.is_ascii_digit())
}

/// Whether the function is one of this stack's (whose versions this stack publishes).
fn is_declared(request: &ProviderRequest<'_>, function_arn: &str) -> bool {
    request
        .deployed_models()
        .any(|model| matches!(model, ResourceModel::Function(f) if f.function_arn == function_arn))
}

/// Whether this stack has published `version` of the function, in this run or before.
fn is_published(request: &ProviderRequest<'_>, function_arn: &str, version: &str) -> bool {
    request
        .deployed_models()
        .chain(request.previous_models())
        .any(|model| {
            matches!(model, ResourceModel::Version(v) if v.function_arn == function_arn && v.version == version)
        })
}

#[cfg(test)]
mod tests {
    use super::is_alias_name;

    #[test]
    fn alias_names_follow_lambdas_pattern() {
        assert!(is_alias_name("live"));
        assert!(is_alias_name("prod-2_a"));
        assert!(is_alias_name("v1"));
        assert!(!is_alias_name("12"));
        assert!(!is_alias_name("a.b"));
        assert!(!is_alias_name(""));
        assert!(!is_alias_name(&"a".repeat(129)));
    }
}
