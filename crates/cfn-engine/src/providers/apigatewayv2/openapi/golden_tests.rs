//! The Bodies the SAM transform writes for `AWS::Serverless::HttpApi` (its translator's
//! expected outputs, vendored in `tests/fixtures/openapi/`) all import.

use serde_json::Value;
use store::model::AuthorizationType;

use super::*;

const BODIES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/openapi/sam-golden-http-bodies.json"
));

fn cases() -> Vec<(String, Value)> {
    let all: serde_json::Map<String, Value> =
        serde_json::from_str(BODIES).expect("the vendored fixture is JSON");
    all.into_iter().collect()
}

fn import_case(properties: &Value) -> Result<Imported, ImportError> {
    let ids = IdSource::seeded(1);
    let request = ImportRequest {
        api_id: "abcdef1234",
        root: "Body",
        previous: None,
        ids: &ids,
        base_path: BasePath::Ignore,
    };
    import(&properties["Body"], &request)
}

/// Operations in a Body: the routes it should make.
fn operations(body: &Value) -> usize {
    body["paths"].as_object().map_or(0, |paths| {
        paths
            .values()
            .filter_map(Value::as_object)
            .map(|item| {
                item.keys()
                    .filter(|k| *k != "parameters" && *k != "summary" && *k != "description")
                    .count()
            })
            .sum()
    })
}

#[test]
fn every_sam_http_api_body_imports_with_a_route_per_operation() {
    let cases = cases();
    assert_eq!(cases.len(), 29, "the fixture holds 29 Bodies");
    for (case, properties) in &cases {
        let imported =
            import_case(properties).unwrap_or_else(|e| panic!("{case}: {}: {}", e.path, e.message));
        assert_eq!(
            imported.definition.routes.len(),
            operations(&properties["Body"]),
            "{case}"
        );
        let warnings: Vec<_> = imported
            .notes
            .iter()
            .filter(|n| n.kind == NoteKind::Warning)
            .collect();
        // SAM writes the `$default` path with a slash exactly when FailOnWarnings is
        // true, to avoid AWS's warning about a path without one (§11.2).
        if properties["FailOnWarnings"] == Value::Bool(true) {
            assert!(warnings.is_empty(), "{case}: {warnings:?}");
        }
        for warning in warnings {
            assert_eq!(
                warning.message, "path \"$default\" does not start with /",
                "{case}"
            );
        }
        for route in &imported.definition.routes {
            if route.authorization_type == AuthorizationType::Jwt
                || route.authorization_type == AuthorizationType::Custom
            {
                let id = route.authorizer_id.as_deref().expect("an authorizer id");
                assert!(
                    imported
                        .definition
                        .authorizers
                        .iter()
                        .any(|a| a.authorizer_id == id),
                    "{case}: {}",
                    route.route_key
                );
            }
        }
    }
}

#[test]
fn notes_on_sam_bodies_are_only_the_ones_expected() {
    let mut seen = Vec::new();
    for (case, properties) in cases() {
        let imported = import_case(&properties).expect("imports");
        for note in imported.notes {
            seen.push(format!("{case}: {note}"));
        }
    }
    insta::assert_yaml_snapshot!(seen);
}

#[test]
fn the_lambda_auth_full_case_makes_its_authorizer_and_default_route() {
    let cases = cases();
    let (_, properties) = cases
        .iter()
        .find(|(case, _)| case == "http_api_lambda_auth_full/MyApi")
        .expect("the case is vendored");
    let imported = import_case(properties).expect("imports");
    let authorizer = &imported.definition.authorizers[0];
    assert_eq!(authorizer.name, "LambdaAuth");
    assert_eq!(authorizer.authorizer_result_ttl_in_seconds, Some(60));
    assert_eq!(authorizer.identity_source.len(), 4);
    assert_eq!(
        authorizer.authorizer_credentials_arn.as_deref(),
        Some("arn:aws:iam::123456789012:role/MyAuthFnRole")
    );
    let keys: Vec<_> = imported
        .definition
        .routes
        .iter()
        .map(|r| r.route_key.as_str())
        .collect();
    assert_eq!(keys, ["$default", "GET /basic", "POST /basic"]);
    assert!(
        imported
            .definition
            .routes
            .iter()
            .all(|r| r.authorization_type == AuthorizationType::Custom)
    );
}
