//! Custom domain names against the real binary (§7.4): one domain with two API mappings
//! (the root and `v2`) reaching two APIs and stages with real Python and Node.js
//! functions, a path no mapping matches, and the banner's `curl` lines.

use serde_json::Value;

use crate::support::{Up, client, fixture};

#[test]
fn a_domain_with_two_mappings_reaches_two_apis_and_stages() {
    let state = tempfile::tempdir().unwrap();
    let gantry = Up::new(&fixture("domains.yaml"), state.path())
        .start()
        .unwrap_or_else(|(s, o)| panic!("{s}\n{o}"));
    let client = client();
    let output = gantry.output();
    assert!(
        output.contains(&format!(
            "curl -H 'Host: api.example.com' http://127.0.0.1:{}/v2/...",
            gantry.port
        )),
        "{output}"
    );
    assert!(
        output.contains("DomainNameConfigurations of api.example.com"),
        "{output}"
    );
    assert!(
        output.contains("DomainRef") && output.contains("api.example.com"),
        "{output}"
    );

    let get = |path: &str, host: &str| {
        client
            .get(format!("{}{path}", gantry.base))
            .header("host", host)
            .send()
            .unwrap()
    };
    let root: Value = get("/orders/1", "api.example.com").json().unwrap();
    assert_eq!(root["api"], "first");
    assert_eq!(root["stage"], "$default");
    assert_eq!(root["rawPath"], "/orders/1");

    let v2: Value = get("/v2/orders/1", "API.Example.com:8443").json().unwrap();
    assert_eq!(v2["api"], "second");
    assert_eq!(v2["stage"], "prod");
    assert_eq!(
        v2["rawPath"], "/orders/1",
        "rawPath excludes the mapping path"
    );
    assert_eq!(v2["routeKey"], "ANY /{proxy+}");

    // Another host is not the domain: with two APIs it names none of them.
    let response = get("/v2/orders/1", "other.example.com");
    assert_eq!(response.status(), 404);
}

#[test]
fn a_domain_path_no_mapping_matches_is_403() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template.yaml");
    let text = std::fs::read_to_string(fixture("domains.yaml"))
        .unwrap()
        .replace(
            "  RootMapping:\n    Type: AWS::ApiGatewayV2::ApiMapping\n    Properties:\n      DomainName: !Ref Domain\n      ApiId: !Ref First\n      Stage: $default\n",
            "",
        );
    std::fs::write(&template, text).unwrap();
    let state = tempfile::tempdir().unwrap();
    let gantry = Up::new(&template, state.path())
        .start()
        .unwrap_or_else(|(s, o)| panic!("{s}\n{o}"));
    let response = client()
        .get(format!("{}/orders/1", gantry.base))
        .header("host", "api.example.com")
        .send()
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(response.text().unwrap(), r#"{"message":"Forbidden"}"#);
    let output = gantry.wait_for_output("has no API mapping for /orders/1");
    assert!(output.contains("mapping keys are [\"v2\"]"), "{output}");
}
