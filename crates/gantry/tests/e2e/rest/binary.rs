//! Binary media types (`BinaryMediaTypes: ['image~1png']`, `fixtures/rest/binary`): a
//! function's base64 body with `isBase64Encoded` is decoded only when the first `Accept`
//! type is a binary media type (aws-rest-api.md §3.3); a binary request body reaches the
//! function base64-encoded (aws-rest-api.md §2.6).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use reqwest::Method;

use super::Served;

/// The bytes the function encodes (`fixtures/rest/binary/image/app.py`).
const PNG: [u8; 16] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
];

#[test]
fn binary_bodies_are_decoded_by_accept_and_encoded_into_the_event() {
    let served = Served::start("binary");
    let encoded = STANDARD.encode(PNG);

    // Accept: image/png (also first of several): the raw bytes.
    for accept in ["image/png", "image/png,image/*"] {
        let reply = served.get("/Prod/image", &[("Accept", accept)]);
        assert_eq!(reply.status, 200, "{}", reply.log);
        assert_eq!(reply.body, PNG, "Accept: {accept}");
        assert_eq!(reply.header("content-type"), Some("image/png"));
    }
    // Any other first type: the base64 text as the function returned it.
    for accept in ["*/*", "image/*", "image/webp,image/png,*/*;q=0.8"] {
        let reply = served.get("/Prod/image", &[("Accept", accept)]);
        assert_eq!(reply.status, 200, "{}", reply.log);
        assert_eq!(reply.text(), encoded, "Accept: {accept}");
    }

    // A request body of a binary media type arrives base64-encoded.
    let reply = served.send(Method::POST, "/Prod/upload", |r| {
        r.header("Content-Type", "image/png").body(PNG.to_vec())
    });
    assert_eq!(reply.status, 200, "{}\n{}", reply.text(), reply.log);
    let seen = reply.json();
    assert_eq!(seen["isBase64Encoded"], true, "{seen}");
    assert_eq!(seen["body"], encoded.as_str(), "{seen}");

    // Text of another type does not.
    let reply = served.send(Method::POST, "/Prod/upload", |r| {
        r.header("Content-Type", "text/plain").body("plain words")
    });
    let seen = reply.json();
    assert_eq!(seen["isBase64Encoded"], false, "{seen}");
    assert_eq!(seen["body"], "plain words", "{seen}");
}
