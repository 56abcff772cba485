//! HTTP fetches of the discovery document and the JWKS, bounded in time and size.

use http::header::ACCEPT;
use serde_json::Value;

use super::{JwksSettings, KeyFetchError, KeySet};

/// The OIDC discovery path appended to the issuer URL (§2.5).
pub(crate) const DISCOVERY_PATH: &str = "/.well-known/openid-configuration";
const JSON_MEDIA_TYPE: &str = "application/json";
const JWKS_URI_FIELD: &str = "jwks_uri";

/// Discovery, then the JWKS it names.
// Deviation from AWS: plain `http://` issuers are allowed so local issuers work; AWS
// requires public HTTPS endpoints.
pub(crate) async fn key_set(
    client: &reqwest::Client,
    settings: &JwksSettings,
    issuer: &str,
) -> Result<KeySet, KeyFetchError> {
    let discovery_url = discovery_url(issuer);
    let discovery = get_json(client, settings, &discovery_url).await?;
    let Some(jwks_uri) = discovery.get(JWKS_URI_FIELD).and_then(Value::as_str) else {
        return Err(KeyFetchError::NoJwksUri { url: discovery_url });
    };
    let jwks = get_json(client, settings, jwks_uri).await?;
    KeySet::parse(jwks_uri, &jwks)
}

/// `{issuer}/.well-known/openid-configuration`, without doubling a trailing slash
/// (Auth0 issuers end with `/`).
pub(crate) fn discovery_url(issuer: &str) -> String {
    format!("{}{DISCOVERY_PATH}", issuer.trim_end_matches('/'))
}

async fn get_json(
    client: &reqwest::Client,
    settings: &JwksSettings,
    url: &str,
) -> Result<Value, KeyFetchError> {
    let body = tokio::time::timeout(settings.fetch_timeout, get_bounded(client, settings, url))
        .await
        .map_err(|_| KeyFetchError::Timeout {
            url: url.to_owned(),
            limit_ms: settings.fetch_timeout.as_millis(),
        })??;
    serde_json::from_slice(&body).map_err(|e| KeyFetchError::InvalidJson {
        url: url.to_owned(),
        detail: e.to_string(),
    })
}

async fn get_bounded(
    client: &reqwest::Client,
    settings: &JwksSettings,
    url: &str,
) -> Result<Vec<u8>, KeyFetchError> {
    let request_error = |e: reqwest::Error| KeyFetchError::Request {
        url: url.to_owned(),
        detail: error_chain(&e),
    };
    let too_large = || KeyFetchError::TooLarge {
        url: url.to_owned(),
        limit: settings.max_document_bytes,
    };
    let mut response = client
        .get(url)
        .header(ACCEPT, JSON_MEDIA_TYPE)
        .send()
        .await
        .map_err(request_error)?;
    if !response.status().is_success() {
        return Err(KeyFetchError::Status {
            url: url.to_owned(),
            status: response.status().as_u16(),
        });
    }
    let limit = settings.max_document_bytes;
    if response
        .content_length()
        .is_some_and(|len| len > limit as u64)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(request_error)? {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// reqwest's top-level message is generic ("error sending request"); the cause says why.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_url_does_not_double_the_slash() {
        assert_eq!(
            discovery_url("https://tenant.auth0.com/"),
            "https://tenant.auth0.com/.well-known/openid-configuration"
        );
        assert_eq!(
            discovery_url("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc"),
            "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc/.well-known/openid-configuration"
        );
    }
}
