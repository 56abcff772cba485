//! The Swagger 2.0 / OpenAPI 3 definition of an `AWS::ApiGateway::RestApi`: `Body`, or
//! the local file that stands for `BodyS3Location` (read as for HTTP APIs), imported with
//! the RestApi's import properties (`Parameters`, `FailOnWarnings`), aws-rest-api.md §9.2.

use store::model::apigateway::ImportedRestDefinition;

use super::super::openapi::{self, ApiSettings, BasePath, ImportRequest};
use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, ProviderWarning};
use crate::providers::apigatewayv2::api_definition::{import_warnings, read_definition};

/// An imported definition, ready to go into the RestApi.
#[derive(Debug)]
pub(crate) struct Definition {
    pub(crate) imported: ImportedRestDefinition,
    pub(crate) settings: ApiSettings,
    /// `info.title`.
    pub(crate) title: Option<String>,
    /// Deploy warnings: every member the import left out, by JSON path.
    pub(crate) warnings: Vec<ProviderWarning>,
}

/// The import parameters (`Parameters`) API Gateway reads; `basepath` is honoured, the
/// others change nothing locally.
const BASEPATH: &str = "basepath";
const NO_LOCAL_EFFECT_PARAMETERS: &[&str] = &["endpointConfigurationTypes", "ignore"];

/// Imports the RestApi's definition, if it has one. `previous` is the last import, whose
/// ids are kept.
pub(crate) fn import(
    props: &Properties<'_>,
    request: &ProviderRequest<'_>,
    rest_api_id: &str,
    root_resource_id: &str,
    previous: Option<&ImportedRestDefinition>,
) -> Result<Option<Definition>, ProviderError> {
    let Some((root, document)) = read_definition(props, request)? else {
        return Ok(None);
    };
    let mut warnings = Vec::new();
    let base_path = parameters(props, &mut warnings)?;
    let import_request = ImportRequest {
        rest_api_id,
        root_resource_id,
        root,
        previous,
        ids: request.ids,
        base_path,
    };
    let imported = openapi::import(&document, &import_request)
        .map_err(|e| ProviderError::invalid(&e.path, e.message))?;
    // The data plane knows the gateway response types (aws-rest-api.md §7.1).
    for response in &imported.definition.gateway_responses {
        request
            .checks
            .check_gateway_response_type(&response.response_type)
            .map_err(|note| {
                ProviderError::invalid(
                    &format!(
                        "{root}.x-amazon-apigateway-gateway-responses.{}",
                        response.response_type
                    ),
                    note.message,
                )
            })?;
    }
    warnings.extend(import_warnings(props, &imported.notes, "definition")?);
    Ok(Some(Definition {
        imported: imported.definition,
        settings: imported.settings,
        title: imported.title,
        warnings,
    }))
}

/// `Parameters`: `basepath` (`ignore`, `prepend`, `split`; `ignore` when absent).
fn parameters(
    props: &Properties<'_>,
    warnings: &mut Vec<ProviderWarning>,
) -> Result<BasePath, ProviderError> {
    let parameters = props.string_map("Parameters")?;
    let mut base_path = BasePath::Ignore;
    for (name, value) in &parameters {
        let property = format!("Parameters.{name}");
        if name == BASEPATH {
            base_path = match value.as_str() {
                "ignore" => BasePath::Ignore,
                "prepend" => BasePath::Prepend,
                "split" => BasePath::Split,
                other => {
                    return Err(ProviderError::invalid(
                        &property,
                        format!("must be ignore, prepend or split, found {other:?}"),
                    ));
                }
            };
        } else if !NO_LOCAL_EFFECT_PARAMETERS.contains(&name.as_str()) {
            warnings.push(ProviderWarning::property(
                property,
                "is not an import parameter gantry reads (basepath, endpointConfigurationTypes, ignore); it is ignored",
            ));
        }
    }
    Ok(base_path)
}
