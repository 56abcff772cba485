//! `sam init`'s hello worlds (`examples/sam-hello-node`, `examples/sam-hello-python`),
//! unmodified, run as a user runs them: `gantry up template.yaml` in the project
//! directory. Then the answers for what is not there: an unknown path or method (403
//! Missing Authentication Token), an unknown stage (403 Forbidden).

use std::path::Path;

use reqwest::Method;
use serde_json::json;

use super::{FORBIDDEN, MISSING_AUTHENTICATION_TOKEN, copy_tree, send};
use crate::support::{Gantry, Up};

/// The example copied into a temporary project directory, served from there.
fn serve_example(name: &str) -> (Gantry, tempfile::TempDir) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name);
    let project = tempfile::tempdir().unwrap();
    copy_tree(&example, project.path());
    let gantry = Up::new(Path::new("template.yaml"), Path::new(".gantry"))
        .in_dir(project.path())
        .start()
        .unwrap_or_else(|(status, output)| panic!("gantry up failed ({status}):\n{output}"));
    (gantry, project)
}

/// The hello world answers on both stages SAM makes, with and without the slash, and
/// `gantry up` printed the URLs to call.
fn serves_hello_world(name: &str) {
    let (gantry, _project) = serve_example(name);
    let output = gantry.output();
    // samconfig.toml's stack name; the stages and the method, with local URLs.
    assert!(output.contains("deploying stack sam-app"), "{output}");
    let base = &gantry.base;
    for expected in [
        format!("GET     {base}/Prod/hello"),
        format!("GET     {base}/Stage/hello"),
        // The HelloWorldApi output's URL, served locally.
        format!("{base}/Prod/hello/"),
        format!(".execute-api.localhost:{}", gantry.port),
    ] {
        assert!(output.contains(&expected), "{expected:?} in\n{output}");
    }
    assert!(!output.contains("not served"), "{output}");

    for path in ["/Prod/hello/", "/Prod/hello", "/Stage/hello"] {
        let reply = send(&gantry, Method::GET, path, |r| r);
        assert_eq!(reply.status, 200, "{path}: {}\n{}", reply.text(), reply.log);
        assert_eq!(reply.json(), json!({"message": "hello world"}), "{path}");
        // No content type from the function: API Gateway's default (aws-rest-api.md §3.2).
        assert_eq!(reply.header("content-type"), Some("application/json"));
    }
}

#[test]
fn sam_init_s_node_hello_world_serves_get_prod_hello() {
    serves_hello_world("sam-hello-node");
}

#[test]
fn sam_init_s_python_hello_world_serves_get_prod_hello() {
    serves_hello_world("sam-hello-python");
}

/// The id on `gantry up`'s "REST API name (id) at ..." line.
fn rest_api_id(gantry: &Gantry) -> String {
    let output = gantry.output();
    output
        .lines()
        .find_map(|line| line.strip_prefix("REST API "))
        .and_then(|rest| rest.split('(').nth(1))
        .and_then(|rest| rest.split(')').next())
        .unwrap_or_else(|| panic!("no REST API line in\n{output}"))
        .to_owned()
}

#[test]
fn a_second_up_keeps_the_rest_api_id_so_urls_stay_the_same() {
    let (first, project) = serve_example("sam-hello-node");
    let id = rest_api_id(&first);
    let (status, _) = first.stop();
    assert!(status.success());
    let second = Up::new(Path::new("template.yaml"), Path::new(".gantry"))
        .in_dir(project.path())
        .start()
        .unwrap_or_else(|(status, output)| panic!("gantry up failed ({status}):\n{output}"));
    assert_eq!(rest_api_id(&second), id);
    let reply = send(&second, Method::GET, "/Prod/hello", |r| {
        r.header("Host", format!("{id}.execute-api.localhost"))
    });
    assert_eq!(reply.status, 200, "{}", reply.log);
}

#[test]
fn sam_init_s_event_file_invokes_both_hello_worlds() {
    // `sam local invoke HelloWorldFunction --event events/event.json`, as sam init's
    // README says, in gantry's words.
    for name in ["sam-hello-node", "sam-hello-python"] {
        let example = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples")
            .join(name);
        let (code, stdout, stderr) = crate::support::gantry(&[
            "invoke",
            example.join("template.yaml").to_str().unwrap(),
            "HelloWorldFunction",
            "--event",
            example.join("events/event.json").to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{name}: {stderr}");
        let result: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
        assert_eq!(result["statusCode"], 200, "{name}: {result}");
        let body: serde_json::Value =
            serde_json::from_str(result["body"].as_str().unwrap()).unwrap();
        assert_eq!(body, json!({"message": "hello world"}), "{name}");
    }
}

#[test]
fn unknown_paths_methods_and_stages_get_api_gateway_s_403s_explained() {
    let (gantry, _project) = serve_example("sam-hello-node");

    // aws-rest-api.md §1.4: no resource, or no such method on it.
    for (method, path) in [
        (Method::GET, "/Prod/nope"),
        (Method::GET, "/Prod/hello/there"),
        (Method::POST, "/Prod/hello"),
        (Method::DELETE, "/Prod/hello/"),
    ] {
        let reply = send(&gantry, method.clone(), path, |r| r);
        reply.assert_error(
            403,
            MISSING_AUTHENTICATION_TOKEN,
            Some("MissingAuthenticationTokenException"),
        );
        assert!(
            reply.log.contains(path.trim_end_matches('/')),
            "{}",
            reply.log
        );
        assert!(
            reply.log.contains("why: "),
            "{method} {path}: {}",
            reply.log
        );
    }

    // aws-rest-api.md §0 step 2: a stage the API does not have, or none at all.
    for path in ["/Dev/hello", "/prod/hello"] {
        let reply = send(&gantry, Method::GET, path, |r| r);
        reply.assert(403, FORBIDDEN);
        assert!(reply.log.contains("why: "), "{path}: {}", reply.log);
        assert!(reply.log.contains("stage"), "{path}: {}", reply.log);
    }
}
