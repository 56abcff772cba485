//! `AWS::Lambda::Function`.

use store::model::{Function, ResourceModel};

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

/// Lambda's limit on function names.
const MAX_NAME_LEN: usize = 64;

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    props.required_string("Role")?;
    let function_name = match props.string("FunctionName")? {
        Some(name) => name,
        None => request.generated_name(MAX_NAME_LEN),
    };
    let function_arn = format!(
        "arn:{}:lambda:{}:{}:function:{function_name}",
        request.stack.partition, request.stack.region, request.stack.account_id
    );
    let function = Function {
        logical_id: request.logical_id.to_owned(),
        function_name: function_name.clone(),
        function_arn: function_arn.clone(),
        properties: request.properties.clone(),
        metadata: request.metadata.clone(),
        template_dir: request.stack.template_dir.clone(),
    };
    let warnings = request
        .checks
        .check_function(&function)
        .map_err(ProviderError::CheckFailed)?;
    let mut provisioned = Provisioned::new(function_name, ResourceModel::Function(function))
        .attribute("Arn", function_arn);
    for warning in warnings {
        provisioned = provisioned.warning(warning);
    }
    Ok(provisioned)
}
