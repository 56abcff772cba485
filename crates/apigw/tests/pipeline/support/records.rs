//! The store records both pipeline beds (HTTP API and REST API) build stacks from: the
//! stack, any resource, and the Lambda function and permission every stack needs.

use std::collections::BTreeMap;

use serde_json::json;
use store::model::{Code, Function, Permission, ResourceModel};
use store::{ResourceRecord, StackRecord, StackStatus};

/// A resource as the deploy engine stores it; the logical id is the physical id without
/// `$` and `-`.
pub(crate) fn resource_record(
    resource_type: &str,
    physical_id: &str,
    model: ResourceModel,
) -> ResourceRecord {
    ResourceRecord {
        logical_id: physical_id.replace(['$', '-'], ""),
        resource_type: resource_type.to_owned(),
        physical_id: physical_id.to_owned(),
        properties: json!({}),
        attributes: BTreeMap::new(),
        model,
    }
}

/// A Node.js function `name` (never run: the fake function answers for it).
pub(crate) fn function_record(
    name: &str,
    function_arn: String,
    role_arn: String,
) -> ResourceRecord {
    let function = Function::zip(
        format!("{name}Function"),
        name,
        function_arn,
        role_arn,
        "nodejs22.x",
        Code::Inline {
            zip_file: "exports.handler = async () => ({ statusCode: 200 });".to_owned(),
        },
    );
    resource_record(
        "AWS::Lambda::Function",
        name,
        ResourceModel::Function(function),
    )
}

/// `AWS::Lambda::Permission` `statement_id` for `apigateway.amazonaws.com` to invoke
/// `function`, from `source_arn` when given.
pub(crate) fn permission_record(
    statement_id: &str,
    function: &str,
    source_arn: Option<&str>,
) -> ResourceRecord {
    let permission = Permission {
        statement_id: statement_id.to_owned(),
        function_name: function.to_owned(),
        action: "lambda:InvokeFunction".to_owned(),
        principal: "apigateway.amazonaws.com".to_owned(),
        source_arn: source_arn.map(str::to_owned),
        source_account: None,
        invoked_via_function_url: false,
    };
    resource_record(
        "AWS::Lambda::Permission",
        statement_id,
        ResourceModel::Permission(permission),
    )
}

/// A created stack `name` holding `resources`, as the store hands it to `compile`.
pub(crate) fn stack_record(
    name: &str,
    region: &str,
    account: &str,
    resources: Vec<ResourceRecord>,
) -> StackRecord {
    StackRecord {
        name: name.to_owned(),
        stack_id: format!(
            "arn:aws:cloudformation:{region}:{account}:stack/{name}/00000000-0000-4000-8000-000000000000"
        ),
        region: region.to_owned(),
        account_id: account.to_owned(),
        partition: "aws".to_owned(),
        status: StackStatus::CreateComplete,
        template_path: "template.yaml".to_owned(),
        template_body: String::new(),
        parameters: BTreeMap::new(),
        outputs: Vec::new(),
        resources,
        updated_at: 0,
    }
}
