//! The coverage tables of `AWS::Cognito::*`: gantry's built-in issuer stands in for every
//! user pool, so what the pool does for its users is named as not emulated.

use super::Coverage;

/// What every property about users says.
const STANDS_IN: &str = "gantry's built-in issuer stands in for the user pool: users, sign-in, passwords and messages are not modelled";
/// What every app client setting says.
const CLIENT_STANDS_IN: &str = "gantry's built-in issuer stands in for the user pool: its tokens are not shaped by the app client's flows, scopes or validity settings";

pub(super) const USER_POOL: Coverage = Coverage {
    resource_type: "AWS::Cognito::UserPool",
    // LambdaConfig is warned about by the provider: triggers are not invoked.
    read: &["UserPoolName", "LambdaConfig"],
    no_local_effect: &["UserPoolTags", "DeletionProtection"],
    not_emulated: &[
        ("AccountRecoverySetting", STANDS_IN),
        ("AdminCreateUserConfig", STANDS_IN),
        ("AliasAttributes", STANDS_IN),
        ("AutoVerifiedAttributes", STANDS_IN),
        ("DeviceConfiguration", STANDS_IN),
        ("EmailAuthenticationMessage", STANDS_IN),
        ("EmailAuthenticationSubject", STANDS_IN),
        ("EmailConfiguration", STANDS_IN),
        ("EmailVerificationMessage", STANDS_IN),
        ("EmailVerificationSubject", STANDS_IN),
        ("EnabledMfas", STANDS_IN),
        ("IssuerConfiguration", STANDS_IN),
        ("KeyConfiguration", STANDS_IN),
        ("MfaConfiguration", STANDS_IN),
        ("Policies", STANDS_IN),
        ("Schema", STANDS_IN),
        ("SmsAuthenticationMessage", STANDS_IN),
        ("SmsConfiguration", STANDS_IN),
        ("SmsVerificationMessage", STANDS_IN),
        ("UserAttributeUpdateSettings", STANDS_IN),
        ("UserPoolAddOns", STANDS_IN),
        ("UserPoolTier", STANDS_IN),
        ("UsernameAttributes", STANDS_IN),
        ("UsernameConfiguration", STANDS_IN),
        ("VerificationMessageTemplate", STANDS_IN),
        ("WebAuthnFactorConfiguration", STANDS_IN),
        ("WebAuthnRelyingPartyID", STANDS_IN),
        ("WebAuthnUserVerification", STANDS_IN),
    ],
};

pub(super) const USER_POOL_CLIENT: Coverage = Coverage {
    resource_type: "AWS::Cognito::UserPoolClient",
    // GenerateSecret is warned about by the provider: no secret exists locally.
    read: &["UserPoolId", "ClientName", "GenerateSecret"],
    no_local_effect: &[],
    not_emulated: &[
        ("AccessTokenValidity", CLIENT_STANDS_IN),
        ("AllowedOAuthFlows", CLIENT_STANDS_IN),
        ("AllowedOAuthFlowsUserPoolClient", CLIENT_STANDS_IN),
        ("AllowedOAuthScopes", CLIENT_STANDS_IN),
        ("AnalyticsConfiguration", CLIENT_STANDS_IN),
        ("AuthSessionValidity", CLIENT_STANDS_IN),
        ("CallbackURLs", CLIENT_STANDS_IN),
        ("DefaultRedirectURI", CLIENT_STANDS_IN),
        ("EnablePropagateAdditionalUserContextData", CLIENT_STANDS_IN),
        ("EnableTokenRevocation", CLIENT_STANDS_IN),
        ("ExplicitAuthFlows", CLIENT_STANDS_IN),
        ("IdTokenValidity", CLIENT_STANDS_IN),
        ("LogoutURLs", CLIENT_STANDS_IN),
        ("PreventUserExistenceErrors", CLIENT_STANDS_IN),
        ("ReadAttributes", CLIENT_STANDS_IN),
        ("RefreshTokenRotation", CLIENT_STANDS_IN),
        ("RefreshTokenValidity", CLIENT_STANDS_IN),
        ("SupportedIdentityProviders", CLIENT_STANDS_IN),
        ("TokenValidityUnits", CLIENT_STANDS_IN),
        ("WriteAttributes", CLIENT_STANDS_IN),
    ],
};
