use http::{HeaderMap, Method};
use serde_json::json;

use super::*;
use crate::rest::test_request::{context, headers, request};

fn expected_request_context() -> Value {
    json!({
        "resourceId": "5x3n2k",
        "resourcePath": "/{proxy+}",
        "httpMethod": "GET",
        "extendedRequestId": "ZhFduHZrDoEEORQ=",
        "requestTime": "17/Jun/2024:15:00:26 +0000",
        "path": "/prod/proxy-value",
        "accountId": "123456789012",
        "protocol": "HTTP/1.1",
        "stage": "prod",
        "domainPrefix": "puhdx84jy9",
        "requestTimeEpoch": 1_718_636_426_760_i64,
        "requestId": "e56434a3-0b5d-453c-9183-f07a5e91fbb3",
        "identity": {
            "cognitoIdentityPoolId": null, "accountId": null, "cognitoIdentityId": null,
            "caller": null, "sourceIp": "15.248.3.126", "principalOrgId": null, "accessKey": null,
            "cognitoAuthenticationType": null, "cognitoAuthenticationProvider": null,
            "userArn": null, "userAgent": "HTTPie/3.2.2", "user": null
        },
        "domainName": "puhdx84jy9.execute-api.eu-west-1.amazonaws.com",
        "deploymentId": "v99qix",
        "apiId": "puhdx84jy9"
    })
}

#[test]
fn a_bare_get_is_the_section_2_1_composite_with_nulls() {
    let sent = headers(&[("user-agent", "HTTPie/3.2.2"), ("accept", "*/*")]);
    let event = proxy_event(
        &request(&Method::GET, &sent, "", b""),
        &context(&[], &[]),
        &BinaryMediaTypes::default(),
    );
    let added = json!({
        "User-Agent": "HTTPie/3.2.2",
        "Accept": "*/*",
        "Host": "puhdx84jy9.execute-api.eu-west-1.amazonaws.com",
        "X-Amzn-Trace-Id": "Root=1-66704f1a-0123456789abcdef01234567",
        "X-Forwarded-For": "15.248.3.126",
        "X-Forwarded-Port": "443",
        "X-Forwarded-Proto": "https"
    });
    let multi: Map<String, Value> = added
        .as_object()
        .expect("object")
        .iter()
        .map(|(k, v)| (k.clone(), json!([v])))
        .collect();
    assert_eq!(
        event,
        json!({
            "resource": "/{proxy+}",
            "path": "/proxy-value",
            "httpMethod": "GET",
            "headers": added,
            "multiValueHeaders": multi,
            "queryStringParameters": null,
            "multiValueQueryStringParameters": null,
            "pathParameters": null,
            "stageVariables": null,
            "requestContext": expected_request_context(),
            "body": null,
            "isBase64Encoded": false
        })
    );
    assert!(event.get("version").is_none());
    let keys: Vec<&str> = event["requestContext"]
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let expected = expected_request_context();
    let expected_keys: Vec<&str> = expected
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, expected_keys, "the captures' field order");
}

#[test]
fn the_drop_list_goes_and_forwarding_headers_are_api_gateways() {
    let sent = headers(&[
        ("connection", "keep-alive"),
        ("content-length", "2"),
        ("expect", "100-continue"),
        ("transfer-encoding", "chunked"),
        ("authorization", "Bearer x"),
        ("x-forwarded-port", "8080"),
        ("x-forwarded-for", "10.0.0.1"),
        ("cookie", "a=1; b=2"),
    ]);
    let event = proxy_event(
        &request(&Method::POST, &sent, "", b"{}"),
        &context(&[], &[]),
        &BinaryMediaTypes::default(),
    );
    let headers = &event["headers"];
    for dropped in [
        "Connection",
        "Content-Length",
        "Expect",
        "Transfer-Encoding",
    ] {
        assert!(headers.get(dropped).is_none(), "{dropped}");
    }
    assert_eq!(headers["Authorization"], "Bearer x");
    assert_eq!(headers["Cookie"], "a=1; b=2");
    assert_eq!(headers["X-Forwarded-Port"], "443");
    assert_eq!(headers["X-Forwarded-For"], "10.0.0.1, 15.248.3.126");
    assert_eq!(event["body"], "{}");
    assert_eq!(event["isBase64Encoded"], false);
}

#[test]
fn repeated_headers_and_query_values_keep_all_and_the_last_wins_alone() {
    let sent = headers(&[("x-multi", "one"), ("x-multi", "two")]);
    let query = "category=electronics&category=books&email=test%2Balias@gmail.com&plus=test+alias@gmail.com&empty";
    let event = proxy_event(
        &request(&Method::GET, &sent, query, b""),
        &context(&[], &[]),
        &BinaryMediaTypes::default(),
    );
    assert_eq!(event["headers"]["X-Multi"], "two");
    assert_eq!(event["multiValueHeaders"]["X-Multi"], json!(["one", "two"]));
    assert_eq!(
        event["queryStringParameters"],
        json!({"category": "books", "email": "test+alias@gmail.com", "plus": "test alias@gmail.com", "empty": ""})
    );
    assert_eq!(
        event["multiValueQueryStringParameters"]["category"],
        json!(["electronics", "books"])
    );
}

#[test]
fn binary_media_types_decide_base64_request_bodies() {
    let sent = headers(&[("content-type", "image/png")]);
    let binary = BinaryMediaTypes::new(&["image/*".to_owned()]);
    let event = proxy_event(
        &request(&Method::POST, &sent, "", b"\x89PNG"),
        &context(&[], &[]),
        &binary,
    );
    assert_eq!(event["body"], "iVBORw==");
    assert_eq!(event["isBase64Encoded"], true);
    let json_sent = headers(&[("content-type", "application/json")]);
    let event = proxy_event(
        &request(&Method::POST, &json_sent, "", b"{\"a\":1}"),
        &context(&[], &[]),
        &binary,
    );
    assert_eq!(event["body"], "{\"a\":1}");
    assert_eq!(event["isBase64Encoded"], false);
}

#[test]
fn path_parameters_stage_variables_authorizer_and_api_key_appear_when_set() {
    let params = [("proxy".to_owned(), "a%20b/c".to_owned())];
    let variables = [("k".to_owned(), "v".to_owned())];
    let mut context = context(&params, &variables);
    context.authorizer = Some(json!({"principalId": "me", "integrationLatency": 0}));
    context.operation_name = Some("getPets");
    context.identity.api_key = Some("key-value".into());
    context.identity.api_key_id = Some("keyid".into());
    let sent = HeaderMap::new();
    let event = proxy_event(
        &request(&Method::GET, &sent, "", b""),
        &context,
        &BinaryMediaTypes::default(),
    );
    assert_eq!(event["pathParameters"], json!({"proxy": "a%20b/c"}));
    assert_eq!(event["stageVariables"], json!({"k": "v"}));
    let request_context = &event["requestContext"];
    assert_eq!(request_context["authorizer"]["principalId"], "me");
    assert_eq!(request_context["operationName"], "getPets");
    assert_eq!(request_context["identity"]["apiKey"], "key-value");
    assert_eq!(request_context["identity"]["apiKeyId"], "keyid");
    assert_eq!(request_context["identity"]["userAgent"], Value::Null);
}

#[test]
fn the_request_authorizer_event_has_empty_objects_content_length_and_no_body() {
    let sent = headers(&[("user-agent", "HTTPie/3.2.2"), ("content-length", "0")]);
    let mut context = context(&[], &[]);
    context.authorizer = Some(json!({"principalId": "ignored"}));
    let arn = "arn:aws:execute-api:eu-west-1:123456789012:puhdx84jy9/prod/GET/proxy-value";
    let event = request_authorizer_event(&request(&Method::GET, &sent, "", b""), &context, arn);
    assert_eq!(event["type"], "REQUEST");
    assert_eq!(event["methodArn"], arn);
    assert_eq!(event["headers"]["Content-Length"], "0");
    for empty in [
        "queryStringParameters",
        "multiValueQueryStringParameters",
        "pathParameters",
        "stageVariables",
    ] {
        assert_eq!(event[empty], json!({}), "{empty}");
    }
    assert!(event.get("body").is_none());
    assert!(event.get("isBase64Encoded").is_none());
    assert_eq!(event["requestContext"], expected_request_context());
    let keys: Vec<&str> = event
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "type",
            "methodArn",
            "resource",
            "path",
            "httpMethod",
            "headers",
            "multiValueHeaders",
            "queryStringParameters",
            "multiValueQueryStringParameters",
            "pathParameters",
            "stageVariables",
            "requestContext"
        ]
    );
}
