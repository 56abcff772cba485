//! Checking a SigV4 signature (§12.1, §12.2): the clock skew, then the signature
//! recomputed by AWS's own signer (`aws-sigv4`) from the request's signed headers, path,
//! query and body at the request's own `x-amz-date`, compared in constant time.
//!
//! Verifying is re-signing: `aws-sigv4` builds the canonical request from exactly the
//! headers handed to it (plus `host`, `x-amz-date` and, for temporary credentials,
//! `x-amz-security-token`), so the request's `SignedHeaders` choose what is passed.

use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    SessionTokenMode, SignableBody, SignableRequest, SigningSettings, sign,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use http::HeaderMap;
use subtle::ConstantTimeEq as _;
use time::{Duration, OffsetDateTime};

use super::credentials::SigningCredentials;
use super::deny::{IamDeny, MAX_CLOCK_SKEW_MINUTES};
use super::signature::{AMZ_DATE_FORMAT, SignatureClaim, X_AMZ_DATE, X_AMZ_SECURITY_TOKEN};

/// The service API Gateway signs as.
pub const EXECUTE_API_SERVICE: &str = "execute-api";

/// The request as it arrived, as much of it as a signature covers.
#[derive(Debug, Clone, Copy)]
pub struct SignedRequest<'a> {
    /// The method.
    pub method: &'a str,
    /// The path and query exactly as sent (still percent-encoded).
    pub path_and_query: &'a str,
    /// The `Host` header.
    pub host: &'a str,
    /// All headers.
    pub headers: &'a HeaderMap,
    /// The body.
    pub body: &'a [u8],
}

/// Refuses a signature made more than five minutes before or after `now` (§12.2).
pub fn check_clock_skew(signed_at: OffsetDateTime, now: SystemTime) -> Result<(), IamDeny> {
    let now = OffsetDateTime::from(now);
    let skew = Duration::minutes(MAX_CLOCK_SKEW_MINUTES);
    let render = |t: OffsetDateTime| t.format(AMZ_DATE_FORMAT).unwrap_or_default();
    if signed_at < now - skew {
        return Err(IamDeny::Expired {
            signed: render(signed_at),
            earliest: render(now - skew),
            now: render(now),
        });
    }
    if signed_at > now + skew {
        return Err(IamDeny::NotYetCurrent {
            signed: render(signed_at),
            latest: render(now + skew),
            now: render(now),
        });
    }
    Ok(())
}

/// Checks that `claim.signature` is the signature of `request` with `credentials`.
pub fn check_signature(
    request: &SignedRequest<'_>,
    claim: &SignatureClaim<'_>,
    credentials: &SigningCredentials,
) -> Result<(), IamDeny> {
    let expected = expected_signature(request, claim, credentials)
        .map_err(|reason| IamDeny::Uncheckable { reason })?;
    if bool::from(expected.as_bytes().ct_eq(claim.signature.as_bytes())) {
        Ok(())
    } else {
        Err(IamDeny::SignatureMismatch {
            access_key_id: claim.access_key_id.to_owned(),
            signed_headers: claim.signed_headers.join(";"),
        })
    }
}

/// The signature AWS's signer gives the request with the claim's time, scope and
/// signed headers.
pub fn expected_signature(
    request: &SignedRequest<'_>,
    claim: &SignatureClaim<'_>,
    credentials: &SigningCredentials,
) -> Result<String, String> {
    // The signer adds these itself, from the signing time and the credentials.
    let added_by_signer = |name: &str| name == X_AMZ_DATE || name == X_AMZ_SECURITY_TOKEN;
    let mut headers = Vec::with_capacity(claim.signed_headers.len());
    for name in claim.signed_headers.iter().filter(|n| !added_by_signer(n)) {
        for value in request.headers.get_all(*name) {
            let value = value
                .to_str()
                .map_err(|_| format!("signed header {name} is not visible ASCII"))?;
            headers.push((*name, value));
        }
    }
    if !claim.signed_headers.contains(&"host") {
        return Err("SignedHeaders does not include host, which SigV4 requires".to_owned());
    }
    let uri = format!("http://{}{}", request.host, request.path_and_query);
    let signable = SignableRequest::new(
        request.method,
        uri,
        headers.into_iter(),
        SignableBody::Bytes(request.body),
    )
    .map_err(|e| format!("the request cannot be signed: {e}"))?;

    let mut settings = SigningSettings::default();
    // The client's SignedHeaders decide; no header is excluded on top.
    settings.excluded_headers = None;
    if !claim.signed_headers.contains(&X_AMZ_SECURITY_TOKEN) {
        settings.session_token_mode = SessionTokenMode::Exclude;
    }
    let identity: Identity = Credentials::new(
        &credentials.access_key_id,
        &credentials.secret_access_key,
        credentials.session_token.clone(),
        None,
        "gantry",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(claim.region)
        .name(claim.service)
        .time(SystemTime::from(claim.signed_at))
        .settings(settings)
        .build()
        .map_err(|e| format!("signing parameters: {e}"))?
        .into();
    let output = sign(signable, &params).map_err(|e| format!("the signer failed: {e}"))?;
    Ok(output.signature().to_owned())
}

#[cfg(test)]
mod tests;
