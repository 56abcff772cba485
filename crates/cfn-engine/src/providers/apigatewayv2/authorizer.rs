//! `AWS::ApiGatewayV2::Authorizer`.

use store::model::{
    Authorizer, AuthorizerType, JwtConfiguration, PayloadFormatVersion, ResourceModel,
};

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

/// `AuthorizerResultTtlInSeconds` bounds (§3.1: `IntegerWithLengthBetween0And3600`).
const TTL_RANGE_SECONDS: std::ops::RangeInclusive<u32> = 0..=3600;
/// The prefixes a Lambda authorizer's identity source may start with (§3.2).
const LAMBDA_IDENTITY_PREFIXES: [&str; 4] = [
    "$request.header.",
    "$request.querystring.",
    "$context.",
    "$stageVariables.",
];

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let authorizer_id = request.physical_id_or(|| request.ids.short_id());
    let authorizer = translate(&props, authorizer_id)?;
    let id = authorizer.authorizer_id.clone();
    Ok(
        Provisioned::new(id.clone(), ResourceModel::Authorizer(authorizer))
            .attribute("AuthorizerId", id),
    )
}

/// The properties as the model; errors name the property.
fn translate(props: &Properties<'_>, authorizer_id: String) -> Result<Authorizer, ProviderError> {
    let authorizer_type = props.required_enum("AuthorizerType")?;
    let identity_source = props.strings("IdentitySource")?;
    let mut authorizer = Authorizer {
        api_id: props.required_string("ApiId")?,
        authorizer_id,
        name: props.required_string("Name")?,
        authorizer_type,
        identity_source,
        jwt_configuration: None,
        authorizer_uri: None,
        authorizer_payload_format_version: None,
        enable_simple_responses: false,
        authorizer_result_ttl_in_seconds: None,
        authorizer_credentials_arn: None,
    };
    match authorizer_type {
        AuthorizerType::Jwt => {
            authorizer.jwt_configuration =
                Some(jwt_configuration(props, &authorizer.identity_source)?);
        }
        AuthorizerType::Request => lambda_settings(props, &mut authorizer)?,
    }
    Ok(authorizer)
}

/// A `REQUEST` (Lambda) authorizer's settings (§3.1, §3.2, §3.3).
fn lambda_settings(
    props: &Properties<'_>,
    authorizer: &mut Authorizer,
) -> Result<(), ProviderError> {
    let uri = props.required_string("AuthorizerUri")?;
    // AWS: "Required for HTTP API Lambda authorizers" (CreateAuthorizer).
    let version: PayloadFormatVersion = props.enumerated("AuthorizerPayloadFormatVersion")?.ok_or_else(|| {
        ProviderError::invalid(
            "AuthorizerPayloadFormatVersion",
            "is required for Lambda (REQUEST) authorizers of HTTP APIs; add AuthorizerPayloadFormatVersion: '2.0'",
        )
    })?;
    let simple = props.bool("EnableSimpleResponses")?.unwrap_or(false);
    if simple && version != PayloadFormatVersion::V2_0 {
        return Err(ProviderError::invalid(
            "EnableSimpleResponses",
            "is supported only with AuthorizerPayloadFormatVersion '2.0'; payload format 1.0 authorizers return an IAM policy",
        ));
    }
    for source in &authorizer.identity_source {
        check_identity_source(source)?;
    }
    let ttl = props.u32("AuthorizerResultTtlInSeconds")?;
    if let Some(ttl) = ttl {
        if !TTL_RANGE_SECONDS.contains(&ttl) {
            return Err(ProviderError::invalid(
                "AuthorizerResultTtlInSeconds",
                format!("must be between 0 and 3600, found {ttl}"),
            ));
        }
        if ttl > 0 && authorizer.identity_source.is_empty() {
            return Err(ProviderError::invalid(
                "AuthorizerResultTtlInSeconds",
                format!(
                    "is {ttl}, but caching needs at least one IdentitySource (the cache key); add one such as $request.header.Authorization, or set the TTL to 0"
                ),
            ));
        }
    }
    authorizer.authorizer_uri = Some(uri);
    authorizer.authorizer_payload_format_version = Some(version);
    authorizer.enable_simple_responses = simple;
    authorizer.authorizer_result_ttl_in_seconds = ttl;
    authorizer.authorizer_credentials_arn = props.string("AuthorizerCredentialsArn")?;
    Ok(())
}

fn check_identity_source(source: &str) -> Result<(), ProviderError> {
    let named = LAMBDA_IDENTITY_PREFIXES
        .iter()
        .find_map(|prefix| source.strip_prefix(prefix));
    match named {
        Some(name) if !name.is_empty() => Ok(()),
        _ => Err(ProviderError::invalid(
            "IdentitySource",
            format!(
                "entry {source:?} is not an identity source of a Lambda authorizer; use $request.header.NAME, $request.querystring.NAME, $context.NAME or $stageVariables.NAME"
            ),
        )),
    }
}

fn jwt_configuration(
    props: &Properties<'_>,
    identity_source: &[String],
) -> Result<JwtConfiguration, ProviderError> {
    // A JWT authorizer reads exactly one header or query string (§2.1).
    match identity_source {
        [one]
            if one.starts_with("$request.header.") || one.starts_with("$request.querystring.") => {}
        [] => return Err(ProviderError::missing("IdentitySource")),
        _ => {
            return Err(ProviderError::invalid(
                "IdentitySource",
                format!(
                    "must be exactly one $request.header.NAME or $request.querystring.NAME for a JWT authorizer, found {identity_source:?}"
                ),
            ));
        }
    }
    let config = props
        .object("JwtConfiguration")?
        .ok_or_else(|| ProviderError::missing("JwtConfiguration"))?;
    let issuer = config
        .string("Issuer")?
        .ok_or_else(|| ProviderError::missing("JwtConfiguration.Issuer"))?;
    let audience = config.strings("Audience")?;
    if audience.is_empty() {
        return Err(ProviderError::missing("JwtConfiguration.Audience"));
    }
    Ok(JwtConfiguration { issuer, audience })
}

#[cfg(test)]
mod tests;
