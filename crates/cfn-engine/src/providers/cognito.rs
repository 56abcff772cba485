//! `AWS::Cognito::*`: user pools and their app clients, as far as REST API
//! `COGNITO_USER_POOLS` authorizers need them. gantry's built-in issuer stands in for
//! every pool: users, passwords, triggers and the hosted UI are not modelled, and each
//! property about them is named in a warning.

pub(crate) mod user_pool;
pub(crate) mod user_pool_client;
