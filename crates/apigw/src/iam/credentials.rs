//! The local credentials gantry holds for `AWS_IAM` routes, and the IAM principal each
//! access key stands for (§12.4).
//!
//! One secret is kept in gantry's state: the account's default identity, IAM user
//! `gantry`. A role of a deployed stack gets temporary credentials derived from that
//! secret and the role's ARN, so `gantry credentials --role X` and the gateway agree on
//! them without storing one key per role, and a key stays valid across restarts.

use std::fmt;

use aws_lc_rs::digest::{SHA256, digest};
use aws_lc_rs::hmac;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

/// Prefix of long-term user access keys (IAM's unique-id prefixes).
const USER_ACCESS_KEY_PREFIX: &str = "AKIA";
/// Prefix of temporary (STS) access keys.
const TEMPORARY_ACCESS_KEY_PREFIX: &str = "ASIA";
/// Prefix of IAM user ids.
const USER_ID_PREFIX: &str = "AIDA";
/// The name of the account's default local identity.
pub const DEFAULT_USER_NAME: &str = "gantry";
/// The session name of role credentials (`assumed-role/{role}/{session}`).
pub const ROLE_SESSION_NAME: &str = "gantry";

/// The base32 alphabet AWS's key ids use (upper-case letters and 2-7).
const KEY_ID_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// The account's default identity: an access key id and secret, kept in the state.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalCredentials {
    /// `AKIA…`, 20 characters.
    pub access_key_id: String,
    /// 40 characters.
    pub secret_access_key: String,
}

impl fmt::Debug for LocalCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalCredentials")
            .field("access_key_id", &self.access_key_id)
            .finish_non_exhaustive()
    }
}

/// Credentials as a client signs with them.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningCredentials {
    /// The access key id.
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: String,
    /// The session token temporary credentials carry.
    pub session_token: Option<String>,
}

impl fmt::Debug for SigningCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("session_token", &self.session_token.is_some())
            .finish_non_exhaustive()
    }
}

/// Random bytes could not be drawn from the system.
#[derive(Debug, thiserror::Error)]
#[error("the system's random number generator failed")]
pub struct RandomUnavailable;

impl LocalCredentials {
    /// New random credentials for the default identity.
    pub fn generate() -> Result<Self, RandomUnavailable> {
        let mut bytes = [0u8; 40];
        aws_lc_rs::rand::fill(&mut bytes).map_err(|_| RandomUnavailable)?;
        let (id, secret) = bytes.split_at(10);
        Ok(Self {
            access_key_id: format!("{USER_ACCESS_KEY_PREFIX}{}", key_id_chars(id, 16)),
            secret_access_key: STANDARD.encode(secret).chars().take(40).collect(),
        })
    }

    /// The default identity's credentials, as a client signs with them.
    pub fn signing(&self) -> SigningCredentials {
        SigningCredentials {
            access_key_id: self.access_key_id.clone(),
            secret_access_key: self.secret_access_key.clone(),
            session_token: None,
        }
    }

    /// The temporary credentials of a stack's role: access key id [`role_access_key_id`],
    /// secret and session token derived from this secret and the role's ARN.
    // Deviation from AWS: the role's trust policy is not consulted; gantry hands out the
    // credentials as if a principal of the account had assumed the role.
    pub fn for_role(&self, role_arn: &str) -> SigningCredentials {
        let key = hmac::Key::new(hmac::HMAC_SHA256, self.secret_access_key.as_bytes());
        let secret = hmac::sign(&key, format!("secret:{role_arn}").as_bytes());
        let token = hmac::sign(&key, format!("session-token:{role_arn}").as_bytes());
        SigningCredentials {
            access_key_id: role_access_key_id(role_arn),
            secret_access_key: STANDARD.encode(secret.as_ref()).chars().take(40).collect(),
            session_token: Some(format!("gantry/{}", STANDARD.encode(token.as_ref()))),
        }
    }
}

/// The access key id of a role's temporary credentials: `ASIA` and 16 characters from
/// a hash of the role's ARN. Access key ids are not secret; the gateway indexes roles by
/// them.
pub fn role_access_key_id(role_arn: &str) -> String {
    let hash = digest(&SHA256, format!("role:{role_arn}").as_bytes());
    format!(
        "{TEMPORARY_ACCESS_KEY_PREFIX}{}",
        key_id_chars(hash.as_ref(), 16)
    )
}

/// The unique id (`AIDA…`) of the default user of an account.
pub fn default_user_id(account_id: &str) -> String {
    let hash = digest(&SHA256, format!("user:{account_id}").as_bytes());
    format!("{USER_ID_PREFIX}{}", key_id_chars(hash.as_ref(), 17))
}

/// `n` characters of AWS's key-id alphabet, one per byte (5 bits of it).
fn key_id_chars(bytes: &[u8], n: usize) -> String {
    bytes
        .iter()
        .cycle()
        .take(n)
        .map(|b| char::from(KEY_ID_ALPHABET[usize::from(b & 31)]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_have_aws_shapes() {
        let credentials = LocalCredentials::generate().expect("random bytes");
        assert_eq!(credentials.access_key_id.len(), 20);
        assert!(credentials.access_key_id.starts_with("AKIA"));
        assert_eq!(credentials.secret_access_key.len(), 40);
        assert_ne!(
            credentials,
            LocalCredentials::generate().expect("random bytes")
        );
    }

    #[test]
    fn role_credentials_are_derived_from_the_secret_and_the_role() {
        let credentials = LocalCredentials {
            access_key_id: "AKIAEXAMPLEEXAMPLE00".to_owned(),
            secret_access_key: "s".repeat(40),
        };
        let role = "arn:aws:iam::123456789012:role/Caller";
        let first = credentials.for_role(role);
        assert_eq!(first, credentials.for_role(role));
        assert_eq!(first.access_key_id, role_access_key_id(role));
        assert!(first.access_key_id.starts_with("ASIA"));
        assert_eq!(first.access_key_id.len(), 20);
        assert!(first.session_token.is_some());
        let other = credentials.for_role("arn:aws:iam::123456789012:role/Other");
        assert_ne!(first.access_key_id, other.access_key_id);
        assert_ne!(first.secret_access_key, other.secret_access_key);
        let rotated = LocalCredentials {
            secret_access_key: "t".repeat(40),
            ..credentials
        };
        assert_ne!(
            first.secret_access_key,
            rotated.for_role(role).secret_access_key
        );
    }

    #[test]
    fn debug_output_hides_secrets() {
        let credentials = LocalCredentials {
            access_key_id: "AKIAEXAMPLEEXAMPLE00".to_owned(),
            secret_access_key: "secret-secret".to_owned(),
        };
        assert!(!format!("{credentials:?}").contains("secret-secret"));
        assert!(
            !format!("{:?}", credentials.for_role("arn:aws:iam::1:role/r")).contains("gantry/")
        );
    }
}
