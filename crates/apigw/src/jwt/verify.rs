//! Header checks, key choice and signature verification (§2.2 steps 2–3).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Validation, decode};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::deny::DenyReason;
use super::jwks::{IssuerKeySource, KeyLookup, VerificationKey, rsa_algorithm};

/// The JOSE header fields that matter; others are ignored unless `crit` names them.
#[derive(Debug, Deserialize)]
struct JoseHeader {
    alg: String,
    kid: Option<String>,
    /// Every other parameter, `crit` among them (kept as sent: `"crit": null` is
    /// malformed, not absent).
    #[serde(flatten)]
    other: Map<String, Value>,
}

/// Header parameters RFC 7515 §4.1 and RFC 7516 §4.1 define, which `crit` must not list.
const STANDARD_HEADER_PARAMETERS: [&str; 13] = [
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc", "zip",
];

/// Verifies the token's signature with the issuer's key and returns its claims.
pub(crate) async fn verify_signature(
    token: &str,
    keys: &IssuerKeySource,
) -> Result<Map<String, Value>, DenyReason> {
    let header = parse_header(token)?;
    // Before anything else is read from the token: an extension marked critical may change
    // what the rest means (and jsonwebtoken would refuse a malformed crit less clearly).
    check_critical(&header.other)?;
    let Some(algorithm) = rsa_algorithm(&header.alg) else {
        return Err(DenyReason::UnsupportedAlgorithm { alg: header.alg });
    };
    let Some(kid) = header.kid else {
        return Err(DenyReason::MissingKeyId);
    };
    let key = match keys.key(&kid).await {
        KeyLookup::Found(key) => key,
        KeyLookup::Unusable { reason } => return Err(DenyReason::UnusableKey { kid, reason }),
        KeyLookup::UnknownKid {
            known,
            jwks_uri,
            refresh_error,
        } => {
            return Err(DenyReason::UnknownKeyId {
                kid,
                known,
                jwks_uri,
                refresh_error: refresh_error.map(Box::new),
            });
        }
        KeyLookup::Unavailable(error) => {
            return Err(DenyReason::KeysUnavailable {
                issuer: keys.issuer().to_owned(),
                error: Box::new(error),
            });
        }
    };
    // The algorithm comes from the key when the JWK names one, never from the token alone.
    if let Some(key_algorithm) = key.algorithm
        && key_algorithm != algorithm
    {
        return Err(DenyReason::AlgorithmMismatch {
            kid,
            token_alg: header.alg,
            key_alg: format!("{key_algorithm:?}"),
        });
    }
    check_signature(token, &key, algorithm)
}

/// Refuses a token whose `crit` is present: gantry understands no JWS extension, so
/// whatever a well-formed `crit` lists is not understood (RFC 7515 §4.1.11).
// Unconfirmed: AWS does not document how API Gateway's JWT and Cognito authorizers treat
// `crit`; RFC 7515 §4.1.11 says such a JWS is invalid, so it is refused.
fn check_critical(header: &Map<String, Value>) -> Result<(), DenyReason> {
    let Some(crit) = header.get("crit") else {
        return Ok(());
    };
    let refused = |detail: String| Err(DenyReason::CriticalHeader { detail });
    let names: Option<Vec<&str>> = crit
        .as_array()
        .filter(|names| !names.is_empty())
        .and_then(|names| names.iter().map(Value::as_str).collect());
    let Some(names) = names else {
        return refused(format!(
            "is {crit}, not a non-empty array of header parameter names"
        ));
    };
    if let Some(standard) = names
        .iter()
        .find(|name| STANDARD_HEADER_PARAMETERS.contains(name))
    {
        return refused(format!(
            "lists {standard:?}, a standard header parameter, which crit must not list"
        ));
    }
    refused(format!(
        "names the extension{} {names:?}, which gantry does not understand",
        if names.len() == 1 { "" } else { "s" }
    ))
}

fn parse_header(token: &str) -> Result<JoseHeader, DenyReason> {
    let malformed = |detail: String| DenyReason::Malformed { detail };
    let parts = token.split('.').count();
    if parts != 3 {
        return Err(malformed(format!(
            "a JWT has three dot-separated parts, this has {parts}"
        )));
    }
    let encoded = token.split('.').next().unwrap_or_default();
    let json = URL_SAFE_NO_PAD
        .decode(encoded)
        .map_err(|e| malformed(format!("the header is not base64url: {e}")))?;
    serde_json::from_slice(&json).map_err(|e| {
        malformed(format!(
            "the header is not a JSON object with a string \"alg\": {e}"
        ))
    })
}

fn check_signature(
    token: &str,
    key: &VerificationKey,
    algorithm: jsonwebtoken::Algorithm,
) -> Result<Map<String, Value>, DenyReason> {
    // jsonwebtoken checks the signature only; claims are checked by `claims::validate`,
    // which can say which claim failed and with what value.
    let mut validation = Validation::new(algorithm);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    match decode::<Map<String, Value>>(token, &key.decoding_key, &validation) {
        Ok(data) => Ok(data.claims),
        Err(error) => Err(match error.kind() {
            ErrorKind::InvalidSignature => DenyReason::InvalidSignature {
                kid: key.kid.clone(),
            },
            ErrorKind::InvalidRsaKey(reason) => DenyReason::UnusableKey {
                kid: key.kid.clone(),
                reason: reason.clone(),
            },
            ErrorKind::Json(_) => DenyReason::Malformed {
                detail: "the payload is not a JSON object".to_owned(),
            },
            _ => DenyReason::Malformed {
                detail: error.to_string(),
            },
        }),
    }
}
