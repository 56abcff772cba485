//! gantry's built-in OpenID Connect issuer, so a stack with a JWT authorizer runs with no
//! network and no identity-provider account.
//!
//! It behaves like the part of Auth0 an HTTP API needs: an issuer URL whose
//! `.well-known/openid-configuration` names a `jwks_uri`, a JWKS with one RS256 key, and an
//! OAuth 2.0 `client_credentials` token endpoint (`oauth/token`) that mints access tokens.
//!
//! Pure: no I/O, no clock. The caller persists the key ([`SigningKey::to_pkcs8_pem`]),
//! serves the documents over HTTP and passes the current time in.

mod client_auth;
mod key;
mod token;
mod token_endpoint;

pub use client_auth::{CLIENT_AUTH_CHALLENGE, ClientCredentials};
pub use key::SigningKey;
pub use token::{DEFAULT_EXPIRES_IN, DISCOVERY_PATH, Issuer, JWKS_PATH, TOKEN_PATH, TokenRequest};
pub use token_endpoint::{TokenEndpointResponse, token_endpoint};

/// What can go wrong while making or loading keys and signing tokens.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The operating system's random source or the crypto library failed to make a key.
    #[error("could not generate an RSA key: {0}")]
    KeyGeneration(String),
    /// A stored key could not be read back.
    #[error(
        "the stored issuer key is not a valid PKCS#8 RSA private key ({reason}); delete it from the state directory to make a new one"
    )]
    InvalidKey {
        /// What the crypto library said.
        reason: String,
    },
    /// Signing a token failed.
    #[error("could not sign the token: {0}")]
    Signing(String),
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
