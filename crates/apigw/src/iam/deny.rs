//! Why an `AWS_IAM` route refused a request: AWS's message for the client (§12.3) and
//! the explanation, with the fix, for gantry's log line.

use super::signature::Requirement;

/// The signature check's allowed clock skew, either way (§12.2).
pub const MAX_CLOCK_SKEW_MINUTES: i64 = 5;

/// AWS's body text for an unrecognized access key or session token (§12.3).
pub const INVALID_TOKEN_MESSAGE: &str = "The security token included in the request is invalid.";
/// AWS's body text for a signature that does not match (§12.3).
pub const SIGNATURE_MISMATCH_MESSAGE: &str = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
/// `x-amzn-ErrorType` of signature errors.
pub const INVALID_SIGNATURE_EXCEPTION: &str = "InvalidSignatureException";
/// `x-amzn-ErrorType` of an incomplete `Authorization` header.
pub const INCOMPLETE_SIGNATURE_EXCEPTION: &str = "IncompleteSignatureException";
/// `x-amzn-ErrorType` of an unknown access key or token.
pub const UNRECOGNIZED_CLIENT_EXCEPTION: &str = "UnrecognizedClientException";

/// The refusal; every one is a 403.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IamDeny {
    /// No `Authorization` header.
    #[error(
        "the route uses AWS_IAM authorization and the request is not signed; sign it with SigV4 for service execute-api in region {region} with the keys `gantry credentials` prints (e.g. awscurl --service execute-api --region {region} URL)"
    )]
    Unsigned {
        /// The API's region.
        region: String,
    },
    /// A presigned URL (`X-Amz-Signature` in the query).
    // Deviation from AWS: presigned (query-string) SigV4 is not checked; such requests
    // are refused, never let through.
    #[error(
        "the request is signed in its query string (a presigned URL), which gantry does not check; sign with the Authorization header instead"
    )]
    PresignedUrl,
    /// `Authorization` lacks parts of a SigV4 signature.
    #[error(
        "the Authorization header is not a complete SigV4 signature ({}); send `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` and x-amz-date",
        missing_list(.missing)
    )]
    Incomplete {
        /// What it lacks.
        missing: Vec<Requirement>,
        /// The header as sent.
        authorization: String,
    },
    /// `Credential` is not `AKID/DATE/REGION/SERVICE/aws4_request`.
    #[error("Credential {credential:?} is not ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request")]
    MalformedCredential {
        /// `Credential` as sent.
        credential: String,
    },
    /// The scope does not end in `aws4_request`.
    #[error("the credential scope ends in {terminator:?}, not aws4_request")]
    WrongTerminator {
        /// What it ends in.
        terminator: String,
    },
    /// `x-amz-date` is not ISO 8601 basic format.
    #[error("x-amz-date {value:?} is not in ISO 8601 basic format (20150830T123600Z)")]
    MalformedDate {
        /// The value sent.
        value: String,
    },
    /// The scope's date is not `x-amz-date`'s.
    #[error("the credential scope's date {scope_date} is not the date of x-amz-date {amz_date}")]
    ScopeDateMismatch {
        /// The scope's date.
        scope_date: String,
        /// `x-amz-date`.
        amz_date: String,
    },
    /// The scope names another region.
    #[error(
        "the request is signed for region {signed}, but the API is in {expected}; sign for {expected} (AWS_REGION={expected})"
    )]
    WrongRegion {
        /// The scope's region.
        signed: String,
        /// The API's region.
        expected: String,
    },
    /// The scope names another service.
    #[error("the request is signed for service {signed}; sign it for service execute-api")]
    WrongService {
        /// The scope's service.
        signed: String,
    },
    /// Signed more than five minutes ago.
    #[error(
        "the signature is from {signed}, more than {MAX_CLOCK_SKEW_MINUTES} minutes before this machine's time {now}; sign again (or fix the signer's clock)"
    )]
    Expired {
        /// `x-amz-date`.
        signed: String,
        /// Now minus the skew.
        earliest: String,
        /// Now.
        now: String,
    },
    /// Signed more than five minutes in the future.
    #[error(
        "the signature is from {signed}, more than {MAX_CLOCK_SKEW_MINUTES} minutes after this machine's time {now}; fix the signer's clock"
    )]
    NotYetCurrent {
        /// `x-amz-date`.
        signed: String,
        /// Now plus the skew.
        latest: String,
        /// Now.
        now: String,
    },
    /// The access key is not one gantry issued.
    #[error(
        "access key {access_key_id} is not one of gantry's local credentials; sign with the keys `gantry credentials` prints (or `gantry credentials --role ROLE` for a role of the stack)"
    )]
    UnknownAccessKey {
        /// The access key id.
        access_key_id: String,
    },
    /// Temporary credentials without (or with another) session token.
    #[error(
        "access key {access_key_id} is temporary and the request {}; send the AWS_SESSION_TOKEN `gantry credentials --role` printed as x-amz-security-token",
        if *.sent { "carries another session token" } else { "carries no x-amz-security-token" }
    )]
    SecurityToken {
        /// The access key id.
        access_key_id: String,
        /// Whether a token was sent.
        sent: bool,
    },
    /// The signature is not the one the request and the secret give.
    #[error(
        "the signature does not match the request signed with the secret of {access_key_id} (signed headers: {signed_headers}); the secret, or a signed header, the path, query or body differ from what was signed"
    )]
    SignatureMismatch {
        /// The access key id.
        access_key_id: String,
        /// `SignedHeaders`.
        signed_headers: String,
    },
    /// The signature could not be recomputed (e.g. a signed header is not valid text).
    #[error("the signature cannot be checked: {reason}")]
    Uncheckable {
        /// Why.
        reason: String,
    },
    /// The caller's policies do not allow `execute-api:Invoke` on the route.
    #[error("{principal} may not call execute-api:Invoke on {route_arn}{findings}\nFix: {fix}")]
    NotAuthorized {
        /// The caller's ARN.
        principal: String,
        /// The resource checked.
        route_arn: String,
        /// Why each statement did not apply, as lines.
        findings: String,
        /// What to add.
        fix: String,
    },
    /// gantry holds no local credentials to check the signature with.
    #[error(
        "gantry holds no local credentials, so no signature can be checked; run the API with `gantry up`, which creates them"
    )]
    NoLocalCredentials,
}

fn missing_list(missing: &[Requirement]) -> String {
    missing
        .iter()
        .map(|r| r.sentence())
        .collect::<Vec<_>>()
        .join(" ")
}

impl IamDeny {
    /// The `message` of AWS's JSON body.
    pub fn message(&self) -> String {
        match self {
            // Unconfirmed: HTTP APIs answer an unsigned request and a caller without
            // execute-api:Invoke with {"message":"Forbidden"} (§12.3, Appendix A).
            Self::Unsigned { .. }
            | Self::PresignedUrl
            | Self::NotAuthorized { .. }
            | Self::NoLocalCredentials => "Forbidden".to_owned(),
            Self::Incomplete {
                missing,
                authorization,
            } => format!("{} Authorization={authorization}", missing_list(missing)),
            Self::MalformedCredential { credential } => format!(
                "Authorization header requires a valid 'Credential' parameter, not '{credential}'."
            ),
            Self::WrongTerminator { terminator } => format!(
                "Credential should be scoped with a valid terminator: 'aws4_request', not '{terminator}'. "
            ),
            Self::MalformedDate { value } => format!(
                "Date must be in ISO-8601 'basic format'. Got '{value}'. See http://en.wikipedia.org/wiki/ISO_8601"
            ),
            Self::ScopeDateMismatch {
                scope_date,
                amz_date,
            } => format!(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scope_date}' != '{}', from '{amz_date}'.",
                amz_date.get(..8).unwrap_or(amz_date)
            ),
            Self::WrongRegion { signed, .. } => {
                format!("Credential should be scoped to a valid region, not '{signed}'. ")
            }
            Self::WrongService { .. } => {
                "Credential should be scoped to correct service: 'execute-api'. ".to_owned()
            }
            Self::Expired {
                signed,
                earliest,
                now,
            } => format!(
                "Signature expired: {signed} is now earlier than {earliest} ({now} - {MAX_CLOCK_SKEW_MINUTES} min.)"
            ),
            Self::NotYetCurrent {
                signed,
                latest,
                now,
            } => format!(
                "Signature not yet current: {signed} is still later than {latest} ({now} + {MAX_CLOCK_SKEW_MINUTES} min.)"
            ),
            Self::UnknownAccessKey { .. } | Self::SecurityToken { .. } => {
                INVALID_TOKEN_MESSAGE.to_owned()
            }
            // Unconfirmed: REST APIs add the canonical request and string to sign they
            // expected; gantry sends the short message and logs what was checked.
            Self::SignatureMismatch { .. } | Self::Uncheckable { .. } => {
                SIGNATURE_MISMATCH_MESSAGE.to_owned()
            }
        }
    }

    /// The `x-amzn-ErrorType` header AWS sends with it, if any.
    // Unconfirmed: observed on REST APIs and AWS service endpoints (§12.3); assumed the
    // same for HTTP APIs.
    pub fn error_type(&self) -> Option<&'static str> {
        match self {
            Self::Unsigned { .. }
            | Self::PresignedUrl
            | Self::NotAuthorized { .. }
            | Self::NoLocalCredentials => None,
            Self::Incomplete { .. } | Self::MalformedCredential { .. } => {
                Some(INCOMPLETE_SIGNATURE_EXCEPTION)
            }
            Self::UnknownAccessKey { .. } | Self::SecurityToken { .. } => {
                Some(UNRECOGNIZED_CLIENT_EXCEPTION)
            }
            Self::WrongTerminator { .. }
            | Self::MalformedDate { .. }
            | Self::ScopeDateMismatch { .. }
            | Self::WrongRegion { .. }
            | Self::WrongService { .. }
            | Self::Expired { .. }
            | Self::NotYetCurrent { .. }
            | Self::SignatureMismatch { .. }
            | Self::Uncheckable { .. } => Some(INVALID_SIGNATURE_EXCEPTION),
        }
    }
}
