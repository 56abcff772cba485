//! `AWS::SSM::Parameter`: a parameter in gantry's local parameter store (cdk.md §5.2).
//!
//! `Ref` is the name; `Fn::GetAtt` gives `Type` and `Value`. What CloudFormation does not
//! allow (a `SecureString`) is refused; what gantry does not apply (tiers, policies,
//! `AllowedPattern`, `DataType`, tags) is named by the coverage table.

use store::model::ResourceModel;
use store::model::ssm::SsmParameter;

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

/// The parameter types CloudFormation creates.
const STRING: &str = "String";
const STRING_LIST: &str = "StringList";
const SECURE_STRING: &str = "SecureString";

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let parameter_type = props.required_string("Type")?;
    match parameter_type.as_str() {
        STRING | STRING_LIST => {}
        SECURE_STRING => {
            return Err(ProviderError::invalid(
                "Type",
                "SecureString is not supported by CloudFormation (AWS::SSM::Parameter creates String and StringList parameters); create the SecureString outside the stack, or use String",
            ));
        }
        other => {
            return Err(ProviderError::invalid(
                "Type",
                format!("must be String or StringList, found {other:?}"),
            ));
        }
    }
    let value = props.required_string("Value")?;
    if value.is_empty() {
        return Err(ProviderError::invalid("Value", "must not be empty"));
    }
    let name = match props.string("Name")? {
        Some(name) if name.is_empty() => {
            return Err(ProviderError::invalid("Name", "must not be empty"));
        }
        Some(name) => name,
        None => request.physical_id_or(|| request.ids.ssm_parameter_name(request.logical_id)),
    };
    let parameter = SsmParameter {
        name: name.clone(),
        parameter_type: parameter_type.clone(),
        value: value.clone(),
        description: props.string("Description")?,
    };
    Ok(
        Provisioned::new(name, ResourceModel::SsmParameter(parameter))
            .attribute("Type", parameter_type)
            .attribute("Value", value),
    )
}
