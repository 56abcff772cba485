//! Signing test requests with AWS's own signer (`aws-sigv4`), as an SDK would.

use std::time::SystemTime;

use apigw::iam::{LocalCredentials, SigningCredentials};
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;

use super::bed::Unsigned;
use super::stack::REGION;

/// The keys the bed's gateway holds for its default identity.
pub(crate) fn local_credentials() -> LocalCredentials {
    LocalCredentials {
        access_key_id: "AKIAPIPELINEEXAMPLE0".to_owned(),
        secret_access_key: "pipelineSecretKeyEXAMPLEpipelineSecretK".to_owned(),
    }
}

/// A signer for [`super::bed::Req::signed_with`]: SigV4 for `execute-api` in the
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
        let identity: Identity = Credentials::new(
            &credentials.access_key_id,
            &credentials.secret_access_key,
            credentials.session_token.clone(),
            None,
            "pipeline",
        )
        .into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(REGION)
            .name("execute-api")
            .time(at)
            .settings(SigningSettings::default())
            .build()
            .unwrap()
            .into();
        let mut all: Vec<(&str, &str)> = vec![("host", host)];
        all.extend(headers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let signable = SignableRequest::new(
            method,
            format!("http://{host}{uri}"),
            all.into_iter(),
            SignableBody::Bytes(body),
        )
        .unwrap();
        let (instructions, _) = sign(signable, &params).unwrap().into_parts();
        instructions
            .headers()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }
}
