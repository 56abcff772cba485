use http::StatusCode;

use super::*;
use crate::rest::error::{ErrorBody, INTERNAL_SERVER_ERROR_BODY};

fn map(output: &str) -> Result<MappedResponse, MalformedProxyResponse> {
    map_proxy_response(output.as_bytes(), None, &BinaryMediaTypes::default())
}

fn header<'r>(response: &'r MappedResponse, name: &str) -> Vec<&'r str> {
    response
        .headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().expect("text"))
        .collect()
}

#[test]
fn the_section_3_1_truth_table() {
    let ok = map(r#"{"statusCode":200}"#).expect("valid");
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.body, Bytes::new());
    assert_eq!(header(&ok, "content-type"), ["application/json"]);

    let booleans =
        map(r#"{"statusCode":200,"headers":{"test-header":"value","header-bool":true}}"#)
            .expect("valid");
    assert_eq!(header(&booleans, "header-bool"), ["true"]);
    assert_eq!(header(&booleans, "test-header"), ["value"]);

    assert!(map(r#"{"statusCode":200,"headers":null}"#).is_ok());
    assert_eq!(
        map(r#"{"headers":{"a":"b"}}"#).expect("valid").status,
        StatusCode::OK
    );
    assert_eq!(
        map(r#"{"statusCode":"201"}"#).expect("valid").status,
        StatusCode::CREATED
    );

    for (output, key) in [
        (r#"{"statusCode":"test"}"#, "`statusCode` is \"test\""),
        (r#"{"statusCode":200,"wrongValue":"value"}"#, "`wrongValue`"),
        (r#""justAString""#, "`payload`"),
        (
            r#"{"statusCode":200,"multiValueHeaders":{"h":"v"}}"#,
            "`multiValueHeaders.h` is \"v\"",
        ),
        (
            r#"{"statusCode":200,"body":{"a":1}}"#,
            "`body` is {\"a\":1}",
        ),
        ("null", "`payload`"),
        ("not json", "`payload`"),
        (
            r#"{"statusCode":200,"base64Encoded":true}"#,
            "`base64Encoded`",
        ),
    ] {
        let problem = map(output).expect_err(output);
        assert!(!problem.configuration_error, "{output}");
        assert!(
            problem.explanation.contains(key),
            "{output}: {}",
            problem.explanation
        );
        let error = problem.to_rest_error();
        assert_eq!(error.status, StatusCode::BAD_GATEWAY);
        assert_eq!(error.body, ErrorBody::Raw(INTERNAL_SERVER_ERROR_BODY));
    }
}

#[test]
fn headers_and_multi_value_headers_merge_into_separate_lines() {
    let response = map(
        r#"{"multiValueHeaders":{"tesT-Multi":["value-multi"],"Set-Cookie":["a=1","b=2"]},
            "headers":{"test-multi":"value-solo","set-cookie":"a=1","Content-Type":"text/html"}}"#,
    )
    .expect("valid");
    assert_eq!(
        header(&response, "test-multi"),
        ["value-multi", "value-solo"]
    );
    // A pair present in both maps is sent once.
    assert_eq!(header(&response, "set-cookie"), ["a=1", "b=2"]);
    assert_eq!(header(&response, "content-type"), ["text/html"]);
}

#[test]
fn reserved_headers_from_the_function_are_remapped() {
    let response =
        map(r#"{"headers":{"Content-Length":"5","Server":"mine","Transfer-Encoding":"chunked"}}"#)
            .expect("valid");
    assert_eq!(header(&response, "x-amzn-remapped-content-length"), ["5"]);
    assert_eq!(header(&response, "x-amzn-remapped-server"), ["mine"]);
    assert!(response.headers.get("content-length").is_none());
    assert!(response.headers.get("transfer-encoding").is_none());
}

#[test]
fn base64_bodies_are_decoded_only_for_a_binary_first_accept_type() {
    let binary = BinaryMediaTypes::new(&["image/png".to_owned()]);
    let output = br#"{"statusCode":200,"isBase64Encoded":true,"body":"iVBORw==","headers":{"Content-Type":"image/png"}}"#;
    let decoded = map_proxy_response(output, Some("image/png"), &binary).expect("valid");
    assert_eq!(decoded.body, Bytes::from_static(b"\x89PNG"));
    for accept in [Some("image/webp,image/png,*/*;q=0.8"), Some("*/*"), None] {
        let text = map_proxy_response(output, accept, &binary).expect("valid");
        assert_eq!(text.body, Bytes::from_static(b"iVBORw=="), "{accept:?}");
    }
    let not_flagged = br#"{"body":"iVBORw=="}"#;
    let text = map_proxy_response(not_flagged, Some("image/png"), &binary).expect("valid");
    assert_eq!(text.body, Bytes::from_static(b"iVBORw=="));
}

#[test]
fn undecodable_base64_is_a_configuration_error() {
    let binary = BinaryMediaTypes::new(&["image/png".to_owned()]);
    let output = br#"{"isBase64Encoded":true,"body":"not base64!"}"#;
    let problem =
        map_proxy_response(output, Some("image/png"), &binary).expect_err("invalid base64");
    assert!(problem.configuration_error);
    let error = problem.to_rest_error();
    assert_eq!(error.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(error.body, ErrorBody::Raw(INTERNAL_SERVER_ERROR_BODY));
}
