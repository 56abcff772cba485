//! `AWS::ApiGatewayV2::Authorizer`.

use store::model::{Authorizer, AuthorizerType, JwtConfiguration, ResourceModel};

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let authorizer_type = props.required_enum("AuthorizerType")?;
    let identity_source = props.strings("IdentitySource")?;
    let jwt_configuration = match authorizer_type {
        AuthorizerType::Jwt => Some(jwt_configuration(&props, &identity_source)?),
        AuthorizerType::Request => None,
    };
    let authorizer = Authorizer {
        api_id: props.required_string("ApiId")?,
        authorizer_id: request.physical_id_or(|| request.ids.short_id()),
        name: props.required_string("Name")?,
        authorizer_type,
        identity_source,
        jwt_configuration,
        authorizer_uri: props.string("AuthorizerUri")?,
        authorizer_payload_format_version: None,
        enable_simple_responses: false,
        authorizer_result_ttl_in_seconds: None,
        authorizer_credentials_arn: None,
    };
    let id = authorizer.authorizer_id.clone();
    Ok(
        Provisioned::new(id.clone(), ResourceModel::Authorizer(authorizer))
            .attribute("AuthorizerId", id),
    )
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
