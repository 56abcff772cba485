//! Lambda `REQUEST` authorizers through the real binary with real Node.js and Python
//! authorizer functions (`fixtures/lambda-authorizer.yaml`). Each authorizer appends a
//! line per invocation to a file the test names, so cache hits and misses are counted
//! by invocations.

use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

use crate::support::{Gantry, Up, client, fixture, log_record, request_id};

const UNAUTHORIZED: &str = r#"{"message":"Unauthorized"}"#;
const FORBIDDEN: &str = r#"{"message":"Forbidden"}"#;
const INTERNAL_SERVER_ERROR: &str = r#"{"message":"Internal Server Error"}"#;

struct Served {
    gantry: Gantry,
    count_file: std::path::PathBuf,
    _state: TempDir,
}

impl Served {
    fn start() -> Self {
        let state = tempfile::tempdir().unwrap();
        let count_file = state.path().join("invocations.log");
        std::fs::write(&count_file, "").unwrap();
        let template = fixture("lambda-authorizer.yaml");
        let gantry = Up::new(&template, state.path())
            .parameter("CountFile", count_file.to_str().unwrap())
            .start()
            .unwrap_or_else(|(status, output)| panic!("gantry up failed ({status}):\n{output}"));
        Self {
            gantry,
            count_file,
            _state: state,
        }
    }

    /// `GET path` with one header; (status, body, the access-log record).
    fn get(&self, path: &str, header: Option<(&str, &str)>) -> (u16, String, String) {
        let mut request = client().get(format!("{}{path}", self.gantry.base));
        if let Some((name, value)) = header {
            request = request.header(name, value);
        }
        let response = request.send().unwrap();
        let status = response.status().as_u16();
        let id = request_id(&response);
        let body = response.text().unwrap();
        (status, body, log_record(&self.gantry, &id))
    }

    /// The authorizer invocations so far, one line each (`simple <values>`, `policy ...`).
    fn invocations(&self) -> Vec<String> {
        read_lines(&self.count_file)
    }
}

fn read_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn lambda_authorizers_decide_cache_and_explain() {
    let served = Served::start();

    // Missing identity source: 401, and the authorizer is not invoked.
    let (status, body, log) = served.get("/simple/1", None);
    assert_eq!((status, body.as_str()), (401, UNAUTHORIZED), "{log}");
    assert!(log.contains("SimpleAuth was not invoked"), "{log}");
    assert!(served.invocations().is_empty());

    // Simple response true: the context reaches the integration with its JSON types.
    let (status, body, log) = served.get("/simple/1", Some(("Authorization", "allow-alice")));
    assert_eq!(status, 200, "{log}");
    let event: Value = serde_json::from_str(&body).unwrap();
    let lambda = &event["requestContext"]["authorizer"]["lambda"];
    assert_eq!(lambda["user"], "allow-alice");
    assert_eq!(lambda["level"], 3);
    assert_eq!(lambda["admin"], false);
    assert!(
        lambda["routeArn"]
            .as_str()
            .unwrap()
            .ends_with("/$default/GET/simple/1"),
        "{lambda}"
    );
    assert_eq!(served.invocations(), ["simple allow-alice"]);

    // The same token again, on another path of the route: a cache hit, no invocation.
    let (status, _, log) = served.get("/simple/2", Some(("Authorization", "allow-alice")));
    assert_eq!(status, 200, "{log}");
    assert_eq!(served.invocations().len(), 1, "cache hit");

    // Simple response false: 403; cached too.
    let (status, body, log) = served.get("/simple/1", Some(("Authorization", "nobody")));
    assert_eq!((status, body.as_str()), (403, FORBIDDEN), "{log}");
    assert!(
        log.contains("SimpleAuth denied the request: isAuthorized is false"),
        "{log}"
    );
    let (status, _, log) = served.get("/simple/1", Some(("Authorization", "nobody")));
    assert_eq!(status, 403);
    assert!(log.contains("(cached"), "{log}");
    assert_eq!(served.invocations().len(), 2);

    // The authorizer throws: `Unauthorized` is 401, anything else 500 with the message.
    let (status, body, log) =
        served.get("/simple/1", Some(("Authorization", "throw-unauthorized")));
    assert_eq!((status, body.as_str()), (401, UNAUTHORIZED), "{log}");
    let (status, body, log) = served.get("/simple/1", Some(("Authorization", "throw")));
    assert_eq!(
        (status, body.as_str()),
        (500, INTERNAL_SERVER_ERROR),
        "{log}"
    );
    assert!(
        log.contains("TypeError") && log.contains("the token store is down"),
        "{log}"
    );

    // Python policy authorizer: Allow on /policy/a; its cached policy denies /policy/b
    // without a second invocation.
    let before = served.invocations().len();
    let (status, body, log) = served.get("/policy/a", Some(("x-api-key", "k1")));
    assert_eq!(status, 200, "{log}");
    let event: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        event["requestContext"]["authorizer"]["lambda"]["plan"],
        "gold"
    );
    let (status, body, log) = served.get("/policy/b", Some(("x-api-key", "k1")));
    assert_eq!((status, body.as_str()), (403, FORBIDDEN), "{log}");
    assert!(
        log.contains("no statement of its policy allows") && log.contains("(cached"),
        "{log}"
    );
    let invocations = served.invocations();
    assert_eq!(&invocations[before..], ["policy k1"]);

    // The authorizer function has no permission for API Gateway: 500, explained.
    let (status, body, log) = served.get("/ungranted", None);
    assert_eq!(
        (status, body.as_str()),
        (500, INTERNAL_SERVER_ERROR),
        "{log}"
    );
    assert!(
        log.contains("doesn't have permissions to call the authorizer")
            && log.contains("/authorizers/"),
        "{log}"
    );
}
