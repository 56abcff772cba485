#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::{IpAddr, Ipv4Addr};

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method};

use super::*;
use crate::route::{RouteKey, RouteTable};

fn build(uri: &str, route: &str, path: &str, variables: &[(&str, &str)], default: bool) -> String {
    let table = RouteTable::new([(RouteKey::parse(route).unwrap(), ())]).unwrap();
    let matched = table.select("GET", path).unwrap();
    let variables: Vec<(String, String)> = variables
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    UriTemplate::parse(uri)
        .unwrap()
        .build(
            &matched.path_parameters,
            &variables,
            default.then_some(path),
        )
        .unwrap()
        .to_string()
}

#[test]
fn route_variables_are_substituted_and_greedy_ones_keep_their_slashes() {
    assert_eq!(
        build(
            "http://backend/pets/{id}",
            "GET /pets/{id}",
            "/pets/7",
            &[],
            false
        ),
        "http://backend/pets/7"
    );
    assert_eq!(
        build(
            "http://backend/petstore/{proxy}",
            "GET /parent/{proxy+}",
            "/parent/a/b c",
            &[],
            false
        ),
        "http://backend/petstore/a/b%20c"
    );
}

#[test]
fn stage_variables_fill_the_uri() {
    assert_eq!(
        build(
            "http://${stageVariables.host}/api",
            "GET /x",
            "/x",
            &[("host", "127.0.0.1:9000")],
            false
        ),
        "http://127.0.0.1:9000/api"
    );
}

#[test]
fn the_default_route_appends_the_full_path() {
    assert_eq!(
        build("http://backend/base", "$default", "/a/b", &[], true),
        "http://backend/base/a/b"
    );
    assert_eq!(
        build("http://backend/base/", "$default", "/a", &[], true),
        "http://backend/base/a"
    );
    assert_eq!(
        build("http://backend/base", "$default", "/", &[], true),
        "http://backend/base"
    );
}

#[test]
fn a_missing_variable_is_explained() {
    let table = RouteTable::new([(RouteKey::parse("GET /x").unwrap(), ())]).unwrap();
    let matched = table.select("GET", "/x").unwrap();
    let template = UriTemplate::parse("http://${stageVariables.host}/{id}").unwrap();
    let error = template
        .build(&matched.path_parameters, &[], None)
        .unwrap_err();
    assert!(error.contains("stageVariables.host"), "{error}");
}

#[test]
fn only_http_urls_are_proxy_targets() {
    for uri in [
        "arn:aws:lambda:us-east-1:123456789012:function:f",
        "ftp://x/y",
        "not a url",
        "http://x/{open",
    ] {
        assert!(UriTemplate::parse(uri).is_err(), "{uri}");
    }
}

fn context(headers: &HeaderMap) -> ContextValues<'_> {
    ContextValues {
        account_id: "123456789012",
        api_id: "abc",
        domain_name: "abc.execute-api.localhost",
        http_method: "GET",
        source_ip: "192.0.2.1",
        path: "/x",
        request_id: "r",
        request_time: "",
        request_time_epoch: "0",
        route_key: "GET /x",
        stage: "$default",
        claims: &[],
        lambda: None,
        stage_variables: &[],
        headers,
    }
}

#[test]
fn headers_drop_hop_by_hop_and_fold_forwarding_into_forwarded() {
    let mut incoming = HeaderMap::new();
    for (name, value) in [
        ("host", "abc.execute-api.localhost:3000"),
        ("connection", "keep-alive, x-private"),
        ("x-private", "hop"),
        ("keep-alive", "timeout=5"),
        ("transfer-encoding", "chunked"),
        ("x-forwarded-for", "10.0.0.1, 10.0.0.2"),
        ("x-forwarded-proto", "https"),
        ("x-custom", "kept"),
    ] {
        incoming.append(name, HeaderValue::from_static(value));
    }
    let body = Bytes::new();
    let parameters = crate::route::PathParameters::default();
    let request = ProxyRequest {
        method: &Method::GET,
        default_route: false,
        route_path: "/x",
        raw_query: "",
        headers: &incoming,
        body: &body,
        path_parameters: &parameters,
        client_ip: IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)),
        proto: "http",
        host: "abc.execute-api.localhost:3000",
        trace_id: "Root=1-abc",
        context: context(&incoming),
    };
    let out = headers::integration_request_headers(&request);
    for dropped in [
        "host",
        "connection",
        "x-private",
        "keep-alive",
        "transfer-encoding",
        "x-forwarded-for",
        "x-forwarded-proto",
    ] {
        assert!(!out.contains_key(dropped), "{dropped} forwarded");
    }
    assert_eq!(out["x-custom"], "kept");
    assert_eq!(
        out["forwarded"],
        "for=10.0.0.1, for=10.0.0.2, for=192.0.2.1;host=\"abc.execute-api.localhost:3000\";proto=http"
    );
    assert_eq!(out["x-amzn-trace-id"], "Root=1-abc");
    assert_eq!(out["content-type"], "application/json");
}

fn integration(integration_type: store::model::IntegrationType) -> store::model::Integration {
    store::model::Integration {
        api_id: "abc".into(),
        integration_id: "i1".into(),
        integration_type,
        integration_subtype: None,
        integration_uri: Some("http://backend/{proxy}".into()),
        integration_method: Some("ANY".into()),
        payload_format_version: store::model::PayloadFormatVersion::V1_0,
        credentials_arn: None,
        timeout_in_millis: 30_000,
        request_parameters: Default::default(),
        response_parameters: Default::default(),
    }
}

#[test]
fn the_deploy_check_names_the_property_at_fault() {
    use store::model::IntegrationType::{AwsProxy, HttpProxy};
    assert_eq!(check_integration(&integration(HttpProxy)), Ok(Vec::new()));
    let mut reserved = integration(HttpProxy);
    reserved
        .request_parameters
        .insert("overwrite:header.Authorization".into(), "x".into());
    let (property, message) = check_integration(&reserved).unwrap_err();
    assert_eq!(property, "RequestParameters");
    assert!(
        message.contains("overwrite:header.Authorization"),
        "{message}"
    );
    let mut bad_method = integration(HttpProxy);
    bad_method.integration_method = Some("GE T".into());
    assert_eq!(
        check_integration(&bad_method).unwrap_err().0,
        "IntegrationMethod"
    );
    let mut not_a_url = integration(HttpProxy);
    not_a_url.integration_uri = Some("backend".into());
    assert_eq!(
        check_integration(&not_a_url).unwrap_err().0,
        "IntegrationUri"
    );
    let mut lambda = integration(AwsProxy);
    lambda
        .request_parameters
        .insert("append:header.x".into(), "y".into());
    assert_eq!(
        check_integration(&lambda).unwrap().len(),
        1,
        "warned: routes answer 500"
    );
    let mut service = integration(AwsProxy);
    service.integration_subtype = Some("SQS-SendMessage".into());
    service
        .request_parameters
        .insert("QueueUrl".into(), "$request.header.q".into());
    assert_eq!(
        check_integration(&service),
        Ok(Vec::new()),
        "refused by the deploy loop instead"
    );
}
