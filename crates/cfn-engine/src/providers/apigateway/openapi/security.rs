//! Security schemes → authorizers, and an operation's `security` → its method's
//! authorization (aws-rest-api.md §9.2): a scheme with `x-amazon-apigateway-authorizer` is
//! an authorizer named after the scheme, `x-amazon-apigateway-authtype: awsSigv4` makes
//! the method `AWS_IAM`, and `{type: apiKey, name: x-api-key, in: header}` requires an
//! API key. Every requirement an operation lists applies: API Gateway ANDs them, and SAM
//! writes the authorizer and `api_key` as two (aws-rest-api.md §9.3). The document's root
//! `security` is not read: API Gateway ignores it.

use serde_json::Value;
use store::model::apigateway::{Authorizer, MethodAuthorizationType, RestAuthorizerType};

use super::document::{ImportError, Object, error};
use super::{Importer, NoteKind};
use crate::providers::apigateway::method::is_lambda_invocations_uri;

const AUTHORIZER: &str = "x-amazon-apigateway-authorizer";
const AUTHTYPE: &str = "x-amazon-apigateway-authtype";

/// The `x-amazon-apigateway-authtype` of a scheme whose methods are `AWS_IAM`.
const AWS_SIGV4: &str = "awssigv4";

/// The header of an API key scheme.
const API_KEY_HEADER: &str = "x-api-key";

/// The security scheme name SAM writes for a method without authorization.
const NO_AUTHORIZATION: &str = "NONE";

/// `authorizerResultTtlInSeconds` API Gateway accepts (aws-rest-api.md §4.1).
const TTL_RANGE: std::ops::RangeInclusive<u32> = 0..=3600;

/// Members of `x-amazon-apigateway-authorizer` REST APIs read.
const READ: &[&str] = &[
    "type",
    "authorizerUri",
    "authorizerCredentials",
    "identitySource",
    "identityValidationExpression",
    "authorizerResultTtlInSeconds",
    "providerARNs",
];

/// How a method is authorized, from its operation's `security`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct MethodSecurity {
    pub(super) authorization_type: MethodAuthorizationType,
    pub(super) authorizer_id: Option<String>,
    pub(super) scopes: Vec<String>,
    pub(super) api_key_required: bool,
}

impl Default for MethodSecurity {
    fn default() -> Self {
        Self {
            authorization_type: MethodAuthorizationType::None,
            authorizer_id: None,
            scopes: Vec::new(),
            api_key_required: false,
        }
    }
}

impl<'a> Importer<'a> {
    /// `securityDefinitions` (2.0) or `components.securitySchemes` (3.x).
    fn schemes(&self) -> Result<Option<Object<'a>>, ImportError> {
        self.reusable("securityDefinitions", "securitySchemes")
    }

    /// Every security scheme that defines an authorizer.
    pub(super) fn authorizers(&mut self) -> Result<(), ImportError> {
        let Some(schemes) = self.schemes()? else {
            return Ok(());
        };
        for (name, scheme) in schemes.map {
            let scheme = Object::of(schemes.child(name), scheme)?;
            if let Some(extension) = scheme.object(AUTHORIZER)? {
                let authorizer = self.authorizer(name, &scheme, &extension)?;
                self.definition.authorizers.push(authorizer);
            }
        }
        Ok(())
    }

    fn authorizer(
        &mut self,
        name: &str,
        scheme: &Object<'a>,
        extension: &Object<'a>,
    ) -> Result<Authorizer, ImportError> {
        let type_text = extension.string("type")?.ok_or_else(|| {
            error(
                &extension.child("type"),
                "is required (token, request or cognito_user_pools)",
            )
        })?;
        let authorizer_type = match type_text.to_ascii_lowercase().as_str() {
            "token" => RestAuthorizerType::Token,
            "request" => RestAuthorizerType::Request,
            "cognito_user_pools" => RestAuthorizerType::CognitoUserPools,
            _ => {
                return Err(error(
                    &extension.child("type"),
                    format!("must be token, request or cognito_user_pools, found {type_text:?}"),
                ));
            }
        };
        let authorizer_uri = extension.string("authorizerUri")?;
        let provider_arns = extension.strings("providerARNs")?;
        match authorizer_type {
            RestAuthorizerType::Token | RestAuthorizerType::Request if authorizer_uri.is_none() => {
                return Err(error(
                    &extension.child("authorizerUri"),
                    format!(
                        "is required for a {type_text} authorizer: the Lambda function's invocations URI"
                    ),
                ));
            }
            // An authorizer gantry cannot call would have to let requests through or
            // refuse them all.
            RestAuthorizerType::Token | RestAuthorizerType::Request
                if !authorizer_uri
                    .as_deref()
                    .is_some_and(is_lambda_invocations_uri) =>
            {
                return Err(error(
                    &extension.child("authorizerUri"),
                    format!(
                        "is {:?}, not a Lambda function's invocations URI (arn:aws:apigateway:{{region}}:lambda:path/2015-03-31/functions/{{function ARN}}/invocations)",
                        authorizer_uri.as_deref().unwrap_or_default()
                    ),
                ));
            }
            RestAuthorizerType::CognitoUserPools if provider_arns.is_empty() => {
                return Err(error(
                    &extension.child("providerARNs"),
                    "is required for a cognito_user_pools authorizer: the user pools' ARNs",
                ));
            }
            _ => {}
        }
        // A TOKEN or Cognito authorizer without identitySource reads the header the
        // scheme names (`name`, `in: header`, aws-rest-api.md §9.3).
        let identity_source = match extension.string("identitySource")? {
            Some(source) => Some(source),
            None if authorizer_type == RestAuthorizerType::Request => None,
            None => match (scheme.string("in")?.as_deref(), scheme.string("name")?) {
                (Some("header"), Some(header)) => Some(format!("method.request.header.{header}")),
                _ => {
                    return Err(error(
                        &extension.child("identitySource"),
                        "is required unless the security scheme names a header (in: header, name: Authorization)",
                    ));
                }
            },
        };
        let ttl = extension.u32("authorizerResultTtlInSeconds")?;
        if let Some(ttl) = ttl.filter(|ttl| !TTL_RANGE.contains(ttl)) {
            return Err(error(
                &extension.child("authorizerResultTtlInSeconds"),
                format!("must be 0 to 3600 seconds, found {ttl}"),
            ));
        }
        for key in extension.map.keys().filter(|k| !READ.contains(&k.as_str())) {
            self.note(
                NoteKind::NotHonoured,
                &extension.child(key),
                "is not read for REST API authorizers; it is ignored",
            );
        }
        let authorizer_id = self
            .request
            .previous
            .and_then(|p| p.authorizers.iter().find(|a| a.name == name))
            .map_or_else(|| self.request.ids.short_id(), |a| a.authorizer_id.clone());
        Ok(Authorizer {
            rest_api_id: self.request.rest_api_id.to_owned(),
            authorizer_id,
            name: name.to_owned(),
            authorizer_type,
            authorizer_uri,
            authorizer_credentials: extension.string("authorizerCredentials")?,
            identity_source,
            identity_validation_expression: extension.string("identityValidationExpression")?,
            authorizer_result_ttl_in_seconds: ttl,
            provider_arns,
        })
    }

    /// The authorization of a method from its operation's `security`.
    pub(super) fn security(
        &mut self,
        operation: &Object<'a>,
        method: &str,
    ) -> Result<MethodSecurity, ImportError> {
        let mut security = MethodSecurity::default();
        let path = operation.child("security");
        let requirements: Vec<(String, &Value)> = match operation.get("security") {
            None => return Ok(security),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| (format!("{path}[{i}]"), item))
                .collect(),
            // Unconfirmed: a single requirement object instead of a list is read as that
            // one requirement (found in SAM's test material); reading it rather than
            // ignoring it never leaves a method more open than written.
            Some(item) if item.is_object() => vec![(path.clone(), item)],
            Some(_) => return Err(error(&path, "must be a list of security requirements")),
        };
        for (at, requirement) in requirements {
            let requirement = Object::of(at, requirement)?;
            for (scheme, scopes) in requirement.map {
                let scopes = scope_list(scopes, &requirement.child(scheme))?;
                self.requirement(
                    scheme,
                    scopes,
                    &requirement.child(scheme),
                    method,
                    &mut security,
                )?;
            }
        }
        Ok(security)
    }

    /// Applies one scheme of a requirement to `security`.
    fn requirement(
        &mut self,
        scheme: &str,
        scopes: Vec<String>,
        at: &str,
        method: &str,
        security: &mut MethodSecurity,
    ) -> Result<(), ImportError> {
        if let Some(authorizer) = self
            .definition
            .authorizers
            .iter()
            .find(|a| a.name == scheme)
        {
            let (authorizer_id, authorizer_type) =
                (authorizer.authorizer_id.clone(), authorizer.authorizer_type);
            let authorization_type = match authorizer_type {
                RestAuthorizerType::CognitoUserPools => MethodAuthorizationType::CognitoUserPools,
                RestAuthorizerType::Token | RestAuthorizerType::Request => {
                    MethodAuthorizationType::Custom
                }
            };
            set_authorization(
                security,
                authorization_type,
                Some(authorizer_id),
                at,
                method,
            )?;
            if authorization_type == MethodAuthorizationType::CognitoUserPools {
                security.scopes.extend(scopes);
            } else if !scopes.is_empty() {
                self.note(NoteKind::Info, at, "lists scopes, which only Cognito user pool authorizers check; they are ignored");
            }
            return Ok(());
        }
        let definition = match self.schemes()? {
            Some(schemes) => schemes.object(scheme)?,
            None => None,
        };
        let Some(definition) = definition else {
            if scheme != NO_AUTHORIZATION {
                self.note(
                    NoteKind::Info,
                    at,
                    format!("names security scheme {scheme:?}, which the definition does not define, so it does not protect {method}"),
                );
            }
            return Ok(());
        };
        let authtype = definition.string(AUTHTYPE)?;
        if let Some(authtype) = authtype {
            if authtype.eq_ignore_ascii_case(AWS_SIGV4) {
                return set_authorization(
                    security,
                    MethodAuthorizationType::AwsIam,
                    None,
                    at,
                    method,
                );
            }
            // An auth type without an authorizer would leave the method open where the
            // author meant it closed.
            return Err(error(
                &definition.child(AUTHTYPE),
                format!(
                    "is {authtype:?} but the scheme has no x-amazon-apigateway-authorizer, so {method} cannot be authorized; add the authorizer or use awsSigv4"
                ),
            ));
        }
        let is_api_key = definition.string("type")?.as_deref() == Some("apiKey")
            && definition.string("in")?.as_deref() == Some("header")
            && definition
                .string("name")?
                .is_some_and(|name| name.eq_ignore_ascii_case(API_KEY_HEADER));
        if is_api_key {
            security.api_key_required = true;
        } else {
            self.note(
                NoteKind::Info,
                at,
                format!("names security scheme {scheme:?}, which API Gateway does not enforce (neither an authorizer, awsSigv4, nor the x-api-key header), so it does not protect {method}"),
            );
        }
        Ok(())
    }
}

/// Sets the method's one authorization; a second, different one is refused.
fn set_authorization(
    security: &mut MethodSecurity,
    authorization_type: MethodAuthorizationType,
    authorizer_id: Option<String>,
    at: &str,
    method: &str,
) -> Result<(), ImportError> {
    let unset = security.authorization_type == MethodAuthorizationType::None;
    if !unset
        && (security.authorization_type != authorization_type
            || security.authorizer_id != authorizer_id)
    {
        return Err(error(
            at,
            format!(
                "gives {method} a second authorization ({authorization_type}) besides {}; a method has one authorizer, keep one requirement",
                security.authorization_type
            ),
        ));
    }
    security.authorization_type = authorization_type;
    security.authorizer_id = authorizer_id;
    Ok(())
}

fn scope_list(scopes: &Value, at: &str) -> Result<Vec<String>, ImportError> {
    let Value::Array(items) = scopes else {
        return Err(error(at, "must be a list of scope names"));
    };
    items
        .iter()
        .map(|s| match s {
            Value::String(s) => Ok(s.clone()),
            _ => Err(error(at, "must be a list of scope names")),
        })
        .collect()
}
