//! The issuer's RSA signing key and its public JWK.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::KeyPair as _;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::EncodingKey;
use serde_json::{Value, json};

use crate::{Error, Result};

const PEM_LABEL: &str = "PRIVATE KEY";

/// An RS256 signing key with its key id.
///
/// The key id is the RFC 7638 JWK thumbprint, so the same key always has the same `kid`
/// and a new key never collides with an old one.
pub struct SigningKey {
    pem: String,
    encoding_key: EncodingKey,
    kid: String,
    modulus: String,
    exponent: String,
}

impl SigningKey {
    /// Makes a fresh 2048-bit RSA key.
    pub fn generate() -> Result<Self> {
        let key_pair =
            KeyPair::generate(KeySize::Rsa2048).map_err(|e| Error::KeyGeneration(e.to_string()))?;
        let der = key_pair
            .as_der()
            .map_err(|e| Error::KeyGeneration(e.to_string()))?;
        Self::from_key_pair(&key_pair, pem_encode(der.as_ref()))
    }

    /// Loads a key saved with [`SigningKey::to_pkcs8_pem`].
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self> {
        let der = pem_decode(pem).ok_or_else(|| Error::InvalidKey {
            reason: "not a PEM \"PRIVATE KEY\" block".to_owned(),
        })?;
        let key_pair = KeyPair::from_pkcs8(&der).map_err(|e| Error::InvalidKey {
            reason: e.to_string(),
        })?;
        Self::from_key_pair(&key_pair, pem.to_owned())
    }

    fn from_key_pair(key_pair: &KeyPair, pem: String) -> Result<Self> {
        let encoding_key =
            EncodingKey::from_rsa_pem(pem.as_bytes()).map_err(|e| Error::InvalidKey {
                reason: e.to_string(),
            })?;
        let public = key_pair.public_key();
        let modulus = URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero());
        let exponent = URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero());
        let kid = thumbprint(&modulus, &exponent);
        Ok(Self {
            pem,
            encoding_key,
            kid,
            modulus,
            exponent,
        })
    }

    /// The private key as a PKCS#8 PEM document, for the state directory.
    pub fn to_pkcs8_pem(&self) -> &str {
        &self.pem
    }

    /// The key id (`kid`) put in token headers and in the JWKS.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public key as a JWK (`kty`, `kid`, `use`, `alg`, `n`, `e`).
    pub fn public_jwk(&self) -> Value {
        json!({
            "kty": "RSA",
            "kid": self.kid,
            "use": "sig",
            "alg": "RS256",
            "n": self.modulus,
            "e": self.exponent,
        })
    }

    pub(crate) fn encoding_key(&self) -> &EncodingKey {
        &self.encoding_key
    }
}

impl std::fmt::Debug for SigningKey {
    // Never print the private key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace.
fn thumbprint(modulus: &str, exponent: &str) -> String {
    let canonical = format!(r#"{{"e":"{exponent}","kty":"RSA","n":"{modulus}"}}"#);
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, canonical.as_bytes());
    URL_SAFE_NO_PAD.encode(digest.as_ref())
}

fn pem_encode(der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let mut pem = format!("-----BEGIN {PEM_LABEL}-----\n");
    for line in body.as_bytes().chunks(64) {
        pem.push_str(&String::from_utf8_lossy(line));
        pem.push('\n');
    }
    pem.push_str(&format!("-----END {PEM_LABEL}-----\n"));
    pem
}

fn pem_decode(pem: &str) -> Option<Vec<u8>> {
    let begin = format!("-----BEGIN {PEM_LABEL}-----");
    let end = format!("-----END {PEM_LABEL}-----");
    let body = pem.trim().strip_prefix(&begin)?.strip_suffix(&end)?;
    let body: String = body.split_whitespace().collect();
    STANDARD.decode(body).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_survives_a_round_trip_through_pem_with_the_same_kid() {
        let key = SigningKey::generate().unwrap();
        let again = SigningKey::from_pkcs8_pem(key.to_pkcs8_pem()).unwrap();
        assert_eq!(key.kid(), again.kid());
        assert_eq!(key.public_jwk(), again.public_jwk());
    }

    #[test]
    fn two_generated_keys_have_different_kids() {
        let a = SigningKey::generate().unwrap();
        let b = SigningKey::generate().unwrap();
        assert_ne!(a.kid(), b.kid());
    }

    #[test]
    fn loading_garbage_is_an_error_not_a_panic() {
        let err = SigningKey::from_pkcs8_pem(
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        )
        .unwrap_err();
        assert!(matches!(err, Error::InvalidKey { .. }), "{err}");
        assert!(SigningKey::from_pkcs8_pem("hello").is_err());
    }

    #[test]
    fn thumbprint_matches_rfc7638_example() {
        // RFC 7638 section 3.1: the example key and its thumbprint.
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        assert_eq!(
            thumbprint(n, "AQAB"),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
    }
}
