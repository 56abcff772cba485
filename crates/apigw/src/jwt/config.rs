//! What a JWT authorizer is configured with (§2.1).

use http::HeaderName;

const HEADER_PREFIX: &str = "$request.header.";
const QUERY_STRING_PREFIX: &str = "$request.querystring.";

/// Where the token is read from: `$request.header.X` or `$request.querystring.X`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentitySource {
    /// A request header (names are case-insensitive).
    Header(HeaderName),
    /// A query-string parameter (names are case-sensitive).
    QueryString(String),
}

impl IdentitySource {
    /// Parses one `IdentitySource` entry.
    pub fn parse(source: &str) -> Result<Self, JwtConfigError> {
        if let Some(name) = source.strip_prefix(HEADER_PREFIX) {
            return HeaderName::try_from(name).map(Self::Header).map_err(|_| {
                JwtConfigError::InvalidHeaderName {
                    expression: source.to_owned(),
                }
            });
        }
        if let Some(name) = source.strip_prefix(QUERY_STRING_PREFIX)
            && !name.is_empty()
        {
            return Ok(Self::QueryString(name.to_owned()));
        }
        Err(JwtConfigError::UnsupportedIdentitySource {
            expression: source.to_owned(),
        })
    }

    /// The source as written in the template, for explanations.
    pub fn expression(&self) -> String {
        match self {
            Self::Header(name) => format!("{HEADER_PREFIX}{name}"),
            Self::QueryString(name) => format!("{QUERY_STRING_PREFIX}{name}"),
        }
    }
}

/// A JWT authorizer's `JwtConfiguration` and `IdentitySource`, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtAuthorizerConfig {
    /// `JwtConfiguration.Issuer`, compared exactly with the token's `iss`.
    pub issuer: String,
    /// `JwtConfiguration.Audience`: the token's `aud` (or `client_id`) must name one.
    pub audiences: Vec<String>,
    /// Where the token is read from.
    pub identity_source: IdentitySource,
}

/// Why a JWT authorizer's configuration is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtConfigError {
    /// JWT authorizers take exactly one identity source (§2.1).
    #[error(
        "a JWT authorizer takes exactly one IdentitySource, like `$request.header.Authorization`; this one has {count}"
    )]
    IdentitySourceCount {
        /// How many were given.
        count: usize,
    },
    /// Not a header or query-string source.
    #[error(
        "IdentitySource {expression:?} is not supported by JWT authorizers; use `$request.header.<name>` or `$request.querystring.<name>`"
    )]
    UnsupportedIdentitySource {
        /// The source as written.
        expression: String,
    },
    /// The header name is not a valid HTTP header name.
    #[error("IdentitySource {expression:?} does not name a valid HTTP header")]
    InvalidHeaderName {
        /// The source as written.
        expression: String,
    },
    /// `JwtConfiguration.Issuer` is empty.
    #[error(
        "JwtConfiguration.Issuer is empty; set it to the issuer URL your tokens carry in `iss`"
    )]
    EmptyIssuer,
}

impl JwtAuthorizerConfig {
    /// Validates an authorizer's issuer, audiences and identity sources.
    pub fn new(
        issuer: impl Into<String>,
        audiences: Vec<String>,
        identity_sources: &[impl AsRef<str>],
    ) -> Result<Self, JwtConfigError> {
        let issuer = issuer.into();
        if issuer.is_empty() {
            return Err(JwtConfigError::EmptyIssuer);
        }
        let [source] = identity_sources else {
            return Err(JwtConfigError::IdentitySourceCount {
                count: identity_sources.len(),
            });
        };
        Ok(Self {
            issuer,
            audiences,
            identity_source: IdentitySource::parse(source.as_ref())?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_source_parses_header_and_query_string() {
        assert_eq!(
            IdentitySource::parse("$request.header.Authorization").unwrap(),
            IdentitySource::Header(http::header::AUTHORIZATION)
        );
        assert_eq!(
            IdentitySource::parse("$request.querystring.token").unwrap(),
            IdentitySource::QueryString("token".into())
        );
    }

    #[test]
    fn identity_source_rejects_context_and_cookie_sources() {
        for source in [
            "$context.routeKey",
            "$stageVariables.x",
            "$request.cookie.t",
            "Authorization",
        ] {
            assert!(matches!(
                IdentitySource::parse(source),
                Err(JwtConfigError::UnsupportedIdentitySource { .. })
            ));
        }
    }

    #[test]
    fn config_requires_exactly_one_identity_source() {
        let two = ["$request.header.A", "$request.header.B"];
        let error = JwtAuthorizerConfig::new("https://i", vec![], &two).unwrap_err();
        assert_eq!(error, JwtConfigError::IdentitySourceCount { count: 2 });
        let none: [&str; 0] = [];
        assert!(JwtAuthorizerConfig::new("https://i", vec![], &none).is_err());
    }
}
