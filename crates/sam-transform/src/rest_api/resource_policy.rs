//! `Auth.ResourcePolicy` (of an Api, or of one `Api` event) → statements in the body's
//! `x-amazon-apigateway-policy`: account, IP range and VPC allow/deny lists and
//! `CustomStatements`.

use std::sync::OnceLock;

use regex::Regex;
use serde_json::{Map, Value, json};

use super::auth::authorizer::python_str;
use super::auth::body::{self, ANY_METHOD, document_error, truthy};
use crate::error::Cause;

const POLICY: &str = "x-amazon-apigateway-policy";

/// Adds the statements of `policy` for every method of `path` in `body` (resources
/// `execute-api:/${__Stage__}/<METHOD><path>` with `stage` substituted).
pub(crate) fn add(
    body: &mut Value,
    policy: &Value,
    path: &str,
    stage: &Value,
) -> Result<(), Cause> {
    let Value::Object(policy) = policy else {
        return Err(document_error("Resource Policy is not a valid dictionary."));
    };
    let mut document = current_policy(body);
    let list = |key: &str| policy.get(key).filter(|value| !value.is_null());
    let resources = method_resources(body, path, stage)?;
    if let Some(accounts) = list("AwsAccountWhitelist") {
        add_account_statement(&mut document, accounts, "Allow", &resources)?;
    }
    if let Some(accounts) = list("AwsAccountBlacklist") {
        add_account_statement(&mut document, accounts, "Deny", &resources)?;
    }
    if let Some(ranges) = list("IpRangeWhitelist") {
        add_ip_statements(&mut document, ranges, "NotIpAddress", &resources);
    }
    if let Some(ranges) = list("IpRangeBlacklist") {
        add_ip_statements(&mut document, ranges, "IpAddress", &resources);
    }
    let vpc_lists = |allow: bool| {
        let (strings, vpcs, vpces) = if allow {
            (
                "SourceVpcWhitelist",
                "IntrinsicVpcWhitelist",
                "IntrinsicVpceWhitelist",
            )
        } else {
            (
                "SourceVpcBlacklist",
                "IntrinsicVpcBlacklist",
                "IntrinsicVpceBlacklist",
            )
        };
        (list(strings), list(vpcs), list(vpces), strings)
    };
    for (allow, conditional) in [(false, "StringEquals"), (true, "StringNotEquals")] {
        let (strings, vpcs, vpces, name) = vpc_lists(allow);
        if !is_list_of_strings(strings) {
            let intrinsic = name.replace("SourceVpc", "IntrinsicVpc");
            return Err(document_error(format!(
                "{name} must be a list of strings. Use {intrinsic} instead for values that use Intrinsic Functions"
            )));
        }
        add_vpc_statements(
            &mut document,
            [strings, vpcs, vpces],
            conditional,
            &resources,
        );
    }
    write_policy(body, document);
    Ok(())
}

/// Adds `CustomStatements` (one statement or a list) to the body's policy, skipping
/// statements it already has.
pub(crate) fn add_custom_statements(body: &mut Value, statements: &Value) {
    let mut document = current_policy(body);
    document.insert("Version".into(), json!("2012-10-17"));
    match document.get("Statement") {
        None | Some(Value::Null) => {
            document.insert("Statement".into(), statements.clone());
        }
        Some(existing) => {
            let mut existing = as_list(existing);
            for statement in as_list(statements) {
                if !existing.contains(&statement) {
                    existing.push(statement);
                }
            }
            document.insert("Statement".into(), Value::Array(existing));
        }
    }
    write_policy(body, document);
}

fn current_policy(body: &Value) -> Map<String, Value> {
    match body.get(POLICY) {
        Some(Value::Object(policy)) => policy.clone(),
        _ => Map::new(),
    }
}

fn write_policy(body: &mut Value, document: Map<String, Value>) {
    if let Value::Object(body) = body {
        body.insert(POLICY.into(), Value::Object(document));
    }
}

fn as_list(value: &Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    }
}

/// `execute-api:/${__Stage__}/<METHOD><path>` for every key of the path item, with path
/// parameters as `*`.
fn method_resources(body: &mut Value, path: &str, stage: &Value) -> Result<Vec<Value>, Cause> {
    let methods = body::path_item_keys(body, path)?;
    let path = path_parameters().replace_all(path, "*");
    Ok(methods
        .iter()
        .map(|method| {
            let lower = method.to_lowercase();
            let method = if lower == ANY_METHOD || lower == "any" {
                "*".to_owned()
            } else {
                method.to_uppercase()
            };
            json!({"Fn::Sub": [format!("execute-api:/${{__Stage__}}/{method}{path}"), {"__Stage__": stage}]})
        })
        .collect())
}

fn path_parameters() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r"\{([a-zA-Z0-9._-]+|[a-zA-Z0-9._-]+\+|proxy\+)\}").unwrap_or_else(|_| {
            unreachable!("the path parameter pattern is a valid regular expression")
        })
    })
}

fn statement(effect: &str, resources: &[Value], principal: Value) -> Map<String, Value> {
    let mut statement = Map::new();
    statement.insert("Effect".into(), json!(effect));
    statement.insert("Action".into(), json!("execute-api:Invoke"));
    statement.insert("Resource".into(), json!(resources));
    statement.insert("Principal".into(), principal);
    statement
}

/// One statement allowing or denying the accounts (the first stays a lone statement).
fn add_account_statement(
    document: &mut Map<String, Value>,
    accounts: &Value,
    effect: &str,
    resources: &[Value],
) -> Result<(), Cause> {
    if !truthy(accounts) {
        return Ok(());
    }
    if !accounts.is_object() && !accounts.is_array() {
        return Err(document_error(format!(
            "Type of '{}' must be a list or dictionary",
            python_str(accounts)
        )));
    }
    let principals = Value::Array(as_list(accounts));
    document.insert("Version".into(), json!("2012-10-17"));
    let new = Value::Object(statement(effect, resources, json!({ "AWS": principals })));
    match document.get("Statement") {
        None | Some(Value::Null) => {
            document.insert("Statement".into(), new);
        }
        Some(existing) => {
            let mut existing = as_list(existing);
            existing.push(new);
            document.insert("Statement".into(), Value::Array(existing));
        }
    }
    Ok(())
}

/// An allow statement for everyone and a deny statement under `conditional` on the IP
/// ranges.
fn add_ip_statements(
    document: &mut Map<String, Value>,
    ranges: &Value,
    conditional: &str,
    resources: &[Value],
) {
    if !truthy(ranges) {
        return;
    }
    let ranges = Value::Array(as_list(ranges));
    let condition = json!({ conditional: {"aws:SourceIp": ranges} });
    add_allow_and_deny(document, resources, condition);
}

/// An allow statement for everyone and a deny statement under `conditional` on the
/// VPCs (`vpc-...`) and VPC endpoints (`vpce-...`); nothing when both lists are empty.
fn add_vpc_statements(
    document: &mut Map<String, Value>,
    [strings, vpcs, vpces]: [Option<&Value>; 3],
    conditional: &str,
    resources: &[Value],
) {
    let mut source_vpc: Option<Vec<Value>> = None;
    let mut source_vpce: Option<Vec<Value>> = None;
    if let Some(strings) = strings {
        let endpoints = iterated(strings);
        let vpc: Vec<Value> = endpoints
            .iter()
            .filter(|e| e.as_str().is_some_and(|e| e.starts_with("vpc-")))
            .cloned()
            .collect();
        let vpce: Vec<Value> = endpoints
            .iter()
            .filter(|e| e.as_str().is_some_and(|e| e.starts_with("vpce-")))
            .cloned()
            .collect();
        if !vpc.is_empty() {
            source_vpc.get_or_insert_with(Vec::new).extend(vpc);
        }
        if !vpce.is_empty() {
            source_vpce.get_or_insert_with(Vec::new).extend(vpce);
        }
    }
    if let Some(vpcs) = vpcs {
        source_vpc
            .get_or_insert_with(Vec::new)
            .extend(iterated(vpcs));
    }
    if let Some(vpces) = vpces {
        source_vpce
            .get_or_insert_with(Vec::new)
            .extend(iterated(vpces));
    }
    let empty = |list: &Option<Vec<Value>>| list.as_ref().is_none_or(Vec::is_empty);
    if empty(&source_vpc) && empty(&source_vpce) {
        return;
    }
    let mut condition = Map::new();
    if let Some(vpc) = source_vpc {
        condition.insert("aws:SourceVpc".into(), Value::Array(vpc));
    }
    if let Some(vpce) = source_vpce {
        condition.insert("aws:SourceVpce".into(), Value::Array(vpce));
    }
    add_allow_and_deny(document, resources, json!({ conditional: condition }));
}

fn add_allow_and_deny(document: &mut Map<String, Value>, resources: &[Value], condition: Value) {
    document.insert("Version".into(), json!("2012-10-17"));
    let allow = Value::Object(statement("Allow", resources, json!("*")));
    let mut deny = statement("Deny", resources, json!("*"));
    deny.insert("Condition".into(), condition);
    let deny = Value::Object(deny);
    let mut statements = match document.get("Statement") {
        None | Some(Value::Null) => Vec::new(),
        Some(existing) => as_list(existing),
    };
    for new in [allow, deny] {
        if !statements.contains(&new) {
            statements.push(new);
        }
    }
    document.insert("Statement".into(), Value::Array(statements));
}

/// What Python's iteration of a value yields: a list's items, a mapping's keys, a
/// string's characters.
fn iterated(value: &Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items.clone(),
        Value::Object(map) => map.keys().map(|key| json!(key)).collect(),
        Value::String(text) => text.chars().map(|c| json!(c.to_string())).collect(),
        other => vec![other.clone()],
    }
}

/// `SourceVpc*` lists hold only literal strings (intrinsics go in `IntrinsicVpc*`).
fn is_list_of_strings(value: Option<&Value>) -> bool {
    match value {
        None => true,
        Some(Value::Array(items)) => items.iter().all(Value::is_string),
        Some(Value::Object(_) | Value::String(_)) => true,
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body() -> Value {
        json!({"swagger": "2.0", "paths": {"/items/{id}": {"get": {}, "x-amazon-apigateway-any-method": {}}}})
    }

    #[test]
    fn an_account_list_is_one_statement_over_every_method_of_the_path() {
        let mut swagger = body();
        add(
            &mut swagger,
            &json!({"AwsAccountWhitelist": "123"}),
            "/items/{id}",
            &json!("prod"),
        )
        .unwrap_err();
        add(
            &mut swagger,
            &json!({"AwsAccountWhitelist": ["123"]}),
            "/items/{id}",
            &json!("prod"),
        )
        .unwrap();
        let resource = |method: &str| json!({"Fn::Sub": [format!("execute-api:/${{__Stage__}}/{method}/items/*"), {"__Stage__": "prod"}]});
        assert_eq!(
            swagger[POLICY],
            json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "execute-api:Invoke",
                "Resource": [resource("GET"), resource("*")], "Principal": {"AWS": ["123"]}}})
        );
    }

    #[test]
    fn empty_vpc_lists_add_nothing_and_unresolved_ones_are_refused() {
        let mut swagger = body();
        add(
            &mut swagger,
            &json!({"SourceVpcWhitelist": []}),
            "/items/{id}",
            &json!("s"),
        )
        .unwrap();
        assert_eq!(swagger[POLICY], json!({}));
        let error = add(
            &mut swagger,
            &json!({"SourceVpcBlacklist": [{"Ref": "Vpc"}]}),
            "/items/{id}",
            &json!("s"),
        )
        .unwrap_err();
        assert!(error.message.ends_with(
            "SourceVpcBlacklist must be a list of strings. Use IntrinsicVpcBlacklist instead for values that use Intrinsic Functions"
        ));
    }

    #[test]
    fn custom_statements_are_added_once() {
        let mut swagger = body();
        let statement = json!({"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"});
        add_custom_statements(&mut swagger, &statement);
        add_custom_statements(&mut swagger, &json!([statement.clone()]));
        assert_eq!(swagger[POLICY]["Statement"], json!([statement]));
    }
}
