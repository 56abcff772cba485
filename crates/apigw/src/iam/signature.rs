//! Reading a SigV4 signature off a request (§12.1): the `Authorization` header
//! `AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request,
//! SignedHeaders=a;b, Signature=hex`, the `x-amz-date` it was signed at and the
//! `x-amz-security-token` temporary credentials carry.

use http::HeaderMap;
use http::header::AUTHORIZATION;
use time::format_description::FormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

use super::deny::IamDeny;

/// The only algorithm HTTP APIs accept (SigV4; SigV4a is for multi-region endpoints).
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// The signing time header.
pub const X_AMZ_DATE: &str = "x-amz-date";
/// The session token header of temporary credentials.
pub const X_AMZ_SECURITY_TOKEN: &str = "x-amz-security-token";
/// The query parameter that marks a presigned URL.
const X_AMZ_SIGNATURE_PARAM: &str = "X-Amz-Signature";
/// The credential scope's terminator.
const SCOPE_TERMINATOR: &str = "aws4_request";

/// ISO 8601 basic format, as in `x-amz-date: 20150830T123600Z`.
pub(crate) const AMZ_DATE_FORMAT: &[FormatItem<'static>] =
    format_description!("[year][month][day]T[hour][minute][second]Z");

/// A signature as the client presented it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureClaim<'a> {
    /// `Credential`'s access key id.
    pub access_key_id: &'a str,
    /// `Credential`'s date (`YYYYMMDD`).
    pub scope_date: &'a str,
    /// `Credential`'s region.
    pub region: &'a str,
    /// `Credential`'s service.
    pub service: &'a str,
    /// `SignedHeaders`, lower case as sent.
    pub signed_headers: Vec<&'a str>,
    /// `Signature`, hex.
    pub signature: &'a str,
    /// `x-amz-date` as sent.
    pub amz_date: &'a str,
    /// `x-amz-date` parsed.
    pub signed_at: OffsetDateTime,
    /// `x-amz-security-token`, when sent.
    pub security_token: Option<&'a str>,
}

/// Reads the signature, `Ok(None)` when the request carries none.
pub fn read_signature<'a>(
    headers: &'a HeaderMap,
    raw_query: &str,
) -> Result<Option<SignatureClaim<'a>>, IamDeny> {
    let Some(authorization) = headers.get(AUTHORIZATION) else {
        if form_urlencoded::parse(raw_query.as_bytes()).any(|(k, _)| k == X_AMZ_SIGNATURE_PARAM) {
            return Err(IamDeny::PresignedUrl);
        }
        return Ok(None);
    };
    let authorization = authorization.to_str().map_err(|_| IamDeny::Incomplete {
        missing: vec![
            Requirement::Credential,
            Requirement::Signature,
            Requirement::SignedHeaders,
        ],
        authorization: String::from_utf8_lossy(authorization.as_bytes()).into_owned(),
    })?;
    let incomplete = |missing: Vec<Requirement>| IamDeny::Incomplete {
        missing,
        authorization: authorization.to_owned(),
    };
    let Some(parameters) = authorization
        .strip_prefix(ALGORITHM)
        .filter(|rest| rest.starts_with(' '))
    else {
        return Err(incomplete(vec![
            Requirement::Credential,
            Requirement::Signature,
            Requirement::SignedHeaders,
        ]));
    };
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for parameter in parameters.split(',').map(str::trim) {
        match parameter.split_once('=') {
            Some(("Credential", value)) => credential = Some(value),
            Some(("SignedHeaders", value)) => signed_headers = Some(value),
            Some(("Signature", value)) => signature = Some(value),
            _ => {}
        }
    }
    // Deviation from AWS: only X-Amz-Date carries the signing time; a request dated by
    // the Date header alone is refused as incomplete.
    let amz_date = headers.get(X_AMZ_DATE).and_then(|v| v.to_str().ok());
    let missing: Vec<Requirement> = [
        (credential.is_none(), Requirement::Credential),
        (signature.is_none(), Requirement::Signature),
        (signed_headers.is_none(), Requirement::SignedHeaders),
        (amz_date.is_none(), Requirement::Date),
    ]
    .into_iter()
    .filter_map(|(absent, requirement)| absent.then_some(requirement))
    .collect();
    let (Some(credential), Some(signed_headers), Some(signature), Some(amz_date)) =
        (credential, signed_headers, signature, amz_date)
    else {
        return Err(incomplete(missing));
    };
    let scope: Vec<&str> = credential.split('/').collect();
    let [access_key_id, scope_date, region, service, terminator] = scope.as_slice() else {
        return Err(IamDeny::MalformedCredential {
            credential: credential.to_owned(),
        });
    };
    if *terminator != SCOPE_TERMINATOR {
        return Err(IamDeny::WrongTerminator {
            terminator: (*terminator).to_owned(),
        });
    }
    let signed_at = PrimitiveDateTime::parse(amz_date, AMZ_DATE_FORMAT)
        .map_err(|_| IamDeny::MalformedDate {
            value: amz_date.to_owned(),
        })?
        .assume_utc();
    if amz_date.get(..8) != Some(*scope_date) {
        return Err(IamDeny::ScopeDateMismatch {
            scope_date: (*scope_date).to_owned(),
            amz_date: amz_date.to_owned(),
        });
    }
    Ok(Some(SignatureClaim {
        access_key_id,
        scope_date,
        region,
        service,
        signed_headers: signed_headers.split(';').collect(),
        signature,
        amz_date,
        signed_at,
        security_token: headers
            .get(X_AMZ_SECURITY_TOKEN)
            .and_then(|v| v.to_str().ok()),
    }))
}

/// What an incomplete `Authorization` header lacks, in AWS's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// `Credential=`.
    Credential,
    /// `Signature=`.
    Signature,
    /// `SignedHeaders=`.
    SignedHeaders,
    /// The signing time.
    Date,
}

impl Requirement {
    /// AWS's sentence for it.
    pub fn sentence(self) -> &'static str {
        match self {
            Self::Credential => "Authorization header requires 'Credential' parameter.",
            Self::Signature => "Authorization header requires 'Signature' parameter.",
            Self::SignedHeaders => "Authorization header requires 'SignedHeaders' parameter.",
            Self::Date => {
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
            }
        }
    }
}
