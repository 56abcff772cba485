//! The `aws:SourceArn` of an API Gateway invocation, and the statement Lambda's
//! `AddPermission` (and so `AWS::Lambda::Permission`) adds to a function's policy.

use arn::{Arn, Partition};
use serde_json::{Map, Value, json};

use crate::route::RouteKey;

/// `arn:{partition}:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}{path}`
/// (§9.2); `.../{stage}/$default` for the `$default` route.
///
/// The path is the route key's template (`/pets/{id}`), not the request path.
// Unconfirmed: AWS does not document template vs concrete path (§9.2). The template is
// what the widely used CDK `HttpLambdaIntegration` grants (`{apiId}/*/*/pets/{id}`),
// which would fail for every parameterised route if AWS used the concrete path.
// Unconfirmed: an `ANY` route contributes the method `ANY`, as written in its key.
pub fn execute_api_source_arn(
    partition: &'static Partition,
    region: &str,
    account: &str,
    api_id: &str,
    stage: &str,
    route_key: &RouteKey,
) -> String {
    let route = match (route_key.method(), route_key.path()) {
        (Some(method), Some(path)) => format!("{method}{path}"),
        _ => route_key.as_str().to_owned(),
    };
    Arn::execute_api(
        partition,
        region,
        account,
        api_id,
        &format!("/{stage}/{route}"),
    )
    .to_string()
}

/// The statement `AddPermission` puts in a function's resource-based policy, for callers
/// that turn `AWS::Lambda::Permission` resources into the function's policy document.
///
/// `principal` is a service (`apigateway.amazonaws.com`), an account id, an ARN or `*`;
/// the source ARN becomes an `ArnLike` condition on `AWS:SourceArn` and the source account
/// a `StringEquals` condition on `AWS:SourceAccount`, as Lambda writes them.
pub fn lambda_permission_statement(
    sid: &str,
    function_arn: &str,
    principal: &str,
    action: &str,
    source_arn: Option<&str>,
    source_account: Option<&str>,
) -> Value {
    let principal = if principal == "*" {
        json!("*")
    } else if principal.len() == 12 && principal.bytes().all(|b| b.is_ascii_digit()) {
        // The account's root, in the function's partition.
        let partition = Partition::by_id(function_arn).unwrap_or_else(|| Partition::of_region(""));
        json!({"AWS": Arn::account_root(partition, principal).to_string()})
    } else if principal.starts_with("arn:") {
        json!({"AWS": principal})
    } else {
        json!({"Service": principal})
    };
    let mut condition = Map::new();
    if let Some(source_arn) = source_arn {
        condition.insert("ArnLike".into(), json!({"AWS:SourceArn": source_arn}));
    }
    if let Some(account) = source_account {
        condition.insert("StringEquals".into(), json!({"AWS:SourceAccount": account}));
    }
    let mut statement = json!({
        "Sid": sid,
        "Effect": "Allow",
        "Principal": principal,
        "Action": action,
        "Resource": function_arn,
    });
    if !condition.is_empty() {
        statement["Condition"] = Value::Object(condition);
    }
    statement
}
