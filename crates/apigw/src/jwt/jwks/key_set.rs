//! A JWKS parsed into verification keys, by `kid`.
//!
//! Each key is judged on its own, so one unsupported key (an EC key, an encryption key)
//! does not make the issuer's other keys unusable.

use std::collections::HashMap;
use std::sync::Arc;

use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::Value;

use super::KeyFetchError;

/// An RSA public key from the issuer's JWKS.
#[derive(Debug)]
pub(crate) struct VerificationKey {
    pub(crate) kid: String,
    pub(crate) decoding_key: DecodingKey,
    /// The JWK's `alg`, when it names one; the token's `alg` must then equal it.
    pub(crate) algorithm: Option<Algorithm>,
}

/// The issuer's keys by `kid`; unusable keys keep the reason for explanations.
#[derive(Debug)]
pub(crate) struct KeySet {
    jwks_uri: String,
    keys: HashMap<String, Result<Arc<VerificationKey>, String>>,
}

impl KeySet {
    pub(crate) fn parse(jwks_uri: &str, jwks: &Value) -> Result<Self, KeyFetchError> {
        let Some(entries) = jwks.get("keys").and_then(Value::as_array) else {
            return Err(KeyFetchError::NoKeys {
                url: jwks_uri.to_owned(),
            });
        };
        let mut keys = HashMap::new();
        for jwk in entries {
            // A key without a kid can never be chosen: API Gateway selects by kid.
            let Some(kid) = jwk.get("kid").and_then(Value::as_str) else {
                continue;
            };
            keys.entry(kid.to_owned())
                .or_insert_with(|| parse_key(kid, jwk).map(Arc::new));
        }
        Ok(Self {
            jwks_uri: jwks_uri.to_owned(),
            keys,
        })
    }

    pub(crate) fn contains(&self, kid: &str) -> bool {
        self.keys.contains_key(kid)
    }

    pub(crate) fn get(&self, kid: &str) -> Option<&Result<Arc<VerificationKey>, String>> {
        self.keys.get(kid)
    }

    pub(crate) fn kids(&self) -> Vec<String> {
        let mut kids: Vec<String> = self.keys.keys().cloned().collect();
        kids.sort();
        kids
    }

    pub(crate) fn jwks_uri(&self) -> &str {
        &self.jwks_uri
    }
}

fn parse_key(kid: &str, jwk: &Value) -> Result<VerificationKey, String> {
    let field = |name: &str| jwk.get(name).and_then(Value::as_str);
    match field("kty") {
        Some("RSA") => {}
        Some(other) => {
            return Err(format!(
                "its kty is {other:?}; API Gateway verifies only RSA keys"
            ));
        }
        None => return Err("it has no \"kty\"".to_owned()),
    }
    if let Some(usage) = field("use")
        && usage != "sig"
    {
        return Err(format!("its use is {usage:?}, not \"sig\""));
    }
    let algorithm = match field("alg") {
        None => None,
        Some(alg) => Some(rsa_algorithm(alg).ok_or_else(|| {
            format!("its alg is {alg:?}; API Gateway accepts only RS256, RS384 and RS512")
        })?),
    };
    let (Some(n), Some(e)) = (field("n"), field("e")) else {
        return Err("it lacks the RSA modulus \"n\" or exponent \"e\"".to_owned());
    };
    let decoding_key = DecodingKey::from_rsa_components(n, e)
        .map_err(|error| format!("its RSA components do not decode: {error}"))?;
    Ok(VerificationKey {
        kid: kid.to_owned(),
        decoding_key,
        algorithm,
    })
}

/// The RSA PKCS#1 v1.5 algorithms API Gateway verifies (§2.2).
// Unconfirmed: whether RSASSA-PSS (PS256/384/512) counts as "RSA-based" for AWS is not
// published; we refuse it, so a setup that works here cannot fail on AWS for this reason.
pub(crate) fn rsa_algorithm(alg: &str) -> Option<Algorithm> {
    match alg {
        "RS256" => Some(Algorithm::RS256),
        "RS384" => Some(Algorithm::RS384),
        "RS512" => Some(Algorithm::RS512),
        _ => None,
    }
}
