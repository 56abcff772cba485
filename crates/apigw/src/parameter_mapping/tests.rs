#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use http::{HeaderMap, HeaderValue, StatusCode};

use super::*;
use crate::route::PathParameters;

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn context<'a>(headers: &'a HeaderMap, variables: &'a [(String, String)]) -> ContextValues<'a> {
    ContextValues {
        account_id: "123456789012",
        api_id: "abc123",
        domain_name: "abc123.execute-api.localhost",
        http_method: "POST",
        source_ip: "127.0.0.1",
        path: "/pets/7",
        request_id: "req-1",
        request_time: "03/Dec/2026:14:00:00 +0000",
        request_time_epoch: "1796306400000",
        route_key: "POST /pets/{id}",
        stage: "$default",
        claims: &[],
        lambda: None,
        stage_variables: variables,
        headers,
    }
}

#[test]
fn request_keys_compile_into_operations() {
    let mapping = RequestMapping::compile(&map(&[
        ("append:header.x-id", "$context.requestId"),
        ("overwrite:querystring.q", "static"),
        ("remove:header.x-drop", "''"),
        ("overwrite:path", "/v2${request.path}"),
    ]))
    .unwrap();
    assert_eq!(mapping.operations().len(), 4);
}

#[test]
fn reserved_headers_are_refused_naming_the_key() {
    for key in [
        "overwrite:header.Authorization",
        "append:header.x-amz-date",
        "remove:header.Access-Control-Allow-Origin",
        "append:header.X-Forwarded-For",
        "overwrite:header.apigw-requestid",
    ] {
        let error = RequestMapping::compile(&map(&[(key, "x")])).unwrap_err();
        assert_eq!(error.key, key);
        assert!(error.message.contains("reserved"), "{error}");
    }
}

#[test]
fn malformed_keys_and_values_are_refused() {
    for (key, value) in [
        ("header.x", "v"),
        ("replace:header.x", "v"),
        ("append:path", "/x"),
        ("overwrite:body", "x"),
        ("overwrite:header.x", "$request.nothing"),
        ("overwrite:header.x", "$response.header.y"),
        ("overwrite:header.x", "${request.header.y"),
        ("overwrite:header.x", "$request.body..name"),
        ("overwrite:header.x", "$request.body.items[?(@.a)]"),
        ("overwrite:header.x", "$context.madeUp"),
    ] {
        let error = RequestMapping::compile(&map(&[(key, value)])).unwrap_err();
        assert_eq!(error.key, key, "{error}");
    }
}

#[test]
fn response_mappings_need_status_code_keys_and_refuse_request_values() {
    let mut bad_status = BTreeMap::new();
    bad_status.insert("2xx".to_owned(), map(&[("overwrite:statuscode", "200")]));
    assert!(ResponseMappings::compile(&bad_status).is_err());
    let mut request_value = BTreeMap::new();
    request_value.insert(
        "200".to_owned(),
        map(&[("append:header.x", "$request.header.y")]),
    );
    let error = ResponseMappings::compile(&request_value).unwrap_err();
    assert_eq!(error.location, "ResponseParameters.200");
}

#[test]
fn request_operations_apply_in_order_with_every_source() {
    let mapping = RequestMapping::compile(&map(&[
        ("append:header.x-request-id", "$context.requestId"),
        (
            "overwrite:header.x-mixed",
            "${request.path.id}-${stageVariables.env}-${request.querystring.q}",
        ),
        ("overwrite:header.x-body", "$request.body.pet.names[1]"),
        ("remove:header.x-secret", "''"),
        ("append:querystring.added", "$request.header.x-in"),
        ("remove:querystring.drop", "''"),
        ("overwrite:path", "/backend$request.path"),
    ]))
    .unwrap();
    let mut headers = HeaderMap::new();
    headers.append("x-in", HeaderValue::from_static("a"));
    headers.append("x-in", HeaderValue::from_static("b"));
    let variables = vec![("env".to_owned(), "prod".to_owned())];
    let ctx = context(&headers, &variables);
    let route = crate::route::RouteTable::new([(
        crate::route::RouteKey::parse("POST /pets/{id}").unwrap(),
        (),
    )])
    .unwrap();
    let matched = route.select("POST", "/pets/7").unwrap();
    let values = RequestValues {
        headers: &headers,
        raw_query: "q=1&drop=x",
        body: br#"{"pet":{"names":["a","b"]}}"#,
        path: "/pets/7",
        path_parameters: &matched.path_parameters,
        context: ctx,
    };
    let mut target = TargetRequest {
        headers: HeaderMap::new(),
        query: vec![("q".into(), "1".into()), ("drop".into(), "x".into())],
        path: None,
    };
    target
        .headers
        .insert("x-secret", HeaderValue::from_static("s"));
    mapping.apply(&values, &mut target).unwrap();
    assert_eq!(target.headers["x-request-id"], "req-1");
    assert_eq!(target.headers["x-mixed"], "7-prod-1");
    assert_eq!(target.headers["x-body"], "b");
    assert!(!target.headers.contains_key("x-secret"));
    assert_eq!(
        target.query,
        vec![
            ("q".to_owned(), "1".to_owned()),
            ("added".to_owned(), "a,b".to_owned())
        ]
    );
    // `overwrite:path` with `$request.path` not in braces: the whole value is static
    // text, as AWS reads a value that does not start with `$`.
    assert_eq!(target.path.as_deref(), Some("/backend$request.path"));
}

#[test]
fn a_value_selecting_nothing_leaves_the_target_unchanged() {
    let mapping =
        RequestMapping::compile(&map(&[("overwrite:header.x", "$request.header.absent")])).unwrap();
    let headers = HeaderMap::new();
    let ctx = context(&headers, &[]);
    let values = RequestValues {
        headers: &headers,
        raw_query: "",
        body: b"",
        path: "/",
        path_parameters: &PathParameters::default(),
        context: ctx,
    };
    let mut target = TargetRequest::default();
    target.headers.insert("x", HeaderValue::from_static("kept"));
    mapping.apply(&values, &mut target).unwrap();
    assert_eq!(target.headers["x"], "kept");
}

#[test]
fn response_mappings_apply_by_the_integration_status_only() {
    let mut parameters = BTreeMap::new();
    parameters.insert(
        "404".to_owned(),
        map(&[
            ("overwrite:statuscode", "200"),
            (
                "append:header.x-was",
                "${response.header.x-origin} ${response.body.error}",
            ),
        ]),
    );
    let mappings = ResponseMappings::compile(&parameters).unwrap();
    let mut upstream = HeaderMap::new();
    upstream.insert("x-origin", HeaderValue::from_static("backend"));
    let request_headers = HeaderMap::new();
    let values = ResponseValues {
        headers: &upstream,
        body: br#"{"error":"missing"}"#,
        context: context(&request_headers, &[]),
    };
    let mut not_found = TargetResponse {
        status: StatusCode::NOT_FOUND,
        headers: HeaderMap::new(),
    };
    mappings.apply(&values, &mut not_found).unwrap();
    assert_eq!(not_found.status, StatusCode::OK);
    assert_eq!(not_found.headers["x-was"], "backend missing");
    let mut ok = TargetResponse {
        status: StatusCode::CREATED,
        headers: HeaderMap::new(),
    };
    mappings.apply(&values, &mut ok).unwrap();
    assert_eq!(ok.status, StatusCode::CREATED);
    assert!(ok.headers.is_empty());
}

#[test]
fn a_status_code_mapped_to_text_is_an_error() {
    let mut parameters = BTreeMap::new();
    parameters.insert(
        "200".to_owned(),
        map(&[("overwrite:statuscode", "$response.header.x")]),
    );
    let mappings = ResponseMappings::compile(&parameters).unwrap();
    let mut upstream = HeaderMap::new();
    upstream.insert("x", HeaderValue::from_static("teapot"));
    let request_headers = HeaderMap::new();
    let values = ResponseValues {
        headers: &upstream,
        body: b"",
        context: context(&request_headers, &[]),
    };
    let mut response = TargetResponse {
        status: StatusCode::OK,
        headers: HeaderMap::new(),
    };
    let error = mappings.apply(&values, &mut response).unwrap_err();
    assert!(error.contains("teapot"), "{error}");
}

#[test]
fn a_lambda_authorizer_context_is_read_as_context_authorizer_keys() {
    let mapping = RequestMapping::compile(&map(&[
        ("overwrite:header.x-user", "$context.authorizer.user"),
        ("overwrite:header.x-level", "$context.authorizer.level"),
        (
            "overwrite:header.x-principal",
            "$context.authorizer.principalId",
        ),
    ]))
    .unwrap();
    let headers = HeaderMap::new();
    let returned = serde_json::json!({"user": "ann", "level": 3});
    let mut ctx = context(&headers, &[]);
    ctx.lambda = Some(LambdaContext {
        principal_id: Some("ann-id"),
        context: returned.as_object(),
    });
    let values = RequestValues {
        headers: &headers,
        raw_query: "",
        body: b"",
        path: "/",
        path_parameters: &PathParameters::default(),
        context: ctx,
    };
    let mut target = TargetRequest::default();
    mapping.apply(&values, &mut target).unwrap();
    assert_eq!(target.headers["x-user"], "ann");
    assert_eq!(target.headers["x-level"], "3");
    assert_eq!(target.headers["x-principal"], "ann-id");
}
