//! Signing test requests with AWS's own signer (`aws-sigv4`), as an SDK would.

use std::time::SystemTime;

use apigw::iam::{LocalCredentials, SigningCredentials};
use test_support::sigv4::{Keys, Scope, signed_headers};

use super::bed::Unsigned;
use super::stack::REGION;

/// The keys the bed's gateway holds for its default identity.
pub(crate) fn local_credentials() -> LocalCredentials {
    LocalCredentials {
        access_key_id: "AKIAPIPELINEEXAMPLE0".to_owned(),
        secret_access_key: "pipelineSecretKeyEXAMPLEpipelineSecretK".to_owned(),
    }
}

/// A signer for [`super::request::Req::signed_with`]: SigV4 for `execute-api` in the
/// stack's region at `at`.
pub(crate) fn signer(
    credentials: SigningCredentials,
    at: SystemTime,
) -> impl FnOnce(&Unsigned<'_>) -> Vec<(String, String)> {
    move |request| {
        let Unsigned {
            method,
            uri,
            host,
            headers,
            body,
        } = *request;
        let mut all: Vec<(&str, &str)> = vec![("host", host)];
        all.extend(headers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        signed_headers(
            Keys {
                access_key_id: &credentials.access_key_id,
                secret_access_key: &credentials.secret_access_key,
                session_token: credentials.session_token.as_deref(),
            },
            Scope {
                region: REGION,
                service: "execute-api",
                at,
            },
            method,
            &format!("http://{host}{uri}"),
            &all,
            body,
        )
    }
}
