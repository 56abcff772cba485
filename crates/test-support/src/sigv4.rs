//! Signing test requests with AWS's own signer (`aws-sigv4`), as an SDK or the AWS CLI
//! would, so tests of gantry's SigV4 check use a real signature.

use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;

/// The credentials a request is signed with.
#[derive(Clone, Copy, Debug)]
pub struct Keys<'a> {
    /// `AKIA...` or `ASIA...`.
    pub access_key_id: &'a str,
    /// The secret.
    pub secret_access_key: &'a str,
    /// The session token of temporary credentials.
    pub session_token: Option<&'a str>,
}

/// Where and when a request is signed: SigV4 for `service` in `region` at `at`.
#[derive(Clone, Copy, Debug)]
pub struct Scope<'a> {
    /// The region (`us-east-1`).
    pub region: &'a str,
    /// The signing name (`execute-api`).
    pub service: &'a str,
    /// The signing time.
    pub at: SystemTime,
}

/// The headers `aws-sigv4` adds to a request (`authorization`, `x-amz-date`, ...): the
/// request is `method` on `url` with `headers` (include `host`) and `body`.
pub fn signed_headers(
    keys: Keys<'_>,
    scope: Scope<'_>,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Vec<(String, String)> {
    let identity: Identity = Credentials::new(
        keys.access_key_id,
        keys.secret_access_key,
        keys.session_token.map(str::to_owned),
        None,
        "test-support",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(scope.region)
        .name(scope.service)
        .time(scope.at)
        .settings(SigningSettings::default())
        .build()
        .expect("complete signing parameters")
        .into();
    let signable = SignableRequest::new(
        method,
        url,
        headers.iter().copied(),
        SignableBody::Bytes(body),
    )
    .expect("a signable request");
    let (instructions, _) = sign(signable, &params).expect("a signature").into_parts();
    instructions
        .headers()
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect()
}
