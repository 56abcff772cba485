//! `AWS::ApiGateway::Model`: a JSON Schema (draft 4) a method's request body may be
//! validated against, named by the method's `RequestModels`.

use serde_json::Value;
use store::model::ResourceModel;
use store::model::apigateway::Model;

use super::lookup;
use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, Provisioned};

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let rest_api_id = props.required_string("RestApiId")?;
    lookup::rest_api(request, &rest_api_id)?;
    let name = match props.string("Name")? {
        Some(name) => name,
        // Unconfirmed: the name CloudFormation generates for a Model; gantry makes an
        // alphanumeric one, as model names must be (aws-rest-api.md §10).
        None => request.physical_id_or(|| {
            request
                .ids
                .physical_name(&request.stack.stack_name, request.logical_id, 64)
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect()
        }),
    };
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(ProviderError::invalid(
            "Name",
            format!("must be letters and digits only, found {name:?}"),
        ));
    }
    let model = Model {
        rest_api_id,
        name: name.clone(),
        content_type: props.string("ContentType")?,
        schema: schema(props.value("Schema"))?,
    };
    Ok(Provisioned::new(name, ResourceModel::RestModel(model)))
}

/// `Schema`: an object, or the same as JSON text.
fn schema(value: Option<&Value>) -> Result<Option<Value>, ProviderError> {
    match value {
        None => Ok(None),
        Some(Value::String(text)) => serde_json::from_str(text).map(Some).map_err(|e| {
            ProviderError::invalid(
                "Schema",
                format!("must be a JSON Schema (object or JSON text): {e}"),
            )
        }),
        Some(object @ Value::Object(_)) => Ok(Some(object.clone())),
        Some(_) => Err(ProviderError::invalid(
            "Schema",
            "must be a JSON Schema (object or JSON text)",
        )),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn schemas_are_objects_or_json_text() {
        let text = json!("{\"type\":\"object\"}");
        assert_eq!(
            schema(Some(&text)).unwrap(),
            Some(json!({"type": "object"}))
        );
        assert!(schema(Some(&json!("{not json"))).is_err());
        assert!(schema(Some(&json!([1]))).is_err());
    }
}
