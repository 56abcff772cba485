//! Layers, versions, aliases and a DynamoDB table through the real binary: a Node.js and
//! a Python function import a module from a local layer folder (and run its `bin/` tool),
//! a route reaches the Node.js function through an alias with a permission on the alias,
//! an alias whose function has a permission on the function only is refused as Lambda
//! refuses it, and the table's `Ref`/`GetAtt` reach the outputs.

use serde_json::Value;

use crate::support::{Up, client, fixture, log_record, request_id};

fn get(base: &str, path: &str) -> (u16, String, String) {
    let response = client().get(format!("{base}{path}")).send().unwrap();
    let status = response.status().as_u16();
    let id = request_id(&response);
    (status, id, response.text().unwrap())
}

#[test]
fn functions_import_from_a_local_layer_and_an_alias_route_reaches_its_function() {
    let state = tempfile::tempdir().unwrap();
    let template = fixture("layers/template.yaml");
    let gantry = Up::new(&template, state.path())
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));

    let (status, _, body) = get(&gantry.base, "/node");
    assert_eq!(status, 200, "{body}\n{}", gantry.output());
    let node: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(node["greeting"], "hello node from the layer");
    let invoked = node["invokedFunctionArn"].as_str().unwrap();
    assert!(invoked.ends_with(":live"), "the alias ARN: {invoked}");

    let (status, _, body) = get(&gantry.base, "/python");
    assert_eq!(status, 200, "{body}\n{}", gantry.output());
    let python: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(python["greeting"], "hello python from the layer");
    assert_eq!(python["tool"], "tool from the layer");

    // The permission is on the function, not on its alias: Lambda refuses the alias.
    let (status, id, _) = get(&gantry.base, "/python-alias");
    assert_eq!(status, 500);
    let log = log_record(&gantry, &id);
    assert!(log.contains(":function:") && log.contains(":live"), "{log}");

    // The layers were laid out under the state directory, never in /opt.
    let layers = std::fs::read_dir(find_layers_dir(state.path()))
        .unwrap()
        .count();
    assert_eq!(layers, 2);

    let output = gantry.output();
    let outputs: Vec<&str> = output.lines().collect();
    let value_of = |key: &str| {
        outputs
            .iter()
            .find_map(|line| line.trim_start().strip_prefix(key))
            .map(str::trim)
            .unwrap_or_else(|| panic!("no output {key}:\n{output}"))
            .to_owned()
    };
    let table = value_of("TableName");
    assert!(table.contains("-Table-"), "{table}");
    assert_eq!(
        value_of("TableArn"),
        format!("arn:aws:dynamodb:us-east-1:123456789012:table/{table}")
    );
    assert_eq!(
        value_of("LayerArn"),
        "arn:aws:lambda:us-east-1:123456789012:layer:shared:1"
    );
    assert!(value_of("NodeAlias").ends_with(":live"));
    assert!(
        output.contains("gantry does not serve DynamoDB"),
        "the table is named as not served:\n{output}"
    );
}

/// The `layers` directory of the Lambda host's work directory, inside the state.
fn find_layers_dir(state: &std::path::Path) -> std::path::PathBuf {
    let mut pending = vec![state.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|name| name == "layers") {
                    return path;
                }
                pending.push(path);
            }
        }
    }
    panic!("no layers directory under {}", state.display());
}
