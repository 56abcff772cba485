//! A REST API's requests in the inspector (`fixtures/rest/failures`): a function error
//! (502, with the function's log lines) and an integration timeout (504, with the
//! invocation API Gateway gave up on) answer in the schema's shape.

use serde_json::Value;

use super::json::{assert_valid, schema};
use crate::rest::Served;
use crate::support::client;

fn recorded(served: &Served, id: &str) -> Value {
    let answer: Value = client()
        .get(format!("{}/_gantry/api/requests", served.gantry.base))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_valid(&schema(), &answer);
    answer["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|record| record["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("request {id} is not in {answer:#}"))
}

#[test]
fn rest_api_errors_and_timeouts_are_recorded_in_the_schema_shape() {
    let served = Served::start("failures");

    let error = served.get("/Prod/error", &[]);
    assert_eq!(error.status, 502);
    let record = recorded(&served, error.header("x-amzn-requestid").unwrap());
    assert_eq!(record["status"], 502);
    assert_eq!(record["stage"], "Prod");
    assert!(record["apiId"].is_string(), "{record:#}");
    assert_eq!(record["integration"]["event"]["resource"], "/error");
    assert!(
        record["explanation"]
            .as_str()
            .unwrap()
            .contains("the database is down"),
        "{record:#}"
    );

    let slow = served.get("/Prod/slow", &[]);
    assert_eq!(slow.status, 504);
    let record = recorded(&served, slow.header("x-amzn-requestid").unwrap());
    assert_eq!(record["status"], 504);
    assert_eq!(record["integration"]["event"]["resource"], "/slow");
    assert!(
        record["integration"]["lambdaRequestId"]
            .as_str()
            .is_some_and(|id| !id.is_empty())
    );
    assert!(
        record["explanation"].as_str().unwrap().contains("500"),
        "{record:#}"
    );
}
