//! `components.securitySchemes` → authorizers (§11.3): a scheme with
//! `x-amazon-apigateway-authorizer` of type `jwt` or `request` is an authorizer named
//! after the scheme; one with `x-amazon-apigateway-authtype: awsSigv4` makes its routes
//! `AWS_IAM`.

use store::model::{
    AuthorizationType, Authorizer, AuthorizerType, JwtConfiguration, PayloadFormatVersion,
};

use super::Importer;
use super::document::{ImportError, NoteKind, Object, error};

const AUTHORIZER: &str = "x-amazon-apigateway-authorizer";
const AUTHTYPE: &str = "x-amazon-apigateway-authtype";

/// The security scheme name SAM writes for a route without authorization.
const NO_AUTHORIZATION: &str = "NONE";

/// The identity source of a JWT authorizer that names none.
// Unconfirmed: AWS's import default is not documented; this is the console's default.
const DEFAULT_JWT_IDENTITY_SOURCE: &str = "$request.header.Authorization";

/// Members of `x-amazon-apigateway-authorizer` HTTP APIs read.
const READ: &[&str] = &[
    "type",
    "identitySource",
    "jwtConfiguration",
    "authorizerUri",
    "authorizerCredentials",
    "authorizerPayloadFormatVersion",
    "enableSimpleResponses",
    "authorizerResultTtlInSeconds",
];

impl<'a> Importer<'a> {
    /// Every security scheme that defines an authorizer.
    pub(super) fn authorizers(&mut self) -> Result<(), ImportError> {
        let Some(schemes) = self.security_schemes()? else {
            return Ok(());
        };
        for (name, scheme) in schemes.map {
            let scheme = Object::of(schemes.child(name), scheme)?;
            if let Some(extension) = scheme.object(AUTHORIZER)? {
                let authorizer = self.authorizer(name, &extension)?;
                self.definition.authorizers.push(authorizer);
            }
        }
        Ok(())
    }

    /// How a route secured by scheme `name` is authorized.
    pub(super) fn scheme_authorization(
        &mut self,
        name: &str,
        path: &str,
    ) -> Result<(AuthorizationType, Option<String>), ImportError> {
        if let Some(authorizer) = self.definition.authorizers.iter().find(|a| a.name == name) {
            let authorization_type = match authorizer.authorizer_type {
                AuthorizerType::Jwt => AuthorizationType::Jwt,
                AuthorizerType::Request => AuthorizationType::Custom,
            };
            return Ok((authorization_type, Some(authorizer.authorizer_id.clone())));
        }
        let scheme = match self.security_schemes()? {
            Some(schemes) => schemes.object(name)?,
            None => None,
        };
        let Some(scheme) = scheme else {
            // Unconfirmed: AWS accepts requirements naming no defined scheme (SAM writes
            // `NONE: []` for routes without authorization) and the route is open.
            if name != NO_AUTHORIZATION {
                self.note(
                    NoteKind::Info,
                    path,
                    format!(
                        "names security scheme {name:?}, which components.securitySchemes does not define, so the route has no authorization"
                    ),
                );
            }
            return Ok((AuthorizationType::None, None));
        };
        match scheme.string(AUTHTYPE)? {
            Some(authtype) if authtype.eq_ignore_ascii_case("awsSigv4") => {
                Ok((AuthorizationType::AwsIam, None))
            }
            // Fail closed: a route whose scheme gantry cannot evaluate is not served open.
            _ => Err(error(
                &scheme.path,
                format!(
                    "has neither {AUTHORIZER} (jwt or request) nor {AUTHTYPE}: awsSigv4, so HTTP APIs cannot enforce it; add one of them"
                ),
            )),
        }
    }

    fn security_schemes(&self) -> Result<Option<Object<'a>>, ImportError> {
        match self.root.object("components")? {
            Some(components) => components.object("securitySchemes"),
            None => Ok(None),
        }
    }

    fn authorizer(
        &mut self,
        name: &str,
        extension: &Object<'a>,
    ) -> Result<Authorizer, ImportError> {
        let type_text = extension
            .string("type")?
            .ok_or_else(|| error(&extension.child("type"), "is required (jwt or request)"))?;
        let authorizer_type = match type_text.to_ascii_lowercase().as_str() {
            "jwt" => AuthorizerType::Jwt,
            "request" => AuthorizerType::Request,
            _ => {
                return Err(error(
                    &extension.child("type"),
                    format!("must be jwt or request for HTTP APIs, found {type_text:?}"),
                ));
            }
        };
        let mut identity_source = extension.strings("identitySource")?;
        let jwt_configuration = match authorizer_type {
            AuthorizerType::Jwt => {
                if identity_source.is_empty() {
                    identity_source.push(DEFAULT_JWT_IDENTITY_SOURCE.to_owned());
                }
                Some(jwt_configuration(extension)?)
            }
            AuthorizerType::Request => None,
        };
        let authorizer_payload_format_version = match extension
            .string("authorizerPayloadFormatVersion")?
        {
            Some(text) => Some(text.parse::<PayloadFormatVersion>().map_err(|_| {
                error(
                    &extension.child("authorizerPayloadFormatVersion"),
                    format!("must be \"1.0\" or \"2.0\", found {text:?}"),
                )
            })?),
            None if authorizer_type == AuthorizerType::Request => {
                return Err(error(
                    &extension.child("authorizerPayloadFormatVersion"),
                    "is required for Lambda (request) authorizers of HTTP APIs: \"1.0\" or \"2.0\"",
                ));
            }
            None => None,
        };
        for key in extension.map.keys() {
            if !READ.contains(&key.as_str()) {
                self.note(
                    NoteKind::NotHonoured,
                    &extension.child(key),
                    "is not read for HTTP API authorizers; it is ignored",
                );
            }
        }
        let authorizer_id = self
            .request
            .previous
            .and_then(|p| p.authorizers.iter().find(|a| a.name == name))
            .map_or_else(|| self.request.ids.short_id(), |a| a.authorizer_id.clone());
        Ok(Authorizer {
            api_id: self.request.api_id.to_owned(),
            authorizer_id,
            name: name.to_owned(),
            authorizer_type,
            identity_source,
            jwt_configuration,
            authorizer_uri: extension.string("authorizerUri")?,
            authorizer_payload_format_version,
            enable_simple_responses: extension.bool("enableSimpleResponses")?.unwrap_or(false),
            authorizer_result_ttl_in_seconds: extension.u32("authorizerResultTtlInSeconds")?,
            authorizer_credentials_arn: extension.string("authorizerCredentials")?,
        })
    }
}

fn jwt_configuration(extension: &Object<'_>) -> Result<JwtConfiguration, ImportError> {
    let config = extension.object("jwtConfiguration")?.ok_or_else(|| {
        error(
            &extension.child("jwtConfiguration"),
            "is required for jwt authorizers (issuer and audience)",
        )
    })?;
    let issuer = config
        .string("issuer")?
        .ok_or_else(|| error(&config.child("issuer"), "is required"))?;
    let audience = config.strings("audience")?;
    if audience.is_empty() {
        return Err(error(
            &config.child("audience"),
            "is required: the token's aud must contain one of them",
        ));
    }
    Ok(JwtConfiguration { issuer, audience })
}
