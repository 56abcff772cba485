//! Amazon Cognito user pools, as far as API Gateway's `COGNITO_USER_POOLS` authorizers
//! need them: gantry's built-in issuer stands in for every pool.

use serde::{Deserialize, Serialize};

/// `AWS::Cognito::UserPool`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPool {
    /// `UserPoolId`: `{region}_{9 letters and digits}`.
    pub user_pool_id: String,
    /// `UserPoolName`.
    pub name: String,
    /// `Arn`: `arn:aws:cognito-idp:{region}:{account}:userpool/{UserPoolId}`.
    pub arn: String,
    /// `ProviderName`: `cognito-idp.{region}.amazonaws.com/{UserPoolId}`.
    pub provider_name: String,
    /// `ProviderURL`: `https://` + `ProviderName`.
    pub provider_url: String,
}

/// `AWS::Cognito::UserPoolClient`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPoolClient {
    /// `ClientId`: what ID tokens carry as `aud` and access tokens as `client_id`.
    pub client_id: String,
    /// `UserPoolId`.
    pub user_pool_id: String,
    /// `ClientName`.
    pub name: String,
}
