//! `AWS::ApiGateway::Method`: an HTTP method of a REST API resource, its authorization,
//! its API key requirement, its request declarations and its integration
//! (`method/integration.rs`, where the integrations gantry cannot serve are refused).

use store::model::ResourceModel;
use store::model::apigateway::{Method, MethodAuthorizationType, RestApi};

use super::lookup;
use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, ProviderWarning, Provisioned};

mod integration;

pub(crate) use integration::is_lambda_invocations_uri;

/// `HttpMethod` values API Gateway accepts; `ANY` matches every method (aws-rest-api.md §1.3).
const HTTP_METHODS: &[&str] = &[
    "ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT",
];

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    let rest_api_id = props.required_string("RestApiId")?;
    let resource_id = props.required_string("ResourceId")?;
    let http_method = http_method(&props.required_string("HttpMethod")?)?;
    let api = lookup::rest_api(request, &rest_api_id)?;
    let resource_path = lookup::resource(request, api, &resource_id, "ResourceId")?
        .path()
        .to_owned();
    let label = lookup::method_label(&http_method, &resource_path);
    let authorization_type = props
        .enumerated("AuthorizationType")?
        .unwrap_or(MethodAuthorizationType::None);
    let authorizer_id = props.string("AuthorizerId")?;
    check_authorizer(authorization_type, authorizer_id.as_deref(), &label)?;
    if let Some(id) = &authorizer_id
        && !lookup::has_authorizer(request, api, id)
    {
        return Err(ProviderError::invalid(
            "AuthorizerId",
            format!(
                "of {label} names no authorizer of RestApi {rest_api_id} ({id:?}): AWS answers \
                 \"Invalid authorizer ID specified\"; use !Ref of an AWS::ApiGateway::Authorizer of \
                 the same API"
            ),
        ));
    }
    let mut warnings = Vec::new();
    let integration = props
        .object("Integration")?
        .map(|integration| integration::read(&integration, &label, &mut warnings))
        .transpose()?;
    let method = Method {
        rest_api_id,
        resource_id,
        resource_path,
        http_method,
        authorization_type,
        authorizer_id,
        authorization_scopes: props.strings("AuthorizationScopes")?,
        api_key_required: props.bool("ApiKeyRequired")?.unwrap_or(false),
        operation_name: props.string("OperationName")?,
        request_validator_id: props.string("RequestValidatorId")?,
        request_parameters: props.bool_map("RequestParameters")?,
        request_models: props.string_map("RequestModels")?,
        method_responses: method_responses(&props)?,
        integration,
    };
    check_unique(request, api, &method, &label)?;
    if method.integration.is_none() {
        warnings.push(ProviderWarning::resource(format!(
            "{label} has no Integration: AWS refuses to deploy an API with such a method \
             (\"No integration defined for method\"), and so does gantry's Deployment"
        )));
    }
    // Unconfirmed: AWS documents a Method's Ref as a "method ID" shaped like a generated
    // name (`mysta-metho-01234b567890example`); gantry returns such a name (aws-rest-api.md §10).
    let physical_id = request.generated_name(64);
    Ok(Provisioned::new(physical_id, ResourceModel::RestMethod(method)).warnings(warnings))
}

/// `HttpMethod`, upper-cased as API Gateway stores it.
fn http_method(given: &str) -> Result<String, ProviderError> {
    let upper = given.to_ascii_uppercase();
    if HTTP_METHODS.contains(&upper.as_str()) {
        Ok(upper)
    } else {
        Err(ProviderError::invalid(
            "HttpMethod",
            format!(
                "must be one of {}, found {given:?}",
                HTTP_METHODS.join(", ")
            ),
        ))
    }
}

/// `CUSTOM` and `COGNITO_USER_POOLS` need an authorizer; without one AWS refuses the
/// A resource has each method once: declared by a `Method` resource or imported from the
/// RestApi's definition (`Body`), never both (AWS's PutMethod answers "Method already
/// exists for this resource").
fn check_unique(
    request: &ProviderRequest<'_>,
    api: &RestApi,
    method: &Method,
    label: &str,
) -> Result<(), ProviderError> {
    let same = |other: &Method| {
        other.resource_id == method.resource_id && other.http_method == method.http_method
    };
    if api.imported.iter().flat_map(|i| &i.methods).any(same) {
        return Err(ProviderError::invalid(
            "HttpMethod",
            format!(
                "{label}: Method already exists for this resource: the RestApi's Body defines {label} too; keep one of them"
            ),
        ));
    }
    let declared = request
        .deployed
        .values()
        .find_map(|record| match &record.model {
            ResourceModel::RestMethod(other)
                if other.rest_api_id == method.rest_api_id && same(other) =>
            {
                Some(&record.logical_id)
            }
            _ => None,
        });
    match declared {
        Some(other) => Err(ProviderError::invalid(
            "HttpMethod",
            format!(
                "{label}: Method already exists for this resource: {other} declares {label} too; keep one of them"
            ),
        )),
        None => Ok(()),
    }
}

/// method, and serving it open would let every caller in.
fn check_authorizer(
    authorization_type: MethodAuthorizationType,
    authorizer_id: Option<&str>,
    label: &str,
) -> Result<(), ProviderError> {
    let needs_authorizer = matches!(
        authorization_type,
        MethodAuthorizationType::Custom | MethodAuthorizationType::CognitoUserPools
    );
    if needs_authorizer && authorizer_id.is_none() {
        return Err(ProviderError::invalid(
            "AuthorizerId",
            format!(
                "is required on {label}: AuthorizationType {authorization_type} names the \
                 authorizer in AuthorizerId (!Ref of an AWS::ApiGateway::Authorizer)"
            ),
        ));
    }
    Ok(())
}

/// `MethodResponses`: status code → `method.response.header.X` → required.
fn method_responses(
    props: &Properties<'_>,
) -> Result<
    std::collections::BTreeMap<String, std::collections::BTreeMap<String, bool>>,
    ProviderError,
> {
    props
        .objects("MethodResponses")?
        .into_iter()
        .map(|(path, response)| {
            let status = response
                .required_string("StatusCode")
                .map_err(|e| e.within(&path))?;
            let parameters = response
                .bool_map("ResponseParameters")
                .map_err(|e| e.within(&path))?;
            Ok((status, parameters))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_are_upper_cased_and_checked() {
        assert_eq!(http_method("get").unwrap(), "GET");
        assert_eq!(http_method("ANY").unwrap(), "ANY");
        let err = http_method("FETCH").unwrap_err().to_string();
        assert!(
            err.contains("Properties.HttpMethod") && err.contains("\"FETCH\""),
            "{err}"
        );
    }

    #[test]
    fn a_custom_method_without_authorizer_is_refused_naming_it() {
        let err = check_authorizer(MethodAuthorizationType::Custom, None, "GET /pets")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("AuthorizerId") && err.contains("GET /pets"),
            "{err}"
        );
        assert!(check_authorizer(MethodAuthorizationType::None, None, "GET /").is_ok());
    }
}
