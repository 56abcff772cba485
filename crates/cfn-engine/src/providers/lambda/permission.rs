//! `AWS::Lambda::Permission`.

use store::model::{Permission, ResourceModel};

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

/// Lambda's limit on statement ids.
const MAX_STATEMENT_ID_LEN: usize = 100;

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let statement_id = request.generated_name(MAX_STATEMENT_ID_LEN);
    let permission = Permission {
        statement_id: statement_id.clone(),
        function_name: props.required_string("FunctionName")?,
        action: props.required_string("Action")?,
        principal: props.required_string("Principal")?,
        source_arn: props.string("SourceArn")?,
        source_account: props.string("SourceAccount")?,
        invoked_via_function_url: props.bool("InvokedViaFunctionUrl")?.unwrap_or(false),
    };
    Ok(
        Provisioned::new(statement_id.clone(), ResourceModel::Permission(permission))
            .attribute("Id", statement_id),
    )
}
