//! Routes for the test stacks: a route key, its integration and its authorization, as
//! a builder.

use std::collections::BTreeMap;

use store::model::{AuthorizationType, PayloadFormatVersion};

use super::stack::{AUTHORIZER_ID, FUNCTION};

/// Where a route sends requests.
#[derive(Debug, Clone)]
pub(super) enum Target {
    Function(String),
    HttpProxy(String),
    /// An `AWS_PROXY` `IntegrationUri` as written (stage variables and all).
    LambdaUri(String),
}

/// A route with its integration.
#[derive(Debug, Clone)]
pub(crate) struct RouteSpec {
    pub(super) key: String,
    pub(super) target: Target,
    pub(super) authorization: AuthorizationType,
    pub(super) authorizer_id: Option<String>,
    pub(super) scopes: Vec<String>,
    pub(super) payload: PayloadFormatVersion,
    pub(super) timeout_ms: u32,
    pub(super) credentials_arn: Option<String>,
    pub(super) integration_method: Option<String>,
    pub(super) integration_subtype: Option<String>,
    pub(super) request_parameters: BTreeMap<String, String>,
    pub(super) response_parameters: BTreeMap<String, BTreeMap<String, String>>,
}

impl RouteSpec {
    /// `key` → AWS_PROXY payload 2.0 integration to `function`, no authorization.
    pub(crate) fn lambda(key: &str, function: &str) -> Self {
        Self {
            key: key.to_owned(),
            target: Target::Function(function.to_owned()),
            authorization: AuthorizationType::None,
            authorizer_id: None,
            scopes: Vec::new(),
            payload: PayloadFormatVersion::V2_0,
            timeout_ms: 30_000,
            credentials_arn: None,
            integration_method: None,
            integration_subtype: None,
            request_parameters: BTreeMap::new(),
            response_parameters: BTreeMap::new(),
        }
    }

    /// `key` → AWS_PROXY payload 2.0 integration with this `IntegrationUri`.
    pub(crate) fn lambda_uri(key: &str, integration_uri: &str) -> Self {
        Self {
            target: Target::LambdaUri(integration_uri.to_owned()),
            ..Self::lambda(key, FUNCTION)
        }
    }

    /// `key` → HTTP_PROXY integration to `url`.
    pub(crate) fn http_proxy(key: &str, url: &str) -> Self {
        Self {
            target: Target::HttpProxy(url.to_owned()),
            ..Self::lambda(key, FUNCTION)
        }
    }

    /// `AuthorizationType: JWT` with [`AUTHORIZER_ID`] and these scopes.
    pub(crate) fn jwt(mut self, scopes: &[&str]) -> Self {
        self.authorization = AuthorizationType::Jwt;
        self.authorizer_id = Some(AUTHORIZER_ID.to_owned());
        self.scopes = scopes.iter().map(|s| (*s).to_owned()).collect();
        self
    }

    /// `AuthorizationType: CUSTOM` with the Lambda authorizer [`AUTHORIZER_ID`].
    pub(crate) fn lambda_authorizer(mut self) -> Self {
        self.authorization = AuthorizationType::Custom;
        self.authorizer_id = Some(AUTHORIZER_ID.to_owned());
        self
    }

    /// Another `AuthorizationType` (CUSTOM, AWS_IAM), without an authorizer.
    pub(crate) fn authorization(mut self, authorization: AuthorizationType) -> Self {
        self.authorization = authorization;
        self
    }

    pub(crate) fn payload(mut self, payload: PayloadFormatVersion) -> Self {
        self.payload = payload;
        self
    }

    pub(crate) fn timeout_ms(mut self, timeout_ms: u32) -> Self {
        self.timeout_ms = timeout_ms;
        self
    }

    /// The integration's `IntegrationMethod`.
    pub(crate) fn integration_method(mut self, method: &str) -> Self {
        self.integration_method = Some(method.to_owned());
        self
    }

    /// The integration's `IntegrationSubtype` (an AWS service integration).
    pub(crate) fn subtype(mut self, subtype: &str) -> Self {
        self.integration_subtype = Some(subtype.to_owned());
        self
    }

    /// One `RequestParameters` entry.
    pub(crate) fn request_parameter(mut self, key: &str, value: &str) -> Self {
        self.request_parameters
            .insert(key.to_owned(), value.to_owned());
        self
    }

    /// One `ResponseParameters` entry for the integration's `status`.
    pub(crate) fn response_parameter(mut self, status: u16, key: &str, value: &str) -> Self {
        self.response_parameters
            .entry(status.to_string())
            .or_default()
            .insert(key.to_owned(), value.to_owned());
        self
    }

    /// The integration's `CredentialsArn`.
    pub(crate) fn credentials(mut self, role_arn: &str) -> Self {
        self.credentials_arn = Some(role_arn.to_owned());
        self
    }
}
