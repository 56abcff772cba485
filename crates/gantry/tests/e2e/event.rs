//! The payload format 2.0 event as the function receives it through the real server,
//! checked field by field against docs/aws-http-api.md §4 and snapshotted whole.

use serde_json::{Value, json};
use test_support::issuer::now_seconds;

use crate::stack::TestStack;
use crate::support::client;

/// Replaces the values that change on every run.
fn stable(mut event: Value) -> Value {
    let context = &mut event["requestContext"];
    for field in [
        "requestId",
        "time",
        "timeEpoch",
        "apiId",
        "domainName",
        "domainPrefix",
    ] {
        if context.get(field).is_some() {
            context[field] = json!(format!("<{field}>"));
        }
    }
    for header in ["host", "x-amzn-trace-id", "x-forwarded-port"] {
        if event["headers"].get(header).is_some() {
            event["headers"][header] = json!(format!("<{header}>"));
        }
    }
    // `pointer_mut`, not indexing: indexing a missing key would insert it.
    if let Some(claims) = event
        .pointer_mut("/requestContext/authorizer/jwt/claims")
        .and_then(Value::as_object_mut)
    {
        for claim in ["iat", "exp", "iss"] {
            if claims.contains_key(claim) {
                claims.insert(claim.into(), json!(format!("<{claim}>")));
            }
        }
    }
    event
}

#[test]
fn event_for_a_post_with_query_cookies_repeated_headers_and_json_body() {
    let stack = TestStack::start();
    let before_ms = u128::from(now_seconds()) * 1000;
    let response = client()
        .post(stack.url("/open/a%20b/c?x=1&x=2&y=a+b&z=%2B&empty="))
        .header("cookie", "a=1; b=2")
        .header("x-multi", "first")
        .header("X-Multi", "second")
        .header("content-type", "application/json")
        .header("user-agent", "e2e-test/1.0")
        .body(r#"{"hello":"world"}"#)
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    let event: Value = response.json().unwrap();

    // §4.1, field by field.
    assert_eq!(event["version"], "2.0");
    assert_eq!(event["routeKey"], "ANY /open/{proxy+}");
    assert_eq!(event["rawPath"], "/open/a b/c", "rawPath arrives decoded");
    assert_eq!(
        event["rawQueryString"], "x=1&x=2&y=a+b&z=%2B&empty=",
        "rawQueryString stays encoded"
    );
    assert_eq!(event["cookies"], json!(["a=1", "b=2"]));
    assert!(
        event["headers"].get("cookie").is_none(),
        "cookie moves out of headers"
    );
    assert_eq!(
        event["headers"]["x-multi"], "first,second",
        "repeated headers joined with a comma"
    );
    assert_eq!(event["headers"]["content-length"], "17");
    assert_eq!(event["headers"]["x-forwarded-for"], "127.0.0.1");
    assert_eq!(
        event["queryStringParameters"],
        json!({"x": "1,2", "y": "a b", "z": "+", "empty": ""})
    );
    assert_eq!(event["pathParameters"], json!({"proxy": "a b/c"}));
    assert_eq!(event["stageVariables"], json!({"color": "blue"}));
    assert_eq!(event["body"], r#"{"hello":"world"}"#);
    assert_eq!(
        event["isBase64Encoded"], false,
        "application/json bodies are text"
    );
    let context = &event["requestContext"];
    assert_eq!(context["accountId"], "123456789012");
    assert_eq!(context["stage"], "$default");
    assert_eq!(context["routeKey"], "ANY /open/{proxy+}");
    assert_eq!(
        context["http"],
        json!({"method": "POST", "path": "/open/a b/c", "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1", "userAgent": "e2e-test/1.0"})
    );
    assert!(
        context.get("authorizer").is_none(),
        "no authorizer on an open route"
    );
    let epoch_ms = context["timeEpoch"].as_u64().unwrap();
    assert!(
        u128::from(epoch_ms) >= before_ms && u128::from(epoch_ms) < before_ms + 60_000,
        "timeEpoch is in milliseconds"
    );
    assert!(
        context["time"].as_str().unwrap().ends_with(" +0000"),
        "time is CLF in UTC"
    );
    assert_eq!(context["requestId"].as_str().unwrap().len(), 16);

    insta::assert_json_snapshot!("post_with_query_cookies_and_json_body", stable(event));
}

#[test]
fn event_for_a_jwt_route_carries_claims_as_strings_and_no_scopes() {
    let stack = TestStack::start();
    let token = stack.token_with(json!({"roles": ["admin", "dev"], "level": 3, "verified": true, "scope": "read:things", "nothing": null}));
    let response = client()
        .get(stack.url("/echo"))
        .bearer_auth(token)
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    let event: Value = response.json().unwrap();
    let jwt = &event["requestContext"]["authorizer"]["jwt"];
    // §2.6: every claim a string, arrays Go-style, nulls omitted; scopes null without route scopes.
    assert_eq!(jwt["claims"]["roles"], "[admin dev]");
    assert_eq!(jwt["claims"]["level"], "3");
    assert_eq!(jwt["claims"]["verified"], "true");
    assert!(jwt["claims"].get("nothing").is_none());
    assert_eq!(jwt["scopes"], Value::Null);
    assert!(
        event["headers"]["authorization"]
            .as_str()
            .unwrap()
            .starts_with("Bearer "),
        "the token is forwarded"
    );
    assert!(
        event.get("body").is_none()
            && event.get("queryStringParameters").is_none()
            && event.get("cookies").is_none()
    );
    assert_eq!(event["rawQueryString"], "");

    let mut stable = stable(event);
    stable["headers"]["authorization"] = json!("<authorization>");
    insta::assert_json_snapshot!("get_with_jwt_claims", stable);
}

#[test]
fn binary_and_form_bodies_arrive_base64_encoded() {
    let stack = TestStack::start();
    for (content_type, body) in [
        ("application/octet-stream", &[0u8, 159, 146, 150][..]),
        ("application/x-www-form-urlencoded", b"a=1&b=two"),
    ] {
        let response = client()
            .post(stack.url("/open/upload"))
            .header("content-type", content_type)
            .body(body.to_vec())
            .send()
            .unwrap();
        let event: Value = response.json().unwrap();
        assert_eq!(event["isBase64Encoded"], true, "{content_type}");
        use base64::Engine as _;
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(event["body"].as_str().unwrap())
            .unwrap();
        assert_eq!(decoded, body, "{content_type}");
    }
}
