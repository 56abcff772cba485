//! The execution role SAM generates for a function without `Role` (`<Fn>Role`): the
//! Lambda trust policy, AWS's basic execution policy and those its features need
//! (X-Ray, VPC), and every entry of `Policies`.

use serde_json::{Map, Value, json};

use super::policies::{self, PolicyKind};
use crate::intrinsics::{get_att, is_no_value, resolve_parameter_refs};
use crate::template::Template;

/// What the role is built from, besides the function's SAM properties.
pub(crate) struct RoleInputs<'p> {
    /// The SAM function's properties (nulls removed, templates expanded).
    pub(crate) properties: &'p Map<String, Value>,
    /// Inline policies other features need (`DeadLetterQueuePolicy`, destinations).
    pub(crate) policy_documents: Vec<Value>,
    /// `Tags` of the role (the function's tag list).
    pub(crate) tags: Vec<Value>,
}

/// Why a role cannot be built.
pub(crate) enum RoleError {
    /// About the resource (`Resource with id [Fn] is invalid. ...`).
    Resource(String),
    /// About the template's structure (a malformed or mixed `Fn::If` in `Policies`).
    Structure(String),
}

/// The `AWS::IAM::Role` resource's `Properties` for function `logical_id`.
pub(crate) fn role_properties(
    template: &Template<'_>,
    logical_id: &str,
    inputs: RoleInputs<'_>,
) -> Result<Map<String, Value>, RoleError> {
    let properties = inputs.properties;
    let partition = template.options.partition();
    let role_id = format!("{logical_id}Role");
    let mut managed_policy_arns = feature_managed_policies(template, properties);
    let mut policy_documents = inputs.policy_documents;
    for (index, policy) in policies::entries(properties.get("Policies"))
        .into_iter()
        .enumerate()
    {
        match policies::kind(&policy, false).map_err(RoleError::Structure)? {
            PolicyKind::Statement => {
                let named = |document: &Value| json!({"PolicyName": format!("{role_id}Policy{index}"), "PolicyDocument": document});
                policy_documents.push(map_if_branches(&policy, |v| !is_no_value(v), named));
            }
            PolicyKind::Managed => {
                let arn = match &policy {
                    Value::String(name) => json!(policies::managed_policy_arn(name, partition)),
                    other if policies::if_branches(other).is_none() => other.clone(),
                    other => map_if_branches(
                        other,
                        |v| v.is_string() && !is_no_value(v),
                        |v| {
                            json!(policies::managed_policy_arn(
                                v.as_str().unwrap_or_default(),
                                partition
                            ))
                        },
                    ),
                };
                if !managed_policy_arns.contains(&arn) {
                    managed_policy_arns.push(arn);
                }
            }
            PolicyKind::Template | PolicyKind::Unknown => {
                return Err(RoleError::Resource(format!(
                    "Policy at index {index} in the 'Policies' property is not valid"
                )));
            }
        }
    }
    let mut role = Map::new();
    role.insert(
        "AssumeRolePolicyDocument".to_owned(),
        properties
            .get("AssumeRolePolicyDocument")
            .cloned()
            .unwrap_or_else(lambda_trust_policy),
    );
    role.insert(
        "ManagedPolicyArns".to_owned(),
        Value::Array(managed_policy_arns),
    );
    if !policy_documents.is_empty() {
        role.insert("Policies".to_owned(), Value::Array(policy_documents));
    }
    for (from, to) in [
        ("RolePath", "Path"),
        ("PermissionsBoundary", "PermissionsBoundary"),
    ] {
        if let Some(value) = properties.get(from) {
            role.insert(to.to_owned(), value.clone());
        }
    }
    role.insert("Tags".to_owned(), Value::Array(inputs.tags));
    Ok(role)
}

/// The role resource itself, with the SAM function's pass-through attributes.
pub(crate) fn role_resource(role: Map<String, Value>, attributes: &Map<String, Value>) -> Value {
    let mut resource = Map::new();
    resource.insert("Type".to_owned(), json!("AWS::IAM::Role"));
    resource.extend(attributes.clone());
    resource.insert("Properties".to_owned(), Value::Object(role));
    Value::Object(resource)
}

/// `{"Fn::GetAtt": [<Fn>Role, Arn]}`.
pub(crate) fn role_arn(logical_id: &str) -> Value {
    get_att(&format!("{logical_id}Role"), "Arn")
}

/// AWS's managed policies the function's features need: basic execution (durable
/// execution for durable functions), X-Ray when tracing, VPC access in a VPC.
fn feature_managed_policies(
    template: &Template<'_>,
    properties: &Map<String, Value>,
) -> Vec<Value> {
    let partition = template.options.partition();
    let aws_policy = |name: &str| json!(format!("arn:{partition}:iam::aws:policy/{name}"));
    let mut arns = vec![if properties.contains_key("DurableConfig") {
        aws_policy("service-role/AWSLambdaBasicDurableExecutionRolePolicy")
    } else {
        aws_policy("service-role/AWSLambdaBasicExecutionRole")
    }];
    if is_tracing(template, properties) {
        arns.push(aws_policy(if partition == "aws" {
            "AWSXrayWriteOnlyAccess"
        } else {
            "AWSXRayDaemonWriteAccess"
        }));
    }
    if properties
        .get("VpcConfig")
        .is_some_and(|vpc| !super::code::is_python_falsy(vpc))
    {
        arns.push(aws_policy("service-role/AWSLambdaVPCAccessExecutionRole"));
    }
    arns
}

/// Whether `Tracing` is set to anything but `Disabled` (after parameter values).
pub(crate) fn is_tracing(template: &Template<'_>, properties: &Map<String, Value>) -> bool {
    properties.get("Tracing").is_some_and(|tracing| {
        !super::code::is_python_falsy(tracing)
            && resolve_parameter_refs(tracing, &template.parameters) != json!("Disabled")
    })
}

/// The trust policy that lets Lambda assume the role.
pub(crate) fn lambda_trust_policy() -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Action": ["sts:AssumeRole"],
            "Effect": "Allow",
            "Principal": {"Service": ["lambda.amazonaws.com"]}
        }]
    })
}

/// `value` converted by `convert`, or, for a `Fn::If`, each branch `applies` to
/// converted and the rest kept.
fn map_if_branches(
    value: &Value,
    applies: impl Fn(&Value) -> bool,
    convert: impl Fn(&Value) -> Value,
) -> Value {
    match policies::if_branches(value) {
        Some(Ok((condition, then, otherwise))) => {
            let branch = |v: &Value| if applies(v) { convert(v) } else { v.clone() };
            json!({"Fn::If": [condition, branch(then), branch(otherwise)]})
        }
        _ => convert(value),
    }
}

/// Which role the function uses.
pub(crate) enum Choice {
    /// The user's `Role`; SAM generates none.
    UserRole(Value),
    /// SAM's generated role: the function's `Role` value, and the role's `Condition` when
    /// a `Fn::If` in `Role` asks for it only on one branch.
    Generated {
        function_role: Value,
        condition: Option<String>,
    },
}

/// The role of function `logical_id` given its `Role` property: none means SAM's; a
/// `Fn::If` with `AWS::NoValue` on a branch means SAM's on that branch (for the else
/// branch the role gets a new `NOT<condition>` condition, added to `Conditions`).
pub(crate) fn choose(
    template: &mut Template<'_>,
    logical_id: &str,
    role: Option<&Value>,
) -> Result<Choice, String> {
    let generated_arn = role_arn(logical_id);
    let Some(role) = role else {
        return Ok(Choice::Generated {
            function_role: generated_arn,
            condition: None,
        });
    };
    if policies::if_branches(role).is_none() {
        return Ok(Choice::UserRole(role.clone()));
    }
    let resolved = resolve_parameter_refs(role, &template.parameters);
    let (condition, then, otherwise) = match policies::if_branches(&resolved) {
        Some(Ok(branches)) => branches,
        Some(Err(message)) => return Err(format!("Malformed 'Role' property: {message}.")),
        None => return Ok(Choice::UserRole(role.clone())),
    };
    let condition_name = condition.as_str().unwrap_or_default().to_owned();
    Ok(match (is_no_value(then), is_no_value(otherwise)) {
        (true, true) => Choice::Generated {
            function_role: generated_arn,
            condition: None,
        },
        (true, false) => Choice::Generated {
            function_role: json!({"Fn::If": [condition, generated_arn, otherwise]}),
            condition: Some(condition_name),
        },
        (false, true) => {
            let negated = format!("NOT{condition_name}");
            add_condition(
                template,
                &negated,
                json!({"Fn::Not": [{"Condition": condition_name}]}),
            );
            Choice::Generated {
                function_role: json!({"Fn::If": [condition, then, generated_arn]}),
                condition: Some(negated),
            }
        }
        (false, false) => Choice::UserRole(role.clone()),
    })
}

/// Adds condition `name` to the template's `Conditions`.
pub(crate) fn add_condition(template: &mut Template<'_>, name: &str, condition: Value) {
    let conditions = template
        .document
        .entry("Conditions")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(conditions) = conditions {
        conditions.insert(name.to_owned(), condition);
    }
}
