//! `AWS::ApiGateway::Authorizer`: a Lambda `TOKEN` or `REQUEST` authorizer, or a
//! `COGNITO_USER_POOLS` one, checked as API Gateway checks them (aws-rest-api.md §4.1):
//! what each type requires, the identity source syntax, the validation expression, the
//! cache TTL.

use store::model::ResourceModel;
use store::model::apigateway::{Authorizer, RestAuthorizerType};

use super::lookup;
use super::method::is_lambda_invocations_uri;
use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

/// The identity source of a Cognito authorizer when none is given.
const COGNITO_DEFAULT_IDENTITY_SOURCE: &str = "method.request.header.Authorization";
/// The longest cache TTL (aws-rest-api.md §4.1).
const MAX_TTL_SECONDS: u32 = 3600;

/// Prefixes of REST identity sources (aws-rest-api.md §4.1); path parameters are not allowed.
const HEADER: &str = "method.request.header.";
const IDENTITY_SOURCE_PREFIXES: &[&str] = &[
    HEADER,
    "method.request.querystring.",
    "stageVariables.",
    "context.",
];

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let rest_api_id = props.required_string("RestApiId")?;
    lookup::rest_api(request, &rest_api_id)?;
    let authorizer_type: RestAuthorizerType = props.required_enum("Type")?;
    let authorizer_uri = props.string("AuthorizerUri")?;
    let provider_arns = props.strings("ProviderARNs")?;
    match authorizer_type {
        RestAuthorizerType::Token | RestAuthorizerType::Request => {
            let uri = authorizer_uri.as_deref().ok_or_else(|| {
                ProviderError::invalid(
                    "AuthorizerUri",
                    format!("is required for a {authorizer_type} authorizer: the Lambda function's invocations URI"),
                )
            })?;
            if !is_lambda_invocations_uri(uri) {
                return Err(ProviderError::invalid(
                    "AuthorizerUri",
                    format!(
                        "must be a Lambda invocations URI \
                         (arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations), found {uri:?}"
                    ),
                ));
            }
        }
        RestAuthorizerType::CognitoUserPools if provider_arns.is_empty() => {
            return Err(ProviderError::invalid(
                "ProviderARNs",
                "is required for a COGNITO_USER_POOLS authorizer: the user pools' ARNs (!GetAtt Pool.Arn)",
            ));
        }
        RestAuthorizerType::CognitoUserPools => {}
    }
    let identity_source = identity_source(props.string("IdentitySource")?, authorizer_type)?;
    let identity_validation_expression = props.string("IdentityValidationExpression")?;
    if let Some(expression) = &identity_validation_expression {
        regex::Regex::new(expression).map_err(|e| {
            ProviderError::invalid(
                "IdentityValidationExpression",
                format!("is not a valid regular expression: {e}"),
            )
        })?;
    }
    let ttl = props.u32("AuthorizerResultTtlInSeconds")?;
    if ttl.is_some_and(|ttl| ttl > MAX_TTL_SECONDS) {
        return Err(ProviderError::invalid(
            "AuthorizerResultTtlInSeconds",
            format!("must be between 0 and {MAX_TTL_SECONDS} seconds"),
        ));
    }
    let authorizer_id = request.physical_id_or(|| request.ids.short_id());
    let authorizer = Authorizer {
        rest_api_id,
        authorizer_id: authorizer_id.clone(),
        name: props.required_string("Name")?,
        authorizer_type,
        authorizer_uri,
        authorizer_credentials: props.string("AuthorizerCredentials")?,
        identity_source,
        identity_validation_expression,
        authorizer_result_ttl_in_seconds: ttl,
        provider_arns,
    };
    Ok(Provisioned::new(
        authorizer_id.clone(),
        ResourceModel::RestAuthorizer(authorizer),
    )
    .attribute("AuthorizerId", authorizer_id))
}

/// `IdentitySource` per type (aws-rest-api.md §4.1, aws-rest-api.md §4.2): TOKEN one header; REQUEST comma-separated
/// sources (required when caching, which is on unless the TTL is 0 — checked loosely:
/// an absent source is allowed and then nothing is cached); Cognito a header, by default
/// `Authorization`.
fn identity_source(
    given: Option<String>,
    authorizer_type: RestAuthorizerType,
) -> Result<Option<String>, ProviderError> {
    let invalid = |message: String| Err(ProviderError::invalid("IdentitySource", message));
    match authorizer_type {
        RestAuthorizerType::Token | RestAuthorizerType::CognitoUserPools => {
            let source = match (given, authorizer_type) {
                (Some(source), _) => source,
                (None, RestAuthorizerType::CognitoUserPools) => {
                    return Ok(Some(COGNITO_DEFAULT_IDENTITY_SOURCE.to_owned()));
                }
                (None, _) => {
                    return invalid(
                        "is required for a TOKEN authorizer: one header, e.g. method.request.header.Authorization"
                            .to_owned(),
                    );
                }
            };
            let source = source.trim();
            match source.strip_prefix(HEADER) {
                Some(name) if !name.is_empty() && !name.contains(',') => {
                    Ok(Some(source.to_owned()))
                }
                _ => invalid(format!(
                    "must be one header for a {authorizer_type} authorizer \
                     (method.request.header.NAME), found {source:?}"
                )),
            }
        }
        RestAuthorizerType::Request => {
            let Some(given) = given else {
                return Ok(None);
            };
            for source in given.split(',').map(str::trim) {
                let known = IDENTITY_SOURCE_PREFIXES.iter().any(|prefix| {
                    source
                        .strip_prefix(prefix)
                        .is_some_and(|name| !name.is_empty())
                });
                if !known {
                    return invalid(format!(
                        "has {source:?}, which is not a REQUEST identity source: use \
                         method.request.header.NAME, method.request.querystring.NAME, \
                         stageVariables.NAME or context.NAME, separated by commas"
                    ));
                }
            }
            Ok(Some(given))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_authorizers_read_one_header() {
        let ok = identity_source(
            Some("method.request.header.Auth".into()),
            RestAuthorizerType::Token,
        );
        assert_eq!(ok.unwrap().as_deref(), Some("method.request.header.Auth"));
        for bad in [
            "method.request.querystring.token",
            "method.request.header.A, method.request.header.B",
        ] {
            let err = identity_source(Some(bad.into()), RestAuthorizerType::Token)
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("Properties.IdentitySource") && err.contains("one header"),
                "{err}"
            );
        }
        assert!(identity_source(None, RestAuthorizerType::Token).is_err());
    }

    #[test]
    fn request_authorizers_take_comma_separated_sources() {
        let given =
            "method.request.header.A, method.request.querystring.b,stageVariables.c,context.d";
        assert!(identity_source(Some(given.into()), RestAuthorizerType::Request).is_ok());
        let err = identity_source(
            Some("method.request.path.id".into()),
            RestAuthorizerType::Request,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("method.request.path.id"), "{err}");
    }

    #[test]
    fn cognito_defaults_to_the_authorization_header() {
        assert_eq!(
            identity_source(None, RestAuthorizerType::CognitoUserPools)
                .unwrap()
                .as_deref(),
            Some("method.request.header.Authorization")
        );
    }
}
