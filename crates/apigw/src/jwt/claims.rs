//! Claim checks after the signature (§2.2 step 4) and the rendering of claims
//! for the payload format 2.0 event (§2.6).

use serde_json::{Map, Value};

use super::config::JwtAuthorizerConfig;
use super::deny::{DenyReason, NOT_BEFORE_LEEWAY_SECONDS};

/// When a verified token stops (and started) being acceptable, for the token cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Validity {
    /// `exp`: acceptable while `now < expires_at`.
    pub(crate) expires_at: u64,
    /// `nbf`/`iat` with leeway: acceptable once `now >= not_before`.
    pub(crate) not_before: u64,
}

/// Checks `iss`, then `aud`/`client_id`, then `exp`, `nbf`, `iat`, in the documented order.
pub(crate) fn validate(
    claims: &Map<String, Value>,
    config: &JwtAuthorizerConfig,
    now: u64,
) -> Result<Validity, DenyReason> {
    check_issuer(claims, &config.issuer)?;
    check_audience(claims, &config.audiences)?;
    let expires_at = match time_claim(claims, "exp")? {
        Some(exp) if exp > now => exp,
        Some(exp) => return Err(DenyReason::Expired { exp, now }),
        None => return Err(DenyReason::MissingExpiry),
    };
    let mut not_before = 0;
    if let Some(nbf) = time_claim(claims, "nbf")? {
        if nbf > now.saturating_add(NOT_BEFORE_LEEWAY_SECONDS) {
            return Err(DenyReason::NotYetValid { nbf, now });
        }
        not_before = nbf.saturating_sub(NOT_BEFORE_LEEWAY_SECONDS);
    }
    if let Some(iat) = time_claim(claims, "iat")? {
        if iat > now.saturating_add(NOT_BEFORE_LEEWAY_SECONDS) {
            return Err(DenyReason::IssuedInFuture { iat, now });
        }
        not_before = not_before.max(iat.saturating_sub(NOT_BEFORE_LEEWAY_SECONDS));
    }
    Ok(Validity {
        expires_at,
        not_before,
    })
}

fn check_issuer(claims: &Map<String, Value>, expected: &str) -> Result<(), DenyReason> {
    match claims.get("iss") {
        Some(Value::String(iss)) if iss == expected => Ok(()),
        found => Err(DenyReason::IssuerMismatch {
            found: found.map(as_text),
            expected: expected.to_owned(),
        }),
    }
}

/// `aud` (string or array, any overlap) decides when present; `client_id` only when `aud`
/// is absent (§2.2).
fn check_audience(claims: &Map<String, Value>, expected: &[String]) -> Result<(), DenyReason> {
    let accepted = |value: &str| expected.iter().any(|a| a == value);
    match claims.get("aud") {
        Some(Value::Null) | None => {}
        Some(aud) => {
            let found = string_list(aud);
            if found.iter().any(|a| accepted(a)) {
                return Ok(());
            }
            return Err(DenyReason::AudienceMismatch {
                found,
                expected: expected.to_vec(),
            });
        }
    }
    match claims.get("client_id") {
        Some(Value::String(client_id)) if accepted(client_id) => Ok(()),
        Some(Value::Null) | None => Err(DenyReason::MissingAudience {
            expected: expected.to_vec(),
        }),
        Some(other) => Err(DenyReason::ClientIdMismatch {
            found: as_text(other),
            expected: expected.to_vec(),
        }),
    }
}

fn time_claim(claims: &Map<String, Value>, claim: &'static str) -> Result<Option<u64>, DenyReason> {
    let invalid = |value: &Value| DenyReason::InvalidTimeClaim {
        claim,
        value: value.to_string(),
    };
    match claims.get(claim) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(number)) => match (number.as_u64(), number.as_f64()) {
            (Some(seconds), _) => Ok(Some(seconds)),
            (None, Some(seconds)) if seconds.is_finite() && seconds >= 0.0 => {
                // Saturating float-to-int conversion; fractional seconds are dropped.
                Ok(Some(seconds as u64))
            }
            _ => Err(invalid(&Value::Number(number.clone()))),
        },
        Some(other) => Err(invalid(other)),
    }
}

/// The token's scopes: `scope` (OAuth's space-delimited string) or else `scp` (array or
/// string).
// Unconfirmed: when a token has both, `scope` is used (§2.2 names either).
pub(crate) fn scopes(claims: &Map<String, Value>) -> Vec<String> {
    let value = match claims.get("scope") {
        Some(Value::Null) | None => claims.get("scp"),
        found => found,
    };
    match value {
        Some(Value::String(text)) => text.split_whitespace().map(str::to_owned).collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// Claims as the 2.0 event carries them: every value a string (§2.6, observed).
///
/// Numbers and booleans are stringified, arrays rendered Go-style (`[admin poweruser]`),
/// top-level nulls omitted.
// Unconfirmed: nested objects render Go-style as `map[k:v]` with sorted keys and nulls
// inside arrays as `<nil>`, consistent with the Go-style arrays; `scope` stays in claims.
pub(crate) fn render(claims: &Map<String, Value>) -> Vec<(String, String)> {
    claims
        .iter()
        .filter(|(_, value)| !value.is_null())
        .map(|(name, value)| {
            let mut text = String::new();
            render_value(value, &mut text);
            (name.clone(), text)
        })
        .collect()
}

fn render_value(value: &Value, out: &mut String) {
    match value {
        Value::String(text) => out.push_str(text),
        Value::Number(number) => out.push_str(&number.to_string()),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Null => out.push_str("<nil>"),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(' ');
                }
                render_value(item, out);
            }
            out.push(']');
        }
        Value::Object(fields) => {
            let mut sorted: Vec<(&String, &Value)> = fields.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            out.push_str("map[");
            for (index, (name, item)) in sorted.into_iter().enumerate() {
                if index > 0 {
                    out.push(' ');
                }
                out.push_str(name);
                out.push(':');
                render_value(item, out);
            }
            out.push(']');
        }
    }
}

fn string_list(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().map(as_text).collect(),
        other => vec![as_text(other)],
    }
}

fn as_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
