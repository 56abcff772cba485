//! Who may use gantry's inspector and the issuer's token endpoint: clients on this
//! machine (loopback), unless `gantry up --expose-gantry-endpoints`. They show requests
//! (with their decoded tokens) and mint tokens any API built on the issuer accepts.
//! Health, the issuer's discovery document and JWKS are public by nature and stay open.

use std::net::IpAddr;

use bytes::Bytes;
use http::{Response, StatusCode};
use serde_json::json;

use super::json_response;

/// The flag that serves them to every client.
pub(crate) const EXPOSE_FLAG: &str = "--expose-gantry-endpoints";

/// Whether `client` may use the loopback-only endpoints.
pub(super) fn allows(client: IpAddr, expose_gantry_endpoints: bool) -> bool {
    expose_gantry_endpoints || is_loopback(client)
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

    #[test]
    fn the_refusal_is_a_403_naming_the_flag() {
        let response = refusal(ip("10.0.0.1"), "/_gantry/api/requests");
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let body = String::from_utf8(response.body().to_vec()).unwrap();
        assert!(body.contains(EXPOSE_FLAG), "{body}");
        assert!(body.contains("10.0.0.1"), "{body}");
    }
}
