//! The golden Bodies of SAM's REST API test cases, with their intrinsic functions stood in
//! for by plain values, as the deploy engine resolves them before the provider runs.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Map, Value};

use super::*;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../sam-transform/tests/golden/output")
}

/// A resolved stand-in for an intrinsic function: `Fn::If` takes its first branch,
/// `Fn::Sub` its text with every `${...}` as `x`, anything else a fixed string.
fn resolve(value: &Value) -> Option<Value> {
    match value {
        Value::Array(items) => Some(Value::Array(items.iter().filter_map(resolve).collect())),
        Value::Object(map) if map.len() == 1 => {
            let (key, arg) = map.iter().next()?;
            match key.as_str() {
                "Ref" if arg == "AWS::NoValue" => None,
                "Ref" => Some(Value::String(format!(
                    "ref-{}",
                    arg.as_str().unwrap_or("x")
                ))),
                "Fn::If" => arg.get(1).and_then(resolve),
                "Fn::Sub" => {
                    let text = arg
                        .as_str()
                        .or_else(|| arg.get(0).and_then(Value::as_str))?;
                    Some(Value::String(substitute(text)))
                }
                key if key.starts_with("Fn::") => Some(Value::String("resolved".to_owned())),
                _ => Some(Value::Object(resolve_map(map))),
            }
        }
        Value::Object(map) => Some(Value::Object(resolve_map(map))),
        other => Some(other.clone()),
    }
}

fn resolve_map(map: &Map<String, Value>) -> Map<String, Value> {
    map.iter()
        .filter_map(|(k, v)| resolve(v).map(|v| (k.clone(), v)))
        .collect()
}

fn substitute(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => {
                out.push('x');
                rest = &rest[start + end + 1..];
            }
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every inline RestApi Body of the golden outputs: `(file/logical id, Body)`.
pub(super) fn bodies() -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    let mut files: Vec<_> = std::fs::read_dir(golden_dir())
        .expect("the golden outputs are vendored")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a readable golden output");
        let template: Value = serde_json::from_str(&text).expect("a JSON golden output");
        let Some(resources) = template["Resources"].as_object() else {
            continue;
        };
        for (logical_id, resource) in resources {
            if resource["Type"] != "AWS::ApiGateway::RestApi" {
                continue;
            }
            if let Some(body) = resource["Properties"].get("Body").and_then(resolve) {
                let name = file
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default();
                out.insert(format!("{name}/{logical_id}"), body);
            }
        }
    }
    out
}

pub(super) fn import_body(body: &Value) -> Result<Imported, ImportError> {
    let ids = IdSource::seeded(1);
    let request = ImportRequest {
        rest_api_id: "abcdef1234",
        root_resource_id: "rootid1234",
        root: "Body",
        previous: None,
        ids: &ids,
        base_path: BasePath::Ignore,
    };
    import(body, &request)
}
