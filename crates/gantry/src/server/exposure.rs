//! Who may use gantry's inspector and the issuer's token endpoint: clients on this
//! machine (loopback), unless `gantry up --expose-gantry-endpoints`. They show requests
//! (with their decoded tokens) and mint tokens any API built on the issuer accepts.
//! Health, the issuer's discovery document and JWKS are public by nature and stay open.
//! When they are exposed, the token endpoint still asks callers from other machines for
//! the client credentials gantry generated ([`token_caller_authenticated`]), and a
//! non-loopback `--host` is announced with what it makes reachable ([`host_warning`]).

use std::net::{IpAddr, SocketAddr};

use bytes::Bytes;
use http::header::{HeaderValue, WWW_AUTHENTICATE};
use http::{Response, StatusCode};
use issuer::ClientCredentials;
use serde_json::json;

use super::json_response;

/// The flag that serves them to every client.
pub(crate) const EXPOSE_FLAG: &str = "--expose-gantry-endpoints";

/// Whether `client` may use the loopback-only endpoints.
pub(super) fn allows(client: IpAddr, expose_gantry_endpoints: bool) -> bool {
    expose_gantry_endpoints || is_loopback(client)
}

/// Whether a token request from `client` may be answered: loopback callers always,
/// others only with the generated client credentials (and only when exposed at all,
/// which [`allows`] decides first).
pub(super) fn token_caller_authenticated(
    client: IpAddr,
    credentials: Option<&ClientCredentials>,
    authorization: Option<&str>,
    content_type: &str,
    body: &[u8],
) -> bool {
    is_loopback(client)
        || credentials.is_some_and(|c| c.authenticates(authorization, content_type, body))
}

/// The 401 `invalid_client` (RFC 6749 section 5.2) with its Basic challenge.
pub(super) fn invalid_client() -> Response<Bytes> {
    let mut response = json_response(
        StatusCode::UNAUTHORIZED,
        &json!({"error": "invalid_client", "error_description": "callers from other machines must authenticate with the client id and secret `gantry up` printed (HTTP Basic, or client_id and client_secret fields)"}),
    );
    response.headers_mut().insert(
        WWW_AUTHENTICATE,
        HeaderValue::from_static(issuer::CLIENT_AUTH_CHALLENGE),
    );
    response
}

/// The warning for a listen address other machines can reach, naming what they reach;
/// `None` on a loopback address.
pub(crate) fn host_warning(address: SocketAddr, expose_gantry_endpoints: bool) -> Option<String> {
    if is_loopback(address.ip()) {
        return None;
    }
    let gantry_endpoints = if expose_gantry_endpoints {
        format!(
            "and, with {EXPOSE_FLAG}, the request inspector (/_gantry/) and the issuer's token endpoint \
             (callers from other machines must send the client credentials printed below)"
        )
    } else {
        format!(
            "the request inspector and the issuer's token endpoint stay on this machine only \
             (add {EXPOSE_FLAG} to serve them too)"
        )
    };
    Some(format!(
        "listening on {address}, which other machines can reach: the APIs, /_gantry/health, \
         the built-in issuer's discovery document and JWKS; {gantry_endpoints}. \
         Use --host 127.0.0.1 to serve this machine only"
    ))
}

/// 127.0.0.0/8, `::1`, and those as IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`, what
/// a dual-stack listener sees).
fn is_loopback(client: IpAddr) -> bool {
    match client {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map_or_else(|| v6.is_loopback(), |v4| v4.is_loopback()),
    }
}

/// The 403 a non-loopback client gets, naming the flag.
pub(super) fn refusal(client: IpAddr, path: &str) -> Response<Bytes> {
    json_response(
        StatusCode::FORBIDDEN,
        &json!({"message": format!(
            "{path} is served only to clients on this machine (loopback), and {client} is not one: \
             the request inspector and the issuer's token endpoint show requests and mint tokens. \
             Start `gantry up {EXPOSE_FLAG}` to serve them to other clients too"
        )}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn loopback_clients_are_allowed_without_the_flag() {
        for client in ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"] {
            assert!(allows(ip(client), false), "{client}");
        }
    }

    #[test]
    fn other_clients_are_refused_without_the_flag_and_allowed_with_it() {
        for client in [
            "192.168.1.20",
            "10.0.0.1",
            "::ffff:10.0.0.1",
            "fe80::1",
            "0.0.0.0",
        ] {
            assert!(!allows(ip(client), false), "{client}");
            assert!(allows(ip(client), true), "{client}");
        }
    }

    fn credentials() -> ClientCredentials {
        ClientCredentials {
            client_id: "id".to_owned(),
            client_secret: "secret".to_owned(),
        }
    }

    const FORM: &str = "application/x-www-form-urlencoded";

    #[test]
    fn loopback_token_callers_need_no_credentials() {
        for client in ["127.0.0.1", "::1", "::ffff:127.0.0.1"] {
            assert!(token_caller_authenticated(
                ip(client),
                Some(&credentials()),
                None,
                FORM,
                b""
            ));
            assert!(token_caller_authenticated(
                ip(client),
                None,
                None,
                FORM,
                b""
            ));
        }
    }

    #[test]
    fn other_token_callers_need_the_credentials() {
        let client = ip("192.168.1.20");
        let form = b"client_id=id&client_secret=secret";
        assert!(token_caller_authenticated(
            client,
            Some(&credentials()),
            None,
            FORM,
            form
        ));
        assert!(!token_caller_authenticated(
            client,
            Some(&credentials()),
            None,
            FORM,
            b""
        ));
        let wrong = b"client_id=id&client_secret=guess";
        assert!(!token_caller_authenticated(
            client,
            Some(&credentials()),
            None,
            FORM,
            wrong
        ));
        assert!(!token_caller_authenticated(client, None, None, FORM, form));
    }

    #[test]
    fn invalid_client_is_a_401_with_a_basic_challenge() {
        let response = invalid_client();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(
            response.headers()[WWW_AUTHENTICATE]
                .to_str()
                .unwrap()
                .starts_with("Basic")
        );
        let body = String::from_utf8(response.body().to_vec()).unwrap();
        assert!(body.contains(r#""error":"invalid_client""#), "{body}");
    }

    #[test]
    fn only_a_non_loopback_host_is_warned_about() {
        assert_eq!(host_warning("127.0.0.1:3000".parse().unwrap(), false), None);
        let warning = host_warning("0.0.0.0:3000".parse().unwrap(), false).unwrap();
        assert!(
            warning.contains("0.0.0.0:3000") && warning.contains("the APIs"),
            "{warning}"
        );
        assert!(warning.contains("stay on this machine only"), "{warning}");
        let exposed = host_warning("[::]:3000".parse().unwrap(), true).unwrap();
        assert!(exposed.contains("token endpoint (callers"), "{exposed}");
    }

    #[test]
    fn the_refusal_is_a_403_naming_the_flag() {
        let response = refusal(ip("10.0.0.1"), "/_gantry/api/requests");
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let body = String::from_utf8(response.body().to_vec()).unwrap();
        assert!(body.contains(EXPOSE_FLAG), "{body}");
        assert!(body.contains("10.0.0.1"), "{body}");
    }
}
